"""The NVQ staff-cut story (source document 002, question 3.2), told by the dynamics engine.

"The organisation first cut staff numbers and salaries to save money; this proved fatal to
social-work practice because there were not enough staff to handle the referrals arriving every week
and month." :func:`staff_cut_story` runs a scenario twice — as it is, and with part of one stage's
staff cut and held down — and accounts, week by week, for what the cut saves (wages) and what it
costs (overtime at its premium, hiring to replace burnt-out leavers, and the failures it causes). A
public service (``organisation.kind: public``, the council) counts its failures as the cost of failure
(:func:`svcdesign.formulas.customers.loyalty.cost_of_failure`: cases that end unresolved ×
``public.failure_cost`` + days clients wait in a hospital bed × ``public.bed_day_cost``); a commercial
organisation as the revenue at risk (the lifetime margin of the customers the cut loses). It returns
the week in which the cumulative net saving turns negative.

In the council scenario social workers cannot cut an assessment below the work it needs
(``dynamics.deferred.min_time_share`` = 1) and management aims to assess within the 7-day target, so
after the cut referrals pile up: the backlog grows and cases wait beyond the target (see
``weekly["cut_backlog"]``, ``weekly["cut_delivery_delay"]``). Without that floor, Oliva & Sterman's
corner cutting absorbs the gap and the loss shows as eroded quality instead.

Default scenario: ``datasets/scenarios/council_adult_social_care.yaml`` (an illustrative council adult
social care chain); the cut falls on its assessment team (social workers handling referrals), and its
hospital-discharge clients wait for their assessment in a hospital bed, so a longer wait costs bed-days.
The story's own settings are rows of the assumptions table (``dynamics.story.*``), labelled as the
modelling choices they are; results depend above all on the unit costs of a failure and of a bed-day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._resources import dataset_path
from ...assumptions import load_assumptions
from ...errors import InputError
from ...model import Scenario
from ...results import Results
from .coupled import run_dynamics
from .inputs import StaffingDecisions

__all__ = ["StaffCutStory", "staff_cut_story", "default_story_scenario", "STORY_ROWS"]

#: Story settings → rows of the assumptions table.
STORY_ROWS: dict[str, str] = {
    "cut_share": "dynamics.story.cut_share",
    "cut_week": "dynamics.story.cut_week",
}
DEFAULT_STAGE = "assessment"


@dataclass(frozen=True)
class StaffCutStory:
    """Outcome of :func:`staff_cut_story`.

    ``weekly`` has one row per week: ``wage_saving`` (wages incl. overtime at its premium, baseline − cut)
    and ``cumulative_wage_saving``, ``hiring_saving``, ``failure_cost`` (cut − baseline: the cost of
    failure of a public service, the revenue at risk of a commercial one — see ``failure_measure``),
    ``net_saving`` and ``cumulative_net_saving`` (currency); ``bad_experiences`` (extra contacts that end
    unresolved), ``bed_days`` (extra days waited in a hospital bed; public services) and ``customers_lost``
    (extra customers lost because of the service; commercial); plus the cut stage's ``staff``, ``backlog``
    (cases waiting),
    ``delivery_delay`` (weeks), ``time_per_case`` (h, corners cut), ``standard_tpo`` (h), ``quality``,
    ``fatigue``, ``overtime_hours``, ``quits`` and ``hires`` in both runs (prefixes ``baseline_`` and
    ``cut_``). ``turns_negative_week`` is the first week (0-based) in which the cumulative net saving is
    below zero — the cut has so far cost more than it saved (at once, or after saving at first); ``None``
    if it does not within the horizon.
    ``failure_measure``: the metric behind ``failure_cost`` (``"cost_of_failure"`` or ``"revenue_at_risk"``).
    """

    weekly: pd.DataFrame
    turns_negative_week: int | None
    stage: str
    cut_staff: float
    baseline: Results
    cut: Results
    failure_measure: str

    @property
    def total_net_saving(self) -> float:
        """Cumulative net saving at the end of the horizon (negative = the cut lost money)."""
        return float(self.weekly["cumulative_net_saving"].iloc[-1])


def default_story_scenario() -> Scenario:
    """The council adult-social-care scenario (a public service: failures cost the public purse)."""
    return Scenario.load(dataset_path("scenarios", "council_adult_social_care.yaml"))


def staff_cut_story(
    scenario: Scenario | None = None,
    *,
    stage: str | None = None,
    cut: float | None = None,
    week: int | None = None,
    weeks: int = 156,
) -> StaffCutStory:
    """Cut ``cut`` full-time staff from ``stage`` in ``week``, hold headcount there, and count the cost.

    Defaults: :func:`default_story_scenario`, its ``"assessment"`` stage, ``dynamics.story.cut_share``
    of that stage's staff, in week ``dynamics.story.cut_week``; horizon three years.
    """
    scenario = scenario if scenario is not None else default_story_scenario()
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    table = load_assumptions().with_overrides(scenario.assumptions)
    stage = (
        stage
        if stage is not None
        else (DEFAULT_STAGE if DEFAULT_STAGE in scenario.stage_names else scenario.stage_names[0])
    )
    if stage not in scenario.stage_names:
        raise InputError("stage", stage, f"one of {scenario.stage_names}")
    week = int(table.value(STORY_ROWS["cut_week"])) if week is None else week
    if isinstance(week, bool) or not isinstance(week, (int, np.integer)) or not 0 <= week < weeks:
        raise InputError("week", week, f"a whole week in [0, {weeks - 1}]")

    baseline = run_dynamics(scenario, weeks=weeks)
    if (stage, "staff") not in baseline.meta["weekly"]:  # held constant by run_dynamics: no model to cut
        raise InputError(
            "stage",
            stage,
            "a stage with work and staff in the scenario's week (this one has no "
            "contacts or no staff, so there is nothing to cut)",
        )
    staff0 = float(baseline.meta["weekly"][(stage, "staff")].iloc[0])
    cut = table.value(STORY_ROWS["cut_share"]) * staff0 if cut is None else cut
    if isinstance(cut, bool) or not isinstance(cut, (int, float)) or not 0 < cut < staff0:
        raise InputError("cut", cut, f"a number of full-time staff in (0, {staff0:.4g}) for stage '{stage}'")
    after = run_dynamics(
        scenario, weeks=weeks, decisions={stage: StaffingDecisions(cuts={week: float(cut)}, hold_cuts=True)}
    )

    b, c = baseline.meta["weekly"], after.meta["weekly"]
    measure = "cost_of_failure" if scenario.organisation.kind == "public" else "revenue_at_risk"
    weekly = pd.DataFrame(index=b.index)
    weekly["wage_saving"] = b[("total", "staff_cost")] - c[("total", "staff_cost")]
    weekly["hiring_saving"] = b[("total", "hiring_cost")] - c[("total", "hiring_cost")]
    weekly["failure_cost"] = c[("total", measure)] - b[("total", measure)]
    weekly["net_saving"] = weekly["wage_saving"] + weekly["hiring_saving"] - weekly["failure_cost"]
    weekly["cumulative_net_saving"] = weekly["net_saving"].cumsum()
    for column in ("bad_experiences", "bed_days", "customers_lost"):
        weekly[column] = c[("total", column)] - b[("total", column)] if ("total", column) in c else 0.0
    for column in (
        "staff",
        "backlog",
        "delivery_delay",
        "time_per_order",
        "standard_tpo",
        "quality",
        "fatigue",
        "overtime_hours",
        "quits",
        "hires",
    ):
        name = "time_per_case" if column == "time_per_order" else column
        weekly[f"baseline_{name}"] = b[(stage, column)]
        weekly[f"cut_{name}"] = c[(stage, column)]
    weekly["cumulative_wage_saving"] = weekly["wage_saving"].cumsum()
    return StaffCutStory(
        weekly, _turns_negative(weekly["cumulative_net_saving"].to_numpy()), stage, float(cut), baseline, after, measure
    )


def _turns_negative(cumulative: np.ndarray) -> int | None:
    negative = np.flatnonzero(cumulative < 0)
    return int(negative[0]) if negative.size else None
