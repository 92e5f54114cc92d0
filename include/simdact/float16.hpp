#pragma once

// simdact::float16: 16-bit storage for activations in IEEE 754 binary16 (1 sign, 5 exponent, 10
// fraction bits; largest finite 65504, subnormals down to 2^-24). Arithmetic happens in float:
// widen exactly, compute, round once.
//
// The type is trivially copyable and standard layout, sizeof 2, and holds nothing but the bits,
// so any buffer of 2-byte binary16 values can be passed to simdact's array functions by pointer
// cast (reinterpret_cast<simdact::float16*>(p)): std::uint16_t bits read from a model file,
// Eigen::half, _Float16, ARM's __fp16, C++23 std::float16_t, PyTorch's c10::Half. The array
// kernels touch such memory only through SIMD loads and stores or std::memcpy, never through a
// float16 lvalue.

#include "bfloat16.hpp" // detail::bits_of, detail::float_of
#include "detail/config.hpp"

#include <cstdint>
#include <type_traits>

namespace simdact {

namespace detail {

// Round to nearest, ties to even. Normal results round on the bits as bfloat16 does (the carry
// runs into the exponent, and from 65520 up to infinity); results below 2^-14 are subnormal and
// round at the fixed spacing 2^-24. A NaN keeps its sign and upper payload, quiet bit set.
constexpr std::uint16_t float16_bits_from_float_bits(std::uint32_t u) noexcept {
  const auto sign = static_cast<std::uint16_t>((u >> 16) & 0x8000u);
  const std::uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) {
    return static_cast<std::uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  }
  if (a >= 0x477ff000u) { // 65520: halfway between 65504 and the next power of two
    return static_cast<std::uint16_t>(sign | 0x7c00u);
  }
  if (a >= 0x38800000u) { // 2^-14 and up: normal; rebias the exponent from 127 to 15
    return static_cast<std::uint16_t>(sign | ((a - 0x38000000u + 0xfffu + ((a >> 13) & 1u)) >> 13));
  }
  const std::uint32_t exponent = a >> 23;
  if (exponent < 102) { // below 2^-25, half the smallest subnormal: zero
    return sign;
  }
  // a = m * 2^(exponent - 150); the result counts units of 2^-24.
  const std::uint32_t m = (a & 0x7fffffu) | 0x800000u;
  const std::uint32_t shift = 126 - exponent; // 14 to 24
  const std::uint32_t kept = m >> shift;
  const std::uint32_t dropped = m & ((1u << shift) - 1u);
  const std::uint32_t half = 1u << (shift - 1u);
  const bool up = dropped > half || (dropped == half && (kept & 1u) != 0);
  return static_cast<std::uint16_t>(sign | (kept + (up ? 1u : 0u)));
}

inline std::uint32_t float_bits_from_float16_bits(std::uint16_t h) noexcept {
  const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1fu;
  const std::uint32_t fraction = h & 0x3ffu;
  if (exponent == 0x1f) { // infinity, or NaN with its payload kept and quiet bit set
    return sign | 0x7f800000u | (fraction << 13) | (fraction != 0 ? 0x00400000u : 0u);
  }
  if (exponent == 0) { // zero or subnormal: fraction * 2^-24, exact in float
    return sign | bits_of(static_cast<float>(fraction) * 0x1p-24f);
  }
  return sign | ((exponent + 112) << 23) | (fraction << 13);
}

} // namespace detail

struct float16 {
  float16() = default; // uninitialized, like float
  // Rounds to nearest even; subnormals are kept; NaN stays a (quiet) NaN of the same sign; from
  // 65520 up (in magnitude) it becomes infinity.
  explicit float16(float f) noexcept
      : bits_(detail::float16_bits_from_float_bits(detail::bits_of(f))) {}
  // Exact: every float16 is a float. (A signalling NaN comes back quiet, as from F16C and
  // fcvtl: IEEE conversions quiet it.)
  explicit operator float() const noexcept {
    return detail::float_of(detail::float_bits_from_float16_bits(bits_));
  }

  static constexpr float16 from_bits(std::uint16_t b) noexcept { return float16(b, raw{}); }
  constexpr std::uint16_t to_bits() const noexcept { return bits_; }

private:
  struct raw {};
  constexpr float16(std::uint16_t b, raw) noexcept : bits_(b) {}

  std::uint16_t bits_;
};

static_assert(sizeof(float16) == 2 && alignof(float16) == alignof(std::uint16_t));
static_assert(std::is_trivially_copyable_v<float16> && std::is_standard_layout_v<float16>);

} // namespace simdact
