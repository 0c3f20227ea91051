"""Classification: kpirag.rules._classification, assess, classify_many and schemes."""

from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag import (
    Classifier,
    InvalidSchemeError,
    InvalidValueError,
    Scale,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    UnitMismatchError,
    ValueTypeError,
    assess,
    classify,
    classify_many,
)

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
LOWER_ZERO = Target.parse("0", better="lower")

# The exactness cases of the foundation issue, all under a 10% relative tolerance.
EXACTNESS = [
    ("2.7", ">=3", A),
    ("0.72", ">=0.8", A),
    ("0.09", ">=0.1", A),
    ("1.1", "<=1", A),
    ("47.3", "<43", A),
    ("47.31", "<43", R),
    ("43", "<43", A),
    ("42.99", "<43", G),
    ("67.5", "75%", A),
    ("67.49", "75%", R),
    ("0", LOWER_ZERO, G),
    ("0.001", LOWER_ZERO, R),
]


def _forms(text: str) -> list[object]:
    """The same number as string, Decimal, float and (when whole) int."""
    forms: list[object] = [text, Decimal(text), float(text)]
    if Decimal(text) == Decimal(text).to_integral_value():
        forms.append(int(Decimal(text)))
    return forms


@pytest.mark.parametrize(("value", "target", "expected"), EXACTNESS)
def test_exactness_cases(value: str, target: str | Target, expected: Status) -> None:
    """Values on and beside the edges land on the documented side in every input type."""
    for form in _forms(value):
        assert classify(form, target, "10%") is expected, form
        assert classify(form, target, Tolerance.relative(10)) is expected, form
        assert assess(form, target, "10%").status is expected, form
        assert classify_many([form], target, "10%") == [expected], form


# Every KPI of the Q1 2017/18 report with a single plain figure, against the stated rule
# (Green met, Amber within -10%, Red beyond). 1.5 is Amber by the rule; the report shows Red.
Q1_RULE = [
    ("1.4", "<10", None, "0", G),
    ("1.5", "75%", None, "69", A),
    ("1.6", "<43", None, "46", A),
    ("1.8", "69", None, "69", G),
    ("2.1", "100%", None, "100", G),
    ("3.2", "100%", None, "100", G),
    ("3.3", "0", "lower", "0", G),
    ("3.4", "85%", None, "88.9", G),
    ("3.6", "70%", None, "76", G),
    ("4.1", "42%", None, "42", G),
    ("4.4", "100%", None, "100", G),
    ("4.8", "60%", None, "80", G),
    ("5.5", "30%", None, "40", G),
    ("5.6 adults", "97%", None, "98", G),
    ("5.6 children", "100%", None, "100", G),
    ("1.2 asked", "100%", None, "66.7", R),
]


@pytest.mark.parametrize(("kpi", "target", "better", "value", "expected"), Q1_RULE)
def test_q1_report_targets(
    kpi: str, target: str, better: str | None, value: str, expected: Status
) -> None:
    """The report's targets classify its Q1 figures as the stated rule says."""
    parsed = Target.parse(target, better=better)  # type: ignore[arg-type]
    assert classify(value, parsed, Scheme.city_of_london()) is expected, kpi


@pytest.mark.parametrize(
    ("value", "target", "explanation"),
    [
        (46, "<43", ("Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance "
                     "(Amber up to 47.3)")),
        (69, "75%", ("Amber: 69% misses >=75% by 6 points (8.0%), within the 10% tolerance "
                     "(Amber down to 67.5%)")),
        (47.31, "<43", ("Red: 47.31 misses <43 by 4.31 (10.0%), beyond the 10% tolerance "
                        "(Amber up to 47.3)")),
        (43, "<43", ("Amber: 43 misses <43 by 0 (0.0%), within the 10% tolerance "
                     "(Amber up to 47.3)")),
        (69, "69", "Green: 69 meets >=69"),
        (0.001, LOWER_ZERO, ("Red: 0.001 misses <=0 by 0.001, and a 10% tolerance gives no band "
                             "around a zero target")),
        (80, "95%-105%", ("Red: 80% misses between 95% and 105% by 15 points (15.8%), beyond the "
                          "10% tolerance (Amber down to 85.5%)")),
        (110, "95%-105%", ("Amber: 110% misses between 95% and 105% by 5 points (4.8%), within "
                           "the 10% tolerance (Amber up to 115.5%)")),
        (None, "<43", "N/A: no data"),
    ],
)  # fmt: skip
def test_explanations(value: object, target: str | Target, explanation: str) -> None:
    """The one-line explanation names value, target, gap, tolerance and edge."""
    assert assess(value, target, "10%").explanation == explanation


def test_explanation_without_tolerance() -> None:
    """With no tolerance a miss is Red and says so."""
    result = assess(42, ">=43", "none")
    assert result.status is R
    assert result.explanation == "Red: 42 misses >=43 by 1 (2.3%), with no tolerance"


def test_assessment_fields() -> None:
    """An assessment carries the gap (signed), shortfall, relative shortfall and edges."""
    result = assess("46", "<43", "10%")
    assert result.value == Decimal(46)
    assert result.gap == Decimal(3)
    assert result.shortfall == Decimal(3)
    assert result.relative_shortfall is not None
    assert round(result.relative_shortfall, 4) == Decimal("6.9767")
    assert result.met is False
    assert [(edge.value, edge.status, edge.side) for edge in result.edges] == [
        (Decimal("47.3"), A, "above")
    ]
    met = assess(76, "70%", "10%")
    assert (met.met, met.shortfall, met.gap) == (True, Decimal(0), Decimal(6))
    inside = assess(100, "95%-105%", "10%")
    assert (inside.gap, inside.shortfall) == (Decimal(0), Decimal(0))
    zero = assess(0, LOWER_ZERO, "10%")
    assert zero.relative_shortfall is None
    assert zero.edges == ()


def test_none_is_not_rated_no_data() -> None:
    """A missing value (None) is not rated, with the reason 'no data'."""
    assert classify(None, "<43", "10%") is NA
    assert assess(None, "<43", "10%").shortfall is None


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, ValueTypeError),
        (False, ValueTypeError),
        (float("nan"), InvalidValueError),
        (float("inf"), InvalidValueError),
        (float("-inf"), InvalidValueError),
        (Decimal("NaN"), InvalidValueError),
        (Decimal("sNaN"), InvalidValueError),
        (Decimal("-Infinity"), InvalidValueError),
        ("", InvalidValueError),
        ("forty", InvalidValueError),
        ([46], ValueTypeError),
    ],
)
def test_bad_values_raise_our_errors(value: object, error: type[Exception]) -> None:
    """classify, assess and classify_many reject the same bad values with our errors."""
    with pytest.raises(error, match="Invalid value"):
        classify(value, "<43", "10%")
    with pytest.raises(error):
        assess(value, "<43", "10%")
    with pytest.raises(error):
        classify_many([1, value], "<43", "10%")


def test_percentage_against_count_target() -> None:
    """'69%' cannot be compared with a count target; a plain number can meet a percent one."""
    with pytest.raises(UnitMismatchError, match="non-percentage target <43"):
        classify("46%", "<43", "10%")
    assert classify("69%", "75%", "10%") is A
    assert classify(69, "75%", "10%") is A


def test_bad_rule() -> None:
    """A rule that is not a scheme or tolerance is a wrong type: ValueTypeError with its data."""
    with pytest.raises(ValueTypeError, match="expected a Scheme") as info:
        classify(1, "<43", 10)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("rule", 10)


def test_scheme_statuses_of_the_wrong_type() -> None:
    """A scheme status that is not a Status is a ValueTypeError naming the field."""
    with pytest.raises(ValueTypeError, match="Invalid scheme beyond status 'Red'") as info:
        Scheme(G, [], "Red")  # type: ignore[arg-type]
    assert info.value.field == "scheme beyond status"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", R), ("3.9999", R), ("4", R), ("4.5", A), ("4.9", A), ("5", A), ("5.0001", G),
    ],
)  # fmt: skip
def test_strict_higher_target(value: str, expected: Status) -> None:
    """'>5' is met only above 5; 5 itself misses by nothing and is Amber with a tolerance."""
    assert classify(value, ">5", "10%") is expected
    assert classify(value, ">5", "none") is (G if expected is G else R)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("85.49", R), ("85.5", A), ("94.99", A), ("95", G), ("100", G), ("105", G),
        ("105.01", A), ("115.5", A), ("115.51", R),
    ],
)  # fmt: skip
def test_range_target(value: str, expected: Status) -> None:
    """Inside a range is met; each side has its own relative band."""
    assert classify(value, "95%-105%", "10%") is expected


def test_point_range() -> None:
    """A range of one point is met only on it."""
    assert classify_many(["6.9", "7", "7.1", "8", "8.01"], "7-7", "1pt") == [A, G, A, A, R]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("70", G), ("69.99", A), ("65", A), ("64.99", R)],
)
def test_absolute_tolerance(value: str, expected: Status) -> None:
    """An absolute tolerance is a number of the target's units (percentage points here)."""
    assert classify(value, "70%", "5pt") is expected


def test_multi_step_scheme() -> None:
    """Green on or within 10%, Amber within 20%, Red beyond."""
    scheme = Scheme(
        met=G,
        steps=[Step(Tolerance.relative(10), G), Step(Tolerance.relative(20), A)],
        beyond=R,
    )
    values = ["100", "90", "89.99", "80", "79.99"]
    assert classify_many(values, "100", scheme) == [G, G, A, A, R]
    assert assess("85", "100", scheme).explanation == (
        "Amber: 85 misses >=100 by 15 (15.0%), within the 20% tolerance (Amber down to 80)"
    )
    assert scheme.statuses == (G, A, R)


def test_scheme_on_another_scale() -> None:
    """A scheme can map to the five-point delivery confidence scale."""
    five = Scale.delivery_confidence()
    green, amber_green, amber, amber_red, red = five.levels
    scheme = Scheme(
        met=green,
        steps=[
            Step(Tolerance.absolute(1), amber_green),
            Step(Tolerance.absolute(2), amber),
            Step(Tolerance.absolute(3), amber_red),
        ],
        beyond=red,
    )
    assert classify_many([0, 1, 2, 3, 4, -1], "<=0", scheme) == [
        green,
        amber_green,
        amber,
        amber_red,
        red,
        green,
    ]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Scheme(G, [Step(Tolerance.relative(10), R)], A), "never get a better"),
        (lambda: Scheme(A, [], G), "never get a better"),
        (lambda: Scheme(G, [Step(Tolerance.relative(20), A), Step(Tolerance.relative(10), A)], R),
         "strictly grow"),
        (lambda: Scheme(G, [Step(Tolerance.relative(10), A), Step(Tolerance.relative(10), R)], R),
         "strictly grow"),
        (lambda: Scheme(G, [Step(Tolerance.relative(10), A), Step(Tolerance.absolute(20), A)], R),
         "must all be relative or all absolute"),
        (lambda: Scheme(G, [Step(Tolerance.none(), A)], R), "expected a relative or absolute"),
        (lambda: Scheme(G, [], NA), "expected a rated Status"),
        (lambda: Scheme(G, [], Scale.four_level().worst), "one scale"),
    ],
)  # fmt: skip
def test_invalid_schemes(build: object, message: str) -> None:
    """Schemes whose steps are out of order or mixed cannot be built."""
    with pytest.raises(InvalidSchemeError, match=message):
        build()  # type: ignore[operator]


def test_standard_scheme_shapes() -> None:
    """The standard scheme is met/Amber/Red, or met/Red with no tolerance."""
    assert Scheme.standard(Tolerance.none()).steps == ()
    assert Scheme.city_of_london() == Scheme.standard(Tolerance.relative(10))
    assert (
        repr(Scheme.city_of_london()) == "Scheme(met=Green, steps=[Amber within 10%], beyond=Red)"
    )


def test_classifier_reuse_and_pickle() -> None:
    """A prepared classifier classifies repeatedly and survives pickling."""
    classifier = Classifier.prepare("<43", "10%")
    copy = pickle.loads(pickle.dumps(classifier))
    values = [42.99, 43.0, 47.3, 47.31, 46, "47.3", Decimal(43), None]
    assert copy.many(values) == classifier.many(values) == [G, A, A, R, A, A, A, NA]
    assert [classifier(value) for value in values] == classifier.many(values)
    assert pickle.loads(pickle.dumps(classifier.assess(46))) == classifier.assess(46)


def test_classify_many_accepts_any_iterable() -> None:
    """classify_many takes generators as well as lists."""
    values = (x / 10 for x in range(420, 490, 10))
    assert classify_many(values, "<43", "10%") == [G, A, A, A, A, A, R]


# -- gaps a mutation run found (issue 10) ------------------------------------------------------


def test_many_equal_floats_on_an_inclusive_target() -> None:
    """Two equal floats exactly on '<=43' are both Green (a mutant gave Green then Amber)."""
    assert classify_many([43.0, 43.0], "<=43", "10%") == [G, G]
    assert classify_many([47.3, 47.3, 43.0], "<43", "10%") == [A, A, A]


@pytest.mark.parametrize(
    ("value", "target", "rule", "expected"),
    [
        # A point range: Green only at exactly 5, Amber either side within 10%.
        (5, "between 5 and 5", "10%", G),
        (Decimal("4.9999"), "between 5 and 5", "10%", A),
        (Decimal("5.0001"), "between 5 and 5", "10%", A),
        (5, "between 5 and 5", "none", G),
        (Decimal("5.0001"), "between 5 and 5", "none", R),
        # A strict zero target: the miss by nothing has a zero-width band under 10% of zero.
        (0, "<0", "10%", R),
        (0, ">0", "10%", R),
        (0, ">0", "1pt", A),
        (Decimal(-1), ">0", "1pt", A),
        (Decimal("-1.0001"), ">0", "1pt", R),
    ],
)
def test_zero_width_bands(value: object, target: str, rule: str, expected: Status) -> None:
    """A band of zero width holds exactly its one value, or nothing when its allowance is zero."""
    assert classify(value, target, rule) is expected
    assert classify_many([value], target, rule) == [expected]


def test_explanation_exactly_on_the_tolerance_edge() -> None:
    """67.5 against 75% with 10% is exactly on the edge, which the inclusive step keeps: Amber."""
    assert assess(67.5, "75%", "10%").explanation == (
        "Amber: 67.5% misses >=75% by 7.5 points (10.0%), exactly on the 10% edge, "
        "which belongs to Amber (Amber down to and including 67.5%)"
    )
    assert assess(Decimal("67.49"), "75%", "10%").explanation == (
        "Red: 67.49% misses >=75% by 7.51 points (10.0%), beyond the 10% tolerance "
        "(Amber down to 67.5%)"
    )


def test_fraction_workings_come_from_the_exact_value() -> None:
    """200/3 misses 66.66666666666667 (issue 10, item 17): shortfall and gap say so too."""
    target = Target.at_least(Decimal("66.66666666666667"), percent=True)
    result = assess(Fraction(200, 3), target, "none")
    assert result.status is R
    assert result.met is False
    assert result.shortfall is not None
    assert result.shortfall > 0
    assert result.gap is not None
    assert result.gap < 0
    assert result.value is not None
    assert result.value < target.value
    assert result.relative_shortfall is not None
    assert result.relative_shortfall > 0
    assert result.explanation.startswith("Red: 66.666666666666666")
    assert "by 0.0000000000000033 points" in result.explanation


@pytest.mark.parametrize(
    ("value", "explanation"),
    [
        (Fraction(800, 9), "Green: 88.9% meets >=85%"),
        (Fraction(200, 3), ("Red: 66.7% misses >=85% by 18.3 points (21.6%), beyond the 10% "
                            "tolerance (Amber down to 76.5%)")),
    ],
)  # fmt: skip
def test_fraction_explanations_round_for_show_only(value: Fraction, explanation: str) -> None:
    """A fraction far from every edge is shown to one place."""
    assert assess(value, "85%", "10%").explanation == explanation


def test_equal_targets_written_apart_explain_themselves_as_written() -> None:
    """``<0`` and ``<0.000`` are equal targets, but each is explained as written, in any order."""
    from kpirag import Classifier  # noqa: PLC0415

    first = Classifier.prepare(Target.parse("<0"), "5pt").assess("0.01").explanation
    second = Classifier.prepare(Target.parse("<0.000"), "5pt").assess("0.01").explanation
    assert "misses <0 by" in first
    assert "misses <0.000 by" in second
    assert Classifier.prepare(Target.parse("<0"), "5pt").assess("0.01").explanation == first


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "wording"),
    [
        # 0.1235000...1 of 1.000...01 is 12.34999...%: one rounding gives 12.3, two gave 12.4.
        (
            Decimal("1.123500000000000000000000000001"),
            "<=1.000000000000000000000000000001",
            "50%",
            "(12.3%)",
        ),
        # A shortfall of 0.25 + 1/(3 x 10^14) is 0.3 to one place, not 0.2 via 12 places.
        (Fraction(11, 4) - Fraction(1, 3 * 10**14), ">=3", "10%", "by 0.3 (8.3%)"),
    ],
)
def test_defect_explanation_rounds_once(
    value: Decimal | Fraction, target: str, tolerance: str, wording: str
) -> None:
    """The explanation's shortfall and percentage are rounded once, from the exact numbers."""
    assert wording in Classifier.prepare(target, tolerance).assess(value).explanation


@pytest.mark.parametrize(
    "number", [Decimal("1e999999"), Decimal("-1e1001"), Decimal("1e-1001"), Decimal("1" * 101)]
)
def test_defect_recipes_find_accepts_number_beyond_limits(number: Decimal) -> None:
    """The compiled recipes refuse a number beyond MAX_DIGITS/MAX_EXPONENT, as every reader does."""
    recipes = Classifier.prepare("<43", "10%").recipes()
    for read in (recipes.find, recipes.between[-1].measure):
        with pytest.raises(InvalidValueError) as caught:
            read(number)
        assert caught.value.field == "number"
    with pytest.raises(InvalidValueError):
        recipes.between[-1].explain(number, "x")
