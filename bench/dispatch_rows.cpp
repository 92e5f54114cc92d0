// simdact::dispatch against the header-only build for this machine (-march=native), float:
//   paired_native/f32/<op>/<n>  ratio = header-only time / dispatched time (n = 2^12, 2^16)
//   overhead/f32/<op>/16        overhead_ns = dispatched - header-only time per call, median of
//                               pairs: what the call through the library costs on top.
// Both sides run the same instruction set when the library picks this machine's best.

#include "simdact_kernels.hpp"

#include <simdact/dispatch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace {

using simdact_bench::operands;
using simdact_bench::row;

template <template <class> class Act, class T>
void add_dispatched(std::vector<row<T>>& rows, const std::string& name) {
  const Act<T> act{};
  auto forward = [act](const T* x, T* y, std::size_t n) {
    simdact::dispatch::forward(act, x, y, n);
  };
  rows.push_back({name + ".forward", 1, 0, {}, [act](const operands<T>& o) {
                    simdact::dispatch::forward(act, o.a, o.out, o.n);
                  }});
  rows.push_back({name + ".backward", 2, 0, {}, [act](const operands<T>& o) {
                    simdact::dispatch::backward(act, o.a, o.b, o.out, o.n);
                  }});
  rows.push_back({name + ".backward_from_output", 2, 0, forward, [act](const operands<T>& o) {
                    simdact::dispatch::backward_from_output(act, o.a, o.b, o.out, o.n);
                  }});
}

template <class T>
void add_dispatched_prelu(std::vector<row<T>>& rows, const std::string& name,
                          simdact::channel_layout (*layout)(std::size_t)) {
  rows.push_back(
      {name + ".forward", 1, 1, {}, [layout](const operands<T>& o) {
         simdact::dispatch::forward(simdact::prelu<T>{o.weight, layout(o.n)}, o.a, o.out, o.n);
       }});
  rows.push_back({name + ".backward", 2, 2, {}, [layout](const operands<T>& o) {
                    simdact::dispatch::backward(simdact::prelu<T>{o.weight, layout(o.n)}, o.a, o.b,
                                                o.out, o.dweight, o.n);
                  }});
}

template <class T> std::vector<row<T>> dispatched_rows() {
  std::vector<row<T>> rows;
  add_dispatched<simdact::relu, T>(rows, "relu");
  add_dispatched<simdact::leaky_relu, T>(rows, "leaky_relu");
  add_dispatched<simdact::elu, T>(rows, "elu");
  add_dispatched_prelu<T>(rows, "prelu_nchw", simdact_bench::nchw);
  add_dispatched_prelu<T>(rows, "prelu_nhwc", simdact_bench::nhwc);
  return rows;
}

// Like run_pair, but reports the difference per call in nanoseconds: at n = 16 the arithmetic
// is a few nanoseconds and a ratio would mostly measure the call.
template <class T>
void run_overhead(benchmark::State& state, const row<T>& r, const row<T>& reference,
                  std::size_t n) {
  simdact_bench::row_arrays<T> arrays(r, n);
  const operands<T>& args = arrays.args();
  constexpr std::size_t calls = 4096;
  auto seconds = [&](const row<T>& timed) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < calls; ++i) {
      timed.kernel(args);
      benchmark::ClobberMemory();
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<double> differences, own;
  bool reference_first = false;
  for (auto _ : state) {
    const double first = seconds(reference_first ? reference : r);
    const double second = seconds(reference_first ? r : reference);
    const double row_time = reference_first ? second : first;
    const double reference_time = reference_first ? first : second;
    differences.push_back((row_time - reference_time) / calls * 1e9);
    own.push_back(reference_time / calls * 1e9);
    reference_first = !reference_first;
  }
  auto median = [](std::vector<double>& v) {
    auto middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), middle, v.end());
    return *middle;
  };
  if (!differences.empty()) {
    state.counters["overhead_ns"] = median(differences);
    state.counters["header_only_ns"] = median(own);
  }
}

bool register_all() {
  using T = float;
  const auto dispatched = dispatched_rows<T>();
  const auto native = simdact_bench::simdact_rows<T>();
  auto same_op = [](const row<T>& r) { return r.op; };
  for (const std::size_t n : {std::size_t{1} << 12, std::size_t{1} << 16}) {
    simdact_bench::register_pairs("native", dispatched, native, n, same_op);
  }
  const std::size_t n = 16;
  for (const row<T>& r : dispatched) {
    for (const row<T>& ref : native) {
      if (ref.op == r.op && r.channel_arrays == 0) { // prelu's 64 channels need n >= 64
        benchmark::RegisterBenchmark(
            simdact_bench::row_name("overhead", "f32", r.op, n).c_str(),
            [r, ref, n](benchmark::State& state) { run_overhead(state, r, ref, n); });
      }
    }
  }
  benchmark::AddCustomContext("dispatch_isa", std::string(simdact::dispatch::active_isa()));
  return true;
}

[[maybe_unused]] const bool registered = register_all();

} // namespace
