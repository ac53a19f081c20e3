"""The customer side of the dynamics engine: the weekly coupling of :mod:`svcdesign.formulas.customers` to the
service centres' delivered quality, lateness and delay.

Every formula is the customer models' own (one source): expectations smooth with
:func:`svcdesign.formulas.customers.expectations.step`, satisfaction responds to disconfirmation with
:func:`svcdesign.formulas.customers.satisfaction.satisfaction`, customers lost because of the service are
:func:`svcdesign.formulas.customers.loyalty.extra_leavers` of the week's :class:`~svcdesign.formulas.customers.
loyalty.Exposure` (revealed behaviour by default; ``loyalty.churn_basis`` picks the labelled stated
alternatives), word of mouth is :func:`svcdesign.formulas.customers.loyalty.word_of_mouth`. What lives here is
only the weekly coupling.

**Anchor.** Week 0 is the scenario as described, assessed by :func:`svcdesign.response.assess` on the
analytic engine's figures. Per segment: satisfaction S₀, perceived experience P₀ and expected experience X₀
(points 0–10), the share of high-effort contacts h₀, the customer base N₀, and the week's exposure per
first contact — bad experiences f₀ (contacts that end unresolved), late contacts ℓ₀ and, for a public
service, bed-days b₀ (``bad_experiences``, ``late_contacts``, ``bed_days`` ÷ first contacts). The scenario as
described starts in equilibrium (every stage at its standard: delivered quality 1, late share 0, delivery
delay the desired one), so week 0 reproduces the assessment's exposure, customers lost, revenue at risk
and cost of failure exactly.

**Exposure in week t** (a modelling choice mapping the service-quality model's state onto the one
definition of a bad experience). With c_t = N_t × episodes ÷ 52.18 the segment's first contacts of the
week and v_s the visits to stage s per first contact:

- bad experiences F_t = c_t·[f₀ + (1 − f₀)·(1 − Π_s min(q_s,t, 1)^v_s)]: Oliva & Sterman's delivered-quality
  index q (1 = work done to the standard) is read as the share of a stage's contacts done to the standard,
  and a contact done below it at any stage it visits ends with the issue unresolved (the customer has to
  come back). Quality above the standard does not undo the week-0 failures (abandonments);
- late contacts L_t = c_t·(ℓ₀ + Σ_s v_s·late_s,t): the dynamics' late share (work completed after the
  desired delivery delay) adds late stage visits, counted as the assessment counts them (one per late
  stage visit); late contacts were resolved, so they are not bad experiences;
- bed-days B_t = c_t·max(b₀ + β·7·Σ_s v_s·Δd_s,t, 0), β the segment's ``bed_day_share`` and Δd the
  delivery delay beyond the desired one, in weeks (at most a year where a stage has no capacity left).

**Customers.** Each week N·(1 − (1 − c₀)^(1/52.18)) leave for all reasons (baseline churn c₀ =
``loyalty.base_churn``) and a commercial organisation also loses the extra leavers of the week's exposure:
``extra_leavers`` of the exposure × 52.18 (a year like this week), ÷ 52.18 — exactly the week's share of
the year under revealed behaviour, which is linear in the exposure, so a year's weekly losses add up to
what :func:`svcdesign.response.assess` reports for the same year. A public service's clients cannot
leave because of the service (``organisation.kind: public``): its failures are counted as cost of failure
instead. New customers = the week-0 leavers of the scenario as described (a steady state: new customers
replace those who leave — a modelling choice) + the change in net word of mouth since week 0 ÷ 52.18.
Contacts per week = N × episodes per customer per year ÷ 52.18, so churn and word of mouth feed demand.

**Satisfaction and effort.** Experienced performance perf_t = visit-weighted mean of the stages'
delivered quality; expectation index e_t = SMOOTH(ω·R + (1 − ω)·perf, ``expectations.adjust_time``), R =
``dynamics.external_reference_quality`` (Oliva & Sterman 2001); perceived P_t = P₀·perf_t/perf₀, expected
X_t = X₀·e_t/e₀, satisfaction S_t = S₀ + S(P_t, X_t) − S(P₀, X₀) (expectation–disconfirmation; anchored so
that week 0 is the assessment's S₀); it drives word of mouth. High-effort share = 1 − (1 − h₀)(1 − late),
late = the chance that some stage the contact visits is later than the desired delivery delay (the
customer has to chase the case; a modelling choice).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...assumptions import AssumptionTable
from ...formulas.customers import expectations as _expect
from ...formulas.customers import loyalty as _loyal
from ...formulas.customers import satisfaction as _sat
from ...model.units import WEEKS_PER_YEAR

__all__ = ["CustomerParams", "CUSTOMER_ROWS", "CustomerAnchor", "CustomerPath", "StagePaths", "customer_path"]

#: Rows of the assumptions table the weekly coupling itself reads (the customer models read theirs).
CUSTOMER_ROWS: dict[str, str] = {
    "weight_external": "expectations.weight_external",
    "adjust_time": "expectations.adjust_time",
    "reference_quality": "dynamics.external_reference_quality",
}
DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class CustomerParams:
    """The customer models' coefficients, read once from one (overridden) assumptions table."""

    weight_external: float
    adjust_time: float
    reference_quality: float
    satisfaction: _sat.SatisfactionParams
    loyalty: _loyal.LoyaltyParams

    @classmethod
    def from_table(cls, table: AssumptionTable) -> CustomerParams:
        values = {field: table.value(name) for field, name in CUSTOMER_ROWS.items()}
        return cls(
            **values,
            satisfaction=_sat.SatisfactionParams.from_table(table),
            loyalty=_loyal.LoyaltyParams.from_table(table),
        )


@dataclass(frozen=True)
class CustomerAnchor:
    """Week-0 figures per segment [K] from :func:`svcdesign.response.assess` (points 0–10, shares, and
    the week's exposure per first contact).

    ``public``: the organisation is a public service (its clients cannot leave; failures cost money).
    """

    customers: np.ndarray
    episodes: np.ndarray  # service episodes (first contacts) per customer per year
    satisfaction: np.ndarray
    perceived: np.ndarray  # experience index
    expected: np.ndarray  # expected experience
    high_effort: np.ndarray  # share of high-effort contacts
    bad: np.ndarray  # bad experiences (contacts that end unresolved) per first contact
    late: np.ndarray  # late contacts per first contact
    bed_days: np.ndarray  # bed-days per first contact (0 unless public)
    bed_share: np.ndarray  # the segment's bed_day_share (0 unless public)
    public: bool


@dataclass(frozen=True)
class StagePaths:
    """What the stages delivered, ``[stage, week]``: delivered-quality index, share of work late, and
    delivery delay beyond the desired one (weeks, at most a year); ``visits`` [S]: contacts at each stage
    per first contact."""

    quality: np.ndarray
    late: np.ndarray
    extra_delay: np.ndarray
    visits: np.ndarray


@dataclass(frozen=True)
class CustomerPath:
    """Weekly paths ``[segment, week]`` of the customer side (customers, contacts per week…).

    ``exposure`` holds arrays ``[segment, week]`` (contacts or bed-days per week); ``lost``: customers
    lost because of the week's service (0 for a public service); ``churned``: all leavers (baseline churn
    plus ``lost``).
    """

    customers: np.ndarray
    contacts: np.ndarray
    expectation: np.ndarray  # expectation index (1 = the standard)
    performance: np.ndarray  # [week], the same for every segment
    satisfaction: np.ndarray  # points 0–10
    exposure: _loyal.Exposure
    effort_share: np.ndarray  # [week] contact-weighted share of high-effort contacts
    satisfaction_change: np.ndarray  # [week] contact-weighted change since week 0 (points)
    lost: np.ndarray  # customers lost because of the service, per week
    churned: np.ndarray  # customers leaving per week (baseline churn and service)
    won: np.ndarray  # new customers per week
    demand_factor: np.ndarray  # [week] contacts relative to week 0 (all segments)


@dataclass(frozen=True)
class _Drivers:
    """The stages' state as the customers meet it, per week [W]: share of a first contact's visits done
    to the standard, late stage visits and extra days waited per first contact, chance some visit is late."""

    to_standard: np.ndarray
    late_visits: np.ndarray
    extra_days: np.ndarray
    late_any: np.ndarray

    @classmethod
    def of(cls, stages: StagePaths) -> _Drivers:
        v = stages.visits[:, None]
        late = np.clip(stages.late, 0.0, 1.0)
        return cls(
            to_standard=np.prod(np.clip(stages.quality, 0.0, 1.0) ** v, axis=0),
            late_visits=(v * late).sum(axis=0),
            extra_days=DAYS_PER_WEEK * (v * stages.extra_delay).sum(axis=0),
            late_any=1.0 - np.prod((1.0 - late) ** v, axis=0),
        )


def _exposure(
    anchor: CustomerAnchor, contacts: np.ndarray, to_standard: float, late_visits: float, extra_days: float
) -> _loyal.Exposure:
    """The week's exposure [K] of ``contacts`` first contacts (see the module docstring): ``to_standard``
    the share of a first contact's visits done to the standard, ``late_visits`` its late stage visits and
    ``extra_days`` the days it waits beyond the desired delays.

    The bad experiences are already the failures u·A + A_r + E, so they enter as final abandonments.
    """
    f0 = np.clip(anchor.bad, 0.0, None)
    bad = contacts * (f0 + np.clip(1.0 - f0, 0.0, None) * (1.0 - to_standard))
    zero = np.zeros_like(contacts)
    return _loyal.Exposure(
        abandoned=zero,
        abandoned_final=bad,
        unserved=zero,
        late=contacts * (anchor.late + late_visits),
        bed_days=contacts * np.clip(anchor.bed_days + anchor.bed_share * extra_days, 0.0, None),
    )


def _service_leavers(
    ex: _loyal.Exposure, n: np.ndarray, anchor: CustomerAnchor, lp: _loyal.LoyaltyParams
) -> np.ndarray:
    """Customers lost because of a week's exposure (the year's extra leavers at this week's rate ÷ 52.18)."""
    if anchor.public:
        return np.zeros_like(n)
    return _loyal.extra_leavers(ex.scaled(WEEKS_PER_YEAR), n, lp) / WEEKS_PER_YEAR


def customer_path(params: CustomerParams, anchor: CustomerAnchor, stages: StagePaths) -> CustomerPath:
    """Integrate the customer side over the weeks of ``stages`` (see the module docstring)."""
    sp, lp = params.satisfaction, params.loyalty
    k_count, weeks = anchor.customers.shape[0], stages.quality.shape[1]
    drive = _Drivers.of(stages)
    performance = (stages.visits[:, None] * stages.quality).sum(axis=0) / max(float(stages.visits.sum()), 1e-300)
    omega, ref = params.weight_external, params.reference_quality
    base_hazard = -np.expm1(np.log1p(-np.minimum(lp.base_churn, 1.0 - 1e-15)) / WEEKS_PER_YEAR)

    def net_word_of_mouth(n: np.ndarray, s: np.ndarray) -> np.ndarray:
        shares = _sat.shares(s, sp)
        return _loyal.word_of_mouth(n, shares["share_promoters"], shares["share_detractors"], lp)

    n0 = anchor.customers.astype(float)
    s_ref = _sat.satisfaction(anchor.perceived, anchor.expected, sp)
    perf0 = performance[0] if performance[0] > 0 else 1.0
    e = np.full(k_count, float(_expect.blend(ref, performance[0], omega)))
    e0 = np.where(e > 0, e, 1.0)
    c0 = n0 * anchor.episodes / WEEKS_PER_YEAR
    inflow0 = n0 * base_hazard + _service_leavers(_exposure(anchor, c0, 1.0, 0.0, 0.0), n0, anchor, lp)
    wom0 = net_word_of_mouth(n0, anchor.satisfaction)

    customers, expectation, sat, lost, churned, won = (np.empty((k_count, weeks)) for _ in range(6))
    fields = _loyal.Exposure.__dataclass_fields__
    exposure = {f: np.empty((k_count, weeks)) for f in fields}
    effort_share, sat_change = np.empty(weeks), np.empty(weeks)
    n = n0.copy()
    for t in range(weeks):
        s = np.clip(
            anchor.satisfaction
            + _sat.satisfaction(anchor.perceived * performance[t] / perf0, anchor.expected * e / e0, sp)
            - s_ref,
            0.0,
            _sat.SCALE,
        )
        contacts = n * anchor.episodes / WEEKS_PER_YEAR
        ex = _exposure(anchor, contacts, drive.to_standard[t], drive.late_visits[t], drive.extra_days[t])
        service = np.minimum(_service_leavers(ex, n, anchor, lp), n * (1.0 - base_hazard))
        gained = np.maximum(inflow0 + (net_word_of_mouth(n, s) - wom0) / WEEKS_PER_YEAR, 0.0)
        customers[:, t], expectation[:, t], sat[:, t], won[:, t] = n, e, s, gained
        lost[:, t], churned[:, t] = service, n * base_hazard + service
        for f in fields:
            exposure[f][:, t] = getattr(ex, f)
        effort_share[t] = _mean(1.0 - (1.0 - anchor.high_effort) * (1.0 - drive.late_any[t]), contacts)
        sat_change[t] = _mean(s - anchor.satisfaction, contacts)
        n = np.maximum(n + gained - churned[:, t], 0.0)
        e = _expect.step(e, ref, performance[t], omega=omega, adjust_time=params.adjust_time, dt=1.0, exact=False)
    contacts = customers * anchor.episodes[:, None] / WEEKS_PER_YEAR
    return CustomerPath(
        customers=customers,
        contacts=contacts,
        expectation=expectation,
        performance=performance,
        satisfaction=sat,
        exposure=_loyal.Exposure(**exposure),
        effort_share=effort_share,
        satisfaction_change=sat_change,
        lost=lost,
        churned=churned,
        won=won,
        demand_factor=contacts.sum(axis=0) / max(float(c0.sum()), 1e-300),
    )


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else (float(values.mean()) if values.size else 0.0)
