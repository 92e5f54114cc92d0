// simdact's array functions (simdact_kernels.hpp), the naive loops and the memory rooflines, for
// float and double at every size, and each simdact row paired with its roofline (run_pair). All
// live in this one binary so that one run yields every ratio.

#include "accuracy.hpp"
#include "naive.hpp"
#include "roofline.hpp"
#include "simdact_kernels.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

using simdact_bench::nchw;
using simdact_bench::nhwc;
using simdact_bench::operands;
using simdact_bench::prelu_channels;
using simdact_bench::row;
using simdact_bench::simdact_rows;

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

// The roofline with a row's traffic (report.py's roofline_of says the same by name).
template <class T> std::string roofline_of(const row<T>& r) {
  if (r.inputs == 1) {
    return "read1_write1";
  }
  return r.channel_arrays > 0 ? "read2_write1_reduce" : "read2_write1";
}

template <class T> bool register_all() {
  simdact_bench::record_elu_accuracy<T>("simdact", [](const T* x, T* y, std::size_t n) {
    simdact::forward(simdact::elu<T>{}, x, y, n);
  });
  const auto simdact = simdact_rows<T>();
  const auto naive = naive_rows<T>();
  const auto roofline = roofline_rows<T>();
  for (const std::size_t n : simdact_bench::sizes()) {
    simdact_bench::register_rows("roofline", roofline, n, false);
    simdact_bench::register_rows("simdact", simdact, n, true);
    simdact_bench::register_rows("naive", naive, n, false);
    simdact_bench::register_pairs("roofline", simdact, roofline, n, roofline_of<T>);
  }
  return true;
}

// Registered during static initialization, like BENCHMARK(); main comes from benchmark_main.
[[maybe_unused]] const bool registered = register_all<float>() && register_all<double>();

} // namespace
