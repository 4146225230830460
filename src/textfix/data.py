"""Where textfix's own data lives: ``corpora/`` in the repository, ``textfix._corpora`` when
installed from a wheel (pyproject maps the folder into the package)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["corpus_path", "read_corpus_text"]


@lru_cache(maxsize=1)
def _root() -> Path:
    repo = Path(__file__).resolve().parent.parent.parent / "corpora"
    if repo.is_dir():
        return repo
    # Installed from a wheel: pyproject maps corpora/ to textfix/_corpora.  (Not through
    # importlib.resources: for a folder without __init__.py it returns a MultiplexedPath,
    # whose str() is not a path.)
    return Path(__file__).resolve().parent / "_corpora"


def corpus_path(*parts: str) -> Path:
    """Path of a data file, e.g. ``corpus_path("entities", "people.tsv")``."""
    return _root().joinpath(*parts)


def read_corpus_text(*parts: str) -> str:
    return corpus_path(*parts).read_text(encoding="utf-8")
