"""The faster paths of the analytic engine and the staffing explorer give the numbers of the plain ones."""

from __future__ import annotations

from copy import deepcopy

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.engines.analytic import _bisection
from svcdesign.results import ALL


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
        wide = results.metric(metric)
        assert np.array_equal(table, wide[stages].to_numpy(dtype=float).T, equal_nan=True)
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
