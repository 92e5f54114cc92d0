// The array kernels: same bits as the element-level functor for every length and offset,
// in-place use, and every kind of contiguous range.

#include "catch.hpp"
#include "reference.hpp"

#include <simdact/simdact.hpp>

#include <array>
#include <vector>
#if __has_include(<span>)
#include <span>
#endif

namespace {

using simdact_test::same;

template <class T>
constexpr std::size_t L = simdact::detail::lanes<T, simdact::detail::isa<xsimd::default_arch>>;

// Runs `call(x, dy, out, n)` on x[offset..offset+n) for every n in 0..4L+3 and offset in 0..L,
// and compares out with `element(x_i, dy_i)` lane by lane; the bytes around out stay untouched.
template <class T, class Call, class Element>
void check_every_length_and_offset(Call call, Element element) {
  const std::size_t max_n = 4 * L<T> + 3;
  const auto x = simdact_test::random_inputs<T>(max_n + L<T> + 1, 7);
  const auto dy = simdact_test::random_inputs<T>(max_n + L<T> + 1, 8);
  for (std::size_t offset = 0; offset <= L<T>; ++offset) {
    for (std::size_t n = 0; n <= max_n; ++n) {
      std::vector<T> out(max_n + 2 * L<T> + 2, T(-12345));
      call(x.data() + offset, dy.data() + offset, out.data() + offset + 1, n);
      for (std::size_t i = 0; i < out.size(); ++i) {
        const bool inside = i >= offset + 1 && i < offset + 1 + n;
        const T expected = inside ? element(x[i - 1], dy[i - 1]) : T(-12345);
        if (!same(out[i], expected)) {
          FAIL_CHECK("n = " << n << ", offset = " << offset << ", i = " << i << ": got " << out[i]
                            << ", expected " << expected);
        }
      }
    }
  }
}

template <class T, class Act> void check_elementwise(const Act& act) {
  check_every_length_and_offset<T>(
      [&](const T* x, const T*, T* y, std::size_t n) { simdact::forward(act, x, y, n); },
      [&](T x, T) { return act(x); });
  check_every_length_and_offset<T>(
      [&](const T* x, const T* dy, T* dx, std::size_t n) { simdact::backward(act, x, dy, dx, n); },
      [&](T x, T dy) { return act.backward(x, dy); });
  check_every_length_and_offset<T>(
      [&](const T* y, const T* dy, T* dx, std::size_t n) {
        simdact::backward_from_output(act, y, dy, dx, n);
      },
      [&](T y, T dy) { return act.backward_from_output(y, dy); });
}

} // namespace

TEMPLATE_TEST_CASE("array kernels match the element functor for every length and offset",
                   "[kernel]", float, double) {
  using T = TestType;
  SECTION("relu") { check_elementwise<T>(simdact::relu<T>{}); }
  SECTION("leaky_relu") { check_elementwise<T>(simdact::leaky_relu<T>{T(0.2)}); }
  // With alpha 1 the arrays run detail::unit_elu, the scalar functor the general formula.
  SECTION("elu") { check_elementwise<T>(simdact::elu<T>{}); }
  SECTION("elu, alpha 0.7") { check_elementwise<T>(simdact::elu<T>{T(0.7)}); }
  SECTION("prelu, one slope") {
    const T w = T(0.3);
    check_every_length_and_offset<T>(
        [&](const T* x, const T*, T* y, std::size_t n) {
          simdact::forward(simdact::prelu<T>{&w, {1, 1, n}}, x, y, n);
        },
        [&](T x, T) {
          return simdact::prelu<T>{&w, {1, 1, 1}}(x, w);
        });
    check_every_length_and_offset<T>(
        [&](const T* x, const T* dy, T* dx, std::size_t n) {
          T dw = 0;
          simdact::backward(simdact::prelu<T>{&w, {1, 1, n}}, x, dy, dx, &dw, n);
        },
        [&](T x, T dy) {
          return simdact::prelu<T>{&w, {1, 1, 1}}.backward(x, dy, w);
        });
  }
}

TEMPLATE_TEST_CASE("prelu uses each element's channel in every layout", "[kernel][prelu]", float,
                   double) {
  using T = TestType;
  // Rows across channels (inner < lanes, slopes expanded when inner > 1) and runs along them,
  // short (under 16 batches) and long, each with a tail; some span more than one block of partial
  // sums, more than one group of lanes channels, or more than one chunk of four batches per row.
  // Rows and runs of 1 to 8 whole batches have loops of their own in forward; 9 do not. Backward
  // walks rows in passes of up to 8 (AVX-512) or 2 batches side by side, the last pass taking
  // what is left (13 = 8 + 5). Backward takes runs of up to 32 batches in tiles of 8 or 16
  // channels down the rows: whole tiles and a partial one, runs of whole batches or with a
  // tail, sums flushed after every 64 batches; longer runs channel by channel (70 batches: a
  // flush within a run). Rows of short runs expand the slopes of as many rows as there are, up
  // to a whole number of batches ({3, 5, 7} takes 3 rows, not 16).
  const std::vector<simdact::channel_layout> layouts{{2, 3, 1},
                                                     {5, 33, L<T>},
                                                     {66, 17, 2 * L<T>},
                                                     {9, 16, 3 * L<T> + 1},
                                                     {40, 19, L<T> + 1},
                                                     {3, 2, 4 * L<T>},
                                                     {2, 17, 7 * L<T>},
                                                     {2, 3, 70 * L<T> + 5},
                                                     {1, 3, 33 * L<T>},
                                                     {1, 37, 3},
                                                     {1, 300, 5},
                                                     {3, 5, 7},
                                                     {1, 4, 33},
                                                     {5, 2 * L<T> + 3, 1},
                                                     {2, 3, L<T>},
                                                     {4, 1, 9},
                                                     {1, 1, 50},
                                                     {3, L<T> - 1, 1},
                                                     {2, 17, 2},
                                                     {1, 64, 1},
                                                     {67, 5, 3},
                                                     {129, L<T>, 1},
                                                     {130, 2 * L<T> + 3, 1},
                                                     {2, 2 * L<T> + 3, L<T> + 5},
                                                     {70, 3, L<T>},
                                                     {131, 9 * L<T> + 1, 1},
                                                     {67, 13 * L<T> + 2, 1},
                                                     {3, 4 * L<T>, 2},
                                                     {2, 3, 5 * L<T> + 3},
                                                     {2, 3, 16 * L<T> + 5},
                                                     {1100, 3, 1},
                                                     {600, 1, 1},
                                                     {21, 5, 3},
                                                     {3, 2 * L<T>, 1},
                                                     {5, 3 * L<T>, 1},
                                                     {2, 8 * L<T>, 1},
                                                     {3, 9 * L<T>, 1},
                                                     {2, 3, 2 * L<T>},
                                                     {3, 2, 8 * L<T>},
                                                     {2, 2, 9 * L<T>}};
  // Slopes of both signs and over 1 (the general form), or all in (0, 1] (forward takes a max).
  for (const bool shallow : {false, true}) {
    for (const auto& layout : layouts) {
      const std::size_t n = layout.outer * layout.channels * layout.inner;
      INFO("layout {" << layout.outer << ", " << layout.channels << ", " << layout.inner << "}"
                      << (shallow ? ", slopes in (0, 1]" : ""));
      const auto x = simdact_test::random_inputs<T>(n, 11);
      const auto dy = simdact_test::random_inputs<T>(n, 12);
      std::vector<T> w(layout.channels);
      for (std::size_t c = 0; c < w.size(); ++c) {
        w[c] = shallow ? T(1) / T(c + 1) : T(0.05) * T(c + 1) - T(0.3);
      }
      const simdact::prelu<T> act{w.data(), layout};
      std::vector<T> y(n), dx(n), dw(layout.channels, T(99));
      simdact::forward(act, x, y);
      simdact::backward(act, x, dy, dx, dw);
      std::vector<T> in_place = x;
      simdact::forward(act, in_place, in_place);

      // dweight against the exact sum of the terms (products in long double, which neither
      // overflows nor rounds a product of two floats) and its magnitude.
      std::vector<long double> dw_ref(layout.channels, 0.0L), magnitude(layout.channels, 0.0L);
      std::size_t i = 0;
      for (std::size_t o = 0; o < layout.outer; ++o) {
        for (std::size_t c = 0; c < layout.channels; ++c) {
          for (std::size_t k = 0; k < layout.inner; ++k, ++i) {
            REQUIRE(act.channel_of(i) == c);
            CHECK(same(y[i], simdact_test::leaky_ref(x[i], w[c])));
            CHECK(same(in_place[i], y[i]));
            CHECK(same(dx[i], simdact_test::leaky_grad_ref(x[i], dy[i], w[c])));
            const long double term = x[i] > T(0) ? 0.0L : static_cast<long double>(x[i]) * dy[i];
            dw_ref[c] += term;
            magnitude[c] += std::fabs(term);
          }
        }
      }
      for (std::size_t c = 0; c < layout.channels; ++c) {
        INFO("channel " << c << ": dweight " << dw[c] << ", exact " << dw_ref[c]);
        const T exact = static_cast<T>(dw_ref[c]);
        if (!std::isfinite(exact) || !std::isfinite(magnitude[c])) {
          CHECK(same(dw[c], exact)); // NaN, or an infinity (inputs or the sum beyond T's range)
        } else {
          const std::size_t terms = layout.outer * layout.inner;
          CHECK(std::fabs(dw[c] - dw_ref[c]) <=
                simdact::dweight_error<T>(terms) * magnitude[c] +
                    static_cast<long double>(terms) * std::numeric_limits<T>::denorm_min());
        }
      }
    }
  }
}

TEMPLATE_TEST_CASE("outputs may be the very memory of an input", "[kernel][inplace]", float,
                   double) {
  using T = TestType;
  const std::size_t n = 5 * L<T> + 3;
  const auto x = simdact_test::random_inputs<T>(n, 21);
  const auto dy = simdact_test::random_inputs<T>(n, 22);
  auto all_same = [](const std::vector<T>& a, const std::vector<T>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) {
        return false;
      }
    }
    return true;
  };
  auto check = [&](const auto& act) {
    std::vector<T> expected(n), buffer = x;
    simdact::forward(act, x, expected);
    simdact::forward(act, buffer, buffer); // y == x
    CHECK(all_same(buffer, expected));

    simdact::backward(act, x, dy, expected);
    buffer = dy;
    simdact::backward(act, x, buffer, buffer); // dx == dy
    CHECK(all_same(buffer, expected));
    buffer = x;
    simdact::backward(act, buffer, dy, buffer); // dx == x
    CHECK(all_same(buffer, expected));

    simdact::backward_from_output(act, x, dy, expected);
    buffer = dy;
    simdact::backward_from_output(act, x, buffer, buffer); // dx == dy
    CHECK(all_same(buffer, expected));
    buffer = x;
    simdact::backward_from_output(act, buffer, dy, buffer); // dx == y
    CHECK(all_same(buffer, expected));
  };
  check(simdact::relu<T>{});
  check(simdact::leaky_relu<T>{T(0.1)});
  check(simdact::elu<T>{T(1.3)});

  const std::vector<T> w{T(0.25), T(-0.5), T(2)};
  const simdact::prelu<T> act{w.data(), {n / 3, 3, 1}};
  const std::size_t m = (n / 3) * 3;
  const std::vector<T> xm(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(m));
  const std::vector<T> dym(dy.begin(), dy.begin() + static_cast<std::ptrdiff_t>(m));
  std::vector<T> expected(m), dw_expected(3), dw(3), buffer = xm;
  simdact::forward(act, xm, expected);
  simdact::forward(act, buffer, buffer);
  CHECK(all_same(buffer, expected));
  simdact::backward(act, xm, dym, expected, dw_expected);
  buffer = dym;
  simdact::backward(act, xm, buffer, buffer, dw);
  CHECK(all_same(buffer, expected));
  CHECK(all_same(dw, dw_expected));
  buffer = xm;
  simdact::backward(act, buffer, dym, buffer, dw);
  CHECK(all_same(buffer, expected));
  CHECK(all_same(dw, dw_expected));
}

TEMPLATE_TEST_CASE("prelu dweight may overwrite the weights it was computed with",
                   "[kernel][inplace][prelu]", float, double) {
  using T = TestType;
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{3, 4, 1}, simdact::channel_layout{2, 4, 3},
        simdact::channel_layout{2, 4, 2 * L<T> + 1}}) {
    const std::size_t n = layout.outer * layout.channels * layout.inner;
    const auto x = simdact_test::random_inputs<T>(n, 61);
    const auto dy = simdact_test::random_inputs<T>(n, 62);
    const std::vector<T> w{T(0.1), T(-0.2), T(0.3), T(0.4)};
    std::vector<T> dx_expected(n), dw_expected(4), dx(n), w_then_dw = w;
    simdact::backward(simdact::prelu<T>{w.data(), layout}, x, dy, dx_expected, dw_expected);
    simdact::backward(simdact::prelu<T>{w_then_dw.data(), layout}, x, dy, dx, w_then_dw);
    CHECK(std::equal(dx.begin(), dx.end(), dx_expected.begin(), same<T>));
    CHECK(std::equal(w_then_dw.begin(), w_then_dw.end(), dw_expected.begin(), same<T>));
  }
}

TEST_CASE("array functions accept every contiguous range", "[kernel][ranges]") {
  const simdact::leaky_relu<float> act{0.5f};
  const std::array<float, 5> x{-2.f, -1.f, 0.f, 1.f, 2.f};
  const std::array<float, 5> expected{-1.f, -0.5f, 0.f, 1.f, 2.f};

  std::vector<float> v(5);
  simdact::forward(act, x, v);
  CHECK(std::equal(v.begin(), v.end(), expected.begin()));

  float c_array[5] = {};
  simdact::forward(act, x, c_array);
  CHECK(std::equal(std::begin(c_array), std::end(c_array), expected.begin()));

  std::array<float, 5> dx{};
  const std::vector<float> dy(5, 4.f);
  simdact::backward(act, x, dy, dx);
  CHECK(dx == std::array<float, 5>{2.f, 2.f, 2.f, 4.f, 4.f});
  simdact::backward_from_output(act, expected, dy, dx);
  CHECK(dx == std::array<float, 5>{2.f, 2.f, 2.f, 4.f, 4.f});

#if defined(__cpp_lib_span) && __cpp_lib_span >= 202002L
  std::vector<float> big(7, 9.f);
  simdact::forward(act, std::span<const float>(x), std::span<float>(big).subspan(1, 5));
  CHECK(big == std::vector<float>{9.f, -1.f, -0.5f, 0.f, 1.f, 2.f, 9.f});
#endif

  const std::vector<float> w{0.1f, 0.2f};
  const std::vector<float> px{-1.f, -1.f, -2.f, 3.f};
  std::vector<float> py(4), pdx(4), pdw(2);
  const simdact::prelu<float> prelu{w.data(), {2, 2, 1}};
  simdact::forward(prelu, px, py);
  CHECK(py == std::vector<float>{-0.1f, -0.2f, -0.2f, 3.f});
  simdact::backward(prelu, px.data(), dy.data(), pdx.data(), pdw.data(), 4);
  CHECK(pdx == std::vector<float>{0.4f, 0.8f, 0.4f, 4.f});
  CHECK(pdw == std::vector<float>{-12.f, -4.f});
}
