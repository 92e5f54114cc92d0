#pragma once

// PReLU: leaky ReLU whose slope is learned, one per channel.

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
