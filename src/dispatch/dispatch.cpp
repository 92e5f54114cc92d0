// simdact::dispatch's choice of instruction set: the table of kernels that the functions of
// <simdact/dispatch.hpp> call. Built with no -m flags: it only decides, and must run on every
// CPU of its family.

#include "table.hpp"

#include <simdact/detail/checks.hpp>
#include <simdact/detail/kernel.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// Which tables this build has (CMakeLists.txt: the CPU family and the compiler's flags).
#if !defined(SIMDACT_DISPATCH_X86) && !defined(SIMDACT_DISPATCH_ARM64)
#error "build dispatch.cpp through simdact's CMakeLists.txt, which says which tables there are"
#endif

namespace simdact::dispatch::detail {
namespace {

// This file must run on every CPU of its family (see instantiate.hpp).
#if defined(SIMDACT_DISPATCH_X86)
static_assert(std::is_same_v<xsimd::default_arch, xsimd::sse2>,
              "simdact::dispatch: dispatch.cpp must be built with no -m or -march flags");
#endif

struct candidate {
  std::string_view name;
  const table& (*kernels)() noexcept;
  bool cpu_runs;
};

// x86: what the CPU has and the operating system saves (GCC's and clang's
// __builtin_cpu_supports check XCR0 through xgetbv before they report AVX or AVX-512).
#if defined(SIMDACT_DISPATCH_AVX2)
bool cpu_supports_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

#if defined(SIMDACT_DISPATCH_AVX512)
bool cpu_supports_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("fma");
}
#endif

// The instruction sets this build has, best first.
std::vector<candidate> candidates() {
  std::vector<candidate> all;
#if defined(SIMDACT_DISPATCH_AVX512)
  all.push_back({"avx512", &avx512_table, cpu_supports_avx512()});
#endif
#if defined(SIMDACT_DISPATCH_AVX2)
  all.push_back({"avx2", &avx2_table, cpu_supports_avx2()});
#endif
#if defined(SIMDACT_DISPATCH_X86)
  all.push_back({"sse2", &sse2_table, true}); // part of x86-64
#endif
#if defined(SIMDACT_DISPATCH_ARM64)
  all.push_back({"neon", &neon_table, true}); // part of ARM64
#endif
  return all;
}

struct choice {
  std::string_view name;
  const table& kernels;
};

choice choose() {
  const std::vector<candidate> all = candidates();
  std::string runnable; // for the messages
  for (const candidate& c : all) {
    if (c.cpu_runs) {
      runnable += (runnable.empty() ? "" : ", ") + std::string(c.name);
    }
  }
  const char* const requested = std::getenv("SIMDACT_ISA");
  if (requested == nullptr || *requested == '\0') {
    for (const candidate& c : all) {
      if (c.cpu_runs) {
        return {c.name, c.kernels()};
      }
    }
  }
  const std::string request = requested;
  for (const candidate& c : all) {
    if (c.name == request) {
      if (!c.cpu_runs) {
        throw std::runtime_error("simdact::dispatch: SIMDACT_ISA=" + request +
                                 ", but this CPU cannot run " + request + "; it runs " + runnable);
      }
      return {c.name, c.kernels()};
    }
  }
  std::string known;
  for (const candidate& c : all) {
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  throw std::runtime_error("simdact::dispatch: SIMDACT_ISA=" + request +
                           " names no instruction set of this build (" + known +
                           "); this CPU runs " + runnable);
}

// Chosen at the first call, once for all threads; a throw leaves it to the next call.
const choice& active() {
  static const choice chosen = choose();
  return chosen;
}

} // namespace

// simdact's own checks, for this file's instruction set (the baseline).
using baseline = simdact::detail::isa<xsimd::default_arch>;

void different_sizes(const char* function, const char* name_a, std::size_t a, const char* name_b,
                     std::size_t b) {
  simdact::detail::fail_size<baseline>(function, name_a, a, name_b, b);
}

const table& active_table() { return active().kernels; }

} // namespace simdact::dispatch::detail

namespace simdact::dispatch {

std::string_view active_isa() { return detail::active().name; }

} // namespace simdact::dispatch
