"""Plotly figures of results: every figure has a title, axis units and readable labels."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import plotly.graph_objects as go

from ..errors import InputError
from ..explore.review import Wording
from ..markup import plot_text
from ..results import Results, metric_info, period_label
from .style import LINE_COLOURS

PERCENT_UNITS = {"share"}


def _metric_label(metric: str, say: Wording) -> str:
    """A metric's label in the language: for the metrics a report draws, their words (``asa`` spelled out as its
    catalogue meaning says: the mean wait of all contacts, not only of those answered); others the label of
    :func:`~svcdesign.results.metric_info` (in English in every language)."""
    tr = say.tr
    known = {
        "service_level": tr("Service level"),
        "asa": tr("Mean wait of all contacts"),
        "p_abandon": tr("Abandonment"),
        "occupancy": tr("Occupancy"),
        "arrivals": tr("Contacts"),
        "staff_hours": tr("Paid staff hours"),
        "staff_cost": tr("Staff cost"),
    }
    return known.get(metric, metric_info(metric).label)


def _axis_title(metric: str, currency: str | None, say: Wording) -> str:
    info = metric_info(metric)
    unit = (
        "%"
        if info.unit in PERCENT_UNITS
        else plot_text(currency or "currency")
        if info.unit == "currency"
        else info.unit
    )
    label = _metric_label(metric, say)
    if not say.english:
        unit = {"%": say.local("%"), "s": say.tr("s"), "h": say.tr("h"), "contacts": say.tr("contacts")}.get(unit, unit)
    return f"{label} ({unit})" if unit else label


def timeline(
    results: Results,
    metric: str = "service_level",
    stages: list[str] | None = None,
    *,
    target: float | None = None,
    language: str = "en",
) -> go.Figure:
    """One metric per period across the horizon, a line per stage (and per scenario or engine).

    Shares are shown in percent; the x axis is labelled with weekday and time (or week number). A metric
    taken over the contacts of an interval (service level, abandonment, mean wait: those the catalogue
    weights by arrivals or by answered contacts) has a gap where that interval has none, not the engines'
    convention for an empty interval (:func:`gapped`).
    ``target`` draws a horizontal reference line in the metric's display unit. ``language`` (one of
    :data:`svcdesign.i18n.LANGUAGES`) is the language of the titles, axes and period labels.
    """
    say = Wording(language)
    tr = say.tr
    if metric not in results.metrics:
        raise InputError("metric", metric, f"one of {results.metrics}")
    stages = stages or results.stages
    unknown = set(stages) - set(results.stages) - {"all"}
    if unknown:
        raise InputError("stages", sorted(unknown), f"stages of these results: {results.stages}")
    info = metric_info(metric)
    scale = 100.0 if info.unit in PERCENT_UNITS else 1.0
    data = results.data
    rows = data[
        (data["metric"] == metric) & (data["segment"] == "all") & data["period"].notna() & data["stage"].isin(stages)
    ]
    fig = go.Figure()
    several = len(results.scenarios) > 1 or len(results.engines) > 1
    counts = _denominators(results, info.weight)
    for (scenario, engine, stage), part in rows.groupby(["scenario", "engine", "stage"], sort=False):
        periods = part["period"].to_numpy(dtype=int)
        name = plot_text(f"{stage} — {scenario} ({engine})" if several else stage)
        count = counts.get((scenario, engine, stage), {})
        gaps = np.array([count.get(p, np.nan) == 0 for p in periods], dtype=bool)
        fig.add_trace(
            go.Scatter(
                x=periods,
                y=gapped(part["value"].to_numpy(dtype=float) * scale, gaps),
                mode="lines",
                name=name,
                hovertext=[say.when(period_label(p, results.period_minutes)) for p in periods],
                hovertemplate="%{hovertext}: %{y:,.1f}<extra>%{fullData.name}</extra>",
            )
        )
        if part["lower"].notna().any():
            lower = gapped(part["lower"].to_numpy(dtype=float) * scale, gaps)
            upper = gapped(part["upper"].to_numpy(dtype=float) * scale, gaps)
            fig.add_trace(go.Scatter(**_band(periods, lower, upper), **_BAND_STYLE, name=f"{name} 95% CI"))
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", annotation_text=tr("target"))
    ticks = _ticks(results.period_minutes, int(rows["period"].max()) + 1 if len(rows) else 0)
    fig.update_layout(
        title=tr(
            "{metric} by period — {names}",
            metric=_metric_label(metric, say),
            names=plot_text(", ".join(results.scenarios)),
        ),
        xaxis={
            "title": tr("Time (weekday and hour)") if results.period_minutes < 10080 else tr("Week"),
            "tickvals": ticks,
            "ticktext": [say.when(period_label(t, results.period_minutes)) for t in ticks],
        },
        yaxis={"title": _axis_title(metric, results.meta.get("currency"), say), **_local_ticks(info.unit, say)},
        legend={"title": tr("Stage")},
        template="plotly_white",
        colorway=list(LINE_COLOURS),
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return fig


PER_CONTACT = ("arrivals", "answered")
"""Catalogue weights (``weight``) of the metrics taken over the contacts of an interval, each the name of the count
it is taken over: a metric weighted by arrivals (service level, abandonment, mean wait) is a share or mean of the
contacts arriving in the interval, one weighted by answered contacts of those answered."""


_BAND_STYLE = {"fill": "toself", "line": {"width": 0}, "opacity": 0.25, "showlegend": False, "hoverinfo": "skip"}
"""How a confidence band is drawn: a shaded outline without a line, a hover or a legend entry."""


def _denominators(results: Results, weight: str) -> dict[Hashable, dict[int, float]]:
    """The count a metric of catalogue ``weight`` is taken over, per scenario, engine and stage, by period (all
    customers); empty where the metric is not per contact or the results lack the count."""
    if weight not in PER_CONTACT:
        return {}
    data = results.data
    rows = data[(data["metric"] == weight) & (data["segment"] == "all") & data["period"].notna()]
    return {
        key: dict(zip(part["period"].astype(int), part["value"].astype(float), strict=True))
        for key, part in rows.groupby(["scenario", "engine", "stage"], sort=False)
    }


def gapped(values: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """``values`` with NaN where ``empty`` (a boolean per value) is true, so that plotly breaks its line there.

    An interval in which no contact arrives has no service level, abandonment or wait to show: the engines
    record their convention for it (a service level of 1, no abandonment, no wait; the catalogue's ``empty``),
    which drawn would read as perfect service in the hours a stage is closed. A timeline draws a gap instead.

    Parameters
    ----------
    values:
        One value per interval, as drawn.
    empty:
        Whether each interval has nothing to measure (no contacts arrived).

    Returns
    -------
    numpy.ndarray
        A float copy of ``values``, NaN in the empty intervals.
    """
    return np.where(np.asarray(empty, dtype=bool), np.nan, np.asarray(values, dtype=float))


def _band(periods: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> dict[str, list]:
    """A confidence band's outline (``x``, ``y``) for plotly's ``fill="toself"``: one closed shape per run of
    intervals where both ends are known, the shapes parted by ``None`` (plotly fills each part on its own)."""
    known = np.isfinite(lower) & np.isfinite(upper)
    x: list = []
    y: list = []
    starts = np.flatnonzero(known & ~np.r_[False, known[:-1]])
    ends = np.flatnonzero(known & ~np.r_[known[1:], False])
    for start, end in zip(starts, ends, strict=True):
        run = slice(start, end + 1)
        if x:
            x.append(None)
            y.append(None)
        x.extend([*periods[run].tolist(), *periods[run][::-1].tolist()])
        y.extend([*upper[run].tolist(), *lower[run][::-1].tolist()])
    return {"x": x, "y": y}


def _local_ticks(unit: str, say: Wording) -> dict:
    """In Arabic and Persian, a percent axis's ticks (0, 20, … 100) in the language's digits; else plotly's own."""
    if say.english or unit not in PERCENT_UNITS:
        return {}
    values = list(range(0, 101, 20))
    return {"tickmode": "array", "tickvals": values, "ticktext": [say.number(v) for v in values]}


def _ticks(period_minutes: float, periods: int) -> list[int]:
    # weekly periods: about a dozen ticks; shorter periods: one tick a day
    step = max(1, periods // 12) if period_minutes >= 10080 else int(1440 // period_minutes)
    return list(range(0, max(periods, 1), step))
