"""Budget rules from plain data (text, numbers, tables), as a TOML rules file has them.

Every bad entry is reported, each with its key path, in one ``InvalidRulesError``.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpirag._validate import RuleProblems, because
from kpirag.budget._rules import BudgetLevel, BudgetRule, BudgetRules, Threshold, amount_in
from kpirag.errors import InvalidRulesError, KpiragError, RuleProblem
from kpirag.rules import EdgeSide

__all__ = ["rule_from_dict", "rules_from_dict"]

Path = tuple[str | int, ...]

_RULE_KEYS = ("amber", "red", "flag_underspends", "unit")
_THRESHOLD_KEYS = ("percent", "amount", "edge")
_LEVEL_KEYS = tuple(level.value for level in BudgetLevel)
_DEFAULT_UNIT = "£'000"

_ANY_OVERSPEND = Threshold(amount=0, edge_side=EdgeSide.EXCLUSIVE)
"""Amber when no Amber threshold is given: any overspend below the Red line."""


def rule_from_dict(data: object, path: Path = ()) -> BudgetRule:
    """``BudgetRule.from_dict``: ``red`` (and ``amber``) tables, ``flag_underspends``, ``unit``."""
    problems = RuleProblems()
    rule = _rule(data, path, problems)
    problems.check()
    if rule is None:  # pragma: no cover - a missing rule always comes with a problem
        raise InvalidRulesError([RuleProblem(path, "no rule", data)])
    return rule


def rules_from_dict(data: object, path: Path = ()) -> BudgetRules:
    """``BudgetRules.from_dict``: one rule table per level, or one rule for every level."""
    problems = RuleProblems()
    if isinstance(data, Mapping) and "red" in data:
        rule = _rule(data, path, problems)
        problems.check()
        assert rule is not None  # noqa: S101 - check() raised otherwise
        return BudgetRules(rule)
    table = problems.table(data, path, _LEVEL_KEYS)
    if table is None:
        problems.check()
    assert table is not None  # noqa: S101 - check() raised otherwise
    if "service" not in table:
        problems.add((*path, "service"), "a rule for service lines is needed", None)
    rules = {
        str(key): _rule(value, (*path, str(key)), problems)
        for key, value in table.items()
        if key in _LEVEL_KEYS
    }
    problems.check()
    service = rules["service"]
    assert service is not None  # noqa: S101 - check() raised otherwise
    return BudgetRules(service, rules.get("directorate"), rules.get("total"))


def _rule(data: object, path: Path, problems: RuleProblems) -> BudgetRule | None:
    table = problems.table(data, path, _RULE_KEYS)
    if table is None:
        return None
    before = len(problems.found)
    unit = problems.text(table, "unit", path)
    if "red" not in table:
        problems.add((*path, "red"), "a rule needs a red threshold")
    money = unit or _DEFAULT_UNIT
    red = _threshold(table["red"], (*path, "red"), money, problems) if "red" in table else None
    amber = (
        _threshold(table["amber"], (*path, "amber"), money, problems)
        if "amber" in table
        else _ANY_OVERSPEND
    )
    flag = table.get("flag_underspends", False)
    if not isinstance(flag, bool):
        problems.add((*path, "flag_underspends"), "expected true or false", flag)
    if red is None or amber is None or len(problems.found) > before:
        return None
    if unit is None and any(
        isinstance(_given(table, key), str) and _is_money(_given(table, key))
        for key in ("amber", "red")
    ):
        unit = _DEFAULT_UNIT
    return problems.attempt(path, data, BudgetRule, amber, red, bool(flag), unit)


def _given(table: Mapping[str, object], key: str) -> object:
    """The amount written in ``table[key]``, if it is a table with one."""
    threshold = table.get(key)
    return threshold.get("amount") if isinstance(threshold, Mapping) else None


def _is_money(text: object) -> bool:
    return isinstance(text, str) and any(sign in text for sign in "£$€")


def _threshold(data: object, path: Path, unit: str, problems: RuleProblems) -> Threshold | None:
    table = problems.table(data, path, _THRESHOLD_KEYS)
    if table is None:
        return None
    if "percent" not in table and "amount" not in table:
        problems.add(path, "expected a percent, an amount, or both", data)
        return None
    found: dict[str, object] = {}
    for key in ("percent", "amount"):
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            problems.add(
                (*path, key), f"expected a number or text, not {type(value).__name__}", value
            )
            continue
        try:
            found[key] = (
                amount_in(value, unit, field=key)
                if key == "amount"
                else Threshold(percent=value).percent
            )
        except KpiragError as exc:
            problems.add((*path, key), because(exc), value)
    edge = table.get("edge")
    side = None
    if edge is not None:
        side = problems.attempt((*path, "edge"), edge, EdgeSide.parse, edge)  # type: ignore[arg-type]
        if side is None:
            return None
    if len(found) != len([key for key in ("percent", "amount") if key in table]):
        return None
    return problems.attempt(
        path,
        data,
        Threshold,
        percent=found.get("percent"),
        amount=found.get("amount"),
        edge_side=side,
    )
