"""Side-by-side comparison of options against a baseline: what each costs and what it does to customers.

Columns (whole week unless stated):

- staff cost (currency per week) and its change against the baseline;
- service level: the share of all contacts, at every stage, answered within their stage's target time
  (arrival-weighted over stages, :func:`.outcomes.chain_share`);
- customers abandoning: the share of customers who abandon at some stage (end to end);
- time to resolution (hours) and first-contact resolution;
- with a customer model (:func:`.outcomes.customer_model`): satisfaction, churn, revenue effect and
  the net effect against the baseline, per year: Δ revenue effect − Δ staff cost × weeks per year.
  The customer model's revenue effect is read as a yearly figure (the question users ask is "net
  savings over the next year"); the note in the table says so.

Without a customer model the customer columns are left out and :attr:`Comparison.notes` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import InputError
from ..markup import html_text
from ..model import Scenario
from ..model.units import WEEKS_PER_YEAR
from ..results import Results
from .outcomes import CustomerHook, CustomerModel, customer_model, display_scale, label, outcome
from .runs import resolve_engine, run_many

OPERATIONAL = ("staff_cost", "service_level", "p_abandon_any", "resolved_within_target", "time_to_resolution", "fcr")
"""Outcomes every comparison shows."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """A comparison of options against a baseline.

    ``table``: one row per option (the baseline first), columns labelled with units; ``values``: the
    same in stored units (shares in [0, 1], money per week) keyed by outcome name; ``notes``: what is
    and is not included; ``results``: the :class:`Results` of every option, in order.
    """

    table: pd.DataFrame
    values: pd.DataFrame
    baseline: str
    notes: list[str]
    results: list[Results] = field(repr=False)
    currency: str = "currency"

    def _repr_html_(self) -> str:
        # option names, notes and warnings hold user text: escaped
        notes = "".join(f"<li>{html_text(n)}</li>" for n in self.notes)
        return self.table.to_html(escape=True, float_format=lambda v: f"{v:,.4g}") + (
            f"<ul>{notes}</ul>" if notes else ""
        )


def compare(
    *options: Scenario | Results,
    baseline: int | str | Scenario | Results | None = None,
    engine: str | Callable[[Scenario], Results] = "analytic",
    customers: CustomerModel | bool | None = None,
    names: Sequence[str] | None = None,
    progress: bool = False,
) -> Comparison:
    """Compare scenarios (or their results) side by side against a baseline.

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
    values, notes = _values(pairs, labels, base, hook)
    notes.append(
        "service level = share of all contacts, at every stage, answered within their stage's target "
        "time; customers abandoning = share of customers who abandon at some stage"
    )
    for _, results in pairs:
        for warning in results.warnings:
            notes.append(f"{results.scenarios[0]}: {warning}")
    currency = str(pairs[base][1].meta.get("currency", "currency"))
    return Comparison(
        table=_table(values, base, currency),
        values=values,
        baseline=labels[base],
        notes=notes,
        results=[r for _, r in pairs],
        currency=currency,
    )


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
        notes.append("customer outcomes are left out: some options were given as Results without their scenario")
    rows = []
    for scenario, results in pairs:
        row = {name: outcome(results, name) for name in OPERATIONAL}
        if use_customers and hook.model is not None and scenario is not None:
            row.update({k: float(v) for k, v in hook.model(scenario, results).items()})
        rows.append(row)
    values = pd.DataFrame(rows, index=pd.Index(labels, name="option"))
    if use_customers:
        notes.append(hook.note + "; revenue effect read as per year")
        if "revenue_effect" in values:
            delta_cost = values["staff_cost"] - values["staff_cost"].iloc[base]
            values["net_effect"] = (
                values["revenue_effect"] - values["revenue_effect"].iloc[base] - delta_cost * WEEKS_PER_YEAR
            )
    else:
        values = values[[c for c in values.columns if c in OPERATIONAL]]
        if hook.model is None:
            notes.append(hook.note + "; net effect (revenue effect − cost) needs them and is left out too")
    return values, notes


def _table(values: pd.DataFrame, base: int, currency: str) -> pd.DataFrame:
    out = pd.DataFrame(index=values.index)
    for column in values.columns:
        if column == "net_effect":
            out[f"Net effect vs baseline ({currency}/year)"] = values[column]
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
