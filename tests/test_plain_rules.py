"""Scales with any labels and rules as plain data (issue 12, item 4): presets, parsing, from_dict."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from kpirag import (
    EdgeSide,
    InvalidRulesError,
    InvalidStatusError,
    RuleProblem,
    Scale,
    Scheme,
    Status,
    Step,
    Tolerance,
    Trend,
    ValueTypeError,
    classify,
)

untyped_scale: Any = Scale  # wrong calls on purpose
untyped_scheme: Any = Scheme
G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
NEEDS_A_NAME = "a scale needs a name (or a preset)"


@pytest.mark.parametrize(
    ("preset", "labels"),
    [
        ("achieved", ["Achieved", "Not achieved"]),
        ("met_or_not", ["Met", "Not met"]),
        ("on_track", ["On track", "Monitor", "Off track"]),
        ("rag", ["Green", "Amber", "Red"]),
        ("rag_with_blue_complete", ["Blue", "Green", "Amber", "Red"]),
        ("rag_with_blue_exceeding", ["Blue", "Green", "Amber", "Red"]),
        ("delivery_confidence", ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]),
        ("four_level", ["Green", "Green-Amber", "Red-Amber", "Red"]),
    ],
)
def test_presets(preset: str, labels: list[str]) -> None:
    """Each preset is reachable by name (any case, spaces or hyphens) and has its labels."""
    for name in (preset, preset.replace("_", " ").title(), preset.replace("_", "-").upper()):
        scale = Scale.preset(name)
        assert [status.label for status in scale.levels] == labels
        assert scale is getattr(Scale, preset)()
    assert preset in Scale.preset_names()


def test_blue_means_different_things() -> None:
    """Blue is 'complete' in one preset and 'exceeding target' in another: distinct statuses."""
    complete, exceeding = Scale.rag_with_blue_complete(), Scale.rag_with_blue_exceeding()
    assert complete.parse("Complete") is Status.BLUE
    assert exceeding.parse("Exceeding") is Status.BLUE_EXCEEDING
    assert exceeding.parse("blue") is Status.BLUE_EXCEEDING
    assert Status.BLUE != Status.BLUE_EXCEEDING
    assert Status.BLUE_EXCEEDING < Status.GREEN
    with pytest.raises(InvalidStatusError):
        exceeding.parse("Complete")
    with pytest.raises(InvalidStatusError):
        complete.parse("Exceeded")
    assert Scale.rag_with_blue() is complete


@pytest.mark.parametrize(
    ("scale", "text", "label"),
    [
        (Scale.achieved(), "Achieved", "Achieved"),
        (Scale.achieved(), "not achieved.", "Not achieved"),
        (Scale.achieved(), "NOT  ACHIEVED", "Not achieved"),
        (Scale.met_or_not(), "Met!", "Met"),
        (Scale.met_or_not(), "not met;", "Not met"),
        (Scale.on_track(), "on track.", "On track"),
        (Scale.on_track(), "Monitor*", "Monitor"),
        (Scale.on_track(), " OFF TRACK ", "Off track"),
        (Scale.rag(), "Green.", "Green"),
        (Scale.rag(), "a.", "Amber"),
        (Scale.rag(), "N/A.", "N/A"),
        (Scale.rag(), "n.a.", "N/A"),
    ],
)
def test_status_parsing_ignores_case_and_trailing_punctuation(
    scale: Scale, text: str, label: str
) -> None:
    """Recorded statuses match a scale's labels ignoring case, spacing and trailing punctuation."""
    assert scale.parse(text).label == label


@pytest.mark.parametrize(
    ("scale", "text"),
    [(Scale.achieved(), "Achieve"), (Scale.on_track(), "On-track"), (Scale.met_or_not(), "Met?x")],
)
def test_other_spellings_are_refused(scale: Scale, text: str) -> None:
    """Spellings that are not a label (beyond case and trailing punctuation) are refused."""
    with pytest.raises(InvalidStatusError):
        scale.parse(text)


def test_pass_fail_scheme() -> None:
    """A two-level scheme: met gives the best level, missed the worst."""
    scheme = Scheme.pass_fail(Scale.achieved())
    assert [str(classify(v, "A minimum of 85%.", scheme)) for v in (85, 84.99, 100)] == [
        "Achieved",
        "Not achieved",
        "Achieved",
    ]
    assert Scheme.pass_fail() == scheme
    assert str(classify(2, "no more than 3", Scheme.pass_fail(Scale.met_or_not()))) == "Met"


def test_scale_from_dict() -> None:
    """A scale from plain data: labels, or tables with abbreviation, colour and aliases."""
    scale = Scale.from_dict(
        {
            "name": "Council",
            "levels": [
                "On track",
                {
                    "label": "At risk",
                    "abbreviation": "AR",
                    "colour": "#ffeb9c",
                    "aliases": ["concern"],
                },
                {"label": "Off track", "aliases": "late"},
            ],
        }
    )
    assert [level.label for level in scale.levels] == ["On track", "At risk", "Off track"]
    assert scale.parse("ar") is scale.parse("Concern.") is scale.levels[1]
    assert scale.parse("LATE") is scale.levels[2]
    assert scale.levels[1].colour == "#ffeb9c"
    assert scale == Scale.from_dict(
        {
            "name": "Council",
            "levels": [
                "On track",
                {
                    "label": "At risk",
                    "abbreviation": "AR",
                    "colour": "#ffeb9c",
                    "aliases": ["concern"],
                },
                {"label": "Off track", "aliases": ["late"]},
            ],
        }
    )
    assert Scale.from_dict({"preset": "Achieved"}) is Scale.achieved()


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ("rag", ["(top level): expected a table, not str"]),
        ({}, ["name: a scale needs a name (or a preset)", "levels: expected a list of levels, best first"]),
        ({"preset": "traffic"}, ["preset: expected one of 'rag', "]),
        ({"preset": "rag", "levels": ["x"]}, ["levels: a preset takes no other keys"]),
        ({"name": "C", "levels": ["A", 5, {"colour": 1}], "colours": []}, ["colours: unknown key", "levels[1]: expected a table, not int", "levels[2].colour: expected text, not int", "levels[2].label: a level needs a label"]),
        ({"name": "C", "levels": ["Done", "done."]}, ["levels: the spelling 'done' names both 'Done' and 'done.'"]),
        ({"name": "C", "levels": [{"label": "A", "aliases": ["x", 2]}]}, ["levels[0].aliases[1]: expected text, not int"]),
    ],
)  # fmt: skip
def test_scale_from_dict_reports_every_bad_entry(data: Any, problems: list[str]) -> None:
    """Every bad entry of a scale is reported, each with its key path."""
    with pytest.raises(InvalidRulesError) as info:
        Scale.from_dict(data, path=())
    shown = [str(problem) for problem in info.value.problems]
    assert len(shown) == len(problems), shown
    for found, expected in zip(shown, problems, strict=True):
        assert found.startswith(expected), (found, expected)


def test_key_paths_are_prefixed() -> None:
    """The path argument places problems in the whole file: scales.council.levels[0]."""
    with pytest.raises(InvalidRulesError) as info:
        Scale.from_dict({"name": "C", "levels": [3]}, path=("scales", "council"))
    (problem,) = info.value.problems
    assert problem.path == ("scales", "council", "levels", 0)
    assert problem.key == "scales.council.levels[0]"
    assert problem.value == 3
    assert (
        str(info.value)
        == "1 problem in the rules\n  scales.council.levels[0]: expected a table, not int"
    )
    assert pickle.loads(pickle.dumps(info.value)).problems == info.value.problems


COUNCIL = {
    "steps": [{"within": "10%", "status": "Amber"}],
    "beyond_by_trend": {"improved": "Amber"},
    "when_no_previous": "N/A",
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"tolerance": "10%"}, Scheme.standard("10%")),
        ({"tolerance": "none"}, Scheme.standard("none")),
        ({}, Scheme(G, [], R)),
        ({"scale": "achieved"}, Scheme.pass_fail(Scale.achieved())),
        ({"scale": "On track", "tolerance": "5pt"}, Scheme(Scale.on_track().best, [Step(Tolerance.absolute(5), Scale.on_track().levels[1])], Scale.on_track().worst)),
        ({"steps": [{"within": "5%", "status": "amber", "edge": "exclusive"}]}, Scheme(G, [Step(Tolerance.relative(5), A, edge_side=EdgeSide.EXCLUSIVE)], R)),
        ({"steps": [{"within": "10%", "status": "G"}, {"within": "20%", "status": "A", "trend": ["improved", "unchanged"]}], "beyond": "Red"}, Scheme(G, [Step(Tolerance.relative(10), G), Step(Tolerance.relative(20), A, trend=[Trend.IMPROVED, Trend.UNCHANGED])], R)),
        (COUNCIL, Scheme(G, [Step(Tolerance.relative(10), A)], R, beyond_by_trend={Trend.IMPROVED: A}, when_no_previous=NA)),
        ({**COUNCIL, "when_no_previous": "improved"}, Scheme(G, [Step(Tolerance.relative(10), A)], R, beyond_by_trend={Trend.IMPROVED: A}, when_no_previous=Trend.IMPROVED)),
        ({**COUNCIL, "when_no_previous": "ignore"}, Scheme(G, [Step(Tolerance.relative(10), A)], R, beyond_by_trend={Trend.IMPROVED: A})),
        ({"scale": {"name": "Council", "levels": ["Good", "Poor"]}}, Scheme.pass_fail(Scale.define("Council", ["Good", "Poor"]))),
    ],
)  # fmt: skip
def test_scheme_from_dict_builds_the_python_objects(data: dict[str, Any], expected: Scheme) -> None:
    """Plain data builds the same scheme as the Python API."""
    assert Scheme.from_dict(data) == expected


def test_scheme_from_dict_with_the_files_scales() -> None:
    """A scheme names a scale of the same file through scales=."""
    council = Scale.define("Council", ["Good", "Watch", "Poor"])
    scheme = Scheme.from_dict({"scale": "council", "tolerance": "10%"}, scales={"Council": council})
    assert scheme == Scheme(
        council.best, [Step(Tolerance.relative(10), council.levels[1])], council.worst
    )


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ({"scale": "traffic"}, ["scale: expected one of 'rag'"]),
        ({"scale": 3}, ["scale: expected a scale's name or a table, not int"]),
        ({"tolerance": "10%", "steps": []}, ["tolerance: give a tolerance or steps, not both"]),
        ({"scale": "achieved", "tolerance": "10%"}, ["tolerance: the Achieved scale has no middle level"]),
        ({"tolerance": 10}, ["tolerance: expected tolerance text such as '10%' or '5pt', not int"]),
        ({"steps": [{"within": "ten", "status": "Purple", "edge": "open", "trend": ["better", 2]}, {"colour": 1}], "met": "N/A", "beyond_by_trend": {"sideways": "Amber"}, "when_no_previous": 5, "extra": 1},
         ["extra: unknown key", "met: expected a rated status", "steps[0].within: expected a relative tolerance", "steps[0].status: expected one of 'Green'", "steps[0].edge: expected 'inclusive' or 'exclusive'", "steps[0].trend[1]: expected text, not int", "steps[0].trend: expected 'improved', 'unchanged' or 'worse'", "steps[1].colour: unknown key", "steps[1].within: a step needs it", "steps[1].status: a step needs it", "beyond_by_trend.sideways: expected 'improved'", "when_no_previous: expected 'ignore', a trend or a status label"]),
        ({"steps": "10%"}, ["steps: expected a list of steps"]),
        ({"steps": [{"within": "10%", "status": "Red"}], "beyond": "Amber"}, ["(top level): a larger miss must never get a better status"]),
        ({"beyond_by_trend": "improved"}, ["beyond_by_trend: expected a table of trend = status"]),
    ],
)  # fmt: skip
def test_scheme_from_dict_reports_every_bad_entry(
    data: dict[str, Any], problems: list[str]
) -> None:
    """Every bad entry of a scheme is reported, each with its key path."""
    with pytest.raises(InvalidRulesError) as info:
        Scheme.from_dict(data)
    shown = [str(problem) for problem in info.value.problems]
    assert len(shown) == len(problems), shown
    for expected in problems:
        assert any(found.startswith(expected) for found in shown), (expected, shown)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: untyped_scale.preset(3), ValueTypeError),
        (lambda: untyped_scale.from_dict({}, path=5), ValueTypeError),
        (lambda: untyped_scheme.from_dict({}, scales=[1]), ValueTypeError),
        (lambda: untyped_scheme.pass_fail("achieved"), ValueTypeError),
        (lambda: untyped_scheme.from_dict([]), InvalidRulesError),
    ],
)
def test_wrong_types(call: Any, error: type[Exception]) -> None:
    """Wrong types to the plain-data constructors are our errors."""
    with pytest.raises(error):
        call()


def test_rule_problem_key() -> None:
    """A RuleProblem names its entry with a dotted key path and [index] for lists."""
    assert (
        RuleProblem(("schemes", "default", "steps", 0, "within"), "x").key
        == "schemes.default.steps[0].within"
    )
    assert RuleProblem((), "x").key == "(top level)"
    assert RuleProblem((0, "a"), "x").key == "[0].a"


@pytest.mark.parametrize(
    ("build", "data", "problem"),
    [
        # A None where text is due was skipped without a problem: a bare AssertionError
        # escaped from Scheme.from_dict, and Scale.from_dict said only "no scale".
        (
            Scheme.from_dict,
            {"scale": {"preset": None}},
            (("scale", "preset"), "expected text, not NoneType", None),
        ),
        (
            Scheme.from_dict,
            {"scale": {"name": None, "levels": ["A"]}},
            (("scale", "name"), "expected text, not NoneType", None),
        ),
        (Scale.from_dict, {"preset": None}, (("preset",), "expected text, not NoneType", None)),
        # A blank name built Scale("") whose levels belonged to a scale called "?".
        (Scale.from_dict, {"name": "", "levels": ["A"]}, (("name",), NEEDS_A_NAME, "")),
        (
            Scheme.from_dict,
            {"scale": {"name": " ", "levels": ["A"]}},
            (("scale", "name"), NEEDS_A_NAME, " "),
        ),
        # A level written as text is reported as that text, not as {"label": ...}.
        (
            Scale.from_dict,
            {"name": "x", "levels": [" "]},
            (("levels", 0), "expected a non-empty name", " "),
        ),
    ],
)
def test_bad_scale_entries_are_reported_where_they_are(
    build: Any, data: dict[str, object], problem: tuple[object, ...]
) -> None:
    """A None or blank where a scale needs text is one problem at its key, never a crash."""
    with pytest.raises(InvalidRulesError) as caught:
        build(data)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [problem]
