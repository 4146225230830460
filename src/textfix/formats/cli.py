"""``textfix check`` / ``fix`` / ``diff`` on translation files.

Kept apart from textfix/cli.py, which only adds the two flags and hands over: a file is a
translation file by its extension (``.po``, ``.xlf``, ``.tmx``, ``.srt``...) or by
``--format-in``.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from typing import Any, TextIO

from textfix.fileio import InputError, SourceFile, read_source, write_atomic
from textfix.formats import (
    FORMATS,
    FileFinding,
    FixResult,
    Parsed,
    _check,
    _fix,
    detect_format,
    file_language,
    parse,
)

__all__ = ["add_arguments", "run_cli", "wanted"]


def add_arguments(p: Any) -> None:
    p.add_argument(
        "--format-in",
        choices=FORMATS,
        default=None,
        help="read the files as this translation format (default: by extension: .po .pot .xlf .xliff .tmx .srt .vtt)",
    )
    p.add_argument(
        "--include-fuzzy", action="store_true", help="translation files: also check and fix fuzzy / needs-review units"
    )


def wanted(args: Any, paths: list[str]) -> bool:
    """True when these paths are translation files for this module to handle."""
    return getattr(args, "format_in", None) is not None or any(p != "-" and detect_format(p) is not None for p in paths)


def _mark(f: Any) -> str:
    if f.fixable and f.applicability and f.applicability.value == "safe":
        return " [*]"
    return " [-]" if f.fixable else ""


def format_file_finding(path: str, ff: FileFinding) -> str:
    f, u = ff.finding, ff.unit
    where = f"unit {u.id!r}" + (f", msgctxt {u.context!r}" if u.context and u.source is not None else "")
    return f"{path}:{ff.line}:{f.column}: {f.code}{_mark(f)} {f.message} [{where}]"


def _json(path: str, ff: FileFinding) -> dict[str, Any]:
    return {"path": path, **ff.to_dict()}


def run_cli(args: Any, settings: Any, paths: list[str], out: TextIO, err: TextIO, *, command: str) -> int:
    """Run check, fix or diff over translation files; the exit codes of textfix/cli.py."""
    from textfix.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK

    diff_mode = command == "diff" or getattr(args, "diff", False)
    in_place = getattr(args, "in_place", False)
    _refuse_flags(args, paths, command, diff_mode=diff_mode, in_place=in_place)
    status = EXIT_OK
    found = changed_any = False
    counts: dict[str, int] = {}
    collected: list[dict[str, Any]] = []
    for path in paths:
        shown = "<stdin>" if path == "-" else path
        try:
            src, parsed = _read(path, shown, args)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        # The file names its target language (PO header, XLIFF trgLang): that beats the
        # default, so a French catalogue is not held to English typography.
        lang = None if args.lang else file_language(parsed, src.text)
        pipeline = (dataclasses.replace(settings, lang=lang) if lang else settings).pipeline()
        if command == "check":
            findings = _check(parsed, pipeline, args.include_fuzzy)
            found |= bool(findings)
            _report(args, shown, findings, out, counts, collected)
            continue
        res = _fix_and_tell(args, settings, shown, parsed, pipeline, src.text, err)
        changed = res.text != src.text
        changed_any |= changed
        try:
            _write_fixed(out, shown, src, res.text, changed, diff_mode=diff_mode, in_place=in_place)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
    if command == "check":
        _check_summary(args, counts, collected, out)
        if status == EXIT_ERROR:
            return status
        return EXIT_FOUND if found else EXIT_OK
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if diff_mode and changed_any else EXIT_OK


def _refuse_flags(args: Any, paths: list[str], command: str, *, diff_mode: bool, in_place: bool) -> None:
    """UsageError for the flags that do not apply to translation files."""
    from textfix.errors import UsageError

    if "-" in paths and args.format_in is None:
        raise UsageError("stdin: name the translation format with --format-in")
    if getattr(args, "source", None):
        raise UsageError("--source is for plain text; a translation file carries its own source")
    if command == "check" and args.format == "html":
        raise UsageError("--format html reports plain-text documents, not translation files")
    if command == "fix" and not in_place and not diff_mode and len(paths) > 1:
        raise UsageError("several files: use --in-place to rewrite them or --diff to see the changes")


def _read(path: str, shown: str, args: Any) -> tuple[SourceFile, Parsed]:
    """The file and its parsed units; InputError when it is not a translation file or cannot
    be read or parsed."""
    fmt = detect_format(path, args.format_in)
    if fmt is None:
        raise InputError(f"{shown}: not a translation file by its extension; name the format with --format-in")
    src = read_source(path)
    return src, parse(src.text, fmt, shown)


def _report(
    args: Any,
    shown: str,
    findings: list[FileFinding],
    out: TextIO,
    counts: dict[str, int],
    collected: list[dict[str, Any]],
) -> None:
    """One file's findings: counted, and printed now or collected for the JSON list."""
    for ff in findings:
        counts[ff.finding.code] = counts.get(ff.finding.code, 0) + 1
        if args.statistics:
            continue
        if args.format == "text":
            print(format_file_finding(shown, ff), file=out)
        elif args.format == "jsonl":
            print(json.dumps(_json(shown, ff), ensure_ascii=False), file=out)
        else:
            collected.append(_json(shown, ff))


def _check_summary(args: Any, counts: dict[str, int], collected: list[dict[str, Any]], out: TextIO) -> None:
    from textfix.rules import RULES

    if args.statistics:
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:6d}  {code}  {RULES[code].name}", file=out)
    elif args.format == "json":
        json.dump(collected, out, ensure_ascii=False, indent=2)
        out.write("\n")


def _fix_and_tell(
    args: Any, settings: Any, shown: str, parsed: Parsed, pipeline: Any, text: str, err: TextIO
) -> FixResult:
    """The file fixed; held units, and with ``--explain`` each changed unit, go to ``err``."""
    res = _fix(parsed, pipeline, bool(settings.unsafe_fixes), args.include_fuzzy, text)
    for u in res.held:
        print(f"textfix: {shown}:{u.line}: unit {u.id!r}: a fix would touch protected markup; left unchanged", file=err)
    if getattr(args, "explain", False):
        for u in res.changed:
            print(f"{shown}:{u.line}: unit {u.id!r}: {u.target!r} -> {res.new_targets[u.index]!r}", file=err)
    return res


def _write_fixed(
    out: TextIO, shown: str, src: SourceFile, new: str, changed: bool, *, diff_mode: bool, in_place: bool
) -> None:
    """The fixed file as the mode asks: its diff, the file rewritten, or the text on ``out``.
    Raises InputError when the file cannot be rewritten."""
    if diff_mode:
        if changed:
            lines = difflib.unified_diff(
                src.text.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
            )
            out.write("".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines))
    elif in_place:
        if changed:
            write_atomic(src, new)
    else:
        out.write(("\ufeff" if src.encoding == "utf-8-sig" else "") + new)
