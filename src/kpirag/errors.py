"""The exception hierarchy: every error kpirag raises is a ``KpiragError``.

Each subclass also inherits the builtin exception it refines, so code that
already catches ``ValueError`` or ``TypeError`` keeps working, and code that
wants only kpirag's errors catches ``KpiragError``.

Errors carry their data as attributes and build their message from it, so
code that needs to know which field failed reads ``exc.field``, never the
message:

```pycon
>>> from kpirag.errors import InvalidTargetError, Location
>>> exc = InvalidTargetError("'x' is not a number", field="target", value="<=x%")
>>> print(exc)
Invalid target '<=x%': 'x' is not a number
>>> exc.subject = "KPI '1.5'"
>>> exc.location = Location("kpis.csv", line=3, column=4, column_name="target")
>>> print(exc)
kpis.csv:3:4: KPI '1.5': Invalid target '<=x%': 'x' is not a number
>>> exc.field, exc.value, exc.location.line
('target', '<=x%', 3)

```
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs

__all__ = [
    "AggregateError",
    "FieldProblem",
    "InconsistentTotalError",
    "InputError",
    "InvalidBandsError",
    "InvalidBudgetError",
    "InvalidChartError",
    "InvalidChoiceError",
    "InvalidCountError",
    "InvalidFormatError",
    "InvalidKPIError",
    "InvalidMetricError",
    "InvalidObservationsError",
    "InvalidPeriodError",
    "InvalidProfileError",
    "InvalidRiskError",
    "InvalidRulesError",
    "InvalidSPCSettingsError",
    "InvalidSchemeError",
    "InvalidSeriesError",
    "InvalidStatusError",
    "InvalidTargetError",
    "InvalidToleranceError",
    "InvalidValueError",
    "KpiragError",
    "KpiragWarning",
    "LoadError",
    "Location",
    "OutOfRangeError",
    "OutputError",
    "Problem",
    "RecordError",
    "RiskRegisterError",
    "RuleProblem",
    "SPCWarning",
    "StatusComparisonError",
    "TotalMismatch",
    "UnitMismatchError",
    "ValueTypeError",
]

_UNSET: object = object()
_T = TypeVar("_T")


def _typed(*types: type, optional: bool = False) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: instances of ``types`` (not a bool unless named), ``None`` if optional.

    The error data classes check their fields here (``_validate`` sits above this module).
    """
    names = " or ".join("text" if t is str else t.__name__ for t in types)
    expected = f"{names} or None" if optional else names

    def check(_instance: object, attribute: object, value: Any) -> None:  # noqa: ANN401
        if value is None and optional:
            return
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            field = str(getattr(attribute, "name", "value"))
            raise ValueTypeError(field=field, value=value, expected=expected)

    return check


def _collected(items: object, cls: type[_T], field: str) -> tuple[_T, ...]:
    """``items`` as a tuple of ``cls``, or our error naming ``field``."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValueTypeError(field=field, value=items, expected=f"a sequence of {cls.__name__}")
    given = tuple(items)
    for item in given:
        if not isinstance(item, cls):
            raise ValueTypeError(field=f"{field} item", value=item, expected=cls.__name__)
    return given


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Decimal arithmetic that never rounds (what a difference of two published figures needs)."""


def _brief(text: str, width: int = 100) -> str:
    """``repr`` of ``text`` cut to ``width`` characters: a repr stays about a line long."""
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@attrs.frozen
class Location:
    """Where in a file something is: a CSV/JSON line and column, a TOML/JSON item, or a cell.

    ``str()`` gives the usual ``file:line:column`` (or ``file: Sheet!C7``) form.

    Attributes:
        source: the file name (``<stdin>`` for standard input).
        line: the 1-based line in a CSV or JSON file, or ``None``.
        column: the 1-based column number, or ``None``.
        column_name: the column's header or the field's key, or ``None``.
        item: the record's position in a TOML or JSON list, or ``None``.
        sheet: the worksheet of a workbook, or ``None``.
        cell: the cell reference in that sheet (``C7``), or ``None``.
    """

    source: str = attrs.field(validator=_typed(str))
    line: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    column: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    column_name: str | None = attrs.field(default=None, validator=_typed(str, optional=True))
    item: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    sheet: str | None = attrs.field(default=None, validator=_typed(str, optional=True))
    cell: str | None = attrs.field(default=None, validator=_typed(str, optional=True))

    def __str__(self) -> str:
        where = self.source
        if self.sheet is not None:
            where += f": {self.sheet}!{self.cell}" if self.cell else f": sheet {self.sheet!r}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.item is not None:
            where += f": item {self.item}"
        return where

    def __repr__(self) -> str:
        return f"Location({_brief(str(self))})"


class KpiragError(Exception):
    """Root of every error raised by kpirag.

    Every error carries what it is about as attributes, all optional:
    ``field`` (the field, column or argument), ``value`` (what was received),
    ``expected`` (what was expected), ``subject`` (a KPI id, risk code or
    budget line, as text such as ``"KPI '1.5'"``) and ``location`` (a
    `Location` in a file). The message is built from them each time it is
    shown, so context added on the way up (a subject, a location) appears in
    it; use ``add_note()`` for anything else.
    """

    def __init__(
        self,
        reason: str | None = None,
        *,
        field: str | None = None,
        value: object = _UNSET,
        expected: str | None = None,
        subject: str | None = None,
        location: Location | None = None,
    ) -> None:
        """Keep the data; ``reason`` says what is wrong when "expected ..." is not enough."""
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.has_value = value is not _UNSET
        self.value = None if value is _UNSET else value
        self.expected = expected
        self.subject = subject
        self.location = location

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the data (exceptions pickle ``args`` only by default)."""
        return (_rebuild, (type(self), self.reason, self.__dict__.copy()))

    def __repr__(self) -> str:
        try:
            return super().__repr__()
        except ValueError:  # a 5,000-digit number given as the reason: Python cannot show it
            return f"{type(self).__name__}({_text(self.reason)})"

    def _field_label(self) -> str:
        """How the field is named in the message (subclasses may add a position)."""
        return _text(self.field)

    def __str__(self) -> str:
        explanation = _text(self.reason)  # a caller's reason may be any object
        if self.reason is None:
            explanation = (
                f"expected {_text(self.expected)}" if self.expected is not None else "invalid"
            )
        if self.field is not None:
            shown = f" {_show(self.value)}" if self.has_value else ""
            explanation = f"Invalid {self._field_label()}{shown}: {explanation}"
        prefix = ""
        if self.location is not None:
            prefix += f"{_text(self.location)}: "
        if self.subject is not None:
            prefix += f"{_text(self.subject)}: "
        return prefix + _text(explanation)


def _text(value: object) -> str:
    """``str(value)`` for a message, never failing (a 5,000-digit int cannot be printed)."""
    try:
        return str(value)
    except ValueError:
        return f"<{type(value).__name__} too large to print>"


def _show(value: object) -> str:
    """A value for a message, cut short when it is very long.

    An exact number shows as the number it is (``5``, ``1E+1001``, ``2/3``, and
    ``(10, 5)`` for a pair), text and everything else by its repr (``'5'`` in
    quotes), so the message tells a number from the text of one without
    showing Python's constructors.
    """
    try:
        text = _plain(value)
    except ValueError:  # an int past Python's digit limit for str()
        text = f"<{type(value).__name__} too large to print>"
    if len(text) > 80:  # noqa: PLR2004 - a message line stays readable
        text = f"{text[:60]}...{text[-15:]} ({len(text)} characters)"
    return text


def _plain(value: object) -> str:
    if isinstance(value, Decimal | Fraction):
        return str(value)
    if type(value) is tuple:
        return f"({', '.join(map(_plain, value))})"
    return repr(value)


def _rebuild(
    cls: type[KpiragError],
    reason: str | None,
    state: dict[str, object],
    system: tuple[int | None, str | None, str | None] | None = None,
) -> KpiragError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, reason)
    exc.__dict__.update(state)
    if isinstance(exc, OSError) and system is not None:  # a _FileError's errno, strerror, filename
        exc.errno, exc.strerror, exc.filename = system
    return exc


class KpiragWarning(UserWarning):
    """A warning from kpirag: the input is valid but probably not what was meant."""


class InvalidValueError(KpiragError, ValueError):
    """A measured value or amount is not a finite number (NaN, infinity, non-numeric text)."""


class ValueTypeError(KpiragError, TypeError):
    """A value has a type kpirag cannot read as a number (bool, None, a list, ...)."""


class UnitMismatchError(KpiragError, TypeError):
    """A value's unit does not fit its target (a percentage against a count target)."""


class InvalidTargetError(KpiragError, ValueError):
    """Target text that does not parse, or target fields that do not fit together."""


class InvalidToleranceError(KpiragError, ValueError):
    """A tolerance that is negative, malformed or of an unknown kind."""


class InvalidStatusError(KpiragError, ValueError):
    """A status spelling that the scale does not know, or an ill-formed scale."""


class StatusComparisonError(KpiragError, TypeError):
    """Statuses of two different scales were compared, or a status was used as a bool."""


class InvalidSchemeError(KpiragError, ValueError):
    """A classification scheme whose steps are out of order or inconsistent."""


class InvalidBandsError(KpiragError, ValueError):
    """Bands that do not partition their axis, or band counts that do not add up."""


class InvalidPeriodError(KpiragError, ValueError):
    """A period label or date that does not parse or does not exist."""


class InvalidProfileError(KpiragError, ValueError):
    """A target profile whose weights are negative or do not sum to the whole."""


class InvalidKPIError(KpiragError, ValueError):
    """A KPI definition, framework or set of figures that is inconsistent."""


class InvalidRiskError(KpiragError, ValueError):
    """A risk matrix, risk score or risk register entry that is invalid."""


class InvalidBudgetError(KpiragError, ValueError):
    """A budget line or budget total that is invalid or inconsistent."""


class InvalidFormatError(KpiragError, ValueError):
    """An output format kpirag does not know."""


@attrs.frozen
class Problem:
    """One bad cell: where it is, what it holds, and what was expected.

    Attributes:
        source: the file name (``<stdin>`` for standard input).
        line: the line number in a CSV or JSON file, or ``None``.
        item: the record's position in a TOML or JSON list, or ``None``.
        column: the column or field name, or ``None`` for the whole row or file.
        column_number: the 1-based CSV column number, or ``None``.
        value: the cell's text, or ``None``.
        message: what was expected.
        sheet: the worksheet of a workbook, or ``None``.
        cell: the cell reference in that sheet (``C7``), or ``None``.
    """

    source: str = attrs.field(validator=_typed(str))
    message: str = attrs.field(validator=_typed(str))
    line: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    item: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    column: str | None = attrs.field(default=None, validator=_typed(str, optional=True))
    column_number: int | None = attrs.field(default=None, validator=_typed(int, optional=True))
    value: str | None = attrs.field(default=None, validator=_typed(str, optional=True))
    sheet: str | None = attrs.field(default=None, validator=_typed(str, optional=True))
    cell: str | None = attrs.field(default=None, validator=_typed(str, optional=True))

    def __str__(self) -> str:
        where = str(self.location)
        cell = ""
        if self.column is not None:
            cell = f" column {self.column!r}"
            if self.value is not None:
                cell += f" ({self.value!r})"
            cell += ":"
        return f"{where}:{cell} {self.message}"

    def __repr__(self) -> str:
        return f"Problem({_brief(str(self))})"

    @property
    def location(self) -> Location:
        """Where the problem is, as a `Location` (the same as the one errors carry)."""
        return Location(
            self.source,
            self.line,
            self.column_number,
            self.column,
            self.item,
            self.sheet,
            self.cell,
        )


class LoadError(KpiragError, ValueError):
    """A file that could not be loaded; ``problems`` lists every bad cell."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Keep every problem; the message lists them one a line."""
        self.problems = _collected(problems, Problem, "problems")
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded"
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))


@attrs.frozen
class FieldProblem:
    """One bad field of one record: the column, the value, and what was expected."""

    column: str = attrs.field(validator=_typed(str))
    value: str = attrs.field(validator=_typed(str))
    message: str = attrs.field(validator=_typed(str))
    row: int = attrs.field(default=0, validator=_typed(int))
    """Which record of a composite KPI's records it is in (0 for the first)."""

    def __str__(self) -> str:
        return f"column {self.column!r} ({self.value!r}): {self.message}"


class RecordError(KpiragError, ValueError):
    """One or more bad fields in a record (or a group of records)."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        """Keep every problem; the message lists them."""
        self.problems = _collected(problems, FieldProblem, "problems")
        super().__init__("; ".join(str(problem) for problem in self.problems))


class InvalidSeriesError(KpiragError, ValueError):
    """A series an SPC chart cannot be drawn from.

    A value that is not a finite number (bool, None, NaN, infinity, text that
    is not a number), a number too large or too precise to compute with, or
    periods, recalculation points or ghosted points that do not fit the values.

    Attributes:
        field: what was wrong (``"values"``, ``"periods"``, ``"target"``, ...).
        value: the offending value.
        expected: what was expected instead.
        position: the 0-based position in ``field``, or ``None`` for the whole of it.
        reason: what is wrong, when "expected ..." is not enough (or ``None``).
    """

    def __init__(
        self,
        field: str,
        value: object,
        expected: str | None,
        position: int | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        """Keep the data; the message names the field, the value and what was expected."""
        super().__init__(reason, field=field, value=value, expected=expected)
        self.position = position

    def _field_label(self) -> str:
        field = _text(self.field)
        return field if self.position is None else f"{field}[{_text(self.position)}]"


class InvalidSPCSettingsError(KpiragError, ValueError):
    """SPC settings or options that make no sense (a one-point run, an unknown preset, ...).

    Attributes:
        field: the setting's or option's name.
        value: the value given.
        expected: what was expected instead.
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        """Keep the data; the message names the setting, the value and what was expected."""
        super().__init__(field=field, value=value, expected=expected)

    def _field_label(self) -> str:
        return f"SPC setting {_text(self.field)}"


class SPCWarning(UserWarning):
    """An SPC chart that was drawn but needs care: trial limits, or a run chart without limits.

    Not a ``KpiragError``: it is a warning, issued with ``warnings.warn``; the
    chart also keeps its warnings as text in ``XmRChart.warnings``.
    """

    def __str__(self) -> str:
        if len(self.args) <= 1:
            return _text(self.args[0]) if self.args else ""
        return f"({', '.join(_show(arg) for arg in self.args)})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(_show(arg) for arg in self.args)})"


class InvalidChartError(KpiragError, ValueError):
    """A chart argument that cannot be drawn (an unknown palette, nothing to plot)."""


class InvalidMetricError(KpiragError, ValueError):
    """A metric of an integrated performance report, or one of its figures, that cannot be used.

    A metric without a direction, a target a neutral metric cannot read, a
    quality rating off the declared scale, a figure for a metric not listed, a
    period given twice.
    """


class InvalidChoiceError(KpiragError, ValueError):
    """A word that is not one of a closed set of choices (a line kind, a roll-up tie rule, ...)."""


class OutOfRangeError(KpiragError, ValueError):
    """A number outside its documented limits (decimal places, periods of a profile, ...)."""


class InvalidCountError(KpiragError, ValueError):
    """A count of cases that is not a whole number of zero or more, or a part above its whole."""


class _FileError(KpiragError, OSError):
    """A file the system would not let kpirag read or write: our data and the system's reason.

    ``field`` names the argument and ``value`` the path given; as an ``OSError``
    it also keeps the system's ``errno``, ``strerror`` and the ``filename``.
    """

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the data and the system's reason (``OSError`` keeps them in slots)."""
        system = (self.errno, self.strerror, self.filename)
        return (_rebuild, (type(self), self.reason, self.__dict__.copy(), system))


class InputError(_FileError):
    """A file that could not be read (missing, a folder, not allowed).

    ``field`` names the argument (``source``) and ``value`` the path given; as an
    ``OSError`` it also keeps the system's ``errno``, ``strerror`` and ``filename``.
    """


class OutputError(_FileError):
    """A file that could not be written (a missing folder, a full disk); nothing was left there.

    ``field`` names the argument (``path``) and ``value`` the path given; as an
    ``OSError`` it also keeps the system's ``errno``, ``strerror`` and the
    ``filename`` written to.
    """


@attrs.frozen
class RuleProblem:
    """One bad entry of plain-data rules (a scale or scheme from a TOML rules file).

    Attributes:
        path: the key path to the entry, e.g. ``("scales", "council", "levels", 1)``.
        message: what is wrong, or what was expected.
        value: the entry as given.
    """

    path: tuple[str | int, ...] = attrs.field(validator=_typed(tuple))
    message: str = attrs.field(validator=_typed(str))
    value: object = None

    @property
    def key(self) -> str:
        """The key path as text: ``scales.council.levels[1]``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text or "(top level)"

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class InvalidRulesError(KpiragError, ValueError):
    """Plain-data rules (``Scale.from_dict``, ``Scheme.from_dict``) with bad entries.

    ``problems`` lists every bad entry with its key path, so a rules-file loader
    can point at each one's line.
    """

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        """Keep every problem; the message lists them one a line."""
        self.problems = _collected(problems, RuleProblem, "problems")
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the rules"
        super().__init__("\n".join([heading, *(f"  {problem}" for problem in self.problems)]))


@attrs.frozen
class TotalMismatch:
    """A published budget total that the lines do not add up to, beyond the allowance.

    Attributes:
        total: which total, e.g. ``"Local risk total"`` or ``"People (directorate)"``.
        field: ``"budget"`` or ``"projected"``.
        published: the published figure.
        computed: what the lines add up to.
        allowance: the rounding allowance the difference was checked against.
    """

    total: str = attrs.field(validator=_typed(str))
    field: str = attrs.field(validator=_typed(str))
    published: Decimal = attrs.field(validator=_typed(Decimal))
    computed: Decimal = attrs.field(validator=_typed(Decimal))
    allowance: Decimal = attrs.field(validator=_typed(Decimal))

    @property
    def difference(self) -> Decimal:
        """How far apart the two figures are (never negative), exactly (never to 28 digits)."""
        return _EXACT.abs(_EXACT.subtract(self.published, self.computed))

    def __str__(self) -> str:
        return (
            f"{self.total} {self.field}: published {self.published:,}, lines add up to "
            f"{self.computed:,} (difference {self.difference:,}, allowance {self.allowance:,})"
        )

    def __repr__(self) -> str:
        return f"TotalMismatch({_brief(str(self))})"


class InconsistentTotalError(InvalidBudgetError):
    """Published budget totals that differ from their lines by more than the allowance.

    ``mismatches`` lists each one with both figures, the difference and the allowance.
    """

    def __init__(self, mismatches: Sequence[TotalMismatch]) -> None:
        """Keep every mismatch; the message lists them."""
        self.mismatches = _collected(mismatches, TotalMismatch, "mismatches")
        super().__init__("; ".join(str(mismatch) for mismatch in self.mismatches))


class RiskRegisterError(InvalidRiskError):
    """A risk register with bad entries; ``errors`` holds each one's error, naming its risk."""

    def __init__(self, errors: Sequence[KpiragError]) -> None:
        """Keep every error; the message lists them."""
        self.errors = _collected(errors, KpiragError, "errors")
        super().__init__("; ".join(str(error) for error in self.errors))


class AggregateError(KpiragError, ValueError):
    """Several errors found in one pass and reported together (every bad case of a list).

    ``errors`` holds each one, with its own class and data; the message lists
    them, each built from its data when shown.

    ```pycon
    >>> from kpirag.errors import InvalidPeriodError
    >>> first = InvalidPeriodError(field="date", value="31/02/17", subject="case 2")
    >>> print(AggregateError([first, InvalidPeriodError(field="date", value="x")]))
    2 problems: case 2: Invalid date '31/02/17': invalid; Invalid date 'x': invalid
    >>> AggregateError([first]).errors[0].subject
    'case 2'

    ```
    """

    def __init__(self, errors: Sequence[KpiragError]) -> None:
        """Keep every error; the message lists them."""
        super().__init__()
        self.errors = _collected(errors, KpiragError, "errors")

    def __str__(self) -> str:
        listed = "; ".join(str(error) for error in self.errors)
        count = len(self.errors)
        prefix = f"{_text(self.subject)}: " if self.subject is not None else ""
        return f"{prefix}{count} problem{'s' if count != 1 else ''}: {listed}"


class InvalidObservationsError(AggregateError, InvalidKPIError):
    """Several KPIs of a framework could not be evaluated (unknown ids, duplicates, bad figures).

    Also an ``InvalidKPIError``; ``errors`` holds each KPI's error, whose
    ``subject`` names the KPI.
    """
