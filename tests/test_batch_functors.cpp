// The element-level functors inside a user's own SIMD loop: any xsimd architecture, fused with
// other arithmetic, giving the same bits as the array functions.

#include "catch.hpp"
#include "reference.hpp"

#include <simdact/simdact.hpp>

#include <array>
#include <vector>

namespace {

using simdact_test::same;

// y = 2 * act(x): an activation fused with the user's own arithmetic. Not a residual add: the
// compiler may contract the user's x * slope + x into one FMA (g++ does by default, across
// intrinsics, depending on how it inlines), which is the user's rounding, not the functor's.
template <class Batch, class Act>
std::vector<typename Batch::value_type>
fused_scale(const Act& act, const std::vector<typename Batch::value_type>& x) {
  using T = typename Batch::value_type;
  std::vector<T> y(x.size());
  std::size_t i = 0;
  for (; i + Batch::size <= x.size(); i += Batch::size) {
    const Batch xb = Batch::load_unaligned(x.data() + i);
    (Batch(T(2)) * act(xb)).store_unaligned(y.data() + i);
  }
  for (; i < x.size(); ++i) {
    y[i] = T(2) * act(x[i]);
  }
  return y;
}

template <class Batch, class Act> void check_fused(const Act& act) {
  using T = typename Batch::value_type;
  const auto x = simdact_test::random_inputs<T>(8 * Batch::size + 5, 31);
  std::vector<T> expected(x.size());
  simdact::forward(act, x, expected);
  for (std::size_t i = 0; i < x.size(); ++i) {
    expected[i] *= T(2);
  }
  const auto got = fused_scale<Batch>(act, x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO("x = " << x[i]);
    CHECK(same(got[i], expected[i]));
  }
}

} // namespace

TEMPLATE_TEST_CASE("batch functors fuse into a user's loop", "[batch]", float, double) {
  using T = TestType;
  using B = xsimd::batch<T>; // the default architecture, as a user would write it
  check_fused<B>(simdact::relu<T>{});
  check_fused<B>(simdact::leaky_relu<T>{T(0.02)});
  check_fused<B>(simdact::elu<T>{});
  check_fused<B>(simdact::elu<T>{T(0.3)});
}

// The oldest instruction set every build for the target has: on x86-64 narrower than the
// default of a build with -mavx2 or -march=native; on AArch64 NEON is the only one.
#if XSIMD_WITH_SSE2
using baseline_arch = xsimd::sse2;
#elif XSIMD_WITH_NEON64
using baseline_arch = xsimd::neon64;
#else
using baseline_arch = xsimd::default_arch;
#endif

TEMPLATE_TEST_CASE("batch functors work on the target's baseline architecture", "[batch]", float,
                   double) {
  using T = TestType;
  using B = xsimd::batch<T, baseline_arch>;
  const simdact::elu<T> elu{};
  const auto x = simdact_test::random_inputs<T>(64, 41);
  for (std::size_t i = 0; i + B::size <= x.size(); i += B::size) {
    const B xb = B::load_unaligned(x.data() + i);
    const B y = elu(xb);
    const B dx = elu.backward(xb, B(T(1.5)));
    for (std::size_t k = 0; k < B::size; ++k) {
      const T xi = x[i + k];
      INFO("x = " << xi);
      CHECK(simdact_test::ulp_error(y.get(k), simdact_test::elu_ref(xi, 1)) <=
            simdact::max_ulp_error(elu).forward);
      if (std::isnan(xi) || xi >= T(-103)) {
        CHECK(simdact_test::ulp_error(dx.get(k), simdact_test::elu_grad_ref(xi, 1.5L, 1)) <=
              simdact::max_ulp_error(elu).backward);
      }
    }
  }
}

TEMPLATE_TEST_CASE("prelu's element functor takes the slope from the caller", "[batch][prelu]",
                   float, double) {
  using T = TestType;
  using B = xsimd::batch<T>;
  // NHWC: a batch runs across channels, so the slopes load as a vector.
  const std::size_t channels = 2 * B::size;
  std::vector<T> w(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    w[c] = T(0.01) * T(c);
  }
  const std::size_t rows = 3;
  const auto x = simdact_test::random_inputs<T>(rows * channels, 51);
  const simdact::prelu<T> act{w.data(), {rows, channels, 1}};
  std::vector<T> expected(x.size()), got(x.size());
  simdact::forward(act, x, expected);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; c += B::size) {
      const std::size_t i = r * channels + c;
      act(B::load_unaligned(x.data() + i), B::load_unaligned(w.data() + c))
          .store_unaligned(got.data() + i);
    }
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(same(got[i], expected[i]));
  }
}

TEMPLATE_TEST_CASE("transposed sums give each row's sum in its own lane", "[batch][prelu]", float,
                   double) {
  // PReLU's dweight across channels relies on it; xsimd's own haddp mixes up AVX-512 float lanes.
  using T = TestType;
  using B = simdact::detail::native_batch<T>;
  constexpr std::size_t L = B::size;
  B rows[L];
  std::array<T, L> expected{};
  for (std::size_t r = 0; r < L; ++r) {
    std::array<T, L> lanes{};
    for (std::size_t i = 0; i < L; ++i) {
      lanes[i] = T(int(r * 37 + i * i) % 101 - 50); // small integers: every sum is exact
      expected[r] += lanes[i];
    }
    rows[r] = B::load_unaligned(lanes.data());
  }
  const B sums = simdact::detail::transposed_sums(rows);
  for (std::size_t r = 0; r < L; ++r) {
    INFO("row " << r);
    CHECK(sums.get(r) == expected[r]);
  }
}
