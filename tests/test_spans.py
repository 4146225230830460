"""Protected spans: command-line options are code, prose dashes and hyphens are not (issue 16)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.model import Document
from textfix.spans import LineSpans, marks_may_be_protected, protected_spans


def spans(text: str) -> list[str]:
    s = protected_spans(text)
    return [text[a:b] for a, b in zip(s.starts, s.ends, strict=True)]


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("gcc -Wl,--as-needed main.c", "-Wl,--as-needed"),
        ("build with -fexternal--templates on", "-fexternal--templates"),
        ("run it with --help first", "--help"),
        ('pass --name="a b" here', '--name="a'),
        ("define (-DNAME=1) first", "-DNAME=1)"),
    ],
)
def test_command_line_options_are_protected(text, option):
    assert option in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was late -- too late.",
        "late--too late",
        "the universe -a series",
        "a -1,000 drop",
        "self-assembly, re-elected",
        "Well - for one thing, no.",
    ],
)
def test_prose_dashes_are_not_protected(text):
    assert spans(text) == []


def test_marks_inside_an_option_are_announced():
    assert marks_may_be_protected('pass --name="x" now')
    assert marks_may_be_protected("set -DNAME='a', then")
    assert not marks_may_be_protected("a well-known “name”, here")


def test_no_rule_edits_inside_an_option():
    text = 'Link with -Wl,--as-needed , then run --name="x y" ( twice ).'
    out = textfix.fix(text, unsafe=True)
    assert "-Wl,--as-needed" in out and '--name="x' in out


# Pieces of URLs, addresses, code and options, with line breaks among them.
SPAN_PIECES = [
    "a",
    "b",
    "1",
    " ",
    "\n",
    ".",
    "-",
    "--",
    "/",
    "://",
    "http",
    "www",
    "@",
    "`",
    ",",
    "=",
    "com",
    "x.org",
    "(",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SPAN_PIECES), max_size=40).map("".join), st.integers(0, 3))
def test_spans_found_line_by_line_are_the_spans_of_the_whole(text, width):
    """Issue 15: a file's protected spans are found line by line as the passes ask; no span
    holds a line break, so each answer is the one the spans of the whole text give."""
    whole = protected_spans(text)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    by_line = LineSpans(text, starts)
    for i in range(len(text) + 1):
        assert by_line.overlaps(i, i + width) == whole.overlaps(i, i + width), (text, i, width)
    assert by_line.overlaps(0, len(text)) == whole.overlaps(0, len(text))


def test_a_long_text_of_many_lines_finds_its_spans_line_by_line():
    text = "plain words here\n" * 400 + "see http://x.org/a and `code`\n" + "more words\n" * 400
    doc = Document(text, "en")
    url = text.index("http")
    assert doc.is_protected(url, url + 1) and doc.is_protected(text.index("`code"), text.index("`code") + 1)
    assert not doc.is_protected(0, 5)
    assert isinstance(doc._protected, LineSpans) and len(doc._protected._by_line) == 2
