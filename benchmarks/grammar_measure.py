"""Issue 8 measurements: the seed article side by side (LanguageTool alone, textfix alone,
the union), and the grammar pass's throughput on 1,000 WMT22 lines.

    TEXTFIX_LANGUAGETOOL_URL=$(scripts/languagetool.sh start | tail -1) python benchmarks/grammar_measure.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import textfix  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> int:
    seed = (SHARED / "seed" / "000_fce7dc8c21c92264.txt").read_text(encoding="utf-8")
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

    lines = (SHARED / "wmt22" / "hyp" / "generaltest2022.de-en.hyp.Online-A.en").read_text(encoding="utf-8")
    lines = lines.splitlines()[:1000]
    from textfix.passes import grammar

    for mode, docs in (("1,000 lines as one document (batches of <= 4,000 characters)", ["\n".join(lines)]),
                       ("1,000 lines, one document per line", lines)):
        grammar._cache.clear()
        t0 = time.perf_counter()
        n = sum(len(lt.check(d)) for d in docs)
        dt = time.perf_counter() - t0
        print(f"{mode}: {dt:.1f} s, {1000 / dt:.1f} lines/s, {n} findings")
    t0 = time.perf_counter()
    sum(len(lt.check(d)) for d in lines)
    dt = time.perf_counter() - t0
    print(f"the same lines again, per-paragraph cache warm: {dt:.2f} s, {1000 / dt:.0f} lines/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
