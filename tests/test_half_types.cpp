// bfloat16 and float16: the scalar conversions and the batch conversions of every instruction
// set built, against the reference in half_reference.hpp, for all 65,536 encodings and for
// floats on and next to every value and every halfway point between neighbours.

#include "catch.hpp"
#include "half_reference.hpp"

#include <simdact/detail/half_convert.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using simdact::bfloat16;
using simdact::float16;
using simdact_test::decode_ref;
using simdact_test::rounds_to;

std::uint32_t bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float from_bits32(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// Floats at and around every finite value of H and every midpoint between neighbours, plus
// signed zeros, float subnormals, infinities, NaNs with assorted payloads and random floats.
template <class H> const std::vector<float>& probe_floats() {
  static const std::vector<float> probes = [] {
    std::vector<float> v;
    for (std::uint32_t b = 0; b < 0x10000; ++b) {
      const long double x = decode_ref<H>(static_cast<std::uint16_t>(b));
      if (std::isnan(x)) {
        continue;
      }
      const long double next = decode_ref<H>(static_cast<std::uint16_t>(b + 1));
      std::vector<float> centres{static_cast<float>(x)};
      if ((b & 0x7fff) != 0x7fff && !std::isnan(next) && !std::isinf(x)) {
        // The midpoint of same-signed neighbours; exact in float for both formats. Past the
        // largest finite value, it is the overflow threshold.
        const long double mid = std::isinf(next)
                                    ? x + (x - decode_ref<H>(static_cast<std::uint16_t>(b - 1))) / 2
                                    : (x + next) / 2;
        centres.push_back(static_cast<float>(mid));
      }
      for (float c : centres) {
        std::uint32_t u = bits(c);
        for (int d = -3; d <= 3; ++d) {
          const std::uint32_t w = u + static_cast<std::uint32_t>(d);
          if ((w ^ u) >> 31 == 0) { // same sign
            v.push_back(from_bits32(w));
          }
        }
      }
    }
    for (std::uint32_t u :
         {0x00000000u, 0x80000000u, 0x00000001u, 0x807fffffu, 0x00400000u, 0x7f800000u, 0xff800000u,
          0x7f800001u, 0xff800001u, 0x7fc00000u, 0xffc00000u, 0x7fffffffu, 0xffffffffu, 0x7f80ffffu,
          0x7fbfffffu, 0x7f801fffu, 0x7f802000u, 0xff812345u}) {
      v.push_back(from_bits32(u));
    }
    std::mt19937 rng(18);
    for (int i = 0; i < 200000; ++i) {
      v.push_back(from_bits32(static_cast<std::uint32_t>(rng())));
    }
    return v;
  }();
  return probes;
}

// The NaN a float NaN becomes: sign and the upper payload kept, quiet bit set.
template <class H> std::uint16_t nan_ref(float f) {
  const std::uint32_t u = bits(f);
  if constexpr (std::is_same_v<H, bfloat16>) {
    return static_cast<std::uint16_t>((u >> 16) | 0x40u);
  } else {
    return static_cast<std::uint16_t>(((u >> 16) & 0x8000u) | 0x7e00u | ((u >> 13) & 0x3ffu));
  }
}

template <class H> bool narrows_right(float f, std::uint16_t got) {
  return std::isnan(f) ? got == nan_ref<H>(f) : rounds_to<H>(got, f);
}

// CHECK only what fails: millions of passing assertions would cost seconds per build.
#define SIMDACT_EXPECT(...)                                                                        \
  do {                                                                                             \
    if (!(__VA_ARGS__)) {                                                                          \
      INFO(where());                                                                               \
      CHECK(__VA_ARGS__);                                                                          \
      ++failures;                                                                                  \
    }                                                                                              \
  } while (false)

template <class H> void check_scalar() {
  std::size_t failures = 0;
  for (std::uint32_t b = 0; b < 0x10000; ++b) {
    const auto h = static_cast<std::uint16_t>(b);
    const auto f = static_cast<float>(H::from_bits(h));
    const long double want = decode_ref<H>(h);
    const auto where = [&] {
      std::ostringstream o;
      o << simdact_test::format<H>::name << " bits 0x" << std::hex << b;
      return o.str();
    };
    SIMDACT_EXPECT(H::from_bits(h).to_bits() == h);
    if (std::isnan(want)) {
      // Widening keeps the payload (float16 sets the quiet bit, as conversion instructions
      // do); narrowing it back sets the quiet bit.
      SIMDACT_EXPECT(std::isnan(f));
      if constexpr (std::is_same_v<H, bfloat16>) {
        SIMDACT_EXPECT(bits(f) == std::uint32_t(b) << 16);
      } else {
        SIMDACT_EXPECT(bits(f) == (((b & 0x8000u) << 16) | 0x7fc00000u | ((b & 0x3ffu) << 13)));
      }
      SIMDACT_EXPECT(std::signbit(f) == ((b & 0x8000) != 0));
      SIMDACT_EXPECT(H(f).to_bits() == nan_ref<H>(f));
      SIMDACT_EXPECT(H(f).to_bits() == (std::is_same_v<H, bfloat16> ? (h | 0x40) : (h | 0x200)));
    } else {
      SIMDACT_EXPECT(static_cast<long double>(f) == want);
      SIMDACT_EXPECT(std::signbit(f) == std::signbit(want));
      SIMDACT_EXPECT(H(f).to_bits() == h); // round trip
    }
  }
  for (float f : probe_floats<H>()) {
    const auto where = [&] {
      std::ostringstream o;
      o << simdact_test::format<H>::name << " from float bits 0x" << std::hex << bits(f);
      return o.str();
    };
    SIMDACT_EXPECT(narrows_right<H>(f, H(f).to_bits()));
  }
  REQUIRE(failures == 0);
}

// The batch conversions of architecture A, whole batches and partial ones, against the above.
template <class H, class A> void check_batches() {
  using B = xsimd::batch<float, A>;
  std::size_t failures = 0;
  constexpr std::size_t L = B::size;
  std::vector<std::uint16_t> all(0x10000);
  for (std::uint32_t b = 0; b < 0x10000; ++b) {
    all[b] = static_cast<std::uint16_t>(b);
  }
  alignas(64) float lanes[L];
  for (std::size_t i = 0; i < all.size(); i += L) {
    simdact::detail::widen<A>(reinterpret_cast<const H*>(all.data() + i)).store_aligned(lanes);
    for (std::size_t j = 0; j < L; ++j) {
      const auto want = static_cast<float>(H::from_bits(all[i + j]));
      const auto where = [&] {
        std::ostringstream o;
        o << simdact_test::format<H>::name << " widen bits 0x" << std::hex << all[i + j];
        return o.str();
      };
      SIMDACT_EXPECT(bits(lanes[j]) == bits(want)); // NaN payloads too
    }
  }
  std::vector<float> probes = probe_floats<H>();
  probes.resize(probes.size() / L * L);
  std::vector<std::uint16_t> out(probes.size() + 1, 0xdead);
  for (std::size_t i = 0; i < probes.size(); i += L) {
    simdact::detail::narrow<A>(reinterpret_cast<H*>(out.data() + i), B::load_unaligned(&probes[i]));
  }
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto where = [&] {
      std::ostringstream o;
      o << simdact_test::format<H>::name << " narrow float bits 0x" << std::hex << bits(probes[i]);
      return o.str();
    };
    SIMDACT_EXPECT(out[i] == H(probes[i]).to_bits());
  }
  REQUIRE(out.back() == 0xdead);
  // Partial batches touch exactly n elements.
  for (std::size_t n = 0; n < L; ++n) {
    const auto where = [&] { return "partial batch of " + std::to_string(n); };
    std::vector<std::uint16_t> in(L + 2, 0x3f80), dst(L + 2, 0xbeef);
    for (std::size_t j = 0; j < n; ++j) {
      in[1 + j] = static_cast<std::uint16_t>(0x4000 + j);
    }
    const B x = simdact::detail::widen_partial<A>(reinterpret_cast<const H*>(in.data() + 1), n);
    x.store_aligned(lanes);
    for (std::size_t j = 0; j < L; ++j) {
      SIMDACT_EXPECT(lanes[j] == (j < n ? static_cast<float>(H::from_bits(in[1 + j])) : 0.0f));
    }
    simdact::detail::narrow_partial<A>(reinterpret_cast<H*>(dst.data() + 1), x, n);
    SIMDACT_EXPECT(dst[0] == 0xbeef);
    for (std::size_t j = 0; j < n; ++j) {
      SIMDACT_EXPECT(dst[1 + j] == in[1 + j]);
    }
    SIMDACT_EXPECT(dst[1 + n] == 0xbeef);
  }
  REQUIRE(failures == 0);
}

// The pair conversions of architecture A (2L values through two batches, in an order of their
// own): the order, learnt from widen_pair, is a permutation that narrow_pair undoes, and every
// value converts as the scalar conversions do.
template <class H, class A> void check_pairs() {
  using B = xsimd::batch<float, A>;
  constexpr std::size_t L = B::size;
  std::size_t failures = 0;
  const auto where = [] { return std::string(simdact_test::format<H>::name) + " pairs"; };
  // place[k]: the position in memory of lane k of first (k < L) or of second (k - L).
  std::size_t place[2 * L];
  {
    H counting[2 * L];
    for (std::size_t j = 0; j < 2 * L; ++j) {
      counting[j] = H(static_cast<float>(j + 1));
    }
    const auto pair = simdact::detail::widen_pair<A>(counting);
    alignas(64) float lanes[2 * L];
    pair.first.store_aligned(lanes);
    pair.second.store_aligned(lanes + L);
    bool seen[2 * L] = {};
    for (std::size_t k = 0; k < 2 * L; ++k) {
      const float v = lanes[k];
      REQUIRE((v >= 1 && v <= static_cast<float>(2 * L) && v == std::floor(v)));
      place[k] = static_cast<std::size_t>(v) - 1;
      REQUIRE(!seen[place[k]]);
      seen[place[k]] = true;
    }
  }
  alignas(64) float lanes[2 * L];
  for (std::uint32_t b = 0; b < 0x10000; b += 2 * L) {
    std::uint16_t h[2 * L];
    for (std::size_t j = 0; j < 2 * L; ++j) {
      h[j] = static_cast<std::uint16_t>(b + j);
    }
    const auto pair = simdact::detail::widen_pair<A>(reinterpret_cast<const H*>(h));
    pair.first.store_aligned(lanes);
    pair.second.store_aligned(lanes + L);
    for (std::size_t k = 0; k < 2 * L; ++k) {
      SIMDACT_EXPECT(bits(lanes[k]) == bits(static_cast<float>(H::from_bits(h[place[k]]))));
    }
  }
  const std::vector<float>& probes = probe_floats<H>();
  std::vector<std::uint16_t> out(2 * L + 1);
  for (std::size_t i = 0; i + 2 * L <= probes.size(); i += 2 * L) {
    for (std::size_t k = 0; k < 2 * L; ++k) {
      lanes[k] = probes[i + place[k]];
    }
    out.back() = 0xdead;
    simdact::detail::narrow_pair<A>(reinterpret_cast<H*>(out.data()), B::load_aligned(lanes),
                                    B::load_aligned(lanes + L));
    for (std::size_t j = 0; j < 2 * L; ++j) {
      SIMDACT_EXPECT(out[j] == H(probes[i + j]).to_bits());
    }
    SIMDACT_EXPECT(out.back() == 0xdead);
  }
  REQUIRE(failures == 0);
}

} // namespace

TEST_CASE("bfloat16 and float16 round to nearest even, widen exactly", "[half]") {
  check_scalar<bfloat16>();
  check_scalar<float16>();
}

TEST_CASE("batch conversions give the scalar conversions' bits", "[half]") {
  check_batches<bfloat16, xsimd::default_arch>();
  check_batches<float16, xsimd::default_arch>();
#if XSIMD_WITH_SSE2
  check_batches<bfloat16, xsimd::sse2>(); // the integer path, whatever the build
  check_batches<float16, xsimd::sse2>();
#endif
}

TEST_CASE("pair conversions give the scalar conversions' bits", "[half]") {
  check_pairs<bfloat16, xsimd::default_arch>();
  check_pairs<float16, xsimd::default_arch>();
#if XSIMD_WITH_SSE2
  check_pairs<bfloat16, xsimd::sse2>();
  check_pairs<float16, xsimd::sse2>();
#endif
}
