"""3.9 Different behaviours and personalities (source document 002, question 3.9).

The candidate meets difficult, pleasant, angry, moody, shy and uneasy customers: stay calm, be
polite, set limits, find the need behind the anger. Source document 001 adds that shy customers or
weak communicators say one thing while the agent hears another, and that new staff struggle to
absorb anger. The lesson gives the bank three segments that behave differently and asks what each
costs the service and how each feels about it (``svcdesign.evaluate`` per segment and
``svcdesign.response.experience``).

The segments' multipliers are illustrative modelling choices (no published source), stated in
:data:`SEGMENTS`; change them and see which conclusions hold.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .answers import Choice, Number
from .controls import Slider
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .lesson_runs import evaluate, example, experience
from .sources import cite

QUESTION = "3.9"
TITLE = "Different behaviours and personalities"
SOURCE = cite("002", QUESTION)
REPRESENTATIVE, COORDINATOR = "representative", "coordinator"

SEGMENTS = {
    "routine": {"handle_time_multiplier": 1.0, "patience_multiplier": 1.0, "escalation_multiplier": 1.0},
    "angry": {"handle_time_multiplier": 1.5, "patience_multiplier": 0.5, "escalation_multiplier": 2.0},
    "shy": {"handle_time_multiplier": 1.25, "patience_multiplier": 1.5, "escalation_multiplier": 0.5},
}
"""Illustrative behaviour of each segment (× the stage's handle time, patience and escalation): angry
customers take longer, hang up sooner and ask for a senior colleague twice as often; shy customers
take longer to say what they need, wait patiently and rarely ask to escalate. Modelling choices."""
ANGRY_SHARE, SHY_SHARE = 0.15, 0.15
"""Default shares of angry and shy callers (illustrative)."""


def scenario(angry_share: float = ANGRY_SHARE, de_escalation: float = 0.0):
    """The bank with routine, angry and shy callers. ``de_escalation`` (0–1) is the share of angry
    callers' *extra* escalations that trained representatives resolve themselves."""
    if not (0 < angry_share < 1 - SHY_SHARE and 0 <= de_escalation <= 1):
        raise ValueError(f"angry_share must be in (0, {1 - SHY_SHARE}) and de_escalation in [0, 1]")
    angry = dict(SEGMENTS["angry"])
    angry["escalation_multiplier"] = 1 + (angry["escalation_multiplier"] - 1) * (1 - de_escalation)
    value = example("bank").segments[0].annual_value
    segments = [
        {"name": "routine", "share": 1 - angry_share - SHY_SHARE, "annual_value": value, **SEGMENTS["routine"]},
        {"name": "angry", "share": angry_share, "annual_value": value, **angry},
        {"name": "shy", "share": SHY_SHARE, "annual_value": value, **SEGMENTS["shy"]},
    ]
    return example("bank").with_overrides({"segments": segments})


def by_segment(angry_share: float = ANGRY_SHARE, de_escalation: float = 0.0) -> pd.DataFrame:
    """Per segment: contacts, giving up, escalations reaching coordinators, satisfaction."""
    s = scenario(angry_share, de_escalation)
    r, e = evaluate(s), experience(s)
    rows = {}
    for g in s.segments:
        rows[g.name] = {
            "Representative contacts a week": r.value("arrivals", REPRESENTATIVE, segment=g.name),
            "Giving up while waiting (%)": 100 * r.value("p_abandon", REPRESENTATIVE, segment=g.name),
            "Coordinator contacts a week": r.value("arrivals", COORDINATOR, segment=g.name),
            "Satisfaction (0-10)": e.value("satisfaction", segment=g.name),
        }
    return pd.DataFrame(rows).T


SLIDERS = {
    "angry_share": Slider(0.05, 0.40, 0.05, "Callers who are angry", percent=True),
    "de_escalation": Slider(0.0, 1.0, 0.25, "Extra escalations resolved by trained staff", percent=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(angry_share: float = ANGRY_SHARE, de_escalation: float = 0.0):
    """Each segment's contacts, abandonment, escalations and satisfaction."""
    s = scenario(angry_share, de_escalation)
    wait = evaluate(s).value("asa", COORDINATOR)
    return panels(
        by_segment(angry_share, de_escalation),
        f"{angry_share:.0%} angry callers, de-escalation {de_escalation:.0%}: coordinators' mean wait {wait:.0f} s",
        columns=2,
    )


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    table = by_segment()
    sat = table["Satisfaction (0-10)"]
    lowest = str(sat.idxmin())  # a segment name
    answer = {"routine": "a", "angry": "b", "shy": "c"}[lowest]
    f = {f"sat_{k}": v for k, v in sat.items()}
    f["because"] = (
        f"Satisfaction: routine {sat['routine']:.2f}, angry {sat['angry']:.2f}, shy {sat['shy']:.2f}. "
        f"{lowest.capitalize()} callers wait {'with less patience' if lowest == 'angry' else 'longest'} "
        "and are passed on more: the same queue feels different to different people."
    )
    working = (
        f"`experience(...).value('satisfaction', segment=…)`: {', '.join(f'{k} {v:.3f}' for k, v in sat.items())}. "
        f"Answer **({answer})**."
    )
    return Solution(answer, working, f)


a = Exercise(
    "3.9 (a)",
    "All three kinds of caller meet the same representatives and the same queue. **Which group is least satisfied?**",
    Choice({"a": "routine callers", "b": "angry callers", "c": "shy callers"}),
    _solve_a,
    mistakes=[
        Mistake(
            "quiet means content",
            lambda s: "c" if s.answer != "c" else "a",
            "Not in the model: shy callers score {sat_shy:.2f}, angry {sat_angry:.2f}, routine {sat_routine:.2f}.",
            "Read the satisfaction panel.",
        )
    ],
    hint="Read the satisfaction panel at the defaults.",
)


def _solve_b() -> Solution:
    table = by_segment()
    contacts = table["Coordinator contacts a week"]
    angry = contacts["angry"]
    total = contacts.sum()
    f = {
        "angry": angry,
        "total": total,
        "share": angry / total,
        "angry_share": ANGRY_SHARE,
        "naive": ANGRY_SHARE * total,
    }
    f["because"] = (
        f"Angry callers are {ANGRY_SHARE:.0%} of callers but bring {angry:.0f} of the coordinators' {total:.0f} "
        f"contacts a week ({angry / total:.0%})."
    )
    working = f"Coordinator arrivals, segment 'angry': **{angry:.1f}** a week of {total:.1f} ({angry / total:.1%})."
    return Solution(angry, working, f)


b = Exercise(
    "3.9 (b)",
    "{angry_share:.0%} of callers are angry. **How many coordinator contacts a week** come from angry callers?",
    Number("contacts a week", rel=0.03, digits=0),
    _solve_b,
    mistakes=[
        Mistake(
            "their share of callers",
            lambda s: s.facts["naive"],
            "That gives angry callers {angry_share:.0%} of the coordinators' work, as if they escalated like "
            "everyone else. They ask for a senior colleague more often.",
            "Read the 'Coordinator contacts a week' panel for the angry segment.",
        )
    ],
    hint="Read the 'Coordinator contacts a week' panel.",
)


def _solve_c() -> Solution:
    w0 = evaluate(scenario()).value("asa", COORDINATOR)
    w1 = evaluate(scenario(de_escalation=1.0)).value("asa", COORDINATOR)
    f: dict[str, Any] = {"w0": w0, "w1": w1, "drop": w0 - w1}
    f["because"] = (
        f"When representatives calm angry callers and resolve their issue themselves, coordinators' mean wait "
        f"falls from {w0:.0f} s to {w1:.0f} s — for every caller who needs a coordinator, not just the angry ones."
    )
    working = f"Coordinator ASA {w0:.1f} s → {w1:.1f} s with de_escalation = 1: a fall of **{w0 - w1:.1f} s**."
    return Solution(w0 - w1, working, f)


c = Exercise(
    "3.9 (c)",
    "Training in absorbing anger (source documents 001 and 004) lets representatives resolve all of angry "
    "callers' *extra* escalations themselves (de_escalation = 1). "
    "**By how many seconds does the coordinators' mean wait fall?**",
    Number("seconds", rel=0.05, digits=0),
    _solve_c,
    mistakes=[
        Mistake(
            "the new wait",
            lambda s: s.facts["w1"],
            "That is the new mean wait ({w1:.0f} s); the question asks how much it falls.",
            "Subtract it from the wait at de_escalation = 0 ({w0:.0f} s) — both are in the figure's title.",
        )
    ],
    hint="The coordinators' mean wait is in the figure's title; compare de_escalation 0 and 1.",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "Think of the last angry customer you served. What was the need behind the anger? Which of the candidate's rules — "
    "stay calm, be polite, set limits, acknowledge upset customers regularly — helped, and when would you hand the "
    "customer to a colleague (who, with what information, and how)?"
)
