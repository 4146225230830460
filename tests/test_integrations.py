"""pandas, Hugging Face datasets and Dask helpers; the Dask test runs a real two-process
LocalCluster and compares with the serial result on a WMT22 file."""

from __future__ import annotations

import itertools
import json

import pytest

import textfix
from conftest import WMT22, need_shared
from textfix import integrations

PIPE = textfix.default_pipeline()


def wmt22_file_lines(limit: int) -> list[str]:
    # A weak research system: plenty of artifacts to repair.
    path = need_shared(WMT22) / "ts-hyp"
    files = sorted(p for p in path.iterdir() if "ALMAnaCH" in p.name or "AIST" in p.name or "LT22" in p.name)
    assert files, "expected a weak system's output in ts-hyp/"
    with open(files[0], encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in itertools.islice(fh, limit)]


def test_pandas_series_keeps_index_name_and_gaps():
    pd = pytest.importorskip("pandas")
    s = pd.Series(["It cost $ 5 , ok", None, "fine"], index=[10, 20, 30], name="mt", dtype=object)
    out = integrations.fix_series(s)
    assert out.tolist() == ["It cost $5, ok", None, "fine"]
    assert list(out.index) == [10, 20, 30] and out.name == "mt"
    found = integrations.check_series(s)
    assert [[f.code for f in fs] for fs in found] == [["S105", "S101"], [], []]


def test_datasets_map_fixes_column_and_records_changes():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"id": [1, 2, 3], "text": ["a ,b", "ok", None]})
    out = integrations.fix_dataset(ds, "text", findings_column="changes")
    assert out["id"] == [1, 2, 3]
    assert out["text"] == ["a, b", "ok", None]
    assert [c["code"] for c in json.loads(out["changes"][0])] == ["S101"]
    assert out["changes"][1:] == ["[]", "[]"]


def test_datasets_map_with_worker_processes():
    datasets = pytest.importorskip("datasets")
    texts = [f"row {i} , x" for i in range(40)]
    ds = datasets.Dataset.from_dict({"text": texts})
    out = integrations.fix_dataset(ds, num_proc=2, batch_size=8)
    assert out["text"] == [f"row {i}, x" for i in range(40)]


def test_dask_bag_local_threads_matches_serial():
    db = pytest.importorskip("dask.bag")
    texts = [f"row {i} , x" for i in range(50)]
    bag = db.from_sequence(texts, npartitions=5)
    assert integrations.dask_fix_bag(bag).compute(scheduler="sync") == [PIPE.fix(t) for t in texts]


@pytest.mark.shared
@pytest.mark.slow
def test_dask_on_a_two_process_local_cluster_equals_serial():
    pytest.importorskip("distributed")
    db = pytest.importorskip("dask.bag")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from distributed import Client, LocalCluster

    lines = wmt22_file_lines(2000)
    serial = [PIPE.fix(t) for t in lines]
    assert serial != lines
    with (
        LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        bag = db.from_sequence(lines, npartitions=8)
        assert integrations.dask_fix_bag(bag).compute() == serial
        frame = dd.from_pandas(pd.DataFrame({"n": range(len(lines)), "text": lines}), npartitions=4)
        out = integrations.dask_fix_dataframe(frame, "text").compute()
        assert out["text"].tolist() == serial
        assert out["n"].tolist() == list(range(len(lines)))
        # The work really ran in the two worker processes, not in this one.
        assert len(client.scheduler_info()["workers"]) == 2
