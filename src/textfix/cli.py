"""The ``textfix`` command: check, fix, diff, rules, rule.

Exit codes: 0 nothing found (check) or success (fix); 1 findings (check) or changes
(diff); 2 usage, configuration or I/O error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from textfix._version import __version__
from textfix.config import ConfigError, Settings, load_config
from textfix.fileio import InputError, SourceFile, iter_paths, looks_binary, read_source, write_atomic
from textfix.model import Finding
from textfix.passes.grammar import GrammarServerError
from textfix.records import add_arguments as add_record_arguments
from textfix.records import record_format
from textfix.records import run_cli as run_records
from textfix.rules import RULES, SelectionError, get_rule

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["-"], help="files or folders; - for stdin")
    p.add_argument("--lang", help="language of the text (default: en, or from configuration)")
    p.add_argument("--select", help="comma-separated codes/prefixes to enable instead of the defaults")
    p.add_argument("--extend-select", help="comma-separated codes/prefixes to add")
    p.add_argument("--ignore", help="comma-separated codes/prefixes to disable")
    p.add_argument("--config", help="configuration file (default: nearest textfix.toml/pyproject.toml)")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument("--grammar", action="store_true",
                   help="also run LanguageTool's rules (needs a server: TEXTFIX_LANGUAGETOOL_URL)")
    p.add_argument("--glob", default="*.txt", help="pattern of files to take from folders (default: *.txt)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textfix", description="Find and repair machine-translation artifacts in text."
    )
    parser.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="report findings")
    _add_common(p)
    p.add_argument("--format", choices=("text", "json", "jsonl", "html"), default="text")
    p.add_argument("-o", "--output", help="write the report to this file (required for --format html)")
    p.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    p.add_argument(
        "--source",
        metavar="SRC",
        help="source text, line-aligned with the one target file: line N of the target is checked "
        "with line N of SRC as its source (enables the source-aware X rules)",
    )
    add_record_arguments(p, "check")

    for name, helptext in (("fix", "repair text"), ("diff", "show what fix would change, as a unified diff")):
        p = sub.add_parser(name, help=helptext)
        _add_common(p)
        p.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply unsafe fixes")
        p.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false")
        if name == "fix":
            p.add_argument("--in-place", "-i", action="store_true", help="rewrite files atomically")
            p.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
            p.add_argument("--explain", action="store_true", help="list each applied change on stderr")
            add_record_arguments(p, "fix")

    p = sub.add_parser("score", help="score a system output against references with sacrebleu")
    p.add_argument("hyp", help="system output, one segment per line")
    p.add_argument("--ref", action="append", required=True, help="reference file (repeat for several)")
    p.add_argument("--metrics", default="bleu,chrf", help="comma-separated: bleu, chrf, ter, chrf+ws")
    p.add_argument("--fix", action="store_true", help="also score the output after textfix's repairs")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    p.add_argument("--segments", metavar="TSV", help="write per-segment chrF before and after to TSV")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", default=None)
    p.add_argument("--select")
    p.add_argument("--ignore")

    p = sub.add_parser("rules", help="list the rules")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p = sub.add_parser("rule", help="explain one rule")
    p.add_argument("code")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _detect_lang(path: str) -> str:
    """``--lang auto``: the guess for the first file, reported with its confidence."""
    from textfix.languages import detect_language

    if path == "-":
        raise UsageError("--lang auto reads a file, not stdin: give the language with --lang")
    lang, prob = detect_language(Path(path).read_text(encoding="utf-8", errors="replace")[:20_000])
    print(f"textfix: --lang auto: {lang} (confidence {prob:.2f})", file=sys.stderr)
    return lang


def _settings(args: argparse.Namespace, first_path: str) -> Settings:
    if args.isolated:
        base = Settings()
    elif args.config:
        base = load_config(Path(args.config))
    else:
        base = load_config(start=Path(first_path) if first_path != "-" else Path.cwd())
    kw: dict[str, Any] = dict(base.__dict__)
    if args.lang == "auto":
        kw["lang"] = _detect_lang(first_path)
    elif args.lang:
        kw["lang"] = args.lang
    if args.select is not None:
        # As in ruff, a selection on the command line starts a new layer: the file's
        # select, extend-select and ignore no longer apply.
        kw["select"] = _split(args.select)
        kw["ignore"] = ()
        kw["extend_select"] = ()
    if args.extend_select is not None:
        kw["extend_select"] = (*base.extend_select, *(_split(args.extend_select) or ()))
    if args.ignore is not None:
        kw["ignore"] = (*base.ignore, *(_split(args.ignore) or ()))
    if getattr(args, "grammar", False):
        kw["extend_select"] = (*kw["extend_select"], "LT")
    if getattr(args, "unsafe_fixes", None) is not None:
        kw["unsafe_fixes"] = args.unsafe_fixes
    return Settings(**kw)


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def format_finding(path: str, f: Finding) -> str:
    mark = " [*]" if f.fixable and f.applicability and f.applicability.value == "safe" else (
        " [-]" if f.fixable else ""
    )
    return f"{_display(path)}:{f.line}:{f.column}: {f.code}{mark} {f.message}"


def _finding_json(path: str, f: Finding) -> dict[str, Any]:
    return {"path": _display(path), **f.to_dict()}


def _sources(paths: Sequence[str], glob: str, err: TextIO) -> tuple[list[str], bool]:
    """Expand folders; binary files met while walking a folder are skipped with a note."""
    expanded = iter_paths(list(paths), glob)
    explicit = set(paths)
    keep = []
    for p in expanded:
        if p != "-" and p not in explicit and looks_binary(Path(p)):
            print(f"textfix: {p}: binary file skipped", file=err)
            continue
        keep.append(p)
    return keep, bool(expanded) or not paths


def _shift(f: Finding, offset: int, line: int) -> Finding:
    """A finding in one line, moved to that line's place in the whole file."""
    import dataclasses

    return dataclasses.replace(
        f,
        start=f.start + offset,
        end=f.end + offset,
        line=line,
        end_line=line + f.end_line - f.line,
        edits=tuple(type(e)(e.start + offset, e.end + offset, e.replacement) for e in f.edits),
    )


def check_line_aligned(args: argparse.Namespace, pipeline: Any, paths: list[str], out: TextIO, err: TextIO) -> int:
    """``check --source SRC TGT``: each target line checked with the same source line."""
    if len(paths) != 1:
        raise UsageError("--source needs exactly one target file")
    path = paths[0]
    src_file = read_source(args.source)
    tgt_file = read_source(path)
    src_lines = src_file.text.split("\n")
    tgt_lines = tgt_file.text.split("\n")
    # A final newline ends the last line; it does not start another.
    for lines in (src_lines, tgt_lines):
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
    if len(src_lines) != len(tgt_lines):
        raise UsageError(
            f"{_display(path)} has {len(tgt_lines)} lines but {args.source} has {len(src_lines)}: "
            "--source needs line-aligned files"
        )
    findings: list[Finding] = []
    offset = 0
    for i, (s, t) in enumerate(zip(src_lines, tgt_lines, strict=True)):
        t = t.removesuffix("\r")
        for f in pipeline.check(t, source=s.removesuffix("\r")):
            findings.append(_shift(f, offset, i + 1))
        offset += len(tgt_lines[i]) + 1
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    if args.statistics:
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:6d}  {code}  {RULES[code].name}", file=out)
    elif args.format == "json":
        json.dump([_finding_json(path, f) for f in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for f in findings:
            if args.format == "jsonl":
                print(json.dumps(_finding_json(path, f), ensure_ascii=False), file=out)
            else:
                print(format_finding(path, f), file=out)
        if findings and args.format == "text":
            print(f"Found {len(findings)} finding(s).", file=err)
    return EXIT_FOUND if findings else EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths, _ = _sources(args.paths, args.glob, err)
    if not paths:
        print("textfix: no files to check", file=err)
        return EXIT_ERROR
    if args.format == "html" and not args.output:
        raise UsageError("--format html needs -o FILE")
    settings = _settings(args, paths[0])
    pipeline = settings.pipeline()
    fmt = record_format(args)
    if getattr(args, "source", None):
        if fmt is not None or args.format == "html":
            raise UsageError("--source takes plain line-aligned text and a text, json or jsonl report")
        return check_line_aligned(args, pipeline, paths, out, err)
    if fmt is not None:
        if args.format == "html":
            raise UsageError("--format html reports whole documents, not records")
        return run_records(args, fmt, pipeline, command="check", unsafe=False, paths=paths, out=out, err=err)
    status = EXIT_OK
    total = 0
    fixable = 0
    collected: list[dict[str, Any]] = []
    html_docs: list[tuple[str, str, list[Finding]]] = []
    counts: dict[str, int] = {}
    for path in paths:
        try:
            src = read_source(path)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        findings = pipeline.check(src.text)
        if args.format == "html":
            html_docs.append((_display(path), src.text, findings))
        total += len(findings)
        fixable += sum(1 for f in findings if f.fixable and f.applicability.value == "safe")  # type: ignore[union-attr]
        for f in findings:
            counts[f.code] = counts.get(f.code, 0) + 1
            if args.statistics:
                continue
            if args.format == "html":
                continue
            if args.format == "text":
                print(format_finding(path, f), file=out)
            elif args.format == "jsonl":
                print(json.dumps(_finding_json(path, f), ensure_ascii=False), file=out)
            else:
                collected.append(_finding_json(path, f))
    if args.statistics:
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:6d}  {code}  {RULES[code].name}", file=out)
    elif args.format == "json":
        json.dump(collected, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "html":
        from textfix.fileio import write_new_file
        from textfix.report_html import render_report

        write_new_file(args.output, render_report(html_docs, pipeline.signature))
        print(f"textfix: wrote {args.output} ({total} findings)", file=err)
    if args.format == "text" and not args.statistics:
        if total:
            print(f"Found {total} finding(s); {fixable} fixable with `textfix fix`.", file=err)
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if total else EXIT_OK


def _diff(path: str, old: str, new: str) -> str:
    name = _display(path)
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def cmd_fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    diff_mode = args.command == "diff" or getattr(args, "diff", False)
    in_place = getattr(args, "in_place", False)
    explain = getattr(args, "explain", False)
    if diff_mode and in_place:
        raise UsageError("--diff and --in-place exclude each other")
    paths, _ = _sources(args.paths, args.glob, err)
    if not paths:
        print("textfix: no files to fix", file=err)
        return EXIT_ERROR
    if in_place and "-" in paths:
        raise UsageError("--in-place needs files, not stdin")
    if not in_place and not diff_mode and len(paths) > 1:
        raise UsageError("several files: use --in-place to rewrite them or --diff to see the changes")
    settings = _settings(args, paths[0])
    pipeline = settings.pipeline()
    unsafe = bool(settings.unsafe_fixes)
    fmt = record_format(args) if args.command == "fix" else None
    if fmt is not None:
        return run_records(args, fmt, pipeline, command="fix", unsafe=unsafe, paths=paths, out=out, err=err)
    status = EXIT_OK
    changed_any = False
    for path in paths:
        try:
            src: SourceFile = read_source(path)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        if explain:
            new, log = pipeline.fix_and_explain(src.text, unsafe)
            line_of = _line_index(src.text)
            for c in log:
                line, col = line_of(c.orig_start)
                print(f"{_display(path)}:{line}:{col}: {c.code} {c.old!r} -> {c.new!r}", file=err)
        else:
            new = pipeline.fix(src.text, unsafe)
        changed = new != src.text
        changed_any |= changed
        if diff_mode:
            if changed:
                out.write(_diff(path, src.text, new))
        elif in_place:
            if changed:
                try:
                    write_atomic(src, new)
                except InputError as e:
                    print(f"textfix: {e}", file=err)
                    status = EXIT_ERROR
        else:
            out.write(("\ufeff" if src.encoding == "utf-8-sig" else "") + new)
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if diff_mode and changed_any else EXIT_OK


def _line_index(text: str) -> Any:
    from textfix.model import Document

    return Document(text).line_col


def cmd_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = sorted(RULES.values(), key=lambda r: r.code)
    if args.format == "json":
        json.dump([r.to_dict() for r in rules], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "markdown":
        from textfix.docs import rules_markdown

        out.write(rules_markdown())
    else:
        for r in rules:
            fix = {"safe": "fix", "unsafe": "unsafe fix"}.get(r.fix.value if r.fix else "", "report")
            default = "" if r.default else "  (off by default)"
            print(f"{r.code}  {r.name:<34} {fix:<10} {r.summary}{default}", file=out)
    return EXIT_OK


def cmd_rule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        r = get_rule(args.code)
    except KeyError:
        print(f"textfix: no rule {args.code!r}; `textfix rules` lists them", file=err)
        return EXIT_ERROR
    if args.format == "json":
        json.dump(r.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    from textfix.docs import rule_markdown

    out.write(rule_markdown(r))
    return EXIT_OK


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from textfix.pipeline import Pipeline
    from textfix.quality import METRICS, score_files

    metrics = _split(args.metrics) or ()
    bad = [m for m in metrics if m not in METRICS]
    if bad:
        raise UsageError(f"unknown metric(s) {', '.join(bad)}; choose from {', '.join(METRICS)}")
    if args.segments and not args.fix:
        raise UsageError("--segments needs --fix")
    pipe = Pipeline(lang=args.lang or "en", select=_split(args.select), ignore=_split(args.ignore))
    try:
        report = score_files(
            args.hyp, args.ref, metrics, fix=args.fix, unsafe=args.unsafe_fixes, pipeline=pipe,
            segments=args.segments,
        )
    except OSError as e:
        raise InputError(f"{e.filename}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise InputError(f"invalid UTF-8 at byte offset {e.start}") from None
    except ValueError as e:
        raise UsageError(str(e)) from None
    if args.format == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for s in report.before:
        print(f"{s.text}  [{s.signature}]", file=out)
    if report.after is not None:
        print(f"after textfix ({report.lines_changed} of {report.lines} lines changed):", file=out)
        for a, b in zip(report.after, report.before, strict=True):
            print(f"{a.text}  ({a.score - b.score:+.2f})", file=out)
        for fam, scores in report.families.items():
            parts = ", ".join(
                f"{x.metric} {a.score - x.score:+.2f}" for x, a in zip(scores, report.after, strict=True)
            )
            print(f"  contribution of {fam}: {parts}", file=out)
    return EXIT_OK


COMMANDS = {"score": cmd_score, "check": cmd_check, "fix": cmd_fix, "diff": cmd_fix, "rules": cmd_rules, "rule": cmd_rule}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if out is None:
        if isinstance(sys.stdout, __import__("io").TextIOWrapper):
            # Text goes out exactly as repaired: UTF-8, newlines untranslated.
            sys.stdout.reconfigure(encoding="utf-8", newline="")
        out = sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_ERROR if e.code not in (0, None) else EXIT_OK
    if not args.command:
        parser.print_help(err)
        return EXIT_ERROR
    try:
        return COMMANDS[args.command](args, out, err)
    except (UsageError, ConfigError, SelectionError, InputError, GrammarServerError) as e:
        print(f"textfix: {e}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
