"""Findings snapshots of the golden cases: ``corpora/<family>/cases.snap`` beside cases.toml.

One entry per case id, every finding of ``check`` on its input, one line each, as ruff's
snapshots pin every diagnostic::

    ## q101-we-are-not-giving-up-on-the-title
    Q101 1:33-1:34 [*] Closing quote written as an opening one

``[*]`` marks a safe fix, ``[unsafe]`` an unsafe one; a report-only finding has no mark; a case
with no findings reads ``(none)``.  ``pytest tests/test_golden.py --update-goldens`` rewrites the
entries of the cases it ran; the diff shows a reviewer every change of span, message or finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from textfix.model import Applicability, Finding

NONE = "(none)"
HEADER = (
    "# Findings of every case of cases.toml, by id: CODE line:col-line:col [mark] message\n"
    "# ([*] safe fix, [unsafe] unsafe fix, no mark: report only).  Generated: refresh with\n"
    "# `pytest tests/test_golden.py --update-goldens` and read the diff.\n"
)


def snapshot_path(cases_toml: Path) -> Path:
    """``corpora/<family>/cases.snap`` for ``corpora/<family>/cases.toml``."""
    return cases_toml.with_suffix(".snap")


def _one_line(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def render(findings: Iterable[Finding]) -> list[str]:
    lines = []
    for f in findings:
        if f.applicability is Applicability.SAFE:
            mark = " [*]"
        elif f.applicability is Applicability.UNSAFE:
            mark = " [unsafe]"
        else:
            mark = ""
        lines.append(f"{f.code} {f.line}:{f.column}-{f.end_line}:{f.end_column}{mark} {_one_line(f.message)}")
    return lines or [NONE]


def read(path: Path) -> dict[str, list[str]]:
    """The entries of a snapshot file (empty when there is none yet)."""
    entries: dict[str, list[str]] = {}
    if not path.exists():
        return entries
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = entries.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line)
    return entries


def update(path: Path, new: Mapping[str, list[str]]) -> None:
    """Merge ``new`` entries into the snapshot file ``path``, keeping only the ids its
    cases.toml still has, in their order there."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    cases = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))["case"]
    entries = {**read(path), **new}
    write(path, [c["id"] for c in cases if "id" in c], entries)


def write(path: Path, order: Sequence[str], entries: Mapping[str, list[str]]) -> None:
    """Write the entries of the ids in ``order`` (a case's order in cases.toml)."""
    parts = [HEADER]
    for cid in order:
        if cid in entries:
            parts.append(f"\n## {cid}\n" + "".join(line + "\n" for line in entries[cid]))
    path.write_text("".join(parts), encoding="utf-8")
