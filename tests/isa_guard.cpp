// Runs a test program only on a CPU that has the instruction set it was built for:
//
//   simdact_isa_guard <feature,feature,...> <program> [arguments...]
//
// Compiled without any ISA flags, so it runs anywhere. When __builtin_cpu_supports reports every
// feature, it becomes <program> (execv); otherwise it says which are missing and exits with
// skip_status, which ctest's SKIP_RETURN_CODE reports as a skipped test instead of the SIGILL
// the program would die of.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

constexpr int skip_status = 77;

struct feature {
  const char* name;
  bool (*supported)();
};

// __builtin_cpu_supports takes only a string literal, hence one entry per feature.
constexpr feature known_features[] = {
    {"sse2", [] { return __builtin_cpu_supports("sse2") != 0; }},
    {"avx2", [] { return __builtin_cpu_supports("avx2") != 0; }},
    {"fma", [] { return __builtin_cpu_supports("fma") != 0; }},
    {"avx512f", [] { return __builtin_cpu_supports("avx512f") != 0; }},
    {"avx512cd", [] { return __builtin_cpu_supports("avx512cd") != 0; }},
    {"avx512dq", [] { return __builtin_cpu_supports("avx512dq") != 0; }},
    {"avx512bw", [] { return __builtin_cpu_supports("avx512bw") != 0; }},
    {"avx512vl", [] { return __builtin_cpu_supports("avx512vl") != 0; }},
};

// 1: supported, 0: not, -1: a name this table does not know (a typo in the CMake table).
int supported(const std::string& name) {
  for (const feature& f : known_features) {
    if (name == f.name) {
      return f.supported() ? 1 : 0;
    }
  }
  return -1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <feature,feature,...> <program> [arguments...]\n", argv[0]);
    return 2;
  }
  __builtin_cpu_init();
  std::string missing;
  const std::string features = argv[1];
  for (std::size_t start = 0; start < features.size();) {
    const std::size_t end = std::min(features.find(',', start), features.size());
    const std::string name = features.substr(start, end - start);
    start = end + 1;
    if (name.empty()) {
      continue;
    }
    const int status = supported(name);
    if (status < 0) {
      std::fprintf(stderr, "simdact_isa_guard: unknown CPU feature '%s'\n", name.c_str());
      return 2;
    }
    if (status == 0) {
      missing += missing.empty() ? name : " " + name;
    }
  }
  if (!missing.empty()) {
    std::printf("SKIPPED: this CPU lacks %s, which %s was built for\n", missing.c_str(), argv[2]);
    return skip_status;
  }
  std::fflush(stdout);
  execv(argv[2], argv + 2);
  std::fprintf(stderr, "simdact_isa_guard: cannot run %s: %s\n", argv[2], std::strerror(errno));
  return 2;
}
