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
from typing import Any

from textfix.errors import InputError

__all__ = ["InputError", "SourceFile", "iter_paths", "read_source", "read_stdin", "write_atomic"]


@dataclass(frozen=True)
class SourceFile:
    path: str  # as given, or "-" for stdin
    text: str
    raw: bytes
    # "utf-8"; "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be" (read with a
    # BOM, written back with it); or the codec --encoding named, spelt with underscores
    # ("iso8859_1", "utf_16_le": no BOM).
    encoding: str
    mtime_ns: int = 0


# Byte order marks, longest first: the UTF-32LE BOM begins with the UTF-16LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom(raw: bytes) -> tuple[bytes, str] | None:
    for bom, enc in BOMS:
        if raw.startswith(bom):
            return bom, enc
    return None


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``raw`` and the encoding to write it back in.

    Without ``encoding``: a UTF-8, UTF-16 or UTF-32 BOM decides (and is written back, the
    byte order kept); otherwise strict UTF-8.  With ``encoding`` (``--encoding latin-1``),
    that codec, strictly; a BOM of the same family is still taken off and written back.

    Text that decodes to many NUL characters (a quarter or more of its first characters) is
    refused: it is a UTF-16 or UTF-32 file without a BOM read as UTF-8, and a repair would
    have "fixed" it into garbage by deleting the NULs.  A stray NUL in real text is left to
    rule U103.
    """
    found = _bom(raw)
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        enc = info.name
        if (
            found is not None
            and _family(found[1]) == _family(enc)
            and (enc in ("utf-8", "utf-8-sig", "utf-16", "utf-32") or found[1] == enc)
        ):
            bom, enc = found
            body = raw[len(bom) :]
        else:
            # Without a BOM, "utf-16" means little-endian (as on Windows, where such files
            # come from); it is written back the same way, without adding a BOM.
            # The codec is spelt with underscores ("utf_16_le"), which encode() reads as "no
            # BOM": the hyphenated names in BOMS are the ones read with a BOM.
            enc = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-8-sig": "utf-8"}.get(enc, enc)
            if enc != "utf-8":
                enc = enc.replace("-", "_")
            bom, body = b"", raw
    elif found is not None:
        bom, enc = found
        body = raw[len(bom) :]
    else:
        bom, enc, body = b"", "utf-8", raw
    codec = "utf-8" if enc == "utf-8-sig" else enc
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as e:
        label = _family(codec.replace("_", "-")).upper() if codec.startswith("utf") else codec
        raise InputError(
            f"{name}: invalid {label} at byte offset {e.start + len(bom)} (byte 0x{body[e.start]:02x}); "
            "--encoding names another encoding"
        ) from None
    if "\x00" in text and _mostly_nul(text):
        raise InputError(
            f"{name}: the text decodes to NUL characters (byte offset {_byte_of_nul(body)}): "
            "a UTF-16 or UTF-32 file without a BOM? Name it with --encoding (e.g. utf-16-le); "
            "nothing was changed"
        )
    return text, enc


def _family(enc: str) -> str:
    for fam in ("utf-8", "utf-16", "utf-32"):
        if enc.startswith(fam):
            return fam
    return enc


def _mostly_nul(text: str, probe: int = 4096) -> bool:
    head = text[:probe]
    return head.count("\x00") * 4 >= len(head)


def _byte_of_nul(body: bytes) -> int:
    i = body.find(b"\x00")
    return max(i, 0)


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, with the BOM it was read with (see :func:`decode`)."""
    for bom, enc in BOMS:
        if enc == encoding:
            codec = "utf-8" if enc == "utf-8-sig" else enc
            return bom + text.encode(codec)
    return text.encode(encoding)


def read_source(path: str, encoding: str | None = None) -> SourceFile:
    """A file (or ``-``, stdin) decoded as :func:`decode` says."""
    if path == "-":
        return read_stdin(encoding)
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    text, enc = decode(raw, path, encoding)
    return SourceFile(path, text, raw, enc, st.st_mtime_ns)


def read_stdin(encoding: str | None = None) -> SourceFile:
    raw = sys.stdin.buffer.read()
    text, enc = decode(raw, "<stdin>", encoding)
    return SourceFile("-", text, raw, enc)


def looks_binary(path: Path, probe: int = 8192, encoding: str | None = None) -> bool:
    """A NUL byte in the first ``probe`` bytes, unless a BOM or ``encoding`` says UTF-16/32."""
    if encoding is not None and encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(probe)
    except OSError:
        return False
    if _bom(head) is not None:
        return False
    return b"\x00" in head


# Folders a walk never enters, as ruff's defaults: version control, virtual environments,
# package managers' trees and tool caches hold text that is not the user's to fix.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "node_modules",
    "site-packages",
    "venv",
)


def _gitignore(folder: Path) -> Any:
    """The patterns of ``folder/.gitignore`` (None when there is none or it is unreadable)."""
    import pathspec

    f = folder / ".gitignore"
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _repo_root(folder: Path) -> Path | None:
    for d in (folder, *folder.parents):
        if (d / ".git").exists():
            return d
    return None


class _Ignores:
    """The .gitignore files that apply to a folder: those of the repository's folders from
    its root down.  A deeper file's verdict overrides a shallower one's, as in git."""

    def __init__(self, specs: list[tuple[Path, Any]]) -> None:
        self.specs = specs

    def child(self, folder: Path) -> _Ignores:
        spec = _gitignore(folder)
        return _Ignores([*self.specs, (folder, spec)]) if spec is not None else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict = False
        for base, spec in self.specs:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            r = spec.check_file(rel + "/" if is_dir else rel)
            if r.include is not None:
                verdict = r.include
        return verdict


def iter_paths(
    args: list[str],
    glob: str = "*.txt",
    *,
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
    gitignore: bool = True,
) -> list[str]:
    """Expand folders to the files under them matching ``glob``, sorted; keep files as given.

    A walk skips hidden files and folders, folders and files matching ``exclude``
    (gitignore-style patterns, matched against the path below the folder walked, so a bare
    name matches at any depth), and, with ``gitignore``, what the .gitignore files of the
    repository exclude.  A file named on the command line is always taken.
    """
    import pathspec

    excluded = pathspec.GitIgnoreSpec.from_lines(exclude)
    out: list[str] = []
    for a in args:
        p = Path(a)
        if a == "-" or not p.is_dir():
            out.append(a)
            continue
        ignores = _ignores_above(p) if gitignore else _Ignores([])
        out.extend(sorted(_walk(p, glob, excluded, ignores, gitignore)))
    return out


def _ignores_above(p: Path) -> _Ignores:
    """The .gitignore files from the repository's root down to folder ``p``."""
    ignores = _Ignores([])
    root = _repo_root(p.resolve())
    if root is not None:
        here = p.resolve()
        for d in reversed([here, *here.parents]):
            if d == root or root in d.parents:
                ignores = ignores.child(d)
    return ignores


def _walk(p: Path, glob: str, excluded: Any, ignores: _Ignores, gitignore: bool) -> list[str]:
    """The files under folder ``p`` that iter_paths takes (see there), in walk order."""
    import fnmatch

    found: list[str] = []
    stack = [(p, ignores)]
    while stack:
        folder, ign = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            rel = path.relative_to(p).as_posix()
            is_dir = e.is_dir(follow_symlinks=False)
            if excluded.match_file(rel + "/" if is_dir else rel):
                continue
            if gitignore and ign.ignored(path.resolve(), is_dir):
                continue
            if is_dir:
                stack.append((path, ign.child(path.resolve()) if gitignore else ign))
            elif e.is_file() and fnmatch.fnmatch(rel if "/" in glob else e.name, glob):
                found.append(str(path))
    return found


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
    """Replace ``src.path`` with ``new_text``; raise InputError and change nothing when the
    file is read-only, changed since it was read, or cannot hold the new text.

    A file with one name gets a temporary file renamed over it: readers see the old or the
    new file, never half of one.  A file with several hard links cannot be replaced by a
    rename (the other names would keep the old text, the links broken), so its bytes are
    rewritten in place, as an editor does, after a full copy of the old content is made
    durable beside it: a run killed in the middle leaves ``.textfix-<name>.<pid>.<random>.bak``
    holding the original bytes (the only case where a reader could see a partial file).
    Every name keeps pointing at the one file.
    """
    target = os.path.realpath(src.path)  # rewrite a symlink's target, keep the link
    try:
        data = encode(new_text, src.encoding)
    except UnicodeEncodeError as e:
        raise InputError(
            f"{src.path}: the repaired text has {new_text[e.start]!r} (U+{ord(new_text[e.start]):04X}), "
            f"which {src.encoding} cannot encode; not rewritten"
        ) from None
    try:
        st = os.stat(target)
    except OSError as e:
        raise InputError(f"{src.path}: cannot stat: {e.strerror}") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{src.path}: file is read-only; not rewritten")
    folder = os.path.dirname(target) or "."
    prefix = f".textfix-{os.path.basename(target)}."
    _remove_stale_temps(folder, prefix)
    if st.st_nlink > 1:
        _rewrite_in_place(src, target, folder, prefix, data)
        return
    tmp = _durable_copy(src, folder, prefix, ".tmp", data, "a temporary file")
    try:
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
        _fsync_folder(folder)
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _durable_copy(src: SourceFile, folder: str, prefix: str, suffix: str, data: bytes, what: str) -> str:
    """A new file beside the target (named for it and this process, so stale ones can be
    found), holding ``data`` on disk when this returns; its path."""
    try:
        fd, path = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=suffix, dir=folder)
    except OSError as e:
        raise InputError(f"{src.path}: cannot create {what} beside it: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as e:
        os.unlink(path)
        if isinstance(e, OSError):
            raise InputError(f"{src.path}: cannot write {what} beside it: {e.strerror or e}") from None
        raise
    return path


def _fsync_folder(folder: str) -> None:
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _rewrite_in_place(src: SourceFile, target: str, folder: str, prefix: str, data: bytes) -> None:
    """Overwrite a hard-linked file's bytes, with a durable copy of the old ones kept beside
    it until the new ones are on disk."""
    bak = _durable_copy(src, folder, prefix, ".bak", src.raw, "a backup")
    try:
        _fsync_folder(folder)
        try:
            fh2 = open(target, "r+b")
        except OSError as e:
            raise InputError(f"{src.path}: cannot write: {e.strerror}") from None
        with fh2:
            if fh2.read() != src.raw:
                raise InputError(f"{src.path}: changed since it was read; not rewritten")
            fh2.seek(0)
            fh2.write(data)
            fh2.truncate()
            fh2.flush()
            os.fsync(fh2.fileno())
    except BaseException as e:
        # Keep the backup only if the file may be half-written.
        try:
            with open(target, "rb") as fh:
                intact = fh.read() in (src.raw, data)
        except OSError:
            intact = False
        if intact:
            os.unlink(bak)
        if isinstance(e, OSError):
            kept = "" if intact else f"; its original bytes are in {bak}"
            raise InputError(f"{src.path}: cannot write: {e.strerror or e}{kept}") from None
        raise
    os.unlink(bak)


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
