"""3.9 Different behaviours and personalities (source document 002, question 3.9).

The candidate meets difficult, pleasant, angry, moody, shy and uneasy customers: stay calm, be
polite, set limits, find the need behind the anger. Source document 001 adds that shy customers or
weak communicators say one thing while the agent hears another, and that new staff struggle to
absorb anger. The lesson gives the bank three segments that behave differently and asks what each
costs the service and how each feels about it (``svcdesign.evaluate`` per segment and
``svcdesign.response.experience``).

The segments' multipliers are illustrative modelling choices (no published source), stated in
:data:`SEGMENTS`; change them and see which conclusions hold.

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.9", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..i18n.numbers import UNITS
from .answers import Choice, Number
from .controls import Slider
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .language import Count, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate, example, experience
from .sources import cite

QUESTION = "3.9"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Different behaviours and personalities")
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
SEGMENT_NAMES = {"routine": tr("routine"), "angry": tr("angry"), "shy": tr("shy")}
"""Each segment's name as the figure shows it (marked English)."""
CONTACTS = tr("Representative contacts a week")
GIVING_UP = tr("Giving up while waiting (%)")
ESCALATED = tr("Coordinator contacts a week")
SATISFACTION = tr("Satisfaction (0-10)")


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
            CONTACTS: r.value("arrivals", REPRESENTATIVE, segment=g.name),
            GIVING_UP: 100 * r.value("p_abandon", REPRESENTATIVE, segment=g.name),
            ESCALATED: r.value("arrivals", COORDINATOR, segment=g.name),
            SATISFACTION: e.value("satisfaction", segment=g.name),
        }
    return pd.DataFrame(rows).T


SLIDERS = {
    "angry_share": Slider(0.05, 0.40, 0.05, tr("Callers who are angry"), percent=True),
    "de_escalation": Slider(0.0, 1.0, 0.25, tr("Extra escalations resolved by trained staff"), percent=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(angry_share: float = ANGRY_SHARE, de_escalation: float = 0.0):
    """Each segment's contacts, abandonment, escalations and satisfaction."""
    return _figure(angry_share, de_escalation, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(angry_share: float = ANGRY_SHARE, de_escalation: float = 0.0, language: str = "en"):
    """The experiment's panels, named and numbered in ``language``."""
    wait = evaluate(scenario(angry_share, de_escalation)).value("asa", COORDINATOR)
    table = by_segment(angry_share, de_escalation)
    table.index = [say(SEGMENT_NAMES[name], language) for name in table.index]
    table.columns = [say(name, language) for name in table.columns]
    return panels(
        table,
        fill(
            tr(
                "{angry_share:.0%} angry callers, de-escalation {de_escalation:.0%}: "
                "coordinators' mean wait {wait:.0f} s"
            ),
            {"angry_share": angry_share, "de_escalation": de_escalation, "wait": wait},
            language,
        ),
        columns=2,
        language=language,
    )


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    table = by_segment()
    sat = table[SATISFACTION]
    lowest = str(sat.idxmin())  # a segment name
    answer = {"routine": "a", "angry": "b", "shy": "c"}[lowest]
    f: dict[str, Any] = {f"sat_{k}": v for k, v in sat.items()}
    f["because"] = LEAST_SATISFIED[lowest]
    if list(sat.index) != list(SEGMENTS):
        raise ValueError(f"exercise 3.9 (a): segments {list(sat.index)}, expected {list(SEGMENTS)}")
    working = tr(
        "`experience(...).value('satisfaction', segment=…)`: routine {sat_routine:.3f}, angry {sat_angry:.3f}, "
        "shy {sat_shy:.3f}. Answer **({answer})**."
    )
    return Solution.worked(answer, Text(working, {"answer": answer}), f)


LEAST_SATISFIED = {
    "routine": tr(
        "Satisfaction: routine {sat_routine:.2f}, angry {sat_angry:.2f}, shy {sat_shy:.2f}. Routine callers wait "
        "longest and are passed on more: the same queue feels different to different people."
    ),
    "angry": tr(
        "Satisfaction: routine {sat_routine:.2f}, angry {sat_angry:.2f}, shy {sat_shy:.2f}. Angry callers wait "
        "with less patience and are passed on more: the same queue feels different to different people."
    ),
    "shy": tr(
        "Satisfaction: routine {sat_routine:.2f}, angry {sat_angry:.2f}, shy {sat_shy:.2f}. Shy callers wait "
        "longest and are passed on more: the same queue feels different to different people."
    ),
}
"""Exercise (a)'s explanation, by the segment the model finds least satisfied."""

a = Exercise(
    "3.9 (a)",
    tr(
        "All three kinds of caller meet the same representatives and the same queue. "
        "**Which group is least satisfied?**"
    ),
    Choice({"a": tr("routine callers"), "b": tr("angry callers"), "c": tr("shy callers")}),
    _solve_a,
    mistakes=[
        Mistake(
            tr("quiet means content"),
            lambda s: "c" if s.answer != "c" else "a",
            tr("Not in the model: shy callers score {sat_shy:.2f}, angry {sat_angry:.2f}, routine {sat_routine:.2f}."),
            tr("Read the satisfaction panel."),
        )
    ],
    hint=tr("Read the satisfaction panel at the defaults."),
)


def _solve_b() -> Solution:
    table = by_segment()
    contacts = table[ESCALATED]
    angry = contacts["angry"]
    total = contacts.sum()
    f = {
        "angry": angry,
        "total": total,
        "total_contacts": Count(UNITS["contacts"], total),
        "share": angry / total,
        "angry_share": ANGRY_SHARE,
        "naive": ANGRY_SHARE * total,
    }
    f["because"] = tr(
        "Angry callers are {angry_share:.0%} of callers but bring {angry:.0f} of the coordinators' {total_contacts} "
        "a week ({share:.0%})."
    )
    working = tr("Coordinator arrivals, segment 'angry': **{angry:.1f}** a week of {total:.1f} ({share:.1%}).")
    return Solution.worked(angry, Text(working), f)


b = Exercise(
    "3.9 (b)",
    tr("{angry_share:.0%} of callers are angry. **How many coordinator contacts a week** come from angry callers?"),
    Number(tr("contacts a week"), rel=0.03, digits=0),
    _solve_b,
    mistakes=[
        Mistake(
            tr("their share of callers"),
            lambda s: s.facts["naive"],
            tr(
                "That gives angry callers {angry_share:.0%} of the coordinators' work, as if they escalated like "
                "everyone else. They ask for a senior colleague more often."
            ),
            tr("Read the '{escalated_panel}' panel for the angry segment."),
        )
    ],
    hint=tr("Read the '{escalated_panel}' panel."),
    terms={"escalated_panel": ESCALATED},
)


def _solve_c() -> Solution:
    w0 = evaluate(scenario()).value("asa", COORDINATOR)
    w1 = evaluate(scenario(de_escalation=1.0)).value("asa", COORDINATOR)
    f: dict[str, Any] = {"w0": w0, "w1": w1, "drop": w0 - w1}
    f["because"] = tr(
        "When representatives calm angry callers and resolve their issue themselves, coordinators' mean wait "
        "falls from {w0:.0f} s to {w1:.0f} s — for every caller who needs a coordinator, not just the angry ones."
    )
    working = tr("Coordinator ASA {w0:.1f} s → {w1:.1f} s with de_escalation = 1: a fall of **{drop:.1f} s**.")
    return Solution.worked(w0 - w1, Text(working), f)


c = Exercise(
    "3.9 (c)",
    tr(
        "Training in absorbing anger (source documents 001 and 004) lets representatives resolve all of angry "
        "callers' *extra* escalations themselves (de_escalation = 1). "
        "**By how many seconds does the coordinators' mean wait fall?**"
    ),
    Number(tr("seconds"), rel=0.05, digits=0),
    _solve_c,
    mistakes=[
        Mistake(
            tr("the new wait"),
            lambda s: s.facts["w1"],
            tr("That is the new mean wait ({w1:.0f} s); the question asks how much it falls."),
            tr("Subtract it from the wait at de_escalation = 0 ({w0:.0f} s) — both are in the figure's title."),
        )
    ],
    hint=tr("The coordinators' mean wait is in the figure's title; compare de_escalation 0 and 1."),
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "Think of the last angry customer you served. What was the need behind the anger? Which of the candidate's rules — "
    "stay calm, be polite, set limits, acknowledge upset customers regularly — helped, and when would you hand the "
    "customer to a colleague (who, with what information, and how)?"
)
