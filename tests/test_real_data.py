"""The seed article and the WMT22 outputs, read from ../shared at test time."""

from __future__ import annotations

import pytest

import textfix
from conftest import need_shared
from textfix.cli import main


def test_seed_safe_fixes(seed_text):
    # The foundation's passes make exactly one repair in the seed: the spaced dollar amount.
    out = textfix.fix(seed_text, select=["U", "S", "D"])
    assert out == seed_text.replace("$ 369 million", "$369 million")


def test_seed_check_reports_dollar(seed_text, capsys):
    from conftest import SEED

    code = main(["check", "--isolated", "--select", "S105", str(SEED)])
    out = capsys.readouterr().out
    line, col = 1, seed_text.index("$ 369") + 1
    assert code == 1
    assert out.splitlines() == [
        f"{SEED}:{line}:{col}: S105 [*] space after currency symbol '$'",
        "Found 1 error.",
        "[*] 1 fixable with `textfix fix`.",
    ]


@pytest.mark.slow
def test_wmt22_hyp_fix_is_idempotent(wmt22):
    hyp = need_shared(wmt22 / "hyp")
    pipe = textfix.default_pipeline()
    files = sorted(hyp.iterdir())
    assert len(files) >= 70
    for path in files:
        text = path.read_text(encoding="utf-8")
        once = pipe.fix(text)
        assert pipe.fix(once) == once, path.name
