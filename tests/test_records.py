"""Record modes: segments, JSONL, TSV, CSV.  Nothing added, dropped or reordered; what
textfix did not change comes back byte for byte."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from textfix.cli import main
from textfix.records import CsvFormat, JsonlFormat, SegmentFormat, TsvFormat, iter_lines


def run(argv: list[str], data: bytes) -> tuple[int, bytes, str]:
    """The real command, in a subprocess, reading ``data`` on stdin."""
    proc = subprocess.run([sys.executable, "-m", "textfix", *argv], input=data, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8")


def run_file(tmp_path, argv: list[str], data: bytes) -> tuple[int, str, str]:
    p = tmp_path / "in.dat"
    p.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--isolated", str(p)], out, err)
    return code, out.getvalue(), err.getvalue()


# -- segments ----------------------------------------------------------------------------


def test_segments_keep_line_count_endings_and_empty_lines(tmp_path):
    data = b"It cost $ 369 million , he said.\r\n\nclean line\n\r\nthe end ,"
    code, out, _ = run_file(tmp_path, ["fix", "--segments"], data)
    assert code == 0
    assert out == "It cost $369 million, he said.\r\n\nclean line\n\r\nthe end,"


def test_segments_file_ending_with_newline_keeps_it(tmp_path):
    _code, out, _ = run_file(tmp_path, ["fix", "--segments"], b"a ,b\nc\n")
    assert out == "a, b\nc\n"


def test_segments_check_reports_line_numbers(tmp_path):
    code, out, _err = run_file(tmp_path, ["check", "--segments"], b"fine\nfine\nIt cost $ 5.\n")
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'in.dat'}:3:9: S105 [*] space after currency symbol '$'",
        "Found 1 error.",
        "[*] 1 fixable with `textfix fix`.",
    ]


def test_segments_never_split_by_other_line_separators():
    # U+2028, U+0085 and a lone CR are characters inside a segment, not line breaks.
    data = "one\u2028two ,x\nthree\x85four\rfive\n".encode()
    recs = list(SegmentFormat().read(io.BytesIO(data)))
    assert [r.text for r in recs] == ["one\u2028two ,x", "three\x85four\rfive"]


def test_segment_repair_that_would_add_a_line_is_refused():
    fmt = SegmentFormat()
    rec = next(fmt.read(io.BytesIO(b"a b\n")))
    assert fmt.render(rec, "a\nb") == "a b\n"
    assert fmt.warnings


def test_segments_invalid_utf8_names_the_line(tmp_path):
    code, _out, err = run_file(tmp_path, ["fix", "--segments"], b"ok\nbad \xff here\n")
    assert code == 2
    assert "line 2" in err and "invalid UTF-8" in err


def test_segments_bom_is_kept(tmp_path):
    _code, out, _ = run_file(tmp_path, ["fix", "--segments"], "\ufeffa ,b\nc".encode())
    assert out == "\ufeffa, b\nc"


def test_iter_lines_handles_chunk_boundaries():
    data = b"".join(b"line %d\r\n" % i for i in range(20000)) + b"tail"
    lines = list(iter_lines(io.BytesIO(data)))
    assert len(lines) == 20001
    assert b"".join(lines) == data


def test_stdin_to_stdout_streams_in_order():
    lines = [f"Segment {i} costs $ {i} ." for i in range(500)]
    code, out, _ = run(["fix", "--isolated", "--segments"], ("\n".join(lines) + "\n").encode())
    assert code == 0
    assert out.decode().splitlines() == [f"Segment {i} costs ${i}." for i in range(500)]


def test_stdin_answers_each_line_before_the_next_arrives():
    """A pipe gets each record's output as soon as it is done (no read-ahead to EOF)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "textfix", "fix", "--isolated", "--segments"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        for i in range(3):
            proc.stdin.write(f"line {i} , here\n".encode())
            proc.stdin.flush()
            assert proc.stdout.readline() == f"line {i}, here\n".encode()
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


# -- JSONL -------------------------------------------------------------------------------

JSONL = (
    '{"id": 7, "text": "It cost $ 5 , ok", "score": 1.0e5, "meta": {"b": 1, "a": [1, 2]}}\n'
    '{"text":"fine","id":8}\n'
    '{"id": 9, "text": "Z\\u00fcrich , caf\\u00e9", "lang": "en"}\n'
    '{"id": 10, "text": "日本 , ok", "note": "ü"}\n'
    "\n"
    '{"id": 11}\n'
    '{"id": 12, "text": null}\n'
)


def test_jsonl_round_trip_keeps_other_fields_order_and_spelling(tmp_path):
    code, out, err = run_file(tmp_path, ["fix", "--field", "text"], JSONL.encode())
    assert code == 0
    lines = out.split("\n")
    src = JSONL.split("\n")
    assert len(lines) == len(src)
    # Only the text value changed; 1.0e5, the nested object and key order are untouched.
    assert lines[0] == '{"id": 7, "text": "It cost $5, ok", "score": 1.0e5, "meta": {"b": 1, "a": [1, 2]}}'
    assert lines[1] == src[1]
    # An ASCII-escaped line stays ASCII-escaped; a UTF-8 one stays UTF-8.
    assert lines[2] == '{"id": 9, "text": "Z\\u00fcrich, caf\\u00e9", "lang": "en"}'
    assert lines[3] == '{"id": 10, "text": "日本, ok", "note": "ü"}'
    assert lines[4:] == src[4:]
    assert "2 record(s) had no text" in err


def test_jsonl_findings_key_in_check_writes_records_back(tmp_path):
    code, out, _ = run_file(tmp_path, ["check", "--field", "text", "--findings-key", "issues"], JSONL.encode())
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [r["id"] for r in rows] == [7, 8, 9, 10, 11, 12]
    assert [f["code"] for f in rows[0]["issues"]] == ["S105", "S101"]
    assert rows[1]["issues"] == []
    assert "issues" not in rows[4]  # no text: the record passes through untouched
    assert list(rows[0]) == ["id", "text", "score", "meta", "issues"]


def test_jsonl_findings_key_in_fix_lists_the_changes(tmp_path):
    _code, out, _ = run_file(tmp_path, ["fix", "--jsonl", "--findings-key", "changes"], b'{"text": "a ,b"}\n')
    row = json.loads(out)
    assert row["text"] == "a, b"
    assert [(c["code"], c["old"], c["new"]) for c in row["changes"]] == [("S101", " ,", ", ")]


def test_jsonl_source_field_reaches_the_passes():
    fmt = JsonlFormat("mt", source_field="src")
    rec = next(fmt.read(io.BytesIO(b'{"src": "Quelle", "mt": "target"}\n')))
    assert rec.text == "target"
    assert rec.context == {"source": "Quelle"}


def test_jsonl_malformed_line_is_kept_and_reported(tmp_path):
    _code, out, err = run_file(tmp_path, ["fix", "--jsonl"], b'{"text": "a ,b"}\nnot json\n{"text": "c"}\n')
    assert out == '{"text": "a, b"}\nnot json\n{"text": "c"}\n'
    assert "line 2" in err


def test_jsonl_check_json_output_names_the_record(tmp_path):
    _code, out, _ = run_file(tmp_path, ["check", "--jsonl", "--format", "jsonl"], b'{"text": "ok"}\n{"text": "a ,b"}\n')
    d = json.loads(out)
    assert (d["record"], d["record_line"], d["code"], d["start"]) == (2, 2, "S101", 1)


# -- TSV and CSV -------------------------------------------------------------------------


def test_tsv_round_trip_keeps_other_columns_and_quotes(tmp_path):
    data = 'id\tsrc\tmt\r\n1\t„Grüße“ , Zürich\t"Hello , Zürich"\r\n2\tx\tfine\r\n3\tshort\r\n'.encode()
    code, out, err = run_file(tmp_path, ["fix", "--tsv", "--column", "mt"], data)
    assert code == 0
    # Only the mt column changed: the source keeps its space before the comma, quotes stay.
    assert out == 'id\tsrc\tmt\r\n1\t„Grüße“ , Zürich\t"Hello, Zürich"\r\n2\tx\tfine\r\n3\tshort\r\n'
    assert "1 record(s) had no text" in err


def test_tsv_column_by_number_and_source_column():
    fmt = TsvFormat("3", source_column="2")
    recs = list(fmt.read(io.BytesIO(b"1\tQuelle\tTarget\n")))
    assert (recs[0].text, recs[0].context) == ("Target", {"source": "Quelle"})


def test_tsv_repair_never_adds_a_tab():
    fmt = TsvFormat("1")
    rec = next(fmt.read(io.BytesIO(b"a b\tc\n")))
    assert fmt.render(rec, "a\tb") == "a b\tc\n"


def test_csv_round_trip_keeps_quoting_and_dialect(tmp_path):
    data = (
        "id,text,note\r\n"
        '1,"It cost $ 5 , ok","kept ""as is"" café"\r\n'
        '2,plain ,x,"y"\r\n'
        '3,"two\nlines , here",z\r\n'
        '4,"fine",w'
    ).encode()
    code, out, _ = run_file(tmp_path, ["fix", "--csv", "--column", "text"], data)
    assert code == 0
    assert out == (
        "id,text,note\r\n"
        '1,"It cost $5, ok","kept ""as is"" café"\r\n'
        '2,plain ,x,"y"\r\n'
        '3,"two\nlines, here",z\r\n'
        '4,"fine",w'
    )


def test_csv_requotes_a_field_that_needs_it():
    fmt = CsvFormat("1", delimiter=";")
    rec = next(fmt.read(io.BytesIO(b"a b;c\n")))
    assert fmt.render(rec, 'a; "b"') == '"a; ""b""";c\n'


def test_csv_agrees_with_the_csv_module():
    import csv

    data = 'a,"b ""q"" , c",d\r\n"x\ny",2,3\r\ne,,\r\n'
    fmt = CsvFormat("2")
    ours = [r.text for r in fmt.read(io.BytesIO(data.encode()))]
    theirs = [row[1] for row in csv.reader(io.StringIO(data, newline=""))]
    assert ours == theirs


def test_record_modes_exclude_each_other(tmp_path):
    code, _, err = run_file(tmp_path, ["fix", "--segments", "--jsonl"], b"x\n")
    assert code == 2 and "exclude" in err


def test_name_column_without_header_is_an_error(tmp_path):
    code, _, err = run_file(tmp_path, ["fix", "--tsv", "--column", "nope"], b"a\tb\n")
    assert code == 2 and "nope" in err


@pytest.mark.parametrize("flag", [["--segments"], ["--jsonl"], ["--tsv", "--column", "1"]])
def test_empty_input_gives_empty_output(tmp_path, flag):
    code, out, _ = run_file(tmp_path, ["fix", *flag], b"")
    assert (code, out) == (0, "")
