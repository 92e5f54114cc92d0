// The program every packaging test builds: it uses simdact the way a downstream project would
// and checks a few hand-computed answers, so a test passes only if the package it was built
// against is both usable and the right one.
#include <simdact/simdact.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

static_assert(__cplusplus >= 201703L,
              "simdact's usage requirements must raise the standard to C++17");

namespace {

int failures = 0;

template <class T> void expect_near(const char* what, std::size_t i, T got, T want, T rel_tol) {
  const T tol = rel_tol * std::fabs(want);
  if (!(std::fabs(got - want) <= tol)) {
    std::printf("FAIL %s[%zu]: got %.17g, want %.17g\n", what, i, double(got), double(want));
    ++failures;
  }
}

template <class T, class Got, class Want>
void expect_all(const char* what, const Got& got, const Want& want, T rel_tol) {
  if (got.size() != want.size()) {
    std::printf("FAIL %s: size %zu, want %zu\n", what, got.size(), want.size());
    ++failures;
    return;
  }
  for (std::size_t i = 0; i < want.size(); ++i)
    expect_near<T>(what, i, got[i], want[i], rel_tol);
}

} // namespace

int main() {
  // Built against the expected release? (The build passes the version CMake/pkg-config reported.)
  const std::string version = std::to_string(simdact::version.major) + "." +
                              std::to_string(simdact::version.minor) + "." +
                              std::to_string(simdact::version.patch);
  if (version != SIMDACT_EXPECT_VERSION) {
    std::printf("FAIL version: headers say %s, package says %s\n", version.c_str(),
                SIMDACT_EXPECT_VERSION);
    ++failures;
  }

  const std::vector<float> x{-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
  const std::vector<float> dy{0.5f, 2.0f, 4.0f, -1.0f, 3.0f};
  std::vector<float> y(x.size()), dx(x.size());

  // ReLU: max(x, 0); gradient dy where x > 0, else 0 (x == 0 takes the negative branch).
  simdact::forward(simdact::relu<float>{}, x, y);
  expect_all("relu.forward", y, std::array<float, 5>{0, 0, 0, 1.5f, 3}, 0.0f);
  simdact::backward(simdact::relu<float>{}, x, dy, dx);
  expect_all("relu.backward", dx, std::array<float, 5>{0, 0, 0, -1, 3}, 0.0f);

  // Leaky ReLU with slope 0.1: x < 0 -> 0.1 x; gradient 0.1 dy for x <= 0.
  const simdact::leaky_relu<float> leaky{0.1f};
  simdact::forward(leaky, x, y);
  expect_all("leaky_relu.forward", y, std::array<float, 5>{-0.2f, -0.05f, 0, 1.5f, 3}, 1e-6f);
  simdact::backward(leaky, x, dy, dx);
  expect_all("leaky_relu.backward", dx, std::array<float, 5>{0.05f, 0.2f, 0.4f, -1, 3}, 1e-6f);

  // ELU with alpha 0.5: 0.5 (e^x - 1) for x <= 0; gradient dy * 0.5 e^x there, so 1.5 at x == 0.
  const simdact::elu<double> elu{0.5};
  const std::vector<double> xd{-2.0, -1.0, 0.0, 0.5};
  const std::vector<double> dyd{1.0, 2.0, 3.0, 4.0};
  std::vector<double> yd(xd.size()), dxd(xd.size());
  simdact::forward(elu, xd, yd);
  expect_all("elu.forward", yd,
             std::array<double, 4>{-0.43233235838169365, -0.31606027941427883, 0, 0.5}, 1e-15);
  simdact::backward(elu, xd, dyd, dxd);
  expect_all("elu.backward", dxd,
             std::array<double, 4>{0.06766764161830635, 0.36787944117144233, 1.5, 4}, 1e-15);

  // PReLU, NCHW with N=1, C=2, H*W=3; slopes 0.25 and 0.5. Weight gradient = sum of x*dy
  // over each channel's non-positive inputs.
  const std::array<float, 2> weight{0.25f, 0.5f};
  const simdact::prelu<float> prelu{weight.data(), simdact::channel_layout{1, 2, 3}};
  const std::vector<float> xp{-1, 2, -3, 4, -5, 0};
  const std::vector<float> ones(6, 1.0f);
  std::vector<float> yp(6), dxp(6), dw(2);
  simdact::forward(prelu, xp, yp);
  expect_all("prelu.forward", yp, std::array<float, 6>{-0.25f, 2, -0.75f, 4, -2.5f, 0}, 0.0f);
  simdact::backward(prelu, xp, ones, dxp, dw);
  expect_all("prelu.backward", dxp, std::array<float, 6>{0.25f, 1, 0.25f, 1, 0.5f, 0.5f}, 0.0f);
  expect_all("prelu.weight_gradient", dw, std::array<float, 2>{-4, -5}, 0.0f);

  if (failures != 0) {
    std::printf("%d check(s) failed\n", failures);
    return 1;
  }
  std::printf("simdact %s consumer: all checks passed\n", version.c_str());
  return 0;
}
