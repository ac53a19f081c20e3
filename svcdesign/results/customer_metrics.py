"""Metrics the customer models add to the shared results schema (registered on import).

Scores use points on fixed scales: pillars, satisfaction, experience and SERVQUAL indices 0–10,
effort 1–7 (CES-like: 1 very low effort, 7 very high), disconfirmation −10…10 points, NPS −100…100.
Per-stage and per-period figures weight periods by arrivals; money is in the scenario's currency.
"""

from __future__ import annotations

from ..formulas.customers.perception import PILLARS, SERVQUAL
from .metrics import Metric, register

_PILLAR_MEANING = {
    "personalisation": "individual attention: unhurried agents (fatigue from occupancy) and no hand-offs",
    "integrity": "promises kept: callbacks and replies within the promised time",
    "expectations": "share of contacts answered within the wait the customer expected",
    "resolution": "issue resolved, discounted per extra contact needed (SQM: about −15% per repeat)",
    "time_effort": "wait against the customer's tolerance (patience) and effort (contacts, hand-offs, waits)",
    "empathy": "agents' capacity for empathy, eroded by fatigue at high occupancy",
}

_METRICS = [
    *(Metric(f"pillar_{p}", "points (0-10)", f"Pillar: {p.replace('_', ' and ')}",
             f"perceived performance on the {p.replace('_', ' and ')} pillar (0–10): {_PILLAR_MEANING[p]}",
             "arrivals") for p in PILLARS),
    *(Metric(f"servqual_{d}", "points (0-10)", f"SERVQUAL {d}", f"SERVQUAL {d} dimension (0–10) derived from the pillars",
             "arrivals") for d in SERVQUAL),
    Metric("servqual_index", "points (0-10)", "SERVQUAL index", "importance-weighted SERVQUAL score (0–10)", "arrivals"),
    Metric("servqual_gap", "points", "SERVQUAL gap", "SERVQUAL index perceived minus expected (the customer's gap, gap 5)", "arrivals"),
    Metric("experience_index", "points (0-10)", "Experience index", "weighted mean of the six pillars (0–10)", "arrivals"),
    Metric("expected_experience", "points (0-10)", "Expected experience", "weighted mean of the expected pillar scores (0–10)", "arrivals"),
    Metric("disconfirmation", "points", "Disconfirmation", "perceived minus expected experience, weighted over pillars (−10…10)", "arrivals"),
    Metric("satisfaction", "points (0-10)", "Satisfaction", "expectation–disconfirmation satisfaction S = a + c·E + b⁺·D⁺ + b⁻·D⁻ (0–10)", "arrivals"),
    Metric("effort", "points (1-7)", "Customer effort", "CES-like effort score from contacts per resolution, hand-offs and waits (1 very low – 7 very high)", "arrivals"),
    Metric("share_high_effort", "share", "High-effort share", "share of customers whose effort score is at or above the high-effort threshold", "arrivals"),
    Metric("share_satisfied", "share", "Satisfied", "share of customers at or above the satisfied threshold", "arrivals"),
    Metric("share_promoters", "share", "Promoters", "share of customers scoring 9–10 (NPS promoters)", "arrivals"),
    Metric("share_detractors", "share", "Detractors", "share of customers scoring 0–6 (NPS detractors)", "arrivals"),
    Metric("nps", "NPS points", "Net promoter score", "100 × (promoters − detractors)", "arrivals"),
    Metric("promises_kept", "share", "Promises kept", "share of contacts answered within the promised time where a promise is made (1 where none is)", "arrivals"),
    Metric("p_bad_experience", "share", "Bad experiences", "share of service episodes that are bad experiences (dissatisfied or high effort)", "arrivals"),
    Metric("share_disloyal", "share", "Disloyal", "share of customers made more disloyal by effort (CEB 2013: 96% high effort, 9% low)", "arrivals"),
    Metric("churn", "share/year", "Churn", "yearly share of customers lost to bad service experiences (plus base churn)", "arrivals"),
    Metric("customer_base", "customers", "Customer base", "customers in the segment (given, or weekly customers × 52 ÷ episodes per year); a stock, averaged over periods", "time"),
    Metric("customers_lost", "customers/year", "Customers lost", "customers lost per year to service experiences", "sum"),
    Metric("wom_customers", "customers/year", "Word of mouth", "net new customers per year from word of mouth (promoters bring, detractors deter)", "sum"),
    Metric("revenue_at_risk", "currency/year", "Revenue at risk", "yearly value of customers lost to service experiences (dynamics: of the customers lost so far, net of word of mouth); a rate, averaged over periods", "time"),
    Metric("clv", "currency", "Customer lifetime value", "margin × retention ÷ (1 + discount rate − retention), per customer", "arrivals"),
    Metric("paid_hours", "h", "Paid hours", "paid staff hours (staff on shift × period length)", "sum"),
    Metric("productive_hours", "h", "Productive hours", "paid hours × (1 − shrinkage): hours available for contacts", "sum"),
    Metric("wage_cost", "currency", "Wage cost", "paid hours × hourly wage", "sum"),
    Metric("overtime_cost", "currency", "Overtime cost", "overtime hours × wage × (1 + overtime premium)", "sum"),
    Metric("turnover_cost", "currency", "Turnover cost", "cost of replacing leavers (attrition × replacement months of pay), spread over paid hours", "sum"),
    Metric("employment_cost", "currency", "Employment cost", "wage + overtime + turnover cost", "sum"),
    Metric("budget_gap", "currency/week", "Budget slack", "weekly budget minus weekly employment cost (negative = over budget; missing without a budget)", "sum"),
]

for _metric in _METRICS:
    register(_metric)

CUSTOMER_METRICS: tuple[str, ...] = tuple(m.name for m in _METRICS)
"""Names of every metric this package registers."""
