"""Hostile and unusual inputs: bad encodings, NUL bytes, binary files, empty files, very long
lines, configuration errors, and the library's contract for any ``str``.

``FUZZ_REGRESSIONS`` keeps inputs that once broke a contract (found by the atheris harness,
tests/fuzz/fuzz_textfix.py, or by hand); each runs through the harness's own checks.
"""

from __future__ import annotations

import base64
import codecs
import io
import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix import cli

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))
from fuzz_textfix import OTHER_LANGS, exercise

SEEDS = Path(__file__).resolve().parent / "fuzz" / "corpus"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --- encodings ---------------------------------------------------------------------------


def test_invalid_utf8_reports_the_byte_offset_and_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    raw = b"Hamburg , Germany .\nZ\xfcrich , Switzerland\n"  # Latin-1 \xfc at byte 21
    f.write_bytes(raw)
    for argv in (["check", str(f)], ["fix", "--in-place", str(f)]):
        code, out, err = run(argv[0], "--isolated", *argv[1:])
        assert code == 2
        assert f"{f}: invalid UTF-8 at byte offset 21 (byte 0xfc)" in err
        assert out == ""
    assert f.read_bytes() == raw


def test_invalid_utf8_after_a_bom_counts_the_bom(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(codecs.BOM_UTF8 + b"ab\xff")
    code, _, err = run("check", "--isolated", str(f))
    assert code == 2 and "byte offset 5 (byte 0xff)" in err


@pytest.mark.parametrize("bom, enc", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom_is_decoded_and_written_back_in_its_byte_order(tmp_path, bom, enc):
    f = tmp_path / "a.txt"
    f.write_bytes(bom + "Zürich , Switzerland .\r\n".encode(enc))
    code, _, _ = run("check", "--isolated", "--select", "S101", str(f))
    assert code == 1
    assert run("fix", "--isolated", "--select", "S101", "--in-place", str(f))[0] == 0
    assert f.read_bytes() == bom + "Zürich, Switzerland.\r\n".encode(enc)


def test_truncated_utf16_is_a_clear_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00")  # odd length
    code, _, err = run("check", "--isolated", str(f))
    assert code == 2 and f"{f}: invalid UTF-16 at byte offset" in err


def test_utf8_bom_kept_on_rewrite(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(codecs.BOM_UTF8 + b"a , b\n")
    assert run("fix", "--isolated", "--select", "S101", "--in-place", str(f))[0] == 0
    assert f.read_bytes() == codecs.BOM_UTF8 + b"a, b\n"


# --- odd files ---------------------------------------------------------------------------


def test_nul_bytes_in_a_named_file_are_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"The talks\x00 ended .\n")
    code, out, _ = run("check", "--isolated", "--select", "U103,S101", str(f))
    assert code == 1 and "U103" in out and "S101" in out
    code, out, _ = run("fix", "--isolated", "--select", "U103,S101", str(f))
    assert code == 0 and out == "The talks ended.\n"


def test_binary_file_in_a_folder_is_skipped_with_a_message(tmp_path):
    (tmp_path / "good.txt").write_bytes(b"a , b\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = run("check", "--isolated", "--select", "S101", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'image.txt'}: binary file skipped" in err
    assert "good.txt:1:2: S101" in out and "image.txt" not in out
    code, _, err = run("fix", "--isolated", "--select", "S101", "--in-place", str(tmp_path))
    assert code == 0 and "binary file skipped" in err
    assert (tmp_path / "good.txt").read_bytes() == b"a, b\n"
    assert (tmp_path / "image.txt").read_bytes().startswith(b"\x89PNG")


def test_empty_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"")
    assert run("check", "--isolated", str(f)) == (0, "All checks passed!\n", "")
    assert run("fix", "--isolated", str(f))[:2] == (0, "")
    assert run("fix", "--isolated", "--in-place", str(f))[0] == 0
    assert f.read_bytes() == b"" and list(tmp_path.iterdir()) == [f]


def test_no_final_newline_kept_on_stdout_and_in_place(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"a , b\nc , d")
    assert run("fix", "--isolated", "--select", "S101", str(f))[1] == "a, b\nc, d"
    assert run("fix", "--isolated", "--select", "S101", "--in-place", str(f))[0] == 0
    assert f.read_bytes() == b"a, b\nc, d"


def test_segments_mode_long_line_within_the_limit(tmp_path):
    """A 2 MB line is one segment, repaired whole, its neighbours untouched."""
    f = tmp_path / "a.txt"
    f.write_bytes(b"a , b\n" + b"word , " * 300_000 + b"end\nc , d")
    code, out, _ = run("fix", "--isolated", "--select", "S101", "--segments", str(f))
    assert code == 0
    assert out == "a, b\n" + "word, " * 300_000 + "end\nc, d"


@pytest.mark.slow
def test_segments_mode_one_gigabyte_line_is_a_clear_error_in_bounded_memory(tmp_path):
    """A 1 GiB file without a newline (sparse, so it costs no disk) in segment mode: an
    error naming the file and the line, after reading only the first 32 MiB."""
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.write(b"a , b\n")
        fh.truncate(1 << 30)
    # The peak of this process's own memory (VmHWM starts anew at exec); ru_maxrss would also
    # count what the forking pytest process held, which grows with the suite.
    code = (
        "import sys\n"
        "from textfix.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
        "print(hwm, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "fix", "--isolated", "--segments", str(f)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert f"textfix: {f}: line 2: longer than 32 MiB without a newline" in proc.stderr
    assert proc.stdout.startswith("a, b\n")  # the records before it were repaired and written
    peak_kib = int(proc.stderr.strip().splitlines()[-1])
    assert peak_kib < 512 * 1024, f"peak memory {peak_kib} KiB for a 1 GiB line"


# --- configuration errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[tool.textfix]\nlang = 5\n", "key 'lang': expected a language code"),
        ('[tool.textfix]\nunsafe-fixes = "yes"\n', "key 'unsafe-fixes': expected true or false, got 'yes'"),
        ("[tool.textfix]\nignore = [1]\n", "key 'ignore': expected a list of strings, got [1]"),
        ('[tool.textfix]\nselect = ["ZZZ9"]\n', "key 'select': unknown rule code, prefix or name: 'ZZZ9'"),
        ("[tool.textfix]\nno-such-key = 1\n", "unknown key 'no-such-key'"),
        ("[tool.textfix.dashes]\ndash_style = 5\n", "option dashes.dash_style: expected str, got 5"),
        ("[tool.textfix.spacing]\nbogus = 1\n", "unknown option spacing.bogus"),
        ("[tool.textfix\n", "invalid TOML"),
    ],
    ids=["lang", "unsafe-fixes", "ignore", "select", "unknown-key", "option-type", "unknown-option", "syntax"],
)
def test_configuration_errors_name_file_key_and_expectation(tmp_path, toml, expected):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(toml, encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("a , b\n", encoding="utf-8")
    code, out, err = run("check", str(f))
    assert code == 2 and out == ""
    assert err.startswith(f"textfix: {cfg}: ") and expected in err, err


# --- the library's contract --------------------------------------------------------------

HOSTILE = [
    "",
    "\x00" * 50,
    "\ud800\udc00\udfff\ud83d",  # lone and reversed surrogates
    "\ufeff\ufeff\u200b\u200d\u2060",
    "\r" * 20 + "\n\r\n" * 5,
    "“" * 200 + "”" * 3,
    "(" * 300 + ")" * 2,
    "\U0010ffff\U000e0001 \U0001f600\u0301\u0301",
    "the the the the the the",
    "a" * 5000,
    "#PRS_ORG# <unk> &quot; https://x.org/a,b a@b.org `code , x`",
    "Ã©" * 100 + "â€œ",
    "1,000 , 5 , 000 $ 5 % 10 : 30 2 - 0",
    "Привет , мир ! 中文，文本。 مرحبا , عالم",
]
# Inputs that once crashed or broke a contract.  Neither the ten-minute atheris runs nor
# hypothesis found one so far; new crash files go here verbatim (as bytes) once fixed.
FUZZ_REGRESSIONS: list[bytes] = [
    # N105 moved one currency sign per round in `2$$$…$`, so a run of 29 signs never settled
    # within the pipeline's rounds: fix was not idempotent.
    base64.b64decode(
        "eoCcSGVwbGWeeWWlIHNhAAAAaWQkJCQkJCQkJCQkJCQkJCQkJDIkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQAAIGeeWWleWVz4oCdWyDCL6sAAAA="
    ),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_check_and_fix_take_any_str(text):
    for lang in ("en", *OTHER_LANGS):
        exercise(text, lang)


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name)
def test_fuzz_seeds_pass_the_harness_checks(path):
    """The harness's checks run in CI without atheris, on its seed corpus."""
    data = path.read_bytes()
    text = data.decode("utf-8", "surrogateescape")
    exercise(text, "en")
    exercise(text, OTHER_LANGS[sum(data[:8]) % len(OTHER_LANGS)])


@pytest.mark.parametrize("data", FUZZ_REGRESSIONS or [pytest.param(b"", marks=pytest.mark.skip("none yet"))])
def test_fuzz_regressions(data):
    text = data.decode("utf-8", "surrogateescape")
    for lang in ("en", *OTHER_LANGS):
        exercise(text, lang)


def test_harness_detects_a_broken_contract(monkeypatch):
    """exercise() fails on a fix that is not idempotent, so it can catch one."""
    import fuzz_textfix

    pipe = fuzz_textfix.pipeline("en")
    monkeypatch.setattr(type(pipe), "fix", lambda _self, text, _unsafe=False, **_kw: text + "x")
    with pytest.raises(AssertionError, match=r"idempotent|disagree"):
        exercise("a , b", "en")


class Text(str):
    pass


def test_str_subclass_is_accepted():
    assert textfix.fix(Text("a , b"), select=["S101"]) == "a, b"
    assert [f.code for f in textfix.check(Text("a , b"), select=["S101"])] == ["S101"]


@pytest.mark.parametrize("bad", [None, b"a , b", bytearray(b"x"), 5, 1.5, ["a , b"], object()])
def test_non_strings_raise_type_error(bad):
    p = textfix.default_pipeline()
    for call in (p.check, p.fix, p.fix_and_explain, textfix.check, textfix.fix):
        with pytest.raises(TypeError):
            call(bad)
