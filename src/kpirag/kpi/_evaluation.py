"""Evaluating a framework's KPIs for a period: statuses, overrides, audit, exceptions.

A ``Framework`` holds KPI definitions and the default scheme. A period's
figures come as ``Observation`` s. ``Framework.evaluate`` gives an
``Evaluation``: one ``KPIResult`` per KPI, a summary, the Red and
Amber exceptions, and an audit of recorded statuses that depart from the rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from kpirag._validate import Choice, as_tuple, instance, iterable, of, optional_text, text
from kpirag.errors import InvalidKPIError, KpiragError, ValueTypeError
from kpirag.kpi._definition import KPI, Frequency, Part, Unit
from kpirag.kpi._measures import Cohort, Distribution, Figure, Measure
from kpirag.kpi._periods import Month, Quarter, Year
from kpirag.kpi._profile import Profile
from kpirag.kpi._summary import Summary, summarise
from kpirag.kpi._travel import Travel, travel
from kpirag.rules._classification import Assessment, Classifier
from kpirag.rules._scheme import Scheme
from kpirag.rules._status import Status
from kpirag.rules._target import Target
from kpirag.rules._values import Number, to_decimal

__all__ = [
    "AuditEntry",
    "Evaluation",
    "Framework",
    "KPIResult",
    "NotRated",
    "Observation",
    "PartResult",
    "evaluate_kpi",
]


class NotRated(Choice):
    """Why a KPI has no status this period. The value is how reports show it."""

    NO_TARGET = "tbc"
    NOT_DUE = "Not due"
    NO_DATA = "No data"
    FOR_INFORMATION = "Data only"
    SUPPRESSED = "Suppressed"
    NO_CASES = "No cases"

    def __str__(self) -> str:
        return self.value


def _measure(value: Measure | Number | None) -> Measure | None:
    if value is None or isinstance(value, Figure | Cohort | Distribution):
        return value
    if isinstance(value, str):
        return Figure.parse(value)
    return Figure(value)


def _part_measures(
    parts: Mapping[str, Measure | Number | None] | Iterable[tuple[str, Measure | Number | None]],
) -> tuple[tuple[str, Measure | None], ...]:
    pairs = parts.items() if isinstance(parts, Mapping) else iterable(parts, "parts")
    result = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):  # noqa: PLR2004
            raise ValueTypeError(
                field="parts item", value=pair, expected="a (part name, measure) pair"
            )
        result.append((pair[0], _measure(pair[1])))
    return tuple(result)


def _optional_number(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="previous")


@attrs.frozen
class Observation:
    """A KPI's figures for one period, with what the report recorded.

    Attributes:
        kpi_id: the KPI's id.
        measure: the figure of a simple KPI (numbers and text become a ``Figure``).
        parts: the figures of a composite KPI's parts, by part name.
        not_rated: why it is not rated this period, if it is not.
        reason: the words the report shows instead of a figure (``"Annual"``,
            ``"Working with provider to set target"``).
        reported: the status the report published, if any.
        override: the reason the published status replaces the computed one;
            without it a differing ``reported`` status is only audited.
        previous: the figure for the comparison period (last quarter, or the
            same period last year), for direction of travel.
        display: the figure as the report writes it (``"8/9 (89%)"``).
        commentary: reasons for performance.
        actions: actions planned.
    """

    kpi_id: str = attrs.field(validator=text)
    measure: Measure | None = attrs.field(default=None, converter=_measure)
    parts: tuple[tuple[str, Measure | None], ...] = attrs.field(
        default=(), converter=_part_measures
    )
    not_rated: NotRated | None = attrs.field(default=None, validator=of(NotRated, optional=True))
    reason: str | None = attrs.field(default=None, validator=optional_text)
    reported: Status | None = attrs.field(default=None, validator=of(Status, optional=True))
    override: str | None = attrs.field(default=None, validator=optional_text)
    previous: Decimal | None = attrs.field(default=None, converter=_optional_number)
    display: str | None = attrs.field(default=None, validator=optional_text)
    commentary: str = attrs.field(default="", validator=text)
    actions: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.override is not None and (self.reported is None or not self.override.strip()):
            raise InvalidKPIError(
                f"KPI {self.kpi_id!r}: invalid override {self.override!r}: an override needs "
                "the reported status and a non-empty reason"
            )
        if self.measure is not None and self.parts:
            raise InvalidKPIError(
                f"KPI {self.kpi_id!r}: invalid measure: give either one measure or parts, not both"
            )


@attrs.frozen
class PartResult:
    """One part of a composite KPI, evaluated."""

    part: Part
    status: Status
    target: Target | None
    assessment: Assessment | None
    not_rated: NotRated | None
    explanation: str
    display: str


@attrs.frozen
class KPIResult:
    """A KPI evaluated for a period.

    Attributes:
        kpi: the definition.
        observation: the figures, or ``None`` when the period had none.
        computed: the status the rule gives.
        recorded: the status the report published, if given.
        status: what is reported: the recorded status when overridden with a
            reason, else the computed one.
        target: the target applied (an annual target scaled by its profile).
        assessment: the workings for a simple KPI.
        parts: the workings for a composite KPI.
        not_rated: why the KPI is not rated, if it is not.
        explanation: the rule's workings in one line (an override does not change it).
        travel: the direction of travel against the previous figure.
    """

    kpi: KPI
    observation: Observation | None
    computed: Status
    recorded: Status | None
    status: Status
    target: Target | None
    assessment: Assessment | None
    parts: tuple[PartResult, ...]
    not_rated: NotRated | None
    explanation: str
    travel: Travel | None

    @property
    def overridden(self) -> bool:
        """Whether a recorded status replaced the computed one."""
        return self.observation is not None and self.observation.override is not None

    @property
    def disagrees(self) -> bool:
        """Whether a recorded status differs from the rule's."""
        return self.recorded is not None and self.recorded != self.computed

    @property
    def display(self) -> str:
        """The figure as the report shows it."""
        obs = self.observation
        if obs is not None and obs.display is not None:
            return obs.display
        if obs is not None and obs.reason:
            return obs.reason
        if self.parts:
            return "; ".join(f"{p.part.name}: {p.display}" for p in self.parts)
        if obs is not None and obs.measure is not None:
            return obs.measure.display()
        return str(self.not_rated or "")


@attrs.frozen
class AuditEntry:
    """A KPI whose recorded status departs from the stated rule.

    Attributes:
        kpi_id: the KPI.
        recorded: the published status.
        computed: the rule's status.
        levels: how many levels apart (positive when the published status is
            worse), or ``None`` when one of them is not rated.
        explanation: the rule's workings.
        override: the recorded reason, if the published status was an override.
    """

    kpi_id: str
    recorded: Status
    computed: Status
    levels: int | None
    explanation: str
    override: str | None


def _period_index(period: Quarter | Month | Year | None, profile: Profile, kpi: KPI) -> int:
    if isinstance(period, Quarter) and profile.periods == 4:  # noqa: PLR2004
        return period.number
    if isinstance(period, Month) and profile.periods == 12:  # noqa: PLR2004
        return period.index
    if isinstance(period, Year):
        return profile.periods
    raise InvalidKPIError(
        f"KPI {kpi.id!r}: invalid period {period}: a profile of {profile.periods} periods needs "
        "a matching quarter or month (or a year) to scale the annual target"
    )


def _kpis(kpis: Iterable[KPI]) -> tuple[KPI, ...]:
    return as_tuple(kpis, KPI, "kpis")


@attrs.frozen
class Framework:
    """KPI definitions and the default classification scheme.

    Attributes:
        kpis: the KPIs, in report order; ids must be unique.
        scheme: the default scheme (the City of London rule unless given).
        name: a title for reports.
    """

    kpis: tuple[KPI, ...] = attrs.field(converter=_kpis)
    scheme: Scheme = attrs.field(factory=Scheme.city_of_london, validator=of(Scheme))
    name: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        counts = Counter(kpi.id for kpi in self.kpis)
        duplicates = [kpi_id for kpi_id, n in counts.items() if n > 1]
        if duplicates:
            raise InvalidKPIError(f"Invalid KPI id(s) {duplicates}: ids must be unique")

    def kpi(self, kpi_id: str) -> KPI:
        """The KPI with id ``kpi_id``."""
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise InvalidKPIError("not in the framework", field="KPI id", value=kpi_id)

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes in order of first appearance."""
        return tuple(dict.fromkeys(kpi.theme for kpi in self.kpis))

    def evaluate(
        self,
        observations: Iterable[Observation],
        *,
        period: Quarter | Month | Year | None = None,
    ) -> Evaluation:
        """Evaluate every KPI against this period's observations.

        A KPI without an observation is not rated: not due when it is annual,
        no data otherwise. Every problem (an observation for an unknown id, two
        for one KPI, a bad figure) is collected and raised together.
        """
        known = {kpi.id for kpi in self.kpis}
        by_id: dict[str, Observation] = {}
        errors: list[str] = []
        for obs in iterable(observations, "observations"):
            if not isinstance(obs, Observation):
                errors.append(
                    str(ValueTypeError(field="observation", value=obs, expected="an Observation"))
                )
            elif obs.kpi_id not in known:
                errors.append(f"KPI {obs.kpi_id!r}: a value for an unknown id")
            elif obs.kpi_id in by_id:
                errors.append(f"KPI {obs.kpi_id!r}: more than one observation")
            else:
                by_id[obs.kpi_id] = obs
        results = []
        for kpi in self.kpis:
            try:
                results.append(self._evaluate_one(kpi, by_id.get(kpi.id), period))
            except KpiragError as exc:
                message = str(exc)
                errors.append(
                    message if message.startswith("KPI ") else f"KPI {kpi.id!r}: {message}"
                )
        if errors:
            raise InvalidKPIError("; ".join(errors))
        return Evaluation(self, tuple(results), period)

    def _evaluate_one(
        self, kpi: KPI, obs: Observation | None, period: Quarter | Month | Year | None
    ) -> KPIResult:
        scheme = kpi.scheme or self.scheme
        target: Target | None = kpi.target
        assessment = None
        part_results: tuple[PartResult, ...] = ()
        reason = self._not_rated(kpi, obs)
        if reason is not None:
            computed, explanation = (
                Status.NOT_RATED,
                f"N/A: {obs.reason if obs and obs.reason else reason}",
            )
        elif kpi.composite:
            assert obs is not None  # noqa: S101 - _not_rated returned None, so there is one
            part_results = self._evaluate_parts(kpi, obs, scheme, period)
            computed = kpi.rollup.apply({p.part.name: p.status for p in part_results})
            explanation = f"{computed}: {kpi.rollup}; " + "; ".join(
                f"{p.part.name}: {p.explanation}" for p in part_results
            )
        else:
            assert obs is not None  # noqa: S101
            assert kpi.target is not None  # noqa: S101
            target = self._profiled(kpi.target, kpi.profile, kpi, period)
            assessment, reason = self._assess(kpi, obs.measure, target, scheme)
            computed = assessment.status if assessment else Status.NOT_RATED
            explanation = assessment.explanation if assessment else f"N/A: {reason}"
        recorded = obs.reported if obs else None
        status = recorded if (obs and obs.override and recorded is not None) else computed
        return KPIResult(
            kpi=kpi,
            observation=obs,
            computed=computed,
            recorded=recorded,
            status=status,
            target=target,
            assessment=assessment,
            parts=part_results,
            not_rated=reason,
            explanation=explanation,
            travel=self._travel(obs, target),
        )

    @staticmethod
    def _not_rated(kpi: KPI, obs: Observation | None) -> NotRated | None:
        if obs is None:
            return NotRated.NOT_DUE if kpi.frequency is Frequency.ANNUAL else NotRated.NO_DATA
        if obs.not_rated is not None:
            return obs.not_rated
        if not kpi.composite and kpi.target is None:
            return NotRated.NO_TARGET
        if obs.measure is None and not obs.parts:
            return NotRated.NO_DATA
        return None

    @staticmethod
    def _profiled(
        target: Target, profile: Profile | None, kpi: KPI, period: Quarter | Month | Year | None
    ) -> Target:
        if profile is None:
            return target
        index = _period_index(period, profile, kpi)
        return profile.target_for(target, index, cumulative=kpi.cumulative)

    @staticmethod
    def _assess(
        kpi: KPI, measure: Measure | None, target: Target, scheme: Scheme
    ) -> tuple[Assessment | None, NotRated | None]:
        if measure is None:
            return None, NotRated.NO_DATA
        value, why = measure.comparable()
        if value is None:
            return None, NotRated.NO_CASES if why == "no cases" else NotRated.NO_DATA
        percent = not isinstance(measure, Figure) or measure.percent
        if percent and not target.percent:
            raise InvalidKPIError(
                f"KPI {kpi.id!r}: invalid measure {measure.display()}: a percentage against the "
                f"non-percentage target {target}"
            )
        if kpi.unit is not Unit.PERCENT and isinstance(measure, Cohort | Distribution):
            raise InvalidKPIError(
                f"KPI {kpi.id!r}: invalid measure {measure.display()}: a cohort or distribution "
                f"is a percentage, but the KPI's unit is {kpi.unit.value}"
            )
        return Classifier.prepare(target, scheme).assess(value), None

    def _evaluate_parts(
        self, kpi: KPI, obs: Observation, scheme: Scheme, period: Quarter | Month | Year | None
    ) -> tuple[PartResult, ...]:
        given = dict(obs.parts)
        unknown = sorted(set(given) - {part.name for part in kpi.parts})
        if unknown:
            raise InvalidKPIError(
                f"KPI {kpi.id!r}: invalid parts {unknown}: expected only "
                f"{[p.name for p in kpi.parts]}"
            )
        results = []
        for part in kpi.parts:
            measure = given.get(part.name)
            target: Target | None = None
            assessment: Assessment | None = None
            reason: NotRated | None = NotRated.NO_TARGET
            if part.target is not None:
                target = self._profiled(part.target, part.profile or kpi.profile, kpi, period)
                assessment, reason = self._assess(kpi, measure, target, scheme)
            status = assessment.status if assessment else Status.NOT_RATED
            results.append(
                PartResult(
                    part=part,
                    status=status,
                    target=target,
                    assessment=assessment,
                    not_rated=reason,
                    explanation=assessment.explanation if assessment else f"N/A: {reason}",
                    display=measure.display() if measure is not None else str(reason),
                )
            )
        return tuple(results)

    @staticmethod
    def _travel(obs: Observation | None, target: Target | None) -> Travel | None:
        if obs is None or obs.previous is None or obs.measure is None or target is None:
            return None
        value, _ = obs.measure.comparable()
        if value is None:
            return None
        return travel(value, obs.previous, target if target.better is None else target.better)


def evaluate_kpi(
    kpi: KPI,
    observation: Observation | None,
    *,
    scheme: Scheme | None = None,
    period: Quarter | Month | Year | None = None,
) -> KPIResult:
    """Evaluate one KPI on its own (the framework's scheme is ``scheme``).

    Useful for streaming many KPIs without holding a framework of them all.
    """
    instance(kpi, KPI, field="kpi")
    if observation is not None:
        instance(observation, Observation, field="observation")
    framework = Framework((), scheme=scheme or Scheme.city_of_london())
    try:
        return framework._evaluate_one(kpi, observation, period)  # noqa: SLF001 - same module
    except KpiragError as exc:
        message = str(exc)
        if message.startswith("KPI "):
            raise
        raise type(exc)(f"KPI {kpi.id!r}: {message}") from exc


@attrs.frozen
class Evaluation:
    """Every KPI of a framework evaluated for one period."""

    framework: Framework
    results: tuple[KPIResult, ...]
    period: Quarter | Month | Year | None = None

    def result(self, kpi_id: str) -> KPIResult:
        """The result for ``kpi_id``."""
        for result in self.results:
            if result.kpi.id == kpi_id:
                return result
        raise InvalidKPIError("not in this evaluation", field="KPI id", value=kpi_id)

    def summary(self, *, unlisted: int = 0) -> Summary:
        """Counts per reported status; ``unlisted`` KPIs with no row count as not rated."""
        return summarise(self.results, unlisted=unlisted)

    def by_theme(self) -> dict[str, Summary]:
        """A summary per theme, in framework order."""
        return {
            theme: summarise(r for r in self.results if r.kpi.theme == theme)
            for theme in self.framework.themes
        }

    def exceptions(self) -> tuple[KPIResult, ...]:
        """The rated KPIs below the met status, worst first, in framework order within each."""
        flagged = [
            r
            for r in self.results
            if r.status.rated and r.status > (r.kpi.scheme or self.framework.scheme).met
        ]
        return tuple(sorted(flagged, key=lambda r: r.status, reverse=True))

    def audit(self) -> tuple[AuditEntry, ...]:
        """Every KPI whose recorded status differs from the rule's."""
        entries = []
        for r in self.results:
            if r.recorded is None or not r.disagrees:
                continue
            both_rated = r.recorded.rated and r.computed.rated
            levels = r.recorded.severity - r.computed.severity if both_rated else None
            entries.append(
                AuditEntry(
                    kpi_id=r.kpi.id,
                    recorded=r.recorded,
                    computed=r.computed,
                    levels=levels,
                    explanation=r.explanation,
                    override=r.observation.override if r.observation else None,
                )
            )
        return tuple(entries)
