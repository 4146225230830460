"""Run a pipeline inside data tools: pandas, Hugging Face ``datasets``, Dask.

None of these libraries is imported by ``import textfix``; each helper imports its own on
first use and names the pip extra when it is missing.  Every helper takes a
:class:`~textfix.Pipeline` (default: :func:`~textfix.default_pipeline`), which pickles as
its settings, so it travels to worker processes and cluster nodes and is rebuilt there.

>>> import pandas as pd
>>> fix_series(pd.Series(["a ,b", "ok"])).tolist()
['a, b', 'ok']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textfix.pipeline import Pipeline

__all__ = [
    "DatasetFixer",
    "check_series",
    "dask_fix_bag",
    "dask_fix_dataframe",
    "fix_dataset",
    "fix_partition",
    "fix_series",
]


def _need(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{module} is not installed: pip install 'textfix[{extra}]'") from None


def _pipeline(pipeline: Pipeline | None) -> Pipeline:
    if pipeline is None:
        from textfix.pipeline import default_pipeline

        return default_pipeline()
    return pipeline


def _fix_value(pipeline: Pipeline, unsafe: bool) -> Callable[[Any], Any]:
    def fix(value: Any) -> Any:
        # Missing values (None, NaN, pd.NA) pass through: a corpus column has gaps.
        return pipeline.fix(value, unsafe) if isinstance(value, str) else value

    return fix


# -- pandas ------------------------------------------------------------------------------


def fix_series(series: Any, pipeline: Pipeline | None = None, *, unsafe: bool = False) -> Any:
    """A new pandas Series with every string repaired; index, name and gaps kept."""
    pd = _need("pandas", "pandas")
    fix = _fix_value(_pipeline(pipeline), unsafe)
    # Built from a list, not Series.map, which turns None into NaN in object columns.
    return pd.Series([fix(v) for v in series], index=series.index, name=series.name, dtype=series.dtype)


def check_series(series: Any, pipeline: Pipeline | None = None) -> Any:
    """A pandas Series of finding lists (empty for clean or missing values), same index."""
    pd = _need("pandas", "pandas")
    pipe = _pipeline(pipeline)
    found = [pipe.check(v) if isinstance(v, str) else [] for v in series]
    return pd.Series(found, index=series.index, name=series.name, dtype=object)


# -- Hugging Face datasets ---------------------------------------------------------------


class DatasetFixer:
    """A picklable ``Dataset.map`` function (``batched=True``) repairing ``column``.

    ``findings_column``, if given, receives each row's applied changes as JSON text.
    Being a plain object with a pipeline, it pickles (``num_proc`` works) and hashes
    stably, so ``datasets`` can cache the result.
    """

    def __init__(
        self,
        column: str = "text",
        pipeline: Pipeline | None = None,
        *,
        unsafe: bool = False,
        findings_column: str | None = None,
    ) -> None:
        self.column = column
        self.pipeline = _pipeline(pipeline)
        self.unsafe = unsafe
        self.findings_column = findings_column

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        values = batch[self.column]
        if self.findings_column is None:
            fix = _fix_value(self.pipeline, self.unsafe)
            return {self.column: [fix(v) for v in values]}
        import json

        fixed, logs = [], []
        for v in values:
            if isinstance(v, str):
                new, log = self.pipeline.fix_and_explain(v, self.unsafe)
                fixed.append(new)
                logs.append(json.dumps([c.to_dict() for c in log], ensure_ascii=False))
            else:
                fixed.append(v)
                logs.append("[]")
        return {self.column: fixed, self.findings_column: logs}


def fix_dataset(
    dataset: Any,
    column: str = "text",
    pipeline: Pipeline | None = None,
    *,
    unsafe: bool = False,
    findings_column: str | None = None,
    **map_kwargs: Any,
) -> Any:
    """``dataset.map`` with :class:`DatasetFixer`, batched; extra keywords go to ``map``."""
    _need("datasets", "datasets")
    map_kwargs.setdefault("batched", True)
    return dataset.map(DatasetFixer(column, pipeline, unsafe=unsafe, findings_column=findings_column), **map_kwargs)


# -- Dask --------------------------------------------------------------------------------


def fix_partition(texts: Iterable[Any], pipeline: Pipeline | None = None, unsafe: bool = False) -> list[Any]:
    """Repair one partition (a list of strings); what ``dask.bag.map_partitions`` calls."""
    fix = _fix_value(_pipeline(pipeline), unsafe)
    return [fix(t) for t in texts]


def dask_fix_bag(bag: Any, pipeline: Pipeline | None = None, *, unsafe: bool = False) -> Any:
    """A lazy ``dask.bag`` of repaired strings, in the input's order.

    The pipeline is sent to each worker once per partition (it pickles small) and rebuilt
    there, so a partition of thousands of segments pays for it once.
    """
    _need("dask.bag", "dask")
    return bag.map_partitions(fix_partition, _pipeline(pipeline), unsafe)


def _fix_frame(frame: Any, column: str, pipeline: Pipeline, unsafe: bool) -> Any:
    out = frame.copy()
    out[column] = fix_series(frame[column], pipeline, unsafe=unsafe)
    return out


def dask_fix_dataframe(
    frame: Any, column: str = "text", pipeline: Pipeline | None = None, *, unsafe: bool = False
) -> Any:
    """A lazy ``dask.dataframe`` with ``column`` repaired (``map_partitions``); other columns kept."""
    _need("dask.dataframe", "dask")
    return frame.map_partitions(_fix_frame, column, _pipeline(pipeline), unsafe, meta=frame._meta)
