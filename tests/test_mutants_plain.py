"""Cases mutation testing found the suite silent on: kpirag.rules._plain (see docs/testing.md)."""

from __future__ import annotations

from typing import Any

import pytest

from kpirag import (
    EdgeSide,
    InvalidRulesError,
    InvalidSchemeError,
    RuleProblem,
    Scale,
    Scheme,
    Status,
    Step,
    Tolerance,
    Trend,
)
from kpirag.rules._plain import scale_from_dict, scheme_from_dict

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
IMPROVED, UNCHANGED, WORSE = Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSE
SCALE_AT = ("scales", "council")
SCHEME_AT = ("schemes", "default")

PRESETS = (
    "expected one of 'rag', 'rag_with_blue', 'rag_with_blue_complete', "
    "'rag_with_blue_exceeding', 'delivery_confidence', 'four_level', 'achieved', "
    "'met_or_not', 'on_track'"
)
RAG_LABELS = (
    "expected one of 'Green', 'Amber', 'Red', 'N/A' on the RAG scale "
    "(abbreviations and case are accepted)"
)
TOLERANCE_TEXT = (
    "expected a relative tolerance such as '10%', an absolute one such as '5pt', or 'none'"
)
C_LABELS = "expected one of 'A', 'B', 'N/A' on the C scale (abbreviations and case are accepted)"
TREND_WORDS = "expected 'improved', 'unchanged' or 'worse'"
EDGE_WORDS = "expected 'inclusive' or 'exclusive'"
SCALE_KEYS = "unknown key; expected one of preset, name, levels"
LEVEL_KEYS = "unknown key; expected one of label, abbreviation, colour, aliases"
SCHEME_KEYS = (
    "unknown key; expected one of scale, tolerance, met, steps, beyond, beyond_by_trend, "
    "when_no_previous"
)
STEP_KEYS = "unknown key; expected one of within, status, edge, trend"

Problem = tuple[tuple[str | int, ...], str, object]
"""A problem as (key path below the data's own path, message, value)."""


def _problems(call: Any, data: object, at: tuple[str | int, ...], **options: Any) -> Any:
    """The problems ``call(data, path=at)`` reports, with ``at`` checked and stripped off."""
    with pytest.raises(InvalidRulesError) as caught:
        call(data, path=at, **options)
    found = []
    for problem in caught.value.problems:
        assert type(problem) is RuleProblem
        assert problem.path[: len(at)] == at, problem
        found.append((problem.path[len(at) :], problem.message, problem.value))
    return found


# --- Scale.from_dict: bad entries -----------------------------------------------------------

MIXED_LEVELS = [
    "A",
    5,
    {"colour": 1},
    {"label": "B", "shade": "x"},
    {"label": 2},
    {"label": "D", "abbreviation": 3, "aliases": "d"},
    {"label": "E", "aliases": ("e",)},
    {"label": "F", "aliases": ["f", None]},
]

SCALE_PROBLEMS: list[tuple[object, list[Problem]]] = [
    ("rag", [((), "expected a table, not str", "rag")]),
    (["A"], [((), "expected a table, not list", ["A"])]),
    (
        {},
        [
            (("name",), "a scale needs a name (or a preset)", None),
            (("levels",), "expected a list of levels, best first", None),
        ],
    ),
    ({"levels": ["A"]}, [(("name",), "a scale needs a name (or a preset)", None)]),
    ({"name": "C"}, [(("levels",), "expected a list of levels, best first", None)]),
    ({"name": "C", "levels": []}, [(("levels",), "expected a list of levels, best first", [])]),
    ({"name": "C", "levels": "A"}, [(("levels",), "expected a list of levels, best first", "A")]),
    ({"name": "C", "levels": 5}, [(("levels",), "expected a list of levels, best first", 5)]),
    # a name that is there but not text is one problem, not also a missing name
    ({"name": 5, "levels": ["A"]}, [(("name",), "expected text, not int", 5)]),
    ({"name": "C", "levels": ["A"], 1: "x"}, [(("1",), SCALE_KEYS, "x")]),
    ({"name": "C", "levels": ["A"], "extra": 1}, [(("extra",), SCALE_KEYS, 1)]),
    (
        {"name": "C", "levels": MIXED_LEVELS},
        [
            (("levels", 1), "expected a table, not int", 5),
            (("levels", 2, "colour"), "expected text, not int", 1),
            (("levels", 2, "label"), "a level needs a label", None),
            (("levels", 3, "shade"), LEVEL_KEYS, "x"),
            # a label that is there but not text is one problem, not also a missing label
            (("levels", 4, "label"), "expected text, not int", 2),
            (("levels", 5, "abbreviation"), "expected text, not int", 3),
            (("levels", 6, "aliases"), "expected text or a list of text, not tuple", ("e",)),
            (("levels", 7, "aliases", 1), "expected text, not NoneType", None),
        ],
    ),
    (
        {"name": "C", "levels": ["Done", "done."]},
        [(("levels",), "the spelling 'done' names both 'Done' and 'done.'", ["Done", "done."])],
    ),
    (
        {"name": "C", "levels": ["A", {"label": " "}]},
        [(("levels", 1), "expected a non-empty name", {"label": " "})],
    ),
    (
        {"preset": "rag", "name": "x", "levels": ["y"]},
        [
            (("name",), "a preset takes no other keys", "x"),
            (("levels",), "a preset takes no other keys", ["y"]),
        ],
    ),
    ({"preset": "rag", "levels": ["y"]}, [(("levels",), "a preset takes no other keys", ["y"])]),
    ({"preset": 3}, [(("preset",), "expected text, not int", 3)]),
    ({"preset": "traffic"}, [(("preset",), PRESETS, "traffic")]),
    # an explicit None (no TOML value, but a Python dict can hold it) is not text
    ({"preset": None}, [(("preset",), "expected text, not NoneType", None)]),
    ({"name": None, "levels": ["A"]}, [(("name",), "expected text, not NoneType", None)]),
    ({"name": "", "levels": ["A"]}, [(("name",), "a scale needs a name (or a preset)", "")]),
    ({"name": " ", "levels": ["A"]}, [(("name",), "a scale needs a name (or a preset)", " ")]),
    (
        {"name": "x", "levels": ["A", {"label": None}]},
        [(("levels", 1, "label"), "a level needs a label", None)],
    ),
]


@pytest.mark.parametrize(("data", "expected"), SCALE_PROBLEMS)
def test_scale_problems(data: object, expected: list[Problem]) -> None:
    """Every bad entry of a scale: its exact key path, message and value, in order."""
    assert _problems(Scale.from_dict, data, SCALE_AT) == expected


def test_scale_problems_message() -> None:
    """The error lists every problem under a count, each with its dotted key path."""
    with pytest.raises(InvalidRulesError) as caught:
        Scale.from_dict({"name": "C", "levels": ["A", 5, {"label": "B", "x": 1}]}, path=SCALE_AT)
    assert str(caught.value) == (
        "2 problems in the rules\n"
        "  scales.council.levels[1]: expected a table, not int\n"
        f"  scales.council.levels[2].x: {LEVEL_KEYS}"
    )


# --- Scale.from_dict: good scales -----------------------------------------------------------

COUNCIL_DATA = {
    "name": "Council",
    "levels": [
        "Good",
        {
            "label": "Watch",
            "abbreviation": "W",
            "colour": "#ffeb9c",
            "aliases": ["amber-ish", "at risk"],
        },
        {"label": "Poor", "aliases": "bad"},
    ],
}
COUNCIL = Scale(
    "Council",
    (
        Status("Good", 0, "Council", None, frozenset(), "#ffffff"),
        Status("Watch", 1, "Council", "W", frozenset({"amber-ish", "at risk"}), "#ffeb9c"),
        Status("Poor", 2, "Council", None, frozenset({"bad"}), "#ffffff"),
    ),
)


def test_scale_with_levels() -> None:
    """Levels best first become statuses ranked 0, 1, 2... with their abbreviation, colour, aliases."""
    scale = Scale.from_dict(COUNCIL_DATA, path=SCALE_AT)
    assert scale == COUNCIL
    for level, expected in zip(scale.levels, COUNCIL.levels, strict=True):
        assert (level.label, level.severity, level.scale) == (
            expected.label,
            expected.severity,
            expected.scale,
        )
        assert (level.abbreviation, level.aliases, level.colour, level.rated) == (
            expected.abbreviation,
            expected.aliases,
            expected.colour,
            True,
        )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("On-Track", Scale.on_track()), ("achieved", Scale.achieved()), ("RAG", Scale.rag())],
)
def test_scale_preset(name: str, expected: Scale) -> None:
    """A preset is named in any case or spelling and is that very scale."""
    assert Scale.from_dict({"preset": name}, path=SCALE_AT) is expected


def test_scale_from_dict_default_path() -> None:
    """Without a path, problems sit at the top level."""
    with pytest.raises(InvalidRulesError) as caught:
        scale_from_dict(5)
    assert caught.value.problems == (RuleProblem((), "expected a table, not int", 5),)
    with pytest.raises(InvalidRulesError) as caught:
        scale_from_dict({"name": "x"})
    assert caught.value.problems == (
        RuleProblem(("levels",), "expected a list of levels, best first", None),
    )


# --- Scheme.from_dict: bad entries ----------------------------------------------------------

BAD_STEPS = [
    5,
    {"edge": "exclusive"},
    {"within": 10, "status": 3, "edge": 1, "trend": 2},
    {"within": "ten", "status": "Purple", "edge": "open", "trend": ["better", 2]},
    {"within": "10%", "status": "N/A", "colour": "x"},
]
BAD_TRENDS = {"sideways": "Amber", "improved": "Purple", "worse": 3, 1: "Amber", "unchanged": "N/A"}

SCHEME_PROBLEMS: list[tuple[object, list[Problem]]] = [
    ("x", [((), "expected a table, not str", "x")]),
    ({"extra": 1}, [(("extra",), SCHEME_KEYS, 1)]),
    ({"scale": 3}, [(("scale",), "expected a scale's name or a table, not int", 3)]),
    ({"scale": "traffic"}, [(("scale",), PRESETS, "traffic")]),
    (
        {"scale": {"name": "C", "levels": 5}},
        [(("scale", "levels"), "expected a list of levels, best first", 5)],
    ),
    # a scale table with a stray key still gives its labels to the rest of the scheme
    (
        {"scale": {"name": "C", "levels": ["A", "B"], "x": 1}, "met": "Z"},
        [
            (("scale", "x"), SCALE_KEYS, 1),
            (("met",), C_LABELS, "Z"),
        ],
    ),
    (
        {"met": 3, "beyond": 4},
        [
            (("met",), "expected a status label, not int", 3),
            (("beyond",), "expected a status label, not int", 4),
        ],
    ),
    (
        {"met": "Purple", "beyond": "n/a"},
        [(("met",), RAG_LABELS, "Purple"), (("beyond",), "expected a rated status", "n/a")],
    ),
    ({"met": "N/A"}, [(("met",), "expected a rated status", "N/A")]),
    ({"beyond": "Purple"}, [(("beyond",), RAG_LABELS, "Purple")]),
    (
        {"beyond_by_trend": BAD_TRENDS},
        [
            (("beyond_by_trend", "sideways"), TREND_WORDS, "sideways"),
            (("beyond_by_trend", "improved"), RAG_LABELS, "Purple"),
            (("beyond_by_trend", "worse"), "expected a status label, not int", 3),
            (("beyond_by_trend", "1"), TREND_WORDS, 1),
            (("beyond_by_trend", "unchanged"), "expected a rated status", "N/A"),
        ],
    ),
    (
        {"beyond_by_trend": ["improved"]},
        [(("beyond_by_trend",), "expected a table of trend = status", ["improved"])],
    ),
    (
        {"when_no_previous": 5},
        [(("when_no_previous",), "expected 'ignore', a trend or a status label", 5)],
    ),
    ({"when_no_previous": "Purple"}, [(("when_no_previous",), RAG_LABELS, "Purple")]),
    (
        {"tolerance": "10%", "steps": []},
        [(("tolerance",), "give a tolerance or steps, not both", "10%")],
    ),
    (
        {"tolerance": 10},
        [(("tolerance",), "expected tolerance text such as '10%' or '5pt', not int", 10)],
    ),
    ({"tolerance": "ten"}, [(("tolerance",), TOLERANCE_TEXT, "ten")]),
    (
        {"scale": "achieved", "tolerance": "10%"},
        [
            (
                ("tolerance",),
                "the Achieved scale has no middle level for a tolerance; write steps",
                "10%",
            )
        ],
    ),
    (
        {"scale": "met or not", "tolerance": "5pt"},
        [
            (
                ("tolerance",),
                "the Met or not scale has no middle level for a tolerance; write steps",
                "5pt",
            )
        ],
    ),
    ({"steps": "10%"}, [(("steps",), "expected a list of steps", "10%")]),
    ({"steps": {"within": "10%"}}, [(("steps",), "expected a list of steps", {"within": "10%"})]),
    (
        {"steps": BAD_STEPS},
        [
            (("steps", 0), "expected a table, not int", 5),
            (("steps", 1, "within"), "a step needs it", None),
            (("steps", 1, "status"), "a step needs it", None),
            (
                ("steps", 2, "within"),
                "expected tolerance text such as '10%' or '5pt', not int",
                10,
            ),
            (("steps", 2, "status"), "expected a status label, not int", 3),
            (("steps", 2, "edge"), EDGE_WORDS, 1),
            (("steps", 2, "trend"), "expected text or a list of text, not int", 2),
            (("steps", 3, "within"), TOLERANCE_TEXT, "ten"),
            (("steps", 3, "status"), RAG_LABELS, "Purple"),
            (("steps", 3, "edge"), EDGE_WORDS, "open"),
            (("steps", 3, "trend", 1), "expected text, not int", 2),
            (("steps", 3, "trend"), TREND_WORDS, "better"),
            (("steps", 4, "colour"), STEP_KEYS, "x"),
            (("steps", 4, "status"), "expected a rated status", "N/A"),
        ],
    ),
    # one bad part of a step is one problem: the step is not built with the rest
    ({"steps": [{"status": "Amber"}]}, [(("steps", 0, "within"), "a step needs it", None)]),
    ({"steps": [{"within": "10%"}]}, [(("steps", 0, "status"), "a step needs it", None)]),
    (
        {"steps": [{"within": "10%", "status": "Amber", "edge": "open"}]},
        [(("steps", 0, "edge"), EDGE_WORDS, "open")],
    ),
    (
        {"steps": [{"within": "10%", "status": "Amber", "trend": "sideways"}]},
        [(("steps", 0, "trend"), TREND_WORDS, "sideways")],
    ),
    (
        {
            "steps": [
                {"within": "10%", "status": "Amber"},
                {"within": "20%", "status": "Amber", "trend": ["improved", 5]},
            ]
        },
        [(("steps", 1, "trend", 1), "expected text, not int", 5)],
    ),
    (
        {"steps": [{"within": "10%", "status": "Amber", "trend": []}]},
        [
            (
                ("steps", 0),
                "expected at least one trend",
                {"within": "10%", "status": "Amber", "trend": []},
            )
        ],
    ),
    (
        {"steps": [{"within": "10%", "status": "Amber", "trend": 5}]},
        [
            (("steps", 0, "trend"), "expected text or a list of text, not int", 5),
            (
                ("steps", 0),
                "expected at least one trend",
                {"within": "10%", "status": "Amber", "trend": 5},
            ),
        ],
    ),
]


@pytest.mark.parametrize(("data", "expected"), SCHEME_PROBLEMS)
def test_scheme_problems(data: object, expected: list[Problem]) -> None:
    """Every bad entry of a scheme: its exact key path, message and value, in order."""
    assert _problems(Scheme.from_dict, data, SCHEME_AT) == expected


@pytest.mark.parametrize(
    ("scales", "extra"),
    [
        ({"Council": COUNCIL, "Other": COUNCIL}, "; or a scale of the file: 'Council', 'Other'"),
        ({"Council": COUNCIL}, "; or a scale of the file: 'Council'"),
        ({}, ""),
        (None, ""),
    ],
)
def test_unknown_scale_names_the_files_scales(scales: Any, extra: str) -> None:
    """An unknown scale name lists the presets, then the file's own scales if it has any."""
    found = _problems(Scheme.from_dict, {"scale": "traffic"}, SCHEME_AT, scales=scales)
    assert found == [(("scale",), PRESETS + extra, "traffic")]


def test_scheme_that_cannot_be_built() -> None:
    """Entries that read well but make no scheme are one problem at the scheme's own path."""
    data = {"steps": [{"within": "10%", "status": "Red"}], "beyond": "Amber"}
    with pytest.raises(InvalidRulesError) as caught:
        Scheme.from_dict(data, path=SCHEME_AT)
    assert caught.value.problems == (
        RuleProblem(SCHEME_AT, "a larger miss must never get a better status", data),
    )
    assert type(caught.value.__cause__) is InvalidSchemeError
    assert str(caught.value) == (
        "1 problem in the rules\n  schemes.default: a larger miss must never get a better status"
    )


def test_scheme_from_dict_defaults() -> None:
    """Without a path problems sit at the top level; without scales only presets are known."""
    with pytest.raises(InvalidRulesError) as caught:
        scheme_from_dict(5)
    assert caught.value.problems == (RuleProblem((), "expected a table, not int", 5),)
    with pytest.raises(InvalidRulesError) as caught:
        scheme_from_dict({"scale": "traffic"})
    assert caught.value.problems == (RuleProblem(("scale",), PRESETS, "traffic"),)
    assert scheme_from_dict({}) == Scheme(G, [], R)


# --- Scheme.from_dict: good schemes ---------------------------------------------------------

WATCH = COUNCIL.levels[1]
OTHER = Scale.define("Other", ["Fine", "Not fine"])
BLUE_SCALE = Scale.rag_with_blue()
FIVE = Scale.delivery_confidence()
TREND_STEPS = [
    {"within": "5%", "status": "amber", "edge": " EXCLUSIVE "},
    {"within": "10%", "status": "Amber", "trend": "Improved"},
    {"within": "20%", "status": "A", "trend": ["improved", "unchanged", "worse"]},
    {"within": "30%", "status": "A", "trend": ["unchanged", "improved"], "edge": "inclusive"},
]


@pytest.mark.parametrize(
    ("data", "scales", "expected"),
    [
        ({}, None, Scheme(G, [], R)),
        ({"tolerance": "none"}, None, Scheme(G, [], R)),
        ({"tolerance": "10%"}, None, Scheme(G, [Step(Tolerance.relative(10), A)], R)),
        # the scale's second level is the tolerance band, whatever the scale
        (
            {"scale": "rag with blue", "tolerance": "10%"},
            None,
            Scheme(Status.BLUE, [Step(Tolerance.relative(10), G)], R),
        ),
        (
            {"scale": "on track", "tolerance": "5pt"},
            None,
            Scheme(
                Scale.on_track().best,
                [Step(Tolerance.absolute(5), Scale.on_track().levels[1])],
                Scale.on_track().worst,
            ),
        ),
        (
            {"scale": "achieved", "tolerance": "none"},
            None,
            Scheme(Scale.achieved().best, [], Scale.achieved().worst),
        ),
        # file scales: exact name first, then any case, and before the presets
        ({"scale": "Council"}, {"Council": COUNCIL}, Scheme(COUNCIL.best, [], COUNCIL.worst)),
        ({"scale": "COUNCIL"}, {"Council": COUNCIL}, Scheme(COUNCIL.best, [], COUNCIL.worst)),
        (
            {"scale": "council", "tolerance": "10%"},
            {"Council": OTHER, "council": COUNCIL},
            Scheme(COUNCIL.best, [Step(Tolerance.relative(10), WATCH)], COUNCIL.worst),
        ),
        ({"scale": "rag"}, {"RAG": COUNCIL}, Scheme(COUNCIL.best, [], COUNCIL.worst)),
        ({}, {"RAG": OTHER, "rag": COUNCIL}, Scheme(COUNCIL.best, [], COUNCIL.worst)),
        ({"scale": "Achieved"}, {"Council": COUNCIL}, Scheme.pass_fail(Scale.achieved())),
        ({"scale": COUNCIL_DATA}, None, Scheme(COUNCIL.best, [], COUNCIL.worst)),
        (
            {
                "scale": "delivery confidence",
                "met": "A/G",
                "steps": [{"within": "10%", "status": "Amber"}],
                "beyond": "Amber/Red",
            },
            None,
            Scheme(FIVE.levels[1], [Step(Tolerance.relative(10), FIVE.levels[2])], FIVE.levels[3]),
        ),
        (
            {"steps": TREND_STEPS, "beyond": "Red"},
            None,
            Scheme(
                G,
                [
                    Step(Tolerance.relative(5), A, edge_side=EdgeSide.EXCLUSIVE),
                    Step(Tolerance.relative(10), A, trend=IMPROVED),
                    Step(Tolerance.relative(20), A),
                    Step(Tolerance.relative(30), A, trend=[IMPROVED, UNCHANGED]),
                ],
                R,
            ),
        ),
        (
            {"steps": [{"within": "5%", "status": "Amber"}], "beyond_by_trend": {}},
            None,
            Scheme(G, [Step(Tolerance.relative(5), A)], R),
        ),
        (
            {"beyond_by_trend": {"Improved": "amber", "unchanged": "Red"}},
            None,
            Scheme(G, [], R, beyond_by_trend={IMPROVED: A, UNCHANGED: R}),
        ),
    ],
)
def test_scheme_from_dict(data: Any, scales: Any, expected: Scheme) -> None:
    """Plain data builds exactly the scheme the Python API does."""
    scheme = Scheme.from_dict(data, scales=scales, path=SCHEME_AT)
    assert scheme == expected
    assert scheme.steps == expected.steps
    assert scheme.met == expected.met
    assert scheme.beyond == expected.beyond


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (None, None),
        ("ignore", None),
        (" Ignore ", None),
        ("NONE", None),
        ("skip", None),
        ("Worse", WORSE),
        (" unchanged ", UNCHANGED),
        ("improved", IMPROVED),
        ("Amber", A),
        ("n/a", NA),
        ("N/A", NA),
    ],
)
def test_when_no_previous(when: str | None, expected: Trend | Status | None) -> None:
    """'ignore' (or none, skip), a trend word or a status label, N/A included."""
    data = {"beyond_by_trend": {"improved": "Amber"}, "when_no_previous": when}
    scheme = Scheme.from_dict(data, path=SCHEME_AT)
    assert scheme == Scheme(G, [], R, beyond_by_trend={IMPROVED: A}, when_no_previous=expected)
    assert scheme.when_no_previous is expected
