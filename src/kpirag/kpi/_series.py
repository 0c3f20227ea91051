"""A KPI series: one KPI's observations period after period, for one organisation or group.

A ``Series`` keeps its periods in time order, rejects a period given twice and
shows the periods it lacks (``gaps``). From it come today's status (the latest
period evaluated by ``evaluate_kpi``, the same path as a one-period report),
the direction of travel over the last N periods, the year-to-date figure
against a profiled target, the same period last year, and rolling sums and
means for "rolling 12 months" KPIs. Every figure stays exact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from kpirag._validate import instance, iterable, of
from kpirag.errors import InvalidKPIError, InvalidSeriesError, InvalidValueError
from kpirag.kpi._definition import KPI, Unit
from kpirag.kpi._evaluation import KPIResult, Observation, evaluate_kpi
from kpirag.kpi._measures import Figure, Measure
from kpirag.kpi._periods import Month, Quarter, Year, YearConvention, add_months, read_period
from kpirag.kpi._summary import _Notebook
from kpirag.kpi._travel import travel
from kpirag.rules import Direction, Scheme, Target, Trend, to_decimal

__all__ = ["Series", "SeriesPeriod"]

SeriesPeriod: TypeAlias = Month | Quarter | Year | dt.date
"""What a series is indexed by: a month, a quarter, a year or a date."""


def _start(period: SeriesPeriod) -> dt.date:
    return period if isinstance(period, dt.date) else period.start


def _shift(period: SeriesPeriod, steps: int) -> SeriesPeriod | None:
    """The period ``steps`` periods after ``period`` (before, if negative); dates have none."""
    if isinstance(period, Year):
        return Year(period.start_year + steps, period.convention)
    if isinstance(period, Month | Quarter):
        size = 12 if isinstance(period, Month) else 4
        years, index = divmod(period.index - 1 + steps, size)
        year = Year(period.year.start_year + years, period.year.convention)
        return Month(year, index + 1) if isinstance(period, Month) else Quarter(year, index + 1)
    return None


def _last_year(period: SeriesPeriod) -> SeriesPeriod:
    if isinstance(period, dt.date):
        return add_months(period, -12)
    steps = {Year: 1, Quarter: 4, Month: 12}[type(period)]
    shifted = _shift(period, -steps)
    assert shifted is not None  # noqa: S101 (only dates have no neighbours)
    return shifted


def _kind(period: SeriesPeriod) -> tuple[type, YearConvention | None]:
    if isinstance(period, Year):
        return Year, period.convention
    if isinstance(period, Month | Quarter):
        return type(period), period.year.convention
    return dt.date, None


def _exact(measure: Measure | None) -> Fraction | None:
    if measure is None:
        return None
    value, _ = measure.comparable()
    return None if value is None else Fraction(value)


def _group(
    value: Mapping[str, str] | Iterable[tuple[str, str]] | str,
) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str):
        return (("group", value),) if value else ()
    expected = "a group name, or a mapping or pairs of grouping column and value"
    pairs = value.items() if isinstance(value, Mapping) else value
    try:
        result = tuple((str(key), str(item)) for key, item in pairs)
    except (TypeError, ValueError):
        raise InvalidSeriesError("group", value, expected) from None
    if len({key for key, _ in result}) != len(result):
        raise InvalidSeriesError("group", result, "each grouping key once")
    return result


@attrs.frozen
class Series(_Notebook):
    """One KPI's observations over periods, in time order.

    Build one with ``Series.of(kpi, {period: value})`` (values may be numbers,
    figure text such as ``"69%"``, measures, ``Observation`` s or ``None``
    for a period reported without a figure), or ``Series.from_records`` for
    rows such as a tidy frame's.

    Attributes:
        kpi: the KPI observed.
        entries: ``(period, observation)`` pairs, sorted by period; a period
            may appear once, and every period is of one kind (months,
            quarters, years or dates) and one year convention.
        group: what the series is for, as ``(key, value)`` pairs
            (``{"organisation": "Trust A"}``); empty for the whole.

    ```pycon
    >>> kpi = KPI("1.5", "Referrals seen in 2 weeks", ">=90%")
    >>> series = Series.of(kpi, {"Q2 2024/25": "91%", "Q1 2024/25": "88%", "Q4 2024/25": "93%"})
    >>> [str(period) for period in series.periods], [str(gap) for gap in series.gaps]
    (['Q1 2024/25', 'Q2 2024/25', 'Q4 2024/25'], ['Q3 2024/25'])
    >>> series
    Series(KPI '1.5', 3 periods, Q1 2024/25 to Q4 2024/25)
    >>> series.evaluate().status, series.travel(2)
    (<Status Green (RAG)>, <Trend.IMPROVED: 'improved'>)

    ```
    """

    kpi: KPI = attrs.field(validator=of(KPI))
    entries: tuple[tuple[SeriesPeriod, Observation], ...] = attrs.field()
    group: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_group)

    @entries.validator
    def _check(self, _attribute: object, entries: object) -> None:
        if not isinstance(entries, tuple):
            raise InvalidSeriesError("entries", entries, "a tuple of (period, observation) pairs")
        kinds = set()
        for position, entry in enumerate(entries):
            if not (isinstance(entry, tuple) and len(entry) == 2):  # noqa: PLR2004
                raise InvalidSeriesError(
                    "entries", entry, "a (period, observation) pair", position=position
                )
            period, observation = entry
            if not isinstance(period, Month | Quarter | Year | dt.date):
                raise InvalidSeriesError(
                    "periods", period, "a Month, Quarter, Year or date", position=position
                )
            if not isinstance(observation, Observation) or observation.kpi_id != self.kpi.id:
                raise InvalidSeriesError(
                    "observations",
                    observation,
                    f"an Observation of KPI {self.kpi.id!r}",
                    position=position,
                )
            kinds.add(_kind(period))
            if position and _start(entries[position - 1][0]) >= _start(period):
                raise InvalidSeriesError(
                    "periods", str(period), "periods in time order, each once", position=position
                )
        if len(kinds) > 1:
            raise InvalidSeriesError(
                "periods", sorted(str(k[0].__name__) for k in kinds), "periods of one kind"
            )

    @classmethod
    def of(
        cls,
        kpi: KPI,
        values: Mapping[Any, object] | Iterable[tuple[Any, object]],
        *,
        group: Mapping[str, str] | str = "",
        convention: YearConvention | None = None,
    ) -> Series:
        """A series from ``{period: value}`` (or pairs) in any order.

        Raises:
            InvalidSeriesError: a period given twice, or periods of different kinds.
            InvalidPeriodError: a period that is neither a label nor a date.
        """
        instance(kpi, KPI, field="kpi")
        pairs = values.items() if isinstance(values, Mapping) else iterable(values, "values")
        entries: dict[SeriesPeriod, Observation] = {}
        for pair in pairs:
            if not (isinstance(pair, tuple) and len(pair) == 2):  # noqa: PLR2004 - a pair
                raise InvalidSeriesError("values", pair, "(period, value) pairs or a mapping")
            given, value = pair
            period = read_period(given, convention=convention)
            if period in entries:
                raise InvalidSeriesError("periods", str(given), "each period once")
            entries[period] = _observation(kpi, value)
        try:
            ordered = sorted(entries.items(), key=lambda entry: _start(entry[0]))
        except TypeError:  # pragma: no cover - every period has a start date
            raise InvalidSeriesError("periods", list(entries), "periods of one kind") from None
        return cls(kpi, tuple(ordered), group=group)

    @classmethod
    def from_records(
        cls,
        kpi: KPI,
        records: Iterable[Mapping[str, object]],
        *,
        period: str = "period",
        value: str = "value",
        by: Iterable[str] = (),
        convention: YearConvention | None = None,
    ) -> tuple[Series, ...]:
        """One series per group of ``records`` (dicts, such as a tidy frame's rows).

        Args:
            kpi: the KPI every record observes.
            records: one mapping per observation.
            period: the key holding the period (an object, label or date).
            value: the key holding the figure.
            by: the keys that name a group (``["organisation"]``); the series
                come in order of each group's first record.
            convention: the year convention for period labels.

        ```pycon
        >>> kpi = KPI("A&E", "Seen within 4 hours", ">=76%")
        >>> rows = [
        ...     {"trust": "A", "period": "2024-04", "value": 74.1},
        ...     {"trust": "B", "period": "2024-04", "value": 77.0},
        ...     {"trust": "A", "period": "2024-05", "value": 75.3},
        ... ]
        >>> [(s.label, len(s)) for s in Series.from_records(kpi, rows, by=["trust"])]
        [('trust=A', 2), ('trust=B', 1)]

        ```
        """
        keys = tuple(iterable(by, "by"))
        if not all(isinstance(key, str) for key in keys):
            raise InvalidSeriesError("by", by, "column names (text)")
        groups: dict[tuple[tuple[str, str], ...], list[tuple[object, object]]] = {}
        for record in iterable(records, "records"):
            if not isinstance(record, Mapping):
                raise InvalidSeriesError("records", record, "a mapping of column to value")
            name = tuple((key, _cell(record.get(key, ""), key)) for key in keys)
            groups.setdefault(name, []).append((record.get(period), record.get(value)))
        return tuple(
            cls.of(kpi, pairs, group=dict(name), convention=convention)
            for name, pairs in groups.items()
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        count = len(self.entries)
        span = f", {self.periods[0]} to {self.periods[-1]}" if count > 1 else ""
        span = f", {self.periods[0]}" if count == 1 else span
        group = f", {self.label}" if self.group else ""
        plural = "s" if count != 1 else ""
        return f"Series(KPI {self.kpi.id!r}, {count} period{plural}{span}{group})"

    @property
    def label(self) -> str:
        """The group as text: ``organisation=Trust A`` (empty for the whole)."""
        return ", ".join(f"{key}={value}" for key, value in self.group)

    @property
    def periods(self) -> tuple[SeriesPeriod, ...]:
        """The periods observed, in order."""
        return tuple(period for period, _ in self.entries)

    @property
    def values(self) -> tuple[Fraction | None, ...]:
        """Each period's figure as compared with the target, exactly; ``None`` without one."""
        return tuple(_exact(observation.value) for _, observation in self.entries)

    @property
    def gaps(self) -> tuple[SeriesPeriod, ...]:
        """The months, quarters or years between the first and last that the series lacks.

        A series of dates has no expected spacing, so no gaps.
        """
        if not self.entries or isinstance(self.periods[0], dt.date):
            return ()
        present = set(self.periods)
        missing: list[SeriesPeriod] = []
        period: SeriesPeriod | None = self.periods[0]
        while period is not None and period != self.periods[-1]:
            if period not in present:
                missing.append(period)
            period = _shift(period, 1)
        return tuple(missing)

    def timeline(self) -> tuple[tuple[SeriesPeriod, Fraction | None], ...]:
        """Every period from the first to the last, gaps included as ``None``."""
        if not self.entries or isinstance(self.periods[0], dt.date):
            return tuple(zip(self.periods, self.values, strict=True))
        known = dict(zip(self.periods, self.values, strict=True))
        steps = len(self.gaps) + len(self.entries)
        first = self.periods[0]
        return tuple((p, known.get(p)) for p in (_shift(first, n) for n in range(steps)) if p)

    @property
    def latest(self) -> SeriesPeriod:
        """The last period observed.

        Raises:
            InvalidSeriesError: the series is empty.
        """
        if not self.entries:
            raise InvalidSeriesError("entries", (), "at least one observation")
        return self.entries[-1][0]

    def observation(self, period: SeriesPeriod | str) -> Observation | None:
        """The observation for ``period``, or ``None`` when the series lacks it."""
        wanted = read_period(period, convention=self._convention())
        return next((obs for p, obs in self.entries if p == wanted), None)

    def value(self, period: SeriesPeriod | str) -> Fraction | None:
        """The figure for ``period``, or ``None`` when it is missing or has no figure."""
        found = self.observation(period)
        return None if found is None else _exact(found.value)

    def evaluate(
        self, period: SeriesPeriod | str | None = None, *, scheme: Scheme | None = None
    ) -> KPIResult:
        """The KPI evaluated for ``period`` (the latest by default): today's RAG status.

        This is ``evaluate_kpi`` on that period's observation, so the status
        and its explanation are the ones a one-period report gives. The
        previous period's figure (when the series has it and the observation
        gives no ``previous``) sets the direction of travel. A period missing
        from the series is "no data".
        """
        when = self.latest if period is None else read_period(period, convention=self._convention())
        found = self.observation(when)
        before = _shift(when, -1)
        earlier = None if before is None else self.value(before)
        if found is not None and found.previous is None and earlier is not None:
            # A figure with no finite decimal (a third of a cohort) sets no direction of travel.
            with contextlib.suppress(InvalidValueError):
                found = attrs.evolve(found, previous=to_decimal(earlier, field="previous"))
        judged = when if isinstance(when, Month | Quarter | Year) else None
        return evaluate_kpi(self.kpi, found, scheme=scheme, period=judged)

    def travel(self, periods: int = 1, *, better: Direction | None = None) -> Trend | None:
        """The latest figure against the one ``periods`` periods before it.

        ``None`` when either figure is missing. Which way is better comes from
        the KPI's target (nearer a range is better), or ``better``.

        Raises:
            InvalidKPIError: the KPI has no target and ``better`` is not given.
            InvalidSeriesError: ``periods`` is not a whole number of at least 1.
        """
        given: object = periods
        if isinstance(given, bool) or not isinstance(given, int) or given < 1:
            raise InvalidSeriesError("periods", periods, "a whole number of at least 1")
        if better is not None:
            better = Direction.parse(better)
        direction: Direction | Target | None = better or self.kpi.target
        if direction is None:
            raise InvalidKPIError(
                field="better",
                value=None,
                expected="a target or better='higher'/'lower' to say which way is better",
                subject=f"KPI {self.kpi.id!r}",
            )
        now = self.value(self.latest)
        if isinstance(self.latest, dt.date):
            index = len(self.entries) - 1 - periods
            then = self.values[index] if index >= 0 else None
        else:
            earlier = _shift(self.latest, -periods)
            then = None if earlier is None else self.value(earlier)
        if now is None or then is None:
            return None
        return travel(now, then, direction)

    def last_year(
        self, period: SeriesPeriod | str | None = None
    ) -> tuple[SeriesPeriod, Fraction | None]:
        """The same period a year before ``period`` (the latest by default), and its figure."""
        when = self.latest if period is None else read_period(period, convention=self._convention())
        before = _last_year(when)
        return before, self.value(before)

    def year_to_date(
        self, period: SeriesPeriod | str | None = None, *, scheme: Scheme | None = None
    ) -> KPIResult:
        """The sum of the year's figures up to ``period``, against the profiled target.

        For a KPI of monthly or quarterly counts (or money) with a profile: the
        figures from the first period of the reporting year to ``period`` (the
        latest by default) are added up and evaluated as a cumulative figure,
        so the target is the profile's share due by then.

        Raises:
            InvalidSeriesError: the series is not of months or quarters, or a
                period of the year so far has no figure.
            InvalidKPIError: a percentage KPI (percentages do not add up), or
                a KPI without a profile and target.
        """
        when = self.latest if period is None else read_period(period, convention=self._convention())
        if not isinstance(when, Month | Quarter):
            raise InvalidSeriesError("period", str(when), "a month or a quarter")
        if self.kpi.unit is Unit.PERCENT or self.kpi.profile is None or self.kpi.target is None:
            raise InvalidKPIError(
                field="profile",
                value=self.kpi.profile,
                expected="a count or money KPI with a target and a profile",
                subject=f"KPI {self.kpi.id!r}",
            )
        months = [p for p in (_shift(when, -n) for n in range(when.index)) if p is not None]
        figures = [self.value(p) for p in reversed(months)]
        missing = [str(p) for p, f in zip(reversed(months), figures, strict=True) if f is None]
        if missing:
            raise InvalidSeriesError(
                "periods", missing, "a figure for every period of the year so far"
            )
        total = sum((f for f in figures if f is not None), Fraction(0))
        kpi = attrs.evolve(self.kpi, cumulative=True)
        observation = Observation(self.kpi.id, value=Figure(to_decimal(total, field="total")))
        return evaluate_kpi(kpi, observation, scheme=scheme, period=when)

    def rolling(
        self, window: int = 12, *, statistic: str = "sum"
    ) -> tuple[tuple[SeriesPeriod, Fraction | None], ...]:
        """The sum (or mean) of each ``window`` consecutive periods, ending at each period.

        For a "rolling 12 months" KPI. A window that reaches before the first
        period or over a gap or a missing figure gives ``None``; windows are
        counted in periods (months, quarters, years), or entries for dates.

        ```pycon
        >>> kpi = KPI("NEET", "Young people not in work", "<400")
        >>> figures = {"Apr 2024": 30, "May 2024": 32, "Jun 2024": 31, "Jul 2024": 35}
        >>> series = Series.of(kpi, figures)
        >>> [(str(period), value) for period, value in series.rolling(3)]
        [('Apr 2024', None), ('May 2024', None), ('Jun 2024', Fraction(93, 1)),
         ('Jul 2024', Fraction(98, 1))]

        ```

        Raises:
            InvalidSeriesError: ``window`` is not a whole number of at least 1,
                or ``statistic`` is not ``"sum"`` or ``"mean"``.
        """
        size: object = window
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InvalidSeriesError("window", window, "a whole number of at least 1")
        given_statistic: object = statistic
        if not isinstance(given_statistic, str) or given_statistic not in {"sum", "mean"}:
            raise InvalidSeriesError("statistic", statistic, "'sum' or 'mean'")
        timeline = self.timeline()
        known = dict(timeline)
        result: list[tuple[SeriesPeriod, Fraction | None]] = []
        for position, (period, _) in enumerate(self.entries):
            if isinstance(period, dt.date):
                span: list[Fraction | None] = list(
                    self.values[max(0, position - window + 1) : position + 1]
                )
                span += [None] * (window - len(span))
            else:
                span = [known.get(_shift(period, -n)) for n in range(window)]  # type: ignore[arg-type]
            if any(figure is None for figure in span):
                result.append((period, None))
                continue
            total = sum((f for f in span if f is not None), Fraction(0))
            result.append((period, total if statistic == "sum" else total / window))
        return tuple(result)

    def _convention(self) -> YearConvention | None:
        return _kind(self.entries[0][0])[1] if self.entries else None

    def _repr_html_(self) -> str:
        """This series as an HTML fragment with a small chart (a table without matplotlib)."""
        try:
            from kpirag.plot import series_html  # noqa: PLC0415 - an adapter up to the plot layer
        except ImportError:  # no matplotlib: the table alone
            return super()._repr_html_()
        return series_html(self)


def _cell(value: object, key: str) -> str:
    """A grouping cell as text, or our error when it cannot be written (a 5,000-digit int)."""
    try:
        return str(value)
    except ValueError:
        raise InvalidSeriesError(key, value, "a grouping value that can be written") from None


def _observation(kpi: KPI, value: object) -> Observation:
    if isinstance(value, Observation):
        return value
    if value is None:
        return Observation(kpi.id)
    if isinstance(value, Fraction):
        value = to_decimal(value, field="value")
    return Observation(kpi.id, value=value)  # type: ignore[arg-type]
