"""Tidy observations (one row per KPI and period) with a definitions file, as frames take them.

Each observation row is joined to its KPI's definition row as text and read by
``kpi_from_records``, the reader of every KPI file, so every cell means the
same here as anywhere; problems in both files are raised together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from kpirag._validate import counted
from kpirag.errors import KpiragError, LoadError, Problem
from kpirag.io._loaders import (
    Firsts,
    Problems,
    ReadOptions,
    Row,
    Source,
    framework_scheme,
    kpis_of_group,
    open_rows,
)
from kpirag.io._rules import Rules
from kpirag.kpi import (
    KPI,
    Evaluation,
    Framework,
    Month,
    Observation,
    Quarter,
    Year,
    parse_period,
)
from kpirag.rules import Tolerance

__all__ = ["TidyData", "load_observations"]

Period = Quarter | Month | Year
_Definitions = dict[str, tuple[KPI, Mapping[str, str]]]


@attrs.frozen
class TidyData:
    """A framework read from a definitions file, and the observations of one or more periods.

    Attributes:
        framework: the KPIs, as the definitions file defines them.
        rows: each observation with its period (``None`` when the file has no
            ``period`` column), in file order.
    """

    framework: Framework
    rows: tuple[tuple[Period | None, Observation], ...]

    @property
    def periods(self) -> tuple[Period | None, ...]:
        """The periods the observations are for, in time order (``None`` first)."""
        found = {period for period, _ in self.rows}
        return tuple(sorted(found, key=lambda p: (p is not None, p and (p.start, p.end))))

    def __repr__(self) -> str:
        kpis = counted(len(self.framework.kpis), "KPI")
        rows = counted(len(self.rows), "observation")
        named = [str(period) for period in self.periods if period is not None]
        span = f", {named[0]}" if named else ""
        if len(named) > 1:
            span += f" to {named[-1]}"
        return f"TidyData({kpis}, {rows}{span})"

    def evaluate(self, period: Period | str | None = None) -> Evaluation:
        """Evaluate one period's observations against the framework.

        ``period`` may be left out when the observations have one period only.

        Raises:
            LoadError: ``period`` is not among the observations' periods.
        """
        periods = self.periods
        if period is None and len(periods) == 1:
            wanted = periods[0]
        else:
            wanted = None if period is None else parse_period(period)
        if wanted not in periods:
            shown = ", ".join(str(p) for p in periods)
            raise LoadError(
                [Problem("observations", f"no observations for {wanted}; they are for {shown}")]
            )
        observations = [obs for when, obs in self.rows if when == wanted]
        return self.framework.evaluate(observations, period=wanted)


def load_observations(
    observations: Source,
    definitions: Source,
    *,
    tolerance: Tolerance | str = "10%",
    fmt: str | None = None,
    definitions_fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    definitions_name: str | None = None,
    encoding: str = "utf-8",
    rules: Rules | None = None,
    sheet: str | None = None,
    name: str = "",
) -> TidyData:
    """Load a tidy observations file and its definitions file: all of it, or a ``LoadError``.

    Args:
        observations: one row per KPI and period (a path or stream).
        definitions: one row per KPI (a path or stream).
        tolerance: the default tolerance (a definition's ``tolerance`` overrides it).
        fmt: the observations' format (``csv``, ``toml``, ``json``, ``xlsx``);
            from the suffix by default.
        definitions_fmt: the definitions' format; from the suffix by default.
        allow_unknown: accept columns kpirag does not know.
        source_name: the observations' name in messages.
        definitions_name: the definitions' name in messages.
        encoding: both files' text encoding.
        rules: rules from ``load_rules`` (scales, schemes, directions).
        sheet: the observations' worksheet, for a workbook.
        name: a name for the framework.

    Raises:
        LoadError: every problem in either file, each with its file, line and column.
    """
    options = ReadOptions("observations", allow_unknown, encoding, sheet)
    obs_problems, obs_rows = open_rows(observations, source_name, fmt, options, "observations")
    options = ReadOptions("definitions", allow_unknown, encoding)
    defs_problems, defs_rows = open_rows(
        definitions, definitions_name, definitions_fmt, options, "definitions"
    )
    defined: set[str] = set()
    known = _definitions(defs_rows, defs_problems, rules, defined)
    rows = _observations(obs_rows, known, obs_problems, rules, defined)
    found = [*defs_problems.items, *obs_problems.items]
    if found:
        raise LoadError(found)
    kpis = [kpi for kpi, _ in known.values()]
    scheme = framework_scheme(tolerance, rules)
    return TidyData(Framework(kpis, scheme=scheme, name=name), tuple(rows))


def _definitions(
    rows: Iterable[Row], problems: Problems, rules: Rules | None, defined: set[str]
) -> _Definitions:
    """Each KPI's definition: the KPI, and its record (the text an observation joins to).

    ``defined`` collects every id the file names, read or not: an observation of a
    KPI whose definition has a problem is not also "no such KPI".
    """
    known: _Definitions = {}
    ids = Firsts("id", "; a definitions file has one row per KPI")
    for row in rows:
        record = dict(row.record)
        kpi_id = record.get("id", "").strip()
        defined.add(kpi_id)
        if not ids.first(kpi_id, row, problems, "id"):
            continue
        if record.get("part", "").strip():
            problems.add(
                "a composite KPI's parts need a KPI file (one row per part, with figures)",
                row=row,
                column="part",
            )
            continue
        if not record.get("title", "").strip():
            record["title"] = kpi_id  # as in frames: the id stands in for a missing title
        record.setdefault("value", "")
        pair = kpis_of_group([attrs.evolve(row, record=record)], problems, rules)
        if pair is not None:
            known[kpi_id] = (pair[0], record)
    return known


def _observations(
    rows: Iterable[Row],
    known: _Definitions,
    problems: Problems,
    rules: Rules | None,
    defined: set[str],
) -> list[tuple[Period | None, Observation]]:
    """Each observation row joined to its definition and read as a KPI file's row is."""
    result: list[tuple[Period | None, Observation]] = []
    seen = Firsts("KPI and period")
    for row in rows:
        kpi_id = row.record.get("id", "").strip()
        period: Period | None = None
        text = row.record.get("period", "").strip()
        if text:
            try:
                period = parse_period(text)
            except KpiragError as exc:
                problems.add(str(exc), row=row, column="period", value=text)
                continue
        if kpi_id not in known:
            if kpi_id and kpi_id in defined:
                continue  # its definition's problem is listed against the definitions file
            problems.add(
                "no such KPI in the definitions" if kpi_id else "expected a KPI id",
                row=row,
                column="id",
                value=kpi_id,
            )
            continue
        column = "period" if "period" in row.columns else "id"
        if not seen.first((kpi_id, period), row, problems, column):
            continue
        _, definition = known[kpi_id]
        joined = {**definition, **{k: v for k, v in row.record.items() if k != "period"}}
        pair = kpis_of_group([attrs.evolve(row, record=joined)], problems, rules)
        if pair is not None:
            result.append((period, pair[1]))
    return result
