#pragma once

// PReLU forward, executing a prelu_plan (prelu_plan.hpp): one loop per shape, without a division
// in any of them. The loops are written for the compute type T (the activation's, with its slopes
// in T) and arrays of a storage type S: S is T for float and double; bfloat16 and float16 arrays
// go through the same loops on float, widened and rounded as storage.hpp loads and stores them.

#include "../prelu.hpp"
#include "config.hpp"
#include "fp_env.hpp"
#include "kernel.hpp"
#include "lane_ops.hpp"
#include "prelu_plan.hpp"
#include "prelu_slopes.hpp"
#include "storage.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace simdact::detail {

// prelu whose slopes all lie in (0, 1]: one max per batch instead of a compare and a blend (see
// is_shallow_slope).
template <class T> struct shallow_prelu : prelu<T> {
  template <class B, class = std::enable_if_t<is_batch_v<B>>>
  SIMDACT_INLINE B operator()(B x, B slope) const noexcept {
    return at_least(x, x * slope);
  }
};

// Rows of K whole batches of channels (NHWC with 64 float channels, say), their K slope batches
// held in registers: going through the general loop once per row cost more than the row.
template <class Isa, std::size_t K, class Act, class S>
SIMDACT_INLINE void prelu_forward_whole_rows(const Act& act, const S* x, S* y) {
  using B = values_t<S, Isa>;
  constexpr std::size_t L = B::size;
  B slope[K];
  unrolled<K>([&](std::size_t k) { slope[k] = B::load_unaligned(act.weight + k * L); });
  // A row's step as a force-inlined function rather than a lambda: in a large translation unit
  // g++ left the lambda out of line, a call per batch, once the 16-bit rounding made it longer.
  struct row_step {
    const Act& act;
    const B* slope;
    const S* x;
    S* y;
    SIMDACT_INLINE void operator()(std::size_t k) const {
      store_values<Isa>(y + k * L, act(load_values<Isa>(x + k * L), slope[k]));
    }
  };
  const std::size_t rows = act.layout.outer;
  for (std::size_t o = 0; o < rows; ++o, x += K * L, y += K * L) {
    unrolled<K>(row_step{act, slope, x, y});
  }
}

// Runs of K whole batches along one channel each (NCHW {1, 64, 64}, say), unrolled.
template <class Isa, std::size_t K, class Act, class S>
SIMDACT_INLINE void prelu_forward_whole_runs(const Act& act, const S* x, S* y) {
  using B = values_t<S, Isa>;
  using T = typename B::value_type;
  constexpr std::size_t L = B::size;
  // Locals: y might alias act as far as the compiler knows, which would reload the weight pointer
  // and the channel count after each run's stores.
  const auto [outer, channels, inner] = act.layout;
  const T* const weight = act.weight;
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c, x += K * L, y += K * L) {
      const B slope(weight[c]);
      unrolled<K>([&](std::size_t k) {
        store_values<Isa>(y + k * L, act(load_values<Isa>(x + k * L), slope));
      });
    }
  }
}

// Runs of any length along one channel: long ones through the two-batch loop; short ones batch
// by batch, where that loop's second loop and tail check cost more than they save.
template <class Isa, bool Long, class Act, class S>
SIMDACT_INLINE void prelu_forward_runs(const Act& act, const S* x, S* y) {
  using B = values_t<S, Isa>;
  using T = typename B::value_type;
  constexpr std::size_t L = B::size;
  const auto [outer, channels, inner] = act.layout;
  const T* const weight = act.weight;
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c, x += inner, y += inner) {
      const B slope(weight[c]);
      if constexpr (Long) {
        transform_values_loop<Isa>(
            inner, y, [&](B xb) { return act(xb, slope); }, x);
      } else {
        std::size_t i = 0;
        for (; i + L <= inner; i += L) {
          store_values<Isa>(y + i, act(load_values<Isa>(x + i), slope));
        }
        if (i < inner) {
          const std::size_t rest = inner - i;
          store_values_partial<Isa>(y + i, act(load_values_partial<Isa>(x + i, rest), slope), rest);
        }
      }
    }
  }
}

// Rows across the channels, a period of them (prelu_plan.hpp) at a time as one array.
template <class Isa, class Act, class S>
SIMDACT_INLINE void prelu_forward_periods(const Act& act, const slope_period& period, const S* x,
                                          S* y) {
  using B = values_t<S, Isa>;
  using T = typename B::value_type;
  const std::vector<T> expanded = expanded_slopes<Isa>(act, period);
  const T* slopes = expanded.empty() ? act.weight : expanded.data();
  const std::size_t n = act.layout.outer * act.layout.channels * act.layout.inner;
  // Whole periods, then the last outer % period.rows rows: a prefix of one.
  for (std::size_t at = 0; at < n; at += period.size) {
    transform_values_loop<Isa>(
        std::min(period.size, n - at), y + at, [&](B xb, B wb) { return act(xb, wb); }, x + at,
        slopes);
  }
}

// One kernel per activation form, the loop of each shape inlined: a call per short run or row
// cost more than the run itself.
template <class Isa, class Act, class S>
SIMDACT_FLATTEN void prelu_forward_planned(const Act& act, const prelu_plan& plan, const S* x,
                                           S* y) {
  using T = compute_t<S>;
  constexpr std::size_t log2_most = prelu_tuning<T, typename Isa::arch>::log2_max_unrolled_batches;
  switch (plan.shape) {
  case prelu_shape::whole_rows:
    with_power_of_two<log2_most>(
        plan.unroll, [&](auto k) { prelu_forward_whole_rows<Isa, decltype(k)::value>(act, x, y); });
    return;
  case prelu_shape::whole_runs:
    with_power_of_two<log2_most>(
        plan.unroll, [&](auto k) { prelu_forward_whole_runs<Isa, decltype(k)::value>(act, x, y); });
    return;
  case prelu_shape::runs:
    prelu_forward_runs<Isa, false>(act, x, y);
    return;
  case prelu_shape::long_runs:
    prelu_forward_runs<Isa, true>(act, x, y);
    return;
  case prelu_shape::periods:
    prelu_forward_periods<Isa>(act, plan.period, x, y);
    return;
  }
}

// Whether every slope is_shallow_slope, read a batch at a time.
template <class Isa, class T> bool all_shallow(const T* weight, std::size_t n) {
  using B = batch_t<T, Isa>;
  auto shallow = B(T(0)) == B(T(0));
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    shallow = shallow & is_shallow_slope(B::load_unaligned(weight + i));
  }
  for (; i < n; ++i) {
    if (!is_shallow_slope(weight[i])) {
      return false;
    }
  }
  return xsimd::all(shallow);
}

// act's slopes are in the compute type T; x and y in storage type S (prelu_forward_planned).
template <class Isa, class T, class S>
SIMDACT_INLINE void prelu_forward_values(const prelu<T>& act, const S* x, S* y) {
  const auto [outer, channels, inner] = act.layout;
  using A = typename Isa::arch;
  const prelu_plan plan = plan_prelu<T, Isa>(act.layout, prelu_pass::forward);
  // Checking the slopes reads each once: it pays when each serves a batch or more.
  if constexpr (prelu_tuning<T, A>::shallow_max_form) {
    // Under FTZ or DAZ only the compare form gives the functor's bits (see fp_env.hpp).
    if (outer * inner >= lanes<T, Isa> && all_shallow<Isa>(act.weight, channels) &&
        subnormals_kept()) {
      prelu_forward_planned<Isa>(shallow_prelu<T>{act}, plan, x, y);
      return;
    }
  }
  prelu_forward_planned<Isa>(act, plan, x, y);
}

template <class Isa, class S> void prelu_forward(const prelu<S>& act, const S* x, S* y) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) {
    return; // and the weights may be null
  }
  if constexpr (is_half_v<S>) {
    const std::vector<float> slopes = widened_slopes<Isa>(act);
    prelu_forward_values<Isa>(prelu<float>{slopes.data(), act.layout}, x, y);
  } else {
    prelu_forward_values<Isa>(act, x, y);
  }
}

} // namespace simdact::detail
