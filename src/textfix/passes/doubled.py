"""Doubled function words: ``the the``, ``in in``.

Decoders emit a function word twice when attention lingers on one source token; a human
reader skips the second copy, so it survives proofreading.  Only a closed list of function
words is repaired: many other doublings are grammatical (``had had``, ``that that``,
``is is`` in "what it is is"), and a particle may meet its preposition (``log in in``).

>>> from textfix import check, fix
>>> [f.code for f in check("She went to the the market in in the morning.")]
['D101', 'D101']

D101 is report only since its judged precision on WMT22 fell below its tier (docs/precision.md).
>>> fix("He had had enough, and that that was all.")
'He had had enough, and that that was all.'
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textfix.model import Document, Edit, Finding, Pass
from textfix.rules import rule

FAMILY = "doubled"

DOUBLED_WORD = rule(
    "D101",
    "doubled-function-word",
    family=FAMILY,
    summary="Function word written twice",
    why="Decoders repeat a function word when attention stays on one source token.",
    bad="to the the market in in the morning",
    good="to the market in the morning",
    keep=[
        "He had had enough.",
        "He said that that was all.",
        "What it is is a mess.",
        "Log in in the corner.",
        "the\nthe",
        "The The are a band.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)

# Words whose doubling is never grammatical in English prose.
SAFE_WORDS = (
    "the a an of to for with from by into onto about "
    "and or nor but than "
    "its their our my your these those"
).split()
# Prepositions that are also verb particles: "log in in", "carry on on", "sign up up" can be
# right, so these are repaired only when the word before is not a particle verb.
PARTICLE_WORDS = ("in", "on", "at")
PARTICLE_VERBS = frozenset(
    """log logs logged logging sign signs signed signing check checks checked checking plug
    plugs plugged fill fills filled turn turns turned hand hands handed give gives gave given
    come comes came move moves moved walk walks walked carry carries carried go goes went
    get gets got keep keeps kept hold holds held put puts drop drops dropped stay stays stayed
    look looks looked zoom zooms zoomed take takes took taken bring brings brought call calls
    called""".split()
)
DOUBLED_RE = regex.compile(
    r"\b(?P<w>" + "|".join(SAFE_WORDS + list(PARTICLE_WORDS)) + r")(?P<sp>[ \t]+)(?P=w)\b",
    regex.IGNORECASE,
)
# Each listed word written twice, spelt out: no backreference or \b, so the pipeline's RE2
# gate translates it exactly and decides alone.  (Any doubled word, with a backreference,
# matched nearly every text in the gate and cost a backtracking search per text.)  The
# ``\b`` on each side becomes "not a letter, digit or underscore" (all of which are word
# characters, so this only widens), which keeps ``data about`` and ``the theory`` out; the
# second copy starts in lower case, as ``check`` requires (``The The`` is a name).
_NOT_WORD = r"[^\p{L}\p{Nd}_]"
TRIGGER = regex.compile(
    rf"(?:^|{_NOT_WORD})(?:"
    + "|".join(rf"(?i:{w})[ \t]+{w[0]}" + (rf"(?i:{w[1:]})" if w[1:] else "") for w in SAFE_WORDS + sorted(PARTICLE_WORDS))
    + rf")(?:{_NOT_WORD}|$)"
)


class DoubledWordsPass(Pass):
    name = FAMILY
    rules = (DOUBLED_WORD,)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in DOUBLED_RE.finditer(text):
            first, second = m.group("w"), text[m.end("sp") : m.end()]
            # "The The" (a band name) is left alone; a decoder's doubling keeps the second
            # copy in lower case ("The the").
            if first == second:
                if first[:1].isupper():
                    continue
            elif not (first[:1].isupper() and second == first.lower()):
                continue
            if first.lower() in PARTICLE_WORDS:
                prev = regex.search(r"(\p{L}+)[ \t]*$", text[max(0, m.start() - 30) : m.start()])
                if prev and prev.group(1).lower() in PARTICLE_VERBS:
                    continue
            if doc.is_protected(m.start(), m.end()):
                continue
            yield doc.finding(
                DOUBLED_WORD, m.start(), m.end(), f"{first!r} written twice",
                [Edit(m.end("w"), m.end(), "")],
            )
