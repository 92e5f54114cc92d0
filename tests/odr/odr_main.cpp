// Runs every registered file's calls that this CPU can run and writes each result to
// <dir>/<isa>.bin, for check_odr.cmake to compare. Built with no -m flags and no simdact.

#include "runs.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

namespace {

std::map<std::string, std::string (*)()>& runs() {
  static std::map<std::string, std::string (*)()> registered;
  return registered;
}

bool cpu_runs([[maybe_unused]] const std::string& isa) {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
  if (isa == "avx2") {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  if (isa == "avx512") {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("fma");
  }
#endif
  return true; // sse2 on x86-64; a dispatched run picks what the CPU has
}

} // namespace

bool simdact_test::add_run(const char* isa, std::string (*run)()) {
  return runs().emplace(isa, run).second;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
    return 2;
  }
  for (const auto& [isa, run] : runs()) {
    if (!cpu_runs(isa)) {
      std::printf("skipping %s: this CPU cannot run it\n", isa.c_str());
      continue;
    }
    const std::string bytes = run();
    std::ofstream(std::string(argv[1]) + "/" + isa + ".bin", std::ios::binary) << bytes;
    std::printf("%s: %zu bytes\n", isa.c_str(), bytes.size());
  }
  return 0;
}
