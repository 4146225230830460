"""`textfix fix` over every file of ../shared/wmt22/hyp/: lines changed per file, the most
frequent rule codes among the applied changes, and whether a second run changes anything.

    python benchmarks/hyp_fix_summary.py [--unsafe] > benchmarks/results/hyp_fix_summary.md
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import textfix  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--unsafe", action="store_true")
    args = ap.parse_args()
    pipe = textfix.default_pipeline()
    total = Counter()
    print(f"# textfix fix over wmt22/hyp ({'with' if args.unsafe else 'without'} unsafe fixes)\n")
    print(f"textfix {textfix.__version__}; each file fixed as one document.\n")
    print("| file | lines | lines changed | top codes | idempotent |")
    print("| --- | ---: | ---: | --- | --- |")
    all_lines = changed_all = 0
    for path in sorted((Path(args.shared) / "wmt22" / "hyp").iterdir()):
        text = path.read_text(encoding="utf-8")
        out, log = pipe.fix_and_explain(text, args.unsafe)
        again = pipe.fix(out, args.unsafe)
        a, b = text.split("\n"), out.split("\n")
        changed = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
        codes = Counter(c.code for c in log)
        total.update(codes)
        all_lines += len(a)
        changed_all += changed
        top = ", ".join(f"{c} {n}" for c, n in codes.most_common(3)) or "–"
        name = path.name.replace("generaltest2022.", "").replace(".en", "")
        print(f"| {name} | {len(a)} | {changed} | {top} | {'yes' if again == out else 'NO'} |")
    print(f"\nAll files: {changed_all} of {all_lines} lines changed; most frequent codes: "
          + ", ".join(f"{c} {n}" for c, n in total.most_common(3)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
