#pragma once

// Vectorized e^x - 1 and e^x for x <= 0, the only side ELU needs.
//
// x = n*ln2 + r with |r| <= ln2/2, so e^x = 2^n * e^r. For e^x - 1 the polynomial gives
// p = e^r - 1 and the result is 2^n*p + (2^n - 1): full relative accuracy near zero (n = 0
// gives p itself), which is where exp(x) - 1 loses everything. For e^x it gives e^r directly.
// Multiplying by 2^n is exact, so each last step rounds once even without hardware FMA.

#include "config.hpp"
#include "lane_ops.hpp"
#include "xsimd_compat.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace simdact::detail {

// The signed integer type with the width of T, used to build powers of two bit by bit.
template <class T> struct int_of;
template <> struct int_of<float> {
  using type = std::int32_t;
};
template <> struct int_of<double> {
  using type = std::int64_t;
};
template <class T> using int_of_t = typename int_of<T>::type;

template <class T> struct exp_params;

template <> struct exp_params<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  // Two splits of ln2 into high + low (see ln2_split below).
  static constexpr float ln2_fused = 0x1.62e430p-1f;
  static constexpr float ln2_fused_low = -0x1.05c610p-29f;
  static constexpr float ln2_high = 0x1.63p-1f;
  static constexpr float ln2_high_low = -0x1.bd0106p-13f;
  // Adding 1.5 * 2^23 rounds x*log2(e) to an integer n and leaves n + bias in the low bits.
  static constexpr float shifter = 0x1.8p23f + 127.0f;
  static constexpr int mantissa_bits = 23;
  // x >= normal_limit gives n >= min_exponent, which keeps 2^n and 2^n * e^r (e^r > 0.7) normal.
  static constexpr float min_exponent = -125.0f;
  static constexpr float normal_limit = -86.5f;
  static constexpr float underflow_limit = -0x1.9fe368p+6f; // e^x rounds to 0 below, ~ -103.97
  // Near-minimax on [-ln2/2, ln2/2]: (e^r - 1 - r - r^2/2) / r^3 ~ c3 + c4 r + ... + c7 r^4,
  static constexpr std::array<float, 5> expm1_poly{0x1.555556p-3f, 0x1.55551ap-5f, 0x1.1110f6p-7f,
                                                   0x1.6d1122p-10f, 0x1.a0f882p-13f};
  // and e^r ~ 1 + r + c2 r^2 + ... + c6 r^6.
  static constexpr std::array<float, 7> exp_poly{
      0x1p+0f, 0x1p+0f, 0x1p-1f, 0x1.555404p-3f, 0x1.5554acp-5f, 0x1.126fdap-7f, 0x1.6d7566p-10f};
};

template <> struct exp_params<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;
  static constexpr double ln2_high = 0x1.62e42feep-1;
  static constexpr double ln2_high_low = 0x1.a39ef35793c76p-33;
  static constexpr double shifter = 0x1.8p52 + 1023.0;
  static constexpr int mantissa_bits = 52;
  static constexpr double min_exponent = -1021.0;
  static constexpr double normal_limit = -707.0;
  static constexpr double underflow_limit = -0x1.74910d52d3051p+9; // ~ -745.13
  static constexpr std::array<double, 10> expm1_poly{
      0x1.5555555555556p-3,  0x1.5555555555555p-5,  0x1.11111111109b0p-7,  0x1.6c16c16c167e0p-10,
      0x1.a01a01a7c6560p-13, 0x1.a01a01a47c4a2p-16, 0x1.71de0da5c30dbp-19, 0x1.27e4e1ef97653p-22,
      0x1.af38be34c9e9cp-26, 0x1.1f66eb38288bfp-29};
  static constexpr std::array<double, 12> exp_poly{0x1p+0,
                                                   0x1p+0,
                                                   0x1.0000000000011p-1,
                                                   0x1.555555555555ap-3,
                                                   0x1.555555554f093p-5,
                                                   0x1.111111110f212p-7,
                                                   0x1.6c16c18808414p-10,
                                                   0x1.a01a01b14b169p-13,
                                                   0x1.a019918b68b5dp-16,
                                                   0x1.71ddf5603d413p-19,
                                                   0x1.28b42420305afp-22,
                                                   0x1.af6342af888e6p-26};
};

// The reduction x = n*ln2 + r_high + r_low, one piece per function: returning the pieces
// together in a struct leaves g++ storing one of them to the stack on every batch.

// x*log2(e) + shifter: n = round(x / ln2), with n + bias in the low mantissa bits.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> shifted_multiple(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  return detail::mul_add(x, B(exp_params<T>::log2e), B(exp_params<T>::shifter));
}

template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> multiple_from_shifted(const xsimd::batch<T, A>& shifted) {
  return shifted - xsimd::batch<T, A>(exp_params<T>::shifter);
}

// ln2 = high + low, with n*high exact: with fused FMA, float's ln2 rounded to float is (|n| < 2^8,
// and x - n*high needs no more bits than x has); otherwise high has few bits set.
template <class T, class A> struct ln2_split {
  static constexpr bool fused_float = std::is_same_v<T, float> && has_fused_fma_v<A>;
  static constexpr T high = fused_float ? exp_params<float>::ln2_fused : exp_params<T>::ln2_high;
  static constexpr T low = fused_float ? exp_params<float>::ln2_fused_low
                                       : exp_params<T>::ln2_high_low;
};

// x - n*ln2_high, exact.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> reduced_high(const xsimd::batch<T, A>& x,
                                               const xsimd::batch<T, A>& n) {
  return detail::mul_add(n, xsimd::batch<T, A>(-ln2_split<T, A>::high), x);
}

// -n*ln2_low, tiny.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> reduced_low(const xsimd::batch<T, A>& n) {
  return n * xsimd::batch<T, A>(-ln2_split<T, A>::low);
}

// r = x - n*ln2, rounded once where FMA is fused.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> reduced(const xsimd::batch<T, A>& x,
                                          const xsimd::batch<T, A>& n) {
  if constexpr (has_fused_fma_v<A>) {
    return detail::mul_add(n, xsimd::batch<T, A>(-ln2_split<T, A>::low), reduced_high(x, n));
  } else {
    return reduced_high(x, n) + reduced_low(n);
  }
}

// 2^m for an integral m held in a float lane, by writing m + bias into the exponent field.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> pow2_from_shifted(const xsimd::batch<T, A>& shifted) {
  return detail::bits_as<T>(
      detail::shift_left(detail::bits_as<int_of_t<T>>(shifted), exp_params<T>::mantissa_bits));
}

// c[0] + c[1] r + ... + c[N-1] r^(N-1), unrolled at compile time: a runtime loop over the
// coefficients is what g++ -O2 emits otherwise, with a branch per term.
template <class T, std::size_t N, class A, std::size_t... I>
SIMDACT_INLINE xsimd::batch<T, A> horner(const std::array<T, N>& c, const xsimd::batch<T, A>& r,
                                         std::index_sequence<I...>) {
  using B = xsimd::batch<T, A>;
  B sum(c[N - 1]);
  ((sum = detail::mul_add(sum, r, B(c[N - 2 - I]))), ...);
  return sum;
}

template <class T, std::size_t N, class A>
SIMDACT_INLINE xsimd::batch<T, A> horner(const std::array<T, N>& c, const xsimd::batch<T, A>& r) {
  return horner(c, r, std::make_index_sequence<N - 1>{});
}

// e^x - 1 for x <= 0, as finish(2^n, p) with p = e^r - 1: by default 2^n * p + (2^n - 1), which
// a caller may fold into its own last steps. Lanes holding NaN or x > 0 get unspecified values:
// the caller takes those from x itself.
template <class T, class A, class Finish>
SIMDACT_INLINE xsimd::batch<T, A> expm1_nonpositive(const xsimd::batch<T, A>& x, Finish finish) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  // Far below, e^x - 1 rounds to -1; clamping keeps 2^n normal. (xsimd::max's NaN behaviour
  // differs between versions, which is why NaN lanes must not be read from here.)
  const B clamped = detail::larger_unless_nan(x, B(P::normal_limit));
  const B shifted = shifted_multiple(clamped);
  const B n = multiple_from_shifted(shifted);
  // p = e^r - 1 = r + r^2 (1/2 + r q(r)), with r_low kept out of the leading r, because
  // rounding r itself would cost a third of an ulp.
  B p;
  if constexpr (std::is_same_v<T, float> && has_fused_fma_v<A>) {
    // r_low moves the result by under 0.05 ulp where it is not -1 anyway: leave it out.
    const B r = reduced_high(clamped, n);
    p = detail::mul_add(r * r, detail::mul_add(horner(P::expm1_poly, r), r, B(T(0.5))), r);
  } else {
    const B r = reduced(clamped, n);
    const B q = detail::mul_add(horner(P::expm1_poly, r), r, B(T(0.5)));
    p = reduced_high(clamped, n) + detail::mul_add(r * r, q, reduced_low(n));
  }
  return finish(pow2_from_shifted(shifted), p);
}

template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> expm1_nonpositive(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  return expm1_nonpositive(
      x, [](const B& scale, const B& p) { return detail::mul_add(scale, p, scale - B(T(1))); });
}

// factor * e^x for x <= 0 (and NaN), accurate also where e^x is subnormal. Where e^x rounds to
// zero in T, it is zero: the result is factor * 0, as in PyTorch. (Rounding r costs e^r at most
// a quarter ulp: unlike e^r - 1, it has no cancellation to amplify it.)
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> scaled_exp_nonpositive(const xsimd::batch<T, A>& x,
                                                         const xsimd::batch<T, A>& factor) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  if constexpr (has_scalef_v<A>) {
    // factor * 2^n is exact until it turns subnormal and cannot overflow (n <= 0), so the one
    // rounding of the product is the only one wherever the result is normal. No branch: below
    // the underflow limit the zeroed e^r lanes make the product factor * 0. The clamp keeps n
    // finite there: vscalefps turns NaN * 2^-inf into 0, which would lose a NaN dy at x = -inf.
    const B clamped = detail::at_least(x, B(P::underflow_limit));
    const B n = multiple_from_shifted(shifted_multiple(clamped));
    const auto kept = detail::not_less(x, B(P::underflow_limit)); // the zeroing fuses into the fma
    const B e_r = xsimd::select(kept, horner(P::exp_poly, reduced(clamped, n)), B(T(0)));
    return scale_by_pow2(factor, n) * e_r;
  } else {
    if (!xsimd::any(x < B(P::normal_limit))) {
      const B shifted = shifted_multiple(x);
      const B n = multiple_from_shifted(shifted);
      return factor * (pow2_from_shifted(shifted) * horner(P::exp_poly, reduced(x, n)));
    }
    // Rare lanes where 2^n * e^r would be subnormal: apply 2^n as 2^n2 * 2^n1, with 2^n2 * e^r
    // normal, so that only the last multiply can round into the subnormal range. Lanes with
    // n >= min_exponent get n1 = 0 and so the same bits as the fast path above.
    const auto underflows = x < B(P::underflow_limit);
    const B kept = xsimd::select(underflows, B(P::underflow_limit), x);
    const B n = multiple_from_shifted(shifted_multiple(kept));
    const B n1 = xsimd::select(n < B(P::min_exponent), n - B(P::min_exponent), B(T(0)));
    const B s1 = pow2_from_shifted(n1 + B(P::shifter));
    const B s2 = pow2_from_shifted((n - n1) + B(P::shifter));
    const B e2 = xsimd::select(underflows, B(T(0)), s2 * horner(P::exp_poly, reduced(kept, n)));
    return (factor * e2) * s1;
  }
}

} // namespace simdact::detail
