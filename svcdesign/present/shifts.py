"""A shift schedule drawn: required against scheduled staff per interval (:func:`svcdesign.explore.schedule_shifts`)."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.shifts import MINUTES_PER_DAY, ShiftSchedule
from ..markup import plot_text


def schedule_figure(schedule: ShiftSchedule) -> go.Figure:
    """Required against scheduled staff in every interval of the week, with under-staffing as bars.

    Staff are people on shift; the title gives the weekly cost (currency, or paid hours without a
    wage). The schedule's title names its stage: user text, drawn as typed.
    """
    c = schedule.coverage
    x = c["period"].to_numpy()
    labels = c["time"].tolist()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=c["scheduled"],
            name="scheduled",
            line={"shape": "hv", "color": "#1f77b4"},
            hovertext=labels,
            hovertemplate="%{hovertext}: %{y:.3g} scheduled<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=c["required"],
            name="required",
            line={"shape": "hv", "color": "#d62728", "dash": "dash"},
            hovertext=labels,
            hovertemplate="%{hovertext}: %{y:.3g} required<extra></extra>",
        )
    )
    if (c["under"] > 0).any():
        fig.add_trace(
            go.Bar(
                x=x,
                y=c["under"],
                name="under-staffed",
                marker_color="#ff7f0e",
                opacity=0.6,
                hovertext=labels,
                hovertemplate="%{hovertext}: %{y:.3g} short<extra></extra>",
            )
        )
    per_day = MINUTES_PER_DAY // schedule.interval_minutes
    ticks = list(range(0, len(x), per_day))
    fig.update_layout(
        title=f"{plot_text(schedule.title)} — weekly cost {schedule.cost:,.0f}",
        xaxis={"title": "Time (weekday and hour)", "tickvals": ticks, "ticktext": [labels[t] for t in ticks]},
        yaxis_title="Staff on shift (staff)",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
