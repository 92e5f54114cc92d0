// relu, leaky_relu and prelu on bfloat16 against PyTorch's bfloat16 CPU kernels, bit for bit over
// all 65,536 inputs (NaNs compared as NaNs). The expected outputs were written by
// golden/make_bf16_golden.py (PyTorch 1.13): per op, a hash of all outputs and every 61st output.

#include "catch.hpp"

#include <simdact/simdact.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using simdact::bfloat16;

constexpr std::size_t N = 0x10000;
constexpr std::size_t stride = 61;

struct golden {
  std::uint64_t hash = 0;
  std::vector<std::uint16_t> samples;
};

std::map<std::string, golden> read_golden() {
  std::ifstream in(SIMDACT_GOLDEN_BF16);
  REQUIRE(in.good());
  std::map<std::string, golden> ops;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream head(line);
    std::string name;
    golden g;
    head >> name >> std::hex >> g.hash;
    std::getline(in, line);
    std::istringstream values(line);
    unsigned v = 0;
    while (values >> std::hex >> v) {
      g.samples.push_back(static_cast<std::uint16_t>(v));
    }
    ops[name] = g;
  }
  return ops;
}

std::uint16_t canonical(bfloat16 h) {
  return std::isnan(static_cast<float>(h)) ? std::uint16_t{0x7fc0} : h.to_bits();
}

std::uint64_t fnv1a(const std::vector<bfloat16>& y) {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (bfloat16 v : y) {
    const std::uint16_t b = canonical(v);
    for (unsigned byte : {b & 0xffu, unsigned(b) >> 8}) {
      h ^= byte;
      h *= 0x100000001b3u;
    }
  }
  return h;
}

void check(const std::map<std::string, golden>& ops, const std::string& name,
           const std::vector<bfloat16>& y) {
  INFO(name);
  const auto it = ops.find(name);
  REQUIRE(it != ops.end());
  const golden& g = it->second;
  REQUIRE(g.samples.size() == (N + stride - 1) / stride);
  for (std::size_t k = 0; k < g.samples.size(); ++k) {
    INFO("input bits 0x" << std::hex << k * stride);
    REQUIRE(canonical(y[k * stride]) == g.samples[k]);
  }
  CHECK(fnv1a(y) == g.hash); // every output
}

} // namespace

TEST_CASE("relu, leaky_relu, prelu on bfloat16 match PyTorch bit for bit", "[half][golden]") {
  const auto ops = read_golden();
  std::vector<bfloat16> x(N), dy(N), y(N);
  for (std::uint32_t b = 0; b < N; ++b) {
    x[b] = bfloat16::from_bits(static_cast<std::uint16_t>(b));
    dy[b] = bfloat16::from_bits(static_cast<std::uint16_t>((b * 40503u + 12345u) & 0xffffu));
  }
  simdact::forward(simdact::relu<bfloat16>{}, x, y);
  check(ops, "relu_forward", y);
  simdact::backward(simdact::relu<bfloat16>{}, x, dy, y);
  check(ops, "relu_backward", y);
  for (const char* slope : {"0.01", "0.2", "1.5", "-0.3"}) {
    const simdact::leaky_relu<bfloat16> act{std::stof(slope)};
    simdact::forward(act, x, y);
    check(ops, std::string("leaky_relu_forward_") + slope, y);
    simdact::backward(act, x, dy, y);
    check(ops, std::string("leaky_relu_backward_") + slope, y);
  }
  const bfloat16 w[4] = {bfloat16(0.25f), bfloat16(-0.5f), bfloat16(1.5f), bfloat16(0.0078125f)};
  const simdact::prelu<bfloat16> act{w, {1, 4, N / 4}};
  simdact::forward(act, x, y);
  check(ops, "prelu_forward", y);
  std::vector<bfloat16> dw(4);
  simdact::backward(act, x, dy, y, dw);
  check(ops, "prelu_backward_dx", y);
}
