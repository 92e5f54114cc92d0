#pragma once

// How one benchmark row runs: which arrays a kernel reads and writes, how many bytes that is,
// and the timed loop, out of place or in place.

#include "bench_data.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace simdact_bench {

// What a kernel gets: one or two inputs, the output, and prelu's per-channel arrays.
template <class T> struct operands {
  const T* a;      // x, or y for backward_from_output
  const T* b;      // dy (unused by forward)
  T* out;          // y or dx
  const T* weight; // prelu slopes (prelu_channels of them)
  T* dweight;      // prelu weight gradient (prelu_channels of them)
  std::size_t n;
};

template <class T> struct row {
  std::string op;     // e.g. "elu.backward_from_output"
  int inputs;         // 1 (forward) or 2 (backward): n-element arrays read per call
  int channel_arrays; // prelu: weight read (+ dweight written) per call, each prelu_channels long
  // Turns x into the row's first input (ELU's y for backward_from_output); empty: a = x.
  std::function<void(const T* x, T* first, std::size_t n)> make_first_input;
  std::function<void(const operands<T>&)> kernel;
};

template <class T> std::size_t bytes_per_call(const row<T>& r, std::size_t n) {
  return (static_cast<std::size_t>(r.inputs) + 1) * n * sizeof(T) +
         static_cast<std::size_t>(r.channel_arrays) * prelu_channels * sizeof(T);
}

// In place, each call overwrites the input the next call reads. That is harmless for these
// branch-free kernels: relu, leaky_relu and prelu turn the negatives into -0 within about a hundred
// calls (spending a few calls as subnormals on the way), and ELU's negatives creep towards
// zero without ever becoming subnormal in any run this suite makes. The work per element stays
// exactly the same; only forward runs in place, since repeated in-place backward calls would
// keep gradients drifting through the subnormal range.
template <class T>
void run_row(benchmark::State& state, const row<T>& r, std::size_t n, bool in_place) {
  const inputs<T>& in = shared_inputs<T>(n);
  buffer<T> first(r.make_first_input ? n : 0);
  const T* a = in.x.data();
  if (r.make_first_input) {
    r.make_first_input(in.x.data(), first.data(), n);
    a = first.data();
  }
  buffer<T> out(n);
  buffer<T> dweight(prelu_channels);
  operands<T> args{a, in.dy.data(), out.data(), in.weight.data(), dweight.data(), n};
  benchmark::DoNotOptimize(args.out);
  benchmark::DoNotOptimize(args.dweight);

  if (in_place) {
    args.a = args.out; // y = x
    std::copy(in.x.data(), in.x.data() + n, args.out);
  }
  for (auto _ : state) {
    r.kernel(args);
    benchmark::ClobberMemory();
  }
  const auto calls = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(calls * static_cast<std::int64_t>(bytes_per_call(r, n)));
  state.SetItemsProcessed(calls * static_cast<std::int64_t>(n));
}

// Registers rows as "<implementation>/<type>/<op>/<n>", plus "<op>.inplace" rows for forward
// when asked. Timed in CPU time: the machines this runs on are shared, and CPU time leaves out
// the moments another process holds the core.
template <class T>
void register_rows(const std::string& implementation, const std::vector<row<T>>& rows,
                   std::size_t n, bool with_in_place) {
  for (const row<T>& r : rows) {
    benchmark::RegisterBenchmark(row_name(implementation, type_name<T>(), r.op, n).c_str(),
                                 [r, n](benchmark::State& state) { run_row(state, r, n, false); });
    if (with_in_place && r.inputs == 1) {
      benchmark::RegisterBenchmark(
          row_name(implementation, type_name<T>(), r.op + ".inplace", n).c_str(),
          [r, n](benchmark::State& state) { run_row(state, r, n, true); });
    }
  }
}

inline const std::vector<std::size_t>& sizes() {
  static const std::vector<std::size_t> all{std::size_t{1} << 12, std::size_t{1} << 16,
                                            std::size_t{1} << 20, std::size_t{1} << 24};
  return all;
}

} // namespace simdact_bench
