"""One reporting layer: every way ``textfix check`` shows its findings.

The command (whole documents, line-aligned ``--source`` files) and the record modes
(segments, JSONL, TSV, CSV) locate findings differently, but hand each one to the same
:class:`Reporter`, chosen by ``--format``:

============  =====================================================================
``text``      ``path:line:col: CODE [*] message``, one per line (ruff's ``full``)
``grouped``   a heading per file, then ``  line:col  CODE [*] message``
``json``      one JSON envelope (schema v2): the run's signature beside the findings
``jsonl``     one finding per line, as soon as it is found (for pipes and huge corpora)
``github``    GitHub Actions workflow commands: annotations on the pull request's lines
``html``      a self-contained review page (needs ``-o FILE``)
============  =====================================================================

``--statistics`` swaps any of them for counts per rule.  Text-like reporters end with a
ruff-like summary (:func:`summary_lines`); colour is decided once, by :func:`use_color`.

``[*]`` marks a finding ``textfix fix`` repairs; ``[-]`` one only ``--unsafe-fixes``
repairs (ruff shows no mark for those and says how many are hidden in the summary).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

import regex

from textfix.errors import UsageError
from textfix.model import Applicability, Finding

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "Location",
    "Reporter",
    "Summary",
    "dumps",
    "make_reporter",
    "summary_lines",
    "use_color",
]

JSON_SCHEMA_VERSION = 2
FORMATS = ("text", "grouped", "json", "jsonl", "github", "html")

_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON with non-ASCII text as is, except lone surrogates, which are ``\\uXXXX`` escapes.

    A lone surrogate cannot be written as UTF-8 (U106's example text holds one, and a
    finding's text may too), but JSON can carry it escaped; a raw surrogate only ever appears
    inside a JSON string, so escaping it there keeps the document valid.
    """
    s = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


# -- colour ----------------------------------------------------------------------------------


def use_color(stream: Any, environ: Mapping[str, str] | None = None) -> bool:
    """Colour when ``stream`` is a terminal; ``NO_COLOR`` turns it off, ``FORCE_COLOR`` on.

    As the two conventions (no-color.org, force-color.org) say, an empty value counts as
    unset; ``FORCE_COLOR=0`` also counts as unset.  FORCE_COLOR wins when both are set: it
    is the one a user sets on purpose for one command (CI logs that render ANSI).
    """
    env = os.environ if environ is None else environ
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("NO_COLOR", ""):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Style:
    """ANSI styles, or nothing when colour is off."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def _wrap(self, code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if self.on else s

    def bold(self, s: str) -> str:
        return self._wrap("1", s)

    def code(self, s: str) -> str:
        return self._wrap("1;31", s)

    def fix(self, s: str) -> str:
        return self._wrap("36", s)

    def dim(self, s: str) -> str:
        return self._wrap("2", s)

    def ok(self, s: str) -> str:
        return self._wrap("1;32", s)


# -- what is reported ------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a finding is shown: the file, and the line/column in it (records add theirs)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    record: int | None = None  # 1-based record number, in record modes
    record_line: int | None = None  # line of the file where the record starts


def locate(path: str, f: Finding) -> Location:
    return Location(path, f.line, f.column, f.end_line, f.end_column)


@dataclass
class Summary:
    """Counts for the summary line."""

    findings: int = 0
    fixable: int = 0  # safe fixes: `textfix fix` applies them
    unsafe_fixable: int = 0  # only with --unsafe-fixes
    files: int = 0
    errors: int = 0  # inputs that could not be read
    per_rule: Counter[str] = field(default_factory=Counter)

    def add(self, f: Finding) -> None:
        self.findings += 1
        self.per_rule[f.code] += 1
        if f.fixable:
            if f.applicability is Applicability.SAFE:
                self.fixable += 1
            else:
                self.unsafe_fixable += 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_lines(s: Summary, *, unsafe_shown: bool = False, style: Style | None = None) -> list[str]:
    """ruff's summary: ``Found 3 errors.``, ``[*] 2 fixable with `textfix fix`.``, hidden
    unsafe fixes, or ``All checks passed!``."""
    st = style or Style(False)
    if not s.findings:
        # An input that could not be read was not checked: no "passed" for it.
        return [] if s.errors else [st.ok("All checks passed!")]
    lines = [f"Found {_plural(s.findings, 'error')}."]
    fixable = s.fixable + (s.unsafe_fixable if unsafe_shown else 0)
    if fixable:
        lines.append(
            f"{st.fix('[*]')} {fixable} fixable with `textfix fix`"
            + (" --unsafe-fixes." if unsafe_shown and s.unsafe_fixable else ".")
        )
    if s.unsafe_fixable and not unsafe_shown:
        lines.append(
            f"{s.unsafe_fixable} hidden {'fix' if s.unsafe_fixable == 1 else 'fixes'} "
            "can be enabled with `textfix fix --unsafe-fixes`."
        )
    return lines


def _mark(f: Finding) -> str:
    if not f.fixable:
        return ""
    return "[*]" if f.applicability is Applicability.SAFE else "[-]"


def _finding_dict(loc: Location, f: Finding) -> dict[str, Any]:
    d: dict[str, Any] = {"path": loc.path}
    if loc.record is not None:
        d["record"] = loc.record
        d["record_line"] = loc.record_line
    d.update(f.to_dict())
    d.update(line=loc.line, column=loc.column, end_line=loc.end_line, end_column=loc.end_column)
    return d


# -- reporters -------------------------------------------------------------------------------


class Reporter:
    """Receives each finding in order, then the summary.  Subclasses choose the shape.

    ``out`` is where the report goes (stdout or the ``-o`` file); ``signature`` is the
    pipeline's (version, language, rules).
    """

    #: whether the summary line follows the findings
    summarizes = False
    #: whether whole documents are needed (only the HTML page highlights text in place)
    wants_documents = False

    def __init__(self, out: IO[str], *, signature: Mapping[str, Any], color: bool = False) -> None:
        self.out = out
        self.signature = dict(signature)
        self.style = Style(color)
        self.summary = Summary()

    def finding(self, loc: Location, f: Finding) -> None:
        self.summary.add(f)
        self.emit(loc, f)

    def document(self, path: str, text: str, findings: list[Finding]) -> None:  # noqa: ARG002  the text is for HtmlReporter
        """A whole document and its findings (the command's document mode)."""
        self.summary.files += 1
        for f in findings:
            self.finding(locate(path, f), f)

    def emit(self, loc: Location, f: Finding) -> None:
        raise NotImplementedError

    def finish(self, *, unsafe_shown: bool = False) -> None:
        if self.summarizes:
            for line in summary_lines(self.summary, unsafe_shown=unsafe_shown, style=self.style):
                self.out.write(line + "\n")


class TextReporter(Reporter):
    summarizes = True

    def emit(self, loc: Location, f: Finding) -> None:
        st = self.style
        mark = _mark(f)
        head = st.bold(loc.path) + st.dim(":") + f"{loc.line}" + st.dim(":") + f"{loc.column}" + st.dim(":")
        self.out.write(f"{head} {st.code(f.code)}{' ' + st.fix(mark) if mark else ''} {f.message}\n")


class GroupedReporter(Reporter):
    """ruff's ``grouped``: a heading per file, then its findings indented."""

    summarizes = True

    def __init__(self, out: IO[str], **kw: Any) -> None:
        super().__init__(out, **kw)
        self._path: str | None = None

    def emit(self, loc: Location, f: Finding) -> None:
        st = self.style
        if loc.path != self._path:
            if self._path is not None:
                self.out.write("\n")
            self.out.write(st.bold(loc.path) + ":\n")
            self._path = loc.path
        mark = _mark(f)
        pos = f"{loc.line}:{loc.column}"
        self.out.write(f"  {pos:<8} {st.code(f.code)}{' ' + st.fix(mark) if mark else ''} {f.message}\n")

    def finish(self, *, unsafe_shown: bool = False) -> None:
        if self._path is not None:
            self.out.write("\n")
        super().finish(unsafe_shown=unsafe_shown)


class JsonReporter(Reporter):
    """One envelope: ``{"schema_version": 2, "signature": {...}, "summary": {...},
    "findings": [...]}`` (docs/json-output.md, docs/schema/findings-v2.json)."""

    def __init__(self, out: IO[str], **kw: Any) -> None:
        super().__init__(out, **kw)
        self._items: list[dict[str, Any]] = []

    def emit(self, loc: Location, f: Finding) -> None:
        self._items.append(_finding_dict(loc, f))

    def finish(self, *, unsafe_shown: bool = False) -> None:  # noqa: ARG002  Reporter.finish's signature; unsafe_shown is for the summary line
        s = self.summary
        envelope = {
            "schema_version": JSON_SCHEMA_VERSION,
            "signature": self.signature,
            "summary": {"findings": s.findings, "fixable": s.fixable, "unsafe_fixable": s.unsafe_fixable},
            "findings": self._items,
        }
        self.out.write(dumps(envelope, indent=2) + "\n")


class JsonlReporter(Reporter):
    """One finding object per line, written as it is found: constant memory on any corpus.
    The objects are the envelope's ``findings`` items."""

    def emit(self, loc: Location, f: Finding) -> None:
        self.out.write(dumps(_finding_dict(loc, f)) + "\n")


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


class GithubReporter(Reporter):
    """GitHub Actions workflow commands (``::warning file=…,line=…::message``): each finding
    becomes an annotation on the changed line of a pull request."""

    LEVELS: ClassVar[Mapping[str, str]] = {"error": "error", "warning": "warning", "info": "notice"}

    def emit(self, loc: Location, f: Finding) -> None:
        level = self.LEVELS.get(f.severity.value, "warning")
        props = [
            f"file={_gh_escape(loc.path, True)}",
            f"line={loc.line}",
            f"col={loc.column}",
            f"endLine={loc.end_line}",
            f"endColumn={loc.end_column}",
            f"title={_gh_escape(f'textfix ({f.code} {f.name})', True)}",
        ]
        self.out.write(f"::{level} {','.join(props)}::{_gh_escape(f'{f.code} {f.message}')}\n")


class StatisticsReporter(Reporter):
    """Counts per rule, most frequent first: ``   3  S101  [*] space-before-punctuation``."""

    def emit(self, loc: Location, f: Finding) -> None:
        pass

    def finish(self, *, unsafe_shown: bool = False) -> None:  # noqa: ARG002  Reporter.finish's signature; unsafe_shown is for the summary line
        from textfix.rules import RULES

        counts = self.summary.per_rule
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            r = RULES.get(code)
            fix = ""
            if r is not None and r.fix is not None:
                fix = "[*]" if r.fix is Applicability.SAFE else "[-]"
            self.out.write(f"{n:6d}  {self.style.code(f'{code:<5}')}  {fix:<3} {r.name if r else ''}\n")


class HtmlReporter(Reporter):
    """The self-contained review page (report_html); needs the documents' text."""

    wants_documents = True

    def __init__(self, out: IO[str], **kw: Any) -> None:
        super().__init__(out, **kw)
        self._docs: list[tuple[str, str, list[Finding]]] = []

    def document(self, path: str, text: str, findings: list[Finding]) -> None:
        super().document(path, text, findings)
        self._docs.append((path, text, findings))

    def emit(self, loc: Location, f: Finding) -> None:
        pass

    def finish(self, *, unsafe_shown: bool = False) -> None:  # noqa: ARG002  Reporter.finish's signature; unsafe_shown is for the summary line
        from textfix.report_html import render_report

        self.out.write(render_report(self._docs, self.signature))


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "grouped": GroupedReporter,
    "json": JsonReporter,
    "jsonl": JsonlReporter,
    "github": GithubReporter,
    "html": HtmlReporter,
}


def make_reporter(
    fmt: str, out: IO[str], *, signature: Mapping[str, Any], statistics: bool = False, color: bool = False
) -> Reporter:
    """The reporter for ``--format fmt`` (``--statistics`` replaces it by counts)."""
    if statistics:
        return StatisticsReporter(out, signature=signature, color=color)
    try:
        cls = REPORTERS[fmt]
    except KeyError:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    return cls(out, signature=signature, color=color)
