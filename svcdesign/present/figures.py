"""Plotly figures of results: every figure has a title, axis units and readable labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..errors import InputError
from ..explore.review import Wording
from ..markup import plot_text
from ..results import Results, metric_info, period_label
from .style import LINE_COLOURS

PERCENT_UNITS = {"share"}


def _metric_label(metric: str, say: Wording) -> str:
    """A metric's label in the language (English: :func:`~svcdesign.results.metric_info`'s label; in Arabic
    and Persian the metrics a report draws, others as English)."""
    label = metric_info(metric).label
    if say.english:
        return label
    tr = say.tr
    known = {
        "service_level": tr("Service level"),
        "asa": tr("Mean wait to answer"),
        "p_abandon": tr("Abandonment"),
        "occupancy": tr("Occupancy"),
        "arrivals": tr("Contacts"),
        "staff_hours": tr("Paid staff hours"),
        "staff_cost": tr("Staff cost"),
    }
    return known.get(metric, label)


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

    Shares are shown in percent; the x axis is labelled with weekday and time (or week number).
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
    for (scenario, engine, stage), part in rows.groupby(["scenario", "engine", "stage"], sort=False):
        periods = part["period"].to_numpy(dtype=int)
        name = plot_text(f"{stage} — {scenario} ({engine})" if several else stage)
        fig.add_trace(
            go.Scatter(
                x=periods,
                y=part["value"].to_numpy() * scale,
                mode="lines",
                name=name,
                hovertext=[say.when(period_label(p, results.period_minutes)) for p in periods],
                hovertemplate="%{hovertext}: %{y:,.1f}<extra>%{fullData.name}</extra>",
            )
        )
        if part["lower"].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=np.concatenate([periods, periods[::-1]]),
                    y=np.concatenate([part["upper"].to_numpy(), part["lower"].to_numpy()[::-1]]) * scale,
                    fill="toself",
                    line={"width": 0},
                    opacity=0.25,
                    showlegend=False,
                    hoverinfo="skip",
                    name=f"{name} 95% CI",
                )
            )
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
