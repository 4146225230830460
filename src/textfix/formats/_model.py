"""What every format reader gives back: units, their protected markup, and a way to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textfix.model import Finding

__all__ = ["FileFinding", "Parsed", "Unit"]


@dataclass(frozen=True)
class Unit:
    """One translatable segment of a file.

    ``id`` is the msgid (PO), the trans-unit/unit id (XLIFF), the tuid (TMX) or the cue
    number (subtitles); ``context`` is the msgctxt (PO) or the target language (TMX).
    ``target`` is the text textfix checks and repairs; inline markup in it is rendered as
    short tags (``<x id=1/>``, ``<g id=2>``...) whose spans are listed in ``protected``.
    ``states`` holds ``fuzzy``, ``obsolete``, ``untranslated``, ``needs-review`` or
    ``no-translate``; ``line`` is the 1-based line of the file where the target starts.
    """

    index: int
    id: str
    source: str | None
    target: str
    line: int
    context: str | None = None
    states: frozenset[str] = frozenset()
    protected: tuple[tuple[int, int], ...] = ()
    # False when the target's raw form holds something the writer will not touch (a comment
    # or CDATA inside an XLIFF target): such a unit is checked but never rewritten.
    writable: bool = True

    def skipped(self, include_fuzzy: bool = False) -> str | None:
        """Why this unit is not checked (a state name), or None when it is."""
        for s in ("obsolete", "untranslated", "no-translate"):
            if s in self.states:
                return s
        if not include_fuzzy:
            for s in ("fuzzy", "needs-review"):
                if s in self.states:
                    return s
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "context": self.context,
            "source": self.source,
            "target": self.target,
            "line": self.line,
            "states": sorted(self.states),
        }


@dataclass
class Parsed:
    """A parsed file: its units and the function that writes new targets back into it.

    ``write(new_targets)`` takes ``{unit index: new target}`` and returns the file's text
    with only those targets changed.  ``token_spans`` lists, per unit, the spans of the
    inline elements that split its target into the file's text runs (XML formats); the
    writer is then told where the fix guard found them afterwards.
    """

    format: str
    units: list[Unit]
    write: Callable[..., str] = field(repr=False)
    token_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class FileFinding:
    """A finding in one unit of a file: the unit says where, the finding says what."""

    unit: Unit
    finding: Finding

    @property
    def line(self) -> int:
        """The file's line: the target's first line plus the finding's line within it."""
        return self.unit.line + self.finding.line - 1

    def to_dict(self) -> dict[str, Any]:
        d = self.finding.to_dict()
        d["unit"] = {"index": self.unit.index, "id": self.unit.id, "context": self.unit.context}
        d["file_line"] = self.line
        return d
