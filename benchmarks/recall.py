"""Measure the punctuation-recall rules of issue 22 on WMT22 into English.

    python -m benchmarks recall [--shared ../shared] [--out benchmarks/results/recall_rules.md]

Classes: N107 (ungrouped large number), H102 on the evidence issue 22 added (the finding's
``detail`` names the kind: weak, phrase, chain, after, part; H102's first pattern is counted
apart), F102 (run-on sentence), and the fourth class, no comma after an introductory word,
which textfix does not implement (measured here to document that decision).

Each line is checked alone (segment mode), on the official test set (``hyp/``, ``ref/``)
and on the extended set (``ts-hyp/``, ``ts-ref/``: the test set plus the challenge suites),
and on English nobody translated (the sources of the out-of-English pairs in ``xx-full/``).
For system findings, the aligned reference line says what translators wrote: the number
grouped or not, a dash or other punctuation where the hyphen was, a full stop where the run-on
was.  Judged samples: every N107 and new-H102 finding on the extended set, and a seeded
sample of F102 findings, each with a stable id; the verdicts are read from
``benchmarks/results/recall_rules_judgements.tsv`` (id, verdict right/wrong, note), written
by a person reading the sample as an editor would.  Precision grades follow the policy:
safe at >= 99% right over at least 50 judged (or all), unsafe at >= 90%, else report only.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import sys
import time
from pathlib import Path

import regex

import textfix

from . import _data, _judge

JUDGEMENTS = _data.RESULTS / "recall_rules_judgements.tsv"
CODES = ["N107", "H102", "F102"]
NEW_H102 = ("weak", "phrase", "chain", "after", "part")
F102_SAMPLE = 60
INTRO = (
    "So",
    "Today",
    "In fact",
    "However",
    "Now",
    "Yesterday",
    "First",
    "Finally",
    "Of course",
    "For example",
    "In addition",
    "At the same time",
    "In this case",
    "Therefore",
    "Meanwhile",
    "Then",
    "In the end",
    "At present",
    "Currently",
    "Recently",
    "Last year",
    "This year",
)
INTRO_RE = regex.compile(
    r"(?:^|(?<=[.!?][ \t]))(?P<w>" + "|".join(sorted(INTRO, key=len, reverse=True)) + r")(?P<c>,?)(?=[ \t]\p{L})",
    regex.MULTILINE,
)
# How each class ships (the rule's fix grade; the policy may allow more, see the notes).
SHIPPED = {"N107": "unsafe fix", "H102-new": "unsafe fix (H102's grade)", "F102": "report only"}


def klass(f: textfix.Finding) -> str:
    if f.code == "H102":
        return "H102-new" if f.detail in NEW_H102 else "H102-first"
    return f.code


def pair_of(name: str) -> str:
    return name.split(".")[1]


def sid(k: str, ctx: str) -> str:
    return hashlib.sha1(f"{k}\t{ctx}".encode()).hexdigest()[:10]


def scan(pipe: textfix.Pipeline, folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.en")):
        for i, line in enumerate(_data.content_lines(path)):
            for f in pipe.check(line):
                out.append(
                    {
                        "file": path.name,
                        "pair": pair_of(path.name),
                        "line": i,
                        "text": line,
                        "f": f,
                        "class": klass(f),
                        "ctx": _judge.context(line, f.start, f.end),
                    }
                )
    return out


def first_match(lines: list[str], patterns: list[tuple[str, str]]) -> str:
    """The label of the first pattern (in order) that some line matches; "other wording" if none."""
    for label, pattern in patterns:
        if any(regex.search(pattern, r) for r in lines):
            return label
    return "other wording"


def ref_evidence(hit: dict, refs: dict[str, list[list[str]]]) -> str:
    """What the aligned reference(s) wrote at the place of a system finding."""
    f, text = hit["f"], hit["text"]
    lines = [r[hit["line"]] for r in refs.get(hit["pair"], []) if hit["line"] < len(r) and r[hit["line"]].strip()]
    if not lines:
        return "no reference"
    span = text[f.start : f.end]
    if hit["class"] == "N107":
        grouped = f"{int(span):,}"
        if any(grouped in r for r in lines):
            return "grouped"
        return first_match(lines, [("ungrouped", rf"(?<![\d,.]){span}(?![\d])")])
    if hit["class"].startswith("H102"):
        hy = text.find("-", f.start)
        left = regex.search(r"[\p{L}\p{N}]+(?=[^\p{L}\p{N}]*$)", text[f.start : hy])
        if left is None:
            return "other wording"
        w = regex.escape(left.group())
        return first_match(
            lines,
            [
                ("dash", rf"(?i){w}[\"”’)\]]*(?:[ \t]*[—–][ \t]*|[ \t]+-[ \t]+|[ \t]*--[ \t]*)"),
                ("other punctuation", rf"(?i){w}[\"”’)\]]*[ \t]*[,:;(.]"),
                ("hyphen", rf"(?i){w}[\"”’)\]]*-\p{{L}}"),
            ],
        )
    if hit["class"] == "F102":
        prev = regex.escape(regex.match(r"\p{L}+", span).group())
        return first_match(
            lines,
            [
                ("sentence break", rf"(?i)(?<!\p{{L}}){prev}[\"”’)\]]*[ \t]*[.!?;:—–]"),
                ("comma", rf"(?i)(?<!\p{{L}}){prev}[\"”’)\]]*[ \t]*,"),
                ("run on too", rf"(?i)(?<!\p{{L}}){prev}[ \t]+\p{{Lu}}"),
            ],
        )
    return ""


def load_judgements() -> dict[str, tuple[str, str]]:
    out = {}
    if JUDGEMENTS.exists():
        for raw in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            i, verdict, *note = raw.split("\t")
            out[i] = (verdict, note[0] if note else "")
    return out


def grade(right: int, judged: int, total: int) -> str:
    if not judged:
        return "unjudged"
    p = right / judged
    if p >= 0.99 and (judged >= 50 or judged == total):
        return "safe"
    if p >= 0.90:
        return "unsafe"
    return "report only"


def fourth_class(wmt: Path) -> list[str]:
    """The measure behind not implementing the fourth class: commas after sentence openers."""
    out: list[str] = []
    w = out.append
    w("\n## Fourth class: no comma after an introductory word (not implemented)\n")
    w(
        "Sentence openers from the MQM spans and their kin (" + ", ".join(INTRO) + "), at the "
        "start of a line or after `.!?`, followed by a word: how often each side writes a comma. "
        "A rule that reported every opener without a comma would report, on the references, "
        "the share in the last column: its false-alarm rate on text professionals wrote.\n"
    )
    w("| text | openers | with comma | without | share without |")
    w("| --- | ---: | ---: | ---: | ---: |")
    for d in ("ref", "ts-ref", "hyp", "ts-hyp"):
        c = collections.Counter()
        for path in sorted((wmt / d).glob("*.en")):
            for m in INTRO_RE.finditer(_data.read_text(path)):
                c["with" if m.group("c") else "without"] += 1
        n = c["with"] + c["without"]
        w(f"| {d} | {n} | {c['with']} | {c['without']} | {c['without'] / n:.1%} |" if n else f"| {d} | 0 | | | |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks recall", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=_data.SHARED)
    ap.add_argument("--out", type=Path, default=_data.results_dir() / "recall_rules.md")
    ap.add_argument("--seed", type=int, default=22)
    args = ap.parse_args(argv)
    wmt = args.shared / "wmt22"
    if not wmt.is_dir():
        print(f"{wmt} is absent", file=sys.stderr)
        return 2
    pipe = textfix.Pipeline(lang="en", select=CODES)
    t0 = time.perf_counter()
    hits = {d: scan(pipe, wmt / d) for d in ("hyp", "ref", "ts-hyp", "ts-ref")}
    refs: dict[str, list[list[str]]] = collections.defaultdict(list)
    for path in sorted((wmt / "ts-ref").glob("*.en")):
        refs[pair_of(path.name)].append(_data.content_lines(path))
    lines = {d: sum(len(_data.content_lines(p)) for p in (wmt / d).glob("*.en")) for d in hits}
    elapsed = time.perf_counter() - t0
    classes = ["N107", "H102-new", "H102-first", "F102"]
    out: list[str] = []
    w = out.append
    w("# Punctuation recall rules on WMT22 into English (issue 22)\n")
    w(
        f"Generated {time.strftime('%Y-%m-%d', time.gmtime())} by `python -m benchmarks recall` "
        f"(textfix {textfix.__version__}); rules "
        f"{', '.join(CODES)}, each line checked alone, lang=en; {elapsed:.0f} s. Verdicts: "
        "`benchmarks/results/recall_rules_judgements.tsv`.\n"
    )

    w("## Findings per class\n")
    w("| class | " + " | ".join(f"{d} ({lines[d]} lines)" for d in hits) + " |")
    w("| --- |" + " ---: |" * len(hits))
    for k in classes:
        w(f"| {k} | " + " | ".join(str(sum(h["class"] == k for h in hits[d])) for d in hits) + " |")
    kinds = collections.Counter(h["f"].detail for h in hits["ts-hyp"] + hits["ts-ref"] if h["class"] == "H102-new")
    w("\nH102-new by kind (ts-hyp + ts-ref): " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ".")
    by_pair = collections.Counter((h["class"], h["pair"]) for h in hits["ts-hyp"])
    w("\nSystem findings (ts-hyp) by pair:\n")
    pairs = sorted({p for _, p in by_pair})
    w("| class | " + " | ".join(pairs) + " |")
    w("| --- |" + " ---: |" * len(pairs))
    for k in classes:
        w(f"| {k} | " + " | ".join(str(by_pair[(k, p)]) for p in pairs) + " |")

    # English written by people, not translated: the WMT22 sources of the out-of-English pairs
    # (the same test set under several pairs, so each distinct line once).
    src_lines = sorted({ln for path in (wmt / "xx-full").glob("*.src.en") for ln in _data.content_lines(path)})
    src_found = collections.Counter(klass(f) for ln in src_lines for f in pipe.check(ln))
    w(
        f"\nEnglish written by people (`xx-full/*.src.en`, the sources of the out-of-English pairs, "
        f"{len(src_lines)} distinct lines): "
        + ", ".join(f"{k} {src_found[k]}" for k in classes)
        + " findings. Each one there would be a false alarm or an error of the original."
    )

    w("\n## What the references write at the same place\n")
    w(
        "For each system finding on ts-hyp, the aligned reference lines of the same pair "
        "(ts-ref; two references for some pairs). N107: the same number grouped (`40,000`), "
        "ungrouped, or other wording (words, another number). H102: a dash after the word "
        "before the hyphen, other punctuation (comma, colon, bracket, full stop), a hyphen, or "
        "other wording. F102: a sentence break (`.!?;:` or a dash) after the word before the "
        "capital, a comma, the same run-on, or other wording.\n"
    )
    for k in ("N107", "H102-new", "H102-first", "F102"):
        ev = collections.Counter(ref_evidence(h, refs) for h in hits["ts-hyp"] if h["class"] == k)
        compared = sum(n for e, n in ev.items() if e not in ("no reference", "other wording"))
        main_key = {"N107": "grouped", "F102": "sentence break"}.get(k, "dash")
        share = f"{ev[main_key]}/{compared} = {ev[main_key] / compared:.0%}" if compared else "n/a"
        w(
            f"- **{k}**: "
            + ", ".join(f"{e} {n}" for e, n in ev.most_common())
            + f". Where the reference keeps the place comparable: {main_key} in {share}."
        )

    w("\n## Judged samples\n")
    judg = load_judgements()
    rng = random.Random(args.seed)
    pool = hits["ts-hyp"] + hits["ts-ref"]
    sample: dict[str, list[dict]] = {}
    for k in ("N107", "H102-new", "F102"):
        seen: dict[str, dict] = {}
        for h in pool:
            if h["class"] == k:
                seen.setdefault(sid(k, h["ctx"]), h)
        items = sorted(seen.items())
        if k == "F102":
            refs_items = [it for it in items if it[1]["file"].split(".")[2] == "ref"]
            sys_items = [it for it in items if it[1]["file"].split(".")[2] != "ref"]
            items = refs_items + rng.sample(sys_items, min(F102_SAMPLE, len(sys_items)))
        sample[k] = [dict(h, id=i) for i, h in items]
    w(
        "| class | findings (ts, distinct contexts) | judged | right | precision | grade the policy allows | shipped as |"
    )
    w("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for k, items in sample.items():
        distinct = len({sid(k, h["ctx"]) for h in pool if h["class"] == k})
        judged = [h for h in items if h["id"] in judg]
        right = sum(judg[h["id"]][0] == "right" for h in judged)
        prec = f"{right / len(judged):.1%}" if judged else "n/a"
        w(
            f"| {k} | {distinct} | {len(judged)} | {right} | {prec} | {grade(right, len(judged), distinct)} | {SHIPPED[k]} |"
        )
    for k, items in sample.items():
        w(f"\n### {k}\n")
        for n, h in enumerate(items, 1):
            verdict, note = judg.get(h["id"], ("UNJUDGED", ""))
            side = "ref" if h["file"].split(".")[2] == "ref" else "sys"
            ctx = h["ctx"].replace("|", "\\|")
            w(
                f"{n}. `{h['id']}` {verdict}{' (' + note + ')' if note else ''} [{h['pair']} {side}"
                f"{' ' + str(h['f'].detail) if k == 'H102-new' else ''}]: {ctx}"
            )

    out += fourth_class(wmt)
    args.out.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
