"""Hypothesis strategies for machine-translation-like text, beside plain random Unicode."""

from __future__ import annotations

from hypothesis import strategies as st

PIECES = [
    "the", "the the", "in in", "Ukraine", "Mr", "Mr.", "U.S.", "US", "Blinken", "Kyiv", "Kiev",
    "he", "she", "her", "$", "€", "369", "5.3", "%", "1,000", "5, 000", "10:30", "2-0", "-", "--", "—", "–",
    ",", ".", ";", ":", "!", "?", "...", "…", "“", "”", "„", "«", "»", "‘", "’", "'", '"', "(", ")",
    "[", "]", "（", "）", "，", "。", "don't", "don' t", "it’ s", "n't", "do", "â€œ", "cafÃ©", "\u0097",
    "\u200b", "\u200d", "👍", "😀", "\r\n", "\n", "\n\n", " ", "  ", "\t", "https://example.com/a,b",
    "a@b.org", "#PRS_ORG#", "<unk>", "&quot;", "self - assembly", "universe-a", "中文", "Привет",
    "\x00", "\ud800", "e\u0301", "𝐀", "said", "said.", "China", "NATO", "Register today.",
]

mt_text = st.lists(st.sampled_from(PIECES), max_size=40).map(lambda xs: " ".join(xs))
mt_text_tight = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=300
)
texts = st.one_of(any_text, mt_text, mt_text_tight)
