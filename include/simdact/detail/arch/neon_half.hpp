#pragma once

// AArch64 parts of the 16-bit conversions (see half_convert.hpp): 16-bit lanes in and out of
// 32-bit integer lanes, and float16 converted by fcvtl/fcvtn, which round to nearest even and
// keep subnormals under the default FPCR. bfloat16 takes the integer arithmetic.

#include "../config.hpp"
#include "../xsimd_compat.hpp"

#include <cstdint>
#include <type_traits>

#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace simdact::detail {

#if defined(__aarch64__)
inline constexpr bool compiled_for_aarch64 = true;
#else
inline constexpr bool compiled_for_aarch64 = false;
#endif

template <class A>
inline constexpr bool neon_has_16bit_lanes_v = compiled_for_aarch64 &&
                                               std::is_base_of_v<xsimd::neon64, A>;

#if defined(__aarch64__)

template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> neon_load_16bit_lanes(const void* p) noexcept {
  return vreinterpretq_s32_u32(vmovl_u16(vld1_u16(static_cast<const std::uint16_t*>(p))));
}

template <class A>
SIMDACT_INLINE void neon_store_16bit_lanes(void* p,
                                           const xsimd::batch<std::int32_t, A>& x) noexcept {
  vst1_u16(static_cast<std::uint16_t*>(p), vmovn_u32(vreinterpretq_u32_s32(x)));
}

template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> neon_load_32bit_lanes(const void* p) noexcept {
  return vreinterpretq_s32_u16(vld1q_u16(static_cast<const std::uint16_t*>(p)));
}

template <class A>
SIMDACT_INLINE void neon_store_32bit_lanes(void* p,
                                           const xsimd::batch<std::int32_t, A>& x) noexcept {
  vst1q_u16(static_cast<std::uint16_t*>(p), vreinterpretq_u16_s32(x));
}

template <class A>
SIMDACT_INLINE xsimd::batch<float, A> neon_widen_float16(const void* p) noexcept {
  return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(static_cast<const std::uint16_t*>(p))));
}

template <class A>
SIMDACT_INLINE void neon_narrow_float16(void* p, const xsimd::batch<float, A>& x) noexcept {
  vst1_u16(static_cast<std::uint16_t*>(p), vreinterpret_u16_f16(vcvt_f16_f32(x)));
}

#else

template <class A> xsimd::batch<std::int32_t, A> neon_load_16bit_lanes(const void*) noexcept;
template <class A>
void neon_store_16bit_lanes(void*, const xsimd::batch<std::int32_t, A>&) noexcept;
template <class A> xsimd::batch<std::int32_t, A> neon_load_32bit_lanes(const void*) noexcept;
template <class A>
void neon_store_32bit_lanes(void*, const xsimd::batch<std::int32_t, A>&) noexcept;
template <class A> xsimd::batch<float, A> neon_widen_float16(const void*) noexcept;
template <class A> void neon_narrow_float16(void*, const xsimd::batch<float, A>&) noexcept;

#endif

} // namespace simdact::detail
