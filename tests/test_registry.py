"""Contract tests over the rule registry: every rule documents itself and does what it says.

Each rule's own ``bad``/``good``/``keep`` examples are run through a pipeline with only that
rule selected, so a rule cannot be registered without examples that actually exercise it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import textfix
from textfix.model import Applicability
from textfix.passes import PASS_CLASSES
from textfix.rules import CODE_RE, NAME_RE, RULES

ALL = sorted(RULES.values(), key=lambda r: r.code)
# Rules whose detection needs an external service or a source text; their examples are
# exercised in their own tests instead.
NEEDS_CONTEXT = {code for code, r in RULES.items() if r.extra.get("needs_context") or r.extra.get("needs_service")}


def test_codes_and_names_are_well_formed_and_unique():
    assert ALL, "no rules registered"
    names = [r.name for r in ALL]
    assert len(names) == len(set(names))
    for r in ALL:
        assert CODE_RE.fullmatch(r.code), r.code
        assert NAME_RE.fullmatch(r.name), r.name


def test_every_rule_belongs_to_exactly_one_pass():
    owners: dict[str, str] = {}
    for cls in PASS_CLASSES:
        for r in cls.rules:
            assert r.code not in owners, f"{r.code} owned by {owners[r.code]} and {cls.name}"
            owners[r.code] = cls.name
            assert r.family == cls.name, f"{r.code}: family {r.family} but pass {cls.name}"
    assert set(owners) == set(RULES), set(RULES) ^ set(owners)


def test_rules_share_a_prefix_per_family():
    prefix: dict[str, set[str]] = {}
    for r in ALL:
        prefix.setdefault(r.family, set()).add(r.code.rstrip("0123456789"))
    for fam, ps in prefix.items():
        assert len(ps) == 1, (fam, ps)
    flat = [p for ps in prefix.values() for p in ps]
    assert len(flat) == len(set(flat)), prefix


@pytest.mark.parametrize("rule", [r for r in ALL if r.code not in NEEDS_CONTEXT], ids=lambda r: r.code)
def test_rule_examples(rule):
    """bad is flagged and repaired to good; good and every keep example are left alone."""
    assert rule.summary and rule.why and rule.bad and rule.keep
    unsafe = rule.fix is Applicability.UNSAFE
    p = textfix.Pipeline(lang=rule.lang, select=[rule.code])
    found = [f for f in p.check(rule.bad) if f.code == rule.code]
    assert found, f"{rule.code} does not flag its own bad example"
    for f in found:
        assert 0 <= f.start <= f.end <= len(rule.bad)
        if rule.fix is None:
            # A report-only rule may keep its pass's edits as a suggestion (a rule moved down
            # for precision keeps them so it can be measured again), but never applies them.
            assert f.applicability is None, f"{rule.code} is declared unfixable but grades a fix"
        else:
            assert f.applicability is not None
            if rule.fix is Applicability.UNSAFE:
                assert f.applicability is Applicability.UNSAFE
    if rule.fix is not None:
        assert p.fix(rule.bad, unsafe=unsafe) == rule.good
        assert any(f.edits for f in found), f"{rule.code} is declared fixable but proposes no edit"
    else:
        assert p.fix(rule.bad, unsafe=True) == rule.bad
    for keep in (rule.good, *rule.keep):
        if rule.fix is None and keep == rule.good:
            continue
        assert [f.code for f in p.check(keep)] == [], (rule.code, keep)
        assert p.fix(keep, unsafe=True) == keep, (rule.code, keep)


def test_rule_docs_are_generated_and_current():
    """docs/rules.md is generated from the registry; regenerate it with `textfix rules --format markdown`."""
    from textfix.docs import rules_markdown

    doc = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `textfix rules --format markdown > docs/rules.md`"
    )


# --- the "adding a rule" checklist of CONTRIBUTING.md ----------------------------------------

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
# Rules whose golden cases cannot live in corpora/<family>/cases.toml, and why.
GOLDEN_ELSEWHERE = {
    "U106": "a lone surrogate cannot be written in TOML; the registry's own examples hold one",
}
NO_GOLDEN = NEEDS_CONTEXT | set(GOLDEN_ELSEWHERE)


def _golden_cases():
    """(folder, case, its snapshot lines, its selection) for every golden case."""
    import golden_snapshots

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    out = []
    for path in sorted(CORPORA.glob("*/cases.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        snap = golden_snapshots.read(golden_snapshots.snapshot_path(path))
        for case in data["case"]:
            out.append((path.parent.name, case, snap.get(case.get("id"), []), case.get("select", data.get("select"))))
    return out


def _own_folder(folder: str, rule) -> bool:
    # corpora/languages/ holds the per-language typography cases of every family.
    return folder in (rule.family, "languages")


def test_every_rule_has_a_bad_to_good_golden_case():
    """Checklist: corpora/<family>/cases.toml has a case with `expected` that the rule flags
    (as its snapshot, compared by test_golden with the real findings, says)."""
    flagged: set[str] = set()
    for folder, case, lines, _ in _golden_cases():
        if "expected" in case:
            codes = {ln.split(" ", 1)[0] for ln in lines}
            flagged.update(c for c in codes if c in RULES and _own_folder(folder, RULES[c]))
    missing = sorted(r.code for r in ALL if r.code not in flagged and r.code not in NO_GOLDEN)
    assert not missing, f"rules with no bad -> good case in corpora/<family>/cases.toml: {missing}"


def test_every_rule_has_a_must_not_change_golden_case():
    """Checklist: corpora/<family>/cases.toml has a case without `expected` run with the rule
    switched on, in a language the rule applies to."""
    covered: set[str] = set()
    for folder, case, _, select in _golden_cases():
        if "expected" in case:
            continue
        lang = case.get("lang", "en")
        for code in textfix.Pipeline(lang=lang, select=select).enabled:
            r = RULES[code]
            if _own_folder(folder, r) and r.applies_to_lang(lang):
                covered.add(code)
    missing = sorted(r.code for r in ALL if r.code not in covered and r.code not in NO_GOLDEN)
    assert not missing, f"rules with no must-not-change case (with the rule selected): {missing}"


def test_golden_exemptions_are_real():
    for code, why in GOLDEN_ELSEWHERE.items():
        assert code in RULES and why
    for code in NEEDS_CONTEXT:
        assert RULES[code].extra.get("needs_context") or RULES[code].extra.get("needs_service")


def test_every_rule_has_a_docs_entry():
    """Checklist: docs/rules.md, regenerated, has the rule's section and its table row."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for r in ALL:
        assert f"\n## {r.code} {r.name}\n" in doc, r.code
        assert f"| [{r.code}](#{r.code.lower()}-{r.name}) |" in doc, r.code


def test_contributing_checklist_names_what_these_tests_enforce():
    text = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("## Adding a rule", "cases.toml", "--update-goldens", "docs/rules.md", "tests/test_registry.py"):
        assert needle in text, needle
