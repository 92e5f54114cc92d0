#pragma once

// AArch64 NEON intrinsics for what xsimd 8 does through calls g++ does not always inline into
// simdact's loops: bitwise casts, integer shifts (a chain of calls picking the immediate form)
// and haddp. Each gives the same bits as xsimd's version and is used behind a capability trait
// (traits.hpp) by xsimd_compat.hpp and lane_ops.hpp; nothing here is compiled unless the
// translation unit targets AArch64.

#include "traits.hpp"

#include <cstdint>

namespace simdact::detail::neon {

#if XSIMD_WITH_NEON64
SIMDACT_INLINE int32x4_t reinterpret(float32x4_t x, std::int32_t) noexcept {
  return vreinterpretq_s32_f32(x);
}
SIMDACT_INLINE float32x4_t reinterpret(int32x4_t x, float) noexcept {
  return vreinterpretq_f32_s32(x);
}
SIMDACT_INLINE int64x2_t reinterpret(float64x2_t x, std::int64_t) noexcept {
  return vreinterpretq_s64_f64(x);
}
SIMDACT_INLINE float64x2_t reinterpret(int64x2_t x, double) noexcept {
  return vreinterpretq_f64_s64(x);
}

// x's bits as lanes of To, of the same width (has_inline_neon_casts_v).
template <class To, class From, class A>
SIMDACT_INLINE xsimd::batch<To, A> bits_as(const xsimd::batch<From, A>& x) noexcept {
  static_assert(sizeof(To) == sizeof(From), "only between lanes of the same width");
  return reinterpret(static_cast<typename xsimd::batch<From, A>::register_type>(x), To{});
}

// x << bits in every lane, 0 <= bits < lane width (has_inline_neon_shifts_v): vshlq by a
// register, the same result as the immediate form xsimd reaches through its chain of calls.
template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> shift_left(const xsimd::batch<std::int32_t, A>& x,
                                                        int bits) noexcept {
  return vshlq_s32(x, vdupq_n_s32(bits));
}
template <class A>
SIMDACT_INLINE xsimd::batch<std::int64_t, A> shift_left(const xsimd::batch<std::int64_t, A>& x,
                                                        int bits) noexcept {
  return vshlq_s64(x, vdupq_n_s64(bits));
}

// x >> bits in every signed lane, arithmetic, 0 < bits < 32: vshlq by a negative count, the
// same result as xsimd's immediate vshrq.
template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> shift_right(const xsimd::batch<std::int32_t, A>& x,
                                                         int bits) noexcept {
  return vshlq_s32(x, vdupq_n_s32(-bits));
}

// Lane i is the sum of row[i]'s lanes (has_inline_neon_transposed_sums_v), added in xsimd 8's
// haddp order, for float (r0 + r2) + (r1 + r3), so that PReLU's dweight keeps its bits.
template <class A>
SIMDACT_INLINE xsimd::batch<float, A> transposed_sums(const xsimd::batch<float, A>* row) noexcept {
  auto halves = [](const xsimd::batch<float, A>& r) {
    const float32x4_t v = r;
    return vpadd_f32(vget_low_f32(v), vget_high_f32(v));
  };
  return vcombine_f32(vpadd_f32(halves(row[0]), halves(row[1])),
                      vpadd_f32(halves(row[2]), halves(row[3])));
}
template <class A>
SIMDACT_INLINE xsimd::batch<double, A>
transposed_sums(const xsimd::batch<double, A>* row) noexcept {
  return vpaddq_f64(row[0], row[1]);
}
#endif

} // namespace simdact::detail::neon
