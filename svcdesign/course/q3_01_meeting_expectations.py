"""3.1 Meeting customers' expectations when money is short (source document 002, question 3.1).

The candidate's council "encourages customers to do more themselves (even self-assessment)", which
"lets the organisation decide who is eligible and serve those in need". Two levers shift demand
without new money: online self-service takes calls away from the front door, and the eligibility
rule decides how many callers go on to a social worker's assessment. The experiment and exercises
measure what each does with today's staff (``svcdesign.evaluate`` on the council example).

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.1", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..i18n.numbers import UNITS
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
from .language import Count, Steps, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate
from .sources import cite

QUESTION = "3.1"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Meeting customers' expectations when money is short")
SOURCE = cite("002", QUESTION)
TODAY_ESCALATED = escalated_share()
"""Share of handled front-door calls passed to assessment in the example council (its eligibility rule)."""
STEP = 0.05
"""Steps of self-service share the exercises use (the slider's step)."""
LEVEL = tr("Front door: answered within 20 s (%)")
WAIT = tr("Assessment: mean wait (hours)")
COUNT = tr("Assessments a week")


def outcomes(self_service: float = 0.0, escalated: float = TODAY_ESCALATED) -> pd.Series:
    """What a week looks like with today's staff when ``self_service`` of callers use the online
    self-assessment and ``escalated`` of handled calls go on to assessment."""
    scenario = with_eligibility(with_self_service(council(), self_service), escalated)
    r = evaluate(scenario)
    return pd.Series(
        {
            LEVEL: 100 * r.value("service_level", FRONT_DOOR),
            tr("Front door: callers giving up (%)"): 100 * r.value("p_abandon", FRONT_DOOR),
            WAIT: r.value("asa", ASSESSMENT) / 3600,
            COUNT: r.value("arrivals", ASSESSMENT),
            tr("Staff cost a week (GBP)"): r.value("staff_cost"),
        }
    )


SLIDERS = {
    "self_service": Slider(0.0, 0.5, STEP, tr("Callers who use online self-assessment"), percent=True),
    "escalated": Slider(0.10, 0.30, 0.01, tr("Handled calls passed on to assessment"), percent=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(self_service: float = 0.0, escalated: float = TODAY_ESCALATED):
    """Today against the chosen self-service share and eligibility rule (same staff, same money)."""
    return _figure(self_service, escalated, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(self_service: float = 0.0, escalated: float = TODAY_ESCALATED, language: str = "en"):
    """The experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("today"), language): outcomes(),
            say(tr("with your levers"), language): outcomes(self_service, escalated),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    target = 100 * service_level_target(FRONT_DOOR)
    return panels(
        table,
        fill(
            tr("Same staff, same money: {self_service:.0%} self-service, {escalated:.0%} passed to assessment"),
            {"self_service": self_service, "escalated": escalated},
            language,
        ),
        targets={say(LEVEL, language): target},
        columns=3,
        language=language,
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
        "answer": answer,
        "target": target,
        "level0": levels[0.0],
        "level": levels[answer],
        "short": short,
        "level_short": levels.get(short, np.nan),
        "calls": phone_volume(),
    }
    facts["because"] = tr(
        "At {answer:.0%} self-service the front door answers {level:.1%} of calls within 20 s "
        "(target {target:.0%}); at {short:.0%} only {level_short:.1%}. Taking calls away "
        "from the phone frees the same staff for those who still call."
    )
    steps = Steps("{share:.0%} → {level:.1%}", tuple({"share": s, "level": levels[s]} for s in shares if s <= answer))
    working = tr(
        "Today the front door answers {level0:.1%} within 20 s. Evaluating the week with {steps}: the first share "
        "at or above {target:.0%} is **{answer:.0%}**."
    )
    return Solution.worked(float(answer), Text(working, {"steps": steps}), facts)


def _judge_a(value: float, solution: Solution) -> Text:
    level = _front_door_level(min(value, 0.9))
    if level < solution.facts["target"]:
        return Text(
            tr(
                "With {value:.0%} self-service the front door answers {reached:.1%} within 20 s — "
                "still below the {target:.0%} target."
            ),
            {"value": value, "reached": level},
        )
    return Text(
        tr(
            "{value:.0%} does meet the target ({reached:.1%}), but a smaller share already does: you were asked for "
            "the smallest one."
        ),
        {"value": value, "reached": level},
    )


a = Exercise(
    "3.1 (a)",
    tr(
        "The council cannot hire. Today its front door answers {level0:.1%} of phone calls within 20 seconds; the "
        "target is {target:.0%}. What is the **smallest self-service share** (a multiple of 5%) at which the front "
        "door meets the target with today's staff? Answer as a share, e.g. `0.25` or `'25%'`."
    ),
    Share(abs=0.001),
    _solve_a,
    mistakes=[
        Mistake(
            tr("today already meets it"),
            lambda s: 0.0,
            tr(
                "With no self-service the front door answers only {level0:.1%} within 20 s: "
                "below the {target:.0%} target."
            ),
            tr("Move '{self_service_lever}' up one step at a time and watch the first panel."),
        ),
        Mistake(
            tr("one step short"),
            lambda s: s.facts["short"],
            tr("At {short:.0%} the front door answers {level_short:.1%} within 20 s — just below {target:.0%}."),
            tr("The target is *at least* {target:.0%}; go one step further."),
        ),
    ],
    hint=tr("Use the experiment with '{escalated_lever}' left where it is, and read the front door's service level."),
    judge=_judge_a,
    terms={"self_service_lever": SLIDERS["self_service"], "escalated_lever": SLIDERS["escalated"]},
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
    facts["strict_hours"] = Count(UNITS["hours"], strict, ".1f")
    facts["because"] = tr(
        "Assessments fall from {before:.0f} to {after:.0f} a week and the mean wait from "
        "{today:.1f} to {strict_hours}: near capacity, a little less work shortens queues a lot."
    )
    working = tr(
        "Set '{escalated_lever}' to {rule:.0%}: assessments a week {before:.1f} → {after:.1f}; social workers' "
        "occupancy falls, and the mean wait for an assessment (Erlang C over the working week) goes from "
        "{today:.1f} h to **{strict:.1f} h**."
    )
    return Solution.worked(strict, Text(working, {"escalated_lever": SLIDERS["escalated"].description}), facts)


b = Exercise(
    "3.1 (b)",
    tr(
        "Today {escalated:.0%} of the front door's handled calls are passed to a social worker's assessment. The "
        "council tightens its eligibility rule so that only {rule:.0%} are (the rest get advice and signposting). "
        "With no self-service, what is the **mean wait for an assessment, in hours**?"
    ),
    Number(tr("hours"), rel=0.05, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            tr("today's wait"),
            lambda s: s.facts["today"],
            tr("That is today's wait, with {escalated:.0%} passed on."),
            tr("Set '{escalated_lever}' to {rule:.0%} and leave self-service at 0%."),
        ),
        Mistake(
            tr("days, not hours"),
            lambda s: s.facts["strict_days"],
            tr("That looks like the wait in days; the question asks for hours."),
            tr("Multiply by 24."),
        ),
    ],
    hint=tr("Read the third panel ('{wait_panel}') with '{escalated_lever}' at {rule:.0%}."),
    terms={"escalated_lever": SLIDERS["escalated"], "wait_panel": WAIT},
)


SELF_SERVICE_C = 0.20
"""The self-service share compared in exercise (c)."""


def _solve_c() -> Solution:
    base = outcomes()
    online = outcomes(SELF_SERVICE_C, TODAY_ESCALATED)
    strict = outcomes(0.0, STRICT)
    wait, level, count = WAIT, LEVEL, COUNT
    answer = "a" if online[wait] < strict[wait] else "b"
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
    facts["because"] = tr(
        "Self-service relieves the front door ({level_online:.0f}% answered within 20 s) but nobody gives "
        "up on an online form, so *more* eligible people reach assessment ({assess0:.0f} → "
        "{assess_online:.0f} a week) and its wait grows to {wait_online:.1f} h. The eligibility rule "
        "removes assessment work itself ({assess_strict:.0f} a week, wait {wait_strict:.1f} h). "
        "Easier access reveals demand that long phone queues were hiding."
    )
    working = tr(
        "Assessments a week / mean wait: today {assess0:.1f} / {wait0:.1f} h; with {share:.0%} self-service "
        "{assess_online:.1f} / {wait_online:.1f} h (callers who used to give up at the front door now reach "
        "assessment online); with a {rule:.0%} rule {assess_strict:.1f} / {wait_strict:.1f} h. Answer **({answer})**."
    )
    return Solution.worked(answer, Text(working, {"answer": answer}), facts)


c = Exercise(
    "3.1 (c)",
    tr(
        "Which lever shortens the wait **for an assessment** more: {share:.0%} of callers using the online "
        "self-assessment (eligible people still go on to assessment), or the stricter {rule:.0%} eligibility rule?"
    ),
    Choice(
        {
            "a": tr("the online self-assessment"),
            "b": tr("the stricter eligibility rule"),
            "c": tr("they do the same"),
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            tr("same effect"),
            lambda s: "c",
            tr(
                "They do not: with self-service the wait for assessment is {wait_online:.1f} h, "
                "with the rule {wait_strict:.1f} h."
            ),
            tr("Try each lever on its own in the experiment and compare the third panel."),
        )
    ],
    hint=tr("Self-service changes how people reach the council; the eligibility rule changes how many are assessed."),
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "Self-service and strict eligibility let a council serve those in greatest need with the money it has. "
    "Who might lose out — people without internet access, or whose needs an online form does not capture? "
    "How would you find out, and what would you set up for them?"
)
