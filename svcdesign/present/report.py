"""Self-contained HTML reports: figures (plotly.js embedded once, so the file works offline), tables,
the assumptions behind the numbers and their sources.

``report(scenario, path, options={...})`` draws the review of the scenario and each option (a what-if
variant: ``scenario.with_overrides(...)``) that :func:`svcdesign.explore.review.review` computes with
the analytic engine and the customer models, and writes one HTML file a consultant can hand to a
client: first the net effect of each option against the scenario as described over a year of its
calendar — low, central and high, the probability it pays — and the break-even statement of each
(:attr:`~svcdesign.explore.compare.Comparison.net_effect` and ``break_even``), then a comparison of
the options (:func:`svcdesign.explore.compare`), the per-stage summary,
service level across the week, the chain as a Sankey diagram, the service blueprint, the customer
journey, the scenario's own sources and the assumptions table rows the customer models used (each
with its kind — measured, published estimate, practitioner claim, modelling choice — and source).
The file is written atomically: on any error nothing is left half-written.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeAlias

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .._files import write_atomic
from ..errors import InputError
from ..explore.review import BASELINE, Review, review
from ..markup import html_text
from ..model import Scenario
from .blueprint import blueprint
from .figures import timeline
from .journey import journey
from .sankey import sankey

Section: TypeAlias = go.Figure | pd.DataFrame | str
"""What a report section holds: a figure, a table or plain text."""

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1200px;color:#222;
padding:0 1em}
h1{font-size:1.7em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.88em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4} td:first-child,th:first-child{text-align:left} .note{color:#555;font-size:.9em}
.warn{color:#b00} .claim{background:#fff4e0}
"""


def _table_html(frame: pd.DataFrame, classes: str = "") -> str:
    return frame.to_html(
        na_rep="",
        classes=classes,
        border=0,
        escape=True,
        float_format=lambda v: f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.0f}",
    )


def report(
    scenario: Scenario,
    path: str | os.PathLike,
    *,
    options: Mapping[str, Scenario] | Iterable[Scenario] | None = None,
    title: str | None = None,
    intro: str = "",
    extra: Mapping[str, Section] | None = None,
    customers: bool = True,
    progress: bool = True,
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
        Heading and an introductory paragraph (plain text).
    extra:
        More sections, ``{heading: figure, table or plain text}``, added after the standard ones
        (e.g. a calibration table from a contact log). Tables and text are escaped; a figure is
        embedded as given (build its labels from user text with :func:`svcdesign.markup.plot_text`).
    customers:
        Also run the customer models (satisfaction, churn, employment cost); on by default.
    progress:
        Show a progress bar (tqdm) while evaluating the options.

    Returns
    -------
    Path
        The report file. It holds plotly.js once, inline: no network is needed to open it.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError("path", str(path), "a file name ending in .html")
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing folder")
    done = review(scenario, options, customers=customers, progress=progress)
    parts = _heading(done, title, intro) + _net_effect(done) + _sections(_figures(done, extra)) + _closing(done)
    document = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html_text(title or scenario.name)}"
        f"</title><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    write_atomic(path, document)
    return path


def _figures(done: Review, extra: Mapping[str, Section] | None) -> list[tuple[str, Section]]:
    """The report's sections in order: heading and figure, table or text."""
    scenario, base = done.scenario, done.runs[BASELINE]
    figures: list[tuple[str, Section]] = []
    if len(done.runs) > 1:
        heading = f"Options compared (operations: the typical week, end to end; money: per {done.comparison.period})"
        figures.append((heading, done.comparison.table.rename_axis(None)))
    figures.append(("Per stage (as described)", base.summary()))
    figures.append(
        (
            "Service level across the week",
            timeline(
                base,
                "service_level",
                target=100 * scenario.targets.service_level if scenario.targets.service_level else None,
            ),
        )
    )
    figures.append(("Flows through the chain", sankey(scenario, base)))
    figures.append(("Service blueprint", blueprint(scenario, base)))
    if done.customers:
        figures.append(("Customer journey", journey(scenario, base)))
    for name, item in (extra or {}).items():
        figures.append((str(name), item))
    return figures


_NET_COLUMNS = {
    "low": "Net effect, low (5%)",
    "central": "Net effect, central",
    "high": "Net effect, high (95%)",
    "p_pays": "Probability the option pays",
}


def _net_effect(done: Review) -> list[str]:
    """The report's lead: each option's net effect (low, central, high; currency per the comparison's
    period) and the probability it pays, as :func:`svcdesign.compare` gives them, and each option's
    break-even statement. The baseline's row (zero by definition) is left out. Nothing without options
    or without the shipped customer model."""
    comparison = done.comparison
    net, even = comparison.net_effect, comparison.break_even
    if len(done.runs) < 2 or net is None or even is None:
        return []
    unit = f"{comparison.currency}/{comparison.period}"
    table = net.drop(index=comparison.baseline).rename(
        columns={c: f"{label} ({unit})" for c, label in _NET_COLUMNS.items() if c != "p_pays"}
    )
    table = table.rename(columns={"p_pays": _NET_COLUMNS["p_pays"]}).rename_axis(None)
    parts = [
        f"<h2>Net effect of each option against the scenario as described, per {html_text(comparison.period)}</h2>",
        "<p class='note'>Net effect = staff cost saved − customer cost added (the lifetime margin of the customers "
        "the service loses; for a public service, the cost of failure), counted over "
        + html_text("; ".join(f"{k.label} × {k.count:g}" for k in comparison.weeks) or f"a {comparison.period}")
        + ". Low and high: 5th and 95th percentiles over the plausible ranges of the customer model's "
        "assumptions; probability the option pays: the share of those cases in which the net effect is "
        "positive (a share, 0–1).</p>",
        _table_html(table),
        "<ul>",
    ]
    parts.extend(f"<li><b>{html_text(name)}</b>: {html_text(row['statement'])}</li>" for name, row in even.iterrows())
    parts.append("</ul>")
    return parts


def _heading(done: Review, title: str | None, intro: str) -> list[str]:
    """Title, how the numbers were made, the introduction, the scenario's notes and every warning."""
    scenario = done.scenario
    parts = [
        f"<h1>{html_text(title or f'Service review: {scenario.name}')}</h1>",
        f"<p class='note'>Generated by svcdesign on {_dt.date.today().isoformat()} with the analytic engine "
        "(SIPP Erlang A/C per 15-minute interval)" + (" and the customer models" if done.customers else "") + ".</p>",
    ]
    if intro:
        parts.append(f"<p>{html_text(intro)}</p>")
    if scenario.notes:
        parts.append(f"<p class='note'>{html_text(scenario.notes)}</p>")
    for name, results in done.runs.items():
        for warning in results.warnings:
            parts.append(f"<p class='warn'>⚠ {html_text(name)}: {html_text(warning)}</p>")
    return parts


def _sections(figures: list[tuple[str, Section]]) -> list[str]:
    """Each section as HTML: plotly.js embedded with the first figure only."""
    parts: list[str] = []
    first_figure = True
    for heading, item in figures:
        parts.append(f"<h2>{html_text(heading)}</h2>")
        if isinstance(item, go.Figure):
            parts.append(
                pio.to_html(item, full_html=False, include_plotlyjs=first_figure, config={"displaylogo": False})
            )
            first_figure = False
        elif isinstance(item, pd.DataFrame):
            parts.append(_table_html(item))
        else:
            parts.append(f"<p>{html_text(str(item))}</p>")
    return parts


def _closing(done: Review) -> list[str]:
    """The options and what they change, the scenario's sources and the assumptions used."""
    parts: list[str] = []
    if done.changes:
        parts.append("<h2>The options</h2><ul>")
        for name, changed in done.changes.items():
            parts.append(f"<li><b>{html_text(name)}</b>: {html_text(changed)}</li>")
        parts.append("</ul>")
    sources = done.scenario.sources
    parts.append("<h2>Sources of the scenario's numbers</h2><ul>")
    parts.extend(f"<li>{html_text(s)}</li>" for s in sources)
    parts.append("</ul>" if sources else "<li>none given</li></ul>")
    table = done.assumptions
    if not table.empty:
        parts.append(
            "<h2>Assumptions used and their sources</h2><p class='note'>Rows of svcdesign's assumptions "
            "table the customer models used (overridable per scenario). Practitioner claims are highlighted: "
            "they are claims, not measurements.</p>"
        )
        body = _table_html(table)
        for claim in table.index[table["kind"] == "practitioner claim"]:
            body = body.replace(
                f"<th>{html_text(claim)}</th>", f"<th class='claim'>{html_text(claim)} (practitioner claim)</th>"
            )
        parts.append(body)
    return parts
