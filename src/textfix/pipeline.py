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
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import regex

from textfix.model import Applicability, AppliedChange, Document, Edit, Finding, Pass
from textfix.rules import RULES, grades_generation, resolve_selection

__all__ = [
    "MAX_ROUNDS",
    "Gating",
    "Pipeline",
    "apply_edits",
    "default_pipeline",
    "replay",
]

MAX_ROUNDS = 10


# Sort keys as C-level getters: a text may hold tens of thousands of findings.
_EDIT_ORDER = operator.attrgetter("start", "end")
_FINDING_ORDER = operator.attrgetter("start", "end", "code")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``) and return the new text."""
    out = []
    pos = 0
    for e in sorted(edits, key=_EDIT_ORDER):
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
        if f.edits and (f.applicability is Applicability.SAFE or (unsafe and f.applicability is Applicability.UNSAFE))
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
        es = sorted(f.edits, key=_EDIT_ORDER)
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


# (step index, pass): a pass to run on a text
_Entry = tuple[int, Pass]
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
    """Which passes a pipeline runs in one mode, and the one scan that decides which have work.

    Built once per pipeline and mode (check, fix, unsafe fix).  Only the rules that can matter
    in the mode take part: every enabled rule for the language when checking; when fixing,
    only those whose fix the mode applies (a report-only rule cannot change a fixed text).
    Passes with none of those rules are dropped.

    Each rule is gated by its own trigger branch and screen (``Rule.trigger``,
    ``Rule.screen``) when its pass's rules declare them, else by its pass's ``trigger`` and
    ``screen``.  Each pass's trigger (the union of its rules' branches) goes into one RE2
    ``Set`` (see :mod:`textfix._gate`: the translation matches at least what the trigger
    matches, on any installed versions): one linear scan of the text says which match, so a
    clean text costs one scan whatever the number of rules; where a union matched, a small set
    of its branches says which of the pass's rules it was.  A screen (what no regular
    expression can see) is asked only when its rules' triggers did not match.  The answer is the set of rules that may fire: a pass runs
    when it holds one of them, on a Document whose ``enabled`` is that set, so ``doc.wants``
    skips the rest.  Only a text RE2 cannot read (a lone surrogate) or a trigger with no RE2
    form is searched with the pass's own trigger.
    """

    __slots__ = (
        "_answers",
        "_branches",
        "_context_keys",
        "_entries",
        "_screens",
        "_searched",
        "always",
        "codes",
        "gate",
        "joint",
        "slot_codes",
        "steps",
        "whole_codes",
    )

    def __init__(self, passes: Sequence[Pass], codes: frozenset[str], full: frozenset[str]) -> None:
        self.codes = codes
        # (pass, how it is gated, the codes of its rules that take part)
        steps: list[tuple[Pass, Gating, frozenset[str]]] = []
        # A pass whose rules decide together (``Pass.joint``) runs with every rule of it that
        # the selection and language allow (``full``), whatever the mode: its findings for the
        # rules that take part are then those a check would give.
        self.joint: dict[int, frozenset[str]] = {}
        # The gate holds one pattern per pass: the union of its rules' branches.  Every pattern
        # added to an RE2 set multiplies the states its DFA builds on new text (the set tracks
        # which patterns matched so far), so a pass whose rules have branches of their own asks
        # a small set of them only when its union matched: that says which rules may fire.
        slots: dict[str, tuple[set[str], list[tuple[str, frozenset[str]]]]] = {}
        always: set[str] = set()
        screens: dict[Callable[[str], bool], set[str]] = {}  # screen -> the codes it admits
        searched: list[tuple[Pass, frozenset[str]]] = []  # passes whose trigger has no RE2 form
        for p in passes:
            mine = frozenset(r.code for r in p.rules if r.code in codes)
            if not mine:
                continue  # every finding it could yield would be filtered out
            rules = [r for r in p.rules if r.code in mine]
            if p.joint:
                self.joint[len(steps)] = frozenset(r.code for r in p.rules if r.code in full)
            if p.trigger is None:
                steps.append((p, Gating.ALWAYS, mine))
                always |= mine
                continue
            # (trigger pattern, screen or None, codes): one per rule when the pass's rules
            # declare their own gating (a rule without a branch takes the pass's trigger),
            # else one for the whole pass.  A pass of another family that borrows a rule
            # (a custom pass) has a trigger of its own: the rule's branch is not its gate.
            trig = p.trigger
            if any((r.trigger is not None or r.screen is not None) and r.family == p.name for r in p.rules):
                gated = [
                    (r.trigger or trig.pattern, r.screen, frozenset((r.code,)))
                    if r.family == p.name
                    else (trig.pattern, p.screen, frozenset((r.code,)))
                    for r in rules
                ]
            else:
                gated = [(trig.pattern, p.screen, mine)]
            forms = [_re2_form(t, trig.flags) if isinstance(trig, regex.Pattern) else None for t, _, _ in gated]
            if any(f is None for f in forms):
                steps.append((p, Gating.SEARCH, mine))
                searched.append((p, mine))
                continue
            steps.append((p, Gating.RE2, mine))
            by_form: dict[str, set[str]] = {}
            for form, (_, screen, own) in zip(forms, gated, strict=True):
                assert form is not None
                by_form.setdefault(form, set()).update(own)
                if screen is not None:
                    screens.setdefault(screen, set()).update(own)
            union = next(iter(by_form)) if len(by_form) == 1 else "|".join(f"(?:{f})" for f in by_form)
            slot = slots.setdefault(union, (set(), []))
            if len(by_form) == 1:
                slot[0].update(mine)
            else:
                slot[1].extend((f, frozenset(c)) for f, c in by_form.items())
        self.steps = tuple(steps)
        patterns = tuple(slots)
        self.gate = _re2_set(patterns) if patterns else None
        self.slot_codes = tuple(frozenset(slots[f][0]) for f in patterns)
        # Per slot: None, or the small set of its rules' branches and the codes of each.
        self._branches: tuple[tuple[Any, tuple[frozenset[str], ...]] | None, ...] = tuple(
            (_re2_set(tuple(f for f, _ in slots[u][1])), tuple(c for _, c in slots[u][1])) if slots[u][1] else None
            for u in patterns
        )
        self.always = frozenset(always)
        self._screens = tuple((f, frozenset(c)) for f, c in screens.items())
        self._searched = tuple(searched)
        # Few distinct gate answers and admitted sets occur: each is worked out once.
        self._answers: dict[Any, Any] = {}
        self._entries: dict[Any, tuple[tuple[_Entry, ...], frozenset[str]]] = {}
        self._context_keys = frozenset(k for p, _, _ in steps for k in p.context_keys)
        # The rules of the passes that read a text of many lines whole, not line by line
        # (line_local) or the lines that admit them (line_gated): the whole text's gate answer
        # matters for these only.
        self.whole_codes = frozenset().union(*(mine for p, _, mine in steps if not (p.line_local or p.line_gated)))

    def scan(self, text: str) -> Sequence[int] | None:
        """Gate indices of the triggers matching in ``text``; None when RE2 cannot read it."""
        return self.gate.hits(text) if self.gate is not None else ()

    def admitted(self, text: str, hits: Sequence[int] | None) -> frozenset[str]:
        """The codes of the rules that may fire on ``text``, given the gate's answer ``hits``."""
        if hits is None:
            return self._searched_codes(text)
        # RE2 lists the matches in a stable order, and another order only adds a cache entry.
        key = tuple(hits)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) > 4096:  # unbounded only under adversarial trigger sets
                self._answers.clear()
            base = self.always.union(*(self.slot_codes[h] for h in key))
            branches = tuple(b for b in (self._branches[h] for h in key) if b is not None)
            found = self._answers[key] = (base, branches, tuple(s for s in self._screens if not s[1] <= base))
        codes: frozenset[str] = found[0]
        refine: tuple[tuple[Any, tuple[frozenset[str], ...]], ...] = found[1]
        screens: tuple[tuple[Callable[[str], bool], frozenset[str]], ...] = found[2]
        for small, owners in refine:
            sub = small.hits(text)
            codes = codes.union(*(owners[k] for k in sub)) if sub is not None else codes.union(*owners)
        for screen, own in screens:
            if not own <= codes and screen(text):
                codes = codes | own
        if self._searched:
            codes = codes | self._searched_codes(text, searched_only=True)
        return codes

    def _searched_codes(self, text: str, *, searched_only: bool = False) -> frozenset[str]:
        """What the passes' own triggers and screens admit: for text RE2 cannot read, and for
        passes whose trigger has no RE2 form."""
        out: set[str] = set()
        for p, gating, mine in self.steps:
            if searched_only and gating is not Gating.SEARCH:
                continue
            if gating is Gating.ALWAYS or _searcher(p)(text):
                out |= mine
        return frozenset(out)

    def actions(
        self, codes: frozenset[str], context: Mapping[str, Any] | None
    ) -> tuple[tuple[_Entry, ...], frozenset[str]]:
        """The passes to run, in order, for a text whose admitted rules are ``codes``, and the
        rules their Document enables (``codes`` and the other rules of joint passes)."""
        keys = self._context_keys
        if not keys:
            missing = _NO_KEYS
        elif not context:
            missing = keys
        else:
            missing = frozenset(k for k in keys if k not in context)
        key = (codes, missing)
        found = self._entries.get(key)
        if found is None:
            if len(self._entries) > 4096:
                self._entries.clear()
            entries = tuple(
                (i, p)
                for i, (p, _, mine) in enumerate(self.steps)
                if not mine.isdisjoint(codes) and not any(k in missing for k in p.context_keys)
            )
            enabled = codes.union(*(self.joint[i] for i, _ in entries if i in self.joint))
            found = self._entries[key] = (entries, enabled)
        return found

    def decide(self, text: str, context: Mapping[str, Any] | None) -> tuple[frozenset[str], tuple[_Entry, ...]]:
        """The rules a Document of ``text`` enables, and the passes to run on it."""
        codes = self.admitted(text, self.scan(text))
        if not codes:
            return codes, ()
        entries, enabled = self.actions(codes, context)
        return enabled, entries

    def decide_lines(
        self,
        text: str,
        context: Mapping[str, Any] | None,
        lines: _Lines,
        before: frozenset[str] = frozenset(),
    ) -> tuple[frozenset[str], tuple[_Entry, ...]]:
        """``decide`` for a text of many lines, whose ``lines`` are known, and whose earlier
        version in a fix enabled ``before``.

        A line-local pass runs on the lines that admit its rules (``Pipeline._findings``), so
        its rules are those some line admits.  The other passes are gated on the whole text,
        but a rule may be enabled where its trigger does not match (it has nothing to find
        there: enabling it changes nothing).  So a rule some line admits, or an earlier version
        admitted, stays enabled, and once every rule of those passes is, as in most files of
        any size, the whole text is not scanned at all."""
        whole = self.whole_codes
        codes = lines.codes() | before
        if not whole <= codes:
            codes |= self.admitted(text, self.scan(text)) & whole
        if not codes:
            return codes, ()
        entries, enabled = self.actions(codes, context)
        return enabled, entries


class _Lines:
    """The lines of one version of a text of many lines, and the gate's answer for each,
    carried from one version to the next in a fix: after a repair only the lines it touched
    are asked again, so a round costs the lines that changed, not the whole file (issue 15).

    Each non-empty line that admits any rule is filed under what it admits (``groups``: few
    distinct answers occur), so the lines admitting some rules are found by their answers,
    not line by line.  ``memo`` holds the answers for lines already seen (a line's answer
    depends on the line alone), shared with the findings the line-local passes had on a line."""

    __slots__ = ("_admitting", "groups", "line_of", "memo", "plan", "starts")

    def __init__(self, plan: _Plan, text: str, memo: dict[Any, Any]) -> None:
        self.plan = plan
        self.memo = memo
        self.line_of: dict[int, str] = {}  # line index -> line, of the lines admitting any rule
        self.groups: dict[frozenset[str], set[int]] = {}  # an answer -> the lines giving it
        starts = [0]
        for n, line in enumerate(text.split("\n")):
            if line:
                codes = self._ask(line)
                if codes:
                    self.line_of[n] = line
                    self.groups.setdefault(codes, set()).add(n)
            starts.append(starts[-1] + len(line) + 1)
        self.starts = starts  # of each line, and one past the end: len(text) + 1
        self._admitting: dict[tuple[frozenset[str], bool], Any] = {}

    def _ask(self, line: str) -> frozenset[str]:
        codes: frozenset[str] | None = self.memo.get(line)
        if codes is None:
            plan = self.plan
            codes = self.memo[line] = plan.admitted(line, plan.scan(line))
        return codes

    def admitting(self, codes: frozenset[str], *, answers: bool = True) -> list[Any]:
        """(offset, line index, line, and with ``answers`` its answer) of each line admitting
        one of ``codes``, in order."""
        found = self._admitting.get((codes, answers))
        if found is None:
            keys = [k for k, ns in self.groups.items() if ns and not codes.isdisjoint(k)]
            ns = sorted(itertools.chain.from_iterable(self.groups[k] for k in keys))
            columns: list[Iterable[Any]] = [map(self.starts.__getitem__, ns), ns, map(self.line_of.__getitem__, ns)]
            if answers:
                if len(keys) == 1:
                    columns.append(itertools.repeat(keys[0]))
                else:
                    answer = {n: k for k in keys for n in self.groups[k]}
                    columns.append(map(answer.__getitem__, ns))
            found = self._admitting[(codes, answers)] = list(zip(*columns, strict=False))
        return found

    def codes(self) -> frozenset[str]:
        """Every rule some line admits."""
        return frozenset().union(*(k for k, ns in self.groups.items() if ns))

    def after(self, old: str, new: str, edits: Sequence[Edit]) -> _Lines:
        """The table of ``new``, which applying ``edits`` to ``old`` (this table's text) made."""
        if any("\n" in e.replacement or old.count("\n", e.start, e.end) for e in edits):
            return _Lines(self.plan, new, self.memo)  # an edit across lines: asked again whole
        starts = self.starts
        delta: dict[int, int] = {}  # line index -> how much its length changed
        for e in edits:
            n = bisect.bisect_right(starts, e.start) - 1
            delta[n] = delta.get(n, 0) + len(e.replacement) - (e.end - e.start)
        changed = sorted(delta)
        moved = starts[: changed[0] + 1]
        shift = 0
        for k, n in enumerate(changed):
            shift += delta[n]
            stop = changed[k + 1] + 1 if k + 1 < len(changed) else len(starts)
            moved.extend([x + shift for x in starts[n + 1 : stop]])
        out = object.__new__(_Lines)
        out.plan, out.memo, out.starts, out._admitting = self.plan, self.memo, moved, {}
        line_of = out.line_of = dict(self.line_of)
        groups = out.groups = {k: set(ns) for k, ns in self.groups.items()}
        memo = self.memo
        for n in changed:
            was = line_of.pop(n, None)
            if was is not None:
                groups[memo[was]].discard(n)
            line = new[moved[n] : moved[n + 1] - 1]
            codes = self._ask(line) if line else frozenset()
            if codes:
                line_of[n] = line
                groups.setdefault(codes, set()).add(n)
        return out


def _lines_document(doc: Document, lines: _Lines | None) -> Document:
    """``doc`` with what the pipeline knows of its lines (``Document.lines_admitting``)."""
    if lines is not None:
        object.__setattr__(doc, "_scanned_lines", lines)
        object.__setattr__(doc, "_line_starts", lines.starts)  # Document.line_starts, and one past the end
    return doc


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
        self._codes = frozenset(c for c in self.enabled if RULES[c].applies_to_lang(lang))
        self._plans: dict[bool | None, _Plan] = {}
        self._plans_generation = grades_generation()

    @property
    def _plan(self) -> _Plan:
        """The plan of ``check``: every enabled rule of the language takes part."""
        return self._plan_for(None)

    def _plan_for(self, unsafe: bool | None) -> _Plan:
        """The plan for ``check`` (None), ``fix`` (False) or ``fix`` with unsafe fixes (True)."""
        if self._plans_generation != grades_generation():  # a rule was regraded
            self._plans.clear()
            self._plans_generation = grades_generation()
        plan = self._plans.get(unsafe)
        if plan is None:
            codes = self._codes
            if unsafe is not None:
                grades = (Applicability.SAFE, Applicability.UNSAFE) if unsafe else (Applicability.SAFE,)
                codes = frozenset(c for c in codes if RULES[c].fix in grades)
            plan = self._plans[unsafe] = _Plan(self.passes, codes, self._codes)
        return plan

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

    def _findings(self, plan: _Plan, i: int, p: Pass, doc: Document, lines: _Lines | None = None) -> list[Finding]:
        """What step ``i``'s pass finds in ``doc``, of the plan's rules.  A line-local pass on
        a text of many lines runs on each line that admits one of its rules, as on a segment:
        a whole file then costs what its lines cost one by one.  With ``lines`` (a fix of a
        text of many lines), a line seen in an earlier version of the text is not checked again."""
        codes = plan.codes
        text = doc.text
        if not p.line_local or "\n" not in text:
            return [f for f in p.check(doc) if f.code in codes]
        memo = lines.memo if lines is not None else None
        if lines is None:
            seen = doc._scanned_lines
            if seen is None or seen.plan is not plan:
                seen = _Lines(plan, text, {})
                object.__setattr__(doc, "_scanned_lines", seen)
            lines = seen
        mine = plan.steps[i][2]
        out: list[Finding] = []
        for start, n, line, admitted in lines.admitting(mine):
            found = memo.get((i, line)) if memo is not None else None
            if found is None:
                if i in plan.joint:
                    admitted = admitted | plan.joint[i]
                sub = Document(line, doc.lang, admitted, doc.context)
                found = [f for f in p.check(sub) if f.code in codes]
                if memo is not None:
                    memo[(i, line)] = found
            out.extend(f.shifted(start, n) for f in found)
        return out

    def check(
        self,
        text: str,
        *,
        context: Mapping[str, Any] | None = None,
        source: str | None = None,
        only_fixable: bool = False,
    ) -> list[Finding]:
        """All findings, against ``text``'s offsets, in order of position then code.

        ``source`` (the text it was translated from) becomes ``context["source"]``.
        ``only_fixable`` keeps to the rules with a fix (safe or unsafe) and does not run the
        report-only ones, which is faster: what ``fix --unsafe-fixes`` could still repair.
        """
        context = _with_source(context, source)
        if type(text) is not str and not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        plan = self._plan_for(True if only_fixable else None)
        lines = _Lines(plan, text, {}) if "\n" in text else None
        if lines is None:
            admitted, todo = plan.decide(text, context)
        else:
            admitted, todo = plan.decide_lines(text, context, lines)
        if not todo:
            return []
        doc = _lines_document(Document(text, self.lang, admitted, context or {}), lines)
        findings: list[Finding] = []
        for i, p in todo:
            findings.extend(self._findings(plan, i, p, doc))
        findings.sort(key=_FINDING_ORDER)
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
        plan = self._plan_for(unsafe)
        # A text of many lines: its lines and the gate's answer for each, kept across versions.
        lines = _Lines(plan, text, {}) if "\n" in text else None
        if lines is None:
            admitted, todo = plan.decide(text, context)
        else:
            admitted, todo = plan.decide_lines(text, context, lines)
        log: list[AppliedChange] = []
        if not todo:
            return text, log  # clean text: one scan and out
        context = context or {}
        omap = _OffsetMap() if explain else None
        doc = _lines_document(Document(text, self.lang, admitted, context), lines)
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
                i, p = todo[k]
                k += 1
                if ran_at.get(i) == version:
                    continue
                ran_at[i] = version
                findings = self._findings(plan, i, p, doc, lines)
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
                version += 1
                # The later passes see the new text: ask the gate again, go on after pass i.
                if lines is None:
                    admitted, todo = plan.decide(new_text, context)
                else:
                    lines = lines.after(text, new_text, edits)
                    admitted, todo = plan.decide_lines(new_text, context, lines, admitted)
                text = new_text
                doc = _lines_document(Document(new_text, self.lang, admitted, context), lines)
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
