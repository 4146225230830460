"""Reading and writing users' files without ever losing a byte.

* Text is decoded strictly: invalid UTF-8 is an :class:`InputError` naming the file and the
  byte offset, and nothing is written.
* A UTF-8 BOM is remembered and written back; UTF-16 with a BOM is decoded and written back
  as UTF-16 in the same byte order, BOM included.  Newlines are never converted, so CRLF
  files stay CRLF.
* ``write_atomic`` writes a temporary file in the same folder, fsyncs it, copies the mode,
  and renames it over the target (following symbolic links to their target), after checking
  the file did not change since it was read.  A run killed before the rename leaves the old
  file whole and, at worst, its temporary file ``.textfix-<name>.<pid>.<random>.tmp``; the
  next rewrite of the same file removes such leftovers whose process is gone.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["InputError", "SourceFile", "iter_paths", "read_source", "read_stdin", "write_atomic"]


class InputError(Exception):
    """A file that cannot be read or written; the message names it."""


@dataclass(frozen=True)
class SourceFile:
    path: str  # as given, or "-" for stdin
    text: str
    raw: bytes
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le" or "utf-16-be" (the last two with a BOM)
    mtime_ns: int = 0


def decode(raw: bytes, name: str) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", raw[3:]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The byte order is kept: "utf-16" would write a big-endian file back little-endian.
        encoding = "utf-16-le" if raw.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            return raw[2:].decode(encoding), encoding
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: invalid UTF-16 at byte offset {e.start + 2}") from None
    else:
        encoding, body = "utf-8", raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        off = e.start + (3 if encoding == "utf-8-sig" else 0)
        raise InputError(f"{name}: invalid UTF-8 at byte offset {off} (byte 0x{body[e.start]:02x})") from None
    return text, encoding


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode(encoding)
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode(encoding)
    data = text.encode("utf-8")
    return (codecs.BOM_UTF8 + data) if encoding == "utf-8-sig" else data


def read_source(path: str) -> SourceFile:
    if path == "-":
        return read_stdin()
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    text, encoding = decode(raw, path)
    return SourceFile(path, text, raw, encoding, st.st_mtime_ns)


def read_stdin() -> SourceFile:
    raw = sys.stdin.buffer.read()
    text, encoding = decode(raw, "<stdin>")
    return SourceFile("-", text, raw, encoding)


def looks_binary(path: Path, probe: int = 8192) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(probe)
    except OSError:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def iter_paths(args: list[str], glob: str = "*.txt") -> list[str]:
    """Expand folders to the files under them matching ``glob``, sorted; keep files as given."""
    out: list[str] = []
    for a in args:
        if a == "-":
            out.append(a)
            continue
        p = Path(a)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob(glob)
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            out.extend(found)
        else:
            out.append(a)
    return out


def write_new_file(path: str, text: str) -> None:
    """Write an output file (a report) atomically: a temporary file renamed into place."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".textfix-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = ""
    finally:
        if tmp:
            os.unlink(tmp)


def write_atomic(src: SourceFile, new_text: str) -> None:
    """Replace ``src.path`` with ``new_text`` atomically; raise InputError and change nothing
    when the file is read-only or changed since it was read."""
    target = os.path.realpath(src.path)  # rewrite a symlink's target, keep the link
    data = encode(new_text, src.encoding)
    try:
        st = os.stat(target)
    except OSError as e:
        raise InputError(f"{src.path}: cannot stat: {e.strerror}") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{src.path}: file is read-only; not rewritten")
    folder = os.path.dirname(target) or "."
    prefix = f".textfix-{os.path.basename(target)}."
    _remove_stale_temps(folder, prefix)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputError(f"{src.path}: cannot create a temporary file beside it: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass
        # The file must still be what we read: another writer's change is never overwritten.
        with open(target, "rb") as fh:
            now = fh.read()
        if now != src.raw:
            raise InputError(f"{src.path}: changed since it was read; not rewritten")
        os.replace(tmp, target)
        tmp = ""
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _remove_stale_temps(folder: str, prefix: str) -> None:
    """Remove temporary files of this target left by textfix runs that were killed.

    Only files named for this target whose writing process no longer exists are removed, so
    a concurrent run's file is never touched.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for n in names:
        if not (n.startswith(prefix) and n.endswith(".tmp")):
            continue
        # "<pid>.<random>": the random part has no dot, so "a.txt.1" is never taken for "a.txt".
        parts = n[len(prefix) : -len(".tmp")].split(".")
        if len(parts) != 2 or not parts[0].isdigit() or _alive(int(parts[0])):
            continue
        try:
            os.unlink(os.path.join(folder, n))
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
