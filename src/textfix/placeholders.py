"""The placeholder grammar: the tokens a translation must carry over untouched.

Software strings and anonymised corpora carry placeholders (``{0}``, ``%1$s``, ``#PRS_ORG#``)
that a translation engine should copy verbatim.  Engines trained on tokenized text split and
respace them instead (``# PRS_ORG #``, ``#Product 1 #``).  This module names the forms, finds
them, and repairs a respaced one only when its pieces join into exactly one known form.

>>> [p.text for p in find_placeholders("Hello {name}, you have %d new #Product1# items")]
['{name}', '%d', '#Product1#']
>>> repair_hash_placeholder("# PRS_ORG #")
'#PRS_ORG#'
>>> repair_hash_placeholder("#New idea #") is None
True

Extra forms come from configuration as regular expressions (``[tool.textfix.bilingual]
placeholder-patterns``), and extra anonymisation names as plain names (``[tool.textfix.residue]
placeholder-names``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = [
    "BUILTIN_PATTERNS",
    "KNOWN_HASH_NAME_RE",
    "MODEL_TOKEN_NAMES",
    "SPLIT_HASH_GLUED_RE",
    "SPLIT_HASH_RE",
    "Placeholder",
    "PlaceholderGrammar",
    "find_placeholders",
    "placeholder_counts",
    "repair_hash_placeholder",
]

# Angle-bracket tokens that are decoder vocabulary, not markup: residue handles them, and the
# tag form below must not take them for HTML.
MODEL_TOKEN_NAMES = frozenset({"unk", "s", "pad", "url", "mask", "sep", "cls", "eos", "bos"})

# Markup a segment may carry: HTML inline and block elements, XLIFF inline codes.  Only these
# count as tags, so "<Toraya>" (Japanese title brackets rendered as angle brackets) is text.
TAG_NAMES = frozenset(
    """a abbr b big blockquote body br button caption cite code col dd del div dl dt em font
    h1 h2 h3 h4 h5 h6 head hr html i img input ins kbd label li link meta ol p pre q s samp
    small span strike strong sub sup table tbody td th thead title tr tt u ul var
    g x bx ex ph it bpt ept mrk sc ec pc""".split()
)

# Each form is bounded in length so a hostile input cannot make one attempt run long.
BUILTIN_PATTERNS: dict[str, str] = {
    # #NAME#: anonymisation markers (WMT's #PRS_ORG#, #Product1#) and template fields.
    "hash": r"#[A-Za-z][A-Za-z0-9_]{0,40}#",
    # {{var}} (Jinja, Mustache, Angular) before the single-brace forms.
    "double-brace": r"\{\{[ ]?[A-Za-z_][A-Za-z0-9_.]{0,40}[ ]?\}\}",
    # {0}, {1}: .NET / ICU positional arguments.
    "brace-index": r"(?<!\{)\{[0-9]{1,3}\}(?!\})",
    # {name}: Python str.format, ICU named arguments.
    "brace-name": r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]{0,40}\}(?!\})",
    # %s, %d, %1$s, %.2f, %(name)s: printf and Python's named form (gettext's python-format,
    # Django's catalogues); not after a digit, so "50%s" of prose is not one.
    "printf": r"(?<![0-9%])%(?:[1-9]\$|\([A-Za-z_][A-Za-z0-9_]{0,40}\))?(?:\.[0-9])?[sdifuxX@](?![A-Za-z])",
    # <b>, </b>, <br/>, <a href="...">: markup tags (model tokens are excluded by name).
    "tag": r"</?(?i:" + "|".join(sorted(TAG_NAMES, key=len, reverse=True)) + r")(?:\s[^<>\n]{0,200})?/?>",
    # $VAR, ${var}: shell and template variables (upper case, so prices are not).
    "dollar": r"\$(?:\{[A-Za-z_][A-Za-z0-9_]{0,40}\}|[A-Z_][A-Z0-9_]{1,40}\b)",
}

# Names used by anonymisation schemes (WMT's general test sets, Europarl-style corpora).
# A respaced marker is repaired only when its pieces join into one of these (or into a name
# the source or the text itself spells intact).
KNOWN_HASH_NAME_RE = regex.compile(
    r"(?:PRS_ORG|NAME|NUMBER|URL|EMAIL|PHONENUMBER|PHONE|ADDRESS|DATE|TIME|USERNAME|"
    r"Product|Person|Organization|Company|Location|Address|Email|Phone|Url|Name)[0-9]{0,3}"
)

# A #...# marker with whitespace inside: up to three pieces, each bounded.
SPLIT_HASH_RE = regex.compile(
    r"(?<![A-Za-z0-9_#])#(?P<body>[ \t]{0,2}[A-Za-z0-9_]{1,40}(?:[ \t]{1,2}[A-Za-z0-9_]{1,40}){0,2}[ \t]{0,2})#"
    r"(?![A-Za-z0-9_#])"
)


# The same, glued to the next word ("#Product2 #tax-free"): which side the word belongs to is
# certain only when the source spells the marker, so callers accept these only then.
SPLIT_HASH_GLUED_RE = regex.compile(
    r"(?<![A-Za-z0-9_#])#(?P<body>[ \t]{0,2}[A-Za-z0-9_]{1,40}(?:[ \t]{1,2}[A-Za-z0-9_]{1,40}){0,2}[ \t]{1,2})#"
    r"(?=[A-Za-z0-9_]{1,40}(?![A-Za-z0-9_#]))"
)


@dataclass(frozen=True, slots=True)
class Placeholder:
    kind: str
    text: str
    start: int
    end: int


class PlaceholderGrammar:
    """The built-in forms plus configured extra patterns, compiled into one alternation."""

    def __init__(self, extra_patterns: Iterable[str] = (), *, builtin: bool = True) -> None:
        forms = dict(BUILTIN_PATTERNS) if builtin else {}
        for i, pat in enumerate(extra_patterns):
            regex.compile(pat)  # fail early on a bad configured pattern
            forms[f"custom{i + 1}"] = pat
        self.kinds = tuple(forms)
        self.pattern = regex.compile("|".join(f"(?P<k{i}>{p})" for i, p in enumerate(forms.values())))

    def find(self, text: str) -> Iterator[Placeholder]:
        for m in self.pattern.finditer(text):
            kind = self.kinds[m.lastindex - 1] if m.lastindex else "custom"
            # lastindex can point at a nested group of a custom pattern: find the outer one.
            for i in range(len(self.kinds)):
                if m.group(f"k{i}") is not None:
                    kind = self.kinds[i]
                    break
            tok = m.group()
            if kind == "tag" and _tag_name(tok) in MODEL_TOKEN_NAMES:
                continue
            yield Placeholder(kind, tok, m.start(), m.end())


_TAG_NAME_RE = regex.compile(r"</?([A-Za-z0-9]+)")
_BLANKS_RE = regex.compile(r"\s+")


def _tag_name(tag: str) -> str:
    m = _TAG_NAME_RE.match(tag)
    return m.group(1).lower() if m else ""


@lru_cache(maxsize=8)
def grammar(extra_patterns: tuple[str, ...] = ()) -> PlaceholderGrammar:
    return PlaceholderGrammar(extra_patterns)


def find_placeholders(text: str, extra_patterns: tuple[str, ...] = ()) -> list[Placeholder]:
    """Every placeholder in ``text``, left to right."""
    return list(grammar(extra_patterns).find(text))


def _normal(tok: str) -> str:
    # "{{ name }}" and "{{name}}" are the same Jinja field.
    return _BLANKS_RE.sub("", tok) if tok.startswith("{{") else tok


def placeholder_counts(text: str, extra_patterns: tuple[str, ...] = ()) -> Counter[str]:
    return Counter(_normal(p.text) for p in find_placeholders(text, extra_patterns))


def repair_hash_placeholder(damaged: str, known: Iterable[str] = ()) -> str | None:
    """The one intact ``#NAME#`` that a respaced marker stands for, or None if not certain.

    The pieces are joined without a space and with an underscore; exactly one of the
    results must be a known name (built in, or in ``known``).
    """
    m = SPLIT_HASH_RE.fullmatch(damaged) or SPLIT_HASH_GLUED_RE.match(damaged)
    if m is None:
        return None
    body = m.group("body")
    pieces = body.split()
    if not pieces or body == "".join(pieces):
        return None  # nothing respaced
    known_set = set(known)
    candidates = {"".join(pieces), "_".join(pieces)}
    hits = {c for c in candidates if c in known_set or KNOWN_HASH_NAME_RE.fullmatch(c)}
    if len(hits) != 1:
        return None
    return f"#{hits.pop()}#"
