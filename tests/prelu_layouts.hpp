#pragma once

// The PReLU layouts that the plan test (test_prelu_plan.cpp) checks and the PReLU layout
// benchmark (bench/prelu_layouts.cpp) times: the benchmark suite's NCHW {1, 64, n / 64} and NHWC
// {n / 64, 64, 1} rows, the training shapes docs/performance-notes.md cites (batched NCHW with
// small maps, single images, NHWC with few channels), single rows of short runs, and odd ones
// that leave channels after the last whole tile.
//
// Each comes with the plan the kernels must choose for it, "forward backward", for six kinds of
// vector unit, written out by hand from the rules in detail/prelu_plan.hpp:
//   columns: {lanes, tile channels} = {4, 8} {2, 8} {8, 8} {4, 8} {16, 16} {8, 16}
//            (SSE2 or NEON float, double; AVX2 float, double; AVX-512 float, double)
//   "runsK": runs of K (1, 2, 4 or 8) whole batches, unrolled;  "runs": runs of any length;
//   "long": long runs;  "rowsK": NHWC rows of K (1, 2, 4, 8) whole batches;
//   "periods": rows across channels.

#include <simdact/prelu.hpp>

#include <array>
#include <cstddef>

namespace simdact_layouts {

struct prelu_layout_case {
  simdact::channel_layout layout;
  std::array<const char*, 6> plans;
};

// clang-format off
inline constexpr prelu_layout_case prelu_layouts[] = {
    {{1, 64, 64}, {"long runs", "long runs", "runs8 runs8", "long runs", "runs4 runs4", "runs8 runs"}},
    {{1, 64, 1024}, {"long long", "long long", "long long", "long long", "long long", "long long"}},
    {{1, 64, 16384}, {"long long", "long long", "long long", "long long", "long long", "long long"}},
    {{1, 64, 262144}, {"long long", "long long", "long long", "long long", "long long", "long long"}},
    {{64, 64, 1}, {"periods periods", "periods periods", "rows8 periods", "periods periods", "rows4 periods", "rows8 periods"}},
    {{1024, 64, 1}, {"periods periods", "periods periods", "rows8 periods", "periods periods", "rows4 periods", "rows8 periods"}},
    {{16384, 64, 1}, {"periods periods", "periods periods", "rows8 periods", "periods periods", "rows4 periods", "rows8 periods"}},
    {{262144, 64, 1}, {"periods periods", "periods periods", "rows8 periods", "periods periods", "rows4 periods", "rows8 periods"}},
    {{64, 128, 16}, {"runs4 runs4", "runs8 runs8", "runs2 runs2", "runs4 runs4", "runs1 runs1", "runs2 runs2"}},
    {{32, 256, 28}, {"runs runs", "runs runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{64, 64, 32}, {"runs8 runs8", "long runs", "runs4 runs4", "runs8 runs8", "runs2 runs2", "runs4 runs4"}},
    {{32, 512, 49}, {"runs runs", "long runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{1, 512, 49}, {"runs runs", "long runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{1, 256, 16}, {"runs4 runs4", "runs8 runs8", "runs2 runs2", "runs4 runs4", "runs1 runs1", "runs2 runs2"}},
    {{16, 256, 64}, {"long runs", "long runs", "runs8 runs8", "long runs", "runs4 runs4", "runs8 runs"}},
    {{8, 256, 196}, {"long long", "long long", "long runs", "long long", "runs runs", "long runs"}},
    {{32, 64, 1024}, {"long long", "long long", "long long", "long long", "long long", "long long"}},
    {{1, 64, 144}, {"long long", "long long", "long runs", "long long", "runs runs", "long runs"}},
    {{1, 32, 128}, {"long runs", "long long", "long runs", "long runs", "runs8 runs", "long runs"}},
    {{256, 16, 1}, {"rows4 periods", "rows8 periods", "rows2 periods", "rows4 periods", "rows1 periods", "rows2 periods"}},
    {{1, 1, 4096}, {"long long", "long long", "long long", "long long", "long long", "long long"}},
    {{32, 128, 8}, {"runs2 runs2", "runs4 runs4", "runs1 runs1", "runs2 runs2", "periods periods", "runs1 runs1"}},
    {{1, 2048, 7}, {"runs runs", "runs runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{1, 4096, 2}, {"periods periods", "runs1 runs1", "periods periods", "periods periods", "periods periods", "periods periods"}},
    {{1, 4096, 4}, {"runs1 runs1", "runs2 runs2", "runs runs", "runs1 runs1", "runs runs", "runs runs"}},
    {{1, 64, 8}, {"runs2 runs2", "runs4 runs4", "runs1 runs1", "runs2 runs2", "runs runs", "runs1 runs1"}},
    {{1, 64, 15}, {"runs runs", "runs runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{1, 64, 4}, {"runs1 runs1", "runs2 runs2", "runs runs", "runs1 runs1", "runs runs", "runs runs"}},
    {{3, 37, 25}, {"runs runs", "runs runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{2, 14, 33}, {"runs runs", "long runs", "runs runs", "runs runs", "runs runs", "runs runs"}},
    {{3, 12, 32}, {"runs8 runs8", "long runs", "runs4 runs4", "runs8 runs8", "runs2 runs2", "runs4 runs4"}},
    {{4, 3, 1}, {"periods periods", "periods periods", "periods periods", "periods periods", "periods periods", "periods periods"}},
    {{5, 7, 2}, {"periods periods", "runs1 runs1", "periods periods", "periods periods", "periods periods", "periods periods"}},
    {{1, 1, 1}, {"periods periods", "periods periods", "periods periods", "periods periods", "periods periods", "periods periods"}},
};
// clang-format on

} // namespace simdact_layouts
