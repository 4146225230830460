"""Segments that belong to documents (issue 17): alignment kept, context across segments,
the source as evidence."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from textfix.cli import main
from textfix.rules import RULES

from strategies import texts

ALL_PIPE = textfix.Pipeline(select=["ALL"], ignore=[c for c, r in RULES.items() if r.extra.get("needs_service")])
DEFAULT = textfix.default_pipeline()


def run_file(tmp_path, argv: list[str], data: bytes, name: str = "in.dat") -> tuple[int, str, str]:
    p = tmp_path / name
    p.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--isolated", str(p)], out, err)
    return code, out.getvalue(), err.getvalue()


def breaks(s: str) -> int:
    return s.count("\n") + s.count("\r")


# -- alignment: no repair adds or removes a line break -------------------------------------------

# An HTML entity for a line feed or a carriage return (R106 decodes entities, a safe fix) would
# split its segment: the entity stays, and the segment's other repairs are still made.
SPLITTING = ["a &#10; b ,c", "x&#13;y , z", "a&#x0A;b , c", "a &NewLine; b , c"]


@pytest.mark.parametrize("text", SPLITTING)
@pytest.mark.parametrize("unsafe", [False, True])
def test_a_repair_adding_a_line_break_is_not_applied_the_others_are(text, unsafe):
    out = DEFAULT.fix(text, unsafe)
    assert breaks(out) == 0
    assert " ," not in out  # the spacing repair of the same text is still made
    assert "&" in out


def test_the_refused_repair_is_still_reported_with_its_suggestion():
    [f] = [f for f in DEFAULT.check("a &#10; b") if f.code == "R106"]
    assert f.applicability is None and not f.fixable
    assert f.edits  # the suggestion is kept, never applied
    assert "line" in f.message


@pytest.mark.parametrize("unsafe", [[], ["--unsafe-fixes"]])
def test_segments_mode_keeps_the_other_repairs_of_a_segment(tmp_path, unsafe):
    data = "It cost $ 369 million &#10; he said .\nclean\n".encode()
    code, out, err = run_file(tmp_path, ["fix", "--segments", *unsafe], data)
    assert code == 0
    assert out == "It cost $369 million &#10; he said.\nclean\n"
    assert "split" not in err


@pytest.mark.parametrize("flag", [["--jsonl"], ["--tsv", "--column", "1"], ["--csv", "--column", "1"]])
def test_record_modes_keep_the_other_repairs_of_a_record(tmp_path, flag):
    body = "It cost $ 369 million &#10; he said ."
    data = ('{"text": "' + body + '"}\n' if flag == ["--jsonl"] else body + "\n").encode()
    code, out, _ = run_file(tmp_path, ["fix", *flag, "--unsafe-fixes"], data)
    assert code == 0
    assert "$369 million &#10; he said." in out
    assert out.count("\n") == 1


def test_plain_document_mode_keeps_the_line_count(tmp_path):
    data = "A &#10; b ,c\nsecond line .\n".encode()
    for unsafe in ([], ["--unsafe-fixes"]):
        code, out, _ = run_file(tmp_path, ["fix", *unsafe], data, "doc.txt")
        assert code == 0
        assert out == "A &#10; b, c\nsecond line.\n"


PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text with the shapes that decode to a line break mixed in.
breaking = st.lists(
    st.one_of(texts, st.sampled_from(["&#10;", "&#13;", "&#x0a;", "&NewLine;", "\\n", "\u2028", "\r\n", "\n"])),
    min_size=1, max_size=6,
).map(" ".join)


@PROFILE
@given(breaking)
def test_no_mode_changes_the_line_structure(text):
    n = breaks(text)
    for pipe in (DEFAULT, ALL_PIPE):
        for unsafe in (False, True):
            assert breaks(pipe.fix(text, unsafe)) == n
            assert breaks(pipe.fix(text, unsafe, source=text)) == n
    segs = text.split("\n")
    for unsafe in (False, True):
        out = DEFAULT.fix_document(segs, unsafe)
        assert len(out) == len(segs)
        assert [breaks(s) for s in out] == [breaks(s) for s in segs]
