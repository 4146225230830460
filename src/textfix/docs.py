"""Rule documentation generated from the registry (``textfix rule CODE``, docs/rules.md)."""

from __future__ import annotations

import unicodedata

from textfix.rules import RULES, Rule

FIX_WORDS = {"safe": "safe fix (applied by `textfix fix`)", "unsafe": "unsafe fix (applied with `--unsafe-fixes`)"}


def _langs(r: Rule) -> str:
    langs = "all" if "*" in r.languages else ", ".join(r.languages)
    if r.not_languages:
        langs += " except " + ", ".join(r.not_languages)
    return langs


def visible(text: str) -> str:
    """Show invisible characters (controls, format characters, surrogates) as escapes."""
    out = []
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _block(text: str) -> str:
    return "```text\n" + visible(text) + "\n```\n"


def rule_markdown(r: Rule, level: int = 2) -> str:
    h = "#" * level
    fix = FIX_WORDS.get(r.fix.value, "") if r.fix else "report only (no fix)"
    parts = [
        f"{h} {r.code} {r.name}\n",
        f"{r.summary}.\n",
        f"- Family: `{r.family}`\n- Severity: {r.severity.value}\n- Fix: {fix}\n"
        f"- Default: {'on' if r.default else 'off'}\n- Languages: {_langs(r)}\n",
        f"**Why machine translation produces it.** {r.why}\n",
        "**Bad:**\n\n" + _block(r.bad),
        "**Good:**\n\n" + _block(r.good),
        "**Must not change:**\n\n" + "".join(_block(k) for k in r.keep),
    ]
    return "\n".join(parts) + "\n"


def rules_markdown() -> str:
    head = (
        "# Rule reference\n\n"
        "Generated from the rule registry by `textfix rules --format markdown`; do not edit by hand.\n\n"
        "| Code | Name | Fix | Default | Summary |\n| --- | --- | --- | --- | --- |\n"
    )
    rows = []
    rules = sorted(RULES.values(), key=lambda r: r.code)
    for r in rules:
        fix = r.fix.value if r.fix else "none"
        rows.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {fix} | {'on' if r.default else 'off'} | {r.summary} |\n")
    body = "".join(rule_markdown(r) for r in rules)
    return head + "".join(rows) + "\n" + body
