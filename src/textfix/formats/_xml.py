"""XLIFF 1.2, XLIFF 2.x and TMX, read with the standard library's ElementTree behind defusedxml.

defusedxml refuses entity declarations and external references outright (an XML bomb or an
XXE probe is an error naming the file, never an expansion) and keeps the standard library's
parser, expat, whose event positions say where each element sits in the file's bytes.
lxml was not taken: it does not give those positions, and serializing its tree rewrites
what the file's author wrote (``&apos;``, ``<x />``, the declaration's quotes).

So the file is never re-serialized.  Each text run of a target (between its inline
elements) has a byte range; a repaired run is escaped and written over its range, and
every other byte of the file stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import regex
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from textfix.fileio import InputError
from textfix.formats._model import Parsed, Unit
from textfix.formats._protect import placeholder_spans

__all__ = ["parse_xml"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is translatable text: each is an opening and a closing
# token with the content between them (XLIFF 1.2 g/mrk, XLIFF 2 pc/mrk, TMX hi).
WRAPPERS = frozenset({"g", "mrk", "pc", "hi"})
_ID_RE = regex.compile(r"[A-Za-z0-9_.-]{1,40}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Builder(TreeBuilder):
    """A TreeBuilder that notes the byte offset of each element's start and end events."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.starts: dict[int, int] = {}
        self.ends: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        e = super().start(tag, attrs)
        self.starts[id(e)] = self.parser.parser.CurrentByteIndex  # type: ignore[union-attr]
        return e

    def end(self, tag: str) -> Element:
        e = super().end(tag)
        self.ends[id(e)] = self.parser.parser.CurrentByteIndex  # type: ignore[union-attr]
        return e


@dataclass
class _Span:
    """Where an element's tags lie in the file's bytes."""

    start: int  # "<" of the start tag
    content: int  # just after the start tag's ">"
    end_tag: int  # "<" of the end tag (== content for <x/>)
    stop: int  # just after the end tag


def _tag_end(data: bytes, i: int) -> int:
    """Index just after the ``>`` closing the tag at ``i`` (``>`` may sit in quoted values)."""
    quote = 0
    n = len(data)
    while i < n:
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x3E:
            return i + 1
        i += 1
    return n


class _Tree:
    def __init__(self, data: bytes, name: str) -> None:
        builder = _Builder()
        try:
            parser = DefusedXMLParser(target=builder, encoding="utf-8")
            builder.parser = parser
            parser.feed(data)
            self.root = parser.close()
        except DefusedXmlException as e:
            raise InputError(f"{name}: refused: {e} (entity and DTD tricks are not expanded)") from None
        except ParseError as e:
            raise InputError(f"{name}: not well-formed XML: {e}") from None
        self.data = data
        self.builder = builder
        self.spans: dict[int, _Span] = {}

    def span(self, e: Element) -> _Span:
        sp = self.spans.get(id(e))
        if sp is None:
            s = self.builder.starts[id(e)]
            content = _tag_end(self.data, s)
            if self.data[content - 2 : content] == b"/>":
                sp = _Span(s, content, content, content)
            else:
                end = self.builder.ends[id(e)]
                sp = _Span(s, content, end, _tag_end(self.data, end))
            self.spans[id(e)] = sp
        return sp

    def line(self, offset: int) -> int:
        return self.data.count(b"\n", 0, offset) + 1


def _token_name(e: Element) -> str:
    name = _local(e.tag)
    ident = e.get("id") or e.get("i") or e.get("rid") or ""
    return f"{name} id={ident}" if _ID_RE.fullmatch(ident) else name


@dataclass
class _Rendered:
    text: str
    runs: list[tuple[int, int]]  # byte ranges of the text runs, in order
    tokens: list[tuple[int, int]]  # the inline elements' spans in ``text``, in order
    writable: bool


def _render(tree: _Tree, elem: Element) -> _Rendered:
    """The element's content as one string, inline elements as short tags."""
    parts: list[str] = []
    runs: list[tuple[int, int]] = []
    tokens: list[tuple[int, int]] = []
    pos = 0
    ok = True

    def run(text: str | None, a: int, b: int) -> None:
        nonlocal pos, ok
        text = text or ""
        if b"<" in tree.data[a:b]:
            ok = False  # a comment, CDATA or processing instruction: never rewritten
        runs.append((a, b))
        parts.append(text)
        pos += len(text)

    def token(t: str) -> None:
        nonlocal pos
        tokens.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t)

    def walk(e: Element) -> None:
        sp = tree.span(e)
        children = list(e)
        first = tree.span(children[0]).start if children else sp.end_tag
        run(e.text, sp.content, first)
        for k, child in enumerate(children):
            csp = tree.span(child)
            if _local(child.tag) in WRAPPERS:
                token(f"<{_token_name(child)}>")
                walk(child)
                token(f"</{_local(child.tag)}>")
            else:
                token(f"<{_token_name(child)}/>")
            nxt = tree.span(children[k + 1]).start if k + 1 < len(children) else sp.end_tag
            run(child.tail, csp.stop, nxt)

    walk(elem)
    return _Rendered("".join(parts), runs, tokens, ok)


def _protected(r: _Rendered) -> tuple[tuple[int, int], ...]:
    """Inline elements plus the placeholders (``%s``, ``{0}``) inside the text runs."""
    spans = list(r.tokens)
    bounds = [0] + [x for s, e in r.tokens for x in (s, e)] + [len(r.text)]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        spans.extend((a + s, a + e) for s, e in placeholder_spans(r.text[a:b]))
    return tuple(sorted(spans))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_xml(text: str, name: str = "<xml>") -> Parsed:
    data = text.encode("utf-8")
    tree = _Tree(data, name)
    root = tree.root
    kind = _local(root.tag)
    version = root.get("version", "")
    if kind == "tmx":
        fmt, pairs = "tmx", _tmx_pairs(root)
    elif kind == "xliff" and version.startswith("2"):
        fmt, pairs = "xliff2", _xliff2_pairs(root)
    elif kind == "xliff":
        fmt, pairs = "xliff", _xliff1_pairs(root)
    else:
        raise InputError(f"{name}: root element <{kind}> is neither <xliff> nor <tmx>")
    units: list[Unit] = []
    rendered: list[_Rendered | None] = []
    for ident, context, src_el, tgt_el, states in pairs:
        src = _render(tree, src_el).text if src_el is not None else None
        prot: tuple[tuple[int, int], ...] = ()
        if tgt_el is None:
            r = None
            target, line, ok = "", tree.line(tree.span(src_el).start) if src_el is not None else 0, False
        else:
            r = _render(tree, tgt_el)
            target, line, prot, ok = r.text, tree.line(tree.span(tgt_el).content), _protected(r), r.writable
        st = set(states)
        if not target.strip():
            st.add("untranslated")
        units.append(Unit(len(units), ident, src, target, line, context, frozenset(st), prot, ok))
        rendered.append(r)

    def write(new_targets: dict[int, str], token_spans: dict[int, list[tuple[int, int]]] | None = None) -> str:
        edits: list[tuple[int, int, bytes]] = []
        for idx, new in new_targets.items():
            r, u = rendered[idx], units[idx]
            if r is None or not u.writable or new == u.target:
                continue
            pieces = _split_runs(new, u, r, (token_spans or {}).get(idx))
            if pieces is None:
                continue
            old_pieces = _split_runs(u.target, u, r, r.tokens)
            assert old_pieces is not None
            for (a, b), old, piece in zip(r.runs, old_pieces, pieces, strict=True):
                if old != piece:
                    edits.append((a, b, _escape(piece).encode("utf-8")))
        out = bytearray(data)
        for a, b, rep in sorted(edits, reverse=True):
            out[a:b] = rep
        return out.decode("utf-8")

    return Parsed(fmt, units, write, {i: list(r.tokens) for i, r in enumerate(rendered) if r is not None})


def _split_runs(text: str, u: Unit, r: _Rendered, tokens: list[tuple[int, int]] | None = None) -> list[str] | None:
    """``text`` cut at the inline elements' tokens: at ``tokens`` (where the fix guard says
    they now are), else found in order (they are never edited)."""
    pieces = []
    pos = 0
    if tokens is not None:
        if len(tokens) != len(r.tokens) or any(
            text[s:e] != u.target[s0:e0] for (s, e), (s0, e0) in zip(tokens, r.tokens, strict=True)
        ):
            return None
        for s, e in tokens:
            pieces.append(text[pos:s])
            pos = e
        pieces.append(text[pos:])
        return pieces
    for s, e in r.tokens:
        tok = u.target[s:e]
        i = text.find(tok, pos)
        if i < 0:
            return None
        pieces.append(text[pos:i])
        pos = i + len(tok)
    pieces.append(text[pos:])
    return pieces


def _xliff1_pairs(root: Element):
    for tu in root.iter():
        if _local(tu.tag) != "trans-unit":
            continue
        src = tgt = None
        for child in tu:
            name = _local(child.tag)
            if name == "source" and src is None:
                src = child
            elif name == "target" and tgt is None:
                tgt = child
        states = set()
        if tu.get("translate") == "no":
            states.add("no-translate")
        state = tgt.get("state", "") if tgt is not None else ""
        if state == "new" or state.startswith("needs-"):
            states.add("needs-review")
        lang = tgt.get(XML_LANG) if tgt is not None else None
        yield tu.get("id", ""), lang, src, tgt, states


def _xliff2_pairs(root: Element):
    for unit in root.iter():
        if _local(unit.tag) != "unit":
            continue
        segments = [s for s in unit if _local(s.tag) == "segment"]
        for k, seg in enumerate(segments):
            src = tgt = None
            for child in seg:
                name = _local(child.tag)
                if name == "source":
                    src = child
                elif name == "target":
                    tgt = child
            states = set()
            if unit.get("translate") == "no":
                states.add("no-translate")
            if seg.get("state", "") == "initial" and tgt is not None:
                states.add("needs-review")
            ident = unit.get("id", "")
            if len(segments) > 1:
                ident = f"{ident}/{seg.get('id') or k + 1}"
            yield ident, None, src, tgt, states


def _tmx_pairs(root: Element):
    header = next((e for e in root if _local(e.tag) == "header"), None)
    srclang = (header.get("srclang") if header is not None else None) or "*all*"
    for n, tu in enumerate((e for e in root.iter() if _local(e.tag) == "tu"), 1):
        tuvs = [(t.get(XML_LANG) or t.get("lang") or "", t) for t in tu if _local(t.tag) == "tuv"]
        segs = [(lang, next((s for s in t if _local(s.tag) == "seg"), None)) for lang, t in tuvs]
        src_i = next((i for i, (lang, _) in enumerate(segs) if lang.lower() == srclang.lower()), 0)
        if not segs:
            continue
        src = segs[src_i][1]
        for i, (lang, seg) in enumerate(segs):
            if i == src_i:
                continue
            yield tu.get("tuid") or str(n), lang, src, seg, set()
