#pragma once

// Vectorized e^x - 1 and e^x for x <= 0, the only side ELU needs.
//
// x = n*ln2 + r with |r| <= ln2/2, so e^x = 2^n * e^r. For e^x - 1 the polynomial gives
// p = e^r - 1 and the result is 2^n*p + (2^n - 1): full relative accuracy near zero (n = 0
// gives p itself), which is where exp(x) - 1 loses everything. For e^x it gives e^r directly.
// Multiplying by 2^n is exact, so each last step rounds once even without hardware FMA.

#include "value.hpp"

#include <array>
#include <cstddef>
#include <type_traits>

namespace simdact::detail {

template <class T> struct exp_params;

template <> struct exp_params<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  // With fused FMA, x - n*ln2 is exact for ln2 rounded to float; ln2_low is what that leaves.
  static constexpr float ln2_fused = 0x1.62e430p-1f;
  static constexpr float ln2_fused_low = -0x1.05c610p-29f;
  // Without it, n*ln2_high must itself be exact, so ln2_high has few bits set.
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

// x = n*ln2 + r_high + r_low, with r_high = x - n*ln2_high exact (no rounding) and r_low tiny.
template <class B> struct reduced {
  B shifted; // n + bias in the low mantissa bits
  B n;
  B r_high;
  B r_low;
};

template <class T, class A>
SIMDACT_INLINE reduced<xsimd::batch<T, A>> reduce(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  const B shifted = detail::fma(x, B(P::log2e), B(P::shifter));
  const B n = shifted - B(P::shifter);
  if constexpr (std::is_same_v<T, float> && has_fused_fma_v<A>) {
    // Exact: |n| < 2^8, and the difference needs no more bits than x has.
    return {shifted, n, detail::fma(n, B(-P::ln2_fused), x), n * B(-P::ln2_fused_low)};
  } else {
    return {shifted, n, detail::fma(n, B(-P::ln2_high), x), n * B(-P::ln2_high_low)};
  }
}

// 2^m for an integral m held in a float lane, by writing m + bias into the exponent field.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> pow2_from_shifted(const xsimd::batch<T, A>& shifted) {
  return detail::bit_cast<T>(
      detail::shift_left(detail::bit_cast<int_of_t<T>>(shifted), exp_params<T>::mantissa_bits));
}

template <class T, std::size_t N, class A>
SIMDACT_INLINE xsimd::batch<T, A> horner(const std::array<T, N>& c, const xsimd::batch<T, A>& r) {
  using B = xsimd::batch<T, A>;
  B sum(c.back());
  for (std::size_t i = N - 1; i-- > 0;) {
    sum = detail::fma(sum, r, B(c[i]));
  }
  return sum;
}

// e^x - 1 for x <= 0. Lanes holding NaN or x > 0 get unspecified values: the caller takes
// those from x itself.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> expm1_nonpositive(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  // Far below, e^x - 1 rounds to -1; clamping keeps 2^n normal. (xsimd::max's NaN behaviour
  // differs between versions, which is why NaN lanes must not be read from here.)
  const auto red = reduce(detail::max(x, B(P::normal_limit)));
  // p = e^r - 1 = r + r^2 (1/2 + r q(r)), with r_low kept out of the leading r, because
  // rounding r itself would cost a third of an ulp.
  B p;
  if constexpr (std::is_same_v<T, float> && has_fused_fma_v<A>) {
    // r_low moves the result by under 0.05 ulp where it is not -1 anyway: leave it out.
    const B r = red.r_high;
    p = detail::fma(r * r, detail::fma(horner(P::expm1_poly, r), r, B(T(0.5))), r);
  } else {
    const B r = red.r_high + red.r_low;
    const B q = detail::fma(horner(P::expm1_poly, r), r, B(T(0.5)));
    p = red.r_high + detail::fma(r * r, q, red.r_low);
  }
  const B scale = pow2_from_shifted(red.shifted);
  return detail::fma(scale, p, scale - B(T(1)));
}

// factor * e^x for x <= 0 (and NaN), accurate also where e^x is subnormal. Where e^x rounds to
// zero in T, it is zero: the result is factor * 0, as in PyTorch. (Rounding r = r_high + r_low
// costs e^r at most a quarter ulp: unlike e^r - 1, it has no cancellation to amplify it.)
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> scaled_exp_nonpositive(const xsimd::batch<T, A>& x,
                                                         const xsimd::batch<T, A>& factor) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  if (!xsimd::any(x < B(P::normal_limit))) {
    const auto red = reduce(x);
    return factor * (pow2_from_shifted(red.shifted) * horner(P::exp_poly, red.r_high + red.r_low));
  }
  // Rare lanes where 2^n * e^r would be subnormal: apply 2^n as 2^n2 * 2^n1, with 2^n2 * e^r
  // normal, so that only the last multiply can round into the subnormal range. Lanes with
  // n >= min_exponent get n1 = 0 and so the same bits as the fast path above.
  const auto underflows = x < B(P::underflow_limit);
  const auto red = reduce(xsimd::select(underflows, B(P::underflow_limit), x));
  const B n1 = xsimd::select(red.n < B(P::min_exponent), red.n - B(P::min_exponent), B(T(0)));
  const B s1 = pow2_from_shifted(n1 + B(P::shifter));
  const B s2 = pow2_from_shifted((red.n - n1) + B(P::shifter));
  const B e2 = xsimd::select(underflows, B(T(0)), s2 * horner(P::exp_poly, red.r_high + red.r_low));
  return (factor * e2) * s1;
}

} // namespace simdact::detail
