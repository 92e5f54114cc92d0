#pragma once

// Leaky ReLU: y = x > 0 ? x : x * negative_slope.
//
// Contract (the rules shared by every activation are in array.hpp):
//   forward               y  = x > 0 ? x : x * negative_slope
//   backward              dx = x > 0 ? dy : dy * negative_slope
//   backward_from_output  dx = y > 0 ? dy : dy * negative_slope; needs negative_slope > 0 (the
//                         array function throws std::invalid_argument otherwise)
//   T: float or double; V: T or xsimd::batch<T, A> for any architecture A. Any slope is
//   allowed in forward and backward: 0, negative, above 1, infinite or NaN give the formula's
//   IEEE result (slope 0 at x = -inf: NaN; x = -0: -0 * slope).
//   Error: one multiply, correctly rounded: bit-identical to the formula in T
//   (max_ulp_error: 0.5). A product below the normal range is the correctly rounded subnormal
//   (or +-0), as x * slope gives it.
//   Bit-identical across instruction sets and compilers, NaN payloads aside.

#include "detail/config.hpp"
#include "detail/fp_env.hpp"
#include "detail/value.hpp"

#include <type_traits>

namespace simdact {

template <class T> struct leaky_relu {
  static_assert(detail::is_supported_v<T>,
                "simdact::leaky_relu<T>: T must be float, double, bfloat16 or float16");

  // What the element-level members compute in (float for bfloat16 and float16).
  using value_type = detail::compute_t<T>;

  value_type negative_slope = value_type(0.01);

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

namespace detail {

// leaky_relu with 0 < negative_slope <= 1 (the default 0.01, say), for the array functions: then
// x * slope lies between x and 0 and the larger of the two is the answer, x itself for NaN and
// for either zero (at_least keeps those). One max per batch where the general form needs a
// compare, which one port alone executes on AVX-512, and a masked multiply (figures in
// docs/performance-notes.md).
template <class T> struct shallow_leaky_relu : leaky_relu<T> {
  template <class B, class = std::enable_if_t<is_batch_v<B>>>
  SIMDACT_INLINE B operator()(B x) const noexcept {
    return at_least(x, x * B(this->negative_slope));
  }
};

// Under FTZ or DAZ only the compare form gives the functor's bits (see fp_env.hpp).
template <class T, class Run>
SIMDACT_INLINE void with_fastest(const leaky_relu<T>& act, Run&& run) {
  if (is_shallow_slope(act.negative_slope) && subnormals_kept()) {
    run(shallow_leaky_relu<T>{act});
  } else {
    run(act);
  }
}

} // namespace detail

} // namespace simdact
