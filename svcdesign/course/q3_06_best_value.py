"""3.6 Best value in the public sector (source document 002, question 3.6).

The candidate: best value means professionalism, empathy and sensitivity — "every referral is
different". English councils have a statutory best-value duty (Local Government Act 1999, section 3):
to secure continuous improvement "having regard to a combination of economy, efficiency and
effectiveness". The lesson puts a number on each: what the service costs (economy), what it costs per
issue resolved (efficiency), and what clients get — answered calls, time to resolution, satisfaction
(effectiveness). The cheapest service is rarely the best value. Staff changes are counted in people:
full-time equivalents of contract hours, spread over each team's roster (:mod:`.staffing`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .answers import Choice, Number
from .controls import Slider
from .council import ASSESSMENT, FRONT_DOOR, council, service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .lesson_runs import evaluate, experience
from .sources import cite
from .staffing import describe, hours_change, with_people

QUESTION = "3.6"
TITLE = "Best value: cost per resolved case against quality"
SOURCE = cite("002", QUESTION)
STEP = 0.5
"""Staffing steps of the lesson: people (full-time equivalents); half a person is a part-time post."""
MOST = 4.0
"""Most people exercise (b) considers adding at the front door."""


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
            "Economy: staff cost a week (GBP)": r.value("staff_cost"),
            "Efficiency: cost per issue resolved (GBP)": cost_per_resolution(front_door_people, assessment_people),
            "Issues resolved a week": r.value("resolved"),
            "Effectiveness: calls answered within 20 s (%)": 100 * r.value("service_level", FRONT_DOOR),
            "Effectiveness: time to resolution (hours)": r.value("time_to_resolution"),
            "Effectiveness: satisfaction (0-10)": experience(s).value("satisfaction"),
        }
    )


SLIDERS = {
    "front_door_people": Slider(-1.0, 3.0, STEP, "People added at the front door", "people", signed=True),
    "assessment_people": Slider(-0.5, 3.0, STEP, "People added at assessment", "people", signed=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(front_door_people: float = 0.0, assessment_people: float = 0.0):
    """Economy, efficiency and effectiveness today and with the chosen staffing (people added, full-time
    equivalents)."""
    table = pd.DataFrame({"today": outcomes(), "your staffing": outcomes(front_door_people, assessment_people)}).T
    return panels(
        table,
        f"Best value: front door {describe(council(), FRONT_DOOR, front_door_people)};<br>"
        f"assessment {describe(council(), ASSESSMENT, assessment_people)}",
        targets={"Effectiveness: calls answered within 20 s (%)": 100 * service_level_target(FRONT_DOOR)},
        columns=3,
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
    f["because"] = (
        f"{cost:,.0f} GBP of staff a week for {resolved:.1f} issues resolved: {cost / resolved:.2f} GBP each. "
        "Contacts that abandon, repeat or are passed on cost money without resolving anything."
    )
    working = f"staff cost {cost:,.0f} ÷ issues resolved {resolved:.2f} = **{cost / resolved:.2f} GBP**."
    return Solution(cost / resolved, working, f)


a = Exercise(
    "3.6 (a)",
    "Efficiency first: what does the council's chain spend in staff **per issue resolved**, in GBP, today? "
    "(Use `lesson.evaluate(lesson.council()).value(...)` with the metrics `staff_cost` and `resolved`, "
    "or the experiment.)",
    Number("GBP", rel=0.01, digits=2),
    _solve_a,
    mistakes=[
        Mistake(
            "per contact",
            lambda s: s.facts["per_contact"],
            "That is the cost per *contact* ({contacts:.0f} a week). Many contacts resolve nothing: abandoned "
            "calls, repeats, hand-offs.",
            "Divide by issues resolved, not by contacts.",
        ),
        Mistake(
            "per customer",
            lambda s: s.facts["per_customer"],
            "That is the cost per *customer* who made contact ({customers:.0f}); "
            "not every customer's issue is resolved.",
            "Divide by issues resolved.",
        ),
    ],
    hint="Staff cost a week ÷ issues resolved a week.",
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
    f["because"] = (
        f"With {describe(council(), FRONT_DOOR, answer)} the front door answers {f['level']:.1%} within 20 s "
        f"(target {target:.0%}; today {f['level0']:.1%})."
    )
    working = (
        "Front-door service level by people added (full-time equivalents): "
        + ", ".join(f"{c:+g} → {_front_door_level(c):.1%}" for c in changes if c <= answer)
        + f": the first at or above {target:.0%} is **{answer:+g}** ({f['hours']:+,.4g} paid hours a week)."
    )
    return Solution(answer, working, f)


def _judge_b(value: float, solution: Solution) -> str:
    if value < 0 or value > MOST or value / STEP != round(value / STEP):
        return f"Staffing changes here come in steps of {STEP:g} people (full-time equivalents) between 0 and {MOST:g}."
    level, target = _front_door_level(value), solution.facts["target"]
    if level < target:
        return (
            f"With {describe(council(), FRONT_DOOR, value)} the front door answers {level:.1%} within 20 s — "
            f"below {target:.0%}."
        )
    return f"{value:+g} meets the target ({level:.1%}) but costs more than needed: find the smallest change."


b = Exercise(
    "3.6 (b)",
    "Effectiveness: the front door answers {level0:.1%} of calls within 20 s against a {target:.0%} target. "
    "What is the **smallest number of people to add at the front door** (full-time equivalents, in steps of "
    "{step:g}) that meets the target?",
    Number("people (full-time equivalents)", abs=1e-6, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            "no change needed",
            lambda s: 0.0,
            "Today the front door answers only {level0:.1%} within 20 s.",
            f"Add people {STEP:g} of a full-time post at a time.",
        )
    ],
    hint=f"Move '{SLIDERS['front_door_people'].description}' up in steps of {STEP:g} and watch the "
    "answered-within-20-s panel.",
    judge=_judge_b,
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
        "ttr1": r1.value("time_to_resolution"),
    }
    f["because"] = (
        f"The chain spends more ({f['cost0']:,.0f} → {f['cost1']:,.0f} GBP a week) but fewer callers give up, "
        f"so it resolves more issues ({f['res0']:.0f} → {f['res1']:.0f}); cost per issue resolved "
        f"{'falls' if answer == 'b' else 'rises'}: {before:.2f} → {after:.2f} GBP. Economy and efficiency are "
        "not the same thing." + _effectiveness(f["ttr0"], f["ttr1"])
    )
    working = (
        f"At {describe(council(), FRONT_DOOR, change)} at the front door: cost per issue resolved "
        f"{before:.2f} → {after:.2f} GBP. Answer **({answer})**."
    )
    return Solution(answer, working, f)


def _effectiveness(before: float, after: float) -> str:
    """What a front-door change does to the clients' time to resolution, for the feedback of (c)."""
    if not after > before:
        return ""
    shown = f"{after:.0f} hours" if np.isfinite(after) else "no finite figure (assessment overloaded)"
    return (
        " Effectiveness is a third question: more answered calls bring more referrals to a busy assessment team, "
        f"and the clients' time to resolution goes {before:.0f} → {shown}. Best value weighs all three."
    )


c = Exercise(
    "3.6 (c)",
    "Adding the people you found in (b) at the front door raises the weekly staff bill. What happens to the "
    "**cost per issue resolved**?",
    Choice({"a": "it rises", "b": "it falls", "c": "it stays the same"}),
    _solve_c,
    mistakes=[
        Mistake(
            "more staff, more cost",
            lambda s: "a",
            "The bill rises, but so does the number of issues resolved ({res0:.0f} → {res1:.0f} a week): "
            "cost per issue goes {before:.2f} → {after:.2f} GBP.",
            "Compare the 'cost per issue resolved' panel, not the staff cost.",
        )
    ],
    hint="Look at the efficiency panel with the staffing from (b).",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "The candidate's best value is about professionalism, empathy and cultural sensitivity — none of which is in a "
    "cost-per-case figure. What would you measure to show that a service is good value for *every* kind of referral, "
    "not just the average one?"
)
