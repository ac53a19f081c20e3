"""Options compared against a baseline, drawn: one bar chart per outcome (:func:`svcdesign.explore.compare`)."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.compare import Comparison
from ..explore.outcomes import display_scale, label
from ..markup import plot_text

_AGAINST_BASELINE = ("net_effect", "net_effect_low", "net_effect_high", "p_pays")
"""Columns of ``Comparison.values`` that compare an option with the baseline (drawn in the table, not here)."""


def comparison_figure(comparison: Comparison) -> go.Figure:
    """Bar charts of every outcome of a comparison, one panel per outcome, the baseline bar greyed.

    Shares are drawn in percent, staff cost in the comparison's currency per week, the customer money
    (revenue effect or cost of failure) per ``comparison.period``; the net effect, its range and the
    probability it pays, all against the baseline, are left to the table. Option names and
    the currency are user text, drawn as typed (:func:`~svcdesign.markup.plot_text`).
    """
    values = comparison.values
    columns = [c for c in values.columns if c not in _AGAINST_BASELINE]
    currency = plot_text(comparison.currency)
    fig = make_subplots(rows=1, cols=len(columns), subplot_titles=[label(c, currency) for c in columns])
    names = [plot_text(n) for n in values.index]
    colours = ["#9e9e9e" if n == comparison.baseline else "#1f77b4" for n in values.index]
    for i, column in enumerate(columns, start=1):
        scale = display_scale(column)
        fig.add_trace(
            go.Bar(
                x=names,
                y=values[column] * scale,
                marker_color=colours,
                showlegend=False,
                hovertemplate="%{x}: %{y:.4g}<extra>" + label(column, currency) + "</extra>",
            ),
            row=1,
            col=i,
        )
    fig.update_layout(
        title=f"Options against the baseline ({plot_text(comparison.baseline)}) — "
        f"operations: one week; money: per {plot_text(comparison.period)}",
        template="plotly_white",
        height=420,
        width=max(600, 260 * len(columns)),
        margin={"t": 90},
    )
    fig.update_annotations(font_size=11)
    return fig
