"""Evaluating a framework's KPIs for a period: statuses, overrides, audit, exceptions.

A ``Framework`` holds KPI definitions and the default scheme. A period's
figures come as ``Observation`` s. ``Framework.evaluate`` gives an
``Evaluation``: one ``KPIResult`` per KPI, a summary, the Red and
Amber exceptions, and an audit of recorded statuses that depart from the rule.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, TypeAlias, TypeVar

import attrs

from kpirag._validate import (
    Choice,
    as_tuple,
    brief,
    counted,
    deferred,
    filled,
    instance,
    iterable,
    of,
    optional_text,
    shown,
    text,
)
from kpirag.errors import (
    InvalidKPIError,
    InvalidObservationsError,
    InvalidPeriodError,
    InvalidValueError,
    KpiragError,
    KpiragWarning,
    UnitMismatchError,
    ValueTypeError,
)
from kpirag.kpi._definition import KPI, Frequency, Part, Unit
from kpirag.kpi._measures import Cohort, Distribution, Figure, Measure, check_unit
from kpirag.kpi._periods import Month, Quarter, Year, parse_period
from kpirag.kpi._profile import Profile
from kpirag.kpi._summary import Summary, _Notebook, summarise
from kpirag.rules import (
    EXACT,
    Assessment,
    Classifier,
    Number,
    Recipes,
    Scheme,
    Status,
    Target,
    Trend,
    parse_quantity,
    to_decimal,
    with_unit,
)

_CITY_OF_LONDON = Scheme.city_of_london()
"""The default scheme, one object, so a KPI's prepared rules are found by identity."""


FrameKind: TypeAlias = Literal["pandas", "polars", "pyarrow"]
"""The kinds of data frame ``Evaluation.to_frame`` makes."""

__all__ = [
    "NOT_RATED_ORDER",
    "NOT_RATED_WORDING",
    "NO_OBSERVATION",
    "OVERRIDE_PRECEDENCE",
    "AuditEntry",
    "Evaluation",
    "Framework",
    "KPIResult",
    "NotRated",
    "Observation",
    "PartResult",
    "Rating",
    "applied_target",
    "evaluate_kpi",
    "looks_like_fractions",
    "rate",
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


def _previous_figure(value: Number | None, obs: object) -> Decimal | None:
    """The previous figure; text keeps its unit (``%``, ``£``, a word) for the check."""
    if not isinstance(value, str):
        return None if value is None else to_decimal(value, field="previous")
    quantity = parse_quantity(value, field="previous")
    object.__setattr__(obs, "previous_unit", "%" if quantity.percent else quantity.unit)
    return quantity.number


@attrs.frozen
class Observation:
    """A KPI's figures for one period, with what the report recorded.

    Attributes:
        kpi_id: the KPI's id.
        value: the figure of a simple KPI (numbers and text become a ``Figure``).
        parts: the figures of a composite KPI's parts, by part name.
        not_rated: why it is not rated this period, if it is not.
        reason: the words the report shows instead of a figure (``"Annual"``,
            ``"Working with provider to set target"``).
        recorded: the status the report published, if any.
        override: the reason the published status replaces the computed one;
            without it a differing ``recorded`` status is only audited.
        previous: the figure for the comparison period (last quarter, or the
            same period last year), for direction of travel; text may carry the
            target's unit word (``"60 weeks"``).
        previous_unit: the unit ``previous`` was written with (``"%"``, ``"£"``,
            a word), if any: checked against the KPI's when evaluated.
        display: the figure as the report writes it (``"8/9 (89%)"``).
        commentary: reasons for performance.
        actions: actions planned.

    ``value`` and ``recorded`` were called ``measure`` and ``reported`` before
    0.1: the old names still read (with a ``DeprecationWarning``), and
    ``Observation.from_legacy`` accepts the old keywords.

    ```pycon
    >>> obs = Observation("1.5", "69%", recorded=Status.RED, override="published as Red")
    >>> obs.value, obs.recorded
    (Figure(value=Decimal('69'), percent=True), <Status Red (RAG)>)

    ```
    """

    kpi_id: str = attrs.field(validator=text)
    value: Measure | None = attrs.field(default=None, converter=_measure)
    parts: tuple[tuple[str, Measure | None], ...] = attrs.field(
        default=(), converter=_part_measures
    )
    not_rated: NotRated | None = attrs.field(default=None, validator=of(NotRated, optional=True))
    reason: str | None = attrs.field(default=None, validator=optional_text)
    recorded: Status | None = attrs.field(default=None, validator=of(Status, optional=True))
    override: str | None = attrs.field(default=None, validator=optional_text)
    previous_unit: str | None = attrs.field(default=None, init=False)
    previous: Decimal | None = attrs.field(
        default=None,
        converter=attrs.Converter(_previous_figure, takes_self=True),  # type: ignore[misc]
    )
    display: str | None = attrs.field(default=None, validator=optional_text)
    commentary: str = attrs.field(default="", validator=text)
    actions: str = attrs.field(default="", validator=text)

    def __repr__(self) -> str:
        if self.parts:
            shown = counted(len(self.parts), "part")
        elif self.value is not None:
            shown = brief(self.display or self.value.display(), 30)
        else:
            shown = str(self.not_rated or "no value")
        recorded = "" if self.recorded is None else f", recorded {self.recorded}"
        override = ", overridden" if self.override is not None else ""
        return f"Observation({brief(self.kpi_id, 20)}, {shown}{recorded}{override})"

    def __attrs_post_init__(self) -> None:
        if self.override is not None and (self.recorded is None or not self.override.strip()):
            raise InvalidKPIError(
                "an override needs the recorded status and a non-empty reason",
                field="override",
                value=self.override,
                subject=f"KPI {self.kpi_id!r}",
            )
        if self.value is not None and self.parts:
            raise InvalidKPIError(
                "give either one value or parts, not both",
                field="value",
                subject=f"KPI {self.kpi_id!r}",
            )

    @classmethod
    def from_legacy(
        cls,
        kpi_id: str,
        measure: Measure | Number | None = None,
        *,
        reported: Status | None = None,
        **fields: object,
    ) -> Observation:
        """An observation from the names used before 0.1 (``measure=``, ``reported=``).

        Deprecated: warns with a ``DeprecationWarning``; write
        ``Observation(kpi_id, value, recorded=...)`` instead. Other keywords
        are passed on as they are.

        ```pycon
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):
        ...     warnings.simplefilter("always")
        ...     Observation.from_legacy("1.6", measure=46).value
        Figure(value=Decimal('46'), percent=False)

        ```
        """
        warnings.warn(
            "Observation.from_legacy(measure=, reported=) is deprecated; "
            "use Observation(kpi_id, value, recorded=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        return cls(kpi_id, measure, recorded=reported, **fields)  # type: ignore[arg-type]

    @property
    def measure(self) -> Measure | None:
        """Deprecated name of ``value`` (warns)."""
        warnings.warn(
            "Observation.measure is deprecated; use Observation.value",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.value

    @property
    def reported(self) -> Status | None:
        """Deprecated name of ``recorded`` (warns)."""
        warnings.warn(
            "Observation.reported is deprecated; use Observation.recorded",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.recorded


_T = TypeVar("_T")


def _items(values: Iterable[_T], cls: type[_T], field: str) -> tuple[_T, ...]:
    """A tuple of ``cls`` items, or our error naming ``field``."""
    if type(values) is tuple and all(type(item) is cls for item in values):
        return values  # the common case, built by evaluate: no copy
    return as_tuple(values, cls, field)


@attrs.frozen
class PartResult:
    """One part of a composite KPI, evaluated."""

    part: Part = attrs.field(validator=of(Part))
    status: Status = attrs.field(validator=of(Status))
    target: Target | None = attrs.field(validator=of(Target, optional=True))
    assessment: Assessment | None = attrs.field(validator=of(Assessment, optional=True))
    not_rated: NotRated | None = attrs.field(validator=of(NotRated, optional=True))
    explanation: str = attrs.field(validator=text)
    display: str = attrs.field(validator=text)

    def __repr__(self) -> str:
        target = "" if self.target is None else f", target {self.target}"
        return f"PartResult({brief(self.part.name)}, {self.status}{target})"


def _part_results(parts: Iterable[PartResult]) -> tuple[PartResult, ...]:
    return _items(parts, PartResult, "parts")


@attrs.frozen
class KPIResult(_Notebook):
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
        scheme: the scheme the KPI was judged by (its own, else the framework's).

    ```pycon
    >>> result = evaluate_kpi(KPI("1.6", "Waits", "<43"), Observation("1.6", 46))
    >>> result.computed, result.disagrees, result.display
    (<Status Amber (RAG)>, False, '46')

    ```
    """

    kpi: KPI = attrs.field(validator=of(KPI))
    observation: Observation | None = attrs.field(validator=of(Observation, optional=True))
    computed: Status = attrs.field(validator=of(Status))
    recorded: Status | None = attrs.field(validator=of(Status, optional=True))
    status: Status = attrs.field(validator=of(Status))
    target: Target | None = attrs.field(validator=of(Target, optional=True))
    assessment: Assessment | None = attrs.field(validator=of(Assessment, optional=True))
    parts: tuple[PartResult, ...] = attrs.field(converter=_part_results)
    not_rated: NotRated | None = attrs.field(validator=of(NotRated, optional=True))
    explanation: str = attrs.field(validator=text)
    travel: Trend | None = attrs.field(validator=of(Trend, optional=True))
    scheme: Scheme = attrs.field(factory=Scheme.city_of_london, kw_only=True, validator=of(Scheme))
    _later: Callable[[], KPIResult] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    """How a deferred result makes its other fields (``deferred``); ``None`` once made."""

    @classmethod
    def deferred(
        cls,
        later: Callable[[], KPIResult],
        *,
        status: Status,
        computed: Status,
        recorded: Status | None,
        scheme: Scheme,
        explanation: str | None = None,
    ) -> KPIResult:
        """A result whose statuses (and explanation) are known now and whose rest comes later.

        The other fields (the KPI, the observation, the explanation when it is
        not given, the travel, the assessment ...) are made by ``later()``, the
        whole result, the first time one of them is read; ``later()`` must give
        these same statuses, scheme and explanation. This is how
        ``kpirag.io.load_kpis`` evaluates a large file: each row's status comes
        from its prepared rule as the file is read, and its words and objects
        only when asked for. A deferred result equals, hashes and pickles as
        the result ``later()`` makes.

        ```pycon
        >>> kpi = KPI("1.6", "Waits", "<43")
        >>> made = evaluate_kpi(kpi, Observation("1.6", 46))
        >>> result = KPIResult.deferred(
        ...     lambda: made, status=made.status, computed=made.computed, recorded=None,
        ...     explanation=made.explanation, scheme=made.scheme,
        ... )
        >>> result.status, result.kpi.id, result == made
        (<Status Amber (RAG)>, '1.6', True)

        ```
        """
        known = {
            "status": status,
            "computed": computed,
            "recorded": recorded,
            "explanation": explanation,
            "scheme": scheme,
        }
        if explanation is None:  # made by later(), with the rest
            del known["explanation"]
        if not (  # one check for the usual types, as this runs for every row of a file
            type(status) is Status
            and type(computed) is Status
            and (recorded is None or type(recorded) is Status)
            and (explanation is None or type(explanation) is str)
            and type(scheme) is Scheme
            and callable(later)
        ):
            for name in ("status", "computed", "recorded", "scheme"):
                if name != "recorded" or recorded is not None:
                    instance(known[name], Status if name != "scheme" else Scheme, field=name)
            instance(explanation, str, type(None), field="explanation")
            if not callable(later):
                raise ValueTypeError(field="later", value=later, expected="a function")
        return deferred(cls, later, known)

    if not TYPE_CHECKING:  # a deferred result's other fields, made when first read

        def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any field
            return filled(self, name)

    def __repr__(self) -> str:
        if self.parts:
            judged = f", {counted(len(self.parts), 'part')}"
        else:
            judged = "" if self.target is None else f", target {self.target}"
        computed = "" if self.computed == self.status else f" (computed {self.computed})"
        return f"KPIResult({brief(self.kpi.id, 20)}, {self.status}{computed}{judged})"

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
        if obs is not None and obs.value is not None:
            return obs.value.display()  # a figure shows even when not rated ("data only")
        if obs is not None and obs.reason:
            return obs.reason
        if self.parts:
            return "; ".join(f"{p.part.name}: {p.display}" for p in self.parts)
        return str(self.not_rated or "")

    @property
    def value(self) -> Measure | None:
        """The figure of a simple KPI, rated or not (``None`` without one)."""
        return None if self.observation is None else self.observation.value

    def audit_entry(self) -> AuditEntry | None:
        """This result's audit row when its recorded status departs from the rule, else ``None``.

        The one place an audit row is built: ``Evaluation.audit`` and the
        command line both use it.

        ```pycon
        >>> kpi = KPI("1.5", "Sleep out once", "75%")
        >>> evaluate_kpi(kpi, Observation("1.5", "69%", recorded=Status.RED)).audit_entry()
        AuditEntry('1.5', recorded Red, computed Amber, +1 level)

        ```
        """
        if self.recorded is None or not self.disagrees:
            return None
        both_rated = self.recorded.rated and self.computed.rated
        return AuditEntry(
            kpi_id=self.kpi.id,
            recorded=self.recorded,
            computed=self.computed,
            levels=self.recorded.severity - self.computed.severity if both_rated else None,
            explanation=self.explanation,
            override=self.observation.override if self.observation else None,
        )


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

    kpi_id: str = attrs.field(validator=text)
    recorded: Status = attrs.field(validator=of(Status))
    computed: Status = attrs.field(validator=of(Status))
    levels: int | None = attrs.field(validator=of(int, optional=True))
    explanation: str = attrs.field(validator=text)
    override: str | None = attrs.field(validator=optional_text)

    def __repr__(self) -> str:
        gap = (
            ""
            if self.levels is None
            else f", {self.levels:+d} level" + "s" * (abs(self.levels) != 1)
        )
        shown = f"recorded {self.recorded}, computed {self.computed}"
        return f"AuditEntry({brief(self.kpi_id, 20)}, {shown}{gap})"


def _period_index(period: Quarter | Month | Year | None, profile: Profile, kpi: KPI) -> int:
    if isinstance(period, Quarter) and profile.periods == 4:  # noqa: PLR2004
        return period.number
    if isinstance(period, Month) and profile.periods == 12:  # noqa: PLR2004
        return period.index
    if isinstance(period, Year):
        return profile.periods
    kind = {4: "quarter", 12: "month"}.get(profile.periods, "period")
    example = {4: "'Q1 2017/18'", 12: "'Apr 2017'"}.get(profile.periods, "'2017/18'")
    raise InvalidPeriodError(
        f"a profile of {profile.periods} periods needs a matching {kind} (or a year) to scale "
        f"the annual target; give it as period={example} (--period on the command line)",
        field="period",
        value=None if period is None else str(period),
        subject=f"KPI {kpi.id!r}",
    )


def _kpis(kpis: Iterable[KPI]) -> tuple[KPI, ...]:
    return as_tuple(kpis, KPI, "kpis")


Judged: TypeAlias = Quarter | Month | Year
"""The periods a KPI is evaluated for."""


def _judged(period: Judged | str | None) -> Judged | None:
    """A period from a period object or its label (``"Q1 2017/18"``), or ``None``."""
    if period is None or isinstance(period, Quarter | Month | Year):
        return period
    if isinstance(period, str):
        return parse_period(period)
    raise ValueTypeError(
        field="period",
        value=period,
        expected="a Quarter, Month, Year or a label such as 'Q1 2017/18'",
    )


@attrs.frozen
class Framework(_Notebook):
    """KPI definitions and the default classification scheme.

    Attributes:
        kpis: the KPIs, in report order; ids must be unique.
        scheme: the default scheme (the City of London rule unless given).
        name: a title for reports.

    ```pycon
    >>> framework = Framework([KPI("1.5", "Sleep out once", "75%"), KPI("1.6", "Waits", "<43")])
    >>> framework
    Framework(2 KPIs)
    >>> framework.evaluate([Observation("1.5", "69%")], period="Q1 2017/18").summary()
    Summary(Amber 1, N/A 1)

    ```
    """

    kpis: tuple[KPI, ...] = attrs.field(converter=_kpis)
    scheme: Scheme = attrs.field(factory=Scheme.city_of_london, validator=of(Scheme))
    name: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        counts = Counter(kpi.id for kpi in self.kpis)
        duplicates = [kpi_id for kpi_id, n in counts.items() if n > 1]
        if duplicates:
            raise InvalidKPIError("ids must be unique", field="KPI id(s)", value=duplicates)

    def __repr__(self) -> str:
        count = len(self.kpis)
        name = f"{self.name!r}, " if self.name else ""
        return f"Framework({name}{count} KPI{'s' if count != 1 else ''})"

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
        period: Quarter | Month | Year | str | None = None,
    ) -> Evaluation:
        """Evaluate every KPI against this period's observations, each with `evaluate_kpi`.

        ``period`` is a period or its label (``"Q1 2017/18"``); a profiled KPI
        needs one. A KPI without an observation is not rated: not due when it
        is annual, no data otherwise. Every problem (an observation for an
        unknown id, two for one KPI, a bad figure) is collected: one is raised
        as it is (its ``subject`` names the KPI), several together as an
        ``InvalidObservationsError``. One ``KpiragWarning`` names every
        percentage KPI whose figures look like fractions of 1 (see
        ``KPI.fraction``).
        """
        judged = _judged(period)
        known = {kpi.id for kpi in self.kpis}
        by_id: dict[str, Observation] = {}
        errors: list[KpiragError] = []
        for obs in iterable(observations, "observations"):
            if not isinstance(obs, Observation):
                errors.append(
                    ValueTypeError(field="observation", value=obs, expected="an Observation")
                )
            elif obs.kpi_id not in known:
                errors.append(
                    InvalidKPIError("a value for an unknown id", subject=f"KPI {obs.kpi_id!r}")
                )
            elif obs.kpi_id in by_id:
                errors.append(
                    InvalidKPIError("more than one observation", subject=f"KPI {obs.kpi_id!r}")
                )
            else:
                by_id[obs.kpi_id] = obs
        results = []
        for kpi in self.kpis:
            try:
                results.append(_evaluate(kpi, by_id.get(kpi.id), self.scheme, judged))
            except KpiragError as exc:
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InvalidObservationsError(errors)
        suspects = [result.kpi.id for result in results if _looks_like_fractions(result)]
        if suspects:
            warnings.warn(_fractions_warning(suspects), KpiragWarning, stacklevel=2)
        return Evaluation(self, tuple(results), judged)

    @classmethod
    def from_frame(cls, definitions: object, **columns: Any) -> Framework:  # noqa: ANN401
        """KPI definitions from a data frame, one row per KPI (needs ``kpirag[frames]``).

        The same as ``kpirag.frames.framework_from_frame(definitions, **columns)``;
        the keywords rename the columns (``kpi_id=``, ``title=``, ``target=`` ...).
        """
        from kpirag.frames import framework_from_frame  # noqa: PLC0415 - an adapter up to frames

        return framework_from_frame(definitions, **columns)


def evaluate_kpi(
    kpi: KPI,
    observation: Observation | None,
    *,
    scheme: Scheme | None = None,
    period: Quarter | Month | Year | str | None = None,
) -> KPIResult:
    """Evaluate one KPI for one period: the one path every evaluation takes.

    ``Framework.evaluate``, ``Series.evaluate``, the command line and the
    table builders all call it. The KPI's own scheme wins over ``scheme``
    (the City of London rule when neither is given); ``period`` (a period or
    its label) scales a profiled target. An error raised on the way names the
    KPI in its ``subject``; an observation of another KPI is an
    ``InvalidKPIError``. A percentage KPI whose figures look like
    fractions of 1 (see ``KPI.fraction``) gives a ``KpiragWarning``.

    ```pycon
    >>> result = evaluate_kpi(KPI("1.5", "Sleep out once", "75%"), Observation("1.5", "69%"))
    >>> result.status, result.scheme == Scheme.city_of_london()
    (<Status Amber (RAG)>, True)
    >>> result.explanation
    'Amber: 69% misses >=75% by 6 points (8.0%), within the 10% tolerance (Amber down to 67.5%)'
    >>> fractions = KPI("1.5", "Sleep out once", "75%", fraction=True)
    >>> evaluate_kpi(fractions, Observation("1.5", 0.69)).explanation
    'Amber: 69% misses >=75% by 6 points (8.0%), within the 10% tolerance (Amber down to 67.5%)'

    ```
    """
    result = _evaluate(kpi, observation, scheme, period)
    if _looks_like_fractions(result):
        warnings.warn(_fractions_warning([kpi.id]), KpiragWarning, stacklevel=2)
    return result


def _looks_like_fractions(result: KPIResult) -> bool:
    """Whether the figures a result judged look like fractions of 1 (``looks_like_fractions``)."""
    obs = result.observation
    if obs is None:
        return False
    given = dict(obs.parts)
    judged = [(given.get(p.part.name), p.target) for p in result.parts if p.assessment is not None]
    if result.assessment is not None:
        judged.append((obs.value, result.target))
    return looks_like_fractions(result.kpi, judged)


def looks_like_fractions(kpi: KPI, judged: Iterable[tuple[Measure | None, Target | None]]) -> bool:
    """Whether a percentage KPI's figures look like fractions of 1 it does not declare.

    ``judged`` pairs each figure with the target it is judged against (a pair
    missing either is left out). True when the KPI's unit is percent with
    ``fraction`` not declared (``None``), and every figure is a bare number (no
    ``%``, not a cohort or distribution) from 0 to 1, at least one strictly
    between, each against a percentage target above 1. A lone 0 or 1 is a
    plausible percentage (0% or 1%), so it alone does not count. Python warns,
    files refuse.

    ```pycon
    >>> kpi = KPI("1.5", "Sleep out once", ">=75%")
    >>> looks_like_fractions(kpi, [(Figure.parse("0.69"), kpi.target)])
    True

    ```
    """
    if instance(kpi, KPI, field="kpi").fraction is not None or kpi.unit is not Unit.PERCENT:
        return False
    figures = []
    for pair in iterable(judged, "judged"):
        if not (isinstance(pair, tuple) and len(pair) == 2):  # noqa: PLR2004
            raise ValueTypeError(
                field="judged item", value=pair, expected="a (figure, target) pair"
            )
        measure, target = pair
        if measure is None or target is None:
            continue
        instance(target, Target, field="target")
        if not isinstance(measure, Figure) or measure.percent:
            return False
        if not target.percent or target.value <= 1:
            return False
        figures.append(measure.value)
    return all(0 <= f <= 1 for f in figures) and any(0 < f < 1 for f in figures)


def _fractions_warning(kpi_ids: Iterable[str]) -> str:
    """The warning for KPIs whose figures look like fractions of 1."""
    ids = [repr(kpi_id) for kpi_id in kpi_ids]
    who = f"KPI {ids[0]}" if len(ids) == 1 else f"KPIs {', '.join(ids)}"
    return (
        f"{who}: every figure lies between 0 and 1 against a percentage target above 1, "
        "so it is read as under 1%; if the figures are fractions of 1 (0.69 for 69%), "
        "declare the KPI with fraction=True (in a file, a `fraction` column of true)"
    )


def _evaluate(
    kpi: KPI,
    observation: Observation | None,
    scheme: Scheme | None,
    period: Quarter | Month | Year | str | None,
) -> KPIResult:
    """``evaluate_kpi`` without the warning: its arguments checked, errors named."""
    instance(kpi, KPI, field="kpi")
    if observation is not None:
        instance(observation, Observation, field="observation")
        if observation.kpi_id != kpi.id:
            raise InvalidKPIError(
                field="observation",
                value=observation.kpi_id,
                expected=f"an observation of KPI {kpi.id!r}",
                subject=f"KPI {kpi.id!r}",
            )
    if scheme is not None:
        instance(scheme, Scheme, field="scheme")
    try:
        return _evaluate_checked(kpi, observation, kpi.scheme or scheme or _CITY_OF_LONDON, period)
    except KpiragError as exc:
        if exc.subject is None:
            exc.subject = f"KPI {kpi.id!r}"
        raise


def _evaluate_checked(
    kpi: KPI, obs: Observation | None, scheme: Scheme, when: Judged | str | None
) -> KPIResult:
    period = _judged(when)
    seen = obs or Observation(kpi.id, not_rated=NO_OBSERVATION[kpi.frequency is Frequency.ANNUAL])
    percent = "%" if kpi.unit is Unit.PERCENT else None
    if seen.previous_unit not in {None, kpi.unit_word, percent}:
        against = (
            f"the target {kpi.target}"
            if kpi.target is not None
            else f"this KPI's figures ({kpi.unit_word or kpi.unit.value}; it has no target yet)"
        )
        raise UnitMismatchError(
            f"a previous figure in {seen.previous_unit!r} cannot be compared with {against}",
            field="previous",
            value=with_unit(str(seen.previous), seen.previous_unit),
            expected="a number in the target's unit"
            + ("" if kpi.unit_word is None else f" ({kpi.unit_word})"),
        )
    target, judged = kpi.target, None
    parts: tuple[PartResult, ...] = ()
    rule, value, missing = None, None, NotRated.NO_DATA
    if seen.not_rated is None and kpi.composite and (seen.parts or seen.value is not None):
        parts = _evaluate_parts(kpi, seen, scheme, period)
        computed = kpi.rollup.apply({p.part.name: p.status for p in parts})
        details = "; ".join(f"{p.part.name}: {p.explanation}" for p in parts)
        judged = computed, f"{computed}: {kpi.rollup}; {details}"
    elif seen.value is not None:
        if seen.not_rated is None and kpi.target is not None:
            target = _profiled(kpi.target, kpi.profile, kpi, period)
        rule, value, missing = _judge(
            kpi, seen.value, target, scheme, judged=seen.not_rated is None
        )
    previous = seen.previous
    rated = rate(
        kpi,
        rule,
        value,
        previous=_hundredfold(previous) if kpi.fraction and previous is not None else previous,
        recorded=seen.recorded,
        override=seen.override,
        not_rated=seen.not_rated,
        missing=missing,
        reason=None if missing is NotRated.NO_CASES and seen.not_rated is None else seen.reason,
        judged=judged,
        assess=True,
    )
    fields = rated._asdict()
    return KPIResult(
        kpi, obs, recorded=seen.recorded, target=target, parts=parts, scheme=scheme, **fields
    )


class Rating(NamedTuple):
    """What ``rate`` decides for one KPI's row.

    Attributes:
        status: the status reported (the recorded one when overridden).
        computed: the status the rule gives (``Status.NOT_RATED`` when not rated).
        not_rated: why it is not rated, if it is not.
        explanation: the rule's workings in one line (an override does not change it);
            ``""`` for a rated row when ``rate`` was asked not to explain (``explain=False``).
        travel: the direction of travel against the previous figure, if there is one
            (``None`` with ``explain=False``).
        assessment: the rule's workings, when asked for (``assess=True``).
    """

    status: Status
    computed: Status
    not_rated: NotRated | None
    explanation: str
    travel: Trend | None
    assessment: Assessment | None

    def __repr__(self) -> str:
        statuses: tuple[object, ...] = (self.status, self.computed)
        if not all(isinstance(status, Status) for status in statuses):
            return f"Rating({', '.join(map(shown, self))})"  # built by hand from other values
        computed = "" if self.computed == self.status else f" (computed {self.computed})"
        reason = "" if self.not_rated is None else f", {self.not_rated}"
        return f"Rating({self.status}{computed}{reason}: {brief(self.explanation, 60)})"


NO_OBSERVATION: Final = (NotRated.NO_DATA, NotRated.NOT_DUE)
"""Why a KPI with no observation is not rated, by whether it is annual (``[False]``, ``[True]``)."""

NOT_RATED_ORDER: Final = ("given", NotRated.NO_TARGET, "missing")
"""The order ``rate`` decides why a KPI is not rated, the first that applies winning.

``"given"``: the reason given with the figure (``Observation.not_rated``, a
file's ``not_rated`` column), or ``NO_OBSERVATION``; then a simple KPI with no
target (``NotRated.NO_TARGET``); then no comparable figure: ``NotRated.NO_DATA``,
or ``NotRated.NO_CASES`` for a cohort of no cases. A not-rated KPI's explanation
is ``NOT_RATED_WORDING`` of the reason's words (``Observation.reason``; not for
``NO_CASES``) or else of the reason; its computed status is ``Status.NOT_RATED``.
"""

NOT_RATED_WORDING: Final = "N/A: {}"
"""The explanation of a KPI that is not rated, with its reason."""

OVERRIDE_PRECEDENCE: Final = ("override", "computed")
"""What ``rate`` reports: the recorded status when an override reason is given, else the computed.

A recorded status without an override only shows in the audit; the
explanation is always the rule's, overridden or not.
"""

_RATING = tuple.__new__


def rate(
    kpi: KPI,
    rule: Classifier | None,
    value: Decimal | Fraction | None,
    shown: str | None = None,
    *,
    previous: Decimal | None = None,
    recorded: Status | None = None,
    override: str | None = None,
    not_rated: NotRated | None = None,
    missing: NotRated = NotRated.NO_DATA,
    reason: str | None = None,
    judged: tuple[Status, str] | None = None,
    assess: bool = False,
    recipes: Recipes | None = None,
    explain: bool = True,
) -> Rating:
    """One KPI's row: not rated or rated, the status reported, the travel and the explanation.

    The one place these are decided: the object path (``evaluate_kpi``), the
    command line's stream and the frames all take them from here (frames
    vectorise the declarations ``NOT_RATED_ORDER``, ``NOT_RATED_WORDING``
    and ``OVERRIDE_PRECEDENCE``).

    Args:
        kpi: the KPI.
        rule: its target (as applied, a profile's share) prepared under the
            scheme (``KPI.rule``), or ``None`` when it is not judged.
        value: the figure compared, in the target's units, or ``None``.
        shown: ``value`` as the explanation writes it (``target.format_number``
            by default).
        previous: the previous figure, for the direction of travel (and a
            trend-aware scheme).
        recorded: the status the report published.
        override: the reason ``recorded`` replaces the computed status.
        not_rated: a reason given for not rating it.
        missing: why ``value`` is ``None`` (``NotRated.NO_CASES`` for a cohort).
        reason: the words shown instead of a not-rated reason.
        judged: a composite's status and explanation, rolled up from its parts.
        assess: whether to keep the rule's ``Assessment``.
        recipes: ``rule.recipes()``, held by a caller rating many rows of a
            rule that is not trend-aware.
        explain: word the explanation and work out the travel; ``False`` for a
            caller that makes them later (a rated row's explanation is then
            ``""`` and its travel ``None``).

    ```pycon
    >>> kpi = KPI("1.6", "Waits", "<43")
    >>> rated = rate(kpi, kpi.rule(kpi.target, Scheme.city_of_london()), Decimal(46))
    >>> rated.status, rated.explanation[:30]
    (<Status Amber (RAG)>, 'Amber: 46 misses <43 by 3 (7.0')
    >>> rate(kpi, None, None, not_rated=NotRated.SUPPRESSED).explanation
    'N/A: Suppressed'

    ```
    """
    try:
        assessment = None
        if rule is not None and value is not None and not_rated is None and judged is None:
            if assess or type(value) is not Decimal or (recipes is None and rule.trend_aware):
                assessment = rule.assess(value, previous=previous if rule.trend_aware else None)
                computed, explanation = assessment.status, assessment.explanation
            else:
                recipe = (recipes or rule.recipes()).find(value)
                computed = recipe.status
                explanation = (
                    recipe.explain(value, shown or rule.target.format_number(value))
                    if explain
                    else ""
                )
        elif judged is not None and not_rated is None:
            computed, explanation = judged
        else:
            if not_rated is None:
                no_target = kpi.target is None and not kpi.composite
                not_rated = NotRated.NO_TARGET if no_target else missing
            computed, explanation = Status.NOT_RATED, NOT_RATED_WORDING.format(reason or not_rated)
        moved = None
        if explain and previous is not None and value is not None:
            target = kpi.target if rule is None else rule.target
            moved = None if target is None else Trend.of(value, previous, target)
        status = recorded if override is not None and recorded is not None else computed
        return _RATING(Rating, (status, computed, not_rated, explanation, moved, assessment))
    except KpiragError:
        raise
    except Exception:
        _check_rating(locals())  # the arguments' types, checked only when something failed
        raise


_RATE_ARGUMENTS: Final = {
    "kpi": (KPI,),
    "rule": (Classifier, type(None)),
    "value": (Decimal, Fraction, type(None)),
    "shown": (str, type(None)),
    "previous": (Decimal, Fraction, type(None)),
    "recorded": (Status, type(None)),
    "override": (str, type(None)),
    "not_rated": (NotRated, type(None)),
    "missing": (NotRated,),
    "reason": (str, type(None)),
    "judged": (tuple, type(None)),
    "assess": (bool,),
    "recipes": (Recipes, type(None)),
    "explain": (bool,),
}


def _check_rating(arguments: dict[str, object]) -> None:
    """Raise our error naming the first argument of ``rate`` of the wrong type."""
    for name, types in _RATE_ARGUMENTS.items():
        instance(arguments[name], *types, field=name)


def _profiled(target: Target, profile: Profile | None, kpi: KPI, period: Judged | None) -> Target:
    if profile is None:
        return target
    index = _period_index(period, profile, kpi)
    return profile.target_for(target, index, cumulative=kpi.cumulative)


def applied_target(kpi: KPI, period: Quarter | Month | Year | str | None = None) -> Target | None:
    """The target a simple KPI is judged against in ``period``: its own, or its profile's share.

    What ``evaluate_kpi`` judges the KPI's figure against (``None`` when it has
    no target yet); the command line's stream prepares its rule from it.

    Raises:
        InvalidPeriodError: for a profiled KPI, when ``period`` is missing or
            does not match the profile (a quarter for a monthly profile).

    ```pycon
    >>> from kpirag.kpi import KPI, Profile
    >>> homes = KPI("H", "Homes delivered", ">=2,000", profile=Profile.linear(4))
    >>> applied_target(homes, "Q2 2017/18")
    Target.parse('>=1000')

    ```
    """
    instance(kpi, KPI, field="kpi")
    if kpi.target is None:
        return None
    return _profiled(kpi.target, kpi.profile, kpi, _judged(period))


def _judge(
    kpi: KPI, given: Measure, target: Target | None, scheme: Scheme, *, judged: bool = True
) -> tuple[Classifier | None, Decimal | Fraction | None, NotRated]:
    """The rule ``given`` is judged by (``None``: no target), the value compared, and why none.

    A figure in another unit than its target's is refused.
    """
    measure = _as_percent(kpi, given)
    value, why = measure.comparable()
    missing = NotRated.NO_CASES if why == "no cases" else NotRated.NO_DATA
    if target is None or not judged:
        return None, value, missing
    check_unit(measure, target)
    comparable = value is not None
    percent = not isinstance(measure, Figure) or measure.percent
    if comparable and percent and not target.percent:
        raise UnitMismatchError(
            f"a percentage against the non-percentage target {target}",
            field="value",
            value=measure.display(),
        )
    # A cohort or distribution is a percentage, so its target is one, and a KPI with a
    # percentage target is a percentage KPI (``KPI`` refuses any other unit).
    return kpi.rule(target, scheme), value, missing


def _evaluate_parts(
    kpi: KPI, obs: Observation, scheme: Scheme, period: Judged | None
) -> tuple[PartResult, ...]:
    given = dict(obs.parts)
    unknown = sorted(set(given) - {part.name for part in kpi.parts})
    if unknown:
        raise InvalidKPIError(
            field="parts", value=unknown, expected=f"only {[p.name for p in kpi.parts]}"
        )
    results = []
    for part in kpi.parts:
        measure, target = given.get(part.name), None
        if part.target is not None:
            target = _profiled(part.target, part.profile or kpi.profile, kpi, period)
        rule, value, missing = (
            (None, None, NotRated.NO_DATA)
            if measure is None
            else _judge(kpi, measure, target, scheme)
        )
        rated = rate(
            kpi,
            rule,
            value,
            not_rated=None if target is not None else NotRated.NO_TARGET,
            missing=missing,
            assess=True,
        )
        results.append(
            PartResult(
                part=part,
                status=rated.computed,
                target=target,
                assessment=rated.assessment,
                not_rated=rated.not_rated,
                explanation=rated.explanation,
                display=str(rated.not_rated) if measure is None else measure.display(),
            )
        )
    return tuple(results)


def _hundredfold(value: Decimal) -> Decimal:
    """``value`` times 100 exactly, its digits kept (``0.69`` is ``69``, ``1`` is ``100``)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - figures are finite
    shift = exponent + 2
    if shift > 0:
        return Decimal((sign, (*digits, *(0,) * shift), 0))
    return Decimal((sign, digits, shift))


def _as_percent(kpi: KPI, measure: Measure) -> Measure:
    """The measure in percent units: a bare figure of a KPI declared as fractions, x100."""
    if kpi.fraction and isinstance(measure, Figure) and not measure.percent:
        try:
            return Figure(_hundredfold(measure.value), percent=True)
        except InvalidValueError as exc:  # name the figure given, not its percentage
            raise InvalidValueError(
                f"as a fraction of 1 it is {measure.value.scaleb(2, EXACT)}%, past the limits",
                field="value",
                value=measure.value,
                expected=exc.expected,
            ) from exc
    return measure


def _results(results: Iterable[KPIResult]) -> tuple[KPIResult, ...]:
    return _items(results, KPIResult, "results")


@attrs.frozen
class Evaluation(_Notebook):
    """Every KPI of a framework evaluated for one period.

    ```pycon
    >>> framework = Framework([KPI("1.5", "Sleep out once", "75%"), KPI("1.6", "Waits", "<43")])
    >>> evaluation = framework.evaluate([Observation("1.6", 46)], period="Q1 2017/18")
    >>> evaluation
    Evaluation(2 results, Q1 2017/18)
    >>> [result.kpi.id for result in evaluation.exceptions()], evaluation.summary()
    (['1.6'], Summary(Amber 1, N/A 1))

    ```
    """

    framework: Framework = attrs.field(validator=of(Framework))
    results: tuple[KPIResult, ...] = attrs.field(converter=_results)
    period: Quarter | Month | Year | None = attrs.field(default=None, converter=_judged)
    _later: Callable[[], Evaluation] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    """How a deferred evaluation makes its framework (``deferred``); ``None`` once made."""

    @classmethod
    def deferred(
        cls,
        framework: Callable[[], Framework],
        results: Iterable[KPIResult],
        period: Quarter | Month | Year | str | None = None,
    ) -> Evaluation:
        """An evaluation whose framework is made by ``framework()`` when it is first read.

        For a large file whose results are deferred (``KPIResult.deferred``):
        counting statuses, the exceptions and the summary need no KPI object.
        ``framework()`` must give the framework of the results' KPIs, in order.
        """
        if not callable(framework):
            raise ValueTypeError(field="framework", value=framework, expected="a function")
        made = deferred(cls, lambda: cls(framework(), (), None), {})
        object.__setattr__(made, "results", _results(results))
        object.__setattr__(made, "period", _judged(period))
        return made

    if not TYPE_CHECKING:  # a deferred evaluation's framework, made when first read

        def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any field
            return filled(self, name)

    def __repr__(self) -> str:
        count = len(self.results)
        when = f", {self.period}" if self.period is not None else ""
        return f"Evaluation({count} result{'s' if count != 1 else ''}{when})"

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
        flagged = [r for r in self.results if r.status.rated and r.status > r.scheme.met]
        return tuple(sorted(flagged, key=lambda r: r.status, reverse=True))

    def audit(self) -> tuple[AuditEntry, ...]:
        """Every KPI whose recorded status differs from the rule's."""
        entries = (result.audit_entry() for result in self.results)
        return tuple(entry for entry in entries if entry is not None)

    def to_frame(self, kind: FrameKind = "pandas") -> Any:  # noqa: ANN401 - a frame of kind
        """The results as a tidy data frame of ``kind``, one row per KPI (needs ``kpirag[frames]``).

        The same as ``kpirag.frames.to_frame(evaluation, kind)``.
        """
        from kpirag.frames import to_frame  # noqa: PLC0415 - an adapter up to the frames layer

        return to_frame(self, kind)
