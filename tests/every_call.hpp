#pragma once

// Every array-level function, for float, double, bfloat16 and float16, on fixed inputs that reach
// every kernel (full batches and tails, each PReLU layout shape, slopes inside and outside (0, 1],
// alpha 1 and not; every bit pattern of the 16-bit types), with all results appended to one byte
// string: two programs agree bit for bit (but for
// the sign and payload of NaNs) when their strings do. Through `api` (api.hpp), so the header-only
// and the dispatched builds run the very same calls.

#include "api.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace simdact_test {
namespace { // each program's copy is its own, compiled with that file's flags

// What the activations on T take their parameters in and compute in: float for the 16-bit types.
template <class T> using value_t = typename simdact::relu<T>::value_type;
template <class T> T value(double v) { return T(static_cast<value_t<T>>(v)); }

// Inputs of every magnitude and sign, with the special values among them; for the 16-bit types
// every bit pattern, in an order the seed picks. (Not reference.hpp's: its functions are inline,
// so one of the copies built with different flags would serve all.)
template <class T> std::vector<T> inputs(std::size_t n, std::uint32_t seed) {
  std::vector<T> v(n);
  if constexpr (sizeof(T) == 2) {
    for (std::size_t i = 0; i < n; ++i) { // an odd step: each run of 65,536 is a permutation
      v[i] = T::from_bits(static_cast<std::uint16_t>(i * 40503u + seed * 7919u));
    }
  } else {
    using L = std::numeric_limits<T>;
    const T specials[] = {T(0),           T(-0.0),         L::infinity(), -L::infinity(),
                          L::quiet_NaN(), L::denorm_min(), -L::min(),     T(-1e-7)};
    std::uint32_t state = seed;
    for (std::size_t i = 0; i < n; ++i) {
      state = state * 1664525u + 1013904223u;
      const T unit = T(state >> 8) / T(1 << 24); // [0, 1)
      v[i] = i % 5 == 4 ? specials[(state >> 4) % 8]
                        : (unit - T(0.7)) * T(state % 3 == 0 ? 200 : 6);
    }
  }
  return v;
}

// Appends v's bytes, every NaN as the same quiet NaN: which NaN a sum of NaNs keeps depends on
// the order of its operands, which the compiler may swap (the tests' same() ignores it too).
template <class T> void append(std::string& out, std::vector<T> v) {
  using V = value_t<T>;
  for (T& e : v) {
    if (V(e) != V(e)) {
      e = T(std::numeric_limits<V>::quiet_NaN());
    }
  }
  const std::size_t at = out.size();
  out.resize(at + v.size() * sizeof(T));
  std::memcpy(&out[at], v.data(), v.size() * sizeof(T));
}

template <class T> void elementwise_calls(std::string& out) {
  // Batches of every width, then a tail; for the 16-bit types every input.
  const std::size_t n = (sizeof(T) == 2 ? 65536 : 1000) + 37;
  const std::vector<T> x = inputs<T>(n, 7);
  const std::vector<T> dy = inputs<T>(n, 8);
  std::vector<T> y(n), dx(n), dx_out(n);
  auto run = [&](const auto& act) {
    api::forward(act, x, y);
    api::backward(act, x, dy, dx);
    api::backward_from_output(act, y.data(), dy.data(), dx_out.data(), n);
    append(out, y);
    append(out, dx);
    append(out, dx_out);
    api::forward(act, x.data(), y.data(), n - 1);
    api::backward(act, x.data(), dy.data(), dx.data(), n - 1);
    append(out, y);
    append(out, dx);
  };
  run(simdact::relu<T>{});
  run(simdact::leaky_relu<T>{value_t<T>(0.01)});
  run(simdact::leaky_relu<T>{value_t<T>(1.5)});
  run(simdact::elu<T>{});
  run(simdact::elu<T>{value_t<T>(0.5)});
}

template <class T> void prelu_calls(std::string& out) {
  // NCHW with long runs, runs of whole batches and not; NHWC; NC; one shared slope; one row of
  // short runs.
  const simdact::channel_layout layouts[] = {{2, 3, 700}, {4, 5, 64}, {3, 4, 37},
                                             {50, 16, 1}, {33, 7, 1}, {40, 3, 1},
                                             {1, 1, 999}, {1, 64, 5}, {9, 5, 3}};
  const std::vector<T> all_shallow = {value<T>(0.25), value<T>(0.5), value<T>(1), value<T>(0.01),
                                      value<T>(0.125)};
  const std::vector<T> some_steep = {value<T>(0.25), value<T>(1.5), value<T>(-0.5), value<T>(0),
                                     value<T>(0.75)};
  for (const auto& layout : layouts) {
    const std::size_t n = layout.outer * layout.channels * layout.inner;
    const std::vector<T> x = inputs<T>(n, 9);
    const std::vector<T> dy = inputs<T>(n, 10);
    for (const auto* slopes : {&all_shallow, &some_steep}) {
      std::vector<T> w(layout.channels);
      for (std::size_t c = 0; c < w.size(); ++c) {
        w[c] = (*slopes)[c % slopes->size()];
      }
      const simdact::prelu<T> act{w.data(), layout};
      std::vector<T> y(n), dx(n), dw(layout.channels);
      api::forward(act, x, y);
      append(out, y);
      api::backward(act, x, dy, dx, dw);
      append(out, dx);
      append(out, dw);
      api::forward(act, x.data(), y.data(), n);
      api::backward(act, x.data(), dy.data(), dx.data(), dw.data(), n);
      append(out, y);
      append(out, dx);
      append(out, dw);
    }
  }
}

template <class... T> std::string calls_on() {
  std::string out;
  (elementwise_calls<T>(out), ...);
  (prelu_calls<T>(out), ...);
  return out;
}

std::string every_call() { return calls_on<float, double, simdact::bfloat16, simdact::float16>(); }

} // namespace
} // namespace simdact_test
