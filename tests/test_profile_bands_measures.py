"""Profiles, bands and measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    AggregateError,
    Band,
    Bands,
    Cohort,
    Distribution,
    Figure,
    InvalidBandsError,
    InvalidChoiceError,
    InvalidCountError,
    InvalidKPIError,
    InvalidPeriodError,
    InvalidProfileError,
    InvalidTargetError,
    InvalidValueError,
    OutOfRangeError,
    Part,
    Profile,
    Status,
    Target,
    Unit,
    UnitMismatchError,
    ValueTypeError,
    classify,
)
from kpirag.kpi import KPILine, check_unit, read_unit, travel

untyped: Any = Profile  # some calls below are wrong on purpose


def test_linear_quarters() -> None:
    """2,000 a year is 500 a quarter; 79,333 is 19,833.25 by the end of Q1."""
    assert str(Profile.linear(4).target_for(Target.parse("2,000"), 1)) == ">=500"
    assert str(Profile.linear(4).target_for(Target.parse("79,333"), 1)) == ">=19833.25"
    assert str(Profile.linear(4).target_for(Target.parse("79,333"), 3)) == ">=59499.75"


@pytest.mark.parametrize(
    ("annual", "periods", "period", "expected"),
    [
        ("0.000000000001", 4, 1, "0.00000000000025"),
        ("0.00000000001", 4, 1, "0.0000000000025"),
        ("0.00000000001", 4, 3, "0.0000000000075"),
        ("1E-30", 4, 1, "2.5E-31"),
        ("3", 8, 1, "0.375"),
        ("2000", 12, 1, "166.666666666667"),
        ("2000", 12, 6, "1000"),
        ("0.000000000001", 12, 1, "8.33333333333E-14"),
        ("0.000000000001", 3, 1, "3.33333333333E-13"),
    ],
)
def test_profiled_targets_are_exact(annual: str, periods: int, period: int, expected: str) -> None:
    """A share with a finite decimal is exact however small; others keep 12 significant digits."""
    target = Profile.linear(periods).target_for(Target.at_least(Decimal(annual)), period)
    assert target.value == Decimal(expected)
    assert str(target.value) == str(Decimal(expected))


def test_profiled_tiny_target_keeps_its_status() -> None:
    """0.0000000000024 misses a quarter of >=0.00000000001 (0.0000000000025): not Green."""
    target = Profile.linear(4).target_for(Target.parse(">=0.00000000001"), 1)
    assert classify(Decimal("0.0000000000024"), target, "none") == Status.RED
    assert classify(Decimal("0.0000000000025"), target, "none") == Status.GREEN


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: untyped.linear("4"), ValueTypeError),
        (lambda: untyped.linear(4.0), ValueTypeError),
        (lambda: Profile.linear(True), ValueTypeError),
        (lambda: untyped.linear(4).due("1"), ValueTypeError),
        (lambda: untyped.linear(4).due(1, cumulative="yes"), ValueTypeError),
        (lambda: untyped.linear(4).target_for(">=5", 1), ValueTypeError),
    ],
)
def test_profile_wrong_types(call: Callable[[], object], error: type[Exception]) -> None:
    """Wrong argument types raise our ValueTypeError, never a bare TypeError."""
    with pytest.raises(error):
        call()


def test_explicit_weights() -> None:
    """Nothing due in Q1, then a phased build-up; per-period and cumulative shares."""
    profile = Profile.percentages([0, 25, 25, 50])
    assert profile.due(1) == 0
    assert profile.due(3) == Fraction(1, 2)
    assert profile.due(4, cumulative=False) == Fraction(1, 2)
    assert str(profile.target_for(Target.parse("34"), 2)) == ">=8.5"
    assert str(profile.target_for(Target.parse("95-105"), 4)) == "between 95 and 105"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Profile([Fraction(1, 2), Fraction(1, 4)]), "sum to 3/4"),
        (lambda: Profile.percentages([25, 25, 25, 30]), "expected exactly 1"),
        (lambda: Profile([Fraction(3, 2), Fraction(-1, 2)]), "negative"),
        (lambda: Profile([]), "at least one"),
        (lambda: Profile.linear(0), "Invalid periods 0: expected a whole number from 1 to 366"),
        (lambda: Profile.linear(367), "from 1 to 366"),
        (lambda: Profile.linear(10**7), "from 1 to 366"),
        (lambda: Profile([Fraction(1, 400)] * 400), "at most 366 periods"),
        (lambda: Profile.linear(4).due(5), "Invalid period 5: expected a whole number from 1 to 4"),
        (lambda: Profile(["x"]), "profile weight 1"),
    ],
)
def test_bad_profiles(build: object, message: str) -> None:
    """Weights that do not sum to the whole, or are negative, raise our error."""
    with pytest.raises(InvalidProfileError, match=message):
        build()  # type: ignore[operator]


@given(
    st.integers(min_value=1, max_value=12),
    st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_linear_profile_sums_to_annual(periods: int, annual: Decimal) -> None:
    """Law: a linear profile's per-period targets sum to the annual target (to rounding)."""
    profile = Profile.linear(periods)
    target = Target.at_least(annual)
    total = sum(
        profile.target_for(target, n, cumulative=False).value for n in range(1, periods + 1)
    )
    assert abs(total - annual) <= Decimal("1e-11") * periods
    if 12 % periods == 0 or periods in {1, 2, 4, 5, 8, 10}:
        assert profile.target_for(target, periods).value == annual


@pytest.mark.parametrize(
    ("start", "as_of", "label"),
    [
        ("01/01/17", "01/04/17", "3 months or less"),
        ("01/01/17", "02/04/17", "More than 3 months, up to 6 months"),
        ("30/11/16", "28/02/17", "3 months or less"),
        ("31/12/16", "30/06/17", "More than 3 months, up to 6 months"),
        ("31/12/16", "01/07/17", "More than 6 months but less than 1 year"),
        ("30/06/16", "29/06/17", "More than 6 months but less than 1 year"),
        ("30/06/16", "30/06/17", "1 year but less than 2 years"),
        ("30/06/15", "30/06/17", "2 years +"),
        ("30/06/17", "30/06/17", "3 months or less"),
    ],
)
def test_duration_bands_use_calendar_months(start: str, as_of: str, label: str) -> None:
    """Durations use month arithmetic: an edge day belongs to the band the label says."""
    bands = Bands.durations()
    assert bands.bands[bands.locate_duration(start, as_of)].label == label


def test_duration_errors() -> None:
    """A start after the as-of date, or an impossible date, is our error."""
    bands = Bands.durations()
    with pytest.raises(InvalidBandsError, match="after the as-of date"):
        bands.locate_duration("01/07/17", "30/06/17")
    with pytest.raises(InvalidPeriodError, match="case 2: Invalid start date '31/02/17'") as info:
        bands.count_durations(["01/01/17", "31/02/17"], "30/06/17")
    assert info.value.subject == "case 2"
    with pytest.raises(AggregateError, match=r"2 problems: case 1: .*; case 2: ") as many:
        bands.count_durations(["31/04/17", "31/02/17"], "30/06/17")
    assert [type(error) for error in many.value.errors] == [InvalidPeriodError] * 2


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([Band("a", 0, 3, True, True), Band("b", 4, None)], "a gap"),
        ([Band("a", 0, 5, True, True), Band("b", 4, None)], "an overlap"),
        ([Band("a", 0, 3, True, True), Band("b", 3, None, True)], "belongs to both"),
        ([Band("a", 0, 3, True, False), Band("b", 3, None, False)], "belongs to neither"),
        ([Band("a", 0, None), Band("b", 3, None)], "only the last band"),
        ([Band("a", 0, 3), Band("b", None, 6)], "only the first band"),
        ([Band("a", 0, 3), Band("a", 3, None)], "unique"),
        ([], "at least one"),
    ],
)
def test_bands_must_partition(bands: list[Band], message: str) -> None:
    """Construction fails on gaps, overlaps and edges owned twice or not at all."""
    with pytest.raises(InvalidBandsError, match=message):
        Bands(bands)


def test_empty_band() -> None:
    """A band with no values is an error."""
    with pytest.raises(InvalidBandsError, match="is empty"):
        Band("x", 5, 3)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=40))
def test_bands_partition_values(values: list[Decimal]) -> None:
    """Law: every value lands in exactly one band, so band counts add up to the cases."""
    bands = Bands.durations()
    counts = bands.count(values)
    assert sum(counts) == len(values)
    for value in values:
        assert sum(value in band for band in bands.bands) == 1


@given(
    st.lists(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2017, 6, 30)), max_size=30)
)
def test_distribution_from_dates_partitions_cases(starts: list[dt.date]) -> None:
    """Law: cases counted from start dates partition into the bands."""
    distribution = Distribution.from_dates(
        Bands.durations(), starts, as_of=dt.date(2017, 6, 30), band="2 years +"
    )
    assert distribution.cases == len(starts)


def test_cohort() -> None:
    """A cohort compares its exact percentage and shows it as the report does."""
    assert Cohort(8, 9).share == Fraction(800, 9)
    assert Cohort(8, 9).display(0) == "8/9 (89%)"
    assert Cohort(3, 7).display(1, style="count") == "3 (42.9%)"
    assert Cohort(0, 0).comparable() == (None, "no cases")
    assert Cohort(0, 0).display() == "0/0 (no cases)"


@pytest.mark.parametrize(
    ("numerator", "denominator", "error", "message"),
    [
        (-1, 3, InvalidCountError, "cannot be negative"),
        (4, 3, InvalidCountError, "Invalid numerator 4: expected at most its denominator 3"),
        (1.5, 3, InvalidCountError, "whole number"),
        (True, 3, ValueTypeError, "whole number"),
        (None, 3, ValueTypeError, "whole number"),
    ],
)
def test_bad_cohorts(numerator: object, denominator: int, error: type, message: str) -> None:
    """Negative counts, a numerator above its denominator and non-counts are our errors."""
    with pytest.raises(error, match=message):
        Cohort(numerator, denominator)


def test_distribution() -> None:
    """Counts must match the bands and any published total; the targeted band must exist."""
    bands = Bands.durations()
    cin = Distribution(bands, (4, 1, 7, 0, 0), band="2 years +", total=12)
    assert cin.display() == "4 (33.3%), 1 (8.3%), 7 (58.3%), 0, 0"
    assert cin.share("3 months or less") == Fraction(100, 3)
    with pytest.raises(InvalidBandsError, match="add up to 12"):
        Distribution(bands, (4, 1, 7, 0, 0), band="2 years +", total=13)
    with pytest.raises(InvalidBandsError, match="5 bands"):
        Distribution(bands, (4, 1), band="2 years +")
    with pytest.raises(InvalidBandsError, match="expected one of"):
        Distribution(bands, (4, 1, 7, 0, 0), band="3 years +")
    with pytest.raises(InvalidCountError, match="negative"):
        Distribution(bands, (4, -1, 7, 0, 0), band="2 years +")
    assert Distribution(bands, (0,) * 5, band="2 years +").comparable() == (None, "no cases")


def test_figure() -> None:
    """A figure keeps its percent sign and groups thousands for display."""
    assert Figure.parse("52.0%").display() == "52.0%"
    assert Figure(22099).display() == "22,099"
    assert Figure.parse("66.7%").comparable() == (Decimal("66.7"), None)


def test_a_total_too_large_to_print_still_prints() -> None:
    """Regression: a 5,000-digit total is carried as data; the error prints (no f-string)."""
    with pytest.raises(InvalidBandsError) as info:
        Distribution(Bands.durations(), (4, 1, 7, 0, 0), "2 years +", total=10**5000)
    assert info.value.field == "total"
    assert "too large to print" in str(info.value)


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Band(" ", 1, 2), InvalidBandsError, "Invalid band label ' ': expected a name"),
        (lambda: Band("a", 2, 1), InvalidBandsError, "Invalid band 'a': from 2 to 1 is empty"),
        (lambda: Bands([]), InvalidBandsError, "Invalid bands (): expected at least one band"),
        (lambda: Bands([Band("a", None, 1), Band("a", 1, None, lower_closed=False)]), InvalidBandsError, "Invalid bands ['a', 'a']: labels must be unique"),
        (lambda: Bands([Band("a", None, 1), Band("b", None, None)]), InvalidBandsError, "Invalid band 'b': only the first band may have no lower edge"),
        (lambda: Bands([Band("a", None, None), Band("b", 1, None)]), InvalidBandsError, "Invalid band 'a': only the last band may have no upper edge"),
        (lambda: Bands([Band("a", None, 1), Band("b", 2, None)]), InvalidBandsError, "Invalid bands ('a', 'b'): a gap between 1 and 2; each band must start where the last ends"),
        (lambda: Bands([Band("a", None, 2), Band("b", 1, None)]), InvalidBandsError, "Invalid bands ('a', 'b'): an overlap between 2 and 1; each band must start where the last ends"),
        (lambda: Bands([Band("a", None, 1, upper_closed=True), Band("b", 1, None)]), InvalidBandsError, "Invalid bands ('a', 'b'): the edge 1 belongs to both; it must belong to exactly one"),
        (lambda: Bands([Band("a", None, 1), Band("b", 1, None, lower_closed=False)]), InvalidBandsError, "Invalid bands ('a', 'b'): the edge 1 belongs to neither; it must belong to exactly one"),
        (lambda: Bands.durations().index("x"), InvalidBandsError, "Invalid band 'x': expected one of ['3 months or less', 'More than 3 months, up to 6 months', 'More than 6 months but less than 1 year', '1 year but less than 2 years', '2 years +']"),
        (lambda: Bands([Band("a", 0, None)]).locate(-1), InvalidBandsError, "Invalid value '-1': below the first band 'a'"),
        (lambda: Bands.durations().locate_duration("2024-05-01", "2024-04-01"), InvalidBandsError, "Invalid start date '2024-05-01': after the as-of date 2024-04-01"),
        (lambda: Profile([]), InvalidProfileError, "Invalid profile weights (): expected at least one period"),
        (lambda: Profile([Fraction(-1, 2), Fraction(3, 2)]), InvalidProfileError, "Invalid profile weight 1: -1/2 is negative; expected a share of zero or more"),
        (lambda: Profile([Fraction(1, 2), Fraction(1, 4)]), InvalidProfileError, "Invalid profile weights ['1/2', '1/4']: they sum to 3/4, expected exactly 1 (the whole year)"),
        (lambda: Profile(_junk(["x", 1])), InvalidProfileError, "Invalid profile weight 1 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Profile(_junk(5)), ValueTypeError, "Invalid profile weights 5: expected a sequence, not int"),
        (lambda: Profile([Fraction(1, 367)] * 367), InvalidProfileError, "Invalid profile weights '367 or more weights': expected at most 366 periods"),
        (lambda: read_unit("furlongs per fortnight"), InvalidKPIError, "Invalid unit 'furlongs per fortnight': expected count, percent, ratio, score, days or money; or the unit word of target and figures ('jobs', 'weeks', 'pp', '£', 'per 1,000')"),
        (lambda: read_unit(_junk(5)), ValueTypeError, "Invalid unit 5: expected a Unit or text: count, percent, ratio, score, days or money; or the unit word of target and figures ('jobs', 'weeks', 'pp', '£', 'per 1,000')"),
    ],
)  # fmt: skip
def test_every_band_profile_and_unit_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a band, bands, a profile or a unit word says what, where and why."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("given", "expected"),
    [("%", Unit.PERCENT), (" % ", Unit.PERCENT), ("Percent", Unit.PERCENT), ("COUNT", Unit.COUNT),
     ("Jobs", "jobs"), ("per 1000", "per 1,000"), ("percentage points", "pp")],
)  # fmt: skip
def test_a_unit_is_read_as_its_kind_or_its_canonical_word(given: str, expected: object) -> None:
    """``%`` and the kinds' names are kinds (``Unit``); any other unit word is its canonical form."""
    assert read_unit(given) == expected
    assert type(read_unit(given)) is type(expected)


def test_a_parts_repr_says_when_it_has_no_target() -> None:
    """A part without a target says so; with one, it shows the target."""
    assert repr(Part("x")) == "Part('x', no target)"
    assert repr(Part("x", Target.parse(">=5"))) == "Part('x', >=5)"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Cohort(_junk([1]), 10), ValueTypeError, "Invalid numerator [1]: expected a whole number"),
        (lambda: Cohort(_junk("x"), 10), InvalidValueError, "Invalid numerator 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Cohort(-1, 10), InvalidCountError, "Invalid numerator -1: a count cannot be negative"),
        (lambda: Cohort(10**20, 10**21), InvalidCountError, "Invalid numerator 100000000000000000000: expected fewer than 1,000,000,000,000,000 cases"),
        (lambda: Cohort(_junk("1.5"), 10), InvalidCountError, "Invalid numerator '1.5': expected a whole number of cases"),
        (lambda: Cohort(1, _junk("abc")), InvalidValueError, "Invalid denominator 'abc': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Distribution(Bands.durations(), _junk((4, "x", 7, 0, 0)), band="2 years +"), InvalidValueError, "Invalid count 2 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
    ],
)  # fmt: skip
def test_every_count_error_names_the_count(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A bad numerator, denominator or band count is refused naming which count it is."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: Band("a", 1, 2), "Band('a', [1, 2))"),
        (Bands.durations, "Bands(5 bands: '3 months or less' to '2 years +', 'months')"),
        (lambda: Figure.parse("52.0%"), "Figure(value=Decimal('52.0'), percent=True)"),
        (lambda: Figure.parse("67.4 weeks"), "Figure(value=Decimal('67.4'), percent=False, unit='weeks')"),
        (lambda: Distribution(Bands.durations(), (4, 1, 7, 0, 0), band="2 years +"), "Distribution(12 cases in 5 bands, compared: '2 years +')"),
        (lambda: Band("a", None, 2, upper_closed=True), "Band('a', [, 2])"),
        (lambda: Bands([Band("a", None, 1), Band("b", 1, None)]), "Bands(2 bands: 'a' to 'b')"),
        (lambda: Cohort(3, 4), "Cohort(numerator=3, denominator=4)"),
    ],
)  # fmt: skip
def test_band_and_measure_reprs_show_edges_labels_and_counts(
    build: Callable[[], object], expected: str
) -> None:
    """A band's repr shows its edges, bands their labels and unit, a distribution its cases."""
    assert repr(build()) == expected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Figure(5).display(_junk("x")), ValueTypeError, "Invalid places 'x': expected a whole number"),
        (lambda: Figure(5).display(29), OutOfRangeError, "Invalid places 29: expected a whole number from 0 to 28"),
        (lambda: Figure(5).display(-1), OutOfRangeError, "Invalid places -1: expected a whole number from 0 to 28"),
        (lambda: Cohort(1, 2).display(_junk(1.5)), ValueTypeError, "Invalid places 1.5: expected a whole number"),
        (lambda: Cohort(1, 2).display(style="percent"), InvalidChoiceError, "Invalid style 'percent': expected 'fraction' or 'count'"),
        (lambda: Cohort(1, 2).display(style=_junk(5)), InvalidChoiceError, "Invalid style 5: expected 'fraction' or 'count'"),
        (lambda: Cohort(3, 2), InvalidCountError, "Invalid numerator 3: expected at most its denominator 2"),
        (lambda: Distribution(Bands.durations(), (4, 1, 7, 0, 0), band="2 years +").display(_junk("1")), ValueTypeError, "Invalid places '1': expected a whole number"),
        (lambda: Distribution(Bands.durations(), (4, 1, 7, 0, 0), band="2 years +").share("x"), InvalidBandsError, "Invalid band 'x': expected one of ['3 months or less', 'More than 3 months, up to 6 months', 'More than 6 months but less than 1 year', '1 year but less than 2 years', '2 years +']"),
        (lambda: Distribution(Bands.durations(), (4, 1, 7, 0, 0), band="2 years +").share(_junk(5)), InvalidBandsError, "Invalid band 5: expected one of ['3 months or less', 'More than 3 months, up to 6 months', 'More than 6 months but less than 1 year', '1 year but less than 2 years', '2 years +']"),
        (lambda: Figure.parse(_junk(5)), ValueTypeError, "Invalid figure 5: expected str"),
        (lambda: Figure.parse("5 weeks%"), InvalidValueError, "Invalid figure '5 weeks%': expected a number and an optional unit, such as '46', '30 weeks', '69%' or '£1.2m'"),
        (lambda: Figure(5, percent=True, unit="weeks"), InvalidValueError, "Invalid figure unit 'weeks': a percentage has no other unit"),
        (lambda: Figure(5, unit="fur!longs"), InvalidValueError, "Invalid figure unit 'fur!longs': expected a unit such as 'weeks', 'pp', '£', 'per 1,000' or one word"),
        (lambda: Figure(_junk(None)), ValueTypeError, "Invalid figure None: expected a number, got nothing"),
        (lambda: check_unit(Figure(5), _junk(">=5")), ValueTypeError, "Invalid target '>=5': expected Target"),
        (lambda: check_unit(Figure.parse("5 weeks"), Target.parse(">=5")), UnitMismatchError, "Invalid value '5 weeks': a figure in 'weeks' cannot be compared with the target >=5"),
        (lambda: check_unit(Figure.parse("5 jobs"), Target.parse(">=5 weeks")), UnitMismatchError, "Invalid value '5 jobs': a figure in 'jobs' cannot be compared with the target >=5 weeks"),
    ],
)  # fmt: skip
def test_every_measure_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Places, styles, bands, figure text and units refused by a measure are named whole."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (9, "Invalid value '9': above the last band 'b'"),
        (5, "Invalid value '5': above the last band 'b'"),
        (-1, "Invalid value '-1': below the first band 'a'"),
    ],
)
def test_defect_a_value_above_the_last_band_is_called_below_the_first(
    value: int, message: str
) -> None:
    """A value past the last band's (open) upper edge is above it, not below the first band."""
    bands = Bands([Band("a", 0, 2), Band("b", 2, 5)])
    with pytest.raises(InvalidBandsError) as caught:
        bands.locate(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Profile.linear(0), InvalidProfileError, "Invalid periods 0: expected a whole number from 1 to 366"),
        (lambda: Profile.linear(_junk("4")), ValueTypeError, "Invalid periods '4': expected a whole number"),
        (lambda: Profile.linear(4).due(5), InvalidProfileError, "Invalid period 5: expected a whole number from 1 to 4"),
        (lambda: Profile.linear(4).due(0), InvalidProfileError, "Invalid period 0: expected a whole number from 1 to 4"),
        (lambda: Profile.linear(4).due(1, cumulative=_junk(1)), ValueTypeError, "Invalid cumulative 1: expected bool"),
        (lambda: Profile.linear(4).target_for(_junk(">=5"), 1), ValueTypeError, "Invalid annual target '>=5': expected Target"),
        (lambda: Profile.linear(4).target_for(Target.parse(">=400"), 9), InvalidProfileError, "Invalid period 9: expected a whole number from 1 to 4"),
        (lambda: Profile.percentages(["50%", "x"]), InvalidProfileError, "Invalid profile weight 2 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Profile.percentages(_junk(5)), ValueTypeError, "Invalid profile weights 5: expected a sequence, not int"),
        (lambda: Band("a", _junk("x"), 2), InvalidValueError, "Invalid band edge 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Band("a", 1, 2, lower_closed=_junk(1)), ValueTypeError, "Invalid lower_closed 1: expected True or False, not int"),
        (lambda: Bands.durations().locate(_junk("x")), InvalidValueError, "Invalid value 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Bands.durations().locate_duration("x", "2024-01-01"), InvalidPeriodError, "Invalid start date 'x': not a date in a form kpirag reads; expected a real date such as '30/09/17'"),
        (lambda: Bands.durations().locate_duration("2024-01-01", "x"), InvalidPeriodError, "Invalid as-of date 'x': not a date in a form kpirag reads; expected a real date such as '30/09/17'"),
        (lambda: travel(_junk("x"), 1, _junk("higher")), InvalidValueError, "Invalid current value 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: travel(1, _junk("x"), _junk("higher")), InvalidValueError, "Invalid previous value 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: travel(1, 2, _junk("up")), InvalidTargetError, "Invalid better 'up': expected 'higher' or 'lower'"),
        (lambda: KPILine.of(_junk(5)), ValueTypeError, "Invalid result 5: expected a KPIResult"),
        (lambda: Distribution.from_dates(Bands.durations(), ["x"], as_of="2024-01-01", band="2 years +"), InvalidPeriodError, "case 1: Invalid start date 'x': not a date in a form kpirag reads; expected a real date such as '30/09/17'"),
        (lambda: Distribution(Bands.durations(), (1, 2), band="2 years +", total=_junk("x")), ValueTypeError, "Invalid total 'x': expected int or None, not str"),
    ],
)  # fmt: skip
def test_every_profile_band_and_travel_argument_error_is_whole(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A profile's periods, a band's edges, dates, travel figures and a line's result are named."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize("starts", [[], ["2024-01-01"], ["2024-01-01", "2024-02-01"]])
def test_defect_count_durations_reads_a_bad_as_of_date_once_or_never(starts: list[str]) -> None:
    """A bad as-of date is one error, with no cases too, not one per case or none."""
    with pytest.raises(InvalidPeriodError) as caught:
        Bands.durations().count_durations(starts, "x")
    assert str(caught.value) == (
        "Invalid as-of date 'x': not a date in a form kpirag reads; "
        "expected a real date such as '30/09/17'"
    )
