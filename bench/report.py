#!/usr/bin/env python3
"""Turn simdact benchmark JSON into a markdown report and SVG charts (python3 stdlib only).

    report.py [LABEL=]results.json ... [--main LABEL] [--markdown out.md] [--svg-prefix docs/bench]

Each file is one run of a benchmark binary (--benchmark_out=...json). LABEL names its build
(native, avx2, sse2); without one it comes from the binary's name (simdact_bench_avx2 -> avx2,
simdact_bench and simdact_bench_onednn -> native). Rows are "<impl>/<type>/<op>/<n>", see
bench_data.hpp. Every ratio comes from one file, i.e. one run: the "paired_<reference>" rows'
ratio counter (the row and its roofline or oneDNN timed in turns, see run_pair in
bench_runner.hpp) where the run has them, else the quotient of the two rows' medians.
"""

import argparse
import json
import math
import os
import statistics
import sys
from collections import defaultdict

SIZES = [1 << 12, 1 << 16, 1 << 20, 1 << 24]
OPS = [
    "relu.forward", "relu.backward", "relu.backward_from_output",
    "leaky_relu.forward", "leaky_relu.backward", "leaky_relu.backward_from_output",
    "elu.forward", "elu.backward", "elu.backward_from_output",
    "prelu_nchw.forward", "prelu_nchw.backward", "prelu_nhwc.forward", "prelu_nhwc.backward",
]
IN_PLACE = [op + ".inplace" for op in OPS if op.endswith(".forward")]
TYPES = {"f32": "float", "f64": "double"}
BUILD_ORDER = ["sse2", "avx2", "native"]


def roofline_of(op):
    """The roofline row with the same memory traffic as op."""
    if op.endswith(".forward") or op.endswith(".forward.inplace"):
        return "read1_write1"
    if op.startswith("prelu") and op.endswith(".backward"):
        return "read2_write1_reduce"
    return "read2_write1"


def label_of(path, context):
    exe = os.path.basename(context.get("executable", path))
    for isa in ("sse2", "avx2"):
        if exe.endswith("_" + isa):
            return isa
    return "native"


def load(paths):
    """{label: {(impl, type, op, n): (bytes/s, items/s, ratio or None)}}, medians over repetitions."""
    runs = {}
    for arg in paths:
        label, _, path = arg.rpartition("=")
        with open(path) as f:
            doc = json.load(f)
        label = label or label_of(path, doc.get("context", {}))
        samples = defaultdict(list)
        medians = {}
        for b in doc["benchmarks"]:
            if "error_occurred" in b and b["error_occurred"]:
                continue
            name = b.get("run_name", b["name"])
            impl, typ, op, n = name.split("/")[:4]
            key = (impl, typ, op, int(n))
            value = (b.get("bytes_per_second", 0.0), b.get("items_per_second", 0.0), b.get("ratio"))
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    medians[key] = value
            else:
                samples[key].append(value)
        rows = runs.setdefault(label, {})
        for key, values in samples.items():
            ratios = [v[2] for v in values if v[2] is not None]
            rows[key] = (statistics.median(v[0] for v in values),
                         statistics.median(v[1] for v in values),
                         statistics.median(ratios) if ratios else None)
        rows.update(medians)  # Google Benchmark's own medians win when present
    return runs


def ratio(rows, key, other):
    """items/s of key over items/s of other (same n, so the same as a time ratio)."""
    if key in rows and other in rows and rows[other][1] > 0:
        return rows[key][1] / rows[other][1]
    return None


def paired(rows, reference, typ, op, n):
    """The paired_<reference> row's ratio: simdact timed in turns with the reference."""
    value = rows.get(("paired_" + reference, typ, op, n))
    return value[2] if value is not None else None


def vs_roofline(rows, typ, op, n):
    found = paired(rows, "roofline", typ, op, n)
    if found is not None:
        return found
    return ratio(rows, ("simdact", typ, op, n), ("roofline", typ, roofline_of(op), n))


def vs_onednn(rows, dnn, typ, op, n):
    """dnn: where the oneDNN rows are (rows itself, or another run's when rows has none)."""
    found = paired(rows, "onednn", typ, op, n)
    if found is not None:
        return found
    key, dkey = ("simdact", typ, op, n), ("onednn", typ, op, n)
    if key in rows and dkey in dnn and dnn[dkey][1] > 0:
        return rows[key][1] / dnn[dkey][1]
    return None


def onednn_rows(runs, label):
    """oneDNN rows from the same run when it has them, else from any run (marked as such)."""
    rows = runs[label]
    if any(k[0] == "onednn" for k in rows):
        return rows, True
    for other in runs.values():
        if any(k[0] == "onednn" for k in other):
            return other, False
    return {}, True


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def size_name(n):
    return f"2^{int(math.log2(n))}"


def main_table(runs, label, typ):
    rows = runs[label]
    dnn, same_run = onednn_rows(runs, label)
    lines = [
        f"| op ({TYPES[typ]}, {label}) | n | GB/s | Gelem/s | ÷ roofline | ÷ naive | ÷ oneDNN{'' if same_run else ' (other run)'} |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for op in OPS + IN_PLACE:
        for n in SIZES:
            key = ("simdact", typ, op, n)
            if key not in rows:
                continue
            roof = vs_roofline(rows, typ, op, n)
            naive = ratio(rows, key, ("naive", typ, op, n))
            onednn = vs_onednn(rows, dnn, typ, op, n)
            lines.append(f"| {op} | {size_name(n)} | {rows[key][0] / 1e9:.1f} | "
                         f"{rows[key][1] / 1e9:.2f} | {fmt(roof)} | {fmt(naive)} | {fmt(onednn)} |")
    return "\n".join(lines)


def reference_table(runs, label, typ):
    """Absolute speed of the rooflines, naive loops and oneDNN, for context."""
    rows = runs[label]
    dnn, _ = onednn_rows(runs, label)
    lines = [f"| reference ({TYPES[typ]}, {label}) | " + " | ".join(size_name(n) for n in SIZES) + " |",
             "|---|" + "---:|" * len(SIZES)]
    names = [("roofline", r) for r in ("read1_write1", "read1_write1.memcpy", "read2_write1",
                                       "read2_write1_reduce")]
    for impl, op in names:
        cells = [fmt(rows[(impl, typ, op, n)][0] / 1e9, 1) if (impl, typ, op, n) in rows else "–"
                 for n in SIZES]
        lines.append(f"| {impl} {op} (GB/s) | " + " | ".join(cells) + " |")
    for op in OPS:
        for impl, src in (("naive", rows), ("onednn", dnn)):
            if not any((impl, typ, op, n) in src for n in SIZES):
                continue
            cells = [fmt(src[(impl, typ, op, n)][1] / 1e9) if (impl, typ, op, n) in src else "–"
                     for n in SIZES]
            lines.append(f"| {impl} {op} (Gelem/s) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def builds_table(runs, typ):
    """simdact Gelem/s per build, so users see what -mavx2 -mfma and -march=native buy."""
    builds = [b for b in BUILD_ORDER if b in runs] + [b for b in runs if b not in BUILD_ORDER]
    head = " / ".join(builds)
    lines = [f"| op ({TYPES[typ]}), Gelem/s: {head} | " + " | ".join(size_name(n) for n in SIZES) + " |",
             "|---|" + "---:|" * len(SIZES)]
    for op in OPS:
        cells = []
        for n in SIZES:
            values = [runs[b].get(("simdact", typ, op, n)) for b in builds]
            cells.append(" / ".join("–" if v is None else f"{v[1] / 1e9:.2f}" for v in values))
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(runs, label):
    """The issue's float32 targets, each with its worst measured ratio, PASS or FAIL."""
    rows = runs[label]
    dnn, _ = onednn_rows(runs, label)
    out = []

    def check(title, entries, threshold, unit="×"):
        entries = [(what, v) for what, v in entries if v is not None]
        if not entries:
            out.append(f"- {title}: not measured")
            return
        worst = min(entries, key=lambda e: e[1])
        def shown(v):  # more decimals where two would round a miss up to the threshold
            digits = next((d for d in range(2, 6) if round(v, d) < threshold), 6)
            return f"{v:.{digits}f}"

        failing = [f"{what} {shown(v)}" for what, v in entries if v < threshold]
        verdict = "PASS" if not failing else "FAIL"
        line = f"- **{verdict}** {title}: worst {worst[1]:.2f}{unit} ({worst[0]})"
        if failing:
            line += "; below target: " + ", ".join(failing)
        out.append(line)

    def roof(typ, op, n):
        return vs_roofline(rows, typ, op, n)

    def onednn(op, n):
        return vs_onednn(rows, dnn, "f32", op, n)

    memory_bound = [op for op in OPS if not op.startswith("elu.") or op == "elu.backward_from_output"]
    for typ in ("f32", "f64"):
        check(f"{TYPES[typ]}: relu / leaky_relu / prelu forward, every backward (and elu "
              "backward_from_output) ≥ 0.9× roofline at every size",
              [(f"{op}@{size_name(n)}", roof(typ, op, n)) for op in memory_bound for n in SIZES], 0.9)
    check("prelu backward (dx + dweight) ≥ 0.9× roofline, both layouts",
          [(f"{op}@{size_name(n)}", roof("f32", op, n))
           for op in ("prelu_nchw.backward", "prelu_nhwc.backward") for n in SIZES], 0.9)
    for op in ("elu.forward", "elu.backward"):
        check(f"{op} ≥ 5 Gelem/s at 2^12 and 2^16",
              [(f"{op}@{size_name(n)}", rows[("simdact", "f32", op, n)][1] / 1e9)
               for n in SIZES[:2] if ("simdact", "f32", op, n) in rows], 5.0, " Gelem/s")
        check(f"{op} ≥ 2.5× oneDNN at 2^12 and 2^16",
              [(f"{op}@{size_name(n)}", onednn(op, n)) for n in SIZES[:2]], 2.5)
        check(f"{op} ≥ 0.9× roofline at 2^24", [(f"{op}@2^24", roof("f32", op, SIZES[-1]))], 0.9)
    check("every op ≥ 1.0× oneDNN at every size",
          [(f"{op}@{size_name(n)}", onednn(op, n)) for op in OPS for n in SIZES], 1.0)
    small = [(op, onednn(op, SIZES[0])) for op in OPS]
    if any(v is not None for _, v in small):
        out.append("- ratio to oneDNN at 2^12: " +
                   ", ".join(f"{op} {v:.1f}×" for op, v in small if v is not None))
    for op in ("elu.forward", "elu.backward"):
        check(f"double {op} ≥ 2× the naive std::expm1/std::exp loop at 2^16",
              [(f"{op}@2^16", ratio(rows, ("simdact", "f64", op, SIZES[1]),
                                    ("naive", "f64", op, SIZES[1])))], 2.0)
    return "\n".join(out)


# ---- SVG -----------------------------------------------------------------------------------

SERIES = [  # (label or None for the main build, impl, legend, colour, dash, width)
    ("native", "simdact", "simdact -march=native", "#1f4e9c", "", 2.5),
    ("avx2", "simdact", "simdact -mavx2 -mfma", "#3b9c5a", "", 1.8),
    ("sse2", "simdact", "simdact SSE2", "#9c9c3b", "", 1.8),
    ("native", "roofline", "memory roofline", "#555555", "6,4", 1.5),
    ("native", "onednn", "oneDNN 1 thread", "#d9730d", "", 1.8),
    ("native", "naive", "naive loop", "#b03060", "2,3", 1.5),
]


def nice_max(v):
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= v:
            return step * exp
    return 10 * exp


def svg_chart(runs, typ, title):
    cols, w, h = 4, 260, 190
    left, right, top, bottom = 52, 14, 30, 38
    panels = OPS + ["legend"]
    rows_n = math.ceil(len(panels) / cols)
    width, height = cols * w, rows_n * h + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>']
    for index, op in enumerate(panels):
        ox, oy = (index % cols) * w, 40 + (index // cols) * h
        pw, ph = w - left - right, h - top - bottom
        if op == "legend":
            for i, (label, impl, legend, colour, dash, width_) in enumerate(SERIES):
                y = oy + top + 8 + i * 20
                out.append(f'<line x1="{ox + 20}" y1="{y}" x2="{ox + 56}" y2="{y}" stroke="{colour}" '
                           f'stroke-width="{width_}" stroke-dasharray="{dash}"/>')
                out.append(f'<text x="{ox + 64}" y="{y + 4}">{legend}</text>')
            continue
        lines = []
        for label, impl, legend, colour, dash, width_ in SERIES:
            if label not in runs:
                continue
            name = roofline_of(op) if impl == "roofline" else op
            points = [(n, runs[label][(impl, typ, name, n)][0] / 1e9) for n in SIZES
                      if (impl, typ, name, n) in runs[label]]
            if points:
                lines.append((points, colour, dash, width_))
        ymax = nice_max(max((v for pts, *_ in lines for _, v in pts), default=1.0))
        x0, y0 = ox + left, oy + top
        out.append(f'<text x="{x0 + pw / 2}" y="{oy + 18}" text-anchor="middle" '
                   f'font-size="12" font-weight="bold">{op}</text>')
        for i in range(5):  # y grid and labels
            v = ymax * i / 4
            y = y0 + ph - ph * i / 4
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + pw}" y2="{y:.1f}" stroke="#e4e4e4"/>')
            out.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
        out.append(f'<text x="{ox + 12}" y="{y0 + ph / 2}" text-anchor="middle" '
                   f'transform="rotate(-90 {ox + 12} {y0 + ph / 2})">GB/s</text>')

        def xpos(n):
            return x0 + pw * (math.log2(n) - 12) / 12

        for n in SIZES:
            out.append(f'<text x="{xpos(n):.1f}" y="{y0 + ph + 14}" text-anchor="middle">'
                       f'{size_name(n)}</text>')
        out.append(f'<text x="{x0 + pw / 2}" y="{y0 + ph + 28}" text-anchor="middle">n (elements)</text>')
        out.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        for points, colour, dash, width_ in lines:
            path = " ".join(f"{xpos(n):.1f},{y0 + ph - ph * v / ymax:.1f}" for n, v in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="{width_}" stroke-dasharray="{dash}"/>')
            for n, v in points:
                out.append(f'<circle cx="{xpos(n):.1f}" cy="{y0 + ph - ph * v / ymax:.1f}" r="2.2" '
                           f'fill="{colour}"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", help="[LABEL=]file.json")
    parser.add_argument("--main", default="native", help="build whose ratios the main tables show")
    parser.add_argument("--markdown", help="write the markdown here (default: stdout)")
    parser.add_argument("--svg-prefix", help="write <prefix>-f32.svg and <prefix>-f64.svg")
    parser.add_argument("--machine", default="", help="machine description for the chart titles")
    args = parser.parse_args()

    runs = load(args.results)
    label = args.main if args.main in runs else next(iter(runs))
    parts = []
    if any(k[0].startswith("paired_") for k in runs[label]):
        parts.append("`÷ roofline` and `÷ oneDNN`: medians of paired timings, simdact and the "
                     "reference timed in turns on the same arrays (`paired_*` rows); `÷ naive` and "
                     "the in-place rows: quotients of the two rows' medians.")
    for typ in TYPES:
        parts += [f"### simdact {TYPES[typ]}, {label} build: throughput and ratios",
                  main_table(runs, label, typ),
                  f"### {TYPES[typ]} reference rows ({label} build)",
                  reference_table(runs, label, typ)]
    for typ in TYPES:
        parts += [f"### simdact {TYPES[typ]} by build (Gelem/s)", builds_table(runs, typ)]
    parts += [f"### Targets (float32 unless stated, {label} build)", targets(runs, label)]
    text = "\n\n".join(parts) + "\n"
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.svg_prefix:
        for typ in TYPES:
            title = f"simdact {TYPES[typ]}: GB/s (read + written) against size"
            if args.machine:
                title += f" — {args.machine}"
            with open(f"{args.svg_prefix}-{typ}.svg", "w") as f:
                f.write(svg_chart(runs, typ, title))


if __name__ == "__main__":
    main()
