"""Throughput of textfix against ftfy and sacremoses on the same segments, in one run.

    python benchmarks/throughput.py [--repeat 3] [--limit N] [--write benchmarks/results/throughput.md]

Every segment of ../shared/wmt22/ts-hyp/ (one per line, line ending removed) goes through
each tool: ``ftfy.fix_text`` (its defaults), sacremoses' ``MosesPunctNormalizer('en')
.normalize``, textfix's default pipeline ``fix`` and ``check``.  Timing: a plain script,
not pytest-benchmark or pyperf, because the unit of work is the whole corpus (tens of
seconds), not a microsecond call to calibrate; the tools run interleaved in each repetition
(ftfy, moses, fix, check, ftfy, ...) so a busy machine slows them alike, and the table
gives the median of the repetitions.  Ratios are textfix's throughput over the peer's.

It also prints, per pass, on how many segments the pipeline's gate let the pass run and
the time spent inside it, so a slow pass can be named.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "wmt22" / "ts-hyp"


def load_segments(limit: int | None = None) -> list[str]:
    segs: list[str] = []
    for path in sorted(CORPUS.iterdir()):
        with open(path, encoding="utf-8", newline="") as fh:
            for line in fh:
                segs.append(line.rstrip("\r\n"))
    if limit:
        # An even sample across all systems, not the first files only.
        step = max(1, len(segs) // limit)
        segs = segs[::step][:limit]
    return segs


def time_once(fn: Callable[[str], object], segs: list[str]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for s in segs:
        fn(s)
    return time.perf_counter() - t0


def per_pass(pipe, segs: list[str]) -> list[tuple[str, int, float]]:
    """(pass, segments it ran on, seconds inside it) for a check of each segment.

    The time of a pass includes what the pipeline asks it before running it (its own
    trigger when the gate could not decide, its extra trigger), not the gate scan.
    """
    plan = pipe._plan
    rows = {p.name: [0, 0.0] for p, _, _ in plan.steps}
    doc_cls = __import__("textfix.model", fromlist=["Document"]).Document
    for s in segs:
        doc = None
        for _, p, _, test in plan.actions(plan.scan(s), None):
            if doc is None:
                doc = doc_cls(s, pipe.lang, pipe.enabled, {})
            t0 = time.perf_counter()
            if test is not None and not test(s):
                rows[p.name][1] += time.perf_counter() - t0
                continue
            list(p.check(doc))
            rows[p.name][0] += 1
            rows[p.name][1] += time.perf_counter() - t0
    return [(name, n, t) for name, (n, t) in rows.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="use an even sample of N segments")
    ap.add_argument("--write", help="also write the Markdown table to this file")
    ap.add_argument("--also-select", metavar="CODES",
                    help="also time textfix fix with only these rules (e.g. U,S,D: the foundation passes)")
    args = ap.parse_args(argv)

    if not CORPUS.exists():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    import ftfy
    from sacremoses import MosesPunctNormalizer

    import textfix

    segs = load_segments(args.limit)
    n = len(segs)
    mb = sum(len(s.encode("utf-8")) for s in segs) / 1e6
    pipe = textfix.default_pipeline()
    moses = MosesPunctNormalizer("en")
    tools: list[tuple[str, Callable[[str], object]]] = [
        ("ftfy.fix_text", ftfy.fix_text),
        ("sacremoses normalize", moses.normalize),
        ("textfix fix (default)", pipe.fix),
        ("textfix check (default)", pipe.check),
    ]
    if args.also_select:
        sub = textfix.default_pipeline(select=args.also_select.split(","))
        tools.append((f"textfix fix (--select {args.also_select})", sub.fix))
    # Warm-up: lazy imports and caches (wordfreq, gazetteers, regex compilation) load here.
    for _, fn in tools:
        for s in segs[:2000]:
            fn(s)
    times: dict[str, list[float]] = {name: [] for name, _ in tools}
    for r in range(args.repeat):
        for name, fn in tools:
            dt = time_once(fn, segs)
            times[name].append(dt)
            print(f"  run {r + 1}/{args.repeat}  {name:<24} {dt:7.2f} s", file=sys.stderr)
    med = {name: statistics.median(ts) for name, ts in times.items()}

    lines = []
    lines.append(f"Corpus: all of wmt22/ts-hyp/ ({n:,} segments, {mb:.1f} MB UTF-8)" if not args.limit else
                 f"Corpus: an even sample of wmt22/ts-hyp/ ({n:,} segments, {mb:.1f} MB UTF-8)")
    lines.append(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
                 f"median of {args.repeat} interleaved runs, one process")
    lines.append("")
    lines.append("| tool | segments/s | MB/s | median s | textfix fix / tool |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    fix_rate = n / med["textfix fix (default)"]
    for name, _ in tools:
        rate = n / med[name]
        lines.append(f"| {name} | {rate:,.0f} | {mb / med[name]:.2f} | {med[name]:.2f} | {fix_rate / rate:.2f}x |")
    lines.append("")
    ratio_ftfy = fix_rate / (n / med["ftfy.fix_text"])
    ratio_moses = fix_rate / (n / med["sacremoses normalize"])
    check_ftfy = (n / med["textfix check (default)"]) / (n / med["ftfy.fix_text"])
    lines.append(f"textfix fix / ftfy.fix_text = {ratio_ftfy:.2f}x (target >= 1.5x); "
                 f"textfix fix / sacremoses = {ratio_moses:.2f}x; textfix check / ftfy = {check_ftfy:.2f}x")
    lines.append("")
    plan = pipe._plan
    lines.append(f"Passes in the default pipeline ({len(plan.steps)}), gating: {pipe.gating}:")
    lines.append("")
    sample = segs[:: max(1, n // 50_000)]
    rows = per_pass(pipe, sample)
    total_t = sum(t for _, _, t in rows) or 1.0
    lines.append(f"| pass | gate mode | ran on (of {len(sample):,} sampled) | µs/segment overall | share of pass time |")
    lines.append("| --- | --- | ---: | ---: | ---: |")
    modes = pipe.gating
    for name, ran, t in rows:
        lines.append(f"| {name} | {modes[name]} | {ran:,} ({ran / len(sample):.1%}) | "
                     f"{t / len(sample) * 1e6:.1f} | {t / total_t:.0%} |")
    gate_t = time_once(plan.scan, sample)
    lines.append("")
    lines.append(f"The gate scan itself: {gate_t / len(sample) * 1e6:.2f} µs/segment.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
