"""Hostile input against ordinary text: cost per byte of each hostile unit over WMT22's.

    python -m benchmarks hostile [--kb 100] [--single-line-mb 5] [--write benchmarks/results/hostile.md]

Each hostile unit of tests/test_linear_time.py (runs of quotes, brackets, spaces, mojibake,
one huge line, ...) is repeated to ``--kb`` kilobytes and checked and fixed (unsafe fixes on)
by the default pipeline; the same number of bytes of consecutive WMT22 ts-hyp lines is the
yardstick.  Target: no unit costs more than 20x per byte what WMT22 text costs.  Then
``--single-line-mb`` of WMT22 text joined into one line (spaces for line ends) against the
same text with its line ends: target well under 10x.  CPU time of this process, best of
three for the smaller texts.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

from ._data import ROOT
from .throughput import CORPUS, document_of, load_segments


def hostile_material():
    """MATERIAL and build() of tests/test_linear_time.py: the hostile units are defined once, there.

    tests/ is no package, so the file is loaded by its path rather than put on sys.path."""
    spec = importlib.util.spec_from_file_location("_linear_time", ROOT / "tests" / "test_linear_time.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MATERIAL, module.build


def cpu(fn, arg, reps: int = 3) -> float:
    best = float("inf")
    for _ in range(reps):
        t0 = time.process_time()
        fn(arg)
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kb", type=int, default=100)
    ap.add_argument("--single-line-mb", type=float, default=5.0)
    ap.add_argument("--write")
    args = ap.parse_args(argv)

    import textfix

    MATERIAL, build = hostile_material()

    if not CORPUS.exists():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    size = args.kb * 1000
    pipe = textfix.Pipeline()
    segs = load_segments()

    def work(text: str) -> None:
        pipe.check(text)
        pipe.fix(text, unsafe=True)

    ordinary = document_of(segs, size)
    work(ordinary[:20000])  # lazy loads
    base = cpu(work, ordinary) / len(ordinary.encode("utf-8"))
    rows = []
    for name, unit in MATERIAL.items():
        text = build(unit, size)
        per_byte = cpu(work, text) / len(text.encode("utf-8"))
        rows.append((name, per_byte / base, per_byte))
        print(f"  {name:<24} {per_byte / base:6.1f}x", file=sys.stderr)
    lines = [
        f"# Hostile input ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"    python -m benchmarks hostile --kb {args.kb} --single-line-mb {args.single_line_mb}",
        "",
        f"Cost per byte of check + unsafe fix on {args.kb} KB of each hostile unit, over the cost per byte of "
        f"{args.kb} KB of WMT22 ts-hyp lines ({base * 1e9:.0f} ns/byte here). Target: at most 20x.",
        "",
        "The ratio moves with either side: the ns/byte column is the unit's own cost, to compare across runs.",
        "",
        "| unit | x WMT22 per byte | ns/byte |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| `{name}` | {ratio:.1f}x | {cost * 1e9:,.0f} |" for name, ratio, cost in sorted(rows, key=lambda r: -r[1])
    ]
    worst = max(rows, key=lambda r: r[1])
    lines += ["", f"Worst: `{worst[0]}` at {worst[1]:.1f}x (target <= 20x).", ""]

    big = document_of(segs, int(args.single_line_mb * 1e6))
    one_line = big.replace("\n", " ")
    t_lines = cpu(pipe.check, big, 1)
    t_one = cpu(pipe.check, one_line, 1)
    lines += [
        f"check of {len(big.encode('utf-8')) / 1e6:.1f} MB: as lines {t_lines:.2f} s, as one line {t_one:.2f} s: "
        f"{t_one / t_lines:.2f}x (target well under 10x).",
        "",
    ]
    out = "\n".join(lines)
    print(out)
    if args.write:
        Path(args.write).write_text(out, encoding="utf-8")
    return 0
