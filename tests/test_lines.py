"""textfix._lines: the title-case test and its per-line cache agree with reading each line."""

from __future__ import annotations

import pytest

from textfix._lines import TitleLines, is_title_line

TEXT = "abc\nWorld Bank Data About The Income\nthe data was here\n\nHow The Grinch Stole Christmas\nx"


def _line(text: str, i: int) -> str:
    ls = text.rfind("\n", 0, i) + 1
    le = text.find("\n", i)
    return text[ls : le if le >= 0 else len(text)]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_cache_agrees_with_each_line(order):
    lines = TitleLines(TEXT)
    offsets = range(len(TEXT)) if order == "forward" else reversed(range(len(TEXT)))
    for i in offsets:
        assert lines.at(i) == is_title_line(_line(TEXT, i)), i


def test_title_lines():
    assert is_title_line("World Bank Data-About The Income Of Nations")
    assert is_title_line("How The Grinch Stole Christmas Became A Classic")
    assert not is_title_line("The World Bank's data-about the income of households.")
    assert not is_title_line("Music video The music video for Ice Age was shot in April.")
    assert not is_title_line("Stop")  # one word proves nothing
