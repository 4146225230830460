"""Shared loading of the WMT22 data for the benchmark commands (``python -m benchmarks``).

The data lives outside the repository (../shared/wmt22, or ``$TEXTFIX_SHARED/wmt22``) and is
read at run time, never copied in.  Each file is one document: consecutive lines usually
belong to one article, so a quotation may open on one line and close on a later one.

``ts-hyp`` and ``ts-ref`` repeat the official test set of ``hyp`` and ``ref`` and add the
challenge test suites (for cs-en, de-en, ru-en, uk-en, ...; for ja-en and zh-en they are the
same lines).  :func:`tuning_lines` gives, for a ``ts-`` file, the lines of its official-test-set
twin, so a benchmark can tell the lines earlier work looked at from those it never did.

``python -m benchmarks --limit N <command>`` reads only the first N lines of every file (see
:func:`set_limit`): a quick run that checks a command works, never a measurement, so its
results go to a scratch folder instead of benchmarks/results/ and docs/.
"""

from __future__ import annotations

import bisect
import os
import tempfile
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
WMT22 = SHARED / "wmt22"
SYSTEM_FOLDERS = ("hyp", "ts-hyp")
REFERENCE_FOLDERS = ("ref", "ts-ref")
FOLDERS = SYSTEM_FOLDERS + REFERENCE_FOLDERS
RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs"
# The reference folder aligned line by line with each system folder.
REFERENCE_OF = {"hyp": "ref", "ts-hyp": "ts-ref"}

# Kept in the environment too, so worker processes (however they are started) read it.
LIMIT: int | None = int(os.environ["TEXTFIX_BENCH_LIMIT"]) if os.environ.get("TEXTFIX_BENCH_LIMIT") else None


def set_limit(n: int | None) -> None:
    """Read only the first ``n`` lines of every file from now on (``None``: all of them)."""
    global LIMIT
    LIMIT = n
    if n is None:
        os.environ.pop("TEXTFIX_BENCH_LIMIT", None)
    else:
        os.environ["TEXTFIX_BENCH_LIMIT"] = str(n)


def head(lines: Sequence[str]) -> list[str]:
    """``lines`` cut to the limit, if one is set."""
    return list(lines if LIMIT is None else lines[:LIMIT])


def results_dir() -> Path:
    """benchmarks/results/, or a scratch folder when a limit is set (a partial run must not
    overwrite a published measurement)."""
    return RESULTS if LIMIT is None else scratch("results")


def docs_dir() -> Path:
    """docs/, or a scratch folder when a limit is set."""
    return DOCS if LIMIT is None else scratch("docs")


def scratch(name: str) -> Path:
    path = Path(tempfile.gettempdir()) / f"textfix-benchmarks-limit-{LIMIT}" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def require_wmt22() -> bool:
    """True when the data is there; otherwise says where it was looked for."""
    if WMT22.is_dir():
        return True
    import sys

    print(f"{WMT22} is absent (set TEXTFIX_SHARED to the folder holding wmt22/)", file=sys.stderr)
    return False


def files(folder: str) -> list[Path]:
    """The English-target files of one WMT22 folder, sorted by name."""
    return sorted((WMT22 / folder).glob("generaltest2022.*.en"))


def read_text(path: Path) -> str:
    """A file as one document, line endings kept as ``\\n`` and no trailing newline added.

    With a limit set, the first lines only (see :func:`set_limit`)."""
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    text = text.replace("\r\n", "\n")
    if LIMIT is not None:
        text = "\n".join(text.split("\n")[:LIMIT])
    return text


def read_lines(path: Path) -> list[str]:
    return read_text(path).split("\n")


def content_lines(path: Path) -> list[str]:
    """The lines of a file without the empty string after its final newline."""
    lines = read_lines(path)
    return lines[:-1] if lines and lines[-1] == "" else lines


def source_of(path: Path) -> Path:
    """The source-language file a target file of ``hyp/`` or ``ref/`` translates, line by line."""
    pair = pair_of(path)
    return WMT22 / "src" / f"generaltest2022.{pair}.src.{pair.split('-')[0]}"


def references_of(pair: str, folder: str = "ref") -> list[Path]:
    """The human references of one pair in a reference folder, sorted (A before B)."""
    return sorted((WMT22 / folder).glob(f"generaltest2022.{pair}.ref.*.en"))


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
