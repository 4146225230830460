"""Doubled words: ``the the``, ``in in`` (D101), ``the reported reported cases`` (D102).

Decoders emit a word twice when attention lingers on one source token; a human reader skips
the second copy, so it survives proofreading.  A doubling is repaired only where the grammar
cannot join the two copies.  D101 repairs a closed list of function words: many other
doublings are grammatical (``had had``, ``that that``, ``is is`` in "what it is is"), a
particle may meet its preposition (``log in in``), a preposition may end one clause and open
the next (``the rights they fought for for thirty years``: left alone; ``they met in in
Brussels``: unsafe, since ``the room they met in in Brussels`` is English), and a copy joined
by a hyphen belongs to a compound (``part in in-person classes``, ``the play-in in
overtime``).  D102 repairs lower-case content words of four letters or more, with an unsafe
fix: names (``New York New York``), intensifiers and reduplication (``long long ago``,
``bye bye``, ``really really``) and triples (R101's business) are left alone, and so is a
doubling where each copy may belong to its own phrase (``low power power line``, ``shrimp with
mayo mayo shrimp``): the second copy must end its phrase (a function word, punctuation or the
line's edge after it), or the pair must be a participle after a determiner (``the reported
reported cases``).

>>> from textfix import check, fix
>>> [f.code for f in check("She went to the the market in in the morning.")]
['D101', 'D101']

D101 is report only since its judged precision on WMT22 fell below its tier (docs/precision.md).
>>> fix("He had had enough, and that that was all.")
'He had had enough, and that that was all.'
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

import regex

from textfix._chars import CharTable
from textfix.model import Applicability, Document, Edit, Finding, Pass, rules_screen
from textfix.passes.residue import screen_repeats, screen_words
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
        "the rights they fought for for thirty years",
        "took part in in-person classes and won the play-in in overtime",
        "the\nthe",
        "The The are a band.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)


def _content_screen(text: str) -> bool:
    # A D102 pair needs a backreference, which no trigger has: its screen (below).
    return _two_equal_words(text)


DOUBLED_CONTENT = rule(
    "D102",
    "doubled-content-word",
    family=FAMILY,
    summary="Noun, verb or adjective written twice",
    why="The same decoder stall that doubles a function word doubles a content word "
    "(`the reported reported cases`); unlike `the the`, some doublings are correct "
    "(`a long long time`, `bye bye`, `those who love love no one`), so the removal is only "
    "suggested.",
    bad="The interior interior is new and the reported reported cases rose.",
    good="The interior is new and the reported cases rose.",
    keep=[
        "It was a long long time ago, far far away.",
        "bye bye, very very good, really really nice",
        "New York New York is a film.",
        "What it is is a mess and he had had enough.",
        "a cha-cha cha-cha and a knock knock joke",
        "Work work work!",
        "Low power power line with brake",
        "The backup is provided provided that it works.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    languages=("en",),
    screen=_content_screen,
)

# Words whose doubling is never grammatical in English prose.
SAFE_WORDS = (
    "the a an of to for with from by into onto about and or nor but than its their our my your these those"
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
# Prepositions: the first copy may end a clause (a stranded preposition or a verb particle)
# and the second open the next phrase, ``the rights they fought for for thirty years``.
PREPOSITIONS = frozenset("for to with from by into onto about of in on at".split())
SUBJECT_PRONOUNS = frozenset("i you we they he she it people".split())
RELATIVES = frozenset("that which who whom whose what where".split())
# Words that start a clause or a sentence rather than end a noun phrase: a subject pronoun
# after one is the clause's own subject (``and they met in``), not a relative clause's.
CLAUSE_STARTS = frozenset("and or but so then when if because while as since after before".split())
IRREGULAR_VERBS = frozenset(
    """fought met paid sought thought bought brought taught caught went gone came ran won took
    made said told held kept left felt stood sat spoke spoken wrote written gave got put set
    lived voted worked argued cared asked applied waited hoped prayed looked searched hear heard
    spent sent lent built meant dealt dreamt fell stuck swore""".split()
)
# A relative pronoun earlier in the clause (no punctuation since): its object may be the
# preposition's, stranded at the clause's end.
RELATIVE_IN_CLAUSE_RE = regex.compile(r"(?i)(?<![\p{L}])(?:who|whom|which|that|what)[ \t]+[^.,;:!?()\n]*$")
# The last one to three words before a position, searched backwards from it: forwards, the
# search tried every start in its window, a backtracking match per position (figures for a
# line of ``in in on on``: benchmarks/results/hostile.md).
WORDS_BEFORE_RE = regex.compile(r"(?:\p{L}+[ \t]+){0,2}\p{L}+[ \t]*$", regex.REVERSE)
LETTERS_RE = regex.compile(r"\p{L}+")
LAST_WORD_RE = regex.compile(r"(\p{L}+)[ \t]*$", regex.REVERSE)  # the word before a position


def _words_before(text: str, lo: int, hi: int) -> tuple[str | None, str | None, str] | None:
    r"""The words of ``text[lo:hi]`` before ``hi`` as (w3, w2, w1), w1 the last; None when no
    letter comes last (blanks aside).  As the forward pattern
    ``(?:(\p{L}+)[ \t]+)?(?:(\p{L}+)[ \t]+)?(\p{L}+)[ \t]*$`` groups them: of two
    words, the first is w3 and w2 is None (tests/test_doubled.py holds the two to each other)."""
    m = WORDS_BEFORE_RE.search(text, lo, hi)
    if m is None:
        return None
    words = LETTERS_RE.findall(m.group())
    if len(words) == 3:
        return words[0], words[1], words[2]
    if len(words) == 2:
        return words[0], None, words[1]
    return None, None, words[0]


def _is_verb(word: str, before: str | None) -> bool:
    w = word.lower()
    return (
        w in IRREGULAR_VERBS
        or w in PARTICLE_VERBS
        or (len(w) > 4 and w.endswith(("ed", "ing")))
        or (before is not None and before.lower() in SUBJECT_PRONOUNS)
    )


def _preposition_grade(text: str, start: int) -> Applicability | None:
    """How sure the repair of a doubled preposition at ``start`` is: SAFE, UNSAFE when a verb
    before it may strand the first copy (``they met in in Brussels`` could be ``the room they
    met in in Brussels``), None when a clause with a stranded preposition is plain (a noun, then
    a pronoun and a verb: ``the rights they fought for for thirty years``)."""
    ls = text.rfind("\n", 0, start) + 1
    words = _words_before(text, max(ls, start - 60), start)
    if words is None:
        return Applicability.SAFE
    w3, w2, w1 = words  # w1 right before the doubled word
    if not _is_verb(w1, w2):
        return Applicability.SAFE
    if w2 is not None and w2.lower() in RELATIVES:
        return None  # ``the cause that fought for for``
    if RELATIVE_IN_CLAUSE_RE.search(text, max(ls, start - 80), start):
        return None  # ``the woman who police have been looking for for days``
    if w2 is not None and w2.lower() in SUBJECT_PRONOUNS and w3 is not None and w3.lower() not in CLAUSE_STARTS:
        return None  # a zero relative clause: ``rights they fought for``
    return Applicability.UNSAFE


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
    + "|".join(
        rf"(?i:{w})[ \t]+{w[0]}" + (rf"(?i:{w[1:]})" if w[1:] else "") for w in SAFE_WORDS + sorted(PARTICLE_WORDS)
    )
    + rf")(?:{_NOT_WORD}|$)"
)


# D102 needs the same word twice, which no pattern without a backreference can say: the pass
# also runs where two equal lower-case words follow each other (one C-level comparison of the
# words with themselves shifted).
CONTENT_DOUBLED_RE = regex.compile(r"(?<![\p{L}\p{N}\-‐'’])(?P<w>\p{Ll}{4,})(?P<sp>[ \t]+)(?P=w)(?![\p{L}\p{N}\-‐'’])")
# Doublings people write on purpose: intensifiers, reduplicated words, calls, sounds.  Words
# shorter than four letters (``so so``, ``no no``, ``had had``, ``that that``) never reach D102.
DELIBERATE_DOUBLES = frozenset(
    """very really much many more most long little tiny teeny wee pretty super far away well
    there here come please help bye goodbye night knock tick tock ding dong chop hush bling
    blah yada night sorry thank thanks wait stop hello quick slow slowly step work baby
    cheers bravo encore hurry yeah okay shame boom bang bling choo puff woof meow hear round
    again over never ever mine gimme only just same tutu""".split()
) | frozenset(
    # Function words of four letters or more, whose doubling is often grammatical (``that
    # that``, ``what what``), or D101's to judge.
    """that this these those what which where when whom whose there here have been were
    will would could should might must shall they them then than their your does done
    some such each both either neither once else while whether though unless until since
    upon within without about above below after before under over into onto from with
    provided given granted considering supposing""".split()
)
# Words that close off a phrase on one side of a doubling.  D102 repairs a doubling only when
# one of these (or punctuation, or the line's edge) stands beside it: between two content
# words the copies may belong to two phrases, each its own (``low power power line`` is a
# low-power power line, ``well wall wall module``).
FRAME_WORDS = frozenset(
    """the a an this that these those his her its their our my your some any no every each
    of to in on at by for with from into onto about as than and or but nor so
    is are was were be been being am has have had do does did will would can could shall
    should may might must not who which whom whose what when where
    i you he she it we they him them us me one two three four five six seven eight nine ten""".split()
)


_WORD_AT_END_RE = regex.compile(r"(\p{L}+)?([^\p{L}]*)$")
_WORD_AT_START_RE = regex.compile(r"([^\p{L}]*)(\p{L}+)?")


def _frames(side: str, before: bool) -> bool:
    """True when the side of a doubling is punctuation, the line's edge or a FRAME_WORDS word."""
    if before:
        m = _WORD_AT_END_RE.search(side[-40:])
    else:
        m = _WORD_AT_START_RE.match(side[:40])
    if m is None:
        return True
    gap = m.group(2) if before else m.group(1)
    word = m.group(1) if before else m.group(2)
    if word is None or gap.strip(" \t"):
        return True  # the edge of the text, or punctuation between
    return word.lower() in FRAME_WORDS


DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some every each no "
    "one two three four five six seven eight nine ten".split()
)


_WORD_THEN_BLANK_RE = regex.compile(r"(\p{L}+)[ \t]+$")


def _determined(before: str) -> bool:
    m = _WORD_THEN_BLANK_RE.search(before[-30:])
    return m is not None and m.group(1).lower() in DETERMINERS


_LOWER_RE = regex.compile(r"\p{Ll}")
_MARK_OR_UNDERSCORE_RE = regex.compile(r"[\p{M}_]")
# A lower-case letter stays, anything else becomes a blank.
_NOT_LOWER_TO_BLANK = CharTable(lambda ch: ch if _LOWER_RE.match(ch) else " ")
_ASCII_NOT_LOWER_TO_BLANK = bytes(b if 97 <= b <= 122 else 32 for b in range(128)) + bytes(range(128, 256))


def _two_equal_words(text: str) -> bool:
    r"""False when ``text`` holds no D102 pair, in C-level calls: a pair is two equal runs of
    lower-case letters (CONTENT_DOUBLED_RE's ``\p{Ll}{4,}``) with only blanks between, so
    with every other character made a blank, two equal runs follow each other.

    On text with no ``_`` and no combining mark, the pattern's edges (no letter, digit,
    hyphen or apostrophe beside a copy) are word edges of residue's loop screen, whose words
    of the same text are then reused (both screens run on every text a check sees): a pair is
    a word that follows itself there."""
    if text.isascii():
        if "_" not in text:
            if not screen_repeats(text)[1]:
                return False  # no word follows itself
            runs: list[bytes] | list[str] = screen_words(text)
        else:
            runs = text.encode("ascii").translate(_ASCII_NOT_LOWER_TO_BLANK).split()
    else:
        # A mark or ``_`` is the only word character of the loop screen that the pattern's
        # edges allow beside a copy.
        if _MARK_OR_UNDERSCORE_RE.search(text) is None and not screen_repeats(text)[1]:
            return False
        runs = text.translate(_NOT_LOWER_TO_BLANK).split()
    if not any(map(operator.eq, runs, runs[1:])):
        return False
    return any(a == b and len(a) > 3 for a, b in itertools.pairwise(runs))


def _doubled_in_source(doc: Document, word: str) -> bool:
    """Whether the source (when given) writes ``word`` twice in a row too: a name (``Bora
    Bora``), a word the engine copied, a deliberate doubling: the source's evidence that the
    doubling is meant (issue 17)."""
    if not doc.context or "source" not in doc.context:
        return False
    from textfix.documents import source_evidence

    src = source_evidence(doc)
    if not src or word.lower() not in src.lower():
        return False
    w = regex.escape(word)
    return regex.search(rf"(?<![\p{{L}}]){w}[\s\u00a0]+{w}(?![\p{{L}}])", src, regex.IGNORECASE) is not None


class DoubledWordsPass(Pass):
    name = FAMILY
    line_local = True
    rules = (DOUBLED_WORD, DOUBLED_CONTENT)
    trigger = TRIGGER  # D101's; D102 has its screen
    screen = staticmethod(rules_screen(DOUBLED_CONTENT))

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.wants(DOUBLED_WORD):
            yield from self._function_words(doc)
        if doc.wants(DOUBLED_CONTENT) and _two_equal_words(doc.text):
            yield from self._content_words(doc)

    def _content_words(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in CONTENT_DOUBLED_RE.finditer(text):
            w = m.group("w")
            if w in DELIBERATE_DOUBLES or w.endswith("ly") or w in SAFE_WORDS:
                continue
            if doc.is_protected(m.start(), m.end()) or _doubled_in_source(doc, w):
                continue
            # The second copy must end its phrase (a function word or punctuation after it:
            # ``the interior interior is``), or the pair must be a participle after a
            # determiner (``the reported reported cases``).  Between a preposition and a noun
            # the copies may be two phrases (``shrimp with mayo mayo shrimp``).
            if not (
                _frames(text[m.end() : m.end() + 40], before=False)
                or (w.endswith(("ed", "ing")) and _determined(text[max(0, m.start() - 30) : m.start()]))
            ):
                continue
            # A third copy is a loop (R101) or a chant (``work work work``): not D102's.
            after = text[m.end() : m.end() + len(w) + 2]
            before = text[max(0, m.start() - len(w) - 2) : m.start()]
            if regex.match(rf"[ \t]+{regex.escape(w)}(?![\p{{L}}])", after, regex.I) or regex.search(
                rf"(?<![\p{{L}}]){regex.escape(w)}[ \t]+$", before, regex.I
            ):
                continue
            yield doc.finding(
                DOUBLED_CONTENT,
                m.start(),
                m.end(),
                f"{w!r} written twice",
                [Edit(m.end("w"), m.end(), "")],
            )

    def _function_words(self, doc: Document) -> Iterator[Finding]:
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
                prev = LAST_WORD_RE.search(text, max(0, m.start() - 30), m.start())
                if prev and prev.group(1).lower() in PARTICLE_VERBS:
                    continue
            # A copy joined by a hyphen to its neighbour is part of a compound: ``part in
            # in-person classes``, ``won the play-in in overtime``.
            if text[m.start() - 1 : m.start()] in ("-", "‐") or text[m.end() : m.end() + 1] in ("-", "‐"):
                continue
            grade: Applicability | None = Applicability.SAFE
            if first.lower() in PREPOSITIONS:
                grade = _preposition_grade(text, m.start())
                if grade is None:
                    continue
            if doc.is_protected(m.start(), m.end()) or _doubled_in_source(doc, first):
                continue
            yield doc.finding(
                DOUBLED_WORD,
                m.start(),
                m.end(),
                f"{first!r} written twice",
                [Edit(m.end("w"), m.end(), "")],
                applicability=grade,
            )
