"""An efficient frontier drawn: every option a dot, the frontier a line (:func:`svcdesign.explore.frontier`)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..explore.frontier import Frontier
from ..explore.outcomes import display_scale, label, sense
from ..markup import plot_text


def frontier_figure(frontier: Frontier) -> go.Figure:
    """Every option as a dot, the efficient frontier as a line; hover shows the lever settings.

    The axes are the frontier's two objectives in display units (shares in percent, money in the
    frontier's currency). Lever paths and values and the currency are user text, drawn as typed.
    """
    x, y = frontier.objective
    points = frontier.points
    currency = plot_text(frontier.currency)
    sx, sy = display_scale(x), display_scale(y)

    def settings(row: pd.Series) -> str:
        return "<br>".join(f"{plot_text(k)} = {plot_text(v)}" for k, v in row.items())

    hover = points[frontier.levers].astype(str).agg(settings, axis=1)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=points[x] * sx,
            y=points[y] * sy,
            mode="markers",
            name="options",
            marker={"color": "#bdbdbd", "size": 7},
            hovertext=hover,
            hovertemplate="%{hovertext}<br>%{x:.4g}, %{y:.4g}<extra></extra>",
        )
    )
    front = points[points["on_frontier"]].sort_values(x)
    fig.add_trace(
        go.Scatter(
            x=front[x] * sx,
            y=front[y] * sy,
            mode="lines+markers",
            name="efficient frontier",
            line={"shape": "hv" if sense(y) > 0 else "linear", "color": "#d62728"},
            marker={"size": 9},
            hovertext=hover[front.index],
            hovertemplate="%{hovertext}<br>%{x:.4g}, %{y:.4g}<extra>frontier</extra>",
        )
    )
    fig.update_layout(
        title=f"Efficient frontier: {label(y, currency)} against {label(x, currency)}",
        xaxis_title=label(x, currency),
        yaxis_title=label(y, currency),
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
