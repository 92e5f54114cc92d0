#!/usr/bin/env bash
# Reliability stages, run by .ci/run after the README's test command (g++ 12 / C++17 / SSE2,
# AVX2+FMA, and AVX-512 where the CPU runs it: the `test` preset). Each stage is a function stage_<name>, listed in
# `stages` below in the order CI runs them; to add one, write the function and add its name.
#
#   install   the tools and libraries the stages need (apt-get)
#   format    clang-format-16 --dry-run -Werror over include/ tests/ bench/ examples/
#   tidy      clang-tidy-16 (.clang-tidy) over the fuzz target and the unit tests, which between
#             them instantiate every public function; warnings in include/simdact/ are errors
#   matrix    the unit tests of CMake presets gcc-cxx20 (g++ 12, C++20, AVX2+FMA) and
#             clang-cxx17 (clang 16, C++17, AVX2+FMA), then the fuzz checks built with g++,
#             replaying the seed corpus. With the `test` preset and clang-cxx20-asan, every
#             compiler x standard, compiler x ISA and standard x ISA pair is built and tested.
#   asan      preset clang-cxx20-asan: clang 16 / C++20 / SSE2, AVX2 and AVX-512, -O1 with
#             -fsanitize=address,undefined -fno-sanitize-recover=all: the unit tests and the
#             strided ulp sweep (label `accuracy`)
#   valgrind  memcheck of the g++ AVX2 unit tests (from matrix; valgrind 3.19 has no AVX-512)
#             that do not need long double references
#   tsan      clang 16 / C++17 / -march=native, -O1 -fsanitize=thread: the unit tests, among
#             them [threads], which runs every array function from four threads on separate data
#   bench     preset bench: builds every benchmark program (with the oneDNN, XNNPACK and Highway
#             rows) and runs each row once at the smallest size, so the benchmarks cannot rot
#   fuzz      the libFuzzer targets (clang 16, -fsanitize=fuzzer,address,undefined), native and
#             SSE2 side by side, SIMDACT_FUZZ_SECONDS (default 60) each from tests/fuzz/corpus
#
# Every build uses the warning set of cmake/simdactDeveloper.cmake with -Werror. Preset builds go
# to build/<preset> (run any by hand: cmake --workflow --preset <name>); the fuzz builds to
# build/reliability/ (SIMDACT_RELIABILITY_DIR to change it). SIMDACT_RELIABILITY_STAGES selects
# stages, e.g. "format tidy". Every stage prints its duration; any failure stops the script.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SIMDACT_RELIABILITY_DIR:-$root/build/reliability}
fuzz_seconds=${SIMDACT_FUZZ_SECONDS:-60}
jobs=${SIMDACT_JOBS:-2}
cd "$root"
mkdir -p "$out"

stages=(install format tidy matrix asan valgrind tsan bench fuzz)
summary=()

# configure, build and test one CMake preset (CMakePresets.json)
workflow() {
  echo "--- preset $1"
  cmake --workflow --preset "$1"
}

stage_install() {
  # apt-get update has already run in .ci/run.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    clang-16 libclang-rt-16-dev clang-format-16 clang-tidy-16 valgrind \
    libbenchmark-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev libhwy-dev >/dev/null
  clang++-16 --version | head -1
  g++-12 --version | head -1
}

stage_format() {
  local files
  mapfile -t files < <(git ls-files -- 'include/*.hpp' 'tests/*.hpp' 'tests/*.cpp' 'bench/*.hpp' \
    'bench/*.cpp' 'examples/*.hpp' 'examples/*.cpp')
  echo "${#files[@]} files"
  clang-format-16 --dry-run -Werror "${files[@]}"
}

stage_tidy() {
  local flags=(-std=c++17 -march=native "-I$root/include" "-I$root/tests"
    "-DSIMDACT_GOLDEN_BF16=\"$root/tests/golden/bf16_torch.txt\"")
  # test_isa.cpp instantiates nothing of simdact and needs its ISA from the build.
  printf '%s\n' tests/fuzz/fuzz_activations.cpp $(ls tests/test_*.cpp | grep -v test_isa.cpp) |
    xargs -P "$jobs" -I{} clang-tidy-16 --quiet {} -- "${flags[@]}"
}

stage_matrix() {
  workflow gcc-cxx20
  workflow clang-cxx17
  # The fuzz checks built with g++ (no libFuzzer), replaying the seed corpus.
  cmake -S tests/fuzz -B "$out/fuzz-gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=g++-12 -DSIMDACT_FUZZ_SANITIZE=OFF -DSIMDACT_FUZZ_ISAS=avx2 >/dev/null
  cmake --build "$out/fuzz-gcc" -j "$jobs"
  "$out/fuzz-gcc/simdact_fuzz_replay_avx2" tests/fuzz/corpus
}

stage_asan() {
  workflow clang-cxx20-asan
}

stage_valgrind() {
  # The plain g++ AVX2 unit tests from the matrix stage (valgrind 3.19 cannot decode AVX-512).
  # valgrind runs x87 long double arithmetic at double precision, so the tests whose reference
  # is long double (ulp bounds, PReLU sums) would fail spuriously; the rest cover every kernel,
  # length, offset and aliasing case and every error path.
  local tests="$root/build/gcc-cxx20/tests/simdact_tests_avx2"
  [ -x "$tests" ] || { echo "$tests is missing: run the matrix stage first"; return 1; }
  valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    -q "$tests" '[semantics],[errors],[inplace],[ranges],[batch]'
}

stage_tsan() {
  local dir="$out/clang-tsan"
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_CXX_FLAGS="-O1 -fsanitize=thread -fno-omit-frame-pointer" \
    -DSIMDACT_TEST_ISAS=native -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCHMARKS=OFF \
    -DSIMDACT_BUILD_EXAMPLES=OFF -DSIMDACT_BUILD_DISPATCH=OFF -DSIMDACT_INSTALL=OFF >/dev/null
  cmake --build "$dir" -j "$jobs" --target simdact_tests_native
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 "$dir/tests/simdact_tests_native"
}

stage_bench() {
  workflow bench
}

stage_fuzz() {
  local dir="$out/fuzz"
  cmake -S tests/fuzz -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DSIMDACT_FUZZ_ISAS="native;sse2" >/dev/null
  cmake --build "$dir" -j "$jobs"
  # New inputs go to a scratch corpus; the committed seeds are only read.
  rm -rf "$dir/work" "$dir/artifacts"
  mkdir -p "$dir/artifacts"
  local pids=() isa
  for isa in native sse2; do
    mkdir -p "$dir/work/$isa"
    "$dir/simdact_fuzz_$isa" "$dir/work/$isa" tests/fuzz/corpus -max_total_time="$fuzz_seconds" \
      -timeout=30 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$isa-" \
      >"$dir/$isa.log" 2>&1 &
    pids+=($!)
  done
  local failed=0 i=0
  for isa in native sse2; do
    if ! wait "${pids[$i]}"; then
      failed=1
      echo "fuzz target $isa FAILED; last lines of $dir/$isa.log:"
      grep -E -A2 'simdact fuzz mismatch|ERROR|runtime error' "$dir/$isa.log" | head -40 || true
      tail -n 5 "$dir/$isa.log"
    fi
    i=$((i + 1))
    local runs rate
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$isa.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/$isa.log")
    echo "fuzz $isa: ${runs:-?} inputs in ${fuzz_seconds} s, ${rate:-?} exec/s"
    summary+=("$(printf 'fuzz %-6s %s exec/s, %s inputs' "$isa" "${rate:-?}" "${runs:-?}")")
  done
  if [ "$failed" -ne 0 ]; then
    echo "reproduce with: $dir/simdact_fuzz_<isa> $dir/artifacts/<file>"
    return 1
  fi
}

selected=" ${SIMDACT_RELIABILITY_STAGES:-${stages[*]}} "
for name in $selected; do
  if [[ " ${stages[*]} " != *" $name "* ]]; then
    echo "unknown stage '$name'; stages: ${stages[*]}"
    exit 1
  fi
done
for name in "${stages[@]}"; do
  if [[ $selected == *" $name "* ]]; then
    start=$SECONDS
    echo "=== reliability: $name"
    "stage_$name"
    summary+=("$(printf '%-10s %5d s' "$name" "$((SECONDS - start))")")
    echo "=== reliability: $name passed in $((SECONDS - start)) s"
  fi
done

echo "=== reliability summary"
printf '  %s\n' "${summary[@]}"
