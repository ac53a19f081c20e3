"""A sensitivity analysis drawn: a tornado (one at a time) or Sobol indices (:func:`svcdesign.explore.sensitivity`)."""

from __future__ import annotations

import plotly.graph_objects as go

from ..explore.outcomes import display_scale, label
from ..explore.sensitivity import Sensitivity
from ..markup import plot_text


def sensitivity_figure(sensitivity: Sensitivity) -> go.Figure:
    """Tornado (one factor at a time: the output at each factor's low and high value, around the base)
    or bars of first-order and total Sobol indices with their intervals.

    The output is drawn in display units (shares in percent, money in the analysis's currency). Factor
    names (scenario paths, assumption names) and the currency are user text, drawn as typed.
    """
    name = sensitivity.output.split("@")[0]
    scale = display_scale(name)
    currency = plot_text(sensitivity.currency)
    fig = go.Figure()
    if sensitivity.method == "oat":
        t = sensitivity.table.iloc[::-1]
        factors = [plot_text(f) for f in t["factor"]]
        base = sensitivity.base_value * scale
        for column, colour, text in (("output_low", "#1f77b4", "low"), ("output_high", "#d62728", "high")):
            fig.add_trace(
                go.Bar(
                    y=factors,
                    x=t[column] * scale - base,
                    base=base,
                    orientation="h",
                    name=f"factor at its {text} value",
                    marker_color=colour,
                    customdata=t[text],
                    hovertemplate="%{y} = %{customdata:.4g}: %{x:.4g}<extra></extra>",
                )
            )
        fig.add_vline(x=base, line_dash="dash", annotation_text="base")
        fig.update_layout(
            barmode="overlay",
            title=f"Tornado: what moves {label(name, currency)}",
            xaxis_title=label(name, currency),
            yaxis_title="Factor",
        )
    else:
        t = sensitivity.table
        factors = [plot_text(f) for f in t["factor"]]
        for index, colour, text in (
            ("S1", "#1f77b4", "first order (alone)"),
            ("ST", "#d62728", "total (with interactions)"),
        ):
            fig.add_trace(
                go.Bar(
                    x=factors,
                    y=t[index],
                    name=text,
                    marker_color=colour,
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": t[f"{index}_high"] - t[index],
                        "arrayminus": t[index] - t[f"{index}_low"],
                    },
                )
            )
        fig.update_layout(
            barmode="group",
            title=f"Sobol indices of {label(name, currency)}",
            yaxis_title="Share of output variance (index)",
            xaxis_title="Factor",
        )
    fig.update_layout(template="plotly_white", legend={"orientation": "h", "y": -0.2})
    return fig
