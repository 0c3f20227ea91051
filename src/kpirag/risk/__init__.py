"""Risk matrices and risk registers."""

from __future__ import annotations

from kpirag.risk._risk import (
    NHS_RISK_SCALE,
    AssessedRisk,
    Level,
    LevelScale,
    RatingBand,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskState,
    RiskTrend,
    ScoreRule,
)

__all__ = [
    "NHS_RISK_SCALE",
    "AssessedRisk",
    "Level",
    "LevelScale",
    "RatingBand",
    "Risk",
    "RiskMatrix",
    "RiskRegister",
    "RiskState",
    "RiskTrend",
    "ScoreRule",
]
