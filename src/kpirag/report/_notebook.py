"""kpirag's objects in a notebook: ``html_of`` gives each a small HTML fragment to show.

Jupyter shows an object through its ``_repr_html_``; each kpirag class's is
``html_of(self)``. A fragment is self-contained: one ``<style>`` whose rules
all start with ``.kpirag-nb`` (so it styles nothing else on the page), then a
``<div class="kpirag-nb">`` with a line or two of text, the object's table
(the report's own table builders, drawn as the standalone report draws
them) and, for charts, inline SVG. A status is a pill that carries its label
as text, never a colour alone. There is no script and nothing is fetched,
and every text is escaped. Long tables are cut, saying how many rows were
left out.

``html_of`` is a ``functools.singledispatch`` function: register your own
types with ``html_of.register``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence

import attrs

from kpirag._validate import instance
from kpirag.budget import BudgetTable
from kpirag.errors import ValueTypeError
from kpirag.ipr import IPR, MetricReport
from kpirag.kpi import Evaluation, Framework, KPIResult, Series, Summary
from kpirag.report._escape import html_escape, one_line
from kpirag.report._html import rows_html, status_pill
from kpirag.report._ipr import IPR_HEADERS, ipr_table, summary_row
from kpirag.report._performance import (
    Performance,
    _assurance,
    _label,
    _limits,
)
from kpirag.report._render import Cell, Table
from kpirag.report._svg import sanitise_svg
from kpirag.report._tables import budget_table, kpi_table, risk_table
from kpirag.risk import RiskRegister
from kpirag.rules import Status
from kpirag.spc import XmRChart

__all__ = ["KPI_ROWS", "SERIES_PERIODS", "html_of"]

KPI_ROWS = 25
"""The most KPI rows an evaluation's fragment shows; the rest are counted."""

SERIES_PERIODS = 8
"""The most periods a series' fragment shows (the latest ones); the rest are counted."""

STYLE = """\
<style>
.kpirag-nb { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 14px; line-height: 1.45;
  max-width: 60rem; }
.kpirag-nb p { margin: 0.2rem 0; text-align: left; }
.kpirag-nb .kpirag-nb-muted { opacity: 0.8; font-size: 0.93em; }
.kpirag-nb .table-wrap { overflow-x: auto; margin: 0.35rem 0; }
.kpirag-nb table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums;
  margin: 0; width: auto; }
.kpirag-nb th, .kpirag-nb td { padding: 0.2rem 0.55rem; text-align: left; vertical-align: top;
  border: none; border-bottom: 1px solid rgba(128, 128, 128, 0.35); background: none;
  color: inherit; }
.kpirag-nb thead th { border-bottom: 2px solid currentColor; vertical-align: bottom; }
.kpirag-nb tbody th { font-weight: 600; }
.kpirag-nb tbody th[scope="row"], .kpirag-nb table.across thead th { white-space: nowrap; }
.kpirag-nb tbody tr:nth-child(even) { background: rgba(128, 128, 128, 0.08); }
.kpirag-nb tbody tr.group th { background: rgba(128, 128, 128, 0.16); }
.kpirag-nb .num { text-align: right; white-space: nowrap; }
.kpirag-nb table.wide { font-size: 12px; }
.kpirag-nb td.empty { font-style: italic; }
.kpirag-nb .visually-hidden { position: absolute !important; width: 1px; height: 1px;
  margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  border: 0; }
.kpirag-nb .pill { display: inline-block; padding: 0 0.55rem; border-radius: 999px;
  border: 1px solid rgba(0, 0, 0, 0.45); font-weight: 600; font-size: 0.9em; line-height: 1.5;
  white-space: nowrap; background: #fff; color: #1a1a1a; }
.kpirag-nb .kpirag-nb-counts { display: inline-flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; }
.kpirag-nb figure { margin: 0.2rem 0 0.4rem; }
.kpirag-nb svg { display: block; max-width: 100%; height: auto; }
</style>"""
"""The fragments' stylesheet: every rule scoped to ``.kpirag-nb``; no fonts or images fetched."""


def _fragment(parts: Iterable[str], *, figure: str | None, label: str) -> str:
    """The parts in a ``kpirag-nb`` box under the stylesheet, a figure's SVG first."""
    body = list(parts)
    if figure is not None:
        instance(figure, str, field="figure", expected="SVG text or None")
        # Ids unique to the drawing, so two charts in one notebook never share one.
        digest = hashlib.sha256(figure.encode("utf-8")).hexdigest()[:12]
        svg = sanitise_svg(figure, prefix=f"kpirag-nb-{digest}-", label=label, embed=True)
        body.insert(0, f"<figure>{svg}</figure>")
    return "\n".join([STYLE, '<div class="kpirag-nb">', *body, "</div>"])


def _table_html(table: Table) -> str:
    return "".join(rows_html(table, styled=True))


def _heading(*parts: str) -> str:
    """A first line: its parts (already HTML) side by side."""
    return f"<p>{' '.join(part for part in parts if part)}</p>"


def _muted(text: str) -> str:
    return f'<p class="kpirag-nb-muted">{html_escape(text)}</p>'


def _strong(text: str) -> str:
    return f"<strong>{html_escape(one_line(text))}</strong>"


@functools.singledispatch
def html_of(obj: object, /, *, figure: str | None = None) -> str:  # noqa: ARG001 - the types' signature
    """A small self-contained HTML fragment showing ``obj`` in a notebook.

    Covers ``Evaluation``, ``KPIResult``, ``Summary``, ``Series``,
    ``Framework``, ``RiskRegister``, ``BudgetTable``, ``XmRChart`` (its
    limits, icons and reading, without drawing it), ``Performance``, ``IPR``
    (its summary table) and ``MetricReport``.
    ``figure`` is SVG text (``kpirag.plot.figure_svg``) drawn at the top of
    the fragment, sanitised; ``kpirag.plot.spc_html`` passes the chart's.

    ```pycon
    >>> from kpirag import Status
    >>> from kpirag.kpi import summarise
    >>> fragment = html_of(summarise([Status.GREEN, Status.GREEN, Status.RED]))
    >>> fragment.startswith("<style>"), "<script" in fragment
    (True, False)
    >>> '<span class="pill" style="background-color:#ffc7ce">Red</span> 1 (33%)' in fragment
    True

    ```

    Raises:
        ValueTypeError: ``obj`` is not one of the types above (or registered).
    """
    raise ValueTypeError(
        field="obj",
        value=obj,
        expected="an Evaluation, KPIResult, Summary, Series, Framework, RiskRegister, "
        "BudgetTable, XmRChart, Performance, IPR or MetricReport",
    )


def _counts(summary: Summary) -> str:
    """Each status's pill with its count and share of the rated; then the not rated."""
    percents = summary.rounded_percents(0)
    items = [
        f"<span>{status_pill(status)} {summary.count(status):,} ({percents[status]}%)</span>"
        for status in sorted(summary.statuses)
    ]
    if summary.not_rated or not items:
        items.append(f"<span>{status_pill(Status.NOT_RATED)} {summary.not_rated:,}</span>")
    return f'<span class="kpirag-nb-counts">{"".join(items)}</span>'


def _summary_line(summary: Summary, what: str) -> str:
    rated = f"{summary.rated:,} rated" if summary.rated else "none rated"
    return _muted(f"{summary.total:,} {what}, {rated}; percentages are of the rated.")


@html_of.register
def _(obj: Summary, *, figure: str | None = None) -> str:
    return _fragment(
        [f"<p>{_counts(obj)}</p>", _summary_line(obj, "items")],
        figure=figure,
        label="Status counts",
    )


def _cut_kpis(table: Table, limit: int) -> tuple[Table, int]:
    """The table with at most ``limit`` KPI rows (theme rows kept above theirs); how many left."""
    kept: list[tuple[Cell, ...]] = []
    shown = left = 0
    for row in table.rows:
        is_theme = not row[0].text
        if is_theme:
            kept.append(row)
        elif shown < limit:
            kept.append(row)
            shown += 1
        else:
            left += 1
    while kept and not kept[-1][0].text:  # a theme row with none of its KPIs shown
        kept.pop()
    return attrs.evolve(table, rows=kept), left


@html_of.register
def _(obj: Evaluation, *, figure: str | None = None) -> str:
    name = obj.framework.name or "Evaluation"
    period = "" if obj.period is None else html_escape(f", {obj.period}")
    summary = obj.summary()
    table, left = _cut_kpis(kpi_table(obj, commentary=False), KPI_ROWS)
    parts = [
        _heading(_strong(name) + period),
        f"<p>{_counts(summary)}</p>",
        _summary_line(summary, "KPIs"),
        _table_html(table),
    ]
    if left:
        parts.append(f'<p class="kpirag-nb-muted">… and {left:,} more KPIs</p>')
    return _fragment(parts, figure=figure, label=f"{name}: KPI statuses")


def _result_parts(result: KPIResult) -> list[str]:
    kpi = result.kpi
    parts = [
        _heading(status_pill(result.status), _strong(kpi.id), html_escape(one_line(kpi.title)))
    ]
    facts = [f"Value <strong>{html_escape(one_line(result.display or '—'))}</strong>"]
    target = kpi.target_label or ("" if result.target is None else str(result.target))
    if target:
        facts.append(f"target <strong>{html_escape(one_line(target))}</strong>")
    if result.target is not None and target != str(result.target):
        facts.append(f"applied as <strong>{html_escape(str(result.target))}</strong>")
    parts.append(f"<p>{'; '.join(facts)}</p>")
    if result.explanation:
        parts.append(_muted(result.explanation))
    if result.overridden and result.observation is not None:
        parts.append(
            _muted(
                f"Reported {result.status}, the rule gives {result.computed}: "
                f"{result.observation.override}"
            )
        )
    elif result.disagrees and result.recorded is not None:
        parts.append(_muted(f"Recorded {result.recorded}, the rule gives {result.computed}"))
    return parts


@html_of.register
def _(obj: KPIResult, *, figure: str | None = None) -> str:
    return _fragment(_result_parts(obj), figure=figure, label=f"KPI {obj.kpi.id}")


def _series_name(series: Series) -> str:
    label = f" ({series.label})" if series.group else ""
    return f"{series.kpi.id} {series.kpi.title}{label}"


def _series_table(series: Series, periods: Sequence[object]) -> Table:
    """Periods across, with each one's figure and status below."""
    values: list[Cell | str] = ["Value"]
    statuses: list[Cell | str] = ["Status"]
    for period in periods:
        result = series.evaluate(period)  # type: ignore[arg-type]
        exact = None if result.assessment is None else result.assessment.value
        values.append(Cell(result.display, exact))
        statuses.append(Cell(str(result.status), status=result.status))
    headers = ["Period", *(str(period) for period in periods)]
    return Table(_series_name(series), headers, [values, statuses])


@html_of.register
def _(obj: Series, *, figure: str | None = None) -> str:
    parts = [_heading(_strong(obj.kpi.id), html_escape(one_line(obj.kpi.title)))]
    if obj.group:
        parts.append(_muted(obj.label))
    if not obj.entries:
        parts.append(_muted("No periods observed."))
        return _fragment(parts, figure=figure, label=_series_name(obj))
    latest = obj.evaluate()
    parts.append(
        _heading(
            html_escape(f"{obj.latest}:"),
            status_pill(latest.status),
            html_escape(one_line(latest.display)),
            html_escape(f"against {obj.kpi.target_label}") if obj.kpi.target_label else "",
        )
    )
    if latest.explanation:
        parts.append(_muted(latest.explanation))
    shown = obj.periods[-SERIES_PERIODS:]
    earlier = len(obj.periods) - len(shown)
    table = _table_html(_series_table(obj, shown))
    parts.append(table.replace("<table>", '<table class="across">', 1))
    if earlier:
        parts.append(f'<p class="kpirag-nb-muted">… and {earlier:,} earlier periods</p>')
    if obj.gaps:
        missing = ", ".join(str(gap) for gap in obj.gaps[:SERIES_PERIODS])
        more = (
            f" and {len(obj.gaps) - SERIES_PERIODS:,} more"
            if len(obj.gaps) > SERIES_PERIODS
            else ""
        )
        parts.append(_muted(f"No row for {missing}{more}."))
    return _fragment(parts, figure=figure, label=_series_name(obj))


@html_of.register
def _(obj: Framework, *, figure: str | None = None) -> str:
    name = obj.name or "Framework"
    rows: list[list[Cell | str]] = [
        [theme or "(no theme)", _count(sum(kpi.theme == theme for kpi in obj.kpis))]
        for theme in obj.themes
    ]
    rows.append([Cell("Total"), _count(len(obj.kpis))])
    themes = len(obj.themes)
    parts = [
        _heading(
            _strong(name) + ":",
            html_escape(f"{len(obj.kpis):,} KPIs in {themes:,} theme{'s' if themes != 1 else ''}"),
        ),
        _table_html(Table(f"{name}: KPIs by theme", ["Theme", "KPIs"], rows)),
    ]
    return _fragment(parts, figure=figure, label=f"{name}: KPIs by theme")


def _count(number: int) -> Cell:
    return Cell(f"{number:,}", number, numeric=True)


@html_of.register
def _(obj: RiskRegister, *, figure: str | None = None) -> str:
    table = risk_table(obj)
    name = obj.matrix.name
    summary = obj.summary()
    closed = len(obj.closed())
    heading = f"{summary.total:,} open risk{'s' if summary.total != 1 else ''}"
    if closed:
        heading += f", {closed:,} closed"
    parts = [
        _heading(
            _strong(f"Risk register{f' ({name})' if name else ''}") + ":", html_escape(heading)
        ),
        f"<p>{_counts(summary)}</p>",
        _table_html(table),
    ]
    return _fragment(parts, figure=figure, label="Risk matrix")


@html_of.register
def _(obj: BudgetTable, *, figure: str | None = None) -> str:
    table = budget_table(obj)
    adverse = sum(line.adverse for line in obj.lines)
    parts = [
        _heading(
            _strong("Budget monitoring") + ":",
            html_escape(f"{len(obj.lines):,} lines, {adverse:,} adverse"),
        ),
        _table_html(table),
        _muted("Variance is projected outturn less budget; ADV adverse, FAV favourable."),
    ]
    return _fragment(parts, figure=figure, label="Budget variance")


_BETTER = {1: "higher is better", -1: "lower is better", 0: "neither way is better"}


def _chart_parts(chart: XmRChart, *, places: int = 2) -> list[str]:
    row: list[Cell | str] = [
        _count(len(chart.points)),
        *_limits(chart, places),
    ]
    table = Table(
        "Process limits", ["Points", "Mean", "Lower limit", "Upper limit", "Target"], [row]
    )
    variation = _label(chart.variation).text or "None (too few points for limits)"
    assurance = _label(_assurance(chart)).text or "None (no target)"
    parts = [
        _heading(
            _strong("XmR chart"),
            html_escape(f"of {len(chart.points):,} points; {_BETTER[chart.improvement.sign]}"),
        ),
        (
            f"<p>Variation: <strong>{html_escape(variation)}</strong>; "
            f"assurance: <strong>{html_escape(assurance)}</strong></p>"
        ),
        _table_html(table),
        f"<p>{html_escape(chart.reading())}</p>",
    ]
    parts.extend(_muted(warning) for warning in chart.warnings)
    return parts


def chart_label(chart: XmRChart) -> str:
    """The chart's text alternative: what it is, and its reading."""
    return one_line(f"XmR chart of {len(chart.points)} points. {chart.reading()}")


@html_of.register
def _(obj: XmRChart, *, figure: str | None = None) -> str:
    return _fragment(_chart_parts(obj), figure=figure, label=chart_label(obj))


@html_of.register
def _(obj: Performance, *, figure: str | None = None) -> str:
    parts = _result_parts(obj.result)
    if obj.chart is None:
        parts.append(_muted(obj.reading))
    else:
        parts.extend(_chart_parts(obj.chart))
    label = _series_name(obj.series) if obj.chart is None else chart_label(obj.chart)
    return _fragment(parts, figure=figure, label=label)


@html_of.register
def _(obj: IPR, *, figure: str | None = None) -> str:
    table, left = _cut_kpis(ipr_table(obj), KPI_ROWS)
    parts = [
        _heading(_strong("Integrated performance report"), f"as of {obj.as_of:%d %B %Y}"),
        _muted(f"{len(obj.metrics):,} metrics in {len(obj.domains):,} domains."),
        _table_html(table),
    ]
    if left:
        parts.append(_muted(f"{left:,} more metrics not shown."))
    return _fragment(parts, figure=figure, label="Integrated performance report")


@html_of.register
def _(obj: MetricReport, *, figure: str | None = None) -> str:
    metric = obj.metric
    parts = [
        _heading(status_pill(obj.status), _strong(f"{metric.id} {metric.title}")),
        _table_html(Table(metric.title, IPR_HEADERS, [summary_row(obj, 1)])),
        f"<p>{html_escape(obj.narrative)}</p>",
    ]
    return _fragment(parts, figure=figure, label=f"Metric {metric.id}")
