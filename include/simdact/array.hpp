#pragma once

// Array-level forward and backward for every activation, on pointer + n or on contiguous ranges
// (std::vector, std::array, std::span, C arrays: anything with data() and size()).
//
// Each function runs the instruction set the translation unit is compiled for
// (xsimd::default_arch: -mavx2 -mfma gives AVX2+FMA, no flags SSE2 on x86-64), or the xsimd
// architecture named first, e.g. simdact::forward<xsimd::avx2>(act, x, y, n), which the compiler
// flags must allow. Programs that pick an instruction set at run time link simdact::dispatch
// (<simdact/dispatch.hpp>) instead.
//
// The rules every activation shares (each activation's header gives its formulas, bounds and
// exceptions to these; accuracy.hpp the bounds as values):
//
// NaN. An output is NaN exactly where its formula, evaluated in T's IEEE arithmetic, gives NaN
//   (so relu's gradient at x = NaN is dy, leaky_relu's dy * slope, as in PyTorch). Where one
//   NaN among the values an output depends on (x, dy or y, and the slope, weight or alpha)
//   reaches it, the output carries that NaN's payload; its sign and quiet bit are unspecified
//   (a signalling NaN may come back signalling or quiet; compilers fold -1 * NaN into a
//   negation). This holds on every path: element functor, array body and tail, every
//   instruction set, g++ and clang; PReLU's dweight carries a NaN term's payload the same way.
//   Where two NaNs meet, which one comes back is unspecified.
// Floating-point environment. Results and bounds are stated for the default environment: round
//   to nearest, subnormals kept (FTZ and DAZ off). Under another rounding mode, ReLU, Leaky ReLU
//   and PReLU give their formula rounded in that mode; ELU's bounds do not hold. Under FTZ and/or
//   DAZ, ReLU, Leaky ReLU and PReLU give their formula with each subnormal input possibly read
//   as a zero of its sign and each subnormal result possibly returned as a zero of its sign;
//   ELU's results may change wherever an input, a result or an intermediate value is subnormal.
//   In every mode, the element functors on scalars give the array functions' bits (same build):
//   the arrays read the mode once per call and leave their shortcut forms while subnormals are
//   flushed. Status flags (inexact, underflow, overflow, invalid) are unspecified: padding lanes
//   and discarded branches are computed too; with floating-point traps enabled the behaviour is
//   undefined.
// Aliasing. An output may be the very same memory as an input (y == x, dx == dy, dx == x);
//   partial overlap is undefined.
// Exceptions. Every check throws std::invalid_argument naming the function, the argument and the
//   offending value (exactly: shortest round-trip form) before any output is written. PReLU may
//   also throw std::bad_alloc (it allocates on some layouts, see prelu.hpp); nothing else
//   allocates. The element functors are noexcept.
// Instruction sets. Within one build an element's result does not depend on n, its position (body
//   or padded tail), alignment, or being computed in place. Across instruction sets and
//   compilers ReLU, Leaky ReLU and PReLU's y and dx are bit-identical (NaN sign and quiet bit
//   aside); ELU and PReLU's dweight are within their bounds on each and may differ in the last
//   bits between them.

#include "detail/array_kernels.hpp"
#include "detail/config.hpp"
#include "detail/kernel.hpp"
#include "elu.hpp"
#include "leaky_relu.hpp"
#include "prelu.hpp"
#include "relu.hpp"

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <iterator>
#include <type_traits>

namespace simdact {
namespace detail {

// std::type_identity_t before C++20: keeps T deduced from the activation alone, so a nullptr
// (with n == 0) converts to the pointer parameters.
template <class T> struct type_identity {
  using type = T;
};
template <class T> using type_identity_t = typename type_identity<T>::type;

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

// The public functions are force-inlined: they only name the isa, whose kernels and checks carry
// it (and the flags of this translation unit) in their symbols.

// ---- pointer + n ------------------------------------------------------------------------

template <class Arch = xsimd::default_arch, template <class> class Act, class T,
          class = detail::if_elementwise_t<Act<T>>>
SIMDACT_INLINE void forward(const Act<T>& act, const detail::type_identity_t<T>* x,
                            detail::type_identity_t<T>* y, std::size_t n) {
  detail::forward_array<detail::isa<Arch>>(act, x, y, n);
}

template <class Arch = xsimd::default_arch, template <class> class Act, class T,
          class = detail::if_elementwise_t<Act<T>>>
SIMDACT_INLINE void backward(const Act<T>& act, const detail::type_identity_t<T>* x,
                             const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
                             std::size_t n) {
  detail::backward_array<detail::isa<Arch>>(act, x, dy, dx, n);
}

template <class Arch = xsimd::default_arch, template <class> class Act, class T,
          class = detail::if_elementwise_t<Act<T>>>
SIMDACT_INLINE void backward_from_output(const Act<T>& act, const detail::type_identity_t<T>* y,
                                         const detail::type_identity_t<T>* dy,
                                         detail::type_identity_t<T>* dx, std::size_t n) {
  detail::backward_from_output_array<detail::isa<Arch>>(act, y, dy, dx, n);
}

template <class Arch = xsimd::default_arch, class T>
SIMDACT_INLINE void forward(const prelu<T>& act, const detail::type_identity_t<T>* x,
                            detail::type_identity_t<T>* y, std::size_t n) {
  detail::forward_array<detail::isa<Arch>>(act, x, y, n);
}

// dweight (layout.channels entries) is overwritten with the sum over outer and inner of
// x > 0 ? 0 : x * dy (NaN where x is NaN). It may alias act.weight. With n == 0 it may be null
// (nothing to write); otherwise it is set to zeros.
template <class Arch = xsimd::default_arch, class T>
SIMDACT_INLINE void backward(const prelu<T>& act, const detail::type_identity_t<T>* x,
                             const detail::type_identity_t<T>* dy, detail::type_identity_t<T>* dx,
                             detail::type_identity_t<T>* dweight, std::size_t n) {
  detail::backward_array<detail::isa<Arch>>(act, x, dy, dx, dweight, n);
}

// ---- ranges -----------------------------------------------------------------------------

template <class Arch = xsimd::default_arch, class Act, class X, class Y,
          class = std::enable_if_t<detail::are_ranges_v<X, Y>>>
SIMDACT_INLINE auto forward(const Act& act, const X& x, Y&& y)
    -> decltype(forward<Arch>(act, std::data(x), std::data(y), std::size_t{})) {
  detail::require_same_size<detail::isa<Arch>>("forward", "x", std::size(x), "y", std::size(y));
  forward<Arch>(act, std::data(x), std::data(y), std::size(x));
}

template <class Arch = xsimd::default_arch, class Act, class X, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX>>>
SIMDACT_INLINE auto backward(const Act& act, const X& x, const DY& dy, DX&& dx)
    -> decltype(backward<Arch>(act, std::data(x), std::data(dy), std::data(dx), std::size_t{})) {
  using isa = detail::isa<Arch>;
  detail::require_same_size<isa>("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size<isa>("backward", "x", std::size(x), "dx", std::size(dx));
  backward<Arch>(act, std::data(x), std::data(dy), std::data(dx), std::size(x));
}

template <class Arch = xsimd::default_arch, class Act, class Y, class DY, class DX,
          class = std::enable_if_t<detail::are_ranges_v<Y, DY, DX>>>
SIMDACT_INLINE auto backward_from_output(const Act& act, const Y& y, const DY& dy, DX&& dx)
    -> decltype(backward_from_output<Arch>(act, std::data(y), std::data(dy), std::data(dx),
                                           std::size_t{})) {
  using isa = detail::isa<Arch>;
  detail::require_same_size<isa>("backward_from_output", "y", std::size(y), "dy", std::size(dy));
  detail::require_same_size<isa>("backward_from_output", "y", std::size(y), "dx", std::size(dx));
  backward_from_output<Arch>(act, std::data(y), std::data(dy), std::data(dx), std::size(y));
}

template <class Arch = xsimd::default_arch, class T, class X, class DY, class DX, class DW,
          class = std::enable_if_t<detail::are_ranges_v<X, DY, DX, DW>>>
SIMDACT_INLINE auto backward(const prelu<T>& act, const X& x, const DY& dy, DX&& dx, DW&& dweight)
    -> decltype(backward<Arch>(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight),
                               std::size_t{})) {
  using isa = detail::isa<Arch>;
  detail::require_layout<isa>(act, std::size(x), "backward");
  detail::require_same_size<isa>("backward", "x", std::size(x), "dy", std::size(dy));
  detail::require_same_size<isa>("backward", "x", std::size(x), "dx", std::size(dx));
  detail::require_same_size<isa>("backward", "dweight", std::size(dweight), "layout.channels",
                                 act.layout.channels);
  backward<Arch>(act, std::data(x), std::data(dy), std::data(dx), std::data(dweight), std::size(x));
}

} // namespace simdact
