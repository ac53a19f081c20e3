"""The review behind a report: a scenario and its what-if options evaluated, compared and explained.

:func:`review` evaluates the scenario as described and each option (a what-if variant:
``scenario.with_overrides(...)``) with the analytic engine, compares them against the scenario as
described (:func:`.compare.compare`), runs the customer models on each (:func:`svcdesign.response.assess`)
and writes down, in words a client can read, what a report on them says:

- the **findings**: each option's net effect over a year (low, central, high), the probability it pays
  and what decides it (:attr:`.compare.Comparison.net_effect` and ``break_even``). When the customers'
  yearly value is not given (every segment's ``annual_value`` is 0), the money counts staff cost only and
  the findings say so, with the value per customer at which the option would pay;
- each option **in words** ("one more person on duty in every staffed interval", "15% fewer contacts"),
  never as the scenario's field names;
- the per-stage figures of the scenario as described, a one-sentence summary of each figure (its text
  alternative), the wages, and the few assumptions that drive the net effect with their plausible range
  and a source a client can look up (references to files of this repository are left out).

A scenario with a multi-skill service desk (``Scenario.service_desk``) is reviewed the same way: the
per-stage figures list its contact types (the customers' side), its agent groups (the staff's side) and
the chain's stages, told apart by their ``kind``; the options' changes to the desk are written in words
(:mod:`.desk_review`), and the review holds the desk's skills and who answered what.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..assumptions import AssumptionTable
from ..display import number, signed, wait_text
from ..display import percent as display_percent
from ..errors import InputError
from ..formulas.customers.loyalty import COEFFICIENTS
from ..formulas.customers.params import customer_table
from ..i18n import DEFAULT, Translator, check_language
from ..i18n import numbers as local
from ..model import AgentGroup, Scenario, Stage
from ..model.roster import paid_hours
from ..model.units import WEEKDAYS
from ..response import assess, assumptions_behind
from ..results import ALL, Results, period_label
from .compare import Comparison, compare
from .desk_review import answered_shares, desk_words, skills_table
from .flows import chain_flows, fail_points, target_of
from .net_effect import COMMERCIAL, PUBLIC
from .touchpoints import touchpoints

BASELINE = "as described"
"""The name of the scenario as described among the options of a review."""


def _driver_labels(tr: Callable[[str], str]) -> dict[str, str]:
    """The words of :data:`DRIVER_LABELS` through a translator ``tr``."""
    return {
        "loyalty.unresolved_share": tr("Share of abandoned contacts whose issue stays unresolved"),
        "loyalty.rise_per_failure": tr("Rise in a customer's yearly churn per unresolved contact"),
        "loyalty.rise_per_late": tr("Rise in a customer's yearly churn per contact answered late"),
        "loyalty.base_churn": tr("Customers' yearly churn for all reasons"),
        "loyalty.margin_share": tr("Share of a customer's yearly value that is margin"),
        "loyalty.discount_rate": tr("Yearly discount rate of a customer's lifetime value"),
        "public.failure_cost": tr("Cost to the public purse of a case that fails"),
        "public.bed_day_cost": tr("Cost of a day a client waits in a hospital bed"),
    }


DRIVER_LABELS = _driver_labels(str)
"""Short names, in words, of the coefficients the net effect's range is drawn over (:mod:`.net_effect`)."""


class Wording:
    """The language a review is written in: its translator (``.tr``) and its way of writing numbers.

    In English every number is written exactly as :mod:`svcdesign.display` writes it (the review's and the
    report's English text is the source text); in Arabic and Persian with the language's digits,
    separators and percent sign (:mod:`svcdesign.i18n.numbers`), a minus as U+2212, never ``-0``.
    """

    def __init__(self, language: str = DEFAULT) -> None:
        self.tr = Translator(language)
        self.language = self.tr.language
        self.english = self.language == DEFAULT

    def number(self, value: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.number` (``"–"`` when missing), in the language's digits."""
        if self.english or value is None or not math.isfinite(value):
            return number(value, digits)
        if round(abs(float(value)), digits) == 0:
            value = 0.0  # never -0
        text = local.number(abs(float(value)), self.language, digits)
        return "−" + text if value < 0 else text

    def signed(self, value: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.signed`: ``+1,234``, ``−56``, ``0`` unsigned."""
        if self.english:
            return signed(value, digits)
        text = self.number(value, digits)
        return "+" + text if text[0] not in "−–" and value > 0 and round(value, digits) != 0 else text

    def money(self, value: float) -> str:
        """Whole currency units with a true minus sign, never ``-0``."""
        return _money(value) if self.english else self.number(value)

    def percent(self, share: float, digits: int = 1) -> str:
        """Like :func:`svcdesign.display.percent`: a share (0–1) in percent."""
        if self.english or share is None or not math.isfinite(share):
            return display_percent(share, digits)
        return local.percent(round(float(share), digits + 2) or 0.0, self.language, digits)

    def local(self, text: str) -> str:
        """A number already written in English (``"1,234.5"``, ``"15%"``) in the language's symbols and digits."""
        if self.english:
            return text
        sample = local.number(1000.5, self.language, 1)  # "1,000.5" in the language: its group and decimal signs
        sign = local.percent(0.01, self.language, 0).strip(local.DIGITS[self.language])
        symbols = str.maketrans({",": sample[1], ".": sample[-2], "%": sign, "-": "−"})
        return local.local_digits(text.translate(symbols), self.language)

    def wait(self, seconds: float, digits: int = 0) -> str:
        """Like :func:`svcdesign.display.wait_text`, its units in the language."""
        if self.english:
            return wait_text(seconds, digits)
        tr = self.tr
        if seconds is None or math.isnan(seconds):
            return "–"
        if not math.isfinite(seconds):
            return tr("∞ (overloaded)")
        if seconds < 600:
            return tr("{n} s", n=self.number(seconds))
        if seconds < 3 * 3600:
            return tr("{n} min", n=self.number(seconds / 60, digits))
        return tr("{n} h", n=self.number(seconds / 3600, max(digits, 1)))

    def per(self, currency: str, period: str) -> str:
        """``"USD a year"``: money per period."""
        if period == "year":
            return self.tr("{currency} a year", currency=currency)
        if period == "week":
            return self.tr("{currency} a week", currency=currency)
        return f"{currency} a {period}"

    def period(self, period: str) -> str:
        """The period money is counted over, in words (``"year"``)."""
        return {"year": self.tr("year"), "week": self.tr("week")}.get(period, period)

    def a_period(self, period: str) -> str:
        """``"a year"``: how often, in words."""
        return {"year": self.tr("a year"), "week": self.tr("a week")}.get(period, f"a {period}")

    def unit(self, unit: str) -> str:
        """A unit of the assumptions table in words (the few a report shows; others as written)."""
        tr = self.tr
        known = {
            "s": tr("s"),
            "week": tr("weeks"),
            "contacts": tr("contacts"),
            "multiplier": tr("times"),
            "points (0-10)": tr("points (0–10)"),
            "GBP/case": tr("GBP a case"),
            "GBP/bed-day": tr("GBP a bed-day"),
            "customers/year": tr("customers a year"),
        }
        return unit if self.english else known.get(unit, unit)

    def join(self, items: Iterable[str], separator: str = ", ") -> str:
        """Items joined with the language's comma or semicolon (Arabic and Persian write ، and ؛)."""
        if not self.english:
            separator = separator.replace(",", "،").replace(";", "؛")
        return separator.join(items)

    def when(self, label: str) -> str:
        """A period label (``"Mon 08:15"``, ``"week 3"``) in the language: its weekday's name and digits."""
        if self.english:
            return label
        tr = self.tr
        days = {
            "Mon": tr("Monday"),
            "Tue": tr("Tuesday"),
            "Wed": tr("Wednesday"),
            "Thu": tr("Thursday"),
            "Fri": tr("Friday"),
            "Sat": tr("Saturday"),
            "Sun": tr("Sunday"),
        }
        words = [days.get(w, w) for w in label.replace("week", tr("week")).split(" ")]
        return self.local(" ".join(words))


STAGE_COLUMNS = (
    "arrivals",
    "answered",
    "service_level",
    "asa",
    "p_abandon",
    "occupancy",
    "staff_hours",
    "required_staff_hours",
    "staff_cost",
    "overloaded",
    "unstaffed",
)
"""Whole-week figures of each stage a review keeps (:attr:`Review.stages`), in the engine's units."""

KINDS = {"contact_type": "contact type", "group": "agent group", "stage": "stage", ALL: "whole service"}
"""What a row of :attr:`Review.stages` is (its ``kind``), and the words for it. A service desk's contact
types carry the customers' side (waits, service level, abandonment), its agent groups the staff's side
(occupancy, paid hours, cost); a stage of the chain carries both."""


@dataclass(frozen=True, eq=False)
class Review:
    """A scenario and its options, evaluated, compared and explained in words.

    Attributes
    ----------
    scenario:
        The scenario as described.
    options:
        Every option by name, the scenario as described (:data:`BASELINE`) first.
    runs:
        Each option's analytic results (whole week, in the scenario's intervals), with the customer
        metrics when the customer models ran.
    comparison:
        The options against the scenario as described (:func:`.compare.compare`), named as in ``options``.
    changes:
        For each option but the first, what it changes, in words (the sentences of ``descriptions``
        joined by "; ").
    assumptions:
        The assumptions-table rows the customer models used (value, unit, kind, meaning, source);
        empty without the customer models.
    customers:
        Whether the customer models ran.
    descriptions:
        For each option but the first, one sentence per change, in words (no field names).
    findings:
        Per option but the first (index): ``low``, ``central``, ``high`` (currency per
        ``comparison.period``), ``p_pays`` (share, 0–1), ``staff_only`` (whether the money counts staff
        cost only, the customers' value not being given) and ``statement`` (sentences a client can
        read). Empty without options or without the shipped customer model.
    customer_value_given:
        Whether the money counts the customers' value (commercial: some segment has an ``annual_value``;
        public: always, through the cost of failure).
    unchanged:
        Options whose every compared figure equals the scenario as described, each with a sentence saying so.
    stages:
        The scenario as described, one row per contact type and agent group of its service desk (if
        any), per stage of the chain and one for the whole service (``"all"``), told apart by ``kind``
        (a key of :data:`KINDS`): the whole-week figures of :data:`STAGE_COLUMNS` in the engine's units
        (contacts, shares 0–1, seconds, hours, currency; ``overloaded`` and ``unstaffed`` as booleans;
        NaN where a figure does not apply: no staff at a contact type, no waits at an agent group), and
        ``deferred``.
    wages:
        Each agent group's and stage's hourly wage (currency per paid hour; 0 = not given).
    drivers:
        The assumptions that drive the net effect, and those the scenario sets itself: ``label`` (words),
        ``value``, ``low``, ``high`` (the plausible range; NaN where none), ``unit``, ``kind`` and
        ``source`` (without references to files the client cannot see).
    captions:
        One sentence per figure of a report (``"service_level"``, ``"flows"``, ``"blueprint"``,
        ``"journey"``) saying what it shows: the figure's text alternative.
    summary:
        Sentences on the scenario as described (service, abandonment, staff cost, the busiest stage).
    interval_minutes:
        Length of the scenario's intervals (minutes).
    skills:
        The service desk's skills (:func:`.desk_review.skills_table`): which agent group serves which
        contact type, at what speed, in which order; empty without a desk.
    answered_by:
        Share of each contact type's answered contacts each agent group answered, as described
        (:func:`.desk_review.answered_shares`); empty without a desk.
    language:
        The language its sentences are written in (one of :data:`svcdesign.i18n.LANGUAGES`).
    """

    scenario: Scenario
    options: dict[str, Scenario]
    runs: dict[str, Results] = field(repr=False)
    comparison: Comparison = field(repr=False)
    changes: dict[str, str]
    assumptions: pd.DataFrame = field(repr=False)
    customers: bool
    descriptions: dict[str, list[str]] = field(default_factory=dict)
    findings: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    customer_value_given: bool = True
    unchanged: dict[str, str] = field(default_factory=dict)
    stages: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    wages: dict[str, float] = field(default_factory=dict)
    drivers: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    captions: dict[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    interval_minutes: int = 15
    skills: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    answered_by: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    language: str = DEFAULT


def review(
    scenario: Scenario,
    options: Mapping[str, Scenario] | Iterable[Scenario] | None = None,
    *,
    customers: bool = True,
    progress: bool = False,
    language: str | None = None,
) -> Review:
    """Evaluate, compare and explain ``scenario`` and its what-if ``options``.

    Parameters
    ----------
    scenario:
        The service as described (the baseline).
    options:
        What-if variants, ``{name: Scenario}`` or a list (named by ``Scenario.name``).
    customers:
        Also run the customer models (satisfaction, churn, employment cost); on by default.
    progress:
        Show a progress bar (tqdm) while the options are evaluated.
    language:
        The language of the review's sentences (one of :data:`svcdesign.i18n.LANGUAGES`; None: the
        scenario's own, :attr:`Scenario.language <svcdesign.model.Scenario.language>`).
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    say = Wording(scenario.language if language is None else check_language(language))
    variants = _options(scenario, options)
    comparison = compare(
        *variants.values(),
        names=list(variants),
        engine="analytic",  # by name: compare counts the money over a year of the calendar
        customers=None if customers else False,
        progress=progress,
    )
    runs = {
        name: assess(variant, results) if customers else results
        for (name, variant), results in zip(variants.items(), comparison.results, strict=True)
    }
    table = customer_table(scenario, None)
    currency = comparison.currency
    descriptions = {
        name: _describe(scenario, variant, table, currency) for name, variant in variants.items() if name != BASELINE
    }
    value_given = scenario.organisation.kind == "public" or any(g.annual_value > 0 for g in scenario.segments)
    base = runs[BASELINE]
    return Review(
        scenario=scenario,
        options=variants,
        runs=runs,
        comparison=comparison,
        changes={name: "; ".join(text) for name, text in descriptions.items()},
        assumptions=_assumptions(runs),
        customers=customers,
        descriptions=descriptions,
        findings=_findings(comparison, scenario, value_given, say),
        customer_value_given=value_given,
        unchanged=_unchanged(comparison, say),
        stages=_stages(scenario, base),
        wages={team.name: float(team.hourly_wage) for _, team in _staffed(scenario)},
        drivers=_drivers(scenario, table, say),
        captions=_captions(scenario, base, customers, say),
        summary=_summary(scenario, comparison, base, currency, say),
        interval_minutes=int(scenario.demand.interval_minutes),
        skills=skills_table(scenario),
        answered_by=answered_shares(scenario, base),
        language=say.language,
    )


def _options(scenario: Scenario, options: Mapping[str, Scenario] | Iterable[Scenario] | None) -> dict[str, Scenario]:
    out = {BASELINE: scenario}
    if options is None:
        return out
    items = options.items() if isinstance(options, Mapping) else ((o.name, o) for o in options)
    for name, option in items:
        if not isinstance(option, Scenario):
            raise InputError(
                f"options[{name!r}]", type(option).__name__, "a Scenario (e.g. scenario.with_overrides({...}))"
            )
        if name in out:
            raise InputError("options", name, f"option names that differ from each other and from {BASELINE!r}")
        out[str(name)] = option
    return out


def _assumptions(runs: Mapping[str, Results]) -> pd.DataFrame:
    """Assumption rows behind the results (value as used, unit, kind, source), per option."""
    frames = [
        assumptions_behind(results)
        for results in runs.values()
        if "experience_index" in set(results.data["metric"].unique())
    ]
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames)
    frame = frame[~frame.index.duplicated(keep="first")]
    return frame[["value", "unit", "kind", "meaning", "source"]]


# ------------------------------------------------------------------------------------ money, in words
def _money(value: float) -> str:
    """Whole currency units with thousands separators and a true minus sign, never ``-0``."""
    return number(value).replace("-", "−")


def _findings(comparison: Comparison, scenario: Scenario, value_given: bool, say: Wording) -> pd.DataFrame:
    """Each option's net effect with its range, the probability it pays and a statement in words."""
    net, even = comparison.net_effect, comparison.break_even
    columns = ["low", "central", "high", "p_pays", "staff_only", "statement"]
    if net is None or even is None or len(net) < 2:
        return pd.DataFrame(columns=columns)
    wages = any(team.hourly_wage > 0 for _, team in _staffed(scenario))
    rows = {}
    for name in net.index:
        if name == comparison.baseline:
            continue
        row, decide = net.loc[name], even.loc[name]
        staff_only = not value_given
        rows[name] = {
            "low": float(row["low"]),
            "central": float(row["central"]),
            "high": float(row["high"]),
            "p_pays": float(row["p_pays"]),
            "staff_only": staff_only,
            "statement": _statement(row, decide, comparison, scenario.organisation.kind, staff_only, wages, say),
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _statement(
    row: pd.Series, decide: pd.Series, comparison: Comparison, kind: str, staff_only: bool, wages: bool, say: Wording
) -> str:
    """Sentences a client can read: the verdict with its range, then what it turns on."""
    tr, money = say.tr, say.per(comparison.currency, comparison.period)
    central, low, high = float(row["central"]), float(row["low"]), float(row["high"])
    saving, per = float(decide["saving"]), say.a_period(comparison.period)
    if staff_only:
        return _staff_only_statement(saving, decide, comparison.currency, comparison.period, wages, say)
    if round(central) == 0 and round(low) == 0 and round(high) == 0:
        text = tr("It makes no difference to the money.")
    else:
        values = {
            "central": say.money(central),
            "money": money,
            "low": say.money(low),
            "high": say.money(high),
            "share": say.local(f"{100 * float(row['p_pays']):.0f}%"),
        }
        text = (
            tr(
                "At the central values it pays: {central} {money} (plausible range {low} to {high}); it pays in "
                "{share} of the plausible cases.",
                **values,
            )
            if central > 0
            else tr(
                "At the central values it does not pay: {central} {money} (plausible range {low} to {high}); it "
                "pays in {share} of the plausible cases.",
                **values,
            )
        )
    if kind != "public" and "break_even_customers" in decide.index and np.isfinite(decide["break_even_customers"]):
        lost = float(decide["extra_customers_lost"])
        if saving > 0:
            text += " " + tr(
                "It saves {amount} {money} in staff cost, so it pays only while fewer than {n} extra customers "
                "{per} leave (central estimate {lost}).",
                amount=say.money(saving),
                money=money,
                n=say.number(decide["break_even_customers"]),
                per=per,
                lost=say.number(lost),
            )
        elif saving < 0:
            text += " " + tr(
                "It costs {amount} {money} more in staff, so it pays only if it keeps more than {n} customers "
                "{per} (central estimate {kept}).",
                amount=say.money(-saving),
                money=money,
                n=say.number(-decide["break_even_customers"]),
                per=per,
                kept=say.number(-lost),
            )
    else:
        if saving != 0:
            amount = {"amount": say.money(abs(saving)), "money": money}
            text += " " + (
                tr("Its staff cost falls by {amount} {money}.", **amount)
                if saving > 0
                else tr("Its staff cost rises by {amount} {money}.", **amount)
            )
        failures = saving - central  # net = staff cost saved − customer cost added
        if kind == "public" and round(failures) != 0:
            amount = {"amount": say.money(abs(failures)), "money": money}
            text += " " + (
                tr("The cost of failure rises by {amount} {money}.", **amount)
                if failures > 0
                else tr("The cost of failure falls by {amount} {money}.", **amount)
            )
    return text + _deciding(decide, central, say)


def _deciding(decide: pd.Series, central: float, say: Wording) -> str:
    """The sentence on the assumption that decides an option's verdict (empty when nothing turns it)."""
    tr = say.tr
    label = _driver_labels(tr).get(str(decide["assumption"]), tr("The deciding assumption"))
    label = label.lower() if say.english else label
    value, turn, unit = float(decide["value"]), float(decide["break_even"]), str(decide["unit"])
    if np.isfinite(turn):
        return " " + tr(
            "The assumption that decides it is the {label}: the verdict turns at {turn} (taken as {value}).",
            label=label,
            turn=_value(turn, unit, say),
            value=_value(value, unit, say),
        )
    if central != 0:
        return " " + tr("No plausible value of the {label} changes the verdict.", label=label)
    return ""


def _staff_only_statement(
    saving: float, decide: pd.Series, currency: str, period: str, wages: bool, say: Wording
) -> str:
    """The statement when the customers' value is not given: staff cost, and the value that would decide."""
    tr, money, per = say.tr, say.per(currency, period), say.a_period(period)
    lost = float(decide.get("extra_customers_lost", 0.0))
    if not wages:
        text = tr("The wages are not given, so the staff cost is not counted either.")
    elif saving > 0:
        text = tr("Counting staff cost only, it saves {amount} {money}.", amount=say.money(saving), money=money)
    elif saving < 0:
        text = tr("Counting staff cost only, it costs {amount} {money} more.", amount=say.money(-saving), money=money)
    else:
        text = tr("It does not change the staff cost.")
    text += " " + tr("The customers' yearly value is not given, so the customers it keeps or loses are not valued.")
    kept = -lost
    if round(kept) == 0:
        return text + " " + tr("It changes no customer's decision to stay (central estimate).")
    if wages and saving < 0 < kept:
        return (
            text
            + " "
            + tr(
                "It keeps about {n} customers {per} who would otherwise leave (central estimate), so it pays if each "
                "is worth more than {worth} {currency} over their lifetime as a customer.",
                n=say.number(kept),
                per=per,
                worth=say.money(-saving / kept),
                currency=currency,
            )
        )
    if wages and saving > 0 > kept:
        return (
            text
            + " "
            + tr(
                "About {n} more customers {per} leave (central estimate), so it pays unless each is worth more than "
                "{worth} {currency} over their lifetime as a customer.",
                n=say.number(-kept),
                per=per,
                worth=say.money(saving / -kept),
                currency=currency,
            )
        )
    if kept > 0:
        return (
            text
            + " "
            + tr(
                "It keeps about {n} customers {per} who would otherwise leave (central estimate).",
                n=say.number(kept),
                per=per,
            )
        )
    return text + " " + tr("About {n} more customers {per} leave (central estimate).", n=say.number(-kept), per=per)


def _value(value: float, unit: str, say: Wording) -> str:
    """An assumption's value in its unit, shares in percent (``fraction/year`` → ``% a year``)."""
    if unit == "fraction":
        return say.local(f"{100 * value:.3g}%")
    if unit.startswith("fraction/"):
        return f"{say.local(f'{100 * value:.3g}%')} {say.a_period(unit.split('/', 1)[1])}"
    return f"{say.local(f'{value:,.4g}')} {say.unit(unit)}".strip()


def _unchanged(comparison: Comparison, say: Wording) -> dict[str, str]:
    """Options whose every compared figure equals the baseline's, each with a sentence saying so."""
    values = comparison.values.select_dtypes("number")
    base = values.loc[comparison.baseline].to_numpy(dtype=float)
    out = {}
    for name, row in values.iterrows():
        if name == comparison.baseline:
            continue
        same = np.isclose(row.to_numpy(dtype=float), base, rtol=1e-9, atol=1e-9, equal_nan=True)
        # the probability of paying is undefined for the baseline: compare the columns both have
        if bool(np.all(same | np.isnan(base))):
            out[str(name)] = say.tr(
                "Every figure of this option equals the scenario as described: what it changes moves none of "
                "the figures this review compares (operations, customers or money)."
            )
    return out


# -------------------------------------------------------------------------------- the options in words
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _people(change: float, noun: str = "person", plural: str = "people") -> str:
    """ "one more person", "two fewer people", "1.41 more people"."""
    size = abs(change)
    more = "more" if change > 0 else "fewer"
    if math.isclose(size, round(size), abs_tol=1e-9) and round(size) < len(_NUMBERS):
        n = round(size)
        return f"{_NUMBERS[n]} {more} {noun if n == 1 else plural}"
    return f"{size:,.2f} {more} {plural}"


def _clock(seconds: float) -> str:
    minutes = round(seconds / 60) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(days: list[int] | None) -> str:
    days = sorted(set(days if days is not None else range(7)))
    if len(days) == 7:
        return "every day"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAYS[days[0]]}–{WEEKDAYS[days[-1]]}"
    return ", ".join(WEEKDAYS[d] for d in days)


def _shift_label(shift: dict[str, Any]) -> str:
    start = float(shift["start"])
    times = f"{_clock(start)}–{_clock(start + 3600 * float(shift['hours']))}, {_days(shift.get('days'))}"
    name = shift.get("name")
    return f"the {name} shift ({times})" if name else f"the shift of {times}"


def _describe(base: Scenario, variant: Scenario, table: AssumptionTable, currency: str) -> list[str]:
    """What ``variant`` changes against ``base``, one sentence per change, in words."""
    out = _staff_changes(base, variant)
    diffs: list[tuple[tuple[Any, ...], Any, Any]] = []

    def walk(x: Any, y: Any, where: tuple[Any, ...]) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for key in sorted(set(x) | set(y)):
                if not where and key in ("name", "notes", "sources", "language"):
                    continue
                walk(x.get(key), y.get(key), (*where, key))
        elif isinstance(x, dict) and y is None or x is None and isinstance(y, dict):
            walk(x or {}, y or {}, where)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y) and any(isinstance(v, dict) for v in x):
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                label = p.get("name", p.get("contact_type", i)) if isinstance(p, dict) else i
                walk(p, q, (*where, label))
        elif x != y:
            diffs.append((where, x, y))

    walk(_without_staff(base), _without_staff(variant), ())
    words = (_words(path, old, new, table, currency) for path, old, new in diffs)
    out.extend(text for text in words if text)  # "" where another sentence says it (a callback removed)
    return out or ["no change"]


def _staffed(scenario: Scenario) -> list[tuple[str, Stage | AgentGroup]]:
    """Every team with a roster, with the words that name it: the desk's agent groups, then the stages."""
    desk = scenario.service_desk
    groups = [] if desk is None else [(f"In the agent group '{g.name}'", g) for g in desk.groups]
    return [*groups, *((f"At {stage.name}", stage) for stage in scenario.stages)]


def _staff_changes(base: Scenario, variant: Scenario) -> list[str]:
    """One sentence per stage or agent group whose staff changed: how, in people, and its paid hours and
    FTE a week."""
    out: list[str] = []
    teams0, teams1 = _staffed(base), _staffed(variant)
    if [w for w, _ in teams0] != [w for w, _ in teams1]:
        return out
    c0, c1 = base.contract_hours(), variant.contract_hours()
    for (where, before), (_, after) in zip(teams0, teams1, strict=True):
        if before.staff == after.staff and before.staff_adjustment == after.staff_adjustment:
            continue
        h0 = paid_hours(before, base.demand.interval_minutes)
        h1 = paid_hours(after, variant.demand.interval_minutes)
        how = _roster_change(before.model_dump(mode="json"), after.model_dump(mode="json"), h1 / c1 - h0 / c0)
        out.append(
            f"{where}: {how} — paid hours {h0:,.1f} → {h1:,.1f} a week "
            f"({h0 / c0:,.2f} → {h1 / c1:,.2f} FTE, {h1 / c1 - h0 / c0:+,.2f})"
        )
    return out


def _roster_change(before: dict[str, Any], after: dict[str, Any], fte: float) -> str:
    """How a stage's staff changed, in words (shifts, staffed intervals or seats on duty)."""
    parts = []
    adjust = float(after.get("staff_adjustment", 0.0)) - float(before.get("staff_adjustment", 0.0))
    s0, s1 = before["staff"], after["staff"]
    if s0 != s1:
        parts.append(_staff_field_change(s0, s1, fte))
    if adjust:
        parts.append(f"{_people(adjust)} on duty in every staffed interval")
    return "; ".join(parts)


def _staff_field_change(s0: Any, s1: Any, fte: float) -> str:
    """The change from one ``Stage.staff`` to another, in words."""
    if isinstance(s0, (int, float)) and isinstance(s1, (int, float)):
        return f"{_people(float(s1) - float(s0))} on duty at all times"
    if isinstance(s0, list) and isinstance(s1, list) and len(s0) == len(s1) and s0:
        if all(isinstance(s, dict) for s in s0 + s1):
            keys = ("name", "start", "hours", "days")
            if all(all(a.get(k) == b.get(k) for k in keys) for a, b in zip(s0, s1, strict=True)):
                return _shift_counts(s0, s1, fte)
        elif not any(isinstance(s, dict) for s in s0 + s1):
            return _interval_counts(np.asarray(s0, float), np.asarray(s1, float), fte)
    return f"a new roster ({_people(fte, 'full-time equivalent', 'full-time equivalents')})"


def _shift_counts(s0: list[dict[str, Any]], s1: list[dict[str, Any]], fte: float) -> str:
    changed = [
        (a, float(b["count"]) - float(a["count"])) for a, b in zip(s0, s1, strict=True) if a["count"] != b["count"]
    ]
    ratios = {round(float(b["count"]) / float(a["count"]), 9) for a, b in zip(s0, s1, strict=True) if a["count"]}
    if len(changed) > 1 and len(ratios) == 1:
        return f"{_people(fte, 'full-time equivalent', 'full-time equivalents')} spread pro rata over every shift"
    return "; ".join(f"{_people(delta)} on {_shift_label(shift)}" for shift, delta in changed)


def _interval_counts(s0: np.ndarray, s1: np.ndarray, fte: float) -> str:
    if s0.shape != s1.shape:
        return f"a new roster ({_people(fte, 'full-time equivalent', 'full-time equivalents')})"
    staffed = s0 > 0
    delta = s1 - s0
    if np.all(delta[~staffed] == 0) and staffed.any():
        steps = np.unique(np.round(delta[staffed], 9))
        if steps.size == 1:
            return f"{_people(float(steps[0]))} on duty in every staffed interval"
        ratios = np.unique(np.round(s1[staffed] / s0[staffed], 9))
        if ratios.size == 1:
            return f"{_people(fte, 'full-time equivalent', 'full-time equivalents')} spread pro rata over the roster"
    up, down = int(np.sum(delta > 0)), int(np.sum(delta < 0))
    moves = [f"more staff in {up} intervals" if up else "", f"fewer in {down}" if down else ""]
    return " and ".join(m for m in moves if m) + " of the day's roster"


def _without_staff(scenario: Scenario) -> dict[str, Any]:
    """The scenario as data, defaults included, its stages' and agent groups' staff and seat adjustment
    left out (:func:`_staff_changes` reads them)."""
    data = scenario.model_dump(mode="json")
    desk = data.get("service_desk") or {}
    for stage in [*data.get("stages", []), *desk.get("groups", [])]:
        stage.pop("staff", None)
        stage.pop("staff_adjustment", None)
    return data


def _plain(text: str) -> str:
    """Text from the assumptions table without field names: ``annual_value`` → ``annual value``,
    ``loyalty.base_churn`` → ``base churn``."""
    text = re.sub(r"\b[a-z]+(?:\.[a-z_@0-9]+)+\b", lambda m: m.group(0).rsplit(".", 1)[-1], text)
    return re.sub(r"\b(\w+)_(\w+)\b", lambda m: m.group(0).replace("_", " "), text)


def _share_text(value: Any) -> str:
    return "none" if value is None else f"{100 * float(value):.3g}%"


def _seconds_text(value: Any) -> str:
    return "not set" if value is None else wait_text(float(value), digits=1)


def _scalar(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "a new setting"


_TARGETS = {
    "answer_within": ("target answer time", _seconds_text),
    "service_level": ("service-level target", _share_text),
    "max_asa": ("longest acceptable mean wait", _seconds_text),
    "max_abandon": ("largest acceptable abandonment", _share_text),
    "max_occupancy": ("largest acceptable occupancy", _share_text),
}
_STAGE_FIELDS = {
    "shrinkage": ("share of paid time not available for contacts", _share_text),
    "role": ("role", _scalar),
    "deferred": ("deferred work (no abandonment)", _scalar),
}


def _words(path: tuple[Any, ...], old: Any, new: Any, table: AssumptionTable, currency: str) -> str:
    """One changed field (``path``: keys and list items' names), in words."""
    head, rest = path[0], path[1:]
    if head == "demand" and rest == ("scale",):
        before, after = 1.0 if old is None else float(old), 1.0 if new is None else float(new)
        change = after / before - 1.0
        more = "more" if change > 0 else "fewer"
        was = "" if before == 1.0 else f" instead of × {before:g}"
        return f"All demand × {after:g}{was} ({abs(100 * change):.3g}% {more} contacts)"
    if head == "demand" and len(rest) == 3 and rest[0] == "peaks" and rest[2] == "factor":
        return f"Peak {rest[1]}: demand × {_scalar(old)} → × {_scalar(new)}"
    if head == "demand" and len(rest) == 3 and rest[0] == "channels":
        return _channel_words(str(rest[1]), str(rest[2]), old, new)
    if head == "assumptions" and rest:
        name = str(rest[0])
        row = table.get(name)
        meaning = _plain(row.meaning.split(" (")[0]) if row is not None else _plain(name)
        previous = old if old is not None else (row.value if row is not None else None)
        return f"Assumption changed — {meaning[:1].lower() + meaning[1:]}: {_scalar(previous)} → {_scalar(new)}"
    if head == "assumptions":
        changed = sorted(set(old or {}) | set(new or {}))
        return "; ".join(
            _words(("assumptions", k), (old or {}).get(k), (new or {}).get(k), table, currency) for k in changed
        )
    if head == "targets" and rest and rest[0] in _TARGETS:
        label, shown = _TARGETS[rest[0]]
        return f"{label[:1].upper() + label[1:]} {shown(old)} → {shown(new)}"
    if head == "resolution_target":
        return f"Time within which an issue should be resolved {_seconds_text(old)} → {_seconds_text(new)}"
    if head == "stages" and len(rest) >= 2:
        return _stage_words(str(rest[0]), rest[1:], old, new, currency)
    if head == "service_desk" and rest:
        return _desk_field_words(rest, old, new, currency)
    if head == "segments" and len(rest) >= 2:
        label = {"annual_value": f"yearly value per customer ({currency})", "share": "share of demand"}.get(
            str(rest[-1]), _plain(str(rest[-1])).replace("_", " ")
        )
        shown = _share_text if rest[-1] == "share" else _scalar
        return f"Segment {rest[0]}: {label} {shown(old)} → {shown(new)}"
    if head == "organisation" and rest == ("weekly_budget",):
        return f"Weekly budget {_scalar(old)} → {_scalar(new)} {currency}"
    where = ", ".join(str(p).replace("_", " ") for p in path[:-1]) or "setting"
    return f"Setting changed — {where}: {str(path[-1]).replace('_', ' ')} {_scalar(old)} → {_scalar(new)}"


def _desk_field_words(rest: tuple[Any, ...], old: Any, new: Any, currency: str) -> str:
    """A changed field of the service desk in words: its own fields (:func:`.desk_review.desk_words`), and
    those a contact type or an agent group shares with a stage worded as a stage's."""
    text = desk_words(rest, old, new)
    if text is not None:
        return text
    if len(rest) >= 3 and rest[0] in ("contact_types", "groups"):
        kind = "contact type" if rest[0] == "contact_types" else "agent group"
        return _stage_words(f"the {kind} '{rest[1]}'", rest[2:], old, new, currency)
    words = ", ".join(str(p).replace("_", " ") for p in rest)
    return f"Service desk changed — {words}: {_scalar(old)} → {_scalar(new)}"


def _channel_words(channel: str, key: str, old: Any, new: Any) -> str:
    """A changed field of a demand channel, in words (a per-interval profile by its weekly total)."""
    if key == "per_interval":
        total = [
            f"{sum(v) * (7 if len(v) < 7 * 24 else 1):,.0f}" if isinstance(v, list) else "none" for v in (old, new)
        ]
        return f"Contacts on channel {channel} in each interval changed (a week: {total[0]} → {total[1]})"
    if key == "weekly_volume":
        return f"Contacts a week on channel {channel}: {_scalar(old)} → {_scalar(new)}"
    label = key.replace("_", " ")
    return f"Demand on channel {channel}: {label} " + (
        "changed" if isinstance(old, list) or isinstance(new, list) else f"{_scalar(old)} → {_scalar(new)}"
    )


def _stage_words(stage: str, rest: tuple[Any, ...], old: Any, new: Any, currency: str) -> str:
    key = rest[0]
    if rest == ("routing", "repeat_to"):
        came = "the stage where the customer came in"
        return f"Repeat contacts from {stage} go to {new or came} (was {old or came})"
    if str(rest[-1]).endswith("delay"):
        words = " ".join(str(p).replace("_", " ") for p in rest[1:])
        return f"At {stage}: {words} {_seconds_text(old)} → {_seconds_text(new)}"
    if key == "routing" and len(rest) >= 2 and all(isinstance(v, (int, float, type(None))) for v in (old, new)):
        return _routing_words(stage, rest[1:], _share_text(old or 0.0), _share_text(new or 0.0))
    if key == "hourly_wage":
        return f"Hourly wage at {stage}: {float(old or 0):,.2f} → {float(new or 0):,.2f} {currency}"
    if key in ("handle_time", "patience") and rest[-1] == "mean":
        label = "mean handle time" if key == "handle_time" else "customers' mean patience"
        return f"At {stage}: {label} {_seconds_text(old)} → {_seconds_text(new)}"
    if key == "target" and len(rest) == 2 and rest[1] in _TARGETS:
        label, shown = _TARGETS[rest[1]]
        return f"At {stage}: {label} {shown(old)} → {shown(new)}"
    if key in _STAGE_FIELDS and len(rest) == 1:
        label, shown = _STAGE_FIELDS[key]
        return f"At {stage}: {label} {shown(old)} → {shown(new)}"
    words = " ".join(str(p).replace("_", " ") for p in rest)
    return f"At {stage}: {words} {_scalar(old)} → {_scalar(new)}"


def _routing_words(stage: str, rest: tuple[Any, ...], was: str, now: str) -> str:
    """A changed routing share of ``stage`` in words (``rest``: the path under ``routing``)."""
    if len(rest) == 2 and rest[0] in ("escalate", "transfer", "follow_up"):
        verb = {"escalate": "escalated", "transfer": "transferred", "follow_up": "followed up"}[rest[0]]
        return f"Share of the contacts answered at {stage} {verb} to {rest[1]}: {was} → {now}"
    if rest == ("repeat",):
        return f"Share of the contacts answered at {stage} that come back as repeat contacts: {was} → {now}"
    if rest == ("retry",):
        return f"Share of the customers abandoning at {stage} who try again: {was} → {now}"
    return f"Routing at {stage}, {' '.join(str(p).replace('_', ' ') for p in rest)}: {was} → {now}"


# ------------------------------------------------------------------------- stages, drivers, captions
def _kinds(scenario: Scenario) -> dict[str, str]:
    """Each row of the stage table and its kind (a key of :data:`KINDS`), in the table's order."""
    desk = scenario.service_desk
    rows = {} if desk is None else {t.name: "contact_type" for t in desk.contact_types}
    rows.update({} if desk is None else {g.name: "group" for g in desk.groups})
    rows.update({name: "stage" for name in scenario.stage_names})
    rows[ALL] = ALL
    return rows


def _deferred(scenario: Scenario, name: str) -> bool:
    """Whether a stage or a contact type of the service desk is deferred work."""
    desk = scenario.service_desk
    for contact in [] if desk is None else desk.contact_types:
        if contact.name == name:
            return contact.deferred
    return scenario.stage(name).deferred


def _stages(scenario: Scenario, results: Results) -> pd.DataFrame:
    """Whole-week figures of each contact type, agent group and stage and of the whole service, in the
    engine's units."""
    h = _horizon(results)
    kinds = _kinds(scenario)
    frame = pd.DataFrame(index=pd.Index(list(kinds), name="stage"))
    frame["kind"] = list(kinds.values())
    for column in STAGE_COLUMNS:
        values = h[column].astype(float) if column in h.columns else pd.Series(np.nan, index=h.index)
        frame[column] = values.reindex(frame.index)
    for flag in ("overloaded", "unstaffed"):
        frame[flag] = frame[flag].fillna(0.0) > 0
    frame["deferred"] = [kind in ("stage", "contact_type") and _deferred(scenario, s) for s, kind in kinds.items()]
    return frame


def _horizon(results: Results) -> pd.DataFrame:
    """Whole-horizon figures of results of one scenario and engine, indexed by stage."""
    h = results.horizon()
    return h.droplevel(["scenario", "engine"]) if isinstance(h.index, pd.MultiIndex) else h


def _client_source(text: str) -> str:
    """A source a client can look up: references to this repository's files and its internal source
    documents are left out (they are the analyst's working papers)."""
    private = re.compile(r"docs/|\.md\b|\.csv\b|\.py\b|source document", re.IGNORECASE)
    clauses = [c for c in re.split(r";\s+", text) if c.strip()]
    kept = []
    for clause in clauses:
        # parenthesised references first ("(see docs/background/customers.md)")
        cleaned = re.sub(
            r"\s*\((?:[^()]|\([^()]*\))*\)", lambda m: "" if private.search(m.group(0)) else m.group(0), clause
        )
        if private.search(cleaned):
            continue
        kept.append(cleaned.strip(" ,"))
    out = "; ".join(k for k in kept if k)
    return _plain(out[:1].upper() + out[1:]) if out else "Modelling choice (the analyst holds the working papers)"


def _drivers(scenario: Scenario, table: AssumptionTable, say: Wording) -> pd.DataFrame:
    """The coefficients the net effect's range is drawn over, then the assumptions the scenario sets."""
    kind = scenario.organisation.kind
    names = [COEFFICIENTS[n] for n in (PUBLIC if kind == "public" else COMMERCIAL)]
    names += [n for n in scenario.assumptions if n not in names]
    labels = _driver_labels(say.tr)
    rows = []
    for name in names:
        row = table[name]
        rows.append(
            {
                "label": labels.get(name) or _plain(row.meaning.split(" (")[0].split(":")[0]),
                "value": float(row.value),
                "low": float(row.low) if row.uncertain else np.nan,
                "high": float(row.high) if row.uncertain else np.nan,
                "unit": row.unit,
                "kind": row.kind,
                "source": _client_source(row.source),
                "set_by_scenario": name in scenario.assumptions,
            }
        )
    return pd.DataFrame(rows, index=pd.Index(names, name="assumption"))


def _captions(scenario: Scenario, results: Results, customers: bool, say: Wording) -> dict[str, str]:
    """One sentence per figure saying what it shows (the figure's text alternative)."""
    tr, n = say.tr, say.number
    flows = chain_flows(scenario, results)
    captions = {
        "service_level": _service_caption(scenario, results, say),
        "flows": tr(
            "Of {first} first contacts a week, contacts end resolved {resolved} times, abandoned {abandoned} times "
            "and come back as repeat contacts {repeats} times; on the way {escalated} are escalated and "
            "{transferred} transferred.",
            first=n(flows.external.sum()),
            resolved=n(flows.resolved.sum()),
            abandoned=n(flows.abandoned.sum()),
            repeats=n(flows.repeats.sum()),
            escalated=n(flows.escalated.sum()),
            transferred=n(flows.transferred.sum()),
        )
        + _groups_sentence(flows.groups, flows.answered_by, say),
    }
    fail = fail_points(scenario, flows)
    steps = []
    for i in flows.order():
        stage = flows.stages[i]
        what = (
            tr("deferred work")
            if _deferred(scenario, stage)
            else tr("{share} abandon", share=say.local(f"{100 * flows.p_abandon[i]:.1f}%"))
        )
        wait = tr("not set") if flows.asa_seconds[i] is None else say.wait(float(flows.asa_seconds[i]), digits=1)
        steps.append(tr("{stage} (mean wait {wait}, {what})", stage=stage, wait=wait, what=what))
    failing = say.join(flows.stages[i] for i in flows.order() if fail[i]) or tr("none")
    shown = {"steps": say.join(steps, "; "), "failing": failing}
    captions["blueprint"] = (
        tr(
            "Steps in the order customers meet them (the service desk's contact types first): {steps}. Fail points "
            "(a contact type or stage missing its service-level or abandonment target): {failing}.",
            **shown,
        )
        if scenario.service_desk is not None
        else tr(
            "Steps in the order customers meet them: {steps}. Fail points (a stage missing its service-level or "
            "abandonment target): {failing}.",
            **shown,
        )
    )
    if customers:
        captions["journey"] = _journey_caption(scenario, results, say)
    return captions


def _journey_caption(scenario: Scenario, results: Results, say: Wording) -> str:
    """The customer journey figure in a sentence: the lowest experience and where it is worse than expected."""
    tr = say.tr
    journeys = touchpoints(scenario, results)
    places = [*journeys.stages, tr("the whole journey")]
    worst = min(
        (
            (seg.segment, place, score)
            for seg in journeys.segments
            for place, score in zip(places, seg.score, strict=True)
        ),
        key=lambda t: t[2] if np.isfinite(t[2]) else np.inf,
    )
    hurts = sorted({place for seg in journeys.segments for place, hurt in zip(places, seg.hurts, strict=True) if hurt})
    return tr(
        "Experience index (0–10 points) at each touchpoint for each customer segment; the lowest is {score} for "
        "{segment} at {place}. Worse than customers expected at: {places}.",
        score=say.local(f"{worst[2]:.1f}"),
        segment=worst[0],
        place=worst[1],
        places=say.join(hurts) if hurts else tr("no touchpoint"),
    )


def _groups_sentence(groups: list[str], answered_by: np.ndarray, say: Wording) -> str:
    """Who answered the service desk's contacts, per agent group (empty without a desk)."""
    if not groups:
        return ""
    parts = [f"'{g}' {say.number(n)}" for g, n in zip(groups, answered_by.sum(0), strict=True)]
    return " " + say.tr("The agent groups of the service desk answer {parts} contacts a week.", parts=say.join(parts))


def _service_caption(scenario: Scenario, results: Results, say: Wording) -> str:
    """The service-level figure in a sentence: per live contact type and stage, intervals below target
    and the lowest. A stage counts its staffed intervals, a contact type those in which its contacts
    arrive (its agent groups are shared with other types)."""
    tr = say.tr
    parts = []
    minutes = results.period_minutes
    for name, kind in _kinds(scenario).items():
        if kind not in ("contact_type", "stage") or _deferred(scenario, name):
            continue
        target = target_of(scenario, name).service_level
        series = results.metric("service_level", name)[name].dropna()
        gate = "staff" if kind == "stage" else "arrivals"
        open_ = series[results.metric(gate, name)[name].reindex(series.index).fillna(0) > 0]
        if open_.empty:
            continue
        lowest = int(open_.index[int(np.argmin(open_.to_numpy()))])
        text = tr(
            "{name}: lowest {share} at {when}",
            name=name,
            share=say.local(f"{100 * open_.min():.0f}%"),
            when=say.when(period_label(lowest, minutes)),
        )
        if target:
            below = {
                "target": say.local(f"{100 * target:.0f}%"),
                "below": say.number(int((open_ < target).sum())),
                "count": say.number(open_.size),
            }
            text += (
                tr(", below the {target} target in {below} of {count} staffed intervals", **below)
                if kind == "stage"
                else tr(", below the {target} target in {below} of {count} intervals with contacts", **below)
            )
        parts.append(text)
    values = {"minutes": say.local(f"{minutes:g}")}
    head = (
        tr(
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per "
            "contact type and stage.",
            **values,
        )
        if scenario.service_desk is not None
        else tr(
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per stage.",
            **values,
        )
    )
    return (head + " " + (say.join(parts, "; ") + "." if parts else "")).strip()


def _summary(scenario: Scenario, comparison: Comparison, results: Results, currency: str, say: Wording) -> list[str]:
    """Sentences on the scenario as described, from the comparison's baseline row."""
    tr = say.tr
    row = {k: float(v) for k, v in comparison.values.loc[comparison.baseline].items() if isinstance(v, (int, float))}
    shares = {
        "share": say.local(f"{100 * row['service_level']:.1f}%"),
        "abandon": say.local(f"{100 * row['p_abandon_any']:.1f}%"),
    }
    text = [
        tr(
            "As described, {share} of contacts, at every stage, are answered within their stage's target time and "
            "{abandon} of customers abandon at some stage.",
            **shares,
        )
        if scenario.service_desk is None
        else tr(
            "As described, {share} of contacts, at every contact type and stage, are answered within the target "
            "time that applies there and {abandon} of customers abandon at some point.",
            **shares,
        )
    ]
    if row.get("staff_cost", 0.0) > 0:
        text.append(
            tr("Staff cost is {amount} {currency} a week.", amount=say.money(row["staff_cost"]), currency=currency)
        )
    h = _horizon(results)
    occupancy = h["occupancy"].drop(index=ALL, errors="ignore").astype(float).dropna()
    if not occupancy.empty:
        busiest = str(occupancy.idxmax())
        busy = {"name": busiest, "share": say.local(f"{100 * occupancy.max():.0f}%")}
        text.append(
            tr("The busiest agent group is '{name}': its staff spend {share} of their time on contacts.", **busy)
            if _kinds(scenario).get(busiest) == "group"
            else tr("The busiest stage is {name}: its staff spend {share} of their time on contacts.", **busy)
        )
    return text


__all__ = ["BASELINE", "DRIVER_LABELS", "STAGE_COLUMNS", "Review", "Wording", "review"]
