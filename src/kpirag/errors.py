"""The exception hierarchy: every error kpirag raises is a ``KpiragError``.

Each subclass also inherits the builtin exception it refines, so code that
already catches ``ValueError`` or ``TypeError`` keeps working, and code that
wants only kpirag's errors catches ``KpiragError``.

Messages name the field, the value received and what was expected.
"""

from __future__ import annotations

__all__ = [
    "InvalidBandsError",
    "InvalidBudgetError",
    "InvalidKPIError",
    "InvalidPeriodError",
    "InvalidProfileError",
    "InvalidRiskError",
    "InvalidSchemeError",
    "InvalidStatusError",
    "InvalidTargetError",
    "InvalidToleranceError",
    "InvalidValueError",
    "KpiragError",
    "StatusComparisonError",
    "UnitMismatchError",
    "ValueTypeError",
]


class KpiragError(Exception):
    """Root of every error raised by kpirag."""


class InvalidValueError(KpiragError, ValueError):
    """A measured value or amount is not a finite number (NaN, infinity, non-numeric text)."""


class ValueTypeError(KpiragError, TypeError):
    """A value has a type kpirag cannot read as a number (bool, None, a list, ...)."""


class UnitMismatchError(KpiragError, TypeError):
    """A value's unit does not fit its target (a percentage against a count target)."""


class InvalidTargetError(KpiragError, ValueError):
    """Target text that does not parse, or target fields that do not fit together."""


class InvalidToleranceError(KpiragError, ValueError):
    """A tolerance that is negative, malformed or of an unknown kind."""


class InvalidStatusError(KpiragError, ValueError):
    """A status spelling that the scale does not know, or an ill-formed scale."""


class StatusComparisonError(KpiragError, TypeError):
    """Statuses of two different scales were compared, or a status was used as a bool."""


class InvalidSchemeError(KpiragError, ValueError):
    """A classification scheme whose steps are out of order or inconsistent."""


class InvalidBandsError(KpiragError, ValueError):
    """Bands that do not partition their axis, or band counts that do not add up."""


class InvalidPeriodError(KpiragError, ValueError):
    """A period label or date that does not parse or does not exist."""


class InvalidProfileError(KpiragError, ValueError):
    """A target profile whose weights are negative or do not sum to the whole."""


class InvalidKPIError(KpiragError, ValueError):
    """A KPI definition, framework or set of figures that is inconsistent."""


class InvalidRiskError(KpiragError, ValueError):
    """A risk matrix, risk score or risk register entry that is invalid."""


class InvalidBudgetError(KpiragError, ValueError):
    """A budget line or budget total that is invalid or inconsistent."""
