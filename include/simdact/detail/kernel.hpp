#pragma once

// The loop every array-level function runs: full batches, then the tail padded into one more
// batch, so each element goes through the same arithmetic whatever n, offset or alignment.

#include "config.hpp"
#include "lane_ops.hpp"

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace simdact::detail {

// The instruction set a kernel runs (Arch) and the one its translation unit is compiled for
// (Build). Every kernel that is not force-inlined takes an isa as its first template argument, so
// both are in its name: files compiled with different flags into one program never share a
// kernel's symbol, whose code would differ (see the ODR note in docs/dispatch.md).
template <class Arch, class Build = xsimd::default_arch> struct isa {
  using arch = Arch;
};

template <class T, class Isa> using batch_t = xsimd::batch<T, typename Isa::arch>;
template <class T, class Isa> inline constexpr std::size_t lanes = batch_t<T, Isa>::size;

// A batch of p[0..lanes) for the loops below, loaded into a register once. g++ 12 otherwise
// folds the load into the compare that uses it and loads the same bytes again for the rest of
// the arithmetic: two loads per batch where the roofline has one. The empty asm only tells the
// compiler the value is in a register it may not look through.
template <class Isa, class T> SIMDACT_INLINE batch_t<T, Isa> load_batch(const T* p) noexcept {
  typename batch_t<T, Isa>::register_type r = batch_t<T, Isa>::load_unaligned(p);
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  asm("" : "+v"(r));
#endif
  return r;
}

template <class F, std::size_t... I>
SIMDACT_INLINE void unrolled(const F& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}

// f(0), f(1), ..., f(K - 1), unrolled before the compiler decides what lives in registers: an
// array of batches indexed only by constants stays in them. g++ 12 unrolls a plain loop of 8
// too late and keeps such arrays on the stack.
template <std::size_t K, class F> SIMDACT_INLINE void unrolled(const F& f) {
  unrolled(f, std::make_index_sequence<K>{});
}

template <class F, std::size_t... I>
SIMDACT_INLINE bool with_count(std::size_t count, const F& f, std::index_sequence<I...>) {
  return ((count == I + 1 && (f(std::integral_constant<std::size_t, I + 1>{}), true)) || ...);
}

// f(K) with K = count as a compile-time constant, for loops unrolled K times; false, and no
// call, unless 1 <= count <= N.
template <std::size_t N, class F> SIMDACT_INLINE bool with_count(std::size_t count, const F& f) {
  return with_count(count, f, std::make_index_sequence<N>{});
}

template <class F, std::size_t... I>
SIMDACT_INLINE bool with_power_of_two(std::size_t count, const F& f, std::index_sequence<I...>) {
  return ((count == (std::size_t(1) << I) &&
           (f(std::integral_constant<std::size_t, std::size_t(1) << I>{}), true)) ||
          ...);
}

// f(K) with K = count as a compile-time constant, for count = 1, 2, 4, ..., 2^Log2N; false, and
// no call, for any other count: unrolled loops for the most common lengths, at a fraction of the
// code (and compile time) of every length.
template <std::size_t Log2N, class F>
SIMDACT_INLINE bool with_power_of_two(std::size_t count, const F& f) {
  return with_power_of_two(count, f, std::make_index_sequence<Log2N + 1>{});
}

// out[i] = f(in[i]...) for i < n, f taking and returning batches of Isa. out may equal any in.
// The loop itself, for kernels that run it many times (PReLU: once per run or row)...
template <class Isa, class T, class F, class... In>
SIMDACT_INLINE void transform_loop(std::size_t n, T* out, const F& function, const In*... in) {
  using B = batch_t<T, Isa>;
  // A local copy: the caller's object could alias out, which would force reloading its
  // parameters (alpha, slopes) after every store.
  const F f = function;
  constexpr std::size_t L = B::size;
  std::size_t i = 0;
  // Two independent batches per iteration give the out-of-order core more to overlap.
  for (; i + 2 * L <= n; i += 2 * L) {
    const B first = f(load_batch<Isa>(in + i)...);
    const B second = f(load_batch<Isa>(in + i + L)...);
    first.store_unaligned(out + i);
    second.store_unaligned(out + i + L);
  }
  for (; i + L <= n; i += L) {
    f(load_batch<Isa>(in + i)...).store_unaligned(out + i);
  }
  if (i == n) {
    return;
  }
  // Zeros in the padding are harmless inputs for every activation.
  const std::size_t rest = n - i;
  store_partial(out + i, f(load_partial(in + i, rest, typename Isa::arch{})...), rest);
}

// ...and as a kernel of its own, for the array functions.
template <class Isa, class T, class F, class... In>
SIMDACT_FLATTEN void transform(std::size_t n, T* out, const F& function, const In*... in) {
  transform_loop<Isa>(n, out, function, in...);
}

} // namespace simdact::detail
