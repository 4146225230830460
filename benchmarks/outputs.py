"""Record textfix's outputs on all of WMT22, or compare the current code's outputs with a record.

    python -m benchmarks outputs record  [FILE]
    python -m benchmarks outputs compare [FILE] [--documents-only]
    tox -e outputs                       # compare, from tox; `tox -e outputs -- record` records

For speed work and refactoring, where the promise is "faster, same results": every line of
../shared/wmt22/{ts-hyp,hyp,ref,ts-ref} (528,077 lines) goes through the default pipeline's
``fix``, ``fix`` with unsafe fixes, and ``check`` (code, span, edits, message of each finding),
and every whole file of wmt22/hyp through the three as one document.  ``compare`` prints up to
15 differing lines with what changed, then ``lines compared N differences M``; it exits 1 when
M > 0.  Two worker processes.

FILE defaults to $TEXTFIX_OUTPUTS_RECORD, else textfix-outputs.pkl in the temporary folder.
A record is a pickle of the outputs, kept outside the repository (it is derived from
../shared).  Record on the code before the change (a checkout of the commit you start from),
then compare on the changed code.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from multiprocessing import Pool
from pathlib import Path

from . import _data

FOLDERS = ("ts-hyp", "hyp", "ref", "ts-ref")
DEFAULT_RECORD = Path(tempfile.gettempdir()) / "textfix-outputs.pkl"


def record_path(given: str | None) -> Path:
    if given:
        return Path(given)
    env = os.environ.get("TEXTFIX_OUTPUTS_RECORD")
    return Path(env) if env else DEFAULT_RECORD


def _lines() -> list[str]:
    out: list[str] = []
    for folder in FOLDERS:
        for path in sorted((_data.WMT22 / folder).iterdir()):
            with open(path, encoding="utf-8", newline="") as fh:
                lines = [line.rstrip("\r\n") for line in fh]
            out.extend(_data.head(lines))
    return out


def _outputs(chunk: list[str]) -> list[tuple]:
    import textfix

    pipe = textfix.Pipeline()
    res = []
    for s in chunk:
        findings = tuple(
            (f.code, f.start, f.end, tuple((e.start, e.end, e.replacement) for e in f.edits), f.message)
            for f in pipe.check(s)
        )
        res.append((pipe.fix(s), pipe.fix(s, unsafe=True), findings))
    return res


def _document(path: Path) -> tuple:
    import textfix

    pipe = textfix.Pipeline()
    text = path.read_text(encoding="utf-8")
    if _data.LIMIT is not None:
        text = "\n".join(text.split("\n")[: _data.LIMIT])
    return (
        path.name,
        pipe.fix(text),
        pipe.fix(text, unsafe=True),
        [(f.code, f.start, f.end) for f in pipe.check(text)],
    )


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    documents_only = "--documents-only" in argv
    argv = [a for a in argv if a != "--documents-only"]
    if any(a.startswith("-") for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    if not 1 <= len(argv) <= 2 or argv[0] not in ("record", "compare") or (documents_only and argv[0] == "record"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, record = argv[0], record_path(argv[1] if len(argv) == 2 else None)
    if not _data.require_wmt22():
        return 2
    if mode == "compare" and not record.exists():
        print(
            f"no record at {record}: make one first, on the code before your change, with\n"
            f"    python -m benchmarks outputs record {record}\n"
            "(or `tox -e outputs -- record`), then compare on the changed code. The record is FILE when\n"
            f"given, else $TEXTFIX_OUTPUTS_RECORD, else {DEFAULT_RECORD}.",
            file=sys.stderr,
        )
        return 2
    lines = _lines()
    chunks = [lines[i : i + 2000] for i in range(0, len(lines), 2000)]
    with Pool(2) as pool:
        res = [] if documents_only else [r for part in pool.map(_outputs, chunks) for r in part]
        docs = pool.map(_document, sorted((_data.WMT22 / "hyp").iterdir()))
    if mode == "record":
        with open(record, "wb") as fh:
            pickle.dump({"lines": lines, "res": res, "docs": docs}, fh)
        print(f"recorded {len(res)} lines and {len(docs)} documents in {record}")
        return 0
    with open(record, "rb") as fh:
        base = pickle.load(fh)  # a pickle this command wrote
    if base["lines"] != lines:
        print("the record was made on other input lines (another --limit, or other data)", file=sys.stderr)
        return 2
    bad = 0
    for s, was, now in zip(lines, base["res"], res, strict=not documents_only):
        if was != now:
            bad += 1
            if bad <= 15:
                print("DIFF", repr(s[:200]))
                for k, (x, y) in enumerate(zip(was, now, strict=True)):
                    if x != y:
                        print(f"  {('fix', 'unsafe fix', 'check')[k]}\n    was {x!r:.400}\n    now {y!r:.400}")
    for was, now in zip(base["docs"], docs, strict=True):
        if was != now:
            bad += 1
            print("DOCUMENT DIFF", was[0])
    print(f"lines compared {len(res)} documents compared {len(docs)} differences {bad}")
    return 1 if bad else 0
