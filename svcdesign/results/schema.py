"""One tidy results schema shared by every engine.

A :class:`Results` wraps a long DataFrame with one row per (scenario, engine, stage, segment, period,
metric) and the columns ``value``, ``lower`` and ``upper`` (a 95% confidence interval where the
engine has one, else missing). ``period`` counts periods of ``period_minutes`` from the start of the
horizon (Monday 00:00 for weekly profiles); a missing period (``<NA>``) marks a whole-horizon figure.
The stage ``"all"`` holds end-to-end figures for the whole chain, the segment ``"all"`` figures over
all customer segments. Because every engine writes the same schema, engines compare cell by cell.
An engine may hand its figures over as arrays (:mod:`.long`): the DataFrame is then built when first
read, and the look-ups a dashboard repeats answer from the arrays.

A value that is not a finite number (an infinite wait) is explained by a flag of its stage and period
(``overloaded``, ``unstaffed``); making a :class:`Results` adds a warning naming every flagged stage
and its periods that no warning names yet (:mod:`.flags`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import FrozenInstanceError
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..errors import InputError
from ..model.units import period_label
from .flags import FLAGS, explain
from .long import ALL, COLUMNS, TEXT_COLUMNS, LongArrays, LongBuilder
from .metrics import metric_info


def aggregate_periods(
    wide: Mapping[str, np.ndarray], weights: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Whole-horizon values from per-period values, following each metric's weighting rule.

    ``wide`` maps metric → array ``[stage, period]``; the weighting arrays ``arrivals``, ``answered``
    and ``agents`` are taken from ``wide`` itself unless given. NaN-free: a weight summing to zero
    gives the metric's ``empty`` value (0 for shares and waits, 1 for the service level: see
    :class:`~.metrics.Metric`).
    """
    weights = dict(weights or {})
    out: dict[str, np.ndarray] = {}
    for name, array in wide.items():
        array = np.asarray(array, dtype=float)
        info = metric_info(name)
        rule = info.weight
        if rule == "sum":
            out[name] = array.sum(axis=-1)
        elif rule == "max":
            out[name] = array.max(axis=-1)
        elif rule == "time":
            out[name] = array.mean(axis=-1)
        else:
            w = np.asarray(weights.get(rule, wide.get(rule)), dtype=float)
            total = w.sum(axis=-1)
            with np.errstate(invalid="ignore", divide="ignore"):
                weighted = np.where(w > 0, array * w, 0.0).sum(axis=-1)
                out[name] = np.where(total > 0, weighted / np.where(total > 0, total, 1.0), info.empty)
    return out


class Results:
    """Results of one or more engine runs in the shared long schema.

    ``Results(data, period_minutes, meta)``: ``data`` is the long table, a DataFrame or, from an engine,
    its figures as arrays (``LongBuilder.arrays()``), whose DataFrame is built when :attr:`data` is first
    read: the look-ups :meth:`value`, :meth:`per_period_arrays`, :meth:`horizon`, :meth:`kpis`,
    :meth:`summary`, :attr:`rows` and the labels answer from the arrays. A Results cannot be changed once made.

    Attributes
    ----------
    data:
        Long DataFrame with columns ``scenario, engine, stage, segment, period, metric, value, lower,
        upper``; every metric is a row of the metric catalogue (:mod:`.metrics`; another name is an
        InputError).
    period_minutes:
        Length of one period in minutes (15 for a 15-minute grid, 10080 for weekly steps).
    meta:
        Engine settings, warnings (e.g. overloaded stages) and the assumptions used.
    """

    period_minutes: float
    meta: Mapping[str, Any]
    _arrays: LongArrays | None

    def __init__(
        self, data: pd.DataFrame | LongArrays, period_minutes: float, meta: Mapping[str, Any] | None = None
    ) -> None:
        object.__setattr__(self, "period_minutes", period_minutes)
        object.__setattr__(self, "meta", {} if meta is None else meta)
        arrays = data if isinstance(data, LongArrays) and data.rows > 0 else None
        object.__setattr__(self, "_arrays", arrays)
        if arrays is None:
            object.__setattr__(self, "_frame", self._checked(data.frame() if isinstance(data, LongArrays) else data))
        for name in self.data["metric"].cat.categories if arrays is None else arrays.categories("metric"):
            metric_info(name)  # every metric is a row of the catalogue
        # every flag, and every non-finite figure, named in a warning (see .flags)
        added = explain(self.data, period_minutes, self.warnings) if arrays is None else self._explain_arrays(arrays)
        if added:
            object.__setattr__(self, "meta", {**self.meta, "warnings": [*self.meta.get("warnings", []), *added]})

    @staticmethod
    def _checked(data: pd.DataFrame) -> pd.DataFrame:
        """``data`` with every column of the schema, its text columns categorical."""
        missing = [c for c in COLUMNS if c not in data.columns]
        if missing:
            raise InputError("data", f"columns {list(data.columns)}", f"the columns {COLUMNS} (missing {missing})")
        text = [c for c in TEXT_COLUMNS if not isinstance(data[c].dtype, pd.CategoricalDtype)]
        if text:  # one dtype whichever way the frame was made (engine, concat, filter)
            data = data.copy()
            for column in text:
                data[column] = data[column].astype("category")
        return data

    def _explain_arrays(self, arrays: LongArrays) -> list[str]:
        """:func:`~.flags.explain` on the rows it reads (non-finite values and flags that are on) only."""
        rows = arrays.rows_to_explain(FLAGS)
        if not rows.size:
            return []
        return explain(arrays.frame(rows), self.period_minutes, self.warnings)

    def __getstate__(self) -> dict[str, Any]:
        """What pickling keeps: all but a frame the arrays can build again (a smaller pickle)."""
        state = dict(self.__dict__)
        if state.get("_arrays") is not None:
            state.pop("_frame", None)
        return state

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")

    @property
    def data(self) -> pd.DataFrame:
        """The long DataFrame (see the class docstring), built from the engine's arrays when first read."""
        frame: pd.DataFrame | None = self.__dict__.get("_frame")
        if frame is None:
            assert self._arrays is not None  # a Results holds a frame or the arrays
            frame = self._arrays.frame()
            object.__setattr__(self, "_frame", frame)
        return frame

    @property
    def arrays(self) -> LongArrays | None:
        """The engine's figures as arrays, from which :attr:`data` is built (``None``: the results were
        made from a DataFrame). Reading them builds no DataFrame."""
        return self._arrays

    @property
    def rows(self) -> int:
        """The number of rows of :attr:`data`, counted without building it."""
        return len(self.data) if self._arrays is None else self._arrays.rows

    # ------------------------------------------------------------------------------- views
    def _labels(self, column: str) -> list[str]:
        """Distinct values of a text column in order of appearance (fast on categoricals)."""
        if self._arrays is not None:
            return self._arrays.labels(column)
        return [str(v) for v in distinct(self.data[column])]

    @property
    def scenarios(self) -> list[str]:
        return self._labels("scenario")

    @property
    def engines(self) -> list[str]:
        return self._labels("engine")

    @property
    def stages(self) -> list[str]:
        """Stage names (without the end-to-end ``"all"``)."""
        return [s for s in self._labels("stage") if s != ALL]

    @property
    def metrics(self) -> list[str]:
        return self._labels("metric")

    @property
    def warnings(self) -> list[str]:
        return list(self.meta.get("warnings", []))

    def _select(
        self,
        metric: str | None = None,
        stage: str | None = None,
        segment: str = ALL,
        horizon: bool = False,
        scenario: str | None = None,
        engine: str | None = None,
    ) -> pd.DataFrame:
        self._check_names(metric, stage)
        d = self._horizon_rows if horizon else self.data
        mask = d["segment"] == segment
        mask &= d["period"].isna() if horizon else d["period"].notna()
        if metric is not None:
            mask &= (d["metric"] == metric).to_numpy()
        if stage is not None:
            mask &= (d["stage"] == stage).to_numpy()
        if scenario is not None:
            mask &= d["scenario"] == scenario
        if engine is not None:
            mask &= d["engine"] == engine
        return d[mask]

    def _check_names(self, metric: str | None, stage: str | None) -> None:
        """An InputError naming ``metric`` or ``stage`` if the results hold no row of it (``None``: any)."""
        if metric is not None and metric not in self.metrics:
            raise InputError("metric", metric, f"one of {self.metrics}")
        if stage is not None and stage not in self._labels("stage"):
            raise InputError("stage", stage, f"one of {self.stages + [ALL]}")

    @property
    def _horizon_rows(self) -> pd.DataFrame:
        """Rows holding the whole-horizon ones: :attr:`data`, or while it is not built, those rows alone."""
        return self.data if self._arrays is None or "_frame" in self.__dict__ else self._horizon_frame

    @cached_property
    def _horizon_frame(self) -> pd.DataFrame:
        """The whole-horizon rows (period missing) built from the arrays, as ``data[mask]`` gives them."""
        assert self._arrays is not None  # only read where the results hold the arrays
        return self._arrays.frame(self._arrays.horizon_rows())

    def metric(self, name: str, stage: str | None = None, *, segment: str = ALL) -> pd.DataFrame:
        """Per-period values of one metric: rows are periods, columns stages (or one stage)."""
        rows = self._select(name, stage, segment)
        return rows.pivot_table(
            index="period", columns="stage", values="value", aggfunc="first", sort=False, observed=True
        )

    def per_period(self, stage: str | None = None, *, segment: str = ALL) -> pd.DataFrame:
        """Wide per-period table: index (scenario, engine, stage, period), one column per metric."""
        rows = self._select(None, stage, segment)
        wide = rows.pivot_table(
            index=["scenario", "engine", "stage", "period"],
            columns="metric",
            values="value",
            aggfunc="first",
            sort=False,
            observed=True,
        )
        return wide[[m for m in self.metrics if m in wide.columns]]

    def horizon(self, *, segment: str = ALL) -> pd.DataFrame:
        """Whole-horizon figures: index (scenario, engine, stage), one column per metric (built once per
        segment; each call returns its own copy)."""
        if segment not in self._horizon_tables:
            self._horizon_tables[segment] = self._horizon_table(segment)
        return self._horizon_tables[segment].copy()

    @cached_property
    def _horizon_tables(self) -> dict[str, pd.DataFrame]:
        return {}

    def _horizon_table(self, segment: str) -> pd.DataFrame:
        rows = self._select(None, None, segment, horizon=True)
        wide = rows.pivot_table(
            index=["scenario", "engine", "stage"],
            columns="metric",
            values="value",
            aggfunc="first",
            sort=False,
            observed=True,
        )
        return wide[[m for m in self.metrics if m in wide.columns]]

    @cached_property
    def _horizon_values(self) -> dict[tuple[str, str, str], float]:
        """Whole-horizon values by (metric, stage, segment), the first row of each (built once)."""
        if self._arrays is not None:
            return self._arrays.horizon_values()
        h = self.data[self.data["period"].isna()]
        index: dict[tuple[str, str, str], float] = {}
        for key, value in zip(
            zip(h["metric"], h["stage"], h["segment"], strict=True), h["value"].to_numpy(dtype=float), strict=True
        ):
            index.setdefault(key, float(value))
        return index

    @cached_property
    def _per_period_rows(self) -> tuple[dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]], int]:
        """Per-period rows as (period numbers, values) by (metric, stage, segment), in row order, and
        the number of periods (one past the largest period number); built once from the categorical
        codes (a comparison of the text columns row by row took most of a dashboard update)."""
        if self._arrays is not None:
            return self._arrays.per_period_rows()
        d = self.data
        period = d["period"]
        keep = period.notna().to_numpy()
        when = period.to_numpy(dtype=np.int64, na_value=-1)[keep]
        value = d["value"].to_numpy(dtype=float)[keep]
        columns = [d[c] for c in ("metric", "stage", "segment")]
        codes = [np.asarray(c.cat.codes.to_numpy(dtype=np.int64))[keep] for c in columns]
        sizes = [max(len(c.cat.categories), 1) for c in columns]
        key = (codes[0] * sizes[1] + codes[1]) * sizes[2] + codes[2]
        order = np.argsort(key, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(key[order]) != 0]) if order.size else np.array([], dtype=np.int64)
        ends = np.r_[starts[1:], order.size] if starts.size else starts
        names = [list(map(str, c.cat.categories)) for c in columns]
        out: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = {}
        for a, b in zip(starts, ends, strict=True):
            k = int(key[order[a]])
            rows = order[a:b]
            out[(names[0][k // (sizes[1] * sizes[2])], names[1][k // sizes[2] % sizes[1]], names[2][k % sizes[2]])] = (
                when[rows],
                value[rows],
            )
        return out, int(when.max()) + 1 if when.size else 0

    def per_period_arrays(
        self, metrics: Iterable[str], stages: Iterable[str], *, segment: str = ALL
    ) -> dict[str, np.ndarray]:
        """Per-period values of each metric as an array ``[stage, period]`` (stages in the order given,
        periods 0 … the largest in the results), NaN where the results hold no row; where a (metric,
        stage, period) has several rows (several scenarios or engines), the last. Indexed once per
        result, so repeated look-ups are fast."""
        rows, periods = self._per_period_rows
        stages = list(stages)
        out = {}
        for name in metrics:
            table = np.full((len(stages), periods), np.nan)
            for i, stage in enumerate(stages):
                found = rows.get((name, stage, segment))
                if found is not None:
                    table[i, found[0]] = found[1]
            out[name] = table
        return out

    def value(self, metric: str, stage: str = ALL, *, segment: str = ALL) -> float:
        """One whole-horizon number (e.g. ``value("service_level", "representative")``); the first
        scenario's and engine's where the results hold several. Look-ups are indexed once per result."""
        found = self._horizon_values.get((metric, stage, segment))
        if found is None:
            self._check_names(metric, stage)
            raise InputError("metric", metric, f"a whole-horizon metric of stage '{stage}'")
        return found

    def kpis(self) -> pd.Series:
        """End-to-end key figures for the whole chain (stage ``"all"``), labelled with units."""
        rows = self._select(None, ALL, ALL, horizon=True)
        out = {}
        for metric, value in zip(rows["metric"], rows["value"], strict=True):
            info = metric_info(metric)
            out[f"{info.label} ({_unit_label(info.unit, self.meta)})"] = value
        return pd.Series(out, name=", ".join(self.scenarios))

    def summary(self) -> pd.DataFrame:
        """A small table a manager can read: one row per stage and one for the whole chain."""
        h = self.horizon()
        currency = self.meta.get("currency", "currency")
        columns = [
            ("arrivals", "Contacts", 1.0, 0),
            ("service_level", "Service level (%)", 100.0, 1),
            ("asa", "ASA (s)", 1.0, 1),
            ("p_abandon", "Abandoned (%)", 100.0, 1),
            ("occupancy", "Occupancy (%)", 100.0, 1),
            ("staff_hours", "Staff hours", 1.0, 0),
            ("required_staff_hours", "Staff hours required", 1.0, 0),
            ("staff_cost", f"Staff cost ({currency})", 1.0, 0),
        ]
        table = pd.DataFrame(index=h.index)
        for metric, label, factor, digits in columns:
            if metric in h.columns:
                table[label] = (h[metric].astype(float) * factor).round(digits)
        if "overloaded" in h.columns:
            table["Overloaded"] = np.where(h["overloaded"].astype(float) > 0, "yes", "")
        if "unstaffed" in h.columns:
            table["Unstaffed"] = np.where(h["unstaffed"].astype(float) > 0, "yes", "")
        if len(self.scenarios) == 1 and len(self.engines) == 1:
            table.index = table.index.get_level_values("stage")
        return table

    # ---------------------------------------------------------------------------- combine
    @staticmethod
    def concat(results: Iterable[Results]) -> Results:
        """Stack results of several scenarios or engines (same period length) into one."""
        results = list(results)
        if not results:
            raise InputError("results", results, "at least one Results")
        minutes = {r.period_minutes for r in results}
        if len(minutes) > 1:
            raise InputError("results", sorted(minutes), "results on the same period length")
        meta = {
            "parts": [dict(r.meta) for r in results],
            "currency": results[0].meta.get("currency"),
            "warnings": [w for r in results for w in r.warnings],
        }
        return Results(concat_frames([r.data for r in results]), results[0].period_minutes, meta)

    def period_labels(self, periods: Iterable[int] | None = None) -> list[str]:
        """Readable labels ("Mon 08:15", or "week 3") for period numbers."""
        if periods is None:
            periods = sorted(int(p) for p in self.data["period"].dropna().unique())
        return [period_label(int(p), self.period_minutes) for p in periods]

    # ------------------------------------------------------------------------------ display
    def _repr_html_(self) -> str:
        # names and warnings come from the user's scenario: escaped, like every cell of the tables
        head = (
            f"<b>svcdesign results</b> — scenario {html.escape(', '.join(self.scenarios))}; engine "
            f"{html.escape(', '.join(self.engines))}; {self.data['period'].nunique()} periods of "
            f"{_minutes_label(self.period_minutes)}"
        )
        parts = [f"<p>{head}</p>", self.summary().to_html(na_rep="", escape=True)]
        kpis = self.kpis()
        if not kpis.empty:
            parts.append(kpis.round(3).to_frame().to_html(escape=True))
        for warning in self.warnings:
            parts.append(f"<p style='color:#b00'>⚠ {html.escape(warning)}</p>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return (
            f"Results(scenarios={self.scenarios}, engines={self.engines}, stages={self.stages}, "
            f"rows={self.rows}, "
            f"period_minutes={self.period_minutes:g})"
        )


def distinct(column: pd.Series) -> list[Any]:
    """The distinct values of ``column`` in order of first appearance, as ``pd.unique`` gives them.

    A categorical column without missing values is read from the starts of its runs of equal codes
    (a value first appears at the start of a run, so their order is the column's): an engine's
    frame has a few hundred runs in 100,000 rows, so this is much faster than hashing every row.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        if codes.size and codes.min() >= 0:
            starts = codes[np.r_[True, codes[1:] != codes[:-1]]]
            return list(column.cat.categories.take(pd.unique(starts)))
    return list(pd.unique(column))


def concat_frames(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Stack long frames, keeping the text columns categorical (categories united)."""
    frames = list(frames)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    out = {}
    for column in COLUMNS:
        parts = [f[column] for f in frames]
        if column in TEXT_COLUMNS:
            parts = [p if isinstance(p.dtype, pd.CategoricalDtype) else p.astype("category") for p in parts]
            out[column] = union_categoricals([p.array for p in parts])
        else:
            out[column] = pd.concat(parts, ignore_index=True).array
    return pd.DataFrame(out)


def _minutes_label(minutes: float) -> str:
    return "1 week" if minutes == 10080 else f"{minutes:g} min"


def _unit_label(unit: str, meta: Mapping[str, Any]) -> str:
    return meta.get("currency", "currency") if unit == "currency" else unit


__all__ = [
    "ALL",
    "COLUMNS",
    "TEXT_COLUMNS",
    "LongBuilder",
    "Results",
    "concat_frames",
    "aggregate_periods",
    "distinct",
    "period_label",
]
