"""KPI definitions: what is measured, against which target, under which rule.

A simple KPI has one target. A composite KPI has several named
``Part`` s under one id and a ``Rollup`` that turns their statuses
into the KPI's status. Profiles scale annual targets to the period judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from kpirag._validate import (
    Choice,
    as_tuple,
    brief,
    counted,
    flag,
    instance,
    of,
    optional_text,
    text,
)
from kpirag.errors import InvalidChoiceError, InvalidKPIError, KpiragError, ValueTypeError
from kpirag.kpi._profile import Profile
from kpirag.rules import CURRENCIES, Classifier, Scheme, Status, Target, unit_name, worst

__all__ = ["KPI", "UNIT_FORMS", "Frequency", "Part", "Rollup", "RollupKind", "Unit", "read_unit"]


class Unit(Choice):
    """What a KPI's figure counts."""

    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    SCORE = "score"
    DAYS = "days"
    MONEY = "money"


UNIT_FORMS = (
    "count, percent, ratio, score, days or money; or the unit word of target and figures "
    "('jobs', 'weeks', 'pp', '£', 'per 1,000')"
)
"""What a KPI's unit may be, in words (for messages that ask for one)."""


def read_unit(value: Unit | str, *, field: str = "unit") -> Unit | str:
    """A KPI's unit, as files, frames and Python give it: a ``Unit``, or a unit word.

    The kinds (``count``, ``percent``, ``ratio``, ``score``, ``days``,
    ``money``, any case) are ``Unit`` members and ``%`` is ``Unit.PERCENT``;
    any other unit ``kpirag.rules.unit_name`` reads (``jobs``, ``Weeks``,
    ``percentage points``, ``£``, ``per 1000``) is returned as its canonical
    unit word, which the KPI's target and figures then carry.

    Raises:
        InvalidKPIError: neither a kind nor a unit word (``field``, ``value`` and
            ``expected`` say which and what).

    ```pycon
    >>> read_unit("Percent"), read_unit("Jobs"), read_unit("per 1000")
    (<Unit.PERCENT: 'percent'>, 'jobs', 'per 1,000')

    ```
    """
    if isinstance(value, Unit):
        return value
    if not isinstance(value, str):
        raise ValueTypeError(field=field, value=value, expected=f"a Unit or text: {UNIT_FORMS}")
    folded = value.strip().casefold()
    kinds = {unit.value: unit for unit in Unit}
    if folded in kinds:
        return kinds[folded]
    try:
        word = unit_name(value, field)
    except KpiragError:
        raise InvalidKPIError(field=field, value=value, expected=UNIT_FORMS) from None
    return Unit.PERCENT if word == "%" else word


def _worded(target: Target | None, word: str, where: str) -> Target | None:
    """``target`` in the KPI's unit word; a target in another unit is refused."""
    if target is None or target.unit == word:
        return target
    if target.percent or target.unit is not None:
        raise InvalidKPIError(
            f"the target {target} is not in the KPI's unit {word!r}",
            field="unit",
            value=word,
            expected=f"a target in {word}, or a bare number",
            subject=where,
        )
    return attrs.evolve(target, unit=word)


class Frequency(Choice):
    """How often a KPI is reported."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class RollupKind(Choice):
    """How a composite KPI's parts decide its status."""

    WORST = "worst"
    PRIMARY = "primary"
    MAJORITY = "majority"


_MOST_RULES = 16
"""Prepared rules a KPI keeps (profiled targets differ per period)."""


@attrs.frozen
class Rollup:
    """The stated rule for a composite KPI.

    ```pycon
    >>> Rollup.worst().apply({"a": Status.GREEN, "b": Status.AMBER})
    <Status Amber (RAG)>
    >>> Rollup.primary("b").apply({"a": Status.RED, "b": Status.GREEN})
    <Status Green (RAG)>
    >>> Rollup.majority(tie="worse").apply({"a": Status.GREEN, "b": Status.RED})
    <Status Red (RAG)>

    ```
    """

    kind: RollupKind = attrs.field(default=RollupKind.WORST, validator=of(RollupKind))
    primary_part: str | None = attrs.field(default=None, validator=optional_text)
    tie: str = attrs.field(default="worse", validator=text)

    def __attrs_post_init__(self) -> None:
        if (self.kind is RollupKind.PRIMARY) != (self.primary_part is not None):
            raise InvalidKPIError(
                "a primary rollup needs exactly one named part, other rollups none",
                field="rollup primary_part",
                value=self.primary_part,
            )
        if self.tie not in {"worse", "better"}:
            raise InvalidChoiceError(
                field="rollup tie", value=self.tie, expected="'worse' or 'better'"
            )

    @classmethod
    def worst(cls) -> Rollup:
        """All must pass: the worst rated part decides."""
        return cls(RollupKind.WORST)

    @classmethod
    def primary(cls, part: str) -> Rollup:
        """The named part decides; the others are shown for information."""
        return cls(RollupKind.PRIMARY, part)

    @classmethod
    def majority(cls, *, tie: str = "worse") -> Rollup:
        """The most common rated status; a tie goes to the worse (or better) of the tied."""
        return cls(RollupKind.MAJORITY, tie=tie)

    def apply(self, statuses: Mapping[str, Status]) -> Status:
        """The composite status from each part's status."""
        if not isinstance(statuses, Mapping):
            raise ValueTypeError(
                field="statuses", value=statuses, expected="a mapping of part names to statuses"
            )
        for status in statuses.values():
            instance(status, Status, field="status")
        if self.primary_part is not None:
            if self.primary_part not in statuses:
                raise InvalidKPIError(
                    field="rollup primary_part",
                    value=self.primary_part,
                    expected=f"one of {sorted(statuses)}",
                )
            return statuses[self.primary_part]
        if self.kind is RollupKind.WORST:
            return worst(statuses.values())
        counts = Counter(s for s in statuses.values() if s.rated)
        if not counts:
            return Status.NOT_RATED
        most = max(counts.values())
        tied = [s for s, n in counts.items() if n == most]
        return max(tied) if self.tie == "worse" else min(tied)

    def __str__(self) -> str:
        if self.kind is RollupKind.PRIMARY:
            return f"primary measure {self.primary_part!r} decides"
        if self.kind is RollupKind.WORST:
            return "all must pass (worst of)"
        return f"majority, ties to the {self.tie}"


@attrs.frozen
class Part:
    """One named measure of a composite KPI.

    Attributes:
        name: how the report names it, e.g. ``"Planning consents"``.
        target: its target, or ``None`` when it has none yet.
        profile: how its annual target is spread over the year, if it is annual.
        label: the target as the report writes it, for display.
    """

    name: str = attrs.field(validator=text)
    target: Target | None = attrs.field(default=None, validator=of(Target, optional=True))
    profile: Profile | None = attrs.field(default=None, validator=of(Profile, optional=True))
    label: str | None = attrs.field(default=None, validator=optional_text)

    def __repr__(self) -> str:
        profiled = ", profiled" if self.profile is not None else ""
        return f"Part({brief(self.name)}, {self.target or 'no target'}{profiled})"


def _parts(parts: Iterable[Part]) -> tuple[Part, ...]:
    return as_tuple(parts, Part, "parts")


def _target(value: Target | str | None) -> Target | None:
    given: object = value
    if given is None or isinstance(given, Target):
        return given
    if isinstance(given, str):
        return Target.parse(given)
    raise ValueTypeError(field="target", value=given, expected="a Target, target text or None")


@attrs.frozen
class KPI:
    """A key performance indicator's definition.

    ``id``, ``title`` and ``target`` may be given by position; the rest by keyword.

    Attributes:
        id: the report's identifier, e.g. ``"1.5"``.
        title: the measure as worded in the report.
        target: the target (text such as ``"<43"`` is parsed); ``None`` when no
            target is set yet, or for a composite KPI.
        theme: the priority objective it sits under.
        unit: what the figure counts; a percentage target needs ``PERCENT``.
            Defaults to ``PERCENT`` when the target (or a part's) is a
            percentage, else ``COUNT``. Text is read by ``read_unit``: a kind
            (``"percent"``) or a unit word (``"weeks"``, ``"jobs"``), which
            the targets take (``<=70`` becomes ``<=70 weeks``) and figures may
            be written with (``67.4 weeks``); the unit is then ``COUNT``
            (``MONEY`` for a currency sign) and ``unit_word`` is the word.
            ``DAYS`` gives its targets the word ``days`` in the same way.
        frequency: how often it is reported.
        scheme: a classification scheme overriding the framework's.
        profile: spreads an annual target over the year (see ``Profile``).
        cumulative: whether figures are year-to-date (``True``) or for the
            period alone, when a profile applies.
        fraction: whether bare figures are fractions of 1 (``0.69`` means
            69%), scaled exactly by 100 before they meet the target; a figure
            written with ``%``, a cohort and a distribution are read as they
            are, and so is the previous figure. Only for a ``PERCENT`` KPI
            whose targets are percentages. ``False`` declares bare figures
            percentages (``0.69`` means 0.69%); ``None`` (the default) leaves
            it unsaid, and figures that look like fractions of 1 are warned
            about (a problem in a file, see docs/file-formats.md).
        parts: the measures of a composite KPI.
        rollup: how the parts decide the KPI's status.
        label: the target as the report writes it, for display.
        notes: free text.

    ```pycon
    >>> KPI("1.6", "Living on the streets", "<43").target
    Target.parse('<43')
    >>> KPI("1.5", "Sleep out once", "75%", fraction=True).fraction
    True
    >>> KPI("2.1", "Weeks waited", "<=70", unit="weeks").target
    Target.parse('<=70 weeks')

    ```
    """

    id: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)
    target: Target | None = attrs.field(
        default=None, converter=_target, validator=of(Target, optional=True)
    )
    theme: str = attrs.field(default="", kw_only=True, validator=text)
    parts: tuple[Part, ...] = attrs.field(default=(), converter=_parts, kw_only=True)
    rollup: Rollup = attrs.field(factory=Rollup.worst, kw_only=True, validator=of(Rollup))
    unit: Unit = attrs.field(
        kw_only=True, converter=read_unit, validator=of(Unit, str, expected="a Unit")
    )
    frequency: Frequency = attrs.field(
        default=Frequency.QUARTERLY, kw_only=True, validator=of(Frequency)
    )
    scheme: Scheme | None = attrs.field(
        default=None, kw_only=True, validator=of(Scheme, optional=True)
    )
    profile: Profile | None = attrs.field(
        default=None, kw_only=True, validator=of(Profile, optional=True)
    )
    cumulative: bool = attrs.field(default=True, kw_only=True, validator=flag)
    fraction: bool | None = attrs.field(
        default=None,
        kw_only=True,
        validator=of(bool, optional=True, expected="True, False or None"),
    )
    label: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    notes: str = attrs.field(default="", kw_only=True, validator=text)
    _prepared: dict[tuple[int, int], tuple[Target, Scheme, Classifier]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def __repr__(self) -> str:
        judged = counted(len(self.parts), "part") if self.parts else str(self.target)
        return f"KPI({brief(self.id, 20)}, {brief(self.title)}, {judged})"

    @unit.default
    def _unit_from_target(self) -> Unit:
        targets = [self.target, *(part.target for part in self.parts)]
        if any(target is not None and target.percent for target in targets):
            return Unit.PERCENT
        return Unit.COUNT

    def __attrs_post_init__(self) -> None:
        where = f"KPI {self.id!r}"
        given: Unit | str = self.unit
        word = "days" if given is Unit.DAYS else None if isinstance(given, Unit) else given
        if word is not None:  # a unit word (days, weeks, jobs, £): the targets take it
            object.__setattr__(self, "target", _worded(self.target, word, where))
            parts = tuple(
                attrs.evolve(part, target=_worded(part.target, word, where)) for part in self.parts
            )
            object.__setattr__(self, "parts", parts)
            if isinstance(given, str):
                object.__setattr__(self, "unit", Unit.MONEY if word in CURRENCIES else Unit.COUNT)
        if not self.id.strip():
            raise InvalidKPIError(
                field="KPI id", value=self.id, expected="an identifier such as '1.5'"
            )
        targets = [self.target] + [part.target for part in self.parts]
        for target in targets:
            if target is not None and target.percent and self.unit is not Unit.PERCENT:
                raise InvalidKPIError(
                    f"a percentage target on a {self.unit.value} measure; "
                    "use unit=Unit.PERCENT or a plain target",
                    field="target",
                    value=str(target),
                    subject=where,
                )
        if self.fraction:
            self._check_fraction(targets, where)
        if self.parts and self.target is not None:
            raise InvalidKPIError(
                "a composite KPI's targets belong to its parts",
                field="target",
                value=str(self.target),
                subject=where,
            )
        names = [part.name for part in self.parts]
        if len(set(names)) != len(names):
            raise InvalidKPIError(
                "part names must be unique", field="parts", value=names, subject=where
            )
        if self.rollup.primary_part is not None and self.rollup.primary_part not in names:
            raise InvalidKPIError(
                field="rollup",
                value=self.rollup.primary_part,
                expected=f"a primary part, one of {names}",
                subject=where,
            )

    def _check_fraction(self, targets: list[Target | None], where: str) -> None:
        if self.unit is not Unit.PERCENT:
            raise InvalidKPIError(
                f"figures as fractions of 1 are percentages, but the unit is {self.unit.value}",
                field="fraction",
                value=True,
                subject=where,
            )
        for target in targets:
            if target is not None and not target.percent:
                raise InvalidKPIError(
                    "figures as fractions of 1 need a percentage target",
                    field="fraction",
                    value=str(target),
                    subject=where,
                )

    def rule(self, target: Target, scheme: Scheme) -> Classifier:
        """``target`` (this KPI's, a part's, or one its profile scaled) prepared under ``scheme``.

        Prepared once and kept on the KPI, so evaluating it again reads no text.
        """
        instance(target, Target, field="target")
        instance(scheme, Scheme, field="scheme")
        key = (id(target), id(scheme))  # the objects are kept with it: ids stay theirs
        found = self._prepared.get(key)
        if found is None or found[0] is not target or found[1] is not scheme:  # (unpickled)
            if len(self._prepared) >= _MOST_RULES:
                self._prepared.clear()
            found = self._prepared[key] = (target, scheme, Classifier.prepare(target, scheme))
        return found[2]

    @property
    def unit_word(self) -> str | None:
        """The unit word its targets and figures are in (``"weeks"``, ``"jobs"``), or ``None``."""
        for target in (self.target, *(part.target for part in self.parts)):
            if target is not None and target.unit is not None:
                return target.unit
        return None

    @property
    def composite(self) -> bool:
        """Whether the KPI has several parts."""
        return bool(self.parts)

    def part(self, name: str) -> Part:
        """The part called ``name``."""
        for part in self.parts:
            if part.name == name:
                return part
        raise InvalidKPIError(
            field="part",
            value=name,
            expected=f"one of {[p.name for p in self.parts]}",
            subject=f"KPI {self.id!r}",
        )

    @property
    def target_label(self) -> str:
        """The target as the report writes it, or its canonical form."""
        if self.label is not None:
            return self.label
        if self.parts:
            return ", ".join(part.label or str(part.target or "tbc") for part in self.parts)
        return "tbc" if self.target is None else str(self.target)
