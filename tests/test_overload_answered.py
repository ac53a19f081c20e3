"""An overloaded stage answers no more than its agents can; the rest are unserved (still waiting).

The bound is the model's own: an agent answers at most one contact per mean handle time (a chat agent at
most ``max_j j ÷ slowdown[j − 1]`` of them at once), so a stage answers at most agents × period ÷ mean handle
time per period (live work) or over the week (deferred work, whose backlog carries over between periods).
The simulation of the bank at five times its demand is the outside reference.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign import Scenario
from svcdesign.model.compiled import expand

WEEK = 7 * 24 * 3600.0


def per_period(results: sd.Results, metric: str, stage: str) -> np.ndarray:
    """The per-period values of ``metric`` at ``stage`` (segment ``all``), in period order."""
    d = results.data
    rows = d[(d["metric"] == metric) & (d["stage"] == stage) & (d["segment"] == "all") & d["period"].notna()]
    return rows.sort_values("period")["value"].to_numpy(dtype=float)


def assert_accounted(results: sd.Results, stages: list[str]) -> None:
    """answered + abandoned + unserved = arrivals at every stage and period, each finite and ≥ 0."""
    for stage in stages:
        parts = {m: per_period(results, m, stage) for m in ("arrivals", "answered", "abandoned", "unserved")}
        for name, values in parts.items():
            assert np.all(np.isfinite(values)) and np.all(values >= -1e-9 * max(1.0, values.max())), (stage, name)
        total = parts["answered"] + parts["abandoned"] + parts["unserved"]
        assert total == pytest.approx(parts["arrivals"], rel=1e-9, abs=1e-9), stage


@pytest.fixture(scope="module")
def bank_five() -> Scenario:
    return sd.load_example("bank").with_overrides({"demand.scale": 5})


def test_the_bank_at_five_times_its_demand_answers_at_the_back_office_what_the_simulation_does(bank_five):
    """At 5× demand the back office (deferred work, 0.89 agents a week) is overloaded all week. Its answered
    work per available agent agrees with the simulation's within the simulation's 95 % interval: per agent,
    because the simulation rounds the agents to whole agents per interval (0.97 on the week's mean here, its
    warning says so) while the analytic engine keeps the roster's fractional agents; both engines then
    answer what the agents can at full occupancy."""
    analytic = sd.evaluate(bank_five, staffing=False)
    horizon = analytic.horizon().xs("back office", level="stage").iloc[0]
    assert horizon["overloaded"] == 1
    handle = horizon["offered_load"] * WEEK / horizon["arrivals"]  # the week's mean handle time, s
    assert horizon["answered"] == pytest.approx(horizon["agents"] * WEEK / handle, rel=1e-9)
    assert horizon["unserved"] == pytest.approx(horizon["arrivals"] - horizon["answered"], rel=1e-9)
    assert_accounted(analytic, ["representative", "coordinator", "supervisor", "back office"])

    sim = sd.simulate(bank_five, replications=3, seed=1).data
    rows = sim[(sim["stage"] == "back office") & (sim["segment"] == "all") & sim["period"].isna()].set_index("metric")
    per_agent = horizon["answered"] / horizon["agents"]
    low, high = (rows.loc["answered", side] / rows.loc["agents", "value"] for side in ("lower", "upper"))
    assert low <= per_agent <= high
    # what the simulation leaves waiting at the end is the contacts it did not answer (none abandons)
    still = rows.loc["arrivals", "value"] - rows.loc["answered", "value"]
    assert still > 0.2 * rows.loc["arrivals", "value"] and horizon["unserved"] > 0.2 * horizon["arrivals"]


def test_the_response_reads_the_engines_unserved(bank_five):
    analytic = sd.evaluate(bank_five, staffing=False)
    engine = analytic.horizon()["unserved"].drop("all", level="stage").sum()
    assessed = sd.assess(bank_five, analytic).data
    row = assessed[(assessed["metric"] == "unserved") & (assessed["stage"] == "all") & (assessed["segment"] == "all")]
    assert engine > 400 and float(row["value"].iloc[0]) == pytest.approx(engine, rel=1e-12)


def test_onward_routing_flows_from_what_is_answered():
    """A live stage without patience (Erlang C) overloaded all week transfers 30 % of what it answers: the
    next stage's arrivals are 30 % of the capped throughput, not of the first stage's arrivals."""
    scenario = small(calls=100.0, staff=4, back_staff=1, patience=None)
    r = sd.evaluate(scenario, staffing=False)
    front = {m: per_period(r, m, "desk") for m in ("arrivals", "answered", "agents")}
    assert np.all(front["answered"] == pytest.approx(front["agents"] * 3600.0 / HANDLE, rel=1e-9))
    assert per_period(r, "arrivals", "back").sum() == pytest.approx(0.3 * front["answered"].sum(), rel=1e-9)


HANDLE, BACK_HANDLE = 300.0, 900.0


def small(calls: float, staff: int, back_staff: int, patience: float | None) -> Scenario:
    """A front desk (hourly periods, constant demand; Erlang C without patience) transferring 30 % of what
    it answers to a deferred back office staffed 09:00–17:00 on weekdays."""
    desk: dict = {"name": "desk", "staff": staff, "handle_time": HANDLE, "routing": {"transfer": {"back": 0.3}}}
    if patience is not None:
        desk["patience"] = patience
    back = {
        "name": "back",
        "deferred": True,
        "handle_time": BACK_HANDLE,
        "staff": [{"start": "09:00", "hours": 8, "count": back_staff, "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]}],
        "target": {"answer_within": "48h", "service_level": 0.8},
    }
    return Scenario.from_dict(
        {
            "name": "small",
            "demand": {"interval_minutes": 60, "channels": [{"name": "phone", "per_interval": [calls] * 24}]},
            "stages": [desk, back],
        }
    )


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    calls=st.floats(0.0, 200.0),
    staff=st.integers(0, 12),
    back_staff=st.integers(0, 4),
    patience=st.none() | st.floats(30.0, 3600.0),
)
def test_no_stage_answers_more_than_its_agents_can(calls, staff, back_staff, patience):
    r = sd.evaluate(small(calls, staff, back_staff, patience), staffing=False)
    assert_accounted(r, ["desk", "back"])
    desk = per_period(r, "answered", "desk")
    assert np.all(desk <= per_period(r, "agents", "desk") * 3600.0 / HANDLE * (1 + 1e-9) + 1e-9)
    week = per_period(r, "agents", "back").sum() * 3600.0 / BACK_HANDLE
    assert per_period(r, "answered", "back").sum() <= week * (1 + 1e-9) + 1e-9


def test_a_desk_at_a_thousand_times_its_demand_answers_within_its_groups_capacity():
    """Each contact type answers at most what the agents of the groups with its skill can: per period for
    live types, over the week for deferred ones (email)."""
    scenario = sd.load_example("omnichannel_phone_chat_email").with_overrides({"demand.scale": 1000})
    r = sd.evaluate(scenario, staffing=False)
    x = expand(scenario, engine="analytic")
    d = x.desk
    assert d is not None
    per_agent = np.ones((d.n_types, len(d.groups)))  # contacts an agent holds at once, at best
    for g in range(len(d.groups)):
        slow = d.slowdown[g][np.isfinite(d.slowdown[g])]
        if d.concurrency[g] > 1 and slow.size:
            per_agent[d.chat, g] = float(np.max(np.arange(1, slow.size + 1) / slow))
    assert_accounted(r, list(d.contact_types))
    for q, name in enumerate(d.contact_types):
        arrivals, load = per_period(r, "arrivals", name), per_period(r, "offered_load", name)
        handle = np.where(arrivals > 0, load * x.interval_seconds / np.where(arrivals > 0, arrivals, 1.0), np.inf)
        skilled = np.isfinite(d.speed[q])
        slots = (d.agents[skilled] * (per_agent[q, skilled] / d.speed[q, skilled])[:, None]).sum(axis=0)
        capacity = slots * x.interval_seconds / handle  # [T]
        answered = per_period(r, "answered", name)
        if x.deferred[q]:
            assert answered.sum() <= capacity.sum() * (1 + 1e-9), name
        else:
            assert np.all(answered <= capacity * (1 + 1e-9) + 1e-9), name
    assert per_period(r, "unserved", "billing by phone").sum() > 0
