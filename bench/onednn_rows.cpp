// oneDNN's eltwise and prelu primitives on the same arrays and sizes as the simdact rows, one
// thread. Primitives are created at registration, outside every timed loop; a call points the
// memory objects at the row's arrays (when they changed) and executes. oneDNN 2.6 has no f64,
// so float only.

#include "accuracy.hpp"
#include "simdact_kernels.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using simdact_bench::operands;
using simdact_bench::prelu_channels;
using simdact_bench::row;
using tag = dnnl::memory::format_tag;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}
dnnl::stream& cpu_stream() {
  static dnnl::stream stream(cpu_engine());
  return stream;
}

enum class operand { a, b, out, weight, dweight };

const void* pointer_of(const operands<float>& o, operand which) {
  switch (which) {
  case operand::a:
    return o.a;
  case operand::b:
    return o.b;
  case operand::out:
    return o.out;
  case operand::weight:
    return o.weight;
  case operand::dweight:
    return o.dweight;
  }
  return nullptr;
}

// One primitive and its arguments, each bound to one of the row's arrays.
class onednn_call {
public:
  onednn_call(dnnl::primitive primitive, const dnnl::primitive_desc& pd,
              std::vector<std::pair<int, operand>> slots)
      : primitive_(std::move(primitive)), slots_(std::move(slots)) {
    for (const auto& [arg, which] : slots_) {
      args_.emplace(arg, dnnl::memory(pd.query_md(dnnl::query::exec_arg_md, arg), cpu_engine(),
                                      DNNL_MEMORY_NONE));
    }
  }

  void operator()(const operands<float>& o) {
    // run_row's arrays stay put for a whole run, so this rebinds once per run, not per call.
    for (auto& [arg, which] : slots_) {
      void* p = const_cast<void*>(pointer_of(o, which));
      dnnl::memory& m = args_.at(arg);
      if (m.get_data_handle() != p) {
        m.set_data_handle(p);
      }
    }
    primitive_.execute(cpu_stream(), args_);
    cpu_stream().wait();
  }

private:
  dnnl::primitive primitive_;
  std::vector<std::pair<int, operand>> slots_;
  std::unordered_map<int, dnnl::memory> args_;
};

// std::function needs a copyable callable; every copy shares the one primitive.
std::function<void(const operands<float>&)> share(onednn_call call) {
  auto shared = std::make_shared<onednn_call>(std::move(call));
  return [shared](const operands<float>& o) { (*shared)(o); };
}

enum class pass { forward, backward, backward_from_output };

std::function<void(const operands<float>&)> eltwise(dnnl::algorithm algorithm,
                                                    dnnl::algorithm use_dst_algorithm, float alpha,
                                                    pass p, std::size_t n) {
  const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, dnnl::memory::data_type::f32,
                              tag::a);
  const dnnl::algorithm chosen = p == pass::backward_from_output ? use_dst_algorithm : algorithm;
  const dnnl::eltwise_forward::primitive_desc forward_pd(
      {dnnl::prop_kind::forward_training, chosen, md, alpha, 0.f}, cpu_engine());
  if (p == pass::forward) {
    return share({dnnl::eltwise_forward(forward_pd),
                  forward_pd,
                  {{DNNL_ARG_SRC, operand::a}, {DNNL_ARG_DST, operand::out}}});
  }
  const dnnl::eltwise_backward::primitive_desc backward_pd({chosen, md, md, alpha, 0.f},
                                                           cpu_engine(), forward_pd);
  const int data_arg = p == pass::backward_from_output ? DNNL_ARG_DST : DNNL_ARG_SRC;
  return share({dnnl::eltwise_backward(backward_pd),
                backward_pd,
                {{data_arg, operand::a},
                 {DNNL_ARG_DIFF_DST, operand::b},
                 {DNNL_ARG_DIFF_SRC, operand::out}}});
}

// simdact's {1, C, n/C} (NCHW) and {n/C, C, 1} (NHWC) are oneDNN's {1, C, n/C} in abc and acb.
std::function<void(const operands<float>&)> prelu(tag layout, pass p, std::size_t n) {
  const auto C = static_cast<dnnl::memory::dim>(prelu_channels);
  const dnnl::memory::desc data({1, C, static_cast<dnnl::memory::dim>(n) / C},
                                dnnl::memory::data_type::f32, layout);
  const dnnl::memory::desc weight({1, C, 1}, dnnl::memory::data_type::f32, tag::abc);
  const dnnl::prelu_forward::primitive_desc forward_pd(
      {dnnl::prop_kind::forward_training, data, weight}, cpu_engine());
  if (p == pass::forward) {
    return share({dnnl::prelu_forward(forward_pd),
                  forward_pd,
                  {{DNNL_ARG_SRC, operand::a},
                   {DNNL_ARG_WEIGHTS, operand::weight},
                   {DNNL_ARG_DST, operand::out}}});
  }
  const dnnl::prelu_backward::primitive_desc backward_pd({data, weight, data, weight}, cpu_engine(),
                                                         forward_pd);
  return share({dnnl::prelu_backward(backward_pd),
                backward_pd,
                {{DNNL_ARG_SRC, operand::a},
                 {DNNL_ARG_WEIGHTS, operand::weight},
                 {DNNL_ARG_DIFF_DST, operand::b},
                 {DNNL_ARG_DIFF_SRC, operand::out},
                 {DNNL_ARG_DIFF_WEIGHTS, operand::dweight}}});
}

template <class Act>
void add_eltwise(std::vector<row<float>>& rows, const std::string& name, dnnl::algorithm algorithm,
                 dnnl::algorithm use_dst_algorithm, float alpha, std::size_t n) {
  auto y_of = [](const float* x, float* y, std::size_t count) {
    simdact::forward(Act{}, x, y, count); // same y as the simdact rows read
  };
  rows.push_back({name + ".forward",
                  1,
                  0,
                  {},
                  eltwise(algorithm, use_dst_algorithm, alpha, pass::forward, n)});
  rows.push_back({name + ".backward",
                  2,
                  0,
                  {},
                  eltwise(algorithm, use_dst_algorithm, alpha, pass::backward, n)});
  rows.push_back({name + ".backward_from_output", 2, 0, y_of,
                  eltwise(algorithm, use_dst_algorithm, alpha, pass::backward_from_output, n)});
}

std::vector<row<float>> onednn_rows(std::size_t n) {
  using alg = dnnl::algorithm;
  std::vector<row<float>> rows;
  add_eltwise<simdact::relu<float>>(rows, "relu", alg::eltwise_relu,
                                    alg::eltwise_relu_use_dst_for_bwd, 0.f, n);
  add_eltwise<simdact::leaky_relu<float>>(rows, "leaky_relu", alg::eltwise_relu,
                                          alg::eltwise_relu_use_dst_for_bwd,
                                          simdact::leaky_relu<float>{}.negative_slope, n);
  add_eltwise<simdact::elu<float>>(rows, "elu", alg::eltwise_elu, alg::eltwise_elu_use_dst_for_bwd,
                                   simdact::elu<float>{}.alpha, n);
  rows.push_back({"prelu_nchw.forward", 1, 1, {}, prelu(tag::abc, pass::forward, n)});
  rows.push_back({"prelu_nchw.backward", 2, 2, {}, prelu(tag::abc, pass::backward, n)});
  rows.push_back({"prelu_nhwc.forward", 1, 1, {}, prelu(tag::acb, pass::forward, n)});
  rows.push_back({"prelu_nhwc.backward", 2, 2, {}, prelu(tag::acb, pass::backward, n)});
  return rows;
}

bool register_onednn() {
#ifdef _OPENMP
  omp_set_num_threads(1); // before any primitive exists, so oneDNN plans for one thread
#endif
  const auto version = dnnl::version();
  benchmark::AddCustomContext("onednn_version", std::to_string(version->major) + "." +
                                                    std::to_string(version->minor) + "." +
                                                    std::to_string(version->patch));
#ifdef _OPENMP
  benchmark::AddCustomContext("onednn_omp_max_threads", std::to_string(omp_get_max_threads()));
#endif
  simdact_bench::record_elu_accuracy<float>("onednn", [](const float* x, float* y, std::size_t n) {
    operands<float> o{};
    o.a = x;
    o.out = y;
    o.n = n;
    eltwise(dnnl::algorithm::eltwise_elu, dnnl::algorithm::eltwise_elu_use_dst_for_bwd,
            simdact::elu<float>{}.alpha, pass::forward, n)(o);
  });
  for (const std::size_t n : simdact_bench::sizes()) {
    const std::vector<row<float>> onednn = onednn_rows(n);
    simdact_bench::register_rows("onednn", onednn, n, false);
    simdact_bench::register_pairs("onednn", simdact_bench::simdact_rows<float>(), onednn, n,
                                  [](const row<float>& r) { return r.op; });
  }
  return true;
}

[[maybe_unused]] const bool registered = register_onednn();

} // namespace
