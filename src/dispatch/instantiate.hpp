#pragma once

// The table of one instruction set, for the file built with that set's flags. Every function
// here takes the architecture as a template argument, and calls simdact's explicit-architecture
// functions, whose kernels carry it too: no symbol of one file is that of another's.

#include "table.hpp"

#include <simdact/array.hpp>

#include <type_traits>

namespace simdact::dispatch::detail {

template <class Arch> struct kernels {
  template <class Act, class T>
  static void forward(const Act& act, const T* x, T* y, std::size_t n) {
    simdact::forward<Arch>(act, x, y, n);
  }
  template <class Act, class T>
  static void backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t n) {
    simdact::backward<Arch>(act, x, dy, dx, n);
  }
  template <class Act, class T>
  static void backward_from_output(const Act& act, const T* y, const T* dy, T* dx, std::size_t n) {
    simdact::backward_from_output<Arch>(act, y, dy, dx, n);
  }
  template <class T>
  static void prelu_backward(const prelu<T>& act, const T* x, const T* dy, T* dx, T* dweight,
                             std::size_t n) {
    simdact::backward<Arch>(act, x, dy, dx, dweight, n);
  }

  template <class Act, class T> static constexpr elementwise_functions<Act, T> elementwise() {
    return {&forward<Act, T>, &backward<Act, T>, &backward_from_output<Act, T>};
  }
  template <class T> static constexpr kernels_of<T> of() {
    return {elementwise<relu<T>, T>(),
            elementwise<leaky_relu<T>, T>(),
            elementwise<elu<T>, T>(),
            {&forward<prelu<T>, T>, &prelu_backward<T>}};
  }
};

template <class Arch> const table& table_for() noexcept {
  // Flags beyond the set's own (-march=native in CMAKE_CXX_FLAGS, say) would let the compiler use
  // instructions, in simdact's scalar code and in the standard library's, that the CPUs this
  // table is chosen for may lack.
  static_assert(std::is_same_v<xsimd::default_arch, Arch>,
                "simdact::dispatch: this file must be built with its own instruction set's flags "
                "and no others (is -march or -m... in CMAKE_CXX_FLAGS?)");
  static constexpr table built{kernels<Arch>::template of<float>(),
                               kernels<Arch>::template of<double>()};
  return built;
}

} // namespace simdact::dispatch::detail
