"""Consistency inside a document: one spelling per thing, chosen by the document's majority.

MT translates sentence by sentence, so a document's style drifts between the styles of its
training data: ``Mr. Xi`` in one sentence and ``Mr Xi`` in the next, ``U.S.`` beside ``US``,
``co-operation`` beside ``cooperation``, ``organise`` beside ``recognize``, ``Zelensky`` beside
``Zelenskyy``.  Each cluster of variants is counted over the whole text; every occurrence of a
minority form is reported (info) with an unsafe fix to the majority form.  A tie changes
nothing, and a form that occurs alone is never reported: the document has no majority to
follow.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["C"])
>>> [f.code for f in p.check("Mr. Xi met Mr Putin; Mr Xi spoke.")]
['C101']

The consistency rules are report only since its judged precision on WMT22 fell below its tier (docs/precision.md): on real text a file often joins articles that are each
consistent, so the repairs are suggestions only.

Never touched: ``US`` inside ``USA`` or ``US$``, ``us`` the pronoun, all-capital headlines,
an abbreviation's full stop that also ends the sentence (``in the U.S.`` becomes ``in the
US.``), ``Dr`` after a capitalized word (a street: ``Mulholland Dr.``), spellings inside
proper names (``World Health Organization``, ``Gulf Cooperation Council``), words outside the
lists, and anything inside URLs, e-mail addresses or code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from textfix._gate import RE2Set, quick_search, to_re2
from textfix.model import Document, Edit, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "consistency"

HONORIFIC_MIXED = rule(
    "C101",
    "honorific-full-stop-mixed",
    family=FAMILY,
    summary="Honorifics written both with and without a full stop",
    why="British style writes Mr, Mrs, Ms, Dr; American style Mr., Mrs., Ms., Dr.  MT picks "
    "one per sentence, so a document ends up with both.",
    bad="Mr. Xi met Mr Putin, and Mr Xi said so.",
    good="Mr Xi met Mr Putin, and Mr Xi said so.",
    keep=[
        "Mr. Xi met Mr Putin.",
        "Mr Xi met Mr Putin and Dr Li.",
        "He lives on Mulholland Dr. Mr Smith and Mr Jones agree.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
)
ABBREVIATION_MIXED = rule(
    "C102",
    "abbreviation-style-mixed",
    family=FAMILY,
    summary="U.S./US, U.K./UK or U.N./UN written both ways",
    why="News styles differ (AP: U.S.; Reuters and the BBC: US); MT mixes them within one text.",
    bad="U.S. officials and US allies met US envoys.",
    good="US officials and US allies met US envoys.",
    keep=[
        "U.S. officials and US allies met.",
        "Let us go to the USA; it costs US$5 in the US and the U.S.",
        "THE US AND THE U.S. AND THE U.S.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
)
HYPHENATION_MIXED = rule(
    "C103",
    "co-hyphenation-mixed",
    family=FAMILY,
    summary="co-operation and cooperation (co-ordinate, coordinate) in one text",
    why="British style hyphenates co-operate and co-ordinate, American style does not; MT "
    "follows whichever its training sentence did.",
    bad="Trade co-operation, military cooperation and cultural cooperation.",
    good="Trade cooperation, military cooperation and cultural cooperation.",
    keep=[
        "Trade co-operation and military cooperation.",
        "The Gulf Cooperation Council urged co-operation and co-ordination.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
)
ISE_IZE_MIXED = rule(
    "C104",
    "ise-ize-mixed",
    family=FAMILY,
    summary="-ise and -ize spellings of listed verbs in one text",
    why="MT engines trained on both British and American text switch between organise and "
    "organize from sentence to sentence.",
    bad="They organised talks, recognized the risk and criticized the plan.",
    good="They organized talks, recognized the risk and criticized the plan.",
    keep=[
        "They organised talks and recognized the risk.",
        "The World Health Organization warned; they organised, realised and criticised.",
        "They advise, revise and supervise; he realized it.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
)
NAME_SPELLING_MIXED = rule(
    "C105",
    "name-spelling-mixed",
    family=FAMILY,
    summary="Two accepted spellings of one name in one text",
    why="Agencies disagree (Zelensky, Zelenskyy, Zelenskiy; Lukashenko, Lukashenka) and MT "
    "copies whichever its training sentence had; one text should use one.",
    bad="Zelensky said, Zelensky added, and Zelenskyy left.",
    good="Zelensky said, Zelensky added, and Zelensky left.",
    keep=["Zelensky said and Zelenskyy left.", "Zelenskyy said and Zelenskyy left."],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
)

HONORIFIC_RE = regex.compile(r"(?<![\p{L}\p{N}.])(?P<h>Mr|Mrs|Ms|Dr)(?P<dot>\.)?(?=[ \t\u00a0]+\p{Lu})")
STREET_BEFORE_RE = regex.compile(r"(?r)\p{Lu}\p{Ll}+[ \t]+$")
ABBREVIATIONS = {"US": "U.S.", "UK": "U.K.", "UN": "U.N."}
ABBREV_RE = regex.compile(
    r"(?<![\p{L}\p{N}.$&])(?:(?P<dotted>U\.(?P<dl>[SKN])\.)(?![\p{L}\p{N}]|[A-Z]\.)|(?P<plain>U(?P<pl>[SKN]))(?![\p{L}\p{N}$&]))"
)
# Capitalized words that follow U.S. inside a noun phrase (U.S. President), so a following
# capital does not mean that the abbreviation's full stop ended the sentence.
ADJUNCTS = frozenset(
    """President Vice Secretary State Senate Senator Sen Congress Congressman Congresswoman House
    Representative Rep Department Army Navy Air Marine Marines Coast Space Forces Treasury Federal
    Supreme Embassy Ambassador Attorney Defense Defence Justice Open Central Capitol Census Postal
    Agency Centers National Geological Chamber Commerce Labor Olympic Envoy Consulate Dollar Prime
    Foreign Home Chancellor Parliament Security General Human Refugee Children's Atomic
    Peacekeeping Charter Reserve Fed Securities Command Strategic Customs Border Homeland
    Immigration Labour Conservative""".split()
)
# What may follow an abbreviation whose full stop also ends the sentence: closing quotes or
# brackets, then the end of the line or a capitalized word.
SENTENCE_AFTER_RE = regex.compile(r"[\"”’'»)\]]*(?:[ \t]*(?P<end>\n|$)|[ \t]+[\"“”'‘’(«]*(?P<word>\p{Lu}[\p{L}'’]*))")
CO_RE = regex.compile(
    r"(?<![\p{L}\p{N}-])(?P<co>[Cc]o)(?P<h>-?)(?P<rest>o(?:perat|rdinat)(?:e|es|ed|ing|ion|ions|ive|ively|ives|or|ors))(?![\p{L}\p{M}\p{N}_-])"
)
# Verbs whose -ise and -ize forms are both standard; words spelt only -ise (advise, revise,
# supervise, comprise, exercise, surprise, televise) are deliberately absent.
ISE_STEMS = """organi recogni reali critici apologi emphasi prioriti mobili moderni stabili normali
    legali privati authori characteri minimi maximi finali speciali sympathi utili civili globali
    militari summari categori capitali hospitali industriali nationali neutrali optimi penali
    polari publici scrutini subsidi symboli terrori visuali jeopardi memori monopoli revitali
    stigmati traumati weaponi digitali democrati""".split()
ISE_RE = regex.compile(
    r"(?<![\p{L}\p{N}-])(?P<stem>(?i:" + "|".join(ISE_STEMS) + r"))(?P<sz>[sSzZ])"
    r"(?P<suf>(?i:e|es|ed|ing|ation|ations|er|ers|able))(?![\p{L}\p{M}\p{N}_])"
)
LOWER_RE = regex.compile(r"\p{Ll}")
WORD_BEFORE_RE = regex.compile(r"(?r)(\S+)[ \t]+$")
WORDS_AFTER_RE = regex.compile(r"[ \t]+(\S+)(?:[ \t]+(\S+))?")
# Words that may join two capitalized words of one proper name.
NAME_GLUE = frozenset("of for and the in on de".split())


def _trigger() -> regex.Pattern[str]:
    """Every rule needs two forms of one of its clusters (a tie or a lone form has no
    majority), so the trigger asks for the form of each cluster that news text writes least:
    an honorific with no full stop, a dotted U.S./U.K./U.N., a hyphenated co-, an -ise
    spelling, a listed name spelling other than the gazetteer's canonical one.  A text that
    uses one style throughout (nearly every text with one of these words) is skipped.  No
    lookaround or \\b, so the pipeline's RE2 gate translates it exactly and decides alone.
    (Asking for both forms of one cluster, with ``.*`` between, would skip more texts, but
    made the gate's lazy DFA build states for every combination of forms seen so far: the
    gate cost twice as much on unseen text.)"""
    stems = "|".join(ISE_STEMS)
    others = [f for canonical, forms in _name_clusters() for f in forms if f != canonical]
    names = "|".join(regex.escape(f) for f in sorted(others, key=len, reverse=True))
    return regex.compile(
        # HONORIFIC_RE without its full stop; ABBREV_RE's "dotted"; CO_RE with its hyphen.
        rf"(?:Mr|Mrs|Ms|Dr)[ \t\u00a0]|U\.[SKN]\.|[Cc]o-o(?:perat|rdinat)"
        # ISE_RE's stem and an s; a name spelling, which the name pattern needs whole.
        rf"|(?i:{stems})[sS]|{names}"
    )


@dataclass(frozen=True)
class Occurrence:
    start: int  # span reported
    end: int
    form: str  # the cluster member this occurrence uses
    edits: Callable[[str], tuple[Edit, ...]]  # edits that turn it into another form
    stem: str = ""


def _majority(occ: list[Occurrence]) -> str | None:
    counts = Counter(o.form for o in occ)
    if len(counts) < 2:
        return None
    (top, n1), (_, n2) = counts.most_common(2)
    return top if n1 > n2 else None


def _headline(text: str, s: int, e: int) -> bool:
    """No lower-case letter near the span: an all-capital headline, where style does not count."""
    window = text[max(0, s - 30) : e + 30]
    return not LOWER_RE.search(window)


def _in_proper_name(text: str, s: int, e: int) -> bool:
    """A capitalized word inside a run of capitalized words (Gulf Cooperation Council)."""
    if not text[s : s + 1].isupper():
        return False
    before = WORD_BEFORE_RE.search(text, max(0, s - 40), s)
    after = WORDS_AFTER_RE.match(text[e : e + 60])
    sentence_start = before is None or before.group(1)[-1:] in ".!?:;\"“”'‘’"
    if not sentence_start:
        return True  # capitalized mid-sentence: part of a name or a title
    if after:
        nxt = after.group(1)
        if nxt[:1].isupper():
            return True
        if nxt in NAME_GLUE and after.group(2) and after.group(2)[:1].isupper():
            return True
    return False


class ConsistencyPass(Pass):
    name = FAMILY
    rules = (HONORIFIC_MIXED, ABBREVIATION_MIXED, HYPHENATION_MIXED, ISE_IZE_MIXED, NAME_SPELLING_MIXED)

    @property
    def trigger(self) -> regex.Pattern[str]:
        return consistency_trigger()

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        # Each rule needs both forms of a cluster; one scan says which forms the text has.
        forms = _forms_in(text)

        def both(a: str, b: str) -> bool:
            return forms is None or (a in forms and b in forms)

        if doc.wants(HONORIFIC_MIXED) and both("Mr.", "Mr"):
            yield from self._report(doc, HONORIFIC_MIXED, self._honorifics(doc), "honorific")
        if doc.wants(ABBREVIATION_MIXED) and (both("U.S.", "US") or both("U.K.", "UK") or both("U.N.", "UN")):
            by_letter: dict[str, list[Occurrence]] = {}
            for o in self._abbreviations(doc):
                by_letter.setdefault(o.form.replace(".", ""), []).append(o)
            for occ in by_letter.values():
                yield from self._report(doc, ABBREVIATION_MIXED, occ, "abbreviation")
        if doc.wants(HYPHENATION_MIXED) and (both("co-op", "coop") or both("co-or", "coor")):
            # co-operate and co-ordinate are separate choices in some house styles.
            occ = self._co_words(doc)
            for stem in ("op", "or"):
                yield from self._report(doc, HYPHENATION_MIXED, [o for o in occ if o.stem == stem], "co")
        if doc.wants(ISE_IZE_MIXED) and both("-ise", "-ize"):
            yield from self._report(doc, ISE_IZE_MIXED, self._ise_words(doc), "ise")
        if doc.wants(NAME_SPELLING_MIXED) and (forms is None or "name" in forms) and any(c.isupper() for c in text):
            yield from self._names(doc)

    @staticmethod
    def _report(doc: Document, r, occ: list[Occurrence], what: str) -> Iterator[Finding]:
        major = _majority(occ)
        if major is None:
            return
        n = sum(o.form == major for o in occ)
        for o in occ:
            if o.form == major:
                continue
            shown = doc.text[o.start : o.end]
            if what == "honorific":
                style = "with a full stop" if major == "dotted" else "without a full stop"
                msg = f"{shown!r}: this text mostly writes honorifics {style} ({n}x)"
            elif what == "co":
                msg = f"{shown!r}: this text mostly writes {'co-' if major == 'co-' else 'co'}-words {'with' if major == 'co-' else 'without'} a hyphen ({n}x)"
            elif what == "ise":
                msg = f"{shown!r}: this text mostly uses -i{major}e spellings ({n}x)"
            else:
                msg = f"{shown!r}: this text mostly writes {major!r} ({n}x)"
            yield doc.finding(r, o.start, o.end, msg, o.edits(major))

    @staticmethod
    def _honorifics(doc: Document) -> list[Occurrence]:
        text = doc.text
        out = []
        for m in HONORIFIC_RE.finditer(text):
            s, e = m.span()
            if doc.is_protected(s, e) or _headline(text, s, e):
                continue
            if m.group("h") == "Dr" and STREET_BEFORE_RE.search(text, max(0, s - 30), s):
                continue  # Mulholland Dr.: a street
            end_h = m.end("h")

            def edits(major: str, end_h: int = end_h, dotted: bool = bool(m.group("dot"))) -> tuple[Edit, ...]:
                if major == "dotted" and not dotted:
                    return (Edit(end_h, end_h, "."),)
                if major == "plain" and dotted:
                    return (Edit(end_h, end_h + 1, ""),)
                return ()

            out.append(Occurrence(s, e, "dotted" if m.group("dot") else "plain", edits))
        return out

    @staticmethod
    def _abbreviations(doc: Document) -> list[Occurrence]:
        text = doc.text
        out = []
        for m in ABBREV_RE.finditer(text):
            s, e = m.span()
            if doc.is_protected(s, e) or _headline(text, s, e):
                continue
            if m.group("dotted"):
                plain = "U" + m.group("dl")
                dotted = m.group("dotted")
                # Does the abbreviation's full stop also end the sentence?  Then the plain form
                # keeps a full stop.
                after = SENTENCE_AFTER_RE.match(text, e)
                ends = bool(after) and (after.group("end") is not None or after.group("word") not in ADJUNCTS)
                repl = plain + "." if ends else plain

                def edits(_major: str, s: int = s, e: int = e, repl: str = repl) -> tuple[Edit, ...]:
                    return (Edit(s, e, repl),)

                out.append(Occurrence(s, e, dotted, edits))
            else:
                plain = m.group("plain")
                dotted = ABBREVIATIONS[plain]
                # "in the US." keeps its full stop as the abbreviation's last one.
                repl = dotted[:-1] if text[e : e + 1] == "." else dotted

                def edits(_major: str, s: int = s, e: int = e, repl: str = repl) -> tuple[Edit, ...]:
                    return (Edit(s, e, repl),)

                out.append(Occurrence(s, e, plain, edits))
        return out

    @staticmethod
    def _co_words(doc: Document) -> list[Occurrence]:
        text = doc.text
        out = []
        for m in CO_RE.finditer(text):
            s, e = m.span()
            if doc.is_protected(s, e) or _in_proper_name(text, s, e):
                continue
            hyph = m.end("co")

            def edits(major: str, hyph: int = hyph, has: bool = bool(m.group("h"))) -> tuple[Edit, ...]:
                if major == "co-" and not has:
                    return (Edit(hyph, hyph, "-"),)
                if major == "co" and has:
                    return (Edit(hyph, hyph + 1, ""),)
                return ()

            out.append(Occurrence(s, e, "co-" if m.group("h") else "co", edits, m.group("rest")[:2]))
        return out

    @staticmethod
    def _ise_words(doc: Document) -> list[Occurrence]:
        text = doc.text
        out: list[Occurrence] = []
        if not _has_ise_stem(text):
            return out
        for m in _ise_matches(text):
            s, e = m.span()
            if doc.is_protected(s, e) or _in_proper_name(text, s, e) or _headline(text, s, e):
                continue
            i = m.start("sz")
            letter = m.group("sz")

            def edits(major: str, i: int = i, letter: str = letter) -> tuple[Edit, ...]:
                new = major if letter.islower() else major.upper()
                return (Edit(i, i + 1, new),) if new != letter else ()

            out.append(Occurrence(s, e, letter.lower(), edits))
        return out

    @staticmethod
    def _names(doc: Document) -> Iterator[Finding]:
        pattern, cluster_of = name_clusters()
        groups: dict[int, list[Occurrence]] = {}
        for m in pattern.finditer(doc.text):
            s, e = m.span()
            if doc.is_protected(s, e):
                continue

            def edits(major: str, s: int = s, e: int = e) -> tuple[Edit, ...]:
                return (Edit(s, e, major),)

            groups.setdefault(cluster_of[m.group()], []).append(Occurrence(s, e, m.group(), edits))
        for occ in groups.values():
            yield from ConsistencyPass._report(doc, NAME_SPELLING_MIXED, occ, "spelling")


@lru_cache(maxsize=1)
def name_clusters() -> tuple[regex.Pattern[str], dict[str, int]]:
    """One-word spellings of one name that are all accepted in English (Zelensky, Zelenskyy,
    Zelenskiy), from the entities gazetteer: a one-word accepted form and the last word of the
    canonical name, when they resemble each other, form a cluster."""
    clusters = [forms for _, forms in _name_clusters()]
    cluster_of = {form: i for i, c in enumerate(clusters) for form in c}
    pattern = regex.compile(r"(?<![\p{L}\p{M}\p{N}_])\L<forms>(?![\p{L}\p{M}\p{N}_])", forms=list(cluster_of))
    return pattern, cluster_of


@lru_cache(maxsize=1)
def _name_clusters() -> tuple[tuple[str, frozenset[str]], ...]:
    """(the canonical name's word, every accepted spelling of it with that word) per cluster."""
    from rapidfuzz import fuzz

    from textfix.gazetteer import closest_token, fold, people_rows, places_rows, split_list

    clusters: list[tuple[str, frozenset[str]]] = []
    for row in (*people_rows(), *places_rows()):
        tokens = row["canonical"].split()
        by_token: dict[str, set[str]] = {}
        for a in split_list(row["accepted"]):
            if " " in a:
                continue
            t = closest_token(a, tokens)
            # Only spellings of the surname (the last word of a place: the name itself); a
            # nickname (Jokowi, for Joko Widodo) is not a spelling.
            if t == tokens[-1] and fuzz.ratio(fold(a), fold(t)) >= 70:
                by_token.setdefault(t, {t}).add(a)
        clusters.extend((t, frozenset(forms)) for t, forms in by_token.items())
    return tuple(clusters)


# A stem and its s or z: what every ISE_RE match contains.  ISE_RE, tried at every position
# with its lookbehind and case-insensitive alternation, is costly in ``regex``; RE2 answers
# this necessary condition for a fraction of that, so ISE_RE runs only on texts that have one
# (figures: benchmarks/results/prefilters.md).
ISE_HINT = regex.compile(r"(?i:" + "|".join(ISE_STEMS) + r")[sSzZ]")


@lru_cache(maxsize=1)
def _ise_stem_search() -> Callable[[str], bool]:
    return quick_search(ISE_HINT)


def _has_ise_stem(text: str) -> bool:
    return _ise_stem_search()(text)


def _ise_matches(text: str) -> Iterator[regex.Match[str]]:
    """``ISE_RE.finditer(text)``, run only on the lines with a stem: on a long document the
    pattern's word-start test at every position costs more than asking RE2 line by line.
    A match never spans lines, and pos/endpos leave its lookarounds the same answers."""
    if "\n" not in text:
        yield from ISE_RE.finditer(text)
        return
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if _has_ise_stem(line):
            yield from ISE_RE.finditer(text, start, end)
        start = end + 1


# Forms whose presence each rule needs (every match of its pattern contains one), by name.
# A rule runs only when the text has two forms of one cluster (a spelling other than the
# canonical one, for names): otherwise there is no majority to report against.
FORM_HINTS = {
    "Mr.": r"(?:Mr|Mrs|Ms|Dr)\.[ \t\u00a0]",
    "Mr": r"(?:Mr|Mrs|Ms|Dr)[ \t\u00a0]",
    **{f"U.{c}.": rf"U\.{c}\." for c in "SKN"},
    **{f"U{c}": rf"U{c}" for c in "SKN"},
    "co-op": r"[Cc]o-operat",
    "coop": r"[Cc]ooperat",
    "co-or": r"[Cc]o-ordinat",
    "coor": r"[Cc]oordinat",
    "-ise": r"(?i:" + "|".join(ISE_STEMS) + r")[sS]",
    "-ize": r"(?i:" + "|".join(ISE_STEMS) + r")[zZ]",
}


@lru_cache(maxsize=1)
def _form_set() -> tuple[RE2Set, tuple[str, ...]] | None:
    """An RE2 set of the form hints (and the other name spellings), with the hints' names;
    None when a hint has no exact RE2 form."""
    others = [f for canonical, forms in _name_clusters() for f in forms if f != canonical]
    hints = {**FORM_HINTS, "name": "|".join(regex.escape(f) for f in sorted(others))}
    translated = [to_re2(regex.compile(pattern), exact=True) for pattern in hints.values()]
    if any(pattern is None for pattern in translated):
        return None
    return RE2Set([p for p in translated if p is not None]), tuple(hints)


def _forms_in(text: str) -> frozenset[str] | None:
    """The names of the form hints found in ``text``; None when unknown (then every rule runs)."""
    fast = _form_set()
    if fast is None:
        return None
    forms, names = fast
    found = forms.hits(text)
    if found is None:
        return None
    return frozenset(names[i] for i in found)


@lru_cache(maxsize=1)
def consistency_trigger() -> regex.Pattern[str]:
    return _trigger()


__all__ = [
    "ABBREVIATION_MIXED",
    "HONORIFIC_MIXED",
    "HYPHENATION_MIXED",
    "ISE_IZE_MIXED",
    "NAME_SPELLING_MIXED",
    "ConsistencyPass",
    "name_clusters",
]
