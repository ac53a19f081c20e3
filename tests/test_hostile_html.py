"""No page runs script taken from a file: every view of a scenario whose every text field carries a
payload (tests/hostile.py) shows the text escaped — and shows it, so a name simply dropped fails too.

HTML (ipywidgets ``HTML`` values, ``_repr_html_``, the report) is parsed and must hold no element or
attribute that could run script; plotly strings must hold no payload tag, no ``%{pwned}`` placeholder
and no "$". The escaping rules themselves are checked against the plotly.js bundled with plotly.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import plotly
import pytest
from hostile import (
    CHANNELS,
    CURRENCY,
    NAME,
    NOTES,
    OPTION,
    SEASONAL_PEAK,
    SEGMENTS,
    SOURCES,
    STAGES,
    hostile_bank,
    hostile_option,
    html_unescaped,
    plot_unescaped,
    strings,
)

import svcdesign as sd
from svcdesign.explore import bottleneck
from svcdesign.markup import html_text, markdown_code, plot_text
from svcdesign.present import backtest_figure, blueprint, comparison_figure, journey, report, sankey, timeline

REP = STAGES["representative"]


@pytest.fixture(scope="module")
def scenario():
    return hostile_bank()


@pytest.fixture(scope="module")
def results(scenario):
    return sd.evaluate(scenario, staffing=False)


@pytest.fixture(scope="module")
def customers(scenario, results):
    from svcdesign.response import assess

    return assess(scenario, results)


def figure_strings(fig) -> list[str]:
    """Every string plotly.js could draw from a figure (its data and layout, template aside)."""
    spec = fig.to_plotly_json()
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    return list(strings(spec["data"])) + list(strings(layout))


def assert_plot_safe(fig, *shown: str) -> None:
    texts = figure_strings(fig)
    assert plot_unescaped(texts) == []
    for text in shown:
        assert any(plot_text(text) in t for t in texts), f"{text!r} is not shown"


# ------------------------------------------------------------------------------- the helper
def _plotly_bundle() -> str:
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def _convert_entities(text: str) -> str:
    """plotly.js's ``convertEntities`` (svg_text_utils), as read from the bundle below."""
    named = {
        "mu": "\u03bc",
        "amp": "&",
        "lt": "<",
        "gt": ">",
        "nbsp": "\xa0",
        "times": "\xd7",
        "plusmn": "\xb1",
        "deg": "\xb0",
    }

    def one(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("#"):
            return chr(int(ref[2:], 16) if ref[1] == "x" else int(ref[1:]))
        return named.get(ref, match.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", one, text)


def test_plotly_decodes_the_entities_plot_text_writes():
    bundle = _plotly_bundle()
    # the entity table and pattern of svg_text_utils.convertEntities: &quot; and &#39;-style names are
    # not in it, numeric references are
    assert '{mu:"\\u03BC",amp:"&",lt:"<",gt:">",nbsp:"\\xA0",times:"\\xD7",plusmn:"\\xB1",deg:"\\xB0"}' in bundle
    assert "/&(#\\d+|#x[\\da-fA-F]+|[a-z]+);/g" in bundle
    # hover and text templates: one pass of this pattern (substituted values are not read again)
    assert "TEMPLATE_STRING_REGEX=/%{([^\\s%{}:]*)([:|\\|][^}]*)?}/g" in bundle
    template = re.compile(r"%\{([^\s%{}:]*)([:|\|][^}]*)?\}")
    for text in [NAME, NOTES, CURRENCY, *STAGES.values(), "R&D &amp; &lt;b&gt; 100% $5 & $6", "&#37;{x}"]:
        escaped = plot_text(text)
        assert "<" not in escaped and ">" not in escaped and "$" not in escaped
        assert not template.search(escaped)  # no placeholder survives …
        assert _convert_entities(escaped) == text  # … and plotly.js shows exactly what was typed
    assert _convert_entities(html_text("\"x\" 'y'")) != "\"x\" 'y'"  # why plot_text is not html.escape


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<img src=x onerror="a">&\'') == "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#x27;"


def test_markdown_code_cannot_be_closed():
    mistune = pytest.importorskip("mistune")
    for text in ["<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`", "``a``<script>b</script>``", "`"]:
        rendered = mistune.html(f"got {markdown_code(text)}.")
        assert html_unescaped(rendered) == [], rendered
        assert "<code>" in rendered


# -------------------------------------------------------------------------------- figures
def test_timeline(results, scenario):
    fig = timeline(results, "staff_cost")
    assert_plot_safe(fig, NAME, REP, CURRENCY)
    from svcdesign.results import Results

    both = Results.concat([results, sd.evaluate(hostile_option(scenario), staffing=False)])
    assert_plot_safe(timeline(both), NAME, OPTION, REP)  # lines named "stage — scenario (engine)"


def test_sankey(scenario, results):
    assert_plot_safe(sankey(scenario, results), NAME, *STAGES.values(), *CHANNELS.values())
    segment = SEGMENTS["routine"]
    assert_plot_safe(sankey(scenario, results, segment=segment), NAME, segment)


def test_blueprint(scenario, results):
    assert_plot_safe(blueprint(scenario, results), NAME, *STAGES.values(), *CHANNELS.values())


def test_journey(scenario, customers):
    assert_plot_safe(journey(scenario, customers), NAME, *SEGMENTS.values(), REP)
    segment = SEGMENTS["premium"]
    assert_plot_safe(journey(scenario, customers, segment=segment), NAME, segment, REP)


def test_bottleneck_table(results):
    _, table = bottleneck(results)
    for html in (table.to_html(), table._repr_html_()):
        assert html_unescaped(html) == []
        assert html_text(REP).replace("&#x27;", "'") in html.replace("&#x27;", "'").replace("&#39;", "'")


def test_compare_figure_and_table(scenario):
    comparison = sd.compare(scenario, hostile_option(scenario))
    assert_plot_safe(comparison_figure(comparison), NAME, OPTION, CURRENCY)
    html = comparison._repr_html_()
    assert html_unescaped(html) == []
    # option names (the index), notes and the warnings in them are shown, escaped
    assert "&lt;img src=x onerror=__pwned=15&gt;cut one" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# ------------------------------------------------------------------------------ the report
class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.bodies: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.count += 1
            self._in = True
            self.bodies.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.bodies[-1] += data


def _scripts(text: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(text)
    parser.close()
    return parser


def _figures_in(text: str) -> list[dict]:
    """The plotly figures a page holds: the JSON arguments of ``Plotly.newPlot`` in its scripts."""
    out = []
    for body in _scripts(text).bodies:
        at = body.find("Plotly.newPlot(")
        if at < 0:
            continue
        decoder = json.JSONDecoder()
        rest = body[at + len("Plotly.newPlot(") :]
        rest = rest[rest.index(",") + 1 :].lstrip()  # after the div id
        data, end = decoder.raw_decode(rest)
        rest = rest[end:].lstrip().lstrip(",").lstrip()
        layout, _ = decoder.raw_decode(rest)
        out.append({"data": data, "layout": {k: v for k, v in layout.items() if k != "template"}})
    return out


def test_report_escapes_text_and_keeps_figure_json_inside_its_scripts(scenario, tmp_path):
    path = report(scenario, tmp_path / "hostile.html", options={OPTION: hostile_option(scenario)}, progress=False)
    text = path.read_text(encoding="utf-8")
    benign = report(
        sd.load_example("bank"),
        tmp_path / "bank.html",
        options={"cut one": sd.load_example("bank").with_overrides({"stages.representative.staff_adjustment": -1})},
        progress=False,
    ).read_text(encoding="utf-8")
    # the same scripts as for a harmless scenario: no name closed a script tag or opened another
    hostile_scripts, benign_scripts = _scripts(text), _scripts(benign)
    assert hostile_scripts.count == benign_scripts.count
    assert "</script><script>alert(1)</script>" not in text and "<script>__pwned" not in text
    assert html_unescaped(text, scripts=True) == []
    for shown in (NAME, NOTES, *SOURCES, OPTION):
        assert html_text(shown) in text, shown
    figures = _figures_in(text)
    assert len(figures) == len(_figures_in(benign)) >= 4
    texts = [t for fig in figures for t in strings(fig)]
    assert plot_unescaped(texts) == []
    # the report's figures carry no titles of their own (its headings do): the scenario's name is in the page
    for shown in (REP, *CHANNELS.values(), *SEGMENTS.values()):
        assert any(plot_text(shown) in t for t in texts), shown


# ---------------------------------------------------------------------------- the explorer
def _widgets(root):
    yield root
    for child in getattr(root, "children", ()) or ():
        yield from _widgets(child)


@pytest.fixture(scope="module")
def explorer(scenario):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("anywidget")
    from svcdesign.present import StaffingExplorer

    return StaffingExplorer(scenario)


def _html_values(explorer) -> list[str]:
    import ipywidgets as w

    return [x.value for x in _widgets(explorer.widget) if isinstance(x, w.HTML)]


def test_explorer_header_and_readouts(explorer):
    values = _html_values(explorer)
    for value in values:
        assert html_unescaped(value) == [], value
    header = explorer._header.value
    assert html_text(NAME) in header and html_text(NOTES) in header
    assert html_text(REP) in explorer.kpis["asa"].value  # "Mean wait of all contacts at <stage>"
    assert html_text(CURRENCY) in explorer.kpis["staff_cost"].value
    # descriptions and option labels are drawn as text (ipywidgets 8: textContent unless
    # description_allow_html) but descriptions are typeset as LaTeX: no user text in them
    every = list(_widgets(explorer.widget))
    assert not any(getattr(x, "description_allow_html", False) for x in every)
    descriptions = " ".join(getattr(x, "description", "") or "" for x in every)
    assert not any(stage in descriptions for stage in STAGES.values())
    staff = [row.children[0].value for row in explorer._staff_box.children]
    assert all(html_text(stage) in label for stage, label in zip(STAGES.values(), staff, strict=True))
    assert any(SEASONAL_PEAK in label for label, _ in explorer.controls["week"].options)
    assert NAME in explorer.controls["scenario"].options


def test_explorer_status_shows_warnings_and_errors_escaped(explorer, monkeypatch):
    from svcdesign.errors import InputError

    back = STAGES["back office"]
    explorer.set(staff={back: -5})  # the back office overloaded: the warning names it
    status = explorer.status.value
    assert html_unescaped(status) == [] and html_text(back) in status
    explorer.set(staff={back: 0})

    def refuse():
        raise InputError("stages", REP, f"a stage of '{NAME}'")

    monkeypatch.setattr(explorer, "variant", refuse)
    explorer.update()
    status = explorer.status.value
    assert html_unescaped(status) == [] and html_text(REP) in status and html_text(NAME) in status


def test_explorer_figures_and_months(explorer):
    explorer._tabs.selected_index = 3  # computes the next 12 months
    try:
        note = explorer._months_note.value
        assert html_unescaped(note) == [] and html_text(CURRENCY) in note
        for value in _html_values(explorer):
            assert html_unescaped(value) == [], value
    finally:
        explorer._tabs.selected_index = 0
    figures = explorer.figures
    assert_plot_safe(figures["service"], *[s for s in STAGES.values() if s != STAGES["back office"]])
    assert_plot_safe(figures["customers"], *SEGMENTS.values())
    assert_plot_safe(figures["cost"], CURRENCY)
    assert_plot_safe(figures["months"], CURRENCY)


# ------------------------------------------------------------------------------- the course
def test_course_figures_draw_row_and_column_names_as_text():
    import pandas as pd

    from svcdesign.course.figures import lines, panels

    frame = pd.DataFrame({REP: [1.0, 2.0], NAME: [3.0, float("inf")]}, index=[OPTION, SEGMENTS["premium"]])
    assert_plot_safe(panels(frame, "A lesson's title"), REP, NAME, OPTION, SEGMENTS["premium"])
    assert_plot_safe(lines(frame.reset_index(drop=True), "title", x_title="x", y_title="y"), REP, NAME)


@pytest.mark.parametrize("answer", [NAME, "`<img src=x onerror=__pwned=1>`", "``x``<script>alert(1)</script>"])
def test_course_feedback_quotes_what_the_learner_typed(answer):
    mistune = pytest.importorskip("mistune")
    from svcdesign import course

    lesson = course.lesson("3.1")
    for exercise in lesson.EXERCISES:
        feedback = exercise.check(answer)
        assert feedback.status == "invalid"
        markdown = feedback._repr_markdown_()
        rendered = mistune.html(markdown)
        assert html_unescaped(rendered) == [], rendered
        assert "<code>" in rendered


# ------------------------------------------------------------------ the command line's HTML
@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    """A scenario calibrated from the example log, its stage and name replaced by payloads."""
    import yaml

    from svcdesign.cli import main
    from svcdesign.datasets import example_contact_log_path

    folder = tmp_path_factory.mktemp("cli")
    path = folder / "calibrated.yaml"
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(path), "--interval", "30"]) == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (stage,) = data["stages"]
    stage["name"] = REP
    data.update(name=NAME, notes=NOTES)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _cli_figure(tmp_path, scenario: Path, log: Path) -> list[str]:
    from svcdesign.cli import main

    out = tmp_path / "backtest.html"
    assert main(["backtest", str(scenario), str(log), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert html_unescaped(text, scripts=True) == []
    (figure,) = _figures_in(text)
    return list(strings(figure))


def test_cli_backtest_figure_with_payload_stage_and_scenario_name(calibrated, tmp_path):
    from svcdesign.datasets import example_contact_log_path

    assert plot_unescaped(_cli_figure(tmp_path, calibrated, example_contact_log_path())) == []


def _shown_by_plotly(texts: list[str], text: str) -> bool:
    return any(text in _convert_entities(t) for t in texts)


def test_cli_backtest_figure_with_payload_log_file_name(calibrated, tmp_path):
    import shutil

    from svcdesign.datasets import example_contact_log_path

    name = '<img src=x onerror=alert(1)>"q" $1$ log'  # a file name is user text too
    log = tmp_path / f"{name}.csv"
    shutil.copyfile(example_contact_log_path(), log)
    texts = _cli_figure(tmp_path, calibrated, log)
    assert plot_unescaped(texts) == []
    assert _shown_by_plotly(texts, name)


def test_backtest_figure_from_python_with_payload_scenario_name(calibrated):
    from svcdesign import Scenario
    from svcdesign.data import read_contact_log
    from svcdesign.datasets import example_contact_log_path
    from svcdesign.explore import backtest

    result = backtest(Scenario.load(calibrated), read_contact_log(example_contact_log_path()))
    texts = figure_strings(backtest_figure(result))
    assert plot_unescaped(texts) == []
    assert _shown_by_plotly(texts, NAME)  # the default label names the scenario
