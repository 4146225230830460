"""Coverage-guided fuzzing of ``check`` and ``fix`` with atheris (libFuzzer for Python).

Every rule is selected (except those that need an external service) and unsafe fixes are
on, in English and in one other language.  A crash is any exception from ``check``/``fix``,
a span outside the text, a fix that is not idempotent, or an explain log that does not
replay.  Inputs are raw bytes decoded as UTF-8 with ``surrogateescape``, so the seeds in
``corpus/`` are plain text files and invalid bytes become lone surrogates, which ``check``
and ``fix`` must take like any other ``str``.

Run for ten minutes, keeping what libFuzzer learns in a scratch corpus::

    mkdir -p /tmp/fuzz-work
    python tests/fuzz/fuzz_textfix.py -max_total_time=600 -timeout=20 \\
        -artifact_prefix=/tmp/fuzz-work/ /tmp/fuzz-work tests/fuzz/corpus

Re-run one crash file: ``python tests/fuzz/fuzz_textfix.py /tmp/fuzz-work/crash-...``.
Each crash found is fixed and kept in ``tests/test_inputs.py`` (``FUZZ_REGRESSIONS``), which
runs :func:`exercise` on it without atheris.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

# The second language picks up rules limited to other languages (and the not_languages
# exclusions such as French spacing); chosen per input from its bytes.
OTHER_LANGS = ("fr", "de", "ru", "zh")


@cache
def pipeline(lang: str) -> Any:
    # Imported here, not at the top, so that ``main`` can import textfix under atheris'
    # instrumentation first.
    import textfix
    from textfix.rules import RULES

    service = [c for c, r in RULES.items() if r.extra.get("needs_service")]
    return textfix.Pipeline(lang=lang, select=["ALL"], ignore=service)


def exercise(text: str, lang: str = "en") -> None:
    """Run check, fix and fix_and_explain on ``text``; raise AssertionError on a broken contract."""
    from textfix.pipeline import replay

    pipe = pipeline(lang)
    n = len(text)
    for f in pipe.check(text):
        assert 0 <= f.start <= f.end <= n, f"{f.code}: span [{f.start}, {f.end}) outside text of {n}"
        assert f.line >= 1 and f.column >= 1 and f.end_line >= f.line, f"{f.code}: bad line/column"
        for e in f.edits:
            assert 0 <= e.start <= e.end <= n, f"{f.code}: edit [{e.start}, {e.end}) outside text of {n}"
    once, log = pipe.fix_and_explain(text, unsafe=True)
    assert isinstance(once, str)
    assert replay(text, log) == once, "explain log does not replay"
    twice = pipe.fix(once, unsafe=True)
    assert twice == once, f"fix not idempotent: {once!r} -> {twice!r}"
    assert pipe.fix(text, unsafe=True) == once, "fix and fix_and_explain disagree"


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    exercise(text, "en")
    exercise(text, OTHER_LANGS[sum(data[:8]) % len(OTHER_LANGS)])


def main(argv: list[str]) -> None:
    import atheris

    # ftfy is instrumented too: the mojibake repair goes through it, and its branches are
    # where odd byte sequences lead.
    with atheris.instrument_imports(include=["textfix", "ftfy"]):
        import textfix  # noqa: F401
    pipeline("en")  # build (and import every pass) before the clock starts
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
