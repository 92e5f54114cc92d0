// The packaging tests' program for simdact::dispatch, built with no -m flags: it must still run
// the best instruction set the CPU has (or the one SIMDACT_ISA names), with the right answers.
#include <simdact/dispatch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string best_isa_of_this_cpu() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool fma = __builtin_cpu_supports("fma");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && fma) {
    return "avx512";
  }
  return __builtin_cpu_supports("avx2") && fma ? "avx2" : "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "";
#endif
}

} // namespace

int main() {
#if defined(__AVX__) || defined(__AVX2__)
  std::printf("FAIL: built with AVX flags; this program must be built for the baseline\n");
  return 1;
#endif
  int failures = 0;
  const char* requested = std::getenv("SIMDACT_ISA");
  const std::string expected = requested != nullptr && *requested != '\0' ? requested
                                                                          : best_isa_of_this_cpu();
  const std::string active(simdact::dispatch::active_isa());
  std::printf("active_isa: %s (expected %s)\n", active.c_str(), expected.c_str());
  if (expected.empty() ? active.empty() : active != expected) {
    std::printf("FAIL: active_isa\n");
    ++failures;
  }

  // ELU forward and backward at a few points, against e^x from libm.
  const std::vector<float> x = {-2.f, -0.5f, 0.f, 1.5f, -10.f, 3.f, -1.f, 0.25f, -0.125f, 7.f};
  std::vector<float> y(x.size()), dx(x.size());
  const std::vector<float> dy(x.size(), 2.f);
  simdact::dispatch::forward(simdact::elu<float>{}, x, y);
  simdact::dispatch::backward(simdact::elu<float>{}, x, dy, dx);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = std::exp(double(x[i]));
    const double want_y = x[i] > 0 ? x[i] : e - 1;
    const double want_dx = x[i] > 0 ? 2.0 : 2.0 * e;
    if (std::fabs(y[i] - want_y) > 1e-6 * (1 + std::fabs(want_y)) ||
        std::fabs(dx[i] - want_dx) > 1e-6 * (1 + std::fabs(want_dx))) {
      std::printf("FAIL elu at %g: %g %g, want %g %g\n", double(x[i]), double(y[i]), double(dx[i]),
                  want_y, want_dx);
      ++failures;
    }
  }
  // PReLU backward, NCHW {1, 2, 5}: dweight[c] = sum of x * dy over channel c's negative x.
  const double w[2] = {0.25, 0.5};
  const simdact::prelu<double> act{w, {1, 2, 5}};
  const std::vector<double> xd(x.begin(), x.end()), dyd(x.size(), 2.0);
  std::vector<double> dxd(x.size()), dw(2);
  simdact::dispatch::backward(act, xd, dyd, dxd, dw);
  if (dw[0] != 2 * (-2.0 - 0.5 - 10.0) || dw[1] != 2 * (-1.0 - 0.125) || dxd[0] != 0.5 ||
      dxd[3] != 2.0) {
    std::printf("FAIL prelu backward: dw %g %g\n", dw[0], dw[1]);
    ++failures;
  }
  // 16-bit storage: ELU on bfloat16 within half a bfloat16 ulp (at most 2^-8 relative) of e^x - 1,
  // and PReLU backward on float16, whose small sums are exact.
  std::vector<simdact::bfloat16> xb, yb(x.size());
  for (const float v : x) {
    xb.push_back(simdact::bfloat16(v)); // every x above is a bfloat16
  }
  simdact::dispatch::forward(simdact::elu<simdact::bfloat16>{}, xb, yb);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = x[i] > 0 ? x[i] : std::expm1(double(x[i]));
    if (std::fabs(float(yb[i]) - want) > std::ldexp(std::fabs(want), -8)) {
      std::printf("FAIL bfloat16 elu at %g: %g, want %g\n", double(x[i]), double(float(yb[i])),
                  want);
      ++failures;
    }
  }
  const simdact::float16 wh[2] = {simdact::float16(0.25f), simdact::float16(0.5f)};
  std::vector<simdact::float16> xh, dyh(x.size(), simdact::float16(2.f)), dxh(x.size()), dwh(2);
  for (const float v : x) {
    xh.push_back(simdact::float16(v));
  }
  simdact::dispatch::backward(simdact::prelu<simdact::float16>{wh, {1, 2, 5}}, xh, dyh, dxh, dwh);
  if (float(dwh[0]) != -25.f || float(dwh[1]) != -2.25f || float(dxh[0]) != 0.5f ||
      float(dxh[3]) != 2.f) {
    std::printf("FAIL float16 prelu backward: dw %g %g\n", double(float(dwh[0])),
                double(float(dwh[1])));
    ++failures;
  }
  // The checks are simdact's: a size mismatch throws std::invalid_argument.
  try {
    std::vector<float> shorter(3);
    simdact::dispatch::forward(simdact::relu<float>{}, x, shorter);
    std::printf("FAIL: no exception for a size mismatch\n");
    ++failures;
  } catch (const std::invalid_argument& e) {
    std::printf("size mismatch: %s\n", e.what());
  }
  std::printf("dispatch consumer: %d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
