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

from textfix.fileio import InputError, read_source, write_atomic
from textfix.formats import FORMATS, FileFinding, _check, _fix, detect_format, file_language, parse

__all__ = ["add_arguments", "run_cli", "wanted"]


def add_arguments(p: Any) -> None:
    p.add_argument("--format-in", choices=FORMATS, default=None,
                   help="read the files as this translation format (default: by extension: "
                   ".po .pot .xlf .xliff .tmx .srt .vtt)")
    p.add_argument("--include-fuzzy", action="store_true",
                   help="translation files: also check and fix fuzzy / needs-review units")


def wanted(args: Any, paths: list[str]) -> bool:
    """True when these paths are translation files for this module to handle."""
    return getattr(args, "format_in", None) is not None or any(
        p != "-" and detect_format(p) is not None for p in paths
    )


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
    from textfix.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK, UsageError

    if "-" in paths and args.format_in is None:
        raise UsageError("stdin: name the translation format with --format-in")
    if getattr(args, "source", None):
        raise UsageError("--source is for plain text; a translation file carries its own source")
    if command == "check" and args.format == "html":
        raise UsageError("--format html reports plain-text documents, not translation files")
    diff_mode = command == "diff" or getattr(args, "diff", False)
    in_place = getattr(args, "in_place", False)
    if command == "fix" and not in_place and not diff_mode and len(paths) > 1:
        raise UsageError("several files: use --in-place to rewrite them or --diff to see the changes")
    status = EXIT_OK
    found = changed_any = False
    counts: dict[str, int] = {}
    collected: list[dict[str, Any]] = []
    for path in paths:
        fmt = detect_format(path, args.format_in)
        shown = "<stdin>" if path == "-" else path
        if fmt is None:
            print(f"textfix: {shown}: not a translation file by its extension; name the format with --format-in",
                  file=err)
            status = EXIT_ERROR
            continue
        try:
            src = read_source(path)
            parsed = parse(src.text, fmt, shown)
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
            continue
        res = _fix(parsed, pipeline, bool(settings.unsafe_fixes), args.include_fuzzy, src.text)
        for u in res.held:
            print(f"textfix: {shown}:{u.line}: unit {u.id!r}: a fix would touch protected markup; left unchanged",
                  file=err)
        if getattr(args, "explain", False):
            for u in res.changed:
                print(f"{shown}:{u.line}: unit {u.id!r}: {u.target!r} -> {res.new_targets[u.index]!r}", file=err)
        changed = res.text != src.text
        changed_any |= changed
        if diff_mode:
            if changed:
                lines = difflib.unified_diff(src.text.splitlines(keepends=True), res.text.splitlines(keepends=True),
                                             f"a/{shown}", f"b/{shown}")
                out.write("".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines))
        elif in_place:
            if changed:
                try:
                    write_atomic(src, res.text)
                except InputError as e:
                    print(f"textfix: {e}", file=err)
                    status = EXIT_ERROR
        else:
            out.write(("\ufeff" if src.encoding == "utf-8-sig" else "") + res.text)
    if command == "check":
        from textfix.rules import RULES

        if args.statistics:
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"{n:6d}  {code}  {RULES[code].name}", file=out)
        elif args.format == "json":
            json.dump(collected, out, ensure_ascii=False, indent=2)
            out.write("\n")
        if status == EXIT_ERROR:
            return status
        return EXIT_FOUND if found else EXIT_OK
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if diff_mode and changed_any else EXIT_OK
