#pragma once

// Argument checks shared by the array-level functions. Each runs before any output is written,
// and builds its message only when it fails: the checks sit on every call's path.

#include "config.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace simdact::detail {

[[noreturn]] inline void fail(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string("simdact::") + function + ": " + what);
}

// p must point at n elements; null is fine only when there are none. (A template rather than
// const void*, which makes GCC 12 warn about outputs the caller has not initialized yet.)
template <class P> void require_data(P* p, std::size_t n, const char* function, const char* name) {
  if (p == nullptr && n != 0) {
    fail(function, std::string(name) + " is null but must hold " + std::to_string(n) + " elements");
  }
}

inline void require_same_size(const char* function, const char* name_a, std::size_t a,
                              const char* name_b, std::size_t b) {
  if (a != b) {
    fail(function, std::string(name_a) + " has " + std::to_string(a) + " elements but " + name_b +
                       " has " + std::to_string(b));
  }
}

} // namespace simdact::detail
