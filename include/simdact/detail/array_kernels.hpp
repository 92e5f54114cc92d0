#pragma once

// The array-level functions behind array.hpp, one isa (kernel.hpp) each: the argument checks,
// then the kernel. array.hpp's public functions only pick the isa and forward here.

#include "../elu.hpp"
#include "../leaky_relu.hpp"
#include "../prelu.hpp"
#include "../relu.hpp"
#include "checks.hpp"
#include "config.hpp"
#include "exact_sum.hpp"
#include "half_kernel.hpp" // bfloat16 and float16: overloads of the kernels below
#include "half_relu.hpp"   // relu on bfloat16 and float16: overloads of the element-wise steps
#include "kernel.hpp"
#include "prelu_kernel.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>

namespace simdact::detail {

template <class A> struct is_elementwise : std::false_type {};
template <class T> struct is_elementwise<relu<T>> : std::true_type {};
template <class T> struct is_elementwise<leaky_relu<T>> : std::true_type {};
template <class T> struct is_elementwise<elu<T>> : std::true_type {};

template <class A, class R = void>
using if_elementwise_t = std::enable_if_t<is_elementwise<A>::value, R>;

// The backward-from-output formulas need the output's sign to tell the branches apart.
template <class Isa, class T> void require_output_invertible(const relu<T>&) {}
template <class Isa, class T> void require_output_invertible(const leaky_relu<T>& act) {
  if (!(act.negative_slope > 0)) { // a float for the 16-bit types
    fail<Isa>("backward_from_output",
              "leaky_relu needs negative_slope > 0 to recover the branch from the output, got " +
                  exact_text<Isa>(act.negative_slope));
  }
}
template <class Isa, class T> void require_output_invertible(const elu<T>& act) {
  if (!(act.alpha >= 0)) {
    fail<Isa>("backward_from_output",
              "elu needs alpha >= 0 to recover the branch from the output, got " +
                  exact_text<Isa>(act.alpha));
  }
}

template <class Isa, class T>
void require_layout(const prelu<T>& act, std::size_t n, const char* function) {
  const auto [outer, channels, inner] = act.layout;
  if (channels == 0) {
    fail<Isa>(function, "prelu layout has zero channels");
  }
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  const bool fits = (outer == 0 || inner == 0) ||
                    (channels <= max / outer && inner <= max / (outer * channels));
  if (!fits || outer * channels * inner != n) {
    fail<Isa>(function, "prelu layout {" + std::to_string(outer) + ", " + std::to_string(channels) +
                            ", " + std::to_string(inner) +
                            "} does not describe n = " + std::to_string(n) + " elements");
  }
  require_data<Isa>(act.weight, n == 0 ? 0 : channels, function, "prelu weight");
}

// The element-wise steps of the array functions below, after their checks; half_relu.hpp
// overloads them for relu on 16-bit storage.
template <class Isa, class Act, class T>
SIMDACT_INLINE void forward_elements(const Act& act, const T* x, T* y, std::size_t n) {
  with_fastest(act, [&](const auto& fastest) {
    transform<Isa>(
        n, y, [fastest](auto xb) { return fastest(xb); }, x);
  });
}
template <class Isa, class Act, class T>
SIMDACT_INLINE void backward_elements(const Act& act, const T* x, const T* dy, T* dx,
                                      std::size_t n) {
  with_fastest(act, [&](const auto& fastest) {
    transform<Isa>(
        n, dx, [fastest](auto xb, auto dyb) { return fastest.backward(xb, dyb); }, x, dy);
  });
}
template <class Isa, class Act, class T>
SIMDACT_INLINE void backward_from_output_elements(const Act& act, const T* y, const T* dy, T* dx,
                                                  std::size_t n) {
  // Through a generic lambda, as forward and backward go through with_fastest's: g++ 12 leaves
  // the inner lambda out of line in transform otherwise (under the inlining check's parameters).
  [&](const auto& a) {
    transform<Isa>(
        n, dx, [a](auto yb, auto dyb) { return a.backward_from_output(yb, dyb); }, y, dy);
  }(act);
}

template <class Isa, class Act, class T>
void forward_array(const Act& act, const T* x, T* y, std::size_t n) {
  require_data<Isa>(x, n, "forward", "x");
  require_data<Isa>(y, n, "forward", "y");
  forward_elements<Isa>(act, x, y, n);
}

template <class Isa, class Act, class T>
void backward_array(const Act& act, const T* x, const T* dy, T* dx, std::size_t n) {
  require_data<Isa>(x, n, "backward", "x");
  require_data<Isa>(dy, n, "backward", "dy");
  require_data<Isa>(dx, n, "backward", "dx");
  backward_elements<Isa>(act, x, dy, dx, n);
}

template <class Isa, class Act, class T>
void backward_from_output_array(const Act& act, const T* y, const T* dy, T* dx, std::size_t n) {
  require_output_invertible<Isa>(act);
  require_data<Isa>(y, n, "backward_from_output", "y");
  require_data<Isa>(dy, n, "backward_from_output", "dy");
  require_data<Isa>(dx, n, "backward_from_output", "dx");
  backward_from_output_elements<Isa>(act, y, dy, dx, n);
}

template <class Isa, class T>
void forward_array(const prelu<T>& act, const T* x, T* y, std::size_t n) {
  require_layout<Isa>(act, n, "forward");
  require_data<Isa>(x, n, "forward", "x");
  require_data<Isa>(y, n, "forward", "y");
  prelu_forward<Isa>(act, x, y);
}

template <class Isa, class T>
void backward_array(const prelu<T>& act, const T* x, const T* dy, T* dx, T* dweight,
                    std::size_t n) {
  require_layout<Isa>(act, n, "backward");
  require_data<Isa>(x, n, "backward", "x");
  require_data<Isa>(dy, n, "backward", "dy");
  require_data<Isa>(dx, n, "backward", "dx");
  require_data<Isa>(dweight, n == 0 ? 0 : act.layout.channels, "backward", "dweight");
  prelu_backward<Isa>(act, x, dy, dx, dweight);
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    // The 16-bit types sum their float terms in double already.
    repair_weight_gradient<Isa>(act, x, dy, dx, dweight, n);
  }
}

} // namespace simdact::detail
