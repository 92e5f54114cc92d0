#pragma once

// The slow path of PReLU's dweight: a channel whose fast sum came out infinite or NaN is summed
// again here, term by term, without letting a product or a partial sum overflow. The fast sums
// keep x * dy and their partial sums in T, so {3e38, 3e38, -3e38} overflows there although its
// exact sum is finite; and in double, terms that overflow to +inf and -inf give NaN where the
// exact sum is an infinity. Such channels are rare, so a second pass over them costs nothing
// elsewhere.

#include "../prelu.hpp"
#include "config.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace simdact::detail {

// Sum over channel c of x <= 0 || x is NaN ? x * dy : 0, rounded once from a nearly exact value:
// NaN where a term is NaN (a NaN input, or 0 * inf) or infinite terms of both signs meet; the
// infinity where infinite terms have one sign; otherwise the sum of the finite terms, each
// product formed exactly (float) or rounded once (double) and scaled by a common power of two,
// added with compensation, then scaled back: +-inf only if the sum itself is beyond T's range.
// A channel of zero terms, or of zeros only, gives +0, as the fast path's sum from +0 does.
// (Isa only names the instruction set the caller was compiled for, as every kernel's does.)
template <class Isa, class T>
T exact_channel_weight_gradient(const T* x, const T* dy, const channel_layout& layout,
                                std::size_t c) {
  const auto [outer, channels, inner] = layout;
  bool positive_infinity = false, negative_infinity = false;
  int top = std::numeric_limits<int>::min(); // the largest exponent of a product's frexp form
  for (std::size_t o = 0; o < outer; ++o) {
    const std::size_t at = (o * channels + c) * inner;
    for (std::size_t k = 0; k < inner; ++k) {
      const T a = x[at + k], b = dy[at + k];
      if (a > T(0)) {
        continue;
      }
      if (std::isnan(a) || std::isnan(b)) {
        return a * b;
      }
      if (std::isinf(a) || std::isinf(b)) {
        if (a == T(0) || b == T(0)) {
          return a * b; // 0 * inf: NaN
        }
        (std::signbit(a) != std::signbit(b) ? negative_infinity : positive_infinity) = true;
        continue;
      }
      if (a != T(0) && b != T(0)) {
        int ea = 0, eb = 0;
        std::frexp(a, &ea);
        std::frexp(b, &eb);
        top = std::max(top, ea + eb);
      }
    }
  }
  if (positive_infinity || negative_infinity) {
    return positive_infinity && negative_infinity ? std::numeric_limits<T>::quiet_NaN()
           : positive_infinity                    ? std::numeric_limits<T>::infinity()
                                                  : -std::numeric_limits<T>::infinity();
  }
  if (top == std::numeric_limits<int>::min()) {
    return T(0);
  }
  // Every scaled term lies below 1 in magnitude; Neumaier's compensated sum keeps the rounding
  // of the additions out of the result.
  double sum = 0, compensation = 0;
  for (std::size_t o = 0; o < outer; ++o) {
    const std::size_t at = (o * channels + c) * inner;
    for (std::size_t k = 0; k < inner; ++k) {
      const T a = x[at + k], b = dy[at + k];
      if (a > T(0) || a == T(0) || b == T(0)) {
        continue;
      }
      int ea = 0, eb = 0;
      const auto ma = static_cast<double>(std::frexp(a, &ea));
      const auto mb = static_cast<double>(std::frexp(b, &eb));
      const double term = std::ldexp(ma * mb, ea + eb - top);
      const double next = sum + term;
      compensation += std::fabs(sum) >= std::fabs(term) ? (sum - next) + term : (term - next) + sum;
      sum = next;
    }
  }
  return static_cast<T>(std::ldexp(sum + compensation, top));
}

// Whether every v[i] is finite, a batch at a time: the check runs on every call, where one
// std::isfinite per channel cost as much as the kernel's smallest rows notice. v - v is 0 for a
// finite v, NaN for an infinity or a NaN.
template <class Isa, class T> bool all_finite(const T* v, std::size_t n) {
  using B = batch_t<T, Isa>;
  auto finite = B(T(0)) == B(T(0));
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    const B w = B::load_unaligned(v + i);
    // An ordered compare, false for NaN (xsimd's x != x is false for NaN, not true).
    finite = finite & (w - w == B(T(0)));
  }
  for (; i < n; ++i) {
    if (!std::isfinite(v[i])) {
      return false;
    }
  }
  return xsimd::all(finite);
}

// Replaces each dweight[c] that the fast path left infinite or NaN by the slow path's sum. x and
// dy must still hold the inputs: not when dx overwrote one of them (see prelu's contract).
template <class Isa, class T>
void repair_weight_gradient(const prelu<T>& act, const T* x, const T* dy, const T* dx, T* dweight,
                            std::size_t n) {
  if (n == 0 || dx == x || dx == dy || all_finite<Isa>(dweight, act.layout.channels)) {
    return;
  }
  for (std::size_t c = 0; c < act.layout.channels; ++c) {
    if (!std::isfinite(dweight[c])) {
      dweight[c] = exact_channel_weight_gradient<Isa>(x, dy, act.layout, c);
    }
  }
}

} // namespace simdact::detail
