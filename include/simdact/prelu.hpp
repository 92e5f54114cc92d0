#pragma once

// PReLU: leaky ReLU whose slope is learned, one per channel.
//
// Contract (the rules shared by every activation are in array.hpp):
//   forward     y  = x > 0 ? x : x * weight[c]        c = channel_of(i), see channel_layout
//   backward    dx = x > 0 ? dy : dy * weight[c]
//               dweight[c] = sum over channel c of weight_gradient(x, dy) = x > 0 ? 0 : x * dy
//               (a NaN x gives a NaN term). The sum starts from +0: a channel whose terms are
//               all zeros (of either sign) gives +0.
//   T: float or double. Any weights: as leaky_relu's slope.
//   Error: y and dx as leaky_relu (correctly rounded, bit-identical to the formula). dweight[c]
//   is within dweight_error<T>(terms) * (sum of |x * dy|) + terms * denorm_min of the exact sum
//   of the real products (accuracy.hpp), terms = outer * inner. It is +-inf only where that
//   exact sum lies beyond T's range, or infinite inputs give infinite terms of one sign; NaN
//   only where a term is NaN (a NaN x or dy, or 0 * inf) or infinite terms of both signs meet.
//   Limit: when dx is the very array x or dy (in place), a channel whose products or partial
//   sums overflow T may give +-inf or NaN instead (the inputs are gone when that shows).
//   Memory: forward and backward on layouts whose runs are shorter than a batch (inner below
//   the lane count: NHWC, say) may allocate scratch space (std::vector: slopes expanded to one
//   per element of a period, partial sums), and so may throw std::bad_alloc. bfloat16 and
//   float16 also allocate their slopes widened to float (one per channel), on every layout.
//   Nothing else allocates.
//   Bit-identity: y and dx are identical across instruction sets and compilers (NaN payloads
//   aside); dweight's summation order depends on the lane count, so its bits may differ
//   between instruction sets within the bound, and are the same for the same inputs, layout
//   and build.
//   Aliasing: dx may be x or dy, dweight may be weight; dweight must not overlap x, dy or dx.

#include "detail/config.hpp"
#include "detail/value.hpp"

#include <cstddef>
#include <type_traits>

namespace simdact {

// Where the channel index sits in a flat array of outer * channels * inner elements:
// element i belongs to channel (i / inner) % channels.
//   NCHW: {N, C, H*W}   NHWC: {N*H*W, C, 1}   NC: {N, C, 1}   one shared slope: {1, 1, n}
struct channel_layout {
  std::size_t outer, channels, inner;
};

template <class T> struct prelu {
  static_assert(detail::is_supported_v<T>,
                "simdact::prelu<T>: T must be float, double, bfloat16 or float16");

  // What the element-level members compute in (float for bfloat16 and float16); the slopes are
  // stored as T.
  using value_type = detail::compute_t<T>;

  const T* weight;       // layout.channels slopes
  channel_layout layout; // how the arrays passed to forward/backward are shaped

  SIMDACT_INLINE std::size_t channel_of(std::size_t i) const noexcept {
    return (i / layout.inner) % layout.channels;
  }

  // Element level. The caller supplies each element's slope: weight[c] broadcast when a batch
  // runs along one channel (NCHW), or loaded from weight + c when it runs across channels (NHWC).
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V operator()(V x, V slope) const noexcept {
    return detail::if_positive(x, x, x * slope);
  }

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward(V x, V dy, V slope) const noexcept {
    return detail::if_positive(x, dy, dy * slope);
  }

  // This element's term of d(loss)/d(slope); dweight[c] is the sum of the terms of channel c.
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V weight_gradient(V x, V dy) const noexcept {
    return detail::if_positive(x, V(value_type(0)), x * dy);
  }
};

} // namespace simdact
