"""Statuses and scales: kpirag.rules._status."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from kpirag import InvalidStatusError, KpiragError, Scale, Status, StatusComparisonError, worst


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G", Status.GREEN),
        ("Green", Status.GREEN),
        ("green", Status.GREEN),
        (" GREEN ", Status.GREEN),
        ("A", Status.AMBER),
        ("Amber", Status.AMBER),
        ("amber", Status.AMBER),
        ("R", Status.RED),
        ("Red", Status.RED),
        ("r", Status.RED),
        ("N/A", Status.NOT_RATED),
        ("n/a", Status.NOT_RATED),
        ("NA", Status.NOT_RATED),
        ("Not rated", Status.NOT_RATED),
        ("Blue", Status.BLUE),
        ("Complete", Status.BLUE),
    ],
)
def test_parse_spellings(text: str, expected: Status) -> None:
    """Status.parse accepts the spellings reports use."""
    assert Status.parse(text) is expected


@pytest.mark.parametrize("text", ["", "Gren", "Yellow", "tbc", "GA", "1", "Red!!x", "N-A", "!"])
def test_parse_rejects_unknown_spellings(text: str) -> None:
    """Any other spelling raises InvalidStatusError naming the text and the choices."""
    with pytest.raises(
        InvalidStatusError, match=r"Invalid status .*expected one of 'Blue', 'Green'"
    ):
        Status.parse(text)


def test_parse_rejects_non_text() -> None:
    """A non-string is an error, not a crash."""
    with pytest.raises(InvalidStatusError):
        Status.parse(3)  # type: ignore[arg-type]


def test_severity_order() -> None:
    """Red is worse than Amber, Amber worse than Green; N/A sorts first."""
    assert Status.GREEN < Status.AMBER < Status.RED
    assert Status.BLUE < Status.GREEN
    assert Status.NOT_RATED < Status.GREEN
    assert Status.RED >= Status.RED
    assert Status.RED <= Status.RED
    assert not Status.GREEN > Status.AMBER
    assert sorted([Status.RED, Status.NOT_RATED, Status.GREEN, Status.AMBER]) == [
        Status.NOT_RATED,
        Status.GREEN,
        Status.AMBER,
        Status.RED,
    ]


@pytest.mark.parametrize("other", [0, 1, 2, 3, "Green", "G", None, 1.0])
def test_never_equal_to_int_or_str(other: object) -> None:
    """Statuses never compare equal to ints or strings."""
    for status in (Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED):
        assert status != other


def test_no_truth_value() -> None:
    """Using a status as a bool is an error, not a silent True."""
    with pytest.raises(StatusComparisonError, match="no truth value"):
        bool(Status.RED)


def test_order_against_non_status_is_our_error() -> None:
    """Ordering against an int raises our TypeError subclass."""
    with pytest.raises(StatusComparisonError):
        _ = Status.RED < 3


def test_scales_do_not_mix() -> None:
    """Statuses from different scales cannot be ordered."""
    five = Scale.delivery_confidence()
    with pytest.raises(StatusComparisonError, match="different scales"):
        _ = five.parse("Amber/Red") > Status.AMBER


def test_worst_of_several() -> None:
    """worst() picks the most severe rated status, ignoring N/A."""
    assert worst([Status.GREEN, Status.RED, Status.AMBER]) is Status.RED
    assert worst([Status.NOT_RATED, Status.GREEN]) is Status.GREEN
    assert worst([Status.NOT_RATED]) is Status.NOT_RATED
    assert worst(iter([])) is Status.NOT_RATED
    with pytest.raises(StatusComparisonError):
        worst(["Red"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("scale", "labels"),
    [
        (Scale.rag(), ["Green", "Amber", "Red"]),
        (Scale.rag_with_blue(), ["Blue", "Green", "Amber", "Red"]),
        (Scale.delivery_confidence(), ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]),
        (Scale.four_level(), ["Green", "Green-Amber", "Red-Amber", "Red"]),
    ],
)
def test_presets(scale: Scale, labels: list[str]) -> None:
    """Each preset lists its levels best first, with strictly growing severity."""
    assert [str(level) for level in scale.levels] == labels
    assert list(scale.levels) == sorted(scale.levels)
    assert scale.best is scale.levels[0]
    assert scale.worst is scale.levels[-1]
    for level in scale.levels:
        assert scale.parse(level.label) == level
        assert level in scale
    assert Status.NOT_RATED in scale


def test_define_custom_scale() -> None:
    """A council's own labels make a scale with its own ordering."""
    scale = Scale.define(
        "Council", ["On track", "At risk", "Off track"], abbreviations=["OT", None, "X"]
    )
    assert scale.parse("x") == scale.worst
    assert scale.parse("ot") == scale.best
    assert scale.parse("n/a") is Status.NOT_RATED
    assert scale.worst > scale.best
    assert Status.GREEN not in scale


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "Empty", "labels": []}, "at least one level"),
        ({"name": "Dup", "labels": ["Good", "good"]}, "names both"),
        ({"name": "NA", "labels": ["Good", "N/A"]}, "names both"),
        ({"name": "Col", "labels": ["Good", "Bad"], "colours": ["#fff"]}, "2 labels but 1 colours"),
        ({"name": "Blank", "labels": ["Good", " "]}, "non-empty"),
    ],
)
def test_define_rejects_bad_scales(kwargs: dict[str, object], message: str) -> None:
    """Ill-formed scales cannot be built."""
    with pytest.raises(InvalidStatusError, match=message):
        Scale.define(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Scale.define("x", ["a", "b"], abbreviations={"p": 1, "q": 2}), "abbreviations",
         {"p": 1, "q": 2}),
        (lambda: Scale.define("x", ["a", "b"], colours={"p": "#fff", "q": "#000"}), "colours",
         {"p": "#fff", "q": "#000"}),
        (lambda: Scale.define("x", ["a", "b"], colours={"#fff", "#000"}), "colours",
         {"#fff", "#000"}),
        (lambda: Scale.define("x", {"a", "b"}), "labels", {"a", "b"}),
        (lambda: Scale.define("x", {"a": 1, "b": 2}), "labels", {"a": 1, "b": 2}),
        (lambda: Status("x", 1, aliases=[["a"]]), "alias", ["a"]),  # type: ignore[list-item]
        (lambda: Status("x", 1, aliases=[{"a"}]), "alias", {"a"}),  # type: ignore[list-item]
        (lambda: Status("x", 1, aliases=["a", {"b": 1}]), "alias", {"b": 1}),  # type: ignore[list-item]
    ],
)  # fmt: skip
def test_defect_scale_and_status_argument_shapes_are_our_errors(
    build: Callable[[], object], field: str, value: object
) -> None:
    """A mapping, set or nested list where a list of text belongs is a kpirag error naming it."""
    with pytest.raises(KpiragError) as caught:
        build()
    assert (caught.value.field, caught.value.value) == (field, value)
    assert caught.value.expected


def test_define_takes_one_shot_iterables() -> None:
    """Colours and abbreviations may come from generators, like the labels."""
    scale = Scale.define(
        "x", iter(["a", "b"]), colours=iter(["#fff", "#000"]), abbreviations=iter(["A", "B"])
    )
    assert [(level.abbreviation, level.colour) for level in scale.levels] == [
        ("A", "#fff"),
        ("B", "#000"),
    ]


def test_scale_rejects_mixed_families_and_disorder() -> None:
    """A scale's levels come from one family, in order of severity."""
    with pytest.raises(InvalidStatusError, match="one scale"):
        Scale("Mixed", (Status.GREEN, Scale.four_level().worst))
    with pytest.raises(InvalidStatusError, match="strictly increase"):
        Scale("Backwards", (Status.RED, Status.GREEN))
    with pytest.raises(InvalidStatusError, match="rated status"):
        Scale("NA", (Status.NOT_RATED,))


@pytest.mark.parametrize(
    "status", [Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED, Status.BLUE]
)
def test_pickles(status: Status) -> None:
    """Statuses survive pickling equal and with the same hash."""
    copy = pickle.loads(pickle.dumps(status))
    assert copy == status
    assert hash(copy) == hash(status)


def test_str_and_repr() -> None:
    """str is the label; repr names the scale."""
    assert str(Status.AMBER) == "Amber"
    assert str(Status.NOT_RATED) == "N/A"
    assert repr(Status.RED) == "<Status Red (RAG)>"
    assert repr(Status.NOT_RATED) == "<Status N/A>"
