"""Risk scoring: likelihood x impact matrices, rating bands and risk registers.

A ``RiskMatrix`` is data: a likelihood scale, an impact scale, a score
rule and rating bands mapping scores to a status scale. Construction fails
unless the bands cover every score the matrix can produce exactly once (bands
may overlap or leave gaps only among scores no pair of levels produces).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

import attrs

from kpirag._validate import (
    Choice,
    as_tuple,
    brief,
    counted,
    integer,
    iterable,
    key_path,
    of,
    text,
    whole,
)
from kpirag.errors import InvalidRiskError, KpiragError, RiskRegisterError, ValueTypeError
from kpirag.kpi import Summary, parse_date, summarise
from kpirag.rules import Scale, Status

__all__ = [
    "NHS_RISK_SCALE",
    "AssessedRisk",
    "Level",
    "LevelScale",
    "RatingBand",
    "Risk",
    "RiskMatrix",
    "RiskRegister",
    "RiskState",
    "RiskTrend",
    "ScoreRule",
]


@attrs.frozen
class Level:
    """One level of a likelihood or impact scale, e.g. ``Possible`` = 3.

    ```pycon
    >>> Level("Possible", 3)
    Level(label='Possible', value=3)

    ```
    """

    label: str = attrs.field(validator=text)
    value: int

    def __attrs_post_init__(self) -> None:
        value: object = self.value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidRiskError(
                field="value",
                value=value,
                expected="a whole number of 1 or more",
                subject=f"Level {self.label!r}",
            )


def _levels(levels: Iterable[Level | tuple[str, int]]) -> tuple[Level, ...]:
    result = []
    for level in iterable(levels, "levels"):
        if isinstance(level, Level):
            result.append(level)
        elif isinstance(level, tuple) and len(level) == 2:  # noqa: PLR2004
            result.append(Level(*level))
        else:
            raise ValueTypeError(field="level", value=level, expected="a Level or (label, value)")
    return tuple(result)


@attrs.frozen
class LevelScale:
    """An ordered scale of levels with labels and numeric values (lowest first).

    ```pycon
    >>> impact = LevelScale("impact", [("Minor", 1), ("Serious", 2), ("Major", 4), ("Extreme", 8)])
    >>> impact.resolve("extreme"), impact.resolve(2)
    (Level(label='Extreme', value=8), Level(label='Serious', value=2))

    ```
    """

    name: str = attrs.field(validator=text)
    levels: tuple[Level, ...] = attrs.field(converter=_levels)

    def __repr__(self) -> str:
        ends = f"{self.levels[0].label} to {self.levels[-1].label}"
        return f"LevelScale({brief(self.name, 30)}, {counted(len(self.levels), 'level')}: {ends})"

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise InvalidRiskError(field=f"{self.name} scale", expected="at least one level")
        values = [level.value for level in self.levels]
        if values != sorted(set(values)):
            raise InvalidRiskError(
                field=f"{self.name} scale values",
                value=values,
                expected="strictly increasing values",
            )
        labels = [level.label.casefold() for level in self.levels]
        if len(set(labels)) != len(labels):
            raise InvalidRiskError(
                "level labels must be unique",
                field=f"{self.name} scale labels",
                value=[level.label for level in self.levels],
                expected="unique labels",
            )

    def resolve(self, level: int | str, *, where: str = "") -> Level:
        """The level with this value (``3``) or label (``"Possible"``, any case)."""
        known = ", ".join(f"{lvl.label} {lvl.value}" for lvl in self.levels)
        given: object = level
        if isinstance(given, str):
            wanted = given.strip().casefold()
            for candidate in self.levels:
                if candidate.label.casefold() == wanted:
                    return candidate
            if _DIGITS.fullmatch(wanted):  # ASCII digits only: '²' is a digit to str.isdigit
                return self.resolve(int(wanted), where=where)
        elif isinstance(given, int) and not isinstance(given, bool):
            for candidate in self.levels:
                if candidate.value == given:
                    return candidate
        raise InvalidRiskError(
            field=self.name, value=level, expected=f"one of {known}", subject=where or None
        )


_DIGITS = re.compile(r"[0-9]{1,9}")


class ScoreRule(Choice):
    """How a likelihood and an impact make a score.

    ```pycon
    >>> ScoreRule.PRODUCT.apply(3, 4), ScoreRule("sum").apply(3, 4)
    (12, 7)

    ```
    """

    PRODUCT = "product"
    SUM = "sum"

    def apply(self, likelihood: int, impact: int) -> int:
        """The score of one likelihood and impact value."""
        whole(likelihood, "likelihood", low=1)
        whole(impact, "impact", low=1)
        return likelihood * impact if self is ScoreRule.PRODUCT else likelihood + impact


@attrs.frozen
class RatingBand:
    """Scores from ``low`` to ``high`` (both included) are rated ``status``.

    ```pycon
    >>> amber = RatingBand(6, 12, Status.AMBER)
    >>> 8 in amber, 16 in amber
    (True, False)

    ```
    """

    low: int = attrs.field(validator=integer)
    high: int = attrs.field(validator=integer)
    status: Status = attrs.field(validator=of(Status))

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise InvalidRiskError(
                "the low end exceeds the high end",
                field="rating band",
                value=(self.low, self.high),
                expected="low <= high",
            )

    def __contains__(self, score: object) -> bool:
        return isinstance(score, int) and self.low <= score <= self.high


def _bands(bands: Iterable[RatingBand]) -> tuple[RatingBand, ...]:
    return as_tuple(bands, RatingBand, "bands")


@attrs.frozen
class RiskMatrix:
    """A likelihood x impact matrix with rating bands.

    ```pycon
    >>> city = RiskMatrix.city_of_london()
    >>> city.score("Possible", "Extreme"), city.rating(16)
    (24, <Status Red (RAG)>)
    >>> city.reachable_scores
    (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)

    ```
    """

    likelihood: LevelScale = attrs.field(validator=of(LevelScale))
    impact: LevelScale = attrs.field(validator=of(LevelScale))
    bands: tuple[RatingBand, ...] = attrs.field(converter=_bands)
    rule: ScoreRule = attrs.field(default=ScoreRule.PRODUCT, validator=of(ScoreRule))
    name: str = attrs.field(default="", validator=text)

    def __repr__(self) -> str:
        size = f"{len(self.likelihood.levels)}x{len(self.impact.levels)}"
        name = f"{brief(self.name, 40)}, " if self.name else ""
        return f"RiskMatrix({name}{size}, {counted(len(self.bands), 'band')})"

    def __attrs_post_init__(self) -> None:
        problems = []
        for score in self.reachable_scores:
            covering = [band for band in self.bands if score in band]
            if len(covering) != 1:
                what = "no band" if not covering else f"{len(covering)} bands"
                problems.append(f"score {score} is reachable but in {what}")
        if problems:
            raise InvalidRiskError(
                "; ".join(problems),
                field="rating bands",
                expected="each reachable score in exactly one band",
                subject=self.name or "the matrix",
            )
        scales = sorted({band.status.scale for band in self.bands})
        if len(scales) > 1:
            raise InvalidRiskError(
                "statuses of several scales",
                field="rating bands",
                value=scales,
                expected="statuses of one scale",
            )

    @property
    def reachable_scores(self) -> tuple[int, ...]:
        """Every score some likelihood and impact produce, ascending."""
        return tuple(
            sorted(
                {
                    self.rule.apply(lk.value, im.value)
                    for lk in self.likelihood.levels
                    for im in self.impact.levels
                }
            )
        )

    def score(self, likelihood: int | str, impact: int | str, *, where: str = "") -> int:
        """The score of a likelihood and an impact, each a value or a label."""
        lk = self.likelihood.resolve(likelihood, where=where)
        im = self.impact.resolve(impact, where=where)
        return self.rule.apply(lk.value, im.value)

    def rating(self, score: int, *, where: str = "") -> Status:
        """The rating of a score; a score the matrix cannot produce is an error."""
        if isinstance(score, bool) or not isinstance(score, int):
            raise InvalidRiskError(
                field="score",
                value=score,
                expected="a whole number",
                subject=where or None,
            )
        if score not in self.reachable_scores:
            scores = ", ".join(map(str, self.reachable_scores))
            raise InvalidRiskError(
                f"this matrix can only produce {scores}",
                field="score",
                value=score,
                expected=f"one of {scores}",
                subject=where or None,
            )
        return next(band.status for band in self.bands if score in band)

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        path: Sequence[str | int] = (),
        scales: Mapping[str, Scale] | None = None,
    ) -> RiskMatrix:
        """A matrix from plain data, as a TOML rules file holds it.

        Either ``{"preset": "city of london"}`` (or ``"nhs 5x5"``), or
        ``likelihood`` and ``impact`` (each a list of levels lowest first: a
        label valued by its position from 1, or a table with ``label`` and
        ``value``; or a table with a ``name`` such as ``"consequence"`` and
        ``levels``), ``score`` (``"product"``, the default, or ``"sum"``),
        ``bands`` (tables of ``low``, ``high`` and ``status``), ``scale`` (the
        bands' status scale: a preset name, ``"NHS risk"``, a name in
        ``scales``, or a scale table; RAG by default) and an optional ``name``.

        ```pycon
        >>> matrix = RiskMatrix.from_dict({
        ...     "name": "Council 3x3",
        ...     "likelihood": ["Unlikely", "Possible", "Likely"],
        ...     "impact": [{"label": "Minor", "value": 1}, {"label": "Major", "value": 3}],
        ...     "bands": [
        ...         {"low": 1, "high": 2, "status": "Green"},
        ...         {"low": 3, "high": 4, "status": "Amber"},
        ...         {"low": 6, "high": 9, "status": "Red"},
        ...     ],
        ... })
        >>> matrix.score("Likely", "Major"), matrix.rating(6)
        (9, <Status Red (RAG)>)

        ```

        Raises:
            InvalidRulesError: listing every bad entry with its key path.
        """
        from kpirag.risk._plain import matrix_from_dict  # noqa: PLC0415 - it imports this module

        return matrix_from_dict(data, key_path(path), scales)

    @classmethod
    def city_of_london(cls) -> RiskMatrix:
        """4x4: likelihood 1-4, impact 1, 2, 4, 8; Green 1-4, Amber 6-12, Red 16-32."""
        return cls(
            LevelScale(
                "likelihood", [("Rare", 1), ("Unlikely", 2), ("Possible", 3), ("Likely", 4)]
            ),
            LevelScale("impact", [("Minor", 1), ("Serious", 2), ("Major", 4), ("Extreme", 8)]),
            [
                RatingBand(1, 4, Status.GREEN),
                RatingBand(6, 12, Status.AMBER),
                RatingBand(16, 32, Status.RED),
            ],
            name="City of London 4x4",
        )

    @classmethod
    def nhs_5x5(cls) -> RiskMatrix:
        """5x5 likelihood x consequence: low 1-3, moderate 4-6, high 8-12, extreme 15-25."""
        low, moderate, high, extreme = NHS_RISK_SCALE.levels
        return cls(
            LevelScale(
                "likelihood",
                [
                    ("Rare", 1),
                    ("Unlikely", 2),
                    ("Possible", 3),
                    ("Likely", 4),
                    ("Almost certain", 5),
                ],
            ),
            LevelScale(
                "consequence",
                [
                    ("Negligible", 1),
                    ("Minor", 2),
                    ("Moderate", 3),
                    ("Major", 4),
                    ("Catastrophic", 5),
                ],
            ),
            [
                RatingBand(1, 3, low),
                RatingBand(4, 6, moderate),
                RatingBand(8, 12, high),
                RatingBand(15, 25, extreme),
            ],
            name="NHS 5x5",
        )


NHS_RISK_SCALE = Scale.define(
    "NHS risk",
    ["Low", "Moderate", "High", "Extreme"],
    abbreviations=["L", "M", "H", "E"],
    colours=["#c6efce", "#ffeb9c", "#ffd0a6", "#ffc7ce"],
)
"""The four-level scale of the NHS-style 5x5 matrix."""


class RiskState(Choice):
    """Whether a risk is still on the register.

    ```pycon
    >>> RiskState("Closed")
    <RiskState.CLOSED: 'closed'>

    ```
    """

    OPEN = "open"
    CLOSED = "closed"


class RiskTrend(Choice):
    """How a risk's score moved since the last report (up is worse).

    ```pycon
    >>> moved = Risk("R1", "x", score=8, previous_score=12)
    >>> str(RiskRegister(RiskMatrix.city_of_london(), [moved]).assess()[0].trend)
    'down'

    ```
    """

    UP = "up"
    DOWN = "down"
    UNCHANGED = "unchanged"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(init=False)
class Risk:
    """A risk register entry.

    Give ``likelihood`` and ``impact`` (values or labels), a bare ``score``,
    or all three; the register computes the score from the levels and checks
    any published score against it, naming both.

    ```pycon
    >>> Risk("DCCS HS 003", "Fire safety", "Possible", "Major", score=12).target_date is None
    True
    >>> RiskRegister(RiskMatrix.city_of_london(), [Risk("X", "t", 3, "Major", score=16)])
    Traceback (most recent call last):
    ...
    kpirag.errors.RiskRegisterError: Risk 'X': Invalid score 16: the published score differs:
    likelihood Possible (3) and impact Major (4) give 12

    ```

    Attributes:
        code: the register's code, e.g. ``"DCCS HS 003"``.
        title: the risk's name.
        likelihood: the current likelihood, a value or a label.
        impact: the current impact, a value or a label.
        score: the current score, when likelihood and impact are not given.
        target_score: the score the actions aim for.
        target_date: when the target should be reached (text is read day first).
        owner: who owns it.
        state: open or closed.
        previous_score: the score at the last report, for the trend.
    """

    code: str
    title: str
    likelihood: int | str | None = None
    impact: int | str | None = None
    score: int | None = None
    target_score: int | None = None
    target_date: dt.date | None = None
    owner: str = ""
    state: RiskState = RiskState.OPEN
    previous_score: int | None = None

    def __repr__(self) -> str:
        if self.score is not None:
            judged = f"score {self.score}"
        elif self.likelihood is not None or self.impact is not None:
            judged = f"{self.likelihood} x {self.impact}"
        else:
            judged = "no score"
        return (
            f"Risk({brief(self.code, 20)}, {brief(self.title, 36)}, {judged}, {self.state.value})"
        )

    def __init__(  # noqa: PLR0917 - the fields, in the order a register lists them
        self,
        code: str,
        title: str,
        likelihood: int | str | None = None,
        impact: int | str | None = None,
        score: int | None = None,
        target_score: int | None = None,
        target_date: dt.date | str | None = None,
        owner: str = "",
        state: RiskState = RiskState.OPEN,
        previous_score: int | None = None,
    ) -> None:
        """Build a risk; a target date given as text is read day first."""
        for field, given in (("code", code), ("title", title), ("owner", owner)):
            if not isinstance(given, str):
                raise ValueTypeError(field=f"risk {field}", value=given, expected="text")
        if not isinstance(state, RiskState):
            raise ValueTypeError(
                field="state", value=state, expected="a RiskState", subject=f"Risk {code!r}"
            )
        try:
            day = None if target_date is None else parse_date(target_date, field="target date")
        except KpiragError as exc:
            error = InvalidRiskError(
                exc.reason, field=exc.field, expected=exc.expected, subject=f"Risk {code!r}"
            )
            error.value, error.has_value = exc.value, exc.has_value
            raise error from exc
        self.__attrs_init__(
            code, title, likelihood, impact, score, target_score, day, owner, state, previous_score
        )

    def __attrs_post_init__(self) -> None:
        where = f"Risk {self.code!r}"
        if not self.code.strip():
            raise InvalidRiskError(
                field="risk code", value=self.code, expected="a code such as 'DCCS HS 003'"
            )
        if (self.likelihood is None) != (self.impact is None):
            raise InvalidRiskError(
                "give both, or neither and a score",
                field="likelihood/impact",
                value=(self.likelihood, self.impact),
                expected="both or neither",
                subject=where,
            )
        if self.likelihood is None and self.score is None and self.state is RiskState.OPEN:
            raise InvalidRiskError(
                "an open risk needs a score or likelihood and impact",
                field="score",
                value=None,
                expected="a score, or likelihood and impact",
                subject=where,
            )
        for field in ("score", "target_score", "previous_score"):
            value = getattr(self, field)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueTypeError(
                    field=field, value=value, expected="a whole number", subject=where
                )


@attrs.frozen
class AssessedRisk:
    """A risk scored and rated on its register's matrix.

    ```pycon
    >>> register = RiskRegister(RiskMatrix.city_of_london(), [Risk("R1", "x", "Likely", "Extreme")])
    >>> assessed = register.assess()[0]
    >>> assessed.score, assessed.rating
    (32, <Status Red (RAG)>)

    ```

    Attributes:
        risk: the entry.
        score: the current score (``None`` only for a closed risk recorded without one).
        rating: the rating of the score (N/A without a score).
        trend: the move since the previous score, if one was given.
        overdue: whether the target date has passed with the target not met
            (``None`` without an as-of date or a target date).
        versus_target: ``"above"``, ``"at"`` or ``"below"`` the target score.
    """

    risk: Risk
    score: int | None
    rating: Status
    trend: RiskTrend | None
    overdue: bool | None
    versus_target: str | None

    def __repr__(self) -> str:
        score = "no score" if self.score is None else f"score {self.score}"
        overdue = ", overdue" if self.overdue else ""
        return f"AssessedRisk({brief(self.risk.code, 20)}, {score}, {self.rating}{overdue})"

    @property
    def status(self) -> Status:
        """The rating (so registers can be summarised like KPIs)."""
        return self.rating


W = TypeVar("W")


def _against(score: int, other: int | None, words: tuple[W, W, W]) -> W | None:
    """``words`` (above, at, below) for ``score`` against ``other``; ``None`` without ``other``."""
    if other is None:
        return None
    return words[0] if score > other else words[2] if score < other else words[1]


def _risks(risks: Iterable[Risk]) -> tuple[Risk, ...]:
    return as_tuple(risks, Risk, "risks")


@attrs.frozen(repr=False)
class RiskRegister:
    """Risks scored on one matrix. Every problem is reported at once, naming the risk code.

    ```pycon
    >>> register = RiskRegister(RiskMatrix.city_of_london(), [
    ...     Risk("R1", "Lone working", score=16, target_date="30/09/17"),
    ...     Risk("R2", "Fire risk assessments", likelihood="Possible", impact="Major"),
    ... ])
    >>> [(r.risk.code, r.score, str(r.rating)) for r in register.assess()]
    [('R1', 16, 'Red'), ('R2', 12, 'Amber')]
    >>> register
    RiskRegister(2 risks (2 open, 0 closed), City of London 4x4)

    ```
    """

    matrix: RiskMatrix = attrs.field(validator=of(RiskMatrix))
    risks: tuple[Risk, ...] = attrs.field(converter=_risks)

    def __attrs_post_init__(self) -> None:
        errors: list[KpiragError] = []
        codes = Counter(risk.code for risk in self.risks)
        errors += [
            InvalidRiskError("duplicate code", value=code, subject=f"Risk {code!r}")
            for code, n in codes.items()
            if n > 1
        ]
        for risk in self.risks:
            for field in ("score", "target_score", "previous_score"):
                try:
                    if field == "score":
                        self._score(risk)
                    elif getattr(risk, field) is not None:
                        self.matrix.rating(getattr(risk, field))
                except KpiragError as exc:
                    if exc.field == "score":
                        exc.field = field
                    exc.subject = f"Risk {risk.code!r}"
                    errors.append(exc)
        if errors:
            raise RiskRegisterError(errors)

    def __repr__(self) -> str:
        closed = sum(risk.state is RiskState.CLOSED for risk in self.risks)
        count = len(self.risks)
        name = self.matrix.name or "a custom matrix"
        return (
            f"RiskRegister({count} risk{'s' if count != 1 else ''}"
            f" ({count - closed} open, {closed} closed), {name})"
        )

    def _score(self, risk: Risk) -> int | None:
        where = f"Risk {risk.code!r}"
        if risk.likelihood is not None and risk.impact is not None:
            lk = self.matrix.likelihood.resolve(risk.likelihood, where=where)
            im = self.matrix.impact.resolve(risk.impact, where=where)
            score = self.matrix.rule.apply(lk.value, im.value)
            if risk.score is not None and risk.score != score:
                raise InvalidRiskError(
                    f"the published score differs: {self.matrix.likelihood.name} {lk.label} "
                    f"({lk.value}) and {self.matrix.impact.name} {im.label} ({im.value}) "
                    f"give {score}",
                    field="score",
                    value=risk.score,
                    expected=str(score),
                    subject=where,
                )
            return score
        if risk.score is not None:
            self.matrix.rating(risk.score, where=where)
        return risk.score

    def assess(self, *, as_of: dt.date | str | None = None) -> tuple[AssessedRisk, ...]:
        """Every open risk scored and rated, highest score first, then by code."""
        return self._assessed(RiskState.OPEN, as_of)

    def closed(self) -> tuple[AssessedRisk, ...]:
        """The closed risks, listed apart."""
        return self._assessed(RiskState.CLOSED, None)

    def summary(self) -> Summary:
        """Counts of open risks by rating."""
        return summarise(self.assess())

    def _assessed(self, state: RiskState, as_of: dt.date | str | None) -> tuple[AssessedRisk, ...]:
        day = None if as_of is None else parse_date(as_of, field="as-of date")
        result = []
        for risk in self.risks:
            if risk.state is not state:
                continue
            score = self._score(risk)
            if score is None:
                result.append(AssessedRisk(risk, None, Status.NOT_RATED, None, None, None))
                continue
            moved = (RiskTrend.UP, RiskTrend.UNCHANGED, RiskTrend.DOWN)
            trend = _against(score, risk.previous_score, moved)
            versus = _against(score, risk.target_score, ("above", "at", "below"))
            overdue = None
            if day is not None and risk.target_date is not None:
                overdue = day > risk.target_date and versus in {None, "above"}
            result.append(
                AssessedRisk(risk, score, self.matrix.rating(score), trend, overdue, versus)
            )
        return tuple(sorted(result, key=lambda r: (-(r.score or 0), r.risk.code)))

    def _repr_html_(self) -> str:
        """This register as an HTML fragment with a small chart (a table without matplotlib)."""
        try:
            from kpirag.plot import register_html  # noqa: PLC0415 - an adapter up to the plot layer
        except ImportError:  # no matplotlib: the table alone
            from kpirag.report import html_of  # noqa: PLC0415

            return html_of(self)
        return register_html(self)
