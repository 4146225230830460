"""Progress bars on stderr for long runs, only when stderr is a terminal.

tqdm draws them (a base dependency since the command shows bars; the ``progress`` extra is
kept, empty, for old install lines).  When stderr is not a terminal (pipes, CI logs), or
tqdm is somehow missing, iterables pass through untouched and nothing is printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def progress_enabled() -> bool:
    if os.environ.get("TEXTFIX_NO_PROGRESS"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress(
    iterable: Iterable[T],
    *,
    total: int | None = None,
    desc: str = "",
    unit: str = "it",
    enabled: bool = True,
    **kw: Any,
) -> Iterator[T] | Iterable[T]:
    """``iterable``, drawing a bar on stderr when it is a terminal (``enabled=False``, the
    command's ``--no-progress``, or ``TEXTFIX_NO_PROGRESS=1`` turn it off)."""
    if not enabled or not progress_enabled():
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, **kw)


def write_around_bars() -> Any:
    """A context in which lines written to stdout or stderr do not land in the middle of a
    bar: tqdm lifts its bars off the terminal and redraws them after (stdout and stderr are
    usually the same terminal)."""
    import contextlib

    if not progress_enabled():
        return contextlib.nullcontext()
    try:
        from tqdm import tqdm
    except ImportError:
        return contextlib.nullcontext()
    return tqdm.external_write_mode(file=sys.stderr)
