"""Findings and changes per rule family on WMT22, before and after a change of the rules.

    python -m benchmarks precision shapes a82e089

runs every line of ../shared/wmt22/{hyp,ref,ts-hyp,ts-ref} through the default pipeline
twice: once with the textfix of the given commit (extracted with ``git archive`` into a
temporary folder and imported from there) and once with the working tree's.  Per folder and
family it counts findings (``check``), changes applied by the default fix and changes applied
with unsafe fixes (``fix_and_explain``), and writes benchmarks/results/precision_shapes.md.
Each line is one document, as in the other WMT22 benchmarks.  Two worker processes.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path

from . import _data
from ._data import ROOT, WMT22

FOLDERS = ("hyp", "ref", "ts-hyp", "ts-ref")


def _count_chunk(chunk: list[str]) -> dict[str, int]:
    import textfix
    from textfix.rules import RULES

    pipe = textfix.Pipeline()
    c: Counter[str] = Counter()
    for s in chunk:
        for f in pipe.check(s):
            c["find\t" + RULES[f.code].family] += 1
        for mode, unsafe in (("safe", False), ("unsafe", True)):
            _, log = pipe.fix_and_explain(s, unsafe=unsafe)
            for ch in log:
                c[f"{mode}\t" + RULES[ch.code].family] += 1
    return dict(c)


def measure() -> dict[str, dict[str, int]]:
    """Counts of the textfix importable here, per folder: {folder: {"kind\\tfamily": n}}."""
    from multiprocessing import Pool

    out = {}
    with Pool(2) as pool:
        for folder in FOLDERS:
            lines: list[str] = []
            for path in sorted((WMT22 / folder).iterdir()):
                with open(path, encoding="utf-8", newline="") as fh:
                    lines.extend(_data.head([line.rstrip("\r\n") for line in fh]))
            chunks = [lines[i : i + 2000] for i in range(0, len(lines), 2000)]
            total: Counter[str] = Counter()
            for part in pool.imap_unordered(_count_chunk, chunks):
                total.update(part)
            total["lines\t"] = len(lines)
            out[folder] = dict(total)
    return out


def _run_at(commit: str) -> dict[str, dict[str, int]]:
    # A commit's counts never change: kept outside the repository (they are derived from
    # ../shared) so that re-making the table measures only the working tree.
    # Keyed by the full hash: a name such as HEAD~2 or a branch moves.
    full = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    limited = f"-limit-{_data.LIMIT}" if _data.LIMIT is not None else ""
    cache = Path(tempfile.gettempdir()) / f"textfix-precision-shapes-{full}{limited}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        blob = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src", "corpora"], capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        # The package's own command, run from the repository root, with the old textfix first
        # on the path.
        res = subprocess.run(
            [sys.executable, "-m", "benchmarks", "precision", "shapes", "--measure-here"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        cache.write_text(res.stdout, encoding="utf-8")
        return json.loads(res.stdout)


def write(before: dict, after: dict, commit: str) -> str:
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"# Findings and changes per family on WMT22, before ({commit}) and after ({head})",
        "",
        f"{datetime.date.today().isoformat()}. Made by `python -m benchmarks precision shapes {commit}`: every line of",
        "../shared/wmt22/{hyp,ref,ts-hyp,ts-ref} as one document, default pipeline. `findings`: what",
        "`check` reports; `safe`: changes the default fix applies; `unsafe`: changes applied with",
        "unsafe fixes. Cells are before → after.",
        "",
    ]
    for folder in FOLDERS:
        b, a = before[folder], after[folder]
        fams = sorted({k.split("\t")[1] for k in (*b, *a) if k.split("\t")[1]})
        lines += [
            f"## {folder} ({a.get('lines' + chr(9), 0):,} lines)",
            "",
            "| family | findings | safe changes | unsafe changes |",
            "| --- | --- | --- | --- |",
        ]
        for fam in fams:
            cells = []
            for kind in ("find", "safe", "unsafe"):
                x, y = b.get(f"{kind}\t{fam}", 0), a.get(f"{kind}\t{fam}", 0)
                cells.append(f"{x:,} → {y:,}" if x != y else f"{x:,}")
            lines.append(f"| {fam} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv == ["--measure-here"]:
        json.dump(measure(), sys.stdout)
        return 0
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    if not _data.require_wmt22():
        return 2
    commit = argv[0]
    before = _run_at(commit)
    after = measure()
    out = _data.results_dir() / "precision_shapes.md"
    out.write_text(write(before, after, commit) + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))
    return 0
