"""The boilerplate pass (W101): whole sentences of web furniture."""

from __future__ import annotations

import textfix
from conftest import SEED, need_shared
from textfix.model import Applicability

W = textfix.Pipeline(select=["W"])

SEED_FOOTER = (
    "Our Morning and Afternoon Newsletters are compiled by Globe editors, giving you a brief "
    "overview of the day’s most important headlines. Register today."
)


def test_call_to_action_counts_only_next_to_a_promotion():
    assert W.check("Register today.") == []
    assert W.check("Voters must register today if they want to vote. Register today.") == []
    text = "Sign up for our newsletter. Register today."
    [f] = W.check(text)
    assert (f.start, f.end) == (0, len(text))


def test_removal_takes_the_space_before_and_keeps_line_breaks():
    text = "One.\nTwo. Share this article\nThree."
    assert W.fix(text, unsafe=True) == "One.\nTwo.\nThree."
    text = "Share this article. Three."
    assert W.fix(text, unsafe=True) == "Three."
    # Without a sentence end the button text cannot be told from the sentence: left alone.
    assert W.check("Share this article Three.") == []
    assert W.fix("A.\nAll rights reserved.\nB.", unsafe=True) == "A.\n\nB."


def test_unsafe_only():
    text = "News. Sign up for our newsletter."
    [f] = W.check(text)
    assert f.applicability is Applicability.UNSAFE
    assert W.fix(text) == text


def test_seed_footer_at_the_end_without_a_newline():
    text = need_shared(SEED).read_text(encoding="utf-8")
    assert text.endswith("Register today.")  # no final newline: the text ends on the call to action
    [f] = W.check(text)
    assert text[f.start : f.end] == SEED_FOOTER
    out = W.fix(text, unsafe=True)
    assert out == text[: f.start - 1]
    assert out.endswith("the attack. “ With files from Alexandra Li and Reuters.")
    assert W.fix(text) == text
    # Fixing again changes nothing.
    assert W.fix(out, unsafe=True) == out


def test_seed_footer_with_a_newline_after_it():
    text = "The war goes on.\n" + SEED_FOOTER + "\n"
    assert W.fix(text, unsafe=True) == "The war goes on.\n\n"


def test_trigger_is_exact_for_the_gate_and_keeps_the_word_start():
    from textfix._gate import translate
    from textfix.passes.boilerplate import TRIGGER

    assert translate(TRIGGER)[1]  # no regex search to confirm each gate hit
    assert TRIGGER.search("Share this article.")
    assert TRIGGER.search("ends.Share this")
    assert TRIGGER.search("© 2022")
    assert TRIGGER.search("Reshare it") is None
    assert TRIGGER.search("the shared_cookies") is not None  # only the start is bounded
    assert TRIGGER.search("re_share it") is None


def test_one_alternation_of_the_anchors_fullmatches_where_one_of_them_does():
    from textfix.passes.boilerplate import ANCHORS, ANY_ANCHOR_RE, SENTENCE_RE

    assert ANY_ANCHOR_RE is not None  # the shipped patterns can be joined
    texts = [
        SEED_FOOTER,
        "Sign up for our free daily newsletter. Click here. Share on Facebook Share on Twitter.",
        "Facebook Twitter WhatsApp E-mail. © 2022 Reuters. All rights reserved. Advertisement",
        "Voters must register today. She told readers to click here and there. The site uses cookies.",
        "Read more: Accept all cookies! Already a subscriber? Log in here. We use cookies to improve it.",
        "Follow us on Twitter and YouTube for more. You've reached your limit of free articles.",
    ]
    sentences = [m.group() for t in texts for m in SENTENCE_RE.finditer(t)]
    hits = 0
    for s in sentences:
        each = any(pat.fullmatch(s) for _, pat in ANCHORS)
        assert (ANY_ANCHOR_RE.fullmatch(s) is not None) == each, s
        hits += each
    assert 5 < hits < len(sentences)  # both answers are asked


def test_deleted_boilerplate_line_stays_as_an_empty_line():
    """Issue 18 reported the blank lines left after boilerplate at the end of a file as
    surprising; the decision is that W101 keeps the line count like every other fix (a
    translation file must stay aligned with its source), so the line is emptied, not removed."""
    text = "The talks ended late.\n\nSign up for our daily newsletter. Register today.\n"
    fixed = textfix.fix(text, unsafe=True)
    assert fixed == "The talks ended late.\n\n\n"
    assert fixed.count("\n") == text.count("\n")
