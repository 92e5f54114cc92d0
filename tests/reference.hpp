#pragma once

// Independent references for the tests: plain formulas, long double maths, ulp distances.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace simdact_test {

// Distance from got to the exact value ref, in units of T's spacing at ref (subnormal spacing
// below the normal range). NaN against NaN is 0; NaN against a number is infinite.
template <class T> long double ulp_error(T got, long double ref) {
  if (std::isnan(ref) || std::isnan(got)) {
    return std::isnan(ref) && std::isnan(got) ? 0.0L : std::numeric_limits<long double>::infinity();
  }
  if (std::isinf(ref) || std::isinf(got)) {
    return static_cast<long double>(got) == ref ? 0.0L
                                                : std::numeric_limits<long double>::infinity();
  }
  int exponent = 0;
  std::frexp(ref, &exponent);
  const int digits = std::numeric_limits<T>::digits;
  const int lowest = std::numeric_limits<T>::min_exponent - digits; // exponent of denorm_min
  const long double ulp = std::ldexp(1.0L, std::max(exponent - digits, lowest));
  return std::fabs(static_cast<long double>(got) - ref) / ulp;
}

// Bitwise equality, except that any NaN equals any NaN.
template <class T> bool same(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b);
  }
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// The PyTorch formulas, written out plainly.
template <class T> T relu_ref(T x) { return std::isnan(x) ? x : (x < T(0) ? T(0) : x); }
template <class T> T relu_grad_ref(T x, T dy) { return x <= T(0) ? T(0) : dy; }
template <class T> T leaky_ref(T x, T slope) { return x > T(0) ? x : x * slope; }
template <class T> T leaky_grad_ref(T x, T dy, T slope) { return x > T(0) ? dy : dy * slope; }
template <class T> T prelu_dw_term_ref(T x, T dy) { return x > T(0) ? T(0) : x * dy; }
inline long double elu_ref(long double x, long double alpha) {
  return x > 0 ? x : alpha * std::expm1(x);
}
inline long double elu_grad_ref(long double x, long double dy, long double alpha) {
  return x > 0 ? dy : dy * alpha * std::exp(x);
}

// Values that tend to break activation kernels, in both signs.
template <class T> std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> v{T(0),         T(1),     T(0.5),        L::min(),       L::denorm_min(),
                   L::min() / 3, L::max(), L::infinity(), L::quiet_NaN(), L::epsilon(),
                   T(1e-7),      T(1e-3),  T(0.3465),     T(0.3467),      T(0.7),
                   T(1.5),       T(10),    T(17.3),       T(30),          T(87.0),
                   T(87.5),      T(88.8),  T(103.9),      T(104.5),       T(200),
                   T(708.5),     T(745.2), T(800)};
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) {
    v.push_back(-v[i]);
  }
  return v;
}

// Random inputs: mostly a wide spread of magnitudes, salted with special values.
template <class T> std::vector<T> random_inputs(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<T> uniform(T(-8), T(8));
  std::uniform_real_distribution<double> log_scale(-40.0, 3.0);
  const auto specials = special_values<T>();
  std::vector<T> v(n);
  for (auto& x : v) {
    switch (rng() % 4) {
    case 0:
      x = uniform(rng);
      break;
    case 1:
      x = static_cast<T>((rng() % 2 ? 1 : -1) * std::pow(10.0, log_scale(rng)));
      break;
    case 2:
      x = specials[rng() % specials.size()];
      break;
    default:
      x = static_cast<T>(uniform(rng) * 12);
    }
  }
  return v;
}

} // namespace simdact_test
