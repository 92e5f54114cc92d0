#pragma once

// ReLU on bfloat16 and float16 storage, computed on the 16-bit lanes themselves. Its three
// operations only select: the result is an input value or +0, so widening to float, the float
// relu and rounding back (half_kernel.hpp) reduce to a few integer compares per batch, with the
// same bits. The rules, on the 16-bit patterns read as int16 (sign bit = negative int16):
//   forward               +0 where x is negative, not -0 and not NaN; x elsewhere
//   backward              +0 where x is +-0 or negative and not NaN; dy elsewhere
//   backward_from_output  the backward rule on y
// and a NaN result gets its quiet bit, as the rounding of the float path sets it.

#include "../bfloat16.hpp"
#include "../float16.hpp"
#include "../relu.hpp"
#include "config.hpp"
#include "half_convert.hpp"
#include "kernel.hpp"

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace simdact::detail {

template <class H> struct half_bits;
template <> struct half_bits<bfloat16> {
  static constexpr std::int16_t infinity = 0x7f80;
  static constexpr std::int16_t quiet = 0x0040;
};
template <> struct half_bits<float16> {
  static constexpr std::int16_t infinity = 0x7c00;
  static constexpr std::int16_t quiet = 0x0200;
};

// ReLU's rules on batches of 16-bit patterns (I: xsimd::batch<std::int16_t, A>): forward with one
// argument, backward with two.
template <class H> struct relu_on_bits {
  static constexpr std::int16_t infinity = half_bits<H>::infinity;
  static constexpr std::int16_t negative_infinity = static_cast<std::int16_t>(infinity | -0x8000);

  template <class I> static SIMDACT_INLINE I quieted(const I& v) noexcept {
    const auto nan = (v & I(0x7fff)) > I(infinity);
    return xsimd::select(nan, v | I(half_bits<H>::quiet), v);
  }

  template <class I> SIMDACT_INLINE I operator()(const I& x) const noexcept {
    // x - 1 wraps -0 (int16 minimum) to the maximum; it is below -inf's pattern exactly for the
    // negative numbers from the smallest subnormal to -inf.
    const auto negative = (x - I(1)) < I(negative_infinity);
    return xsimd::select(negative, I(0), quieted(x));
  }

  template <class I> SIMDACT_INLINE I operator()(const I& x, const I& dy) const noexcept {
    // +0, or -0 and the negative numbers up to -inf (int16 minimum to -inf's pattern).
    const auto nonpositive = (x == I(0)) |
                             (x < I(static_cast<std::int16_t>(negative_infinity + 1)));
    return xsimd::select(nonpositive, I(0), quieted(dy));
  }
};

template <class A> using bits16 = xsimd::batch<std::int16_t, A>;

// The 16-bit patterns at p (bfloat16 and float16 hold a std::uint16_t, which int16_t may alias).
template <class Isa, class H> SIMDACT_INLINE bits16<typename Isa::arch> load_bits(const H* p) {
  return load_batch<Isa>(reinterpret_cast<const std::int16_t*>(p));
}
template <class A, class H> SIMDACT_INLINE void store_bits(H* p, const bits16<A>& b) {
  b.store_unaligned(reinterpret_cast<std::int16_t*>(p));
}

// The first count patterns at p, the other lanes +0; and the first count lanes stored at p.
template <class A, class H>
SIMDACT_INLINE bits16<A> load_bits_partial(const H* p, std::size_t count) noexcept {
  alignas(64) std::int16_t buffer[bits16<A>::size] = {};
  std::memcpy(buffer, p, count * sizeof(H));
  return bits16<A>::load_aligned(buffer);
}
template <class A, class H>
SIMDACT_INLINE void store_bits_partial(H* p, const bits16<A>& b, std::size_t count) noexcept {
  alignas(64) std::int16_t buffer[bits16<A>::size];
  b.store_aligned(buffer);
  std::memcpy(p, buffer, count * sizeof(H));
}

// out[i] = f(in[i]...) for i < n, f taking and returning batches of 16-bit patterns.
template <class Isa, class H, class F, class... In>
SIMDACT_FLATTEN void transform_bits(std::size_t n, H* out, const F& function, const In*... in) {
  static_assert((std::is_same_v<In, H> && ...));
  using A = typename Isa::arch;
  constexpr std::size_t L = bits16<A>::size;
  const F f = function; // see transform_loop
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const bits16<A> first = f(load_bits<Isa>(in + i)...);
    const bits16<A> second = f(load_bits<Isa>(in + i + L)...);
    store_bits<A>(out + i, first);
    store_bits<A>(out + i + L, second);
  }
  for (; i + L <= n; i += L) {
    store_bits<A>(out + i, f(load_bits<Isa>(in + i)...));
  }
  if (i < n) {
    store_bits_partial<A>(out + i, f(load_bits_partial<A>(in + i, n - i)...), n - i);
  }
}

// Overloads of array_kernels.hpp's element-wise steps, more specialized: relu on 16-bit storage.
template <class Isa, class H, class = std::enable_if_t<is_half_v<H>>>
SIMDACT_INLINE void forward_elements(const relu<H>&, const H* x, H* y, std::size_t n) {
  transform_bits<Isa>(n, y, relu_on_bits<H>{}, x);
}
template <class Isa, class H, class = std::enable_if_t<is_half_v<H>>>
SIMDACT_INLINE void backward_elements(const relu<H>&, const H* x, const H* dy, H* dx,
                                      std::size_t n) {
  transform_bits<Isa>(n, dx, relu_on_bits<H>{}, x, dy);
}
template <class Isa, class H, class = std::enable_if_t<is_half_v<H>>>
SIMDACT_INLINE void backward_from_output_elements(const relu<H>& act, const H* y, const H* dy,
                                                  H* dx, std::size_t n) {
  backward_elements<Isa>(act, y, dy, dx, n); // the same rule on y
}

} // namespace simdact::detail
