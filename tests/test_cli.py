"""The textfix command: output formats, exit codes, file handling."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from textfix.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    p = tmp_path / "bad.txt"
    p.write_text("It cost $ 369 million , he said.\n", encoding="utf-8")
    return p


def test_check_text_format_and_exit_1(bad):
    code, out, _ = run("check", "--isolated", str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:1:9: S105 [*] space after currency symbol '$'",
        f"{bad}:1:22: S101 [*] space before ','",
        "Found 2 errors.",
        "[*] 2 fixable with `textfix fix`.",
    ]


def test_check_clean_exit_0(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("Everything here is fine.\n", encoding="utf-8")
    assert run("check", "--isolated", str(p)) == (0, "All checks passed!\n", "")


def test_check_json_fields(bad):
    code, out, _ = run("check", "--isolated", "--format", "json", str(bad))
    assert code == 1
    data = json.loads(out)["findings"]
    assert [d["code"] for d in data] == ["S105", "S101"]
    keys = {"path", "code", "name", "message", "severity", "start", "end", "line", "column", "applicability", "edits"}
    assert keys <= set(data[0])
    d = data[0]
    assert (d["start"], d["end"], d["line"], d["column"]) == (8, 10, 1, 9)
    assert d["edits"] == [{"start": 9, "end": 10, "replacement": ""}]
    assert d["applicability"] == "safe" and d["severity"] == "warning"


def test_check_jsonl(bad):
    code, out, _ = run("check", "--isolated", "--format", "jsonl", str(bad))
    assert code == 1
    assert [json.loads(line)["code"] for line in out.splitlines()] == ["S105", "S101"]


def test_select_and_ignore(bad):
    assert run("check", "--isolated", "--select", "S101", str(bad))[1].count("S10") == 1
    assert run("check", "--isolated", "--ignore", "S", str(bad))[0] == 0
    code, _, err = run("check", "--isolated", "--select", "Z999", str(bad))
    assert code == 2 and "Z999" in err


def test_fix_to_stdout(bad):
    code, out, _ = run("fix", "--isolated", str(bad))
    assert code == 0
    assert out == "It cost $369 million, he said.\n"
    assert bad.read_text(encoding="utf-8") == "It cost $ 369 million , he said.\n"


def test_fix_diff_writes_nothing(bad):
    before = bad.read_bytes()
    code, out, _ = run("fix", "--isolated", "--diff", str(bad))
    assert code == 1
    assert "-It cost $ 369 million , he said." in out and "+It cost $369 million, he said." in out
    assert bad.read_bytes() == before
    assert run("diff", "--isolated", str(bad))[1] == out


def test_fix_explain(bad):
    code, _, err = run("fix", "--isolated", "--explain", str(bad))
    assert code == 0
    assert f"{bad}:1:10: S105 ' ' -> ''" in err  # the deleted space is column 10


def test_in_place_keeps_crlf_bom_and_mode(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbfHamburg , Germany .\r\nCost: $ 5\r\n")
    os.chmod(p, 0o640)
    code, _, _ = run("fix", "--isolated", "--in-place", str(p))
    assert code == 0
    assert p.read_bytes() == b"\xef\xbb\xbfHamburg, Germany.\r\nCost: $5\r\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["crlf.txt"]  # no temporary file left


def test_in_place_follows_symlink(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("a $ 5 fee\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("fix", "--isolated", "--in-place", str(link))[0] == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "a $5 fee\n"


def test_in_place_read_only_is_an_error(tmp_path):
    p = tmp_path / "ro.txt"
    p.write_text("a $ 5 fee\n", encoding="utf-8")
    os.chmod(p, 0o444)
    code, _, err = run("fix", "--isolated", "--in-place", str(p))
    assert code == 2 and "read-only" in err
    assert p.read_text(encoding="utf-8") == "a $ 5 fee\n"


def test_invalid_utf8_exit_2_and_untouched(tmp_path):
    p = tmp_path / "bin.txt"
    raw = b"caf\xe9 $ 5\n"
    p.write_bytes(raw)
    for cmd in (("check",), ("fix",), ("fix", "--in-place")):
        code, _, err = run(*cmd, "--isolated", str(p))
        assert code == 2
        assert "invalid UTF-8 at byte offset 3" in err and str(p) in err
        assert p.read_bytes() == raw


def test_several_files_need_in_place_or_diff(tmp_path, bad):
    other = tmp_path / "other.txt"
    other.write_text("x\n", encoding="utf-8")
    code, _, err = run("fix", "--isolated", str(bad), str(other))
    assert code == 2 and "--in-place" in err


def test_folder_walk_and_glob(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a $ 5\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("b $ 5\n", encoding="utf-8")
    code, out, _ = run("check", "--isolated", str(tmp_path))
    assert code == 1 and "a.txt" in out and "b.md" not in out
    code, out, _ = run("check", "--isolated", "--glob", "*.md", str(tmp_path))
    assert "b.md" in out and "a.txt" not in out


def test_missing_file_exit_2(tmp_path):
    code, _, err = run("check", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt" in err


def test_rules_and_rule():
    code, out, _ = run("rules")
    assert code == 0 and re.search(r"^S105 +space-after-currency-symbol +fix +", out, re.M)
    code, out, _ = run("rules", "--format", "json")
    assert {"code": "S105"}.items() <= next(r for r in json.loads(out) if r["code"] == "S105").items()
    code, out, _ = run("rule", "S105")
    assert code == 0 and "$ 369" in out
    assert run("rule", "space-after-currency-symbol")[1] == out
    assert run("rule", "X000")[0] == 2


def test_config_file_is_found_and_validated(tmp_path, bad):
    target = bad
    (tmp_path / "textfix.toml").write_text('ignore = ["S105"]\n', encoding="utf-8")
    code, out, _ = run("check", str(target))
    assert "S105" not in out and "S101" in out
    # CLI flags override the file.
    code, out, _ = run("check", "--select", "S105", str(target))
    assert "S105" in out
    (tmp_path / "textfix.toml").write_text('colour = "red"\n', encoding="utf-8")
    code, _, err = run("check", str(target))
    assert code == 2 and "textfix.toml" in err and "colour" in err
    (tmp_path / "textfix.toml").write_text("lang = 5\n", encoding="utf-8")
    code, _, err = run("check", str(target))
    assert code == 2 and "'lang'" in err


def test_pyproject_tool_table(tmp_path, bad):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nselect = ["S101"]\n', encoding="utf-8")
    _code, out, _ = run("check", str(bad))
    assert "S101" in out and "S105" not in out


def test_stdin_and_python_m(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run(
        [sys.executable, "-m", "textfix", "fix", "--isolated", "-"],
        input=b"a $ 5 fee\r\n",
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    assert r.returncode == 0 and r.stdout == b"a $5 fee\r\n"
    r = subprocess.run([sys.executable, "-m", "textfix", "--version"], capture_output=True)
    assert r.returncode == 0 and r.stdout.startswith(b"textfix ")
