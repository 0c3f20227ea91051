"""Scales and schemes from plain data (text, numbers, lists, tables), as a TOML rules file has.

Every bad entry is reported, each with its key path, in one ``InvalidRulesError``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from kpirag._validate import KeyPath, RuleProblems, because, key_path, wrong_type
from kpirag.errors import InvalidRulesError, KpiragError, RuleProblem
from kpirag.rules._scheme import EdgeSide, Scheme, Step
from kpirag.rules._status import Scale, Status, colour
from kpirag.rules._tolerance import Tolerance, ToleranceKind
from kpirag.rules._trend import Trend

__all__ = ["read_scale"]

Path = KeyPath
StatusReader = Callable[[str, object, Path], Status | None]
"""Reads a status label of the scheme's scale: (key, value, key path) -> Status or None."""

_SCALE_KEYS = ("preset", "name", "levels")
_LEVEL_KEYS = ("label", "abbreviation", "colour", "aliases")
_SCHEME_KEYS = (
    "scale",
    "tolerance",
    "met",
    "steps",
    "beyond",
    "beyond_by_trend",
    "when_no_previous",
)
_STEP_KEYS = ("within", "status", "edge", "trend")
_IGNORE_TREND = frozenset({"ignore", "none", "skip"})
_TOLERANCE = "expected tolerance text such as '10%' or '5pt', not {}"
_EDGE = "expected 'inclusive' or 'exclusive'"
_TREND = "expected 'improved', 'unchanged' or 'worse'"
_T = TypeVar("_T")


def scale_from_dict(data: object, path: Path = ()) -> Scale:
    """``Scale.from_dict``: a preset by name, or a name and levels best first."""
    problems = RuleProblems()
    scale = _scale(data, path, problems)
    problems.check()
    if scale is None:  # pragma: no cover - a missing scale always comes with a problem
        raise InvalidRulesError([RuleProblem(path, "no scale", data)])
    return scale


def _scale(data: object, path: Path, problems: RuleProblems) -> Scale | None:
    table = problems.table(data, path, _SCALE_KEYS)
    if table is None:
        return None
    if "preset" in table:
        return _preset(table, path, problems)
    name = problems.text(table, "name", path, "a scale needs a name (or a preset)")
    if name is not None and not name.strip():
        problems.add((*path, "name"), "a scale needs a name (or a preset)", name)
    levels = table.get("levels")
    if not isinstance(levels, list) or not levels:
        problems.add((*path, "levels"), "expected a list of levels, best first", levels)
        return None
    statuses = []
    before = len(problems.found)
    # Levels are checked even when the name is bad, under a stand-in family name.
    family = name if name and name.strip() else "?"
    for index, level in enumerate(levels):
        status = _level(level, index, family, (*path, "levels", index), problems)
        if status is not None:
            statuses.append(status)
    if name is None or len(problems.found) > before:
        return None
    return problems.attempt((*path, "levels"), levels, Scale, name, statuses)


def _preset(table: Mapping[str, object], path: Path, problems: RuleProblems) -> Scale | None:
    for key in ("name", "levels"):
        if key in table:
            problems.add((*path, key), "a preset takes no other keys", table[key])
    preset = problems.text(table, "preset", path, "expected the name of a preset")
    if preset is None:
        return None
    return problems.attempt((*path, "preset"), preset, Scale.preset, preset)


def _level(
    level: object, severity: int, scale: str, path: Path, problems: RuleProblems
) -> Status | None:
    table = problems.table({"label": level} if isinstance(level, str) else level, path, _LEVEL_KEYS)
    if table is None:
        return None
    label = problems.text(table, "label", path)
    abbreviation = problems.text(table, "abbreviation", path)
    fill = problems.text(table, "colour", path)
    if fill is not None:
        fill = problems.attempt((*path, "colour"), fill, colour, fill)
    aliases = problems.texts(table.get("aliases", []), (*path, "aliases"))
    if label is None:
        if table.get("label") is None:  # absent, or None in a Python dict
            problems.add((*path, "label"), "a level needs a label")
        return None
    return problems.attempt(
        path,
        level,
        Status,
        label,
        severity,
        scale,
        abbreviation,
        frozenset(aliases),
        "#ffffff" if fill is None else fill,
    )


def scheme_from_dict(
    data: object, path: Path = (), scales: Mapping[str, Scale] | None = None
) -> Scheme:
    """``Scheme.from_dict``: a scale, then ``tolerance`` or ``steps``, statuses by label."""
    problems = RuleProblems()
    table = problems.table(data, path, _SCHEME_KEYS)
    if table is None:
        problems.check()
    assert table is not None  # noqa: S101 - check() raised otherwise
    scale = read_scale(table.get("scale", "rag"), (*path, "scale"), scales or {}, problems)
    if scale is None:
        problems.check()
    assert scale is not None  # noqa: S101 - check() raised otherwise

    def status(key: str, value: object, where: Path) -> Status | None:
        if not isinstance(value, str):
            problems.add(where, f"expected a status label, not {type(value).__name__}", value)
            return None
        found = problems.attempt(where, value, scale.parse, value)
        if found is None:
            return None
        if not found.rated and key != "when_no_previous":
            problems.add(where, "expected a rated status", value)
            return None
        return found

    met = status("met", table["met"], (*path, "met")) if "met" in table else scale.best
    beyond = (
        status("beyond", table["beyond"], (*path, "beyond")) if "beyond" in table else scale.worst
    )
    steps = _steps(table, path, scale, status, problems)
    by_trend: dict[Trend, Status] = {}
    given = table.get("beyond_by_trend", {})
    if isinstance(given, Mapping):
        for word, label in given.items():
            where = (*path, "beyond_by_trend", str(word))
            trend = _word(word, where, problems, Trend.parse, _TREND)
            found = status("beyond_by_trend", label, where)
            if trend is not None and found is not None:
                by_trend[trend] = found
    else:
        problems.add((*path, "beyond_by_trend"), "expected a table of trend = status", given)
    when = _when_no_previous(table, path, status, problems)
    problems.check()
    if met is None or beyond is None:  # pragma: no cover - each came with a problem
        raise InvalidRulesError(problems.found)
    try:
        return Scheme(met, steps, beyond, beyond_by_trend=by_trend, when_no_previous=when)
    except KpiragError as exc:
        raise InvalidRulesError([RuleProblem(path, because(exc), data)]) from exc


def read_scale(
    value: object, path: Path, scales: Mapping[str, Scale], problems: RuleProblems
) -> Scale | None:
    """A ``scale`` entry of plain-data rules: a table, or a name of ``scales`` or a preset.

    ``scales`` (the rules file's own scales) are looked up first, exactly and
    then ignoring case, then the presets. ``None`` when it is none of these,
    with the problem noted at ``path``.

    ```pycon
    >>> from kpirag._validate import RuleProblems
    >>> read_scale("RAG", ("scale",), {}, RuleProblems()).name
    'RAG'
    >>> problems = RuleProblems()
    >>> read_scale(3, ("scale",), {}, problems), len(problems.found)
    (None, 1)

    ```
    """
    if not isinstance(problems, RuleProblems):
        raise wrong_type("problems", problems, "RuleProblems")
    path = key_path(path)
    given: object = scales
    if not isinstance(given, Mapping) or not all(
        isinstance(name, str) and isinstance(scale, Scale) for name, scale in given.items()
    ):
        raise wrong_type("scales", scales, "a mapping of names to scales")
    if isinstance(value, Mapping):
        return _scale(value, path, problems)
    if not isinstance(value, str):
        problems.add(path, f"expected a scale's name or a table, not {type(value).__name__}", value)
        return None
    if value in scales:
        return scales[value]
    named = {name.casefold(): scale for name, scale in scales.items()}
    if value.casefold() in named:
        return named[value.casefold()]
    try:
        return Scale.preset(value)
    except KpiragError as exc:
        known = ", ".join(repr(name) for name in scales)
        extra = f"; or a scale of the file: {known}" if known else ""
        problems.add(path, because(exc) + extra, value)
        return None


def _steps(
    table: Mapping[str, object],
    path: Path,
    scale: Scale,
    status: StatusReader,
    problems: RuleProblems,
) -> list[Step]:
    if "tolerance" in table:
        return _tolerance_step(table, path, scale, problems)
    raw = table.get("steps", [])
    if not isinstance(raw, list):
        problems.add((*path, "steps"), "expected a list of steps", raw)
        return []
    steps = []
    for index, item in enumerate(raw):
        step = _step(item, (*path, "steps", index), status, problems)
        if step is not None:
            steps.append(step)
    return steps


def _tolerance_step(
    table: Mapping[str, object], path: Path, scale: Scale, problems: RuleProblems
) -> list[Step]:
    given = table["tolerance"]
    if "steps" in table:
        problems.add((*path, "tolerance"), "give a tolerance or steps, not both", given)
        return []
    tolerance = _word(given, (*path, "tolerance"), problems, Tolerance.parse, _TOLERANCE)
    if tolerance is None or tolerance.kind is ToleranceKind.NONE:
        return []
    if len(scale.levels) < 3:  # noqa: PLR2004 - met, within, beyond
        problems.add(
            (*path, "tolerance"),
            f"the {scale.name} scale has no middle level for a tolerance; write steps",
            given,
        )
        return []
    return [Step(tolerance, scale.levels[1])]


def _step(item: object, where: Path, status: StatusReader, problems: RuleProblems) -> Step | None:
    step = problems.table(item, where, _STEP_KEYS)
    if step is None:
        return None
    for key in ("within", "status"):
        if key not in step:
            problems.add((*where, key), "a step needs it")
    within = None
    if "within" in step:
        within = _word(step["within"], (*where, "within"), problems, Tolerance.parse, _TOLERANCE)
    found = status("status", step["status"], (*where, "status")) if "status" in step else None
    edge = _word(step.get("edge", "inclusive"), (*where, "edge"), problems, EdgeSide.parse, _EDGE)
    trends = None
    if "trend" in step:
        words = problems.texts(step["trend"], (*where, "trend"))
        trends = [_word(word, (*where, "trend"), problems, Trend.parse, _TREND) for word in words]
    if within is None or found is None or edge is None or (trends and None in trends):
        return None
    return problems.attempt(where, item, Step, within, found, edge_side=edge, trend=trends)


def _word(
    value: object, path: Path, problems: RuleProblems, read: Callable[[str], _T], expected: str
) -> _T | None:
    """``read(value)`` of text, else ``None`` with ``expected`` noted (``{}``: the type given)."""
    if not isinstance(value, str):
        problems.add(path, expected.format(type(value).__name__), value)
        return None
    return problems.attempt(path, value, read, value)


def _when_no_previous(
    table: Mapping[str, object], path: Path, status: StatusReader, problems: RuleProblems
) -> Trend | Status | None:
    value = table.get("when_no_previous")
    where = (*path, "when_no_previous")
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add(where, "expected 'ignore', a trend or a status label", value)
        return None
    if value.strip().casefold() in _IGNORE_TREND:
        return None
    if value.strip().casefold() in {trend.value for trend in Trend}:
        return Trend.parse(value)
    return status("when_no_previous", value, where)
