#!/usr/bin/env python3
"""Prints the median of every criterion benchmark under target/criterion as a Markdown table,
one row per benchmark, one column per log size, with load's ratio to the TOML floor."""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
SIZES = ["1k", "10k", "100k", "1M"]


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


medians = {}
for est in sorted(root.glob("*/*/*/new/estimates.json")):
    group, name, size = est.parts[-5:-2]
    medians[(group, name, size)] = json.loads(est.read_text())["median"]["point_estimate"]

rows = sorted({(g, n) for g, n, _ in medians})
print("| benchmark | " + " | ".join(SIZES) + " |")
print("|---|" + "---:|" * len(SIZES))
for g, n in rows:
    cells = [fmt(medians[(g, n, s)]) if (g, n, s) in medians else "–" for s in SIZES]
    print(f"| {g}/{n} | " + " | ".join(cells) + " |")
    if (g, n) == ("load", "parse_validate"):
        ratios = []
        for s in SIZES:
            a, b = medians.get((g, n, s)), medians.get((g, "toml_table", s))
            ratios.append(f"{a / b:.2f}×" if a and b else "–")
        print("| load: parse_validate ÷ toml_table | " + " | ".join(ratios) + " |")
