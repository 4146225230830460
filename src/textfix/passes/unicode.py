"""Encoding damage: mojibake, C1 controls, control and zero-width characters, full-width
punctuation in Latin-script text.

Machine-translated text passes through many systems (crawlers, aligners, engines, CMSs), and
each re-encoding can leave mojibake (``â€œ`` for ``“``) or Windows-1252 punctuation decoded
as Latin-1 (``\\x97`` for ``—``).  Engines trained on Chinese or Japanese carry full-width
punctuation into English.

Mojibake is repaired through ftfy, with every option that rewrites *good* text switched off:
no quote straightening, no ligature or width folding, no normalization, no line-break
changes.  ftfy returns only a fixed string, so each changed region of a line becomes one
edit (common prefix and suffix trimmed), which gives findings exact spans.

>>> from textfix import fix
>>> fix("reserves \\x97 about 120 billion")
'reserves — about 120 billion'
>>> fix("Hello，world。", unsafe=True)
'Hello, world.'

Words that mix Cyrillic and Latin letters (U107, ``Shchedрik``, ``Oвсянки``) get a look-alike
swap only where it is certain; otherwise they are reported.

Never touched: curly quotes, apostrophes, dashes, ellipses, accented letters of good text,
zero-width joiners inside emoji, zero-width characters in scripts that use them (Thai,
Khmer, Persian), full-width punctuation in Chinese or Japanese text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import ftfy
import ftfy.badness
import regex

from textfix.languages import cjk_languages, typography
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.rules import rule

FAMILY = "unicode"

MOJIBAKE = rule(
    "U101",
    "mojibake",
    family=FAMILY,
    summary="Mojibake: text decoded with the wrong encoding",
    why="Text re-encoded between UTF-8 and Windows-1252/Latin-1 on its way through crawlers, "
    "aligners and engines turns each non-ASCII character into two or three wrong ones.",
    bad="The minister said â€œnoâ€\x9d to the cafÃ© owners.",
    good="The minister said “no” to the café owners.",
    keep=["The café’s “naïve” façade — résumé…", "Zürich, São Paulo, Łódź and Ærøskøbing."],
    fix=Applicability.SAFE,
    severity=Severity.ERROR,
)
C1_CONTROL = rule(
    "U102",
    "c1-control-character",
    family=FAMILY,
    summary="C1 control character that is Windows-1252 punctuation decoded as Latin-1",
    why="Windows-1252 puts dashes and curly quotes at bytes 0x80-0x9F; decoded as Latin-1 they "
    "become invisible C1 control characters.",
    bad="reserves \x97 about 120 billion",
    good="reserves — about 120 billion",
    keep=["reserves — about 120 billion"],
    fix=Applicability.SAFE,
    severity=Severity.ERROR,
)
CONTROL = rule(
    "U103",
    "control-character",
    family=FAMILY,
    summary="Control character in text",
    why="Control characters leak from binary formats, terminals and broken converters; they "
    "are invisible and break downstream tools.",
    bad="The talks\x00 ended\x1b late.",
    good="The talks ended late.",
    keep=["Tabs\tand\nnewlines\r\nstay.", "A form feed\x0cstays."],
    fix=Applicability.SAFE,
)
ZERO_WIDTH = rule(
    "U104",
    "zero-width-character",
    family=FAMILY,
    summary="Zero-width character in Latin-script text",
    why="Zero-width spaces and joiners come from web pages and word processors; in Latin-script "
    "text they only split words for search, tokenizers and spell checkers.",
    bad="Face\u200bbook and Mi\u2060cro\u200bsoft",
    good="Facebook and Microsoft",
    keep=["👩\u200d💻 coder", "می\u200cخواهم", "ภาษา\u200bไทย"],
    fix=Applicability.SAFE,
)
FULLWIDTH_PUNCT = rule(
    "U105",
    "fullwidth-punctuation",
    family=FAMILY,
    summary="Full-width punctuation in Latin-script text",
    why="Engines translating from Chinese or Japanese copy the source's full-width punctuation "
    "into the English output.",
    bad="Sales rose 5%，the company said（in a statement）！",
    good="Sales rose 5%, the company said (in a statement)!",
    keep=["他说：“你好。”", "東京（とうきょう）は大きい。"],
    fix=Applicability.UNSAFE,  # below the safe tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    # Full-width punctuation is right in Chinese and Japanese text, Latin words in it included
    # ("我们支持#Ukraine。").
    not_languages=cjk_languages(),
)
HALFWIDTH_IN_CJK = rule(
    "U201",
    "halfwidth-punctuation-in-cjk",
    family=FAMILY,
    summary="ASCII punctuation between Chinese or Japanese characters",
    why="Engines trained on normalised text, or copying an English source's punctuation, write "
    "`,` `.` `:` `;` `!` `?` where Chinese and Japanese set the full-width marks.",
    bad="他说,我们会留下来.",
    good="他说，我们会留下来。",
    keep=["他说，我们会留下来。", "共3,000元", "访问 example.com 了解", "使用Python 3.11版本", "他说:AI"],
    fix=Applicability.SAFE,
    languages=cjk_languages(),
    lang="zh",
)
ASCII_ELLIPSIS_IN_CJK = rule(
    "U202",
    "ascii-ellipsis-in-cjk",
    family=FAMILY,
    summary="Three ASCII full stops as the ellipsis in Chinese or Japanese text",
    why="Engines copy the English source's `...`; Chinese (GB/T 15834) and Japanese set the "
    "ellipsis as two three-dot leaders, `……`.  The line's own ellipsis (`…` or `……`) is taken "
    "where it has one, else the language's.  Only three stops right after Han or kana, before "
    "Han, kana, CJK punctuation, a quotation mark, a blank or the line end.",
    bad="它有一个循环...我们都笑了。",
    good="它有一个循环……我们都笑了。",
    keep=["它有一个循环……", "我知道…我们都有枪。", "我告诉过你....", "例如Python...和1...10", "运行 `ls ...` 命令"],
    # Unsafe: the WMT22 references write ``...`` (en-zh B) and ``…`` (en-ja) themselves, and the
    # default fix lowered chrF for 4 of 13 en-zh systems (docs/languages.md).
    fix=Applicability.UNSAFE,
    languages=cjk_languages(),
    lang="zh",
)
LONE_SURROGATE = rule(
    "U106",
    "lone-surrogate",
    family=FAMILY,
    summary="Unpaired UTF-16 surrogate code point",
    why="Text that went through UTF-16 with a broken decoder keeps surrogate code points, which "
    "cannot be written as UTF-8.",
    bad="Smile \ud83d\ude00 and \ud800 here",
    good="Smile 😀 and \ufffd here",
    keep=["Smile 😀 here"],
    fix=Applicability.SAFE,
    severity=Severity.ERROR,
)
MIXED_SCRIPT = rule(
    "U107",
    "mixed-script-word",
    family=FAMILY,
    summary="Word mixing Cyrillic and Latin letters",
    why="Engines that half-transliterate a name, OCR and keyboard-layout slips leave Cyrillic "
    "letters inside Latin words (`Shchedрik`) and Latin look-alikes inside Cyrillic ones "
    "(`Oвсянки`).  A letter is swapped for its look-alike only where the swap is unambiguous: "
    "in a Cyrillic word a Latin `o` can only be `о`, but in a Latin word a Cyrillic `р` may "
    "be a look-alike `p` or a transliterated `r`, so that word is reported without a fix.",
    bad='the novel "Oвсянки" and Mоscow',
    good='the novel "Овсянки" and Moscow',
    keep=["Moscow and Москва", "the WHO and ВОЗ", "a 105х195 mm sheet", "Kyiv-Київ"],
    fix=Applicability.SAFE,
)

# Every UTF-8 lead byte (0xC2-0xF4) decodes to a character in this range under Latin-1 or
# Windows-1252, so a line without one cannot hold UTF-8 mojibake; Cyrillic-looking mojibake
# (UTF-8 read as Windows-1251) always holds Р or С followed by a character of that code page.
MOJIBAKE_HINT_RE = regex.compile(r"[\u00c2-\u00f4]|[\u0420\u0421\u0432][\u0080-\u00bf\u0400-\u045f\u2018-\u203a]")
C1_RE = regex.compile(r"[\x80-\x9f]")
# Keep \t \n \r and the form feed (a page break some corpora use on purpose).
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
ZERO_WIDTH_RE = regex.compile(r"[\u200b\u2060\ufeff\u200c\u200d]")
FULLWIDTH_RE = regex.compile(r"[，。：；（）！？]")
# Hiragana, katakana and the CJK ideographs of the BMP, as code-point ranges (not \p{Han}) so
# the trigger translates exactly into RE2, whose Unicode tables differ from regex's.
HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A half-width mark after Han or kana, then (after any spaces) Han, kana, an opening quotation
# mark or the end of the line.  A full stop needs CJK after it or the end, so 3.5 and a.b stay.
HALFWIDTH_RE = regex.compile(
    rf"(?<=[{HAN_KANA}])(?P<p>[,.:;!?])(?:[ \t]*(?=[{HAN_KANA}“「『])|(?=[ \t]*$))",
    regex.MULTILINE,
)
# U202: exactly three full stops after Han or kana (four are an ellipsis and a full stop, or
# emphasis: left alone), then what may follow an ellipsis in CJK text.
ASCII_ELLIPSIS_RE = regex.compile(
    rf"(?<=[{HAN_KANA}])(?<!\.)\.\.\.(?!\.)(?=[{HAN_KANA}“”‘’「」『』（）《》〈〉【】，。：；！？、\"')\] \t]|$)",
    regex.MULTILINE,
)
# The line's own ellipsis: two leaders, or one not beside another.
OWN_ELLIPSIS_RE = regex.compile(r"……|(?<!…)…(?!…)")
FULLWIDTH_OF = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？"}
SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
# A Latin letter touching a Cyrillic one, in either order (blocks spelt out, so that the
# pipeline's RE2 gate reads the trigger exactly).
_LAT = r"A-Za-z\u00c0-\u024f"
_CYR = r"\u0400-\u04ff"
MIXED_HINT = rf"[{_LAT}][{_CYR}]|[{_CYR}][{_LAT}]"
MIXED_HINT_RE = regex.compile(MIXED_HINT)
MIXED_WORD_RE = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{M}]+")
_MIXED_WORD_BACK_RE = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{M}]+", regex.REVERSE)
# Look-alikes whose swap is certain.  In a Cyrillic word a Latin letter of this table can
# only stand for its Cyrillic twin.  In a Latin word only Cyrillic letters whose look-alike is
# also their transliteration are swapped (``о`` is o either way); ``р`` (p or r), ``с`` (c or s),
# ``у`` (y or u), ``н``, ``в``, ``х`` are not, and leave the word reported without a fix.
LATIN_TO_CYRILLIC = dict(zip("aeopcxyAEOPCXYBHKMT", "аеорсхуАЕОРСХУВНКМТ", strict=True))
CYRILLIC_TO_LATIN = dict(zip("аеокмтіјАЕОКМТІЈ", "aeokmtijAEOKMTIJ", strict=True))


def _badness_superset() -> str:
    """ftfy's own mojibake test (``ftfy.badness.BADNESS_RE``), widened to what RE2 reads exactly.

    ftfy changes a line only when that test matches it: ``fix_encoding`` returns a line it
    finds not bad untouched, and every other fixer is switched off in ``FTFY_CONFIG``.  So a
    line no character sequence of that test matches holds no mojibake finding, whatever its
    accented letters.  Taken from the installed ftfy so that it follows ftfy's updates; the
    three constructs RE2 reads differently are widened: ``\\w`` (a Unicode class) is left
    out, ``^`` too (ftfy sees one line at a time, the trigger the whole text), and ``\\s``
    (``re``'s, which holds U+001C-U+001F) takes those four as well.
    """
    pattern = ftfy.badness.BADNESS_RE.pattern
    for old, new, count in ((r" \w", "", 1), ("^[ÃÂ]", "[ÃÂ]", 1), (r"\s", r"[\s\x1c-\x1f]", 2)):
        if pattern.count(old) != count:
            # An ftfy whose test is shaped otherwise (6.1 to 6.3 share this one): fall back to
            # the lead-character hint, wider and slower but never missing a repair.
            return MOJIBAKE_HINT_RE.pattern
        pattern = pattern.replace(old, new)
    return pattern


# A superset of ftfy's mojibake test: a line it misses has no mojibake, so ftfy, costly per
# line, runs only on the lines it matches (figures: benchmarks/results/prefilters.md).
MOJIBAKE_RE = regex.compile(_badness_superset(), regex.VERBOSE)
# Mojibake by ftfy's test; then C1 and other control characters, zero-width characters,
# full-width punctuation and surrogates, each of which its rule looks for by itself.
TRIGGER = regex.compile(
    f"(?x:{MOJIBAKE_RE.pattern})"
    r"|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff，。：；（）！？\ud800-\udfff]"
    rf"|{MIXED_HINT}"
    # U201: half-width punctuation right after Han or kana (U202's ``...`` too)
    rf"|[{HAN_KANA}][,.:;!?]"
)
# Scripts that use zero-width characters as part of correct writing.
ZW_SCRIPTS_RE = regex.compile(
    r"[\p{Thai}\p{Khmer}\p{Lao}\p{Myanmar}\p{Tibetan}\p{Arabic}\p{Hebrew}\p{Devanagari}"
    r"\p{Bengali}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Sinhala}\p{Malayalam}\p{Tamil}"
    r"\p{Telugu}\p{Kannada}\p{Gujarati}\p{Gurmukhi}\p{Oriya}]"
)
EMOJI_RE = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f\u20e3]")
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]")
LATIN_RE = regex.compile(r"[\p{Latin}]")

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Windows-1252 bytes 0x80-0x9F; five of them are unassigned and stay control characters.
_C1_MAP = {}
for _b in range(0x80, 0xA0):
    try:
        _C1_MAP[chr(_b)] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass

FULLWIDTH_MAP = {"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}


def _diff_edit(old: str, new: str, offset: int) -> Edit | None:
    """The single edit turning ``old`` into ``new``, trimmed to the changed middle."""
    if old == new:
        return None
    p = 0
    n = min(len(old), len(new))
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return Edit(offset + p, offset + len(old) - s, new[p : len(new) - s])


def _line_spans(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _delete_unless_between_digits(text: str, i: int) -> list[Edit]:
    """Deleting the invisible character at ``i``; none between two digits, where deleting it
    would join two numbers into one (``5\x0810`` is not ``510``): reported, not repaired."""
    if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return []
    return [Edit(i, i + 1, "")]


_DIGIT_RE = regex.compile(r"\d")
_ALNUM_RE = regex.compile(r"[\p{L}\p{N}]")
_SURROGATE_UNIT_RE = regex.compile(r"[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def _hinted_words(text: str) -> Iterator[regex.Match[str]]:
    """The words of MIXED_WORD_RE that touch a match of MIXED_HINT_RE, in order: every word
    that holds a hint, and a few more (a hint may begin with a character outside the words,
    such as ``×``), for the caller to test.  A text with one hint is not read word by word."""
    end = 0  # the end of the last word given
    for h in MIXED_HINT_RE.finditer(text):
        for at in (h.start(), h.start() + 1):
            if at < end:
                continue
            back = _MIXED_WORD_BACK_RE.match(text, end, at + 1)
            if back is None:
                continue  # not a word character
            word = MIXED_WORD_RE.match(text, back.start())
            if word is not None:
                end = word.end()
                yield word


class UnicodePass(Pass):
    name = FAMILY
    line_local = True
    rules = (
        MOJIBAKE,
        C1_CONTROL,
        CONTROL,
        ZERO_WIDTH,
        FULLWIDTH_PUNCT,
        LONE_SURROGATE,
        MIXED_SCRIPT,
        HALFWIDTH_IN_CJK,
        ASCII_ELLIPSIS_IN_CJK,
    )
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        mojibake_spans: list[tuple[int, int]] = []
        if doc.wants(MOJIBAKE) and MOJIBAKE_HINT_RE.search(text):
            for f in self._mojibake(doc):
                mojibake_spans.append((f.start, f.end))
                yield f
        if doc.wants(C1_CONTROL):
            yield from self._c1_controls(doc, mojibake_spans)
        if doc.wants(CONTROL):
            yield from self._controls(doc, mojibake_spans)
        if doc.wants(ZERO_WIDTH):
            yield from self._zero_width(doc)
        if doc.wants(FULLWIDTH_PUNCT):
            yield from self._fullwidth(doc)
        if doc.wants(LONE_SURROGATE):
            yield from self._surrogates(doc)
        if doc.wants(MIXED_SCRIPT) and MIXED_HINT_RE.search(text):
            yield from self._mixed_script(doc, mojibake_spans)
        if doc.wants(HALFWIDTH_IN_CJK):
            yield from self._halfwidth(doc)
        if doc.wants(ASCII_ELLIPSIS_IN_CJK) and ASCII_ELLIPSIS_IN_CJK.applies_to_lang(doc.lang):
            yield from self._ascii_ellipsis(doc)

    @staticmethod
    def _c1_controls(doc: Document, mojibake_spans: list[tuple[int, int]]) -> Iterator[Finding]:
        """C1 controls that stand for a Windows-1252 character, outside mojibake."""
        for m in C1_RE.finditer(doc.text):
            ch = m.group()
            if ch in _C1_MAP and not any(s <= m.start() < e for s, e in mojibake_spans):
                yield doc.finding(
                    C1_CONTROL,
                    m.start(),
                    m.end(),
                    f"C1 control U+{ord(ch):04X} is Windows-1252 {_C1_MAP[ch]!r}",
                    [Edit(m.start(), m.end(), _C1_MAP[ch])],
                )

    @staticmethod
    def _controls(doc: Document, mojibake_spans: list[tuple[int, int]]) -> Iterator[Finding]:
        """C0 controls and DEL, then the C1 controls Windows-1252 has no character for."""
        text = doc.text
        for m in CONTROL_RE.finditer(text):
            yield doc.finding(
                CONTROL,
                m.start(),
                m.end(),
                f"control character U+{ord(m.group()):04X}",
                _delete_unless_between_digits(text, m.start()),
            )
        for m in C1_RE.finditer(text):
            if m.group() not in _C1_MAP and not any(s <= m.start() < e for s, e in mojibake_spans):
                yield doc.finding(
                    CONTROL,
                    m.start(),
                    m.end(),
                    f"control character U+{ord(m.group()):04X}",
                    _delete_unless_between_digits(text, m.start()),
                )

    def _mixed_script(self, doc: Document, mojibake_spans: list[tuple[int, int]]) -> Iterator[Finding]:
        text = doc.text
        for m in _hinted_words(text):
            word = m.group()
            if not MIXED_HINT_RE.search(word):
                continue
            s, e = m.span()
            if any(a < e and s < b for a, b in mojibake_spans) or doc.is_protected(s, e):
                continue
            latin = sum(1 for c in word if "LATIN" in unicodedata.name(c, ""))
            cyrillic = sum(1 for c in word if "CYRILLIC" in unicodedata.name(c, ""))
            if cyrillic > latin:
                table, script, other = LATIN_TO_CYRILLIC, "Cyrillic", "LATIN"
            elif latin > cyrillic:
                table, script, other = CYRILLIC_TO_LATIN, "Latin", "CYRILLIC"
            else:
                table, script, other = {}, "", ""
            intruders = [(i, c) for i, c in enumerate(word) if other and other in unicodedata.name(c, "")]
            edits = []
            if intruders and all(c in table for _, c in intruders):
                edits = [Edit(s + i, s + i + 1, table[c]) for i, c in intruders]
            msg = f"{word!r} mixes Latin and Cyrillic letters"
            if edits:
                msg += f"; as a {script} word: {''.join(table.get(c, c) if other in unicodedata.name(c, '') else c for c in word)!r}"
            yield doc.finding(MIXED_SCRIPT, s, e, msg, edits)

    def _halfwidth(self, doc: Document) -> Iterator[Finding]:
        """``,.:;!?`` with a Han or kana character before and one (or a quotation mark, or
        the end of the line) after; spaces after the mark go, as full-width marks take none."""
        typo = typography(doc.lang)
        text = doc.text
        for m in HALFWIDTH_RE.finditer(text):
            s, e = m.start("p"), m.end()
            if doc.is_protected(s - 1, e + 1):
                continue
            p = m.group("p")
            new = typo.cjk_comma if typo is not None and p == "," else FULLWIDTH_OF[p]
            yield doc.finding(HALFWIDTH_IN_CJK, s, e, f"{p!r} between CJK characters: {new}", [Edit(s, e, new)])

    def _ascii_ellipsis(self, doc: Document) -> Iterator[Finding]:
        """U202: ``...`` after Han or kana becomes the ellipsis the line already uses, else the
        one the language's table gives (its ``ellipsis``)."""
        typo = typography(doc.lang)
        if typo is None or not typo.cjk:
            return
        text = doc.text
        # Each line is read once for its own form, when its first match comes (matches come in
        # order; reading it per match was quadratic on one long line).
        le, new = -1, typo.ellipsis
        for m in ASCII_ELLIPSIS_RE.finditer(text):
            s, e = m.span()
            if s > le:
                ls = text.rfind("\n", max(le, 0), s) + 1
                le = text.find("\n", s)
                le = len(text) if le < 0 else le
                own = OWN_ELLIPSIS_RE.findall(text, ls, le)
                # The form the line uses most; on a tie, the table's.
                new = max(sorted(set(own)), key=lambda f: (own.count(f), f == typo.ellipsis)) if own else typo.ellipsis
            if doc.is_protected(s - 1, e):
                continue
            yield doc.finding(ASCII_ELLIPSIS_IN_CJK, s, e, f"'...' in {typo.tag} text: {new}", [Edit(s, e, new)])

    def _mojibake(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        pos = 0
        for line in text.split("\n"):
            if MOJIBAKE_HINT_RE.search(line) and MOJIBAKE_RE.search(line) and not SURROGATE_RE.search(line):
                fixed = ftfy.fix_text(line, FTFY_CONFIG)
                edit = _diff_edit(line, fixed, pos)
                if edit is not None:
                    yield doc.finding(
                        MOJIBAKE,
                        edit.start,
                        edit.end,
                        f"mojibake {text[edit.start : edit.end]!r} should be {edit.replacement!r}",
                        [edit],
                    )
            pos += len(line) + 1

    def _zero_width(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        # The scripts and emoji that keep a zero-width character are single characters: once
        # the marks prove dense (a hostile text), a text that holds none is not searched again
        # around each of them.  A long text with a few marks is not read whole for this.
        keepers: bool | None = None
        for k, m in enumerate(ZERO_WIDTH_RE.finditer(text)):
            i = m.start()
            if keepers is None and k >= 16 and k * 64 >= i:
                keepers = ZW_SCRIPTS_RE.search(text) is not None or EMOJI_RE.search(text) is not None
            ch = m.group()
            joiner = ch in "\u200c\u200d"
            if keepers is not False or joiner:  # else nothing around it can keep it
                # What touches it on its line: a line break ends a segment, and the pass is line-local.
                before = text[max(0, i - 2) : i].rpartition("\n")[2]
                after = text[i + 1 : i + 3].partition("\n")[0]
                around = before + after
                if keepers is not False and ZW_SCRIPTS_RE.search(around):
                    continue
                if joiner:
                    # Joiners are meaningful in emoji sequences and complex scripts; between two
                    # Latin letters they are noise.
                    if not (before[-1:] and after[:1] and LATIN_RE.match(before[-1]) and LATIN_RE.match(after[0])):
                        continue
                if keepers is not False and EMOJI_RE.search(around):
                    continue
            yield doc.finding(
                ZERO_WIDTH, i, i + 1, f"zero-width character U+{ord(ch):04X}", _delete_unless_between_digits(text, i)
            )

    def _fullwidth(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in FULLWIDTH_RE.finditer(text):
            i = m.start()
            ch = m.group()
            ls, le = _line_spans(text, i)
            # Nearest non-space neighbours decide the script context.
            prev = FULLWIDTH_RE.sub("", text[max(ls, i - 8) : i]).rstrip()[-3:]
            nxt = FULLWIDTH_RE.sub("", text[i + 1 : min(le, i + 9)]).lstrip()[:3]
            if CJK_RE.search(prev) or CJK_RE.search(nxt):
                continue
            if not (LATIN_RE.search(prev) or LATIN_RE.search(nxt) or _DIGIT_RE.search(prev + nxt)):
                continue
            rep = FULLWIDTH_MAP[ch]
            follow = text[i + 1 : i + 2]
            precede = text[i - 1 : i] if i > 0 else ""
            if ch in "，。：；！？" and follow and _ALNUM_RE.match(follow):
                rep += " "
            elif ch == "（" and precede and _ALNUM_RE.match(precede):
                rep = " " + rep
            elif ch == "）" and follow and _ALNUM_RE.match(follow):
                rep += " "
            yield doc.finding(
                FULLWIDTH_PUNCT, i, i + 1, f"full-width {ch!r} in Latin-script text", [Edit(i, i + 1, rep)]
            )

    def _surrogates(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in _SURROGATE_UNIT_RE.finditer(text):
            s = m.group()
            if len(s) == 2:
                rep = s.encode("utf-16", "surrogatepass").decode("utf-16")
                msg = "surrogate pair written as two code points"
            else:
                rep = "\ufffd"
                msg = f"lone surrogate U+{ord(s):04X}"
            yield doc.finding(LONE_SURROGATE, m.start(), m.end(), msg, [Edit(m.start(), m.end(), rep)])
