"""A segment's touchpoints in the order it meets them, with what it felt and expected at each.

Touchpoints are the stages of the chain in the order customers meet them (breadth first from the
channels' entry stages along escalations, transfers and follow-ups, :meth:`.flows.ChainFlows.order`),
ending with the journey as a whole. At each, the experience model (:func:`svcdesign.response.assess`)
gives the segment's score — by default the experience index (0–10 points), the weighted mean of the
six pillars — what the segment expected there (points) and the gap between the two
(disconfirmation, points; negative where the experience falls short). The reach of a touchpoint is
how many contacts arrive there per customer of the segment (repeat contacts included), so a painful
but rare moment can be told from a common one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engines.analytic import evaluate
from ..errors import InputError
from ..model import Scenario
from ..response import assess
from ..results import ALL, Results
from .flows import chain_flows

SCORES = (
    "experience_index",
    "satisfaction",
    "pillar_time_effort",
    "pillar_resolution",
    "pillar_personalisation",
    "pillar_empathy",
    "pillar_expectations",
    "pillar_integrity",
    "servqual_index",
)
"""Scores (0–10 points) a journey can follow from touchpoint to touchpoint."""


@dataclass(frozen=True)
class SegmentJourney:
    """One segment's figures at each touchpoint, in :attr:`Touchpoints.stages` order then the whole journey.

    ``score``, ``expected`` and ``disconfirmation`` are points (0–10; NaN where the results hold no
    value); ``reach`` is contacts at the touchpoint per customer of the segment (1 for the whole
    journey).
    """

    segment: str
    score: list[float]
    expected: list[float]
    disconfirmation: list[float]
    reach: list[float]

    @property
    def hurts(self) -> list[bool]:
        """Whether each touchpoint is worse than the segment expected (negative disconfirmation)."""
        return [bool(np.isfinite(g) and g < 0) for g in self.disconfirmation]


@dataclass(frozen=True, eq=False)
class Touchpoints:
    """The journeys of one or more segments through a scenario.

    ``stages``: the stages in the order customers meet them (each journey has one more touchpoint
    after them, the whole journey); ``score``: the score followed (one of :data:`SCORES`);
    ``segments``: one :class:`SegmentJourney` per segment asked for; ``results``: the results holding
    the customer metrics the figures were read from.
    """

    stages: list[str]
    score: str
    segments: list[SegmentJourney]
    results: Results


def touchpoints(
    scenario: Scenario, results: Results | None = None, *, segment: str | None = None, score: str = "experience_index"
) -> Touchpoints:
    """The journey of one segment (default: every segment) through ``scenario``, touchpoint by touchpoint.

    Parameters
    ----------
    scenario:
        The service operation.
    results:
        An engine's results for ``scenario`` (the customer models are then run on them), results
        that already hold the customer metrics (:func:`svcdesign.response.assess`), or ``None`` for
        the analytic engine (:func:`svcdesign.evaluate`).
    segment:
        One customer segment's name; ``None`` for every segment.
    score:
        The score to follow, one of :data:`SCORES`.
    """
    if score not in SCORES:
        raise InputError("score", score, f"one of {list(SCORES)}")
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    segments = [g.name for g in scenario.segments]
    if segment is not None and segment not in segments:
        raise InputError("segment", segment, f"one of the segments {segments}")
    data = _customer_results(scenario, results)
    flows = chain_flows(scenario, data)
    order = flows.order()
    stages = [flows.stages[i] for i in order]
    chosen = [segment] if segment is not None else segments
    journeys = [_segment_journey(scenario, data, name, order, stages + [ALL], score) for name in chosen]
    return Touchpoints(stages=stages, score=score, segments=journeys, results=data)


def _customer_results(scenario: Scenario, results: Results | None) -> Results:
    """Results that hold the experience metrics (evaluating and assessing the scenario where needed)."""
    if results is not None and "experience_index" in set(results.data["metric"].unique()):
        return results
    return assess(scenario, evaluate(scenario) if results is None else results)


def _segment_journey(
    scenario: Scenario, data: Results, segment: str, order: list[int], keys: list[str], score: str
) -> SegmentJourney:
    h = data.horizon(segment=segment).xs(data.scenarios[0], level="scenario").xs(data.engines[0], level="engine")
    flows = chain_flows(scenario, data, segment=segment)
    customers = flows.external.sum()
    reach = [flows.arrivals[i] / customers if customers > 0 else 0.0 for i in order] + [1.0]

    def column(metric: str) -> list[float]:
        return [float(h[metric].loc[k]) if k in h.index and metric in h.columns else np.nan for k in keys]

    return SegmentJourney(
        segment=segment,
        score=column(score),
        expected=column("expected_experience"),
        disconfirmation=column("disconfirmation"),
        reach=reach,
    )


__all__ = ["SCORES", "SegmentJourney", "Touchpoints", "touchpoints"]
