#pragma once

// What the element-level functors accept: a plain T, or an xsimd::batch<T, A> of any architecture.

#include "../bfloat16.hpp"
#include "../float16.hpp"
#include "config.hpp"
#include "lane_ops.hpp"

#include <xsimd/xsimd.hpp>

#include <type_traits>

namespace simdact::detail {

template <class V> struct value_traits {
  using scalar_type = V;
  static constexpr bool is_batch = false;
};
template <class T, class A> struct value_traits<xsimd::batch<T, A>> {
  using scalar_type = T;
  static constexpr bool is_batch = true;
};

template <class V> inline constexpr bool is_batch_v = value_traits<V>::is_batch;

// What an activation on T computes in: T itself, or float for the 16-bit storage types, whose
// values are widened exactly, computed on as floats and rounded once.
template <class T> struct compute_type {
  using type = T;
};
template <> struct compute_type<bfloat16> {
  using type = float;
};
template <> struct compute_type<float16> {
  using type = float;
};
template <class T> using compute_t = typename compute_type<T>::type;

// Enables an element-level member for V = compute_t<T> and V = xsimd::batch<compute_t<T>, A> only.
template <class V, class T>
using enable_for_t =
    std::enable_if_t<std::is_same_v<typename value_traits<V>::scalar_type, compute_t<T>>>;

template <class T>
inline constexpr bool is_supported_v = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                       std::is_same_v<T, bfloat16> || std::is_same_v<T, float16>;

// The SIMD register of the compiler flags in force: what a scalar call computes with.
template <class T> using native_batch = xsimd::batch<T, xsimd::default_arch>;

// Evaluates a batch-only function on a scalar by broadcasting it, so that a scalar result is
// bit-identical to the lane the array kernels would compute for the same input.
template <class F, class T, class... Ts>
SIMDACT_INLINE T via_native_batch(const F& f, T x, Ts... rest) noexcept {
  return f(native_batch<T>(x), native_batch<T>(rest)...).get(0);
}

} // namespace simdact::detail
