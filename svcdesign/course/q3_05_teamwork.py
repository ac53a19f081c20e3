"""3.5 Teamwork (source document 002, question 3.5).

"If a worker promised a reply within a week and then falls ill or leaves, any colleague must be able
to pick the case up: a central record of every contact is essential. Customers see the organisation
as one unit." In the model, a case whose social worker is away when the reply is due and that no
colleague can pick up (nothing on the shared record) stalls: a week later the client chases and the
case comes back to the assessment team, who start again. With a shared record a colleague picks it
up. The lesson measures what lost hand-offs cost a team that works near its capacity.

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.5", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..assumptions import load_assumptions
from ..i18n.numbers import UNITS
from .answers import Number, Share
from .controls import Slider
from .council import ASSESSMENT, council, service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .language import Count, Steps, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate, experience
from .sources import cite

QUESTION = "3.5"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Teamwork: shared case records against lost hand-offs")
SOURCE = cite("002", QUESTION)
ABSENCE = load_assumptions().value("dynamics.default_absenteeism")
"""Share of social workers away at any time (assumptions table ``dynamics.default_absenteeism``); the
lesson assumes the same share of cases have their worker away when the promised reply is due."""
PROMISED_REPLY = "1w"
"""The reply the candidate's worker promised: within a week (source document 002, question 3.5)."""
CONTACTS = tr("Assessment contacts a week")
WAIT = tr("Mean wait for assessment (hours)")
WITHIN = tr("Assessed within 7 days (%)")


def stalled_share(absence: float = ABSENCE, record_coverage: float = 0.0) -> float:
    """Share of assessed cases that stall: worker away, and the case not on the shared record."""
    if not (0 <= absence <= 0.2 and 0 <= record_coverage <= 1):
        raise ValueError(f"absence must be in [0, 0.2] and record_coverage in [0, 1]; got {absence}, {record_coverage}")
    return absence * (1.0 - record_coverage)


def scenario(absence: float = ABSENCE, record_coverage: float = 0.0):
    """The council where stalled cases come back to assessment a week later (the client chases)."""
    return council().with_overrides(
        {
            f"stages.{ASSESSMENT}.routing.repeat": stalled_share(absence, record_coverage),
            f"stages.{ASSESSMENT}.routing.repeat_to": ASSESSMENT,
            f"stages.{ASSESSMENT}.routing.repeat_delay": PROMISED_REPLY,
        }
    )


def outcomes(absence: float = ABSENCE, record_coverage: float = 0.0) -> pd.Series:
    s = scenario(absence, record_coverage)
    r, e = evaluate(s), experience(s)
    return pd.Series(
        {
            CONTACTS: r.value("arrivals", ASSESSMENT),
            tr("Social workers busy (%)"): 100 * r.value("occupancy", ASSESSMENT),
            WAIT: r.value("asa", ASSESSMENT) / 3600,
            WITHIN: 100 * r.value("service_level", ASSESSMENT),
            tr("Contacts per resolution"): r.value("contacts_per_resolution"),
            tr("Client satisfaction (0-10)"): e.value("satisfaction"),
        }
    )


SLIDERS = {
    "absence": Slider(0.0, 0.15, 0.01, tr("Social workers away"), percent=True),
    "record_coverage": Slider(0.0, 1.0, 0.1, tr("Cases kept on the shared record"), percent=True),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(absence: float = ABSENCE, record_coverage: float = 0.0):
    """Every case on the shared record against the chosen absence and record coverage."""
    return _figure(absence, record_coverage, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(absence: float = ABSENCE, record_coverage: float = 0.0, language: str = "en"):
    """The experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("every case on the record"), language): outcomes(absence, 1.0),
            say(tr("your team"), language): outcomes(absence, record_coverage),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    target = 100 * service_level_target(ASSESSMENT)
    return panels(
        table,
        fill(
            tr(
                "{absence:.0%} of workers away, {coverage:.0%} of cases on the shared record: "
                "{stalled:.1%} of cases stall"
            ),
            {"absence": absence, "coverage": record_coverage, "stalled": stalled_share(absence, record_coverage)},
            language,
        ),
        targets={say(WITHIN, language): target},
        columns=3,
        language=language,
    )


# --------------------------------------------------------------------------------- exercises
COVERAGE_B = 0.5
"""Exercise (a)/(b): half the cases on the shared record (not the answer to (c), which the question must not
give away)."""


def _solve_a() -> Solution:
    full, part = evaluate(scenario(ABSENCE, 1.0)), evaluate(scenario(ABSENCE, COVERAGE_B))
    extra = part.value("arrivals", ASSESSMENT) - full.value("arrivals", ASSESSMENT)
    stalled = stalled_share(ABSENCE, COVERAGE_B)
    naive = stalled * full.value("arrivals", ASSESSMENT)
    f: dict[str, Any] = {
        "absence": ABSENCE,
        "coverage": COVERAGE_B,
        "stalled": stalled,
        "extra": extra,
        "naive": naive,
        "base": full.value("arrivals", ASSESSMENT),
    }
    f["because"] = tr(
        "{stalled:.1%} of the {base:.1f} weekly assessment contacts stall and come back — some of "
        "them stall again, and each returning case brings its own follow-up visits: {extra:.2f} extra "
        "contacts a week, work done twice."
    )
    working = tr(
        "Stalled share = {absence:.0%} × (1 − {coverage:.0%}) = {stalled:.1%}. Assessment contacts a week: "
        "{base:.2f} with every case on the record, {part:.2f} at {coverage:.0%} coverage: **{extra:.2f}** extra — "
        "more than {naive:.2f} (= {stalled:.1%} × {base:.1f}) because returning cases can stall again and bring "
        "their own follow-ups."
    )
    return Solution.worked(extra, Text(working, {"part": part.value("arrivals", ASSESSMENT)}), f)


a = Exercise(
    "3.5 (a)",
    tr(
        "{absence:.0%} of social workers are away at any time. Only {coverage:.0%} of cases are on the shared record, "
        "so {stalled:.1%} of cases stall and the client chases a week later. **How many extra assessment contacts a "
        "week** does the team handle, compared with every case on the record? (Two decimals.)"
    ),
    Number(tr("contacts a week"), rel=0.04, digits=2),
    _solve_a,
    mistakes=[
        Mistake(
            tr("stall only once"),
            lambda s: s.facts["naive"],
            tr(
                "{naive:.2f} counts each stalled case once. But a case that comes back can stall again, and brings "
                "its own follow-up visits."
            ),
            tr(
                "Read the first panel for both teams (record_coverage = {coverage:.1f}), or use "
                "`lesson.outcomes(record_coverage=…)`."
            ),
        )
    ],
    hint=tr("Compare '{contacts_panel}' with record_coverage at {coverage:.1f} and at 1."),
    terms={"contacts_panel": CONTACTS},
)


def _solve_b() -> Solution:
    full, part = evaluate(scenario(ABSENCE, 1.0)), evaluate(scenario(ABSENCE, COVERAGE_B))
    w0, w1 = full.value("asa", ASSESSMENT) / 3600, part.value("asa", ASSESSMENT) / 3600
    f: dict[str, Any] = {
        "coverage": COVERAGE_B,
        "w0": w0,
        "w1": w1,
        "rise_hours": Count(UNITS["hours"], w1 - w0, ".1f"),
        "rise_days": (w1 - w0) / 24,
        "busy": 100 * full.value("occupancy", ASSESSMENT),
        "extra_share": part.value("arrivals", ASSESSMENT) / full.value("arrivals", ASSESSMENT) - 1,
        "times": w1 / w0,
    }
    f["because"] = tr(
        "{extra_share:.1%} more work makes the mean wait {times:.1f} times as long ({w0:.1f} → {w1:.1f} h): "
        "the team was already busy {busy:.0f}% of the time, and near capacity queues grow steeply."
    )
    working = tr(
        "Mean wait for assessment: {w0:.1f} h (every case on the record) → {w1:.1f} h ({coverage:.0%} coverage): "
        "a rise of **{rise_hours}**."
    )
    return Solution.worked(w1 - w0, Text(working), f)


b = Exercise(
    "3.5 (b)",
    tr(
        "With the same {coverage:.0%} coverage, **by how many hours does the mean wait for an assessment rise** "
        "compared with every case on the record?"
    ),
    Number(tr("hours"), rel=0.05, digits=1),
    _solve_b,
    mistakes=[
        Mistake(
            tr("the new wait"),
            lambda s: s.facts["w1"],
            tr("That is the new wait ({w1:.1f} h); the question asks how much it rises."),
            tr("Subtract the wait with every case on the record ({w0:.1f} h)."),
        ),
        Mistake(
            tr("days, not hours"),
            lambda s: s.facts["rise_days"],
            tr("That looks like days; the question asks for hours."),
            tr("Multiply by 24."),
        ),
    ],
    hint=tr("Compare the third panel for the two teams."),
)

STEP = 0.1


def _solve_c() -> Solution:
    target = service_level_target(ASSESSMENT)
    coverages = np.round(np.arange(0.0, 1.0 + 1e-9, STEP), 10)
    levels = {c: evaluate(scenario(ABSENCE, c)).value("service_level", ASSESSMENT) for c in coverages}
    answer = next(c for c in coverages if levels[c] >= target)
    overloaded = [c for c in coverages if evaluate(scenario(ABSENCE, c)).value("overloaded", ASSESSMENT) > 0]
    not_overloaded = next(c for c in coverages if c not in overloaded)
    f = {
        "target": target,
        "absence": ABSENCE,
        "answer": answer,
        "level": levels[answer],
        "short": answer - STEP,
        "level_short": levels.get(round(answer - STEP, 10), np.nan),
        "stable": not_overloaded,
        "level_stable": levels[not_overloaded],
    }
    f["because"] = tr(
        "At {answer:.0%} coverage {level:.1%} of referrals are assessed within 7 days (target "
        "{target:.0%}). Below {stable:.0%} the team is overloaded: its backlog grows without limit."
    )
    steps = Steps("{coverage:.0%} → {level:.1%}", tuple({"coverage": c, "level": levels[c]} for c in coverages))
    working = tr(
        "Service level within 7 days by coverage: {steps}. First at or above {target:.0%}: **{answer:.0%}** "
        "(not overloaded from {stable:.0%})."
    )
    return Solution.worked(float(answer), Text(working, {"steps": steps}), f)


def _judge_c(value: float, solution: Solution) -> Text:
    level = evaluate(scenario(ABSENCE, value)).value("service_level", ASSESSMENT)
    if level < solution.facts["target"]:
        return Text(
            tr(
                "At {value:.0%} coverage only {reached:.1%} are assessed within 7 days — below the {target:.0%} target."
            ),
            {"value": value, "reached": level},
        )
    return Text(
        tr(
            "{value:.0%} meets the target ({reached:.1%}), but less coverage already does: "
            "you were asked for the smallest."
        ),
        {"value": value, "reached": level},
    )


c = Exercise(
    "3.5 (c)",
    tr(
        "With {absence:.0%} of workers away, what is the **smallest share of cases on the shared record** (a multiple "
        "of 10%) at which the team still assesses {target:.0%} of referrals within 7 days?"
    ),
    Share(abs=0.001),
    _solve_c,
    mistakes=[
        Mistake(
            tr("just not overloaded"),
            lambda s: s.facts["stable"],
            tr(
                "At {stable:.0%} the backlog no longer grows without limit, but only {level_stable:.1%} are "
                "assessed within 7 days."
            ),
            tr("Not being overloaded is not the same as meeting the target; keep going."),
        )
    ],
    hint=tr("Move '{coverage_lever}' up in steps of 10% and watch '{within_panel}' against its target line."),
    judge=_judge_c,
    terms={"coverage_lever": SLIDERS["record_coverage"], "within_panel": WITHIN},
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "The candidate compares teamwork to tuning an instrument. In your team, what does a colleague need to pick up your "
    "case tomorrow — and where is it written down? Which of your customers would notice first if it were not?"
)
