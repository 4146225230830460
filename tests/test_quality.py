"""textfix score / textfix.quality: numbers identical to sacrebleu's own command."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from conftest import need_shared
from textfix.cli import main
from textfix.quality import fix_lines, load_lines, score_files, score_lines

PAIR = "de-en"
SYSTEM = "LT22"


def _files(wmt22):
    hyp = need_shared(wmt22 / "hyp" / f"generaltest2022.{PAIR}.hyp.{SYSTEM}.en")
    refs = sorted((wmt22 / "ref").glob(f"generaltest2022.{PAIR}.ref.*.en"))
    assert refs
    return hyp, refs


def _sacrebleu_cli(refs, hyp, metrics):
    exe = shutil.which("sacrebleu")
    cmd = [exe] if exe else [sys.executable, "-m", "sacrebleu"]
    r = subprocess.run(
        [*cmd, *map(str, refs), "-i", str(hyp), "-m", *metrics, "-w", "6", "-f", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout)


@pytest.mark.parametrize("nrefs", [1, 2])
def test_score_equals_sacrebleu_cli(wmt22, nrefs):
    hyp, refs = _files(wmt22)
    refs = refs[:nrefs]
    theirs = _sacrebleu_cli(refs, hyp, ["bleu", "chrf"])
    out = io.StringIO()
    assert main(["score", str(hyp), *[a for r in refs for a in ("--ref", str(r))], "--format", "json"], out) == 0
    ours = json.loads(out.getvalue())["before"]
    for o, t in zip(ours, theirs, strict=True):
        assert round(o["score"], 6) == t["score"]
        assert o["signature"] == t["signature"]


def test_fix_changes_spacing_and_chrf_ws_sees_it(tmp_path):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("It cost $ 369 million .\nHamburg , Germany .\nNothing to fix here.\n", encoding="utf-8")
    ref.write_text("It cost $369 million.\nHamburg, Germany.\nNothing to fix here.\n", encoding="utf-8")
    seg = tmp_path / "seg.tsv"
    report = score_files(str(hyp), [str(ref)], ("chrf", "chrf+ws", "bleu"), fix=True, segments=str(seg))
    assert report.lines_changed == 2
    before = {s.metric: s.score for s in report.before}
    after = {s.metric: s.score for s in report.after}
    assert after["chrf+ws"] == pytest.approx(100.0) and before["chrf+ws"] < 100.0
    # Standard chrF ignores whitespace: the spacing repairs are invisible to it.
    assert after["chrf"] == pytest.approx(before["chrf"])
    assert "spacing" in report.families
    rows = seg.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("line\tchrf_before\tchrf_after")
    assert len(rows) == 4


def test_fix_lines_keeps_alignment():
    import textfix

    lines = ["a $ 5", "", "the end ,"]
    assert fix_lines(lines, textfix.default_pipeline()) == ["a $5", "", "the end,"]


def test_length_mismatch_is_an_error(tmp_path):
    hyp = tmp_path / "h.txt"
    ref = tmp_path / "r.txt"
    hyp.write_text("a\nb\n", encoding="utf-8")
    ref.write_text("a\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["score", str(hyp), "--ref", str(ref)], io.StringIO(), err) == 2
    assert "lines" in err.getvalue()


def test_unknown_metric(tmp_path):
    f = tmp_path / "h.txt"
    f.write_text("a\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["score", str(f), "--ref", str(f), "--metrics", "meteor"], io.StringIO(), err) == 2
    assert "meteor" in err.getvalue()


def test_load_lines_like_sacrebleu(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes("a \r\nb\u2028c\n".encode())
    assert load_lines(str(f)) == ["a", "b\u2028c"]
    assert score_lines(["a"], [["a"]], ("chrf",))[0].score == pytest.approx(100.0)
