"""Protected spans: command-line options are code, prose dashes and hyphens are not (issue 16)."""

from __future__ import annotations

import pytest

import textfix
from textfix.spans import marks_may_be_protected, protected_spans


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
