"""The documentation cannot drift from the code.

- every registered rule has an entry in docs/rules.md and every entry names a real rule;
- the JSON output validates against the published schema;
- the MkDocs site builds with warnings as errors;
- every ``>>>`` example in README.md and docs/*.md runs (pytest's --doctest-glob=*.md,
  configured in pyproject.toml, collects them beside this file's tests).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from textfix.cli import main
from textfix.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_rule_reference_matches_registry():
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    entries = dict(re.findall(r"^## ([A-Z]{1,3}[0-9]{3}) ([a-z0-9-]+)$", text, re.M))
    missing = sorted(set(RULES) - set(entries))
    unknown = sorted(set(entries) - set(RULES))
    assert not missing, f"rules without a docs entry: {missing}"
    assert not unknown, f"docs entries naming no rule: {unknown}"
    for code, name in entries.items():
        assert RULES[code].name == name
    for section in ("**Why machine translation produces it.**", "**Bad:**", "**Good:**", "**Must not change:**"):
        assert text.count(section) == len(RULES), section


def test_json_output_matches_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DOCS / "schema" / "findings-v2.json").read_text(encoding="utf-8"))
    f = tmp_path / "a.txt"
    f.write_text("Hamburg , Germany . It cost $ 369 million.\u0097 the the", encoding="utf-8")
    out = io.StringIO()
    assert main(["check", "--isolated", "--select", "ALL", "--format", "json", str(f)], out) == 1
    data = json.loads(out.getvalue())
    assert data["findings"] and data["signature"]["lang"] == "en"
    jsonschema.validate(data, schema)
    # --format jsonl: each line is one of the envelope's finding objects, records included.
    finding = {**schema["$defs"]["finding"], "$defs": schema["$defs"]}
    for argv in (["--format", "jsonl", str(f)], ["--segments", "--format", "jsonl", str(f)]):
        out = io.StringIO()
        main(["check", "--isolated", *argv], out)
        lines = out.getvalue().splitlines()
        assert lines
        for line in lines:
            jsonschema.validate(json.loads(line), finding)


def test_mkdocs_site_builds_strict(tmp_path):
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("mkdocs/mkdocs-material missing: CI must build the docs")
        pytest.skip("mkdocs-material not installed (pip install -e '.[docs]')")
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "site" / "rules" / "index.html").exists()
