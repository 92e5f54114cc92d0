#pragma once

// PReLU array kernels. Two loop shapes cover every layout without a division in the hot loop:
// inner > 1 runs along one channel with a broadcast slope; inner == 1 runs across the channels
// of a row with the slopes loaded as a vector.

#include "../prelu.hpp"
#include "kernel.hpp"

#include <cstddef>
#include <vector>

namespace simdact::detail {

template <class T> void prelu_forward(const prelu<T>& act, const T* x, T* y) {
  using B = native_batch<T>;
  const auto [outer, channels, inner] = act.layout;
  const T* w = act.weight;
  if (inner == 1) {
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t row = o * channels;
      transform(channels, y + row, [&](B xb, B wb) { return act(xb, wb); }, x + row, w);
    }
    return;
  }
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c) {
      const std::size_t run = (o * channels + c) * inner;
      const B slope(w[c]);
      transform(inner, y + run, [&](B xb) { return act(xb, slope); }, x + run);
    }
  }
}

// Float partial sums over this many batches stay within ~block * eps of the exact sum before
// they are added into double, which keeps dweight accurate for channels of any size.
inline constexpr std::size_t prelu_sum_block = 64;

// dx for one run along channel c; returns the run's weight-gradient sum.
template <class T>
double prelu_backward_run(const prelu<T>& act, T slope_value, const T* x, const T* dy, T* dx,
                          std::size_t n) {
  using B = native_batch<T>;
  const B slope(slope_value);
  double total = 0;
  B partial(T(0));
  std::size_t in_block = 0;
  auto step = [&](B xb, B dyb) {
    partial += act.weight_gradient(xb, dyb);
    if (++in_block == prelu_sum_block) {
      total += static_cast<double>(reduce_add(partial));
      partial = B(T(0));
      in_block = 0;
    }
    return act.backward(xb, dyb, slope);
  };
  transform(n, dx, step, x, dy);
  return total + static_cast<double>(reduce_add(partial));
}

template <class T>
void prelu_backward(const prelu<T>& act, const T* x, const T* dy, T* dx, T* dweight) {
  using B = native_batch<T>;
  const auto [outer, channels, inner] = act.layout;
  const T* w = act.weight;
  std::vector<double> total(channels, 0.0);
  if (inner == 1) {
    // Per-channel float partial sums over a block of rows, then into double.
    std::vector<T> partial(channels, T(0));
    std::size_t rows_in_block = 0;
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t row = o * channels;
      transform(
          channels, partial.data(),
          [&](B sum, B xb, B dyb) { return sum + act.weight_gradient(xb, dyb); }, partial.data(),
          x + row, dy + row);
      transform(
          channels, dx + row, [&](B xb, B dyb, B wb) { return act.backward(xb, dyb, wb); }, x + row,
          dy + row, w);
      if (++rows_in_block == prelu_sum_block || o + 1 == outer) {
        rows_in_block = 0;
        for (std::size_t c = 0; c < channels; ++c) {
          total[c] += static_cast<double>(partial[c]);
          partial[c] = T(0);
        }
      }
    }
  } else {
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t run = (o * channels + c) * inner;
        total[c] += prelu_backward_run(act, w[c], x + run, dy + run, dx + run, inner);
      }
    }
  }
  for (std::size_t c = 0; dweight != nullptr && c < channels; ++c) {
    dweight[c] = static_cast<T>(total[c]);
  }
}

} // namespace simdact::detail
