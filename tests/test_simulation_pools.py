"""The multi-skill pools kernel against exact Markov chains, the single-skill kernel, and its own rules.

Oracles: Erlang A (:func:`svcdesign.formulas.queueing.erlang_a`), the exact multi-skill chain
(:func:`~svcdesign.formulas.queueing.multiskill_metrics`), the chat chain
(:func:`~svcdesign.formulas.queueing.chat_metrics`) and the blending chain
(:func:`~svcdesign.formulas.queueing.blend_metrics`), all exact stationary results for exponential times.
A simulated whole-horizon mean must lie within three standard errors of the exact value (standard error
across independent replications; two simulations: three combined standard errors). Every case runs
``REPS`` replications of ``HOURS`` hours after a one-hour warm-up; the seeds are fixed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.engines.simulation import NetworkSpec, deterministic, exponential, never, run_replications
from svcdesign.engines.simulation.kernel import KernelInputs
from svcdesign.engines.simulation.pools import AgentPools, PooledInputs
from svcdesign.errors import InputError
from svcdesign.formulas.queueing import blend_metrics, chat_metrics, erlang_a, multiskill_metrics

HOUR = 3600.0
HOURS = 40.0
WARMUP = HOUR
REPS = 20
OBSERVED = HOURS * HOUR - WARMUP


def _within(name: str, sim: dict[str, float], exact: float) -> None:
    se = max(sim["se"], 1e-12)
    z = (sim["mean"] - exact) / se
    assert abs(z) <= 3.0, f"{name}: simulated {sim['mean']:.5g} ± {se:.2g} vs exact {exact:.5g} (z = {z:.1f})"


def _same(name: str, a: dict[str, float], b: dict[str, float]) -> None:
    se = math.hypot(a["se"], b["se"])
    z = (a["mean"] - b["mean"]) / max(se, 1e-12)
    assert abs(z) <= 3.0, f"{name}: {a['mean']:.5g} vs {b['mean']:.5g} ± {se:.2g} (z = {z:.1f})"


def _group(out, metric: str, group: str, stage: str = "all") -> dict[str, float]:
    frame = out.group_summary
    row = frame[(frame["metric"] == metric) & (frame["group"] == group) & (frame["stage"] == stage)]
    assert len(row) == 1
    return {k: float(row[k].iloc[0]) for k in ("mean", "se")}


def _scaled(sim: dict[str, float], factor: float) -> dict[str, float]:
    return {"mean": sim["mean"] * factor, "se": sim["se"] * factor}


def _desk(rates, handle, patience, pools: AgentPools, **extra) -> NetworkSpec:
    S = len(rates)
    return NetworkSpec(
        horizon=HOURS * HOUR,
        interval=HOURS * HOUR,
        arrival_rates=[list(rates)],
        entry_stage=list(range(S)),
        staff=[0] * S,
        service=[exponential(h) for h in handle],
        patience=[exponential(p) if p else never() for p in patience],
        target_time=20.0,
        pools=pools,
        **extra,
    )


# ---- reductions -------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_one_group_at_one_stage_is_the_single_skill_kernel_and_erlang_a():
    lam, h, n, pat = 1 / 55, 240.0, 5, 300.0
    pools = AgentPools(names=["team"], staff=[n], speed=[[1.0]])
    pooled = run_replications(_desk([lam], [h], [pat], pools), REPS, seed=3, warmup=WARMUP)
    single_skill = NetworkSpec(
        horizon=HOURS * HOUR,
        interval=HOURS * HOUR,
        arrival_rates=lam,
        entry_stage=[0],
        staff=[n],
        service=exponential(h),
        patience=exponential(pat),
        target_time=20.0,
    )
    single = run_replications(single_skill, REPS, seed=4, warmup=WARMUP)
    exact = erlang_a(lam, h, n, pat, 20.0)
    for name in ("p_wait", "asa", "p_abandon", "queue_length", "service_level"):
        _within(name, pooled.value(name), float(getattr(exact, name)))
        _within(name, single.value(name), float(getattr(exact, name)))
        _same(name, pooled.value(name), single.value(name))
    _within("occupancy", _group(pooled, "group_occupancy", "team"), float(exact.occupancy))
    _same("busy agents", pooled.value("busy_agents"), single.value("busy_agents"))


@pytest.mark.slow
def test_a_desk_feeding_a_single_skill_stage_matches_the_single_skill_kernel():
    """Stage 0 served by a one-group pool, 30 % transferred to stage 1 served by its own staff (the
    pools kernel runs it as a group of its own): the same network on both kernels."""
    common = dict(
        horizon=HOURS * HOUR,
        interval=4 * HOUR,
        arrival_rates=np.full((10, 1), 1 / 50),
        entry_stage=[0],
        service=[exponential(200.0), exponential(400.0)],
        patience=[exponential(300.0), exponential(600.0)],
        transfer=[[0.0, 0.3], [0.0, 0.0]],
        target_time=20.0,
    )
    staff = np.array([[5, 5, 4, 4, 5, 5, 4, 4, 5, 5], [3, 3, 3, 2, 2, 3, 3, 3, 2, 2]])
    single = run_replications(NetworkSpec(staff=staff, **common), REPS, seed=5, warmup=WARMUP)
    pools = AgentPools(names=["front"], staff=staff[:1], speed=[[1.0], [np.nan]])
    pooled = run_replications(
        NetworkSpec(staff=np.vstack([np.zeros(10, int), staff[1]]), pools=pools, **common), REPS, seed=6, warmup=WARMUP
    )
    for stage in (0, 1):
        for name in ("arrivals", "p_wait", "asa", "p_abandon", "busy_agents", "transferred"):
            _same(f"{name} at stage {stage}", pooled.value(name, stage), single.value(name, stage))
    for name in ("agents", "occupancy"):
        _same(f"{name} at stage 1", pooled.value(name, 1), single.value(name, 1))
    _same("agents of the pool", _group(pooled, "group_present", "front"), single.value("agents", 0))
    assert math.isnan(pooled.value("agents", 0)["mean"])  # a pooled stage has no agents of its own


def test_without_pools_compile_gives_the_single_skill_inputs():
    spec = NetworkSpec(
        horizon=600.0,
        interval=300.0,
        arrival_rates=0.1,
        entry_stage=[0],
        staff=[2],
        service=exponential(30.0),
        target_time=20.0,
    )
    inputs, labels = spec.compile()
    assert type(inputs) is KernelInputs and labels.groups == ()
    pooled, labels = NetworkSpec(**{**spec.__dict__, "staff": [0], "pools": AgentPools(["a"], [2], [[1.0]])}).compile()
    assert type(pooled) is PooledInputs and labels.groups == ("a",)


# ---- the exact multi-skill chain --------------------------------------------------------------------------
CHAINS = {
    # two types, a specialist group for type 1 that also takes type 0 by overflow
    "two groups": dict(
        rates=[1 / 60, 1 / 90],
        handle=[240.0, 240.0],
        patience=[300.0, 300.0],
        agents=[3, 3],
        speed=[[1.0, 1.0], [np.nan, 1.0]],
        routing=[[0, 1], [1]],
        priorities=None,
    ),
    # two specialists and a slower generalist who serves type 1 first
    "three groups, generalist priorities": dict(
        rates=[1 / 70, 1 / 110],
        handle=[200.0, 300.0],
        patience=[240.0, 400.0],
        agents=[2, 2, 1],
        speed=[[1.0, np.nan, 1.2], [np.nan, 1.0, 1.2]],
        routing=[[0, 2], [1, 2]],
        priorities=[[0], [1], [1, 0]],
    ),
}


def _chain_pools(case) -> AgentPools:
    speed = np.array(case["speed"])
    S, G = speed.shape
    pref = np.full((S, G), -1)
    for s, groups in enumerate(case["routing"]):
        pref[s, groups] = np.arange(len(groups))
    order = None
    if case["priorities"] is not None:
        order = np.full((G, S), -1)
        for g, stages in enumerate(case["priorities"]):
            order[g, stages] = np.arange(len(stages))
    return AgentPools(
        names=[f"g{g}" for g in range(G)], staff=case["agents"], speed=speed, preference=pref, group_order=order
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", CHAINS)
def test_routing_matches_the_exact_multiskill_chain(name):
    case = CHAINS[name]
    out = run_replications(
        _desk(case["rates"], case["handle"], case["patience"], _chain_pools(case)), REPS, seed=7, warmup=WARMUP
    )
    speed = np.nan_to_num(np.array(case["speed"]))
    exact = multiskill_metrics(
        case["rates"],
        np.array(case["handle"])[:, None] * np.where(speed > 0, speed, np.nan),
        case["agents"],
        case["routing"],
        case["patience"],
        group_priorities=case["priorities"],
    )
    for s in range(len(case["rates"])):
        for metric in ("p_wait", "asa", "p_abandon"):
            _within(f"{metric} of type {s}", out.value(metric, s), float(getattr(exact, metric)[s]))
        _within(f"throughput of type {s}", _scaled(out.value("answered", s), 1 / OBSERVED), exact.throughput[s])
        for g in range(len(case["agents"])):
            served = _scaled(_group(out, "answered_by", f"g{g}", f"stage {s}"), 1 / OBSERVED)
            if exact.served[s, g] == 0:
                assert served["mean"] == 0
            else:
                _within(f"type {s} served by group {g}", served, exact.served[s, g])
    for g in range(len(case["agents"])):
        _within(f"occupancy of group {g}", _group(out, "group_occupancy", f"g{g}"), exact.occupancy[g])


@pytest.mark.slow
def test_an_overflow_that_never_comes_is_a_group_not_offered():
    case = CHAINS["two groups"]
    pools = AgentPools(
        names=["g0", "g1"], staff=case["agents"], speed=case["speed"], overflow_after=[[0.0, np.inf], [np.nan, 0.0]]
    )
    out = run_replications(_desk(case["rates"], case["handle"], case["patience"], pools), REPS, seed=8, warmup=WARMUP)
    exact = multiskill_metrics(case["rates"], [[240.0, 240.0], [np.nan, 240.0]], case["agents"], [[0], [1]], 300.0)
    assert _group(out, "answered_by", "g1", "stage 0")["mean"] == 0
    for s in range(2):
        for metric in ("p_wait", "asa", "p_abandon"):
            _within(f"{metric} of type {s}", out.value(metric, s), float(getattr(exact, metric)[s]))


@pytest.mark.parametrize(("delay", "answered_by_overflow"), [(150.0, False), (50.0, True)])
def test_the_overflow_group_takes_a_contact_only_after_its_delay(delay, answered_by_overflow):
    """Everybody abandons after exactly 100 s: an overflow after 150 s never answers, one after 50 s does."""
    pools = AgentPools(names=["first", "overflow"], staff=[1, 3], speed=[[1.0, 1.0]], overflow_after=[[0.0, delay]])
    spec = NetworkSpec(
        horizon=8 * HOUR,
        interval=8 * HOUR,
        arrival_rates=1 / 60,
        entry_stage=[0],
        staff=[0],
        service=exponential(240.0),
        patience=deterministic(100.0),
        target_time=20.0,
        pools=pools,
    )
    out = run_replications(spec, 2, seed=9)
    answered = _group(out, "answered_by", "overflow", "stage 0")["mean"]
    assert (answered > 0) == answered_by_overflow


# ---- chat, blending, callbacks -----------------------------------------------------------------------------
@pytest.mark.slow
def test_chat_concurrency_matches_the_chat_chain():
    lam, h, n, pat, slowdown = 1 / 40, 300.0, 3, 180.0, [1.0, 1.25, 1.6]
    pools = AgentPools(
        names=["chat"], staff=[n], speed=[[1.0]], concurrency=[slowdown], concurrent=[True], rebalance=True
    )
    out = run_replications(_desk([lam], [h], [pat], pools), REPS, seed=10, warmup=WARMUP)
    exact = chat_metrics(lam, [h * x for x in slowdown], n, pat, 20.0)
    for name in ("p_wait", "asa", "p_abandon", "service_level"):
        _within(name, out.value(name), float(getattr(exact, name)))
    _within("chats held per agent", _scaled(_group(out, "group_held", "chat"), 1 / n), float(exact.mean_concurrency))
    _within("throughput", _scaled(out.value("answered"), 1 / OBSERVED), float(exact.throughput))


@pytest.mark.slow
def test_blending_matches_the_blending_chain():
    """Deferred work arrives at twice the rate the whole team could clear: an endless backlog."""
    lam, h, n, r, hd, pat = 1 / 60, 240.0, 5, 2, 400.0, 200.0
    pools = AgentPools(names=["team"], staff=[n], speed=[[1.0], [1.0]], blend_idle_above=[r])
    spec = _desk([lam, 2 * n / hd], [h, hd], [pat, None], pools, deferred=[False, True])
    out = run_replications(spec, REPS, seed=11, warmup=WARMUP)
    exact = blend_metrics(lam, h, n, r, hd, pat, 20.0)
    for name in ("p_wait", "asa", "p_abandon", "service_level"):
        _within(name, out.value(name, 0), float(getattr(exact, name)))
    _within("occupancy", _group(out, "group_occupancy", "team"), exact.occupancy)
    _within("inbound busy agents", out.value("busy_agents", 0), exact.inbound_occupancy * n)
    _within("deferred completions", _scaled(out.value("busy_agents", 1), 1 / hd), exact.deferred_throughput)


def _callback_spec(offer_above: float | None, accept: float) -> NetworkSpec:
    pools = AgentPools(
        names=["a", "b"],
        staff=[2, 2],
        speed=[[1.0, 1.3], [np.nan, 1.0]],
        callback_offer_above=None if offer_above is None else [offer_above, offer_above],
        callback_accept=[accept, accept],
    )
    return NetworkSpec(
        horizon=6 * HOUR,
        interval=2 * HOUR,
        arrival_rates=[[1 / 50, 1 / 80]] * 3,
        entry_stage=[0, 1],
        staff=[0, 0],
        service=exponential(200.0),
        patience=exponential(120.0),
        target_time=20.0,
        pools=pools,
    )


def test_callback_acceptors_never_abandon():
    out = run_replications(_callback_spec(0.0, 1.0), 3, seed=12, warmup=600.0)
    per_rep = out.per_replication["summary"]
    groups = out.groups["summary"]
    assert np.all(per_rep["abandoned"] == 0)
    waited = per_rep["arrivals"] * per_rep["p_wait"]  # arrivals not answered at once: all offered
    np.testing.assert_allclose(groups["callbacks_offered"], waited, rtol=1e-12)
    np.testing.assert_array_equal(groups["callbacks_accepted"], groups["callbacks_offered"])
    assert np.all(groups["callbacks_offered"] > 0)


def test_a_callback_threshold_nobody_reaches_changes_nothing():
    never_offered = run_replications(_callback_spec(1e12, 1.0), 2, seed=13)
    without = run_replications(_callback_spec(None, 1.0), 2, seed=13)
    assert np.all(never_offered.groups["summary"]["callbacks_offered"] == 0)
    np.testing.assert_array_equal(never_offered.summary["mean"].to_numpy(), without.summary["mean"].to_numpy())


# ---- shift changes ------------------------------------------------------------------------------------------
@settings(derandomize=True, max_examples=25, deadline=None)
@given(
    staff=st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=2, max_size=2),
    chat_limit=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_no_agent_beyond_staff_is_ever_present_or_busy(staff, chat_limit, seed):
    """Per group and interval: at least the staff present, at most the most staff so far (leavers finish),
    busy at most present, contacts held at most present × the concurrency limit; contacts conserved."""
    slow = [1.0 + 0.2 * j for j in range(chat_limit)] + [np.nan] * (3 - chat_limit)
    pools = AgentPools(
        names=["chat", "phone"],
        staff=staff,
        speed=[[1.0, 1.2], [np.nan, 1.0]],
        concurrency=[slow, [1.0, np.nan, np.nan]],
        concurrent=[True, False],
    )
    spec = NetworkSpec(
        horizon=2400.0,
        interval=600.0,
        arrival_rates=[[1 / 30, 1 / 45]] * 4,
        entry_stage=[0, 1],
        staff=[0, 0],
        service=exponential(150.0),
        patience=exponential(200.0),
        target_time=20.0,
        pools=pools,
    )
    out = run_replications(spec, 1, seed=seed)
    g = out.groups["intervals"]
    most = np.maximum.accumulate(np.array(staff), axis=1)
    tol = 1e-9
    assert np.all(g["group_present"][0] >= np.array(staff) - tol)
    assert np.all(g["group_present"][0] <= most + tol)
    assert np.all(g["group_busy"][0] <= g["group_present"][0] + tol)
    limits = np.array([[chat_limit], [1]])
    assert np.all(g["group_held"][0] <= g["group_present"][0] * limits + tol)
    per = out.per_replication["intervals"]
    np.testing.assert_array_equal(
        per["arrivals"], per["answered"] + per["abandoned"] + (per["in_system_end"] - (per["answered"] - per["served"]))
    )


# ---- bad input ----------------------------------------------------------------------------------------------
BAD = {
    "pools.names": {"names": ["a", "a"]},
    "pools.staff": {"staff": [-1, 2]},
    "pools.speed": {"speed": [[-1.0, 1.0], [np.nan, 1.0]]},
    "pools.preference[0]": {"preference": [[0, 0], [-1, 0]]},
    "pools.overflow_after[0]": {"overflow_after": [[5.0, 10.0], [np.nan, 0.0]]},
    "pools.stage_priority": {"stage_priority": [0.5, 0]},
    "pools.group_order[1]": {"group_order": [[0, -1], [0, -1]]},
    "pools.reserve": {"reserve": [[-1, 0], [0, 0]]},
    "pools.concurrency[0]": {"concurrency": [[2.0, np.nan], [1.0, np.nan]]},
    "pools.concurrent": {"concurrent": ["yes", False]},
    "pools.blend_idle_above": {"blend_idle_above": [-2, -1]},
    "pools.callback_offer_above": {"callback_offer_above": [-5.0, np.inf]},
    "pools.callback_accept": {"callback_accept": [1.5, 0.0]},
    "pools.rebalance": {"rebalance": "yes"},
}


@pytest.mark.parametrize("field", BAD)
def test_each_bad_pools_field_is_named(field):
    fields = dict(names=["a", "b"], staff=[2, 2], speed=[[1.0, 1.0], [np.nan, 1.0]])
    fields.update(BAD[field])
    spec = NetworkSpec(
        horizon=600.0,
        interval=600.0,
        arrival_rates=[[0.01, 0.01]],
        entry_stage=[0, 1],
        staff=[0, 0],
        service=exponential(60.0),
        target_time=20.0,
        pools=AgentPools(**fields),
    )
    with pytest.raises(InputError) as err:
        spec.compile()
    assert err.value.field == field


def test_a_pooled_stage_with_staff_of_its_own_and_a_pools_that_is_not_one_are_refused():
    base = dict(
        horizon=600.0, interval=600.0, arrival_rates=0.01, entry_stage=[0], service=exponential(60.0), target_time=20.0
    )
    with pytest.raises(InputError) as err:
        NetworkSpec(staff=[1], pools=AgentPools(["a"], [1], [[1.0]]), **base).compile()
    assert err.value.field == "staff[0]"
    with pytest.raises(InputError) as err:
        NetworkSpec(staff=[0], pools={"names": ["a"]}, **base).compile()
    assert err.value.field == "pools"


def test_keeping_the_log_changes_no_figure_and_logs_every_arrival():
    with_log = run_replications(_callback_spec(30.0, 0.5), 2, seed=14, log=True)
    without = run_replications(_callback_spec(30.0, 0.5), 2, seed=14)
    np.testing.assert_array_equal(with_log.summary["mean"].to_numpy(), without.summary["mean"].to_numpy())
    np.testing.assert_array_equal(with_log.group_summary["mean"].to_numpy(), without.group_summary["mean"].to_numpy())
    log = with_log.log
    per_rep = with_log.per_replication["summary"]["arrivals"]  # no warm-up: every visit counts
    assert len(log) == per_rep.sum()
    assert set(log["outcome"].unique()) <= {"served", "abandoned", "in service at horizon", "waiting at horizon"}


@pytest.mark.parametrize(("reserve", "takes_type_0"), [(3, False), (2, True), (0, True)])
def test_a_reserve_keeps_agents_for_their_type(reserve, takes_type_0):
    """The generalist group (3 agents) keeps ``reserve`` of them for type 1: it starts a type-0 contact
    only while more than that many are idle, so a reserve of all 3 means never."""
    case = CHAINS["two groups"]
    pools = AgentPools(names=["g0", "g1"], staff=case["agents"], speed=case["speed"], reserve=[[0, 0], [0, reserve]])
    out = run_replications(_desk(case["rates"], case["handle"], case["patience"], pools), 2, seed=15, warmup=WARMUP)
    assert (_group(out, "answered_by", "g1", "stage 0")["mean"] > 0) == takes_type_0
