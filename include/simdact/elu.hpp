#pragma once

// ELU: y = x > 0 ? x : alpha * (e^x - 1), with e^x - 1 computed accurately near zero
// (within 1 ulp for alpha = 1), unlike exp(x) - 1.

#include "detail/exp.hpp"
#include "detail/value.hpp"

namespace simdact {

template <class T> struct elu {
  static_assert(detail::is_supported_v<T>, "simdact::elu<T>: T must be float or double");

  T alpha = T(1);

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V operator()(V x) const noexcept {
    if constexpr (detail::is_batch_v<V>) {
      // x <= 0 is false for NaN, so NaN passes through like a positive x.
      return xsimd::select(x <= V(T(0)), V(alpha) * detail::expm1_nonpositive(x), x);
    } else {
      return detail::via_native_batch([this](auto b) { return (*this)(b); }, x);
    }
  }

  // dy * alpha * e^x on the non-positive side; NaN in x gives NaN.
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward(V x, V dy) const noexcept {
    if constexpr (detail::is_batch_v<V>) {
      return detail::if_positive(x, dy, detail::scaled_exp_nonpositive(x, dy * V(alpha)));
    } else {
      return detail::via_native_batch([this](auto b, auto db) { return this->backward(b, db); }, x,
                                      dy);
    }
  }

  // dy * (y + alpha) on the non-positive side. Precondition: alpha >= 0, so that y > 0 exactly
  // where x > 0 (the array-level function checks it and throws std::invalid_argument).
  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V backward_from_output(V y, V dy) const noexcept {
    return detail::if_positive(y, dy, dy * (y + V(alpha)));
  }
};

} // namespace simdact
