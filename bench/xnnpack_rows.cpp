// XNNPACK's f32 elu, leaky_relu and prelu operators on the same arrays and sizes as the simdact
// rows, each paired with simdact's (run_pair), one thread (no thread pool). XNNPACK picks its
// own micro-kernel for the CPU it runs on, as it does for its users. Operators are created at
// registration, outside every timed loop; a call sets the operator up again only when the
// arrays changed, then runs it. prelu: XNNPACK's is channels-last, i.e. simdact's NHWC rows.

#include "accuracy.hpp"
#include "simdact_kernels.hpp"

#include <xnnpack.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
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

using setup_function = xnn_status (*)(xnn_operator_t, std::size_t, const float*, float*,
                                      pthreadpool_t);

// One operator over batch rows of `channels` elements each.
class xnnpack_call {
public:
  xnnpack_call(xnn_operator_t op, setup_function setup, std::size_t channels)
      : op_(op), setup_(setup), channels_(channels) {}
  xnnpack_call(const xnnpack_call&) = delete;
  xnnpack_call& operator=(const xnnpack_call&) = delete;
  ~xnnpack_call() { xnn_delete_operator(op_); }

  void operator()(const float* x, float* y, std::size_t n) {
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
  setup_function setup_;
  std::size_t channels_;
  const float* x_ = nullptr;
  float* y_ = nullptr;
  std::size_t n_ = 0;
};

std::function<void(const operands<float>&)> share(std::shared_ptr<xnnpack_call> call) {
  return [call](const operands<float>& o) { (*call)(o.a, o.out, o.n); };
}

// Element-wise operators over one row of n channels: XNNPACK runs a contiguous array as one.
std::shared_ptr<xnnpack_call> elu(std::size_t n) {
  xnn_operator_t op = nullptr;
  check(xnn_create_elu_nc_f32(n, n, n, simdact::elu<float>{}.alpha, 0, &op), "create elu");
  return std::make_shared<xnnpack_call>(op, xnn_setup_elu_nc_f32, n);
}

std::shared_ptr<xnnpack_call> leaky_relu(std::size_t n) {
  xnn_operator_t op = nullptr;
  check(xnn_create_leaky_relu_nc_f32(n, n, n, simdact::leaky_relu<float>{}.negative_slope, 0, &op),
        "create leaky_relu");
  return std::make_shared<xnnpack_call>(op, xnn_setup_leaky_relu_nc_f32, n);
}

// XNNPACK packs the slopes when it creates the operator: the ones every row of size n reads.
std::shared_ptr<xnnpack_call> prelu_nhwc(std::size_t n) {
  xnn_operator_t op = nullptr;
  const float* weight = simdact_bench::shared_inputs<float>(n).weight.data();
  check(xnn_create_prelu_nc_f32(prelu_channels, prelu_channels, prelu_channels, weight, 0, &op),
        "create prelu");
  return std::make_shared<xnnpack_call>(op, xnn_setup_prelu_nc_f32, prelu_channels);
}

std::vector<row<float>> xnnpack_rows(std::size_t n) {
  return {
      {"elu.forward", 1, 0, {}, share(elu(n))},
      {"leaky_relu.forward", 1, 0, {}, share(leaky_relu(n))},
      {"prelu_nhwc.forward", 1, 1, {}, share(prelu_nhwc(n))},
  };
}

bool register_xnnpack() {
  check(xnn_initialize(nullptr), "initialize");
  simdact_bench::record_elu_accuracy<float>(
      "xnnpack", [](const float* x, float* y, std::size_t n) { (*elu(n))(x, y, n); });
  for (const std::size_t n : simdact_bench::sizes()) {
    const std::vector<row<float>> xnnpack = xnnpack_rows(n);
    simdact_bench::register_rows("xnnpack", xnnpack, n, false);
    simdact_bench::register_pairs("xnnpack", simdact_bench::simdact_rows<float>(), xnnpack, n,
                                  [](const row<float>& r) { return r.op; });
  }
  return true;
}

[[maybe_unused]] const bool registered = register_xnnpack();

} // namespace
