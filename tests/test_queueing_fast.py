"""The compiled integer Erlang C staffing (svcdesign.formulas.queueing.kernels) against the numpy search.

``required_agents(..., patience=None, continuous=False)`` goes through the numba scan; the numpy
bisection search (``staffing._solve``) and ``erlang_c`` are the references: identical agents and
staff, metrics equal to ``erlang_c`` at those agents to 1e-12 relative.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_queueing_properties import assert_metrics_close

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import erlang_c, kernels, required_agents
from svcdesign.formulas.queueing.staffing import _solve

pytestmark = pytest.mark.filterwarnings("error")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def numpy_staffing(lam, h, t, shrinkage, **targets):
    """Agents and staff from the numpy bisection search (the path before the compiled scan)."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in (lam, h, t, shrinkage, *targets.values())))
    flat = {
        k: np.broadcast_to(np.asarray(v, float), shape).ravel()
        for k, v in dict(lam=lam, h=h, t=t, pat=np.inf, **targets).items()
    }
    agents, _ = _solve(flat, False)
    staff = np.ceil(agents / (1.0 - np.broadcast_to(shrinkage, shape).ravel()))
    return agents.reshape(shape), staff.reshape(shape)


def check(lam, h, t, shrinkage=0.0, **targets):
    res = required_agents(lam, h, target_time=t, shrinkage=shrinkage, **targets)
    agents, staff = numpy_staffing(lam, h, t, shrinkage, **targets)
    np.testing.assert_array_equal(res.agents, agents)
    np.testing.assert_array_equal(res.staff, staff)
    assert_metrics_close(res.metrics, erlang_c(lam, h, res.agents, t))
    return res


goals = st.fixed_dictionaries(
    {},
    optional={
        "service_level": st.floats(0.05, 0.999),
        "max_asa": st.floats(1e-4, 3.0),
        "max_occupancy": st.floats(0.3, 1.0),
    },
).filter(bool)
load_values = st.one_of(st.floats(0.0, 3000.0), st.just(0.0), st.floats(1e-6, 1.0))


@SETTINGS
@given(
    loads=st.lists(load_values, min_size=1, max_size=12),
    h=st.floats(0.05, 20.0),
    t_ratio=st.one_of(st.floats(0.0, 3.0), st.just(math.inf)),
    goal=goals,
    shrinkage=st.floats(0.0, 0.6),
)
def test_fast_path_equals_numpy_search(loads, h, t_ratio, goal, shrinkage):
    lam = np.array(loads) / h
    kwargs = {k: (v * h if k == "max_asa" else v) for k, v in goal.items()}
    check(lam, h, t_ratio * h, shrinkage, **kwargs)


@SETTINGS
@given(load=st.floats(0.0, 800.0), h=st.floats(0.05, 20.0), t_ratio=st.floats(0.0, 2.0), goal=goals)
def test_fast_path_scalar(load, h, t_ratio, goal):
    kwargs = {k: (v * h if k == "max_asa" else v) for k, v in goal.items()}
    res = check(load / h, h, t_ratio * h, 0.25, **kwargs)
    assert isinstance(res.agents, float) and isinstance(res.metrics.overloaded, bool)


def test_edge_cases():
    # zero arrivals need nobody, whatever the targets
    res = check(np.array([0.0, 0.0, 3.0]), 2.0, 1.0, service_level=0.99, max_asa=0.01, max_occupancy=0.5)
    assert list(res.agents[:2]) == [0, 0] and list(res.metrics.service_level[:2]) == [1, 1]
    # occupancy only: ceil(a / max_occupancy) unless a / n lands exactly on the cap
    res = check(np.array([8.5, 10.0, 17.0, 0.3]), 1.0, 0.0, max_occupancy=0.85)
    assert list(res.agents) == [10, 12, 20, 1]
    # mean-wait target only, and shrinkage
    check(np.linspace(0.1, 500.0, 40), 0.2, 0.0, shrinkage=0.35, max_asa=0.001)
    # huge loads: thousands of Erlangs by recursion, and beyond MAX_LOAD through the numpy search
    check(np.array([2000.0, 6000.0, 20000.0, 2 * kernels.MAX_LOAD]), 1.0, 0.01, service_level=0.9)
    # a load that underflows to zero with arrivals: one agent, no wait
    assert check(1e-300, 1e-20, 1.0, service_level=0.9).agents == 1
    # a service level of exactly 1 at t = 0 needs P(wait) below half an ulp of 1
    check(np.array([5.0, 50.0]), 1.0, 0.0, service_level=1.0)
    # targets that need Erlang B below 1e-300 (near subnormal) go to the numpy search
    check(np.array([5.0, 50.0, 0.0]), 1.0, 0.0, max_asa=1e-305)
    check(1e-305, 1.0, 0.0, service_level=0.5)
    # a long occupancy-capped start: B underflows before the cap is met
    check(800.0, 1.0, 0.1, service_level=0.8, max_occupancy=0.3)


def test_broadcasting_and_memory_layouts():
    lam = np.linspace(0.0, 400.0, 24).reshape(6, 4)
    sl = np.array([[0.5], [0.8], [0.9], [0.95], [0.99], [0.7]])
    res = check(
        lam, 0.5, np.array([0.0, 0.1, 0.2, 1.0]), np.array([0.1, 0.2, 0.3, 0.4]), service_level=sl, max_occupancy=0.9
    )
    assert res.agents.shape == res.metrics.p_wait.shape == res.staff.shape == (6, 4)
    strided = np.linspace(1.0, 300.0, 40)[::3]
    readonly = np.broadcast_to(np.array(0.4), strided.shape)
    check(strided, readonly, 0.1, service_level=0.8)
    check(lam.T, 0.5, 0.1, max_asa=0.01)  # Fortran-ordered view
    empty = required_agents(np.zeros(0), 1.0, target_time=1.0, service_level=0.8)
    assert empty.agents.shape == (0,)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"arrival_rate": [1.0, -1.0]}, "arrival_rate[1]"),
        ({"arrival_rate": [1.0, math.nan]}, "arrival_rate[1]"),
        ({"arrival_rate": math.inf}, "arrival_rate"),
        ({"handle_time": [1.0, 0.0]}, "handle_time[1]"),
        ({"target_time": -1.0}, "target_time"),
        ({"service_level": [0.5, 1.5]}, "service_level[1]"),
        ({"max_asa": math.inf}, "max_asa"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"shrinkage": [0.1, 1.0]}, "shrinkage[1]"),
        ({"arrival_rate": "many"}, "arrival_rate"),
        ({"arrival_rate": np.ones(3), "handle_time": np.ones(2)}, "shapes"),
    ],
)
def test_fast_path_errors_name_the_field(kwargs, field):
    args = {
        "arrival_rate": 1.0,
        "handle_time": 1.0,
        "target_time": 0.5,
        "service_level": 0.8,
        "max_asa": 1.0,
        "max_occupancy": 0.9,
        "shrinkage": 0.2,
        **kwargs,
    }
    with pytest.raises(InputError) as err:
        required_agents(args.pop("arrival_rate"), args.pop("handle_time"), **args)
    assert err.value.field == field


@pytest.mark.parametrize("load", [0.3, 12.5, 480.0, 3000.0, 8000.0])
def test_fast_path_metrics_match_mpmath(load):
    # P(wait) and the service level at the answer against 40-digit Erlang B (the Poisson form)
    res = required_agents(load / 2.0, 2.0, target_time=0.2, service_level=0.85, max_asa=0.05)
    n = res.agents
    with mp.workdps(40):
        a = mp.mpf(load)
        b = mp.exp(n * mp.log(a) - a - mp.loggamma(n + 1)) / mp.gammainc(n + 1, a, mp.inf, regularized=True)
        c = b / (1 - a / n + a / n * b)
        sl = 1 - c * mp.exp(-(n - a) * mp.mpf(0.2) / 2)
    assert res.metrics.p_wait == pytest.approx(float(c), rel=1e-13)
    assert res.metrics.asa == pytest.approx(float(c * 2 / (n - a)), rel=1e-13)
    assert res.metrics.service_level == pytest.approx(float(sl), rel=1e-14)
