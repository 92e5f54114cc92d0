// What simdact::dispatch chose: the set SIMDACT_ISA names, or else the best this CPU runs,
// told apart here with the compiler's own CPU checks.

#include "../catch.hpp"

#include <simdact/dispatch.hpp>

#include <cstdlib>
#include <string>

namespace {

std::string best_isa_of_this_cpu() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool fma = __builtin_cpu_supports("fma");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && fma) {
    return "avx512";
  }
  return __builtin_cpu_supports("avx2") && fma ? "avx2" : "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "unknown";
#endif
}

} // namespace

TEST_CASE("dispatch runs the set SIMDACT_ISA names, or the best this CPU has", "[dispatch]") {
  const char* requested = std::getenv("SIMDACT_ISA");
  const std::string expected = requested != nullptr && *requested != '\0' ? requested
                                                                          : best_isa_of_this_cpu();
  INFO("SIMDACT_ISA = " << (requested != nullptr ? requested : "(unset)"));
  CHECK(std::string(simdact::dispatch::active_isa()) == expected);
}
