"""Headline outcomes of one run, as single numbers: what explore compares, sweeps and optimises.

An *outcome* is one whole-horizon number read from a :class:`~svcdesign.results.Results`:

- any metric the engine reports for a stage or for the whole chain (``"staff_cost"``,
  ``"p_abandon_any"``, ``("service_level", "representative")``);
- ``"service_level"`` and ``"p_abandon"`` for the whole chain (stage ``"all"``), which the engines
  report per stage only: the arrival-weighted mean over all stages, i.e. the share of all contacts
  (at every stage) answered within *their stage's* target time, and the share of all contacts that
  abandon (each stage's figure weighted by its arrivals). With a multi-skill service desk the stages
  are its contact types and the chain's stages; its agent groups are not stages customers arrive at;
- the customer outcomes ``"satisfaction"``, ``"churn"`` and ``"revenue_effect"`` (or, for a public
  service, ``"cost_of_failure"``) from the customer model (see :func:`customer_model`); the shipped model's
  money is that of the evaluated week (:func:`svcdesign.explore.compare` counts a calendar year).

Each outcome has a direction (:data:`SENSE`): cost, waits, abandonment and churn are better low,
service level, satisfaction, FCR and revenue better high.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..i18n import DEFAULT, Translator
from ..i18n.phrases import Phrase, tr
from ..model import Scenario
from ..response import assess
from ..results import ALL, Results, metric_info

CUSTOMER_OUTCOMES = ("satisfaction", "churn", "revenue_effect", "cost_of_failure")
CHAIN_SHARES = ("service_level", "p_abandon", "p_wait")
"""Per-stage shares whose whole-chain outcome is the arrival-weighted mean over the stages (:func:`chain_share`);
their labels say "all stages"."""
"""Outcomes only a customer model can provide."""

SENSE: dict[str, int] = {
    "staff_cost": -1,
    "staff_hours": -1,
    "required_staff_hours": -1,
    "asa": -1,
    "p_abandon": -1,
    "p_abandon_any": -1,
    "p_wait": -1,
    "abandoned": -1,
    "queue_length": -1,
    "time_to_resolution": -1,
    "contacts_per_resolution": -1,
    "churn": -1,
    "cost_of_failure": -1,
    "overloaded": -1,
    "occupancy": -1,
    "service_level": 1,
    "satisfaction": 1,
    "fcr": 1,
    "answered": 1,
    "resolved": 1,
    "resolved_within_target": 1,
    "resolved_share": 1,
    "revenue_effect": 1,
}
"""+1 where more is better, −1 where less is better (occupancy: less waiting work per agent)."""

CustomerModel = Callable[[Scenario, Results], Mapping[str, float]]
"""A customer model for explore: ``(scenario, results) -> {"satisfaction": …, "churn": …, …}``."""


@dataclass(frozen=True)
class CustomerHook:
    """The customer model explore uses, or why there is none (``model is None``)."""

    model: CustomerModel | None
    note: str


def sense(name: str) -> int:
    """+1 if more of outcome ``name`` is better, −1 if less is better (unknown metrics: +1)."""
    return SENSE.get(name, 1)


def customer_model(explicit: CustomerModel | bool | None = None) -> CustomerHook:
    """The customer model explore uses: ``explicit`` if given, else :func:`svcdesign.response.assess`.

    ``explicit`` may be a function ``(scenario, results) -> {"satisfaction": …, "churn": …,
    "revenue_effect": …}``, ``None``/``True`` for the shipped model, or ``False`` to leave the
    customer outcomes out (operational and cost figures only).
    """
    if explicit is False:
        return CustomerHook(
            None,
            Phrase(
                tr(
                    "customer outcomes (satisfaction, churn, revenue effect) are not shown: switched off with "
                    "customers=False"
                )
            ),
        )
    if explicit is None or explicit is True:
        return CustomerHook(shipped_customer_outcomes, Phrase(tr("customer outcomes from svcdesign.response.assess")))
    if not callable(explicit):
        raise InputError(
            "customers", explicit, "a function (scenario, results) -> mapping of outcomes, True, False or None"
        )
    name = getattr(explicit, "__name__", None)
    return CustomerHook(
        explicit,
        Phrase(tr("customer outcomes from {model}"), model=name)
        if name is not None
        else Phrase(tr("customer outcomes from the given model")),
    )


def shipped_customer_outcomes(scenario: Scenario, results: Results) -> dict[str, float]:
    """Satisfaction (0–10) and the evaluated week's money: commercial, churn (share a year) and revenue
    effect (− revenue at risk: the lifetime margin of the customers the week's service loses); public, the
    cost of failure (currency)."""
    assessed = assess(scenario, results, detail="horizon")
    out = {"satisfaction": assessed.value("satisfaction")}
    if scenario.organisation.kind == "public":
        out["cost_of_failure"] = assessed.value("cost_of_failure")
    else:
        out["churn"] = assessed.value("churn")
        out["revenue_effect"] = -assessed.value("revenue_at_risk")
    return out


def chain_share(results: Results, metric: str) -> float:
    """Arrival-weighted whole-horizon mean of a per-stage share (``service_level``, ``p_abandon``…) over
    the stages where customers arrive: with a multi-skill service desk, its contact types and the chain's
    stages, not its agent groups (``results.meta["desk"]["groups"]``: their rows hold no arrivals)."""
    horizon = results.horizon()
    if metric not in horizon.columns or "arrivals" not in horizon.columns:
        raise InputError("metric", metric, f"a per-stage metric of these results: {results.metrics}")
    rows = horizon.reset_index()
    groups = list((results.meta.get("desk") or {}).get("groups", []))
    rows = rows[(rows["stage"] != ALL) & ~rows["stage"].isin(groups)]
    weights = rows["arrivals"].to_numpy(dtype=float)
    values = rows[metric].to_numpy(dtype=float)
    total = weights.sum()
    return float((weights * values).sum() / total) if total > 0 else 0.0


def outcome(
    results: Results,
    name: str,
    stage: str = ALL,
    *,
    scenario: Scenario | None = None,
    customers: CustomerHook | None = None,
) -> float:
    """One whole-horizon number from ``results`` (see the module docstring for what ``name`` may be)."""
    if name in CUSTOMER_OUTCOMES:
        hook = customers or customer_model()
        if hook.model is None:
            raise InputError("output", name, f"an operational outcome: {hook.note}")
        if scenario is None:
            raise InputError("scenario", None, f"the scenario behind these results, to compute '{name}'")
        values = hook.model(scenario, results)
        if name not in values:
            raise InputError("output", name, f"an outcome the customer model reports: {sorted(values)}")
        return float(values[name])
    if stage == ALL and name in CHAIN_SHARES:
        return chain_share(results, name)
    return results.value(name, stage)


def label(name: str, currency: str | None = None, language: str = DEFAULT) -> str:
    """Readable label with unit: ``"Staff cost (USD/week)"``, ``"Service level (%)"``; in ``language`` (one
    of :data:`svcdesign.i18n.LANGUAGES`; an outcome without words in it keeps its English label)."""
    if language != DEFAULT:
        return _label_words(name, currency or "", Translator(language))
    if name == "revenue_effect":
        return f"Revenue effect ({currency or 'currency'} per week evaluated, − revenue at risk)"
    if name == "cost_of_failure":
        return f"Cost of failure ({currency or 'currency'} per week evaluated)"
    info = metric_info(name)
    if name in CHAIN_SHARES:
        return f"{info.label}, all stages (%)"
    if info.unit == "share" and name not in CUSTOMER_OUTCOMES:
        return f"{info.label} (%)"
    if info.unit.startswith("currency"):
        per = info.unit.removeprefix("currency") or "/week"
        return f"{info.label} ({currency or 'currency'}{per})"
    return f"{info.label} ({info.unit})" if info.unit else info.label


def _label_words(name: str, currency: str, tr: Translator) -> str:
    """:func:`label` in Arabic or Persian: the outcome's words and its unit."""
    if name == "revenue_effect":
        return tr("Revenue effect ({currency} per week evaluated, − revenue at risk)", currency=currency)
    if name == "cost_of_failure":
        return tr("Cost of failure ({currency} per week evaluated)", currency=currency)
    words = {
        "staff_cost": tr("Staff cost"),
        "staff_hours": tr("Paid staff hours"),
        "required_staff_hours": tr("Staff hours needed"),
        "asa": tr("Mean wait of all contacts"),
        "p_abandon": tr("Abandonment"),
        "p_abandon_any": tr("Customers abandoning at some stage"),
        "p_wait": tr("Share of contacts that wait"),
        "abandoned": tr("Abandoned contacts"),
        "queue_length": tr("Mean queue length"),
        "time_to_resolution": tr("Time to resolve an issue"),
        "contacts_per_resolution": tr("Contacts per resolved issue"),
        "overloaded": tr("Overloaded"),
        "occupancy": tr("Occupancy"),
        "service_level": tr("Service level"),
        "fcr": tr("First-contact resolution"),
        "answered": tr("Answered contacts"),
        "resolved": tr("Issues resolved"),
        "resolved_within_target": tr("Issues resolved within the target time"),
        "resolved_share": tr("Issues resolved (share of customers)"),
        "satisfaction": tr("Satisfaction"),
        "churn": tr("Churn"),
    }
    info = metric_info(name)
    text = words.get(name, info.label)
    if name in CHAIN_SHARES:
        text = tr("{outcome}, all stages", outcome=text)
    units = {
        "s": tr("s"),
        "h": tr("hours"),
        "contacts": tr("contacts"),
        "issues": tr("issues"),
        "points (0-10)": tr("points (0–10)"),
        "share/year": tr("% of customers a year"),
    }
    if info.unit == "share" and name not in CUSTOMER_OUTCOMES:
        unit = tr("%")
    elif info.unit.startswith("currency"):
        per = info.unit.removeprefix("currency") or "/week"
        unit = tr("{currency} a week", currency=currency) if per == "/week" else f"{currency}{per}"
    else:
        unit = units.get(info.unit, "" if info.unit == "flag" else info.unit)
    return f"{text} ({unit})" if unit else text


def display_scale(name: str) -> float:
    """Factor from stored units to displayed units (shares are shown in percent)."""
    return 100.0 if name not in CUSTOMER_OUTCOMES and metric_info(name).unit == "share" else 1.0
