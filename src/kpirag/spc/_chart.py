"""The XmR chart: limits per group, rules per point, and the two icons."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

import attrs

from kpirag._validate import as_tuple, counted, instance, of, short_number
from kpirag.errors import InvalidSeriesError, InvalidSPCSettingsError, SPCWarning
from kpirag.spc._icons import assurance
from kpirag.spc._limits import ProcessLimits, process_limits
from kpirag.spc._numbers import to_fraction, to_fractions
from kpirag.spc._reading import describe
from kpirag.spc._rules import classify, outside_limits, shift, sides, trend, two_in_three
from kpirag.spc._settings import SPCSettings
from kpirag.spc._types import Assurance, Improvement, PointType, Rule, TwoInThree, Variation

__all__ = ["SPCPoint", "XmRChart", "xmr"]


def _label(period: Hashable) -> str:
    """A period in a repr, cut to 20 characters."""
    text = str(period)
    return text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"


_LABEL = 20


@attrs.frozen
class SPCPoint:
    """One point of an XmR chart, with the lines drawn through it.

    Attributes:
        position: the point's 0-based position in the series.
        period: its label from ``periods`` (a date, a month name), or ``None``.
        value: its value, exactly.
        group: the 0-based limit group it belongs to (a recalculation starts a new one).
        mean: its group's centre line (``None`` only in a group that is all ghosted).
        lower_limit: its group's lower process limit; ``None`` in a run chart.
        upper_limit: its group's upper process limit; ``None`` in a run chart.
        lower_two_sigma: its group's lower 2-sigma line; ``None`` in a run chart.
        upper_two_sigma: its group's upper 2-sigma line; ``None`` in a run chart.
        point_type: what the point shows; ``None`` for a ghosted point, which is not judged.
        rule: the rule that decided ``point_type``, or ``None`` for common cause.
        signals: every rule that flagged the point, in order of precedence.
        ghosted: shown but left out of the limits and the rules.
        in_baseline: its value was used to compute its group's limits.
    """

    position: int
    period: Hashable | None
    value: Fraction
    group: int
    mean: Fraction | None
    lower_limit: Fraction | None
    upper_limit: Fraction | None
    lower_two_sigma: Fraction | None
    upper_two_sigma: Fraction | None
    point_type: PointType | None
    rule: Rule | None = None
    signals: tuple[Rule, ...] = ()
    ghosted: bool = False
    in_baseline: bool = True

    def __repr__(self) -> str:
        where = f"point {self.position}" if self.period is None else _label(self.period)
        if self.point_type is None:
            kind = "ghosted"
        else:
            kind = self.point_type.value.replace("_", " ")
            kind += "" if self.rule is None else f" ({self.rule.value.replace('_', ' ')})"
        return f"SPCPoint({where}, {short_number(self.value)}, {kind})"

    @property
    def special_cause(self) -> bool:
        """The point shows special cause variation."""
        return self.point_type not in {None, PointType.COMMON_CAUSE}


def _judged(_chart: object, _attribute: object, points: tuple[SPCPoint, ...]) -> None:
    as_tuple(instance(points, tuple, field="points"), SPCPoint, "points")
    if not any(not point.ghosted for point in points):
        raise InvalidSeriesError("points", points, "at least one point that is not ghosted")


def _grouped(_chart: object, _attribute: object, groups: tuple[ProcessLimits | None, ...]) -> None:
    for group in instance(groups, tuple, field="groups"):
        instance(group, ProcessLimits, type(None), field="groups item")
    if not groups:
        raise InvalidSeriesError("groups", groups, "at least one limit group")


def _texts(_chart: object, _attribute: object, warnings: tuple[str, ...]) -> None:
    as_tuple(instance(warnings, tuple, field="warnings"), str, "warnings")


@attrs.frozen
class XmRChart:
    """An XmR (individuals) chart read the NHS "Making Data Count" way.

    Attributes:
        points: every point, in order, ghosted ones included.
        groups: each limit group's process limits; ``None`` for a run chart.
        improvement: which way is better.
        target: the target the assurance icon compares with, or ``None``.
        settings: the settings the chart was computed with.
        variation: the variation icon, from the last point that is not
            ghosted; ``None`` when that point's group has no limits.
        assurance: the assurance icon, from the last group's limits.
        warnings: plain-text warnings (trial limits, run charts), also issued
            as ``SPCWarning`` when the chart was made.

    Raises:
        InvalidSeriesError: no point that is not ghosted, or no limit group.
    """

    points: tuple[SPCPoint, ...] = attrs.field(validator=_judged)
    groups: tuple[ProcessLimits | None, ...] = attrs.field(validator=_grouped)
    improvement: Improvement = attrs.field(validator=of(Improvement))
    target: Fraction | None = attrs.field(validator=of(Fraction, optional=True))
    settings: SPCSettings = attrs.field(validator=of(SPCSettings))
    variation: Variation | None = attrs.field(validator=of(Variation, optional=True))
    assurance: Assurance = attrs.field(validator=of(Assurance))
    warnings: tuple[str, ...] = attrs.field(default=(), validator=_texts)

    def __repr__(self) -> str:
        first, last = self.points[0], self.points[-1]
        span = (
            f", {_label(first.period)} to {_label(last.period)}"
            if first.period is not None and last.period is not None
            else ""
        )
        groups = f", {len(self.groups)} limit groups" if len(self.groups) > 1 else ""
        variation = "no variation icon" if self.variation is None else self.variation.value
        icons = f"{variation}, assurance {self.assurance.value}".replace("_", " ")
        return f"XmRChart({counted(len(self.points), 'point')}{span}{groups}: {icons})"

    @property
    def limits(self) -> ProcessLimits | None:
        """The last group's limits (the assurance icon's), or ``None`` for a run chart."""
        return self.groups[-1]

    @property
    def special_causes(self) -> tuple[SPCPoint, ...]:
        """The points that show special cause variation."""
        return tuple(point for point in self.points if point.special_cause)

    @property
    def last_point(self) -> SPCPoint:
        """The last point that is not ghosted: the one the variation icon reads."""
        return next(point for point in reversed(self.points) if not point.ghosted)

    def reading(self) -> str:
        """The chart in plain words: what the last point shows, and what the target can expect.

        ```pycon
        >>> chart = xmr([8, 4, 8, 4, 8, 4, 8, 4, 8, 4, 7, 7, 7, 7, 7, 7, 7], target=6)
        >>> print(chart.reading())
        Special cause improvement: the last 7 points are above the mean;
        target 6 is inside the process limits (-0.07 to 12.9), so it will be hit or miss

        ```
        """
        return describe(self)

    def _repr_html_(self) -> str:
        """This chart as an HTML fragment with a small chart (a table without matplotlib)."""
        try:
            from kpirag.plot import spc_html  # noqa: PLC0415 - an adapter up to the plot layer
        except ImportError:  # no matplotlib: the table alone
            from kpirag.report import html_of  # noqa: PLC0415

            return html_of(self)
        return spc_html(self)


def _labels(periods: Iterable[Hashable] | None, count: int) -> tuple[Hashable, ...] | None:
    if periods is None:
        return None
    if isinstance(periods, str | bytes) or not isinstance(periods, Iterable):
        raise InvalidSeriesError("periods", periods, "a sequence of labels, one per value")
    labels = tuple(periods)
    if len(labels) != count:
        raise InvalidSeriesError("periods", labels, f"{count} labels, one per value")
    seen: set[Hashable] = set()
    for position, label in enumerate(labels):
        try:
            repeated = label in seen
        except TypeError:  # unhashable
            repeated = True
        if repeated:
            raise InvalidSeriesError(
                "periods", label, "a hashable label no other period has", position=position
            )
        seen.add(label)
    return labels


def _positions(
    items: Iterable[Hashable], labels: tuple[Hashable, ...] | None, count: int, field: str
) -> frozenset[int]:
    """The positions ``items`` name: periods when there are labels, else 0-based positions."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidSeriesError(field, items, "a collection of periods or positions")
    if labels is not None:
        where = {label: position for position, label in enumerate(labels)}
        found = set()
        for item in items:
            try:
                known = item in where
            except TypeError:  # unhashable: no period is it
                known = False
            if not known:
                raise InvalidSeriesError(field, item, "one of the periods")
            found.add(where[item])
        return frozenset(found)
    positions = set()
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item < count:
            raise InvalidSeriesError(field, item, f"a position from 0 to {count - 1}")
        positions.add(item)
    return frozenset(positions)


def _signals(
    values: Sequence[Fraction], limits: ProcessLimits | None, mean: Fraction, settings: SPCSettings
) -> list[dict[Rule, int]]:
    """Each point's flag from each rule that applies (two of them need limits)."""
    side = sides(values, mean)
    flags = {
        Rule.SHIFT: shift(side, settings.shift_length),
        Rule.TREND: trend(values, settings.trend_length),
    }
    if limits is not None:
        outside = outside_limits(values, limits.lower, limits.upper)
        beyond = outside_limits(values, limits.lower_two_sigma, limits.upper_two_sigma)
        if settings.two_in_three is TwoInThree.NHSR:
            beyond = tuple(0 if far else near for near, far in zip(beyond, outside, strict=True))
        same_side = None if settings.two_in_three is TwoInThree.POWERBI else side
        flags[Rule.OUTSIDE_LIMITS] = outside
        flags[Rule.TWO_IN_THREE] = two_in_three(beyond, same_side)
    applied = [rule for rule in Rule if rule in flags and rule in settings.rules]
    return [{rule: flags[rule][point] for rule in applied} for point in range(len(values))]


@attrs.frozen
class _Series:
    """A series read and checked: what every group needs."""

    numbers: tuple[Fraction, ...]
    labels: tuple[Hashable, ...] | None
    ghosts: frozenset[int]
    improvement: Improvement
    settings: SPCSettings


@attrs.frozen
class _Group:
    limits: ProcessLimits | None
    points: tuple[SPCPoint, ...]
    warnings: tuple[str, ...]


def _limits(
    series: _Series, kept: Sequence[int], where: str, *, first: bool
) -> tuple[ProcessLimits | None, Fraction | None, Sequence[int], tuple[str, ...]]:
    """One group's limits, mean, baseline positions and warnings.

    A group is a run chart when the points its limits would come from are
    fewer than ``minimum_points``; its limits are trial limits when the group
    (ghosted points aside) has fewer than ``trial_limits_below`` points, as
    NHSRplotthedots counts them.
    """
    settings = series.settings
    baseline = kept
    if settings.baseline is not None and (first or not settings.baseline_first_group_only):
        baseline = kept[: settings.baseline]
    values = [series.numbers[position] for position in baseline]
    mean = sum(values, Fraction(0)) / len(values) if values else None
    if len(values) < settings.minimum_points:
        text = (
            f"The group {where} has {len(values)} points to draw limits from, fewer than the "
            f"{settings.minimum_points} needed: it is a run chart, without process limits or icons"
        )
        return None, mean, baseline, (text,)
    limits = process_limits(values, settings)
    if len(kept) < settings.trial_limits_below:
        text = (
            f"The group {where} has {len(kept)} points, fewer than "
            f"{settings.trial_limits_below}: its limits are trial limits, "
            "which will move as points are added"
        )
        return limits, limits.mean, baseline, (text,)
    return limits, limits.mean, baseline, ()


def _group(series: _Series, number: int, start: int, stop: int) -> _Group:
    """The points of group ``number`` (positions ``start`` to ``stop - 1``), judged."""
    kept = [position for position in range(start, stop) if position not in series.ghosts]
    labels = series.labels
    where = f"from position {start}" if labels is None else f"from {labels[start]}"
    limits, mean, baseline, notes = _limits(series, kept, where, first=number == 0)
    judged: dict[int, dict[Rule, int]] = {}
    if mean is not None:
        values = [series.numbers[position] for position in kept]
        judged = dict(zip(kept, _signals(values, limits, mean, series.settings), strict=True))
    points = []
    in_baseline = frozenset(baseline)
    for position in range(start, stop):
        flags = judged.get(position)
        point_type, rule = (None, None)
        if flags is not None:
            point_type, rule = classify(flags, series.improvement, series.settings.conflict)
        points.append(
            SPCPoint(
                position=position,
                period=None if labels is None else labels[position],
                value=series.numbers[position],
                group=number,
                mean=mean,
                lower_limit=None if limits is None else limits.lower,
                upper_limit=None if limits is None else limits.upper,
                lower_two_sigma=None if limits is None else limits.lower_two_sigma,
                upper_two_sigma=None if limits is None else limits.upper_two_sigma,
                point_type=point_type,
                rule=rule,
                signals=tuple(r for r in Rule if flags and flags.get(r, 0)),
                ghosted=position in series.ghosts,
                in_baseline=position in in_baseline,
            )
        )
    return _Group(limits, tuple(points), notes)


def _series(
    values: Iterable[object],
    periods: Iterable[Hashable] | None,
    improvement: Improvement | str,
    ghost: Iterable[Hashable],
    settings: SPCSettings,
) -> _Series:
    numbers = to_fractions(values)
    if not numbers:
        raise InvalidSeriesError("values", (), "at least one value")
    labels = _labels(periods, len(numbers))
    ghosts = _positions(ghost, labels, len(numbers), "ghost")
    if len(ghosts) == len(numbers):
        raise InvalidSeriesError("ghost", sorted(ghosts), "at least one point not ghosted")
    direction = Improvement.parse(improvement, field="improvement")
    return _Series(numbers, labels, ghosts, direction, settings)


def xmr(
    values: Iterable[object],
    *,
    periods: Iterable[Hashable] | None = None,
    improvement: Improvement | str = Improvement.INCREASE,
    target: object = None,
    recalculate: Iterable[Hashable] = (),
    ghost: Iterable[Hashable] = (),
    baseline: int | None = None,
    settings: SPCSettings | None = None,
) -> XmRChart:
    """Draw an XmR chart of ``values`` and read it.

    Args:
        values: the measure, in time order, with no gaps: ints, floats (read
            as the decimal they print as), Decimals, Fractions or numeric text.
        periods: a label per value (dates, month names); ``recalculate`` and
            ``ghost`` then name periods instead of positions.
        improvement: ``"increase"``, ``"decrease"`` or ``"neutral"``.
        target: the target for the assurance icon, or ``None``.
        recalculate: the points (periods, or 0-based positions) where new
            limits start: each starts a limit group, and rules do not cross groups.
        ghost: points shown but left out of the limits and the rules.
        baseline: fix each group's limits from its first ``baseline`` points
            (not ghosted) and project them; overrides ``settings.baseline``.
        settings: the method; ``SPCSettings.nhsr()`` by default.

    Raises:
        InvalidSeriesError: no values, a value that is not a finite number, or
            periods, recalculations or ghosts that do not fit the values.
        InvalidSPCSettingsError: unknown ``improvement``, or a bad ``baseline``.

    Warns:
        SPCWarning: a group has trial limits or too few points for limits.

    ```pycon
    >>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
    >>> chart.limits.rounded(2)["upper"], chart.points[4].point_type.label
    (Decimal('4.60'), 'Special cause improvement')

    ```
    """
    if settings is None:
        settings = SPCSettings.nhsr()
    elif not isinstance(settings, SPCSettings):
        raise InvalidSPCSettingsError("settings", settings, "an SPCSettings")
    if baseline is not None:
        settings = attrs.evolve(settings, baseline=baseline)
    goal = None if target is None else to_fraction(target, field="target")
    series = _series(values, periods, improvement, ghost, settings)
    count = len(series.numbers)
    bounds = sorted(_positions(recalculate, series.labels, count, "recalculate") | {0})
    groups = [
        _group(series, number, start, stop)
        for number, (start, stop) in enumerate(zip(bounds, [*bounds[1:], count], strict=True))
    ]
    notes = tuple(note for group in groups for note in group.warnings)
    for note in notes:
        warnings.warn(note, SPCWarning, stacklevel=2)

    points = tuple(point for group in groups for point in group.points)
    last = next(point for point in reversed(points) if not point.ghosted)
    variation = None
    if groups[last.group].limits is not None and last.point_type is not None:
        variation = Variation.of(last.point_type, series.improvement)
    final = groups[-1].limits
    icon = Assurance.NONE
    if final is not None:
        icon = assurance(
            goal,
            final.lower,
            final.upper,
            series.improvement,
            inclusive=settings.assurance_inclusive,
        )
    return XmRChart(
        points=points,
        groups=tuple(group.limits for group in groups),
        improvement=series.improvement,
        target=goal,
        settings=settings,
        variation=variation,
        assurance=icon,
        warnings=notes,
    )
