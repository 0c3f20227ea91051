"""Rules in words: what ``kpirag rules check`` prints for each scale, scheme and setting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag.budget import BudgetLevel, BudgetRule, BudgetRules, Threshold
from kpirag.risk import RiskMatrix, ScoreRule
from kpirag.rules import EdgeSide, Scale, Scheme, Trend, format_decimal
from kpirag.spc import SPCSettings

__all__ = [
    "budget_rules_words",
    "budget_words",
    "describe_scheme",
    "matrix_words",
    "scale_words",
    "spc_words",
]

SPC_KNOBS = tuple(field.name for field in attrs.fields(SPCSettings))


def scale_words(scale: Scale) -> str:
    levels = ", ".join(
        level.label + (f" ({level.abbreviation})" if level.abbreviation else "")
        for level in scale.levels
    )
    return f"{levels}, best first"


def _trend_words(trends: frozenset[Trend] | None) -> str:
    if trends is None:
        return ""
    words = " or ".join(trend.value for trend in Trend if trend in trends)
    return f" if {words} on the previous period"


def describe_scheme(scheme: Scheme) -> str:
    """A scheme in words: each status and when it is given.

    ```pycon
    >>> from kpirag.rules import Status, Step, Tolerance
    >>> council = Scheme(
    ...     Status.GREEN,
    ...     [Step(Tolerance.relative(10), Status.AMBER)],
    ...     Status.RED,
    ...     beyond_by_trend={Trend.IMPROVED: Status.AMBER},
    ... )
    >>> print(describe_scheme(council))
    Green when the target is met; Amber within 10% (10% itself is Amber) or beyond 10% \
if improved on the previous period; Red beyond 10% if unchanged or worse on the previous \
period; with no previous figure, nothing that needs a direction of travel applies

    ```
    """
    clauses: dict[str, list[str]] = {str(scheme.met): ["when the target is met"]}
    for step in scheme.steps:
        edge = (
            f"{step.within} itself is {step.status}"
            if step.edge_side is EdgeSide.INCLUSIVE
            else f"exactly {step.within} is beyond this step"
        )
        text = f"within {step.within} ({edge}){_trend_words(step.trend)}"
        clauses.setdefault(str(step.status), []).append(text)
    last = f"beyond {scheme.steps[-1].within}" if scheme.steps else "when the target is missed"
    by_trend = dict(scheme.beyond_by_trend)
    for trend, status in scheme.beyond_by_trend:
        clauses.setdefault(str(status), []).append(last + _trend_words(frozenset({trend})))
    rest = frozenset(trend for trend in Trend if trend not in by_trend)
    if rest:
        condition = _trend_words(rest) if by_trend else ""
        clauses.setdefault(str(scheme.beyond), []).append(last + condition)
    text = "; ".join(f"{status} {' or '.join(words)}" for status, words in clauses.items())
    if scheme.trend_aware:
        when = scheme.when_no_previous
        if when is None:
            text += "; with no previous figure, nothing that needs a direction of travel applies"
        elif isinstance(when, Trend):
            text += f"; with no previous figure, the value counts as {when.value}"
        else:
            text += f"; with no previous figure, the status is {when}"
    return text


def matrix_words(matrix: RiskMatrix) -> str:
    """A matrix in words: its levels, how a score is made, and the score bands."""
    bands = ", ".join(f"{band.status} {band.low}-{band.high}" for band in matrix.bands)
    axes = "; ".join(
        f"{scale.name} " + ", ".join(f"{level.label} {level.value}" for level in scale.levels)
        for scale in (matrix.likelihood, matrix.impact)
    )
    how = "likelihood x impact" if matrix.rule is ScoreRule.PRODUCT else "likelihood + impact"
    return f"{matrix.name} matrix ({axes}; score {how}: {bands})"


def _threshold_words(threshold: Threshold) -> str:
    parts = []
    if threshold.percent is not None:
        parts.append(f"{format_decimal(threshold.percent)}% of the budget")
    if threshold.amount is not None:
        parts.append(f"{format_decimal(threshold.amount, grouping=True)} in the table's unit")
    return " or ".join(parts) + (", whichever is lower" if len(parts) > 1 else "")


def _from(threshold: Threshold, status: str, below: str) -> str:
    """Where a band starts, and which side its edge goes to."""
    limit = _threshold_words(threshold)
    if threshold.edge_side is EdgeSide.INCLUSIVE:
        return f"{status} when an adverse variance reaches {limit} (the limit itself is {status})"
    return f"{status} when an adverse variance is over {limit} (the limit itself is {below})"


def _zero(threshold: Threshold) -> bool:
    """Whether the limit is always zero (any adverse variance reaches it)."""
    return any(part == 0 for part in (threshold.percent, threshold.amount) if part is not None)


def budget_words(rule: BudgetRule) -> str:
    """A budget rule in words: when each status is given, and which side each edge goes to.

    ```pycon
    >>> print(budget_words(BudgetRule.from_dict(
    ...     {"red": {"percent": 5, "amount": "£0.100m", "edge": "inclusive"}}
    ... )))
    Red when an adverse variance reaches 5% of the budget or 100 in the table's unit, \
whichever is lower (the limit itself is Red); Amber for any adverse variance below the Red \
line; Green on budget or for a favourable variance

    ```
    """
    amber = rule.amber
    clauses = [_from(rule.red, "Red", "Amber")]
    if _zero(amber):  # no Amber limit of its own: any overspend short of Red
        clauses.append("Amber for any adverse variance below the Red line")
    else:
        clauses += [_from(amber, "Amber", "Green") + ", short of Red", "Green below that"]
    if rule.flag_underspends:
        clauses.append("favourable variances judged by the same limits")
    else:
        clauses.append("Green on budget or for a favourable variance")
    return "; ".join(clauses)


_LEVEL_WORDS = {
    BudgetLevel.SERVICE: "service lines",
    BudgetLevel.DIRECTORATE: "directorates (group totals)",
    BudgetLevel.TOTAL: "grand total",
}


def budget_rules_words(rules: BudgetRules) -> list[str]:
    """One line per budget level with a rule of its own (one line when a rule serves all)."""
    if rules.directorate is None and rules.total is None:
        return [f"Budget lines and totals: {budget_words(rules.service)}."]
    lines = []
    for level in BudgetLevel:
        rule = rules.for_level(level)
        own = level is BudgetLevel.SERVICE or rule is not rules.for_level(_below(level))
        text = budget_words(rule) if own else "as the level below"
        lines.append(f"Budget {_LEVEL_WORDS[level]}: {text}.")
    return lines


def _below(level: BudgetLevel) -> BudgetLevel:
    return BudgetLevel.SERVICE if level is BudgetLevel.DIRECTORATE else BudgetLevel.DIRECTORATE


def spc_words(settings: SPCSettings) -> str:
    for name in ("nhsr", "mdc-2023", "powerbi"):
        preset = SPCSettings.preset(name)
        changed = [
            f"{knob} {_knob_text(getattr(settings, knob))}"
            for knob in SPC_KNOBS
            if getattr(settings, knob) != getattr(preset, knob)
        ]
        if len(changed) <= 3:  # noqa: PLR2004 - nearest preset, described by its differences
            return f"preset {name}" + (f" with {', '.join(changed)}" if changed else "")
    return ", ".join(f"{knob} {_knob_text(getattr(settings, knob))}" for knob in SPC_KNOBS)


def _knob_text(value: object) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator / Decimal(value.denominator))
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(str(getattr(v, "value", v)) for v in value)) + "]"
    return str(getattr(value, "value", value))
