"""Record formats for corpora: segments (one per line), JSONL, TSV and CSV.

Each format reads a byte stream one record at a time and gives back, for each record, the
text to check or fix (or None when the record has nothing for textfix: a header, a blank
line, a row without the column) and a way to write the record out again.  What textfix
did not change is written back byte for byte: other JSON fields keep their order,
spacing, escapes and number spellings; other CSV fields keep their quoting; line endings
(LF, CRLF, none at the end of the file) stay as they were.  Records are never added,
dropped or reordered: no repair adds or removes a line break (model.Document.finding keeps
such a repair as a suggestion, and the record's other repairs are made); a repair that would
still split a record (a tab inside a TSV field) is refused and the record is written
unchanged, with a warning.  With document identities (``--documents``, ``--doc-ids``,
``--doc-field``, ``--doc-column``) consecutive records of one document are checked and fixed
together (textfix.documents).

>>> import io
>>> fmt = SegmentFormat()
>>> recs = list(fmt.read(io.BytesIO(b"a ,b\\r\\nc")))
>>> [(r.text, r.line) for r in recs]
[('a ,b', 1), ('c', 2)]
>>> fmt.render(recs[0], "a, b")
'a, b\\r\\n'
"""

from __future__ import annotations

import codecs
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, untyped in typeshed
from typing import IO, Any

import regex

from textfix.errors import EXIT_ERROR, EXIT_FOUND, EXIT_OK, InputError, UsageError

__all__ = [
    "CsvFormat",
    "JsonlFormat",
    "Record",
    "RecordFormat",
    "SegmentFormat",
    "TsvFormat",
    "iter_lines",
]

CHUNK = 1 << 16
# A record is held in memory whole (and the pipeline's work on it is several times its
# size), so one longer than this is a clear error rather than memory exhaustion: a 1 GB
# "line" is a file without newlines, not a segment.
MAX_RECORD_BYTES = 32 << 20


class RecordTooLong(InputError):
    """A line longer than MAX_RECORD_BYTES in a record mode."""


def iter_lines(
    stream: IO[bytes], before_wait: Callable[[], None] | None = None, limit: int = MAX_RECORD_BYTES
) -> Iterator[bytes]:
    """Lines of a binary stream, each with its ending (the last one may have none).

    Splits on LF only, so CR, U+2028 and other separators stay inside a line.  Reads
    whatever is available (``read1``) and calls ``before_wait`` before each read that may
    block: a caller flushes its output there, so a pipe gets each answer as soon as its
    line is done, while a file is processed in 64 KiB gulps.  A line longer than ``limit``
    bytes raises :class:`RecordTooLong` before it is all read.
    """
    read = getattr(stream, "read1", stream.read)
    # The unfinished line is kept as a list of pieces: gluing each new chunk to it (and
    # searching it again for a newline) was quadratic in the line's length.
    pending: list[bytes] = []
    pending_len = 0
    while True:
        if before_wait is not None:
            before_wait()
        chunk = read(CHUNK)
        if not chunk:
            break
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            if nl < 0:
                break
            if pending:
                pending.append(chunk[start : nl + 1])
                yield b"".join(pending)
                pending, pending_len = [], 0
            else:
                yield chunk[start : nl + 1]
            start = nl + 1
        if start < len(chunk):
            pending.append(chunk[start:])
            pending_len += len(chunk) - start
            if pending_len > limit:
                raise RecordTooLong(
                    f"longer than {limit >> 20} MiB without a newline; record modes hold one line "
                    "in memory at a time (split the input, or fix it as a whole document)"
                )
    if pending:
        yield b"".join(pending)


@dataclass(slots=True)
class Record:
    """One record: where it starts, the text for textfix (or None), and its raw form."""

    number: int  # 1-based
    line: int  # 1-based line of the file where the record starts
    raw: str  # the record as read, line ending included
    text: str | None = None
    context: Mapping[str, Any] | None = None
    extra: Any = None  # what the format needs to write the record back
    # The record's document (issue 17): consecutive records with equal ids are checked and
    # fixed together.  None when the format reads no document identities.
    doc: Any = None


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


class RecordFormat:
    """Base: decoding lines strictly as UTF-8, remembering a BOM, counting warnings."""

    name = ""
    # Whether records carry document identities (Record.doc) to group them by.
    documents = False

    def __init__(self) -> None:
        self.bom = False
        self.warnings: list[str] = []
        self.source_name = "<stdin>"

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    def decoded_lines(self, stream: IO[bytes], before_wait: Callable[[], None] | None = None) -> Iterator[str]:
        offset = 0
        first = True
        n = 0
        lines = iter_lines(stream, before_wait)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except RecordTooLong as e:
                raise InputError(f"{self.source_name}: line {n + 1}: {e}") from None
            n += 1
            body = raw
            if first:
                first = False
                if raw.startswith(codecs.BOM_UTF8):
                    self.bom = True
                    body = raw[3:]
                    offset = 3
            try:
                yield body.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(
                    f"{self.source_name}: line {n}: invalid UTF-8 at byte offset {offset + e.start} "
                    f"(byte 0x{body[e.start]:02x})"
                ) from None
            offset += len(body)

    def read(self, stream: IO[bytes], before_wait: Callable[[], None] | None = None) -> Iterator[Record]:
        raise NotImplementedError

    def render(self, rec: Record, new_text: str | None, findings: list[dict[str, Any]] | None = None) -> str:
        raise NotImplementedError

    def prefix(self) -> str:
        """What goes before the first record on output (the BOM, if the input had one)."""
        return "\ufeff" if self.bom else ""


class SegmentFormat(RecordFormat):
    """One segment per line, each its own document; with ``documents``, consecutive lines
    form one document and a blank line ends it; with ``doc_ids`` (the lines of a file aligned
    line by line with the input), consecutive lines with the same id form one document."""

    name = "segments"

    def __init__(self, documents: bool = False, doc_ids: str | None = None) -> None:
        super().__init__()
        self.documents = documents or doc_ids is not None
        self.doc_ids = doc_ids

    def read(self, stream: IO[bytes], before_wait: Callable[[], None] | None = None) -> Iterator[Record]:
        ids = self._ids()
        doc = 0
        for n, line in enumerate(self.decoded_lines(stream, before_wait), 1):
            text, ending = _split_ending(line)
            d: Any
            if ids is not None:
                d = next(ids, None)
                if d is None:
                    raise InputError(f"{self.source_name}: line {n}: {self.doc_ids} has only {n - 1} lines")
            elif self.documents:
                if not text.strip():
                    doc += 1  # a blank line is a document of its own, and ends the one before
                    d = doc
                    doc += 1
                else:
                    d = doc
            else:
                d = None
            yield Record(n, n, line, text, None, ending, d)
        if ids is not None and next(ids, None) is not None:
            raise InputError(f"{self.source_name}: {self.doc_ids} has more lines than the input")

    def _ids(self) -> Iterator[str] | None:
        if self.doc_ids is None:
            return None
        try:
            fh = open(self.doc_ids, encoding="utf-8")
        except OSError as e:
            raise InputError(f"{self.doc_ids}: cannot read: {e.strerror}") from None

        def lines() -> Iterator[str]:
            with fh:
                for line in fh:
                    yield line.rstrip("\r\n")

        return lines()

    def render(self, rec: Record, new_text: str | None, findings: list[dict[str, Any]] | None = None) -> str:  # noqa: ARG002  RecordFormat.render's signature; only JSONL records carry findings
        if new_text is None or new_text == rec.text:
            return rec.raw
        if "\n" in new_text or new_text.count("\r") != (rec.text or "").count("\r"):
            self.warn(f"line {rec.line}: a repair would split the segment; left unchanged")
            return rec.raw
        return new_text + rec.extra


# -- JSONL -------------------------------------------------------------------------------

_WS = regex.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(slots=True)
class _JsonLine:
    spans: dict[str, tuple[int, int]]  # key -> raw span of its value (last one wins, as json does)
    close: int  # offset of the object's closing brace
    empty: bool  # the object has no members
    ascii_only: bool  # written with \u escapes for non-ASCII (ensure_ascii style)
    value: dict[str, Any] = field(default_factory=dict)


def _scan_object(s: str) -> _JsonLine:
    """Parse one JSON object, keeping the raw span of each top-level member's value."""
    i = _WS.match(s, 0).end()
    if s[i : i + 1] != "{":
        raise ValueError("not a JSON object")
    i = _WS.match(s, i + 1).end()
    spans: dict[str, tuple[int, int]] = {}
    value: dict[str, Any] = {}
    if s[i : i + 1] == "}":
        close = i
    else:
        while True:
            if s[i : i + 1] != '"':
                raise ValueError(f"expected a key at {i}")
            key, i = scanstring(s, i + 1)
            i = _WS.match(s, i).end()
            if s[i : i + 1] != ":":
                raise ValueError(f"expected ':' at {i}")
            i = _WS.match(s, i + 1).end()
            val, end = _DECODER.raw_decode(s, i)
            spans[key] = (i, end)
            value[key] = val
            i = _WS.match(s, end).end()
            ch = s[i : i + 1]
            if ch == ",":
                i = _WS.match(s, i + 1).end()
                continue
            if ch == "}":
                close = i
                break
            raise ValueError(f"expected ',' or '}}' at {i}")
    rest = s[close + 1 :]
    if rest.strip():
        raise ValueError("text after the object")
    return _JsonLine(spans, close, not spans, s.isascii() and "\\u" in s, value)


class JsonlFormat(RecordFormat):
    """One JSON object per line; ``field`` holds the text, the rest is left as it was."""

    name = "jsonl"

    def __init__(
        self,
        field: str = "text",
        findings_key: str | None = None,
        source_field: str | None = None,
        doc_field: str | None = None,
    ):
        super().__init__()
        self.doc_field = doc_field
        self.documents = doc_field is not None
        self.field = field
        self.findings_key = findings_key
        self.source_field = source_field
        self.without_field = 0

    def read(self, stream: IO[bytes], before_wait: Callable[[], None] | None = None) -> Iterator[Record]:
        for n, line in enumerate(self.decoded_lines(stream, before_wait), 1):
            if not line.strip():
                yield Record(n, n, line)
                continue
            try:
                parsed = _scan_object(line)
            except ValueError as e:
                self.warn(f"line {n}: not a JSON object ({e}); left unchanged")
                yield Record(n, n, line)
                continue
            text = parsed.value.get(self.field)
            if not isinstance(text, str):
                self.without_field += 1
                text = None
            context = None
            if self.source_field is not None and text is not None:
                source = parsed.value.get(self.source_field)
                if isinstance(source, str):
                    context = {"source": source}
            doc = None
            if self.doc_field is not None:
                # Any JSON value names a document; compared by its JSON spelling.
                doc = json.dumps(parsed.value.get(self.doc_field), sort_keys=True)
            yield Record(n, n, line, text, context, parsed, doc)

    def render(self, rec: Record, new_text: str | None, findings: list[dict[str, Any]] | None = None) -> str:
        parsed: _JsonLine | None = rec.extra
        if parsed is None or rec.text is None:
            return rec.raw
        changed = new_text is not None and new_text != rec.text
        if not changed and self.findings_key is None:
            return rec.raw
        line = rec.raw
        edits: list[tuple[int, int, str]] = []
        if changed:
            s, e = parsed.spans[self.field]
            edits.append((s, e, json.dumps(new_text, ensure_ascii=parsed.ascii_only)))
        if self.findings_key is not None:
            blob = json.dumps(findings or [], ensure_ascii=parsed.ascii_only)
            if self.findings_key in parsed.spans:
                s, e = parsed.spans[self.findings_key]
                edits.append((s, e, blob))
            else:
                key = json.dumps(self.findings_key, ensure_ascii=parsed.ascii_only)
                sep = "" if parsed.empty else ", "
                edits.append((parsed.close, parsed.close, f"{sep}{key}: {blob}"))
        for s, e, rep in sorted(edits, reverse=True):
            line = line[:s] + rep + line[e:]
        return line


# -- TSV and CSV -------------------------------------------------------------------------


def _column_index(column: str, header: list[str] | None, what: str) -> int:
    """``column`` as a 0-based index: a 1-based number, or a name looked up in the header."""
    if column.isdigit():
        idx = int(column) - 1
        if idx < 0:
            raise InputError(f"{what} numbers start at 1")
        return idx
    if header is None:
        raise InputError(f"{what} {column!r} is a name: the file needs a header row")
    try:
        return header.index(column)
    except ValueError:
        raise InputError(f"no {what} named {column!r} in the header {header!r}") from None


class _Delimited(RecordFormat):
    def __init__(
        self, column: str, *, header: bool = False, source_column: str | None = None, doc_column: str | None = None
    ) -> None:
        super().__init__()
        self.column = column
        self.source_column = source_column
        self.doc_column = doc_column
        self.documents = doc_column is not None
        # A column given by name implies a header row.
        self.header = header or any(c is not None and not c.isdigit() for c in (column, source_column, doc_column))
        self.idx = -1
        self.src_idx: int | None = None
        self.doc_idx: int | None = None
        self.short_rows = 0

    def _resolve(self, header: list[str] | None) -> None:
        self.idx = _column_index(self.column, header, "column")
        if self.source_column is not None:
            self.src_idx = _column_index(self.source_column, header, "column")
        if self.doc_column is not None:
            self.doc_idx = _column_index(self.doc_column, header, "column")

    def _raw_records(self, lines: Iterator[str]) -> Iterator[tuple[int, str]]:
        raise NotImplementedError

    def _fields(self, raw: str) -> list[tuple[int, int, str, bool]] | None:
        raise NotImplementedError

    def read(self, stream: IO[bytes], before_wait: Callable[[], None] | None = None) -> Iterator[Record]:
        lines = self.decoded_lines(stream, before_wait)
        for n, (line_no, raw) in enumerate(self._raw_records(lines), 1):
            fields = self._fields(raw)
            if n == 1:
                names = [f[2] for f in fields] if (fields is not None and self.header) else None
                self._resolve(names)
                if self.header:
                    yield Record(n, line_no, raw)
                    continue
            if fields is None:
                self.warn(f"line {line_no}: malformed row; left unchanged")
                yield Record(n, line_no, raw)
                continue
            if self.idx >= len(fields):
                self.short_rows += 1
                yield Record(n, line_no, raw)
                continue
            context = None
            if self.src_idx is not None and self.src_idx < len(fields):
                context = {"source": fields[self.src_idx][2]}
            doc = None
            if self.doc_idx is not None:
                doc = fields[self.doc_idx][2] if self.doc_idx < len(fields) else None
            yield Record(n, line_no, raw, fields[self.idx][2], context, fields[self.idx], doc)


class TsvFormat(_Delimited):
    """Tab-separated values as MT corpora write them: no quoting, one record per line.

    A quote character is text like any other (segments often begin with one), so a field
    is everything between two tabs.
    """

    name = "tsv"

    def _raw_records(self, lines: Iterator[str]) -> Iterator[tuple[int, str]]:
        yield from enumerate(lines, 1)

    def _fields(self, raw: str) -> list[tuple[int, int, str, bool]]:
        body, _ = _split_ending(raw)
        out = []
        pos = 0
        for part in body.split("\t"):
            out.append((pos, pos + len(part), part, False))
            pos += len(part) + 1
        return out

    def render(self, rec: Record, new_text: str | None, findings: list[dict[str, Any]] | None = None) -> str:  # noqa: ARG002  RecordFormat.render's signature; only JSONL records carry findings
        if new_text is None or rec.text is None or new_text == rec.text:
            return rec.raw
        if any(c in new_text for c in "\t\n\r"):
            self.warn(f"line {rec.line}: a repair would add a tab or line break to the field; left unchanged")
            return rec.raw
        s, e, _, _ = rec.extra
        return rec.raw[:s] + new_text + rec.raw[e:]


_INCOMPLETE = object()


class CsvFormat(_Delimited):
    """RFC 4180 CSV (quotes doubled inside quoted fields, which may span lines).

    Only the field textfix changed is rewritten: quoted if it was quoted or now needs to
    be; every other byte of the record stays as it was.
    """

    name = "csv"

    def __init__(
        self,
        column: str,
        *,
        delimiter: str = ",",
        header: bool = False,
        source_column: str | None = None,
        doc_column: str | None = None,
    ) -> None:
        super().__init__(column, header=header, source_column=source_column, doc_column=doc_column)
        if len(delimiter) != 1 or delimiter in '"\r\n':
            raise InputError(f"bad CSV delimiter {delimiter!r}")
        self.delimiter = delimiter
        d = regex.escape(delimiter)
        self._quoted = regex.compile(r'"((?:[^"]|"")*)"')
        self._plain = regex.compile(rf"[^{d}\r\n]*")
        self._open = regex.compile(r'"(?:[^"]|"")*\Z')

    # A quoted field may hold line breaks; a record still open after this many lines is
    # taken as malformed (a stray quote) rather than read to the end of the file.
    MAX_RECORD_LINES = 10_000

    def _raw_records(self, lines: Iterator[str]) -> Iterator[tuple[int, str]]:
        line_no = 0
        parts: list[str] = []
        start = 1
        for line in lines:
            line_no += 1
            if not parts:
                start = line_no
            parts.append(line)
            if '"' in line or len(parts) > 1:
                buf = "".join(parts)
                if self._fields(buf) is _INCOMPLETE and len(parts) < self.MAX_RECORD_LINES:
                    continue
                parts = [buf]
            yield start, parts[0]
            parts = []
        if parts:
            yield start, "".join(parts)

    def _fields(self, raw: str) -> Any:
        """(start, end, value, quoted) per field; None when malformed; _INCOMPLETE if a
        quoted field is still open at the end of ``raw``."""
        body, _ = _split_ending(raw)
        out = []
        pos = 0
        while True:
            if body.startswith('"', pos):
                m = self._quoted.match(body, pos)
                if m is None:
                    return _INCOMPLETE if self._open.match(raw, pos) else None
                out.append((m.start(), m.end(), m.group(1).replace('""', '"'), True))
            else:
                m = self._plain.match(body, pos)
                out.append((m.start(), m.end(), m.group(), False))
            pos = m.end()
            if pos == len(body):
                return out
            if body[pos] != self.delimiter:
                return None
            pos += 1

    def render(self, rec: Record, new_text: str | None, findings: list[dict[str, Any]] | None = None) -> str:  # noqa: ARG002  RecordFormat.render's signature; only JSONL records carry findings
        if new_text is None or rec.text is None or new_text == rec.text:
            return rec.raw
        s, e, _, quoted = rec.extra
        needs = any(c in new_text for c in (self.delimiter, '"', "\r", "\n"))
        value = '"' + new_text.replace('"', '""') + '"' if (quoted or needs) else new_text
        return rec.raw[:s] + value + rec.raw[e:]


# -- the command line ----------------------------------------------------------------------


def add_arguments(p: Any) -> None:
    """The record-mode flags of ``textfix check`` and ``textfix fix``."""
    g = p.add_argument_group("records (corpora: one record at a time, stdin to stdout)")
    g.add_argument("--segments", action="store_true", help="one segment per line, each its own document")
    g.add_argument("--jsonl", action="store_true", help="JSON Lines; the text is in --field (default: text)")
    g.add_argument("--field", metavar="NAME", help="JSONL field holding the text (implies --jsonl)")
    g.add_argument(
        "--findings-key",
        metavar="KEY",
        help="JSONL: write each record back with its findings (check) or changes (fix) under KEY",
    )
    g.add_argument("--source-field", metavar="NAME", help="JSONL field holding the source text")
    g.add_argument("--tsv", action="store_true", help="tab-separated, no quoting; the text is in --column")
    g.add_argument("--csv", action="store_true", help="CSV with quoting; the text is in --column")
    g.add_argument("--column", metavar="N|NAME", help="TSV/CSV column of the text: 1-based number or header name")
    g.add_argument("--source-column", metavar="N|NAME", help="TSV/CSV column holding the source text")
    g.add_argument("--header", action="store_true", help="TSV/CSV: the first row is a header (implied by names)")
    g.add_argument("--delimiter", default=",", help="CSV delimiter (default: ,)")
    g.add_argument(
        "--documents",
        action="store_true",
        help="--segments: consecutive lines form one document (context across lines); a blank line ends it",
    )
    g.add_argument(
        "--doc-ids",
        metavar="FILE",
        help="--segments: a document id per line of FILE, aligned with the input (implies --documents)",
    )
    g.add_argument(
        "--doc-field",
        metavar="NAME",
        help="JSONL field naming each record's document: consecutive records of one document go together",
    )
    g.add_argument(
        "--doc-column",
        metavar="N|NAME",
        help="TSV/CSV column naming each record's document: consecutive rows of one document go together",
    )
    g.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default: 1)")


def record_format(args: Any) -> RecordFormat | None:
    """The format the flags ask for, or None for whole-document mode."""
    jsonl = args.jsonl or args.field is not None
    delimited = args.tsv or args.csv or args.column is not None
    modes = [
        m
        for m, on in (("--segments", args.segments), ("--jsonl/--field", jsonl), ("--tsv/--csv/--column", delimited))
        if on
    ]
    if len(modes) > 1:
        raise _usage(f"{' and '.join(modes)} exclude each other")
    if args.findings_key is not None and not jsonl:
        raise _usage("--findings-key needs --jsonl")
    if args.source_field is not None and not jsonl:
        raise _usage("--source-field needs --jsonl (use --source-column for TSV/CSV)")
    if args.source_column is not None and not delimited:
        raise _usage("--source-column needs --tsv or --csv")
    documents, doc_ids = getattr(args, "documents", False), getattr(args, "doc_ids", None)
    doc_field, doc_column = getattr(args, "doc_field", None), getattr(args, "doc_column", None)
    if (documents or doc_ids is not None) and not args.segments:
        raise _usage("--documents and --doc-ids need --segments (use --doc-field/--doc-column for records)")
    if doc_field is not None and not jsonl:
        raise _usage("--doc-field needs --jsonl (use --doc-column for TSV/CSV)")
    if doc_column is not None and not delimited:
        raise _usage("--doc-column needs --tsv or --csv")
    if args.segments:
        return SegmentFormat(documents, doc_ids)
    if jsonl:
        return JsonlFormat(args.field or "text", args.findings_key, args.source_field, doc_field)
    if delimited:
        if args.tsv and args.csv:
            raise _usage("--tsv and --csv exclude each other")
        if args.column is None:
            raise _usage("--tsv/--csv need --column")
        if args.csv:
            return CsvFormat(
                args.column,
                delimiter=args.delimiter,
                header=args.header,
                source_column=args.source_column,
                doc_column=doc_column,
            )
        return TsvFormat(args.column, header=args.header, source_column=args.source_column, doc_column=doc_column)
    if args.jobs != 1:
        raise _usage("-j/--jobs works in record modes (--segments, --jsonl, --tsv, --csv)")
    return None


def _usage(msg: str) -> Exception:
    return UsageError(msg)


def _open_input(path: str, stdin: IO[bytes] | None) -> IO[bytes]:
    if path == "-":
        if stdin is None:
            import sys

            stdin = sys.stdin.buffer
        return stdin
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None


def _document_items(records: Iterator[Record], pending: deque[Record]) -> Iterator[Any]:
    """Runs of consecutive records of one document, as one item each: (texts, contexts) as
    tuples; a record without text is an item of its own (its result is None)."""
    group: list[Record] = []

    def flush() -> Any:
        item = (tuple(r.text for r in group), tuple(r.context for r in group))
        group.clear()
        return item

    for rec in records:
        pending.append(rec)
        if rec.text is None:
            if group:
                yield flush()
            yield None, None
            continue
        if group and rec.doc != group[-1].doc:
            yield flush()
        group.append(rec)
    if group:
        yield flush()


def _per_record(results: Iterator[Any]) -> Iterator[Any]:
    """The results of documents, one per record again."""
    for r in results:
        if r is None:
            yield None
        else:
            yield from r


def run_cli(
    args: Any,
    fmt: RecordFormat,
    pipeline: Any,
    *,
    command: str,
    unsafe: bool,
    paths: list[str],
    out: IO[str],
    err: IO[str],
    stdin: IO[bytes] | None = None,
    reporter: Any = None,
) -> int:
    """``textfix check|fix`` over records: stream each path, write results in order.

    ``check`` hands each finding, located in the file (record and line), to ``reporter``
    (textfix.reporting), the same layer the command's document mode uses.
    """
    from textfix.progress import progress

    if command == "fix":
        _refuse_fix_flags(args, paths)
    jsonl_out = command == "check" and isinstance(fmt, JsonlFormat) and fmt.findings_key is not None
    if jsonl_out:
        reporter = None  # the records themselves carry the findings
    elif command == "check" and reporter is None:
        from textfix.reporting import make_reporter

        reporter = make_reporter(
            getattr(args, "format", "text"),
            out,
            signature=pipeline.signature,
            statistics=getattr(args, "statistics", False),
        )
    mode = _mode(args, fmt, command)
    status = EXIT_OK
    tally = _Tally()
    flush = getattr(out, "flush", None)
    show_progress = _show_progress(args, out, command)
    for path in paths:
        name = "<stdin>" if path == "-" else path
        fmt.source_name = name
        fmt.warnings.clear()
        try:
            stream = _open_input(path, stdin)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
            continue
        try:
            results, pending = _results(
                fmt, fmt.read(stream, flush), pipeline, mode=mode, unsafe=unsafe, jobs=args.jobs
            )
            # A bar counts records on a terminal (stdin of unknown length: no total).
            bar = progress(results, desc=name, unit="rec", enabled=show_progress)
            if command == "fix":
                _write_fixed(
                    bar, pending, fmt, out, err, name, mode=mode, explain=getattr(args, "explain", False), tally=tally
                )
            else:
                _report_checked(bar, pending, fmt, out, name, reporter, jsonl_out=jsonl_out, tally=tally)
        except InputError as e:
            print(f"textfix: {e}", file=err)
            status = EXIT_ERROR
        finally:
            if stream is not stdin and path != "-":
                stream.close()
        _file_warnings(fmt, name, err)
    if reporter is not None:
        reporter.finish()
    if command == "fix" and tally.changed:
        print(f"Fixed {tally.changed} record{'s' if tally.changed != 1 else ''}.", file=err)
    if status == EXIT_ERROR:
        return status
    if command == "check":
        return EXIT_FOUND if tally.findings else EXIT_OK
    return EXIT_OK


@dataclass
class _Tally:
    """What run_cli counts over its files, kept when a file fails half-way."""

    findings: int = 0
    changed: int = 0  # records fix changed


def _refuse_fix_flags(args: Any, paths: list[str]) -> None:
    if getattr(args, "in_place", False) or getattr(args, "diff", False):
        raise UsageError("record modes write to stdout: --in-place and --diff do not apply")
    if len(paths) > 1:
        raise UsageError("record modes fix one input at a time (a file or - for stdin)")


def _mode(args: Any, fmt: RecordFormat, command: str) -> str:
    """What the workers return: findings (check), the new text (fix), or the new text and
    its changes (explain: ``--explain``, or JSONL records that carry their findings)."""
    if command == "fix":
        return (
            "explain"
            if (getattr(args, "explain", False) or (isinstance(fmt, JsonlFormat) and fmt.findings_key))
            else "fix"
        )
    return "check"


def _show_progress(args: Any, out: IO[str], command: str) -> Any:
    # A bar shares the terminal with stdout: draw it only when what goes to stdout does not
    # stream there line by line (a file, a pipe, or a table/envelope printed at the end).
    try:
        out_is_tty = bool(out.isatty())
    except (AttributeError, ValueError):
        out_is_tty = False
    at_end = command == "check" and (getattr(args, "statistics", False) or getattr(args, "format", "text") == "json")
    return getattr(args, "progress", True) and (not out_is_tty or at_end)


def _results(
    fmt: RecordFormat, records: Iterator[Record], pipeline: Any, *, mode: str, unsafe: bool, jobs: int
) -> tuple[Iterator[Any], deque[Record]]:
    """The workers' results, one per record in order, and the records they are for: read
    lazily and kept (in the deque) only while their texts are with the workers."""
    from textfix.parallel import Item, run_many

    pending: deque[Record] = deque()

    def items() -> Iterator[Item]:
        for rec in records:
            pending.append(rec)
            yield rec.text, rec.context

    if fmt.documents:
        # The records of one document go to a worker together, and come back one
        # result per record (textfix.documents).
        results = _per_record(
            run_many(pipeline, _document_items(records, pending), mode=mode, unsafe=unsafe, jobs=jobs)  # type: ignore[arg-type]
        )
    else:
        results = run_many(pipeline, items(), mode=mode, unsafe=unsafe, jobs=jobs)  # type: ignore[arg-type]
    return results, pending


def _write_fixed(
    results: Iterable[Any],
    pending: deque[Record],
    fmt: RecordFormat,
    out: IO[str],
    err: IO[str],
    name: str,
    *,
    mode: str,
    explain: bool,
    tally: _Tally,
) -> None:
    """fix: each record written out, repaired or as it was read."""
    started = False
    for result in results:
        rec = pending.popleft()
        if not started:
            out.write(fmt.prefix())
            started = True
        if result is None:
            out.write(rec.raw)
            continue
        if mode == "explain":
            new, log = result
            if explain:
                for c in sorted(log, key=lambda c: (c.orig_start, c.orig_end)):
                    print(f"{name}:{rec.line}:{c.orig_start + 1}: {c.code} {c.old!r} -> {c.new!r}", file=err)
            out.write(fmt.render(rec, new, [c.to_dict() for c in log]))
        else:
            new = result
            out.write(fmt.render(rec, result))
        if new != rec.text:
            tally.changed += 1


def _report_checked(
    results: Iterable[Any],
    pending: deque[Record],
    fmt: RecordFormat,
    out: IO[str],
    name: str,
    reporter: Any,
    *,
    jsonl_out: bool,
    tally: _Tally,
) -> None:
    """check: each record's findings to the reporter, or into the record itself (JSONL with
    a findings key)."""
    from textfix.reporting import Location

    started = False
    # A segment or TSV field is one line: its columns are the finding's own; a JSON or CSV
    # field is located by its offset in the text.
    whole_line = isinstance(fmt, (SegmentFormat, TsvFormat))
    for result in results:
        rec = pending.popleft()
        if jsonl_out and not started:
            out.write(fmt.prefix())
            started = True
        findings = result or []
        tally.findings += len(findings)
        if jsonl_out:
            out.write(fmt.render(rec, None, [f.to_dict() for f in findings]))
            continue
        for f in findings:
            col = f.column if whole_line else f.start + 1
            reporter.finding(
                Location(
                    name,
                    rec.line,
                    col,
                    rec.line + f.end_line - f.line,
                    f.end_column if whole_line else f.end + 1,
                    rec.number,
                    rec.line,
                ),
                f,
            )


def _file_warnings(fmt: RecordFormat, name: str, err: IO[str]) -> None:
    """The format's warnings about one file, then reset for the next."""
    for w in fmt.warnings:
        print(f"textfix: {name}: {w}", file=err)
    missing = getattr(fmt, "without_field", 0) or getattr(fmt, "short_rows", 0)
    if missing:
        print(f"textfix: {name}: {missing} record(s) had no text in the chosen field/column; left unchanged", file=err)
        if isinstance(fmt, JsonlFormat):
            fmt.without_field = 0
        elif isinstance(fmt, _Delimited):
            fmt.short_rows = 0
