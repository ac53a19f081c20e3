"""Reading and validating contact logs: the generic schema and the Anonymous Bank adapter."""

from __future__ import annotations

import pandas as pd
import pytest

from svcdesign.data import LOG_FORMATS, LogFormat, read_contact_log, validate_contact_log
from svcdesign.errors import InputError

GENERIC = """contact_id,arrival,queue_entry,queue_exit,service_start,service_end,outcome,agent,segment,priority
A1,2024-01-01 09:00:00,2024-01-01 09:00:00,2024-01-01 09:00:30,\
2024-01-01 09:00:30,2024-01-01 09:04:30,answered,ann,retail,1
A2,2024-01-01 09:01:00,2024-01-01 09:01:00,2024-01-01 09:03:00,,,abandoned,,retail,1
A3,2024-01-01 09:02:00,,,,,other,,,
B1,2024-01-01 25:00:00,,,,,answered,ann,retail,1
B2,2024-01-01 09:05:00,,,2024-01-01 09:05:10,2024-01-01 09:04:00,answered,bob,retail,1
B3,2024-01-01 09:06:00,,2024-01-01 09:07:00,,,transferred,,retail,1

B4,2024-01-01 09:08:00,2024-01-01 09:08:00,2024-01-01 09:07:00,,,abandoned,,retail,1
B5,2024-01-01 09:09:00,2024-01-01 09:09:00,,,,abandoned,,retail,1
B6,2024-01-01 09:10:00,,,2024-01-01 09:10:05,2024-01-01 09:12:00,answered,bob,retail,high
B7,2024-01-01 09:11:00,only,three
B8,,,,,,abandoned,,,
A4,2024-01-01 09:20:00,,,2024-01-01 09:20:15,2024-01-01 09:22:15,ANSWERED,bob,business,0
"""


@pytest.fixture()
def generic_log(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(GENERIC, encoding="utf-8")
    return read_contact_log(path)


def test_generic_log_keeps_valid_rows_and_reports_every_rejected_one(generic_log):
    log = generic_log
    assert list(log.data["contact_id"]) == ["A1", "A2", "A3", "A4"]
    assert log.rows_read == 12  # the blank line is not a row
    reasons = dict(zip(log.excluded["contact_id"], log.excluded["reason"], strict=True))
    assert reasons["B1"].startswith("unparseable arrival '2024-01-01 25:00:00'")
    assert reasons["B2"].startswith("service end before service start")
    assert reasons["B3"].startswith("unknown outcome 'transferred'")
    assert reasons["B4"].startswith("queue exit before queue entry")
    assert reasons["B5"].startswith("abandoned contact without queue_exit")
    assert reasons["B6"].startswith("priority 'high' is not a whole number")
    assert reasons["B7"] == "expected 10 fields, found 4"
    assert reasons["B8"] == "missing arrival time"
    lines = dict(zip(log.excluded["contact_id"], log.excluded["line"], strict=True))
    assert lines["B1"] == 5 and lines["B4"] == 9 and lines["B8"] == 13  # header = line 1, blank line 8 counted
    assert list(log.data["line"]) == [2, 3, 4, 14]


def test_generic_log_derives_waits_and_handle_times(generic_log):
    data = generic_log.data.set_index("contact_id")
    assert data.loc["A1", "wait"] == 30.0 and data.loc["A1", "handle"] == 240.0
    assert data.loc["A2", "wait"] == 120.0 and pd.isna(data.loc["A2", "handle"])
    assert pd.isna(data.loc["A3", "wait"])
    assert data.loc["A4", "wait"] == 15.0  # no queue columns: service start − arrival
    assert data.loc["A4", "outcome"] == "answered"  # outcome labels are case-insensitive
    assert data.loc["A4", "priority"] == 0
    report = generic_log.validation_report()
    assert report["rows"].sum() == generic_log.rows_read


def test_column_and_outcome_mappings(tmp_path):
    path = tmp_path / "log.tsv"
    path.write_text(
        "When\tResult\tQueueOut\n2024-01-01 08:00:00\tHANG\t2024-01-01 08:01:40\n"
        "2024-01-01 08:00:05\tAGENT\t2024-01-01 08:00:25\n",
        encoding="utf-8",
    )
    log = read_contact_log(
        path,
        columns={"arrival": "When", "outcome": "Result", "queue_exit": "QueueOut"},
        outcomes={"HANG": "abandoned", "AGENT": "answered"},
    )
    assert list(log.data["outcome"]) == ["abandoned", "answered"]
    assert list(log.data["wait"]) == [100.0, 20.0]
    assert log.excluded.empty


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"schema": "sap"}, "schema"),
        ({"columns": {"arrivals": "x"}}, "columns"),
        ({"outcomes": {"HANG": "gone"}}, "outcomes['HANG']"),
    ],
)
def test_bad_arguments_name_the_field(tmp_path, kwargs, field):
    path = tmp_path / "log.csv"
    path.write_text("arrival,outcome\n2024-01-01 08:00:00,other\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_contact_log(path, **kwargs)
    assert info.value.field == field


def test_missing_required_columns_and_missing_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("time,result\n2024-01-01 08:00:00,answered\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing arrival, outcome"):
        read_contact_log(path)
    with pytest.raises(InputError, match="existing contact-log file"):
        read_contact_log(tmp_path / "absent.csv")


def test_parquet_without_pyarrow_gives_a_clear_error(tmp_path):
    pytest.importorskip("pandas")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        path = tmp_path / "log.parquet"
        path.write_bytes(b"PAR1")
        with pytest.raises(InputError, match="pyarrow"):
            read_contact_log(path)
    else:  # pragma: no cover - only where pyarrow is installed
        frame = pd.DataFrame({"arrival": ["2024-01-01 08:00:00"], "outcome": ["other"]})
        path = tmp_path / "log.parquet"
        frame.to_parquet(path)
        assert len(read_contact_log(path).data) == 1


def test_validate_in_memory_frame_with_datetimes():
    frame = pd.DataFrame(
        {
            "arrival": pd.to_datetime(["2024-01-01 08:00:00", "2024-01-01 08:01:00"]),
            "service_start": pd.to_datetime(["2024-01-01 08:00:10", "2024-01-01 08:00:00"]),
            "service_end": pd.to_datetime(["2024-01-01 08:02:10", "2024-01-01 08:03:00"]),
            "outcome": ["answered", "answered"],
        }
    )
    log = validate_contact_log(frame)
    assert list(log.data["wait"]) == [10.0]
    assert log.excluded["reason"].iloc[0].startswith("negative wait")
    assert log.excluded["line"].iloc[0] == 2


# --------------------------------------------------------------------------- Anonymous Bank
HEADER = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\t"
    "q_time\toutcome\tser_start\tser_exit\tser_time\tserver"
)
BANK_ROWS = [
    # queued and answered
    "AA0101\t1\t111\t2\tPS\t990104\t9:00:00\t9:00:06\t6\t9:00:06\t9:01:06\t60\tAGENT\t9:01:05\t9:04:05\t180\tMICHAL",
    # skipped the queue: ser_start one second before vru_exit
    "AA0101\t2\t0\t0\tNW\t990104\t9:10:00\t9:10:05\t5\t0:00:00\t0:00:00\t0\tAGENT\t9:10:04\t9:11:04\t60\tDARMON",
    # abandoned in queue
    "AA0101\t3\t222\t1\tPS\t990104\t9:20:00\t9:20:05\t5\t9:20:05\t9:22:05\t120\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # hung up in the voice-response unit
    "AA0101\t4\t0\t0\tPS\t990104\t9:30:00\t9:30:08\t8\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # phantom
    "AA0101\t5\t333\t2\tPS\t990104\t9:40:00\t9:40:05\t5\t9:40:05\t9:40:20\t15\tPHANTOM\t9:40:20\t9:40:30\t10\tNO_SERVER",
    # crosses midnight; separated by spaces
    "AA0102 6 444 2 PS 990104 23:59:00 23:59:06 6 23:59:06 0:01:06 120 AGENT 0:01:06 0:03:06 120 MICHAL",
    # wrong number of fields
    "AA0102\t7\t555\t2\tPS\t990104\t10:00:00\t10:00:05",
    # unparseable time
    "AA0102\t8\t666\t2\tPS\t990104\t10:6x:00\t10:10:05\t5\t10:10:05\t10:11:05\t60\tAGENT\t10:11:05\t10:12:05\t60\tMICHAL",
    # negative VRU time (exit before entry)
    "AA0102\t9\t777\t1\tPS\t990104\t10:20:40\t10:20:05\t-35\t10:20:05\t10:21:05\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # unknown outcome
    "AA0102\t10\t888\t1\tPS\t990104\t10:30:00\t10:30:05\t5\t10:30:05\t10:31:05\t60\tLOST\t0:00:00\t0:00:00\t0\tNO_SERVER",
]


@pytest.fixture()
def bank_log(tmp_path):
    path = tmp_path / "january.txt"
    path.write_bytes(("\r\n".join([HEADER, *BANK_ROWS]) + "\r\n").encode("latin-1"))
    return read_contact_log(path, schema="anonymous-bank")


def test_anonymous_bank_adapter_maps_outcomes_and_times(bank_log):
    data = bank_log.data.set_index("contact_id")
    assert list(data.index) == ["AA0101-1", "AA0101-2", "AA0101-3", "AA0101-4", "AA0102-6"]
    assert list(data["outcome"]) == ["answered", "answered", "abandoned", "other", "answered"]
    assert data.loc["AA0101-1", "wait"] == 60.0 and data.loc["AA0101-1", "handle"] == 180.0
    assert data.loc["AA0101-2", "wait"] == 0.0 and data.loc["AA0101-2", "handle"] == 60.0  # skipped the queue
    assert data.loc["AA0101-3", "wait"] == 120.0
    assert data.loc["AA0102-6", "wait"] == 120.0
    assert data.loc["AA0102-6", "service_end"] == pd.Timestamp("1999-01-05 00:03:06")  # after midnight
    assert data.loc["AA0101-1", "priority"] == 0 and data.loc["AA0101-3", "priority"] == 1
    assert pd.isna(data.loc["AA0101-2", "priority"])  # not queued: priority unrecorded (system bug)
    assert data.loc["AA0101-2", "segment"] == "NW"


def test_anonymous_bank_adapter_excludes_with_reasons_and_hides_names(bank_log):
    reasons = dict(zip(bank_log.excluded["line"], bank_log.excluded["reason"], strict=True))
    assert reasons[6].startswith("PHANTOM")
    assert reasons[8] == "expected 17 fields, found 8"
    assert reasons[9].startswith("unparseable vru_entry '10:6x:00'")
    assert reasons[10].startswith("negative vru_time")
    assert reasons[11].startswith("unknown outcome 'LOST'")
    assert bank_log.rows_read == len(BANK_ROWS)
    agents = set(bank_log.data["agent"].dropna())
    assert agents == {"agent_01", "agent_02"}
    assert "MICHAL" not in bank_log.excluded.to_string() and "DARMON" not in bank_log.data.to_string()


def test_anonymous_bank_rejects_other_files(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("arrival,outcome\n", encoding="utf-8")
    with pytest.raises(InputError, match="Anonymous Bank log"):
        read_contact_log(path, schema="anonymous_bank")


# ------------------------------------------------------------------------ registry of formats
def test_formats_are_chosen_by_name_from_the_registry(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(GENERIC, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_contact_log(path, schema="excel")
    assert error.value.field == "schema"
    assert "one of generic, anonymous_bank, five9_calls, genesys_interactions, talkdesk_calls" in error.value.allowed
    assert "(or 'anonymous-bank', 'five9-calls'" in error.value.allowed
    with pytest.raises(InputError, match="no columns/outcomes/durations/time_format/tz options"):
        read_contact_log(path, schema="Anonymous-Bank", columns={"arrival": "arrival"})
    assert read_contact_log(path, schema="GENERIC").schema == "generic"


def test_a_new_format_is_a_reader_and_one_registry_line(tmp_path, monkeypatch):
    def read_tiny(path, *, time_format):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return validate_contact_log(frame, source=str(path), time_format=time_format, schema="tiny_export")

    monkeypatch.setitem(LOG_FORMATS, "tiny_export", LogFormat(read_tiny, "a tiny export", ("time_format",)))
    path = tmp_path / "tiny.csv"
    path.write_text("arrival,outcome\n04/03/2024 08:00,other\n", encoding="utf-8")
    log = read_contact_log(path, schema="tiny-export", time_format="%d/%m/%Y %H:%M")
    assert log.schema == "tiny_export" and log.data["arrival"].iloc[0] == pd.Timestamp("2024-03-04 08:00")
    with pytest.raises(InputError, match="no columns/outcomes/durations/tz options"):
        read_contact_log(path, schema="tiny_export", outcomes={"x": "other"})
