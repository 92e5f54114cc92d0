// The edge-case table: what PyTorch 1.13 returns for each special input (dy = 2, slope 0.1,
// prelu weight 0.25, alpha 1), written out by hand. ELU at -1 is checked against e^-1 to the
// documented ulp bounds; everything else must match bit for bit, sign of zero included.

#include "catch.hpp"
#include "reference.hpp"

#include "api.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace api = simdact_test::api; // simdact, or simdact::dispatch (api.hpp)

namespace {

using simdact_test::same;
using simdact_test::ulp_error;

template <class T> struct row {
  T x;
  T relu_y, relu_dx;
  T leaky_y, leaky_dx;
  T prelu_y, prelu_dx, prelu_dw_term;
  long double elu_y, elu_dx;
};

constexpr long double expm1_of_minus_one = -0.632120558828557678404476229838539L;
constexpr long double two_over_e = 0.735758882342884643191047540322535L;

template <class T> std::vector<row<T>> table() {
  using L = std::numeric_limits<T>;
  const T nan = L::quiet_NaN();
  const T inf = L::infinity();
  const T slope = T(0.1);
  T tiny; // a subnormal
  if constexpr (sizeof(T) == 4) {
    tiny = T(1e-40f);
  } else {
    tiny = T(1e-310);
  }
  return {
      //   x      relu y/dx      leaky y/dx               prelu y/dx/dw-term        elu y/dx
      {nan, nan, T(2), nan, 2 * slope, nan, T(0.5), nan, nan, nan},
      {-inf, T(0), T(0), -inf, 2 * slope, -inf, T(0.5), -inf, -1.0L, 0.0L},
      {T(-1), T(0), T(0), -slope, 2 * slope, T(-0.25), T(0.5), T(-2), expm1_of_minus_one,
       two_over_e},
      {T(-0.0), T(-0.0), T(0), T(-0.0), 2 * slope, T(-0.0), T(0.5), T(-0.0), 0.0L, 2.0L},
      {T(0), T(0), T(0), T(0), 2 * slope, T(0), T(0.5), T(0), 0.0L, 2.0L},
      {tiny, tiny, T(2), tiny, T(2), tiny, T(2), T(0), tiny, 2.0L},
      {inf, inf, T(2), inf, T(2), inf, T(2), T(0), inf, 2.0L},
  };
}

// ELU results: within the documented bounds, and exactly +0 where PyTorch gives +0 (at x = ±0).
template <class T> void check_elu(const row<T>& r, T y, T dx, T dx_from_output) {
  INFO("x = " << r.x << ", elu y = " << y << ", dx = " << dx);
  const simdact::ulp_bounds bound = simdact::max_ulp_error(simdact::elu<T>{});
  CHECK(ulp_error(y, r.elu_y) <= bound.forward);
  CHECK(ulp_error(dx, r.elu_dx) <= bound.backward);
  if (r.x == T(0)) {
    CHECK(same(y, T(0)));
  }
  if (std::isnan(r.x)) {
    CHECK(std::isnan(dx_from_output)); // the documented deviation from PyTorch's autograd
  } else {
    // Against the derivative at x: y itself carries up to bound.forward ulp.
    CHECK(ulp_error(dx_from_output, r.elu_dx) <= bound.backward_from_output + 2 * bound.forward);
  }
}

} // namespace

TEMPLATE_TEST_CASE("element-level functors on scalars follow the PyTorch table", "[semantics]",
                   float, double) {
  using T = TestType;
  const T dy = T(2);
  const T w = T(0.25);
  const simdact::relu<T> relu{};
  const simdact::leaky_relu<T> leaky{T(0.1)};
  const simdact::elu<T> elu{};
  const simdact::prelu<T> prelu{&w, {1, 1, 1}};
  for (const auto& r : table<T>()) {
    INFO("x = " << r.x);
    CHECK(same(relu(r.x), r.relu_y));
    CHECK(same(relu.backward(r.x, dy), r.relu_dx));
    CHECK(same(relu.backward_from_output(relu(r.x), dy), r.relu_dx));
    CHECK(same(leaky(r.x), r.leaky_y));
    CHECK(same(leaky.backward(r.x, dy), r.leaky_dx));
    CHECK(same(leaky.backward_from_output(leaky(r.x), dy), r.leaky_dx));
    CHECK(same(prelu(r.x, w), r.prelu_y));
    CHECK(same(prelu.backward(r.x, dy, w), r.prelu_dx));
    CHECK(same(prelu.weight_gradient(r.x, dy), r.prelu_dw_term));
    check_elu(r, elu(r.x), elu.backward(r.x, dy), elu.backward_from_output(elu(r.x), dy));
  }
}

TEMPLATE_TEST_CASE("array-level functions follow the PyTorch table", "[semantics]", float, double) {
  using T = TestType;
  const auto rows = table<T>();
  // Repeat the rows so every special value lands in full batches and in the tail.
  std::vector<T> x;
  for (int rep = 0; rep < 9; ++rep) {
    for (const auto& r : rows) {
      x.push_back(r.x);
    }
  }
  const std::size_t n = x.size();
  const std::vector<T> dy(n, T(2));
  std::vector<T> y(n), dx(n), dx_out(n);
  auto row_of = [&](std::size_t i) -> const row<T>& { return rows[i % rows.size()]; };

  api::forward(simdact::relu<T>{}, x, y);
  api::backward(simdact::relu<T>{}, x, dy, dx);
  api::backward_from_output(simdact::relu<T>{}, y, dy, dx_out);
  for (std::size_t i = 0; i < n; ++i) {
    INFO("relu, x = " << x[i]);
    CHECK(same(y[i], row_of(i).relu_y));
    CHECK(same(dx[i], row_of(i).relu_dx));
    CHECK(same(dx_out[i], row_of(i).relu_dx));
  }

  const simdact::leaky_relu<T> leaky{T(0.1)};
  api::forward(leaky, x, y);
  api::backward(leaky, x, dy, dx);
  api::backward_from_output(leaky, y, dy, dx_out);
  for (std::size_t i = 0; i < n; ++i) {
    INFO("leaky_relu, x = " << x[i]);
    CHECK(same(y[i], row_of(i).leaky_y));
    CHECK(same(dx[i], row_of(i).leaky_dx));
    CHECK(same(dx_out[i], row_of(i).leaky_dx));
  }

  const simdact::elu<T> elu{};
  api::forward(elu, x, y);
  api::backward(elu, x, dy, dx);
  api::backward_from_output(elu, y, dy, dx_out);
  for (std::size_t i = 0; i < n; ++i) {
    check_elu(row_of(i), y[i], dx[i], dx_out[i]);
  }

  // PReLU: one shared slope, then each row alone so dweight is that row's term (summed from +0).
  const T w = T(0.25);
  api::forward(simdact::prelu<T>{&w, {1, 1, n}}, x, y);
  for (std::size_t i = 0; i < n; ++i) {
    INFO("prelu, x = " << x[i]);
    CHECK(same(y[i], row_of(i).prelu_y));
  }
  for (const auto& r : rows) {
    INFO("prelu backward, x = " << r.x);
    T dx1 = 0;
    T dw = 123;
    api::backward(simdact::prelu<T>{&w, {1, 1, 1}}, &r.x, &dy[0], &dx1, &dw, 1);
    CHECK(same(dx1, r.prelu_dx));
    CHECK(same(dw, T(T(0) + r.prelu_dw_term)));
  }
}

TEMPLATE_TEST_CASE("leaky_relu with slope 0 gives NaN at -inf, as x * slope does", "[semantics]",
                   float, double) {
  using T = TestType;
  const simdact::leaky_relu<T> flat{T(0)};
  CHECK(std::isnan(flat(-std::numeric_limits<T>::infinity())));
  CHECK(same(flat(T(-3)), T(-0.0)));
  CHECK(same(flat.backward(T(-3), T(2)), T(0)));
}

namespace {

// 301 random inputs, then every special value.
template <class T> std::vector<T> random_then_special_inputs(std::uint32_t seed) {
  std::vector<T> x = simdact_test::random_inputs<T>(301, seed);
  const auto specials = simdact_test::special_values<T>();
  x.insert(x.end(), specials.begin(), specials.end());
  return x;
}

// Slopes in (0, 1], where the arrays may take a max instead of a compare and a multiply, and
// slopes outside it or special.
template <class T> std::vector<T> slopes_in_and_around_0_1() {
  using L = std::numeric_limits<T>;
  return {T(0.01), T(1),    L::denorm_min(), T(0),          T(-0.0),
          T(1.5),  T(-0.5), L::infinity(),   L::quiet_NaN()};
}

} // namespace

TEMPLATE_TEST_CASE("leaky_relu arrays give x > 0 ? x : x * slope for every slope", "[semantics]",
                   float, double) {
  // Slopes in (0, 1] take a max instead of a compare and a multiply; the others must not: with
  // slope 0 a max would give -inf for -inf, with 1.5 x for every negative x, with -0.5 the wrong
  // sign for both zeros.
  using T = TestType;
  const std::vector<T> x = random_then_special_inputs<T>(41);
  std::vector<T> y(x.size());
  for (const T slope : slopes_in_and_around_0_1<T>()) {
    api::forward(simdact::leaky_relu<T>{slope}, x, y);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("slope " << slope << ", x = " << x[i]);
      CHECK(same(y[i], simdact_test::leaky_ref(x[i], slope)));
    }
  }
}

TEMPLATE_TEST_CASE("prelu arrays give x > 0 ? x : x * slope for every slope", "[semantics][prelu]",
                   float, double) {
  // Channels with slopes 0.5, s and 1 in both layouts: forward takes a max only when every slope
  // is in (0, 1], so one slope outside that range must put all three channels on the general form.
  using T = TestType;
  const std::vector<T> x = random_then_special_inputs<T>(43);
  const std::size_t n = x.size();
  std::vector<T> x3;
  for (int copy = 0; copy < 3; ++copy) {
    x3.insert(x3.end(), x.begin(), x.end());
  }
  std::vector<T> y(x3.size());
  for (const T s : slopes_in_and_around_0_1<T>()) {
    const T w[3] = {T(0.5), s, T(1)};
    for (const simdact::channel_layout layout : {simdact::channel_layout{1, 3, n}, {n, 3, 1}}) {
      const simdact::prelu<T> act{w, layout};
      api::forward(act, x3, y);
      for (std::size_t i = 0; i < x3.size(); ++i) {
        const T slope = w[act.channel_of(i)];
        INFO("slope " << slope << " of " << s << ", inner " << layout.inner << ", x = " << x3[i]);
        CHECK(same(y[i], simdact_test::leaky_ref(x3[i], slope)));
      }
    }
  }
}

TEMPLATE_TEST_CASE("elu with another alpha scales the negative side", "[semantics]", float,
                   double) {
  using T = TestType;
  const simdact::elu<T> elu{T(0.5)};
  CHECK(ulp_error(elu(T(-1)), 0.5L * expm1_of_minus_one) <= simdact::max_ulp_error(elu).forward);
  CHECK(ulp_error(elu.backward(T(-1), T(2)), 0.5L * two_over_e) <=
        simdact::max_ulp_error(elu).backward);
  CHECK(same(elu(-std::numeric_limits<T>::infinity()), T(-0.5)));
  CHECK(same(elu(T(3)), T(3)));
  const simdact::elu<T> zero{T(0)};
  CHECK(same(zero(T(-2)), T(-0.0)));
  CHECK(same(zero.backward(T(-2), T(2)), T(0)));
}

TEMPLATE_TEST_CASE("elu backward keeps NaN, infinity and the sign of zero for every special dy",
                   "[semantics][elu]", float, double) {
  // dy * alpha * e^x on the non-positive side, with e^x rounded to T first, as in PyTorch: where
  // it is 0 the result is dy * alpha * 0 (NaN for an infinite or NaN dy). vscalefps once turned
  // a NaN dy at x = -inf into 0 (the fuzzer found it).
  using T = TestType;
  const auto specials = simdact_test::special_values<T>();
  for (const T alpha : {T(1), T(-1), T(0.5)}) {
    const simdact::elu<T> elu{alpha};
    for (const T dy : specials) {
      // Every x against this dy, through the array kernel (full batches and the tail).
      std::vector<T> dys(specials.size(), dy), dx(specials.size());
      api::backward(elu, specials, dys, dx);
      for (std::size_t i = 0; i < specials.size(); ++i) {
        const T x = specials[i];
        INFO("alpha = " << alpha << ", x = " << x << ", dy = " << dy << ", got " << dx[i]);
        if (std::isnan(x)) {
          CHECK(std::isnan(dx[i]));
          continue;
        }
        if (x > T(0)) {
          CHECK(same(dx[i], dy));
          continue;
        }
        const T e = static_cast<T>(std::exp(static_cast<long double>(x)));
        const long double exact = static_cast<long double>(dy) * alpha * e;
        if (e == T(0) || std::isnan(exact) || std::isinf(exact)) {
          CHECK(same(dx[i], static_cast<T>(dy * alpha * e)));
        } else {
          CHECK(ulp_error(dx[i], static_cast<long double>(dy) * alpha *
                                     std::exp(static_cast<long double>(x))) <=
                simdact::max_ulp_error(elu).backward);
        }
      }
    }
  }
}
