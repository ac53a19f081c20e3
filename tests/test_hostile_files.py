"""Hostile and broken scenario files: reading refuses them with one clear error, writing never leaves a
half-written file, looser permissions or a replaced symbolic link behind."""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign import InputError, Scenario
from svcdesign._files import write_atomic
from svcdesign.errors import FileError
from svcdesign.model import files
from svcdesign.model.files import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, read_scenario_file

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "datasets" / "scenarios").glob("*.yaml"))
BANK = (ROOT / "datasets" / "scenarios" / "bank.yaml").read_text(encoding="utf-8")

LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij", strict=True))
    + "name: *j\n"
)
"""A billion laughs: 11 lines that stand for 9**10 (3.5 billion) strings."""

LOADERS = {"libyaml": files._loader_class(True), "pure Python": files._loader_class(False)}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refusal(path: Path) -> str:
    """The message of the one error reading ``path`` raises; it names the file and is bounded."""
    with pytest.raises(InputError) as info:
        Scenario.load(path)
    message = str(info.value)
    assert str(path) in message and len(message) < 1000 and "Traceback" not in message, message
    return message


# ------------------------------------------------------------------------------------ reading
@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_billion_laughs_are_refused_at_once(tmp_path, loader):
    start = time.perf_counter()
    with pytest.raises(FileError) as info:
        files._read_yaml(LAUGHS, "lol.yaml", loader)
    assert time.perf_counter() - start < 0.5
    assert f"YAML aliases expand to more than {MAX_VALUES:,} values" in str(info.value)
    assert info.value.line == 7  # where the expansion crosses the limit
    start = time.perf_counter()
    message = refusal(write(tmp_path, "lol.yaml", LAUGHS))
    assert time.perf_counter() - start < 0.5 and "aliases expand" in message and "line 7" in message


def test_aliases_within_the_limit_still_work(tmp_path):
    data = read_scenario_file(write(tmp_path, "ok.yaml", "a: &x [1, 2, 3]\nb: *x\nc: {<<: {k: 1, j: 2}, k: 3}\n"))
    assert data == {"a": [1, 2, 3], "b": [1, 2, 3], "c": {"k": 3, "j": 2}}  # a merge key is not a duplicate


def test_a_recursive_alias_is_refused(tmp_path):
    assert "lies inside the node it names" in refusal(write(tmp_path, "loop.yaml", "a: &a [1, *a]\n"))


@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_deep_yaml_is_refused_with_its_line(loader):
    block = "name: x\nstages:\n" + "".join("  " * i + "- \n" for i in range(1, 100)) + "  " * 100 + "- 1\n"
    with pytest.raises(FileError) as info:
        files._read_yaml(block, "deep.yaml", loader)
    assert f"nesting deeper than {MAX_DEPTH} levels" in str(info.value) and info.value.line == MAX_DEPTH + 2
    with pytest.raises(FileError, match="nesting") as info:
        files._read_yaml("[" * 100_000 + "]" * 100_000, "deep.yaml", loader)
    assert info.value.line == 1


def test_an_alias_counts_its_depth_where_it_is_used():
    deep = "[" * 40 + "1" + "]" * 40
    with pytest.raises(FileError, match="nesting deeper"):
        files._read_yaml(f"a: &d {deep}\nb: {'[' * 30}*d{']' * 30}\n", "deep.yaml")
    assert files._read_yaml(f"a: &d {deep}\nb: {'[' * 20}*d{']' * 20}\n", "ok.yaml")["b"]


def test_deep_json_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "deep.json", '{"name":\n' + "[" * 100_000 + "]" * 100_000 + "}")
    message = refusal(path)
    assert f"nesting deeper than {MAX_DEPTH} levels (line 2, column {MAX_DEPTH}" in message


def test_deep_input_through_the_command_line_is_one_line(tmp_path, capsys):
    from svcdesign.cli import main

    for name in ("deep.yaml", "deep.json"):
        assert main(["evaluate", str(write(tmp_path, name, "[" * 100_000 + "]" * 100_000))]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("svcdesign: error:") and "\n" not in err and name in err and "nesting" in err


def test_too_many_values_are_refused_with_or_without_aliases(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_VALUES", 50)
    listing = "[" + ", ".join(["1"] * 60) + "]"
    assert "the file holds more than 50 values" in refusal(write(tmp_path, "many.yaml", f"name: {listing}\n"))
    assert "the file holds more than 50 values" in refusal(write(tmp_path, "many.json", f'{{"name": {listing}}}'))
    assert "aliases expand to more than 50" in refusal(
        write(tmp_path, "few.yaml", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a]\n")
    )


@pytest.mark.parametrize(
    "name, content, key, line",
    [
        ("dup.yaml", BANK.replace("name: Bank contact centre", "name: a\nname: b", 1), "'name'", 2),
        ("dup.yaml", "name: x\ndemand:\n  scale: 1\n  scale: 2\n", "'scale'", 4),
        ("dup.json", '{"name": "a",\n "name": "b"}', "'name'", 2),
        ("dup.json", '{"a": {"k": 1}, "b": {"k": 1, "j": 2,\n "\\u006b": 3}}', "'k'", 2),
    ],
)
def test_duplicate_keys_are_refused_naming_key_and_line(tmp_path, name, content, key, line):
    message = refusal(write(tmp_path, name, content))
    assert f"duplicate key {key}" in message and f"(line {line}," in message


def test_the_same_key_in_different_mappings_is_fine(tmp_path):
    data = {"a": {"k": 1}, "b": [{"k": 2}, {"k": 3}], "k": '{"k": 1, "k": 2}'}
    assert read_scenario_file(write(tmp_path, "ok.json", json.dumps(data))) == data
    assert read_scenario_file(write(tmp_path, "ok.yaml", yaml.safe_dump(data))) == data


def test_other_file_types_are_refused_even_when_they_hold_yaml(tmp_path):
    message = refusal(write(tmp_path, "bank.txt", BANK))
    assert "'.txt' is not a scenario file type" in message and ".yaml, .yml or .json" in message
    assert "no suffix" in refusal(write(tmp_path, "bank", BANK))
    assert Scenario.load(write(tmp_path, "bank.YML", BANK)).name == "Bank contact centre"


def test_a_file_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing to read, only the size tells
    message = refusal(path)
    assert f"too large ({MAX_FILE_BYTES + 1:,} bytes)" in message and f"at most {MAX_FILE_BYTES:,} bytes" in message

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    refusal(path)


def test_bad_utf8_names_the_byte(tmp_path):
    content = BANK.encode().replace(b"Bank", b"B\xffnk", 1)
    offset = content.index(b"\xff")
    message = refusal(write(tmp_path, "bad.yaml", content))
    assert f"byte {offset:,} is not UTF-8 text" in message
    assert Scenario.load(write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + BANK.encode())).name == "Bank contact centre"


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("broken.yaml", "name: [unclosed\n", "line 2, column 1"),
        ("tabs.yaml", "name:\t\tx\n\tdemand: 1\n", "line 2"),
        ("alias.yaml", "name: *" + "x" * 100_000 + "\n", "line 1"),
        ("broken.json", '{"name": "x",\n "demand": [1, 2}', "line 2, column 17"),
        ("tag.yaml", "!!python/object/apply:os.system ['echo pwned']\n", "line 1"),
        ("date.yaml", "name: 2024-02-30\n", "line 1"),
        ("number.yaml", "name: " + "9" * 5000 + "\n", "line 1"),
        ("number.json", '{"name": ' + "9" * 5000 + "}", ""),
    ],
)
def test_syntax_errors_give_file_line_and_column_in_bounded_text(tmp_path, name, content, where):
    message = refusal(write(tmp_path, name, content))
    assert where in message and len(message) < 600


def test_a_folder_or_device_is_not_read(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    assert "not a regular file" in refusal(tmp_path / "folder.yaml")
    assert "no such file" in refusal(tmp_path / "missing.yaml")


def test_the_shipped_scenarios_read_as_plain_yaml_does():
    for path in SCENARIOS:
        assert read_scenario_file(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=60)
@given(plain)
def test_any_plain_document_reads_back_unchanged(data):
    assert files._read_json(json.dumps(data), "x.json") == data
    assert files._read_yaml(yaml.safe_dump(data), "x.yaml") == data


# ------------------------------------------------------------------------------------ writing
def test_save_keeps_the_mode_of_an_existing_file(tmp_path, bank):
    path = write(tmp_path, "private.yaml", "old")
    path.chmod(0o600)
    bank.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and Scenario.load(path) == bank
    fresh = bank.save(tmp_path / "fresh.yaml")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_save_writes_through_a_symbolic_link(tmp_path, bank):
    (tmp_path / "real").mkdir()
    target = write(tmp_path / "real", "scenario.yaml", "old")
    target.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    bank.save(link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert Scenario.load(target) == bank and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["scenario.yaml"]


def test_save_refuses_a_missing_folder_and_creates_none(tmp_path, bank):
    with pytest.raises(FileError) as info:
        bank.save(tmp_path / "typo" / "deeper" / "scenario.yaml")
    assert "the folder" in str(info.value) and "typo" in str(info.value) and "does not exist" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_a_folder_should_be_is_named(tmp_path, bank):
    afile = write(tmp_path, "afile", "x")
    with pytest.raises(FileError) as info:
        bank.save(afile / "scenario.yaml")
    assert f"{afile} is not a folder" in str(info.value)
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(FileError, match="is a folder"):
        bank.save(tmp_path / "folder.yaml")


def test_a_read_only_folder_gives_an_error_naming_the_output(tmp_path, bank, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(FileError) as info:
        bank.save(tmp_path / "scenario.yaml")
    assert str(tmp_path / "scenario.yaml") in str(info.value) and "Permission denied" in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="the superuser writes into read-only folders")
def test_a_really_read_only_folder(tmp_path, bank):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FileError, match="cannot be written"):
            bank.save(folder / "scenario.yaml")
    finally:
        folder.chmod(0o700)


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = write(tmp_path, "out.html", "keep me")

    def half_then_full(tmp: Path) -> None:
        tmp.write_text("half a rep", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    with pytest.raises(FileError) as info:
        write_atomic(path, half_then_full)
    message = str(info.value)
    assert message.startswith(str(path)) and "No space left on device" in message and ".tmp" not in message
    assert path.read_text() == "keep me" and [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_save_refuses_a_scenario_that_could_not_be_read_back(tmp_path, bank, monkeypatch):
    monkeypatch.setattr("svcdesign.model.scenario.MAX_VALUES", 100)
    with pytest.raises(FileError, match="more than a scenario file may hold"):
        bank.save(tmp_path / "scenario.yaml")
    assert list(tmp_path.iterdir()) == []
