"""A backtest drawn: observed against predicted per interval of the week (:func:`svcdesign.explore.backtest`)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..data.calibrate import source_label
from ..errors import InputError
from ..explore.backtest import METRICS, Backtest
from ..markup import plot_text
from ..results import period_label

PANELS = ("service_level", "asa", "p_abandon")
"""The metrics drawn, one panel each from top to bottom."""


def backtest_figure(*backtests: Backtest, title: str | None = None) -> go.Figure:
    """Observed (black) and predicted lines per interval for service level, mean wait and abandonment.

    ``backtests``: one or more :class:`~svcdesign.explore.backtest.Backtest` of the same log; the
    first one's observed values are drawn. The x axis is time of the week (hours from Monday 00:00,
    labelled by weekday); only intervals with observed contacts are drawn. Infinite predicted waits
    (no steady state) are left as gaps. Labels and the log's file name are user text, drawn as typed.
    """
    if not backtests:
        raise InputError("backtests", backtests, "at least one Backtest")
    first = backtests[0]
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
        for b in backtests:
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
    fig.update_xaxes(title_text="Interval start (weekday and clock time, Monday first)", row=3, col=1)
    fig.update_yaxes(title_text="%", row=1, col=1, range=[0, 102])
    fig.update_yaxes(title_text="s", row=2, col=1)
    fig.update_yaxes(title_text="%", row=3, col=1)
    fig.update_layout(
        title=title
        or (
            f"Backtest per {first.interval_minutes}-minute interval: predicted vs observed "
            f"({plot_text(source_label(first.source))})"
        ),
        height=850,
        template="plotly_white",
        legend={"orientation": "h", "y": -0.15},
    )
    return fig
