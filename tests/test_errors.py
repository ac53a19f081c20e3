"""The error types users see: whole after pickling (a Dask worker sends them back pickled)."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.errors import FileError, InputError
from svcdesign.i18n.phrases import Phrase, tr

values = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40), st.lists(st.integers()))


@settings(derandomize=True, max_examples=60)
@given(field=st.text(min_size=1, max_size=20), value=values, allowed=st.text(max_size=40), source=st.none() | st.text())
def test_an_input_error_survives_pickling(field, value, allowed, source):
    error = InputError(field, value, allowed, source=source)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is InputError and str(back) == str(error)
    assert (back.field, back.value, back.allowed, back.source) == (field, value, allowed, source)


def test_a_file_error_and_a_translated_phrase_survive_pickling():
    error = FileError("log.csv", "a row with 3 fields", "9 fields per row", line=12, column=4, field="row")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is FileError and str(back) == str(error)
    assert (back.path, back.line, back.column, back.problem, back.field) == (
        "log.csv",
        12,
        4,
        "a row with 3 fields",
        "row",
    )
    allowed = Phrase(tr("a number in [{low}, {high}]"), low=0, high=1)
    phrased = pickle.loads(pickle.dumps(InputError("shrinkage", 2, allowed)))
    assert phrased.allowed == allowed and str(phrased) == str(InputError("shrinkage", 2, allowed))
