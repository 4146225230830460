"""textfix: find and repair the artifacts machine translation leaves in text.

>>> import textfix
>>> textfix.fix("He added that the $ 369 million bridge , which opened last week ...")
'He added that the $369 million bridge, which opened last week ...'
>>> [(f.code, f.start, f.end) for f in textfix.check("the $ 369 bridge")]
[('S105', 4, 6)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from textfix._version import __version__
from textfix.model import Applicability, AppliedChange, Document, Edit, Finding, Pass, Severity
from textfix.pipeline import Pipeline, apply_edits, default_pipeline, replay
from textfix.rules import RULES, Rule, get_rule

# Importing the passes registers their rules.
from textfix import passes as _passes  # noqa: F401  isort: skip

__all__ = [
    "RULES",
    "Applicability",
    "AppliedChange",
    "Document",
    "Edit",
    "Finding",
    "Pass",
    "Pipeline",
    "Rule",
    "Severity",
    "__version__",
    "apply_edits",
    "check",
    "default_pipeline",
    "fix",
    "fix_and_explain",
    "get_rule",
    "replay",
]


def _key(sel: Iterable[str] | None) -> tuple[str, ...] | None:
    if sel is None:
        return None
    if isinstance(sel, str):
        return (sel,)
    return tuple(sel)


@lru_cache(maxsize=32)
def _cached_pipeline(lang: str, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> Pipeline:
    return default_pipeline(lang=lang, select=select, ignore=ignore)


def _pipeline(lang: str, select: Iterable[str] | None, ignore: Iterable[str] | None) -> Pipeline:
    return _cached_pipeline(lang, _key(select), _key(ignore))


def fix(
    text: str,
    *,
    unsafe: bool = False,
    lang: str = "en",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: Mapping[str, Any] | None = None,
    source: str | None = None,
) -> str:
    """Return ``text`` with every (safe, or also unsafe) repair applied."""
    return _pipeline(lang, select, ignore).fix(text, unsafe, context=context, source=source)


def check(
    text: str,
    *,
    lang: str = "en",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: Mapping[str, Any] | None = None,
    source: str | None = None,
) -> list[Finding]:
    """Return the findings in ``text``, with offsets into ``text``."""
    return _pipeline(lang, select, ignore).check(text, context=context, source=source)


def fix_and_explain(
    text: str,
    *,
    unsafe: bool = False,
    lang: str = "en",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: Mapping[str, Any] | None = None,
    source: str | None = None,
) -> tuple[str, list[AppliedChange]]:
    """Return the repaired text and the log of applied changes (see :func:`replay`)."""
    return _pipeline(lang, select, ignore).fix_and_explain(text, unsafe, context=context, source=source)
