#pragma once

// ReLU: y = max(x, 0), with PyTorch's treatment of NaN (kept) and -0 (kept).
//
// Contract (the rules shared by every activation are in array.hpp):
//   forward               y  = x < 0 ? +0 : x          (NaN and -0 pass through)
//   backward              dx = x <= 0 ? +0 : dy         (x = NaN passes dy, as in PyTorch)
//   backward_from_output  dx = y <= 0 ? +0 : dy         (the same rule: y > 0 exactly where x > 0)
//   T: float or double; V: T or xsimd::batch<T, A> for any architecture A.
//   Error: exact (max_ulp_error in accuracy.hpp: 0). Subnormals pass like any other value.
//   Bit-identical across instruction sets and compilers, NaN payloads aside.

#include "detail/config.hpp"
#include "detail/value.hpp"

namespace simdact {

template <class T> struct relu {
  static_assert(detail::is_supported_v<T>,
                "simdact::relu<T>: T must be float, double, bfloat16 or float16");

  // What the element-level members compute in (float for bfloat16 and float16).
  using value_type = detail::compute_t<T>;

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V operator()(V x) const noexcept {
    if constexpr (detail::is_batch_v<V>) {
      return detail::at_least(x, V(value_type(0))); // one max instruction on x86
    } else {
      // The max instruction itself, as the arrays run it: under DAZ it returns a subnormal x as
      // zero, where a compare and select would return x.
      return detail::via_native_batch([this](auto b) { return (*this)(b); }, x);
    }
  }

  // The gradient passes where x > 0 and, as in PyTorch, where x is NaN.
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward(V x, V dy) const noexcept {
    return detail::if_else(x <= V(value_type(0)), V(value_type(0)), dy);
  }

  // y > 0 exactly where x > 0, and y is NaN exactly where x is, so the same rule applies to y.
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward_from_output(V y, V dy) const noexcept {
    return backward(y, dy);
  }
};

} // namespace simdact
