"""The benchmark tool starts, and its regression check works end to end on a tiny corpus.

`python -m benchmarks` runs from the repository root (benchmarks/ is a package there, not
installed).  The tiny corpus is the first lines of a few real WMT22 files from ../shared,
copied at test time into a temporary folder that $TEXTFIX_SHARED points at.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, WMT22, need_shared

# One pair, every folder `outputs` reads; 12 lines of each file.
FILES = {
    "hyp": ["generaltest2022.de-en.hyp.Online-A.en", "generaltest2022.ja-en.hyp.AIST.en"],
    "ts-hyp": ["generaltest2022.de-en.hyp.Online-A.en"],
    "ref": ["generaltest2022.de-en.ref.A.en"],
    "ts-ref": ["generaltest2022.de-en.ref.A.en"],
}
LINES = 12


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def tiny_corpus(tmp: Path) -> Path:
    wmt = need_shared(WMT22)
    for folder, names in FILES.items():
        (tmp / "wmt22" / folder).mkdir(parents=True)
        for name in names:
            with open(wmt / folder / name, encoding="utf-8", newline="") as fh:
                head = [next(fh) for _ in range(LINES)]
            (tmp / "wmt22" / folder / name).write_text("".join(head), encoding="utf-8", newline="")
    return tmp


def test_help_lists_every_command():
    res = run("--help")
    assert res.returncode == 0, res.stderr
    for command in (
        "families",
        "throughput",
        "scaling",
        "hostile",
        "outputs record",
        "outputs compare",
        "eval wmt22",
        "eval languages",
        "precision rules",
        "precision shapes",
        "recall",
        "formats",
        "grammar",
    ):
        assert f"  {command} " in res.stdout, command


def test_unknown_command_and_missing_subcommand_fail_with_usage():
    res = run("nonsense")
    assert res.returncode == 2 and "unknown command 'nonsense'" in res.stderr
    res = run("eval")
    assert res.returncode == 2 and "choose one of wmt22 | languages" in res.stderr


def test_outputs_compare_without_a_record_says_how_to_make_one(tmp_path):
    env = {"TEXTFIX_SHARED": str(tiny_corpus(tmp_path)), "TEXTFIX_OUTPUTS_RECORD": str(tmp_path / "none.pkl")}
    res = run("outputs", "compare", env=env)
    assert res.returncode == 2
    assert "python -m benchmarks outputs record" in res.stderr and "none.pkl" in res.stderr


def test_outputs_record_then_compare_on_a_tiny_corpus(tmp_path):
    env = {"TEXTFIX_SHARED": str(tiny_corpus(tmp_path))}
    record = tmp_path / "record.pkl"
    res = run("outputs", "record", str(record), env=env)
    assert res.returncode == 0, res.stderr
    # 5 files of 12 lines; 2 whole documents from hyp/.
    assert f"recorded {5 * LINES} lines and 2 documents" in res.stdout

    res = run("outputs", "compare", str(record), env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.strip().endswith(f"lines compared {5 * LINES} documents compared 2 differences 0")

    # A record whose fix of one line differs from today's output: compare shows it and fails.
    with open(record, "rb") as fh:
        base = pickle.load(fh)
    fixed, unsafe, findings = base["res"][3]
    base["res"][3] = (fixed + " (changed)", unsafe, findings)
    with open(record, "wb") as fh:
        pickle.dump(base, fh)
    res = run("outputs", "compare", str(record), env=env)
    assert res.returncode == 1
    assert "DIFF" in res.stdout and "(changed)" in res.stdout
    assert "differences 1" in res.stdout
