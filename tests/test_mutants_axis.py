"""Cases mutation testing found the suite silent on: kpirag.rules._axis (see docs/testing.md).

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kpirag import (
    Classifier,
    Edge,
    Region,
    Scale,
    Scheme,
    Status,
    Step,
    TargetSide,
    Tolerance,
    Trend,
    ValueTypeError,
    assess,
    classify,
)


def _any(value: object) -> Any:
    """Pass a deliberately wrong argument past the type checker."""
    return value


def _step(within: str, status: str = "Amber", *, confidence: bool = False, **options: Any) -> Step:
    """A step within ``within`` (tolerance text) giving ``status``.

    The status is read on the RAG scale, or on the delivery confidence scale when
    ``confidence`` is set or the label is only on that scale (``A/G``, ``A/R``).
    """
    on_rag = status in {"Green", "Amber"} and not confidence
    scale = Scale.rag() if on_rag else Scale.delivery_confidence()
    return Step(Tolerance.parse(within), scale.parse(status), **options)


def _confidence(*steps: Step) -> Scheme:
    """Green when met, ``steps``, Red beyond, on the five-point delivery confidence scale."""
    scale = Scale.delivery_confidence()
    return Scheme(scale.best, steps, scale.worst)


def _scheme(name: str) -> Scheme:
    """The schemes of these tests, built when a test runs (never at import)."""
    schemes: dict[str, Callable[[], Scheme]] = {
        "exclusive": lambda: Scheme(steps=[_step("10%", edge_side="exclusive")]),
        "two steps": lambda: _confidence(_step("5%", "A/G"), _step("10%", "A/R")),
        "green then amber": lambda: Scheme(steps=[_step("5%", "Green"), _step("10%")]),
        "absolute": lambda: _confidence(
            _step("2pt", "A/G"), _step("5pt", "A/R", edge_side="exclusive")
        ),
        # Without a previous figure: Blue where the trends disagree.
        "wider if improved": lambda: Scheme(
            steps=[_step("10%"), _step("20%", trend="improved")], when_no_previous=Status.BLUE
        ),
        # The 10% edge belongs to Amber only for a value that improved.
        "edge if improved": lambda: Scheme(
            steps=[
                _step("10%", trend="improved"),
                _step("10%", trend=["unchanged", "worse"], edge_side="exclusive"),
            ],
            when_no_previous=Status.BLUE,
        ),
        "beyond if improved": lambda: Scheme(
            steps=[_step("10%")], beyond_by_trend={"improved": Status.AMBER}
        ),
        "counted as improved": lambda: Scheme(
            steps=[_step("10%"), _step("20%", trend="improved")],
            when_no_previous=Trend.IMPROVED,
        ),
        "ignored": lambda: Scheme(steps=[_step("10%"), _step("20%", trend="improved")]),
        # beyond_by_trend giving the very status beyond gives: nothing depends on the trend.
        "beyond is red if improved": lambda: Scheme(
            steps=[_step("10%")],
            beyond_by_trend={"improved": Status.RED, "worse": Status.RED},
        ),
        "four steps": lambda: _confidence(
            _step("5%", "A/G"),
            _step("10%", confidence=True),
            _step("15%", "A/R"),
            _step("20%", "A/R"),
        ),
    }
    return schemes[name]()


def _rule(name: str) -> Scheme | str:
    """A tolerance text as given, else the scheme of that name."""
    return name if name[0].isdigit() or name == "none" else _scheme(name)


# build_axis and regions_of: the regions of each kind of target and step.


@pytest.mark.parametrize(
    ("target", "rule", "regions"),
    [
        ("<43", "10%", ["(-inf, 43) Green", "[43, 47.3] Amber", "(47.3, +inf) Red"]),
        ("<=43", "10%", ["(-inf, 43] Green", "(43, 47.3] Amber", "(47.3, +inf) Red"]),
        (">43", "10%", ["(-inf, 38.7) Red", "[38.7, 43] Amber", "(43, +inf) Green"]),
        (">=43", "10%", ["(-inf, 38.7) Red", "[38.7, 43) Amber", "[43, +inf) Green"]),
        (">=43", "none", ["(-inf, 43) Red", "[43, +inf) Green"]),
        (">43", "none", ["(-inf, 43] Red", "(43, +inf) Green"]),
        ("<43", "none", ["(-inf, 43) Green", "[43, +inf) Red"]),
        (">=0", "10%", ["(-inf, 0) Red", "[0, +inf) Green"]),
        ("<=0", "10%", ["(-inf, 0] Green", "(0, +inf) Red"]),
        (
            "40-50",
            "10%",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        ("40-50", "none", ["(-inf, 40) Red", "[40, 50] Green", "(50, +inf) Red"]),
        ("40-40", "none", ["(-inf, 40) Red", "[40, 40] Green", "(40, +inf) Red"]),
        (
            "40-40",
            "10%",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 40] Green",
                "(40, 44] Amber",
                "(44, +inf) Red",
            ],
        ),
        ("<43", "exclusive", ["(-inf, 43) Green", "[43, 47.3) Amber", "[47.3, +inf) Red"]),
        (">=43", "exclusive", ["(-inf, 38.7] Red", "(38.7, 43) Amber", "[43, +inf) Green"]),
        (
            "40-50",
            "exclusive",
            [
                "(-inf, 36] Red",
                "(36, 40) Amber",
                "[40, 50] Green",
                "(50, 55) Amber",
                "[55, +inf) Red",
            ],
        ),
        (
            ">=100",
            "two steps",
            ["(-inf, 90) Red", "[90, 95) Amber/Red", "[95, 100) Amber/Green", "[100, +inf) Green"],
        ),
        (
            "<=100",
            "two steps",
            [
                "(-inf, 100] Green",
                "(100, 105] Amber/Green",
                "(105, 110] Amber/Red",
                "(110, +inf) Red",
            ],
        ),
        (">=100", "green then amber", ["(-inf, 90) Red", "[90, 95) Amber", "[95, +inf) Green"]),
        (
            "10-20",
            "absolute",
            [
                "(-inf, 5] Red",
                "(5, 8) Amber/Red",
                "[8, 10) Amber/Green",
                "[10, 20] Green",
                "(20, 22] Amber/Green",
                "(22, 25) Amber/Red",
                "[25, +inf) Red",
            ],
        ),
    ],
)
def test_regions(target: str, rule: str, regions: list[str]) -> None:
    """The regions of a target under a rule: each edge owned by the side its operator says."""
    assert [str(region) for region in Classifier.prepare(target, _rule(rule)).regions] == regions


# build_axis per trend and merged: a trend-aware scheme's regions, without a previous
# figure (None) and for each direction of travel.


@pytest.mark.parametrize(
    ("rule", "target", "trend", "regions"),
    [
        (
            "wider if improved",
            ">=100",
            None,
            ["(-inf, 80) Red", "[80, 90) Blue", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "wider if improved",
            ">=100",
            "improved",
            ["(-inf, 80) Red", "[80, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "wider if improved",
            ">=100",
            "unchanged",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "wider if improved",
            ">=100",
            "worse",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "wider if improved",
            "<=100",
            None,
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, 120] Blue", "(120, +inf) Red"],
        ),
        (
            "wider if improved",
            "<=100",
            "improved",
            ["(-inf, 100] Green", "(100, 120] Amber", "(120, +inf) Red"],
        ),
        (
            "wider if improved",
            "<=100",
            "unchanged",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "wider if improved",
            "<=100",
            "worse",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "wider if improved",
            "40-50",
            None,
            [
                "(-inf, 32) Red",
                "[32, 36) Blue",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, 60] Blue",
                "(60, +inf) Red",
            ],
        ),
        (
            "wider if improved",
            "40-50",
            "improved",
            [
                "(-inf, 32) Red",
                "[32, 40) Amber",
                "[40, 50] Green",
                "(50, 60] Amber",
                "(60, +inf) Red",
            ],
        ),
        (
            "wider if improved",
            "40-50",
            "unchanged",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "wider if improved",
            "40-50",
            "worse",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "edge if improved",
            ">=100",
            None,
            ["(-inf, 90) Red", "[90, 90] Blue", "(90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "edge if improved",
            ">=100",
            "improved",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "edge if improved",
            ">=100",
            "unchanged",
            ["(-inf, 90] Red", "(90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "edge if improved",
            ">=100",
            "worse",
            ["(-inf, 90] Red", "(90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "edge if improved",
            "<=100",
            None,
            ["(-inf, 100] Green", "(100, 110) Amber", "[110, 110] Blue", "(110, +inf) Red"],
        ),
        (
            "edge if improved",
            "<=100",
            "improved",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "edge if improved",
            "<=100",
            "unchanged",
            ["(-inf, 100] Green", "(100, 110) Amber", "[110, +inf) Red"],
        ),
        (
            "edge if improved",
            "<=100",
            "worse",
            ["(-inf, 100] Green", "(100, 110) Amber", "[110, +inf) Red"],
        ),
        (
            "edge if improved",
            "40-50",
            None,
            [
                "(-inf, 36) Red",
                "[36, 36] Blue",
                "(36, 40) Amber",
                "[40, 50] Green",
                "(50, 55) Amber",
                "[55, 55] Blue",
                "(55, +inf) Red",
            ],
        ),
        (
            "edge if improved",
            "40-50",
            "improved",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "edge if improved",
            "40-50",
            "unchanged",
            [
                "(-inf, 36] Red",
                "(36, 40) Amber",
                "[40, 50] Green",
                "(50, 55) Amber",
                "[55, +inf) Red",
            ],
        ),
        (
            "edge if improved",
            "40-50",
            "worse",
            [
                "(-inf, 36] Red",
                "(36, 40) Amber",
                "[40, 50] Green",
                "(50, 55) Amber",
                "[55, +inf) Red",
            ],
        ),
        (
            "beyond if improved",
            ">=100",
            None,
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        ("beyond if improved", ">=100", "improved", ["(-inf, 100) Amber", "[100, +inf) Green"]),
        (
            "beyond if improved",
            ">=100",
            "unchanged",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "beyond if improved",
            ">=100",
            "worse",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "beyond if improved",
            "<=100",
            None,
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        ("beyond if improved", "<=100", "improved", ["(-inf, 100] Green", "(100, +inf) Amber"]),
        (
            "beyond if improved",
            "<=100",
            "unchanged",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "beyond if improved",
            "<=100",
            "worse",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "beyond if improved",
            "40-50",
            None,
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "beyond if improved",
            "40-50",
            "improved",
            ["(-inf, 40) Amber", "[40, 50] Green", "(50, +inf) Amber"],
        ),
        (
            "beyond if improved",
            "40-50",
            "unchanged",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "beyond if improved",
            "40-50",
            "worse",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "counted as improved",
            ">=100",
            None,
            ["(-inf, 80) Red", "[80, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "counted as improved",
            ">=100",
            "improved",
            ["(-inf, 80) Red", "[80, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "counted as improved",
            ">=100",
            "unchanged",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "counted as improved",
            ">=100",
            "worse",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "counted as improved",
            "<=100",
            None,
            ["(-inf, 100] Green", "(100, 120] Amber", "(120, +inf) Red"],
        ),
        (
            "counted as improved",
            "<=100",
            "improved",
            ["(-inf, 100] Green", "(100, 120] Amber", "(120, +inf) Red"],
        ),
        (
            "counted as improved",
            "<=100",
            "unchanged",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "counted as improved",
            "<=100",
            "worse",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        (
            "counted as improved",
            "40-50",
            None,
            [
                "(-inf, 32) Red",
                "[32, 40) Amber",
                "[40, 50] Green",
                "(50, 60] Amber",
                "(60, +inf) Red",
            ],
        ),
        (
            "counted as improved",
            "40-50",
            "improved",
            [
                "(-inf, 32) Red",
                "[32, 40) Amber",
                "[40, 50] Green",
                "(50, 60] Amber",
                "(60, +inf) Red",
            ],
        ),
        (
            "counted as improved",
            "40-50",
            "unchanged",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "counted as improved",
            "40-50",
            "worse",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        ("ignored", ">=100", None, ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"]),
        (
            "ignored",
            ">=100",
            "improved",
            ["(-inf, 80) Red", "[80, 100) Amber", "[100, +inf) Green"],
        ),
        (
            "ignored",
            ">=100",
            "unchanged",
            ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"],
        ),
        ("ignored", ">=100", "worse", ["(-inf, 90) Red", "[90, 100) Amber", "[100, +inf) Green"]),
        ("ignored", "<=100", None, ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"]),
        (
            "ignored",
            "<=100",
            "improved",
            ["(-inf, 100] Green", "(100, 120] Amber", "(120, +inf) Red"],
        ),
        (
            "ignored",
            "<=100",
            "unchanged",
            ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"],
        ),
        ("ignored", "<=100", "worse", ["(-inf, 100] Green", "(100, 110] Amber", "(110, +inf) Red"]),
        (
            "ignored",
            "40-50",
            None,
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "ignored",
            "40-50",
            "improved",
            [
                "(-inf, 32) Red",
                "[32, 40) Amber",
                "[40, 50] Green",
                "(50, 60] Amber",
                "(60, +inf) Red",
            ],
        ),
        (
            "ignored",
            "40-50",
            "unchanged",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
        (
            "ignored",
            "40-50",
            "worse",
            [
                "(-inf, 36) Red",
                "[36, 40) Amber",
                "[40, 50] Green",
                "(50, 55] Amber",
                "(55, +inf) Red",
            ],
        ),
    ],
)
def test_regions_for_each_trend(
    rule: str, target: str, trend: str | None, regions: list[str]
) -> None:
    """Each trend's axis has its own steps and beyond; without a previous figure the policy."""
    classifier = Classifier.prepare(target, _scheme(rule))
    moved = None if trend is None else Trend.parse(trend)
    assert [str(region) for region in classifier.regions_for(moved)] == regions


@pytest.mark.parametrize(
    ("rule", "target", "value", "explanation"),
    [
        (
            "wider if improved",
            ">=100",
            79,
            "Red: 79 misses >=100 by 21 (21.0%), beyond the 10% tolerance (Amber down to 90)",
        ),
        (
            "wider if improved",
            ">=100",
            80,
            (
                "Blue: 80 misses >=100 by 20 (20.0%); with no previous figure the direction of"
                " travel is not known, which this scheme rates Blue"
            ),
        ),
        (
            "wider if improved",
            ">=100",
            90,
            (
                "Amber: 90 misses >=100 by 10 (10.0%), exactly on the 10% edge, which belongs to"
                " Amber (Amber down to and including 90)"
            ),
        ),
        (
            "wider if improved",
            ">=100",
            95,
            "Amber: 95 misses >=100 by 5 (5.0%), within the 10% tolerance (Amber down to 90)",
        ),
        ("wider if improved", ">=100", 100, "Green: 100 meets >=100"),
        (
            "edge if improved",
            ">=100",
            90,
            (
                "Blue: 90 misses >=100 by 10 (10.0%); with no previous figure the direction of"
                " travel is not known, which this scheme rates Blue"
            ),
        ),
        (
            "edge if improved",
            "40-50",
            55,
            (
                "Blue: 55 misses between 40 and 50 by 5 (10.0%); with no previous figure the"
                " direction of travel is not known, which this scheme rates Blue"
            ),
        ),
        (
            "beyond if improved",
            ">=100",
            85,
            (
                "Red: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90);"
                " with no previous figure, nothing that needs a direction of travel applies"
            ),
        ),
    ],
)
def test_explanation_without_a_previous_figure(
    rule: str, target: str, value: int, explanation: str
) -> None:
    """Where the trends disagree the policy decides and says so; elsewhere the usual workings."""
    assert assess(value, target, _scheme(rule)).explanation == explanation


# float_comparisons: floats placed among one to five boundaries agree with exact values.


@pytest.mark.parametrize(
    ("target", "rule", "count"),
    [
        (">=100", "none", 1),
        ("<100", "none", 1),
        (">=100", "10%", 2),
        ("<=100", "10%", 2),
        ("40-50", "none", 2),
        (">=100", "two steps", 3),
        ("<=100", "two steps", 3),
        ("40-50", "10%", 4),
        ("40-50", "exclusive", 4),
        (">=100", "four steps", 5),
        ("<100", "four steps", 5),
        ("40-60", "two steps", 6),
    ],
)
def test_floats_agree_with_exact_values(target: str, rule: str, count: int) -> None:
    """A float just below, on and just above each boundary gets the status of its decimal."""
    classifier = Classifier.prepare(target, _rule(rule))
    assert len(classifier.boundaries) == count
    for bound in classifier.boundaries:
        for step in (Decimal("-0.001"), Decimal(0), Decimal("0.001"), Decimal(-1), Decimal(1)):
            number = bound + step
            assert classifier(float(number)) is classifier(number), (bound, step)
    assert classifier(-1e9) is classifier(Decimal(-1000000000))
    assert classifier(1e9) is classifier(Decimal(1000000000))


@pytest.mark.parametrize(
    ("target", "rule", "values", "statuses"),
    [
        (">=100", "none", [99.99, 100.0, 100.01], ["Red", "Green", "Green"]),
        ("<100", "none", [99.99, 100.0, 100.01], ["Green", "Red", "Red"]),
        (">=100", "10%", [89.9, 90.0, 99.9, 100.0], ["Red", "Amber", "Amber", "Green"]),
        (
            ">=100",
            "two steps",
            [89.9, 90.0, 94.9, 95.0, 99.9, 100.0],
            ["Red", "Amber/Red", "Amber/Red", "Amber/Green", "Amber/Green", "Green"],
        ),
        (
            "40-50",
            "10%",
            [35.9, 36.0, 39.9, 40.0, 50.0, 50.1, 55.0, 55.1],
            ["Red", "Amber", "Amber", "Green", "Green", "Amber", "Amber", "Red"],
        ),
        (
            "40-50",
            "exclusive",
            [36.0, 36.1, 54.9, 55.0],
            ["Red", "Amber", "Amber", "Red"],
        ),
    ],
)
def test_float_statuses(target: str, rule: str, values: list[float], statuses: list[str]) -> None:
    """Floats near and on the boundaries get the exact statuses, one by one and in bulk."""
    classifier = Classifier.prepare(target, _rule(rule))
    assert [classifier(value).label for value in values] == statuses
    assert [status.label for status in classifier.many(values)] == statuses
    assert [classify(value, target, _rule(rule)).label for value in values] == statuses


# Region: membership and text.


@pytest.mark.parametrize(
    ("low", "high", "low_included", "high_included", "value", "inside"),
    [
        ("1", "2", True, False, Decimal(1), True),
        ("1", "2", True, False, 1, True),
        ("1", "2", True, False, 2, False),
        ("1", "2", True, False, Fraction(3, 2), True),
        ("1", "2", True, False, 0.5, False),
        ("1", "2", True, False, "1.5", True),
        ("1", "2", False, True, 1, False),
        ("1", "2", False, True, 2, True),
        ("1", "2", False, True, Fraction(2, 1), True),
        ("1", "2", False, True, Fraction(5, 2), False),
        ("1", "2", False, False, Fraction(1, 1), False),
        ("1", "2", False, False, Decimal("1.000000000000000000000000000001"), True),
        ("1", "2", False, False, Fraction(10**40 + 1, 10**40), True),
        ("0", "0.3333333333333333333333333333", True, True, Fraction(1, 3), False),
        ("0.3333333333333333333333333333", "1", True, True, Fraction(1, 3), True),
        ("0", "1", False, False, Fraction(2, 3), True),
        (None, "2", False, False, -(10**30), True),
        (None, "2", False, False, 3, False),
        ("1", None, True, False, 10**30, True),
        ("1", None, True, False, 0, False),
        (None, None, False, False, 0, True),
    ],
)
def test_region_membership(
    low: str | None,
    high: str | None,
    low_included: bool,
    high_included: bool,
    value: object,
    inside: bool,
) -> None:
    """A value is in a region between its ends, each end in it only if included; exactly."""
    region = Region(
        None if low is None else Decimal(low),
        None if high is None else Decimal(high),
        low_included,
        high_included,
        Status.GREEN,
    )
    assert (value in region) is inside


@pytest.mark.parametrize(
    ("low", "high", "low_included", "high_included", "shown"),
    [
        (None, None, False, False, "(-inf, +inf) Amber"),
        ("1.50", "2E+1", True, True, "[1.50, 20] Amber"),
        ("-3", None, False, False, "(-3, +inf) Amber"),
        (None, "0", False, True, "(-inf, 0] Amber"),
    ],
)
def test_region_text(
    low: str | None, high: str | None, low_included: bool, high_included: bool, shown: str
) -> None:
    """A region reads as an interval, brackets for included ends, then its status."""
    region = Region(
        None if low is None else Decimal(low),
        None if high is None else Decimal(high),
        low_included,
        high_included,
        Status.AMBER,
    )
    assert str(region) == shown


# target_side, through Edge.


@pytest.mark.parametrize(
    ("side", "expected"), [(" Below ", "BELOW"), ("ABOVE", "ABOVE"), ("above", "ABOVE")]
)
def test_edge_side_of_the_target_is_read_in_any_case(side: str, expected: str) -> None:
    """An edge's side of the target is read from its word in any case."""
    edge = Edge(Decimal(1), Status.AMBER, side)
    assert edge.side is getattr(TargetSide, expected)
    assert Edge(Decimal(1), Status.AMBER, TargetSide.BELOW).side is TargetSide.BELOW


@pytest.mark.parametrize(("side", "kind"), [(5, "int"), ("middle", "str"), (None, "NoneType")])
def test_edge_side_of_the_target_rejects_anything_else(side: object, kind: str) -> None:
    """Anything but 'below' or 'above' raises ValueTypeError carrying its data."""
    with pytest.raises(ValueTypeError) as caught:
        Edge(Decimal(1), Status.AMBER, _any(side))
    assert type(caught.value) is ValueTypeError
    found: Any = caught.value
    assert (found.field, found.value, found.expected) == (
        "edge side of the target",
        side,
        "'below' or 'above'",
    )
    assert str(found) == (
        f"Invalid edge side of the target {side!r}: expected 'below' or 'above', not {kind}"
    )


# edges_on_side: which steps cut the axis, and where.


@pytest.mark.parametrize(
    ("target", "rule", "boundaries", "edges"),
    [
        (">=0", "10%", ["0"], []),
        ("<=0", "10%", ["0"], []),
        ("40-50", "0pt", ["40", "50"], []),
        (">=5", "10%", ["4.5", "5"], ["4.5"]),
        ("<5", "10%", ["5", "5.5"], ["5.5"]),
        ("<=1", "1pt", ["1", "2"], ["2"]),
        (
            ">=100.00000000000000000000000000001",
            "0.5pt",
            ["99.50000000000000000000000000001", "100.00000000000000000000000000001"],
            ["99.50000000000000000000000000001"],
        ),
        (
            "<=100.00000000000000000000000000001",
            "0.5pt",
            ["100.00000000000000000000000000001", "100.50000000000000000000000000001"],
            ["100.50000000000000000000000000001"],
        ),
    ],
)
def test_boundaries(target: str, rule: str, boundaries: list[str], edges: list[str]) -> None:
    """Only a step with a band cuts the axis, however narrow; its edge is exact past 28 digits."""
    classifier = Classifier.prepare(target, rule)
    assert classifier.boundaries == tuple(Decimal(bound) for bound in boundaries)
    assert [str(edge.value) for edge in assess(-(10**6), target, rule).edges] == edges


@pytest.mark.parametrize(
    ("target", "narrow", "wide", "regions"),
    [
        (
            ">=100000000000000000000000000009",
            "1pt",
            "2pt",
            [
                "(-inf, 100000000000000000000000000007) Red",
                "[100000000000000000000000000007, 100000000000000000000000000008) Blue",
                "[100000000000000000000000000008, 100000000000000000000000000009) Amber",
                "[100000000000000000000000000009, +inf) Green",
            ],
        ),
        (
            "<=99999999999999999999999999991",
            "1pt",
            "2pt",
            [
                "(-inf, 99999999999999999999999999991] Green",
                "(99999999999999999999999999991, 99999999999999999999999999992] Amber",
                "(99999999999999999999999999992, 99999999999999999999999999993] Blue",
                "(99999999999999999999999999993, +inf) Red",
            ],
        ),
        (
            ">=1.0000000000000000000000000002",
            "1pt",
            "2pt",
            [
                "(-inf, -0.9999999999999999999999999998) Red",
                "[-0.9999999999999999999999999998, 0.0000000000000000000000000002) Blue",
                "[0.0000000000000000000000000002, 1.0000000000000000000000000002) Amber",
                "[1.0000000000000000000000000002, +inf) Green",
            ],
        ),
        (
            ">=1",
            "0.0000000000000000000000000001pt",
            "0.0000000000000000000000000002pt",
            [
                "(-inf, 0.9999999999999999999999999998) Red",
                "[0.9999999999999999999999999998, 0.9999999999999999999999999999) Blue",
                "[0.9999999999999999999999999999, 1) Amber",
                "[1, +inf) Green",
            ],
        ),
        (
            "<=1",
            "0.0000000000000000000000000001pt",
            "0.0000000000000000000000000002pt",
            [
                "(-inf, 1] Green",
                "(1, 1.0000000000000000000000000001] Amber",
                "(1.0000000000000000000000000001, 1.0000000000000000000000000002] Blue",
                "(1.0000000000000000000000000002, +inf) Red",
            ],
        ),
    ],
)
def test_merged_regions_are_exact_past_28_digits(
    target: str, narrow: str, wide: str, regions: list[str]
) -> None:
    """Where the trends disagree is found exactly, however many digits the cuts have."""
    scheme = Scheme(
        steps=[_step(narrow), _step(wide, trend="improved")], when_no_previous=Status.BLUE
    )
    assert [str(region) for region in Classifier.prepare(target, scheme).regions] == regions


# build_axis: what decided the status beyond every step (beyond, or beyond_by_trend).


@pytest.mark.parametrize(
    ("rule", "target", "value", "previous", "explanation"),
    [
        (
            "beyond if improved",
            ">=100",
            85,
            80,
            "Amber: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90), but improved on the previous 80",
        ),
        (
            "beyond if improved",
            ">=100",
            85,
            85,
            "Red: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90), and unchanged from the previous 85",
        ),
        (
            "beyond if improved",
            ">=100",
            85,
            90,
            "Red: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90), and worse than the previous 90",
        ),
        (
            "beyond if improved",
            "<=100",
            115,
            120,
            "Amber: 115 misses <=100 by 15 (15.0%), beyond the 10% tolerance (Amber up to 110), but improved on the previous 120",
        ),
        (
            "beyond if improved",
            "<=100",
            115,
            110,
            "Red: 115 misses <=100 by 15 (15.0%), beyond the 10% tolerance (Amber up to 110), and worse than the previous 110",
        ),
        (
            "beyond if improved",
            "40-50",
            30,
            20,
            "Amber: 30 misses between 40 and 50 by 10 (25.0%), beyond the 10% tolerance (Amber down to 36), but improved on the previous 20",
        ),
        (
            "beyond if improved",
            "40-50",
            60,
            70,
            "Amber: 60 misses between 40 and 50 by 10 (20.0%), beyond the 10% tolerance (Amber up to 55), but improved on the previous 70",
        ),
        (
            "wider if improved",
            ">=100",
            85,
            80,
            "Amber: 85 misses >=100 by 15 (15.0%), within the 20% tolerance (Amber down to 80), and improved on the previous 80",
        ),
        (
            "wider if improved",
            ">=100",
            75,
            70,
            "Red: 75 misses >=100 by 25 (25.0%), beyond the 20% tolerance (Amber down to 80)",
        ),
        (
            "wider if improved",
            ">=100",
            85,
            90,
            "Red: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90), and worse than the previous 90",
        ),
        (
            "beyond is red if improved",
            ">=100",
            85,
            80,
            "Red: 85 misses >=100 by 15 (15.0%), beyond the 10% tolerance (Amber down to 90)",
        ),
    ],
)
def test_explanation_after_a_previous_figure(
    rule: str, target: str, value: int, previous: int, explanation: str
) -> None:
    """Only a status given by beyond_by_trend says 'but' with the direction of travel."""
    assert assess(value, target, _scheme(rule), previous=previous).explanation == explanation


@pytest.mark.parametrize(
    ("value", "target", "explanation"),
    [
        (
            105,
            "<=100",
            "Amber: 105 misses <=100 by 5 (5.0%), within the 10% tolerance (Amber up to 110)",
        ),
        (
            53,
            "40-50",
            (
                "Amber: 53 misses between 40 and 50 by 3 (6.0%), within the 10% tolerance"
                " (Amber up to 55)"
            ),
        ),
        (
            38,
            "40-50",
            (
                "Amber: 38 misses between 40 and 50 by 2 (5.0%), within the 10% tolerance"
                " (Amber down to 36)"
            ),
        ),
    ],
)
def test_explanation_within_a_step(value: int, target: str, explanation: str) -> None:
    """A value in a step's band, below or above the target, is explained by that step."""
    assert assess(value, target, "10%").explanation == explanation
