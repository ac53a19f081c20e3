"""3.7 Competitive advantage (source document 002, question 3.7).

The candidate: keep promises and deadlines, offer choice, keep customers informed, ask for feedback;
"satisfied customers tell others — word of mouth is the best marketing". Source document 003 adds that
keeping customers costs less than winning new ones. The lesson asks what keeping customers is worth to the
bank example, and on what evidence:

- :func:`svcdesign.compare` weighs every staffing of the representatives in :data:`CHANGES` (people:
  full-time equivalents of contract hours, spread over the representatives' roster pro rata,
  :mod:`.staffing`) against today over a year of the bank's calendar. Its net effect is − Δ staff cost −
  Δ customer cost (currency a year; the customer cost is the lifetime margin of the customers the year's
  service loses), with a range over the plausible values of the customer response (5th–95th percentile),
  the probability the option pays, and a break-even (:mod:`svcdesign.explore.net_effect`).
- The customer response is that of one kind of evidence (``loyalty.churn_basis``, the position in
  :data:`~svcdesign.formulas.customers.loyalty.BASES`): revealed behaviour (the default), survey
  intentions (PwC 2018) or practitioner claims (source document 003); the last two are what people *say*,
  upper bounds. The best staffing — the lowest staff cost + customer cost a year — depends on which one
  believes.
- Net word of mouth (promoters bring customers, detractors deter them) rests on two modelling choices
  without a published range and is not counted in the money.

Each kind of evidence's comparison is computed once (:func:`comparison`) and shared by the experiments
and the exercises.

The lesson reads in English, Arabic and Persian (:data:`LANGUAGES`; ``course.lesson("3.7", language="fa")``):
its text is marked with :func:`~.language.tr` and translated in
``svcdesign/i18n/locale/<language>/course_q3_06_07.po``; :func:`year`, :func:`break_even` and :func:`verdict`
stay in English (tables and text for code).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import cache
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..assumptions import load_assumptions
from ..errors import InputError
from ..explore import Comparison, compare
from ..explore.review import CUSTOMERS
from ..formulas.customers.loyalty import BASES
from ..formulas.customers.params import customer_table
from ..i18n import ntr
from ..model import Scenario
from ..model.units import WEEKS_PER_YEAR
from .answers import Number, Whole
from .controls import Options, Slider
from .exercise import Exercise, Mistake, Solution
from .figures import lines, local_text, panels, value_text
from .language import PAID_HOURS, Count, Steps, Text, fill, say, tr
from .lesson_runs import assess, example
from .sources import cite, claim
from .staffing import hours_change, with_people

QUESTION = "3.7"
LANGUAGES = ("en", "ar", "fa")
"""The languages this lesson is written in."""
TITLE = tr("Competitive advantage: what keeping customers is worth, and on what evidence")
SOURCE = cite("002", QUESTION)
REPRESENTATIVE = "representative"
LOW, HIGH, STEP = -12, 40, 2
CHANGES = tuple(range(LOW, HIGH + 1, STEP))
"""People (full-time equivalents) added to (+) or removed from (−) the representatives that the lesson
weighs, today (0) included."""
REVEALED, SURVEY, CLAIMED = BASES
"""The kinds of evidence for the customer response: revealed behaviour (the default), survey intention,
practitioner claim."""
EVIDENCE_WORDS = {
    REVEALED: tr("revealed behaviour"),
    SURVEY: tr("survey intention"),
    CLAIMED: tr("practitioner claim"),
}
"""Each kind of evidence in words, marked for translation (the same English words)."""
EVIDENCE_LABEL = tr("Evidence of how customers respond")
EVIDENCE_ROWS = {
    REVEALED: "loyalty.rise_per_failure",
    SURVEY: "loyalty.churn_one_bad",
    CLAIMED: "loyalty.claim_churn_one_bad",
}
"""The assumption each kind of evidence rests on."""
WOM_ROWS = ("loyalty.referrals_per_promoter", "loyalty.deterred_per_detractor")
"""The modelling choices behind net word of mouth."""
ADDED = 4
"""Representatives (people, full-time equivalents) added in exercise (c)."""
CURRENCY = example("bank").organisation.currency
CURRENCY_WORD = {"USD": tr("USD")}.get(CURRENCY, CURRENCY)
"""The bank's currency as the texts name it: its code in English, its name in Arabic and Persian."""
REPRESENTATIVES = tr("{change} (full-time equivalents, {hours} a week)")
REPRESENTATIVES_COUNTED = ntr("{n} representative", "{n} representatives")
"""A change of representatives in words with its paid hours, as :func:`.staffing.describe` writes it in English."""
COLUMNS = {
    "staff": f"Staff cost ({CURRENCY} a year)",
    "customer": f"Customer cost ({CURRENCY} a year)",
    "total": f"Total cost ({CURRENCY} a year)",
    "lost": "Customers lost (a year)",
    "low": f"Net effect vs today, low 5% ({CURRENCY} a year)",
    "central": f"Net effect vs today ({CURRENCY} a year)",
    "high": f"Net effect vs today, high 95% ({CURRENCY} a year)",
    "p_pays": "Probability it pays",
    "satisfaction": "Satisfaction (0-10)",
}
"""The columns of :func:`year`, by short name."""


def _labelled(name: str) -> str:
    """An assumption as :func:`.sources.claim` shows it, with its plausible range where it has one."""
    row = load_assumptions()[name]
    text = claim(name)
    if row.uncertain:
        scale, unit = (100, "%") if row.unit == "fraction" else (1, f" {row.unit}")
        text += f"; plausible range {scale * row.low:g}–{scale * row.high:g}{unit}"
    return text


EVIDENCE = {kind: _labelled(row) for kind, row in EVIDENCE_ROWS.items()}
"""Each kind of evidence with the figure it rests on, its kind of evidence and its source."""
WORD_OF_MOUTH = tuple(_labelled(row) for row in WOM_ROWS)


def _basis(evidence: str) -> int:
    if evidence not in BASES:
        raise InputError("evidence", evidence, f"one of {list(BASES)}")
    return BASES.index(evidence)


def scenario(representative_people: float = 0, evidence: str = REVEALED) -> Scenario:
    """The bank with ``representative_people`` representatives added (+) or removed (−): people, in
    full-time equivalents, spread over the representatives' roster pro rata; the customer response from
    ``evidence`` (one of :data:`BASES`)."""
    basis = _basis(evidence)
    s = with_people(example("bank"), {REPRESENTATIVE: representative_people})
    if basis:
        s = s.with_overrides({"assumptions": {**s.assumptions, "loyalty.churn_basis": basis}})
    return s


def _name(change: int) -> str:
    return "today" if change == 0 else f"{change:+d}"


@cache
def comparison(evidence: str = REVEALED) -> Comparison:
    """Every staffing in :data:`CHANGES` against today over a year of the bank's calendar, with the
    customer response from ``evidence`` (computed once per kind of evidence)."""
    options = [scenario(change, evidence) for change in CHANGES]
    return compare(*options, names=[_name(c) for c in CHANGES], baseline=CHANGES.index(0))


def year(evidence: str = REVEALED) -> pd.DataFrame:
    """One row per change in :data:`CHANGES` (people): over a year of the bank's calendar, with the customer
    response from ``evidence``: staff cost, customer cost (lifetime margin of the customers the year's
    service loses) and their total (currency a year), customers lost beyond the baseline churn (customers a
    year: (churn − ``loyalty.base_churn``) × today's customer base), the net effect against today (low 5%,
    central, high 95%, currency a year), the probability it pays, and satisfaction in the typical week
    (0–10). The staff cost a year is the week's roster over ``WEEKS_PER_YEAR`` weeks. A copy: change it freely."""
    return _year(evidence).copy()


@cache
def _year(evidence: str) -> pd.DataFrame:
    cmp = comparison(evidence)
    v, net = cmp.values, cast(pd.DataFrame, cmp.net_effect)  # the bank's comparison has the customer model
    base_churn = customer_table(scenario(0, evidence))["loyalty.base_churn"].value
    customers = assess(scenario()).value("customer_base")
    staff, customer = v["staff_cost"] * WEEKS_PER_YEAR, -v["revenue_effect"]
    columns = {
        "staff": staff,
        "customer": customer,
        "total": staff + customer,
        "lost": (v["churn"] - base_churn) * customers,
        "low": net["low"],
        "central": net["central"],
        "high": net["high"],
        "p_pays": net["p_pays"],
        "satisfaction": v["satisfaction"],
    }
    frame = pd.DataFrame({COLUMNS[k]: col.to_numpy() for k, col in columns.items()})
    frame.index = pd.Index(CHANGES, name="representatives added (people)")
    return frame


def _at(change: int, evidence: str = REVEALED) -> dict[str, float]:
    """One row of :func:`year` under the short names of :data:`COLUMNS`."""
    row = _year(evidence).loc[change].to_numpy(dtype=float)
    return dict(zip(COLUMNS, (float(x) for x in row), strict=True))


def best_staffing(evidence: str = REVEALED) -> int:
    """The change in :data:`CHANGES` (people) with the lowest staff cost + customer cost a year."""
    return CHANGES[int(np.argmin(_year(evidence)[COLUMNS["total"]].to_numpy()))]


def break_even(change: int, evidence: str = REVEALED) -> pd.Series:
    """``svcdesign.compare``'s break-even of a change against today: the assumption that decides it and its
    turning value, the staff cost it saves a year (negative: it adds wages), the extra customers a year it
    loses (negative: it keeps them) and the extra customers a year at which it stops paying
    (``break_even_customers``, same signs)."""
    if change not in CHANGES or change == 0:
        raise InputError("change", change, f"one of {[c for c in CHANGES if c]} (people)")
    even = cast(pd.DataFrame, comparison(evidence).break_even)  # the bank's comparison has the customer model
    return even.loc[[_name(change)]].iloc[0]


def verdict(change: int, evidence: str = REVEALED) -> str:
    """What a manager must believe for ``change`` (people, not 0) to pay, in customers a year (from its
    break-even)."""
    return _verdict(change, evidence)


def _verdict(change: int, evidence: str = REVEALED, language: str = "en") -> str:
    """:func:`verdict` in ``language``."""
    row = break_even(change, evidence)
    saving, need, lost = (float(row[k]) for k in ("saving", "break_even_customers", "extra_customers_lost"))
    words = {"currency": say(CURRENCY_WORD, language), "evidence": say(EVIDENCE_WORDS[evidence], language)}
    if saving > 0:
        text = tr(
            "It saves {saving:,.0f} {currency} a year of wages, so it pays only if fewer than {need:,.0f} extra "
            "customers a year leave ({evidence}: {lost:,.0f})."
        )
        return fill(text, {"saving": saving, "need": need, "lost": lost, **words}, language)
    values = {"saving": -saving, "need": -need, "lost": -lost, **words}
    text = tr(
        "It adds {saving:,.0f} {currency} a year of wages, so it pays only if it keeps more than {need:,.0f} "
        "customers a year ({evidence}: it keeps {lost:,.0f})."
    )
    return fill(text, values, language)


SLIDERS: dict[str, Slider | Options] = {
    "representative_people": Slider(LOW, HIGH, STEP, tr("Representatives added"), tr("people"), signed=True),
    "evidence": Options(tuple(EVIDENCE_WORDS.values()), EVIDENCE_LABEL),
}
CUSTOMER_SLIDERS = {"representative_people": SLIDERS["representative_people"]}
"""The levers of :func:`customers`."""
"""The experiment's levers, labelled in words with their units
(``course.explore(lesson.experiment, **lesson.SLIDERS)``)."""


def experiment(representative_people: int = 0, evidence: str = REVEALED) -> go.Figure:
    """The net effect against today of every staffing on the grid (low, central, high), with the customer
    response from ``evidence``; the chosen staffing marked and summed up in the title."""
    return _figure(representative_people, evidence, "en")


def experiment_in(language: str) -> Callable[..., Any]:
    """:func:`experiment` with its figure in ``language``: the same levers and defaults, the kind of evidence
    chosen by its name in ``language`` (as the translated drop-down offers it) or in English."""
    kinds = {say(word, language): kind for kind, word in EVIDENCE_WORDS.items()}

    def drawn(representative_people: int = 0, evidence: str = say(EVIDENCE_WORDS[REVEALED], language)) -> go.Figure:
        return _figure(representative_people, kinds.get(evidence, evidence), language)

    drawn.__name__ = experiment.__name__  # named in the sliders' messages
    return drawn


def _change(change: int, language: str = "en") -> str:
    """``change`` representatives in words with its paid hours, in ``language`` (:data:`REPRESENTATIVES`)."""
    hours = hours_change(example("bank"), REPRESENTATIVE, change)
    counted = {"change": Count(REPRESENTATIVES_COUNTED, change, "+g"), "hours": Count(PAID_HOURS, hours, "+,.4g")}
    return fill(REPRESENTATIVES, counted, language)


def _title(change: int, evidence: str, language: str) -> str:
    """The experiment's title: the change, the evidence, its total cost and, for a change, its net effect and
    break-even, in ``language``."""
    at = _at(change, evidence)
    values = {**at, "change": _change(change, language), "currency": say(CURRENCY_WORD, language)}
    values["evidence"] = say(EVIDENCE_WORDS[evidence], language)
    title = fill(
        tr("{change}; evidence: {evidence}<br>staff + customer cost {total:,.0f} {currency} a year"), values, language
    )
    if change == 0:
        return title + say(tr("<br>Today's staffing, the baseline: move the slider to weigh a change."), language)
    values["verdict"] = _verdict(change, evidence, language)
    return title + fill(
        tr(
            "; net effect vs today {central:+,.0f} (range {low:+,.0f} to {high:+,.0f}), "
            "pays in {p_pays:.0%} of plausible cases<br>{verdict}"
        ),
        values,
        language,
    )


def _figure(representative_people: int = 0, evidence: str = REVEALED, language: str = "en") -> go.Figure:
    """The experiment's figure, named and numbered in ``language`` (in Arabic and Persian the staffings are
    written in the language's digits, one category each, and each point carries its value as text)."""
    if representative_people not in CHANGES:
        raise InputError("representative_people", representative_people, f"one of {list(CHANGES)}")
    _basis(evidence)
    currency = say(CURRENCY_WORD, language)
    curve = _year(evidence)[[COLUMNS[k] for k in ("low", "central", "high")]]
    curve.columns = [say(tr("low (5%)"), language), say(tr("central"), language), say(tr("high (95%)"), language)]
    mark: float = representative_people
    if language != "en":
        curve.index = pd.Index([local_text(f"{c:+d}", language) for c in CHANGES])
        mark = CHANGES.index(representative_people)  # a category axis places a mark by the category's position
    figure = lines(
        curve,
        _title(representative_people, evidence, language),
        x_title=say(tr("Representatives added (people, full-time equivalents)"), language),
        y_title=fill(tr("Net effect vs today ({currency} a year)"), {"currency": currency}, language),
        marks=[(mark, say(tr("your staffing"), language))],
    )
    if language != "en":
        for trace, name in zip(figure.data, curve.columns, strict=True):
            trace.text = [value_text(v, "", language) for v in curve[name]]
            trace.hovertemplate = "%{x}: %{text}"
    return figure.update_layout(title_font_size=13, margin=dict(t=110), height=480)


def customers(representative_people: int = 0) -> go.Figure:
    """Today against the chosen staffing, one typical week (revealed behaviour): customers lost in the week,
    satisfaction, net promoter score and net word of mouth (customers a year, modelling choices)."""
    return _customers(representative_people, "en")


def customers_in(language: str) -> Callable[..., Any]:
    """:func:`customers` with its figure in ``language`` (the same lever and default)."""
    drawn = functools.partial(_customers, language=language)
    drawn.__name__ = customers.__name__  # type: ignore[attr-defined]  # named in the sliders' messages
    return drawn


def _customers(representative_people: int = 0, language: str = "en") -> go.Figure:
    """The second experiment's panels, named and numbered in ``language``."""
    table = pd.DataFrame(
        {
            say(tr("today"), language): _customer_outcomes(0),
            say(tr("your staffing"), language): _customer_outcomes(representative_people),
        }
    ).T
    table.columns = [say(name, language) for name in table.columns]
    title = fill(tr("{change}; one typical week"), {"change": _change(representative_people, language)}, language)
    return panels(table, title, columns=2, language=language)


def _customer_outcomes(change: float) -> pd.Series:
    r = assess(scenario(change))
    return pd.Series(
        {
            tr("Customers lost in the week (revealed behaviour)"): r.value("customers_lost"),
            tr("Satisfaction (0-10)"): r.value("satisfaction"),
            tr("Net promoter score"): r.value("nps"),
            tr("Net word of mouth (customers a year; modelling choices)"): r.value("wom_customers"),
        }
    )


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    lost = {kind: _at(0, kind)["lost"] for kind in BASES}
    f: dict[str, Any] = {
        "lost": lost[REVEALED],
        "survey": lost[SURVEY],
        "claims": lost[CLAIMED],
        "weekly": assess(scenario()).value("customers_lost"),
        "base": assess(scenario()).value("customer_base"),
        "weeks": WEEKS_PER_YEAR,
    }
    f["base_customers"] = Count(CUSTOMERS, f["base"], ",.0f")
    f["typical_weeks"] = Count(ntr("{n} typical week", "{n} typical weeks"), WEEKS_PER_YEAR, ".2f")
    f["because"] = tr(
        "About {lost:,.0f} of {base_customers} a year leave because of bad experiences (contacts "
        "left unresolved), on top of the baseline churn — revealed behaviour. If customers did what they say in "
        "surveys it would be {survey:,.0f}; with the source document's claims {claims:,.0f}."
    )
    working = tr(
        "`compare` over a year of the calendar: (churn − baseline churn) × customer base = **{lost:,.0f}** "
        "customers a year ({weekly:.2f} a typical week × {weeks:.2f} weeks); survey intentions {survey:,.0f}, "
        "practitioner claims {claims:,.0f}."
    )
    return Solution.worked(f["lost"], Text(working), f)


a = Exercise(
    "3.7 (a)",
    tr(
        "With today's staffing and the customer response from **revealed behaviour** (the default), **how many "
        "customers a year** does the bank lose to bad service experiences, on top of its baseline churn?"
    ),
    Number(tr("customers a year"), rel=0.02, digits=0),
    _solve_a,
    mistakes=[
        Mistake(
            tr("per week"),
            lambda s: s.facts["weekly"],
            tr("That is in one typical week; the question asks per year."),
            tr("A year of the bank's calendar is {typical_weeks} — or read `lesson.year()` at 0."),
        ),
        Mistake(
            tr("survey intention"),
            lambda s: s.facts["survey"],
            tr("That is what customers say they would do (PwC 2018, survey intentions: an upper bound)."),
            tr("Use the default evidence, revealed behaviour: `lesson.year()`."),
        ),
        Mistake(
            tr("practitioner claim"),
            lambda s: s.facts["claims"],
            tr("That is with source document 003's claims (practitioner claims, not measured)."),
            tr("Use the default evidence, revealed behaviour: `lesson.year()`."),
        ),
    ],
    hint=tr("Read the 'Customers lost (a year)' column of `lesson.year()` in the row for today (0)."),
)


def _solve_b() -> Solution:
    best = best_staffing(REVEALED)
    at, today = _at(best), _at(0)
    satisfaction = _year(REVEALED)[COLUMNS["satisfaction"]]
    f: dict[str, Any] = {
        "best": best,
        "survey": best_staffing(SURVEY),
        "claims": best_staffing(CLAIMED),
        "happiest": CHANGES[int(np.argmax(satisfaction.to_numpy()))],
        "low": LOW,
        "high": HIGH,
        "step": STEP,
        "total": at["total"],
        "gain": today["total"] - at["total"],
        "net_low": at["low"],
        "net_high": at["high"],
        "p_pays": at["p_pays"],
        "currency": CURRENCY,
        "best_paid": Count(PAID_HOURS, hours_change(example("bank"), REPRESENTATIVE, best), "+,.4g"),
    }
    f["because"] = tr(
        "Under revealed behaviour the cheapest staffing is {best:+d} representatives (full-time equivalents, "
        "{best_paid} a week): {total:,.0f} {currency} a year in all, {gain:,.0f} less than today. "
        "But the net effect's range runs from {net_low:+,.0f} to {net_high:+,.0f} and it pays in {p_pays:.0%} of "
        "plausible cases. If customers did what they say in surveys (an upper bound) the best would be "
        "{survey:+d}; with the practitioner claims {claims:+d}. The best staffing depends on which evidence you "
        "believe."
    )
    totals = _year(REVEALED)[COLUMNS["total"]]
    steps = Steps(
        tr("{change:+d} → {millions:.3f} M"),  # marked: the millions in words, the arrow turned right to left
        tuple({"change": c, "millions": totals[c] / 1e6} for c in CHANGES),
    )
    working = tr(
        "Staff cost + customer cost a year under revealed behaviour, by representatives added: {steps}. Lowest: "
        "**{best:+d}** (survey intentions: {survey:+d}; practitioner claims: {claims:+d})."
    )
    return Solution.worked(best, Text(working, {"steps": steps}), f)


def _judge_b(value: float, solution: Solution) -> Text:
    if value not in CHANGES:
        return Text(
            tr("Choose one of the changes the question weighs, in people (full-time equivalents): {listed}."),
            {"listed": Steps("{change:+d}", tuple({"change": c} for c in CHANGES))},
        )
    at = _at(int(value))
    return Text(
        tr(
            "At {value:+d} staff cost + customer cost is {total:,.0f} {currency} a year under revealed behaviour "
            "({central:+,.0f} against today); another staffing costs the bank less in all."
        ),
        {"value": int(value), "total": at["total"], "central": at["central"]},
    )


b = Exercise(
    "3.7 (b)",
    tr(
        "Representatives cost wages; the customers they keep are worth their lifetime margin. From {low:+d} to "
        "{high:+d} representatives, in steps of {step} people (full-time equivalents), **which change makes staff "
        "cost + customer cost a year smallest under revealed behaviour?** Read the experiment's curve (its highest "
        "point) or `lesson.year()`."
    ),
    Whole(tr("representatives (full-time equivalents)")),
    _solve_b,
    mistakes=[
        Mistake(
            tr("survey intention"),
            lambda s: s.facts["survey"],
            tr("That is the best staffing if customers did what they say in surveys (PwC 2018: an upper bound)."),
            tr("Set '{evidence_lever}' back to '{revealed}'."),
        ),
        Mistake(
            tr("practitioner claim"),
            lambda s: s.facts["claims"],
            tr("That is the best staffing with source document 003's claims (not measured)."),
            tr("Set '{evidence_lever}' back to '{revealed}'."),
        ),
        Mistake(
            tr("fewest staff"),
            lambda s: s.facts["low"],
            tr(
                "{low:+d} has the lowest staff cost, but below {best:+d} the customers lost cost more than the wages "
                "saved."
            ),
            tr("Add the customer cost to the staff cost: the 'Total cost' column of `lesson.year()`."),
        ),
        Mistake(
            tr("highest satisfaction"),
            lambda s: s.facts["happiest"],
            tr(
                "Satisfaction is highest at {happiest:+d}, but the people added there cost more than the customers "
                "they keep are worth."
            ),
            tr("Compare staff cost + customer cost, not satisfaction."),
        ),
    ],
    hint=tr("Find the lowest 'Total cost' in `lesson.year()` (or the highest point of the central curve)."),
    judge=_judge_b,
    terms={"evidence_lever": EVIDENCE_LABEL, "revealed": EVIDENCE_WORDS[REVEALED], "currency": CURRENCY_WORD},
)


def _solve_c() -> Solution:
    row, cur = break_even(ADDED), CURRENCY
    need, kept = -float(row["break_even_customers"]), -float(row["extra_customers_lost"])
    survey = break_even(ADDED, SURVEY)
    f: dict[str, Any] = {
        "need": need,
        "kept": kept,
        "kept_survey": -float(survey["extra_customers_lost"]),
        "cost": -float(row["saving"]),
        "added": ADDED,
        "p_pays": _at(ADDED)["p_pays"],
        "p_survey": _at(ADDED, SURVEY)["p_pays"],
        "currency": cur,
    }
    f["because"] = _BECAUSE_C[kept > need]
    working = tr(
        "{call}: break_even_customers = −{cost:,.0f} ÷ lifetime value = **{break_even:,.1f}** (negative: customers "
        "kept); extra_customers_lost = {lost:,.1f} (revealed behaviour), {lost_survey:,.1f} (survey intentions)."
    )
    values = {
        "call": f"`lesson.break_even({ADDED})`",
        "break_even": -need,
        "lost": -kept,
        "lost_survey": -f["kept_survey"],
    }
    return Solution.worked(need, Text(working, values), f)


_BECAUSE_C = {
    True: tr(
        "More than {need:,.0f}: the {cost:,.0f} {currency} a year of wages ÷ the lifetime margin of a customer. "
        "Revealed behaviour says the {added} keep {kept:,.0f} a year — enough; the change pays in {p_pays:.0%} of "
        "plausible cases. Survey intentions, an upper bound, say {kept_survey:,.0f} (pays in {p_survey:.0%}). That "
        "is what a manager who asks for more staff must believe — or measure."
    ),
    False: tr(
        "More than {need:,.0f}: the {cost:,.0f} {currency} a year of wages ÷ the lifetime margin of a customer. "
        "Revealed behaviour says the {added} keep {kept:,.0f} a year — not enough; the change pays in {p_pays:.0%} "
        "of plausible cases. Survey intentions, an upper bound, say {kept_survey:,.0f} (pays in {p_survey:.0%}). "
        "That is what a manager who asks for more staff must believe — or measure."
    ),
}
"""The feedback of (c) on the right answer, by whether revealed behaviour says the added people keep enough
customers: one whole text each, so each translates as a whole."""


c = Exercise(
    "3.7 (c)",
    tr(
        "Adding {added} representatives (full-time equivalents) costs {cost:,.0f} {currency} a year in wages. **At "
        "least how many customers a year must they keep for the change to pay?** `lesson.break_even({added})` gives "
        "compare's break-even (mind the sign)."
    ),
    Number(tr("customers a year"), rel=0.03, digits=0),
    _solve_c,
    mistakes=[
        Mistake(
            tr("sign"),
            lambda s: -s.facts["need"],
            tr("Right size, wrong sign: compare counts extra customers *lost*, so customers kept are negative."),
            tr("How many customers must the added people keep — a positive number?"),
        ),
        Mistake(
            tr("the model's estimate"),
            lambda s: s.facts["kept"],
            tr("That is how many revealed behaviour says they keep, not how many they must keep to pay."),
            tr("Read `break_even_customers`, not `extra_customers_lost`."),
        ),
        Mistake(
            tr("money"),
            lambda s: s.facts["cost"],
            tr("That is the wage bill in {currency} a year; the question asks for customers."),
            tr("Divide the wages by what one customer kept is worth — or read `break_even_customers`."),
        ),
    ],
    hint=tr("Read `break_even_customers` in `lesson.break_even({added})`."),
    terms={"currency": CURRENCY_WORD},
)


def _solve_d() -> Solution:
    wom = assess(scenario()).value("wom_customers")
    best = b.expected
    at_best = assess(scenario(best)).value("wom_customers")
    referrals, deterred = (load_assumptions().value(row) for row in WOM_ROWS)
    f = {
        "wom": wom,
        "wom_best": at_best,
        "best": best,
        "nps": assess(scenario()).value("nps"),
        "ratio": deterred / referrals,
    }
    f["wom_customers"] = Count(CUSTOMERS, wom, ",.0f")
    f["because"] = tr(
        "Net word of mouth is {wom_customers} a year: detractors deter more prospective customers than "
        "promoters bring, although the net promoter score is {nps:+.1f} — the model takes a detractor to deter "
        "{ratio:g} times what a promoter brings (modelling choices, no published range). At {best:+d} "
        "representatives it would be {wom_best:,.0f}. Word of mouth is not in the net effect: a cut that pays on "
        "churn alone may cost customers never won — if these modelling choices hold."
    )
    working = tr("`wom_customers` (stage 'all') = **{wom:,.0f}** a year (at {best:+d}: {wom_best:,.0f}).")
    return Solution.worked(wom, Text(working), f)


d = Exercise(
    "3.7 (d)",
    tr(
        "Word of mouth: promoters bring new customers, detractors put people off. With today's staffing, what is the "
        "bank's **net word of mouth, in customers a year**? (Negative if it loses more than it gains.)"
    ),
    Number(tr("customers a year"), rel=0.03, digits=0),
    _solve_d,
    mistakes=[
        Mistake(
            tr("sign"),
            lambda s: -s.facts["wom"],
            tr("Right size, wrong sign."),
            tr("Is the bank gaining or losing customers by word of mouth today?"),
        )
    ],
    hint=tr("Read the 'Net word of mouth' panel of the second experiment at its default."),
)

EXERCISES = (a, b, c, d)
REFLECTION = tr(
    "The best staffing moved when you changed the evidence. Which kind of evidence would you put in a business "
    "case for more staff, and what would your organisation have to measure to settle it — for example, how many "
    "customers whose calls were abandoned leave within a year, against customers whose calls were answered?"
)
