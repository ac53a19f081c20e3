"""Hypothesis properties of the Erlang formulas and of the staffing search."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.formulas.queueing import erlang_a, erlang_c, required_agents

pytestmark = pytest.mark.filterwarnings("error")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

loads = st.floats(0.01, 3000.0)
handle = st.floats(0.05, 20.0)
patience_ratio = st.one_of(st.floats(0.01, 100.0), st.just(math.inf))


@SETTINGS
@given(load=loads, h=handle, ratio=patience_ratio, t_ratio=st.floats(0.0, 5.0), extra=st.integers(-50, 200))
def test_more_agents_never_hurt(load, h, ratio, t_ratio, extra):
    lam = load / h
    n0 = max(0, int(load) + extra)
    n = np.arange(n0, n0 + 6)
    m = erlang_a(lam, h, n, ratio * h, t_ratio * h)
    assert np.all(m.p_wait[1:] <= m.p_wait[:-1] + 1e-12)
    assert np.all(m.asa[1:] <= m.asa[:-1] * (1 + 1e-12) + 1e-300)  # inf <= inf when overloaded
    assert np.all(m.p_abandon[1:] <= m.p_abandon[:-1] + 1e-12)
    assert np.all(m.service_level[1:] >= m.service_level[:-1] - 1e-12)
    for field in ("p_wait", "service_level", "occupancy", "p_abandon"):
        v = getattr(m, field)
        assert np.all((v >= 0) & (v <= 1)), field
    assert not np.any(np.isnan(m.asa)) and not np.any(np.isnan(m.queue_length))


def assert_metrics_close(got, ref, rel=1e-12):
    """Every field of two QueueMetrics equal, floats to ``rel`` (the compiled Erlang C staffing
    computes Erlang B by recursion, the numpy ``erlang_c`` through the incomplete gamma).

    The service level 1 - C·e^(-(n-a)t/h) is a difference of numbers near one, so it is compared
    to a few units in the last place of 1 (absolute) as well; other figures that are subnormal
    (below 1e-300, e.g. the queue of a load of 1e-156 Erlangs) differ in their last denormal bits."""
    for field in dataclasses.fields(ref):
        g, r = np.asarray(getattr(got, field.name)), np.asarray(getattr(ref, field.name))
        assert g.shape == r.shape, field.name
        if field.name in ("offered_load", "agents", "target_time", "overloaded"):
            assert np.array_equal(g, r), field.name
        else:
            atol = 1e-15 if field.name == "service_level" else 1e-300
            np.testing.assert_allclose(g, r, rtol=rel, atol=atol, err_msg=field.name)


def _meets(m, targets):
    ok = not m.overloaded
    if "service_level" in targets:
        ok &= m.service_level >= targets["service_level"]
    if "max_asa" in targets:
        ok &= m.asa <= targets["max_asa"]
    if "max_abandon" in targets:
        ok &= m.p_abandon <= targets["max_abandon"]
    if "max_occupancy" in targets:
        ok &= m.occupancy <= targets["max_occupancy"]
    return bool(ok)


targets = st.fixed_dictionaries(
    {},
    optional={
        "service_level": st.floats(0.05, 0.99),
        "max_asa": st.floats(0.001, 2.0),
        "max_abandon": st.floats(0.001, 0.5),
        "max_occupancy": st.floats(0.3, 1.0),
    },
).filter(bool)


@SETTINGS
@given(
    load=st.floats(0.0, 800.0),
    h=handle,
    ratio=patience_ratio,
    t_ratio=st.floats(0.0, 2.0),
    goal=targets,
    shrinkage=st.floats(0.0, 0.6),
)
def test_required_agents_is_minimal(load, h, ratio, t_ratio, goal, shrinkage):
    lam, t = load / h, t_ratio * h
    patience = ratio * h
    if math.isinf(ratio):
        goal = {k: v for k, v in goal.items() if k != "max_abandon"}
        if not goal:
            return
    kwargs = {k: (v * h if k == "max_asa" else v) for k, v in goal.items()}
    res = required_agents(
        lam, h, target_time=t, patience=None if math.isinf(ratio) else patience, shrinkage=shrinkage, **kwargs
    )
    n = res.agents
    assert n == int(n) and n >= 0

    def at(k):
        return erlang_a(lam, h, k, patience, t)

    assert _meets(at(n), kwargs)
    if n > 0:
        assert not _meets(at(n - 1), kwargs)
    assert res.staff == math.ceil(n / (1 - shrinkage))
    assert_metrics_close(res.metrics, at(n))

    cont = required_agents(
        lam,
        h,
        target_time=t,
        patience=None if math.isinf(ratio) else patience,
        shrinkage=shrinkage,
        continuous=True,
        **kwargs,
    )
    assert n - 1 <= cont.agents <= n
    assert _meets(at(cont.agents), kwargs)
    assert cont.staff == pytest.approx(cont.agents / (1 - shrinkage))


@SETTINGS
@given(load=loads, h=handle, t=st.floats(0.0, 10.0), frac=st.floats(0.05, 1.5))
def test_erlang_c_overload_flag(load, h, t, frac):
    n = load * frac
    m = erlang_c(load / h, h, n, t)
    assert m.overloaded == (load >= n)
    if m.overloaded:
        assert (m.p_wait, m.asa, m.queue_length, m.service_level, m.occupancy) == (1, math.inf, math.inf, 0, 1)
    else:
        assert 0 <= m.p_wait <= 1 and math.isfinite(m.asa) and m.occupancy == pytest.approx(load / n)


def test_vectorised_equals_elementwise():
    lam = np.array([[0.0, 1.0, 5.0, 50.0]])
    n = np.array([[0], [3], [60]])
    m = erlang_a(lam, 1.0, n, 2.0, 0.5)
    assert m.p_wait.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            single = erlang_a(lam[0, j], 1.0, n[i, 0], 2.0, 0.5)
            assert isinstance(single.p_wait, float) and isinstance(single.overloaded, bool)
            assert single.p_wait == m.p_wait[i, j] and single.service_level == m.service_level[i, j]
    frame = m.to_frame()
    assert len(frame) == 12 and "p_abandon" in frame.columns
    assert "<table" in m._repr_html_()


def test_edge_cases():
    nobody = erlang_a(2.0, 1.0, 0, 3.0, 1.0)
    assert (nobody.p_abandon, nobody.asa, nobody.queue_length, nobody.service_level) == (1, 3, 6, 0)
    idle = erlang_a(0.0, 1.0, 0, 3.0, 1.0)
    assert (idle.p_wait, idle.service_level, idle.occupancy, idle.overloaded) == (0, 1, 0, False)
    idle_c = erlang_c(0.0, 1.0, 0)
    assert (idle_c.p_wait, idle_c.service_level, idle_c.overloaded) == (0, 1, False)
    assert required_agents(0.0, 1.0, target_time=1.0, service_level=0.9).agents == 0
    tiny = erlang_a(1e-300, 1e-5, 3, 1e-300, 1.0)  # y = lambda * patience underflows to 0
    assert not any(np.isnan(v) for v in tiny.to_frame().iloc[0, :-1])
    assert tiny.service_level == 1.0 and tiny.p_abandon == 0.0
