"""Hostile and broken contact logs: a valid result, or one clear InputError naming the file, the line,
the column, the value and what is allowed — never a traceback from csv, pandas or numpy (issue 11)."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import pathlib
import sys
import types
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign import Scenario
from svcdesign.data import calibrate, read_contact_log, validate_contact_log
from svcdesign.errors import InputError
from svcdesign.explore import backtest
from svcdesign.present import backtest_figure

HEADER = "contact_id,arrival,queue_entry,queue_exit,service_start,service_end,outcome,agent,segment,priority"
ROW = (
    "{id},2024-03-04 08:{m:02d}:00,2024-03-04 08:{m:02d}:00,2024-03-04 08:{m:02d}:20,2024-03-04 08:{m:02d}:20,"
    "2024-03-04 08:{e:02d}:20,answered,ann,retail,1"
)
PAYLOAD = "<img src=x onerror=alert(1)>"


def good_rows(n: int = 4) -> list[str]:
    return [ROW.format(id=f"C{i}", m=i, e=i + 3) for i in range(n)]


def write(tmp_path, content: str | bytes, name: str = "log.csv") -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def refused(path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_contact_log(path, **kwargs)
    return info.value


# ----------------------------------------------------------------------------- text encoding
def test_bytes_that_are_not_utf8_are_refused_naming_line_and_column(tmp_path):
    rows = good_rows()
    rows[1] = rows[1].replace(",ann,", ",\udcff\udcfe,")  # the bytes 0xff 0xfe in the agent field
    path = write(tmp_path, csv_text(*rows).encode("utf-8", "surrogateescape"))
    error = refused(path)
    assert error.source == f"{path}, line 3"
    assert error.field == "column 'agent'"
    assert "UTF-8" in error.allowed


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = write(tmp_path, csv_text(*good_rows()).encode("utf-16"))
    log = read_contact_log(path)
    assert len(log.data) == 4 and log.excluded.empty
    assert log.data["handle"].tolist() == [180.0] * 4


def test_nul_characters_are_refused_naming_line_and_column(tmp_path):
    rows = good_rows()
    rows[2] = rows[2].replace("retail", "ret\x00ail")
    error = refused(write(tmp_path, csv_text(*rows)))
    assert error.source.endswith(", line 4") and error.field == "column 'segment'"
    assert "NUL" in error.allowed
    no_bom = refused(write(tmp_path, csv_text(*good_rows()).encode("utf-16-le"), "utf16.csv"))
    assert "UTF-16 without a byte-order mark" in no_bom.allowed and no_bom.field == "header"


# ------------------------------------------------------------------------------- time zones
def test_utc_offsets_without_tz_are_one_error_naming_column_line_and_tz(tmp_path):
    rows = [
        "C1,2024-03-04T08:00:00+00:00,,,,,other,,,",
        "C2,2024-03-04T08:05:00+00:00,,,,,other,,,",
        "C3,2024-03-04T08:10:00+05:00,,,,,other,,,",
    ]
    error = refused(write(tmp_path, csv_text(*rows)))
    assert error.field == "column 'arrival'" and error.source.endswith(", line 2")
    assert error.value == "2024-03-04T08:00:00+00:00" and "3 times" in error.allowed and "tz=" in error.allowed
    naive_and_aware = ["C1,2024-03-04 08:00:00,,,,,other,,,", "C2,2024-03-04T09:00:00Z,,,,,other,,,"]
    error = refused(write(tmp_path, csv_text(*naive_and_aware), "mixed.csv"))
    assert "first on line 3" in error.allowed and error.source.endswith(", line 3")


def test_mixed_offsets_are_converted_to_the_centres_zone_and_naive_times_taken_as_local(tmp_path):
    rows = [
        "C1,2024-03-04T13:00:00+00:00,,,,,other,,,",  # 08:00 in New York (EST, -05:00)
        "C2,2024-03-04T08:05:00-05:00,,,,,other,,,",
        "C3,2024-03-04T14:10:00+01:00,,,,,other,,,",  # 08:10 in New York
        "C4,2024-03-04 08:15:00,,,,,other,,,",  # no offset: local already
        "C5,2024-07-04T12:00:00Z,,,,,other,,,",  # summer: EDT, -04:00
    ]
    log = read_contact_log(write(tmp_path, csv_text(*rows)), tz="America/New_York")
    assert log.data["arrival"].dt.strftime("%m-%d %H:%M").tolist() == [
        "03-04 08:00",
        "03-04 08:05",
        "03-04 08:10",
        "03-04 08:15",
        "07-04 08:00",
    ]
    assert any("America/New_York" in w and "daylight saving" in w for w in log.warnings)


def test_one_offset_throughout_is_converted_with_tz(tmp_path):
    rows = [r.replace(":00,", ":00+05:00,").replace(":20,", ":20+0500,") for r in good_rows(2)]
    path = write(tmp_path, csv_text(*rows))
    assert "tz=" in refused(path).allowed
    log = read_contact_log(path, tz="Asia/Karachi")  # +05:00 all year
    assert log.data["arrival"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:01")]
    assert log.data["handle"].tolist() == [180.0, 180.0] and log.warnings == ()
    assert refused(path, tz="Mars/Olympus").field == "tz"


def test_offsets_differing_between_columns_of_an_in_memory_frame_are_refused():
    frame = pd.DataFrame(
        {
            "arrival": pd.to_datetime(["2024-03-04 08:00"]).tz_localize("UTC"),
            "service_start": pd.to_datetime(["2024-03-04 09:00"]).tz_localize("Europe/Paris"),
            "outcome": ["answered"],
        }
    )
    with pytest.raises(InputError) as info:
        validate_contact_log(frame, source="frame")
    assert "Europe/Paris" in info.value.allowed and info.value.field == "column 'service_start'"


# ------------------------------------------------------------------------------ time values
def test_dates_outside_the_supported_years_exclude_their_row(tmp_path):
    rows = good_rows(3)
    rows[0] = rows[0].replace("2024-03-04 08:00:00,", "1500-03-04 08:00:00,", 1)
    rows[1] = "C9,9999-12-31 23:59:59,,,,,other,,,"
    log = read_contact_log(write(tmp_path, csv_text(*rows)))
    reasons = dict(zip(log.excluded["line"], log.excluded["reason"], strict=True))
    assert reasons == {
        2: "arrival '1500-03-04 08:00:00' is outside the years 1900 to 2100",
        3: "arrival '9999-12-31 23:59:59' is outside the years 1900 to 2100",
    }
    assert log.data["line"].tolist() == [4]


def test_numbers_in_time_columns_exclude_their_row_with_the_rule(tmp_path):
    rows = [
        "C1,1709539200,,,,,other,,,",
        "C2,45355.5,,,,,other,,,",
        "C3,2024,,,,,other,,,",
        "C4,2024-03-04,,,,,other,,,",
        "C5,2024-03-04 08:00:00,,,,,other,,,",
    ]
    log = read_contact_log(write(tmp_path, csv_text(*rows)))
    reasons = log.excluded.set_index("contact_id")["reason"]
    for contact in ("C1", "C2", "C3"):
        assert "is a number, not a date and time (Unix timestamps" in reasons[contact]
    assert reasons["C4"].startswith("unparseable arrival '2024-03-04' (expected a date and a clock time")
    assert log.data["contact_id"].tolist() == ["C5"]


def test_hostile_priorities_exclude_their_row(tmp_path):
    values = ["1e400", "99999999999999999999", "-3", "nan", "inf", "1001", "1.5"]
    rows = [good_rows(1)[0].rsplit(",", 1)[0] + "," + v for v in values] + good_rows(1)
    log = read_contact_log(write(tmp_path, csv_text(*rows)))
    assert log.excluded["reason"].tolist() == [f"priority '{v}' is not a whole number from 0 to 1000" for v in values]
    assert log.data["priority"].tolist() == [1]


def test_durations_longer_than_a_year_exclude_their_row(tmp_path):
    rows = good_rows(2)
    rows[0] = (
        rows[0]
        .replace("answered", "abandoned")
        .replace("2024-03-04 08:00:20,2024-03-04 08:00:20,2024-03-04 08:03:20", "2025-06-01 08:00:20,,")
    )
    rows[1] = rows[1].replace("2024-03-04 08:04:20", "2026-03-04 08:04:20")
    log = read_contact_log(write(tmp_path, csv_text(*rows)))
    reasons = log.excluded["reason"].tolist()
    assert reasons[0].startswith("wait of ") and "longer than a year" in reasons[0]
    assert reasons[1].startswith("handle time of ") and "longer than a year" in reasons[1]


def test_a_reason_quoting_a_huge_field_is_bounded(tmp_path):
    rows = good_rows(2)
    rows[0] = rows[0].replace("answered", "x" * 100 * 1024)
    log = read_contact_log(write(tmp_path, csv_text(*rows)))
    reason = log.excluded["reason"].iloc[0]
    assert reason.startswith("unknown outcome 'xxx") and len(reason) < 200
    assert len(log.summary_text()) < 2000 and len(log._repr_html_()) < 5000


# ------------------------------------------------------------------------ header and mapping
@pytest.mark.parametrize(
    "header,field,allowed",
    [
        (HEADER + ",arrival", "column 11", "column 2 has it too"),
        (HEADER.replace(",agent,", ",,"), "column 8", "non-empty column name"),
        (HEADER + "," + ",".join(f"extra{i}" for i in range(600)), "header", "at most 500 columns"),
    ],
)
def test_bad_headers_are_refused_naming_the_column(tmp_path, header, field, allowed):
    error = refused(write(tmp_path, csv_text(*good_rows(), header=header)))
    assert error.field == field and allowed in error.allowed and error.source.endswith(", line 1")


def test_a_file_with_only_a_header_is_refused(tmp_path):
    error = refused(write(tmp_path, HEADER + "\r\n\r\n"))
    assert "at least one contact" in error.allowed


def test_file_columns_named_line_or_reason_are_kept_as_data(tmp_path):
    header = HEADER + ",line,reason"
    rows = [good_rows(1)[0] + ",7,billing", "C9,not a time,,,,,other,,,,8,moving"]
    log = read_contact_log(write(tmp_path, csv_text(*rows, header=header)))
    assert log.data["line"].tolist() == [2]
    assert log.excluded[["line", "line (file)", "reason (file)"]].values.tolist() == [[3, "8", "moving"]]


@pytest.mark.parametrize(
    "columns,field,allowed",
    [
        ({"arrival": "When", "queue_entry": "When"}, "columns['queue_entry']", "mapped to 'arrival'"),
        ({"arrival": "When", "outcome": "Missing"}, "columns['outcome']", "a column of the file"),
        ({"arrival": "When", "queue_exit": "Outcome"}, "columns['queue_exit']", "a column of the file"),
    ],
)
def test_column_mappings_must_name_distinct_columns_of_the_file(tmp_path, columns, field, allowed):
    path = write(tmp_path, "When,outcome\n2024-03-04 08:00:00,other\n")
    error = refused(path, **{"columns": columns})
    assert error.field == field and allowed in error.allowed and error.source == str(path)


def test_mapping_onto_a_column_the_file_also_has_is_refused(tmp_path):
    path = write(tmp_path, csv_text(*good_rows()))
    error = refused(path, columns={"arrival": "queue_entry"})
    assert error.field == "columns['arrival']" and "also has a column named 'arrival'" in error.allowed


# --------------------------------------------------------------------------- file problems
def test_a_field_over_the_csv_limit_is_refused_naming_line_and_column(tmp_path):
    rows = good_rows()
    rows[2] = rows[2].replace("retail", "y" * 140_000)
    error = refused(write(tmp_path, csv_text(*rows)))
    assert error.source.endswith(", line 4") and error.field == "column 'segment'"
    assert "at most 131,072 characters" in error.allowed


def test_directories_and_unreadable_files_are_refused(tmp_path, monkeypatch):
    assert "not a directory" in refused(tmp_path).allowed
    path = write(tmp_path, csv_text(*good_rows()))

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "open", denied)
    assert "Permission denied" in refused(path).allowed
    assert "Permission denied" in refused(path, schema="anonymous_bank").allowed


@pytest.mark.parametrize("schema", ["generic", "anonymous_bank"])
def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch, schema):
    from svcdesign.data.logs import MAX_LOG_BYTES

    path = tmp_path / "huge.csv"
    with open(path, "wb") as sparse:
        sparse.truncate(MAX_LOG_BYTES + 1)  # a sparse file: no disk used

    def no_reading(self, *args, **kwargs):
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    error = refused(path, schema=schema)
    assert f"{MAX_LOG_BYTES + 1:,} bytes" in error.allowed and f"at most {MAX_LOG_BYTES:,} bytes" in error.allowed


def test_a_broken_parquet_file_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", types.ModuleType("pyarrow"))  # pretend the package is present

    def broken(*args, **kwargs):
        raise OSError("Invalid: Parquet magic bytes not found in footer")

    monkeypatch.setattr(pd, "read_parquet", broken)
    path = write(tmp_path, b"not parquet", "log.parquet")
    error = refused(path)
    assert error.source is None and "magic bytes" in error.allowed
    duplicated = pd.DataFrame([["2024-03-04 08:00:00", "other", "x"]], columns=["arrival", "outcome", "arrival"])
    monkeypatch.setattr(pd, "read_parquet", lambda *a, **k: duplicated)
    assert "column 1 has it too" in refused(path).allowed


# ------------------------------------------------------------------------------------ HTML
def test_html_of_a_log_and_of_its_calibration_escapes_file_names_and_warnings(tmp_path):
    rows = [r.replace(":00,", ":00+05:00,").replace(":20,", ":20+05:00,") for r in good_rows(4)]
    rows[0] = (
        rows[0].replace("answered", "abandoned").replace("2024-03-04 08:00:20+05:00,2024-03-04 08:03:20+05:00", ",")
    )
    path = write(tmp_path, csv_text(*rows), f"{PAYLOAD}.csv")
    log = read_contact_log(path, tz="Asia/Karachi")
    assert PAYLOAD not in log._repr_html_() and "&lt;img" in log._repr_html_()
    scenario, report = calibrate(log)
    assert PAYLOAD not in report._repr_html_() and "&lt;img" in report._repr_html_()
    figure = backtest_figure(backtest(scenario, log))
    assert PAYLOAD not in figure.layout.title.text


# ----------------------------------------------------------------------------- Anonymous Bank
BANK_HEADER = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\t"
    "q_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver"
)
BANK_ROW = (
    "AA0101\t{id}\t111\t2\tPS\t990104\t9:00:00\t9:00:06\t6\t9:00:06\t9:01:06\t60\tAGENT\t9:01:05\t9:04:05\t180\t"
    "{server}"
)


def bank_file(tmp_path, *rows: str, header: str = BANK_HEADER):
    return write(tmp_path, ("\r\n".join([header, *rows]) + "\r\n").encode("latin-1"), "bank.txt")


def test_anonymous_bank_header_must_name_the_seventeen_fields_in_order(tmp_path):
    swapped = BANK_HEADER.replace("vru_entry\tvru_exit", "vru_exit\tvru_entry")
    path = bank_file(tmp_path, BANK_ROW.format(id=1, server="MICHAL"), header=swapped)
    error = refused(path, schema="anonymous_bank")
    assert error.field == "header field 7" and error.value == "vru_exit" and error.source == f"{path}, line 1"
    assert "at least one call" in refused(bank_file(tmp_path), schema="anonymous_bank").allowed


def test_anonymous_bank_hostile_rows_are_excluded_with_bounded_reasons(tmp_path):
    huge_date = BANK_ROW.format(id=2, server="MICHAL").replace("990104", "9" * 200_000)
    utf8 = BANK_ROW.format(id=3, server="MICHAL").replace("AGENT", "AGENT\u00e9")
    log = read_contact_log(
        bank_file(tmp_path, BANK_ROW.format(id=1, server="DARMON"), huge_date, utf8), schema="anonymous_bank"
    )
    assert log.rows_read == 3 and len(log.data) == 1
    reasons = log.excluded["reason"].tolist()
    assert reasons[0].startswith("unparseable date '999") and len(reasons[0]) < 200
    assert reasons[1].startswith("unknown outcome 'AGENT")


def test_anonymous_bank_names_seen_only_in_excluded_rows_are_pseudonymised(tmp_path):
    rows = [BANK_ROW.format(id=1, server="DARMON"), BANK_ROW.format(id=2, server="MICHAL").replace("AGENT", "LOST")]
    log = read_contact_log(bank_file(tmp_path, *rows), schema="anonymous_bank")
    assert "MICHAL" not in log.excluded.to_string()
    assert log.excluded["server"].tolist() == ["agent_02"] and log.data["agent"].tolist() == ["agent_01"]


# ----------------------------------------------------------------------- calibrate, backtest
def frame_log(rows: list[tuple], source: str = "log.csv"):
    """A validated in-memory log from (arrival, outcome, queue_exit, service_start, service_end[, agent, segment])."""
    columns = ["arrival", "outcome", "queue_exit", "service_start", "service_end", "agent", "segment"]
    defaults = ("a", "")  # agent, segment
    rows = [tuple(r) + defaults[len(r) - 5 :] for r in rows]
    return validate_contact_log(pd.DataFrame(rows, columns=columns), source=source)


T = "2024-03-04 08:00:00"


def answered(start: str = T, end: str = "2024-03-04 08:03:00", **kw) -> tuple:
    return (start, "answered", start, start, end, kw.get("agent", "a"), kw.get("segment", ""))


def loads_back(scenario: Scenario) -> None:
    again = Scenario.from_dict(scenario.to_dict())
    assert again == scenario


@pytest.mark.parametrize(
    "rows,field,value",
    [
        ([answered()], "answered contacts with positive handle times (service_start and service_end)", 1),
        (
            [(T, "abandoned", "2024-03-04 08:01:00", "", "")] * 3,
            "answered contacts with positive handle times (service_start and service_end)",
            0,
        ),
        (
            [(T, "answered", T, "", "")] * 3,
            "answered contacts with positive handle times (service_start and service_end)",
            0,
        ),
        ([("not a time", "answered", "", "", "")] * 3, "contacts asking for an agent (answered or abandoned)", 0),
    ],
)
def test_calibrate_says_what_a_degenerate_log_lacks(rows, field, value):
    with pytest.raises(InputError) as info:
        calibrate(frame_log(rows))
    assert info.value.field == field and info.value.value == value and info.value.source == "log.csv"


def abandoned_at_once(log):
    """``log`` with its zero-wait hang-ups labelled abandoned again (a log no reader gives: readers keep
    them apart), to reach calibration's own guard."""
    data = log.data.assign(outcome=log.data["outcome"].replace("hung_up_without_waiting", "abandoned"))
    return dataclasses.replace(log, data=data)


def test_a_zero_wait_hang_up_is_kept_apart_from_abandonment():
    rows = [answered(), answered(end="2024-03-04 08:05:00"), (T, "abandoned", T, "", "")]  # all in one second
    log = frame_log(rows)
    assert log.data["outcome"].tolist() == ["answered", "answered", "hung_up_without_waiting"]
    assert len(log.contacts) == 2 and log.data["wait"].iloc[2] == 0.0
    report = log.validation_report().set_index("what")["rows"]
    assert report["outcome hung_up_without_waiting"] == 1 and report["outcome abandoned"] == 0


def test_calibrate_refuses_abandonment_without_any_waiting():
    rows = [answered(), answered(end="2024-03-04 08:05:00"), (T, "abandoned", T, "", "")]  # all in one second
    with pytest.raises(InputError) as info:
        calibrate(abandoned_at_once(frame_log(rows)))
    assert "abandoned without waiting" in info.value.allowed


def test_equal_handle_times_give_an_exponential_without_numpy_warnings():
    log = frame_log([answered(), answered(), answered()])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario, report = calibrate(log)
    assert scenario.stages[0].handle_time.kind == "exponential" and scenario.stages[0].handle_time.mean == 180.0
    assert any("no lognormal fits them" in w for w in report.warnings)
    loads_back(scenario)


def test_a_log_spanning_fifty_years_calibrates_with_bounded_warnings():
    rows = [
        answered(
            f"{1975 + i}-03-0{1 + i % 7} 08:00:00", f"{1975 + i}-03-0{1 + i % 7} 08:0{1 + i % 9}:00", agent=f"agent {i}"
        )
        for i in range(50)
    ]
    scenario, report = calibrate(frame_log(rows))
    assert all(len(w) < 1000 for w in report.warnings)
    assert any("dates absent from the log" in w and "more" in w for w in report.warnings)
    assert np.isfinite(scenario.stages[0].staff).all() and max(scenario.stages[0].staff) > 0
    loads_back(scenario)


def test_patience_beyond_a_year_is_set_to_a_year_with_a_warning():
    rows = [(T, "answered", "2024-12-04 08:00:00", "2024-12-04 08:00:00", "2024-12-04 08:01:00", "a", "")] * 40
    rows.append((T, "abandoned", "2024-03-04 08:00:01", "", ""))
    scenario, report = calibrate(frame_log(rows))
    assert scenario.stages[0].patience.mean == 31_556_952.0
    assert any("longer than a year" in w for w in report.warnings)
    loads_back(scenario)


def test_a_handle_time_fit_outside_the_model_gives_way_to_the_other():
    rows = [answered(T, "2024-03-04 08:00:01")] * 2 + [answered(T, "2024-03-10 08:00:00")] * 2
    scenario, report = calibrate(frame_log(rows))
    assert scenario.stages[0].handle_time.kind == "exponential"
    assert report.handle_time.loc["lognormal", "mean_s"] > 31_556_952.0  # the better fit, out of range
    assert any("outside what a scenario holds" in w for w in report.warnings)
    loads_back(scenario)


@pytest.mark.parametrize(
    "segments,field,allowed,source",
    [
        (["x" * 300, "y"], "column 'segment'", "a name of 1 to 200 characters", "log.csv, line 1"),
        (["a\tb", "y"], "column 'segment'", "without control characters", "log.csv, line 1"),
        ([f"s{i}" for i in range(150)], "column 'segment'", "at most 100", "log.csv"),
    ],
)
def test_segments_a_scenario_cannot_hold_are_refused_naming_the_column(segments, field, allowed, source):
    rows = [answered(segment=s) for s in segments]
    with pytest.raises(InputError) as info:
        calibrate(frame_log(rows))
    assert info.value.field == field and allowed in info.value.allowed and info.value.source == source


def test_a_segment_multiplier_beyond_the_model_is_set_to_its_bound():
    rows = [answered(T, "2024-03-04 08:00:01", segment="quick")] * 1000 + [
        answered(T, "2024-03-05 08:00:00", segment="slow")
    ]
    scenario, report = calibrate(frame_log(rows))
    slow = next(s for s in scenario.segments if s.name == "slow")
    assert slow.handle_time_multiplier == 100.0
    assert any("segment 'slow'" in w and "set to 100" in w for w in report.warnings)
    loads_back(scenario)


def test_a_segment_abandoning_without_waiting_is_refused():
    rows = [
        answered(segment="a"),
        answered(segment="a"),
        (T, "abandoned", "2024-03-04 08:02:00", "", "", "a", "a"),
        (T, "abandoned", T, "", "", "a", "b"),
    ]
    with pytest.raises(InputError) as info:
        calibrate(abandoned_at_once(frame_log(rows)))
    assert info.value.field == "time spent waiting by segment 'b'" and "gave up without waiting" in info.value.allowed


def test_more_staff_than_a_scenario_holds_is_refused_naming_the_interval():
    n = 100_001
    start = pd.Timestamp("2024-03-04 08:00:00")
    frame = pd.DataFrame(
        {
            "arrival": [start] * n,
            "outcome": ["answered"] * n,
            "service_start": [start] * n,
            "service_end": [start + pd.Timedelta(minutes=30)] * n,
            "agent": [f"a{i}" for i in range(n)],
        }
    )
    with pytest.raises(InputError) as info:
        calibrate(validate_contact_log(frame, source="crowd.csv"), staffing="distinct")
    assert info.value.field == "staff ('distinct' estimate) on Mon 08:00" and info.value.value == n


def test_backtest_says_what_a_degenerate_log_lacks(bank):
    log = frame_log([("not a time", "answered", "", "", "")])
    with pytest.raises(InputError) as info:
        backtest(bank, log)
    assert info.value.field == "contacts asking for an agent (answered or abandoned)" and info.value.value == 0


# ------------------------------------------------------------------------------ property test
FIELDS = HEADER.split(",")
HOSTILE_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e400",
            "-1",
            "0",
            "99999999999999999999",
            "1709539200",
            "2024-13-45 25:61:00",
            "1500-01-01 00:00:00",
            "2262-05-01 00:00:00",
            "9999-12-31 23:59:59",
            "2024-03-04T08:00:00+05:00",
            "2024-03-04T08:00:00Z",
            "answered",
            "abandoned",
            "other",
            '"quoted, comma"',
            "line\nbreak",
            "\ufeff",
            "😀",
            PAYLOAD,
            "x" * 5000,
        ]
    ),
    st.text(max_size=20),
    st.datetimes(
        min_value=pd.Timestamp("1800-01-01").to_pydatetime(), max_value=pd.Timestamp("2300-01-01").to_pydatetime()
    ).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _row(i: int) -> list[str]:
    return ROW.format(id=f"C{i}", m=i % 50, e=i % 50 + 3).split(",")


@st.composite
def hostile_logs(draw) -> tuple[bytes, int]:
    """A small CSV log with random hostile mutations, and the number of data rows it holds (rows with a
    non-blank cell), or -1 when the file's structure itself is broken (then only InputError is allowed)."""
    header = list(FIELDS)
    if draw(st.integers(0, 3)) == 3:  # (the last value: hypothesis draws the first ones most often)
        i, j = draw(st.integers(0, len(header) - 1)), draw(st.integers(0, len(header) - 1))
        header[i], header[j] = header[j], header[i]
    rows = [_row(i) for i in range(draw(st.integers(1, 6)))]
    for _ in range(draw(st.integers(0, 8))):
        if not rows:
            break
        row = rows[draw(st.integers(0, len(rows) - 1))]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "extra", "missing"]))
        if kind == "cell":
            row[draw(st.integers(0, len(row) - 1))] = draw(HOSTILE_CELLS)
        elif kind == "extra":
            row.append(draw(HOSTILE_CELLS))
        elif len(row) > 1:
            row.pop()
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=terminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell.replace("\r", "") if terminator == "\n" else cell for cell in row])
    text = buffer.getvalue()
    rows_written = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row and "".join(row).strip()) - (
        1 if text.strip() else 0
    )
    data = text.encode("utf-8", "surrogatepass")
    broken = any("\x00" in cell or any("\ud800" <= c <= "\udfff" for c in cell) for row in rows for cell in row)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 9:  # bad bytes somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"])) + data[at:]
        broken = True
    return data, -1 if broken else rows_written


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_logs())
def test_hostile_csv_logs_give_a_valid_log_or_an_input_error(tmp_path_factory, drawn):
    data, rows_written = drawn
    path = tmp_path_factory.mktemp("hostile") / "log.csv"
    path.write_bytes(data)
    try:
        log = read_contact_log(path)
    except InputError as error:
        assert str(error) and len(str(error)) < 4000
        return
    assert rows_written >= 0, "a file with bad bytes or NUL characters was read"
    assert len(log.data) + len(log.excluded) == rows_written
    for column in ("wait", "handle"):
        values = log.data[column].to_numpy(dtype=float)
        assert not np.isinf(values).any()
        assert (values[~np.isnan(values)] >= 0).all()
    assert all(len(reason) < 400 for reason in log.excluded["reason"])
    assert PAYLOAD not in log._repr_html_()
    assert math.isfinite(float(log.data["wait"].fillna(0).sum()))
