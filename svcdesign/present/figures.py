"""Plotly figures of results: every figure has a title, axis units and readable labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..errors import InputError
from ..markup import plot_text
from ..results import Results, metric_info, period_label
from .style import LINE_COLOURS

PERCENT_UNITS = {"share"}


def _axis_title(metric: str, currency: str | None) -> str:
    info = metric_info(metric)
    unit = (
        "%"
        if info.unit in PERCENT_UNITS
        else plot_text(currency or "currency")
        if info.unit == "currency"
        else info.unit
    )
    return f"{info.label} ({unit})" if unit else info.label


def timeline(
    results: Results, metric: str = "service_level", stages: list[str] | None = None, *, target: float | None = None
) -> go.Figure:
    """One metric per period across the horizon, a line per stage (and per scenario or engine).

    Shares are shown in percent; the x axis is labelled with weekday and time (or week number).
    ``target`` draws a horizontal reference line in the metric's display unit.
    """
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
                hovertext=[period_label(p, results.period_minutes) for p in periods],
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
        fig.add_hline(y=target, line_dash="dash", annotation_text="target")
    ticks = _ticks(results.period_minutes, int(rows["period"].max()) + 1 if len(rows) else 0)
    fig.update_layout(
        title=f"{info.label} by period — {plot_text(', '.join(results.scenarios))}",
        xaxis={
            "title": "Time (weekday and hour)" if results.period_minutes < 10080 else "Week",
            "tickvals": ticks,
            "ticktext": [period_label(t, results.period_minutes) for t in ticks],
        },
        yaxis={"title": _axis_title(metric, results.meta.get("currency"))},
        legend={"title": "Stage"},
        template="plotly_white",
        colorway=list(LINE_COLOURS),
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return fig


def _ticks(period_minutes: float, periods: int) -> list[int]:
    # weekly periods: about a dozen ticks; shorter periods: one tick a day
    step = max(1, periods // 12) if period_minutes >= 10080 else int(1440 // period_minutes)
    return list(range(0, max(periods, 1), step))
