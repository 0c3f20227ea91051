"""Risk matrices from plain data (text, numbers, lists, tables), as a TOML rules file has them.

Every bad entry is reported, each with its key path, in one ``InvalidRulesError``.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpirag._validate import RuleProblems, because
from kpirag.errors import InvalidRulesError, KpiragError, RuleProblem, ValueTypeError
from kpirag.risk._risk import NHS_RISK_SCALE, Level, LevelScale, RatingBand, RiskMatrix, ScoreRule
from kpirag.rules import Scale, Status, read_scale

__all__ = ["matrix_from_dict"]

Path = tuple[str | int, ...]

_MATRIX_KEYS = ("preset", "name", "likelihood", "impact", "score", "bands", "scale")
_AXIS_KEYS = ("name", "levels")
_LEVEL_KEYS = ("label", "value")
_BAND_KEYS = ("low", "high", "status")
_PRESETS = {
    "city of london": RiskMatrix.city_of_london,
    "city_of_london": RiskMatrix.city_of_london,
    "nhs 5x5": RiskMatrix.nhs_5x5,
    "nhs_5x5": RiskMatrix.nhs_5x5,
}


def matrix_from_dict(
    data: object, path: Path = (), scales: Mapping[str, Scale] | None = None
) -> RiskMatrix:
    """``RiskMatrix.from_dict``: a preset, or levels, a score rule and rating bands."""
    if scales is not None and not isinstance(scales, Mapping):
        raise ValueTypeError(field="scales", value=scales, expected="a mapping of name to Scale")
    problems = RuleProblems()
    table = problems.table(data, path, _MATRIX_KEYS)
    if table is None:
        problems.check()
    assert table is not None  # noqa: S101 - check() raised otherwise
    if "preset" in table:
        return _preset(table, path, problems)
    name = problems.text(table, "name", path) or ""
    likelihood = _axis(table, "likelihood", path, problems)
    impact = _axis(table, "impact", path, problems)
    score = table.get("score", "product")
    rule = problems.attempt((*path, "score"), score, ScoreRule, score)
    known = {**(scales or {}), NHS_RISK_SCALE.name: NHS_RISK_SCALE}
    scale = read_scale(table.get("scale", "rag"), (*path, "scale"), known, problems)
    bands = _bands(table.get("bands"), (*path, "bands"), scale, problems)
    problems.check()
    if likelihood is None or impact is None or rule is None or bands is None:  # pragma: no cover
        raise InvalidRulesError(problems.found)
    try:
        return RiskMatrix(likelihood, impact, bands, rule, name)
    except KpiragError as exc:
        raise InvalidRulesError([RuleProblem((*path, "bands"), because(exc), data)]) from exc


def _preset(table: Mapping[str, object], path: Path, problems: RuleProblems) -> RiskMatrix:
    for key in table:
        if key != "preset":
            problems.add((*path, key), "a preset takes no other keys", table[key])
    preset = table["preset"]
    wanted = preset.strip().casefold() if isinstance(preset, str) else None
    if wanted not in _PRESETS:
        problems.add((*path, "preset"), "expected 'city of london' or 'nhs 5x5'", preset)
    problems.check()
    return _PRESETS[str(wanted)]()


def _axis(
    table: Mapping[str, object], key: str, path: Path, problems: RuleProblems
) -> LevelScale | None:
    """A likelihood or impact scale: a list of levels, or a table with a name and levels."""
    where = (*path, key)
    given = table.get(key)
    name = key
    if isinstance(given, Mapping):
        axis = problems.table(given, where, _AXIS_KEYS)
        assert axis is not None  # noqa: S101 - a Mapping is a table
        name = problems.text(axis, "name", where) or key
        given, where = axis.get("levels"), (*where, "levels")
    if not isinstance(given, list) or not given:
        problems.add(where, "expected a list of levels, lowest first", given)
        return None
    levels = []
    for index, item in enumerate(given):
        level = _level(item, index + 1, (*where, index), problems)
        if level is not None:
            levels.append(level)
    if len(levels) != len(given):
        return None
    return problems.attempt(where, given, LevelScale, name, levels)


def _level(item: object, position: int, path: Path, problems: RuleProblems) -> Level | None:
    """A level: a label (valued by its position, from 1) or a table with a label and value."""
    if isinstance(item, str):
        item = {"label": item, "value": position}
    level = problems.table(item, path, _LEVEL_KEYS)
    if level is None:
        return None
    label = problems.text(level, "label", path)
    value = level.get("value", position)
    if "label" not in level:
        problems.add((*path, "label"), "a level needs a label")
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add((*path, "value"), "expected a whole number of 1 or more", value)
        return None
    if label is None:
        return None
    return problems.attempt((*path, "value"), value, Level, label, value)


def _bands(
    given: object, path: Path, scale: Scale | None, problems: RuleProblems
) -> list[RatingBand] | None:
    if not isinstance(given, list) or not given:
        problems.add(path, "expected a list of bands: low, high and status", given)
        return None
    bands = []
    for index, item in enumerate(given):
        where = (*path, index)
        band = problems.table(item, where, _BAND_KEYS)
        if band is None:
            continue
        ends = []
        for key in ("low", "high"):
            value = band.get(key)
            if isinstance(value, bool) or not isinstance(value, int):
                problems.add((*where, key), "expected a whole number (a score)", value)
            else:
                ends.append(value)
        status = _status(band.get("status"), (*where, "status"), scale, problems)
        if len(ends) != 2 or status is None:  # noqa: PLR2004 - low and high
            continue
        try:
            bands.append(RatingBand(ends[0], ends[1], status))
        except KpiragError as exc:
            problems.add(where, because(exc), item)
    return bands if len(bands) == len(given) else None


def _status(
    value: object, path: Path, scale: Scale | None, problems: RuleProblems
) -> Status | None:
    if not isinstance(value, str):
        problems.add(path, "expected a status label", value)
        return None
    if scale is None:
        return None
    return problems.attempt(path, value, scale.parse, value)
