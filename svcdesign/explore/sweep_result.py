"""A sweep's per-period results, kept compact and read lazily (:class:`SweepResult`).

A week of 15-minute periods is about 100,000 rows per variant; one long frame of 100 variants is
about 10 million rows and over a GiB (the scenario name and lever values repeated on every row). A
:class:`SweepResult` keeps each variant's columns as arrays instead, and shares every column equal to
the previous variant's (stage, segment, period and metric are usually the same in every variant) or
constant (scenario and engine names, empty ``lower``/``upper``) — only the values are stored per
variant, 8 bytes a row. With ``path``, those values go to one ``.npy`` file per variant and are
read back memory-mapped, so memory stays flat whatever the number of variants.

Frames are built on request: :meth:`SweepResult.frame` (filtered by metric, stage, segment, run,
periods; with no filter, exactly the long table :func:`.sweep.sweep` returned before),
:meth:`SweepResult.iter_frames` (one run at a time) and :meth:`SweepResult.per_period` (one metric
at one stage: periods × runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..results import ALL


class _Constant:
    """A column holding one value on every row (kept as its first element)."""

    def __init__(self, first: Any) -> None:
        self.first = first

    def expand(self, rows: int) -> Any:
        return self.first.take(np.zeros(rows, dtype=np.intp))


class Packed:
    """One variant's Results rows as compact columns: arrays, shared arrays or :class:`_Constant`."""

    def __init__(self, rows: int, columns: dict[str, Any]) -> None:
        self.rows = rows
        self.columns = columns

    def data(self) -> pd.DataFrame:
        """The variant's rows as the engine's ``Results.data`` had them (same columns and dtypes)."""
        return pd.DataFrame(
            {
                name: pd.Series(col.expand(self.rows) if isinstance(col, _Constant) else col, copy=False)
                for name, col in self.columns.items()
            }
        )


def pack(data: pd.DataFrame, previous: Packed | None, spill: Path | None = None) -> Packed:
    """``data`` as a :class:`Packed`, sharing each column equal to ``previous``'s.

    ``spill``: a ``.npy`` file name stem; a float column stored for this variant alone is written
    there (``<stem>-<column>.npy``) and read back memory-mapped.
    """
    rows, columns = len(data), {}
    for name in data.columns:
        array = data[name].array
        old = None if previous is None else previous.columns.get(name)
        if rows and pd.Series(array, copy=False).nunique(dropna=False) == 1:
            columns[name] = _Constant(array[:1].copy())
        elif old is not None and not isinstance(old, _Constant) and _equal(old, array):
            columns[name] = old
        else:
            columns[name] = _own(array, None if spill is None else spill.with_name(f"{spill.name}-{name}.npy"))
    return Packed(rows, columns)


def _equal(a: Any, b: Any) -> bool:
    return len(a) == len(b) and a.dtype == b.dtype and pd.Series(a, copy=False).equals(pd.Series(b, copy=False))


def _own(array: Any, file: Path | None) -> Any:
    values = array.to_numpy() if array.dtype.kind == "f" else None
    if values is None or file is None:
        return values.copy() if values is not None else array.copy()
    np.save(file, values)
    return np.load(file, mmap_mode="r")


class SweepResult:
    """The per-period results of a sweep, one :class:`Packed` per run (see the module docstring).

    Attributes
    ----------
    settings:
        The lever values of each run, ``{dotted path: value}``, in grid order.
    path:
        The folder holding the values (``.npy`` files), or ``None`` when kept in memory.
    """

    def __init__(self, settings: Sequence[Mapping[str, Any]], packed: Sequence[Packed], path: Path | None) -> None:
        self.settings = [dict(s) for s in settings]
        self._packed = list(packed)
        self.path = path

    def __len__(self) -> int:
        """Rows of the whole long table."""
        return sum(p.rows for p in self._packed)

    def __repr__(self) -> str:
        return f"SweepResult({len(self._packed)} runs, {len(self):,} rows, levers {self.levers})"

    @property
    def levers(self) -> list[str]:
        """The lever paths (column names of the long table after ``run``)."""
        return list(self.settings[0]) if self.settings else []

    @property
    def metrics(self) -> list[str]:
        """Every metric reported by any run, sorted."""
        seen: set[str] = set()
        for p in self._packed:
            col = p.columns["metric"]
            seen.update(map(str, col.first if isinstance(col, _Constant) else pd.unique(col)))
        return sorted(seen)

    def iter_frames(
        self,
        metrics: Sequence[str] | None = None,
        stages: Sequence[str] | None = None,
        segments: Sequence[str] | None = None,
        runs: Sequence[int] | None = None,
        periods: bool = True,
    ) -> Iterator[pd.DataFrame]:
        """The long table one run at a time (columns as :meth:`frame`), filtered as asked.

        ``periods=False`` keeps the whole-horizon rows only.
        """
        chosen = range(len(self._packed)) if runs is None else runs
        for run in chosen:
            data = self._packed[run].data()
            keep = np.ones(len(data), dtype=bool)
            for column, wanted in (("metric", metrics), ("stage", stages), ("segment", segments)):
                if wanted is not None:
                    keep &= data[column].isin(list(wanted)).to_numpy()
            if not periods:
                keep &= data["period"].isna().to_numpy()
            if not keep.all():
                data = data[keep].reset_index(drop=True)
            head = pd.DataFrame(
                {"run": run, **{k: [v] * len(data) for k, v in self.settings[run].items()}}, index=data.index
            )
            yield pd.concat([head, data], axis=1)

    def frame(
        self,
        metrics: Sequence[str] | None = None,
        stages: Sequence[str] | None = None,
        segments: Sequence[str] | None = None,
        runs: Sequence[int] | None = None,
        periods: bool = True,
    ) -> pd.DataFrame:
        """One long table: ``run``, one column per lever, then the Results columns.

        With no filter this is the whole table (about 150 bytes a row: ask for what you need).
        """
        return pd.concat(list(self.iter_frames(metrics, stages, segments, runs, periods)), ignore_index=True)

    def per_period(self, metric: str, stage: str, segment: str = ALL) -> pd.DataFrame:
        """One metric's per-period values at one stage: index ``period``, one column per run (``value``)."""
        if metric not in self.metrics:
            raise InputError("metric", metric, f"a metric the sweep kept: {self.metrics}")
        columns = {}
        for run, part in enumerate(self.iter_frames([metric], [stage], [segment])):
            columns[run] = part[part["period"].notna()].set_index("period")["value"]
        table = pd.DataFrame(columns)
        table.columns.name = "run"
        return table
