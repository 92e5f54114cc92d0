// Highway's ELU: the forward a Highway user would write on hn::Expm1 (hwy/contrib/math, 4 ulp
// by its documentation), for float and double, on the same arrays and sizes as the simdact rows
// and paired with simdact's (run_pair). Static dispatch: Highway's best target for this build's
// flags, as simdact's rows get xsimd's.

#include "accuracy.hpp"
#include "simdact_kernels.hpp"

#include <hwy/highway.h>

#include <hwy/contrib/math/math-inl.h>

#include <cstddef>
#include <string>
#include <vector>

namespace {

namespace hn = hwy::HWY_NAMESPACE;
using simdact_bench::operands;
using simdact_bench::row;

// y = x > 0 ? x : alpha * expm1(x), whole vectors, then the tail one lane at a time.
template <class T> void highway_elu(T alpha, const T* x, T* y, std::size_t n) {
  const hn::ScalableTag<T> d;
  const std::size_t lanes = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  const auto a = hn::Set(d, alpha);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const auto v = hn::LoadU(d, x + i);
    hn::StoreU(hn::IfThenElse(hn::Gt(v, zero), v, hn::Mul(a, hn::Expm1(d, v))), d, y + i);
  }
  const hn::CappedTag<T, 1> d1;
  for (; i < n; ++i) {
    const auto v = hn::LoadU(d1, x + i);
    hn::StoreU(
        hn::IfThenElse(hn::Gt(v, hn::Zero(d1)), v, hn::Mul(hn::Set(d1, alpha), hn::Expm1(d1, v))),
        d1, y + i);
  }
}

template <class T> bool register_highway() {
  const T alpha = simdact::elu<T>{}.alpha;
  simdact_bench::record_elu_accuracy<T>(
      "highway", [alpha](const T* x, T* y, std::size_t n) { highway_elu(alpha, x, y, n); });
  const std::vector<row<T>> highway{{"elu.forward", 1, 0, {}, [alpha](const operands<T>& o) {
                                       highway_elu(alpha, o.a, o.out, o.n);
                                     }}};
  for (const std::size_t n : simdact_bench::sizes()) {
    simdact_bench::register_rows("highway", highway, n, false);
    simdact_bench::register_pairs("highway", simdact_bench::simdact_rows<T>(), highway, n,
                                  [](const row<T>& r) { return r.op; });
  }
  return true;
}

[[maybe_unused]] const bool registered = [] {
  benchmark::AddCustomContext("highway_target", hwy::TargetName(HWY_STATIC_TARGET));
  return register_highway<float>() && register_highway<double>();
}();

} // namespace
