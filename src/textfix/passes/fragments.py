"""Garbled fragments: a dash that joins two pieces of a broken clause; sentences run together.

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

F102 reports two sentences run together (``the shadow I showed earlier We combine``): a word
that starts sentences and is seldom a name, capitalised after a lower-case content word.  No
fix: a full stop, a colon or a line break may be meant.  Never reported: ``I``, letters and
names after a label (``vitamin A``, ``the film It Follows``), title-case lines, handles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from textfix._gate import quick_search
from textfix._lines import TitleLines
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

RUN_ON = rule(
    "F102",
    "run-on-sentence",
    family=FAMILY,
    summary="Two sentences run together without a full stop",
    why="Engines that translate speech transcripts or merge source lines drop the full stop "
    "between sentences: `the shadow I showed earlier We combine…`.  A word that starts "
    "sentences and is rarely part of a name (`We`, `A`, `The`, `However`) is capitalised "
    "after a lower-case content word with no punctuation between them.  Reported only: "
    "where the stop belongs, and whether a comma or a colon was meant, is for a person.",
    bad="This is the shadow I showed earlier We combine every image into one.",
    good="This is the shadow I showed earlier. We combine every image into one.",
    keep=[
        "This is the shadow I showed earlier. We combine every image into one.",
        "He lacks vitamin A and type A blood; plan B failed.",
        "The film It Follows and the song Here Comes the Sun were shown.",
        "How The Grinch Stole Christmas Became A Classic",
        "The show ran in The Hague and in New York.",
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
# F102: capitalised words that start sentences and are seldom a name or part of one.  ``I``
# is left out (always capitalised), and so are prepositions, which start titles
# (``walking In the Rain``), and ``His`` and ``Your``, capitalised in scripture and in
# letters (``without His knowledge``, ``decline Your offer``).
RUN_ON_STARTERS = (
    "The|A|An|We|They|It|This|These|Those|There|He|She|You|Our|My|Their|Its|But|"
    "However|Then|Now|Today|If|When|While|What|How|Why|Some|Many|Most|Each|Every|Meanwhile|"
    "Therefore|Thus|Moreover|Besides|Instead|Although|Because|Let|Please|Yes|Such|Both"
)
# F102 is a match of ``(?<![\p{L}\p{N}'’\-@#/.])(?P<prev>\p{Ll}{2,})[ \t]+(?P<cap>STARTERS)[ \t]+(?=\p{Ll})``,
# found in three steps (_run_ons): the starter between blanks, with the standard library (its
# scan skips to a blank, where ``regex`` tries the pattern at every character), then the
# lower-case letter after it and the word before it, searched backwards from the blanks.
RUN_ON_CORE_RE = re.compile(rf"[ \t]+(?P<cap>{RUN_ON_STARTERS})[ \t]+")
RUN_ON_PREV_RE = regex.compile(r"(?r)(?<![\p{L}\p{N}'’\-@#/.])\p{Ll}{2,}")
_LOWER_RE = regex.compile(r"\p{Ll}")
# The pass trigger's branch names any letter where the rule wants lower case: a gate names only
# major categories, whose RE2 form is exact on any Unicode versions (see _gate.py).
RUN_ON_TRIGGER = rf"\p{{L}}{{2}}[ \t]+(?:{RUN_ON_STARTERS})[ \t]+\p{{L}}"
# Words before a capitalised word that make it a name, a label or a title: ``vitamin A``,
# ``the film It Follows``; and function words, after which no sentence ends.
RUN_ON_PREV_EXCLUDED = frozenset(
    """vitamin type plan class grade group hepatitis category point section part option
    version level size model tier chapter article room phase stage row column block zone area
    sector team wing called named titled entitled dubbed word words term phrase letter film
    movie book novel song album show series play poem game programme program magazine
    newspaper journal channel brand label app straight plus minus immunoglobulin
    immunoglobulins antigen antibody protein kinase factor receptor serotype strain subtype
    a an the and or but nor so yet for of in on at to by with from as into onto than then that
    this these those there here which who whom whose what when where why how it its he she
    they we i you me him her us them my your his our their is are was were be am do does did
    have has had will would can could should may might must shall not no if because while
    although though since until unless whether also even just only very about after before
    over under up down out off like per via""".split()
)
# ``A`` followed by a verb or a conjunction is a letter standing for a name (``immunoglobulins
# A are formed``, ``A and G``), not an article.
LETTER_A_AFTER_RE = regex.compile(
    r"(?:is|are|was|were|has|have|had|and|or|can|will|would|may|might|must|should|could|does|do|did)(?!\p{L})"
)


# BROKEN_RE with its lookarounds written as characters, so the pipeline's RE2 gate reads it
# exactly (a widened trigger is confirmed with a regex search at every gate hit): before the
# word, not an ASCII letter, digit, apostrophe or hyphen (implied by the lookbehind), or the
# start; after the dash, two characters that are ASCII letters or not ASCII (a superset of
# two letters, whatever the case under IGNORECASE).
TRIGGER = regex.compile(
    rf"(?i:(?:^|[^A-Za-z0-9'’\-])(?:{DANGLING}){DASH}(?:[A-Za-z]|[^\x00-\x7f]){{2}})"
    # F102 (case-sensitive): a lower-case word, blanks, a capitalised sentence starter,
    # blanks, a lower-case letter
    rf"|{RUN_ON_TRIGGER}"
)
F101_GATE = regex.compile(
    rf"(?:^|[^A-Za-z0-9'’\-])(?:{DANGLING}){DASH}(?:[A-Za-z]|[^\x00-\x7f]){{2}}", regex.IGNORECASE
)
# "so what –", "guess what –", "no matter what –": "what" ends these phrases.
IDIOM_WHAT_RE = regex.compile(r"(?:\bso|\bguess|\bknow|\bor|\bmatter|\band|\bjust|\bexactly)[ \t]+$", regex.IGNORECASE)
# Asked of every text the pass runs on: with RE2, since regex tries this pattern at every
# character.
_may_break_clause = quick_search(F101_GATE)
ANY_DASH_RE = regex.compile(DASH)
LONE_LETTER_RE = regex.compile(r"\p{L}(?!\p{L})")
SENTENCE_END_RE = regex.compile(r"[.!?\n]")


class FragmentsPass(Pass):
    name = FAMILY
    line_local = True
    rules = (BROKEN_CLAUSE_DASH, RUN_ON)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.wants(RUN_ON):
            yield from self._run_ons(doc)
        if not (doc.wants(BROKEN_CLAUSE_DASH)):
            return
        if not _may_break_clause(doc.text):
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
                BROKEN_CLAUSE_DASH,
                s,
                e,
                f"clause broken at {word!r} + dash: part of the sentence is probably missing",
            )

    def _run_ons(self, doc: Document) -> Iterator[Finding]:
        """F102: a sentence starter capitalised after a lower-case content word."""
        text = doc.text
        lines: TitleLines | None = None
        for s, prev, cap, e, end in run_on_matches(text):
            if prev in RUN_ON_PREV_EXCLUDED:
                continue
            if cap == "A" and LETTER_A_AFTER_RE.match(text, end):
                continue
            if lines is None:
                lines = TitleLines(text)
            if lines.at(s):
                continue  # a headline or title in title case
            if doc.is_protected(s, e):
                continue
            yield doc.finding(
                RUN_ON,
                s,
                e,
                f"sentence run on: {cap!r} starts a new sentence after {prev!r} with no full stop",
            )


def run_on_matches(text: str) -> Iterator[tuple[int, str, str, int, int]]:
    """(start, prev, cap, end of cap, end) of each match of F102's pattern (above), in order.

    The matches cannot overlap differently: the word before a starter is never inside the
    blanks and starter of the match before it (a starter is capitalised, so its tail is
    preceded by a letter)."""
    for m in RUN_ON_CORE_RE.finditer(text):
        end = m.end()
        if _LOWER_RE.match(text, end) is None:
            continue
        p = RUN_ON_PREV_RE.match(text, 0, m.start())
        if p is not None:
            yield p.start(), p.group(), m.group("cap"), m.end("cap"), end
