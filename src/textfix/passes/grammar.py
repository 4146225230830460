"""LanguageTool's grammar, style and spelling rules, run beside textfix's own.

Off by default (``--grammar``, or ``extend-select = ["LT"]``).  The document is sent to a
LanguageTool server through ``language_tool_python.LanguageTool(lang, remote_server=URL)``;
the URL comes from the pass option ``url`` (``[tool.textfix.grammar] url = ...``) or the
``TEXTFIX_LANGUAGETOOL_URL`` environment variable.  With neither, a LanguageTool that
language-tool-python has already installed locally is used; otherwise the pass fails with a
message saying how to provide a server (``scripts/languagetool.sh start`` runs one on
127.0.0.1).  Nothing is ever downloaded.

Each finding carries LanguageTool's own rule id in ``Finding.detail`` and is filed under one
of three codes by LanguageTool's issue type.  Offsets: LanguageTool counts UTF-16 code units;
textfix counts code points.  language-tool-python converts them with process-wide class
state, so this pass does its own conversion from the raw offsets instead.

Fixes: LanguageTool's first suggestion is an unsafe fix, except for the rule ids listed in
the ``safe_rules`` option (by default whitespace and typography rules whose suggestion
is mechanical; each is justified by a must-not-change test).

No double reports: where a textfix rule that is switched on flags the same span for the same
reason (space before punctuation, doubled words, unpaired quotes or brackets), only
textfix's finding is kept.

Never touched without ``--grammar``: everything.  The rest of textfix never needs Java.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import regex

from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.options import Option
from textfix.rules import rule

FAMILY = "grammar"
ENV_URL = "TEXTFIX_LANGUAGETOOL_URL"
_NEEDS = {"needs_service": True}

LT_GRAMMAR = rule(
    "LT101",
    "languagetool-grammar",
    family=FAMILY,
    summary="LanguageTool grammar or style rule",
    why="Engines produce locally fluent but ungrammatical text (article agreement, verb forms) "
    "that LanguageTool's rules know.",
    bad="This is a apple.",
    good="This is an apple.",
    keep=["This is an apple."],
    fix=Applicability.UNSAFE,
    default=False,
    extra=_NEEDS,
)
LT_SPELLING = rule(
    "LT102",
    "languagetool-spelling",
    family=FAMILY,
    summary="LanguageTool spelling rule",
    why="Untranslated or garbled words survive decoding and read as misspellings.",
    bad="The goverment said so.",
    good="The government said so.",
    keep=["The government said so."],
    fix=Applicability.UNSAFE,
    severity=Severity.INFO,
    default=False,
    extra=_NEEDS,
)
LT_TYPOGRAPHY = rule(
    "LT103",
    "languagetool-typography",
    family=FAMILY,
    summary="LanguageTool typography or whitespace rule",
    why="Detokenization leaves whitespace and punctuation residue that LanguageTool's typography rules also catch.",
    bad="It works.This too.",
    good="It works. This too.",
    keep=["It works. This too."],
    # The highest grade: only rule ids in the ``safe_rules`` option get it; every other
    # typography suggestion is lowered to unsafe by the pass.
    fix=Applicability.SAFE,
    default=False,
    extra=_NEEDS,
)

# Mechanical whitespace/typography suggestions judged safe; tests/test_grammar.py holds a
# must-not-change example for each.
DEFAULT_SAFE_RULES = ("COMMA_PARENTHESIS_WHITESPACE", "SENTENCE_WHITESPACE")

# LanguageTool rules whose reports textfix's document model supersedes whenever the textfix
# family is on: LanguageTool pairs quotes per sentence and raises false alarms on quotations
# that span paragraphs, which the quotes pass understands.
SUPERSEDED = {
    "EN_UNPAIRED_QUOTES": ("Q",),
    "EN_UNPAIRED_BRACKETS": ("Q", "B"),
    "UNPAIRED_BRACKETS": ("Q", "B"),
    "DE_UNPAIRED_BRACKETS": ("Q", "B"),
    "DE_UNPAIRED_QUOTES": ("Q",),
    "FR_UNPAIRED_BRACKETS": ("Q", "B"),
}

# LanguageTool rules that report what a textfix rule reports, mapped to that rule's code
# prefix.  The textfix finding wins when it covers the same span.
OVERLAPS = {
    "CURRENCY_SPACE": ("S105",),
    "PERCENT_SPACE": ("S106",),
    "COMMA_PARENTHESIS_WHITESPACE": ("S101", "S102", "B"),
    "WHITESPACE_RULE": ("S104",),
    "ENGLISH_WORD_REPEAT_RULE": ("D101",),
    "DOUBLE_PUNCTUATION": ("S101",),
}

LT_LANG = {
    "en": "en-US",
    "de": "de-DE",
    "fr": "fr",
    "es": "es",
    "pt": "pt-PT",
    "nl": "nl",
    "it": "it",
    "pl": "pl-PL",
    "ru": "ru-RU",
    "uk": "uk-UA",
    "cs": "cs",
}
PARAGRAPH_RE = regex.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
ASTRAL_RE = regex.compile(r"[\U00010000-\U0010FFFF]")
# A paragraph longer than this is sent in pieces cut at line ends, so a long document without
# blank lines still spreads over the worker threads.
BATCH_CHARS = 4000


class GrammarServerError(RuntimeError):
    """The LanguageTool server cannot be reached or does not answer."""


_tools: dict[tuple[str, str], Any] = {}
_tools_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str, str], list[dict[str, Any]]] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 4096


def resolve_url(option: str | None) -> str | None:
    return option or os.environ.get(ENV_URL) or None


def _local_install() -> str | None:
    """Version of a LanguageTool that language-tool-python already installed, if any."""
    try:
        from language_tool_python.download_lt import get_language_tool_download_path
    except ImportError:
        return None
    try:
        base = get_language_tool_download_path()
    except Exception:  # any failure means "no local install"
        return None
    try:
        dirs = sorted(p.name for p in base.iterdir() if p.name.startswith("LanguageTool-"))
    except OSError:
        return None
    return dirs[-1].split("-", 1)[1] if dirs else None


def get_tool(url: str | None, lang: str) -> Any:
    """One language-tool-python client per (server, language) and process."""
    try:
        import language_tool_python
    except ImportError as e:
        raise GrammarServerError("the grammar pass needs language-tool-python: pip install 'textfix[grammar]'") from e
    key = (url or "local", lang)
    with _tools_lock:
        tool = _tools.get(key)
        if tool is not None:
            return tool
        if url:
            try:
                tool = language_tool_python.LanguageTool(lang, remote_server=url)
            except Exception as e:  # the library raises many kinds
                raise GrammarServerError(f"LanguageTool server at {url} did not answer: {e}") from e
        else:
            version = _local_install()
            if version is None:
                raise GrammarServerError(
                    "the grammar pass needs a LanguageTool server: set TEXTFIX_LANGUAGETOOL_URL "
                    "(e.g. http://127.0.0.1:8081; docs/grammar.md shows how to run one) or "
                    '[tool.textfix.grammar] url = "..."; no local LanguageTool is installed'
                )
            tool = language_tool_python.LanguageTool(lang, language_tool_download_version=version)
        _tools[key] = tool
        return tool


def _query(tool: Any, text: str) -> list[dict[str, Any]]:
    """Raw LanguageTool matches for ``text`` (offsets in UTF-16 code units)."""
    import urllib.parse

    url = urllib.parse.urljoin(tool._url, "check")  # private, but the raw offsets are needed
    response = tool._query_server(url, tool._create_params(text), method="post")
    return list(response["matches"])


def utf16_to_codepoints(text: str) -> list[int]:
    """Map each UTF-16 offset of ``text`` (up to its length) to a code-point offset."""
    out = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(i)  # the low surrogate belongs to the same code point
    out.append(len(text))
    return out


def _batches(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs (blank-line separated), long ones cut at line ends into BATCH_CHARS pieces."""
    for m in PARAGRAPH_RE.finditer(text):
        para = m.group()
        if not para.strip():
            continue
        start = m.start()
        while len(para) > BATCH_CHARS:
            cut = para.rfind("\n", 0, BATCH_CHARS)
            if cut <= 0:
                break
            yield start, para[:cut]
            start += cut + 1
            para = para[cut + 1 :]
        yield start, para


class GrammarPass(Pass):
    name = FAMILY
    rules = (LT_GRAMMAR, LT_SPELLING, LT_TYPOGRAPHY)
    option_specs = (
        Option("url", str, None, f"a LanguageTool server's URL (default: `{ENV_URL}`, else a local LanguageTool)"),
        Option(
            "safe_rules",
            list,
            DEFAULT_SAFE_RULES,
            "LanguageTool typography rule ids (LT103) whose fixes are safe; the rest are unsafe",
        ),
        Option("disabled_rules", list, (), "LanguageTool rule ids never reported"),
        Option("timeout", float, 60, "seconds to wait for the server before it is an error"),
        Option("concurrency", int, 4, "requests sent to the server at once"),
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        if not doc.text.strip():
            return  # nothing to ask the server
        url = resolve_url(self.option("url"))
        lang = LT_LANG.get(doc.base_lang, doc.lang)
        tool = get_tool(url, lang)
        timeout = float(self.option("timeout"))
        paragraphs = list(_batches(doc.text))
        results = self._check_paragraphs(tool, url or "local", lang, [p for _, p in paragraphs], timeout)
        safe = set(self.option("safe_rules"))
        disabled = set(self.option("disabled_rules"))
        own = self._own_findings(doc)
        superseded = {rid for rid, prefixes in SUPERSEDED.items() if any(c.startswith(prefixes) for c in doc.enabled)}
        for (start, para), matches in zip(paragraphs, results, strict=True):
            cp = utf16_to_codepoints(para) if ASTRAL_RE.search(para) else None
            for m in matches:
                rid = m["rule"]["id"]
                if rid in disabled or rid in superseded:
                    continue
                lo, hi = m["offset"], m["offset"] + m["length"]
                if cp is not None:
                    lo, hi = cp[min(lo, len(cp) - 1)], cp[min(hi, len(cp) - 1)]
                s, e = start + min(lo, len(para)), start + min(hi, len(para))
                if self._duplicate(rid, s, e, own):
                    continue
                # LanguageTool's category says what a rule is about (its issue type does not:
                # EN_A_VS_AN is filed as a "misspelling").
                category = m["rule"].get("category", {}).get("id", "")
                issue = m["rule"].get("issueType", "")
                if category == "TYPOS":
                    r = LT_SPELLING
                elif category in ("TYPOGRAPHY", "PUNCTUATION") or issue in ("typographical", "whitespace"):
                    r = LT_TYPOGRAPHY
                else:
                    r = LT_GRAMMAR
                if not doc.wants(r):
                    continue
                reps = [x["value"] for x in m.get("replacements", [])]
                edits = [Edit(s, e, reps[0])] if reps else []
                grade = Applicability.SAFE if rid in safe and r is LT_TYPOGRAPHY else Applicability.UNSAFE
                yield doc.finding(
                    r,
                    s,
                    e,
                    f"{m['message']} [{rid}]",
                    edits,
                    applicability=grade,
                    detail=rid,
                )

    def _check_paragraphs(
        self, tool: Any, url: str, lang: str, paras: Sequence[str], timeout: float
    ) -> list[list[dict[str, Any]]]:
        out: list[list[dict[str, Any]] | None] = [None] * len(paras)
        todo = []
        for i, p in enumerate(paras):
            with _cache_lock:
                hit = _cache.get((url, lang, p))
            if hit is not None:
                out[i] = hit
            else:
                todo.append(i)
        if todo:
            workers = max(1, min(int(self.option("concurrency")), len(todo)))
            pool = ThreadPoolExecutor(max_workers=workers)
            try:
                futures = {i: pool.submit(_query, tool, paras[i]) for i in todo}
                for i, fut in futures.items():
                    try:
                        res = fut.result(timeout=timeout)
                    except FutureTimeout:
                        raise GrammarServerError(
                            f"LanguageTool server at {url} did not answer within {timeout:g} s"
                        ) from None
                    except Exception as e:
                        raise GrammarServerError(f"LanguageTool server at {url} failed: {e}") from e
                    out[i] = res
                    with _cache_lock:
                        _cache[(url, lang, paras[i])] = res
                        while len(_cache) > CACHE_SIZE:
                            _cache.popitem(last=False)
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
        return [o or [] for o in out]

    @staticmethod
    def _own_findings(doc: Document) -> list[Finding]:
        """textfix's own findings from the passes LanguageTool's rules overlap."""
        from textfix.passes import PASS_CLASSES

        wanted = {c for prefixes in OVERLAPS.values() for c in prefixes}
        found: list[Finding] = []
        for cls in PASS_CLASSES:
            if cls is GrammarPass:
                continue
            if not any(r.code.startswith(tuple(wanted)) and r.code in doc.enabled for r in cls.rules):
                continue
            p = cls()
            if p.applies_to(doc):
                found.extend(f for f in p.check(doc) if f.code in doc.enabled)
        return found

    @staticmethod
    def _duplicate(rid: str, s: int, e: int, own: list[Finding]) -> bool:
        prefixes = OVERLAPS.get(rid)
        if not prefixes:
            return False
        for f in own:
            if f.code.startswith(prefixes) and f.start < max(e, s + 1) and s < max(f.end, f.start + 1):
                return True
        return False
