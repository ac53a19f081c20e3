"""3.10 Effective communication (source document 002, question 3.10).

The candidate: listen closely, read body language and tone, respond fast, across face to face, phone,
email and online. Source document 001: "assuming you understood the need without checking" is a
common mistake — confirm by asking. Source document 003's five A's: acknowledge, apologise (if
needed), answer (and ask), analyse, adjust. A misunderstanding is failure demand: the customer calls
again. The lesson measures what repeat contacts cost (first-contact resolution, workload, waits,
satisfaction) and how long confirming can take before it costs more than the repeats it prevents.

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.10", language="fa")``): its
text is marked with :func:`~.language.tr` and translated in ``svcdesign/i18n/locale/<language>/course_q3_08_10.po``
(which also translates the practitioner claim :data:`REPEAT_CLAIM`, as :func:`.sources.claim` writes it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..i18n.numbers import UNITS
from .answers import Number, Share, Whole
from .controls import Slider
from .council import service_level_target
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .language import Count, Text, drawn_in, fill, say, tr
from .lesson_runs import evaluate, example, experience
from .sources import cite, claim

QUESTION = "3.10"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Effective communication: misunderstandings, repeat contacts and first-contact resolution")
SOURCE = cite("002", QUESTION)
REPRESENTATIVE = "representative"
TODAY_REPEAT = example("bank").stage(REPRESENTATIVE).routing.repeat
TODAY_HANDLE = example("bank").stage(REPRESENTATIVE).handle_time.mean
REPEAT_CLAIM = claim("experience.resolution_loss_per_repeat")
"""SQM Group's rule of thumb the satisfaction model uses (a practitioner claim)."""
MAX_SECONDS = 60
"""Exercise (b) searches whole seconds from 0 to this."""
SLIDERS = {
    "repeat_share": Slider(0.0, 0.30, 0.01, tr("Handled calls that come back"), percent=True),
    "confirm_seconds": Slider(0, MAX_SECONDS, 1, tr("Time spent confirming the need"), tr("s")),
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


FCR = tr("First-contact resolution (%)")
CONTACTS = tr("Contacts per resolution")
WORKLOAD = tr("Representative workload (agents busy on average)")
ANSWERED = tr("Answered within 20 s (%)")
PILLAR = tr("Pillar: resolution (0-10)")
SATISFACTION = tr("Satisfaction (0-10)")


def outcomes(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0) -> pd.Series:
    s = scenario(repeat_share, confirm_seconds)
    r = evaluate(s)
    return pd.Series(
        {
            FCR: 100 * r.value("fcr"),
            CONTACTS: r.value("contacts_per_resolution"),
            WORKLOAD: r.value("offered_load", REPRESENTATIVE),
            ANSWERED: 100 * r.value("service_level", REPRESENTATIVE),
            PILLAR: experience(s).value("pillar_resolution"),
            SATISFACTION: experience(s).value("satisfaction"),
        }
    )


def experiment(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0):
    """Today against the chosen repeat share and confirmation time."""
    return _figure(repeat_share, confirm_seconds, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language`` (the same levers and defaults)."""
    return drawn_in(_figure, experiment, language)


def _figure(repeat_share: float = TODAY_REPEAT, confirm_seconds: float = 0.0, language: str = "en"):
    """The experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("today"), language): outcomes(),
            say(tr("your calls"), language): outcomes(repeat_share, confirm_seconds),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    return panels(
        table,
        fill(
            tr("{repeat_share:.0%} of calls come back; confirming adds {confirm_seconds:.0f} s per call"),
            {"repeat_share": repeat_share, "confirm_seconds": confirm_seconds},
            language,
        ),
        targets={say(ANSWERED, language): 100 * service_level_target(REPRESENTATIVE, example("bank"))},
        columns=3,
        language=language,
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
    f["because"] = tr(
        "First-contact resolution falls from {fcr0:.1%} to {fcr:.1%}. (It is not simply 1 − escalations − "
        "transfers − repeats = {naive:.1%}: anxious customers escalate more often.)"
    )
    working = tr(
        "`evaluate(...).value('fcr')` with representative repeat {repeat:.0%}: **{fcr:.1%}** "
        "(today {fcr0:.1%}; the routing alone would suggest {naive:.1%}, "
        "but anxious customers escalate more often)."
    )
    return Solution.worked(fcr, Text(working), f)


a = Exercise(
    "3.10 (a)",
    tr(
        "Today {today:.0%} of the calls representatives handle come back as repeat contacts. New staff who assume "
        "they understood without checking push that to **{repeat:.0%}**. What is the **first-contact resolution** "
        "then?"
    ),
    Share(abs=0.003),
    _solve_a,
    mistakes=[
        Mistake(
            tr("today"),
            lambda s: s.facts["fcr0"],
            tr("That is today's first-contact resolution."),
            tr("Set '{repeat_lever}' to {repeat:.0%}."),
        ),
        Mistake(
            tr("routing arithmetic"),
            lambda s: s.facts["naive"],
            tr(
                "That is 1 − escalations − transfers − repeats from the routing alone; the bank's anxious "
                "customers escalate more often than the routing's average."
            ),
            tr("Read the model's figure in the first panel."),
        ),
    ],
    hint=tr("Set '{repeat_lever}' to {repeat:.0%} and read the first panel."),
    terms={"repeat_lever": SLIDERS["repeat_share"]},
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
    f["because"] = tr(
        "Up to {answer} extra seconds per call, the repeats prevented save more agent time than confirming "
        "costs (workload {load:.3f} against {load0:.3f} agents busy today) — close to the rough rule "
        "({today:.0%} − {to:.0%}) × {handle:.0f} s = {rough:.1f} s. Slow but right "
        "beats fast (source document 004)."
    )
    working = tr(
        "Representatives' offered load today {load0:.4f} Erlangs. With repeats at {to:.0%}: "
        "+{answer} s → {load:.4f}, +{over} s → {load_over:.4f}. Largest whole second not above "
        "today's: **{answer} s** (rough rule: {rough:.1f} s)."
    )
    return Solution.worked(answer, Text(working), f)


def _judge_b(value: float, solution: Solution) -> Text:
    if not 0 <= value <= MAX_SECONDS:
        return Text(tr("Look between 0 and {most}."), {"most": Count(UNITS["seconds"], MAX_SECONDS)})
    load = _load(PREVENTED_TO, value)
    if load > solution.facts["load0"]:
        return Text(
            tr(
                "At +{value:.0f} s the representatives are busier than today "
                "({reached:.3f} against {load0:.3f} agents)."
            ),
            {"value": value, "reached": load},
        )
    return Text(
        tr(
            "+{value:.0f} s still saves time ({reached:.3f} against {load0:.3f} agents busy); "
            "confirming could take a little longer."
        ),
        {"value": value, "reached": load},
    )


b = Exercise(
    "3.10 (b)",
    tr(
        "Confirming the need by asking (the five A's: *answer and ask*) cuts repeat contacts from {today:.0%} to "
        "{to:.0%} of handled calls, but makes every call longer. What is the **largest whole number of extra "
        "seconds per call** for which the representatives' workload is no higher than today?"
    ),
    Whole(tr("seconds")),
    _solve_b,
    mistakes=[
        Mistake(
            tr("one second too far"),
            lambda s: s.facts["over"],
            tr(
                "At +{over} s the representatives are busier than today ({load_over:.3f} against {load0:.3f} "
                "agents busy)."
            ),
            tr("Compare the workload panel with today's, second by second."),
        ),
        Mistake(
            tr("a whole call"),
            lambda s: round(s.facts["handle"]),
            tr(
                "{handle:.0f} s is a whole call: confirming would have to prevent one repeat on *every* call. It "
                "prevents one on only {today:.0%} − {to:.0%} of calls."
            ),
            tr(
                "Multiply the share of calls whose repeat is prevented by the length of a call — "
                "then check with the model."
            ),
        ),
    ],
    hint=tr(
        "Set '{repeat_lever}' to {to:.0%} and raise '{confirm_lever}' until the workload passes today's (or call "
        "`lesson.outcomes(repeat_share, confirm_seconds)`)."
    ),
    judge=_judge_b,
    terms={"repeat_lever": SLIDERS["repeat_share"], "confirm_lever": SLIDERS["confirm_seconds"]},
)


def _solve_c() -> Solution:
    cpr = evaluate(scenario(MISUNDERSTOOD)).value("contacts_per_resolution")
    f = {
        "repeat": MISUNDERSTOOD,
        "cpr": cpr,
        "naive": 1 / (1 - MISUNDERSTOOD),
        "cpr0": evaluate(scenario()).value("contacts_per_resolution"),
        "claim": REPEAT_CLAIM,
        "pillar0": outcomes()[PILLAR],
        "pillar": outcomes(MISUNDERSTOOD)[PILLAR],
    }
    f["cpr_contacts"] = Count(UNITS["contacts"], cpr, ".2f")
    f["because"] = tr(
        "{cpr_contacts} per issue resolved (today {cpr0:.2f}), counting escalations and transfers as "
        "well as repeats. The resolution pillar falls {pillar0:.2f} → {pillar:.2f}: {claim}."
    )
    working = tr("`value('contacts_per_resolution')` at {repeat:.0%} repeats: **{cpr:.2f}** (today {cpr0:.2f}).")
    return Solution.worked(cpr, Text(working), f)


c = Exercise(
    "3.10 (c)",
    tr(
        "With repeats at {repeat:.0%}, how many **contacts per issue resolved** does the bank handle (all stages)? "
        "Two decimals."
    ),
    Number(tr("contacts"), abs=0.006, digits=2),
    _solve_c,
    mistakes=[
        Mistake(
            tr("repeats only"),
            lambda s: s.facts["naive"],
            tr(
                "1 / (1 − {repeat:.2f}) counts only the repeats at the representatives; escalations and transfers "
                "are contacts too, at other stages."
            ),
            tr("Read the '{contacts_panel}' panel."),
        )
    ],
    hint=tr("Set '{repeat_lever}' to {repeat:.0%} and read the '{contacts_panel}' panel."),
    terms={"repeat_lever": SLIDERS["repeat_share"], "contacts_panel": CONTACTS, "claim": REPEAT_CLAIM},
)

EXERCISES = (a, b, c)
REFLECTION = tr(
    "Listen to (or remember) a call where the customer had to call back. Which of the five A's — acknowledge, "
    "apologise, answer and ask, analyse, adjust — was missing? How would you confirm the need on the phone, where "
    "you cannot read body language, and in an email?"
)
