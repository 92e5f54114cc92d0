#pragma once

// simdact::dispatch: the array-level functions of <simdact/array.hpp>, compiled once per
// instruction set into the library simdact::dispatch (CMake target; pkg-config simdact-dispatch),
// which runs the best set this CPU offers. Build your program for any x86-64 or ARM64 CPU, with
// no -m flags, and still get AVX2 or AVX-512 where they are. See docs/dispatch.md.
//
// Same functions, checks, messages and exceptions as namespace simdact, for float, double,
// bfloat16 and float16; each result is bit-identical to the header-only function built for the
// instruction set in use. Nothing here is compiled for an instruction set: the functions below
// only look up the kernel of the set in use and call it; the library defines the kernels.
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

namespace detail {

// The kernels of one activation on one type, as plain function pointers, each compiled for the
// instruction set of the table it sits in.
template <class Act> struct kernels;
template <template <class> class Act, class T> struct kernels<Act<T>> {
  void (*forward)(const Act<T>&, const T*, T*, std::size_t);
  void (*backward)(const Act<T>&, const T*, const T*, T*, std::size_t);
  void (*backward_from_output)(const Act<T>&, const T*, const T*, T*, std::size_t);
};
template <class T> struct kernels<prelu<T>> {
  void (*forward)(const prelu<T>&, const T*, T*, std::size_t);
  void (*backward)(const prelu<T>&, const T*, const T*, T*, T*, std::size_t);
  void (*require_layout)(const prelu<T>&, std::size_t, const char*); // the ranges' first check
};

template <class... Parts> struct all_of : Parts... {};

// What the library has, written once: every activation on every type. The library builds this
// table once per instruction set from these lists alone; adding a type here adds its kernels.
// Its layout is the library's interface: this header and the library come from one version.
template <class T>
using kernels_on =
    all_of<kernels<relu<T>>, kernels<leaky_relu<T>>, kernels<elu<T>>, kernels<prelu<T>>>;
using table =
    all_of<kernels_on<float>, kernels_on<double>, kernels_on<bfloat16>, kernels_on<float16>>;

template <class Act> inline constexpr bool has_kernels_v = std::is_base_of_v<kernels<Act>, table>;
template <class Act> inline constexpr bool is_prelu_v = false;
template <class T> inline constexpr bool is_prelu_v<prelu<T>> = true;
template <class Act>
using if_elementwise_t = std::enable_if_t<has_kernels_v<Act> && !is_prelu_v<Act>>;

// The table of the instruction set in use (choosing it at the first call).
const table& active_table();

template <class Act> SIMDACT_INLINE const kernels<Act>& kernels_of() { return active_table(); }

// The failing side of the range checks, out of line: it throws simdact's own exception.
[[noreturn]] void different_sizes(const char* function, const char* name_a, std::size_t a,
                                  const char* name_b, std::size_t b);

SIMDACT_INLINE void require_same_size(const char* function, const char* name_a, std::size_t a,
                                      const char* name_b, std::size_t b) {
  if (a != b) {
    different_sizes(function, name_a, a, name_b, b);
  }
}

// Keeps T deduced from the activation alone, so that a nullptr (with n == 0) converts.
template <class T> struct type_identity {
  using type = T;
};
template <class T> using type_identity_t = typename type_identity<T>::type;

template <class R, class = void> struct is_range : std::false_type {};
template <class R>
struct is_range<R, std::void_t<decltype(std::data(std::declval<R&>())),
                               decltype(std::size(std::declval<R&>()))>> : std::true_type {};
template <class... R> inline constexpr bool are_ranges_v = (is_range<R>::value && ...);

} // namespace detail

// Everything below is force-inlined, like everything of simdact's that files built with
// different flags may share: it looks up the kernel and calls it.

// ---- pointer + n ------------------------------------------------------------------------
// For Act = relu, leaky_relu, elu (and prelu for forward), T = float, double, bfloat16, float16.

template <template <class> class Act, class T,
          class = std::enable_if_t<detail::has_kernels_v<Act<T>>>>
SIMDACT_INLINE void forward(const Act<T>& act, const detail::type_identity_t<T>* x,
                            detail::type_identity_t<T>* y, std::size_t n) {
  detail::kernels_of<Act<T>>().forward(act, x, y, n);
}

template <template <class> class Act, class T, class = detail::if_elementwise_t<Act<T>>>
SIMDACT_INLINE void backward(const Act<T>& act, const detail::type_identity_t<T>* x,
                             const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
                             std::size_t n) {
  detail::kernels_of<Act<T>>().backward(act, x, dy, dx, n);
}

template <template <class> class Act, class T, class = detail::if_elementwise_t<Act<T>>>
SIMDACT_INLINE void backward_from_output(const Act<T>& act, const detail::type_identity_t<T>* y,
                                         const detail::type_identity_t<T>* dy,
                                         detail::type_identity_t<T>* dx, std::size_t n) {
  detail::kernels_of<Act<T>>().backward_from_output(act, y, dy, dx, n);
}

// dweight as in simdact::backward for prelu: layout.channels entries, overwritten with the sums.
template <class T, class = std::enable_if_t<detail::has_kernels_v<prelu<T>>>>
SIMDACT_INLINE void backward(const prelu<T>& act, const detail::type_identity_t<T>* x,
                             const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
                             detail::type_identity_t<T>* dweight, std::size_t n) {
  detail::kernels_of<prelu<T>>().backward(act, x, dy, dx, dweight, n);
}

// ---- ranges (anything with data() and size()) -------------------------------------------
// They call dispatch::forward and so on by their qualified names: unqualified, lookup through
// the activation's namespace would find simdact::forward too, an equally good match.

template <class Act, class X, class Y, class = std::enable_if_t<detail::are_ranges_v<X, Y>>>
SIMDACT_INLINE auto forward(const Act& act, const X& x, Y&& y)
    -> decltype(dispatch::forward(act, std::data(x), std::data(y), std::size_t{})) {
  detail::require_same_size("forward", "x", std::size(x), "y", std::size(y));
  dispatch::forward(act, std::data(x), std::data(y), std::size(x));
}

template <class Act, class X, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX>>>
SIMDACT_INLINE auto backward(const Act& act, const X& x, const DY& dy, DX&& dx)
    -> decltype(dispatch::backward(act, std::data(x), std::data(dy), std::data(dx),
                                   std::size_t{})) {
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  dispatch::backward(act, std::data(x), std::data(dy), std::data(dx), std::size(x));
}

template <class Act, class Y, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<Y, DY, DX>>>
SIMDACT_INLINE auto backward_from_output(const Act& act, const Y& y, const DY& dy, DX&& dx)
    -> decltype(dispatch::backward_from_output(act, std::data(y), std::data(dy), std::data(dx),
                                               std::size_t{})) {
  detail::require_same_size("backward_from_output", "y", std::size(y), "dy", std::size(dy));
  detail::require_same_size("backward_from_output", "y", std::size(y), "dx", std::size(dx));
  dispatch::backward_from_output(act, std::data(y), std::data(dy), std::data(dx), std::size(y));
}

template <class T, class X, class DY, class DX, class DW,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX, DW>>>
SIMDACT_INLINE auto backward(const prelu<T>& act, const X& x, const DY& dy, DX&& dx, DW&& dweight)
    -> decltype(dispatch::backward(act, std::data(x), std::data(dy), std::data(dx),
                                   std::data(dweight), std::size_t{})) {
  detail::kernels_of<prelu<T>>().require_layout(act, std::size(x), "backward");
  detail::require_same_size("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size("backward", "x", std::size(x), "dx", std::size(dx));
  detail::require_same_size("backward", "dweight", std::size(dweight), "layout.channels",
                            act.layout.channels);
  dispatch::backward(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight),
                     std::size(x));
}

} // namespace simdact::dispatch

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
