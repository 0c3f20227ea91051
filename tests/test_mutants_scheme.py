"""Schemes where mutation testing found the suite silent: kpirag.rules._scheme.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from kpirag import (
    EdgeSide,
    InvalidSchemeError,
    Scheme,
    Status,
    Step,
    Tolerance,
    Trend,
    ValueTypeError,
)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (5, "Invalid steps 5: expected a sequence, not int"),
        ([5], "Invalid steps item 5: expected Step, not int"),
        ("10%", "Invalid steps '10%': expected a sequence, not str"),
    ],
)
def test_steps_that_are_not_steps(steps: object, message: str) -> None:
    """Steps given as anything but a sequence of Step raise our error naming the steps."""
    with pytest.raises(ValueTypeError) as caught:
        Scheme(steps=steps)  # type: ignore[arg-type]
    assert str(caught.value) == message


def _any(value: object) -> Any:
    """Pass a deliberately wrong argument past the type checker."""
    return value


def _amber(within: str, **options: Any) -> Step:
    """An Amber step within ``within`` (tolerance text)."""
    return Step(Tolerance.parse(within), Status.AMBER, **options)


# Raise sites of kpirag.rules._scheme: exact class, field, value, expected and message.


@pytest.mark.parametrize(
    ("build", "error", "field", "value", "expected", "message"),
    [
        (
            lambda: EdgeSide.parse(_any(5)),
            ValueTypeError,
            "edge side",
            5,
            "'inclusive' or 'exclusive'",
            "Invalid edge side 5: expected 'inclusive' or 'exclusive', not int",
        ),
        (
            lambda: EdgeSide.parse("both"),
            InvalidSchemeError,
            "edge side",
            "both",
            "'inclusive' or 'exclusive'",
            "Invalid edge side 'both': expected 'inclusive' or 'exclusive'",
        ),
        (
            lambda: EdgeSide.INCLUSIVE.holds(_any("x"), 1),
            ValueTypeError,
            "distance",
            "x",
            "an int, Decimal or Fraction",
            "Invalid distance 'x': expected an int, Decimal or Fraction, not str",
        ),
        (
            lambda: EdgeSide.EXCLUSIVE.holds(1, _any("y")),
            ValueTypeError,
            "limit",
            "y",
            "an int, Decimal or Fraction",
            "Invalid limit 'y': expected an int, Decimal or Fraction, not str",
        ),
        (
            lambda: _amber("10%", trend=[]),
            InvalidSchemeError,
            "trend",
            [],
            "at least one trend",
            "Invalid trend []: expected at least one trend",
        ),
        (
            lambda: _amber("10%", trend=5),
            ValueTypeError,
            "trend",
            5,
            "a sequence",
            "Invalid trend 5: expected a sequence, not int",
        ),
        (
            lambda: _amber("10%").holds_for(_any("improved")),
            ValueTypeError,
            "trend",
            "improved",
            "a Trend or None",
            "Invalid trend 'improved': expected a Trend or None, not str",
        ),
        (
            lambda: Scheme(met=_any("Green")),
            ValueTypeError,
            "scheme met status",
            "Green",
            "a rated Status",
            "Invalid scheme met status 'Green': expected a rated Status, not str",
        ),
        (
            lambda: Scheme(beyond=Status.NOT_RATED),
            InvalidSchemeError,
            "scheme beyond status",
            Status.NOT_RATED,
            "a rated Status",
            "Invalid scheme beyond status <Status N/A>: expected a rated Status",
        ),
        (
            lambda: Scheme(beyond_by_trend=_any(5)),
            ValueTypeError,
            "beyond_by_trend",
            5,
            "a sequence",
            "Invalid beyond_by_trend 5: expected a sequence, not int",
        ),
        (
            lambda: Scheme(beyond_by_trend=_any([5])),
            ValueTypeError,
            "beyond_by_trend item",
            5,
            "a (Trend, Status) pair",
            "Invalid beyond_by_trend item 5: expected a (Trend, Status) pair, not int",
        ),
        (
            lambda: Scheme(beyond_by_trend=_any([("improved", Status.AMBER, 1)])),
            ValueTypeError,
            "beyond_by_trend item",
            ("improved", Status.AMBER, 1),
            "a (Trend, Status) pair",
            (
                "Invalid beyond_by_trend item ('improved', <Status Amber (RAG)>, 1):"
                " expected a (Trend, Status) pair, not tuple"
            ),
        ),
        (
            lambda: Scheme(beyond_by_trend=_any({"improved": "Amber"})),
            ValueTypeError,
            "beyond_by_trend status",
            "Amber",
            "a rated Status",
            "Invalid beyond_by_trend status 'Amber': expected a rated Status, not str",
        ),
        (
            lambda: Scheme(beyond_by_trend=[("improved", Status.NOT_RATED)]),
            InvalidSchemeError,
            "beyond_by_trend status",
            Status.NOT_RATED,
            "a rated Status",
            "Invalid beyond_by_trend status <Status N/A>: expected a rated Status",
        ),
        (
            lambda: Scheme(when_no_previous=_any(5)),
            ValueTypeError,
            "when_no_previous",
            5,
            "a Trend, a Status or None",
            "Invalid when_no_previous 5: expected a Trend, a Status or None, not int",
        ),
        (
            lambda: Scheme().beyond_for(_any("improved")),
            ValueTypeError,
            "trend",
            "improved",
            "a Trend or None",
            "Invalid trend 'improved': expected a Trend or None, not str",
        ),
        (
            lambda: Scheme().status_at(_any("x"), None),
            ValueTypeError,
            "miss",
            "x",
            "an int, Decimal or Fraction",
            "Invalid miss 'x': expected an int, Decimal or Fraction, not str",
        ),
        (
            lambda: Scheme().status_at(1, None, zero_reference=_any(1)),
            ValueTypeError,
            "zero_reference",
            1,
            "True or False",
            "Invalid zero_reference 1: expected True or False, not int",
        ),
        (
            lambda: Scheme.standard(_any(5)),
            ValueTypeError,
            "tolerance",
            5,
            "a Tolerance or tolerance text such as '10%'",
            "Invalid tolerance 5: expected a Tolerance or tolerance text such as '10%', not int",
        ),
        (
            lambda: Scheme.pass_fail(_any(5)),
            ValueTypeError,
            "scale",
            5,
            "a Scale",
            "Invalid scale 5: expected a Scale, not int",
        ),
        (
            lambda: Scheme.from_dict({}, scales=_any(5)),
            ValueTypeError,
            "scales",
            5,
            "a mapping of names to Scales",
            "Invalid scales 5: expected a mapping of names to Scales, not int",
        ),
        (
            lambda: Scheme.from_dict({}, path=_any(5)),
            ValueTypeError,
            "path",
            5,
            "a sequence",
            "Invalid path 5: expected a sequence, not int",
        ),
    ],
)
def test_rejections(
    build: Callable[[], object],
    error: type[Exception],
    field: str | None,
    value: object,
    expected: str | None,
    message: str,
) -> None:
    """A rejected argument raises exactly our error carrying its field, value and expectation."""
    with pytest.raises(error) as caught:
        build()
    found: Any = caught.value
    assert (found.field, found.value, found.expected) == (field, value, expected)
    assert type(found) is error
    assert str(found) == message


@pytest.mark.parametrize(
    ("build", "field", "shown", "message"),
    [
        (
            lambda: Scheme(
                Status.GREEN, [Step(Tolerance.relative(10), Status("Late", 2, "Other"))]
            ),
            "scheme statuses",
            "[<Status Green (RAG)>, <Status Late (Other)>, <Status Red (RAG)>]",
            (
                "Invalid scheme statuses [<Status Green (RAG)>, <Status Late (Other)>,"
                " <Status Red (RAG)>]: all must belong to one scale"
            ),
        ),
        (
            lambda: Scheme(Status.GREEN, [_amber("none")]),
            "scheme step",
            "Amber within none",
            "Invalid scheme step Amber within none: expected a relative or absolute tolerance",
        ),
        (
            lambda: Scheme(Status.GREEN, [_amber("10%"), _amber("20pt")]),
            "scheme steps",
            "(Amber within 10%, Amber within 20pt)",
            (
                "Invalid scheme steps (Amber within 10%, Amber within 20pt):"
                " steps must all be relative or all absolute"
            ),
        ),
        (
            lambda: Scheme(Status.AMBER, [], Status.GREEN),
            "scheme statuses",
            "[<Status Amber (RAG)>, <Status Green (RAG)>]",
            (
                "Invalid scheme statuses [<Status Amber (RAG)>, <Status Green (RAG)>]:"
                " a larger miss must never get a better status"
            ),
        ),
        (
            lambda: Scheme(Status.GREEN, [_amber("10%"), _amber("10%")]),
            "scheme steps",
            "(Amber within 10%, Amber within 10%)",
            (
                "Invalid scheme steps (Amber within 10%, Amber within 10%):"
                " tolerances must strictly grow"
            ),
        ),
        (
            lambda: Scheme(Status.GREEN, [_amber("20%"), _amber("10%")]),
            "scheme steps",
            "(Amber within 20%, Amber within 10%)",
            (
                "Invalid scheme steps (Amber within 20%, Amber within 10%):"
                " tolerances must strictly grow"
            ),
        ),
        (
            lambda: Scheme(
                Status.AMBER, [], Status.RED, beyond_by_trend={"improved": Status.GREEN}
            ),
            "scheme statuses",
            "[<Status Amber (RAG)>, <Status Green (RAG)>]",
            (
                "Invalid scheme statuses [<Status Amber (RAG)>, <Status Green (RAG)>]:"
                " a larger miss must never get a better status (for a value that improved)"
            ),
        ),
        (
            lambda: Scheme(
                Status.AMBER, [], Status.RED, beyond_by_trend={"unchanged": Status.GREEN}
            ),
            "scheme statuses",
            "[<Status Amber (RAG)>, <Status Green (RAG)>]",
            (
                "Invalid scheme statuses [<Status Amber (RAG)>, <Status Green (RAG)>]:"
                " a larger miss must never get a better status (for a value that is unchanged)"
            ),
        ),
        (
            lambda: Scheme(Status.AMBER, [], Status.RED, beyond_by_trend={"worse": Status.GREEN}),
            "scheme statuses",
            "[<Status Amber (RAG)>, <Status Green (RAG)>]",
            (
                "Invalid scheme statuses [<Status Amber (RAG)>, <Status Green (RAG)>]:"
                " a larger miss must never get a better status (for a value that got worse)"
            ),
        ),
        (
            lambda: Scheme(
                Status.GREEN, [], Status.AMBER, beyond_by_trend={"improved": Status.RED}
            ),
            "scheme",
            "Scheme(met=Green, steps=[], beyond=Amber, beyond if improved=Red)",
            (
                "Invalid scheme Scheme(met=Green, steps=[], beyond=Amber, beyond if improved=Red):"
                " a better direction of travel must never get a worse status"
                " (improved, unchanged, worse give Red, Amber, Amber)"
            ),
        ),
        (
            lambda: Scheme(Status.GREEN, [_amber("10%", trend="worse")], Status.RED),
            "scheme",
            "Scheme(met=Green, steps=[Amber within 10% if worse], beyond=Red)",
            (
                "Invalid scheme Scheme(met=Green, steps=[Amber within 10% if worse], beyond=Red):"
                " a better direction of travel must never get a worse status"
                " (improved, unchanged, worse give Red, Red, Amber)"
            ),
        ),
    ],
)
def test_rejected_schemes(
    build: Callable[[], object], field: str, shown: str, message: str
) -> None:
    """A scheme that breaks a rule raises InvalidSchemeError naming the offending parts."""
    with pytest.raises(InvalidSchemeError) as caught:
        build()
    assert type(caught.value) is InvalidSchemeError
    assert caught.value.field == field
    assert repr(caught.value.value) == shown
    assert str(caught.value) == message


# EdgeSide, Step and Scheme behaviour (not errors).


@pytest.mark.parametrize(
    ("text", "side"),
    [(" Exclusive ", "EXCLUSIVE"), ("INCLUSIVE", "INCLUSIVE"), ("exclusive", "EXCLUSIVE")],
)
def test_edge_side_is_read_in_any_case(text: str, side: str) -> None:
    """EdgeSide.parse reads its words whatever their case and surrounding spaces."""
    assert EdgeSide.parse(text) is getattr(EdgeSide, side)


@pytest.mark.parametrize(
    ("side", "distance", "limit", "holds"),
    [
        ("INCLUSIVE", 10, 10, True),
        ("EXCLUSIVE", 10, 10, False),
        ("INCLUSIVE", 9, 10, True),
        ("EXCLUSIVE", 9, 10, True),
        ("INCLUSIVE", 11, 10, False),
        ("EXCLUSIVE", 11, 10, False),
    ],
)
def test_edge_side_holds(side: str, distance: int, limit: int, holds: bool) -> None:
    """An inclusive band holds its limit; an exclusive one stops just short of it."""
    assert getattr(EdgeSide, side).holds(distance, limit) is holds


@pytest.mark.parametrize(
    ("trend", "held", "shown"),
    [
        (None, None, "Amber within 20%"),
        ("improved", {"improved"}, "Amber within 20% if improved"),
        (
            ["unchanged", "improved"],
            {"improved", "unchanged"},
            "Amber within 20% if improved or unchanged",
        ),
        (("worse", "improved"), {"improved", "worse"}, "Amber within 20% if improved or worse"),
        (["improved", "unchanged", "worse"], None, "Amber within 20%"),
    ],
)
def test_step_trends(trend: object, held: set[str] | None, shown: str) -> None:
    """A step keeps the trends it names (every trend is no condition) and shows them in order."""
    step = _amber("20%", trend=trend)
    assert step.trend == (None if held is None else {Trend.parse(name) for name in held})
    assert repr(step) == shown


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        ({"edge_side": "exclusive"}, "Amber within 5% (edge exclusive)"),
        ({"edge_side": "inclusive"}, "Amber within 5%"),
        (
            {"edge_side": EdgeSide.EXCLUSIVE, "trend": "worse"},
            "Amber within 5% (edge exclusive) if worse",
        ),
    ],
)
def test_step_repr(options: dict[str, object], shown: str) -> None:
    """A step shows its status, tolerance, an exclusive edge and its trend condition."""
    assert repr(_amber("5%", **options)) == shown


@pytest.mark.parametrize(
    ("policy", "kept"),
    [
        ("improved", "improved"),
        (" Worse ", "worse"),
        (None, None),
    ],
)
def test_when_no_previous_text_is_a_trend(policy: str | None, kept: str | None) -> None:
    """Text given as when_no_previous is read as a trend."""
    scheme = Scheme(when_no_previous=policy)
    assert scheme.when_no_previous == (None if kept is None else Trend.parse(kept))


def test_when_no_previous_status_joins_the_scale_check() -> None:
    """A rated when_no_previous status is allowed on the scheme's scale, refused on another."""
    assert Scheme(when_no_previous=Status.AMBER).when_no_previous is Status.AMBER
    assert Scheme(when_no_previous=Status.NOT_RATED).when_no_previous is Status.NOT_RATED
    late = Status("Late", 2, "Other")
    with pytest.raises(InvalidSchemeError) as caught:
        Scheme(when_no_previous=late)
    assert caught.value.value == [Status.GREEN, Status.RED, late]
    assert str(caught.value) == (
        "Invalid scheme statuses [<Status Green (RAG)>, <Status Red (RAG)>,"
        " <Status Late (Other)>]: all must belong to one scale"
    )


@pytest.mark.parametrize(
    ("miss", "trend", "zero_reference", "status"),
    [
        (5, None, None, "Amber"),
        (10, None, None, "Amber"),
        (Decimal("10.01"), None, None, "Red"),
        (0, None, None, "Amber"),
        (5, None, True, "Red"),
        (5, None, False, "Amber"),
        (15, "improved", None, "Amber"),
        (15, "worse", None, "Red"),
        (25, "improved", None, "Red"),
        (25, "unchanged", None, "Red"),
    ],
)
def test_status_at(
    miss: object, trend: str | None, zero_reference: bool | None, status: str
) -> None:
    """status_at gives the first step holding the miss for the trend (none of a zero target's)."""
    scheme = Scheme(steps=[_amber("10%"), _amber("20%", trend="improved")])
    moved = None if trend is None else Trend.parse(trend)
    if zero_reference is None:
        found = scheme.status_at(miss, moved)  # type: ignore[arg-type]
    else:
        found = scheme.status_at(miss, moved, zero_reference=zero_reference)  # type: ignore[arg-type]
    assert found.label == status


def test_trend_aware_schemes_are_accepted() -> None:
    """A scheme where a better trend never rates worse is built, whatever ties it has."""
    scheme = Scheme(
        steps=[_amber("10%"), _amber("20%", trend=["improved", "unchanged"])],
        beyond_by_trend={"improved": Status.AMBER},
    )
    assert scheme.trend_aware
    assert [status.label for status in scheme.statuses] == ["Green", "Amber", "Red"]


def _pt(within: str, status: str, **options: Any) -> Step:
    """A step within ``within`` points giving ``Status.<status>``."""
    return Step(Tolerance.absolute(within), getattr(Status, status), **options)


@pytest.mark.parametrize(
    ("build", "chain"),
    [
        # Only beyond every step: improved is Red where unchanged is Amber.
        (
            lambda: Scheme(steps=[_pt("10", "AMBER")], beyond_by_trend={"unchanged": Status.AMBER}),
            "Red, Amber, Red",
        ),
        # Only below the first amount (from a miss of 0 up to 1 point).
        (
            lambda: Scheme(
                steps=[_pt("1", "GREEN", trend="worse", edge_side="exclusive"), _pt("2", "AMBER")]
            ),
            "Amber, Amber, Green",
        ),
        # Only strictly between two amounts (10 and 11 points), caught halfway.
        (
            lambda: Scheme(
                steps=[
                    _pt("10", "GREEN", trend="improved"),
                    _pt("11", "AMBER", trend="improved", edge_side="exclusive"),
                    _pt("11", "GREEN", trend=["unchanged", "worse"], edge_side="exclusive"),
                    _pt("12", "AMBER"),
                ]
            ),
            "Amber, Green, Green",
        ),
    ],
)
def test_trend_order_is_checked_at_every_distance(build: Callable[[], Scheme], chain: str) -> None:
    """A better trend rating worse anywhere, even inside one band only, is refused."""
    with pytest.raises(InvalidSchemeError) as caught:
        build()
    assert caught.value.field == "scheme"
    assert isinstance(caught.value.value, Scheme)
    assert str(caught.value).endswith(
        "a better direction of travel must never get a worse status"
        f" (improved, unchanged, worse give {chain})"
    )


def test_chain_is_checked_with_each_trends_own_steps() -> None:
    """A step of one trend that rates a larger miss better is refused for that trend."""
    with pytest.raises(InvalidSchemeError) as caught:
        Scheme(steps=[Step(Tolerance.relative(10), Status.RED, trend="improved"), _amber("20%")])
    assert caught.value.field == "scheme statuses"
    assert caught.value.value == [Status.GREEN, Status.RED, Status.AMBER, Status.RED]
    assert str(caught.value).endswith(
        ": a larger miss must never get a better status (for a value that improved)"
    )


@pytest.mark.parametrize("within", ["0%", "0pt"])
def test_a_step_of_zero_holds_nothing(within: str) -> None:
    """A step with a zero allowance has no band: even a miss of nothing is beyond it."""
    scheme = Scheme(steps=[_amber(within)])
    assert scheme.status_at(0, None) is Status.RED
    assert scheme.status_at(Decimal("0.0"), Trend.WORSE) is Status.RED


@pytest.mark.parametrize(
    ("tolerance", "shown"),
    [
        ("10%", "Scheme(met=Green, steps=[Amber within 10%], beyond=Red)"),
        ("5pt", "Scheme(met=Green, steps=[Amber within 5pt], beyond=Red)"),
        ("none", "Scheme(met=Green, steps=[], beyond=Red)"),
    ],
)
def test_standard(tolerance: str, shown: str) -> None:
    """The standard scheme: Green met, Amber within the tolerance, Red beyond."""
    scheme = Scheme.standard(tolerance)
    assert repr(scheme) == shown
    assert repr(Scheme.standard(Tolerance.parse(tolerance))) == shown
    assert scheme.met is Status.GREEN
    assert scheme.beyond is Status.RED
    assert [step.status for step in scheme.steps] == [Status.AMBER] * len(scheme.steps)
    expected = [] if tolerance == "none" else [tolerance]
    assert [str(step.within) for step in scheme.steps] == expected


def test_city_of_london() -> None:
    """The City of London scheme is the standard one with a 10% tolerance."""
    scheme = Scheme.city_of_london()
    assert repr(scheme) == "Scheme(met=Green, steps=[Amber within 10%], beyond=Red)"
    assert scheme == Scheme.standard(Tolerance.relative(10))


@pytest.mark.parametrize(
    ("policy", "shown"),
    [
        (None, ""),
        ("improved", ", when_no_previous=improved"),
        ("N/A", ", when_no_previous=N/A"),
        ("Amber", ", when_no_previous=Amber"),
    ],
)
def test_scheme_repr(policy: str | None, shown: str) -> None:
    """A scheme shows its steps, beyond statuses per trend and its no-previous policy."""
    given: Any = policy if policy in {None, "improved"} else Status.parse(str(policy))
    scheme = Scheme(
        steps=[_amber("10%"), _amber("20%", trend="improved")],
        beyond_by_trend={"improved": Status.AMBER},
        when_no_previous=given,
    )
    assert repr(scheme) == (
        "Scheme(met=Green, steps=[Amber within 10%, Amber within 20% if improved],"
        f" beyond=Red, beyond if improved=Amber{shown})"
    )
