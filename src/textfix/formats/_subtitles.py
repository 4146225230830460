"""SRT (read with srt) and WebVTT (read with webvtt-py) subtitles.

The libraries give the cues: number or identifier, timings, text.  Composing the file
again with them would renumber cues and reformat timings, so the writer puts a repaired
cue's lines back into the file's own lines: timings, numbering, blank lines, NOTE blocks
and line endings stay as they were.  A fix never changes a cue's line count.
"""

from __future__ import annotations

from textfix.fileio import InputError
from textfix.formats._model import Parsed, Unit
from textfix.formats._protect import subtitle_spans

__all__ = ["parse_srt", "parse_vtt"]


def _place(lines: list[str], cues: list[tuple[str, str]], fmt: str) -> Parsed:
    """Find each cue's text lines after its timing line; build the units and the writer."""
    units: list[Unit] = []
    where: list[int | None] = []
    cursor = 0
    for ident, content in cues:
        body = content.split("\n") if content else []
        # The cue's text follows a timing line; a "-->" elsewhere (a stray one in a NOTE)
        # is passed over because the lines after it are not this cue's text.
        j, ok = cursor, False
        while j < len(lines):
            if "-->" in lines[j] and [x.removesuffix("\r") for x in lines[j + 1 : j + 1 + len(body)]] == body:
                ok = True
                break
            j += 1
        first = j + 1
        units.append(
            Unit(
                index=len(units),
                id=ident,
                source=None,
                target=content,
                line=first + 1,
                states=frozenset() if content.strip() else frozenset({"untranslated"}),
                protected=tuple(subtitle_spans(content)),
                writable=ok,
            )
        )
        where.append(first if ok else None)
        cursor = first + len(body) if ok else cursor

    def write(new_targets: dict[int, str], _token_spans: object = None) -> str:
        out = list(lines)
        for idx, new in new_targets.items():
            first = where[idx]
            old = units[idx].target
            if first is None or new == old:
                continue
            new_lines = new.split("\n")
            if len(new_lines) != len(old.split("\n")):
                continue  # never: a fix keeps the line count; checked all the same
            for k, text in enumerate(new_lines):
                line = out[first + k]
                out[first + k] = text + ("\r" if line.endswith("\r") else "")
        return "\n".join(out)

    return Parsed(fmt, units, write)


def parse_srt(text: str, name: str = "<srt>") -> Parsed:
    import srt

    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as e:
        raise InputError(f"{name}: not an SRT file: {e}") from None
    return _place(text.split("\n"), [(str(s.index), s.content) for s in subs], "srt")


def parse_vtt(text: str, name: str = "<vtt>") -> Parsed:
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        doc = webvtt.from_string(text)
    except MalformedFileError as e:
        raise InputError(f"{name}: not a WebVTT file: {e}") from None
    cues = [(c.identifier or str(n), c.raw_text) for n, c in enumerate(doc.captions, 1)]
    return _place(text.split("\n"), cues, "vtt")
