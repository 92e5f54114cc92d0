// PReLU's plan (detail/prelu_plan.hpp) for every layout of the shared list, against the plans
// written out by hand in prelu_layouts.hpp: a tuning change that moves a layout to another loop
// shows up here, with the layout's name, instead of silently dropping a path's coverage.

#include "catch.hpp"
#include "prelu_layouts.hpp"

#include <simdact/simdact.hpp>

#include <cstddef>
#include <string>

namespace {

using simdact::detail::prelu_pass;
using simdact::detail::prelu_plan;
using simdact::detail::prelu_shape;

std::string name_of(const prelu_plan& plan) {
  switch (plan.shape) {
  case prelu_shape::whole_runs:
    return "runs" + std::to_string(plan.unroll);
  case prelu_shape::runs:
    return "runs";
  case prelu_shape::long_runs:
    return "long";
  case prelu_shape::whole_rows:
    return "rows" + std::to_string(plan.unroll);
  case prelu_shape::periods:
    return "periods";
  }
  return "?";
}

// The table's column for this build's vector unit: {lanes, tile channels} as in prelu_layouts.hpp.
template <class T> std::size_t column() {
  using tuning = simdact::detail::prelu_tuning<T, xsimd::default_arch>;
  const std::size_t lanes = tuning::lanes, tile = tuning::tile_channels;
  if (tile == 16) {
    return lanes == 16 ? 4 : 5;
  }
  return lanes == 8 ? 2 : lanes == 4 ? 0 : 1;
}

template <class T> void check_plans() {
  using A = simdact::detail::isa<xsimd::default_arch>;
  const std::size_t col = column<T>();
  INFO("column " << col << " (" << xsimd::default_arch::name() << ", " << sizeof(T) * 8 << "-bit)");
  for (const auto& c : simdact_layouts::prelu_layouts) {
    const auto [outer, channels, inner] = c.layout;
    INFO("layout {" << outer << ", " << channels << ", " << inner << "}");
    const std::string got =
        name_of(simdact::detail::plan_prelu<T, A>(c.layout, prelu_pass::forward)) + " " +
        name_of(simdact::detail::plan_prelu<T, A>(c.layout, prelu_pass::backward));
    CHECK(got == c.plans[col]);
  }
}

} // namespace

TEST_CASE("prelu plans the walk the layout table expects", "[prelu][plan]") {
  check_plans<float>();
  check_plans<double>();
}

TEST_CASE("prelu periods cover whole batches of rows, within the rows there are", "[prelu][plan]") {
  using A = simdact::detail::isa<xsimd::default_arch>;
  using tuning = simdact::detail::prelu_tuning<float, xsimd::default_arch>;
  constexpr std::size_t L = tuning::lanes;
  // NHWC with a batch of channels: the weights themselves, one row a period.
  const auto nhwc = simdact::detail::period_of<float, A>({100, L, 1}, 32);
  CHECK(nhwc.rows == 1);
  CHECK(nhwc.size == L);
  // Rows of 3 * 2 elements: lcm(6, L) / 6 rows make whole batches, doubled to 32 batches, but
  // capped at the 5 rows there are.
  const auto capped = simdact::detail::period_of<float, A>({5, 3, 2}, 32);
  CHECK(capped.rows == 5);
  CHECK(capped.size == 30);
  // With enough rows: whole batches (a multiple of L elements) and at least 32 of them.
  const auto doubled = simdact::detail::period_of<float, A>({1000, 3, 2}, 32);
  CHECK(doubled.size % L == 0);
  CHECK(doubled.size >= 32 * L);
  CHECK(doubled.size < 64 * L + 6 * L);
  CHECK(doubled.size == doubled.rows * 6);
  // A row too long to repeat: one row a period.
  const auto single = simdact::detail::period_of<float, A>({4, 3, 70000}, 32);
  CHECK(single.rows == 1);
  CHECK(single.size == 210000);
}
