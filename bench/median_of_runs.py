#!/usr/bin/env python3
"""Median of several qiao_kernel_bench runs, as the Markdown table RESULTS.md shows.

    for i in 1 2 3; do build/bin/qiao_kernel_bench --benchmark_out=run$i.json \
        --benchmark_out_format=json; done
    bench/median_of_runs.py run1.json run2.json run3.json

Each ratio is the median over runs of the ratio measured within one run (itself the median of
that run's per-round ratios), never a ratio of medians taken from different runs.
"""
import json
import statistics
import sys

COLUMNS = ["plain_ms", "interp_ms", "jit_ms", "pocl_ms", "translated_ms", "jit/plain",
           "jit/pocl", "interp/plain", "pocl/plain", "translated/plain", "translated/jit",
           "jit_compile_ms", "pocl_build_ms", "pocl_compile_ms"]


def fmt(value):
    """Three significant digits without an exponent."""
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def main(paths):
    values = {}  # workload -> counter -> [value per run]
    order = []
    for path in paths:
        with open(path) as f:
            for bench in json.load(f)["benchmarks"]:
                if bench.get("error_occurred"):
                    print(f"{path}: {bench['name']}: {bench.get('error_message')}",
                          file=sys.stderr)
                    continue
                name = bench["name"].split("/")[1]
                if name not in values:
                    values[name] = {}
                    order.append(name)
                for column in COLUMNS:
                    if column in bench:
                        values[name].setdefault(column, []).append(bench[column])
    present = [c for c in COLUMNS if any(c in v for v in values.values())]
    print("| workload | " + " | ".join(present) + " |")
    print("|---" * (len(present) + 1) + "|")
    for name in order:
        cells = []
        for column in present:
            runs = values[name].get(column)
            cells.append(fmt(statistics.median(runs)) if runs else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
