"""Names of people and places: misspellings, leaked transliterations, exonyms, near misses.

A name is the word an MT system has least evidence for: it copies the source language's
transliteration (``Selenskyj``, ``Lawrow``), keeps a foreign exonym (``Moskau``, ``Pékin``),
falls back on an English name that looks like the rare one (``Anthony Blinken``), or uses the
Russian-style romanization of a Ukrainian place that the news agencies dropped in 2019-2022
(``Kiev``, ``Kharkov``).  The gazetteer in ``corpora/entities/`` lists canonical English
spellings, each with its source, and the variants to repair.

>>> from textfix import fix
>>> fix("Anthony Blinken met Selenskyj in Kiew.", unsafe=True)
'Antony Blinken met Zelensky in Kiew.'
>>> fix("Prime Minister Anthony Albanese visited Peking University.")
'Prime Minister Anthony Albanese visited Peking University.'

A listed variant of a person's name is an unsafe fix (E101); foreign and Russian-style place
names (E102, E103) are report only since its judged precision on WMT22 fell below its tier (docs/precision.md).  A near miss of a listed
full name after a title (``Chancellor Olaf Schulz``) is only an unsafe suggestion (E104).

Never touched: other people who share a first or last name with a listed person (only whole
listed variants are replaced, and a near miss needs a title and one identical name part),
accepted alternative English spellings (``Zelenskyy``, ``Sergey Lavrov``), phrases on the
do-not-touch list (``Peking duck``, ``Chicken Kiev``, ``Credit Suisse``), a foreign name next to
a word of its own language (``Alternative für Deutschland``), a Russian-style place name right
after a capitalized word (``Georgy Lvov``, ``Dynamo Kiev``: a surname or a club), a foreign
place name inside a longer proper name (``the Grand Lisboa``, ``the Lisboa Casino``, ``Hotel
Warschau``: after a capitalized word, or before a word such as Casino, Hotel, Bank), and anything
inside URLs, e-mail addresses or code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

import regex

from textfix._gate import quick_search
from textfix.gazetteer import (
    PEOPLE_COLUMNS,
    GazetteerError,
    closest_token,
    do_not_touch_rows,
    exonym_rows,
    fold,
    people_rows,
    places_rows,
    read_tsv,
    split_list,
)
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.options import Option
from textfix.rules import rule
from textfix.spans import SpanSet

FAMILY = "entities"

PERSON_VARIANT = rule(
    "E101",
    "person-name-variant",
    family=FAMILY,
    summary="Misspelt or transliterated name of a listed person",
    why="MT copies the source language's transliteration of a name (Selenskyj, Lawrow) or "
    "swaps a rare spelling for a common one (Anthony for Antony).",
    bad="Anthony Blinken spoke to Sergej Lawrow about Selenskyj.",
    good="Antony Blinken spoke to Sergei Lavrov about Zelensky.",
    keep=[
        "Prime Minister Anthony Albanese spoke.",
        "Zelenskyy and Sergey Lavrov",
        "Daniil Medvedev won in Melbourne.",
        "see https://example.com/Selenskyj",
    ],
    fix=Applicability.UNSAFE,  # below the safe tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)
PLACE_EXONYM = rule(
    "E102",
    "foreign-place-name",
    family=FAMILY,
    summary="Foreign-language name of a country or city",
    why="An engine that does not know a place's English name copies the source language's "
    "(Moskau, Warschau, Pékin, Tschechien).",
    bad="Talks in Moskau and Warschau; flights from Peking to Genf.",
    good="Talks in Moscow and Warsaw; flights from Beijing to Geneva.",
    keep=[
        "She studied at Peking University and ate Peking duck.",
        "the Alternative für Deutschland party",
        "the cruiser Moskva sank",
        "a loan from Credit Suisse",
        "dinner at the Lisboa Casino",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)
RUSSIAN_STYLE_ROMANIZATION = rule(
    "E103",
    "russian-style-ukrainian-name",
    family=FAMILY,
    summary="Russian-style romanization of a Ukrainian place name",
    why="English-language agencies adopted the Ukrainian forms (Kyiv, Kharkiv, Lviv, Odesa) in "
    "2019-2022; engines trained on older text still write Kiev and Kharkov.  Set "
    'ukrainian_places = "russian" to keep the older forms.',
    bad="Shelling near Kiev, Kharkov and Zaporozhye.",
    good="Shelling near Kyiv, Kharkiv and Zaporizhzhia.",
    keep=["He ordered Chicken Kiev.", "Odessa, Texas", "Prince Georgy Lvov", "Kievan Rus"],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)
NAME_NEAR_MISS = rule(
    "E104",
    "name-near-miss",
    family=FAMILY,
    summary="Name after a title is a near miss of a listed person",
    why="MT sometimes replaces one letter-group of a rare surname with a commoner one "
    "(Scholz -> Schulz); after a title the listed person is the likely referent, but the "
    "fix is only a suggestion.",
    bad="Chancellor Olaf Schulz said so.",
    good="Chancellor Olaf Scholz said so.",
    keep=[
        "Former President Martin Schulz said so.",
        "Prime Minister Anthony Albanese said so.",
        "Chancellor Olaf Scholz said so.",
        "Mr Schulz said so.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.WARNING,
    languages=("en",),
)

FOREIGN_HONORIFIC = rule(
    "E105",
    "foreign-honorific",
    family=FAMILY,
    summary="German honorific left in English text",
    why="A decoder copies `Herr` or `Frau` before a name when the source has it (`Herr Weber` "
    "in WMT22 de-en output), where English writes Mr or Ms; the document's own style (`Mr` or "
    "`Mr.`) is kept, and the fix is unsafe because `Frau` may stand for Mrs.",
    bad="The talks would be over if Herr Weber were not playing for time.",
    good="The talks would be over if Mr Weber were not playing for time.",
    keep=[
        "He met a Frau from Bavaria and Herr Professor Lange.",
        'The sign on the door read "Herr Weber, please knock".',
        "Mr Weber said so.",
    ],
    fix=Applicability.UNSAFE,
    languages=("en",),
    # The honorific, then a capital letter (any letter: RE2 reads the major category exactly).
    trigger=r"(?:^|[^\pL\pN])(?:Herrn?|Frau)[ \t]+\pL",
)

ZELENSKY_SPELLINGS = ("Zelensky", "Zelenskyy", "Zelenskiy")
UKRAINIAN_PLACES = ("ukrainian", "russian")
LANGUAGE_NAMES = {"de": "German", "fr": "French", "es": "Spanish", "cs": "Czech", "pl": "Polish", "ru": "Russian"}

WORD_CHARS = r"\p{L}\p{M}\p{N}_"
# Not after a letter, a digit or an opening quote (a quoted German phrase stays German).
HONORIFIC_RE = regex.compile(r"(?<![\p{L}\p{N}\"'“„‘«])(?P<hon>Herrn?|Frau)[ \t]+(?P<next>\p{Lu}[\p{L}’'-]*)")
ENGLISH_HONORIFIC = {"Herr": "Mr", "Herrn": "Mr", "Frau": "Ms"}
# Titles a German honorific goes before (``Herr Professor Lange``): a form of address, left.
GERMAN_TITLES = frozenset(
    "Professor Prof Doktor Dr Pfarrer Minister Bundeskanzler Kanzler Präsident Bürgermeister".split()
)
DOTTED_HONORIFIC_RE = regex.compile(r"(?<![\p{L}])(?:Mr|Mrs|Ms|Dr)\.")
BARE_HONORIFIC_RE = regex.compile(r"(?<![\p{L}])(?:Mr|Mrs|Ms|Dr)(?=[ \t]\p{Lu})")
# A foreign place name next to a function word of its own language is part of a foreign
# phrase or proper name (Alternative für Deutschland, Banco de España), not a leaked exonym.
FOREIGN_FUNCTION_WORDS = {
    "de": frozenset("für der die das den dem des von vom und zu zum zur im am aus bei nach auf gegen über".split()),
    "fr": frozenset("de du des la le les et au aux à sur pour".split()),
    "es": frozenset("de del la el los las y en para por".split()),
    "cs": frozenset("v ve na z ze do a u k".split()),
    "pl": frozenset("w we na z ze do i u".split()),
    "ru": frozenset("v na i iz".split()),
}
# Capitalized words that may stand before a place name without being a first name or a club.
CAPITALIZED_OK_BEFORE_PLACE = frozenset(
    """The In At From To Near Outside Of And For Via Into Across Toward Towards Until Around
    Like Including Both Central Eastern Western Northern Southern Greater Occupied Liberated
    Besieged Embattled Ukrainian Russian Russia-occupied Ukraine Visiting Leaving Reaching
    Attacking After Before Over Under Above Beyond Inside Behind Within Between Against A An
    This That These Those Its His Her Their Our My Your""".split()
)
TITLES = (
    r"(?:[Pp]resident|[Vv]ice[- ][Pp]resident|[Cc]hancellor|[Vv]ice[- ][Cc]hancellor|[Pp]remier|"
    r"[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|[Dd]efen[cs]e [Mm]inister|[Mm]inister|"
    r"[Ss]ecretary(?: of [Ss]tate| of [Dd]efen[cs]e|[- ][Gg]eneral)?|[Ss]pokes(?:man|woman|person)|"
    r"[Aa]mbassador|[Mm]ayor|[Gg]overnor|[Ss]enator|[Cc]hairman|[Cc]hairwoman|[Cc]ommissioner|"
    r"[Ss]peaker|King|Queen|Emperor|Crown Prince|Pope|General|Gen\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)"
)
# A name part: O'Brien and Kosiniak-Kamysz are one part each; a possessive 's is not part of it.
NAME_TOKEN = r"\p{Lu}[\p{L}\p{M}]*(?:['’]\p{Lu}[\p{L}\p{M}]*|-\p{L}[\p{L}\p{M}]*)*"
TITLED_NAME_RE = regex.compile(rf"(?<![{WORD_CHARS}]){TITLES}[ \t]+(?P<name>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{1,3}})")
NAME_TOKEN_RE = regex.compile(NAME_TOKEN)
# The words a match of the wrong-form pattern or TITLED_NAME_RE can start with, as the
# pattern's lookbehind sees words.
WORD_RUN_RE = regex.compile(rf"[{WORD_CHARS}]+")
NOT_AFTER_WORD_RE = regex.compile(rf"(?<![{WORD_CHARS}])")
NOT_BEFORE_WORD_RE = regex.compile(rf"(?![{WORD_CHARS}])")
TITLE_FIRST_WORDS = frozenset(
    "President president Vice vice Chancellor chancellor Premier premier Prime prime Foreign foreign "
    "Defence defence Defense defense Minister minister Secretary secretary Spokesman spokesman "
    "Spokeswoman spokeswoman Spokesperson spokesperson Ambassador ambassador Mayor mayor Governor "
    "governor Senator senator Chairman chairman Chairwoman chairwoman Commissioner commissioner "
    "Speaker speaker King Queen Emperor Crown Pope General Gen Mr Mrs Ms Dr".split()
)
NEAR_MISS_CUTOFF = 85.0
# Compiled once: helpers called per match must not look patterns up in regex's cache (other
# passes' patterns can push them out of it, and a miss recompiles).
HYPHEN_CAPITAL_RE = regex.compile(r"-\p{Lu}")
# The word before a place, searched backwards from it (``(?r)``): a forward search tries
# every start before it.
WORD_BEFORE_RE = regex.compile(r"(?r)(\p{L}+)[ \t]+$")
WORD_AFTER_RE = regex.compile(r"[ \t]+(\p{L}+)")
CAPITALIZED_BEFORE_RE = regex.compile(r"(?r)(\p{Lu}[\p{L}\p{M}]*)[ \t]+$")
TOKEN_CUTOFF = 70.0
# A capital is an ASCII one or a non-ASCII character: a superset of \p{Lu} that the
# pipeline's RE2 gate translates exactly (RE2's Unicode tables are older than regex's).
CAPITAL = r"(?:[A-Z]|[^\x00-\x7f])"
# Not a word character (WORD_CHARS), or the text's edge: stands in for the wrong-form
# pattern's lookarounds in the trigger.  RE2 knows fewer letters than regex, so its negated
# class holds more characters: still a superset.
NOT_WORD_CHAR = rf"[^{WORD_CHARS}]"


def _near_miss_trigger(parts: frozenset[str]) -> str:
    """What the near-miss rule needs: a title, then two name parts, one of the first two
    being a part of a listed name.

    A near miss differs from a listed name in one part only, so of the first two name parts
    (of two or three) one equals, folded, the listed name's part.  A part spelt in ASCII folds
    to itself in lower case, so it must be one of ``parts`` whatever its case; a part with a
    non-ASCII character may fold to anything, so it always counts.  Asking for this, not for
    any title and two capitals, skips the many "President Joe Biden" and "Mayor John Smith"
    texts the near-miss search used to run on (it costs a title-and-name scan and a fuzzy
    match).
    """
    # A part begins with a capital (NAME_TOKEN), so an ASCII one with that letter in upper case.
    known = "|".join(
        regex.escape(p[0].upper()) + "(?i:" + regex.escape(p[1:]) + ")"
        for p in sorted(parts)
        if p.isascii() and "a" <= p[0] <= "z"
    )
    non_ascii = r"[^ \t]*[^\x00-\x7f]"
    first_ok = rf"(?:{known}|{non_ascii}[^ \t]*)[ \t]+{CAPITAL}"
    # The second part is the last one or is followed by a blank: an ASCII letter after the
    # listed part would make it a longer word.
    second_ok = rf"{CAPITAL}[^ \t]*[ \t]+(?:(?:{known})(?:[^A-Za-z]|$)|{non_ascii})"
    return rf"{TITLES}[ \t]+(?:{first_ok}|{second_ok})"


@dataclass(frozen=True)
class Target:
    replacement: str
    code: str  # E101, E102 or E103
    canonical: str  # the entry's canonical name, for messages
    lang: str = ""  # language of an exonym
    guard_name_before: bool = False  # skip right after a capitalized word (surname, club)


@dataclass(frozen=True)
class Gazetteer:
    """Everything the pass needs, compiled once per set of options."""

    pattern: Any  # compiled regex: every listed wrong form, longest first
    targets: dict[str, Target]
    dnt: Any  # compiled regex of do-not-touch phrases, or None
    full_names: dict[int, list[str]]  # token count -> canonical and accepted person names
    known: frozenset[str]  # every listed spelling, right or wrong
    person_by_name: dict[str, str] = field(default_factory=dict)  # spelling -> canonical
    trigger: Any = None  # compiled regex: a listed wrong form anywhere, or a title and a name
    # The trigger's titled-name branch as a quick test (RE2 where it can): the costly scans
    # below it (titled names, fuzzy matches) run only on texts that pass.
    has_titled_name: Callable[[str], bool] = bool
    # Every listed wrong form by its first word, longest first (see _wrong_forms_in); None
    # when a form (from an extra gazetteer) does not start with a word character.
    by_first_word: dict[str, tuple[str, ...]] | None = None
    first_words: frozenset[str] = frozenset()  # by_first_word's keys
    folded_names: dict[int, list[str]] = field(default_factory=dict)  # fold() of full_names, same order
    # Per token count, per position: the folded parts of the listed names there.
    folded_parts: dict[int, list[frozenset[str]]] = field(default_factory=dict)


def _house_name(canonical: str, accepted: list[str], house: dict[str, str]) -> tuple[str, list[str]]:
    """Apply a house spelling (Zelenskyy) to an entry whose accepted forms include it."""
    tokens = canonical.split()
    for i, tok in enumerate(tokens):
        want = house.get(tok)
        if want and want != tok and want in accepted:
            tokens[i] = want
            accepted = [a for a in accepted if a != want] + [tok]
    return " ".join(tokens), accepted


@lru_cache(maxsize=16)
def load_gazetteer(
    zelensky_spelling: str = "Zelensky",
    ukrainian_places: str = "ukrainian",
    extra_gazetteer: str | None = None,
    do_not_touch: tuple[str, ...] = (),
) -> Gazetteer:
    """Read and compile the gazetteer; cached per distinct set of options."""
    from rapidfuzz import fuzz

    house = {"Zelensky": zelensky_spelling}
    targets: dict[str, Target] = {}
    right: set[str] = set()  # canonical and accepted spellings: never a wrong form
    full_names: dict[int, list[str]] = {}
    person_by_name: dict[str, str] = {}

    def add(surface: str, target: Target, where: str) -> None:
        old = targets.get(surface)
        if old is not None and old.replacement != target.replacement:
            raise GazetteerError(f"{where}: {surface!r} maps to {target.replacement!r} and {old.replacement!r}")
        if old is None:
            targets[surface] = target

    people = list(people_rows())
    if extra_gazetteer:
        people += read_tsv(Path(extra_gazetteer), PEOPLE_COLUMNS[:2])
    for row in people:
        accepted = split_list(row.get("accepted", ""))
        canonical, accepted = _house_name(row["canonical"], accepted, house)
        tokens = canonical.split()
        # A one-word accepted spelling (Zelenskyy) is also accepted inside the full name.
        for a in [a for a in accepted if " " not in a]:
            t = closest_token(a, tokens)
            if len(tokens) > 1 and fuzz.ratio(fold(a), fold(t)) >= 70:
                accepted.append(" ".join(a if w == t else w for w in tokens))
        names = [canonical, *accepted]
        right.update(names)
        for n in names:
            full_names.setdefault(len(n.split()), []).append(n)
            person_by_name[n] = canonical
        right.update(tokens)
        for v in split_list(row.get("variants", "")):
            repl = canonical if " " in v else closest_token(v, tokens)
            if " " not in v and fuzz.ratio(fold(v), fold(repl)) < 40:
                raise GazetteerError(f"{row['_where']}: one-word variant {v!r} resembles no word of {canonical!r}")
            add(v, Target(repl, PERSON_VARIANT.code, canonical), row["_where"])
            person_by_name[v] = canonical

    _add_places(add, right, ukrainian_places)

    clash = sorted(s for s in targets if s in right)
    if clash:
        raise GazetteerError(f"listed both as right and as wrong: {clash}")

    phrases = [r["phrase"] for r in do_not_touch_rows()]
    phrases += [p for p in do_not_touch if p.strip()]
    dnt = (
        regex.compile(rf"(?<![{WORD_CHARS}])\L<p>(?![{WORD_CHARS}])", regex.IGNORECASE, p=[p.lower() for p in phrases])
        if phrases
        else None
    )
    # One named-list regex for all wrong forms: the regex module matches the longest listed
    # form at each position, so the cost does not grow with a loop over entries.  The class
    # of first letters in front lets regex skip most positions before trying the list.
    first = "".join(sorted({regex.escape(v[0]) for v in targets}))
    pattern = regex.compile(rf"(?=[{first}])(?<![{WORD_CHARS}])\L<names>(?![{WORD_CHARS}])", names=list(targets))
    # The trigger is the wrong forms themselves between non-word characters (the pattern's
    # lookarounds written as characters, so the pipeline's RE2 gate translates it exactly and
    # "Prague", "Chinese", "Dresden" no longer match "Prag", "Chine", "Dresde"), or a title
    # followed by a name that may be a near miss: a text with neither (nearly every text)
    # costs the one gate scan.  RE2 matches a large alternation of literals in linear time.
    literal = "|".join(regex.escape(v) for v in sorted(targets, key=len, reverse=True))
    parts = frozenset(fold(w) for names in full_names.values() for n in names for w in n.split())
    wrong_form = rf"(?:^|{NOT_WORD_CHAR})(?:{literal})(?:{NOT_WORD_CHAR}|$)"
    titled_name = _near_miss_trigger(parts)
    by_first_word = _by_first_word(targets)
    return Gazetteer(
        trigger=regex.compile(f"{wrong_form}|{titled_name}"),
        has_titled_name=quick_search(regex.compile(titled_name)),
        by_first_word=by_first_word,
        first_words=frozenset(by_first_word or ()),
        folded_names={n: [fold(x) for x in names] for n, names in full_names.items()},
        folded_parts={
            n: [frozenset(fold(x.split()[i]) for x in names) for i in range(n)] for n, names in full_names.items()
        },
        pattern=pattern,
        targets=targets,
        dnt=dnt,
        full_names=full_names,
        known=frozenset(right | set(targets)),
        person_by_name=person_by_name,
    )


def _add_places(add: Callable[[str, Target, str], None], right: set[str], ukrainian_places: str) -> None:
    """The places of load_gazetteer: Ukrainian places, then exonyms."""
    # Ukrainian places: the legacy forms are wrong under the default house style, right (and
    # the targets of exonyms) under ukrainian_places = "russian".
    ua_target: dict[str, str] = {}
    for row in places_rows():
        canonical = row["canonical"]
        legacy = split_list(row["legacy"])
        right.update([canonical, *split_list(row["accepted"])])
        if ukrainian_places == "russian" and legacy:
            ua_target[canonical] = legacy[0]
            right.update(legacy)
            continue
        ua_target[canonical] = canonical
        for old in legacy:
            add(
                old,
                Target(canonical, RUSSIAN_STYLE_ROMANIZATION.code, canonical, guard_name_before=" " not in old),
                row["_where"],
            )

    for row in exonym_rows():
        canonical = row["canonical"]
        repl = ua_target.get(canonical, canonical)
        right.add(canonical)
        for tagged in split_list(row["variants"]):
            lang, sep, v = tagged.partition(":")
            if not sep or lang not in LANGUAGE_NAMES:
                raise GazetteerError(f"{row['_where']}: variant {tagged!r} lacks a language tag such as de:")
            add(v, Target(repl, PLACE_EXONYM.code, canonical, lang=lang), row["_where"])


def _by_first_word(forms: Iterable[str]) -> dict[str, tuple[str, ...]] | None:
    grouped: dict[str, list[str]] = {}
    for v in forms:
        first = WORD_RUN_RE.match(v)
        if first is None:
            return None
        grouped.setdefault(first.group(), []).append(v)
    return {w: tuple(sorted(vs, key=len, reverse=True)) for w, vs in grouped.items()}


def _wrong_forms_in(g: Gazetteer, text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """The spans and forms of ``g.pattern.finditer(text)``; ``words`` is
    ``WORD_RUN_RE.findall(text)``.

    The pattern's match at a position is the longest listed form there that has no word
    character on either side (regex's named list falls back to shorter forms).  Asked in
    Python: a form starts with a whole word (_by_first_word), so a set lookup of the text's
    words rules out nearly every text, and only where a first word occurs are its forms
    compared.  regex's matching of the named list costs several times more, the more so out
    of the CPU's caches, as it is in a pipeline that runs this pass on few texts (figures:
    benchmarks/results/prefilters.md).
    """
    by_first = g.by_first_word
    if by_first is None:
        return [(m.start(), m.end(), m.group()) for m in g.pattern.finditer(text)]
    present = g.first_words.intersection(words)  # (dict.keys() & words would copy the keys)
    if not present:
        return []
    forms_at: dict[int, list[str]] = {}
    for w in present:
        i = text.find(w)
        while i >= 0:
            forms_at.setdefault(i, []).extend(by_first[w])
            i = text.find(w, i + 1)
    found = []
    end = 0
    for i in sorted(forms_at):
        if i < end or NOT_AFTER_WORD_RE.match(text, i) is None:
            continue
        for v in sorted(forms_at[i], key=len, reverse=True):
            if text.startswith(v, i) and NOT_BEFORE_WORD_RE.match(text, i + len(v)) is not None:
                found.append((i, i + len(v), v))
                end = i + len(v)
                break
    return found


def _finditer_from_words(pattern: Any, text: str, words: list[str], first_words: frozenset[str]) -> list[Any]:
    """``pattern.finditer(text)`` as a list, for a pattern whose every match starts with a whole
    word of ``first_words``; ``words`` is ``WORD_RUN_RE.findall(text)``: ``pattern.match`` runs
    only where a first word occurs, in order, from the end of the previous match."""
    present = first_words.intersection(words)
    if not present:
        return []
    starts = set()
    for w in present:
        i = text.find(w)
        while i >= 0:
            starts.add(i)
            i = text.find(w, i + 1)
    found = []
    end = 0
    match = pattern.match
    for i in sorted(starts):
        if i >= end and (m := match(text, i)) is not None:
            found.append(m)
            end = m.end()
    return found


def country_names() -> frozenset[str]:
    """English names of countries (pycountry), so a near-miss check never takes one for a person."""
    import pycountry

    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(v)
    return frozenset(names)


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    return frozenset(w for n in country_names() for w in regex.findall(r"\p{L}+", n))


def _one_line_phrases(phrases: list[object]) -> None:
    # A phrase is matched within a line (the pass looks for them on the lines of a finding).
    if not all(isinstance(p, str) for p in phrases):
        raise ValueError("do_not_touch must be a list of strings")
    if any("\n" in p for p in phrases):  # type: ignore[operator]
        raise ValueError("do_not_touch phrases are one line each (a phrase is matched within a line)")


@lru_cache(maxsize=8)
def _with_branches(gazetteer_trigger: Any) -> Any:
    return regex.compile(f"(?:{gazetteer_trigger.pattern})|(?:{FOREIGN_HONORIFIC.trigger})", gazetteer_trigger.flags)


def _dotted_honorifics(text: str) -> bool:
    """``Mr.`` or ``Mr``: whether ``text`` writes the dotted form more."""
    return len(DOTTED_HONORIFIC_RE.findall(text)) > len(BARE_HONORIFIC_RE.findall(text))


def _honorifics(doc: Document, habit: Callable[[], bool]) -> Iterator[Finding]:
    """E105: ``Herr``/``Herrn``/``Frau`` before a name, as Mr or Ms in the style of the
    document: ``habit()`` says whether the document (``doc`` or the text ``doc`` is a line
    of) writes ``Mr.``."""
    text = doc.text
    dotted = None
    for m in HONORIFIC_RE.finditer(text):
        if m.group("next").rstrip(".") in GERMAN_TITLES or doc.is_protected(m.start(), m.end()):
            continue
        if dotted is None:  # ``Mr.`` or ``Mr``: as the document writes it most
            dotted = habit()
        hon = m.group("hon")
        english = ENGLISH_HONORIFIC[hon] + ("." if dotted else "")
        yield doc.finding(
            FOREIGN_HONORIFIC,
            m.start("hon"),
            m.end("hon"),
            f"German {hon!r} in English text: {english}",
            [Edit(m.start("hon"), m.end("hon"), english)],
        )


class EntitiesPass(Pass):
    """Options: ``zelensky_spelling`` (Zelensky, Zelenskyy or Zelenskiy), ``ukrainian_places``
    ("ukrainian": Kyiv, Kharkiv...; "russian": keep Kiev, Kharkov), ``extra_gazetteer`` (a
    people.tsv-style file of more entries), ``do_not_touch`` (phrases never changed)."""

    name = FAMILY
    line_gated = True  # check() reads Document.lines_admitting
    rules = (PERSON_VARIANT, PLACE_EXONYM, RUSSIAN_STYLE_ROMANIZATION, NAME_NEAR_MISS, FOREIGN_HONORIFIC)
    option_specs = (
        Option("zelensky_spelling", str, "Zelensky", "the house spelling of Zelensky", choices=ZELENSKY_SPELLINGS),
        Option(
            "ukrainian_places",
            str,
            "ukrainian",
            "Ukrainian place names as `ukrainian` (Kyiv, Kharkiv, Odesa) or `russian` (keep Kiev, Kharkov, Odessa)",
            choices=UKRAINIAN_PLACES,
        ),
        Option(
            "extra_gazetteer",
            Path,
            None,
            "a TSV file of your own entries, in the format of `corpora/entities/people.tsv`",
        ),
        Option("do_not_touch", list, (), "phrases the pass must never change, one line each", check=_one_line_phrases),
    )

    def gazetteer(self) -> Gazetteer:
        return load_gazetteer(
            self.option("zelensky_spelling"),
            self.option("ukrainian_places"),
            self.option("extra_gazetteer"),
            tuple(self.option("do_not_touch")),
        )

    @property
    def trigger(self) -> Any:
        # The gazetteer's trigger gates the rules without a branch of their own; the pass's
        # trigger is that and the other rules' branches.
        return _with_branches(self.gazetteer().trigger)

    def check(self, doc: Document) -> Iterator[Finding]:
        # What the pass finds on a line depends on that line alone (no listed form, title or
        # do-not-touch phrase holds a line break, and the words beside a form are looked for
        # across blanks only), but for the document's Mr./Mr habit: in a file whose lines the
        # gate has read, each line its trigger matches is checked as a text of its own.
        # The habit is counted over the whole text once, when a line first asks: counted
        # for each line that asks, a file of such lines cost its length times their number.
        habit = cache(partial(_dotted_honorifics, doc.text))
        yield from doc.by_admitted_lines(self.codes, lambda d: self._check(d, habit))

    def _check(self, doc: Document, habit: Callable[[], bool]) -> Iterator[Finding]:
        if doc.wants(FOREIGN_HONORIFIC):
            yield from _honorifics(doc, habit)
        g = self.gazetteer()
        text = doc.text
        # The gate's RE2 scan said the trigger matches; which branch, words tell at a set
        # lookup (a listed form's first word, a title), before the costlier scans under them.
        words = WORD_RUN_RE.findall(text)
        wrong_forms = _wrong_forms_in(g, text, words)
        titled_names = not TITLE_FIRST_WORDS.isdisjoint(words) and g.has_titled_name(text)
        if not (wrong_forms or titled_names):
            return
        dnt_lines: dict[int, tuple[int, SpanSet]] = {}  # line start -> (end scanned, spans)

        def untouchable(s: int, e: int) -> bool:
            if doc.is_protected(s, e):
                return True
            if g.dnt is None:
                return False
            # The do-not-touch phrases of the lines around [s, e), found when first needed: no
            # phrase holds a line break, so a line's matches are those of the whole text there,
            # and a file of many lines costs the lines that have a finding, not all of it.
            start = text.rfind("\n", 0, s) + 1
            known = dnt_lines.get(start)
            if known is None or known[0] < e:
                end = text.find("\n", e)
                end = len(text) if end < 0 else end
                known = dnt_lines[start] = (end, SpanSet([m.span() for m in g.dnt.finditer(text, start, end)]))
            return known[1].overlaps(s, e)

        want = {r.code for r in self.rules if doc.wants(r)}
        for s, e, form in wrong_forms:
            t = g.targets[form]
            if t.code not in want or untouchable(s, e) or _right_in_context(text, s, e, form, t):
                continue
            if t.code == PERSON_VARIANT.code:
                msg = f"{form!r} is a misspelling or transliteration of {t.replacement!r}"
                r = PERSON_VARIANT
            elif t.code == PLACE_EXONYM.code:
                msg = f"{form!r} is the {LANGUAGE_NAMES[t.lang]} name of {t.replacement!r}"
                r = PLACE_EXONYM
            else:
                msg = f"{form!r} is the Russian-style romanization of {t.replacement!r}"
                r = RUSSIAN_STYLE_ROMANIZATION
            yield doc.finding(r, s, e, msg, [Edit(s, e, t.replacement)], detail=t.canonical)
        if titled_names and NAME_NEAR_MISS.code in want:
            yield from self._near_misses(doc, g, untouchable, words)

    def _near_misses(self, doc: Document, g: Gazetteer, untouchable: Any, text_words: list[str]) -> Iterator[Finding]:
        fuzz, process = _rapidfuzz()
        text = doc.text
        countries = _country_words()
        for m in _finditer_from_words(TITLED_NAME_RE, text, text_words, TITLE_FIRST_WORDS):
            tokens = list(NAME_TOKEN_RE.finditer(m.group("name")))
            base = m.start("name")
            for n in (3, 2):
                if len(tokens) < n:
                    continue
                s, e = base + tokens[0].start(), base + tokens[n - 1].end()
                cand = text[s:e]
                words = cand.split()
                if cand in g.known or any(w in countries for w in words):
                    break  # a listed spelling (right or wrong) or a place: not a near miss
                if _wrong_forms_in(g, cand, WORD_RUN_RE.findall(cand)):
                    break  # contains a listed wrong form: E101/E102 deal with it
                # A near miss keeps all parts of a listed name but one (_one_part_differs_a_little):
                # with fewer parts of listed names in place, no name can be the target.
                parts = g.folded_parts.get(n, ())
                if sum(fold(w) in p for w, p in zip(words, parts, strict=False)) < n - 1:
                    continue
                # The names are folded once per gazetteer, not once per candidate.
                names = g.full_names.get(n, [])
                hits = [
                    (names[i], score, i)
                    for _, score, i in process.extract(
                        fold(cand),
                        g.folded_names.get(n, []),
                        scorer=fuzz.ratio,
                        processor=None,
                        score_cutoff=NEAR_MISS_CUTOFF,
                        limit=5,
                    )
                ]
                if not hits:
                    continue
                # Among equal scores (António / Antonio Guterres) keep the text's own spelling
                # of the parts that are right.
                target = max(
                    hits, key=lambda h: (h[1], sum(a == b for a, b in zip(words, h[0].split(), strict=False)))
                )[0]
                if not _one_part_differs_a_little(words, target.split()) or untouchable(s, e):
                    continue
                yield doc.finding(
                    NAME_NEAR_MISS,
                    s,
                    e,
                    f"{cand!r} after a title is close to {target!r}; check the name",
                    [Edit(s, e, target)],
                    detail=g.person_by_name.get(target, target),
                )
                break


def _right_in_context(text: str, s: int, e: int, form: str, t: Target) -> bool:
    """The words around a listed wrong form text[s:e] show that it is right here."""
    if HYPHEN_CAPITAL_RE.match(text, e, e + 2):
        return True  # part of a compound place name (Katar-Yurta, Praha-Zahradní Město)
    if t.lang and (_next_to_function_word(text, s, e, t.lang) or _next_to_foreign_word(text, s, e)):
        return True
    if t.lang and _in_short_foreign_quotation(text, s, e):
        return True
    if (t.guard_name_before or (t.lang and " " not in form)) and _after_capitalized_word(text, s):
        return True
    # ``the Lisboa Casino``, ``Moskau Palace``: a longer proper name
    return bool(t.lang and " " not in form and _before_name_word(text, e))


@lru_cache(maxsize=1)
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's fuzz and process, imported on first use: an import statement in a function
    run per text costs microseconds each time."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def _one_part_differs_a_little(words: list[str], target: list[str]) -> bool:
    """Same number of parts, all but one identical, the odd one similar and same initial."""
    fuzz, _ = _rapidfuzz()
    if len(words) != len(target):
        return False
    diff = [(a, b) for a, b in zip(words, target, strict=True) if fold(a) != fold(b)]
    if len(diff) != 1:
        return False
    a, b = diff[0]
    return a[:1] == b[:1] and fuzz.ratio(fold(a), fold(b)) >= TOKEN_CUTOFF


def _next_to_function_word(text: str, s: int, e: int, lang: str) -> bool:
    words = FOREIGN_FUNCTION_WORDS.get(lang, frozenset())
    before = WORD_BEFORE_RE.search(text, max(0, s - 20), s)
    after = WORD_AFTER_RE.match(text[e : e + 20])
    return bool((before and before.group(1) in words) or (after and after.group(1) in words))


# Letters English does not use: a neighbouring word containing one is foreign too, so the
# name is part of a foreign phrase (Ukliďme Česko, "mědvěd Rusko") rather than a leaked exonym.
FOREIGN_LETTERS_RE = regex.compile(r"[ěščřžůďťňąęłśźżńćőűßãõ]")


def _next_to_foreign_word(text: str, s: int, e: int) -> bool:
    before = WORD_BEFORE_RE.search(text, max(0, s - 30), s)
    after = WORD_AFTER_RE.match(text[e : e + 30])
    return any(w and FOREIGN_LETTERS_RE.search(w.group(1).lower()) for w in (before, after))


OPEN_QUOTES, CLOSE_QUOTES = "“„«\"'‘‚", "”“»\"'’‘"


def _in_short_foreign_quotation(text: str, s: int, e: int) -> bool:
    """True for a foreign-spelt form inside a quotation of at most three words, such as a
    quoted nickname (team “lama Čína”): a phrase cited in its own language, not a leaked
    exonym."""
    if all(ord(c) < 128 for c in text[s:e]):
        return False
    before = text[max(0, s - 30) : s]
    after = text[e : e + 30]
    i = max(before.rfind(q) for q in OPEN_QUOTES)
    j = min((k for k in (after.find(q) for q in CLOSE_QUOTES) if k >= 0), default=-1)
    if i < 0 or j < 0 or "\n" in before[i:] or "\n" in after[:j]:
        return False
    quoted = before[i + 1 :] + text[s:e] + after[:j]
    return len(quoted.split()) <= 3


# A word that continues a proper name after a place name: the name of a building, a firm, a
# team or an event, never a city.
NAME_WORD_AFTER_RE = regex.compile(
    r"[ \t]+(?:Casino|Hotel|Palace|Plaza|Tower|Towers|Centre|Center|Mall|Arena|Stadium|Hall|Club|"
    r"Theatre|Theater|Resort|Bank|Group|Press|Radio|TV|Times|Post|News|Airlines?|Express|Motors?|"
    r"Cup|Open|Marathon|Festival|Film|Records|University|College|School|Academy|Institute|Hbf|"
    r"Bridge|Gate|Street|Square|Avenue|Road|Station|Street|Park|Garden|Gardens|Museum|Zoo|Fashion|"
    r"Restaurant|Cafe|Café|Bar|Inn|House|Building|Company|Corporation|Corp|Ltd|Inc|AG|GmbH|S\.A\.)(?![\p{L}])"
)


def _before_name_word(text: str, e: int) -> bool:
    """True right before a word that continues a proper name (``Lisboa Casino``)."""
    return NAME_WORD_AFTER_RE.match(text, e) is not None


def _after_capitalized_word(text: str, s: int) -> bool:
    """True right after a capitalized word that is not sentence-initial filler: a first name
    (Georgy Lvov) or a club (Dynamo Kiev, Slavia Praha, ING Deutschland) makes the next word
    part of a name rather than a place."""
    m = CAPITALIZED_BEFORE_RE.search(text, max(0, s - 40), s)
    return bool(m) and m.group(1) not in CAPITALIZED_OK_BEFORE_PLACE


__all__ = [
    "NAME_NEAR_MISS",
    "PERSON_VARIANT",
    "PLACE_EXONYM",
    "RUSSIAN_STYLE_ROMANIZATION",
    "EntitiesPass",
    "Gazetteer",
    "GazetteerError",
    "load_gazetteer",
]
