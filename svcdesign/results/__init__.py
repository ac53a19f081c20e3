"""The tidy results schema shared by every engine (see :mod:`.schema`) and the metric registry."""

from .flags import FLAGS, period_ranges, unexplained
from .metrics import METRICS, Metric, metric_info, register
from . import customer_metrics as _customer_metrics  # noqa: F401 - adds the customer metrics
from .customer_metrics import CUSTOMER_METRICS
from .schema import ALL, COLUMNS, TEXT_COLUMNS, LongBuilder, Results, concat_frames, aggregate_periods, period_label

__all__ = ["ALL", "COLUMNS", "CUSTOMER_METRICS", "FLAGS", "METRICS", "TEXT_COLUMNS", "LongBuilder", "Metric", "Results", "aggregate_periods", "concat_frames",
           "metric_info", "period_label", "period_ranges", "register", "unexplained"]
