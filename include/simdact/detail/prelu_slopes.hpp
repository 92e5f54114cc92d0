#pragma once

// The slope of every element of one period of rows (prelu_plan.hpp), for the kernels that walk
// rows across the channels as one array; and 16-bit slopes in float.

#include "../prelu.hpp"
#include "config.hpp"
#include "kernel.hpp"
#include "prelu_plan.hpp"
#include "storage.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace simdact::detail {

// Entry j holds weight[(j / inner) % channels], for j < period.size; empty when the weights
// themselves are that (inner == 1 and a period of one row). Allocates: may throw std::bad_alloc.
template <class Isa, class T>
std::vector<T> expanded_slopes(const prelu<T>& act, const slope_period& period) {
  const auto [outer, channels, inner] = act.layout;
  if (inner == 1 && period.size == channels) {
    return {};
  }
  // The first row, one batch store per channel: runs here are shorter than a batch, and each
  // store's excess is overwritten by the next channel's (the last one's lands in the room left
  // at the end); a fill per channel cost more.
  std::vector<T> slopes(period.size + lanes<T, Isa>);
  for (std::size_t c = 0; c < channels; ++c) {
    batch_t<T, Isa>(act.weight[c]).store_unaligned(slopes.data() + c * inner);
  }
  // Then the other rows, doubling what is there.
  const std::size_t row = channels * inner;
  for (std::size_t j = row; j < period.size; j *= 2) {
    std::copy_n(slopes.begin(), std::min(j, period.size - j),
                slopes.begin() + static_cast<std::ptrdiff_t>(j));
  }
  return slopes;
}

// The slopes of 16-bit storage widened once into float, the compute type the kernels take them in
// (and read before dweight, which may be the same array, is written). Allocates.
template <class Isa, class H> std::vector<float> widened_slopes(const prelu<H>& act) {
  std::vector<float> slopes(act.layout.channels);
  widen_array<Isa>(act.weight, slopes.data(), slopes.size());
  return slopes;
}

} // namespace simdact::detail
