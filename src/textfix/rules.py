"""The rule registry: every rule's stable code, name, documentation and defaults.

Codes are a family letter (or letters) plus three digits (``S101``); names are kebab-case
(``space-before-punctuation``).  A rule is defined once, next to the pass that implements
it, by calling :func:`rule`; the registry, the CLI's ``rules`` listing, selection by code
or prefix and the generated docs all read from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from textfix.errors import SelectionError
from textfix.languages import language_base
from textfix.model import Applicability, Severity

__all__ = ["RULES", "Rule", "SelectionError", "get_rule", "regrade", "resolve_selection", "rule"]

CODE_RE = regex.compile(r"[A-Z]{1,3}[0-9]{3}")
NAME_RE = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    summary: str
    why: str
    bad: str
    good: str
    keep: tuple[str, ...]
    fix: Applicability | None
    severity: Severity = Severity.WARNING
    default: bool = True
    languages: tuple[str, ...] = ("*",)
    not_languages: tuple[str, ...] = ()
    lang: str = "en"  # language of the bad/good/keep examples
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # What gates the rule in the pipeline (see Pass): its branch of the pass's trigger (a
    # pattern string, with no lookaround, \b or backreference, so RE2 reads it exactly) and a
    # screen for what no pattern can see.  Both may only widen: a text neither admits must
    # hold no finding of the rule.  A pass whose rules declare none is gated as a whole.
    trigger: str | None = field(default=None, compare=False, hash=False)
    screen: Callable[[str], bool] | None = field(default=None, compare=False, hash=False, repr=False)

    def applies_to_lang(self, lang: str) -> bool:
        if not self.not_languages and self.languages == ("*",):
            return True
        base = language_base(lang)
        if base in self.not_languages:
            return False
        return "*" in self.languages or base in self.languages

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "family": self.family,
            "summary": self.summary,
            "why": self.why,
            "bad": self.bad,
            "good": self.good,
            "keep": list(self.keep),
            "fix": self.fix.value if self.fix else None,
            "severity": self.severity.value,
            "default": self.default,
            "languages": list(self.languages),
            "not_languages": list(self.not_languages),
        }


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    *,
    family: str,
    summary: str,
    why: str,
    bad: str,
    good: str,
    keep: Iterable[str],
    fix: Applicability | None,
    severity: Severity = Severity.WARNING,
    default: bool = True,
    languages: Iterable[str] = ("*",),
    not_languages: Iterable[str] = (),
    lang: str = "en",
    extra: dict[str, Any] | None = None,
    trigger: str | None = None,
    screen: Callable[[str], bool] | None = None,
) -> Rule:
    """Define and register a rule.  Called at import time of the pass module.

    ``extra`` flags: ``needs_context`` (the examples need a source text, so the registry
    contract test leaves them to the pass's own tests), ``needs_service`` (an external server
    such as LanguageTool), ``moved_down_from`` (the grade, ``"safe"`` or ``"unsafe"``, a rule
    had before its judged precision on real text moved it down; docs/precision.md).
    """
    if not CODE_RE.fullmatch(code):
        raise ValueError(f"malformed rule code {code!r}")
    if not NAME_RE.fullmatch(name):
        raise ValueError(f"malformed rule name {name!r}")
    r = Rule(
        code=code,
        name=name,
        family=family,
        summary=summary,
        why=why,
        bad=bad,
        good=good,
        keep=tuple(keep),
        fix=fix,
        severity=severity,
        default=default,
        languages=tuple(languages),
        not_languages=tuple(not_languages),
        lang=lang,
        extra=dict(extra or {}),
        trigger=trigger,
        screen=screen,
    )
    old = RULES.get(code)
    if old is not None and old != r:
        raise ValueError(f"rule code {code} registered twice")
    if any(o.name == name and o.code != code for o in RULES.values()):
        raise ValueError(f"rule name {name} registered twice")
    RULES[code] = r
    return r


# Bumped by every regrade, so that pipelines drop the plans they built for the old grades.
_grades_generation = 0


def regrade(r: Rule, fix: Applicability | None) -> None:
    """Give ``r`` another fix grade in place, for tests and measurements that check a rule
    at the grade it had before its precision moved it down (a rule is a frozen value its pass
    shares, so this is the one sanctioned way to change it); pipelines notice."""
    global _grades_generation
    object.__setattr__(r, "fix", fix)
    _grades_generation += 1


def grades_generation() -> int:
    return _grades_generation


def get_rule(code_or_name: str) -> Rule:
    key = code_or_name.strip()
    if key.upper() in RULES:
        return RULES[key.upper()]
    for r in RULES.values():
        if r.name == key:
            return r
    raise KeyError(code_or_name)


def _check_selectors(selectors: Iterable[str]) -> list[str]:
    out = []
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        up = s.upper()
        if up == "ALL" or any(c.startswith(up) for c in RULES):
            out.append(up)
            continue
        named = [r.code for r in RULES.values() if r.name == s or r.family == s]
        if named:
            out.extend(named)
            continue
        raise SelectionError(f"unknown rule code, prefix or name: {s!r}")
    return out


def _best(code: str, selectors: list[str]) -> int:
    """Length of the most specific selector matching ``code`` (-1 if none; ALL counts 0).

    ``ALL`` leaves out rules that need an external service (LanguageTool): with them,
    ``select = ["ALL"]`` (the README's example) failed every run on a machine without a
    server.  They are selected by their own code or prefix (``LT``) or ``--grammar``.
    """
    best = -1
    for s in selectors:
        if s == "ALL":
            if not RULES[code].extra.get("needs_service"):
                best = max(best, 0)
        elif code.startswith(s):
            best = max(best, len(s))
    return best


def resolve_selection(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> frozenset[str]:
    """The enabled rule codes, ruff-style.

    ``select`` replaces the default set; ``extend_select`` adds to it; ``ignore`` removes.
    Selectors are codes, code prefixes (``S``, ``S1``), rule names, family names or ``ALL``.
    Between a select and an ignore that both match, the more specific one wins; on a tie,
    ignore wins.
    """
    sel = _check_selectors(select) if select is not None else None
    ext = _check_selectors(extend_select or ())
    ign = _check_selectors(ignore or ())
    enabled = set()
    for code, r in RULES.items():
        s = max(_best(code, sel) if sel is not None else (0 if r.default else -1), _best(code, ext))
        if s < 0:
            continue
        if _best(code, ign) >= s:
            continue
        enabled.add(code)
    return frozenset(enabled)
