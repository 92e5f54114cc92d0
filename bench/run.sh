#!/bin/sh
# Builds and runs the benchmark suite, then writes the report, the charts and the README summary:
#
#   bench/run.sh [BUILD_DIR] [RESULTS_DIR] [DOCS_DIR]
#
# Defaults: build/bench (the `bench` CMake preset's), BUILD_DIR/results, docs. Writes
#   DOCS_DIR/benchmarks.md          the whole report (generated only; never edit it by hand)
#   DOCS_DIR/benchmarks-summary.md  three lines and the float chart, also put into README.md
#                                   between its summary markers when DOCS_DIR is docs
#   DOCS_DIR/bench-f32.svg, -f64.svg
#   RESULTS_DIR/*.json, targets.md  the raw runs (half.json: simdact_bench_half, the 16-bit rows),
#                                   and the project's targets PASS or FAIL
#
# MIN_TIME (default 0.05 s) and REPETITIONS (default 7) trade run time for noise (about 15
# minutes with the defaults; MIN_TIME=0.01 REPETITIONS=3 for a quick check of the pipeline);
# SIZES=quick keeps 2^12 and 2^16 only (the report shows "–" for the rest). CMAKE_ARGS is passed
# to cmake (e.g. CMAKE_ARGS=-DSIMDACT_WERROR=OFF). Repetitions run in random order, so a burst of
# load from another tenant of a shared machine spreads over every row instead of landing on a
# few, and the medians the report uses stay near the quiet machine's figures.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build/bench}
results=${2:-$build/results}
docs=${3:-$src/docs}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF \
  -DSIMDACT_BUILD_BENCHMARKS=ON -DSIMDACT_BUILD_EXAMPLES=OFF -DSIMDACT_INSTALL=OFF ${CMAKE_ARGS:-}
cmake --build "$build" -j2
mkdir -p "$results" "$docs"

filter=.
if [ "${SIZES:-all}" = quick ]; then
  filter='/(4096|65536)$'
fi
run() { # binary label
  "$build/bench/$1" --benchmark_min_time="${MIN_TIME:-0.05}" \
    --benchmark_repetitions="${REPETITIONS:-7}" --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true --benchmark_filter="$filter" \
    --benchmark_out_format=json --benchmark_out="$results/$2.json"
}
runs=""
for isa in sse2 avx2; do
  if [ -x "$build/bench/simdact_bench_$isa" ]; then
    run "simdact_bench_$isa" "$isa"
    runs="$runs $isa=$results/$isa.json"
  fi
done
# The native build, with every peer that was found (oneDNN, XNNPACK, Highway) in the same run.
export OMP_NUM_THREADS=1 # oneDNN single-threaded, like simdact
run simdact_bench native
runs="$runs native=$results/native.json"
# bfloat16 and float16 with their 16-bit rooflines and the float rows, for the 16-bit section.
half=""
if [ -x "$build/bench/simdact_bench_half" ]; then
  run simdact_bench_half half
  half="--half $results/half.json"
fi

machine="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc --all) cores" # --all: OMP_NUM_THREADS=1 above would make nproc say 1
source="commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$src" status --porcelain -- include bench 2>/dev/null)" ]; then
  source="$source with local changes"
fi
readme=""
if [ "$docs" = "$src/docs" ]; then
  readme="--readme $src/README.md"
fi
# shellcheck disable=SC2086 # $runs, $half and $readme are word lists
python3 "$src/bench/report.py" $runs $half --markdown "$docs/benchmarks.md" \
  --svg-prefix "$docs/bench" --summary "$docs/benchmarks-summary.md" $readme \
  --targets "$results/targets.md" --machine "$machine" --source "$source"
cat "$results/targets.md"
echo "report: $docs/benchmarks.md  summary: $docs/benchmarks-summary.md  charts: $docs/bench-f32.svg $docs/bench-f64.svg"
