#pragma once

// bfloat16 and float16 arrays as batches of float, for loops of your own that fuse an activation
// with other work: the very conversions simdact's array functions use, so a fused loop gives
// the same bits as they do. Widening is exact; narrowing rounds to nearest even (NaN stays NaN,
// overflow gives infinity, subnormals are kept).
//
//   using B = xsimd::batch<float>;
//   for (; i + B::size <= n; i += B::size) {
//     const B z = simdact::load_widened(x + i) * scale + bias;
//     simdact::store_narrowed(y + i, act(z));   // act: e.g. simdact::elu<simdact::bfloat16>{}
//   }
//   // and the last n - i elements with the count overloads.

#include "bfloat16.hpp"
#include "detail/config.hpp"
#include "detail/half_convert.hpp"
#include "float16.hpp"

#include <xsimd/xsimd.hpp>

#include <cstddef>

namespace simdact {

// xsimd::batch<float, Arch>::size values at p (unaligned), as floats.
template <class Arch = xsimd::default_arch, class H>
SIMDACT_INLINE xsimd::batch<float, Arch> load_widened(const H* p) noexcept {
  return detail::widen<Arch>(p);
}
// The first count (< batch size) values at p, zeros in the other lanes; nothing past p + count
// is read.
template <class Arch = xsimd::default_arch, class H>
SIMDACT_INLINE xsimd::batch<float, Arch> load_widened(const H* p, std::size_t count) noexcept {
  return detail::widen_partial<Arch>(p, count);
}

// x rounded into batch::size values at p (unaligned).
template <class H, class Arch>
SIMDACT_INLINE void store_narrowed(H* p, const xsimd::batch<float, Arch>& x) noexcept {
  detail::narrow<Arch>(p, x);
}
// The first count (< batch size) lanes of x rounded into p; nothing past p + count is written.
template <class H, class Arch>
SIMDACT_INLINE void store_narrowed(H* p, const xsimd::batch<float, Arch>& x,
                                   std::size_t count) noexcept {
  detail::narrow_partial<Arch>(p, x, count);
}

} // namespace simdact
