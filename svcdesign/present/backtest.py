"""A backtest drawn: observed against predicted per interval of the week (:func:`svcdesign.explore.backtest`),
or, for an out-of-sample backtest by real dates, per interval of the day with the error band
(:func:`svcdesign.explore.backtest_dates`)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..data.calibrate import source_label
from ..errors import InputError
from ..explore.backtest import METRICS, Backtest
from ..explore.backtest_dates import NAIVE, DatedBacktest
from ..markup import plot_text
from ..results import period_label

PANELS = ("service_level", "asa", "p_abandon")
"""The metrics drawn, one panel each from top to bottom."""


def backtest_figure(*backtests: Backtest | DatedBacktest, title: str | None = None, **chosen: Any) -> go.Figure:
    """Observed (black) and predicted lines per interval for service level, mean wait and abandonment.

    Given one :class:`~svcdesign.explore.backtest_dates.DatedBacktest`, the figure of
    :func:`dated_backtest_figure` (``chosen`` are its options).

    ``backtests``: one or more :class:`~svcdesign.explore.backtest.Backtest` of the same log; the
    first one's observed values are drawn. The x axis is time of the week (hours from Monday 00:00,
    labelled by weekday); only intervals with observed contacts are drawn. Infinite predicted waits
    (no steady state) are left as gaps. Labels and the log's file name are user text, drawn as typed.
    """
    if not backtests:
        raise InputError("backtests", backtests, "at least one Backtest")
    if len(backtests) == 1 and isinstance(backtests[0], DatedBacktest):
        return dated_backtest_figure(backtests[0], title=title, **chosen)
    if not all(isinstance(b, Backtest) for b in backtests) or chosen:
        raise InputError("backtests", backtests, "Backtests of one log, or one DatedBacktest")
    first = cast(Backtest, backtests[0])
    titles = [
        f"{METRICS['service_level'][0]} ({first.target_time:g} s), %",
        "Mean wait (ASA), seconds",
        "Abandonment, % of arriving contacts",
    ]
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07, subplot_titles=titles)
    hours = first.interval_minutes / 60.0
    table = first.intervals[first.intervals["compared"]]
    x = table["period"] * hours
    for row, metric in enumerate(PANELS, start=1):
        factor = METRICS[metric][2]
        fig.add_scatter(
            x=x,
            y=table[f"observed_{metric}"] * factor,
            mode="markers",
            name="observed",
            marker={"color": "black", "size": 5},
            legendgroup="observed",
            showlegend=row == 1,
            hovertext=table["label"],
            row=row,
            col=1,
        )
        for b in cast(tuple[Backtest, ...], backtests):
            t = b.intervals[b.intervals["compared"]]
            y = (t[f"predicted_{metric}"] * factor).where(np.isfinite(t[f"predicted_{metric}"]))
            fig.add_scatter(
                x=t["period"] * hours,
                y=y,
                mode="lines",
                name=plot_text(b.label),
                legendgroup=b.label,
                showlegend=row == 1,
                hovertext=t["label"],
                line={"width": 1.5},
                row=row,
                col=1,
            )
    ticks = np.arange(0, 7 * 24 + 1, 12)
    labels = [
        period_label(int(h * 60 // first.interval_minutes), first.interval_minutes) if h < 168 else "" for h in ticks
    ]
    fig.update_xaxes(tickvals=ticks, ticktext=labels, tickangle=-45)
    return _finish(
        fig,
        "Interval start (weekday and clock time, Monday first)",
        title
        or (
            f"Backtest per {first.interval_minutes}-minute interval: predicted vs observed "
            f"({plot_text(source_label(first.source))})"
        ),
    )


DATED_PREDICTIONS = ("analytic, observed staff", "analytic, planned staff", NAIVE)
"""Predictions drawn by default by :func:`dated_backtest_figure` (those the backtest holds)."""


def dated_backtest_figure(
    result: DatedBacktest, *, predictions: tuple[str, ...] | None = None, title: str | None = None
) -> go.Figure:
    """Predicted against observed per interval of the day, pooled over the test dates, with the error band.

    One panel each for service level, mean wait and abandonment. Observed (black markers): the test
    period's ratio of sums per interval of the day. Each prediction: its call-weighted mean (line) and,
    shaded, the band of ± its call-weighted mean absolute error over the test dates at that interval
    (``by_hour`` of :class:`~svcdesign.explore.backtest_dates.DatedBacktest`). ``predictions``: labels
    to draw (default: :data:`DATED_PREDICTIONS` present in the backtest).
    """
    if not isinstance(result, DatedBacktest):
        raise InputError("result", type(result).__name__, "a DatedBacktest from svcdesign.explore.backtest_dates")
    held = result.predictions
    chosen = [p for p in DATED_PREDICTIONS if p in held] if predictions is None else list(predictions)
    unknown = [p for p in chosen if p not in held]
    if unknown or not chosen:
        raise InputError("predictions", unknown or chosen, f"labels the backtest holds: {', '.join(held)}")
    titles = [
        f"{METRICS['service_level'][0]} ({result.target_time:g} s), %",
        "Mean wait (ASA), seconds",
        "Abandonment, % of arriving contacts",
    ]
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07, subplot_titles=titles)
    hours = result.interval_minutes / 60.0
    table = result.by_hour
    observed = table[table["prediction"] == chosen[0]]
    for row, metric in enumerate(PANELS, start=1):
        factor = METRICS[metric][2]
        for k, label in enumerate(chosen):
            _band_and_line(fig, table[table["prediction"] == label], metric, label, k, hours, row)
        fig.add_scatter(
            x=observed["slot"] * hours,
            y=observed[f"observed_{metric}"] * factor,
            mode="markers",
            name="observed",
            marker={"color": "black", "size": 6},
            legendgroup="observed",
            showlegend=row == 1,
            hovertext=[f"{int(c):,} contacts" for c in observed["contacts"]],
            row=row,
            col=1,
        )
    fig.update_xaxes(tickvals=np.arange(0, 25, 2), range=[-0.5, 24])
    return _finish(
        fig,
        "Interval start, hours after midnight",
        title
        or (
            f"Out of sample ({plot_text(source_label(result.source))}): calibrated on {result.train[0]} to "
            f"{result.train[1]}, predicting {result.test[0]} to {result.test[1]}; band ± mean absolute error"
        ),
    )


def _band_and_line(fig: go.Figure, part, metric: str, label: str, k: int, hours: float, row: int) -> None:
    """One prediction's ± error band (shaded) and its line in panel ``row``."""
    factor = METRICS[metric][2]
    x = part["slot"] * hours
    colour = COLOURS[k % len(COLOURS)]
    fig.add_scatter(
        x=np.concatenate([x, x[::-1]]),
        y=np.concatenate([part[f"high_{metric}"] * factor, (part[f"low_{metric}"] * factor)[::-1]]),
        fill="toself",
        fillcolor=colour,
        opacity=0.15,
        line={"width": 0},
        hoverinfo="skip",
        legendgroup=label,
        showlegend=False,
        row=row,
        col=1,
    )
    fig.add_scatter(
        x=x,
        y=part[f"predicted_{metric}"] * factor,
        mode="lines",
        name=plot_text(label),
        line={"width": 1.8, "color": colour},
        legendgroup=label,
        showlegend=row == 1,
        row=row,
        col=1,
    )


COLOURS = ("#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#9467bd")
"""Line and band colours of the predictions, in order."""


def _finish(fig: go.Figure, x_title: str, title: str) -> go.Figure:
    """The three panels' axis titles (service level and abandonment in %, waits in s) and the layout."""
    fig.update_xaxes(title_text=x_title, row=3, col=1)
    fig.update_yaxes(title_text="%", row=1, col=1, range=[0, 102])
    fig.update_yaxes(title_text="s", row=2, col=1)
    fig.update_yaxes(title_text="%", row=3, col=1)
    fig.update_layout(title=title, height=850, template="plotly_white", legend={"orientation": "h", "y": -0.15})
    return fig
