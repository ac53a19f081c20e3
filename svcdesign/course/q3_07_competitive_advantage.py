"""3.7 Competitive advantage (source document 002, question 3.7).

The candidate: keep promises and deadlines, offer choice, keep customers informed, ask for feedback;
"satisfied customers tell others — word of mouth is the best marketing". Source document 003 adds
that keeping customers costs less than winning new ones. The lesson prices both with the bank
example and ``svcdesign.response.assess``: customers lost to bad experiences (churn), net word of mouth
(promoters bring customers, detractors deter them) and the yearly revenue at risk, against what
staff cost.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.units import WEEKS_PER_YEAR
from .answers import Number, Whole
from .exercise import Exercise, Mistake, Solution
from .figures import panels
from .lesson_runs import assess, example
from .sources import cite, claim

QUESTION = "3.7"
TITLE = "Competitive advantage: word of mouth and the economics of retention"
SOURCE = cite("002", QUESTION)
REPRESENTATIVE = "representative"
CHANGES = tuple(range(-2, 6))
"""Representatives added per shift that exercise (b) considers."""
CLAIMS = claim("loyalty.claim_churn_one_bad")


def scenario(representative_change: int = 0, practitioner_claims: bool = False):
    s = example("bank").with_overrides({f"stages.{REPRESENTATIVE}.staff_adjustment": representative_change})
    if practitioner_claims:
        s = s.with_overrides({"assumptions": {**s.assumptions, "loyalty.churn_basis": 1}})
    return s


def outcomes(representative_change: int = 0, practitioner_claims: bool = False) -> pd.Series:
    r = assess(scenario(representative_change, practitioner_claims))
    return pd.Series(
        {
            "Staff cost a year (USD)": WEEKS_PER_YEAR * r.value("staff_cost"),
            "Revenue at risk a year (USD)": r.value("revenue_at_risk"),
            "Customers lost a year": r.value("customers_lost"),
            "Net word of mouth (customers a year)": r.value("wom_customers"),
            "Satisfaction (0-10)": r.value("satisfaction"),
            "Net promoter score": r.value("nps"),
        }
    )


def yearly_total(representative_change: int = 0, practitioner_claims: bool = False) -> float:
    """Staff cost plus revenue at risk, a year (USD): what the service costs the bank in all."""
    o = outcomes(representative_change, practitioner_claims)
    return o["Staff cost a year (USD)"] + o["Revenue at risk a year (USD)"]


def experiment(representative_change: int = 0, practitioner_claims: bool = False):
    """Today against the chosen number of representatives per shift."""
    table = pd.DataFrame(
        {
            "today": outcomes(0, practitioner_claims),
            "your staffing": outcomes(representative_change, practitioner_claims),
        }
    ).T
    basis = "practitioner claims (source document 003)" if practitioner_claims else "published churn (PwC 2018)"
    return panels(table, f"{representative_change:+d} representatives per shift; churn from {basis}", columns=3)


# --------------------------------------------------------------------------------- exercises
def _solve_a() -> Solution:
    lost, claims = outcomes()["Customers lost a year"], outcomes(0, True)["Customers lost a year"]
    f = {
        "lost": lost,
        "claims": claims,
        "weekly": lost / WEEKS_PER_YEAR,
        "claim": CLAIMS,
        "base": assess(scenario()).value("customer_base"),
    }
    f["because"] = (
        f"{lost:,.0f} of {f['base']:,.0f} customers a year leave after bad service experiences, with the "
        f"published churn figures. With the source document's claims it would be {claims:,.0f}."
    )
    working = (
        f"`customers_lost` (stage 'all') = **{lost:,.0f}** a year; with `loyalty.churn_basis = 1` (practitioner "
        f"claims) {claims:,.0f}."
    )
    return Solution(lost, working, f)


a = Exercise(
    "3.7 (a)",
    "With today's staffing and the published churn figures, **how many customers a year** does the bank lose to bad "
    "service experiences?",
    Number("customers a year", rel=0.02, digits=0),
    _solve_a,
    mistakes=[
        Mistake(
            "practitioner claims",
            lambda s: s.facts["claims"],
            "That is with the practitioner claims switched on ({claim}).",
            "Untick practitioner_claims: the question asks for the published figures.",
        ),
        Mistake(
            "per week",
            lambda s: s.facts["weekly"],
            "That is per week; the question asks per year.",
            "Multiply by the weeks in a year (about 52.18) — or read the panel, which is yearly.",
        ),
    ],
    hint="Read the 'Customers lost a year' panel with the sliders at their defaults.",
)


def _solve_b() -> Solution:
    totals = {c: yearly_total(c) for c in CHANGES}
    best = min(totals, key=totals.__getitem__)
    sat = {c: outcomes(c)["Satisfaction (0-10)"] for c in CHANGES}
    happiest = max(sat, key=sat.__getitem__)
    f: dict[str, Any] = {
        "best": best,
        "total": totals[best],
        "total0": totals[0],
        "happiest": happiest,
        "low": CHANGES[0],
        "high": CHANGES[-1],
        "saved": totals[0] - totals[best],
    }
    f["because"] = (
        f"At {best:+d} representatives per shift staff cost plus revenue at risk is lowest: "
        f"{totals[best]:,.0f} USD a year, {f['saved']:,.0f} less than today. Each extra agent costs a wage; "
        "it pays while the customers it keeps are worth more."
    )
    working = (
        "Staff cost + revenue at risk a year by representatives added per shift: "
        + ", ".join(f"{c:+d} → {totals[c] / 1e6:.2f} M" for c in CHANGES)
        + f". Lowest: **{best:+d}**."
    )
    return Solution(best, working, f)


def _judge_b(value: float, solution: Solution) -> str:
    if value not in CHANGES:
        return f"Choose a whole number of representatives per shift between {CHANGES[0]} and {CHANGES[-1]}."
    total = yearly_total(int(value))
    return (
        f"At {int(value):+d} staff cost plus revenue at risk is {total:,.0f} USD a year; another staffing level "
        "costs the bank less in all."
    )


b = Exercise(
    "3.7 (b)",
    "Adding representatives costs wages but keeps customers. Between {low:+d} and {high:+d} representatives per shift, "
    "**which change makes staff cost + revenue at risk (a year) smallest?** Use `lesson.yearly_total(change)`.",
    Whole("representatives per shift"),
    _solve_b,
    mistakes=[
        Mistake(
            "highest satisfaction",
            lambda s: s.facts["happiest"],
            "Satisfaction is highest at {happiest:+d}, "
            "but the last agent there costs more than the revenue it protects.",
            "Compare the sum of the two money panels, not satisfaction.",
        )
    ],
    hint="Try each change and add the two money panels (or call lesson.yearly_total).",
    judge=_judge_b,
)


def _solve_c() -> Solution:
    wom = outcomes()["Net word of mouth (customers a year)"]
    best = outcomes(b.expected)["Net word of mouth (customers a year)"]
    f = {"wom": wom, "wom_best": best, "best": b.expected}
    f["because"] = (
        f"Net word of mouth is {wom:,.0f} customers a year: today detractors deter more customers than promoters "
        f"bring. At {b.expected:+d} representatives it is {best:,.0f}. Word of mouth works both ways."
    )
    working = f"`wom_customers` (stage 'all') = **{wom:,.0f}** a year (at {b.expected:+d}: {best:,.0f})."
    return Solution(wom, working, f)


c = Exercise(
    "3.7 (c)",
    "Word of mouth: promoters bring new customers, detractors put people off. With today's staffing, "
    "what is the bank's **net word of mouth, in customers a year**? (Negative if it loses more than it gains.)",
    Number("customers a year", rel=0.03, digits=0),
    _solve_c,
    mistakes=[
        Mistake(
            "sign",
            lambda s: -s.facts["wom"],
            "Right size, wrong sign.",
            "Is the bank gaining or losing customers by word of mouth today?",
        )
    ],
    hint="Read the 'Net word of mouth' panel at the defaults.",
)

EXERCISES = (a, b, c)
REFLECTION = (
    "Source document 003 claims that 50% of customers switch after one bad experience; a PwC survey (2018) found "
    "17% in the US. Tick practitioner_claims and see how the best staffing moves. Which figure would you trust in a "
    "business case, and how could your own organisation measure it?"
)
