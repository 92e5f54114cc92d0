#pragma once

// The table of one instruction set, for the file built with that set's flags. Every function
// here takes the architecture as a template argument, and calls simdact's explicit-architecture
// functions, whose kernels carry it too: no symbol of one file is that of another's.

#include "table.hpp"

#include <simdact/array.hpp>

#include <type_traits>

namespace simdact::dispatch::detail {

template <class Arch> struct compiled_for {
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
  template <class T>
  static void require_layout(const prelu<T>& act, std::size_t n, const char* function) {
    simdact::detail::require_layout<simdact::detail::isa<Arch>>(act, n, function);
  }

  // The table, built from its type alone (dispatch.hpp's lists): every part in turn, down to
  // each activation's kernels on each type.
  template <class... Parts> static constexpr all_of<Parts...> build(const all_of<Parts...>*) {
    return {build(static_cast<const Parts*>(nullptr))...};
  }
  template <template <class> class Act, class T>
  static constexpr kernels<Act<T>> build(const kernels<Act<T>>*) {
    return {&forward<Act<T>, T>, &backward<Act<T>, T>, &backward_from_output<Act<T>, T>};
  }
  template <class T> static constexpr kernels<prelu<T>> build(const kernels<prelu<T>>*) {
    return {&forward<prelu<T>, T>, &prelu_backward<T>, &require_layout<T>};
  }
};

template <class Arch> const table& table_for() noexcept {
  // Flags beyond the set's own (-march=native in CMAKE_CXX_FLAGS, say) would let the compiler use
  // instructions, in simdact's scalar code and in the standard library's, that the CPUs this
  // table is chosen for may lack.
  static_assert(std::is_same_v<xsimd::default_arch, Arch>,
                "simdact::dispatch: this file must be built with its own instruction set's flags "
                "and no others (is -march or -m... in CMAKE_CXX_FLAGS?)");
  static constexpr table built = compiled_for<Arch>::build(static_cast<const table*>(nullptr));
  return built;
}

} // namespace simdact::dispatch::detail
