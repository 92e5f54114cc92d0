#pragma once

// ELU: y = x > 0 ? x : alpha * (e^x - 1), with e^x - 1 computed accurately near zero
// (within 1 ulp for alpha = 1), unlike exp(x) - 1.
//
// Contract (the rules shared by every activation are in array.hpp):
//   forward               y  = x > 0 ? x : alpha * (e^x - 1)          (x = NaN gives NaN)
//   backward              dx = x > 0 ? dy : dy * alpha * e^x           (x = NaN gives NaN)
//   backward_from_output  dx = y > 0 ? dy : dy * (y + alpha); needs alpha >= 0 (the array
//                         function throws std::invalid_argument otherwise)
//   T: float or double; V: T or xsimd::batch<T, A> for any architecture A. Any alpha.
//   Error (max_ulp_error in accuracy.hpp): forward 1 ulp for alpha = 1, 2.5 otherwise;
//   backward 3 ulp; backward_from_output 1.5 ulp against dy * (y + alpha) at the given y. The
//   positive side is exact (x, dy). x = +-0 gives +0 forward (alpha * (1 - 1)), dy * alpha
//   backward. Subnormal x: forward x itself up to the bound (e^x - 1 = x), so -tiny stays
//   -tiny where PyTorch's exp(x) - 1 gives 0. Underflow: where e^x is below half of T's
//   smallest subnormal, backward gives dy * alpha * 0 (+-0; NaN for infinite dy), as PyTorch
//   does; forward tends to -alpha.
//   Bit-identity: the element functor on a scalar gives the bits of the array functions' lane
//   (it runs the same batch code) in the same build; between instruction sets (FMA or not,
//   AVX-512's scalef) results may differ within the bounds.

#include "detail/config.hpp"
#include "detail/exp.hpp"
#include "detail/fp_env.hpp"
#include "detail/value.hpp"

#include <type_traits>

namespace simdact {

template <class T> struct elu {
  static_assert(detail::is_supported_v<T>,
                "simdact::elu<T>: T must be float, double, bfloat16 or float16");

  // What the element-level members compute in (float for bfloat16 and float16).
  using value_type = detail::compute_t<T>;

  value_type alpha = value_type(1);

  template <class V, class = detail::enable_for_t<V, T>>
  SIMDACT_INLINE V operator()(V x) const noexcept {
    if constexpr (detail::is_batch_v<V>) {
      // x <= 0 is false for NaN, so NaN passes through like a positive x.
      return xsimd::select(x <= V(value_type(0)), V(alpha) * detail::expm1_nonpositive(x), x);
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

namespace detail {

// ELU with alpha = 1, PyTorch's default, which the array functions run instead of elu when
// alpha == 1: the same bits without the multiply by alpha, one instruction fewer per batch in
// loops bound by arithmetic.
template <class T> struct unit_elu : elu<T> {
  using typename elu<T>::value_type;

  template <class B, class = std::enable_if_t<is_batch_v<B>>>
  SIMDACT_INLINE B operator()(B x) const noexcept {
    const auto negative = x <= B(value_type(0));
    if constexpr (has_mask_registers_v<typename B::arch_type>) {
      // Written so that both selects become masked instructions that start from x: the
      // subtract and the fma, with nothing left to blend.
      return expm1_nonpositive(x, [&](const B& scale, const B& p) {
        const B t = xsimd::select(negative, scale - B(value_type(1)), x);
        return xsimd::select(negative, detail::mul_add(scale, p, t), t);
      });
    } else {
      return xsimd::select(negative, expm1_nonpositive(x), x);
    }
  }

  template <class B, class = std::enable_if_t<is_batch_v<B>>>
  SIMDACT_INLINE B backward(B x, B dy) const noexcept {
    return if_positive(x, dy, scaled_exp_nonpositive(x, dy));
  }
};

// Calls run(act), or run(unit_elu) for an elu whose alpha is 1 while subnormals are kept (under
// FTZ or DAZ the multiply by 1 it leaves out can flush; see fp_env.hpp).
template <class Act, class Run> SIMDACT_INLINE void with_fastest(const Act& act, Run&& run) {
  run(act);
}
template <class T, class Run> SIMDACT_INLINE void with_fastest(const elu<T>& act, Run&& run) {
  if (act.alpha == 1 && subnormals_kept()) {
    run(unit_elu<T>{});
  } else {
    run(act);
  }
}

} // namespace detail

} // namespace simdact
