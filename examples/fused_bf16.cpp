// Fusing an activation into your own loop over bfloat16 data.
//
// Activations stored as bfloat16 (or float16) are computed on as float: load_widened turns a
// batch of 16-bit values into a batch of floats exactly, the element-level functors of
// simdact::relu<bfloat16> and friends work on float batches, and store_narrowed rounds the result
// once, to nearest even. Here y = elu(x * scale + bias), a bias add folded into the activation,
// in one pass over 2-byte elements.
//
// The program checks the fused loop against the same steps one element at a time (the scalar
// functor computes what a batch lane does), for lengths that cover every tail size.

#include <simdact/simdact.hpp>

#include <xsimd/xsimd.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using simdact::bfloat16;

template <class Act>
void affine_activation(const Act& act, const bfloat16* x, float scale, float bias, bfloat16* y,
                       std::size_t n) {
  using batch = xsimd::batch<float>;
  const batch scale_b(scale), bias_b(bias);
  std::size_t i = 0;
  for (; i + batch::size <= n; i += batch::size) {
    const batch t = simdact::load_widened(x + i) * scale_b + bias_b;
    simdact::store_narrowed(y + i, act(t));
  }
  if (i < n) { // the tail as one partial batch: nothing past x + n is read, or y + n written
    const batch t = simdact::load_widened(x + i, n - i) * scale_b + bias_b;
    simdact::store_narrowed(y + i, act(t), n - i);
  }
}

} // namespace

int main() {
  const simdact::elu<bfloat16> act{}; // its functors take float and xsimd::batch<float>
  const float scale = 1.75f, bias = -0.5f;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  for (std::size_t n = 0; n < 100; ++n) {
    std::vector<bfloat16> x(n), y(n + 1, bfloat16(42.0f));
    for (auto& v : x) {
      v = bfloat16(normal(rng));
    }
    affine_activation(act, x.data(), scale, bias, y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const bfloat16 want(act(static_cast<float>(x[i]) * scale + bias));
      if (y[i].to_bits() != want.to_bits()) {
        std::printf("n = %zu, element %zu: got %g, want %g\n", n, i,
                    static_cast<double>(float(y[i])), static_cast<double>(float(want)));
        return EXIT_FAILURE;
      }
    }
    if (y[n].to_bits() != bfloat16(42.0f).to_bits()) {
      std::printf("n = %zu: wrote past the end\n", n);
      return EXIT_FAILURE;
    }
  }
  std::printf("fused bfloat16 elu(x * %g + %g): same bits as element by element\n",
              static_cast<double>(scale), static_cast<double>(bias));
  return EXIT_SUCCESS;
}
