// PReLU on bfloat16 and float16 over every layout of prelu_layouts.hpp, so over every loop shape
// the plan (detail/prelu_plan.hpp) can choose, forward and backward with dweight, against an
// independent scalar reference: each value widened exactly (half_reference.hpp decodes the bits),
// the float PReLU formula in float arithmetic, rounded once by half_reference.hpp's round_ref;
// dweight as the long double sum of the exact products, rounded once. In place (y == x, dx == dy,
// dx == x) and dweight == weight; the argument checks, before anything is written.

#include "catch.hpp"
#include "half_reference.hpp"
#include "prelu_layouts.hpp"

#include <simdact/simdact.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using simdact::bfloat16;
using simdact::float16;
using simdact_test::decode_ref;
using simdact_test::round_ref;

// Every value of H as a float, decoded by the formula (exact: both 16-bit types fit in float).
template <class H> const std::vector<float>& widened() {
  static const std::vector<float> table = [] {
    std::vector<float> t(0x10000);
    for (std::uint32_t b = 0; b < 0x10000; ++b) {
      t[b] = static_cast<float>(decode_ref<H>(static_cast<std::uint16_t>(b)));
    }
    return t;
  }();
  return table;
}
template <class H> float wide(H h) { return widened<H>()[h.to_bits()]; }

// The float PReLU formulas, in float arithmetic as the library's contract states them.
float prelu_ref(float x, float slope) { return x > 0 ? x : x * slope; }
float prelu_grad_ref(float x, float dy, float slope) { return x > 0 ? dy : dy * slope; }

// got is v rounded once to H: the same value and sign of zero, or NaN for NaN.
template <class H> bool rounded_once(H got, long double v) {
  const long double g = decode_ref<H>(got.to_bits());
  if (std::isnan(v)) {
    return std::isnan(g);
  }
  const long double want = round_ref<H>(v);
  return g == want && std::signbit(g) == std::signbit(want);
}

template <class H> std::string describe(std::size_t i, H got, long double want) {
  std::ostringstream o;
  o << "element " << i << ": got 0x" << std::hex << got.to_bits() << std::dec << " = "
    << decode_ref<H>(got.to_bits()) << ", want " << static_cast<double>(want) << " rounded once";
  return o.str();
}

// Counts the elements of got that are not want(i) rounded once; describes the first.
template <class H, class Want>
std::size_t mismatches(const std::vector<H>& got, const Want& want, std::string& first) {
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const long double w = want(i);
    if (!rounded_once(got[i], w) && wrong++ == 0) {
      first = describe(i, got[i], w);
    }
  }
  return wrong;
}

#define SIMDACT_REQUIRE_ROUNDED(got, want)                                                         \
  do {                                                                                             \
    std::string first;                                                                             \
    const std::size_t wrong = mismatches(got, want, first);                                        \
    INFO(first);                                                                                   \
    REQUIRE(wrong == 0);                                                                           \
  } while (false)

template <class H> bool same_bits(const std::vector<H>& a, const std::vector<H>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](H p, H q) { return p.to_bits() == q.to_bits(); });
}

// Inputs with every kind of value: mostly normal values around +-4, and every 23rd element one
// of all 65,536 encodings in turn (zeros, subnormals, infinities, NaNs).
template <class H> std::vector<H> mixed_values(std::size_t n, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::vector<H> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = i % 23 == 5 ? H::from_bits(static_cast<std::uint16_t>((i / 23 * 40503u + seed) & 0xffff))
                       : H(normal(random));
  }
  return v;
}

// Finite inputs whose dweight terms have one sign per channel (dy > 0 in even channels, < 0 in
// odd ones), so that the float partial sums stay within a fraction of an ulp of H of the exact
// sum whatever the layout: then dweight is the exact sum rounded once, or next to it at a tie.
template <class H>
void gradient_values(const simdact::prelu<H>& act, std::size_t n, std::vector<H>& x,
                     std::vector<H>& dy) {
  std::mt19937 random(7);
  std::uniform_real_distribution<float> value(-4.0f, 2.0f), magnitude(0.125f, 2.0f);
  x.resize(n);
  dy.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = H(value(random));
    const float d = magnitude(random);
    dy[i] = H(act.channel_of(i) % 2 == 0 ? d : -d);
  }
}

// Slopes of both signs, above and below 1, zero, -0 and NaN; or all in (0, 1], the shallow case
// whose forward SSE2 and AVX2 run as one max per batch.
template <class H> std::vector<H> slopes(std::size_t channels, bool shallow) {
  std::vector<H> w(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    if (shallow) {
      w[c] = H(0.0625f * static_cast<float>(c % 16 + 1));
    } else {
      const float table[] = {0.25f, -0.5f, 1.5f, 0.0f, -0.0f, 3.0f, 0.01f, NAN, -2.0f, 1.0f};
      w[c] = H(table[c % 10]);
    }
  }
  return w;
}

template <class H> void check_layout(const simdact::channel_layout& layout, bool shallow) {
  const std::size_t n = layout.outer * layout.channels * layout.inner;
  const std::vector<H> w = slopes<H>(layout.channels, shallow);
  const simdact::prelu<H> act{w.data(), layout};
  const auto slope = [&](std::size_t i) { return wide(w[act.channel_of(i)]); };

  // Forward and dx on values of every kind, not in place and in place.
  const std::vector<H> x = mixed_values<H>(n, 1), dy = mixed_values<H>(n, 2);
  std::vector<H> y(n), dx(n), dw(layout.channels);
  simdact::forward(act, x.data(), y.data(), n);
  SIMDACT_REQUIRE_ROUNDED(y, [&](std::size_t i) { return prelu_ref(wide(x[i]), slope(i)); });
  std::vector<H> in_place = x;
  simdact::forward(act, in_place.data(), in_place.data(), n);
  REQUIRE(same_bits(in_place, y));
  if (shallow) {
    return; // slopes in (0, 1] take another forward loop; backward has one form
  }

  simdact::backward(act, x.data(), dy.data(), dx.data(), dw.data(), n);
  const auto grad = [&](std::size_t i) {
    return prelu_grad_ref(wide(x[i]), wide(dy[i]), slope(i));
  };
  SIMDACT_REQUIRE_ROUNDED(dx, grad);
  in_place = dy; // dx == dy
  simdact::backward(act, x.data(), in_place.data(), in_place.data(), dw.data(), n);
  REQUIRE(same_bits(in_place, dx));
  in_place = x; // dx == x
  simdact::backward(act, in_place.data(), dy.data(), in_place.data(), dw.data(), n);
  REQUIRE(same_bits(in_place, dx));

  // dweight, on finite values.
  std::vector<H> gx, gdy;
  gradient_values(act, n, gx, gdy);
  simdact::backward(act, gx.data(), gdy.data(), dx.data(), dw.data(), n);
  SIMDACT_REQUIRE_ROUNDED(
      dx, [&](std::size_t i) { return prelu_grad_ref(wide(gx[i]), wide(gdy[i]), slope(i)); });
  std::vector<long double> sums(layout.channels, 0.0L);
  for (std::size_t i = 0; i < n; ++i) {
    const long double xv = decode_ref<H>(gx[i].to_bits());
    if (!(xv > 0)) {
      sums[act.channel_of(i)] += xv * decode_ref<H>(gdy[i].to_bits()); // exact products
    }
  }
  for (std::size_t c = 0; c < layout.channels; ++c) {
    INFO("channel " << c << ": got " << decode_ref<H>(dw[c].to_bits()) << ", exact sum "
                    << static_cast<double>(sums[c]));
    REQUIRE(simdact_test::ulp_error16<H>(dw[c].to_bits(), sums[c]) <= 1);
  }
  // In place: the same dx and dweight, bit for bit.
  std::vector<H> dw2(layout.channels);
  in_place = gdy;
  simdact::backward(act, gx.data(), in_place.data(), in_place.data(), dw2.data(), n);
  REQUIRE(same_bits(in_place, dx));
  REQUIRE(same_bits(dw2, dw));
  // dweight == weight: the slopes are read before it is written.
  std::vector<H> w2 = w;
  simdact::backward(simdact::prelu<H>{w2.data(), layout}, gx.data(), gdy.data(), dx.data(),
                    w2.data(), n);
  REQUIRE(same_bits(w2, dw));
}

// The plan this build's kernels take for a layout on 16-bit storage (they plan as for float).
std::string plan_of(const simdact::channel_layout& layout) {
  using isa = simdact::detail::isa<xsimd::default_arch>;
  using simdact::detail::plan_prelu;
  using simdact::detail::prelu_pass;
  const auto name = [](const simdact::detail::prelu_plan& p) {
    return std::to_string(static_cast<int>(p.shape)) + "/" + std::to_string(p.unroll);
  };
  return name(plan_prelu<float, isa>(layout, prelu_pass::forward)) + " " +
         name(plan_prelu<float, isa>(layout, prelu_pass::backward));
}

std::size_t size_of(const simdact::channel_layout& layout) {
  return layout.outer * layout.channels * layout.inner;
}

template <class H> void check_all_layouts() {
  // Layouts above 2^18 elements only make the test slow when a smaller one takes the same plan.
  constexpr std::size_t large = std::size_t(1) << 18;
  std::vector<std::string> small_plans;
  for (const auto& c : simdact_layouts::prelu_layouts) {
    if (size_of(c.layout) <= large) {
      small_plans.push_back(plan_of(c.layout));
    }
  }
  for (const auto& c : simdact_layouts::prelu_layouts) {
    const auto [outer, channels, inner] = c.layout;
    if (size_of(c.layout) > large &&
        std::find(small_plans.begin(), small_plans.end(), plan_of(c.layout)) != small_plans.end()) {
      continue;
    }
    for (const bool shallow : {false, true}) {
      INFO(simdact_test::format<H>::name << " prelu {" << outer << ", " << channels << ", " << inner
                                         << "}" << (shallow ? ", slopes in (0, 1]" : ""));
      check_layout<H>(c.layout, shallow);
    }
  }
}

// Each failure: std::invalid_argument, and nothing written.
template <class H> void check_prelu_errors() {
  const H unwritten = H::from_bits(0x1234);
  const std::vector<H> x(12, H(-1.0f)), w(3, H(0.5f));
  std::vector<H> out(12, unwritten), dw(3, unwritten);
  const auto untouched = [&] {
    for (const H& h : out) {
      REQUIRE(h.to_bits() == unwritten.to_bits());
    }
    for (const H& h : dw) {
      REQUIRE(h.to_bits() == unwritten.to_bits());
    }
  };
  const simdact::prelu<H> wrong_n{w.data(), {2, 3, 3}}; // 18 elements, not 12
  REQUIRE_THROWS_AS(simdact::forward(wrong_n, x.data(), out.data(), 12), std::invalid_argument);
  REQUIRE_THROWS_AS(simdact::backward(wrong_n, x.data(), x.data(), out.data(), dw.data(), 12),
                    std::invalid_argument);
  untouched();
  const simdact::prelu<H> no_channels{w.data(), {12, 0, 1}};
  REQUIRE_THROWS_AS(simdact::forward(no_channels, x.data(), out.data(), 0), std::invalid_argument);
  const simdact::prelu<H> no_weight{nullptr, {1, 3, 4}};
  REQUIRE_THROWS_AS(simdact::forward(no_weight, x.data(), out.data(), 12), std::invalid_argument);
  REQUIRE_THROWS_AS(simdact::backward(no_weight, x.data(), x.data(), out.data(), dw.data(), 12),
                    std::invalid_argument);
  untouched();
  const simdact::prelu<H> act{w.data(), {1, 3, 4}};
  REQUIRE_THROWS_AS(simdact::forward(act, static_cast<const H*>(nullptr), out.data(), 12),
                    std::invalid_argument);
  REQUIRE_THROWS_AS(
      simdact::backward(act, x.data(), static_cast<const H*>(nullptr), out.data(), dw.data(), 12),
      std::invalid_argument);
  REQUIRE_THROWS_AS(
      simdact::backward(act, x.data(), x.data(), out.data(), static_cast<H*>(nullptr), 12),
      std::invalid_argument);
  REQUIRE_THROWS_AS(
      simdact::backward(act, x.data(), x.data(), static_cast<H*>(nullptr), dw.data(), 12),
      std::invalid_argument);
  untouched();
  // No elements: dweight is +0 in every channel, and the weights may be null.
  simdact::backward(simdact::prelu<H>{nullptr, {0, 3, 4}}, static_cast<const H*>(nullptr),
                    static_cast<const H*>(nullptr), static_cast<H*>(nullptr), dw.data(), 0);
  for (const H& h : dw) {
    REQUIRE(h.to_bits() == 0);
  }
}

} // namespace

TEMPLATE_TEST_CASE("prelu on 16-bit storage: every layout's plan, rounded once", "[half][prelu]",
                   bfloat16, float16) {
  check_all_layouts<TestType>();
}

TEMPLATE_TEST_CASE("prelu on 16-bit storage: argument checks before any write", "[half][prelu]",
                   bfloat16, float16) {
  check_prelu_errors<TestType>();
}
