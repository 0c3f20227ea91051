"""Every knob of an XmR chart, in one frozen object with named presets.

The public SPC tools for the NHS "Making Data Count" method agree on the
method and differ in details. Each difference is a setting here, and each
tool's choice is a preset, so a chart says which tool it matches instead of
picking one silently.
"""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import Any

import attrs

from kpirag._validate import short_number
from kpirag.errors import InvalidSeriesError, InvalidSPCSettingsError
from kpirag.spc._numbers import to_fraction
from kpirag.spc._types import Conflict, Rule, TwoInThree

__all__ = ["SPCSettings"]


def _whole(least: int, *, optional: bool = False) -> Any:  # noqa: ANN401 (an attrs validator)
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            expected = f"a whole number of at least {least}" + (" or None" if optional else "")
            raise InvalidSPCSettingsError(attribute.name, value, expected)

    return check


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidSPCSettingsError(attribute.name, value, "True or False")


def _positive(value: object, field: str) -> Fraction:
    try:
        number = to_fraction(value, field=field)
    except InvalidSeriesError as error:
        raise InvalidSPCSettingsError(field, value, error.expected or "a number") from None
    if number <= 0:
        raise InvalidSPCSettingsError(field, value, "a number above 0")
    return number


def _screening_factor(value: object) -> Fraction:
    return _positive(value, "screening_factor")


def _limit_factor(value: object) -> Fraction:
    return _positive(value, "limit_factor")


def _rules(value: object) -> frozenset[Rule]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidSPCSettingsError("rules", value, "a set of Rule members")
    return frozenset(Rule.parse(item, field="rules") for item in value)


def _two_in_three(value: object) -> TwoInThree:
    return TwoInThree.parse(value, field="two_in_three")


def _conflict(value: object) -> Conflict:
    return Conflict.parse(value, field="conflict")


_PRESETS = ("nhsr", "mdc-2023", "powerbi")
_WIDTH = 100


def _short(value: object) -> str:
    """A setting in a repr: numbers exact when short, choices by value, rules by name."""
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(rule.value for rule in value)) + "}"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return short_number(value) if isinstance(value, Fraction) else repr(value)


@attrs.frozen(kw_only=True)
class SPCSettings:
    """How an XmR chart is computed and read. The defaults are NHSRplotthedots 0.2.2's.

    Attributes:
        shift_length: points in a row strictly on one side of the mean that
            make a shift. 7 in NHSRplotthedots (``ptd_seven_point_one_side_mean``),
            the MDC tools and the Power BI visual (``shift_n``); abspc uses 8.
        trend_length: points in a row, each strictly above (or below) the one
            before, that make a trend. 7 in NHSRplotthedots
            (``ptd_seven_point_trend``) and MDC (which allows 6 to 8); the Power
            BI visual's ``trend_n`` is 5; abspc uses 6.
        two_in_three: which points count for the two-in-three rule and where
            the third point may be (see ``TwoInThree``).
        screening: drop moving ranges above ``screening_factor`` x mR-bar and
            recompute mR-bar before drawing limits. On in NHSRplotthedots
            (``screen_outliers = TRUE``) and the Power BI visual (``Keep Outliers
            in Limit Calcs.`` off); off in the MDC Excel and SQL tools.
        screening_inclusive: keep moving ranges equal to the screening limit
            (``mR <= 3.267 x mR-bar``, MDC SQL) rather than only those below it
            (``mR < 3.267 x mR-bar``, NHSRplotthedots and the Power BI visual).
        screening_recomputes_mean: when screening drops a moving range, also
            leave the value it leads to out of the mean (MDC SQL, as
            ``SPC.md`` records it; kpirag's reading of that sentence).
        screening_factor: the screening multiple of mR-bar, 3.267 (the D4
            constant for ranges of two) in every tool.
        limit_factor: process limits are mean +/- ``limit_factor`` x mR-bar:
            2.66 in NHSRplotthedots and the MDC Excel tool; 3/1.128
            (= 2.6596...) in the Power BI visual (sigma = mR-bar / 1.128). The
            2-sigma lines are at two thirds of that distance.
        conflict: what a point is when one rule says improvement and another
            concern (see ``Conflict``): NHSR's precedence; improvement in the
            MDC Excel tool.
        assurance_inclusive: a target exactly on a process limit counts as
            consistently passed or failed (MDC SQL), not hit or miss
            (NHSRplotthedots and the Power BI visual compare strictly).
        minimum_points: the fewest points a group needs for process limits;
            with fewer it is a run chart (mean only, shift and trend rules only,
            no icons) and a warning is given. NHSRplotthedots and the Power BI
            visual draw limits from 2 points; the MDC SQL tool needs 15 (the
            MDC single chart tool 13).
        trial_limits_below: groups with limits but fewer points than this get
            a "trial limits" warning: 13 in NHSRplotthedots
            (``ptd_add_short_group_warnings``); 0 turns the warning off.
        baseline: fix each group's limits from its first ``baseline`` points
            and project them over the rest (NHSR ``fix_after_n_points``, at
            least 12 there; MDC baselines of 12 to 20); ``None`` uses every point.
        baseline_first_group_only: the baseline applies to the first group
            only (MDC SQL); later groups use all their points.
        rules: the special-cause rules applied. Every tool applies all four
            (the Power BI visual ships with each switched off until chosen).

    ```pycon
    >>> SPCSettings.powerbi().trend_length, SPCSettings.preset("mdc-2023").screening
    (5, False)
    >>> SPCSettings(shift_length=1)
    Traceback (most recent call last):
    ...
    kpirag.errors.InvalidSPCSettingsError: Invalid SPC setting shift_length 1:
        expected a whole number of at least 2

    ```
    """

    shift_length: int = attrs.field(default=7, validator=_whole(2))
    trend_length: int = attrs.field(default=7, validator=_whole(3))
    two_in_three: TwoInThree = attrs.field(default=TwoInThree.NHSR, converter=_two_in_three)
    screening: bool = attrs.field(default=True, validator=_flag)
    screening_inclusive: bool = attrs.field(default=False, validator=_flag)
    screening_recomputes_mean: bool = attrs.field(default=False, validator=_flag)
    screening_factor: Fraction = attrs.field(default=Fraction("3.267"), converter=_screening_factor)
    limit_factor: Fraction = attrs.field(default=Fraction("2.66"), converter=_limit_factor)
    conflict: Conflict = attrs.field(default=Conflict.PRECEDENCE, converter=_conflict)
    assurance_inclusive: bool = attrs.field(default=False, validator=_flag)
    minimum_points: int = attrs.field(default=2, validator=_whole(2))
    trial_limits_below: int = attrs.field(default=13, validator=_whole(0))
    baseline: int | None = attrs.field(default=None, validator=_whole(2, optional=True))
    baseline_first_group_only: bool = attrs.field(default=False, validator=_flag)
    rules: frozenset[Rule] = attrs.field(default=frozenset(Rule), converter=_rules)

    def __repr__(self) -> str:
        """The nearest preset, and each setting that differs from it."""
        presets = {name: SPCSettings.preset(name) for name in _PRESETS}
        changes = {
            name: [
                field.name
                for field in attrs.fields(SPCSettings)
                if getattr(self, field.name) != getattr(preset, field.name)
            ]
            for name, preset in presets.items()
        }
        name = min(_PRESETS, key=lambda preset: len(changes[preset]))
        shown = [f"{field}={_short(getattr(self, field))}" for field in changes[name]]
        text = ", ".join([name, *shown])
        return f"SPCSettings({text if len(text) <= _WIDTH else text[: _WIDTH - 1] + '…'})"

    @property
    def two_sigma_factor(self) -> Fraction:
        """The 2-sigma lines' multiple of mR-bar: two thirds of ``limit_factor``.

        ```pycon
        >>> SPCSettings().two_sigma_factor
        Fraction(133, 75)

        ```
        """
        return self.limit_factor * 2 / 3

    @classmethod
    def nhsr(cls) -> SPCSettings:
        """NHSRplotthedots 0.2.2, the NHS-R community's R package (``ptd_spc``'s defaults)."""
        return cls()

    @classmethod
    def mdc_2023(cls) -> SPCSettings:
        """NHS England's Making Data Count tools after the November 2023 change.

        Points beyond the process limits count for two-in-three; assurance is
        inclusive; no screening (inclusive, mean recomputed, if switched on);
        improvement wins a conflict (the Excel tool's blue); limits from 15
        points, a run chart below; a baseline applies to the first group only.
        """
        return cls(
            two_in_three=TwoInThree.MDC_2023,
            screening=False,
            screening_inclusive=True,
            screening_recomputes_mean=True,
            conflict=Conflict.IMPROVEMENT,
            assurance_inclusive=True,
            minimum_points=15,
            trial_limits_below=0,
            baseline_first_group_only=True,
        )

    @classmethod
    def powerbi(cls) -> SPCSettings:
        """The PowerBI-SPC custom visual's defaults (every rule switched on).

        sigma = mR-bar / 1.128; trends of 5 points; two-in-three counts points
        beyond the limits and does not require the third point on the same side
        of the mean; limits from 2 points without a warning.
        """
        return cls(
            trend_length=5,
            two_in_three=TwoInThree.POWERBI,
            limit_factor=Fraction(3) / Fraction("1.128"),
            trial_limits_below=0,
        )

    @classmethod
    def preset(cls, name: str) -> SPCSettings:
        """The preset called ``name``: ``"nhsr"``, ``"mdc-2023"`` or ``"powerbi"``.

        Case, and ``_`` for ``-``, are ignored.

        Raises:
            InvalidSPCSettingsError: no preset has that name.
        """
        given: object = name  # a caller's junk is refused as ours, not by str()
        key = given.strip().lower().replace("_", "-") if isinstance(given, str) else None
        presets = {"nhsr": cls.nhsr, "mdc-2023": cls.mdc_2023, "powerbi": cls.powerbi}
        if key is None or key not in presets:
            known = ", ".join(repr(preset) for preset in _PRESETS)
            raise InvalidSPCSettingsError("preset", name, f"one of {known}")
        return presets[key]()
