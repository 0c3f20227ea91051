"""Risks placed on the matrix: plain-data matrices, published scores checked, errors as data."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import kpirag
from kpirag import (
    InvalidRiskError,
    InvalidRulesError,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskRegisterError,
    RiskState,
    ScoreRule,
    Status,
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
