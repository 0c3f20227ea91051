"""Trend-aware schemes (issue 12, item 2): steps that need a direction of travel."""

from __future__ import annotations

import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kpirag import (
    Classifier,
    InvalidSchemeError,
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
)

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
IMPROVED, UNCHANGED, WORSE = Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSE
untyped: Any = Trend  # wrong calls on purpose


def council(**options: Any) -> Scheme:
    """Green met; Amber within 10%, or beyond 10% but improved; Red beyond 10% and not improved."""
    return Scheme(G, [Step(Tolerance.relative(10), A)], R, beyond_by_trend={IMPROVED: A}, **options)


# (target, value, previous, expected): both polarities, every trend, and no previous figure.
COUNCIL = [
    (">=100", 80, 75, A),  # beyond 10%, improved
    (">=100", 80, 80, R),  # unchanged
    (">=100", 80, 85, R),  # worse
    (">=100", 80, None, R),  # no previous figure: the trend condition does not apply
    (">=100", 95, 99, A),  # within 10%: Amber whatever the trend
    (">=100", 95, None, A),
    (">=100", 100, 120, G),  # met: Green whatever the trend
    ("<=100", 120, 125, A),  # lower is better: down is improved
    ("<=100", 120, 120, R),
    ("<=100", 120, 115, R),
    ("<=100", 120, None, R),
    ("<=100", 105, 90, A),
    ("90-110", 70, 60, A),  # a range: nearer it is better
    ("90-110", 70, 150, A),  # 40 from the range before, 20 now
    ("90-110", 130, 70, R),  # 20 from it either way: unchanged
    ("90-110", 140, 120, R),
]


def _forms(value: int) -> list[object]:
    return [value, float(value), Decimal(value), str(value)]


@pytest.mark.parametrize(("target", "value", "previous", "expected"), COUNCIL)
def test_council_rule(target: str, value: int, previous: int | None, expected: Status) -> None:
    """'Amber within 10%, or beyond 10% but improved' in both polarities, for every trend."""
    scheme = council()
    for form in _forms(value):
        for before in [None] if previous is None else _forms(previous):
            assert classify(form, target, scheme, previous=before) is expected, (form, before)
            assert assess(form, target, scheme, previous=before).status is expected
            assert Classifier.prepare(target, scheme)(form, previous=before) is expected


@pytest.mark.parametrize(
    ("previous", "expected"),
    [(80, A), (85, A), (90, R), (None, R)],
)
def test_a_step_can_need_a_trend(previous: int | None, expected: Status) -> None:
    """'Amber within 20% if improved or unchanged': a step skipped when the value got worse."""
    scheme = Scheme(
        G,
        [
            Step(Tolerance.relative(10), A),
            Step(Tolerance.relative(20), A, trend=["improved", "unchanged"]),
        ],
        R,
    )
    assert classify(85, ">=100", scheme, previous=previous) is expected
    assert classify(92, ">=100", scheme, previous=previous) is A


@pytest.mark.parametrize(
    ("when_no_previous", "value", "expected"),
    [
        (None, 80, R),
        (IMPROVED, 80, A),
        ("improved", 80, A),
        (WORSE, 80, R),
        (NA, 80, NA),
        (A, 80, A),
        (NA, 95, A),  # within 10% the trend does not matter, so no previous is needed
        (NA, 100, G),
        (NA, 60, NA),
    ],
)
def test_when_no_previous(
    when_no_previous: Trend | Status | None, value: int, expected: Status
) -> None:
    """Without a previous figure the scheme says what happens where the trend would decide."""
    scheme = council(when_no_previous=when_no_previous)
    assert classify(value, ">=100", scheme) is expected
    assert assess(value, ">=100", scheme).status is expected
    assert classify_floats(value, scheme) is expected


def classify_floats(value: int, scheme: Scheme) -> Status:
    """The float fast path (no previous figure) for ``value``."""
    (status,) = Classifier.prepare(">=100", scheme).many([float(value)])
    return status


@pytest.mark.parametrize(
    ("value", "previous", "options", "explanation"),
    [
        (80, 75, {}, "Amber: 80 misses >=100 by 20 (20.0%), beyond the 10% tolerance (Amber down to 90), but improved on the previous 75"),
        (80, 80, {}, "Red: 80 misses >=100 by 20 (20.0%), beyond the 10% tolerance (Amber down to 90), and unchanged from the previous 80"),
        (80, 85, {}, "Red: 80 misses >=100 by 20 (20.0%), beyond the 10% tolerance (Amber down to 90), and worse than the previous 85"),
        (80, None, {}, "Red: 80 misses >=100 by 20 (20.0%), beyond the 10% tolerance (Amber down to 90); with no previous figure, nothing that needs a direction of travel applies"),
        (80, None, {"when_no_previous": IMPROVED}, "Amber: 80 misses >=100 by 20 (20.0%), beyond the 10% tolerance (Amber down to 90); with no previous figure, counted as improved"),
        (80, None, {"when_no_previous": NA}, "N/A: 80 misses >=100 by 20 (20.0%); with no previous figure the direction of travel is not known, which this scheme rates N/A"),
        (95, 99, {}, "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance (Amber down to 90)"),
        (95, None, {}, "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance (Amber down to 90)"),
        (100, 90, {}, "Green: 100 meets >=100"),
    ],
)  # fmt: skip
def test_explanations(
    value: int, previous: int | None, options: dict[str, Any], explanation: str
) -> None:
    """The explanation says how the value moved when that decided, and what no previous means."""
    assert assess(value, ">=100", council(**options), previous=previous).explanation == explanation


def test_explanation_of_a_step_with_a_trend() -> None:
    """A step that needs a trend names the trend that let the value in."""
    scheme = Scheme(
        G, [Step(Tolerance.relative(10), A), Step(Tolerance.relative(20), A, trend="improved")], R
    )
    assert assess(85, ">=100", scheme, previous=80).explanation == (
        "Amber: 85 misses >=100 by 15 (15.0%), within the 20% tolerance (Amber down to 80), "
        "and improved on the previous 80"
    )


def test_assessment_records_previous_and_trend() -> None:
    """An assessment carries the previous figure and the trend."""
    result = assess("80", ">=100", council(), previous="75")
    assert (result.previous, result.trend) == (Decimal(75), IMPROVED)
    plain = assess(80, ">=100", council())
    assert (plain.previous, plain.trend) == (None, None)
    assert assess(None, ">=100", council(), previous=75).status is NA


def test_previous_is_ignored_by_a_scheme_without_trends() -> None:
    """A scheme without trend conditions gives the same status with or without a previous figure."""
    assert classify(80, ">=100", "10%", previous=100) is R
    assert classify(95, ">=100", "10%", previous=80) is A
    assert not Classifier.prepare(">=100", "10%").trend_aware
    assert Classifier.prepare(">=100", council()).trend_aware


def test_a_classifier_says_in_its_repr_whether_it_reads_the_direction_of_travel() -> None:
    """A trend-aware rule says so; one without trend conditions does not."""
    assert repr(Classifier.prepare(">=100", council())) == (
        "Classifier(>=100, 3 regions, trend-aware)"
    )
    assert repr(Classifier.prepare(">=100", "10%")) == "Classifier(>=100, 3 regions)"


def test_bad_previous_figures_are_our_errors() -> None:
    """A previous figure that is not a number, or in another unit, is our error naming 'previous'."""
    with pytest.raises(ValueTypeError, match="Invalid previous True"):
        classify(80, ">=100", council(), previous=True)
    with pytest.raises(UnitMismatchError) as info:
        classify(80, ">=100", council(), previous="75%")
    assert info.value.field == "previous"


@pytest.mark.parametrize(
    ("current", "previous", "target", "expected"),
    [
        (46, 54, "<43", IMPROVED),
        (46, 54, ">=43", WORSE),
        (46, 46, ">=43", UNCHANGED),
        (Decimal("46.0"), 46, "<43", UNCHANGED),
        (Fraction(1, 3), Fraction(1, 4), ">=0", IMPROVED),
        (100, 105, "90-110", UNCHANGED),
        (100, 120, "90-110", IMPROVED),
        (80, 115, "90-110", WORSE),
    ],
)
def test_trend_of(current: Any, previous: Any, target: str, expected: Trend) -> None:
    """Trend.of is polarity-aware, exact, and for a range compares the distance from it."""
    assert Trend.of(current, previous, Target.parse(target)) is expected


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Scheme(G, [Step(Tolerance.relative(10), A)], R, beyond_by_trend={WORSE: A}), "a better direction of travel must never get a worse status"),
        (lambda: Scheme(G, [Step(Tolerance.relative(10), A, trend="worse")], R), "a better direction of travel"),
        (lambda: Scheme(A, [], R, beyond_by_trend={IMPROVED: G}), "a larger miss must never get a better status .for a value that improved"),
        (lambda: Scheme(G, [Step(Tolerance.relative(20), A), Step(Tolerance.relative(10), A, trend="improved")], R), "strictly grow"),
        (lambda: Step(Tolerance.relative(10), A, trend=[]), "at least one trend"),
        (lambda: Step(Tolerance.relative(10), A, trend="better"), "'improved', 'unchanged' or 'worse'"),
    ],
)  # fmt: skip
def test_invalid_trend_schemes(build: Any, message: str) -> None:
    """Schemes where a better trend or a smaller miss would rate worse are refused."""
    with pytest.raises(InvalidSchemeError, match=message):
        build()


def test_trend_scheme_values() -> None:
    """Trend schemes show their conditions, compare by value and pickle equal."""
    scheme = council(when_no_previous=NA)
    assert repr(scheme) == (
        "Scheme(met=Green, steps=[Amber within 10%], beyond=Red, beyond if improved=Amber, "
        "when_no_previous=N/A)"
    )
    assert scheme == council(when_no_previous=NA)
    assert pickle.loads(pickle.dumps(scheme)) == scheme
    every = Step(Tolerance.relative(10), A, trend=list(Trend))
    assert every.trend is None
    assert every == Step(Tolerance.relative(10), A)
    assert repr(Step(Tolerance.relative(10), A, trend=UNCHANGED)) == "Amber within 10% if unchanged"


def test_regions_for_each_trend() -> None:
    """regions_for gives the axis a compiler needs for each trend, and for no previous figure."""
    classifier = Classifier.prepare(">=100", council(when_no_previous=NA))
    shown = {trend: [str(r) for r in classifier.regions_for(trend)] for trend in [*Trend, None]}
    assert shown == {
        IMPROVED: ["(-inf, 100) Amber", "[100, +inf) Green"],
        UNCHANGED: ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        WORSE: ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        None: ["(-inf, 90) N/A", "[90, 100) Amber", "[100, +inf) Green"],
    }
    with pytest.raises(ValueTypeError):
        classifier.regions_for("improved")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: untyped.of(1, 2, ">=3"), ValueTypeError),
        (lambda: untyped.of("1", 2, Target.parse(">=3")), ValueTypeError),
        (lambda: untyped.parse(3), ValueTypeError),
        (lambda: untyped.IMPROVED.against(3), ValueTypeError),
        (lambda: Scheme(G, [], R, when_no_previous=3), ValueTypeError),
        (lambda: Scheme(G, [], R, beyond_by_trend={IMPROVED: "Amber"}), ValueTypeError),
        (lambda: Scheme(G, [], R, beyond_by_trend=[(IMPROVED,)]), ValueTypeError),
        (lambda: Scheme(G, [], R, beyond_by_trend={IMPROVED: NA}), InvalidSchemeError),
    ],
)
def test_wrong_types(call: Any, error: type[Exception]) -> None:
    """Wrong types in the trend API are our errors."""
    with pytest.raises(error):
        call()


@pytest.mark.parametrize(
    ("previous", "explanation"),
    [
        (
            None,
            (
                "Red: 95 misses >=100 by 5 (5.0%); with no previous figure, nothing that needs "
                "a direction of travel applies"
            ),
        ),
        (99, "Red: 95 misses >=100 by 5 (5.0%), and worse than the previous 99"),
    ],
)
def test_no_step_for_the_trend_is_not_called_a_zero_target(
    previous: int | None, explanation: str
) -> None:
    """When every step needs a trend that is not there, the explanation says so, not 'zero target'."""
    scheme = Scheme(steps=[Step(Tolerance.relative(10), Status.AMBER, trend="improved")])
    assessment = assess(95, ">=100", scheme, previous=previous)
    assert assessment.status is Status.RED
    assert assessment.explanation == explanation
