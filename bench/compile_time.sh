#!/usr/bin/env bash
# How long a user file takes to compile with simdact: bench/compile_time/all_ops.cpp (every
# array-level operation for float and double) against include_only.cpp, in the same run, with
# the project's warning flags, at -O2 -march=native and at -O1 with ASan + UBSan; then each
# operation alone (its share). Median of $SIMDACT_COMPILE_REPEATS runs (default 3) of the
# compiler's CPU time (user + system), which other work on a shared machine disturbs less than
# the wall clock.
#
#   bench/compile_time.sh [compiler]        (default g++)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cxx=${1:-g++}
repeats=${SIMDACT_COMPILE_REPEATS:-3}
src="$root/bench/compile_time"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common=(-std=c++17 -Wall -Wextra -Wpedantic -Werror "-I$root/include" -c -o "$out/a.o")

# seconds <flags...> <file>: the median CPU time of $repeats compilations.
seconds() {
  local times=() i t
  for ((i = 0; i < repeats; ++i)); do
    t=$({ TIMEFORMAT='%3U %3S'; time "$cxx" "${common[@]}" "$@"; } 2>&1 | tail -1)
    times+=("$(echo "$t" | awk '{ print $1 + $2 }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((repeats + 1) / 2))p"
}

report() { # name flags...
  local name=$1
  shift
  local base all ratio
  base=$(seconds "$@" "$src/include_only.cpp")
  all=$(seconds "$@" "$src/all_ops.cpp")
  ratio=$(echo "scale=2; $all / $base" | bc)
  printf '%-10s include-only %6.2f s   all ops %7.2f s   ratio %6.2f\n' "$name" "$base" "$all" \
    "$ratio"
  local op names=(relu leaky_relu elu prelu_fwd prelu_bwd)
  for op in 0 1 2 3 4; do
    local t
    t=$(seconds "$@" -DSIMDACT_ONLY_OP=$op "$src/all_ops.cpp")
    printf '           %-11s %7.2f s  (%5.1f%% of all ops above include-only; a fair share is 20%%)\n' \
      "${names[$op]}" "$t" "$(echo "scale=3; 100 * ($t - $base) / ($all - $base)" | bc)"
  done
}

echo "$("$cxx" --version | head -1), median of $repeats"
report "-O2 native" -O2 -march=native
report "-O1 asan" -O1 -march=native -fsanitize=address,undefined
