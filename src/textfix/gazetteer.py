"""The gazetteer files of corpora/entities/: how they are read, and the built-in ones, once.

The entities pass compiles its wrong forms from them and the consistency pass its clusters
of accepted spellings; both read the files through this module, so the file format (tab
separated, a header naming the columns, ``#`` comments, ``|`` between the values of a cell)
is known in one place.  Each built-in file is read once per process.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from textfix.data import corpus_path

__all__ = [
    "EXONYM_COLUMNS",
    "PEOPLE_COLUMNS",
    "PLACES_COLUMNS",
    "GazetteerError",
    "closest_token",
    "do_not_touch_rows",
    "exonym_rows",
    "fold",
    "people_rows",
    "places_rows",
    "read_tsv",
    "split_list",
]


class GazetteerError(ValueError):
    """A gazetteer file is malformed; the message names the file and line."""


def read_tsv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a gazetteer file as dicts; ``#`` lines and blank lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise GazetteerError(f"{path}: cannot read: {e.strerror}") from None
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise GazetteerError(f"{path}: empty file (a header line is required)")
    header = lines[0][1].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise GazetteerError(f"{path}: header lacks column(s) {missing}")
    rows = []
    for lineno, ln in lines[1:]:
        cells = next(csv.reader([ln], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise GazetteerError(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        if not row.get(required[0]):
            raise GazetteerError(f"{path}:{lineno}: empty {required[0]!r}")
        row["_where"] = f"{path.name}:{lineno}"
        rows.append(row)
    return rows


def split_list(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def fold(s: str) -> str:
    """Lower case without diacritics, for similarity scores."""
    return "".join(c for c in unicodedata.normalize("NFKD", s.casefold()) if not unicodedata.combining(c))


def closest_token(variant: str, tokens: Sequence[str]) -> str:
    """The word of a canonical name that a one-word variant stands for (Lawrow -> Lavrov)."""
    from rapidfuzz import fuzz

    return max(tokens, key=lambda t: fuzz.ratio(fold(variant), fold(t)))


PEOPLE_COLUMNS = ("canonical", "variants", "accepted", "kind", "country_role", "source", "notes")
PLACES_COLUMNS = ("canonical", "legacy", "accepted", "kind", "country", "source", "notes")
EXONYM_COLUMNS = ("canonical", "variants", "kind", "country", "source", "notes")


Row = Mapping[str, str]


def _builtin(name: str, columns: Sequence[str]) -> tuple[Row, ...]:
    # Read-only rows: the cached tuple is shared by every caller.
    return tuple(MappingProxyType(r) for r in read_tsv(corpus_path("entities", name), columns))


@lru_cache(maxsize=1)
def people_rows() -> tuple[Row, ...]:
    """corpora/entities/people.tsv: canonical names of people, their variants and accepted forms."""
    return _builtin("people.tsv", PEOPLE_COLUMNS)


@lru_cache(maxsize=1)
def places_rows() -> tuple[Row, ...]:
    """corpora/entities/places.tsv: Ukrainian places and their Russian-style (legacy) forms."""
    return _builtin("places.tsv", PLACES_COLUMNS)


@lru_cache(maxsize=1)
def exonym_rows() -> tuple[Row, ...]:
    """corpora/entities/exonyms.tsv: English place names and their foreign forms (``de:Moskau``)."""
    return _builtin("exonyms.tsv", EXONYM_COLUMNS)


@lru_cache(maxsize=1)
def do_not_touch_rows() -> tuple[Row, ...]:
    """corpora/entities/do_not_touch.tsv: phrases no entities fix may change."""
    return _builtin("do_not_touch.tsv", ("phrase",))
