"""The service-design views of a multi-skill service desk: its flows add up to each engine's figures, the
Sankey diagram and the blueprint draw them, and names from the scenario are drawn as text."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hostile import plot_unescaped, strings
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import svcdesign as sd
from svcdesign.explore import chain_flows
from svcdesign.explore.flows import ChainFlows
from svcdesign.markup import plot_text
from svcdesign.present import blueprint, sankey
from svcdesign.present.blueprint import DESK_LANE_Y, LANE_LABELS

EXAMPLE = "omnichannel_phone_chat_email"


@pytest.fixture(scope="module")
def scenario():
    return sd.load_example(EXAMPLE)


@pytest.fixture(scope="module", params=["analytic", "simulation"])
def results(request, scenario):
    if request.param == "analytic":
        return sd.evaluate(scenario)
    return sd.simulate(scenario, replications=2, seed=1)


def test_desk_flows_are_the_engines_figures(scenario, results):
    f = chain_flows(scenario, results)
    desk = scenario.service_desk
    types = [t.name for t in desk.contact_types]
    Q = len(types)
    assert f.n_types == Q and f.stages[:Q] == types and f.stages[Q:] == scenario.stage_names
    assert f.roles[:Q] == ["contact_type"] * Q
    assert f.groups == [g.name for g in desk.groups]
    # first contacts: one row per contact type, on its channel, the channel's volume × the type's share
    volume = {c.name: c.weekly_volume for c in scenario.demand.channels}
    for t in desk.contact_types:
        row = int(np.flatnonzero(f.entry == types.index(t.name))[0])
        assert f.channels[row] == t.channel
        assert f.external[row] == pytest.approx(volume[t.channel] * t.share, rel=1e-9)
    # who answered what is the engine's own table, and each type's row adds up to its answered contacts
    table = results.meta["answered_by"]
    for q, name in enumerate(types):
        assert f.answered_by[q] == pytest.approx(table.loc[name, f.groups].to_numpy(dtype=float), rel=1e-9)
        assert f.answered_by[q].sum() == pytest.approx(results.value("answered", name), rel=1e-9)
        skills = {g.name for g in desk.groups if name in g.skill_names}
        assert {f.groups[g] for g in np.flatnonzero(f.skilled[q])} == skills
        assert set(np.flatnonzero(f.answered_by[q] > 0)) <= set(np.flatnonzero(f.skilled[q]))
    # every contact a group answered goes somewhere: resolved, on to a stage, or back as a repeat
    onward = f.through_groups(f.escalated + f.transferred + f.followed_up).sum(1)
    out = f.through_groups(f.resolved) + onward + f.through_groups(f.repeats.sum(1))
    assert out == pytest.approx(f.answered_by.sum(0), rel=1e-9)


def test_desk_flows_into_each_stage_add_up_to_the_analytic_arrivals(scenario):
    """The traffic equations over the week: first contacts, repeats, transfers and follow-ups into each
    contact type and stage are its arrivals, but for the abandoners who retry (``routing.retry``), which
    the flows leave out (Erlang A's arrivals count them again)."""
    results = sd.evaluate(scenario)
    f = chain_flows(scenario, results)
    retry = [t.routing.retry for t in scenario.service_desk.contact_types] + [s.routing.retry for s in scenario.stages]
    assert f.inflow + np.array(retry) * f.abandoned == pytest.approx(f.arrivals, rel=1e-9)


def test_desk_flows_into_each_stage_match_the_simulated_arrivals(scenario):
    """Flows are expected contacts split by the routing; the simulation's arrivals are counted over one
    simulated week (two replications, seed fixed; thousands of contacts a type), where repeat contacts
    due a day after the week's last answers fall outside it: within 5 %."""
    results = sd.simulate(scenario, replications=2, seed=1)
    f = chain_flows(scenario, results)
    retry = [t.routing.retry for t in scenario.service_desk.contact_types] + [s.routing.retry for s in scenario.stages]
    assert f.inflow + np.array(retry) * f.abandoned == pytest.approx(f.arrivals, rel=0.05)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    answered_by=arrays(float, (3, 2), elements=st.one_of(st.just(0.0), st.floats(1e-3, 1e4))),
    values=arrays(float, (5, 5), elements=st.floats(0.0, 1e4)),
)
def test_through_groups_splits_each_types_flow_in_proportion_to_who_answered_it(answered_by, values):
    Q, S = answered_by.shape[0], values.shape[0]
    answered = np.concatenate([answered_by.sum(1), np.ones(S - Q)])
    zeros = np.zeros(S)
    f = ChainFlows(
        *([[]] * 3),
        *([zeros] * 3),
        answered,
        *([zeros] * 2),
        *([np.zeros((S, S))] * 4),
        *([zeros] * 4),
        groups=["a", "b"],
        answered_by=answered_by,
        skilled=answered_by > 0,
    )
    split = f.through_groups(values)
    answering = answered[:Q] > 0
    assert split.sum(0) == pytest.approx(values[:Q][answering].sum(0), rel=1e-9, abs=1e-6)
    for g in range(2):
        expected = sum(values[q] * answered_by[q, g] / answered[q] for q in range(Q) if answering[q])
        assert split[g] == pytest.approx(expected + zeros, rel=1e-9, abs=1e-6)


def test_sankey_of_a_desk_links_types_to_the_groups_that_answered_them(scenario, results):
    f = chain_flows(scenario, results)
    link = sankey(scenario, results).data[0].link
    labels = list(sankey(scenario, results).data[0].node.label)
    kinds = [k for k, _ in link.customdata]
    for q, name in enumerate(f.stages[: f.n_types]):
        for g, group in enumerate(f.groups):
            found = [
                v
                for s, t, v, k in zip(link.source, link.target, link.value, kinds, strict=True)
                if k == "answered by" and labels[s] == name and labels[t] == group
            ]
            assert sum(found) == pytest.approx(f.answered_by[q, g], rel=1e-12)
    first = [v for v, k in zip(link.value, kinds, strict=True) if k == "first contact"]
    assert sum(first) == pytest.approx(f.external.sum(), rel=1e-12)
    for channel in set(f.channels):  # one node per channel, feeding each of its contact types
        assert labels.count(f"{channel} (first contacts)") == 1
    for g, group in enumerate(f.groups):  # what leaves a group is what it answered
        node = labels.index(group)
        leaving = sum(v for s, v in zip(link.source, link.value, strict=True) if s == node)
        assert leaving == pytest.approx(f.answered_by[:, g].sum(), rel=1e-9)


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def test_blueprint_of_a_desk_puts_types_in_front_and_groups_with_their_skills_under_them(scenario, results):
    fig = blueprint(scenario, results)
    f = chain_flows(scenario, results)
    lanes = {trace.name: trace for trace in fig.data}
    front = lanes[LANE_LABELS["front"]]
    assert list(front.text) == f.stages[: f.n_types]
    assert set(front.y) == {DESK_LANE_Y["front"]}
    groups = lanes[LANE_LABELS["groups"]]
    assert list(groups.text) == f.groups
    assert [c[0] for c in groups.customdata] == pytest.approx(f.answered_by.sum(0).tolist(), rel=1e-12)
    boxes = [" ".join(re.sub(r"<[^>]+>", " ", a.text).split()) for a in fig.layout.annotations if a.text]
    for g, group in enumerate(scenario.service_desk.groups):
        first = min(group.skill_names, key=f.stages.index)  # a box lists the skills in the desk's order
        box = next(t for t in boxes if t.startswith(f"{group.name} {first}:"))
        for skill in group.skill_names:
            assert f"{skill}: {f.answered_by[f.stages.index(skill), g]:,.0f}" in box
    rects = [s.to_plotly_json() for s in fig.layout.shapes if s.type == "rect"]
    assert not [(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :] if _overlap(a, b)]


HOSTILE_TYPE = "<script>__pwned=1</script>billing %{pwned}"
HOSTILE_GROUP = "<img src=x onerror=__pwned=2>agents $1$"
HOSTILE_CHANNEL = "<svg onload=__pwned=3>chat"


def test_desk_names_are_drawn_as_text(scenario):
    text = json.dumps(scenario.model_dump(mode="json", exclude_none=True))
    for old, new in (("billing by chat", HOSTILE_TYPE), ("phone and chat agents", HOSTILE_GROUP)):
        text = text.replace(json.dumps(old), json.dumps(new))
    data = json.loads(text)
    for channel in data["demand"]["channels"]:
        channel["name"] = HOSTILE_CHANNEL if channel["name"] == "chat" else channel["name"]
    for contact in data["service_desk"]["contact_types"]:
        contact["channel"] = HOSTILE_CHANNEL if contact["channel"] == "chat" else contact["channel"]
    hostile = sd.Scenario.from_dict(data)
    assert HOSTILE_TYPE in [t.name for t in hostile.service_desk.contact_types]
    results = sd.evaluate(hostile)
    for fig in (sankey(hostile, results), blueprint(hostile, results)):
        spec = fig.to_plotly_json()
        texts = list(strings(spec["data"])) + list(
            strings({k: v for k, v in spec["layout"].items() if k != "template"})
        )
        assert plot_unescaped(texts) == []
        for name in (HOSTILE_TYPE, HOSTILE_GROUP, HOSTILE_CHANNEL):
            assert any(plot_text(name) in t for t in texts), name
