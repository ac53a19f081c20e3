"""3.3 The service chain (source document 002, question 3.3).

The candidate's chain runs "from the organisation to managers, social workers, clients and their
families". A referral passes the front door, a social worker's assessment, care provision or a
partner organisation; "when quality drops or slows, the organisation is held accountable", and
early intervention (home care, respite, extra-care housing, assistive technology) avoids crises.
The lesson follows the referral through the chain (``svcdesign.present.sankey``) and asks who feels a
change made at one link. Staff changes are counted in people: full-time equivalents of contract hours,
spread over the team's roster (:mod:`.staffing`).

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.3", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/`` (its own
catalogue files ``course_q3_02_03.po``); :func:`who_feels_it` names its table in a language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..explore import chain_flows
from ..i18n import DEFAULT, ntr
from ..i18n.numbers import UNITS, number
from ..present import sankey
from .answers import Choice, Number
from .controls import Slider
from .council import ASSESSMENT, CARE, FRONT_DOOR, PHONE, council
from .exercise import Exercise, Mistake, Solution
from .language import PAID_HOURS, SOCIAL_WORKERS_COUNTED, Count, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate
from .sources import cite
from .staffing import describe, hours_change, paid_hours, people, with_people

QUESTION = "3.3"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("The service chain: who is affected, and early intervention")
SOURCE = cite("002", QUESTION)
CRISIS = "hospital discharge"
"""The council example's crisis segment (referrals on discharge from hospital)."""
OTHERS = "community"
TODAY_CRISIS = next(g.share for g in council().segments if g.name == CRISIS)
SOCIAL_WORKERS = "social workers"
"""Who the assessment stage's staff are, in the lesson's texts."""
LOST = -1.0
"""Exercise (c): the assessment team loses one person (one full-time equivalent)."""


def scenario(crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0):
    """The council with ``crisis_share`` of demand arriving as crises (the rest through the
    community route) and ``assessment_people`` social workers added to (+) or removed from (−)
    assessment: people, in full-time equivalents, spread over the team's roster pro rata."""
    s = council().with_overrides(
        {f"segments.{CRISIS}.share": crisis_share, f"segments.{OTHERS}.share": 1 - crisis_share}
    )
    return with_people(s, {ASSESSMENT: assessment_people})


WHO = {
    "organisation": tr("organisation"),
    "managers": tr("managers"),
    "social workers": tr("social workers"),
    "clients": tr("clients"),
    "families": tr("families"),
}
"""The people of the chain (the table's first index level), marked for translation."""
RESOLVED = tr("resolved within {days} (% of all clients)")
NOTICED = (
    tr("staff cost a week (GBP)"),
    tr("social workers' paid hours a week"),
    tr("assessments within 7 days (%)"),
    tr("time busy with cases (%)"),
    RESOLVED,
    tr("mean time to resolution of resolved clients (hours)"),
    tr("callers giving up at the front door (%)"),
)
"""What each of them notices (the table's second index level, in its order), marked for translation."""


def who_feels_it(
    crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0, language: str = DEFAULT
) -> pd.DataFrame:
    """Everyone in the chain and the figure that tells them how things are going, today and with the change,
    named in ``language`` (in Arabic and Persian its figures are written in the language's digits, as text)."""
    rows = []
    for label, s in ((tr("today"), council()), (tr("with your change"), scenario(crisis_share, assessment_people))):
        r = evaluate(s)
        days = {"days": Count(UNITS["days"], s.resolution_target / 86400, "g")}
        values = (
            r.value("staff_cost"),
            paid_hours(s, ASSESSMENT),
            100 * r.value("service_level", ASSESSMENT),
            100 * r.value("occupancy", ASSESSMENT),
            100 * r.value("resolved_within_target"),
            r.value("time_to_resolution"),
            100 * r.value("p_abandon", FRONT_DOOR),
        )
        who = ("organisation", "organisation", "managers", "social workers", "clients", "clients", "families")
        index = [(say(WHO[w], language), fill(n, days, language)) for w, n in zip(who, NOTICED, strict=True)]
        rows.append(pd.Series(values, index=pd.MultiIndex.from_tuples(index), name=say(label, language)))
    table = pd.DataFrame(rows).T
    table.index.names = [say(tr("who"), language), say(tr("what they notice"), language)]
    if language == DEFAULT:
        return table.round(1)
    return table.map(lambda value: number(value, language, 1))  # written in the language's digits


SLIDERS = {
    "crisis_share": Slider(0.05, 0.40, 0.025, tr("Referrals that arrive as crises"), percent=True),
    "assessment_people": Slider(-1.0, 3.0, 0.5, tr("Social workers added at assessment"), tr("people"), signed=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0):
    """The referral's path through the chain (a week of contacts) and who feels the change."""
    return _figure(crisis_share, assessment_people, DEFAULT)


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its table and figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


WEEKLY_CALLERS = ntr("{n} weekly caller", "{n} weekly callers")
STAFF_CHANGE = tr("{change} (full-time equivalents, {hours} a week)")
"""A change in the assessment team in words, as the figure's title and the worked answer of (c) say it (English as
:func:`.staffing.describe` writes it)."""


def _staff_change(change: float, hours: float) -> dict[str, Count]:
    """:data:`STAFF_CHANGE`'s values: social workers and paid hours, each counted."""
    return {"change": Count(SOCIAL_WORKERS_COUNTED, change, "+g"), "hours": Count(PAID_HOURS, hours, "+,.4g")}


def _figure(crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0, language: str = DEFAULT):
    """The table and the chain's figure, named and numbered in ``language``; the chain's own stage, channel and
    group names are the council example's words, shown in ``language`` where the catalogue has them."""
    from IPython.display import display  # the notebooks extra; the experiment shows a table and a figure

    s = scenario(crisis_share, assessment_people)
    display(who_feels_it(crisis_share, assessment_people, language))
    fig = sankey(s, evaluate(s), language=language)
    if language == DEFAULT:
        change = describe(council(), ASSESSMENT, assessment_people, SOCIAL_WORKERS)
    else:
        hours = hours_change(council(), ASSESSMENT, assessment_people)
        change = fill(STAFF_CHANGE, _staff_change(assessment_people, hours), language)
        fig.data[0].node.label = [_relabel(label, language) for label in fig.data[0].node.label]
    title = tr("A week of contacts through the council: {crisis_share:.0%} arrive as crises, {change}")
    fig.update_layout(title=fill(title, {"crisis_share": crisis_share, "change": change}, language), height=430)
    return fig


CHAIN_NAMES = (tr("front door"), tr("assessment"), tr("care provision"), tr("partners"), tr("phone"), tr("referral"))
"""The council example's own names of its stages and channels, as the Sankey diagram's nodes read them."""


def _relabel(label: str, language: str) -> str:
    """A Sankey node's label with the council example's names in it (:data:`CHAIN_NAMES`) said in ``language``."""
    for name in CHAIN_NAMES:
        if label == name or label.startswith(name + " "):
            return say(name, language) + label[len(name) :]
    return label


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    s = council()
    flows = chain_flows(s, evaluate(s))
    i, j = flows.stages.index(FRONT_DOOR), flows.stages.index(ASSESSMENT)
    calls = float(flows.external[flows.channels.index(PHONE)])
    per_100 = 100 * float(flows.escalated[i, j]) / calls
    rule = s.stage(FRONT_DOOR).routing.escalate[ASSESSMENT]
    f: dict[str, Any] = {
        "per_100": per_100,
        "rule": rule,
        "naive": 100 * rule,
        "calls": calls,
        "callers": Count(WEEKLY_CALLERS, calls),
        "escalated": float(flows.escalated[i, j]),
        "abandon": float(flows.p_abandon[i]),
        "repeats": float(flows.repeats[i, i]),
    }
    f["because"] = tr(
        "{escalated:.1f} of {callers} are passed to assessment: {per_100:.1f} per 100. Fewer than "
        "{naive:.0f} because {abandon:.0%} of front-door contacts give up before being answered; repeat calls "
        "({repeats:.1f} a week) add a few back."
    )
    working = tr(
        "From `chain_flows`: escalated front door → assessment = {escalated:.1f} a week; first phone calls = "
        "{calls:.0f}; 100 × {escalated:.1f} / {calls:.0f} = **{per_100:.1f}**."
    )
    return Solution.worked(per_100, Text(working), f)


a = Exercise(
    "3.3 (a)",
    tr(
        "The front door passes {naive:.0f}% of the calls it handles to a social worker. Of every **100 people who "
        "phone** the front door, how many reach an assessment? (Hover over the Sankey diagram's links.) One decimal."
    ),
    Number(tr("people"), abs=0.3),
    _solve_a,
    mistakes=[
        Mistake(
            tr("the routing share"),
            lambda s: s.facts["naive"],
            tr("{naive:.0f} is the share of *handled* calls passed on. Not every caller is handled."),
            tr(
                "Some callers give up while waiting ({abandon:.0%} of front-door contacts) and some call again; "
                "divide the escalated link by the phone calls."
            ),
        )
    ],
    hint=tr("Divide the 'front door → assessment' link by the phone calls entering on the left, × 100."),
)


EARLY = 0.5
"""Exercise (b): early intervention halves the share of referrals that arrive as crises."""


def _solve_b() -> Solution:
    before = evaluate(council())
    after = evaluate(scenario(TODAY_CRISIS * EARLY))
    w0, w1 = before.value("asa", ASSESSMENT) / 3600, after.value("asa", ASSESSMENT) / 3600
    t0, t1 = before.value("time_to_resolution"), after.value("time_to_resolution")
    f: dict[str, Any] = {
        "crisis": TODAY_CRISIS,
        "crisis_after": TODAY_CRISIS * EARLY,
        "w0": w0,
        "w1": w1,
        "drop": w0 - w1,
        "ttr_drop": t0 - t1,
        "multiplier": next(g.handle_time_multiplier for g in council().segments if g.name == CRISIS),
    }
    f["w1_hours"], f["drop_hours"] = Count(UNITS["hours"], w1, ".1f"), Count(UNITS["hours"], w0 - w1, ".1f")
    f["because"] = tr(
        "Crisis cases take {multiplier:.1f}× as long to assess. With fewer of them the team has slack, and "
        "near capacity a little slack cuts the wait a lot: {w0:.1f} → {w1_hours}."
    )
    working = tr(
        "Crisis share {crisis:.0%} → {crisis_after:.1%}: mean wait for assessment {w0:.1f} h → {w1:.1f} h, a fall "
        "of **{drop_hours}** (time to resolution falls {ttr_drop:.1f} h)."
    )
    return Solution.worked(w0 - w1, Text(working), f)


b = Exercise(
    "3.3 (b)",
    tr(
        "Today {crisis:.0%} of demand arrives as a crisis (discharge from hospital), which takes longer to assess. "
        "Early intervention — home care, respite, assistive technology — halves that share to {crisis_after:.1%}. "
        "**By how many hours does the mean wait for an assessment fall?**"
    ),
    Number(tr("hours"), rel=0.05, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            tr("the new wait"),
            lambda s: s.facts["w1"],
            tr("That is the new wait ({w1:.1f} h); the question asks how much it falls."),
            tr("Subtract it from today's wait ({w0:.1f} h)."),
        ),
        Mistake(
            tr("time to resolution"),
            lambda s: s.facts["ttr_drop"],
            tr("That is the fall in the mean time to resolution over the whole chain, not the wait for assessment."),
            tr("Use `lesson.evaluate(lesson.scenario(...)).value('asa', 'assessment')` (seconds) or the table."),
        ),
    ],
    hint=tr(
        "Compare `lesson.evaluate(lesson.scenario()).value('asa', 'assessment')` with the same at the lower "
        "crisis share (seconds ÷ 3600)."
    ),
)


def _rise_said(change: float) -> Text:
    """A relative change as the texts say it in the learner's language: a percentage (which needs no words), or
    "without limit" where a queue is overloaded."""
    if np.isfinite(change):
        return Text("{change:+.0%}", {"change": change})
    return Text(tr("without limit (overloaded)"))


def _solve_c() -> Solution:
    before = evaluate(council())
    after = evaluate(scenario(assessment_people=LOST))
    change = {
        key: after.value(metric, stage) / before.value(metric, stage) - 1
        for key, (metric, stage) in {
            "a": ("asa", FRONT_DOOR),
            "b": ("time_to_resolution", "all"),
            "c": ("asa", CARE),
        }.items()
    }
    answer = max(change, key=change.__getitem__)
    half = evaluate(scenario(assessment_people=LOST / 2)).value("time_to_resolution")
    f: dict[str, Any] = {
        "front": change["a"],
        "ttr": change["b"],
        "care": change["c"],
        "care_shown": _rise_said(change["c"]),
        "front_shown": _rise_said(change["a"]),
        "half": half,
        "ttr0": before.value("time_to_resolution"),
        "ttr1": after.value("time_to_resolution"),
        "lost": -LOST,
        "hours": -hours_change(council(), ASSESSMENT, LOST),
        "team": people(council(), ASSESSMENT),
        "team_hours": paid_hours(council(), ASSESSMENT),
        "busy": before.value("occupancy", ASSESSMENT),
        "overloaded": bool(after.value("overloaded", ASSESSMENT)),
    }
    f["ttr1_hours"], f["half_hours"] = Count(UNITS["hours"], f["ttr1"]), Count(UNITS["hours"], half)
    f["team_paid_hours"] = Count(PAID_HOURS, f["team_hours"], ",g")
    f["team_counted"] = Count(SOCIAL_WORKERS_COUNTED, f["team"], "g")
    if not f["overloaded"]:
        clients = tr("But clients wait {ttr0:.0f} → {ttr1_hours} for their issue to be resolved.")
    elif np.isfinite(half):
        clients = tr(
            "But the social workers were already busy {busy:.1%} of their time: without {hours:g} of their "
            "{team_paid_hours} a week, referrals arrive faster than the team can assess them, the queue for "
            "assessment grows week after week (overloaded) and the clients' time to resolution no longer settles at "
            "any figure (half a person fewer: {ttr0:.0f} → {half_hours})."
        )
    else:
        clients = tr(
            "But the social workers were already busy {busy:.1%} of their time: without {hours:g} of their "
            "{team_paid_hours} a week, referrals arrive faster than the team can assess them, the queue for "
            "assessment grows week after week (overloaded) and the clients' time to resolution no longer settles at "
            "any figure."
        )
    f["clients"] = Text(clients)
    f["because"] = tr(
        "The front door and care provision see no change ({front_shown}, {care_shown}): the work still reaches "
        "them. {clients} The damage is invisible inside the organisation and fully visible to clients and families "
        "— and the organisation is held accountable for it."
    )
    working = tr(
        "Assessment team {team_change}: front-door wait {front_shown}, time to resolution {ttr_shown}, "
        "care-provision wait {care_shown}. Answer **({answer})**."
    )
    team_change = Text(STAFF_CHANGE, _staff_change(LOST, hours_change(council(), ASSESSMENT, LOST)))
    values = {"team_change": team_change, "ttr_shown": _rise_said(change["b"]), "answer": answer}
    return Solution.worked(answer, Text(working, values), f)


c = Exercise(
    "3.3 (c)",
    tr(
        "The assessment team ({team_counted}, counted in full-time equivalents) loses {lost:g} of them: "
        "{hours:g} of its {team_paid_hours} a week. Which figure rises most (relative to today)?"
    ),
    Choice(
        {
            "a": tr("the wait at the front door"),
            "b": tr("the clients' time until their issue is resolved"),
            "c": tr("the wait for care provision"),
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            tr("downstream stage"),
            lambda s: "c",
            tr("Care provision's wait changes by {care_shown}: the same work still reaches it, only later."),
            tr("Look at the clients' row of the table with assessment_people = -{lost:g}."),
        )
    ],
    hint=tr("Set '{people_lever}' to -{lost:g} and compare the rows of the table."),
    terms={"people_lever": SLIDERS["assessment_people"]},
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "Draw the chain for your own service: who is at each link, and what does each of them notice first when one link "
    "slows down? Where would early intervention pay for itself, and who would have to pay for it first?"
)
