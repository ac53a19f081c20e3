"""A service blueprint of a scenario, each step annotated with the engine's figures.

Layout after Shostack (1984, "Designing services that deliver", HBR 62(1)) and Bitner, Ostrom &
Morgan (2008, "Service blueprinting", California Management Review 50(3)): horizontal lanes for
customer actions, front-stage (visible) contact-staff actions, back-stage (invisible) actions and
support processes/partners, separated by the line of interaction, the line of visibility and the line
of internal interaction; steps in time order from left to right. A stage's lane comes from its role
(representative, coordinator, supervisor: front stage; back office: back stage; partner: support).
The physical-evidence lane is left out: scenarios hold no data about it.

Each stage's box shows its mean wait (ASA, s), abandonment (%), mean handle time (min) and the shares
escalated and transferred — whole-horizon figures from the engine's results. Fail points (Shostack's
"F") mark stages that miss their service-level or abandonment target; waits longer than the target
answer time are marked "W".
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..model import Scenario
from ..results import Results
from .flows import LANE_LABELS, LANES, chain_flows
from ..markup import plot_text

LANE_Y = {lane: float(len(LANES) - 1 - i) for i, lane in enumerate(LANES)}
"""Vertical position of each lane's centre (customer actions on top)."""

LINES = (("Line of interaction", "customer", "front"), ("Line of visibility", "front", "back"),
         ("Line of internal interaction", "back", "support"))

BOX_W, BOX_H = 1.0, 0.72
DX = 1.4
"""Horizontal distance between steps (box widths are 1)."""
FAIL = "#d62728"
OK = "#2c7fb8"


def blueprint(scenario: Scenario, results: Results | None = None) -> go.Figure:
    """A service blueprint of ``scenario`` with each step's figures from ``results``.

    ``results`` defaults to ``evaluate(scenario)``. The figure has one marker trace per lane whose
    points are the steps: ``text`` is the stage (or customer action; user text escaped for plotly with
    :func:`~svcdesign.markup.plot_text`), ``customdata`` per stage is
    ``[asa_s, p_abandon, handle_s, share_escalated, share_transferred]`` — the numbers printed in the
    box, as the engine computed them.
    """
    if results is None:
        from ..engines.analytic import evaluate
        results = evaluate(scenario, staffing=False)
    f = chain_flows(scenario, results)
    order = f.order()
    column = {i: (c + 1) * DX for c, i in enumerate(order)}  # x = 0: the customer's first contact
    right = len(order) * DX + 0.6
    fig = go.Figure()
    shapes, notes = [], []

    # lanes and the three lines
    for lane in LANES:
        notes.append({"x": -0.65, "y": LANE_Y[lane], "xref": "x", "yref": "y", "text": f"<b>{LANE_LABELS[lane]}</b>",
                      "showarrow": False, "xanchor": "right", "font": {"size": 12}})
    for label, above, below in LINES:
        y = (LANE_Y[above] + LANE_Y[below]) / 2
        shapes.append({"type": "line", "x0": -0.5, "x1": right, "y0": y, "y1": y, "xref": "x", "yref": "y",
                       "line": {"color": "#555", "width": 1.5, "dash": "dash" if "visibility" in label else "solid"}})
        notes.append({"x": right, "y": y, "xref": "x", "yref": "y", "text": f"<i>{label}</i>",
                      "showarrow": False, "xanchor": "right", "yanchor": "bottom", "font": {"size": 10, "color": "#555"}})

    def box(x: float, y: float, text: str, colour: str, width: float = 2.0) -> None:
        shapes.append({"type": "rect", "x0": x - BOX_W / 2, "x1": x + BOX_W / 2, "y0": y - BOX_H / 2,
                       "y1": y + BOX_H / 2, "xref": "x", "yref": "y", "line": {"color": colour, "width": width},
                       "fillcolor": "white", "layer": "below"})
        notes.append({"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False,
                      "font": {"size": 10}, "align": "center"})

    def arrow(x0: float, y0: float, x1: float, y1: float, label: str = "") -> None:
        notes.append({"x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                      "showarrow": True, "arrowhead": 3, "arrowsize": 1.2, "arrowwidth": 1.2, "arrowcolor": "#666",
                      "standoff": 4, "startstandoff": 4, "text": ""})
        if label:
            notes.append({"x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "xref": "x", "yref": "y", "text": label,
                          "showarrow": False, "font": {"size": 9, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.8)"})

    # customer actions: first contact on each channel, then waiting for or talking to each stage
    customer_points: dict[str, list] = {"x": [], "y": [], "text": []}
    y_c = LANE_Y["customer"]
    for c, channel in enumerate(f.channels):
        channel = plot_text(channel)
        offset = (c - (len(f.channels) - 1) / 2) * (BOX_H / max(len(f.channels), 1))
        text = f"Contacts by {channel}<br>{f.external[c]:,.0f} a week"
        notes.append({"x": 0, "y": y_c + offset, "xref": "x", "yref": "y", "text": text, "showarrow": False,
                      "font": {"size": 10}})
        customer_points["x"].append(0)
        customer_points["y"].append(y_c + offset)
        customer_points["text"].append(f"Contacts by {channel}")
        entry = int(f.entry[c])
        arrow(BOX_W / 2, y_c + offset, column[entry] - BOX_W / 2, LANE_Y[f.lane(f.stages[entry])])
    shapes.append({"type": "rect", "x0": -BOX_W / 2, "x1": BOX_W / 2, "y0": y_c - BOX_H / 2, "y1": y_c + BOX_H / 2,
                   "xref": "x", "yref": "y", "line": {"color": "#888", "width": 1}, "fillcolor": "white", "layer": "below"})

    stage_traces: dict[str, dict[str, list]] = {lane: {"x": [], "y": [], "text": [], "customdata": [], "hover": []}
                                                 for lane in LANES[1:]}
    for i in order:
        stage, lane = f.stages[i], f.lane(f.stages[i])
        name = plot_text(stage)  # drawn by plotly: shown as typed, never read as markup
        x, y = column[i], LANE_Y[lane]
        target = scenario.target_for(stage)
        asa, p_ab, handle = f.asa_seconds[i], f.p_abandon[i], f.handle_seconds[i]
        esc, tra = f.share_escalated[i], f.share_transferred[i]
        fail = (target.service_level is not None and f.service_level[i] < target.service_level) or \
               (target.max_abandon is not None and p_ab > target.max_abandon)
        wait_mark = bool(asa > target.answer_within)
        marks = " ".join(m for m, on in (("<b style='color:#d62728'>F</b>", fail), ("<b>W</b>", wait_mark)) if on)
        deferred = scenario.stage(stage).deferred
        lines = [f"<b>{name}</b> {marks}".strip(),
                 f"wait {_seconds(asa)} · " + ("deferred work" if deferred else f"{100 * p_ab:.1f}% abandon"),
                 f"handle {_minutes(handle)}"]
        own = f.followed_up[i, i] / f.answered[i] if f.answered[i] > 0 else 0.0
        routed = [f"{100 * esc:.0f}% escalated" if esc > 0 else "", f"{100 * tra:.0f}% transferred" if tra > 0 else ""]
        lines.extend(r for r in routed if r)
        if own > 0:
            lines.append(f"{100 * own:.0f}% followed up here later")
        box(x, y, "<br>".join(lines), FAIL if fail else OK)
        t = stage_traces[lane]
        t["x"].append(x)
        t["y"].append(y)
        t["text"].append(name)
        t["customdata"].append([asa, p_ab, handle, esc, tra])
        t["hover"].append(
            f"<b>{name}</b> ({scenario.stage(stage).role.replace('_', ' ')})<br>contacts {f.arrivals[i]:,.0f} a week"
            f"<br>mean wait (ASA) {_seconds(asa)}; target {target.answer_within:g} s"
            f"<br>service level {100 * f.service_level[i]:.1f}%"
            + (f" (target {100 * target.service_level:.0f}%)" if target.service_level else "")
            + f"<br>abandoned {100 * p_ab:.1f}%" + (f" (limit {100 * target.max_abandon:.0f}%)" if target.max_abandon else "")
            + f"<br>mean handle time {_minutes(handle)}<br>escalated {100 * esc:.1f}%, transferred {100 * tra:.1f}%"
            + ("<br><b>fail point</b>: misses its target" if fail else ""))
        if lane == "front":
            # the customer's matching action, above the line of interaction
            notes.append({"x": x, "y": y_c, "xref": "x", "yref": "y", "showarrow": False, "font": {"size": 10},
                          "text": f"Waits, then talks to<br>{name}"})
            shapes.append({"type": "rect", "x0": x - BOX_W / 2, "x1": x + BOX_W / 2, "y0": y_c - BOX_H / 2,
                           "y1": y_c + BOX_H / 2, "xref": "x", "yref": "y", "line": {"color": "#888", "width": 1},
                           "fillcolor": "white", "layer": "below"})
            customer_points["x"].append(x)
            customer_points["y"].append(y_c)
            customer_points["text"].append(f"Waits, then talks to {name}")
        for j in range(len(f.stages)):
            if j == i:
                continue  # a stage's own follow-ups are noted in its box
            share = (f.escalated[i, j] + f.transferred[i, j] + f.followed_up[i, j]) / f.answered[i] if f.answered[i] > 0 else 0.0
            if share > 0:
                xj, yj = column[j], LANE_Y[f.lane(f.stages[j])]
                arrow(x + BOX_W / 2 * np.sign(xj - x) if xj != x else x, y, xj - BOX_W / 2 * np.sign(xj - x) if xj != x else xj,
                      yj, f"{100 * share:.0f}%")
        if f.repeats[i].sum() > 0 and f.answered[i] > 0:
            notes.append({"x": x, "y": y - BOX_H / 2 - 0.08, "xref": "x", "yref": "y", "showarrow": False,
                          "font": {"size": 9, "color": "#b35806"},
                          "text": f"↺ {100 * f.repeats[i].sum() / f.answered[i]:.0f}% contact again"})

    fig.add_trace(go.Scatter(**customer_points, mode="markers", name=LANE_LABELS["customer"],
                             marker={"size": 30, "opacity": 0, "symbol": "square"}, hoverinfo="text",
                             hovertext=customer_points["text"], showlegend=False))
    for lane, t in stage_traces.items():
        fig.add_trace(go.Scatter(x=t["x"], y=t["y"], text=t["text"], customdata=t["customdata"], mode="markers",
                                 name=LANE_LABELS[lane], hovertext=t["hover"], hoverinfo="text",
                                 marker={"size": 40, "opacity": 0, "symbol": "square"}, showlegend=False))
    fig.update_layout(
        title=f"Service blueprint — {plot_text(scenario.name)} (wait: mean seconds to answer; handle: minutes; shares of contacts; "
              "F = fail point, W = wait above target)",
        title_font_size=13,
        shapes=shapes, annotations=notes, template="plotly_white", showlegend=False,
        xaxis={"title": "Steps in the order customers meet them (left to right)", "range": [-2.9, right + 0.1],
               "showticklabels": False, "showgrid": False, "zeroline": False},
        yaxis={"title": "", "range": [-0.6, len(LANES) - 0.4], "showticklabels": False, "showgrid": False,
               "zeroline": False},
        height=560, margin={"l": 20, "r": 20, "t": 70, "b": 40},
    )
    return fig


def _seconds(value: float) -> str:
    """A wait for display: seconds below 10 minutes, else minutes or hours (∞ for no steady state)."""
    if not np.isfinite(value):
        return "∞ (overloaded)"
    if value < 600:
        return f"{value:.0f} s"
    if value < 3 * 3600:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"


def _minutes(seconds: float) -> str:
    """A handle time for display in minutes (hours from 2 h)."""
    if not np.isfinite(seconds):
        return "n/a"
    return f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"
