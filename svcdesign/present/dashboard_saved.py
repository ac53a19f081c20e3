"""The staffing explorer's saved what-ifs: name and save the settings, load them back, compare, download.

A panel under the explorer's figures, on :mod:`svcdesign.explore.saved`:

- a name box and **Save** — the current settings (:meth:`StaffingExplorer.levers`, the week and the
  scenario picked) as ``<name>.whatif.yaml`` in the what-if folder (:func:`~svcdesign.explore.save_what_if`;
  a what-if of the same name is replaced), a file a consultant can keep in version control;
- the what-ifs saved in the folder (:func:`~svcdesign.explore.load_what_ifs`) and **Load** — the
  explorer's controls set to one of them;
- **Compare saved** — the saved what-ifs side by side with each base as described
  (:func:`~svcdesign.explore.compare_what_ifs`: the explorer's read-outs, computed as it computes them),
  and **Download (Excel)**: that table and the per-stage figures of the current settings as an ``.xlsx``
  workbook (:func:`~svcdesign.present.tables_to_excel`), a link carrying the file itself, so it works
  under Voila and JupyterLab alike.

Names and notes read from files are shown as text (:func:`~svcdesign.markup.html_text`). The panel speaks
the explorer's language (its :class:`~svcdesign.explore.wording.Wording`): its labels, messages and the table's
rows, units and numbers (the language's digits) in Arabic or Persian, right to left with the page.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from traitlets import TraitError

from ..errors import InputError
from ..explore.saved import WhatIf, compare_what_ifs, load_what_ifs, save_what_if, what_if_path
from ..explore.wording import Wording
from ..i18n.phrases import error_text
from ..markup import html_text
from .exports import tables_to_excel

FOLDER = "what-ifs"
"""The default what-if folder, in the working folder (beside the notebook under JupyterLab and Voila)."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ERROR = "#b00020"
_DONE = "#1e6b38"
_ENGLISH = Wording()


def _cell(value: float, digits: int, say: Wording) -> str:
    """A table value with ``digits`` decimals (its unit's precision), in ``say``'s digits."""
    if not np.isfinite(value):
        return "—"
    return say.local(f"{value:,.{digits}f}")


def _digits(unit: str, say: Wording) -> int:
    """A row's decimals by its unit (as :func:`~svcdesign.explore.compare_what_ifs` writes it in ``say``'s
    language): shares in % to one, satisfaction points to two, the rest (money, seconds) whole."""
    if "%" in unit or unit in (say.local("%"), say.tr("%/year")):
        return 1
    return 2 if unit == say.tr("points (0–10)") else 0


def table_html(table: pd.DataFrame, say: Wording = _ENGLISH) -> str:
    """A :func:`~svcdesign.explore.compare_what_ifs` table as HTML, scrolling inside its box when wide, in
    ``say``'s language (the table's own labels are already in it: ``compare_what_ifs(..., language=...)``)."""
    tr = say.tr
    start, end = ("right", "left") if tr.direction == "rtl" else ("left", "right")
    head = "".join(
        f"<th scope='col' style='text-align:{end};padding:2px 6px'>{html_text(c)}</th>" for c in table.columns
    )
    rows = []
    for (label, unit), values in zip(table.index, table.to_numpy(dtype=float), strict=True):
        digits = _digits(unit, say)
        cells = "".join(
            f"<td style='text-align:{end};padding:2px 6px'>{_cell(float(v), digits, say)}</td>" for v in values
        )
        rows.append(
            f"<tr><th scope='row' style='text-align:{start};font-weight:normal;padding:2px 6px'>{html_text(label)}</th>"
            f"<td style='padding:2px 6px;color:#333'>{html_text(unit)}</td>{cells}</tr>"
        )
    caption, read_out, unit_word = tr("Saved what-ifs side by side"), tr("Read-out"), tr("Unit")
    return (
        "<div class='svcdesign-what-if-table' style='overflow-x:auto;max-width:100%'>"
        "<table style='border-collapse:collapse;font-size:90%'>"
        f"<caption style='text-align:{start};caption-side:top'>{caption}</caption>"
        f"<thead><tr><th scope='col' style='text-align:{start}'>{read_out}</th>"
        f"<th scope='col'>{unit_word}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def download_link(data: bytes, filename: str, label: str) -> str:
    """An HTML link that downloads ``data`` as ``filename`` (the file carried in a ``data:`` address)."""
    address = f"data:{XLSX};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f"<a class='svcdesign-download' download='{html_text(filename)}' href='{address}' "
        "style='display:inline-block;padding:4px 12px;border:1px solid #0072B2;border-radius:3px;"
        f"color:#00508a;text-decoration:none'>{html_text(label)}</a>"
    )


class WhatIfPanel:
    """Save, load, compare and download the explorer's what-ifs (see the module).

    Parameters
    ----------
    explorer:
        The :class:`~svcdesign.present.StaffingExplorer` whose settings are saved and set.
    folder:
        The what-if folder (default :data:`FOLDER` in the working folder); created on the first save.

    Attributes
    ----------
    widget:
        The panel.
    what_ifs:
        The what-ifs saved in the folder, by name (as last read).
    table:
        The last side-by-side table (:func:`~svcdesign.explore.compare_what_ifs`), or ``None``.
    """

    def __init__(self, explorer: Any, folder: str | Path | None = None) -> None:
        w = explorer._w
        self.explorer = explorer
        self.say: Wording = getattr(explorer, "_say", _ENGLISH)
        tr = self.say.tr
        self.folder = Path(folder) if folder is not None else Path.cwd() / FOLDER
        self.what_ifs: dict[str, WhatIf] = {}
        self.table: pd.DataFrame | None = None
        style = {"description_width": "80px"}
        self.name = w.Text(
            description=tr("Name"),
            placeholder=tr("e.g. two fewer representatives"),
            style=style,
            description_allow_html=False,
            layout=w.Layout(flex="1 1 200px", min_width="0", max_width="330px"),
        )
        self.save_button = w.Button(description=tr("Save"), tooltip=tr("Save the current settings under this name"))
        self.saved = w.Dropdown(
            description=tr("Saved"),
            options=[],
            style=style,
            description_allow_html=False,
            layout=w.Layout(flex="1 1 200px", min_width="0", max_width="330px"),
        )
        self.load_button = w.Button(description=tr("Load"), tooltip=tr("Set the controls to the saved what-if"))
        self.compare_button = w.Button(
            description=tr("Compare saved"), tooltip=tr("The saved what-ifs side by side, and an Excel download")
        )
        self.message = w.HTML()
        self.comparison = w.HTML()
        self.download = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.load())
        self.compare_button.on_click(lambda _: self.compare())
        wrap = {"flex_flow": "row wrap", "align_items": "center", "grid_gap": "4px"}
        heading, folder = tr("Saved what-ifs"), f"<code dir='ltr'>{html_text(self._shown_folder())}</code>"
        self.widget = w.VBox(
            [
                w.HTML(
                    f"<h4 style='margin:10px 0 2px;font-size:110%'>{heading}</h4>"
                    "<div style='font-size:90%;color:#333'>"
                    + tr(
                        "Name the current settings and save them as a file in {folder}; load one back, or compare "
                        "them side by side.",
                        folder=folder,
                    )
                    + "</div>"
                ),
                w.Box([self.name, self.save_button], layout=w.Layout(**wrap)),
                w.Box([self.saved, self.load_button, self.compare_button], layout=w.Layout(**wrap)),
                self.message,
                self.comparison,
                self.download,
            ]
        )
        self.widget.add_class("svcdesign-what-ifs")

    def _shown_folder(self) -> str:
        """The folder as the user sees it: relative to the working folder when inside it."""
        try:
            return str(self.folder.resolve().relative_to(Path.cwd().resolve())) + "/"
        except ValueError:
            return str(self.folder)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.value = (
            f"<div style='color:{_ERROR if error else _DONE}'>{'⚠ ' if error else ''}{html_text(text)}</div>"
        )

    # ----------------------------------------------------------------------------- actions
    def current(self, name: str) -> WhatIf:
        """The explorer's current settings as a what-if named ``name``."""
        e = self.explorer
        return WhatIf(
            name=name, base=e.controls["scenario"].value, levers=e.levers(), week=e.controls["week"].value or None
        )

    def save(self) -> Path | None:
        """Save the current settings under the name typed (the file written, or ``None`` on an error)."""
        try:
            what_if = self.current(self.name.value.strip())
            self.folder.mkdir(parents=True, exist_ok=True)
            replaced = what_if_path(what_if.name, self.folder).exists()
            path = save_what_if(what_if, self.folder, overwrite=True)
        except (InputError, OSError) as error:
            self._say(error_text(error, self.say.language), error=True)
            return None
        self.refresh()
        self.saved.value = what_if.name
        tr = self.say.tr
        self._say(
            tr("Saved '{name}' as {file} (replacing the earlier one).", name=what_if.name, file=path.name)
            if replaced
            else tr("Saved '{name}' as {file}.", name=what_if.name, file=path.name)
        )
        return path

    def refresh(self) -> None:
        """Read the what-ifs saved in the folder again."""
        try:
            found = load_what_ifs(self.folder) if self.folder.is_dir() else []
        except InputError as error:
            found = []
            self._say(error_text(error, self.say.language), error=True)
        self.what_ifs = {item.name: item for item in found}
        keep = self.saved.value
        self.saved.options = list(self.what_ifs)
        if keep in self.what_ifs:
            self.saved.value = keep

    def load(self, name: str | None = None) -> None:
        """Set the explorer's controls to a saved what-if (default: the one picked)."""
        name = name if name is not None else self.saved.value
        if name not in self.what_ifs:
            self._say(self.say.tr("Pick a saved what-if first."), error=True)
            return
        what_if = self.what_ifs[name]
        e = self.explorer
        if what_if.base not in e.controls["scenario"].options:
            self._say(
                self.say.tr(
                    "'{name}' starts from '{base}', which this explorer does not offer.", name=name, base=what_if.base
                ),
                error=True,
            )
            return
        try:
            if e.controls["scenario"].value != what_if.base:
                e.controls["scenario"].value = what_if.base  # loads the scenario
            levers = what_if.levers
            e.set(
                staff={name: int(levers.staff.get(name, 0)) for name in e.staff_names},
                growth=levers.growth,
                peak=levers.peak,
                handle=levers.handle,
                escalation=levers.escalation,
                patience=levers.patience,
                budget=levers.budget,
                week=what_if.week or 0,
            )
        except (InputError, ValueError, TraitError) as error:  # a hand-edited file the controls cannot show
            self._say(
                self.say.tr(
                    "'{name}' could not be shown: {error}", name=name, error=error_text(error, self.say.language)
                ),
                error=True,
            )
            return
        self._say(self.say.tr("Showing '{name}'.", name=name))

    def compare(self) -> pd.DataFrame | None:
        """The saved what-ifs side by side (and each base as described), with an Excel download."""
        say, tr = self.say, self.say.tr
        self.refresh()
        if not self.what_ifs:
            self._say(tr("Save a what-if first: there is nothing to compare yet."), error=True)
            return None
        try:
            table = compare_what_ifs(list(self.what_ifs.values()), bases=self.explorer._custom, language=say.language)
        except InputError as error:
            self._say(error_text(error, self.say.language), error=True)
            return None
        self.table = table
        self.comparison.value = table_html(table, say)
        tables = {tr("What-ifs side by side"): table}
        if self.explorer.results is not None:
            tables[tr("Current settings by stage")] = self.explorer.results.summary()
        data = tables_to_excel(tables, title=tr("Staffing what-ifs"))
        self.download.value = download_link(data, "what-ifs.xlsx", tr("Download (Excel)"))
        count = len(self.what_ifs)
        if say.english:
            self._say(f"{count} saved what-if{'s' if count != 1 else ''} compared.")
        else:
            self._say(tr("Saved what-ifs compared: {n}.", n=say.number(count)))
        return table


__all__ = ["FOLDER", "WhatIfPanel", "download_link", "table_html"]
