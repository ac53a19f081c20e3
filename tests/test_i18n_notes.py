"""Notes and warnings in Arabic and Persian: the dynamics engine's, the contact-log readers' and the calibration's,
compare's, the forecast's, the customer response's fallbacks and the desk's simulation-fill label. Each is made
where it is found as a :class:`~svcdesign.i18n.phrases.Phrase` (its English text as before) and reads in Arabic and
Persian with no English left but the names and code it quotes, its numbers in the language's digits.

The logs: the shipped example log (datasets/examples) and, when ../shared/data is present, the first week of the
Anonymous Bank's January 1999 (PHANTOM calls, malformed rows, zero handle times)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from babel.messages.pofile import read_po
from helpers import one_stage

from svcdesign.data import read_contact_log
from svcdesign.data.calibrate import _handle_profile, _patience, _unknown_priority_note, calibrate
from svcdesign.data.logs import plain_reason, reason_phrase
from svcdesign.data.validation import validate_contact_log
from svcdesign.datasets import example_contact_log_path
from svcdesign.engines.analytic import evaluate
from svcdesign.engines.analytic_desk import FILL_LABEL, method_label
from svcdesign.engines.dynamics import run_dynamics
from svcdesign.engines.dynamics.fit import _covariance
from svcdesign.explore.compare import compare
from svcdesign.explore.review import Wording
from svcdesign.forecast import DemandHistory, forecast_demand
from svcdesign.i18n import LOCALE, Translator
from svcdesign.i18n.numbers import local_digits
from svcdesign.i18n.phrases import Phrase
from svcdesign.model.examples import load_example
from svcdesign.present.report import _ENGLISH, _calibration, _left_out
from svcdesign.response import assess
from svcdesign.results import Results

TRANSLATED = ("ar", "fa")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CODE = re.compile(r"'[^']*'|\w+=\w+|[A-Za-z_]\w*(?:\.\w+)+|\w*_\w*")
"""What a note quotes as written: a name in quotes, ``key=value``, a dotted or snake_case code name."""
KEPT = ("PHANTOM", "UTC", "Results")
"""Latin words the notes keep: the data's own label, a time standard, a class name."""
JANUARY = Path(__file__).resolve().parents[2] / "shared/data/anonymous_bank_1999/january_1999.txt"


def english_left(text: str, kept: tuple[str, ...] = ()) -> set[str]:
    """Latin words of ``text`` outside what it quotes as written and apart from ``kept`` (names)."""
    return set(LATIN_WORD.findall(CODE.sub("", text))) - set(KEPT) - set(kept)


def check(notes, kept: tuple[str, ...] = ()) -> None:
    """Every note is a Phrase with its English text, and in Arabic and Persian has no English left."""
    assert notes
    for note in notes:
        assert isinstance(note, Phrase), note
        assert note.in_language("en") == str(note)
        for language in TRANSLATED:
            text = note.in_language(language)
            assert not english_left(text, kept), (language, text)


# ------------------------------------------------------------------------------------------------ catalogues
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_notes_catalogue_is_written_in_the_language(language):
    with (LOCALE / language / "notes.po").open("rb") as handle:
        entries = [m for m in read_po(handle, locale=language) if m.id]
    assert len(entries) > 40
    for m in entries:
        text = re.sub(r"\{\w+\}", "", m.string)
        assert not english_left(text), (m.id, m.string)
        if re.sub(r"\{\w+\}", "", m.id).strip(" :×"):  # a text, not only placeholders
            assert m.string != m.id


# ------------------------------------------------------------------------------------------- logs, calibration
@pytest.fixture(scope="module")
def example_log():
    return read_contact_log(example_contact_log_path())


def test_the_example_logs_notes_and_calibration_warnings_read_in_the_language(example_log):
    _, report = calibrate(example_log, staffing="busy")
    check(example_log.warnings)
    check(report.warnings)
    rows = next(w for w in report.warnings if "rows excluded" in w)
    for language in TRANSLATED:  # the count of the log's excluded rows, in the language's digits
        assert local_digits(str(len(example_log.excluded)), language) in rows.in_language(language)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_reports_points_to_check_in_the_log_read_in_the_language(example_log, language):
    _, report = calibrate(example_log)
    html = _calibration(report, Wording(language))
    checks = html.split("class='check'>", 1)[1]
    assert "lang='en'" not in checks
    assert not english_left(re.sub(r"<[^>]*>", "", checks))
    method = Translator(language)(report.staffing_method)  # how the staff on duty was estimated, named
    assert method != report.staffing_method and method in html


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_reasons_rows_were_left_out_read_in_the_language(example_log, language):
    excluded = example_log.validation_report().query("status == 'excluded'")
    shown = _left_out(excluded, Wording(language))
    assert len(excluded) >= 3 and not english_left(shown) and _ENGLISH[0] not in shown
    assert _left_out(excluded, Wording("en")) == "; ".join(  # English: as the log's reader wrote them
        f"{plain_reason(what)} ({rows})" for what, rows in zip(excluded["what"], excluded["rows"], strict=True)
    )
    custom = pd.DataFrame({"what": ["a custom reader's reason"], "rows": [2]})  # not one of the readers' own
    assert _left_out(custom, Wording(language)) == _ENGLISH[0] + "a custom reader's reason (2)" + _ENGLISH[1]


@pytest.fixture(scope="module")
def bank_week(tmp_path_factory):
    if not JANUARY.is_file():
        pytest.skip("../shared/data (Anonymous Bank 1999) is not present")
    lines = JANUARY.read_text().splitlines()
    path = tmp_path_factory.mktemp("bank") / "first_week.txt"
    path.write_text("\n".join([lines[0]] + [x for x in lines[1:] if x.split("\t")[5] <= "990107"]) + "\n")
    return read_contact_log(path, "anonymous_bank")


@pytest.mark.parametrize("staffing", ["shifts", "busy"])
def test_the_bank_logs_notes_and_calibration_warnings_read_in_the_language(bank_week, staffing):
    _, report = calibrate(bank_week, staffing=staffing)
    check(report.warnings)
    excluded = report.validation.query("status == 'excluded' and rows > 0")
    assert len(excluded) >= 2 and all(isinstance(reason_phrase(plain_reason(w)), Phrase) for w in excluded["what"])
    assert any("PHANTOM" in w for w in report.warnings) and any("zero handle time" in w for w in report.warnings)


def test_a_segment_made_by_its_outcome_is_noted_in_the_language():
    contacts = pd.DataFrame({"priority": [np.nan] * 4 + [1.0] * 4, "wait": [0, 0, 0, 5, 9, 8, 7, 0]})
    (note,) = _unknown_priority_note(contacts)
    check([note])
    assert "25%" in note and local_digits("25", "fa") + "٪" in note.in_language("fa")  # 1 of the 4 waited


def test_patience_without_abandonment_and_a_capped_handle_profile_are_noted_in_the_language():
    warnings: list[str] = []
    contacts = pd.DataFrame({"wait": [3.0, 0.0, 12.0], "outcome": ["answered"] * 3})
    _patience(contacts, "test", warnings)
    arrival = pd.to_datetime(["2024-01-01 09:00"] * 40 + ["2024-01-01 10:00"] * 40)
    answered = pd.DataFrame({"arrival": arrival, "handle": [1e5] * 40 + [60.0] * 40})
    _handle_profile(answered, 60, 60.0, warnings)
    check(warnings)
    assert any("Erlang C" in w for w in warnings) and any("handle-time profile" in w for w in warnings)


# ------------------------------------------------------------------------------------------------- dynamics
def test_a_stage_held_constant_is_noted_in_the_language():
    check(run_dynamics(one_stage(staff=0.0), weeks=4).warnings)


def test_uninformed_and_collinear_parameters_are_noted_in_the_language():
    column = np.linspace(1.0, 2.0, 20)
    uninformed = SimpleNamespace(jac=np.c_[column, np.zeros(20)], fun=np.ones(20))
    collinear = SimpleNamespace(jac=np.c_[column, column], fun=np.ones(20))
    notes = _covariance(uninformed, ("a_rate", "b_delay"))[1] + _covariance(collinear, ("a_rate", "b_delay"))[1]
    assert len(notes) == 2 and "b_delay" in notes[0]
    check(notes)


# ------------------------------------------------------------------------------------------ compare, response
def test_compares_notes_read_in_the_language():
    base = load_example("omnichannel_phone_chat_email")
    cut = base.with_staff_change({base.stages[0].name: -2}, name="cut")
    result = compare(base, cut)
    check(result.notes, ("cut",))
    year = next(n for n in result.notes if n.startswith("money over a year"))
    assert Translator("fa")("typical week") in year.in_language("fa")


def test_the_responses_fallbacks_say_why_in_the_language():
    scenario = one_stage()
    results = evaluate(scenario)
    keep = {"arrivals", "asa", "p_abandon", "service_level", "staff", "customers", "contacts_per_resolution"}
    data = results.data[results.data["metric"].isin(keep)].reset_index(drop=True)
    assessed = assess(scenario, Results(data, results.period_minutes, {"engine": "analytic", "warnings": []}))
    fallbacks = [w for w in assessed.warnings if "not reported by the engine" in w]
    assert {"occupancy", "p_wait"} <= {re.search(r"'(\w+)'", w).group(1) for w in fallbacks}
    check(fallbacks)


# ------------------------------------------------------------------------------------------------- forecast
def test_the_forecasts_notes_read_in_the_language():
    days = pd.date_range("2024-01-01", periods=70, freq="D").delete([20, 21])
    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        {
            "timestamp": [d + pd.Timedelta(hours=h) for d in days for h in range(24)],
            "count": rng.poisson(20, len(days) * 24),
        }
    )
    history = DemandHistory.from_counts(table)
    check(history.warnings)
    assert local_digits("2024-01-21", "ar") in history.warnings[0].in_language("ar")
    check(forecast_demand(history, 7, method="weekly_profile").warnings)
    check(forecast_demand(history, 7, method="daily_sarimax", country="IL").warnings)


# ----------------------------------------------------------------------------------------------- desk labels
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_desks_simulation_fill_label_reads_in_the_language(language):
    label = str(np.array([FILL_LABEL])[0])  # as an array keeps it: its English text only
    shown = method_label(label, language)
    assert not english_left(shown) and local_digits("5", language) in shown
    assert method_label(label, "en") == label
    assert method_label("simulation", language) == Translator(language)("simulation")


@pytest.mark.parametrize("zone", ["Asia/Tehran", "UTC+03:30"])
def test_a_logs_time_zone_is_noted_in_the_language(zone):
    tz = datetime.timezone(datetime.timedelta(hours=3, minutes=30)) if zone.startswith("UTC") else zone
    start = pd.Timestamp("2024-03-30 09:00", tz=tz)
    end = start + pd.Timedelta(300, "s")
    frame = pd.DataFrame(
        {"contact_id": "C1", "arrival": [start], "service_start": [start], "service_end": [end], "outcome": "answered"}
    )
    log = validate_contact_log(frame)
    check(log.warnings, ("Asia", "Tehran"))
    if not zone.startswith("UTC"):
        assert zone in log.warnings[0].in_language("ar")
    else:  # the offset, in the language's digits
        assert local_digits("03:30", "fa") in log.warnings[0].in_language("fa")


def test_a_conversion_across_a_clock_change_is_noted_in_the_language(tmp_path):
    path = tmp_path / "offsets.csv"
    lines = [
        "contact_id,arrival,queue_entry,queue_exit,service_start,service_end,outcome",
        "C1,2024-03-30T09:00:00+01:00,,,2024-03-30T09:00:00+01:00,2024-03-30T09:05:00+01:00,answered",
        "C2,2024-03-31T09:00:00+02:00,,,2024-03-31T09:00:00+02:00,2024-03-31T09:05:00+02:00,answered",
    ]
    path.write_text("\n".join(lines) + "\n")
    check(read_contact_log(path, tz="Europe/Paris").warnings, ("Europe", "Paris"))
