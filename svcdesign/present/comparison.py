"""Options compared against a baseline, drawn: one bar chart per outcome (:func:`svcdesign.explore.compare`)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.compare import Comparison
from ..explore.outcomes import display_scale, label
from ..markup import plot_text
from .style import BLUE, GREY

_AGAINST_BASELINE = ("net_effect", "net_effect_low", "net_effect_high", "p_pays")
"""Columns of ``Comparison.values`` that compare an option with the baseline (drawn in the table, not here)."""

COLUMNS = 3
"""Panels per row: the figure fits a notebook's or a laptop's width."""

_PANELS = {
    "satisfaction": ("Satisfaction (points, 0–10)", 1.0, ".2f"),
    "churn": ("Churn (% of customers a year)", 100.0, ".2f"),
    "revenue_effect": ("Revenue effect ({cur}/{period})", 1.0, ",.0f"),
    "cost_of_failure": ("Cost of failure ({cur}/{period})", 1.0, ",.0f"),
    "time_to_resolution": ("Time to resolve an issue (hours)", 1.0, ".2f"),
}
"""Panels whose title, scale or precision differ from the metric catalogue's: churn in % a year like the
report's tables, the customer money per the comparison's period."""


def _wrap(text: str, width: int = 30) -> str:
    """A panel title in lines of at most ``width`` characters (plotly draws titles on one line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def comparison_figure(comparison: Comparison) -> go.Figure:
    """Bar charts of every outcome of a comparison, one panel per outcome, the baseline bar grey.

    Panels are laid out :data:`COLUMNS` to a row with horizontal bars, the options named once per row,
    so the figure fits the width of a notebook. Shares are drawn in percent (churn in % of customers
    a year), staff cost in the comparison's currency per week, the customer money (revenue effect or
    cost of failure) per ``comparison.period``, each panel with one precision; the net effect, its range
    and the probability it pays, all against the baseline, are left to the table. Option names and
    the currency are user text, drawn as typed (:func:`~svcdesign.markup.plot_text`).
    """
    values = comparison.values
    columns = [c for c in values.columns if c not in _AGAINST_BASELINE]
    currency = plot_text(comparison.currency)
    period = plot_text(comparison.period)
    titles, scales, formats = [], [], []
    for column in columns:
        if column in _PANELS:
            template, scale, digits = _PANELS[column]
            title = template.format(cur=currency, period=period)
        else:
            title, scale = label(column, currency), display_scale(column)
            digits = ".1f" if scale > 1 else ",.0f"
        titles.append(title)
        scales.append(scale)
        formats.append(digits)
    rows = max(1, math.ceil(len(columns) / COLUMNS))
    names = [plot_text(n) for n in values.index]
    height = 110 + rows * (26 * len(names) + 64)  # px: a bar of 26 px per option, room for the panels' titles
    fig = make_subplots(
        rows=rows,
        cols=COLUMNS,
        subplot_titles=[_wrap(t) for t in titles],
        shared_yaxes=True,
        horizontal_spacing=0.04,
        vertical_spacing=56 / height,
    )
    colours = [GREY if n == comparison.baseline else BLUE for n in values.index]
    for i, column in enumerate(columns):
        shown = values[column] * scales[i]
        fig.add_trace(
            go.Bar(
                y=names,
                x=shown,
                orientation="h",
                marker_color=colours,
                text=[format(v, formats[i]) for v in shown],
                textposition="auto",
                cliponaxis=False,
                showlegend=False,
                hovertemplate="%{y}: %{x:" + formats[i] + "}<extra>" + titles[i] + "</extra>",
            ),
            row=i // COLUMNS + 1,
            col=i % COLUMNS + 1,
        )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=True, zerolinecolor="#888")
    fig.update_layout(
        title={
            "text": f"Options against the baseline ({plot_text(comparison.baseline)}, grey)<br>"
            f"<sup>operations: one week; money: per {period}</sup>",
            "x": 0,
            "xanchor": "left",
        },
        template="plotly_white",
        height=height,
        margin={"t": 90, "l": 10, "r": 20, "b": 20},
    )
    fig.update_annotations(font_size=11)
    return fig
