"""The dynamics engine's customer side on its own: exposure from the stages' state, customers that stay physical."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.assumptions import load_assumptions
from svcdesign.engines.dynamics.customer_path import CustomerAnchor, CustomerParams, StagePaths, customer_path
from svcdesign.formulas.customers.loyalty import failures
from svcdesign.model.units import WEEKS_PER_YEAR

WEEKS, STAGES = 12, 2
PARAMS = CustomerParams.from_table(load_assumptions())


def anchor(public: bool = False) -> CustomerAnchor:
    """Two segments of 50,000 and 10,000 customers, 4 first contacts a year each, a few failures a week."""
    two = np.ones(2)
    return CustomerAnchor(
        customers=np.array([50_000.0, 10_000.0]),
        episodes=4.0 * two,
        satisfaction=7.5 * two,
        perceived=7.0 * two,
        expected=6.5 * two,
        high_effort=0.2 * two,
        bad=np.array([0.04, 0.06]),
        late=np.array([0.2, 0.1]),
        bed_days=np.array([0.5, 0.0]) if public else 0.0 * two,
        bed_share=np.array([1.0, 0.0]) if public else 0.0 * two,
        public=public,
    )


def stages(quality, late=0.0, extra_delay=0.0) -> StagePaths:
    shape = (STAGES, WEEKS)
    return StagePaths(
        quality=np.broadcast_to(np.asarray(quality, float), shape).copy(),
        late=np.broadcast_to(np.asarray(late, float), shape).copy(),
        extra_delay=np.broadcast_to(np.asarray(extra_delay, float), shape).copy(),
        visits=np.array([1.0, 0.3]),
    )


def test_the_standard_reproduces_the_anchor_every_week():
    a = anchor()
    path = customer_path(PARAMS, a, stages(1.0))
    contacts = a.customers * a.episodes / WEEKS_PER_YEAR
    assert np.allclose(failures(path.exposure, PARAMS.loyalty), (contacts * a.bad)[:, None], rtol=1e-12)
    assert np.allclose(path.exposure.late, (contacts * a.late)[:, None], rtol=1e-12)
    assert np.allclose(path.customers, a.customers[:, None], rtol=1e-12)
    # revealed behaviour: base churn × (ρ_f × failures + ρ_l × late contacts), a week's worth
    lp = PARAMS.loyalty
    lost = lp.base_churn * (lp.rise_per_failure * contacts * a.bad + lp.rise_per_late * contacts * a.late)
    assert np.allclose(path.lost, lost[:, None], rtol=1e-12)


def test_work_below_the_standard_leaves_contacts_unresolved():
    """Quality 0.9 at the first stage (1 visit per contact) and 1 at the second: 10% more of the contacts
    not already failed end unresolved: f = 0.04 + 0.96 × 0.1 = 0.136 per contact."""
    a = anchor()
    quality = np.ones((STAGES, 1))
    quality[0] = 0.9
    path = customer_path(PARAMS, a, stages(quality))
    per_contact = failures(path.exposure, PARAMS.loyalty)[:, 0] / path.contacts[:, 0]
    assert per_contact == pytest.approx([0.04 + 0.96 * 0.1, 0.06 + 0.94 * 0.1], rel=1e-12)
    better = customer_path(PARAMS, a, stages(1.2))  # above the standard: no fewer failures than week 0
    assert np.allclose(failures(better.exposure, PARAMS.loyalty)[:, 0] / better.contacts[:, 0], a.bad, rtol=1e-12)


def test_a_public_service_loses_no_clients_and_counts_bed_days():
    a = anchor(public=True)
    path = customer_path(PARAMS, a, stages(1.0, late=0.5, extra_delay=0.2))
    assert (path.lost == 0).all()
    # hospital clients wait 0.2 week × 7 days more at each of 1.3 visits per contact
    contacts = a.customers[0] * a.episodes[0] / WEEKS_PER_YEAR
    assert path.exposure.bed_days[0, 0] == pytest.approx(contacts * (0.5 + 0.2 * 7 * 1.3), rel=1e-12)
    assert (path.exposure.bed_days[1] == 0).all()
    assert path.exposure.late[0, 0] == pytest.approx(contacts * (0.2 + 0.5 * 1.3), rel=1e-12)


shares = st.floats(0.0, 1.0, allow_nan=False)
qualities = st.lists(st.floats(0.2, 1.8, allow_nan=False), min_size=STAGES * WEEKS, max_size=STAGES * WEEKS)
delays = st.lists(st.floats(-1.0, WEEKS_PER_YEAR, allow_nan=False), min_size=STAGES * WEEKS, max_size=STAGES * WEEKS)


@settings(max_examples=40, deadline=None)
@given(quality=qualities, late=st.lists(shares, min_size=STAGES * WEEKS, max_size=STAGES * WEEKS), delay=delays)
def test_customers_stay_physical_and_worse_quality_fails_more(quality, late, delay):
    a = anchor(public=False)
    q = np.array(quality).reshape(STAGES, WEEKS)
    paths = stages(q, np.array(late).reshape(STAGES, WEEKS), np.array(delay).reshape(STAGES, WEEKS))
    path = customer_path(PARAMS, a, paths)
    assert (path.customers >= 0).all() and (path.won >= 0).all()
    assert (path.lost >= 0).all() and (path.churned <= path.customers + 1e-9).all()
    for field in ("abandoned_final", "late", "bed_days"):
        assert (getattr(path.exposure, field) >= 0).all(), field
    rate = failures(path.exposure, PARAMS.loyalty) / path.contacts
    assert (rate >= a.bad[:, None] - 1e-12).all() and (rate <= 1.0 + 1e-12).all()
    worse = customer_path(PARAMS, a, stages(q * 0.9, paths.late, paths.extra_delay))
    worse_rate = failures(worse.exposure, PARAMS.loyalty) / worse.contacts
    assert (worse_rate >= rate - 1e-12).all()
    assert path.satisfaction.min() >= 0 and path.satisfaction.max() <= 10
