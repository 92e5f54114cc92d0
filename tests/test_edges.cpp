// The contract at the edges, as the public headers state it: NaN payloads and signalling NaNs on
// every path (element functor, array body, array tail), the caller's FTZ/DAZ and rounding modes,
// PReLU's dweight where products or partial sums overflow, and exact values in messages.

#include "catch.hpp"
#include "reference.hpp"

#include <simdact/simdact.hpp>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define SIMDACT_TEST_HAS_MXCSR 1
#endif

namespace {

using simdact_test::same;

template <class T> using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T> bits_t<T> bits_of(T v) {
  bits_t<T> u;
  std::memcpy(&u, &v, sizeof v);
  return u;
}
template <class T> T from_bits(bits_t<T> u) {
  T v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

template <class T>
constexpr bits_t<T> quiet_bit = bits_t<T>(1) << (std::numeric_limits<T>::digits - 2);

// NaNs with payloads, quiet and signalling, of both signs.
template <class T> std::vector<T> payload_nans() {
  const bits_t<T> exponent = bits_of(std::numeric_limits<T>::infinity());
  const bits_t<T> sign = bits_t<T>(1) << (sizeof(T) * 8 - 1);
  return {from_bits<T>(exponent | 1),                           // signalling, payload 1
          from_bits<T>(sign | exponent | 0x1234),               // signalling, negative
          from_bits<T>(exponent | quiet_bit<T> | 0xabc),        // quiet with a payload
          from_bits<T>(sign | exponent | quiet_bit<T> | 0x77)}; // quiet, negative
}

// The NaN policy: the result is a NaN with that NaN's payload; its sign and quiet bit may differ
// (compilers fold -1 * NaN into a negation, and x86 arithmetic quiets a signalling NaN).
template <class T> bool is_that_nan(T got, T nan) {
  const bits_t<T> ignored = quiet_bit<T> | bits_t<T>(1) << (sizeof(T) * 8 - 1);
  return std::isnan(got) && (bits_of(got) | ignored) == (bits_of(nan) | ignored);
}

template <class T> std::string hex(T v) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(bits_of(v)));
  return text;
}

// One NaN placed at the second element (a full batch) and at the last (the padded tail, for
// every lane count here), every other element ordinary. Returns the results at both places.
template <class T> std::size_t length() { return 2 * simdact::detail::native_batch<T>::size + 3; }

template <class T, class Run>
void at_body_and_tail(T filler, T nan, Run run, std::function<void(const char*, T)> check) {
  const std::size_t n = length<T>();
  for (const std::size_t at : {std::size_t(1), n - 1}) {
    std::vector<T> in(n, filler);
    in[at] = nan;
    const std::vector<T> out = run(in);
    check(at == 1 ? "body" : "tail", out[at]);
  }
}

} // namespace

TEMPLATE_TEST_CASE("a single NaN comes back with its payload on every path", "[semantics][nan]",
                   float, double) {
  using T = TestType;
  const std::size_t n = length<T>();
  const std::vector<T> ones(n, T(1)), minus(n, T(-1.5)), twos(n, T(2));
  for (const T nan : payload_nans<T>()) {
    auto expect = [&](const char* what) {
      return [&, what](const char* where, T got) {
        INFO(what << " (" << where << "): NaN " << hex(nan) << ", got " << hex(got));
        CHECK(is_that_nan(got, nan));
      };
    };
    auto expect_scalar = [&](const char* what, T got) { expect(what)("element functor", got); };
    // Forward: x is the NaN.
    for (const T slope : {T(0.01), T(-0.5), T(2)}) {
      const simdact::leaky_relu<T> leaky{slope};
      at_body_and_tail<T>(
          T(-1), nan,
          [&](const std::vector<T>& x) {
            std::vector<T> y(n);
            simdact::forward(leaky, x, y);
            return y;
          },
          expect("leaky_relu forward"));
      expect_scalar("leaky_relu forward", leaky(nan));
    }
    at_body_and_tail<T>(
        T(-1), nan,
        [&](const std::vector<T>& x) {
          std::vector<T> y(n);
          simdact::forward(simdact::relu<T>{}, x, y);
          return y;
        },
        expect("relu forward"));
    expect_scalar("relu forward", simdact::relu<T>{}(nan));
    for (const T alpha : {T(1), T(0.5)}) {
      const simdact::elu<T> elu{alpha};
      at_body_and_tail<T>(
          T(-1), nan,
          [&](const std::vector<T>& x) {
            std::vector<T> y(n);
            simdact::forward(elu, x, y);
            return y;
          },
          expect("elu forward"));
      expect_scalar("elu forward", elu(nan));
      // Backward with x the NaN (dy ordinary), and with dy the NaN on both sides of zero.
      at_body_and_tail<T>(
          T(-1), nan,
          [&](const std::vector<T>& x) {
            std::vector<T> dx(n);
            simdact::backward(elu, x, twos, dx);
            return dx;
          },
          expect("elu backward, NaN x"));
      expect_scalar("elu backward, NaN x", elu.backward(nan, T(2)));
      at_body_and_tail<T>(
          T(-1), nan,
          [&](const std::vector<T>& y) {
            std::vector<T> dx(n);
            simdact::backward_from_output(elu, y, twos, dx);
            return dx;
          },
          expect("elu backward_from_output, NaN y"));
      expect_scalar("elu backward_from_output, NaN y", elu.backward_from_output(nan, T(2)));
      for (const std::vector<T>* x : {&ones, &minus}) {
        at_body_and_tail<T>(
            T(2), nan,
            [&](const std::vector<T>& dy) {
              std::vector<T> dx(n);
              simdact::backward(elu, *x, dy, dx);
              return dx;
            },
            expect("elu backward, NaN dy"));
        expect_scalar("elu backward, NaN dy", elu.backward((*x)[0], nan));
        at_body_and_tail<T>(
            T(2), nan,
            [&](const std::vector<T>& dy) {
              std::vector<T> dx(n);
              simdact::backward_from_output(elu, *x, dy, dx);
              return dx;
            },
            expect("elu backward_from_output, NaN dy"));
        expect_scalar("elu backward_from_output, NaN dy", elu.backward_from_output((*x)[0], nan));
      }
    }
    // Gradients: dy is the NaN, where it reaches the result.
    for (const T slope : {T(0.01), T(-0.5)}) {
      const simdact::leaky_relu<T> leaky{slope};
      for (const std::vector<T>* x : {&ones, &minus}) {
        at_body_and_tail<T>(
            T(2), nan,
            [&](const std::vector<T>& dy) {
              std::vector<T> dx(n);
              simdact::backward(leaky, *x, dy, dx);
              return dx;
            },
            expect("leaky_relu backward"));
        expect_scalar("leaky_relu backward", leaky.backward((*x)[0], nan));
      }
    }
    at_body_and_tail<T>(
        T(2), nan,
        [&](const std::vector<T>& dy) {
          std::vector<T> dx(n);
          simdact::backward(simdact::relu<T>{}, ones, dy, dx);
          return dx;
        },
        expect("relu backward"));
    expect_scalar("relu backward", simdact::relu<T>{}.backward(T(1), nan));
    // A NaN parameter where the formula uses it.
    {
      const simdact::leaky_relu<T> leaky{nan};
      at_body_and_tail<T>(
          T(-1), T(-1),
          [&](const std::vector<T>& x) {
            std::vector<T> y(n);
            simdact::forward(leaky, x, y);
            return y;
          },
          expect("leaky_relu forward, NaN slope"));
      expect_scalar("leaky_relu forward, NaN slope", leaky(T(-1)));
    }
    // PReLU: NaN x forward, NaN dy backward (dx and the channel's dweight), a NaN weight.
    const T w[2] = {T(0.25), T(-0.5)};
    for (const simdact::channel_layout layout :
         {simdact::channel_layout{1, 1, n}, simdact::channel_layout{1, 2, n / 2},
          simdact::channel_layout{n / 2, 2, 1}}) {
      const std::size_t size = layout.outer * layout.channels * layout.inner;
      const simdact::prelu<T> act{w, layout};
      for (const std::size_t at : {std::size_t(1), size - 1}) {
        INFO("prelu layout {" << layout.outer << ", " << layout.channels << ", " << layout.inner
                              << "}, NaN at " << at << " of " << size);
        std::vector<T> x(size, T(-1)), y(size), dy(size, T(2)), dx(size), dw(2);
        x[at] = nan;
        simdact::forward(act, x.data(), y.data(), size);
        CHECK(is_that_nan(y[at], nan));
        x[at] = T(-1);
        dy[at] = nan;
        simdact::backward(act, x.data(), dy.data(), dx.data(), dw.data(), size);
        CHECK(is_that_nan(dx[at], nan));
        CHECK(is_that_nan(dw[act.channel_of(at)], nan));
      }
      const T nan_weight[2] = {nan, nan};
      std::vector<T> x(size, T(-1)), y(size);
      simdact::forward(simdact::prelu<T>{nan_weight, layout}, x.data(), y.data(), size);
      CHECK(is_that_nan(y[0], nan));
      CHECK(is_that_nan(y[size - 1], nan));
    }
    expect_scalar("prelu forward", simdact::prelu<T>{w, {1, 1, 1}}(nan, T(0.25)));
    expect_scalar("prelu weight_gradient",
                  simdact::prelu<T>{w, {1, 1, 1}}.weight_gradient(T(-1), nan));
  }
}

namespace {

// ---- the floating-point environment --------------------------------------------------------

struct fp_mode {
  unsigned mxcsr_flags; // FTZ 0x8000, DAZ 0x40
  int rounding;
  const char* name;
};

std::vector<fp_mode> fp_modes() {
  std::vector<fp_mode> modes;
  const std::pair<int, const char*> roundings[] = {{FE_TONEAREST, "nearest"},
                                                   {FE_UPWARD, "upward"},
                                                   {FE_DOWNWARD, "downward"},
                                                   {FE_TOWARDZERO, "toward zero"}};
  for (const auto& [rounding, name] : roundings) {
    modes.push_back({0, rounding, name});
  }
#if SIMDACT_TEST_HAS_MXCSR
  modes.push_back({0x8000, FE_TONEAREST, "FTZ"});
  modes.push_back({0x40, FE_TONEAREST, "DAZ"});
  modes.push_back({0x8040, FE_TONEAREST, "FTZ+DAZ"});
  modes.push_back({0x8040, FE_TOWARDZERO, "FTZ+DAZ, toward zero"});
#endif
  return modes;
}

// Runs f with the mode set, in a function of its own, so that no floating-point operation of the
// caller can be moved across the mode change.
template <class F> [[gnu::noinline]] void run_in(const fp_mode& mode, F&& f) {
  const int rounding = std::fegetround();
  std::fesetround(mode.rounding);
#if SIMDACT_TEST_HAS_MXCSR
  const unsigned csr = _mm_getcsr();
  _mm_setcsr(csr | mode.mxcsr_flags);
#endif
  f();
#if SIMDACT_TEST_HAS_MXCSR
  _mm_setcsr(csr);
#endif
  std::fesetround(rounding);
}

template <class T> bool is_subnormal(T v) {
  return v != T(0) && std::fabs(v) < std::numeric_limits<T>::min();
}
template <class T> T read_as_zero(T v) { return is_subnormal(v) ? std::copysign(T(0), v) : v; }

// What FTZ/DAZ may do to the ReLU family's formula f(a, b): each subnormal input may be read as
// a zero of its sign, and a subnormal result may become a zero of its sign.
template <class T, class F> bool allowed_under_flush(T got, T a, T b, F f) {
  for (const T a1 : {a, read_as_zero(a)}) {
    for (const T b1 : {b, read_as_zero(b)}) {
      const T want = f(a1, b1);
      if (same(got, want) || (is_subnormal(want) && same(got, read_as_zero(want)))) {
        return true;
      }
    }
  }
  return false;
}

// Inputs that meet subnormals on every side: subnormal x, x * slope subnormal, normal, special.
template <class T> std::vector<T> fp_mode_inputs() {
  using L = std::numeric_limits<T>;
  std::vector<T> x = simdact_test::random_inputs<T>(97, 11);
  for (const T v : simdact_test::special_values<T>()) {
    x.push_back(v);
  }
  for (const T v : {L::denorm_min(), L::min() / 7, L::min() * T(3), L::min() * T(50), L::min()}) {
    x.push_back(v);
    x.push_back(-v);
  }
  return x;
}

template <class T> void check_same(const char* what, const fp_mode& mode, T x, T got, T want) {
  if (!same(got, want)) {
    FAIL_CHECK(what << " in mode " << mode.name << ": x = " << hex(x) << ", array " << hex(got)
                    << ", element functor " << hex(want));
  }
}

} // namespace

TEMPLATE_TEST_CASE("element functors and arrays agree in every FTZ/DAZ and rounding mode",
                   "[semantics][fpenv]", float, double) {
  using T = TestType;
  const std::vector<T> x = fp_mode_inputs<T>();
  const std::size_t n = x.size();
  std::vector<T> dy = simdact_test::random_inputs<T>(n, 12);
  for (std::size_t i = 0; i < n; i += 3) {
    dy[i] = x[(i * 7) % n]; // subnormal gradients too
  }
  for (const fp_mode& mode : fp_modes()) {
    auto compare = [&](const char* what, const auto& act) {
      std::vector<T> y(n), dx(n), dx_out(n), ys(n), dxs(n), dxs_out(n);
      run_in(mode, [&] {
        simdact::forward(act, x, y);
        simdact::backward(act, x, dy, dx);
        for (std::size_t i = 0; i < n; ++i) {
          ys[i] = act(x[i]);
          dxs[i] = act.backward(x[i], dy[i]);
        }
      });
      for (std::size_t i = 0; i < n; ++i) {
        check_same(what, mode, x[i], y[i], ys[i]);
        check_same(what, mode, x[i], dx[i], dxs[i]);
      }
      bool invertible = true;
      if constexpr (std::is_same_v<std::decay_t<decltype(act)>, simdact::leaky_relu<T>>) {
        invertible = act.negative_slope > T(0);
      }
      if (invertible) {
        run_in(mode, [&] {
          simdact::backward_from_output(act, y, dy, dx_out);
          for (std::size_t i = 0; i < n; ++i) {
            dxs_out[i] = act.backward_from_output(y[i], dy[i]);
          }
        });
        for (std::size_t i = 0; i < n; ++i) {
          check_same(what, mode, y[i], dx_out[i], dxs_out[i]);
        }
      }
      return std::make_pair(y, dx);
    };
    const auto [relu_y, relu_dx] = compare("relu", simdact::relu<T>{});
    for (const T slope : {T(0.01), T(1), T(-0.5), T(3)}) {
      const auto [y, dx] = compare("leaky_relu", simdact::leaky_relu<T>{slope});
      if (mode.rounding != FE_TONEAREST) {
        continue; // the reference below rounds to nearest
      }
      for (std::size_t i = 0; i < n; ++i) {
        INFO("mode " << mode.name << ", slope " << slope << ", x = " << hex(x[i])
                     << ", dy = " << hex(dy[i]) << ": y " << hex(y[i]) << ", dx " << hex(dx[i]));
        CHECK(allowed_under_flush(y[i], x[i], T(0),
                                  [&](T a, T) { return simdact_test::leaky_ref(a, slope); }));
        CHECK(allowed_under_flush(dx[i], x[i], dy[i], [&](T a, T b) {
          return simdact_test::leaky_grad_ref(a, b, slope);
        }));
      }
    }
    if (mode.rounding == FE_TONEAREST) {
      for (std::size_t i = 0; i < n; ++i) {
        INFO("mode " << mode.name << ", relu, x = " << hex(x[i]) << ", dy = " << hex(dy[i]));
        CHECK(allowed_under_flush(relu_y[i], x[i], T(0),
                                  [](T a, T) { return simdact_test::relu_ref(a); }));
        CHECK(allowed_under_flush(relu_dx[i], x[i], dy[i],
                                  [](T a, T b) { return simdact_test::relu_grad_ref(a, b); }));
      }
    }
    for (const T alpha : {T(1), T(0.5)}) {
      compare("elu", simdact::elu<T>{alpha});
    }
    // PReLU, all slopes in (0, 1] (the max form where subnormals are kept) and mixed, NCHW and
    // NHWC, against the element functor with each element's slope.
    for (const bool shallow : {true, false}) {
      const T w[3] = {T(0.01), shallow ? T(0.5) : T(-2), T(1)};
      for (const simdact::channel_layout layout :
           {simdact::channel_layout{1, 3, n}, simdact::channel_layout{n, 3, 1}}) {
        const simdact::prelu<T> act{w, layout};
        std::vector<T> x3(3 * n), dy3(3 * n), y(3 * n), dx(3 * n), ys(3 * n), dxs(3 * n), dw(3);
        for (std::size_t i = 0; i < 3 * n; ++i) {
          x3[i] = x[i % n];
          dy3[i] = dy[(i * 5) % n];
        }
        run_in(mode, [&] {
          simdact::forward(act, x3, y);
          simdact::backward(act, x3, dy3, dx, dw);
          for (std::size_t i = 0; i < 3 * n; ++i) {
            ys[i] = act(x3[i], w[act.channel_of(i)]);
            dxs[i] = act.backward(x3[i], dy3[i], w[act.channel_of(i)]);
          }
        });
        for (std::size_t i = 0; i < 3 * n; ++i) {
          check_same("prelu forward", mode, x3[i], y[i], ys[i]);
          check_same("prelu backward", mode, x3[i], dx[i], dxs[i]);
        }
      }
    }
  }
}

TEMPLATE_TEST_CASE("prelu dweight does not overflow where the exact sum is representable",
                   "[semantics][prelu][dweight]", float, double) {
  using T = TestType;
  using L = std::numeric_limits<T>;
  const T big = sizeof(T) == 4 ? T(3e38) : T(1.5e308);
  // Layouts that put the three terms of channel 1 in one run, in one tile row, or in rows across
  // the channels; {3, 37, 25} and the double ones are where the fast sums gave inf or NaN.
  const simdact::channel_layout layouts[] = {{3, 37, 25}, {2, 14, 33}, {3, 12, 32},  {1, 2, 4},
                                             {4, 2, 1},   {5, 16, 1},  {1, 2, 1000}, {3, 3, 300}};
  for (const auto& layout : layouts) {
    const std::size_t n = layout.outer * layout.channels * layout.inner;
    std::vector<T> w(layout.channels, T(0.5));
    const simdact::prelu<T> act{w.data(), layout};
    // Channel 1's terms: +big, +big, -big (x = -1, dy = -big, -big, +big) at three places; every
    // other term is 0 (x = 1). Exact sum: big.
    auto run = [&](const std::vector<T>& dy_terms) {
      std::vector<T> x(n, T(1)), dy(n, T(1)), dx(n), dw(layout.channels);
      std::size_t placed = 0;
      for (std::size_t i = 0; i < n && placed < dy_terms.size(); ++i) {
        if (act.channel_of(i) == 1) {
          x[i] = T(-1);
          dy[i] = dy_terms[placed++];
        }
      }
      REQUIRE(placed == dy_terms.size());
      simdact::backward(act, x, dy, dx, dw);
      for (std::size_t c = 0; c < layout.channels; ++c) {
        if (c != 1) {
          CHECK(same(dw[c], T(0)));
        }
      }
      return dw[1];
    };
    INFO("layout {" << layout.outer << ", " << layout.channels << ", " << layout.inner << "}");
    CHECK(run({-big, -big, big}) == big);
    CHECK(run({big, -big, big}) == -big);
    // Beyond T's range: the infinity of the exact sum's sign, never NaN.
    CHECK(run({-big, -big, -big}) == L::infinity());
    CHECK(run({big, big, big, -big}) == -L::infinity());
    // Infinite inputs keep IEEE's answers: one sign gives that infinity, both NaN.
    CHECK(run({-L::infinity(), big, -big}) == L::infinity());
    CHECK(std::isnan(run({-L::infinity(), L::infinity()})));
    // Small terms next to the large ones still count: exact sum big + 2^-10 * big rounds to it.
    const T eighth = big / T(1024);
    CHECK(run({-big, -big, big, -eighth}) == big + eighth);
  }
}

TEST_CASE("prelu dweight in place keeps the documented limit", "[semantics][prelu][dweight]") {
  // dx overwrites x, so a channel whose fast sum overflows cannot be summed again: it is the
  // exact sum or infinite or NaN, as the contract says, never a wrong finite value.
  const float w[2] = {0.5f, 0.5f};
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{1, 2, 3}, simdact::channel_layout{1, 2, 100}}) {
    const simdact::prelu<float> act{w, layout};
    const std::size_t n = 2 * layout.inner;
    std::vector<float> x(n, 1.f), dy(n, 1.f), dw(2);
    for (std::size_t i = 0; i < 3; ++i) {
      x[layout.inner + i] = -1.f;
      dy[layout.inner + i] = i == 2 ? 3e38f : -3e38f;
    }
    simdact::backward(act, x.data(), dy.data(), x.data(), dw.data(), n);
    CHECK(dw[0] == 0.f);
    CHECK((dw[1] == 3e38f || !std::isfinite(dw[1])));
  }
}

TEST_CASE("messages show the offending value exactly", "[errors]") {
  auto message = [](auto call) {
    try {
      call();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  const std::vector<float> y(3, -0.5f), dy(3, 1.f);
  std::vector<float> dx(3);
  CHECK(message([&] { simdact::backward_from_output(simdact::elu<float>{-1e-10f}, y, dy, dx); }) ==
        "simdact::backward_from_output: elu needs alpha >= 0 to recover the branch from the "
        "output, got -1e-10");
  CHECK(message([&] {
          simdact::backward_from_output(simdact::leaky_relu<float>{-0.f}, y, dy, dx);
        }) == "simdact::backward_from_output: leaky_relu needs negative_slope > 0 to recover the "
              "branch from the output, got -0");
  const std::vector<double> yd(3, -0.5), dyd(3, 1.);
  std::vector<double> dxd(3);
  CHECK(message([&] {
          simdact::backward_from_output(simdact::leaky_relu<double>{-0.1}, yd, dyd, dxd);
        }) == "simdact::backward_from_output: leaky_relu needs negative_slope > 0 to recover the "
              "branch from the output, got -0.1");
  CHECK(message([&] {
          simdact::backward_from_output(simdact::elu<double>{-2.5e-300}, yd, dyd, dxd);
        }) == "simdact::backward_from_output: elu needs alpha >= 0 to recover the branch from the "
              "output, got -2.5e-300");
  CHECK(message([&] {
          simdact::backward_from_output(
              simdact::elu<double>{-std::numeric_limits<double>::infinity()}, yd, dyd, dxd);
        }) == "simdact::backward_from_output: elu needs alpha >= 0 to recover the branch from the "
              "output, got -inf");
  const float w = 0.5f;
  CHECK(message([&] {
          simdact::forward(simdact::prelu<float>{&w, {2, 1, 2}}, y, dx);
        }) == "simdact::forward: prelu layout {2, 1, 2} does not describe n = 3 elements");
  // 4 elements: with 3, g++ 12 warns (-Wnonnull) about SSE2's padded tail copying from the null
  // pointer, on a path the check before it never lets run.
  std::vector<float> four(4);
  CHECK(message([&] { simdact::forward(simdact::relu<float>{}, nullptr, four.data(), 4); }) ==
        "simdact::forward: x is null but must hold 4 elements");
  std::vector<float> short_out(2);
  CHECK(message([&] { simdact::forward(simdact::relu<float>{}, y, short_out); }) ==
        "simdact::forward: x has 3 elements but y has 2");
}
