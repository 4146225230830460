"""The data model every pass shares: edits, findings, documents and the pass interface.

All values are frozen.  Offsets are Python ``str`` indices (code points) into the text given
to the pipeline, never bytes and never UTF-16 units.
"""

from __future__ import annotations

import bisect
import enum
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import regex

if TYPE_CHECKING:
    from textfix.options import Option
    from textfix.rules import Rule

__all__ = [
    "Applicability",
    "AppliedChange",
    "Document",
    "Edit",
    "Finding",
    "Pass",
    "Severity",
    "rules_screen",
    "rules_trigger",
]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


class Applicability(str, enum.Enum):
    """How far a fix can be trusted, graded as ruff grades it.

    ``SAFE`` fixes are applied by default; ``UNSAFE`` ones only when asked for
    (``--unsafe-fixes`` / ``unsafe=True``).
    """

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``.  ``start == end`` inserts."""

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span [{self.start}, {self.end})")

    def overlaps(self, other: Edit) -> bool:
        # Two insertions at one point, or an insertion strictly inside a replacement, have no
        # defined order: treat them as overlapping so the applier keeps only the first.
        if self.start == other.start:
            return True
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Finding:
    """One artifact found in a text, with the edits (maybe none) that repair it."""

    code: str
    name: str
    message: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    edits: tuple[Edit, ...] = ()
    applicability: Applicability | None = None
    pass_name: str = ""
    # An external checker's own rule id (LanguageTool's ``EN_A_VS_AN``) or other detail.
    detail: str | None = None

    @property
    def fixable(self) -> bool:
        return bool(self.edits) and self.applicability is not None

    def shifted(self, offset: int, lines: int) -> Finding:
        """This finding of a line, moved into a text where that line starts at ``offset`` and
        has ``lines`` lines before it (columns stay: a line starts at column 1)."""
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            line=self.line + lines,
            end_line=self.end_line + lines,
            edits=tuple(Edit(e.start + offset, e.end + offset, e.replacement) for e in self.edits),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "applicability": self.applicability.value if self.applicability else None,
            "edits": [e.to_dict() for e in self.edits],
            "pass": self.pass_name,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """One change that ``fix_and_explain`` made.

    ``start``/``end``/``old``/``new`` describe the change in the text as it was just before
    this change, so replaying the log in order with :func:`textfix.replay` reproduces the
    output.  ``orig_start``/``orig_end`` locate it in the original input.
    """

    code: str
    name: str
    start: int
    end: int
    old: str
    new: str
    orig_start: int
    orig_end: int
    pass_name: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "old": self.old,
            "new": self.new,
            "orig_start": self.orig_start,
            "orig_end": self.orig_end,
            "pass": self.pass_name,
        }


# A text longer than this, of many lines, finds its protected spans line by line as asked.
_LINE_SPANS_FROM = 4096


@dataclass(frozen=True)
class Document:
    """What a pass reads: the text, its language, and document-wide context.

    ``enabled`` holds the rule codes the pipeline wants, so a pass can skip work for rules
    that are switched off.  ``context`` carries extras such as the source text.
    """

    text: str
    lang: str = "en"
    enabled: frozenset[str] = frozenset()
    context: Mapping[str, Any] = field(default_factory=dict)
    # Computed on first use and then set on the instance, which shadows these class-level
    # Nones (not fields: a Document is built for every text a pass runs on, so it stays cheap).
    _line_starts: ClassVar[list[int] | None] = None
    _protected: ClassVar[Any] = None
    # The pipeline's per-line gate answers, for the line-local passes of a text of many lines.
    _scanned_lines: ClassVar[Any] = None
    _wanted: ClassVar[dict[str, bool] | None] = None
    _base_lang: ClassVar[str | None] = None

    def is_protected(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` touches a URL, an e-mail address or inline code."""
        spans = self._protected
        if spans is None:
            from textfix.spans import LineSpans, protected_spans

            text = self.text
            if len(text) > _LINE_SPANS_FROM and "\n" in text:
                spans = LineSpans(text, self.line_starts())
            else:
                spans = protected_spans(text)
            object.__setattr__(self, "_protected", spans)
        return spans.overlaps(start, end)

    def lines_admitting(self, codes: frozenset[str]) -> list[tuple[int, int, str]] | None:
        """(offset, index, line) of each line of a text of many lines whose gate answer
        admits one of ``codes``, in order, when the pipeline has asked its gate of each line;
        else None, and the pass reads the whole text.  A pass that reads a text whole may
        skip the other lines where its rules can find nothing on a line its trigger does not
        match, whatever the lines around it hold (issue 15)."""
        seen = self._scanned_lines
        if seen is None:
            return None
        rows: list[tuple[int, int, str]] = seen.admitting(codes, answers=False)
        return rows

    def by_admitted_lines(
        self, codes: frozenset[str], check: Callable[[Document], Iterable[Finding]]
    ) -> Iterator[Finding]:
        """``check``'s findings on each line admitting one of ``codes`` (``lines_admitting``),
        each line checked as a text of its own, moved into this text; ``check(self)`` when
        the lines are not known.  For a pass whose findings on a line depend on that line
        and on what it counts over the whole text (which ``check`` reads from elsewhere)."""
        rows = self.lines_admitting(codes)
        if rows is None:
            yield from check(self)
            return
        for start, n, row in rows:
            for f in check(Document(row, self.lang, self.enabled, self.context)):
                yield f.shifted(start, n)

    def wants(self, rule: Rule) -> bool:
        """Whether the pass should look for ``rule`` here: enabled, and a rule of this
        document's language (the pipeline's Documents hold only such rules already; this
        also holds for a Document built by hand with every code)."""
        # Asked per mark or per match by some passes, so each rule's answer is kept.
        wanted = self._wanted
        if wanted is None:
            wanted = {}
            object.__setattr__(self, "_wanted", wanted)
        answer = wanted.get(rule.code)
        if answer is None:
            answer = wanted[rule.code] = rule.code in self.enabled and rule.applies_to_lang(self.lang)
        return answer

    @property
    def base_lang(self) -> str:
        """The base language of ``lang``: ``"pt"`` for ``"pt-BR"``."""
        base = self._base_lang
        if base is None:
            from textfix.languages import language_base

            base = language_base(self.lang)
            object.__setattr__(self, "_base_lang", base)
        return base

    def line_starts(self) -> list[int]:
        """Where each line starts (a list to read, not to change); a pipeline's Document may
        end it with one more offset, one past the end of the text."""
        starts: list[int] | None = self._line_starts
        if starts is None:
            text = self.text
            starts = [0]
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            object.__setattr__(self, "_line_starts", starts)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        starts = self.line_starts()
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str | None = None,
        edits: Iterable[Edit] = (),
        *,
        applicability: Applicability | None = None,
        severity: Severity | None = None,
        detail: str | None = None,
    ) -> Finding:
        """Build a finding for ``rule``; the fix grade defaults to the rule's own.

        A pass lowers a fix to ``UNSAFE`` where the context makes it risky; it never raises
        one above what the rule declares, and a rule declared report-only (``fix=None``) is
        never applied.
        """
        edits = tuple(edits)
        if edits and rule.fix is not None:
            grade = rule.fix if applicability is None else applicability
            if rule.fix is Applicability.UNSAFE:
                grade = Applicability.UNSAFE
        else:
            # A report-only rule may still carry its pass's edits, as a suggestion that is
            # never applied: a rule demoted for precision (docs/precision.md) keeps them so
            # that benchmarks/precision.py can measure it again.
            grade = None
        if grade is not None and _moves_a_line_break(self, edits):
            # Alignment is an invariant (issue 17): output lines up with its input line by line,
            # and a record or segment stays one.  The finding keeps its edits as a suggestion.
            grade = None
            message = f"{message or rule.summary} (not applied: the repair would {_BREAK_NOTE})"
        starts = self.line_starts()
        if len(starts) == 1:  # one line, most texts
            line, col, end_line, end_col = 1, start + 1, 1, end + 1
        else:
            line, col = self.line_col(start)
            end_line, end_col = self.line_col(end)
        return Finding(
            code=rule.code,
            name=rule.name,
            message=message or rule.summary,
            severity=severity or rule.severity,
            start=start,
            end=end,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            edits=edits,
            applicability=grade,
            pass_name=rule.family,
            detail=detail,
        )


def rules_trigger(*rules: Rule) -> regex.Pattern[str]:
    """A pass's trigger as the union of its rules' branches (each rule's ``trigger``)."""
    branches = [r.trigger for r in rules if r.trigger is not None]
    if not branches:
        raise ValueError("no rule declares a trigger branch")
    return regex.compile("|".join(f"(?:{b})" for b in branches))


def rules_screen(*rules: Rule) -> Callable[[str], bool]:
    """A pass's screen as the union of its rules' screens (each rule's ``screen``)."""
    screens = tuple(r.screen for r in rules if r.screen is not None)
    if not screens:
        raise ValueError("no rule declares a screen")
    if len(screens) == 1:
        return screens[0]
    return lambda text: any(s(text) for s in screens)


# -- alignment: no repair adds, removes or moves a line break (issue 17) -------------------------

_BREAK_NOTE = "change the line structure"
_BREAK_RE = re.compile(r"[\n\r]")
# Context key: the 0-based ordinals (among the text's line feeds) of the line feeds that join
# the segments of a document (textfix.documents); no edit may touch one.
SEGMENT_BREAKS = "segment_breaks"


def _moves_a_line_break(doc: Document, edits: tuple[Edit, ...]) -> bool:
    """Whether applying ``edits`` to ``doc.text`` would add or remove a line feed or carriage
    return, or rewrite a line feed that joins two segments of a document."""
    text = doc.text
    joins = doc.context.get(SEGMENT_BREAKS) if doc.context else None
    for e in edits:
        rep = e.replacement
        if "\n" not in rep and "\r" not in rep and not _BREAK_RE.search(text, e.start, e.end):
            continue
        n_old = text.count("\n", e.start, e.end)
        if n_old != rep.count("\n") or text.count("\r", e.start, e.end) != rep.count("\r"):
            return True
        if n_old and joins:
            first = doc.line_col(e.start)[0] - 1  # the line feeds before the edit
            if any(k in joins for k in range(first, first + n_old)):
                return True
    return False


class Pass:
    """A family of rules that reads a :class:`Document` and yields :class:`Finding` s.

    Subclasses set ``name`` (also the config table ``[tool.textfix.<name>]``), ``rules``,
    optionally ``trigger`` (a compiled pattern: a text with no match has nothing for this
    pass, so the pipeline skips it after one cheap scan) and ``option_specs`` (the options
    the pass accepts, each a :class:`~textfix.options.Option`: name, type, default, choices
    and a doc line, from which validation and the docs table are derived).

    Passes hold no mutable state beyond their options and must pickle: pipelines run in
    worker processes.
    """

    name: ClassVar[str] = ""
    rules: ClassVar[tuple[Rule, ...]] = ()
    trigger: ClassVar[Any] = None
    option_specs: ClassVar[tuple[Option, ...]] = ()
    # What the trigger cannot express (residue's repetition loops: the same phrase again, which
    # no regular expression without backreferences sees): a cheap test asked on every text the
    # trigger does not match; the pass runs when it says True.  Like the trigger, it must never
    # hide a finding.
    screen: Callable[[str], bool] | None = None  # a plain attribute (staticmethod), not a method
    # True when what the pass finds on a line depends on that line alone (and the context):
    # in a text of many lines the pipeline then runs it only on the lines its trigger or screen
    # matches, as it would on each line given alone, instead of over the whole text.
    line_local: ClassVar[bool] = False
    # True when, in a text of many lines, the pass reads only the lines whose gate answer
    # admits its rules (Document.lines_admitting): what it finds then depends on those lines
    # (and what it counts over the whole text), so its rules are gated by the lines' answers,
    # as a line-local pass's are, and the whole text is not scanned for them.
    line_gated: ClassVar[bool] = False
    # Context keys without which the pass has nothing to say (bilingual needs "source"):
    # the pipeline skips it, without a Document, on texts whose context lacks one of them.
    context_keys: ClassVar[tuple[str, ...]] = ()
    # True when the pass's rules decide together (quotes: a mark one rule claims, another
    # leaves alone), so that switching one off changes another's findings: the pipeline then
    # enables all of them whenever the pass runs, even in a mode that only needs some (a fix
    # skips report-only rules), so that every mode sees the findings a check would give.
    joint: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        specs = {o.name: o for o in self.option_specs}
        unknown = set(options) - set(specs)
        if unknown:
            raise TypeError(f"pass {self.name!r} has no option(s) {sorted(unknown)}")
        for key, value in options.items():
            try:
                specs[key].validate(value)
            except (TypeError, ValueError) as e:
                raise type(e)(f"{self.name}.{key}: {e}") from None
        # Only the options given (a pass may tell a default from an explicit choice); a
        # relative path is the caller's, fixed against the working folder now.
        self.options: dict[str, Any] = {
            k: os.path.abspath(v) if specs[k].type is Path else v for k, v in options.items()
        }

    def option(self, name: str) -> Any:
        """The value of option ``name``: the one given, else its declared default."""
        if name in self.options:
            return self.options[name]
        for o in self.option_specs:
            if o.name == name:
                return o.default
        raise KeyError(f"pass {self.name!r} has no option {name!r}")

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules)

    def applies_to(self, doc: Document) -> bool:
        """Whether the pass may have work on ``doc``, decided from the declarations above
        alone (the pipeline decides the same, faster, for many texts at once)."""
        if any(k not in doc.context for k in self.context_keys):
            return False
        text = doc.text
        if self.trigger is not None and self.trigger.search(text) is None:
            if self.screen is None or not self.screen(text):
                return False
        return any(doc.wants(r) for r in self.rules)

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in sorted(self.options.items()))
        return f"{type(self).__name__}({opts})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.options == other.options

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.options))))
