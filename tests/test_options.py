"""Pass options: declared once on each pass (name, type, default, choices, doc line).

Validation (of keyword arguments and of configuration tables) and the options table of
docs/configuration.md come from the declarations; paths in a configuration file resolve
against that file's folder and are read once.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

import textfix
from textfix.config import load_config, parse_config
from textfix.errors import ConfigError
from textfix.model import Document
from textfix.options import Option
from textfix.passes import PASS_CLASSES, build_passes
from textfix.passes.calques import CalquesPass

ROOT = Path(__file__).resolve().parent.parent
TERMS = "Verkhovna Rada\tUkrainian parliament\n"
PEOPLE = (
    "canonical\tvariants\taccepted\tkind\tcountry_role\tsource\tnotes\n"
    "Ann Linde\tAnn Lindeová\t\tforeign-minister\tSweden\tgovernment site\t\n"
)


def _project(tmp_path: Path, table: str) -> Path:
    """A project folder with a textfix.toml and its data files; returns the config file."""
    proj = tmp_path / "proj"
    (proj / "data").mkdir(parents=True)
    (proj / "data" / "terms.tsv").write_text(TERMS, encoding="utf-8")
    (proj / "data" / "people.tsv").write_text(PEOPLE, encoding="utf-8")
    cfg = proj / "textfix.toml"
    cfg.write_text(table, encoding="utf-8")
    return cfg


def test_every_pass_declares_its_options_as_option_values():
    for cls in PASS_CLASSES:
        names = [o.name for o in cls.option_specs]
        assert len(names) == len(set(names)), cls.name
        for o in cls.option_specs:
            assert isinstance(o, Option)
            # One line for the docs table, which adds no period of its own.
            assert o.doc and "\n" not in o.doc and not o.doc.endswith("."), (cls.name, o.name)
            if o.default is not None:
                o.validate(o.default)  # a default is a valid value of its own option
            for c in o.choices:
                o.validate(c)


def test_build_passes_with_no_options_reads_each_default_from_the_declaration():
    for p in build_passes():
        for o in p.option_specs:
            assert p.option(o.name) == o.default
    with pytest.raises(KeyError, match="no option 'colour'"):
        build_passes()[0].option("colour")


@pytest.mark.parametrize(
    ("family", "options", "error", "match"),
    [
        ("dashes", {"dash_style": "hyphen"}, ValueError, r"dashes\.dash_style: expected one of 'em', "),
        ("dashes", {"dash_style": 5}, TypeError, r"dashes\.dash_style: expected str, got 5"),
        ("numbers", {"grouping": "sometimes"}, ValueError, "numbers.grouping"),
        ("entities", {"do_not_touch": ["ok", 3]}, TypeError, r"entities\.do_not_touch: expected list of str"),
        ("entities", {"ukrainian_places": "latin"}, ValueError, "ukrainian_places"),
        ("grammar", {"concurrency": 2.5}, TypeError, r"grammar\.concurrency: expected int"),
        ("grammar", {"timeout": True}, TypeError, r"grammar\.timeout: expected number"),
        ("spacing", {"bogus": 1}, TypeError, r"pass 'spacing' has no option\(s\) \['bogus'\]"),
    ],
)
def test_bad_keyword_options_are_errors_naming_pass_and_option(family, options, error, match):
    cls = next(c for c in PASS_CLASSES if c.name == family)
    with pytest.raises(error, match=match):
        cls(**options)


def test_configuration_checks_choices_not_only_types():
    """Regression: a value of the right type outside the choices passed the configuration
    check and failed later, as a ValueError without the file's name."""
    with pytest.raises(ConfigError, match=r"^textfix\.toml: option numbers\.grouping: expected one of"):
        parse_config({"numbers": {"grouping": "sometimes"}}, "textfix.toml")
    with pytest.raises(ConfigError, match=r"option entities\.zelensky-spelling: expected one of"):
        parse_config({"entities": {"zelensky-spelling": "Selenskyj"}}, "textfix.toml")


def test_relative_paths_resolve_against_the_config_file_not_the_working_folder(tmp_path, monkeypatch):
    """Regression: ``termbase = "data/terms.tsv"`` was looked up in the working folder."""
    cfg = _project(
        tmp_path,
        'select = ["T", "E"]\n[calques]\ntermbase = "data/terms.tsv"\n'
        '[entities]\nextra-gazetteer = "data/people.tsv"\n',
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_config(cfg)
    assert settings.options["calques"]["termbase"] == str(cfg.parent / "data" / "terms.tsv")
    p = settings.pipeline()
    assert p.fix("The Verkhovna Rada met.", unsafe=True) == "The Ukrainian parliament met."
    assert p.fix("Ann Lindeová spoke.", unsafe=True) == "Ann Linde spoke."


def test_cli_resolves_paths_against_the_config_file(tmp_path, monkeypatch):
    from textfix.cli import main

    cfg = _project(tmp_path, '[calques]\ntermbase = "data/terms.tsv"\n')
    doc = cfg.parent / "a.txt"
    doc.write_text("The Verkhovna Rada met.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--select", "T", str(doc)], out, err) == 1, err.getvalue()
    assert "T102" in out.getvalue()


def test_absolute_paths_and_python_keywords_are_kept(tmp_path, monkeypatch):
    terms = tmp_path / "terms.tsv"
    terms.write_text(TERMS, encoding="utf-8")
    assert parse_config({"calques": {"termbase": str(terms)}}).options["calques"]["termbase"] == str(terms)
    # From Python, a relative path is the caller's, resolved against the working folder.
    monkeypatch.chdir(tmp_path)
    p = textfix.Pipeline(select=["T"], options={"calques": {"termbase": "terms.tsv"}})
    assert p.fix("The Verkhovna Rada met.", unsafe=True) == "The Ukrainian parliament met."


def test_the_term_base_is_read_once(tmp_path, monkeypatch):
    """Regression: the calques pass looked its term base up again (is_file, resolve, stat) on
    every text; it is read when the pass is built."""
    terms = tmp_path / "terms.tsv"
    terms.write_text(TERMS, encoding="utf-8")
    p = textfix.Pipeline(select=["T"], options={"calques": {"termbase": str(terms)}})
    terms.unlink()
    looked: list[str] = []
    real_stat = Path.stat

    def counting_stat(self, *a, **k):
        if self.name == "terms.tsv":
            looked.append(str(self))
        return real_stat(self, *a, **k)

    monkeypatch.setattr(Path, "stat", counting_stat)
    for _ in range(3):
        assert p.fix("The Verkhovna Rada met.", unsafe=True) == "The Ukrainian parliament met."
    assert looked == []
    # A pickled pass (a worker process's copy) carries the terms it read.
    q = pickle.loads(pickle.dumps(next(x for x in p.passes if isinstance(x, CalquesPass))))
    doc = Document("The Verkhovna Rada met.", "en", frozenset({"T102"}))
    assert [f.code for f in q.check(doc)] == ["T102"]
    assert looked == []


def test_configuration_doc_table_is_generated_and_current():
    """The pass-options table of docs/configuration.md is generated from the declarations;
    refresh it with `python -m textfix.docs configuration`."""
    from textfix.docs import configuration_doc

    doc = ROOT / "docs" / "configuration.md"
    current = doc.read_text(encoding="utf-8")
    assert current == configuration_doc(current), (
        "docs/configuration.md is stale: run `python -m textfix.docs configuration`"
    )


def test_configuration_doc_lists_every_declared_option():
    from textfix.docs import options_markdown

    table = options_markdown()
    for cls in PASS_CLASSES:
        for o in cls.option_specs:
            assert f"| `{cls.name}` | `{o.key}` |" in table, (cls.name, o.name)


def test_a_bad_placeholder_pattern_is_a_configuration_error(tmp_path):
    """Regression: a configured pattern that does not compile raised regex.error from inside
    ``check``, on the first text with a source, as a traceback; it is an error naming the file
    and the option, before any text is read."""
    from textfix.cli import main

    with pytest.raises(ConfigError, match=r"textfix\.toml: option bilingual\.placeholder-patterns: .*'\(unclosed'"):
        parse_config({"bilingual": {"placeholder-patterns": ["(unclosed"]}}, "textfix.toml")
    with pytest.raises(ValueError, match=r"bilingual\.placeholder_patterns"):
        textfix.Pipeline(options={"bilingual": {"placeholder_patterns": ["[a-z"]}})
    (tmp_path / "textfix.toml").write_text('[bilingual]\nplaceholder-patterns = ["(unclosed"]\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("x {a}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(doc)], out, err) == 2
    assert "placeholder-patterns" in err.getvalue() and "Traceback" not in err.getvalue()
