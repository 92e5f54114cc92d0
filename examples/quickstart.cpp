// Quick start: forward and backward of every simdact activation on a std::vector.
//
// With dy = 1 everywhere, backward returns each activation's derivative f'(x), so every number
// printed can be checked by eye. The program also checks them itself and exits non-zero on a
// mismatch, which keeps this example honest under ctest.

#include <simdact/simdact.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

int failures = 0;

void show(const char* row, const std::vector<float>& got, const std::vector<float>& want) {
  std::printf("  %-3s", row);
  for (std::size_t i = 0; i < got.size(); ++i) {
    // ELU's e^x - 1 is accurate to 1 ulp, hence a relative tolerance (one in a million);
    // ReLU, Leaky ReLU and PReLU are exact.
    const bool ok = std::fabs(got[i] - want[i]) <= 1e-6f * std::fabs(want[i]);
    std::printf(" %10.6g%s", static_cast<double>(got[i]), ok ? "" : " (!)");
    if (!ok) {
      std::fprintf(stderr, "mismatch: %s[%zu] = %.9g, expected %.9g\n", row, i,
                   static_cast<double>(got[i]), static_cast<double>(want[i]));
      ++failures;
    }
  }
  std::printf("\n");
}

} // namespace

int main() {
  const std::vector<float> x = {-2, -1, 0, 1, 2};
  const std::vector<float> dy = {1, 1, 1, 1, 1}; // the gradient arriving from the next layer
  std::vector<float> y(x.size()), dx(x.size());

  // ReLU: y = max(x, 0). At x == 0 the gradient is 0, as in PyTorch.
  simdact::forward(simdact::relu<float>{}, x, y);
  simdact::backward(simdact::relu<float>{}, x, dy, dx);
  std::printf("relu\n");
  show("x", x, x);
  show("y", y, {0, 0, 0, 1, 2});
  show("dx", dx, {0, 0, 0, 1, 1});

  // Leaky ReLU: a fixed slope on the negative side.
  const simdact::leaky_relu<float> leaky{0.1f};
  simdact::forward(leaky, x, y);
  simdact::backward(leaky, x, dy, dx);
  std::printf("leaky_relu (negative_slope 0.1)\n");
  show("y", y, {-0.2f, -0.1f, 0, 1, 2});
  show("dx", dx, {0.1f, 0.1f, 0.1f, 1, 1});

  // PReLU: the slope is a parameter, here one slope shared by all five elements (layout
  // {outer 1, channels 1, inner 5}). backward also returns d(loss)/d(slope): the sum of x * dy
  // over x <= 0, i.e. -2 - 1 + 0 = -3.
  const std::vector<float> slope = {0.25f};
  const simdact::prelu<float> prelu{slope.data(), {1, 1, x.size()}};
  std::vector<float> dslope(1);
  simdact::forward(prelu, x, y);
  simdact::backward(prelu, x, dy, dx, dslope);
  std::printf("prelu (slope 0.25)\n");
  show("y", y, {-0.5f, -0.25f, 0, 1, 2});
  show("dx", dx, {0.25f, 0.25f, 0.25f, 1, 1});
  show("dw", dslope, {-3});

  // ELU: alpha * (e^x - 1) on the negative side, so f'(x) = alpha * e^x there.
  const simdact::elu<float> elu{1.0f};
  simdact::forward(elu, x, y);
  simdact::backward(elu, x, dy, dx);
  std::printf("elu (alpha 1)\n");
  show("y", y, {-0.864664717f, -0.632120559f, 0, 1, 2}); // e^-2 - 1, e^-1 - 1
  show("dx", dx, {0.135335283f, 0.367879441f, 1, 1, 1}); // e^-2, e^-1, e^0

  // The same derivative from the output alone: for ELU, f'(x) = y + alpha where x <= 0.
  simdact::forward(elu, x, y);
  simdact::backward_from_output(elu, y, dy, dx);
  std::printf("elu, backward_from_output\n");
  show("dx", dx, {0.135335283f, 0.367879441f, 1, 1, 1});

  if (failures != 0) {
    std::fprintf(stderr, "quickstart: %d value(s) differ from the expected ones\n", failures);
    return EXIT_FAILURE;
  }
  std::printf("all values as expected\n");
  return EXIT_SUCCESS;
}
