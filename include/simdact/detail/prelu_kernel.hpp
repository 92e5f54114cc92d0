#pragma once

// PReLU array kernels. Two loop shapes cover every layout without a division in the hot loop:
// - runs along one channel (inner >= lanes, e.g. NCHW): the slope is broadcast per run;
// - rows across the channels (inner < lanes, e.g. NHWC with inner = 1): the slopes load as a
//   vector, from the weights themselves or, for 1 < inner < lanes, from a row of slopes
//   expanded so that entry j holds weight[j / inner].

#include "../prelu.hpp"
#include "kernel.hpp"

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
        transform(inner, y + at, [&](B xb) { return act(xb, slope); }, x + at);
      }
    }
    return;
  }
  const std::vector<T> expanded = inner == 1 ? std::vector<T>() : expanded_slopes(act);
  const T* slopes = inner == 1 ? act.weight : expanded.data();
  const std::size_t row = channels * inner;
  for (std::size_t o = 0; o < outer; ++o) {
    transform(row, y + o * row, [&](B xb, B wb) { return act(xb, wb); }, x + o * row, slopes);
  }
}

// Float partial sums over this many batches stay within ~block * eps of the exact sum before
// they are added into double, which keeps dweight accurate for channels of any size.
inline constexpr std::size_t prelu_sum_block = 64;

// dx for one run along one channel; returns the run's weight-gradient sum.
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
      total += static_cast<double>(detail::reduce_add(partial));
      partial = B(T(0));
      in_block = 0;
    }
    return act.backward(xb, dyb, slope);
  };
  transform(n, dx, step, x, dy);
  return total + static_cast<double>(detail::reduce_add(partial));
}

// dx for one row across the channels, adding each element's weight-gradient term to partial[j].
// x and dy are read before dx is written, so dx may alias either.
template <class T>
SIMDACT_FLATTEN void prelu_backward_row(const prelu<T>& act, const T* slopes, const T* x,
                                        const T* dy, T* dx, T* partial, std::size_t row) {
  using B = native_batch<T>;
  constexpr std::size_t L = B::size;
  std::size_t j = 0;
  for (; j + L <= row; j += L) {
    const B xb = B::load_unaligned(x + j);
    const B dyb = B::load_unaligned(dy + j);
    (B::load_unaligned(partial + j) + act.weight_gradient(xb, dyb)).store_unaligned(partial + j);
    act.backward(xb, dyb, B::load_unaligned(slopes + j)).store_unaligned(dx + j);
  }
  const std::size_t rest = row - j;
  transform(
      rest, partial + j, [&](B sum, B xb, B dyb) { return sum + act.weight_gradient(xb, dyb); },
      partial + j, x + j, dy + j);
  transform(
      rest, dx + j, [&](B xb, B dyb, B wb) { return act.backward(xb, dyb, wb); }, x + j, dy + j,
      slopes + j);
}

template <class T>
void prelu_backward(const prelu<T>& act, const T* x, const T* dy, T* dx, T* dweight) {
  const auto [outer, channels, inner] = act.layout;
  std::vector<double> total(channels, 0.0);
  if (outer * channels * inner == 0) {
    // nothing to read (the weights may be null); dweight is the empty sum
  } else if (runs_along_channels<T>(act.layout)) {
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t at = (o * channels + c) * inner;
        total[c] += prelu_backward_run(act, act.weight[c], x + at, dy + at, dx + at, inner);
      }
    }
  } else {
    const std::vector<T> expanded = inner == 1 ? std::vector<T>() : expanded_slopes(act);
    const T* slopes = inner == 1 ? act.weight : expanded.data();
    const std::size_t row = channels * inner;
    // Per-entry float partial sums over a block of rows, then into double.
    std::vector<T> partial(row, T(0));
    std::size_t rows_in_block = 0;
    for (std::size_t o = 0; o < outer; ++o) {
      prelu_backward_row(act, slopes, x + o * row, dy + o * row, dx + o * row, partial.data(), row);
      if (++rows_in_block == prelu_sum_block || o + 1 == outer) {
        rows_in_block = 0;
        for (std::size_t c = 0, j = 0; c < channels; ++c) {
          for (std::size_t k = 0; k < inner; ++k, ++j) {
            total[c] += static_cast<double>(partial[j]);
            partial[j] = T(0);
          }
        }
      }
    }
  }
  for (std::size_t c = 0; dweight != nullptr && c < channels; ++c) {
    dweight[c] = static_cast<T>(total[c]);
  }
}

} // namespace simdact::detail
