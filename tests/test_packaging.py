"""The built wheel carries textfix's data and works outside the repository.

Regression: an installed textfix once looked its data up through importlib.resources, which
returns a MultiplexedPath (not a path) for corpora/, and `import textfix` failed everywhere
but in a checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_has_data_and_runs_outside_the_repository(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next(tmp_path.glob("textfix-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (
        "textfix/_corpora/boilerplate/patterns.tsv",
        "textfix/_corpora/entities/people.tsv",
        "textfix/_corpora/sample/article.txt",
    ):
        assert data in names, data
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    sample = ROOT / "corpora" / "sample" / "article.txt"
    env = {**os.environ, "PYTHONPATH": str(site)}
    # E101 is an unsafe fix and E102 report only (docs/precision.md): the place list is seen
    # through its finding.
    code = (
        "import sys, textfix; print(textfix.__file__); t = open(sys.argv[1]).read(); "
        "print(sorted({f.code for f in textfix.check(t)})); sys.stdout.write(textfix.fix(t, unsafe=True))"
    )
    r = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    first, rest = r.stdout.split("\n", 1)
    assert first.startswith(str(site))  # the unpacked wheel, not the checkout
    assert "Antony Blinken" in rest and "'E102'" in rest and "$1.1 billion" in rest
