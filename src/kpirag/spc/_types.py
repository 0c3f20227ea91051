"""The closed sets of SPC: improvement directions, rules, point types and the two icons.

Every enum's value is its snake_case name; ``label`` gives the words NHS
"Making Data Count" (MDC) material uses, for reports and tooltips.
"""

from __future__ import annotations

import enum
from typing import Self

from kpirag._validate import _ChoiceType
from kpirag.errors import InvalidSPCSettingsError

__all__ = [
    "Assurance",
    "Conflict",
    "Improvement",
    "PointType",
    "Rule",
    "TwoInThree",
    "Variation",
]


class _Labelled(enum.Enum, metaclass=_ChoiceType):
    """An enum whose members carry display words in ``_LABELS``."""

    @property
    def label(self) -> str:
        """The words reports show for this member."""
        return _LABELS[self]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Self:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        return cls.parse(value, field=cls.__name__.lower())

    @classmethod
    def parse(cls, value: object, *, field: str) -> Self:
        """The member ``value`` names (the member itself, or its value in any case).

        Hyphens are read as underscores, so ``"mdc-2023"`` names ``MDC_2023``.

        Raises:
            InvalidSPCSettingsError: ``value`` names no member.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip().lower().replace("-", "_")
            for member in cls:
                if member.value == key:
                    return member
        known = ", ".join(repr(member.value) for member in cls)
        raise InvalidSPCSettingsError(field, value, f"one of {known}")


class Improvement(_Labelled):
    """Which way is better for a measure (NHSR's ``improvement_direction``).

    ```pycon
    >>> Improvement.parse("Decrease", field="improvement").label
    'Low is good'

    ```
    """

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        """``1`` when higher is better, ``-1`` when lower is better, ``0`` for neutral."""
        return {Improvement.INCREASE: 1, Improvement.DECREASE: -1}.get(self, 0)


class Rule(_Labelled):
    """The special-cause rules, in NHSR's order of precedence when labelling a point."""

    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_IN_THREE = "two_in_three"
    SHIFT = "shift"


class PointType(_Labelled):
    """What one point shows (NHSRplotthedots' ``point_type`` column)."""

    COMMON_CAUSE = "common_cause"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"

    @classmethod
    def of(cls, direction: int, improvement: Improvement) -> PointType:
        """The type of a point whose deciding rule points ``direction`` (1 high, -1 low, 0 none).

        ```pycon
        >>> PointType.of(-1, Improvement.DECREASE)
        <PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>
        >>> PointType.of(-1, Improvement.NEUTRAL).label
        'Special cause neither (low)'

        ```
        """
        if direction == 0:
            return cls.COMMON_CAUSE
        if improvement is Improvement.NEUTRAL:
            return (
                cls.SPECIAL_CAUSE_NEUTRAL_HIGH if direction > 0 else cls.SPECIAL_CAUSE_NEUTRAL_LOW
            )
        if direction * improvement.sign > 0:
            return cls.SPECIAL_CAUSE_IMPROVEMENT
        return cls.SPECIAL_CAUSE_CONCERN


class Variation(_Labelled):
    """The variation icon, chosen by the last point (NHSR ``ptd_get_icons``, MDC).

    Improvement and concern icons say whether the measure is high or low: with
    "increase", special cause improvement is ``IMPROVEMENT_HIGH`` and concern is
    ``CONCERN_LOW``; with "decrease" the other way round.
    """

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"

    @classmethod
    def of(cls, point_type: PointType, improvement: Improvement) -> Variation:
        """The icon for a last point of ``point_type``.

        ```pycon
        >>> Variation.of(PointType.SPECIAL_CAUSE_CONCERN, Improvement.INCREASE).label
        'Concern (Low)'

        ```
        """
        high = improvement is not Improvement.DECREASE
        icons = {
            PointType.COMMON_CAUSE: cls.COMMON_CAUSE,
            PointType.SPECIAL_CAUSE_IMPROVEMENT: (
                cls.IMPROVEMENT_HIGH if high else cls.IMPROVEMENT_LOW
            ),
            PointType.SPECIAL_CAUSE_CONCERN: cls.CONCERN_LOW if high else cls.CONCERN_HIGH,
            PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: cls.NEITHER_HIGH,
            PointType.SPECIAL_CAUSE_NEUTRAL_LOW: cls.NEITHER_LOW,
        }
        return icons[point_type]


class Assurance(_Labelled):
    """The assurance icon: can the process be relied on to meet its target?

    ``NONE`` when there is no icon: no target, a neutral measure, or too few
    points for process limits.
    """

    CONSISTENT_PASS = "consistent_pass"  # noqa: S105 (not a password)
    CONSISTENT_FAIL = "consistent_fail"
    INCONSISTENT = "inconsistent"
    NONE = "none"


class TwoInThree(_Labelled):
    """Which points count for the two-in-three rule, and where the third point may be.

    * ``NHSR``: only points between the 2-sigma line and the process limit count;
      all three points strictly on that side of the mean (NHSRplotthedots 0.2.2).
    * ``MDC_2023``: points beyond the process limit count too (NHS England,
      November 2023); all three on that side of the mean.
    * ``POWERBI``: points beyond the limit count; the third point may be anywhere
      (PowerBI-SPC ``twoInThree.ts``).
    """

    NHSR = "nhsr"
    MDC_2023 = "mdc_2023"
    POWERBI = "powerbi"


class Conflict(_Labelled):
    """What a point is when one rule says improvement and another says concern.

    Only a trend can disagree with the other rules (it is the one rule that
    crosses the mean).

    * ``PRECEDENCE``: the first rule in ``Rule`` order decides (NHSRplotthedots).
    * ``IMPROVEMENT``: improvement wins (MDC Excel tool; MDC SQL per metric).
    * ``CONCERN``: concern wins (MDC SQL per metric).
    """

    PRECEDENCE = "precedence"
    IMPROVEMENT = "improvement"
    CONCERN = "concern"


_LABELS: dict[_Labelled, str] = {
    Improvement.INCREASE: "High is good",
    Improvement.DECREASE: "Low is good",
    Improvement.NEUTRAL: "Neither",
    Rule.OUTSIDE_LIMITS: "Outside the process limits",
    Rule.TREND: "Trend",
    Rule.TWO_IN_THREE: "Two in three beyond the 2-sigma line",
    Rule.SHIFT: "Shift",
    PointType.COMMON_CAUSE: "Common cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "Special cause improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "Special cause concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "Special cause neither (high)",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "Special cause neither (low)",
    Variation.COMMON_CAUSE: "Common cause",
    Variation.IMPROVEMENT_HIGH: "Improvement (High)",
    Variation.IMPROVEMENT_LOW: "Improvement (Low)",
    Variation.CONCERN_HIGH: "Concern (High)",
    Variation.CONCERN_LOW: "Concern (Low)",
    Variation.NEITHER_HIGH: "Neither (High)",
    Variation.NEITHER_LOW: "Neither (Low)",
    Assurance.CONSISTENT_PASS: "Consistently hit target",
    Assurance.CONSISTENT_FAIL: "Consistently fail target",
    Assurance.INCONSISTENT: "Hit or miss target",
    Assurance.NONE: "No assurance icon",
    TwoInThree.NHSR: "Only points between 2 and 3 sigma count (NHSRplotthedots)",
    TwoInThree.MDC_2023: "Points beyond 3 sigma count too (NHS England, November 2023)",
    TwoInThree.POWERBI: "Beyond 2 sigma counts; third point anywhere (Power BI visual)",
    Conflict.PRECEDENCE: "First rule in order of precedence",
    Conflict.IMPROVEMENT: "Improvement wins",
    Conflict.CONCERN: "Concern wins",
}
