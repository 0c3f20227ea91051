"""Process limits and exact input: kpirag.spc._limits and kpirag.spc._numbers."""

from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag.errors import InvalidSeriesError, KpiragError
from kpirag.spc import SPCSettings, moving_ranges, process_limits, to_fraction
from kpirag.spc._numbers import MAX_POINTS, to_fractions

VIGNETTE = [Fraction(n) for n in (1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)]


def test_moving_ranges() -> None:
    """Moving ranges are the absolute differences of neighbours."""
    assert moving_ranges([Fraction(3), Fraction(1), Fraction(4)]) == (Fraction(2), Fraction(3))
    assert moving_ranges([Fraction(3)]) == ()


def test_vignette_limits_are_exact() -> None:
    """Screening drops the two moving ranges around the outlier; the rest are exact fractions."""
    limits = process_limits(VIGNETTE)
    assert limits.mean == Fraction(35, 18)
    assert limits.mr_bar == 1
    assert limits.screened == 2
    assert limits.upper == Fraction(35, 18) + Fraction("2.66")
    assert limits.upper_two_sigma == Fraction(35, 18) + Fraction(2 * 266, 300)
    assert limits.points == 18


def test_vignette_limits_without_screening() -> None:
    """Without screening mR-bar is the plain mean of the moving ranges (32/17)."""
    limits = process_limits(VIGNETTE, SPCSettings(screening=False))
    assert limits.mr_bar == Fraction(32, 17)
    assert limits.rounded(2)["upper"] == Decimal("6.95")
    assert limits.rounded(2)["lower"] == Decimal("-3.06")


def test_screening_inclusive_keeps_a_range_on_the_limit() -> None:
    """A moving range exactly 3.267 x mR-bar is dropped by NHSR and kept by MDC's rule."""
    # Moving ranges a x 10 and b with b = 3.267 x (10a + b) / 11: b = 32.67a / 7.733.
    a = Fraction(7733)
    b = Fraction(32670)
    values = [Fraction(0)]
    for step in [a, -a] * 5 + [b]:
        values.append(values[-1] + step)
    ranges = moving_ranges(values)
    assert ranges[-1] == Fraction("3.267") * sum(ranges) / len(ranges)
    strict = process_limits(values, SPCSettings())
    inclusive = process_limits(values, SPCSettings(screening_inclusive=True))
    assert (strict.screened, inclusive.screened) == (1, 0)
    assert strict.mr_bar == a
    assert inclusive.mr_bar == sum(ranges) / len(ranges)


def test_screening_recomputes_mean() -> None:
    """With the MDC option, a value reached by a screened moving range leaves the mean."""
    settings = SPCSettings(screening_recomputes_mean=True)
    limits = process_limits(VIGNETTE, settings)
    # The moving ranges 8 (into 10) and 9 (into the next 1) are screened out.
    kept = VIGNETTE[:4] + VIGNETTE[6:]
    assert limits.mean == sum(kept) / len(kept)
    assert process_limits(VIGNETTE).mean == Fraction(35, 18)


def test_powerbi_sigma() -> None:
    """The Power BI visual's limits are 3 x mR-bar / 1.128 from the mean."""
    limits = process_limits([Fraction(n) for n in range(1, 11)], SPCSettings.powerbi())
    assert limits.upper - limits.mean == 3 / Fraction("1.128")
    assert limits.upper_two_sigma - limits.mean == 2 / Fraction("1.128")


def test_constant_series_collapses_the_limits() -> None:
    """All moving ranges 0: the limits are the mean (NHSR would give NaN limits)."""
    limits = process_limits([Fraction(5)] * 20)
    assert (limits.lower, limits.mean, limits.upper) == (Fraction(5),) * 3
    assert limits.screened == 0


def test_needs_two_values() -> None:
    """One value has no moving range, so no limits."""
    with pytest.raises(InvalidSeriesError, match="at least two values"):
        process_limits([Fraction(1)])


def test_rounded_is_half_away_from_zero() -> None:
    """Rounding for display goes half away from zero, once, from the exact fraction."""
    limits = process_limits([Fraction(0), Fraction(1, 1000)], SPCSettings(screening=False))
    assert limits.mean == Fraction(1, 2000)
    assert limits.rounded(3)["mean"] == Decimal("0.001")
    assert limits.rounded(0)["lower"] == Decimal(0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1, Fraction(1, 10)),
        (1e-7, Fraction(1, 10**7)),
        (3, Fraction(3)),
        (Decimal("2.660"), Fraction(133, 50)),
        (Fraction(1, 3), Fraction(1, 3)),
        (" -1.5 ", Fraction(-3, 2)),
        ("2,000", Fraction(2000)),
        (Decimal("1E+1000"), Fraction(10**1000)),
        ("1" + "0" * 150, Fraction(10**150)),
    ],
)
def test_to_fraction(value: object, expected: Fraction) -> None:
    """Numbers are read exactly; floats as the decimal they print as."""
    assert to_fraction(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "not a bool"),
        (None, "got nothing"),
        (float("nan"), "finite"),
        (float("-inf"), "finite"),
        (Decimal("NaN"), "finite"),
        ("Infinity", "a number such as"),
        ("1e3", "a number such as"),
        ("abc", "a number such as"),
        ("1/3", "a number such as"),
        ([1], "not list"),
        ("1." + "1" * 100, "at most 100 significant digits"),
        ("1" * 300, "at most 100 significant digits"),
        (Decimal("1E+1001"), "in size"),
        (Decimal("1E-1001"), "in size"),
        (10**1200, "in size"),
        (Fraction(1, 10**1200), "in size"),
        ("1" * 2501, "longer than 2500 characters"),
    ],
)
def test_to_fraction_rejects(value: object, message: str) -> None:
    """Bools, None, NaN, infinities, non-numbers and oversized numbers are our error."""
    with pytest.raises(InvalidSeriesError, match=message) as caught:
        to_fraction(value, field="values", position=2)
    assert isinstance(caught.value, KpiragError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.position == 2
    assert caught.value.field == "values"
    assert caught.value.value is value
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (str(copy), copy.position) == (str(caught.value), 2)


def test_a_series_holds_at_most_max_points_values() -> None:
    """MAX_POINTS values are read; one more is refused, naming the limit, before reading it."""
    assert MAX_POINTS == 100_000
    assert to_fractions(range(MAX_POINTS))[-1] == MAX_POINTS - 1
    longer = [*range(MAX_POINTS), "not read"]
    with pytest.raises(InvalidSeriesError) as caught:
        to_fractions(longer, field="sizes")
    assert str(caught.value) == "Invalid sizes '...': expected at most 100000 values"
    assert (caught.value.field, caught.value.value) == ("sizes", "...")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("123", "Invalid values '123': expected a sequence of numbers"),
        (5, "Invalid values 5: expected a sequence of numbers"),
        (b"12", "Invalid values b'12': expected a sequence of numbers"),
        (
            [1, "x"],
            "Invalid values[1] 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'",
        ),
        (
            ("sizes", [1, "x"]),
            "Invalid sizes[1] 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'",
        ),
        (("sizes", 5), "Invalid sizes 5: expected a sequence of numbers"),
    ],
)
def test_to_fractions_refuses_what_is_not_a_sequence_of_numbers(
    values: object, message: str
) -> None:
    """Text, a lone number or a bad item is refused with the field, value and expectation."""
    field, given = values if isinstance(values, tuple) else ("values", values)
    with pytest.raises(InvalidSeriesError) as caught:
        to_fractions(given, field=field)
    assert str(caught.value) == message


def test_rounded_is_exact_past_28_digits_and_up_to_1000_places() -> None:
    """Rounding for display never passes through a 28-digit context, up to 1,000 places."""
    limits = process_limits([Fraction(10**30) + Fraction(1, 3), Fraction(10**30)])
    assert limits.rounded(2)["mean"] == Decimal("1000000000000000000000000000000.17")
    assert limits.rounded(2)["upper"] == Decimal("1000000000000000000000000000001.05")
    third = process_limits([Fraction(1, 3), Fraction(1, 3)]).rounded(1000)["mean"]
    assert third == Decimal("0." + "3" * 1000)


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (1001, "Invalid places 1001: expected a whole number from 0 to 1000"),
        (-1, "Invalid places -1: expected a whole number from 0 to 1000"),
        (2.0, "Invalid places 2.0: expected a whole number"),
    ],
)
def test_rounded_takes_0_to_1000_places(places: object, message: str) -> None:
    """Places outside 0 to 1,000, or not whole, are refused naming the places given."""
    limits = process_limits([Fraction(1), Fraction(2)])
    with pytest.raises(KpiragError) as caught:
        limits.rounded(places)  # type: ignore[arg-type]
    assert str(caught.value) == message
