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
from ..errors import InputError
from ..formulas.customers.loyalty import COEFFICIENTS
from ..formulas.customers.params import customer_table
from ..i18n import DEFAULT, check_language, ntr
from ..model import AgentGroup, Scenario, Stage
from ..model.roster import paid_hours
from ..model.units import WEEKDAYS
from ..response import assess, assumptions_behind
from ..results import ALL, Results, period_label
from .compare import Comparison, compare, customer_value_given
from .desk_review import answered_shares, desk_words, skills_table
from .flows import chain_flows, fail_points, target_of
from .net_effect import COMMERCIAL, PUBLIC
from .touchpoints import touchpoints
from .wording import Wording

BASELINE = "as described"
"""The name of the scenario as described among the options of a review."""

CUSTOMERS = ntr("{n} customer", "{n} customers")
EXTRA_CUSTOMERS = ntr("{n} extra customer", "{n} extra customers")
MORE_CUSTOMERS = ntr("{n} more customer", "{n} more customers")
INTERVALS = ntr("{n} interval", "{n} intervals")
TIMES = ntr("{n} time", "{n} times")
"""Counts of customers, intervals and times (how often), each in the form that agrees with its number
(:meth:`.wording.Wording.count`)."""


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
        name: _describe(scenario, variant, table, currency, say)
        for name, variant in variants.items()
        if name != BASELINE
    }
    value_given = customer_value_given(scenario)
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
        wages={team.name: float(team.hourly_wage) for _, team in _staffed(scenario, say)},
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
def _findings(comparison: Comparison, scenario: Scenario, value_given: bool, say: Wording) -> pd.DataFrame:
    """Each option's net effect with its range, the probability it pays and a statement in words."""
    net, even = comparison.net_effect, comparison.break_even
    columns = ["low", "central", "high", "p_pays", "staff_only", "statement"]
    if net is None or even is None or len(net) < 2:
        return pd.DataFrame(columns=columns)
    wages = any(team.hourly_wage > 0 for _, team in _staffed(scenario, say))
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
                "It saves {amount} {money} in staff cost, so it pays only while fewer than {customers} {per} leave "
                "(central estimate {lost}).",
                amount=say.money(saving),
                money=money,
                customers=say.count(EXTRA_CUSTOMERS, decide["break_even_customers"]),
                per=per,
                lost=say.number(lost),
            )
        elif saving < 0:
            text += " " + tr(
                "It costs {amount} {money} more in staff, so it pays only if it keeps more than {customers} {per} "
                "(central estimate {kept}).",
                amount=say.money(-saving),
                money=money,
                customers=say.count(CUSTOMERS, -decide["break_even_customers"]),
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
                "It keeps about {customers} {per} who would otherwise leave (central estimate), so it pays if each "
                "is worth more than {worth} {currency} over their lifetime as a customer.",
                customers=say.count(CUSTOMERS, kept),
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
                "About {customers} {per} leave (central estimate), so it pays unless each is worth more than "
                "{worth} {currency} over their lifetime as a customer.",
                customers=say.count(MORE_CUSTOMERS, -kept),
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
                "It keeps about {customers} {per} who would otherwise leave (central estimate).",
                customers=say.count(CUSTOMERS, kept),
                per=per,
            )
        )
    more = say.count(MORE_CUSTOMERS, -kept)
    return text + " " + tr("About {customers} {per} leave (central estimate).", customers=more, per=per)


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


def _people(change: float, say: Wording, noun: str = "person") -> str:
    """ "one more person", "two fewer people", "1.41 more people" (``noun``: ``"person"`` or ``"fte"``, full-time
    equivalents); in Arabic and Persian the count in digits."""
    size, tr = abs(change), say.tr
    whole = math.isclose(size, round(size), abs_tol=1e-9) and round(size) < len(_NUMBERS)
    if say.english:
        n = _NUMBERS[round(size)] if whole else f"{size:,.2f}"
    else:
        n = say.number(round(size)) if whole else say.local(f"{size:,.2f}")
    count = round(size) if whole else f"{size:.2f}"  # the count as shown decides the form (CLDR: "1.00" is plural)
    if noun == "person" and change > 0:
        return tr.ntr("{n} more person", "{n} more people", count, n=n)
    if noun == "person":
        return tr.ntr("{n} fewer person", "{n} fewer people", count, n=n)
    if change > 0:
        return tr.ntr("{n} more full-time equivalent", "{n} more full-time equivalents", count, n=n)
    return tr.ntr("{n} fewer full-time equivalent", "{n} fewer full-time equivalents", count, n=n)


def _change(before: str, after: str, say: Wording) -> str:
    """``"20 s → 30 s"``; right to left the arrow points left (``←``), the way the text reads."""
    return say.tr("{before} → {after}", before=before, after=after)


def _clock(seconds: float, say: Wording) -> str:
    minutes = round(seconds / 60) % 1440
    return say.local(f"{minutes // 60:02d}:{minutes % 60:02d}")


def _days(days: list[int] | None, say: Wording) -> str:
    days = sorted(set(days if days is not None else range(7)))
    if len(days) == 7:
        return say.tr("every day")
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{say.when(WEEKDAYS[days[0]])}–{say.when(WEEKDAYS[days[-1]])}"
    return say.join(say.when(WEEKDAYS[d]) for d in days)


def _shift_label(shift: dict[str, Any], say: Wording) -> str:
    start = float(shift["start"])
    times = say.join(
        [f"{_clock(start, say)}–{_clock(start + 3600 * float(shift['hours']), say)}", _days(shift.get("days"), say)]
    )
    name = shift.get("name")
    return (
        say.tr("the {name} shift ({times})", name=name, times=times)
        if name
        else say.tr("the shift of {times}", times=times)
    )


def _describe(
    base: Scenario, variant: Scenario, table: AssumptionTable, currency: str, say: Wording | None = None
) -> list[str]:
    """What ``variant`` changes against ``base``, one sentence per change, in words (``say``: the language,
    default English)."""
    say = say or Wording()
    out = _staff_changes(base, variant, say)
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
    words = (_words(path, old, new, table, currency, say) for path, old, new in diffs)
    out.extend(text for text in words if text)  # "" where another sentence says it (a callback removed)
    return out or [say.tr("no change")]


def _staffed(scenario: Scenario, say: Wording) -> list[tuple[str, Stage | AgentGroup]]:
    """Every team with a roster, with the words that name it: the desk's agent groups, then the stages."""
    desk, tr = scenario.service_desk, say.tr
    groups = [] if desk is None else [(tr("In the agent group '{name}'", name=g.name), g) for g in desk.groups]
    return [*groups, *((tr("At {name}", name=stage.name), stage) for stage in scenario.stages)]


def _staff_changes(base: Scenario, variant: Scenario, say: Wording) -> list[str]:
    """One sentence per stage or agent group whose staff changed: how, in people, and its paid hours and
    FTE a week."""
    out: list[str] = []
    teams0, teams1 = _staffed(base, say), _staffed(variant, say)
    if [w for w, _ in teams0] != [w for w, _ in teams1]:
        return out
    c0, c1 = base.contract_hours(), variant.contract_hours()
    for (where, before), (_, after) in zip(teams0, teams1, strict=True):
        if before.staff == after.staff and before.staff_adjustment == after.staff_adjustment:
            continue
        h0 = paid_hours(before, base.demand.interval_minutes)
        h1 = paid_hours(after, variant.demand.interval_minutes)
        how = _roster_change(before.model_dump(mode="json"), after.model_dump(mode="json"), h1 / c1 - h0 / c0, say)
        out.append(
            say.tr(
                "{where}: {how} — paid hours {hours} a week ({fte} FTE, {fte_change})",
                where=where,
                how=how,
                hours=_change(say.local(f"{h0:,.1f}"), say.local(f"{h1:,.1f}"), say),
                fte=_change(say.local(f"{h0 / c0:,.2f}"), say.local(f"{h1 / c1:,.2f}"), say),
                fte_change=say.local(f"{h1 / c1 - h0 / c0:+,.2f}"),
            )
        )
    return out


def _roster_change(before: dict[str, Any], after: dict[str, Any], fte: float, say: Wording) -> str:
    """How a stage's staff changed, in words (shifts, staffed intervals or seats on duty)."""
    parts = []
    adjust = float(after.get("staff_adjustment", 0.0)) - float(before.get("staff_adjustment", 0.0))
    s0, s1 = before["staff"], after["staff"]
    if s0 != s1:
        parts.append(_staff_field_change(s0, s1, fte, say))
    if adjust:
        parts.append(say.tr("{people} on duty in every staffed interval", people=_people(adjust, say)))
    return say.join(parts, "; ")


def _new_roster(fte: float, say: Wording) -> str:
    return say.tr("a new roster ({people})", people=_people(fte, say, "fte"))


def _staff_field_change(s0: Any, s1: Any, fte: float, say: Wording) -> str:
    """The change from one ``Stage.staff`` to another, in words."""
    if isinstance(s0, (int, float)) and isinstance(s1, (int, float)):
        return say.tr("{people} on duty at all times", people=_people(float(s1) - float(s0), say))
    if isinstance(s0, list) and isinstance(s1, list) and len(s0) == len(s1) and s0:
        if all(isinstance(s, dict) for s in s0 + s1):
            keys = ("name", "start", "hours", "days")
            if all(all(a.get(k) == b.get(k) for k in keys) for a, b in zip(s0, s1, strict=True)):
                return _shift_counts(s0, s1, fte, say)
        elif not any(isinstance(s, dict) for s in s0 + s1):
            return _interval_counts(np.asarray(s0, float), np.asarray(s1, float), fte, say)
    return _new_roster(fte, say)


def _shift_counts(s0: list[dict[str, Any]], s1: list[dict[str, Any]], fte: float, say: Wording) -> str:
    changed = [
        (a, float(b["count"]) - float(a["count"])) for a, b in zip(s0, s1, strict=True) if a["count"] != b["count"]
    ]
    ratios = {round(float(b["count"]) / float(a["count"]), 9) for a, b in zip(s0, s1, strict=True) if a["count"]}
    if len(changed) > 1 and len(ratios) == 1:
        return say.tr("{people} spread pro rata over every shift", people=_people(fte, say, "fte"))
    return say.join(
        (
            say.tr("{people} on {shift}", people=_people(delta, say), shift=_shift_label(shift, say))
            for shift, delta in changed
        ),
        "; ",
    )


def _interval_counts(s0: np.ndarray, s1: np.ndarray, fte: float, say: Wording) -> str:
    if s0.shape != s1.shape:
        return _new_roster(fte, say)
    staffed = s0 > 0
    delta = s1 - s0
    if np.all(delta[~staffed] == 0) and staffed.any():
        steps = np.unique(np.round(delta[staffed], 9))
        if steps.size == 1:
            return say.tr("{people} on duty in every staffed interval", people=_people(float(steps[0]), say))
        ratios = np.unique(np.round(s1[staffed] / s0[staffed], 9))
        if ratios.size == 1:
            return say.tr("{people} spread pro rata over the roster", people=_people(fte, say, "fte"))
    up, down = int(np.sum(delta > 0)), int(np.sum(delta < 0))
    intervals, fewer = say.count(INTERVALS, up), say.number(down)
    if up and down:
        return say.tr(
            "more staff in {intervals} and fewer in {down} of the day's roster", intervals=intervals, down=fewer
        )
    if up:
        return say.tr("more staff in {intervals} of the day's roster", intervals=intervals)
    return say.tr.ntr("fewer in {down} of the day's roster", "fewer in {down} of the day's roster", down, down=fewer)


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


def _field(name: Any) -> str:
    """A field's name as words (``handle_time`` → ``handle time``): the model's own name, in English."""
    return str(name).replace("_", " ")


def _share_text(value: Any, say: Wording) -> str:
    return say.tr("none") if value is None else say.local(f"{100 * float(value):.3g}%")


def _seconds_text(value: Any, say: Wording) -> str:
    return say.tr("not set") if value is None else say.wait(float(value), digits=1)


def _scalar(value: Any, say: Wording) -> str:
    tr = say.tr
    if value is None:
        return tr("not set")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, (int, float)):
        return say.local(f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}")
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return tr("a list of {n}", n=say.number(len(value)))
    return tr("a new setting")


def _shown(old: Any, new: Any, write: Callable[[Any, Wording], str], say: Wording) -> str:
    """``old → new``, each written by ``write``."""
    return _change(write(old, say), write(new, say), say)


def _targets(say: Wording) -> dict[str, tuple[str, Callable[[Any, Wording], str]]]:
    """The targets' fields: their words and how a value is written."""
    tr = say.tr
    return {
        "answer_within": (tr("target answer time"), _seconds_text),
        "service_level": (tr("service-level target"), _share_text),
        "max_asa": (tr("longest acceptable mean wait"), _seconds_text),
        "max_abandon": (tr("largest acceptable abandonment"), _share_text),
        "max_occupancy": (tr("largest acceptable occupancy"), _share_text),
    }


def _stage_fields(say: Wording) -> dict[str, tuple[str, Callable[[Any, Wording], str]]]:
    """A stage's own fields worded: their words and how a value is written."""
    tr = say.tr
    return {
        "shrinkage": (tr("share of paid time not available for contacts"), _share_text),
        "role": (tr("role"), _scalar),
        "deferred": (tr("deferred work (no abandonment)"), _scalar),
    }


def _words(path: tuple[Any, ...], old: Any, new: Any, table: AssumptionTable, currency: str, say: Wording) -> str:
    """One changed field (``path``: keys and list items' names), in words."""
    head, rest, tr = path[0], path[1:], say.tr
    if head == "demand" and rest == ("scale",):
        before, after = 1.0 if old is None else float(old), 1.0 if new is None else float(new)
        change = after / before - 1.0
        was = "" if before == 1.0 else tr(" instead of × {before}", before=say.local(f"{before:g}"))
        scaled = {"after": say.local(f"{after:g}"), "was": was, "share": say.local(f"{abs(100 * change):.3g}%")}
        if change > 0:
            return tr("All demand × {after}{was} ({share} more contacts)", **scaled)
        return tr("All demand × {after}{was} ({share} fewer contacts)", **scaled)
    if head == "demand" and len(rest) == 3 and rest[0] == "peaks" and rest[2] == "factor":
        factor = _change(f"× {_scalar(old, say)}", f"× {_scalar(new, say)}", say)
        return tr("Peak {name}: demand {change}", name=rest[1], change=factor)
    if head == "demand" and len(rest) == 3 and rest[0] == "channels":
        return _channel_words(str(rest[1]), str(rest[2]), old, new, say)
    if head == "assumptions" and rest:
        return _assumption_words(str(rest[0]), old, new, table, say)
    if head == "assumptions":
        changed = sorted(set(old or {}) | set(new or {}))
        return say.join(
            (_words(("assumptions", k), (old or {}).get(k), (new or {}).get(k), table, currency, say) for k in changed),
            "; ",
        )
    targets = _targets(say)
    if head == "targets" and rest and rest[0] in targets:
        label, write = targets[rest[0]]
        return tr("{label} {change}", label=label[:1].upper() + label[1:], change=_shown(old, new, write, say))
    if head == "resolution_target":
        return tr("Time within which an issue should be resolved {change}", change=_shown(old, new, _seconds_text, say))
    if head == "stages" and len(rest) >= 2:
        return _stage_words(str(rest[0]), rest[1:], old, new, currency, say)
    if head == "service_desk" and rest:
        return _desk_field_words(rest, old, new, currency, say)
    if head == "segments" and len(rest) >= 2:
        label = {
            "annual_value": tr("yearly value per customer ({currency})", currency=currency),
            "share": tr("share of demand"),
        }.get(str(rest[-1]), _plain(str(rest[-1])).replace("_", " "))
        shown = _shown(old, new, _share_text if rest[-1] == "share" else _scalar, say)
        return tr("Segment {name}: {label} {change}", name=rest[0], label=label, change=shown)
    if head == "organisation" and rest == ("weekly_budget",):
        return tr("Weekly budget {change} {currency}", change=_shown(old, new, _scalar, say), currency=currency)
    where = ", ".join(_field(p) for p in path[:-1]) or tr("setting")
    return tr(
        "Setting changed — {where}: {field} {change}",
        where=where,
        field=_field(path[-1]),
        change=_shown(old, new, _scalar, say),
    )


def _assumption_words(name: str, old: Any, new: Any, table: AssumptionTable, say: Wording) -> str:
    """A changed assumption in words: its label where the review has one in the language, else its meaning."""
    row = table.get(name)
    meaning = _plain(row.meaning.split(" (")[0]) if row is not None else _plain(name)
    meaning = meaning[:1].lower() + meaning[1:]
    if not say.english and name in _driver_labels(say.tr):
        meaning = _driver_labels(say.tr)[name]
    previous = old if old is not None else (row.value if row is not None else None)
    return say.tr(
        "Assumption changed — {meaning}: {change}", meaning=meaning, change=_shown(previous, new, _scalar, say)
    )


def _desk_field_words(rest: tuple[Any, ...], old: Any, new: Any, currency: str, say: Wording) -> str:
    """A changed field of the service desk in words: its own fields (:func:`.desk_review.desk_words`), and
    those a contact type or an agent group shares with a stage worded as a stage's."""
    text = desk_words(rest, old, new, say)
    if text is not None:
        return text
    if len(rest) >= 3 and rest[0] in ("contact_types", "groups"):
        if rest[0] == "contact_types":
            who = say.tr("the contact type '{name}'", name=rest[1])
        else:
            who = say.tr("the agent group '{name}'", name=rest[1])
        return _stage_words(who, rest[2:], old, new, currency, say)
    words = ", ".join(_field(p) for p in rest)
    return say.tr("Service desk changed — {where}: {change}", where=words, change=_shown(old, new, _scalar, say))


def _channel_words(channel: str, key: str, old: Any, new: Any, say: Wording) -> str:
    """A changed field of a demand channel, in words (a per-interval profile by its weekly total)."""
    tr = say.tr
    if key == "per_interval":
        total = [
            say.local(f"{sum(v) * (7 if len(v) < 7 * 24 else 1):,.0f}") if isinstance(v, list) else tr("none")
            for v in (old, new)
        ]
        return tr(
            "Contacts on channel {channel} in each interval changed (a week: {change})",
            channel=channel,
            change=_change(total[0], total[1], say),
        )
    if key == "weekly_volume":
        return tr(
            "Contacts a week on channel {channel}: {change}", channel=channel, change=_shown(old, new, _scalar, say)
        )
    if isinstance(old, list) or isinstance(new, list):
        return tr("Demand on channel {channel}: {field} changed", channel=channel, field=_field(key))
    return tr(
        "Demand on channel {channel}: {field} {change}",
        channel=channel,
        field=_field(key),
        change=_shown(old, new, _scalar, say),
    )


def _stage_words(stage: str, rest: tuple[Any, ...], old: Any, new: Any, currency: str, say: Wording) -> str:
    key, tr = rest[0], say.tr
    at = {"stage": stage}
    if rest == ("routing", "repeat_to"):
        came = tr("the stage where the customer came in")
        return tr("Repeat contacts from {stage} go to {now} (was {was})", now=new or came, was=old or came, **at)
    if str(rest[-1]).endswith("delay"):
        words = " ".join(_field(p) for p in rest[1:])
        return tr("At {stage}: {label} {change}", label=words, change=_shown(old, new, _seconds_text, say), **at)
    if key == "routing" and len(rest) >= 2 and all(isinstance(v, (int, float, type(None))) for v in (old, new)):
        return _routing_words(stage, rest[1:], _share_text(old or 0.0, say), _share_text(new or 0.0, say), say)
    if key == "hourly_wage":
        wage = _change(say.local(f"{float(old or 0):,.2f}"), say.local(f"{float(new or 0):,.2f}"), say)
        return tr("Hourly wage at {stage}: {change} {currency}", change=wage, currency=currency, **at)
    fields: dict[str, tuple[str, Callable[[Any, Wording], str]]] = {}
    if key in ("handle_time", "patience") and rest[-1] == "mean":
        label = tr("mean handle time") if key == "handle_time" else tr("customers' mean patience")
        fields[key] = (label, _seconds_text)
    elif key == "target" and len(rest) == 2:
        fields = {"target": _targets(say)[str(rest[1])]} if rest[1] in _targets(say) else {}
    elif len(rest) == 1:
        fields = _stage_fields(say)
    if key in fields:
        label, write = fields[key]
        return tr("At {stage}: {label} {change}", label=label, change=_shown(old, new, write, say), **at)
    words = " ".join(_field(p) for p in rest)
    return tr("At {stage}: {label} {change}", label=words, change=_shown(old, new, _scalar, say), **at)


def _routing_words(stage: str, rest: tuple[Any, ...], was: str, now: str, say: Wording) -> str:
    """A changed routing share of ``stage`` in words (``rest``: the path under ``routing``)."""
    tr, change = say.tr, _change(was, now, say)
    if len(rest) == 2 and rest[0] == "escalate":
        return tr(
            "Share of the contacts answered at {stage} escalated to {to}: {change}",
            stage=stage,
            to=rest[1],
            change=change,
        )
    if len(rest) == 2 and rest[0] == "transfer":
        return tr(
            "Share of the contacts answered at {stage} transferred to {to}: {change}",
            stage=stage,
            to=rest[1],
            change=change,
        )
    if len(rest) == 2 and rest[0] == "follow_up":
        return tr(
            "Share of the contacts answered at {stage} followed up to {to}: {change}",
            stage=stage,
            to=rest[1],
            change=change,
        )
    if rest == ("repeat",):
        return tr(
            "Share of the contacts answered at {stage} that come back as repeat contacts: {change}",
            stage=stage,
            change=change,
        )
    if rest == ("retry",):
        return tr("Share of the customers abandoning at {stage} who try again: {change}", stage=stage, change=change)
    return tr(
        "Routing at {stage}, {field}: {change}", stage=stage, field=" ".join(_field(p) for p in rest), change=change
    )


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


def _set_labels(tr: Callable[[str], str]) -> dict[str, str]:
    """Words, through a translator ``tr``, for assumptions the shipped examples set themselves (in English
    the assumptions table's own meaning is shown; others keep it in every language)."""
    return {
        "costs.contract_hours": tr("Paid hours of one full-time employee a week"),
        "dynamics.deferred.min_time_share": tr(
            "Shortest time per case at a stage of deferred work, as a share of its mean handle time"
        ),
    }


def _drivers(scenario: Scenario, table: AssumptionTable, say: Wording) -> pd.DataFrame:
    """The coefficients the net effect's range is drawn over, then the assumptions the scenario sets."""
    kind = scenario.organisation.kind
    names = [COEFFICIENTS[n] for n in (PUBLIC if kind == "public" else COMMERCIAL)]
    names += [n for n in scenario.assumptions if n not in names]
    labels = _driver_labels(say.tr) | ({} if say.english else _set_labels(say.tr))
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
            "Of {first} a week, contacts end resolved {resolved}, abandoned {abandoned} and come back as repeat "
            "contacts {repeats}; on the way {escalated} are escalated and {transferred} transferred.",
            first=say.count(ntr("{n} first contact", "{n} first contacts"), flows.external.sum()),
            resolved=say.count(TIMES, flows.resolved.sum()),
            abandoned=say.count(TIMES, flows.abandoned.sum()),
            repeats=say.count(TIMES, flows.repeats.sum()),
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
                "intervals": say.count(
                    ntr("{n} staffed interval", "{n} staffed intervals")
                    if kind == "stage"
                    else ntr("{n} interval with contacts", "{n} intervals with contacts"),
                    open_.size,
                ),
            }
            text += tr(", below the {target} target in {below} of {intervals}", **below)
        parts.append(text)
    values = {"minutes": say.local(f"{minutes:g}")}
    head = (
        tr.ntr(
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per "
            "contact type and stage.",
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per "
            "contact type and stage.",
            f"{minutes:g}",
            **values,
        )
        if scenario.service_desk is not None
        else tr.ntr(
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per stage.",
            "Share of contacts answered within target in each {minutes}-minute interval of the week, a line per stage.",
            f"{minutes:g}",
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
