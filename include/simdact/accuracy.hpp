#pragma once

// simdact's accuracy guarantees as values. The contracts in the activation headers refer to them,
// and the unit tests, the ulp sweep and the fuzzer check them, all reading them from here.
//
// One metric, fractional ulps against the exact value: for a result r of an operation whose
// exact (real-number) value at the given T inputs and parameters is v,
//   ulp_error = |r - v| / ulp(v),   ulp(v) = 2^(e - digits + 1) for 2^e <= |v| < 2^(e + 1),
// with digits = std::numeric_limits<T>::digits, and ulp(v) = denorm_min below the normal range.
// A correctly rounded result is within 0.5; an exact one 0. Where v is NaN the result is NaN,
// where v is an infinity the result is that infinity. The bounds hold in the default
// floating-point environment (round to nearest, subnormals kept; see the contracts).

#include "detail/config.hpp"
#include "elu.hpp"
#include "leaky_relu.hpp"
#include "prelu.hpp"
#include "relu.hpp"

#include <cstddef>
#include <limits>

namespace simdact {

// The largest ulp error of each element-wise operation, over every input.
struct ulp_bounds {
  double forward;
  double backward;             // from the input x
  double backward_from_output; // from the output y: against the exact formula at the given y
};

// max(x, 0) and its gradient select one of their inputs: exact.
template <class T> constexpr ulp_bounds max_ulp_error(const relu<T>&) noexcept { return {0, 0, 0}; }

// One multiply by the slope, correctly rounded: bit-identical to x * slope (dy * slope) in T.
template <class T> constexpr ulp_bounds max_ulp_error(const leaky_relu<T>&) noexcept {
  return {0.5, 0.5, 0.5};
}

// Forward and dx as leaky_relu, with each element's slope; dweight: see dweight_error below.
template <class T> constexpr ulp_bounds max_ulp_error(const prelu<T>&) noexcept {
  return {0.5, 0.5, 0.5};
}

// forward alpha * (e^x - 1): 1 ulp for alpha = 1; otherwise the multiply by alpha turns that
// ulp into up to 2 of the product's and rounds once more. backward dy * alpha * e^x: 3 ulp
// wherever e^x is at least half of T's smallest subnormal (below, e^x rounds to 0 in T and the
// result is dy * alpha * 0, as in PyTorch). backward_from_output dy * (y + alpha): the sum's
// rounding moves the product by under 1 ulp, the product's adds 0.5.
template <class T> constexpr ulp_bounds max_ulp_error(const elu<T>& act) noexcept {
  return {act.alpha == T(1) ? 1.0 : 2.5, 3, 1.5};
}

// PReLU's dweight[c], the sum of a channel's terms x * dy (x <= 0 or NaN), each exact here:
//   |dweight[c] - exact sum| <= dweight_error<T>(terms) * (sum of |x * dy|) + terms * denorm_min
// where terms is the number of elements in channel c. A term passes through at most 80
// roundings in T (a partial sum of up to 64 terms, the reduction across lanes and partial
// sums, the final rounding) and 400 in double, plus one for every 64 terms where partial sums
// are added into double.
template <class T> constexpr double dweight_error(std::size_t terms) noexcept {
  constexpr double unit = static_cast<double>(std::numeric_limits<T>::epsilon()) / 2;
  return 80 * unit + (400 + static_cast<double>(terms) / 64) * 0x1p-53;
}

} // namespace simdact
