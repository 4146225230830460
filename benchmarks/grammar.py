"""The LanguageTool pass: the seed article side by side (LanguageTool alone, textfix alone,
the union), and the grammar pass's throughput on 1,000 WMT22 lines (``--lines``).

    TEXTFIX_LANGUAGETOOL_URL=$(scripts/languagetool.sh start | tail -1) python -m benchmarks grammar
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import textfix

from . import _data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks grammar", description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=1000, help="WMT22 lines for the throughput runs")
    args = ap.parse_args(argv)
    if not os.environ.get("TEXTFIX_LANGUAGETOOL_URL"):
        print(
            "TEXTFIX_LANGUAGETOOL_URL is not set: start a server first, e.g.\n"
            "    export TEXTFIX_LANGUAGETOOL_URL=$(scripts/languagetool.sh start | tail -1)",
            file=sys.stderr,
        )
        return 2
    seed = (_data.SHARED / "seed" / "000_fce7dc8c21c92264.txt").read_text(encoding="utf-8")
    lt = textfix.Pipeline(select=["LT"])
    own = textfix.default_pipeline()
    both = textfix.default_pipeline(extend_select=["LT"])
    rows = []
    f_lt = lt.check(seed)
    f_own = own.check(seed)
    f_both = both.check(seed)
    print("| finding | span | LanguageTool alone | textfix alone | union |")
    print("| --- | --- | --- | --- | --- |")
    keys = {}
    for name, fs in (("lt", f_lt), ("own", f_own), ("both", f_both)):
        for f in fs:
            label = f.detail if f.code.startswith("LT") else f.code
            keys.setdefault((f.start, f.end, label, f.code), set()).add(name)
    for (s, e, label, code), where in sorted(keys.items()):
        span = seed[s:e].replace("|", "\\|")[:40]
        rows.append(
            f"| {code} {label} | `{span}` | {'yes' if 'lt' in where else ''} | "
            f"{'yes' if 'own' in where else ''} | {'yes' if 'both' in where else ''} |"
        )
    print("\n".join(rows))
    print(f"\ncounts: LanguageTool alone {len(f_lt)}, textfix alone {len(f_own)}, union {len(f_both)}")

    n_lines = min(args.lines, _data.LIMIT or args.lines)
    lines = _data.content_lines(_data.WMT22 / "hyp" / "generaltest2022.de-en.hyp.Online-A.en")[:n_lines]
    from textfix.passes import grammar

    for mode, docs in (
        (f"{n_lines:,} lines as one document (batches of <= 4,000 characters)", ["\n".join(lines)]),
        (f"{n_lines:,} lines, one document per line", lines),
    ):
        grammar._cache.clear()
        t0 = time.perf_counter()
        n = sum(len(lt.check(d)) for d in docs)
        dt = time.perf_counter() - t0
        print(f"{mode}: {dt:.1f} s, {n_lines / dt:.1f} lines/s, {n} findings")
    t0 = time.perf_counter()
    sum(len(lt.check(d)) for d in lines)
    dt = time.perf_counter() - t0
    print(f"the same lines again, per-paragraph cache warm: {dt:.2f} s, {n_lines / dt:.0f} lines/s")
    return 0
