"""Hostile-input fuzzing, the bounded sample ``make test`` runs (``make fuzz`` runs thousands of cases).

Hypothesis draws cases (derandomised by the ``svcdesign`` profile in ``conftest.py``) from the case
lists of :mod:`fuzzing`: one mutated field of an example scenario, one mutated cell, column or encoding
of the example contact log, one CLI subcommand against a hostile file or argument. Every case must end
``valid`` (finite figures, or non-finite ones flagged and warned) or ``rejected`` (one clear
:class:`svcdesign.InputError`); the judge is :func:`fuzzing.run_case`, whose rules the tests below
also check on inputs with a known verdict, so a judge that passes everything would fail here.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pytest
from fuzzing import (
    CASE_SECONDS,
    EXAMPLES,
    PAYLOAD,
    Case,
    Finding,
    all_cases,
    check_html,
    nonfinite_problems,
    run_case,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcdesign as sd

CASES = all_cases()
BY_TARGET = {t: [c for c in CASES if c.target == t] for t in ("scenario", "log", "cli")}
HANG_SECONDS = 3 * CASE_SECONDS
"""In-process cases cannot be killed: a case this slow fails as a hang (``make fuzz`` kills at
:data:`fuzzing.CASE_SECONDS`)."""

FUZZ = settings(max_examples=100, suppress_health_check=list(HealthCheck), database=None)


def _judge(case: Case) -> None:
    start = time.perf_counter()
    outcome, detail = run_case(case)
    seconds = time.perf_counter() - start
    assert outcome in ("valid", "rejected"), f"{case.base}: {case.mutation} -> {outcome}: {detail}"
    assert seconds < HANG_SECONDS, f"{case.base}: {case.mutation} took {seconds:.0f} s"


def test_case_lists_are_large_and_unambiguous():
    counts = Counter(c.target for c in CASES)
    assert counts["scenario"] > 5000 and counts["log"] > 500 and counts["cli"] > 100, counts
    keys = [(c.target, c.base, c.mutation) for c in CASES]
    assert len(keys) == len(set(keys)), "two cases share a description: one would never run"
    assert {c.base for c in BY_TARGET["scenario"]} == set(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES)
def test_fuzz_scenarios(example):
    cases = [c for c in BY_TARGET["scenario"] if c.base == example]

    @FUZZ
    @given(st.sampled_from(cases))
    def check(case):
        _judge(case)

    check()


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(BY_TARGET["log"]))
def test_fuzz_contact_logs(case):
    _judge(case)


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(BY_TARGET["cli"]))
def test_fuzz_command_line(case):
    _judge(case)


@pytest.mark.parametrize(
    "mutation",
    [
        "structure: script payload in every text field",
        "structure: zero staff everywhere",
        "structure: staff adjustment 1e15",
        "structure: handle time one year",
    ],
)
def test_fuzz_named_scenario_cases(mutation):
    """The cases behind defects 1, 3, 4 and 7 of the hostile-input issue run on every example."""
    for example in EXAMPLES:
        _judge(Case("scenario", example, mutation, mutation))


@pytest.mark.parametrize(
    "mutation",
    ["evaluate billion laughs", "evaluate deep nesting YAML", "evaluate huge", "validate --show -5", "report payload"],
)
def test_fuzz_named_cli_cases(mutation):
    _judge(Case("cli", "svcdesign", mutation, mutation))


# ----------------------------------------------------------------------------- the judge itself
def _results(values: list[float], overloaded: list[float], warnings: list[str]) -> sd.Results:
    from svcdesign.results.schema import LongBuilder

    frame = (
        LongBuilder("x", "analytic")
        .add(["desk"], {"asa": np.array([values]), "overloaded": np.array([overloaded])})
        .frame()
    )
    return sd.Results(frame, period_minutes=15.0, meta={"warnings": list(warnings)})


def test_judge_finds_an_unflagged_infinity():
    results = _results([1.0, np.inf], [0.0, 0.0], [])
    problems = nonfinite_problems(results)
    assert problems and "'desk'" in problems[0]


def test_judge_accepts_a_flagged_and_warned_infinity():
    results = _results([1.0, np.inf], [0.0, 1.0], [])
    assert any("desk" in w for w in results.warnings)  # Results adds the warning naming the flagged stage
    assert nonfinite_problems(results) == []


def test_judge_finds_a_raw_payload():
    with pytest.raises(Finding) as info:
        check_html(f"<p>{PAYLOAD}</p>", "page")
    assert info.value.kind == "payload"
