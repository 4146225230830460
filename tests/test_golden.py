"""Golden cases under corpora/<family>/*.toml: input -> expected, or must-not-change.

Every case has an explicit ``id`` (a name, not a position: inserting a case renames no other)
and a findings snapshot in ``corpora/<family>/cases.snap`` (tests/golden_snapshots.py), which
pins every finding's code, span, fix grade and message; ``pytest tests/test_golden.py
--update-goldens`` refreshes the snapshots of the cases it runs.  Every expected output is
also run again: fixing it must change nothing (black's check on its own output).  A case with
``xfail = "why"`` is a known failure, recorded strictly so that fixing it flips the test (its
snapshot is kept but not compared, so that the fix is what flips it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import golden_snapshots
import textfix
from conftest import GOLDEN_UPDATES, as_before_moved_down, moved_down

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _case_files() -> list[tuple[Path, dict]]:
    files = []
    for path in sorted(CORPORA.rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "case" in data:
            files.append((path, data))
    return files


def _load():
    cases = []
    for path, data in _case_files():
        select = data.get("select")
        for i, case in enumerate(data["case"]):
            # A case without an id still runs, under a name that says so (test_case_ids fails).
            cid = case.get("id", f"MISSING-ID-{i + 1}")
            marks = []
            if "xfail" in case:
                marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
            snap = golden_snapshots.snapshot_path(path)
            cases.append(
                pytest.param(case, case.get("select", select), snap, id=f"{path.parent.name}/{cid}", marks=marks)
            )
    return cases


CASES = _load()


def test_there_are_golden_cases():
    assert len(CASES) >= 40


def test_case_ids_are_explicit_unique_and_well_formed():
    for path, data in _case_files():
        ids = [c.get("id") for c in data["case"]]
        missing = [i + 1 for i, cid in enumerate(ids) if cid is None]
        assert not missing, f'{path}: cases {missing} have no id = "..."'
        bad = [cid for cid in ids if not ID_RE.fullmatch(cid)]
        assert not bad, f"{path}: ids must be lower-case words joined by -: {bad}"
        dup = sorted({cid for cid in ids if ids.count(cid) > 1})
        assert not dup, f"{path}: duplicate ids {dup}"


def test_snapshot_files_hold_exactly_the_cases(request):
    """No snapshot of a case that no longer exists, none missing (unless being refreshed)."""
    if request.config.getoption("--update-goldens"):
        pytest.skip("refreshing the snapshots")
    for path, data in _case_files():
        snap = golden_snapshots.read(golden_snapshots.snapshot_path(path))
        ids = [c["id"] for c in data["case"]]
        assert sorted(snap) == sorted(ids), (
            f"{path}: snapshot ids differ from case ids (run pytest tests/test_golden.py --update-goldens): "
            f"stale {sorted(set(snap) - set(ids))}, missing {sorted(set(ids) - set(snap))}"
        )


def _check_snapshot(request, case, snap_path, findings):
    got = golden_snapshots.render(findings)
    if request.config.getoption("--update-goldens"):
        return  # recorded by the test before its assertions
    if "xfail" in case:
        return  # the expected output flips a known failure, not a changed snapshot
    want = golden_snapshots.read(snap_path).get(case["id"])
    assert want is not None, f"no snapshot for {case['id']} in {snap_path}: run with --update-goldens"
    assert got == want, f"findings changed for {case['id']} ({snap_path}); if intended, run --update-goldens"


@pytest.mark.parametrize(("case", "select", "snap_path"), CASES)
def test_golden(request, case, select, snap_path):
    lang = case.get("lang", "en")
    text = case["input"]
    expected = case.get("expected")
    # Source-aware cases (corpora/bilingual) carry the source segment beside the target.
    ctx = {"source": case["source"]} if "source" in case else None
    p = textfix.Pipeline(lang=lang, select=select)
    findings = p.check(text, context=ctx)
    if request.config.getoption("--update-goldens"):
        # Recorded before any assertion, so that a known failure (xfail) has its snapshot too.
        request.config.stash[GOLDEN_UPDATES].setdefault(snap_path, {})[case["id"]] = golden_snapshots.render(findings)
    if expected is None:
        # Must not change, with unsafe fixes too unless the case says otherwise.
        unsafe = case.get("unsafe", True)
        assert p.fix(text, unsafe=unsafe, context=ctx) == text
        assert findings == [], [f.code for f in findings]
        _check_snapshot(request, case, snap_path, findings)
        return
    unsafe = case.get("unsafe", False)
    _check_snapshot(request, case, snap_path, findings)
    found = {f.code for f in findings}
    assert found, "a bad case must produce findings"
    for code in case.get("codes", []):
        assert code in found
    if expected != text and any(moved_down(f, unsafe) for f in findings):
        # A rule this case needs was moved down for precision (docs/precision.md): the case
        # still pins down the repair it makes, at the grade it had; by default it now reports.
        assert p.fix(text, unsafe=unsafe, context=ctx) != expected
        with as_before_moved_down():
            p = textfix.Pipeline(lang=lang, select=select)
            assert p.fix(text, unsafe=unsafe, context=ctx) == expected
            assert p.fix(expected, unsafe=unsafe, context=ctx) == expected
        return
    assert p.fix(text, unsafe=unsafe, context=ctx) == expected
    assert p.fix(expected, unsafe=unsafe, context=ctx) == expected
