"""Classification where mutation testing found the suite silent: kpirag.rules._classification.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag import (
    Classifier,
    Edge,
    InvalidValueError,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    Trend,
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
