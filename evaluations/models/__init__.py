"""The evaluations app's models, one module per concern; imported from here as before."""

from evaluations.models.delivery import DeliveryJob, Subscription
from evaluations.models.months import (
    COUNT_FIELDS,
    EVALUATION_FIELDS,
    EvaluationQuerySet,
    MonthlyEvaluation,
    Period,
    PeriodQuerySet,
    Target,
    Ticket,
    report_count_problems,
)
from evaluations.models.publication import (
    DataVersion,
    ImportUpload,
    PeriodChange,
    PeriodEvent,
    PeriodEventQuerySet,
    ProvinceSignOff,
)

__all__ = [
    "COUNT_FIELDS",
    "EVALUATION_FIELDS",
    "DataVersion",
    "DeliveryJob",
    "EvaluationQuerySet",
    "ImportUpload",
    "MonthlyEvaluation",
    "Period",
    "PeriodChange",
    "PeriodEvent",
    "PeriodEventQuerySet",
    "PeriodQuerySet",
    "ProvinceSignOff",
    "Target",
    "Ticket",
    "Subscription",
    "report_count_problems",
]
