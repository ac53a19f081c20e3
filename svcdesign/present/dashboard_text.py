"""The staffing explorer's words: control labels, what the levers mean, read-outs, and a sentence per figure.

Numbers are written one way everywhere: percentages to one decimal, satisfaction points to two, seconds
whole, money whole with thousands separators (the headline's sums to three significant figures), churn as
% of customers per year. The sentences under the figures are their text alternative: the figure's
main numbers, from the same values the figure draws. Text from the scenario is escaped with
:func:`~svcdesign.markup.html_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..explore.review import CUSTOMERS, EXTRA_CUSTOMERS, Wording, _deciding
from ..explore.staff_change import WITH_CHANGES, NetEffect
from ..i18n import Translator
from ..i18n.numbers import UNITS
from ..markup import html_text


def controls(tr: Callable[[str], str] = str) -> dict[str, tuple[str, str]]:
    """Each control's label and meaning in ``tr``'s language (``str``: English, the source text)."""
    return {
        "scenario": (
            tr("Scenario"),
            tr("the service to explore: one of the example services (or the scenario you opened)."),
        ),
        "week": (
            tr("Week of the year"),
            tr(
                "the week whose seasonal peaks apply (\u201ctypical week\u201d: none of them); the read-outs are "
                "for that week."
            ),
        ),
        "staff": (
            tr("Staff per stage"),
            tr(
                "people added (+) or removed (\u2212) at each stage (and each agent group of a multi-skill desk), "
                "in full-time equivalents of the contract hours; the change is spread over the rota in proportion, "
                "so opening hours stay as they are."
            ),
        ),
        "growth": (
            tr("Demand growth (%)"),
            tr("% more (+) or fewer (\u2212) contacts than the scenario's demand, in every interval."),
        ),
        "peak": (
            tr("Peak size (\u00d7)"),
            tr(
                "how big the peaks are, in times the extra demand they bring: 1 = as described, 0 = no peaks, "
                "2 = twice the extra demand."
            ),
        ),
        "handle": (
            tr("Handle time (%)"),
            tr(
                "the time staff spend on each contact, in % of the scenario's (100 = as described; all stages "
                "and contact types)."
            ),
        ),
        "escalation": (
            tr("Escalations (%)"),
            tr(
                "how much the front line (where contacts arrive: each channel's entry stage, or a desk's contact "
                "types) passes on to the next stage, in % of today's share (lower = an empowered front line "
                "resolves more at the first contact)."
            ),
        ),
        "patience": (
            tr("Patience (%)"),
            tr(
                "how long callers wait before giving up, in % of the scenario's (100 = as described; all stages "
                "and contact types)."
            ),
        ),
        "budget": (
            tr("Weekly budget"),
            tr("the staff budget a week, in {currency}, set against employment cost (0 = no budget)."),
        ),
    }


CONTROLS: dict[str, tuple[str, str]] = controls()
"""Each control's label (its ``description``: no scenario text, which ipywidgets would typeset) and what
it means, in plain words with its unit (``{currency}`` is filled in, escaped), in English
(:func:`controls` gives them in a language)."""

ENGLISH = Wording()
"""English, the source text: every function's default wording."""


def levers_help(currency: str, say: Wording = ENGLISH) -> str:
    """ "What the levers mean": every control, in plain words with its unit (HTML)."""
    tr = say.tr
    rows = "".join(
        f"<li><b>{html_text(label)}</b>: {html_text(text.format(currency=currency))}</li>"
        for label, text in controls(tr).values()
    )
    side = "right" if tr.direction == "rtl" else "left"
    summary = tr("What the levers mean")
    return (
        f"<details class='svcdesign-help'><summary>{summary}</summary>"
        f"<ul style='margin:4px 0;padding-{side}:18px;line-height:1.4'>{rows}</ul>"
        "<p style='margin:4px 0'>"
        + tr(
            "Every lever is relative to the scenario as described: with all of them at their starting positions "
            "the read-outs are the scenario's own."
        )
        + "</p></details>"
    )


def money(value: float, currency: str, sign: bool = True, say: Wording = ENGLISH) -> str:
    """A sum of money to three significant figures, its sign shown (− for a loss), and its currency (HTML)."""
    if not np.isfinite(value):
        return "—"
    rounded = float(f"{value:.3g}")
    mark = ("+" if rounded > 0 else "−" if rounded < 0 else "") if sign else ("−" if rounded < 0 else "")
    return f"{mark}{say.local(f'{abs(rounded):,.0f}')} {html_text(currency)}"


def _customer_words(gain: bool, public: bool, tr: Translator) -> str:
    if public:
        if gain:
            return tr("cost of failure avoided (failed cases and bed-days)")
        return tr("extra cost of failure (failed cases and bed-days)")
    return tr("lifetime margin of the customers kept") if gain else tr("lifetime margin of the extra customers lost")


def statement_words(effect: NetEffect, currency: str, say: Wording = ENGLISH) -> str:
    """The break-even statement under the headline, in ``say``'s language: in English :func:`svcdesign.compare`'s
    own (``effect.statement``); in Arabic and Persian the same sentences from its break-even row — the verdict, the
    break-even in customers, the assumption that decides it (worded as the report words it) — with the language's
    digits. Empty when nothing changed."""
    if say.english or not effect.statement:
        return effect.statement
    tr, period, even = say.tr, effect.comparison.period, effect.comparison.break_even
    decide = None if even is None else even.loc[WITH_CHANGES]
    if not isinstance(decide, pd.Series):  # a statement is written only with the break-even row
        return effect.statement
    row = {str(key): value for key, value in decide.items()}
    central = float(effect.readings["net_effect"])
    amount = {"amount": money(central, currency, say=say), "a_period": say.a_period(period)}
    moves = np.isfinite(effect.readings["p_pays"])  # NaN: no money moves in any plausible case
    if not moves:
        text = tr("It makes no difference to the money.")
    elif central > 0:
        text = tr("At the central values the option pays ({amount} {a_period}).", **amount)
    else:
        text = tr("At the central values the option does not pay ({amount} {a_period}).", **amount)
    if not np.isfinite(float(row.get("break_even_customers", 0.0))):
        return (
            text
            + " "
            + tr(
                "The customers' value is not given, so lost customers cost nothing here: only the staff cost counts. "
                "Set the customers' annual value to weigh them."
            )
        )
    if not moves:
        return text
    saving, per_money = float(row["saving"]), say.per(currency, period)
    if "break_even_customers" in row and saving != 0:
        lost = float(row["extra_customers_lost"])
        words = {
            "amount": money(abs(saving), currency, sign=False, say=say).rsplit(" ", 1)[0],
            "money": per_money,
            "per": say.a_period(period),
        }
        need = abs(float(row["break_even_customers"]))
        text += " " + (
            tr(
                "It saves {amount} {money} in staff cost, so it pays only while fewer than {customers} {per} leave "
                "(central estimate {lost}).",
                customers=say.count(EXTRA_CUSTOMERS, need),
                lost=say.number(lost),
                **words,
            )
            if saving > 0
            else tr(
                "It costs {amount} {money} more in staff, so it pays only if it keeps more than {customers} {per} "
                "(central estimate {kept}).",
                customers=say.count(CUSTOMERS, need),
                kept=say.number(-lost),
                **words,
            )
        )
    return text + _deciding(decide, central, say)


def headline(
    readings: Mapping[str, float],
    period: str,
    statement: str,
    currency: str,
    *,
    public: bool,
    changed: bool,
    say: Wording = ENGLISH,
) -> str:
    """The first read-out: the net effect against the scenario as described, its range, the probability it
    pays, what it is made of, and the break-even statement (HTML; numbers as :func:`svcdesign.compare` gives)."""
    tr = say.tr
    every = say.a_period(period)
    if not changed:
        return "<b>{}</b>: {}".format(
            tr("Net effect over {a_period}", a_period=every),
            tr(
                "none — every lever is at the scenario as described. Move a lever to see what the change saves, "
                "what it costs in customers, and whether it pays."
            ),
        )
    r = readings
    if not np.isfinite(r["net_effect"]):
        return "<b>{}</b>: {}".format(
            tr("Net effect"), tr("not available — it needs the customer model shipped with svcdesign.")
        )
    customer = _customer_words(r["customer_cost"] < 0, public, tr)
    saved = tr("staff cost saved") if r["staff_saving"] >= 0 else tr("staff cost added")
    spans = {
        key: f"<span class='net-{key.split('_')[-1]}'>{money(r[name], currency, say=say)}</span>"
        for key, name in (("central", "net_effect"), ("low", "net_effect_low"), ("high", "net_effect_high"))
    }
    effect = tr("Net effect over {a_period}", a_period=every) + ": " + spans["central"]
    if np.isfinite(r["p_pays"]):
        share = 100.0 * r["p_pays"]
        pays = f"<span class='net-p-pays'>{say.local(f'{share:.0f}%')}</span>"
        spread = tr(
            "range {low} to {high}; pays in {share} of plausible cases",
            low=spans["low"],
            high=spans["high"],
            share=pays,
        )
    else:  # no money moves in any plausible case: "pays in 0%" would say it loses
        spread = tr("range {low} to {high}; no money moves in any plausible case", low=spans["low"], high=spans["high"])
    parts = tr(
        "Your changes against the scenario as described: {saved} {saving} {a_period}; {customer} {cost} {a_period}.",
        saved=saved,
        saving=money(abs(r["staff_saving"]), currency, sign=False, say=say),
        customer=customer,
        cost=money(abs(r["customer_cost"]), currency, sign=False, say=say),
        a_period=every,
    )
    return (
        f"<div style='font-size:125%'><b>{effect}</b> ({spread})</div>"
        f"<div style='font-size:90%;color:#333'>{parts}</div>"
        f"<div style='font-size:90%;color:#333' class='net-statement'>{html_text(statement)}</div>"
    )


PERCENT_UNITS = ("%", "% of customers per year")


def number(value: float | None, unit: str, say: Wording = ENGLISH) -> str:
    """A read-out's number in its unit's precision (the unit's share already turned into %; ``unit`` in
    English, as :meth:`StaffingExplorer._kpi_specs` names it)."""
    if value is None or not np.isfinite(value):
        return "∞" if value == float("inf") else "—"
    if unit in PERCENT_UNITS:
        return say.local(f"{100.0 * value:.1f}")
    if unit == "s":
        return say.local(f"{value:,.0f}")
    if unit.startswith("points"):
        return say.local(f"{value:.2f}")
    return say.local(f"{value:,.0f}")


def unit_words(unit: str, currency: str, say: Wording = ENGLISH) -> str:
    """A read-out's unit (as :meth:`StaffingExplorer._kpi_specs` names it in English) in the language, with the
    scenario's currency in place of ``{currency}``."""
    tr = say.tr
    words = {
        "%": "%" if say.english else say.local("%"),
        "s": tr("s"),
        "% of customers per year": tr("% of customers per year"),
        "points (0–10)": tr("points (0–10)"),
        "{currency}/year": tr("{currency}/year", currency=currency),
        "{currency}/week": tr("{currency}/week", currency=currency),
    }
    return words[unit] if unit in words else unit.format(currency=currency)


def kpi_html(
    label: str,
    value: float,
    unit: str,
    reference: float | None,
    *,
    shown_unit: str | None = None,
    say: Wording = ENGLISH,
) -> str:
    """One read-out: its label, its number and unit, and the scenario's own number when they differ (HTML).

    ``unit`` names the precision (English, :func:`number`); ``shown_unit`` is the unit as the reader sees it
    (default ``unit``)."""
    delta = ""
    if reference is not None and np.isfinite(value) and np.isfinite(reference) and abs(value - reference) > 1e-12:
        shown = say.tr("scenario: {value}", value=number(reference, unit, say))
        delta = f"<div class='kpi-reference' style='color:#333;font-size:85%'>{shown}</div>"
    return (
        f"<div class='kpi-label' style='font-size:80%;line-height:1.25;color:#333'>{html_text(label)}</div>"
        f"<div style='font-size:140%;line-height:1.3'><b class='kpi-value'>{number(value, unit, say)}</b> "
        f"<small>{html_text(unit if shown_unit is None else shown_unit)}</small></div>{delta}"
    )


# ---------------------------------------------------------------------------- figure sentences
def service_summary(
    stages: Sequence[str],
    service: np.ndarray,
    abandon: np.ndarray,
    labels: Sequence[str],
    say: Wording = ENGLISH,
) -> str:
    """One sentence on the service figure: each stage's service level range and worst abandonment, with when.

    ``service``/``abandon``: shares ``[stage, interval]``; ``labels``: each interval's label.
    """
    tr = say.tr
    parts = []
    for i, stage in enumerate(stages):
        sl, ab = service[i], abandon[i]
        if not np.isfinite(sl).any():
            continue
        low, worst = int(np.nanargmin(sl)), int(np.nanargmax(ab)) if np.isfinite(ab).any() else None
        text = tr(
            "{stage}: service level {low} ({when}) to {high}",
            stage=stage,
            low=say.percent(np.nanmin(sl)),
            when=say.when(labels[low]),
            high=say.percent(np.nanmax(sl)),
        )
        if worst is not None:
            text += tr(
                ", abandonment up to {share} ({when})", share=say.percent(ab[worst]), when=say.when(labels[worst])
            )
        parts.append(text)
    if not parts:
        return tr("No stage answers live contacts.")
    return tr("Across the week — {parts}.", parts=say.join(parts, "; "))


def customers_summary(
    segments: Sequence[str],
    before: Mapping[str, Sequence[float]],
    after: Mapping[str, Sequence[float]],
    churn: bool,
    say: Wording = ENGLISH,
) -> str:
    """One sentence on the customer figure: satisfaction (and churn) per segment, as described → with changes."""
    tr = say.tr
    arrow = " ← " if tr.direction == "rtl" else " → "
    sat = say.join(
        f"{name} {say.local(f'{b:.2f}')}{arrow}{say.local(f'{a:.2f}')}"
        for name, b, a in zip(segments, before["satisfaction"], after["satisfaction"], strict=True)
    )
    text = tr("Satisfaction in points out of 10, as described → with your changes: {values}.", values=sat)
    if churn:
        lost = say.join(
            f"{name} {say.local(f'{100 * b:.1f}%')}{arrow}{say.local(f'{100 * a:.1f}%')}"
            for name, b, a in zip(segments, before["churn"], after["churn"], strict=True)
        )
        text += " " + tr("Churn in % of customers per year: {values}.", values=lost)
    return text


def cost_summary(
    before: float,
    after: float,
    budget: float | None,
    readings: Mapping[str, float],
    currency: str,
    period: str,
    *,
    public: bool,
    say: Wording = ENGLISH,
) -> str:
    """One sentence on the cost figure: employment cost against the budget, and the year's saving and cost."""
    tr = say.tr

    def whole(value: float) -> str:
        return say.local(f"{value:,.0f}")

    week = tr(
        "Employment cost {before} {currency} a week as described and {after} with your changes",
        before=whole(before),
        currency=currency,
        after=whole(after),
    )
    week += tr(" (budget {budget}).", budget=whole(budget)) if budget else tr(" (no budget set).")
    if not np.isfinite(readings.get("net_effect", np.nan)):
        return week
    r = readings
    return week + tr(
        " Over {a_period}: {saved} {saving}, {customer} {cost}, net effect {net} {currency} "
        "(plausible range {low} to {high}).",
        a_period=say.a_period(period),
        saved=tr("staff cost saved") if r["staff_saving"] >= 0 else tr("staff cost added"),
        saving=whole(abs(r["staff_saving"])),
        customer=tr("cost of failure added") if public else tr("customers lost"),
        cost=whole(r["customer_cost"]),
        net=whole(r["net_effect"]),
        currency=currency,
        low=whole(r["net_effect_low"]),
        high=whole(r["net_effect_high"]),
    )


def months_summary(
    net: float, weeks: int, staff_before: float, staff_after: float, currency: str, say: Wording = ENGLISH
) -> str:
    """One sentence on the 12-month figure: the cumulative net saving and staff at the end."""
    return say.tr(
        "After {weeks} the cumulative net saving is {net} {currency}; staff at the end of the year: "
        "{after} full-time equivalents with your changes against {before} as described.",
        weeks=say.count(UNITS["weeks"], weeks),
        net=say.local(f"{net:,.0f}"),
        currency=currency,
        after=say.local(f"{staff_after:,.1f}"),
        before=say.local(f"{staff_before:,.1f}"),
    )


__all__ = [
    "CONTROLS",
    "ENGLISH",
    "controls",
    "cost_summary",
    "customers_summary",
    "headline",
    "kpi_html",
    "levers_help",
    "money",
    "months_summary",
    "number",
    "service_summary",
    "unit_words",
]
