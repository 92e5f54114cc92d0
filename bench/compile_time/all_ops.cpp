// Every array-level operation for float and double, once each: what a user file that uses all of
// simdact costs to compile (bench/compile_time.sh). SIMDACT_ONLY_OP=<k> keeps operation k alone,
// to see each one's share.
#include <simdact/simdact.hpp>

#include <cstddef>

#ifndef SIMDACT_ONLY_OP
#define SIMDACT_ONLY_OP -1
#endif

namespace {

constexpr bool wanted(int op) { return SIMDACT_ONLY_OP < 0 || SIMDACT_ONLY_OP == op; }

template <class T>
void all_ops(const T* x, const T* dy, T* y, T* dx, T* dweight, const T* weight, std::size_t n,
             simdact::channel_layout layout) {
  if constexpr (wanted(0)) {
    simdact::forward(simdact::relu<T>{}, x, y, n);
    simdact::backward(simdact::relu<T>{}, x, dy, dx, n);
    simdact::backward_from_output(simdact::relu<T>{}, y, dy, dx, n);
  }
  if constexpr (wanted(1)) {
    simdact::forward(simdact::leaky_relu<T>{T(0.1)}, x, y, n);
    simdact::backward(simdact::leaky_relu<T>{T(0.1)}, x, dy, dx, n);
    simdact::backward_from_output(simdact::leaky_relu<T>{T(0.1)}, y, dy, dx, n);
  }
  if constexpr (wanted(2)) {
    simdact::forward(simdact::elu<T>{T(1.5)}, x, y, n);
    simdact::backward(simdact::elu<T>{T(1.5)}, x, dy, dx, n);
    simdact::backward_from_output(simdact::elu<T>{T(1.5)}, y, dy, dx, n);
  }
  if constexpr (wanted(3)) {
    simdact::forward(simdact::prelu<T>{weight, layout}, x, y, n);
  }
  if constexpr (wanted(4)) {
    simdact::backward(simdact::prelu<T>{weight, layout}, x, dy, dx, dweight, n);
  }
}

} // namespace

// Out of line and called through volatile pointers, so that nothing is optimized away.
void (*volatile all_float)(const float*, const float*, float*, float*, float*, const float*,
                           std::size_t, simdact::channel_layout) = all_ops<float>;
void (*volatile all_double)(const double*, const double*, double*, double*, double*, const double*,
                            std::size_t, simdact::channel_layout) = all_ops<double>;

int main() { return 0; }
