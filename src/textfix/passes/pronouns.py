"""Personal pronouns whose antecedent is a country, an organisation, a company, a club or a city.

Languages with grammatical gender refer to a country with the pronoun of its noun's gender
(German *die Ukraine ... sie*, Russian *Россия ... она*, French *la France ... elle*), and MT
carries the gender over: ``Germany has increased her defence budget``, ``NATO said he
would``.  English uses *it*.

>>> from textfix import Pipeline
>>> p = Pipeline(select=["P"])
>>> p.fix("Germany has increased her defence budget.", unsafe=True)
'Germany has increased its defence budget.'
>>> p.fix("Blinken said he would travel to Ukraine.", unsafe=True)
'Blinken said he would travel to Ukraine.'

The pass only fires where the antecedent is unambiguous inside one clause: the name (from
pycountry and ``corpora/pronouns/antecedents.tsv``) opens its clause and is followed by a
verb, nothing but lower-case words stand between it and the pronoun (no name, title, person
noun, other pronoun or punctuation), and the pronoun sits in one of a few shapes that bind it
to the clause subject (a reflexive, a possessive before a noun that only a state or an
organisation owns, ``said he would``, ``says she deliberately targeted``, ``the support that he
needed``).  One shape binds wherever it stands: a name, "and", then his or her before such a
noun (``sent to Ukraine and her allies``), unless someone else in the sentence could own it.  Shapes that a person
mentioned earlier could fill (``said he would``) also need the sentence before to name no
person.  Its fix never touches a pronoun after a possessive (``Ukraine's foreign minister
said she``), after an object (``The queen visited Canada; she``), a ship's ``her``, or names
that are also personal names (Jordan, Georgia, Paris, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import regex

from textfix._gate import quick_search
from textfix.data import read_corpus_text
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "pronouns"

PRONOUN_FOR_THING = rule(
    "P101",
    "personal-pronoun-for-country",
    family=FAMILY,
    summary="Personal pronoun (he, she, his, her, ...) referring to a country or organisation",
    why="Source languages with grammatical gender refer to countries, organisations and cities "
    "with a gendered pronoun (German 'die Ukraine ... sie', Russian 'Россия ... она'); MT "
    "carries the gender into English, which uses 'it'.",
    bad="Germany has increased her defence budget. NATO said he would respond.",
    good="Germany has increased its defence budget. NATO said it would respond.",
    keep=[
        "Blinken said he would travel to Ukraine.",
        "Ukraine's foreign minister said she would not attend.",
        "After meeting Zelensky in Kyiv, Scholz said he was hopeful.",
        "The queen visited Canada; she was greeted warmly.",
        "The Canada left port and her crew waved.",
        "Jordan said he would play.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.WARNING,
    languages=("en",),
)

PRONOUN_RE = regex.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er|[Hh]imself|[Hh]erself)\b")

# The antecedent (a run of capitalised tokens, maybe after "the") and the gap of lower-case
# words that separates it from the pronoun, anchored at the pronoun.
CAP_TOKEN = r"\p{Lu}[\p{L}\p{N}.&'’\-]*"
ANTE_GAP_RE = regex.compile(
    rf"(?P<ante>{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN}){{0,4}})"
    r"(?P<gap>(?:[ \t]+[\p{Ll}\p{N}][\p{Ll}\p{N}'’\-]*){1,12})[ \t]+$"
)
# A sentence boundary: end punctuation, optional closing quotes, space, then a capital or an
# opening quote.  Abbreviations are filtered afterwards.
BOUNDARY_RE = regex.compile(r"(?<=[.!?])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?\p{Lu})|\n")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col lt sgt capt prof sen rep gov jr sr no vs u.s u.k u.n e.g i.e etc inc "
    "corp co ltd jan feb mar apr aug sept sep oct nov dec".split()
)
WORD_RE = regex.compile(r"[\p{L}][\p{L}'’\-]*")
LAST_WORD_RE = regex.compile(r"[\p{L}.]+$")
POSSESSIVE_END_RE = regex.compile(r"['’]s$|['’]$")
NEXT_WORDS_RE = regex.compile(r"\A[ \t]+([\p{L}\-]+)(?:[ \t]+([\p{L}\-]+))?(?:[ \t]+([\p{L}\-]+))?")

# Words that may open the clause the antecedent is the subject of.
OPENERS = frozenset(
    "that and but because as while when if since although though whereas whether so once until "
    "unless where after before why how now then yet".split()
)
# Capitalised words that are not names: sentence-initial function words and the like.
COMMON_CAPITALISED = frozenset(
    "the a an and but or so yet for nor in on at to of by from with without after before since "
    "during while when where whether if though although because as that this these those there "
    "here it its we they you i one two three some many most all both each every no not now then "
    "also however meanwhile still last next first moreover furthermore indeed instead thus "
    "ultimately finally overall yesterday today tomorrow speaking writing according despite "
    "given following ahead asked what which who how why according unlike like over under "
    "against among between across through until unless once such other another our their my "
    "your his her mr mrs ms".split()
)
NON_PERSON_CAPITALISED = frozenset(
    # months, days
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    # nationality and regional adjectives, frequent in news
    "american british english french german russian ukrainian chinese japanese korean indian "
    "iranian israeli palestinian syrian turkish polish czech slovak hungarian romanian bulgarian "
    "serbian croatian greek italian spanish portuguese dutch belgian swiss austrian swedish "
    "norwegian danish finnish estonian latvian lithuanian belarusian moldovan georgian armenian "
    "azerbaijani kazakh uzbek afghan pakistani saudi iraqi egyptian african european asian "
    "western eastern northern southern soviet nato european canadian australian mexican "
    "brazilian argentine taiwanese vietnamese thai arab muslim christian jewish catholic "
    "covid coronavirus internet olympics olympic christmas easter".split()
)
# Nouns for people; one of them near the pronoun may be its antecedent.
PERSON_NOUNS = frozenset(
    "president minister premier chancellor prime leader leaders spokesman spokeswoman "
    "spokesperson secretary ambassador envoy diplomat official officials king queen prince "
    "princess emperor empress pope chief head director ceo chairman chairwoman chair founder "
    "owner manager coach player captain striker goalkeeper general commander officer soldier "
    "man woman boy girl father mother son daughter brother sister wife husband child person "
    "people citizen politician senator governor mayor lawmaker deputy member candidate "
    "journalist reporter author writer editor analyst expert professor doctor lawyer judge "
    "prosecutor patient victim witness suspect actor actress singer artist mr mrs ms dr sir "
    "lady lord anyone someone nobody everyone who whom whose".split()
)
PERSON_PRONOUNS = frozenset("he she him his her himself herself hers they them their".split())
# Determiners a sentence-initial capital may carry before a name: "The Kremlin".
THE = ("the", "The")

# Verb forms that may follow the subject.
AUX_AND_IRREGULAR = frozenset(
    "is was has had have will would can could may might must shall should does did do am are "
    "were said told made took gave sent got won lost kept held found saw knew thought brought "
    "began became left met paid built sold put set let cut hit led fought went came stood "
    "understood spent lent meant felt ran sought taught bought chose spoke wrote drew".split()
)
ADVERBS = frozenset(
    "also now still already never then again finally recently once just not further even "
    "repeatedly officially openly reportedly long increasingly".split()
)
# The gap's first word must look like a verb: an auxiliary, an irregular past, or -s/-ed.
NOT_VERBS = frozenset("news series species crisis status us this is as its".split())

# Nouns only a state, an organisation or a company owns: "her borders", "his army".
STATE_NOUNS = frozenset(
    "budget budgets defence defense military army armed troops forces borders border territory "
    "territories territorial sovereignty independence economy economic citizens population "
    "allies neighbours neighbors airspace navy fleet arsenal currency exports imports gdp "
    "reserves national nuclear own workforce stadium headquarters subsidiaries revenue "
    "revenues profits sales sovereign statehood".split()
)
REPORTING_VERBS = frozenset(
    "said says announced announces stated states declared declares warned warns insisted "
    "insists promised promises pledged pledges vowed vows confirmed confirms added adds believes "
    "believed hopes hoped expects expected thinks thought claims claimed argued argues stressed "
    "stresses emphasised emphasized signalled signaled indicated indicates made clear".split()
)
# The reported clause's verb: a modal or an intention (``said she would``), or a past tense
# after a manner adverb (``says she deliberately targeted``), which a state does as an actor.
REPORTED_AUX_RE = regex.compile(
    r"\A(?:[ \t]+\p{Ll}+ly[ \t]+\p{Ll}+ed\b|[ \t]+(?:would|will|could|can|should|must|may|might|intends|intended|plans|planned|"
    r"wants|wanted|is[ \t]+ready|was[ \t]+ready|is[ \t]+prepared|was[ \t]+prepared|remains|"
    r"remained|stands[ \t]+ready|has[ \t]+no[ \t]+intention|had[ \t]+no[ \t]+intention|"
    r"is[ \t]+determined|was[ \t]+determined|is[ \t]+committed|was[ \t]+committed)\b)"
)
# "would be sent", "will be tried": a passive after the modal is what one says of a person.
PASSIVE_AFTER_RE = regex.compile(r"\A[ \t]+\p{L}+[ \t]+(?:not[ \t]+)?(?:be|have[ \t]+been)[ \t]+\p{L}+(?:ed|en|t)\b")
NEED_AFTER_RE = regex.compile(
    r"\A[ \t]+(?:(?:also|still|so|badly|urgently|really|desperately|now|most)[ \t]+)?"
    r"(?:needs|needed|need|wants|wanted|requires|required|deserves|deserved|lacks|lacked|"
    r"requested|seeks|sought)\b"
)
# "Ukraine asked its allies to help her": an object pronoun names the subject only across an
# infinitive whose own subject is someone else, so the pass wants that whole shape: a verb of
# asking, a group of helpers, "to", a verb of helping.
ASKING_VERBS = frozenset(
    "asked asks ask urged urges urge begged begs invited invites wants wanted called calls".split()
)
HELPERS = frozenset(
    "world west allies partners international community countries nations members states "
    "neighbours neighbors friends governments".split()
)
OBJECT_VERBS = frozenset(
    "help helps helped support supports supported defend defends defended protect protects protected arm".split()
)
OBJECT_AFTER_RE = regex.compile(r"\A(?:[ \t]*(?:[.,;:!?]|$)|[ \t]+(?:against|from|with|in|and|or|but)\b)")


# Companies and clubs speak about their people ("Arsenal confirmed he will sign"): after them
# only the shapes that bind to the subject itself (reflexive, possessive) are trusted.
SPEAKING_KINDS = frozenset({"country", "organisation", "city"})


def _load_antecedents() -> tuple[dict[str, str], frozenset[str]]:
    import pycountry

    names: dict[str, str] = {}
    excluded: set[str] = set()
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None)):
            if not n:
                continue
            # "Iran, Islamic Republic of", "Cocos (Keeling) Islands": keep only plain names;
            # the short forms come from common_name or the corpus file.
            if "," in n or "(" in n:
                continue
            names[n] = "country"
    for line in read_corpus_text("pronouns", "antecedents.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise ValueError(f"pronouns/antecedents.tsv: expected name<TAB>kind, got {line!r}")
        name, kind = cols[0].strip(), cols[1].strip()
        if kind == "exclude":
            excluded.add(name)
        else:
            names[name] = kind
    for name in excluded:
        names.pop(name, None)
    return names, frozenset(excluded)


@lru_cache(maxsize=1)
def antecedent_kinds() -> dict[str, str]:
    """Every name the pass treats as a non-person antecedent, with its kind (country, club, ...)."""
    return _load_antecedents()[0]


def antecedents() -> frozenset[str]:
    return frozenset(antecedent_kinds())


@lru_cache(maxsize=1)
def _name_tokens() -> frozenset[str]:
    toks: set[str] = set()
    for n in set(antecedent_kinds()) | _load_antecedents()[1]:
        toks.update(t for t in n.split() if t not in THE)
    return frozenset(toks)


def _shapes() -> str:
    """The pronoun shapes ``_resolve`` reports, each cut down to what it needs next to the
    pronoun: a reflexive; his or her with a state's noun as one of the next two words; he or
    she right after a reporting verb, "that" or "which"; him or her right after "to" and a
    verb of helping.  \\b is written "not an ASCII letter, or the text's edge" (implied by
    \\b), so the pipeline's RE2 gate translates it exactly."""
    verbs = "|".join(sorted(REPORTING_VERBS | {"that", "which"}))
    nouns = "|".join(sorted(STATE_NOUNS))  # compared in lower case
    helping = "|".join(sorted(OBJECT_VERBS))
    return (
        r"(?:(?:^|[^A-Za-z])(?:[Hh]imself|[Hh]erself"
        rf"|(?:[Hh]is|[Hh]er)[ \t]+(?:[^ \t\n]+[ \t]+)?(?i:{nouns}))"
        rf"|[ \t](?:{verbs})[ \t]+(?:[Hh]e|[Ss]he)"
        rf"|[ \t]to[ \t]+(?:{helping})[ \t]+(?:[Hh]im|[Hh]er))(?:[^A-Za-z]|$)"
    )


@lru_cache(maxsize=1)
def pronouns_trigger() -> regex.Pattern[str]:
    """A pronoun in one of the shapes the pass reports (see ``_shapes``): most texts with a
    he, she, his or her have none of them (figures: benchmarks/results/prefilters.md)."""
    return regex.compile(_shapes())


@lru_cache(maxsize=1)
def _antecedent_then_shape() -> Callable[[str], bool]:
    """Whether a text has a listed antecedent and, later on its line, a pronoun shape.

    The pass only reports a pronoun whose antecedent (a key of ``antecedent_kinds``, less its
    "the") stands before it in its sentence, and a sentence never crosses a line break; the
    name's words may stand apart by any run of blanks, as in the text.  Not part of the
    trigger: joined by ``[^\\n]*`` to the other triggers in the pipeline's gate, it made
    RE2's lazy DFA build states for every name seen on a line (the gate cost a third more on
    unseen text).  Asked here instead, once per text the trigger lets through.
    """
    names = set()
    for key in antecedent_kinds():
        words = key.split()
        if words[0] in THE and len(words) > 1:
            words = words[1:]
        names.add(r"[ \t]+".join(regex.escape(w) for w in words))
    alternation = "|".join(sorted(names, key=lambda n: (-len(n), n)))
    return quick_search(regex.compile(rf"(?:{alternation})[^\n]*{_shapes()}"))


def _sentence_starts(text: str, lo: int, hi: int) -> list[int]:
    """Sentence start offsets in ``text[lo:hi]``, ``lo`` first."""
    return [lo, *(end for _, end in _boundaries(text, lo, hi))]


def _boundaries(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence boundary in ``text[lo:hi]``: a match of BOUNDARY_RE
    that does not follow an abbreviation or an initial."""
    out = []
    for m in BOUNDARY_RE.finditer(text, lo, hi):
        if m.group() != "\n":
            dot = text.rfind(".", lo, m.start() + 1)
            if dot == m.start() - 1 or (dot >= 0 and text[m.start() - 1] == "."):
                w = LAST_WORD_RE.search(text[max(lo, dot - 12) : dot])
                if w and w.group().lower().rstrip(".") in ABBREVIATIONS:
                    continue
                if w and len(w.group()) == 1 and w.group().isupper():
                    continue  # an initial: "John F. Kennedy"
        out.append(m.span())
    return out


# How far before a pronoun its sentence and the one before are looked for first.
NEAR_SENTENCES = 300


def _last_two_starts(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The starts of the sentence before the one that holds ``hi`` and of that one (equal
    when there is one): the last two of ``_sentence_starts(text, lo, hi)``, for a window
    ``[lo, hi)`` that holds no line break.

    They are looked for in the last NEAR_SENTENCES characters first: a long line has a
    pronoun every few sentences, and reading its whole window (1,500 characters) for each
    one cost the most of the pass.  A boundary starting 13 or more characters into the short
    window is judged as in the whole one (the abbreviation test reads the 12 characters
    before its full stop, and the window holds no line break for a shorter match to start
    at), so when two such boundaries are found they are the whole window's last two."""
    near = hi - NEAR_SENTENCES
    if near > lo:
        found = _boundaries(text, near, hi)
        if len(found) >= 2 and found[-2][0] >= near + 13:
            return found[-2][1], found[-1][1]
    starts = _sentence_starts(text, lo, hi)
    return (starts[-2] if len(starts) > 1 else starts[-1]), starts[-1]


def _skip_blanks(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _map_pronoun(word: str, possessive: bool) -> str:
    low = word.lower()
    if low in ("himself", "herself"):
        new = "itself"
    elif low == "his" or (low == "her" and possessive):
        new = "its"
    else:
        new = "it"
    return new.capitalize() if word[0].isupper() else new


class PronounsPass(Pass):
    name = FAMILY
    # A pronoun's antecedent is looked for in its sentence and the one before, never across a
    # line break (_resolve): what the pass finds on a line depends on that line alone.
    line_local = True
    rules = (PRONOUN_FOR_THING,)

    @property
    def trigger(self) -> regex.Pattern[str]:
        return pronouns_trigger()

    def check(self, doc: Document) -> Iterator[Finding]:
        if not (doc.wants(PRONOUN_FOR_THING)):
            return
        text = doc.text
        if not _antecedent_then_shape()(text):
            return
        flagged: set[int] = set()
        for m in PRONOUN_RE.finditer(text):
            found = self._resolve(text, m, flagged)
            if found is None:
                continue
            ante_start, name, new = found
            if doc.is_protected(ante_start, m.end()):
                continue
            flagged.add(m.start())
            yield doc.finding(
                PRONOUN_FOR_THING,
                m.start(),
                m.end(),
                f"{m.group()!r} refers to {name}: English uses {new!r}",
                [Edit(m.start(), m.end(), new)],
            )

    def _resolve(self, text: str, m: regex.Match[str], flagged: set[int]) -> tuple[int, str, str] | None:
        """The antecedent's start and name and the replacement, or None when the pronoun is not ours."""
        pos = m.start()
        line_start = text.rfind("\n", max(0, pos - 1500), pos) + 1
        lo = max(line_start, pos - 1500)
        prev_sent, sent = _last_two_starts(text, lo, pos)
        g = ANTE_GAP_RE.search(text, sent, pos)
        if g is None:
            return None
        found = self._antecedent(text, sent, g)
        if found is None:
            return None
        ante_start, key, before_words = found
        kind = antecedent_kinds().get(key)
        if kind is None:
            return None
        gap = g.group("gap").split()
        pron = m.group().lower()
        after = text[m.end() : m.end() + 80]
        # ``Ukraine and her allies``: a state and what it owns, joined by "and"; the pronoun
        # binds to the name beside it wherever the pair stands in the sentence.
        if [w.lower() for w in gap] == ["and"] and pron in ("his", "her") and self._before_state_noun(after):
            if kind in SPEAKING_KINDS and not self._names_an_owner(
                text, sent, pos, (g.start("ante"), g.end("ante")), pron
            ):
                return ante_start, key, _map_pronoun(m.group(), True)
            return None
        # The name must open its clause: nothing before it in the sentence, or an opener.
        if before_words:
            prev = before_words[-1]
            if not (prev.lower() in OPENERS or prev[-1] in ',:“"‘«(['):
                return None
        if not self._gap_ok(gap):
            return None
        use = self._pronoun_use(pron, gap, after, kind)
        if use is None:
            return None
        possessive, needs_context = use
        region_start = prev_sent if needs_context else sent
        if self._names_a_person(text, region_start, pos, (g.start("ante"), g.end("ante")), flagged):
            return None
        return ante_start, key, _map_pronoun(m.group(), possessive)

    @staticmethod
    def _antecedent(text: str, sent: int, g: regex.Match[str]) -> tuple[int, str, list[str]] | None:
        """The name before the gap: its start, its key in the antecedent list (with "the" if
        the text has it) and the words before it in the sentence; None if no name is left."""
        tokens = g.group("ante").split()
        ante_start = g.start("ante")
        # Leading function words ("But Russia", "The Kremlin") are not part of the name.
        while tokens and tokens[0].lower() in COMMON_CAPITALISED and tokens[0] not in THE:
            ante_start = _skip_blanks(text, ante_start + len(tokens[0]))
            tokens = tokens[1:]
        with_the = False
        if tokens and tokens[0] in THE:
            with_the = True
            ante_start = _skip_blanks(text, ante_start + len(tokens[0]))
            tokens = tokens[1:]
        if not tokens:
            return None
        name = " ".join(tokens)
        before = text[sent : g.start("ante")] + text[g.start("ante") : ante_start]
        before_words = before.split()
        if before_words and before_words[-1] in THE:
            with_the = True
            before_words = before_words[:-1]
        return ante_start, f"the {name}" if with_the else name, before_words

    def _pronoun_use(self, pron: str, gap: list[str], after: str, kind: str) -> tuple[bool, bool] | None:
        """(possessive, needs_context) when the pronoun, after this gap, stands for the
        antecedent; None when it does not."""
        if pron in ("himself", "herself"):
            return False, False
        if pron in ("his", "her") and self._before_state_noun(after):
            return True, False
        if pron in ("he", "she"):
            return self._subject_use(gap, after, kind)
        if pron in ("him", "her"):
            return self._object_use(gap, after, kind)
        return None

    @staticmethod
    def _subject_use(gap: list[str], after: str, kind: str) -> tuple[bool, bool] | None:
        last = gap[-1].lower()
        if last in ("that", "which") and len(gap) >= 2 and gap[-2].lower() not in REPORTING_VERBS:
            if not NEED_AFTER_RE.match(after):
                return None
            return False, False
        if kind not in SPEAKING_KINDS:
            return None
        if last == "that" and len(gap) >= 2:
            last = gap[-2].lower()
        if last not in REPORTING_VERBS or not REPORTED_AUX_RE.match(after):
            return None
        if PASSIVE_AFTER_RE.match(after):
            return None
        return False, True

    @staticmethod
    def _object_use(gap: list[str], after: str, kind: str) -> tuple[bool, bool] | None:
        if kind not in SPEAKING_KINDS:
            return None
        words = [w.lower() for w in gap]
        if (
            len(words) < 4
            or words[-1] not in OBJECT_VERBS
            or words[-2] != "to"
            or not OBJECT_AFTER_RE.match(after)
            or not any(w in ASKING_VERBS for w in words[:2])
            or not any(w in HELPERS for w in words[1:-2])
        ):
            return None
        return False, True

    @staticmethod
    def _gap_ok(gap: list[str]) -> bool:
        words = [w.lower() for w in gap]
        for w in words:
            # "it" may stand in the gap: "Volkswagen said it would cut his workforce" is the
            # second round of the same repair.
            if w in PERSON_NOUNS or w in PERSON_PRONOUNS or w in ("i", "we", "you", "one"):
                return False
        i = 0
        while i < len(words) - 1 and words[i] in ADVERBS:
            i += 1
        first = words[i]
        if first in AUX_AND_IRREGULAR:
            return True
        return first not in NOT_VERBS and (first.endswith("ed") or first.endswith("s"))

    @staticmethod
    def _before_state_noun(after: str) -> bool:
        nxt = NEXT_WORDS_RE.match(after)
        if nxt is None:
            return False
        words = [w.lower() for w in nxt.groups() if w]
        return any(w in STATE_NOUNS for w in words[:2])

    @staticmethod
    def _names_an_owner(text: str, lo: int, hi: int, ante: tuple[int, int], pron: str) -> bool:
        """Whether ``text[lo:hi]`` names someone else that ``pron`` (his, her) could mean: a
        person noun, a pronoun of the same gender, or a capitalised word past the sentence's
        first that is no listed name (``Merkel praised Ukraine and her allies``)."""
        names = _name_tokens()
        same = ("he", "him", "his", "himself") if pron == "his" else ("she", "her", "hers", "herself")
        for i, w in enumerate(WORD_RE.finditer(text, lo, hi)):
            if ante[0] <= w.start() < ante[1]:
                continue
            tok = w.group()
            low = tok.lower()
            if low in PERSON_NOUNS or low in same:
                return True
            if i == 0 or not tok[0].isupper():
                continue
            base = POSSESSIVE_END_RE.sub("", tok)
            if base in names or base.lower() in COMMON_CAPITALISED or base.lower() in NON_PERSON_CAPITALISED:
                continue
            return True
        return False

    @staticmethod
    def _names_a_person(text: str, lo: int, hi: int, ante: tuple[int, int], flagged: set[int]) -> bool:
        """Whether ``text[lo:hi]`` (bar the antecedent) mentions someone a pronoun could mean."""
        names = _name_tokens()
        for w in WORD_RE.finditer(text, lo, hi):
            if ante[0] <= w.start() < ante[1]:
                continue
            tok = w.group()
            low = tok.lower()
            if low in PERSON_PRONOUNS:
                if w.start() in flagged:
                    continue
                return True
            if low in PERSON_NOUNS:
                return True
            if not tok[0].isupper():
                continue
            base = POSSESSIVE_END_RE.sub("", tok)
            if base in names or base.lower() in COMMON_CAPITALISED or base.lower() in NON_PERSON_CAPITALISED:
                continue
            if base == "I":
                continue
            return True
        return False
