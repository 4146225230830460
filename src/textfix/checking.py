"""What ``check`` reports: the findings ``fix`` acts on, in every round.

``Pipeline.check`` reports what the passes find in the text as it is; ``fix`` repairs in
rounds, and a repair can reveal what the first round could not see.  The command (whole
documents and record modes alike) reports :func:`check_like_fix`, so that ``check`` never
shows fewer problems than ``fix`` repairs.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

from textfix.model import Applicability, Document, Edit, Finding, Severity
from textfix.rules import RULES

__all__ = ["check_like_fix"]


def check_like_fix(pipeline: Any, text: str, context: Mapping[str, Any] | None = None) -> list[Finding]:
    """The findings of ``text``, plus those ``fix`` would only meet after its first repairs.

    ``fix`` repairs in rounds: after ``„yes“`` becomes ``“yes”`` in English, the space in
    ``” ,`` is a space before a comma (before, the comma followed an opening quote).  A check
    that reported only the first round showed 1 finding where ``fix --explain`` showed 3
    changes.  Each change of the fix log not covered by a first-round finding of the same
    rule becomes a finding at its place in the original text; it carries the edit only when
    that edit applies to the original text as it stands.
    """
    findings = pipeline.check(text, context=context)
    if not any(f.fixable for f in findings):
        return findings  # nothing to repair, so no later round
    _, log = pipeline.fix_and_explain(text, False, context=context)
    # Spans of the first-round findings per rule, sorted by start, with the running maximum
    # of their ends: "is this change inside a finding of its rule" is one bisect.
    spans: dict[str, tuple[list[int], list[int]]] = {}
    for f in findings:
        starts, ends = spans.setdefault(f.code, ([], []))
        starts.append(f.start)
        ends.append(f.end)
    for code, (starts, ends) in spans.items():
        order = sorted(range(len(starts)), key=starts.__getitem__)
        s_sorted = [starts[i] for i in order]
        e_max, m = [], -1
        for i in order:
            m = max(m, ends[i])
            e_max.append(m)
        spans[code] = (s_sorted, e_max)

    def covered(code: str, start: int, end: int) -> bool:
        entry = spans.get(code)
        if entry is None:
            return False
        k = bisect.bisect_right(entry[0], start) - 1
        # Some finding starting at or before `start` must reach `end`.
        return k >= 0 and entry[1][k] >= end

    extra: list[Finding] = []
    line_col = None
    for c in log:
        if covered(c.code, c.orig_start, c.orig_end):
            continue
        if line_col is None:
            line_col = Document(text).line_col
        line, col = line_col(c.orig_start)
        end_line, end_col = line_col(c.orig_end)
        r = RULES.get(c.code)
        applies = text[c.orig_start : c.orig_end] == c.old
        extra.append(
            Finding(
                code=c.code,
                name=c.name,
                message=f"{_lower_first(r.summary) if r else c.code} (after earlier fixes): {c.old!r} -> {c.new!r}",
                severity=r.severity if r else Severity.WARNING,
                start=c.orig_start,
                end=c.orig_end,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                edits=(Edit(c.orig_start, c.orig_end, c.new),) if applies else (),
                applicability=Applicability.SAFE if applies else None,
                pass_name=c.pass_name,
            )
        )
    if not extra:
        return findings
    return sorted([*findings, *extra], key=lambda f: (f.start, f.end, f.code))


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]
