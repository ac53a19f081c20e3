"""Where the course's ideas and figures come from: the five source documents and labelled claims.

The source documents (``../shared/reference/seeds``, digest in ``seeds-digest.md``) are practitioner
articles and one NVQ candidate's answers; figures quoted from them are *practitioner claims*, not
measured results, and the course says so (``claim``). Model coefficients come from the assumptions
table (``datasets/assumptions.csv``), whose ``kind`` column the course shows next to each figure.
"""

from __future__ import annotations

import re

from ..assumptions import load_assumptions
from ..i18n import DEFAULT
from .language import Written, fill, say, tr

DOCUMENTS: dict[str, str] = {
    "000": tr("Roles in a customer-service function (forum post, 2010)"),
    "001": tr("Common mistakes in customer service (two articles)"),
    "002": tr(
        "NVQ unit F3 'Demonstrate understanding of customer service', a candidate's answers from UK adult social care"
    ),
    "003": tr("What customer service is and why it matters (article)"),
    "004": tr("Fifteen customer-service skills and the challenges of the job (Persian article, after Help Scout)"),
}
"""The five source documents by number (their titles marked English, :func:`.language.tr`)."""


def cite(document: str, question: str | None = None, language: str = DEFAULT) -> str:
    """A citation such as ``"source document 002 (NVQ unit F3 …), question 3.2"``, in ``language``."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown source document {document!r}; expected one of {sorted(DOCUMENTS)}")
    values = {"document": document, "title": Written(say(DOCUMENTS[document], language)), "question": question}
    if question:
        return fill(tr("source document {document} ({title}), question {question}"), values, language)
    return fill(tr("source document {document} ({title})"), values, language)


def claim(name: str, *, percent: bool = True) -> str:
    """One assumption as a learner should read it: its value, meaning, kind and source.

    >>> claim("loyalty.claim_churn_one_bad")   # doctest: +SKIP
    '50% — share of customers who switch after one bad experience … (practitioner claim; source document 003 …)'
    """
    row = load_assumptions()[name]
    meaning = re.sub(r"\s*\(used when [^)]*\)", "", row.meaning)
    meaning = meaning[:1].lower() + meaning[1:]
    value = f"{100 * row.value:g}%" if percent and row.unit == "fraction" else f"{row.value:g} {row.unit}"
    return f"{value} — {meaning} ({row.kind}; {row.source})"
