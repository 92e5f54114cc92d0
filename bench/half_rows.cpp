// bfloat16 and float16 rows: every element-wise op and PReLU on 16-bit storage, the same ops on
// float, and the 16-bit memory rooflines (a copy for forward, x + dy for backward), at 2^12 to
// 2^24 elements, in one binary so that ratios come from one run. Items per second are elements.

#include <simdact/simdact.hpp>

#include <benchmark/benchmark.h>
#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

template <class T> std::vector<T> data(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::vector<T> v(n);
  for (auto& x : v) {
    x = T(normal(rng));
  }
  return v;
}

template <class T> struct arrays {
  explicit arrays(std::size_t n)
      : x(data<T>(n, 1)), dy(data<T>(n, 2)), out(n), w(data<T>(64, 3)), dw(64) {}
  std::vector<T> x, dy, out, w, dw;
};

template <class T, class Run> void rows(benchmark::State& state, int operands, const Run& run) {
  const auto n = static_cast<std::size_t>(state.range(0));
  arrays<T> a(n);
  for (auto _ : state) {
    run(a, n);
    benchmark::DoNotOptimize(a.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(T)) *
                          (operands + 1));
}

template <class T> void relu_forward(benchmark::State& s) {
  rows<T>(s, 1, [](auto& a, std::size_t) { simdact::forward(simdact::relu<T>{}, a.x, a.out); });
}
template <class T> void relu_backward(benchmark::State& s) {
  rows<T>(s, 2,
          [](auto& a, std::size_t) { simdact::backward(simdact::relu<T>{}, a.x, a.dy, a.out); });
}
template <class T> void leaky_relu_forward(benchmark::State& s) {
  rows<T>(s, 1,
          [](auto& a, std::size_t) { simdact::forward(simdact::leaky_relu<T>{}, a.x, a.out); });
}
template <class T> void elu_forward(benchmark::State& s) {
  rows<T>(s, 1, [](auto& a, std::size_t) { simdact::forward(simdact::elu<T>{}, a.x, a.out); });
}
template <class T> void elu_backward(benchmark::State& s) {
  rows<T>(s, 2,
          [](auto& a, std::size_t) { simdact::backward(simdact::elu<T>{}, a.x, a.dy, a.out); });
}
// PReLU with 64 channels, NCHW {1, 64, n / 64} and NHWC {n / 64, 64, 1}; backward with dweight.
template <class T> void prelu_forward_nchw(benchmark::State& s) {
  rows<T>(s, 1, [](auto& a, std::size_t n) {
    simdact::forward(simdact::prelu<T>{a.w.data(), {1, 64, n / 64}}, a.x, a.out);
  });
}
template <class T> void prelu_forward_nhwc(benchmark::State& s) {
  rows<T>(s, 1, [](auto& a, std::size_t n) {
    simdact::forward(simdact::prelu<T>{a.w.data(), {n / 64, 64, 1}}, a.x, a.out);
  });
}
template <class T> void prelu_backward_nchw(benchmark::State& s) {
  rows<T>(s, 2, [](auto& a, std::size_t n) {
    simdact::backward(simdact::prelu<T>{a.w.data(), {1, 64, n / 64}}, a.x, a.dy, a.out, a.dw);
  });
}
template <class T> void prelu_backward_nhwc(benchmark::State& s) {
  rows<T>(s, 2, [](auto& a, std::size_t n) {
    simdact::backward(simdact::prelu<T>{a.w.data(), {n / 64, 64, 1}}, a.x, a.dy, a.out, a.dw);
  });
}

// The rooflines: the cheapest SIMD loops with the forward and backward access patterns.
void copy16(benchmark::State& s) {
  rows<std::uint16_t>(s, 1, [](auto& a, std::size_t n) {
    using B = xsimd::batch<std::uint16_t>;
    for (std::size_t i = 0; i < n; i += B::size) {
      B::load_unaligned(a.x.data() + i).store_unaligned(a.out.data() + i);
    }
  });
}
void add16(benchmark::State& s) {
  rows<std::uint16_t>(s, 2, [](auto& a, std::size_t n) {
    using B = xsimd::batch<std::uint16_t>;
    for (std::size_t i = 0; i < n; i += B::size) {
      (B::load_unaligned(a.x.data() + i) + B::load_unaligned(a.dy.data() + i))
          .store_unaligned(a.out.data() + i);
    }
  });
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int p : {12, 16, 20, 24}) {
    b->Arg(std::int64_t(1) << p);
  }
}

using simdact::bfloat16;
using simdact::float16;

#define SIMDACT_HALF_ROWS(op)                                                                      \
  BENCHMARK_TEMPLATE(op, bfloat16)->Apply(sizes);                                                  \
  BENCHMARK_TEMPLATE(op, float16)->Apply(sizes);                                                   \
  BENCHMARK_TEMPLATE(op, float)->Apply(sizes)

SIMDACT_HALF_ROWS(relu_forward);
SIMDACT_HALF_ROWS(relu_backward);
SIMDACT_HALF_ROWS(leaky_relu_forward);
SIMDACT_HALF_ROWS(elu_forward);
SIMDACT_HALF_ROWS(elu_backward);
SIMDACT_HALF_ROWS(prelu_forward_nchw);
SIMDACT_HALF_ROWS(prelu_forward_nhwc);
SIMDACT_HALF_ROWS(prelu_backward_nchw);
SIMDACT_HALF_ROWS(prelu_backward_nhwc);
BENCHMARK(copy16)->Apply(sizes);
BENCHMARK(add16)->Apply(sizes);

} // namespace
