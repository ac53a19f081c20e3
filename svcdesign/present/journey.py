"""A customer-journey view: a segment's touchpoints in the order it meets them, with its experience.

Touchpoints are the stages of the chain in the order customers meet them (breadth first from the
channels' entry stages along escalations, transfers and follow-ups), ending with the journey as a
whole. At each, the experience model (:mod:`svcdesign.formulas.customers`) gives the segment's score — by
default the experience index (0–10), the weighted mean of the six pillars — and what the segment
expected there. Touchpoints where the experience falls short of expectations (negative
disconfirmation) are drawn in red: the moments that hurt satisfaction. Bars show how many contacts
reach each touchpoint per 100 of the segment's customers (repeat contacts included), so a painful but
rare moment is told from a common one.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..errors import InputError
from ..model import Scenario
from ..results import ALL, Results, metric_info
from .flows import chain_flows
from ..markup import plot_text

SCORES = ("experience_index", "satisfaction", "pillar_time_effort", "pillar_resolution", "pillar_personalisation",
          "pillar_empathy", "pillar_expectations", "pillar_integrity", "servqual_index")
"""Scores (0–10 points) the journey can show at each touchpoint."""

HURT = "#d62728"
"""Colour of a touchpoint worse than the segment expected."""
LINES = ("#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f")
"""Segment line colours (no red: red marks the moments that hurt)."""


def _customer_results(scenario: Scenario, results: Results | None) -> Results:
    """Results that hold the experience metrics (running :func:`svcdesign.response.assess` if needed)."""
    if results is not None and "experience_index" in set(results.data["metric"].unique()):
        return results
    from ..response import assess

    return assess(scenario, results)


def journey(scenario: Scenario, results: Results | None = None, *, segment: str | None = None,
            score: str = "experience_index") -> go.Figure:
    """The journey of one segment (default: every segment, one line each) through ``scenario``.

    ``results`` may be an engine's results (the customer models are then run on them) or results
    that already hold the customer metrics (:func:`svcdesign.response.assess`); default: the
    analytic engine. ``score`` is one of :data:`SCORES`. Each segment's line has one point per
    touchpoint with ``customdata`` ``[score, expected_experience, disconfirmation, contacts there per customer]``.
    """
    if score not in SCORES:
        raise InputError("score", score, f"one of {list(SCORES)}")
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    segments = [g.name for g in scenario.segments]
    if segment is not None and segment not in segments:
        raise InputError("segment", segment, f"one of the segments {segments}")
    data = _customer_results(scenario, results)
    flows = chain_flows(scenario, data)
    order = flows.order()
    table = data.horizon
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    chosen = [segment] if segment is not None else segments
    names = [plot_text(flows.stages[i]) for i in order] + ["whole journey"]
    keys = [flows.stages[i] for i in order] + [ALL]
    info = metric_info(score)
    for n, name in enumerate(chosen):
        h = table(segment=name).xs(data.scenarios[0], level="scenario").xs(data.engines[0], level="engine")
        seg_flows = chain_flows(scenario, data, segment=name)
        customers = seg_flows.external.sum()
        reach = [seg_flows.arrivals[i] / customers if customers > 0 else 0.0 for i in order] + [1.0]
        colour = LINES[n % len(LINES)]
        single = segment is not None
        values = [float(h.at[k, score]) if k in h.index and score in h.columns else np.nan for k in keys]
        expected = [float(h.at[k, "expected_experience"]) if k in h.index and "expected_experience" in h.columns
                    else np.nan for k in keys]
        gap = [float(h.at[k, "disconfirmation"]) if k in h.index and "disconfirmation" in h.columns else np.nan
               for k in keys]
        hurts = [bool(np.isfinite(g) and g < 0) for g in gap]
        shown = plot_text(name)
        fig.add_trace(go.Bar(x=names, y=[100 * r for r in reach], name=f"{shown}: contacts per 100 customers",
                             marker_color=colour, opacity=0.18, offsetgroup=str(n), legendgroup=shown, showlegend=single,
                             meta=shown, hovertemplate="%{x}: %{y:.0f} contacts per 100 %{meta} customers<extra></extra>"),
                      secondary_y=True)
        fig.add_trace(go.Scatter(
            x=names, y=values, mode="lines+markers+text" if single else "lines+markers", name=shown, legendgroup=shown,
            text=[f"{v:.1f}" for v in values], textposition="top center", line={"color": colour},
            marker={"size": 13, "color": [HURT if hurt else colour for hurt in hurts],
                    "symbol": ["triangle-down" if hurt else "circle" for hurt in hurts], "line": {"width": 1, "color": "white"}},
            customdata=[[v, e, g, r] for v, e, g, r in zip(values, expected, gap, reach)],
            hovertemplate=("%{x}<br>" + info.label + " %{customdata[0]:.2f} (0–10)<br>expected %{customdata[1]:.2f}"
                           "<br>perceived − expected %{customdata[2]:+.2f} points"
                           "<br>%{customdata[3]:.2f} contacts here per customer"
                           "<extra>%{fullData.name}</extra>")), secondary_y=False)
        if segment is not None:
            fig.add_trace(go.Scatter(x=names, y=expected, mode="lines", name="expected experience",
                                     line={"dash": "dot", "color": "#888"},
                                     hovertemplate="%{x}: expected %{y:.2f}<extra></extra>"), secondary_y=False)
    fig.update_yaxes(title_text=f"{info.label} (points, 0–10)", range=[0, 10.5], secondary_y=False)
    fig.update_yaxes(title_text="Contacts at the touchpoint per 100 customers (bars)", rangemode="tozero",
                     showgrid=False, secondary_y=True)
    fig.update_xaxes(title_text="Touchpoints in the order customers meet them")
    who = f"segment '{plot_text(segment)}'" if segment is not None else "each segment"
    fig.update_layout(
        title=f"Customer journey — {plot_text(scenario.name)}, {who}: {info.label.lower()} at each touchpoint "
              "(red ▼ = worse than the segment expected)",
        title_font_size=14, template="plotly_white", height=460, legend={"title": "Segment"},
        margin={"l": 60, "r": 60, "t": 70, "b": 60},
    )
    return fig
