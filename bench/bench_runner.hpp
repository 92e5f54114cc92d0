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
#include <utility>
#include <vector>

namespace simdact_bench {

// What a kernel gets: one or two inputs, the output, and prelu's per-channel arrays.
template <class T> struct operands {
  const T* a;              // x, or y for backward_from_output
  const T* b;              // dy (unused by forward)
  T* out;                  // y or dx
  const T* weight;         // prelu slopes (prelu_channels of them)
  const T* inverse_weight; // their reciprocals, for undoing a prelu forward in place
  T* dweight;              // prelu weight gradient (prelu_channels of them)
  std::size_t n;
};

template <class T> struct row {
  using kernel_function = std::function<void(const operands<T>&)>;
  using input_function = std::function<void(const T* x, T* first, std::size_t n)>;

  // A constructor, not an aggregate with a defaulted undo: g++ 12 crashes (internal compiler
  // error) on that, and the rows without undo would otherwise all have to spell it out.
  row(std::string op_, int inputs_, int channel_arrays_, input_function make_first_input_,
      kernel_function kernel_, kernel_function undo_ = kernel_function())
      : op(std::move(op_)), inputs(inputs_), channel_arrays(channel_arrays_),
        make_first_input(std::move(make_first_input_)), kernel(std::move(kernel_)),
        undo(std::move(undo_)) {}

  std::string op;     // e.g. "elu.backward_from_output"
  int inputs;         // 1 (forward) or 2 (backward): n-element arrays read per call
  int channel_arrays; // prelu: weight read (+ dweight written) per call, each prelu_channels long
  // Turns x into the row's first input (ELU's y for backward_from_output); empty: a = x.
  input_function make_first_input;
  kernel_function kernel;
  // For in-place forward rows whose negatives would shrink call after call (leaky_relu, prelu):
  // the same forward with the reciprocal slopes, run on every other call to bring them back.
  kernel_function undo;
};

template <class T> std::size_t bytes_per_call(const row<T>& r, std::size_t n) {
  return (static_cast<std::size_t>(r.inputs) + 1) * n * sizeof(T) +
         static_cast<std::size_t>(r.channel_arrays) * prelu_channels * sizeof(T);
}

// In place, each call overwrites the input the next call reads. Left alone, leaky_relu and
// prelu would shrink the negatives by their slope on every call, through the subnormals (where
// multiplies are many times slower on x86) to zero: prelu_nhwc at 2^20 ran 8 times slower
// that way. So those rows alternate the forward with its undo, the same forward with the
// reciprocal slopes, which keeps every input within a few ulps of where it started; both calls
// count. relu is idempotent, and ELU's negatives creep towards zero without becoming subnormal
// in any run this suite makes (the kernels have no data-dependent branches). Only forward runs
// in place: repeated in-place backward calls would drive the gradients into the subnormals.
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
  operands<T> args{
      a, in.dy.data(), out.data(), in.weight.data(), in.inverse_weight.data(), dweight.data(), n};
  benchmark::DoNotOptimize(args.out);
  benchmark::DoNotOptimize(args.dweight);

  if (in_place) {
    args.a = args.out; // y = x
    std::copy(in.x.data(), in.x.data() + n, args.out);
  }
  const bool undo = in_place && r.undo;
  bool undo_next = false;
  for (auto _ : state) {
    (undo_next ? r.undo : r.kernel)(args);
    undo_next = undo && !undo_next;
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
