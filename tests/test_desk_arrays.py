"""A service desk laid out as arrays (svcdesign.model.compiled.expand with svcdesign.model.desk_arrays).

Checked against the scenario file's own figures, not against the code's output: a desk channel's arrivals
split by the contact types' shares and still summing to the channel's demand, each type entering at
itself, the router's preferences, delays and reserves in place, the groups' staff from their shifts, and
the chain's stages after the types with their routing shifted by the number of types.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from svcdesign import InputError, Scenario
from svcdesign.model import compiled
from svcdesign.model.compiled import demand_per_period, expand
from svcdesign.model.roster import staff_per_period

ROOT = Path(__file__).resolve().parent.parent
OMNICHANNEL = ROOT / "datasets" / "scenarios" / "omnichannel_phone_chat_email.yaml"


@pytest.fixture
def laid_out(monkeypatch):
    """The example desk expanded as an engine that reads desks sees it."""
    monkeypatch.setattr(compiled, "DESK_READERS", ("analytic",))
    scenario = Scenario.load(OMNICHANNEL)
    return scenario, expand(scenario, engine="analytic")


def test_contact_types_come_first_then_the_chain(laid_out):
    scenario, x = laid_out
    types = [t.name for t in scenario.service_desk.contact_types]
    assert x.stages == types + scenario.stage_names
    assert x.n_types == len(types) == 5
    assert not x.staff[: x.n_types].any() and not x.agents[: x.n_types].any()  # their agents are the groups'
    np.testing.assert_array_equal(x.staff[5], staff_per_period(scenario.stages[0], 30))


def test_a_desk_channel_is_split_by_share_and_still_sums_to_its_demand(laid_out):
    scenario, x = laid_out
    demand = demand_per_period(scenario)
    assert x.channels == ["billing by phone", "general by phone", "billing by chat", "general by chat", "email"]
    assert x.desk.channel_of == ["phone", "phone", "chat", "chat", "email"]
    np.testing.assert_allclose(x.arrivals[0], 0.4 * demand[0])  # billing by phone: share 0.4 in the file
    np.testing.assert_allclose(x.arrivals[0] + x.arrivals[1], demand[0])
    np.testing.assert_allclose(x.arrivals[2] + x.arrivals[3], demand[1])
    assert x.arrivals.sum() == pytest.approx(8000 + 5000 + 2000)  # the file's weekly volumes
    np.testing.assert_array_equal(x.entry, [0, 1, 2, 3, 4])


def test_routing_onward_and_repeats(laid_out):
    _, x = laid_out
    specialist = x.stages.index("specialist")
    assert x.move[0, 0, specialist] == pytest.approx(0.15)  # billing by phone: transfer 0.15
    assert x.repeat[0] == pytest.approx(0.15) and x.repeat_to[0] == 0  # a repeat comes back as its type
    assert x.retry[0] == pytest.approx(0.3) and x.retry_delay[0] == pytest.approx(600)
    assert x.deferred.tolist() == [False, False, False, False, True, True]
    assert x.target_time[2] == pytest.approx(60) and x.target_time[0] == pytest.approx(20)


def test_groups_skills_and_router(laid_out):
    scenario, x = laid_out
    d = x.desk
    assert d.groups == ["phone agents", "phone and chat agents", "back office"]
    for g, group in enumerate(scenario.service_desk.groups):
        np.testing.assert_array_equal(d.staff[g], staff_per_period(group, 30))
        np.testing.assert_allclose(d.agents[g], d.staff[g] * 0.7)  # shrinkage 0.3
    assert d.speed[0, 1] == pytest.approx(1.1) and np.isnan(d.speed[0, 2])
    assert d.preference[2].tolist() == [-1, 0, 1]  # billing by chat: phone and chat agents, then back office
    assert d.overflow_after[2, 2] == pytest.approx(90) and np.isinf(d.overflow_after[2, 0])
    assert d.reserve[2, 1] == pytest.approx(1)
    assert d.concurrency.tolist() == [1, 3, 1]
    np.testing.assert_allclose(d.slowdown[1, :3], [1.0, 1.25, 1.6])
    assert d.blend_idle_above.tolist() == [-1, -1, 2]
    assert d.callback_offer_above[0] == pytest.approx(120) and d.callback_accept[0] == pytest.approx(0.4)
    assert d.chat.tolist() == [False, False, True, True, False]
    assert d.type_priority.tolist() == [0, 1, 0, 1, 0]


def test_other_readers_refuse_a_desk():
    with pytest.raises(InputError, match="not yet supported by this view"):
        expand(Scenario.load(OMNICHANNEL))


def test_names_that_would_collide_in_results_are_refused():
    data = Scenario.load(OMNICHANNEL).model_dump(mode="json", exclude_none=True)
    data["service_desk"]["groups"][2]["name"] = "email"  # a group named like a contact type
    for g in data["service_desk"]["contact_types"]:
        g["router"]["groups"] = ["email" if n == "back office" else n for n in g["router"].get("groups", [])]
    with pytest.raises(Exception, match="contact types and agent groups share the names"):
        Scenario.from_dict(data)
