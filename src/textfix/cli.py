"""The ``textfix`` command: check, fix, diff, score, rules, rule.

Exit codes (textfix.errors): 0 nothing found (check) or success (fix); 1 findings (check)
or changes (diff); 2 usage, configuration or I/O error.

The command parses flags, resolves settings (configuration file, then flags), reads inputs
through one function (:func:`read_input`, where file formats plug in), and hands findings
to one reporting layer (textfix.reporting), as the record modes (textfix.records) do.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from textfix._version import __version__
from textfix.checking import check_like_fix
from textfix.config import Settings, load_config
from textfix.errors import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    InputError,
    TextfixError,
    UsageError,
)
from textfix.fileio import (
    DEFAULT_EXCLUDE,
    SourceFile,
    iter_paths,
    looks_binary,
    read_source,
    write_atomic,
    write_new_file,
)
from textfix.formats.cli import add_arguments as add_format_arguments
from textfix.formats.cli import run_cli as run_formats
from textfix.formats.cli import wanted as formats_wanted
from textfix.languages import check_language
from textfix.model import Applicability, AppliedChange, Document, Finding
from textfix.passes.grammar import GrammarServerError
from textfix.progress import write_around_bars
from textfix.records import add_arguments as add_record_arguments
from textfix.records import record_format
from textfix.records import run_cli as run_records
from textfix.reporting import FORMATS, dumps, make_reporter, use_color
from textfix.rules import RULES, get_rule

# Re-exported for callers of the old names.
__all__ = ["EXIT_ERROR", "EXIT_FOUND", "EXIT_OK", "UsageError", "build_parser", "main"]


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="files or folders; - for stdin (the default when stdin is piped)")
    p.add_argument("--lang", help="language of the text (default: en, or from configuration)")
    p.add_argument("--select", help="comma-separated codes/prefixes to enable instead of the defaults")
    p.add_argument("--extend-select", help="comma-separated codes/prefixes to add")
    p.add_argument("--ignore", help="comma-separated codes/prefixes to disable")
    _add_config(p)
    p.add_argument(
        "--grammar",
        action="store_true",
        help="also run LanguageTool's rules (needs a server: TEXTFIX_LANGUAGETOOL_URL)",
    )
    g = p.add_argument_group("inputs")
    g.add_argument("--glob", default="*.txt", help="pattern of files to take from folders (default: *.txt)")
    add_format_arguments(g)  # translation files: --format-in, --include-fuzzy
    g.add_argument(
        "--exclude",
        metavar="PATTERNS",
        help="comma-separated gitignore-style patterns to skip in folders, replacing the defaults "
        f"({', '.join(DEFAULT_EXCLUDE)})",
    )
    g.add_argument("--extend-exclude", metavar="PATTERNS", help="patterns to skip in addition to the defaults")
    g.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="also take files that .gitignore files exclude",
    )
    g.add_argument(
        "--encoding",
        help="decode (and write back) files in this encoding instead of detecting "
        "UTF-8 or a UTF-8/16/32 BOM, e.g. latin-1, utf-16-le",
    )
    p.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress bars (they are drawn on stderr only when it is a terminal)",
    )


def _add_config(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="configuration file (default: nearest textfix.toml/pyproject.toml)")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textfix", description="Find and repair machine-translation artifacts in text."
    )
    parser.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="report findings")
    _add_common(p)
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), grouped, json (an envelope with the run's signature), jsonl, "
        "github (Actions annotations), html (needs -o)",
    )
    p.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    p.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    p.add_argument(
        "--source",
        metavar="SRC",
        help="source text, line-aligned with the one target file: line N of the target is checked "
        "with line N of SRC as its source (enables the source-aware X rules)",
    )
    add_record_arguments(p)

    for name, helptext in (("fix", "repair text"), ("diff", "show what fix would change, as a unified diff")):
        p = sub.add_parser(name, help=helptext)
        _add_common(p)
        p.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply unsafe fixes")
        p.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false")
        p.add_argument(
            "--source",
            metavar="SRC",
            help="source text, line-aligned with the one target file: the target's lines are repaired as "
            "segments of one document, line N with line N of SRC as evidence (a repair the source "
            "contradicts is not made)",
        )
        if name == "fix":
            p.add_argument("--in-place", "-i", action="store_true", help="rewrite files atomically")
            p.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
            p.add_argument("--explain", action="store_true", help="list each applied change on stderr")
            add_record_arguments(p)

    p = sub.add_parser("score", help="score a system output against references with sacrebleu")
    p.add_argument("hyp", help="system output, one segment per line")
    p.add_argument("--ref", action="append", required=True, help="reference file (repeat for several)")
    p.add_argument("--metrics", default="bleu,chrf", help="comma-separated: bleu, chrf, ter, chrf+ws")
    p.add_argument("--fix", action="store_true", help="also score the output after textfix's repairs")
    p.add_argument("--unsafe-fixes", action="store_true", default=None, help="with --fix, apply unsafe fixes too")
    p.add_argument("--segments", metavar="TSV", help="write per-segment chrF before and after to TSV")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", default=None)
    p.add_argument("--select")
    p.add_argument("--extend-select")
    p.add_argument("--ignore")
    _add_config(p)
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")

    p = sub.add_parser("rules", help="list the rules")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p = sub.add_parser("rule", help="explain one rule")
    p.add_argument("code")
    p.add_argument("--format", choices=("text", "json"), default="text")
    parser._textfix_subparsers = sub.choices  # type: ignore[attr-defined]
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
        kw["lang"] = check_language(args.lang, "--lang")
    if args.select is not None:
        # As in ruff, a selection on the command line starts a new layer: the file's
        # select, extend-select and ignore no longer apply.
        kw["select"] = _split(args.select)
        kw["ignore"] = ()
        kw["extend_select"] = ()
    if getattr(args, "extend_select", None) is not None:
        kw["extend_select"] = (*kw["extend_select"], *(_split(args.extend_select) or ()))
    if args.ignore is not None:
        kw["ignore"] = (*kw["ignore"], *(_split(args.ignore) or ()))
    if getattr(args, "grammar", False):
        kw["extend_select"] = (*kw["extend_select"], "LT")
    if getattr(args, "unsafe_fixes", None) is not None:
        kw["unsafe_fixes"] = args.unsafe_fixes
    return Settings(**kw)


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def format_finding(path: str, f: Finding) -> str:
    """``path:line:col: CODE [*] message`` without colour (kept for library callers)."""
    import io

    from textfix.reporting import TextReporter, locate

    buf = io.StringIO()
    TextReporter(buf, signature={}).emit(locate(_display(path), f), f)
    return buf.getvalue().rstrip("\n")


# -- inputs ------------------------------------------------------------------------------------


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _sources(args: argparse.Namespace, err: TextIO) -> list[str]:
    """The files to read: folders walked (skipping VCS, virtualenv and node_modules folders,
    .gitignore'd and excluded files); binary files met while walking are skipped with a note."""
    paths = list(args.paths)
    if not paths:
        if _stdin_is_terminal():
            raise UsageError(
                f"no input: give files or folders (`textfix {args.command} notes.txt`), "
                "or pipe text in (`-` reads stdin)"
            )
        paths = ["-"]
    base = (_split(args.exclude) or ()) if args.exclude is not None else DEFAULT_EXCLUDE
    exclude = (*base, *(_split(args.extend_exclude) or ()))
    expanded = iter_paths(paths, args.glob, exclude=exclude, gitignore=args.respect_gitignore)
    explicit = set(paths)
    keep = []
    for p in expanded:
        if p != "-" and p not in explicit and looks_binary(Path(p), encoding=args.encoding):
            print(f"textfix: {p}: binary file skipped", file=err)
            continue
        keep.append(p)
    if not keep:
        raise InputError(f"no files to {args.command} (folders are searched for {args.glob})")
    return keep


def read_input(path: str, args: argparse.Namespace) -> SourceFile:
    """The one place the command reads a document: file formats plug in here."""
    return read_source(path, encoding=args.encoding)


def _progress(items: Sequence[str], args: argparse.Namespace, desc: str) -> Any:
    from textfix.progress import progress

    if len(items) < 2:
        return items
    return progress(items, desc=desc, unit="file", enabled=args.progress)


@contextlib.contextmanager
def _report_stream(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    """stdout, or the ``-o`` file, written beside its target and renamed into place when the
    report is complete (a failed run never leaves half a report)."""
    path = getattr(args, "output", None)
    if not path:
        yield out
        return
    import io

    buf = io.StringIO()
    yield buf
    write_new_file(path, buf.getvalue())


def _record_format(args: argparse.Namespace) -> Any:
    """The record format the flags ask for (None: whole documents)."""
    fmt = record_format(args)
    if fmt is not None and args.encoding and args.encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        # Records are streamed and written back byte for byte as UTF-8; a flag that would be
        # ignored is an error instead.
        raise UsageError("--encoding applies to whole documents; record modes read and write UTF-8")
    return fmt


# -- check -------------------------------------------------------------------------------------


def _shift(f: Finding, offset: int, line: int) -> Finding:
    """A finding in one line, moved to that line's place in the whole file."""
    return dataclasses.replace(
        f,
        start=f.start + offset,
        end=f.end + offset,
        line=line,
        end_line=line + f.end_line - f.line,
        edits=tuple(type(e)(e.start + offset, e.end + offset, e.replacement) for e in f.edits),
    )


def _aligned_lines(args: argparse.Namespace, path: str) -> tuple[SourceFile, list[str], list[str]]:
    """The target file, its lines and the source's, for ``--source``: line-aligned files."""
    src_file = read_input(args.source, args)
    tgt_file = read_input(path, args)
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
    return tgt_file, tgt_lines, src_lines


def check_line_aligned(args: argparse.Namespace, pipeline: Any, path: str) -> tuple[str, list[Finding]]:
    """``check --source SRC TGT``: the target's lines are the segments of one document (a
    quotation may span them, as in a document checked alone), each checked with the same
    line of the source as its own source (textfix.documents)."""
    from textfix.documents import check_document

    tgt_file, tgt_lines, src_lines = _aligned_lines(args, path)
    per_line = check_document(
        pipeline,
        [t.removesuffix("\r") for t in tgt_lines],
        sources=[s.removesuffix("\r") for s in src_lines],
        like_fix=True,
    )
    findings: list[Finding] = []
    offset = 0
    for i, found in enumerate(per_line):
        findings.extend(_shift(f, offset, i + 1) for f in found)
        offset += len(tgt_lines[i]) + 1
    return tgt_file.text, findings


def fix_line_aligned(
    args: argparse.Namespace, pipeline: Any, path: str, unsafe: bool
) -> tuple[SourceFile, str, list[tuple[int, Any]]]:
    """``fix --source SRC TGT``: the target repaired as one document of line segments, each
    with its source line as evidence; (file, new text, (line, change) of each change)."""
    from textfix.documents import fix_document_and_explain

    tgt_file, tgt_lines, src_lines = _aligned_lines(args, path)
    done = fix_document_and_explain(
        pipeline, [t.removesuffix("\r") for t in tgt_lines], unsafe, sources=[s.removesuffix("\r") for s in src_lines]
    )
    out = [new + ("\r" if old.endswith("\r") else "") for (new, _), old in zip(done, tgt_lines, strict=True)]
    new_text = "\n".join(out)
    if tgt_file.text.endswith("\n") and len(tgt_file.text.split("\n")) > len(tgt_lines):
        new_text += "\n"
    changes = [(i + 1, c) for i, (_, log) in enumerate(done) for c in log]
    return tgt_file, new_text, changes


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths = _sources(args, err)
    if args.format == "html" and not args.output:
        raise UsageError("--format html needs -o FILE")
    settings = _settings(args, paths[0])
    pipeline = settings.pipeline()
    fmt = _record_format(args)
    if fmt is None and formats_wanted(args, paths):
        return run_formats(args, settings, paths, out, err, command="check")
    color = use_color(out) and not args.output
    if args.source:
        if fmt is not None:
            raise UsageError(
                "--source takes plain line-aligned text; use --source-field/--source-column in record modes"
            )
        if len(paths) != 1:
            raise UsageError("--source needs exactly one target file")
    if fmt is not None and args.format == "html":
        raise UsageError("--format html reports whole documents, not records")
    with _report_stream(args, out) as stream:
        reporter = make_reporter(
            args.format, stream, signature=pipeline.signature, statistics=args.statistics, color=color
        )
        status = EXIT_OK
        records_rc = None
        if fmt is not None:
            records_rc = run_records(
                args, fmt, pipeline, command="check", unsafe=False, paths=paths, out=stream, err=err, reporter=reporter
            )
            paths = []  # the records are done
        for path in _progress(paths, args, "check"):
            try:
                if args.source:
                    text, findings = check_line_aligned(args, pipeline, path)
                else:
                    text = read_input(path, args).text
                    findings = check_like_fix(pipeline, text)
            except InputError as e:
                print(f"textfix: {e}", file=err)
                status = EXIT_ERROR
                reporter.summary.errors += 1
                continue
            with write_around_bars():
                reporter.document(_display(path), text, findings)
        if fmt is None:
            reporter.finish()  # run_records finished its own
    if args.output:
        print(f"textfix: wrote {args.output} ({_plural(reporter.summary.findings, 'finding')})", file=err)
    if records_rc is not None:
        return records_rc
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if reporter.summary.findings else EXIT_OK


# -- fix and diff ------------------------------------------------------------------------------


def _diff(path: str, old: str, new: str) -> str:
    name = _display(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def cmd_fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    diff_mode = args.command == "diff" or getattr(args, "diff", False)
    in_place = getattr(args, "in_place", False)
    if diff_mode and in_place:
        raise UsageError("--diff and --in-place exclude each other")
    paths = _sources(args, err)
    if in_place and "-" in paths:
        raise UsageError("--in-place needs files, not stdin")
    if not in_place and not diff_mode and len(paths) > 1:
        raise UsageError("several files: use --in-place to rewrite them or --diff to see the changes")
    settings = _settings(args, paths[0])
    pipeline = settings.pipeline()
    unsafe = bool(settings.unsafe_fixes)
    fmt = _record_format(args) if args.command == "fix" else None
    if fmt is None and formats_wanted(args, paths):
        return run_formats(args, settings, paths, out, err, command=args.command)
    if fmt is not None:
        if args.source:
            raise UsageError(
                "--source takes plain line-aligned text; use --source-field/--source-column in record modes"
            )
        return run_records(args, fmt, pipeline, command="fix", unsafe=unsafe, paths=paths, out=out, err=err)
    if args.source and len(paths) != 1:
        raise UsageError("--source needs exactly one target file")
    status = EXIT_OK
    fixed = files_changed = hidden = 0
    for path in _progress(paths, args, "fix"):
        try:
            src, new, log = _fix_file(args, pipeline, path, unsafe, err)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        changed = new != src.text
        try:
            _write_fixed(out, path, src, new, changed, diff_mode=diff_mode, in_place=in_place)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        if changed:
            fixed += len(log)
            files_changed += 1
        if not unsafe and (in_place or diff_mode):
            # What --unsafe-fixes would still repair, for the summary (ruff says it too).
            hidden += sum(
                1
                for f in pipeline.check(new, only_fixable=True)
                if f.fixable and f.applicability is Applicability.UNSAFE
            )
    # What fix did, on stderr (stdout is the text or the diff); ruff says the same.
    if in_place or diff_mode or fixed:
        _fix_summary(err, fixed, files_changed, hidden, diff_mode=diff_mode)
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if diff_mode and files_changed else EXIT_OK


def _fix_file(
    args: argparse.Namespace, pipeline: Any, path: str, unsafe: bool, err: TextIO
) -> tuple[SourceFile, str, list[AppliedChange]]:
    """One file read and repaired: (file, new text, changes); with ``--explain`` each change
    goes to ``err``.  Only reading raises InputError."""
    explain = getattr(args, "explain", False)
    if args.source:
        src, new, aligned = fix_line_aligned(args, pipeline, path, unsafe)
        if explain:
            for line, c in sorted(aligned, key=lambda lc: (lc[0], lc[1].orig_start)):
                print(f"{_display(path)}:{line}:{c.orig_start + 1}: {c.code} {c.old!r} -> {c.new!r}", file=err)
        return src, new, [c for _, c in aligned]
    src = read_input(path, args)
    new, log = pipeline.fix_and_explain(src.text, unsafe)
    if explain:
        line_of = Document(src.text).line_col
        # In the order of the text (the log itself is in the order the changes were
        # made, which is what replay needs).
        for c in sorted(log, key=lambda c: (c.orig_start, c.orig_end)):
            line, col = line_of(c.orig_start)
            print(f"{_display(path)}:{line}:{col}: {c.code} {c.old!r} -> {c.new!r}", file=err)
    return src, new, log


def _write_fixed(
    out: TextIO, path: str, src: SourceFile, new: str, changed: bool, *, diff_mode: bool, in_place: bool
) -> None:
    """The repaired file as the mode asks: its diff, the file rewritten, or the text on
    ``out``.  Raises InputError when the file cannot be rewritten."""
    if diff_mode:
        if changed:
            with write_around_bars():
                out.write(_diff(path, src.text, new))
    elif in_place:
        if changed:
            write_atomic(src, new)
    else:
        out.write(("\ufeff" if src.encoding.startswith("utf-8-sig") else "") + new)


def _fix_summary(err: TextIO, fixed: int, files_changed: int, hidden: int, *, diff_mode: bool) -> None:
    verb = "Would fix" if diff_mode else "Fixed"
    if fixed:
        print(f"{verb} {_plural(fixed, 'error')} in {_plural(files_changed, 'file')}.", file=err)
    else:
        print("Nothing to fix.", file=err)
    if hidden:
        print(f"{hidden} hidden {'fix' if hidden == 1 else 'fixes'} can be enabled with --unsafe-fixes.", file=err)


# -- rules, rule -------------------------------------------------------------------------------


def _plain(s: str) -> str:
    """RST/Markdown double backticks as the single ones a terminal reader expects."""
    return s.replace("``", "`")


def cmd_rules(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    rules = sorted(RULES.values(), key=lambda r: r.code)
    if args.format == "json":
        out.write(dumps([r.to_dict() for r in rules], indent=2) + "\n")
    elif args.format == "markdown":
        from textfix.docs import rules_markdown

        out.write(rules_markdown())
    else:
        wc = max(len(r.code) for r in rules)
        wn = max(len(r.name) for r in rules)
        for r in rules:
            fix = {"safe": "fix", "unsafe": "unsafe fix"}.get(r.fix.value if r.fix else "", "report")
            summary = _plain(r.summary)
            if not r.default and "off by default" not in summary:
                summary += "  (off by default)"
            print(f"{r.code:<{wc}}  {r.name:<{wn}}  {fix:<10}  {summary}", file=out)
    return EXIT_OK


def cmd_rule(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    try:
        r = get_rule(args.code)
    except KeyError:
        raise UsageError(f"no rule {args.code!r}; `textfix rules` lists them") from None
    if args.format == "json":
        out.write(dumps(r.to_dict(), indent=2) + "\n")
        return EXIT_OK
    from textfix.docs import rule_markdown

    out.write(rule_markdown(r))
    return EXIT_OK


# -- score -------------------------------------------------------------------------------------


def cmd_score(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from textfix.quality import METRICS, score_files

    metrics = _split(args.metrics) or ()
    bad = [m for m in metrics if m not in METRICS]
    if bad:
        raise UsageError(f"unknown metric(s) {', '.join(bad)}; choose from {', '.join(METRICS)}")
    if args.segments and not args.fix:
        raise UsageError("--segments needs --fix")
    # The same configuration as check and fix: the nearest file above the system output.
    settings = _settings(args, args.hyp)
    pipe = settings.pipeline()
    try:
        report = score_files(
            args.hyp,
            args.ref,
            metrics,
            fix=args.fix,
            unsafe=bool(settings.unsafe_fixes),
            pipeline=pipe,
            segments=args.segments,
            progress=args.progress,
        )
    except OSError as e:
        raise InputError(f"{e.filename}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise InputError(f"invalid UTF-8 at byte offset {e.start}") from None
    except ValueError as e:
        raise UsageError(str(e)) from None
    if args.format == "json":
        out.write(dumps(report.to_dict(), indent=2) + "\n")
        return EXIT_OK
    for s in report.before:
        print(f"{s.text}  [{s.signature}]", file=out)
    if report.after is not None:
        print(f"after textfix ({report.lines_changed} of {report.lines} lines changed):", file=out)
        for a, b in zip(report.after, report.before, strict=True):
            print(f"{a.text}  ({a.score - b.score:+.2f})", file=out)
        for fam, scores in report.families.items():
            parts = ", ".join(f"{x.metric} {a.score - x.score:+.2f}" for x, a in zip(scores, report.after, strict=True))
            print(f"  contribution of {fam}: {parts}", file=out)
    return EXIT_OK


COMMANDS = {
    "score": cmd_score,
    "check": cmd_check,
    "fix": cmd_fix,
    "diff": cmd_fix,
    "rules": cmd_rules,
    "rule": cmd_rule,
}


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, letting the subcommand's own parser report unknown options (with its usage,
    not the top-level one)."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        sub = parser._textfix_subparsers.get(args.command) if args.command else None  # type: ignore[attr-defined]
        (sub or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if out is None:
        if isinstance(sys.stdout, __import__("io").TextIOWrapper):
            # Text goes out exactly as repaired: UTF-8, newlines untranslated.
            sys.stdout.reconfigure(encoding="utf-8", newline="")
        out = sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stderr(err):
            args = _parse(parser, argv)
    except SystemExit as e:
        return EXIT_ERROR if e.code not in (0, None) else EXIT_OK
    if not args.command:
        parser.print_help(err)
        return EXIT_ERROR
    try:
        return COMMANDS[args.command](args, out, err)
    except (TextfixError, GrammarServerError) as e:
        print(f"textfix: {e}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`textfix check big | head`): stop quietly, as cat does.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
