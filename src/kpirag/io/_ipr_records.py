"""The columns of an integrated performance report's two files, and one record read into each.

A metrics file lists the metrics (one row each); a values file holds their
figures (one row per metric and period). Like ``_records`` for KPIs: no I/O,
and every bad cell of a record is a ``FieldProblem`` naming its column, so a
loader can add the file and line. The names are ``Metric``'s and
``MetricValue``'s attributes, the same in Python, files and frames.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kpirag.errors import FieldProblem, KpiragError, RecordError
from kpirag.io._records import _Fields
from kpirag.ipr import Annotation, Metric, MetricValue
from kpirag.kpi import Figure, read_period
from kpirag.rules import Direction, Scheme, Target
from kpirag.spc import SPCSettings

__all__ = ["METRIC_COLUMNS", "VALUE_COLUMNS"]

METRIC_COLUMNS: Mapping[str, str] = {
    "id": "the metric's identifier (required)",
    "title": "what it measures, as the report words it (required)",
    "domain": "the section it sits in: Urgent care, Workforce (required)",
    "improvement": "increase, decrease or neutral: which way is better (required)",
    "subdomain": "a sub-domain, or the committee that oversees it",
    "owner": "who owns it (an executive)",
    "lead": "who leads on it, or is accountable for it",
    "source": "where its data comes from",
    "unit": "percent, count, a currency sign or a unit word (days, minutes); by default "
    "percent when the target is a percentage, else count",
    "frequency": "monthly (the default), quarterly or annual",
    "target": "the standing target, for periods whose figure comes without one: >=95%, "
    "<=4, between 0.89 and 1.12, or a bare figure (its operator from improvement)",
    "scheme": "the RAG scheme: a scheme of the rules file (--rules), by name",
    "spc": "the SPC method: nhsr (the default), mdc-2023 or powerbi",
    "chart": "the SPC chart: xmr",
    "baseline": "fix each limit group's limits from its first N points",
    "recalculate": "the periods where new process limits start, separated by ';'",
    "annotations": "dated events, 'period: what happened', separated by ';'",
    "quality": "the data-quality rating (a level of the rules file's [ipr] quality)",
    "due": "days after a period ends by which its figure is expected",
    "notes": "free text",
}
"""Every column of a metrics file (``id``, ``title``, ``domain``, ``improvement`` required)."""

METRIC_REQUIRED = ("id", "title", "domain", "improvement")

VALUE_COLUMNS: Mapping[str, str] = {
    "metric": "the metric's id (required)",
    "period": "the period: 2024-04, Apr 2024, Q1 2024/25, 2024/25 or a date (required)",
    "value": "the figure: 74.9, 74.9%, 1,204; blank for a period without one",
    "target": "this period's target (a trajectory's step); blank: the metric's standing target",
    "reference": "a second line for this period, such as a national standard",
    "provisional": "1 for a figure not yet validated",
}
"""Every column of a values file (``metric`` and ``period`` are required)."""

VALUE_REQUIRED = ("metric", "period")

_FLAGS = {"": False, "0": False, "1": True, "false": False, "true": True, "no": False, "yes": True}


def _pieces(text: str) -> list[str]:
    return [piece.strip() for piece in text.split(";") if piece.strip()]


class _Cells(_Fields):
    def list_of(self, column: str, read: Callable[[str], object]) -> list[object]:
        found = []
        for piece in _pieces(self.text(column)):
            try:
                found.append(read(piece))
            except KpiragError as exc:
                self.problem(column, f"{piece!r}: {exc.reason or f'expected {exc.expected}'}")
        return found


def _annotation(piece: str) -> Annotation:
    period, colon, words = piece.partition(":")
    if not colon or not words.strip():
        raise KpiragError("expected 'period: what happened'")
    return Annotation(period.strip(), words.strip())


def metric_from_record(
    record: Mapping[str, str],
    *,
    schemes: Mapping[str, Scheme] | None = None,
    rule: Callable[[str, str], Scheme | None] | None = None,
    spc: SPCSettings | None = None,
) -> Metric:
    """The metric one record of a metrics file gives.

    ``schemes`` are the rules file's schemes by name (a ``scheme`` cell names
    one); ``rule(id, domain)`` gives the scheme of a metric whose row names
    none (a rules file's rule by id, by theme (the domain) or for every KPI);
    ``spc`` is the method of a metric whose ``spc`` cell is blank.

    Raises:
        RecordError: every bad cell of the record.
    """
    cells = _Cells(record, required=METRIC_REQUIRED)
    recalculate = cells.list_of("recalculate", read_period)
    annotations = cells.list_of("annotations", _annotation)
    baseline = cells.integer("baseline")
    due = cells.integer("due")
    scheme = None
    named = cells.text("scheme")
    if named:
        known = {name.casefold(): found for name, found in (schemes or {}).items()}
        scheme = known.get(named.casefold())
        if scheme is None:
            names = ", ".join(repr(name) for name in (schemes or {})) or "none (give --rules)"
            cells.problem("scheme", f"no scheme of that name; the rules have {names}")
    elif rule is not None and cells.text("id"):
        scheme = rule(cells.text("id"), cells.text("domain"))
    settings = spc
    if cells.text("spc"):
        settings = cells.parse("spc", SPCSettings.preset)
    if cells.problems:
        raise RecordError(cells.problems)
    fields: dict[str, object] = {
        name: cells.text(name) for name in ("subdomain", "owner", "lead", "source", "unit", "notes")
    }
    fields.update(
        improvement=cells.text("improvement"),
        frequency=cells.text("frequency") or "monthly",
        target=cells.text("target") or None,
        chart=cells.text("chart") or "xmr",
        quality=cells.text("quality") or None,
        scheme=scheme,
        spc=settings,
        baseline=baseline,
        due=due,
        recalculate=recalculate,
        annotations=annotations,
    )
    try:
        return Metric(cells.text("id"), cells.text("title"), cells.text("domain"), **fields)  # type: ignore[arg-type]
    except KpiragError as exc:
        column = exc.field if exc.field is not None and exc.field in METRIC_COLUMNS else "id"
        value = record.get(column, "")
        message = exc.reason or f"expected {exc.expected}"
        raise RecordError([FieldProblem(column, value or "", message)]) from None


def readable_target(text: str) -> Target:
    """``text`` read as a target one way or the other (its metric's direction is checked later)."""
    try:
        return Target.parse(text, better=Direction.HIGHER)
    except KpiragError:
        return Target.parse(text, better=Direction.LOWER)


def value_from_record(record: Mapping[str, str]) -> MetricValue:
    """The figure one record of a values file gives.

    The target is kept as written: the loader checks it reads as a target
    and suits its metric (a neutral metric's needs an operator), once for
    each distinct target text.

    Raises:
        RecordError: every bad cell of the record.
    """
    cells = _Cells(record, required=VALUE_REQUIRED)
    period = cells.parse("period", read_period)
    value = cells.parse("value", Figure.parse)
    reference = cells.parse("reference", Figure.parse)
    flag = cells.text("provisional").casefold()
    if flag not in _FLAGS:
        cells.problem("provisional", "expected 1 (yes), 0 (no) or blank")
    if cells.problems or period is None:
        raise RecordError(cells.problems)
    return MetricValue(
        cells.text("metric"),
        period,
        value,
        target=cells.text("target") or None,
        reference=None if reference is None else reference.value,
        provisional=_FLAGS[flag],
    )
