"""A multi-skill service desk at a glance: its contact types, its agent groups' skills and who answered what.

The staffing explorer (:class:`svcdesign.present.StaffingExplorer`) draws :func:`desk_view` of the
analytic engine's results as its skills table. Every number is read from the scenario (skills,
handle-time multipliers, the router's order of preference, targets) or from the engine's results
(``meta["answered_by"]``: contacts of each type answered by each group over the week; each contact
type's and group's whole-week figures); the only arithmetic is the share of each type's answered
contacts that each group answered. The desk's model: ``docs/multiskill.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..model import Scenario
from ..results import Results
from .flows import target_of

TYPE_COLUMNS = (
    "channel",
    "deferred",
    "arrivals",
    "service_level",
    "target_service_level",
    "answer_within",
    "p_abandon",
    "max_abandon",
    "asa",
)
"""The columns of :attr:`DeskView.contact_types`."""
GROUP_COLUMNS = ("staff_hours", "occupancy", "answered", "staff_cost")
"""The columns of :attr:`DeskView.groups`."""


@dataclass(frozen=True, eq=False)
class DeskView:
    """A service desk's contact types, its agent groups, their skills and who answered what, over the
    horizon of the results it was read from (a week for the analytic engine).

    Attributes
    ----------
    contact_types:
        One row per contact type, in the desk's order: ``channel``; ``deferred`` (bool); ``arrivals``
        (contacts); ``service_level`` (share of arrivals answered within the type's target time),
        ``target_service_level`` (share; NaN without one) and ``answer_within`` (s) of the type's
        target; ``p_abandon`` (share of arrivals giving up) and ``max_abandon`` (share, the target's
        largest; NaN without one); ``asa`` (mean wait over arrivals, s).
    groups:
        One row per agent group, in the desk's order: ``staff_hours`` (paid hours), ``occupancy``
        (share of available agent time spent handling contacts), ``answered`` (contacts) and
        ``staff_cost`` (currency).
    multiplier:
        Contact type × agent group: the skill's handle-time multiplier (× the type's mean handle time);
        NaN where the group lacks the skill.
    preference:
        Contact type × agent group: the group's place in the router's order of preference for the type
        (1 = offered first); NaN where the group lacks the skill.
    answered:
        Contact type × agent group: contacts answered (the engine's ``meta["answered_by"]``).
    share:
        Contact type × agent group: share of the type's answered contacts that the group answered; NaN
        for a type of which nothing was answered.
    """

    contact_types: pd.DataFrame
    groups: pd.DataFrame
    multiplier: pd.DataFrame
    preference: pd.DataFrame
    answered: pd.DataFrame
    share: pd.DataFrame


def desk_view(scenario: Scenario, results: Results) -> DeskView | None:
    """The service desk of ``scenario`` as ``results`` (of an engine that reads desks) report it; ``None``
    for a scenario without a desk.

    Raises
    ------
    InputError
        On ``results`` when they hold no ``meta["answered_by"]`` table of the desk's contact types by
        its agent groups (results of an engine that does not read the desk, or of another scenario).
    """
    desk = scenario.service_desk
    if desk is None:
        return None
    types = [t.name for t in desk.contact_types]
    groups = [g.name for g in desk.groups]
    answered = results.meta.get("answered_by")
    if not isinstance(answered, pd.DataFrame) or list(answered.index) != types or list(answered.columns) != groups:
        raise InputError(
            "results",
            f"results of scenario '{results.meta.get('scenario', '?')}'",
            f"results of an engine that reads the service desk of scenario '{scenario.name}' (contact types "
            f"{types} by agent groups {groups} in meta['answered_by'])",
        )
    answered = answered.astype(float)
    multiplier = pd.DataFrame(np.nan, index=types, columns=groups)
    preference = pd.DataFrame(np.nan, index=types, columns=groups)
    for group in desk.groups:
        for skill in group.skills:
            multiplier.loc[skill.contact_type, group.name] = skill.handle_time_multiplier
    for name in types:
        for rank, group_name in enumerate(desk.preferences(name), start=1):
            preference.loc[name, group_name] = rank
    totals = answered.sum(axis=1)
    share = answered.div(totals.where(totals > 0), axis=0)
    rows = []
    for contact in desk.contact_types:
        target = target_of(scenario, contact.name)
        rows.append(
            {
                "channel": contact.channel,
                "deferred": contact.deferred,
                **{m: _value(results, m, contact.name) for m in ("arrivals", "service_level")},
                "target_service_level": _or_nan(target.service_level),
                "answer_within": float(target.answer_within),
                "p_abandon": _value(results, "p_abandon", contact.name),
                "max_abandon": _or_nan(target.max_abandon),
                "asa": _value(results, "asa", contact.name),
            }
        )
    per_group = [{m: _value(results, m, g) for m in GROUP_COLUMNS} for g in groups]
    for label in (multiplier, preference, answered, share):
        label.index.name, label.columns.name = "contact type", "group"
    return DeskView(
        contact_types=pd.DataFrame(rows, index=pd.Index(types, name="contact type"), columns=list(TYPE_COLUMNS)),
        groups=pd.DataFrame(per_group, index=pd.Index(groups, name="group"), columns=list(GROUP_COLUMNS)),
        multiplier=multiplier,
        preference=preference,
        answered=answered,
        share=share,
    )


def _or_nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _value(results: Results, metric: str, stage: str) -> float:
    try:
        return results.value(metric, stage)
    except InputError:
        return float("nan")  # a figure the engine does not report for this stage or group


__all__ = ["DeskView", "GROUP_COLUMNS", "TYPE_COLUMNS", "desk_view"]
