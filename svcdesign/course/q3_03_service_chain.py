"""3.3 The service chain (source document 002, question 3.3).

The candidate's chain runs "from the organisation to managers, social workers, clients and their
families". A referral passes the front door, a social worker's assessment, care provision or a
partner organisation; "when quality drops or slows, the organisation is held accountable", and
early intervention (home care, respite, extra-care housing, assistive technology) avoids crises.
The lesson follows the referral through the chain (``svcdesign.present.sankey``) and asks who feels a
change made at one link. Staff changes are counted in people: full-time equivalents of contract hours,
spread over the team's roster (:mod:`.staffing`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..explore import chain_flows
from ..present import sankey
from .answers import Choice, Number
from .controls import Slider
from .council import ASSESSMENT, CARE, FRONT_DOOR, PHONE, council
from .exercise import Exercise, Mistake, Solution
from .lesson_runs import evaluate
from .sources import cite
from .staffing import describe, hours_change, paid_hours, people, with_people

QUESTION = "3.3"
TITLE = "The service chain: who is affected, and early intervention"
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


def who_feels_it(crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0) -> pd.DataFrame:
    """Everyone in the chain and the figure that tells them how things are going, today and with the change."""
    rows = []
    for label, s in (("today", council()), ("with your change", scenario(crisis_share, assessment_people))):
        r = evaluate(s)
        rows.append(
            pd.Series(
                {
                    ("organisation", "staff cost a week (GBP)"): r.value("staff_cost"),
                    ("organisation", "social workers' paid hours a week"): paid_hours(s, ASSESSMENT),
                    ("managers", "assessments within 7 days (%)"): 100 * r.value("service_level", ASSESSMENT),
                    ("social workers", "time busy with cases (%)"): 100 * r.value("occupancy", ASSESSMENT),
                    ("clients", f"resolved within {s.resolution_target / 86400:g} days (% of all clients)"): 100
                    * r.value("resolved_within_target"),
                    ("clients", "mean time to resolution of resolved clients (hours)"): r.value("time_to_resolution"),
                    ("families", "callers giving up at the front door (%)"): 100 * r.value("p_abandon", FRONT_DOOR),
                },
                name=label,
            )
        )
    table = pd.DataFrame(rows).T
    table.index.names = ["who", "what they notice"]
    return table.round(1)


SLIDERS = {
    "crisis_share": Slider(0.05, 0.40, 0.025, "Referrals that arrive as crises", percent=True),
    "assessment_people": Slider(-1.0, 3.0, 0.5, "Social workers added at assessment", "people", signed=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(crisis_share: float = TODAY_CRISIS, assessment_people: float = 0.0):
    """The referral's path through the chain (a week of contacts) and who feels the change."""
    from IPython.display import display  # the notebooks extra; the experiment shows a table and a figure

    s = scenario(crisis_share, assessment_people)
    display(who_feels_it(crisis_share, assessment_people))
    fig = sankey(s, evaluate(s))
    fig.update_layout(
        title=f"A week of contacts through the council: {crisis_share:.0%} arrive as crises, "
        f"{describe(council(), ASSESSMENT, assessment_people, SOCIAL_WORKERS)}",
        height=430,
    )
    return fig


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
        "escalated": float(flows.escalated[i, j]),
        "abandon": float(flows.p_abandon[i]),
        "repeats": float(flows.repeats[i, i]),
    }
    f["because"] = (
        f"{flows.escalated[i, j]:.1f} of {calls:.0f} weekly callers are passed to assessment: {per_100:.1f} "
        f"per 100. Fewer than {100 * rule:.0f} because {flows.p_abandon[i]:.0%} of front-door contacts give up "
        f"before being answered; repeat calls ({flows.repeats[i, i]:.1f} a week) add a few back."
    )
    working = (
        f"From `chain_flows`: escalated front door → assessment = {flows.escalated[i, j]:.1f} a week; first phone "
        f"calls = {calls:.0f}; 100 × {flows.escalated[i, j]:.1f} / {calls:.0f} = **{per_100:.1f}**."
    )
    return Solution(per_100, working, f)


a = Exercise(
    "3.3 (a)",
    "The front door passes {naive:.0f}% of the calls it handles to a social worker. Of every **100 people who phone** "
    "the front door, how many reach an assessment? (Hover over the Sankey diagram's links.) One decimal.",
    Number("people", abs=0.3),
    _solve_a,
    mistakes=[
        Mistake(
            "the routing share",
            lambda s: s.facts["naive"],
            "{naive:.0f} is the share of *handled* calls passed on. Not every caller is handled.",
            "Some callers give up while waiting ({abandon:.0%} of front-door contacts) and some call again; "
            "divide the escalated link by the phone calls.",
        )
    ],
    hint="Divide the 'front door → assessment' link by the phone calls entering on the left, × 100.",
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
    f["because"] = (
        f"Crisis cases take {f['multiplier']:.1f}× as long to assess. With fewer of them the team has slack, and "
        f"near capacity a little slack cuts the wait a lot: {w0:.1f} → {w1:.1f} hours."
    )
    working = (
        f"Crisis share {TODAY_CRISIS:.0%} → {TODAY_CRISIS * EARLY:.1%}: mean wait for assessment {w0:.1f} h → "
        f"{w1:.1f} h, a fall of **{w0 - w1:.1f} hours** (time to resolution falls {t0 - t1:.1f} h)."
    )
    return Solution(w0 - w1, working, f)


b = Exercise(
    "3.3 (b)",
    "Today {crisis:.0%} of demand arrives as a crisis (discharge from hospital), which takes longer to assess. Early "
    "intervention — home care, respite, assistive technology — halves that share to {crisis_after:.1%}. **By how many "
    "hours does the mean wait for an assessment fall?**",
    Number("hours", rel=0.05, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            "the new wait",
            lambda s: s.facts["w1"],
            "That is the new wait ({w1:.1f} h); the question asks how much it falls.",
            "Subtract it from today's wait ({w0:.1f} h).",
        ),
        Mistake(
            "time to resolution",
            lambda s: s.facts["ttr_drop"],
            "That is the fall in the mean time to resolution over the whole chain, not the wait for assessment.",
            "Use `lesson.evaluate(lesson.scenario(...)).value('asa', 'assessment')` (seconds) or the table.",
        ),
    ],
    hint=(
        "Compare `lesson.evaluate(lesson.scenario()).value('asa', 'assessment')` with the same at the lower "
        "crisis share (seconds ÷ 3600)."
    ),
)


def _rise(change: float) -> str:
    """A relative change for the texts: a percentage, or "without limit" where a queue is overloaded."""
    return f"{change:+.0%}" if np.isfinite(change) else "without limit (overloaded)"


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
        "care_shown": _rise(change["c"]),
        "ttr0": before.value("time_to_resolution"),
        "ttr1": after.value("time_to_resolution"),
        "lost": -LOST,
        "hours": -hours_change(council(), ASSESSMENT, LOST),
        "team": people(council(), ASSESSMENT),
        "team_hours": paid_hours(council(), ASSESSMENT),
        "busy": before.value("occupancy", ASSESSMENT),
        "overloaded": bool(after.value("overloaded", ASSESSMENT)),
    }
    if f["overloaded"]:
        clients = (
            f"But the social workers were already busy {f['busy']:.1%} of their time: without {f['hours']:g} of "
            f"their {f['team_hours']:,g} paid hours a week, referrals arrive faster than the team can assess them, "
            "the queue for assessment grows week after week (overloaded) and the clients' time to resolution no "
            "longer settles at any figure"
            + (f" (half a person fewer: {f['ttr0']:.0f} → {half:.0f} hours)." if np.isfinite(half) else ".")
        )
    else:
        clients = f"But clients wait {f['ttr0']:.0f} → {f['ttr1']:.0f} hours for their issue to be resolved."
    f["because"] = (
        f"The front door and care provision see no change ({_rise(change['a'])}, {_rise(change['c'])}): the "
        f"work still reaches them. {clients} The damage is invisible inside the organisation and fully visible "
        "to clients and families — and the organisation is held accountable for it."
    )
    working = (
        f"Assessment team {describe(council(), ASSESSMENT, LOST, SOCIAL_WORKERS)}: front-door wait "
        f"{_rise(change['a'])}, time to resolution {_rise(change['b'])}, care-provision wait "
        f"{_rise(change['c'])}. Answer **({answer})**."
    )
    return Solution(answer, working, f)


c = Exercise(
    "3.3 (c)",
    "The assessment team ({team:g} social workers, counted in full-time equivalents) loses {lost:g} of them: "
    "{hours:g} of its {team_hours:,g} paid hours a week. Which figure rises most (relative to today)?",
    Choice(
        {
            "a": "the wait at the front door",
            "b": "the clients' time until their issue is resolved",
            "c": "the wait for care provision",
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            "downstream stage",
            lambda s: "c",
            "Care provision's wait changes by {care_shown}: the same work still reaches it, only later.",
            f"Look at the clients' row of the table with assessment_people = {LOST:g}.",
        )
    ],
    hint=f"Set '{SLIDERS['assessment_people'].description}' to {LOST:+g} and compare the rows of the table.",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "Draw the chain for your own service: who is at each link, and what does each of them notice first when one link "
    "slows down? Where would early intervention pay for itself, and who would have to pay for it first?"
)
