"""Side-by-side comparison of options against a baseline: what each costs and what it does to customers.

Columns (whole week unless stated):

- staff cost (currency per week) and its change against the baseline (with a multi-skill service desk:
  its agent groups' and the chain's stages'; a contact type has no staff of its own);
- service level: the share of all contacts, at every stage, answered within their stage's target time
  (arrival-weighted over stages, :func:`.outcomes.chain_share`; a desk's contact types are stages here,
  its agent groups are not);
- customers abandoning: the share of customers who abandon at some stage (end to end);
- time to resolution (hours) and first-contact resolution;
- with the shipped customer model (:mod:`svcdesign.response`): satisfaction (typical week) and, over a
  year of the scenario's calendar (:mod:`.year`: the typical week and each kind of peak week, in their
  numbers), churn, the revenue effect (− the lifetime margin of the customers the year's service loses) —
  or, for a public service, the cost of failure — and the **net effect** against the baseline:
  − Δ staff cost − Δ customer cost, per year. :attr:`Comparison.net_effect` gives it as low / central /
  high with the probability the option pays, and :attr:`Comparison.break_even` the assumption that
  decides it (:mod:`.net_effect`). With ``year=False``, or where the calendar has peak weeks and the engine
  cannot be asked for one (an engine given as a function, the simulation), the money is per evaluated
  week and the notes say so;
- with a customer model of the user's ``(scenario, results) -> {"satisfaction", "churn",
  "revenue_effect"}``: those, the revenue effect read as per year, and the net effect
  Δ revenue effect − Δ staff cost × weeks per year (no range).

Without a customer model the customer columns are left out and :attr:`Comparison.notes` says why.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..engines.registry import ENGINES
from ..errors import InputError
from ..formulas.customers.loyalty import LoyaltyParams
from ..formulas.customers.params import customer_table
from ..i18n.phrases import Digits, Figure, Listing, Phrase, tr
from ..markup import html_text
from ..model import Scenario
from ..model.units import WEEKS_PER_YEAR
from ..response import CustomerExposure, assess, customer_exposure
from ..results import Results
from .net_effect import OptionYear, customer_cost, extra_leavers, net_effects
from .outcomes import (
    CustomerHook,
    CustomerModel,
    customer_model,
    display_scale,
    label,
    outcome,
    shipped_customer_outcomes,
)
from .runs import resolve_engine, run_many
from .year import WeekKind, year_weeks

OPERATIONAL = ("staff_cost", "service_level", "p_abandon_any", "resolved_within_target", "time_to_resolution", "fcr")
"""Outcomes every comparison shows."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """A comparison of options against a baseline.

    ``table``: one row per option (the baseline first), columns labelled with units; ``values``: the
    same in stored units (shares in [0, 1], staff cost per week, money effects per ``period``) keyed by
    outcome name; ``notes``: what is and is not included; ``results``: the :class:`Results` of every
    option (its typical week), in order. With the shipped customer model: ``net_effect``, a table indexed
    by option with columns ``low``, ``central``, ``high`` (currency per ``period``) and ``p_pays`` (the
    probability the option pays), and ``break_even``, per option other than the baseline: the assumption
    that decides it, its value, the value at which the verdict turns and a sentence saying so; ``weeks``:
    the kinds of week counted.
    """

    table: pd.DataFrame
    values: pd.DataFrame
    baseline: str
    notes: list[str]
    results: list[Results] = field(repr=False)
    currency: str = "currency"
    net_effect: pd.DataFrame | None = None
    break_even: pd.DataFrame | None = None
    period: str = "year"
    weeks: tuple[WeekKind, ...] = ()

    def _repr_html_(self) -> str:
        # option names, notes and warnings hold user text: escaped
        notes = "".join(f"<li>{html_text(n)}</li>" for n in self.notes)
        lead = ""
        if self.net_effect is not None and self.break_even is not None:
            head = f"<p>Net effect against {html_text(self.baseline)} ({html_text(self.currency)} a {self.period})</p>"
            table = self.net_effect.to_html(escape=True, float_format=lambda v: f"{v:,.4g}")
            verdicts = "".join(f"<li>{html_text(f'{o}: {t}')}</li>" for o, t in self.break_even["statement"].items())
            lead = head + table + f"<ul>{verdicts}</ul>"
        return (
            lead
            + self.table.to_html(escape=True, float_format=lambda v: f"{v:,.4g}")
            + (f"<ul>{notes}</ul>" if notes else "")
        )


def compare(
    *options: Scenario | Results,
    baseline: int | str | Scenario | Results | None = None,
    engine: str | Callable[[Scenario], Results] = "analytic",
    customers: CustomerModel | bool | None = None,
    names: Sequence[str] | None = None,
    progress: bool = False,
    year: bool = True,
) -> Comparison:
    """Compare scenarios (or their results) side by side against a baseline.

    The customer response's values and ranges are those of the baseline scenario's assumptions table
    (``Scenario.assumptions`` overrides included), for every option.

    Parameters
    ----------
    options:
        Scenarios (evaluated with ``engine``) or :class:`Results` already computed. Customer outcomes
        need the scenario, so give scenarios when a customer model is available.
    baseline:
        The option to compare against: its position, its name, or the object itself (added first if
        not among ``options``). Default: the first option.
    engine:
        Engine for scenarios given: ``"analytic"`` (default), ``"simulation"`` or ``scenario -> Results``.
    customers:
        A customer model ``(scenario, results) -> {"satisfaction", "churn", "revenue_effect"}``; default:
        :mod:`svcdesign.formulas.customers` when it is available (see :func:`.outcomes.customer_model`);
        ``False`` leaves the customer outcomes out.
    names:
        The options' names in the table, one per option compared in order (a baseline added in front
        of ``options`` included); default: their scenarios' names, numbered where they repeat.
    progress:
        Show a progress bar (tqdm) while the scenarios are evaluated.
    year:
        Count money over a year of the baseline's calendar (the typical week and each kind of peak week,
        each evaluated; default). ``False``: money per evaluated (typical) week.
    """
    items = list(options)
    if isinstance(baseline, (Scenario, Results)) and not any(baseline is o for o in items):
        items.insert(0, baseline)
    _check_items(items)
    hook = customer_model(customers)
    scenarios = [item for item in items if isinstance(item, Scenario)]
    evaluated = iter(run_many(resolve_engine(engine), scenarios, progress=progress, description="Options"))
    pairs: list[tuple[Scenario | None, Results]] = [
        (item, next(evaluated)) if isinstance(item, Scenario) else (None, item) for item in items
    ]
    labels = _names(names, [r.scenarios[0] for _, r in pairs])
    base = _baseline_index(baseline, items, labels)
    money: _Money | None = None
    if hook.model is shipped_customer_outcomes and all(isinstance(i, Scenario) for i in items):
        money = _money(pairs, labels, base, engine, year, progress)
        values, notes = _with_money(pairs, labels, base, money)
    else:
        values, notes = _values(pairs, labels, base, hook)
    notes += _definitions_and_warnings(pairs)
    currency = str(pairs[base][1].meta.get("currency", "currency"))
    period = money.period if money is not None else "year"
    return Comparison(
        table=_table(values, base, currency, period),
        values=values,
        baseline=labels[base],
        notes=notes,
        results=[r for _, r in pairs],
        currency=currency,
        net_effect=None if money is None else money.net,
        break_even=None if money is None else money.break_even,
        period=period,
        weeks=() if money is None else money.weeks,
    )


def _definitions_and_warnings(pairs: list[tuple[Scenario | None, Results]]) -> list[str]:
    """The notes every comparison ends with: what its service level and abandonment mean, then each option's
    warnings, named by the option."""
    definitions: str = Phrase(
        tr(
            "service level = share of all contacts, at every stage, answered within their stage's target time; "
            "customers abandoning = share of customers who abandon at some stage"
        )
    )
    return [definitions] + [
        Phrase(tr("{option}: {warning}"), option=results.scenarios[0], warning=warning)
        for _, results in pairs
        for warning in results.warnings
    ]


_SHIPPED_NOTE = Phrase(
    tr(
        "customer outcomes from svcdesign.response (revealed behaviour by default; see Comparison.net_effect for the "
        "range and Comparison.break_even for what decides it)"
    )
)


def _with_money(
    pairs: list[tuple[Scenario | None, Results]], labels: list[str], base: int, money: _Money
) -> tuple[pd.DataFrame, list[str]]:
    """The operational outcomes and satisfaction of the typical week, then the year's money."""
    values, notes = _values(pairs, labels, base, CustomerHook(_typical_week, _SHIPPED_NOTE))
    values = values.drop(columns=["churn", "revenue_effect"], errors="ignore").join(money.values)
    values.insert(list(values.columns).index("net_effect_low") + 1, "net_effect", money.net["central"])
    return values, notes + money.notes


def _typical_week(scenario: Scenario, results: Results) -> dict[str, float]:
    """Satisfaction of the evaluated week (the money is counted over the year by :func:`_money`)."""
    return {"satisfaction": _customer_parts(scenario, results)[0]}


_PARTS: weakref.WeakKeyDictionary[Results, tuple[Scenario, float, CustomerExposure]] = weakref.WeakKeyDictionary()
"""Satisfaction and exposure of results already assessed, with the scenario they were assessed for: the
engines' memo hands back the same Results object for the same scenario (by content), so a baseline
compared again (every move of a dashboard slider), or a what-if rebuilt with the same settings (a new
Scenario object), is not assessed again. Weak keys: forgotten with the results."""


def _customer_parts(scenario: Scenario, results: Results) -> tuple[float, CustomerExposure]:
    """The week's satisfaction (points, 0–10) and customer exposure of ``results`` of ``scenario``."""
    known = _PARTS.get(results)
    if known is not None and (known[0] is scenario or known[0] == scenario):  # equal content: same figures
        return known[1], known[2]
    satisfaction = assess(scenario, results, parts=("experience",), detail="horizon").value("satisfaction")
    exposure = customer_exposure(scenario, results)
    _PARTS[results] = (scenario, satisfaction, exposure)
    return satisfaction, exposure


@dataclass(frozen=True)
class _Money:
    values: pd.DataFrame
    net: pd.DataFrame
    break_even: pd.DataFrame
    notes: list[str]
    period: str
    weeks: tuple[WeekKind, ...]


def _money(
    pairs: list[tuple[Scenario | None, Results]],
    labels: list[str],
    base: int,
    engine: str | Callable[[Scenario], Results],
    year: bool,
    progress: bool,
) -> _Money:
    """Churn, customer cost and the net effect of every option over a year of the calendar (or a week)."""
    scenarios = [s for s, _ in pairs if s is not None]
    kinds = {s.organisation.kind for s in scenarios}
    if len(kinds) > 1:
        raise InputError("options", sorted(kinds), "options of one kind of organisation (commercial or public)")
    weeks = year_weeks(scenarios[base]) if year else []
    notes: list[str] = []
    if any(k.week is not None for k in weeks) and not (isinstance(engine, str) and "week" in ENGINES[engine].options):
        weeks = []
        notes.append(
            Phrase(
                tr("money per evaluated week: the engine {engine} cannot be asked for the calendar's peak weeks"),
                engine=str(getattr(engine, "__name__", engine)),
            )
        )
    peak = [k for k in weeks if k.week is not None]
    extra = [
        iter(run_many(resolve_engine(engine, {"week": k.week}), scenarios, progress=progress, description=k.label))
        for k in peak
    ]
    per_option = [[r for _, r in pairs]]
    per_option += [[next(it) for _ in scenarios] for it in extra]
    counts = [weeks[0].count, *(k.count for k in peak)] if weeks else [1.0]
    options = [
        OptionYear(
            counts=counts,
            staff_cost=[results[i].value("staff_cost") for results in per_option],
            exposures=[_customer_parts(scenarios[i], results[i])[1] for results in per_option],
        )
        for i in range(len(scenarios))
    ]
    table = customer_table(scenarios[base], None)
    period = "year" if weeks else "week"
    currency = str(pairs[base][1].meta.get("currency", "currency"))
    net, even = net_effects(options, labels, base, table, currency=currency, period=period)
    if not customer_value_given(*scenarios):
        notes.append(
            Phrase(
                tr(
                    "the customers' value is not given (no segment has an annual value): customers lost cost "
                    "nothing here and the money counts the staff cost only"
                )
            )
        )
    still = [label for i, label in enumerate(labels) if i != base and pd.isna(net["p_pays"].iloc[i])]
    if still:
        notes.append(
            Phrase(
                tr("neither pays nor costs in any plausible case, so has no probability of paying: {options}"),
                options=Listing(still, "; "),
            )
        )
    notes.append(
        Phrase(
            tr("money over a year of the calendar: {weeks} ({n} weeks)"),
            weeks=Listing(
                (Phrase(tr("{kind} × {count}"), kind=_week_kind(k.label), count=Figure(f"{k.count:g}")) for k in weeks),
                "; ",
            ),
            n=Figure(f"{WEEKS_PER_YEAR:.4f}"),
        )
        if weeks
        else Phrase(tr("money per evaluated week (not annualised)"))
    )
    return _Money(_yearly(options, labels, table, net), net, even, notes, period, tuple(weeks))


def customer_value_given(*scenarios: Scenario) -> bool:
    """Whether the money of ``scenarios`` counts the customers' value: a public service's always (the cost of
    failure), a commercial one's when some segment of one of them has an ``annual_value`` (currency a year) above 0."""
    return any(s.organisation.kind == "public" or any(g.annual_value > 0 for g in s.segments) for s in scenarios)


def _week_kind(label: str) -> str:
    """A kind of week of the year (:class:`~svcdesign.explore.year.WeekKind`'s label) as a phrase: the typical
    week, or the peaks' names (the user's) and the weeks they fall in; another label as it is."""
    if label == "typical week":
        return Phrase(tr("typical week"))
    weeks = re.fullmatch(r"(.*) \(weeks ([^()]*)\)", label)
    if weeks is None:
        return label
    return Phrase(tr("{names} (weeks {weeks})"), names=weeks.group(1), weeks=Digits(weeks.group(2)))


def _yearly(options: list[OptionYear], labels: list[str], table: Any, net: pd.DataFrame) -> pd.DataFrame:
    """Churn (share a year) and the customer cost of each option at the table's values, with the net range."""
    params = LoyaltyParams.from_table(table)
    values = pd.DataFrame(index=pd.Index(labels, name="option"))
    cost = [float(customer_cost(o, params)[0]) for o in options]
    if options[0].first.kind == "public":
        values["cost_of_failure"] = cost
    else:
        years = [sum(o.counts) * o.first.weeks / WEEKS_PER_YEAR for o in options]
        lost = [float(extra_leavers(o, params).sum()) for o in options]
        values["churn"] = [
            float(params.base_churn) + (n / y / o.first.customers.sum() if y > 0 and o.first.customers.sum() > 0 else 0)
            for n, y, o in zip(lost, years, options, strict=True)
        ]
        values["revenue_effect"] = [-c + 0.0 for c in cost]  # + 0.0: no "-0" where nothing is lost
    values["net_effect_low"], values["net_effect_high"], values["p_pays"] = net["low"], net["high"], net["p_pays"]
    return values


def _check_items(items: list[Any]) -> None:
    if not items:
        raise InputError("options", (), "at least one Scenario or Results to compare")
    for i, item in enumerate(items):
        if isinstance(item, Results):
            if len(item.scenarios) != 1:
                raise InputError(f"options[{i}]", item.scenarios, "Results of exactly one scenario")
        elif not isinstance(item, Scenario):
            raise InputError(f"options[{i}]", type(item).__name__, "a Scenario or a Results")


def _names(names: Sequence[str] | None, scenarios: list[str]) -> list[str]:
    """The options' names: those given (checked) or the scenarios' names made unique."""
    if names is None:
        return _unique(scenarios)
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise InputError("names", names, f"a list of {len(scenarios)} option names")
    given = list(names)
    if (
        len(given) != len(scenarios)
        or not all(isinstance(n, str) and n for n in given)
        or len(set(given)) != len(given)
    ):
        raise InputError("names", given, f"{len(scenarios)} different, non-empty option names, one per option compared")
    return given


def _values(
    pairs: list[tuple[Scenario | None, Results]], labels: list[str], base: int, hook: CustomerHook
) -> tuple[pd.DataFrame, list[str]]:
    """Every option's outcomes in stored units (and the net effect with a customer model), with notes."""
    notes: list[str] = []
    use_customers = hook.model is not None and all(s is not None for s, _ in pairs)
    if hook.model is not None and not use_customers:
        notes.append(
            Phrase(tr("customer outcomes are left out: some options were given as Results without their scenario"))
        )
    rows = []
    for scenario, results in pairs:
        row = {name: outcome(results, name) for name in OPERATIONAL}
        if use_customers and hook.model is not None and scenario is not None:
            row.update({k: float(v) for k, v in hook.model(scenario, results).items()})
        rows.append(row)
    values = pd.DataFrame(rows, index=pd.Index(labels, name="option"))
    if use_customers:
        notes.append(
            hook.note
            if hook.note == _SHIPPED_NOTE
            else Phrase(tr("{note}; revenue effect read as per year"), note=hook.note)
        )
        if "revenue_effect" in values:
            delta_cost = values["staff_cost"] - values["staff_cost"].iloc[base]
            values["net_effect"] = (
                values["revenue_effect"] - values["revenue_effect"].iloc[base] - delta_cost * WEEKS_PER_YEAR
            )
    else:
        values = values[[c for c in values.columns if c in OPERATIONAL]]
        if hook.model is None:
            notes.append(
                Phrase(tr("{note}; net effect (revenue effect − cost) needs them and is left out too"), note=hook.note)
            )
    return values, notes


_MONEY_LABELS = {
    "net_effect": "Net effect vs baseline",
    "net_effect_low": "Net effect, low (5%)",
    "net_effect_high": "Net effect, high (95%)",
    "revenue_effect": "Revenue effect (− lifetime margin of customers lost)",
    "cost_of_failure": "Cost of failure",
}


def _table(values: pd.DataFrame, base: int, currency: str, period: str = "year") -> pd.DataFrame:
    out = pd.DataFrame(index=values.index)
    for column in values.columns:
        if column in _MONEY_LABELS:
            out[f"{_MONEY_LABELS[column]} ({currency}/{period})"] = values[column]
            continue
        if column == "p_pays":
            out["Probability the option pays (%)"] = values[column] * 100.0
            continue
        if column == "churn":
            out[f"Churn (%/{period if period == 'year' else 'year'})"] = values[column] * 100.0
            continue
        out[label(column, currency)] = values[column] * display_scale(column)
        if column == "staff_cost":
            out[f"Staff cost change vs baseline ({currency}/week)"] = values[column] - values[column].iloc[base]
    out.insert(0, "Role", ["baseline" if i == base else "option" for i in range(len(values))])
    return out


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _baseline_index(baseline: Any, items: list, names: list[str]) -> int:
    if baseline is None:
        return 0
    if isinstance(baseline, (Scenario, Results)):
        return next(i for i, item in enumerate(items) if item is baseline)
    if isinstance(baseline, bool):
        raise InputError("baseline", baseline, "an option's position, its name, or the option itself")
    if isinstance(baseline, int):
        if not -len(items) <= baseline < len(items):
            raise InputError("baseline", baseline, f"a position 0–{len(items) - 1}")
        return baseline % len(items)
    if isinstance(baseline, str) and baseline in names:
        return names.index(baseline)
    raise InputError("baseline", baseline, f"one of the options {names}, a position, or the option itself")


__all__ = ["Comparison", "compare"]
