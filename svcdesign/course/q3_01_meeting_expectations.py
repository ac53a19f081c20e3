"""3.1 Meeting customers' expectations when money is short (source document 002, question 3.1).

The candidate's council "encourages customers to do more themselves (even self-assessment)", which
"lets the organisation decide who is eligible and serve those in need". Two levers shift demand
without new money: online self-service takes calls away from the front door, and the eligibility
rule decides how many callers go on to a social worker's assessment. The experiment and exercises
measure what each does with today's staff (``svcdesign.evaluate`` on the council example).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .answers import Choice, Number, Share
from .controls import Slider
from .council import (
    ASSESSMENT,
    FRONT_DOOR,
    council,
    escalated_share,
    phone_volume,
    service_level_target,
    with_eligibility,
    with_self_service,
)
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .lesson_runs import evaluate
from .sources import cite

QUESTION = "3.1"
TITLE = "Meeting customers' expectations when money is short"
SOURCE = cite("002", QUESTION)
TODAY_ESCALATED = escalated_share()
"""Share of handled front-door calls passed to assessment in the example council (its eligibility rule)."""
STEP = 0.05
"""Steps of self-service share the exercises use (the slider's step)."""


def outcomes(self_service: float = 0.0, escalated: float = TODAY_ESCALATED) -> pd.Series:
    """What a week looks like with today's staff when ``self_service`` of callers use the online
    self-assessment and ``escalated`` of handled calls go on to assessment."""
    scenario = with_eligibility(with_self_service(council(), self_service), escalated)
    r = evaluate(scenario)
    return pd.Series(
        {
            "Front door: answered within 20 s (%)": 100 * r.value("service_level", FRONT_DOOR),
            "Front door: callers giving up (%)": 100 * r.value("p_abandon", FRONT_DOOR),
            "Assessment: mean wait (hours)": r.value("asa", ASSESSMENT) / 3600,
            "Assessments a week": r.value("arrivals", ASSESSMENT),
            "Staff cost a week (GBP)": r.value("staff_cost"),
        }
    )


SLIDERS = {
    "self_service": Slider(0.0, 0.5, STEP, "Callers who use online self-assessment", percent=True),
    "escalated": Slider(0.10, 0.30, 0.01, "Handled calls passed on to assessment", percent=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(self_service: float = 0.0, escalated: float = TODAY_ESCALATED):
    """Today against the chosen self-service share and eligibility rule (same staff, same money)."""
    table = pd.DataFrame({"today": outcomes(), "with your levers": outcomes(self_service, escalated)}).T
    target = 100 * service_level_target(FRONT_DOOR)
    return panels(
        table,
        f"Same staff, same money: {self_service:.0%} self-service, {escalated:.0%} passed to assessment",
        targets={"Front door: answered within 20 s (%)": target},
        columns=3,
    )


# --------------------------------------------------------------------------------- exercises
def _front_door_level(share: float) -> float:
    return evaluate(with_self_service(council(), share)).value("service_level", FRONT_DOOR)


def _solve_a() -> Solution:
    target = service_level_target(FRONT_DOOR)
    shares = np.round(np.arange(0.0, 0.95, STEP), 10)
    levels = {s: _front_door_level(s) for s in shares}
    answer = next(s for s in shares if levels[s] >= target)
    short = answer - STEP
    facts = {
        "target": target,
        "level0": levels[0.0],
        "level": levels[answer],
        "short": short,
        "level_short": levels.get(short, np.nan),
        "calls": phone_volume(),
    }
    facts["because"] = (
        f"At {answer:.0%} self-service the front door answers {levels[answer]:.1%} of calls within 20 s "
        f"(target {target:.0%}); at {short:.0%} only {facts['level_short']:.1%}. Taking calls away "
        "from the phone frees the same staff for those who still call."
    )
    working = (
        f"Today the front door answers {levels[0.0]:.1%} within 20 s. Evaluating the week with "
        + ", ".join(f"{s:.0%} → {levels[s]:.1%}" for s in shares if s <= answer)
        + f": the first share at or above {target:.0%} is **{answer:.0%}**."
    )
    return Solution(float(answer), working, facts)


def _judge_a(value: float, solution: Solution) -> str:
    level = _front_door_level(min(value, 0.9))
    target = solution.facts["target"]
    if level < target:
        return (
            f"With {value:.0%} self-service the front door answers {level:.1%} within 20 s — "
            f"still below the {target:.0%} target."
        )
    return (
        f"{value:.0%} does meet the target ({level:.1%}), but a smaller share already does: you were asked for "
        "the smallest one."
    )


a = Exercise(
    "3.1 (a)",
    "The council cannot hire. Today its front door answers {level0:.1%} of phone calls within 20 seconds; the "
    "target is {target:.0%}. What is the **smallest self-service share** (a multiple of 5%) at which the front "
    "door meets the target with today's staff? Answer as a share, e.g. `0.25` or `'25%'`.",
    Share(abs=0.001),
    _solve_a,
    mistakes=[
        Mistake(
            "today already meets it",
            lambda s: 0.0,
            "With no self-service the front door answers only {level0:.1%} within 20 s: below the {target:.0%} target.",
            "Move '" + SLIDERS["self_service"].description + "' up one step at a time and watch the first panel.",
        ),
        Mistake(
            "one step short",
            lambda s: s.facts["short"],
            "At {short:.0%} the front door answers {level_short:.1%} within 20 s — just below {target:.0%}.",
            "The target is *at least* {target:.0%}; go one step further.",
        ),
    ],
    hint="Use the experiment with '"
    + SLIDERS["escalated"].description
    + "' left where it is, and read the front door's service level.",
    judge=_judge_a,
)


STRICT = 0.15
"""The stricter eligibility rule of exercise (b): share of handled calls passed to assessment."""


def _solve_b() -> Solution:
    today = evaluate(council()).value("asa", ASSESSMENT) / 3600
    strict = evaluate(with_eligibility(council(), STRICT)).value("asa", ASSESSMENT) / 3600
    arrivals = (
        evaluate(council()).value("arrivals", ASSESSMENT),
        evaluate(with_eligibility(council(), STRICT)).value("arrivals", ASSESSMENT),
    )
    facts: dict[str, Any] = {
        "today": today,
        "strict": strict,
        "strict_days": strict / 24,
        "escalated": TODAY_ESCALATED,
        "rule": STRICT,
        "before": arrivals[0],
        "after": arrivals[1],
    }
    facts["because"] = (
        f"Assessments fall from {arrivals[0]:.0f} to {arrivals[1]:.0f} a week and the mean wait from "
        f"{today:.1f} to {strict:.1f} hours: near capacity, a little less work shortens queues a lot."
    )
    working = (
        f"Set '{SLIDERS['escalated'].description}' to {STRICT:.0%}: assessments a week {arrivals[0]:.1f} → "
        f"{arrivals[1]:.1f}; "
        f"social workers' occupancy falls, and the mean wait for an assessment (Erlang C over the working "
        f"week) goes from {today:.1f} h to **{strict:.1f} h**."
    )
    return Solution(strict, working, facts)


b = Exercise(
    "3.1 (b)",
    "Today {escalated:.0%} of the front door's handled calls are passed to a social worker's assessment. The "
    "council tightens its eligibility rule so that only {rule:.0%} are (the rest get advice and signposting). "
    "With no self-service, what is the **mean wait for an assessment, in hours**?",
    Number("hours", rel=0.05, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            "today's wait",
            lambda s: s.facts["today"],
            "That is today's wait, with {escalated:.0%} passed on.",
            "Set '" + SLIDERS["escalated"].description + "' to {rule:.0%} and leave self-service at 0%.",
        ),
        Mistake(
            "days, not hours",
            lambda s: s.facts["strict_days"],
            "That looks like the wait in days; the question asks for hours.",
            "Multiply by 24.",
        ),
    ],
    hint="Read the third panel ('Assessment: mean wait (hours)') with '"
    + SLIDERS["escalated"].description
    + "' at {rule:.0%}.",
)


SELF_SERVICE_C = 0.20
"""The self-service share compared in exercise (c)."""


def _solve_c() -> Solution:
    base = outcomes()
    online = outcomes(SELF_SERVICE_C, TODAY_ESCALATED)
    strict = outcomes(0.0, STRICT)
    wait = "Assessment: mean wait (hours)"
    level = "Front door: answered within 20 s (%)"
    answer = "a" if online[wait] < strict[wait] else "b"
    count = "Assessments a week"
    facts = {
        "share": SELF_SERVICE_C,
        "rule": STRICT,
        "wait0": base[wait],
        "wait_online": online[wait],
        "wait_strict": strict[wait],
        "level_online": online[level],
        "level_strict": strict[level],
        "assess0": base[count],
        "assess_online": online[count],
        "assess_strict": strict[count],
    }
    facts["because"] = (
        f"Self-service relieves the front door ({online[level]:.0f}% answered within 20 s) but nobody gives "
        f"up on an online form, so *more* eligible people reach assessment ({base[count]:.0f} → "
        f"{online[count]:.0f} a week) and its wait grows to {online[wait]:.1f} h. The eligibility rule "
        f"removes assessment work itself ({strict[count]:.0f} a week, wait {strict[wait]:.1f} h). "
        "Easier access reveals demand that long phone queues were hiding."
    )
    working = (
        f"Assessments a week / mean wait: today {base[count]:.1f} / {base[wait]:.1f} h; with {SELF_SERVICE_C:.0%} "
        f"self-service {online[count]:.1f} / {online[wait]:.1f} h (callers who used to give up at the front door now "
        f"reach assessment online); with a {STRICT:.0%} rule {strict[count]:.1f} / {strict[wait]:.1f} h. "
        f"Answer **({answer})**."
    )
    return Solution(answer, working, facts)


c = Exercise(
    "3.1 (c)",
    "Which lever shortens the wait **for an assessment** more: {share:.0%} of callers using the online "
    "self-assessment (eligible people still go on to assessment), or the stricter {rule:.0%} eligibility rule?",
    Choice({"a": "the online self-assessment", "b": "the stricter eligibility rule", "c": "they do the same"}),
    _solve_c,
    mistakes=[
        Mistake(
            "same effect",
            lambda s: "c",
            "They do not: with self-service the wait for assessment is {wait_online:.1f} h, "
            "with the rule {wait_strict:.1f} h.",
            "Try each lever on its own in the experiment and compare the third panel.",
        )
    ],
    hint="Self-service changes how people reach the council; the eligibility rule changes how many are assessed.",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "Self-service and strict eligibility let a council serve those in greatest need with the money it has. "
    "Who might lose out — people without internet access, or whose needs an online form does not capture? "
    "How would you find out, and what would you set up for them?"
)
