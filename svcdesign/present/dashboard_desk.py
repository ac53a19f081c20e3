"""The staffing explorer's skills table: a multi-skill service desk's contact types by its agent groups.

:func:`skills_html` draws a :class:`~svcdesign.explore.desk_view.DeskView` (computed in
:mod:`svcdesign.explore.desk_view`) as an HTML table: one row per contact type — its service level
against its target and its abandonment — and one column per agent group, whose cell says whether the
group holds the skill, its place in the router's order of preference, its handle-time multiplier and
the share of the type's answered contacts the group answered; the last rows give each group's
occupancy, paid hours and wages. A figure under its target is marked in words as well as colour.
Where the table's box is narrower than :data:`~.dashboard_layout.CARDS_BELOW_PX` each row becomes a card
whose cells carry their column's name (``data-label``, :data:`~.dashboard_layout.STYLE`), so the page never
scrolls sideways. Contact type and group names are the scenario's text: escaped with
:func:`~svcdesign.markup.html_text`.
"""

from __future__ import annotations

import math

from ..display import percent, wait_text
from ..explore.desk_view import DeskView
from ..markup import html_text
from .dashboard_status import TARGET_COLOUR

_CELL = "padding:2px 6px;border:1px solid #c8c8c8;vertical-align:top;text-align:left"
_HEAD = f"{_CELL};background:#f2f2f2;font-weight:600"


def _td(label: str, content: str, extra: str = "") -> str:
    """A cell with its column's name (``label``, plain text) for the narrow layout's cards."""
    return f"<td data-label='{html_text(label)}' style='{_CELL}{extra}'>{content}</td>"


def _ordinal(rank: int) -> str:
    return f"{rank}{'th' if 10 <= rank % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(rank % 10, 'th')}"


def _service_cell(row) -> str:
    """A contact type's service level against its target, and its abandonment (HTML)."""
    text = percent(row["service_level"])
    goal = row["target_service_level"]
    if math.isfinite(goal):
        below = row["service_level"] < goal - 1e-9
        if below and text == percent(goal):  # 79.96% is below 80%: shown with the digits that say so
            text = percent(row["service_level"], 2)
        text += f" (target {percent(goal, 0)} within {wait_text(row['answer_within'])})"
        if below:
            text += f" <span class='svcdesign-below' style='color:{TARGET_COLOUR}'>below target</span>"
    abandon = percent(row["p_abandon"])
    most = row["max_abandon"]
    if math.isfinite(most):
        abandon += f" (most {percent(most)})"
        if row["p_abandon"] > most + 1e-9:
            abandon += f" <span class='svcdesign-below' style='color:{TARGET_COLOUR}'>above target</span>"
    work = "deferred work" if row["deferred"] else "live"
    return _td("Service level", text) + _td("Giving up", abandon) + _td("Work", work)


def _skill_cell(group: str, rank: float, multiplier: float, share: float) -> str:
    """One group's skill for one contact type (``rank``: its place in the order of preference, NaN where it
    lacks the skill), or a dash where it lacks it (HTML)."""
    if not math.isfinite(rank):
        return _td(group, "— (no skill)", ";color:#595959")
    return _td(group, f"{_ordinal(int(rank))} choice, ×{multiplier:.2f}<br>answers {percent(share)}")


def skills_html(view: DeskView, currency: str) -> str:
    """The skills table of a service desk as HTML (see the module)."""
    groups = list(view.groups.index)
    head = "".join(f"<th scope='col' style='{_HEAD}'>{html_text(g)}</th>" for g in groups)
    rank, multiplier, share = (table.to_numpy(dtype=float) for table in (view.preference, view.multiplier, view.share))
    rows = []
    for i, (contact, row) in enumerate(view.contact_types.iterrows()):
        cells = "".join(_skill_cell(g, rank[i, j], multiplier[i, j], share[i, j]) for j, g in enumerate(groups))
        rows.append(f"<tr><th scope='row' style='{_HEAD}'>{html_text(contact)}</th>{_service_cell(row)}{cells}</tr>")
    footer = (
        ("Occupancy", [percent(v) for v in view.groups["occupancy"]]),
        ("Paid hours a week", [f"{v:,.0f}" for v in view.groups["staff_hours"]]),
        (f"Wages a week ({currency})", [f"{v:,.0f}" for v in view.groups["staff_cost"]]),
    )
    for label, values in footer:
        cells = "".join(_td(g, v) for g, v in zip(groups, values, strict=True))
        rows.append(
            f"<tr><th scope='row' colspan='4' style='{_HEAD};text-align:right'>{html_text(label)}</th>{cells}</tr>"
        )
    return (
        "<div class='svcdesign-skills'>"
        "<h4 style='margin:8px 0 2px;font-size:110%'>Contact types and skills</h4>"
        "<div class='svcdesign-skills-scroll' style='overflow-x:auto;max-width:100%'>"
        "<table class='svcdesign-skills-table' style='border-collapse:collapse;font-size:88%;line-height:1.3'>"
        "<caption style='caption-side:bottom;text-align:left;font-size:90%;color:#333;padding-top:2px'>"
        "Each agent group's skills: its place in the router's order of preference for the contact type "
        "(1st choice is offered it first), its handle time (× the contact type's mean) and the share of the "
        "type's answered contacts it answered, with your changes over the week.</caption>"
        f"<thead><tr><th scope='col' style='{_HEAD}'>Contact type</th>"
        f"<th scope='col' style='{_HEAD}'>Service level</th><th scope='col' style='{_HEAD}'>Giving up</th>"
        f"<th scope='col' style='{_HEAD}'>Work</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


__all__ = ["skills_html"]
