"""Worker processes: same bytes as one process, input order, bounded read-ahead."""

from __future__ import annotations

import itertools
import json
import pickle
import subprocess
import sys

import pytest

import textfix
from conftest import WMT22, need_shared
from textfix.parallel import run_many


def wmt22_lines(n: int) -> list[str]:
    folder = need_shared(WMT22) / "ts-hyp"
    # Weak systems have the most artifacts; take lines from several files.
    lines: list[str] = []
    for path in sorted(folder.iterdir())[::9]:
        with open(path, encoding="utf-8", newline="") as fh:
            lines.extend(itertools.islice(fh, 0, 4000, 25))
    assert len(lines) >= n
    return lines[:n]


def textfix_cli(*argv: str, data: bytes) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "textfix", *argv], input=data, capture_output=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc.stdout


@pytest.mark.shared
def test_jobs_2_output_is_byte_identical_to_jobs_1_segments():
    data = "".join(wmt22_lines(400)).encode("utf-8")
    one = textfix_cli("fix", "--isolated", "--segments", "-j", "1", data=data)
    two = textfix_cli("fix", "--isolated", "--segments", "-j", "2", data=data)
    assert one == two
    assert one.count(b"\n") == data.count(b"\n")
    assert one != data  # the sample does hold artifacts, so the comparison means something


@pytest.mark.shared
def test_jobs_2_jsonl_and_check_are_identical_to_jobs_1():
    lines = wmt22_lines(300)
    data = "".join(json.dumps({"n": i, "text": t.rstrip("\n")}, ensure_ascii=False) + "\n" for i, t in enumerate(lines))
    data_b = data.encode("utf-8")
    for argv in (["fix", "--jsonl", "--findings-key", "changes"], ["check", "--jsonl", "--format", "jsonl"]):
        one = textfix_cli(*argv, "--isolated", "-j", "1", data=data_b)
        two = textfix_cli(*argv, "--isolated", "--jobs", "2", data=data_b)
        assert one == two, argv
        assert one


def test_run_many_keeps_order_across_chunks():
    texts = [f"item {i} , x" for i in range(1000)]
    out = list(run_many(textfix.default_pipeline(), texts, mode="fix", jobs=2, chunk=7))
    assert out == [f"item {i}, x" for i in range(1000)]


def test_run_many_does_not_read_the_whole_input_ahead():
    """An endless input: taking the first results must return, so reading is bounded."""
    endless = (f"n {i} ," for i in itertools.count())
    pulled = itertools.islice(run_many(textfix.default_pipeline(), endless, jobs=2, chunk=16), 100)
    assert list(pulled)[-1] == "n 99,"


def test_run_many_check_mode_and_contexts():
    pipe = textfix.default_pipeline()
    res = list(run_many(pipe, [("a ,b", None), (None, None), ("ok", {"source": "x"})], mode="check", jobs=2))
    assert [[f.code for f in r] for r in res[::2]] == [["S101"], []]
    assert res[1] is None


def test_fix_many_is_lazy_and_ordered():
    pipe = textfix.default_pipeline()
    endless = (f"n {i} ," for i in itertools.count())
    assert list(itertools.islice(pipe.fix_many(endless), 3)) == ["n 0,", "n 1,", "n 2,"]
    found = list(pipe.check_many(["ok", "a ,b"]))
    assert [[f.code for f in fs] for fs in found] == [[], ["S101"]]


def test_pipeline_pickles_small_and_rebuilds_its_gate():
    pipe = textfix.default_pipeline(ignore=["D"])
    blob = pickle.dumps(pipe)
    assert len(blob) < 20_000  # settings and passes, not compiled automata
    copy = pickle.loads(blob)
    assert copy.gating == pipe.gating
    assert copy.fix("the the $ 5 ,") == pipe.fix("the the $ 5 ,") == "the the $5,"


def test_jobs_outside_record_modes_is_refused(tmp_path):
    from textfix.cli import main

    p = tmp_path / "a.txt"
    p.write_text("x\n", encoding="utf-8")
    import io

    err = io.StringIO()
    assert main(["fix", "--isolated", "-j", "2", str(p)], io.StringIO(), err) == 2
    assert "record modes" in err.getvalue()


_LOCKING_PASS = """
import threading

import regex

from textfix.model import Applicability, Edit, Pass
from textfix.rules import rule

# Taken by the pass in each worker; the parent's thread holds it while the workers run.
LOCK = threading.Lock()
MARK = rule(
    "LK101", "locking-mark", family="locking", summary="a mark", why="a test of worker start",
    bad="x", good="y", keep=["z"], fix=Applicability.SAFE, languages=("en",),
)


class LockingPass(Pass):
    name = "locking"
    rules = (MARK,)
    trigger = regex.compile("x")

    def check(self, doc):
        with LOCK:
            for m in regex.finditer("x", doc.text):
                yield doc.finding(MARK, m.start(), m.end(), None, [Edit(m.start(), m.end(), "y")])
"""

_HOLD_THE_LOCK_AND_RUN = """
import sys, threading
sys.path.insert(0, sys.argv[1])
import locking_pass
import textfix
from textfix.parallel import run_many

held, done = threading.Event(), threading.Event()

def hold():
    with locking_pass.LOCK:
        held.set()
        done.wait()

threading.Thread(target=hold, daemon=True).start()
held.wait()
try:
    print(list(run_many(textfix.Pipeline([locking_pass.LockingPass()]), ["x a", "b x"], jobs=2, chunk=1)))
finally:
    done.set()
"""


def test_workers_do_not_inherit_a_lock_another_thread_holds(tmp_path):
    """A worker forked from this process copies each lock as it stands: one that another of
    its threads held never opens in the worker, which hangs (a full test run hung so).
    Workers start from a server process with no other thread instead."""
    (tmp_path / "locking_pass.py").write_text(_LOCKING_PASS, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _HOLD_THE_LOCK_AND_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['y a', 'b y']"
