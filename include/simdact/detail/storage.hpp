#pragma once

// Arrays of a storage type S read and written as batches of its compute type (value.hpp), for
// kernels written once for every S: float and double load and store as they are (the functions
// below are then exactly load_batch, store_unaligned and transform_loop of kernel.hpp), bfloat16
// and float16 are widened exactly on the way in and rounded once on the way out (half_convert.hpp).
// Each input pointer of a loop may have its own type: a 16-bit array beside float slopes, say.

#include "config.hpp"
#include "half_convert.hpp"
#include "half_kernel.hpp"
#include "kernel.hpp"
#include "lane_ops.hpp"
#include "value.hpp"

#include <cstddef>
#include <cstring>
#include <type_traits>

namespace simdact::detail {

// The batch of Isa that values of S are computed in.
template <class S, class Isa> using values_t = batch_t<compute_t<S>, Isa>;

template <class Isa, class S> SIMDACT_INLINE values_t<S, Isa> load_values(const S* p) noexcept {
  if constexpr (is_half_v<S>) {
    return widen<typename Isa::arch>(p);
  } else {
    return load_batch<Isa>(p);
  }
}

template <class Isa, class S>
SIMDACT_INLINE void store_values(S* p, const values_t<S, Isa>& x) noexcept {
  if constexpr (is_half_v<S>) {
    narrow<typename Isa::arch>(p, x);
  } else {
    x.store_unaligned(p);
  }
}

// The first count (< batch size) values at p, zeros in the other lanes; and the first count
// lanes stored at p. Nothing past p + count is touched.
template <class Isa, class S>
SIMDACT_INLINE values_t<S, Isa> load_values_partial(const S* p, std::size_t count) noexcept {
  if constexpr (is_half_v<S>) {
    return widen_partial<typename Isa::arch>(p, count);
  } else {
    return load_partial(p, count, typename Isa::arch{});
  }
}

template <class Isa, class S>
SIMDACT_INLINE void store_values_partial(S* p, const values_t<S, Isa>& x,
                                         std::size_t count) noexcept {
  if constexpr (is_half_v<S>) {
    narrow_partial<typename Isa::arch>(p, x, count);
  } else {
    store_partial(p, x, count);
  }
}

// transform_loop (kernel.hpp) for arrays of any storage types: out[i] = f(in[i]...), f taking and
// returning batches of the compute type. out may equal any in.
template <class Isa, class S, class F, class... In>
SIMDACT_INLINE void transform_values_loop(std::size_t n, S* out, const F& function,
                                          const In*... in) {
  if constexpr (!is_half_v<S> && !(is_half_v<In> || ...)) {
    transform_loop<Isa>(n, out, function, in...);
  } else {
    using B = values_t<S, Isa>;
    constexpr std::size_t L = B::size;
    const F f = function; // see transform_loop
    std::size_t i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      const B first = f(load_values<Isa>(in + i)...);
      const B second = f(load_values<Isa>(in + i + L)...);
      store_values<Isa>(out + i, first);
      store_values<Isa>(out + i + L, second);
    }
    for (; i + L <= n; i += L) {
      store_values<Isa>(out + i, f(load_values<Isa>(in + i)...));
    }
    if (i == n) {
      return;
    }
    const std::size_t rest = n - i;
    store_values_partial<Isa>(out + i, f(load_values_partial<Isa>(in + i, rest)...), rest);
  }
}

// A sum kept in double (PReLU's dweight) stored as S: rounded once. For the 16-bit types through
// round_to_odd, so that going via float does not round twice. Through memcpy: no lvalue of the
// 16-bit types touches the user's memory (see bfloat16.hpp).
template <class S> SIMDACT_INLINE void store_sum(S* p, double sum) noexcept {
  if constexpr (is_half_v<S>) {
    const S rounded(round_to_odd(sum));
    std::memcpy(p, &rounded, sizeof rounded);
  } else {
    *p = static_cast<S>(sum);
  }
}

} // namespace simdact::detail
