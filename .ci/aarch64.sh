#!/usr/bin/env bash
# The AArch64 (NEON) stage, run by .ci/run: cross-builds simdact's tests and examples with
# Debian's aarch64-linux-gnu-g++ (cmake/toolchains/aarch64-linux-gnu.cmake) and runs them under
# qemu-aarch64:
#
#   build      tests, examples, the inlining check's object, the agreement program
#   unit       the unit tests (label unit) and the inlining check: no xsimd call left in a loop
#   accuracy   the strided ULP sweep (every 251st float, 2^20 doubles)
#   examples   the four examples, which check their own output
#   package    the packaging tests, their consumers cross-built and run under qemu too
#              (package.pkg_config is excluded: it runs the program it compiles directly)
#   agreement  tests/agreement.cpp on 2^20 inputs per operation: NEON against AVX2+FMA, every
#              output but PReLU's dweight bit-identical; SSE2 and the build machine's native
#              (AVX-512 here) against AVX2+FMA, ReLU/Leaky ReLU/PReLU bit-identical and ELU
#              within the bounds the program prints
#   arm32      32-bit ARM is refused at compile time with simdact's message (if
#              g++-arm-linux-gnueabihf installs)
#
# Each step prints its duration. Build trees: build/aarch64 and build/aarch64-x86 (agreement's
# x86 side); SIMDACT_AARCH64_DIR moves both.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SIMDACT_AARCH64_DIR:-$root/build}
jobs=${SIMDACT_JOBS:-2}
toolchain="$root/cmake/toolchains/aarch64-linux-gnu.cmake"
cross="$out/aarch64"
host="$out/aarch64-x86"
cd "$root"

step() {
  local name=$1 start=$SECONDS
  shift
  echo "--- aarch64: $name"
  "$@"
  echo "--- aarch64: $name passed in $((SECONDS - start)) s"
}

install_packages() {
  # apt-get update has already run in .ci/run.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libxsimd-dev catch2 >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    g++-arm-linux-gnueabihf >/dev/null || echo "g++-arm-linux-gnueabihf not installable"
  aarch64-linux-gnu-g++ --version | head -1
  qemu-aarch64 --version | head -1
}

build() {
  cmake -S "$root" -B "$cross" --toolchain "$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_EXAMPLES=ON -DSIMDACT_BUILD_BENCHMARKS=OFF \
    -DSIMDACT_INSTALL=ON >/dev/null
  nice -n 5 cmake --build "$cross" -j "$jobs"
  nice -n 5 cmake --build "$cross" -j "$jobs" --target simdact_agreement_default
}

run_tests() { # label regex, extra ctest arguments...
  local labels=$1
  shift
  ctest --test-dir "$cross" -L "$labels" -j "$jobs" --output-on-failure --timeout 1800 "$@"
}

# Runs a verbose ctest into a log and shows the lines matching pattern (or the log's end when it
# fails): assertion counts and ulp figures without 10^5 lines of output.
run_summarized() { # name, pattern, ctest arguments...
  local log="$cross/$1.log" pattern=$2
  shift 2
  if ctest --test-dir "$cross" -V --timeout 1800 "$@" >"$log" 2>&1; then
    grep -E "$pattern" "$log"
  else
    tail -n 80 "$log"
    echo "FAILED; the whole output is in $log"
    return 1
  fi
}

unit() {
  [[ $(ctest --test-dir "$cross" -N -L '^inlining$') == *default.inlined* ]] ||
    { echo "the inlining check was not added to the AArch64 build"; return 1; }
  run_summarized unit 'assertions|no call into xsimd|tests passed' -L '^unit$' -j "$jobs"
}

accuracy() {
  run_summarized accuracy 'simdact ulp sweep|inputs|ulp \(bound|tests passed' -L '^accuracy$'
}

examples() { run_tests '^examples$'; }

package() {
  echo "package.pkg_config excluded: it compiles the consumer with the flags pkg-config gives and" \
    "runs the program directly, not through the emulator"
  # A fresh consumer build tree takes the toolchain from the environment (CMake >= 3.21), so the
  # consumers are cross-built like this build and their ctest runs them under qemu.
  CMAKE_TOOLCHAIN_FILE="$toolchain" run_tests '^package$' -E '^package\.pkg_config$'
}

agreement() {
  cmake -S "$root" -B "$host" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=ON \
    -DSIMDACT_TEST_ISAS="sse2;avx2;native" -DSIMDACT_BUILD_EXAMPLES=OFF -DSIMDACT_BUILD_BENCHMARKS=OFF -DSIMDACT_INSTALL=OFF >/dev/null
  nice -n 5 cmake --build "$host" -j "$jobs" --target simdact_agreement_sse2 \
    simdact_agreement_avx2 simdact_agreement_native
  local dumps="$out/agreement"
  rm -rf "$dumps"
  mkdir -p "$dumps"/{sse2,avx2,native,neon}
  local isa
  for isa in sse2 avx2 native; do
    "$host/tests/simdact_agreement_$isa" write "$dumps/$isa"
  done
  qemu-aarch64 -L /usr/aarch64-linux-gnu "$cross/tests/simdact_agreement_default" write \
    "$dumps/neon"
  local status=0
  "$host/tests/simdact_agreement_avx2" compare "$dumps/avx2" "$dumps/neon" --identical || status=1
  "$host/tests/simdact_agreement_avx2" compare "$dumps/avx2" "$dumps/sse2" || status=1
  "$host/tests/simdact_agreement_avx2" compare "$dumps/avx2" "$dumps/native" || status=1
  rm -rf "$dumps" # about 400 MB per instruction set
  return "$status"
}

arm32() {
  if ! command -v arm-linux-gnueabihf-g++ >/dev/null; then
    echo "arm-linux-gnueabihf-g++ missing: the 32-bit ARM refusal is not tested"
    return 0
  fi
  local log
  if log=$(echo '#include <simdact/simdact.hpp>' |
    arm-linux-gnueabihf-g++ -std=c++17 -mfpu=neon -idirafter /usr/include -I"$root/include" \
      -x c++ -fsyntax-only - 2>&1); then
    echo "a 32-bit ARM build of simdact compiled; it must stop with simdact's #error"
    return 1
  fi
  grep -F 'simdact does not support 32-bit ARM' <<<"$log" ||
    { echo "32-bit ARM failed, but not with simdact's message:"; echo "$log" | head -20; return 1; }
}

selected=" ${SIMDACT_AARCH64_STEPS:-install build unit accuracy examples package agreement arm32} "
for entry in install:install_packages build:build unit:unit accuracy:accuracy examples:examples \
  package:package agreement:agreement arm32:arm32; do
  if [[ $selected == *" ${entry%%:*} "* ]]; then
    step "${entry%%:*}" "${entry#*:}"
  fi
done
echo "--- aarch64: all steps passed in $SECONDS s"
