"""The integrated performance report, computed once: ``build`` and what it makes.

``build(metrics, values, as_of=...)`` judges every period of every metric
against that period's target (``evaluate_kpi``, the one path every RAG status
takes), draws each metric's SPC chart (``xmr``), and reads the latest period
as a board reads it: status and explanation, the variation and assurance
icons, the direction of travel, the data-quality and freshness flags, and one
paragraph that joins them. Every view (the summary table, the charts, the
frames, the exports) reads the ``IPR`` this returns and computes nothing of
its own.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag._validate import Choice, brief, counted, iterable, short_number
from kpirag.errors import InvalidMetricError, KpiragError, SPCWarning
from kpirag.ipr._metric import (
    AssuranceTarget,
    IPRSettings,
    Metric,
    MetricValue,
    metric_target,
    read_as_of,
)
from kpirag.kpi import (
    KPI,
    Figure,
    KPIResult,
    Month,
    NotRated,
    Observation,
    Quarter,
    Year,
    add_months,
    evaluate_kpi,
    travel,
)
from kpirag.kpi import SeriesPeriod as Period
from kpirag.rules import Direction, Operator, Status, Target, Trend
from kpirag.spc import Assurance, Improvement, Rule, SPCPoint, Variation, XmRChart, assurance, xmr

__all__ = ["IPR", "Flag", "FlagKind", "IPRPoint", "MetricReport", "build"]


class FlagKind(Choice):
    """What a flag on a metric says. The value is the name exports carry."""

    NO_DATA = "no_data"
    STALE = "stale"
    PROVISIONAL = "provisional"
    QUALITY = "quality"
    NO_TARGET = "no_target"
    RECALCULATE = "recalculate"

    @property
    def label(self) -> str:
        """The flag's name as a report shows it."""
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    FlagKind.NO_DATA: "No data",
    FlagKind.STALE: "Stale",
    FlagKind.PROVISIONAL: "Provisional",
    FlagKind.QUALITY: "Data quality",
    FlagKind.NO_TARGET: "No target",
    FlagKind.RECALCULATE: "Recalculate?",
}


@attrs.frozen
class Flag:
    """A warning a board must see beside a metric's figures.

    Attributes:
        kind: what it is about.
        text: what it says, in a sentence.
        days: for a stale metric, how many days its next figure is overdue.
    """

    kind: FlagKind
    text: str
    days: int | None = None

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class IPRPoint:
    """One period of a metric: its figure, its target, its status and its SPC point.

    Attributes:
        period: the period.
        value: the figure, exactly; ``None`` when reported without one.
        target: the target the period was judged against (its own, else the
            metric's standing target); ``None`` when it had none.
        reference: the second reference line's figure, if given.
        provisional: the figure is not yet validated.
        status: the RAG status (``Status.NOT_RATED`` with ``explanation`` saying why).
        explanation: the status's workings in one line.
        spc: the point on the SPC chart; ``None`` for a period without a figure.
        annotation: the words of the events dated in this period, if any.
        recalculated: new process limits start here.
    """

    period: Period
    value: Fraction | None
    target: Target | None
    reference: Fraction | None
    provisional: bool
    status: Status
    explanation: str
    spc: SPCPoint | None
    annotation: str | None
    recalculated: bool

    def __repr__(self) -> str:
        value = "no figure" if self.value is None else short_number(self.value)
        return f"IPRPoint({self.period}, {value}, {self.status})"


@attrs.frozen
class MetricReport:
    """One metric read for the board: everything every view shows of it.

    Attributes:
        metric: the definition.
        points: every period up to the report date, in order.
        result: the latest period's evaluation (status, target, explanation);
            ``None`` when the metric has no period up to the report date.
        chart: the SPC chart of every figure; ``None`` without any figure.
        travel: the latest figure against the period before it (``None``
            when either is missing, or the metric is neutral).
        flags: the warnings to show beside it, in ``FlagKind``'s order (no
            data, stale, provisional, quality, no target, recalculate).
        narrative: one paragraph joining the status, the chart's reading, the
            travel and the flags.
    """

    metric: Metric
    points: tuple[IPRPoint, ...]
    result: KPIResult | None
    chart: XmRChart | None
    travel: Trend | None
    flags: tuple[Flag, ...]
    narrative: str

    def __repr__(self) -> str:
        icons = "no chart" if self.chart is None else _icon_words(self.chart)
        flags = "" if not self.flags else ", " + ", ".join(f.kind.label for f in self.flags)
        return f"MetricReport({brief(self.metric.id, 20)}, {self.status}, {icons}{flags})"

    @property
    def latest(self) -> IPRPoint | None:
        """The latest period up to the report date, or ``None``."""
        return self.points[-1] if self.points else None

    @property
    def status(self) -> Status:
        """The latest period's RAG status (``Status.NOT_RATED`` without one)."""
        return Status.NOT_RATED if self.result is None else self.result.status

    @property
    def variation(self) -> Variation | None:
        """The variation icon, or ``None`` (no chart, or too few points for limits)."""
        return None if self.chart is None else self.chart.variation

    @property
    def assurance(self) -> Assurance:
        """The assurance icon (``Assurance.NONE`` without a chart or target)."""
        return Assurance.NONE if self.chart is None else self.chart.assurance

    def flagged(self, kind: FlagKind | str) -> Flag | None:
        """The flag of this kind, or ``None``."""
        wanted = FlagKind(kind)
        return next((flag for flag in self.flags if flag.kind is wanted), None)

    def _repr_html_(self) -> str:
        """This metric's row and narrative, shown by Jupyter and other notebooks."""
        from kpirag.report import html_of  # noqa: PLC0415 - an adapter up to the report layer

        return html_of(self)


_CONCERN = {Variation.CONCERN_HIGH, Variation.CONCERN_LOW}


def concern_rank(report: MetricReport) -> tuple[int, int, int, str]:
    """The order that puts what needs the board first.

    Special cause concern, then an assurance icon that says the target will
    consistently be failed, then the worst RAG status, then the metric's id.
    """
    return (
        0 if report.variation in _CONCERN else 1,
        0 if report.assurance is Assurance.CONSISTENT_FAIL else 1,
        -report.status.severity if report.status.rated else 1,
        report.metric.id,
    )


@attrs.frozen
class IPR:
    """An integrated performance report: every metric read as of one date.

    Build one with ``build``. Every view reads it: ``kpirag.report``'s
    ``ipr_table``, ``ipr_records`` and ``ipr_html``, ``kpirag.plot.ipr_chart``,
    ``kpirag.frames.ipr_frame`` and ``kpirag ipr`` on the command line.

    Attributes:
        as_of: the report date: periods that end after it are left out, and
            freshness is judged on it.
        settings: the report's settings.
        metrics: each metric's reading, in the order the metrics were given.
    """

    as_of: dt.date
    settings: IPRSettings
    metrics: tuple[MetricReport, ...]

    def __repr__(self) -> str:
        counts = f"{counted(len(self.metrics), 'metric')}, {counted(len(self.domains), 'domain')}"
        return f"IPR(as of {self.as_of.isoformat()}, {counts})"

    def __iter__(self) -> Iterator[MetricReport]:
        return iter(self.metrics)

    def __len__(self) -> int:
        return len(self.metrics)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains, in the order their first metric was given."""
        return tuple(dict.fromkeys(report.metric.domain for report in self.metrics))

    def domain(self, name: str) -> tuple[MetricReport, ...]:
        """The metrics of one domain, in order."""
        return tuple(report for report in self.metrics if report.metric.domain == name)

    def metric(self, metric_id: str) -> MetricReport:
        """The reading of the metric with this id.

        Raises:
            InvalidMetricError: no metric has that id.
        """
        for report in self.metrics:
            if report.metric.id == metric_id:
                return report
        raise InvalidMetricError(field="metric", value=metric_id, expected="a metric of the report")

    def concerns_first(self) -> IPR:
        """The same report, its metrics in the order that puts concerns first (``concern_rank``)."""
        return attrs.evolve(self, metrics=tuple(sorted(self.metrics, key=concern_rank)))

    def where(
        self,
        *,
        domain: str | None = None,
        status: Status | str | None = None,
        variation: Variation | str | None = None,
        assurance: Assurance | str | None = None,
        flag: FlagKind | str | None = None,
    ) -> IPR:
        """The same report with only the metrics that match every filter given.

        ```pycon
        >>> from kpirag.ipr import Metric, MetricValue, build
        >>> metric = Metric("F1", "Falls", "Safety", improvement="decrease", target=40)
        >>> ipr = build([metric], [MetricValue("F1", "2025-03", 38)], as_of="2025-04-30")
        >>> len(ipr.where(status="Green")), len(ipr.where(domain="Workforce"))
        (1, 0)

        ```
        """
        wanted_status = (
            status if status is None or isinstance(status, Status) else Status.parse(status)
        )
        wanted_variation = None if variation is None else Variation(variation)
        wanted_assurance = None if assurance is None else Assurance(assurance)
        wanted_flag = None if flag is None else FlagKind(flag)
        kept = [
            report
            for report in self.metrics
            if (domain is None or report.metric.domain == domain)
            and (wanted_status is None or report.status == wanted_status)
            and (wanted_variation is None or report.variation is wanted_variation)
            and (wanted_assurance is None or report.assurance is wanted_assurance)
            and (wanted_flag is None or report.flagged(wanted_flag) is not None)
        ]
        return attrs.evolve(self, metrics=tuple(kept))

    def _repr_html_(self) -> str:
        """The summary table, shown by Jupyter and other notebooks."""
        from kpirag.report import html_of  # noqa: PLC0415 - an adapter up to the report layer

        return html_of(self)


def _icon_words(chart: XmRChart) -> str:
    variation = "no variation icon" if chart.variation is None else chart.variation.label
    return f"{variation}, {chart.assurance.label}"


def _end(period: Period) -> dt.date:
    return period if isinstance(period, dt.date) else period.end


_MONTHS = {Month: 1, Quarter: 3, Year: 12}
_FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def _next_end(period: Period, metric: Metric) -> tuple[str, dt.date]:
    """The figure after ``period``'s, in words, and the day its period ends."""
    if isinstance(period, dt.date):
        end = add_months(period, _FREQUENCY_MONTHS[metric.frequency.value])
        return f"figure for the period ending {end:%d %b %Y}", end
    size = _MONTHS[type(period)]
    start = add_months(period.start, size)
    end = add_months(period.start, 2 * size) - dt.timedelta(days=1)
    if isinstance(period, Month):
        return f"{start:%b %Y} figure", end
    kind = "quarter" if isinstance(period, Quarter) else "year"
    return f"figure for the {kind} starting {start:%d %b %Y}", end


def _follows(before: Period, after: Period) -> bool:
    """Whether ``after`` is the period right after ``before`` (any later date, for dates)."""
    if isinstance(after, dt.date):
        return True
    return before.end + dt.timedelta(days=1) == after.start  # type: ignore[union-attr]


def _fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


class _Judge:
    """One metric's KPIs, one per target it meets, so each prepared rule is made once.

    A percentage metric's bare figures are percentages (``76.1`` is 76.1%), and
    ones that look like fractions of 1 against a larger target are warned
    about, as for any KPI (``KPI.fraction``).
    """

    def __init__(self, metric: Metric, settings: IPRSettings) -> None:
        self.metric = metric
        self.scheme = metric.scheme
        self.default = settings.scheme
        self.kpis: dict[Target | None, KPI] = {}

    def kpi(self, target: Target | None) -> KPI:
        found = self.kpis.get(target)
        if found is None:
            metric = self.metric
            found = KPI(
                metric.id,
                metric.title,
                target,
                unit=metric.unit,
                scheme=self.scheme,
                frequency=metric.frequency,
                theme=metric.domain,
            )
            self.kpis[target] = found
        return found

    def judge(
        self,
        period: Period,
        figure: Figure | None,
        target: Target | None,
        previous: Figure | None,
        quality: str | None,
    ) -> KPIResult:
        reason = None
        not_rated = None
        if quality is not None:
            not_rated, reason = NotRated.SUPPRESSED, quality
        elif target is None and figure is not None:
            reason = f"No target for {period}"
        observation = Observation(
            self.metric.id,
            figure,
            not_rated=not_rated,
            reason=reason,
            previous=None if previous is None else previous.value,
        )
        return evaluate_kpi(self.kpi(target), observation, scheme=self.default)


def _values(values: Iterable[MetricValue], ids: set[str]) -> dict[str, list[MetricValue]]:
    """The figures by metric, each metric's in time order; a figure of no metric is refused."""
    found: dict[str, dict[Period, MetricValue]] = {}
    for position, value in enumerate(iterable(values, "values")):
        if not isinstance(value, MetricValue):
            raise InvalidMetricError(
                field=f"values[{position}]", value=value, expected="a MetricValue"
            )
        if value.metric not in ids:
            raise InvalidMetricError(
                field="metric", value=value.metric, expected="the id of a metric given",
                subject=f"values[{position}]",
            )  # fmt: skip
        periods = found.setdefault(value.metric, {})
        if value.period in periods:
            raise InvalidMetricError(
                field="period", value=str(value.period), expected="each period once",
                subject=f"metric {value.metric!r}",
            )  # fmt: skip
        periods[value.period] = value
    ordered = {}
    for metric_id, periods in found.items():
        kinds = {type(period) for period in periods}
        if len(kinds) > 1:
            raise InvalidMetricError(
                field="period", value=sorted(kind.__name__ for kind in kinds),
                expected="periods of one kind", subject=f"metric {metric_id!r}",
            )  # fmt: skip
        ordered[metric_id] = sorted(periods.values(), key=lambda v: _end(v.period))
    return ordered


def _metrics(metrics: Iterable[Metric]) -> tuple[Metric, ...]:
    given = tuple(iterable(metrics, "metrics"))
    seen: set[str] = set()
    for position, metric in enumerate(given):
        if not isinstance(metric, Metric):
            raise InvalidMetricError(
                field=f"metrics[{position}]", value=metric, expected="a Metric"
            )
        if metric.id in seen:
            raise InvalidMetricError(field="id", value=metric.id, expected="each metric once")
        seen.add(metric.id)
    return given


def build(
    metrics: Iterable[Metric],
    values: Iterable[MetricValue],
    *,
    as_of: dt.date | str,
    settings: IPRSettings | None = None,
) -> IPR:
    """Read every metric as of ``as_of``: the one computation behind every view.

    For each metric, each period up to the report date is judged against its
    own target (the period's, else the metric's standing target; a period
    with neither is not rated, "No target for <period>"), every figure goes
    on one SPC chart, and the latest period is read with its icons, travel,
    flags and narrative. Periods that end after ``as_of`` are left out, so
    an earlier report can be built again from today's data.

    The assurance icon judges the last limit group against the latest
    period's target (``AssuranceTarget.LATEST``), or each point against its
    own (``AssuranceTarget.EACH``). A one-sided target gives the figure the
    icon compares with; a range gives no assurance icon.

    Raises:
        InvalidMetricError: a metric given twice, a figure of a metric not
            given or a period given twice, a quality rating off the scale, a
            recalculation at a period the chart lacks.

    ```pycon
    >>> from kpirag.ipr import Metric, MetricValue, build
    >>> metric = Metric("ED4", "Seen within 4 hours", "Urgent care",
    ...                 improvement="increase", target="76%")
    >>> months = [f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(20)]
    >>> figures = [71, 72, 70, 72, 73, 71, 72, 70, 72, 73, 71, 72, 74, 75, 74, 75, 76, 75, 76, 77]
    >>> values = [MetricValue("ED4", m, f) for m, f in zip(months, figures)]
    >>> ipr = build([metric], values, as_of="2024-12-31")
    >>> report = ipr.metric("ED4")
    >>> report.status, report.variation.label, report.assurance.label, report.travel
    (<Status Green (RAG)>, 'Improvement (High)', 'Hit or miss target', <Trend.IMPROVED: 'improved'>)

    ```
    """
    given = _metrics(metrics)
    day = read_as_of(as_of)
    settings = IPRSettings() if settings is None else settings
    if not isinstance(settings, IPRSettings):
        raise InvalidMetricError(field="settings", value=settings, expected="IPRSettings or None")
    by_metric = _values(values, {metric.id for metric in given})
    reports = tuple(
        _report(metric, by_metric.get(metric.id, []), day, settings) for metric in given
    )
    return IPR(day, settings, reports)


def _quality(metric: Metric, settings: IPRSettings) -> str | None:
    """Why the metric is not rated for its data quality, or ``None``."""
    scale = settings.quality
    if scale is None or metric.quality is None:
        return None
    level = scale.level(metric.quality, subject=f"metric {metric.id!r}")
    if scale.below(level):
        return f"Data quality {level} is below {scale.rated_from}"
    return None


def _report(
    metric: Metric, values: list[MetricValue], as_of: dt.date, settings: IPRSettings
) -> MetricReport:
    subject = f"metric {metric.id!r}"
    _check_frequency(metric, values)
    kept = [value for value in values if _end(value.period) <= as_of]
    quality = _quality(metric, settings)
    judge = _Judge(metric, settings)
    results: list[KPIResult] = []
    targets: list[Target | None] = []
    targets_read: dict[Target | str | None, Target | None] = {}
    try:
        for position, value in enumerate(kept):
            given = value.target
            if given not in targets_read:  # a trajectory repeats its steps: each read once
                targets_read[given] = metric_target(given, metric.improvement, metric.unit)
            target = targets_read[given] or metric.target
            before = kept[position - 1] if position else None
            previous = None
            if before is not None and _follows(before.period, value.period):
                previous = before.value
            results.append(judge.judge(value.period, value.value, target, previous, quality))
            targets.append(target)
        chart = _chart(metric, kept, targets, settings)
    except KpiragError as exc:
        exc.subject = exc.subject or subject
        raise
    spc = {} if chart is None else {point.period: point for point in chart.points}
    points = tuple(
        IPRPoint(
            period=value.period,
            value=None if value.value is None else Fraction(value.value.value),
            target=target,
            reference=_fraction(value.reference),
            provisional=value.provisional,
            status=result.status,
            explanation=result.explanation,
            spc=spc.get(value.period),
            annotation=metric.annotation(value.period),
            recalculated=value.period in metric.recalculate,
        )
        for value, target, result in zip(kept, targets, results, strict=True)
    )
    moved = _travel(metric, points)
    flags = _flags(metric, points, chart, as_of, quality)
    result = results[-1] if results else None
    narrative = _narrative(points, result, chart, moved, flags)
    return MetricReport(metric, points, result, chart, moved, flags, narrative)


_FREQUENCIES = {Month: "monthly", Quarter: "quarterly", Year: "annual"}


def _check_frequency(metric: Metric, values: list[MetricValue]) -> None:
    """Refuse periods of another frequency than the metric's (dates may fall on any day)."""
    for value in values:
        said = _FREQUENCIES.get(type(value.period))
        if said is not None and said != metric.frequency.value:
            raise InvalidMetricError(
                field="period",
                value=str(value.period),
                expected=f"a period of the metric's frequency ({metric.frequency.value}); "
                f"say frequency = {said!r} if the metric is {said}",
                subject=f"metric {metric.id!r}",
            )


def _chart(
    metric: Metric, kept: list[MetricValue], targets: list[Target | None], settings: IPRSettings
) -> XmRChart | None:
    figures = [
        (v.period, v.value, t) for v, t in zip(kept, targets, strict=True) if v.value is not None
    ]
    if not figures:
        return None
    goals = [_goal(target) for _, _, target in figures]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)  # kept on the chart, shown as its warnings
        chart = xmr(
            [value.value for _, value, _ in figures],
            periods=[period for period, _, _ in figures],
            improvement=metric.improvement,
            target=goals[-1],
            recalculate=metric.recalculate,
            baseline=metric.baseline,
            settings=metric.spc or settings.spc,
        )
    if settings.assurance is AssuranceTarget.EACH:
        chart = attrs.evolve(chart, assurance=_each(chart, goals))
    return chart


def _goal(target: Target | None) -> Fraction | None:
    """The figure the assurance icon compares with: a one-sided target's, else none."""
    if target is None or target.operator is Operator.BETWEEN:
        return None
    return Fraction(target.value)


def _each(chart: XmRChart, goals: list[Fraction | None]) -> Assurance:
    """The assurance icon with every point of the last group judged against its own target."""
    limits = chart.limits
    if limits is None:
        return Assurance.NONE
    last = len(chart.groups) - 1
    icons = {
        assurance(
            goals[point.position], limits.lower, limits.upper, chart.improvement,
            inclusive=chart.settings.assurance_inclusive,
        )
        for point in chart.points
        if point.group == last and not point.ghosted and goals[point.position] is not None
    }  # fmt: skip
    icons.discard(Assurance.NONE)
    if not icons:
        return Assurance.NONE
    if len(icons) == 1:
        return icons.pop()
    return Assurance.INCONSISTENT


def _travel(metric: Metric, points: tuple[IPRPoint, ...]) -> Trend | None:
    if len(points) < 2 or metric.improvement is Improvement.NEUTRAL:  # noqa: PLR2004
        return None
    before, now = points[-2], points[-1]
    if before.value is None or now.value is None or not _follows(before.period, now.period):
        return None
    better = Direction.HIGHER if metric.improvement is Improvement.INCREASE else Direction.LOWER
    return travel(now.value, before.value, better)


def _shift(chart: XmRChart) -> Flag | None:
    """A flag when the latest points are a sustained shift: the limits may need recalculating."""
    last = chart.last_point
    if Rule.SHIFT not in last.signals or last.mean is None:
        return None
    above = last.value > last.mean
    run = [last]
    for point in reversed(chart.points[: last.position]):
        if point.group != last.group or point.ghosted:
            break
        if (
            point.mean is None
            or (point.value > point.mean) is not above
            or point.value == point.mean
        ):
            break
        run.append(point)
    start = run[-1]
    side = "above" if above else "below"
    text = (
        f"The last {len(run)} points, since {start.period}, are all {side} the mean: a "
        f"sustained shift. If the process has changed, recalculate the limits from "
        f"{start.period}; they were not recalculated."
    )
    return Flag(FlagKind.RECALCULATE, text)


def _flags(
    metric: Metric,
    points: tuple[IPRPoint, ...],
    chart: XmRChart | None,
    as_of: dt.date,
    quality: str | None,
) -> tuple[Flag, ...]:
    flags = []
    figures = [point for point in points if point.value is not None]
    if not figures:
        flags.append(Flag(FlagKind.NO_DATA, f"No figure up to {as_of:%d %b %Y}."))
    if metric.due is not None and figures:
        latest = figures[-1].period
        what, end = _next_end(latest, metric)
        due = end + dt.timedelta(days=metric.due)
        if as_of > due:
            days = (as_of - due).days
            text = (
                f"Stale: the latest figure is for {latest}; the {what} was due by "
                f"{due:%d %b %Y}, {counted(days, 'day')} before {as_of:%d %b %Y}."
            )
            flags.append(Flag(FlagKind.STALE, text, days))
    latest_point = points[-1] if points else None
    if latest_point is not None and latest_point.provisional:
        text = f"Provisional: the {latest_point.period} figure is not yet validated."
        flags.append(Flag(FlagKind.PROVISIONAL, text))
    if quality is not None:
        flags.append(Flag(FlagKind.QUALITY, f"{quality}: not rated."))
    if latest_point is not None and latest_point.target is None and latest_point.value is not None:
        flags.append(Flag(FlagKind.NO_TARGET, f"No target for {latest_point.period}."))
    if chart is not None:
        shifted = _shift(chart)
        if shifted is not None:
            flags.append(shifted)
    return tuple(flags)


_MOVED = {
    Trend.IMPROVED: "improved",
    Trend.WORSE: "worsened",
    Trend.UNCHANGED: "not changed",
}


def _narrative(
    points: tuple[IPRPoint, ...],
    result: KPIResult | None,
    chart: XmRChart | None,
    moved: Trend | None,
    flags: tuple[Flag, ...],
) -> str:
    if result is None:
        return " ".join(flag.text for flag in flags)
    latest = points[-1]
    parts = [f"{latest.period}: {result.explanation}."]
    if chart is not None:
        parts.append(" ".join(chart.reading().split()).rstrip(".") + ".")
    if moved is not None:
        parts.append(f"Since {points[-2].period} it has {_MOVED[moved]}.")
    said = {FlagKind.NO_TARGET, FlagKind.QUALITY}  # the explanation says these already
    parts += [flag.text for flag in flags if flag.kind not in said]
    return " ".join(parts)
