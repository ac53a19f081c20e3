"""The customer side of the dynamics engine: the weekly coupling of :mod:`svcdesign.formulas.customers` to the
service centres' delivered quality and lateness.

Every formula is the customer models' own (one source): expectations smooth with
:func:`svcdesign.formulas.customers.expectations.step`, satisfaction responds to disconfirmation with
:func:`svcdesign.formulas.customers.satisfaction.satisfaction`, dissatisfied and high-effort shares combine with
:func:`svcdesign.formulas.customers.loyalty.bad_experience_share`, churn is
:func:`svcdesign.formulas.customers.loyalty.churn`, word of mouth
:func:`svcdesign.formulas.customers.loyalty.word_of_mouth` and the value of customers
:func:`svcdesign.formulas.customers.loyalty.customer_value`. What lives here is only the weekly coupling.

**Anchor.** Week 0 is the scenario as described, assessed by :func:`svcdesign.response.assess` on the
analytic engine's figures: each segment's satisfaction S₀, perceived experience P₀ and expected
experience X₀ (points 0–10), shares of dissatisfied d₀ and high-effort h₀ contacts and customer base
N₀, so that week 0 has exactly the assessment's churn.

Per segment and week t (Euler, step one week):

- experienced performance perf_t = visit-weighted mean of the stages' delivered quality (the
  Oliva & Sterman quality index, 1 = the standard); expectation index e_t = SMOOTH(ω·R + (1 − ω)·perf,
  ``expectations.adjust_time``), R = ``dynamics.external_reference_quality`` (Oliva & Sterman 2001);
- in points: perceived P_t = P₀·perf_t/perf₀, expected X_t = X₀·e_t/e₀, and satisfaction
  S_t = S₀ + S(P_t, X_t) − S(P₀, X₀) with S the expectation–disconfirmation form (Anderson & Sullivan
  1993 asymmetry) — anchored so that week 0 is exactly the assessment's S₀;
- dissatisfied share d_t = d₀ + the change in the share below ``loyalty.bad_threshold`` (normal spread
  ``satisfaction.spread``) from S₀ to S_t;
  high-effort share = 1 − (1 − h₀)(1 − late), late = the chance that some stage the contact visits is
  later than the desired delivery delay (the customer has to chase the case; a modelling choice);
  bad-experience share from both;
- yearly churn at this week's bad-experience share (Poisson episodes, PwC 2018 or the source
  documents' claims, plus ``loyalty.base_churn``) as a weekly hazard: leavers = N·(1 − (1 − churn)^(1/52.18));
- new customers = N₀'s week-0 leavers (the scenario as described is a steady state: new customers
  replace those who leave — a modelling choice) + the change in net word of mouth since week 0 ÷ 52.18
  (promoters bring, detractors deter; rows ``loyalty.referrals_per_promoter``, ``loyalty.deterred_per_detractor``);
- contacts per week = N × episodes per customer per year ÷ 52.18, so churn and word of mouth feed demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...assumptions import AssumptionTable
from ...formulas.customers import expectations as _expect
from ...formulas.customers import loyalty as _loyal
from ...formulas.customers import satisfaction as _sat
from ...model.units import WEEKS_PER_YEAR

__all__ = ["CustomerParams", "CUSTOMER_ROWS", "CustomerAnchor", "CustomerPath", "customer_path"]

#: Rows of the assumptions table the weekly coupling itself reads (the customer models read theirs).
CUSTOMER_ROWS: dict[str, str] = {
    "weight_external": "expectations.weight_external",
    "adjust_time": "expectations.adjust_time",
    "reference_quality": "dynamics.external_reference_quality",
    "bad_threshold": "loyalty.bad_threshold",
}


@dataclass(frozen=True)
class CustomerParams:
    """The customer models' coefficients, read once from one (overridden) assumptions table."""

    weight_external: float
    adjust_time: float
    reference_quality: float
    bad_threshold: float
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
    """Week-0 figures per segment [K] from :func:`svcdesign.response.assess` (points 0–10, shares)."""

    customers: np.ndarray
    episodes: np.ndarray  # service episodes per customer per year
    satisfaction: np.ndarray
    perceived: np.ndarray  # experience index
    expected: np.ndarray  # expected experience
    high_effort: np.ndarray  # share of high-effort contacts
    dissatisfied: np.ndarray  # share of dissatisfied contacts (below loyalty.bad_threshold)


@dataclass(frozen=True)
class CustomerPath:
    """Weekly paths ``[segment, week]`` of the customer side (customers, contacts per week…)."""

    customers: np.ndarray
    contacts: np.ndarray
    expectation: np.ndarray  # expectation index (1 = the standard)
    performance: np.ndarray  # [week], the same for every segment
    satisfaction: np.ndarray  # points 0–10
    bad_share: np.ndarray  # [week] contact-weighted share of bad experiences
    effort_share: np.ndarray  # [week] contact-weighted share of high-effort contacts
    satisfaction_change: np.ndarray  # [week] contact-weighted change since week 0 (points)
    churned: np.ndarray  # customers leaving per week (service and base churn)
    won: np.ndarray  # new customers per week
    demand_factor: np.ndarray  # [week] contacts relative to week 0 (all segments)


def customer_path(
    params: CustomerParams,
    anchor: CustomerAnchor,
    quality: np.ndarray,
    late: np.ndarray,
    visits: np.ndarray,
) -> CustomerPath:
    """Integrate the customer side over the weeks of ``quality``.

    ``quality`` and ``late`` [S, W]: each stage's delivered-quality index and share of work late;
    ``visits`` [S]: contacts at each stage per customer contact (from the traffic through the chain).
    """
    sp, lp = params.satisfaction, params.loyalty
    k_count, weeks = anchor.customers.shape[0], quality.shape[1]
    v = visits[:, None]
    performance = (v * quality).sum(axis=0) / max(float(visits.sum()), 1e-300)
    late_any = 1.0 - np.prod((1.0 - np.clip(late, 0.0, 1.0)) ** v, axis=0)
    omega, ref = params.weight_external, params.reference_quality

    def experiences(s: np.ndarray, late_share: float) -> tuple[np.ndarray, np.ndarray]:
        """High-effort and bad-experience shares per segment at satisfaction ``s``."""
        high_effort = 1.0 - (1.0 - anchor.high_effort) * (1.0 - late_share)
        dissatisfied = np.clip(anchor.dissatisfied + _sat.share_below(s, params.bad_threshold, sp) - below0, 0.0, 1.0)
        return high_effort, _loyal.bad_experience_share(dissatisfied, high_effort)

    def net_word_of_mouth(n: np.ndarray, s: np.ndarray) -> np.ndarray:
        shares = _sat.shares(s, sp)
        return _loyal.word_of_mouth(n, shares["share_promoters"], shares["share_detractors"], lp)

    def weekly_hazard(yearly: np.ndarray) -> np.ndarray:
        return -np.expm1(np.log1p(-np.minimum(yearly, 1.0 - 1e-15)) / WEEKS_PER_YEAR)

    n0 = anchor.customers.astype(float)
    below0 = _sat.share_below(anchor.satisfaction, params.bad_threshold, sp)
    s_ref = _sat.satisfaction(anchor.perceived, anchor.expected, sp)
    perf0 = performance[0] if performance[0] > 0 else 1.0
    e = np.full(k_count, float(_expect.blend(ref, performance[0], omega)))
    e0 = np.where(e > 0, e, 1.0)
    inflow0 = n0 * weekly_hazard(_loyal.churn(experiences(anchor.satisfaction, late_any[0])[1], anchor.episodes, lp))
    wom0 = net_word_of_mouth(n0, anchor.satisfaction)

    customers, expectation, sat = (np.empty((k_count, weeks)) for _ in range(3))
    churned, won = np.empty((k_count, weeks)), np.empty((k_count, weeks))
    bad_share, effort_share, sat_change = np.empty(weeks), np.empty(weeks), np.empty(weeks)
    n = n0.copy()
    for t in range(weeks):
        s = np.clip(
            anchor.satisfaction
            + _sat.satisfaction(anchor.perceived * performance[t] / perf0, anchor.expected * e / e0, sp)
            - s_ref,
            0.0,
            _sat.SCALE,
        )
        high_effort, bad = experiences(s, late_any[t])
        lost = n * weekly_hazard(_loyal.churn(bad, anchor.episodes, lp))
        gained = np.maximum(inflow0 + (net_word_of_mouth(n, s) - wom0) / WEEKS_PER_YEAR, 0.0)
        weight = n * anchor.episodes
        customers[:, t], expectation[:, t], sat[:, t], churned[:, t], won[:, t] = n, e, s, lost, gained
        bad_share[t] = _mean(bad, weight)
        effort_share[t] = _mean(high_effort, weight)
        sat_change[t] = _mean(s - anchor.satisfaction, weight)
        n = np.maximum(n + gained - lost, 0.0)
        e = _expect.step(e, ref, performance[t], omega=omega, adjust_time=params.adjust_time, dt=1.0, exact=False)
    contacts = customers * anchor.episodes[:, None] / WEEKS_PER_YEAR
    base_contacts = max(float((n0 * anchor.episodes).sum()) / WEEKS_PER_YEAR, 1e-300)
    return CustomerPath(
        customers=customers,
        contacts=contacts,
        expectation=expectation,
        performance=performance,
        satisfaction=sat,
        bad_share=bad_share,
        effort_share=effort_share,
        satisfaction_change=sat_change,
        churned=churned,
        won=won,
        demand_factor=contacts.sum(axis=0) / base_contacts,
    )


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else (float(values.mean()) if values.size else 0.0)
