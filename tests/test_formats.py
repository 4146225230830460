"""Translation files (textfix.formats): units, skipping, markup protection, round trips, CLI.

Expected outputs below were written by hand from the inputs, not copied from the code.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from textfix import Pipeline
from textfix.cli import main
from textfix.fileio import InputError
from textfix.formats import check_file, check_text, fix_file, fix_text, read
from textfix.formats._protect import fix_protected
from textfix.placeholders import find_placeholders

PO = r"""# French translation.
# Copyright (C) 2024
msgid ""
msgstr ""
"Project-Id-Version: demo\n"
"Language: fr\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#: app.py:10
#, python-format
msgid "Welcome, %(name)s."
msgstr "Bienvenue, %(name)s."

#: app.py:12
msgctxt "price"
msgid ""
"It cost $369 million, the report said, and the board "
"approved it."
msgstr ""
"Cela a coûté 369 millions de dollars,  selon le rap​port, et le conseil "
"l'a approuvé."

#, fuzzy
msgid "Old text."
msgstr "Vieux  texte."

msgid "Empty"
msgstr ""

msgid "%(count)d file"
msgid_plural "%(count)d files"
msgstr[0] "%(count)d fichier"
msgstr[1] "%(count)d fichiers"

#~ msgid "Gone"
#~ msgstr "Parti  ici."
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


# --- reading: units, states, lines ------------------------------------------------------


def test_po_units_carry_id_context_states_and_line(tmp_path):
    p = tmp_path / "fr.po"
    p.write_text(PO, encoding="utf-8")
    units = read(str(p))
    got = [(u.id, u.context, sorted(u.states), u.line) for u in units]
    assert got == [
        ("Welcome, %(name)s.", None, [], 13),
        ("It cost $369 million, the report said, and the board approved it.", "price", [], 20),
        ("Old text.", None, ["fuzzy"], 26),
        ("Empty", None, ["untranslated"], 29),
        ("%(count)d file[0]", None, [], 33),
        ("%(count)d file[1]", None, [], 34),
        ("Gone", None, ["obsolete"], 36),
    ]
    assert units[5].source == "%(count)d files"
    assert units[1].target.startswith("Cela a coûté 369 millions de dollars,  selon le rap\u200bport")


def test_skips_fuzzy_obsolete_untranslated_unless_asked():
    codes = {f.unit.id for f in check_text(PO, "po")}
    assert "Old text." not in codes and "Gone" not in codes
    fuzzy = {f.unit.id for f in check_text(PO, "po", include_fuzzy=True)}
    assert "Old text." in fuzzy
    assert "Gone" not in fuzzy  # obsolete is never checked


def test_findings_name_unit_context_and_file_line():
    got = [(f.unit.id[:7], f.unit.context, f.line, f.finding.code) for f in check_text(PO, "po")]
    # "dollars,  selon" is on the msgstr's first quoted line (file line 21), though the
    # unit's msgstr keyword is on line 20.
    assert [x for x in got if x[0] == "It cost"] == [("It cost", "price", 21, "S104"), ("It cost", "price", 21, "U104")]


def test_units_get_their_source_so_x_rules_run():
    po = 'msgid "See https://example.org/help for %(n)s items."\nmsgstr "Voir l\'aide pour %(n)s articles."\n'
    codes = [f.finding.code for f in check_text(po, "po", Pipeline(lang="fr"))]
    assert "X102" in codes  # the source's URL is missing from the target


def test_xliff_target_language_picks_the_pipeline_language():
    from textfix.formats import file_language, parse

    xlf = XLIFF12.replace('target-language="de"', 'target-language="pt-BR"')
    assert file_language(parse(xlf, "xliff"), xlf) == "pt"


# --- markup protection -----------------------------------------------------------------


def test_python_named_printf_is_a_placeholder():
    found = [p.text for p in find_placeholders("%(num)d minutes of %(name)s, 100%(x) %(a b)s")]
    assert found == ["%(num)d", "%(name)s"]


def test_renamed_named_placeholder_is_reported():
    assert "X103" in [f.code for f in Pipeline(lang="fr").check("Bonjour %(nom)s", source="Hello %(name)s")]


class _Editing:
    """A pipeline whose one change rewrites text[start:end]: to test the guard itself."""

    def __init__(self, start: int, end: int, new: str) -> None:
        self.change = (start, end, new)

    def fix_and_explain(self, text, unsafe=False, *, source=None):  # noqa: ARG002  the pipeline's signature
        from textfix.model import AppliedChange

        s, e, new = self.change
        c = AppliedChange("S101", "x", s, e, text[s:e], new, s, e, "test")
        return text[:s] + new + text[e:], [c]


def test_guard_holds_a_fix_that_edits_a_placeholder():
    text = "Total: %(count)d files ."
    ph = [(7, 16)]
    assert fix_protected(_Editing(8, 9, "["), text, None, ph) is None  # inside %(count)d
    assert fix_protected(_Editing(6, 7, ""), text, None, ph) == ("Total:%(count)d files .", [(6, 15)])
    # An insertion right at the boundary does not touch the placeholder.
    assert fix_protected(_Editing(16, 16, "!"), text, None, ph) == ("Total: %(count)d! files .", [(7, 16)])


def test_guard_holds_a_fix_across_markup():
    text = "the <g id=1>the</g> end"
    spans = [(4, 12), (15, 19)]
    # Deleting "the <g id=1>" would move text across the tag.
    assert fix_protected(_Editing(0, 12, ""), text, None, spans) is None


def test_held_unit_is_left_unchanged_and_reported():
    class Held:
        def check(self, text, *, source=None):  # noqa: ARG002  the pipeline's signature
            return []

        def fix_and_explain(self, text, unsafe=False, *, source=None):  # noqa: ARG002  the pipeline's signature
            return _Editing(0, 3, "X").fix_and_explain(text)

    po = 'msgid "a"\nmsgstr "%s b"\n'
    res = fix_text(po, "po", Held())
    assert res.text == po and [u.id for u in res.held] == ["a"]


XLIFF12 = """<?xml version='1.0' encoding='UTF-8'?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="de" datatype="plaintext" original="x">
    <body>
      <trans-unit id="t1">
        <source>It cost <x id="1"/> $369 million.</source>
        <target state="translated">Es kostete <x id="1"/> $ 369 Millionen .</target>
      </trans-unit>
      <trans-unit id="t2" resname="a&amp;b">
        <source>Click <g id="2">here</g> &apos;now&apos; .</source>
        <target>Klicken Sie <g id="2" ctype="x-b">hier</g> &apos;jetzt&apos; .</target>
      </trans-unit>
      <trans-unit id="t3">
        <source>Press <ph id="3">&lt;br/&gt;</ph> to go .</source>
        <target state="needs-review-translation">Drücken Sie <ph id="3">&lt;br/&gt;</ph> .</target>
      </trans-unit>
      <trans-unit id="t4">
        <source>A <x id="4"/> and <x id="5"/></source>
        <target>Ein <x id="4"/> und</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff12_fix_rewrites_only_the_repaired_text_runs():
    res = fix_text(XLIFF12, "xliff")
    want = XLIFF12.replace("$ 369 Millionen .</target>", "$ 369 Millionen.</target>").replace(
        "&apos;jetzt&apos; .</target>", "'jetzt'.</target>"
    )
    assert res.text == want
    # The source keeps &apos;; only the repaired run (after </g>) was re-escaped.
    assert "&apos;now&apos; .</source>" in res.text
    assert [u.id for u in res.changed] == ["t1", "t2"]  # t3 needs review: skipped


def test_xliff_inline_elements_are_compared_with_the_source():
    f = [(x.unit.id, x.finding.code, x.finding.message) for x in check_text(XLIFF12, "xliff")]
    assert ("t4", "X103", "placeholder <x id=5/> of the source is missing") in f


def test_xliff12_units_render_inline_markup_as_short_tags():
    u = read_text(XLIFF12, "xliff")
    assert u[1].target == "Klicken Sie <g id=2>hier</g> 'jetzt' ."
    assert u[2].target == "Drücken Sie <ph id=3/> ."  # native code inside <ph> is one token
    assert u[2].states == frozenset({"needs-review"})
    assert u[1].protected == ((12, 20), (24, 28))


def read_text(text: str, fmt: str):
    from textfix.formats import parse

    return parse(text, fmt).units


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="en-GB">
 <file id="f1">
  <unit id="u1">
   <segment id="s1" state="translated">
    <source>It cost <pc id="1">$369 million</pc>.</source>
    <target>It cost <pc id="1" dataRefStart="d1">$ 369 million</pc> , he said.</target>
   </segment>
   <segment id="s2" state="initial">
    <source>The the end.</source>
    <target>The the end.</target>
   </segment>
  </unit>
 </file>
</xliff>
"""


def test_xliff2_segments_and_pc():
    units = read_text(XLIFF2, "xliff")
    assert [(u.id, sorted(u.states)) for u in units] == [("u1/s1", []), ("u1/s2", ["needs-review"])]
    res = fix_text(XLIFF2, "xliff")
    # " , he" after </pc> is left: the spacing rules want a word before the space.
    assert res.text == XLIFF2.replace("$ 369 million</pc>", "$369 million</pc>")


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu tuid="7"><tuv xml:lang="en"><seg>It cost <bpt i="1">&lt;b&gt;</bpt>$369 million<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="en-GB"><seg>It cost <bpt i="1">&lt;b&gt;</bpt>$ 369 million<ept i="1">&lt;/b&gt;</ept> , he said.</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_bpt_ept_protected_and_only_the_run_rewritten():
    u = read_text(TMX, "tmx")
    assert [(x.id, x.context, x.source) for x in u] == [("7", "en-GB", "It cost <bpt id=1/>$369 million<ept id=1/>.")]
    res = fix_text(TMX, "tmx")
    assert res.text == TMX.replace("$ 369 million<ept", "$369 million<ept")


SRT = (
    "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>It cost $ 369 million,</i>\r\nhe said .\r\n\r\n"
    "2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}It ends , then\r\n\r\n"
    "3\r\n00:00:05,000 --> 00:00:06,000\r\nFine.\r\n"
)


def test_srt_keeps_timings_numbering_crlf_and_markup():
    res = fix_text(SRT, "srt")
    want = SRT.replace("$ 369", "$369").replace("he said .", "he said.").replace("It ends , then", "It ends, then")
    assert res.text == want
    units = read_text(SRT, "srt")
    assert [(u.id, u.line) for u in units] == [("1", 3), ("2", 8), ("3", 12)]


VTT = (
    "WEBVTT\n\nNOTE the note --> is not a cue\n\n"
    "intro\n00:00:01.000 --> 00:00:02.000 align:start\n<v Bob>It cost $ 369 million .</v>\n\n"
    "00:00:03.000 --> 00:00:04.000\n<c.loud>Fine.</c>\n"
)


def test_webvtt_keeps_identifiers_settings_and_voice_tags():
    units = read_text(VTT, "vtt")
    assert [(u.id, u.target) for u in units] == [
        ("intro", "<v Bob>It cost $ 369 million .</v>"),
        ("2", "<c.loud>Fine.</c>"),
    ]
    assert fix_text(VTT, "vtt").text == VTT.replace("$ 369 million .", "$369 million .")


# --- hostile XML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source>'
        "<target>&b;</target></trans-unit></body></file></xliff>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&e;</seg></tuv></tu></body></tmx>',
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_hostile_xml_is_a_clear_error(tmp_path, doc):
    p = tmp_path / "evil.xlf"
    p.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError, match=r"evil\.xlf: refused: .*not expanded"):
        read(str(p))
    code, _, err = run("check", "--isolated", str(p))
    assert code == 2 and "refused" in err


def test_malformed_xml_names_the_file(tmp_path):
    p = tmp_path / "bad.tmx"
    p.write_text("<tmx><body><tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tmx: not well-formed XML"):
        read(str(p))


# --- round trips ---------------------------------------------------------------------------


def test_po_fix_changes_only_the_repaired_lines(tmp_path):
    p = tmp_path / "fr.po"
    p.write_text(PO, encoding="utf-8")
    res = fix_file(str(p), in_place=True)
    new = p.read_text(encoding="utf-8")
    old_lines, new_lines = PO.split("\n"), new.split("\n")
    assert len(old_lines) == len(new_lines)
    diff = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    # The line wrapping is the file's own: only the repaired piece's line changed.
    assert diff == [
        (
            '"Cela a coûté 369 millions de dollars,  selon le rap\u200bport, et le conseil "',
            # The zero-width space goes (U104, safe); the double space stays: S104 is report only.
            '"Cela a coûté 369 millions de dollars,  selon le rapport, et le conseil "',
        )
    ]
    assert [u.id[:7] for u in res.changed] == ["It cost"]


@pytest.mark.parametrize(
    "text,name", [(PO, "x.po"), (XLIFF12, "x.xlf"), (TMX, "x.tmx"), (SRT, "x.srt"), (VTT, "x.vtt"), (XLIFF2, "x.xliff")]
)
def test_fixing_twice_changes_nothing_the_second_time(tmp_path, text, name):
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    fix_file(str(p), in_place=True)
    once = p.read_bytes()
    st = os.stat(p)
    res = fix_file(str(p), in_place=True)
    assert res.text.encode("utf-8") == once and not res.changed
    assert p.read_bytes() == once and os.stat(p).st_mtime_ns == st.st_mtime_ns  # not even rewritten


def _django_catalogues() -> list[Path]:
    try:
        import django
    except ImportError:
        pytest.skip("Django is not installed (it is in the test extra): its catalogues are the real PO files")
    return sorted(Path(django.__file__).parent.glob("conf/locale/*/LC_MESSAGES/django.po"))


def test_real_po_catalogue_with_nothing_to_fix_is_written_back_byte_identical(tmp_path):
    """Django's French catalogue, human-translated: textfix has nothing to repair in it,
    and the file comes back byte for byte (header, comments, wrapping, escapes)."""
    src = next(p for p in _django_catalogues() if p.parts[-3] == "fr")
    p = tmp_path / "django.po"
    p.write_bytes(src.read_bytes())
    res = fix_file(str(p), in_place=True)
    assert not res.changed and not res.held
    assert p.read_bytes() == src.read_bytes()
    assert res.text.encode("utf-8") == src.read_bytes()


def test_real_po_catalogues_round_trip_through_the_writer():
    """Every Django catalogue: every unit is located in the file, and writing each target
    back unchanged gives the file unchanged; the writer's own path, not the early exit."""
    from textfix.formats import parse

    cats = _django_catalogues()
    assert len(cats) > 50
    for path in cats:
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, "po", str(path))
        live = [u for u in parsed.units if "obsolete" not in u.states]
        assert all(u.writable for u in live), path
        # A no-op rewrite of every unit through the redistribution keeps every byte.
        assert parsed.write({u.index: u.target + "" for u in live}) == text


# --- the command line --------------------------------------------------------------------------


def test_cli_check_po_reports_unit_and_file_line(tmp_path):
    p = tmp_path / "fr.po"
    p.write_text(PO, encoding="utf-8")
    code, out, _ = run("check", "--isolated", str(p))
    assert code == 1
    assert (
        f"{p}:21:38: S104 2 spaces [unit 'It cost $369 million, the report said, and the board approved it.', msgctxt 'price']"
        in out.splitlines()
    )
    assert "Old text" not in out
    _, out2, _ = run("check", "--isolated", "--include-fuzzy", str(p))
    assert "unit 'Old text.'" in out2


def test_cli_check_json_has_unit(tmp_path):
    p = tmp_path / "a.srt"
    p.write_text(SRT, encoding="utf-8")
    code, out, _ = run("check", "--isolated", "--format", "json", str(p))
    data = json.loads(out)
    assert code == 1
    assert {(d["code"], d["line"], d["unit"]["id"]) for d in data} >= {("S105", 3, "1"), ("S101", 8, "2")}


def test_cli_format_in_and_in_place(tmp_path):
    p = tmp_path / "subs.txt"
    p.write_bytes(SRT.encode("utf-8"))
    code, _, _ = run("fix", "--isolated", "--format-in", "srt", "-i", str(p))
    assert code == 0
    assert p.read_bytes().decode("utf-8") == SRT.replace("$ 369", "$369").replace("he said .", "he said.").replace(
        "It ends , then", "It ends, then"
    )
    code, out, _ = run("diff", "--isolated", "--format-in", "srt", str(p))
    assert (code, out) == (0, "")


def test_cli_fix_to_stdout_keeps_file(tmp_path):
    p = tmp_path / "a.tmx"
    p.write_text(TMX, encoding="utf-8")
    code, out, _ = run("fix", "--isolated", str(p))
    assert code == 0 and "$369 million<ept" in out and p.read_text(encoding="utf-8") == TMX


def test_check_file_api_on_a_path(tmp_path):
    p = tmp_path / "a.vtt"
    p.write_text(VTT, encoding="utf-8")
    assert [(f.unit.id, f.finding.code) for f in check_file(str(p))] == [("intro", "S105")]


def test_plural_forms_compare_with_the_plural_msgid_and_may_spell_the_count():
    """Regression (Django's humanize catalogues): msgstr[0] of "a second ago" is
    "%(count)s soniya oldin" in Uzbek, and a form may spell its count ("une heure")."""
    po = (
        'msgid ""\nmsgstr "Language: uz\\n"\n\n'
        'msgid "a second ago"\nmsgid_plural "%(count)s seconds ago"\n'
        'msgstr[0] "%(count)s soniya oldin"\n\n'
        'msgid "an hour ago"\nmsgid_plural "%(count)s hours ago"\n'
        'msgstr[0] "une heure"\nmsgstr[1] "%(count)s heures"\n'
        'msgstr[2] "%(num)s heures"\n'
    )
    got = [(f.unit.id, f.finding.code, f.finding.message) for f in check_text(po, "po")]
    # The renamed placeholder in form 2 is still an error.
    assert got == [("an hour ago[2]", "X103", "placeholder %(count)s of the source changed to %(num)s")]


def test_comment_inside_a_target_is_checked_but_never_rewritten():
    xlf = XLIFF12.replace("$ 369 Millionen .</target>", "$ 369 Millionen .<!-- MT --></target>")
    units = read_text(xlf, "xliff")
    assert not units[0].writable
    res = fix_text(xlf, "xliff")
    assert "$ 369 Millionen .<!-- MT --></target>" in res.text and [u.id for u in res.held] == ["t1"]


@pytest.mark.shared
def test_wmt22_pairs_through_xliff_tmx_srt_repair_as_the_bare_lines(wmt22, tmp_path):
    """Machine translation no one here wrote, put in files at test time: the repair
    through each file equals Pipeline.fix on the bare line with its source, and every
    byte outside the repaired targets is kept."""
    from benchmarks.formats import build_files

    from textfix.formats import parse

    src = (wmt22 / "src" / "generaltest2022.ja-en.src.ja").read_text(encoding="utf-8").split("\n")[:300]
    hyp = (wmt22 / "hyp" / "generaltest2022.ja-en.hyp.AIST.en").read_text(encoding="utf-8").split("\n")[:300]
    files = build_files(src, hyp, tmp_path, "ja-en.AIST", "ja")
    pipe = Pipeline(lang="en")
    for fmt, path in files.items():
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, fmt)
        res = fix_text(text, fmt, pipe)
        assert res.changed, fmt  # this weak system leaves artifacts in 300 lines
        again = parse(res.text, fmt).units
        for u, v in zip(parsed.units, again, strict=True):
            assert v.target == pipe.fix(u.target, source=u.source), (fmt, u.id)
        # Outside the changed targets, the lines are the same lines.
        old, new = text.split("\n"), res.text.split("\n")
        assert len(old) == len(new)
        changed_lines = {i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
        target_lines = {u.line - 1 for u in res.changed} | {ln - 1 for u in res.changed for _, ln in u.line_starts}
        assert changed_lines <= target_lines, fmt
