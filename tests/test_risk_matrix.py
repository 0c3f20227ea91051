"""Risks placed on the matrix: plain-data matrices, published scores checked, errors as data."""

from __future__ import annotations

import ast
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kpirag
from kpirag import (
    InvalidRiskError,
    InvalidRulesError,
    Level,
    LevelScale,
    OutOfRangeError,
    RatingBand,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskRegisterError,
    RiskState,
    RiskTrend,
    Scale,
    ScoreRule,
    Status,
    ValueTypeError,
)

CITY = RiskMatrix.city_of_london()

THREE_BY_THREE = {
    "name": "Council 3x3",
    "likelihood": ["Unlikely", "Possible", "Likely"],
    "impact": {
        "name": "consequence",
        "levels": [{"label": "Minor", "value": 1}, {"label": "Major", "value": 3}],
    },
    "bands": [
        {"low": 1, "high": 2, "status": "Green"},
        {"low": 3, "high": 4, "status": "Amber"},
        {"low": 6, "high": 9, "status": "Red"},
    ],
}


def test_from_dict_builds_what_the_python_api_builds() -> None:
    """A matrix from plain data equals the one built in Python; presets by name."""
    built = RiskMatrix.from_dict(THREE_BY_THREE)
    assert built.impact.name == "consequence"
    assert (built.rule, built.reachable_scores) == (ScoreRule.PRODUCT, (1, 2, 3, 6, 9))
    assert built.score("likely", "Major") == 9
    assert RiskMatrix.from_dict({"preset": "City of London"}) == CITY
    assert RiskMatrix.from_dict({"preset": "nhs 5x5"}) == RiskMatrix.nhs_5x5()
    assert pickle.loads(pickle.dumps(built)) == built
    nhs = RiskMatrix.from_dict(
        {
            "likelihood": ["L1", "L2"],
            "impact": ["I1", "I2"],
            "score": "sum",
            "scale": "NHS risk",
            "bands": [{"low": 2, "high": 3, "status": "Low"}, {"low": 4, "high": 4, "status": "E"}],
        }
    )
    assert nhs.rating(4).label == "Extreme"


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ([], ["risk.matrix: expected a table, not list"]),
        (
            {"preset": "5x5", "name": "x"},
            [
                "risk.matrix.name: a preset takes no other keys",
                "risk.matrix.preset: expected 'city of london' or 'nhs 5x5'",
            ],
        ),
        (
            {**THREE_BY_THREE, "likelihood": ["a", "A"], "score": "max", "extra": 1},
            [
                ("risk.matrix.extra: unknown key; expected one of preset, name, likelihood, "
                "impact, score, bands, scale"),
                "risk.matrix.likelihood: level labels must be unique",
                "risk.matrix.score: expected one of 'product', 'sum'",
            ],
        ),
        (
            {**THREE_BY_THREE, "impact": [{"label": "x", "value": 0}, {"value": True}]},
            [
                "risk.matrix.impact[0].value: expected a whole number of 1 or more",
                "risk.matrix.impact[1].label: a level needs a label",
                "risk.matrix.impact[1].value: expected a whole number of 1 or more",
            ],
        ),
        (
            {**THREE_BY_THREE, "bands": [{"low": 1, "high": "2", "status": "Purple"}]},
            [
                "risk.matrix.bands[0].high: expected a whole number (a score)",
                ("risk.matrix.bands[0].status: expected one of 'Green', 'Amber', 'Red', 'N/A' "
                "on the RAG scale (abbreviations and case are accepted)"),
            ],
        ),
        (
            {**THREE_BY_THREE, "bands": THREE_BY_THREE["bands"][:2]},  # type: ignore[index]
            [("risk.matrix.bands: score 6 is reachable but in no band; "
             "score 9 is reachable but in no band")],
        ),
    ],
)  # fmt: skip
def test_from_dict_reports_every_bad_entry_with_its_key_path(
    data: object, problems: list[str]
) -> None:
    """Every bad entry of a matrix is reported at once, each with its key path."""
    with pytest.raises(InvalidRulesError) as info:
        RiskMatrix.from_dict(data, path=("risk", "matrix"))
    assert [str(problem) for problem in info.value.problems] == problems


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "expected"),
    [
        (3, 4, None, (12, Status.AMBER)),
        ("Possible", "Major", 12, (12, Status.AMBER)),
        ("likely", 8, 32, (32, Status.RED)),
        (None, None, 4, (4, Status.GREEN)),
    ],
)
def test_levels_as_numbers_or_labels_give_score_and_rating(
    likelihood: int | str | None, impact: int | str | None, score: int | None, expected: object
) -> None:
    """Likelihood and impact as numbers or labels; the score and rating are computed."""
    register = RiskRegister(CITY, [Risk("R", "t", likelihood, impact, score=score)])
    (assessed,) = register.assess()
    assert (assessed.score, assessed.rating) == expected


def test_published_score_mismatch_is_a_located_problem_naming_both() -> None:
    """A published score that the levels do not give names both, as data on the error."""
    with pytest.raises(RiskRegisterError) as info:
        RiskRegister(CITY, [Risk("DCCS HS 003", "Fire", "Possible", "Major", score=16)])
    (error,) = info.value.errors
    assert isinstance(error, InvalidRiskError)
    assert (error.subject, error.field, error.value, error.expected) == (
        "Risk 'DCCS HS 003'",
        "score",
        16,
        "12",
    )
    assert str(error) == (
        "Risk 'DCCS HS 003': Invalid score 16: the published score differs: "
        "likelihood Possible (3) and impact Major (4) give 12"
    )


def test_register_errors_carry_their_data() -> None:
    """Each register problem is its own error with field, value and subject, never text."""
    with pytest.raises(RiskRegisterError) as info:
        RiskRegister(
            CITY,
            [
                Risk("A", "x", score=5),
                Risk("A", "y", score=4),
                Risk("D", "v", score=4, target_score=9, previous_score=7),
            ],
        )
    found = [(e.subject, e.field, e.value) for e in info.value.errors]
    assert found == [
        ("Risk 'A'", None, "A"),
        ("Risk 'A'", "score", 5),
        ("Risk 'D'", "target_score", 9),
        ("Risk 'D'", "previous_score", 7),
    ]
    assert isinstance(info.value, InvalidRiskError)


@pytest.mark.parametrize(
    ("build", "field", "subject"),
    [
        (lambda: Risk("X", "t", likelihood=3), "likelihood/impact", "Risk 'X'"),
        (lambda: Risk("X", "t"), "score", "Risk 'X'"),
        (lambda: Risk(" ", "t", score=4), "risk code", None),
        (lambda: Risk("X", "t", score=4, target_date="31/02/17"), "target date", "Risk 'X'"),
    ],
)
def test_risk_raise_sites_carry_data(build: object, field: str, subject: str | None) -> None:
    """Bad risks raise errors whose field and subject are attributes, not only text."""
    with pytest.raises(InvalidRiskError) as info:
        build()  # type: ignore[operator]
    assert (info.value.field, info.value.subject) == (field, subject)


def test_repr_is_short() -> None:
    """A register's repr counts its risks and names its matrix."""
    register = RiskRegister(CITY, [Risk("A", "x", score=4), Risk("B", "y", state=RiskState.CLOSED)])
    assert repr(register) == "RiskRegister(2 risks (1 open, 1 closed), City of London 4x4)"


def _reads_a_message(node: ast.AST, caught: set[str]) -> bool:
    """``str(exc)``, ``f"{exc}"`` or ``exc.args`` on a caught exception."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"str", "repr", "format"}
        and node.args
    ):
        first = node.args[0]
        return isinstance(first, ast.Name) and first.id in caught
    if isinstance(node, ast.FormattedValue):
        return isinstance(node.value, ast.Name) and node.value.id in caught
    if isinstance(node, ast.Attribute) and node.attr == "args":
        return isinstance(node.value, ast.Name) and node.value.id in caught
    return False


@pytest.mark.parametrize("layer", ["risk", "budget"])
def test_no_code_reads_an_exceptions_message_back(layer: str) -> None:
    """No module of the layer turns a caught exception into text; it reads the attributes."""
    folder = Path(kpirag.__file__).parent / layer
    offenders = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        caught = {
            handler.name
            for handler in ast.walk(tree)
            if isinstance(handler, ast.ExceptHandler) and handler.name
        }
        offenders += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if _reads_a_message(node, caught) and hasattr(node, "lineno")
        ]
    assert offenders == []


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (
            {"preset": "5x5", "name": "x"},
            [(("name",), "a preset takes no other keys", "x"),
             (("preset",), "expected 'city of london' or 'nhs 5x5'", "5x5")],
        ),
        ({**THREE_BY_THREE, "likelihood": "a"},
         [(("likelihood",), "expected a list of levels, lowest first", "a")]),
        ({**THREE_BY_THREE, "impact": {"name": "consequence", "levels": []}},
         [(("impact", "levels"), "expected a list of levels, lowest first", [])]),
        (
            {**THREE_BY_THREE, "impact": [{"label": "x", "value": 0}, {"value": True}]},
            [(("impact", 0, "value"), "expected a whole number of 1 or more", 0),
             (("impact", 1, "label"), "a level needs a label", None),
             (("impact", 1, "value"), "expected a whole number of 1 or more", True)],
        ),
        (
            {**THREE_BY_THREE, "bands": [{"low": 1, "high": "2", "status": 5}]},
            [(("bands", 0, "high"), "expected a whole number (a score)", "2"),
             (("bands", 0, "status"), "expected a status label", 5)],
        ),
        ({**THREE_BY_THREE, "bands": "x"},
         [(("bands",), "expected a list of bands: low, high and status", "x")]),
        (
            {**THREE_BY_THREE, "bands": [{"low": 3, "high": 1, "status": "Green"}]},
            [(("bands", 0), "the low end exceeds the high end",
              {"low": 3, "high": 1, "status": "Green"})],
        ),
    ],
)  # fmt: skip
def test_from_dict_problems_keep_their_path_and_the_value_written(
    data: dict[str, object], problems: list[tuple[tuple[str | int, ...], str, object]]
) -> None:
    """Each problem holds its full key path and the value written there, not only its words."""
    with pytest.raises(InvalidRulesError) as info:
        RiskMatrix.from_dict(data, path=("risk", "matrix"))
    found = [(p.path, p.message, p.value) for p in info.value.problems]
    assert found == [(("risk", "matrix", *path), words, value) for path, words, value in problems]


def test_a_matrix_whose_bands_miss_a_score_keeps_the_whole_table() -> None:
    """A matrix refused as a whole (a reachable score in no band) holds the table given."""
    data = {**THREE_BY_THREE, "bands": THREE_BY_THREE["bands"][:2]}  # type: ignore[index]
    with pytest.raises(InvalidRulesError) as info:
        RiskMatrix.from_dict(data)
    [problem] = info.value.problems
    assert (problem.path, problem.value) == (("bands",), data)


@pytest.mark.parametrize("scales", [["x"], "rag", 1])
def test_from_dict_scales_must_be_a_mapping(scales: object) -> None:
    """Scales given other than as a mapping of name to scale are refused, saying so."""
    with pytest.raises(kpirag.ValueTypeError) as info:
        RiskMatrix.from_dict(THREE_BY_THREE, scales=scales)  # type: ignore[arg-type]
    assert str(info.value) == (f"Invalid scales {scales!r}: expected a mapping of name to Scale")


AXIS = LevelScale("likelihood", [("Low", 1), ("High", 2)])


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: LevelScale("x", _junk(5)), kpirag.ValueTypeError, "Invalid levels 5: expected a sequence, not int"),
        (lambda: LevelScale("x", _junk([5])), kpirag.ValueTypeError, "Invalid level 5: expected a Level or (label, value)"),
        (lambda: Level("a", 0), kpirag.InvalidRiskError, "Level 'a': Invalid value 0: expected a whole number of 1 or more"),
        (lambda: RatingBand(3, 1, Status.GREEN), kpirag.InvalidRiskError, "Invalid rating band (3, 1): the low end exceeds the high end"),
        (lambda: RiskMatrix(AXIS, AXIS, _junk(5)), kpirag.ValueTypeError, "Invalid bands 5: expected a sequence, not int"),
        (lambda: RiskMatrix(AXIS, AXIS, _junk([5])), kpirag.ValueTypeError, "Invalid bands item 5: expected RatingBand, not int"),
        (lambda: RiskRegister(CITY, _junk(5)), kpirag.ValueTypeError, "Invalid risks 5: expected a sequence, not int"),
        (lambda: RiskRegister(CITY, _junk([5])), kpirag.ValueTypeError, "Invalid risks item 5: expected Risk, not int"),
        (lambda: CITY.rating(_junk("x")), kpirag.InvalidRiskError, "Invalid score 'x': expected a whole number"),
        (lambda: CITY.rating(0), kpirag.InvalidRiskError, "Invalid score 0: this matrix can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32"),
        (lambda: CITY.rating(0, where="row 3"), kpirag.InvalidRiskError, "row 3: Invalid score 0: this matrix can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32"),
        (lambda: CITY.score(9, 1), kpirag.InvalidRiskError, "Invalid likelihood 9: expected one of Rare 1, Unlikely 2, Possible 3, Likely 4"),
        (lambda: CITY.score("nope", 1, where="row 4"), kpirag.InvalidRiskError, "row 4: Invalid likelihood 'nope': expected one of Rare 1, Unlikely 2, Possible 3, Likely 4"),
        (lambda: RiskRegister(CITY, []).assess(as_of="31/02/17"), kpirag.InvalidPeriodError, "Invalid as-of date '31/02/17': day is out of range for month; expected a real date such as '30/09/17'"),
        (lambda: Risk("X", "t", score=4, state=_junk(5)), kpirag.ValueTypeError, "Risk 'X': Invalid state 5: expected a RiskState"),
    ],
)  # fmt: skip
def test_every_risk_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal names where, the field, the value and what was expected, in one message."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("levels", "field", "value", "expected"),
    [
        ([], "x scale", None, "at least one level"),
        ([("a", 1), ("A", 2)], "x scale labels", ["a", "A"], "unique labels"),
        ([("a", 1), ("b", 1)], "x scale values", [1, 1], "strictly increasing values"),
    ],
)
def test_a_bad_level_scale_error_carries_its_data(
    levels: list[tuple[str, int]], field: str, value: object, expected: str
) -> None:
    """An empty scale, a label twice (any case) or values out of order: field, value, expected."""
    with pytest.raises(InvalidRiskError) as caught:
        LevelScale("x", levels)
    assert (caught.value.field, caught.value.value, caught.value.expected) == (
        field,
        value,
        expected,
    )


def test_an_assessed_risks_repr_says_overdue() -> None:
    """A risk past its target date shows 'overdue' in its repr; one without a date does not."""
    register = RiskRegister(
        CITY,
        [Risk("A", "up", likelihood=3, impact=4, target_date="30/09/17"), Risk("B", "x", score=4)],
    )
    assert [repr(risk) for risk in register.assess(as_of="01/10/17")] == [
        "AssessedRisk('A', score 12, Amber, overdue)",
        "AssessedRisk('B', score 4, Green)",
    ]


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (lambda: AXIS, "LevelScale('likelihood', 2 levels: Low to High)"),
        (
            lambda: RiskMatrix.nhs_5x5().impact,
            "LevelScale('consequence', 5 levels: Negligible to Catastrophic)",
        ),
        (
            lambda: RiskRegister(RiskMatrix(AXIS, AXIS, [RatingBand(1, 4, Status.GREEN)]), []),
            "RiskRegister(0 risks (0 open, 0 closed), a custom matrix)",
        ),
        (lambda: Risk("X", "t", likelihood=2, impact=3), "Risk('X', 't', 2 x 3, open)"),
        (lambda: Risk("X", "t", score=4), "Risk('X', 't', score 4, open)"),
    ],
)
def test_risk_reprs_name_the_scale_the_matrix_and_the_score(
    build: Callable[[], object], shown: str
) -> None:
    """Reprs show a scale's name and ends, an unnamed matrix as custom, a risk's score or levels."""
    assert repr(build()) == shown


def test_the_nhs_5x5_levels_are_the_published_ones() -> None:
    """The NHS 5x5 matrix's likelihood and consequence levels, as the NPSA guidance names them."""
    matrix = RiskMatrix.nhs_5x5()
    assert [(level.label, level.value) for level in matrix.impact.levels] == [
        ("Negligible", 1), ("Minor", 2), ("Moderate", 3), ("Major", 4), ("Catastrophic", 5),
    ]  # fmt: skip
    assert [level.label for level in matrix.likelihood.levels] == [
        "Rare", "Unlikely", "Possible", "Likely", "Almost certain",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: RatingBand(3, 1, Status.GREEN), "low <= high"),
        (lambda: Risk("X", "t"), "a score, or likelihood and impact"),
        (lambda: Risk(" ", "t", score=4), "a code such as 'DCCS HS 003'"),
    ],
)
def test_risk_errors_say_what_was_expected(build: Callable[[], object], expected: str) -> None:
    """A reversed band, a risk with nothing to score or without a code say what they need."""
    with pytest.raises(InvalidRiskError) as caught:
        build()
    assert caught.value.expected == expected


def test_a_matrix_rating_on_two_scales_is_refused_naming_them() -> None:
    """Bands whose statuses come from two scales are refused, naming both scales."""
    met = Scale.met_or_not().levels[0]
    with pytest.raises(InvalidRiskError) as caught:
        RiskMatrix(AXIS, AXIS, [RatingBand(1, 2, Status.GREEN), RatingBand(3, 4, met)])
    assert str(caught.value) == (
        "Invalid rating bands ['Met or not', 'RAG']: statuses of several scales"
    )
    assert caught.value.expected == "statuses of one scale"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Level("a", _junk("x")), InvalidRiskError, "Level 'a': Invalid value 'x': expected a whole number of 1 or more"),
        (lambda: Level("b", _junk(True)), InvalidRiskError, "Level 'b': Invalid value True: expected a whole number of 1 or more"),
        (lambda: LevelScale("x", []), InvalidRiskError, "Invalid x scale: expected at least one level"),
        (lambda: LevelScale("x", [("a", 2), ("b", 1)]), InvalidRiskError, "Invalid x scale values [2, 1]: expected strictly increasing values"),
        (lambda: LevelScale("x", [("a", 1), ("A", 2)]), InvalidRiskError, "Invalid x scale labels ['a', 'A']: level labels must be unique"),
        (lambda: LevelScale("x", [_junk(("a", 1, 2))]), ValueTypeError, "Invalid level ('a', 1, 2): expected a Level or (label, value)"),
        (lambda: LevelScale("x", [("a", 1)]).resolve("b"), InvalidRiskError, "Invalid x 'b': expected one of a 1"),
        (lambda: LevelScale("x", [("a", 1)]).resolve("7", where="Risk 'R'"), InvalidRiskError, "Risk 'R': Invalid x 7: expected one of a 1"),
        (lambda: LevelScale("x", [("a", 1)]).resolve(_junk(1.0)), InvalidRiskError, "Invalid x 1.0: expected one of a 1"),
        (lambda: LevelScale("x", [("a", 1)]).resolve(_junk(True)), InvalidRiskError, "Invalid x True: expected one of a 1"),
        (lambda: ScoreRule.PRODUCT.apply(0, 1), OutOfRangeError, "Invalid likelihood 0: expected a whole number of 1 or more"),
        (lambda: ScoreRule.PRODUCT.apply(1, 0), OutOfRangeError, "Invalid impact 0: expected a whole number of 1 or more"),
        (lambda: ScoreRule.SUM.apply(_junk("1"), 1), ValueTypeError, "Invalid likelihood '1': expected a whole number"),
        (lambda: RiskMatrix(LevelScale("x", [("a", 1), ("b", 2)]), LevelScale("y", [("a", 1)]), [RatingBand(1, 1, Status.GREEN)]), InvalidRiskError, "the matrix: Invalid rating bands: score 2 is reachable but in no band"),
        (lambda: RiskMatrix(LevelScale("x", [("a", 1), ("b", 2)]), LevelScale("y", [("a", 1)]), [RatingBand(1, 2, Status.GREEN), RatingBand(2, 2, Status.RED)], name="M"), InvalidRiskError, "M: Invalid rating bands: score 2 is reachable but in 2 bands"),
        (lambda: RiskMatrix(LevelScale("x", [("a", 1), ("b", 2)]), LevelScale("y", [("a", 1)]), [RatingBand(1, 1, Status.GREEN), RatingBand(2, 2, RiskMatrix.nhs_5x5().bands[0].status)]), InvalidRiskError, "Invalid rating bands ['NHS risk', 'RAG']: statuses of several scales"),
        (lambda: Risk(_junk(5), "t", score=4), ValueTypeError, "Invalid risk code 5: expected text"),
        (lambda: Risk("X", _junk(5), score=4), ValueTypeError, "Invalid risk title 5: expected text"),
        (lambda: Risk("X", "t", score=4, owner=_junk(5)), ValueTypeError, "Invalid risk owner 5: expected text"),
        (lambda: Risk(" ", "t", score=4), InvalidRiskError, "Invalid risk code ' ': expected a code such as 'DCCS HS 003'"),
        (lambda: Risk("X", "t", likelihood=1), InvalidRiskError, "Risk 'X': Invalid likelihood/impact (1, None): give both, or neither and a score"),
        (lambda: Risk("X", "t", impact=1), InvalidRiskError, "Risk 'X': Invalid likelihood/impact (None, 1): give both, or neither and a score"),
        (lambda: Risk("X", "t"), InvalidRiskError, "Risk 'X': Invalid score None: an open risk needs a score or likelihood and impact"),
        (lambda: Risk("X", "t", score=_junk("4")), ValueTypeError, "Risk 'X': Invalid score '4': expected a whole number"),
        (lambda: Risk("X", "t", score=4, target_score=_junk(1.5)), ValueTypeError, "Risk 'X': Invalid target_score 1.5: expected a whole number"),
        (lambda: Risk("X", "t", score=4, previous_score=_junk(True)), ValueTypeError, "Risk 'X': Invalid previous_score True: expected a whole number"),
        (lambda: Risk("X", "t", score=4, target_date="31/02/17"), InvalidRiskError, "Risk 'X': Invalid target date '31/02/17': day is out of range for month; expected a real date such as '30/09/17'"),
        (lambda: RiskRegister(RiskMatrix.city_of_london(), [Risk("A", "t", score=4), Risk("A", "u", score=5)]), RiskRegisterError, "Risk 'A': duplicate code; Risk 'A': Invalid score 5: this matrix can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32"),
        (lambda: RiskRegister(RiskMatrix.city_of_london(), [Risk("A", "t", score=4, target_score=5, previous_score=7)]), RiskRegisterError, "Risk 'A': Invalid target_score 5: this matrix can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32; Risk 'A': Invalid previous_score 7: this matrix can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32"),
        (lambda: RiskRegister(RiskMatrix.city_of_london(), [Risk("A", "t", likelihood=2, impact=2, score=5)]), RiskRegisterError, "Risk 'A': Invalid score 5: the published score differs: likelihood Unlikely (2) and impact Serious (2) give 4"),
        (lambda: RiskRegister(RiskMatrix.city_of_london(), [Risk("A", "t", likelihood=9, impact=2)]), RiskRegisterError, "Risk 'A': Invalid likelihood 9: expected one of Rare 1, Unlikely 2, Possible 3, Likely 4"),
    ],
)  # fmt: skip
def test_every_level_scale_matrix_risk_and_register_error_is_whole(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a level, scale, score rule, matrix, risk or register says what and why."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("preset", "name", "likelihood", "impact", "bands"),
    [
        (
            RiskMatrix.city_of_london,
            "City of London 4x4",
            [("Rare", 1), ("Unlikely", 2), ("Possible", 3), ("Likely", 4)],
            ("impact", [("Minor", 1), ("Serious", 2), ("Major", 4), ("Extreme", 8)]),
            [(1, 4, "Green"), (6, 12, "Amber"), (16, 32, "Red")],
        ),
        (
            RiskMatrix.nhs_5x5,
            "NHS 5x5",
            [("Rare", 1), ("Unlikely", 2), ("Possible", 3), ("Likely", 4), ("Almost certain", 5)],
            ("consequence", [("Negligible", 1), ("Minor", 2), ("Moderate", 3), ("Major", 4), ("Catastrophic", 5)]),
            [(1, 3, "Low"), (4, 6, "Moderate"), (8, 12, "High"), (15, 25, "Extreme")],
        ),
    ],
)  # fmt: skip
def test_each_preset_matrix_is_the_published_one(
    preset: Callable[[], RiskMatrix],
    name: str,
    likelihood: list[tuple[str, int]],
    impact: tuple[str, list[tuple[str, int]]],
    bands: list[tuple[int, int, str]],
) -> None:
    """A preset built here (not at import) has its name, levels, bands and product rule."""
    matrix = preset()
    assert matrix.name == name
    assert matrix.rule is ScoreRule.PRODUCT
    assert [(level.label, level.value) for level in matrix.likelihood.levels] == likelihood
    assert (matrix.likelihood.name, matrix.impact.name) == ("likelihood", impact[0])
    assert [(level.label, level.value) for level in matrix.impact.levels] == impact[1]
    assert [(band.low, band.high, str(band.status)) for band in matrix.bands] == bands


def test_an_assessment_gives_each_risk_its_trend_target_reading_and_overdue_flag() -> None:
    """Trend against the previous score, place against the target, overdue past the date."""
    register = RiskRegister(
        RiskMatrix.city_of_london(),
        [
            Risk("A", "t", score=12, previous_score=8, target_score=4, target_date="30/09/17"),
            Risk("B", "t", score=8, previous_score=8, target_score=8, target_date="30/09/17"),
            Risk("C", "t", score=4, previous_score=12, target_score=8, target_date="30/09/17"),
            Risk("D", "t", score=6, target_date="31/12/17"),
            Risk("E", "t", score=6, state=RiskState.CLOSED),
            Risk("F", "t", state=RiskState.CLOSED),
        ],
    )
    assessed = [
        (r.risk.code, r.score, str(r.rating), r.trend, r.overdue, r.versus_target)
        for r in register.assess(as_of="01/10/17")
    ]
    assert assessed == [
        ("A", 12, "Amber", RiskTrend.UP, True, "above"),
        ("B", 8, "Amber", RiskTrend.UNCHANGED, False, "at"),
        ("D", 6, "Amber", None, False, None),
        ("C", 4, "Green", RiskTrend.DOWN, False, "below"),
    ]
    assert [(r.risk.code, r.score, str(r.rating)) for r in register.closed()] == [
        ("E", 6, "Amber"),
        ("F", None, "N/A"),
    ]


@pytest.mark.parametrize(
    ("changes", "shown", "likelihood"),
    [
        ({}, "RiskMatrix('Council 3x3', 3x2, 3 bands)", "LevelScale('likelihood', 3 levels: Unlikely to Likely)"),
        ({"name": "Ward 3x3", "likelihood": {"name": "chance", "levels": ["a", "b", "c"]}}, "RiskMatrix('Ward 3x3', 3x2, 3 bands)", "LevelScale('chance', 3 levels: a to c)"),
        ({"name": None}, "RiskMatrix(3x2, 3 bands)", "LevelScale('likelihood', 3 levels: Unlikely to Likely)"),
    ],
)  # fmt: skip
def test_a_matrix_from_plain_data_keeps_its_name_and_its_axis_names(
    changes: dict[str, object], shown: str, likelihood: str
) -> None:
    """The matrix's name and an axis table's name reach the matrix; no name is a custom one."""
    data = {key: value for key, value in {**THREE_BY_THREE, **changes}.items() if value is not None}
    matrix = RiskMatrix.from_dict(data)
    assert (repr(matrix), repr(matrix.likelihood)) == (shown, likelihood)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: RiskMatrix(_junk(5), LevelScale("y", [("a", 1)]), [RatingBand(1, 1, Status.GREEN)]), ValueTypeError, "Invalid likelihood 5: expected LevelScale, not int"),
        (lambda: RiskMatrix(LevelScale("y", [("a", 1)]), _junk(5), [RatingBand(1, 1, Status.GREEN)]), ValueTypeError, "Invalid impact 5: expected LevelScale, not int"),
        (lambda: RiskMatrix(LevelScale("y", [("a", 1)]), LevelScale("y", [("a", 1)]), [RatingBand(1, 1, Status.GREEN)], rule=_junk("max")), ValueTypeError, "Invalid rule 'max': expected ScoreRule, not str"),
        (lambda: RiskMatrix(LevelScale("y", [("a", 1)]), LevelScale("y", [("a", 1)]), [RatingBand(1, 1, Status.GREEN)], name=_junk(5)), ValueTypeError, "Invalid name 5: expected text, not int"),
        (lambda: RatingBand(_junk("1"), 2, Status.GREEN), ValueTypeError, "Invalid low '1': expected a whole number, not str"),
        (lambda: RatingBand(1, _junk(2.0), Status.GREEN), ValueTypeError, "Invalid high 2.0: expected a whole number, not float"),
        (lambda: RatingBand(1, 2, _junk("Green")), ValueTypeError, "Invalid status 'Green': expected Status, not str"),
        (lambda: LevelScale(_junk(5), [("a", 1)]), ValueTypeError, "Invalid name 5: expected text, not int"),
        (lambda: Level(_junk(5), 1), ValueTypeError, "Invalid label 5: expected text, not int"),
        (lambda: RiskRegister(_junk(5), []), ValueTypeError, "Invalid matrix 5: expected RiskMatrix, not int"),
        (lambda: RiskRegister(RiskMatrix.city_of_london(), []).assess(as_of=_junk(5)), ValueTypeError, "Invalid as-of date 5: expected a date or date text"),
        (lambda: RiskMatrix.city_of_london().score(1, _junk(None)), InvalidRiskError, "Invalid impact None: expected one of Minor 1, Serious 2, Major 4, Extreme 8"),
        (lambda: RiskMatrix.city_of_london().rating(_junk(True)), InvalidRiskError, "Invalid score True: expected a whole number"),
        (lambda: RiskMatrix.from_dict({"preset": "city"}), InvalidRulesError, "1 problem in the rules\n  preset: expected 'city of london' or 'nhs 5x5'"),
        (lambda: RiskMatrix.from_dict({"preset": 5}), InvalidRulesError, "1 problem in the rules\n  preset: expected 'city of london' or 'nhs 5x5'"),
        (lambda: RiskMatrix.from_dict({"likelihood": [], "impact": "x", "bands": []}), InvalidRulesError, "3 problems in the rules\n  likelihood: expected a list of levels, lowest first\n  impact: expected a list of levels, lowest first\n  bands: expected a list of bands: low, high and status"),
        (lambda: RiskMatrix.from_dict({"likelihood": {"name": 5, "levels": ["a"]}, "impact": ["b"], "bands": [{"low": 1, "high": 1, "status": "Green"}]}), InvalidRulesError, "1 problem in the rules\n  likelihood.name: expected text, not int"),
        (lambda: RiskMatrix.from_dict({"likelihood": ["a"], "impact": ["b"], "bands": [5]}), InvalidRulesError, "1 problem in the rules\n  bands[0]: expected a table, not int"),
        (lambda: RiskMatrix.from_dict({"likelihood": ["a"], "impact": ["b"], "bands": [{"low": 1, "high": 1, "status": "Low"}], "scale": "nope"}), InvalidRulesError, "1 problem in the rules\n  scale: expected one of 'rag', 'rag_with_blue', 'rag_with_blue_complete', 'rag_with_blue_exceeding', 'delivery_confidence', 'four_level', 'achieved', 'met_or_not', 'on_track'; or a scale of the file: 'NHS risk'"),
        (lambda: RiskMatrix.from_dict({"likelihood": [5], "impact": ["b"], "bands": [{"low": 1, "high": 1, "status": "Green"}]}), InvalidRulesError, "1 problem in the rules\n  likelihood[0]: expected a table, not int"),
    ],
)  # fmt: skip
def test_every_risk_argument_and_matrix_table_error_is_whole(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A wrong argument to a matrix, band, scale, level or register, or a bad table, says so."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "field", "value", "expected", "subject"),
    [
        (lambda: CITY.rating(5), "score", 5, "one of 1, 2, 3, 4, 6, 8, 12, 16, 24, 32", None),
        (lambda: CITY.score("Possible", "nope", where="R9"), "impact", "nope", "one of Minor 1, Serious 2, Major 4, Extreme 8", "R9"),
        (lambda: CITY.score("nope", "Major", where="R9"), "likelihood", "nope", "one of Rare 1, Unlikely 2, Possible 3, Likely 4", "R9"),
        (lambda: Risk("X", "t", score=4, target_date=_junk(5)), "target date", 5, "a date or date text", "Risk 'X'"),
    ],
)  # fmt: skip
def test_risk_errors_carry_what_was_expected_and_where(
    call: Callable[[], object], field: str, value: object, expected: str, subject: str | None
) -> None:
    """A refused score, level or target date carries its field, value, expectation and subject."""
    with pytest.raises(kpirag.KpiragError) as caught:
        call()
    error = caught.value
    assert (error.field, error.value, error.expected, error.subject) == (
        field,
        value,
        expected,
        subject,
    )


@pytest.mark.parametrize("text", ["31/02/17", "not a date"])
def test_defect_a_refused_target_date_carries_no_expectation(text: str) -> None:
    """A target date that is no real date carries what was expected, not only says it."""
    with pytest.raises(kpirag.InvalidRiskError) as caught:
        Risk("X", "t", score=4, target_date=text)
    assert caught.value.expected == "a real date such as '30/09/17'"
    assert str(caught.value).endswith("; expected a real date such as '30/09/17'")
