// Measures simdact's ELU against exact values: every float input (or every stride-th one), and a
// spread of double inputs, through the array-level functions users call. Prints the worst ulp
// error per operation; with --check, exits 1 when a documented bound is exceeded.
//
//   simdact_ulp_sweep_native --stride 1 --check      # all 2^32 floats
//
// Float references come from double arithmetic (29 extra bits), double references from long
// double (11 extra bits): either way far below the 0.01-ulp resolution printed. Leaky ReLU is
// swept alongside and must be bit-identical to its formula.

#include "reference.hpp"

#include <simdact/simdact.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using simdact_test::ulp_error;

struct worst_case {
  long double ulps = 0;
  long double input = 0;
  void update(long double e, long double x) {
    if (e > ulps) {
      ulps = e;
      input = x;
    }
  }
  void merge(const worst_case& o) { update(o.ulps, o.input); }
};

struct sweep_result {
  worst_case forward_unit, forward_alpha, backward_unit, backward_alpha;
  std::uint64_t mismatches = 0; // exactness failures: positive side, NaN, leaky relu
  std::uint64_t checked = 0;
  void merge(const sweep_result& o) {
    forward_unit.merge(o.forward_unit);
    forward_alpha.merge(o.forward_alpha);
    backward_unit.merge(o.backward_unit);
    backward_alpha.merge(o.backward_alpha);
    mismatches += o.mismatches;
    checked += o.checked;
  }
};

constexpr double other_alpha = 1.6732632423543772; // SELU's alpha: a typical non-unit value

// A deterministic, varied dy in [0.5, 2) so backward's last multiply really rounds.
template <class T> T gradient_for(std::uint64_t i) {
  return static_cast<T>(0.5 +
                        static_cast<double>((i * 0x9E3779B97F4A7C15ULL) >> 11) * 0x1p-53 * 1.5);
}

template <class T, class Ref>
void check_batch(const std::vector<T>& x, sweep_result& r, Ref exact) {
  const std::size_t n = x.size();
  std::vector<T> dy(n), y1(n), ya(n), d1(n), da(n), leaky(n);
  for (std::size_t i = 0; i < n; ++i) {
    dy[i] = gradient_for<T>(i + std::hash<T>{}(x[i])); // x * 1000 overflowed uint64_t (UB)
  }
  const simdact::elu<T> unit{T(1)};
  const simdact::elu<T> scaled{static_cast<T>(other_alpha)};
  const simdact::leaky_relu<T> lrelu{T(0.01)};
  simdact::forward(unit, x, y1);
  simdact::forward(scaled, x, ya);
  simdact::backward(unit, x, dy, d1);
  simdact::backward(scaled, x, dy, da);
  simdact::forward(lrelu, x, leaky);
  for (std::size_t i = 0; i < n; ++i) {
    const T xi = x[i];
    ++r.checked;
    if (!simdact_test::same(leaky[i], simdact_test::leaky_ref(xi, T(0.01)))) {
      ++r.mismatches;
    }
    if (!(xi <= T(0))) { // positive and NaN: exact pass-through / NaN
      const bool ok = std::isnan(xi)
                          ? (std::isnan(y1[i]) && std::isnan(ya[i]) && std::isnan(d1[i]) &&
                             std::isnan(da[i]))
                          : (y1[i] == xi && ya[i] == xi && d1[i] == dy[i] && da[i] == dy[i]);
      r.mismatches += ok ? 0 : 1;
      continue;
    }
    const T alpha_t = static_cast<T>(other_alpha);
    const long double expm1_x = exact.expm1(xi); // the library calls dominate the sweep's time
    const long double exp_x = exact.exp(xi);
    r.forward_unit.update(ulp_error(y1[i], expm1_x), xi);
    r.forward_alpha.update(ulp_error(ya[i], exact.mul(alpha_t, expm1_x)), xi);
    r.backward_unit.update(ulp_error(d1[i], exact.mul(dy[i], exp_x)), xi);
    r.backward_alpha.update(ulp_error(da[i], exact.mul(dy[i], exact.mul(alpha_t, exp_x))), xi);
  }
}

struct double_exact { // for float: double arithmetic is exact enough
  long double expm1(float x) const { return std::expm1(static_cast<double>(x)); }
  long double exp(float x) const { return std::exp(static_cast<double>(x)); }
  long double mul(long double a, long double b) const {
    return static_cast<double>(a) * static_cast<double>(b);
  }
};
struct long_double_exact {
  long double expm1(double x) const { return std::expm1(static_cast<long double>(x)); }
  long double exp(double x) const { return std::exp(static_cast<long double>(x)); }
  long double mul(long double a, long double b) const { return a * b; }
};

sweep_result sweep_floats(std::uint64_t stride, unsigned threads) {
  constexpr std::uint64_t total = 1ULL << 32;
  sweep_result result;
  std::mutex lock;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      sweep_result mine;
      std::vector<float> x;
      constexpr std::size_t chunk = 1 << 16;
      for (std::uint64_t start = t * stride * chunk; start < total;
           start += threads * stride * chunk) {
        x.clear();
        for (std::uint64_t bits = start; bits < std::min(total, start + stride * chunk);
             bits += stride) {
          const auto b = static_cast<std::uint32_t>(bits);
          float v;
          std::memcpy(&v, &b, sizeof v);
          x.push_back(v);
        }
        check_batch(x, mine, double_exact{});
      }
      std::lock_guard<std::mutex> guard(lock);
      result.merge(mine);
    });
  }
  for (auto& th : pool) {
    th.join();
  }
  return result;
}

// Doubles: every binade of the non-positive inputs that matter (down to underflow), densely.
sweep_result sweep_doubles(std::uint64_t count) {
  std::mt19937_64 rng(20261129);
  sweep_result result;
  std::vector<double> x;
  constexpr std::size_t chunk = 1 << 16;
  for (std::uint64_t i = 0; i < count; ++i) {
    const int binade = static_cast<int>(rng() % 1085) - 1075; // 2^-1075 .. 2^10
    const double mantissa = 1.0 + static_cast<double>(rng() >> 11) * 0x1p-53;
    const double v = -std::ldexp(mantissa, binade);
    x.push_back(i % 16 == 0 ? -v : v);
    if (x.size() == chunk || i + 1 == count) {
      check_batch(x, result, long_double_exact{});
      x.clear();
    }
  }
  const auto specials = simdact_test::special_values<double>();
  check_batch(specials, result, long_double_exact{});
  return result;
}

// The bounds are simdact::max_ulp_error's, in its metric (reference.hpp's ulp_error).
template <class T> bool report(const char* type, const sweep_result& r) {
  const simdact::ulp_bounds unit = simdact::max_ulp_error(simdact::elu<T>{T(1)});
  const simdact::ulp_bounds scaled = simdact::max_ulp_error(
      simdact::elu<T>{static_cast<T>(other_alpha)});
  auto line = [](const char* what, const worst_case& w, double bound) {
    std::printf("  %-34s max %.3Lf ulp (bound %.1f) at x = %.9Lg\n", what, w.ulps, bound, w.input);
    return w.ulps <= bound;
  };
  std::printf("%s: %" PRIu64 " inputs, %" PRIu64 " exactness mismatches\n", type, r.checked,
              r.mismatches);
  bool ok = r.mismatches == 0;
  ok &= line("elu forward, alpha = 1", r.forward_unit, unit.forward);
  ok &= line("elu forward, alpha = 1.6733", r.forward_alpha, scaled.forward);
  ok &= line("elu backward (from input), alpha = 1", r.backward_unit, unit.backward);
  ok &= line("elu backward (from input), alpha = 1.6733", r.backward_alpha, scaled.backward);
  return ok;
}

} // namespace

int main(int argc, char** argv) {
  std::uint64_t stride = 251;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--stride" && i + 1 < argc) {
      stride = std::max<std::uint64_t>(1, std::stoull(argv[++i]));
    } else if (arg == "--check") {
      check = true;
    } else {
      std::fprintf(stderr, "usage: %s [--stride N] [--check]\n", argv[0]);
      return 2;
    }
  }
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::printf("simdact ulp sweep: float stride %" PRIu64 " (%s), %zu lanes per batch\n", stride,
              stride == 1 ? "all 2^32 inputs" : "subset",
              simdact::detail::native_batch<float>::size);
  const bool float_ok = report<float>("float", sweep_floats(stride, threads));
  const bool double_ok = report<double>("double",
                                        sweep_doubles(stride == 1 ? (1u << 26) : (1u << 20)));
  if (check && !(float_ok && double_ok)) {
    std::printf("FAILED: a bound was exceeded\n");
    return 1;
  }
  return 0;
}
