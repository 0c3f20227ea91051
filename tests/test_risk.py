"""Risk matrices and registers: kpirag.risk._risk."""

from __future__ import annotations

import datetime as dt
import pickle
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    NHS_RISK_SCALE,
    InvalidRiskError,
    Level,
    LevelScale,
    RatingBand,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskState,
    RiskTrend,
    ScoreRule,
    Status,
    ValueTypeError,
)
from kpirag.strategies._strategies import risk_matrices

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
CITY = RiskMatrix.city_of_london()
NHS = RiskMatrix.nhs_5x5()
LOW, MODERATE, HIGH, EXTREME = NHS_RISK_SCALE.levels

CITY_RATINGS = {1: G, 2: G, 3: G, 4: G, 6: A, 8: A, 12: A, 16: R, 24: R, 32: R}
NHS_RATINGS = {
    1: LOW, 2: LOW, 3: LOW, 4: MODERATE, 5: MODERATE, 6: MODERATE, 8: HIGH, 9: HIGH,
    10: HIGH, 12: HIGH, 15: EXTREME, 16: EXTREME, 20: EXTREME, 25: EXTREME,
}  # fmt: skip


@pytest.mark.parametrize(("matrix", "ratings"), [(CITY, CITY_RATINGS), (NHS, NHS_RATINGS)])
def test_every_reachable_score_rated(matrix: RiskMatrix, ratings: dict[int, Status]) -> None:
    """Each preset rates every score it can produce, and only those."""
    assert matrix.reachable_scores == tuple(sorted(ratings))
    for score, status in ratings.items():
        assert matrix.rating(score) == status


@pytest.mark.parametrize("score", [0, 5, 7, 9, 33, -4])
def test_unreachable_scores_rejected(score: int) -> None:
    """A score the City matrix cannot produce raises, naming the reachable scores."""
    with pytest.raises(InvalidRiskError, match="can only produce 1, 2, 3, 4, 6, 8, 12, 16, 24, 32"):
        CITY.rating(score)


def test_non_integer_score_rejected() -> None:
    """Scores are whole numbers."""
    with pytest.raises(InvalidRiskError, match="whole number"):
        CITY.rating(True)
    with pytest.raises(InvalidRiskError, match="whole number"):
        CITY.rating(4.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("likelihood", "impact", "score"),
    [
        (1, 1, 1), (4, 8, 32), ("Possible", "Extreme", 24), ("likely", "major", 16),
        ("3", "2", 6), ("Rare", 8, 8),
    ],
)  # fmt: skip
def test_score_by_value_or_label(likelihood: int | str, impact: int | str, score: int) -> None:
    """Scores take numbers or level labels (any case)."""
    assert CITY.score(likelihood, impact) == score


@pytest.mark.parametrize(
    ("likelihood", "impact", "message"),
    [
        (5, 1, "Invalid likelihood 5: expected one of Rare 1"),
        (1, 3, "Invalid impact 3"),
        ("Certain", 1, "Invalid likelihood 'Certain'"),
        (1, "Huge", "Invalid impact 'Huge'"),
        (True, 1, "Invalid likelihood True"),
        ("²", 2, "Invalid likelihood '²'"),
        ("٣", 2, "Invalid likelihood '٣'"),
        (1, "9" * 5000, "Invalid impact '99999"),
        pytest.param(10**5000, 1, "Invalid likelihood <int too large to print>", id="huge"),
    ],
)
def test_bad_levels(likelihood: object, impact: object, message: str) -> None:
    """Likelihood or impact outside the scale, or an unknown label, is our error."""
    with pytest.raises(InvalidRiskError, match=message):
        CITY.score(likelihood, impact)  # type: ignore[arg-type]


def _scale(name: str, values: list[int]) -> LevelScale:
    return LevelScale(name, [Level(f"L{v}", v) for v in values])


def test_bands_must_cover_reachable_scores_once() -> None:
    """Gaps or overlaps among reachable scores fail; among unreachable ones they are fine."""
    lk, im = _scale("likelihood", [1, 2]), _scale("impact", [1, 3])
    # Reachable: 1, 2, 3, 6. The bands skip 4-5 (unreachable) and overlap at 4 (unreachable).
    RiskMatrix(lk, im, [RatingBand(1, 2, G), RatingBand(3, 4, A), RatingBand(4, 6, R)])
    with pytest.raises(InvalidRiskError, match="score 3 is reachable but in no band"):
        RiskMatrix(lk, im, [RatingBand(1, 2, G), RatingBand(4, 6, R)])
    with pytest.raises(InvalidRiskError, match="score 2 is reachable but in 2 bands"):
        RiskMatrix(lk, im, [RatingBand(1, 2, G), RatingBand(2, 6, R)])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: LevelScale("likelihood", []), "at least one level"),
        (lambda: LevelScale("likelihood", [("A", 2), ("B", 1)]), "strictly increasing"),
        (lambda: LevelScale("likelihood", [("A", 1), ("a", 2)]), "unique"),
        (lambda: Level("A", 0), "1 or more"),
        (lambda: Level("A", True), "whole number"),
        (lambda: RatingBand(5, 4, G), "exceeds"),
    ],
)
def test_bad_scales(build: object, message: str) -> None:
    """Ill-formed scales and bands are our error."""
    with pytest.raises(InvalidRiskError, match=message):
        build()  # type: ignore[operator]


def test_sum_rule_and_pickle() -> None:
    """A sum score rule is data too, and matrices pickle equal."""
    lk, im = _scale("likelihood", [1, 2, 3]), _scale("impact", [1, 2, 3])
    matrix = RiskMatrix(lk, im, [RatingBand(2, 3, G), RatingBand(4, 6, R)], rule=ScoreRule.SUM)
    assert matrix.reachable_scores == (2, 3, 4, 5, 6)
    assert matrix.score(3, 3) == 6
    assert pickle.loads(pickle.dumps(CITY)) == CITY


@given(
    st.sampled_from([CITY, NHS]),
    st.data(),
)
def test_rating_never_improves_as_likelihood_or_impact_rises(
    matrix: RiskMatrix, data: st.DataObject
) -> None:
    """Law: raising likelihood or impact never gives a better rating."""
    lk = data.draw(st.sampled_from(matrix.likelihood.levels))
    im = data.draw(st.sampled_from(matrix.impact.levels))
    higher_lk = data.draw(
        st.sampled_from([x for x in matrix.likelihood.levels if x.value >= lk.value])
    )
    higher_im = data.draw(st.sampled_from([x for x in matrix.impact.levels if x.value >= im.value]))
    base = matrix.rating(matrix.score(lk.value, im.value))
    assert matrix.rating(matrix.score(higher_lk.value, im.value)) >= base
    assert matrix.rating(matrix.score(lk.value, higher_im.value)) >= base


@given(risk_matrices())
def test_generated_bands_partition_reachable_scores(matrix: RiskMatrix) -> None:
    """Law: in every valid matrix each reachable score is in exactly one band."""
    for score in matrix.reachable_scores:
        assert sum(score in band for band in matrix.bands) == 1
        matrix.rating(score)


def test_q1_register_rated_as_published(q1: ModuleType) -> None:
    """The Q1 register: 16 Red; 12, 8, 6 Amber; 4 Green, in the report's order."""
    register: RiskRegister = q1.risk_register()
    assessed = register.assess(as_of=dt.date(2017, 6, 30))
    published = {"R": R, "A": A, "G": G}
    assert [r.risk.code for r in assessed] == [row[0] for row in q1.RISKS]
    for risk, (_, _, score, _, rating) in zip(assessed, q1.RISKS, strict=True):
        assert risk.score == score
        assert risk.rating == published[rating]
        assert risk.trend is RiskTrend.UNCHANGED
        assert risk.overdue is False
    summary = register.summary()
    assert (summary.count(R), summary.count(A), summary.count(G)) == (1, 8, 2)
    assert [r.risk.code for r in register.closed()] == ["DCCS PE 002", "DCCS PE 004"]
    assert all(r.rating is NA for r in register.closed())


def test_register_derived_fields() -> None:
    """Trend, overdue and position against target."""
    register = RiskRegister(
        CITY,
        [
            Risk("A", "up", likelihood=3, impact=4, previous_score=8, target_score=6,
                 target_date="30/09/17"),
            Risk("B", "down", score=4, previous_score=8, target_score=6, target_date="30/09/17"),
            Risk("C", "at", score=6, target_score=6, target_date="30/09/17"),
        ],
    )  # fmt: skip
    late = {r.risk.code: r for r in register.assess(as_of="01/10/17")}
    assert (late["A"].trend, late["A"].versus_target, late["A"].overdue) == (
        RiskTrend.UP,
        "above",
        True,
    )
    assert (late["B"].trend, late["B"].versus_target, late["B"].overdue) == (
        RiskTrend.DOWN,
        "below",
        False,
    )
    assert (late["C"].versus_target, late["C"].overdue) == ("at", False)
    on_time = register.assess(as_of="30/09/17")
    assert [r.overdue for r in on_time] == [False, False, False]
    assert register.assess()[0].overdue is None


def test_register_reports_every_problem() -> None:
    """Duplicate codes, unreachable scores and bad levels are all named with the risk code."""
    with pytest.raises(InvalidRiskError) as info:
        RiskRegister(
            CITY,
            [
                Risk("A", "x", score=5),
                Risk("A", "y", score=4),
                Risk("B", "z", likelihood=9, impact="Huge"),
                Risk("C", "w", likelihood=3, impact=2, score=8),
                Risk("D", "v", score=4, target_score=9),
            ],
        )
    message = str(info.value)
    assert "Risk 'A': duplicate code" in message
    assert "Risk 'A': Invalid score 5" in message
    assert "Risk 'B': Invalid likelihood 9" in message
    assert (
        "Risk 'C': Invalid score 8: the published score differs: "
        "likelihood Possible (3) and impact Serious (2) give 6"
    ) in message
    assert "Risk 'D': Invalid target_score 9" in message


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"target_date": "31/02/17", "score": 4},
            InvalidRiskError,
            r"Risk 'X': Invalid target date '31/02/17'",
        ),
        ({"likelihood": 3}, InvalidRiskError, "give both"),
        ({}, InvalidRiskError, "an open risk needs a score"),
        ({"score": 4.0}, ValueTypeError, "Risk 'X': Invalid score 4.0: expected a whole number"),
        ({"score": 4, "previous_score": "8"}, ValueTypeError, "Invalid previous_score '8'"),
    ],
)
def test_bad_risks(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    """Impossible dates and inconsistent fields name the risk code and the field."""
    with pytest.raises(error, match=message):
        Risk("X", "title", **kwargs)  # type: ignore[arg-type]


def test_closed_risk_may_have_no_score() -> None:
    """A closed risk can be recorded without a current score."""
    assert Risk("X", "t", state=RiskState.CLOSED).score is None


def test_closed_risks_without_a_score_come_after_every_score() -> None:
    """A closed risk with no score sorts after one scored 1 (as 0), then by code."""
    from kpirag.risk import RiskState  # noqa: PLC0415

    register = RiskRegister(
        RiskMatrix.city_of_london(),
        [Risk("A", "x", state=RiskState.CLOSED), Risk("B", "y", score=1, state=RiskState.CLOSED)],
    )
    assert [item.risk.code for item in register.closed()] == ["B", "A"]


def test_a_level_scales_repr_cuts_its_name_at_30_characters() -> None:
    from kpirag.risk import Level, LevelScale  # noqa: PLC0415

    name = "n" * 31
    scale = LevelScale(name, [Level("Low", 1), Level("High", 2)])
    assert repr(scale) == f"LevelScale('{'n' * 29}…', 2 levels: Low to High)"
