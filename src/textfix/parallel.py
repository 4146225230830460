"""Run a pipeline over many texts in worker processes, in input order, in bounded memory.

The pipeline is pickled once into each worker (``Pipeline`` pickles as its settings and is
rebuilt there).  Texts go out in chunks; at most ``2 * jobs`` chunks are in flight, so a
reader of any size is consumed only as fast as the workers keep up (``Pool.imap`` would
read the whole input ahead).  Results come back in input order, so the output of
``-j N`` is byte for byte the output of ``-j 1``.

>>> from textfix import default_pipeline
>>> list(run_many(default_pipeline(), ["a ,b", "ok"], mode="fix", jobs=1))
['a, b', 'ok']
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from textfix.pipeline import Pipeline

__all__ = ["Mode", "run_many", "run_one"]

Mode = Literal["fix", "explain", "check"]
# An item is the text (None: nothing to do, the result is None) and its context.
Item = tuple[str | None, Mapping[str, Any] | None]

CHUNK = 256

_PIPELINE: Pipeline | None = None


def run_one(pipeline: Pipeline, mode: Mode, unsafe: bool, text: str | None, context: Mapping[str, Any] | None) -> Any:
    """One item's result: the fixed text, (fixed text, change log) or the findings."""
    if text is None:
        return None
    if isinstance(text, tuple):  # the segments of one document: one result per segment
        from textfix import documents

        contexts = tuple(context) if context is not None else None
        if mode == "fix":
            return documents.fix_document(pipeline, text, unsafe, contexts=contexts)
        if mode == "explain":
            return documents.fix_document_and_explain(pipeline, text, unsafe, contexts=contexts)
        return documents.check_document(pipeline, text, contexts=contexts, like_fix=True)
    if mode == "fix":
        return pipeline.fix(text, unsafe, context=context)
    if mode == "explain":
        return pipeline.fix_and_explain(text, unsafe, context=context)
    # The command's check: what fix repairs in later rounds is reported too.
    from textfix.checking import check_like_fix

    return check_like_fix(pipeline, text, context)


def _init(pipeline: Pipeline) -> None:
    global _PIPELINE
    _PIPELINE = pipeline


def _work(mode: Mode, unsafe: bool, items: list[Item]) -> list[Any]:
    assert _PIPELINE is not None
    return [run_one(_PIPELINE, mode, unsafe, t, c) for t, c in items]


def _context() -> Any:
    """Where workers start: forked from a server process that imported textfix and holds no
    other thread, where the platform has one (POSIX), not forked from this process.  A fork
    copies each lock as it stands, and one that another thread of this process held (a Dask
    or server-client thread pool, a test suite's leftovers) never opens in the child, which
    then hangs; a full test run hung so once.  Python 3.14 makes the same choice."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["textfix"])
        return ctx
    return multiprocessing.get_context()


def run_many(
    pipeline: Pipeline,
    items: Iterable[str | Item],
    *,
    mode: Mode = "fix",
    unsafe: bool = False,
    jobs: int = 1,
    chunk: int = CHUNK,
) -> Iterator[Any]:
    """Results for ``items`` (texts, or (text, context) pairs), lazily and in input order."""
    pairs = ((i, None) if isinstance(i, str) or i is None else i for i in items)
    if jobs <= 1:
        for t, c in pairs:
            yield run_one(pipeline, mode, unsafe, t, c)
        return
    ctx = _context()
    with ctx.Pool(jobs, initializer=_init, initargs=(pipeline,)) as pool:
        window: deque[Any] = deque()
        it = iter(pairs)
        while True:
            batch = list(itertools.islice(it, chunk))
            if batch:
                window.append(pool.apply_async(_work, (mode, unsafe, batch)))
            if window and (len(window) >= 2 * jobs or not batch):
                yield from window.popleft().get()
            elif not batch:
                break
