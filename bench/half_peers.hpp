#pragma once

// The 16-bit side of the peer rows: simdact's ops on simdact::bfloat16 and simdact::float16 as
// benchmark rows ("simdact/bf16/<op>/<n>", "simdact/f16/<op>/<n>"), on inputs that are the float
// rows' inputs rounded once to the 16-bit type, so that onednn_rows.cpp and xnnpack_rows.cpp can
// pair them with a peer's 16-bit operator (run_pair) in the same run.

#include "accuracy.hpp"
#include "simdact_kernels.hpp"

#include <simdact/simdact.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <vector>

namespace simdact_bench {

template <> constexpr const char* type_name<simdact::bfloat16>() { return "bf16"; }
template <> constexpr const char* type_name<simdact::float16>() { return "f16"; }

// The float inputs of size n (bench_data.hpp), each rounded to H: the same activations,
// gradients and slopes as the float rows see, to 16 bits.
template <class H> const inputs<H>& half_inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<inputs<H>>> cache;
  std::unique_ptr<inputs<H>>& cached = cache[n];
  if (!cached) {
    const inputs<float>& from = shared_inputs<float>(n);
    cached = std::make_unique<inputs<H>>(inputs<H>{
        buffer<H>(n), buffer<H>(n), buffer<H>(prelu_channels), buffer<H>(prelu_channels)});
    auto round = [](const buffer<float>& in, buffer<H>& out) {
      for (std::size_t i = 0; i < in.size(); ++i) {
        out.data()[i] = H(in.data()[i]);
      }
    };
    round(from.x, cached->x);
    round(from.dy, cached->dy);
    round(from.weight, cached->weight);
    round(from.inverse_weight, cached->inverse_weight);
  }
  return *cached;
}

template <>
inline const inputs<simdact::bfloat16>& shared_inputs<simdact::bfloat16>(std::size_t n) {
  return half_inputs<simdact::bfloat16>(n);
}
template <> inline const inputs<simdact::float16>& shared_inputs<simdact::float16>(std::size_t n) {
  return half_inputs<simdact::float16>(n);
}

// The float rows' ops (simdact_kernels.hpp) on H. No in-place rows, so no undo.
template <class H> std::vector<row<H>> simdact_half_rows() {
  std::vector<row<H>> rows;
  add_elementwise<simdact::relu, H>(rows, "relu");
  add_elementwise<simdact::leaky_relu, H>(rows, "leaky_relu");
  add_elementwise<simdact::elu, H>(rows, "elu");
  add_prelu<H>(rows, "prelu_nchw", nchw);
  add_prelu<H>(rows, "prelu_nhwc", nhwc);
  return rows;
}

// PReLU's reference over the 65,536 inputs in NHWC order (input i in channel i % 64), with the
// slopes the rows of size n read: the float result, as for leaky_relu.
template <class H>
std::function<long double(float, std::size_t)> prelu_nhwc_exact(const H* weight) {
  return [weight](float x, std::size_t i) {
    return simdact_test::leaky_ref(x, static_cast<float>(weight[i % prelu_channels]));
  };
}

// simdact's accuracy on H (record_half_accuracy) for the forward ops the peers have, once per
// run, to show beside theirs.
template <class H> void record_simdact_half_accuracy() {
  static const bool recorded = [] {
    using fn = std::function<void(const H*, H*, std::size_t)>;
    const simdact::leaky_relu<H> leaky{};
    const simdact::elu<H> elu{};
    const H* weight = shared_inputs<H>(std::size_t{1} << 16).weight.data();
    record_half_accuracy<H>("simdact", "relu.forward", fn([](const H* x, H* y, std::size_t n) {
                              simdact::forward(simdact::relu<H>{}, x, y, n);
                            }),
                            relu_exact);
    record_half_accuracy<H>(
        "simdact", "leaky_relu.forward",
        fn([leaky](const H* x, H* y, std::size_t n) { simdact::forward(leaky, x, y, n); }),
        leaky_relu_exact(leaky.negative_slope));
    record_half_accuracy<H>("simdact", "elu.forward", fn([elu](const H* x, H* y, std::size_t n) {
                              simdact::forward(elu, x, y, n);
                            }),
                            elu_exact(elu.alpha));
    record_half_accuracy<H>("simdact", "prelu_nhwc.forward",
                            fn([weight](const H* x, H* y, std::size_t n) {
                              simdact::forward(simdact::prelu<H>{weight, nhwc(n)}, x, y, n);
                            }),
                            prelu_nhwc_exact(weight));
    return true;
  }();
  static_cast<void>(recorded);
}

} // namespace simdact_bench
