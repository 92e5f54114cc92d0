#pragma once

// The accuracy every ELU implementation in the suite has, measured in the run that times it:
// its largest error over a fixed sample of inputs, in the tests' ulp metric (tests/reference.hpp:
// distance to the exact long double value, in units of the type's spacing there). It goes into
// the benchmark JSON's context as "max_ulp/<implementation>/<type>/elu.forward", with the input
// it occurs at ("worst_x/...") and the share of inputs more than 1 ulp off ("over_1ulp/...", in
// percent), so report.py can print each implementation's accuracy beside its speed.

#include "bench_data.hpp"
#include "reference.hpp"

#include <benchmark/benchmark.h>

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

} // namespace simdact_bench
