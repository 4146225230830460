"""gettext PO catalogues, read with polib.

polib gives the entries (msgctxt, msgid, plural forms, flags, obsolete entries) as gettext
defines them.  Writing goes around polib's ``save``, which re-wraps every string: the new
msgstr is written into the file's own quoted lines, so only the lines of a repaired string
change and each keeps its place in the wrapping.
"""

from __future__ import annotations

import difflib

import polib

from textfix.fileio import InputError
from textfix.formats._model import Parsed, Unit
from textfix.formats._protect import placeholder_spans

__all__ = ["parse_po"]


class _Block:
    """The quoted lines of one msgstr (or msgstr[n]) in the file."""

    def __init__(self, first: int, count: int, pieces: list[str]) -> None:
        self.first = first  # index of the keyword line
        self.count = count
        self.pieces = pieces  # each line's string, unescaped


def _quoted(line: str) -> str | None:
    body = line.rstrip("\r").strip()
    i = body.find('"')
    if i < 0 or not body.endswith('"') or len(body) - i < 2:
        return None
    return body[i + 1 : -1]


def _msgstr_groups(lines: list[str]) -> list[dict[int | None, _Block]]:
    """Each non-obsolete entry's msgstr blocks, in file order (None for a singular one)."""
    groups: list[dict[int | None, _Block]] = []
    i = 0
    prev_was_msgstr = False
    while i < len(lines):
        s = lines[i].lstrip()
        if s.startswith("msgstr"):
            key: int | None = None
            if s.startswith("msgstr["):
                try:
                    key = int(s[7 : s.index("]")])
                except ValueError:
                    key = None
            j = i + 1
            while j < len(lines) and lines[j].lstrip().startswith('"'):
                j += 1
            pieces = [_quoted(x) for x in lines[i:j]]
            block = _Block(i, j - i, [polib.unescape(p) if p is not None else "" for p in pieces])
            if not prev_was_msgstr:
                groups.append({})
            groups[-1][key] = block
            prev_was_msgstr = True
            i = j
            continue
        if s.strip():
            prev_was_msgstr = False
        i += 1
    return groups


def parse_po(text: str, name: str = "<po>") -> Parsed:
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as e:
        raise InputError(f"{name}: not a PO file: {e}") from None
    lines = text.split("\n")
    groups = _msgstr_groups(lines)
    live = [e for e in po if not e.obsolete]
    # polib keeps the header (msgid "") apart from the entries; the file has its msgstr.
    offset = len(groups) - len(live)
    aligned = offset == (1 if _has_header(lines) else 0)
    units: list[Unit] = []
    blocks: list[_Block | None] = []
    ordinal = {id(e): k for k, e in enumerate(live)}
    for entry in po:
        forms: list[tuple[int | None, str, str]]
        if entry.msgid_plural:
            # Which numbers msgstr[0] covers depends on the language (Russian's takes 1, 21,
            # 31...; Japanese's takes all), so every form is compared with the plural msgid,
            # which names the count: "%(count)s seconds ago", not "a second ago".
            forms = [(n, entry.msgid_plural, s) for n, s in sorted(entry.msgstr_plural.items())]
        else:
            forms = [(None, entry.msgid, entry.msgstr)]
        states = set()
        if entry.obsolete:
            states.add("obsolete")
        if "fuzzy" in entry.flags:
            states.add("fuzzy")
        k = ordinal.get(id(entry))
        group = groups[k + offset] if (k is not None and aligned and 0 <= k + offset < len(groups)) else {}
        for n, source, target in forms:
            block = group.get(n)
            ok = block is not None and "".join(block.pieces) == target
            st = set(states)
            if not target:
                st.add("untranslated")
            units.append(
                Unit(
                    index=len(units),
                    id=entry.msgid if n is None else f"{entry.msgid}[{n}]",
                    source=source,
                    target=target,
                    line=(block.first + 1) if block is not None else (entry.linenum or 0),
                    context=entry.msgctxt,
                    states=frozenset(st),
                    protected=tuple(placeholder_spans(target)),
                    writable=ok,
                    line_starts=_piece_lines(block) if ok and block is not None else (),
                    plural=n is not None,
                )
            )
            blocks.append(block if ok else None)

    def write(new_targets: dict[int, str]) -> str:
        out = list(lines)
        for idx, new in new_targets.items():
            block = blocks[idx]
            if block is None or new == units[idx].target:
                continue
            new_pieces = _redistribute(block.pieces, new)
            for k, (old_p, new_p) in enumerate(zip(block.pieces, new_pieces, strict=True)):
                if old_p == new_p:
                    continue
                line = out[block.first + k]
                cr = "\r" if line.endswith("\r") else ""
                body = line[: len(line) - len(cr)]
                start = body.index('"')
                end = body.rindex('"')
                out[block.first + k] = body[: start + 1] + polib.escape(new_p) + body[end:] + cr
        return "\n".join(out)

    return Parsed("po", units, write)


def _piece_lines(block: _Block) -> tuple[tuple[int, int], ...]:
    """Where each non-empty quoted piece starts in the msgstr, and its file line."""
    out = []
    off = 0
    for k, piece in enumerate(block.pieces):
        if piece:
            out.append((off, block.first + k + 1))
        off += len(piece)
    return tuple(out)


def _has_header(lines: list[str]) -> bool:
    for line in lines:
        s = line.strip()
        if s.startswith("msgid"):
            return _quoted(s) == "" and not s.startswith("msgid_plural")
    return False


def _redistribute(pieces: list[str], new: str) -> list[str]:
    """Split ``new`` over the old string's pieces: unchanged text stays in its piece, a
    changed stretch goes into the piece where it starts.

    >>> _redistribute(["Hello ", "world .\\n"], "Hello world.\\n")
    ['Hello ', 'world.\\n']
    """
    old = "".join(pieces)
    owner: list[int] = []
    for k, p in enumerate(pieces):
        owner.extend([k] * len(p))
    out = [""] * len(pieces)
    last = max((k for k, p in enumerate(pieces) if p), default=0)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            for off in range(i2 - i1):
                out[owner[i1 + off]] += new[j1 + off]
        elif j2 > j1:
            k = owner[i1] if i1 < len(old) else last
            out[k] += new[j1:j2]
    return out
