"""The integrated performance report's views: the summary table, records and the board pack.

Every view reads one ``kpirag.ipr.IPR`` and computes nothing of its own: the
summary ``Table`` (text, Markdown, CSV, xlsx), the records (one per metric,
one per period) for frames and JSON, and the board pack, one standalone HTML
document: the summary first, then a section per domain with each metric's
chart, icons, narrative, owner and flags, printed on A4 landscape with a page
break between domains.

The icons in HTML are drawn here as small inline SVG (a circle in the Making
Data Count colours with its letter), each with its name in words beside it,
so none rests on colour or on knowing the symbols. A sparkline shows each
metric's last ``SPARK_POINTS`` figures against its target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from kpirag._validate import instance, whole
from kpirag.errors import ValueTypeError
from kpirag.ipr import IPR, FlagKind, IPRPoint, MetricReport
from kpirag.kpi import Figure, Unit
from kpirag.report._escape import html_escape, one_line
from kpirag.report._html import document_head, status_pill
from kpirag.report._performance import MAX_PLACES, _round, _show
from kpirag.report._render import Cell, Table
from kpirag.report._svg import sanitise_svg
from kpirag.report._xlsx import write_xlsx
from kpirag.rules import Status, Trend
from kpirag.spc import Assurance, PointType, Variation

__all__ = [
    "ASSURANCE_DESCRIPTIONS",
    "IPR_DESCRIBED_HEADERS",
    "IPR_HEADERS",
    "SPARK_POINTS",
    "VARIATION_DESCRIPTIONS",
    "ipr_html",
    "ipr_point_records",
    "ipr_points_table",
    "ipr_records",
    "ipr_table",
    "ipr_xlsx",
]

SPARK_POINTS = 12
"""How many of the latest figures a sparkline shows."""

VARIATION_DESCRIPTIONS: Mapping[Variation | None, str] = {
    None: "No variation icon: too few points for process limits",
    Variation.COMMON_CAUSE: "Common cause variation: no significant change",
    Variation.IMPROVEMENT_HIGH: "Special cause variation, improving: significantly high",
    Variation.IMPROVEMENT_LOW: "Special cause variation, improving: significantly low",
    Variation.CONCERN_HIGH: "Special cause variation, of concern: significantly high",
    Variation.CONCERN_LOW: "Special cause variation, of concern: significantly low",
    Variation.NEITHER_HIGH: "Special cause variation, neither better nor worse: significantly high",
    Variation.NEITHER_LOW: "Special cause variation, neither better nor worse: significantly low",
}
"""What each variation icon means, in words (the exports' ``variation_description``)."""

ASSURANCE_DESCRIPTIONS: Mapping[Assurance, str] = {
    Assurance.CONSISTENT_PASS: "The process limits say the target will consistently be met",
    Assurance.CONSISTENT_FAIL: "The process limits say the target will consistently be missed",
    Assurance.INCONSISTENT: "The target lies within the process limits: it will be hit and missed",
    Assurance.NONE: "No assurance icon: no one-sided target, a neutral metric or no limits",
}
"""What each assurance icon means, in words (the exports' ``assurance_description``)."""

IPR_HEADERS = (
    "ID",
    "Metric",
    "Period",
    "Value",
    "Target",
    "Status",
    "Variation",
    "Assurance",
    "Mean",
    "Lower limit",
    "Upper limit",
    "Travel",
    "Owner",
    "Data quality",
    "Flags",
)
"""The summary table's columns, in the order trusts' integrated performance reports use."""

IPR_DESCRIBED_HEADERS = (
    *IPR_HEADERS[:8],
    "Variation meaning",
    "Assurance meaning",
    *IPR_HEADERS[8:],
)
"""The summary table's columns with each icon's meaning beside it (CSV and workbook exports)."""


def _ipr(ipr: object) -> IPR:
    if not isinstance(ipr, IPR):
        raise ValueTypeError(field="ipr", value=ipr, expected="an IPR from kpirag.ipr.build")
    return ipr


def _lines(report: MetricReport) -> tuple[Fraction | None, Fraction | None, Fraction | None]:
    chart = report.chart
    if chart is None:
        return None, None, None
    if chart.limits is not None:
        return chart.limits.mean, chart.limits.lower, chart.limits.upper
    return chart.last_point.mean, None, None


def _value(report: MetricReport) -> str:
    """The latest figure as written, with ``%`` when a percentage metric's figure is bare."""
    result = report.result
    if result is None:
        return ""
    observation, figure = result.observation, result.value
    written = observation is not None and observation.display is not None
    if isinstance(figure, Figure) and not figure.percent and not written:
        percent = report.metric.unit is Unit.PERCENT
        return result.display + ("%" if percent else "")
    return result.display


def _target(point: IPRPoint | None) -> str:
    return "" if point is None or point.target is None else str(point.target)


def _flags(report: MetricReport) -> str:
    return "; ".join(flag.kind.label for flag in report.flags)


def _icon_cell(member: Variation | Assurance | None, report: MetricReport) -> Cell:
    if member is None or member is Assurance.NONE:
        return Cell("", None) if report.chart is None or member is None else Cell("", "none")
    return Cell(member.label, member.value)


def summary_row(
    report: MetricReport, places: int, *, descriptions: bool = False
) -> list[Cell | str]:
    """One metric's row of the summary table (``IPR_HEADERS``, or ``IPR_DESCRIBED_HEADERS``)."""
    latest = report.latest
    mean, lower, upper = _lines(report)
    value = None if latest is None else latest.value
    meanings: list[Cell | str] = []
    if descriptions:
        charted = report.chart is not None
        meanings = [
            Cell(VARIATION_DESCRIPTIONS[report.variation] if charted else ""),
            Cell(ASSURANCE_DESCRIPTIONS[report.assurance] if charted else ""),
        ]
    return [
        Cell(report.metric.id),
        Cell(report.metric.title),
        Cell(
            "" if latest is None else str(latest.period), None if latest is None else latest.period
        ),
        Cell(_value(report), value, numeric=True),
        Cell(_target(latest)),
        Cell(str(report.status), status=report.status),
        _icon_cell(report.variation, report),
        _icon_cell(report.assurance, report),
        *meanings,
        _show(mean, places),
        _show(lower, places),
        _show(upper, places),
        Cell("" if report.travel is None else str(report.travel), report.travel),
        Cell(report.metric.owner),
        Cell(report.metric.quality or ""),
        Cell(_flags(report)),
    ]


def _grouped(ipr: IPR) -> list[tuple[str, list[MetricReport]]]:
    return [(domain, list(ipr.domain(domain))) for domain in ipr.domains]


def ipr_table(
    ipr: IPR,
    *,
    places: int = 2,
    grouped: bool = True,
    descriptions: bool = False,
    title: str = "Integrated performance report",
) -> Table:
    """The summary table: one row per metric, its RAG status beside its SPC icons.

    Grouped by domain (a heading row per domain) unless ``grouped`` is false,
    when the rows keep the report's order (``IPR.concerns_first`` puts
    special cause concern and failing assurance first). The icons are their
    names; ``descriptions`` adds each icon's meaning beside it (as the CSV
    and workbook exports do). Columns: ``IPR_HEADERS`` (``IPR_DESCRIBED_HEADERS``).

    ```pycon
    >>> from kpirag.ipr import Metric, MetricValue, build
    >>> metric = Metric("F1", "Falls per 1,000 bed days", "Safety", improvement="decrease",
    ...                 target=6, owner="Chief Nurse")
    >>> ipr = build([metric], [MetricValue("F1", "2025-03", "6.4")], as_of="2025-04-30")
    >>> heading, row = ipr_table(ipr).rows
    >>> [cell.text for cell in heading if cell.text], [cell.text for cell in row[:6]]
    (['Safety'], ['F1', 'Falls per 1,000 bed days', 'Mar 2025', '6.4', '<=6', 'Amber'])

    ```
    """
    ipr = _ipr(ipr)
    places = whole(places, "places", low=0, high=MAX_PLACES)
    instance(grouped, bool, field="grouped", expected="True or False")
    instance(descriptions, bool, field="descriptions", expected="True or False")
    instance(title, str, field="title", expected="text")
    headers = IPR_DESCRIBED_HEADERS if descriptions else IPR_HEADERS
    rows: list[list[Cell | str]] = []
    for domain, reports in _grouped(ipr) if grouped else [("", list(ipr.metrics))]:
        if grouped:
            rows.append(["", domain, *[""] * (len(headers) - 2)])
        rows.extend(summary_row(report, places, descriptions=descriptions) for report in reports)
    return Table(title, headers, rows, wrap=["Metric", "Flags"])


def ipr_records(ipr: IPR, *, places: int = 6) -> list[dict[str, object]]:
    """One dict per metric: its definition, latest period, status, icons with their meanings, flags.

    Values are plain (text, ``int``, ``Decimal``, ``None``); icons are
    snake_case names beside their descriptions (``VARIATION_DESCRIPTIONS``,
    ``ASSURANCE_DESCRIPTIONS``); ``flags`` lists the flags' names
    (``stale; provisional``) and ``flag_text`` their sentences.
    """
    ipr = _ipr(ipr)
    places = whole(places, "places", low=0, high=MAX_PLACES)
    records: list[dict[str, object]] = []
    for report in ipr.metrics:
        metric, latest = report.metric, report.latest
        mean, lower, upper = _lines(report)
        stale = report.flagged(FlagKind.STALE)
        records.append(
            {
                "domain": metric.domain,
                "subdomain": metric.subdomain,
                "id": metric.id,
                "title": metric.title,
                "owner": metric.owner,
                "lead": metric.lead,
                "source": metric.source,
                "improvement": metric.improvement.value,
                "period": None if latest is None else str(latest.period),
                "value": None if latest is None else _round(latest.value, places),
                "target": _target(latest) or None,
                "reference": None if latest is None else _round(latest.reference, places),
                "status": str(report.status),
                "explanation": "" if report.result is None else report.result.explanation,
                "variation": None if report.variation is None else report.variation.value,
                "variation_description": VARIATION_DESCRIPTIONS[report.variation]
                if report.chart is not None
                else None,
                "assurance": report.assurance.value,
                "assurance_description": ASSURANCE_DESCRIPTIONS[report.assurance],
                "mean": _round(mean, places),
                "lower": _round(lower, places),
                "upper": _round(upper, places),
                "travel": None if report.travel is None else report.travel.value,
                "quality": metric.quality,
                "provisional": latest is not None and latest.provisional,
                "stale_days": None if stale is None else stale.days,
                "flags": "; ".join(flag.kind.value for flag in report.flags),
                "flag_text": " ".join(flag.text for flag in report.flags),
                "narrative": report.narrative,
            }
        )
    return records


def ipr_point_records(ipr: IPR, *, places: int = 6) -> list[dict[str, object]]:
    """One dict per metric and period: figure, targets, status, SPC lines, point type, events.

    ``metric``, ``period``, ``value``, ``target``, ``reference`` and
    ``provisional`` are a values file's columns (``kpirag.io.VALUE_COLUMNS``).
    """
    ipr = _ipr(ipr)
    places = whole(places, "places", low=0, high=MAX_PLACES)
    records: list[dict[str, object]] = []
    for report in ipr.metrics:
        for point in report.points:
            spc = point.spc
            records.append(
                {
                    "domain": report.metric.domain,
                    "metric": report.metric.id,
                    "period": str(point.period),
                    "value": _round(point.value, places),
                    "target": None if point.target is None else str(point.target),
                    "reference": _round(point.reference, places),
                    "provisional": point.provisional,
                    "status": str(point.status),
                    "explanation": point.explanation,
                    "mean": None if spc is None else _round(spc.mean, places),
                    "lower": None if spc is None else _round(spc.lower_limit, places),
                    "upper": None if spc is None else _round(spc.upper_limit, places),
                    "point_type": None
                    if spc is None or spc.point_type is None
                    else spc.point_type.value,
                    "rule": None if spc is None or spc.rule is None else spc.rule.value,
                    "annotation": point.annotation,
                    "recalculated": point.recalculated,
                }
            )
    return records


def ipr_points_table(ipr: IPR, *, domain: str | None = None, places: int = 2) -> Table:
    """One row per metric and period (of one domain, or all): the chart's data and each status."""
    ipr = _ipr(ipr)
    places = whole(places, "places", low=0, high=MAX_PLACES)
    instance(domain, str, type(None), field="domain", expected="a domain's name or None")
    headers = ["ID", "Period", "Value", "Target", "Reference", "Status", "Mean", "Lower", "Upper"]
    headers += ["Point type", "Provisional", "Event"]
    rows: list[list[Cell | str]] = []
    for report in ipr.metrics:
        if domain is not None and report.metric.domain != domain:
            continue
        for point in report.points:
            spc = point.spc
            kind = None if spc is None else spc.point_type
            rows.append(
                [
                    Cell(report.metric.id),
                    Cell(str(point.period), point.period),
                    _show(point.value, places),
                    Cell("" if point.target is None else str(point.target)),
                    _show(point.reference, places),
                    Cell(str(point.status), status=point.status),
                    _show(None if spc is None else spc.mean, places),
                    _show(None if spc is None else spc.lower_limit, places),
                    _show(None if spc is None else spc.upper_limit, places),
                    Cell("" if kind is None else kind.label, None if kind is None else kind.value),
                    Cell("Yes" if point.provisional else ""),
                    Cell(point.annotation or ""),
                ]
            )
    return Table(domain or "Points", headers, rows, wrap=["Event"])


def ipr_xlsx(ipr: IPR, path: object, *, places: int = 2) -> None:
    """A workbook: the summary sheet (status fills, icons and their meanings), a sheet per domain.

    Each domain's sheet holds its metrics' periods (``ipr_points_table``).
    Written whole or not at all (``Table.to_xlsx``'s writer).
    """
    ipr = _ipr(ipr)
    tables = [ipr_table(ipr, places=places, descriptions=True, title="Summary")]
    tables += [ipr_points_table(ipr, domain=domain, places=places) for domain in ipr.domains]
    write_xlsx(path, tables, title=f"Integrated performance report, as of {ipr.as_of:%d %B %Y}")


# The board pack -------------------------------------------------------------------------

_INK = {
    "common_cause": "#858585",
    "improvement": "#00b0f0",
    "concern": "#e46c0a",
    "neither": "#490092",
}


def _variation_look(variation: Variation | None) -> tuple[str, str]:
    """(colour, letter) of a variation icon."""
    if variation is None or variation is Variation.COMMON_CAUSE:
        return _INK["common_cause"], ""
    kind = variation.value.split("_")[0]
    return _INK[kind], "H" if variation.value.endswith("high") else "L"


def _assurance_look(icon: Assurance) -> tuple[str, str]:
    return {
        Assurance.CONSISTENT_PASS: (_INK["improvement"], "P"),
        Assurance.CONSISTENT_FAIL: (_INK["concern"], "F"),
        Assurance.INCONSISTENT: (_INK["common_cause"], "?"),
    }.get(icon, ("#c9ced4", ""))


def _icon_svg(colour: str, letter: str, label: str, *, present: bool = True) -> str:
    """A round icon, 28 pixels across: a ring in ``colour`` holding ``letter`` (or a wave)."""
    ring = f'stroke="{colour}" stroke-width="2.5" fill="#fff"'
    if not present:
        ring = 'stroke="#9aa1a9" stroke-width="1.5" stroke-dasharray="3 2" fill="none"'
    mark = (
        f'<text x="14" y="19" text-anchor="middle" font-size="14" font-weight="700" '
        f'font-family="sans-serif" fill="{colour}">{html_escape(letter)}</text>'
        if letter
        else (
            f'<polyline points="7,15 10,12 13,16 16,12 19,15 22,13" fill="none" '
            f'stroke="{colour}" stroke-width="1.6"/>'
            if present
            else ""
        )
    )
    return (
        f'<svg class="icon" width="28" height="28" viewBox="0 0 28 28" role="img" '
        f'aria-label="{html_escape(label)}"><circle cx="14" cy="14" r="12" {ring}/>{mark}</svg>'
    )


def _variation_html(report: MetricReport) -> str:
    if report.chart is None:
        return ""
    variation = report.variation
    colour, letter = _variation_look(variation)
    label = "No icon" if variation is None else variation.label
    icon = _icon_svg(
        colour, letter, VARIATION_DESCRIPTIONS[variation], present=variation is not None
    )
    return f'<span class="icon-cell">{icon}<span>{html_escape(label)}</span></span>'


def _assurance_html(report: MetricReport) -> str:
    if report.chart is None:
        return ""
    icon = report.assurance
    colour, letter = _assurance_look(icon)
    label = "No icon" if icon is Assurance.NONE else icon.label
    drawn = _icon_svg(
        colour, letter, ASSURANCE_DESCRIPTIONS[icon], present=icon is not Assurance.NONE
    )
    return f'<span class="icon-cell">{drawn}<span>{html_escape(label)}</span></span>'


def _spark(report: MetricReport) -> str:
    """The last figures as a small line, the target as a dashed step, the last point marked."""
    points = [p for p in report.points if p.value is not None][-SPARK_POINTS:]
    if len(points) < 2:  # noqa: PLR2004 - a line needs two points
        return ""
    width, height, pad = 96.0, 26.0, 3.0
    levels = [float(p.value) for p in points if p.value is not None]
    goals = [
        float(p.target.value) if p.target is not None and p.target.value is not None else None
        for p in points
    ]
    every = levels + [goal for goal in goals if goal is not None]
    low, high = min(every), max(every)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / (len(points) - 1)

    def y(level: float) -> float:
        return round(height - pad - (level - low) / span * (height - 2 * pad), 2)

    line = " ".join(f"{round(pad + i * step, 2)},{y(level)}" for i, level in enumerate(levels))
    parts = [f'<polyline points="{line}" fill="none" stroke="#1a1a1a" stroke-width="1.2"/>']
    for i, goal in enumerate(goals):
        if goal is not None:
            x0, x1 = round(pad + (i - 0.5) * step, 2), round(pad + (i + 0.5) * step, 2)
            parts.append(
                f'<line x1="{max(x0, pad)}" x2="{min(x1, width - pad)}" y1="{y(goal)}" '
                f'y2="{y(goal)}" stroke="#de1b1b" stroke-width="1" stroke-dasharray="2 1"/>'
            )
    last = points[-1].spc
    kind = PointType.COMMON_CAUSE if last is None or last.point_type is None else last.point_type
    colour = _INK[_POINT_INK[kind]]
    parts.append(
        f'<circle cx="{round(pad + (len(points) - 1) * step, 2)}" cy="{y(levels[-1])}" r="2.6" '
        f'fill="{colour}"/>'
    )
    label = f"The last {len(points)} figures, from {points[0].period} to {points[-1].period}"
    return (
        f'<svg class="spark" width="{int(width)}" height="{int(height)}" '
        f'viewBox="0 0 {int(width)} {int(height)}" role="img" aria-label="{html_escape(label)}">'
        + "".join(parts)
        + "</svg>"
    )


_POINT_INK = {
    PointType.COMMON_CAUSE: "common_cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "neither",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "neither",
}

_TRAVEL = {Trend.IMPROVED: "▲ Improved", Trend.WORSE: "▼ Worse", Trend.UNCHANGED: "▶ Unchanged"}

BOARD_STYLES = """\
body { max-width: 100rem; }
table.ipr tbody th[scope="row"] { min-width: 15rem; font-weight: 400; }
table.ipr tbody th[scope="row"] a { font-weight: 600; }
table.ipr td.owner { font-size: 0.9em; color: var(--muted); min-width: 7rem; }
table.ipr .pill { font-size: 0.95em; }
table.ipr td.flags { min-width: 7rem; }
.as-of { color: var(--muted); margin: -0.4rem 0 0.8rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0 0 1rem; }
.icon-cell { display: inline-flex; align-items: center; gap: 0.35rem; min-width: 8.5rem; }
svg.icon { flex: none; }
svg.spark { display: block; }
table.ipr td, table.ipr th { vertical-align: middle; }
table.ipr { font-size: 0.82rem; }
table.ipr th, table.ipr td { padding: 0.3rem 0.4rem; }
.flag { display: inline-block; border: 1px solid #b35c00; color: #7a3e00; background: #fff4e5;
  border-radius: 0.25rem; padding: 0 0.35rem; margin: 0 0.2rem 0.15rem 0; font-size: 0.9em;
  white-space: nowrap; }
article.metric { border-top: 2px solid var(--rule); padding: 0.8rem 0 0.4rem; }
article.metric h3 { font-size: 1.1rem; margin: 0 0 0.3rem; }
.meta { color: var(--muted); font-size: 0.88rem; margin: 0 0 0.4rem; }
.headline { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.2rem;
  margin: 0.2rem 0 0.5rem; }
.metric-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
.metric-body figure.chart { margin: 0; }
ol.events { margin: 0.3rem 0; padding-left: 1.2rem; font-size: 0.9rem; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 9pt; }
  section#summary { break-before: auto; }
  section.domain { break-before: page; }
  article.metric { break-inside: avoid; padding-top: 0.4rem; }
  article.metric h3 { font-size: 11pt; }
  .meta, ol.events { font-size: 8pt; }
  .headline { margin: 0.1rem 0 0.2rem; }
  .metric-body figure.chart svg { width: 100%; height: auto; max-height: 62mm; }
  .metric-body figcaption { display: none; }
  table.ipr { font-size: 7.5pt; }
  .flag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
"""The board pack's styles, after the report stylesheet."""


def _summary_html(reports: Sequence[MetricReport], caption: str, *, by_domain: bool) -> str:
    headers = ["Metric", "Period", "Value", "Target", "Status", "Variation", "Assurance"]
    headers += ["Trend", "Travel", "Owner", "Flags"]
    lines = [
        '<div class="table-wrap"><table class="ipr">',
        f'<caption class="visually-hidden">{html_escape(caption)}</caption>',
        "<thead><tr>",
        "".join(f'<th scope="col">{html_escape(header)}</th>' for header in headers),
        "</tr></thead><tbody>",
    ]
    domain = None
    for report in reports:
        if by_domain and report.metric.domain != domain:
            domain = report.metric.domain
            lines.append(
                f'<tr class="group"><th scope="rowgroup" colspan="{len(headers)}">'
                f"{html_escape(domain)}</th></tr>"
            )
        latest = report.latest
        flags = "".join(
            f'<span class="flag">{html_escape(flag.kind.label)}</span>' for flag in report.flags
        )
        cells = [
            (
                f'<th scope="row"><a href="#metric-{_anchor(report)}">'
                f"{html_escape(report.metric.id)}</a> {html_escape(report.metric.title)}</th>"
            ),
            f'<td class="short">{html_escape("" if latest is None else str(latest.period))}</td>',
            f'<td class="num">{html_escape(_value(report))}</td>',
            f"<td>{html_escape(_target(latest))}</td>",
            f"<td>{status_pill(report.status)}</td>",
            f"<td>{_variation_html(report)}</td>",
            f"<td>{_assurance_html(report)}</td>",
            f"<td>{_spark(report)}</td>",
            f'<td class="short">{_TRAVEL[report.travel] if report.travel else ""}</td>',
            f'<td class="owner">{html_escape(report.metric.owner)}</td>',
            f'<td class="flags">{flags}</td>',
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    if not reports:
        lines.append(f'<tr><td class="empty" colspan="{len(headers)}">None</td></tr>')
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def _anchor(report: MetricReport) -> str:
    return "".join(c if c.isalnum() else "-" for c in report.metric.id)


_ATTENTION = {Variation.CONCERN_HIGH, Variation.CONCERN_LOW}


def _needs_attention(report: MetricReport) -> bool:
    return (
        report.variation in _ATTENTION
        or report.assurance is Assurance.CONSISTENT_FAIL
        or (report.status.severity >= Status.RED.severity and report.status.rated)
    )


def _meta(report: MetricReport) -> str:
    metric = report.metric
    items = [
        ("Owner", metric.owner),
        ("Lead", metric.lead),
        ("Committee", metric.subdomain),
        ("Source", metric.source),
        ("Data quality", metric.quality or ""),
        (
            "Better",
            {"increase": "higher", "decrease": "lower"}.get(metric.improvement.value, "neither"),
        ),
    ]
    return " · ".join(f"{name}: {html_escape(text)}" for name, text in items if text)


def _metric_html(report: MetricReport, chart: str | None, number: int) -> str:
    metric = report.metric
    latest = report.latest
    value = _value(report) or "no figure"
    target = _target(latest) or "no target"
    period = "" if latest is None else f" in {latest.period}"
    parts = [
        f'<article class="metric" id="metric-{_anchor(report)}">',
        f"<h3>{html_escape(metric.id)} {html_escape(metric.title)}</h3>",
        f'<p class="meta">{_meta(report)}</p>',
        '<div class="headline">',
        f"{status_pill(report.status)}",
        f"<span>{html_escape(value)}{html_escape(period)} against {html_escape(target)}</span>",
        _variation_html(report),
        _assurance_html(report),
        "".join(
            f'<span class="flag">{html_escape(flag.kind.label)}</span>' for flag in report.flags
        ),
        "</div>",
        '<div class="metric-body">',
    ]
    if chart is not None:
        label = f"SPC chart of {metric.id} {metric.title}"
        svg = sanitise_svg(chart, prefix=f"kpirag-ipr-{number}-", label=label, embed=True)
        caption = html_escape(one_line(f"{metric.id}: {metric.title}"))
        parts.append(f'<figure class="chart">{svg}<figcaption>{caption}</figcaption></figure>')
    parts.append("<div>")
    parts.append(f"<p>{html_escape(report.narrative)}</p>")  # the flags' sentences are in it
    if metric.annotations:
        parts.append('<p class="meta">Events (numbered as on the chart):</p><ol class="events">')
        parts += [f"<li>{html_escape(str(note))}</li>" for note in metric.annotations]
        parts.append("</ol>")
    parts += ["</div>", "</div>", "</article>"]
    return "\n".join(parts)


def _status(ipr: IPR, name: str) -> Status:
    return next(report.status for report in ipr.metrics if str(report.status) == name)


def _order(ipr: IPR, name: str) -> tuple[bool, int]:
    status = _status(ipr, name)
    return (not status.rated, -status.severity)


def _counts(ipr: IPR) -> str:
    statuses: dict[str, int] = {}
    for report in ipr.metrics:
        statuses[str(report.status)] = statuses.get(str(report.status), 0) + 1
    concern = sum(report.variation in _ATTENTION for report in ipr.metrics)
    failing = sum(report.assurance is Assurance.CONSISTENT_FAIL for report in ipr.metrics)
    stale = sum(report.flagged(FlagKind.STALE) is not None for report in ipr.metrics)
    shown = sorted(statuses, key=lambda name: _order(ipr, name))
    items = [f"{status_pill(_status(ipr, name))} {statuses[name]}" for name in shown]
    items += [f"{concern} special cause concern", f"{failing} consistently failing target"]
    items += [f"{stale} stale"]
    return '<p class="counts">' + "".join(f"<span>{item}</span>" for item in items) + "</p>"


def _charts(charts: object) -> dict[str, str]:
    if charts is None:
        return {}
    if not isinstance(charts, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in charts.items()
    ):
        raise ValueTypeError(
            field="charts", value=charts, expected="a mapping of metric ids to SVG text, or None"
        )
    return dict(charts)


def ipr_html(
    ipr: IPR,
    *,
    charts: Mapping[str, str] | None = None,
    title: str = "Integrated performance report",
) -> str:
    """The board pack: one standalone HTML document that prints on A4 landscape.

    The summary table first (grouped by domain, with each icon drawn and
    named, a sparkline and the flags), then the metrics that need attention
    (special cause concern, a target consistently failed, or Red) in that
    order, then a section per domain, starting on a new page, with each
    metric's chart (``charts`` maps a metric's id to its SVG; see
    ``kpirag.plot.ipr_charts``), icons, narrative, owner, flags and events.
    Nothing is fetched and there is no script.
    """
    ipr = _ipr(ipr)
    drawn = _charts(charts)
    instance(title, str, field="title", expected="text")
    heading = html_escape(one_line(title))
    attention = [r for r in ipr.concerns_first().metrics if _needs_attention(r)]
    parts = [
        *document_head(heading, BOARD_STYLES),
        f"<header><h1>{heading}</h1>",
        f'<p class="as-of">As of {ipr.as_of:%d %B %Y} · {len(ipr.metrics)} metrics</p></header>',
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>',
        '<li><a href="#summary">Summary</a></li>',
        '<li><a href="#attention">Needs attention</a></li>',
    ]
    parts += [
        f'<li><a href="#domain-{n}">{html_escape(domain)}</a></li>'
        for n, domain in enumerate(ipr.domains, start=1)
    ]
    parts += [
        "</ol></nav>",
        "<main>",
        '<section id="summary" aria-labelledby="summary-heading">',
        '<h2 id="summary-heading">Summary</h2>',
        _counts(ipr),
        _summary_html(
            [r for _, reports in _grouped(ipr) for r in reports], "Summary", by_domain=True
        ),
        "</section>",
        '<section id="attention" aria-labelledby="attention-heading">',
        '<h2 id="attention-heading">Needs attention</h2>',
        (
            '<p class="meta">Special cause concern first, then a target the process will '
            "consistently miss, then the worst status.</p>"
        ),
        _summary_html(attention, "Needs attention", by_domain=False),
        "</section>",
    ]
    number = 0
    for n, (domain, reports) in enumerate(_grouped(ipr), start=1):
        parts.append(
            f'<section class="domain" id="domain-{n}" aria-labelledby="domain-{n}-heading">'
        )
        parts.append(f'<h2 id="domain-{n}-heading">{html_escape(domain)}</h2>')
        for report in reports:
            number += 1
            parts.append(_metric_html(report, drawn.get(report.metric.id), number))
        parts.append("</section>")
    parts += ["</main>", "<footer>Made with kpirag.</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)
