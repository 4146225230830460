"""The languages textfix knows, and the one check every ``--lang`` and ``lang =`` goes through.

A language is known when textfix has something to say about its text: a rule limited to it
or excluding it, a quotation-mark table, a LanguageTool mapping, or simply being one of the
languages machine translation systems are commonly evaluated on (the WMT languages), whose
text the language-neutral rules serve.  ``--lang xx`` used to be accepted silently and ran the
English-only rules on nothing; now it is an error naming the known codes.

Per-language tables (typography, quotes, spacing) extend this registry with
:func:`register_language` when they add a language, so the check stays in one place.

>>> normalize_language("en-US")
'en-us'
>>> language_base("pt-BR")
'pt'
>>> check_language("xx")
Traceback (most recent call last):
...
textfix.errors.UsageError: unknown language 'xx'; textfix knows: ...

Per-language typography
-----------------------
Per-language typography: one table per language, read by the passes that exist.

Each entry says how a language's human translators set their text: the quotation marks
(outer and inner pair, plus the other pairs the language's own house styles use, which are
never "repaired"), the space before each punctuation mark, the space inside guillemets, the
parenthetical dash, the ellipsis and the digit grouping.  The quotes, spacing, unicode,
dashes and numbers passes ask :func:`typography` for the text's language; adding a language means adding
an entry here and its golden and must-not-change cases in ``corpora/languages/cases.toml``.

Why a Python table and not TOML: the passes consult it on every document, so it must be
importable without reading or validating a file at run time; a frozen dataclass gives each
field a type a type checker sees, and :func:`_validate` checks every entry at import.  The
cases that exercise each table are data, in ``corpora/languages/``.

Tags are BCP-47: ``de-CH`` and ``de-ch`` and ``de_CH`` are one tag; a tag with no entry of its
own falls back to its script (``zh-TW`` -> ``zh-Hant``) and then to its language (``de-AT``
-> ``de``).  A language with no entry has no typography textfix may impose: the passes then
leave its quotation style, spacing and dashes alone.

>>> typography("de-CH").quotes
('«', '»')
>>> typography("pt-BR").quotes, typography("pt-PT").quotes
(('“', '”'), ('«', '»'))
>>> typography("nl") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from textfix.errors import UsageError

__all__ = [
    "LANGUAGES",
    "NBSP",
    "NNBSP",
    "Typography",
    "check_language",
    "cjk_languages",
    "detect_language",
    "english_number_languages",
    "has_typography",
    "hyphen_dash_languages",
    "language_base",
    "normalize_language",
    "register_language",
    "table_tags",
    "tabled_languages",
    "typography",
]

# ISO 639-1 code -> English name.  The WMT news/general task languages and those the rules
# and tables name (see tests/test_languages.py, which checks every code a rule names is here).
LANGUAGES: dict[str, str] = {
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "hr": "Croatian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}

# A BCP 47-like tag: a 2-3 letter language, then optional region/script subtags.
TAG_RE = regex.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def register_language(code: str, name: str) -> None:
    """Make ``code`` (a base language code such as ``"gl"``) known, named ``name``."""
    if not regex.fullmatch(r"[a-z]{2,3}", code):
        raise ValueError(f"malformed language code {code!r}: two or three lowercase letters")
    LANGUAGES.setdefault(code, name)


def normalize_language(tag: str) -> str:
    """``tag`` in lowercase with ``-`` between subtags."""
    return tag.strip().replace("_", "-").lower()


@lru_cache(maxsize=512)
def language_base(tag: str) -> str:
    """The base language of ``tag``: ``"pt"`` for ``"pt-BR"`` (remembered: asked per rule and
    per text)."""
    return normalize_language(tag).split("-")[0]


def check_language(tag: object, where: str = "") -> str:
    """``tag`` if textfix knows its base language, else a :class:`UsageError` listing them.

    ``where`` prefixes the message (a configuration file and key).
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(tag, str) or not TAG_RE.fullmatch(tag.strip()):
        raise UsageError(f'{prefix}expected a language code such as "en" or "pt-BR", got {tag!r}')
    if language_base(tag) not in LANGUAGES:
        raise UsageError(f"{prefix}unknown language {tag!r}; textfix knows: {', '.join(sorted(LANGUAGES))}")
    return tag.strip()


# -- per-language typography ----------------------------------------------------------------


NBSP = "\u00a0"
NNBSP = "\u202f"
# Punctuation whose spacing the table governs.
SPACED_PUNCT = ",.;:!?"


@dataclass(frozen=True)
class Typography:
    """How one language sets quotation marks, punctuation spacing, dashes and numbers."""

    tag: str
    quotes: tuple[str, str]  # the outer pair: opening, closing
    inner: tuple[str, str]  # the pair for a quotation inside a quotation
    # Other pairs the language's own house styles use (German books' »…«, Croatian »…«):
    # correct text, so never converted; their presence also makes a conversion *to* the main
    # pair a guess, so such conversions are only offered as unsafe fixes.
    alt_quotes: tuple[tuple[str, str], ...] = ()
    # The space before each of , . ; : ! ?: "" none, " " a space, NBSP or NNBSP.  A mark not
    # listed takes none.
    space_before: dict[str, str] = field(default_factory=dict)
    quote_space: str = ""  # inside « »: French sets a no-break space there
    dash: str = " – "  # the parenthetical dash, with its spacing
    # True where a spaced hyphen between two words is never right and always means the dash
    # (Russian and Ukrainian typography has no spaced hyphen).
    hyphen_is_dash: bool = False
    # The ellipsis U202 sets for ``...`` in CJK text.  In Latin and Cyrillic script ``...`` is as
    # right as ``…`` (and the space before one carries meaning), so nothing imposes it there.
    ellipsis: str = "…"
    # Digit grouping separator (thousands) and decimal sign: N201 and N202 repair the English
    # ``1,000.5`` by them where the language writes numbers otherwise.
    group: str = ","
    decimal: str = "."
    # Chinese and Japanese: full-width punctuation between CJK characters, and the comma
    # that replaces an ASCII one there (Japanese writes the ideographic comma 、).
    cjk: bool = False
    cjk_comma: str = "，"

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Every quotation pair that is correct in this language."""
        return frozenset((self.quotes, self.inner, *self.alt_quotes))

    @property
    def base(self) -> str:
        return self.tag.split("-")[0]

    def space_needed(self, punct: str) -> str:
        return self.space_before.get(punct, "")


_FR_SPACES = {";": NBSP, ":": NBSP, "!": NBSP, "?": NBSP}

_TABLES: tuple[Typography, ...] = (
    Typography("en", ("“", "”"), ("‘", "’"), dash="—", group=",", decimal="."),
    # German: „…“ with ‚…‘ inside; book typography's »…« is German too.
    Typography("de", ("„", "“"), ("‚", "‘"), alt_quotes=(("»", "«"), ("›", "‹")), group=".", decimal=","),
    # Swiss German takes the guillemets (pointing outwards) and the apostrophe for thousands.
    Typography("de-ch", ("«", "»"), ("‹", "›"), alt_quotes=(("„", "“"), ("‚", "‘")), group="’", decimal="."),
    Typography("cs", ("„", "“"), ("‚", "‘"), alt_quotes=(("»", "«"), ("›", "‹")), group=NBSP, decimal=","),
    Typography("sk", ("„", "“"), ("‚", "‘"), alt_quotes=(("»", "«"), ("›", "‹")), group=NBSP, decimal=","),
    # Polish: „…” with «…» inside.
    Typography("pl", ("„", "”"), ("«", "»"), group=NBSP, decimal=","),
    # Croatian: „…” or »…« as house style decides; „…“ is common in print and in the WMT22
    # references, so all three are left alone.
    Typography(
        "hr",
        ("„", "”"),
        ("‘", "’"),
        alt_quotes=(("»", "«"), ("„", "“"), ("‚", "’"), ("‚", "‘")),
        group=".",
        decimal=",",
    ),
    Typography("ru", ("«", "»"), ("„", "“"), dash=" — ", hyphen_is_dash=True, group=NBSP, decimal=","),
    Typography("uk", ("«", "»"), ("„", "“"), dash=" — ", hyphen_is_dash=True, group=NBSP, decimal=","),
    # French: « … » with no-break spaces inside, and a no-break space before ; : ! ?.  The
    # narrow no-break space (U+202F) of the Imprimerie nationale is as correct and is kept
    # where a text has it; the repairs insert U+00A0, which the WMT22 reference uses.
    Typography("fr", ("«", "»"), ("“", "”"), space_before=_FR_SPACES, quote_space=NBSP, group=NNBSP, decimal=","),
    # Canadian French (OQLF): a space before the colon only.
    Typography("fr-ca", ("«", "»"), ("“", "”"), space_before={":": NBSP}, quote_space=NBSP, group=NBSP, decimal=","),
    # Spanish, Italian and European Portuguese: «…» by the academies, “…” in much of the press.
    Typography("es", ("«", "»"), ("“", "”"), alt_quotes=(("“", "”"), ("‘", "’")), dash=" —", group=".", decimal=","),
    Typography("it", ("«", "»"), ("“", "”"), alt_quotes=(("“", "”"), ("‘", "’")), group=".", decimal=","),
    Typography("pt", ("«", "»"), ("“", "”"), alt_quotes=(("“", "”"), ("‘", "’")), group=NBSP, decimal=","),
    Typography("pt-br", ("“", "”"), ("‘", "’"), group=".", decimal=",", dash=" — "),
    # Chinese (mainland): “…” with ‘…’ inside, full-width punctuation; Taiwan and Hong Kong
    # take the corner brackets.
    Typography(
        "zh", ("“", "”"), ("‘", "’"), alt_quotes=(("「", "」"), ("『", "』")), dash="——", ellipsis="……", cjk=True
    ),
    Typography(
        "zh-hant", ("「", "」"), ("『", "』"), alt_quotes=(("“", "”"), ("‘", "’")), dash="——", ellipsis="……", cjk=True
    ),
    # Japanese: 「…」 with 『…』 inside; “…” and 〝…〟 also occur in horizontal text.
    Typography(
        "ja",
        ("「", "」"),
        ("『", "』"),
        alt_quotes=(("“", "”"), ("〝", "〟"), ("〝", "〞")),
        dash="——",
        ellipsis="……",
        cjk=True,
        cjk_comma="、",
    ),
)

TABLES: dict[str, Typography] = {t.tag: t for t in _TABLES}
# Regions whose script decides: zh-TW is written in traditional characters.
_SCRIPT_OF_REGION = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh-cn": "zh", "zh-sg": "zh"}


def _validate() -> None:
    for t in _TABLES:
        assert t.tag == t.tag.lower(), t.tag
        for o, c in t.pairs:
            assert len(o) == len(c) == 1, (t.tag, o, c)
        for p, s in t.space_before.items():
            assert p in SPACED_PUNCT and s in ("", " ", NBSP, NNBSP), (t.tag, p, s)


_validate()


@lru_cache(maxsize=128)
def typography(tag: str) -> Typography | None:
    """The table for a BCP-47 tag: the tag itself, then its script, then its language."""
    t = normalize_language(tag)
    parts = t.split("-")
    candidates = [t]
    if len(parts) >= 2:
        candidates.append(_SCRIPT_OF_REGION.get(f"{parts[0]}-{parts[-1]}", ""))
        candidates.append(f"{parts[0]}-{parts[1]}")
        candidates.append(_SCRIPT_OF_REGION.get(f"{parts[0]}-{parts[1]}", ""))
    candidates.append(parts[0])
    for c in candidates:
        if c in TABLES:
            return TABLES[c]
    return None


def table_tags() -> frozenset[str]:
    """Every tag with a table of its own (``de``, ``de-ch``, ``pt-br``...); any BCP-47 tag whose
    language is among them resolves to one (see :func:`typography`)."""
    return frozenset(TABLES)


@lru_cache(maxsize=1)
def _identifier():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("lang='auto' needs py3langid: pip install 'textfix[langid]'") from e
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample: int = 20_000) -> tuple[str, float]:
    """Guess the language of ``text``: (ISO 639-1 code, probability).

    py3langid's model (97 languages) ships inside its wheel, so nothing is downloaded; it is
    loaded on first use (about a second).  An explicit ``lang`` always wins over a guess: the
    command line asks only for ``--lang auto``.
    """
    lang, prob = _identifier().classify(text[:sample])
    return str(lang), float(prob)


def tabled_languages(*, but: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Base languages with a table (for rules' ``languages``), less ``but``."""
    return tuple(sorted({t.base for t in _TABLES} - set(but)))


def hyphen_dash_languages() -> tuple[str, ...]:
    """Base languages in which a spaced hyphen between words is always a dash."""
    return tuple(sorted({t.base for t in _TABLES if t.hyphen_is_dash}))


def has_typography(tag: str) -> bool:
    """True when ``tag`` (any BCP-47 tag) resolves to a table (:func:`check_language` decides
    whether a language is accepted at all: one without a table is left alone)."""
    return typography(tag) is not None


def english_number_languages() -> tuple[str, ...]:
    """Base languages some table of which groups digits or writes decimals otherwise than
    English (``1,000.5``): the languages in which an English number format is foreign."""
    return tuple(sorted({t.base for t in _TABLES if (t.group, t.decimal) != (",", ".")}))


def cjk_languages() -> tuple[str, ...]:
    """Base languages whose text takes full-width punctuation (for rules' ``languages``)."""
    return tuple(sorted({t.base for t in _TABLES if t.cjk}))


for _t in _TABLES:
    if _t.base not in LANGUAGES:  # a table for a language the list above lacks
        raise AssertionError(f"typography table {_t.tag!r}: add its language to LANGUAGES")
