"""An engine's figures as arrays, and the long results table built from them.

An engine collects its figures in a :class:`LongBuilder`, block by block (metrics shaped ``[stage,
period]`` or ``[stage]``); :meth:`LongBuilder.arrays` fixes them as :class:`LongArrays`, which a
:class:`~.schema.Results` holds. The long DataFrame (one row per scenario, engine, stage, segment,
period and metric: :data:`COLUMNS`) is built from the arrays only when it is first read, and the
look-ups a dashboard repeats (whole-horizon values, per-period arrays, the labels) are answered from
the arrays without it: building the 100,000 rows of a week of 15-minute periods takes longer than the
engine's own arithmetic. A table cut (:meth:`LongArrays.without`) and followed by another
(:meth:`LongArrays.then`) stays arrays: how the customer models add their rows to an engine's.

Row order of the table: block by block in the order added; within a block, metric by metric, then
stage by stage, then period by period.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

COLUMNS = ["scenario", "engine", "stage", "segment", "period", "metric", "value", "lower", "upper"]
TEXT_COLUMNS = ("scenario", "engine", "stage", "segment", "metric")
"""Columns held as pandas categoricals."""
ALL = "all"
"""Label of the aggregate over all stages (end to end) or all segments."""

Key = tuple[str, str, str]
"""(metric, stage, segment)."""


class Block(NamedTuple):
    """Metrics added in one call of :meth:`LongBuilder.add`: ``values`` [metric, stage × period]."""

    stages: list[str]
    repeat: int
    """Rows per stage and metric: the number of periods (1 for whole-horizon figures)."""
    periods: np.ndarray
    """Period number of each column of ``values`` (−1: whole horizon)."""
    segment: str
    names: list[str]
    values: np.ndarray
    lower: np.ndarray | None
    """Flattened like ``values``; ``None``: missing (NaN) throughout."""
    upper: np.ndarray | None
    horizon: bool
    """Whole-horizon figures (the period missing)."""


def _runs(flags: list[bool]) -> list[tuple[bool, slice]]:
    """Runs of equal ``flags``: each run's flag and its positions."""
    out: list[tuple[bool, slice]] = []
    start = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            out.append((flags[start], slice(start, i)))
            start = i
    return out


class LongBuilder:
    """Collects engine output as arrays; :meth:`arrays` fixes them for a Results, :meth:`frame` builds
    the long DataFrame."""

    def __init__(self, scenario: str, engine: str) -> None:
        self.scenario = scenario
        self.engine = engine
        self._blocks: list[Block] = []

    def add(
        self,
        stages: list[str],
        values: Mapping[str, np.ndarray],
        *,
        lower: Mapping[str, np.ndarray] | None = None,
        upper: Mapping[str, np.ndarray] | None = None,
        periods: np.ndarray | None = None,
        segment: str = ALL,
    ) -> LongBuilder:
        """Add metrics shaped ``[stage, period]`` (or ``[stage]`` for whole-horizon figures).

        All arrays of one call share a shape. ``periods`` gives the period numbers of the second
        axis (default 0, 1, …); 1-D arrays become whole-horizon rows (period missing).
        """
        if not values:
            return self
        names = list(values)
        block = np.stack([np.asarray(values[n], dtype=float) for n in names])  # [M, S(, T)]

        def bounds(given: Mapping[str, np.ndarray] | None) -> np.ndarray | None:
            if not given or not any(n in given for n in names):
                return None
            return np.stack(
                [np.asarray(given[n], dtype=float) if n in given else np.full(block.shape[1:], np.nan) for n in names]
            )

        return self.add_stacked(stages, names, block, bounds(lower), bounds(upper), periods=periods, segment=segment)

    def add_stacked(
        self,
        stages: list[str],
        names: list[str],
        values: np.ndarray,
        lower: np.ndarray | None = None,
        upper: np.ndarray | None = None,
        *,
        periods: np.ndarray | None = None,
        segment: str = ALL,
    ) -> LongBuilder:
        """:meth:`add` of metrics already stacked: ``values[metric, stage(, period)]`` (floats), and the
        bounds likewise (``None``: missing). The arrays are kept as they are (C-ordered float arrays are
        not copied): the caller hands them over."""
        block = np.asarray(values, dtype=float)
        if block.shape[1] != len(stages):
            raise ValueError(f"metrics {names}: {block.shape[1]} rows for {len(stages)} stages")
        if block.ndim == 2:
            repeat = 1
            period_col = np.full(len(stages), -1, dtype=np.int64)
        else:
            repeat = block.shape[2]
            p = np.arange(repeat) if periods is None else np.asarray(periods, dtype=np.int64)
            period_col = np.tile(p, len(stages))
        self._blocks.append(
            Block(
                list(stages),
                repeat,
                period_col,
                segment,
                list(names),
                block.reshape(len(names), -1),
                None if lower is None else np.asarray(lower, dtype=float).reshape(-1),
                None if upper is None else np.asarray(upper, dtype=float).reshape(-1),
                block.ndim == 2,
            )
        )
        return self

    def arrays(self) -> LongArrays:
        """Everything added so far, fixed (later calls of :meth:`add` do not change it)."""
        return LongArrays(self.scenario, self.engine, tuple(self._blocks))

    def frame(self) -> pd.DataFrame:
        """The long DataFrame of everything added (columns :data:`COLUMNS`).

        Text columns are pandas categoricals (compact and fast to build and filter).
        """
        return self.arrays().frame()


class LongArrays:
    """One scenario's and engine's results table held as the engine's arrays (see the module docstring).

    Made by :meth:`LongBuilder.arrays`; every method reads the arrays as the rows of :meth:`frame`
    would hold them, in the same order.
    """

    def __init__(
        self, scenario: str, engine: str, blocks: tuple[Block, ...], known: Mapping[str, list[str]] | None = None
    ) -> None:
        self.scenario = scenario
        self.engine = engine
        self.blocks = blocks
        self.known = {c: list(v) for c, v in (known or {}).items()}
        """Categories of the text columns ``stage``, ``segment`` and ``metric`` before those the blocks
        mention (those of the table this one was cut from: :meth:`without`)."""
        sizes = [b.values.size for b in blocks]
        self.starts = np.cumsum([0, *sizes[:-1]], dtype=np.int64)
        """Position of each block's first row in the table."""
        self.rows = int(sum(sizes))
        """Number of rows of the table."""

    def categories(self, column: str) -> list[str]:
        """Categories of a text column of :meth:`frame`, in order of first mention (blocks without rows too)."""
        if column in ("scenario", "engine"):
            return [getattr(self, column)]
        found: dict[str, None] = dict.fromkeys(self.known.get(column, []))
        for b in self.blocks:
            found.update(
                dict.fromkeys(b.names if column == "metric" else b.stages if column == "stage" else [b.segment])
            )
        return list(found)

    def labels(self, column: str) -> list[str]:
        """Distinct values of a text column in order of first appearance in the rows (as
        :func:`~.schema.distinct` reads them from :meth:`frame`)."""
        if column in ("scenario", "engine"):
            return [getattr(self, column)] if self.rows else []
        found: dict[str, None] = {}
        for b in self.blocks:
            if b.values.size:
                found.update(
                    dict.fromkeys(b.names if column == "metric" else b.stages if column == "stage" else [b.segment])
                )
        return list(found)

    def horizon_values(self) -> dict[Key, float]:
        """Whole-horizon values by (metric, stage, segment), the first row of each."""
        out: dict[Key, float] = {}
        for b in self.blocks:
            if b.horizon:
                for i, name in enumerate(b.names):
                    for j, stage in enumerate(b.stages):
                        out.setdefault((name, stage, b.segment), float(b.values[i, j]))
        return out

    def per_period_rows(self) -> tuple[dict[Key, tuple[np.ndarray, np.ndarray]], int]:
        """Per-period rows as (period numbers, values) by (metric, stage, segment), in row order, and the
        number of periods (one past the largest period number)."""
        parts: dict[Key, list[tuple[np.ndarray, np.ndarray]]] = {}
        last = -1
        for b in self.blocks:
            if b.horizon or not b.values.size:
                continue
            last = max(last, int(b.periods.max()))
            for i, name in enumerate(b.names):
                for j, stage in enumerate(b.stages):
                    cut = slice(j * b.repeat, (j + 1) * b.repeat)
                    parts.setdefault((name, stage, b.segment), []).append((b.periods[cut], b.values[i, cut]))
        out = {
            key: found[0]
            if len(found) == 1
            else (np.concatenate([w for w, _ in found]), np.concatenate([v for _, v in found]))
            for key, found in parts.items()
        }
        return out, last + 1

    def horizon_rows(self) -> np.ndarray:
        """Positions of the whole-horizon rows (period missing)."""
        parts = [s + np.arange(b.values.size) for s, b in zip(self.starts, self.blocks, strict=True) if b.horizon]
        return np.concatenate(parts) if parts else np.array([], dtype=np.int64)

    def rows_to_explain(self, flags: tuple[str, ...]) -> np.ndarray:
        """Positions of the rows :func:`~.flags.explain` reads: a value that is not a finite number, or
        a flag (one of ``flags``) that is on (positive or NaN)."""
        parts = []
        for start, b in zip(self.starts, self.blocks, strict=True):
            hit = ~np.isfinite(b.values)
            on = [i for i, name in enumerate(b.names) if name in flags]
            if on:
                hit[on] |= np.nan_to_num(b.values[on], nan=1.0) > 0
            parts.append(start + np.flatnonzero(hit))
        return np.concatenate(parts) if parts else np.array([], dtype=np.int64)

    def without(self, metrics: Collection[str], *, stage: str | None = None) -> LongArrays:
        """The table without the rows of ``metrics`` (only those of ``stage`` if given), the other rows
        in their order, the categories of every text column kept (as a boolean filter of :meth:`frame`
        keeps them)."""
        drop = set(metrics)
        blocks = []
        for b in self.blocks:
            m, n = b.values.shape
            for dropped, run in _runs([name in drop for name in b.names]):
                if dropped and stage is None:
                    continue
                stages = b.stages
                keep: slice | np.ndarray = slice(None)  # the columns [stage × period] kept
                if dropped and stage in b.stages:
                    stages = [s for s in b.stages if s != stage]
                    keep = np.repeat(np.array(b.stages) != stage, b.repeat)
                blocks.append(
                    b._replace(
                        stages=stages,
                        periods=b.periods[keep],
                        names=b.names[run],
                        values=b.values[run][:, keep],
                        lower=None if b.lower is None else b.lower.reshape(m, n)[run][:, keep].reshape(-1),
                        upper=None if b.upper is None else b.upper.reshape(m, n)[run][:, keep].reshape(-1),
                    )
                )
        known = {c: self.categories(c) for c in ("stage", "segment", "metric")}
        return LongArrays(self.scenario, self.engine, tuple(b for b in blocks if b.values.size), known)

    def then(self, other: LongArrays) -> LongArrays:
        """This table's rows followed by ``other``'s (the same scenario and engine); categories of the
        text columns this table's, then ``other``'s new ones (as :func:`~.schema.concat_frames` unites them)."""
        if (other.scenario, other.engine) != (self.scenario, self.engine):
            raise ValueError(f"rows of {other.scenario!r}/{other.engine!r} after {self.scenario!r}/{self.engine!r}")
        known = {c: [*self.categories(c), *other.categories(c)] for c in ("stage", "segment", "metric")}
        return LongArrays(self.scenario, self.engine, self.blocks + other.blocks, known)

    def frame(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """The long DataFrame (columns :data:`COLUMNS`); text columns are pandas categoricals.

        ``rows``: only these positions (ascending), indexed by them, as ``frame()[mask]`` would give
        them (the same categories).
        """
        if not self.blocks and not self.known:
            return pd.DataFrame({c: [] for c in COLUMNS})
        codes = {c: {v: k for k, v in enumerate(self.categories(c))} for c in ("stage", "segment", "metric")}
        if rows is None:
            text, period, numbers = self._columns(codes, range(len(self.blocks)), self.rows)
        else:  # the blocks that hold a row asked for, then those rows of them
            block = np.searchsorted(self.starts, rows, side="right") - 1
            touched = np.unique(block)
            text, period, numbers = self._columns(codes, touched, sum(self.blocks[k].values.size for k in touched))
            offset = np.cumsum([0, *(self.blocks[k].values.size for k in touched[:-1])], dtype=np.int64)
            local = rows - self.starts[block] + offset[np.searchsorted(touched, block)]
            text, period, numbers = text[:, local], period[local], numbers[:, local]
        # the three numbers as one block (as pandas would stack them), then the other columns in front
        out = pd.DataFrame(numbers.T, columns=COLUMNS[-3:], copy=False)
        if rows is not None:
            out.index = pd.Index(rows, dtype=np.int64)
        labels = [self.scenario], [self.engine], *(list(codes[c]) for c in ("stage", "segment", "metric"))
        one = np.zeros(period.size, dtype=np.int8)
        for i, (column, names, code) in enumerate(zip(TEXT_COLUMNS, labels, [one, one, *text], strict=True)):
            out.insert(i, column, pd.Series(pd.Categorical.from_codes(code, pd.Index(names)), out.index, copy=False))
        out.insert(4, "period", pd.Series(pd.arrays.IntegerArray(period, period < 0), out.index, copy=False))
        return out

    def _columns(
        self, codes: dict[str, dict[str, int]], blocks: Iterable[int], size: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of the ``blocks`` (positions in :attr:`blocks`, ascending) one after the other, holding
        ``size`` rows: codes of stage, segment and metric [3, size], period [size], and value, lower and
        upper [3, size]."""
        text = np.empty((3, size), dtype=np.int32)
        period = np.empty(size, dtype=np.int64)
        numbers = np.full((3, size), np.nan)
        start = 0
        for k in blocks:
            b = self.blocks[k]
            m, n = b.values.shape
            at = slice(start, start + m * n)
            text[0, at] = np.tile(np.repeat([codes["stage"][s] for s in b.stages], b.repeat), m)
            text[1, at] = codes["segment"][b.segment]
            text[2, at] = np.repeat([codes["metric"][name] for name in b.names], n)
            period[at] = np.tile(b.periods, m)
            numbers[0, at] = b.values.reshape(-1)
            for i, bound in ((1, b.lower), (2, b.upper)):
                if bound is not None:
                    numbers[i, at] = bound
            start += m * n
        return text, period, numbers


__all__ = ["ALL", "COLUMNS", "TEXT_COLUMNS", "Block", "LongArrays", "LongBuilder"]
