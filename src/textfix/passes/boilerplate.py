"""Web boilerplate: newsletter and registration promotions, cookie notices, share buttons.

Articles scraped for translation (and translated text pasted back into a page) carry the
page's furniture with them: ``Sign up for our newsletter``, ``This site uses cookies``,
``Share on Facebook``, ``All rights reserved``, or a paper's footer such as ``Our Morning and
Afternoon Newsletters are compiled by Globe editors, ... Register today.``  MT translates it
as if it were text.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["W"])
>>> p.fix("The talks ended late. Sign up for our daily newsletter. Register today.", unsafe=True)
'The talks ended late.'
>>> p.fix("Voters must register today if they want to vote.", unsafe=True)
'Voters must register today if they want to vote.'

The patterns (``corpora/boilerplate/patterns.tsv``) match whole sentences only; a short call
to action such as ``Register today.`` counts only next to a sentence that is boilerplate on
its own.  The fix removes whole sentences and the space before them, never part of a
sentence, and never a line break, so line counts stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from textfix.data import read_corpus_text
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "boilerplate"

BOILERPLATE = rule(
    "W101",
    "web-boilerplate",
    family=FAMILY,
    summary="Web page furniture (newsletter promotion, cookie notice, share buttons) in the text",
    why="Scraped articles carry the page's promotions and buttons, and MT translates them as text.",
    bad="The talks ended late. Sign up for our daily newsletter. Register today.",
    good="The talks ended late.",
    keep=[
        "Voters must register today if they want to vote.",
        "Register today.",
        "The company said all rights reserved by the contract were void.",
        "She told readers to click here and there on the map.",
        "The site uses cookie-cutter designs.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.WARNING,
    languages=("en",),
)

# A sentence: up to and including . ! ? … and any closing quotes, or to the end of the line.
SENTENCE_RE = regex.compile(r"[^\s][^\n.!?…]*(?:[.!?…]+[\"”’»)]*|(?=\n)|$)")


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    anchors: list[str] = []
    tails: list[str] = []
    for n, line in enumerate(read_corpus_text("boilerplate", "patterns.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or cols[0] not in ("anchor", "tail"):
            raise ValueError(f"boilerplate/patterns.tsv:{n}: expected anchor|tail<TAB>regex<TAB>note")
        try:
            regex.compile(cols[1])
        except regex.error as e:
            raise ValueError(f"boilerplate/patterns.tsv:{n}: bad pattern: {e}") from None
        (anchors if cols[0] == "anchor" else tails).append(f"(?:{cols[1]})")
    flags = regex.IGNORECASE
    return regex.compile("|".join(anchors), flags), regex.compile("|".join(tails), flags)


ANCHOR_RE, TAIL_RE = _patterns()
# Every finding contains an anchor sentence, so a text without one has nothing for the pass.
TRIGGER = ANCHOR_RE


class BoilerplatePass(Pass):
    name = FAMILY
    rules = (BOILERPLATE,)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        if not (doc.wants(BOILERPLATE) and BOILERPLATE.applies_to_lang(doc.lang)):
            return
        text = doc.text
        # Sentences in order, each tagged anchor / tail / prose; runs of anchors and tails that
        # hold at least one anchor and stay inside one line are boilerplate.
        run: list[tuple[int, int, bool]] = []
        for m in SENTENCE_RE.finditer(text):
            s, e = m.span()
            sent = m.group()
            if ANCHOR_RE.fullmatch(sent):
                kind = True
            elif TAIL_RE.fullmatch(sent):
                kind = False
            else:
                kind = None
            if run and (kind is None or "\n" in text[run[-1][1] : s]):
                yield from self._emit(doc, run)
                run = []
            if kind is not None:
                run.append((s, e, kind))
        if run:
            yield from self._emit(doc, run)

    def _emit(self, doc: Document, run: list[tuple[int, int, bool]]) -> Iterator[Finding]:
        if not any(is_anchor for _, _, is_anchor in run):
            return
        text = doc.text
        s, e = run[0][0], run[-1][1]
        if doc.is_protected(s, e):
            return
        line_start = text.rfind("\n", 0, s) + 1
        # Take the space before the run with it; at the start of a line, the space after.
        cut_s = s
        while cut_s > line_start and text[cut_s - 1] in " \t":
            cut_s -= 1
        cut_e = e
        if cut_s == line_start:
            while cut_e < len(text) and text[cut_e] in " \t":
                cut_e += 1
        yield doc.finding(
            BOILERPLATE, s, e, f"web boilerplate: {text[s:e][:60]!r}", [Edit(cut_s, cut_e, "")]
        )
