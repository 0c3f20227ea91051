"""Flat records (one dict of text per row) to and from KPIs, risks and budget lines.

The CSV, TOML and JSON loaders all read rows into records of column name to
text, and all writers write them; this module turns records into domain
objects and back, with no I/O. Each problem is a ``FieldProblem`` naming
the column, the value and what was expected, so a loader can add the file and
line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from kpirag._validate import instance, iterable, shown
from kpirag.budget import BudgetLevel, BudgetLine, LineKind
from kpirag.errors import (
    FieldProblem,
    InvalidValueError,
    KpiragError,
    RecordError,
    UnitMismatchError,
    ValueTypeError,
)
from kpirag.kpi import (
    KPI,
    UNIT_FORMS,
    Bands,
    Cohort,
    Distribution,
    Figure,
    Frequency,
    Measure,
    NotRated,
    Observation,
    Part,
    Profile,
    Rollup,
    RollupKind,
    Unit,
    looks_like_fractions,
    parse_date,
    read_unit,
)
from kpirag.risk import Risk, RiskMatrix, RiskState
from kpirag.rules import (
    CURRENCIES,
    Direction,
    Operator,
    Scheme,
    Status,
    Target,
    Tolerance,
    format_decimal,
    parse_quantity,
    to_decimal,
)

if TYPE_CHECKING:
    from kpirag.io._rules import KPIRule, Rules

__all__ = [
    "BUDGET_COLUMNS",
    "DEFINITION_COLUMNS",
    "KPI_COLUMNS",
    "KPI_ID_ALIAS",
    "OBSERVATION_COLUMNS",
    "RISK_COLUMNS",
    "budget_line_from_record",
    "kpi_from_records",
    "records_from_budget_line",
    "records_from_kpi",
    "records_from_risk",
    "risk_from_record",
]

KPI_COLUMNS: Mapping[str, str] = {
    "id": "the KPI's id, e.g. 1.5 (required); rows of one composite KPI share it",
    "title": "what is measured, as the report words it (required; formerly 'measure')",
    "target": "the target as written: <43, 75%, 2,000, 95%-105% (required; empty: not rated)",
    "value": "the figure: 46, 69%, 2,000 (required column; empty: not rated, or use "
    "numerator/denominator or counts)",
    "better": "higher or lower, for a bare-number target",
    "tolerance": "this KPI's tolerance: 10% (relative), 5pt (absolute) or none",
    "recorded": "the status the report published: Green, A, Red, N/A ... (formerly 'reported')",
    "override": "why the reported status replaces the computed one",
    "theme": "the priority objective or theme",
    "unit": "count, percent, ratio, score, days or money; or the unit word of target and "
    "value (jobs, weeks, tonnes)",
    "fraction": "true when bare figures are fractions of 1 (0.69 means 69%), false when they are "
    "percentages; needed when every figure lies between 0 and 1 against a target above 1%",
    "frequency": "monthly, quarterly or annual",
    "previous": "the comparison period's figure, for direction of travel",
    "numerator": "a cohort's numerator (with denominator)",
    "denominator": "a cohort's denominator (with numerator)",
    "counts": "band counts separated by semicolons: 4;1;7;0;0 (with bands and band)",
    "bands": "the band preset for counts: durations",
    "band": "the band whose share the target is on: 2 years +",
    "profile": "linear, or per-quarter percentages such as 0;25;25;50",
    "cumulative": "true (year to date, the default) or false (the period alone)",
    "part": "the part's name, on each row of a composite KPI",
    "rollup": "a composite's rule: worst, primary:<part>, majority or majority:better",
    "reason": "why the KPI is not rated (Annual, Working with provider to set target ...)",
    "label": "the target as the report shows it",
    "display": "the figure as the report shows it",
    "commentary": "reasons for performance",
    "actions": "actions planned",
}
"""Every KPI column and what it holds; ``id``, ``title``, ``target``, ``value`` are required."""

KPI_REQUIRED = ("id", "title", "target", "value")

OBSERVATION_COLUMNS: Mapping[str, str] = {
    "id": "the KPI's id, as in the definitions file (or kpi_id; required)",
    "period": "the period of the figure: 2017/18, Q1 2017/18, Apr 2017 or 2017-04",
    **{
        name: KPI_COLUMNS[name]
        for name in (
            "value", "previous", "recorded", "override", "reason", "numerator", "denominator",
            "counts", "display", "commentary", "actions",
        )
    },
}  # fmt: skip
"""The columns of a tidy observations file (one row per KPI and period); ``id`` is required."""

OBSERVATION_REQUIRED = ("id",)

DEFINITION_COLUMNS: Mapping[str, str] = {
    name: text for name, text in KPI_COLUMNS.items() if name not in OBSERVATION_COLUMNS
} | {"id": KPI_COLUMNS["id"]}
"""The columns of a definitions file: a KPI file's, without the figures; ``id`` is required."""

DEFINITION_REQUIRED = ("id", "target")

KPI_ALIASES: Mapping[str, str] = {"measure": "title", "reported": "recorded"}
"""Other KPI column names still read, and their names (see ``KPI_OLD_NAMES``)."""

KPI_OLD_NAMES = frozenset({"reported"})
"""The aliases that are old names: reading one warns that it will stop working.

``measure`` is not one: kpirag's own tables head the title column ``Measure``.
"""

KPI_WRITTEN: Mapping[str, str] = {
    "status": "the status shown, as kpirag evaluate writes it: read back beside recorded, "
    "and worked out again",
    "explanation": "the rule's workings, as kpirag evaluate writes them: worked out again",
}
"""Columns ``kpirag evaluate`` writes besides ``KPI_COLUMNS``: read back, not needed."""

KPI_ID_ALIAS = "kpi_id"
"""Another name for the KPI id column ``id``, read without a warning in every file.

``id`` is the name in KPI files, definitions files and what kpirag writes;
``kpi_id`` (the name frames use by default) is read as ``id`` everywhere, and
frames read an ``id`` column when they have no ``kpi_id``.
"""

RISK_COLUMNS: Mapping[str, str] = {
    "code": "the risk's code, e.g. DCCS HS 003 (required)",
    "title": "the risk's name (required)",
    "likelihood": "a likelihood value or label (with impact)",
    "impact": "an impact value or label (with likelihood)",
    "score": "the score, when likelihood and impact are not given",
    "target_score": "the score the actions aim for",
    "target_date": "when, day first: 30/09/17",
    "owner": "who owns the risk",
    "state": "open (the default) or closed",
    "previous_score": "the score at the last report, for the trend",
}
"""Every risk column. ``code`` and ``title`` are required, with a score or likelihood and impact."""

RISK_REQUIRED = ("code", "title")

BUDGET_COLUMNS: Mapping[str, str] = {
    "name": "the division or line (required)",
    "category": "e.g. Local risk or Central risk",
    "budget": "the budget: 6,974 or (1,230) (required)",
    "projected": "the projected outturn (required)",
    "actual": "spend to date",
    "unit": "the unit of every amount, £'000 by default",
    "kind": "net expenditure (the default) or income",
    "level": "service (the default), directorate (a published subtotal) or total (the grand total)",
    "group": "a service line's directorate: the name of its subtotal line",
    "recorded": "the status the report published: Green, A, Red ...",
    "status": "the same as recorded (either column, not both)",
}
"""Every budget column. ``name``, ``budget`` and ``projected`` are required."""

BUDGET_REQUIRED = ("name", "budget", "projected")


MAX_INTEGER_DIGITS = 18
"""The most digits a whole-number cell (a risk score, a likelihood) may have."""

_WHOLE = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit accepts '²'

T = TypeVar("T")
E = TypeVar("E")
D = TypeVar("D")


def check_record(record: object, field: str = "record") -> Mapping[str, str]:
    """``record`` if it maps column names (text) to cells (text or ``None``), else our error."""
    expected = "a mapping of column names to text"
    if not isinstance(record, Mapping):
        raise ValueTypeError(field=field, value=record, expected=expected)
    for column, value in record.items():
        if not isinstance(column, str) or not (value is None or isinstance(value, str)):
            raise ValueTypeError(
                f"column {shown(column)} holds {shown(value)}",
                field=field,
                value=record,
                expected=expected,
            )
    return record


class _Fields:
    """Reads typed fields from one record, collecting problems instead of stopping."""

    def __init__(
        self, record: Mapping[str, str], row: int = 0, required: Iterable[str] = ()
    ) -> None:
        check_record(record)
        self.values = {column: (value or "").strip() for column, value in record.items()}
        self.row = row
        self.problems: list[FieldProblem] = []
        self.with_unit = False
        for column in required:
            if not self.text(column):
                self.problem(column, "required")

    def text(self, column: str) -> str:
        return self.values.get(column, "")

    def problem(self, column: str, message: str) -> None:
        self.problems.append(FieldProblem(column, self.text(column), message, self.row))

    def parse(self, column: str, reader: Callable[[str], T]) -> T | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return reader(text)
        except RecordError as exc:  # the reader's own refusal names the cell: keep only why
            for problem in exc.problems:
                self.problem(column, problem.message)
            return None
        except KpiragError as exc:
            self.problem(column, str(exc))
            return None

    def choice(self, column: str, enum: Iterable[E], default: D) -> E | D:
        text = self.text(column).casefold()
        if not text:
            return default
        for member in enum:
            if text == str(getattr(member, "value", member)).casefold():
                return member
        names = ", ".join(str(getattr(m, "value", m)) for m in enum)
        self.problem(column, f"expected one of {names}")
        return default

    def integer(self, column: str) -> int | None:
        text = self.text(column)
        if not text:
            return None
        if len(text) > MAX_INTEGER_DIGITS or not _WHOLE.fullmatch(text):
            self.problem(column, f"expected a whole number of at most {MAX_INTEGER_DIGITS} digits")
            return None
        return int(text)

    def amount(self, column: str) -> Decimal | None:
        """A budget amount: a number (``6,974``, ``(1,230)``), not a percentage."""
        text = self.text(column)
        if "%" in text:
            self.problem(column, "expected an amount, not a percentage")
            return None
        return self.parse(column, lambda given: to_decimal(given, field=column))

    def date(self, column: str) -> dt.date | None:
        """A date, day first; text that no calendar holds is a problem, never a crash."""
        try:
            return self.parse(column, lambda text: parse_date(text, field=column))
        except (ArithmeticError, ValueError, OverflowError):
            # dateutil can fail on absurd text (``11111111111111111111m``) with its own errors.
            self.problem(column, "expected a date, day first, such as 30/09/17")
        return None

    def boolean(self, column: str, *, default: bool) -> bool:
        text = self.text(column).casefold()
        if not text:
            return default
        if text in {"true", "yes", "y", "1"}:
            return True
        if text in {"false", "no", "n", "0"}:
            return False
        self.problem(column, "expected true or false")
        return default

    def done(self) -> None:
        if self.problems:
            raise RecordError(self.problems)


def _refused(column: str, value: str, message: str, row: int = 0) -> RecordError:
    """The error of a record with one problem, at ``column`` of its ``row``."""
    return RecordError([FieldProblem(column, value, message, row)])


_NOT_RATED_WORDS = (
    ("annual", NotRated.NOT_DUE),
    ("not due", NotRated.NOT_DUE),
    ("later quarter", NotRated.NOT_DUE),
    ("data only", NotRated.FOR_INFORMATION),
    ("information", NotRated.FOR_INFORMATION),
    ("suppress", NotRated.SUPPRESSED),
    ("no cases", NotRated.NO_CASES),
    ("no data", NotRated.NO_DATA),
    ("tbc", NotRated.NO_TARGET),
)


def not_rated_reason(reason: str, default: NotRated) -> NotRated:
    wanted = reason.casefold()
    for words, kind in _NOT_RATED_WORDS:
        if words in wanted:
            return kind
    return default


def _rollup(text: str) -> Rollup:
    kind, _, argument = text.partition(":")
    kind = kind.strip().casefold()
    if kind == RollupKind.WORST.value and not argument:
        return Rollup.worst()
    if kind == RollupKind.PRIMARY.value and argument.strip():
        return Rollup.primary(argument.strip())
    if kind == RollupKind.MAJORITY.value:
        return Rollup.majority(tie=argument.strip().casefold() or "worse")
    raise _refused("rollup", text, "expected worst, primary:<part>, majority or majority:better")


def _rollup_text(rollup: Rollup) -> str:
    if rollup.kind is RollupKind.PRIMARY:
        return f"primary:{rollup.primary_part}"
    if rollup.kind is RollupKind.MAJORITY:
        return "majority" if rollup.tie == "worse" else "majority:better"
    return "worst"


def _profile(text: str) -> Profile:
    if text.strip().casefold() == "linear":
        return Profile.linear(4)
    if text.strip().casefold() == "monthly":
        return Profile.linear(12)
    return Profile.percentages([share.strip() for share in text.split(";")])


def _profile_text(profile: Profile) -> str:
    if profile == Profile.linear(4):
        return "linear"
    if profile == Profile.linear(12):
        return "monthly"
    try:
        return ";".join(format_decimal(to_decimal(w * 100)) for w in profile.weights)
    except KpiragError as exc:  # a share with no terminating decimal, such as 100/3
        message = "a weight has no exact percentage to write"
        raise _refused("profile", str(exc.value), message) from exc


def _bands(text: str) -> Bands:
    if text.strip().casefold() == "durations":
        return Bands.durations()
    raise _refused("bands", text, "expected a preset: durations")


def _tolerance_scheme(text: str, rule: KPIRule | None = None) -> Scheme:
    tolerance = Tolerance.parse(text)
    return Scheme.standard(tolerance) if rule is None else rule.scheme_for_tolerance(tolerance)


def _scheme_text(scheme: Scheme) -> str:
    if scheme == Scheme.standard(Tolerance.none()):
        return "none"
    if len(scheme.steps) == 1 and scheme == Scheme.standard(scheme.steps[0].within):
        return str(scheme.steps[0].within)
    message = "only standard Green/Amber/Red schemes can be written"
    raise _refused("tolerance", repr(scheme), message)


def _figure(text: str, unit: str | None, *, judged: bool = True) -> tuple[Figure, bool]:
    """A plain value, and whether it was written with a unit (``103 jobs``).

    Read by ``Figure.parse``, as Python reads it; the unit must be the
    target's (or the KPI's declared unit word), checked here so that a
    mismatch is a problem with its line and column.
    """
    figure = Figure.parse(text)
    if figure.unit is None:
        return figure, False
    if not judged:  # no target yet: the KPI is not rated, as Python and frames say
        return figure, True
    if unit is None:
        _unitless_target(text, "figure")  # raises: the figure has a unit, the target none
    parse_quantity(text, unit=unit, field="figure")  # a unit that is not the target's
    return figure, True


def _unitless_target(text: str, field: str) -> None:
    """Raise a ``UnitMismatchError`` if ``text`` is a figure with a unit (``12 weeks``).

    Called for a figure whose target (and KPI) has no unit; other text is left alone.
    """
    try:
        found = parse_quantity(text, field=field).unit
    except KpiragError:
        return
    if found is not None:
        example = f"<={found}30" if found in CURRENCIES else f"<=30 {found}"
        raise UnitMismatchError(
            f"its unit is {found!r}, but the target has no unit word: give the unit in the "
            f"target (such as '{example}') or the unit column, or write the figure without it",
            field=field,
            value=text,
            expected="a number in the target's unit",
        )


def read_previous(text: str, unit: str | None, *, percent: bool = False) -> Decimal:
    """The previous figure: a number, or one with the target's unit (``10.2 days``, ``85%``).

    A figure in another unit (``85%`` or ``£85`` against ``<=60 weeks``) is refused, as
    ``evaluate_kpi`` refuses it.
    """
    try:
        number = to_decimal(text, field="previous")
    except KpiragError as plain:
        if unit is None:
            _unitless_target(text, "previous")
            raise
        try:
            return parse_quantity(text, unit=unit, field="previous").number
        except UnitMismatchError:
            raise
        except KpiragError:
            raise plain from None
    try:
        found = parse_quantity(text, field="previous")
    except KpiragError:
        return number  # a form only to_decimal reads: it has no unit
    written = "%" if found.percent else found.unit
    if written not in {None, unit, "%" if percent else None}:
        figures = "have no unit" if unit is None and not percent else f"are in {unit or '%'!r}"
        raise UnitMismatchError(
            f"its unit is {written!r}, but the target's figures {figures}",
            field="previous",
            value=text,
            expected="a number in the target's unit",
        )
    return number


def _measure(fields: _Fields, unit: str | None = None, *, judged: bool = True) -> Measure | None:
    """The figure of one row: a plain value, a cohort, or band counts."""
    numerator, denominator = fields.text("numerator"), fields.text("denominator")
    counts = fields.text("counts")
    try:
        if numerator or denominator:
            if not (numerator and denominator):
                fields.problem(
                    "numerator" if not numerator else "denominator",
                    "a cohort needs both numerator and denominator",
                )
                return None
            return Cohort(numerator, denominator)
        if counts:
            bands = fields.parse("bands", _bands) or Bands.durations()
            band = fields.text("band")
            if not band:
                fields.problem("band", "band counts need the band the target is on")
                return None
            return Distribution(bands, [c.strip() for c in counts.split(";")], band)
        if fields.text("value"):
            figure, fields.with_unit = _figure(fields.text("value"), unit, judged=judged)
            return figure
    except KpiragError as exc:
        column = "counts" if counts else "numerator" if numerator else "value"
        fields.problem(column, str(exc))
    return None


def _target(
    fields: _Fields,
    unit: str | None = None,
    *,
    better: Direction | None = None,
    default: Direction | None = None,
) -> Target | None:
    """The row's target; a bare number takes ``better`` (the row's), else ``default``.

    A bare number with neither is a problem: which way is better is never guessed.
    """
    text = fields.text("target")
    if not text:
        return None
    try:
        target = Target.parse(text, better=better, unit=unit)
        if better is None and _bare(text, unit, target):
            if default is None:
                fields.problem("target", _unsaid_direction(text))
                return None
            target = Target.parse(text, better=default, unit=unit)
    except KpiragError as exc:
        fields.problem("target", str(exc))
        return None
    return target


_OPERATOR_SIGNS = frozenset("<>=≤≥")


def _bare(text: str, unit: str | None, target: Target) -> bool:
    """Whether target text (read as ``target``) is a bare number: either direction reads it."""
    first = text.lstrip()[:1]
    if target.operator is not Operator.AT_LEAST or first in _OPERATOR_SIGNS or first.isalpha():
        return False  # an operator (>=, at least, A minimum of) leads: not bare
    try:
        return Target.parse(text, better=Direction.LOWER, unit=unit).operator is Operator.AT_MOST
    except KpiragError:
        return False


def _unsaid_direction(text: str) -> str:
    """The problem with a bare target number, and the ways to fix it."""
    number = " ".join(text.split())
    return (
        f"the target {number!r} does not say which way is better: write >={number} or "
        f"<={number}, give a `better` column of higher or lower, or declare the default "
        '(`better = "higher"` under [kpis] in a rules file, --better on the command line, '
        "or default_better= in kpirag.frames)"
    )


def _figures(
    fields: _Fields, unit: str | None, *, better: Direction | None, default: Direction | None
) -> tuple[Target | None, Measure | None]:
    """A row's target and figure, read with the unit word of the unit column (or the target)."""
    target = _target(fields, unit, better=better, default=default)
    if target is None:
        return None, _measure(fields, unit, judged=False)
    return target, _measure(fields, target.unit)


def _parts(
    head: _Fields,
    records: Sequence[Mapping[str, str]],
    profile: Profile | None,
    unit: str | None,
    better: tuple[Direction | None, Direction | None],
) -> tuple[list[Part], list[tuple[str, Measure | None]], list[FieldProblem]]:
    """A composite's parts and their figures.

    The first record is either a header (no part: KPI-level columns only) or
    the first part. The head row's own problems stay in ``head``. ``better``
    is the head row's direction and the file's default: a part row's bare
    target takes its own ``better``, else the head row's, else the default.
    """
    own, default = better
    parts: list[Part] = []
    measures: list[tuple[str, Measure | None]] = []
    problems: list[FieldProblem] = []
    header = not head.text("part")
    if header:
        for column in ("target", "value", "numerator", "denominator", "counts"):
            if head.text(column):
                head.problem(
                    column,
                    "a composite's header row (no part) takes no figures; "
                    "put them on its part rows",
                )
    for index, record in enumerate(records):
        if index == 0 and header:
            continue
        fields = head if index == 0 else _Fields(record, index)
        name = fields.text("part")
        if not name:
            fields.problem(
                "part",
                "a composite KPI's header row must come first; every other row names its part",
            )
        else:
            part_profile = profile if index == 0 else fields.parse("profile", _profile)
            given = own if index == 0 else fields.choice("better", Direction, None)
            target, measure = _figures(fields, unit, better=given, default=own or default)
            parts.append(Part(name, target, part_profile, fields.text("label") or None))
            measures.append((name, measure))
        if index:
            problems += fields.problems
    return parts, measures, problems


def _unit(head: _Fields) -> tuple[Unit | None, str | None]:
    """The ``unit`` column: one of ``Unit``, or a unit word for target and value (``jobs``)."""
    text = head.text("unit")
    if not text:
        return None, None
    try:
        unit = read_unit(text)  # the one reader of a KPI's unit, as frames and KPI() use it
    except KpiragError:
        head.problem("unit", f"expected {UNIT_FORMS}")
        return None, None
    return (unit, None) if isinstance(unit, Unit) else (None, unit)


def kpi_from_records(  # noqa: PLR0915 - one KPI's columns, in order
    records: Sequence[Mapping[str, str]], *, rules: Rules | None = None
) -> tuple[KPI, Observation]:
    """One KPI and its observation from its record (or, for a composite, records).

    A composite KPI's rows share an id and each names its ``part``; KPI-level
    columns (title, theme, recorded ...) are read from the first row. With
    ``rules`` (from a rules file), the KPI's recorded status is read on the
    scale its rule uses, its ``tolerance`` column makes a scheme on that scale,
    and a rule chosen for it by id or theme becomes its scheme.

    Raises:
        RecordError: with every bad field.
        ValueTypeError: ``records`` is not a sequence of records, or ``rules`` not ``Rules``.
    """
    records = _as_written(_checked(records, rules))
    head = _Fields(records[0])
    kpi_id = head.text("id")
    if not kpi_id:
        head.problem("id", "expected an id such as 1.5")
    if not head.text("title"):
        head.problem("title", "expected the KPI's title, the measure as the report words it")
    composite = any((record.get("part") or "").strip() for record in records)
    if not composite and len(records) > 1:
        message = "duplicate id; only a composite KPI's rows (each naming its part) share an id"
        raise RecordError([FieldProblem("id", kpi_id, message, n) for n in range(1, len(records))])
    rule = None if rules is None else rules.kpi_rule(kpi_id, head.text("theme"))
    better = head.choice("better", Direction, None)
    declared = None if rules is None else rules.better
    unit, unit_word = _unit(head)
    frequency = head.choice("frequency", Frequency, Frequency.QUARTERLY)
    scheme = head.parse("tolerance", functools.partial(_tolerance_scheme, rule=rule))
    if scheme is None and rule is not None and rule.specific:
        scheme = rule.scheme
    profile = head.parse("profile", _profile)
    cumulative = head.boolean("cumulative", default=True)
    scale = None if rule is None else rule.scale
    recorded = head.parse("recorded", functools.partial(Status.parse, scale=scale))
    rollup = head.parse("rollup", _rollup) or Rollup.worst()
    reason = head.text("reason")
    if composite:
        parts, measures, problems = _parts(head, records, profile, unit_word, (better, declared))
        target, measure, profile = None, None, None
    else:
        target, measure = _figures(head, unit_word, better=better, default=declared)
        parts, measures, problems = [], [], []
    unit_of_figures = unit_word if target is None else target.unit
    percent = unit is Unit.PERCENT or any(
        figure is not None and figure.percent for figure in [target, *(p.target for p in parts)]
    )
    previous = head.parse(
        "previous", functools.partial(read_previous, unit=unit_of_figures, percent=percent)
    )
    fraction = _fraction(head, rules, unit, [target, *(part.target for part in parts)])
    problems = head.problems + problems + _consistency(head, unit, target, parts, rollup)
    judged = _judged(records, target, measure, parts, measures)
    problems = problems or _mismatches(judged)
    if problems:
        raise RecordError(problems)
    not_rated = None
    if not composite and (target is None or measure is None):
        default = NotRated.NO_TARGET if target is None else NotRated.NO_DATA
        not_rated = not_rated_reason(reason, default) if reason else default
    elif reason:
        message = "a reason is for a KPI that is not rated; leave its target or value empty"
        raise _refused("reason", reason, message)
    try:
        kpi = KPI(
            kpi_id,
            head.text("title"),
            target,
            theme=head.text("theme"),
            # The kind, or the unit word as KPI(unit=...) takes it (a currency is money).
            **({"unit": unit or unit_word} if unit or unit_word else {}),  # type: ignore[arg-type]
            frequency=frequency,
            scheme=scheme,
            profile=profile,
            cumulative=cumulative,
            fraction=fraction,
            parts=parts,
            rollup=rollup,
            label=head.text("label") or None if not composite or not head.text("part") else None,
        )
    except KpiragError as exc:
        # ``_consistency`` has checked what KPI checks across fields; what is left is the id's.
        column = _COLUMN_OF_FIELD.get(exc.field or "", "id")
        raise _refused(column, head.text(column), str(exc)) from exc
    try:
        observation = Observation(
            kpi_id,
            measure,
            parts=measures,
            not_rated=not_rated,
            reason=reason or None,
            recorded=recorded,
            override=head.text("override") or None,
            previous=previous,
            display=head.text("display") or (head.text("value") if head.with_unit else None),
            commentary=head.text("commentary"),
            actions=head.text("actions"),
        )
    except KpiragError as exc:  # only an override without a recorded status gets here
        raise _refused("override", head.text("override"), str(exc)) from exc
    if fraction is None and not_rated is None:
        _check_fractions(kpi, judged)
    return kpi, observation


def _checked(records: object, rules: object) -> tuple[Mapping[str, str], ...]:
    """``kpi_from_records``' arguments, refused with our error when they are junk."""
    from kpirag.io._rules import Rules  # noqa: PLC0415 - the rules reader imports this module

    given = tuple(iterable(records, "records"))
    if not given:
        raise InvalidValueError(field="records", value=records, expected="at least one record")
    for record in given:
        check_record(record, "records item")
    if rules is not None:
        instance(rules, Rules, field="rules", expected="Rules or None")
    return given


def _as_written(records: Sequence[Mapping[str, str]]) -> Sequence[Mapping[str, str]]:
    """A not-rated row of the table ``kpirag evaluate`` writes, as the row it was written from.

    That table shows a KPI with no target as target ``tbc``, and why a KPI is
    not rated in its Value cell (``tbc``, ``No data``, ``Annual``...). Only a
    single row whose written status is N/A, with no reason, is read so.
    """
    record = records[0]
    if len(records) != 1 or (record.get("reason") or "").strip():
        return records
    try:
        if Status.parse(record.get("status") or "").rated:
            return records
    except KpiragError:
        return records
    target = (record.get("target") or "").strip()
    if target.casefold() == NotRated.NO_TARGET.value.casefold():
        target = ""
    value = (record.get("value") or "").strip()
    try:
        Figure.parse(value or "0")
    except KpiragError:
        default = NotRated.NO_DATA if target else NotRated.NO_TARGET
        reason = "" if value.casefold() == default.value.casefold() else value
        return [{**record, "target": target, "value": "", "reason": reason}]
    return [{**record, "target": target}]


_Judged = list[tuple[int, Mapping[str, str], Target | None, Measure | None]]
"""Each figure with its target, and the record (and its index) it was read from."""


def _judged(
    records: Sequence[Mapping[str, str]],
    target: Target | None,
    measure: Measure | None,
    parts: list[Part],
    measures: list[tuple[str, Measure | None]],
) -> _Judged:
    if not parts:
        return [(0, records[0], target, measure)]
    rows = {(record.get("part") or "").strip(): index for index, record in enumerate(records)}
    return [
        (rows[part.name], records[rows[part.name]], part.target, given)
        for part, (_, given) in zip(parts, measures, strict=True)
    ]


def _mismatches(judged: _Judged) -> list[FieldProblem]:
    """Each percentage (a figure with %, a cohort, band counts) against a plain target, at its cell.

    A percentage target on a KPI of another unit is ``_consistency``'s to report.
    """
    problems = []
    for row, record, target, measure in judged:
        if target is None or measure is None:
            continue
        if (isinstance(measure, Figure) and not measure.percent) or target.percent:
            continue
        column = "numerator" if isinstance(measure, Cohort) else "counts"
        column = column if isinstance(measure, Cohort | Distribution) else "value"
        text = (record.get(column) or "").strip()
        error = UnitMismatchError(
            f"a percentage against the non-percentage target {target}", field=column, value=text
        )
        problems.append(FieldProblem(column, text, str(error), row))
    return problems


_UNSAID_FRACTION = (
    "every figure lies between 0 and 1 against a percentage target above 1%: if the figures "
    "are fractions of 1 (0.69 for 69%), give a `fraction` column of true; if they are "
    "percentages under 1%, false (or declare it for every KPI: `fraction = true` under [kpis] "
    "in a rules file, or --fraction / --no-fraction on the command line)"
)


def _fraction(
    head: _Fields, rules: Rules | None, unit: Unit | None, targets: list[Target | None]
) -> bool | None:
    """The row's ``fraction`` column, else the rules file's default; ``None`` when unsaid.

    A default of true is false for a KPI whose targets are not all percentages.
    """
    if head.text("fraction"):
        return head.boolean("fraction", default=False)
    if rules is None or rules.fraction is None:
        return None
    given = [target for target in targets if target is not None]
    percent = bool(given) and all(target.percent for target in given)
    return rules.fraction and unit in {None, Unit.PERCENT} and percent


def _check_fractions(kpi: KPI, judged: _Judged) -> None:
    """Refuse figures that look like fractions of 1 when the KPI does not say (at the first).

    Raises:
        RecordError: every figure lies from 0 to 1 against a percentage target above 1%.
    """
    if looks_like_fractions(kpi, ((measure, target) for _, _, target, measure in judged)):
        row, record = next((row, record) for row, record, _, m in judged if m is not None)
        value = (record.get("value") or "").strip()
        raise _refused("value", value, _UNSAID_FRACTION, row)


_COLUMN_OF_FIELD = {
    "rollup": "rollup",
    "parts": "part",
    "target": "target",
    "unit": "unit",
    "fraction": "fraction",
}
"""The file column for the ``field`` of an error a KPI raises."""


def _consistency(
    head: _Fields, unit: Unit | None, target: Target | None, parts: list[Part], rollup: Rollup
) -> list[FieldProblem]:
    """What the KPI checks across its fields, located at the column a person must change."""
    problems: list[FieldProblem] = []
    targets = [target, *(part.target for part in parts)]
    percent = any(t is not None and t.percent for t in targets)
    if unit is not None and unit is not Unit.PERCENT and percent:
        problems.append(
            FieldProblem(
                "target",
                head.text("target"),
                f"KPI {head.text('id')!r}: invalid target: a percentage target on a "
                f"{unit.value} measure; give unit percent or a plain target",
            )
        )
    names = [part.name for part in parts]
    if len(set(names)) != len(names):
        problems.append(
            FieldProblem("part", head.text("part"), f"part names must be unique, not {names}")
        )
    if rollup.primary_part is not None and parts and rollup.primary_part not in names:
        problems.append(
            FieldProblem("rollup", head.text("rollup"), f"expected a primary part of {names}")
        )
    return problems


def _figure_columns(
    target: Target | None, label: str | None, profile: Profile | None, measure: Measure | None
) -> dict[str, str]:
    """The columns of a KPI's (or a part's) target and figure."""
    columns = {
        "target": "" if target is None else str(target),
        "label": label or "",
        "profile": "" if profile is None else _profile_text(profile),
    }
    if isinstance(measure, Cohort):
        columns |= {"numerator": str(measure.numerator), "denominator": str(measure.denominator)}
    elif isinstance(measure, Distribution):
        if measure.bands != Bands.durations():
            raise _refused("bands", "custom", "only the durations band preset can be written")
        counts = ";".join(str(count) for count in measure.counts)
        columns |= {"counts": counts, "bands": "durations", "band": measure.band}
    elif measure is not None:
        columns["value"] = measure.display().replace(",", "")
    return columns


def records_from_kpi(kpi: KPI, observation: Observation | None) -> list[dict[str, str]]:
    """The records that ``kpi_from_records`` reads back into an equal KPI and observation."""
    instance(kpi, KPI, field="kpi")
    if observation is not None:
        instance(observation, Observation, field="observation", expected="Observation or None")
    obs = observation or Observation(kpi.id)
    head: dict[str, str] = {
        "id": kpi.id,
        "title": kpi.title,
        "theme": kpi.theme,
        "unit": kpi.unit.value,
        "frequency": kpi.frequency.value,
        "tolerance": "" if kpi.scheme is None else _scheme_text(kpi.scheme),
        "cumulative": "" if kpi.cumulative else "false",
        **({} if kpi.fraction is None else {"fraction": str(kpi.fraction).lower()}),
        "recorded": "" if obs.recorded is None else str(obs.recorded),
        "override": obs.override or "",
        "previous": "" if obs.previous is None else format_decimal(obs.previous),
        "reason": obs.reason or ("" if obs.not_rated is None else str(obs.not_rated)),
        "display": obs.display or "",
        "commentary": obs.commentary,
        "actions": obs.actions,
    }
    if not kpi.parts:
        return [head | _figure_columns(kpi.target, kpi.label, kpi.profile, obs.value)]
    head |= {"rollup": _rollup_text(kpi.rollup), "label": kpi.label or ""}
    given = dict(obs.parts)
    return [head] + [
        {"id": kpi.id, "title": kpi.title, "part": part.name}
        | _figure_columns(
            part.target, part.label, part.profile or kpi.profile, given.get(part.name)
        )
        for part in kpi.parts
    ]


def risk_from_record(record: Mapping[str, str]) -> Risk:
    """A risk from one record (its scores are checked against a matrix by ``risk_problems``)."""
    fields = _Fields(record, required=RISK_REQUIRED)
    score = fields.integer("score")
    target_score = fields.integer("target_score")
    previous = fields.integer("previous_score")
    state = fields.choice("state", RiskState, RiskState.OPEN)
    target_date = fields.date("target_date")
    likelihood = _level(fields, "likelihood")
    impact = _level(fields, "impact")
    if (likelihood is None) != (impact is None):
        missing = "impact" if impact is None else "likelihood"
        fields.problem(missing, "give likelihood and impact together, or neither and a score")
    elif likelihood is None and score is None and state is RiskState.OPEN:
        fields.problem("score", "an open risk needs a score, or likelihood and impact")
    fields.done()
    try:
        return Risk(
            fields.text("code"),
            fields.text("title"),
            likelihood=likelihood,
            impact=impact,
            score=score,
            target_score=target_score,
            target_date=target_date,
            owner=fields.text("owner"),
            state=state,
            previous_score=previous,
        )
    except KpiragError as exc:  # every field was checked above; what is left is the code's
        column = exc.field if exc.field is not None and exc.field in RISK_COLUMNS else "code"
        raise _refused(column, fields.text(column), str(exc)) from exc


def _level(fields: _Fields, column: str) -> int | str | None:
    """A likelihood or impact: a whole number, or a label the matrix knows."""
    text = fields.text(column)
    if not text:
        return None
    if text.isdigit() and not _WHOLE.fullmatch(text):  # '²' and other digits that are not 0-9
        fields.problem(column, "expected a whole number written with 0-9, or a level's label")
        return None
    return fields.integer(column) if _WHOLE.fullmatch(text) else text


def risk_problems(risk: Risk, matrix: RiskMatrix) -> list[FieldProblem]:
    """How ``risk``'s levels and scores fail ``matrix``, each at its column."""
    problems: list[FieldProblem] = []

    def check(column: str, value: object, action: Callable[[], object]) -> bool:
        try:
            action()
        except KpiragError as exc:
            problems.append(FieldProblem(column, str(value), str(exc)))
            return False
        return True

    where = f"Risk {risk.code!r}"
    if risk.likelihood is not None and risk.impact is not None:
        likelihood, impact = risk.likelihood, risk.impact
        fine = check("likelihood", likelihood, lambda: matrix.likelihood.resolve(likelihood))
        fine = check("impact", impact, lambda: matrix.impact.resolve(impact)) and fine
        if fine and risk.score is not None:
            score = matrix.score(likelihood, impact)
            if score != risk.score:
                message = f"likelihood and impact give {score}"
                problems.append(FieldProblem("score", str(risk.score), message))
    elif risk.score is not None:
        given = risk.score
        check("score", given, lambda: matrix.rating(given, where=f"{where} score"))
    for column in ("target_score", "previous_score"):
        value: int | None = getattr(risk, column)
        if value is not None:
            check(column, value, functools.partial(matrix.rating, value, where=f"{where} {column}"))
    return problems


def records_from_risk(risk: Risk) -> dict[str, str]:
    """The record ``risk_from_record`` reads back into an equal risk."""
    instance(risk, Risk, field="risk")

    def text(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "code": risk.code,
        "title": risk.title,
        "likelihood": text(risk.likelihood),
        "impact": text(risk.impact),
        "score": text(risk.score),
        "target_score": text(risk.target_score),
        "target_date": "" if risk.target_date is None else risk.target_date.strftime("%d/%m/%Y"),
        "owner": risk.owner,
        "state": risk.state.value,
        "previous_score": text(risk.previous_score),
    }


def budget_line_from_record(record: Mapping[str, str]) -> BudgetLine:
    """A budget line from one record."""
    fields = _Fields(record, required=BUDGET_REQUIRED)
    kind = fields.choice("kind", LineKind, LineKind.NET_EXPENDITURE)
    level = fields.choice("level", BudgetLevel, BudgetLevel.SERVICE)
    budget, projected = fields.amount("budget"), fields.amount("projected")
    actual = fields.amount("actual")
    fields.done()
    assert budget is not None  # noqa: S101 - required, so done() raised without it
    assert projected is not None  # noqa: S101
    try:
        return BudgetLine(
            fields.text("name"),
            budget,
            projected,
            fields.text("category"),
            actual,
            fields.text("unit") or "£'000",
            kind,
            level,
            fields.text("group"),
        )
    except KpiragError as exc:  # every amount was read above; what is left is the name's
        column = exc.field if exc.field is not None and exc.field in BUDGET_COLUMNS else "name"
        raise _refused(column, fields.text(column), str(exc)) from exc


def records_from_budget_line(line: BudgetLine) -> dict[str, str]:
    """The record ``budget_line_from_record`` reads back into an equal line."""
    instance(line, BudgetLine, field="line")
    return {
        "name": line.name,
        "category": line.category,
        "budget": format_decimal(line.budget),
        "projected": format_decimal(line.projected),
        "actual": "" if line.actual is None else format_decimal(line.actual),
        "unit": line.unit,
        "kind": line.kind.value,
        "level": "" if line.level is BudgetLevel.SERVICE else line.level.value,
        "group": line.group,
    }


def budget_recorded_from_record(record: Mapping[str, str]) -> Status | None:
    """The status a budget line's record says the report published (``recorded`` or ``status``).

    Read on the RAG scale: case, spaces and trailing punctuation ignored.
    """
    fields = _Fields(record)
    given = [column for column in ("recorded", "status") if fields.text(column)]
    if len(given) > 1:
        fields.problem("status", "give the published status in recorded or status, not both")
    recorded = fields.parse(given[0], Status.parse) if given else None
    fields.done()
    return recorded
