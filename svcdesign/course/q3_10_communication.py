"""3.10 Effective communication (source document 002, question 3.10).

The candidate: listen closely, read body language and tone, respond fast, across face to face, phone,
email and online. Source document 001: "assuming you understood the need without checking" is a
common mistake — confirm by asking. Source document 003's five A's: acknowledge, apologise (if
needed), answer (and ask), analyse, adjust. A misunderstanding is failure demand: the customer calls
again. The lesson measures what repeat contacts cost (first-contact resolution, workload, waits,
satisfaction) and how long confirming can take before it costs more than the repeats it prevents.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .answers import Number, Share, Whole
from .controls import Slider
from .council import service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .lesson_runs import evaluate, example, experience
from .sources import cite, claim

QUESTION = "3.10"
TITLE = "Effective communication: misunderstandings, repeat contacts and first-contact resolution"
SOURCE = cite("002", QUESTION)
REPRESENTATIVE = "representative"
TODAY_REPEAT = example("bank").stage(REPRESENTATIVE).routing.repeat
TODAY_HANDLE = example("bank").stage(REPRESENTATIVE).handle_time.mean
REPEAT_CLAIM = claim("experience.resolution_loss_per_repeat")
"""SQM Group's rule of thumb the satisfaction model uses (a practitioner claim)."""
MAX_SECONDS = 60
"""Exercise (b) searches whole seconds from 0 to this."""
SLIDERS = {
    "repeat_share": Slider(0.0, 0.30, 0.01, "Handled calls that come back", percent=True),
    "confirm_seconds": Slider(0, MAX_SECONDS, 1, "Time spent confirming the need", "s"),
}
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def scenario(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0):
    """The bank where ``repeat_share`` of handled calls come back (misunderstandings included) and each
    call takes ``confirm_seconds`` longer (the agent confirms the need by asking)."""
    return example("bank").with_overrides(
        {
            f"stages.{REPRESENTATIVE}.routing.repeat": float(repeat_share),
            f"stages.{REPRESENTATIVE}.handle_time.mean": TODAY_HANDLE + float(confirm_seconds),
        }
    )


def outcomes(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0) -> pd.Series:
    s = scenario(repeat_share, confirm_seconds)
    r = evaluate(s)
    return pd.Series(
        {
            "First-contact resolution (%)": 100 * r.value("fcr"),
            "Contacts per resolution": r.value("contacts_per_resolution"),
            "Representative workload (agents busy on average)": r.value("offered_load", REPRESENTATIVE),
            "Answered within 20 s (%)": 100 * r.value("service_level", REPRESENTATIVE),
            "Pillar: resolution (0-10)": experience(s).value("pillar_resolution"),
            "Satisfaction (0-10)": experience(s).value("satisfaction"),
        }
    )


def experiment(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0):
    """Today against the chosen repeat share and confirmation time."""
    table = pd.DataFrame({"today": outcomes(), "your calls": outcomes(repeat_share, confirm_seconds)}).T
    return panels(
        table,
        f"{repeat_share:.0%} of calls come back; confirming adds {confirm_seconds:.0f} s per call",
        targets={"Answered within 20 s (%)": 100 * service_level_target(REPRESENTATIVE, example("bank"))},
        columns=3,
    )


# --------------------------------------------------------------------------------- exercises
MISUNDERSTOOD = 0.20
"""Exercise (a)/(c): misunderstandings push repeats to 20% of handled calls."""


def _naive_fcr(repeat: float) -> float:
    routing = example("bank").stage(REPRESENTATIVE).routing
    return 1 - (sum(routing.escalate.values()) + sum(routing.transfer.values()) + repeat)


def _solve_a() -> Solution:
    fcr = evaluate(scenario(MISUNDERSTOOD)).value("fcr")
    f: dict[str, Any] = {
        "repeat": MISUNDERSTOOD,
        "today": TODAY_REPEAT,
        "fcr": fcr,
        "fcr0": evaluate(scenario()).value("fcr"),
        "naive": _naive_fcr(MISUNDERSTOOD),
    }
    f["because"] = (
        f"First-contact resolution falls from {f['fcr0']:.1%} to {fcr:.1%}. (It is not simply 1 − escalations − "
        f"transfers − repeats = {f['naive']:.1%}: anxious customers escalate more often.)"
    )
    working = (
        f"`evaluate(...).value('fcr')` with representative repeat {MISUNDERSTOOD:.0%}: **{fcr:.1%}** "
        f"(today {f['fcr0']:.1%}; the routing alone would suggest {f['naive']:.1%}, "
        f"but anxious customers escalate more often)."
    )
    return Solution(fcr, working, f)


a = Exercise(
    "3.10 (a)",
    "Today {today:.0%} of the calls representatives handle come back as repeat contacts. New staff who assume they "
    "understood without checking push that to **{repeat:.0%}**. What is the **first-contact resolution** then?",
    Share(abs=0.003),
    _solve_a,
    mistakes=[
        Mistake(
            "today",
            lambda s: s.facts["fcr0"],
            "That is today's first-contact resolution.",
            "Set '" + SLIDERS["repeat_share"].description + "' to {repeat:.0%}.",
        ),
        Mistake(
            "routing arithmetic",
            lambda s: s.facts["naive"],
            "That is 1 − escalations − transfers − repeats from the routing alone; the bank's anxious "
            "customers escalate more often than the routing's average.",
            "Read the model's figure in the first panel.",
        ),
    ],
    hint="Set '" + SLIDERS["repeat_share"].description + "' to {repeat:.0%} and read the first panel.",
)


PREVENTED_TO = 0.05
"""Exercise (b): confirming the need cuts repeats from today's share to 5%."""


def _load(repeat: float, seconds: float) -> float:
    return evaluate(scenario(repeat, seconds)).value("offered_load", REPRESENTATIVE)


def _solve_b() -> Solution:
    today = _load(TODAY_REPEAT, 0)
    low, high = 0, MAX_SECONDS  # workload rises with seconds: bisect for the last whole second at or below today's
    if _load(PREVENTED_TO, low) > today or _load(PREVENTED_TO, high) <= today:
        raise ValueError("exercise 3.10 (b): the break-even is outside 0-60 s; the bank example has changed")
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if _load(PREVENTED_TO, mid) <= today else (low, mid)
    answer = low
    f: dict[str, Any] = {
        "today": TODAY_REPEAT,
        "to": PREVENTED_TO,
        "load0": today,
        "answer": answer,
        "load": _load(PREVENTED_TO, answer),
        "over": answer + 1,
        "load_over": _load(PREVENTED_TO, answer + 1),
        "handle": TODAY_HANDLE,
        "rough": (TODAY_REPEAT - PREVENTED_TO) * TODAY_HANDLE,
    }
    f["because"] = (
        f"Up to {answer} extra seconds per call, the repeats prevented save more agent time than confirming "
        f"costs (workload {f['load']:.3f} against {today:.3f} agents busy today) — close to the rough rule "
        f"({TODAY_REPEAT:.0%} − {PREVENTED_TO:.0%}) × {TODAY_HANDLE:.0f} s = {f['rough']:.1f} s. Slow but right "
        "beats fast (source document 004)."
    )
    working = (
        f"Representatives' offered load today {today:.4f} Erlangs. With repeats at {PREVENTED_TO:.0%}: "
        f"+{answer} s → {f['load']:.4f}, +{answer + 1} s → {f['load_over']:.4f}. Largest whole second not above "
        f"today's: **{answer} s** (rough rule: {f['rough']:.1f} s)."
    )
    return Solution(answer, working, f)


def _judge_b(value: float, solution: Solution) -> str:
    if not 0 <= value <= MAX_SECONDS:
        return f"Look between 0 and {MAX_SECONDS} seconds."
    load, today = _load(PREVENTED_TO, value), solution.facts["load0"]
    if load > today:
        return f"At +{value:.0f} s the representatives are busier than today ({load:.3f} against {today:.3f} agents)."
    return (
        f"+{value:.0f} s still saves time ({load:.3f} against {today:.3f} agents busy); "
        f"confirming could take a little longer."
    )


b = Exercise(
    "3.10 (b)",
    "Confirming the need by asking (the five A's: *answer and ask*) cuts repeat contacts from {today:.0%} to "
    "{to:.0%} of handled calls, but makes every call longer. What is the **largest whole number of extra seconds "
    "per call** for which the representatives' workload is no higher than today?",
    Whole("seconds"),
    _solve_b,
    mistakes=[
        Mistake(
            "one second too far",
            lambda s: s.facts["over"],
            "At +{over} s the representatives are busier than today ({load_over:.3f} against {load0:.3f} agents busy).",
            "Compare the workload panel with today's, second by second.",
        ),
        Mistake(
            "a whole call",
            lambda s: round(s.facts["handle"]),
            "{handle:.0f} s is a whole call: confirming would have to prevent one repeat on *every* call. It prevents "
            "one on only {today:.0%} − {to:.0%} of calls.",
            "Multiply the share of calls whose repeat is prevented by the length of a call — "
            "then check with the model.",
        ),
    ],
    hint="Set '"
    + SLIDERS["repeat_share"].description
    + "' to {to:.0%} and raise '"
    + SLIDERS["confirm_seconds"].description
    + "' until the workload passes today's (or call `lesson.outcomes(repeat_share, confirm_seconds)`).",
    judge=_judge_b,
)


def _solve_c() -> Solution:
    cpr = evaluate(scenario(MISUNDERSTOOD)).value("contacts_per_resolution")
    f = {
        "repeat": MISUNDERSTOOD,
        "cpr": cpr,
        "naive": 1 / (1 - MISUNDERSTOOD),
        "cpr0": evaluate(scenario()).value("contacts_per_resolution"),
        "claim": REPEAT_CLAIM,
        "pillar0": outcomes()["Pillar: resolution (0-10)"],
        "pillar": outcomes(MISUNDERSTOOD)["Pillar: resolution (0-10)"],
    }
    f["because"] = (
        f"{cpr:.2f} contacts per issue resolved (today {f['cpr0']:.2f}), counting escalations and transfers as "
        f"well as repeats. The resolution pillar falls {f['pillar0']:.2f} → {f['pillar']:.2f}: {REPEAT_CLAIM}."
    )
    working = (
        f"`value('contacts_per_resolution')` at {MISUNDERSTOOD:.0%} repeats: **{cpr:.2f}** (today {f['cpr0']:.2f})."
    )
    return Solution(cpr, working, f)


c = Exercise(
    "3.10 (c)",
    "With repeats at {repeat:.0%}, how many **contacts per issue resolved** does the bank handle (all stages)? "
    "Two decimals.",
    Number("contacts", abs=0.006, digits=2),
    _solve_c,
    mistakes=[
        Mistake(
            "repeats only",
            lambda s: s.facts["naive"],
            "1 / (1 − {repeat:.2f}) counts only the repeats at the representatives; escalations and transfers are "
            "contacts too, at other stages.",
            "Read the 'Contacts per resolution' panel.",
        )
    ],
    hint="Set '"
    + SLIDERS["repeat_share"].description
    + "' to {repeat:.0%} and read the 'Contacts per resolution' panel.",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "Listen to (or remember) a call where the customer had to call back. Which of the five A's — acknowledge, "
    "apologise, answer and ask, analyse, adjust — was missing? How would you confirm the need on the phone, where "
    "you cannot read body language, and in an email?"
)
