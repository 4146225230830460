"""A one-minute atheris run of tests/fuzz/fuzz_textfix.py; any crash fails the test.

The seed corpus is copied to a scratch folder first, so libFuzzer's additions stay out of
the repository.  A crash input is kept beside the scratch corpus and its path printed, to be
added to ``FUZZ_REGRESSIONS`` in tests/test_inputs.py once fixed.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "fuzz" / "fuzz_textfix.py"
SEEDS = HERE / "fuzz" / "corpus"
SECONDS = int(os.environ.get("TEXTFIX_FUZZ_SECONDS", "60"))


def _test_extra_brings_atheris() -> bool:
    """The marker of atheris in pyproject's test extra: where it has wheels (on Python 3.10,
    which CI also runs, there are none, and the extra leaves it out)."""
    return sys.platform == "linux" and platform.machine() == "x86_64" and (3, 11) <= sys.version_info[:2] < (3, 14)


@pytest.mark.slow
def test_fuzz_one_minute(tmp_path):
    if importlib.util.find_spec("atheris") is None:
        if os.environ.get("CI") and _test_extra_brings_atheris():
            pytest.fail("atheris is not installed, but CI is set: the `test` extra should bring it")
        pytest.skip("atheris is not installed (pip install -e '.[fuzz]'; it has wheels for CPython 3.11-3.13 only)")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    cmd = [
        sys.executable,
        str(HARNESS),
        f"-max_total_time={SECONDS}",
        "-timeout=20",  # one input taking 20 s is a hang: a crash
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/",
        str(corpus),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=SECONDS + 240)
    crashes = sorted(p.name for p in artifacts.iterdir())
    tail = "\n".join(proc.stderr.splitlines()[-60:])
    assert proc.returncode == 0 and not crashes, f"fuzzing found a crash: {crashes}\n{tail}"
    # The run really fuzzed: libFuzzer reports how many inputs it executed.
    runs = [ln for ln in proc.stderr.splitlines() if ln.startswith("stat::number_of_executed_units:")]
    assert runs and int(runs[0].split(":")[-1]) > 100, tail
