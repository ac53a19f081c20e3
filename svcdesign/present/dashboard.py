"""The manager's staffing explorer: sliders and pickers driving live plotly figures and read-outs.

``StaffingExplorer(scenario)`` builds an ipywidgets interface around a scenario. Moving a control
calls :meth:`StaffingExplorer.update`, which turns the controls into a what-if variant of the
scenario (:mod:`svcdesign.explore.levers`) and refreshes everything in three phases, each computed
in :mod:`svcdesign.explore.staff_change` and pushed to the browser as soon as it is drawn:

1. **operations** — the analytic engine (:func:`~svcdesign.explore.staff_change.operations`, about
   60 ms for a week of 15-minute intervals): service level and abandonment per interval across the
   week, the read-outs for waits, abandonment, first-contact resolution and staff cost, and the status
   line: each stage's intervals that the engine flags (nobody on duty, or overloaded) or that miss the
   stage's targets, counted in open hours and named (:mod:`.dashboard_status`) — never an all-clear while
   any interval fails. With a multi-skill service desk (``Scenario.service_desk``) the lines, the
   status line and the read-outs cover its contact types too (the service level and wait: its live
   contact types together, each against its own target time; staff cost: agent groups and stages), the
   status line names the agent groups whose every available agent is busy, and the skills table
   (:mod:`.dashboard_desk`, from :mod:`svcdesign.explore.desk_view`) shows which group serves which
   contact type — order of preference, handle-time multiplier, share answered — and each group's
   occupancy and wages;
2. **customers and money** — the customer models on those results
   (:func:`~svcdesign.explore.staff_change.customer_effects`): satisfaction and churn per segment
   (a public service: satisfaction only), employment cost and the budget; then the first read-out,
   the **net effect** of the current settings against the scenario as described over a year of its
   calendar, with its range, the probability it pays and its break-even, exactly as
   :func:`svcdesign.compare` gives it for the two scenarios
   (:func:`~svcdesign.explore.staff_change.net_effect`), and the staff cost saved against the customer
   cost added (lifetime margin of customers lost; a public service: the cost of failure);
3. **the next 12 months** — the dynamics engine (:func:`~svcdesign.explore.staff_change.twelve_months`):
   the variant run for 52 weeks with the staff change made as a management decision in week
   :data:`~svcdesign.explore.staff_change.CHANGE_WEEK` (cuts held, additions as a headcount target),
   against the same variant without it. Computed when its tab is open (it is the slowest part). With a
   service desk, the agent groups' staff change as the stages' do (the dynamics engine's service centres).

The levers (:class:`~svcdesign.explore.levers.Levers`; all relative to the scenario as described, so
the starting position reproduces it; ranges :data:`~svcdesign.explore.levers.LEVER_RANGES`): staff per
stage and per agent group of a service desk (people, in full-time equivalents, spread over the roster
pro rata; a contact type has no staff of its own), demand growth, peak size, handle time and patience
(% of the scenario's means, stages and contact types alike), front-line escalations (% of the escalation
shares where contacts enter), the ISO week whose seasonal peaks apply, and a weekly staff budget;
"What the levers mean" under them says each in plain words with its unit (:mod:`.dashboard_text`).
Given a forecast, "Demand from" chooses the demand of the scenario as described (its own, or a week of the
forecast at its mean or a percentile per interval): a new starting position, not one of the changes.
Settings can be named, saved as YAML files, loaded, compared side by side and downloaded as an Excel
workbook (:mod:`.dashboard_saved`, on :mod:`svcdesign.explore.saved`).

The page works at any width (:mod:`.dashboard_layout`): controls beside the results on a wide screen,
above them below 900 pixels; each figure is drawn when its tab is first opened (the first at once), and
each has a sentence of its main numbers under it. Under Voila it runs as a standalone dashboard
(``make dashboard`` serves ``notebooks/dashboard.ipynb``; README "Sharing the dashboard safely").

``StaffingExplorer(scenario, language="fa")`` (default: the scenario's ``language``) shows every label,
read-out, status line, tab and figure text in Arabic or Persian (catalogue
``svcdesign/i18n/locale/<language>/dashboard.po``, the model's terms as ``svcdesign/i18n/glossary.csv`` renders
them) with the language's digits (:mod:`svcdesign.i18n.numbers`), and the page right to left: the root's
``dir="rtl"``, controls first at the right, text aligned right, figure titles and legends at the right. Time axes
(the week's days, the weeks of the year) stay left to right, the convention of Arabic and Persian business charts,
as do the sliders' number lines. Every number a reader sees is in the language's digits: the sliders' read-outs
(:attr:`~StaffingExplorer.readouts`), the skills table, the saved what-ifs, and the figures' ticks and hover text
(:func:`~.dashboard_figures.local_numbers`); the staff sliders' accessible names are the language's too.

The scenario's text — names, notes, currency — is shown as text: escaped with
:func:`~svcdesign.markup.html_text` in HTML read-outs and :func:`~svcdesign.markup.plot_text`
in figures, and kept out of widget descriptions (ipywidgets typesets those as LaTeX).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from copy import deepcopy
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from ..errors import InputError
from ..explore.desk_view import DeskView, desk_view
from ..explore.levers import (
    LEVER_RANGES,
    STAFF_RANGE,
    Levers,
    entry_escalations,
    forecast_overrides,
    forecast_weeks,
    lever_overrides,
    staff_limits,
)
from ..explore.review import Wording
from ..explore.staff_change import (
    CHANGE_WEEK,
    CustomerEffects,
    NetEffect,
    Operations,
    TwelveMonths,
    customer_effects,
    net_effect,
    operations,
    shared_target,
    twelve_months,
)
from ..forecast import Forecast
from ..i18n import check_language
from ..i18n.digits import read_number
from ..i18n.phrases import error_text
from ..markup import html_text
from ..model import Scenario
from ..model.examples import example_names, load_example
from ..model.peak_dates import dated_peaks, peak_weeks
from ..results import Results, period_label
from .dashboard_desk import skills_html
from .dashboard_figures import cost_figure, customers_figure, local_numbers, months_figure, service_figure
from .dashboard_layout import STYLE, page_widget
from .dashboard_saved import WhatIfPanel
from .dashboard_status import stage_alerts, status_html
from .dashboard_text import (
    controls,
    cost_summary,
    customers_summary,
    headline,
    kpi_html,
    levers_help,
    months_summary,
    service_summary,
    statement_words,
    unit_words,
)
from .figures import gapped

PERCENT_LEVERS = ("growth", "handle", "escalation", "patience")
LEVER_CONTROLS = (*PERCENT_LEVERS, "peak", "budget", "week")
"""The controls kept when only the demand the comparison starts from changes (with the staff sliders)."""
"""The levers set in whole percent (sliders in steps of 5); their ranges are :data:`LEVER_RANGES`."""
_STARTS = {"growth": 0, "handle": 100, "escalation": 100, "patience": 100}

DEMAND_FROM: tuple[tuple[str, str | float], ...] = (
    ("the scenario", "scenario"),
    ("forecast mean", "mean"),
    ("forecast 80th percentile", 0.8),
    ("forecast 95th percentile", 0.95),
)
"""The "Demand from" choices of an explorer given a forecast: label and value (a quantile, or the mean)."""

FORECAST_CONTROLS: dict[str, tuple[str, str]] = {
    "demand_from": (
        "Demand from",
        "the scenario's own demand, or a week of the forecast: its mean, or every hour at its 80th or 95th "
        "percentile (cover for each interval); growth and peaks apply on top.",
    ),
    "forecast_week": ("Forecast week", "the week of the forecast's horizon put into the scenario (from Monday)."),
}
"""Labels and meanings of the forecast controls (shown only when the explorer has a forecast)."""


def _forecast_words(say: Wording) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str | float]]]:
    """:data:`FORECAST_CONTROLS` and :data:`DEMAND_FROM`'s labels in ``say``'s language."""
    tr = say.tr
    if say.english:
        return FORECAST_CONTROLS, list(DEMAND_FROM)
    words = {
        "demand_from": (
            tr("Demand from"),
            tr(
                "the scenario's own demand, or a week of the forecast: its mean, or every hour at its 80th or 95th "
                "percentile (cover for each interval); growth and peaks apply on top."
            ),
        ),
        "forecast_week": (
            tr("Forecast week"),
            tr("the week of the forecast's horizon put into the scenario (from Monday)."),
        ),
    }
    labels = [tr("the scenario"), tr("forecast mean"), tr("forecast 80th percentile"), tr("forecast 95th percentile")]
    return words, [(label, value) for label, (_, value) in zip(labels, DEMAND_FROM, strict=True)]


VIEWS = ("service", "customers", "cost", "months")
"""The figures, one per tab, in the tabs' order."""

DESCRIPTION_WIDTH = "150px"
"""Width of a control's label (narrower on a phone: :data:`~.dashboard_layout.STYLE`)."""
CONTROL_WIDTH = "430px"
"""Widest a control grows."""


def _widgets():
    try:
        import ipywidgets as widgets
    except ImportError as error:  # pragma: no cover - a notebook extra
        raise ImportError("the staffing explorer needs ipywidgets: pip install 'svcdesign[notebooks]'") from error
    return widgets


def _sync(fig: go.Figure) -> None:
    """Keep a FigureWidget's synced state current, not only its transient restyle messages.

    plotly refreshes the state a new view starts from (``_widget_data``/``_widget_layout``) only when
    the figure itself is displayed; inside a Tab, or when the page connects after the kernel has
    run (Voila), the last restyle would otherwise be lost and a view would show the initial traces.
    A figure not yet shown (a plain ``go.Figure``) has no such state. The state is a deep copy of the
    figure's, as plotly makes it, but a property the figure still holds as the same object as at the
    last sync keeps its copy (:func:`_copy_changed`): a slider move copies the traces it changed.
    """
    if isinstance(fig, go.FigureWidget):
        before: dict[int, tuple[Any, Any]] = getattr(fig, "_synced_copies", {})
        after: dict[int, tuple[Any, Any]] = {}
        fig._widget_data = [_copy_changed(trace, before, after) for trace in fig._data]
        fig._widget_layout = _copy_changed(fig._layout_obj._props, before, after)
        fig._synced_copies = after


def _copy_changed(value: Any, before: dict[int, tuple[Any, Any]], after: dict[int, tuple[Any, Any]]) -> Any:
    """A deep copy of ``value`` that reuses the copy of each property object copied at the last sync
    (``before``: id → (object, copy); the objects are kept, so an id is not reused) and records this
    sync's in ``after``. Dicts are walked, not reused: plotly sets a nested property (``line.color``)
    in the dict that holds it; every other property it replaces by a new object when set."""
    if isinstance(value, dict):
        return {key: _copy_changed(item, before, after) for key, item in value.items()}
    known = before.get(id(value))
    copied = known[1] if known is not None and known[0] is value else deepcopy(value)
    after[id(value)] = (value, copied)
    return copied


def _figure_widget(fig: go.Figure) -> go.FigureWidget:
    """A live figure that follows its container's width (``responsive``; :mod:`.dashboard_layout` fits it)."""
    try:
        live = go.FigureWidget(fig)
    except ImportError as error:  # pragma: no cover - a notebook extra
        raise ImportError("live figures need anywidget (plotly's FigureWidget): pip install anywidget") from error
    live._config = {**live._config, "responsive": True, "displaylogo": False}
    return live


def _scenario_choices(
    scenario: Scenario | str, examples: list[str] | None
) -> tuple[list[str], str, dict[str, Scenario]]:
    """The names the scenario picker offers, the one shown first, and the custom scenarios by name
    (``scenario`` when it is a Scenario rather than an example's name)."""
    custom: dict[str, Scenario] = {}
    names = list(examples if examples is not None else example_names())
    if isinstance(scenario, Scenario):
        custom[scenario.name] = scenario
        names = [scenario.name] + [n for n in names if n != scenario.name]
        first = scenario.name
    elif isinstance(scenario, str):
        if scenario not in example_names():
            raise InputError("scenario", scenario, f"a Scenario or one of the example scenarios {example_names()}")
        first = scenario
        names = names if scenario in names else [scenario] + names
    else:
        raise InputError("scenario", type(scenario).__name__, "a Scenario or the name of an example scenario")
    return names, first, custom


class StaffingExplorer:
    """Interactive staffing what-ifs for one scenario (or any of the shipped examples).

    Parameters
    ----------
    scenario:
        A :class:`Scenario` or the name of a shipped example (default ``"bank"``).
    examples:
        Names offered in the scenario picker (default: every shipped example; a custom scenario is
        added to them).
    staff_range:
        Most people (full-time equivalents) the staff sliders add or remove per stage (a slider
        removes at most the people the stage has).
    what_if_folder:
        Folder of saved what-ifs (``*.whatif.yaml``), created when the first is saved (default:
        ``what-ifs`` in the working folder — beside the notebook under JupyterLab and Voila).
    forecast:
        A demand forecast (:func:`svcdesign.forecast.forecast_demand`): adds the controls
        ``demand_from`` (the scenario's demand, or the forecast's mean, 80th or 95th percentile per
        interval: :data:`DEMAND_FROM`) and ``forecast_week`` (a Monday of its horizon), which replace the
        scenario's only channel's demand (:func:`svcdesign.explore.levers.forecast_overrides`) in the base
        scenario itself: the levers move from it and every difference is measured against it, so the
        forecast's demand is never counted as one of the user's changes. The scenario's interval length
        must be a multiple or a divisor of the forecast's; saved what-ifs keep the levers, not the demand source.

    Attributes
    ----------
    widget:
        The whole interface (display it, or let the explorer display itself).
    controls:
        Control widgets by name: ``scenario``, ``week``, ``staff:<name>`` (a stage's, or an agent group's of
        the service desk), ``growth``, ``peak``, ``handle``, ``escalation``, ``patience``, ``budget``.
    readouts:
        Right to left (Arabic, Persian): each slider's read-out (``ipywidgets.HTML``) by the control's key, its
        value in the language's digits (ipywidgets' own read-out, which writes Western digits, is off); empty in
        English.
    staff_names:
        The names with a staff slider (``controls["staff:<name>"]``): the service desk's agent groups, then
        the stages.
    headline:
        The first read-out (``ipywidgets.HTML``): the net effect of the current settings against the
        scenario as described, its range, the probability it pays and the break-even statement.
    status:
        The status line (``ipywidgets.HTML``): each stage's (and contact type's) intervals flagged or missing
        a target, and each agent group's intervals with every available agent busy.
    skills:
        The skills table (``ipywidgets.HTML``; empty without a service desk): contact types by agent groups
        (:mod:`.dashboard_desk`), drawn from :attr:`desk`.
    desk:
        The service desk read from the latest results (:class:`~svcdesign.explore.desk_view.DeskView`),
        or ``None`` without a desk.
    alerts:
        The alerts behind the status line (:class:`~.dashboard_status.Alert`).
    kpis:
        Read-outs (``ipywidgets.HTML``) by name; :meth:`kpi_value` gives their numbers (and those of
        the headline: ``net_effect``, ``net_effect_low``, ``net_effect_high``, ``p_pays``).
    figures:
        The figures by view (:data:`VIEWS`): ``service`` (service level and abandonment per interval),
        ``customers`` (satisfaction and churn per segment), ``cost`` (cost against savings) and
        ``months`` (the next 12 months). A figure is a ``plotly`` FigureWidget once its tab has been
        opened, a ``go.Figure`` holding the same values before.
    notes:
        The sentence under each figure (``ipywidgets.HTML``), by view: its text alternative.
    results, customers, money, months:
        The latest analytic results, customer results, net effect
        (:class:`~svcdesign.explore.staff_change.NetEffect`, holding the
        :class:`~svcdesign.explore.compare.Comparison` it reads) and 12-month comparison
        (:class:`~svcdesign.explore.staff_change.TwelveMonths`; ``None`` while not computed, and for a
        scenario the dynamics engine cannot run) behind the display.
    timings:
        Seconds each phase of the last :meth:`update` took (``variant``, ``evaluate``,
        ``operations_display``, ``customers``, ``money``, ``customers_display``, ``months``, ``total``).
    """

    def __init__(
        self,
        scenario: Scenario | str = "bank",
        *,
        examples: list[str] | None = None,
        staff_range: int = STAFF_RANGE,
        what_if_folder: str | Path | None = None,
        forecast: Forecast | None = None,
        language: str | None = None,
    ) -> None:
        widgets = _widgets()
        if language is not None:
            check_language(language)
        elif isinstance(scenario, Scenario):
            language = scenario.language
        else:
            language = "en"
        self.language = language
        self._say = Wording(language)
        if forecast is not None and not isinstance(forecast, Forecast):
            raise InputError("forecast", forecast, "a Forecast (from forecast_demand), or None")
        self.forecast = forecast
        self._w = widgets
        self.staff_range = int(staff_range)
        names, first, self._custom = _scenario_choices(scenario, examples)
        self.controls: dict[str, Any] = {}
        self.kpis: dict[str, Any] = {}
        self.figures: dict[str, go.Figure] = {}
        self.notes: dict[str, Any] = {}
        self.timings: dict[str, float] = {}
        self.alerts: list = []
        self.results: Results | None = None
        self.customers: Results | None = None
        self.money: NetEffect | None = None
        self.months: TwelveMonths | None = None
        self.desk: DeskView | None = None
        self.staff_names: list[str] = []
        self.readouts: dict[str, Any] = {}
        self._months_stale = True
        self._updating = False

        self._build_controls(names, first)
        self._kpi_box = widgets.GridBox(
            layout=widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(150px, 1fr))", grid_gap="6px")
        )
        self._kpi_box.add_class("svcdesign-kpis")
        self._tabs = widgets.Tab()
        self._tabs.observe(self._on_tab, names="selected_index")
        self.headline = widgets.HTML()
        self.headline.add_class("svcdesign-net-effect")
        self.status.add_class("svcdesign-status")
        self.saved = WhatIfPanel(self, what_if_folder)
        self.skills = widgets.HTML()
        self.skills.add_class("svcdesign-skills-panel")
        self.results_panel = widgets.VBox(
            [self.headline, self.status, self._kpi_box, self.skills, self._tabs, self.saved.widget]
        )
        self.results_panel.add_class("svcdesign-results")
        body = widgets.Box([self._levers_panel(), self.results_panel])
        body.add_class("svcdesign-body")
        self.widget = widgets.VBox([widgets.HTML(STYLE), page_widget(), self._header, body])
        self.widget.add_class("svcdesign-explorer")
        if self._say.tr.direction == "rtl":
            self.widget.add_class("svcdesign-rtl")  # dir="rtl" on the root: set by page_widget's script
        self._described = self._scenario_named(first)
        self._load(self._described)

    def _build_controls(self, names: list[str], first: str) -> None:
        """The scenario and week pickers, the lever sliders and the budget box, observed for changes (the
        staff sliders come with each scenario, in :meth:`_load`)."""
        widgets = self._w
        style = {"description_width": DESCRIPTION_WIDTH}
        words = controls(self._say.tr)  # the module's CONTROLS, in the explorer's language

        def layout() -> Any:
            return widgets.Layout(width="100%", max_width=CONTROL_WIDTH)

        common = {"style": style, "description_allow_html": False}
        self.controls["scenario"] = widgets.Dropdown(
            options=names, value=first, description=words["scenario"][0], layout=layout(), **common
        )
        self.controls["week"] = widgets.Dropdown(description=words["week"][0], layout=layout(), **common)
        for key in PERCENT_LEVERS:
            lo, hi, _ = LEVER_RANGES[key]
            self.controls[key] = widgets.IntSlider(
                value=_STARTS[key],
                min=int(lo),
                max=int(hi),
                step=5,
                description=words[key][0],
                continuous_update=False,
                layout=layout(),
                tooltip=words[key][1],
                **common,
            )
        lo, hi, _ = LEVER_RANGES["peak"]
        self.controls["peak"] = widgets.FloatSlider(
            value=1.0,
            min=lo,
            max=hi,
            step=0.25,
            description=words["peak"][0],
            readout_format=".2f",
            continuous_update=False,
            layout=layout(),
            tooltip=words["peak"][1],
            **common,
        )
        lo, hi, _ = LEVER_RANGES["budget"]
        self.controls["budget"] = widgets.BoundedFloatText(
            value=0.0, min=lo, max=hi, step=1000.0, description=words["budget"][0], layout=layout(), **common
        )
        for control in self.controls.values():
            control.add_class("svcdesign-control")
        self._rows = {key: self._with_readout(key, 0) for key in PERCENT_LEVERS}
        self._rows["peak"] = self._with_readout("peak", 2)
        self._rows["budget"] = self._budget_box(widgets.Text(description=words["budget"][0], layout=layout(), **common))
        self._staff_box = widgets.VBox()
        self._staff_heading = widgets.HTML()
        self._peak_note = widgets.HTML()
        self._help = widgets.HTML()
        self.status = widgets.HTML()
        self._header = widgets.HTML()
        observed = ["growth", "peak", "handle", "escalation", "patience", "budget", "week"]
        if self.forecast is not None:
            weeks = forecast_weeks(self.forecast)
            words, choices = _forecast_words(self._say)
            for name, options in (("demand_from", choices), ("forecast_week", weeks)):
                label, meaning = words[name]
                self.controls[name] = widgets.Dropdown(
                    options=options, description=label, tooltip=meaning, layout=layout(), **common
                )
                self.controls[name].add_class("svcdesign-control")
                observed.append(name)
        for name in observed:
            handler = self._on_demand if name in FORECAST_CONTROLS else self._on_change
            self.controls[name].observe(handler, names="value")
        self.controls["scenario"].observe(self._on_scenario, names="value")

    def _levers_panel(self) -> Any:
        """The controls under their headings, and what the levers mean."""
        widgets = self._w
        tr = self._say.tr

        def heading(text: str) -> Any:
            return widgets.HTML(f"<h4 style='margin:8px 0 2px;font-size:110%'>{text}</h4>")

        panel = widgets.VBox(
            [
                heading(tr("Scenario")),
                self.controls["scenario"],
                self.controls["week"],
                self._staff_heading,
                self._staff_box,
                heading(tr("Demand")),
                *[self.controls[k] for k in FORECAST_CONTROLS if k in self.controls],
                self._rows["growth"],
                self._rows["peak"],
                self._peak_note,
                heading(tr("Service")),
                self._rows["handle"],
                self._rows["escalation"],
                self._rows["patience"],
                heading(tr("Money")),
                self._rows["budget"],
                self._help,
            ]
        )
        panel.add_class("svcdesign-levers")
        return panel

    def _with_readout(self, key: str, digits: int) -> Any:
        """The slider ``controls[key]`` as shown: in English with ipywidgets' own read-out; right to left
        (Arabic, Persian) with that read-out off and the value beside it in the language's digits (ipywidgets
        writes Western digits whatever the language: its ``readout_format`` is a d3 format with no digit
        system), kept in :attr:`readouts` under the control's key. A lever comes back as a row of the slider and
        its read-out; for a staff slider (no description: its name is beside it) the read-out comes back alone.
        """
        slider = self.controls[key]
        if self._say.english:
            return slider
        w = self._w
        slider.readout = False
        out = w.HTML(layout=w.Layout(flex="0 0 auto", min_width="44px"))
        out.add_class("svcdesign-readout")

        def show(change: Mapping[str, Any] | None = None) -> None:
            out.value = f"<span dir='ltr'>{self._say.number(slider.value, digits)}</span>"

        slider.observe(show, names="value")
        show()
        self.readouts[key] = out
        if slider.description:  # a lever: the slider fills the row, its read-out beside it
            slider.layout = w.Layout(flex="1 1 auto", width="auto", min_width="0")
            box = w.HBox([slider, out], layout=w.Layout(width="100%", max_width=CONTROL_WIDTH, align_items="center"))
            box.add_class("svcdesign-readout-row")
            return box
        return out

    def _budget_box(self, text: Any) -> Any:
        """The weekly budget as shown: in English the number box ``controls["budget"]``; right to left a text box
        ``text`` in its place that shows the budget in the language's digits and reads what is typed in any digits
        (:func:`~svcdesign.i18n.digits.read_number`: ``۲۵٬۰۰۰``, ``٢٥٠٠٠`` or ``25000``) into ``controls["budget"]``
        (a browser's number box shows and takes Western digits only); a number it cannot read, or outside the
        budget's range, is said under it and the budget is left as it was."""
        box, say = self.controls["budget"], self._say
        if say.english:
            return box
        text.add_class("svcdesign-control")
        note = self._w.HTML()

        def from_text(change: Mapping[str, Any]) -> None:
            try:
                value = read_number(change["new"], field="budget")[0]
            except InputError:
                value = float("nan")
            if not box.min <= value <= box.max:  # NaN too
                note.value = (
                    "<div style='font-size:90%;color:#b00020'>⚠ "
                    + say.tr(
                        "Write the budget as a number from {low} to {high}, e.g. {example}.",
                        low=say.number(box.min),
                        high=say.number(box.max),
                        example=say.number(25000),
                    )
                    + "</div>"
                )
                return
            note.value = ""
            box.value = value
            text.value = say.number(value)

        def from_box(change: Mapping[str, Any] | None = None) -> None:
            text.value = say.number(box.value)

        text.continuous_update = False
        text.observe(from_text, names="value")
        box.observe(from_box, names="value")
        from_box()
        return self._w.VBox([text, note], layout=self._w.Layout(width="100%"))

    # ----------------------------------------------------------------------------- display
    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:  # pragma: no cover - exercised in notebooks
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------------------ set-up
    def _scenario_named(self, name: str) -> Scenario:
        return self._custom[name] if name in self._custom else load_example(name)

    def _load(self, scenario: Scenario, keep: Mapping[str, Any] | None = None) -> None:
        """Rebuild the stage sliders, week picker, read-outs and figures for a new base scenario; ``keep``
        gives controls' values to restore before the first update (the levers, when only the demand the
        comparison starts from changes)."""
        self._updating = True
        try:
            self.base = scenario
            self._currency = scenario.organisation.currency
            tr = self._say.tr
            options = self._week_options(scenario)
            self.controls["week"].options = options
            self.controls["week"].value = 0
            for old in [k for k in self.controls if k.startswith("staff:")]:
                self.controls.pop(old).unobserve(self._on_change, names="value")
                self.readouts.pop(old, None)
            self._staff_box.children = self._staff_rows(scenario)
            for key in PERCENT_LEVERS:
                self.controls[key].value = _STARTS[key]
            self.controls["peak"].value = 1.0
            self.controls["peak"].disabled = not scenario.demand.peaks
            self._peak_note.value = (
                ""
                if scenario.demand.peaks
                else "<div style='font-size:90%;color:#333'>"
                + tr("This scenario has no peaks: peak size changes nothing.")
                + "</div>"
            )
            self.controls["budget"].value = float(scenario.organisation.weekly_budget or 0.0)
            self.controls["escalation"].disabled = not any(entry_escalations(scenario).values())
            self._help.value = levers_help(scenario.organisation.currency, self._say)
            title = tr("Staffing explorer")
            self._header.value = (
                f"<h3 class='svcdesign-title' style='margin:4px 0;font-size:140%'>{title} — "
                f"{html_text(scenario.name)}</h3>"
                f"<div style='max-width:1100px;font-size:90%;color:#333'>{html_text(scenario.notes)}</div>"
            )
            for name, value in (keep or {}).items():
                if name in self.controls:
                    self.controls[name].value = value
            self._baseline = operations(scenario)
            self._baseline_effects = customer_effects(self._baseline)
            self._public = scenario.organisation.kind == "public"
            self._build_figures()
            self._build_kpis()
        finally:
            self._updating = False
        self.update()
        self.saved.refresh()

    def _week_options(self, scenario: Scenario) -> list[tuple[str, int]]:
        """The week picker's choices: the typical week, then each week with a dated peak (named)."""
        say, tr = self._say, self._say.tr
        return [(tr("typical week"), 0)] + [
            (
                tr(
                    "week {n}: {peaks}",
                    n=say.local(str(wk)),
                    peaks=say.join(sorted({name for name, _ in dated_peaks(scenario, wk)})),
                ),
                wk,
            )
            for wk in peak_weeks(scenario)
        ]

    def _staff_rows(self, scenario: Scenario) -> list[Any]:
        """A staff slider per agent group of the service desk and per stage (a contact type has no staff of
        its own), each in ``controls["staff:<name>"]``, and the heading above them."""
        w = self._w
        limits = staff_limits(scenario, self.staff_range)  # the desk's groups first, then the stages
        self.staff_names = list(limits)
        desk = scenario.service_desk is not None
        tr, side = self._say.tr, "left" if self._say.tr.direction == "rtl" else "right"
        if desk:
            title = tr("Staff per agent group and stage")
            text = tr(
                "People (full-time equivalents) added (+) or removed (−), spread over the group's or stage's rota; "
                "opening hours unchanged."
            )
        else:
            title = tr("Staff per stage")
            text = tr(
                "People (full-time equivalents) added (+) or removed (−), spread over the stage's rota; opening "
                "hours unchanged."
            )
        self._staff_heading.value = (
            f"<h4 style='margin:8px 0 2px;font-size:110%'>{title}</h4>"
            f"<div style='font-size:90%;color:#333'>{text}</div>"
        )
        rows = []
        for team, (low, high) in limits.items():
            # the name beside its slider, not as the slider's description: ipywidgets typesets
            # descriptions as LaTeX ("$…$" would turn into maths); HTML content is not
            name = html_text(team)
            aria = html_text(tr("Staff at {stage}: people added or removed", stage=team))
            label = w.HTML(
                f"<div class='svcdesign-stage-name' title='{name}' data-aria='{aria}' style='width:{DESCRIPTION_WIDTH};"
                f"text-align:{side};padding-{side}:8px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap'>"
                f"{name}</div>",
                layout=w.Layout(flex="0 0 auto", overflow="hidden"),
            )
            slider = w.IntSlider(
                value=0,
                min=low,
                max=high,
                step=1,
                continuous_update=False,
                tooltip=tr("people (full-time equivalents) added or removed"),
            )
            slider.observe(self._on_change, names="value")
            self.controls[f"staff:{team}"] = slider
            shown = self._with_readout(f"staff:{team}", 0)
            row = w.HBox([label, slider] if shown is slider else [label, slider, shown])
            row.add_class("svcdesign-staff")
            rows.append(row)
        return rows

    # ------------------------------------------------------------------------------ levers
    def levers(self) -> Levers:
        """The controls' settings, relative to the base scenario."""
        c = self.controls
        return Levers(
            staff={name: c[f"staff:{name}"].value for name in self.staff_names},
            growth=c["growth"].value,
            peak=c["peak"].value,
            handle=c["handle"].value,
            escalation=c["escalation"].value,
            patience=c["patience"].value,
            budget=float(c["budget"].value or 0.0),
        )

    def overrides(self) -> dict[str | tuple, Any]:
        """The controls as overrides of the base scenario (paths of :meth:`Scenario.with_overrides`)."""
        return lever_overrides(self.base, self.levers())

    def _with_demand(self, scenario: Scenario) -> Scenario:
        """``scenario`` with the demand the "Demand from" control chooses: the base every lever moves from
        and every difference is measured against (so a forecast's demand is never counted as one of the
        user's changes)."""
        source: str | float = self.controls["demand_from"].value if self.forecast is not None else "scenario"
        if self.forecast is None or source == "scenario":
            return scenario
        quantile = None if source == "mean" else float(source)
        week = self.controls["forecast_week"].value
        label = dict((value, text) for text, value in DEMAND_FROM)[source]
        return scenario.with_overrides(
            forecast_overrides(scenario, self.forecast, week, quantile),
            name=f"{scenario.name} — demand: {label}, week of {week}",
        )

    def variant(self) -> Scenario:
        """The scenario the controls describe (the base scenario when nothing has moved)."""
        overrides = self.overrides()
        if not overrides:
            return self.base
        return self.base.with_overrides(overrides, name=f"{self.base.name} (your changes)")

    def set(self, **values: Any) -> None:
        """Set controls by name (``staff:<stage>`` may be given as ``staff={"<stage>": n}``), then update once.

        Example: ``explorer.set(staff={"representative": -2}, growth=10)``.
        """
        staff = values.pop("staff", {}) or {}
        unknown = [k for k in list(values) + [f"staff:{s}" for s in staff] if k not in self.controls]
        if unknown:
            raise InputError("control", unknown, f"names of controls: {sorted(self.controls)}")
        self._updating = True
        try:
            if "scenario" in values:
                self.controls["scenario"].value = values.pop("scenario")
            for name, value in values.items():
                self.controls[name].value = value
            for stage, value in staff.items():
                self.controls[f"staff:{stage}"].value = value
        finally:
            self._updating = False
        if any(name in FORECAST_CONTROLS for name in values):
            self._new_demand()
        else:
            self.update()

    def show(self, view: str) -> None:
        """Open a figure's tab by name (:data:`VIEWS`): it is drawn, and the next 12 months computed."""
        if view not in VIEWS:
            raise InputError("view", view, f"one of {list(VIEWS)}")
        self._tabs.selected_index = VIEWS.index(view)

    # ---------------------------------------------------------------------------- callbacks
    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._updating:
            self.update()

    def _on_scenario(self, change: Mapping[str, Any]) -> None:
        self.status.value = "<i>" + self._say.tr("Loading scenario…") + "</i>"
        self._described = self._scenario_named(change["new"])
        self._new_demand(keep_levers=False)

    def _on_demand(self, change: Mapping[str, Any]) -> None:
        if not self._updating:
            self._new_demand()

    def _new_demand(self, keep_levers: bool = True) -> None:
        """Load the scenario with the demand "Demand from" chooses as the new base (the levers kept when only the
        demand changed). A forecast that does not fit the scenario is said in the status line, and the control
        goes back to the scenario's own demand."""
        message = ""
        try:
            base = self._with_demand(self._described)
        except InputError as error:
            self._updating = True
            self.controls["demand_from"].value = "scenario"
            self._updating = False
            base, message = (
                self._described,
                f"<span style='color:#b00020'>⚠ {html_text(error_text(error, self.language))}</span>",
            )
        kept = {k: c.value for k, c in self.controls.items() if k.startswith("staff:") or k in LEVER_CONTROLS}
        self._load(base, keep=kept if keep_levers else None)
        if message:
            self.status.value = message

    def _on_tab(self, change: Mapping[str, Any]) -> None:
        index = change["new"]
        if index is None:
            return
        self._draw(VIEWS[index])
        if VIEWS[index] == "months" and self._months_stale and not self._updating:
            self._update_months()

    def update(self, change: Mapping[str, Any] | None = None) -> None:
        """Recompute the variant the controls describe and refresh read-outs and figures.

        Phase by phase (see the module docstring); :attr:`timings` records each phase's seconds.
        """
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        try:
            scenario = self.variant()
        except InputError as error:
            self.status.value = f"<span style='color:#b00020'>⚠ {html_text(error_text(error, self.language))}</span>"
            return
        week = self.controls["week"].value or None
        t1 = time.perf_counter()
        done = operations(scenario, week=week)
        t2 = time.perf_counter()
        self.scenario, self.results, self._operations = scenario, done.results, done
        self._show_operations(done)
        self.alerts = stage_alerts(scenario, done.results)
        desk = scenario.service_desk is not None
        self.status.value = status_html(self.alerts, done.results.warnings, desk=desk, say=self._say)
        t3 = time.perf_counter()
        effects = customer_effects(done)  # the read-outs use whole-week figures
        t4 = time.perf_counter()
        money = net_effect(scenario, self.base)  # svcdesign.compare on the two scenarios, over a year
        t5 = time.perf_counter()
        self.customers, self._effects, self.money = effects.customers, effects, money
        self._show_customers(effects, money)
        t6 = time.perf_counter()
        timings.update(
            variant=t1 - t0,
            evaluate=t2 - t1,
            operations_display=t3 - t2,
            customers=t4 - t3,
            money=t5 - t4,
            customers_display=t6 - t5,
        )
        self._months_stale = True
        if self._tabs.selected_index == VIEWS.index("months"):
            t7 = time.perf_counter()
            self._update_months()
            timings["months"] = time.perf_counter() - t7
        else:
            self._mark_months_stale()
        timings["total"] = time.perf_counter() - t0
        self.timings = timings

    # ------------------------------------------------------------------------------ reading
    @staticmethod
    def _readings(
        done: Operations, effects: CustomerEffects | None, money: NetEffect | None = None
    ) -> dict[str, float]:
        """The numbers behind the read-outs: operational, then customers and money once computed."""
        values = dict(done.readings)
        if effects is not None:
            values.update(effects.readings)
        if money is not None:
            values.update(money.readings)
        return values

    def kpi_value(self, name: str) -> float:
        """The number behind a read-out (e.g. ``"service_level"`` as a share, ``"staff_cost"`` per week,
        ``"net_effect"`` per year as :func:`svcdesign.compare` gives it)."""
        values = self._readings(self._operations, self._effects, self.money)
        if name not in values:
            raise InputError("name", name, f"one of {sorted(values)}")
        return float(values[name])

    # ------------------------------------------------------------------------------ KPIs
    def _kpi_specs(self) -> list[tuple[str, str, str]]:
        """Each read-out: its key, its label in the explorer's language, and its unit (English, with
        ``{currency}``: :func:`~.dashboard_text.number` picks the precision by it, and
        :func:`~.dashboard_text.unit_words` writes it in the language)."""
        front = self._baseline.front
        say, tr = self._say, self._say.tr
        if front:
            within = say.local(f"{self.base.target_for(front).answer_within:g}")
            sl = tr("Service level (answered within {seconds} s at {stage})", seconds=within, stage=front)
            wait = tr("Mean wait of all contacts at {stage}", stage=front)
        else:  # a service desk: its live contact types together, each against its own target time
            sl = tr("Service level (at the desk: live contacts answered within their type's target time)")
            wait = tr("Mean wait of all live contacts at the desk")
        customers = (
            ("cost_of_failure", tr("Cost of failure (failed cases and bed-days)"), "{currency}/year")
            if self._public
            else ("churn", tr("Customer churn"), "% of customers per year")
        )
        return [
            ("service_level", sl, "%"),
            ("asa", wait, "s"),
            ("p_abandon_any", tr("Customers giving up (any stage)"), "%"),
            ("fcr", tr("Resolved at the first contact"), "%"),
            ("staff_cost", tr("Staff wages"), "{currency}/week"),
            ("employment_cost", tr("Employment cost (wages, overtime, turnover)"), "{currency}/week"),
            ("staff_saving", tr("Staff cost saved against the scenario as described"), "{currency}/year"),
            ("budget_gap", tr("Budget slack (budget − employment cost)"), "{currency}/week"),
            ("satisfaction", tr("Customer satisfaction"), "points (0–10)"),
            customers,
        ]

    def _build_kpis(self) -> None:
        w = self._w
        self._baseline_readings = self._readings(self._baseline, self._baseline_effects)
        # the year's cost of failure or churn as described: compare's, like the what-if's
        key = "cost_of_failure" if self._public else "churn"
        self._baseline_readings[key] = net_effect(self.base, self.base).readings[key]
        self.kpis = {}
        for key, _, _ in self._kpi_specs():
            box = w.HTML()
            box.add_class(f"kpi-{key.replace('_', '-')}")
            box.add_class("svcdesign-kpi")
            self.kpis[key] = box
        self._kpi_box.children = list(self.kpis.values())

    def _show_kpis(self, values: Mapping[str, float]) -> None:
        base = self._baseline_readings
        for key, label, unit in self._kpi_specs():
            if key not in values:
                continue
            reference = None if key in ("staff_saving", "budget_gap") else base.get(key)
            shown = unit_words(unit, self._currency, self._say)
            self.kpis[key].value = kpi_html(label, values[key], unit, reference, shown_unit=shown, say=self._say)

    # ----------------------------------------------------------------------------- figures
    def _build_figures(self) -> None:
        """The four figures for the base scenario: the open tab's drawn at once, the others on opening."""
        w = self._w
        for old in self.figures.values():  # the previous scenario's live figures: closed, not left behind
            if isinstance(old, go.FigureWidget):
                old.close()
        cur = self._currency
        baseline = self._baseline
        periods = baseline.per_interval["service_level"].shape[1] if baseline.live else 0
        minutes = float(baseline.results.period_minutes)
        self._labels = [period_label(p, minutes) for p in range(periods)]
        if baseline.front_types:  # a service desk: the targets its lines share
            target, most_abandon = shared_target(baseline.targets)
        else:
            front = baseline.targets.get(baseline.live[0]) if baseline.live else None
            target = (front.service_level, front.answer_within) if front and front.service_level else None
            most_abandon = front.max_abandon if front else None
        say, tr = self._say, self._say.tr
        self.figures = {
            "service": service_figure(
                baseline.live, periods, minutes, target, most_abandon, desk=bool(baseline.front_types), say=say
            ),
            "customers": customers_figure([g.name for g in self.base.segments], churn=not self._public, say=say),
            "cost": cost_figure(cur, public=self._public, say=say),
            "months": months_figure(cur, CHANGE_WEEK, say=say),
        }
        self.notes = {}
        self._views = {}
        for name in VIEWS:
            note = w.HTML()
            note.add_class("svcdesign-figure-note")
            self.notes[name] = note
            view = w.VBox([note])
            view.add_class("svcdesign-view")
            self._views[name] = view
        self._months_note = w.HTML()
        self._views["months"].children = [self._months_note, self.notes["months"]]
        keep = self._tabs.selected_index or 0
        self._tabs.children = [self._views[name] for name in VIEWS]
        titles = (
            tr("Service level & abandonment"),
            tr("Satisfaction") if self._public else tr("Satisfaction & churn"),
            tr("Cost & savings"),
            tr("Next 12 months"),
        )
        for i, title in enumerate(titles):
            self._tabs.set_title(i, title)
        self._tabs.selected_index = keep
        self._draw(VIEWS[keep])
        self._show_customer_bars(self._baseline_effects, 0)

    def _draw(self, view: str) -> None:
        """Put a figure's live widget in its tab, the first time the tab is shown."""
        fig = self.figures[view]
        if isinstance(fig, go.FigureWidget):
            return  # drawn already
        live = _figure_widget(fig)
        self.figures[view] = live
        box = self._views[view]
        box.children = [*box.children[:-1], live, box.children[-1]]  # above the figure's sentence

    def _show_operations(self, done: Operations) -> None:
        view = desk_view(done.scenario, done.results)
        self.desk = view
        self.skills.value = "" if view is None else skills_html(view, self._currency, self._say)
        if done.live:
            sl = done.per_interval["service_level"]
            ab = done.per_interval["p_abandon"]
            # an interval without contacts has no service level or abandonment: a gap, not the engines' 100% and 0%
            closed = done.per_interval["arrivals"] == 0
            fig = self.figures["service"]
            with fig.batch_update():
                for i in range(len(done.live)):
                    fig.data[2 * i].y = gapped(sl[i] * 100.0, closed[i])
                    fig.data[2 * i + 1].y = gapped(ab[i] * 100.0, closed[i])
            local_numbers(fig, self._say)  # after the batch: it reads the values just set
            _sync(fig)
            self.notes["service"].value = html_text(service_summary(done.live, sl, ab, self._labels, self._say))
        else:
            self.notes["service"].value = self._say.tr(
                "No stage answers contacts live: there is no service level to draw."
            )
        self._show_kpis(self._readings(done, None))

    def _show_customer_bars(self, effects: CustomerEffects, which: int) -> None:
        fig = self.figures["customers"]
        per_option = len(fig.data) // 2  # traces per option: satisfaction, and churn (not for a public service)
        with fig.batch_update():
            fig.data[per_option * which].y = effects.by_segment["satisfaction"]
            if per_option == 2:
                fig.data[2 * which + 1].y = [100.0 * v for v in effects.by_segment["churn"]]
        local_numbers(fig, self._say)  # after the batch: it reads the values just set
        _sync(fig)

    def _show_customers(self, effects: CustomerEffects, money: NetEffect) -> None:
        period = money.comparison.period
        self.headline.value = headline(
            money.readings,
            period,
            statement_words(money, self._currency, self._say),
            self._currency,
            public=money.public,
            changed=money.changed,
            say=self._say,
        )
        self._show_customer_bars(effects, 1)
        self._show_kpis(self._readings(self._operations, effects, money))
        segments = [g.name for g in self.base.segments]
        self.notes["customers"].value = html_text(
            customers_summary(
                segments, self._baseline_effects.by_segment, effects.by_segment, not self._public, self._say
            )
        )
        fig = self.figures["cost"]
        budget = self.controls["budget"].value or None
        r = money.readings
        before, after = self._baseline_effects.readings["employment_cost"], effects.readings["employment_cost"]
        with fig.batch_update():
            fig.data[0].y = [before, after]
            fig.data[1].y = [budget, budget] if budget else [None, None]
            fig.data[1].showlegend = bool(budget)
            fig.data[2].y = [r["staff_saving"], -r["customer_cost"], r["net_effect"]]
            fig.data[3].y = [r["net_effect_low"], r["net_effect_high"]]
        local_numbers(fig, self._say)  # after the batch: it reads the values just set
        _sync(fig)
        self.notes["cost"].value = html_text(
            cost_summary(before, after, budget, r, self._currency, period, public=self._public, say=self._say)
        )

    # ---------------------------------------------------------------------------- 12 months
    def _mark_months_stale(self) -> None:
        tr = self._say.tr
        self._months_note.value = (
            "<i>" + tr("Open this tab to compute the next 12 months for the current settings.") + "</i>"
        )
        self.notes["months"].value = ""

    def _update_months(self) -> None:
        """Run the dynamics engine for the variant with and without the staff change (two runs)."""
        say, tr = self._say, self._say.tr
        self._months_note.value = "<i>" + tr("Computing the next 12 months (two 52-week runs)…") + "</i>"
        months = twelve_months(self.scenario, self.base)
        fig = self.figures["months"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = months.weeks, months.net_saving.to_numpy()
            fig.data[1].x, fig.data[1].y = months.weeks, months.staff_baseline
            fig.data[2].x, fig.data[2].y = months.weeks, months.staff_changed
        local_numbers(fig, self._say)  # after the batch: it reads the values just set
        _sync(fig)
        self.months = months
        self._months_stale = False
        net = float(months.net_saving.iloc[-1])
        self._months_note.value = tr(
            "Staff change made in week {week} as a management decision (cuts held; additions as a headcount "
            "target). Net saving after 12 months: <b>{net}</b> (wages, overtime and hiring saved, minus revenue "
            "from customers lost). Oliva & Sterman (2001) service-quality dynamics, coupled to customers: a path "
            "through the year (overtime, hiring, word of mouth, the change made in week {week}), not the steady "
            "year of the net effect above.",
            week=say.local(str(months.change_week)),
            net=say.local(f"{net:,.0f}") + " " + html_text(self._currency),
        )
        self.notes["months"].value = html_text(
            months_summary(
                net,
                len(months.weeks),
                float(months.staff_baseline[-1]),
                float(months.staff_changed[-1]),
                self._currency,
                self._say,
            )
        )


__all__ = ["VIEWS", "StaffingExplorer"]
