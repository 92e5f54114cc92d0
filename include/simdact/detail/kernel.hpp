#pragma once

// The loop every array-level function runs: full batches, then the tail padded into one more
// batch, so each element goes through the same arithmetic whatever n, offset or alignment.

#include "value.hpp"

#include <cstddef>
#include <type_traits>
#include <utility>

namespace simdact::detail {

template <class T> inline constexpr std::size_t lanes = native_batch<T>::size;

template <class F, std::size_t... I>
SIMDACT_INLINE void unrolled(const F& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}

// f(0), f(1), ..., f(K - 1), unrolled before the compiler decides what lives in registers: an
// array of batches indexed only by constants stays in them. g++ 12 unrolls a plain loop of 8
// too late and keeps such arrays on the stack (PReLU backward: 2x slower).
template <std::size_t K, class F> SIMDACT_INLINE void unrolled(const F& f) {
  unrolled(f, std::make_index_sequence<K>{});
}

// out[i] = f(in[i]...) for i < n, f taking and returning native batches. out may equal any in.
// The loop itself, for kernels that run it many times (PReLU: once per run or row)...
template <class T, class F, class... In>
inline void transform_loop(std::size_t n, T* out, const F& function, const In*... in) {
  using B = native_batch<T>;
  // A local copy: the caller's object could alias out, which would force reloading its
  // parameters (alpha, slopes) after every store.
  const F f = function;
  constexpr std::size_t L = B::size;
  std::size_t i = 0;
  // Two independent batches per iteration give the out-of-order core more to overlap.
  for (; i + 2 * L <= n; i += 2 * L) {
    const B first = f(B::load_unaligned(in + i)...);
    const B second = f(B::load_unaligned(in + i + L)...);
    first.store_unaligned(out + i);
    second.store_unaligned(out + i + L);
  }
  for (; i + L <= n; i += L) {
    f(B::load_unaligned(in + i)...).store_unaligned(out + i);
  }
  if (i == n) {
    return;
  }
  // Zeros in the padding are harmless inputs for every activation.
  const std::size_t rest = n - i;
  store_partial(out + i, f(load_partial(in + i, rest, typename B::arch_type{})...), rest);
}

// ...and as a kernel of its own, for the array functions.
template <class T, class F, class... In>
SIMDACT_FLATTEN void transform(std::size_t n, T* out, const F& function, const In*... in) {
  transform_loop(n, out, function, in...);
}

} // namespace simdact::detail
