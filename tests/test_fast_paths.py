"""The faster paths of the analytic engine and the staffing explorer give the numbers of the plain ones."""

from __future__ import annotations

from copy import deepcopy
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign.engines import analytic, journey
from svcdesign.engines.analytic import _bisection, _round_abandonment, _solve_traffic, _stage_inputs, _theta
from svcdesign.engines.backlog import backlog_waits
from svcdesign.errors import InputError
from svcdesign.explore.compare import _customer_parts
from svcdesign.formulas.queueing import erlang_a, erlang_c
from svcdesign.model.compiled import expand
from svcdesign.model.roster import _expand_staff, staff_per_period
from svcdesign.response.assess import _columns
from svcdesign.results import ALL, distinct

SINGLE_SKILL = [n for n in sd.example_names() if n not in sd.multiskill_example_names()]
"""The examples of the single-skill analytic path, whose internals these tests take apart (a desk's
traffic equations run through its own evaluator: tests/test_desk_engines.py)."""


def _plain_bisection(slack, lo: float, hi: float) -> float:
    """The staffing search's bisection as it was: ``slack`` evaluated at every midpoint."""
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if slack(mid) >= 0 else (mid, hi)
        if hi - lo <= 1e-9 * hi:
            break
    return hi


@pytest.mark.parametrize(
    "slack",
    [
        lambda f: f - 0.7318,  # linear
        lambda f: -np.inf if f < 0.5 else np.log(f / 0.61),  # overloaded below a point, then smooth
        lambda f: np.floor(f * 37.0) / 37.0 - 0.4,  # steps: the threshold at a jump
        lambda f: 1.0 - np.exp(-40.0 * (f - 0.9)) if f > 0.3 else -1.0,  # steep, with a jump
        lambda f: (f - 0.123456789) ** 3,  # flat at the threshold
    ],
)
@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (0.5, 1.0)])
def test_bisection_replays_the_plain_bisection(slack, lo: float, hi: float) -> None:
    if lo > 0 and slack(lo) >= 0:
        pytest.skip("the bracket must fail at lo")
    assert _bisection(slack, lo, hi, slack(hi)) == _plain_bisection(slack, lo, hi)


@pytest.mark.parametrize("name", sd.example_names())
def test_per_period_arrays_match_the_long_table(name: str) -> None:
    results = sd.evaluate(sd.load_example(name), staffing=False)
    stages = results.stages
    arrays = results.per_period_arrays(("service_level", "arrivals", "staff"), stages)
    for metric, table in arrays.items():
        wide = results.metric(metric).reindex(columns=stages)  # a desk's groups have no service level
        assert np.array_equal(table, wide.to_numpy(dtype=float).T, equal_nan=True)
    missing = results.per_period_arrays(("no_such_metric",), stages, segment=ALL)["no_such_metric"]
    assert np.isnan(missing).all()


def test_horizon_is_a_copy_of_one_table() -> None:
    results = sd.evaluate(sd.load_example("bank"), staffing=False)
    first = results.horizon()
    first.iloc[0, 0] = -1.0
    again = results.horizon()
    assert again.iloc[0, 0] != -1.0
    assert again.equals(results._horizon_table(ALL))


def test_synced_figure_state_is_a_deep_copy_of_the_figure() -> None:
    from svcdesign.present import StaffingExplorer

    explorer = StaffingExplorer("bank")
    for view in ("service", "customers", "cost"):
        explorer.show(view)
    for step in range(3):
        explorer.set(staff={"representative": -step}, budget=1000.0 * step)
    for view in ("service", "customers", "cost"):
        fig = explorer.figures[view]
        expected = deepcopy(fig._data)
        assert _equal(fig._widget_data, expected)
        assert _equal(fig._widget_layout, deepcopy(fig._layout_obj._props))
        for trace, state in zip(fig._data, fig._widget_data, strict=True):  # copies, never the figure's own
            assert not any(trace[k] is state[k] for k in trace if isinstance(trace[k], (list, dict, np.ndarray)))


def _equal(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    return a == b or (a != a and b != b)


# ------------------------------------------------ issue 16: the faster paths give the plain paths' numbers
finite = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)


def _plain_round_abandonment(agents: np.ndarray, inputs: dict[str, np.ndarray]) -> np.ndarray:
    """A round's P(abandon) as the engine computed it before: Erlang A on the whole grid (θ = 0: no patience)."""
    theta = inputs["theta"]
    with np.errstate(divide="ignore"):
        patience = np.where(theta > 0, 1.0 / np.where(theta > 0, theta, 1.0), np.inf)
    metrics = erlang_a(inputs["rate"], inputs["handle"], agents, patience, 0.0, service_level=False)
    return np.array(metrics.p_abandon, dtype=float)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 1e-4, 0.01, 0.05, 0.3]),  # arrivals per second (0: nothing arrives)
            st.floats(min_value=30.0, max_value=1800.0),  # handle time, s
            st.sampled_from([0.0, 1.0 / 30.0, 1.0 / 300.0, 1.0 / 4000.0]),  # θ (0: nobody abandons)
            finite,  # agents (0: nobody on duty)
        ),
        min_size=1,
        max_size=40,
    )
)
def test_round_abandonment_is_erlang_a_on_the_whole_grid(cells) -> None:
    rate, handle, theta, agents = (np.array(v, dtype=float).reshape(2, -1) for v in zip(*(cells * 2), strict=True))
    inputs = {"rate": rate, "handle": handle, "theta": theta}
    fast = _round_abandonment(SimpleNamespace(agents=agents, desk=None), inputs)
    assert np.array_equal(fast, _plain_round_abandonment(agents, inputs))


@pytest.mark.parametrize("name", SINGLE_SKILL)
def test_round_abandonment_on_the_examples(name: str) -> None:
    """At the solved flows of each example, deferred stages included (their Erlang C abandons nobody)."""
    x = expand(sd.load_example(name))
    flows, _, _, _ = _solve_traffic(x)
    inputs = _stage_inputs(x, flows, _theta(x))
    plain = _plain_round_abandonment(x.agents, inputs)
    assert not plain[x.deferred].any()
    assert np.array_equal(_round_abandonment(x, inputs), plain)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "b", "c", "all", None]), max_size=60), st.booleans())
def test_distinct_is_pandas_unique(values, categorical: bool) -> None:
    column = pd.Series(pd.Categorical(values) if categorical else pd.Series(values, dtype=object))
    expected = list(pd.unique(column))
    got = distinct(column)
    assert len(got) == len(expected)
    assert all((g is e) or (g == e) or (pd.isna(g) and pd.isna(e)) for g, e in zip(got, expected, strict=True))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(min_value=-3, max_value=700), st.booleans()), max_size=80))
def test_period_columns_are_unique_and_searchsorted(rows) -> None:
    period = np.array([p if not whole else -1 for p, whole in rows], dtype=np.int64)
    horizon = np.array([whole for _, whole in rows], dtype=bool)
    periods, col = _columns(period, horizon)
    expected = np.unique(period[~horizon])
    assert periods.dtype == expected.dtype and np.array_equal(periods, expected)
    assert np.array_equal(col, np.searchsorted(expected, period))


@pytest.mark.parametrize("name", sd.example_names())
def test_kept_rosters_are_the_expanded_ones(name: str) -> None:
    scenario = sd.load_example(name)
    minutes = scenario.demand.interval_minutes
    for stage in scenario.stages:
        first = staff_per_period(stage, minutes)
        first[:] = -1.0  # the caller's copy: the kept roster does not change
        again = staff_per_period(stage, minutes)
        assert np.array_equal(again, _expand_staff(stage, minutes))
        moved = stage.model_copy(update={"staff_adjustment": stage.staff_adjustment + 1.0})
        assert np.array_equal(staff_per_period(moved, minutes), _expand_staff(moved, minutes))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1.0, max_value=3600.0),
    st.floats(min_value=0.0, max_value=400.0),
    st.floats(min_value=0.0, max_value=1e5) | st.just(float("inf")),
)
def test_one_queue_gives_the_array_path_numbers(rate: float, handle: float, agents: float, target: float) -> None:
    one = erlang_c(rate, handle, agents, target)
    many = erlang_c(np.array([rate]), np.array([handle]), np.array([agents]), np.array([target]))
    for name in ("offered_load", "agents", "p_wait", "asa", "service_level", "target_time", "occupancy"):
        value = getattr(one, name)
        assert type(value) is float
        assert value == getattr(many, name)[0] or (np.isnan(value) and np.isnan(getattr(many, name)[0]))
    assert one.overloaded is bool(many.overloaded[0])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, -1e-300, 0.0])
def test_a_bad_float_is_still_refused(value: float) -> None:
    with pytest.raises(InputError, match="handle_time"):
        erlang_c(0.1, value, 5.0)


def test_an_equal_what_if_is_not_assessed_again() -> None:
    """compare's customer parts are kept for results and a scenario of equal content (a new object)."""
    base = sd.load_example("bank")
    results = sd.evaluate(base)

    def what_if(n: int) -> sd.Scenario:
        return base.with_overrides(base.staff_change_overrides({"representative": n}), name="what-if")

    first = _customer_parts(what_if(-1), results)
    assert _customer_parts(what_if(-1), results)[1] is first[1]
    assert _customer_parts(what_if(-2), results)[1] is not first[1]


@pytest.mark.parametrize("name", sd.example_names())
def test_kept_handle_transforms_are_computed_ones(name: str) -> None:
    scenario = sd.load_example(name)
    grid = journey.Grid(scenario.resolution_target)
    dists = [stage.handle_time for stage in scenario.stages]
    means = np.array([stage.handle_time.mean for stage in scenario.stages]) * 1.25
    first = journey.handle_transforms(grid, dists, means)
    first[:] = 0.0  # the caller's array: the kept transforms do not change
    again = journey.handle_transforms(grid, dists, means)
    plain = np.array([journey.handle_transform(grid, d, float(m)) for d, m in zip(dists, means, strict=True)])
    assert np.array_equal(again, plain)


def _plain_backlog(arrivals: np.ndarray, capacity: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """The deferred backlog as the engine computed it before the compiled kernel (numpy)."""
    T = arrivals.size
    level = np.cumsum(np.tile(arrivals - capacity, 3))
    backlog_end = level - np.minimum(np.minimum.accumulate(level), 0.0)
    start = np.concatenate([[0.0], backlog_end[:-1]])[2 * T :]
    ahead = np.maximum(start + 0.5 * (arrivals - capacity), 0.0)
    cum = np.concatenate([[0.0], np.cumsum(np.tile(capacity, 3))])
    need = cum[:T] + 0.5 * capacity + ahead
    k = np.searchsorted(cum, need, side="left")
    inside = (k >= 1) & (k <= 3 * T)
    kk = np.clip(k, 1, 3 * T)
    step = cum[kk] - cum[kk - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(step > 0, (need - cum[kk - 1]) / np.where(step > 0, step, 1.0), 0.0)
    reached = np.where(inside, kk - 1 + fraction, np.inf)
    wait = np.maximum(reached - (np.arange(T) + 0.5), 0.0) * dt
    return ahead, np.where(ahead > 0, wait, 0.0)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 0.3, 1.0, 2.5, 7.0, 40.0]) | st.floats(min_value=0.0, max_value=60.0),
            st.sampled_from([0.0, 0.0, 1.0, 3.0, 12.0]) | st.floats(min_value=0.0, max_value=60.0),
        ),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from([60.0, 900.0, 3600.0]),
)
def test_compiled_backlog_is_the_numpy_one(periods, dt: float) -> None:
    arrivals = np.array([a for a, _ in periods])
    capacity = np.array([c for _, c in periods])
    ahead, wait = backlog_waits(arrivals, capacity, dt)
    plain_ahead, plain_wait = _plain_backlog(arrivals, capacity, dt)
    assert np.array_equal(ahead, plain_ahead)
    assert np.array_equal(wait, plain_wait)
    assert np.array_equal(np.signbit(ahead), np.signbit(plain_ahead))


@pytest.mark.parametrize("name", SINGLE_SKILL)
def test_a_kept_traffic_solution_gives_the_figures_of_a_new_one(name: str) -> None:
    scenario = sd.load_example(name)
    analytic.TRAFFIC.clear()
    cold = sd.evaluate(scenario, staffing=False)
    kept = {
        key: [np.copy(a) for a in (value[0], value[1], *value[2].values())] for key, value in analytic.TRAFFIC.items()
    }
    warm = sd.evaluate(scenario)  # the staffing search on the kept solution
    analytic.TRAFFIC.clear()
    pd.testing.assert_frame_equal(warm.data, sd.evaluate(scenario).data, check_exact=True)
    pd.testing.assert_frame_equal(cold.data, sd.evaluate(scenario, staffing=False).data, check_exact=True)
    assert len(kept) == 1  # and evaluating from it left it as it was:
    for key, arrays in kept.items():
        analytic.TRAFFIC[key] = analytic._solve_traffic(expand(scenario))
        sd.evaluate(scenario)
        now = analytic.TRAFFIC[key]
        assert all(np.array_equal(a, b) for a, b in zip(arrays, (now[0], now[1], *now[2].values()), strict=True))


@pytest.mark.parametrize("name", sd.example_names())
def test_journey_figures_are_kept_with_their_traffic_solution_only(name: str) -> None:
    """The end-to-end journey figures kept with a traffic solution are read again for that very solution
    (the figures of a fresh evaluation), and never once it is replaced (a new solution: computed again)."""
    scenario = sd.load_example(name)
    analytic.TRAFFIC.clear()
    fresh = sd.evaluate(scenario, staffing=False)
    (key,) = analytic.JOURNEYS
    solution, journeys = analytic.JOURNEYS[key]
    assert solution is analytic.TRAFFIC[key]
    again = sd.evaluate(scenario)  # the kept figures, read
    analytic.TRAFFIC.clear()
    pd.testing.assert_frame_equal(again.data, sd.evaluate(scenario).data, check_exact=True)
    wrong = {k: (0.0, 0.5, 0.0) for k in journeys}  # resolved in no time
    analytic.JOURNEYS[key] = (analytic.TRAFFIC[key], wrong)
    assert fresh.value("time_to_resolution") > 0.0
    assert sd.evaluate(scenario, staffing=False).value("time_to_resolution") == 0.0  # they are what is read
    analytic.JOURNEYS[key] = (tuple(list(analytic.TRAFFIC[key])), wrong)  # equal, not the very solution held
    pd.testing.assert_frame_equal(sd.evaluate(scenario, staffing=False).data, fresh.data, check_exact=True)
    analytic.TRAFFIC.clear()


def test_traffic_solutions_kept_are_bounded() -> None:
    base = sd.load_example("bank")
    analytic.TRAFFIC.clear()
    for i in range(analytic.TRAFFIC_SIZE + 3):
        sd.evaluate(base.with_overrides({"demand.scale": 1.0 + 0.01 * i}), staffing=False)
    assert len(analytic.TRAFFIC) == analytic.TRAFFIC_SIZE
