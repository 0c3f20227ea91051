"""What an integrated performance report is made of: metrics, their figures, and the rules.

A ``Metric`` is one line of a trust's or council's metric list: who owns it,
which domain it sits in, which way is better, its standing target and RAG
scheme, its SPC settings, its data quality and how long after a period its
figure is due. A ``MetricValue`` is one period's figure, with that period's
target (a trajectory changes month by month), a second reference line and
whether the figure is provisional. ``IPRSettings`` holds the choices that
apply to the whole report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from kpirag._validate import Choice, brief, flag, iterable, of, optional_text, text
from kpirag.errors import InvalidMetricError, KpiragError
from kpirag.kpi import Figure, Frequency, Unit, read_period, read_unit
from kpirag.kpi import SeriesPeriod as Period
from kpirag.rules import Direction, Operator, Scheme, Target, to_decimal
from kpirag.spc import Improvement, SPCSettings

__all__ = [
    "Annotation",
    "AssuranceTarget",
    "ChartType",
    "IPRSettings",
    "Metric",
    "MetricValue",
    "QualityScale",
    "metric_target",
    "read_as_of",
]


class ChartType(Choice):
    """The SPC chart a metric is drawn on."""

    XMR = "xmr"


class AssuranceTarget(Choice):
    """Which target the assurance icon judges the process limits against.

    ``LATEST`` (the default): the target of the latest period, the one the
    board is asked about now. ``EACH``: every point of the last limit group
    against its own period's target; the icon passes (or fails) only when
    every one of them does.
    """

    LATEST = "latest"
    EACH = "each"


def _period(value: object, field: str, subject: str | None = None) -> Period:
    try:
        return read_period(value)  # type: ignore[arg-type]  # read_period checks the type
    except KpiragError as exc:
        raise InvalidMetricError(
            exc.reason, field=field, value=value, expected=exc.expected, subject=subject
        ) from None


def _event_period(value: object) -> Period:
    return _period(value, "annotation period")


def _value_period(value: object) -> Period:
    return _period(value, "period")


def _levels(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(iterable(value, "quality levels"))


@attrs.frozen
class Annotation:
    """A dated event on a metric's chart: a new pathway, a system change, a recalculation's reason.

    Attributes:
        period: the period it happened in (an object, a label or a date).
        text: what happened.
    """

    period: Period = attrs.field(converter=_event_period)
    text: str = attrs.field(validator=text)

    def __attrs_post_init__(self) -> None:
        if not self.text.strip():
            raise InvalidMetricError(field="annotation", value=self.text, expected="some words")

    def __str__(self) -> str:
        return f"{self.period}: {self.text}"


def _annotations(value: object) -> tuple[Annotation, ...]:
    """Annotations from objects, ``{period: text}`` or ``(period, text)`` pairs."""
    items = value.items() if isinstance(value, Mapping) else iterable(value, "annotations")
    found = []
    for item in items:
        if isinstance(item, Annotation):
            found.append(item)
        elif isinstance(item, tuple) and len(item) == 2:  # noqa: PLR2004 - a pair
            found.append(Annotation(*item))
        else:
            raise InvalidMetricError(
                field="annotations", value=item, expected="Annotation objects or (period, text)"
            )
    return tuple(found)


def _periods(value: object) -> tuple[Period, ...]:
    return tuple(_period(item, "recalculate") for item in iterable(value, "recalculate"))


@attrs.frozen
class QualityScale:
    """A data-quality scale the user declares, worst level first, and the level rated from.

    Attributes:
        levels: the ratings, worst first (``("Insufficient", "Limited",
            "Reasonable", "Substantial")``, or ``("Provisional", "Validated")``).
        rated_from: the lowest level whose figures are rated; a metric rated
            below it is "not rated" with that reason. ``None``: every level is rated.

    ```pycon
    >>> scale = QualityScale(("Insufficient", "Limited", "Reasonable"), rated_from="Limited")
    >>> scale.below("insufficient"), scale.below("Reasonable")
    (True, False)

    ```
    """

    levels: tuple[str, ...] = attrs.field(converter=_levels)
    rated_from: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        given: tuple[object, ...] = self.levels
        if not given or not all(isinstance(level, str) and level.strip() for level in given):
            raise InvalidMetricError(
                field="quality levels", value=self.levels, expected="one or more names, worst first"
            )
        folded = [level.casefold() for level in self.levels]
        if len(set(folded)) != len(folded):
            raise InvalidMetricError(
                field="quality levels", value=self.levels, expected="each level once"
            )
        if self.rated_from is not None:
            self.level(self.rated_from, field="rated_from")

    def level(self, rating: str, *, field: str = "quality", subject: str | None = None) -> str:
        """The level ``rating`` names (any case), as the scale spells it."""
        if isinstance(rating, str):
            for level in self.levels:
                if level.casefold() == rating.strip().casefold():
                    return level
        expected = "one of " + ", ".join(repr(level) for level in self.levels)
        raise InvalidMetricError(field=field, value=rating, expected=expected, subject=subject)

    def below(self, rating: str) -> bool:
        """Whether ``rating`` is below the level rated from."""
        if self.rated_from is None:
            return False
        rank = [level.casefold() for level in self.levels]
        return rank.index(self.level(rating).casefold()) < rank.index(self.rated_from.casefold())


def metric_target(
    given: object, improvement: Improvement, unit: Unit | str, *, field: str = "target"
) -> Target | None:
    """A metric's target from a ``Target``, target text or a bare figure.

    A bare figure (``95``, ``"95%"``, ``Decimal("4.5")``) takes its operator
    from which way is better: ``>=`` for "increase", ``<=`` for "decrease";
    a percentage metric's bare number is a percentage. A neutral metric's
    target must say its operator. Text with an operator or a range is read as
    written, and refused when its operator says the other way is better than
    ``improvement`` (the status and the icons would disagree). ``None`` or
    ``""`` is no target.

    ```pycon
    >>> metric_target("95", Improvement.INCREASE, Unit.PERCENT)
    Target.parse('>=95%')
    >>> metric_target("<=4 days", Improvement.DECREASE, "days")
    Target.parse('<=4 days')

    ```
    """
    if given is None or isinstance(given, Target):
        return given
    if isinstance(given, float | int | Decimal) and not isinstance(given, bool):
        given = str(to_decimal(given, field=field))
    if not isinstance(given, str):
        raise InvalidMetricError(field=field, value=given, expected="a target, a figure or None")
    written = given.strip()
    if not written:
        return None
    try:
        if _says_direction(written):
            return _agreeing(Target.parse(written), improvement, given, field)
        if improvement is Improvement.NEUTRAL:
            raise _neutral(given, field)
        better = Direction.HIGHER if improvement is Improvement.INCREASE else Direction.LOWER
        bare = Target.parse(written, better=better)
        percent = unit is Unit.PERCENT and not bare.percent
        return Target.parse(written + "%", better=better) if percent else bare
    except InvalidMetricError:
        raise
    except KpiragError as exc:
        raise InvalidMetricError(
            exc.reason, field=field, value=given, expected=exc.expected
        ) from None


def _agreeing(target: Target, improvement: Improvement, given: object, field: str) -> Target:
    """``target``, unless its operator says the other way is better than ``improvement``.

    The RAG status follows the target and the SPC icons the improvement: when
    they disagree one of them is wrong, so the metric is refused.
    """
    better = target.better
    if better is None or improvement is Improvement.NEUTRAL:
        return target
    wanted = Direction.HIGHER if improvement is Improvement.INCREASE else Direction.LOWER
    if better is not wanted:
        raise InvalidMetricError(
            f"its operator says {better.value} is better, but improvement is {improvement.value!r}",
            field=field,
            value=given,
            expected=f"a target where {wanted.value} is better",
        )
    return target


def _neutral(given: object, field: str) -> InvalidMetricError:
    return InvalidMetricError(
        field=field, value=given, expected="an operator (>=, <= or a range): the metric is neutral"
    )


def _says_direction(written: str) -> bool:
    """Whether target text says its own direction (``>=95``, ``at least 95``, a range).

    It does when reading it as "higher is better" and as "lower is better"
    does not give two targets: one reading is refused, or both agree.
    """
    readings: list[Operator | None] = []
    for better in Direction:
        try:
            readings.append(Target.parse(written, better=better).operator)
        except KpiragError:
            readings.append(None)
    if readings == [None, None]:
        Target.parse(written)  # neither reads: the plain reading's error says why
    return None in readings or readings[0] is readings[1]


def _improvement(value: object) -> Improvement:
    if value is None:
        raise InvalidMetricError(
            field="improvement",
            value=value,
            expected="increase, decrease or neutral: which way is better must be said",
        )
    try:
        return Improvement.parse(value, field="improvement")
    except KpiragError as exc:
        raise InvalidMetricError(field="improvement", value=value, expected=exc.expected) from None


def _days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3660:  # noqa: PLR2004
        raise InvalidMetricError(
            field="due", value=value, expected="a whole number of days from 0 to 3660"
        )
    return value


def _unit(value: object) -> Unit | str:
    try:
        return read_unit(value)  # type: ignore[arg-type]  # read_unit checks the type
    except KpiragError as exc:
        raise InvalidMetricError(field="unit", value=value, expected=exc.expected) from None


def _frequency(value: object) -> Frequency:
    try:
        return Frequency(value)
    except KpiragError as exc:
        raise InvalidMetricError(field="frequency", value=value, expected=exc.expected) from None


def _chart(value: object) -> ChartType:
    try:
        return ChartType(value)
    except KpiragError as exc:
        raise InvalidMetricError(field="chart", value=value, expected=exc.expected) from None


def _as_given(value: Target | str | float | Decimal | None) -> Target | None:
    """A target as given: ``Metric`` reads it once it knows the direction and the unit."""
    return value  # type: ignore[return-value]


@attrs.frozen
class Metric:
    """One metric of an integrated performance report.

    ``id``, ``title`` and ``domain`` may be given by position; the rest by keyword.

    Attributes:
        id: the metric's identifier (``"ED4"``).
        title: what it measures, as the report words it.
        domain: the section it sits in (``"Urgent care"``, ``"Workforce"``).
        subdomain: a sub-domain or the committee that oversees it.
        owner: who owns it (an executive).
        lead: who leads or is accountable for it day to day.
        source: where its data comes from.
        unit: what a figure counts (``"percent"``, ``"count"``, ``"£"``, a
            unit word such as ``"days"``), as ``KPI.unit`` reads it; by
            default a percentage when the target is one, else a count.
        improvement: which way is better: ``"increase"``, ``"decrease"`` or
            ``"neutral"``. Required: a direction is never guessed.
        frequency: how often it is reported (``"monthly"`` by default).
        target: the standing target, for every period whose figure comes
            without one; text (``">=95%"``), a bare figure whose operator
            comes from ``improvement`` (see ``metric_target``), or ``None``.
        scheme: the RAG scheme; ``None`` for the report's.
        spc: the SPC method; ``None`` for the report's.
        chart: the SPC chart type (``"xmr"``).
        baseline: fix each limit group's limits from its first ``baseline`` points.
        recalculate: the periods where new process limits start.
        annotations: dated events; one at a recalculation period is its reason.
        quality: the data-quality rating, a level of the report's
            ``QualityScale`` (or any text when it declares none).
        due: days after a period ends by which its figure is expected;
            ``None``: freshness is not checked.
        notes: free text.

    ```pycon
    >>> metric = Metric("ED4", "Seen within 4 hours", "Urgent care", improvement="increase",
    ...                 target="78%", owner="Chief Operating Officer", due=10)
    >>> metric
    Metric('ED4', 'Seen within 4 hours', 'Urgent care', >=78%)
    >>> metric.target, metric.unit
    (Target.parse('>=78%'), <Unit.PERCENT: 'percent'>)

    ```
    """

    id: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)
    domain: str = attrs.field(validator=text)
    subdomain: str = attrs.field(default="", kw_only=True, validator=text)
    owner: str = attrs.field(default="", kw_only=True, validator=text)
    lead: str = attrs.field(default="", kw_only=True, validator=text)
    source: str = attrs.field(default="", kw_only=True, validator=text)
    improvement: Improvement = attrs.field(default=None, kw_only=True, converter=_improvement)
    unit: Unit | str = attrs.field(default="", kw_only=True)
    frequency: Frequency = attrs.field(
        default=Frequency.MONTHLY, kw_only=True, converter=_frequency
    )
    target: Target | None = attrs.field(default=None, kw_only=True, converter=_as_given)
    scheme: Scheme | None = attrs.field(
        default=None, kw_only=True, validator=of(Scheme, optional=True)
    )
    spc: SPCSettings | None = attrs.field(
        default=None, kw_only=True, validator=of(SPCSettings, optional=True)
    )
    chart: ChartType = attrs.field(default=ChartType.XMR, kw_only=True, converter=_chart)
    baseline: int | None = attrs.field(default=None, kw_only=True)
    recalculate: tuple[Period, ...] = attrs.field(default=(), kw_only=True, converter=_periods)
    annotations: tuple[Annotation, ...] = attrs.field(
        default=(), kw_only=True, converter=_annotations
    )
    quality: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    due: int | None = attrs.field(default=None, kw_only=True, converter=_days)
    notes: str = attrs.field(default="", kw_only=True, validator=text)

    def __attrs_post_init__(self) -> None:
        subject = f"metric {self.id!r}"
        for name in ("id", "title", "domain"):
            if not getattr(self, name).strip():
                raise InvalidMetricError(
                    field=name, value=getattr(self, name), expected="some text", subject=subject
                )
        given: object = self.baseline
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, int) or given < _FEWEST_BASELINE
        ):
            raise InvalidMetricError(
                field="baseline", value=given, expected="a whole number of 2 or more",
                subject=subject,
            )  # fmt: skip
        try:
            unit = _unit(self.unit) if self.unit else None
            if unit is None:  # a percentage target makes a percentage metric
                unit = _default_unit(metric_target(self.target, self.improvement, Unit.COUNT))
            target = metric_target(self.target, self.improvement, unit)
        except KpiragError as exc:
            exc.subject = exc.subject or subject
            raise
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "target", target)

    def __repr__(self) -> str:
        target = "no target" if self.target is None else str(self.target)
        return (
            f"Metric({brief(self.id, 20)}, {brief(self.title)}, {brief(self.domain, 30)}, {target})"
        )

    def annotation(self, period: Period) -> str | None:
        """The words of the annotations at ``period`` (joined by "; "), or ``None``."""
        found = [note.text for note in self.annotations if note.period == period]
        return "; ".join(found) if found else None


_FEWEST_BASELINE = 2
"""The fewest points a fixed baseline may have (as ``SPCSettings.baseline``)."""


def _default_unit(target: Target | None) -> Unit:
    return Unit.PERCENT if target is not None and target.percent else Unit.COUNT


def _number(value: object, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return to_decimal(value, field=field)
    except KpiragError as exc:
        raise InvalidMetricError(
            exc.reason, field=field, value=value, expected=exc.expected
        ) from None


def _figure(value: object, field: str = "value") -> Figure | None:
    if value is None or isinstance(value, Figure):
        return value
    if isinstance(value, str) and not value.strip():
        return None
    try:
        if isinstance(value, str):
            return Figure.parse(value)
        return Figure(value)  # type: ignore[arg-type]  # Figure checks the type
    except KpiragError as exc:
        raise InvalidMetricError(
            exc.reason, field=field, value=value, expected=exc.expected
        ) from None


def _reference(value: object) -> Decimal | None:
    figure = _figure(value, "reference")
    return None if figure is None else figure.value


def _given_target(value: Target | str | float | Decimal | None) -> Target | str | None:
    given: object = value  # a caller's junk is refused as ours
    if given is None or isinstance(given, Target | str):
        return given
    if isinstance(given, int | float | Decimal) and not isinstance(given, bool):
        return str(_number(given, "target"))
    raise InvalidMetricError(field="target", value=value, expected="a target, a figure or None")


@attrs.frozen
class MetricValue:
    """One period's figure of a metric, with that period's target and reference line.

    Attributes:
        metric: the metric's id.
        period: the period (an object, a label such as ``"2024-04"`` or a date).
        value: the figure (``None``: reported without one), as a ``Figure``:
            text is read as a KPI file's figure (``"95.2%"``, ``"1,204"``,
            ``"4.5 days"``), floats as the decimal they print as.
        target: this period's target (a trajectory's step), as text or a
            bare figure (see ``metric_target``); ``None``: the metric's standing
            target applies.
        reference: a second line for this period (a national standard beside
            a local trajectory); shown, never judged against.
        provisional: the figure is not yet validated.

    ```pycon
    >>> MetricValue("ED4", "2025-03", "74.9%", target="78")
    MetricValue('ED4', Mar 2025, 74.9%, target 78)

    ```
    """

    metric: str = attrs.field(validator=text)
    period: Period = attrs.field(converter=_value_period)
    value: Figure | None = attrs.field(default=None, converter=_figure)
    target: Target | str | None = attrs.field(default=None, kw_only=True, converter=_given_target)
    reference: Decimal | None = attrs.field(default=None, kw_only=True, converter=_reference)
    provisional: bool = attrs.field(default=False, kw_only=True, validator=flag)

    def __repr__(self) -> str:
        shown_value = "no figure" if self.value is None else self.value.display()
        target = "" if self.target is None else f", target {self.target}"
        return f"MetricValue({brief(self.metric, 20)}, {self.period}, {shown_value}{target})"


def _scale(value: QualityScale | None) -> QualityScale | None:
    if value is None or isinstance(value, QualityScale):
        return value
    raise InvalidMetricError(field="quality", value=value, expected="a QualityScale or None")


def _as_of(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = _period(value, "as_of")
        if isinstance(found, dt.date):
            return found
        return found.end
    raise InvalidMetricError(field="as_of", value=value, expected="a date, such as 2025-03-31")


def _assurance_target(value: object) -> AssuranceTarget:
    try:
        return AssuranceTarget(value)
    except KpiragError as exc:
        raise InvalidMetricError(field="assurance", value=value, expected=exc.expected) from None


@attrs.frozen
class IPRSettings:
    """The choices that apply to a whole report.

    Attributes:
        scheme: the RAG scheme of every metric without its own (the City of
            London rule by default, as everywhere in kpirag).
        spc: the SPC method of every metric without its own (NHSRplotthedots'
            by default).
        assurance: which target the assurance icon judges against
            (``AssuranceTarget.LATEST`` by default; see ``AssuranceTarget``).
        quality: the data-quality scale, or ``None`` (ratings are shown as
            given and never stop a metric being rated).
    """

    scheme: Scheme | None = attrs.field(default=None, validator=of(Scheme, optional=True))
    spc: SPCSettings | None = attrs.field(default=None, validator=of(SPCSettings, optional=True))
    assurance: AssuranceTarget = attrs.field(
        default=AssuranceTarget.LATEST, converter=_assurance_target
    )
    quality: QualityScale | None = attrs.field(default=None, converter=_scale)


def read_as_of(value: object) -> dt.date:
    """The report date from a date, a datetime, ISO text or a period label (its last day).

    ```pycon
    >>> read_as_of("2025-03-31"), read_as_of("Mar 2025")
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 31))

    ```
    """
    return _as_of(value)
