"""The errors the command reports as one line, and its exit codes.

Every error a user can cause (a bad flag, a bad configuration file, an unreadable input, an
unknown rule code) is one of these classes, and the command prints ``textfix: <message>``
and exits 2 for all of them.  They live here, below every other module, so that the record
modes, the configuration loader and the passes can raise them without importing the
command line (``records`` used to import from ``cli``; a pass imported ``config``).

Exit codes, as ruff uses them:

* :data:`EXIT_OK` (0): nothing found (check), success (fix);
* :data:`EXIT_FOUND` (1): findings (check) or changes (diff);
* :data:`EXIT_ERROR` (2): usage, configuration or input error.
"""

from __future__ import annotations

__all__ = [
    "EXIT_ERROR",
    "EXIT_FOUND",
    "EXIT_OK",
    "ConfigError",
    "InputError",
    "MissingExtraError",
    "SelectionError",
    "TextfixError",
    "UsageError",
]

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class TextfixError(Exception):
    """Base of the errors the command reports as one line and exit code 2."""


class UsageError(TextfixError):
    """Flags that do not go together, a missing argument, an unknown language."""


class ConfigError(TextfixError, ValueError):
    """A configuration file or value that is not valid; the message names the file and key."""


class InputError(TextfixError):
    """A file that cannot be read or written; the message names it."""


class SelectionError(TextfixError, ValueError):
    """An unknown rule code, prefix or name in a selection."""


class MissingExtraError(TextfixError, ImportError):
    """An optional dependency is not installed; the message names the pip extra."""
