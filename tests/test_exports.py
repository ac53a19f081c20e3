"""Exports: tables to Excel (read back with openpyxl and pandas), figures to PNG/SVG and HTML to PDF (Chromium)."""

from __future__ import annotations

import asyncio
import io
import re
import struct
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from svcdesign.errors import FileError, InputError
from svcdesign.present import figure_to_image, html_to_pdf, tables_to_excel
from svcdesign.present.exports import SHEET_CHARACTERS

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (make browser)")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _comparison() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Staff cost (USD/week)": [30304.83, 29220.83],
            "Service level (%)": [76.5, 72.8],
            "Agents": np.array([12, 10], dtype=np.int64),
            "Note": ["as described", '=HYPERLINK("http://x","click")'],
        },
        index=pd.Index(["as described", "cut 2"], name="option"),
    )


# ------------------------------------------------------------------------------------ Excel
def test_excel_round_trips_values_sheets_and_index(tmp_path):
    per_stage = pd.DataFrame({"stage": ["representative", "back office"], "ASA (s)": [19.7, np.inf]})
    data = tables_to_excel({"Comparison": _comparison(), "Per stage": per_stage}, tmp_path / "out.xlsx", title="T")
    assert (tmp_path / "out.xlsx").read_bytes() == data
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["Comparison", "Per stage"]
    comparison = sheets["Comparison"].set_index("option")
    pd.testing.assert_frame_equal(comparison, _comparison(), check_dtype=False, check_index_type=False)
    # the default 0, 1, 2 … index is not written; infinity is text, numbers are numbers
    assert list(sheets["Per stage"].columns) == ["stage", "ASA (s)"]
    assert sheets["Per stage"]["ASA (s)"].tolist() == [19.7, "∞"]
    book = load_workbook(io.BytesIO(data))
    assert book.properties.title == "T"
    sheet = book["Comparison"]
    assert sheet["B2"].data_type == "n" and sheet["D3"].value == 10 and isinstance(sheet["D3"].value, int)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "B2"  # the header row and the index column
    assert sheet.column_dimensions["B"].width >= len("Staff cost (USD/week)")


def test_excel_text_that_looks_like_a_formula_stays_text(tmp_path):
    hostile = pd.DataFrame({"=cmd|' /C calc'!A0": ["=1+1", "+SUM(A1:A2)", "-2+3", "@A1", "plain"]})
    data = tables_to_excel({"x": hostile})
    book = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in book["x"].iter_rows()]
    assert [c.value for c in cells] == [hostile.columns[0], *hostile.iloc[:, 0]]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True, True, True, True, True, False]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere


def test_excel_sheet_names_follow_excel_rules():
    frame = pd.DataFrame({"a": [1]})
    hostile = "options [a]: *cut*? / back\\office — a name of more than forty characters"
    names = [hostile, hostile.replace("[", ":"), "'quoted'", "", "History", "sheet", "SHEET"]
    data = tables_to_excel({name: frame for name in names})
    sheets = load_workbook(io.BytesIO(data)).sheetnames
    assert len(sheets) == len(names)
    assert len({s.casefold() for s in sheets}) == len(sheets)  # unique, whatever the case
    for sheet in sheets:
        assert 0 < len(sheet) <= SHEET_CHARACTERS
        assert not set(sheet) & set("[]:*?/\\")
        assert not sheet.startswith("'") and not sheet.endswith("'")
        assert sheet.casefold() != "history"
    assert sheets[:2] == ["options _a__ _cut__ _ back_offi", "options _a__ _cut__ _ back_ (2)"]


def test_excel_keeps_types_of_awkward_values():
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(["2024-03-01 09:15", None]).tz_localize("Europe/London"),
            "flag": [True, False],
            "text": pd.array(["bell\x07 here", pd.NA], dtype="string"),
            "value": [np.nan, -np.inf],
        }
    )
    frame.columns = pd.MultiIndex.from_tuples([("time", "start"), ("ok", ""), ("a", "b"), ("money", "USD")])
    book = load_workbook(io.BytesIO(tables_to_excel({"t": frame})))
    rows = list(book["t"].iter_rows(values_only=True))
    assert rows[0] == ("time / start", "ok", "a / b", "money / USD")
    assert rows[1][0].isoformat() == "2024-03-01T09:15:00" and rows[1][1] is True
    assert rows[1][2] == "bell\ufffd here" and rows[1][3] is None
    assert rows[2] == (None, False, None, "−∞")


def test_excel_refuses_bad_input(tmp_path):
    with pytest.raises(InputError, match="tables"):
        tables_to_excel({})
    with pytest.raises(InputError, match="DataFrame"):
        tables_to_excel({"a": [1, 2]})  # type: ignore[dict-item]
    with pytest.raises(InputError, match=r"\.xlsx"):
        tables_to_excel({"a": pd.DataFrame()}, tmp_path / "out.csv")
    with pytest.raises(FileError, match="does not exist"):
        tables_to_excel({"a": pd.DataFrame({"x": [1]})}, tmp_path / "missing" / "out.xlsx")
    assert list(tmp_path.iterdir()) == []  # nothing written


# ----------------------------------------------------------------------------------- images
def _figure() -> go.Figure:
    return go.Figure(go.Bar(x=["as described", "cut 2"], y=[76.5, 72.8]), layout={"title": "Service level (%)"})


@pytest.mark.slow
@needs_chromium
def test_figure_to_png_has_the_size_asked_for(tmp_path):
    data = figure_to_image(_figure(), tmp_path / "fig.png", width=640, height=360, scale=2)
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1280, 720)
    assert (tmp_path / "fig.png").read_bytes() == data


@pytest.mark.slow
@needs_chromium
def test_figure_to_svg_is_xml_of_the_size_asked_for():
    root = ElementTree.fromstring(figure_to_image(_figure(), format="svg", width=500, height=300))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("500", "300")
    assert "Service level (%)" in "".join(root.itertext())


def test_figure_to_image_refuses_bad_input(tmp_path):
    with pytest.raises(InputError, match="fig"):
        figure_to_image({"data": []})
    with pytest.raises(InputError, match="format"):
        figure_to_image(_figure(), format="gif")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="width"):
        figure_to_image(_figure(), width=0)
    with pytest.raises(InputError, match=r"\.svg"):
        figure_to_image(_figure(), tmp_path / "fig.png", format="svg")


# -------------------------------------------------------------------------------------- PDF
def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.slow
@needs_chromium
def test_report_prints_to_pdf(tmp_path):
    figure = _figure().to_html(include_plotlyjs=True, full_html=False)
    wide = pd.DataFrame(np.arange(40.0).reshape(1, 40)).to_html()  # wider than the paper: shrunk to fit
    page = tmp_path / "report.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>Review</h1>{figure}{wide}"
        "<img src='https://example.invalid/logo.png' alt='a logo on the network, refused'>"
        "<div style='page-break-before:always'>second page</div></body></html>",
        encoding="utf-8",
    )
    data = html_to_pdf(page, tmp_path / "report.pdf")
    assert data.startswith(b"%PDF-") and _pages(data) == 2
    assert (tmp_path / "report.pdf").read_bytes() == data
    boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", data)}
    assert boxes == {(0, 0, 596, 843)}  # A4 (210 × 297 mm) in points


@pytest.mark.slow
@needs_chromium
def test_html_text_prints_to_pdf():
    data = html_to_pdf("<p>One page</p>")
    assert data.startswith(b"%PDF-") and _pages(data) >= 1


@pytest.mark.slow
@needs_chromium
def test_pdf_prints_from_inside_a_running_event_loop():
    async def notebook_cell() -> bytes:  # Jupyter runs cells inside an asyncio loop
        return html_to_pdf("<p>from a notebook</p>")

    assert asyncio.run(notebook_cell()).startswith(b"%PDF-")


def test_pdf_without_a_browser_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(InputError, match="Chromium or Chrome") as error:
        html_to_pdf("<p>x</p>")
    assert error.value.field == "browser"
    with pytest.raises(InputError, match="Chromium or Chrome"):
        figure_to_image(_figure())


def test_pdf_refuses_bad_input(tmp_path):
    with pytest.raises(InputError, match="existing HTML file"):
        html_to_pdf(tmp_path / "missing.html")
    with pytest.raises(InputError, match=r"\.pdf"):
        html_to_pdf("<p>x</p>", tmp_path / "out.html")
