"""The staffing explorer's skills table: a multi-skill service desk's contact types by its agent groups.

:func:`skills_html` draws a :class:`~svcdesign.explore.desk_view.DeskView` (computed in
:mod:`svcdesign.explore.desk_view`) as an HTML table: one row per contact type — its service level
against its target and its abandonment — and one column per agent group, whose cell says whether the
group holds the skill, its place in the router's order of preference, its handle-time multiplier and
the share of the type's answered contacts the group answered; the last rows give each group's
occupancy, paid hours and wages. A figure under its target is marked in words as well as colour, and written
on the side of its target that the mark says (:func:`~.targets.beside_target`).
Where the table's box is narrower than :data:`~.dashboard_layout.CARDS_BELOW_PX` each row becomes a card
whose cells carry their column's name (``data-label``, :data:`~.dashboard_layout.STYLE`), so the page never
scrolls sideways. Contact type and group names are the scenario's text: escaped with
:func:`~svcdesign.markup.html_text`. In Arabic and Persian (``say``: a
:class:`~svcdesign.explore.wording.Wording`) the words are the dashboard catalogue's, the numbers in the
language's digits and the table right to left (it follows the page's direction; cells align to its start).
"""

from __future__ import annotations

import math

from ..explore.desk_view import DeskView
from ..explore.wording import Wording
from ..markup import html_text
from .dashboard_status import TARGET_COLOUR
from .targets import beside_target

_CELL = "padding:2px 6px;border:1px solid #c8c8c8;vertical-align:top;text-align:{start}"
_ENGLISH = Wording()


def _td(label: str, content: str, extra: str = "", start: str = "left") -> str:
    """A cell with its column's name (``label``, plain text) for the narrow layout's cards."""
    return f"<td data-label='{html_text(label)}' style='{_CELL.format(start=start)}{extra}'>{content}</td>"


def _ordinal(rank: int) -> str:
    return f"{rank}{'th' if 10 <= rank % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(rank % 10, 'th')}"


def _below(words: str) -> str:
    return f" <span class='svcdesign-below' style='color:{TARGET_COLOUR}'>{words}</span>"


def _service_cell(row, say: Wording, start: str) -> str:
    """A contact type's service level against its target, and its abandonment (HTML)."""
    tr = say.tr
    level, goal = row["service_level"], row["target_service_level"]
    text = say.percent(level)
    if math.isfinite(goal):
        below = bool(level < goal - 1e-9)
        shown, share = beside_target(level, goal, misses=below, say=say)  # 79.99%, never 80.0%, below 80%
        text = tr(
            "{value} (target {share} within {wait})", value=shown, share=share, wait=say.wait(row["answer_within"])
        )
        if below:
            text += _below(tr("below target"))
    abandon, most = row["p_abandon"], row["max_abandon"]
    giving_up = say.percent(abandon)
    if math.isfinite(most):
        above = bool(abandon > most + 1e-9)
        shown, share = beside_target(abandon, most, misses=above, at_most=True, say=say)
        giving_up = tr("{value} (most {share})", value=shown, share=share)
        if above:
            giving_up += _below(tr("above target"))
    work = tr("deferred work") if row["deferred"] else tr("live")
    return (
        _td(tr("Service level"), text, start=start)
        + _td(tr("Giving up"), giving_up, start=start)
        + _td(tr("Work"), work, start=start)
    )


def _skill_cell(group: str, rank: float, multiplier: float, share: float, say: Wording, start: str) -> str:
    """One group's skill for one contact type (``rank``: its place in the order of preference, NaN where it
    lacks the skill), or a dash where it lacks it (HTML)."""
    tr = say.tr
    if not math.isfinite(rank):
        return _td(group, tr("— (no skill)"), ";color:#595959", start)
    place = _ordinal(int(rank)) if say.english else say.number(rank)
    text = tr(
        "{rank} choice, ×{multiplier}<br>answers {share}",
        rank=place,
        multiplier=say.number(multiplier, 2),
        share=say.percent(share),
    )
    return _td(group, text, start=start)


def skills_html(view: DeskView, currency: str, say: Wording = _ENGLISH) -> str:
    """The skills table of a service desk as HTML (see the module), in ``say``'s language."""
    tr = say.tr
    start, end = ("right", "left") if tr.direction == "rtl" else ("left", "right")
    head_style = f"{_CELL.format(start=start)};background:#f2f2f2;font-weight:600"
    groups = list(view.groups.index)
    head = "".join(f"<th scope='col' style='{head_style}'>{html_text(g)}</th>" for g in groups)
    rank, multiplier, share = (table.to_numpy(dtype=float) for table in (view.preference, view.multiplier, view.share))
    rows = []
    for i, (contact, row) in enumerate(view.contact_types.iterrows()):
        cells = "".join(
            _skill_cell(g, rank[i, j], multiplier[i, j], share[i, j], say, start) for j, g in enumerate(groups)
        )
        rows.append(
            f"<tr><th scope='row' style='{head_style}'>{html_text(contact)}</th>"
            f"{_service_cell(row, say, start)}{cells}</tr>"
        )
    footer = (
        (tr("Occupancy"), [say.percent(v) for v in view.groups["occupancy"]]),
        (tr("Paid hours a week"), [say.number(v) for v in view.groups["staff_hours"]]),
        (tr("Wages a week ({currency})", currency=currency), [say.number(v) for v in view.groups["staff_cost"]]),
    )
    for label, values in footer:
        cells = "".join(_td(g, v, start=start) for g, v in zip(groups, values, strict=True))
        rows.append(
            f"<tr><th scope='row' colspan='4' style='{head_style};text-align:{end}'>{html_text(label)}</th>{cells}</tr>"
        )
    caption = tr(
        "Each agent group's skills: its place in the router's order of preference for the contact type "
        "(1st choice is offered it first), its handle time (× the contact type's mean) and the share of the "
        "type's answered contacts it answered, with your changes over the week."
    )
    columns = (tr("Contact type"), tr("Service level"), tr("Giving up"), tr("Work"))
    title = tr("Contact types and skills")
    return (
        "<div class='svcdesign-skills'>"
        f"<h4 style='margin:8px 0 2px;font-size:110%'>{title}</h4>"
        # a region that may scroll sideways: reachable and named for a keyboard (WCAG 2.1.1; axe's
        # scrollable-region-focusable), as a wide table in a wider font may scroll even at 1440 px
        f"<div class='svcdesign-skills-scroll' tabindex='0' role='region' aria-label='{html_text(title)}' "
        "style='overflow-x:auto;max-width:100%'>"
        "<table class='svcdesign-skills-table' style='border-collapse:collapse;font-size:88%;line-height:1.3'>"
        f"<caption style='caption-side:bottom;text-align:{start};font-size:90%;color:#333;padding-top:2px'>"
        f"{caption}</caption>"
        "<thead><tr>"
        + "".join(f"<th scope='col' style='{head_style}'>{c}</th>" for c in columns)
        + f"{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


__all__ = ["skills_html"]
