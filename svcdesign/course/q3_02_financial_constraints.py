"""3.2 Working within financial and resource constraints (source document 002, question 3.2).

"The organisation first cut staff numbers and salaries to save money; this proved fatal to
social-work practice because there were not enough staff to handle the referrals arriving every week
and month." The dynamics engine tells that story (:func:`svcdesign.engines.dynamics.staff_cut_story`,
after Oliva & Sterman 2001): a cut saves wages at once, then the backlog grows, social workers cut
corners and burn out, the standard of work erodes, cases fail — and the cumulative saving turns
into a loss. The lesson reads it month by month.
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
from .answers import Choice, Number, Whole
from .exercise import Exercise, Mistake, Solution
from .sources import cite, claim

QUESTION = "3.2"
TITLE = "Working within financial and resource constraints"
SOURCE = cite("002", QUESTION)
WEEKS = 104
"""Horizon of the lesson's runs: two years, in weeks."""
WEEKS_PER_MONTH = 52 / 12
_table = load_assumptions()
DEFAULT_CUT_SHARE = _table.value("dynamics.story.cut_share")
DEFAULT_CLIENT_VALUE = _table.value("dynamics.story.client_annual_value")
CUT_WEEK = int(_table.value("dynamics.story.cut_week"))
CLAIMS = (claim("loyalty.claim_churn_one_bad"), claim("loyalty.claim_churn_several_bad"))
"""The source-document churn figures (practitioner claims) the lesson's switch uses instead of PwC (2018)."""


def month_of(week: int) -> int:
    """Month (1 = the first 52/12 weeks of the run) containing a 0-based week."""
    return int(np.floor(week / WEEKS_PER_MONTH)) + 1


@lru_cache(maxsize=64)
def story(
    cut_share: float = DEFAULT_CUT_SHARE, client_value: float = DEFAULT_CLIENT_VALUE, practitioner_claims: bool = False
) -> StaffCutStory:
    """The staff-cut story: ``cut_share`` of the assessment team cut in week ``CUT_WEEK`` and held
    down; a failed case costs ``client_value`` a year; churn from the published estimate (PwC 2018)
    or, with ``practitioner_claims``, from source document 003's claims."""
    scenario = default_story_scenario()
    overrides: dict[str, Any] = {f"segments.{g.name}.annual_value": float(client_value) for g in scenario.segments}
    if practitioner_claims:
        overrides["assumptions"] = {**scenario.assumptions, "loyalty.churn_basis": 1}
    scenario = scenario.with_overrides(overrides)
    staff = _staff()
    return staff_cut_story(scenario, cut=float(cut_share) * staff, weeks=WEEKS)


@lru_cache(maxsize=1)
def _staff() -> float:
    """Full-time staff of the assessment team before the cut (from the dynamics engine's run)."""
    return float(staff_cut_story(weeks=CUT_WEEK + 1).weekly["baseline_staff"].iloc[0])


def monthly(result: StaffCutStory) -> pd.DataFrame:
    """The story month by month: money (GBP) and clients lost in the month (cut against no cut), and the
    assessment team's state at the month's end. Months are 4 or 5 whole weeks (52/12 on average)."""
    w = result.weekly.copy()
    w["month"] = [month_of(week) for week in w.index]
    money = w.groupby("month")[["wage_saving", "hiring_saving", "revenue_lost", "net_saving"]].sum()
    money["cumulative_net_saving"] = money["net_saving"].cumsum()
    state = w.groupby("month")[["cut_staff", "baseline_backlog", "cut_backlog", "cut_quality"]].last()
    table = money.join(state).join(w.groupby("month")[["customers_lost"]].sum())
    table.columns = [
        "wages saved",
        "hiring saved",
        "value of failed cases",
        "net saving",
        "cumulative net saving",
        "staff after cut",
        "backlog without cut (cases)",
        "backlog with cut (cases)",
        "quality with cut (1 = as before)",
        "extra clients lost that month",
    ]
    return table


def experiment(
    cut_share: float = DEFAULT_CUT_SHARE, client_value: float = DEFAULT_CLIENT_VALUE, practitioner_claims: bool = False
):
    """Cumulative net saving month by month, and the backlog and quality behind it."""
    result = story(cut_share, client_value, practitioner_claims)
    table = monthly(result)
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Cumulative net saving (GBP)", "Assessment backlog (cases) and quality"),
        specs=[[{}, {"secondary_y": True}]],
    )
    fig.add_trace(
        go.Bar(
            x=table.index,
            y=table["cumulative net saving"],
            name="cumulative net saving",
            marker_color=np.where(table["cumulative net saving"] >= 0, "#54a24b", "#e45756"),
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=table.index,
            y=table["backlog without cut (cases)"],
            name="backlog without cut",
            line=dict(color="#4c78a8", dash="dot"),
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=table.index, y=table["backlog with cut (cases)"], name="backlog with cut", line=dict(color="#e45756")
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=table.index,
            y=table["quality with cut (1 = as before)"],
            name="quality with cut",
            line=dict(color="#f58518"),
        ),
        1,
        2,
        secondary_y=True,
    )
    turn = result.turns_negative_week
    when = f"turns negative in month {month_of(turn)}" if turn is not None else f"never turns negative in {WEEKS} weeks"
    fig.update_layout(
        title=f"Cutting {result.cut_staff:.1f} of {_staff():.1f} social workers: the saving {when}",
        height=430,
        legend=dict(orientation="h", y=-0.25),
        margin=dict(t=80),
    )
    fig.update_xaxes(title_text="month")
    fig.update_yaxes(title_text="quality (1 = as before)", secondary_y=True, row=1, col=2)
    return fig


# --------------------------------------------------------------------------------- exercises
def _facts(result: StaffCutStory) -> dict:
    w = result.weekly
    turn = result.turns_negative_week
    return {
        "week": turn,
        "month": month_of(turn) if turn is not None else None,
        "month_from_cut": month_of(turn - CUT_WEEK) if turn is not None else None,
        "wages": float(w["wage_saving"].sum()),
        "hiring": float(w["hiring_saving"].sum()),
        "lost": float(w["revenue_lost"].sum()),
        "net": result.total_net_saving,
        "cut": result.cut_staff,
        "staff": _staff(),
        "cut_month": month_of(CUT_WEEK),
        "weeks": WEEKS,
        "clients": float(w["customers_lost"].sum()),
    }


def _solve_a() -> Solution:
    f = _facts(story())
    f["because"] = (
        f"The cut ({f['cut']:.1f} social workers, in month {f['cut_month']}) saves wages from the start, but "
        f"the growing backlog and failing cases cost more every month: the cumulative saving is below zero "
        f"from week {f['week']}, month {f['month']}."
    )
    working = (
        f"`staff_cut_story` with the defaults: the cumulative net saving (wages + hiring saved − value of failed "
        f"cases) first falls below zero in week {f['week']} (0-based), i.e. month "
        f"floor({f['week']} × 12/52) + 1 = **{f['month']}**."
    )
    return Solution(f["month"], working, f)


a = Exercise(
    "3.2 (a)",
    "The council cuts {cut:.1f} of its {staff:.1f} social workers in month {cut_month} and does not replace them. "
    "Counting months from the start of the run (month 1 = the first 52/12 weeks), **in which month does the "
    "cumulative net saving turn negative?**",
    Whole("month"),
    _solve_a,
    mistakes=[
        Mistake(
            "weeks, not months",
            lambda s: s.facts["week"],
            "That is the week (week {week}); the question asks for the month.",
            "A month is 52/12 ≈ 4.33 weeks; the figure's x-axis is already in months.",
        ),
        Mistake(
            "counted from the cut",
            lambda s: s.facts["month_from_cut"],
            "You seem to have counted from the cut; count from the start of the run (the cut is in month {cut_month}).",
            "Read the month on the x-axis where the bars turn red.",
        ),
    ],
    hint="Run the experiment with its default settings and find the first red bar.",
)


def _solve_b() -> Solution:
    f = _facts(story())
    f["because"] = (
        f"Over {WEEKS} weeks the cut saves {f['wages']:,.0f} GBP in wages and {f['hiring']:,.0f} in hiring, "
        f"but failed cases cost {f['lost']:,.0f}: a net {f['net']:,.0f} GBP."
    )
    working = (
        f"Sum over {WEEKS} weeks: wages saved {f['wages']:,.0f} + hiring saved {f['hiring']:,.0f} − value of failed "
        f"cases {f['lost']:,.0f} = **{f['net']:,.0f} GBP** (a loss; {f['clients']:.0f} more clients' cases failed)."
    )
    return Solution(f["net"], working, f)


b = Exercise(
    "3.2 (b)",
    "Over the two years ({weeks} weeks), what is the cut's **total net saving in GBP**: wages and hiring saved minus "
    "the value of failed cases? (A loss is a negative number.) Use `lesson.monthly(lesson.story())` to see the table.",
    Number("GBP", rel=0.03, digits=0),
    _solve_b,
    mistakes=[
        Mistake(
            "wages only",
            lambda s: s.facts["wages"],
            "{wages:,.0f} GBP is only the wages saved — the figure a budget report would show.",
            "Subtract what the failed cases cost (the 'value of failed cases' column) and add the hiring saved.",
        ),
        Mistake(
            "sign flipped",
            lambda s: -s.facts["net"],
            "Right size, wrong sign: the cut *loses* money overall.",
            "A net saving below zero is a loss; give it as a negative number.",
        ),
    ],
    hint="Add up the 'net saving' column of the monthly table (or read its last 'cumulative net saving').",
)


def _solve_c() -> Solution:
    free = story(client_value=0.0)
    base = story()
    base_week, free_week = base.turns_negative_week, free.turns_negative_week
    if base_week is None:
        raise ValueError("exercise 3.2 (c) assumes the default staff cut's saving turns negative; it does not")
    never = free_week is None
    answer = "c" if free_week is None else ("a" if free_week < base_week else "b")
    f: dict[str, Any] = {"net_free": free.total_net_saving, "month": month_of(base_week), "weeks": WEEKS}
    f["because"] = (
        f"If failed cases cost the council nothing, the cut only saves money (+{free.total_net_saving:,.0f} GBP "
        "over two years): its real cost lands on clients, families and partners (health, housing) — "
        "outside the budget that made the cut."
    )
    working = (
        f"Set the client value to 0: the cumulative saving never turns negative within {WEEKS} weeks "
        f"(it ends at {free.total_net_saving:,.0f} GBP). Answer **({answer})**."
        if never
        else (
            f"With a client value of 0 the saving turns negative in week {free.turns_negative_week}. "
            f"Answer **({answer})**."
        )
    )
    return Solution(answer, working, f)


c = Exercise(
    "3.2 (c)",
    "Suppose the council counts a failed case as costing it nothing (client value 0). With the default cut, what "
    "happens to the month in which the saving turns negative (month {month} today)?",
    Choice({"a": "it comes earlier", "b": "it comes later", "c": "it never turns negative within two years"}),
    _solve_c,
    mistakes=[
        Mistake(
            "later",
            lambda s: "b",
            "Not just later: with failed cases valued at nothing the saving never turns negative — the cut "
            "looks like pure profit ({net_free:,.0f} GBP).",
            "Set the client value slider to 0 and look at the bars.",
        )
    ],
    hint="Set the client value slider to 0.",
)


def _solve_d() -> Solution:
    claims, base = story(practitioner_claims=True), story()
    lost_claims, lost = float(claims.weekly["customers_lost"].sum()), float(base.weekly["customers_lost"].sum())
    f = {
        "lost_claims": lost_claims,
        "lost": lost,
        "claim": CLAIMS[0],
        "weeks": WEEKS,
        "month": month_of(claims.turns_negative_week) if claims.turns_negative_week is not None else None,
        "net_claims": claims.total_net_saving,
        "net": base.total_net_saving,
    }
    f["because"] = (
        f"With the practitioner claims {lost_claims:.0f} more clients' cases fail over two years than without "
        f"the cut, against {lost:.0f} with the published figures; the net saving is {claims.total_net_saving:,.0f} "
        f"GBP instead of {base.total_net_saving:,.0f}. The answer depends on which figure you trust — which "
        "is why the course labels claims."
    )
    working = (
        f"Tick `practitioner_claims`: churn follows source document 003 (50% after one bad experience, 80% after "
        f"three) instead of PwC (2018: 17% and 59%). Sum of the weekly `customers_lost` over {WEEKS} weeks: "
        f"**{lost_claims:.1f}** (published figures: {lost:.1f})."
    )
    return Solution(lost_claims, working, f)


d = Exercise(
    "3.2 (d)",
    "The model's default churn figures come from a survey (PwC 2018: 17% leave after one bad experience). Source "
    "document 003 claims far more: {claim}. Switch `practitioner_claims` on: **how many more clients' cases fail over "
    "the two years because of the cut?** Sum the 'extra clients lost that month' column of "
    "`lesson.monthly(lesson.story(practitioner_claims=True))`.",
    Number("clients", rel=0.03, digits=0),
    _solve_d,
    mistakes=[
        Mistake(
            "published figures",
            lambda s: s.facts["lost"],
            "That is with the published figures (the switch off).",
            "Use `lesson.story(practitioner_claims=True)`.",
        )
    ],
    hint="Sum the 'extra clients lost that month' column of the monthly table with practitioner_claims=True.",
)

EXERCISES = (a, b, c, d)
REFLECTION = (
    "The candidate's council 'then looked for where money was really lost' and worked with partners instead. Whose "
    "budget pays for a failed case — the council's, the NHS's, the family's? If your manager proposed a cut, which "
    "three figures from this lesson would you put in front of them, and which assumption would you ask them to check?"
)
