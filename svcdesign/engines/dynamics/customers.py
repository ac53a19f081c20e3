"""The customer side of the dynamics engine: expectations, satisfaction, churn and word of mouth, weekly.

Written here because :mod:`svcdesign.customers` had no satisfaction or churn functions yet when this
was written; the coefficients are the customer models' own rows of the assumptions table (groups
``expectations``, ``satisfaction``, ``loyalty``), so both read the same numbers.

Per segment k and week t (Euler, step one week):

- experienced performance P = visit-weighted mean of the stages' delivered quality q_s (the
  Oliva & Sterman quality index, 1 = the standard);
- expectation E: SMOOTH(ω·R + (1 − ω)·P, expectations.adjust_time) with R the external reference
  quality (``dynamics.external_reference_quality``), ω = ``expectations.weight_external``
  (Oliva & Sterman 2001; models.md §4);
- disconfirmation per stage, relative to expectation: shortfall (E − q_s)⁺/E and surplus (q_s − E)⁺/E;
  a contact is a *bad experience* with the chance that some stage it visits falls short,
  1 − Π_s (1 − shortfall_s)^v_s, and *high effort* with the chance that some stage is late,
  late_s = (1 − desired delay / delivery delay)⁺ (the customer has to chase the case);
- satisfaction change ΔS = b⁺·surplus − |b⁻|·(share bad or late)  (Anderson & Sullivan 1993 asymmetry;
  ``satisfaction.b_positive``, ``satisfaction.b_negative``);
- churn per contact = 1 − (1 − c₁·bad)(1 − c_e·effort): c₁ = ``loyalty.churn_one_bad`` (PwC 2018; the
  source documents' 50% when ``loyalty.churn_basis`` = 1), c_e = (``loyalty.disloyal_high_effort`` −
  ``loyalty.disloyal_low_effort``)·c₁ — the extra customers a high-effort contact makes disloyal
  (CEB 2013), who then leave like customers after a bad experience (a modelling choice);
- word of mouth: new customers = N₀·turnover/52·(1 + elasticity·ΔS)⁺, the normal departures
  N·turnover/52 (``dynamics.customers.*``); customers lost to service = contacts × churn per contact;
- contacts per week = N·``loyalty.episodes_per_year``/52, so churn and word of mouth feed demand.

In equilibrium (quality at the standard, delays at target, expectations settled) nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from svcdesign.assumptions import AssumptionTable

__all__ = ["CustomerParams", "CUSTOMER_ROWS", "CustomerPath", "customer_path"]

#: Field of :class:`CustomerParams` → row of the assumptions table.
CUSTOMER_ROWS: dict[str, str] = {
    "b_positive": "satisfaction.b_positive",
    "b_negative": "satisfaction.b_negative",
    "churn_basis": "loyalty.churn_basis",
    "churn_one_bad": "loyalty.churn_one_bad",
    "claim_churn_one_bad": "loyalty.claim_churn_one_bad",
    "disloyal_high_effort": "loyalty.disloyal_high_effort",
    "disloyal_low_effort": "loyalty.disloyal_low_effort",
    "episodes_per_year": "loyalty.episodes_per_year",
    "weight_external": "expectations.weight_external",
    "adjust_time": "expectations.adjust_time",
    "reference_quality": "dynamics.external_reference_quality",
    "word_of_mouth": "dynamics.customers.word_of_mouth_elasticity",
    "turnover": "dynamics.customers.baseline_turnover",
}


@dataclass(frozen=True)
class CustomerParams:
    """Coefficients of the customer side (see the module docstring for each one's role)."""

    b_positive: float
    b_negative: float
    churn_basis: float
    churn_one_bad: float
    claim_churn_one_bad: float
    disloyal_high_effort: float
    disloyal_low_effort: float
    episodes_per_year: float
    weight_external: float
    adjust_time: float
    reference_quality: float
    word_of_mouth: float
    turnover: float

    @classmethod
    def from_table(cls, table: AssumptionTable) -> CustomerParams:
        return cls(**{field: table.value(name) for field, name in CUSTOMER_ROWS.items()})

    @property
    def churn_bad(self) -> float:
        """Churn probability after one bad experience (PwC survey, or the source documents' claim)."""
        return self.claim_churn_one_bad if self.churn_basis > 0.5 else self.churn_one_bad

    @property
    def churn_effort(self) -> float:
        """Churn probability after one high-effort contact (extra disloyalty × churn after a bad one)."""
        return max(self.disloyal_high_effort - self.disloyal_low_effort, 0.0) * self.churn_bad


@dataclass(frozen=True)
class CustomerPath:
    """Weekly paths ``[segment, week]`` of the customer side (customers, contacts per week…)."""

    customers: np.ndarray
    contacts: np.ndarray
    expectation: np.ndarray
    performance: np.ndarray          # [week], the same for every segment
    bad_share: np.ndarray            # [week] share of contacts that are bad experiences
    effort_share: np.ndarray         # [week] share of contacts that are high effort (late)
    satisfaction_change: np.ndarray  # [week]
    churned: np.ndarray              # customers lost to service per week
    won: np.ndarray                  # new customers per week
    demand_factor: np.ndarray        # [week] contacts relative to week 0 (all segments)


def customer_path(
    params: CustomerParams, base_customers: np.ndarray, quality: np.ndarray, late: np.ndarray,
    visits: np.ndarray,
) -> CustomerPath:
    """Integrate the customer side over the weeks of ``quality``.

    ``base_customers`` [K]: customers per segment at week 0; ``quality`` and ``late`` [S, W]: each
    stage's delivered-quality index and share of work late; ``visits`` [S]: contacts at each stage per
    customer contact (from the traffic through the chain).
    """
    k_count = base_customers.shape[0]
    weeks = quality.shape[1]
    v = visits[:, None]
    total_visits = max(float(visits.sum()), 1e-300)
    performance = (v * quality).sum(axis=0) / total_visits
    late_any = 1.0 - np.prod((1.0 - np.clip(late, 0.0, 1.0)) ** v, axis=0)
    n0 = base_customers.astype(float)
    customers = np.empty((k_count, weeks))
    expectation = np.empty((k_count, weeks))
    churned = np.empty((k_count, weeks))
    won = np.empty((k_count, weeks))
    bad_share = np.empty(weeks)
    sat = np.empty(weeks)
    n = n0.copy()
    omega, ref = params.weight_external, params.reference_quality
    e = np.full(k_count, omega * ref + (1.0 - omega) * performance[0])
    weekly_rate = params.episodes_per_year / 52.0
    turnover = params.turnover / 52.0
    for t in range(weeks):
        q = quality[:, t][:, None]                         # [S, 1]
        shortfall = np.clip((e[None, :] - q) / e[None, :], 0.0, 1.0)   # [S, K]
        surplus = np.clip((q - e[None, :]) / e[None, :], 0.0, None)
        bad = 1.0 - np.prod((1.0 - shortfall) ** v, axis=0)            # [K]
        good = (v * surplus).sum(axis=0) / total_visits
        effort = late_any[t]
        delta_s = params.b_positive * good - params.b_negative * (1.0 - (1.0 - bad) * (1.0 - effort))
        churn_per_contact = 1.0 - (1.0 - params.churn_bad * bad) * (1.0 - params.churn_effort * effort)
        contacts = n * weekly_rate
        lost = np.minimum(contacts * churn_per_contact, n)
        gained = n0 * turnover * np.maximum(1.0 + params.word_of_mouth * delta_s, 0.0)
        customers[:, t], expectation[:, t], churned[:, t], won[:, t] = n, e, lost, gained
        bad_share[t] = float(bad.mean()) if k_count else 0.0
        sat[t] = float(delta_s.mean()) if k_count else 0.0
        n = np.maximum(n + gained - n * turnover - lost, 0.0)
        e = e + (omega * ref + (1.0 - omega) * performance[t] - e) / params.adjust_time
    contacts = customers * weekly_rate
    base_contacts = max(float(n0.sum()) * weekly_rate, 1e-300)
    return CustomerPath(
        customers=customers, contacts=contacts, expectation=expectation, performance=performance,
        bad_share=bad_share, effort_share=late_any, satisfaction_change=sat, churned=churned, won=won,
        demand_factor=contacts.sum(axis=0) / base_contacts,
    )
