"""The command as ruff users expect it (issue 18): each bug a new user hit, reproduced."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textfix.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


# -- broken ----------------------------------------------------------------------------------


def test_rules_json_with_a_lone_surrogate_in_an_example_is_valid_json():
    # U106's example holds a lone surrogate, which UTF-8 cannot encode: the command crashed
    # with UnicodeEncodeError on a real (UTF-8) stdout.
    for argv in (["rules", "--format", "json"], ["rule", "U106", "--format", "json"]):
        p = subprocess.run([sys.executable, "-m", "textfix", *argv], capture_output=True, timeout=120)
        assert p.returncode == 0, p.stderr.decode()
        data = json.loads(p.stdout.decode("utf-8"))
        u106 = data if isinstance(data, dict) else next(r for r in data if r["code"] == "U106")
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in u106["bad"])  # the escape decodes back


def test_score_without_sacrebleu_is_one_line_and_exit_2(tmp_path, monkeypatch):
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("a\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "sacrebleu", None)  # as in a base install
    code, _out, err = run("score", str(hyp), "--ref", str(hyp))
    assert code == 2
    assert err.strip() == "textfix: textfix.quality needs sacrebleu: pip install 'textfix[quality]'"


def test_select_all_does_not_need_a_grammar_server(tmp_path, monkeypatch):
    monkeypatch.delenv("TEXTFIX_LANGUAGETOOL_URL", raising=False)
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    code, out, _ = run("check", "--isolated", "--select", "ALL", str(f))
    assert code == 1 and "S101" in out
    (tmp_path / "textfix.toml").write_text('select = ["ALL"]\n', encoding="utf-8")
    code, out, _ = run("fix", str(f))
    assert (code, out) == (0, "Hello, world.\n")


def test_grammar_server_message_names_nothing_outside_the_package(tmp_path, monkeypatch):
    pytest.importorskip("language_tool_python")
    monkeypatch.delenv("TEXTFIX_LANGUAGETOOL_URL", raising=False)
    monkeypatch.setattr("textfix.passes.grammar._local_install", lambda: None)
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    code, _, err = run("check", "--isolated", "--select", "LT", str(f))
    assert code == 2 and "LanguageTool server" in err
    assert "scripts/" not in err and "docs/grammar.md" in err


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "grouped", "github"])
def test_output_file_is_written_for_every_format(tmp_path, fmt):
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    report = tmp_path / f"report.{fmt}"
    code, out, _ = run("check", "--isolated", "--format", fmt, "-o", str(report), str(f))
    assert code == 1 and out == ""
    assert "S101" in report.read_text(encoding="utf-8")


# -- wrong or surprising ---------------------------------------------------------------------

QUOTED = "He said „yes“ , then left.\n"


def test_check_reports_what_fix_repairs_in_later_rounds(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(QUOTED, encoding="utf-8")
    _code, out, _ = run("check", "--isolated", "--format", "json", str(f))
    found = json.loads(out)["findings"]
    assert [d["code"] for d in found] == ["Q105", "S101"]
    # The later-round finding sits on ' ,' in the original text, with an edit that applies there.
    s101 = found[1]
    assert QUOTED[s101["start"] : s101["end"]] == " ,"
    assert s101["edits"] == [{"start": 13, "end": 15, "replacement": ","}]
    _, _, err = run("fix", "--isolated", "--explain", str(f))
    codes = [line.split()[1] for line in err.splitlines() if line.startswith(str(f))]
    assert sorted(set(codes)) == sorted({d["code"] for d in found})


def test_explain_lists_changes_in_text_order(tmp_path):
    f = tmp_path / "a.txt"
    # The quotes pass runs before the spacing pass, but its changes come later in the text.
    f.write_text("It cost $ 5 , he said „yes“.\n", encoding="utf-8")
    _, _, err = run("fix", "--isolated", "--explain", str(f))
    cols = [int(line.split(":")[2]) for line in err.splitlines() if line.startswith(str(f))]
    assert len(cols) >= 3 and cols == sorted(cols)


def test_unknown_language_is_an_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    code, _, err = run("check", "--isolated", "--lang", "xx", str(f))
    assert code == 2 and "unknown language 'xx'" in err and "en" in err
    assert run("check", "--isolated", "--lang", "en-GB", str(f))[0] == 1
    (tmp_path / "textfix.toml").write_text('lang = "xx"\n', encoding="utf-8")
    code, _, err = run("check", str(f))
    assert code == 2 and "textfix.toml" in err and "unknown language 'xx'" in err


def test_languages_named_by_rules_are_known():
    from textfix.languages import LANGUAGES
    from textfix.rules import RULES

    named = {lang for r in RULES.values() for lang in (*r.languages, *r.not_languages) if lang != "*"}
    assert named <= set(LANGUAGES)


def test_fix_in_place_keeps_hard_links(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    link = tmp_path / "b.txt"
    os.link(f, link)
    assert run("fix", "--isolated", "-i", str(f))[0] == 0
    assert link.read_text(encoding="utf-8") == "Hello, world.\n"
    assert os.stat(f).st_ino == os.stat(link).st_ino and os.stat(f).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]  # no backup left


def test_broken_unrelated_pyproject_in_a_parent_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n", encoding="utf-8")
    sub = tmp_path / "texts"
    sub.mkdir()
    f = sub / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    code, out, err = run("check", str(f))
    assert code == 1 and "S101" in out and err == ""
    # One that mentions textfix was meant for textfix: still an error.
    (tmp_path / "pyproject.toml").write_text("[tool.textfix\nlang = 'en'\n", encoding="utf-8")
    code, _, err = run("check", str(f))
    assert code == 2 and "invalid TOML" in err


def test_folder_walk_skips_node_modules_and_vcs_and_honours_gitignore(tmp_path):
    (tmp_path / ".git").mkdir()
    for rel in (
        "a.txt",
        "node_modules/pkg/README.txt",
        "venv/x.txt",
        "build/out.txt",
        "sub/keep.txt",
        "sub/drop.txt",
        "logs/x.txt",
    ):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Hello , world .\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n*.log\nlogs\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("drop.txt\n", encoding="utf-8")
    _, out, _ = run("check", "--isolated", str(tmp_path))
    files = sorted(
        {
            Path(line.split(":")[0]).relative_to(tmp_path).as_posix()
            for line in out.splitlines()
            if ":" in line and "S101" in line
        }
    )
    assert files == ["a.txt", "sub/keep.txt"]
    _, out, _ = run("check", "--isolated", "--extend-exclude", "sub", str(tmp_path))
    assert "keep.txt" not in out and "a.txt" in out
    _code, out, _ = run("check", "--isolated", "--no-respect-gitignore", "--exclude", "sub", str(tmp_path))
    assert "build/out.txt" in out and "node_modules" in out and "keep.txt" not in out
    # A file named on the command line is always taken.
    assert run("check", "--isolated", str(tmp_path / "build" / "out.txt"))[0] == 1


def test_encoding_flag_reads_latin1_and_writes_it_back(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Zürich , Schweiz .\n".encode("latin-1"))
    code, _, err = run("check", "--isolated", str(f))
    assert code == 2 and "--encoding" in err
    assert run("fix", "--isolated", "--select", "S101", "--encoding", "latin-1", "-i", str(f))[0] == 0
    assert f.read_bytes() == "Zürich, Schweiz.\n".encode("latin-1")


def test_utf32_with_a_bom_is_detected(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Zürich , Schweiz .\n".encode("utf-32"))
    assert run("fix", "--isolated", "--select", "S101", "-i", str(f))[0] == 0
    assert f.read_bytes() == "Zürich, Schweiz.\n".encode("utf-32")


def test_utf16_without_a_bom_is_refused_not_stripped_of_nuls(tmp_path):
    f = tmp_path / "a.txt"
    raw = "Hello , world .\n".encode("utf-16-le")
    f.write_bytes(raw)
    code, _, err = run("fix", "--isolated", "-i", str(f))
    assert code == 2 and "NUL" in err and "--encoding" in err
    assert f.read_bytes() == raw
    assert run("fix", "--isolated", "--encoding", "utf-16-le", "-i", str(f))[0] == 0
    assert f.read_bytes() == "Hello, world.\n".encode("utf-16-le")


def test_no_path_on_a_terminal_is_an_error_not_a_silent_wait(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    code, _, err = run("check", "--isolated")
    assert code == 2 and "no input" in err


def test_unknown_option_shows_the_subcommands_usage():
    code, _, err = run("check", "--bogus")
    assert code == 2
    assert err.startswith("usage: textfix check") and "unrecognized arguments: --bogus" in err


# -- listing and reports ---------------------------------------------------------------------


def test_rules_listing_is_aligned_and_plain():
    _, out, _ = run("rules")
    lines = out.splitlines()
    # The name column starts at the same place on every row, LT1xx's included.
    starts = {len(line) - len(line.split(None, 1)[1]) for line in lines}
    assert len(starts) == 1
    assert all(line.count("off by default") <= 1 for line in lines)
    assert "``" not in out


def test_html_report_has_no_raw_rule_list_under_the_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    report = tmp_path / "r.html"
    assert run("check", "--isolated", "--format", "html", "-o", str(report), str(f))[0] == 1
    page = report.read_text(encoding="utf-8")
    header = page[page.index("<header>") : page.index("</header>")]
    # The signature travels as data for tools; what a reader sees is one line, codes folded.
    shown = header[: header.index("<script")]
    sig = json.loads(header[header.index(">", header.index("<script")) + 1 : header.index("</script>")])
    assert "S101" in sig["rules"]
    header = shown
    assert '["B101"' not in header and "&quot;rules&quot;" not in header
    assert "rules</summary>" in header


def test_github_annotations_escape_and_locate():
    from textfix.model import Finding, Severity
    from textfix.reporting import GithubReporter, Location

    buf = io.StringIO()
    f = Finding("S101", "space-before-punctuation", "space before ','\n50%", Severity.WARNING, 0, 2, 3, 4, 3, 6)
    GithubReporter(buf, signature={}).finding(Location("dir,a:b.txt", 3, 4, 3, 6), f)
    assert buf.getvalue() == (
        "::warning file=dir%2Ca%3Ab.txt,line=3,col=4,endLine=3,endColumn=6,"
        "title=textfix (S101 space-before-punctuation)::S101 space before ','%0A50%25\n"
    )


# -- summaries and colour --------------------------------------------------------------------


def test_summary_mentions_hidden_unsafe_fixes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The talks ended. Anthony Blinken spoke.\n", encoding="utf-8")
    _, out, _ = run("check", "--isolated", "--select", "E101,S101", str(f))
    assert out.splitlines()[-2:] == [
        "Found 1 error.",
        "1 hidden fix can be enabled with `textfix fix --unsafe-fixes`.",
    ]


def test_fix_in_place_reports_what_it_fixed(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Hello , world .\n", encoding="utf-8")
    b.write_text("Fine.\n", encoding="utf-8")
    code, _, err = run("fix", "--isolated", "-i", str(a), str(b))
    assert code == 0 and err == "Fixed 2 errors in 1 file.\n"
    assert run("fix", "--isolated", "-i", str(a))[2] == "Nothing to fix.\n"
    a.write_text("The talks ended , he said. Anthony Blinken agreed.\n", encoding="utf-8")
    _, _, err = run("fix", "--isolated", "--select", "E101,S101", "-i", str(a))
    assert err == "Fixed 1 error in 1 file.\n1 hidden fix can be enabled with --unsafe-fixes.\n"
    _, _, err = run("fix", "--isolated", "--select", "E101,S101", "--unsafe-fixes", "-i", str(a))
    assert err == "Fixed 1 error in 1 file.\n"
    assert a.read_text(encoding="utf-8") == "The talks ended, he said. Antony Blinken agreed.\n"


def test_colour_follows_the_terminal_and_the_conventions():
    from textfix.reporting import use_color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_color(Tty(), {}) is True
    assert use_color(io.StringIO(), {}) is False
    assert use_color(Tty(), {"NO_COLOR": "1"}) is False
    assert use_color(Tty(), {"NO_COLOR": ""}) is True  # empty counts as unset
    assert use_color(io.StringIO(), {"FORCE_COLOR": "1"}) is True
    assert use_color(io.StringIO(), {"FORCE_COLOR": "0"}) is False


def test_forced_colour_in_the_text_report(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run("check", "--isolated", str(f))
    assert "\x1b[1;31mS101\x1b[0m" in out
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in run("check", "--isolated", str(f))[1]


def test_score_reads_the_configuration(tmp_path):
    pytest.importorskip("sacrebleu")
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("Hello , world .\n", encoding="utf-8")
    ref.write_text("Hello, world.\n", encoding="utf-8")
    _, out, _ = run("score", str(hyp), "--ref", str(ref), "--fix", "--format", "json")
    assert json.loads(out)["lines_changed"] == 1
    (tmp_path / "textfix.toml").write_text('ignore = ["S101"]\n', encoding="utf-8")
    _, out, _ = run("score", str(hyp), "--ref", str(ref), "--fix", "--format", "json")
    assert json.loads(out)["lines_changed"] == 0
    code, _, err = run("score", str(hyp), "--ref", str(ref), "--lang", "xx")
    assert code == 2 and "unknown language" in err


def test_layers_records_and_passes_import_neither_cli_nor_config():
    import ast

    src = Path(__file__).parent.parent / "src" / "textfix"
    for path in [src / "records.py", src / "reporting.py", *sorted((src / "passes").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "textfix.cli" not in imported, path
        if path.parent.name == "passes":
            assert "textfix.config" not in imported, path


def test_a_pass_class_where_an_instance_belongs_is_a_clear_error():
    import textfix
    from textfix.passes.spacing import SpacingPass

    with pytest.raises(TypeError, match=r"SpacingPass is a pass class; pipelines take pass instances: SpacingPass\(\)"):
        textfix.Pipeline([SpacingPass])
    assert textfix.Pipeline([SpacingPass()]).fix("a , b") == "a, b"


def test_record_modes_report_later_round_findings_too(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("fine\n" + QUOTED, encoding="utf-8")
    _, out, _ = run("check", "--isolated", "--segments", "--format", "jsonl", str(f))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(d["code"], d["line"], d["record"]) for d in rows] == [("Q105", 2, 2), ("S101", 2, 2)]


def test_a_repair_the_files_encoding_cannot_hold_rewrites_nothing(tmp_path):
    f = tmp_path / "a.txt"
    raw = "Zürich, 1990-1995 .\n".encode("latin-1")
    f.write_bytes(raw)
    # N106 turns the range hyphen into an en dash, which Latin-1 has no byte for.
    code, _, err = run("fix", "--isolated", "--select", "N106,S101", "--encoding", "latin-1", "-i", str(f))
    assert code == 2 and "U+2013" in err and "not rewritten" in err
    assert f.read_bytes() == raw


def test_hard_linked_file_failing_mid_write_keeps_a_backup(tmp_path, monkeypatch):
    import textfix.fileio as fileio

    f = tmp_path / "a.txt"
    f.write_text("Hello , world .\n", encoding="utf-8")
    os.link(f, tmp_path / "b.txt")
    real_open = open

    class HalfWriter:
        """The target opened for rewriting takes six bytes, then the disk is full."""

        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self):
            return self.fh.read()

        def seek(self, n):
            self.fh.seek(n)

        def write(self, data):
            self.fh.write(data[:6])
            raise OSError(28, "No space left on device")

    def fake_open(path, mode="r", *a, **kw):
        fh = real_open(path, mode, *a, **kw)
        return HalfWriter(fh) if mode == "r+b" else fh

    monkeypatch.setattr(fileio, "open", fake_open, raising=False)
    code, _, err = run("fix", "--isolated", "-i", str(f))
    assert code == 2 and "No space left on device" in err
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and str(backups[0]) in err
    assert backups[0].read_text(encoding="utf-8") == "Hello , world .\n"


def test_encoding_is_not_silently_ignored_in_record_modes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Zürich , Bern\n".encode("latin-1"))
    code, _, err = run("check", "--isolated", "--segments", "--encoding", "latin-1", str(f))
    assert code == 2 and "record modes read and write UTF-8" in err
