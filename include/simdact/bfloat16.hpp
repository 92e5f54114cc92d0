#pragma once

// simdact::bfloat16: 16-bit storage for activations, the upper half of an IEEE float (1 sign, 8
// exponent, 7 fraction bits). Arithmetic happens in float: widen exactly, compute, round once.
//
// The type is trivially copyable and standard layout, sizeof 2, and holds nothing but the bits,
// so any buffer of 2-byte values with the same encoding can be passed to simdact's array
// functions by pointer cast (reinterpret_cast<simdact::bfloat16*>(p)): std::uint16_t bits read
// from a model file, Eigen::bfloat16, __bf16, C++23 std::bfloat16_t, PyTorch's c10::BFloat16
// (a tensor's data_ptr()). The array kernels touch such memory only through SIMD loads and
// stores or std::memcpy, never through a bfloat16 lvalue.

#include "detail/config.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace simdact {

namespace detail {

SIMDACT_INLINE std::uint32_t bits_of(float f) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
SIMDACT_INLINE float float_of(std::uint32_t u) noexcept {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// Round to nearest, ties to even, on the bits: adding 0x7fff plus the lowest kept bit carries
// into the kept bits exactly when the dropped ones are above half, or half and the kept part odd.
// The carry runs on into the exponent where it should (the largest floats become infinity).
// A NaN keeps its sign and upper payload, with the quiet bit set so that it cannot become inf.
constexpr std::uint16_t bfloat16_bits_from_float_bits(std::uint32_t u) noexcept {
  if ((u & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<std::uint16_t>((u >> 16) | 0x0040u);
  }
  return static_cast<std::uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

} // namespace detail

struct bfloat16 {
  bfloat16() = default; // uninitialized, like float
  // Rounds to nearest even; NaN stays a (quiet) NaN of the same sign; beyond the largest finite
  // bfloat16 it becomes infinity.
  explicit bfloat16(float f) noexcept
      : bits_(detail::bfloat16_bits_from_float_bits(detail::bits_of(f))) {}
  // Exact: every bfloat16 is a float.
  explicit operator float() const noexcept { return detail::float_of(std::uint32_t(bits_) << 16); }

  static constexpr bfloat16 from_bits(std::uint16_t b) noexcept { return bfloat16(b, raw{}); }
  constexpr std::uint16_t to_bits() const noexcept { return bits_; }

private:
  struct raw {};
  constexpr bfloat16(std::uint16_t b, raw) noexcept : bits_(b) {}

  std::uint16_t bits_;
};

static_assert(sizeof(bfloat16) == 2 && alignof(bfloat16) == alignof(std::uint16_t));
static_assert(std::is_trivially_copyable_v<bfloat16> && std::is_standard_layout_v<bfloat16>);

} // namespace simdact
