"""3.4 How customers form expectations (source document 002, question 3.4).

The candidate: customers "research before buying, compare with neighbouring organisations, expect
high quality at a reasonable price". svcdesign models expectations as a blend of an external
reference — competitors, word of mouth, promises — and the customer's own experience
(E = ω·reference + (1 − ω)·experience, smoothed over a year; Oliva & Sterman 2001), and
satisfaction from the gap between what customers get and what they expected (Oliver 1980; a
shortfall weighs more than a surplus, Anderson & Sullivan 1993). The lesson uses the bank example
and ``svcdesign.response.experience``.

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.4", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..assumptions import load_assumptions
from ..i18n.numbers import UNITS
from .answers import Choice, Number
from .controls import Slider
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .language import Count, Text, drawn_in, fill, say, tr
from .lesson_runs import example, experience
from .sources import cite

QUESTION = "3.4"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("How customers form expectations")
SOURCE = cite("002", QUESTION)
BACK_OFFICE = "back office"
_table = load_assumptions()
DEFAULT_WAIT = _table.value("expectations.reference_wait")
"""Wait (s) customers consider normal elsewhere — the assumptions table's reference."""
DEFAULT_OMEGA = _table.value("expectations.weight_external")
DEFAULT_PROMISE_HOURS = (
    example("bank").target_for(BACK_OFFICE).answer_within / 3600 * _table.value("expectations.promise_factor")
)
EXPECTED = tr("Expected experience (0-10)")
PERCEIVED = tr("Perceived experience (0-10)")
GAP = tr("Gap: perceived − expected")
SATISFACTION = tr("Satisfaction (0-10)")
SATISFIED = tr("Satisfied customers (%)")
KEPT = tr("Back-office promises kept (%)")


def bank():
    return example("bank")


def options(
    competitor_wait: float = DEFAULT_WAIT,
    weight_external: float = DEFAULT_OMEGA,
    promise_hours: float = DEFAULT_PROMISE_HOURS,
) -> dict:
    """Options of ``svcdesign.response.experience`` for the lesson's three levers."""
    return {
        "reference": {g.name: {"wait": float(competitor_wait)} for g in bank().segments},
        "overrides": {"expectations.weight_external": float(weight_external)},
        "promises": {BACK_OFFICE: float(promise_hours) * 3600},
    }


def outcomes(
    competitor_wait: float = DEFAULT_WAIT,
    weight_external: float = DEFAULT_OMEGA,
    promise_hours: float = DEFAULT_PROMISE_HOURS,
) -> pd.Series:
    """Expected and perceived experience, the gap, satisfaction and promises kept (all customers)."""
    r = experience(bank(), **options(competitor_wait, weight_external, promise_hours))
    return pd.Series(
        {
            EXPECTED: r.value("expected_experience"),
            PERCEIVED: r.value("experience_index"),
            GAP: r.value("disconfirmation"),
            SATISFACTION: r.value("satisfaction"),
            SATISFIED: 100 * r.value("share_satisfied"),
            KEPT: 100 * r.value("promises_kept", BACK_OFFICE),
        }
    )


SLIDERS = {
    "competitor_wait": Slider(10.0, 180.0, 10.0, tr("Competitor's time to answer"), tr("s")),
    "weight_external": Slider(0.0, 1.0, 0.1, tr("Weight of outside references in expectations, ω"), tr("0 to 1")),
    "promise_hours": Slider(2.0, 48.0, 2.0, tr("Back office's promised reply time"), tr("hours")),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(
    competitor_wait: float = DEFAULT_WAIT,
    weight_external: float = DEFAULT_OMEGA,
    promise_hours: float = DEFAULT_PROMISE_HOURS,
):
    """The same bank, the same service: what changes is what customers expect."""
    return _figure(competitor_wait, weight_external, promise_hours, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(
    competitor_wait: float = DEFAULT_WAIT,
    weight_external: float = DEFAULT_OMEGA,
    promise_hours: float = DEFAULT_PROMISE_HOURS,
    language: str = "en",
):
    """The experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("defaults"), language): outcomes(),
            say(tr("your settings"), language): outcomes(competitor_wait, weight_external, promise_hours),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    return panels(
        table,
        fill(
            tr(
                "Same service, different expectations: competitor answers in {competitor_wait:.0f} s, "
                "ω = {weight_external:.2f}, back office promises {promise_hours:.0f} h"
            ),
            {"competitor_wait": competitor_wait, "weight_external": weight_external, "promise_hours": promise_hours},
            language,
        ),
        columns=3,
        language=language,
    )


# --------------------------------------------------------------------------------- exercises
COMPETITOR = 20.0
"""Exercise (a): a neighbouring bank answers in 20 s."""


def _solve_a() -> Solution:
    base, fast = outcomes(), outcomes(competitor_wait=COMPETITOR)
    s = SATISFACTION
    f: dict[str, Any] = {
        "wait": COMPETITOR,
        "default_wait": DEFAULT_WAIT,
        "sat0": base[s],
        "sat": fast[s],
        "gap0": base[GAP],
        "gap": fast[GAP],
    }
    f["because"] = tr(
        "Nothing about our service changed, yet satisfaction falls from {sat0:.2f} to {sat:.2f}: "
        "the competitor raised what customers expect, so the gap turns more negative ({gap0:+.2f} → "
        "{gap:+.2f})."
    )
    working = tr(
        "`experience(...)` with a reference wait of {wait:.0f} s for every segment: expected experience rises, the "
        "gap is {gap:+.3f}, satisfaction **{sat:.2f}** (default reference {default_wait:.0f} s: {sat0:.2f})."
    )
    return Solution.worked(fast[s], Text(working), f)


a = Exercise(
    "3.4 (a)",
    tr(
        "Customers who phone the bank compare it with the waits they know elsewhere — by default "
        "{default_wait:.0f} s. A neighbouring bank now answers in **{wait:.0f} s**, and customers hear about it. "
        "Our service does not change. What is our **satisfaction score** (0–10, two decimals)?"
    ),
    Number(tr("points"), abs=0.015, digits=2),
    _solve_a,
    mistakes=[
        Mistake(
            tr("nothing changes"),
            lambda s: s.facts["sat0"],
            tr(
                "{sat0:.2f} is the score before the competitor improved. "
                "Our service is the same, but expectations are not."
            ),
            tr("Set '{competitor_lever}' to {wait:.0f} and read the satisfaction panel."),
        )
    ],
    hint=tr("Set '{competitor_lever}' to {wait:.0f}, leave the other sliders, read '{satisfaction_panel}'."),
    terms={"competitor_lever": SLIDERS["competitor_wait"], "satisfaction_panel": SATISFACTION},
)


def _solve_b() -> Solution:
    own, base, other = outcomes(weight_external=0.0), outcomes(), outcomes(weight_external=1.0)
    g = GAP
    f = {"gap": own[g], "gap0": base[g], "gap1": other[g], "omega": DEFAULT_OMEGA}
    f["because"] = tr(
        "Customers who judge us only by their own experience expect exactly what they have been getting: "
        "no surprise either way, a gap of zero. Only an outside reference (competitors, word of mouth, "
        "promises) can make them expect more — or less — than we deliver."
    )
    working = tr(
        "ω = 0: expectations = the steady state of their own experience, so perceived − expected = "
        "**{gap:.2f}** (ω = {omega:g}: {gap0:+.3f}; ω = 1: {gap1:+.3f})."
    )
    return Solution.worked(round(own[g], 6), Text(working), f)


b = Exercise(
    "3.4 (b)",
    tr(
        "ω (`weight_external`) is how much customers' expectations rest on outside references rather than their own "
        "experience. If customers formed expectations **only from their own past experience** (ω = 0), what would the "
        "gap 'perceived − expected' be? (Two decimals.)"
    ),
    Number(tr("points"), abs=0.005, digits=2),
    _solve_b,
    mistakes=[
        Mistake(
            tr("today's gap"),
            lambda s: s.facts["gap0"],
            tr("That is the gap at ω = {omega:g}, where half of the expectation comes from outside."),
            tr("Set '{weight_lever}' to 0."),
        ),
        Mistake(
            tr("only outside references"),
            lambda s: s.facts["gap1"],
            tr("That is ω = 1: expectations made entirely outside."),
            tr("ω = 0 means no outside reference at all."),
        ),
    ],
    hint=tr("Set '{weight_lever}' to 0 and think about what customers who only know you can expect."),
    terms={"weight_lever": SLIDERS["weight_external"]},
)


FAST_PROMISE = 4.0
"""Exercise (c): the back office promises replies in 4 hours."""


def _solve_c() -> Solution:
    base, fast = outcomes(), outcomes(promise_hours=FAST_PROMISE)
    s, k = SATISFACTION, KEPT
    answer = "a" if fast[s] > base[s] + 1e-9 else "b" if fast[s] < base[s] - 1e-9 else "c"
    f: dict[str, Any] = {
        "hours": FAST_PROMISE,
        "default_hours": DEFAULT_PROMISE_HOURS,
        "default_promise": Count(UNITS["hours"], DEFAULT_PROMISE_HOURS),
        "promise": Count(UNITS["hours"], FAST_PROMISE),
        "sat0": base[s],
        "sat": fast[s],
        "kept0": base[k],
        "kept": fast[k],
    }
    f["because"] = tr(
        "The faster promise raises expectations and is broken far more often ({kept0:.0f}% → {kept:.0f}% "
        "kept): satisfaction falls {sat0:.2f} → {sat:.2f}. Source document 001: 'making promises and "
        "not keeping them' is an employee mistake; the fix is to set expectations you can meet."
    )
    working = tr(
        "promise {default_hours:.0f} h → {hours:.0f} h: promises kept {kept0:.1f}% → {kept:.1f}%, "
        "satisfaction {sat0:.3f} → {sat:.3f}. Answer **({answer})**."
    )
    return Solution.worked(answer, Text(working, {"answer": answer}), f)


c = Exercise(
    "3.4 (c)",
    tr(
        "The back office answers written requests within a day and promises customers {default_promise}. To "
        "look more attractive it starts promising **{promise}** — with the same staff. What happens to "
        "satisfaction?"
    ),
    Choice(
        {
            "a": tr("it rises: customers like a faster promise"),
            "b": tr("it falls"),
            "c": tr("it does not change"),
        }
    ),
    _solve_c,
    mistakes=[
        Mistake(
            tr("faster promise pleases"),
            lambda s: "a",
            tr(
                "A promise is only as good as its keeping: now only {kept:.0f}% of them are kept, and broken "
                "promises weigh more than kept ones."
            ),
            tr("Set '{promise_lever}' to {hours:.0f} and look at promises kept and satisfaction."),
        )
    ],
    hint=tr("Set '{promise_lever}' to {hours:.0f}."),
    terms={"promise_lever": SLIDERS["promise_hours"]},
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "List where your own customers' expectations come from: competitors, friends and family, your website, "
    "what your staff promise. Which of them can you influence this month? Source document 000 warns: "
    "never promise a prize when it is only a draw."
)
