"""The service chain as a Sankey diagram: where contacts come from, where they go, where they are lost.

Sources on the left (first contacts per channel, repeat contacts, follow-ups), the stages in the
middle, outcomes on the right (resolved, abandoned, comes back as a repeat contact). Escalations,
transfers and follow-ups link stage to stage. A multi-skill service desk's channels feed its contact
types; each type's answered contacts flow to the agent groups that answered them (the engine's
answered-by table) and on from there, split by the type's routing. Every number is a whole-horizon count of contacts
from the engine's results (see :func:`svcdesign.explore.chain_flows`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from ..explore.flows import chain_flows
from ..explore.review import Wording
from ..markup import plot_text
from ..model import Scenario
from ..results import ALL, Results
from .style import BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION, rgba

COLOURS = {
    "source": BLUE,
    "stage": SKY,
    "group": PURPLE,
    "resolved": GREEN,
    "abandoned": VERMILLION,
    "repeat": ORANGE,
    "link": "rgba(110,110,110,0.30)",
    "lost": rgba(VERMILLION, 0.40),
    "good": rgba(GREEN, 0.35),
    "again": rgba(ORANGE, 0.40),
    "move": rgba(SKY, 0.45),
}
"""Node and link colours (Okabe–Ito: told apart with every common colour-vision deficiency)."""

FLOW_KINDS = (
    "first contact",
    "repeat contact",
    "escalated",
    "transferred",
    "follow-up",
    "answered by",
    "resolved",
    "abandoned",
    "repeat later",
)
"""Kinds of link in the diagram (each link's ``customdata``)."""


def sankey(
    scenario: Scenario,
    results: Results | None = None,
    *,
    segment: str = ALL,
    min_flow: float = 0.0,
    language: str = "en",
) -> go.Figure:
    """Contacts through the chain over the results' horizon (default: ``evaluate(scenario)``, a week).

    ``segment`` shows one customer segment; links smaller than ``min_flow`` contacts are left out.
    Each link carries its kind in ``customdata`` (one of :data:`FLOW_KINDS`, in words of ``language``);
    hovering shows the count and, for a stage's outgoing links, the share of its arrivals. ``language``
    (one of :data:`svcdesign.i18n.LANGUAGES`) is the language of the diagram's fixed words.
    """
    f = chain_flows(scenario, results, segment=segment)
    say = Wording(language)
    tr = say.tr
    d = _Diagram(min_flow, say)
    names = list(dict.fromkeys(f.channels))  # a desk channel has one row per contact type
    channel_nodes = [
        d.node(tr("{channel} (first contacts)", channel=plot_text(name)), COLOURS["source"]) for name in names
    ]
    has_repeats = f.repeats.sum() > 0
    repeat_in = d.node(tr("Repeat contacts"), COLOURS["repeat"]) if has_repeats else -1
    stage_nodes = [d.node(plot_text(name), COLOURS["stage"]) for name in f.stages]
    group_nodes = [d.node(plot_text(name), COLOURS["group"]) for name in f.groups]
    resolved = d.node(tr("Resolved"), COLOURS["resolved"])
    abandoned = d.node(tr("Abandoned"), COLOURS["abandoned"])
    repeat_out = d.node(tr("Not resolved: contacts again"), COLOURS["repeat"]) if has_repeats else -1

    for c, name in enumerate(f.channels):
        d.link(
            channel_nodes[names.index(name)],
            stage_nodes[int(f.entry[c])],
            f.external[c],
            "first contact",
            COLOURS["link"],
            None,
        )
    for j, n in enumerate(stage_nodes):
        d.link(repeat_in, n, f.repeats[:, j].sum(), "repeat contact", COLOURS["again"], None)
    Q = f.n_types
    ends = (resolved, abandoned, repeat_out)
    for i, n in enumerate(stage_nodes):
        if i < Q:  # a contact type: its answered contacts go on to the agent groups that answered them
            d.link(n, abandoned, f.abandoned[i], "abandoned", COLOURS["lost"], f.arrivals[i])
            for g, m in enumerate(group_nodes):
                d.link(n, m, f.answered_by[i, g], "answered by", COLOURS["move"], f.arrivals[i])
            continue
        routed = (f.resolved[i], f.abandoned[i], f.escalated[i], f.transferred[i], f.followed_up[i], f.repeats[i].sum())
        _onward(d, n, stage_nodes, ends, routed, f.arrivals[i])
    by_group = [f.through_groups(a) for a in (f.resolved, f.escalated, f.transferred, f.followed_up, f.repeats.sum(1))]
    for g, m in enumerate(group_nodes):
        routed = (by_group[0][g], 0.0, *(a[g] for a in by_group[1:]))
        _onward(d, m, stage_nodes, ends, routed, float(f.answered_by[:, g].sum()))

    who = tr("all customers") if segment == ALL else tr("segment '{name}'", name=plot_text(segment))
    title = tr(
        "Contacts through the chain over the week (contacts per week) — {name}, {who}",
        name=plot_text(scenario.name),
        who=who,
    )
    return _figure(d, title)


def _onward(d: _Diagram, n: int, stage_nodes: list[int], ends: tuple[int, int, int], routed: tuple, of: float) -> None:
    """The links out of node ``n`` (a stage, or an agent group of the service desk): ``routed`` holds its
    contacts resolved, abandoned, escalated, transferred and followed up to each stage ``[S]``, and repeating
    later; ``ends`` the resolved, abandoned and repeat-later nodes; ``of`` its contacts, for the hover shares."""
    resolved, abandoned, escalated, transferred, followed_up, repeats = routed
    d.link(n, ends[0], resolved, "resolved", COLOURS["good"], of)
    d.link(n, ends[1], abandoned, "abandoned", COLOURS["lost"], of)
    for j, m in enumerate(stage_nodes):
        d.link(n, m, escalated[j], "escalated", COLOURS["move"], of)
        d.link(n, m, transferred[j], "transferred", COLOURS["move"], of)
        d.link(n, m, followed_up[j], "follow-up", COLOURS["move"], of)
    d.link(n, ends[2], repeats, "repeat later", COLOURS["again"], of)


@dataclass(frozen=True)
class _Diagram:
    """The nodes (``labels``, ``colours``) and links (``source`` → ``target`` nodes, ``value`` contacts,
    ``kind`` of :data:`FLOW_KINDS`, ``colour`` and ``share`` of the source's contacts) of a Sankey diagram,
    filled in node by node and link by link."""

    min_flow: float
    say: Wording
    labels: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    colour: list[str] = field(default_factory=list)
    share: list[str] = field(default_factory=list)

    def node(self, label: str, colour: str) -> int:
        """Add a node; returns its index."""
        self.labels.append(label)
        self.colours.append(colour)
        return len(self.labels) - 1

    def link(self, a: int, b: int, v: float, what: str, c: str, of: float | None) -> None:
        """Add a link of ``v`` contacts from node ``a`` to ``b`` (none at or below ``min_flow`` or 0);
        ``of``: the source's contacts, for the share shown on hover."""
        if v > self.min_flow and v > 0:
            self.source.append(a)
            self.target.append(b)
            self.value.append(float(v))
            self.kind.append(_kind_words(what, self.say))
            self.colour.append(c)
            share = self.say.local(f"{100.0 * v / of:.1f}%") if of else ""
            self.share.append(
                self.say.tr("{share} of {name}'s contacts", share=share, name=self.labels[a]) if of else ""
            )


def _kind_words(kind: str, say: Wording) -> str:
    """A kind of link (one of :data:`FLOW_KINDS`) in words of the language (English: the kind itself)."""
    if say.english:
        return kind
    tr = say.tr
    return {
        "first contact": tr("first contact"),
        "repeat contact": tr("repeat contact"),
        "escalated": tr("escalated"),
        "transferred": tr("transferred"),
        "follow-up": tr("follow-up"),
        "answered by": tr("answered by"),
        "resolved": tr("resolved"),
        "abandoned": tr("abandoned"),
        "repeat later": tr("repeat later"),
    }[kind]


def _figure(d: _Diagram, title: str) -> go.Figure:
    """The plotly figure of the diagram ``d``."""
    contacts = d.say.tr("contacts")
    arrow = d.say.tr("{before} → {after}", before="%{source.label}", after="%{target.label}")
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" " + contacts,
            node={
                "label": d.labels,
                "color": d.colours,
                "pad": 18,
                "thickness": 16,
                "hovertemplate": "%{label}: %{value:,.0f} " + contacts + "<extra></extra>",
            },
            link={
                "source": d.source,
                "target": d.target,
                "value": d.value,
                "color": d.colour,
                "customdata": [[k, s] for k, s in zip(d.kind, d.share, strict=True)],
                "hovertemplate": arrow
                + "<br>%{customdata[0]}: %{value:,.0f} "
                + contacts
                + "<br>%{customdata[1]}<extra></extra>",
            },
        )
    )
    fig.update_layout(
        title=title,
        template="plotly_white",
        font={"size": 12},
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        height=420,
    )
    return fig
