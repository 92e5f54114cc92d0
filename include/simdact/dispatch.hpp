#pragma once

// simdact::dispatch: the array-level functions of <simdact/array.hpp>, compiled once per
// instruction set into the library simdact::dispatch (CMake target; pkg-config simdact-dispatch),
// which runs the best set this CPU offers. Build your program for any x86-64 or ARM64 CPU, with
// no -m flags, and still get AVX2 or AVX-512 where they are. See docs/dispatch.md.
//
// Same functions, checks, messages and exceptions as namespace simdact, for float and double;
// each result is bit-identical to the header-only function built for the instruction set in use.
// Nothing here is compiled for an instruction set: this header declares, the library defines.
//
// The choice is made once, at the first call of any function here (thread-safe), from what the
// CPU and the operating system support, capped by the environment variable SIMDACT_ISA:
//   sse2, avx2 (with FMA), avx512 (F, CD, DQ, BW) on x86-64; neon on ARM64.
// Unset or empty, the best the CPU runs is used. A name this build does not know, or one this CPU
// cannot run, makes that first call, and every later one, throw std::runtime_error naming the
// value and the sets the CPU runs; no kernel runs.

#include "detail/config.hpp"
#include "elu.hpp"
#include "leaky_relu.hpp"
#include "prelu.hpp"
#include "relu.hpp"

#include <cstddef>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>

#if defined(__GNUC__)
#pragma GCC visibility push(default) // the library's own symbols are hidden, these are its API
#endif

namespace simdact::dispatch {

// The instruction set in use: "sse2", "avx2", "avx512" or "neon". Makes the choice if no call
// has yet (and throws as described above).
std::string_view active_isa();

// ---- pointer + n ------------------------------------------------------------------------

void forward(const relu<float>& act, const float* x, float* y, std::size_t n);
void forward(const relu<double>& act, const double* x, double* y, std::size_t n);
void forward(const leaky_relu<float>& act, const float* x, float* y, std::size_t n);
void forward(const leaky_relu<double>& act, const double* x, double* y, std::size_t n);
void forward(const elu<float>& act, const float* x, float* y, std::size_t n);
void forward(const elu<double>& act, const double* x, double* y, std::size_t n);
void forward(const prelu<float>& act, const float* x, float* y, std::size_t n);
void forward(const prelu<double>& act, const double* x, double* y, std::size_t n);

void backward(const relu<float>& act, const float* x, const float* dy, float* dx, std::size_t n);
void backward(const relu<double>& act, const double* x, const double* dy, double* dx,
              std::size_t n);
void backward(const leaky_relu<float>& act, const float* x, const float* dy, float* dx,
              std::size_t n);
void backward(const leaky_relu<double>& act, const double* x, const double* dy, double* dx,
              std::size_t n);
void backward(const elu<float>& act, const float* x, const float* dy, float* dx, std::size_t n);
void backward(const elu<double>& act, const double* x, const double* dy, double* dx, std::size_t n);

void backward_from_output(const relu<float>& act, const float* y, const float* dy, float* dx,
                          std::size_t n);
void backward_from_output(const relu<double>& act, const double* y, const double* dy, double* dx,
                          std::size_t n);
void backward_from_output(const leaky_relu<float>& act, const float* y, const float* dy, float* dx,
                          std::size_t n);
void backward_from_output(const leaky_relu<double>& act, const double* y, const double* dy,
                          double* dx, std::size_t n);
void backward_from_output(const elu<float>& act, const float* y, const float* dy, float* dx,
                          std::size_t n);
void backward_from_output(const elu<double>& act, const double* y, const double* dy, double* dx,
                          std::size_t n);

// dweight as in simdact::backward for prelu: layout.channels entries, overwritten with the sums.
void backward(const prelu<float>& act, const float* x, const float* dy, float* dx, float* dweight,
              std::size_t n);
void backward(const prelu<double>& act, const double* x, const double* dy, double* dx,
              double* dweight, std::size_t n);

namespace detail {

// The failing side of the range checks, out of line: they throw simdact's own exceptions.
[[noreturn]] void different_sizes(const char* function, const char* name_a, std::size_t a,
                                  const char* name_b, std::size_t b);
void require_layout(const prelu<float>& act, std::size_t n, const char* function);
void require_layout(const prelu<double>& act, std::size_t n, const char* function);

SIMDACT_INLINE void require_same_size(const char* function, const char* name_a, std::size_t a,
                                      const char* name_b, std::size_t b) {
  if (a != b) {
    different_sizes(function, name_a, a, name_b, b);
  }
}

template <class R, class = void> struct is_range : std::false_type {};
template <class R>
struct is_range<R, std::void_t<decltype(std::data(std::declval<R&>())),
                               decltype(std::size(std::declval<R&>()))>> : std::true_type {};
template <class... R> inline constexpr bool are_ranges_v = (is_range<R>::value && ...);

} // namespace detail

// ---- ranges (anything with data() and size()) -------------------------------------------
// Force-inlined, like everything of simdact's that files built with different flags may share.

template <class Act, class X, class Y, class = std::enable_if_t<detail::are_ranges_v<X, Y>>>
SIMDACT_INLINE auto forward(const Act& act, const X& x, Y&& y)
    -> decltype(forward(act, std::data(x), std::data(y), std::size_t{})) {
  detail::require_same_size("forward", "x", std::size(x), "y", std::size(y));
  forward(act, std::data(x), std::data(y), std::size(x));
}

template <class Act, class X, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX>>>
SIMDACT_INLINE auto backward(const Act& act, const X& x, const DY& dy, DX&& dx)
    -> decltype(backward(act, std::data(x), std::data(dy), std::data(dx), std::size_t{})) {
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  backward(act, std::data(x), std::data(dy), std::data(dx), std::size(x));
}

template <class Act, class Y, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<Y, DY, DX>>>
SIMDACT_INLINE auto backward_from_output(const Act& act, const Y& y, const DY& dy, DX&& dx)
    -> decltype(backward_from_output(act, std::data(y), std::data(dy), std::data(dx),
                                     std::size_t{})) {
  detail::require_same_size("backward_from_output", "y", std::size(y), "dy", std::size(dy));
  detail::require_same_size("backward_from_output", "y", std::size(y), "dx", std::size(dx));
  backward_from_output(act, std::data(y), std::data(dy), std::data(dx), std::size(y));
}

template <class T, class X, class DY, class DX, class DW,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX, DW>>>
SIMDACT_INLINE auto backward(const prelu<T>& act, const X& x, const DY& dy, DX&& dx, DW&& dweight)
    -> decltype(backward(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight),
                         std::size_t{})) {
  detail::require_layout(act, std::size(x), "backward");
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  detail::require_same_size("backward", "dweight", std::size(dweight), "layout.channels",
                            act.layout.channels);
  backward(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight), std::size(x));
}

} // namespace simdact::dispatch

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
