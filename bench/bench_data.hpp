#pragma once

// Buffers and inputs shared by every benchmark row: page-aligned arrays filled with realistic
// activations (normal spread, clamped to [-8, 8]) and gradients (standard normal). Inputs are
// generated once per (type, size) and reused read-only, so setup never dominates the run.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <random>
#include <string>

namespace simdact_bench {

// Every array starts on a page boundary, so that all of them sit at the same offset modulo 4 KiB.
// At other offsets a store and a later load of another array can share address bits 0-11, and
// the load waits for the store ("4K aliasing"): with dx 64 bytes past x modulo 4 KiB, relu
// backward at 2^12 took 455 ns instead of 158. Which rows got hit depended on where malloc put
// each buffer.
inline constexpr std::size_t alignment = 4096;
inline constexpr std::size_t prelu_channels = 64;

template <class T> constexpr const char* type_name() { return sizeof(T) == 4 ? "f32" : "f64"; }

// A zero-filled array on its own page-aligned allocation. Filling it also faults its pages in,
// so no page fault lands inside a timed loop.
template <class T> class buffer {
public:
  explicit buffer(std::size_t n) : n_(n) {
    const std::size_t bytes = (n * sizeof(T) + alignment - 1) / alignment * alignment;
    data_.reset(static_cast<T*>(std::aligned_alloc(alignment, bytes)));
    if (!data_) {
      throw std::bad_alloc();
    }
    std::fill(data_.get(), data_.get() + n, T(0));
  }
  T* data() noexcept { return data_.get(); }
  const T* data() const noexcept { return data_.get(); }
  std::size_t size() const noexcept { return n_; }

private:
  struct release {
    void operator()(T* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<T[], release> data_;
  std::size_t n_;
};

template <class T> struct inputs {
  buffer<T> x;      // pre-activations: sigma 2.5, clamped to [-8, 8], both branches well mixed
  buffer<T> dy;     // upstream gradients: standard normal
  buffer<T> weight; // prelu slopes, one per channel, around PyTorch's initial 0.25
  buffer<T> inverse_weight; // 1 / weight
};

// The inputs for n elements, made once per size and kept: run.sh interleaves the rows of every
// size in random order, and remaking 2^24-element arrays at each switch would dominate the run
// (all sizes together hold about 400 MiB).
template <class T> const inputs<T>& shared_inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<inputs<T>>> cache;
  std::unique_ptr<inputs<T>>& cached = cache[n];
  if (!cached) {
    cached = std::make_unique<inputs<T>>(inputs<T>{
        buffer<T>(n), buffer<T>(n), buffer<T>(prelu_channels), buffer<T>(prelu_channels)});
    std::mt19937_64 random(n); // fixed seed: every run and every binary sees the same data
    std::normal_distribution<T> activation(T(0), T(2.5));
    std::normal_distribution<T> gradient(T(0), T(1));
    std::uniform_real_distribution<T> slope(T(0.05), T(0.45));
    for (std::size_t i = 0; i < n; ++i) {
      cached->x.data()[i] = std::clamp(activation(random), T(-8), T(8));
      cached->dy.data()[i] = gradient(random);
    }
    std::generate_n(cached->weight.data(), prelu_channels, [&] { return slope(random); });
    std::transform(cached->weight.data(), cached->weight.data() + prelu_channels,
                   cached->inverse_weight.data(), [](T w) { return T(1) / w; });
  }
  return *cached;
}

// Row names are "<implementation>/<type>/<op>/<n>", e.g. "simdact/f32/elu.forward/4096" or
// "roofline/f64/read2_write1/65536"; report.py matches rows on these four fields.
inline std::string row_name(const std::string& implementation, const char* type,
                            const std::string& op, std::size_t n) {
  return implementation + "/" + type + "/" + op + "/" + std::to_string(n);
}

} // namespace simdact_bench
