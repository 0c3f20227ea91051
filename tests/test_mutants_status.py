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
            "Invalid aliases 'ab': expected a sequence, not str",
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
            "Invalid levels 5: expected a sequence, not int",
        ),
        (
            lambda: Scale("S", _any([1])),
            ValueTypeError,
            "Invalid levels item 1: expected Status, not int",
        ),
        (
            lambda: Scale.define("S", _any(5)),
            ValueTypeError,
            "Invalid labels 5: expected a sequence, not int",
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
        (
            lambda: worst(_any(5)),
            ValueTypeError,
            "Invalid statuses 5: expected a sequence, not int",
        ),
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


# Scale.__attrs_post_init__ and Scale.from_dict: the data every rejected scale carries.


@pytest.mark.parametrize(
    ("build", "error", "field", "value", "message"),
    [
        (
            lambda: Scale("Empty", []),
            InvalidStatusError,
            "scale",
            "Empty",
            "Invalid scale 'Empty': expected at least one level",
        ),
        (
            lambda: Scale("Mixed", [Status("a", 0, "X"), Status("b", 1, "Y")]),
            InvalidStatusError,
            "scale",
            "Mixed",
            (
                "Invalid scale 'Mixed': every level must be a rated status of one scale family,"
                " got families ['X', 'Y']"
            ),
        ),
        (
            lambda: Scale("Unrated", [Status("a", 0, "X"), Status("b", 1, "X", rated=False)]),
            InvalidStatusError,
            "scale",
            "Unrated",
            (
                "Invalid scale 'Unrated': every level must be a rated status of one scale family,"
                " got families ['X']"
            ),
        ),
        (
            lambda: Scale("Tied", [Status("a", 1, "X"), Status("b", 1, "X")]),
            InvalidStatusError,
            "scale",
            "Tied",
            (
                "Invalid scale 'Tied': severities must strictly increase from best to worst,"
                " got [1, 1]"
            ),
        ),
        (
            lambda: Scale("Both", [Status("a", 0, "X", aliases=["b"]), Status("B", 1, "X")]),
            InvalidStatusError,
            "scale",
            "Both",
            "Invalid scale 'Both': the spelling 'b' names both 'a' and 'B'",
        ),
        (
            lambda: Scale.from_dict({"preset": "rag"}, path=_any(5)),
            ValueTypeError,
            "path",
            5,
            "Invalid path 5: expected a sequence, not int",
        ),
    ],
)
def test_rejected_scales(
    build: Callable[[], object],
    error: type[Exception],
    field: str | None,
    value: object,
    message: str,
) -> None:
    """A rejected scale raises exactly our error, naming the scale as its field and value."""
    with pytest.raises(error) as caught:
        build()
    assert type(caught.value) is error
    assert (caught.value.field, caught.value.value) == (field, value)  # type: ignore[attr-defined]
    assert str(caught.value) == message


def test_worst_names_the_status_it_cannot_rank() -> None:
    """worst of a list holding a non-status names it as the status field, expecting a Status."""
    with pytest.raises(StatusComparisonError) as caught:
        worst(_any([Status.AMBER, 3]))
    assert type(caught.value) is StatusComparisonError
    assert (caught.value.field, caught.value.value, caught.value.expected) == (
        "status",
        3,
        "a Status",
    )
    assert str(caught.value) == "Invalid status 3: expected a Status, not int"


# Every raise site of kpirag.rules._status: exact class, field, value and expectation.

PRESETS = (
    "one of 'rag', 'rag_with_blue', 'rag_with_blue_complete', 'rag_with_blue_exceeding',"
    " 'delivery_confidence', 'four_level', 'achieved', 'met_or_not', 'on_track'"
)
ON_TRACK = (
    "one of 'On track', 'Monitor', 'Off track', 'N/A' on the On track scale"
    " (abbreviations and case are accepted)"
)


@pytest.mark.parametrize(
    ("build", "error", "field", "value", "expected", "message"),
    [
        (
            lambda: Status(" ", 1),
            InvalidStatusError,
            "status label",
            " ",
            "a non-empty name",
            "Invalid status label ' ': expected a non-empty name",
        ),
        (
            lambda: Status("X", 1, aliases=_any(["x", 1])),
            ValueTypeError,
            "alias",
            1,
            "text",
            "Invalid alias 1: expected text, not int",
        ),
        (
            lambda: Status.parse("g", scale=_any(5)),
            ValueTypeError,
            "scale",
            5,
            "a Scale",
            "Invalid scale 5: expected a Scale, not int",
        ),
        (
            lambda: Scale.on_track().parse(_any(3)),
            InvalidStatusError,
            "status",
            3,
            ON_TRACK,
            f"Invalid status 3: expected {ON_TRACK}",
        ),
        (
            lambda: Status.parse("done", scale=Scale.on_track()),
            InvalidStatusError,
            "status",
            "done",
            ON_TRACK,
            f"Invalid status 'done': expected {ON_TRACK}",
        ),
        (
            lambda: Scale.preset(_any(5)),
            ValueTypeError,
            "scale preset",
            5,
            "a preset name such as 'rag'",
            "Invalid scale preset 5: expected a preset name such as 'rag', not int",
        ),
        (
            lambda: Scale.preset("on track scale"),
            InvalidStatusError,
            "scale preset",
            "on track scale",
            PRESETS,
            f"Invalid scale preset 'on track scale': expected {PRESETS}",
        ),
        (
            lambda: Scale("Empty", []),
            InvalidStatusError,
            "scale",
            "Empty",
            "at least one level",
            "Invalid scale 'Empty': expected at least one level",
        ),
        (
            lambda: operator.lt(Status.GREEN, Status("On", 0, "Council")),
            StatusComparisonError,
            None,
            None,
            None,
            (
                "Cannot order <Status Green (RAG)> against <Status On (Council)>:"
                " they belong to different scales ('RAG' and 'Council')"
            ),
        ),
        (
            lambda: Scale("S", _any([Status("a", 0, "S"), "b"])),
            ValueTypeError,
            "levels item",
            "b",
            "Status",
            "Invalid levels item 'b': expected Status, not str",
        ),
    ],
)
def test_rejections_carry_their_data(
    build: Callable[[], object],
    error: type[Exception],
    field: str | None,
    value: object,
    expected: str | None,
    message: str,
) -> None:
    """Each rejection raises exactly its class, with field, value, expected and message."""
    with pytest.raises(error) as caught:
        build()
    found: Any = caught.value
    assert (found.field, found.value, found.expected) == (field, value, expected)
    assert type(found) is error
    assert str(found) == message


@pytest.mark.parametrize(
    ("label", "spellings"),
    [
        ("Met !", {"met"}),
        ("On  Track.", {"on track"}),
        ("  Off track?*", {"off track"}),
        ("Done", {"done"}),
    ],
)
def test_spellings_drop_case_spaces_and_trailing_punctuation(
    label: str, spellings: set[str]
) -> None:
    """A status is spelt case-folded, its spaces collapsed and trailing punctuation dropped."""
    assert Status(label, 0, "Mine").spellings == spellings
    assert Scale("Mine", [Status(label, 0, "Mine")]).parse(f" {label.upper()} ").label == label


@pytest.mark.parametrize(
    ("spelling", "label"),
    [("on track", "On track"), ("MONITOR!", "Monitor"), (" off  track. ", "Off track")],
)
def test_parse_on_a_given_scale(spelling: str, label: str) -> None:
    """Status.parse with a scale reads that scale's levels."""
    assert Status.parse(spelling, scale=Scale.on_track()).label == label


def test_parse_defaults_to_rag_with_blue() -> None:
    """Status.parse without a scale reads the RAG scale with Blue."""
    assert Status.parse(" complete ") is Status.BLUE
    assert Status.parse("amber") is Status.AMBER


def test_repr() -> None:
    """A rated status shows its label and scale; the unrated one shows N/A."""
    assert repr(Status.NOT_RATED) == "<Status N/A>"
    assert repr(Status("N/A", 0, "Mine", rated=False)) == "<Status N/A>"
    assert repr(Status("Late", 4, "Mine")) == "<Status Late (Mine)>"


@pytest.mark.parametrize(
    ("left", "right", "lt", "le", "gt", "ge"),
    [
        ("GREEN", "GREEN", False, True, False, True),
        ("GREEN", "AMBER", True, True, False, False),
        ("RED", "AMBER", False, False, True, True),
        ("NOT_RATED", "GREEN", True, True, False, False),
        ("GREEN", "NOT_RATED", False, False, True, True),
        ("NOT_RATED", "NOT_RATED", False, True, False, True),
    ],
)
def test_ordering(left: str, right: str, lt: bool, le: bool, gt: bool, ge: bool) -> None:
    """Statuses order by severity; N/A, of no scale, orders before every rated status."""
    mine, theirs = getattr(Status, left), getattr(Status, right)
    assert (mine < theirs, mine <= theirs, mine > theirs, mine >= theirs) == (lt, le, gt, ge)


@pytest.mark.parametrize(
    ("name", "preset"),
    [
        (" Met-or_NOT ", "met_or_not"),
        ("rag with  blue", "rag_with_blue"),
        ("Delivery-Confidence", "delivery_confidence"),
        ("four_level", "four_level"),
        ("on _track", "on_track"),
        ("RAG", "rag"),
    ],
)
def test_preset_names_ignore_case_spaces_hyphens_and_underscores(name: str, preset: str) -> None:
    """Scale.preset reads a preset's name whatever its case, spaces, hyphens and underscores."""
    assert Scale.preset(name) is getattr(Scale, preset)()
