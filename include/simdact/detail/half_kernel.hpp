#pragma once

// The element-wise loop for bfloat16 and float16 storage: each batch is widened exactly to float,
// goes through the activation's float arithmetic, and is rounded once on the way out. Overloads of
// detail::transform (kernel.hpp), which the array functions call for every element-wise
// activation.
//
// ELU's forward with alpha = 1 is correctly rounded in the 16-bit type as it is: the float ELU
// lands no closer than one float ulp to a point halfway between 16-bit neighbours for any of the
// 65,536 inputs of either type, and the tests check every input on every instruction set. With
// another alpha, alpha * expm1(x) rounds once more in float and lands on or next to such points
// often (bfloat16, alpha 1.7: 416 inputs); those rare lanes are recomputed in double and rounded
// to odd into float, which then rounds to the 16-bit type as the exact value would. The check
// costs about 2x on ELU forward (g++ 12 keeps less in registers around the cold call), which
// alpha = 1, the common case, does not pay.

#include "../elu.hpp"
#include "config.hpp"
#include "half_convert.hpp"
#include "kernel.hpp"
#include "lane_ops.hpp"
#include "value.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace simdact::detail {

// f over the first batches of the pairs, and over the second ones, rounded into 2L values at out.
template <class A, class H, class F, class... Pairs>
SIMDACT_INLINE void narrow_results(H* out, const F& f, const Pairs&... pairs) {
  narrow_pair<A>(out, f(pairs.first...), f(pairs.second...));
}

template <class Isa, class H, class F, class... In>
SIMDACT_INLINE void transform_half(std::size_t n, H* out, const F& function, const In*... in) {
  // Pairs of batches put each element in the same lane of the same batch for every array of H.
  static_assert((std::is_same_v<In, H> && ...));
  using A = typename Isa::arch;
  using B = xsimd::batch<float, A>;
  constexpr std::size_t L = B::size;
  const F f = function; // see transform_loop
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    narrow_results<A>(out + i, f, widen_pair<A>(in + i)...);
  }
  for (; i + L <= n; i += L) {
    narrow<A>(out + i, f(widen<A>(in + i)...));
  }
  if (i == n) {
    return;
  }
  const std::size_t rest = n - i;
  narrow_partial<A>(out + i, f(widen_partial<A>(in + i, rest)...), rest);
}

// Overloads of kernel.hpp's transform, more specialized, so chosen for 16-bit outputs.
template <class Isa, class F, class... In>
SIMDACT_FLATTEN void transform(std::size_t n, bfloat16* out, const F& function, const In*... in) {
  transform_half<Isa>(n, out, function, in...);
}
template <class Isa, class F, class... In>
SIMDACT_FLATTEN void transform(std::size_t n, float16* out, const F& function, const In*... in) {
  transform_half<Isa>(n, out, function, in...);
}

// out[i] = float(in[i]), for i < n (PReLU's slopes).
template <class Isa, class H>
SIMDACT_FLATTEN void widen_array(const H* in, float* out, std::size_t n) {
  using A = typename Isa::arch;
  using B = xsimd::batch<float, A>;
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    widen<A>(in + i).store_unaligned(out + i);
  }
  if (i < n) {
    store_partial(out + i, widen_partial<A>(in + i, n - i), n - i);
  }
}

// The float nearest d in the direction of zero, with its last bit set if that is inexact
// ("round to odd"): rounding it to a format at least two bits narrower than float then gives
// what rounding d itself would.
SIMDACT_INLINE float round_to_odd(double d) noexcept {
  auto f = static_cast<float>(d);
  if (static_cast<double>(f) == d || !std::isfinite(f)) {
    return f;
  }
  if (std::fabs(static_cast<double>(f)) > std::fabs(d)) {
    f = std::nextafter(f, 0.0f);
  }
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  u |= 1u;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// Float bits whose dropped part, when rounded to H, is within a few float ulps of half.
template <class H> struct halfway_window {
  static constexpr std::int32_t dropped_mask = std::is_same_v<H, bfloat16> ? 0xffff : 0x1fff;
  static constexpr std::int32_t half = dropped_mask / 2 + 1;
  static constexpr std::int32_t width = 4; // the float ELU is within 2 ulps; twice that
  static SIMDACT_INLINE bool contains(float r) noexcept {
    std::int32_t u;
    std::memcpy(&u, &r, sizeof u);
    const std::int32_t d = (u & dropped_mask) - half;
    return d >= -width && d <= width;
  }
};

// An ELU (Act: elu or unit_elu on H) whose forward results round correctly to H.
template <class H, class Act> struct rounded_elu : Act {
  template <class B, class = std::enable_if_t<is_batch_v<B>>>
  SIMDACT_INLINE B operator()(B x) const noexcept {
    using I = xsimd::batch<std::int32_t, typename B::arch_type>;
    using W = halfway_window<H>;
    const B r = Act::operator()(x);
    const I d = (bits_as<std::int32_t>(r) & I(W::dropped_mask)) - I(W::half);
    if (!xsimd::any((d >= I(-W::width)) & (d <= I(W::width)))) {
      return r;
    }
    return fix_near_halfway(x, r);
  }

  // Out of line: it runs only for batches with a lane near a halfway point.
  // Build, as in detail::isa, puts the translation unit's instruction set in the symbol.
  template <class B, class Build = xsimd::default_arch>
  SIMDACT_FLATTEN B fix_near_halfway(const B& x, const B& r) const noexcept {
    alignas(64) float xs[B::size];
    alignas(64) float rs[B::size];
    x.store_aligned(xs);
    r.store_aligned(rs);
    for (std::size_t j = 0; j < B::size; ++j) {
      if (xs[j] <= 0 && halfway_window<H>::contains(rs[j])) {
        rs[j] = round_to_odd(static_cast<double>(this->alpha) *
                             std::expm1(static_cast<double>(xs[j])));
      }
    }
    return B::load_aligned(rs);
  }
};

template <class Run> SIMDACT_INLINE void with_fastest(const elu<bfloat16>& act, Run&& run) {
  if (act.alpha == 1) {
    run(unit_elu<bfloat16>{});
  } else {
    run(rounded_elu<bfloat16, elu<bfloat16>>{act});
  }
}
template <class Run> SIMDACT_INLINE void with_fastest(const elu<float16>& act, Run&& run) {
  if (act.alpha == 1) {
    run(unit_elu<float16>{});
  } else {
    run(rounded_elu<float16, elu<float16>>{act});
  }
}

} // namespace simdact::detail
