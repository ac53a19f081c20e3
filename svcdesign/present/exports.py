"""Exports a client can open without Python: tables to Excel, figures to PNG or SVG, reports to PDF.

- :func:`tables_to_excel` — tables (a comparison, the per-stage summary, saved what-ifs side by side)
  as an Excel workbook, one sheet per table (openpyxl);
- :func:`figure_to_image` — a plotly figure as a PNG or SVG image (kaleido, driving a headless
  Chromium or Chrome; plotly.js is read from the plotly package, so no network is needed);
- :func:`html_to_pdf` — an HTML page, such as a report (:func:`svcdesign.present.report`), printed to
  PDF by headless Chromium (Playwright), A4 with backgrounds, offline.

Each returns the file's bytes and, given a ``path``, also writes them there all at once
(:func:`svcdesign._files.write_atomic`: the folder must exist; a failure leaves nothing half-written).
The browser is the one named by the environment variable ``BROWSER_PATH`` (kaleido's own setting)
when set, else the first of :data:`BROWSERS` found on the ``PATH``, else the browser that kaleido or
Playwright installed for itself; none at all is a clear :class:`~svcdesign.errors.InputError`.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
import re
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from .._files import display_path, write_atomic
from ..errors import InputError, shown

SHEET_CHARACTERS = 31
"""Longest sheet name Excel accepts, characters."""

SHEET_FORBIDDEN = "[]:*?/\\"
"""Characters Excel refuses in a sheet name (each is written as ``_``)."""

CELL_CHARACTERS = 32_767
"""Most characters an Excel cell holds; longer text is cut, ending in "…"."""

COLUMN_WIDTH = (8, 60)
"""Narrowest and widest column an Excel sheet is given, in characters of the default font."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read typed text as a formula: text starting so is stored as
text with Excel's quote prefix (shown as typed, never calculated, also after the cell is edited)."""

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Browser commands looked for on the ``PATH`` (after ``BROWSER_PATH``) for images and PDF."""

BROWSER_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""Chromium's flags for printing: no sandbox (it needs user namespaces, absent in containers and as
root), no GPU, and no background traffic (updates, sync)."""

IMAGE_PIXELS = (10, 10_000)
"""Smallest and largest image side, pixels."""

IMAGE_SIZE = (1000, 600)
"""Image width and height when neither the call nor the figure's layout gives them, pixels."""

PDF_PAGE = {"format": "A4", "margin": {"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}}
"""The PDF's paper and margins."""

PDF_VIEWPORT = {"width": 703, "height": 1032}
"""The page's window while it loads, CSS pixels: A4 within the margins (186 × 273 mm at 96 pixels an
inch), so the page — responsive figures too — is laid out at the width it is printed at."""

PDF_SMALLEST_ZOOM = 0.3
"""Least a table, image or figure wider than the paper is shrunk to fit it (anything wider is cut)."""

PDF_TIMEOUT_MS = 120_000
"""Longest wait for the page to load and print, milliseconds."""

_T = TypeVar("_T")


# ------------------------------------------------------------------------------------ Excel
def tables_to_excel(
    tables: Mapping[str, pd.DataFrame], path: str | os.PathLike | None = None, *, title: str | None = None
) -> bytes:
    """Tables as an Excel workbook (``.xlsx``), one sheet per table; the workbook's bytes.

    Parameters
    ----------
    tables:
        ``{sheet name: table}`` in the order the sheets appear. A name is made one Excel accepts: the
        characters ``[ ] : * ? / \\`` become ``_``, it is cut to 31 characters and made unique (a number
        added); a table's index is written as its first columns unless it is the default 0, 1, 2 …
        Column labels of several levels are joined with " / ".
    path:
        Also write the workbook to this ``.xlsx`` file (its folder must exist), all at once.
    title:
        The workbook's title (its document properties).

    Returns
    -------
    bytes
        The ``.xlsx`` file. In each sheet the header row is bold and frozen (with the index columns)
        and filterable, columns are as wide as their contents (8–60 characters), numbers are stored as
        numbers (missing values as empty cells, ±infinity as the text ``∞``/``−∞``), dates and times as
        such (a time zone dropped: the local time is kept) and everything else as text — never as a
        formula, whatever it starts with.

    Raises
    ------
    InputError
        For no tables, a table that is not a pandas DataFrame, or a path not ending in ``.xlsx``;
        :class:`~svcdesign.errors.FileError` when the file cannot be written.
    """
    from openpyxl import Workbook

    if not isinstance(tables, Mapping) or not tables:
        raise InputError("tables", tables, "a non-empty mapping of sheet name to pandas DataFrame")
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame):
            raise InputError(f"tables[{shown(name)}]", type(table).__name__, "a pandas DataFrame")
    if path is not None:
        _check_suffix(path, (".xlsx",), "path")
    book = Workbook(write_only=True)  # streamed: a sheet of 100,000 rows takes seconds, not tens of seconds
    if title is not None:
        book.properties.title = _clean_text(str(title))[:255]
    book.properties.creator = "svcdesign"
    for name, table in zip(_sheet_names([str(n) for n in tables]), tables.values(), strict=True):
        _write_sheet(book.create_sheet(name), table)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        write_atomic(path, lambda tmp: tmp.write_bytes(data))
    return data


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts for ``names``, in order, unique without regard to case."""
    out: list[str] = []
    taken: set[str] = set()
    for raw in names:
        name = "".join("_" if c in SHEET_FORBIDDEN else c for c in _CONTROL.sub("", raw)).strip()
        name = name.strip("'").strip() or "Sheet"  # Excel refuses a leading or trailing apostrophe
        if name.casefold() == "history":  # reserved by Excel
            name = "History_"
        candidate, number = name[:SHEET_CHARACTERS], 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = name[: SHEET_CHARACTERS - len(suffix)].rstrip("'") + suffix
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _write_sheet(sheet: Any, table: pd.DataFrame) -> None:
    """``table`` into a streaming ``sheet``: widths and frozen panes first, then the header and the rows."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    keep_index = not (
        isinstance(table.index, pd.RangeIndex)
        and table.index.name is None
        and table.index.start == 0
        and table.index.step == 1
    )
    headers: list[str] = []
    columns: list[np.ndarray] = []
    if keep_index:
        for level, name in enumerate(table.index.names):
            headers.append("" if name is None else str(name))
            columns.append(np.asarray(table.index.get_level_values(level), dtype=object))
    for position, label in enumerate(table.columns):
        parts = label if isinstance(label, tuple) else (label,)
        headers.append(" / ".join(str(p) for p in parts if str(p) != ""))
        columns.append(np.asarray(table.iloc[:, position], dtype=object))
    cells: list[list[Any]] = []
    for col, values in enumerate(columns):
        converted = [_cell_value(value) for value in values]
        width = max([len(headers[col]), *(shown for _, shown in converted)])
        letter = get_column_letter(col + 1)
        sheet.column_dimensions[letter].width = min(max(width + 2, COLUMN_WIDTH[0]), COLUMN_WIDTH[1])
        cells.append([_text_cell(sheet, WriteOnlyCell, v) if isinstance(v, str) else v for v, _ in converted])
    sheet.freeze_panes = f"{get_column_letter((table.index.nlevels if keep_index else 0) + 1)}2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(table) + 1}"
    bold = Font(bold=True)
    header = [_text_cell(sheet, WriteOnlyCell, _clean_text(text), force=True) for text in headers]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    for row in zip(*cells, strict=True):
        sheet.append(row)


def _cell_value(value: Any) -> tuple[Any, int]:
    """One value as a cell holds it — its type kept, text as ``str`` — and the width it shows at, characters."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None, 0
    if isinstance(value, bool):
        return value, 5
    if isinstance(value, int | Decimal):
        return value, len(f"{value:,}")
    if isinstance(value, float):
        if math.isnan(value):
            return None, 0
        if math.isinf(value):
            return ("∞" if value > 0 else "−∞"), 2
        return value, min(len(repr(value)), 12)  # Excel's General format shows at most 11 digits
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=None), 19
    if isinstance(value, pd.Timedelta):
        value = value.to_pytimedelta()
    if isinstance(value, _dt.date | _dt.time | _dt.timedelta):
        return value, len(str(value))
    text = _clean_text(str(value))
    return text, max((len(line) for line in text.splitlines()), default=0)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""Characters an Excel file cannot hold (XML 1.0): control characters but tab and line ends, lone surrogates."""


def _clean_text(text: str) -> str:
    """``text`` as an Excel cell can hold it: characters XML cannot carry shown as U+FFFD, cut to length."""
    text = _CONTROL.sub("\ufffd", text)
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"


def _text_cell(sheet: Any, cell_type: Any, text: str, force: bool = False) -> Any:
    """``text`` for a cell, as text — never a formula: plain text as it is; text that a spreadsheet would
    read as a formula (or any text, with ``force``) as a cell typed text, with the quote prefix that keeps
    it text when the cell is edited."""
    formula = text.startswith(FORMULA_START)
    if not (formula or force):
        return text
    cell = cell_type(sheet, value=text)
    cell.data_type = "s"  # openpyxl reads text starting with "=" as a formula: it is text
    if formula:
        cell.quotePrefix = True
    return cell


# ----------------------------------------------------------------------------------- images
def figure_to_image(
    fig: Any,
    path: str | os.PathLike | None = None,
    *,
    format: Literal["png", "svg"] = "png",
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
) -> bytes:
    """A plotly figure as a PNG or SVG image; the image's bytes.

    Parameters
    ----------
    fig:
        A plotly ``Figure`` or ``FigureWidget`` (e.g. one of the dashboard's figures).
    path:
        Also write the image to this file (ending ``.png`` or ``.svg`` as ``format``; its folder must
        exist), all at once.
    format:
        ``"png"`` or ``"svg"``.
    width, height:
        The image's size in pixels (10–10,000; a PNG has ``scale`` times as many); default: the
        figure's layout size, else 1000 × 600.
    scale:
        Pixels per layout pixel of a PNG (0.1–10; 2 for a sharp image on a high-resolution screen).

    Returns
    -------
    bytes
        The image. Drawn by kaleido in a headless Chromium or Chrome with the plotly.js of the
        installed plotly package, MathJax off: no network is used.

    Raises
    ------
    InputError
        For a figure that is not a plotly figure, an unknown format, a size or scale out of range, a
        path whose ending does not match ``format``, or no browser to draw with.
    """
    from plotly.basedatatypes import BaseFigure

    if not isinstance(fig, BaseFigure):
        raise InputError("fig", type(fig).__name__, "a plotly Figure or FigureWidget")
    if format not in ("png", "svg"):
        raise InputError("format", format, "'png' or 'svg'")
    layout = fig.layout
    size = {
        "width": _pixels("width", width if width is not None else (layout.width or IMAGE_SIZE[0])),
        "height": _pixels("height", height if height is not None else (layout.height or IMAGE_SIZE[1])),
    }
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0.1 <= scale <= 10:
        raise InputError("scale", scale, "a number from 0.1 to 10")
    if path is not None:
        _check_suffix(path, (f".{format}",), "path")
    try:
        import kaleido  # type: ignore[import-untyped]
        from kaleido.errors import BrowserFailedError, ChromeNotFoundError  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            "kaleido", "not installed", "kaleido to draw figures as images: pip install 'svcdesign[notebooks]'"
        ) from None
    options: dict[str, Any] = {"mathjax": False}
    browser = _browser()
    if browser is not None:
        options["path"] = browser
    try:
        data = kaleido.calc_fig_sync(
            fig.to_dict(), opts={"format": format, "scale": float(scale), **size}, kopts=options
        )
    except ChromeNotFoundError:
        raise _no_browser(browser) from None
    except BrowserFailedError as error:  # a program that is not a working browser
        raise _no_browser(browser, " ".join(str(part) for part in error.args[:1])) from None
    if isinstance(data, str):  # kaleido returns SVG as text on some versions
        data = data.encode("utf-8")
    if path is not None:
        write_atomic(path, lambda tmp: tmp.write_bytes(data))
    return bytes(data)


def _pixels(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(field, value, f"a whole number of pixels from {IMAGE_PIXELS[0]} to {IMAGE_PIXELS[1]:,}")
    if value != int(value) or not IMAGE_PIXELS[0] <= value <= IMAGE_PIXELS[1]:
        raise InputError(field, value, f"a whole number of pixels from {IMAGE_PIXELS[0]} to {IMAGE_PIXELS[1]:,}")
    return int(value)


# -------------------------------------------------------------------------------------- PDF
def html_to_pdf(html: str | os.PathLike, path: str | os.PathLike | None = None) -> bytes:
    """An HTML page printed to PDF by headless Chromium (A4, backgrounds printed); the PDF's bytes.

    Parameters
    ----------
    html:
        The page: a path to an HTML file (a ``Path``, or text not starting with ``<``) such as a report
        written by :func:`svcdesign.present.report`, or the HTML itself (text starting with ``<``).
    path:
        Also write the PDF to this ``.pdf`` file (its folder must exist), all at once.

    Returns
    -------
    bytes
        The PDF. The page is laid out at the width of A4 within its margins (so responsive figures fit
        the paper), its scripts run (plotly figures are drawn), a table, image or figure wider than the
        paper is shrunk to fit it, and Chromium prints it (print styles apply). It is printed
        offline: requests to the network are refused, so a page must carry what it shows (svcdesign's
        reports do).

    Raises
    ------
    InputError
        For a missing HTML file, a page that does not load within two minutes, a path not ending in
        ``.pdf``, or no Chromium or Playwright to print with.
    """
    if path is not None:
        _check_suffix(path, (".pdf",), "path")
    url, content = _page(html)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise InputError(
            "playwright", "not installed", "Playwright to print PDF: pip install 'svcdesign[notebooks]'"
        ) from None
    browser_path = _browser()

    def refuse_network(route: Any) -> None:
        if route.request.url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")):
            route.abort()
        else:
            route.continue_()

    def work() -> bytes:
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=browser_path, args=list(BROWSER_ARGS))
            except PlaywrightError as error:
                raise _no_browser(browser_path, str(error)) from None
            try:
                page = browser.new_page(viewport=PDF_VIEWPORT)  # type: ignore[arg-type]
                page.set_default_timeout(PDF_TIMEOUT_MS)
                page.route("**/*", refuse_network)
                try:
                    if url is not None:
                        page.goto(url, wait_until="load")
                    else:
                        page.set_content(content, wait_until="load")
                    page.emulate_media(media="print")
                    page.evaluate(_SETTLED, PDF_SMALLEST_ZOOM)
                    return page.pdf(print_background=True, **PDF_PAGE)  # type: ignore[arg-type]
                except PlaywrightTimeout:
                    raise InputError(
                        "html", url or "the HTML given", f"a page that loads within {PDF_TIMEOUT_MS // 1000} s"
                    ) from None
            finally:
                browser.close()

    data = _in_thread(work)  # Playwright's sync API refuses to run inside a running asyncio loop (Jupyter)
    if path is not None:
        write_atomic(path, lambda tmp: tmp.write_bytes(data))
    return data


_SETTLED = """async (least) => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const room = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('table, pre, img, svg, canvas, iframe, .js-plotly-plot')) {
    if (el.parentElement && el.parentElement.closest('svg, [data-fitted]')) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > room + 1) {
      el.style.zoom = Math.max(least, (room - Math.max(box.left, 0)) / box.width);
      el.dataset.fitted = '';
    }
  }
}"""
"""Waits for the page's fonts and two frames (plotly draws its figures when its scripts run, before
load), then shrinks what is wider than the paper to fit it (CSS zoom, down to ``least``)."""


def _page(html: str | os.PathLike) -> tuple[str | None, str]:
    """``(file URL, "")`` for an HTML file, ``(None, markup)`` for HTML given as text."""
    if isinstance(html, str) and html.lstrip().startswith("<"):
        return None, html
    if not isinstance(html, str | os.PathLike):
        raise InputError("html", type(html).__name__, "HTML text or the path of an HTML file")
    file = Path(html)
    if not file.is_file():
        raise InputError("html", display_path(file), "an existing HTML file (or HTML text, starting with '<')")
    return file.resolve().as_uri(), ""


def _in_thread(work: Callable[[], _T]) -> _T:
    """``work()`` in a thread of its own (away from any running event loop); its result or its error."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="svcdesign-pdf")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# ---------------------------------------------------------------------------------- helpers
def _browser() -> str | None:
    """The browser to use: ``BROWSER_PATH`` when set, else the first of :data:`BROWSERS` on the ``PATH``,
    else ``None`` (kaleido's or Playwright's own). A ``BROWSER_PATH`` naming no file is an error."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        if not Path(chosen).is_file():
            raise _no_browser(chosen)
        return chosen
    for command in BROWSERS:
        found = shutil.which(command)
        if found:
            return found
    return None


def _no_browser(browser: str | None, detail: str = "") -> InputError:
    why = f" ({' '.join(detail.split())[:200]})" if detail else ""
    return InputError(
        "browser",
        browser or "none found",
        "a Chromium or Chrome browser: install one (Debian: apt-get install chromium; or "
        f"'playwright install chromium'), or set BROWSER_PATH to its program{why}",
    )


def _check_suffix(path: str | os.PathLike, suffixes: tuple[str, ...], field: str) -> None:
    if Path(path).suffix.lower() not in suffixes:
        raise InputError(field, display_path(path), f"a file name ending in {' or '.join(suffixes)}")


__all__ = ["figure_to_image", "html_to_pdf", "tables_to_excel"]
