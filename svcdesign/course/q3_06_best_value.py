"""3.6 Best value in the public sector (source document 002, question 3.6).

The candidate: best value means professionalism, empathy and sensitivity — "every referral is
different". English councils have a statutory best-value duty (Local Government Act 1999, section 3):
to secure continuous improvement "having regard to a combination of economy, efficiency and
effectiveness". The lesson puts a number on each: what the service costs (economy), what it costs per
issue resolved (efficiency), and what clients get — answered calls, time to resolution, satisfaction
(effectiveness). The cheapest service is rarely the best value. Staff changes are counted in people:
full-time equivalents of contract hours, spread over each team's roster (:mod:`.staffing`).

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.6", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in
``svcdesign/i18n/locale/<language>/course_q3_06_07.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..i18n.numbers import UNITS
from .answers import Choice, Number
from .controls import Slider
from .council import ASSESSMENT, FRONT_DOOR, council, service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .language import PAID_HOURS, Count, Steps, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate, experience
from .sources import cite
from .staffing import hours_change, with_people

QUESTION = "3.6"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Best value: cost per resolved case against quality")
SOURCE = cite("002", QUESTION)
STEP = 0.5
"""Staffing steps of the lesson: people (full-time equivalents); half a person is a part-time post."""
MOST = 4.0
"""Most people exercise (b) considers adding at the front door."""
COST = tr("Efficiency: cost per issue resolved (GBP)")
ANSWERED = tr("Effectiveness: calls answered within 20 s (%)")
PEOPLE = tr("{change:+g} people (full-time equivalents, {hours} a week)")
"""A staffing change in words with its paid hours, as the figure's title and the worked answer of (c) say it (English
as :func:`.staffing.describe` writes it)."""


def scenario(front_door_people: float = 0.0, assessment_people: float = 0.0):
    """The council with people (full-time equivalents) added to (+) or removed from (−) the front door
    and assessment, spread over each team's roster pro rata."""
    return with_people(council(), {FRONT_DOOR: front_door_people, ASSESSMENT: assessment_people})


def cost_per_resolution(front_door_people: float = 0.0, assessment_people: float = 0.0) -> float:
    """Staff cost a week ÷ issues resolved a week, GBP per issue."""
    r = evaluate(scenario(front_door_people, assessment_people))
    return r.value("staff_cost") / r.value("resolved")


def outcomes(front_door_people: float = 0.0, assessment_people: float = 0.0) -> pd.Series:
    """Economy, efficiency and effectiveness of the council with the staffing change."""
    s = scenario(front_door_people, assessment_people)
    r = evaluate(s)
    return pd.Series(
        {
            tr("Economy: staff cost a week (GBP)"): r.value("staff_cost"),
            COST: cost_per_resolution(front_door_people, assessment_people),
            tr("Issues resolved a week"): r.value("resolved"),
            ANSWERED: 100 * r.value("service_level", FRONT_DOOR),
            tr("Effectiveness: time to resolution (hours)"): r.value("time_to_resolution"),
            tr("Effectiveness: satisfaction (0-10)"): experience(s).value("satisfaction"),
        }
    )


SLIDERS = {
    "front_door_people": Slider(-1.0, 3.0, STEP, tr("People added at the front door"), tr("people"), signed=True),
    "assessment_people": Slider(-0.5, 3.0, STEP, tr("People added at assessment"), tr("people"), signed=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(front_door_people: float = 0.0, assessment_people: float = 0.0):
    """Economy, efficiency and effectiveness today and with the chosen staffing (people added, full-time
    equivalents)."""
    return _figure(front_door_people, assessment_people, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _people(stage: str, change: float, language: str = "en") -> str:
    """``change`` people at ``stage`` in words with its paid hours, in ``language`` (:data:`PEOPLE`)."""
    return fill(
        PEOPLE,
        {"change": change, "hours": Count(PAID_HOURS, hours_change(council(), stage, change), "+,.4g")},
        language,
    )


def _figure(front_door_people: float = 0.0, assessment_people: float = 0.0, language: str = "en"):
    """The experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("today"), language): outcomes(),
            say(tr("your staffing"), language): outcomes(front_door_people, assessment_people),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    return panels(
        table,
        fill(
            tr("Best value: front door {front_door};<br>assessment {assessment}"),
            {
                "front_door": _people(FRONT_DOOR, front_door_people, language),
                "assessment": _people(ASSESSMENT, assessment_people, language),
            },
            language,
        ),
        targets={say(ANSWERED, language): 100 * service_level_target(FRONT_DOOR)},
        columns=3,
        language=language,
    )


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    r = evaluate(council())
    cost, resolved = r.value("staff_cost"), r.value("resolved")
    f: dict[str, Any] = {
        "cost": cost,
        "resolved": resolved,
        "per_contact": cost / r.value("arrivals"),
        "per_customer": cost / r.value("customers"),
        "answer": cost / resolved,
        "contacts": r.value("arrivals"),
        "customers": r.value("customers"),
    }
    f["because"] = tr(
        "{cost:,.0f} GBP of staff a week for {resolved:.1f} issues resolved: {answer:.2f} GBP each. "
        "Contacts that abandon, repeat or are passed on cost money without resolving anything."
    )
    working = tr("staff cost {cost:,.0f} ÷ issues resolved {resolved:.2f} = **{answer:.2f} GBP**.")
    return Solution.worked(cost / resolved, Text(working), f)


a = Exercise(
    "3.6 (a)",
    tr(
        "Efficiency first: what does the council's chain spend in staff **per issue resolved**, in GBP, today? "
        "(Use `lesson.evaluate(lesson.council()).value(...)` with the metrics `staff_cost` and `resolved`, "
        "or the experiment.)"
    ),
    Number("GBP", rel=0.01, digits=2),
    _solve_a,
    mistakes=[
        Mistake(
            tr("per contact"),
            lambda s: s.facts["per_contact"],
            tr(
                "That is the cost per *contact* ({contacts:.0f} a week). Many contacts resolve nothing: abandoned "
                "calls, repeats, hand-offs."
            ),
            tr("Divide by issues resolved, not by contacts."),
        ),
        Mistake(
            tr("per customer"),
            lambda s: s.facts["per_customer"],
            tr(
                "That is the cost per *customer* who made contact ({customers:.0f}); "
                "not every customer's issue is resolved."
            ),
            tr("Divide by issues resolved."),
        ),
    ],
    hint=tr("Staff cost a week ÷ issues resolved a week."),
)


def _front_door_level(change: float) -> float:
    return evaluate(scenario(change)).value("service_level", FRONT_DOOR)


def _solve_b() -> Solution:
    target = service_level_target(FRONT_DOOR)
    changes = np.arange(0.0, MOST + 1e-9, STEP)
    answer = float(next(c for c in changes if _front_door_level(c) >= target))
    f: dict[str, Any] = {
        "target": target,
        "level0": _front_door_level(0.0),
        "level": _front_door_level(answer),
        "answer": answer,
        "step": STEP,
        "hours": hours_change(council(), FRONT_DOOR, answer),
    }
    f["paid"] = Count(PAID_HOURS, f["hours"], "+,.4g")
    f["because"] = tr(
        "With {answer:+g} people (full-time equivalents, {paid} a week) the front door answers "
        "{level:.1%} within 20 s (target {target:.0%}; today {level0:.1%})."
    )
    steps = Steps(
        tr("{change:+g} → {level:.1%}"),  # marked: a right-to-left text turns its arrow
        tuple({"change": c, "level": _front_door_level(c)} for c in changes if c <= answer),
    )
    working = tr(
        "Front-door service level by people added (full-time equivalents): {steps}: the first at or above "
        "{target:.0%} is **{answer:+g}** ({paid} a week)."
    )
    return Solution.worked(answer, Text(working, {"steps": steps}), f)


def _judge_b(value: float, solution: Solution) -> Text:
    if value < 0 or value > MOST or value / STEP != round(value / STEP):
        return Text(
            tr(
                "Staffing changes here come in steps of {step:g} people (full-time equivalents) between 0 and {most:g}."
            ),
            {"most": MOST},
        )
    level = _front_door_level(value)
    if level < solution.facts["target"]:
        return Text(
            tr(
                "With {value:+g} people (full-time equivalents, {value_paid} a week) the front door "
                "answers {reached:.1%} within 20 s — below {target:.0%}."
            ),
            {
                "value": value,
                "value_paid": Count(PAID_HOURS, hours_change(council(), FRONT_DOOR, value), "+,.4g"),
                "reached": level,
            },
        )
    return Text(
        tr("{value:+g} meets the target ({reached:.1%}) but costs more than needed: find the smallest change."),
        {"value": value, "reached": level},
    )


b = Exercise(
    "3.6 (b)",
    tr(
        "Effectiveness: the front door answers {level0:.1%} of calls within 20 s against a {target:.0%} target. "
        "What is the **smallest number of people to add at the front door** (full-time equivalents, in steps of "
        "{step:g}) that meets the target?"
    ),
    Number(tr("people (full-time equivalents)"), abs=1e-6, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            tr("no change needed"),
            lambda s: 0.0,
            tr("Today the front door answers only {level0:.1%} within 20 s."),
            tr("Add people {step:g} of a full-time post at a time."),
        )
    ],
    hint=tr("Move '{front_door_lever}' up in steps of {step:g} and watch the answered-within-20-s panel."),
    judge=_judge_b,
    terms={"front_door_lever": SLIDERS["front_door_people"]},
)


def _solve_c() -> Solution:
    change = b.expected
    before, after = cost_per_resolution(), cost_per_resolution(change)
    answer = "b" if after < before - 1e-9 else "a" if after > before + 1e-9 else "c"
    r0, r1 = evaluate(council()), evaluate(scenario(change))
    f = {
        "change": change,
        "before": before,
        "after": after,
        "cost0": r0.value("staff_cost"),
        "cost1": r1.value("staff_cost"),
        "res0": r0.value("resolved"),
        "res1": r1.value("resolved"),
        "hours": hours_change(council(), FRONT_DOOR, change),
        "ttr0": r0.value("time_to_resolution"),
        "ttr1_hours": Count(UNITS["hours"], r1.value("time_to_resolution")),
        "ttr1": r1.value("time_to_resolution"),
    }
    f["because"] = _BECAUSE_C[answer == "b", _effectiveness(f["ttr0"], f["ttr1"])]
    working = tr(
        "At {front_door_change} at the front door: cost per issue resolved {before:.2f} → {after:.2f} GBP. "
        "Answer **({answer})**."
    )
    front_door_change = Text(PEOPLE, {"change": change, "hours": Count(PAID_HOURS, f["hours"], "+,.4g")})
    return Solution.worked(answer, Text(working, {"front_door_change": front_door_change, "answer": answer}), f)


def _effectiveness(before: float, after: float) -> str:
    """What a front-door change does to the clients' time to resolution, for the feedback of (c): nothing to say
    (``""``, it does not grow), it grows (``"hours"``) or it has no finite figure (``"overloaded"``)."""
    if not after > before:
        return ""
    return "hours" if np.isfinite(after) else "overloaded"


_BECAUSE_C = {
    (True, ""): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved falls: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing."
    ),
    (True, "hours"): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved falls: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing. Effectiveness is a third question: more answered calls "
        "bring more referrals to a busy assessment team, and the clients' time to resolution goes "
        "{ttr0:.0f} → {ttr1_hours}. Best value weighs all three."
    ),
    (True, "overloaded"): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved falls: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing. Effectiveness is a third question: more answered calls "
        "bring more referrals to a busy assessment team, and the clients' time to resolution goes "
        "{ttr0:.0f} → no finite figure (assessment overloaded). Best value weighs all three."
    ),
    (False, ""): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved rises: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing."
    ),
    (False, "hours"): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved rises: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing. Effectiveness is a third question: more answered calls "
        "bring more referrals to a busy assessment team, and the clients' time to resolution goes "
        "{ttr0:.0f} → {ttr1_hours}. Best value weighs all three."
    ),
    (False, "overloaded"): tr(
        "The chain spends more ({cost0:,.0f} → {cost1:,.0f} GBP a week) but fewer callers give up, so it resolves "
        "more issues ({res0:.0f} → {res1:.0f}); cost per issue resolved rises: {before:.2f} → {after:.2f} GBP. "
        "Economy and efficiency are not the same thing. Effectiveness is a third question: more answered calls "
        "bring more referrals to a busy assessment team, and the clients' time to resolution goes "
        "{ttr0:.0f} → no finite figure (assessment overloaded). Best value weighs all three."
    ),
}
"""The feedback of (c) on the right answer, by whether the cost per issue resolved falls and by what happens to the
clients' time to resolution (:func:`_effectiveness`): one whole text each, so each translates as a whole."""


c = Exercise(
    "3.6 (c)",
    tr(
        "Adding the people you found in (b) at the front door raises the weekly staff bill. What happens to the "
        "**cost per issue resolved**?"
    ),
    Choice({"a": tr("it rises"), "b": tr("it falls"), "c": tr("it stays the same")}),
    _solve_c,
    mistakes=[
        Mistake(
            tr("more staff, more cost"),
            lambda s: "a",
            tr(
                "The bill rises, but so does the number of issues resolved ({res0:.0f} → {res1:.0f} a week): "
                "cost per issue goes {before:.2f} → {after:.2f} GBP."
            ),
            tr("Compare the 'cost per issue resolved' panel, not the staff cost."),
        )
    ],
    hint=tr("Look at the efficiency panel with the staffing from (b)."),
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "The candidate's best value is about professionalism, empathy and cultural sensitivity — none of which is in a "
    "cost-per-case figure. What would you measure to show that a service is good value for *every* kind of referral, "
    "not just the average one?"
)
