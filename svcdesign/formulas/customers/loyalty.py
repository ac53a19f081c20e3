"""Loyalty and money: what a period of service does to customers' churn and to the organisation's money.

**A bad experience** (one definition, used everywhere): a customer contact that ends with the issue
*unresolved* — the customer abandons and does not get through on a retry (share
``loyalty.unresolved_share`` of abandonments at stages that model no retry; every final abandonment at
stages whose ``routing.retry`` already models the redials), or is not served at all because the stage
is overloaded (the arrivals beyond its capacity). A contact served later than its stage's target is
*late*, not bad: it was resolved.

**Customers, not contacts, churn.** A segment's distinct customers are its ``customers`` when the
scenario gives them, else its first contacts a year ÷ ``loyalty.episodes_per_year`` (contacts per
customer per year); the number and where it comes from are reported.

**Revealed behaviour (the default, ``loyalty.churn_basis`` = 0).** Each unresolved contact raises that
customer's yearly churn hazard by the relative amount ρ_f = ``loyalty.rise_per_failure`` and each late
contact by ρ_l = ``loyalty.rise_per_late``, *relative to the baseline churn* c₀ = ``loyalty.base_churn``
(Sriram, Chintagunta & Manchanda 2015 report relative effects; the magnitudes are the revealed effects of
one noticed failure in Halperin et al. 2019 and Amorim et al. 2025; docs/background/customers.md).
Expected extra leavers are linear in the failures, so they add up over weeks::

    extra leavers = c₀ · (ρ_f · F + ρ_l · L),  F = u·A + A_r + E

with A the abandonments at stages without modelled retries, u their unresolved share, A_r the final
abandonments at stages with retries, E the unserved arrivals and L the late contacts. A customer leaves
at most once: the yearly total is capped at the customer base × (1 − c₀).

**Stated intentions and practitioner claims (labelled alternatives, ``loyalty.churn_basis`` = 1, 2).**
With λ = F / customers bad experiences per customer a year, Poisson: yearly service churn
c₁·P(N ≥ 1) + (c_m − c₁)·P(N ≥ m) — PwC 2018's survey (17% would leave after one bad experience, 59%
after several) or source document 003's claims (50% after one, 80% after three). These are what people
*say*; the intention–behaviour gap (Chandon, Morwitz & Reinartz 2005) makes them upper bounds.

**Money.** A lost customer is worth their margin-based lifetime value
CLV = m·r/(1 + i − r), m = ``loyalty.margin_share`` × annual value, r = 1 − c₀, i =
``loyalty.discount_rate`` (after Gupta & Lehmann 2003): the value lost = extra leavers × CLV. For public
services (``organisation.kind: public``) there is no churn: the cost of failure = F × ``public.failure_cost``
+ the days waited by clients held in a hospital bed × ``public.bed_day_cost`` (a segment's
``bed_day_share`` of its waiting days; NAO 2016, King's Fund 2023).

**Effort and word of mouth** (not money). CEB (2013, survey intention): share more disloyal =
0.09 + (0.96 − 0.09)·share of high-effort contacts. Word of mouth (source document 002, 3.7): net new
customers a year = base·(promoters·referrals − detractors·deterred) (modelling choices).

Every coefficient may be an array of draws (the trade-off tools pass Monte Carlo samples): the functions
broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import poisson

from ...assumptions import AssumptionTable
from ...errors import InputError

BASES = ("revealed behaviour", "survey intention", "practitioner claim")
"""The customer responses ``loyalty.churn_basis`` chooses (0, 1, 2); the first is the default."""
RESPONSE_ASSUMPTIONS = [
    "loyalty.churn_basis",
    "loyalty.unresolved_share",
    "loyalty.rise_per_failure",
    "loyalty.rise_per_late",
    "loyalty.base_churn",
    "loyalty.episodes_per_year",
]
"""Rows the revealed-behaviour churn depends on."""
DISLOYAL_ASSUMPTIONS = [
    "loyalty.disloyal_high_effort",
    "loyalty.disloyal_low_effort",
    "experience.effort_high_threshold",
    "experience.effort_spread",
]
WOM_ASSUMPTIONS = ["loyalty.referrals_per_promoter", "loyalty.deterred_per_detractor", "loyalty.episodes_per_year"]
MONEY_ASSUMPTIONS = ["loyalty.margin_share", "loyalty.discount_rate", "loyalty.base_churn"]
PUBLIC_ASSUMPTIONS = ["loyalty.unresolved_share", "public.failure_cost", "public.bed_day_cost"]
"""Rows the cost of failure of a public service depends on."""
COEFFICIENTS = {
    "unresolved_share": "loyalty.unresolved_share",
    "rise_per_failure": "loyalty.rise_per_failure",
    "rise_per_late": "loyalty.rise_per_late",
    "base_churn": "loyalty.base_churn",
    "margin_share": "loyalty.margin_share",
    "discount_rate": "loyalty.discount_rate",
    "failure_cost": "public.failure_cost",
    "bed_day_cost": "public.bed_day_cost",
}
"""The response's uncertain coefficients and their rows (field of :class:`LoyaltyParams` → row)."""


@dataclass(frozen=True)
class LoyaltyParams:
    """Churn responses and money coefficients (rows ``loyalty.*`` and ``public.*``).

    The fields named in :data:`COEFFICIENTS` may be arrays of Monte Carlo draws (see :meth:`with_draws`).
    ``churn_one``, ``churn_several`` and ``several`` are those of the chosen stated alternative (PwC's
    survey for basis 0 and 1, the source documents' claims for basis 2); they apply only when ``basis`` > 0.
    """

    basis: int
    unresolved_share: Any
    rise_per_failure: Any
    rise_per_late: Any
    base_churn: Any
    margin_share: Any
    discount_rate: Any
    failure_cost: Any
    bed_day_cost: Any
    churn_one: float
    churn_several: float
    several: float
    episodes_per_year: float
    disloyal_high: float
    disloyal_low: float
    referrals_per_promoter: float
    deterred_per_detractor: float

    def __post_init__(self) -> None:
        if self.churn_several < self.churn_one:
            raise InputError(
                "loyalty.churn_several_bad",
                self.churn_several,
                f"a share at least the churn after one bad experience ({self.churn_one:g})",
            )
        if self.several < 2:
            raise InputError("loyalty.several_bad_count", self.several, "a count ≥ 2")

    @property
    def kind(self) -> str:
        """The kind of evidence behind the churn response (one of :data:`BASES`)."""
        return BASES[self.basis]

    @classmethod
    def from_table(cls, table: AssumptionTable) -> LoyaltyParams:
        v = table.value
        basis = int(round(v("loyalty.churn_basis")))
        prefix = "loyalty.claim_" if basis == 2 else "loyalty."
        return cls(
            basis=basis,
            **{name: v(row) for name, row in COEFFICIENTS.items()},
            churn_one=v(prefix + "churn_one_bad"),
            churn_several=v(prefix + "churn_several_bad"),
            several=v(prefix + "several_bad_count"),
            episodes_per_year=v("loyalty.episodes_per_year"),
            disloyal_high=v("loyalty.disloyal_high_effort"),
            disloyal_low=v("loyalty.disloyal_low_effort"),
            referrals_per_promoter=v("loyalty.referrals_per_promoter"),
            deterred_per_detractor=v("loyalty.deterred_per_detractor"),
        )

    def with_draws(self, draws: dict[str, np.ndarray]) -> LoyaltyParams:
        """A copy whose coefficients named in ``draws`` (fields of :data:`COEFFICIENTS`) are arrays."""
        unknown = sorted(set(draws) - set(COEFFICIENTS))
        if unknown:
            raise InputError("draws", unknown[0], f"one of the coefficients {sorted(COEFFICIENTS)}")
        values = {**self.__dict__, **{k: np.asarray(d, float) for k, d in draws.items()}}
        return LoyaltyParams(**values)


@dataclass(frozen=True)
class Exposure:
    """What a period of service did to each segment's customers: arrays [K] (or [K, ...]), customers per period.

    ``abandoned``: abandonments at stages that model no retry; ``abandoned_final``: final abandonments at
    stages whose retries are modelled; ``unserved``: arrivals beyond an overloaded stage's capacity;
    ``late``: contacts served after their stage's target; ``bed_days``: days waited by clients held in a
    hospital bed (the segment's ``bed_day_share`` of its waiting days).
    """

    abandoned: np.ndarray
    abandoned_final: np.ndarray
    unserved: np.ndarray
    late: np.ndarray
    bed_days: np.ndarray

    def scaled(self, factor: float) -> Exposure:
        """The same exposure × ``factor`` (a week's exposure × the weeks of that kind in a year)."""
        return Exposure(*(np.asarray(getattr(self, f), float) * factor for f in self.__dataclass_fields__))

    def __add__(self, other: Exposure) -> Exposure:
        return Exposure(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def _share(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, float)
    if np.isnan(value).any() or (value < 0).any() or (value > 1).any():
        raise InputError(name, value.tolist() if value.ndim else float(value), "shares in [0, 1]")
    return value


def failures(exposure: Exposure, params: LoyaltyParams) -> np.ndarray:
    """Bad experiences (contacts that end unresolved): u·A + A_r + E, per period."""
    return params.unresolved_share * exposure.abandoned + exposure.abandoned_final + exposure.unserved


def extra_leavers(exposure: Exposure, customers: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Customers lost because of the period's service (on top of the baseline churn), per period.

    Revealed behaviour: c₀·(ρ_f·F + ρ_l·L), capped at customers × (1 − c₀). Stated alternatives:
    customers × service churn at λ = F / customers bad experiences per customer (give a year's exposure).
    """
    customers = np.asarray(customers, float)
    bad = failures(exposure, params)
    if params.basis == 0:
        base = params.base_churn
        lost = base * (params.rise_per_failure * bad + params.rise_per_late * exposure.late)
        return np.minimum(lost, customers * (1.0 - base))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(customers > 0, bad / np.where(customers > 0, customers, 1.0), 0.0)
    return customers * stated_churn(rate, params)


def stated_churn(bad_per_customer: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Yearly service churn if customers did what surveys say: c₁·P(N ≥ 1) + (c_m − c₁)·P(N ≥ m), N Poisson."""
    mean = np.asarray(bad_per_customer, float)
    if np.isnan(mean).any() or (mean < 0).any():
        raise InputError("bad experiences per customer", mean.tolist() if mean.ndim else float(mean), "numbers ≥ 0")
    at_least_one = -np.expm1(-mean)
    at_least_m = poisson.sf(np.ceil(params.several) - 1, mean)
    return np.clip(params.churn_one * at_least_one + (params.churn_several - params.churn_one) * at_least_m, 0, 1)


def churn(extra: np.ndarray, customers: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Yearly churn (share) given a year's extra leavers: c₀ + extra ÷ customers (0 customers: c₀)."""
    customers = np.asarray(customers, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(customers > 0, np.asarray(extra, float) / np.where(customers > 0, customers, 1.0), 0.0)
    return np.clip(params.base_churn + share, 0.0, 1.0)


def lifetime_value(annual_value: np.ndarray, params: LoyaltyParams, churn_rate: Any = None) -> np.ndarray:
    """CLV = m·r/(1 + i − r) per customer (currency), m = margin_share·annual value, r = 1 − churn.

    ``churn_rate`` defaults to the baseline churn ``loyalty.base_churn``.
    """
    rate = params.base_churn if churn_rate is None else churn_rate
    r = 1.0 - _share("churn", rate)
    margin = params.margin_share * np.asarray(annual_value, float)
    denominator = 1.0 + params.discount_rate - r
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, margin * r / np.where(denominator > 0, denominator, 1.0), np.inf)


def value_lost(leavers: np.ndarray, annual_value: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Lifetime margin of the customers lost (currency): leavers × CLV at the baseline churn."""
    return np.asarray(leavers, float) * lifetime_value(annual_value, params)


def cost_of_failure(exposure: Exposure, params: LoyaltyParams) -> np.ndarray:
    """Public services: F × ``public.failure_cost`` + bed-days × ``public.bed_day_cost`` (currency per period)."""
    return failures(exposure, params) * params.failure_cost + exposure.bed_days * params.bed_day_cost


def disloyal_share(p_high_effort: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """CEB (2013, survey intention): 0.09 + (0.96 − 0.09)·share of high-effort contacts."""
    return params.disloyal_low + (params.disloyal_high - params.disloyal_low) * _share("p_high_effort", p_high_effort)


def word_of_mouth(
    customers: np.ndarray, promoters: np.ndarray, detractors: np.ndarray, params: LoyaltyParams
) -> np.ndarray:
    """Net new customers a year brought (positive) or deterred (negative) by word of mouth."""
    return np.asarray(customers, float) * (
        params.referrals_per_promoter * _share("promoters", promoters)
        - params.deterred_per_detractor * _share("detractors", detractors)
    )


def customer_value(customers: np.ndarray, annual_value: np.ndarray, params: LoyaltyParams) -> np.ndarray:
    """Yearly margin of ``customers`` to the organisation: customers × margin_share × annual value."""
    return np.asarray(customers, float) * params.margin_share * np.asarray(annual_value, float)
