"""The staffing explorer in Arabic and Persian: every marked English string translated in the widgets, the
read-outs in the language's digits with the English explorer's numbers, a slider still updating, the scenario's
text escaped, and the root right to left; on every example (the service desk's skills table and the saved what-ifs
included) no English word left, the tables', sliders' and figures' numbers (ticks and hover text) in the language's
digits and equal to the English ones read back (:func:`svcdesign.i18n.digits.read_number`), the staff sliders'
accessible names translated, and the blueprint the English drawing mirrored, in the language's words."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from svcdesign.i18n import catalogue  # noqa: E402
from svcdesign.i18n.digits import read_number  # noqa: E402
from svcdesign.i18n.numbers import DIGITS  # noqa: E402
from svcdesign.markup import plot_text  # noqa: E402
from svcdesign.model.examples import example_names, load_example  # noqa: E402
from svcdesign.present import StaffingExplorer, blueprint  # noqa: E402
from svcdesign.present.dashboard import VIEWS  # noqa: E402

LANGUAGES = ("ar", "fa")
DESK = "omnichannel_phone_chat_email"
"""The example with a multi-skill service desk."""


SHOWN = ("Button", "Dropdown", "Text", "IntSlider", "FloatSlider", "BoundedFloatText")
"""Widgets whose description, tooltip and placeholder are shown (their value is a number or a choice)."""


def texts(widget) -> list[str]:
    """Every text a widget tree shows: HTML and Label values, descriptions, tooltips, options, tab titles."""
    out = []
    kind = type(widget).__name__
    for name in ("value", "description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and (kind in ("HTML", "Label") or (name != "value" and kind in SHOWN)):
            out.append(value)
    for label in getattr(widget, "_options_labels", ()) or ():
        out.append(label)
    for title in getattr(widget, "titles", ()) or ():
        out.append(title)
    for child in getattr(widget, "children", ()) or ():
        out.extend(texts(child))
    return out


@pytest.fixture(scope="module")
def explorers():
    english = StaffingExplorer("bank")
    return english, {lang: StaffingExplorer("bank", language=lang) for lang in LANGUAGES}


# the dashboard's own strings (its catalogue's English): none may be shown as is in Arabic or Persian
OWN = {lang: catalogue(lang) for lang in LANGUAGES}


def test_the_language_comes_from_the_scenario_unless_given():
    scenario = load_example("bank").model_copy(update={"language": "fa"})
    assert StaffingExplorer(scenario).language == "fa"
    assert StaffingExplorer(scenario, language="en").language == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translated_english_string_is_left_in_the_widgets(explorers, language):
    english, others = explorers
    shown = "\n".join(texts(others[language].results_panel) + texts(others[language].widget))
    for own_words in (others[language].scenario.notes, others[language].scenario.name):  # the user's, not ours
        shown = shown.replace(html.escape(own_words or ""), "").replace(own_words or "", "")
    # the levers' help and figure texts are inside; long English strings of the catalogue must not appear
    left = [text for text in OWN[language] if len(text) > 12 and "{" not in text and text in shown]
    assert not left, left[:10]
    english_shown = "\n".join(texts(english.widget))
    assert "Staffing explorer" in english_shown and "Staffing explorer" not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_read_outs_in_local_digits_with_the_english_numbers(explorers, language):
    english, others = explorers
    explorer = others[language]
    for key in ("service_level", "asa", "staff_cost"):
        assert explorer.kpi_value(key) == english.kpi_value(key)
        value = re.search(r"class='kpi-value'>([^<]*)<", explorer.kpis[key].value).group(1)
        assert not re.search(r"[0-9]", value) and any(d in value for d in DIGITS[language]), value


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_slider_move_updates_as_in_english(explorers, language):
    english, others = explorers
    explorer = others[language]
    stage = explorer.staff_names[0]
    before = explorer.kpi_value("service_level")
    english.set(staff={stage: -2})
    explorer.set(staff={stage: -2})
    try:
        assert explorer.kpi_value("service_level") == english.kpi_value("service_level") < before
        assert explorer.kpi_value("net_effect") == english.kpi_value("net_effect")
        assert "net-central" in explorer.headline.value
    finally:
        english.set(staff={stage: 0})
        explorer.set(staff={stage: 0})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scenarios_text_stays_escaped_and_the_root_is_right_to_left(language):
    scenario = load_example("bank").model_copy(update={"name": "<b>x</b> & co", "notes": "<script>1</script>"})
    explorer = StaffingExplorer(scenario, language=language)
    header = explorer._header.value
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in header and "<script>" not in header
    assert "svcdesign-rtl" in explorer.widget._dom_classes
    assert "svcdesign-rtl" not in StaffingExplorer(scenario, language="en").widget._dom_classes


# ------------------------------------------------------------------ every example, the desk and the saved what-ifs
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]+")
"""A word of two or more Latin letters (single letters are marks such as the blueprint's F and W)."""


def own_words(scenario) -> set[str]:
    """The scenario's own text, which stays as the user wrote it: its name, notes, currency, stages, segments,
    peaks, channels, a service desk's contact types and agent groups, and the examples' names the picker offers."""
    words = {scenario.name, scenario.notes or "", scenario.organisation.currency}
    words |= {s.name for s in scenario.stages} | {g.name for g in scenario.segments}
    words |= {p.name for p in scenario.demand.peaks or ()} | {c.name for c in scenario.demand.channels}
    desk = scenario.service_desk
    if desk is not None:
        words |= {t.name for t in desk.contact_types} | {g.name for g in desk.groups}
    return (words | set(example_names())) - {""}


CITED = {"Oliva", "Sterman"}
"""Authors cited as published (Oliva & Sterman 2001, under the 12-month figure), so a reader can find the source."""


def shown_text(explorer) -> str:
    """What a reader sees in the explorer: its widgets' text, without the page's style sheet, the markup, the
    what-if folder's path and the scenario's own words."""
    shown = "\n".join(texts(explorer.widget))
    shown = re.sub(r"<(style|script)\b.*?</\1>", " ", shown, flags=re.S)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", shown)).replace(explorer.saved._shown_folder(), " ")
    for words in sorted(own_words(explorer.base), key=len, reverse=True):
        shown = shown.replace(words, " ")
    return shown


def latin_left(explorer) -> list[str]:
    """Every Latin word a reader sees in the explorer — the words left in English (cited authors aside)."""
    return sorted(set(LATIN.findall(shown_text(explorer))) - CITED)


def explorer_with_a_saved_what_if(example: str, language: str, folder) -> StaffingExplorer:
    """An explorer on ``example`` with one what-if saved and the saved what-ifs compared (the panel's
    table, download and messages shown), every tab opened."""
    explorer = StaffingExplorer(example, language=language, what_if_folder=folder)
    explorer.set(staff={explorer.staff_names[0]: -1})
    explorer.saved.name.value = "یک نفر کمتر"  # the user's name for it, in their language
    assert explorer.saved.save() is not None
    assert explorer.saved.compare() is not None
    for view in VIEWS:
        explorer.show(view)
    return explorer


@pytest.mark.parametrize("example", example_names())
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_word_is_left_on_any_example_desk_and_saved_what_ifs_included(example, language, tmp_path):
    explorer = explorer_with_a_saved_what_if(example, language, tmp_path)
    assert latin_left(explorer) == []
    shown = shown_text(explorer)
    assert re.findall(r".{0,30}[0-9].{0,10}", shown) == []  # every number in the language's digits
    assert len(re.findall(f"[{DIGITS[language]}]", shown)) > 200
    english = explorer_with_a_saved_what_if(example, "en", tmp_path / "en")
    left = latin_left(english)  # the helper finds English where it is shown
    assert {"Save", "Load", "Occupancy" if english.base.service_desk else "Staff"} <= set(left), left


def test_the_desks_skills_table_has_the_english_numbers_in_local_digits(tmp_path):
    english = StaffingExplorer(DESK, what_if_folder=tmp_path)
    table = {lang: StaffingExplorer(DESK, language=lang, what_if_folder=tmp_path).skills.value for lang in LANGUAGES}
    cells = re.compile(r"<td data-label='[^']*' style='[^']*'>(.*?)</td>")
    numbers = re.compile(r"[٠-٩۰-۹][٠-٩۰-۹٫٬]*")

    def plain(cell: str) -> str:
        return re.sub(r"<[^>]+>", " ", cell)

    english_numbers = [
        n for cell in cells.findall(english.skills.value) for n in re.findall(r"[0-9][0-9.,]*", plain(cell))
    ]
    assert len(english_numbers) > 20  # the numbers of every contact type and agent group
    for language, shown in table.items():
        assert "svcdesign-skills-table" in shown and not re.search(r"[0-9]", re.sub(r"<[^>]+>", "", shown))
        local = [n for cell in cells.findall(shown) for n in numbers.findall(plain(cell))]
        assert [read_number(n)[0] for n in local] == [read_number(n)[0] for n in english_numbers], language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_saved_what_ifs_table_has_the_english_numbers_in_local_digits(language, tmp_path):
    english = explorer_with_a_saved_what_if("bank", "en", tmp_path / "en")
    other = explorer_with_a_saved_what_if("bank", language, tmp_path / language)
    assert english.saved.table.shape == other.saved.table.shape
    np.testing.assert_allclose(english.saved.table.to_numpy(float), other.saved.table.to_numpy(float), equal_nan=True)
    cells = re.compile(r"<td style='text-align:(?:left|right);padding:2px 6px'>([^<]*)</td>")
    shown = [c for c in cells.findall(other.saved.comparison.value)]
    written = [c for c in cells.findall(english.saved.comparison.value)]
    assert len(shown) == len(written) > 20
    for local, western in zip(shown, written, strict=True):
        assert not re.search(r"[0-9]", local)
        if western != "—":
            assert read_number(local)[0] == read_number(western)[0], (local, western)


@pytest.fixture(scope="module")
def desks():
    return {lang: StaffingExplorer(DESK, language=lang) for lang in ("en", *LANGUAGES)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_slider_read_outs_are_the_sliders_values_in_local_digits(desks, language):
    explorer = desks[language]
    sliders = [k for k, c in explorer.controls.items() if type(c).__name__ in ("IntSlider", "FloatSlider")]
    assert set(explorer.readouts) == set(sliders) and len(sliders) >= 9  # 5 levers, 4 agent groups and stages
    for key in sliders:
        assert explorer.controls[key].readout is False  # ipywidgets' own read-out writes Western digits
        assert desks["en"].controls[key].readout is True
    stage = explorer.staff_names[0]
    explorer.set(staff={stage: -2}, peak=1.25)
    try:
        for key, value in ((f"staff:{stage}", -2.0), ("peak", 1.25), ("growth", 0.0)):
            text = re.sub(r"<[^>]+>", "", explorer.readouts[key].value)
            assert not re.search(r"[0-9]", text) and read_number(text)[0] == value, (key, text)
    finally:
        explorer.set(staff={stage: 0}, peak=1.0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_sliders_accessible_names_are_translated(desks, language):
    english, explorer = desks["en"], desks[language]
    names = re.compile(r"data-aria='([^']*)'")
    said = [names.search(row.children[0].value).group(1) for row in explorer._staff_box.children]
    english_said = [names.search(row.children[0].value).group(1) for row in english._staff_box.children]
    assert english_said == [f"Staff at {html.escape(n)}: people added or removed" for n in english.staff_names]
    for text, name in zip(said, explorer.staff_names, strict=True):
        assert html.escape(name) in text and not LATIN.findall(text.replace(html.escape(name), ""))


def axis_labels(figure) -> list[tuple[float, str]]:
    """Every (tick value, tick label) of a figure's axes that carry explicit labels."""
    layout = figure.layout.to_plotly_json()
    out = []
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and axis.get("ticktext") is not None:
            out.extend(zip(axis["tickvals"], axis["ticktext"], strict=True))
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_figure_ticks_and_hover_numbers_are_in_local_digits(desks, language):
    explorer = desks[language]
    for view in VIEWS:
        explorer.show(view)
    for view, figure in explorer.figures.items():
        labels = axis_labels(figure)
        numeric = [(value, text) for value, text in labels if re.search(r"[٠-٩۰-۹]", text)]
        y_axes = [k for k in figure.layout.to_plotly_json() if k.startswith("yaxis")]
        assert len({v for v, _ in numeric}) >= 2 * len(y_axes), (view, labels)  # two ticks or more an axis
        for _, text in labels:
            assert not re.search(r"[0-9]", text), (view, text)
        for value, text in numeric:
            assert read_number(text)[0] == pytest.approx(value, abs=1e-9), (view, value, text)
        for trace in figure.data:
            if trace.y is None or not len(trace.y):
                continue
            assert "customdata" in trace.hovertemplate and "%{y" not in trace.hovertemplate, (view, trace.name)
            shown = list(trace.customdata)
            assert len(shown) == len(trace.y) and not any(re.search(r"[0-9]", line) for line in shown), view
            for y, line in zip(trace.y, shown, strict=True):
                if y is not None and np.isfinite(y):
                    number = re.findall(r"[−+]?[٠-٩۰-۹][٠-٩۰-۹٬٫]*", line)[-1]
                    english = format(float(y), trace.meta["y"]).replace(",", "")  # plotly's format in English
                    assert read_number(number)[0] == float(english), (line, y)


def test_english_figures_keep_plotlys_own_numbers(desks):
    explorer = desks["en"]
    for view in VIEWS:
        explorer.show(view)
    for view, figure in explorer.figures.items():
        assert all(not re.search(r"[٠-٩۰-۹]", text) for _, text in axis_labels(figure)), view
        assert all("%{y" in trace.hovertemplate for trace in figure.data), view


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", ["bank", DESK])
def test_the_blueprint_is_the_english_drawing_mirrored(example, language):
    scenario = load_example(example)
    english, other = blueprint(scenario), blueprint(scenario, language=language)
    assert list(other.layout.xaxis.range) == list(english.layout.xaxis.range)[::-1]  # right to left
    boxes = [(s.x0, s.x1, s.y0, s.y1) for s in english.layout.shapes]
    assert [(s.x0, s.x1, s.y0, s.y1) for s in other.layout.shapes] == boxes  # the same drawing, mirrored
    first = min(english.data[1].x)  # the first stage: leftmost in English, rightmost on a mirrored axis
    assert other.data[1].x[list(english.data[1].x).index(first)] == first
    headings = [a for a in other.layout.annotations if a.x == -0.6]
    assert headings and all(a.xanchor == "left" for a in headings)  # into the right margin
    assert other.layout.title.xanchor == "right" and english.layout.title.xanchor == "left"
    words = " ".join([a.text for a in other.layout.annotations] + [h for t in other.data for h in t.hovertext])
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", words))  # names wrap over lines in the boxes
    for own in sorted(own_words(scenario), key=len, reverse=True):
        words = words.replace(plot_text(own), " ").replace(own, " ")
    assert LATIN.findall(words) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_budget_is_shown_and_read_in_the_languages_digits(language, tmp_path):
    explorer, english = (StaffingExplorer("bank", language=lang, what_if_folder=tmp_path) for lang in (language, "en"))
    text, note = explorer._rows["budget"].children
    assert english._rows["budget"] is english.controls["budget"]  # English: the number box as it was
    assert text.value == DIGITS[language][0]  # no budget: 0
    typed = {"fa": "۲۵٬۰۰۰", "ar": "٢٥٬٠٠٠"}[language]  # what a reader types, thousands separator included
    text.value = typed
    english.set(budget=25000.0)
    assert explorer.controls["budget"].value == 25000.0 and text.value == typed and note.value == ""
    assert explorer.kpi_value("budget_gap") == english.kpi_value("budget_gap")
    text.value = "1,5"  # not a number read one way only: refused, the budget kept, the reason said
    assert explorer.controls["budget"].value == 25000.0 and "b00020" in note.value
    assert not LATIN.findall(re.sub(r"<[^>]+>", " ", note.value))
    explorer.set(budget=1000.0)  # a budget set otherwise (a saved what-if) is shown in the language's digits
    assert read_number(text.value)[0] == 1000.0 and not re.search(r"[0-9]", text.value) and note.value == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_input_errors_message_is_shown_in_the_dashboards_language(language, tmp_path):
    """A what-if saved without a name is refused with the InputError's frame (field = value is not allowed: expected
    …) in the explorer's language, as the CLI says it: the frame and what is allowed from the catalogues, the field's
    code name and the value as given; English shows the error's own text."""
    shown = {}
    for lang in ("en", language):
        explorer = StaffingExplorer("bank", language=lang, what_if_folder=tmp_path / lang)
        explorer.saved.name.value = "   "
        assert explorer.saved.save() is None
        shown[lang] = html.unescape(re.sub(r"<[^>]+>", "", explorer.saved.message.value))
    assert shown["en"] == "⚠ name = '' is not allowed: expected a name of 1 to 200 characters"
    frame = OWN[language]["{where}{field} = {value} is not allowed: expected {allowed}"]
    allowed = OWN[language]["a name of 1 to {n} characters"].format(n="٢٠٠" if language == "ar" else "۲۰۰")
    assert shown[language] == "⚠ " + frame.format(where="", field="name", value="''", allowed=allowed)
    assert not LATIN.findall(shown[language].replace("name", ""))
