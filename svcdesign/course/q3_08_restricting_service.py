"""3.8 Restricting service to balance satisfaction and organisational goals (source document 002, question 3.8).

The candidate's council restricted services from late 2010: strict assessment so that only
genuinely eligible people receive them, a review of high-cost care packages, and long-term health
needs moved to health (NHS) funding. In the model, assessment passes fewer cases to the council's
care provision; of those it no longer passes, a chosen share goes to partner organisations (health
funding) and the rest are refused (advice only). The lesson weighs the organisation's goal — care
arranged on time with the staff it can afford — against the people turned away. Staff changes are
counted in people: full-time equivalents of contract hours, spread over the team's roster pro rata
(:mod:`.staffing`).

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.8", language="fa")``): its
text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course_q3_08_10.po``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..i18n.numbers import UNITS
from ..results import Results
from .answers import Choice, Number, Share
from .controls import Slider
from .council import ASSESSMENT, CARE, PARTNERS, council, own_stages, service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import OVERLOADED_SHARE, panels
from .language import PAID_HOURS, Count, Steps, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate
from .sources import cite
from .staffing import hours_change, paid_hours, people, with_people

QUESTION = "3.8"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Restricting service: satisfaction against organisational goals")
SOURCE = cite("002", QUESTION)
STEP = 0.01
"""Steps of the restricted share the exercises search (a deferred queue turns from overloaded to on
target within a few percent, so the steps must be finer than that)."""
CARE_CUT = -2.0
"""The exercises' budget cut: two fewer care-provision people (full-time equivalents)."""
CARE_LEVEL = tr("Care arranged within 14 days (%)")
PARTNERS_LEVEL = tr("Partners within 5 days (%)")
COST = tr("Council staff cost a week (GBP)")
"""The staff cost of the council's own stages (:func:`.council.own_stages`): the partners are other organisations."""
REFUSED = tr("People refused care a week")
MOVED = tr("People moved to health funding a week")
WAIT = tr("Mean wait for care (hours)")


def _routing():
    r = council().stage(ASSESSMENT).routing.transfer
    return r[CARE], r[PARTNERS]


def scenario(restricted: float = 0.0, to_health: float = 0.0, care_people: float = 0.0):
    """``restricted`` of today's care referrals are no longer passed to care provision; ``to_health``
    of those go to partners (health funding), the rest are refused; ``care_people`` people (full-time
    equivalents) are added to (+) or removed from (−) care provision, spread over its roster pro rata."""
    if not (0 <= restricted <= 1 and 0 <= to_health <= 1):
        raise ValueError(f"restricted and to_health must be shares in [0, 1]; got {restricted}, {to_health}")
    care, partners = _routing()
    routed = council().with_overrides(
        {
            f"stages.{ASSESSMENT}.routing.transfer.{CARE}": care * (1 - restricted),
            f"stages.{ASSESSMENT}.routing.transfer.{PARTNERS}": partners + care * restricted * to_health,
        }
    )
    return with_people(routed, {CARE: care_people})


NOISE = 1e-6
"""People a week below which a difference of two runs' arrivals is the traffic equations' tolerance (the
engine solves the flows to 1e-9 of their size), not people: shown as 0."""


def _people(difference: float) -> float:
    return 0.0 if abs(difference) < NOISE else difference


def _level(results: Results, stage: str) -> float:
    """The share of ``stage``'s work done within its target, or NaN where the engine flags the stage overloaded
    (its queue grows without limit: there is no steady state, so no share to quote)."""
    if results.value("overloaded", stage):
        return math.nan
    return results.value("service_level", stage)


def outcomes(restricted: float = 0.0, to_health: float = 0.0, care_people: float = 0.0) -> pd.Series:
    """What the policy buys the organisation and what it costs the people it no longer serves. A share within a
    target is NaN where its stage is overloaded (its queue grows without limit: no share to quote); the staff cost
    is the council's own (the partners' staff are other organisations')."""
    s = scenario(restricted, to_health, care_people)
    base, r = evaluate(council()), evaluate(s)
    moved = _people(r.value("arrivals", PARTNERS) - base.value("arrivals", PARTNERS))
    fewer = _people(base.value("arrivals", CARE) - r.value("arrivals", CARE))
    return pd.Series(
        {
            CARE_LEVEL: 100 * _level(r, CARE),
            PARTNERS_LEVEL: 100 * _level(r, PARTNERS),
            COST: sum(r.value("staff_cost", stage) for stage in own_stages(s)),
            REFUSED: _people(fewer - moved),
            MOVED: moved,
            WAIT: r.value("asa", CARE) / 3600,
        }
    )


SLIDERS = {
    "restricted": Slider(0.0, 0.5, STEP, tr("Care referrals restricted"), percent=True),
    "to_health": Slider(0.0, 1.0, 0.1, tr("Of those, moved to health funding"), percent=True),
    "care_people": Slider(-3.0, 1.0, 0.5, tr("Care-provision staff added"), tr("people"), signed=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(restricted: float = 0.0, to_health: float = 0.0, care_people: float = CARE_CUT):
    """Today against a budget cut at care provision (people, full-time equivalents) with the chosen restriction."""
    return _figure(restricted, to_health, care_people, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(restricted: float = 0.0, to_health: float = 0.0, care_people: float = CARE_CUT, language: str = "en"):
    """The experiment's panels, named and numbered in ``language`` (the title says the staff change in paid
    hours as :func:`.staffing.describe` does)."""
    table = pd.DataFrame(
        {
            say(tr("today"), language): outcomes(),
            say(tr("your policy"), language): outcomes(restricted, to_health, care_people),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    levels = [say(CARE_LEVEL, language), say(PARTNERS_LEVEL, language)]
    overloaded = table[levels].isna()  # outcomes() leaves a share undefined only where its stage is overloaded
    targets = {
        say(CARE_LEVEL, language): 100 * service_level_target(CARE),
        say(PARTNERS_LEVEL, language): 100 * service_level_target(PARTNERS),
    }
    values = {
        "change": care_people,
        "hours": Count(PAID_HOURS, hours_change(council(), CARE, care_people), "+,.4g"),
        "restricted": restricted,
        "to_health": to_health,
    }
    title = tr(
        "Care provision {change:+g} people (full-time equivalents, {hours} a week);<br>"
        "{restricted:.0%} of care referrals restricted, {to_health:.0%} of those to health funding"
    )
    return panels(
        table, fill(title, values, language), targets=targets, columns=3, language=language, overloaded=overloaded
    )


# --------------------------------------------------------------------------------- exercises
def _care_level(restricted: float, to_health: float = 0.0) -> float:
    """Share of care arranged within 14 days after the budget cut; NaN where care provision is overloaded."""
    return _level(evaluate(scenario(restricted, to_health, CARE_CUT)), CARE)


def _level_said(level: float) -> Text:
    """A share within the target as the texts say it: a percentage, or "overloaded" where there is none (NaN)."""
    return Text(OVERLOADED_SHARE) if math.isnan(level) else Text("{level:.1%}", {"level": level})


def _solve_a() -> Solution:
    target = service_level_target(CARE)
    if not math.isnan(_care_level(0.0)):
        raise ValueError("exercise 3.8 (a) assumes the budget cut overloads care provision without restriction")
    shares = np.round(np.arange(0.0, 1.0 + 1e-9, STEP), 10)
    answer = float(next(s for s in shares if _care_level(s) >= target))
    stable = float(next(s for s in shares if not math.isnan(_care_level(s))))
    f: dict[str, Any] = {
        "target": target,
        "answer": answer,
        "level": _care_level(answer),
        "cut": -CARE_CUT,
        "stable": stable,
        "level_stable": _care_level(stable),
        "staff": people(council(), CARE),
        "cut_hours": -hours_change(council(), CARE, CARE_CUT),
        "hours": paid_hours(council(), CARE),
        "team_paid": Count(PAID_HOURS, paid_hours(council(), CARE), ",g"),
        "change": CARE_CUT,
        "step": STEP,
    }
    f["because"] = tr(
        "Restricting {answer:.0%} of care referrals lets the smaller team arrange {level:.1%} of care "
        "within 14 days (target {target:.0%})."
    )
    steps = Steps(
        "{share:.0%} → {level}",
        tuple({"share": s, "level": _level_said(_care_level(s))} for s in shares if s <= answer),
    )
    working = tr(
        "Care arranged within 14 days with {cut:g} fewer people (full-time equivalents), by share restricted: "
        "{steps}. First at or above {target:.0%}: **{answer:.0%}**."
    )
    return Solution.worked(answer, Text(working, {"steps": steps}), f)


def _judge_a(value: float, solution: Solution) -> Text:
    level, target = _care_level(value), solution.facts["target"]
    if math.isnan(level):
        return Text(
            tr(
                "Restricting {value:.0%}, care provision is still overloaded: care referrals arrive faster than the "
                "smaller team can arrange care, so its queue grows without limit."
            ),
            {"value": value},
        )
    if level < target:
        return Text(
            tr("Restricting {value:.0%}, the team arranges {reached:.1%} of care within 14 days — below {target:.0%}."),
            {"value": value, "reached": level},
        )
    return Text(
        tr(
            "{value:.0%} meets the target ({reached:.1%}) but turns away more people than needed: "
            "find the smallest share."
        ),
        {"value": value, "reached": level},
    )


a = Exercise(
    "3.8 (a)",
    tr(
        "The budget removes {cut:g} of the {staff:g} care-provision staff (people, counted in full-time equivalents): "
        "{cut_hours:,g} of their {team_paid} a week. Without restriction care provision is then overloaded: care "
        "referrals arrive faster than the smaller team can arrange care, so its queue grows without limit. What is "
        "the **smallest share of care referrals to restrict** (a whole percentage, all refused) that meets the target "
        "again ({target:.0%} of care arranged within 14 days)?"
    ),
    Share(abs=0.001),
    _solve_a,
    mistakes=[
        Mistake(
            tr("just not overloaded"),
            lambda s: s.facts["stable"],
            tr(
                "At {stable:.0%} the queue no longer grows without limit, but only {level_stable:.1%} of care is "
                "arranged within 14 days."
            ),
            tr("Not overloaded is not the same as on target; keep going."),
        )
    ],
    hint=tr(
        "Set '{care_lever}' to {change:+g} and '{health_lever}' to 0%, and raise '{restricted_lever}' one "
        "step ({step:.0%}) at a time."
    ),
    judge=_judge_a,
    terms={
        "care_lever": SLIDERS["care_people"],
        "health_lever": SLIDERS["to_health"],
        "restricted_lever": SLIDERS["restricted"],
    },
)


def _solve_b() -> Solution:
    share = a.expected
    o = outcomes(share, 0.0, CARE_CUT)
    refused = o[REFUSED]
    assessed = evaluate(council()).value("arrivals", ASSESSMENT)
    f = {
        "share": share,
        "refused": refused,
        "naive": share * assessed,
        "assessed": assessed,
        "care": evaluate(council()).value("arrivals", CARE),
    }
    f["refused_people"] = Count(UNITS["people"], refused, ".1f")
    f["because"] = tr(
        "{share:.0%} of the {care:.1f} people a week passed to care provision: {refused_people} a week "
        "refused. The organisation meets its target; they are the ones who pay for it."
    )
    working = tr(
        "Care referrals a week today {care:.2f}; × {share:.0%} = **{refused:.2f}** refused a week "
        "(the model's arrivals at care provision before and after)."
    )
    return Solution.worked(refused, Text(working), f)


b = Exercise(
    "3.8 (b)",
    tr(
        "At the rule you found in (a) (the smallest share restricted that meets the target, all refused), **how many "
        "people a week** are refused care they would have received before? (One decimal.)"
    ),
    Number(tr("people a week"), rel=0.03, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            tr("share of all assessments"),
            lambda s: s.facts["naive"],
            tr(
                "That applies {share:.0%} to all {assessed:.0f} assessment contacts; the rule restricts only the "
                "cases passed to care provision ({care:.1f} a week)."
            ),
            tr("Read the '{refused_panel}' panel."),
        )
    ],
    hint=tr("Read the '{refused_panel}' panel with the policy from (a)."),
    terms={"refused_panel": REFUSED},
)


def _solve_c() -> Solution:
    share = a.expected
    o = outcomes(share, 1.0, CARE_CUT)
    target = service_level_target(PARTNERS)
    level = o[PARTNERS_LEVEL] / 100
    if math.isnan(level):
        raise ValueError("exercise 3.8 (c) assumes the partners are not overloaded by the cases moved to them")
    answer = "a" if level >= target else "b"
    f = {
        "share": share,
        "level": level,
        "target": target,
        "moved": o[MOVED],
        "level0": evaluate(council()).value("service_level", PARTNERS),
        "answer": answer,
    }
    f["moved_people"] = Count(UNITS["people"], f["moved"], ".1f")
    f["because"] = tr(
        "Moving {moved_people} a week to the partners takes their share of partners' capacity: "
        "{level:.1%} are seen within 5 days (target {target:.0%}; today {level0:.1%}). Restriction "
        "moves the problem to the next organisation in the chain unless its capacity moves too."
    )
    working = tr(
        "restricted {share:.0%}, to_health 1: partners within 5 days {level0:.1%} → {level:.1%} "
        "(target {target:.0%}). Answer **({answer})**."
    )
    return Solution.worked(answer, Text(working), f)


c = Exercise(
    "3.8 (c)",
    tr(
        "Instead of refusing them, the council moves all the care referrals it restricts under the rule from (a) to "
        "health funding (the partners, whose staff do not change). Do the **partners still see {target:.0%} of their "
        "cases within 5 days**?"
    ),
    Choice({"a": tr("yes"), "b": tr("no")}),
    _solve_c,
    mistakes=[
        Mistake(
            tr("someone else's problem"),
            lambda s: "a" if s.answer == "b" else "b",
            tr("Check the partners' panel: with the moved cases {level:.1%} are seen within 5 days."),
            tr("Set '{health_lever}' to 100%."),
        )
    ],
    hint=tr("Set '{health_lever}' to 100% with the policy from (a) and read the partners' panel."),
    terms={"health_lever": SLIDERS["to_health"]},
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "The candidate's council stopped a pattern — respite after hospital discharge, then long respite, then permanent "
    "residential care. Restriction met the organisation's goals; what did it mean for the people refused and their "
    "families? What would you tell a family who no longer qualifies, and what would you offer instead?"
)
