#pragma once

// An independent reference for the 16-bit types: decode bits into a long double by the formula,
// and round a long double to the nearest representable value with nearbyint, which knows nothing
// of bit layouts. Any NaN is just NaN here.

#include <simdact/bfloat16.hpp>
#include <simdact/float16.hpp>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace simdact_test {

template <class H> struct format;
template <> struct format<simdact::bfloat16> {
  static constexpr int exponent_bits = 8, fraction_bits = 7, min_exponent = -126;
  static constexpr const char* name = "bfloat16";
};
template <> struct format<simdact::float16> {
  static constexpr int exponent_bits = 5, fraction_bits = 10, min_exponent = -14;
  static constexpr const char* name = "float16";
};

template <class H> long double decode_ref(std::uint16_t b) {
  using F = format<H>;
  const int bias = (1 << (F::exponent_bits - 1)) - 1;
  const int e = (b >> F::fraction_bits) & ((1 << F::exponent_bits) - 1);
  const int f = b & ((1 << F::fraction_bits) - 1);
  const long double sign = (b & 0x8000) ? -1.0L : 1.0L;
  if (e == (1 << F::exponent_bits) - 1) {
    return f == 0 ? sign * std::numeric_limits<long double>::infinity()
                  : std::numeric_limits<long double>::quiet_NaN();
  }
  if (e == 0) {
    return sign * std::ldexp(static_cast<long double>(f), 1 - bias - F::fraction_bits);
  }
  return sign * std::ldexp(static_cast<long double>(f + (1 << F::fraction_bits)),
                           e - bias - F::fraction_bits);
}

template <class H> long double max_finite_ref() {
  using F = format<H>;
  const int bias = (1 << (F::exponent_bits - 1)) - 1;
  return std::ldexp(2.0L - std::ldexp(1.0L, -F::fraction_bits), bias);
}

// The value of H nearest to v, ties to even, infinity beyond the largest finite value's half ulp.
template <class H> long double round_ref(long double v) {
  using F = format<H>;
  if (std::isnan(v) || std::isinf(v) || v == 0) {
    return v;
  }
  int e = 0;
  std::frexp(v, &e); // |v| = m * 2^e, m in [0.5, 1): v's exponent is e - 1
  const int ulp_exponent = std::max(e - 1, F::min_exponent) - F::fraction_bits;
  const long double units = std::ldexp(v, -ulp_exponent);
  const long double r = std::ldexp(std::nearbyint(units), ulp_exponent); // FE_TONEAREST
  if (std::fabs(r) > max_finite_ref<H>()) {
    return std::copysign(std::numeric_limits<long double>::infinity(), v);
  }
  return r == 0 ? std::copysign(0.0L, v) : r;
}

// got (bits of H) is the correct rounding of v: same value, same sign of zero, NaN for NaN.
template <class H> bool rounds_to(std::uint16_t got, long double v) {
  const long double g = decode_ref<H>(got);
  if (std::isnan(v)) {
    return std::isnan(g);
  }
  const long double want = round_ref<H>(v);
  return g == want && std::signbit(g) == std::signbit(want);
}

// Distance from got to the exact value v, in ulps of H at v.
template <class H> long double ulp_error16(std::uint16_t got, long double v) {
  using F = format<H>;
  const long double g = decode_ref<H>(got);
  if (std::isnan(v) || std::isnan(g)) {
    return std::isnan(v) && std::isnan(g) ? 0.0L : std::numeric_limits<long double>::infinity();
  }
  if (std::isinf(v) || std::isinf(g)) {
    // Beyond the range, infinity is the rounding of anything past the largest value's half ulp.
    return round_ref<H>(v) == g ? 0.0L : std::numeric_limits<long double>::infinity();
  }
  int e = 0;
  std::frexp(v, &e);
  const int ulp_exponent = std::max(e - 1, F::min_exponent) - F::fraction_bits;
  return std::fabs(g - v) / std::ldexp(1.0L, ulp_exponent);
}

} // namespace simdact_test
