"""A share printed beside its target and a pass/fail mark reads on the side of the target the mark says: 79.986%
against a target of 80% is a miss and never reads "80.0%"; 80.0% and 80.004% meet it and never read below it.
Checked on the rule itself (:func:`svcdesign.present.targets.beside_target`) and on the text of the views that
print such a value: the blueprint's hover text and the staffing explorer's skills table, in English and Persian."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

import svcdesign as sd
from svcdesign.explore import chain_flows
from svcdesign.explore.desk_view import desk_view
from svcdesign.explore.wording import Wording
from svcdesign.present import blueprint
from svcdesign.present.dashboard_desk import skills_html
from svcdesign.present.targets import beside_target, target_digits

blueprint_module = importlib.import_module("svcdesign.present.blueprint")  # the module, not the function it exports

BOUNDARY = [(0.79986, True, "79.99%"), (0.8, False, "80.0%"), (0.80004, False, "80.0%")]
"""A service level at its 80% target: the value, whether it misses the target, and how it reads."""


@pytest.mark.parametrize("value, misses, shown", BOUNDARY)
def test_a_service_level_reads_on_the_side_of_its_target_that_its_mark_says(value, misses, shown):
    assert beside_target(value, 0.8, misses=misses) == (shown, "80%")


@pytest.mark.parametrize(
    "value, misses, at_most, shown",
    [
        (0.7999996, True, False, "79.999%"),  # closer than three decimals tell: rounded down, never to 80.000%
        (0.05004, True, True, "5.004%"),  # an abandonment over its 5% limit reads over it
        (0.0499996, False, True, "5.0%"),
        (0.05, True, True, "5.001%"),  # marked a miss at the limit itself (the caller's test): one step over
    ],
)
def test_closer_values_and_ceilings_read_on_their_side_too(value, misses, at_most, shown):
    assert beside_target(value, 0.8 if not at_most else 0.05, misses=misses, at_most=at_most)[0] == shown


def test_a_target_is_written_exactly_and_the_value_with_at_least_its_decimals():
    assert [target_digits(g) for g in (0.8, 0.805, 0.8125, 0.05)] == [0, 1, 2, 0]
    assert beside_target(0.8049, 0.805, misses=True) == ("80.49%", "80.5%")
    assert beside_target(float("nan"), 0.8, misses=False) == ("–", "80%")


def test_in_persian_the_digits_are_the_languages():
    shown, goal = beside_target(0.79986, 0.8, misses=True, say=Wording("fa"))
    assert shown == Wording("fa").percent(0.7999, 2) and goal == Wording("fa").percent(0.8, 0)
    assert "۷۹٫۹۹" in shown


@pytest.fixture(scope="module")
def bank():
    scenario = sd.load_example("bank")
    return scenario, sd.evaluate(scenario, staffing=False)


def _hover_at(monkeypatch, bank, level: float, language: str = "en") -> str:
    """The representative's hover text with its whole-week service level set to ``level`` (its abandonment
    within its 5% limit, so that the service level alone decides the fail point)."""
    scenario, results = bank
    flows = chain_flows(scenario, results)
    i = flows.stages.index("representative")
    service_level, p_abandon = flows.service_level.copy(), flows.p_abandon.copy()
    service_level[i], p_abandon[i] = level, 0.03
    changed = dataclasses.replace(flows, service_level=service_level, p_abandon=p_abandon)
    monkeypatch.setattr(blueprint_module, "chain_flows", lambda *args, **kwargs: changed)
    fig = blueprint(scenario, results, language=language)
    front = next(t for t in fig.data if t.text is not None and "representative" in t.text)
    return front.hovertext[list(front.text).index("representative")]


@pytest.mark.parametrize("level, misses, shown", BOUNDARY)
def test_the_blueprint_never_prints_a_missed_target_as_met(monkeypatch, bank, level, misses, shown):
    hover = _hover_at(monkeypatch, bank, level)
    assert f"service level {shown} (target 80%)" in hover
    assert ("fail point" in hover) is misses


def test_the_blueprints_persian_hover_follows_the_same_rule(monkeypatch, bank):
    say = Wording("fa")
    hover = _hover_at(monkeypatch, bank, 0.79986, "fa")
    assert say.tr("service level {share}", share=say.percent(0.7999, 2)) in hover
    assert say.tr("(target {share})", share=say.percent(0.8, 0)) in hover


@pytest.fixture(scope="module")
def desk():
    scenario = sd.load_example("omnichannel_phone_chat_email")
    return desk_view(scenario, sd.evaluate(scenario, staffing=False))


@pytest.mark.parametrize(
    "level, abandon, shown, given_up",
    [
        (0.79986, 0.05004, "79.99% (target 80%", "5.004% (most 5%)"),
        (0.7999996, 0.0499996, "79.999% (target 80%", "5.0% (most 5%)"),
        (0.8, 0.05, "80.0% (target 80%", "5.0% (most 5%)"),
        (0.80004, 0.01, "80.0% (target 80%", "1.0% (most 5%)"),
    ],
)
def test_the_skills_table_never_prints_a_missed_target_as_met(desk, level, abandon, shown, given_up):
    types = desk.contact_types.copy()
    name = types.index[0]
    types.loc[name, ["service_level", "target_service_level", "p_abandon", "max_abandon"]] = [level, 0.8, abandon, 0.05]
    html = skills_html(dataclasses.replace(desk, contact_types=types.iloc[:1]), "USD")
    assert shown in html and given_up in html
    assert ("below target" in html) is (level < 0.8) and ("above target" in html) is (abandon > 0.05)
