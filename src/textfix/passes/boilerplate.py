"""Web boilerplate: newsletter and registration promotions, cookie notices, share buttons.

Articles scraped for translation (and translated text pasted back into a page) carry the
page's furniture with them: ``Sign up for our newsletter``, ``This site uses cookies``,
``Share on Facebook``, ``All rights reserved``, or a paper's footer such as ``Our Morning and
Afternoon Newsletters are compiled by Globe editors, ... Register today.``  MT translates it
as if it were text.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["W"])
>>> [f.code for f in p.check("The talks ended late. Sign up for our daily newsletter. Register today.")]
['W101']

W101 is report only since its judged precision on WMT22 fell below its tier (docs/precision.md): as a translation the sentence is in the source, so it is flagged, not deleted.
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

from textfix._gate import quick_search
from textfix.data import read_corpus_text
from textfix.model import Document, Edit, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "boilerplate"

BOILERPLATE = rule(
    "W101",
    "web-boilerplate",
    family=FAMILY,
    summary="Web page furniture (newsletter promotion, cookie notice, share buttons) in the text",
    why="Scraped articles carry the page's promotions and buttons, and MT translates them as text. "
    "A line that held only boilerplate is left empty, not removed: no textfix fix changes a text's "
    "line count, so the output still lines up with its source and with the input line by line.",
    bad="The talks ended late. Sign up for our daily newsletter. Register today.",
    good="The talks ended late.",
    keep=[
        "Voters must register today if they want to vote.",
        "Register today.",
        "The company said all rights reserved by the contract were void.",
        "She told readers to click here and there on the map.",
        "The site uses cookie-cutter designs.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.WARNING,
    languages=("en",),
)

# A sentence: up to and including . ! ? … and any closing quotes, or to the end of the line.
SENTENCE_RE = regex.compile(r"[^\s][^\n.!?…]*(?:[.!?…]+[\"”’»)]*|(?=\n)|$)")


def _keywords_pattern(words: list[str], *, for_gate: bool = False) -> regex.Pattern[str]:
    """The words in lower case with either case of the first letter, or in capitals.

    Built for speed with the regex module: one ``\\b`` in front of the whole alternation and
    a class for the first letter only scan several times faster than IGNORECASE or a class
    per letter.  A keyword in odd mixed case ("sHaRe") is simply not boilerplate.

    ``for_gate``: the pass's trigger, for the pipeline's RE2 gate, whose ``\\b`` is ASCII-only
    (the gate would drop it and confirm every hit with a ``regex`` search).  The ``\\b`` before
    a word that begins with a word character means "not after a word character"; "not after
    an ASCII letter, digit or _, or at the start" is implied by it and RE2 reads it exactly.
    """
    worded: list[str] = []
    other: list[str] = []
    for w in sorted({w.lower() for w in words}, key=lambda w: (-len(w), w)):
        head = w[0]
        first = f"[{regex.escape(head)}{regex.escape(head.upper())}]" if head != head.upper() else regex.escape(head)
        forms = [first + regex.escape(w[1:])]
        if w.upper() != w:
            forms.append(regex.escape(w.upper()))
        # A head that is alphanumeric but not ASCII might fall outside regex's \w, where \b
        # means something else: the gate then asks for the word alone (wider).
        (worded if head.isalnum() and (head.isascii() or not for_gate) else other).extend(forms)
    boundary = r"(?:^|[^A-Za-z0-9_])" if for_gate else r"\b"
    parts = [boundary + "(?:" + "|".join(worded) + ")"] if worded else []
    return regex.compile("|".join(parts + other))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[tuple[regex.Pattern[str], regex.Pattern[str]], ...], regex.Pattern[str], list[str]]:
    """(keyword gate, whole-sentence pattern) per anchor; all tails as one pattern; every
    anchor's keywords."""
    anchors: list[tuple[regex.Pattern[str], regex.Pattern[str]]] = []
    tails: list[str] = []
    keywords: set[str] = set()
    for n, line in enumerate(read_corpus_text("boilerplate", "patterns.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or cols[0] not in ("anchor", "tail"):
            raise ValueError(f"boilerplate/patterns.tsv:{n}: expected anchor|tail<TAB>keywords<TAB>regex<TAB>note")
        try:
            pat = regex.compile(cols[2], regex.IGNORECASE)
        except regex.error as e:
            raise ValueError(f"boilerplate/patterns.tsv:{n}: bad pattern: {e}") from None
        if cols[0] == "tail":
            tails.append(f"(?:{cols[2]})")
            continue
        words = [w for w in cols[1].split("|") if w]
        if not words:
            raise ValueError(f"boilerplate/patterns.tsv:{n}: an anchor needs keywords")
        keywords.update(words)
        anchors.append((_keywords_pattern(words), pat))
    return tuple(anchors), regex.compile("|".join(tails), regex.IGNORECASE), sorted(keywords)


ANCHORS, TAIL_RE, KEYWORDS = _patterns()
# Every anchor's whole-sentence pattern as one alternation: it fullmatches a sentence exactly
# when one of them does (fullmatch backtracks into each alternative), so one call rules out
# nearly every sentence where a call per anchor cost tens.  Only when no pattern holds a
# numbered group or an inline flag, which joining them could change (a pattern added to the
# corpus file with one makes it None: each anchor is then tried alone, as before).
_JOINABLE = all(pat.groups == 0 and not regex.search(r"\(\?[^:]", pat.pattern) for _, pat in ANCHORS)
ANY_ANCHOR_RE = (
    regex.compile("|".join(f"(?:{pat.pattern})" for _, pat in ANCHORS), regex.IGNORECASE) if _JOINABLE else None
)
KEYWORDS_RE = _keywords_pattern(KEYWORDS)
# KEYWORDS_RE as the RE2 gate reads it exactly (see _keywords_pattern).
TRIGGER = _keywords_pattern(KEYWORDS, for_gate=True)
# TRIGGER with RE2 (when it can): a sentence it misses has no keyword, at a microsecond
# where KEYWORDS_RE's \b and alternation cost ten.
_may_have_keyword = quick_search(TRIGGER)


def _is_anchor(sentence: str) -> bool:
    # The keyword test is part of the definition: a sentence without its anchor's keyword is
    # not that anchor, which keeps the gate (TRIGGER) honest.  Any anchor's keyword is one of
    # KEYWORDS_RE's, so one search of that rules out most sentences; then each anchor's
    # fullmatch, which fails on the sentence's first word, is cheaper to try first than its
    # keyword search.  All anchors' fullmatch at once (ANY_ANCHOR_RE) is cheaper still than
    # KEYWORDS_RE's \b and alternation, so it goes first.
    if not _may_have_keyword(sentence):
        return False
    if ANY_ANCHOR_RE is not None and ANY_ANCHOR_RE.fullmatch(sentence) is None:
        return False
    if KEYWORDS_RE.search(sentence) is None:
        return False
    return any(pat.fullmatch(sentence) and kw.search(sentence) for kw, pat in ANCHORS)


class BoilerplatePass(Pass):
    name = FAMILY
    line_local = True
    rules = (BOILERPLATE,)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        if not (doc.wants(BOILERPLATE)):
            return
        text = doc.text
        # Sentences in order, each tagged anchor / tail / prose; runs of anchors and tails that
        # hold at least one anchor and stay inside one line are boilerplate.
        run: list[tuple[int, int, bool]] = []
        for m in SENTENCE_RE.finditer(text):
            s, e = m.span()
            sent = m.group()
            if _is_anchor(sent):
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
        # Take the space before the run with it; at the start of a line, the space after.
        cut_s = s
        while cut_s > 0 and text[cut_s - 1] in " \t":
            cut_s -= 1
        cut_e = e
        if cut_s == 0 or text[cut_s - 1] == "\n":
            while cut_e < len(text) and text[cut_e] in " \t":
                cut_e += 1
        yield doc.finding(BOILERPLATE, s, e, f"web boilerplate: {text[s:e][:60]!r}", [Edit(cut_s, cut_e, "")])
