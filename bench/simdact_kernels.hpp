#pragma once

// simdact's array functions as benchmark rows: the rows of simdact_rows.cpp, and the side of
// every pair that onednn_rows.cpp times against oneDNN.

#include "bench_runner.hpp"

#include <simdact/simdact.hpp>

#include <optional>
#include <string>
#include <vector>

namespace simdact_bench {

inline simdact::channel_layout nchw(std::size_t n) {
  return {1, prelu_channels, n / prelu_channels};
}
inline simdact::channel_layout nhwc(std::size_t n) {
  return {n / prelu_channels, prelu_channels, 1};
}

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

} // namespace simdact_bench
