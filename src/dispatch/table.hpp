#pragma once

// The kernels of one instruction set as a table of plain function pointers: what dispatch.cpp
// (built with no -m flags) sees of the files built for each instruction set.

#include <simdact/elu.hpp>
#include <simdact/leaky_relu.hpp>
#include <simdact/prelu.hpp>
#include <simdact/relu.hpp>

#include <cstddef>

namespace simdact::dispatch::detail {

template <class Act, class T> struct elementwise_functions {
  void (*forward)(const Act&, const T*, T*, std::size_t);
  void (*backward)(const Act&, const T*, const T*, T*, std::size_t);
  void (*backward_from_output)(const Act&, const T*, const T*, T*, std::size_t);
};

template <class T> struct prelu_functions {
  void (*forward)(const prelu<T>&, const T*, T*, std::size_t);
  void (*backward)(const prelu<T>&, const T*, const T*, T*, T*, std::size_t);
};

template <class T> struct kernels_of {
  elementwise_functions<simdact::relu<T>, T> relu_kernels;
  elementwise_functions<simdact::leaky_relu<T>, T> leaky_relu_kernels;
  elementwise_functions<simdact::elu<T>, T> elu_kernels;
  prelu_functions<T> prelu_kernels;
};

struct table {
  kernels_of<float> f32;
  kernels_of<double> f64;
};

// One per instruction set, each defined in the file built for it (sse2.cpp, ...). Which of
// them a build has depends on the target CPU family and the compiler (see CMakeLists.txt).
const table& sse2_table() noexcept;
const table& avx2_table() noexcept;
const table& avx512_table() noexcept;
const table& neon_table() noexcept;

} // namespace simdact::dispatch::detail
