// XNNPACK's f32 elu, leaky_relu and prelu operators on the same arrays and sizes as the simdact
// rows, each paired with simdact's (run_pair), one thread (no thread pool). XNNPACK picks its
// own micro-kernel for the CPU it runs on, as it does for its users. Operators are created at
// registration, outside every timed loop; a call sets the operator up again only when the
// arrays changed, then runs it. prelu: XNNPACK's is channels-last, i.e. simdact's NHWC rows.
//
// float16: XNNPACK's f16 leaky_relu and prelu forward on IEEE half arrays (simdact::float16 is
// layout-compatible), paired with simdact's on simdact::float16 ("xnnpack/f16/..."); skipped with
// a message where XNNPACK reports that this CPU cannot run them.

#include "accuracy.hpp"
#include "half_peers.hpp"
#include "simdact_kernels.hpp"

#include <xnnpack.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using simdact_bench::operands;
using simdact_bench::prelu_channels;
using simdact_bench::row;

void check(xnn_status status, const char* what) {
  if (status != xnn_status_success) {
    std::fprintf(stderr, "XNNPACK: %s failed (status %d)\n", what, static_cast<int>(status));
    std::abort();
  }
}

using simdact::float16;

// XNNPACK's f32 setup functions take float pointers, its f16 ones void pointers.
template <class T>
using setup_function = xnn_status (*)(
    xnn_operator_t, std::size_t, const std::conditional_t<std::is_same_v<T, float>, float, void>*,
    std::conditional_t<std::is_same_v<T, float>, float, void>*, pthreadpool_t);

// One operator over batch rows of `channels` elements each.
template <class T> class xnnpack_call {
public:
  xnnpack_call(xnn_operator_t op, setup_function<T> setup, std::size_t channels)
      : op_(op), setup_(setup), channels_(channels) {}
  xnnpack_call(const xnnpack_call&) = delete;
  xnnpack_call& operator=(const xnnpack_call&) = delete;
  ~xnnpack_call() { xnn_delete_operator(op_); }

  void operator()(const T* x, T* y, std::size_t n) {
    if (x != x_ || y != y_ || n != n_) { // run_row's arrays stay put for a whole run
      check(setup_(op_, n / channels_, x, y, nullptr), "setup");
      x_ = x;
      y_ = y;
      n_ = n;
    }
    check(xnn_run_operator(op_, nullptr), "run");
  }

private:
  xnn_operator_t op_;
  setup_function<T> setup_;
  std::size_t channels_;
  const T* x_ = nullptr;
  T* y_ = nullptr;
  std::size_t n_ = 0;
};

template <class T>
std::function<void(const operands<T>&)> share(std::shared_ptr<xnnpack_call<T>> call) {
  return [call](const operands<T>& o) { (*call)(o.a, o.out, o.n); };
}

// Element-wise operators over one row of n channels: XNNPACK runs a contiguous array as one.
std::shared_ptr<xnnpack_call<float>> elu(std::size_t n) {
  xnn_operator_t op = nullptr;
  check(xnn_create_elu_nc_f32(n, n, n, simdact::elu<float>{}.alpha, 0, &op), "create elu");
  return std::make_shared<xnnpack_call<float>>(op, xnn_setup_elu_nc_f32, n);
}

std::shared_ptr<xnnpack_call<float>> leaky_relu(std::size_t n) {
  xnn_operator_t op = nullptr;
  check(xnn_create_leaky_relu_nc_f32(n, n, n, simdact::leaky_relu<float>{}.negative_slope, 0, &op),
        "create leaky_relu");
  return std::make_shared<xnnpack_call<float>>(op, xnn_setup_leaky_relu_nc_f32, n);
}

// XNNPACK packs the slopes when it creates the operator: the ones every row of size n reads.
std::shared_ptr<xnnpack_call<float>> prelu_nhwc(std::size_t n) {
  xnn_operator_t op = nullptr;
  const float* weight = simdact_bench::shared_inputs<float>(n).weight.data();
  check(xnn_create_prelu_nc_f32(prelu_channels, prelu_channels, prelu_channels, weight, 0, &op),
        "create prelu");
  return std::make_shared<xnnpack_call<float>>(op, xnn_setup_prelu_nc_f32, prelu_channels);
}

std::vector<row<float>> xnnpack_rows(std::size_t n) {
  return {
      {"elu.forward", 1, 0, {}, share(elu(n))},
      {"leaky_relu.forward", 1, 0, {}, share(leaky_relu(n))},
      {"prelu_nhwc.forward", 1, 1, {}, share(prelu_nhwc(n))},
  };
}

// The f16 operators, or nullptr where XNNPACK cannot run them on this CPU.
std::shared_ptr<xnnpack_call<float16>> created_or_unsupported(xnn_status status, xnn_operator_t op,
                                                              setup_function<float16> setup,
                                                              std::size_t channels,
                                                              const char* what) {
  if (status == xnn_status_unsupported_hardware) {
    static const bool told = [] {
      const char* why = "XNNPACK cannot run its f16 operators on this CPU; no XNNPACK f16 rows";
      std::fprintf(stderr, "simdact_bench: %s\n", why);
      benchmark::AddCustomContext("xnnpack_f16", why);
      return true;
    }();
    static_cast<void>(told);
    return nullptr;
  }
  check(status, what);
  return std::make_shared<xnnpack_call<float16>>(op, setup, channels);
}

std::shared_ptr<xnnpack_call<float16>> leaky_relu_f16(std::size_t n) {
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_leaky_relu_nc_f16(
      n, n, n, simdact::leaky_relu<float16>{}.negative_slope, 0, &op);
  return created_or_unsupported(status, op, xnn_setup_leaky_relu_nc_f16, n,
                                "create leaky_relu f16");
}

// weight: prelu_channels slopes in IEEE half.
std::shared_ptr<xnnpack_call<float16>> prelu_nhwc_f16(const float16* weight) {
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_prelu_nc_f16(prelu_channels, prelu_channels, prelu_channels,
                                                    weight, 0, &op);
  return created_or_unsupported(status, op, xnn_setup_prelu_nc_f16, prelu_channels,
                                "create prelu f16");
}

std::vector<row<float16>> xnnpack_f16_rows(std::size_t n) {
  std::vector<row<float16>> rows;
  if (auto leaky = leaky_relu_f16(n)) {
    rows.push_back({"leaky_relu.forward", 1, 0, {}, share(leaky)});
  }
  if (auto prelu = prelu_nhwc_f16(simdact_bench::shared_inputs<float16>(n).weight.data())) {
    rows.push_back({"prelu_nhwc.forward", 1, 1, {}, share(prelu)});
  }
  return rows;
}

// XNNPACK's f16 leaky_relu and prelu over all 65,536 inputs (record_half_accuracy).
void record_f16_accuracy() {
  using fn = std::function<void(const float16*, float16*, std::size_t)>;
  const float slope = simdact::leaky_relu<float16>{}.negative_slope;
  if (leaky_relu_f16(1)) {
    simdact_bench::record_half_accuracy<float16>(
        "xnnpack", "leaky_relu.forward",
        fn([](const float16* x, float16* y, std::size_t n) { (*leaky_relu_f16(n))(x, y, n); }),
        simdact_bench::leaky_relu_exact(slope));
  }
  const float16* weight = simdact_bench::shared_inputs<float16>(std::size_t{1} << 16).weight.data();
  if (prelu_nhwc_f16(weight)) {
    simdact_bench::record_half_accuracy<float16>(
        "xnnpack", "prelu_nhwc.forward", fn([weight](const float16* x, float16* y, std::size_t n) {
          (*prelu_nhwc_f16(weight))(x, y, n);
        }),
        simdact_bench::prelu_nhwc_exact(weight));
  }
}

bool register_xnnpack() {
  check(xnn_initialize(nullptr), "initialize");
  simdact_bench::record_elu_accuracy<float>(
      "xnnpack", [](const float* x, float* y, std::size_t n) { (*elu(n))(x, y, n); });
  simdact_bench::record_simdact_half_accuracy<float16>();
  record_f16_accuracy();
  for (const std::size_t n : simdact_bench::sizes()) {
    const std::vector<row<float>> xnnpack = xnnpack_rows(n);
    simdact_bench::register_rows("xnnpack", xnnpack, n, false);
    simdact_bench::register_pairs("xnnpack", simdact_bench::simdact_rows<float>(), xnnpack, n,
                                  [](const row<float>& r) { return r.op; });
    const std::vector<row<float16>> f16 = xnnpack_f16_rows(n);
    simdact_bench::register_rows("xnnpack", f16, n, false);
    simdact_bench::register_pairs("xnnpack", simdact_bench::simdact_half_rows<float16>(), f16, n,
                                  [](const row<float16>& r) { return r.op; });
  }
  return true;
}

[[maybe_unused]] const bool registered = register_xnnpack();

} // namespace
