"""Judgement helpers shared by the benchmark commands: stable keys and samples, verdicts, and
the hand-written part of a results file that survives a re-run.

A sampled change or finding is named by a key built from its rule, its line and its place in
the line, never by its position in a list, so a verdict stays attached to what it judged when
the code or the sample changes elsewhere.  Verdicts on changes live in one file,
``benchmarks/results/precision_judgements.jsonl`` (written for ``python -m benchmarks precision
rules``); every command that samples changes shows the verdicts already given there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import regex

from ._data import RESULTS

JUDGEMENTS = RESULTS / "precision_judgements.jsonl"
HEADING = "## Judgements"

T = TypeVar("T")


def change_key(code: str, line: str, col: int, old: str, new: str) -> str:
    """The key of one change: rule code, hash of the original line, hash of (column, old, new)."""
    line_h = hashlib.sha256(line.encode("utf-8")).hexdigest()[:12]
    change_h = hashlib.sha256(f"{col}\x00{old}\x00{new}".encode()).hexdigest()[:10]
    return f"{code}:{line_h}:{change_h}"


def finding_key(code: str, line: str, col: int, end: int) -> str:
    """The key of a finding that changes nothing (report only, or not applied)."""
    line_h = hashlib.sha256(line.encode("utf-8")).hexdigest()[:12]
    span_h = hashlib.sha256(f"finding\x00{col}\x00{end}".encode()).hexdigest()[:10]
    return f"{code}:{line_h}:{span_h}"


def rank(key: str, seed: str) -> str:
    """A key's place in a seeded sample: stable when other keys come and go."""
    return hashlib.sha256(f"{seed}\x00{key}".encode()).hexdigest()


def stable_sample(items: Iterable[T], key: Callable[[T], str], size: int, seed: str) -> list[T]:
    """The ``size`` items of lowest rank, one per key (the first item seen for a key)."""
    distinct: dict[str, T] = {}
    for it in items:
        distinct.setdefault(key(it), it)
    return [distinct[k] for k in sorted(distinct, key=lambda k: rank(k, seed))[:size]]


def load_verdicts(path: Path = JUDGEMENTS) -> dict[str, dict]:
    """Verdicts by key; a later line overrides an earlier one."""
    out: dict[str, dict] = {}
    if not path.exists():
        return out
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        row = json.loads(raw)
        if row.get("verdict") not in ("right", "wrong"):
            raise ValueError(f"{path.name}:{n}: verdict must be right or wrong, not {row.get('verdict')!r}")
        out[row["key"]] = row
    return out


def kept_judgements(path: Path, heading: str = HEADING) -> str:
    """The hand-written tail of a results file, from ``heading`` on ("" if there is none)."""
    if not path.exists():
        return ""
    old = path.read_text(encoding="utf-8")
    at = old.find(heading)
    return old[at:] if at >= 0 else ""


def context(text: str, start: int, end: int, width: int = 60) -> str:
    """The line around ``text[start:end]``, the span marked ⟦…⟧, clipped to ``width`` each side."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    a, b = max(ls, start - width), min(le, end + width)
    return ("…" if a > ls else "") + text[a:start] + "⟦" + text[start:end] + "⟧" + text[end:b] + ("…" if b < le else "")


def marked(line: str, col: int, end: int, old: str, new: str | None, width: int = 50) -> str:
    """A line with a change shown as ⟦old→new⟧ (or a finding as ⟦span⟧), clipped around it."""
    before, after = line[:col], line[end:]
    before = before if len(before) <= width else "…" + before[-width:]
    after = after if len(after) <= width else after[:width] + "…"
    mark = f"⟦{old}⟧" if new is None else f"⟦{old}→{new}⟧"
    return (before + mark + after).replace("\n", "⏎")


def pct(n: int, d: int, digits: int = 2) -> str:
    return f"{100 * n / d:.{digits}f}%" if d else "–"


def cell(s: str) -> str:
    """Text safe inside a Markdown table cell or inline code."""
    return s.replace("|", "\\|").replace("`", "'")


_WORD = regex.compile(r"\p{L}")


def confirmed_by(references: Sequence[str], old: str, new: str) -> bool | None:
    """Whether an aligned human reference writes the repaired form and not the original.

    ``None`` when the change has no letters on both sides (punctuation, spacing): a reference
    line then says little about the place of the change.
    """
    if not (_WORD.search(old) and _WORD.search(new)):
        return None

    def has(text: str, phrase: str) -> bool:
        return regex.search(rf"(?<!\w){regex.escape(phrase.strip())}(?!\w)", text) is not None

    return any(has(r, new) and not has(r, old) for r in references)
