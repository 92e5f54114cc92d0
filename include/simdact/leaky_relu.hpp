#pragma once

// Leaky ReLU: y = x > 0 ? x : x * negative_slope.

#include "detail/value.hpp"

namespace simdact {

template <class T> struct leaky_relu {
  static_assert(detail::is_supported_v<T>, "simdact::leaky_relu<T>: T must be float or double");

  T negative_slope = T(0.01);

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V operator()(V x) const noexcept {
    return detail::if_positive(x, x, x * V(negative_slope));
  }

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward(V x, V dy) const noexcept {
    return detail::if_positive(x, dy, dy * V(negative_slope));
  }

  // Precondition: negative_slope > 0, so that y > 0 exactly where x > 0 (the array-level
  // function checks it and throws std::invalid_argument).
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward_from_output(V y, V dy) const noexcept {
    return backward(y, dy);
  }
};

} // namespace simdact
