"""KPI definitions read from a data frame: one row per KPI.

```pycon
>>> import pandas as pd
>>> definitions = pd.DataFrame(
...     {
...         "kpi_id": ["1.5", "1.6"],
...         "title": ["Rough sleepers out once", "Living on the streets"],
...         "theme": ["1 Safe", "1 Safe"],
...         "target": ["75%", "<43"],
...         "better": ["higher", None],
...         "unit": ["percent", "count"],
...         "tolerance": ["10%", None],
...     }
... )
>>> framework = framework_from_frame(definitions)
>>> [(kpi.id, str(kpi.target)) for kpi in framework.kpis]
[('1.5', '>=75%'), ('1.6', '<43')]

```
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from kpirag.errors import InvalidKPIError, InvalidTargetError, KpiragError, ValueTypeError
from kpirag.kpi import KPI, Framework, Unit
from kpirag.rules import Direction, Operator, Scheme, Target, Tolerance

__all__ = [
    "DEFINITION_COLUMNS",
    "Definition",
    "framework_from_frame",
    "id_column",
    "native_frame",
    "read_definitions",
]

DEFINITION_COLUMNS = (
    "kpi_id",
    "title",
    "theme",
    "target",
    "better",
    "unit",
    "tolerance",
    "fraction",
)
"""The definitions table's columns; only ``kpi_id`` (or ``id``) and ``target`` are required."""


def native_frame(frame: object, what: str) -> Any:  # noqa: ANN401 - any narwhals frame
    """``frame`` as a narwhals DataFrame or LazyFrame, or our error naming ``what``."""
    import narwhals as nw  # noqa: PLC0415 - the optional dependency loads on use

    try:
        return nw.from_native(frame)
    except TypeError as exc:
        raise ValueTypeError(
            f"Invalid {what} {type(frame).__name__}: expected a pandas, polars or pyarrow "
            "table, or a lazy frame narwhals supports (Dask, DuckDB, polars LazyFrame)"
        ) from exc


def id_column(columns: Iterable[str], given: str) -> str:
    """The KPI id column: ``given``, or its other name when only that is present.

    ``kpi_id`` and ``id`` name the same column, in frames as in files: a frame
    with an ``id`` column and no ``kpi_id`` is read by ``id``, and the other way
    round.
    """
    present = set(columns)
    other = {"kpi_id": "id", "id": "kpi_id"}.get(given)
    if given not in present and other is not None and other in present:
        return other
    return given


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # noqa: PLR0124 - NaN
        return None
    text = str(value).strip()
    return text or None


_FLAGS = {"true": True, "yes": True, "y": True, "1": True}
_FLAGS |= {"false": False, "no": False, "n": False, "0": False}


def _flag(value: object) -> bool | None:
    """A ``fraction`` cell: true or false (as a KPI file writes it), ``None`` when empty."""
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    if text.casefold() not in _FLAGS:
        raise InvalidKPIError(
            f"Invalid fraction {text!r}: expected true or false", field="fraction", value=text
        )
    return _FLAGS[text.casefold()]


def _scheme(text: str | None, schemes: dict[str, Scheme]) -> Scheme | None:
    """The named scheme, or the standard scheme for tolerance text (remembered in ``schemes``)."""
    if text is None:
        return None
    if text not in schemes:
        schemes[text] = Scheme.standard(Tolerance.parse(text))
    return schemes[text]


@attrs.frozen
class Definition:
    """One KPI's definition as the frames layer needs it (a simple KPI)."""

    kpi_id: str
    title: str
    theme: str
    target: Target | None
    unit: Unit
    scheme: Scheme | None
    fraction: bool | None = None
    """Whether bare figures are fractions of 1 (``KPI.fraction``); ``None`` when unsaid."""

    @classmethod
    def of(cls, kpi: KPI) -> Definition:
        """The definition of a simple, unprofiled KPI."""
        if kpi.composite or kpi.profile is not None:
            raise InvalidKPIError(
                "a composite or profiled KPI cannot be evaluated as a frame row; "
                "use Framework.evaluate",
                field="kpi",
                value=kpi.id,
                subject=f"KPI {kpi.id!r}",
            )
        return cls(kpi.id, kpi.title, kpi.theme, kpi.target, kpi.unit, kpi.scheme, kpi.fraction)

    def kpi(self) -> KPI:
        """The ``KPI`` this definition describes."""
        options: dict[str, Any] = {
            "theme": self.theme,
            "unit": self.unit,
            "fraction": self.fraction,
        }
        if self.scheme is not None:
            options["scheme"] = self.scheme
        return KPI(self.kpi_id, self.title, self.target, **options)


def read_definitions(
    definitions: object,
    *,
    kpi_id: str = "kpi_id",
    title: str = "title",
    theme: str = "theme",
    target: str = "target",
    better: str = "better",
    unit: str = "unit",
    tolerance: str = "tolerance",
    fraction: str = "fraction",
    schemes: Mapping[str, Scheme] | None = None,
    default_better: Direction | Literal["higher", "lower"] | None = None,
) -> list[Definition]:
    """Each row of a definitions table, validated as a ``KPI`` would be.

    A bare target number takes the row's ``better``, else ``default_better``;
    with neither it is an ``InvalidTargetError`` (which way is better is never guessed).
    """
    default = None if default_better is None else Direction.parse(default_better)
    frame = native_frame(definitions, "definitions")
    if hasattr(frame, "collect"):
        frame = frame.collect()
    present = set(frame.columns)
    kpi_id = id_column(present, kpi_id)
    for role, column in (("kpi_id", kpi_id), ("target", target)):
        if column not in present:
            raise InvalidKPIError(
                f"the definitions have no {role} column {column!r} (columns: {sorted(present)})"
            )
    count = len(frame)

    def cells(name: str) -> list[object]:
        """The column's entries, None where the engine has a missing value (pd.NA too)."""
        if name not in present:
            return [None] * count
        column = frame.get_column(name)
        missing = column.is_null().to_list()
        return [None if gap else cell for cell, gap in zip(column.to_list(), missing, strict=True)]

    named = dict(schemes or {})
    checked: dict[tuple[object, ...], tuple[Target | None, Unit, Scheme | None, bool | None]] = {}
    result = []
    rows = zip(
        *(
            cells(name)
            for name in (kpi_id, title, theme, target, better, unit, tolerance, fraction)
        ),
        strict=True,
    )
    for number, (ident, name, group, *rest) in enumerate(rows, start=1):
        key = tuple(rest)
        try:
            identifier = _text(ident)
            if identifier is None:
                raise InvalidKPIError("Invalid KPI id '': expected an identifier such as '1.5'")
            if key not in checked:
                checked[key] = _checked(identifier, key, named, default)
        except KpiragError as exc:
            exc.add_note(f"in definitions row {number}")
            raise
        parsed, chosen_unit, chosen, fractions = checked[key]
        result.append(
            Definition(
                identifier,
                _text(name) or identifier,
                _text(group) or "",
                parsed,
                chosen_unit,
                chosen,
                fractions,
            )
        )
    return result


def _checked(
    identifier: str,
    cells: tuple[object, ...],
    schemes: dict[str, Scheme],
    default: Direction | None = None,
) -> tuple[Target | None, Unit, Scheme | None, bool | None]:
    """The target, unit, scheme and fraction of a row, validated once per distinct combination.

    ``cells`` are the row's target, better, unit, tolerance and fraction.
    """
    goal, direction, kind, rule, fraction = cells
    better = _text(direction)
    target_text = _text(goal)
    parsed = None
    if target_text is not None:
        parsed = Target.parse(target_text, better=better.casefold() if better else None)  # type: ignore[arg-type]
    options: dict[str, Any] = {"fraction": _flag(fraction)}
    unit_text = _text(kind)
    if unit_text is not None:
        options["unit"] = unit_text  # a kind or a unit word, read by the KPI (read_unit)
    chosen = _scheme(_text(rule), schemes)
    if parsed is not None and target_text is not None and better is None:
        parsed = _directed(target_text, parsed, default)
    kpi = KPI(identifier, identifier, parsed, **options)  # validates the combination
    return kpi.target, kpi.unit, chosen, kpi.fraction


def _directed(text: str, target: Target, default: Direction | None) -> Target:
    """A target read without a direction: a bare number takes ``default``, or fails."""
    if target.operator is not Operator.AT_LEAST:
        return target
    try:
        lower = Target.parse(text, better=Direction.LOWER)
    except KpiragError:
        return target  # its operator says higher is better
    if default is None:
        number = " ".join(text.split())
        raise InvalidTargetError(
            f"the target {number!r} does not say which way is better: write >={number} or "
            f"<={number}, give a `better` column of higher or lower, or pass "
            "default_better='higher' (or 'lower') for every bare target",
            field="target",
            value=text,
        )
    return target if default is Direction.HIGHER else lower


def framework_from_frame(
    definitions: object,
    *,
    kpi_id: str = "kpi_id",
    title: str = "title",
    theme: str = "theme",
    target: str = "target",
    better: str = "better",
    unit: str = "unit",
    tolerance: str = "tolerance",
    fraction: str = "fraction",
    scheme: Scheme | None = None,
    schemes: Mapping[str, Scheme] | None = None,
    name: str = "",
    default_better: Direction | Literal["higher", "lower"] | None = None,
) -> Framework:
    """A ``Framework`` from a definitions table (pandas, polars, pyarrow or lazy).

    Args:
        definitions: one row per KPI.
        kpi_id: the id column (required; ``id`` is read when there is no ``kpi_id``).
        title: the title column; the id stands in when it is absent or empty.
        theme: the theme column (optional).
        target: the target text column (required): ``"75%"``, ``"<43"``, empty for none yet.
        better: the column saying ``"higher"`` or ``"lower"`` for a bare target
            number (``0``, ``4.5%``); a bare number needs it, or ``default_better``.
        unit: ``percent``, ``count``, ... (optional; from the target by default).
        tolerance: tolerance text (``"10%"``, ``"5pt"``, ``"none"``) or the name of
            a scheme in ``schemes``; empty for the framework's scheme (optional).
        fraction: the column saying whether a percentage KPI's bare figures are
            fractions of 1 (true: ``0.69`` is 69%, multiplied by 100 exactly) or
            percentages (false: ``0.69`` is 0.69%); empty when unsaid (optional).
        scheme: the framework's scheme (the City of London rule by default).
        schemes: schemes the ``tolerance`` column may name.
        name: a name for the framework.
        default_better: which way is better for a bare target number whose row
            does not say (``"higher"`` or ``"lower"``); without it such a row is an error.

    Raises:
        InvalidKPIError: a required column is missing, or a row is not a valid KPI
            (a note names the row).
        InvalidTargetError: a bare target number says not which way is better.
    """
    rows = read_definitions(
        definitions,
        kpi_id=kpi_id,
        title=title,
        theme=theme,
        target=target,
        better=better,
        unit=unit,
        tolerance=tolerance,
        fraction=fraction,
        schemes=schemes,
        default_better=default_better,
    )
    return Framework(
        [row.kpi() for row in rows], scheme=scheme or Scheme.city_of_london(), name=name
    )
