"""A customer-journey view: a segment's touchpoints in the order it meets them, with its experience.

The figures come from :func:`svcdesign.explore.touchpoints`: the stages in the order customers meet
them, ending with the journey as a whole, and at each the segment's score from the experience model
(:mod:`svcdesign.formulas.customers`) — by default the experience index (0–10), the weighted mean of
the six pillars — and what the segment expected there. Touchpoints where the experience falls short
of expectations (negative disconfirmation) are drawn in red: the moments that hurt satisfaction.
Bars show how many contacts reach each touchpoint per 100 of the segment's customers (repeat
contacts included), so a painful but rare moment is told from a common one.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..explore.review import Wording
from ..explore.touchpoints import SegmentJourney, touchpoints
from ..markup import plot_text
from ..model import Scenario
from ..results import Results, metric_info
from .style import GREY, LINE_COLOURS, VERMILLION, nice_step

HURT = VERMILLION
"""Colour of a touchpoint worse than the segment expected (Okabe–Ito vermillion, with a ▼ marker)."""
LINES = LINE_COLOURS
"""Segment line colours (Okabe–Ito, no vermillion: it marks the moments that hurt)."""
TICKS = 5
"""Steps between the round ticks of both y axes (0–10 points in steps of 2; the reach in round steps)."""


def journey(
    scenario: Scenario,
    results: Results | None = None,
    *,
    segment: str | None = None,
    score: str = "experience_index",
    language: str = "en",
) -> go.Figure:
    """The journey of one segment (default: every segment, one line each) through ``scenario``.

    ``results`` may be an engine's results (the customer models are then run on them) or results
    that already hold the customer metrics (:func:`svcdesign.response.assess`); default: the
    analytic engine. ``score`` is one of :data:`svcdesign.explore.touchpoints.SCORES`. Each segment's
    line has one point per touchpoint with ``customdata``
    ``[score, expected_experience, disconfirmation, contacts there per customer]``. ``language`` (one of
    :data:`svcdesign.i18n.LANGUAGES`) is the language of the titles, axes and fixed labels.
    """
    journeys = touchpoints(scenario, results, segment=segment, score=score)
    say = Wording(language)
    tr = say.tr
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    names = [plot_text(stage) for stage in journeys.stages] + [tr("whole journey")]
    label = metric_info(score).label
    if not say.english:
        label = {"experience_index": tr("Experience index"), "satisfaction": tr("Satisfaction")}.get(score, label)
    for n, seg in enumerate(journeys.segments):
        _draw_segment(fig, seg, names, LINES[n % len(LINES)], str(n), label, say, single=segment is not None)
    # both axes in TICKS round steps, so their ticks line up: 0, 2, … 10 points; 0, 25, … 125 contacts
    fig.update_yaxes(
        title_text=tr("{score} (points, 0–10)", score=label),
        range=[0, 10],
        tickmode="linear",
        tick0=0,
        dtick=2,
        secondary_y=False,
    )
    step = nice_step(100 * max((max(seg.reach) for seg in journeys.segments), default=1.0), TICKS)
    fig.update_yaxes(
        title_text=tr("Contacts per 100 customers (bars)"),
        range=[0, TICKS * step],
        tickmode="linear",
        tick0=0,
        dtick=step,
        showgrid=False,
        secondary_y=True,
    )
    if not say.english:  # the same round ticks, written in the language's digits
        for values, secondary in ((range(0, 11, 2), False), ([k * step for k in range(TICKS + 1)], True)):
            ticks = [say.local(f"{v:g}") for v in values]
            fig.update_yaxes(tickmode="array", tickvals=list(values), ticktext=ticks, secondary_y=secondary)
    fig.update_xaxes(title_text=tr("Touchpoints in the order customers meet them"))
    who = tr("segment '{name}'", name=plot_text(segment)) if segment is not None else tr("each segment")
    fig.update_layout(
        title=tr(
            "Customer journey — {name}, {who}: {score} at each touchpoint (red ▼ = worse than the segment expected)",
            name=plot_text(scenario.name),
            who=who,
            score=label.lower() if say.english else label,
        ),
        title_font_size=14,
        template="plotly_white",
        height=460,
        legend={"title": tr("Segment")},
        margin={"l": 60, "r": 60, "t": 70, "b": 60},
        hovermode="closest",
    )
    return fig


def _draw_segment(
    fig: go.Figure,
    seg: SegmentJourney,
    names: list[str],
    colour: str,
    group: str,
    label: str,
    say: Wording,
    *,
    single: bool,
) -> None:
    """One segment: its reach as bars, its score as a line (red ▼ where it hurts), its expectation if alone."""
    shown, tr = plot_text(seg.segment), say.tr
    per_100 = tr("contacts per 100 customers")
    hurts = seg.hurts
    fig.add_trace(
        go.Bar(
            x=names,
            y=[100 * r for r in seg.reach],
            name=f"{shown}: {per_100}",
            marker_color=colour,
            opacity=0.18,
            offsetgroup=group,
            legendgroup=shown,
            showlegend=single,
            meta=shown,
            hovertemplate="%{x}: %{y:.0f} "
            + tr("contacts per 100 {segment} customers", segment="%{meta}")
            + "<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=seg.score,
            mode="lines+markers+text" if single else "lines+markers",
            name=shown,
            legendgroup=shown,
            text=[say.local(f"{v:.1f}") for v in seg.score],
            textposition="top center",
            cliponaxis=False,
            line={"color": colour},
            marker={
                "size": 13,
                "color": [HURT if hurt else colour for hurt in hurts],
                "symbol": ["triangle-down" if hurt else "circle" for hurt in hurts],
                "line": {"width": 1, "color": "white"},
            },
            customdata=[
                list(point) for point in zip(seg.score, seg.expected, seg.disconfirmation, seg.reach, strict=True)
            ],
            hovertemplate=(
                "%{x}<br>"
                + label
                + " %{customdata[0]:.2f} (0–10)<br>"
                + tr("expected {n}", n="%{customdata[1]:.2f}")
                + "<br>"
                + tr("perceived − expected {n} points", n="%{customdata[2]:+.2f}")
                + "<br>"
                + tr("{n} contacts here per customer", n="%{customdata[3]:.2f}")
                + "<extra>%{fullData.name}</extra>"
            ),
        ),
        secondary_y=False,
    )
    if single:
        fig.add_trace(
            go.Scatter(
                x=names,
                y=seg.expected,
                mode="lines",
                name=tr("expected experience"),
                line={"dash": "dot", "color": GREY},
                hovertemplate="%{x}: " + tr("expected {n}", n="%{y:.2f}") + "<extra></extra>",
            ),
            secondary_y=False,
        )
