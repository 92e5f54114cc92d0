#!/usr/bin/env bash
# Reliability stages (issue 6), run by .ci/run after the main test command. That command already
# builds and tests g++ 12 / C++17 / SSE2, AVX2+FMA and AVX-512 with the strict warning set below;
# this script adds:
#
#   format   clang-format-16 --dry-run -Werror over include/ tests/ bench/ examples/
#   tidy     clang-tidy-16 (.clang-tidy) over the fuzz target and the unit tests, which between
#            them instantiate every public function; warnings in include/simdact/ are errors
#   matrix   the unit tests with -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror (the
#            main build uses the same set, from tests/CMakeLists.txt), Release:
#              main      g++ 12    C++17  SSE2, AVX2+FMA, AVX-512   (README test command)
#              gcc-cxx20 g++ 12    C++20  AVX2+FMA
#              clang-cxx17 clang 16 C++17 AVX2+FMA
#              clang-cxx20-asan (next stage) clang 16 C++20 SSE2, AVX-512
#            so every compiler x standard, compiler x ISA and standard x ISA pair is built and
#            tested (7 of the 12 combinations; 4 of them here)
#   asan     clang 16 / C++20 / SSE2 + AVX-512, -O1 with -fsanitize=address,undefined
#            -fno-sanitize-recover=all: the unit tests and the strided ulp sweep (label
#            `accuracy`), i.e. everything but the exhaustive `sweep` label
#            The matrix stage also builds the fuzz checks with g++ and replays the seed corpus.
#   valgrind memcheck of the g++ AVX2 unit tests (valgrind 3.19 has no AVX-512) that do not
#            need long double references
#   tsan     clang 16 / C++17 / -march=native, -O1 -fsanitize=thread: the unit tests, among them
#            [threads], which runs every array function from four threads at once on separate data
#   fuzz     the libFuzzer targets (clang 16, -fsanitize=fuzzer,address,undefined), AVX-512 and
#            SSE2 side by side, SIMDACT_FUZZ_SECONDS (default 60) each from tests/fuzz/corpus
#
# Every stage prints its duration; any failure stops the script with a non-zero status.
# Build trees go to build/reliability/ (SIMDACT_RELIABILITY_DIR to change it);
# SIMDACT_RELIABILITY_STAGES selects stages (see the end of this file).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SIMDACT_RELIABILITY_DIR:-$root/build/reliability}
fuzz_seconds=${SIMDACT_FUZZ_SECONDS:-60}
jobs=${SIMDACT_JOBS:-2}
cd "$root"
mkdir -p "$out"

strict_warnings="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
summary=()

stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== reliability: $name"
  "$@"
  local took=$((SECONDS - start))
  echo "=== reliability: $name passed in ${took} s"
  summary+=("$(printf '%-10s %5d s' "$name" "$took")")
}

install_tools() {
  # apt-get update has already run in .ci/run.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    clang-16 libclang-rt-16-dev clang-format-16 clang-tidy-16 valgrind >/dev/null
  clang++-16 --version | head -1
  g++-12 --version | head -1
}

check_format() {
  local files
  mapfile -t files < <(git ls-files -- 'include/*.hpp' 'tests/*.hpp' 'tests/*.cpp' 'bench/*.hpp' \
    'bench/*.cpp' 'examples/*.hpp' 'examples/*.cpp')
  echo "${#files[@]} files"
  clang-format-16 --dry-run -Werror "${files[@]}"
}

check_tidy() {
  local flags=(-std=c++17 -march=native "-I$root/include" "-I$root/tests")
  printf '%s\n' tests/fuzz/fuzz_activations.cpp tests/test_*.cpp |
    xargs -P "$jobs" -I{} clang-tidy-16 --quiet {} -- "${flags[@]}"
}

# configure_build_test <name> <compiler> <standard> <isas> <build type> <extra flags> <labels>
configure_build_test() {
  local name=$1 cxx=$2 std=$3 isas=$4 type=$5 extra=$6 labels=$7
  local dir="$out/$name"
  echo "--- $name: $cxx, C++$std, ISAs $isas, $type, $strict_warnings $extra"
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_STANDARD="$std" -DCMAKE_CXX_STANDARD_REQUIRED=ON -DCMAKE_CXX_EXTENSIONS=OFF \
    -DCMAKE_CXX_FLAGS="$strict_warnings $extra" -DSIMDACT_TEST_ISAS="$isas" \
    -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCHMARKS=OFF -DSIMDACT_BUILD_EXAMPLES=OFF \
    -DSIMDACT_INSTALL=OFF >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" -L "$labels" -LE '^sweep$' -j "$jobs" --output-on-failure --timeout 900
}

matrix() {
  configure_build_test gcc-cxx20 g++-12 20 avx2 Release "" '^unit$'
  configure_build_test clang-cxx17 clang++-16 17 avx2 Release "" '^unit$'
  # The fuzz checks built with g++ (no libFuzzer), replaying the seed corpus.
  cmake -S tests/fuzz -B "$out/fuzz-gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=g++-12 -DSIMDACT_FUZZ_SANITIZE=OFF -DSIMDACT_FUZZ_ISAS=avx2 >/dev/null
  cmake --build "$out/fuzz-gcc" -j "$jobs"
  "$out/fuzz-gcc/simdact_fuzz_replay_avx2" tests/fuzz/corpus
}

sanitizers() {
  # clang at -O1: g++ -O3 with both sanitizers takes ~10x longer to compile the tests.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  configure_build_test clang-cxx20-asan clang++-16 20 "sse2;native" Debug \
    "-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    '^(unit|accuracy)$'
}

valgrind_memcheck() {
  # The plain g++ AVX2 unit tests from the matrix stage (valgrind 3.19 cannot decode AVX-512).
  # valgrind runs x87 long double arithmetic at double precision, so the tests whose reference
  # is long double (ulp bounds, PReLU sums) would fail spuriously; the rest cover every kernel,
  # length, offset and aliasing case and every error path.
  local tests="$out/gcc-cxx20/tests/simdact_tests_avx2"
  [ -x "$tests" ] || { echo "$tests is missing: run the matrix stage first"; return 1; }
  valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    -q "$tests" '[semantics],[errors],[inplace],[ranges],[batch]'
}

thread_sanitizer() {
  local dir="$out/clang-tsan"
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_CXX_FLAGS="$strict_warnings -O1 -fsanitize=thread -fno-omit-frame-pointer" \
    -DSIMDACT_TEST_ISAS=native -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCHMARKS=OFF \
    -DSIMDACT_BUILD_EXAMPLES=OFF -DSIMDACT_INSTALL=OFF >/dev/null
  cmake --build "$dir" -j "$jobs" --target simdact_tests_native
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 "$dir/tests/simdact_tests_native"
}

fuzz() {
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

# SIMDACT_RELIABILITY_STAGES picks stages, e.g. "fuzz" or "format tidy" (valgrind needs matrix).
selected=" ${SIMDACT_RELIABILITY_STAGES:-install format tidy matrix asan valgrind tsan fuzz} "
for entry in install:install_tools format:check_format tidy:check_tidy matrix:matrix \
  asan:sanitizers valgrind:valgrind_memcheck tsan:thread_sanitizer fuzz:fuzz; do
  if [[ $selected == *" ${entry%%:*} "* ]]; then
    stage "${entry%%:*}" "${entry#*:}"
  fi
done

echo "=== reliability summary"
printf '  %s\n' "${summary[@]}"
