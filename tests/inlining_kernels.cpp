// Every array kernel, instantiated for float, double, bfloat16 and float16, for the inlining check
// in check_inlined.cmake: nothing from xsimd may be left as a call inside them.

#include <simdact/simdact.hpp>

#include <cstddef>

namespace simdact_inlining {

template <class T> void all_kernels(const T* x, const T* dy, T* out, T* dweight, std::size_t n) {
  simdact::forward(simdact::relu<T>{}, x, out, n);
  simdact::backward(simdact::relu<T>{}, x, dy, out, n);
  simdact::backward_from_output(simdact::relu<T>{}, x, dy, out, n);
  simdact::forward(simdact::leaky_relu<T>{}, x, out, n);
  simdact::backward(simdact::leaky_relu<T>{}, x, dy, out, n);
  simdact::backward_from_output(simdact::leaky_relu<T>{}, x, dy, out, n);
  simdact::forward(simdact::elu<T>{}, x, out, n);
  simdact::backward(simdact::elu<T>{}, x, dy, out, n);
  simdact::backward_from_output(simdact::elu<T>{}, x, dy, out, n);
  for (const simdact::channel_layout layout :
       {simdact::channel_layout{1, 8, n / 8}, simdact::channel_layout{n / 8, 8, 1}}) {
    const simdact::prelu<T> act{dweight, layout};
    simdact::forward(act, x, out, n);
    simdact::backward(act, x, dy, out, dweight, n);
  }
}

template void all_kernels<float>(const float*, const float*, float*, float*, std::size_t);
template void all_kernels<double>(const double*, const double*, double*, double*, std::size_t);
template void all_kernels<simdact::bfloat16>(const simdact::bfloat16*, const simdact::bfloat16*,
                                             simdact::bfloat16*, simdact::bfloat16*, std::size_t);
template void all_kernels<simdact::float16>(const simdact::float16*, const simdact::float16*,
                                            simdact::float16*, simdact::float16*, std::size_t);

} // namespace simdact_inlining
