// oneDNN's eltwise and prelu primitives on the same arrays and sizes as the simdact rows, one
// thread. Primitives are created at registration, outside every timed loop; a call points the
// memory objects at the row's arrays (when they changed) and executes. oneDNN 2.6 has no f64.
//
// bfloat16: oneDNN's bf16 eltwise (relu, elu, and leaky relu as relu with alpha = the slope),
// forward and backward, paired with simdact's on simdact::bfloat16 ("onednn/bf16/..."). oneDNN
// 2.6 implements bf16 only on CPUs with AVX-512; elsewhere it refuses to create the primitive,
// and the rows time what a oneDNN user with bf16 tensors runs there instead: a reorder to f32,
// the f32 eltwise, a reorder back ("onednn_via_f32/bf16/..."). The run's context names the
// implementations oneDNN picked ("onednn_impl/<type>/<op>", "onednn_via_f32_impl/bf16/<op>").

#include "accuracy.hpp"
#include "half_peers.hpp"
#include "simdact_kernels.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using simdact::bfloat16;
using simdact_bench::operands;
using simdact_bench::prelu_channels;
using simdact_bench::row;
using tag = dnnl::memory::format_tag;
using data_type = dnnl::memory::data_type;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}
dnnl::stream& cpu_stream() {
  static dnnl::stream stream(cpu_engine());
  return stream;
}

template <class T> constexpr data_type data_type_of() {
  return std::is_same_v<T, bfloat16> ? data_type::bf16 : data_type::f32;
}

dnnl::memory::desc vector_md(std::size_t n, data_type type) {
  return dnnl::memory::desc({static_cast<dnnl::memory::dim>(n)}, type, tag::a);
}

enum class operand { a, b, out, weight, dweight };

template <class T> const void* pointer_of(const operands<T>& o, operand which) {
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

// Primitives run one after another on the row's arrays: usually one; bf16 through f32 three or
// four. Each argument is one of the row's arrays (a slot) or a scratch memory of its own.
template <class T> class onednn_call {
public:
  onednn_call() = default;
  onednn_call(dnnl::primitive primitive, const dnnl::primitive_desc_base& pd,
              std::vector<std::pair<int, operand>> slots) {
    add(std::move(primitive), pd, std::move(slots));
  }

  void add(dnnl::primitive primitive, const dnnl::primitive_desc_base& pd,
           std::vector<std::pair<int, operand>> slots,
           const std::unordered_map<int, dnnl::memory>& scratch = {}) {
    step s{std::move(primitive), std::move(slots), scratch};
    for (const auto& [arg, which] : s.slots) {
      s.args.emplace(arg, dnnl::memory(pd.query_md(dnnl::query::exec_arg_md, arg), cpu_engine(),
                                       DNNL_MEMORY_NONE));
    }
    steps_.push_back(std::move(s));
    implementation_ += (implementation_.empty() ? "" : " > ") + std::string(pd.impl_info_str());
  }

  void operator()(const operands<T>& o) {
    for (step& s : steps_) {
      // run_row's arrays stay put for a whole run, so this rebinds once per run, not per call.
      for (auto& [arg, which] : s.slots) {
        void* p = const_cast<void*>(pointer_of(o, which));
        dnnl::memory& m = s.args.at(arg);
        if (m.get_data_handle() != p) {
          m.set_data_handle(p);
        }
      }
      s.primitive.execute(cpu_stream(), s.args);
    }
    cpu_stream().wait();
  }

  // What oneDNN picked: each primitive's implementation name, e.g. "jit:avx2".
  const std::string& implementation() const { return implementation_; }

private:
  struct step {
    dnnl::primitive primitive;
    std::vector<std::pair<int, operand>> slots;
    std::unordered_map<int, dnnl::memory> args;
  };
  std::vector<step> steps_;
  std::string implementation_;
};

// std::function needs a copyable callable; every copy shares the one call.
template <class T> using kernel = std::function<void(const operands<T>&)>;
template <class T> kernel<T> share(const std::shared_ptr<onednn_call<T>>& call) {
  return [call](const operands<T>& o) { (*call)(o); };
}

enum class pass { forward, backward, backward_from_output };

// oneDNN's eltwise on T, or nullptr when it has no implementation of it on this CPU.
template <class T>
std::shared_ptr<onednn_call<T>> eltwise(dnnl::algorithm algorithm,
                                        dnnl::algorithm use_dst_algorithm, float alpha, pass p,
                                        std::size_t n) {
  const dnnl::memory::desc md = vector_md(n, data_type_of<T>());
  const dnnl::algorithm chosen = p == pass::backward_from_output ? use_dst_algorithm : algorithm;
  try {
    const dnnl::eltwise_forward::primitive_desc forward_pd(
        {dnnl::prop_kind::forward_training, chosen, md, alpha, 0.f}, cpu_engine());
    if (p == pass::forward) {
      return std::make_shared<onednn_call<T>>(
          dnnl::eltwise_forward(forward_pd), forward_pd,
          std::vector<std::pair<int, operand>>{{DNNL_ARG_SRC, operand::a},
                                               {DNNL_ARG_DST, operand::out}});
    }
    const dnnl::eltwise_backward::primitive_desc backward_pd({chosen, md, md, alpha, 0.f},
                                                             cpu_engine(), forward_pd);
    const int data_arg = p == pass::backward_from_output ? DNNL_ARG_DST : DNNL_ARG_SRC;
    return std::make_shared<onednn_call<T>>(
        dnnl::eltwise_backward(backward_pd), backward_pd,
        std::vector<std::pair<int, operand>>{{data_arg, operand::a},
                                             {DNNL_ARG_DIFF_DST, operand::b},
                                             {DNNL_ARG_DIFF_SRC, operand::out}});
  } catch (const dnnl::error& e) {
    if (e.status != dnnl_unimplemented) {
      throw;
    }
    return nullptr;
  }
}

// Three f32 arrays of n elements for the bf16 rows through f32, shared by every row of size n
// (rows run one at a time). Zero-filled, so that no page fault lands in a timed loop.
const std::array<dnnl::memory, 3>& f32_scratch(std::size_t n) {
  static std::map<std::size_t, std::array<dnnl::memory, 3>> cache;
  auto found = cache.find(n);
  if (found == cache.end()) {
    const dnnl::memory::desc md = vector_md(n, data_type::f32);
    std::array<dnnl::memory, 3> arrays{dnnl::memory(md, cpu_engine()),
                                       dnnl::memory(md, cpu_engine()),
                                       dnnl::memory(md, cpu_engine())};
    for (dnnl::memory& m : arrays) {
      std::memset(m.get_data_handle(), 0, n * sizeof(float));
    }
    found = cache.emplace(n, std::move(arrays)).first;
  }
  return found->second;
}

// A bf16 eltwise where oneDNN has none: reorder the bf16 inputs to f32, run the f32 eltwise in
// the scratch arrays, reorder the result back to bf16.
std::shared_ptr<onednn_call<bfloat16>> eltwise_via_f32(dnnl::algorithm algorithm,
                                                       dnnl::algorithm use_dst_algorithm,
                                                       float alpha, pass p, std::size_t n) {
  const dnnl::memory::desc md16 = vector_md(n, data_type::bf16);
  const dnnl::memory::desc md32 = vector_md(n, data_type::f32);
  const dnnl::reorder::primitive_desc widen(cpu_engine(), md16, cpu_engine(), md32);
  const dnnl::reorder::primitive_desc narrow(cpu_engine(), md32, cpu_engine(), md16);
  const auto& [s0, s1, s2] = f32_scratch(n);
  const dnnl::algorithm chosen = p == pass::backward_from_output ? use_dst_algorithm : algorithm;
  const dnnl::eltwise_forward::primitive_desc forward_pd(
      {dnnl::prop_kind::forward_training, chosen, md32, alpha, 0.f}, cpu_engine());
  auto call = std::make_shared<onednn_call<bfloat16>>();
  call->add(dnnl::reorder(widen), widen, {{DNNL_ARG_FROM, operand::a}}, {{DNNL_ARG_TO, s0}});
  if (p == pass::forward) {
    call->add(dnnl::eltwise_forward(forward_pd), forward_pd, {},
              {{DNNL_ARG_SRC, s0}, {DNNL_ARG_DST, s2}});
  } else {
    call->add(dnnl::reorder(widen), widen, {{DNNL_ARG_FROM, operand::b}}, {{DNNL_ARG_TO, s1}});
    const dnnl::eltwise_backward::primitive_desc backward_pd({chosen, md32, md32, alpha, 0.f},
                                                             cpu_engine(), forward_pd);
    const int data_arg = p == pass::backward_from_output ? DNNL_ARG_DST : DNNL_ARG_SRC;
    call->add(dnnl::eltwise_backward(backward_pd), backward_pd, {},
              {{data_arg, s0}, {DNNL_ARG_DIFF_DST, s1}, {DNNL_ARG_DIFF_SRC, s2}});
  }
  call->add(dnnl::reorder(narrow), narrow, {{DNNL_ARG_TO, operand::out}}, {{DNNL_ARG_FROM, s2}});
  return call;
}

// simdact's {1, C, n/C} (NCHW) and {n/C, C, 1} (NHWC) are oneDNN's {1, C, n/C} in abc and acb.
kernel<float> prelu(tag layout, pass p, std::size_t n) {
  const auto C = static_cast<dnnl::memory::dim>(prelu_channels);
  const dnnl::memory::desc data({1, C, static_cast<dnnl::memory::dim>(n) / C}, data_type::f32,
                                layout);
  const dnnl::memory::desc weight({1, C, 1}, data_type::f32, tag::abc);
  const dnnl::prelu_forward::primitive_desc forward_pd(
      {dnnl::prop_kind::forward_training, data, weight}, cpu_engine());
  if (p == pass::forward) {
    return share(std::make_shared<onednn_call<float>>(
        dnnl::prelu_forward(forward_pd), forward_pd,
        std::vector<std::pair<int, operand>>{{DNNL_ARG_SRC, operand::a},
                                             {DNNL_ARG_WEIGHTS, operand::weight},
                                             {DNNL_ARG_DST, operand::out}}));
  }
  const dnnl::prelu_backward::primitive_desc backward_pd({data, weight, data, weight}, cpu_engine(),
                                                         forward_pd);
  return share(std::make_shared<onednn_call<float>>(
      dnnl::prelu_backward(backward_pd), backward_pd,
      std::vector<std::pair<int, operand>>{{DNNL_ARG_SRC, operand::a},
                                           {DNNL_ARG_WEIGHTS, operand::weight},
                                           {DNNL_ARG_DIFF_DST, operand::b},
                                           {DNNL_ARG_DIFF_SRC, operand::out},
                                           {DNNL_ARG_DIFF_WEIGHTS, operand::dweight}}));
}

// The largest size the rows through f32 run at: oneDNN's bf16 reorders there are its generic
// "simple:any" implementation, slow enough that a row at 2^24 would take minutes.
constexpr std::size_t via_f32_largest = std::size_t{1} << 16;

// oneDNN's eltwise on T, or on bf16 without one, through f32 (eltwise_via_f32; nullptr above
// via_f32_largest), with the name its rows go under: "onednn" or "onednn_via_f32".
template <class T>
std::pair<std::string, std::shared_ptr<onednn_call<T>>>
eltwise_or_via_f32(dnnl::algorithm algorithm, dnnl::algorithm use_dst_algorithm, float alpha,
                   pass p, std::size_t n) {
  auto call = eltwise<T>(algorithm, use_dst_algorithm, alpha, p, n);
  if constexpr (std::is_same_v<T, bfloat16>) {
    if (!call) {
      static const bool told = [] {
        const char* why = "oneDNN refused a bf16 eltwise on this CPU (oneDNN 2.6 has bf16 only "
                          "with AVX-512); those bf16 rows time a reorder to f32, the f32 eltwise "
                          "and a reorder back (onednn_via_f32), up to 2^16 elements";
        std::fprintf(stderr, "simdact_bench: %s\n", why);
        benchmark::AddCustomContext("onednn_bf16", why);
        return true;
      }();
      static_cast<void>(told);
      if (n > via_f32_largest) {
        return {"onednn_via_f32", nullptr};
      }
      return {"onednn_via_f32", eltwise_via_f32(algorithm, use_dst_algorithm, alpha, p, n)};
    }
  }
  if constexpr (std::is_same_v<T, float>) {
    if (!call) {
      throw std::runtime_error("oneDNN has no f32 eltwise");
    }
  }
  return {"onednn", call};
}

// The rows of each implementation name, "onednn" or "onednn_via_f32".
template <class T> using rows_by_name = std::map<std::string, std::vector<row<T>>>;

// forward, backward and backward_from_output of one eltwise. Records which implementation oneDNN
// picked ("<name>_impl/<type>/<op>") once, at the smallest size.
template <template <class> class Act, class T>
void add_eltwise(rows_by_name<T>& rows, const std::string& name, dnnl::algorithm algorithm,
                 dnnl::algorithm use_dst_algorithm, float alpha, std::size_t n) {
  auto y_of = [](const T* x, T* y, std::size_t count) {
    simdact::forward(Act<T>{}, x, y, count); // same y as the simdact rows read
  };
  const std::tuple<pass, const char*, int> passes[] = {
      {pass::forward, ".forward", 1},
      {pass::backward, ".backward", 2},
      {pass::backward_from_output, ".backward_from_output", 2}};
  for (const auto& [p, suffix, inputs] : passes) {
    auto [implementation, call] = eltwise_or_via_f32<T>(algorithm, use_dst_algorithm, alpha, p, n);
    if (!call) {
      continue;
    }
    const std::string op = name + suffix;
    if (n == simdact_bench::sizes().front()) {
      benchmark::AddCustomContext(implementation + "_impl/" + simdact_bench::type_name<T>() + "/" +
                                      op,
                                  call->implementation());
    }
    typename row<T>::input_function first;
    if (p == pass::backward_from_output) {
      first = y_of;
    }
    rows[implementation].push_back({op, inputs, 0, first, share(call)});
  }
}

// relu, leaky_relu (oneDNN's relu with alpha = the slope) and elu on T.
template <class T> rows_by_name<T> eltwise_rows(std::size_t n) {
  using alg = dnnl::algorithm;
  rows_by_name<T> rows;
  add_eltwise<simdact::relu, T>(rows, "relu", alg::eltwise_relu, alg::eltwise_relu_use_dst_for_bwd,
                                0.f, n);
  add_eltwise<simdact::leaky_relu, T>(rows, "leaky_relu", alg::eltwise_relu,
                                      alg::eltwise_relu_use_dst_for_bwd,
                                      simdact::leaky_relu<T>{}.negative_slope, n);
  add_eltwise<simdact::elu, T>(rows, "elu", alg::eltwise_elu, alg::eltwise_elu_use_dst_for_bwd,
                               simdact::elu<T>{}.alpha, n);
  return rows;
}

std::vector<row<float>> onednn_rows(std::size_t n) {
  std::vector<row<float>> rows = eltwise_rows<float>(n).at("onednn");
  rows.push_back({"prelu_nchw.forward", 1, 1, {}, prelu(tag::abc, pass::forward, n)});
  rows.push_back({"prelu_nchw.backward", 2, 2, {}, prelu(tag::abc, pass::backward, n)});
  rows.push_back({"prelu_nhwc.forward", 1, 1, {}, prelu(tag::acb, pass::forward, n)});
  rows.push_back({"prelu_nhwc.backward", 2, 2, {}, prelu(tag::acb, pass::backward, n)});
  return rows;
}

// y = x through oneDNN's forward eltwise on T (or through f32), for the accuracy checks.
template <class T>
std::function<void(const T*, T*, std::size_t)> forward_of(dnnl::algorithm algorithm, float alpha,
                                                          std::string* implementation = nullptr) {
  return [algorithm, alpha, implementation](const T* x, T* y, std::size_t n) {
    auto [name, call] = eltwise_or_via_f32<T>(algorithm, algorithm, alpha, pass::forward, n);
    if (implementation != nullptr) {
      *implementation = name;
    }
    operands<T> o{};
    o.a = x;
    o.out = y;
    o.n = n;
    (*call)(o);
  };
}

// oneDNN's bf16 relu, leaky relu and elu forward over all 65,536 inputs (record_half_accuracy),
// under the name of whichever implementation runs.
void record_bf16_accuracy() {
  using alg = dnnl::algorithm;
  const float slope = simdact::leaky_relu<bfloat16>{}.negative_slope;
  const float alpha = simdact::elu<bfloat16>{}.alpha;
  const std::tuple<const char*, alg, float, std::function<long double(float, std::size_t)>> ops[] =
      {{"relu.forward", alg::eltwise_relu, 0.f, simdact_bench::relu_exact},
       {"leaky_relu.forward", alg::eltwise_relu, slope, simdact_bench::leaky_relu_exact(slope)},
       {"elu.forward", alg::eltwise_elu, alpha, simdact_bench::elu_exact(alpha)}};
  for (const auto& [op, algorithm, parameter, exact] : ops) {
    std::string name = "onednn";
    std::vector<bfloat16> x(1), y(1);
    forward_of<bfloat16>(algorithm, parameter, &name)(x.data(), y.data(), 1); // which one runs
    simdact_bench::record_half_accuracy<bfloat16>(
        name, op, forward_of<bfloat16>(algorithm, parameter), exact);
  }
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
  simdact_bench::record_elu_accuracy<float>(
      "onednn", forward_of<float>(dnnl::algorithm::eltwise_elu, simdact::elu<float>{}.alpha));
  simdact_bench::record_simdact_half_accuracy<bfloat16>();
  record_bf16_accuracy();
  for (const std::size_t n : simdact_bench::sizes()) {
    const std::vector<row<float>> onednn = onednn_rows(n);
    simdact_bench::register_rows("onednn", onednn, n, false);
    simdact_bench::register_pairs("onednn", simdact_bench::simdact_rows<float>(), onednn, n,
                                  [](const row<float>& r) { return r.op; });
    for (const auto& [name, rows] : eltwise_rows<bfloat16>(n)) {
      simdact_bench::register_rows(name, rows, n, false);
      simdact_bench::register_pairs(name, simdact_bench::simdact_half_rows<bfloat16>(), rows, n,
                                    [](const row<bfloat16>& r) { return r.op; });
    }
  }
  return true;
}

[[maybe_unused]] const bool registered = register_onednn();

} // namespace
