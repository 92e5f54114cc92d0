#pragma once

// Lane-by-lane operations the functors and kernels are written in, for plain values and for
// xsimd batches, each with the exact NaN and signed-zero behaviour simdact's contracts need. All
// are force-inlined: as symbols they would be shared by files compiled for different instruction
// sets. An
// architecture with a faster instruction for one (arch/traits.hpp) gets it here; the portable
// form is the reference it must match bit for bit.

#include "arch/neon.hpp"
#include "arch/traits.hpp"
#include "arch/x86.hpp"
#include "config.hpp"
#include "xsimd_compat.hpp"

#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>

namespace simdact::detail {

// condition ? if_true : if_false, lane by lane.
template <class T>
SIMDACT_INLINE constexpr T if_else(bool condition, T if_true, T if_false) noexcept {
  return condition ? if_true : if_false;
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> if_else(const xsimd::batch_bool<T, A>& condition,
                                          const xsimd::batch<T, A>& if_true,
                                          const xsimd::batch<T, A>& if_false) noexcept {
  return xsimd::select(condition, if_true, if_false);
}

// limit where x < limit, else x: NaN stays NaN, and so does -0 against a limit of +0. (xsimd::max
// can differ: its NaN behaviour changed between versions.)
template <class T> SIMDACT_INLINE constexpr T at_least(T x, T limit) noexcept {
  return x < limit ? limit : x;
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> at_least(const xsimd::batch<T, A>& x,
                                           const xsimd::batch<T, A>& limit) noexcept {
#if XSIMD_WITH_SSE2 // x86::max exists only where the translation unit targets x86
  if constexpr (has_ordered_max_v<A>) {
    using R = typename xsimd::batch<T, A>::register_type;
    return x86::max(static_cast<R>(limit), static_cast<R>(x));
  }
#endif
  return xsimd::select(x < limit, limit, x);
}

// !(x < y) and !(x > y), true where either is NaN.
template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> not_less(const xsimd::batch<T, A>& x,
                                                const xsimd::batch<T, A>& y) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (has_mask_registers_v<A>) {
    return x86::not_less(x, y);
  }
#endif
  return !(x < y);
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> not_greater(const xsimd::batch<T, A>& x,
                                                   const xsimd::batch<T, A>& y) noexcept {
  return not_less(y, x);
}

// 0 < slope <= 1, lane by lane (NaN fails): then x * slope lies between x and 0 for every x, and
// x > 0 ? x : x * slope is the larger of the two (the max form of leaky_relu and PReLU).
template <class T> SIMDACT_INLINE constexpr bool is_shallow_slope(T slope) noexcept {
  return slope > T(0) && slope <= T(1);
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> is_shallow_slope(const xsimd::batch<T, A>& slope) noexcept {
  return (slope > xsimd::batch<T, A>(T(0))) & (slope <= xsimd::batch<T, A>(T(1)));
}

// x > 0 ? when_positive : otherwise, lane by lane; NaN takes otherwise. With mask registers it is
// written as "not x > 0", which lets the compiler merge the select into the instruction computing
// otherwise (a masked multiply, say); elsewhere as x > 0, since xsimd's "not" on a mask costs
// several instructions there.
template <class T>
SIMDACT_INLINE constexpr T if_positive(T x, T when_positive, T otherwise) noexcept {
  return x > T(0) ? when_positive : otherwise;
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> if_positive(const xsimd::batch<T, A>& x,
                                              const xsimd::batch<T, A>& when_positive,
                                              const xsimd::batch<T, A>& otherwise) noexcept {
  using B = xsimd::batch<T, A>;
  if constexpr (has_mask_registers_v<A>) {
    return xsimd::select(not_greater(x, B(T(0))), otherwise, when_positive);
  } else {
    return xsimd::select(x > B(T(0)), when_positive, otherwise);
  }
}

// x * 2^n for integral n held in a floating-point lane, rounded once: exact unless the result is
// subnormal, zero far below, and no integer conversion that large or infinite n could wrap. Only
// callers that check has_scalef_v use it.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> scale_by_pow2(const xsimd::batch<T, A>& x,
                                                const xsimd::batch<T, A>& n) noexcept {
  static_assert(has_scalef_v<A>, "scale_by_pow2 needs AVX-512");
#if XSIMD_WITH_AVX512F
  return x86::scalef(x, n);
#else
  return x * n; // never instantiated: the static_assert above has failed first
#endif
}

// Lane i of the result is the sum of row[i]'s lanes, for batch::size rows: the horizontal sums
// of many batches at the cost of a few.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> transposed_sums(const xsimd::batch<T, A>* row) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (has_mask_registers_v<A>) {
    return x86::transposed_sums(row);
  }
#endif
#if XSIMD_WITH_NEON64
  if constexpr (has_inline_neon_transposed_sums_v<A>) {
    return neon::transposed_sums(row);
  }
#endif
  return xsimd::haddp(row);
}

// The first count (<= batch size) elements at p, the other lanes zero; and the first count lanes
// of x stored at p. Nothing past p + count is touched. Without masked memory operations (and
// xsimd has none) they go through a buffer, which costs a library call.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> load_partial(const T* p, std::size_t count, A = {}) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (has_mask_registers_v<A>) {
    return x86::avx512_load_first(p, count);
  }
#endif
#if XSIMD_WITH_AVX2
  if constexpr (has_partial_memory_ops_v<A> && !has_mask_registers_v<A>) {
    return x86::avx2_load_first(p, count);
  }
#endif
  std::array<T, xsimd::batch<T, A>::size> buffer{};
  std::copy(p, p + count, buffer.begin());
  return xsimd::batch<T, A>::load_unaligned(buffer.data());
}

template <class T, class A>
SIMDACT_INLINE void store_partial(T* p, const xsimd::batch<T, A>& x, std::size_t count) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (has_mask_registers_v<A>) {
    x86::avx512_store_first(p, x, count);
    return;
  }
#endif
#if XSIMD_WITH_AVX2
  if constexpr (has_partial_memory_ops_v<A> && !has_mask_registers_v<A>) {
    x86::avx2_store_first(p, x, count);
    return;
  }
#endif
  std::array<T, xsimd::batch<T, A>::size> buffer;
  x.store_unaligned(buffer.data());
  std::copy(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(count), p);
}

} // namespace simdact::detail
