"""What the passes' cheap pre-tests save, on WMT22 system outputs: the figures that used to be
quoted in code comments (src/ says why a pre-test exists; the figures live here).

    python -m benchmarks prefilters [--sample 20000] [--out benchmarks/results/prefilters.md]

For each pre-test: how often it lets a segment through, and the cost per segment of the
pre-test and of the work it guards (best of five runs over the sample, so the patterns and
data are warm, as in a long run).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import time
from collections.abc import Callable
from pathlib import Path

import regex

from ._data import files, read_lines


def sample(n: int) -> list[str]:
    lines = [ln for path in files("ts-hyp") for ln in read_lines(path) if ln.strip()]
    step = max(1, len(lines) // n)
    return lines[::step][:n]


def per_text_us(fn: Callable[[str], object], texts: list[str]) -> float:
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for s in texts:
            fn(s)
        best = min(best, time.perf_counter() - t)
    return best / len(texts) * 1e6


def share(fn: Callable[[str], object], texts: list[str]) -> float:
    return sum(1 for s in texts if fn(s)) / len(texts) * 100


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks prefilters", description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=20000)
    ap.add_argument("--out", default="benchmarks/results/prefilters.md")
    args = ap.parse_args(argv)

    import ftfy

    from textfix.passes import consistency, entities, pronouns, residue, unicode

    texts = sample(args.sample)
    rows: list[tuple[str, str, str]] = []

    def row(what: str, fn: Callable[[str], object], *, timed: bool = True, passing: bool = True) -> None:
        cost = f"{per_text_us(fn, texts):.1f} us" if timed else ""
        rows.append((what, cost, f"{share(fn, texts):.2f}%" if passing else ""))

    # consistency: the -ise/-ize pattern, guarded by a stem-and-s/z test (RE2 where exact).
    row("consistency: ISE_RE.search (the guarded work)", consistency.ISE_RE.search, passing=False)
    row("consistency: stem test (_has_ise_stem)", consistency._has_ise_stem)
    # unicode: ftfy on a line, guarded by the hint, then the mojibake superset test.
    cfg = unicode.FTFY_CONFIG
    row("unicode: ftfy.fix_text per line (the guarded work)", lambda s: ftfy.fix_text(s, cfg), passing=False)
    row("unicode: MOJIBAKE_HINT_RE.search per line (asked first)", unicode.MOJIBAKE_HINT_RE.search)
    row("unicode: MOJIBAKE_RE.search per line (on every line)", unicode.MOJIBAKE_RE.search)
    # residue: the loop screen (a repeated word, or four words twice).
    row("residue: loop screen (_may_loop)", residue._may_loop)
    # pronouns: segments with a pronoun at all, and with one in a shape the pass reports.
    row(
        "pronouns: segments with he/she/his/her",
        regex.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b").search,
        timed=False,
    )
    row("pronouns: segments the trigger matches", pronouns.pronouns_trigger().search, timed=False)
    # entities: the named list of wrong forms tried by regex, against the word lookup.
    g = entities.load_gazetteer()
    words = entities.WORD_RUN_RE.findall
    row("entities: g.pattern.finditer (regex named list)", lambda s: list(g.pattern.finditer(s)), passing=False)
    row("entities: word lookup (_wrong_forms_in)", lambda s: entities._wrong_forms_in(g, s, words(s)), passing=False)

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Pre-tests: what they let through and what they cost\n\n",
        f"Command (run on {now}; {platform.machine()}, Python {platform.python_version()}, "
        f"regex {regex.__version__}):\n\n",
        f"    python benchmarks/prefilters.py --sample {args.sample}\n\n",
        f"{len(texts):,} segments, an even sample of wmt22/ts-hyp/ (non-empty lines). Times are per "
        "segment, best of five runs over the sample; the machine is shared, so compare rows of one "
        "run, not runs.\n\n",
        "| what | time per segment | segments it matches |\n| --- | ---: | ---: |\n",
        *(f"| {a} | {b} | {c} |\n" for a, b, c in rows),
    ]
    Path(args.out).write_text("".join(out), encoding="utf-8")
    print("".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
