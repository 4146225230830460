"""Translation files: gettext PO, XLIFF 1.2 and 2.x, TMX, SRT and WebVTT.

Each file is read into :class:`Unit` values, one per translatable segment, in file order.
A unit's source goes to the pipeline as ``source=`` (so the source-aware ``X`` rules run),
units that are untranslated, obsolete or marked fuzzy / needs-review are skipped unless
``include_fuzzy=True`` asks for the last two, and a repaired file differs from the input
only inside the repaired target strings.  See docs/formats.md.

>>> po = 'msgid "It cost $369 million."\\nmsgstr "It cost $ 369 million ."\\n'
>>> [f"{f.unit.id}: {f.finding.code}" for f in check_text(po, "po")]
['It cost $369 million.: S105', 'It cost $369 million.: S101']
>>> print(fix_text(po, "po").text)
msgid "It cost $369 million."
msgstr "It cost $369 million."
<BLANKLINE>
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from textfix.fileio import InputError, SourceFile, read_source, write_atomic
from textfix.formats._model import FileFinding, Parsed, Unit
from textfix.formats._protect import fix_protected

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "FileFinding",
    "FixResult",
    "Parsed",
    "Unit",
    "check_file",
    "check_text",
    "detect_format",
    "file_language",
    "fix_file",
    "fix_text",
    "parse",
    "read",
]

FORMATS = ("po", "xliff", "tmx", "srt", "vtt")
EXTENSIONS = {
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".srt": "srt",
    ".vtt": "vtt",
}


def detect_format(path: str, format: str | None = None) -> str | None:
    """The format named by ``format`` or by the file's extension; None for other files.

    >>> detect_format("locale/fr/LC_MESSAGES/django.po"), detect_format("a.txt")
    ('po', None)
    """
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
        return format
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def parse(text: str, format: str, name: str = "<text>") -> Parsed:
    """Parse a file's text; ``format`` is one of :data:`FORMATS` (XLIFF 1.2 and 2.x and
    TMX are told apart by their root element, so ``xliff`` and ``tmx`` are one reader)."""
    if format == "po":
        from textfix.formats._po import parse_po

        return parse_po(text, name)
    if format in ("xliff", "tmx"):
        from textfix.formats._xml import parse_xml

        return parse_xml(text, name)
    if format == "srt":
        from textfix.formats._subtitles import parse_srt

        return parse_srt(text, name)
    if format == "vtt":
        from textfix.formats._subtitles import parse_vtt

        return parse_vtt(text, name)
    raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")


def _load(path: str, format: str | None) -> tuple[SourceFile, Parsed]:
    fmt = detect_format(path, format)
    if fmt is None:
        raise InputError(f"{path}: not a translation file (by its extension); name the format with --format-in")
    src = read_source(path)
    return src, parse(src.text, fmt, path)


def read(path: str, format: str | None = None) -> list[Unit]:
    """The file's units, in file order (skipped ones included, with their ``states``)."""
    return _load(path, format)[1].units


def file_language(parsed: Parsed, text: str = "") -> str | None:
    """The target language the file declares, as textfix's short code (``pt_BR`` -> ``pt``):
    the PO header's Language, XLIFF's target-language / trgLang, TMX's first target tuv."""
    import regex

    lang = None
    if parsed.format == "po":
        m = regex.search(r'^"Language: ?([A-Za-z_@-]+)\\n"', text, regex.MULTILINE)
        lang = m.group(1) if m else None
    elif parsed.format in ("xliff", "xliff2"):
        m = regex.search(r'\b(?:target-language|trgLang)\s*=\s*["\']([A-Za-z_-]+)', text)
        lang = m.group(1) if m else None
    elif parsed.format == "tmx":
        lang = next((u.context for u in parsed.units if u.context), None)
    if not lang:
        return None
    return regex.split(r"[-_@]", lang)[0].lower() or None


def _pipeline(pipeline: Any, parsed: Parsed, text: str) -> Any:
    if pipeline is not None:
        return pipeline
    from textfix.pipeline import Pipeline

    return Pipeline(lang=file_language(parsed, text) or "en")


def _check(parsed: Parsed, pipeline: Any, include_fuzzy: bool) -> list[FileFinding]:
    out: list[FileFinding] = []
    # The units in order are the file's one document: when the pipeline takes document
    # context, it is built here from the same loop.
    for u in parsed.units:
        if u.skipped(include_fuzzy) is not None:
            continue
        out.extend(FileFinding(u, f) for f in pipeline.check(u.target, source=u.source) if not _dropped(f, u))
    return out


def _dropped(f: Any, u: Unit) -> bool:
    """Findings that the file's own structure shows to be no error."""
    if u.plural and f.code in ("X101", "X102", "X103") and f.start == f.end == 0 and "missing" in f.message:
        return True  # a plural form may spell its count ("a second ago", "une heure")
    return _inside_markup(f, u)


def _inside_markup(f: Any, u: Unit) -> bool:
    """A finding that lies wholly inside protected markup (a quote mark in a tag's attribute,
    say) is about the markup, not the translation; the source-aware X rules, which compare
    placeholders and tags with the source, are kept."""
    if f.code.startswith("X"):
        return False
    return any(s <= f.start and f.end <= e for s, e in u.protected)


def check_text(
    text: str, format: str, pipeline: Any = None, *, include_fuzzy: bool = False, name: str = "<text>"
) -> list[FileFinding]:
    """Findings in a translation file's text, unit by unit, in file order."""
    parsed = parse(text, format, name)
    return _check(parsed, _pipeline(pipeline, parsed, text), include_fuzzy)


def check_file(
    path: str, pipeline: Any = None, *, format: str | None = None, include_fuzzy: bool = False
) -> list[FileFinding]:
    """Findings in a translation file; ``pipeline`` defaults to one for the file's language."""
    src, parsed = _load(path, format)
    return _check(parsed, _pipeline(pipeline, parsed, src.text), include_fuzzy)


@dataclass
class FixResult:
    """The repaired file's text, and which units were repaired or held back.

    ``held`` lists the units whose fix would have edited protected markup (or whose raw
    form the writer does not rewrite, such as a target holding a comment): they are left
    as they were.
    """

    text: str
    changed: list[Unit] = field(default_factory=list)
    held: list[Unit] = field(default_factory=list)
    new_targets: dict[int, str] = field(default_factory=dict)


def _fix(parsed: Parsed, pipeline: Any, unsafe: bool, include_fuzzy: bool, original: str) -> FixResult:
    res = FixResult(original)
    spans: dict[int, list[tuple[int, int]]] = {}
    for u in parsed.units:
        if u.skipped(include_fuzzy) is not None:
            continue
        got = fix_protected(pipeline, u.target, u.source, u.protected, unsafe)
        if got is None:
            res.held.append(u)
            continue
        new, moved = got
        if new == u.target:
            continue
        if not u.writable:
            res.held.append(u)
            continue
        res.new_targets[u.index] = new
        res.changed.append(u)
        where = dict(zip(sorted(u.protected), moved, strict=True))
        if u.index in parsed.token_spans:
            spans[u.index] = [where[t] for t in parsed.token_spans[u.index]]
    if res.new_targets:
        res.text = parsed.write(res.new_targets, spans) if parsed.token_spans else parsed.write(res.new_targets)
    return res


def fix_text(
    text: str,
    format: str,
    pipeline: Any = None,
    *,
    unsafe: bool = False,
    include_fuzzy: bool = False,
    name: str = "<text>",
) -> FixResult:
    """Repair a translation file's text; a text with nothing to fix comes back identical."""
    parsed = parse(text, format, name)
    return _fix(parsed, _pipeline(pipeline, parsed, text), unsafe, include_fuzzy, text)


def fix_file(
    path: str,
    pipeline: Any = None,
    *,
    format: str | None = None,
    unsafe: bool = False,
    include_fuzzy: bool = False,
    in_place: bool = False,
) -> FixResult:
    """Repair a translation file; with ``in_place`` rewrite it atomically, and only when a
    target changed (an unchanged file is not touched at all)."""
    src, parsed = _load(path, format)
    res = _fix(parsed, _pipeline(pipeline, parsed, src.text), unsafe, include_fuzzy, src.text)
    if in_place and res.text != src.text:
        write_atomic(src, res.text)
    return res
