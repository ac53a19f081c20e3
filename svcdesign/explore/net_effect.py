"""Net effect of options with its uncertainty, the probability an option pays, and its break-even.

**Net effect** of an option against the baseline, per year (or per week when only one week was evaluated):

    net = −Δ staff cost − Δ customer cost,

the customer cost being the lifetime margin of the customers the year's service loses (commercial:
:func:`~svcdesign.formulas.customers.loyalty.value_lost` of the extra leavers) or the cost of failure
(public: failed cases and bed-days). Positive = the option is better for the organisation's money.

**Uncertainty.** The customer response's coefficients that the assumptions table gives a plausible range
(``low``–``high`` columns: ``loyalty.unresolved_share``, ``loyalty.rise_per_failure``,
``loyalty.rise_per_late``, ``loyalty.base_churn``, ``loyalty.margin_share``, ``loyalty.discount_rate``;
public: ``public.failure_cost``, ``public.bed_day_cost``) are drawn independently from triangular
distributions (low, value, high) — a modelling choice for ranges given as a central value and plausible
bounds — :data:`DRAWS` times with a fixed seed, the *same* draws for every option (common random
numbers, so differences between options are not noise). ``low`` and ``high`` are the 5th and 95th
percentiles of the net effect over the draws, ``central`` its value at the table's values, ``p_pays`` the
share of draws in which the option pays (net > 0) — NaN where no money moves in any draw (net 0 in every
draw: the option neither pays nor costs, e.g. it keeps the staff and the customers' value is not given).
Wages are the user's facts and are not drawn.

**Break-even.** For each option, the coefficient whose range moves the net effect most (one at a time,
low to high, the others at their values) and the value of it at which the net effect is zero (solved in
the row's allowed range; none when the sign does not change there). In customers: a commercial option
that saves staff cost pays only while fewer extra customers a year leave than
Δ staff cost ÷ the lifetime value of a customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..assumptions import AssumptionTable
from ..formulas.customers import loyalty as _loyal
from ..i18n.phrases import Figure, Phrase, Word, tr
from ..model.units import WEEKS_PER_YEAR
from ..response import CustomerExposure

DRAWS = 4000
"""Monte Carlo draws of the uncertain coefficients."""
SEED = 20261204
"""Seed of the draws (results are reproducible)."""
QUANTILES = (0.05, 0.95)
"""The net effect's ``low`` and ``high``: these quantiles of the draws."""
COMMERCIAL = ("unresolved_share", "rise_per_failure", "rise_per_late", "base_churn", "margin_share", "discount_rate")
PUBLIC = ("unresolved_share", "failure_cost", "bed_day_cost")


@dataclass(frozen=True)
class OptionYear:
    """One option over the period counted: per kind of week, how many such weeks, the week's staff cost
    (currency) and the week's customer exposure."""

    counts: Sequence[float]
    staff_cost: Sequence[float]
    exposures: Sequence[CustomerExposure]

    @property
    def staff(self) -> float:
        return float(sum(c * s for c, s in zip(self.counts, self.staff_cost, strict=True)))

    @property
    def first(self) -> CustomerExposure:
        """The first (typical) week's exposure: customers, values and the organisation's kind."""
        return self.exposures[0]

    def exposure(self) -> _loyal.Exposure:
        """The exposure summed over the counted weeks, [K, 1] (to broadcast over draws)."""
        parts = [week.exposure.scaled(count) for count, week in zip(self.counts, self.exposures, strict=True)]
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return _loyal.Exposure(*(np.asarray(getattr(total, f))[:, None] for f in total.__dataclass_fields__))


def extra_leavers(option: OptionYear, params: _loyal.LoyaltyParams) -> np.ndarray:
    """Customers [K, draws] the counted period's service loses at ``params`` (the stated alternatives are
    yearly rates: the period is taken as its share of a year)."""
    years = sum(option.counts) * option.first.weeks / WEEKS_PER_YEAR
    if years <= 0:
        return np.zeros((len(option.first.customers), 1))
    yearly = option.exposure().scaled(1.0 / years)
    return _loyal.extra_leavers(yearly, option.first.customers[:, None], params) * years


def customer_cost(option: OptionYear, params: _loyal.LoyaltyParams) -> np.ndarray:
    """Customer cost (currency) of the counted period under ``params`` (coefficients may be arrays of draws)."""
    if option.first.kind == "public":
        return np.atleast_1d(_loyal.cost_of_failure(option.exposure(), params).sum(axis=0))
    lost = extra_leavers(option, params)
    return np.atleast_1d(_loyal.value_lost(lost, option.first.annual_value[:, None], params).sum(axis=0))


def draws(table: AssumptionTable, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Triangular draws (low, value, high) of the coefficients ``names`` that have a range, same seed always."""
    rng = np.random.default_rng(SEED)
    out = {}
    for name in names:
        row = table[_loyal.COEFFICIENTS[name]]
        if row.uncertain:
            out[name] = rng.triangular(row.low, row.value, row.high, DRAWS)
    return out


def net_effects(
    options: Sequence[OptionYear],
    labels: Sequence[str],
    base: int,
    table: AssumptionTable,
    *,
    currency: str = "currency",
    period: str = "year",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(net_effect, break_even)`` tables indexed by option (see the module docstring); money in
    ``currency`` per ``period`` (the counted weeks: a year of the calendar, or one week)."""
    params = _loyal.LoyaltyParams.from_table(table)
    kind = options[base].first.kind
    names = PUBLIC if kind == "public" else COMMERCIAL
    sampled = params.with_draws(draws(table, names))
    central_cost = [float(customer_cost(o, params)[0]) for o in options]
    drawn_cost = [customer_cost(o, sampled) for o in options]
    staff = [o.staff for o in options]
    rows, even = [], []
    for i, label in enumerate(labels):
        d_staff = staff[i] - staff[base]
        central = -d_staff - (central_cost[i] - central_cost[base])
        net = -d_staff - (drawn_cost[i] - drawn_cost[base])
        low, high = np.quantile(net, QUANTILES)
        moves = bool(np.any(net != 0))
        p_pays = float(np.mean(net > 0)) if i != base and moves else np.nan
        rows.append({"low": float(low) + 0.0, "central": central + 0.0, "high": float(high) + 0.0, "p_pays": p_pays})
        if i != base:
            row = _break_even(label, options[i], options[base], params, table, names)
            row["statement"] = _statement(row, central, currency, period, moves=moves)
            even.append(row)
    net_table = pd.DataFrame(rows, index=pd.Index(list(labels), name="option"))
    return net_table, pd.DataFrame(even).set_index("option") if even else _empty_break_even()


def _net(option: OptionYear, base: OptionYear, params: _loyal.LoyaltyParams) -> float:
    return float(-(option.staff - base.staff) - (customer_cost(option, params)[0] - customer_cost(base, params)[0]))


def _break_even(
    label: str,
    option: OptionYear,
    base: OptionYear,
    params: _loyal.LoyaltyParams,
    table: AssumptionTable,
    names: Sequence[str],
) -> dict[str, object]:
    """The most influential coefficient and the value of it at which ``option`` stops (or starts) paying."""
    swings = {}
    for name in names:
        row = table[_loyal.COEFFICIENTS[name]]
        if row.uncertain:
            at = [_net(option, base, params.with_draws({name: np.array(v)})) for v in (row.low, row.high)]
            swings[name] = abs(at[1] - at[0])
    name = max(swings, key=lambda n: swings[n])
    row = table[_loyal.COEFFICIENTS[name]]

    def net_at(value: float) -> float:
        return _net(option, base, params.with_draws({name: np.array(value)}))

    lo, hi = row.min, min(row.max, 1e9)
    value = brentq(net_at, lo, hi) if np.sign(net_at(lo)) != np.sign(net_at(hi)) else np.nan
    out: dict[str, object] = {
        "option": label,
        "assumption": row.name,
        "value": row.value,
        "break_even": value,
        "unit": row.unit,
        "saving": base.staff - option.staff,
    }
    if option.first.kind != "public":
        first = option.first
        clv = float(np.sum(_loyal.lifetime_value(first.annual_value, params) * first.customers))
        clv /= float(first.customers.sum()) or 1.0
        out["extra_customers_lost"] = float(extra_leavers(option, params).sum() - extra_leavers(base, params).sum())
        out["break_even_customers"] = (base.staff - option.staff) / clv if clv > 0 else np.nan
    return out


WORDS = {
    "unresolved_share": tr("the share of abandoned contacts left unresolved"),
    "rise_per_failure": tr("the rise in a customer's churn per unresolved contact"),
    "rise_per_late": tr("the rise in a customer's churn per contact served late"),
    "base_churn": tr("the yearly churn at the service as described"),
    "margin_share": tr("the share of customer value that is margin"),
    "discount_rate": tr("the yearly discount rate"),
    "failure_cost": tr("the cost of a failed case"),
    "bed_day_cost": tr("the cost of a day in a hospital bed"),
}
"""The deciding coefficients in words, for the statements (keys of ``loyalty.COEFFICIENTS``, every one)."""


def _sum(value: float, *, sign: bool = False) -> str:
    """A sum of money to three significant figures (as the dashboard and report show it), − for a loss."""
    rounded = float(f"{value:.3g}")
    mark = ("+" if rounded > 0 else "−" if rounded < 0 else "") if sign else ("−" if rounded < 0 else "")
    return f"{mark}{abs(rounded):,.0f}"


def _statement(row: dict[str, object], central: float, currency: str, period: str, *, moves: bool) -> str:
    """Sentences a manager can read: the verdict, the break-even in customers, the deciding assumption (a
    :class:`~svcdesign.i18n.phrases.Phrase`: English text that can be shown in Arabic or Persian); where no
    money moves in any draw (``moves`` false), that, and why when the customers' value is not given."""
    money = _money_per(currency, period)
    if not moves:
        text = Phrase(tr("It makes no difference to the money."))
        if np.isfinite(float(row.get("break_even_customers", 0.0))):  # type: ignore[arg-type]
            return text
        return _then(text, Phrase(_NO_VALUE))
    verdict = (
        tr("At the central values the option pays ({amount} {money}).")
        if central > 0
        else tr("At the central values the option does not pay ({amount} {money}).")
    )
    text = Phrase(verdict, amount=Figure(_sum(central, sign=True)), money=money)
    saving = float(row["saving"])  # type: ignore[arg-type]
    if not np.isfinite(float(row.get("break_even_customers", 0.0))):  # type: ignore[arg-type]
        return _then(
            text,
            Phrase(_NO_VALUE),
        )
    if "break_even_customers" in row and saving != 0:
        template = (
            tr(
                "It saves {money_saved} {money} of staff cost, so it pays only if fewer than {customers} extra "
                "customers a {period} leave (central estimate {estimate})."
            )
            if saving > 0
            else tr(
                "It costs {money_saved} {money} more in staff, so it pays only if it keeps more than {customers} "
                "customers a {period} (central estimate {estimate})."
            )
        )
        sign = 1.0 if saving > 0 else -1.0
        text = _then(
            text,
            Phrase(
                template,
                money_saved=Figure(_sum(sign * saving)),
                money=money,
                customers=Figure(f"{sign * float(row['break_even_customers']):,.0f}"),  # type: ignore[arg-type]
                period=Word(period),
                estimate=Figure(f"{sign * float(row['extra_customers_lost']):,.0f}"),  # type: ignore[arg-type]
            ),
        )
    value = float(row["break_even"])  # type: ignore[arg-type]
    words = Phrase(next(WORDS[k] for k, v in _loyal.COEFFICIENTS.items() if v == row["assumption"]))
    if np.isnan(value):
        return _then(text, Phrase(tr("No value of {words} in its allowed range changes the verdict."), words=words))
    unit = Phrase(tr(" {unit}"), unit=Word(str(row["unit"]))) if row["unit"] not in ("fraction", "") else ""
    turn = Phrase(
        tr("The verdict turns when {words} is {value}{unit} (the assumptions table's value: {table}{unit})."),
        words=words,
        value=Figure(f"{value:.3g}"),
        unit=unit,
        table=Figure(f"{float(row['value']):.3g}"),  # type: ignore[arg-type]
    )
    return _then(text, turn)


_NO_VALUE = tr(
    "The customers' value is not given, so lost customers cost nothing here: only the staff cost counts. Set the "
    "customers' annual value to weigh them."
)


def _then(first: str, then: str) -> Phrase:
    """Two sentences, one after the other."""
    return Phrase(tr("{first} {then}"), first=first, then=then)


def _money_per(currency: str, period: str) -> str:
    """``"USD a year"``: the currency per period of the statements."""
    if period == "year":
        return Phrase(tr("{currency} a year"), currency=currency)
    if period == "week":
        return Phrase(tr("{currency} a week"), currency=currency)
    return f"{currency} a {period}"


def _empty_break_even() -> pd.DataFrame:
    return pd.DataFrame(columns=["assumption", "value", "break_even", "unit", "saving", "statement"]).rename_axis(
        "option"
    )
