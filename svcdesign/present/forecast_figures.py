"""Demand forecasts drawn: a fan chart (:func:`forecast_figure`), a rolling-origin backtest's errors by
horizon (:func:`forecast_errors_figure`) and the cover matrix of plans staffed for quantiles of demand
(:func:`cover_figure`). The numbers come from :mod:`svcdesign.forecast` and
:func:`svcdesign.explore.cover_for_forecast`; these functions only draw them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..display import percent
from ..errors import InputError
from ..explore.forecast_cover import ForecastCover
from ..forecast import DemandHistory, Forecast
from ..markup import plot_text
from .style import BLACK, BLUE, GREY, LINE_COLOURS, ORANGE, rgba

TAIL_DAYS = 14
"""Days of history drawn before the forecast by default."""

COVER_METRICS = {
    "service_level": ("Service level, all stages (%)", 100.0),
    "p_abandon_any": ("Customers abandoning (%)", 100.0),
    "asa": ("Mean wait of all contacts at the front stage (s)", 1.0),
    "paid_hours": ("Paid hours (h/week)", 1.0),
    "fte": ("FTE", 1.0),
}
"""Columns of :attr:`~svcdesign.explore.ForecastCover.table` the cover matrix can show: label and factor."""


def _q(p: float) -> str:
    return f"q{p:g}"


def forecast_figure(
    forecast: Forecast, history: DemandHistory | None = None, *, tail_days: int = TAIL_DAYS, title: str | None = None
) -> go.Figure:
    """A fan chart: the history's last ``tail_days`` days (black), the forecast mean (blue) and its central
    prediction intervals as bands, widest palest (80% and 95% by default: the forecast's ``levels``).

    ``history`` must be at the forecast's interval length (``history.aggregate(minutes)`` makes it so).
    Counts are contacts per interval.
    """
    if not isinstance(forecast, Forecast):
        raise InputError("forecast", forecast, "a Forecast (from forecast_demand)")
    frame = forecast.frame
    fig = go.Figure()
    if history is not None:
        if not isinstance(history, DemandHistory):
            raise InputError("history", history, "a DemandHistory, or None")
        if history.interval_minutes != forecast.interval_minutes:
            raise InputError(
                "history",
                f"{history.interval_minutes}-minute intervals",
                f"a history at the forecast's {forecast.interval_minutes}-minute intervals "
                f"(history.aggregate({forecast.interval_minutes}))",
            )
        if isinstance(tail_days, bool) or not isinstance(tail_days, int) or tail_days < 0:
            raise InputError("tail_days", tail_days, "a whole number of days >= 0")
        counts = history.counts
        tail = counts[counts.index >= counts.index[-1].normalize() - pd.Timedelta(days=tail_days - 1)]
        if tail_days:
            fig.add_scatter(
                x=tail.index, y=tail.to_numpy(), mode="lines", name="history", line={"color": BLACK, "width": 1}
            )
    x = pd.DatetimeIndex(frame["timestamp"])
    for k, level in enumerate(sorted(forecast.levels, reverse=True)):
        low, high = _q((1 - level) / 2), _q((1 + level) / 2)
        if low not in frame.columns or high not in frame.columns:
            continue
        shade = rgba(BLUE, 0.15 + 0.15 * k)
        fig.add_scatter(x=x, y=frame[low], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip")
        fig.add_scatter(
            x=x,
            y=frame[high],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=shade,
            name=f"{level:.0%} prediction interval",
        )
    fig.add_scatter(x=x, y=frame["mean"], mode="lines", name="forecast mean", line={"color": BLUE, "width": 1.5})
    fig.update_layout(
        title=plot_text(
            title
            or f"Demand forecast ({forecast.method}), {forecast.interval_minutes}-minute intervals, "
            f"history to {forecast.history_end:%Y-%m-%d}"
        ),
        yaxis_title=f"contacts per {forecast.interval_minutes} minutes",
        hovermode="x",
        template="plotly_white",
    )
    return fig


def forecast_errors_figure(
    errors: pd.DataFrame, *, interval_minutes: int | None = None, title: str | None = None
) -> go.Figure:
    """A rolling-origin backtest (:func:`svcdesign.forecast.backtest_forecast`) by horizon: MASE per
    method (left; below the dashed line at 1 a method beats the seasonal naive) and the empirical
    coverage of each prediction interval against its nominal level (right; dotted lines).

    ``interval_minutes``: the interval length drawn (default: 60 when scored, else the shortest).
    """
    needed = {"method", "interval_minutes", "horizon_days", "mase"}
    if not isinstance(errors, pd.DataFrame) or not needed <= set(errors.columns) or errors.empty:
        raise InputError("errors", type(errors).__name__, "the table of backtest_forecast")
    lengths = sorted(int(m) for m in errors["interval_minutes"].unique())
    chosen = interval_minutes if interval_minutes is not None else (60 if 60 in lengths else lengths[0])
    if chosen not in lengths:
        raise InputError("interval_minutes", chosen, f"an interval length of the table: {lengths}")
    rows = errors[errors["interval_minutes"] == chosen]
    levels = sorted(int(c.split("_")[1]) for c in errors.columns if c.startswith("coverage_"))
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=["MASE (against the one-week seasonal naive)", "Share of held-out intervals covered (%)"],
    )
    symbols = ("circle", "diamond", "square", "triangle-up")
    for k, (method, table) in enumerate(rows.groupby("method", sort=False)):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        table = table.sort_values("horizon_days")
        fig.add_scatter(
            x=table["horizon_days"],
            y=table["mase"],
            mode="lines+markers",
            name=plot_text(str(method)),
            legendgroup=str(method),
            line={"color": colour},
            row=1,
            col=1,
        )
        for j, level in enumerate(levels):
            fig.add_scatter(
                x=table["horizon_days"],
                y=100 * table[f"coverage_{level}"],
                mode="markers",
                name=plot_text(f"{method}: {level}% interval"),
                legendgroup=str(method),
                marker={"color": colour, "symbol": symbols[j % len(symbols)], "size": 9},
                row=1,
                col=2,
            )
    fig.add_hline(y=1, line={"color": GREY, "dash": "dash"}, row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    for level in levels:
        fig.add_hline(
            y=level,
            line={"color": GREY, "dash": "dot"},
            annotation_text=f"nominal {level}%",
            annotation_position="bottom right",
            row=1,
            col=2,
        )
    label = "daily totals" if chosen == 1440 else f"{chosen}-minute intervals"
    fig.update_xaxes(title_text="horizon (days)", type="log", tickvals=sorted(rows["horizon_days"].unique()))
    fig.update_layout(title=plot_text(title or f"Forecast errors by horizon, {label}"), template="plotly_white")
    return fig


def cover_figure(cover: ForecastCover, *, metric: str = "service_level", title: str | None = None) -> go.Figure:
    """The cover matrix of :func:`svcdesign.explore.cover_for_forecast`: ``metric`` for each plan (rows,
    staffed for a quantile) under demand at each quantile (columns), and each plan's weekly staff cost.

    ``metric``: one of :data:`COVER_METRICS`.
    """
    if not isinstance(cover, ForecastCover):
        raise InputError("cover", cover, "a ForecastCover (from cover_for_forecast)")
    if metric not in COVER_METRICS:
        raise InputError("metric", metric, f"one of {', '.join(COVER_METRICS)}")
    label, factor = COVER_METRICS[metric]
    table = cover.table
    plans = list(dict.fromkeys(table["staffed_for"]))
    demands = list(dict.fromkeys(table["demand_at"]))
    grid = table.pivot(index="staffed_for", columns="demand_at", values=metric).loc[plans, demands]
    values = grid.to_numpy(dtype=float) * factor
    shares = metric in ("service_level", "p_abandon_any")
    text = [[percent(v / 100) if shares else f"{v:,.1f}" for v in row] for row in values]
    own = table[table["staffed_for"] == table["demand_at"]].set_index("staffed_for").loc[plans]
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.65, 0.35],
        horizontal_spacing=0.18,
        subplot_titles=[f"{label}: plan (rows) × demand (columns)", f"Staff cost ({cover.currency}/week)"],
    )
    higher_is_better = metric == "service_level"
    fig.add_heatmap(
        z=np.where(np.isfinite(values), values, np.nan),
        x=[f"demand at {d}" for d in demands],
        y=[f"staffed for {p}" for p in plans],
        text=text,
        texttemplate="%{text}",
        colorscale=[[0, rgba(ORANGE, 0.9)], [1, rgba(BLUE, 0.9)]] if higher_is_better else "Blues",
        showscale=False,
        row=1,
        col=1,
    )
    fig.add_bar(
        x=own["staff_cost"],
        y=[f"staffed for {p}" for p in plans],
        orientation="h",
        marker={"color": BLUE},
        text=[f"{c:,.0f} ({f:,.1f} FTE)" for c, f in zip(own["staff_cost"], own["fte"], strict=True)],
        textposition="auto",
        showlegend=False,
        row=1,
        col=2,
    )
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_yaxes(autorange="reversed", showticklabels=False, row=1, col=2)
    fig.update_layout(
        title=plot_text(title or f"Cover for the forecast week from {cover.week_start:%Y-%m-%d}"),
        template="plotly_white",
    )
    return fig
