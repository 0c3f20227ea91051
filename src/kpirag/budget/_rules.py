"""Budget RAG rules: thresholds with edge sides, one rule per level of a budget hierarchy.

A threshold is a variance limit (a percentage of the absolute budget, an
amount in the table's unit, or the lower of both) and the side its edge value
goes to. A ``BudgetRule`` rates one line; ``BudgetRules`` holds one rule per
level (service lines, directorates, the grand total) and rates a whole table.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

import attrs

from kpirag._validate import (
    Choice,
    brief,
    flag,
    instance,
    key_path,
    of,
    optional_text,
    short_number,
)
from kpirag.errors import InvalidBudgetError, UnitMismatchError, ValueTypeError
from kpirag.rules import (
    CURRENCIES,
    EXACT,
    EdgeSide,
    Number,
    Status,
    format_decimal,
    parse_quantity,
    to_decimal,
    trim,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kpirag.budget._budget import BudgetLine, BudgetTable

__all__ = [
    "BudgetLevel",
    "BudgetRule",
    "BudgetRules",
    "RatedLine",
    "Threshold",
    "amount_in",
]

_HUNDRED = Decimal(100)


class BudgetLevel(Choice):
    """Where a line sits in a budget hierarchy, lowest first.

    ```pycon
    >>> BudgetLevel("Directorate"), [level.value for level in BudgetLevel]
    (<BudgetLevel.DIRECTORATE: 'directorate'>, ['service', 'directorate', 'total'])

    ```
    """

    SERVICE = "service"
    """A service line (a division's budget line)."""
    DIRECTORATE = "directorate"
    """A group of service lines with its own total (a directorate)."""
    TOTAL = "total"
    """The grand total (the General Fund)."""


_MONEY_UNIT = re.compile(r"(?P<currency>[£$€])\s?(?P<scale>'000|000|k|'?m|bn)?", re.IGNORECASE)
_UNIT_EXPONENTS = {"": 0, "'000": 3, "000": 3, "k": 3, "m": 6, "'m": 6, "bn": 9}


def _money_unit(unit: str) -> tuple[str, int] | None:
    """``("£", 3)`` for ``"£'000"``; ``None`` when the unit is not money."""
    match = _MONEY_UNIT.fullmatch(unit.strip())
    if match is None:
        return None
    return match["currency"], _UNIT_EXPONENTS[(match["scale"] or "").casefold()]


def amount_in(value: object, unit: str, *, field: str = "amount") -> Decimal:
    """An amount in ``unit``: numbers are already in it; money text (``£0.100m``) is converted.

    ```pycon
    >>> amount_in("£0.100m", "£'000"), amount_in("£250k", "£"), amount_in(40, "£'000")
    (Decimal('100'), Decimal('250000'), Decimal('40'))

    ```
    """
    if not isinstance(value, str):
        return to_decimal(value, field=field)
    quantity = parse_quantity(value, field=field)
    if quantity.percent or (quantity.unit is not None and quantity.unit not in CURRENCIES):
        raise InvalidBudgetError(
            field=field, value=value, expected="an amount such as 100 or '£0.100m'"
        )
    if quantity.unit is None:
        return quantity.number
    money = _money_unit(unit)
    if money is None or money[0] != quantity.unit:
        raise UnitMismatchError(
            f"a {quantity.unit} amount cannot be read in {unit!r}",
            field=field,
            value=value,
            expected=f"an amount in {unit}",
        )
    with localcontext(EXACT):
        return trim(quantity.number.scaleb(-money[1]))


def _percent(value: object) -> Decimal | None:
    """A percentage: a number, or text with or without a percent sign (``"5%"``)."""
    return None if value is None else to_decimal(value, field="threshold percent")


def _amount(value: object) -> Decimal | None:
    """An amount in the table's unit; money text needs a unit, so it goes through ``amount_in``."""
    if value is None:
        return None
    if isinstance(value, str) and any(sign in value for sign in CURRENCIES):
        raise InvalidBudgetError(
            "money text needs the table's unit: pass unit= to BudgetRule's constructors "
            "or from_dict, or give the amount in the table's unit",
            field="threshold amount",
            value=value,
            expected="an amount in the table's unit",
        )
    return to_decimal(value, field="threshold amount")


def _edge(value: EdgeSide | str | None) -> EdgeSide | None:
    return None if value is None else EdgeSide.parse(value)


@attrs.frozen
class Threshold:
    """A variance limit: a percentage of the absolute budget, an amount, or the lower of both.

    ``edge_side`` says where a variance exactly at the limit goes:
    ``INCLUSIVE`` puts it in the band the threshold opens ("Red: an overspend
    of 5% or more"), ``EXCLUSIVE`` keeps it in the band below ("Red: over
    5%"). Left ``None``, a ``BudgetRule`` decides as it always has: an Amber
    threshold includes its edge, a Red threshold excludes it.

    ```pycon
    >>> Threshold(percent=5, amount=100).limit(Decimal(6974))
    Decimal('100')
    >>> Threshold(percent=5, amount=100).limit(Decimal(-800))  # 5% of the absolute budget
    Decimal('40')
    >>> red = Threshold(percent=5, edge_side=EdgeSide.INCLUSIVE)
    >>> red.reached(Decimal(50), Decimal(1000)), red.reached(Decimal("49.99"), Decimal(1000))
    (True, False)

    ```
    """

    percent: Decimal | None = attrs.field(default=None, converter=_percent)
    amount: Decimal | None = attrs.field(default=None, converter=_amount)
    edge_side: EdgeSide | None = attrs.field(default=None, converter=_edge)

    def __attrs_post_init__(self) -> None:
        if self.percent is None and self.amount is None:
            raise InvalidBudgetError(
                field="threshold", expected="a percent, an amount, or both", value=None
            )
        for field in ("percent", "amount"):
            value = getattr(self, field)
            if value is not None and value < 0:
                raise InvalidBudgetError(
                    field=f"threshold {field}", value=value, expected="zero or more"
                )

    def limit(self, budget: Number) -> Decimal:
        """The limit for a line with this budget: the lower of the two when both are set."""
        budget = to_decimal(budget, field="budget")
        limits = []
        if self.percent is not None:
            with localcontext(EXACT):
                limits.append(abs(budget) * self.percent / _HUNDRED)
        if self.amount is not None:
            limits.append(self.amount)
        return min(limits)

    def reached(self, variance: Number, budget: Number) -> bool:
        """Whether a variance (its size) reaches this threshold for a line with this budget.

        A variance exactly at the limit reaches it unless the edge is ``EXCLUSIVE``.
        """
        size = abs(to_decimal(variance, field="variance"))
        limit = self.limit(budget)
        if self.edge_side is EdgeSide.EXCLUSIVE:
            return size > limit
        return size >= limit

    def describe(self, budget: Number) -> str:
        """The limit in words for a budget: ``the lower of 5% of 6,974 (348.7) and 100``."""
        budget = to_decimal(budget, field="budget")
        parts = []
        if self.percent is not None:
            with localcontext(EXACT):
                share = abs(budget) * self.percent / _HUNDRED
            parts.append(
                f"{format_decimal(self.percent)}% of {format_decimal(abs(budget), grouping=True)} "
                f"({format_decimal(trim(share), grouping=True)})"
            )
        if self.amount is not None:
            parts.append(format_decimal(self.amount, grouping=True))
        if len(parts) == 1:
            return parts[0]
        return f"the lower of {parts[0]} and {parts[1]}"


def _amber(value: Threshold) -> Threshold:
    """An Amber threshold; an unstated edge is inclusive (as it has always been)."""
    instance(value, Threshold, field="amber")
    if value.edge_side is None:
        return attrs.evolve(value, edge_side=EdgeSide.INCLUSIVE)
    return value


def _red(value: Threshold) -> Threshold:
    """A Red threshold; an unstated edge is exclusive (the edge value stays Amber)."""
    instance(value, Threshold, field="red")
    if value.edge_side is None:
        return attrs.evolve(value, edge_side=EdgeSide.EXCLUSIVE)
    return value


def _threshold(
    limit: object, field: str, unit: str | None, edge_side: EdgeSide | str | None
) -> Threshold:
    """A ``(percent, amount)`` pair (or a Threshold) as a threshold, amounts read in ``unit``."""
    if isinstance(limit, Threshold):
        return limit
    if not (isinstance(limit, tuple | list) and len(limit) == 2):  # noqa: PLR2004 - a pair
        raise ValueTypeError(field=field, value=limit, expected="a (percent, amount) pair")
    percent, amount = limit
    if amount is not None and unit is not None:
        amount = amount_in(amount, unit, field=f"{field} amount")
    return Threshold(percent=percent, amount=amount, edge_side=edge_side)


@attrs.frozen
class BudgetRule:
    """Budget RAG thresholds as data.

    An adverse variance that reaches ``red`` is Red, one that reaches
    ``amber`` is Amber, anything smaller is Green. Unless a threshold says
    otherwise, a variance exactly at the Amber limit is Amber and one exactly
    at the Red limit is still Amber. Favourable variances are Green unless
    ``flag_underspends``, when they are judged by the same limits. Amounts are
    in the table's unit; ``unit``, when set, is checked against each line's.

    ```pycon
    >>> rule = BudgetRule.percentage(amber=2, red=5)
    >>> rule.rate(BudgetLine("People", 6974, 7093))
    <Status Green (RAG)>
    >>> rule.rate(BudgetLine("Commissioning", 2174, 2300))
    <Status Red (RAG)>
    >>> print(rule.explain(BudgetLine("Edge", 1000, 1050)))
    Amber: 50 overspend (5%) is exactly at the Red limit of 5% of 1,000 (50),
    an exclusive edge: it stays Amber
    >>> inclusive = BudgetRule.percentage(amber=2, red=5, red_edge=EdgeSide.INCLUSIVE)
    >>> inclusive.rate(BudgetLine("Edge", 1000, 1050))
    <Status Red (RAG)>

    ```
    """

    amber: Threshold = attrs.field(converter=_amber)
    red: Threshold = attrs.field(converter=_red)
    flag_underspends: bool = attrs.field(default=False, validator=flag)
    unit: str | None = attrs.field(default=None, validator=optional_text)

    def __repr__(self) -> str:
        flagged = ", underspends flagged" if self.flag_underspends else ""
        unit = "" if self.unit is None else f", {brief(self.unit, 12)}"
        amber, red = _short(self.amber), _short(self.red)
        return f"BudgetRule(amber {amber}, red {red}{flagged}{unit})"

    @classmethod
    def percentage(
        cls,
        *,
        amber: Number,
        red: Number,
        flag_underspends: bool = False,
        amber_edge: EdgeSide | str | None = None,
        red_edge: EdgeSide | str | None = None,
    ) -> BudgetRule:
        """Under ``amber``% Green, ``amber``% to ``red``% Amber, over ``red``% Red."""
        return cls(
            Threshold(percent=amber, edge_side=amber_edge),
            Threshold(percent=red, edge_side=red_edge),
            flag_underspends,
        )

    @classmethod
    def absolute(
        cls,
        *,
        amber: Number,
        red: Number,
        flag_underspends: bool = False,
        amber_edge: EdgeSide | str | None = None,
        red_edge: EdgeSide | str | None = None,
        unit: str | None = None,
    ) -> BudgetRule:
        """The same with amounts: numbers in the table's unit, or money text read in ``unit``."""
        return cls(
            _threshold((None, amber), "amber", unit, amber_edge),
            _threshold((None, red), "red", unit, red_edge),
            flag_underspends,
            unit,
        )

    @classmethod
    def lesser_of(
        cls,
        *,
        amber: tuple[Number | None, Number | None],
        red: tuple[Number | None, Number | None],
        flag_underspends: bool = False,
        amber_edge: EdgeSide | str | None = None,
        red_edge: EdgeSide | str | None = None,
        unit: str | None = None,
    ) -> BudgetRule:
        """Each limit a (percent, amount) pair, whichever is lower: ``red=(5, "£0.100m")``.

        ```pycon
        >>> rule = BudgetRule.lesser_of(
        ...     amber=(0, 0), red=(5, "£0.100m"), amber_edge="exclusive", red_edge="inclusive",
        ...     unit="£'000",
        ... )
        >>> rule.red.limit(6974), rule.red.edge_side
        (Decimal('100'), <EdgeSide.INCLUSIVE: 'inclusive'>)

        ```
        """
        return cls(
            _threshold(amber, "amber", unit, amber_edge),
            _threshold(red, "red", unit, red_edge),
            flag_underspends,
            unit,
        )

    @classmethod
    def from_dict(cls, data: object, *, path: Sequence[str | int] = ()) -> BudgetRule:
        """A rule from plain data, as a TOML rules file holds it.

        Keys: ``red`` and optional ``amber``, each a table of ``percent``
        and/or ``amount`` (whichever is lower when both) and ``edge``
        (``"inclusive"`` or ``"exclusive"``); optional ``flag_underspends``
        (true or false) and ``unit`` (the table's unit, e.g. ``"£'000"``,
        needed to read money such as ``"£0.100m"``; ``£'000`` when money is
        given without one). Without ``amber``, any overspend below the Red
        line is Amber.

        ```pycon
        >>> rule = BudgetRule.from_dict(
        ...     {"red": {"percent": 5, "amount": "£0.100m", "edge": "inclusive"}}
        ... )
        >>> rule.rate(BudgetLine("Libraries", 1800, 1890))  # 90 reaches 5% of 1,800 = 90
        <Status Red (RAG)>
        >>> rule.rate(BudgetLine("Libraries", 1800, 1801)), rule.rate(BudgetLine("x", 1800, 1800))
        (<Status Amber (RAG)>, <Status Green (RAG)>)

        ```

        Raises:
            InvalidRulesError: listing every bad entry with its key path.
        """
        from kpirag.budget._plain import rule_from_dict  # noqa: PLC0415 - it imports this module

        return rule_from_dict(data, key_path(path))

    def rate(self, line: BudgetLine) -> Status:
        """The status of one line's variance."""
        return self._judge(line)[0]

    def explain(self, line: BudgetLine) -> str:
        """The status and why, in one line, saying which side an edge value went to."""
        status, reason = self._judge(line)
        return f"{status}: {reason}"

    def _judge(self, line: BudgetLine) -> tuple[Status, str]:
        from kpirag.budget._budget import BudgetLine  # noqa: PLC0415 - it imports this module

        instance(line, BudgetLine, field="line")
        if self.unit is not None and line.unit != self.unit:
            raise UnitMismatchError(
                f"the rule's amounts are in {self.unit}",
                field="unit",
                value=line.unit,
                expected=self.unit,
                subject=f"Budget line {line.name!r}",
            )
        with localcontext(EXACT):  # exact, and wide enough for any amount
            variance = abs(line.variance)
            said = line.variance_words()
            if variance.is_zero():
                return Status.GREEN, "on budget"
            if line.favourable and not self.flag_underspends:
                return Status.GREEN, f"{said}; underspends are not flagged"
            for threshold, status, name in (
                (self.red, Status.RED, "Red"),
                (self.amber, Status.AMBER, "Amber"),
            ):
                limit = threshold.limit(line.budget)
                where = f"the {name} limit of {threshold.describe(line.budget)}"
                if threshold.reached(variance, line.budget):
                    if variance == limit:
                        return status, f"{said} is exactly at {where}, an inclusive edge: {name}"
                    if status is Status.AMBER:
                        red = self.red.describe(line.budget)
                        return status, f"{said} is over {where} and under the Red limit of {red}"
                    return status, f"{said} is over {where}"
                if variance == limit:
                    below = "Amber" if status is Status.RED else "Green"
                    return (
                        Status.AMBER if status is Status.RED else Status.GREEN,
                        f"{said} is exactly at {where}, an exclusive edge: it stays {below}",
                    )
            return Status.GREEN, f"{said} is under {where}"


@attrs.frozen
class RatedLine:
    """A line of a budget table rated by its level's rule.

    ```pycon
    >>> rules = BudgetRules(BudgetRule.percentage(amber=2, red=5))
    >>> rated = rules.rate(BudgetTable([BudgetLine("People", 6974, 7093)]))[0]
    >>> rated.level, rated.status
    (<BudgetLevel.SERVICE: 'service'>, <Status Green (RAG)>)
    >>> print(rated.explanation)
    Green: 119 overspend (1.7%) is under the Amber limit of 2% of 6,974 (139.48)

    ```

    Attributes:
        line: the line (a published subtotal, or a total computed from the lines).
        level: its level in the hierarchy.
        status: its status under ``rule``.
        rule: the rule it was judged by.
    """

    line: BudgetLine
    level: BudgetLevel
    status: Status
    rule: BudgetRule

    def __repr__(self) -> str:
        return f"RatedLine({brief(self.line.name)}, {self.level.value}, {self.status})"

    @property
    def explanation(self) -> str:
        """The status and why, in one line."""
        return self.rule.explain(self.line)


def _short(threshold: Threshold) -> str:
    """A threshold in a repr: ``2%``, ``100``, ``5%/100`` (the lower of), ``(inclusive)``."""
    parts = [f"{short_number(threshold.percent)}%"] * (threshold.percent is not None)
    parts += [short_number(threshold.amount)] * (threshold.amount is not None)
    edge = "" if threshold.edge_side is None else f" ({threshold.edge_side})"
    return "/".join(parts) + edge


def _optional_rule(value: BudgetRule | None) -> BudgetRule | None:
    return None if value is None else instance(value, BudgetRule, field="rule")


@attrs.frozen
class BudgetRules:
    """One rule per level of a budget hierarchy: service lines, directorates, the grand total.

    A level without its own rule uses the rule of the level below it.

    ```pycon
    >>> any_overspend = Threshold(amount=0, edge_side="exclusive")
    >>> rules = BudgetRules(
    ...     service=BudgetRule(any_overspend, Threshold(5, 100, edge_side="inclusive")),
    ...     total=BudgetRule(any_overspend, Threshold("0.5", 1000, edge_side="inclusive")),
    ... )
    >>> rules.for_level(BudgetLevel.DIRECTORATE) is rules.service
    True
    >>> table = BudgetTable([
    ...     BudgetLine("Libraries", 1800, 1890, group="Communities"),
    ...     BudgetLine("Schools", 20000, 20050, group="People"),
    ... ])
    >>> for rated in rules.rate(table):
    ...     print(rated.level.value, rated.line.name, rated.status)
    service Libraries Red
    directorate Communities Red
    service Schools Amber
    directorate People Amber
    total Total Red
    >>> print(rules.rate(table)[-1].explanation)
    Red: 140 overspend (0.6%) is over the Red limit of the lower of 0.5% of 21,800 (109)
    and 1,000

    ```
    """

    service: BudgetRule = attrs.field(validator=of(BudgetRule))
    directorate: BudgetRule | None = attrs.field(default=None, converter=_optional_rule)
    total: BudgetRule | None = attrs.field(default=None, converter=_optional_rule)

    def __repr__(self) -> str:
        own = [level for level in ("directorate", "total") if getattr(self, level) is not None]
        levels = f"own rules for service, {', '.join(own)}" if own else "one rule for every level"
        service = f"amber {_short(self.service.amber)}, red {_short(self.service.red)}"
        return f"BudgetRules({levels}; service {service})"

    @classmethod
    def from_dict(cls, data: object, *, path: Sequence[str | int] = ()) -> BudgetRules:
        """Rules from plain data: ``{"service": {...}, "directorate": {...}, "total": {...}}``.

        Each level's table is a ``BudgetRule.from_dict`` table; ``service`` is
        required. A single rule's table (with ``red`` at the top) applies to
        every level.

        Raises:
            InvalidRulesError: listing every bad entry with its key path.
        """
        from kpirag.budget._plain import rules_from_dict  # noqa: PLC0415 - it imports this module

        return rules_from_dict(data, key_path(path))

    def for_level(self, level: BudgetLevel | str) -> BudgetRule:
        """The rule for a level (the next level down's when it has none)."""
        level = BudgetLevel(level)
        if level is BudgetLevel.TOTAL and self.total is not None:
            return self.total
        if level is not BudgetLevel.SERVICE and self.directorate is not None:
            return self.directorate
        return self.service

    def rate(self, table: BudgetTable) -> tuple[RatedLine, ...]:
        """Every line of the table, and each group's and each category's total, rated.

        Per category, in table order: each group's service lines then the
        group's total (the published subtotal line if the table has one, else
        the sum of its lines), and last the grand total (the published one, or
        the sum of every service line; subtotals are never added in).
        """
        from kpirag.budget._budget import BudgetTable  # noqa: PLC0415 - it imports this module

        instance(table, BudgetTable, field="table")
        result: list[RatedLine] = []
        for category in table.categories:
            for line, level in table.hierarchy(category):
                rule = self.for_level(level)
                result.append(RatedLine(line, level, rule.rate(line), rule))
        return tuple(result)
