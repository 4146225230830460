"""Source-aware checks: what the translation lost, added or left untranslated.

With the source segment at hand (``context={"source": ...}``, ``source=`` in the API,
``textfix check --source SRC TGT`` on the command line) more can be checked than in the
target alone: a number of the source that is gone, a URL or e-mail address or placeholder
lost or changed, a target left empty or identical to the source, a sentence copied over
untranslated, quotation marks or brackets that the source pairs and the target does not.
Engines drop numbers and placeholders when a segment is long or the number is written in an
unusual format, and pass a segment through unchanged when they mistake its language; the
localization QA tools (Xbench, CheckMate, pofilter) check the same things.

>>> from textfix import check
>>> [f.message for f in check("It costs 500 euros.", source="Es kostet 5.000 Euro.", select=["X"])]
['number 5.000 of the source is missing']
>>> check("It costs 5,000 euros.", source="Es kostet 5.000 Euro.", select=["X"])
[]

Every finding here is a report: no fix is proposed, because what was lost can only be put
back by someone who reads both languages.  Without a source the pass does nothing.
Numbers are compared by their digits, whatever the grouping and decimal marks (``5.000``,
``5,000``, ``5 000``, ``5000``) and the digit script (``٥``, ``５``); a number the target
writes as an English word (``fifteen``), a 24-hour time given as 12-hour, and small numbers
(up to 12, usually months or counts written out) are not reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from textfix.languages import language_base
from textfix.model import Document, Finding, Pass
from textfix.options import Option, patterns_compile
from textfix.placeholders import SPLIT_HASH_GLUED_RE, SPLIT_HASH_RE, placeholder_counts, repair_hash_placeholder
from textfix.rules import rule

FAMILY = "bilingual"
CTX = {"needs_context": True}

MISSING_NUMBER = rule(
    "X101",
    "source-number-missing",
    family=FAMILY,
    summary="Number of the source missing from the translation",
    why="Engines drop or garble numbers in long segments and in unfamiliar formats; a lost "
    "figure changes the meaning without making the sentence ungrammatical.",
    bad="It costs 500 euros.  [source: Es kostet 5.000 Euro.]",
    good="It costs 5,000 euros.",
    keep=["It costs 5000 euros.  [source: Es kostet 5 000 Euro.]", "Fifteen came.  [source: Přišlo 15.]"],
    fix=None,
    extra=CTX,
)
MISSING_URL = rule(
    "X102",
    "source-url-missing",
    family=FAMILY,
    summary="URL or e-mail address of the source missing from the translation",
    why="Addresses must be copied verbatim; engines translate or truncate their parts.",
    bad="Write to info at example dot org.  [source: Schreiben Sie an info@example.org.]",
    good="Write to info@example.org.",
    keep=["See https://example.org/a.  [source: Siehe https://example.org/a.]"],
    fix=None,
    extra=CTX,
)
PLACEHOLDER_MISMATCH = rule(
    "X103",
    "placeholder-mismatch",
    family=FAMILY,
    summary="Placeholder or tag missing, added or changed in the translation",
    why="Placeholders and tags are filled in or rendered after translation; a lost or altered "
    "one breaks the software string or the anonymised record.",
    bad="Hello {nom}!  [source: Hallo {name}!]",
    good="Hello {name}!",
    keep=["#PRS_ORG# is open.  [source: #PRS_ORG# hat geöffnet.]"],
    fix=None,
    extra=CTX,
)
EMPTY_TRANSLATION = rule(
    "X104",
    "empty-translation",
    family=FAMILY,
    summary="Translation empty where the source is not",
    why="Engines output nothing for segments they fail on (too long, unknown script).",
    bad="  [source: Guten Morgen.]",
    good="Good morning.",
    keep=["Good morning.  [source: Guten Morgen.]"],
    fix=None,
    extra=CTX,
)
SAME_AS_SOURCE = rule(
    "X105",
    "translation-same-as-source",
    family=FAMILY,
    summary="Translation identical to the source",
    why="An engine that misidentifies the source language passes the segment through.",
    bad="Dnes je hezký den a jdeme ven.  [source: Dnes je hezký den a jdeme ven.]",
    good="It is a nice day today and we are going out.",
    keep=["iPhone 13 Pro Max  [source: iPhone 13 Pro Max]", "Tesla Model Y  [source: Tesla Model Y]"],
    fix=None,
    extra=CTX,
)
UNTRANSLATED_SENTENCE = rule(
    "X106",
    "untranslated-sentence",
    family=FAMILY,
    summary="Sentence of the source copied into the translation",
    why="In multi-sentence segments an engine sometimes translates one sentence and copies the next verbatim.",
    bad="We went home. Pak jsme šli spát do postele.  [source: Šli jsme domů. Pak jsme šli spát do postele.]",
    good="We went home. Then we went to bed.",
    keep=['The film "Der Untergang" won.  [source: Der Film „Der Untergang“ gewann.]'],
    fix=None,
    extra=CTX,
)
PAIRING_MISMATCH = rule(
    "X107",
    "quote-bracket-mismatch",
    family=FAMILY,
    summary="Quotation marks or brackets paired in the source but not in the translation",
    why="Engines drop one mark of a pair, usually the closing one at the end of a segment; "
    "when the source pairs its marks, the orphan in the target is the engine's.",
    bad='He said "yes.  [source: Er sagte „ja“.]',
    good='He said "yes".',
    keep=['He said "yes" (twice).  [source: Er sagte zweimal „ja“.]'],
    fix=None,
    extra=CTX,
)

# --- numbers ------------------------------------------------------------------------------

# A number with grouping or decimal marks; spaces group only with the thin and no-break
# spaces that typesetting uses for thousands (a plain space joins only exact 3-digit groups).
NUMBER_RE = regex.compile(r"\d+(?:(?:[.,'’\u00a0\u202f\u2009]|[ ](?=\d{3}(?!\d)))\d+)*")
SMALL = 12
EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
    "thousandth": 1000,
    "half": 50,
    "dozen": 12,
    "dozens": 12,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NUMBER_WORD_RE = regex.compile(
    r"\b(?:(?P<tens>" + "|".join(EN_TENS) + r")(?:[- ](?P<unit>" + "|".join(EN_UNITS[1:10]) + r"))?"
    r"|(?P<small>" + "|".join(EN_UNITS) + r")|(?P<ord>" + "|".join(EN_ORD) + r")"
    r"|(?P<scale>" + "|".join(SCALE_WORDS) + r")s?)\b",
    regex.IGNORECASE,
)

CJK_UNITS = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8}
# ４億５０００万 = 450,000,000 and ６万５０００ = 65,000.
CJK_OKU_MAN_RE = regex.compile(r"(\d{1,4})[億亿](\d{1,4})[万萬]")
CJK_MAN_RE = regex.compile(r"(\d{1,4})[万萬](\d{1,4})(?![\d万萬億亿])")
ALPHABETIC = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{Greek}]")
CENTURY_RE = regex.compile(r"\s?(?:世纪|世紀|век|стол|століт|Jh|Jahrhundert|stolet)", regex.IGNORECASE)
# Scale words after a number, in the target and source languages we meet.
SCALE_AFTER_RE = regex.compile(
    r"\s?(?:thousand|million|billion|trillion|bn\b|mn\b|k\b|m\b|tys|tis|тыс|тис|млн|млрд|mil|mln|mld|"
    r"mio|mrd|miliard|milion|tausend|万|萬|億|亿|千|百|兆|만|억)",
    regex.IGNORECASE,
)

# --- addresses ----------------------------------------------------------------------------

# Addresses end at whitespace, quotes and CJK text or punctuation (Chinese writes no space
# between a URL and the next word).
_URL_CHARS = r"[^\s<>\"“”«»「」，。、；：！？（）【】\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"
ADDRESS_RE = regex.compile(rf"(?:https?|ftp)://{_URL_CHARS}+|\bwww\.{_URL_CHARS}+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# --- sentences ----------------------------------------------------------------------------

SENTENCE_RE = regex.compile(r"[^.!?。！？\n]+[.!?。！？]*")
LETTER_WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")

# --- pairing ------------------------------------------------------------------------------

BRACKET_FAMILIES = {
    "round brackets": ("(（", ")）"),
    "square brackets": ("[［【〔", "]］】〕"),
}
DOUBLE_QUOTES = '"“”„«»「」『』‟'


class BilingualPass(Pass):
    name = FAMILY
    rules = (
        MISSING_NUMBER,
        MISSING_URL,
        PLACEHOLDER_MISMATCH,
        EMPTY_TRANSLATION,
        SAME_AS_SOURCE,
        UNTRANSLATED_SENTENCE,
        PAIRING_MISMATCH,
    )
    # No trigger: the findings depend on the source, and an empty target is itself one.
    trigger = None
    # Every rule compares with the source: without one the pipeline skips the pass.
    context_keys = ("source",)
    option_specs = (
        Option(
            "placeholder_patterns",
            list,
            (),
            "extra placeholder forms, as regular expressions, compared between source and target",
            check=patterns_compile,
        ),
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        source = doc.context.get("source")
        if not isinstance(source, str) or not source.strip():
            return
        text = doc.text
        if not text.strip():
            if doc.wants(EMPTY_TRANSLATION):
                yield doc.finding(EMPTY_TRANSLATION, 0, len(text), "translation is empty; the source is not")
            return
        same = _squash(text) == _squash(source)
        if same:
            if doc.wants(SAME_AS_SOURCE) and _is_prose(source) and not _in_target_language(source, doc.lang):
                yield doc.finding(SAME_AS_SOURCE, 0, len(text), "translation is identical to the source")
            return
        if doc.wants(MISSING_NUMBER):
            yield from _missing_numbers(doc, source)
        if doc.wants(MISSING_URL):
            yield from _missing_addresses(doc, source)
        if doc.wants(PLACEHOLDER_MISMATCH):
            yield from self._placeholders(doc, source)
        if doc.wants(UNTRANSLATED_SENTENCE):
            yield from _copied_sentences(doc, source)
        if doc.wants(PAIRING_MISMATCH):
            yield from _pairing(doc, source)

    def _placeholders(self, doc: Document, source: str) -> Iterator[Finding]:
        extra = tuple(self.option("placeholder_patterns"))
        src = placeholder_counts(source, extra)
        tgt = placeholder_counts(doc.text, extra)
        if not src and not tgt:
            return
        # A respaced marker (# PRS_ORG #) is residue's R107; count it as present here.
        known = {p.strip("#") for p in src if p.startswith("#")}
        for m in SPLIT_HASH_RE.finditer(doc.text):
            fixed = repair_hash_placeholder(m.group(), known)
            if fixed is not None:
                tgt[fixed] += 1
        for m in SPLIT_HASH_GLUED_RE.finditer(doc.text):
            fixed = repair_hash_placeholder(m.group(), known)
            if fixed is not None and fixed in src:
                tgt[fixed] += 1
        # Presence, not counts: a translator may merge two mentions of one marker.
        missing = set(src) - set(tgt)
        added = set(tgt) - set(src)
        positions = {p.text: (p.start, p.end) for p in _find(doc.text, extra)}
        if len(missing) == 1 and len(added) == 1:
            old, new = next(iter(missing)), next(iter(added))
            s, e = positions.get(new, (0, 0))
            yield doc.finding(PLACEHOLDER_MISMATCH, s, e, f"placeholder {old} of the source changed to {new}")
            return
        for tok in sorted(missing):
            yield doc.finding(PLACEHOLDER_MISMATCH, 0, 0, f"placeholder {tok} of the source is missing")
        for tok in sorted(added):
            s, e = positions.get(tok, (0, 0))
            yield doc.finding(PLACEHOLDER_MISMATCH, s, e, f"placeholder {tok} is not in the source")


def _find(text: str, extra: tuple[str, ...]) -> list:
    from textfix.placeholders import find_placeholders

    return find_placeholders(text, extra)


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


# The commonest words of languages we check into: a segment full of them is already in the
# target language (a quotation in the source), so being identical or copied is expected.
FUNCTION_WORDS = {
    "en": frozenset("the a an of to and in is are was were for on with that this it as by from at be or not".split()),
}


def _in_target_language(text: str, lang: str) -> bool:
    words = FUNCTION_WORDS.get(language_base(lang))
    if not words:
        return False
    toks = [w.lower() for w in LETTER_WORD_RE.findall(text)]
    return bool(toks) and sum(1 for w in toks if w in words) >= max(2, len(toks) // 6)


def _is_prose(text: str) -> bool:
    """Three or more words, two of them lower-case: a sentence rather than a name or title."""
    words = LETTER_WORD_RE.findall(text)
    return len(words) >= 3 and sum(1 for w in words if w.islower()) >= 2


# -- numbers -----------------------------------------------------------------------------


def _digits(tok: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in tok if unicodedata.digit(c, None) is not None)


def _canonical(int_part: str, frac: str = "") -> str:
    frac = frac.rstrip("0")
    return (int_part.lstrip("0") or "0") + ("." + frac if frac else "")


_NON_DIGITS_RE = regex.compile(r"[^\d]+")


def _values(tok: str) -> set[str]:
    """The values a number token can mean: ``5.000`` is 5000 or 5, ``1,5`` is 1.5 or 15."""
    pieces = [_digits(p) for p in _NON_DIGITS_RE.split(tok) if p]
    if len(pieces) == 1:
        return {_canonical(pieces[0])}
    return {_canonical("".join(pieces)), _canonical("".join(pieces[:-1]), pieces[-1])}


def _mantissa(digits: str) -> str:
    """The significant digits: 3 (thousand) and 3000 both give '3'; 2.5 million gives '25'."""
    return digits.replace(".", "").strip("0") or "0"


def _scaled_after(text: str, end: int) -> bool:
    return SCALE_AFTER_RE.match(text, end) is not None


class _Numbers:
    """What numbers a target contains, in the forms a source number is compared with."""

    def __init__(self, text: str) -> None:
        self.values: set[str] = set()
        self.mantissas: set[str] = set()  # of every number
        self.scaled: set[str] = set()  # of numbers with a scale word (3 million, 3万)
        self.year_ends: set[str] = set()  # "38" of 1938
        for m in NUMBER_RE.finditer(text):
            tok = m.group()
            vals = _values(tok)
            # "2021 500" may be two numbers: each piece counts too.
            for piece in _NON_DIGITS_RE.split(tok):
                if piece:
                    vals.add(_canonical(_digits(piece)))
            self.values |= vals
            self.year_ends.update(v[2:] for v in vals if len(v) == 4 and v.isdigit())
            mants = {_mantissa(v) for v in vals}
            self.mantissas |= mants
            if _scaled_after(text, m.end()):
                self.scaled |= mants
        for m in NUMBER_WORD_RE.finditer(text):
            word = m.group().lower()
            if m.group("tens"):
                value = (EN_TENS.index(m.group("tens").lower()) + 2) * 10
                if m.group("unit"):
                    value += EN_UNITS.index(m.group("unit").lower())
            elif m.group("small"):
                value = EN_UNITS.index(word)
            elif m.group("ord"):
                value = EN_ORD[word]
            else:
                value = SCALE_WORDS[word.rstrip("s")]
                self.scaled.add("1")  # "a million"
            self.values.add(str(value))
            self.mantissas.add(_mantissa(str(value)))
            if _scaled_after(text, m.end()):
                self.scaled.add(_mantissa(str(value)))  # "twelve thousand"

    def has(self, source: str, tok: str, end: int) -> bool:
        vals = _values(tok)
        if vals & self.values:
            return True
        mants = {_mantissa(v) for v in vals}
        # 3万 = 30,000 = 30 thousand; 2,5 Mio. = 2.5 million: compare significant digits when
        # either side carries a scale word.
        if mants & self.scaled:
            return True
        return _scaled_after(source, end) and bool(mants & self.mantissas)


def _part_present(have: _Numbers, part: str) -> bool:
    digits = _digits(part)
    if not digits:
        return True
    value = int(digits)
    if value <= SMALL or _canonical(digits) in have.values:
        return True
    if 13 <= value <= 24 and str(value - 12) in have.values:
        return True  # 15:00 given as 3 p.m.
    if len(digits) == 4 and digits[:2] in ("19", "20") and _canonical(digits[2:]) in have.values:
        return True  # 2022 as '22 or WMT22
    if len(digits) == 2 and digits in have.year_ends:
        return True  # v roce 38 = in 1938
    return False


def _compose_oku(m: regex.Match[str]) -> str:
    return str(int(_digits(m.group(1))) * 10**8 + int(_digits(m.group(2))) * 10**4)


def _compose_man(m: regex.Match[str]) -> str:
    return str(int(_digits(m.group(1))) * 10**4 + int(_digits(m.group(2))))


_DECIMAL_PART_RE = regex.compile(r"[.,]\d")


def _missing_numbers(doc: Document, source: str) -> Iterator[Finding]:
    have = _Numbers(doc.text)
    reported = set()
    # ６万５０００台 is 65,000: compose before comparing.
    if any(u in source for u in CJK_UNITS):
        source = CJK_OKU_MAN_RE.sub(_compose_oku, source)
        source = CJK_MAN_RE.sub(_compose_man, source)
    for m in NUMBER_RE.finditer(source):
        tok = m.group()
        digits = _digits(tok)
        if not digits:
            continue
        # Part of a word or code (COVID-19, H1N1, iPhone13): codes travel as they are, and the
        # digit check on them only repeats what the placeholder and URL checks do.
        s, e = m.span()
        # (Chinese and Japanese write numbers against their words: those stay in.)
        if (s and ALPHABETIC.match(source[s - 1])) or (e < len(source) and source[e].isalpha() and source[e].isascii()):
            continue
        if s >= 2 and source[s - 1] in "-‑" and ALPHABETIC.match(source[s - 2]):
            continue  # covid-19, F-35
        if len(tok) >= 3 and tok[0] == "0" and tok.isdigit():
            continue  # codes and idioms with a leading zero (0815)
        if CENTURY_RE.match(source, e):
            continue  # "20世纪" is written "the 1960s"
        value = int(digits) if len(digits) < 16 else 10**16
        if value <= SMALL and not _DECIMAL_PART_RE.search(tok):
            continue
        if have.has(source, tok, e):
            continue
        # "v roce 2021 500 lidí": a plain space may separate two numbers; and dates and times
        # (12.12.19, 19.15 Uhr, 2021.6.11) are reordered and reformatted: each part counts.
        pieces = [p for p in tok.split(" ") if p]
        parts = [p for p in _NON_DIGITS_RE.split(tok) if p]
        if len(parts) > 1 and any(len(p) != 3 for p in parts[1:]):
            pieces = parts
        if len(pieces) > 1 and all(_part_present(have, p) for p in pieces):
            continue
        if _part_present(have, tok) and tok.isdigit():
            continue
        key = min(_values(tok))
        if key in reported:
            continue
        reported.add(key)
        yield doc.finding(MISSING_NUMBER, 0, 0, f"number {tok} of the source is missing")


# -- addresses ---------------------------------------------------------------------------


def _norm_address(a: str) -> str:
    return a.rstrip(".,;:!?)]}>'’").casefold()


def _missing_addresses(doc: Document, source: str) -> Iterator[Finding]:
    have = {_norm_address(m.group()) for m in ADDRESS_RE.finditer(doc.text)}
    seen = set()
    for m in ADDRESS_RE.finditer(source):
        addr = _norm_address(m.group())
        if addr in seen or addr in have:
            continue
        seen.add(addr)
        kind = "e-mail address" if "@" in addr and "://" not in addr else "URL"
        yield doc.finding(MISSING_URL, 0, 0, f"{kind} {m.group().rstrip('.,;:!?')} of the source is missing")


# -- copied sentences --------------------------------------------------------------------


def _copied_sentences(doc: Document, source: str) -> Iterator[Finding]:
    # A set of the source's sentences: one lookup per target sentence keeps this linear.
    src = {_squash(m.group()) for m in SENTENCE_RE.finditer(source)}
    text = doc.text
    for m in SENTENCE_RE.finditer(text):
        sent = m.group().strip()
        words = LETTER_WORD_RE.findall(sent)
        if len(words) < 5 or sum(1 for w in words if w.islower()) < 3:
            continue
        if _in_target_language(sent, doc.lang):
            continue
        if _squash(sent) in src and not doc.is_protected(m.start(), m.end()):
            s = m.start() + (len(m.group()) - len(m.group().lstrip()))
            yield doc.finding(UNTRANSLATED_SENTENCE, s, s + len(sent), "sentence copied from the source untranslated")


# -- pairing -----------------------------------------------------------------------------


def _orphan_bracket(text: str, opens: str, closes: str) -> int | None:
    stack: list[int] = []
    for i, c in enumerate(text):
        if c in opens:
            stack.append(i)
        elif c in closes:
            if not stack:
                return i
            stack.pop()
    return stack[0] if stack else None


def _quote_marks(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if c in DOUBLE_QUOTES]


def _straight_quotes_pair(text: str) -> bool:
    """Straight quotes alternate opening (after a space or bracket) and closing: else, as in
    ``"Я хотел: "Знаешь``, the source's own quotes run on into other segments."""
    expect_open = True
    for i, c in enumerate(text):
        if c != '"':
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        opening = (prev.isspace() or prev in "([{:—–-") and not nxt.isspace()
        closing = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-") and prev not in "([{"
        if opening == closing:
            continue  # cannot tell
        if opening != expect_open:
            return False
        expect_open = not expect_open
    return expect_open


def _pairing(doc: Document, source: str) -> Iterator[Finding]:
    text = doc.text
    for name, (opens, closes) in BRACKET_FAMILIES.items():
        if not any(c in text for c in opens + closes):
            continue
        pos = _orphan_bracket(text, opens, closes)
        if pos is None or _orphan_bracket(source, opens, closes) is not None:
            continue
        # "1)" list numbering and ":)" smileys are not pairs.
        if text[pos] in ")）" and pos and (text[pos - 1].isdigit() or text[pos - 1] in ":;"):
            continue
        yield doc.finding(PAIRING_MISMATCH, pos, pos + 1, f"unpaired {text[pos]!r}: the source's {name} are paired")
    if any(c in text for c in DOUBLE_QUOTES):
        marks = _quote_marks(text)
        src_marks = _quote_marks(source)
        # A quotation may run over several segments: only a source that opens and closes its
        # own quotes makes an odd count in the target the engine's doing.
        if len(marks) % 2 and src_marks and len(src_marks) % 2 == 0 and _straight_quotes_pair(source):
            pos = marks[-1]
            yield doc.finding(
                PAIRING_MISMATCH, pos, pos + 1, f"unpaired {text[pos]!r}: the source's quotation marks are paired"
            )


__all__ = ["FAMILY", "BilingualPass"]
