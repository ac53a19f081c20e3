"""Loyalty and money: churn from bad experiences and effort, word of mouth, CLV, revenue at risk.

**Bad experiences.** A service episode is bad when the customer is dissatisfied (satisfaction below
``loyalty.bad_threshold``) or the interaction is high effort; with independence,
p_bad = 1 − (1 − p_dissatisfied)·(1 − p_high_effort) (a modelling choice).

**Churn.** A customer has n service episodes a year (the segment's weekly customers × 52.18 ÷ its
``customers``, else ``loyalty.episodes_per_year``); bad ones are Poisson with mean n·p_bad. Customers
leave with probability c₁ after one bad experience and c_m after m or more (PwC 2018, US: 17% after
one, 59% after several — stated intentions from a published survey; the source documents claim 50%
after one and 80% after three — practitioner claims; choose with ``loyalty.churn_basis``):

    churn_service = c₁·P(1 ≤ N < m) + c_m·P(N ≥ m) = c₁·P(N ≥ 1) + (c_m − c₁)·P(N ≥ m),

non-decreasing in p_bad when c_m ≥ c₁. Yearly churn = 1 − (1 − base)·(1 − churn_service).

**Effort and disloyalty.** CEB (2013): 96% of customers with high-effort interactions become more
disloyal vs 9% with low effort: share_disloyal = 0.09 + (0.96 − 0.09)·share_high_effort.

**Word of mouth** (source document 002, 3.7): net new customers a year =
base·(promoters·referrals_per_promoter − detractors·deterred_per_detractor) (modelling choices).

**Money.** Revenue at risk = base·churn_service·annual_value (a year); customer lifetime value
CLV = m·r/(1 + i − r), m = margin_share·annual_value, r = 1 − churn, i the discount rate
(after Gupta & Lehmann 2003).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import poisson

from ...assumptions import AssumptionTable
from ...errors import InputError

ASSUMPTIONS = [
    "loyalty.churn_basis",
    "loyalty.churn_one_bad",
    "loyalty.churn_several_bad",
    "loyalty.several_bad_count",
    "loyalty.claim_churn_one_bad",
    "loyalty.claim_churn_several_bad",
    "loyalty.claim_several_bad_count",
    "loyalty.bad_threshold",
    "loyalty.episodes_per_year",
    "loyalty.base_churn",
    "experience.effort_high_threshold",
    "experience.effort_spread",
]
"""Rows churn depends on (besides satisfaction and effort)."""
DISLOYAL_ASSUMPTIONS = [
    "loyalty.disloyal_high_effort",
    "loyalty.disloyal_low_effort",
    "experience.effort_high_threshold",
    "experience.effort_spread",
]
WOM_ASSUMPTIONS = ["loyalty.referrals_per_promoter", "loyalty.deterred_per_detractor", "loyalty.episodes_per_year"]
MONEY_ASSUMPTIONS = ["loyalty.margin_share", "loyalty.discount_rate"]


@dataclass(frozen=True)
class LoyaltyParams:
    """Churn responses and money coefficients (rows ``loyalty.*``)."""

    churn_one: float
    churn_several: float
    several: float
    bad_threshold: float
    episodes_per_year: float
    base_churn: float
    disloyal_high: float
    disloyal_low: float
    referrals_per_promoter: float
    deterred_per_detractor: float
    margin_share: float
    discount_rate: float

    def __post_init__(self) -> None:
        if self.churn_several < self.churn_one:
            raise InputError(
                "loyalty.churn_several_bad",
                self.churn_several,
                f"a share at least the churn after one bad experience ({self.churn_one:g})",
            )
        if self.several < 2:
            raise InputError("loyalty.several_bad_count", self.several, "a count ≥ 2")

    @classmethod
    def from_table(cls, table: AssumptionTable) -> LoyaltyParams:
        v = table.value
        claims = v("loyalty.churn_basis") >= 0.5
        prefix = "loyalty.claim_" if claims else "loyalty."
        return cls(
            churn_one=v(prefix + "churn_one_bad"),
            churn_several=v(prefix + "churn_several_bad"),
            several=v(prefix + "several_bad_count"),
            bad_threshold=v("loyalty.bad_threshold"),
            episodes_per_year=v("loyalty.episodes_per_year"),
            base_churn=v("loyalty.base_churn"),
            disloyal_high=v("loyalty.disloyal_high_effort"),
            disloyal_low=v("loyalty.disloyal_low_effort"),
            referrals_per_promoter=v("loyalty.referrals_per_promoter"),
            deterred_per_detractor=v("loyalty.deterred_per_detractor"),
            margin_share=v("loyalty.margin_share"),
            discount_rate=v("loyalty.discount_rate"),
        )


def _share(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, float)
    if np.isnan(value).any() or (value < 0).any() or (value > 1).any():
        raise InputError(name, value.tolist() if value.ndim else float(value), "shares in [0, 1]")
    return value


def bad_experience_share(p_dissatisfied: np.ndarray, p_high_effort: np.ndarray) -> np.ndarray:
    """p_bad = 1 − (1 − p_dissatisfied)·(1 − p_high_effort) per service episode."""
    return 1.0 - (1.0 - _share("p_dissatisfied", p_dissatisfied)) * (1.0 - _share("p_high_effort", p_high_effort))


def churn(p_bad: np.ndarray, episodes_per_year: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Yearly churn (share) from the share of bad episodes and the episodes per customer per year."""
    p_bad = _share("p_bad", p_bad)
    episodes = np.asarray(episodes_per_year, float)
    if np.isnan(episodes).any() or (episodes < 0).any():
        raise InputError("episodes_per_year", episodes.tolist() if episodes.ndim else float(episodes), "numbers ≥ 0")
    mean = p_bad * episodes
    at_least_one = -np.expm1(-mean)
    at_least_m = poisson.sf(np.ceil(params.several) - 1, mean)
    service = params.churn_one * at_least_one + (params.churn_several - params.churn_one) * at_least_m
    return 1.0 - (1.0 - params.base_churn) * (1.0 - np.clip(service, 0.0, 1.0))


def service_churn(p_bad: np.ndarray, episodes_per_year: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """The part of yearly churn due to service experiences (excluding base churn)."""
    total = churn(p_bad, episodes_per_year, params)
    base = params.base_churn
    return (total - base) / (1.0 - base) if base < 1 else np.zeros_like(total)


def disloyal_share(p_high_effort: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """CEB (2013): 0.09 + (0.96 − 0.09)·share of high-effort interactions."""
    return params.disloyal_low + (params.disloyal_high - params.disloyal_low) * _share("p_high_effort", p_high_effort)


def word_of_mouth(
    customers: np.ndarray, promoters: np.ndarray, detractors: np.ndarray, params: LoyaltyParams
) -> np.ndarray:
    """Net new customers a year brought (positive) or deterred (negative) by word of mouth."""
    return np.asarray(customers, float) * (
        params.referrals_per_promoter * _share("promoters", promoters)
        - params.deterred_per_detractor * _share("detractors", detractors)
    )


def lifetime_value(annual_value: np.ndarray, churn_rate: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """CLV = m·r/(1 + i − r) per customer (currency), m = margin_share·annual_value, r = 1 − churn."""
    r = 1.0 - _share("churn", churn_rate)
    margin = params.margin_share * np.asarray(annual_value, float)
    denominator = 1.0 + params.discount_rate - r
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, margin * r / np.where(denominator > 0, denominator, 1.0), np.inf)


def customer_value(customers: np.ndarray, annual_value: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Yearly value of ``customers`` to the organisation: customers × margin_share × annual value."""
    return np.asarray(customers, float) * params.margin_share * np.asarray(annual_value, float)


def revenue_at_risk(
    customers: np.ndarray, service_churn_rate: np.ndarray, annual_value: np.ndarray, params: LoyaltyParams
) -> np.ndarray:
    """Yearly value of customers lost to service: customers × service churn × margin × annual value."""
    return customer_value(np.asarray(customers, float) * _share("churn", service_churn_rate), annual_value, params)
