"""Segments as documents on WMT22 (issue 17): alignment, quote findings, document-only context.

* Alignment: every file of the chosen folders is fixed in every mode (the whole file as one
  document, default and unsafe; each line alone as ``--segments`` does; the lines as the
  segments of one document, with and without their source lines) and the number of lines
  out is compared with the number in.  Any difference is a failure (exit status 1).
* Q102, Q108 and Q109 on the references and the system outputs of ``ref/`` and ``hyp/``:
  before (each line alone; the whole file with no source) and after (the lines as segments
  of one document, each with its source line), as findings per mode.
* Consistency (C rules) and other findings that only document context makes possible: found
  with the lines as one document, absent with each line alone.

Consecutive lines of a file are taken as one document (WMT22 marks no boundaries) and the
sources are the ``src/`` files of each pair, aligned line by line.  Usage::

    python -m benchmarks documents [--folders hyp,ref,xx-full] [--out benchmarks/results/documents.md]
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import textfix
from textfix.rules import RULES

from ._data import ROOT, WMT22, pair_of, read_text

QUOTE_CODES = ("Q102", "Q108", "Q109")
SERVICE = [c for c, r in RULES.items() if r.extra.get("needs_service")]


def lines_of(path: Path) -> list[str]:
    lines = read_text(path).split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def source_of(path: Path) -> Path | None:
    """The source file of a WMT22 target file (``src/`` for English targets, beside it in
    ``xx-full/``)."""
    pair = pair_of(path)
    src_lang = pair.split("-")[0]
    for folder in (WMT22 / "src", path.parent):
        cand = folder / f"generaltest2022.{pair}.src.{src_lang}"
        if cand.exists():
            return cand
    return None


def target_files(folder: str) -> list[Path]:
    if folder == "xx-full":
        return sorted(p for p in (WMT22 / folder).glob("generaltest2022.*") if ".src." not in p.name)
    return sorted((WMT22 / folder).glob("generaltest2022.*.en"))


def lang_of(path: Path) -> str:
    return path.name.rsplit(".", 1)[1]


# -- alignment ------------------------------------------------------------------------------------

MODES: dict[str, Callable[[textfix.Pipeline, list[str], list[str] | None], list[str]]] = {
    "document": lambda p, ls, _s: p.fix("\n".join(ls)).split("\n"),
    "document --unsafe-fixes": lambda p, ls, _s: p.fix("\n".join(ls), True).split("\n"),
    "segments --unsafe-fixes": lambda p, ls, _s: [p.fix(x, True) for x in ls],
    "segments as one document --unsafe-fixes": lambda p, ls, _s: p.fix_document(ls, True),
    "--source, segments as one document --unsafe-fixes": lambda p, ls, s: p.fix_document(ls, True, sources=s),
}


def check_alignment(folders: list[str]) -> tuple[list[tuple[str, int, int, int, int]], list[str]]:
    rows = []
    failures: list[str] = []
    pipes: dict[str, textfix.Pipeline] = {}
    for folder in folders:
        files = target_files(folder)
        n_lines = changed = runs = 0
        for path in files:
            lang = lang_of(path)
            pipe = pipes.get(lang) or pipes.setdefault(
                lang, textfix.Pipeline(select=["ALL"], ignore=SERVICE, lang=lang)
            )
            lines = lines_of(path)
            src_path = source_of(path)
            src = lines_of(src_path) if src_path is not None else None
            if src is not None and len(src) != len(lines):
                src = None
            n_lines += len(lines)
            for mode, run in MODES.items():
                if "--source" in mode and src is None:
                    continue
                out = run(pipe, lines, src)
                runs += 1
                changed += sum(a != b for a, b in zip(out, lines, strict=False))
                bad = len(out) != len(lines) or any(
                    x.count("\n") or x.count("\r") != y.count("\r") for x, y in zip(out, lines, strict=False)
                )
                if bad:
                    failures.append(f"{folder}/{path.name}: {mode}: {len(lines)} lines in, {len(out)} out")
        rows.append((folder, len(files), n_lines, runs, changed))
    return rows, failures


# -- findings before and after --------------------------------------------------------------------


def per_line(pipe: textfix.Pipeline, lines: list[str]) -> list[list[str]]:
    return [[f.code for f in pipe.check(x)] for x in lines]


def whole(pipe: textfix.Pipeline, lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in lines]
    for f in pipe.check("\n".join(lines)):
        out[f.line - 1].append(f.code)
    return out


FINDING_MODES = (
    "each line alone (--segments)",
    "whole file, no source",
    "segments as one document",
    "segments as one document, with sources",
)


def measure_findings(folder: str) -> tuple[Counter[tuple[str, str]], Counter[str], list[str], int, int]:
    """Counts per (mode, code) of the Q rules; counts per code of the findings that only the
    document finds; a few examples; files; lines."""
    pipe = textfix.Pipeline(select=["ALL"], ignore=SERVICE)
    counts: Counter[tuple[str, str]] = Counter()
    doc_only: Counter[str] = Counter()
    examples: list[str] = []
    files = target_files(folder)
    n = 0
    for path in files:
        lines = lines_of(path)
        n += len(lines)
        src_path = source_of(path)
        src = lines_of(src_path) if src_path is not None else None
        if src is not None and len(src) != len(lines):
            src = None
        modes = {
            FINDING_MODES[0]: per_line(pipe, lines),
            FINDING_MODES[1]: whole(pipe, lines),
            FINDING_MODES[2]: [[f.code for f in fs] for fs in pipe.check_document(lines)],
        }
        if src is not None:
            modes[FINDING_MODES[3]] = [[f.code for f in fs] for fs in pipe.check_document(lines, sources=src)]
        for mode, found in modes.items():
            for codes in found:
                for c in codes:
                    if c in QUOTE_CODES:
                        counts[mode, c] += 1
        alone, doc = modes[FINDING_MODES[0]], modes[FINDING_MODES[2]]
        for i, (a, d) in enumerate(zip(alone, doc, strict=True)):
            extra = Counter(d) - Counter(a)
            for c, k in extra.items():
                if c[0] in "CEP":  # consistency, entities, pronouns: what a document's majority decides
                    doc_only[c] += k
                    if len(examples) < 8 and c[0] == "C":
                        examples.append(f"`{folder}/{path.name}:{i + 1}` {c}: {lines[i][:90]}")
    return counts, doc_only, examples, len(files), n


START, END = "<!-- documents_measure -->", "<!-- /documents_measure -->"


def write_docs_section(page: Path, report: str) -> None:
    """Put ``report`` into ``page`` between the markers (benchmarks/wmt22_eval.py, which writes
    the rest of the page, keeps them)."""
    body = report.replace("# Segments as documents on WMT22 (issue 17)", "## Segments as documents", 1)
    body = body.replace("\n## ", "\n### ").replace("\n### Segments as documents", "\n## Segments as documents", 1)
    section = f"{START}\n{body.strip()}\n{END}\n"
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    page.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks documents", description=__doc__.splitlines()[0])
    ap.add_argument("--folders", default="hyp,ref,xx-full", help="folders for the alignment check")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "documents.md")
    ap.add_argument(
        "--alignment-only", action="store_true", help="only the line-count check (for the large ts- folders)"
    )
    ap.add_argument(
        "--docs",
        default=str(ROOT / "docs" / "evaluation.md"),
        help="the evaluation page, whose marked section this run rewrites ('' for none)",
    )
    args = ap.parse_args(argv)
    if not WMT22.exists():
        print(f"{WMT22} is absent", file=sys.stderr)
        return 2
    t0 = time.time()
    out = [
        "# Segments as documents on WMT22 (issue 17)",
        "",
        f"Measured {datetime.date.today().isoformat()} with textfix {textfix.__version__}; reproduce with "
        f"`python -m benchmarks documents {' '.join(sys.argv[1:] if argv is None else argv) or '(no arguments)'}`.  Consecutive lines of a file are one "
        "document; sources are the pair's `src/` file, aligned line by line.  Rules: all but those needing a "
        "service.",
        "",
        "## Line counts: fixed in every mode",
        "",
        "| folder | files | lines | runs (file × mode) | lines changed (all runs) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    rows, failures = check_alignment(args.folders.split(","))
    for folder, files, lines, runs, changed in rows:
        out.append(f"| {folder} | {files} | {lines:,} | {runs} | {changed:,} |")
    out += [
        "",
        f"Modes: {'; '.join(f'`{m}`' for m in MODES)} (the `--source` mode where the folder has sources).",
        "",
        f"**Files whose line count changed in some mode: {len(failures)}.**",
    ]
    out += [f"- {f}" for f in failures[:20]]
    for folder, what in () if args.alignment_only else (("ref", "human references"), ("hyp", "system outputs")):
        counts, doc_only, examples, files, n = measure_findings(folder)
        out += [
            "",
            f"## Q102, Q108, Q109 on the {what} (`{folder}/`: {files} files, {n:,} lines)",
            "",
            "| mode | " + " | ".join(QUOTE_CODES) + " |",
            "| --- | " + " | ".join("---:" for _ in QUOTE_CODES) + " |",
        ]
        for m in FINDING_MODES:
            out.append(f"| {m} | " + " | ".join(str(counts[m, c]) for c in QUOTE_CODES) + " |")
        out += [
            "",
            "Q108 and Q109 are marks that pair with nothing.  With each segment's source, a mark at the start of "
            "a segment whose source starts with a closer, and a mark whose source quotation also runs on past "
            "the segment in the same direction, are not reported (the quotation spans segments in the source too).",
            "",
            f"Findings that only document context makes possible on the {what} (found with the lines as one "
            "document, not with each line alone; C consistency, E entities, P pronouns): "
            + (", ".join(f"{c} {k}" for c, k in sorted(doc_only.items())) or "none")
            + ".",
        ]
        if examples:
            out += ["", "Examples:", ""] + [f"- {e}" for e in examples]
    out += ["", f"Run time: {time.time() - t0:.0f} s.", ""]
    report = "\n".join(out)
    args.out.write_text(report, encoding="utf-8")
    if args.docs:
        write_docs_section(Path(args.docs), report)
    sys.stdout.write(report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
