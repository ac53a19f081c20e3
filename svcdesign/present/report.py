"""Self-contained HTML reports a consultant can hand to a client: findings first, then the options in
words, the figures, and the method and assumptions as a short appendix.

``report(scenario, path, options={...})`` draws the review of the scenario and each option (a what-if
variant: ``scenario.with_overrides(...)``) that :func:`svcdesign.explore.review.review` computes with
the analytic engine and the customer models, and writes one HTML file (plotly.js embedded once, so it
opens offline), in this order:

1. **Findings** — each option's net effect against the scenario as described over a year of its
   calendar, low, central and high, the probability it pays and what it turns on
   (:attr:`~svcdesign.explore.compare.Comparison.net_effect` and ``break_even``, in the review's words);
   "not given" where the customers' value is not given; the points to check (the engine's warnings,
   once each, and options that change nothing the review compares);
2. **The options** in words ("one more person on duty in every staffed interval"), never field names;
3. the options compared, outcome by outcome, and the stages of the scenario as described, one unit per
   quantity (waits as :func:`svcdesign.display.wait_text` writes them, the blueprint's too); with a
   multi-skill service desk, its contact types and its agent groups in tables of their own, then **who
   serves what** (each group's skills: handle time and the router's order) and who answered what;
4. **figures**, each with a sentence saying what it shows (its text alternative), drawn in the Okabe–Ito
   palette; then any ``extra`` sections;
5. an **appendix**: method, wages, the scenario's sources and the few assumptions that drive the net
   effect with their plausible range and a source the client can look up.

The page reflows down to a 390-pixel-wide phone: tables and the blueprint scroll inside their own
frame, never the page. The file is written atomically: on any error nothing is left half-written.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .._files import write_atomic
from ..data import CalibrationReport
from ..data.logs import plain_reason, reason_phrase
from ..errors import InputError
from ..explore.net_effect import DRAWS
from ..explore.outcomes import display_scale, label
from ..explore.review import BASELINE, Review, Wording, review
from ..i18n import check_language
from ..i18n.dates import check_calendar, dated
from ..i18n.phrases import Phrase, show
from ..markup import html_text
from ..model import Scenario
from .blueprint import blueprint
from .figures import timeline
from .journey import journey
from .sankey import sankey
from .style import OKABE_ITO

Section: TypeAlias = go.Figure | pd.DataFrame | CalibrationReport | str
"""What a report section holds: a figure, a table, a calibration or plain text."""

NOT_GIVEN = "not given"
"""What a cell says when the number needs a value the client has not given (wages, customers' value)."""

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f1f1f;
background:#fff;margin:0 auto;max-width:1180px;padding:1rem 1.25rem 3rem;overflow-wrap:break-word}
h1{font-size:1.8rem;line-height:1.25;margin:.4rem 0 .6rem}
h2{font-size:1.4rem;line-height:1.3;border-bottom:1px solid #c8c8c8;padding-bottom:.2em;margin:2.2rem 0 .8rem}
h3{font-size:1.12rem;margin:1.6rem 0 .5rem}
p,li{max-width:75ch}
.meta,.note,figcaption,caption{color:#4a4a4a;font-size:.93rem}
caption{text-align:left;padding:.2rem 0 .4rem;caption-side:top}
nav ol{padding-left:1.3rem;margin:.3rem 0}
a{color:#0057a8}
.frame{overflow-x:auto;max-width:100%;margin:.6rem 0 1rem}
.frame:focus-visible{outline:2px solid #0072B2;outline-offset:2px}
table{border-collapse:collapse;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d0d0;padding:.3rem .6rem;text-align:right;vertical-align:top}
thead th{background:#f0f0f0;text-align:center}
th[scope=row]{text-align:left;background:#f8f8f8;font-weight:600}
td.words{text-align:left;min-width:14rem}
.findings li{margin:.45rem 0}
.check li{margin:.3rem 0}
.warn{border-left:4px solid #D55E00;padding:.1rem 0 .1rem .7rem}
.text-block{white-space:pre-wrap}
figure{margin:1.2rem 0 2rem}
figure h3{margin-top:0}
@media (max-width:640px){body{padding:.75rem .8rem 2rem}h1{font-size:1.45rem}h2{font-size:1.2rem}
table{font-size:.82rem}th,td{padding:.25rem .4rem}}
"""

_RTL_CSS = """
body{font-family:"Noto Naskh Arabic","Noto Sans Arabic","Vazirmatn","DejaVu Sans",Tahoma,sans-serif;line-height:1.7}
caption{text-align:right}
nav ol{padding-left:0;padding-right:1.3rem}
th,td{text-align:left}
th[scope=row],td.words{text-align:right}
.warn{border-left:0;border-right:4px solid #D55E00;padding:.1rem .7rem .1rem 0}
td bdi,th bdi{unicode-bidi:isolate}
"""
"""Right-to-left pages (Arabic, Persian): text starts at the right (numbers keep to the cells' other edge, as
in the English tables), the lists and warnings mirrored; the table's columns follow ``dir`` by themselves. The
fonts: Vazirmatn (Persian) or Noto Naskh Arabic where installed, else DejaVu Sans — Debian's default font,
which covers the Arabic script and the ✓ and ✗ marks, so the page needs no emoji font."""

_DIRECTION = {"ltr": "", "rtl": " dir='rtl'"}
"""The ``dir`` attribute of the page (left out for left-to-right: the English page is as it was)."""

_LEGEND_START = {"ltr": {"x": 0, "xanchor": "left"}, "rtl": {"x": 1, "xanchor": "right"}}
"""Where a figure's legend starts: at the side the page's text starts."""

_FIGURE_HEIGHT = 430
"""Height of the report's responsive figures (px)."""


def report(
    scenario: Scenario,
    path: str | os.PathLike,
    *,
    options: Mapping[str, Scenario] | Iterable[Scenario] | None = None,
    title: str | None = None,
    intro: str = "",
    extra: Mapping[str, Section] | None = None,
    descriptions: Mapping[str, str] | None = None,
    customers: bool = True,
    progress: bool = True,
    language: str | None = None,
    calendar: str | None = None,
) -> Path:
    """Write a self-contained HTML report on ``scenario`` (and what-if ``options``) to ``path``.

    Parameters
    ----------
    scenario:
        The service as described (the baseline).
    path:
        Output ``.html`` file (parent folders must exist). Written atomically.
    options:
        What-if variants to compare, ``{name: Scenario}`` or a list (named by ``Scenario.name``).
    title, intro:
        Heading and an introductory paragraph (plain text; blank lines start new paragraphs).
    extra:
        More sections, ``{heading: figure, table, calibration or plain text}``, added after the figures
        (e.g. the :class:`~svcdesign.data.CalibrationReport` of a contact log, written for the client).
        Tables and text are escaped and keep their line breaks; a figure is embedded as given (build its
        labels from user text with :func:`svcdesign.markup.plot_text`).
    descriptions:
        The consultant's own words for options, ``{option name: text}``, shown before what the option
        changes (which the report always writes out in words).
    customers:
        Also run the customer models (satisfaction, churn, employment cost); on by default.
    progress:
        Show a progress bar (tqdm) while evaluating the options.
    language:
        The report's language, one of :data:`svcdesign.i18n.LANGUAGES` (``"en"``, ``"ar"``, ``"fa"``); None:
        the scenario's own (:attr:`Scenario.language <svcdesign.model.Scenario.language>`). Arabic and
        Persian pages read right to left, with the language's digits; text from the user (names, notes,
        the title) is shown as given.
    calendar:
        The calendar of the report's date: ``"gregorian"``, ``"solar_hijri"`` or ``"hijri"``
        (:data:`svcdesign.i18n.dates.CALENDARS`); None: the language's own (Persian Solar Hijri, Arabic and
        English Gregorian), with the Gregorian or the Hijri equivalent beside it
        (:func:`svcdesign.i18n.dates.dated`).

    Returns
    -------
    Path
        The report file. It holds plotly.js once, inline: no network is needed to open it.
    """
    path = _checked(scenario, path, language, calendar)
    done = review(scenario, options, customers=customers, progress=progress, language=language)
    say = Wording(done.language)
    unknown = sorted(set(descriptions or {}) - set(done.descriptions))
    if unknown:
        raise InputError("descriptions", unknown, f"names of the options: {list(done.descriptions)}")
    heading = title or say.tr("Service review: {name}", name=scenario.name)
    sections = _sections(done, extra or {}, descriptions or {}, say)
    body = [*_heading(done, heading, intro, say, calendar), _contents(sections, say), "<main>"]
    body += [f"<section id='{anchor}' aria-labelledby='{anchor}-h'>{html}</section>" for anchor, _, html in sections]
    body.append("</main>")
    document = (
        f"<!DOCTYPE html><html lang='{say.language}'{_DIRECTION[say.tr.direction]}><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html_text(heading)}</title><style>{_CSS}{_RTL_CSS if say.tr.direction == 'rtl' else ''}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )
    write_atomic(path, document)
    return path


def _checked(scenario: Scenario, path: str | os.PathLike, language: str | None, calendar: str | None) -> Path:
    """The report's file, once its inputs are checked (a clear error naming the first that is not allowed)."""
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError("path", str(path), "a file name ending in .html")
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing folder")
    if language is not None:
        check_language(language)
    check_calendar(calendar)
    return path


# ------------------------------------------------------------------------------------------ the page
def _shown(count: float) -> str:
    """A count as the English text shows it (whole, no thousands separator): what decides a counted noun's form."""
    return f"{count:.0f}"


def _heading(done: Review, heading: str, intro: str, say: Wording, calendar: str | None) -> list[str]:
    """Title, how the numbers were made (one line, dated in ``calendar``), the introduction and the scenario's notes."""
    tr = say.tr
    parts = [
        tr.ntr(
            "queueing figures for each {minutes}-minute interval of a typical week",
            "queueing figures for each {minutes}-minute interval of a typical week",
            _shown(done.interval_minutes),
            minutes=say.number(done.interval_minutes),
        )
    ]
    if done.customers:
        parts.append(tr("customer models"))
    if done.comparison.net_effect is not None:
        parts.append(tr("money over a {period}", period=say.period(done.comparison.period)))
    how = (
        html_text(tr("Prepared with svcdesign on {date}: {what}.", date=_today(say, calendar), what=say.join(parts)))
        + " "
        + tr("Method and assumptions: <a href='#appendix'>appendix</a>.")
    )
    parts = [f"<header><h1>{html_text(heading)}</h1><p class='meta'>{how}</p>"]
    parts += [f"<p>{html_text(p)}</p>" for p in _paragraphs(intro)]
    parts += [f"<p class='note'>{html_text(p)}</p>" for p in _paragraphs(done.scenario.notes)]
    parts.append("</header>")
    return parts


def _today(say: Wording, calendar: str | None) -> str:
    """Today's date in the language and calendar (:func:`svcdesign.i18n.dates.dated`; English in the Gregorian
    calendar: "05 December 2026")."""
    today = _dt.date.today()
    if say.english and calendar in (None, "gregorian"):
        return f"{today:%d %B %Y}"
    return dated(today, say.language, calendar)


def _contents(sections: list[tuple[str, str, str]], say: Wording) -> str:
    items = "".join(f"<li><a href='#{anchor}'>{html_text(name)}</a></li>" for anchor, name, _ in sections)
    name = say.tr("Contents")
    return f"<nav aria-label='{html_text(name)}'><p><b>{html_text(name)}</b></p><ol>{items}</ol></nav>"


def _sections(
    done: Review, extra: Mapping[str, Section], descriptions: Mapping[str, str], say: Wording
) -> list[tuple[str, str, str]]:
    """The report's sections in order: (anchor, heading, HTML including the heading)."""
    tr = say.tr
    out = [("findings", tr("Findings"), _findings(done, say))]
    if done.descriptions:
        out.append(("options", tr("The options"), _options(done, descriptions, say)))
        out.append(("comparison", tr("Options compared"), _comparison(done, say)))
    if done.scenario.service_desk is None:
        out.append(("stages", tr("Per stage, as described"), _stages(done, say)))
    else:
        out.append(("stages", tr("Contact types, agent groups and stages, as described"), _desk_stages(done, say)))
        out.append(("skills", tr("Who serves what"), _skills(done, say)))
    out.append(("figures", tr("Figures"), _figures(done, say)))
    for i, (name, item) in enumerate(extra.items(), start=1):
        out.append((f"extra-{i}", str(name), _extra(f"extra-{i}", str(name), item, say)))
    out.append(("appendix", tr("Appendix: method and assumptions"), _appendix(done, say)))
    return [(anchor, name, f"<h2 id='{anchor}-h'>{html_text(name)}</h2>{html}") for anchor, name, html in out]


def _content(text: str) -> str:
    """A sentence of the report (its fixed words and the values put in them) as element content: ``& < >``
    escaped, quotes kept as written (they need no escaping outside attributes)."""
    return html.escape(text, quote=False)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: split at blank lines, each one's lines kept (shown with pre-wrap)."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _text_html(text: str) -> str:
    """Plain text as HTML paragraphs that keep their line breaks and indentation."""
    return "".join(f"<p class='text-block'>{html_text(p)}</p>" for p in _paragraphs(text))


def _frame(inner: str, name: str) -> str:
    """A table or figure in a frame that scrolls sideways by itself on a narrow screen (keyboard
    reachable: a scrolling region must be focusable)."""
    return f"<div class='frame' role='region' aria-label='{html_text(name)}' tabindex='0'>{inner}</div>"


def _table(
    columns: list[str],
    rows: list[tuple[str, list[str]]],
    caption: str,
    corner: str = "",
    words: frozenset[int] = frozenset(),
) -> str:
    """An accessible table: a caption, column headers, a header cell per row; every text escaped.
    ``words``: the columns (0-based, after the row headers) that hold text, set left-aligned."""
    head = f"<th scope='col'>{html_text(corner)}</th>" + "".join(
        f"<th scope='col'>{html_text(c)}</th>" for c in columns
    )
    body = "".join(
        f"<tr><th scope='row'>{html_text(name)}</th>"
        + "".join(
            f"<td class='words'>{html_text(v)}</td>" if i in words else f"<td>{html_text(v)}</td>"
            for i, v in enumerate(values)
        )
        + "</tr>"
        for name, values in rows
    )
    table = f"<table><caption>{html_text(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return _frame(table, caption)


# ------------------------------------------------------------------------------------------ findings
def _findings(done: Review, say: Wording) -> str:
    comparison, findings, tr = done.comparison, done.findings, say.tr
    parts = [f"<p>{html_text(' '.join(done.summary))}</p>"]
    if not findings.empty:
        money = say.per(comparison.currency, comparison.period)
        staff_only = bool(findings["staff_only"].any())
        values = {"money": money}
        text = (
            tr(
                "Net effect of each option against the scenario as described: staff cost saved minus the cost of "
                "the failures it adds, in {money} (positive: the option is better for the organisation's money).",
                **values,
            )
            if done.scenario.organisation.kind == "public"
            else tr(
                "Net effect of each option against the scenario as described: staff cost saved minus the value of "
                "the customers it loses, in {money} (positive: the option is better for the organisation's money).",
                **values,
            )
        )
        if staff_only:
            text += " " + tr(
                "The customers' yearly value is not given, so only staff cost is counted and there is no range."
            )
        parts.append(f"<p>{_content(text)}</p>")
        columns = (
            [tr("Net effect, staff cost only"), tr("Range"), tr("Probability it pays")]
            if staff_only
            else [tr("Low (5%)"), tr("Central"), tr("High (95%)"), tr("Probability it pays")]
        )
        rows = []
        not_given = tr("not given")
        for name, row in findings.iterrows():
            if staff_only:
                rows.append((str(name), [say.signed(row["central"]), not_given, not_given]))
            else:
                cells = [say.signed(row["low"]), say.signed(row["central"]), say.signed(row["high"])]
                rows.append((str(name), [*cells, say.percent(row["p_pays"], 0)]))
        caption = tr("Net effect against the scenario as described ({money})", money=money)
        parts.append(_table(columns, rows, caption, corner=tr("Option")))
        parts.append("<ul class='findings'>")
        parts += [
            f"<li><b>{html_text(name)}</b>: {html_text(text)}</li>" for name, text in findings["statement"].items()
        ]
        parts.append("</ul>")
    checks = _points_to_check(done, say)
    if checks:
        heading = _content(tr("Points to check"))
        parts.append(f"<h3 id='check'>{heading}</h3><ul class='check'>{''.join(checks)}</ul>")
    return "".join(parts)


def _points_to_check(done: Review, say: Wording) -> list[str]:
    """The engine's warnings, each once with the options it concerns, and options that change nothing."""
    tr = say.tr
    seen: dict[str, list[str]] = {}
    written: dict[str, str] = {}  # each warning as the engine wrote it: a Phrase is shown in the language
    for name, results in done.runs.items():
        for warning in results.warnings:
            seen.setdefault(str(warning), []).append(name)
            written.setdefault(str(warning), warning)
    out = []
    for warning, names in seen.items():
        named = (_option_name(name, say) for name in names)
        who = tr("All options") if len(names) == len(done.runs) and len(names) > 1 else say.join(named)
        text = _warning_text(written[warning], say)
        out.append(f"<li class='warn'><b>{html_text(who)}</b>: {text}</li>")
    out += [f"<li><b>{html_text(name)}</b>: {html_text(text)}</li>" for name, text in done.unchanged.items()]
    if not done.customer_value_given and done.customers:
        text = tr(
            "The customers' yearly value is not given: revenue at risk and the money the options make or lose "
            "through customers are shown as “not given”."
        )
        out.append(f"<li>{_content(text)}</li>")
    if not any(w > 0 for w in done.wages.values()):
        text = tr("The wages are not given: staff costs are shown as “not given”.")
        out.append(f"<li>{_content(text)}</li>")
    return out


# ------------------------------------------------------------------------------------------- options
def _options(done: Review, descriptions: Mapping[str, str], say: Wording) -> str:
    items = []
    for name, changes in done.descriptions.items():
        own = f"<p>{html_text(descriptions[name])}</p>" if name in descriptions else ""
        listed = "".join(f"<li>{html_text(_sentence(change))}</li>" for change in changes)
        items.append(f"<li><b>{html_text(name)}</b>{own}<ul>{listed}</ul></li>")
    lead = say.tr("Each option is the scenario as described with the changes listed; everything else stays as it is.")
    return f"<p>{_content(lead)}</p><ul class='options'>{''.join(items)}</ul>"


def _warning_text(warning: str, say: Wording) -> str:
    """An engine's warning as element content: in the page's language when the engine marked it for translation
    (a :class:`~svcdesign.i18n.phrases.Phrase`), else in English, marked as such."""
    if isinstance(warning, Phrase):
        return html_text(warning.in_language(say.language))
    return _english(html_text(warning), say)


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (its first letter left as written: it may be a name)."""
    return text + ("" if text.endswith(".") else ".")


def _outcomes(say: Wording) -> dict[str, tuple[str, Callable[[float], str]]]:
    """Rows of the options table: label (with its unit) and how a value is written — one precision per row."""
    tr, n = say.tr, say.number
    return {
        "staff_cost": (tr("Staff cost ({cur}/week)"), lambda v: n(v)),
        "staff_cost_change": (tr("Change in staff cost ({cur}/week)"), lambda v: say.signed(v)),
        "service_level": (tr("Service level, all stages (%)"), lambda v: n(100 * v, 1)),
        "p_abandon_any": (tr("Customers abandoning at some stage (%)"), lambda v: n(100 * v, 1)),
        "resolved_within_target": (tr("Issues resolved within the target time (%)"), lambda v: n(100 * v, 1)),
        "time_to_resolution": (tr("Time to resolve an issue (hours)"), lambda v: n(v, 2)),
        "fcr": (tr("First-contact resolution (%)"), lambda v: n(100 * v, 1)),
        "satisfaction": (tr("Satisfaction (points, 0–10)"), lambda v: n(v, 2)),
        "churn": (tr("Churn (% of customers a year)"), lambda v: n(100 * v, 2)),
        "revenue_effect": (tr("Revenue effect: − margin of customers lost ({cur}/{period})"), lambda v: say.signed(v)),
        "cost_of_failure": (tr("Cost of failure ({cur}/{period})"), lambda v: n(v)),
        "net_effect": (tr("Net effect, central ({cur}/{period})"), lambda v: say.signed(v)),
    }


def _comparison(done: Review, say: Wording) -> str:
    comparison, tr = done.comparison, say.tr
    values = comparison.values.copy()
    values.insert(1, "staff_cost_change", values["staff_cost"] - values["staff_cost"].loc[comparison.baseline])
    wages = any(w > 0 for w in done.wages.values())
    outcomes = _outcomes(say)
    rows = []
    for column in values.columns:
        if column in ("net_effect_low", "net_effect_high", "p_pays"):
            continue  # in the findings
        text, write = outcomes.get(column, (None, None))
        if text is None or write is None:
            scale = display_scale(column)
            text, write = label(column, "{cur}", say.language), lambda v, s=scale: say.number(v * s, 2)
        cells = [write(float(v)) for v in values[column]]
        if (column.startswith("staff_cost") and not wages) or (
            column in ("revenue_effect", "net_effect") and not done.customer_value_given
        ):
            cells = [tr("not given")] * len(cells) if column != "net_effect" or not wages else cells
            if column == "net_effect":
                text = tr("Net effect, staff cost only ({cur}/{period})")
        rows.append((text.format(cur=comparison.currency, period=say.period(comparison.period)), cells))
    caption = tr(
        "Each option's outcomes: operations over a typical week, end to end; money per {period} where marked.",
        period=say.period(comparison.period),
    )
    return _table([_option_name(name, say) for name in values.index], rows, caption, corner=tr("Outcome (unit)"))


def _option_name(name: object, say: Wording) -> str:
    """An option's name as shown: the scenario as described (:data:`BASELINE`) in the report's language."""
    return say.tr("as described") if name == BASELINE else str(name)


def _stages(done: Review, say: Wording, frame: pd.DataFrame | None = None, total: str | None = None) -> str:
    """The stages of the chain (``frame``: rows of :attr:`Review.stages`, default all), the row for the
    whole named ``total`` (default "Whole chain")."""
    tr, n = say.tr, say.number
    frame = done.stages if frame is None else frame
    total = tr("Whole chain") if total is None else total
    currency = done.comparison.currency
    wages = any(w > 0 for w in done.wages.values())
    columns = [
        tr("Contacts a week"),
        tr("Service level (%)"),
        tr("Mean wait of all contacts"),
        tr("Abandoned (%)"),
        tr("Occupancy (%)"),
        tr("Paid staff hours a week"),
        tr("Staff hours needed a week"),
        tr("Staff cost ({currency}/week)", currency=currency),
        tr("Note"),
    ]
    rows = []
    for stage, row in frame.iterrows():
        whole = stage == "all"
        notes = [
            tr("deferred work (waits, never abandons)") if row["deferred"] else "",
            tr("overloaded in some intervals") if row["overloaded"] else "",
            tr("no staff in some intervals with contacts") if row["unstaffed"] else "",
        ]
        rows.append(
            (
                total if whole else str(stage),
                [
                    n(row["arrivals"]),
                    "" if whole else n(100 * row["service_level"], 1),
                    "" if whole else say.wait(row["asa"]),
                    "" if whole else n(100 * row["p_abandon"], 1),
                    "" if whole else n(100 * row["occupancy"], 1),
                    n(row["staff_hours"]),
                    n(row["required_staff_hours"]),
                    n(row["staff_cost"]) if wages else tr("not given"),
                    say.join((x for x in notes if x), "; "),
                ],
            )
        )
    caption = tr(
        "The scenario as described, a typical week. Waits in seconds (s), minutes (min) or hours (h), as in the "
        "blueprint; staff hours needed: to meet each stage's target in every interval."
    )
    return _table(columns, rows, caption, corner=tr("Stage"), words=frozenset({8}))


def _desk_stages(done: Review, say: Wording) -> str:
    """A service desk's contact types (the customers' side), its agent groups (the staff's side), then the
    chain's stages and the whole service, each in a table of its own."""
    tr, n = say.tr, say.number
    frame, currency = done.stages, done.comparison.currency
    wages = any(w > 0 for w in done.wages.values())
    not_given = tr("not given")
    cost = (lambda v: n(v)) if wages else (lambda v: not_given)
    types = [
        (
            str(name),
            [
                n(row["arrivals"]),
                n(100 * row["service_level"], 1),
                say.wait(row["asa"]),
                n(100 * row["p_abandon"], 1),
                tr("deferred work (waits, never abandons)") if row["deferred"] else "",
            ],
        )
        for name, row in frame[frame["kind"] == "contact_type"].iterrows()
    ]
    groups = [
        (
            str(name),
            [
                n(row["answered"]),
                n(100 * row["occupancy"], 1),
                n(row["staff_hours"]),
                n(done.wages.get(str(name), 0.0), 2) if wages else not_given,
                cost(row["staff_cost"]),
            ],
        )
        for name, row in frame[frame["kind"] == "group"].iterrows()
    ]
    parts = [
        _table(
            [
                tr("Contacts a week"),
                tr("Service level (%)"),
                tr("Mean wait of all contacts"),
                tr("Abandoned (%)"),
                tr("Note"),
            ],
            types,
            tr(
                "Contact types of the service desk, as described: what customers get in a typical week. Waits in "
                "seconds (s), minutes (min) or hours (h), as in the blueprint."
            ),
            corner=tr("Contact type"),
            words=frozenset({4}),
        ),
        _table(
            [
                tr("Contacts answered a week"),
                tr("Occupancy (%)"),
                tr("Paid staff hours a week"),
                tr("Hourly wage ({currency})", currency=currency),
                tr("Staff cost ({currency}/week)", currency=currency),
            ],
            groups,
            tr("Agent groups of the service desk, as described: what their staff do in a typical week."),
            corner=tr("Agent group"),
        ),
    ]
    chain = frame[frame["kind"].isin(["stage", "all"])]
    return "".join(parts) + _stages(done, say, chain, total=tr("Whole service (desk and chain)"))


# ------------------------------------------------------------------------------------------- skills
def _skills(done: Review, say: Wording) -> str:
    """Which agent group serves which contact type (speed, the router's order) and who answered what."""
    tr = say.tr
    skills, shares = done.skills, done.answered_by
    types = list(shares.index)
    groups = list(dict.fromkeys(skills.index.get_level_values("group")))
    rows = []
    for group in groups:
        cells = []
        for contact in types:
            if (group, contact) not in skills.index:
                cells.append("–")
                continue
            skill = skills.loc[(group, contact)]
            place = int(skill["preference"])
            after = say.wait(float(skill["offered_after"]))
            order = (
                tr("first choice")
                if place == 1
                else tr("choice {place}, after {wait} of waiting", place=say.number(place), wait=after)
            )
            cells.append(
                tr(
                    "× {times} handle time ({mean}); {order}",
                    times=say.number(skill["handle_time_multiplier"], 2),
                    mean=say.wait(skill["handle_time"]),
                    order=order,
                )
            )
        rows.append((group, cells))
    parts = [
        _table(
            types,
            rows,
            tr(
                "Skills: the contact types each agent group serves, its handle time against the contact type's "
                "mean (and its mean per contact), and the order in which the router offers the contact type "
                "to the groups (– : the group does not serve it)."
            ),
            corner=tr("Agent group"),
            words=frozenset(range(len(types))),
        )
    ]
    answered = [(str(t), [say.percent(float(v), 1) for v in shares.loc[t]]) for t in types]
    parts.append(
        _table(
            [str(g) for g in shares.columns],
            answered,
            tr(
                "Who answered what, as described: the share of each contact type's answered contacts each agent "
                "group answered in a typical week."
            ),
            corner=tr("Contact type"),
        )
    )
    return "".join(parts)


# ------------------------------------------------------------------------------------------- figures
def _figures(done: Review, say: Wording) -> str:
    scenario, base, tr = done.scenario, done.runs[BASELINE], say.tr
    target = scenario.targets.service_level
    drawn: list[tuple[str, str, go.Figure, bool]] = [
        (
            "service_level",
            tr("Service level across the week"),
            timeline(base, "service_level", target=100 * target if target else None, language=say.language),
            False,
        ),
        ("flows", tr("Flows through the chain"), sankey(scenario, base, language=say.language), False),
        ("blueprint", tr("Service blueprint"), blueprint(scenario, base, language=say.language), True),
    ]
    if done.customers:
        drawn.append(("journey", tr("Customer journey"), journey(scenario, base, language=say.language), False))
    parts = []
    for i, (key, heading, fig, fixed) in enumerate(drawn):
        caption = done.captions.get(key, "")
        parts.append(_figure_html(f"figure-{key}", heading, fig, caption, say, first=i == 0, fixed=fixed))
    return "".join(parts)


def _figure_html(
    anchor: str, heading: str, fig: go.Figure, caption: str, say: Wording, *, first: bool, fixed: bool
) -> str:
    """A figure with its heading and its caption (the text alternative), in a frame of its own. On a
    right-to-left page the legend starts at the right; the time axis keeps running left to right, as
    Arabic and Persian business charts draw time."""
    fig = go.Figure(fig)
    fig.update_layout(title=None, colorway=list(OKABE_ITO), font={"size": 13})
    if fixed:  # drawn at its own size in pixels: only the room its title took is given back
        fig.update_layout(height=(fig.layout.height or _FIGURE_HEIGHT) - 40, margin_t=20)
    else:
        fig.update_layout(
            height=fig.layout.height or _FIGURE_HEIGHT,
            width=None,
            autosize=True,
            margin={"t": 40},
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, **_LEGEND_START[say.tr.direction]},
        )
        if fig.layout.legend.title.text:
            fig.update_layout(legend_title_text=fig.layout.legend.title.text + ": ")
    plot = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=first,
        config={"displayModeBar": False, "responsive": True},
        default_width="100%",
    )
    return (
        f"<figure id='{anchor}' aria-labelledby='{anchor}-h' aria-describedby='{anchor}-c'>"
        f"<h3 id='{anchor}-h'>{html_text(heading)}</h3>"
        f"<figcaption id='{anchor}-c'>{html_text(caption)}</figcaption>"
        + _frame(plot, say.tr("{figure} (scroll sideways on a narrow screen)", figure=heading) if fixed else heading)
        + "</figure>"
    )


# -------------------------------------------------------------------------------------------- extras
def _extra(anchor: str, heading: str, item: Section, say: Wording) -> str:
    if isinstance(item, go.Figure):
        return _figure_html(f"{anchor}-figure", heading, item, "", say, first=False, fixed=False).replace(
            f"<h3 id='{anchor}-figure-h'>{html_text(heading)}</h3>", ""
        )
    if isinstance(item, pd.DataFrame):
        rows = [
            (str(index), [_cell(v, say) for v in values])
            for index, values in zip(item.index, item.itertuples(index=False), strict=True)
        ]
        return _table([str(c) for c in item.columns], rows, heading, corner=str(item.index.name or ""))
    if isinstance(item, CalibrationReport):
        return _calibration(item, say)
    return _text_html(str(item))


def _cell(value: object, say: Wording) -> str:
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            return ""
        return say.number(float(value), 0 if abs(float(value)) >= 100 else 2)
    return "" if value is None else str(value)


def _calibration(report: CalibrationReport, say: Wording) -> str:
    """A contact log's calibration, written for the client: what was read, what was estimated, and the
    log's own problems (no paths, no code names). The staffing method's name and the reasons rows were left out
    stay in English, marked as such on a page in another language, as does a warning not marked for
    translation."""
    tr, n = say.tr, say.number
    days = report.days_observed["days"]
    source = Path(str(report.source)).name
    chosen = report.handle_time.loc[[report.handle_time_choice]]
    handle = {k: float(chosen[k].to_numpy()[0]) for k in ("mean_s", "cv")}
    used = report.patience[report.patience["used"]].iloc[0] if report.patience["used"].any() else None
    staffed = report.staffing.to_numpy(dtype=float)
    validation = report.validation
    excluded = validation[validation["status"] == "excluded"]
    excluded = excluded[excluded["rows"] > 0]
    shape = {"lognormal": tr("lognormal"), "exponential": tr("exponential"), "gamma": tr("gamma")}
    lines = [
        tr.ntr(
            "Log: {source}, read in {minutes}-minute intervals. Days observed: {days}.",
            "Log: {source}, read in {minutes}-minute intervals. Days observed: {days}.",
            _shown(report.interval_minutes),
            source=source,
            minutes=n(report.interval_minutes),
            days=say.join(f"{say.when(str(d))} {n(int(k))}" for d, k in days.items()),
        ),
        tr("Contacts in an average week: {n}.", n=n(float(report.arrivals.to_numpy().sum()))),
        tr(
            "Handle time: {kind} distribution, mean {mean} min (coefficient of variation {cv}).",
            kind=shape.get(report.handle_time_choice, report.handle_time_choice),
            mean=n(handle["mean_s"] / 60, 1),
            cv=n(handle["cv"], 2),
        ),
    ]
    if used is not None:
        finite = np.isfinite(used["lower_s"]) and np.isfinite(used["upper_s"])
        interval = (
            tr(" (95% interval {low}–{high} s)", low=n(used["lower_s"]), high=n(used["upper_s"])) if finite else ""
        )
        lines.append(
            tr(
                "Customers' patience (how long they wait before they hang up): mean {mean} s{interval}, estimated "
                "with served customers' waits as lower bounds of their patience.",
                mean=n(used["value_s"]),
                interval=interval,
            )
        )
    if (staffed > 0).any():
        lines.append(
            tr(
                "Staff on duty, estimated from the log ({method}): {n} on average in the intervals with staff.",
                method=_staffing_method(str(report.staffing_method), say),
                n=n(staffed[staffed > 0].mean(), 1),
            )
        )
    if len(report.segments) > 1:
        shares = say.join(f"{name} {say.percent(float(row['share']))}" for name, row in report.segments.iterrows())
        lines.append(tr("Customer segments: {shares}.", shares=shares))
    if not excluded.empty:
        reasons = _left_out(excluded, say)
        lines.append(
            tr(
                "{n} rows of the log could not be used and were left out: {reasons}. The analyst holds the list "
                "of these rows.",
                n=n(float(excluded["rows"].sum())),
                reasons=reasons,
            )
        )
    notes = [w for w in report.warnings if not re.search(r"rows? excluded", w) and _client_note(w)]
    items = "".join(f"<li>{_marked(line, say, html_text)}</li>" for line in lines)
    checks = "".join(f"<li>{_log_check(w, say)}</li>" for w in notes)
    heading = tr("Points to check in the log:")
    return f"<ul>{items}</ul>" + (f"<p>{html_text(heading)}</p><ul class='check'>{checks}</ul>" if checks else "")


def _left_out(excluded: pd.DataFrame, say: Wording) -> str:
    """The reasons rows of a log were left out, each with its count of rows: in the language when the log's
    reader gave every one (:func:`svcdesign.data.logs.reason_phrase`), else in English between the
    :data:`_ENGLISH` marks."""
    kinds = [(reason_phrase(plain_reason(str(r["what"]))), int(r["rows"])) for _, r in excluded.iterrows()]
    if say.english or not all(isinstance(kind, Phrase) for kind, _ in kinds):
        listed = "; ".join(f"{kind} ({rows})" for kind, rows in kinds)
        return listed if say.english else _ENGLISH[0] + listed + _ENGLISH[1]
    return say.join((f"{show(kind, say.language)} ({say.number(rows)})" for kind, rows in kinds), "; ")


def _staffing_method(method: str, say: Wording) -> str:
    """How the staff on duty was estimated (:data:`svcdesign.data.on_duty.ON_DUTY_METHODS`, ``"roster"``), named in
    the language, else in English between the :data:`_ENGLISH` marks."""
    named = say.tr(method)
    return named if say.english or named != method else _ENGLISH[0] + method + _ENGLISH[1]


def _log_check(warning: str, say: Wording) -> str:
    """A calibration's warning as a sentence of element content, without references to program objects: in the
    page's language when it was marked for translation (a :class:`~svcdesign.i18n.phrases.Phrase`), else in
    English, marked as such."""
    text = _client_note(warning.in_language(say.language) if isinstance(warning, Phrase) else warning)
    content = html_text(_sentence(text[:1].upper() + text[1:]))
    return content if isinstance(warning, Phrase) else _english(content, say)


def _client_note(text: str) -> str:
    """A note from the calibration without references to program objects (``(see ContactLog.excluded …)``)."""
    return re.sub(r"\s*\([^()]*\b[A-Z]\w+\.\w+[^()]*\)", "", text).strip()


# ------------------------------------------------------------------------------------------- appendix
def _method(done: Review, say: Wording) -> list[str]:
    """The method in a few paragraphs: operations, the service desk, customers, money."""
    comparison, tr = done.comparison, say.tr
    weeks = say.join((f"{_week_kind(k.label, say)} × {say.local(f'{k.count:g}')}" for k in comparison.weeks), "; ")
    method = [
        tr.ntr(
            "Operations: each stage is a queue in each {minutes}-minute interval of a typical week — Erlang C, or "
            "Erlang A where customers hang up, interval by interval (the stationary independent period-by-period "
            "approximation) — and contacts move between stages as the routing describes (escalations, transfers, "
            "repeat contacts, follow-ups). Figures are for the whole week.",
            "Operations: each stage is a queue in each {minutes}-minute interval of a typical week — Erlang C, or "
            "Erlang A where customers hang up, interval by interval (the stationary independent period-by-period "
            "approximation) — and contacts move between stages as the routing describes (escalations, transfers, "
            "repeat contacts, follow-ups). Figures are for the whole week.",
            _shown(done.interval_minutes),
            minutes=say.number(done.interval_minutes),
        )
    ]
    if done.scenario.service_desk is not None:
        methods = done.runs[BASELINE].meta.get("methods")
        used = sorted(set(methods["method"])) if isinstance(methods, pd.DataFrame) else []
        method.append(
            tr(
                "The service desk: agent groups with different skills share the contact types, so its waits come "
                "from approximations of a multi-skill queue ({methods}); the agent groups' staff hours and cost are "
                "counted as a stage's.",
                methods=_method_names(used, say),
            )
            if used
            else tr(
                "The service desk: agent groups with different skills share the contact types, so its waits come "
                "from approximations of a multi-skill queue; the agent groups' staff hours and cost are counted as "
                "a stage's."
            )
        )
    if done.customers:
        method.append(
            tr(
                "Customers: an experience index per touchpoint (six pillars of customer experience), satisfaction "
                "from what customers expected and what they got (expectation–disconfirmation), and churn from "
                "contacts that end unresolved or late (revealed behaviour)."
            )
        )
    if comparison.net_effect is not None:
        method.append(
            tr("Money over a {period}", period=say.period(comparison.period))
            + (f" ({weeks})" if weeks else "")
            + tr(
                ": net effect = staff cost saved − the lifetime margin of the customers the service loses (for a "
                "public service, the cost of failure). Low and high are the 5th and 95th percentiles over {draws} "
                "draws of the uncertain assumptions below, each within its plausible range; the probability an "
                "option pays is the share of draws in which its net effect is positive.",
                draws=say.number(DRAWS),
            )
        )
    return method


_ENGLISH = ("\ue000", "\ue001")
"""Private-use marks around English text put into a sentence of another language (the engines' notes)."""


def _english(content: str, say: Wording) -> str:
    """Element content written in English, marked as such on a page in another language (``lang='en'``, left
    to right), so that a screen reader reads it as English and its words keep their order."""
    return content if say.english else f"<span lang='en' dir='ltr'>{content}</span>"


def _marked(text: str, say: Wording, escape: Callable[[str], str] = _content) -> str:
    """A sentence as element content (``escape``: how), its English part between the :data:`_ENGLISH` marks
    marked as English."""
    content = escape(text)
    if _ENGLISH[0] not in content:
        return content
    start, end = content.split(_ENGLISH[0], 1)
    inner, rest = end.split(_ENGLISH[1], 1)
    return start + _english(inner, say) + rest


def _method_names(labels: list[str], say: Wording) -> str:
    """The desk methods' labels (``meta["methods"]``) in the language when the catalogues have each, else all in
    English between the :data:`_ENGLISH` marks."""
    shown = [say.method(label) for label in labels]
    if say.english or all(s != label for s, label in zip(shown, labels, strict=True)):
        return say.join(shown, "; ")
    return _ENGLISH[0] + "; ".join(labels) + _ENGLISH[1]


def _untranslated_methods(done: Review, say: Wording) -> bool:
    """Whether a desk method of the baseline has no translation in the page's language."""
    methods = done.runs[BASELINE].meta.get("methods")
    used = set(methods["method"]) if isinstance(methods, pd.DataFrame) else set()
    return any(say.method(m) == m for m in used)


def _week_kind(label: str, say: Wording) -> str:
    """A kind of week of the year (:class:`svcdesign.explore.year.WeekKind`'s label) in the language: the
    typical week, or the peaks' names (the user's) and the weeks they fall in."""
    if say.english:
        return label
    if label == "typical week":
        return say.tr("typical week")
    weeks = re.fullmatch(r"(.*) \(weeks ([^()]*)\)", label)
    if weeks is None:
        return label
    return say.tr("{names} (weeks {weeks})", names=weeks.group(1), weeks=say.local(weeks.group(2)))


def _appendix(done: Review, say: Wording) -> str:
    currency, tr = done.comparison.currency, say.tr
    method = tr("Method")
    parts = [f"<h3 id='method'>{_content(method)}</h3>", *(f"<p>{_marked(m, say)}</p>" for m in _method(done, say))]
    english = any(not isinstance(w, Phrase) for r in done.runs.values() for w in r.warnings)
    technical = english or (done.scenario.service_desk is not None and _untranslated_methods(done, say))
    if not say.english and technical:
        notes = tr(
            "The calculation engines' technical notes (under “Points to check”, and the names of the queueing "
            "methods above) are written in English: the engines write them as they compute, and they are not "
            "translated yet."
        )
        parts.append(f"<p>{_content(notes)}</p>")
    given = {s: w for s, w in done.wages.items() if w > 0}
    not_given = tr("not given")
    wages = (
        tr(
            "Hourly wage per paid hour ({currency}): {wages}.",
            currency=currency,
            wages=say.join(
                (f"{_team(done, s, say)} {say.number(w, 2) if w > 0 else not_given}" for s, w in done.wages.items()),
                "; ",
            ),
        )
        if given
        else tr("The wages are not given: staff costs are not counted.")
    )
    heading = tr("Wages")
    parts += [f"<h3 id='wages'>{_content(heading)}</h3>", f"<p>{_content(wages)}</p>"]
    sources, not_listed = done.scenario.sources, tr("None given.")
    heading = _content(tr("Sources of the scenario's numbers"))
    parts.append(f"<h3 id='sources'>{heading}</h3>")
    parts.append(
        "<ul>" + "".join(f"<li>{html_text(s)}</li>" for s in sources) + "</ul>"
        if sources
        else f"<p>{_content(not_listed)}</p>"
    )
    if done.customers and not done.drivers.empty:
        parts += _drivers_table(done, say)
    return "".join(parts)


def _drivers_table(done: Review, say: Wording) -> list[str]:
    """The assumptions that drive the net effect: value, plausible range, kind of evidence and source."""
    tr = say.tr
    kinds = {
        "modelling choice": tr("modelling choice"),
        "published estimate": tr("published estimate"),
        "practitioner claim": tr("practitioner claim"),
        "survey intention": tr("survey intention"),
        "revealed behaviour": tr("revealed behaviour"),
    }
    rows = []
    for _, row in done.drivers.iterrows():
        span = (
            f"{_assumed(row['low'], row['unit'], say)} – {_assumed(row['high'], row['unit'], say)}"
            if np.isfinite(row["low"])
            else "–"
        )
        kind = kinds.get(str(row["kind"]), str(row["kind"]))
        kind += (" " + tr("(set for this scenario)")) if row["set_by_scenario"] else ""
        rows.append((str(row["label"]), [_assumed(row["value"], row["unit"], say), span, kind, str(row["source"])]))
    heading = tr("Assumptions used and their sources")
    lead = tr(
        "The assumptions that drive the net effect and its range, with the range drawn over. The customer models "
        "use further assumptions of lesser weight (experience weights, expectations); the analyst can provide the "
        "full table."
    )
    return [
        f"<h3 id='assumptions'>{_content(heading)}</h3>",
        f"<p>{_content(lead)}</p>",
        _table(
            [tr("Value"), tr("Plausible range"), tr("Kind of evidence"), tr("Source")],
            rows,
            tr("Assumptions behind the net effect and its range"),
            corner=tr("Assumption"),
            words=frozenset({2, 3}),
        ),
    ]


def _team(done: Review, name: str, say: Wording) -> str:
    """A stage's name, or an agent group's said to be one."""
    kind = done.stages["kind"].get(name) if "kind" in done.stages else None
    return say.tr("agent group '{name}'", name=name) if kind == "group" else name


def _assumed(value: float, unit: str, say: Wording) -> str:
    """An assumption's value in its unit (shares in percent)."""
    if unit == "fraction":
        return say.percent(value, 1)
    if unit.startswith("fraction/"):
        return f"{say.percent(value, 1)} {say.a_period(unit.split('/', 1)[1])}"
    return f"{say.number(value, 2) if abs(value) < 100 else say.number(value)} {say.unit(unit)}"


__all__ = ["NOT_GIVEN", "Section", "report"]
