"""Statuses and scales where mutation testing found the suite silent: kpirag.rules._status.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pytest

from kpirag import InvalidStatusError, Scale, Status, StatusComparisonError, ValueTypeError, worst

ON_COUNCIL = (
    "expected one of 'On', 'Off', 'N/A' on the Council scale (abbreviations and case are accepted)"
)
ON_RAG = "expected one of 'Green', 'Amber', 'Red', 'N/A' on the RAG scale (abbreviations and case are accepted)"


def _any(value: object) -> Any:
    """Pass a deliberately wrong argument past the type checker."""
    return value


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Status(" ", 1),
            InvalidStatusError,
            "Invalid status label ' ': expected a non-empty name",
        ),
        (
            lambda: Status("X", 1, aliases=_any([1])),
            ValueTypeError,
            "Invalid alias 1: expected text, not int",
        ),
        (
            lambda: Status("X", 1, aliases="ab"),
            ValueTypeError,
            "Invalid aliases 'ab' (str): expected a sequence",
        ),
        (
            lambda: bool(Status.GREEN),
            StatusComparisonError,
            "A Status has no truth value (got <Status Green (RAG)>): compare it instead, e.g. 'status is Status.GREEN' or 'status.rated'",
        ),
        (
            lambda: Scale.rag().parse("purple"),
            InvalidStatusError,
            f"Invalid status 'purple': {ON_RAG}",
        ),
        (lambda: Scale.rag().parse(_any(3)), InvalidStatusError, f"Invalid status 3: {ON_RAG}"),
        (
            lambda: Scale.define("Council", ["On", "Off"]).parse("x"),
            InvalidStatusError,
            f"Invalid status 'x': {ON_COUNCIL}",
        ),
        (
            lambda: Scale("S", _any(5)),
            ValueTypeError,
            "Invalid levels 5 (int): expected a sequence",
        ),
        (
            lambda: Scale("S", _any([1])),
            ValueTypeError,
            "Invalid levels item 1 (int): expected Status",
        ),
        (
            lambda: Scale.define("S", _any(5)),
            ValueTypeError,
            "Invalid labels 5 (int): expected a sequence",
        ),
        (
            lambda: Scale.define("S", ["a", "b"], colours=["#000"]),
            InvalidStatusError,
            "Invalid scale 'S': 2 labels but 1 colours",
        ),
        (
            lambda: Scale.define("S", ["a", "b"], abbreviations=["x"]),
            InvalidStatusError,
            "Invalid scale 'S': 2 labels but 1 abbreviations",
        ),
        (lambda: worst(_any(5)), ValueTypeError, "Invalid statuses 5 (int): expected a sequence"),
        (
            lambda: worst(_any([Status.GREEN, "Red"])),
            StatusComparisonError,
            "Invalid status 'Red': expected a Status, not str",
        ),
    ],
)
def test_error_messages(build: Callable[[], object], error: type[Exception], message: str) -> None:
    """A rejected status, scale or status list raises our error with the whole message."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("aliases", "spelling"),
    [({"finished"}, "finished"), (["done", "closed"], " CLOSED "), ((), "complete!")],
)
def test_aliases_are_spellings(aliases: list[str], spelling: str) -> None:
    """A status built with text aliases accepts each of them, in any case, on its scale."""
    done = Status("Complete!", 0, "Projects", aliases=aliases)
    projects = Scale("Projects", [done])
    assert projects.parse(spelling) is done


@pytest.mark.parametrize(
    ("colours", "abbreviations", "expected_colours", "expected_abbreviations"),
    [
        (None, None, ["#ffffff", "#ffffff"], [None, None]),
        (["#00ff00", "#ff0000"], None, ["#00ff00", "#ff0000"], [None, None]),
        (None, ["On", "Off"], ["#ffffff", "#ffffff"], ["On", "Off"]),
    ],
)
def test_define_keeps_every_attribute(
    colours: list[str] | None,
    abbreviations: list[str] | None,
    expected_colours: list[str],
    expected_abbreviations: list[str | None],
) -> None:
    """Scale.define gives each level its colour (white by default), abbreviation and the scale's name."""
    council = Scale.define(
        "Council", ["On track", "Off track"], colours=colours, abbreviations=abbreviations
    )
    assert [level.colour for level in council.levels] == expected_colours
    assert [level.abbreviation for level in council.levels] == expected_abbreviations
    assert [level.scale for level in council.levels] == ["Council", "Council"]
    assert [level.severity for level in council.levels] == [0, 1]


@pytest.mark.parametrize("first", [0, 1])
def test_worst_keeps_the_first_of_equally_severe_statuses(first: int) -> None:
    """Of two equally severe statuses, worst returns the one listed first."""
    statuses = [Status.AMBER, Status("Late", 2)]
    ordered = statuses[first:] + statuses[:first]
    assert worst(ordered) is ordered[0]


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (5, "Cannot order <Status Green (RAG)> against 5 (int): expected another Status"),
        ("Red", "Cannot order <Status Green (RAG)> against 'Red' (str): expected another Status"),
    ],
)
def test_ordering_against_a_non_status(other: object, message: str) -> None:
    """Ordering a status against anything but a status raises our error naming both."""
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(StatusComparisonError) as caught:
            compare(Status.GREEN, _any(other))
        assert str(caught.value) == message
