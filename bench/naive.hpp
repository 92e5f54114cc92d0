#pragma once

// The loops a user would write without simdact: plain ternaries and <cmath>, compiled with the
// same flags as everything else (GCC may vectorize the ternaries; std::expm1 and std::exp stay
// scalar library calls, as they do without -ffast-math).

#include <cmath>
#include <cstddef>

namespace simdact_bench::naive {

template <class T> void relu_forward(const T* x, T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = x[i] > T(0) ? x[i] : T(0);
  }
}
template <class T> void relu_backward(const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    dx[i] = x[i] > T(0) ? dy[i] : T(0);
  }
}

template <class T> void leaky_relu_forward(T slope, const T* x, T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = x[i] > T(0) ? x[i] : slope * x[i];
  }
}
template <class T>
void leaky_relu_backward(T slope, const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    dx[i] = x[i] > T(0) ? dy[i] : slope * dy[i];
  }
}

template <class T> void elu_forward(T alpha, const T* x, T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = x[i] > T(0) ? x[i] : alpha * std::expm1(x[i]);
  }
}
template <class T> void elu_backward(T alpha, const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    dx[i] = x[i] > T(0) ? dy[i] : dy[i] * alpha * std::exp(x[i]);
  }
}
template <class T>
void elu_backward_from_output(T alpha, const T* y, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    dx[i] = y[i] > T(0) ? dy[i] : dy[i] * (y[i] + alpha);
  }
}

// PReLU over {outer, channels, inner}, written as the three nested loops of its definition.
template <class T>
void prelu_forward(const T* w, std::size_t outer, std::size_t channels, std::size_t inner,
                   const T* x, T* y) {
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c) {
      for (std::size_t i = 0; i < inner; ++i) {
        const std::size_t k = (o * channels + c) * inner + i;
        y[k] = x[k] > T(0) ? x[k] : w[c] * x[k];
      }
    }
  }
}
template <class T>
void prelu_backward(const T* w, std::size_t outer, std::size_t channels, std::size_t inner,
                    const T* x, const T* dy, T* dx, T* dw) {
  for (std::size_t c = 0; c < channels; ++c) {
    dw[c] = T(0);
  }
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t c = 0; c < channels; ++c) {
      for (std::size_t i = 0; i < inner; ++i) {
        const std::size_t k = (o * channels + c) * inner + i;
        dx[k] = x[k] > T(0) ? dy[k] : w[c] * dy[k];
        dw[c] += x[k] > T(0) ? T(0) : x[k] * dy[k];
      }
    }
  }
}

} // namespace simdact_bench::naive
