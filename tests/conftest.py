"""Shared fixtures: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

import textfix
from textfix.model import Applicability
from textfix.rules import regrade

# The findings snapshots test_golden computed under --update-goldens, by snapshot file.
GOLDEN_UPDATES = pytest.StashKey[dict[Path, dict[str, list[str]]]]()


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite corpora/<family>/cases.snap with the findings of the golden cases run",
    )


def pytest_configure(config):
    config.stash[GOLDEN_UPDATES] = {}


def pytest_sessionfinish(session):
    import golden_snapshots

    for path, entries in session.config.stash.get(GOLDEN_UPDATES, {}).items():
        golden_snapshots.update(path, entries)


ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_fce7dc8c21c92264.txt"
WMT22 = SHARED / "wmt22"
CORPORA = ROOT / "corpora"


def need_shared(path: Path) -> Path:
    """Return ``path``; skip when ../shared is absent, but fail in CI, where it must be."""
    if not path.exists():
        msg = f"{path} is absent: these tests read ../shared beside the clone"
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI is set, so its absence is a failure)")
        pytest.skip(msg)
    return path


@pytest.fixture
def seed_text() -> str:
    return need_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture
def wmt22() -> Path:
    return need_shared(WMT22)


@contextmanager
def as_before_moved_down():
    """Give every rule moved down for precision its former grade for the duration.

    A rule moved down (docs/precision.md) declares ``extra["moved_down_from"]``; a report-only
    one keeps its pass's edits as suggestions.  Its golden cases still pin down the repair it
    makes, checked at the grade it had.  Rules are frozen values shared with their passes,
    hence the in-place set, undone on exit.
    """
    moved = [(r, r.fix) for r in textfix.RULES.values() if "moved_down_from" in r.extra]
    for r, _ in moved:
        regrade(r, Applicability(r.extra["moved_down_from"]))
    try:
        yield
    finally:
        for r, fix in moved:
            regrade(r, fix)


def moved_down(finding, unsafe: bool) -> bool:
    """Whether ``finding``'s edits stopped applying in this mode because its rule moved down."""
    r = textfix.RULES[finding.code]
    if not finding.edits or "moved_down_from" not in r.extra:
        return False
    grade = finding.applicability
    return not (grade is Applicability.SAFE or (unsafe and grade is Applicability.UNSAFE))


# The pass tests of these families check the repairs their rules make.  Some of those rules
# were moved down for precision (docs/precision.md); the tests keep checking each repair at
# the grade the rule had, while test_registry and test_golden check the grade itself.
_REPAIR_TEST_MODULES = frozenset(
    f"test_{family}"
    for family in (
        "quotes",
        "dashes",
        "numbers",
        "entities",
        "consistency",
        "residue",
        "boilerplate",
        "brackets",
        "fragments",
    )
)


@pytest.fixture(autouse=True)
def _repairs_at_their_former_grade(request):
    if request.module.__name__.rsplit(".", 1)[-1] in _REPAIR_TEST_MODULES:
        with as_before_moved_down():
            yield
    else:
        yield
