"""Every change and report of chosen rules on out-of-English WMT22 output, to judge by eye.

    python -m benchmarks eval rules [--codes N201,N202,U202] [--unsafe] [--shared /work/shared]

Runs the rules alone (``select``) with ``lang`` set to each pair's target over every system
output and reference of ``wmt22/xx-full``, each file as one document (as
``languages_eval.py`` does; ``--unsafe`` applies unsafe fixes too), and lists each changed line (the changed span with some context,
before and after) and each finding that carries no fix.  Writes
``benchmarks/results/languages_rules.md``; the judgement of each line is in docs/languages.md.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
from collections import Counter
from pathlib import Path

import textfix
from textfix.quality import fix_lines, load_lines

ROOT = Path(__file__).resolve().parent.parent


def _snippets(old: str, new: str, width: int = 30) -> list[str]:
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            a = old[max(0, i1 - width) : i2 + width]
            b = new[max(0, j1 - width) : j2 + width]
            out.append(f"`{a}` → `{b}`")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks eval rules", description=__doc__.splitlines()[0])
    ap.add_argument("--codes", default="N201,N202,U202")
    ap.add_argument("--unsafe", action="store_true", help="apply unsafe fixes too")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "languages_rules.md"))
    args = ap.parse_args(argv)
    codes = args.codes.split(",")
    data = Path(args.shared) / "wmt22" / "xx-full"
    changed: list[tuple[str, str, int, list[str], list[str]]] = []  # kind, file, line, codes, snippets
    reports: list[tuple[str, str, int, str, str]] = []
    by_rule: Counter[str] = Counter()
    total = {"hyp": 0, "ref": 0}
    for path in sorted(data.glob("generaltest2022.*")):
        kind = path.name.split(".")[2]
        if kind not in total:
            continue
        lang = path.name.split(".")[1].split("-")[1]
        pipe = textfix.Pipeline(lang=lang, select=codes)
        lines = load_lines(str(path))
        total[kind] += len(lines)
        fixed = fix_lines(lines, pipe, args.unsafe)
        for i, (old, new) in enumerate(zip(lines, fixed, strict=True)):
            if old != new:
                line_codes = sorted({c.code for c in pipe.fix_and_explain(old, args.unsafe)[1]})
                by_rule.update(line_codes)
                changed.append((kind, path.name, i + 1, line_codes, _snippets(old, new)))
        for i, line in enumerate(lines):
            for f in pipe.check(line):
                if not f.edits:
                    reports.append((kind, path.name, i + 1, f.code, line[max(0, f.start - 30) : f.end + 20]))
    out = [
        f"# Rules {', '.join(codes)} on out-of-English WMT22 output ({datetime.date.today().isoformat()}, "
        f"textfix {textfix.__version__})",
        "",
        f"Reproduce: `python -m benchmarks eval rules --codes {','.join(codes)}"
        f"{' --unsafe' if args.unsafe else ''}` "
        "(reads /work/shared/wmt22/xx-full; the rules alone, `lang` = the target"
        f"{', unsafe fixes applied' if args.unsafe else ''}).",
        "",
        f"- lines read: {total['hyp']} system-output lines, {total['ref']} reference lines",
        f"- lines changed: {sum(k == 'hyp' for k, *_ in changed)} system-output lines, "
        f"{sum(k == 'ref' for k, *_ in changed)} reference lines",
        f"- lines changed per rule: {', '.join(f'{c} {n}' for c, n in sorted(by_rule.items()))}",
        f"- findings without a fix (reported only): {len(reports)}",
        "",
        "## Every changed line",
        "",
    ]
    for kind, name, line, line_codes, snips in changed:
        out.append(f"- {name}:{line} ({kind}; {', '.join(line_codes)}): {' ; '.join(snips)}")
    out += ["", "## Every finding without a fix", ""]
    for kind, name, line, code, ctx in reports:
        out.append(f"- {name}:{line} ({kind}; {code}): `{ctx}`")
    Path(args.out).write_text("\n".join(out) + "\n", encoding="utf-8")
    print("\n".join(out[:10]))


if __name__ == "__main__":
    main()
