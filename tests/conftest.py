"""Shared fixtures: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
