"""RAG and SPC side by side: the integrated performance table, and SPC tables and records.

For each KPI series, ``performance`` evaluates the latest period (its RAG
status, through ``Series.evaluate``) and draws an XmR chart of the whole
series (``series_chart``). ``performance_table`` shows both in one row per
series: the latest period, value, target, status with its workings, the
variation and assurance icons, and the chart's reading in plain words.

``spc_table`` and ``spc_points_table`` show charts that are not tied to a KPI
(the ``kpirag spc`` command's), and the ``*_records`` functions give the same
rows as lists of dicts of plain values (text, ``int``, ``bool``, ``Decimal``,
``None``) for data frames. Lines drawn from the data (mean, limits) are exact
fractions in the charts and are rounded, half away from zero, only here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag._validate import as_tuple, brief, counted, instance, whole
from kpirag.errors import InvalidSeriesError
from kpirag.kpi import KPIResult, Series, SeriesPeriod, read_period
from kpirag.report._render import Cell, Table
from kpirag.rules import Direction, Operator, Scheme, format_decimal, round_fraction, to_decimal
from kpirag.spc import Improvement, SPCSettings, XmRChart, xmr

__all__ = [
    "Performance",
    "performance",
    "performance_point_records",
    "performance_records",
    "performance_table",
    "series_chart",
    "spc_point_records",
    "spc_points_table",
    "spc_records",
    "spc_table",
]


MAX_PLACES = 100
"""The most decimal places a table or record shows."""


def _charts(charts: Mapping[str, XmRChart], places: int) -> tuple[dict[str, XmRChart], int]:
    """``charts`` if it maps names (text) to charts, and ``places`` if in range, else our error."""
    instance(charts, Mapping, field="charts", expected="a mapping of names to XmRChart")
    for name, chart in charts.items():
        instance(name, str, field="charts key")
        instance(chart, XmRChart, field="charts value")
    return dict(charts), whole(places, "places", low=0, high=MAX_PLACES)


def _improvement(series: Series) -> Improvement:
    """Which way is better, from the KPI's target: a range or no target is neutral."""
    target = series.kpi.target
    if target is None or target.better is None:
        return Improvement.NEUTRAL
    return Improvement.INCREASE if target.better is Direction.HIGHER else Improvement.DECREASE


def _periods(series: Series, given: Iterable[SeriesPeriod | str]) -> list[SeriesPeriod]:
    if isinstance(given, str) or not isinstance(given, Iterable):
        raise InvalidSeriesError("periods", given, "a collection of periods")
    return [read_period(item, convention=series._convention()) for item in given]  # noqa: SLF001


def series_chart(
    series: Series,
    *,
    target: object = None,
    improvement: Improvement | str | None = None,
    recalculate: Iterable[SeriesPeriod | str] = (),
    ghost: Iterable[SeriesPeriod | str] = (),
    baseline: int | None = None,
    settings: SPCSettings | None = None,
) -> XmRChart:
    """An XmR chart of a series' figures (``xmr`` with the series' periods as labels).

    Periods without a figure are left out: the chart's periods show where
    they were. Which way is better comes from the KPI's target (``>=`` is
    "increase", ``<=`` "decrease", a range or no target "neutral") unless
    ``improvement`` says otherwise.

    Args:
        series: the KPI series.
        target: the number the assurance icon compares with; ``None`` for none.
        improvement: ``"increase"``, ``"decrease"`` or ``"neutral"``.
        recalculate: periods (objects or labels) where new limits start.
        ghost: periods shown but left out of the limits and the rules.
        baseline: fix each group's limits from its first ``baseline`` points.
        settings: the SPC method (``SPCSettings.nhsr()`` by default).

    Raises:
        InvalidSeriesError: the series has no figure, or a recalculation or
            ghost names a period the chart lacks.

    Warns:
        SPCWarning: a group has trial limits or too few points for limits.
    """
    instance(series, Series, field="series")
    pairs = [(p, v) for p, v in zip(series.periods, series.values, strict=True) if v is not None]
    if not pairs:
        raise InvalidSeriesError("values", (), "at least one period with a figure")
    labels: list[Hashable] = [period for period, _ in pairs]
    return xmr(
        [value for _, value in pairs],
        periods=labels,
        improvement=_improvement(series) if improvement is None else improvement,
        target=target,
        recalculate=_periods(series, recalculate),
        ghost=_periods(series, ghost),
        baseline=baseline,
        settings=settings,
    )


@attrs.frozen
class Performance:
    """One KPI series read both ways: today's RAG status and its XmR chart.

    Attributes:
        series: the series.
        result: the latest period evaluated (status, target, explanation).
        chart: the XmR chart of the whole series; ``None`` without any figure.
    """

    series: Series
    result: KPIResult
    chart: XmRChart | None

    def __repr__(self) -> str:
        points = "no chart" if self.chart is None else counted(len(self.chart.points), "point")
        return f"Performance(KPI {brief(self.series.kpi.id, 20)}, {self.result.status}, {points})"

    @property
    def reading(self) -> str:
        """The chart in plain words (see ``XmRChart.reading``)."""
        if self.chart is None:
            return "No figures to chart"
        return self.chart.reading()

    def _repr_html_(self) -> str:
        """This performance row as an HTML fragment, shown by Jupyter and other notebooks."""
        from kpirag.report import html_of  # noqa: PLC0415 - an adapter up to the report layer

        return html_of(self)


def performance(
    series: Series,
    *,
    scheme: Scheme | None = None,
    improvement: Improvement | str | None = None,
    recalculate: Iterable[SeriesPeriod | str] = (),
    ghost: Iterable[SeriesPeriod | str] = (),
    baseline: int | None = None,
    settings: SPCSettings | None = None,
) -> Performance:
    """Evaluate a series' latest period and chart the series, against the same target.

    The status is ``series.evaluate(scheme=scheme)``; the chart's target is
    the target that evaluation applied (a one-sided target's figure), so the
    assurance icon and the RAG status judge against one number. The other
    arguments are ``series_chart``'s.

    ```pycon
    >>> from kpirag.kpi import KPI, Series
    >>> kpi = KPI("ED", "Seen within 4 hours", ">=76%")
    >>> values = [71, 72, 70, 72, 73, 71, 72, 70, 72, 73, 71, 72, 74, 75, 74, 75, 76, 75, 76, 77]
    >>> months = [f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(20)]
    >>> row = performance(Series.of(kpi, zip(months, values)))
    >>> row.result.status, row.chart.variation.label, row.chart.assurance.label
    (<Status Green (RAG)>, 'Improvement (High)', 'Hit or miss target')

    ```
    """
    instance(series, Series, field="series")
    result = series.evaluate(scheme=scheme)
    target = result.target  # the assurance icon compares with a one-sided target's figure
    values = [value for value in series.values if value is not None]
    chart = None
    if values:
        chart = series_chart(
            series,
            target=None if target is None or target.operator is Operator.BETWEEN else target.value,
            improvement=improvement,
            recalculate=recalculate,
            ghost=ghost,
            baseline=baseline,
            settings=settings,
        )
    return Performance(series, result, chart)


def _decimal(value: Fraction | Decimal, places: int) -> Decimal:
    """``value`` as a Decimal: exact when its decimal ends, else rounded to ``places``."""
    if isinstance(value, Decimal):
        return value
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return to_decimal(value)
    return round_fraction(value, places)


def _round(value: Fraction | Decimal | None, places: int) -> Decimal | None:
    return None if value is None else _decimal(value, places)


def _show(value: Fraction | Decimal | None, places: int) -> Cell:
    number = _round(value, places)
    text = "" if number is None else format_decimal(number, places, grouping=True)
    return Cell(text, number, numeric=True)


def _exact(value: Fraction | Decimal | None, places: int) -> Cell:
    """A figure shown exact when its decimal ends (else rounded), kept exact in records."""
    if value is None:
        return Cell("", None, numeric=True)
    return Cell(format_decimal(_decimal(value, places)), value, numeric=True)


def _limits(chart: XmRChart, places: int) -> list[Cell]:
    """The last limit group's mean, lower and upper limit, then the target, as cells."""
    return [*(_show(line, places) for line in _lines(chart)), _exact(chart.target, places)]


def _label(member: object) -> Cell:
    """An icon or point type: the NHS wording shown, the snake_case name in records."""
    if member is None:
        return Cell("", None)
    return Cell(member.label, member.value)  # type: ignore[attr-defined]


def _lines(chart: XmRChart) -> tuple[Fraction | None, Fraction | None, Fraction | None]:
    """Mean, lower and upper limit of the last limit group (a run chart has a mean only)."""
    if chart.limits is not None:
        return chart.limits.mean, chart.limits.lower, chart.limits.upper
    return chart.last_point.mean, None, None


def _assurance(chart: XmRChart) -> object:
    return None if chart.assurance.value == "none" else chart.assurance


def spc_records(charts: Mapping[str, XmRChart], *, places: int = 6) -> list[dict[str, object]]:
    """One dict per chart: series, n, mean, lower, upper, target, improvement, icons, reading.

    ``n`` counts every point, ghosted ones included; the lines are the last
    limit group's (``lower`` and ``upper`` are ``None`` for a run chart), as
    Decimals rounded to ``places``; icons are snake_case names, ``None`` when
    there is no icon.
    """
    charts, places = _charts(charts, places)
    records = []
    for name, chart in charts.items():
        mean, lower, upper = _lines(chart)
        assurance = _assurance(chart)
        records.append(
            {
                "series": name,
                "n": len(chart.points),
                "mean": _round(mean, places),
                "lower": _round(lower, places),
                "upper": _round(upper, places),
                "target": _round(chart.target, places),
                "improvement": chart.improvement.value,
                "variation": None if chart.variation is None else chart.variation.value,
                "assurance": None if assurance is None else chart.assurance.value,
                "reading": chart.reading(),
            }
        )
    return records


def spc_point_records(
    charts: Mapping[str, XmRChart], *, places: int = 6
) -> list[dict[str, object]]:
    """One dict per point: series, period, value, limit group, lines, point type and rule.

    ``point_type`` and ``rule`` are snake_case names: ``None`` for a ghosted
    point (not judged) and ``rule`` ``None`` for common cause.
    """
    charts, places = _charts(charts, places)
    return [
        {
            "series": name,
            "period": None if point.period is None else str(point.period),
            "value": _round(point.value, places),
            "limit_group": point.group,
            "mean": _round(point.mean, places),
            "lower": _round(point.lower_limit, places),
            "upper": _round(point.upper_limit, places),
            "point_type": None if point.point_type is None else point.point_type.value,
            "rule": None if point.rule is None else point.rule.value,
            "ghosted": point.ghosted,
        }
        for name, chart in charts.items()
        for point in chart.points
    ]


def spc_table(
    charts: Mapping[str, XmRChart], *, places: int = 2, title: str = "Statistical process control"
) -> Table:
    """One row per chart: points, the last limits, target, both icons and the reading.

    ```pycon
    >>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
    >>> table = spc_table({"Demo": chart})
    >>> table.headers
    ('Series', 'Points', 'Mean', 'Lower', 'Upper', 'Target', 'Variation', 'Assurance', 'Reading')
    >>> [cell.text for cell in table.rows[0][:8]]
    ['Demo', '18', '1.94', '-0.72', '4.60', '3', 'Common cause', 'Hit or miss target']

    ```
    """
    charts, places = _charts(charts, places)
    rows: list[list[Cell | str]] = []
    for name, chart in charts.items():
        rows.append(
            [
                Cell(name),
                Cell(str(len(chart.points)), len(chart.points), numeric=True),
                *_limits(chart, places),
                _label(chart.variation),
                _label(_assurance(chart)),
                Cell(chart.reading()),
            ]
        )
    headers = ["Series", "Points", "Mean", "Lower", "Upper", "Target"]
    headers += ["Variation", "Assurance", "Reading"]
    return Table(title, headers, rows, wrap=["Reading"])


def _points_marks(charts: Mapping[str, XmRChart]) -> tuple[bool, bool, bool]:
    """Whether any chart has a target, a recalculation, a fixed baseline."""
    items = charts.values()
    return (
        any(chart.target is not None for chart in items),
        any(len(chart.groups) > 1 for chart in items),
        any(chart.settings.baseline is not None for chart in items),
    )


def _baseline_end(chart: XmRChart) -> int | None:
    """The position of the last point of the first group's fixed baseline, or ``None``."""
    if chart.settings.baseline is None:
        return None
    ends = [n for n, point in enumerate(chart.points) if point.group == 0 and point.in_baseline]
    return ends[-1] if ends else None


def spc_points_table(
    charts: Mapping[str, XmRChart], *, places: int = 2, title: str = "SPC points"
) -> Table:
    """One row per point: series, period, value, the lines, point type and the deciding rule.

    The table says all a series file says, so ``kpirag.io.load_series`` reads
    it back as the same series (``kpirag spc --points`` writes it as CSV or a
    workbook): ``Improvement`` on every row, ``Target`` when a chart has one
    (its target, on each of its rows), ``Recalculate`` (``Yes`` where a new
    limit group starts) when a chart has more than one group, and ``Baseline
    end`` when a chart has a fixed baseline. A ghosted point's type is ``Ghosted``.

    ```pycon
    >>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
    >>> spc_points_table({"Demo": chart}).headers[5:]
    ('Upper', 'Target', 'Improvement', 'Point type', 'Rule')

    ```
    """
    charts, places = _charts(charts, places)
    targets, groups, baselines = _points_marks(charts)
    rows: list[list[Cell | str]] = []
    for name, chart in charts.items():
        end = _baseline_end(chart)
        target = _exact(chart.target, places)
        for position, point in enumerate(chart.points):
            row: list[Cell | str] = [
                Cell(name),
                Cell("" if point.period is None else str(point.period), point.period),
                _exact(point.value, places),
                _show(point.mean, places),
                _show(point.lower_limit, places),
                _show(point.upper_limit, places),
                *([target] if targets else []),
                Cell(chart.improvement.value),
                Cell("Ghosted", None) if point.ghosted else _label(point.point_type),
                _label(point.rule),
            ]
            if groups:
                new = position > 0 and point.group != chart.points[position - 1].group
                row.append(Cell("Yes" if new else ""))
            if baselines:
                row.append(Cell("Yes" if position == end else ""))
            rows.append(row)
    headers = ["Series", "Period", "Value", "Mean", "Lower", "Upper"]
    headers += [*(["Target"] if targets else []), "Improvement", "Point type", "Rule"]
    headers += [*(["Recalculate"] if groups else []), *(["Baseline end"] if baselines else [])]
    return Table(title, headers, rows)


def performance_table(rows: Iterable[Performance], *, title: str = "Performance") -> Table:
    """The integrated table: one row per series, its RAG status beside its SPC icons.

    Columns: KPI, measure, group (when any series has one), latest period,
    value, target, status, the status's explanation, variation, assurance,
    and the chart's reading in plain words.
    """
    rows = as_tuple(rows, Performance, "rows")
    grouped = any(item.series.group for item in rows)
    headers = ["KPI", "Measure"] + (["Group"] if grouped else [])
    headers += ["Latest period", "Value", "Target", "Status", "Explanation"]
    headers += ["Variation", "Assurance", "Reading"]
    table_rows: list[list[Cell | str]] = []
    for item in rows:
        result, chart, series = item.result, item.chart, item.series
        row: list[Cell | str] = [Cell(series.kpi.id), Cell(series.kpi.title)]
        if grouped:
            row.append(Cell(series.label))
        value = None if result.assessment is None else result.assessment.value
        row += [
            Cell(str(series.latest), series.latest),
            Cell(result.display, value),
            Cell(series.kpi.target_label if result.target is None else str(result.target)),
            Cell(str(result.status), status=result.status),
            Cell(result.explanation),
            _label(None if chart is None else chart.variation),
            _label(None if chart is None else _assurance(chart)),
            Cell(item.reading),
        ]
        table_rows.append(row)
    return Table(title, headers, table_rows, wrap=["Measure", "Explanation", "Reading"])


def _base(item: Performance) -> dict[str, object]:
    series = item.series
    return {"kpi": series.kpi.id, "measure": series.kpi.title, "group": series.label}


def performance_records(rows: Iterable[Performance], *, places: int = 6) -> list[dict[str, object]]:
    """One dict per series: KPI, group, latest period, value, target, status, icons, reading."""
    rows = as_tuple(rows, Performance, "rows")
    places = whole(places, "places", low=0, high=MAX_PLACES)
    records = []
    for item in rows:
        result = item.result
        value = None if result.assessment is None else result.assessment.value
        spc: dict[str, object] = {
            "n": 0, "mean": None, "lower": None, "upper": None,
            "variation": None, "assurance": None,
        }  # fmt: skip
        if item.chart is not None:
            (chart_record,) = spc_records({"": item.chart}, places=places)
            spc = {key: chart_record[key] for key in spc}
        records.append(
            {
                **_base(item),
                "period": str(item.series.latest),
                "value": _round(value, places),
                "target": None if result.target is None else str(result.target),
                "status": str(result.status),
                "explanation": result.explanation,
                **spc,
                "reading": item.reading,
            }
        )
    return records


def performance_point_records(
    rows: Iterable[Performance], *, places: int = 6
) -> list[dict[str, object]]:
    """One dict per charted point of every series, with its point type and rule."""
    rows = as_tuple(rows, Performance, "rows")
    places = whole(places, "places", low=0, high=MAX_PLACES)
    records = []
    for item in rows:
        if item.chart is None:
            continue
        for point in spc_point_records({"": item.chart}, places=places):
            del point["series"]
            records.append({**_base(item), **point})
    return records
