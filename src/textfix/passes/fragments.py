"""Garbled fragments: a dash that joins two pieces of a clause that MT broke apart.

When a decoder loses track of a long source sentence it sometimes drops the middle of a
clause and papers over the gap with a dash: ``so that it influences what – in their
decisions``.  The part before the dash stops on a word that cannot end a phrase (an article,
a determiner, ``of``, ``what``), and no second dash follows to make it a parenthesis.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["F"])
>>> [f.code for f in p.check("We try to shape it, so that it influences what – in their decisions.")]
['F101']
>>> p.check("The talks – which lasted six hours – ended late.")
[]

The finding is information only and carries no fix: what was lost cannot be guessed.  It
never fires on paired (parenthetical) dashes, on a dash after a word that can end a phrase,
on ``so what –`` or ``guess what –``, or on ranges such as ``pages a – f``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textfix.model import Document, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "fragments"

BROKEN_CLAUSE_DASH = rule(
    "F101",
    "broken-clause-dash",
    family=FAMILY,
    summary="Dash joining two parts of a broken clause",
    why="MT that loses part of a long sentence joins what is left with a dash; the words before "
    "the dash end on an article, a determiner, 'of' or 'what', which cannot end a phrase.",
    bad="We try to shape the environment, so that it influences what – in their decisions.",
    good="We try to shape the environment, so that it influences what they do in their decisions.",
    keep=[
        "The talks – which lasted six hours – ended late.",
        "So what – nobody cares.",
        "He wanted to go – but the roads were closed.",
        "The answer is simple – we wait.",
        "See rows a – f in the table.",
        "There are six colours to choose from - in addition to white.",
        "It was one of the – if not the – best matches of the year.",
    ],
    fix=None,
    severity=Severity.INFO,
    languages=("en",),
)

DASH = r"(?:[ \t]*[–—][ \t]*|[ \t]+-[ \t]+|[ \t]*--[ \t]*)"
# Words that cannot end a phrase: articles, possessive determiners, a few prepositions that
# are never left stranded, and "what".  Conjunctions, "to" and copulas are left out (speech
# pauses on them: "We tried and – nothing"), and so are prepositions that end a clause as
# particles or stranded ("six colours to choose from - in addition", "it didn't catch on -").
DANGLING = r"the|a|an|its|their|our|my|your|whose|of|than|between|among|during|what"
BROKEN_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’\-])(?P<word>{DANGLING}){DASH}(?=\p{{Ll}}\p{{L}})",
    regex.IGNORECASE,
)
# BROKEN_RE with its lookarounds written as characters, so the pipeline's RE2 gate reads it
# exactly (a widened trigger is confirmed with a regex search at every gate hit): before the
# word, not an ASCII letter, digit, apostrophe or hyphen (implied by the lookbehind), or the
# start; after the dash, two characters that are ASCII letters or not ASCII (a superset of
# two letters, whatever the case under IGNORECASE).
TRIGGER = regex.compile(
    rf"(?:^|[^A-Za-z0-9'’\-])(?:{DANGLING}){DASH}(?:[A-Za-z]|[^\x00-\x7f]){{2}}",
    regex.IGNORECASE,
)
# "so what –", "guess what –", "no matter what –": "what" ends these phrases.
IDIOM_WHAT_RE = regex.compile(r"(?:\bso|\bguess|\bknow|\bor|\bmatter|\band|\bjust|\bexactly)[ \t]+$", regex.IGNORECASE)
ANY_DASH_RE = regex.compile(DASH)
LONE_LETTER_RE = regex.compile(r"\p{L}(?!\p{L})")
SENTENCE_END_RE = regex.compile(r"[.!?\n]")


class FragmentsPass(Pass):
    name = FAMILY
    line_local = True
    rules = (BROKEN_CLAUSE_DASH,)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        if not (doc.wants(BROKEN_CLAUSE_DASH) and BROKEN_CLAUSE_DASH.applies_to_lang(doc.lang)):
            return
        text = doc.text
        for m in BROKEN_RE.finditer(text):
            s, e = m.span()
            word = m.group("word")
            if word.lower() == "what" and IDIOM_WHAT_RE.search(text, max(0, s - 12), s):
                continue
            if len(word) == 1 and word.lower() == "a" and LONE_LETTER_RE.match(text, e):
                continue  # a range of letters: "rows a – f"
            # A second dash in the same sentence makes the pair a parenthesis.
            ends = list(SENTENCE_END_RE.finditer(text, max(0, s - 400), s))
            sent_start = ends[-1].end() if ends else max(0, s - 400)
            hi = min(len(text), e + 400)
            nxt = SENTENCE_END_RE.search(text, e, hi)
            sent_end = nxt.start() if nxt else hi
            dash = ANY_DASH_RE.search(text, m.end("word"))
            assert dash is not None
            if ANY_DASH_RE.search(text, sent_start, m.start()) or ANY_DASH_RE.search(text, dash.end(), sent_end):
                continue
            if doc.is_protected(s, e):
                continue
            yield doc.finding(
                BROKEN_CLAUSE_DASH, s, e,
                f"clause broken at {word!r} + dash: part of the sentence is probably missing",
            )
