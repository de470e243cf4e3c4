#!/usr/bin/env python3
"""Runs the timed programs (shim/tests/programs/timed_*.cu, nvcc-built by the build) at full size
under qiao-run with the default settings, as a user would run their own benchmark, and prints a
markdown table: each program's first launch, its steady launches and the same arithmetic as a
plain C++ loop in the same process (one thread), medians over the runs.

A cold run starts with an empty kernel cache (QIAO_CACHE_DIR, a fresh directory), a warm one
reuses it. Usage: bench/run_programs.py [BUILD_DIR] [--runs N]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

PROGRAMS = [
    # name, arguments (elements, iterations), what it stands for
    ("timed_triad", ["16777216", "50"], "memory-bound: a = b + s * c, 2^24 floats, 50 launches"),
    ("timed_black_scholes", ["4194304", "10"],
     "compute-bound: Black-Scholes, 2^22 options, 10 launches"),
]
LINE = re.compile(r"timed (\S+): first launch ([\d.]+) ms, device ([\d.]+) ms, "
                  r"plain loop ([\d.]+) ms, device/plain ([\d.]+)")


def run_once(qiao_run, program, args, cache_dir):
    env = dict(os.environ, QIAO_CACHE_DIR=cache_dir)
    env.pop("QIAO_EXEC", None)
    out = subprocess.run([qiao_run, program] + args, env=env, capture_output=True, text=True,
                         timeout=600)
    match = LINE.search(out.stdout)
    if out.returncode != 0 or not match or "PASS" not in out.stdout:
        sys.exit(f"{program} failed (exit {out.returncode}):\n{out.stdout}{out.stderr}")
    return [float(match.group(i)) for i in range(2, 6)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    qiao_run = os.path.join(options.build, "bin", "qiao-run")
    print("| program | cache | first launch ms | device ms | plain loop ms | device / plain |")
    print("|---|---|---|---|---|---|")
    for name, args, _ in PROGRAMS:
        program = os.path.join(options.build, "shim", "tests", "programs", name)
        results = {"cold": [], "warm": []}
        for _ in range(options.runs):
            with tempfile.TemporaryDirectory() as cache:
                results["cold"].append(run_once(qiao_run, program, args, cache))
                results["warm"].append(run_once(qiao_run, program, args, cache))
        for kind, rows in results.items():
            first, device, plain, ratio = (statistics.median(column) for column in zip(*rows))
            print(f"| {name} | {kind} | {first:.1f} | {device:.1f} | {plain:.1f} | "
                  f"**{ratio:.2f}** |")
    for name, _, what in PROGRAMS:
        print(f"\n{name}: {what}", end="")
    print()


if __name__ == "__main__":
    main()
