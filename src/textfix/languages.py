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
"""

from __future__ import annotations

import regex

from textfix.errors import UsageError

__all__ = ["LANGUAGES", "check_language", "language_base", "normalize_language", "register_language"]

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


def language_base(tag: str) -> str:
    """The base language of ``tag``: ``"pt"`` for ``"pt-BR"``."""
    return normalize_language(tag).split("-")[0]


def check_language(tag: object, where: str = "") -> str:
    """``tag`` if textfix knows its base language, else a :class:`UsageError` listing them.

    ``where`` prefixes the message (a configuration file and key).
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(tag, str) or not TAG_RE.fullmatch(tag.strip()):
        raise UsageError(f"{prefix}expected a language code such as \"en\" or \"pt-BR\", got {tag!r}")
    if language_base(tag) not in LANGUAGES:
        raise UsageError(f"{prefix}unknown language {tag!r}; textfix knows: {', '.join(sorted(LANGUAGES))}")
    return tag.strip()
