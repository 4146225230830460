"""Shared loading of the WMT22 data for the benchmark scripts.

The data lives outside the repository (../shared/wmt22, or ``$TEXTFIX_SHARED/wmt22``) and is
read at run time, never copied in.  Each file is one document: consecutive lines usually
belong to one article, so a quotation may open on one line and close on a later one.

``ts-hyp`` and ``ts-ref`` repeat the official test set of ``hyp`` and ``ref`` and add the
challenge test suites (for cs-en, de-en, ru-en, uk-en, ...; for ja-en and zh-en they are the
same lines).  :func:`tuning_lines` gives, for a ``ts-`` file, the lines of its official-test-set
twin, so a benchmark can tell the lines earlier work looked at from those it never did.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
WMT22 = SHARED / "wmt22"
SYSTEM_FOLDERS = ("hyp", "ts-hyp")
REFERENCE_FOLDERS = ("ref", "ts-ref")
FOLDERS = SYSTEM_FOLDERS + REFERENCE_FOLDERS


def files(folder: str) -> list[Path]:
    """The English-target files of one WMT22 folder, sorted by name."""
    return sorted((WMT22 / folder).glob("generaltest2022.*.en"))


def read_text(path: Path) -> str:
    """A file as one document, line endings kept as ``\\n`` and no trailing newline added."""
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    return text.replace("\r\n", "\n")


def read_lines(path: Path) -> list[str]:
    return read_text(path).split("\n")


def pair_of(path: Path) -> str:
    """``generaltest2022.cs-en.hyp.Online-B.en`` -> ``cs-en``."""
    return path.name.split(".")[1]


def system_of(path: Path) -> str:
    """``generaltest2022.cs-en.hyp.Online-B.en`` -> ``Online-B``; references give ``ref-B``."""
    parts = path.name.split(".")
    return f"ref-{parts[3]}" if parts[2] == "ref" else ".".join(parts[3:-1])


@cache
def tuning_lines(folder: str, name: str) -> frozenset[str]:
    """The lines of the official-test-set twin of a file (hyp/ for ts-hyp/, ref/ for ts-ref/).

    Earlier work tuned the rules on ``hyp`` and ``ref`` (see benchmarks/results/), so a line of
    a ``ts-`` file that also occurs in its twin counts as seen.  Empty for files with no twin.
    """
    twin = {"ts-hyp": "hyp", "ts-ref": "ref"}.get(folder, folder)
    path = WMT22 / twin / name
    if not path.exists():
        return frozenset()
    return frozenset(read_lines(path))


class LineIndex:
    """Maps offsets of a document to (0-based line number, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(i + 1 for i, c in enumerate(text) if c == "\n")

    def locate(self, offset: int) -> tuple[int, int]:
        idx = bisect.bisect_right(self.starts, offset) - 1
        return idx, offset - self.starts[idx]

    def line(self, idx: int) -> str:
        end = self.starts[idx + 1] - 1 if idx + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[idx] : end]


def iter_documents(folders: tuple[str, ...] = FOLDERS) -> Iterator[tuple[str, Path]]:
    for folder in folders:
        for path in files(folder):
            yield folder, path
