"""XmR charts end to end: kpirag.spc.xmr."""

from __future__ import annotations

import csv
import pickle
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from kpirag.errors import InvalidSeriesError, InvalidSPCSettingsError, SPCWarning
from kpirag.spc import (
    Assurance,
    Improvement,
    PointType,
    Rule,
    SPCSettings,
    Variation,
    xmr,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "spc"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


VIGNETTE = _read("nhsr_vignette_deviations_data.csv")
VIGNETTE_EXPECTED = _read("nhsr_vignette_deviations_expected.csv")
OPPOSITE = _read("nhsr_test_2of3_opposite_sides.csv")


@pytest.mark.parametrize("case", VIGNETTE_EXPECTED, ids=lambda case: case["case"])
def test_vignette(case: dict[str, str]) -> None:
    """NHSR's deviations vignette: its limits to 2 dp, point 5 improvement, the rest common cause."""
    settings = SPCSettings(screening=case["screen_outliers"] == "TRUE")
    chart = xmr(
        [row["data"] for row in VIGNETTE],
        periods=[row["date"] for row in VIGNETTE],
        improvement=case["improvement_direction"],
        settings=settings,
    )
    assert chart.limits is not None
    rounded = chart.limits.rounded(2)
    expected = [Decimal(case[f"expected_{line}"]) for line in ("upl", "mean", "lpl")]
    assert [rounded["upper"], rounded["mean"], rounded["lower"]] == expected
    types = [point.point_type for point in chart.points]
    assert types[4] is PointType.SPECIAL_CAUSE_IMPROVEMENT
    assert chart.points[4].rule is Rule.OUTSIDE_LIMITS
    assert types[:4] + types[5:] == [PointType.COMMON_CAUSE] * 17
    assert chart.points[4].period == "2021-03-26"
    assert chart.variation is Variation.COMMON_CAUSE
    assert chart.warnings == ()


@pytest.mark.parametrize("preset", ["nhsr", "mdc-2023", "powerbi"])
def test_two_in_three_on_opposite_sides(preset: str) -> None:
    """NHSR's fixture: two points near opposite limits are common cause, in every preset."""
    chart = xmr([row["data"] for row in OPPOSITE], settings=SPCSettings.preset(preset))
    expected = [row["expected_point_type"] for row in OPPOSITE if row["expected_point_type"]]
    assert [point.point_type.value for point in chart.points[-2:] if point.point_type] == expected
    assert all(point.point_type is PointType.COMMON_CAUSE for point in chart.points)


def test_points_carry_their_lines() -> None:
    """Each point has its value, group, mean, limits and 2-sigma lines as fractions."""
    chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
    point = chart.points[0]
    assert point.value == 1
    assert point.group == 0
    assert point.mean == Fraction(35, 18)
    assert point.upper_limit == Fraction(35, 18) + Fraction("2.66")
    assert point.lower_limit == Fraction(35, 18) - Fraction("2.66")
    assert point.upper_two_sigma == Fraction(35, 18) + Fraction("2.66") * 2 / 3
    assert point.lower_two_sigma == Fraction(35, 18) - Fraction("2.66") * 2 / 3
    assert (point.rule, point.signals, point.ghosted, point.in_baseline) == (None, (), False, True)
    assert chart.special_causes == (chart.points[4],)


def test_shift_flags_the_whole_run_and_reads() -> None:
    """Seven points above the mean: all seven improvement, and the reading says so."""
    values = [8, 4] * 5 + [7] * 7
    chart = xmr(values, target=6)
    assert [p.rule for p in chart.points[10:]] == [Rule.SHIFT] * 7
    assert {p.point_type for p in chart.points[:10]} == {PointType.COMMON_CAUSE}
    assert chart.variation is Variation.IMPROVEMENT_HIGH
    assert chart.assurance is Assurance.INCONSISTENT
    assert chart.reading().startswith("Special cause improvement: the last 7 points are above")


def test_decrease_flips_the_icons() -> None:
    """When lower is better the same run is a concern, shown by the Concern (High) icon."""
    values = [8, 4] * 5 + [7] * 7
    chart = xmr(values, improvement="decrease", target=-1)
    assert chart.points[-1].point_type is PointType.SPECIAL_CAUSE_CONCERN
    assert chart.variation is Variation.CONCERN_HIGH
    assert chart.assurance is Assurance.CONSISTENT_FAIL


def test_neutral_has_neither_icon_and_no_assurance() -> None:
    """A neutral measure's special cause is 'neither'; a target gives no assurance icon."""
    values = [8, 4] * 5 + [5] * 7
    chart = xmr(values, improvement=Improvement.NEUTRAL, target=3)
    assert chart.variation is Variation.NEITHER_LOW
    assert chart.assurance is Assurance.NONE
    assert "no assurance icon for a neutral measure" in chart.reading()


def test_trend_reading() -> None:
    """A falling trend at the end is read as such."""
    values = [10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 13, 12, 11, 10, 9, 8]
    chart = xmr(values, improvement="decrease")
    assert chart.points[-1].rule is Rule.TREND
    assert chart.variation is Variation.IMPROVEMENT_LOW
    assert chart.reading() == (
        "Special cause improvement: the last 7 points are falling, each below the one before; "
        "no target, so no assurance icon"
    )


def test_outside_and_two_in_three_readings() -> None:
    """The last point beyond a limit, or two of three beyond a 2-sigma line, is read."""
    base = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11]
    outside = xmr([*base, 30], target=5)
    assert outside.points[-1].rule is Rule.OUTSIDE_LIMITS
    assert outside.reading().startswith("Special cause improvement: the last point is above")
    assert outside.assurance is Assurance.CONSISTENT_PASS
    assert "it will consistently be hit" in outside.reading()
    near = xmr([*base, 13, 11, 13])
    assert near.limits is not None
    assert near.limits.upper_two_sigma < 13 <= near.limits.upper
    assert [p.rule for p in near.points[-3:]] == [Rule.TWO_IN_THREE, None, Rule.TWO_IN_THREE]
    assert near.points[-1].rule is Rule.TWO_IN_THREE
    assert "2 of the last 3 points are beyond the upper 2-sigma line" in near.reading()


def test_recalculation_starts_a_new_group() -> None:
    """A recalculation point starts new limits; rules do not cross it."""
    values = [1, 2] * 7 + [11, 12] * 7
    chart = xmr(values, recalculate=[14])
    first, second = chart.groups
    assert first is not None
    assert second is not None
    assert (first.mean, second.mean) == (Fraction(3, 2), Fraction(23, 2))
    assert {p.group for p in chart.points[:14]} == {0}
    assert {p.group for p in chart.points[14:]} == {1}
    assert all(p.point_type is PointType.COMMON_CAUSE for p in chart.points)
    assert chart.limits is second
    single = xmr(values)
    assert single.points[-1].point_type is PointType.SPECIAL_CAUSE_IMPROVEMENT


def test_recalculate_and_ghost_by_period() -> None:
    """With periods, recalculation and ghost points are named by period."""
    periods = [f"2024-{month:02}" for month in range(1, 13)] + ["2025-01", "2025-02"]
    values = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 50, 4]
    chart = xmr(
        values, periods=periods, ghost=["2025-01"], settings=SPCSettings(trial_limits_below=0)
    )
    ghosted = chart.points[12]
    assert ghosted.ghosted
    assert ghosted.point_type is None
    assert not ghosted.in_baseline
    assert chart.limits is not None
    assert chart.limits.mean == Fraction(46, 13)
    assert chart.limits.points == 13


def test_ghosted_points_leave_the_limits_and_rules() -> None:
    """A ghosted point's value changes neither the limits nor the other points' types."""
    values = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]
    one = xmr([*values[:5], 100, *values[5:]], ghost=[5])
    two = xmr([*values[:5], -100, *values[5:]], ghost=[5])
    plain = xmr(values)
    assert one.groups == two.groups == plain.groups
    assert [p.point_type for p in one.points] == [p.point_type for p in two.points]
    assert one.variation is plain.variation


def test_last_point_ghosted_uses_the_one_before() -> None:
    """The variation icon reads the last point that is not ghosted."""
    values = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 50, 4]
    chart = xmr(values, ghost=[14])
    assert chart.last_point.position == 13
    assert chart.variation is Variation.IMPROVEMENT_HIGH


def test_baseline_fixes_and_projects_the_limits() -> None:
    """Limits from the first N points are projected over the rest of the group."""
    values = [3, 4] * 7 + [10] * 6
    chart = xmr(values, baseline=14)
    assert chart.limits is not None
    assert chart.limits.mean == Fraction(7, 2)
    assert chart.limits.points == 14
    assert [p.in_baseline for p in chart.points] == [True] * 14 + [False] * 6
    assert chart.points[-1].rule is Rule.OUTSIDE_LIMITS
    assert chart.settings.baseline == 14


def test_baseline_first_group_only() -> None:
    """MDC: the baseline fixes the first group; a later group uses all its points."""
    values = [3, 4] * 8 + [10, 11] * 8
    settings = SPCSettings(baseline=12, baseline_first_group_only=True)
    chart = xmr(values, recalculate=[16], settings=settings)
    assert [limits.points for limits in chart.groups if limits] == [12, 16]
    every = xmr(values, recalculate=[16], settings=SPCSettings(baseline=12))
    assert [limits.points for limits in every.groups if limits] == [12, 12]


def test_trial_limits_warn() -> None:
    """NHSR: fewer than 13 points give trial limits, with a warning kept on the chart."""
    with pytest.warns(SPCWarning, match="trial limits") as caught:
        chart = xmr([1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2])
    assert chart.limits is not None
    assert len(caught) == 1
    assert chart.warnings == (str(caught[0].message),)
    assert "12 points, fewer than 13" in chart.warnings[0]


def test_too_few_points_is_a_run_chart() -> None:
    """MDC: under 15 points there are no limits and no icons, and a warning says so."""
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    with pytest.warns(SPCWarning, match="run chart"):
        chart = xmr(values, target=5, settings=SPCSettings.mdc_2023())
    assert chart.limits is None
    assert chart.variation is None
    assert chart.assurance is Assurance.NONE
    assert chart.points[0].upper_limit is None
    assert chart.points[0].mean == Fraction(11, 2)
    # Shift and trend need no limits: a run chart still shows the trend.
    assert chart.points[-1].rule is Rule.TREND
    assert chart.reading() == (
        "No process limits: the last group has 10 points to draw them from, fewer than 15, "
        "so it is a run chart; no process limits, so no assurance icon"
    )


def test_one_point() -> None:
    """A single point is a run chart of one."""
    with pytest.warns(SPCWarning):
        chart = xmr([4])
    assert chart.points[0].point_type is PointType.COMMON_CAUSE
    assert chart.variation is None


@pytest.mark.parametrize(
    ("inclusive", "expected"),
    [(False, Assurance.INCONSISTENT), (True, Assurance.CONSISTENT_PASS)],
)
def test_assurance_target_on_a_limit(inclusive: bool, expected: Assurance) -> None:
    """A target exactly on the lower limit: hit or miss (NHSR) or a pass (MDC, inclusive)."""
    values = [3, 4] * 7
    lower = xmr(values).limits
    assert lower is not None
    chart = xmr(values, target=lower.lower, settings=SPCSettings(assurance_inclusive=inclusive))
    assert chart.assurance is expected
    assert "on the lower process limit" in chart.reading()


def test_rules_can_be_switched_off() -> None:
    """A rule left out of ``settings.rules`` never fires."""
    values = [8, 4] * 5 + [7] * 7
    assert xmr(values).special_causes != ()
    chart = xmr(values, settings=SPCSettings(rules={Rule.OUTSIDE_LIMITS, Rule.TREND}))
    assert chart.special_causes == ()


def test_exact_decimal_input() -> None:
    """Floats are read as the decimals they print as, so 0.1 + 0.2 sits exactly on 0.3."""
    values = [0.1, 0.2, 0.3, 0.4, 0.5] * 3
    chart = xmr(values)
    assert chart.limits is not None
    assert chart.limits.mean == Fraction(3, 10)
    assert chart.points[2].point_type is PointType.COMMON_CAUSE
    assert chart.points[2].value == chart.limits.mean


def test_chart_is_a_frozen_value() -> None:
    """Charts are immutable and survive pickling."""
    chart = xmr([3, 4] * 7, periods=range(14), target=3)
    assert pickle.loads(pickle.dumps(chart)) == chart
    with pytest.raises(AttributeError):
        chart.target = Fraction(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"values": []}, InvalidSeriesError, "at least one value"),
        ({"values": "123"}, InvalidSeriesError, "a sequence of numbers"),
        ({"values": [1, None, 3]}, InvalidSeriesError, r"values\[1\] None"),
        ({"values": [1, 2], "periods": ["a"]}, InvalidSeriesError, "2 labels"),
        ({"values": [1, 2], "periods": ["a", "a"]}, InvalidSeriesError, "no other period"),
        ({"values": [1, 2], "periods": [[1], [2]]}, InvalidSeriesError, "hashable"),
        ({"values": [1, 2], "recalculate": [2]}, InvalidSeriesError, "position from 0 to 1"),
        ({"values": [1, 2], "recalculate": [True]}, InvalidSeriesError, "position"),
        ({"values": [1, 2], "periods": "ab", "ghost": ["c"]}, InvalidSeriesError, "labels"),
        (
            {"values": [1, 2], "periods": ["a", "b"], "ghost": ["c"]},
            InvalidSeriesError,
            "one of the periods",
        ),
        ({"values": [1, 2], "ghost": [0, 1]}, InvalidSeriesError, "not ghosted"),
        ({"values": [1, 2], "ghost": 1}, InvalidSeriesError, "collection"),
        ({"values": [1, 2], "target": "lots"}, InvalidSeriesError, "target"),
        ({"values": [1, 2], "improvement": "up"}, InvalidSPCSettingsError, "'increase'"),
        ({"values": [1, 2], "baseline": 1}, InvalidSPCSettingsError, "baseline"),
        ({"values": [1, 2], "settings": "nhsr"}, InvalidSPCSettingsError, "an SPCSettings"),
    ],
)
def test_bad_input(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    """Bad series and options raise kpirag's own errors naming the problem."""
    with pytest.raises(error, match=message):
        xmr(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("ghosted", [False, True], ids=["no points", "all ghosted"])
def test_defect_empty_chart_last_point_stop_iteration(ghosted: bool) -> None:
    """A chart with no point to read cannot be made (its last_point raised StopIteration)."""
    chart = xmr(list(range(14)), ghost=[0])
    points = tuple(attrs.evolve(point, ghosted=True) for point in chart.points) if ghosted else ()
    with pytest.raises(InvalidSeriesError, match="not ghosted"):
        attrs.evolve(chart, points=points)


def test_a_chart_needs_a_limit_group() -> None:
    """A chart without limit groups cannot be made (its limits raised IndexError)."""
    with pytest.raises(InvalidSeriesError, match="limit group"):
        attrs.evolve(xmr(list(range(14))), groups=())


@pytest.mark.parametrize(
    ("values", "improvement", "words"),
    [
        ([10, 14, 10, 14, 10, 14, 10, 14, 14, 14, 13, 12, 11, 10, 9, 8], "decrease", "falling"),
        ([14, 10, 14, 10, 14, 10, 14, 10, 10, 10, 11, 12, 13, 14, 15, 16], "increase", "rising"),
        ([10, 14, 10, 14, 10, 14, 10, 14, 9, 14, 13, 12, 11, 10, 9, 8], "decrease", "falling"),
    ],
)
def test_defect_trend_reading_counts_a_tie_as_a_fall(
    values: list[int], improvement: str, words: str
) -> None:
    """A trend's reading counts the points of the run only: a tie before it (or a turn) ends it."""
    chart = xmr(values, improvement=improvement)
    assert chart.points[-1].rule is Rule.TREND
    assert chart.reading() == (
        f"Special cause improvement: the last 7 points are {words}, each "
        f"{'below' if words == 'falling' else 'above'} the one before; "
        "no target, so no assurance icon"
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: xmr([1, 2, 3], settings="x"),  # type: ignore[arg-type]
        "Invalid SPC setting settings 'x': expected an SPCSettings"),
        (lambda: SPCSettings(limit_factor=0), "Invalid SPC setting limit_factor 0: expected a number above 0"),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_showing_the_value(build: object, message: str) -> None:
    """Settings that are no SPCSettings, or a factor not above 0, are refused with their value."""
    with pytest.raises(InvalidSPCSettingsError) as caught:
        build()  # type: ignore[operator]
    assert str(caught.value) == message


def test_a_target_below_the_limits_is_read_as_below() -> None:
    """A target under the lower process limit is read as below the limits, always hit."""
    chart = xmr([10, 11] * 7, target=1)
    assert chart.reading() == (
        "Common cause: the last point shows no special cause; target 1 is below the process "
        "limits (7.84 to 13.16), so it will consistently be hit"
    )


TWO_SIGMA_BASE = [10, 11] * 7  # limits 7.84 to 13.16, 2-sigma lines 1309/150 and 1841/150

S, T, X, W = Rule.SHIFT, Rule.TREND, Rule.OUTSIDE_LIMITS, Rule.TWO_IN_THREE


@pytest.mark.parametrize(
    ("values", "options", "expected"),
    [
        ([*TWO_SIGMA_BASE, *[13] * 7], {"baseline": 14}, [(W, S)] * 7),
        ([*TWO_SIGMA_BASE, *[13] * 7], {"baseline": 14, "rules": {"shift"}}, [(S,)] * 7),
        ([*TWO_SIGMA_BASE, *[13] * 7], {"baseline": 14, "rules": {"two_in_three"}}, [(W,)] * 7),
        ([*TWO_SIGMA_BASE, 13, 12, 13], {"baseline": 14}, [(W,), (), (W,)]),
        ([*TWO_SIGMA_BASE, 30], {"baseline": 14}, [(X,)]),
        ([1, 2, 3, 4, 5, 6, 7, 8], {"minimum_points": 15}, [(T,)] * 8),
        ([1, 2, 3, 4, 5, 6, 7, 8], {"minimum_points": 15, "rules": {"outside_limits"}}, [()] * 8),
        ([1, 2, 3, 4, 5, 6, 7, 8, 30], {}, [*[(X, T, S)] * 4, *[(T, S)] * 3, (T,), (X, T)]),
    ],
    ids=[
        "two-in-three and shift",
        "only shift applied",
        "only two-in-three applied",
        "a point between two flagged ones",
        "outside alone",
        "a run chart: shift and trend only",
        "a run chart without its rules",
        "outside, trend and shift",
    ],
)
def test_signals_list_every_rule_that_flagged_the_point_in_order(
    values: list[int], options: dict[str, object], expected: list[tuple[Rule, ...]]
) -> None:
    """A point's signals are the applied rules that flagged it, in order of precedence."""
    given = dict(options)
    baseline = given.pop("baseline", None)
    settings = SPCSettings(**given)  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        chart = xmr(values, baseline=baseline, settings=settings)  # type: ignore[arg-type]
    assert [point.signals for point in chart.points[-len(expected) :]] == expected
    assert all(
        point.rule is (point.signals[0] if point.signals else None) for point in chart.points
    )


def test_a_ghosted_point_has_no_signals() -> None:
    """A ghosted point is not judged: no type, no rule, no signals, whatever its neighbours show."""
    chart = xmr([*TWO_SIGMA_BASE, *[13] * 7], ghost=[17], baseline=14)
    ghost = chart.points[17]
    assert (ghost.ghosted, ghost.point_type, ghost.rule, ghost.signals) == (True, None, None, ())
    assert chart.points[16].signals == (Rule.TWO_IN_THREE, Rule.SHIFT)


@pytest.mark.parametrize(
    ("window", "improvement", "reading"),
    [
        ([13, Fraction(1841, 150), 13], "increase", "Special cause improvement: 2 of the last 3 points are beyond the upper 2-sigma line"),
        ([13, 13, 13], "increase", "Special cause improvement: 3 of the last 3 points are beyond the upper 2-sigma line"),
        ([8, Fraction(1309, 150), 8], "increase", "Special cause concern: 2 of the last 3 points are beyond the lower 2-sigma line"),
        ([8, Fraction(1309, 150), 8], "decrease", "Special cause improvement: 2 of the last 3 points are beyond the lower 2-sigma line"),
        ([8, 8, 8], "increase", "Special cause concern: 3 of the last 3 points are beyond the lower 2-sigma line"),
    ],
)  # fmt: skip
def test_the_two_sigma_reading_counts_only_points_beyond_the_line(
    window: list[object], improvement: str, reading: str
) -> None:
    """A point exactly on a 2-sigma line is not beyond it, and is not counted in the reading."""
    chart = xmr([*TWO_SIGMA_BASE, *window], baseline=14, improvement=improvement)
    assert chart.limits is not None
    assert (chart.limits.lower_two_sigma, chart.limits.upper_two_sigma) == (
        Fraction(1309, 150),
        Fraction(1841, 150),
    )
    assert chart.points[-1].rule is Rule.TWO_IN_THREE
    assert chart.reading() == f"{reading}; no target, so no assurance icon"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "XmRChart(14 points: common cause, assurance none)"),
        (
            {"periods": [f"2024-{month:02d}" for month in range(1, 15)]},
            "XmRChart(14 points, 2024-01 to 2024-14: common cause, assurance none)",
        ),
        (
            {"periods": ["x" * 20, *range(12), "y" * 21], "target": 20},
            f"XmRChart(14 points, {'x' * 20} to {'y' * 19}…: common cause, assurance consistent fail)",
        ),
        (
            {"periods": range(14), "recalculate": [7], "target": 1},
            "XmRChart(14 points, 0 to 13, 2 limit groups: common cause, assurance consistent pass)",
        ),
        (
            {"recalculate": [7, 10], "improvement": "neutral"},
            "XmRChart(14 points, 3 limit groups: common cause, assurance none)",
        ),
    ],
    ids=["no periods", "periods", "long periods cut to 20 characters", "groups", "three groups"],
)
def test_a_chart_repr_names_its_points_periods_groups_and_icons(
    options: dict[str, object], expected: str
) -> None:
    """A chart's repr: its points, first and last period (cut to 20), groups and icons."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        chart = xmr([10, 11] * 7, **options)  # type: ignore[arg-type]
    assert repr(chart) == expected


def test_a_run_chart_repr_says_it_has_no_variation_icon() -> None:
    """A chart whose last group has no limits says so in its repr."""
    with pytest.warns(SPCWarning):
        chart = xmr([1, 2, 3, 4], settings=SPCSettings.mdc_2023())
    assert repr(chart) == "XmRChart(4 points: no variation icon, assurance none)"


@pytest.mark.parametrize("field", ["ghost", "recalculate"])
@pytest.mark.parametrize("item", [[], {"a": 1}], ids=["list", "dict"])
def test_defect_a_point_named_by_an_unhashable_period_escapes_as_type_error(
    field: str, item: object
) -> None:
    """Naming a point of a labelled series by an unhashable item is our error, not a TypeError."""
    with pytest.raises(InvalidSeriesError) as caught:
        xmr([1, 2, 3], periods=["a", "b", "c"], **{field: [item]})  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == (field, item)
    assert str(caught.value) == f"Invalid {field} {item!r}: expected one of the periods"


@pytest.mark.parametrize(
    ("values", "improvement", "reading"),
    [
        ([*TWO_SIGMA_BASE, 30], "increase", "Special cause improvement: the last point is above the upper process limit"),
        ([*TWO_SIGMA_BASE, -5], "increase", "Special cause concern: the last point is below the lower process limit"),
        ([*TWO_SIGMA_BASE, 30], "decrease", "Special cause concern: the last point is above the upper process limit"),
        ([*TWO_SIGMA_BASE, -5], "neutral", "Special cause neither (low): the last point is below the lower process limit"),
        ([8, 4] * 5 + [7] * 7, "increase", "Special cause improvement: the last 7 points are above the mean"),
        ([8, 4] * 5 + [5] * 7, "increase", "Special cause concern: the last 8 points are below the mean"),
        ([8, 4] * 5 + [5] * 7, "neutral", "Special cause neither (low): the last 8 points are below the mean"),
        ([10, 14] * 4 + [13, 12, 11, 10, 9, 8, 7], "increase", "Special cause concern: the last 8 points are falling, each below the one before"),
        ([10, 14] * 4 + [9, 10, 11, 12, 13, 14, 15], "neutral", "Special cause neither (high): the last 7 points are rising, each above the one before"),
    ],
)  # fmt: skip
def test_every_reading_names_its_rule_and_its_side(
    values: list[int], improvement: str, reading: str
) -> None:
    """The reading of each rule, above and below, for each direction of improvement."""
    chart = xmr(values, improvement=improvement)
    assert chart.reading() == f"{reading}; no target, so no assurance icon"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"points": ()}, "Invalid points (): expected at least one point that is not ghosted"),
        ({"groups": ()}, "Invalid groups (): expected at least one limit group"),
    ],
)
def test_a_chart_without_points_or_groups_is_refused_in_words(
    change: dict[str, object], message: str
) -> None:
    """An empty chart's refusal names the field, the value and what it needs, whole."""
    with pytest.raises(InvalidSeriesError) as caught:
        attrs.evolve(xmr(list(range(14))), **change)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("values", "rule", "reading"),
    [
        ([10, 14] * 5 + [1, 2, 3] + [5, 6, 7, 8, 9, 10, 11], "trend", "the last 7 points are rising, each above the one before"),
        ([10, 14] * 5 + [20, 21, 22] + [5, 4, 5, 4, 5, 4, *[8] * 7], "shift", "the last 7 points are above the mean"),
    ],
)  # fmt: skip
def test_a_reading_counts_the_points_of_the_last_group_only(
    values: list[int], rule: str, reading: str
) -> None:
    """A run or trend that carries on from the group before is counted from the recalculation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        chart = xmr(values, recalculate=[13], settings=SPCSettings(rules={rule}))
    assert chart.reading() == (
        f"Special cause improvement: {reading}; no target, so no assurance icon"
    )


def test_a_chart_repr_shows_a_span_only_when_both_ends_have_a_period() -> None:
    """A chart whose first or last point has no period shows no span of periods."""
    chart = xmr([10, 11] * 7, periods=range(14))
    first, *middle, last = chart.points
    no_first = attrs.evolve(chart, points=(attrs.evolve(first, period=None), *middle, last))
    no_last = attrs.evolve(chart, points=(first, *middle, attrs.evolve(last, period=None)))
    assert repr(no_first) == repr(no_last) == "XmRChart(14 points: common cause, assurance none)"


@pytest.mark.parametrize(
    ("options", "index", "expected"),
    [
        ({}, 14, "SPCPoint(point 14, 10.25, common cause)"),
        ({"periods": range(15), "ghost": [2]}, 2, "SPCPoint(2, 10, ghosted)"),
        ({"periods": range(15)}, 0, "SPCPoint(0, 10, common cause)"),
        (
            {"periods": [*range(14), "a period label of 25 chars"], "last": 30},
            14,
            "SPCPoint(a period label of 2…, 30, special cause improvement (outside limits))",
        ),
    ],
)
def test_a_point_repr_names_its_place_value_and_kind(
    options: dict[str, object], index: int, expected: str
) -> None:
    """A point's repr: its period (cut to 20) or position, its value, and its type and rule."""
    given = dict(options)
    last = given.pop("last", Fraction("10.25"))
    chart = xmr([*[10, 11] * 7, last], **given)  # type: ignore[arg-type]
    assert repr(chart.points[index]) == expected
