"""A service blueprint of a scenario, each step annotated with the engine's figures.

Layout after Shostack (1984, "Designing services that deliver", HBR 62(1)) and Bitner, Ostrom &
Morgan (2008, "Service blueprinting", California Management Review 50(3)): horizontal lanes for
customer actions, front-stage (visible) contact-staff actions, back-stage (invisible) actions and
support processes/partners, separated by the line of interaction, the line of visibility and the line
of internal interaction; steps in time order from left to right. A stage's lane comes from its role
(representative, coordinator, supervisor: front stage; back office: back stage; partner: support).
The physical-evidence lane is left out: scenarios hold no data about it. In Arabic and Persian the drawing
is mirrored (the x-axis reversed): the steps run from right to left as the text reads, the lane headings
stand at the right and the lines' names at the left; its words come from the catalogue and its numbers are
in the language's digits. (A blueprint is a diagram read like text, not a time axis: the dashboard's time
axes keep time running left to right, see :mod:`.dashboard_figures`.)

Each stage's box shows its mean wait (the metric ``asa``: the mean over all its contacts, those who give
up counted until they leave; written as :func:`svcdesign.display.wait_text` writes every wait: seconds,
minutes or hours), abandonment (%), mean handle time (min) and the shares escalated and
transferred — whole-horizon figures from the engine's results. Fail points (Shostack's "F") mark stages
that miss their service-level or abandonment target; waits longer than the target answer time are
marked "W". The hover text prints a service level or abandonment beside its target on the side of it that
the fail point says (:func:`~.targets.beside_target`: 79.99%, not 80.0%, beside a target of 80% it misses).
The figure is sized in pixels from the longest line and the most lines a box holds, so the
text stays inside its box at any screen width (a narrow screen scrolls the figure sideways).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ..display import duration_text
from ..explore.flows import ChainFlows, chain_flows, fail_points, target_of, waits_over_target
from ..explore.review import Wording
from ..markup import plot_text
from ..model import Scenario
from ..results import Results
from .style import BLUE, GREY, VERMILLION
from .targets import beside_target

LANES = ("customer", "front", "back", "support")
"""Blueprint lanes from top to bottom (Bitner, Ostrom & Morgan 2008), without physical evidence."""

DESK_LANES = ("customer", "front", "groups", "back", "support")
"""The lanes of a scenario with a multi-skill service desk: its contact types in the front stage and,
under them, the agent groups that answer them (visible contact staff too, above the line of visibility)."""


def _lane_labels(tr: Callable[[str], str]) -> dict[str, str]:
    """The words of :data:`LANE_LABELS` through a translator ``tr``."""
    return {
        "customer": tr("Customer actions"),
        "front": tr("Front stage (visible contact staff)"),
        "groups": tr("Agent groups of the service desk (front stage)"),
        "back": tr("Back stage (invisible contact staff)"),
        "support": tr("Support processes and partners"),
    }


LANE_LABELS = _lane_labels(str)
"""The heading of each lane (its hover points' trace name)."""

LANE_HEADINGS = {
    "customer": "Customer<br>actions",
    "front": "Front stage<br>(visible contact<br>staff)",
    "groups": "Agent groups<br>(front stage)",
    "back": "Back stage<br>(invisible<br>contact staff)",
    "support": "Support<br>processes<br>and partners",
}
"""The heading drawn at the left of each lane, in lines that fit the lane's margin."""

ROLE_LANE = {
    "representative": "front",
    "coordinator": "front",
    "supervisor": "front",
    "back_office": "back",
    "partner": "support",
    "contact_type": "front",
}
"""The lane of each stage role: staff the customer meets are above the line of visibility (a service
desk's contact types, role ``"contact_type"`` in :class:`~svcdesign.explore.flows.ChainFlows`, too)."""

LANE_Y = {lane: float(len(LANES) - 1 - i) for i, lane in enumerate(LANES)}
"""Vertical position of each lane's centre (customer actions on top)."""
DESK_LANE_Y = {lane: float(len(DESK_LANES) - 1 - i) for i, lane in enumerate(DESK_LANES)}
"""Vertical position of each lane's centre with a service desk."""

LINES = (
    ("Line of interaction", "customer", "front"),
    ("Line of visibility", "front", "back"),
    ("Line of internal interaction", "back", "support"),
)
DESK_LINES = (LINES[0], ("Line of visibility", "groups", "back"), LINES[2])
"""The lines between the lanes with a service desk: its agent groups are above the line of visibility."""

BOX_W, BOX_H = 1.0, 0.8
DX = 1.4
"""Horizontal distance between steps (box widths are 1)."""
LEFT = -1.75
"""Left end of the drawing (data units): room for the lane headings."""
FAIL = VERMILLION
OK = BLUE
FONT = 10
"""Font size of the boxes' text (px)."""
CHAR_PX = 6.4
"""Width of an average character of the boxes' text at :data:`FONT` (px, a generous estimate for
system sans-serif fonts, bold included)."""
LINE_PX = 14
"""Height of a line of the boxes' text (px)."""
WRAP = 20
"""Longest stage-name line in a box (characters); longer names wrap at spaces."""


@dataclass
class _Drawing:
    """The blueprint's shapes and annotations (in drawing order), its invisible hover points, and the
    longest line (characters) and most lines of the text drawn inside its boxes."""

    lanes: tuple[str, ...] = LANES
    lane_y: dict[str, float] = field(default_factory=lambda: dict(LANE_Y))
    shapes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    customer: dict[str, list] = field(default_factory=lambda: {"x": [], "y": [], "text": []})
    stages: dict[str, dict[str, list]] = field(default_factory=dict)
    say: Wording = field(default_factory=Wording)
    widest: int = 12
    tallest: int = 2

    def __post_init__(self) -> None:
        self.stages = {lane: {"x": [], "y": [], "text": [], "customdata": [], "hover": []} for lane in self.lanes[1:]}

    @property
    def rtl(self) -> bool:
        """Whether the drawing is mirrored: its language is written right to left."""
        return self.say.tr.direction == "rtl"

    def text(self, x: float, y: float, text: str, **style: Any) -> None:
        self.notes.append({"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False, **style})

    def measure(self, text: str) -> None:
        """Count ``text`` (plotly's markup: ``<br>`` lines, tags and entities) into the box size needed."""
        lines = [re.sub(r"&[#\w]+;", "x", re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>")]
        self.widest = max(self.widest, *(len(line) for line in lines))
        self.tallest = max(self.tallest, len(lines))

    def frame(self, x: float, y: float, colour: str, width: float) -> None:
        self.shapes.append(
            {
                "type": "rect",
                "x0": x - BOX_W / 2,
                "x1": x + BOX_W / 2,
                "y0": y - BOX_H / 2,
                "y1": y + BOX_H / 2,
                "xref": "x",
                "yref": "y",
                "line": {"color": colour, "width": width},
                "fillcolor": "white",
                "layer": "below",
            }
        )

    def box(self, x: float, y: float, text: str, colour: str, width: float = 2.0) -> None:
        """A framed box with ``text`` centred in it."""
        self.frame(x, y, colour, width)
        self.measure(text)
        self.notes.append(
            {
                "x": x,
                "y": y,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "font": {"size": FONT},
                "align": "center",
            }
        )

    def arrow(self, x0: float, y0: float, x1: float, y1: float, label: str = "", at: float = 0.5) -> None:
        """An arrow from (``x0``, ``y0``) to (``x1``, ``y1``) with ``label`` at fraction ``at`` of its length."""
        self.notes.append(
            {
                "x": x1,
                "y": y1,
                "ax": x0,
                "ay": y0,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 3,
                "arrowsize": 1.2,
                "arrowwidth": 1.2,
                "arrowcolor": GREY,
                "standoff": 4,
                "startstandoff": 4,
                "text": "",
            }
        )
        if label:
            self.text(
                x0 + at * (x1 - x0),
                y0 + at * (y1 - y0),
                label,
                font={"size": 9, "color": "#333"},
                bgcolor="rgba(255,255,255,0.9)",
            )


def blueprint(scenario: Scenario, results: Results | None = None, *, language: str = "en") -> go.Figure:
    """A service blueprint of ``scenario`` with each step's figures from ``results``.

    ``results`` defaults to ``evaluate(scenario)`` (through :func:`svcdesign.explore.chain_flows`).
    The figure has one marker trace per lane whose points are the steps: ``text`` is the stage (or
    customer action; user text escaped for plotly with :func:`~svcdesign.markup.plot_text`),
    ``customdata`` per stage is ``[asa_s, p_abandon, handle_s, share_escalated, share_transferred]``
    — the numbers printed in the box, as the engine computed them. Its width and height (px) are
    set so that the longest line of any box fits inside the box. ``language`` (one of
    :data:`svcdesign.i18n.LANGUAGES`) is the language of its fixed words and numbers.
    """
    f = chain_flows(scenario, results)
    order = f.order()
    column = {i: (c + 1) * DX for c, i in enumerate(order)}  # x = 0: the customer's first contact
    right = len(order) * DX + 0.6
    desk = f.n_types > 0
    say = Wording(language)
    drawing = _Drawing(DESK_LANES, dict(DESK_LANE_Y), say=say) if desk else _Drawing(say=say)
    _draw_lanes(drawing, right, DESK_LINES if desk else LINES)
    _draw_channels(drawing, f, column)
    fail, slow = fail_points(scenario, f), waits_over_target(scenario, f)
    for i in order:
        _draw_stage(drawing, scenario, f, i, column, bool(fail[i]), bool(slow[i]))
    if desk:
        _draw_groups(drawing, f, column)
    return _figure(drawing, scenario, right)


def _lane(f: ChainFlows, i: int) -> str:
    return ROLE_LANE[f.roles[i]]


def _deferred(scenario: Scenario, name: str) -> bool:
    """Whether the stage or service-desk contact type ``name`` is deferred work."""
    desk = scenario.service_desk
    types = {t.name: t for t in ([] if desk is None else desk.contact_types)}
    return types[name].deferred if name in types else scenario.stage(name).deferred


def _wrapped(text: str, width: int = WRAP) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _name_lines(name: str, bold: bool = True) -> str:
    """A stage's or channel's name for plotly (escaped), wrapped into lines that fit a box."""
    lines = [plot_text(line) for line in _wrapped(name)]
    return "<br>".join(f"<b>{line}</b>" for line in lines) if bold else "<br>".join(lines)


def _draw_lanes(d: _Drawing, right: float, lines: tuple[tuple[str, str, str], ...]) -> None:
    """The lane headings and the three ``lines`` (label, lane above, lane below) between the lanes."""
    labels = _lane_labels(d.say.tr)
    for lane in d.lanes:
        heading = LANE_HEADINGS[lane] if d.say.english else "<br>".join(_wrapped(labels[lane], 16))
        # at the start of the lane, reaching into the margin (the right one when the drawing is mirrored)
        outward = "left" if d.rtl else "right"
        d.text(-0.6, d.lane_y[lane], f"<b>{heading}</b>", xanchor=outward, align="right", font={"size": 12})
    for label, above, below in lines:
        y = (d.lane_y[above] + d.lane_y[below]) / 2
        d.shapes.append(
            {
                "type": "line",
                "x0": -0.55,
                "x1": right,
                "y0": y,
                "y1": y,
                "xref": "x",
                "yref": "y",
                "line": {"color": "#555", "width": 1.5, "dash": "dash" if "visibility" in label else "solid"},
            }
        )
        words = _line_words(d.say.tr)[label]
        inward = "left" if d.rtl else "right"  # at the end of the line, inside the drawing
        d.text(right, y, f"<i>{words}</i>", xanchor=inward, yanchor="bottom", font={"size": 10, "color": "#444"})


def _line_words(tr: Callable[[str], str]) -> dict[str, str]:
    """The lines between the lanes (:data:`LINES`) in words of a translator ``tr``."""
    return {
        "Line of interaction": tr("Line of interaction"),
        "Line of visibility": tr("Line of visibility"),
        "Line of internal interaction": tr("Line of internal interaction"),
    }


def _draw_channels(d: _Drawing, f: ChainFlows, column: dict[int, float]) -> None:
    """The customer's first contact on each channel, with an arrow to each stage (or contact type) it reaches."""
    y_c, say = d.lane_y["customer"], d.say
    channels = list(dict.fromkeys(f.channels))  # a desk channel has one row per contact type
    for c, channel in enumerate(channels):
        rows = [r for r, name in enumerate(f.channels) if name == channel]
        offset = (c - (len(channels) - 1) / 2) * (BOX_H / max(len(channels), 1))
        weekly = say.tr("{n} a week", n=say.local(f"{sum(f.external[r] for r in rows):,.0f}"))
        label = say.tr("Contacts by {channel}", channel=_name_lines(channel, bold=False)) + "<br>" + weekly
        d.text(0, y_c + offset, label, font={"size": FONT})
        d.measure(
            "<br>".join(["Contacts by", *_wrapped(channel), "x"]) if len(channels) == 1 and say.english else label
        )
        d.customer["x"].append(0)
        d.customer["y"].append(y_c + offset)
        d.customer["text"].append(say.tr("Contacts by {channel}", channel=plot_text(channel)))
        for r in rows:
            entry = int(f.entry[r])
            if f.n_types:  # a service desk: the customer's contact about the type, down into its box
                d.arrow(column[entry], y_c - BOX_H / 2, column[entry], d.lane_y["front"] + BOX_H / 2)
            else:
                d.arrow(BOX_W / 2, y_c + offset, column[entry] - BOX_W / 2, d.lane_y[_lane(f, entry)])
    d.shapes.append(
        {
            "type": "rect",
            "x0": -BOX_W / 2,
            "x1": BOX_W / 2,
            "y0": y_c - BOX_H / 2,
            "y1": y_c + BOX_H / 2,
            "xref": "x",
            "yref": "y",
            "line": {"color": "#888", "width": 1},
            "fillcolor": "white",
            "layer": "below",
        }
    )


def _draw_stage(
    d: _Drawing, scenario: Scenario, f: ChainFlows, i: int, column: dict[int, float], fail: bool, slow: bool
) -> None:
    """One stage: its box, its hover point, the customer's matching action and its outgoing arrows."""
    stage, lane = f.stages[i], _lane(f, i)
    name = plot_text(stage)  # drawn by plotly: shown as typed, never read as markup
    x, y = column[i], d.lane_y[lane]
    say = d.say
    d.box(x, y, _box_text(scenario, f, i, fail, slow, say), FAIL if fail else OK)
    t = d.stages[lane]
    t["x"].append(x)
    t["y"].append(y)
    t["text"].append(name)
    t["customdata"].append(
        [f.asa_seconds[i], f.p_abandon[i], f.handle_seconds[i], f.share_escalated[i], f.share_transferred[i]]
    )
    t["hover"].append(_hover(scenario, f, i, name, fail, say))
    if lane == "front":
        # the customer's matching action, above the line of interaction
        y_c = d.lane_y["customer"]
        waits = say.tr("Waits, then talks to")
        action = f"{waits}<br>{_name_lines(stage, bold=False)}"
        if i < f.n_types:  # a contact type: its channel's row of first contacts
            row = int(np.flatnonzero(f.entry == i)[0])
            waits = say.tr("Contacts by {channel} about", channel=plot_text(f.channels[row]))
            weekly = say.tr("{n} a week", n=say.local(f"{f.external[row]:,.0f}"))
            action = f"{waits}<br>{_name_lines(stage, bold=False)}<br>{weekly}"
        d.text(x, y_c, action, font={"size": FONT})
        d.measure(action)
        d.frame(x, y_c, "#888", 1)
        d.customer["x"].append(x)
        d.customer["y"].append(y_c)
        d.customer["text"].append(f"{waits} {name}")
    if i < f.n_types:
        return  # a contact type's onward arrows leave from the agent groups that answer it
    onward = f.share_onward[i]
    for j in range(len(f.stages)):
        if j == i or not onward[j] > 0:
            continue  # a stage's own follow-ups are noted in its box
        xj, yj = column[j], d.lane_y[_lane(f, j)]
        d.arrow(
            x + BOX_W / 2 * np.sign(xj - x) if xj != x else x,
            y,
            xj - BOX_W / 2 * np.sign(xj - x) if xj != x else xj,
            yj,
            say.local(f"{100 * onward[j]:.0f}%"),
        )


def _box_text(scenario: Scenario, f: ChainFlows, i: int, fail: bool, slow: bool, say: Wording) -> str:
    """The lines printed in a stage's box: name and marks, wait, abandonment, handle time, routing, repeats."""
    marks = " ".join(m for m, on in ((f"<b style='color:{FAIL}'>F</b>", fail), ("<b>W</b>", slow)) if on)
    deferred = _deferred(scenario, f.stages[i])
    esc, tra, own = f.share_escalated[i], f.share_transferred[i], f.share_followed_up_here[i]
    tr, share = say.tr, lambda value, digits=0: say.local(f"{100 * value:.{digits}f}%")
    lines = [
        f"{_name_lines(f.stages[i])} {marks}".strip(),
        tr("wait {wait}", wait=say.wait(f.asa_seconds[i])),
        tr("deferred work") if deferred else tr("{share} abandon", share=share(f.p_abandon[i], 1)),
        tr("handle {time}", time=_duration(f.handle_seconds[i], say)),
    ]
    routed = [
        tr("{share} escalated", share=share(esc)) if esc > 0 else "",
        tr("{share} transferred", share=share(tra)) if tra > 0 else "",
    ]
    lines.extend(r for r in routed if r)
    if own > 0:
        lines.append(tr("{share} followed up later", share=share(own)))
    if f.repeats[i].sum() > 0 and f.answered[i] > 0:
        lines.append(tr("↺ {share} contact again", share=share(f.share_repeating[i])))
    return "<br>".join(lines)


def _duration(seconds: float, say: Wording) -> str:
    """Like :func:`svcdesign.display.duration_text` (a handle time), in the language."""
    if say.english:
        return duration_text(seconds)
    if seconds is None or not np.isfinite(seconds):
        return say.tr("n/a")
    if seconds < 7200:
        return say.tr("{n} min", n=say.number(seconds / 60, 1))
    return say.tr("{n} h", n=say.number(seconds / 3600, 1))


def _hover(scenario: Scenario, f: ChainFlows, i: int, name: str, fail: bool, say: Wording) -> str:
    """A stage's hover text: every figure of its box with the targets it is held to (a share beside its target
    written on the side of it that the fail point says: :func:`~.targets.beside_target`)."""
    target = target_of(scenario, f.stages[i])
    level, abandon = f.service_level[i], f.p_abandon[i]
    tr = say.tr
    shares = [tr("service level {share}", share=say.percent(level))]
    if target.service_level:
        shown, goal = beside_target(level, target.service_level, misses=bool(level < target.service_level), say=say)
        shares = [tr("service level {share}", share=shown) + " " + tr("(target {share})", share=goal)]
    shares.append(tr("abandoned {share}", share=say.percent(abandon)))
    if target.max_abandon:
        most = target.max_abandon
        shown, goal = beside_target(abandon, most, misses=bool(abandon > most), at_most=True, say=say)
        shares[1] = tr("abandoned {share}", share=shown) + " " + tr("(limit {share})", share=goal)
    wait = tr(
        "mean wait of all contacts {wait}; target answer time {target}",
        wait=say.wait(f.asa_seconds[i]),
        target=say.wait(target.answer_within),
    )
    lines = [
        f"<b>{name}</b> ({_role_words(f.roles[i], say)})",
        tr("contacts {n} a week", n=say.number(f.arrivals[i])),
        wait,
        *shares,
        tr("mean handle time {time}", time=_duration(f.handle_seconds[i], say)),
        tr(
            "escalated {a}, transferred {b}", a=say.percent(f.share_escalated[i]), b=say.percent(f.share_transferred[i])
        ),
    ]
    if fail:
        lines.append(tr("<b>fail point</b>: misses its target"))
    return "<br>".join(lines)


def _role_words(role: str, say: Wording) -> str:
    """A stage's role in words (English: the model's name with spaces)."""
    if say.english:
        return role.replace("_", " ")
    tr = say.tr
    roles = {
        "representative": tr("customer service representative"),
        "coordinator": tr("customer service coordinator"),
        "supervisor": tr("customer service supervisor"),
        "back_office": tr("back office"),
        "partner": tr("partner"),
        "contact_type": tr("contact type"),
    }
    return roles.get(role, role.replace("_", " "))


def _draw_groups(d: _Drawing, f: ChainFlows, column: dict[int, float]) -> None:
    """The service desk's agent groups, spread evenly under its contact types: a box per group listing
    its skills with the contacts of each type it answered, an arrow from each type to each group that
    has its skill, and arrows on to the stages the groups' answered contacts go to (each type's routing,
    split over the groups that answered it: :meth:`~svcdesign.explore.flows.ChainFlows.through_groups`)."""
    Q, G = f.n_types, len(f.groups)
    left, right = column[0] - DX / 2, max(column[q] for q in range(Q)) + DX / 2
    y, y_front = d.lane_y["groups"], d.lane_y["front"]
    onward = f.through_groups(f.escalated + f.transferred + f.followed_up)
    t, say = d.stages["groups"], d.say
    for g, group in enumerate(f.groups):
        x = left + (g + 0.5) * (right - left) / G
        answered = f.answered_by[:, g]
        skills = [q for q in range(Q) if f.skilled[q, g]]
        lines = [_name_lines(group)] + [
            f"{_name_lines(f.stages[q], bold=False)}: {say.local(f'{answered[q]:,.0f}')}" for q in skills
        ]
        d.box(x, y, "<br>".join(lines), OK)
        name = plot_text(group)
        t["x"].append(x)
        t["y"].append(y)
        t["text"].append(name)
        t["customdata"].append([float(answered.sum())])
        total = f"{answered.sum():,.0f}"
        answers = say.tr.ntr(
            "answers {n} contact a week", "answers {n} contacts a week", total.replace(",", ""), n=say.local(total)
        )
        t["hover"].append(f"<b>{name}</b><br>{answers}")
        for q in skills:
            d.arrow(column[q], y_front - BOX_H / 2, x, y + BOX_H / 2)
        for j in (int(k) for k in np.flatnonzero(onward[g] > 0)):
            share = onward[g, j] / answered.sum()
            d.arrow(x, y - BOX_H / 2, column[j] - BOX_W / 2, d.lane_y[_lane(f, j)], say.local(f"{100 * share:.0f}%"))


def _keys(tr: Callable[[str], str]) -> tuple[str, str]:
    """The words of :data:`KEY` and :data:`DESK_KEY` through a translator ``tr``."""
    return (
        tr(
            "F = fail point (misses its service-level or abandonment target) · W = mean wait above the target "
            "answer time · wait: mean wait of all contacts, those who give up counted until they leave · abandon: "
            "share of the stage's arriving contacts · handle: mean handle time · other %: share of the stage's "
            "answered contacts"
        ),
        tr(
            " · an agent group's box: the contacts of each type it answered over the week"
            " · % from a group: share of the group's answered contacts"
        ),
    )


KEY, DESK_KEY = _keys(str)
"""The key drawn under the blueprint, and what it adds for a service desk."""


def _figure(d: _Drawing, scenario: Scenario, right: float) -> go.Figure:
    """The drawing as a figure: invisible hover points per lane, the shapes and annotations, and a size
    in pixels at which every box holds its text."""
    fig, labels = go.Figure(), _lane_labels(d.say.tr)
    key, desk_key = _keys(d.say.tr)
    fig.add_trace(
        go.Scatter(
            **d.customer,
            mode="markers",
            name=labels["customer"],
            marker={"size": 30, "opacity": 0, "symbol": "square"},
            hoverinfo="text",
            hovertext=d.customer["text"],
            showlegend=False,
        )
    )
    for lane, t in d.stages.items():
        fig.add_trace(
            go.Scatter(
                x=t["x"],
                y=t["y"],
                text=t["text"],
                customdata=t["customdata"],
                mode="markers",
                name=labels[lane],
                hovertext=t["hover"],
                hoverinfo="text",
                marker={"size": 40, "opacity": 0, "symbol": "square"},
                showlegend=False,
            )
        )
    x_unit = max(130.0, d.widest * CHAR_PX + 18) / BOX_W  # px per data unit: the widest line fits a box
    y_unit = (d.tallest * LINE_PX + 14) / BOX_H
    margin = {"l": 10, "r": 10, "t": 60, "b": 70}
    x_range, y_range = [LEFT, right + 0.1], [-0.6, len(d.lanes) - 0.4]
    start = {"x": 1, "xanchor": "right", "align": "right"} if d.rtl else {"x": 0, "xanchor": "left", "align": "left"}
    notes = [
        *d.notes,
        {
            **start,
            "y": 0,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "top",
            "yshift": -8,
            "text": _key_lines(key + (desk_key if "groups" in d.lanes else ""), (x_range[1] - x_range[0]) * x_unit),
            "showarrow": False,
            "font": {"size": 10, "color": "#444"},
        },
    ]
    fig.update_layout(
        title={
            "text": d.say.tr("Service blueprint — {name}", name=plot_text(scenario.name)),
            "x": start["x"],
            "xanchor": start["xanchor"],
        },
        title_font_size=14,
        shapes=d.shapes,
        annotations=notes,
        template="plotly_white",
        showlegend=False,
        xaxis={
            "range": x_range[::-1] if d.rtl else x_range,
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        yaxis={"range": y_range, "showticklabels": False, "showgrid": False, "zeroline": False, "fixedrange": True},
        width=round((x_range[1] - x_range[0]) * x_unit) + margin["l"] + margin["r"],
        height=round((y_range[1] - y_range[0]) * y_unit) + margin["t"] + margin["b"],
        margin=margin,
    )
    return fig


def _key_lines(text: str, width_px: float) -> str:
    """The key, broken at its " · " separators into lines that fit ``width_px`` at 10 px."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and (len(lines[-1]) + 3 + len(part)) * 5.6 <= width_px:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "<br>".join(lines)
