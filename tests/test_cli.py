"""The svcdesign command line: calibrate, evaluate, report, backtest, validate; errors and atomic output."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from svcdesign import Scenario
from svcdesign.cli import main
from svcdesign.datasets import example_contact_log_path
from svcdesign.engines.analytic import evaluate as evaluate_scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "scenario.yaml"
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(path), "--interval", "30"]) == 0
    return path


def test_calibrate_writes_a_valid_scenario(scenario_file, capsys):
    scenario = Scenario.load(scenario_file)
    assert scenario.demand.interval_minutes == 30
    assert scenario.stages[0].patience is not None


@pytest.mark.parametrize("staffing", [None, "available", "shifts", "presence"])
def test_calibrate_staffing_is_the_apis(staffing, tmp_path, capsys):
    """``--staffing`` reaches calibrate, and its default is calibrate's own ("auto": the available staff
    on a log that names agents, the same staff on duty as ``on_duty`` and the backtest by dates)."""
    from svcdesign.data import calibrate, read_contact_log

    out = tmp_path / "s.yaml"
    option = [] if staffing is None else ["--staffing", staffing]
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(out), *option]) == 0
    api = calibrate(read_contact_log(example_contact_log_path()), 60, staffing=staffing or "auto").scenario
    cli = Scenario.load(out)
    assert cli.stages[0].staff == api.stages[0].staff
    assert f"'{staffing or 'available'}' method" in cli.notes


def test_evaluate_prints_the_summary(scenario_file, capsys):
    assert main(["evaluate", str(scenario_file)]) == 0
    out = capsys.readouterr().out
    assert "Service level (%)" in out and "agents" in out


def test_report_is_self_contained_html(scenario_file, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(scenario_file), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Per stage" in page and "Assumptions used and their sources" in page
    assert "<script src=" not in page  # plotly.js is embedded, no network needed
    assert "Plotly.newPlot" in page and len(page) > 1_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_report_in_a_language_and_calendar(scenario_file, tmp_path):
    """``--language fa --calendar gregorian``: a Persian page dated by the Gregorian calendar alone (CLDR's
    Persian name of the month, jdatetime's Solar Hijri month names absent)."""
    import datetime as dt

    import jdatetime
    from babel.dates import format_date

    out = tmp_path / "report.html"
    assert main(["report", str(scenario_file), "-o", str(out), "--language", "fa", "--calendar", "gregorian"]) == 0
    page = out.read_text(encoding="utf-8")
    assert format_date(dt.date.today(), "MMMM", locale="fa") in page and "dir='rtl'" in page
    assert not any(f" {name} " in page for name in jdatetime.date.j_months_fa)


def test_backtest_and_validate_commands(scenario_file, tmp_path, capsys):
    fig = tmp_path / "backtest.html"
    assert main(["backtest", str(scenario_file), str(example_contact_log_path()), "-o", str(fig)]) == 0
    out = capsys.readouterr().out
    assert "Erlang A" in out and "Erlang C" in out and "abandonment: MAE" in out
    assert fig.is_file()
    assert main(["validate", str(example_contact_log_path())]) == 0
    assert "5 excluded" in capsys.readouterr().out


@pytest.mark.parametrize("content", ["time,result\n1,2\n", "", "\xff\xfe garbage"])
def test_bad_log_gives_one_line_error_and_no_output(tmp_path, capsys, content):
    log = tmp_path / "bad.csv"
    log.write_bytes(content.encode("latin-1"))
    out = tmp_path / "scenario.yaml"
    assert main(["calibrate", str(log), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("svcdesign: error:") and "\n" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_bad_scenario_and_missing_files(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstages: 3\n", encoding="utf-8")
    assert main(["evaluate", str(bad)]) == 1
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    assert not (tmp_path / "r.html").exists()
    assert main(["evaluate", str(tmp_path / "absent.yaml")]) == 1
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(tmp_path / "x.txt")]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 4 and all(e.startswith("svcdesign: error:") for e in errors)


def test_help_and_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "calibrate" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["calibrate"])
    assert info.value.code == 2


def test_console_module_runs():
    done = subprocess.run(
        [sys.executable, "-m", "svcdesign.cli", "calibrate", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "--interval" in done.stdout


# ------------------------------------------------------------------------------ hostile input
LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij", strict=True))
    + "name: *j\n"
)
BANK_TEXT = (ROOT / "datasets" / "scenarios" / "bank.yaml").read_text(encoding="utf-8")
HOSTILE_FILES = [
    ("lol.yaml", LAUGHS.encode()),
    ("deep.yaml", b"[" * 100_000 + b"]" * 100_000),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("dup.yaml", BANK_TEXT.replace("name: Bank contact centre", "name: a\nname: b", 1).encode()),
    ("dup.json", b'{"name": "a", "name": "b"}'),
    ("bank.txt", BANK_TEXT.encode()),
    ("bad.yaml", BANK_TEXT.encode().replace(b"Bank", b"B\xffnk")),
    ("empty.yaml", b""),
    ("list.yaml", b"[1, 2, 3]\n"),
    ("tag.yaml", b"!!python/object/apply:os.system ['echo pwned']\n"),
    ("binary.yaml", bytes(range(256)) * 50),
    ("wage.yaml", BANK_TEXT.replace("hourly_wage: 13.55", "hourly_wage: .inf", 1).encode()),
    ("count.yaml", BANK_TEXT.replace("count: 2}", "count: 1e400}", 1).encode()),
    ("name.yaml", BANK_TEXT.replace("name: Bank contact centre", 'name: "\\ud800\\x00"', 1).encode()),
]


@pytest.mark.parametrize("name, content", HOSTILE_FILES, ids=[n for n, _ in HOSTILE_FILES])
@pytest.mark.parametrize("command", ["evaluate", "report", "backtest"])
def test_hostile_scenario_files_give_one_line_and_exit_1(tmp_path, capsys, name, content, command):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.html"
    argv = {
        "evaluate": ["evaluate", str(path)],
        "report": ["report", str(path), "-o", str(out)],
        "backtest": ["backtest", str(path), str(example_contact_log_path())],
    }[command]
    start = time.perf_counter()
    assert main(argv) == 1
    assert time.perf_counter() - start < 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("svcdesign: error:") and name in err and len(err) < 2000
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_billion_laughs_through_the_command_line_end_at_once(tmp_path, capsys):
    path = tmp_path / "lol.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    start = time.perf_counter()
    assert main(["evaluate", str(path)]) == 1
    assert time.perf_counter() - start < 1.0
    assert "YAML aliases expand to more than" in capsys.readouterr().err


def test_show_must_be_a_whole_number_not_below_zero(capsys):
    for bad in ("-5", "nan", "1.5", "inf"):
        with pytest.raises(SystemExit) as info:
            main(["validate", str(example_contact_log_path()), "--show", bad])
        assert info.value.code == 2
        assert "expected a whole number ≥ 0" in capsys.readouterr().err
    assert main(["validate", str(example_contact_log_path()), "--show", "0"]) == 0


BANK_LOG = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\t"
    "q_time\toutcome\tser_start\tser_exit\tser_time\tserver\r\n"
    "AA0101\t1\t111\t2\tPS\t990104\t9:00:00\t9:00:06\t6\t9:00:06\t9:01:06\t60\tAGENT\t9:01:05\t9:04:05\t180\tMICHAL\r\n"
    "AA0101\t5\t333\t2\tPS\t990104\t9:40:00\t9:40:05\t5\t9:40:05\t9:40:20\t15\tPHANTOM\t9:40:20\t9:40:30\t10\t"
    "NO_SERVER\r\n"
)


def test_format_choices_are_the_registered_log_formats(capsys):
    from svcdesign.cli import FORMATS
    from svcdesign.data import LOG_FORMATS

    assert sorted(FORMATS.values()) == sorted(LOG_FORMATS) and "anonymous-bank" in FORMATS
    with pytest.raises(SystemExit) as info:
        main(["validate", "--help"])
    assert info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(choice in help_text for choice in FORMATS)
    assert all(" ".join(f.description.split()) in help_text for f in LOG_FORMATS.values())
    with pytest.raises(SystemExit) as info:
        main(["validate", str(example_contact_log_path()), "--format", "excel"])
    assert info.value.code == 2 and "invalid choice: 'excel'" in capsys.readouterr().err


def test_format_selects_the_reader(tmp_path, capsys):
    log = tmp_path / "january.txt"
    log.write_bytes(BANK_LOG.encode("latin-1"))
    assert main(["validate", str(log), "--format", "anonymous-bank"]) == 0
    out = capsys.readouterr().out
    assert "2 rows read, 1 kept, 1 excluded" in out and "PHANTOM call" in out and "MICHAL" not in out
    assert main(["validate", str(log)]) == 1  # read as a generic CSV log, it lacks arrival and outcome
    assert "a header with at least arrival, outcome" in capsys.readouterr().err


def test_outputs_into_missing_folders_are_refused_before_any_work(tmp_path, capsys, monkeypatch):
    import svcdesign.data

    monkeypatch.setattr(svcdesign.data, "calibrate", lambda *a, **k: pytest.fail("calibrated anyway"))
    bank = str(ROOT / "datasets" / "scenarios" / "bank.yaml")
    missing = tmp_path / "no" / "such"
    for argv in (
        ["calibrate", str(example_contact_log_path()), "-o", str(missing / "s.yaml")],
        ["report", bank, "-o", str(missing / "r.html")],
        ["backtest", bank, str(example_contact_log_path()), "-o", str(missing / "b.html")],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"the folder {missing} does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_cannot_be_written_names_the_output(tmp_path, capsys, monkeypatch):
    afile = tmp_path / "afile"
    afile.write_text("x")
    bank = str(ROOT / "datasets" / "scenarios" / "bank.yaml")
    assert main(["report", bank, "-o", str(afile / "r.html")]) == 1
    assert f"{afile} is not a folder" in capsys.readouterr().err

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pathlib.Path.write_text", full)
    out = tmp_path / "s.yaml"
    assert main(["calibrate", str(example_contact_log_path()), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"svcdesign: error: {out}: cannot be written (No space left on device)") and ".tmp" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_a_bug_is_one_line_saying_so_with_its_own_exit_code(capsys, monkeypatch):
    import svcdesign.engines.analytic

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(svcdesign.engines.analytic, "evaluate", broken)
    assert main(["evaluate", str(ROOT / "datasets" / "scenarios" / "bank.yaml")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("svcdesign: internal error") and "TypeError" in err
    assert "please report it" in err


def test_evaluate_and_report_take_a_staff_change_in_people(tmp_path, capsys):
    import svcdesign as sd
    from svcdesign.model.roster import paid_hours

    bank = sd.load_example("bank")
    path = bank.save(tmp_path / "bank.yaml")
    assert main(["evaluate", str(path), "--staff", "representative=-2"]) == 0
    out = capsys.readouterr().out
    assert "representative -2 fte" in out
    cut = bank.with_staff_change({"representative": -2})
    expected = sd.evaluate(cut).summary().loc["representative", "Staff hours"]
    assert f"{expected:.1f}" in out
    assert paid_hours(cut.stage("representative"), 15) == pytest.approx(
        paid_hours(bank.stage("representative"), 15) - 2 * cut.contract_hours()
    )
    report_path = tmp_path / "r.html"
    assert main(["report", str(path), "-o", str(report_path), "--staff", "representative=-2"]) == 0
    assert "paid hours 1,240.0 → 1,160.0 a week" in report_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--staff", "representative"], 2, "expected STAGE=N"),
        (["--staff", "representative=two"], 2, "expected a number of people"),
        (["--staff", "nobody=-1"], 1, "changes = 'nobody'"),
        (["--staff", "representative=-1000"], 1, "at least -31.00 FTE"),
    ],
)
def test_a_bad_staff_change_is_one_line(tmp_path, capsys, argv, code, message):
    import svcdesign as sd

    path = sd.load_example("bank").save(tmp_path / "bank.yaml")
    if code == 2:
        with pytest.raises(SystemExit) as exit_:
            main(["evaluate", str(path), *argv])
        assert exit_.value.code == 2
    else:
        assert main(["evaluate", str(path), *argv]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1]
    if code == 1:
        assert len(err) == 1


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is absent (make browser)")
def test_report_also_prints_to_pdf(tmp_path, capsys):
    bank = str(ROOT / "datasets" / "scenarios" / "bank.yaml")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    assert main(["report", bank, "-o", str(html), "--pdf", str(pdf), "--staff", "representative=-2"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"wrote {pdf}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.pdf"]


def test_compare_writes_the_comparison_and_per_stage_tables_to_excel(tmp_path, capsys):
    import pandas as pd

    import svcdesign as sd
    from svcdesign.explore import WhatIf, save_what_if
    from svcdesign.explore.levers import Levers

    bank = sd.load_example("bank")
    path = bank.save(tmp_path / "bank.yaml")
    what_ifs = tmp_path / "what-ifs"
    what_ifs.mkdir()
    save_what_if(WhatIf("Empowered front line", "bank", Levers(escalation=50)), what_ifs)
    out = tmp_path / "options.xlsx"
    argv = ["compare", str(path), "--staff", "representative=-2", "--what-if", str(what_ifs), "--xlsx", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Empowered front line" in printed and "pays" in printed and printed.endswith(f"wrote {out}\n")
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets)[:2] == ["Comparison", "Net effect"] and len(sheets) == 2 + 3
    cut = bank.with_staff_change({"representative": -2})
    empowered = bank.with_overrides({"stages.representative.routing.escalate.coordinator": 0.06})
    expected = sd.compare(bank, cut, empowered).table
    table = sheets["Comparison"].set_index("option")
    assert list(table.index) == [bank.name, f"{bank.name} (representative -2 fte)", "Empowered front line"]
    assert table.iloc[:, 1:].to_numpy(dtype=float) == pytest.approx(
        expected.iloc[:, 1:].to_numpy(dtype=float), nan_ok=True
    )
    stages = sheets["Stages - Empowered front line"].set_index("stage")
    assert stages.loc["coordinator", "Contacts"] == pytest.approx(
        sd.evaluate(empowered).summary().loc["coordinator", "Contacts"]
    )


def test_compare_and_pdf_mistakes_are_one_line_before_any_work(tmp_path, capsys):
    bank = str(ROOT / "datasets" / "scenarios" / "bank.yaml")
    for argv, message in (
        (["compare", bank], "nothing to compare"),
        (["compare", bank, "--staff", "representative=-1", "--xlsx", str(tmp_path / "o.csv")], "must end in .xlsx"),
        (["compare", bank, bank, "--xlsx", str(tmp_path / "no" / "o.xlsx")], "does not exist"),
        (["report", bank, "-o", str(tmp_path / "r.html"), "--pdf", str(tmp_path / "r.html")], "must end in .pdf"),
        (["compare", bank, "--what-if", str(tmp_path / "missing.whatif.yaml")], "no such file"),
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, (argv, err)
    assert list(tmp_path.iterdir()) == []


LATIN_OR_WESTERN_DIGIT = re.compile(r"[A-Za-z0-9]")


def _without(text: str, names) -> str:
    """``text`` with each of ``names`` (the user's own text, codes) taken out, longest first."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


@pytest.mark.parametrize("language", ["ar", "fa"])
@pytest.mark.parametrize("example", ["bank", "omnichannel_phone_chat_email"])
def test_evaluate_prints_its_table_in_the_language_with_the_same_numbers(language, example, capsys):
    """``evaluate --language ar|fa``: no Latin letter or Western digit but the scenario's own names and its currency
    code, and every number of a stage's row reads back (svcdesign.i18n.digits) as the summary's value."""
    from svcdesign.i18n.digits import read_number

    path = ROOT / "datasets" / "scenarios" / f"{example}.yaml"
    scenario = Scenario.load(path)
    summary = evaluate_scenario(scenario).summary()
    assert main(["evaluate", str(path), "--language", language]) == 0
    out = capsys.readouterr().out
    names = [scenario.name, *map(str, summary.index), scenario.organisation.currency]
    assert not LATIN_OR_WESTERN_DIGIT.findall(_without(out, names)), out
    numeric = summary.select_dtypes("number")
    for line in out.splitlines()[3:-1]:  # the stages' rows (the whole chain's is translated)
        stage = next(s for s in sorted(map(str, summary.index), key=len, reverse=True) if line.startswith(s))
        cells = line.removeprefix(stage).split()
        assert len(cells) == numeric.shape[1], line
        for cell, value in zip(cells, numeric.loc[stage], strict=True):
            assert (cell == "–") == bool(np.isnan(value)), (line, cell, value)
            if cell != "–":
                assert read_number(cell)[0] == pytest.approx(value, abs=0.05), (line, cell, value)


CODES = (
    "ContactLog.excluded",  # code names the messages point to
    "Comparison.net_effect",
    "Comparison.break_even",
    "svcdesign.response",
    "answered",  # the schema's outcome codes, its column names and the forecast methods, as the user types them
    "abandoned",
    "hung_up_without_waiting",
    "other",
    "arrival",
    "weekly_profile",
    *(f"{erlang} {letter}" for erlang in ("إرلانغ", "ارلنگ") for letter in "AC"),  # the models keep their letter
    "KS",  # the fit statistics' abbreviations
    "AIC",
)
QUOTED = re.compile(r"'[^']*'")  # a value from the user's file, quoted as given


def _commands(tmp_path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each command's arguments and the user's names (and codes) its output may show as given."""
    bank_path = ROOT / "datasets" / "scenarios" / "bank.yaml"
    bank = Scenario.load(bank_path)
    log = str(example_contact_log_path())
    counts = tmp_path / "counts.csv"
    stamps = pd.date_range("2024-01-01", periods=14 * 96, freq="15min")
    pd.DataFrame({"timestamp": stamps, "count": np.arange(len(stamps)) % 7}).to_csv(counts, index=False)
    scenario = tmp_path / "calibrated.yaml"
    return {
        "calibrate": (
            ["calibrate", log, "-o", str(scenario), "--wage", "20"],
            [log, str(scenario), "retail", "business"],
        ),
        "validate": (["validate", log], [log]),
        "evaluate": (
            ["evaluate", str(bank_path), "--staff", "representative=-2"],
            [bank.name, *bank.stage_names, bank.organisation.currency],
        ),
        "compare": (
            ["compare", str(bank_path), "--staff", "representative=-2", "--xlsx", str(tmp_path / "o.xlsx")],
            [bank.name, "representative", bank.organisation.currency, str(tmp_path / "o.xlsx")],
        ),
        "backtest": (["backtest", str(scenario), log], ["agents"]),
        "backtest by dates": (
            ["backtest", log, "--train", "2024-01-01:2024-01-07", "--test", "2024-01-08:2024-01-13"],
            [],
        ),
        "forecast": (
            ["forecast", str(counts), "-o", str(tmp_path / "d.yaml"), "--method", "weekly_profile"],
            [str(tmp_path / "d.yaml")],
        ),
    }


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_every_command_prints_its_results_in_the_language(language, tmp_path, capsys):
    """Every command with ``--language ar|fa``: no Latin letter and no Western digit left in what it prints but the
    user's own names and values (scenario, stages, segments, files, quoted values) and code names; the Excel sheets
    of ``compare`` named in the language too."""
    for name, (argv, names) in _commands(tmp_path).items():
        assert main([*argv, "--language", language]) == 0, name
        out = capsys.readouterr().out
        left = QUOTED.sub(" ", _without(out, [*names, *CODES]))
        assert not LATIN_OR_WESTERN_DIGIT.findall(left), (name, left)
    sheets = [sheet.split(" - ")[0] for sheet in pd.read_excel(tmp_path / "o.xlsx", sheet_name=None)]
    assert len(sheets) == 4 and not LATIN_OR_WESTERN_DIGIT.findall(" ".join(sheets)), sheets


def test_english_output_is_the_results_own_text(tmp_path, capsys):
    """In English every command prints what the API writes: the summary table as pandas writes it, the log's,
    the calibration's and the forecast's own summaries, compare's statements and notes as the comparison holds them."""
    from svcdesign.data import calibrate, read_contact_log

    commands = _commands(tmp_path)
    log = read_contact_log(example_contact_log_path())
    assert main(commands["validate"][0]) == 0
    assert capsys.readouterr().out.startswith(log.summary_text() + "\n")
    assert main(commands["calibrate"][0]) == 0
    printed = capsys.readouterr().out
    assert calibrate(log)[1].to_text() in printed
    bank = Scenario.load(ROOT / "datasets" / "scenarios" / "bank.yaml")
    assert main(["evaluate", str(ROOT / "datasets" / "scenarios" / "bank.yaml")]) == 0
    assert evaluate_scenario(bank).summary().to_string() in capsys.readouterr().out
