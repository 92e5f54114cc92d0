#pragma once

// Memory rooflines: the cheapest loop with each activation's access pattern, in the same SIMD
// width the activation kernels get from the same compiler flags: the best a SIMD kernel that
// loads, computes and stores can do, so "simdact / roofline" is how close a kernel is to it.
//
//   read1_write1         y = x                (forward)
//   read2_write1         dx = x + dy          (backward, backward_from_output)
//   read2_write1_reduce  dx = x + dy, s += x*dy  (prelu backward: dx plus a weight-gradient sum)

#include <xsimd/xsimd.hpp>

#include <array>
#include <cstddef>
#include <numeric>

namespace simdact_bench {

template <class T> using roofline_batch = xsimd::batch<T, xsimd::default_arch>;

template <class T> void roofline_read1_write1(const T* x, T* y, std::size_t n) {
  using B = roofline_batch<T>;
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    B::load_unaligned(x + i).store_unaligned(y + i);
  }
  for (; i < n; ++i) {
    y[i] = x[i];
  }
}

template <class T> void roofline_read2_write1(const T* x, const T* dy, T* dx, std::size_t n) {
  using B = roofline_batch<T>;
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    (B::load_unaligned(x + i) + B::load_unaligned(dy + i)).store_unaligned(dx + i);
  }
  for (; i < n; ++i) {
    dx[i] = x[i] + dy[i];
  }
}

// Four accumulators: an FMA takes four cycles and a batch can come every cycle, so with fewer the
// sum's latency, not memory, would set the pace in L1 (two measured 2 cycles per batch at 2^12).
template <class T> T roofline_read2_write1_reduce(const T* x, const T* dy, T* dx, std::size_t n) {
  using B = roofline_batch<T>;
  constexpr std::size_t K = 4;
  B sums[K] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
  std::size_t i = 0;
  for (; i + K * B::size <= n; i += K * B::size) {
    for (std::size_t k = 0; k < K; ++k) {
      const B xb = B::load_unaligned(x + i + k * B::size);
      const B dyb = B::load_unaligned(dy + i + k * B::size);
      (xb + dyb).store_unaligned(dx + i + k * B::size);
      sums[k] = xsimd::fma(xb, dyb, sums[k]);
    }
  }
  // Summed through memory once per call: no horizontal-add API spelled the same in every xsimd.
  alignas(64) std::array<T, B::size> lanes;
  ((sums[0] + sums[1]) + (sums[2] + sums[3])).store_aligned(lanes.data());
  T sum = std::accumulate(lanes.begin(), lanes.end(), T(0));
  for (; i < n; ++i) {
    dx[i] = x[i] + dy[i];
    sum += x[i] * dy[i];
  }
  return sum;
}

} // namespace simdact_bench
