#pragma once

// Argument checks shared by the array-level functions. Each runs before any output is written;
// the checks sit on every call's path, so they are force-inlined and only a failing one calls
// out of line to build its message. Like the kernels, those calls carry the isa (kernel.hpp) in
// their names.

#include "config.hpp"

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <type_traits>

#if __has_include(<charconv>)
#include <charconv>
#endif

namespace simdact::detail {

template <class Isa> [[noreturn]] void fail(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string("simdact::") + function + ": " + what);
}

template <class Isa>
[[noreturn]] void fail_null(const char* function, const char* name, std::size_t n) {
  fail<Isa>(function,
            std::string(name) + " is null but must hold " + std::to_string(n) + " elements");
}

template <class Isa>
[[noreturn]] void fail_size(const char* function, const char* name_a, std::size_t a,
                            const char* name_b, std::size_t b) {
  fail<Isa>(function, std::string(name_a) + " has " + std::to_string(a) + " elements but " +
                          name_b + " has " + std::to_string(b));
}

// v in the shortest form that reads back as the same value ("-1e-10", "0.1", "-0", "inf", "nan"),
// so a message shows exactly the value that was rejected. std::to_chars where the standard library
// has it for floating point; otherwise printf's %.9g / %.17g, exact but not always shortest.
template <class Isa, class T> std::string exact_text(T v) {
  static_assert(std::is_floating_point_v<T>);
  char text[64];
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  const auto end = std::to_chars(text, text + sizeof text, v).ptr;
  return std::string(text, end);
#else
  std::snprintf(text, sizeof text, sizeof(T) == sizeof(float) ? "%.9g" : "%.17g",
                static_cast<double>(v));
  return text;
#endif
}

// p must point at n elements; null is fine only when there are none. (A template rather than
// const void*, which makes GCC 12 warn about outputs the caller has not initialized yet.)
template <class Isa, class P>
SIMDACT_INLINE void require_data(P* p, std::size_t n, const char* function, const char* name) {
  if (p == nullptr && n != 0) {
    fail_null<Isa>(function, name, n);
  }
}

template <class Isa>
SIMDACT_INLINE void require_same_size(const char* function, const char* name_a, std::size_t a,
                                      const char* name_b, std::size_t b) {
  if (a != b) {
    fail_size<Isa>(function, name_a, a, name_b, b);
  }
}

} // namespace simdact::detail
