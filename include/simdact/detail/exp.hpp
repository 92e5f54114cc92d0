#pragma once

// Vectorized e^x and e^x - 1 for x <= 0, the only side ELU needs.
//
// x = n*ln2 + r with |r| <= ln2/2, so e^x = 2^n * (1 + p) where p = expm1(r) comes from a
// polynomial. Writing expm1(x) = 2^n*p + (2^n - 1) keeps full relative accuracy near zero
// (n = 0 gives p itself), which is where exp(x) - 1 loses everything.
// Multiplying by 2^n is exact, so the last step rounds once even without hardware FMA.

#include "value.hpp"

#include <array>
#include <cstddef>

namespace simdact::detail {

template <class T> struct exp_params;

template <> struct exp_params<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  static constexpr float ln2 = 0x1.62e430p-1f;      // with fused FMA, x - n*ln2 is exact
  static constexpr float ln2_rest = -0x1.05c610p-29f; // ln2 - (float)ln2
  static constexpr float ln2_hi = 0x1.63p-1f; // without FMA: few bits set, so n*ln2_hi is exact
  static constexpr float ln2_lo = -0x1.bd0106p-13f;
  // Adding 1.5 * 2^23 rounds x*log2(e) to an integer n and leaves n + bias in the low bits.
  static constexpr float shifter = 0x1.8p23f + 127.0f;
  static constexpr int mantissa_bits = 23;
  static constexpr float min_exponent = -126.0f;
  static constexpr float normal_limit = -87.0f;    // x >= this keeps 2^n a normal number
  static constexpr float underflow_limit = -0x1.9fe368p+6f; // e^x rounds to 0 below, ~ -103.97
  // (expm1(r) - r - r^2/2) / r^3 ~ c3 + c4 r + ..., near-minimax on [-ln2/2, ln2/2]
  static constexpr std::array<float, 5> poly{0x1.555556p-3f, 0x1.55551ap-5f, 0x1.1110f6p-7f,
                                             0x1.6d1122p-10f, 0x1.a0f882p-13f};
};

template <> struct exp_params<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;
  static constexpr double ln2_hi = 0x1.62e42feep-1;
  static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  static constexpr double shifter = 0x1.8p52 + 1023.0;
  static constexpr int mantissa_bits = 52;
  static constexpr double min_exponent = -1022.0;
  static constexpr double normal_limit = -708.0;
  static constexpr double underflow_limit = -0x1.74910d52d3051p+9; // ~ -745.13
  static constexpr std::array<double, 10> poly{
      0x1.5555555555556p-3,  0x1.5555555555555p-5,  0x1.11111111109b0p-7, 0x1.6c16c16c167e0p-10,
      0x1.a01a01a7c6560p-13, 0x1.a01a01a47c4a2p-16, 0x1.71de0da5c30dbp-19, 0x1.27e4e1ef97653p-22,
      0x1.af38be34c9e9cp-26, 0x1.1f66eb38288bfp-29};
};

// e^x = scale * (1 + p); scale = 2^n is exact while n >= min_exponent.
template <class B> struct exp_split {
  B scale;
  B p;
  B n;
};

// 2^m for an integral m held in a float lane, by writing m + bias into the exponent field.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> pow2_from_shifted(const xsimd::batch<T, A>& shifted) {
  return detail::bit_cast<T>(detail::shift_left(detail::bit_cast<int_of_t<T>>(shifted), exp_params<T>::mantissa_bits));
}

// q(r) = (expm1(r) - r) / r^2, so that expm1(r) = r + r^2 q.
template <class T, class A> SIMDACT_INLINE xsimd::batch<T, A> expm1_q(const xsimd::batch<T, A>& r) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  B tail(P::poly.back());
  for (std::size_t i = P::poly.size() - 1; i-- > 0;) {
    tail = xsimd::fma(tail, r, B(P::poly[i]));
  }
  return xsimd::fma(tail, r, B(T(0.5)));
}

// For_expm1: the result is e^x - 1, which rounds to -1 once n < -25, so r only has to be
// exact for small n; e^x itself needs r to the last bit for every n.
template <bool for_expm1, class T, class A>
SIMDACT_INLINE exp_split<xsimd::batch<T, A>> split_exp(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  const B shifted = xsimd::fma(x, B(P::log2e), B(P::shifter));
  const B n = shifted - B(P::shifter);
  if constexpr (std::is_same_v<T, float> && has_fused_fma_v<A>) {
    // A fused x - n*ln2 is exact here (|n| < 2^8, and the difference needs no more bits than x
    // has). Leaving out ln2's rounding error costs e^x - 1 under 0.05 ulp, e^x up to 4 ulp.
    B r = xsimd::fma(n, B(-P::ln2), x);
    if constexpr (!for_expm1) {
      r = xsimd::fma(n, B(-P::ln2_rest), r);
    }
    return {pow2_from_shifted(shifted), xsimd::fma(r * r, expm1_q(r), r), n};
  } else {
    // r = r_hi + r_lo exactly: r_hi = x - n*ln2_hi has no rounding error, and r_lo is kept apart
    // until it meets the small r^2 term, because rounding r itself would cost a third of an ulp.
    const B r_hi = xsimd::fma(n, B(-P::ln2_hi), x);
    const B r_lo = n * B(-P::ln2_lo);
    const B r = r_hi + r_lo;
    return {pow2_from_shifted(shifted), r_hi + xsimd::fma(r * r, expm1_q(r), r_lo), n};
  }
}

// e^x - 1 for x <= 0. Lanes holding NaN or x > 0 get unspecified values: the caller takes
// those from x itself.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> expm1_nonpositive(const xsimd::batch<T, A>& x) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  // Far below, e^x - 1 rounds to -1; clamping keeps 2^n normal. (xsimd::max's NaN behaviour
  // differs between versions, which is why NaN lanes must not be read from here.)
  const auto e = split_exp<true>(detail::max(x, B(P::normal_limit)));
  return xsimd::fma(e.scale, e.p, e.scale - B(T(1)));
}

// factor * e^x for x <= 0 (and NaN), accurate also where e^x is subnormal. Where e^x rounds to
// zero in T, it is zero: the result is factor * 0, as in PyTorch.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> scaled_exp_nonpositive(const xsimd::batch<T, A>& x, const xsimd::batch<T, A>& factor) {
  using B = xsimd::batch<T, A>;
  using P = exp_params<T>;
  if (!xsimd::any(x < B(P::normal_limit))) {
    const auto e = split_exp<false>(x);
    return factor * xsimd::fma(e.scale, e.p, e.scale);
  }
  // Rare lanes where 2^n would be subnormal: apply it as 2^n2 * 2^n1 with both factors normal,
  // the last multiply rounding once. Lanes with n >= min_exponent get n1 = 0 and so the same
  // bits as the fast path above.
  const auto underflows = x < B(P::underflow_limit);
  const auto e = split_exp<false>(xsimd::select(underflows, B(P::underflow_limit), x));
  const B n1 = xsimd::select(e.n < B(P::min_exponent), e.n - B(P::min_exponent), B(T(0)));
  const B s1 = pow2_from_shifted(n1 + B(P::shifter));
  const B s2 = pow2_from_shifted((e.n - n1) + B(P::shifter));
  const B e2 = xsimd::select(underflows, B(T(0)), xsimd::fma(s2, e.p, s2));
  return (factor * e2) * s1;
}

} // namespace simdact::detail
