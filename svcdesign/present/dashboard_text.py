"""The staffing explorer's words: control labels, what the levers mean, read-outs, and a sentence per figure.

Numbers are written one way everywhere: percentages to one decimal, satisfaction points to two, seconds
whole, money whole with thousands separators (the headline's sums to three significant figures), churn as
% of customers per year. The sentences under the figures are their text alternative: the figure's
main numbers, from the same values the figure draws. Text from the scenario is escaped with
:func:`~svcdesign.markup.html_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..display import percent
from ..markup import html_text

CONTROLS: dict[str, tuple[str, str]] = {
    "scenario": ("Scenario", "the service to explore: one of the example services (or the scenario you opened)."),
    "week": (
        "Week of the year",
        "the week whose seasonal peaks apply (\u201ctypical week\u201d: none of them); the read-outs are for "
        "that week.",
    ),
    "staff": (
        "Staff per stage",
        "people added (+) or removed (\u2212) at each stage (and each agent group of a multi-skill desk), in "
        "full-time equivalents of the contract hours; the change is spread over the rota in proportion, so "
        "opening hours stay as they are.",
    ),
    "growth": (
        "Demand growth (%)",
        "% more (+) or fewer (\u2212) contacts than the scenario's demand, in every interval.",
    ),
    "peak": (
        "Peak size (\u00d7)",
        "how big the peaks are, in times the extra demand they bring: 1 = as described, 0 = no peaks, "
        "2 = twice the extra demand.",
    ),
    "handle": (
        "Handle time (%)",
        "the time staff spend on each contact, in % of the scenario's (100 = as described; all stages and "
        "contact types).",
    ),
    "escalation": (
        "Escalations (%)",
        "how much the front line (where contacts arrive: each channel's entry stage, or a desk's contact "
        "types) passes on to the next stage, in % of today's share (lower = an empowered front line resolves "
        "more at the first contact).",
    ),
    "patience": (
        "Patience (%)",
        "how long callers wait before giving up, in % of the scenario's (100 = as described; all stages and "
        "contact types).",
    ),
    "budget": (
        "Weekly budget",
        "the staff budget a week, in {currency}, set against employment cost (0 = no budget).",
    ),
}
"""Each control's label (its ``description``: no scenario text, which ipywidgets would typeset) and what
it means, in plain words with its unit (``{currency}`` is filled in, escaped)."""


def levers_help(currency: str) -> str:
    """ "What the levers mean": every control, in plain words with its unit (HTML)."""
    rows = "".join(
        f"<li><b>{html_text(label)}</b>: {html_text(text.format(currency=currency))}</li>"
        for label, text in CONTROLS.values()
    )
    return (
        "<details class='svcdesign-help'><summary>What the levers mean</summary>"
        f"<ul style='margin:4px 0;padding-left:18px;line-height:1.4'>{rows}</ul>"
        "<p style='margin:4px 0'>Every lever is relative to the scenario as described: with all of them at their "
        "starting positions the read-outs are the scenario's own.</p></details>"
    )


def money(value: float, currency: str, sign: bool = True) -> str:
    """A sum of money to three significant figures, its sign shown (− for a loss), and its currency (HTML)."""
    if not np.isfinite(value):
        return "—"
    rounded = float(f"{value:.3g}")
    mark = ("+" if rounded > 0 else "−" if rounded < 0 else "") if sign else ("−" if rounded < 0 else "")
    return f"{mark}{abs(rounded):,.0f} {html_text(currency)}"


def headline(
    readings: Mapping[str, float], period: str, statement: str, currency: str, *, public: bool, changed: bool
) -> str:
    """The first read-out: the net effect against the scenario as described, its range, the probability it
    pays, what it is made of, and the break-even statement (HTML; numbers as :func:`svcdesign.compare` gives)."""
    if not changed:
        return (
            f"<b>Net effect over a {period}</b>: none — every lever is at the scenario as described. Move a lever "
            "to see what the change saves, what it costs in customers, and whether it pays."
        )
    r = readings
    if not np.isfinite(r["net_effect"]):
        return "<b>Net effect</b>: not available — it needs the customer model shipped with svcdesign."
    gain = r["customer_cost"] < 0
    customer = (
        (
            "cost of failure avoided (failed cases and bed-days)"
            if gain
            else "extra cost of failure (failed cases and bed-days)"
        )
        if public
        else ("lifetime margin of the customers kept" if gain else "lifetime margin of the extra customers lost")
    )
    return (
        f"<div style='font-size:125%'><b>Net effect over a {period}: "
        f"<span class='net-central'>{money(r['net_effect'], currency)}</span></b> "
        f"(range <span class='net-low'>{money(r['net_effect_low'], currency)}</span> to "
        f"<span class='net-high'>{money(r['net_effect_high'], currency)}</span>; pays in "
        f"<span class='net-p-pays'>{100.0 * r['p_pays']:.0f}%</span> of plausible cases)</div>"
        f"<div style='font-size:90%;color:#333'>Your changes against the scenario as described: "
        f"{'staff cost saved' if r['staff_saving'] >= 0 else 'staff cost added'} "
        f"{money(abs(r['staff_saving']), currency, sign=False)} a {period}; {customer} "
        f"{money(abs(r['customer_cost']), currency, sign=False)} a {period}.</div>"
        f"<div style='font-size:90%;color:#333' class='net-statement'>{html_text(statement)}</div>"
    )


PERCENT_UNITS = ("%", "% of customers per year")


def number(value: float | None, unit: str) -> str:
    """A read-out's number in its unit's precision (the unit's share already turned into %)."""
    if value is None or not np.isfinite(value):
        return "∞" if value == float("inf") else "—"
    if unit in PERCENT_UNITS:
        return f"{100.0 * value:.1f}"
    if unit == "s":
        return f"{value:,.0f}"
    if unit.startswith("points"):
        return f"{value:.2f}"
    return f"{value:,.0f}"


def kpi_html(label: str, value: float, unit: str, reference: float | None) -> str:
    """One read-out: its label, its number and unit, and the scenario's own number when they differ (HTML)."""
    delta = ""
    if reference is not None and np.isfinite(value) and np.isfinite(reference) and abs(value - reference) > 1e-12:
        delta = f"<div class='kpi-reference' style='color:#333;font-size:85%'>scenario: {number(reference, unit)}</div>"
    return (
        f"<div class='kpi-label' style='font-size:80%;line-height:1.25;color:#333'>{html_text(label)}</div>"
        f"<div style='font-size:140%;line-height:1.3'><b class='kpi-value'>{number(value, unit)}</b> "
        f"<small>{html_text(unit)}</small></div>{delta}"
    )


# ---------------------------------------------------------------------------- figure sentences
def service_summary(stages: Sequence[str], service: np.ndarray, abandon: np.ndarray, labels: Sequence[str]) -> str:
    """One sentence on the service figure: each stage's service level range and worst abandonment, with when.

    ``service``/``abandon``: shares ``[stage, interval]``; ``labels``: each interval's label.
    """
    parts = []
    for i, stage in enumerate(stages):
        sl, ab = service[i], abandon[i]
        if not np.isfinite(sl).any():
            continue
        low, worst = int(np.nanargmin(sl)), int(np.nanargmax(ab)) if np.isfinite(ab).any() else None
        text = f"{stage}: service level {percent(np.nanmin(sl))} ({labels[low]}) to {percent(np.nanmax(sl))}"
        if worst is not None:
            text += f", abandonment up to {percent(ab[worst])} ({labels[worst]})"
        parts.append(text)
    if not parts:
        return "No stage answers live contacts."
    return "Across the week — " + "; ".join(parts) + "."


def customers_summary(
    segments: Sequence[str], before: Mapping[str, Sequence[float]], after: Mapping[str, Sequence[float]], churn: bool
) -> str:
    """One sentence on the customer figure: satisfaction (and churn) per segment, as described → with changes."""
    sat = ", ".join(
        f"{name} {b:.2f} → {a:.2f}"
        for name, b, a in zip(segments, before["satisfaction"], after["satisfaction"], strict=True)
    )
    text = f"Satisfaction in points out of 10, as described → with your changes: {sat}."
    if churn:
        lost = ", ".join(
            f"{name} {100 * b:.1f}% → {100 * a:.1f}%"
            for name, b, a in zip(segments, before["churn"], after["churn"], strict=True)
        )
        text += f" Churn in % of customers per year: {lost}."
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
) -> str:
    """One sentence on the cost figure: employment cost against the budget, and the year's saving and cost."""
    week = f"Employment cost {before:,.0f} {currency} a week as described and {after:,.0f} with your changes"
    week += f" (budget {budget:,.0f})." if budget else " (no budget set)."
    if not np.isfinite(readings.get("net_effect", np.nan)):
        return week
    customer = "cost of failure added" if public else "customers lost"
    return (
        f"{week} Over a {period}: {'staff cost saved' if readings['staff_saving'] >= 0 else 'staff cost added'} "
        f"{abs(readings['staff_saving']):,.0f}, {customer} "
        f"{readings['customer_cost']:,.0f}, net effect {readings['net_effect']:,.0f} {currency} "
        f"(plausible range {readings['net_effect_low']:,.0f} to {readings['net_effect_high']:,.0f})."
    )


def months_summary(net: float, weeks: int, staff_before: float, staff_after: float, currency: str) -> str:
    """One sentence on the 12-month figure: the cumulative net saving and staff at the end."""
    return (
        f"After {weeks} weeks the cumulative net saving is {net:,.0f} {currency}; staff at the end of the year: "
        f"{staff_after:,.1f} full-time equivalents with your changes against {staff_before:,.1f} as described."
    )


__all__ = [
    "CONTROLS",
    "cost_summary",
    "customers_summary",
    "headline",
    "kpi_html",
    "levers_help",
    "money",
    "months_summary",
    "number",
    "service_summary",
]
