#pragma once

// PReLU backward, executing a prelu_plan (prelu_plan.hpp): dx, and dweight[c] as the sum of
// channel c's weight-gradient terms, kept in float for at most a block of terms per lane, then in
// double. x and dy are read before dx is written, so dx may alias either; dweight[c] is written
// after weight[c]'s last use, so the two may be the same array. As in prelu_forward.hpp, the
// loops compute in T, the activation's type, on arrays of storage type S (bfloat16 and float16
// arrays on float, their slopes widened before anything is written); each dweight[c] is rounded
// once from its double sum (store_sum).

#include "../prelu.hpp"
#include "config.hpp"
#include "kernel.hpp"
#include "lane_ops.hpp"
#include "prelu_plan.hpp"
#include "prelu_slopes.hpp"
#include "storage.hpp"
#include "xsimd_compat.hpp"

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace simdact::detail {

// sum + prelu::weight_gradient(x, dy), with the select merged into the multiply where it can be.
// Not a fused multiply-add: x * dy must overflow to infinity exactly where the term does.
template <class B> SIMDACT_INLINE B add_weight_gradient(const B& sum, const B& x, const B& dy) {
  return sum + if_positive(x, B(0), x * dy);
}

// One channel's weight-gradient sum while its runs go by: four float partial sums (independent,
// so the adds do not wait on each other) that flush into double every sum_block batches.
template <class Isa, class T> struct channel_sum {
  using B = batch_t<T, Isa>;
  static constexpr std::size_t block = prelu_tuning<T, typename Isa::arch>::sum_block;
  B parts[4] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
  std::size_t batches = 0; // added to each part since the last flush
  double flushed = 0;

  SIMDACT_INLINE B lanes() const { return (parts[0] + parts[1]) + (parts[2] + parts[3]); }
  SIMDACT_INLINE void count(std::size_t added) {
    batches += added;
    if (batches >= block) {
      flushed += static_cast<double>(sum_of_lanes(lanes()));
      for (B& part : parts) {
        part = B(T(0));
      }
      batches = 0;
    }
  }
  SIMDACT_INLINE double total() const {
    return flushed + static_cast<double>(sum_of_lanes(lanes()));
  }
};

// dx for one run along one channel, adding the run's weight-gradient terms into sum.
template <class Isa, class T, class S>
SIMDACT_INLINE void prelu_backward_run(const prelu<T>& act, const batch_t<T, Isa>& slope,
                                       const S* x, const S* dy, S* dx, std::size_t n,
                                       channel_sum<Isa, T>& sum) {
  using B = batch_t<T, Isa>;
  constexpr std::size_t L = B::size;
  std::size_t i = 0;
  while (i + 4 * L <= n) {
    // As many steps of four batches as fit before the next flush, in a loop of their own.
    const std::size_t steps = std::min(sum.block - sum.batches, (n - i) / (4 * L));
    for (const std::size_t end = i + steps * 4 * L; i < end; i += 4 * L) {
      unrolled<4>([&](std::size_t k) {
        const B xb = load_values<Isa>(x + i + k * L);
        const B dyb = load_values<Isa>(dy + i + k * L);
        sum.parts[k] = add_weight_gradient(sum.parts[k], xb, dyb);
        store_values<Isa>(dx + i + k * L, act.backward(xb, dyb, slope));
      });
    }
    sum.count(steps);
  }
  if (i == n) {
    return;
  }
  // The last n % (4 * lanes) elements, through the padded tail as usual.
  transform_values_loop<Isa>(
      n - i, dx + i,
      [&](B xb, B dyb) {
        sum.parts[0] = add_weight_gradient(sum.parts[0], xb, dyb);
        return act.backward(xb, dyb, slope);
      },
      x + i, dy + i);
  sum.count((n - i + L - 1) / L);
}

// Channels first, first + 1, ... one by one, each down all its runs: long runs (where a tile's
// one sum per channel would make each add wait on the one before), and the channels left over
// after the last whole tile.
template <class Isa, class T, class S>
SIMDACT_FLATTEN void prelu_backward_channels(const prelu<T>& act, const S* x, const S* dy, S* dx,
                                             S* dweight, std::size_t first) {
  const auto [outer, channels, inner] = act.layout;
  for (std::size_t c = first; c < channels; ++c) {
    const batch_t<T, Isa> slope(act.weight[c]);
    channel_sum<Isa, T> sum;
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t at = (o * channels + c) * inner;
      prelu_backward_run<Isa>(act, slope, x + at, dy + at, dx + at, inner, sum);
    }
    store_sum(dweight + c, sum.total());
  }
}

// A tile of G channels [first, first + G) going down the rows together, so that each row's runs
// of them are one stretch of memory and each channel's sum stays in a register; the tile's sums
// are added across lanes in one go (transposed_sums). Runs of K whole batches, or any length if K
// is 0 (for runs up to max_tile_run_batches, and a single row's runs shorter than a batch).
template <class Isa, std::size_t K, class T, class S>
SIMDACT_INLINE void prelu_backward_tile(const prelu<T>& act, const S* x, const S* dy, S* dx,
                                        S* dweight, std::size_t first) {
  using B = batch_t<T, Isa>;
  using tuning = prelu_tuning<T, typename Isa::arch>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t G = tuning::tile_channels;
  // Not a structured binding: lambdas below use inner, and capturing one needs C++20.
  const std::size_t outer = act.layout.outer, channels = act.layout.channels;
  const std::size_t inner = act.layout.inner;
  const std::size_t run_batches = K != 0 ? K : (inner + L - 1) / L;
  // Each lane of a sum takes at most sum_block terms before it is added into double.
  const std::size_t rows_per_flush = std::max<std::size_t>(1, tuning::sum_block / run_batches);
  B sum[G];
  double flushed[G] = {};
  unrolled<G>([&](std::size_t k) { sum[k] = B(T(0)); });
  auto flush = [&] {
    alignas(64) T totals[G];
    unrolled<G / L>(
        [&](std::size_t q) { transposed_sums(sum + q * L).store_aligned(totals + q * L); });
    unrolled<G>([&](std::size_t k) {
      flushed[k] += static_cast<double>(totals[k]);
      sum[k] = B(T(0));
    });
  };
  // Locals: dx might alias act as far as the compiler knows (see prelu_forward_whole_runs).
  const T* const weight = act.weight + first;
  const std::size_t batches = inner / L, rest = inner % L;
  for (std::size_t o = 0, rows = 0; o < outer; ++o) {
    const std::size_t row_start = (o * channels + first) * inner;
    const S* xr = x + row_start;
    const S* dyr = dy + row_start;
    S* dxr = dx + row_start;
    unrolled<G>([&](std::size_t k) {
      const B slope(weight[k]);
      auto step = [&](B xb, B dyb) {
        sum[k] = add_weight_gradient(sum[k], xb, dyb);
        return act.backward(xb, dyb, slope);
      };
      if constexpr (K != 0) {
        // Offsets from the row's start as constants: one pointer per array, not one per channel.
        unrolled<K>([&](std::size_t b) {
          const std::size_t i = (k * K + b) * L;
          store_values<Isa>(dxr + i, step(load_values<Isa>(xr + i), load_values<Isa>(dyr + i)));
        });
      } else {
        std::size_t i = 0;
        for (std::size_t b = 0; b < batches; ++b, i += L) {
          store_values<Isa>(dxr + i, step(load_values<Isa>(xr + i), load_values<Isa>(dyr + i)));
        }
        if (rest != 0) { // zeros in the padding add nothing to the sum
          const B xb = load_values_partial<Isa>(xr + i, rest);
          const B dyb = load_values_partial<Isa>(dyr + i, rest);
          store_values_partial<Isa>(dxr + i, step(xb, dyb), rest);
        }
        xr += inner;
        dyr += inner;
        dxr += inner;
      }
    });
    if (++rows == rows_per_flush) {
      flush();
      rows = 0;
    }
  }
  flush();
  for (std::size_t k = 0; k < G; ++k) {
    store_sum(dweight + first + k, flushed[k]);
  }
}

template <class Isa, std::size_t K, class T, class S>
SIMDACT_FLATTEN void prelu_backward_tiles(const prelu<T>& act, const S* x, const S* dy, S* dx,
                                          S* dweight) {
  constexpr std::size_t G = prelu_tuning<T, typename Isa::arch>::tile_channels;
  const std::size_t channels = act.layout.channels;
  std::size_t first = 0;
  for (; first + G <= channels; first += G) {
    prelu_backward_tile<Isa, K>(act, x, dy, dx, dweight, first);
  }
}

// Columns [j, j + K * lanes) of a block of rows across the channels: K batches side by side, so
// each row's stretch of them is read in one go, and each column's sum stays in a register.
template <class Isa, std::size_t K, class T, class S>
SIMDACT_INLINE void prelu_backward_columns(const prelu<T>& act, const T* slopes, const S* x,
                                           const S* dy, S* dx, T* sums, std::size_t row,
                                           std::size_t rows, std::size_t j) {
  using B = batch_t<T, Isa>;
  constexpr std::size_t L = B::size;
  B slope[K];
  B sum[K];
  unrolled<K>([&](std::size_t k) {
    slope[k] = B::load_unaligned(slopes + j + k * L);
    sum[k] = B(T(0));
  });
  for (std::size_t o = 0; o < rows; ++o) {
    unrolled<K>([&](std::size_t k) {
      const std::size_t at = o * row + j + k * L;
      const B xb = load_values<Isa>(x + at);
      const B dyb = load_values<Isa>(dy + at);
      sum[k] = add_weight_gradient(sum[k], xb, dyb);
      store_values<Isa>(dx + at, act.backward(xb, dyb, slope[k]));
    });
  }
  unrolled<K>([&](std::size_t k) { sum[k].store_unaligned(sums + j + k * L); });
}

// dx for a block of rows across the channels; sums[j] gets entry j's weight-gradient terms
// summed over the block, in row order either way. A row of up to K batches goes in one pass down
// the rows with its sums in registers; a longer one row by row, its sums in memory (L1): passes
// of K columns down the rows read memory in strides, which ran at half the memory bandwidth.
template <class Isa, class T, class S>
SIMDACT_FLATTEN void prelu_backward_rows(const prelu<T>& act, const T* slopes, const S* x,
                                         const S* dy, S* dx, T* sums, std::size_t row,
                                         std::size_t rows) {
  using B = batch_t<T, Isa>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t K = prelu_tuning<T, typename Isa::arch>::row_columns;
  const std::size_t batches = row / L;
  if (batches <= K) {
    with_count<K>(batches, [&](auto k) {
      prelu_backward_columns<Isa, decltype(k)::value>(act, slopes, x, dy, dx, sums, row, rows, 0);
    });
  } else {
    // The first row starts the sums (no fill to read back), the others add to them.
    auto pass = [&](std::size_t o, auto first) {
      const S* xr = x + o * row;
      const S* dyr = dy + o * row;
      S* dxr = dx + o * row;
      for (std::size_t i = 0; i < batches * L; i += L) {
        const B xb = load_values<Isa>(xr + i);
        const B dyb = load_values<Isa>(dyr + i);
        const B sum = first ? B(T(0)) : B::load_unaligned(sums + i);
        add_weight_gradient(sum, xb, dyb).store_unaligned(sums + i);
        store_values<Isa>(dxr + i, act.backward(xb, dyb, B::load_unaligned(slopes + i)));
      }
    };
    pass(0, std::true_type{});
    for (std::size_t o = 1; o < rows; ++o) {
      pass(o, std::false_type{});
    }
  }
  const std::size_t j = batches * L;
  // The last row % lanes entries of each row go through the padded tail.
  std::fill(sums + j, sums + row, T(0));
  for (std::size_t o = 0; o < rows && j < row; ++o) {
    const std::size_t at = o * row + j;
    transform_values_loop<Isa>(
        row - j, sums + j, [](B sum, B xb, B dyb) { return add_weight_gradient(sum, xb, dyb); },
        sums + j, x + at, dy + at);
    transform_values_loop<Isa>(
        row - j, dx + at, [&](B xb, B dyb, B wb) { return act.backward(xb, dyb, wb); }, x + at,
        dy + at, slopes + j);
  }
}

// Rows across the channels: blocks of sum_block periods (prelu_backward_rows), per-entry float
// sums added into double channel by channel after each block. Allocates
// (the expanded slopes and the sums): may throw std::bad_alloc.
template <class Isa, class T, class S>
void prelu_backward_periods(const prelu<T>& act, const slope_period& period, const S* x,
                            const S* dy, S* dx, S* dweight) {
  const auto [outer, channels, inner] = act.layout;
  const std::vector<T> expanded = expanded_slopes<Isa>(act, period);
  const T* slopes = expanded.empty() ? act.weight : expanded.data();
  std::vector<T> sums(period.size);
  std::vector<double> total(channels, 0.0);
  auto add_sums = [&, inner = inner, channels = channels](std::size_t size) {
    if (inner == 1 && size == channels) { // NHWC: a loop the compiler vectorizes
      for (std::size_t c = 0; c < channels; ++c) {
        total[c] += static_cast<double>(sums[c]);
      }
      return;
    }
    for (std::size_t j = 0; j < size;) { // whole rows
      for (std::size_t c = 0; c < channels; ++c) {
        double channel = 0;
        for (std::size_t k = 0; k < inner; ++k, ++j) {
          channel += static_cast<double>(sums[j]);
        }
        total[c] += channel;
      }
    }
  };
  constexpr std::size_t block = prelu_tuning<T, typename Isa::arch>::sum_block;
  const std::size_t periods = outer / period.rows;
  for (std::size_t p = 0; p < periods; p += block) {
    const std::size_t rows = std::min(block, periods - p);
    const std::size_t at = p * period.size;
    prelu_backward_rows<Isa>(act, slopes, x + at, dy + at, dx + at, sums.data(), period.size, rows);
    add_sums(period.size);
  }
  // The last outer % period.rows rows: a prefix of one period.
  const std::size_t at = periods * period.size;
  const std::size_t rest = outer * channels * inner - at;
  if (rest > 0) {
    prelu_backward_rows<Isa>(act, slopes, x + at, dy + at, dx + at, sums.data(), rest, 1);
    add_sums(rest);
  }
  for (std::size_t c = 0; c < channels; ++c) { // weight is no longer read: they may alias
    store_sum(dweight + c, total[c]);
  }
}

// act's slopes are in the compute type T; x, dy, dx and dweight in storage type S.
template <class Isa, class T, class S>
SIMDACT_INLINE void prelu_backward_values(const prelu<T>& act, const S* x, const S* dy, S* dx,
                                          S* dweight) {
  const std::size_t channels = act.layout.channels;
  using A = typename Isa::arch;
  const prelu_plan plan = plan_prelu<T, Isa>(act.layout, prelu_pass::backward);
  constexpr std::size_t G = prelu_tuning<T, A>::tile_channels;
  constexpr std::size_t log2_most = prelu_tuning<T, A>::log2_max_unrolled_tile_run;
  switch (plan.shape) {
  case prelu_shape::long_runs:
    prelu_backward_channels<Isa>(act, x, dy, dx, dweight, 0);
    return;
  case prelu_shape::whole_runs:
    with_power_of_two<log2_most>(plan.unroll, [&](auto k) {
      prelu_backward_tiles<Isa, decltype(k)::value>(act, x, dy, dx, dweight);
    });
    break;
  case prelu_shape::runs:
    prelu_backward_tiles<Isa, 0>(act, x, dy, dx, dweight);
    break;
  case prelu_shape::whole_rows: // a forward shape only
  case prelu_shape::periods:
    prelu_backward_periods<Isa>(act, plan.period, x, dy, dx, dweight);
    return;
  }
  // The channels after the last whole tile.
  if (channels % G != 0) {
    prelu_backward_channels<Isa>(act, x, dy, dx, dweight, channels - channels % G);
  }
}

template <class Isa, class S>
void prelu_backward(const prelu<S>& act, const S* x, const S* dy, S* dx, S* dweight) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) { // nothing to read, and the weights may be null
    for (std::size_t c = 0; dweight != nullptr && c < channels; ++c) {
      store_sum(dweight + c, 0.0);
    }
    return;
  }
  if constexpr (is_half_v<S>) {
    const std::vector<float> slopes = widened_slopes<Isa>(act);
    prelu_backward_values<Isa>(prelu<float>{slopes.data(), act.layout}, x, dy, dx, dweight);
  } else {
    prelu_backward_values<Isa>(act, x, dy, dx, dweight);
  }
}

} // namespace simdact::detail
