"""Laws of the XmR chart, checked on generated series, and a cross-check with a slow reference."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag.errors import SPCWarning
from kpirag.spc import (
    Assurance,
    Conflict,
    Improvement,
    PointType,
    Rule,
    SPCSettings,
    Variation,
    XmRChart,
    shift,
    trend,
    xmr,
)

EXAMPLES = settings(max_examples=200, deadline=None)
PRESETS = st.sampled_from([SPCSettings.nhsr(), SPCSettings.mdc_2023(), SPCSettings.powerbi()])
SYMMETRIC = st.sampled_from([SPCSettings.nhsr(), SPCSettings.powerbi()])
# Small integers and tenths: ties, points on the mean and runs are common.
VALUES = st.one_of(
    st.integers(-5, 5).map(Fraction),
    st.integers(-300, 300).map(lambda n: Fraction(n, 10)),
)
STEPS = st.sampled_from([Fraction(-2), Fraction(-1), Fraction(1, 2), Fraction(1), Fraction(3)])
# Series built from pieces that make patterns: noise, ramps (trends), flat stretches (ties,
# points on the mean) and two-level zigzags (shifts, two-in-three). Plain random lists rarely
# show a trend.
PIECES = st.one_of(
    st.lists(VALUES, min_size=1, max_size=6),
    st.builds(lambda a, s, k: [a + s * i for i in range(k)], VALUES, STEPS, st.integers(3, 9)),
    st.builds(lambda a, k: [a] * k, VALUES, st.integers(2, 9)),
    st.builds(
        lambda a, d, k: [a + d * (i % 2) for i in range(k)], VALUES, STEPS, st.integers(3, 12)
    ),
)


def _patterned(min_size: int) -> st.SearchStrategy[list[Fraction]]:
    joined = st.lists(PIECES, min_size=1, max_size=6).map(
        lambda pieces: [value for piece in pieces for value in piece][:50]
    )
    return joined.filter(lambda values: len(values) >= min_size)


SERIES = st.one_of(st.lists(VALUES, min_size=1, max_size=40), _patterned(1))
DIRECTIONS = st.sampled_from(list(Improvement))


def _chart(values: Sequence[object], **options: object) -> XmRChart:
    """``xmr`` with its SPCWarnings (short series) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        return xmr(values, **options)  # type: ignore[arg-type]


def _lines(chart: XmRChart) -> list[tuple[Fraction | None, ...]]:
    return [
        (p.mean, p.lower_limit, p.upper_limit, p.lower_two_sigma, p.upper_two_sigma)
        for p in chart.points
    ]


@EXAMPLES
@given(SERIES, VALUES, PRESETS, DIRECTIONS)
def test_shifting_values_shifts_the_lines_only(
    values: list[Fraction], constant: Fraction, preset: SPCSettings, improvement: Improvement
) -> None:
    """Adding a constant to every value adds it to the mean and limits and changes no point type."""
    before = _chart(values, settings=preset, improvement=improvement)
    after = _chart([v + constant for v in values], settings=preset, improvement=improvement)
    moved = [
        tuple(None if line is None else line + constant for line in lines)
        for lines in _lines(before)
    ]
    assert _lines(after) == moved
    assert [(p.point_type, p.rule) for p in after.points] == [
        (p.point_type, p.rule) for p in before.points
    ]
    assert (after.variation, after.assurance) == (before.variation, before.assurance)


_SWAP = {
    PointType.SPECIAL_CAUSE_IMPROVEMENT: PointType.SPECIAL_CAUSE_CONCERN,
    PointType.SPECIAL_CAUSE_CONCERN: PointType.SPECIAL_CAUSE_IMPROVEMENT,
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: PointType.SPECIAL_CAUSE_NEUTRAL_LOW,
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: PointType.SPECIAL_CAUSE_NEUTRAL_HIGH,
    PointType.COMMON_CAUSE: PointType.COMMON_CAUSE,
    None: None,
}
_FLIP = {
    Improvement.INCREASE: Improvement.DECREASE,
    Improvement.DECREASE: Improvement.INCREASE,
    Improvement.NEUTRAL: Improvement.NEUTRAL,
}
_MIRROR = {
    Variation.IMPROVEMENT_HIGH: Variation.IMPROVEMENT_LOW,
    Variation.IMPROVEMENT_LOW: Variation.IMPROVEMENT_HIGH,
    Variation.CONCERN_HIGH: Variation.CONCERN_LOW,
    Variation.CONCERN_LOW: Variation.CONCERN_HIGH,
    Variation.NEITHER_HIGH: Variation.NEITHER_LOW,
    Variation.NEITHER_LOW: Variation.NEITHER_HIGH,
    Variation.COMMON_CAUSE: Variation.COMMON_CAUSE,
    None: None,
}


@EXAMPLES
@given(SERIES, PRESETS, DIRECTIONS, st.one_of(st.none(), VALUES))
def test_negating_and_flipping_is_a_mirror(
    values: list[Fraction], preset: SPCSettings, improvement: Improvement, target: Fraction | None
) -> None:
    """Negated values with the opposite direction: the same point types, mirrored icons."""
    before = _chart(values, settings=preset, improvement=improvement, target=target)
    after = _chart(
        [-v for v in values],
        settings=preset,
        improvement=_FLIP[improvement],
        target=None if target is None else -target,
    )
    neutral = improvement is Improvement.NEUTRAL
    assert [p.point_type for p in after.points] == [
        _SWAP[p.point_type] if neutral else p.point_type for p in before.points
    ]
    assert [p.rule for p in after.points] == [p.rule for p in before.points]
    assert after.variation is _MIRROR[before.variation]
    assert after.assurance is before.assurance
    if before.limits is not None:
        assert after.limits is not None
        assert (after.limits.lower, after.limits.upper) == (
            -before.limits.upper,
            -before.limits.lower,
        )


@EXAMPLES
@given(SERIES, SYMMETRIC, st.sampled_from([Improvement.INCREASE, Improvement.DECREASE]))
def test_negating_or_flipping_alone_swaps_improvement_and_concern(
    values: list[Fraction], preset: SPCSettings, improvement: Improvement
) -> None:
    """Negating the values, or flipping the direction, swaps improvement and concern."""
    before = _chart(values, settings=preset, improvement=improvement)
    negated = _chart([-v for v in values], settings=preset, improvement=improvement)
    flipped = _chart(values, settings=preset, improvement=_FLIP[improvement])
    swapped = [_SWAP[p.point_type] for p in before.points]
    assert [p.point_type for p in negated.points] == swapped
    assert [p.point_type for p in flipped.points] == swapped


@EXAMPLES
@given(st.lists(st.sampled_from([-1, 0, 1]), max_size=30), st.integers(2, 8), st.data())
def test_a_point_on_the_mean_never_extends_a_run(
    sides: list[int], length: int, data: st.DataObject
) -> None:
    """A point on the mean is never part of a shift, and putting one in never adds a flag."""
    flags = shift(sides, length)
    assert all(flag == 0 for side, flag in zip(sides, flags, strict=True) if side == 0)
    at = data.draw(st.integers(0, len(sides)))
    widened = shift([*sides[:at], 0, *sides[at:]], length)
    for old, new in zip(flags, [*widened[:at], *widened[at + 1 :]], strict=True):
        assert new in {0, old}


@EXAMPLES
@given(_patterned(1), st.integers(3, 8), st.data())
def test_ties_never_extend_a_trend(
    values: list[Fraction], length: int, data: st.DataObject
) -> None:
    """Repeating a value (a tie) never adds a flag to the other points, and never joins two trends."""
    flags = trend(values, length)
    at = data.draw(st.integers(0, len(values) - 1))
    tied = [*values[: at + 1], values[at], *values[at + 1 :]]
    new = trend(tied, length)
    for old, flag in zip(flags, [*new[: at + 1], *new[at + 2 :]], strict=True):
        # A peak shared by a rising and a falling trend may keep only one of them.
        assert old != 0 or flag == 0
    # A run with one tie in it is two shorter runs: too short when each is under ``length``.
    half = length - 1
    rising = (
        [Fraction(n) for n in range(half)]
        + [Fraction(half - 1)]
        + [Fraction(n) for n in range(half, 2 * half - 1)]
    )
    assert trend(rising, length) == (0,) * len(rising)


@EXAMPLES
@given(
    st.one_of(st.lists(VALUES, min_size=3, max_size=40), _patterned(3)),
    st.data(),
    PRESETS,
)
def test_limits_ignore_ghosted_values(
    values: list[Fraction], data: st.DataObject, preset: SPCSettings
) -> None:
    """Changing a ghosted point's value changes no limit and no other point's type."""
    ghosts = data.draw(st.sets(st.integers(0, len(values) - 1), max_size=len(values) - 1))
    others = [data.draw(VALUES) if i in ghosts else v for i, v in enumerate(values)]
    one = _chart(values, ghost=ghosts, settings=preset)
    two = _chart(others, ghost=ghosts, settings=preset)
    assert one.groups == two.groups
    assert [(p.point_type, p.rule) for p in one.points] == [
        (p.point_type, p.rule) for p in two.points
    ]
    assert (one.variation, one.assurance) == (two.variation, two.assurance)


@EXAMPLES
@given(VALUES, st.integers(1, 40), PRESETS, DIRECTIONS)
def test_a_constant_series_collapses_the_limits(
    value: Fraction, count: int, preset: SPCSettings, improvement: Improvement
) -> None:
    """A constant series: the limits meet at the mean and no rule fires."""
    chart = _chart([value] * count, settings=preset, improvement=improvement)
    assert chart.special_causes == ()
    assert all(not p.signals for p in chart.points)
    if chart.limits is not None:
        assert chart.limits.lower == chart.limits.mean == chart.limits.upper == value


# --- An independent, slow reference for the NHSR preset --------------------------------


def _reference_limits(
    values: list[Fraction],
) -> tuple[Fraction, Fraction, Fraction, Fraction, Fraction]:
    """NHSR ptd_spc_standard, line by line: mean, mR-bar screened below 3.267 x mR-bar."""
    mean = sum(values, Fraction(0)) / len(values)
    ranges = [abs(values[i] - values[i - 1]) for i in range(1, len(values))]
    average = sum(ranges, Fraction(0)) / len(ranges)
    if average > 0:
        kept = [r for r in ranges if r < Fraction("3.267") * average]
        average = sum(kept, Fraction(0)) / len(kept)
    width = Fraction("2.66") * average
    near = 2 * Fraction("2.66") / 3 * average
    return mean, mean - width, mean + width, mean - near, mean + near


def _windows(i: int, n: int, size: int) -> list[range]:
    """Every run of ``size`` consecutive positions of ``n`` that contains ``i``, left to right."""
    return [
        range(start, start + size) for start in range(max(0, i - size + 1), min(i, n - size) + 1)
    ]


def _reference_direction(values: list[Fraction], i: int) -> int:
    """1 (high), -1 (low) or 0: the first of NHSR's rules, in precedence order, that flags i."""
    n = len(values)
    mean, lower, upper, lower_near, upper_near = _reference_limits(values)
    side = [1 if v > mean else -1 if v < mean else 0 for v in values]
    close = [1 if upper_near < v <= upper else -1 if lower <= v < lower_near else 0 for v in values]
    if values[i] > upper or values[i] < lower:
        return 1 if values[i] > upper else -1
    # Trend: 6 strict steps one way; when windows disagree, the later window wins.
    trends = [
        {(values[k + 1] > values[k]) - (values[k + 1] < values[k]) for k in list(window)[:-1]}
        for window in _windows(i, n, 7)
    ]
    ways = [steps.pop() for steps in trends if steps in ({1}, {-1})]
    if ways:
        return ways[-1]
    # Two in three: i itself between the lines, with another; all three on its side.
    way = close[i]
    for window in _windows(i, n, 3):
        together = sum(close[k] == way for k in window)
        if way and all(side[k] == way for k in window) and together >= 2:
            return way
    for window in _windows(i, n, 7):
        if len({side[k] for k in window}) == 1 and side[i] != 0:
            return side[i]
    return 0


def _reference_types(values: list[Fraction], improvement: Improvement) -> list[PointType]:
    """Each point's type, checking every window that contains it."""
    names = {
        Improvement.INCREASE: {1: "improvement", -1: "concern"},
        Improvement.DECREASE: {1: "concern", -1: "improvement"},
        Improvement.NEUTRAL: {1: "neutral_high", -1: "neutral_low"},
    }[improvement]
    result = []
    for i in range(len(values)):
        direction = _reference_direction(values, i)
        name = "common_cause" if direction == 0 else f"special_cause_{names[direction]}"
        result.append(PointType(name))
    return result


def _reference_assurance(
    values: list[Fraction], target: Fraction | None, improvement: Improvement
) -> Assurance:
    if target is None or improvement is Improvement.NEUTRAL:
        return Assurance.NONE
    _, lower, upper, _, _ = _reference_limits(values)
    if target > upper:
        return (
            Assurance.CONSISTENT_FAIL
            if improvement is Improvement.INCREASE
            else Assurance.CONSISTENT_PASS
        )
    if target < lower:
        return (
            Assurance.CONSISTENT_PASS
            if improvement is Improvement.INCREASE
            else Assurance.CONSISTENT_FAIL
        )
    return Assurance.INCONSISTENT


@EXAMPLES
@given(
    st.lists(_patterned(2), min_size=1, max_size=3),
    DIRECTIONS,
    st.one_of(st.none(), VALUES),
)
def test_matches_the_reference(
    groups: list[list[Fraction]], improvement: Improvement, target: Fraction | None
) -> None:
    """The NHSR preset agrees with the plain reference, group by group, on every point."""
    values = [value for group in groups for value in group]
    starts, position = [], 0
    for group in groups:
        starts.append(position)
        position += len(group)
    chart = _chart(
        values,
        recalculate=starts[1:],
        improvement=improvement,
        target=target,
        settings=SPCSettings.nhsr(),
    )
    expected = [t for group in groups for t in _reference_types(group, improvement)]
    assert [p.point_type for p in chart.points] == expected
    for group, limits in zip(groups, chart.groups, strict=True):
        assert limits is not None
        mean, lower, upper, lower_near, upper_near = _reference_limits(group)
        assert (limits.mean, limits.lower, limits.upper) == (mean, lower, upper)
        assert (limits.lower_two_sigma, limits.upper_two_sigma) == (lower_near, upper_near)
    assert chart.assurance is _reference_assurance(groups[-1], target, improvement)
    assert chart.variation is Variation.of(expected[-1], improvement)
    assert chart.settings.conflict is Conflict.PRECEDENCE
    assert all(p.rule is None for p in chart.points if p.point_type is PointType.COMMON_CAUSE)
    assert all(
        isinstance(p.rule, Rule) for p in chart.points if p.point_type is not PointType.COMMON_CAUSE
    )
