"""Classification where mutation testing found the suite silent: kpirag.rules._classification.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag import (
    Classifier,
    Edge,
    InvalidValueError,
    KpiragError,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    Trend,
    UnitMismatchError,
    ValueTypeError,
    assess,
    classify,
    classify_many,
)

G, A, R = Status.GREEN, Status.AMBER, Status.RED
BIG = "1234567890123456789012345678901"  # 31 significant digits: more than a default context keeps


@pytest.mark.parametrize(
    ("target", "rule", "error", "message"),
    [
        (
            ["<43"],
            "10%",
            ValueTypeError,
            "Invalid target ['<43']: expected target text such as '<43' or '72%', not list",
        ),
        (
            "<43",
            ["10%"],
            ValueTypeError,
            "Invalid rule ['10%']: expected a Scheme, a Tolerance or tolerance text such as '10%', not list",
        ),
    ],
)
def test_unhashable_arguments_are_refused_by_name(
    target: object, rule: object, error: type[Exception], message: str
) -> None:
    """An unhashable target or rule (which cannot be cached) is refused as a wrong type, by name."""
    for call in (
        lambda: Classifier.prepare(target, rule),  # type: ignore[arg-type]
        lambda: classify(5, target, rule),  # type: ignore[arg-type]
    ):
        with pytest.raises(error) as caught:
            call()
        assert str(caught.value) == message


@pytest.mark.parametrize("values", [[float("nan")], [1.0, float("inf")], [float("-inf"), 2.0]])
def test_classify_many_refuses_non_finite_floats(values: list[float]) -> None:
    """A list of floats holding NaN or an infinity is refused, as a single such value is."""
    with pytest.raises(InvalidValueError, match="expected a finite number, not NaN or infinity"):
        classify_many(values, "<43", "10%")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, R), (4.4, R), (4.6, A), (7.0, G), (10.5, A), (11.5, R), (20.0, R)],
)
def test_range_with_a_band_on_both_sides_for_floats(value: float, expected: Status) -> None:
    """A range with a tolerance has four edges; floats on every side of each get the right status."""
    assert classify(value, "5-10", "10%") is expected
    assert classify_many([value, value + 1e-9], "5-10", "10%")[0] is expected


def test_boundaries_are_exact_past_28_digits() -> None:
    """Tolerance edges of a long target are exact, and the value on an edge gets its band."""
    classifier = Classifier.prepare(f">={BIG}", "10%")
    edge = Decimal("1111111101111111110111111111010.9")
    assert classifier.boundaries == (edge, Decimal(BIG))
    assert classifier(edge) is A
    assert classifier(Decimal("1111111101111111110111111111010.8")) is R


def test_gap_is_exact_past_28_digits() -> None:
    """The gap and shortfall are exact however many digits they have."""
    result = assess(Decimal("0.5"), f">={BIG}", "10%")
    assert result.gap == Decimal("-1234567890123456789012345678900.5")
    assert result.shortfall == Decimal("1234567890123456789012345678900.5")


def test_no_data_assessment() -> None:
    """Assessing None gives a not-rated assessment that still names the target and scheme."""
    result = assess(None, "<43", "10%")
    assert result.status is Status.NOT_RATED
    assert result.target == Target.parse("<43")
    assert result.scheme == Scheme.standard(Tolerance.relative(10))
    assert result.met is False
    assert result.edges == ()


def test_assessment_names_its_target_and_scheme() -> None:
    """An assessment carries the target and scheme it was decided with."""
    result = assess(46, "<43", "5pt")
    assert result.target == Target.parse("<43")
    assert result.scheme == Scheme.standard(Tolerance.absolute(5))


@pytest.mark.parametrize(
    ("value", "gap", "side", "edge"),
    [
        (5, "0", "above", "11"),
        (7, "0", "above", "11"),
        (10, "0", "above", "11"),
        (4.5, "-0.5", "below", "4.5"),
        (12, "2", "above", "11"),
    ],
)
def test_range_gap_and_edges(value: int, gap: str, side: str, edge: str) -> None:
    """Inside a range (ends included) the gap is zero and the edges shown are those above it."""
    result = assess(value, "between 5 and 10", "10%")
    assert result.gap == Decimal(gap)
    assert result.edges == (Edge(Decimal(edge), A, side),)


def test_fraction_value_is_shown_to_12_places() -> None:
    """A fraction with no finite decimal is kept to 12 places in the assessment (its status is exact)."""
    result = assess(Fraction(200, 3), ">=75", "10%")
    assert result.value == Decimal("66.666666666667")
    assert result.status is R


@pytest.mark.parametrize(
    ("value", "target", "explanation"),
    [
        (
            47.3,
            "<43",
            (
                "Amber: 47.3 misses <43 by 4.3 (10.0%), exactly on the 10% edge, which belongs"
                " to Amber (Amber up to and including 47.3)"
            ),
        ),
        (
            11,
            "5-10",
            (
                "Amber: 11 misses between 5 and 10 by 1 (10.0%), exactly on the 10% edge, which belongs"
                " to Amber (Amber up to and including 11)"
            ),
        ),
    ],
)
def test_explanation_on_the_upper_edge(value: object, target: str, explanation: str) -> None:
    """A value exactly on the upper tolerance edge is explained as on it, and which band has it."""
    assert assess(value, target, "10%").explanation == explanation


@pytest.mark.parametrize(
    ("target", "explanation"),
    [
        (">43", "Amber: 43 misses >43 by 0 (0.0%), within the 10% tolerance (Amber down to 38.7)"),
        ("<43", "Amber: 43 misses <43 by 0 (0.0%), within the 10% tolerance (Amber up to 47.3)"),
    ],
)
def test_explanation_at_a_strict_target(target: str, explanation: str) -> None:
    """A value equal to a strict target misses by 0, within the tolerance on the target's far side."""
    assert assess(43, target, "10%").explanation == explanation


@pytest.mark.parametrize(
    ("previous", "shown"),
    [(Fraction(200, 3), "66.666666666667"), (Fraction(-1, 3), "-0.333333333333"), (0.5, "0.5")],
)
def test_previous_figure_is_shown_to_12_places(previous: object, shown: str) -> None:
    """A previous figure with no finite decimal is kept to 12 places in the assessment."""
    result = Classifier.prepare(">=75", "10%").assess(70, previous=previous)
    assert result.previous == Decimal(shown)
    assert str(result.previous) == shown


@pytest.mark.parametrize(
    ("trend", "regions"),
    [
        (None, ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"]),
        ("improved", ["(-inf, 100) Amber", "[100, +inf) Green"]),
        ("unchanged", ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"]),
        ("worse", ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"]),
    ],
)
def test_regions_for_each_trend(trend: str | None, regions: list[str]) -> None:
    """A trend-aware scheme cuts the axis per trend; a plain scheme has one cut for every trend."""
    scheme = Scheme(
        Status.GREEN,
        [Step(Tolerance.relative(10), Status.AMBER)],
        Status.RED,
        beyond_by_trend={"improved": Status.AMBER},
    )
    moved = None if trend is None else Trend(trend)
    assert [str(region) for region in Classifier.prepare(">=100", scheme).regions_for(moved)] == (
        regions
    )
    plain = Classifier.prepare(">=100", "10%")
    assert plain.regions_for(moved) == plain.regions


def test_regions_for_refuses_a_non_trend() -> None:
    """regions_for takes a Trend or None; anything else is a wrong type, named."""
    with pytest.raises(ValueTypeError) as caught:
        Classifier.prepare(">=100", "10%").regions_for("improved")  # type: ignore[arg-type]
    assert str(caught.value) == "Invalid trend 'improved': expected a Trend or None, not str"


# -- showing a fraction: never rounded onto an edge, ties of the second rounding -----------


@pytest.mark.parametrize(
    ("value", "shown", "explanation"),
    [
        (
            Fraction(675, 10) - Fraction(1, 3 * 10**14),
            "67.499999999999996666666667",
            (
                "Red: 67.4999999999999967 misses >=75 by 7.5 (10.0%), beyond the 10% tolerance"
                " (Amber down to 67.5)"
            ),
        ),
        (
            Fraction(20249, 300),
            "67.496666666667",
            (
                "Red: 67.4967 misses >=75 by 7.5 (10.0%), beyond the 10% tolerance"
                " (Amber down to 67.5)"
            ),
        ),
    ],
)
def test_fraction_is_never_shown_on_an_edge(value: Fraction, shown: str, explanation: str) -> None:
    """A fraction just under an edge gets more places rather than be shown on the edge itself."""
    result = assess(value, ">=75", "10%")
    assert result.status is R
    assert str(result.value) == shown
    assert result.explanation == explanation


def test_explanation_rounds_the_exact_shortfall_once() -> None:
    """The text rounds the exact shortfall (just over 0.25) once: 0.3, not 0.25 then 0.2."""
    result = assess(Fraction(7475, 100) - Fraction(1, 3 * 10**14), ">=75", "10%")
    assert str(result.shortfall) == "0.250000000000"
    assert result.explanation == (
        "Amber: 74.7 misses >=75 by 0.3 (0.3%), within the 10% tolerance (Amber down to 67.5)"
    )


# -- reading a value or a previous figure: errors name the field, the value, the unit --------

PERCENT_MISMATCH = "a percentage cannot be compared with the non-percentage target <30 weeks"
UNIT_MISMATCH = "a figure in 'days' cannot be compared with the target <30 weeks"
IN_UNIT = "a number in the target's unit"


@pytest.mark.parametrize("field", ["value", "previous"])
@pytest.mark.parametrize(
    ("target", "given", "error", "expected", "reason"),
    [
        ("<30 weeks", "5%", UnitMismatchError, IN_UNIT, PERCENT_MISMATCH),
        ("<30 weeks", "5 days", UnitMismatchError, f"{IN_UNIT} (weeks)", UNIT_MISMATCH),
        (
            "<43",
            "5 kg",
            UnitMismatchError,
            IN_UNIT,
            "a figure in 'kg' cannot be compared with the target <43",
        ),
        (
            "<43",
            "abc",
            InvalidValueError,
            "a number and an optional unit, such as '46', '30 weeks', '69%' or '£1.2m'",
            None,
        ),
    ],
)
def test_text_that_cannot_be_compared_is_refused(
    field: str,
    target: str,
    given: str,
    error: type[KpiragError],
    expected: str,
    reason: str | None,
) -> None:
    """A figure in another unit (or a percentage for a plain target) is refused, by field."""
    classifier = Classifier.prepare(target, "10%")
    calls: list[Callable[[], object]] = {
        "value": [lambda: classifier(given), lambda: classifier.assess(given)],
        "previous": [
            lambda: classifier(1, previous=given),
            lambda: classifier.assess(1, previous=given),
        ],
    }[field]
    for call in calls:
        with pytest.raises(error) as caught:
            call()
        assert type(caught.value) is error
        assert (caught.value.field, caught.value.value) == (field, given)
        assert caught.value.expected == expected
        message = f"Invalid {field} {given!r}: " + (reason or f"expected {expected}")
        assert str(caught.value) == message


@pytest.mark.parametrize(
    ("target", "given", "status"),
    [
        ("<30 weeks", "5 weeks", G),
        ("<30 weeks", "5", G),
        ("<30 weeks", "40 weeks", R),
        ("<43%", "5%", G),
        ("<43%", "50%", R),
        ("<43%", "5", G),
    ],
)
def test_text_in_the_target_unit_is_read(target: str, given: str, status: Status) -> None:
    """A figure in the target's unit, a percentage for a percentage target, or a bare number is read."""
    classifier = Classifier.prepare(target, "10%")
    assert classifier(given) is status
    assert classifier(given, previous=given) is status
    assert classifier.assess(given, previous=given).status is status


@pytest.mark.parametrize("field", ["value", "previous"])
@pytest.mark.parametrize(
    ("given", "error", "expected"),
    [
        (
            Fraction(1, 3 * 10**1001),
            InvalidValueError,
            (
                "a number with at most 100 significant digits, between 1E-1000 and 1E+1000"
                " in size (see docs/exactness.md)"
            ),
        ),
        (object(), ValueTypeError, "an int, float, Decimal or numeric string"),
    ],
)
def test_unreadable_numbers_name_their_field(
    field: str, given: object, error: type[KpiragError], expected: str
) -> None:
    """A fraction beyond the limits or a non-number is refused, naming value or previous."""
    classifier = Classifier.prepare("<43", "10%")
    calls: list[Callable[[], object]] = {
        "value": [lambda: classifier(given), lambda: classifier.assess(given)],
        "previous": [
            lambda: classifier(1, previous=given),
            lambda: classifier.assess(1, previous=given),
        ],
    }[field]
    for call in calls:
        with pytest.raises(error) as caught:
            call()
        assert type(caught.value) is error
        assert caught.value.field == field
        assert caught.value.value is given
        assert caught.value.expected == expected
        assert str(caught.value).startswith(f"Invalid {field} ")


def test_a_finite_fraction_is_read_as_its_decimal() -> None:
    """A fraction with a finite decimal is read as that decimal, as value and as previous."""
    result = Classifier.prepare("<43", "10%").assess(Fraction(93, 2), previous=Fraction(1, 4))
    assert (result.value, result.previous, result.status) == (Decimal("46.5"), Decimal("0.25"), A)


# -- explanations: every wording of a step's reach, on and off its edge ---------------------


def _rule(name: str) -> Scheme | str:
    """A rule by short name: tolerance text as is, or a scheme with edge sides."""
    if name == "exclusive 5%":
        return Scheme.from_dict(
            {"steps": [{"within": "5%", "status": "Amber", "edge": "exclusive"}]}
        )
    if name == "delivery confidence":
        return Scheme.from_dict(
            {
                "scale": "delivery confidence",
                "steps": [
                    {"within": "1pt", "status": "Amber/Green", "edge": "exclusive"},
                    {"within": "2pt", "status": "Amber"},
                    {"within": "3pt", "status": "Amber/Red", "edge": "exclusive"},
                ],
            }
        )
    return name


@pytest.mark.parametrize(
    ("value", "target", "rule", "explanation"),
    [
        (46, "<43", "10%", "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)"),
        (38.7, ">43", "10%", "Amber: 38.7 misses >43 by 4.3 (10.0%), exactly on the 10% edge, which belongs to Amber (Amber down to and including 38.7)"),
        (40, ">43", "10%", "Amber: 40 misses >43 by 3 (7.0%), within the 10% tolerance (Amber down to 38.7)"),
        (30, ">43", "10%", "Red: 30 misses >43 by 13 (30.2%), beyond the 10% tolerance (Amber down to 38.7)"),
        (50, "<43", "10%", "Red: 50 misses <43 by 7 (16.3%), beyond the 10% tolerance (Amber up to 47.3)"),
        (40.85, ">=43", "exclusive 5%", "Red: 40.85 misses >=43 by 2.15 (5.0%), exactly on the 5% edge, which belongs to Red (Amber only above 40.85)"),
        (45.15, "<=43", "exclusive 5%", "Red: 45.15 misses <=43 by 2.15 (5.0%), exactly on the 5% edge, which belongs to Red (Amber only below 45.15)"),
        (42, ">=43", "exclusive 5%", "Amber: 42 misses >=43 by 1 (2.3%), within the 5% tolerance (Amber above 40.85)"),
        (44, "<=43", "exclusive 5%", "Amber: 44 misses <=43 by 1 (2.3%), within the 5% tolerance (Amber below 45.15)"),
        (40, ">=43", "exclusive 5%", "Red: 40 misses >=43 by 3 (7.0%), beyond the 5% tolerance (Amber above 40.85)"),
        (46, "<=43", "exclusive 5%", "Red: 46 misses <=43 by 3 (7.0%), beyond the 5% tolerance (Amber below 45.15)"),
        (5, "<=0", "10%", "Red: 5 misses <=0 by 5, and a 10% tolerance gives no band around a zero target"),
        (5, "<=0", "none", "Red: 5 misses <=0 by 5, with no tolerance"),
        (5, "<=43", "none", "Green: 5 meets <=43"),
        (5, "<=0", "10pt", "Amber: 5 misses <=0 by 5, within the 10pt tolerance (Amber up to 10)"),
        (Fraction(1, 3), "<=0", "10pt", "Amber: 0.3 misses <=0 by 0.3, within the 10pt tolerance (Amber up to 10)"),
        ("50%", ">=75%", "10%", "Red: 50% misses >=75% by 25 points (33.3%), beyond the 10% tolerance (Amber down to 67.5%)"),
        ("70%", ">=75%", "5pt", "Amber: 70% misses >=75% by 5 points (6.7%), exactly on the 5pt edge, which belongs to Amber (Amber down to and including 70%)"),
        ("10 weeks", "<=8 weeks", "50%", "Amber: 10 weeks misses <=8 weeks by 2 weeks (25.0%), within the 50% tolerance (Amber up to 12 weeks)"),
        (Fraction(1, 3), ">=1", "10%", "Red: 0.3 misses >=1 by 0.7 (66.7%), beyond the 10% tolerance (Amber down to 0.9)"),
        (Fraction(-1, 3), "<=0", "1pt", "Green: -0.3 meets <=0"),
        (4.5, "5-10", "10%", "Amber: 4.5 misses between 5 and 10 by 0.5 (10.0%), exactly on the 10% edge, which belongs to Amber (Amber down to and including 4.5)"),
        (Fraction(29, 3), "5-10", "10%", "Green: 9.7 meets between 5 and 10"),
        (Fraction(31, 3), "5-10", "10%", "Amber: 10.3 misses between 5 and 10 by 0.3 (3.3%), within the 10% tolerance (Amber up to 11)"),
        (9.5, ">=10", "delivery confidence", "Amber/Green: 9.5 misses >=10 by 0.5 (5.0%), within the 1pt tolerance (Amber/Green above 9)"),
        (9, ">=10", "delivery confidence", "Amber: 9 misses >=10 by 1 (10.0%), exactly on the 1pt edge, which belongs to Amber (Amber/Green only above 9)"),
        (8.5, ">=10", "delivery confidence", "Amber: 8.5 misses >=10 by 1.5 (15.0%), within the 2pt tolerance (Amber down to 8)"),
        (8, ">=10", "delivery confidence", "Amber: 8 misses >=10 by 2 (20.0%), exactly on the 2pt edge, which belongs to Amber (Amber down to and including 8)"),
        (7.5, ">=10", "delivery confidence", "Amber/Red: 7.5 misses >=10 by 2.5 (25.0%), within the 3pt tolerance (Amber/Red above 7)"),
        (7, ">=10", "delivery confidence", "Red: 7 misses >=10 by 3 (30.0%), exactly on the 3pt edge, which belongs to Red (Amber/Red only above 7)"),
        (6, ">=10", "delivery confidence", "Red: 6 misses >=10 by 4 (40.0%), beyond the 3pt tolerance (Amber/Red above 7)"),
        (13, "<=10", "delivery confidence", "Red: 13 misses <=10 by 3 (30.0%), exactly on the 3pt edge, which belongs to Red (Amber/Red only below 13)"),
        (12, "<=10", "delivery confidence", "Amber: 12 misses <=10 by 2 (20.0%), exactly on the 2pt edge, which belongs to Amber (Amber up to and including 12)"),
    ],
)  # fmt: skip
def test_explanation_wording(value: object, target: str, rule: str, explanation: str) -> None:
    """Each explanation names the band, the edge and whether the value is on it, in words."""
    assert assess(value, target, _rule(rule)).explanation == explanation


# -- many values: what counts as an array, and NumPy arrays of every kind -------------------


class ndarray(list[object]):  # noqa: N801 - named like NumPy's array on purpose
    """A list that happens to share NumPy's class name, from another module."""


def test_only_numpys_ndarray_is_read_as_an_array() -> None:
    """A list whose class is merely called ``ndarray`` is read as a list, not as an array."""
    statuses = classify_many(ndarray([46.0, 40, None]), "<43", "10%")
    assert statuses == [A, G, Status.NOT_RATED]
    assert type(statuses) is list


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        (5, "5: expected a sequence, not int"),
        (Fraction(1, 3), "1/3: expected a sequence, not Fraction"),
    ],
)
def test_many_refuses_a_non_sequence_naming_values(values: object, shown: str) -> None:
    """A single number given as the values is refused as ``values``, not a sequence."""
    with pytest.raises(ValueTypeError) as caught:
        Classifier.prepare("<43", "10%").many(values)  # type: ignore[call-overload]
    assert str(caught.value) == f"Invalid values {shown}"
    assert (caught.value.field, caught.value.value) == ("values", values)


def test_many_refuses_a_numpy_scalar() -> None:
    """A NumPy scalar (of the numpy module, but no ndarray) is not a sequence either."""
    np = pytest.importorskip("numpy")
    with pytest.raises(ValueTypeError) as caught:
        Classifier.prepare("<43", "10%").many(np.float64(46.0))
    assert str(caught.value) == "Invalid values np.float64(46.0): expected a sequence, not float64"


def test_boolean_array_is_refused_whole() -> None:
    """A boolean array is refused as the values, naming the array, not its first element."""
    np = pytest.importorskip("numpy")
    array = np.array([True, False])
    with pytest.raises(ValueTypeError) as caught:
        classify_many(array, "<43", "10%")
    assert type(caught.value) is ValueTypeError
    assert caught.value.field == "values"
    assert caught.value.value is array
    assert caught.value.expected == "numbers, not booleans"
    assert (
        str(caught.value) == "Invalid values array([ True, False]): expected numbers, not booleans"
    )


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_narrow_floats_are_read_as_they_print(dtype: str) -> None:
    """float32/float16 47.3 is read as 47.3 (on the edge, Amber), not as its binary value below it."""
    np = pytest.importorskip("numpy")
    values = np.array([[47.3, 47.2], [50.0, 40.0]], dtype=dtype)
    assert classify_many(values, ">=50", "2.7pt").tolist() == [[A, R], [G, R]]


def test_object_array_keeps_its_shape() -> None:
    """A 2-D object array is classified value by value into a 2-D array of statuses."""
    np = pytest.importorskip("numpy")
    values = np.array([[46, "50"], [None, Decimal(40)]], dtype=object)
    statuses = classify_many(values, "<43", "10%")
    assert statuses.shape == (2, 2)
    assert statuses.tolist() == [[A, R], [Status.NOT_RATED, G]]


@pytest.mark.parametrize(
    ("dtype", "values", "target", "expected"),
    [
        ("int8", [126, 127, -128], ">=127", [R, G, R]),
        ("int8", [126, 127, -128], ">126", [R, G, R]),
        ("uint8", [254, 255, 0], ">=255", [R, G, R]),
        ("int8", [-128, -127, 0], "<=-128", [G, R, R]),
        ("uint64", [2**60, 2**60 + 1, 2**60 + 2], ">=1152921504606846977", [R, G, G]),
        ("uint64", [2**60, 2**60 + 1, 2**64 - 1], "<=1152921504606846976", [G, R, R]),
        ("int64", [2**60, 2**60 + 1, -(2**63)], ">=1152921504606846977", [R, G, R]),
    ],
)
def test_integer_arrays_at_the_ends_of_their_range(
    dtype: str, values: list[int], target: str, expected: list[Status]
) -> None:
    """Integer arrays are placed exactly, up to the dtype's largest value and past 2**53."""
    np = pytest.importorskip("numpy")
    array = np.array(values, dtype=dtype)
    assert classify_many(array, target, "none").tolist() == expected
    assert [classify(int(value), target, "none") for value in values] == expected


# -- the direction of travel in an explanation ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "previous", "explanation"),
    [
        (95, 90, "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance (Amber down to 90), and improved on the previous 90"),
        (95, 99, "Amber: 95 misses >=100 by 5 (5.0%), within the 20% tolerance (Amber down to 80)"),
        (95, 95, "Amber: 95 misses >=100 by 5 (5.0%), within the 20% tolerance (Amber down to 80)"),
        (85, 80, "Amber: 85 misses >=100 by 15 (15.0%), within the 20% tolerance (Amber down to 80)"),
    ],
)  # fmt: skip
def test_first_step_with_a_trend_is_named(value: int, previous: int, explanation: str) -> None:
    """A value let in by the first step, which needs a trend, says how it moved (same status either way)."""
    scheme = Scheme(
        Status.GREEN,
        [
            Step(Tolerance.relative(10), Status.AMBER, trend="improved"),
            Step(Tolerance.relative(20), Status.AMBER),
        ],
        Status.RED,
    )
    assert assess(value, ">=100", scheme, previous=previous).explanation == explanation


# -- floats equal to a boundary's float copy are decided exactly ----------------------------


@pytest.mark.parametrize(
    ("value", "target", "rule", "expected"),
    [
        (47.3, "<43", "10%", A),
        (43.0, "<43", "10%", A),
        (38.7, ">43", "10%", A),
        (43.0, ">43", "10%", A),
        (43.0, "<=43", "10%", G),
        (43.0, ">=43", "10%", G),
        (40.85, ">=43", "exclusive 5%", R),
    ],
)
def test_float_on_an_edge_is_decided_exactly(
    value: float, target: str, rule: str, expected: Status
) -> None:
    """A float equal to a boundary's copy gets the edge's own status, by every entry point."""
    classifier = Classifier.prepare(target, _rule(rule))
    assert classifier(value) is expected
    assert classify(value, target, _rule(rule)) is expected
    assert classifier.many([value, 0.5]) == [expected, classifier(0.5)]


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (80, 75, A),
        (80, 80, R),
        (80, 85, R),
        (95, 99, A),
        (100, 90, G),
        (None, 90, Status.NOT_RATED),
    ],
)
def test_call_with_a_previous_figure_uses_its_trend(
    value: int | None, previous: int, expected: Status
) -> None:
    """Calling a trend-aware classifier with a previous figure rates the value by how it moved."""
    scheme = Scheme(
        Status.GREEN,
        [Step(Tolerance.relative(10), Status.AMBER)],
        Status.RED,
        beyond_by_trend={"improved": Status.AMBER},
    )
    assert Classifier.prepare(">=100", scheme)(value, previous=previous) is expected
    assert classify(value, ">=100", scheme, previous=previous) is expected
    assert assess(value, ">=100", scheme, previous=previous).status is expected


# -- targets and rules given as objects -----------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(40, G), (46, A), (50, R), (46.0, A)])
def test_target_and_tolerance_objects_are_accepted(value: float, expected: Status) -> None:
    """A Target and a Tolerance object work as their text does, through every entry point."""
    target, tolerance = Target.parse("<43"), Tolerance.relative(10)
    assert classify(value, target, tolerance) is expected
    assert assess(value, target, tolerance).status is expected
    assert Classifier.prepare(target, tolerance)(value) is expected
    assert classify_many([value], target, tolerance) == [expected]
    assert Classifier.prepare(target, tolerance) is Classifier.prepare(target, tolerance)
    assert Classifier.prepare(target, tolerance).scheme == Scheme.standard("10%")
    assert Classifier.prepare(target, tolerance).target == target


# -- prepared rules are cached by how they are written, not by equality alone ---------------


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        ("target text", "Red: 1 misses <0 by 1, with no tolerance", "Red: 1 misses <0.000 by 1.000, with no tolerance"),
        ("target object", "Red: 1 misses <0 by 1, with no tolerance", "Red: 1 misses <0.000 by 1.000, with no tolerance"),
        ("tolerance text", "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)", "Amber: 46 misses <43 by 3 (7.0%), within the 10.0% tolerance (Amber up to 47.3)"),
        ("tolerance object", "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)", "Amber: 46 misses <43 by 3 (7.0%), within the 10.0% tolerance (Amber up to 47.3)"),
        ("scheme", "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)", "Amber: 46 misses <43 by 3 (7.0%), within the 10.0% tolerance (Amber up to 47.3)"),
    ],
)  # fmt: skip
def test_equal_rules_written_apart_explain_themselves_as_written(
    kind: str, first: str, second: str
) -> None:
    """Equal targets or rules written differently each explain themselves in their own words."""
    table: dict[str, list[tuple[Target | str, Scheme | Tolerance | str, int]]] = {
        "target text": [("<0", "none", 1), ("<0.000", "none", 1)],
        "target object": [
            (Target.parse("<0"), "none", 1),
            (Target.parse("<0.000"), "none", 1),
        ],
        "tolerance text": [("<43", "10%", 46), ("<43", "10.0%", 46)],
        "tolerance object": [
            ("<43", Tolerance.parse("10%"), 46),
            ("<43", Tolerance.parse("10.0%"), 46),
        ],
        "scheme": [
            ("<43", Scheme.standard("10%"), 46),
            ("<43", Scheme.standard("10.0%"), 46),
        ],
    }
    (target_a, rule_a, value), (target_b, rule_b, _) = table[kind]
    one, other = Classifier.prepare(target_a, rule_a), Classifier.prepare(target_b, rule_b)
    assert (one.target, one.scheme) == (other.target, other.scheme)
    for _ in range(2):
        assert assess(value, target_a, rule_a).explanation == first
        assert assess(value, target_b, rule_b).explanation == second
    assert Classifier.prepare(target_a, rule_a) is one
    assert one is not other


# -- classify's identity cache never answers for other arguments ----------------------------


def test_identity_cache_tells_rules_of_one_target_apart() -> None:
    """The same target object with another rule, or text that is both target and rule, is rated afresh."""
    target, wide, narrow = "<43", "10%", "5%"
    assert classify(46, target, wide) is A
    assert classify(46, target, narrow) is R
    assert classify(46, target, wide) is A
    assert classify(5, wide, wide) is R  # the target ">=10%" under 10%
    assert classify(46, target, wide) is A


@pytest.mark.parametrize(
    ("target", "rule", "message"),
    [
        (None, "10%", "Invalid target None: expected target text such as '<43' or '72%', not NoneType"),
        ("<43", None, "Invalid rule None: expected a Scheme, a Tolerance or tolerance text such as '10%', not NoneType"),
    ],
)  # fmt: skip
def test_identity_cache_does_not_excuse_a_missing_argument(
    target: str | None, rule: str | None, message: str
) -> None:
    """After a good call, None as the target or the rule is still refused by name."""
    assert classify(46, "<43", "10%") is A
    with pytest.raises(ValueTypeError) as caught:
        classify(46, target, rule)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_identity_cache_of_one_target_stays_right_past_its_size() -> None:
    """One target object with more distinct rule objects than the cache holds keeps rating right."""
    target = Target.parse("<43")
    for tenths in range(1, 1100):
        tolerance = Tolerance.absolute(Decimal(tenths) / 10)
        assert classify(43 + Decimal(tenths) / 10, target, tolerance) is A


# -- steps that need a direction of travel ---------------------------------------------------


@pytest.mark.parametrize(
    ("when_no_previous", "previous", "explanation"),
    [
        (
            None,
            90,
            (
                "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance "
                "(Amber down to 90), and improved on the previous 90"
            ),
        ),
        (
            "improved",
            None,
            (
                "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance "
                "(Amber down to 90); with no previous figure, counted as improved"
            ),
        ),
    ],
)
def test_a_step_that_needs_a_trend_is_explained_when_the_trend_is_there(
    when_no_previous: str | None, previous: int | None, explanation: str
) -> None:
    """The step is named when its trend holds, given or assumed for want of a previous figure."""
    scheme = Scheme(
        steps=[Step(Tolerance.relative(10), Status.AMBER, trend="improved")],
        when_no_previous=when_no_previous,
    )
    assessment = assess(95, ">=100", scheme, previous=previous)
    assert assessment.status is A
    assert assessment.explanation == explanation
    assert assessment.previous == (None if previous is None else Decimal(previous))


@pytest.mark.parametrize("value", [1, 5, Fraction(13, 2), Fraction(20, 3)])
def test_a_value_inside_a_range_has_no_gap(value: int | Fraction) -> None:
    """Inside a 'between' target the gap is zero, not the distance to an end."""
    assessment = assess(value, Target.between(1, 10), "10%")
    assert assessment.met
    assert assessment.gap == 0


@pytest.mark.parametrize(("previous", "shown"), [(None, None), (90, Decimal(90))])
def test_a_missing_value_keeps_its_previous_figure(
    previous: int | None, shown: Decimal | None
) -> None:
    """With no value the status is N/A, and the previous figure is still carried."""
    assessment = assess(None, ">=100", "10%", previous=previous)
    assert assessment.status is Status.NOT_RATED
    assert assessment.previous == shown


def test_the_workings_of_a_fraction_are_shown_to_twelve_places() -> None:
    """Gap, shortfall and relative shortfall of a fraction are rounded to 12 places."""
    assessment = assess(Fraction(200, 3), ">=70", "10%")
    assert assessment.gap == Decimal("-3.333333333333")
    assert assessment.shortfall == Decimal("3.333333333333")
    assert assessment.relative_shortfall == Decimal("4.761904761905")


@pytest.mark.parametrize("previous", [None, 90, 101])
def test_a_met_target_needs_no_word_on_the_direction_of_travel(previous: int | None) -> None:
    """A met target is explained alone, whatever the trend; the trend matters only on a miss."""
    scheme = Scheme(steps=[Step(Tolerance.relative(10), Status.AMBER, trend="improved")])
    assert assess(101, ">=100", scheme, previous=previous).explanation == "Green: 101 meets >=100"
