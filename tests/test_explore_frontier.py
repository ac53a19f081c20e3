"""Efficient frontiers: no frontier point is dominated; every other point is dominated by one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_explore_optimise import chain

from svcdesign import InputError
from svcdesign.explore import frontier, pareto_mask
from svcdesign.present import frontier_figure

values = st.floats(min_value=-100, max_value=100, allow_nan=False).map(lambda v: round(v, 1))  # ties happen


def dominates(c1, b1, c2, b2):
    return c1 <= c2 and b1 >= b2 and (c1 < c2 or b1 > b2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(values, values), min_size=1, max_size=40))
def test_pareto_mask_keeps_exactly_the_undominated_points(points):
    cost = np.array([p[0] for p in points])
    benefit = np.array([p[1] for p in points])
    keep = pareto_mask(cost, benefit)
    for i in range(len(points)):
        dominated = any(dominates(cost[j], benefit[j], cost[i], benefit[i]) for j in range(len(points)))
        if keep[i]:
            assert not dominated
        else:  # left out: dominated, or a duplicate of a kept point
            assert dominated or any(
                keep[j] and cost[j] == cost[i] and benefit[j] == benefit[i] for j in range(len(points))
            )
    assert keep.any()


def test_pareto_mask_ignores_nan_and_checks_shapes():
    keep = pareto_mask([1.0, np.nan, 2.0], [1.0, 5.0, 3.0])
    assert keep.tolist() == [True, False, True]
    with pytest.raises(InputError):
        pareto_mask([1.0, 2.0], [1.0])


def test_staffing_frontier_holds_no_dominated_option():
    result = frontier(
        chain(front_staff=6, expert_staff=2),
        {"stages.front.staff_adjustment": [-2, -1, 0, 1, 2], "stages.desk.staff_adjustment": [-1, 0, 1, 2]},
    )
    points = result.points
    assert len(points) == 20
    front = points[points["on_frontier"]]
    assert 1 < len(front) < len(points)
    for _, p in front.iterrows():
        assert not any(
            dominates(q.staff_cost, q.service_level, p.staff_cost, p.service_level) for q in points.itertuples()
        )
    # along the frontier, paying more buys better service
    ordered = front.sort_values("staff_cost")
    assert np.all(np.diff(ordered["service_level"].to_numpy()) > 0)
    assert len(result.table) == len(front)
    fig = frontier_figure(result)
    assert "frontier" in fig.layout.title.text.lower() and fig.layout.xaxis.title.text


def test_frontier_of_abandonment_minimises_it():
    result = frontier(
        chain(front_staff=6, expert_staff=2),
        {"stages.front.staff_adjustment": [-1, 0, 1]},
        objective=("staff_cost", "p_abandon_any"),
    )
    # with one lever, more staff always costs more and lowers abandonment: every option is efficient
    assert result.points["on_frontier"].all()


def test_frontier_with_a_customer_model_and_bad_objectives():
    def satisfaction(scenario, results):
        return {"satisfaction": 10 * results.value("fcr") - 5 * results.value("p_abandon_any")}

    result = frontier(
        chain(front_staff=6, expert_staff=2),
        {"stages.desk.staff_adjustment": [-1, 0, 3]},
        objective=("staff_cost", "satisfaction"),
        customers=satisfaction,
    )
    assert result.points["satisfaction"].notna().all()
    with pytest.raises(InputError, match="objective"):
        frontier(chain(), {"demand.scale": [1]}, objective=("staff_cost",))
