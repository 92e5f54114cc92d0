// Random inputs against independent references: the plain formulas for the ReLU family (exact),
// long double expm1/exp for ELU (ulp bounds), long double sums for PReLU's dweight.

#include "catch.hpp"
#include "reference.hpp"

#include "api.hpp"

#include <random>
#include <vector>

namespace api = simdact_test::api; // simdact, or simdact::dispatch (api.hpp)

namespace {

using simdact_test::same;
using simdact_test::ulp_error;

constexpr std::size_t count = 200003; // odd, so the tail path is exercised too

} // namespace

TEMPLATE_TEST_CASE("relu and leaky_relu are bit-identical to their formulas", "[accuracy]", float,
                   double) {
  using T = TestType;
  const auto x = simdact_test::random_inputs<T>(count, 1);
  const auto dy = simdact_test::random_inputs<T>(count, 2);
  std::vector<T> y(count), dx(count), dx_out(count);

  api::forward(simdact::relu<T>{}, x, y);
  api::backward(simdact::relu<T>{}, x, dy, dx);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < count; ++i) {
    wrong += !same(y[i], simdact_test::relu_ref(x[i])) ||
             !same(dx[i], simdact_test::relu_grad_ref(x[i], dy[i]));
  }
  CHECK(wrong == 0);

  for (T slope : {T(0.01), T(0.2), T(1.5), T(0), T(-0.3)}) {
    const simdact::leaky_relu<T> act{slope};
    api::forward(act, x, y);
    api::backward(act, x, dy, dx);
    wrong = 0;
    for (std::size_t i = 0; i < count; ++i) {
      wrong += !same(y[i], simdact_test::leaky_ref(x[i], slope)) ||
               !same(dx[i], simdact_test::leaky_grad_ref(x[i], dy[i], slope));
    }
    CHECK(wrong == 0);
    if (slope > 0) {
      api::backward_from_output(act, y, dy, dx_out);
      CHECK(std::equal(dx.begin(), dx.end(), dx_out.begin(), same<T>));
    }
  }
}

TEMPLATE_TEST_CASE("elu stays within its ulp bounds on random inputs", "[accuracy][elu]", float,
                   double) {
  using T = TestType;
  const auto x = simdact_test::random_inputs<T>(count, 3);
  std::vector<T> dy(count);
  std::mt19937 rng(4);
  std::uniform_real_distribution<T> gradient(T(-3), T(3));
  for (auto& g : dy) {
    g = gradient(rng);
  }
  for (T alpha : {T(1), T(0.25), T(1.6732632423543772)}) {
    INFO("alpha = " << alpha);
    const simdact::elu<T> act{alpha};
    std::vector<T> y(count), dx(count), dx_out(count);
    api::forward(act, x, y);
    api::backward(act, x, dy, dx);
    api::backward_from_output(act, y, dy, dx_out);
    long double worst_forward = 0, worst_backward = 0, worst_from_output = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const long double xi = x[i];
      worst_forward = std::max(worst_forward, ulp_error(y[i], simdact_test::elu_ref(xi, alpha)));
      if (std::isnan(xi) || std::exp(static_cast<T>(xi)) != T(0)) {
        worst_backward = std::max(worst_backward,
                                  ulp_error(dx[i], simdact_test::elu_grad_ref(xi, dy[i], alpha)));
      } else {
        CHECK(dx[i] == T(0)); // e^x rounds to 0 in T: the gradient is ±0, as in PyTorch
      }
      // From the output the answer inherits y's rounding; check it against the formula on y.
      const long double from_y = y[i] > 0 ? dy[i]
                                          : dy[i] * (static_cast<long double>(y[i]) + alpha);
      worst_from_output = std::max(worst_from_output, ulp_error(dx_out[i], from_y));
    }
    const simdact::ulp_bounds bound = simdact::max_ulp_error(act);
    CHECK(worst_forward <= bound.forward);
    CHECK(worst_backward <= bound.backward);
    CHECK(worst_from_output <= bound.backward_from_output);
  }
}

TEMPLATE_TEST_CASE("the FMA that ELU's range reduction relies on rounds once", "[accuracy][elu]",
                   float, double) {
  // ELU's x - n*ln2 is exact only with a fused multiply-add. xsimd 8 has none for AVX-512 and
  // falls back to x * y + z, which clang does not fuse: ELU's gradient was then off by 65 ulp.
  using T = TestType;
  using B = simdact::detail::native_batch<T>;
  if constexpr (simdact::detail::has_fused_fma_v<xsimd::default_arch>) {
    const T e = std::numeric_limits<T>::epsilon();
    const B product_minus_one = simdact::detail::mul_add(B(T(1) + e), B(T(1) - e), B(T(-1)));
    CHECK(product_minus_one.get(0) == -e * e); // a separate multiply would round to 1: 0
  } else {
    SUCCEED("no fused multiply-add on this instruction set; ELU uses its two-part reduction");
  }
}

TEST_CASE("elu backward keeps its accuracy where e^x turns subnormal", "[accuracy][elu]") {
  // Every float in [-104.5, -85]: 2^n * e^r used to round into the subnormal range before the
  // multiply by dy * alpha, which cost up to 3 ulp (seen by the exhaustive sweep on SSE2).
  std::vector<float> x;
  for (float v = -104.5f; v < -85.f; v = std::nextafter(v, 0.f)) {
    x.push_back(v);
  }
  std::vector<float> dy(x.size()), dx(x.size());
  long double worst = 0;
  for (const float alpha : {1.f, 1.6732632f, 0.3f}) {
    for (const float g : {0.5f, 0.7312f, 1.9999f, 123.4f}) {
      std::fill(dy.begin(), dy.end(), g);
      api::backward(simdact::elu<float>{alpha}, x, dy, dx);
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::exp(x[i]) != 0.f) { // where e^x itself underflows, dx is 0 by definition
          worst = std::max(worst,
                           ulp_error(dx[i], double(g) * double(alpha) * std::exp(double(x[i]))));
        }
      }
    }
  }
  // Tighter than the contract's bound on purpose: the bug showed as 3 ulp.
  CHECK(worst <= simdact::max_ulp_error(simdact::elu<float>{}).backward - 0.5);
}

TEMPLATE_TEST_CASE("elu is accurate near zero, where exp(x) - 1 is not", "[accuracy][elu]", float,
                   double) {
  using T = TestType;
  const simdact::elu<T> act{};
  for (long double x = -1e-3L; x > -1e-300L && x < 0; x *= 0.37L) {
    const T xt = static_cast<T>(x);
    if (xt == T(0)) {
      break;
    }
    INFO("x = " << xt);
    CHECK(ulp_error(act(xt), std::expm1(static_cast<long double>(xt))) <=
          simdact::max_ulp_error(act).forward);
  }
  // The subnormal that PyTorch turns into 0.
  const T tiny = std::numeric_limits<T>::denorm_min() * 1000;
  CHECK(act(-tiny) == -tiny);
}

TEST_CASE("prelu dweight stays accurate over 2^24 elements per channel", "[accuracy][prelu]") {
  // Terms all of one sign: a plain float running sum would be off by far more than the bound.
  const std::size_t per_channel = std::size_t(1) << 24;
  const float w[2] = {0.25f, 0.5f};
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> negative(-2.f, -0.001f);
  std::vector<float> x(2 * per_channel), dy(2 * per_channel);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = negative(rng);
    dy[i] = 0.5f + static_cast<float>(i % 7) * 0.25f;
  }
  // NCHW: one long run per channel; NHWC: one row of two channels after another.
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{1, 2, per_channel}, simdact::channel_layout{per_channel, 2, 1}}) {
    const simdact::prelu<float> act{w, layout};
    long double exact[2] = {0, 0}, magnitude[2] = {0, 0};
    for (std::size_t i = 0; i < x.size(); ++i) {
      exact[act.channel_of(i)] += static_cast<long double>(x[i]) * dy[i];
      magnitude[act.channel_of(i)] += std::fabs(static_cast<long double>(x[i]) * dy[i]);
    }
    std::vector<float> dx(x.size());
    float dw[2];
    api::backward(act, x.data(), dy.data(), dx.data(), dw, x.size());
    for (int c = 0; c < 2; ++c) {
      INFO("layout inner " << layout.inner << ", channel " << c << ": " << dw[c] << " vs "
                           << exact[c]);
      CHECK(std::fabs(dw[c] - exact[c]) <=
            simdact::dweight_error<float>(per_channel) * magnitude[c]);
    }
  }
}

TEST_CASE("prelu dweight keeps the small terms that follow a large one", "[accuracy][prelu]") {
  // Each channel's first term is 2^20, the rest 2^-6: under half an ulp of 2^20 in float, so a
  // float partial sum that is not flushed into double loses every small term added after the
  // large one (2.4e-4 of the sum); flushed every prelu_sum_block batches, at most 64 of them.
  const float w[2] = {0.25f, 0.5f};
  // NCHW: one long run per channel, or many short runs (of 2 to 8 whole batches by instruction
  // set, or 20 elements: batches and a tail); NHWC: one row of two channels after another.
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{1, 2, 1 << 20}, simdact::channel_layout{1 << 15, 2, 32},
        simdact::channel_layout{52429, 2, 20}, simdact::channel_layout{1 << 20, 2, 1}}) {
    const std::size_t per_channel = layout.outer * layout.inner;
    const simdact::prelu<float> act{w, layout};
    std::vector<float> x(2 * per_channel, -0x1p-3f), dy(2 * per_channel, 0x1p-3f);
    for (std::size_t c = 0; c < 2; ++c) {
      x[c * layout.inner] = -0x1p10f; // the channel's first element
      dy[c * layout.inner] = 0x1p10f;
    }
    const long double exact = -(0x1p20L + static_cast<long double>(per_channel - 1) * 0x1p-6L);
    std::vector<float> dx(x.size());
    float dw[2];
    api::backward(act, x.data(), dy.data(), dx.data(), dw, x.size());
    for (int c = 0; c < 2; ++c) {
      INFO("layout inner " << layout.inner << ", channel " << c << ": " << dw[c] << " vs "
                           << exact);
      // All terms have one sign: the magnitude is |exact|.
      CHECK(std::fabs(dw[c] - exact) <=
            simdact::dweight_error<float>(per_channel) * std::fabs(exact));
    }
  }
}
