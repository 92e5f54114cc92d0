// Bad input: std::invalid_argument naming the problem, thrown before any output is written.

#include "catch.hpp"

#include "api.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace api = simdact_test::api; // simdact, or simdact::dispatch (api.hpp)

namespace {

constexpr float sentinel = -777.f;

// Runs call, which must throw std::invalid_argument whose message contains every one of
// `words`, and checks that the outputs still hold the sentinel.
template <class Call>
void expect_rejected(Call call, const std::vector<std::string>& words,
                     std::initializer_list<const std::vector<float>*> outputs) {
  bool thrown = false;
  try {
    call();
  } catch (const std::invalid_argument& e) {
    thrown = true;
    const std::string message = e.what();
    INFO("message: " << message);
    for (const auto& w : words) {
      CHECK(message.find(w) != std::string::npos);
    }
  }
  CHECK(thrown);
  for (const auto* out : outputs) {
    for (float v : *out) {
      CHECK(v == sentinel);
    }
  }
}

} // namespace

TEST_CASE("range size mismatches are rejected before anything is written", "[errors]") {
  const std::vector<float> x(40, -1.f), dy(40, 1.f);
  std::vector<float> short_out(39, sentinel), dx(40, sentinel), y(40, sentinel);
  const std::vector<float> short_in(39, 1.f);
  const simdact::elu<float> elu{};

  expect_rejected([&] { api::forward(elu, x, short_out); }, {"forward", "40", "39"}, {&short_out});
  expect_rejected([&] { api::backward(elu, x, short_in, dx); }, {"backward", "40", "39"}, {&dx});
  expect_rejected([&] { api::backward(elu, x, dy, short_out); }, {"backward", "40", "39"},
                  {&short_out});
  expect_rejected([&] { api::backward_from_output(elu, x, short_in, dx); },
                  {"backward_from_output", "40", "39"}, {&dx});
  expect_rejected([&] { api::backward_from_output(elu, short_in, dy, y); },
                  {"backward_from_output", "39", "40"}, {&y});
}

TEST_CASE("prelu rejects layouts that do not describe the data", "[errors][prelu]") {
  const std::vector<float> w{0.25f, 0.5f};
  const std::vector<float> x(12, -1.f), dy(12, 1.f);
  std::vector<float> y(12, sentinel), dx(12, sentinel), dw(2, sentinel);

  const simdact::prelu<float> wrong_count{w.data(), {2, 2, 2}}; // 8 != 12
  expect_rejected([&] { api::forward(wrong_count, x, y); }, {"layout", "12"}, {&y});
  expect_rejected([&] { api::backward(wrong_count, x, dy, dx, dw); }, {"layout", "12"}, {&dx, &dw});

  const simdact::prelu<float> no_channels{w.data(), {12, 0, 1}};
  expect_rejected([&] { api::forward(no_channels, x, y); }, {"zero channels"}, {&y});
  expect_rejected([&] { api::backward(no_channels, x, dy, dx, dw); }, {"zero channels"},
                  {&dx, &dw});

  const simdact::prelu<float> null_weight{nullptr, {6, 2, 1}};
  expect_rejected([&] { api::forward(null_weight, x, y); }, {"weight", "null"}, {&y});
  expect_rejected([&] { api::backward(null_weight, x, dy, dx, dw); }, {"weight", "null"},
                  {&dx, &dw});

  const std::size_t huge = std::size_t(1) << (sizeof(std::size_t) * 4);
  const simdact::prelu<float> overflowing{w.data(), {huge, 2, huge}}; // product wraps to 0
  std::vector<float> none;
  expect_rejected([&] { api::forward(overflowing, none, none); }, {"layout"}, {});

  const simdact::prelu<float> good{w.data(), {6, 2, 1}};
  std::vector<float> dw_wrong(3, sentinel);
  expect_rejected([&] { api::backward(good, x, dy, dx, dw_wrong); },
                  {"dweight", "3", "layout.channels", "2"}, {&dx, &dw_wrong});
  expect_rejected([&] { api::backward(good, x.data(), dy.data(), dx.data(), nullptr, 12); },
                  {"dweight", "null"}, {&dx});
}

TEST_CASE("backward_from_output needs an activation whose output keeps the input's sign",
          "[errors]") {
  const std::vector<float> y(10, -0.5f), dy(10, 1.f);
  std::vector<float> dx(10, sentinel);
  for (float slope : {0.f, -0.1f, std::numeric_limits<float>::quiet_NaN()}) {
    expect_rejected(
        [&] { api::backward_from_output(simdact::leaky_relu<float>{slope}, y, dy, dx); },
        {"negative_slope"}, {&dx});
  }
  for (float alpha : {-1.f, std::numeric_limits<float>::quiet_NaN()}) {
    expect_rejected([&] { api::backward_from_output(simdact::elu<float>{alpha}, y, dy, dx); },
                    {"alpha"}, {&dx});
  }
  // The boundary values are fine: relu's case for elu, and any positive slope.
  api::backward_from_output(simdact::elu<float>{0.f}, y, dy, dx);
  CHECK(dx[0] == 1.f * (-0.5f + 0.f)); // dy * (y + alpha)
  api::backward_from_output(simdact::leaky_relu<float>{1e-30f}, y, dy, dx);
  CHECK(dx[0] == 1e-30f);
}

TEST_CASE("null pointers are rejected unless n is zero", "[errors]") {
  std::vector<float> y(4, sentinel), dx(4, sentinel);
  const std::vector<float> x(4, 1.f);
  const simdact::relu<float> relu{};
  expect_rejected([&] { api::forward(relu, nullptr, y.data(), 4); }, {"x", "null"}, {&y});
  expect_rejected([&] { api::backward(relu, x.data(), nullptr, dx.data(), 4); }, {"dy", "null"},
                  {&dx});
  expect_rejected([&] { api::backward(relu, nullptr, x.data(), dx.data(), 4); }, {"x", "null"},
                  {&dx});

  // n == 0 with null pointers does nothing, for every function.
  const float w = 0.5f;
  api::forward(relu, nullptr, nullptr, 0);
  api::backward(simdact::elu<float>{}, nullptr, nullptr, nullptr, 0);
  api::backward_from_output(simdact::leaky_relu<float>{}, nullptr, nullptr, nullptr, 0);
  api::forward(simdact::prelu<float>{&w, {0, 1, 1}}, nullptr, nullptr, 0);
  api::forward(simdact::prelu<float>{nullptr, {0, 3, 1}}, nullptr, nullptr, 0);
  api::forward(simdact::prelu<float>{nullptr, {0, 3, 2}}, nullptr, nullptr, 0);
  float dw3[3] = {sentinel, sentinel, sentinel};
  api::backward(simdact::prelu<float>{nullptr, {0, 3, 2}}, nullptr, nullptr, nullptr, dw3, 0);
  CHECK((dw3[0] == 0.f && dw3[1] == 0.f && dw3[2] == 0.f));
  float dw = sentinel;
  api::backward(simdact::prelu<float>{&w, {0, 1, 7}}, nullptr, nullptr, nullptr, &dw, 0);
  CHECK(dw == 0.f); // the sum over no elements
  api::backward(simdact::prelu<float>{&w, {0, 1, 7}}, nullptr, nullptr, nullptr, nullptr, 0);
}
