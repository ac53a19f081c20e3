"""The review behind a report: a scenario and its what-if options evaluated, compared and explained.

:func:`review` evaluates the scenario as described and each option (a what-if variant:
``scenario.with_overrides(...)``) with the analytic engine, compares them against the scenario as
described (:func:`.compare.compare`), runs the customer models on each (:func:`svcdesign.response.assess`)
and collects what a report on them shows besides: the fields each option changes and the rows of the
assumptions table the customer models used, with their kind and source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import InputError
from ..model import Scenario
from ..model.roster import paid_hours
from ..response import assess, assumptions_behind
from ..results import Results
from .compare import Comparison, compare

BASELINE = "as described"
"""The name of the scenario as described among the options of a review."""


@dataclass(frozen=True, eq=False)
class Review:
    """A scenario and its options, evaluated and compared.

    Attributes
    ----------
    scenario:
        The scenario as described.
    options:
        Every option by name, the scenario as described (:data:`BASELINE`) first.
    runs:
        Each option's analytic results (whole week, 15-minute periods as the scenario has them), with
        the customer metrics when the customer models ran.
    comparison:
        The options against the scenario as described (:func:`.compare.compare`), named as in ``options``.
    changes:
        For each option but the first, the fields it changes (dotted paths, old → new), as text.
    assumptions:
        The assumptions-table rows the customer models used (value, unit, kind, meaning, source);
        empty without the customer models.
    customers:
        Whether the customer models ran.
    """

    scenario: Scenario
    options: dict[str, Scenario]
    runs: dict[str, Results] = field(repr=False)
    comparison: Comparison = field(repr=False)
    changes: dict[str, str]
    assumptions: pd.DataFrame = field(repr=False)
    customers: bool


def review(
    scenario: Scenario,
    options: Mapping[str, Scenario] | Iterable[Scenario] | None = None,
    *,
    customers: bool = True,
    progress: bool = False,
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
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
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
    changes = {name: _changes(scenario, variant) for name, variant in variants.items() if name != BASELINE}
    return Review(
        scenario=scenario,
        options=variants,
        runs=runs,
        comparison=comparison,
        changes=changes,
        assumptions=_assumptions(runs),
        customers=customers,
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


def _changes(base: Scenario, variant: Scenario) -> str:
    """The fields that differ between two scenarios, as dotted paths (for the options list).

    A stage whose staff changed is summarised in paid hours and full-time equivalents a week (its
    roster's per-interval or per-shift figures would say less at more length).
    """
    out = _staff_changes(base, variant)

    def walk(x: Any, y: Any, where: str) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for key in sorted(set(x) | set(y)):
                if key in ("name",) and not where:
                    continue
                walk(x.get(key), y.get(key), f"{where}.{key}" if where else key)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                label = p.get("name", i) if isinstance(p, dict) else i
                walk(p, q, f"{where}.{label}")
        elif x != y:
            out.append(f"{where}: {'default' if x is None else repr(x)} → {'default' if y is None else repr(y)}")

    walk(_without_staff(base), _without_staff(variant), "")
    return "; ".join(out) if out else "no change"


def _staff_changes(base: Scenario, variant: Scenario) -> list[str]:
    """One line per stage whose paid hours differ: hours and FTE a week, before → after."""
    out: list[str] = []
    if base.stage_names != variant.stage_names:
        return out
    for before, after in zip(base.stages, variant.stages, strict=True):
        h0 = paid_hours(before, base.demand.interval_minutes)
        h1 = paid_hours(after, variant.demand.interval_minutes)
        if h0 != h1:
            c0, c1 = base.contract_hours(), variant.contract_hours()
            out.append(
                f"stages.{before.name}: paid hours {h0:,.1f} → {h1:,.1f} a week "
                f"({h0 / c0:,.2f} → {h1 / c1:,.2f} FTE, {h1 / c1 - h0 / c0:+,.2f})"
            )
    return out


def _without_staff(scenario: Scenario) -> dict[str, Any]:
    """The scenario as data, its stages' staff and seat adjustment left out (:func:`_staff_changes` reads them)."""
    data = scenario.to_dict()
    for stage in data.get("stages", []):
        stage.pop("staff", None)
        stage.pop("staff_adjustment", None)
    return data


__all__ = ["BASELINE", "Review", "review"]
