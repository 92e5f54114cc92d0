#pragma once

// PReLU on bfloat16 and float16 storage: the float kernels (prelu_kernel.hpp) run on chunks
// widened into float buffers, each chunk a layout of its own (whole rows, whole channel runs of
// a row, or pieces of one long run), and the results are rounded once into the 16-bit arrays.
// Overloads of prelu_forward and prelu_backward. dweight is summed in double over the chunks'
// float sums and rounded once.

#include "../prelu.hpp"
#include "half_convert.hpp"
#include "half_kernel.hpp"
#include "prelu_kernel.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

namespace simdact::detail {

inline constexpr std::size_t half_chunk = 4096; // floats per buffer: three fit in L1

// Calls chunk(offset, sub_layout, first_channel) for pieces of at most half_chunk elements that
// together cover the layout once, in order.
template <class Chunk> void for_each_chunk(const channel_layout& layout, const Chunk& chunk) {
  const auto [outer, channels, inner] = layout;
  const std::size_t row = channels * inner;
  if (row <= half_chunk) {
    const std::size_t rows = half_chunk / row;
    for (std::size_t o = 0; o < outer; o += rows) {
      chunk(o * row, channel_layout{std::min(rows, outer - o), channels, inner}, std::size_t{0});
    }
  } else if (inner <= half_chunk) {
    const std::size_t runs = half_chunk / inner;
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; c += runs) {
        chunk(o * row + c * inner, channel_layout{1, std::min(runs, channels - c), inner}, c);
      }
    }
  } else {
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t i = 0; i < inner; i += half_chunk) {
          chunk(o * row + c * inner + i, channel_layout{1, 1, std::min(half_chunk, inner - i)}, c);
        }
      }
    }
  }
}

template <class Isa, class H> std::vector<float> widened_slopes(const prelu<H>& act) {
  std::vector<float> w(act.layout.channels);
  widen_array<Isa>(act.weight, w.data(), w.size());
  return w;
}

template <class Isa, class H> void prelu_forward_half(const prelu<H>& act, const H* x, H* y) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) {
    return; // and the weights may be null
  }
  const std::vector<float> w = widened_slopes<Isa>(act);
  std::vector<float> buffer(half_chunk);
  for_each_chunk(act.layout, [&](std::size_t at, const channel_layout& layout, std::size_t c) {
    const std::size_t n = layout.outer * layout.channels * layout.inner;
    widen_array<Isa>(x + at, buffer.data(), n);
    prelu_forward<Isa>(prelu<float>{w.data() + c, layout}, buffer.data(), buffer.data());
    narrow_array<Isa>(buffer.data(), y + at, n);
  });
}

template <class Isa, class H>
void prelu_backward_half(const prelu<H>& act, const H* x, const H* dy, H* dx, H* dweight) {
  const auto [outer, channels, inner] = act.layout;
  if (outer * channels * inner == 0) { // nothing to read, and the weights may be null
    const H zero(0.0f);
    for (std::size_t k = 0; dweight != nullptr && k < channels; ++k) {
      std::memcpy(dweight + k, &zero, sizeof zero); // see bfloat16.hpp: no H lvalues
    }
    return;
  }
  const std::vector<float> w = widened_slopes<Isa>(
      act); // before dweight, which may alias the weights
  std::vector<float> xs(half_chunk), dys(half_chunk), dws(channels);
  std::vector<double> sums(channels, 0.0);
  for_each_chunk(act.layout, [&](std::size_t at, const channel_layout& layout, std::size_t c) {
    const std::size_t n = layout.outer * layout.channels * layout.inner;
    widen_array<Isa>(x + at, xs.data(), n);
    widen_array<Isa>(dy + at, dys.data(), n);
    prelu_backward<Isa>(prelu<float>{w.data() + c, layout}, xs.data(), dys.data(), dys.data(),
                        dws.data());
    narrow_array<Isa>(dys.data(), dx + at, n);
    for (std::size_t k = 0; k < layout.channels; ++k) {
      sums[c + k] += static_cast<double>(dws[k]);
    }
  });
  for (std::size_t k = 0; k < channels; ++k) {
    const H sum(round_to_odd(sums[k])); // rounds once, as sums[k] itself would
    std::memcpy(dweight + k, &sum, sizeof sum);
  }
}

// The 16-bit overloads, chosen over prelu_kernel.hpp's templates as more specialized.
template <class Isa>
void prelu_forward(const prelu<bfloat16>& act, const bfloat16* x, bfloat16* y) {
  prelu_forward_half<Isa>(act, x, y);
}
template <class Isa> void prelu_forward(const prelu<float16>& act, const float16* x, float16* y) {
  prelu_forward_half<Isa>(act, x, y);
}
template <class Isa>
void prelu_backward(const prelu<bfloat16>& act, const bfloat16* x, const bfloat16* dy, bfloat16* dx,
                    bfloat16* dweight) {
  prelu_backward_half<Isa>(act, x, dy, dx, dweight);
}
template <class Isa>
void prelu_backward(const prelu<float16>& act, const float16* x, const float16* dy, float16* dx,
                    float16* dweight) {
  prelu_backward_half<Isa>(act, x, dy, dx, dweight);
}

} // namespace simdact::detail
