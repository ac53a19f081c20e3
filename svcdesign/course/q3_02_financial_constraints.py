"""3.2 Working within financial and resource constraints (source document 002, question 3.2).

"The organisation first cut staff numbers and salaries to save money; this proved fatal to
social-work practice because there were not enough staff to handle the referrals arriving every week
and month." The dynamics engine tells that story (:func:`svcdesign.engines.dynamics.staff_cut_story`,
after Oliva & Sterman 2001): a cut saves wages at once, then the remaining social workers work overtime,
referrals pile up, clients wait longer for their assessment and a few more cases fail.

The council is a public service: its clients cannot go elsewhere, so the cut loses no revenue; it costs the
public purse instead (the *cost of failure*, :func:`svcdesign.formulas.customers.loyalty.cost_of_failure`):
each extra failed case × ``public.failure_cost`` (NHS reference costs) and each extra day a
hospital-discharge client waits in a hospital bed × ``public.bed_day_cost`` (King's Fund 2023, NAO 2016).
Both unit costs are published estimates with a plausible range in the assumptions table (columns ``low``
and ``high``); the lesson's sliders move them within it, and exercise (d) asks whether the verdict holds
across it. The lesson reads the story month by month.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..assumptions import load_assumptions
from ..engines.dynamics import StaffCutStory, default_story_scenario, staff_cut_story
from ..model.units import SECONDS_PER
from .answers import Choice, Number
from .controls import Slider
from .exercise import Exercise, Mistake, Solution
from .sources import cite, claim

QUESTION = "3.2"
TITLE = "Working within financial and resource constraints"
SOURCE = cite("002", QUESTION)
WEEKS = 104
"""Horizon of the lesson's runs: two years, in weeks."""
WEEKS_PER_MONTH = 52 / 12
DAYS_PER_WEEK = SECONDS_PER["w"] / SECONDS_PER["d"]
_table = load_assumptions()
DEFAULT_CUT_SHARE = _table.value("dynamics.story.cut_share")
CUT_WEEK = int(_table.value("dynamics.story.cut_week"))
FAILURE_COST = _table["public.failure_cost"]
"""Cost to the public purse of a failed case (GBP; published estimate with a plausible range)."""
BED_DAY_COST = _table["public.bed_day_cost"]
"""Cost of a day a client waits in a hospital bed (GBP; published estimate with a plausible range)."""
SLIDERS = {
    "cut_share": Slider(0.05, 0.30, 0.025, "Cut in social workers", percent=True),
    "failure_cost": Slider(FAILURE_COST.low, FAILURE_COST.high, 1.0, "Cost of a failed case", "GBP"),
    "bed_day_cost": Slider(BED_DAY_COST.low, BED_DAY_COST.high, 1.0, "Cost of a day in a hospital bed", "GBP"),
}
"""The experiment's levers, labelled in words with their units: the unit costs move within their plausible
ranges (``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def evidence(row_name: str) -> str:
    """One unit cost as a learner should read it: value, meaning, kind of evidence, source and range."""
    row = _table[row_name]
    return f"{claim(row_name)} Plausible range: {row.low:,g}–{row.high:,g} {row.unit}."


UNIT_COSTS = (evidence(FAILURE_COST.name), evidence(BED_DAY_COST.name))
"""The two unit costs of the cost of failure, labelled with their kind of evidence."""


def month_of(week: int) -> int:
    """Month (1 = the first 52/12 weeks of the run) containing a 0-based week."""
    return int(np.floor(week / WEEKS_PER_MONTH)) + 1


@lru_cache(maxsize=64)
def story(
    cut_share: float = DEFAULT_CUT_SHARE,
    failure_cost: float = FAILURE_COST.value,
    bed_day_cost: float = BED_DAY_COST.value,
) -> StaffCutStory:
    """The staff-cut story: ``cut_share`` of the assessment team cut in week ``CUT_WEEK`` and held
    down; a failed case costs the public purse ``failure_cost`` GBP and a day waited in a hospital bed
    ``bed_day_cost`` GBP (any value the assumptions table allows; the sliders keep to the plausible range)."""
    scenario = default_story_scenario()
    costs = {FAILURE_COST.name: float(failure_cost), BED_DAY_COST.name: float(bed_day_cost)}
    scenario = scenario.with_overrides({"assumptions": {**scenario.assumptions, **costs}})
    return staff_cut_story(scenario, cut=float(cut_share) * _staff(), weeks=WEEKS)


@lru_cache(maxsize=1)
def _staff() -> float:
    """Full-time staff of the assessment team before the cut (from the dynamics engine's run)."""
    return float(staff_cut_story(weeks=CUT_WEEK + 1).weekly["baseline_staff"].iloc[0])


def _saved(result: StaffCutStory, metric: str) -> pd.Series:
    """Weekly ``metric`` of the whole service (GBP), without the cut − with it."""
    return result.baseline.meta["weekly"][("total", metric)] - result.cut.meta["weekly"][("total", metric)]


def monthly(result: StaffCutStory) -> pd.DataFrame:
    """The story month by month: money (GBP) and extra failed cases and bed-days in the month (cut
    against no cut), and the assessment team's state at the month's end. Months are 4 or 5 whole weeks
    (52/12 on average)."""
    w = result.weekly.copy()
    w["contract_saving"] = _saved(result, "wage_cost")
    w["overtime"] = -_saved(result, "overtime_cost")
    w["cut_wait"] = w["cut_delivery_delay"] * DAYS_PER_WEEK
    w["month"] = [month_of(week) for week in w.index]
    sums = ["contract_saving", "overtime", "wage_saving", "hiring_saving", "failure_cost", "net_saving"]
    money = w.groupby("month")[sums].sum()
    money["cumulative_net_saving"] = money["net_saving"].cumsum()
    state = w.groupby("month")[["cut_staff", "baseline_backlog", "cut_backlog", "cut_wait"]].last()
    table = money.join(state).join(w.groupby("month")[["bad_experiences", "bed_days"]].sum())
    table.columns = [
        "contract wages saved",
        "extra overtime paid",
        "wages saved",
        "hiring saved",
        "cost of failure",
        "net saving",
        "cumulative net saving",
        "social workers after cut",
        "backlog without cut (cases)",
        "backlog with cut (cases)",
        "wait for assessment with cut (days)",
        "extra failed cases",
        "extra bed-days",
    ]
    return table


def experiment(
    cut_share: float = DEFAULT_CUT_SHARE,
    failure_cost: float = FAILURE_COST.value,
    bed_day_cost: float = BED_DAY_COST.value,
):
    """Cumulative net saving and wages saved month by month, and the backlog and wait behind them."""
    result = story(cut_share, failure_cost, bed_day_cost)
    table = monthly(result)
    cumulative = table["cumulative net saving"]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Cumulative net saving and wages saved (GBP)", "Assessment backlog (cases) and wait (days)"),
        specs=[[{}, {"secondary_y": True}]],
    )
    colours = np.where(cumulative >= 0, "#54a24b", "#e45756")
    fig.add_trace(go.Bar(x=table.index, y=cumulative, name="cumulative net saving", marker_color=colours), 1, 1)
    wages = table["wages saved"].cumsum()
    fig.add_trace(go.Scatter(x=table.index, y=wages, name="cumulative wages saved", line=dict(color="#54a24b")), 1, 1)
    for column, colour, dash in (("without", "#4c78a8", "dot"), ("with", "#e45756", None)):
        y = table[f"backlog {column} cut (cases)"]
        line = dict(color=colour, dash=dash)
        fig.add_trace(go.Scatter(x=table.index, y=y, name=f"backlog {column} cut", line=line), 1, 2)
    wait = table["wait for assessment with cut (days)"]
    line = dict(color="#f58518")
    fig.add_trace(go.Scatter(x=table.index, y=wait, name="wait with cut (days)", line=line), 1, 2, secondary_y=True)
    fig.update_layout(
        title=(
            f"Cutting {result.cut_staff:.3g} of {_staff():.3g} social workers, over {WEEKS} weeks: wages saved "
            f"{wages.iloc[-1]:,.0f} GBP, net saving {result.total_net_saving:,.0f} GBP<br><sup>a failed case "
            f"{failure_cost:,.0f} GBP, a bed-day {bed_day_cost:,.0f} GBP (published estimates)</sup>"
        ),
        height=470,
        legend=dict(orientation="h", y=-0.25),
        margin=dict(t=100, l=80, r=80),
    )
    fig.update_xaxes(title_text="month after the start", dtick=3)
    fig.update_yaxes(title_text="cumulative amount (GBP)", tickformat=",.0f", row=1, col=1)
    fig.update_yaxes(title_text="backlog (cases)", tickformat=",.0f", rangemode="tozero", row=1, col=2)
    fig.update_yaxes(  # its own round ticks, not the backlog's grid lines carried over (which read 0.157, 0.314 …)
        title_text="wait for assessment (days)",
        tickmode="auto",
        nticks=6,
        tickformat=",.1f",
        ticksuffix=" d",
        rangemode="tozero",
        showgrid=False,
        secondary_y=True,
        row=1,
        col=2,
    )
    return fig


# --------------------------------------------------------------------------------- exercises
def _facts(result: StaffCutStory) -> dict[str, Any]:
    """The two-year totals of a story (GBP, cases, bed-days) and the setting of the cut."""
    w = result.weekly
    return {
        "contract": float(_saved(result, "wage_cost").sum()),
        "overtime": -float(_saved(result, "overtime_cost").sum()),
        "wages": float(w["wage_saving"].sum()),
        "hiring": float(w["hiring_saving"].sum()),
        "failure": float(w["failure_cost"].sum()),
        "net": result.total_net_saving,
        "failed": float(w["bad_experiences"].sum()),
        "beds": float(w["bed_days"].sum()),
        "cut": result.cut_staff,
        "staff": _staff(),
        "cut_week": CUT_WEEK,
        "cut_month": month_of(CUT_WEEK),
        "weeks": WEEKS,
    }


def _solve_a() -> Solution:
    f = _facts(story())
    f["because"] = (
        f"Without the {f['cut']:.0f} social workers the council pays {f['contract']:,.0f} GBP less in contract "
        f"wages, but the referrals still arrive: those who remain work overtime at a premium, which costs "
        f"{f['overtime']:,.0f} GBP. The wage bill falls by only {f['wages']:,.0f} GBP."
    )
    working = (
        f"Sum over {WEEKS} weeks of the 'wages saved' column (wages and overtime, without the cut − with it): "
        f"contract wages saved {f['contract']:,.0f} − extra overtime {f['overtime']:,.0f} = **{f['wages']:,.0f} GBP**."
    )
    return Solution(f["wages"], working, f)


a = Exercise(
    "3.2 (a)",
    "The council cuts {cut:.0f} of its {staff:.0f} social workers in week {cut_week} (month {cut_month}) and does not "
    "replace them. Over the two years ({weeks} weeks), **by how much does its wage bill — wages and overtime — "
    "fall, in GBP?** Use `lesson.monthly(lesson.story())` to see the table.",
    Number("GBP", rel=0.03, digits=0),
    _solve_a,
    mistakes=[
        Mistake(
            "contract wages only",
            lambda s: s.facts["contract"],
            "{contract:,.0f} GBP is the contract wages of the social workers cut — the figure a budget report "
            "shows. The referrals did not fall with the staff: those who remain work overtime.",
            "Subtract the 'extra overtime paid' column (or add up the 'wages saved' column).",
        ),
        Mistake(
            "overtime only",
            lambda s: s.facts["overtime"],
            "{overtime:,.0f} GBP is what the extra overtime costs; the question asks how much the wage bill falls.",
            "Contract wages saved minus the extra overtime paid.",
        ),
    ],
    hint="Add up the 'wages saved' column of the monthly table.",
)


def _solve_b() -> Solution:
    f = _facts(story())
    f["failed_cost"] = f["failed"] * FAILURE_COST.value
    f["no_beds"] = f["wages"] + f["hiring"] - f["failed_cost"]
    f["because"] = (
        f"Over {WEEKS} weeks the cut saves {f['wages']:,.0f} GBP in wages and {f['hiring']:,.0f} in hiring, but "
        f"the cost of failure rises by {f['failure']:,.0f} GBP ({f['failed']:.0f} more failed cases, "
        f"{f['beds']:,.0f} more days in a hospital bed): a net {f['net']:,.0f} GBP."
    )
    working = (
        f"Sum over {WEEKS} weeks: wages saved {f['wages']:,.0f} + hiring saved {f['hiring']:,.0f} − cost of "
        f"failure {f['failure']:,.0f} = **{f['net']:,.0f} GBP** (a loss to the public purse)."
    )
    return Solution(f["net"], working, f)


b = Exercise(
    "3.2 (b)",
    "Over the two years, what is the cut's **total net saving in GBP** to the public purse: wages and hiring saved "
    "minus the cost of failure (failed cases and days clients wait in a hospital bed)? (A loss is a negative "
    "number.)",
    Number("GBP", rel=0.03, digits=0),
    _solve_b,
    mistakes=[
        Mistake(
            "wages only",
            lambda s: s.facts["wages"],
            "{wages:,.0f} GBP is only the wages saved — the figure the council's own budget shows.",
            "Subtract the 'cost of failure' column and add the hiring saved.",
        ),
        Mistake(
            "bed-days left out",
            lambda s: s.facts["no_beds"],
            "That counts the failed cases ({failed_cost:,.0f} GBP) but not the {beds:,.0f} extra days "
            "hospital-discharge clients wait in a bed.",
            "The 'cost of failure' column already holds both: failed cases and bed-days.",
        ),
        Mistake(
            "sign flipped",
            lambda s: -s.facts["net"],
            "Right size, wrong sign: the cut *costs* the public purse money overall.",
            "A net saving below zero is a loss; give it as a negative number.",
        ),
    ],
    hint="Add up the 'net saving' column of the monthly table (or read its last 'cumulative net saving').",
)


SAME = 0.10
"""Exercise (c): the two parts of the cost of failure are "about the same" within this share of the larger."""


def _solve_c() -> Solution:
    f = _facts(story())
    failed_cost, bed_cost = f["failed"] * FAILURE_COST.value, f["beds"] * BED_DAY_COST.value
    if abs(failed_cost - bed_cost) <= SAME * max(failed_cost, bed_cost):
        answer = "c"
    else:
        answer = "a" if failed_cost > bed_cost else "b"
    f |= {
        "failed_cost": failed_cost,
        "bed_cost": bed_cost,
        "unit": FAILURE_COST.value,
        "bed": BED_DAY_COST.value,
        "ratio": max(failed_cost, bed_cost) / min(failed_cost, bed_cost),
        "same": SAME,
    }
    f["because"] = (
        f"Over two years: {f['beds']:,.0f} extra bed-days × {f['bed']:,.0f} GBP = {bed_cost:,.0f} GBP; "
        f"{f['failed']:.0f} extra failed cases × {f['unit']:,.0f} GBP = {failed_cost:,.0f} GBP. "
        + (
            f"The bed-days cost about {f['ratio']:.0f} times as much: clients leaving hospital wait longer for their "
            "assessment, in a bed, and that cost falls on the NHS, not on the council."
            if answer == "b"
            else f"The larger part costs {f['ratio']:.1f} times the smaller."
        )
    )
    working = (
        f"From the story's two-year totals: bed-days {f['beds']:,.1f} × {f['bed']:,.0f} = {bed_cost:,.0f}; "
        f"failed cases {f['failed']:.1f} × {f['unit']:,.0f} = {failed_cost:,.0f} (GBP). The larger: **({answer})**."
    )
    return Solution(answer, working, f)


c = Exercise(
    "3.2 (c)",
    "The cost of failure has two parts. Over the two years, **which part costs the public purse more** because of "
    "the cut? (The monthly table counts the extra failed cases and bed-days; the unit costs are in "
    "`lesson.UNIT_COSTS`.)",
    Choice(
        {
            "a": "the extra failed cases (crisis care, readmission, re-referral)",
            "b": "the extra days hospital-discharge clients wait in a hospital bed for their assessment",
            "c": f"they cost about the same (within {SAME:.0%} of each other)",
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            "the other part",
            lambda s: "a" if s.answer != "a" else "b",
            "The {failed:.0f} extra failed cases cost {failed_cost:,.0f} GBP; the {beds:,.0f} extra bed-days cost "
            "{bed_cost:,.0f} GBP.",
            "Multiply each count by its unit cost and compare.",
        ),
        Mistake(
            "about the same",
            lambda s: "c" if s.answer != "c" else "a",
            "One part costs about {ratio:.0f} times the other: the failed cases {failed_cost:,.0f} GBP, the bed-days "
            "{bed_cost:,.0f} GBP.",
            "Multiply each count by its unit cost: one part is several times the other.",
        ),
    ],
    hint="Multiply each count (the 'extra failed cases' and 'extra bed-days' columns, summed) by its unit cost "
    "(`lesson.UNIT_COSTS`) and compare.",
)


def _solve_d() -> Solution:
    low = story(failure_cost=FAILURE_COST.low, bed_day_cost=BED_DAY_COST.low)
    high = story(failure_cost=FAILURE_COST.high, bed_day_cost=BED_DAY_COST.high)
    f = _facts(low)
    credit = f["wages"] + f["hiring"] - f["failed"] * FAILURE_COST.low
    if credit <= 0:
        raise ValueError("exercise 3.2 (d) assumes the cut saves more than its failed cases cost at the low end")
    f |= {
        "central": story().total_net_saving,
        "high": high.total_net_saving,
        "break_even": credit / f["beds"],
        "failure_low": FAILURE_COST.low,
        "failure_high": FAILURE_COST.high,
        "bed_low": BED_DAY_COST.low,
        "bed_high": BED_DAY_COST.high,
    }
    f["because"] = (
        f"Even at the lowest published costs the cut loses {-f['net']:,.0f} GBP over two years; at the highest "
        f"{-f['high']:,.0f}. It would pay only if a day in a hospital bed cost less than {f['break_even']:,.2f} GBP "
        f"(with a failed case at {f['failure_low']:,.0f}): the verdict holds across the whole range."
    )
    working = (
        f"`lesson.story(failure_cost={f['failure_low']:g}, bed_day_cost={f['bed_low']:g})`: wages saved "
        f"{f['wages']:,.0f} + hiring {f['hiring']:,.0f} − cost of failure {f['failure']:,.0f} = **{f['net']:,.0f} "
        f"GBP** (central costs {f['central']:,.0f}; high ends {f['high']:,.0f}). Break-even bed-day cost at the "
        f"low failure cost: ({f['wages']:,.0f} + {f['hiring']:,.0f} − {f['failed']:.1f} × {f['failure_low']:g}) "
        f"÷ {f['beds']:,.1f} bed-days = {f['break_even']:,.2f} GBP."
    )
    return Solution(f["net"], working, f)


d = Exercise(
    "3.2 (d)",
    "Both unit costs are published estimates with a plausible range: a failed case {failure_low:,.0f}–"
    "{failure_high:,.0f} GBP, a bed-day {bed_low:,.0f}–{bed_high:,.0f} GBP (`lesson.UNIT_COSTS`). Set both sliders "
    "to the **low** ends — the case most favourable to the cut. **What is the net saving over the two years, in "
    "GBP?**",
    Number("GBP", rel=0.03, digits=0),
    _solve_d,
    mistakes=[
        Mistake(
            "central costs",
            lambda s: s.facts["central"],
            "{central:,.0f} GBP is the net saving at the central costs; move both sliders to their low ends.",
            "Use `lesson.story(failure_cost={failure_low:g}, bed_day_cost={bed_low:g})`.",
        ),
        Mistake(
            "high ends",
            lambda s: s.facts["high"],
            "{high:,.0f} GBP is at the high ends of the ranges — the case least favourable to the cut.",
            "Move both sliders to the left, not the right.",
        ),
        Mistake(
            "sign flipped",
            lambda s: -s.facts["net"],
            "Right size, wrong sign: even at the lowest costs the cut loses money.",
            "A net saving below zero is a loss; give it as a negative number.",
        ),
    ],
    hint="Set both unit-cost sliders to their lowest values and read the title, or the last 'cumulative net saving'.",
)

EXERCISES = (a, b, c, d)
REFLECTION = (
    "The candidate's council 'then looked for where money was really lost' and worked with partners instead. The "
    "cut saved the council's wage bill; whose budget pays for a failed case or a day in a hospital bed — the "
    "council's, the NHS's, the family's? If your manager proposed a cut, which three figures from this lesson "
    "would you put in front of them, and which assumption would you ask them to check?"
)
