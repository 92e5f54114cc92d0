// Every array function called from several threads at once, each on its own data: the results
// must equal those of the same calls made one at a time. simdact keeps no state between calls;
// this is the test that the ThreadSanitizer build (.ci/reliability.sh, stage tsan) watches.

#include "catch.hpp"
#include "reference.hpp"

#include <simdact/simdact.hpp>

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace {

using simdact_test::same;

// All of one thread's calls on its own inputs; the outputs in one vector, in order.
template <class T> std::vector<T> run_all(const std::vector<T>& x, const std::vector<T>& dy) {
  const std::size_t n = x.size();
  std::vector<T> results;
  std::vector<T> out(n);
  auto keep = [&](const std::vector<T>& v) { results.insert(results.end(), v.begin(), v.end()); };
  auto elementwise = [&](const auto& act) {
    simdact::forward(act, x, out);
    keep(out);
    simdact::backward(act, x, dy, out);
    keep(out);
    std::vector<T> y(n);
    simdact::forward(act, x, y);
    simdact::backward_from_output(act, y, dy, out);
    keep(out);
  };
  elementwise(simdact::relu<T>{});
  elementwise(simdact::leaky_relu<T>{T(0.01)});
  elementwise(simdact::leaky_relu<T>{T(2)});
  elementwise(simdact::elu<T>{});
  elementwise(simdact::elu<T>{T(0.5)});
  // 4 channels, in room for 16: with just 4, g++ 12 warns (-Warray-bounds) about a batch load of
  // the slopes that only runs with a batch of channels or more.
  const T w[16] = {T(0.25), T(0.5), T(-1), T(0.1)};
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{1, 4, n / 4}, simdact::channel_layout{n / 4, 4, 1},
        simdact::channel_layout{n / 16, 4, 4}}) {
    const simdact::prelu<T> act{w, layout};
    simdact::forward(act, x, out);
    keep(out);
    std::vector<T> dw(4);
    simdact::backward(act, x, dy, out, dw);
    keep(out);
    keep(dw);
  }
  return results;
}

template <class T> void check_threads() {
  constexpr std::size_t threads = 4, n = 4096 + 16 * 7;
  std::vector<std::vector<T>> x(threads), dy(threads), alone(threads), together(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    x[t] = simdact_test::random_inputs<T>(n, static_cast<std::uint32_t>(100 + t));
    dy[t] = simdact_test::random_inputs<T>(n, static_cast<std::uint32_t>(200 + t));
    alone[t] = run_all(x[t], dy[t]);
  }
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int repeat = 0; repeat < 3; ++repeat) {
        together[t] = run_all(x[t], dy[t]);
      }
    });
  }
  for (auto& thread : pool) {
    thread.join();
  }
  for (std::size_t t = 0; t < threads; ++t) {
    INFO("thread " << t);
    REQUIRE(together[t].size() == alone[t].size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < alone[t].size(); ++i) {
      differ += same(together[t][i], alone[t][i]) ? 0 : 1;
    }
    CHECK(differ == 0);
  }
}

} // namespace

TEST_CASE("array functions run concurrently on separate data", "[threads]") {
  check_threads<float>();
  check_threads<double>();
}
