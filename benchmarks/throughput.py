"""Throughput of textfix against ftfy and sacremoses on the same segments, in one run.

    python -m benchmarks throughput [--repeat 3] [--limit N] [--write benchmarks/results/throughput.md]

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

from ._data import WMT22

CORPUS = WMT22 / "ts-hyp"


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

    The time of a pass is its check on the Document the gate's answer builds (its admitted
    rules); the gate's scan and screens are timed apart (``gate_time``).
    """
    from textfix.model import Document

    plan = pipe._plan
    rows = {p.name: [0, 0.0] for p, _, _ in plan.steps}
    for s in segs:
        admitted, todo = plan.decide(s, None)
        if not todo:
            continue
        doc = Document(s, pipe.lang, admitted, {})
        for _, p in todo:
            t0 = time.perf_counter()
            list(p.check(doc))
            rows[p.name][0] += 1
            rows[p.name][1] += time.perf_counter() - t0
    return [(name, n, t) for name, (n, t) in rows.items()]


def gate_time(pipe, segs: list[str]) -> tuple[float, float]:
    """Seconds of the gate's one RE2 scan, and of the scan with the screens, over ``segs``."""
    plan = pipe._plan
    scan = time_once(plan.scan, segs)
    decide = time_once(lambda s: plan.admitted(s, plan.scan(s)), segs)
    return scan, decide


def check_budget(pipe, segs: list[str], repeat: int = 3) -> list[str]:
    """Where a check's time goes, per segment: the segments the gate finds nothing to run on,
    and the others, each with what the gate's decision (scan and screens) costs of it; best
    of ``repeat``."""
    plan = pipe._plan_for(None)
    for s in segs:
        pipe.check(s)  # warm: the gate's DFA states and the passes' lazy data
    idle = [s for s in segs if not plan.decide(s, None)[1]]
    busy = [s for s in segs if plan.decide(s, None)[1]]
    out = [
        "| segments | share | chars, mean | check µs each | of which the gate's decision | µs per segment overall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, group in (("no pass to run", idle), ("passes to run", busy)):
        if not group:
            continue
        check = min(time_once(pipe.check, group) for _ in range(repeat)) / len(group)
        decide = min(time_once(lambda s: plan.decide(s, None), group) for _ in range(repeat)) / len(group)
        out.append(
            f"| {label} | {len(group) / len(segs):.0%} | {sum(map(len, group)) / len(group):.0f} | "
            f"{check * 1e6:.2f} | {decide * 1e6:.2f} | {check * len(group) / len(segs) * 1e6:.2f} |"
        )
    return out


def time_document(fn: Callable[[str], object], text: str) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


BLOCK = 200  # lines of one system's output kept together in a document


def document_of(segs: list[str], size: int) -> str:
    """Whole text of about ``size`` bytes: blocks of BLOCK consecutive lines taken evenly
    from the whole sample (lines repeated if the sample is short), so that every size has the
    same mix of systems and the cost per MB compares like with like (the first lines alone
    are a few systems' outputs, with fewer repairs than the rest)."""
    total_bytes = sum(len(s.encode("utf-8")) + 1 for s in segs)
    blocks = [segs[i : i + BLOCK] for i in range(0, len(segs), BLOCK)]
    want = max(1, round(len(blocks) * size / total_bytes))
    if want < len(blocks):
        blocks = [blocks[round(k * len(blocks) / want)] for k in range(want)]
    out: list[str] = []
    total = 0
    k = 0
    while total < size:
        for line in blocks[k % len(blocks)]:
            out.append(line)
            total += len(line.encode("utf-8")) + 1
        k += 1
    return "\n".join(out) + "\n"


def profile_rows(fn: Callable[[], object], top: int = 18) -> list[str]:
    """The functions with the most time of their own in one call of ``fn`` (cProfile)."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(top)
    return [ln for ln in buf.getvalue().splitlines() if ln.strip()][-(top + 1) :]


def document_rows(pipe, segs: list[str], sizes: list[float], repeat: int) -> list[str]:
    """The report's section on whole files: each mode a user runs on a file, at each size."""
    import ftfy

    lines: list[str] = []
    lines.append("## Whole files (document mode)")
    lines.append("")
    lines.append(
        "Each mode a user runs on a file: the whole text at once (`textfix fix FILE`, `--unsafe-fixes`, "
        "`textfix check FILE`), against ftfy.fix_text on the same text and textfix on the same lines "
        "one by one (`--segments`)."
    )
    lines.append("")
    lines.append(
        "| size | lines | mode | ftfy.fix_text (whole) s | textfix (whole) s | textfix per line s | "
        "whole / ftfy | whole vs per line | s per MB |"
    )
    lines.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    doc_modes: tuple[tuple[str, Callable[[str], object]], ...] = (
        ("fix", pipe.fix),
        ("fix --unsafe-fixes", lambda t: pipe.fix(t, unsafe=True)),
        ("check", pipe.check),
    )
    for size_mb in sizes:
        text = document_of(segs, int(size_mb * 1e6))
        doc_lines = text.split("\n")[:-1]
        real_mb = len(text.encode("utf-8")) / 1e6
        row: dict[str, list[float]] = {"ftfy": []}
        for _ in range(max(1, repeat if size_mb <= 5 else 1)):
            row["ftfy"].append(time_document(ftfy.fix_text, text))
            for mode, fn in doc_modes:
                row.setdefault(mode, []).append(time_document(fn, text))
                row.setdefault(mode + " per line", []).append(time_once(fn, doc_lines))
        m = {k: statistics.median(v) for k, v in row.items()}
        for mode, _ in doc_modes:
            lines.append(
                f"| {real_mb:.1f} MB | {len(doc_lines):,} | {mode} | {m['ftfy']:.2f} | {m[mode]:.2f} | "
                f"{m[mode + ' per line']:.2f} | {m['ftfy'] / m[mode]:.2f}x | {m[mode] / m[mode + ' per line']:.2f}x | "
                f"{m[mode] / real_mb:.3f} |"
            )
        print(f"  document {real_mb:.1f} MB done", file=sys.stderr)
    lines.append("")
    lines.append("whole / ftfy: ftfy's time over textfix's on the same whole text (target >= 2x for fix); whole vs")
    lines.append("per line: textfix on the whole text over the same lines one by one (target <= 2x for fix); s per MB")
    lines.append("constant = linear.  A document of N MB is blocks of consecutive lines taken evenly from the whole")
    lines.append("sample (document_of), so every size holds the same mix of systems.")
    lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="use an even sample of N segments")
    ap.add_argument("--doc-mb", default="2,20", help="sizes of the whole-file runs, in MB (comma-separated)")
    ap.add_argument("--write", help="also write the Markdown report to this file")
    ap.add_argument("--profile", help="also write a profile of segment and document mode to this file")
    args = ap.parse_args(argv)

    if not CORPUS.exists():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    import ftfy
    import regex
    from sacremoses import MosesPunctNormalizer

    import textfix
    from textfix.pipeline import _re2_set

    segs = load_segments(args.limit)
    n = len(segs)
    mb = sum(len(s.encode("utf-8")) for s in segs) / 1e6
    pipe = textfix.default_pipeline()
    moses = MosesPunctNormalizer("en")
    # The practical floor: one compiled pattern scanned over each segment (any quote mark).
    floor_re = regex.compile(r"[\"“”„«»]")
    tools: list[tuple[str, Callable[[str], object]]] = [
        ("ftfy.fix_text", ftfy.fix_text),
        ("sacremoses normalize", moses.normalize),
        ("textfix fix (default)", pipe.fix),
        ("textfix check (default)", pipe.check),
        ("textfix fix --unsafe-fixes", lambda t: pipe.fix(t, unsafe=True)),
        ("one regex scan (floor)", floor_re.search),
    ]
    # Warm-up: lazy imports and caches (wordfreq, gazetteers, regex compilation) load here.
    for _, fn in tools:
        for s in segs[:2000]:
            fn(s)
    times: dict[str, list[float]] = {name: [] for name, _ in tools}
    for r in range(args.repeat):
        for name, fn in tools:
            dt = time_once(fn, segs)
            times[name].append(dt)
            print(f"  run {r + 1}/{args.repeat}  {name:<28} {dt:7.2f} s", file=sys.stderr)
    med = {name: statistics.median(ts) for name, ts in times.items()}

    lines = [
        f"# Throughput ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        "    python -m benchmarks throughput " + " ".join(argv if argv is not None else sys.argv[1:]),
        "",
    ]
    lines.append(
        f"Corpus: all of wmt22/ts-hyp/ ({n:,} segments, {mb:.1f} MB UTF-8)"
        if not args.limit
        else f"Corpus: an even sample of wmt22/ts-hyp/ ({n:,} segments, {mb:.1f} MB UTF-8)"
    )
    from importlib.metadata import version

    versions = ", ".join(f"{d} {version(d)}" for d in ("regex", "google-re2", "ftfy", "sacremoses"))
    lines.append(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{versions}; textfix {textfix.__version__}; median of {args.repeat} interleaved runs, one process"
    )
    lines.append(f"Gate: {sorted(set(pipe.gating.values()))} ({pipe.gating})")
    lines.append("")
    lines.append("## Segments")
    lines.append("")
    lines.append("| tool | segments/s | MB/s | median s | µs/segment |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for name, _ in tools:
        lines.append(
            f"| {name} | {n / med[name]:,.0f} | {mb / med[name]:.2f} | {med[name]:.2f} | {med[name] / n * 1e6:.2f} |"
        )
    lines.append("")

    def ratio(a: str, b: str) -> float:
        return med[b] / med[a]

    lines.append("| textfix mode | / ftfy.fix_text | / sacremoses | target (/ ftfy) |")
    lines.append("| --- | ---: | ---: | ---: |")
    for name, target in (
        ("textfix fix (default)", 3),
        ("textfix check (default)", 3),
        ("textfix fix --unsafe-fixes", 2),
    ):
        lines.append(
            f"| {name} | {ratio(name, 'ftfy.fix_text'):.2f}x | {ratio(name, 'sacremoses normalize'):.2f}x | "
            f">= {target}x |"
        )
    lines.append("")
    lines.append(
        f"A clean segment against the floor: textfix fix costs {med['textfix fix (default)'] / med['one regex scan (floor)']:.1f}x "
        "one compiled regex scan of each segment (over all segments, clean or not)."
    )
    lines.append("")

    # Document mode: the whole text at once, as `textfix fix FILE` does, against ftfy on the same text and
    # textfix on the same lines one by one (`--segments`).
    lines.extend(document_rows(pipe, segs, [float(x) for x in args.doc_mb.split(",") if x], args.repeat))

    plan = pipe._plan
    lines.append(f"## Per pass ({len(plan.steps)} passes in the default pipeline)")
    lines.append("")
    sample = segs[:: max(1, n // 50_000)]
    rows = per_pass(pipe, sample)
    total_t = sum(t for _, _, t in rows) or 1.0
    lines.append(f"| pass | gating | ran on (of {len(sample):,} sampled) | µs/segment overall | share of pass time |")
    lines.append("| --- | --- | ---: | ---: | ---: |")
    modes = pipe.gating
    for name, ran, t in rows:
        lines.append(
            f"| {name} | {modes[name]} | {ran:,} ({ran / len(sample):.1%}) | "
            f"{t / len(sample) * 1e6:.1f} | {t / total_t:.0%} |"
        )
    scan_t, decide_t = gate_time(pipe, sample)
    lines.append("")
    lines.append(
        f"The gate: its one RE2 scan {scan_t / len(sample) * 1e6:.2f} µs/segment; with the screens of the "
        f"rules no pattern can gate (D102, R101) {decide_t / len(sample) * 1e6:.2f} µs/segment."
    )
    lines.append("")
    plans = {
        label: pipe._plan_for(mode) for label, mode in (("check", None), ("fix", False), ("fix --unsafe-fixes", True))
    }
    lines.append(
        "Passes each mode plans (a fix needs only the rules whose fix it applies): "
        + "; ".join(
            f"{label} {len(pl.steps)} ({len(pl.gate.patterns) if pl.gate else 0} gate patterns)"
            for label, pl in plans.items()
        )
    )
    lines.append("")
    lines.append("## The first pass over unseen text")
    lines.append("")
    lines.append("RE2 builds its DFA states as it meets new text, so a process's first pass over a corpus pays for")
    lines.append("them once (the interleaved runs above are warm).  A fresh pipeline with a freshly compiled gate,")
    lines.append("one pass:")
    lines.append("")
    lines.append("| mode | s | / ftfy.fix_text (warm) |")
    lines.append("| --- | ---: | ---: |")
    for label, call in (("fix", lambda p: p.fix), ("check", lambda p: p.check)):
        _re2_set.cache_clear()
        fresh = textfix.default_pipeline()
        call(fresh)("")  # the plan and its compiled gate, not timed: what the DFA learns is
        dt = time_once(call(fresh), segs)
        lines.append(f"| textfix {label}, first pass | {dt:.2f} | {med['ftfy.fix_text'] / dt:.2f}x |")
    text_out = "\n".join(lines) + "\n"
    print(text_out)
    if args.write:
        Path(args.write).write_text(text_out, encoding="utf-8")
    if args.profile:
        doc = document_of(segs, 2_000_000)
        out = [
            f"# Profile of textfix fix and check ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
            "",
            "    python -m benchmarks throughput --profile benchmarks/results/throughput_profile.md",
            "",
            f"## Segment mode: fix of {min(n, 50_000):,} segments, functions by own time",
            "",
            "```",
        ]
        out += profile_rows(lambda: [pipe.fix(s) for s in segs[:50_000]])
        out += ["```", "", "## Document mode: fix of a 2 MB whole text, functions by own time", "", "```"]
        out += profile_rows(lambda: pipe.fix(doc))
        out += ["```", ""]
        sample = segs[:50_000]
        out += [
            f"## Segment mode: check of {len(sample):,} segments",
            "",
            "Where the time goes: the segments on which the gate finds no pass to run, and the others.",
            "",
        ]
        out += check_budget(pipe, sample)
        out += ["", "Functions by own time:", "", "```"]
        out += profile_rows(lambda: [pipe.check(s) for s in sample])
        out += ["```", ""]
        Path(args.profile).write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
