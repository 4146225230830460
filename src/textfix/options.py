"""Pass options, declared once: name, type, default, choices and a doc line.

A pass lists its options as :class:`Option` values in ``option_specs``.  Everything else is
derived from that list: the check of keyword arguments (``EntitiesPass(zelensky_spelling=...)``),
the check of a ``[tool.textfix.<pass>]`` table, the resolution of paths against the
configuration file that names them, and the options table of docs/configuration.md
(:func:`textfix.docs.options_markdown`).

>>> o = Option("grouping", str, "document", "when to group digits", choices=("document", "always"))
>>> o.key, o.type_name
('grouping', 'str')
>>> o.validate("always")
'always'
>>> o.validate("sometimes")
Traceback (most recent call last):
  ...
ValueError: expected one of 'document', 'always', got 'sometimes'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Option", "patterns_compile", "resolve_paths"]

# The types an option may have, as the configuration file writes them.  ``Path`` is a string
# in the file, resolved against the file's folder; ``list`` is a list of strings.
_TYPE_NAMES: dict[type, str] = {
    str: "str",
    bool: "bool",
    int: "int",
    float: "number",
    list: "list of str",
    Path: "path",
}


@dataclass(frozen=True)
class Option:
    """One option of a pass.

    ``name`` is the keyword the pass reads (``dash_style``); a configuration file may write
    it with ``-`` (``dash-style``).  ``default`` is what the pass uses when the option is not
    given (``None``: no value, e.g. no term base).  ``doc`` is one line, lower case, no final
    period, as the docs table shows it.  ``check`` tests a value of the right type further,
    for what a type and choices cannot say (patterns that must compile); it raises ValueError.
    """

    name: str
    type: type
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    check: Callable[[Any], None] | None = None

    def __post_init__(self) -> None:
        if self.type not in _TYPE_NAMES:
            raise TypeError(f"option {self.name!r}: type must be one of {sorted(t.__name__ for t in _TYPE_NAMES)}")

    @property
    def key(self) -> str:
        """The name as the configuration file and the docs write it."""
        return self.name.replace("_", "-")

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES[self.type]

    def _is_of_type(self, value: Any) -> bool:
        t = self.type
        if t is bool:
            return isinstance(value, bool)
        if t is int:
            return isinstance(value, int) and not isinstance(value, bool)
        if t is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if t is list:
            return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        if t is Path:
            return isinstance(value, (str, os.PathLike))
        return isinstance(value, t)

    def validate(self, value: Any) -> Any:
        """``value`` if it has this option's type and is one of its choices; else TypeError or
        ValueError (the caller adds which pass and option)."""
        if not self._is_of_type(value):
            raise TypeError(f"expected {self.type_name}, got {value!r}")
        if self.choices and value not in self.choices:
            raise ValueError(f"expected one of {', '.join(map(repr, self.choices))}, got {value!r}")
        if self.check is not None:
            self.check(value)
        return value


def patterns_compile(patterns: list[str] | tuple[str, ...]) -> None:
    """An ``Option.check``: every string is a regular expression ``regex`` compiles."""
    import regex

    for p in patterns:
        try:
            regex.compile(p)
        except regex.error as e:
            raise ValueError(f"bad regular expression {p!r}: {e}") from None


def resolve_paths(specs: tuple[Option, ...], values: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """``values`` with each relative path option made absolute against ``base`` (the folder
    of the configuration file that names it, as ruff resolves its paths)."""
    out = dict(values)
    for o in specs:
        v = out.get(o.name)
        if o.type is Path and v is not None and not Path(v).is_absolute():
            out[o.name] = str(base / v)
    return out
