"""A rules file: every rule kpirag judges by, declared once in TOML.

``load_rules`` reads scales, schemes, which scheme each KPI gets (a default,
and overrides by KPI id or by theme), the risk matrix, the budget rule and
the SPC settings into one frozen ``Rules``. Loading is all or nothing: every
bad entry is reported with its TOML key path and its line, in one
``LoadError``. ``Rules.describe`` says in words what was understood (what
``kpirag rules check`` prints).

Sections whose rules live in other layers are read by those layers'
constructors: a custom matrix (``[risks.matrix]`` as a table) by
``RiskMatrix.from_dict``, per-level budget rules (``[budget.service]``,
``[budget.directorate]``, ``[budget.total]``, or one rule's ``red`` and
``amber`` tables) by ``BudgetRules.from_dict``; their bad entries come back
with their key paths like the rest.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs

from kpirag._validate import because, brief, counted, flag, instance, iterable, of, shown
from kpirag._validate import text as is_text
from kpirag.budget import BudgetLevel, BudgetRule, BudgetRules, Threshold
from kpirag.errors import (
    InvalidRulesError,
    InvalidSchemeError,
    KpiragError,
    LoadError,
    Problem,
    RuleProblem,
    ValueTypeError,
)
from kpirag.io._limits import MAX_RULES_BYTES, MAX_RULES_DEPTH, MAX_RULES_ITEMS
from kpirag.io._loaders import _name, check_source, read_bytes
from kpirag.io._rules_words import (
    SPC_KNOBS,
    budget_rules_words,
    describe_scheme,
    matrix_words,
    scale_words,
    spc_words,
)
from kpirag.io._toml_lines import KeyPath, TomlLines, too_deep_or_long
from kpirag.ipr import AssuranceTarget, IPRSettings, QualityScale
from kpirag.risk import RiskMatrix
from kpirag.rules import (
    Direction,
    Scale,
    Scheme,
    Status,
    Step,
    Tolerance,
    ToleranceKind,
    format_decimal,
)
from kpirag.spc import SPCSettings

__all__ = ["KPIRule", "Rules", "load_rules"]


_TOP_KEYS = ("scales", "schemes", "kpis", "risks", "budget", "spc", "ipr")
_RULE_KEYS = ("scheme", "scale", "tolerance")
_DEFAULT_KEYS = ("better", "fraction")
_KPI_KEYS = (*_RULE_KEYS, *_DEFAULT_KEYS, "ids", "themes")
_RISK_KEYS = ("matrix",)
_BUDGET_PRESET_KEYS = ("rule", "amber", "red", "flag_underspends")
_BUDGET_LEVELS = tuple(level.value for level in BudgetLevel)
_BUDGET_KEYS = (*_BUDGET_PRESET_KEYS, "unit", *_BUDGET_LEVELS)
_BUDGET_PRESETS = ("percentage", "absolute", "lesser_of")
_MATRICES: Mapping[str, Callable[[], RiskMatrix]] = {
    "city": RiskMatrix.city_of_london,
    "city_of_london": RiskMatrix.city_of_london,
    "nhs": RiskMatrix.nhs_5x5,
    "nhs_5x5": RiskMatrix.nhs_5x5,
}


@attrs.frozen
class KPIRule:
    """The scheme and scale that apply to one KPI.

    Attributes:
        scheme: the scheme its status is computed by.
        scale: the scale its recorded status is read on (``None``: the standard
            RAG scale with Blue).
        specific: whether an override by id or theme chose it (rather than the default).
        source: where it came from, in words (``"the default"``, ``"theme '1 Safe'"``).
    """

    scheme: Scheme = attrs.field(validator=of(Scheme))
    scale: Scale | None = attrs.field(validator=of(Scale, optional=True))
    specific: bool = attrs.field(default=False, validator=flag)
    source: str = attrs.field(default="the default", validator=is_text)

    def __repr__(self) -> str:
        scale = (
            "the RAG scale with Blue"
            if self.scale is None
            else f"scale {brief(self.scale.name, 30)}"
        )
        steps = counted(len(self.scheme.steps), "step")
        return f"KPIRule({brief(self.source, 30)}, {steps}, {scale})"

    def scheme_for_tolerance(self, tolerance: Tolerance) -> Scheme:
        """The scheme a tolerance gives on this rule's scale (a KPI's ``tolerance`` column).

        On a RAG scale (or none), the standard scheme; on another scale its best
        level when met, its second within the tolerance and its worst beyond;
        with no tolerance (or two levels and ``none``), met or not.

        Raises:
            InvalidSchemeError: a two-level scale cannot take a tolerance.
            ValueTypeError: ``tolerance`` is not a ``Tolerance``.
        """
        instance(tolerance, Tolerance, field="tolerance")
        scale = self.scale
        if scale is None or scale.best.scale == Status.GREEN.scale:
            return Scheme.standard(tolerance)
        if tolerance.kind is ToleranceKind.NONE:
            return Scheme.pass_fail(scale)
        if len(scale.levels) < 3:  # noqa: PLR2004 - met, within, beyond
            raise InvalidSchemeError(
                f"the {scale.name} scale has no middle level for a tolerance; write steps",
                field="tolerance",
                value=str(tolerance),
            )
        return Scheme(scale.best, [Step(tolerance, scale.levels[1])], scale.worst)


def _pairs(value: object, cls: type, field: str) -> tuple[tuple[str, Any], ...]:
    """``(name, cls)`` pairs from a mapping or pairs, or our error naming ``field``."""
    expected = f"a mapping or (name, {cls.__name__}) pairs"
    items = tuple(value.items()) if isinstance(value, Mapping) else tuple(iterable(value, field))
    for pair in items:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2  # noqa: PLR2004 - a name and its value
            and isinstance(pair[0], str)
            and isinstance(pair[1], cls)
        ):
            reason = f"{shown(pair)} is not a (name, {cls.__name__}) pair"
            raise ValueTypeError(reason, field=field, value=value, expected=expected)
    return items


def _scales(value: object) -> tuple[tuple[str, Scale], ...]:
    return _pairs(value, Scale, "scales")


def _schemes(value: object) -> tuple[tuple[str, KPIRule], ...]:
    return _pairs(value, KPIRule, "schemes")


def _by_id(value: object) -> tuple[tuple[str, KPIRule], ...]:
    return _pairs(value, KPIRule, "by_id")


def _by_theme(value: object) -> tuple[tuple[str, KPIRule], ...]:
    return _pairs(value, KPIRule, "by_theme")


@attrs.frozen
class Rules:
    """Every rule of a rules file, ready to judge by (``load_rules`` builds it).

    Attributes:
        source: the file it was read from.
        scales: the file's scales, by name.
        schemes: the file's schemes, by name, each with its scale.
        kpis: the rule for every KPI without an override.
        by_id: overrides by KPI id.
        by_theme: overrides by theme (an id override wins).
        risk_matrix: the risk matrix, or ``None`` (the command's default).
        budget: the budget rules, one per level of a hierarchy (a single rule
            is the service lines' rule, used at every level), or ``None``.
        spc: the SPC settings, or ``None`` (the command's default).
        better: which way is better for a KPI whose bare target number does
            not say (``[kpis] better = "higher"``), unless its row does; ``None``:
            such a target is a problem.
        fraction: whether bare percentage figures from 0 to 1 are fractions of 1
            (``[kpis] fraction = true``), unless a KPI's row says; ``None``:
            such figures against a target above 1% are a problem.
        ipr: the integrated performance report's settings (``[ipr]``: the
            data-quality scale and the assurance target), or ``None``.

    ```pycon
    >>> import io
    >>> text = b'''
    ... [kpis]
    ... scale = "achieved"
    ... '''
    >>> rules = load_rules(io.BytesIO(text), name="rules.toml")
    >>> rules.kpi_rule("NI 1", "").scheme
    Scheme(met=Achieved, steps=[], beyond=Not achieved)

    ```
    """

    source: str = attrs.field(validator=is_text)
    scales: tuple[tuple[str, Scale], ...] = attrs.field(default=(), converter=_scales)
    schemes: tuple[tuple[str, KPIRule], ...] = attrs.field(default=(), converter=_schemes)
    kpis: KPIRule | None = attrs.field(default=None, validator=of(KPIRule, optional=True))
    by_id: tuple[tuple[str, KPIRule], ...] = attrs.field(default=(), converter=_by_id)
    by_theme: tuple[tuple[str, KPIRule], ...] = attrs.field(default=(), converter=_by_theme)
    risk_matrix: RiskMatrix | None = attrs.field(
        default=None, validator=of(RiskMatrix, optional=True)
    )
    budget: BudgetRules | None = attrs.field(default=None, validator=of(BudgetRules, optional=True))
    spc: SPCSettings | None = attrs.field(default=None, validator=of(SPCSettings, optional=True))
    better: Direction | None = attrs.field(
        default=None, kw_only=True, validator=of(Direction, optional=True)
    )
    fraction: bool | None = attrs.field(
        default=None, kw_only=True, validator=of(bool, optional=True)
    )
    ipr: IPRSettings | None = attrs.field(
        default=None, kw_only=True, validator=of(IPRSettings, optional=True)
    )

    def __repr__(self) -> str:
        parts = (
            ("kpis", self.kpis is not None),
            (counted(len(self.scales), "scale"), bool(self.scales)),
            (counted(len(self.schemes), "scheme"), bool(self.schemes)),
            (f"{len(self.by_id)} by id", bool(self.by_id)),
            (f"{len(self.by_theme)} by theme", bool(self.by_theme)),
            ("risk matrix", self.risk_matrix is not None),
            ("budget", self.budget is not None),
            ("spc", self.spc is not None),
            ("ipr", self.ipr is not None),
        )
        name = brief(Path(self.source).name if self.source else self.source)
        return f"Rules({', '.join([name, *(part for part, given in parts if given)])})"

    @property
    def budget_rule(self) -> BudgetRule | None:
        """The service lines' budget rule (the only one, in a single-rule file), or ``None``."""
        return None if self.budget is None else self.budget.service

    @property
    def overrides(self) -> bool:
        """Whether any KPI has a rule of its own (by id or theme)."""
        return bool(self.by_id or self.by_theme)

    def kpi_rule(self, kpi_id: str, theme: str, default: Scheme | None = None) -> KPIRule:
        """The rule for the KPI with this id and theme (``default``: the scheme without rules)."""
        instance(kpi_id, str, field="kpi_id", expected="text")
        instance(theme, str, field="theme", expected="text")
        if default is not None:
            instance(default, Scheme, field="default", expected="a Scheme or None")
        for key, rule in self.by_id:
            if key == kpi_id.strip():
                return rule
        wanted = " ".join(theme.casefold().split())
        for key, rule in self.by_theme:
            if " ".join(key.casefold().split()) == wanted and wanted:
                return rule
        if self.kpis is not None:
            return self.kpis
        return KPIRule(default or Scheme.city_of_london(), None)

    def describe(self) -> str:
        """What the rules say, in words, one rule a line (``kpirag rules check`` prints it)."""
        lines = [f"Rules from {self.source}:"]
        lines += [f"Scale {name!r}: {scale_words(scale)}." for name, scale in self.scales]
        lines += [
            f"Scheme {name!r}: {describe_scheme(rule.scheme)}." for name, rule in self.schemes
        ]
        if self.kpis is not None:
            lines.append(f"Every KPI (unless overridden): {describe_scheme(self.kpis.scheme)}.")
        lines += _default_words(self.better, self.fraction)
        for kind, table in (("Theme", self.by_theme), ("KPI", self.by_id)):
            lines += [f"{kind} {key!r}: {describe_scheme(rule.scheme)}." for key, rule in table]
        if self.risk_matrix is not None:
            lines.append(f"Risks: the {matrix_words(self.risk_matrix)}.")
        if self.budget is not None:
            lines += budget_rules_words(self.budget)
        if self.spc is not None:
            lines.append(f"SPC: {spc_words(self.spc)}.")
        if self.ipr is not None:
            lines.append(f"Integrated performance report: {_ipr_words(self.ipr)}.")
        if len(lines) == 1:
            lines.append("no rules: every command uses its defaults.")
        return "\n".join(lines)


def _ipr_words(settings: IPRSettings) -> str:
    """The ``[ipr]`` section in words."""
    judged = (
        "the latest target"
        if settings.assurance is AssuranceTarget.LATEST
        else "each period's own target"
    )
    words = [f"assurance is judged against {judged}"]
    scale = settings.quality
    if scale is not None:
        levels = ", ".join(scale.levels)
        rated = (
            "every level is rated"
            if scale.rated_from is None
            else (f"metrics rated below {scale.rated_from} are not rated")
        )
        words.append(f"data quality is rated {levels} (worst first); {rated}")
    return "; ".join(words)


def _default_words(better: Direction | None, fraction: bool | None) -> list[str]:
    """The declared defaults of ``[kpis]``, in words."""
    lines = []
    if better is not None:
        lines.append(
            f"A bare target number (0, 4.5%) means {better.value} is better, "
            "unless the KPI's row says otherwise."
        )
    if fraction is not None:
        meaning = "fractions of 1 (0.69 is 69%)" if fraction else "percentages (0.69 is 0.69%)"
        lines.append(
            f"Bare figures of a percentage KPI are {meaning}, unless the KPI's row says otherwise."
        )
    return lines


# --- reading the file -------------------------------------------------------------------------


class _Reader:
    """Builds ``Rules`` from the parsed document, noting every bad entry."""

    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []
        self.scales: dict[str, Scale] = {}
        self.schemes: dict[str, KPIRule] = {}
        self.better: Direction | None = None
        self.fraction: bool | None = None

    def add(self, path: KeyPath, message: str, value: object = None) -> None:
        self.problems.append(RuleProblem(path, message, value))

    def table(self, data: object, path: KeyPath, keys: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.add(path, f"expected a table, not {type(data).__name__}", data)
            return {}
        for key in data:
            if key not in keys:
                self.add((*path, key), f"unknown key; expected one of {', '.join(keys)}", data[key])
        return data

    def named(self, document: Mapping[str, Any], section: str) -> Mapping[str, Any]:
        """A section of named entries (``scales``, ``schemes``); ``{}`` if it is not a table."""
        found = document.get(section, {})
        if isinstance(found, Mapping):
            return found
        self.add((section,), f"expected a table of {section}", found)
        return {}

    def collect(self, error: InvalidRulesError) -> None:
        self.problems += error.problems

    def scale(self, value: object, path: KeyPath) -> Scale | None:
        """A scale named by a file scale or a preset, or given as a table."""
        if isinstance(value, Mapping):
            try:
                return Scale.from_dict(value, path=path)
            except InvalidRulesError as exc:
                self.collect(exc)
                return None
        if not isinstance(value, str):
            self.add(path, f"expected a scale's name, not {type(value).__name__}", value)
            return None
        named = {name.casefold(): scale for name, scale in self.scales.items()}
        if value.casefold() in named:
            return named[value.casefold()]
        try:
            return Scale.preset(value)
        except KpiragError as exc:
            known = ", ".join(repr(name) for name in self.scales)
            self.add(path, because(exc) + (f"; or a scale of the file: {known}" if known else ""))
            return None

    def scheme(self, value: object, path: KeyPath) -> KPIRule | None:
        """A scheme table, with its scale."""
        if not isinstance(value, Mapping):
            self.add(path, f"expected a table, not {type(value).__name__}", value)
            return None
        scale = self.scale(value.get("scale", "rag"), (*path, "scale"))
        if scale is None:
            return None
        data = {**value, "scale": scale.name}
        try:
            scheme = Scheme.from_dict(data, scales={scale.name: scale}, path=path)
        except InvalidRulesError as exc:
            self.collect(exc)
            return None
        return KPIRule(scheme, scale)

    def rule(
        self, data: object, path: KeyPath, source: str, default: Scale | None
    ) -> KPIRule | None:
        """A KPI rule: a scheme (by name or as a table), or a scale and a tolerance."""
        table = self.table(data, path, _RULE_KEYS)
        if "scheme" in table:
            for key in ("scale", "tolerance"):
                if key in table:
                    self.add((*path, key), "give a scheme, or a scale and a tolerance, not both")
            given = table["scheme"]
            if isinstance(given, str):
                named = {name.casefold(): rule for name, rule in self.schemes.items()}
                found = named.get(given.casefold())
                if found is None:
                    known = ", ".join(repr(name) for name in self.schemes) or "none"
                    message = f"no scheme of that name; the file has {known}"
                    self.add((*path, "scheme"), message, given)
                    return None
                return attrs.evolve(found, source=source)
            rule = self.scheme(given, (*path, "scheme"))
            return None if rule is None else attrs.evolve(rule, source=source)
        if "scale" not in table and "tolerance" not in table:
            self.add(path, "expected a scheme, or a scale and a tolerance")
            return None
        scale = self.scale(table["scale"], (*path, "scale")) if "scale" in table else default
        if scale is None and "scale" in table:
            return None
        tolerance = table.get("tolerance", "none" if "scale" in table else "10%")
        where = (*path, "tolerance")
        if not isinstance(tolerance, str):
            self.add(where, "expected tolerance text such as '10%' or '5pt'", tolerance)
            return None
        try:
            parsed = Tolerance.parse(tolerance)
            rule = KPIRule(Scheme.standard("none"), scale, specific=True, source=source)
            return attrs.evolve(rule, scheme=rule.scheme_for_tolerance(parsed))
        except KpiragError as exc:
            self.add(where, because(exc), tolerance)
            return None

    def overrides(
        self, data: object, path: KeyPath, kind: str, default: Scale | None
    ) -> dict[str, KPIRule]:
        found: dict[str, KPIRule] = {}
        if not isinstance(data, Mapping):
            self.add(path, f"expected a table of {kind}s, not {type(data).__name__}", data)
            return found
        for key, value in data.items():
            rule = self.rule(value, (*path, key), f"{kind} {key!r}", default)
            if rule is not None:
                found[str(key).strip()] = attrs.evolve(rule, specific=True)
        return found

    def kpis(self, data: object) -> tuple[KPIRule | None, dict[str, KPIRule], dict[str, KPIRule]]:
        table = self.table(data, ("kpis",), _KPI_KEYS)
        default = None
        if any(key in table for key in _RULE_KEYS):
            default = self.rule(
                {k: v for k, v in table.items() if k in _RULE_KEYS}, ("kpis",), "the default", None
            )
        self.defaults(table)
        scale = None if default is None else default.scale
        by_id = self.overrides(table.get("ids", {}), ("kpis", "ids"), "KPI", scale)
        by_theme = self.overrides(table.get("themes", {}), ("kpis", "themes"), "theme", scale)
        return default, by_id, by_theme

    def defaults(self, table: Mapping[str, Any]) -> None:
        """The declared defaults for what a KPI's row leaves unsaid: ``better`` and ``fraction``."""
        if "better" in table:
            given = table["better"]
            if isinstance(given, str) and given.strip().casefold() in {"higher", "lower"}:
                self.better = Direction(given.strip().casefold())
            else:
                self.add(("kpis", "better"), "expected 'higher' or 'lower'", given)
        if "fraction" in table:
            if isinstance(table["fraction"], bool):
                self.fraction = table["fraction"]
            else:
                self.add(("kpis", "fraction"), "expected true or false", table["fraction"])

    def risks(self, data: object) -> RiskMatrix | None:
        table = self.table(data, ("risks",), _RISK_KEYS)
        given = table.get("matrix")
        path: KeyPath = ("risks", "matrix")
        if given is None:
            return None
        if isinstance(given, Mapping):
            try:
                return RiskMatrix.from_dict(given, path=path, scales=self.scales)
            except InvalidRulesError as exc:
                self.collect(exc)
            except KpiragError as exc:
                self.add(path, because(exc))
            return None
        if not isinstance(given, str) or _words(given) not in _MATRICES:
            self.add(path, "expected a preset (city, nhs) or a table", given)
            return None
        return _MATRICES[_words(given)]()

    def budget(self, data: object) -> BudgetRules | None:
        """Budget rules: a preset rule (``rule = "lesser_of"``), or rules as ``BudgetRules`` reads.

        Per-level tables (``[budget.service]``, ``[budget.directorate]``,
        ``[budget.total]``), or one rule's ``red`` (and ``amber``) tables for
        every level, go to ``BudgetRules.from_dict``.
        """
        table = self.table(data, ("budget",), _BUDGET_KEYS)
        levels = [key for key in _BUDGET_LEVELS if key in table]
        preset = "rule" in table
        if levels and (preset or "red" in table or "amber" in table):
            for key in ("rule", "amber", "red"):
                if key in table:
                    message = f"give one rule or one per level ({', '.join(levels)}), not both"
                    self.add(("budget", key), message)
            return None
        if preset:
            if "unit" in table:
                self.add(("budget", "unit"), "a preset rule's amounts are in the table's unit")
            rule = self.budget_rule(table)
            return None if rule is None else BudgetRules(rule)
        if levels or isinstance(table.get("red"), Mapping):
            try:
                return BudgetRules.from_dict(_decimals_as_text(table), path=("budget",))
            except InvalidRulesError as exc:
                self.collect(exc)
            except KpiragError as exc:
                self.add(("budget",), because(exc))
            return None
        if any(key in table for key in ("amber", "red", "flag_underspends", "unit")):
            self.add(
                ("budget", "rule"),
                "give the rule: " + ", ".join(_BUDGET_PRESETS) + ", or red and amber tables",
            )
        return None

    def budget_rule(self, table: Mapping[str, Any]) -> BudgetRule | None:
        preset = table["rule"]
        if not isinstance(preset, str) or _words(preset) not in _BUDGET_PRESETS:
            self.add(("budget", "rule"), "expected one of " + ", ".join(_BUDGET_PRESETS), preset)
            return None
        flag = table.get("flag_underspends", False)
        if not isinstance(flag, bool):
            self.add(("budget", "flag_underspends"), "expected true or false", flag)
            return None
        amber = self.threshold(_words(preset), table.get("amber"), ("budget", "amber"))
        red = self.threshold(_words(preset), table.get("red"), ("budget", "red"))
        return None if amber is None or red is None else BudgetRule(amber, red, flag)

    def threshold(self, preset: str, value: object, path: KeyPath) -> Threshold | None:
        pair = preset == "lesser_of"
        expected = "a [percent, amount] pair" if pair else "a number"
        if pair and isinstance(value, list) and len(value) == 2:  # noqa: PLR2004 - a pair
            percent, amount = value
        elif not pair and isinstance(value, int | Decimal | str) and not isinstance(value, bool):
            percent, amount = (value, None) if preset == "percentage" else (None, value)
        else:
            self.add(path, f"expected {expected}", value)
            return None
        try:
            return Threshold(percent=percent, amount=amount)
        except KpiragError as exc:
            self.add(path, because(exc), value)
            return None

    def ipr(self, data: object) -> IPRSettings | None:
        """The ``[ipr]`` section: the data-quality scale and the assurance target."""
        table = self.table(data, ("ipr",), ("quality", "rated_from", "assurance"))
        levels = table.get("quality")
        scale = None
        if levels is not None:
            if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
                self.add(("ipr", "quality"), "expected a list of levels, worst first", levels)
                return None
            rated_from = table.get("rated_from")
            try:
                scale = QualityScale(tuple(levels), rated_from=rated_from)
            except KpiragError as exc:
                key = "rated_from" if exc.field == "rated_from" else "quality"
                self.add(("ipr", key), because(exc), table.get(key))
                return None
        elif "rated_from" in table:
            self.add(("ipr", "rated_from"), "needs the quality levels (quality = [...])")
            return None
        try:
            return IPRSettings(assurance=table.get("assurance", "latest"), quality=scale)
        except KpiragError as exc:
            self.add(("ipr", "assurance"), because(exc), table.get("assurance"))
            return None

    def spc(self, data: object) -> SPCSettings | None:
        table = self.table(data, ("spc",), ("preset", *SPC_KNOBS))
        preset = table.get("preset", "nhsr")
        try:
            settings = SPCSettings.preset(preset)
        except KpiragError as exc:
            self.add(("spc", "preset"), because(exc), preset)
            return None
        for knob in SPC_KNOBS:
            if knob in table:
                value = table[knob]
                if knob == "rules" and isinstance(value, list):
                    value = frozenset(value)
                try:
                    settings = attrs.evolve(settings, **{knob: value})
                except KpiragError as exc:
                    self.add(("spc", knob), because(exc), table[knob])
        return settings


def _decimals_as_text(data: object) -> object:
    """TOML's decimals (``percent = 0.5``) as the text they were written as.

    ``BudgetRules.from_dict`` takes numbers as ints, floats or text, not Decimals.
    """
    if isinstance(data, Mapping):
        return {key: _decimals_as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_decimals_as_text(value) for value in data]
    return format_decimal(data) if isinstance(data, Decimal) else data


def _words(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


def load_rules(source: str | os.PathLike[str] | IO[bytes], *, name: str | None = None) -> Rules:
    """Read a rules file (TOML): all of it, or a ``LoadError`` naming every bad entry.

    Args:
        source: a path, or a binary stream holding the TOML text.
        name: the file name for messages (by default the path, or the stream's name).

    Each problem names the entry's key path and line, e.g.
    ``rules.toml:7: schemes.council.steps[0].within ('ten'): expected ...``.
    The sections (all optional) are ``scales``, ``schemes``, ``kpis``,
    ``risks``, ``budget``, ``spc`` and ``ipr``; docs/file-formats.md describes each.

    ```pycon
    >>> import io
    >>> text = b'''
    ... [schemes.council]
    ... steps = [{ within = "10%", status = "Amber" }]
    ... beyond_by_trend = { improved = "Amber" }
    ...
    ... [kpis]
    ... scheme = "council"
    ... '''
    >>> rules = load_rules(io.BytesIO(text), name="rules.toml")
    >>> rules.kpi_rule("1.5", "1 Safe").scheme
    Scheme(met=Green, steps=[Amber within 10%], beyond=Red, beyond if improved=Amber)
    >>> load_rules(io.BytesIO(text.replace(b"council", b"strict", 1)), name="rules.toml")
    Traceback (most recent call last):
    ...
    kpirag.errors.LoadError: 1 problem found; nothing was loaded
    rules.toml:7: kpis.scheme ('council'): no scheme of that name; the file has 'strict'

    ```
    """
    check_source(source)
    name = _name(source, "<rules>") if name is None else name
    data = read_bytes(source)
    if len(data) > MAX_RULES_BYTES:
        limit = f"{MAX_RULES_BYTES:,} (kpirag.io.MAX_RULES_BYTES)"
        raise LoadError([Problem(name, f"the file is {len(data):,} bytes, more than {limit}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError([Problem(name, f"not UTF-8 text (byte {exc.start + 1})")]) from exc
    found = too_deep_or_long(text)
    if found is not None:
        raise LoadError([Problem(name, found[1], line=found[0])])
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, ValueError, ArithmeticError, RecursionError) as exc:
        raise LoadError([Problem(name, f"malformed TOML: {exc}")]) from exc
    reader = _Reader()
    wrong = _oversized(document)
    rules = None if wrong else _read(reader, document, name)
    wrong = wrong or reader.problems
    if wrong or rules is None:
        lines = TomlLines(text)
        problems = [Problem(name, _message(p), line=lines.line(p.path)) for p in wrong]
        raise LoadError(sorted(problems, key=lambda p: p.line or 0))
    return rules


def _oversized(document: Mapping[str, Any]) -> list[RuleProblem]:
    """Each array of ``document`` past ``MAX_RULES_ITEMS`` and table past ``MAX_RULES_DEPTH``.

    Dotted keys nest without brackets (``[a.a.a]``), so the depth is checked here too.
    """
    found: list[RuleProblem] = []
    stack: list[tuple[KeyPath, object]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_RULES_DEPTH:
            limit = f"{MAX_RULES_DEPTH} deep (kpirag.io.MAX_RULES_DEPTH)"
            found.append(RuleProblem(path, f"nested more than {limit}"))
        elif isinstance(value, list) and len(value) > MAX_RULES_ITEMS:
            limit = f"{MAX_RULES_ITEMS:,} (kpirag.io.MAX_RULES_ITEMS)"
            found.append(RuleProblem(path, f"{len(value):,} entries, more than {limit}"))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, Mapping):
            stack.extend(((*path, key), item) for key, item in value.items())
    return found


def _message(problem: RuleProblem) -> str:
    shown = (
        ""
        if problem.value is None or isinstance(problem.value, Mapping | list)
        else (f" ({_plain(problem.value)!r})")
    )
    return f"{_key(problem.path)}{shown}: {problem.message}"


def _key(path: KeyPath) -> str:
    """A key path as TOML writes it: ``kpis.ids."NI 1".scheme``, ``steps[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        bare = part and all(c.isascii() and (c.isalnum() or c in "-_") for c in part)
        name = part if bare else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
        text += f".{name}" if text else name
    return text or "(top level)"


def _plain(value: object) -> object:
    return format_decimal(value) if isinstance(value, Decimal) else value


def _read(reader: _Reader, document: Mapping[str, Any], name: str) -> Rules:
    reader.table(document, (), _TOP_KEYS)
    for key, value in reader.named(document, "scales").items():
        data = (
            {"name": key, **value}
            if isinstance(value, Mapping) and "preset" not in value
            else value
        )
        scale = reader.scale(data, ("scales", key))
        if scale is not None:
            reader.scales[str(key)] = scale
    for key, value in reader.named(document, "schemes").items():
        rule = reader.scheme(value, ("schemes", key))
        if rule is not None:
            reader.schemes[str(key)] = attrs.evolve(rule, source=f"scheme {key!r}")
    default, by_id, by_theme = reader.kpis(document.get("kpis", {}))
    matrix = reader.risks(document.get("risks", {}))
    budget = reader.budget(document.get("budget", {}))
    spc = reader.spc(document["spc"]) if "spc" in document else None
    ipr = reader.ipr(document["ipr"]) if "ipr" in document else None
    return Rules(
        name,
        reader.scales,
        reader.schemes,
        default,
        by_id,
        by_theme,
        matrix,
        budget,
        spc,
        better=reader.better,
        fraction=reader.fraction,
        ipr=ipr,
    )
