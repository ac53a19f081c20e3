"""The review and the client report of a multi-skill service desk (issue 18).

The shipped example (phone, chat and email served by three agent groups, a specialist stage behind) is
reviewed with one option, two fewer people in the agent group 'phone agents', through the command line
as a consultant runs it (``svcdesign report desk.yaml --staff "phone agents=-2"``). References: the
analytic engine's own figures (``svcdesign.evaluate``, run here apart from the review), the example's
YAML (skills, router order, handle times) and the roster arithmetic (2 FTE × the contract week).
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

import svcdesign as sd
from svcdesign._resources import dataset_path
from svcdesign.cli import main
from svcdesign.explore import review as review_module
from svcdesign.explore.review import review
from svcdesign.formulas.customers.params import customer_table
from svcdesign.model.examples import load_example
from svcdesign.present import report

EXAMPLE = "omnichannel_phone_chat_email"
OPTION = "fewer phone agents"
TYPE_FIGURES = ("arrivals", "answered", "service_level", "asa", "p_abandon")
GROUP_FIGURES = ("answered", "occupancy", "staff_hours", "staff_cost")
STAGE_FIGURES = ("arrivals", "service_level", "asa", "p_abandon", "occupancy", "staff_hours", "staff_cost")


@pytest.fixture(scope="module")
def desk():
    return load_example(EXAMPLE)


@pytest.fixture(scope="module")
def done(desk):
    fewer = desk.with_staff_change({"phone agents": -2}, name=OPTION)
    return review(desk, {OPTION: fewer})


@pytest.fixture(scope="module")
def cli_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("desk_report") / "r.html"
    code = main(
        ["report", str(dataset_path("scenarios", f"{EXAMPLE}.yaml")), "-o", str(out), "--staff", "phone agents=-2"]
    )
    assert code == 0
    return out.read_text(encoding="utf-8")


def _visible(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# ------------------------------------------------------------------------------------------- review
def test_findings_for_the_option(done, desk):
    """The example gives no customer value: the money counts staff cost only, and cutting two phone
    agents saves what the engine's staff cost says it saves."""
    assert list(done.findings.index) == [OPTION]
    row = done.findings.loc[OPTION]
    assert bool(row["staff_only"]) and not done.customer_value_given
    weekly = sd.evaluate(desk).value("staff_cost") - sd.evaluate(done.options[OPTION]).value("staff_cost")
    assert weekly > 0
    assert row["central"] > 0  # a saving counted over the year's weeks
    assert "saves" in row["statement"] and "customers' yearly value is not given" in row["statement"]


def test_the_change_in_words_names_the_group(done, desk):
    """One sentence, naming the agent group, in people and paid hours (the engine's paid hours before and
    after), without the scenario's field names."""
    (sentence,) = done.descriptions[OPTION]
    hours = [sd.evaluate(s).value("staff_hours", "phone agents") for s in (desk, done.options[OPTION])]
    assert "the agent group 'phone agents'" in sentence and "two fewer" in sentence
    assert f"{hours[0]:,.1f} → {hours[1]:,.1f}" in sentence
    assert hours[0] - hours[1] == pytest.approx(2 * desk.contract_hours())
    assert not re.search(r"service_desk|staff_adjustment|\w_\w|groups\.", sentence)


def test_stage_table_holds_types_groups_and_stages_as_the_engine_gives_them(done, desk):
    reference = sd.evaluate(desk)
    table = done.stages
    types = [t.name for t in desk.service_desk.contact_types]
    groups = [g.name for g in desk.service_desk.groups]
    assert list(table.index) == [*types, *groups, *desk.stage_names, "all"]
    assert list(table["kind"]) == ["contact_type"] * len(types) + ["group"] * len(groups) + ["stage", "all"]
    for names, figures in ((types, TYPE_FIGURES), (groups, GROUP_FIGURES), (desk.stage_names, STAGE_FIGURES)):
        for name in names:
            for figure in figures:
                assert table.loc[name, figure] == pytest.approx(reference.value(figure, name), rel=1e-9), (name, figure)
    # the customers' side at a contact type, the staff's side at a group: nothing invented for the other side
    assert table.loc[types, ["occupancy", "staff_hours", "staff_cost"]].isna().all().all()
    assert table.loc[groups, ["service_level", "asa", "p_abandon"]].isna().all().all()
    assert table.loc["email", "deferred"] and not table.loc["billing by phone", "deferred"]


def test_wages_per_group_and_stage(done, desk):
    expected = {g.name: g.hourly_wage for g in desk.service_desk.groups}
    expected |= {s.name: s.hourly_wage for s in desk.stages}
    assert done.wages == pytest.approx(expected)


def test_skills_follow_the_example(done):
    """The YAML: phone and chat agents take 1.1 × a billing call's 240 s, offered it after 30 s of waiting
    as second choice; the back office takes 1.2 × a general chat's 360 s, after 120 s."""
    skills = done.skills
    assert skills.loc[("phone and chat agents", "billing by phone"), "handle_time"] == pytest.approx(264.0)
    assert skills.loc[("phone and chat agents", "billing by phone"), "preference"] == 2
    assert skills.loc[("phone and chat agents", "billing by phone"), "offered_after"] == 30.0
    assert skills.loc[("back office", "general by chat"), "handle_time"] == pytest.approx(432.0)
    assert skills.loc[("back office", "general by chat"), "offered_after"] == 120.0
    assert skills.loc[("phone agents", "general by phone"), "preference"] == 1
    assert ("phone agents", "email") not in skills.index


def test_who_answered_what(done):
    """Shares of each type's answered contacts: they add up to 1, and a group without the skill answers none."""
    shares = done.answered_by
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, rtol=1e-12)
    for contact in shares.index:
        for group in shares.columns:
            if (group, contact) not in done.skills.index:
                assert shares.loc[contact, group] == 0.0, (contact, group)


def test_captions_speak_of_contact_types_and_groups(done):
    assert "a line per contact type and stage" in done.captions["service_level"]
    assert "'phone agents'" in done.captions["flows"]
    assert "contact types first" in done.captions["blueprint"]
    assert not any(re.search(r"\w_\w", text) for text in done.captions.values())


def test_desk_settings_in_words(desk):
    """Each desk setting an option may change, in words naming the group or type, never a field path."""
    variant = desk.with_overrides(
        {
            ("service_desk", "groups", 1, "concurrency", "slowdown"): [1.0, 1.3],
            ("service_desk", "groups", 1, "skills", 0, "handle_time_multiplier"): 1.3,
            ("service_desk", "groups", 2, "blending", "idle_above"): 1,
            ("service_desk", "contact_types", 0, "callback", "offer_above"): 180,
            ("service_desk", "contact_types", 1, "router", "overflow_after"): [20],
        }
    )
    text = review_module._describe(desk, variant, customer_table(desk, None), "USD")
    joined = "\n".join(text)
    assert len(text) == 5, text
    assert "'phone and chat agents' holds up to 2 chats at once" in joined
    assert "× 1.3 the mean handle time of 'billing by phone' contacts (was × 1.1)" in joined
    assert "'back office' takes deferred work (email) only while more than 1 of its agents are idle" in joined
    assert "'billing by phone': a callback is offered when the expected wait exceeds 180 s" in joined
    assert "second group after 20 s of waiting (was to the second group after 60 s" in joined
    assert not re.search(r"service.desk|slowdown|idle.above|offer.above|overflow|\w_\w", joined)


# ------------------------------------------------------------------------------------------- report
def test_cli_report_on_a_desk(cli_page):
    """``svcdesign report desk.yaml --staff "phone agents=-2"``: the desk's tables, the option in words."""
    shown = _visible(cli_page)
    for heading in ("Contact types, agent groups and stages, as described", "Who serves what"):
        assert heading in shown
    assert "two fewer full-time equivalents" in shown and "the agent group 'phone agents'" in shown
    assert "× 1.10 handle time (264 s); choice 2, after 30 s of waiting" in shown
    assert "Agent group" in shown and "Contact type" in shown


def test_group_names_are_escaped(desk, tmp_path):
    text = re.sub(r"\bback office\b", "<b>x</b>", json.dumps(desk.to_dict()))
    renamed = sd.Scenario.from_dict(json.loads(text))
    path = report(renamed, tmp_path / "r.html", progress=False)
    page = path.read_text(encoding="utf-8")
    body = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    assert "<b>x</b>" not in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body
