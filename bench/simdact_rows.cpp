// simdact's array functions, the naive loops and the memory rooflines, for float and double at
// every size. All three live in this one file so that one binary (and one run) yields every ratio.

#include "bench_runner.hpp"
#include "naive.hpp"
#include "roofline.hpp"

#include <simdact/simdact.hpp>

#include <cstring>
#include <optional>
#include <vector>

namespace {

using simdact_bench::operands;
using simdact_bench::prelu_channels;
using simdact_bench::row;

simdact::channel_layout nchw(std::size_t n) { return {1, prelu_channels, n / prelu_channels}; }
simdact::channel_layout nhwc(std::size_t n) { return {n / prelu_channels, prelu_channels, 1}; }

// relu, leaky_relu or elu: forward, backward, backward_from_output.
// undo: the forward that reverses act's on the negatives, for the in-place row (see run_row).
template <template <class> class Act, class T>
void add_elementwise(std::vector<row<T>>& rows, const std::string& name,
                     std::optional<Act<T>> undo = std::nullopt) {
  const Act<T> act{};
  auto forward = [act](const T* x, T* y, std::size_t n) { simdact::forward(act, x, y, n); };
  rows.push_back({name + ".forward", 1, 0, {}, [act](const operands<T>& o) {
                    simdact::forward(act, o.a, o.out, o.n);
                  }});
  if (undo) {
    rows.back().undo = [act = *undo](const operands<T>& o) {
      simdact::forward(act, o.a, o.out, o.n);
    };
  }
  rows.push_back({name + ".backward", 2, 0, {}, [act](const operands<T>& o) {
                    simdact::backward(act, o.a, o.b, o.out, o.n);
                  }});
  rows.push_back({name + ".backward_from_output", 2, 0, forward, [act](const operands<T>& o) {
                    simdact::backward_from_output(act, o.a, o.b, o.out, o.n);
                  }});
}

template <class T>
void add_prelu(std::vector<row<T>>& rows, const std::string& name,
               simdact::channel_layout (*layout)(std::size_t)) {
  rows.push_back(
      {name + ".forward",
       1,
       1,
       {},
       [layout](const operands<T>& o) {
         simdact::forward(simdact::prelu<T>{o.weight, layout(o.n)}, o.a, o.out, o.n);
       },
       [layout](const operands<T>& o) {
         simdact::forward(simdact::prelu<T>{o.inverse_weight, layout(o.n)}, o.a, o.out, o.n);
       }});
  rows.push_back({name + ".backward", 2, 2, {}, [layout](const operands<T>& o) {
                    simdact::backward(simdact::prelu<T>{o.weight, layout(o.n)}, o.a, o.b, o.out,
                                      o.dweight, o.n);
                  }});
}

template <class T> std::vector<row<T>> simdact_rows() {
  std::vector<row<T>> rows;
  add_elementwise<simdact::relu, T>(rows, "relu");
  add_elementwise<simdact::leaky_relu, T>(
      rows, "leaky_relu", simdact::leaky_relu<T>{T(1) / simdact::leaky_relu<T>{}.negative_slope});
  add_elementwise<simdact::elu, T>(rows, "elu");
  add_prelu<T>(rows, "prelu_nchw", nchw);
  add_prelu<T>(rows, "prelu_nhwc", nhwc);
  return rows;
}

// The same ops as a user would write them; parameters are simdact's defaults.
template <class T> std::vector<row<T>> naive_rows() {
  namespace naive = simdact_bench::naive;
  const T slope = simdact::leaky_relu<T>{}.negative_slope;
  const T alpha = simdact::elu<T>{}.alpha;
  auto relu_y = [](const T* x, T* y, std::size_t n) { naive::relu_forward(x, y, n); };
  auto leaky_y = [slope](const T* x, T* y, std::size_t n) {
    naive::leaky_relu_forward(slope, x, y, n);
  };
  auto elu_y = [alpha](const T* x, T* y, std::size_t n) { naive::elu_forward(alpha, x, y, n); };
  auto forward = [](auto f) { return [f](const operands<T>& o) { f(o.a, o.out, o.n); }; };
  auto relu_grad = [](const operands<T>& o) { naive::relu_backward(o.a, o.b, o.out, o.n); };
  auto leaky_grad = [slope](const operands<T>& o) {
    naive::leaky_relu_backward(slope, o.a, o.b, o.out, o.n);
  };
  auto prelu_forward = [](simdact::channel_layout (*layout)(std::size_t)) {
    return [layout](const operands<T>& o) {
      const auto [outer, channels, inner] = layout(o.n);
      naive::prelu_forward(o.weight, outer, channels, inner, o.a, o.out);
    };
  };
  auto prelu_backward = [](simdact::channel_layout (*layout)(std::size_t)) {
    return [layout](const operands<T>& o) {
      const auto [outer, channels, inner] = layout(o.n);
      naive::prelu_backward(o.weight, outer, channels, inner, o.a, o.b, o.out, o.dweight);
    };
  };
  return {
      {"relu.forward", 1, 0, {}, forward(relu_y)},
      {"relu.backward", 2, 0, {}, relu_grad},
      {"relu.backward_from_output", 2, 0, relu_y, relu_grad}, // y > 0 exactly where x > 0
      {"leaky_relu.forward", 1, 0, {}, forward(leaky_y)},
      {"leaky_relu.backward", 2, 0, {}, leaky_grad},
      {"leaky_relu.backward_from_output", 2, 0, leaky_y, leaky_grad},
      {"elu.forward", 1, 0, {}, forward(elu_y)},
      {"elu.backward",
       2,
       0,
       {},
       [alpha](const operands<T>& o) { naive::elu_backward(alpha, o.a, o.b, o.out, o.n); }},
      {"elu.backward_from_output", 2, 0, elu_y,
       [alpha](const operands<T>& o) {
         naive::elu_backward_from_output(alpha, o.a, o.b, o.out, o.n);
       }},
      {"prelu_nchw.forward", 1, 1, {}, prelu_forward(nchw)},
      {"prelu_nchw.backward", 2, 2, {}, prelu_backward(nchw)},
      {"prelu_nhwc.forward", 1, 1, {}, prelu_forward(nhwc)},
      {"prelu_nhwc.backward", 2, 2, {}, prelu_backward(nhwc)},
  };
}

// One row per access pattern, plus memcpy as a reference for the copy pattern.
template <class T> std::vector<row<T>> roofline_rows() {
  namespace bench = simdact_bench;
  return {
      {"read1_write1",
       1,
       0,
       {},
       [](const operands<T>& o) { bench::roofline_read1_write1(o.a, o.out, o.n); }},
      {"read1_write1.memcpy",
       1,
       0,
       {},
       [](const operands<T>& o) { std::memcpy(o.out, o.a, o.n * sizeof(T)); }},
      {"read2_write1",
       2,
       0,
       {},
       [](const operands<T>& o) { bench::roofline_read2_write1(o.a, o.b, o.out, o.n); }},
      {"read2_write1_reduce",
       2,
       0,
       {},
       [](const operands<T>& o) {
         T sum = bench::roofline_read2_write1_reduce(o.a, o.b, o.out, o.n);
         benchmark::DoNotOptimize(sum);
       }},
  };
}

template <class T> bool register_all() {
  const auto simdact = simdact_rows<T>();
  const auto naive = naive_rows<T>();
  const auto roofline = roofline_rows<T>();
  for (const std::size_t n : simdact_bench::sizes()) {
    simdact_bench::register_rows("roofline", roofline, n, false);
    simdact_bench::register_rows("simdact", simdact, n, true);
    simdact_bench::register_rows("naive", naive, n, false);
  }
  return true;
}

// Registered during static initialization, like BENCHMARK(); main comes from benchmark_main.
[[maybe_unused]] const bool registered = register_all<float>() && register_all<double>();

} // namespace
