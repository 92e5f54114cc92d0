#pragma once

// PReLU array kernels. Two loop shapes cover every layout without a division in the hot loop:
// - runs along one channel (inner >= lanes, e.g. NCHW; see runs_along_channels): the slope is
//   broadcast per run;
// - rows across the channels (shorter runs, e.g. NHWC with inner = 1): the slopes load as a
//   vector, from the weights themselves or from a period of slopes expanded so that entry j
//   holds weight[(j / inner) % channels]. The period is as many rows as make whole batches, so
//   that short rows (NC with few channels, say) do not each end in a padded tail.

#include "../prelu.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

namespace simdact::detail {

// Where the slopes of rows across the channels repeat: every `rows` rows, `size` elements.
struct slope_period {
  std::size_t rows, size;
};

// Rows are taken together until they make whole batches (lcm(row, lanes) elements, so that
// short rows do not each end in a padded tail) and, when the slopes need expanding anyway, at
// least min_batches batches; unless that takes more memory than it saves.
template <class T> slope_period period_of(const channel_layout& layout, std::size_t min_batches) {
  const std::size_t row = layout.channels * layout.inner;
  constexpr std::size_t max_size = std::size_t(1) << 16;
  std::size_t rows = lanes<T> / std::gcd(row, lanes<T>);
  if (rows == 1 && layout.inner == 1) {
    return {1, row}; // whole batches of the weights themselves (NHWC with 16 channels, say)
  }
  while (rows * row < min_batches * lanes<T> && rows * row <= max_size / 2) {
    rows *= 2;
  }
  // But not more rows than there are: {1, 2048, 7} expanded four rows' slopes and used one.
  rows = std::min(rows, layout.outer);
  return row <= max_size / rows ? slope_period{rows, rows * row} : slope_period{1, row};
}

// The slope of each element of one period, unless the weights themselves are that.
template <class T> std::vector<T> expanded_slopes(const prelu<T>& act, const slope_period& period) {
  const auto [outer, channels, inner] = act.layout;
  if (inner == 1 && period.size == channels) {
    return {};
  }
  // The first row, one batch store per channel: runs here are shorter than a batch, and each
  // store's excess is overwritten by the next channel's (the last one's lands in the room left
  // at the end). A fill per channel took 2.6 ns a channel at {1, 4096, 4}.
  std::vector<T> slopes(period.size + lanes<T>);
  for (std::size_t c = 0; c < channels; ++c) {
    native_batch<T>(act.weight[c]).store_unaligned(slopes.data() + c * inner);
  }
  // Then the other rows, doubling what is there.
  const std::size_t row = channels * inner;
  for (std::size_t j = row; j < period.size; j *= 2) {
    std::copy_n(slopes.begin(), std::min(j, period.size - j),
                slopes.begin() + static_cast<std::ptrdiff_t>(j));
  }
  return slopes;
}

// Runs of a batch or more; or shorter runs of 4 or more in a single row, where slopes expanded
// to one per element would serve only once: there a masked batch per run was 1.6-6.4x faster
// backward at {1, 64, 4} double, {1, 64, 8} and {1, 2048, 7} (AVX-512) and forward 1.6x at
// {1, 2048, 7}; with runs of 2 it was 0.67-0.93x, and with SSE2's partial loads 0.22-0.36x.
template <class T> bool runs_along_channels(const channel_layout& layout) {
  return layout.inner >= lanes<T> || (layout.outer == 1 && layout.inner >= 4);
}

// Rows of K whole batches each, with their K slope batches held in registers: NHWC with up to
// 8 batches of channels (64 float channels, say). Going through the general loop once per row
// cost more than the row: this is 1.6-2.1x faster at {64, 64, 1}, 3.6-4.6x at {256, 16, 1}.
template <std::size_t K, class Act, class T>
SIMDACT_INLINE void prelu_forward_rows(const Act& act, const T* x, T* y, std::size_t rows) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  B slope[K];
  for (std::size_t k = 0; k < K; ++k) {
    slope[k] = B::load_unaligned(act.weight + k * L);
  }
  for (std::size_t o = 0; o < rows; ++o, x += K * L, y += K * L) {
    for (std::size_t k = 0; k < K; ++k) {
      act(load_batch(x + k * L), slope[k]).store_unaligned(y + k * L);
    }
  }
}

// Runs of K whole batches along one channel each (NCHW {1, 64, 64}, say), unrolled: 1.17-1.36x
// faster than a loop over each run's batches at {1, 64, 64}, {1, 32, 128} and {1, 256, 16}.
template <std::size_t K, class Act, class T>
SIMDACT_INLINE void prelu_forward_runs(const Act& act, const T* x, T* y) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  // Read into locals: y might alias act as far as the compiler knows, so it reloaded the weight
  // pointer and the channel count after each run's stores (1.07x at {1, 64, 64} without that).
  const auto [outer, channels, inner] = act.layout;
  const T* const weight = act.weight;
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c, x += K * L, y += K * L) {
      const B slope(weight[c]);
      for (std::size_t k = 0; k < K; ++k) {
        act(load_batch(x + k * L), slope).store_unaligned(y + k * L);
      }
    }
  }
}

// Rows (inner == 1) or runs of 1-8 whole batches: prelu_forward_rows or prelu_forward_runs.
template <class Act, class T>
SIMDACT_INLINE bool prelu_forward_whole_batches(const Act& act, const T* x, T* y) {
  const channel_layout& layout = act.layout;
  if (layout.inner == 1 && layout.channels % lanes<T> == 0) {
    return with_count<8>(layout.channels / lanes<T>, [&](auto batches) {
      prelu_forward_rows<decltype(batches)::value>(act, x, y, layout.outer);
    });
  }
  return layout.inner % lanes<T> == 0 && with_count<8>(layout.inner / lanes<T>, [&](auto batches) {
           prelu_forward_runs<decltype(batches)::value>(act, x, y);
         });
}

// Flattened, so the loop over each run or row inlines here: a call per short run cost more than
// the run itself (NCHW {1, 64, 64} runs are 64 elements). Act is prelu<T> or shallow_prelu<T>.
template <class Act, class T>
SIMDACT_FLATTEN void prelu_forward_any(const Act& act, const T* x, T* y) {
  using B = native_batch<T>;
  const auto [outer, channels, inner] = act.layout;
  if (prelu_forward_whole_batches(act, x, y)) {
    return;
  }
  if (runs_along_channels<T>(act.layout)) {
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        const B slope(act.weight[c]);
        const std::size_t at = (o * channels + c) * inner;
        if (inner >= 16 * lanes<T>) {
          transform_loop(
              inner, y + at, [&](B xb) { return act(xb, slope); }, x + at);
          continue;
        }
        // A short run (under 16 batches, and not 1-8 whole ones, which took the loops above):
        // one batch per iteration. transform_loop's unrolled loop, second loop and tail check
        // cost more than they save here (NCHW {1, 64, 64} ran 1.2-1.36x faster this way, before
        // it had a loop of its own).
        std::size_t i = 0;
        for (; i + lanes<T> <= inner; i += lanes<T>) {
          act(load_batch(x + at + i), slope).store_unaligned(y + at + i);
        }
        if (i < inner) {
          const std::size_t rest = inner - i;
          store_partial(y + at + i,
                        act(load_partial(x + at + i, rest, typename B::arch_type{}), slope), rest);
        }
      }
    }
    return;
  }
  // Long periods: each is one pass of the loop.
  const slope_period period = period_of<T>(act.layout, 32);
  const std::vector<T> expanded = expanded_slopes(act, period);
  const T* slopes = expanded.empty() ? act.weight : expanded.data();
  const std::size_t n = outer * channels * inner;
  // Whole periods, then the last outer % period.rows rows: a prefix of one.
  for (std::size_t at = 0; at < n; at += period.size) {
    transform_loop(
        std::min(period.size, n - at), y + at, [&](B xb, B wb) { return act(xb, wb); }, x + at,
        slopes);
  }
}

// Whether every slope is_shallow_slope, read a batch at a time.
template <class T> bool all_shallow(const T* weight, std::size_t n) {
  using B = native_batch<T>;
  auto shallow = B(T(0)) == B(T(0));
  std::size_t i = 0;
  for (; i + lanes<T> <= n; i += lanes<T>) {
    shallow = shallow & is_shallow_slope(B::load_unaligned(weight + i));
  }
  for (; i < n; ++i) {
    if (!is_shallow_slope(weight[i])) {
      return false;
    }
  }
  return xsimd::all(shallow);
}

template <class T> void prelu_forward(const prelu<T>& act, const T* x, T* y) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) {
    return; // and the weights may be null
  }
  // SSE2 and AVX2 select with a blend (three instructions with the compare and the multiply, five
  // on SSE2), where the max form (shallow_prelu) takes two: 1.5-1.65x at 2^12. AVX-512 compares
  // into a mask and multiplies under it, two instructions already, and the max form measured
  // 0.86x there. Checking the slopes reads each once: it pays when each serves a batch or more.
  if constexpr (!std::is_base_of_v<xsimd::avx512f, typename native_batch<T>::arch_type>) {
    if (outer * inner >= lanes<T> && all_shallow(act.weight, channels)) {
      prelu_forward_any(shallow_prelu<T>{act}, x, y);
      return;
    }
  }
  prelu_forward_any(act, x, y);
}

// sum + prelu::weight_gradient(x, dy), with the select merged into the multiply where it can be.
// Not a fused multiply-add: x * dy must overflow to infinity exactly where the term does.
template <class B> SIMDACT_INLINE B add_weight_gradient(const B& sum, const B& x, const B& dy) {
  return sum + detail::if_positive(x, B(0), x * dy);
}

// A float partial sum of at most this many terms per lane stays within ~block * eps of the exact
// sum before it is added into double, which keeps dweight accurate for channels of any size.
inline constexpr std::size_t prelu_sum_block = 64;

// One channel's weight-gradient sum while its runs go by: four float partial sums (independent,
// so the adds do not wait on each other) that flush into double every prelu_sum_block batches.
template <class T> struct channel_sum {
  using B = native_batch<T>;
  B parts[4] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
  std::size_t batches = 0; // added to each part since the last flush
  double flushed = 0;

  B lanes() const { return (parts[0] + parts[1]) + (parts[2] + parts[3]); }
  SIMDACT_INLINE void count(std::size_t added) {
    batches += added;
    if (batches >= prelu_sum_block) {
      flushed += static_cast<double>(detail::reduce_add(lanes()));
      for (B& part : parts) {
        part = B(T(0));
      }
      batches = 0;
    }
  }
};

// dx for one run along one channel, adding the run's weight-gradient terms into sum. x and dy
// are read before dx is written, so dx may alias either.
template <class T>
SIMDACT_INLINE void prelu_backward_run(const prelu<T>& act, const native_batch<T>& slope,
                                       const T* x, const T* dy, T* dx, std::size_t n,
                                       channel_sum<T>& sum) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  std::size_t i = 0;
  while (i + 4 * L <= n) {
    // As many steps of four batches as fit before the next flush, in a loop of their own.
    const std::size_t steps = std::min(prelu_sum_block - sum.batches, (n - i) / (4 * L));
    for (const std::size_t end = i + steps * 4 * L; i < end; i += 4 * L) {
      for (std::size_t k = 0; k < 4; ++k) {
        const B xb = load_batch(x + i + k * L);
        const B dyb = load_batch(dy + i + k * L);
        sum.parts[k] = add_weight_gradient(sum.parts[k], xb, dyb);
        act.backward(xb, dyb, slope).store_unaligned(dx + i + k * L);
      }
    }
    sum.count(steps);
  }
  if (i == n) {
    return;
  }
  // The last n % (4 * lanes) elements, through the padded tail as usual.
  transform_loop(
      n - i, dx + i,
      [&](B xb, B dyb) {
        sum.parts[0] = add_weight_gradient(sum.parts[0], xb, dyb);
        return act.backward(xb, dyb, slope);
      },
      x + i, dy + i);
  sum.count((n - i + L - 1) / L);
}

// Runs of over 32 batches (NCHW {1, 64, 1024}, say), channel by channel: each channel's sum
// goes through four independent partial sums, where a tile's one sum per channel would make
// each add wait on the one before (0.85x at {1, 1, 4096}). dweight[c] is written after
// weight[c]'s last use, so the two may be the same array.
template <class T>
SIMDACT_FLATTEN void prelu_backward_long_runs(const prelu<T>& act, const T* x, const T* dy, T* dx,
                                              T* dweight) {
  const auto [outer, channels, inner] = act.layout;
  for (std::size_t c = 0; c < channels; ++c) {
    const native_batch<T> slope(act.weight[c]);
    channel_sum<T> sum;
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t at = (o * channels + c) * inner;
      prelu_backward_run(act, slope, x + at, dy + at, dx + at, inner, sum);
    }
    dweight[c] = static_cast<T>(sum.flushed + static_cast<double>(detail::reduce_add(sum.lanes())));
  }
}

// Channels per tile of prelu_backward_tile: as many sums as fill half the vector registers, and
// whole batches of them (16 AVX-512 doubles rather than 8: 1.06-1.14x at {64, 128, 16} and
// {32, 128, 8}).
template <class T>
inline constexpr std::size_t tile_channels = std::max<std::size_t>(
    lanes<T>, std::is_base_of_v<xsimd::avx512f, typename native_batch<T>::arch_type> ? 16 : 8);

// Runs of up to 32 batches (NCHW {64, 128, 16} or {1, 512, 49}, say), and a single row's runs
// shorter than a batch (see runs_along_channels): a tile of channels goes down the rows together,
// so each row's runs of them are one stretch of memory, and each channel's sum stays in a register.
// Channel by channel, the walk jumps a whole row after a few dozen bytes, and with a batch
// dimension ran at 0.44-0.68x the roofline. The sums of a tile are added up across lanes in one go
// (transposed_sums), where a horizontal add per channel cost more than a short run. Runs of K whole
// batches, or any length if K is 0; group is tile_channels as a constant, or fewer for the last
// channels. dweight[c] is written after weight[c]'s last use, so the two may be the same array.
template <std::size_t K, class T, class Group>
SIMDACT_INLINE void prelu_backward_tile(const prelu<T>& act, const T* x, const T* dy, T* dx,
                                        T* dweight, std::size_t first, Group group) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t G = tile_channels<T>;
  // Not a structured binding: lambdas below use inner, and capturing one needs C++20.
  const std::size_t outer = act.layout.outer, channels = act.layout.channels;
  const std::size_t inner = act.layout.inner;
  const std::size_t run_batches = K != 0 ? K : (inner + L - 1) / L;
  // Each lane of a sum takes at most prelu_sum_block terms before it is added into double (runs
  // here are at most 32 batches).
  const std::size_t rows_per_flush = std::max<std::size_t>(1, prelu_sum_block / run_batches);
  B sum[G];
  double flushed[G] = {};
  unrolled<G>([&](std::size_t k) { sum[k] = B(T(0)); });
  auto flush = [&] {
    alignas(64) T totals[G];
    unrolled<G / L>(
        [&](std::size_t q) { detail::transposed_sums(sum + q * L).store_aligned(totals + q * L); });
    unrolled<G>([&](std::size_t k) {
      flushed[k] += static_cast<double>(totals[k]);
      sum[k] = B(T(0));
    });
  };
  // Locals: dx might alias act as far as the compiler knows (see prelu_forward_runs).
  const T* const weight = act.weight + first;
  const std::size_t batches = inner / L, rest = inner % L;
  for (std::size_t o = 0, rows = 0; o < outer; ++o) {
    const std::size_t row_start = (o * channels + first) * inner;
    const T* xr = x + row_start;
    const T* dyr = dy + row_start;
    T* dxr = dx + row_start;
    unrolled<G>([&](std::size_t k) {
      if (k >= group) {
        return;
      }
      const B slope(weight[k]);
      auto step = [&](B xb, B dyb) {
        sum[k] = add_weight_gradient(sum[k], xb, dyb);
        return act.backward(xb, dyb, slope);
      };
      if constexpr (K != 0) {
        // Offsets from the row's start as constants: one pointer per array, not one per channel.
        unrolled<K>([&](std::size_t b) {
          const std::size_t i = (k * K + b) * L;
          step(load_batch(xr + i), load_batch(dyr + i)).store_unaligned(dxr + i);
        });
      } else {
        std::size_t i = 0;
        for (std::size_t b = 0; b < batches; ++b, i += L) {
          step(load_batch(xr + i), load_batch(dyr + i)).store_unaligned(dxr + i);
        }
        if (rest != 0) { // zeros in the padding add nothing to the sum
          constexpr typename B::arch_type arch{};
          const B xb = load_partial(xr + i, rest, arch), dyb = load_partial(dyr + i, rest, arch);
          store_partial(dxr + i, step(xb, dyb), rest);
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
  for (std::size_t k = 0; k < group; ++k) {
    dweight[first + k] = static_cast<T>(flushed[k]);
  }
}

template <std::size_t K, class T>
SIMDACT_FLATTEN void prelu_backward_tiles(const prelu<T>& act, const T* x, const T* dy, T* dx,
                                          T* dweight) {
  constexpr std::size_t G = tile_channels<T>;
  const std::size_t channels = act.layout.channels;
  std::size_t first = 0;
  for (; first + G <= channels; first += G) {
    prelu_backward_tile<K>(act, x, dy, dx, dweight, first,
                           std::integral_constant<std::size_t, G>{});
  }
  if (first < channels) {
    prelu_backward_tile<K>(act, x, dy, dx, dweight, first, channels - first);
  }
}

// Columns [j, j + K * lanes) of a block of rows across the channels: K batches side by side, so
// each row's stretch of them is read in one go, and each column's sum stays in a register.
template <std::size_t K, class T>
SIMDACT_INLINE void prelu_backward_columns(const prelu<T>& act, const T* slopes, const T* x,
                                           const T* dy, T* dx, T* sums, std::size_t row,
                                           std::size_t rows, std::size_t j) {
  using B = native_batch<T>;
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
      const B xb = load_batch(x + at);
      const B dyb = load_batch(dy + at);
      sum[k] = add_weight_gradient(sum[k], xb, dyb);
      act.backward(xb, dyb, slope[k]).store_unaligned(dx + at);
    });
  }
  unrolled<K>([&](std::size_t k) { sum[k].store_unaligned(sums + j + k * L); });
}

// dx for a block of rows across the channels; sums[j] gets entry j's weight-gradient terms
// summed over the block. x and dy are read before dx is written: dx may alias them.
template <class T>
SIMDACT_FLATTEN void prelu_backward_rows(const prelu<T>& act, const T* slopes, const T* x,
                                         const T* dy, T* dx, T* sums, std::size_t row,
                                         std::size_t rows) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  // Up to K batches side by side per pass over the block, 2K registers for slopes and sums:
  // AVX-512 has 32, AVX2 16. Each further pass re-reads the block's rows from L2 (double NHWC
  // with 64 channels took two passes of 4 and ran at 0.90-0.94x the roofline at 2^24).
  constexpr std::size_t K = std::is_base_of_v<xsimd::avx512f, typename B::arch_type> ? 8 : 2;
  std::size_t j = 0;
  for (; j + K * L <= row; j += K * L) {
    prelu_backward_columns<K>(act, slopes, x, dy, dx, sums, row, rows, j);
  }
  const std::size_t batches = (row - j) / L; // fewer than K: one more pass
  with_count<K - 1>(batches, [&](auto k) {
    prelu_backward_columns<decltype(k)::value>(act, slopes, x, dy, dx, sums, row, rows, j);
  });
  j += batches * L;
  // The last row % lanes entries of each row go through the padded tail.
  std::fill(sums + j, sums + row, T(0));
  for (std::size_t o = 0; o < rows && j < row; ++o) {
    const std::size_t at = o * row + j;
    transform_loop(
        row - j, sums + j, [](B sum, B xb, B dyb) { return add_weight_gradient(sum, xb, dyb); },
        sums + j, x + at, dy + at);
    transform_loop(
        row - j, dx + at, [&](B xb, B dyb, B wb) { return act.backward(xb, dyb, wb); }, x + at,
        dy + at, slopes + j);
  }
}

template <class T>
void prelu_backward(const prelu<T>& act, const T* x, const T* dy, T* dx, T* dweight) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) { // nothing to read, and the weights may be null
    std::fill(dweight, dweight + (dweight != nullptr ? channels : 0), T(0));
    return;
  }
  if (runs_along_channels<T>(act.layout)) {
    // Runs of up to 32 batches in tiles of channels. Against walking channel by channel (with
    // 4 partial sums per channel), float AVX-512: 2.0x at {64, 128, 16}, 1.3x at {32, 256, 28},
    // 1.25x at {1, 512, 49}, 1.28x at {1, 64, 64}, 1.2x at {1, 64, 144}; double 1.04x at
    // {1, 64, 64}; AVX2 1.3-1.8x on batched shapes; equal or better up to 32 batches. Runs of
    // whole batches are unrolled up to 64 batches per tile row: further (5-7 AVX-512 batches)
    // ran at 0.83x the roofline where the loop ran at 0.97x.
    if (inner > 32 * lanes<T>) {
      prelu_backward_long_runs(act, x, dy, dx, dweight);
      return;
    }
    constexpr std::size_t most = 64 / tile_channels<T>;
    const bool whole = inner % lanes<T> == 0 &&
                       with_count<most>(inner / lanes<T>, [&](auto batches) {
                         prelu_backward_tiles<decltype(batches)::value>(act, x, dy, dx, dweight);
                       });
    if (!whole) {
      prelu_backward_tiles<0>(act, x, dy, dx, dweight);
    }
    return;
  }
  // Short periods: the loop goes down their columns, and a block of them should stay in L1.
  const slope_period period = period_of<T>(act.layout, 1);
  const std::vector<T> expanded = expanded_slopes(act, period);
  const T* slopes = expanded.empty() ? act.weight : expanded.data();
  // Per-entry float sums over blocks of periods, then into double, channel by channel.
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
  const std::size_t periods = outer / period.rows;
  for (std::size_t p = 0; p < periods; p += prelu_sum_block) {
    const std::size_t rows = std::min(prelu_sum_block, periods - p);
    const std::size_t at = p * period.size;
    prelu_backward_rows(act, slopes, x + at, dy + at, dx + at, sums.data(), period.size, rows);
    add_sums(period.size);
  }
  // The last outer % period.rows rows: a prefix of one period.
  const std::size_t at = periods * period.size;
  const std::size_t rest = outer * channels * inner - at;
  if (rest > 0) {
    prelu_backward_rows(act, slopes, x + at, dy + at, dx + at, sums.data(), rest, 1);
    add_sums(rest);
  }
  for (std::size_t c = 0; c < channels; ++c) { // weight is no longer read: they may alias
    dweight[c] = static_cast<T>(total[c]);
  }
}

} // namespace simdact::detail
