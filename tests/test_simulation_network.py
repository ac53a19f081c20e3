"""Networks: conservation of contacts, the log against the accumulators, priorities, FIFO, routing shares.

Property-based (hypothesis) over random small networks with every feature switched on: abandonment,
retries, transfers, repeats, follow-ups, priorities, deferred stages and staff that changes by interval.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simulation_reference import accumulators_from_log

from svcdesign.engines.simulation import (
    NetworkSpec,
    deterministic,
    empirical,
    exponential,
    lognormal,
    never,
    run_replications,
)
from svcdesign.engines.simulation import kernel as K

pytestmark = pytest.mark.slow


@st.composite
def networks(draw):
    S = draw(st.integers(1, 3))
    C = draw(st.integers(1, 2))
    NI = draw(st.integers(1, 4))
    interval = draw(st.sampled_from([900.0, 1800.0]))
    horizon = NI * interval - draw(st.sampled_from([0.0, 300.0]))
    rates = np.array(draw(st.lists(st.lists(st.floats(0.0, 0.05), min_size=C, max_size=C), min_size=NI, max_size=NI)))
    staff = np.array(draw(st.lists(st.lists(st.integers(0, 4), min_size=NI, max_size=NI), min_size=S, max_size=S)))
    svc_choices = st.sampled_from(
        [exponential(120.0), lognormal(150.0, 0.8), empirical([30.0, 60.0, 400.0]), deterministic(90.0)]
    )
    pat_choices = st.sampled_from([never(), exponential(200.0), lognormal(120.0, 1.0), empirical([10.0, 500.0])])
    service = [draw(svc_choices) for _ in range(S)]
    patience = [draw(pat_choices) for _ in range(S)]
    probs = np.array(
        draw(st.lists(st.lists(st.floats(0.0, 0.3), min_size=S + 2, max_size=S + 2), min_size=S, max_size=S))
    )
    np.fill_diagonal(probs[:, :S], 0.0)
    probs *= np.minimum(1.0, 0.9 / np.maximum(probs.sum(axis=1, keepdims=True), 1e-12))  # leave ≥ 10 % resolved
    transfer = probs[:, :S]
    spec = NetworkSpec(
        horizon=horizon,
        interval=interval,
        arrival_rates=rates,
        entry_stage=draw(st.lists(st.integers(0, S - 1), min_size=C, max_size=C)),
        staff=staff,
        service=service,
        patience=patience,
        target_time=20.0,
        deferred=draw(st.lists(st.booleans(), min_size=S, max_size=S)),
        priority=draw(st.lists(st.integers(0, 2), min_size=C, max_size=C)),
        transfer=transfer,
        repeat_prob=probs[:, S],
        repeat_delay=exponential(600.0),
        followup_prob=probs[:, S + 1],
        followup_delay=deterministic(300.0),
        followup_stage=draw(st.lists(st.integers(0, S - 1), min_size=S, max_size=S)),
        retry_prob=draw(st.floats(0.0, 0.8)),
        retry_delay=exponential(120.0),
    )
    warmup = min(draw(st.sampled_from([0.0, 600.0])), horizon / 2)
    return spec, warmup


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(0, 2**31))
def test_every_contact_is_accounted_for(case, seed):
    """At every stage, interval and class: arrivals = answered + abandoned + still waiting; answered =
    served + still in service; served = resolved + transferred + repeats + follow-ups. And the log
    reproduces the accumulators exactly."""
    spec, warmup = case
    out = run_replications(spec, replications=1, seed=seed, warmup=warmup, log=True)
    rep = out.replications[0]
    c = rep.counts
    assert np.array_equal(c[..., K.C_ARRIVALS], c[..., K.C_ANSWERED] + c[..., K.C_ABANDONED] + c[..., K.C_WAITING_END])
    assert np.array_equal(c[..., K.C_ANSWERED], c[..., K.C_SERVED] + c[..., K.C_IN_SERVICE_END])
    assert np.array_equal(
        c[..., K.C_SERVED], c[..., K.C_RESOLVED] + c[..., K.C_TRANSFER] + c[..., K.C_REPEAT] + c[..., K.C_FOLLOWUP]
    )
    assert np.all(c[..., K.C_RETRY] <= c[..., K.C_ABANDONED])
    assert np.all(c[..., K.C_IMMEDIATE] <= c[..., K.C_WITHIN_TARGET])
    assert np.all(c[out.labels.deferred][..., K.C_ABANDONED] == 0)

    log = out.log
    assert set(log["outcome"].astype(str)) <= {"served", "abandoned", "in service at horizon", "waiting at horizon"}
    ref = accumulators_from_log(log, spec.horizon, spec.interval, warmup, len(out.labels.stages))
    for name, code in (
        ("arrivals", K.C_ARRIVALS),
        ("answered", K.C_ANSWERED),
        ("served", K.C_SERVED),
        ("abandoned", K.C_ABANDONED),
        ("immediate", K.C_IMMEDIATE),
    ):
        assert np.array_equal(ref[name], c[..., code].sum(axis=2)), name
    assert np.allclose(ref["queue_area"], rep.integrals[..., K.T_QUEUE], rtol=1e-9, atol=1e-6)
    assert np.allclose(ref["busy_area"], rep.integrals[..., K.T_BUSY], rtol=1e-9, atol=1e-6)
    # busy agents never exceed agents present
    assert np.all(rep.integrals[..., K.T_BUSY] <= rep.integrals[..., K.T_PRESENT] + 1e-6)

    # journeys: every visit but the first continues its predecessor's contact or customer
    child = log[log["parent"] >= 0]
    parent = log.set_index("visit").loc[child["parent"]]
    assert np.array_equal(child["customer"].to_numpy(), parent["customer"].to_numpy())
    assert np.all(child["arrival"].to_numpy() >= parent["end"].to_numpy())
    transfer = parent["route"].astype(str).to_numpy() == "transfer"
    assert np.array_equal(child["contact"].to_numpy()[transfer], parent["contact"].to_numpy()[transfer])
    assert np.all(child["arrival"].to_numpy()[transfer] == parent["end"].to_numpy()[transfer])


def test_log_does_not_change_results():
    """Recycling rows (no log) and keeping them (log) give the same accumulators (floats up to the order
    of summation: contacts in the system at the horizon are added in row order)."""
    spec = NetworkSpec(
        horizon=4 * 3600.0,
        interval=1800.0,
        arrival_rates=np.full((8, 2), 0.02),
        entry_stage=[0, 1],
        staff=[[3, 4, 2, 3, 3, 1, 4, 2], [2] * 8],
        service=[exponential(150.0), lognormal(200.0, 1.2)],
        patience=[exponential(100.0), exponential(400.0)],
        target_time=20.0,
        priority=[1, 0],
        transfer=[[0.0, 0.3], [0.1, 0.0]],
        retry_prob=0.5,
        retry_delay=exponential(60.0),
    )
    a = run_replications(spec, replications=2, seed=3, log=False)
    b = run_replications(spec, replications=2, seed=3, log=True)
    for ra, rb in zip(a.replications, b.replications, strict=True):
        for field in ("counts", "journeys"):
            assert np.array_equal(getattr(ra, field), getattr(rb, field)), field
        for field in ("sums", "integrals", "journey_time"):
            assert np.allclose(getattr(ra, field), getattr(rb, field), rtol=1e-12, atol=1e-9), field


def test_priority_and_fifo_order():
    """No low-priority contact starts while a high-priority one waits; FIFO within a priority."""
    spec = NetworkSpec(
        horizon=6 * 3600.0,
        interval=3600.0,
        arrival_rates=np.full((6, 2), 1 / 50),
        entry_stage=[0, 0],
        staff=[3],
        service=exponential(120.0),
        target_time=20.0,
        priority=[0, 1],
    )
    out = run_replications(spec, replications=1, seed=9, log=True)
    log = out.log
    started = log[log["start"].notna()].sort_values("start")
    high = log[log["class"] == "class 0"]
    for _, row in started[started["class"] == "class 1"].iterrows():
        t = row["start"]
        waiting_high = high[(high["arrival"] < t) & ((high["start"] > t) | high["start"].isna())]
        assert waiting_high.empty
    for cls in ("class 0", "class 1"):
        s = started[started["class"] == cls]
        assert s["arrival"].is_monotonic_increasing
    waits = out.summary.set_index(["stage", "metric"])  # high priority waits less
    assert log[log["class"] == "class 0"]["wait"].mean() < 0.5 * log[log["class"] == "class 1"]["wait"].mean()
    assert waits.loc[("stage 0", "asa"), "mean"] > 0


def test_routing_shares_and_journeys():
    """Transfer, repeat and follow-up shares match their probabilities; journey measures add up."""
    spec = NetworkSpec(
        horizon=20 * 3600.0,
        interval=3600.0,
        arrival_rates=np.full((20, 1), 1 / 40),
        entry_stage=[0],
        staff=[[6] * 20, [4] * 20],
        service=[exponential(120.0), exponential(180.0)],
        target_time=20.0,
        transfer=[[0.0, 0.2], [0.0, 0.0]],
        repeat_prob=[0.1, 0.0],
        repeat_delay=exponential(1800.0),
        followup_prob=[0.0, 0.3],
        followup_stage=[0, 0],
        followup_delay=deterministic(600.0),
    )
    out = run_replications(spec, replications=4, seed=21)
    served = out.value("served", 0)["mean"]
    assert out.value("transferred", 0)["mean"] / served == pytest.approx(0.2, abs=0.02)
    assert out.value("repeats", 0)["mean"] / served == pytest.approx(0.1, abs=0.015)
    assert out.value("followups", 1)["mean"] / out.value("served", 1)["mean"] == pytest.approx(0.3, abs=0.03)
    # no abandonment: every answered first contact resolved at stage 0 with probability 0.7
    assert out.value("fcr", "all")["mean"] == pytest.approx(0.7, abs=0.02)
    assert out.value("p_abandon_any", "all")["mean"] == 0.0
    # contacts per resolution: each service resolves with probability 0.7 (stage 0) or 0.7 (stage 1)
    assert out.value("contacts_per_resolution", "all")["mean"] == pytest.approx(1 / 0.7, rel=0.03)
    assert out.value("journey_time", "all")["mean"] > 120.0


def test_deferred_backlog_age():
    """A deferred stage with nobody on duty for an hour: backlog ages match the arrival times exactly."""
    spec = NetworkSpec(
        horizon=7200.0,
        interval=3600.0,
        arrival_rates=[[0.01], [0.0]],
        entry_stage=[0],
        staff=[[0, 0]],
        service=exponential(60.0),
        patience=exponential(10.0),
        target_time=3600.0,
        deferred=True,
    )
    out = run_replications(spec, replications=1, seed=4, log=True)
    log = out.log
    assert (log["outcome"] == "waiting at horizon").all()  # deferred: nobody abandons
    arrivals = log["arrival"].to_numpy()
    per_rep = out.per_replication["intervals"]
    assert per_rep["backlog_max_age"][0, 0, 0] == pytest.approx(3600.0 - arrivals.min())
    assert per_rep["backlog_max_age"][0, 0, 1] == pytest.approx(7200.0 - arrivals.min())
    # mean age in interval 1 (all items waiting throughout): mean over items of their mean age
    ages = (3600.0 + 7200.0) / 2 - arrivals
    assert per_rep["backlog_mean_age"][0, 0, 1] == pytest.approx(ages.mean())
    assert out.value("asa", 0)["mean"] == pytest.approx((7200.0 - arrivals).mean())


def test_followups_to_several_stages():
    """A follow-up matrix sends callbacks to each destination with its probability; they never abandon."""
    spec = NetworkSpec(
        horizon=20 * 3600.0,
        interval=3600.0,
        arrival_rates=np.full((20, 1), 1 / 30),
        entry_stage=[0],
        staff=[6, 3, 3],
        service=[exponential(120.0), exponential(100.0), exponential(100.0)],
        patience=[exponential(200.0), exponential(1.0), exponential(1.0)],
        target_time=20.0,
        followup_prob=[[0.0, 0.2, 0.1], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
        followup_delay=deterministic(300.0),
    )
    out = run_replications(spec, replications=1, seed=8, log=True)
    log = out.log
    served0 = ((log["stage"] == "stage 0") & (log["outcome"] == "served")).sum()
    for stage, p in (("stage 1", 0.2), ("stage 2", 0.1)):
        here = log[log["stage"] == stage]
        assert len(here) / served0 == pytest.approx(p, abs=0.02)
        assert (here["outcome"] != "abandoned").all()  # despite 1-second patience
        parents = log.set_index("visit").loc[here["parent"]]
        assert np.allclose(here["arrival"].to_numpy() - parents["end"].to_numpy(), 300.0)
