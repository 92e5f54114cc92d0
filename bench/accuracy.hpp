#pragma once

// The accuracy every ELU implementation in the suite has, measured in the run that times it:
// its largest error over a fixed sample of inputs, in the tests' ulp metric (tests/reference.hpp:
// distance to the exact long double value, in units of the type's spacing there). It goes into
// the benchmark JSON's context as "max_ulp/<implementation>/<type>/elu.forward", with the input
// it occurs at ("worst_x/...") and the share of inputs more than 1 ulp off ("over_1ulp/...", in
// percent), so report.py can print each implementation's accuracy beside its speed.
//
// On 16-bit storage every input is checked: record_half_accuracy runs an op over all 65,536
// encodings and records "wrong/...", the inputs whose output is not the correct rounding of the
// reference value, and "max_ulp/..." in the 16-bit type's ulps (tests/half_reference.hpp).

#include "bench_data.hpp"
#include "half_reference.hpp"
#include "reference.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace simdact_bench {

// Every negative float down to -104 (where expm1 is -1 to the last bit) at a fixed stride over
// the bit patterns, i.e. even over the exponents: about a million inputs, two thirds of them
// near zero, where an expm1 built on exp loses most. Doubles likewise, down to -746.
template <class T> std::vector<T> elu_accuracy_inputs() {
  using bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const T lowest = sizeof(T) == 4 ? T(-104) : T(-746);
  bits first = 0;
  bits last = 0;
  const T negative_zero = T(-0.0);
  std::memcpy(&first, &negative_zero, sizeof(T));
  std::memcpy(&last, &lowest, sizeof(T));
  const bits stride = (last - first) / bits{1'000'003};
  std::vector<T> inputs;
  for (bits b = first + 1; b <= last; b += stride) {
    T x;
    std::memcpy(&x, &b, sizeof(T));
    inputs.push_back(x);
  }
  for (const T x : {T(0), T(1e-30), T(0.5), T(1), T(100)}) { // and the identity branch
    inputs.push_back(x);
  }
  return inputs;
}

struct elu_errors {
  long double worst = 0; // ulps
  double worst_x = 0;
  double over_1ulp = 0; // share of the inputs, in percent
};

template <class T>
elu_errors elu_accuracy(const std::function<void(const T* x, T* y, std::size_t n)>& elu,
                        const std::vector<T>& inputs) {
  std::vector<T> outputs(inputs.size());
  elu(inputs.data(), outputs.data(), inputs.size());
  long double worst = 0;
  T worst_x = 0;
  std::size_t over_1ulp = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const long double x = inputs[i];
    const long double error = simdact_test::ulp_error(outputs[i], x > 0 ? x : std::expm1(x));
    over_1ulp += error > 1 ? 1 : 0;
    if (error > worst) {
      worst = error;
      worst_x = inputs[i];
    }
  }
  return {worst, static_cast<double>(worst_x),
          100.0 * static_cast<double>(over_1ulp) / static_cast<double>(inputs.size())};
}

// Runs elu (y = elu(x), alpha = 1, over n elements) on the sample above and on the inputs the
// benchmark times (shared_inputs: activations of spread 2.5 in [-8, 8]) and records both in the
// run's context: "<what>/<implementation>/<type>/elu.forward" with <what> max_ulp, worst_x and
// over_1ulp for the sample, bench_max_ulp for the benchmark's inputs.
template <class T>
void record_elu_accuracy(const std::string& implementation,
                         const std::function<void(const T* x, T* y, std::size_t n)>& elu) {
  static const std::vector<T> sample = elu_accuracy_inputs<T>();
  const buffer<T>& timed = shared_inputs<T>(std::size_t{1} << 16).x;
  const elu_errors all = elu_accuracy(elu, sample);
  const elu_errors typical = elu_accuracy(
      elu, std::vector<T>(timed.data(), timed.data() + timed.size()));
  const std::string key = implementation + "/" + type_name<T>() + "/elu.forward";
  char text[64];
  std::snprintf(text, sizeof text, "%.3Lf", all.worst);
  benchmark::AddCustomContext("max_ulp/" + key, text);
  std::snprintf(text, sizeof text, "%.9g", all.worst_x);
  benchmark::AddCustomContext("worst_x/" + key, text);
  std::snprintf(text, sizeof text, "%.4f", all.over_1ulp);
  benchmark::AddCustomContext("over_1ulp/" + key, text);
  std::snprintf(text, sizeof text, "%.3Lf", typical.worst);
  benchmark::AddCustomContext("bench_max_ulp/" + key, text);
}

// Every 16-bit encoding, in order: NaNs, infinities, zeros and subnormals of both signs included.
template <class H> std::vector<H> all_half_inputs() {
  std::vector<H> inputs(std::size_t{1} << 16);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    inputs[i] = H::from_bits(static_cast<std::uint16_t>(i));
  }
  return inputs;
}

// Runs op (y = op(x) over n elements) on all 65,536 inputs of H and records, under
// "<what>/<implementation>/<type>/<op name>": wrong, how many outputs are not the correct
// rounding to H of exact(x, i) (the reference value of input i; NaN must give NaN, zeros keep
// their sign); max_ulp, the largest distance to it in ulps of H; worst_x, the input of the
// largest error (or of the first wrong output when all are within 0 ulp, e.g. a zero's sign);
// wrong_where, how many wrong outputs have a reference that is NaN, zero, subnormal or normal.
template <class H>
void record_half_accuracy(const std::string& implementation, const std::string& op_name,
                          const std::function<void(const H* x, H* y, std::size_t n)>& op,
                          const std::function<long double(float x, std::size_t i)>& exact) {
  static const std::vector<H> inputs = all_half_inputs<H>();
  std::vector<H> outputs(inputs.size());
  op(inputs.data(), outputs.data(), inputs.size());
  std::size_t wrong = 0;
  std::size_t wrong_by_kind[4] = {}; // where the reference is NaN, zero, subnormal in H, normal
  long double worst = 0;
  float worst_x = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const float x = static_cast<float>(inputs[i]);
    const long double want = exact(x, i);
    const std::uint16_t got = outputs[i].to_bits();
    const long double error = simdact_test::ulp_error16<H>(got, want);
    const bool is_wrong = !simdact_test::rounds_to<H>(got, want);
    if (error > worst || (is_wrong && wrong == 0 && worst == 0)) {
      worst = std::max(worst, error);
      worst_x = x;
    }
    wrong += is_wrong ? 1 : 0;
    if (is_wrong) {
      const long double smallest_normal = std::ldexp(1.0L, simdact_test::format<H>::min_exponent);
      const int kind = std::isnan(want)                    ? 0
                       : want == 0                         ? 1
                       : std::fabs(want) < smallest_normal ? 2
                                                           : 3;
      ++wrong_by_kind[kind];
    }
  }
  const std::string key = implementation + "/" + type_name<H>() + "/" + op_name;
  char text[64];
  benchmark::AddCustomContext("wrong/" + key, std::to_string(wrong));
  std::snprintf(text, sizeof text, "NaN %zu, zero %zu, subnormal %zu, normal %zu", wrong_by_kind[0],
                wrong_by_kind[1], wrong_by_kind[2], wrong_by_kind[3]);
  benchmark::AddCustomContext("wrong_where/" + key, text);
  std::snprintf(text, sizeof text, "%.3Lf", worst);
  benchmark::AddCustomContext("max_ulp/" + key, text);
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(worst_x));
  benchmark::AddCustomContext("worst_x/" + key, text);
}

// The reference values: relu and leaky_relu as PyTorch computes 16-bit storage, the float result
// of the widened input (so "wrong" counts the outputs that differ from PyTorch's); ELU the exact
// alpha * expm1(x), so "wrong" counts the outputs that are not correctly rounded; at -0 it is
// +0, as PyTorch's alpha * (exp(x) - 1) gives.
inline long double relu_exact(float x, std::size_t) { return simdact_test::relu_ref(x); }
inline std::function<long double(float, std::size_t)> leaky_relu_exact(float slope) {
  return [slope](float x, std::size_t) { return simdact_test::leaky_ref(x, slope); };
}
inline std::function<long double(float, std::size_t)> elu_exact(float alpha) {
  return [alpha](float x, std::size_t) { return x == 0 ? 0.0L : simdact_test::elu_ref(x, alpha); };
}

} // namespace simdact_bench
