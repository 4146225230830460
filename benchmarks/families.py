"""Flags and changes of some rule families on WMT22: false alarms on the human references,
repairs on the system outputs, a sample to judge, and speed.

    python -m benchmarks families quotes                 # a preset: benchmarks/results/quotes.md
    python -m benchmarks families --select E,C --unsafe  # any rules: prints the report
    python -m benchmarks families --list                 # the presets

One loop for every family:

1. References (human translations): per family, the lines it flags and the lines its fixes
   change (safe fixes, or unsafe ones with ``--unsafe``); findings per rule.  A flag on a
   reference is (nearly always) a false alarm.
2. System outputs: per system, lines flagged and changed, whether a second fix changes
   anything more (documents only), the commonest rules; for every change of words, whether
   the aligned reference line writes the repaired form and not the original.
3. Optional: the share of system lines holding a known artifact shape (``--shape REGEX``) that
   come out repaired; findings on German and French text with ``lang`` set (``--other-langs``).
4. Speed: reference lines per second of ``check`` with each family alone.
5. A sample to judge: every reference finding (up to ``--sample``), topped up with changes
   on system lines, drawn by a seeded hash of each item's key (benchmarks/_judge.py), so the
   sample is stable across runs; a verdict already stored for a change in
   ``benchmarks/results/precision_judgements.jsonl`` is shown beside it.

``--unit document`` fixes each file as one document (a quotation or a dash style spans
lines); ``--unit line`` checks each line alone (``--source`` gives it the aligned line of
``wmt22/src`` as its source).  Text under ``## Judgements`` in the results file survives a
re-run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import regex

import textfix
from textfix.rules import RULES

from . import _data, _judge

MARKER = "<!-- made by: python -m benchmarks families -->"


@dataclass(frozen=True)
class Preset:
    """What one measurement looks at; the presets below are the topics of benchmarks/results/."""

    title: str
    select: tuple[str, ...] = ()  # codes or prefixes; () = the default rules
    defaults_only: bool = False  # of the selected rules, only those on by default
    unit: str = "line"  # "line" or "document"
    unsafe: bool = False
    source: bool = False  # the aligned wmt22/src line as source (line unit, hyp and ref only)
    references: tuple[str, ...] = ("ref",)
    systems: tuple[str, ...] = ("hyp",)
    shape: str = ""  # regex of an artifact shape whose repair rate is measured on system lines
    other_langs: tuple[str, ...] = ()  # languages of wmt22/xx files checked with lang set
    sample: int = 20
    seed: str = "families"
    note: str = ""


PRESETS: dict[str, Preset] = {
    "quotes": Preset(
        "Quotes and brackets passes on WMT22",
        select=("Q", "B"),
        unit="document",
        references=("ref", "ts-ref"),
        systems=("hyp", "ts-hyp"),
        shape=r"[.,!?]“(?= |$)",
        other_langs=("de", "fr"),
        seed="quotes",
        note="Targets: under 0.5% of reference lines changed; over 95% of the misdirected closing "
        "quotes (`[.,!?]“` then a space or the line end) repaired.",
    ),
    "dashes_numbers": Preset(
        "Dashes and numbers passes on WMT22",
        select=("H", "N"),
        defaults_only=True,
        unit="document",
        seed="dashes_numbers",
        note="Targets: under 0.3% of reference lines changed, under 1% flagged.",
    ),
    "entities": Preset(
        "Entities (E1xx) and consistency (C1xx) on WMT22",
        select=("E", "C"),
        unsafe=True,
        sample=30,
        seed="entities",
        note="Each line is one document: WMT22 marks no document boundaries.",
    ),
    "pronouns_calques_boilerplate_fragments": Preset(
        "Pronouns (P), calques (T), boilerplate (W) and fragments (F) on WMT22",
        select=("P", "T", "W", "F"),
        unsafe=True,
        sample=30,
        seed="pronouns_calques_boilerplate_fragments",
        note="Target for these passes with entities and consistency: under 1% of reference lines "
        "flagged, under 0.3% changed.",
    ),
    "residue": Preset(
        "Decoder residue (R) and source-aware checks (X) on WMT22",
        select=("R", "X"),
        source=True,
        seed="residue",
        note="Every line is checked with the same line of `wmt22/src` as its source. Target: under "
        "1% of reference lines flagged.",
    ),
    "fix_summary": Preset(
        "The default fix over WMT22 system outputs",
        unit="document",
        seed="fix_summary",
        note="Every default rule; each file fixed as one document.",
    ),
}


# --- measuring ------------------------------------------------------------------------------


@dataclass
class FileResult:
    folder: str
    name: str
    lines: int = 0
    flagged: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # family -> lines
    changed: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    findings: Counter[str] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    idempotent: bool | None = None
    # (kind, key, code, lineno, line, col, end, old, new): every change, and every finding of a
    # reference that changed nothing
    items: list[tuple] = field(default_factory=list)
    confirmed: Counter[str] = field(default_factory=Counter)  # "code\tyes" / "code\tno"
    shape_seen: int = 0
    shape_repaired: int = 0
    shape_missed: list[str] = field(default_factory=list)


def codes_of(preset: Preset) -> list[str] | None:
    """The rule codes a preset selects (None: the default pipeline)."""
    if not preset.select:
        return None
    return sorted(
        c for c, r in RULES.items() if c.startswith(preset.select) and (r.default or not preset.defaults_only)
    )


@cache
def pipeline(lang: str, codes: tuple[str, ...] | None) -> textfix.Pipeline:
    return textfix.Pipeline(lang=lang, select=list(codes) if codes is not None else None)


def family(code: str) -> str:
    return RULES[code].family


def measure_file(job: tuple[Preset, str, Path]) -> FileResult:
    preset, folder, path = job
    codes = codes_of(preset)
    pipe = pipeline("en", tuple(codes) if codes is not None else None)
    is_ref = folder in _data.REFERENCE_FOLDERS
    res = FileResult(folder, path.name)
    lines = _data.content_lines(path)
    res.lines = len(lines)
    refs: list[list[str]] = []
    if not is_ref and folder in _data.REFERENCE_OF:
        refs = [_data.content_lines(r) for r in _data.references_of(_data.pair_of(path), _data.REFERENCE_OF[folder])]
    shape = regex.compile(preset.shape) if preset.shape and not is_ref else None
    for first, text, source in units_of(preset, folder, path, lines):
        fixed = measure_unit(res, pipe, preset, first, text, source, refs)
        if shape is not None:
            for b, a in zip(text.split("\n"), fixed.split("\n"), strict=True):
                if shape.search(b):
                    res.shape_seen += 1
                    if shape.search(a):
                        res.shape_missed.append(a)
                    else:
                        res.shape_repaired += 1
    return res


def units_of(preset: Preset, folder: str, path: Path, lines: list[str]) -> list[tuple[int, str, str | None]]:
    """(first line, text, source) of each text checked: the whole file, or each line."""
    if preset.unit == "document":
        return [(0, "\n".join(lines), None)]
    sources: list[str | None] = [None] * len(lines)
    if preset.source and folder in ("hyp", "ref"):
        src = _data.content_lines(_data.source_of(path))
        if len(src) != len(lines):
            raise SystemExit(f"{path}: {len(lines)} lines but its source has {len(src)}")
        sources = list(src)
    return [(i, line, sources[i]) for i, line in enumerate(lines)]


def span_of(index: _data.LineIndex, start: int, end: int) -> tuple[int, str, int, int]:
    """(line number, line, column, end column clipped to that line) of a span of a text."""
    ln, col = index.locate(start)
    line = index.line(ln)
    end_ln, end_col = index.locate(end)
    return ln, line, col, end_col if end_ln == ln else len(line)


def measure_unit(
    res: FileResult,
    pipe: textfix.Pipeline,
    preset: Preset,
    first: int,
    text: str,
    source: str | None,
    refs: list[list[str]],
) -> str:
    """Count one text's findings and changes into ``res``; the fixed text."""
    is_ref = res.folder in _data.REFERENCE_FOLDERS
    index = _data.LineIndex(text)
    findings = pipe.check(text, source=source)
    fixed, log = pipe.fix_and_explain(text, preset.unsafe, source=source)
    if fixed.count("\n") != text.count("\n"):
        raise SystemExit(f"{res.folder}/{res.name}: a fix changed the line count")
    if preset.unit == "document":
        res.idempotent = pipe.fix(fixed, preset.unsafe) == fixed
    changed_at = set()
    for ch in log:
        ln, line, col, end = span_of(index, ch.orig_start, ch.orig_end)
        res.changed[family(ch.code)].add(first + ln)
        res.applied[ch.code] += 1
        res.items.append(
            (
                "change",
                _judge.change_key(ch.code, line, col, ch.old, ch.new),
                ch.code,
                first + ln,
                line,
                col,
                end,
                ch.old,
                ch.new,
            )
        )
        changed_at.add((ch.code, first + ln, col))
        if not is_ref:
            aligned = [r[first + ln] for r in refs if first + ln < len(r)]
            verdict = _judge.confirmed_by(aligned, ch.old, ch.new)
            if verdict is not None:
                res.confirmed[f"{ch.code}\t{'yes' if verdict else 'no'}"] += 1
    for f in findings:
        ln, line, col, end = span_of(index, f.start, f.end)
        res.flagged[family(f.code)].add(first + ln)
        res.findings[f.code] += 1
        if is_ref and (f.code, first + ln, col) not in changed_at:
            # A reference finding that changed nothing (a changed one is sampled as its change).
            res.items.append(
                (
                    "finding",
                    _judge.finding_key(f.code, line, col, end),
                    f.code,
                    first + ln,
                    line,
                    col,
                    end,
                    line[col:end],
                    None,
                )
            )
    return fixed


def other_langs(preset: Preset) -> list[tuple[str, int, Counter[str]]]:
    """Findings on the German and French files of wmt22/xx, each checked with its language."""
    rows = []
    codes = codes_of(preset)
    for path in sorted((_data.WMT22 / "xx").glob("*")):
        lang = path.name.rsplit(".", 1)[1]
        if lang not in preset.other_langs or ".src." in path.name:
            continue
        text = _data.read_text(path)
        found = pipeline(lang, tuple(codes) if codes is not None else None).check(text)
        rows.append((path.name, text.count("\n"), Counter(f.code for f in found)))
    return rows


def speed(preset: Preset, paths: list[Path]) -> dict[str, float]:
    """Reference lines (or documents) per second of ``check`` with each family alone."""
    codes = codes_of(preset) or sorted(c for c, r in RULES.items() if r.default)
    by_family: dict[str, list[str]] = defaultdict(list)
    for c in codes:
        by_family[family(c)].append(c)
    texts = [_data.read_text(p) for p in paths]
    units = texts if preset.unit == "document" else [ln for t in texts for ln in t.split("\n")]
    n_lines = sum(t.count("\n") + 1 for t in texts)
    out = {}
    for fam, cs in sorted(by_family.items()):
        pipe = pipeline("en", tuple(cs))
        for u in units[:50]:
            pipe.check(u)  # lazy loads
        t0 = time.perf_counter()
        for u in units:
            pipe.check(u)
        out[fam] = n_lines / max(time.perf_counter() - t0, 1e-9)
    return out


# --- the report -----------------------------------------------------------------------------


def idempotent_all(results: list[FileResult]) -> str:
    measured = [r.idempotent for r in results if r.idempotent is not None]
    return "–" if not measured else ("yes" if all(measured) else "**NO**")


def render(preset: Preset, results: list[FileResult], extra: dict, argv: list[str]) -> str:
    codes = codes_of(preset)
    refs = [r for r in results if r.folder in _data.REFERENCE_FOLDERS]
    hyps = [r for r in results if r.folder not in _data.REFERENCE_FOLDERS]
    fixes = "unsafe fixes on" if preset.unsafe else "safe (default) fixes"
    command = "python -m benchmarks families " + " ".join(argv)
    out = [
        f"# {preset.title}",
        "",
        MARKER,
        f"Generated {time.strftime('%Y-%m-%d', time.gmtime())} by `{command.strip()}` (textfix "
        f"{textfix.__version__}); rules: {', '.join(codes) if codes else 'the defaults'}; "
        f"{'each file one document' if preset.unit == 'document' else 'each line one document'}; {fixes}"
        f"{'; the aligned wmt22/src line as source' if preset.source else ''}"
        f"{f'; first {_data.LIMIT} lines of each file only' if _data.LIMIT else ''}; {extra['seconds']:.0f} s.",
        "",
    ]
    if preset.note:
        out += [preset.note, ""]
    families = sorted({family(c) for r in results for c in (*r.findings, *r.applied)} | set(extra["speed"]))

    def lines_of(rs: list[FileResult], what: str, fam: str | None) -> int:
        n = 0
        for r in rs:
            sets = getattr(r, what)
            n += len(sets[fam]) if fam else len(set().union(*sets.values()) if sets else set())
        return n

    total = sum(r.lines for r in refs)
    out += [
        f"## References ({' + '.join(preset.references)}): false alarms",
        "",
        f"{total:,} lines.",
        "",
        "| family | lines flagged | share | lines changed | share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for fam in [*families, None]:
        f, c = lines_of(refs, "flagged", fam), lines_of(refs, "changed", fam)
        out.append(f"| {fam or '**together**'} | {f} | {_judge.pct(f, total, 3)} | {c} | {_judge.pct(c, total, 3)} |")
    by_rule: Counter[str] = sum((r.findings for r in refs), Counter())
    out += ["", "Findings by rule: " + (", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) or "none") + ".", ""]

    htotal = sum(r.lines for r in hyps)
    out += [
        f"## System outputs ({' + '.join(preset.systems)})",
        "",
        "| folder | pair | system | lines | flagged | changed | second fix changes nothing | commonest findings |",
        "| --- | --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in sorted(hyps, key=lambda r: (r.folder, r.name)):
        path = Path(r.name)
        idem = "–" if r.idempotent is None else ("yes" if r.idempotent else "**NO**")
        top = ", ".join(f"{c} {n}" for c, n in r.findings.most_common(3)) or "–"
        out.append(
            f"| {r.folder} | {_data.pair_of(path)} | {_data.system_of(path)} | {r.lines} | "
            f"{lines_of([r], 'flagged', None)} | {lines_of([r], 'changed', None)} | {idem} | {top} |"
        )
    hf, hc = lines_of(hyps, "flagged", None), lines_of(hyps, "changed", None)
    out += [
        f"| **all** | | | {htotal:,} | {hf} ({_judge.pct(hf, htotal)}) | {hc} ({_judge.pct(hc, htotal)}) | "
        f"{idempotent_all(hyps)} | |",
        "",
    ]
    applied: Counter[str] = sum((r.applied for r in hyps), Counter())
    found: Counter[str] = sum((r.findings for r in hyps), Counter())
    out += [
        "| rule | findings | changes applied | changes of words | the aligned reference writes the new form |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    conf: Counter[str] = sum((r.confirmed for r in hyps), Counter())
    for code in sorted(set(found) | set(applied)):
        yes, no = conf[f"{code}\tyes"], conf[f"{code}\tno"]
        out.append(
            f"| {code} | {found[code]} | {applied[code]} | {yes + no} | "
            f"{f'{yes} ({_judge.pct(yes, yes + no, 0)})' if yes + no else '–'} |"
        )
    out.append("")

    if preset.shape:
        seen = sum(r.shape_seen for r in hyps)
        rep = sum(r.shape_repaired for r in hyps)
        out += [
            f"## The shape `{preset.shape}` on system lines",
            "",
            f"{seen} lines hold it; {rep} repaired ({_judge.pct(rep, seen, 1)}).",
            "",
        ]
        missed = [m for r in hyps for m in r.shape_missed][:10]
        out += [f"- not repaired: `{_judge.cell(m[:160])}`" for m in missed]
        out += [""] if missed else []
    if preset.other_langs:
        out += [
            f"## Text in {', '.join(preset.other_langs)} (wmt22/xx), checked with its language",
            "",
            "| file | lines | findings | by rule |",
            "| --- | ---: | ---: | --- |",
        ]
        for fname, n, by in extra["other_langs"]:
            out.append(
                f"| {fname} | {n} | {sum(by.values())} | {', '.join(f'{c} {v}' for c, v in sorted(by.items()))} |"
            )
        out.append("")
    out += [
        "## Speed",
        "",
        f"Reference {'lines' if preset.unit == 'line' else 'lines (checked as whole files)'} per second of "
        "`check` with each family alone, one process, on a shared machine (a lower bound).",
        "",
        "| family | lines/s |",
        "| --- | ---: |",
    ]
    out += [f"| {fam} | {v:,.0f} |" for fam, v in extra["speed"].items()]
    out.append("")

    verdicts = _judge.load_verdicts()
    ref_items = [(r, it) for r in refs for it in r.items]
    hyp_items = [(r, it) for r in hyps for it in r.items]
    picked = _judge.stable_sample(ref_items, lambda x: x[1][1], preset.sample, preset.seed)
    seen_lines = {it[4] for _, it in picked}
    rest = [x for x in hyp_items if x[1][4] not in seen_lines]
    picked += _judge.stable_sample(rest, lambda x: x[1][4], preset.sample - len(picked), preset.seed)
    out += [
        f"## Sample to judge ({len(picked)}: reference findings first, then system changes; seed `{preset.seed}`)",
        "",
        "Each item is named by its key (benchmarks/_judge.py); a verdict stored for a change in "
        "`benchmarks/results/precision_judgements.jsonl` is shown.",
        "",
    ]
    for k, (r, (kind, key, code, lineno, line, col, end, old, new)) in enumerate(picked, 1):
        v = verdicts.get(key)
        shown = f"**{v['verdict']}**{': ' + v['reason'] if v.get('reason') else ''}" if v else "not judged"
        out.append(f"{k}. `{key}` {r.folder}/{r.name}:{lineno + 1} {code} ({kind}): {shown}")
        out.append(f"   `{_judge.cell(_judge.marked(line, col, end, old, new))}`")
    out.append("")
    return "\n".join(out)


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[tuple[str, Preset]]]:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks families",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="presets: " + ", ".join(PRESETS),
    )
    ap.add_argument("presets", nargs="*", help="topics to measure (see --list); none with --select")
    ap.add_argument("--list", action="store_true", help="print the presets and exit")
    ap.add_argument("--select", help="rule codes or prefixes, comma-separated (instead of a preset)")
    ap.add_argument("--unit", choices=("line", "document"))
    ap.add_argument("--unsafe", action="store_true", default=None, help="count changes with unsafe fixes")
    ap.add_argument("--source", action="store_true", default=None, help="the aligned wmt22/src line as source")
    ap.add_argument("--references", help="reference folders, comma-separated (ref, ts-ref)")
    ap.add_argument("--systems", help="system folders, comma-separated (hyp, ts-hyp)")
    ap.add_argument("--shape", help="regex of an artifact shape: share of system lines holding it that are repaired")
    ap.add_argument("--other-langs", help="languages of wmt22/xx files to check with lang set (de,fr)")
    ap.add_argument("--sample", type=int)
    ap.add_argument(
        "--out",
        type=Path,
        help="results file (a preset's default: benchmarks/results/<preset>.md; --select alone: print only)",
    )
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = ap.parse_args(argv)
    if args.list:
        return args, []
    unknown = [p for p in args.presets if p not in PRESETS]
    if unknown or (not args.presets and not args.select):
        ap.error(f"unknown preset {unknown[0]}" if unknown else "name a preset or give --select")
    chosen = [(p, PRESETS[p]) for p in args.presets] or [
        ("custom", Preset(f"Rules {args.select} on WMT22", select=tuple(args.select.split(","))))
    ]
    over: dict = {}
    if args.select:
        over["select"] = tuple(args.select.split(","))
    for k in ("unit", "unsafe", "source", "sample", "shape"):
        if getattr(args, k) is not None:
            over[k] = getattr(args, k)
    for k in ("references", "systems", "other_langs"):
        if getattr(args, k) is not None:
            over[k] = tuple(x for x in getattr(args, k).split(",") if x)
    return args, [(name, replace(p, **over)) for name, p in chosen]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args, chosen = parse(argv)
    if args.list:
        for name, p in PRESETS.items():
            print(f"{name:<40} {p.title} (rules {','.join(p.select) or 'default'}, {p.unit})")
        return 0
    if not _data.require_wmt22():
        return 2
    for name, preset in chosen:
        t0 = time.perf_counter()
        jobs = [
            (preset, folder, path) for folder in (*preset.references, *preset.systems) for path in _data.files(folder)
        ]
        with ProcessPoolExecutor(max(1, args.jobs)) as ex:
            results = list(ex.map(measure_file, jobs))
        extra: dict = {
            "speed": speed(preset, [p for f in preset.references for p in _data.files(f)]),
            "other_langs": other_langs(preset) if preset.other_langs else [],
        }
        extra["seconds"] = time.perf_counter() - t0
        body = render(preset, results, extra, argv)
        out = args.out or (_data.results_dir() / f"{name}.md" if name != "custom" else None)
        if out is None:
            print(body)
            continue
        kept = _judge.kept_judgements(out)
        if kept and out.exists() and MARKER not in out.read_text(encoding="utf-8"):
            kept = kept.replace(_judge.HEADING, _judge.HEADING + " (of the earlier report)", 1) + (
                "\n(These judgements number the sample of the report this file held before it was made by "
                "`python -m benchmarks families`; git history keeps that report.)\n"
            )
        text = body + "\n" + (kept or f"{_judge.HEADING}\n\n(not judged yet)\n")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(body.split("\n## Sample")[0])
        print(f"wrote {out}")
    return 0
