"""Text a user wrote, shown as text: the escaping every view applies to it.

Scenario, stage, channel, segment and peak names, notes, sources, the organisation's name and its
currency come from files a user (or a client) wrote. Wherever such text meets markup it must show
as the characters typed and never act as markup, so no page runs script taken from a file:

- :func:`html_text` — for HTML: ``ipywidgets.HTML`` values (the browser sets them as
  ``innerHTML``), ``_repr_html_`` and the HTML report;
- :func:`plot_text` — for every string plotly.js draws (titles, axis and tick labels, legend
  entries, annotations, hover text and templates, Sankey labels, categorical x values);
- :func:`markdown_code` — for text quoted inside Markdown (a learner's answer echoed in feedback).

plotly.js (``svg_text_utils`` in the bundled ``plotly.min.js``, v4) reads a subset of HTML in its
strings — ``<a href>``, ``<b>``, ``<i>``, ``<span style>``, ``<br>`` … — and decodes only these
entities afterwards: ``&amp;`` ``&lt;`` ``&gt;`` ``&nbsp;`` ``&mu;`` ``&times;`` ``&plusmn;``
``&deg;`` and numeric ones (``&#37;``, ``&#x27;``); ``&quot;`` would show as itself. It also reads
``%{…}`` as a placeholder in hover and text templates (one pass: substituted values are not read
again) and typesets text holding two ``$`` as LaTeX when MathJax is on the page. So
:func:`plot_text` writes ``& < > % $`` as entities it decodes: the text shows as typed, and can
neither open a tag, nor inject a placeholder into a template, nor switch to LaTeX.
"""

from __future__ import annotations

import html
import re
from typing import Any

_PLOT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;", "$": "&#36;"})


def html_text(value: Any) -> str:
    """``value`` as text inside HTML (element content or a quoted attribute): ``& < > " '`` escaped."""
    return html.escape(str(value), quote=True)


def plot_text(value: Any) -> str:
    """``value`` as literal text in a plotly string (a title, a label, a trace name, a template)."""
    return str(value).translate(_PLOT)


def markdown_code(value: Any) -> str:
    """``value`` as an inline code span in Markdown: shown verbatim, markup and all.

    The span's fence is one backtick longer than the longest run of backticks inside, padded with a
    space when the text starts or ends with a backtick (CommonMark's rule), so the text cannot close it.
    """
    text = " ".join(str(value).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


__all__ = ["html_text", "markdown_code", "plot_text"]
