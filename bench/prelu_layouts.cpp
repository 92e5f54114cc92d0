// PReLU over every layout of tests/prelu_layouts.hpp (the list the plan test checks), float,
// forward and backward: each row times simdact and the memory roofline of the same access
// pattern (roofline.hpp) in alternating calls, and reports both and their ratio, so one row is a
// paired measurement. Build: the `simdact_bench_prelu_layouts` target (bench preset).

#include "roofline.hpp"

#include "../tests/prelu_layouts.hpp"

#include <benchmark/benchmark.h>
#include <simdact/simdact.hpp>

#include <chrono>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

struct arrays {
  std::vector<float> x, dy, out, weight, dweight;
  arrays(std::size_t n, std::size_t channels)
      : x(n), dy(n), out(n), weight(channels), dweight(channels) {
    std::mt19937 random(1);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f), slope(0.05f, 0.5f);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = value(random);
      dy[i] = value(random);
    }
    for (float& w : weight) {
      w = slope(random);
    }
  }
};

template <class F> double seconds(const F& f) {
  const auto start = clock_type::now();
  f();
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

void prelu_row(benchmark::State& state, simdact::channel_layout layout, bool backward) {
  const std::size_t n = layout.outer * layout.channels * layout.inner;
  arrays a(n, layout.channels);
  const simdact::prelu<float> act{a.weight.data(), layout};
  double simdact_time = 0, roofline_time = 0;
  float sink = 0;
  for (auto _ : state) {
    if (backward) {
      simdact_time += seconds([&] {
        simdact::backward(act, a.x.data(), a.dy.data(), a.out.data(), a.dweight.data(), n);
      });
      roofline_time += seconds([&] {
        sink += simdact_bench::roofline_read2_write1_reduce(a.x.data(), a.dy.data(), a.out.data(),
                                                            n);
      });
    } else {
      simdact_time += seconds([&] { simdact::forward(act, a.x.data(), a.out.data(), n); });
      roofline_time += seconds(
          [&] { simdact_bench::roofline_read1_write1(a.x.data(), a.out.data(), n); });
    }
    benchmark::DoNotOptimize(a.out.data());
    benchmark::DoNotOptimize(sink);
    benchmark::ClobberMemory();
  }
  const double calls = static_cast<double>(state.iterations());
  state.counters["Gelem/s"] = calls * static_cast<double>(n) / simdact_time * 1e-9;
  state.counters["roofline_Gelem/s"] = calls * static_cast<double>(n) / roofline_time * 1e-9;
  state.counters["vs_roofline"] = roofline_time / simdact_time;
}

const bool registered = [] {
  for (const auto& c : simdact_layouts::prelu_layouts) {
    const auto [outer, channels, inner] = c.layout;
    const std::string shape = "{" + std::to_string(outer) + "," + std::to_string(channels) + "," +
                              std::to_string(inner) + "}";
    for (const bool backward : {false, true}) {
      benchmark::RegisterBenchmark(
          ((backward ? "prelu.backward/" : "prelu.forward/") + shape).c_str(),
          [layout = c.layout, backward](benchmark::State& state) {
            prelu_row(state, layout, backward);
          });
    }
  }
  return true;
}();

} // namespace
