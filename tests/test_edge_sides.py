"""Which side a step's edge belongs to (issue 12, item 1): EdgeSide on Step, Edge and explanations."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import pytest

from kpirag import (
    Edge,
    EdgeSide,
    InvalidSchemeError,
    Scheme,
    Status,
    Step,
    Target,
    TargetSide,
    Tolerance,
    ValueTypeError,
    assess,
    classify,
    classify_many,
)

untyped: Any = EdgeSide  # the calls on it are wrong on purpose
G, A, R = Status.GREEN, Status.AMBER, Status.RED
INCLUSIVE, EXCLUSIVE = EdgeSide.INCLUSIVE, EdgeSide.EXCLUSIVE


def _standard(edge_side: EdgeSide, amount: str = "10%") -> Scheme:
    """Green met, Amber within ``amount`` with the given edge side, Red beyond."""
    return Scheme(G, [Step(Tolerance.parse(amount), A, edge_side=edge_side)], R)


def _forms(text: str) -> list[object]:
    """The same number as text, Decimal, float and (when whole) int."""
    forms: list[object] = [text, Decimal(text), float(text)]
    if Decimal(text) == Decimal(text).to_integral_value():
        forms.append(int(Decimal(text)))
    return forms


# (target, tolerance, the edge value, status inclusive, status exclusive)
EDGES = [
    (">=100", "10%", "90", A, R),
    ("<=40", "10%", "44", A, R),
    ("<43", "10%", "47.3", A, R),
    ("75%", "10%", "67.5", A, R),
    (">=0.8", "10%", "0.72", A, R),
    ("100-200", "10%", "90", A, R),
    ("100-200", "10%", "220", A, R),
    ("70%", "5pt", "65", A, R),
    ("<=0", "1pt", "1", A, R),
]


@pytest.mark.parametrize(("target", "tolerance", "edge", "inclusive", "exclusive"), EDGES)
def test_a_value_exactly_on_the_edge(
    target: str, tolerance: str, edge: str, inclusive: Status, exclusive: Status
) -> None:
    """Exactly on the edge, as int, float, Decimal and text: the step's status if inclusive, else beyond."""
    for form in _forms(edge):
        for side, expected in ((INCLUSIVE, inclusive), (EXCLUSIVE, exclusive)):
            scheme = _standard(side, tolerance)
            assert classify(form, target, scheme) is expected, (form, side)
            assert assess(form, target, scheme).status is expected, (form, side)
            assert classify_many([form, form], target, scheme) == [expected] * 2, (form, side)


@pytest.mark.parametrize(("target", "tolerance", "edge", "inclusive", "exclusive"), EDGES)
def test_beside_the_edge_the_side_does_not_matter(
    target: str, tolerance: str, edge: str, inclusive: Status, exclusive: Status
) -> None:
    """A hair inside the band is Amber, a hair outside Red, whichever side the edge belongs to."""
    del inclusive, exclusive
    parsed = Target.parse(target)
    low = parsed.bounds[0]
    hair = Decimal("0.0001")
    inward = hair if Decimal(edge) < low else -hair
    for side in EdgeSide:
        scheme = _standard(side, tolerance)
        assert classify(Decimal(edge) + inward, parsed, scheme) is A
        assert classify(Decimal(edge) - inward, parsed, scheme) is R


def test_the_default_is_inclusive() -> None:
    """A step's edge is inclusive unless it says otherwise, as before edge sides existed."""
    assert Step(Tolerance.relative(10), A).edge_side is INCLUSIVE
    assert Scheme.standard("10%") == _standard(INCLUSIVE)
    assert classify(67.5, "75%", "10%") is A


def test_overspend_of_5_percent_or_more_is_red() -> None:
    """'Red: forecast overspend of 5% or more' puts 5% exactly in Red (lower is better)."""
    scheme = _standard(EXCLUSIVE, "5%")
    assert classify_many([100, 104.99, 105, 105.01], "<=100", scheme) == [G, A, R, R]


def test_multi_step_exclusive_edge_goes_to_the_next_step() -> None:
    """An exclusive edge between two steps sends its value to the next step, not to beyond."""
    scheme = Scheme(
        G,
        [
            Step(Tolerance.relative(10), G, edge_side=EXCLUSIVE),
            Step(Tolerance.relative(20), A, edge_side=EXCLUSIVE),
        ],
        R,
    )
    values = ["100", "90.01", "90", "80.01", "80", "79.99"]
    assert classify_many(values, ">=100", scheme) == [G, G, A, A, R, R]
    assert [classify(Decimal(v), ">=100", scheme) for v in values] == [G, G, A, A, R, R]


@pytest.mark.parametrize(
    ("value", "target", "side", "explanation"),
    [
        (67.5, "75%", INCLUSIVE, "Amber: 67.5% misses >=75% by 7.5 points (10.0%), exactly on the 10% edge, which belongs to Amber (Amber down to and including 67.5%)"),
        (67.5, "75%", EXCLUSIVE, "Red: 67.5% misses >=75% by 7.5 points (10.0%), exactly on the 10% edge, which belongs to Red (Amber only above 67.5%)"),
        ("47.3", "<43", INCLUSIVE, "Amber: 47.3 misses <43 by 4.3 (10.0%), exactly on the 10% edge, which belongs to Amber (Amber up to and including 47.3)"),
        ("47.3", "<43", EXCLUSIVE, "Red: 47.3 misses <43 by 4.3 (10.0%), exactly on the 10% edge, which belongs to Red (Amber only below 47.3)"),
        (46, "<43", EXCLUSIVE, "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber below 47.3)"),
        (48, "<43", EXCLUSIVE, "Red: 48 misses <43 by 5 (11.6%), beyond the 10% tolerance (Amber below 47.3)"),
        (70, "75%", EXCLUSIVE, "Amber: 70% misses >=75% by 5 points (6.7%), within the 10% tolerance (Amber above 67.5%)"),
    ],
)  # fmt: skip
def test_explanations_say_where_the_edge_value_went(
    value: object, target: str, side: EdgeSide, explanation: str
) -> None:
    """On an edge the explanation names the edge, the status it belongs to, and why."""
    assert assess(value, target, _standard(side)).explanation == explanation


def test_edges_carry_their_side() -> None:
    """Assessment edges say which side of the target they are on and whether they are inclusive."""
    result = assess(46, "<43", _standard(EXCLUSIVE))
    assert result.edges == (Edge(Decimal("47.3"), A, TargetSide.ABOVE, EXCLUSIVE),)
    assert result.edges[0].side == "above"  # the enum still equals the old text
    below = assess(70, "75%", "10%").edges[0]
    assert (below.side, below.edge_side) == (TargetSide.BELOW, INCLUSIVE)
    assert Edge(Decimal(1), A, "below") == Edge(Decimal(1), A, TargetSide.BELOW, INCLUSIVE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inclusive", INCLUSIVE),
        ("Exclusive", EXCLUSIVE),
        (" EXCLUSIVE ", EXCLUSIVE),
        (EXCLUSIVE, EXCLUSIVE),
    ],
)
def test_edge_side_from_text(text: str | EdgeSide, expected: EdgeSide) -> None:
    """EdgeSide.parse and Step(edge_side=...) read the words in any case."""
    assert EdgeSide.parse(text) is expected
    assert Step(Tolerance.relative(5), A, edge_side=text).edge_side is expected


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: EdgeSide.parse("inclusiv"), InvalidSchemeError),
        (lambda: untyped.parse(1), ValueTypeError),
        (lambda: Step(Tolerance.relative(5), A, edge_side="open"), InvalidSchemeError),
        (lambda: Edge(Decimal(1), A, "left"), ValueTypeError),
        (lambda: untyped.INCLUSIVE.holds("1", 2), ValueTypeError),
    ],
)
def test_bad_edge_sides(call: object, error: type[Exception]) -> None:
    """Unknown edge-side words and wrong types are our errors."""
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_holds() -> None:
    """EdgeSide.holds: inclusive allows the limit itself, exclusive only less."""
    assert INCLUSIVE.holds(Decimal(5), 5)
    assert not EXCLUSIVE.holds(Decimal(5), 5)
    assert EXCLUSIVE.holds(Decimal("4.99"), 5)
    assert not INCLUSIVE.holds(Decimal("5.01"), 5)


def test_schemes_with_edge_sides_are_values() -> None:
    """Steps with different edge sides differ, show their side, and pickle equal."""
    exclusive = _standard(EXCLUSIVE)
    assert exclusive != _standard(INCLUSIVE)
    assert (
        repr(exclusive)
        == "Scheme(met=Green, steps=[Amber within 10% (edge exclusive)], beyond=Red)"
    )
    assert pickle.loads(pickle.dumps(exclusive)) == exclusive
    assert str(EXCLUSIVE) == "exclusive"
