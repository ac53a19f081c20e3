"""Any sensible export reads (issue 14): time zones, durations instead of end times, export presets, and
the command line's --format/--column/--outcome/--tz and money options; abandonment as Brown et al. (2005)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from svcdesign import Scenario
from svcdesign.cli import main
from svcdesign.data import LOG_FORMATS, calibrate, read_contact_log
from svcdesign.data.presets import EXPORT_PRESETS
from svcdesign.data.validation import validate_contact_log
from svcdesign.errors import InputError

EXAMPLE_LOG_FOR_TZ = Path(__file__).resolve().parents[1] / "datasets" / "examples" / "contact_log_example.csv"

JANUARY = Path("/work/shared/data/anonymous_bank_1999/january_1999.txt")
NEW_YORK = "America/New_York"
HOURS = range(9, 18)  # the centre opens 09:00 and closes 18:00, local time


def new_york_calls() -> list[dict]:
    """Three calls an hour, 09:00–17:59 New York time, on Monday 4 and Tuesday 5 March 2024 (EST, UTC−5):
    answered after 20 s and talked 180 s, except every third call of the afternoon, which gives up after 45 s."""
    calls = []
    for day in (4, 5):
        for hour in HOURS:
            for k in range(3):
                start = pd.Timestamp(f"2024-03-0{day} {hour}:{10 + 15 * k}:00", tz=NEW_YORK)
                gave_up = hour >= 13 and k == 2
                calls.append(
                    {
                        "id": f"C{day}{hour:02d}{k}",
                        "start": start,
                        "wait": 45 if gave_up else 20,
                        "talk": 0 if gave_up else 150,
                        "wrap": 0 if gave_up else 30,
                        "outcome": "abandoned" if gave_up else "answered",
                        "agent": f"a{k}",
                    }
                )
    return calls


def timestamps_csv(path: Path, calls: list[dict], zone: str = "UTC") -> Path:
    """The calls in the generic schema, times written with their UTC offset in ``zone``."""

    def stamp(t: pd.Timestamp | None) -> str:
        return "" if t is None else t.tz_convert(zone).isoformat()

    rows = ["contact_id,arrival,queue_exit,service_start,service_end,outcome,agent"]
    for c in calls:
        left = c["start"] + pd.Timedelta(seconds=c["wait"])
        served = c["talk"] > 0
        end = left + pd.Timedelta(seconds=c["talk"] + c["wrap"]) if served else None
        row = [c["id"], stamp(c["start"]), stamp(left), stamp(left if served else None), stamp(end)]
        rows.append(",".join([*row, c["outcome"], c["agent"]]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def durations_csv(path: Path, calls: list[dict]) -> Path:
    """The same calls as an export with a start time (UTC) and durations: queue seconds, talk and wrap-up
    as clock durations."""
    rows = ["Call,Start,Result,Agent,QueueSeconds,Talk,Wrap"]
    for c in calls:
        talk, wrap = (f"0:{c['talk'] // 60:02d}:{c['talk'] % 60:02d}", str(c["wrap"])) if c["talk"] else ("", "")
        result = "GAVE UP" if c["outcome"] == "abandoned" else "HANDLED"
        start = c["start"].tz_convert("UTC").isoformat()
        rows.append(",".join([c["id"], start, result, c["agent"], str(c["wait"]), talk, wrap]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


DURATION_LAYOUT = {
    "columns": {"contact_id": "Call", "arrival": "Start", "outcome": "Result", "agent": "Agent"},
    "outcomes": {"HANDLED": "answered", "GAVE UP": "abandoned"},
    "durations": {"wait": "QueueSeconds", "talk": "Talk", "wrap": "Wrap"},
}
COMPARED = ["contact_id", "arrival", "queue_exit", "service_start", "service_end", "outcome", "agent", "wait", "handle"]


# ------------------------------------------------------------------------------- time zones
def test_a_new_york_log_exported_in_utc_calibrates_as_open_nine_to_six_local(tmp_path):
    path = timestamps_csv(tmp_path / "ny.csv", new_york_calls())
    with pytest.raises(InputError) as info:  # without tz= the offsets would be dropped: 14:00–22:59
        read_contact_log(path)
    assert info.value.field == "column 'arrival'" and info.value.source.endswith(", line 2")
    assert "tz=" in info.value.allowed
    _, report = calibrate(read_contact_log(path, tz=NEW_YORK))
    open_hours = [int(h[:2]) for h, n in report.arrivals.loc["Mon"].items() if n > 0]
    assert open_hours == list(HOURS)
    assert report.arrivals.loc["Mon"].sum() == 27 and report.arrivals.loc["Wed"].sum() == 0


def test_mixed_offsets_with_tz_read_as_the_log_in_one_offset(tmp_path):
    calls = new_york_calls()
    one = read_contact_log(timestamps_csv(tmp_path / "utc.csv", calls), tz=NEW_YORK)
    mixed_text = timestamps_csv(tmp_path / "mixed.csv", calls, zone="Asia/Tokyo").read_text().splitlines()
    utc_text = (tmp_path / "utc.csv").read_text().splitlines()
    lines = [utc if i % 2 else tokyo for i, (utc, tokyo) in enumerate(zip(utc_text, mixed_text, strict=True))]
    (tmp_path / "mixed.csv").write_text("\n".join(lines) + "\n")
    mixed = read_contact_log(tmp_path / "mixed.csv", tz=NEW_YORK)
    pd.testing.assert_frame_equal(mixed.data[COMPARED], one.data[COMPARED])
    assert one.data["arrival"].min() == pd.Timestamp("2024-03-04 09:10")


def test_a_tz_aware_parquet_column_is_converted_or_refused(tmp_path):
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"arrival": pd.to_datetime(["2024-03-04 14:00"]).tz_localize("UTC"), "outcome": ["other"]})
    path = tmp_path / "log.parquet"
    frame.to_parquet(path)
    assert read_contact_log(path, tz=NEW_YORK).data["arrival"].iloc[0] == pd.Timestamp("2024-03-04 09:00")
    with pytest.raises(InputError, match="tz="):
        read_contact_log(path)


# -------------------------------------------------------------------------------- durations
def test_a_durations_export_reads_as_its_timestamp_twin(tmp_path):
    calls = new_york_calls()
    twin = read_contact_log(timestamps_csv(tmp_path / "ts.csv", calls), tz=NEW_YORK)
    export = read_contact_log(durations_csv(tmp_path / "d.csv", calls), tz=NEW_YORK, **DURATION_LAYOUT)
    pd.testing.assert_frame_equal(export.data[COMPARED], twin.data[COMPARED])
    assert export.data["handle"].max() == 180.0  # talk 150 s + wrap-up 30 s
    assert sorted(export.data["outcome"].unique()) == ["abandoned", "answered"]


def test_bad_durations_exclude_their_row_with_the_reason(tmp_path):
    path = durations_csv(tmp_path / "d.csv", new_york_calls()[:4])
    text = path.read_text().splitlines()
    text[1] = text[1].replace(",20,", ",soon,")
    text[2] = text[2].replace(",20,", ",-5,")
    text[3] = text[3] + ",extra"
    path.write_text("\n".join(text) + "\n")
    log = read_contact_log(path, tz=NEW_YORK, **DURATION_LAYOUT)
    reasons = dict(zip(log.excluded["line"], log.excluded["reason"], strict=True))
    assert reasons[2].startswith("wait duration 'soon' in column 'QueueSeconds' is not seconds")
    assert reasons[3] == "wait duration '-5' in column 'QueueSeconds' is negative"
    assert reasons[4] == "expected 7 fields, found 8"
    assert log.data["line"].tolist() == [5] and log.rows_read == 4
    assert any(w.startswith("3 rows excluded") for w in log.warnings)


def test_durations_beside_end_times_or_naming_no_column_are_refused(tmp_path):
    path = timestamps_csv(tmp_path / "ts.csv", new_york_calls()[:2])
    with pytest.raises(InputError) as info:
        read_contact_log(path, tz=NEW_YORK, durations={"wait": "agent"})
    assert info.value.field == "durations" and "'queue_exit'" in info.value.allowed
    with pytest.raises(InputError) as info:
        read_contact_log(path, tz=NEW_YORK, durations={"talk": "Talk"})
    assert info.value.field == "durations['talk']"
    with pytest.raises(InputError) as info:
        read_contact_log(path, tz=NEW_YORK, durations={"ring": "agent"})
    assert info.value.field == "durations" and "wait, talk, hold, wrap" in info.value.allowed


# --------------------------------------------------------------------------------- presets
PRESET_FIXTURES = {
    "five9_calls": (
        "CALL ID,TIMESTAMP,SKILL,AGENT NAME,ABANDONED,QUEUE WAIT TIME,TALK TIME,HOLD TIME,AFTER CALL WORK TIME\n"
        "1,2024-03-04 09:00:00,Sales,Ann,0,0:00:20,0:02:00,0:00:10,0:00:30\n"
        "2,2024-03-04 09:05:00,Sales,,1,0:00:45,0:00:00,0:00:00,0:00:00\n"
        "3,2024-03-04 09:06:00,Sales,,1,0:00:00,0:00:00,0:00:00,0:00:00\n"
    ),
    "genesys_interactions": (
        "Conversation ID,Date,Queue,Users - Interacted,Media Type,Abandoned,Total Queue,Total Talk,Total Hold,"
        "Total ACW\n"
        "c-1,2024-03-04T14:00:00.000Z,Sales,Ann,voice,NO,20,120,10,30\n"
        "c-2,2024-03-04T14:05:00.000Z,Sales,,voice,YES,45,0,0,0\n"
        "c-3,2024-03-04T14:06:00.000Z,Sales,,voice,YES,0,0,0,0\n"
    ),
    "talkdesk_calls": (
        "Call ID,Start Time,Type,Agent Name,Ring Groups,Wait Time,Talk Time,Hold Time,Wrap Up Time\n"
        "1,2024-03-04 09:00:00,inbound,Ann,sales,20,120,10,30\n"
        "2,2024-03-04 09:05:00,abandoned,,sales,45,,,\n"
        "3,2024-03-04 09:06:00,short_abandoned,,sales,0,,,\n"
        "4,2024-03-04 09:07:00,missed,,sales,30,,,\n"
    ),
}


@pytest.mark.parametrize("name", sorted(EXPORT_PRESETS))
def test_each_preset_reads_its_export_shape(tmp_path, name):
    path = tmp_path / f"{name}.csv"
    path.write_text(PRESET_FIXTURES[name], encoding="utf-8")
    log = read_contact_log(path, name.replace("_", "-"), tz=NEW_YORK)
    assert log.schema == name and name in LOG_FORMATS
    data = log.data.set_index("contact_id")
    first, gave_up, at_once = data.index[:3]
    assert data.loc[first, "outcome"] == "answered" and data.loc[first, "agent"] == "Ann"
    assert data.loc[first, "arrival"] == pd.Timestamp("2024-03-04 09:00")
    assert (data.loc[first, "wait"], data.loc[first, "handle"]) == (20.0, 160.0)  # talk + hold + wrap-up
    assert (data.loc[gave_up, "outcome"], data.loc[gave_up, "wait"]) == ("abandoned", 45.0)
    assert data.loc[at_once, "outcome"] == "hung_up_without_waiting"
    if name == "talkdesk_calls":  # an unmapped label is excluded, named
        assert log.excluded["reason"].tolist() == [
            "unknown outcome 'missed' (expected answered, abandoned, hung_up_without_waiting, other)"
        ]
    else:
        assert log.excluded.empty


def test_a_preset_takes_overrides_and_tolerates_missing_optional_columns(tmp_path):
    text = PRESET_FIXTURES["talkdesk_calls"].replace("Agent Name,Ring Groups,", "").replace(",Ann,sales,", ",")
    text = text.replace(",,sales,", ",").replace("Start Time", "Started")
    path = tmp_path / "td.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_contact_log(path, "talkdesk_calls")
    assert info.value.field == "columns['arrival']" and "Started" in info.value.allowed
    log = read_contact_log(path, "talkdesk_calls", columns={"arrival": "Started"}, outcomes={"missed": "abandoned"})
    assert log.excluded.empty and log.data["agent"].isna().all()
    assert log.data["outcome"].tolist()[-1] == "abandoned"


# ---------------------------------------------------------------- abandonment (Brown et al. 2005)
@pytest.mark.skipif(not JANUARY.exists(), reason="the raw Anonymous Bank log is not shipped")
def test_january_1999_counts_abandonment_after_a_positive_wait_only():
    log = read_contact_log(JANUARY, "anonymous_bank")
    counts = log.data["outcome"].value_counts()
    assert counts["abandoned"] == 3069 and counts["hung_up_without_waiting"] == 21  # before: 3,090 abandoned
    assert (log.data.loc[log.data["outcome"] == "abandoned", "wait"] > 0).all()


# ------------------------------------------------------------------------- command line
def test_cli_reads_an_export_and_writes_the_money_into_the_scenario(tmp_path, capsys):
    log = durations_csv(tmp_path / "d.csv", new_york_calls())
    out = tmp_path / "s.yaml"
    argv = ["calibrate", str(log), "-o", str(out), "--tz", NEW_YORK, "--title", "Client <NY>"]
    argv += ["--column", "contact_id=Call", "--column", "arrival=Start", "--column", "outcome=Result"]
    argv += ["--column", "agent=Agent", "--column", "wait=QueueSeconds", "--column", "talk=Talk"]
    argv += ["--column", "wrap=Wrap", "--outcome", "HANDLED=answered", "--outcome", "GAVE UP=abandoned"]
    argv += ["--wage", "21.5", "--currency", "EUR", "--annual-value", "300"]
    assert main(argv) == 0
    scenario = Scenario.load(out)
    assert scenario.name == "Client <NY>" and scenario.organisation.currency == "EUR"
    assert [s.hourly_wage for s in scenario.stages] == [21.5] and [s.annual_value for s in scenario.segments] == [300]
    html = tmp_path / "r.html"
    argv = ["report", str(out), "-o", str(html), "--title", "Board <b>", "--wage", "agents=30", "--currency", "GBP"]
    assert main(argv) == 0
    text = html.read_text(encoding="utf-8")
    assert "Board &lt;b&gt;" in text and "GBP" in text and "Board <b>" not in text


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--wage", "-5"], 1, "--wage -5:"),
        (["--wage", "nobody=5"], 1, "--wage nobody=5: no stage 'nobody' (the scenario has agents)"),
        (["--wage", "five"], 2, "argument --wage: expected X or NAME=X"),
        (["--annual-value", "nobody=5"], 1, "--annual-value nobody=5: no segment 'nobody'"),
        (["--currency", "\x07"], 1, "--currency"),
    ],
)
def test_bad_money_options_are_one_line_naming_the_option(tmp_path, capsys, extra, code, message):
    scenario = tmp_path / "s.yaml"
    calibrate(read_contact_log(timestamps_csv(tmp_path / "ts.csv", new_york_calls()), tz=NEW_YORK))[0].save(scenario)
    capsys.readouterr()
    with pytest.raises(SystemExit) if code == 2 else _nothing():
        assert main(["report", str(scenario), "-o", str(tmp_path / "r.html"), *extra]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1] and (len(err) == 1 or code == 2)  # argparse prints its usage first
    assert not (tmp_path / "r.html").exists()


def test_cli_tz_and_preset_errors_are_one_line(tmp_path, capsys):
    path = tmp_path / "g.csv"
    path.write_text(PRESET_FIXTURES["genesys_interactions"], encoding="utf-8")
    assert main(["validate", str(path), "--preset", "genesys-interactions"]) == 1
    assert "tz=" in capsys.readouterr().err
    assert main(["validate", str(path), "--format", "genesys-interactions", "--tz", "Mars/Base"]) == 1
    assert "tz = 'Mars/Base'" in capsys.readouterr().err
    assert main(["validate", str(path), "--format", "genesys-interactions", "--tz", "Europe/London"]) == 0
    assert "3 kept" in capsys.readouterr().out


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_a_table_in_memory_takes_tz_like_a_file():
    frame = pd.read_csv(EXAMPLE_LOG_FOR_TZ).head(40)
    times = ["arrival", "queue_entry", "queue_exit", "service_start", "service_end"]
    utc = frame.copy()
    for column in times:  # the same clock times, written in UTC from New York in January (UTC-5)
        local = pd.to_datetime(frame[column], errors="coerce")
        utc[column] = (local + pd.Timedelta(hours=5)).dt.strftime("%Y-%m-%dT%H:%M:%S+00:00").where(local.notna(), "")
    with pytest.raises(InputError, match="tz="):
        validate_contact_log(utc.assign(arrival=utc["arrival"].str.replace("+00:00", "+01:00", regex=False)))
    local = validate_contact_log(frame)
    converted = validate_contact_log(utc, tz="America/New_York")
    assert (converted.contacts["arrival"] == local.contacts["arrival"]).all()
