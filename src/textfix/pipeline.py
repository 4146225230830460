"""The pipeline: run passes, resolve overlapping edits, apply them, repeat until stable.

Overlap policy (documented in docs/api.md): within one application step, the fixable
findings of one pass are taken in order of start offset, then end offset, then the order of
their rules in the pass; a finding is applied whole (all its edits) or not at all, and it is
skipped when any of its edits overlaps an edit already accepted in that step.  Skipped
findings are seen again in the next round, against the updated text.  Passes run in
pipeline order; the whole sequence repeats until a round changes nothing, at most
``MAX_ROUNDS`` times.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from textfix.model import Applicability, AppliedChange, Document, Edit, Finding, Pass
from textfix.rules import RULES, resolve_selection

__all__ = [
    "MAX_ROUNDS",
    "Pipeline",
    "apply_edits",
    "default_pipeline",
    "replay",
]

MAX_ROUNDS = 10


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``) and return the new text."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edit at {e.start}")
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def replay(text: str, changes: Iterable[AppliedChange]) -> str:
    """Re-apply a ``fix_and_explain`` log to its input; gives the fixed text back."""
    for c in changes:
        if text[c.start : c.end] != c.old:
            raise ValueError(f"change {c.code} at {c.start} does not match the text")
        text = text[: c.start] + c.new + text[c.end :]
    return text


def _select_findings(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """Choose which findings' fixes to apply in one step (see the module docstring)."""
    candidates = [
        f
        for f in findings
        if f.edits
        and (f.applicability is Applicability.SAFE or (unsafe and f.applicability is Applicability.UNSAFE))
    ]
    candidates.sort(key=lambda f: (min(e.start for e in f.edits), max(e.end for e in f.edits)))
    accepted: list[Finding] = []
    taken: list[Edit] = []
    for f in candidates:
        if any(e.overlaps(t) for e in f.edits for t in taken):
            continue
        # Edits of one finding must not overlap each other either.
        es = sorted(f.edits, key=lambda e: (e.start, e.end))
        if any(a.overlaps(b) for a, b in itertools.pairwise(es)):
            continue
        accepted.append(f)
        taken.extend(f.edits)
    return accepted


class _OffsetMap:
    """Maps offsets in the current text back to the original input, step by step."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        # Each step: sorted (start, end, new_len) in the coordinates before that step.
        self.steps: list[list[tuple[int, int, int]]] = []

    def add(self, edits: Sequence[Edit]) -> None:
        self.steps.append(sorted((e.start, e.end, len(e.replacement)) for e in edits))

    def to_original(self, pos: int, *, is_end: bool) -> int:
        for step in reversed(self.steps):
            delta = 0
            mapped = None
            for s, e, n in step:
                ns = s + delta
                if pos < ns:
                    break
                if pos == ns:
                    if is_end or n > 0:
                        break
                    mapped = e  # text that starts right after a deletion started at its end
                    break
                if pos < ns + n:
                    # Inside replacement text: widen to the whole replaced span.
                    mapped = e if is_end else s
                    break
                if pos == ns + n:
                    mapped = e
                    break
                delta += n - (e - s)
            pos = mapped if mapped is not None else pos - delta
        return pos


class Pipeline:
    """An ordered composition of passes with a rule selection and a language.

    >>> p = Pipeline(lang="en")
    >>> p.fix("It cost $ 369 million .")
    'It cost $369 million.'
    >>> [f.code for f in p.check("It cost $ 369 million.")]
    ['S105']
    """

    def __init__(
        self,
        passes: Sequence[Pass] | None = None,
        *,
        lang: str = "en",
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        from textfix.passes import build_passes

        self.lang = lang
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore or ())
        self.extend_select = tuple(extend_select or ())
        self.options = {k: dict(v) for k, v in (options or {}).items()}
        self.passes: tuple[Pass, ...] = tuple(passes) if passes is not None else build_passes(self.options)
        self.enabled = resolve_selection(self.select, self.ignore, self.extend_select)
        own = set().union(*(p.codes for p in self.passes)) if self.passes else set()
        self.enabled = frozenset(c for c in self.enabled if c in own)

    def __repr__(self) -> str:
        return f"Pipeline(lang={self.lang!r}, passes={[p.name for p in self.passes]!r}, enabled={len(self.enabled)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.passes, self.lang, self.select, self.ignore, self.extend_select, self.options),
        )

    @property
    def signature(self) -> dict[str, Any]:
        """What makes a run reproducible: version, language and resolved rule selection."""
        from textfix import __version__

        return {"textfix": __version__, "lang": self.lang, "rules": sorted(self.enabled)}

    def _document(self, text: str, context: Mapping[str, Any] | None) -> Document:
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        return Document(text, self.lang, self.enabled, context or {})

    def _run_pass(self, p: Pass, doc: Document) -> list[Finding]:
        if not p.applies_to(doc):
            return []
        enabled = doc.enabled
        lang = doc.lang
        return [
            f for f in p.check(doc) if f.code in enabled and RULES[f.code].applies_to_lang(lang)
        ]

    def check(self, text: str, *, context: Mapping[str, Any] | None = None) -> list[Finding]:
        """All findings, against ``text``'s offsets, in order of position then code."""
        doc = self._document(text, context)
        findings: list[Finding] = []
        for p in self.passes:
            findings.extend(self._run_pass(p, doc))
        findings.sort(key=lambda f: (f.start, f.end, f.code))
        return findings

    def check_many(self, texts: Iterable[str]) -> Iterator[list[Finding]]:
        for t in texts:
            yield self.check(t)

    def fix(self, text: str, unsafe: bool = False, *, context: Mapping[str, Any] | None = None) -> str:
        """The repaired text.  Idempotent: ``fix(fix(x)) == fix(x)``."""
        return self._fix(text, unsafe, context, explain=False)[0]

    def fix_many(self, texts: Iterable[str], unsafe: bool = False) -> Iterator[str]:
        for t in texts:
            yield self.fix(t, unsafe)

    def fix_and_explain(
        self, text: str, unsafe: bool = False, *, context: Mapping[str, Any] | None = None
    ) -> tuple[str, list[AppliedChange]]:
        """The repaired text and the log of changes, replayable with :func:`replay`."""
        return self._fix(text, unsafe, context, explain=True)

    def _fix(
        self, text: str, unsafe: bool, context: Mapping[str, Any] | None, *, explain: bool
    ) -> tuple[str, list[AppliedChange]]:
        doc = self._document(text, context)
        log: list[AppliedChange] = []
        omap = _OffsetMap() if explain else None
        for _ in range(MAX_ROUNDS):
            changed = False
            for p in self.passes:
                findings = self._run_pass(p, doc)
                if not findings:
                    continue
                chosen = _select_findings(findings, unsafe)
                if not chosen:
                    continue
                edits = [e for f in chosen for e in f.edits]
                new_text = apply_edits(doc.text, edits)
                if new_text == doc.text:
                    continue
                if omap is not None:
                    log.extend(_explain(doc.text, chosen, omap))
                    omap.add(edits)
                doc = Document(new_text, doc.lang, doc.enabled, doc.context)
                changed = True
            if not changed:
                break
        return doc.text, log


def _explain(text: str, chosen: list[Finding], omap: _OffsetMap) -> list[AppliedChange]:
    pairs = sorted(((e, f) for f in chosen for e in f.edits), key=lambda p: (p[0].start, p[0].end))
    out = []
    delta = 0
    for e, f in pairs:
        old = text[e.start : e.end]
        if old == e.replacement:
            continue
        o_start = omap.to_original(e.start, is_end=False)
        o_end = omap.to_original(e.end, is_end=True)
        if o_start > o_end:  # an insertion where an earlier step deleted text
            o_start, o_end = o_end, o_start
        out.append(
            AppliedChange(
                code=f.code,
                name=f.name,
                start=e.start + delta,
                end=e.end + delta,
                old=old,
                new=e.replacement,
                orig_start=o_start,
                orig_end=o_end,
                pass_name=f.pass_name,
            )
        )
        delta += len(e.replacement) - (e.end - e.start)
    return out


def _rebuild(
    passes: tuple[Pass, ...],
    lang: str,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    options: dict[str, dict[str, Any]],
) -> Pipeline:
    return Pipeline(passes, lang=lang, select=select, ignore=ignore, extend_select=extend_select, options=options)


def default_pipeline(
    *,
    lang: str = "en",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Pipeline:
    """The standard pipeline: every built-in pass, default rules unless selected otherwise."""
    return Pipeline(lang=lang, select=select, ignore=ignore, extend_select=extend_select, options=options)
