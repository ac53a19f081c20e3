"""Estimators for contact logs: handle-time distributions and customer patience.

Handle times are fitted by maximum likelihood as lognormal (Brown et al. 2005 found call-centre service
times close to lognormal) and as exponential (what Erlang C/A assume), each with its Kolmogorov–Smirnov
statistic; the smaller KS distance wins.

Patience is *censored* data: an abandoning customer reveals their patience (their wait), a served
customer only a lower bound (their wait before being answered). The mean of abandoners' waits is
therefore biased low — impatient customers are over-represented among abandoners — and must not be
used (Brown et al. 2005, section 5). Two estimators that use the censoring correctly:

- **exponential hazard MLE**: θ̂ = abandonments / total time spent waiting by all customers who asked
  for an agent; mean patience 1/θ̂; a 95% interval from the Poisson likelihood (θ̂·(1 ± 1.96/√d)).
- **Kaplan–Meier** product-limit survival S(t) = Π (1 − d_i/n_i) over abandonment times, with the
  restricted mean ∫₀^τ S(t) dt to the last observed wait τ (a lower bound of the mean when S(τ) > 0)
  and the median where S falls to one half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

Z95 = stats.norm.ppf(0.975)
"""Two-sided 95% normal quantile (1.96) for Wald intervals."""


@dataclass(frozen=True)
class HandleTimeFit:
    """One fitted handle-time distribution. Times in seconds."""

    kind: str
    mean: float
    cv: float
    params: dict[str, float]
    log_likelihood: float
    aic: float
    ks_statistic: float
    ks_pvalue: float
    n: int


def fit_handle_times(durations: np.ndarray) -> list[HandleTimeFit]:
    """Lognormal and exponential maximum-likelihood fits of positive durations (seconds).

    Lognormal: μ̂ = mean(ln x), σ̂ = sd(ln x) (divisor n; the MLE); mean exp(μ + σ²/2), cv √(exp σ² − 1)
    (infinite where they overflow a float). Exponential: mean = sample mean, cv 1. KS statistics against
    the fitted CDFs (with parameters estimated from the same data the p-values are optimistic; use the
    statistic to compare). When all durations are equal no lognormal fits them (σ̂ = 0): only the
    exponential is returned.
    """
    x = np.asarray(durations, dtype=float)
    x = x[np.isfinite(x) & (x > 0)]
    if x.size < 2:
        raise ValueError("need at least two positive handle times to fit a distribution")
    n = x.size
    mean_exp = float(x.mean())
    ll_ex = float(stats.expon.logpdf(x, scale=mean_exp).sum())
    ks_ex = stats.kstest(x, stats.expon(scale=mean_exp).cdf)
    exponential = HandleTimeFit(
        "exponential",
        mean_exp,
        1.0,
        {"mean_s": mean_exp},
        ll_ex,
        2.0 - 2 * ll_ex,
        float(ks_ex.statistic),
        float(ks_ex.pvalue),
        n,
    )
    if np.all(x == x[0]):
        return [exponential]
    logs = np.log(x)
    mu, sigma = float(logs.mean()), float(logs.std())
    ll_ln = float(stats.lognorm.logpdf(x, s=sigma, scale=math.exp(mu)).sum())
    ks_ln = stats.kstest(x, stats.lognorm(s=sigma, scale=math.exp(mu)).cdf)
    with np.errstate(over="ignore"):
        mean_ln, cv_ln = float(np.exp(mu + sigma**2 / 2)), float(np.sqrt(np.expm1(sigma**2)))
    return [
        HandleTimeFit(
            "lognormal",
            mean_ln,
            cv_ln,
            {"mu_log_s": mu, "sigma_log": sigma},
            ll_ln,
            4.0 - 2 * ll_ln,
            float(ks_ln.statistic),
            float(ks_ln.pvalue),
            n,
        ),
        exponential,
    ]


@dataclass(frozen=True)
class ExponentialPatience:
    """Exponential-hazard MLE of patience from censored waits (seconds)."""

    rate: float  # θ̂, abandonments per second of waiting
    mean: float  # 1/θ̂, seconds (inf when nobody abandoned)
    lower: float  # 95% interval of the mean, seconds
    upper: float
    abandonments: int
    exposure: float  # total seconds waited by all customers at risk


def exponential_patience(waits: np.ndarray, abandoned: np.ndarray) -> ExponentialPatience:
    """θ̂ = Σ abandoned / Σ waits over everyone who waited (served waits are censored observations).

    Nobody abandoning gives θ̂ = 0 (mean patience infinite); abandonments without any time waited give
    θ̂ = ∞ (mean patience 0).
    """
    w = np.asarray(waits, dtype=float)
    a = np.asarray(abandoned, dtype=bool)
    d = int(a.sum())
    exposure = float(w.sum())
    if d == 0:
        return ExponentialPatience(0.0, math.inf, math.inf, math.inf, d, exposure)
    if not exposure > 0:
        return ExponentialPatience(math.inf, 0.0, 0.0, 0.0, d, exposure)
    rate = d / exposure
    half = Z95 / math.sqrt(d)
    fast, slow = rate * (1 + half), rate * max(1 - half, 0.0)  # rate bounds → mean bounds
    return ExponentialPatience(rate, 1.0 / rate, 1.0 / fast, math.inf if slow == 0 else 1.0 / slow, d, exposure)


def kaplan_meier(waits: np.ndarray, abandoned: np.ndarray) -> pd.DataFrame:
    """Kaplan–Meier survival of patience: columns ``time_s, at_risk, abandoned, censored, survival``.

    One row per distinct observed time (ties: abandonments at t count before censorings at t, the usual
    convention). ``survival`` is S just after ``time_s``.
    """
    w = np.asarray(waits, dtype=float)
    a = np.asarray(abandoned, dtype=bool)
    order = np.argsort(w, kind="stable")
    w, a = w[order], a[order]
    times, index = np.unique(w, return_index=True)
    events = np.add.reduceat(a.astype(int), index) if w.size else np.array([], dtype=int)
    counts = np.diff(np.append(index, w.size))
    at_risk = w.size - index
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - events / np.maximum(at_risk, 1), 1.0)
    survival = np.cumprod(factor)
    return pd.DataFrame(
        {"time_s": times, "at_risk": at_risk, "abandoned": events, "censored": counts - events, "survival": survival}
    )


def km_restricted_mean(curve: pd.DataFrame) -> float:
    """∫₀^τ S(t) dt with τ the largest observed time (seconds)."""
    if curve.empty:
        return 0.0
    t = np.concatenate([[0.0], curve["time_s"].to_numpy()])
    s = np.concatenate([[1.0], curve["survival"].to_numpy()])
    return float(np.sum(s[:-1] * np.diff(t)))


def km_median(curve: pd.DataFrame) -> float:
    """Smallest time at which S(t) ≤ 0.5 (seconds); inf if never reached."""
    hit = curve.loc[curve["survival"] <= 0.5, "time_s"]
    return float(hit.iloc[0]) if len(hit) else math.inf
