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

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.2", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/`` (its own
catalogue files ``course_q3_02_03.po``); the monthly table and the unit costs come in a language with
``monthly(result, language)`` and ``unit_costs(language)``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..assumptions import load_assumptions
from ..engines.dynamics import StaffCutStory, default_story_scenario, staff_cut_story
from ..i18n import DEFAULT, check_language, ntr
from ..i18n.numbers import UNITS
from ..model.units import SECONDS_PER
from .answers import Choice, Number
from .controls import Slider
from .council import ASSESSMENT, council
from .exercise import Exercise, Mistake, Solution
from .language import SOCIAL_WORKERS_COUNTED, Count, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate
from .sources import cite, claim

QUESTION = "3.2"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Working within financial and resource constraints")
SOURCE = cite("002", QUESTION)
WEEKS = 104
EXTRA_FAILED = ntr("{n} extra failed case", "{n} extra failed cases")
MORE_FAILED = ntr("{n} more failed case", "{n} more failed cases")
EXTRA_BED_DAYS = ntr("{n} extra bed-day", "{n} extra bed-days")
MORE_BED_DAYS = ntr("{n} more day in a hospital bed", "{n} more days in a hospital bed")
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
    "cut_share": Slider(0.05, 0.30, 0.025, tr("Cut in social workers"), percent=True),
    "failure_cost": Slider(FAILURE_COST.low, FAILURE_COST.high, 1.0, tr("Cost of a failed case"), "GBP"),
    "bed_day_cost": Slider(BED_DAY_COST.low, BED_DAY_COST.high, 1.0, tr("Cost of a day in a hospital bed"), "GBP"),
}
"""The experiment's levers, labelled in words with their units: the unit costs move within their plausible
ranges (``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def evidence(row_name: str) -> str:
    """One unit cost as a learner should read it: value, meaning, kind of evidence, source and range."""
    row = _table[row_name]
    return f"{claim(row_name)} Plausible range: {row.low:,g}–{row.high:,g} {row.unit}."


UNIT_COSTS = (evidence(FAILURE_COST.name), evidence(BED_DAY_COST.name))
"""The two unit costs of the cost of failure, labelled with their kind of evidence."""
_UNIT_COSTS_SAID = (
    tr(
        "A failed case costs the public purse {value:,.0f} GBP: crisis care, readmission or re-referral (published "
        "estimate: NHS reference costs 2012-13, one crisis admission; counting a failed case as one admission is a "
        "modelling choice). Plausible range: {low:,.0f}–{high:,.0f} GBP."
    ),
    tr(
        "A day a client leaving hospital waits in a hospital bed for the service costs {value:,.0f} GBP: the cost of "
        "a bed others cannot use, not cash the NHS gets back (published estimate: King's Fund 2023 for the central "
        "value, National Audit Office 2016 for the low end). Plausible range: {low:,.0f}–{high:,.0f} GBP."
    ),
)
"""The unit costs as :func:`unit_costs` says them in Arabic and Persian (value, meaning, evidence, range)."""


def unit_costs(language: str = DEFAULT) -> tuple[str, ...]:
    """:data:`UNIT_COSTS` in ``language``: the English evidence in full, or its summary translated."""
    if check_language(language) == DEFAULT:
        return UNIT_COSTS
    rows = (FAILURE_COST, BED_DAY_COST)
    return tuple(
        fill(text, {"value": r.value, "low": r.low, "high": r.high}, language)
        for text, r in zip(_UNIT_COSTS_SAID, rows, strict=True)
    )


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


COLUMNS = (
    tr("contract wages saved"),
    tr("extra overtime paid"),
    tr("wages saved"),
    tr("hiring saved"),
    tr("cost of failure"),
    tr("net saving"),
    tr("cumulative net saving"),
    tr("social workers after cut"),
    tr("backlog without cut (cases)"),
    tr("backlog with cut (cases)"),
    tr("time to clear the backlog with cut (days)"),
    tr("extra failed cases"),
    tr("extra bed-days"),
)
"""The monthly table's columns (marked English; :func:`monthly` names them in a language)."""


def monthly(result: StaffCutStory, language: str = DEFAULT) -> pd.DataFrame:
    """The story month by month: money (GBP) and extra failed cases and bed-days in the month (cut
    against no cut), and the assessment team's state at the month's end: its backlog and the time to clear
    it (the backlog ÷ the assessments completed that week, Oliva & Sterman's delivery delay; :func:`clearing_note`
    says why it is not the mean wait of lessons 3.1, 3.3 and 3.5). Months are 4 or 5 whole weeks (52/12 on
    average). Columns and the index are named in ``language``."""
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
    table.columns = [say(name, language) for name in COLUMNS]
    if language != DEFAULT:
        table.index.name = say(tr("month"), language)
    return table


def experiment(
    cut_share: float = DEFAULT_CUT_SHARE,
    failure_cost: float = FAILURE_COST.value,
    bed_day_cost: float = BED_DAY_COST.value,
):
    """Cumulative net saving and wages saved month by month, and the backlog and wait behind them."""
    return _figure(cut_share, failure_cost, bed_day_cost, DEFAULT)


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(
    cut_share: float = DEFAULT_CUT_SHARE,
    failure_cost: float = FAILURE_COST.value,
    bed_day_cost: float = BED_DAY_COST.value,
    language: str = DEFAULT,
):
    """The experiment's figure, named and numbered in ``language``."""
    result = story(cut_share, failure_cost, bed_day_cost)
    table = monthly(result)
    cumulative = table["cumulative net saving"]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            say(tr("Cumulative net saving and wages saved (GBP)"), language),
            say(tr("Assessment backlog (cases) and time to clear it (days)"), language),
        ),
        specs=[[{}, {"secondary_y": True}]],
    )
    colours = np.where(cumulative >= 0, "#54a24b", "#e45756")
    name = say(tr("cumulative net saving"), language)
    fig.add_trace(go.Bar(x=table.index, y=cumulative, name=name, marker_color=colours), 1, 1)
    wages = table["wages saved"].cumsum()
    name = say(tr("cumulative wages saved"), language)
    fig.add_trace(go.Scatter(x=table.index, y=wages, name=name, line=dict(color="#54a24b")), 1, 1)
    backlogs = (
        (tr("backlog without cut"), "without", "#4c78a8", "dot"),
        (tr("backlog with cut"), "with", "#e45756", None),
    )
    for label, column, colour, dash in backlogs:
        y = table[f"backlog {column} cut (cases)"]
        line = dict(color=colour, dash=dash)
        fig.add_trace(go.Scatter(x=table.index, y=y, name=say(label, language), line=line), 1, 2)
    clearing = table["time to clear the backlog with cut (days)"]
    line = dict(color="#f58518")
    name = say(tr("time to clear with cut (days)"), language)
    fig.add_trace(go.Scatter(x=table.index, y=clearing, name=name, line=line), 1, 2, secondary_y=True)
    title = tr(
        "Cutting {cut:.3g} of {social_workers}, over {span}: wages saved {wages:,.0f} GBP, net "
        "saving {net:,.0f} GBP<br><sup>a failed case {failure_cost:,.0f} GBP, a bed-day {bed_day_cost:,.0f} GBP "
        "(published estimates)</sup>"
    )
    values = {
        "cut": result.cut_staff,
        "staff": _staff(),
        "social_workers": Count(SOCIAL_WORKERS_COUNTED, _staff(), ".3g"),
        "span": Count(UNITS["weeks"], WEEKS),
        "wages": wages.iloc[-1],
        "net": result.total_net_saving,
        "failure_cost": failure_cost,
        "bed_day_cost": bed_day_cost,
    }
    fig.update_layout(
        title=fill(title, values, language),
        height=470,
        legend=dict(orientation="h", y=-0.25),
        margin=dict(t=100, l=80, r=80),
    )
    _axes(fig, language)
    return fig


def _axes(fig: go.Figure, language: str) -> None:
    """The experiment's axis titles and ticks, in ``language``."""
    fig.update_xaxes(title_text=say(tr("month after the start"), language), dtick=3)
    fig.update_yaxes(title_text=say(tr("cumulative amount (GBP)"), language), tickformat=",.0f", row=1, col=1)
    backlog = say(tr("backlog (cases)"), language)
    fig.update_yaxes(title_text=backlog, tickformat=",.0f", rangemode="tozero", row=1, col=2)
    fig.update_yaxes(  # its own round ticks, not the backlog's grid lines carried over (which read 0.157, 0.314 …)
        title_text=say(tr("time to clear the backlog (days)"), language),
        tickmode="auto",
        nticks=6,
        tickformat=",.1f",
        ticksuffix=" " + say(tr("d"), language),
        rangemode="tozero",
        showgrid=False,
        secondary_y=True,
        row=1,
        col=2,
    )


CLEARING_NOTE = tr(
    "The right panel's time to clear the backlog is the backlog divided by the assessments the team completes in a "
    "week: how long the team would take to clear what is waiting, at its current pace. Before the cut it is {start}: "
    "the model starts the team in balance with its target of assessing within {target} (a modelling choice), the "
    "slack of today's staff going into each case rather than into a shorter queue. It is not the mean wait for an "
    "assessment of lessons 3.1, 3.3 and 3.5 ({wait:.1f} h for the same team and week: the queueing model's wait "
    "before a social worker starts). Read what the cut changes, not the level."
)
"""What the experiment's right panel measures, and why it does not read as lessons 3.1, 3.3 and 3.5's mean wait."""


def clearing_note(language: str = DEFAULT) -> str:
    """:data:`CLEARING_NOTE` in ``language``, its figures from the model: the time to clear the assessment backlog
    before the cut (days), the assessment team's target and the queueing model's mean wait for the same team."""
    weekly = story().weekly
    scenario = council()
    target = scenario.target_for(ASSESSMENT).answer_within
    values = {
        "start": Count(UNITS["days"], float(weekly["baseline_delivery_delay"].iloc[0]) * DAYS_PER_WEEK, ".1f"),
        "target": Count(UNITS["days"], target / SECONDS_PER["d"], "g"),
        "wait": evaluate(scenario).value("asa", ASSESSMENT) / 3600,
    }
    return fill(CLEARING_NOTE, values, language)


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
        "failed_cases": Count(EXTRA_FAILED, float(w["bad_experiences"].sum())),
        "more_failed": Count(MORE_FAILED, float(w["bad_experiences"].sum())),
        "bed_days": Count(EXTRA_BED_DAYS, float(w["bed_days"].sum()), ",.0f"),
        "more_bed_days": Count(MORE_BED_DAYS, float(w["bed_days"].sum()), ",.0f"),
        "cut": result.cut_staff,
        "staff": _staff(),
        "cut_week": CUT_WEEK,
        "cut_month": month_of(CUT_WEEK),
        "span": Count(UNITS["weeks"], WEEKS),
    }


def _solve_a() -> Solution:
    f = _facts(story())
    f["because"] = tr(
        "Without the {cut:.0f} social workers the council pays {contract:,.0f} GBP less in contract "
        "wages, but the referrals still arrive: those who remain work overtime at a premium, which costs "
        "{overtime:,.0f} GBP. The wage bill falls by only {wages:,.0f} GBP."
    )
    working = tr(
        "Sum over {span} of the 'wages saved' column (wages and overtime, without the cut − with it): "
        "contract wages saved {contract:,.0f} − extra overtime {overtime:,.0f} = **{wages:,.0f} GBP**."
    )
    return Solution.worked(f["wages"], Text(working), f)


a = Exercise(
    "3.2 (a)",
    tr(
        "The council cuts {cut:.0f} of its {staff:.0f} social workers in week {cut_week} (month {cut_month}) and does "
        "not replace them. Over the two years ({span}), **by how much does its wage bill — wages and overtime "
        "— fall, in GBP?** Use `lesson.monthly(lesson.story())` to see the table."
    ),
    Number("GBP", rel=0.03, digits=0),
    _solve_a,
    mistakes=[
        Mistake(
            tr("contract wages only"),
            lambda s: s.facts["contract"],
            tr(
                "{contract:,.0f} GBP is the contract wages of the social workers cut — the figure a budget report "
                "shows. The referrals did not fall with the staff: those who remain work overtime."
            ),
            tr("Subtract the 'extra overtime paid' column (or add up the 'wages saved' column)."),
        ),
        Mistake(
            tr("overtime only"),
            lambda s: s.facts["overtime"],
            tr("{overtime:,.0f} GBP is what the extra overtime costs; the question asks how much the wage bill falls."),
            tr("Contract wages saved minus the extra overtime paid."),
        ),
    ],
    hint=tr("Add up the 'wages saved' column of the monthly table."),
)


def _solve_b() -> Solution:
    f = _facts(story())
    f["failed_cost"] = f["failed"] * FAILURE_COST.value
    f["no_beds"] = f["wages"] + f["hiring"] - f["failed_cost"]
    f["because"] = tr(
        "Over {span} the cut saves {wages:,.0f} GBP in wages and {hiring:,.0f} in hiring, but "
        "the cost of failure rises by {failure:,.0f} GBP ({more_failed}, {more_bed_days}): a net {net:,.0f} GBP."
    )
    working = tr(
        "Sum over {span}: wages saved {wages:,.0f} + hiring saved {hiring:,.0f} − cost of failure "
        "{failure:,.0f} = **{net:,.0f} GBP** (a loss to the public purse)."
    )
    return Solution.worked(f["net"], Text(working), f)


b = Exercise(
    "3.2 (b)",
    tr(
        "Over the two years, what is the cut's **total net saving in GBP** to the public purse: wages and hiring "
        "saved minus the cost of failure (failed cases and days clients wait in a hospital bed)? (A loss is a "
        "negative number.)"
    ),
    Number("GBP", rel=0.03, digits=0),
    _solve_b,
    mistakes=[
        Mistake(
            tr("wages only"),
            lambda s: s.facts["wages"],
            tr("{wages:,.0f} GBP is only the wages saved — the figure the council's own budget shows."),
            tr("Subtract the 'cost of failure' column and add the hiring saved."),
        ),
        Mistake(
            tr("bed-days left out"),
            lambda s: s.facts["no_beds"],
            tr(
                "That counts the failed cases ({failed_cost:,.0f} GBP) but not the {beds:,.0f} extra days "
                "hospital-discharge clients wait in a bed."
            ),
            tr("The 'cost of failure' column already holds both: failed cases and bed-days."),
        ),
        Mistake(
            tr("sign flipped"),
            lambda s: -s.facts["net"],
            tr("Right size, wrong sign: the cut *costs* the public purse money overall."),
            tr("A net saving below zero is a loss; give it as a negative number."),
        ),
    ],
    hint=tr("Add up the 'net saving' column of the monthly table (or read its last 'cumulative net saving')."),
)


SAME = 0.10
"""Exercise (c): the two parts of the cost of failure are "about the same" within this share of the larger
(the third option says so in words, marked for translation: keep the two in step)."""


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
    if answer == "b":
        f["because"] = tr(
            "Over two years: {bed_days} × {bed:,.0f} GBP = {bed_cost:,.0f} GBP; {failed_cases} × "
            "{unit:,.0f} GBP = {failed_cost:,.0f} GBP. The bed-days cost about {ratio:.0f} times as "
            "much: clients leaving hospital wait longer for their assessment, in a bed, and that cost falls on the "
            "NHS, not on the council."
        )
    else:
        f["because"] = tr(
            "Over two years: {bed_days} × {bed:,.0f} GBP = {bed_cost:,.0f} GBP; {failed_cases} × "
            "{unit:,.0f} GBP = {failed_cost:,.0f} GBP. The larger part costs {ratio:.1f} times the "
            "smaller."
        )
    working = tr(
        "From the story's two-year totals: bed-days {beds:,.1f} × {bed:,.0f} = {bed_cost:,.0f}; failed cases "
        "{failed:.1f} × {unit:,.0f} = {failed_cost:,.0f} (GBP). The larger: **({answer})**."
    )
    return Solution.worked(answer, Text(working, {"answer": answer}), f)


c = Exercise(
    "3.2 (c)",
    tr(
        "The cost of failure has two parts. Over the two years, **which part costs the public purse more** because "
        "of the cut? (The monthly table counts the extra failed cases and bed-days; the unit costs are in "
        "`lesson.UNIT_COSTS`.)"
    ),
    Choice(
        {
            "a": tr("the extra failed cases (crisis care, readmission, re-referral)"),
            "b": tr("the extra days hospital-discharge clients wait in a hospital bed for their assessment"),
            "c": tr("they cost about the same (within 10% of each other)"),  # SAME
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            tr("the other part"),
            lambda s: "a" if s.answer != "a" else "b",
            tr(
                "The {failed:.0f} extra failed cases cost {failed_cost:,.0f} GBP; the {beds:,.0f} extra bed-days "
                "cost {bed_cost:,.0f} GBP."
            ),
            tr("Multiply each count by its unit cost and compare."),
        ),
        Mistake(
            tr("about the same"),
            lambda s: "c" if s.answer != "c" else "a",
            tr(
                "One part costs about {ratio:.0f} times the other: the failed cases {failed_cost:,.0f} GBP, the "
                "bed-days {bed_cost:,.0f} GBP."
            ),
            tr("Multiply each count by its unit cost: one part is several times the other."),
        ),
    ],
    hint=tr(
        "Multiply each count (the 'extra failed cases' and 'extra bed-days' columns, summed) by its unit cost "
        "(`lesson.UNIT_COSTS`) and compare."
    ),
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
        "loss": -f["net"],
        "loss_high": -high.total_net_saving,
    }
    f["because"] = tr(
        "Even at the lowest published costs the cut loses {loss:,.0f} GBP over two years; at the highest "
        "{loss_high:,.0f}. It would pay only if a day in a hospital bed cost less than {break_even:,.2f} GBP "
        "(with a failed case at {failure_low:,.0f}): the verdict holds across the whole range."
    )
    call = f"`lesson.story(failure_cost={f['failure_low']:g}, bed_day_cost={f['bed_low']:g})`"  # Python, as typed
    working = tr(
        "{call}: wages saved {wages:,.0f} + hiring {hiring:,.0f} − cost of failure {failure:,.0f} = **{net:,.0f} "
        "GBP** (central costs {central:,.0f}; high ends {high:,.0f}). Break-even bed-day cost at the low failure "
        "cost: ({wages:,.0f} + {hiring:,.0f} − {failed:.1f} × {failure_low:g}) ÷ {beds:,.1f} bed-days = "
        "{break_even:,.2f} GBP."
    )
    return Solution.worked(f["net"], Text(working, {"call": call}), f)


d = Exercise(
    "3.2 (d)",
    tr(
        "Both unit costs are published estimates with a plausible range: a failed case {failure_low:,.0f}–"
        "{failure_high:,.0f} GBP, a bed-day {bed_low:,.0f}–{bed_high:,.0f} GBP (`lesson.UNIT_COSTS`). Set both "
        "sliders to the **low** ends — the case most favourable to the cut. **What is the net saving over the two "
        "years, in GBP?**"
    ),
    Number("GBP", rel=0.03, digits=0),
    _solve_d,
    mistakes=[
        Mistake(
            tr("central costs"),
            lambda s: s.facts["central"],
            tr("{central:,.0f} GBP is the net saving at the central costs; move both sliders to their low ends."),
            tr("Use `lesson.story(failure_cost={failure_low:g}, bed_day_cost={bed_low:g})`."),
        ),
        Mistake(
            tr("high ends"),
            lambda s: s.facts["high"],
            tr("{high:,.0f} GBP is at the high ends of the ranges — the case least favourable to the cut."),
            tr("Move both sliders to the left, not the right."),
        ),
        Mistake(
            tr("sign flipped"),
            lambda s: -s.facts["net"],
            tr("Right size, wrong sign: even at the lowest costs the cut loses money."),
            tr("A net saving below zero is a loss; give it as a negative number."),
        ),
    ],
    hint=tr(
        "Set both unit-cost sliders to their lowest values and read the title, or the last 'cumulative net saving'."
    ),
)

EXERCISES = (a, b, c, d)
REFLECTION = tr(
    "The candidate's council 'then looked for where money was really lost' and worked with partners instead. The "
    "cut saved the council's wage bill; whose budget pays for a failed case or a day in a hospital bed — the "
    "council's, the NHS's, the family's? If your manager proposed a cut, which three figures from this lesson "
    "would you put in front of them, and which assumption would you ask them to check?"
)
