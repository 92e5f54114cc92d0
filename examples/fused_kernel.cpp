// Fusing an activation into your own SIMD loop.
//
// simdact's array functions make one pass over memory per call. If you already have a loop of
// your own (here y = act(x * scale + bias), a folded batch-norm or bias add), call the
// element-level functors on xsimd::batch inside it and save the second pass. The functors take a
// plain float as well, which handles the tail.
//
// The program checks that the fused loop gives exactly the same bits as the two-pass version
// (t = x * scale + bias, then simdact::forward) for every activation and for many lengths, so
// that every tail size is covered.

#include <simdact/simdact.hpp>

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

// y[i] = act(x[i] * scale + bias). `act` is any callable that accepts both a float and an
// xsimd::batch<float>, e.g. simdact::relu<float>{} or a generic lambda around a functor.
template <class Act>
void affine_activation(const Act& act, const float* x, float scale, float bias, float* y,
                       std::size_t n) {
  using batch = xsimd::batch<float>; // the widest registers the compiler flags allow
  constexpr std::size_t lanes = batch::size;
  const batch scale_b(scale), bias_b(bias);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const batch t = batch::load_unaligned(x + i) * scale_b + bias_b;
    act(t).store_unaligned(y + i);
  }
  for (; i < n; ++i) { // the last n % lanes elements, one at a time with the same functor
    y[i] = act(x[i] * scale + bias);
  }
}

// The reference: the affine step as its own pass, then simdact's array function.
template <class Act>
std::vector<float> two_pass(const Act& act, const std::vector<float>& x, float scale, float bias) {
  std::vector<float> t(x.size()), y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    t[i] = x[i] * scale + bias;
  }
  simdact::forward(act, t, y);
  return y;
}

template <class Act>
std::vector<float> fused(const Act& act, const std::vector<float>& x, float scale, float bias) {
  std::vector<float> y(x.size());
  affine_activation(act, x.data(), scale, bias, y.data(), x.size());
  return y;
}

std::vector<float> test_input(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> x(n);
  for (auto& v : x) {
    v = static_cast<float>(static_cast<double>(rng()) / 4294967296.0 * 8.0 - 4.0); // [-4, 4)
  }
  // Edge cases the activations treat specially, where they fit.
  const float special[] = {0.0f,
                           -0.0f,
                           std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(),
                           1e-30f,
                           -1e-30f,
                           -100.0f};
  for (std::size_t k = 0; k < std::size(special) && k < n; ++k) {
    x[(k * 7) % n] = special[k];
  }
  return x;
}

int failures = 0;

// Same bits, not just equal values: -0 vs +0 and NaN payloads count as differences.
void check(const char* name, const std::vector<float>& fused_y,
           const std::vector<float>& reference_y) {
  const std::size_t n = reference_y.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (std::memcmp(&fused_y[i], &reference_y[i], sizeof(float)) != 0) {
      std::fprintf(stderr, "%s, n = %zu: element %zu is %.9g fused but %.9g in two passes\n", name,
                   n, i, static_cast<double>(fused_y[i]), static_cast<double>(reference_y[i]));
      ++failures;
      return;
    }
  }
}

} // namespace

int main() {
  const float scale = 1.75f;
  const float bias = -0.375f;
  const simdact::relu<float> relu;
  const simdact::leaky_relu<float> leaky{0.1f};
  const simdact::elu<float> elu{1.0f};

  // PReLU's element-level functor takes the slope as a second argument, so wrap it; a generic
  // lambda serves the batch and the scalar tail alike.
  const float slope = 0.25f;
  const auto prelu_fused = [slope](auto t) {
    using V = decltype(t);
    return simdact::prelu<float>{}(t, V(slope));
  };

  // Every length up to a few batches (every tail size), then a long one.
  constexpr std::size_t lanes = xsimd::batch<float>::size;
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 3 * lanes + 1; ++n) {
    lengths.push_back(n);
  }
  lengths.push_back(100003);

  std::size_t checked = 0;
  for (const std::size_t n : lengths) {
    const std::vector<float> x = test_input(n, static_cast<std::uint32_t>(n) + 1);
    check("relu", fused(relu, x, scale, bias), two_pass(relu, x, scale, bias));
    check("leaky_relu", fused(leaky, x, scale, bias), two_pass(leaky, x, scale, bias));
    check("elu", fused(elu, x, scale, bias), two_pass(elu, x, scale, bias));
    const simdact::prelu<float> prelu{&slope, {1, 1, n}}; // one slope for the whole array
    check("prelu", fused(prelu_fused, x, scale, bias), two_pass(prelu, x, scale, bias));
    checked += 4 * n;
  }

  std::printf("batch width: %zu floats (%s)\n", lanes, xsimd::default_arch::name());
  std::printf("y = act(x * %g + %g): fused loop vs two passes, %zu lengths, %zu values\n",
              static_cast<double>(scale), static_cast<double>(bias), lengths.size(), checked);
  if (failures != 0) {
    std::fprintf(stderr, "fused_kernel: %d comparison(s) differ\n", failures);
    return EXIT_FAILURE;
  }
  std::printf("relu, leaky_relu, prelu, elu: identical bits\n");
  return EXIT_SUCCESS;
}
