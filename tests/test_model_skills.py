"""The multi-skill service desk of the model (svcdesign.model.skills): validation, files, and the engines'
refusal until they are taught it.

Every impossible set-up named in docs/multiskill.md is refused with a message that names the object and
the value; a valid desk survives YAML and JSON; single-skill scenarios mean what they meant (no desk, the
same arrays); evaluate and simulate refuse a desk rather than ignore it.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign import InputError, Scenario
from svcdesign.model import AgentGroup, ServiceDesk, Stage
from svcdesign.model.compiled import expand
from svcdesign.model.limits import CONCURRENCY
from svcdesign.model.roster import paid_hours, staff_per_period

ROOT = Path(__file__).resolve().parent.parent
OMNICHANNEL = ROOT / "datasets" / "scenarios" / "omnichannel_phone_chat_email.yaml"
SINGLE_SKILL = sorted(p for p in (ROOT / "datasets" / "scenarios").glob("*.yaml") if p != OMNICHANNEL)


def small() -> dict[str, Any]:
    """A small valid desk: phone and chat (two reasons by phone), two groups, and a back-office stage."""
    return {
        "name": "small desk",
        "demand": {
            "interval_minutes": 60,
            "channels": [
                {"name": "phone", "kind": "phone", "weekly_volume": 1000},
                {"name": "chat", "kind": "chat", "weekly_volume": 500},
                {"name": "email", "kind": "email", "weekly_volume": 200},
            ],
        },
        "stages": [{"name": "back office", "staff": 2, "handle_time": 600, "deferred": True}],
        "service_desk": {
            "contact_types": [
                {
                    "name": "billing by phone",
                    "channel": "phone",
                    "share": 0.4,
                    "handle_time": 240,
                    "patience": 300,
                    "routing": {"transfer": {"back office": 0.1}},
                },
                {"name": "general by phone", "channel": "phone", "share": 0.6, "handle_time": 180, "patience": 300},
                {"name": "chat", "channel": "chat", "handle_time": 400, "patience": 200},
                {"name": "email", "channel": "email", "handle_time": 400, "deferred": True},
            ],
            "groups": [
                {"name": "phone", "staff": 6, "skills": ["billing by phone", "general by phone"]},
                {
                    "name": "mixed",
                    "staff": 4,
                    "skills": ["general by phone", {"contact_type": "chat", "handle_time_multiplier": 1.1}, "email"],
                    "concurrency": {"slowdown": [1.0, 1.3]},
                    "blending": {"idle_above": 1},
                },
            ],
        },
    }


def refusal(data: dict) -> str:
    with pytest.raises(InputError) as caught:
        Scenario.from_dict(data)
    return str(caught.value)


def mutated(fn: Callable[[dict], Any]) -> dict:
    data = copy.deepcopy(small())
    fn(data)
    return data


def desk(d: dict) -> dict:
    return d["service_desk"]


def contact(d: dict, name: str) -> dict:
    return next(t for t in desk(d)["contact_types"] if t["name"] == name)


def group(d: dict, name: str) -> dict:
    return next(g for g in desk(d)["groups"] if g["name"] == name)


def test_the_small_desk_is_valid_and_its_defaults_are_read():
    s = Scenario.from_dict(small())
    d = s.service_desk
    assert d is not None
    # the router's default order is the desk's order of the groups that hold the skill
    assert d.preferences("general by phone") == ["phone", "mixed"]
    assert d.preferences("billing by phone") == ["phone"]
    mixed = d.groups[1]
    assert mixed.skills[0].contact_type == "general by phone" and mixed.skills[0].handle_time_multiplier == 1.0
    assert mixed.concurrency is not None and mixed.concurrency.limit == 2


IMPOSSIBLE: list[tuple[str, Callable[[dict], Any], list[str]]] = [
    (
        "a contact type no group can serve",
        lambda d: group(d, "phone")["skills"].remove("billing by phone"),
        ["service_desk", "'billing by phone'", "no agent group can serve it"],
    ),
    (
        "an overflow back to a group already offered the contact (a loop)",
        lambda d: contact(d, "general by phone").__setitem__("router", {"groups": ["phone", "mixed", "phone"]}),
        ["'general by phone'", "['phone'] more than once", "loop"],
    ),
    (
        "an unknown agent group in a router",
        lambda d: contact(d, "chat").__setitem__("router", {"groups": ["nobody"]}),
        ["'chat'", "unknown agent groups ['nobody']"],
    ),
    (
        "a router group without the skill",
        lambda d: contact(d, "chat").__setitem__("router", {"groups": ["mixed", "phone"]}),
        ["'chat'", "['phone']", "lack the skill"],
    ),
    (
        "a router that leaves out a group with the skill",
        lambda d: contact(d, "general by phone").__setitem__("router", {"groups": ["mixed"]}),
        ["'general by phone'", "leaves out ['phone']"],
    ),
    (
        "a skill of an unknown contact type",
        lambda d: group(d, "phone")["skills"].append("refunds"),
        ["'phone'", "unknown contact types ['refunds']"],
    ),
    (
        "a skill named twice",
        lambda d: group(d, "phone")["skills"].append("general by phone"),
        ["'phone'", "['general by phone'] more than once"],
    ),
    (
        "an unknown channel",
        lambda d: contact(d, "chat").__setitem__("channel", "fax"),
        ["'chat'", "unknown channel 'fax'"],
    ),
    (
        "two groups with one name",
        lambda d: desk(d)["groups"].append({**copy.deepcopy(group(d, "phone"))}),
        ["agent group names must be unique"],
    ),
    (
        "two contact types with one name",
        lambda d: desk(d)["contact_types"].append(copy.deepcopy(contact(d, "chat"))),
        ["contact type names must be unique"],
    ),
    (
        "concurrency above the limit",
        lambda d: group(d, "mixed").__setitem__("concurrency", {"slowdown": [1.0] * (int(CONCURRENCY.high) + 1)}),
        ["mixed", "concurrency.slowdown", f"at most {int(CONCURRENCY.high)} items"],
    ),
    (
        "no concurrency slots",
        lambda d: group(d, "mixed").__setitem__("concurrency", {"slowdown": []}),
        ["mixed", "concurrency.slowdown", "at least 1 item"],
    ),
    (
        "a slowdown below 1",
        lambda d: group(d, "mixed").__setitem__("concurrency", {"slowdown": [0.8, 1.0]}),
        ["concurrency.slowdown[0] = 0.8", "[1, 100]"],
    ),
    (
        "a slowdown that decreases",
        lambda d: group(d, "mixed").__setitem__("concurrency", {"slowdown": [1.0, 1.5, 1.2]}),
        ["concurrency.slowdown", "[1.0, 1.5, 1.2] must not decrease"],
    ),
    (
        "concurrency without a chat skill",
        lambda d: group(d, "phone").__setitem__("concurrency", {"slowdown": [1.0, 1.2]}),
        ["agent group 'phone'", "concurrency applies to chats"],
    ),
    (
        "a skill multiplier of 0",
        lambda d: group(d, "mixed")["skills"].__setitem__(1, {"contact_type": "chat", "handle_time_multiplier": 0}),
        ["skills[1].handle_time_multiplier = 0", "(0, 100]"],
    ),
    (
        "a skill multiplier above 100",
        lambda d: group(d, "mixed")["skills"].__setitem__(1, {"contact_type": "chat", "handle_time_multiplier": 101}),
        ["handle_time_multiplier = 101", "(0, 100]"],
    ),
    (
        "a callback on deferred work",
        lambda d: contact(d, "email").__setitem__("callback", {"offer_above": 60, "accept": 0.5}),
        ["'email' is deferred work", "remove callback"],
    ),
    (
        "a callback accepted by more than everyone",
        lambda d: contact(d, "chat").__setitem__("callback", {"offer_above": 60, "accept": 1.5}),
        ["callback.accept = 1.5", "(0, 1]"],
    ),
    (
        "patience on deferred work",
        lambda d: contact(d, "email").__setitem__("patience", 600),
        ["'email' is deferred work", "remove patience"],
    ),
    (
        "redials without patience",
        lambda d: contact(d, "chat").update(patience=None, routing={"retry": 0.2, "retry_delay": 60}),
        ["'chat'", "routing.retry applies to abandoners"],
    ),
    (
        "a reserve above the group's headcount",
        lambda d: contact(d, "chat").__setitem__("router", {"reserve": {"mixed": 5}}),
        ["'chat'", "router.reserve keeps 5 agents of group 'mixed'", "at most 4 staff"],
    ),
    (
        "a reserve in a group that does not serve the type",
        lambda d: contact(d, "chat").__setitem__("router", {"reserve": {"phone": 1}}),
        ["'chat'", "reserve names ['phone']"],
    ),
    (
        "a blending threshold at the group's headcount",
        lambda d: group(d, "mixed").__setitem__("blending", {"idle_above": 4}),
        ["agent group 'mixed'", "blending.idle_above = 4", "at most 4 staff", "never take deferred work"],
    ),
    (
        "blending in a group without deferred work",
        lambda d: group(d, "phone").__setitem__("blending", {"idle_above": 1}),
        ["agent group 'phone'", "blending", "at least one deferred contact type"],
    ),
    (
        "overflow delays that decrease",
        lambda d: contact(d, "general by phone").__setitem__("router", {"overflow_after": [60, 30]}),
        ["router.overflow_after", "must not decrease"],
    ),
    (
        "overflow delays of the wrong number",
        lambda d: contact(d, "general by phone").__setitem__("router", {"overflow_after": [10, 20]}),
        ["'general by phone'", "overflow_after has 2 delays; expected 1"],
    ),
    (
        "a negative overflow delay",
        lambda d: contact(d, "general by phone").__setitem__("router", {"overflow_after": [-5]}),
        ["overflow_after[0] = -5", "duration"],
    ),
    (
        "shares of a channel's contact types that do not sum to 1",
        lambda d: contact(d, "billing by phone").__setitem__("share", 0.5),
        ["channel 'phone'", "summing to 1.1", "must sum to 1"],
    ),
    (
        "a desk channel that also names an entry stage",
        lambda d: d["demand"]["channels"][1].__setitem__("entry_stage", "back office"),
        ["channel 'chat'", "remove its entry_stage 'back office'"],
    ),
    (
        "routing to an unknown stage",
        lambda d: contact(d, "chat").__setitem__("routing", {"escalate": {"supervisor": 0.2}}),
        ["'chat'", "unknown stages ['supervisor']"],
    ),
    (
        "a stage nothing reaches once the desk takes every channel",
        lambda d: contact(d, "billing by phone").pop("routing"),
        ["['back office'] receive no contacts"],
    ),
    (
        "a contact type that repeats for ever",
        lambda d: contact(d, "chat").__setitem__("routing", {"repeat": 1.0}),
        ["'chat' routes every contact onward in a loop"],
    ),
    (
        "a group's per-interval staff of the wrong length",
        lambda d: group(d, "phone").__setitem__("staff", [3] * 5),
        ["agent group 'phone': staff has 5 values", "24 (one day of 60-minute intervals)"],
    ),
    (
        "an unknown field of a group",
        lambda d: group(d, "phone").__setitem__("skill", ["chat"]),
        ["service_desk.groups[0] (phone).skill"],
    ),
]


@pytest.mark.parametrize("fn, fragments", [(fn, f) for _, fn, f in IMPOSSIBLE], ids=[i for i, _, _ in IMPOSSIBLE])
def test_an_impossible_desk_is_refused_naming_what_is_wrong(fn, fragments):
    message = refusal(mutated(fn))
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in: {message}"


def test_the_example_loads_and_survives_yaml_and_json(tmp_path):
    s = Scenario.load(OMNICHANNEL)
    assert s.service_desk is not None
    assert [g.name for g in s.service_desk.groups] == ["phone agents", "phone and chat agents", "back office"]
    assert {c.kind for c in s.demand.channels} == {"phone", "chat", "email"}
    for suffix in (".yaml", ".json"):
        assert Scenario.load(s.save(tmp_path / f"again{suffix}")) == s
    # every number is sourced or labelled illustrative: the notes say so
    assert "illustrative" in s.notes and len(s.sources) >= 5


def test_the_example_holds_the_published_numbers_its_sources_name():
    s = Scenario.load(OMNICHANNEL)
    types = {t.name: t for t in s.service_desk.contact_types}
    groups = {g.name: g for g in s.service_desk.groups}
    general = types["general by phone"]
    # Anonymous Bank, January 1999 (Brown et al. 2005): mean service time 185.3 s, lognormal; patience 370 s
    assert general.handle_time.kind == "lognormal" and round(general.handle_time.mean) == 185
    assert all(t.patience.mean == 370 for t in types.values() if t.channel == "phone")
    # SQM Group: average first-contact resolution 67-72 %; 70 % of each phone type resolved at the desk
    for t in types.values():
        if t.channel == "phone":
            assert 1 - t.routing.routed_share == pytest.approx(0.70)
    # source document 003: 13.55 USD an hour for phone agents
    assert groups["phone agents"].hourly_wage == 13.55 and s.organisation.currency == "USD"


def test_the_multiskill_example_is_one_of_the_examples():
    assert "omnichannel_phone_chat_email" in sd.example_names()
    assert sd.multiskill_example_names() == ["omnichannel_phone_chat_email"]
    assert sd.load_example("omnichannel_phone_chat_email") == Scenario.load(OMNICHANNEL)
    assert sd.example_names() == sorted(p.stem for p in (ROOT / "datasets" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SINGLE_SKILL, ids=[p.stem for p in SINGLE_SKILL])
def test_single_skill_scenarios_mean_what_they_meant(path):
    """No desk is read into an old file, writing it adds none, and an explicit ``service_desk: null`` is
    the same scenario with the same arrays."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    s = Scenario.load(path)
    assert s.service_desk is None and "service_desk" not in s.to_dict()
    assert s.to_dict() == Scenario.from_dict(s.to_dict()).to_dict()
    assert set(s.to_dict()) <= set(data) | {"segments", "targets"}
    explicit = Scenario.from_dict({**data, "service_desk": None})
    assert explicit == s
    a, b = expand(s), expand(explicit)
    for field in ("arrivals", "staff", "agents", "handle_mean", "patience_mean", "move", "entry"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))


def test_an_agent_group_staff_means_what_a_stage_staff_means():
    shifts = [
        {"start": "08:00", "hours": 8, "count": 5, "days": [0, 1, 2, 3, 4]},
        {"start": "20:00", "hours": 10, "count": 2},
    ]
    g = AgentGroup.model_validate({"name": "g", "staff": shifts, "staff_adjustment": -1, "skills": ["x"]})
    st_ = Stage.model_validate({"name": "s", "staff": shifts, "staff_adjustment": -1, "handle_time": 60})
    for minutes in (15, 30, 60):
        np.testing.assert_array_equal(staff_per_period(g, minutes), staff_per_period(st_, minutes))


def test_expand_refuses_a_desk_for_every_reader():
    with pytest.raises(InputError, match="not yet supported by this view"):
        expand(Scenario.from_dict(small()))


# ------------------------------------------------------------------------------ property: any valid desk
KINDS = ("phone", "chat", "email")


@st.composite
def desks(draw: st.DrawFn) -> dict:
    """A random small valid scenario with a desk: 1–3 channels, 1–4 contact types, 1–3 groups."""
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
    types: list[dict] = []
    for kind in kinds:
        n = draw(st.integers(1, 2))
        shares = [0.5, 0.5] if n == 2 else [1.0]
        for i in range(n):
            t: dict[str, Any] = {
                "name": f"{kind} {i}",
                "channel": kind,
                "share": shares[i],
                "handle_time": draw(st.floats(10, 3600)),
            }
            if kind == "email":
                t["deferred"] = True
            else:
                if draw(st.booleans()):
                    t["patience"] = draw(st.floats(1, 3600))
                if draw(st.booleans()):
                    t["callback"] = {"offer_above": draw(st.floats(0, 600)), "accept": draw(st.floats(0.01, 1))}
                t["router"] = {"priority": draw(st.integers(0, 5))}
            types.append(t)
    names = [t["name"] for t in types]
    n_groups = draw(st.integers(1, 3))
    skills = [
        draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)) for _ in range(n_groups)
    ]
    for name in names:  # every contact type served by some group
        if not any(name in s for s in skills):
            skills[draw(st.integers(0, n_groups - 1))].append(name)
    groups = []
    for i, held in enumerate(skills):
        staff = draw(st.integers(1, 30))
        g: dict[str, Any] = {
            "name": f"group {i}",
            "staff": staff,
            "shrinkage": draw(st.floats(0, 0.5)),
            "skills": [
                n if draw(st.booleans()) else {"contact_type": n, "handle_time_multiplier": draw(st.floats(0.5, 2))}
                for n in held
            ],
        }
        if any(n.startswith("chat") for n in held) and draw(st.booleans()):
            g["concurrency"] = {"slowdown": sorted(draw(st.lists(st.floats(1, 3), min_size=1, max_size=4)))}
        deferred = [n.startswith("email") for n in held]
        if any(deferred) and not all(deferred) and draw(st.booleans()):
            g["blending"] = {"idle_above": draw(st.integers(0, staff - 1))}
        groups.append(g)
    for t in types:
        able = [g["name"] for g, held in zip(groups, skills, strict=True) if t["name"] in held]
        if draw(st.booleans()):
            order = draw(st.permutations(able))
            t.setdefault("router", {})["groups"] = list(order)
            t["router"]["overflow_after"] = sorted(
                draw(st.lists(st.floats(0, 600), min_size=len(able) - 1, max_size=len(able) - 1))
            )
            first = groups[[g["name"] for g in groups].index(order[0])]
            t["router"]["reserve"] = {order[0]: draw(st.integers(0, first["staff"]))}
    types[0]["routing"] = {"transfer": {"back office": 0.1}}  # the chain's one stage must receive contacts
    return {
        "name": "random desk",
        "demand": {"channels": [{"name": k, "kind": k, "weekly_volume": 100} for k in kinds]},
        "stages": [{"name": "back office", "staff": 1, "handle_time": 600, "deferred": True}],
        "service_desk": {"contact_types": types, "groups": groups},
    }


@settings(derandomize=True, max_examples=60)
@given(desks())
def test_any_valid_desk_survives_yaml_and_json(data):
    s = Scenario.from_dict(data)
    assert isinstance(s.service_desk, ServiceDesk)
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".yaml", ".json"):
            again = Scenario.load(s.save(Path(folder) / f"desk{suffix}"))
            assert again == s
            assert again.to_dict() == s.to_dict()


# ------------------------------------------------------------------------ levers reach the desk's groups
@pytest.mark.parametrize("people", [2.0, -1.5])
def test_a_staff_change_of_an_agent_group_is_counted_in_people_like_a_stage(people):
    s = Scenario.load(OMNICHANNEL)
    minutes = s.demand.interval_minutes
    before = s.service_desk.groups[1]
    after = s.with_staff_change({before.name: people}).service_desk.groups[1]
    # FTE: paid hours a week change by people × contract hours (svcdesign.model.roster)
    assert paid_hours(after, minutes) == pytest.approx(paid_hours(before, minutes) + people * s.contract_hours())
    # the same roster on a stage changes the same way
    stage = Stage.model_validate({"name": "s", "staff": before.model_dump()["staff"], "handle_time": 60})
    np.testing.assert_allclose(
        staff_per_period(after, minutes),
        staff_per_period(stage.model_copy(update=staff_change_values(stage, people, s)), minutes),
    )
    seats = s.with_staff_change({before.name: 1}, unit="seats").service_desk.groups[1]
    assert seats.staff_adjustment == before.staff_adjustment + 1


def staff_change_values(stage: Stage, people: float, s: Scenario) -> dict:
    from svcdesign.model.roster import staff_change

    new = staff_change(
        stage, people, unit="fte", contract_hours=s.contract_hours(), interval_minutes=s.demand.interval_minutes
    )
    return {"staff": Stage.model_validate({"name": "s", "staff": new["staff"], "handle_time": 60}).staff}


def test_a_staff_change_names_an_unknown_team_clearly():
    s = Scenario.load(OMNICHANNEL)
    with pytest.raises(InputError, match="a stage or agent group of this scenario"):
        s.with_staff_change({"nobody": 1})
    with pytest.raises(InputError, match="staff change of agent group 'back office'"):
        s.with_staff_change({"back office": -100})


def test_overrides_reach_the_desk_by_name():
    s = Scenario.load(OMNICHANNEL)
    v = s.with_overrides(
        {
            "service_desk.groups.phone and chat agents.concurrency.slowdown": [1.0, 1.5],
            "service_desk.contact_types.billing by chat.router.reserve.phone and chat agents": 2,
        }
    )
    assert v.service_desk.groups[1].concurrency.limit == 2
    assert v.service_desk.contact_types[2].router.reserve == {"phone and chat agents": 2}
    with pytest.raises(InputError, match="must not decrease"):
        s.with_overrides({"service_desk.groups.phone and chat agents.concurrency.slowdown": [2, 1]})


def test_an_agent_group_may_not_share_a_stage_name():
    data = small()
    data["service_desk"]["groups"][0]["name"] = "back office"
    for t in data["service_desk"]["contact_types"]:
        t.pop("router", None)
    assert "agent groups and stages share the names ['back office']" in refusal(data)
