"""One tidy results schema shared by every engine.

A :class:`Results` wraps a long DataFrame with one row per (scenario, engine, stage, segment, period,
metric) and the columns ``value``, ``lower`` and ``upper`` (a 95% confidence interval where the
engine has one, else missing). ``period`` counts periods of ``period_minutes`` from the start of the
horizon (Monday 00:00 for weekly profiles); a missing period (``<NA>``) marks a whole-horizon figure.
The stage ``"all"`` holds end-to-end figures for the whole chain, the segment ``"all"`` figures over
all customer segments. Because every engine writes the same schema, engines compare cell by cell.

A value that is not a finite number (an infinite wait) is explained by a flag of its stage and period
(``overloaded``, ``unstaffed``); making a :class:`Results` adds a warning naming every flagged stage
and its periods that no warning names yet (:mod:`.flags`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..errors import InputError
from ..model.units import period_label
from .flags import explain
from .metrics import metric_info

COLUMNS = ["scenario", "engine", "stage", "segment", "period", "metric", "value", "lower", "upper"]
TEXT_COLUMNS = ("scenario", "engine", "stage", "segment", "metric")
"""Columns held as pandas categoricals."""
ALL = "all"
"""Label of the aggregate over all stages (end to end) or all segments."""


class LongBuilder:
    """Collects engine output as arrays and builds the long DataFrame once (fast for sliders)."""

    def __init__(self, scenario: str, engine: str) -> None:
        self.scenario = scenario
        self.engine = engine
        self._blocks: list[
            tuple[list[str], int, np.ndarray, str, list[str], np.ndarray, np.ndarray | None, np.ndarray | None]
        ] = []

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
        if block.shape[1] != len(stages):
            raise ValueError(f"metrics {names}: {block.shape[1]} rows for {len(stages)} stages")
        if block.ndim == 2:
            repeat = 1
            period_col = np.full(len(stages), -1, dtype=np.int64)
        else:
            repeat = block.shape[2]
            p = np.arange(repeat) if periods is None else np.asarray(periods, dtype=np.int64)
            period_col = np.tile(p, len(stages))

        def bounds(given: Mapping[str, np.ndarray] | None) -> np.ndarray | None:
            if not given or not any(n in given for n in names):
                return None
            return np.stack(
                [np.asarray(given[n], dtype=float) if n in given else np.full(block.shape[1:], np.nan) for n in names]
            ).reshape(-1)

        self._blocks.append(
            (
                list(stages),
                repeat,
                period_col,
                segment,
                names,
                block.reshape(len(names), -1),
                bounds(lower),
                bounds(upper),
            )
        )
        return self

    def frame(self) -> pd.DataFrame:
        """The long DataFrame of everything added (columns :data:`COLUMNS`).

        Text columns are pandas categoricals (compact and fast to build and filter).
        """
        if not self._blocks:
            return pd.DataFrame({c: [] for c in COLUMNS})
        labels: dict[str, dict[str, int]] = {"stage": {}, "segment": {}, "metric": {}}

        def codes(column: str, values: list[str]) -> np.ndarray:
            table = labels[column]
            return np.array([table.setdefault(v, len(table)) for v in values], dtype=np.int32)

        stage, period, segment, metric, value, lower, upper = [], [], [], [], [], [], []
        for stages, repeat, period_col, seg, names, block, lo, hi in self._blocks:
            m, size = block.shape
            stage.append(np.tile(np.repeat(codes("stage", stages), repeat), m))
            period.append(np.tile(period_col, m))
            segment.append(np.full(m * size, codes("segment", [seg])[0], dtype=np.int32))
            metric.append(np.repeat(codes("metric", names), size))
            value.append(block.reshape(-1))
            lower.append(lo if lo is not None else np.full(m * size, np.nan))
            upper.append(hi if hi is not None else np.full(m * size, np.nan))
        periods = np.concatenate(period)
        total = periods.size

        def categorical(column: str, parts: list[np.ndarray]) -> pd.Categorical[str]:
            return pd.Categorical.from_codes(np.concatenate(parts), categories=pd.Index(list(labels[column])))

        return pd.DataFrame(
            {
                "scenario": pd.Categorical.from_codes(np.zeros(total, dtype=np.int8), pd.Index([self.scenario])),
                "engine": pd.Categorical.from_codes(np.zeros(total, dtype=np.int8), pd.Index([self.engine])),
                "stage": categorical("stage", stage),
                "segment": categorical("segment", segment),
                "period": pd.arrays.IntegerArray(periods, periods < 0),
                "metric": categorical("metric", metric),
                "value": np.concatenate(value),
                "lower": np.concatenate(lower),
                "upper": np.concatenate(upper),
            }
        )


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


@dataclass(frozen=True, eq=False)
class Results:
    """Results of one or more engine runs in the shared long schema.

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

    data: pd.DataFrame
    period_minutes: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [c for c in COLUMNS if c not in self.data.columns]
        if missing:
            raise InputError("data", f"columns {list(self.data.columns)}", f"the columns {COLUMNS} (missing {missing})")
        text = [c for c in TEXT_COLUMNS if not isinstance(self.data[c].dtype, pd.CategoricalDtype)]
        if text:  # one dtype whichever way the frame was made (engine, concat, filter)
            data = self.data.copy()
            for column in text:
                data[column] = data[column].astype("category")
            object.__setattr__(self, "data", data)
        for name in self.data["metric"].cat.categories:  # every metric is a row of the catalogue
            metric_info(name)
        # every flag, and every non-finite figure, named in a warning (see .flags)
        added = explain(self.data, self.period_minutes, list(self.meta.get("warnings", [])))
        if added:
            object.__setattr__(self, "meta", {**self.meta, "warnings": [*self.meta.get("warnings", []), *added]})

    # ------------------------------------------------------------------------------- views
    def _labels(self, column: str) -> list[str]:
        """Distinct values of a text column in order of appearance (fast on categoricals)."""
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
        d = self.data
        mask = d["segment"] == segment
        mask &= d["period"].isna() if horizon else d["period"].notna()
        if metric is not None:
            hit = (d["metric"] == metric).to_numpy()
            if not hit.any():
                raise InputError("metric", metric, f"one of {self.metrics}")
            mask &= hit
        if stage is not None:
            hit = (d["stage"] == stage).to_numpy()
            if not hit.any():
                raise InputError("stage", stage, f"one of {self.stages + [ALL]}")
            mask &= hit
        if scenario is not None:
            mask &= d["scenario"] == scenario
        if engine is not None:
            mask &= d["engine"] == engine
        return d[mask]

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
        ends = np.r_[starts[1:], order.size]
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
            self._select(metric, stage, segment, horizon=True)  # names an unknown metric or stage
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
            f"rows={len(self.data)}, period_minutes={self.period_minutes:g})"
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
