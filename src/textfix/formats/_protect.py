"""Inline markup no fix may touch, and the guard that holds every fix of a unit to it.

The pipeline sees a unit's whole target, markup included, so its source-aware checks
compare placeholders and inline tags between source and target.  Its fix is then replayed
change by change (the ``fix_and_explain`` log) while the protected spans are followed
through the text: a change that touches the inside of one rejects the unit's whole fix,
which is left as it was (precision first; the findings are still reported).  A change
that touches none lies between two of them, so no text moves across markup.
"""

from __future__ import annotations

from typing import Any

import regex

from textfix.placeholders import find_placeholders

__all__ = ["SUBTITLE_MARKUP_RE", "fix_protected", "placeholder_spans", "subtitle_spans"]

# Subtitle markup: SRT's <i>, <b>, <u>, <font ...>; WebVTT's <c.x>, <v Name>, <ruby>,
# <00:00:01.000>; ASS/SSA override blocks that SRT files carry ({\an8}, {\i1}).
SUBTITLE_MARKUP_RE = regex.compile(r"</?[A-Za-z0-9][^<>\n]{0,200}>|<[0-9:.]{5,14}>|\{\\[^{}\n]{0,80}\}")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Spans of format placeholders and markup tags (the placeholder grammar's forms)."""
    return [(p.start, p.end) for p in find_placeholders(text)]


def subtitle_spans(text: str) -> list[tuple[int, int]]:
    return _merge([m.span() for m in SUBTITLE_MARKUP_RE.finditer(text)] + placeholder_spans(text))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def fix_protected(
    pipeline: Any,
    text: str,
    source: str | None,
    protected: tuple[tuple[int, int], ...] | list[tuple[int, int]],
    unsafe: bool = False,
) -> tuple[str, list[tuple[int, int]]] | None:
    """The fixed text and where the protected spans now are, or None when a fix would edit
    one of them (the unit is then left unchanged).

    >>> from textfix import Pipeline
    >>> fix_protected(Pipeline(), "It cost $ 369 million %s .", None, [(22, 24)])
    ('It cost $369 million %s.', [(21, 23)])
    """
    new, log = pipeline.fix_and_explain(text, unsafe, source=source)
    spans = sorted(protected)
    for c in log:
        if any(c.start < e and c.end > s for s, e in spans):
            return None
        delta = len(c.new) - (c.end - c.start)
        if delta:
            spans = [(s + delta, e + delta) if s >= c.end else (s, e) for s, e in spans]
    if any(new[s:e] != text[s0:e0] for (s, e), (s0, e0) in zip(spans, sorted(protected), strict=True)):
        return None  # cannot happen if the log is faithful; checked because precision comes first
    return new, spans
