"""Small plotly figures the lessons share: side-by-side bars and lines over time, titled with units.

Row, column and line names are drawn as literal text (:func:`svcdesign.markup.plot_text`);
titles are the lessons' own text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..markup import plot_text

COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2")


def panels(
    values: pd.DataFrame, title: str, *, targets: Mapping[str, float] | None = None, columns: int | None = None
) -> go.Figure:
    """One small bar chart per column of ``values`` (its name carries the unit), one bar per row
    (e.g. "today" and "with the change"); a dashed line marks a target where given. An infinite
    value (a queue without steady state) is labelled "∞ (overloaded)" instead of drawn."""
    names = list(values.columns)
    columns = columns or len(names)
    rows = -(-len(names) // columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[plot_text(n) for n in names],
        horizontal_spacing=0.08,
        vertical_spacing=0.22,
    )
    for i, name in enumerate(names):
        r, c = divmod(i, columns)
        column = values[name].astype(float)
        finite = column.where(np.isfinite(column))  # an overloaded stage's infinite wait: no bar, a label
        fig.add_trace(
            go.Bar(
                x=[plot_text(x) for x in values.index],
                y=finite,
                marker_color=list(COLOURS[: len(values)]),
                showlegend=False,
                text=[f"{v:,.3g}" if np.isfinite(v) else "∞ (overloaded)" for v in column],
                textposition="auto",
                hovertemplate="%{x}: %{y:,.4g}<extra>" + plot_text(name) + "</extra>",
            ),
            row=r + 1,
            col=c + 1,
        )
        if targets and name in targets:
            fig.add_hline(
                y=targets[name],
                line_dash="dash",
                line_color="#444",
                row=r + 1,
                col=c + 1,
                annotation_text="target",
                annotation_position="top left",
            )
    fig.update_layout(title=title, height=300 * rows + 60, margin=dict(t=90, l=40, r=20, b=40))
    fig.update_annotations(font_size=12)
    return fig


def lines(
    frame: pd.DataFrame, title: str, *, x_title: str, y_title: str, marks: Sequence[tuple[float, str]] = ()
) -> go.Figure:
    """One line per column of ``frame`` against its index; vertical dotted lines at ``marks``."""
    fig = go.Figure()
    for i, name in enumerate(frame.columns):
        fig.add_trace(
            go.Scatter(
                x=frame.index,
                y=frame[name],
                mode="lines",
                name=plot_text(name),
                line=dict(color=COLOURS[i % len(COLOURS)]),
            )
        )
    for x, label in marks:
        fig.add_vline(x=x, line_dash="dot", line_color="#444", annotation_text=label)
    fig.update_layout(
        title=title,
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=420,
        legend=dict(orientation="h", y=-0.2),
        margin=dict(t=70, l=60, r=20, b=40),
    )
    return fig
