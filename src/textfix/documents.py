"""Segments that belong to documents: context across segments, alignment kept.

Machine translation is produced one segment per line, but a quotation, the spelling of a
name or the majority form of an honorific spans many segments of one document.  The
segments of a document are joined with line feeds into one text, so every pass sees the
neighbouring segments as the lines around its own; every edit and finding is then mapped
back to the segment it lies in.

Alignment is an invariant: the output has exactly one segment per input segment.  The line
feeds that join segments are named in the context (``SEGMENT_BREAKS``): a repair that would
touch one, or add or remove a line break anywhere, is not applied (``Document.finding``
keeps it as a suggestion), and the segment's other repairs still are.  A finding is
reported against its segment, with that segment's offsets, lines and columns; one that runs
on into the next segment is cut at its segment's end and its edits are dropped.

Passes that compare a segment with its own source (``context_keys``: the bilingual X rules)
run on each segment with that segment's context; the others run on the document, with the
sources joined line by line under ``"source"`` (see :func:`source_line`).

>>> from textfix import Pipeline
>>> p = Pipeline(select=["Q"])
>>> fix_document(p, ["He said: “ We will win.", "They did not .”"])
['He said: “We will win.', 'They did not .”']
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from textfix.model import SEGMENT_BREAKS, AppliedChange, Document, Finding

__all__ = [
    "Joined",
    "check_document",
    "check_many_documents",
    "fix_document",
    "fix_document_and_explain",
    "fix_many_documents",
    "group_documents",
    "join_segments",
    "source_evidence",
    "source_line",
]


@dataclasses.dataclass(frozen=True, slots=True)
class Joined:
    """The segments of one document joined with line feeds."""

    text: str
    starts: tuple[int, ...]  # offset of each segment in ``text``
    lines: tuple[int, ...]  # 0-based line of ``text`` where each segment starts
    breaks: frozenset[int]  # ordinals (among the line feeds of ``text``) of the joining ones

    def segment_at(self, offset: int) -> int:
        """The segment holding ``offset`` (a joining line feed belongs to the segment it ends)."""
        return bisect.bisect_right(self.starts, offset) - 1


def join_segments(segments: Sequence[str]) -> Joined:
    starts: list[int] = []
    lines: list[int] = []
    breaks: list[int] = []
    pos = line = 0
    for i, s in enumerate(segments):
        if not isinstance(s, str):
            raise TypeError(f"expected str segments, got {type(s).__name__}")
        starts.append(pos)
        lines.append(line)
        line += s.count("\n")
        pos += len(s)
        if i < len(segments) - 1:
            breaks.append(line)
            line += 1
            pos += 1
    return Joined("\n".join(segments), tuple(starts), tuple(lines), frozenset(breaks))


def split_output(segments: Sequence[str], new: str) -> list[str]:
    """The fixed document cut back into its segments: no repair adds, removes or moves a line
    feed (model.Document.finding), so the joining ones are still the same ordinals."""
    parts = new.split("\n")
    out = []
    k = 0
    for s in segments:
        n = s.count("\n") + 1
        out.append("\n".join(parts[k : k + n]))
        k += n
    if k != len(parts):  # cannot happen while the invariant holds; never return misaligned output
        raise AssertionError("a repair changed the number of line feeds of a document")
    return out


# Context key: for a document with sources, each line's text -> the same line of the joined
# sources (None where two equal lines have different sources).  A line-local pass runs on one
# line as a Document of its own, which no longer knows its line number: this finds its source.
LINE_SOURCES = "line_sources"


def source_evidence(doc: Document, line: int | None = None) -> str | None:
    """What the source says about the 0-based ``line`` of ``doc`` (about all of a one-line
    text when ``line`` is None): that line's source when it is known, else the whole source
    (a repair the source contradicts anywhere is then not made: the cautious reading), else
    None.  Passes ask this to decide, never to widen what they repair."""
    if not doc.context:
        return None
    source = doc.context.get("source")
    if not isinstance(source, str):
        return None
    if "\n" not in doc.text:
        by_line = doc.context.get(LINE_SOURCES)
        if by_line is not None and doc.text in by_line:
            return by_line[doc.text] or source
        return source
    one = source_line(doc, line) if line is not None else None
    return one if one is not None else source


def source_line(doc: Document, line: int) -> str | None:
    """The source of the 0-based ``line`` of ``doc``: the same line of ``context["source"]``
    when source and text have as many lines (segments joined into a document, or a text
    translated line by line), the whole source for a one-line text; else None."""
    source = doc.context.get("source") if doc.context else None
    if not isinstance(source, str):
        return None
    n = doc.text.count("\n")
    if n == 0:
        return source if "\n" not in source else None
    if source.count("\n") != n:
        return None
    return source.split("\n")[line]


# -- the two pipelines: one for the document, one for each segment with its own source ----------


def _split(pipeline: Any) -> tuple[Any, Any | None]:
    """(the pipeline of the passes that read the document, the pipeline of those that compare a
    segment with its own context, or None); worked out once per pipeline."""
    cached = pipeline.__dict__.get("_documents_split")
    if cached is not None:
        return cached
    per_segment = [p for p in pipeline.passes if p.context_keys]
    if not per_segment:
        found: tuple[Any, Any | None] = (pipeline, None)
    else:
        from textfix.pipeline import Pipeline

        kw = dict(
            lang=pipeline.lang,
            select=pipeline.select,
            ignore=pipeline.ignore,
            extend_select=pipeline.extend_select,
            options=pipeline.options,
        )
        rest = [p for p in pipeline.passes if not p.context_keys]
        found = (Pipeline(rest, **kw), Pipeline(per_segment, **kw))
    pipeline.__dict__["_documents_split"] = found
    return found


def _contexts(
    n: int, sources: Sequence[str | None] | None, contexts: Sequence[Mapping[str, Any] | None] | None
) -> list[Mapping[str, Any] | None]:
    """One context per segment, ``sources`` added under ``"source"``."""
    if contexts is not None and len(contexts) != n:
        raise ValueError(f"{len(contexts)} contexts for {n} segments")
    if sources is not None and len(sources) != n:
        raise ValueError(f"{len(sources)} sources for {n} segments")
    out: list[Mapping[str, Any] | None] = list(contexts) if contexts is not None else [None] * n
    if sources is not None:
        for i, s in enumerate(sources):
            if s is not None:
                if not isinstance(s, str):
                    raise TypeError(f"source must be str, got {type(s).__name__}")
                out[i] = {**(out[i] or {}), "source": s}
    return out


def _document_context(
    joined: Joined, segments: Sequence[str], contexts: Sequence[Mapping[str, Any] | None]
) -> dict[str, Any]:
    """The context of the joined document: the joining line feeds, and the sources joined line
    by line (a segment without one gives an empty line, so the lines stay aligned)."""
    ctx: dict[str, Any] = {SEGMENT_BREAKS: joined.breaks}
    srcs = [(c or {}).get("source") for c in contexts]
    if any(isinstance(s, str) for s in srcs):
        lines = []
        for seg, s in zip(segments, srcs, strict=True):
            s = s if isinstance(s, str) else ""
            # A source of another shape than its segment cannot be aligned line by line.
            lines.append(s if s.count("\n") == seg.count("\n") else "\n" * seg.count("\n"))
        ctx["source"] = src = "\n".join(lines)
        by_line: dict[str, str | None] = {}
        for t, sl in zip(joined.text.split("\n"), src.split("\n"), strict=True):
            by_line[t] = sl if by_line.get(t, sl) == sl else None
        ctx[LINE_SOURCES] = by_line
    for c in contexts:  # other keys (e.g. a caller's own) as the first segment holding them gives them
        for k, v in (c or {}).items():
            if k != "source":
                ctx.setdefault(k, v)
    return ctx


# -- fix -----------------------------------------------------------------------------------------


def fix_document(
    pipeline: Any,
    segments: Sequence[str],
    unsafe: bool = False,
    *,
    sources: Sequence[str | None] | None = None,
    contexts: Sequence[Mapping[str, Any] | None] | None = None,
) -> list[str]:
    """The repaired segments of one document, one per input segment, in order."""
    return [t for t, _ in fix_document_and_explain(pipeline, segments, unsafe, sources=sources, contexts=contexts)]


def fix_document_and_explain(
    pipeline: Any,
    segments: Sequence[str],
    unsafe: bool = False,
    *,
    sources: Sequence[str | None] | None = None,
    contexts: Sequence[Mapping[str, Any] | None] | None = None,
) -> list[tuple[str, list[AppliedChange]]]:
    """For each segment, its repaired text and the log of its changes (offsets into that
    segment, replayable on it with :func:`textfix.replay`)."""
    segments = list(segments)
    if not segments:
        return []
    ctxs = _contexts(len(segments), sources, contexts)
    doc_pipe, seg_pipe = _split(pipeline)
    joined = join_segments(segments)
    new, log = doc_pipe.fix_and_explain(joined.text, unsafe, context=_document_context(joined, segments, ctxs))
    fixed = split_output(segments, new)
    logs: list[list[AppliedChange]] = [[] for _ in segments]
    # Each change lies inside one segment (none touches a joining line feed): its offsets in
    # the text of the moment, less where that segment then started.
    cur = list(joined.starts)
    for c in log:
        i = joined.segment_at(c.orig_start)
        base, obase = cur[i], joined.starts[i]
        logs[i].append(
            dataclasses.replace(
                c, start=c.start - base, end=c.end - base, orig_start=c.orig_start - obase, orig_end=c.orig_end - obase
            )
        )
        delta = len(c.new) - len(c.old)
        if delta:
            for j in range(i + 1, len(cur)):
                cur[j] += delta
    if seg_pipe is not None:
        for i, c in enumerate(ctxs):
            if c:
                text, more = seg_pipe.fix_and_explain(fixed[i], unsafe, context=c)
                if more:
                    fixed[i] = text
                    # orig offsets of these are into the text after the document's repairs
                    logs[i].extend(more)
    return list(zip(fixed, logs, strict=True))


# -- check ---------------------------------------------------------------------------------------


def _to_segment(f: Finding, joined: Joined, segments: Sequence[str], i: int) -> Finding:
    """A finding of the joined document as a finding of its ``i``-th segment."""
    off, seg = joined.starts[i], segments[i]
    g = f.shifted(-off, -joined.lines[i])
    if g.end <= len(seg) and all(e.end <= len(seg) for e in g.edits):
        return g
    # Runs on into the next segment: cut at this one's end; what it would edit is not its own.
    end_line, end_col = Document(seg).line_col(min(g.end, len(seg)))
    return dataclasses.replace(
        g, end=min(g.end, len(seg)), end_line=end_line, end_column=end_col, edits=(), applicability=None
    )


def check_document(
    pipeline: Any,
    segments: Sequence[str],
    *,
    sources: Sequence[str | None] | None = None,
    contexts: Sequence[Mapping[str, Any] | None] | None = None,
    like_fix: bool = False,
) -> list[list[Finding]]:
    """For each segment, its findings, against that segment's offsets, lines and columns.

    ``like_fix`` reports, as the command does, what ``fix`` meets only after its first
    repairs too (textfix.checking.check_like_fix).
    """
    segments = list(segments)
    if not segments:
        return []
    ctxs = _contexts(len(segments), sources, contexts)
    doc_pipe, seg_pipe = _split(pipeline)
    joined = join_segments(segments)
    ctx = _document_context(joined, segments, ctxs)
    from textfix.checking import check_like_fix

    if like_fix:
        found = check_like_fix(doc_pipe, joined.text, ctx)
    else:
        found = doc_pipe.check(joined.text, context=ctx)
    out: list[list[Finding]] = [[] for _ in segments]
    for f in found:
        i = joined.segment_at(f.start)
        out[i].append(_to_segment(f, joined, segments, i))
    if seg_pipe is not None:
        for i, c in enumerate(ctxs):
            if c:
                more = check_like_fix(seg_pipe, segments[i], c) if like_fix else seg_pipe.check(segments[i], context=c)
                if more:
                    out[i] = sorted([*out[i], *more], key=lambda f: (f.start, f.end, f.code))
    return out


# -- streams of segments with document identities -------------------------------------------------


def group_documents(items: Iterable[Any], doc_ids: Iterable[Any]) -> Iterator[list[Any]]:
    """``items`` in runs of consecutive equal document ids, lazily (a document is held whole,
    the stream is not).  Equal ids apart from each other are two documents."""
    group: list[Any] = []
    last: Any = None
    for item, d in zip(items, doc_ids, strict=True):
        if group and d != last:
            yield group
            group = []
        group.append(item)
        last = d
    if group:
        yield group


def fix_many_documents(
    pipeline: Any,
    texts: Iterable[str],
    doc_ids: Iterable[Any],
    unsafe: bool = False,
    contexts: Iterable[Mapping[str, Any] | None] | None = None,
) -> Iterator[str]:
    """``Pipeline.fix_many(texts, doc_ids=...)``: one result per text, in input order."""
    items = zip(texts, contexts, strict=True) if contexts is not None else ((t, None) for t in texts)
    for group in group_documents(items, doc_ids):
        yield from fix_document(pipeline, [t for t, _ in group], unsafe, contexts=[c for _, c in group])


def check_many_documents(
    pipeline: Any,
    texts: Iterable[str],
    doc_ids: Iterable[Any],
    contexts: Iterable[Mapping[str, Any] | None] | None = None,
) -> Iterator[list[Finding]]:
    """``Pipeline.check_many(texts, doc_ids=...)``: one list of findings per text."""
    items = zip(texts, contexts, strict=True) if contexts is not None else ((t, None) for t in texts)
    for group in group_documents(items, doc_ids):
        yield from check_document(pipeline, [t for t, _ in group], contexts=[c for _, c in group])
