"""The staffing explorer in Arabic and Persian: every marked English string translated in the widgets, the
read-outs in the language's digits with the English explorer's numbers, a slider still updating, the scenario's
text escaped, and the root right to left."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("ipywidgets")

from svcdesign.i18n import catalogue  # noqa: E402
from svcdesign.i18n.numbers import DIGITS  # noqa: E402
from svcdesign.model.examples import load_example  # noqa: E402
from svcdesign.present import StaffingExplorer  # noqa: E402

LANGUAGES = ("ar", "fa")


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
