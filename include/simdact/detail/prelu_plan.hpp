#pragma once

// How the PReLU kernels walk a layout, decided before any element is touched: plan_prelu maps a
// layout and an architecture to a small plan (a loop shape, how far it is unrolled, and for rows
// across the channels how many rows repeat the slopes), which prelu_forward.hpp and
// prelu_backward.hpp then execute. All tuning constants are in prelu_tuning.

#include "../prelu.hpp"
#include "arch/traits.hpp"
#include "config.hpp"

#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace simdact::detail {

// Every threshold the PReLU kernels use, for elements T on architecture A. The measurements behind
// them are in docs/performance-notes.md ("PReLU").
template <class T, class A> struct prelu_tuning {
  static constexpr std::size_t lanes = xsimd::batch<T, A>::size;
  // Runs (and rows of channels) of 1, 2, 4 or 8 whole batches get loops unrolled to their length,
  // with the slopes held in registers; other lengths go through loops (every length unrolled
  // cost twice the compile time for layouts that are rarely used).
  static constexpr std::size_t log2_max_unrolled_batches = 3;
  // Forward: from this many batches a run goes through the general two-batch loop.
  static constexpr std::size_t long_forward_run_batches = 16;
  // In a single row, runs from this length up (shorter than a batch) still go along the runs,
  // one masked batch each, rather than through slopes expanded to one per element.
  static constexpr std::size_t min_masked_run = 4;
  // Backward: runs longer than this many batches go channel by channel with four partial sums;
  // shorter ones in tiles of channels that go down the rows together.
  static constexpr std::size_t max_tile_run_batches = 32;
  // Channels per tile: their sums fill half the vector registers, in whole batches of channels.
  static constexpr std::size_t tile_channels = std::max<std::size_t>(
      lanes, has_32_vector_registers_v<A> ? 16 : 8);
  // Tile rows of whole batches are unrolled for runs of a power of two batches, up to 64 batches
  // a row (tile channels times the run): further, the loop ran faster.
  static constexpr std::size_t log2_max_unrolled_tile_run = tile_channels == 16 ? 2 : 3;
  // Backward over rows across the channels: rows of up to this many batches go down the rows
  // in one pass, two registers per batch (slope and sum); longer rows go row by row.
  static constexpr std::size_t row_columns = has_32_vector_registers_v<A> ? 8 : 2;
  // Expanded slopes: at most this many elements, and at least this many batches of them
  // (forward, where each period is one pass of the loop; backward sums each entry over a block of
  // periods, so one batch will do).
  static constexpr std::size_t max_period = std::size_t(1) << 16;
  static constexpr std::size_t forward_period_batches = 32;
  static constexpr std::size_t backward_period_batches = 1;
  // A float partial sum of at most this many terms per lane stays within ~block * eps of the
  // exact sum before it is added into double, which keeps dweight accurate for any channel size.
  static constexpr std::size_t sum_block = 64;
  // Forward with every slope in (0, 1] takes one max per batch (shallow_prelu) instead of a
  // compare and a blend; with mask registers the compare and masked multiply are two
  // instructions already, and the max form measured slower.
  static constexpr bool shallow_max_form = !has_mask_registers_v<A>;
};

enum class prelu_shape {
  // Runs along one channel (inner >= lanes, NCHW), the slope broadcast per run.
  whole_runs, // runs of `unroll` whole batches, unrolled (forward and backward tiles)
  runs,       // shorter runs of any length: forward batch by batch, backward in tiles
  long_runs,  // forward through the two-batch loop, backward channel by channel
  // Rows across the channels (shorter runs, NHWC), the slopes loaded as vectors.
  whole_rows, // forward, inner == 1 and rows of `unroll` whole batches of channels
  periods,    // the slopes of `period` rows, expanded if inner > 1, walked as one array
};

// Where the slopes of rows across the channels repeat: every `rows` rows, `size` elements.
struct slope_period {
  std::size_t rows, size;
};

struct prelu_plan {
  prelu_shape shape;
  std::size_t unroll;  // whole_runs, whole_rows: batches per run or row; otherwise 0
  slope_period period; // periods: the rows a pass covers; otherwise {0, 0}
};

enum class prelu_pass { forward, backward };

// Rows are taken together until they make whole batches (lcm(row, lanes) elements, so that short
// rows do not each end in a padded tail) and, when the slopes need expanding anyway, at least
// min_batches batches; but not more rows than there are, nor more memory than that saves.
template <class T, class Isa>
constexpr slope_period period_of(const channel_layout& layout, std::size_t min_batches) {
  using tuning = prelu_tuning<T, typename Isa::arch>;
  const std::size_t row = layout.channels * layout.inner;
  std::size_t rows = tuning::lanes / std::gcd(row, tuning::lanes);
  if (rows == 1 && layout.inner == 1) {
    return {1, row}; // whole batches of the weights themselves (NHWC with 16 channels, say)
  }
  while (rows * row < min_batches * tuning::lanes && rows * row <= tuning::max_period / 2) {
    rows *= 2;
  }
  rows = std::min(rows, layout.outer);
  return row <= tuning::max_period / rows ? slope_period{rows, rows * row} : slope_period{1, row};
}

SIMDACT_INLINE constexpr bool is_power_of_two(std::size_t n) {
  return n != 0 && (n & (n - 1)) == 0;
}

// The plan for a non-empty layout, for the isa (kernel.hpp) that will execute it.
template <class T, class Isa>
constexpr prelu_plan plan_prelu(const channel_layout& layout, prelu_pass pass) {
  using tuning = prelu_tuning<T, typename Isa::arch>;
  constexpr std::size_t L = tuning::lanes;
  const bool forward = pass == prelu_pass::forward;
  const auto [outer, channels, inner] = layout;
  const std::size_t run_batches = inner / L;
  const bool whole_batches = inner % L == 0;
  const bool along_runs = inner >= L || (outer == 1 && inner >= tuning::min_masked_run);
  if (along_runs) {
    const bool long_runs = forward ? inner >= tuning::long_forward_run_batches * L
                                   : inner > tuning::max_tile_run_batches * L;
    if (long_runs) {
      return {prelu_shape::long_runs, 0, {0, 0}};
    }
    const std::size_t most = std::size_t(1) << (forward ? tuning::log2_max_unrolled_batches
                                                        : tuning::log2_max_unrolled_tile_run);
    if (whole_batches && is_power_of_two(run_batches) && run_batches <= most) {
      return {prelu_shape::whole_runs, run_batches, {0, 0}};
    }
    return {prelu_shape::runs, 0, {0, 0}};
  }
  const std::size_t row_batches = channels / L;
  if (forward && inner == 1 && channels % L == 0 && is_power_of_two(row_batches) &&
      row_batches <= (std::size_t(1) << tuning::log2_max_unrolled_batches)) {
    return {prelu_shape::whole_rows, channels / L, {0, 0}};
  }
  const std::size_t min_batches = forward ? tuning::forward_period_batches
                                          : tuning::backward_period_batches;
  return {prelu_shape::periods, 0, period_of<T, Isa>(layout, min_batches)};
}

} // namespace simdact::detail
