"""The staffing explorer's page layout: a style sheet for any width, and labels for assistive technology.

- :data:`STYLE` — the explorer's CSS, scoped to ``.svcdesign-explorer``: the controls beside the results
  on a wide screen and above them below 900 pixels; nothing wider than its container (``min-width: 0``,
  ``max-width: 100%``), read-outs in a grid that wraps, tab labels written out in full and wrapping, a
  service desk's skills table as one card per row where its box is narrow (a container query).
  Right to left (Arabic, Persian: the root's class ``svcdesign-rtl``): the page's direction is ``rtl``, so the
  controls come first at the right and text aligns right; a slider's track and a figure keep their own
  left-to-right drawing (the figures place their titles and legends at the right themselves).
  It travels inside an ``ipywidgets.HTML`` (a ``<style>`` element), so JupyterLab and Voila apply it alike.
- :func:`page_widget` — a widget without a view of its own whose script sets ``dir="rtl"`` on a right-to-left
  explorer's root, (a) names every slider for
  screen readers (ipywidgets draws the handle as an unnamed ``role="slider"``): the handle takes the
  slider's description, or for a staff slider the words the explorer wrote in its name's ``data-aria``
  ("Staff at <stage>: people added or removed", in the explorer's language), as its ``aria-label``, and the
  explorer's own read-out beside it (a right-to-left explorer's, in the language's digits) as its
  ``aria-valuetext``;
  each figure is described by the sentence under it (``aria-describedby``); and (b) fits each figure to
  its container: plotly's FigureWidget draws before it is in the page (at plotly's default 700 pixels),
  so when a figure's width differs from its container's the script asks plotly to resize (the figures
  are ``responsive``: they follow the window's resize event).
"""

from __future__ import annotations

from typing import Any

NARROW_PX = 900
"""Below this window width (pixels) the controls sit above the results instead of beside them."""
CARDS_BELOW_PX = 640
"""Below this width of its box (pixels) the skills table of a service desk shows each row as a card."""

STYLE = f"""
<style>
.svcdesign-explorer {{ box-sizing: border-box; max-width: 100%; min-width: 0; }}
.svcdesign-explorer * {{ box-sizing: border-box; }}
.svcdesign-explorer .widget-box, .svcdesign-explorer .jupyter-widgets {{ min-width: 0; max-width: 100%; }}
.svcdesign-explorer .svcdesign-body {{ display: flex; flex-flow: row nowrap; gap: 12px; width: 100%; }}
.svcdesign-explorer .svcdesign-levers {{ flex: 0 0 430px; width: 430px; }}
.svcdesign-explorer .svcdesign-results {{ flex: 1 1 0; min-width: 0; }}
.svcdesign-explorer .widget-html-content {{ white-space: normal; overflow-wrap: anywhere; line-height: 1.4; }}
.svcdesign-explorer .svcdesign-kpis {{
  display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; width: 100%;
}}
.svcdesign-explorer .svcdesign-kpi {{ border: 1px solid #767676; padding: 2px 8px; height: auto; }}
.svcdesign-explorer .svcdesign-control {{ width: 100%; max-width: 430px; }}
.svcdesign-explorer .widget-slider .widget-readout {{ min-width: 44px; }}
.svcdesign-explorer .svcdesign-readout .widget-html-content {{ text-align: center; }}
.svcdesign-explorer .svcdesign-staff {{ width: 100%; max-width: 430px; }}
.svcdesign-explorer .svcdesign-staff .widget-slider {{ flex: 1 1 auto; width: auto; }}
.svcdesign-explorer .widget-tab > .lm-TabBar {{ height: auto; min-height: 0; overflow: visible; }}
.svcdesign-explorer .widget-tab > .lm-TabBar .lm-TabBar-content {{ flex-wrap: wrap; }}
.svcdesign-explorer .widget-tab > .lm-TabBar .lm-TabBar-tab {{
  flex: 0 0 auto; max-width: none; min-width: 0; color: #1a1a1a;
}}
.svcdesign-explorer .widget-tab > .lm-TabBar .lm-TabBar-tabLabel {{ overflow: visible; text-overflow: clip; }}
.svcdesign-explorer .svcdesign-figure-note {{ font-size: 90%; color: #333; }}
.svcdesign-explorer .svcdesign-status {{ font-size: 92%; line-height: 1.35; }}
.svcdesign-explorer .js-plotly-plot, .svcdesign-explorer .plot-container {{ max-width: 100%; }}
.svcdesign-explorer .svcdesign-view .js-plotly-plot {{ width: 100%; }}
.svcdesign-explorer .svcdesign-skills {{ container-type: inline-size; width: 100%; }}
@container (max-width: {CARDS_BELOW_PX - 1}px) {{
  .svcdesign-explorer .svcdesign-skills-table thead {{
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }}
  .svcdesign-explorer .svcdesign-skills-table,
  .svcdesign-explorer .svcdesign-skills-table tbody,
  .svcdesign-explorer .svcdesign-skills-table tr,
  .svcdesign-explorer .svcdesign-skills-table th,
  .svcdesign-explorer .svcdesign-skills-table td {{ display: block; width: 100%; }}
  .svcdesign-explorer .svcdesign-skills-table tr {{ margin-bottom: 6px; }}
  .svcdesign-explorer .svcdesign-skills-table th {{ text-align: left !important; }}
  .svcdesign-explorer.svcdesign-rtl .svcdesign-skills-table th {{ text-align: right !important; }}
  .svcdesign-explorer .svcdesign-skills-table td[data-label]::before {{
    content: attr(data-label) ": "; font-weight: 600;
  }}
}}
.svcdesign-explorer.svcdesign-rtl {{ direction: rtl; text-align: right; }}
.svcdesign-explorer.svcdesign-rtl {{
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Vazirmatn", "DejaVu Sans", Tahoma, sans-serif;
}}
.svcdesign-explorer.svcdesign-rtl .widget-html-content, .svcdesign-explorer.svcdesign-rtl .widget-label {{
  text-align: right;
}}
.svcdesign-explorer.svcdesign-rtl .widget-slider .slider-container,
.svcdesign-explorer.svcdesign-rtl .js-plotly-plot {{ direction: ltr; }}
@media (max-width: {NARROW_PX - 1}px) {{
  .svcdesign-explorer .svcdesign-body {{ flex-flow: column nowrap; }}
  .svcdesign-explorer .svcdesign-levers {{ flex: 0 0 auto; width: 100%; }}
  .svcdesign-explorer .svcdesign-results {{ flex: 0 0 auto; width: 100%; }}
}}
@media (max-width: 480px) {{
  .svcdesign-explorer .widget-label {{
    width: 112px !important; white-space: normal; line-height: 1.15; overflow: visible; align-self: center;
  }}
  .svcdesign-explorer .svcdesign-stage-name {{ width: 112px !important; }}
}}
</style>
"""
"""The explorer's style sheet (an HTML ``<style>`` element)."""

_ESM = """
function name(slider) {
  const label = slider.querySelector(':scope > .widget-label');
  const text = label ? label.textContent.trim() : '';
  if (text) return text;
  const row = slider.closest('.svcdesign-staff');
  const stage = row ? row.querySelector('.svcdesign-stage-name') : null;
  return stage ? stage.getAttribute('data-aria') || stage.textContent.trim() : '';
}
function readout(slider) {
  const out = slider.parentElement ? slider.parentElement.querySelector(':scope > .svcdesign-readout') : null;
  return out ? out.textContent.trim() : '';
}
function label(root) {
  for (const slider of root.querySelectorAll('.widget-slider')) {
    const handle = slider.querySelector('.noUi-handle');
    const text = name(slider);
    if (handle && text && handle.getAttribute('aria-label') !== text) handle.setAttribute('aria-label', text);
    const value = readout(slider);
    if (handle && value && handle.getAttribute('aria-valuetext') !== value) {
      handle.setAttribute('aria-valuetext', value);
    }
  }
  for (const view of root.querySelectorAll('.svcdesign-view')) {
    const plot = view.querySelector('.js-plotly-plot');
    const note = view.querySelector('.svcdesign-figure-note .widget-html-content');
    if (plot && note) {
      if (!note.id) note.id = 'svcdesign-note-' + Math.random().toString(36).slice(2);
      if (plot.getAttribute('aria-describedby') !== note.id) plot.setAttribute('aria-describedby', note.id);
    }
  }
}
let pending = false;
function fit(root) {
  // plotly draws a FigureWidget before it is in the page: resize those whose width is not their box's
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    for (const plot of root.querySelectorAll('.svcdesign-view .js-plotly-plot')) {
      const drawn = plot._fullLayout && plot._fullLayout.width;
      if (drawn && plot.clientWidth > 0 && Math.abs(drawn - plot.clientWidth) > 2) {
        window.dispatchEvent(new Event('resize'));
        return;
      }
    }
  });
}
export default {
  render({ el }) {
    el.style.display = 'none';
    let observer = null;
    let sizes = null;
    let tries = 0;
    const watch = (root) => {
      for (const plot of root.querySelectorAll('.svcdesign-view .js-plotly-plot')) sizes.observe(plot);
    };
    const attach = () => {
      const root = el.closest('.svcdesign-explorer');
      if (!root) {
        if (tries++ < 600) requestAnimationFrame(attach);
        return;
      }
      if (root.classList.contains('svcdesign-rtl')) root.setAttribute('dir', 'rtl');
      sizes = new ResizeObserver(() => fit(root));
      label(root);
      watch(root);
      observer = new MutationObserver(() => {
        label(root);
        watch(root);
        fit(root);
      });
      observer.observe(root, { childList: true, subtree: true });
    };
    attach();
    return () => {
      if (observer) observer.disconnect();
      if (sizes) sizes.disconnect();
    };
  },
};
"""


def page_widget() -> Any:
    """A widget that names the explorer's sliders and figures for assistive technology and fits its figures
    to their containers (see the module)."""
    import anywidget

    class _ExplorerPage(anywidget.AnyWidget):
        _esm = _ESM

    return _ExplorerPage()


__all__ = ["CARDS_BELOW_PX", "NARROW_PX", "STYLE", "page_widget"]
