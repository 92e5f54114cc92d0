#pragma once

// Array-level forward and backward for every activation, on pointer + n or on contiguous ranges
// (std::vector, std::array, std::span, C arrays: anything with data() and size()).
//
// Outputs may be the very same memory as an input (y == x, dx == dy, dx == x); partial overlap
// is undefined. Every check throws std::invalid_argument before any output is written.

#include "detail/checks.hpp"
#include "detail/config.hpp"
#include "detail/kernel.hpp"
#include "detail/prelu_kernel.hpp"
#include "elu.hpp"
#include "leaky_relu.hpp"
#include "prelu.hpp"
#include "relu.hpp"

#include <cstddef>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>

namespace simdact {
namespace detail {

// std::type_identity_t before C++20: keeps T deduced from the activation alone, so a nullptr
// (with n == 0) converts to the pointer parameters.
template <class T> struct type_identity {
  using type = T;
};
template <class T> using type_identity_t = typename type_identity<T>::type;

template <class A> struct is_elementwise : std::false_type {};
template <class T> struct is_elementwise<relu<T>> : std::true_type {};
template <class T> struct is_elementwise<leaky_relu<T>> : std::true_type {};
template <class T> struct is_elementwise<elu<T>> : std::true_type {};

template <class A, class R = void>
using if_elementwise_t = std::enable_if_t<is_elementwise<A>::value, R>;

// The backward-from-output formulas need the output's sign to tell the branches apart.
template <class T> void require_output_invertible(const relu<T>&) {}
template <class T> void require_output_invertible(const leaky_relu<T>& act) {
  if (!(act.negative_slope > T(0))) {
    fail("backward_from_output",
         "leaky_relu needs negative_slope > 0 to recover the branch from the output, got " +
             std::to_string(act.negative_slope));
  }
}
template <class T> void require_output_invertible(const elu<T>& act) {
  if (!(act.alpha >= T(0))) {
    fail("backward_from_output",
         "elu needs alpha >= 0 to recover the branch from the output, got " +
             std::to_string(act.alpha));
  }
}

template <class T> void require_layout(const prelu<T>& act, std::size_t n, const char* function) {
  const auto [outer, channels, inner] = act.layout;
  if (channels == 0) {
    fail(function, "prelu layout has zero channels");
  }
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  const bool fits = (outer == 0 || inner == 0) ||
                    (channels <= max / outer && inner <= max / (outer * channels));
  if (!fits || outer * channels * inner != n) {
    fail(function, "prelu layout {" + std::to_string(outer) + ", " + std::to_string(channels) +
                       ", " + std::to_string(inner) +
                       "} does not describe n = " + std::to_string(n) + " elements");
  }
  require_data(act.weight, n == 0 ? 0 : channels, function, "prelu weight");
}

// Ranges: anything std::data and std::size accept.
template <class R, class = void> struct range_traits {
  static constexpr bool is_range = false;
};
template <class R>
struct range_traits<R, std::void_t<decltype(std::data(std::declval<R&>())),
                                   decltype(std::size(std::declval<R&>()))>> {
  static constexpr bool is_range = true;
};
template <class... R> inline constexpr bool are_ranges_v = (range_traits<R>::is_range && ...);

} // namespace detail

// ---- pointer + n ------------------------------------------------------------------------

template <template <class> class Act, class T, class = detail::if_elementwise_t<Act<T>>>
void forward(const Act<T>& act, const detail::type_identity_t<T>* x, detail::type_identity_t<T>* y,
             std::size_t n) {
  detail::require_data(x, n, "forward", "x");
  detail::require_data(y, n, "forward", "y");
  detail::with_fastest(act, [&](const auto& fastest) {
    detail::transform(
        n, y, [fastest](auto xb) { return fastest(xb); }, x);
  });
}

template <template <class> class Act, class T, class = detail::if_elementwise_t<Act<T>>>
void backward(const Act<T>& act, const detail::type_identity_t<T>* x,
              const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx, std::size_t n) {
  detail::require_data(x, n, "backward", "x");
  detail::require_data(dy, n, "backward", "dy");
  detail::require_data(dx, n, "backward", "dx");
  detail::with_fastest(act, [&](const auto& fastest) {
    detail::transform(
        n, dx, [fastest](auto xb, auto dyb) { return fastest.backward(xb, dyb); }, x, dy);
  });
}

template <template <class> class Act, class T, class = detail::if_elementwise_t<Act<T>>>
void backward_from_output(const Act<T>& act, const detail::type_identity_t<T>* y,
                          const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
                          std::size_t n) {
  detail::require_output_invertible(act);
  detail::require_data(y, n, "backward_from_output", "y");
  detail::require_data(dy, n, "backward_from_output", "dy");
  detail::require_data(dx, n, "backward_from_output", "dx");
  detail::transform(
      n, dx, [act](auto yb, auto dyb) { return act.backward_from_output(yb, dyb); }, y, dy);
}

template <class T>
void forward(const prelu<T>& act, const detail::type_identity_t<T>* x,
             detail::type_identity_t<T>* y, std::size_t n) {
  detail::require_layout(act, n, "forward");
  detail::require_data(x, n, "forward", "x");
  detail::require_data(y, n, "forward", "y");
  detail::prelu_forward(act, x, y);
}

// dweight (layout.channels entries) is overwritten with the sum over outer and inner of
// x <= 0 ? x * dy : 0. It may alias act.weight. With n == 0 it may be null (nothing to write);
// otherwise it is set to zeros.
template <class T>
void backward(const prelu<T>& act, const detail::type_identity_t<T>* x,
              const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
              detail::type_identity_t<T>* dweight, std::size_t n) {
  detail::require_layout(act, n, "backward");
  detail::require_data(x, n, "backward", "x");
  detail::require_data(dy, n, "backward", "dy");
  detail::require_data(dx, n, "backward", "dx");
  detail::require_data(dweight, n == 0 ? 0 : act.layout.channels, "backward", "dweight");
  detail::prelu_backward(act, x, dy, dx, dweight);
}

// ---- ranges -----------------------------------------------------------------------------

template <class Act, class X, class Y, class = std::enable_if_t<detail::are_ranges_v<X, Y>>>
auto forward(const Act& act, const X& x, Y&& y)
    -> decltype(forward(act, std::data(x), std::data(y), std::size_t{})) {
  detail::require_same_size("forward", "x", std::size(x), "y", std::size(y));
  forward(act, std::data(x), std::data(y), std::size(x));
}

template <class Act, class X, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX>>>
auto backward(const Act& act, const X& x, const DY& dy, DX&& dx)
    -> decltype(backward(act, std::data(x), std::data(dy), std::data(dx), std::size_t{})) {
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  backward(act, std::data(x), std::data(dy), std::data(dx), std::size(x));
}

template <class Act, class Y, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<Y, DY, DX>>>
auto backward_from_output(const Act& act, const Y& y, const DY& dy, DX&& dx)
    -> decltype(backward_from_output(act, std::data(y), std::data(dy), std::data(dx),
                                     std::size_t{})) {
  detail::require_same_size("backward_from_output", "y", std::size(y), "dy", std::size(dy));
  detail::require_same_size("backward_from_output", "y", std::size(y), "dx", std::size(dx));
  backward_from_output(act, std::data(y), std::data(dy), std::data(dx), std::size(y));
}

template <class T, class X, class DY, class DX, class DW,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX, DW>>>
auto backward(const prelu<T>& act, const X& x, const DY& dy, DX&& dx, DW&& dweight)
    -> decltype(backward(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight),
                         std::size_t{})) {
  detail::require_layout(act, std::size(x), "backward");
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  detail::require_same_size("backward", "dweight", std::size(dweight), "layout.channels",
                            act.layout.channels);
  backward(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight), std::size(x));
}

} // namespace simdact
