"""The tidy results schema shared by every engine (see :mod:`.schema`) and the metric catalogue (:mod:`.metrics`)."""

from .flags import FLAGS, period_ranges, unexplained
from .metrics import CUSTOMER_METRICS, METRICS, Metric, metric_info
from .schema import (
    ALL,
    COLUMNS,
    TEXT_COLUMNS,
    LongBuilder,
    Results,
    aggregate_periods,
    concat_frames,
    distinct,
    period_label,
)

__all__ = [
    "ALL",
    "COLUMNS",
    "CUSTOMER_METRICS",
    "FLAGS",
    "METRICS",
    "TEXT_COLUMNS",
    "LongBuilder",
    "Metric",
    "Results",
    "aggregate_periods",
    "concat_frames",
    "distinct",
    "metric_info",
    "period_label",
    "period_ranges",
    "unexplained",
]
