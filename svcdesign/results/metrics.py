"""The metrics every engine reports: names, units, meanings and how periods aggregate.

Engines report per stage and period; whole-horizon figures weight each period by what the metric is
a share of: ``"sum"`` adds up (counts, money), ``"arrivals"`` weights by arrivals (shares of contacts,
waits), ``"agents"`` by agents available (occupancy), ``"time"`` is a plain time average (staff,
queue length), ``"max"`` takes the largest (flags).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Weight = Literal["sum", "arrivals", "answered", "agents", "time", "max"]


@dataclass(frozen=True)
class Metric:
    """One reported quantity."""

    name: str
    unit: str
    label: str
    meaning: str
    weight: Weight
    empty: float = 0.0
    """Value where the metric's weight is zero (nothing to measure: no arrivals, no agent time). 0 for
    shares, waits and counts; 1 for the service level (no contact missed the target), as an idle queue
    in the Erlang formulas."""


_METRICS = [
    Metric("arrivals", "contacts", "Contacts", "contacts arriving at the stage in the period (incl. repeats, escalations, follow-ups)", "sum"),
    Metric("offered_load", "Erlangs", "Offered load", "arrival rate × mean handle time", "time"),
    Metric("staff", "staff", "Staff on shift", "paid staff on shift (before shrinkage)", "time"),
    Metric("agents", "agents", "Agents available", "staff × (1 − shrinkage): agents able to handle contacts", "time"),
    Metric("p_wait", "share", "P(wait)", "share of arriving contacts that wait at all", "arrivals"),
    Metric("asa", "s", "ASA", "average speed of answer: mean wait over all arriving contacts, seconds", "arrivals"),
    Metric("service_level", "share", "Service level", "share of all arriving contacts answered within the target time "
           "(1 where nothing arrives: no contact missed it)", "arrivals", empty=1.0),
    Metric("p_abandon", "share", "Abandonment", "share of arriving contacts that abandon while waiting", "arrivals"),
    Metric("answered", "contacts", "Answered", "contacts that reach an agent", "sum"),
    Metric("abandoned", "contacts", "Abandoned", "contacts that abandon while waiting", "sum"),
    Metric("occupancy", "share", "Occupancy", "share of available agent time spent handling contacts", "agents"),
    Metric("queue_length", "contacts", "Queue length", "mean number of contacts waiting", "time"),
    Metric("staff_hours", "h", "Paid staff hours", "paid staff hours on shift in the period", "sum"),
    Metric("required_staff_hours", "h", "Staff hours required", "paid hours of the required staff", "sum"),
    Metric("staff_cost", "currency", "Staff cost", "paid staff hours × hourly wage", "sum"),
    Metric("required_agents", "agents", "Agents required", "fewest agents meeting every service target", "time"),
    Metric("required_staff", "staff", "Staff required", "required agents ÷ (1 − shrinkage)", "time"),
    Metric("overloaded", "flag", "Overloaded", "1 where the load reaches the capacity and no steady state exists (infinite wait)", "max"),
    Metric("unstaffed", "flag", "Unstaffed",
           "1 where work arrives that the roster cannot serve: no agent on duty to take it (every contact "
           "abandons, or deferred work that the hours on duty never clear: infinite wait), or no number of "
           "staff on the hours worked meets the stage's target (infinite staff required)", "max"),
    Metric("customers", "customers", "Customers", "first contacts from customers (external arrivals)", "sum"),
    Metric("fcr", "share", "First-contact resolution", "share of answered first contacts resolved without escalation, transfer, repeat or follow-up", "answered"),
    Metric("contacts_per_resolution", "contacts", "Contacts per resolution", "handled contacts (all stages) per issue resolved", "time"),
    Metric("p_abandon_any", "share", "Customers abandoning", "share of customers who abandon at some stage and do not try again", "arrivals"),
    Metric("time_to_resolution", "h", "Time to resolution", "mean time from first contact until the issue is resolved or the customer gives up, hours (incl. delays before repeats and follow-ups)", "arrivals"),
    Metric("resolved", "issues", "Issues resolved", "issues resolved (contacts handled and closed at a stage)", "sum"),
]

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}
"""Registry of known metrics by name. Engines may add their own with :func:`register`."""


def register(metric: Metric) -> Metric:
    """Add (or replace) a metric in the registry, for engines that report more figures."""
    METRICS[metric.name] = metric
    return metric


def metric_info(name: str) -> Metric:
    """The registered metric called ``name`` (a neutral description if it is unknown)."""
    return METRICS.get(name) or Metric(name, "", name.replace("_", " ").capitalize(), "", "time")
