#pragma once

// PReLU array kernels. Two loop shapes cover every layout without a division in the hot loop:
// - runs along one channel (inner >= lanes, e.g. NCHW): the slope is broadcast per run;
// - rows across the channels (inner < lanes, e.g. NHWC with inner = 1): the slopes load as a
//   vector, from the weights themselves or, for 1 < inner < lanes, from a row of slopes
//   expanded so that entry j holds weight[j / inner].

#include "../prelu.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace simdact::detail {

// Slopes for one row of channels * inner elements.
template <class T> std::vector<T> expanded_slopes(const prelu<T>& act) {
  const auto [outer, channels, inner] = act.layout;
  std::vector<T> row(channels * inner);
  for (std::size_t j = 0; j < row.size(); ++j) {
    row[j] = act.weight[j / inner];
  }
  return row;
}

template <class T> bool runs_along_channels(const channel_layout& layout) {
  return layout.inner >= lanes<T>;
}

template <class T> void prelu_forward(const prelu<T>& act, const T* x, T* y) {
  using B = native_batch<T>;
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) {
    return; // and the weights may be null
  }
  if (runs_along_channels<T>(act.layout)) {
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        const B slope(act.weight[c]);
        const std::size_t at = (o * channels + c) * inner;
        transform(
            inner, y + at, [&](B xb) { return act(xb, slope); }, x + at);
      }
    }
    return;
  }
  const std::vector<T> expanded = inner == 1 ? std::vector<T>() : expanded_slopes(act);
  const T* slopes = inner == 1 ? act.weight : expanded.data();
  const std::size_t row = channels * inner;
  for (std::size_t o = 0; o < outer; ++o) {
    transform(
        row, y + o * row, [&](B xb, B wb) { return act(xb, wb); }, x + o * row, slopes);
  }
}

// A float partial sum of at most this many terms per lane stays within ~block * eps of the exact
// sum before it is added into double, which keeps dweight accurate for channels of any size.
inline constexpr std::size_t prelu_sum_block = 64;

// dx for one run along one channel; returns the run's weight-gradient sum. Four independent
// partial sums keep the adds from waiting on each other; each flushes into double every
// prelu_sum_block batches. x and dy are read before dx is written, so dx may alias either.
template <class T>
SIMDACT_FLATTEN double prelu_backward_run(const prelu<T>& act, T slope_value, const T* x,
                                          const T* dy, T* dx, std::size_t n) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t ways = 4;
  const B slope(slope_value);
  double total = 0;
  std::size_t i = 0;
  while (i + ways * L <= n) {
    B sums[ways] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
    const std::size_t block_end = std::min(n - n % (ways * L), i + prelu_sum_block * ways * L);
    for (; i < block_end; i += ways * L) {
      for (std::size_t k = 0; k < ways; ++k) {
        const B xb = B::load_unaligned(x + i + k * L);
        const B dyb = B::load_unaligned(dy + i + k * L);
        sums[k] += act.weight_gradient(xb, dyb);
        act.backward(xb, dyb, slope).store_unaligned(dx + i + k * L);
      }
    }
    total += static_cast<double>(detail::reduce_add((sums[0] + sums[1]) + (sums[2] + sums[3])));
  }
  B rest_sum(T(0)); // the last n % (4 * lanes) elements, through the padded tail as usual
  transform(
      n - i, dx + i,
      [&](B xb, B dyb) {
        rest_sum += act.weight_gradient(xb, dyb);
        return act.backward(xb, dyb, slope);
      },
      x + i, dy + i);
  return total + static_cast<double>(detail::reduce_add(rest_sum));
}

// dx for a block of rows across the channels; sums[j] gets entry j's weight-gradient terms
// summed over the block. Column by column, so each sum stays in registers (two of them, to
// halve the chain of dependent adds). x and dy are read before dx is written: dx may alias them.
template <class T>
SIMDACT_FLATTEN void prelu_backward_rows(const prelu<T>& act, const T* slopes, const T* x,
                                         const T* dy, T* dx, T* sums, std::size_t row,
                                         std::size_t rows) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  std::size_t j = 0;
  for (; j + L <= row; j += L) {
    const B slope = B::load_unaligned(slopes + j);
    B even(T(0));
    B odd(T(0));
    auto step = [&](std::size_t at, B& sum) {
      const B xb = B::load_unaligned(x + at);
      const B dyb = B::load_unaligned(dy + at);
      sum += act.weight_gradient(xb, dyb);
      act.backward(xb, dyb, slope).store_unaligned(dx + at);
    };
    std::size_t o = 0;
    for (; o + 2 <= rows; o += 2) {
      step(o * row + j, even);
      step((o + 1) * row + j, odd);
    }
    if (o < rows) {
      step(o * row + j, even);
    }
    (even + odd).store_unaligned(sums + j);
  }
  // The last row % lanes entries of each row go through the padded tail.
  std::fill(sums + j, sums + row, T(0));
  for (std::size_t o = 0; o < rows && j < row; ++o) {
    const std::size_t at = o * row + j;
    transform(
        row - j, sums + j, [&](B sum, B xb, B dyb) { return sum + act.weight_gradient(xb, dyb); },
        sums + j, x + at, dy + at);
    transform(
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
    // Channel by channel, so each sum finishes in a local: no allocation. dweight[c] is written
    // after weight[c]'s last use, so the two may be the same array.
    for (std::size_t c = 0; c < channels; ++c) {
      const T slope = act.weight[c];
      double total = 0;
      for (std::size_t o = 0; o < outer; ++o) {
        const std::size_t at = (o * channels + c) * inner;
        total += prelu_backward_run(act, slope, x + at, dy + at, dx + at, inner);
      }
      dweight[c] = static_cast<T>(total);
    }
    return;
  }
  const std::vector<T> expanded = inner == 1 ? std::vector<T>() : expanded_slopes(act);
  const T* slopes = inner == 1 ? act.weight : expanded.data();
  const std::size_t row = channels * inner;
  // Per-entry float sums over blocks of rows, then into double.
  std::vector<T> sums(row);
  std::vector<double> total(channels, 0.0);
  for (std::size_t o = 0; o < outer; o += prelu_sum_block) {
    const std::size_t rows = std::min(prelu_sum_block, outer - o);
    const std::size_t at = o * row;
    prelu_backward_rows(act, slopes, x + at, dy + at, dx + at, sums.data(), row, rows);
    for (std::size_t c = 0, j = 0; c < channels; ++c) {
      for (std::size_t k = 0; k < inner; ++k, ++j) {
        total[c] += static_cast<double>(sums[j]);
      }
    }
  }
  for (std::size_t c = 0; c < channels; ++c) { // weight is no longer read: they may alias
    dweight[c] = static_cast<T>(total[c]);
  }
}

} // namespace simdact::detail
