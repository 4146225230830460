"""Configuration: ``[tool.textfix]`` in ``pyproject.toml`` or a ``textfix.toml``.

The nearest file walking up from the input wins (as ruff does); command-line flags override
it.  Keys::

    lang = "en"                 # language of the text
    select = ["S", "U101"]      # replace the default rule set (codes, prefixes, names, ALL)
    extend-select = ["LT"]      # add to it
    ignore = ["D101"]           # remove from it
    unsafe-fixes = false        # apply unsafe fixes in `textfix fix`

    [tool.textfix.<pass>]       # options of one pass, e.g. [tool.textfix.entities]

An unknown key or a bad value is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from textfix.errors import ConfigError, SelectionError, UsageError
from textfix.options import resolve_paths
from textfix.rules import resolve_selection

if TYPE_CHECKING:
    from textfix.pipeline import Pipeline

__all__ = ["ConfigError", "Settings", "find_config", "load_config", "parse_config"]

CONFIG_FILES = ("textfix.toml", ".textfix.toml", "pyproject.toml")


@dataclass(frozen=True)
class Settings:
    lang: str = "en"
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    def pipeline(self) -> Pipeline:
        from textfix.pipeline import Pipeline

        return Pipeline(
            lang=self.lang,
            select=self.select,
            ignore=self.ignore,
            extend_select=self.extend_select,
            options=self.options,
        )


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def parse_config(data: Mapping[str, Any], source: str = "<config>", *, base: Path | None = None) -> Settings:
    """Validate a ``[tool.textfix]`` table; ``source`` names the file in errors.

    ``base`` is the folder of the file: relative paths in pass options resolve against it
    (without one they stay as written, for the working folder).
    """
    from textfix.passes import PASS_CLASSES

    passes = {c.name: c for c in PASS_CLASSES}
    kw: dict[str, Any] = {}
    options: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        where = f"{source}: key {key!r}"
        if key == "lang":
            from textfix.languages import check_language

            try:
                kw["lang"] = check_language(value)
            except UsageError as e:
                raise ConfigError(f"{where}: {e}") from None
        elif key in ("select", "ignore", "extend-select"):
            codes = _str_list(value, where)
            try:
                resolve_selection(
                    codes if key == "select" else None,
                    codes if key == "ignore" else None,
                    codes if key == "extend-select" else None,
                )
            except SelectionError as e:
                raise ConfigError(f"{where}: {e}") from None
            kw[key.replace("-", "_")] = codes
        elif key == "unsafe-fixes":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected true or false, got {value!r}")
            kw["unsafe_fixes"] = value
        elif key in passes:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of options for pass {key!r}")
            specs = {o.name: o for o in passes[key].option_specs}
            for opt, v in value.items():
                spec = specs.get(opt.replace("-", "_"))
                if spec is None:
                    known = ", ".join(sorted(o.key for o in specs.values())) or "none"
                    raise ConfigError(f"{source}: unknown option {key}.{opt} (known: {known})")
                try:
                    spec.validate(v)
                except (TypeError, ValueError) as e:
                    raise ConfigError(f"{source}: option {key}.{opt}: {e}") from None
            table = {k.replace("-", "_"): v for k, v in value.items()}
            options[key] = resolve_paths(passes[key].option_specs, table, base) if base is not None else table
        else:
            known = ", ".join(["lang", "select", "extend-select", "ignore", "unsafe-fixes", *sorted(passes)])
            raise ConfigError(f"{source}: unknown key {key!r} (known: {known})")
    return Settings(options=options, **kw)


def _read_table(path: Path, *, discovered: bool = False) -> Mapping[str, Any] | None:
    """The textfix table of ``path`` (None when a pyproject.toml has none).

    ``discovered``: the file was found by walking up from the input, not named by
    ``--config``.  A pyproject.toml found that way belongs to some Python project; when it
    is not valid TOML and does not mention textfix, it is not textfix's configuration and is
    passed over, as ruff passes over a pyproject.toml without ``[tool.ruff]``: a broken,
    unrelated file in a parent folder must not stop every run.  One that mentions
    ``tool.textfix`` is still an error: the user meant it for textfix.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read()
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        if discovered and path.name == "pyproject.toml" and b"textfix" not in raw:
            return None
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textfix")
        return table if isinstance(table, dict) else None
    return data


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or a folder)."""
    d = start.resolve()
    if not d.is_dir():
        d = d.parent
    for folder in (d, *d.parents):
        for name in CONFIG_FILES:
            p = folder / name
            if p.is_file() and _read_table(p, discovered=True) is not None:
                return p
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Settings:
    """Settings from ``path``, or from the config found above ``start``, or defaults."""
    if path is None and start is not None:
        path = find_config(start)
    if path is None:
        return Settings()
    table = _read_table(path)
    settings = parse_config(table or {}, str(path), base=path.resolve().parent)
    return Settings(**{**settings.__dict__, "path": path})
