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

// Two accumulators, so the sum's add latency never limits the loop.
template <class T> T roofline_read2_write1_reduce(const T* x, const T* dy, T* dx, std::size_t n) {
  using B = roofline_batch<T>;
  B sum0(T(0)), sum1(T(0));
  std::size_t i = 0;
  for (; i + 2 * B::size <= n; i += 2 * B::size) {
    const B x0 = B::load_unaligned(x + i), x1 = B::load_unaligned(x + i + B::size);
    const B d0 = B::load_unaligned(dy + i), d1 = B::load_unaligned(dy + i + B::size);
    (x0 + d0).store_unaligned(dx + i);
    (x1 + d1).store_unaligned(dx + i + B::size);
    sum0 = xsimd::fma(x0, d0, sum0);
    sum1 = xsimd::fma(x1, d1, sum1);
  }
  // Summed through memory once per call: no horizontal-add API spelled the same in every xsimd.
  alignas(64) std::array<T, B::size> lanes;
  (sum0 + sum1).store_aligned(lanes.data());
  T sum = std::accumulate(lanes.begin(), lanes.end(), T(0));
  for (; i < n; ++i) {
    dx[i] = x[i] + dy[i];
    sum += x[i] * dy[i];
  }
  return sum;
}

} // namespace simdact_bench
