#pragma once

// How one benchmark row runs: which arrays a kernel reads and writes, how many bytes that is,
// and the timed loop, out of place or in place.

#include "bench_data.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
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

// The arrays one row's calls read and write: the shared inputs (or the row's first input made
// from them), and an output and a weight gradient of its own.
template <class T> class row_arrays {
public:
  row_arrays(const row<T>& r, std::size_t n)
      : first_(r.make_first_input ? n : 0), out_(n), dweight_(prelu_channels) {
    const inputs<T>& in = shared_inputs<T>(n);
    const T* a = in.x.data();
    if (r.make_first_input) {
      r.make_first_input(in.x.data(), first_.data(), n);
      a = first_.data();
    }
    args_ = {
        a, in.dy.data(), out_.data(), in.weight.data(), in.inverse_weight.data(), dweight_.data(),
        n};
    benchmark::DoNotOptimize(args_.out);
    benchmark::DoNotOptimize(args_.dweight);
  }
  row_arrays(const row_arrays&) = delete;
  row_arrays& operator=(const row_arrays&) = delete;

  operands<T>& args() noexcept { return args_; }

private:
  buffer<T> first_, out_, dweight_;
  operands<T> args_{};
};

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
  row_arrays<T> arrays(r, n);
  operands<T>& args = arrays.args();
  if (in_place) {
    std::copy(args.a, args.a + n, args.out);
    args.a = args.out; // y = x
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

// A row and a reference (its roofline, or oneDNN's version) timed in turns on the same arrays,
// in blocks of a few microseconds or one call. The machines this runs on are shared, and a row
// timed on its own in a slow spell of another tenant came out 30-40% off (relu backward at 2^12:
// 0.83x its roofline in one run, the identical backward_from_output 1.24x); a spell long enough
// to matter falls on both halves of a pair. Counter "ratio": the median over the pairs of
// reference time / row time, i.e. the row's speed as a multiple of the reference's. Which half
// goes first alternates, so neither always finds the caches as the other left them. Blocks are
// timed by the wall clock: a moment another process holds the core spoils one pair, and the
// median leaves it out.
template <class T>
void run_pair(benchmark::State& state, const row<T>& r, const row<T>& reference, std::size_t n) {
  row_arrays<T> arrays(r, n);
  const operands<T>& args = arrays.args();
  const std::size_t calls = std::max<std::size_t>(1, (std::size_t{1} << 16) / n);
  auto seconds = [&](const row<T>& timed) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < calls; ++i) {
      timed.kernel(args);
      benchmark::ClobberMemory();
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<double> ratios;
  bool reference_first = false;
  for (auto _ : state) {
    const double before = seconds(reference_first ? reference : r);
    const double after = seconds(reference_first ? r : reference);
    ratios.push_back(reference_first ? before / after : after / before);
    reference_first = !reference_first;
  }
  if (!ratios.empty()) {
    auto middle = ratios.begin() + static_cast<std::ptrdiff_t>(ratios.size() / 2);
    std::nth_element(ratios.begin(), middle, ratios.end());
    state.counters["ratio"] = *middle;
  }
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

// Registers "paired_<reference>/<type>/<op>/<n>" (see run_pair) for each row whose op
// reference_of maps to the op of one of references; the in-place rows have no pair.
template <class T, class ReferenceOf>
void register_pairs(const std::string& reference, const std::vector<row<T>>& rows,
                    const std::vector<row<T>>& references, std::size_t n,
                    ReferenceOf reference_of) {
  for (const row<T>& r : rows) {
    const std::string wanted = reference_of(r);
    for (const row<T>& ref : references) {
      if (ref.op == wanted) {
        benchmark::RegisterBenchmark(
            row_name("paired_" + reference, type_name<T>(), r.op, n).c_str(),
            [r, ref, n](benchmark::State& state) { run_pair(state, r, ref, n); });
      }
    }
  }
}

inline const std::vector<std::size_t>& sizes() {
  static const std::vector<std::size_t> all{std::size_t{1} << 12, std::size_t{1} << 16,
                                            std::size_t{1} << 20, std::size_t{1} << 24};
  return all;
}

} // namespace simdact_bench
