#!/bin/sh
# Builds and runs the benchmark suite, then writes the report and the charts.
#
#   bench/run.sh [BUILD_DIR] [RESULTS_DIR] [CHARTS_PREFIX]
#
# Defaults: build/bench, BUILD_DIR/results, docs/bench (-> docs/bench-f32.svg, -f64.svg).
# MIN_TIME (default 0.05 s) and REPETITIONS (default 7) trade run time for noise; CMAKE_ARGS is
# passed to cmake (e.g. CMAKE_ARGS=-DSIMDACT_WERROR=OFF). Repetitions run in random order, so a
# burst of load from another tenant of a shared machine spreads over every row instead of
# landing on a few, and the medians the report uses stay near the quiet machine's figures.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build/bench}
results=${2:-$build/results}
charts=${3:-$src/docs/bench}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF \
  -DSIMDACT_BUILD_EXAMPLES=OFF -DSIMDACT_INSTALL=OFF ${CMAKE_ARGS:-}
cmake --build "$build" -j2
mkdir -p "$results" "$(dirname "$charts")"

run() { # binary label
  "$build/bench/$1" --benchmark_min_time="${MIN_TIME:-0.05}" \
    --benchmark_repetitions="${REPETITIONS:-7}" --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true \
    --benchmark_out_format=json --benchmark_out="$results/$2.json"
}
run simdact_bench_sse2 sse2
run simdact_bench_avx2 avx2
if [ -x "$build/bench/simdact_bench_onednn" ]; then
  export OMP_NUM_THREADS=1 # oneDNN single-threaded, like simdact
  run simdact_bench_onednn native # native simdact rows and oneDNN rows in one run
else
  run simdact_bench native
fi

machine="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc --all) cores" # --all: OMP_NUM_THREADS=1 above would make nproc say 1
python3 "$src/bench/report.py" sse2="$results/sse2.json" avx2="$results/avx2.json" \
  native="$results/native.json" --markdown "$results/report.md" --svg-prefix "$charts" \
  --machine "$machine"
echo "report: $results/report.md  charts: $charts-f32.svg $charts-f64.svg"
