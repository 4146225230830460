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

import bisect
import enum
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import regex

from textfix.model import Applicability, AppliedChange, Document, Edit, Finding, Pass
from textfix.rules import RULES, resolve_selection

__all__ = [
    "MAX_ROUNDS",
    "Action",
    "Gating",
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
    # Accepted edits never overlap, so sorted by start their ends are sorted too, and an edit
    # can only overlap its two neighbours: a bisection per edit keeps a text with tens of
    # thousands of findings linear, where comparing with every accepted edit was quadratic.
    starts: list[int] = []
    ends: list[int] = []
    for f in candidates:
        if any(_overlaps_taken(e, starts, ends) for e in f.edits):
            continue
        # Edits of one finding must not overlap each other either.
        es = sorted(f.edits, key=lambda e: (e.start, e.end))
        if any(a.overlaps(b) for a, b in itertools.pairwise(es)):
            continue
        accepted.append(f)
        for e in es:
            i = bisect.bisect_left(starts, e.start)
            starts.insert(i, e.start)
            ends.insert(i, e.end)
    return accepted


def _overlaps_taken(e: Edit, starts: list[int], ends: list[int]) -> bool:
    """``e.overlaps(t)`` for some accepted edit ``t`` (sorted, non-overlapping)."""
    i = bisect.bisect_left(starts, e.start)
    if i < len(starts) and (starts[i] == e.start or starts[i] < e.end):
        return True
    return i > 0 and e.start < ends[i - 1]


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


class Gating(enum.Enum):
    """How the plan decides whether a pass has work on a text; fixed per pass."""

    ALWAYS = "always"  # no trigger: every text
    RE2 = "re2"  # its trigger is one pattern of the plan's RE2 set
    SEARCH = "search"  # its trigger has no RE2 form: searched on every text


class Action(enum.Enum):
    """What the pipeline does with a pass on one text."""

    RUN = "run"  # call check
    SCREEN = "screen"  # the trigger did not match: call check if the pass's screen says so
    SEARCH = "search"  # no gate answer: search the trigger (and ask the screen) first


# (step index, pass, action, the test that must say True before check runs, or None)
_Entry = tuple[int, Pass, Action, "Callable[[str], bool] | None"]
_NO_KEYS: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=256)
def _re2_form(pattern: str, flags: int) -> str | None:
    """The RE2 form of a trigger, keyed by its pattern and flags (pipelines are rebuilt in
    every worker); an inexact form is still a superset, so it only costs time."""
    from textfix._gate import to_re2

    return to_re2(regex.compile(pattern, flags))


@functools.lru_cache(maxsize=32)
def _re2_set(patterns: tuple[str, ...]) -> Any:
    """One compiled RE2 set per distinct list of triggers; a compiled set is read-only."""
    from textfix._gate import RE2Set

    return RE2Set(patterns)


class _Plan:
    """Which passes a pipeline runs, and the one scan that decides which have work.

    Built once per pipeline.  Passes with no enabled rule for the language are dropped.
    Every remaining trigger goes into one RE2 ``Set`` (see :mod:`textfix._gate`: the
    translation matches at least what the trigger matches, on any installed versions): one
    linear scan of the text says which of them match, so a clean text costs one scan
    whatever the number of passes.  A pass whose trigger did not match still runs when its
    ``screen`` (what no regular expression can see) says so.  Only a text RE2 cannot read (a
    lone surrogate) or a trigger with no RE2 form is searched with the pass's own trigger.
    """

    __slots__ = ("_actions", "_context_keys", "codes", "gate", "steps")

    def __init__(self, passes: Sequence[Pass], enabled: frozenset[str], lang: str) -> None:
        self.codes = frozenset(c for c in enabled if RULES[c].applies_to_lang(lang))
        # (pass, how it is gated, index of its trigger in the gate or -1)
        steps: list[tuple[Pass, Gating, int]] = []
        patterns: list[str] = []
        for p in passes:
            if not any(r.code in self.codes for r in p.rules):
                continue  # every finding it could yield would be filtered out
            if p.trigger is None:
                steps.append((p, Gating.ALWAYS, -1))
                continue
            form = _re2_form(p.trigger.pattern, p.trigger.flags) if isinstance(p.trigger, regex.Pattern) else None
            if form is None:
                steps.append((p, Gating.SEARCH, -1))
            else:
                steps.append((p, Gating.RE2, len(patterns)))
                patterns.append(form)
        self.steps = tuple(steps)
        self.gate = _re2_set(tuple(patterns)) if patterns else None
        # The gate's answer and whether the context has every key a pass needs decide what
        # runs; few distinct answers occur, so each is worked out once.
        self._actions: dict[Any, tuple[_Entry, ...]] = {}
        self._context_keys = frozenset(k for p, _, _ in steps for k in p.context_keys)

    def scan(self, text: str) -> Sequence[int] | None:
        """Gate indices of the triggers matching in ``text``; None when RE2 cannot read it."""
        return self.gate.hits(text) if self.gate is not None else ()

    def actions(self, hits: Sequence[int] | None, context: Mapping[str, Any] | None) -> tuple[_Entry, ...]:
        """What to do with each pass that may have work, given the gate's answer ``hits``;
        passes missing from the answer are skipped."""
        keys = self._context_keys
        if not keys:
            missing = _NO_KEYS
        elif not context:
            missing = keys
        else:
            missing = frozenset(k for k in keys if k not in context)
        # RE2 lists the matches in a stable order, and another order only adds a cache entry.
        key = (tuple(hits) if hits is not None else None, missing)
        found = self._actions.get(key)
        if found is None:
            if len(self._actions) > 4096:  # unbounded only under adversarial trigger sets
                self._actions.clear()
            found = self._actions[key] = self._work_out(hits, missing)
        return found

    def line_has_work(self, i: int, line: str, hits: Sequence[int] | None) -> bool:
        """Whether step ``i``'s pass may have work on ``line``, given the gate's answer for it."""
        p, gating, slot = self.steps[i]
        if gating is Gating.ALWAYS:
            return True
        if gating is Gating.RE2 and hits is not None:
            return slot in hits or (p.screen is not None and p.screen(line))
        return _searcher(p)(line)

    def _work_out(self, hits: Sequence[int] | None, missing: frozenset[str]) -> tuple[_Entry, ...]:
        out: list[_Entry] = []
        for i, (p, gating, slot) in enumerate(self.steps):
            if any(k in missing for k in p.context_keys):
                continue
            if gating is Gating.ALWAYS or (hits is not None and slot in hits):
                out.append((i, p, Action.RUN, None))
            elif gating is Gating.RE2 and hits is not None:
                if p.screen is not None:
                    out.append((i, p, Action.SCREEN, p.screen))
            else:
                out.append((i, p, Action.SEARCH, _searcher(p)))
        return tuple(out)


def _scanned_lines(plan: _Plan, doc: Document) -> list[tuple[int, int, str, Sequence[int] | None]]:
    """(offset, line index, line, the gate's answer for it) of each non-empty line of ``doc``;
    worked out once per Document (the line-local passes of one text share it)."""
    seen = doc._scanned_lines
    if seen is not None and seen[0] is plan:
        return seen[1]
    out = []
    start = 0
    for n, line in enumerate(doc.text.split("\n")):
        if line:
            out.append((start, n, line, plan.scan(line)))
        start += len(line) + 1
    object.__setattr__(doc, "_scanned_lines", (plan, out))
    return out


def _searcher(p: Pass) -> Callable[[str], bool]:
    """The pass's own decision, for a text the gate could not read."""
    search, screen = p.trigger.search, p.screen
    if screen is None:
        return lambda text: search(text) is not None
    return lambda text: search(text) is not None or screen(text)


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
        for p in self.passes:
            if isinstance(p, type):
                raise TypeError(
                    f"{p.__name__} is a pass class; pipelines take pass instances: {p.__name__}() "
                    f"(with its options as keyword arguments)"
                )
            if not isinstance(p, Pass):
                raise TypeError(f"a pipeline takes Pass instances, got {p!r}")
        self.enabled = resolve_selection(self.select, self.ignore, self.extend_select)
        own = set().union(*(p.codes for p in self.passes)) if self.passes else set()
        self.enabled = frozenset(c for c in self.enabled if c in own)
        self._plan = _Plan(self.passes, self.enabled, lang)

    def __repr__(self) -> str:
        return f"Pipeline(lang={self.lang!r}, passes={[p.name for p in self.passes]!r}, enabled={len(self.enabled)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.passes, self.lang, self.select, self.ignore, self.extend_select, self.options),
        )

    # -- documents of segments (issue 17; the work is in textfix.documents) --------------------

    def fix_document(
        self,
        segments: Sequence[str],
        unsafe: bool = False,
        *,
        sources: Sequence[str | None] | None = None,
        contexts: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> list[str]:
        """Repair the segments of one document together: each pass sees the segments around
        a segment (a quotation opened earlier, the document's majority spelling), every edit
        stays inside its segment, and the result has one segment per input segment.

        >>> Pipeline(select=["Q"]).fix_document(["“ He left.", "She stayed .”"])
        ['“He left.', 'She stayed .”']
        """
        from textfix.documents import fix_document

        return fix_document(self, segments, unsafe, sources=sources, contexts=contexts)

    def fix_document_and_explain(
        self,
        segments: Sequence[str],
        unsafe: bool = False,
        *,
        sources: Sequence[str | None] | None = None,
        contexts: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> list[tuple[str, list[AppliedChange]]]:
        """``fix_document`` with each segment's log of changes (offsets into that segment)."""
        from textfix.documents import fix_document_and_explain

        return fix_document_and_explain(self, segments, unsafe, sources=sources, contexts=contexts)

    def check_document(
        self,
        segments: Sequence[str],
        *,
        sources: Sequence[str | None] | None = None,
        contexts: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> list[list[Finding]]:
        """The findings of each segment of one document, checked together; each finding is
        located in its own segment (offsets, line and column of that segment)."""
        from textfix.documents import check_document

        return check_document(self, segments, sources=sources, contexts=contexts)

    @property
    def gating(self) -> dict[str, str]:
        """How each pass the pipeline runs is gated: ``re2`` (its trigger is in the one-scan
        RE2 set), ``search`` (its trigger has no RE2 form, searched on every text) or
        ``always`` (no trigger)."""
        return {p.name: g.value for p, g, _ in self._plan.steps}

    @property
    def signature(self) -> dict[str, Any]:
        """What makes a run reproducible: version, language and resolved rule selection."""
        from textfix import __version__

        return {"textfix": __version__, "lang": self.lang, "rules": sorted(self.enabled)}

    def _document(self, text: str, context: Mapping[str, Any] | None) -> Document:
        return Document(text, self.lang, self.enabled, context or {})

    def _due(
        self, test: Callable[[str], bool] | None, text: str, doc: Document | None, context: Mapping[str, Any] | None
    ) -> Document | None:
        """The Document to run a pass on (``doc``, or one built now), or None when the test
        the plan gave for it says it has nothing to do on ``text``; for check and fix alike."""
        if test is not None and not test(text):
            return None
        return doc if doc is not None else self._document(text, context)

    def _findings(self, i: int, p: Pass, doc: Document) -> list[Finding]:
        """What step ``i``'s pass finds in ``doc``, of the enabled rules.  A line-local pass on
        a text of many lines runs on each line its trigger or screen matches, as on a segment:
        a whole file then costs what its lines cost one by one."""
        codes = self._plan.codes
        text = doc.text
        if not p.line_local or "\n" not in text:
            return [f for f in p.check(doc) if f.code in codes]
        plan = self._plan
        out: list[Finding] = []
        for start, n, line, hits in _scanned_lines(plan, doc):
            if plan.line_has_work(i, line, hits):
                sub = Document(line, doc.lang, doc.enabled, doc.context)
                out.extend(f.shifted(start, n) for f in p.check(sub) if f.code in codes)
        return out

    def check(
        self, text: str, *, context: Mapping[str, Any] | None = None, source: str | None = None
    ) -> list[Finding]:
        """All findings, against ``text``'s offsets, in order of position then code.

        ``source`` (the text it was translated from) becomes ``context["source"]``.
        """
        context = _with_source(context, source)
        if type(text) is not str and not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        plan = self._plan
        todo = plan.actions(plan.scan(text), context)
        doc = None
        findings: list[Finding] = []
        for i, p, _, test in todo:
            due = self._due(test, text, doc, context)
            if due is None:
                continue
            doc = due
            findings.extend(self._findings(i, p, doc))
        findings.sort(key=lambda f: (f.start, f.end, f.code))
        return findings

    def check_many(
        self,
        texts: Iterable[str],
        *,
        contexts: Iterable[Mapping[str, Any] | None] | None = None,
        doc_ids: Iterable[Any] | None = None,
    ) -> Iterator[list[Finding]]:
        """``check`` each text in turn, lazily: one result per input, in input order.

        ``contexts``, when given, runs alongside ``texts`` (one mapping or None per text).
        ``doc_ids``, when given, runs alongside too: consecutive texts with equal ids are the
        segments of one document, checked together (:meth:`check_document`).
        """
        if doc_ids is not None:
            from textfix.documents import check_many_documents

            yield from check_many_documents(self, texts, doc_ids, contexts)
            return
        if contexts is None:
            for t in texts:
                yield self.check(t)
        else:
            for t, c in zip(texts, contexts, strict=True):
                yield self.check(t, context=c)

    def fix(
        self, text: str, unsafe: bool = False, *, context: Mapping[str, Any] | None = None, source: str | None = None
    ) -> str:
        """The repaired text.  Idempotent: ``fix(fix(x)) == fix(x)``."""
        if source is not None:
            context = _with_source(context, source)
        return self._fix(text, unsafe, context, explain=False)[0]

    def fix_many(
        self,
        texts: Iterable[str],
        unsafe: bool = False,
        *,
        contexts: Iterable[Mapping[str, Any] | None] | None = None,
        doc_ids: Iterable[Any] | None = None,
    ) -> Iterator[str]:
        """``fix`` each text in turn, lazily: one result per input, in input order.

        A generator, so a corpus of any size streams through in constant memory.  With
        ``doc_ids`` (one per text), consecutive texts with equal ids are the segments of one
        document, repaired together (:meth:`fix_document`); a document is held whole.
        """
        if doc_ids is not None:
            from textfix.documents import fix_many_documents

            yield from fix_many_documents(self, texts, doc_ids, unsafe, contexts)
            return
        if contexts is None:
            for t in texts:
                yield self._fix(t, unsafe, None, explain=False)[0]
        else:
            for t, c in zip(texts, contexts, strict=True):
                yield self._fix(t, unsafe, c, explain=False)[0]

    def fix_and_explain(
        self, text: str, unsafe: bool = False, *, context: Mapping[str, Any] | None = None, source: str | None = None
    ) -> tuple[str, list[AppliedChange]]:
        """The repaired text and the log of changes, replayable with :func:`replay`."""
        return self._fix(text, unsafe, _with_source(context, source), explain=True)

    def _fix(
        self, text: str, unsafe: bool, context: Mapping[str, Any] | None, *, explain: bool
    ) -> tuple[str, list[AppliedChange]]:
        if type(text) is not str and not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        plan = self._plan
        todo = plan.actions(plan.scan(text), context)
        log: list[AppliedChange] = []
        if not todo:
            return text, log  # clean text: one scan and out
        doc = None
        omap = _OffsetMap() if explain else None
        # A pass that already ran on the current text (and so did not change it) would find
        # the same again: passes are deterministic.  Counting the changes and noting, per
        # step, the count it last ran at lets a round skip those; the round after the last
        # change then reruns only the passes before it.
        version = 0
        ran_at: dict[int, int] = {}
        for _ in range(MAX_ROUNDS):
            changed = False
            k = 0
            while k < len(todo):
                i, p, _, test = todo[k]
                k += 1
                if ran_at.get(i) == version:
                    continue
                ran_at[i] = version
                due = self._due(test, text, doc, context)
                if due is None:
                    continue
                doc = due
                findings = self._findings(i, p, doc)
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
                text = new_text
                version += 1
                doc = Document(new_text, doc.lang, doc.enabled, doc.context)
                # The later passes see the new text: ask the gate again, go on after pass i.
                todo = plan.actions(plan.scan(text), context)
                k = next((j for j, entry in enumerate(todo) if entry[0] > i), len(todo))
                changed = True
            if not changed:
                break
        return text, log


def _with_source(context: Mapping[str, Any] | None, source: str | None) -> Mapping[str, Any] | None:
    """``context`` with ``source`` added under ``"source"`` (the source-aware passes read it)."""
    if source is None:
        return context
    if not isinstance(source, str):
        raise TypeError(f"source must be str, got {type(source).__name__}")
    return {**(context or {}), "source": source}


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
