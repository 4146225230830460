"""Calques and a user term base: word-for-word renderings that English news does not use.

MT translates a phrase's parts instead of the phrase: German *Telefonat* between two leaders
becomes ``in a telephone interview``, a Kremlin *readout* becomes ``a reading of the call``,
*Milliarde* stays ``milliard``, *seit drei Jahren* becomes ``since three years``.  Each
built-in entry (``corpora/calques/calques.tsv``) carries a context pattern that must be near
and an ``unless`` pattern that must not be in the sentence, so that it fires only where the
phrase is wrong.

A user term base (``[tool.textfix.calques] termbase = "terms.tsv"``; CSV or TSV with columns
wrong form, right form, optional context regex, optional note) adds an organisation's own
glossary: each wrong form found is a finding with an unsafe fix to the right form.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["T"])
>>> p.fix("Putin spoke with Xi. Xi said in a telephone interview that ties were strong.", unsafe=True)
'Putin spoke with Xi. Xi said in a telephone call that ties were strong.'
>>> p.fix("He told the newspaper in a telephone interview that he was tired.", unsafe=True)
'He told the newspaper in a telephone interview that he was tired.'

Never touched: a real interview with a newspaper, broadcaster or journalist; a reading of a
bill in parliament; any text inside URLs, e-mail addresses or inline code.  Every fix is
unsafe: the right form depends on meaning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from textfix.data import read_corpus_text
from textfix.errors import ConfigError
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.options import Option
from textfix.rules import Rule, rule

FAMILY = "calques"

CALQUE = rule(
    "T101",
    "calque",
    family=FAMILY,
    summary="Word-for-word rendering that English news does not use",
    why="MT renders a source phrase word for word (German 'Telefonat' between leaders -> "
    "'telephone interview', a Kremlin readout -> 'reading of the call', 'Milliarde' -> "
    "'milliard').  Each entry of corpora/calques/calques.tsv fires only in its context.",
    bad="Biden spoke with his counterpart. Xi said in a telephone interview that talks went well, "
    "according to a reading of the call released by state media.",
    good="Biden spoke with his counterpart. Xi said in a telephone call that talks went well, "
    "according to a readout of the call released by state media.",
    keep=[
        "He told the newspaper in a telephone interview that he was tired.",
        "The bill passed its second reading in parliament.",
        "a close reading of the bill",
        "The solar corona crisis is a metaphor.",
        "She has lived there since 2015.",
        "It has been two years since the war began.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.WARNING,
    languages=("en",),
)
TERMBASE_TERM = rule(
    "T102",
    "termbase-term",
    family=FAMILY,
    summary="A form the user's term base marks as wrong",
    why="An organisation's glossary fixes how names and terms are rendered; MT does not know it. "
    'Configure it with [tool.textfix.calques] termbase = "terms.tsv".',
    bad="The Verkhovna Rada met.",
    good="The Ukrainian parliament met.",
    keep=["The Ukrainian parliament met."],
    fix=Applicability.UNSAFE,
    severity=Severity.WARNING,
    # The examples need a configured term base; tests/test_calques.py runs them with one.
    extra={"needs_context": True},
)

SENTENCE_END_RE = regex.compile(r"[.!?][\"”’»)\]]*\s+|\n")
# How far back the context of an entry may be: the sentence and the one before it.
CONTEXT_CHARS = 600


@dataclass(frozen=True)
class Entry:
    pattern: regex.Pattern[str]
    keyword: str  # literal text every match contains: what the cheap gate looks for
    replacement: str
    context: regex.Pattern[str] | None
    unless: regex.Pattern[str] | None
    note: str
    literal: bool  # a term-base entry: the replacement is plain text, not a template


def _compile(src: str, where: str) -> regex.Pattern[str]:
    try:
        return regex.compile(src)
    except regex.error as e:
        raise ConfigError(f"{where}: bad pattern {src!r}: {e}") from None


@lru_cache(maxsize=1)
def builtin_entries() -> tuple[Entry, ...]:
    out = []
    for n, line in enumerate(read_corpus_text("calques", "calques.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise ValueError(f"calques/calques.tsv:{n}: expected 6 tab-separated columns, got {len(cols)}")
        pat, keyword, rep, ctx, unless, note = cols
        where = f"calques/calques.tsv:{n}"
        if not keyword:
            raise ValueError(f"{where}: empty keyword")
        out.append(
            Entry(
                _compile(pat, where),
                keyword,
                rep,
                _compile(ctx, where) if ctx else None,
                _compile(unless, where) if unless else None,
                note,
                literal=False,
            )
        )
    return tuple(out)


def _literal_pattern(wrong: str) -> str:
    """A whole-word pattern for a term; a lower-case initial also matches capitalised."""
    body = regex.escape(wrong[1:])
    first = wrong[0]
    head = f"[{regex.escape(first)}{regex.escape(first.upper())}]" if first.islower() else regex.escape(first)
    return rf"(?<![\p{{L}}\p{{N}}_]){head}{body}(?![\p{{L}}\p{{N}}_])"


def load_termbase(path: str) -> tuple[Entry, ...]:
    """Read a CSV (comma) or TSV (tab) term base: wrong, right[, context regex[, note]].

    ``#`` lines are comments; a first row whose first cell is ``wrong`` is a header.
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    delim = "\t" if p.suffix.lower() in (".tsv", ".tab", ".txt") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delim)
    out = []
    for n, row in enumerate(rows, 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if n == 1 and row[0].strip().lower() in ("wrong", "source", "term"):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ConfigError(f"{path}:{n}: expected at least a wrong form and a right form, got {row!r}")
        wrong, right = row[0].strip(), row[1].strip()
        ctx = row[2].strip() if len(row) > 2 else ""
        note = row[3].strip() if len(row) > 3 else ""
        where = f"{path}:{n}"
        # The first letter of a lower-case term may be capitalised; the rest is literal.
        keyword = wrong[1:] if len(wrong) > 1 and wrong[0].islower() else wrong
        out.append(
            Entry(
                _compile(_literal_pattern(wrong), where),
                keyword,
                right,
                _compile(ctx, where) if ctx else None,
                None,
                note,
                literal=True,
            )
        )
    return tuple(out)


def _gate(entries: tuple[Entry, ...]) -> regex.Pattern[str]:
    """One cheap scan for all entries: the alternation of their literal keywords.

    Every finding's matched text contains its entry's keyword (checked before yielding), so
    a text this misses has nothing for the pass.
    """
    words = sorted({e.keyword for e in entries}, key=lambda w: (-len(w), w))
    return regex.compile("|".join(regex.escape(w) for w in words))


BUILTIN_GATE = _gate(builtin_entries())


class CalquesPass(Pass):
    name = FAMILY
    line_local = True
    rules = (CALQUE, TERMBASE_TERM)
    trigger = BUILTIN_GATE
    option_specs = (
        Option(
            "termbase",
            Path,
            None,
            "a CSV/TSV term base: wrong form, right form, optional context pattern, optional note",
        ),
    )

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        # Read once, here: a pass checks many texts (and pickles with the terms it read).
        self._terms: tuple[Entry, ...] = self._read_termbase()
        if self._terms:
            # With a term base the built-in gate would hide its terms: gate on both.
            self.trigger = _gate(builtin_entries() + self._terms)  # type: ignore[misc]  # per-instance gate

    def _read_termbase(self) -> tuple[Entry, ...]:
        path = self.option("termbase")
        if not path:
            return ()
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"calques: term base {path!r} not found")
        return load_termbase(str(p))

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        jobs: list[tuple[Entry, Rule]] = []
        if doc.wants(CALQUE):
            jobs.extend((e, CALQUE) for e in builtin_entries())
        if doc.wants(TERMBASE_TERM):
            jobs.extend((e, TERMBASE_TERM) for e in self._terms)
        for entry, r in jobs:
            if entry.keyword not in text:
                continue
            for em in entry.pattern.finditer(text):
                if entry.keyword not in em.group():
                    continue  # keeps the gate honest: a finding always holds its keyword
                if doc.is_protected(em.start(), em.end()) or not self._in_context(text, em, entry):
                    continue
                new = entry.replacement if entry.literal else em.expand(entry.replacement)
                if entry.literal and em.group()[0].isupper() and new[:1].islower():
                    new = new[0].upper() + new[1:]
                if new == em.group():
                    continue
                msg = f"{em.group()!r} -> {new!r}" + (f": {entry.note}" if entry.note else "")
                yield doc.finding(r, em.start(), em.end(), msg, [Edit(em.start(), em.end(), new)])

    @staticmethod
    def _in_context(text: str, em: regex.Match[str], entry: Entry) -> bool:
        # The sentence: from the last sentence end before the match to the next one after,
        # inside the line and never further than CONTEXT_CHARS either way (so a huge line
        # costs each match a bounded look, not a scan to the line's ends).
        lo_bound = max(0, em.start() - CONTEXT_CHARS)
        nl = text.rfind("\n", lo_bound, em.start())
        lo = nl + 1 if nl >= 0 else lo_bound
        hi_bound = min(len(text), em.end() + CONTEXT_CHARS)
        nl = text.find("\n", em.end(), hi_bound)
        hi = nl if nl >= 0 else hi_bound
        ends = [m.end() for m in SENTENCE_END_RE.finditer(text, lo, em.start())]
        sent_start = ends[-1] if ends else lo
        prev_start = ends[-2] if len(ends) > 1 else lo
        nxt = SENTENCE_END_RE.search(text, em.end(), hi)
        sent_end = nxt.start() + 1 if nxt else hi
        if entry.unless is not None and entry.unless.search(text, sent_start, sent_end):
            return False
        if entry.context is not None:
            return entry.context.search(text, prev_start, sent_end) is not None
        return True
