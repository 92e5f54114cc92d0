#pragma once

// Batches of bfloat16 or float16 to and from batches of float: widening is exact, narrowing
// rounds to nearest even exactly as the scalar constructors do, bit for bit, NaN payloads
// included. The arithmetic is written once on xsimd's 32-bit integer lanes; moving 16-bit lanes
// in and out of them, and the conversion instructions some targets have, are in arch/*_half.hpp.

#include "../bfloat16.hpp"
#include "../float16.hpp"
#include "arch/neon_half.hpp"
#include "arch/x86_half.hpp"
#include "config.hpp"
#include "xsimd_compat.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

// GCC bug 105593 (see config.hpp) fires inside xsimd's AVX-512 shifts inlined here.
SIMDACT_GCC_105593_OFF

namespace simdact::detail {

template <class H>
inline constexpr bool is_half_v = std::is_same_v<H, bfloat16> || std::is_same_v<H, float16>;

template <class A> using int_lanes = xsimd::batch<std::int32_t, A>;

// The lanes' 16-bit values at p, zero-extended; and lanes holding int16 values (the 16-bit
// result sign-extended, which the narrowing below produces) stored at p as 16 bits. Unaligned;
// p is accessed as bytes.
template <class A> SIMDACT_INLINE int_lanes<A> load_16bit_lanes(const void* p) noexcept {
  if constexpr (x86_has_16bit_lane_moves_v<A>) {
    return x86_load_16bit_lanes<A>(p);
  } else if constexpr (neon_has_16bit_lanes_v<A>) {
    return neon_load_16bit_lanes<A>(p);
  } else {
    constexpr std::size_t L = int_lanes<A>::size;
    std::uint16_t h[L];
    alignas(64) std::int32_t w[L];
    std::memcpy(h, p, sizeof h);
    for (std::size_t i = 0; i < L; ++i) {
      w[i] = h[i];
    }
    return int_lanes<A>::load_aligned(w);
  }
}
template <class A> SIMDACT_INLINE void store_16bit_lanes(void* p, const int_lanes<A>& x) noexcept {
  if constexpr (x86_has_16bit_lane_moves_v<A>) {
    x86_store_16bit_lanes<A>(p, x);
  } else if constexpr (neon_has_16bit_lanes_v<A>) {
    neon_store_16bit_lanes<A>(p, x);
  } else {
    constexpr std::size_t L = int_lanes<A>::size;
    alignas(64) std::int32_t w[L];
    std::uint16_t h[L];
    x.store_aligned(w);
    for (std::size_t i = 0; i < L; ++i) {
      h[i] = static_cast<std::uint16_t>(w[i]);
    }
    std::memcpy(p, h, sizeof h);
  }
}

// ---- on the integer lanes: the same steps as bfloat16.hpp and float16.hpp ------------------

template <class A>
SIMDACT_INLINE xsimd::batch<float, A> widen_bfloat16(const int_lanes<A>& h) noexcept {
  return bits_as<float>(shift_left(h, 16));
}

// The result in the upper half of each lane; the lower half is left over.
template <class A>
SIMDACT_INLINE int_lanes<A> round_to_bfloat16(const xsimd::batch<float, A>& x) noexcept {
  using I = int_lanes<A>;
  const I u = bits_as<std::int32_t>(x);
  const I rounded = u + I(0x7fff) + (shift_right(u, 16) & I(1));
  const auto quiet_nan = bits_as<float>(u | I(0x00400000));
  // x == x is false exactly for NaN. (xsimd 8's isnan negates a compare, and g++ 12 leaves that
  // out of line on NEON under the inlining check's parameters.)
  return bits_as<std::int32_t>(xsimd::select(x == x, bits_as<float>(rounded), quiet_nan));
}

// The result sign-extended in each lane (the arithmetic shift does it), as stores want it.
template <class A>
SIMDACT_INLINE int_lanes<A> narrow_bfloat16(const xsimd::batch<float, A>& x) noexcept {
  return shift_right(round_to_bfloat16(x), 16);
}

// h's upper 16 bits are ignored.
template <class A>
SIMDACT_INLINE xsimd::batch<float, A> widen_float16(const int_lanes<A>& h) noexcept {
  using I = int_lanes<A>;
  using F = xsimd::batch<float, A>;
  const I shifted = shift_left(h & I(0x7fff), 13); // exponent and fraction in float's places
  const I exponent = shifted & I(0x0f800000);
  const I rebiased = shifted + I(0x38000000); // 127 - 15
  // Infinity and NaN get float's all-ones exponent; NaN its quiet bit, as conversion
  // instructions set it.
  const I special = (rebiased + I(0x38000000)) |
                    (xsimd::select(shifted > I(0x0f800000), I(0x00400000), I(0)));
  // Zero and subnormals: 2^-14 * (1 + f / 1024) - 2^-14 = f * 2^-24, exact.
  const F tiny = bits_as<float>(rebiased + I(0x00800000)) - F(0x1p-14f);
  const I magnitude = xsimd::select(
      exponent == I(0x0f800000), special,
      xsimd::select(exponent == I(0), bits_as<std::int32_t>(tiny), rebiased));
  return bits_as<float>(magnitude | shift_left(h & I(0x8000), 16));
}

template <class A>
SIMDACT_INLINE int_lanes<A> narrow_float16(const xsimd::batch<float, A>& x) noexcept {
  using I = int_lanes<A>;
  using F = xsimd::batch<float, A>;
  const I u = bits_as<std::int32_t>(x);
  const I a = u & I(0x7fffffff);
  const I normal = shift_right(a - I(0x38000000) + I(0xfff) + (shift_right(a, 13) & I(1)), 13);
  // Below 2^-14, adding 0.5 puts the float's last place at 2^-24, the float16 subnormal spacing,
  // so the addition itself rounds to nearest even there (and yields 0x400 for 2^-14 itself).
  const I subnormal = bits_as<std::int32_t>(bits_as<float>(a) + F(0.5f)) - I(0x3f000000);
  const I nan = I(0x7e00) | (shift_right(a, 13) & I(0x3ff));
  const I magnitude = xsimd::select(
      a < I(0x38800000), subnormal,
      xsimd::select(a < I(0x477ff000), normal, xsimd::select(a > I(0x7f800000), nan, I(0x7c00))));
  return magnitude | shift_left(shift_right(u, 31), 15); // the sign, sign-extended: 0 or 0xffff8000
}

// ---- the interface for the kernels ---------------------------------------------------------

// xsimd::batch<float, A>::size values at p.
template <class A, class H> SIMDACT_INLINE xsimd::batch<float, A> widen(const H* p) noexcept {
  static_assert(is_half_v<H>);
  if constexpr (std::is_same_v<H, float16> && x86_has_float16_conversion_v<A>) {
    return x86_widen_float16<A>(p);
  } else if constexpr (std::is_same_v<H, float16> && neon_has_16bit_lanes_v<A>) {
    return neon_widen_float16<A>(p);
  } else if constexpr (std::is_same_v<H, float16>) {
    return widen_float16<A>(load_16bit_lanes<A>(p));
  } else {
    return widen_bfloat16<A>(load_16bit_lanes<A>(p));
  }
}

template <class A, class H>
SIMDACT_INLINE void narrow(H* p, const xsimd::batch<float, A>& x) noexcept {
  static_assert(is_half_v<H>);
  if constexpr (std::is_same_v<H, float16> && x86_has_float16_conversion_v<A>) {
    x86_narrow_float16<A>(p, x);
  } else if constexpr (std::is_same_v<H, float16> && neon_has_16bit_lanes_v<A>) {
    neon_narrow_float16<A>(p, x);
  } else if constexpr (std::is_same_v<H, float16>) {
    store_16bit_lanes<A>(p, narrow_float16<A>(x));
  } else if constexpr (x86_has_bfloat16_conversion_v<A>) {
    if (!x86_narrow_bfloat16<A>(p, x)) {
      store_16bit_lanes<A>(p, narrow_bfloat16<A>(x));
    }
  } else {
    store_16bit_lanes<A>(p, narrow_bfloat16<A>(x));
  }
}

// The first count (< batch size) values at p, zeros in the other lanes; nothing past p + count
// is read. And the first count lanes stored at p, nothing past p + count written.
template <class A, class H>
SIMDACT_INLINE xsimd::batch<float, A> widen_partial(const H* p, std::size_t count) noexcept {
  H buffer[xsimd::batch<float, A>::size] = {};
  std::memcpy(buffer, p, count * sizeof(H));
  return widen<A>(buffer);
}
template <class A, class H>
SIMDACT_INLINE void narrow_partial(H* p, const xsimd::batch<float, A>& x,
                                   std::size_t count) noexcept {
  H buffer[xsimd::batch<float, A>::size];
  narrow<A>(buffer, x);
  std::memcpy(p, buffer, count * sizeof(H));
}

// ---- pairs of batches, for element-wise loops ----------------------------------------------

// 2L values (L = batch<float, A>::size) at p as two batches, and two batches rounded into 2L
// values at p. Which value goes to which lane of which batch is the pair functions' own business
// (the same for a given A and H, and not memory order in general), which element-wise work does
// not mind: bfloat16 and integer float16 then take the values at even places from the lower
// halves of 32-bit lanes and those at odd places from the upper halves, and put them back there,
// with no shuffle between 16-bit and 32-bit lanes.
template <class A> struct float_pair {
  xsimd::batch<float, A> first, second;
};

template <class A, class H>
inline constexpr bool pairs_in_halves_v =
    !(std::is_same_v<H, float16> &&
      (x86_has_float16_conversion_v<A> || neon_has_16bit_lanes_v<A>)) &&
    !(std::is_same_v<H, bfloat16> && x86_has_bfloat16_conversion_v<A>);

// A register's worth of bytes at p, unaligned.
template <class A> SIMDACT_INLINE int_lanes<A> load_32bit_lanes(const void* p) noexcept {
  if constexpr (x86_has_16bit_lane_moves_v<A>) {
    return x86_load_32bit_lanes<A>(p);
  } else if constexpr (neon_has_16bit_lanes_v<A>) {
    return neon_load_32bit_lanes<A>(p);
  } else {
    alignas(64) std::int32_t w[int_lanes<A>::size];
    std::memcpy(w, p, sizeof w);
    return int_lanes<A>::load_aligned(w);
  }
}
template <class A> SIMDACT_INLINE void store_32bit_lanes(void* p, const int_lanes<A>& x) noexcept {
  if constexpr (x86_has_16bit_lane_moves_v<A>) {
    x86_store_32bit_lanes<A>(p, x);
  } else if constexpr (neon_has_16bit_lanes_v<A>) {
    neon_store_32bit_lanes<A>(p, x);
  } else {
    alignas(64) std::int32_t w[int_lanes<A>::size];
    x.store_aligned(w);
    std::memcpy(p, w, sizeof w);
  }
}

// Each 32-bit lane: the lower half of low's, the upper half of high's.
template <class A>
SIMDACT_INLINE int_lanes<A> join_16bit_halves(const int_lanes<A>& low,
                                              const int_lanes<A>& high) noexcept {
  if constexpr (x86_has_16bit_lane_moves_v<A>) {
    return x86_join_16bit_halves<A>(low, high);
  } else {
    using I = int_lanes<A>;
    return (low & I(0xffff)) | (high & I(~0xffff));
  }
}

template <class A, class H> SIMDACT_INLINE float_pair<A> widen_pair(const H* p) noexcept {
  static_assert(is_half_v<H>);
  using I = int_lanes<A>;
  if constexpr (!pairs_in_halves_v<A, H>) {
    return {widen<A>(p), widen<A>(p + xsimd::batch<float, A>::size)};
  } else if constexpr (std::is_same_v<H, bfloat16>) {
    const I v = load_32bit_lanes<A>(p);
    return {bits_as<float>(shift_left(v, 16)), bits_as<float>(v & I(~0xffff))};
  } else {
    const I v = load_32bit_lanes<A>(p);
    return {widen_float16<A>(v), widen_float16<A>(shift_right(v, 16))};
  }
}

template <class A, class H>
SIMDACT_INLINE void narrow_pair(H* p, const xsimd::batch<float, A>& first,
                                const xsimd::batch<float, A>& second) noexcept {
  static_assert(is_half_v<H>);
  if constexpr (std::is_same_v<H, bfloat16> && x86_has_bfloat16_conversion_v<A>) {
    if (!x86_narrow_bfloat16_pair<A>(p, first, second)) {
      store_16bit_lanes<A>(p, narrow_bfloat16<A>(first));
      store_16bit_lanes<A>(p + xsimd::batch<float, A>::size, narrow_bfloat16<A>(second));
    }
  } else if constexpr (!pairs_in_halves_v<A, H>) {
    narrow<A>(p, first);
    narrow<A>(p + xsimd::batch<float, A>::size, second);
  } else if constexpr (std::is_same_v<H, bfloat16>) {
    const int_lanes<A> low = shift_right(round_to_bfloat16(first), 16);
    store_32bit_lanes<A>(p, join_16bit_halves<A>(low, round_to_bfloat16(second)));
  } else {
    const int_lanes<A> high = shift_left(narrow_float16(second), 16);
    store_32bit_lanes<A>(p, join_16bit_halves<A>(narrow_float16(first), high));
  }
}

} // namespace simdact::detail

SIMDACT_GCC_105593_ON
