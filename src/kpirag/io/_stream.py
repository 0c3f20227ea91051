"""Evaluating a KPI file as it is read: plain rows through prepared rules, the rest in full.

A *plain* row is one KPI's only row that needs no more than its rule and its
observation: a target (or none yet), a figure (or a reason it has none), a
previous figure, a recorded status and an override, a label and a display,
and a profile (judged in the stream's period). Only parts, cohorts, band
counts and declared fractions need the full machinery. A plain row's rule is
read by ``kpi_from_records`` and prepared once per distinct rule; the row
costs a split, a ``Decimal`` and one ``kpirag.kpi.rate`` (the function
behind every ``evaluate_kpi``). Every other row, and any plain row the fast
path cannot read in one step, goes the full way, which reports every problem
at its line and column; the fast path never accepts a row the full path
refuses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any, Final, NamedTuple

import attrs

from kpirag._validate import brief, instance
from kpirag.errors import KpiragError, RecordError, ValueTypeError
from kpirag.io._loaders import (
    _DIGEST,
    READERS,
    Ids,
    KPIData,
    Problems,
    ReadOptions,
    Row,
    Source,
    _format,
    _name,
    check_source,
    csv_cells,
    framework_scheme,
    kpi_pairs,
    kpis_of_group,
)
from kpirag.io._records import KPI_COLUMNS, kpi_from_records, not_rated_reason, read_previous
from kpirag.io._rules import Rules
from kpirag.kpi import (
    KPI,
    Evaluation,
    Framework,
    KPILine,
    KPIResult,
    Month,
    NotRated,
    Observation,
    Quarter,
    Unit,
    Year,
    applied_target,
    evaluate_kpi,
    rate,
)
from kpirag.rules import (
    Classifier,
    Recipes,
    Scale,
    Scheme,
    Status,
    Tolerance,
    format_decimal,
    parse_quantity,
    with_unit,
)

__all__ = ["KPIStream", "load_kpis"]

OBSERVED_COLUMNS = ("previous", "override", "reason", "display")
"""The observation's columns a plain row may fill besides its figure and recorded status."""

PLAIN_COLUMNS = ("id", "title", "value", "recorded", "theme", "commentary", "actions")
"""Columns a plain row may fill besides its rule's and ``OBSERVED_COLUMNS``."""

RULE_COLUMNS = (
    "target",
    "better",
    "tolerance",
    "unit",
    "frequency",
    "cumulative",
    "label",
    "profile",
)
"""The columns that make a plain row's rule; each distinct set is compiled once."""

MOST_RULES = 4_096
"""Compiled rules kept at once; beyond this the cache starts again (memory stays flat)."""

_NOT_PLAIN: Final = object()
"""A rule or recorded status the fast path leaves to the full path."""

_DIGITS = frozenset("0123456789")
_KPI_LINE = tuple.__new__
_SHORT = 40
_THOUSAND = Decimal(1000)
"""A figure of at most this many characters is read in one step."""


def _quick_number(text: str) -> tuple[Decimal, bool] | None:
    """_Plain digits under 1,000 as ``Decimal`` prints them (no exponent), perhaps with ``%``.

    The figures read in one step, exactly as the full path reads them;
    ``None`` for anything else (signs, separators, units, long or odd forms).
    """
    percent = text[-1:] == "%"
    digits = text[:-1] if percent else text
    if digits[:1] not in _DIGITS or len(digits) > _SHORT:
        return None
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    if number >= _THOUSAND or str(number) != digits or "E" in digits:
        return None
    return number, percent


class _Plain(NamedTuple):
    """A plain row as the stream read and judged it: its statuses, and its cells to read it again.

    Only what a deferred result needs now is kept, and the cells as a tuple of
    text, which the garbage collector stops tracking: a million kept rows would
    otherwise make every full collection walk millions more objects.
    """

    status: Status
    """The status reported (the recorded one when overridden)."""
    computed: Status
    """The status the row's prepared rule gives."""
    recorded: Status | None
    """The status the file recorded, if any."""
    cells: tuple[str, ...]
    """The row's cells, as read (``kpi_from_records`` reads them again in full when asked)."""
    scheme: Scheme
    """The scheme its status was given by (the KPI's own, else the stream's)."""

    def pair(self, header: tuple[str, ...], rules: Rules | None) -> tuple[KPI, Observation]:
        """The row's KPI and observation, read in full as ``kpi_from_records`` reads them."""
        return kpi_from_records([dict(zip(header, self.cells, strict=False))], rules=rules)


@attrs.define(slots=True)
class _Rule:
    """A plain row's KPI (its rule prepared, if it has a target) and how recorded statuses read."""

    kpi: KPI
    classifier: Classifier | None
    scale: Scale | None
    recorded_of: dict[str, Any]
    """Each recorded status text read: a ``Status``, ``None``, or ``_NOT_PLAIN``."""
    text: str | None = attrs.field(init=False)
    """The target applied (a profile's share), as text (``None`` when there is none yet)."""
    own: str | None = attrs.field(init=False)
    """The KPI's own target, as text: what a row that is not rated shows."""
    label: str = attrs.field(init=False)
    """The target as the report writes it (the ``label`` column, or the target)."""
    percent: bool = attrs.field(init=False)
    """Whether the target is a percentage."""
    unit: str | None = attrs.field(init=False)
    """The unit word of its figures (the target's, or the unit column's)."""
    previous_percent: bool = attrs.field(init=False)
    """Whether a previous figure may be a percentage (the target's or the unit's)."""
    recipes: Recipes | None = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        kpi, classifier = self.kpi, self.classifier
        self.label = kpi.target_label
        self.own = None if kpi.target is None else str(kpi.target)
        self.text, self.percent, self.unit, self.recipes = None, False, kpi.unit_word, None
        if classifier is not None:
            target = classifier.target
            self.text, self.percent, self.unit = str(target), target.percent, target.unit
            self.recipes = None if classifier.trend_aware else classifier.recipes()
        self.previous_percent = self.percent or kpi.unit is Unit.PERCENT


class KPIStream:
    """The KPIs of one source, evaluated as they are read.

    Iterating yields, in file order, a ``KPILine`` for each plain row and a
    ``(KPI, Observation)`` pair for every other KPI (the caller evaluates it,
    with ``evaluate_kpi`` and the same scheme). Problems go to ``problems``;
    once there is one, nothing more is yielded, but every row is still read
    and checked. Repeated ids are reported after the last row.

    Args:
        source: a path or stream, read once.
        problems: where problems are collected.
        scheme: the default scheme (a KPI's ``tolerance`` column overrides it).
        fmt: ``"csv"``, ``"toml"`` or ``"json"``; from the suffix by default.
        allow_unknown: accept (and ignore) columns kpirag does not know.
        encoding: the text encoding of a file or byte stream.
        full: for a plain row's line, whether the caller needs the pair instead.
        rules: rules from a rules file: each KPI's scheme (by id or theme) and
            the scale its recorded status is read on. A KPI with a rule of its
            own by id goes the full way; a theme's rule is compiled per theme.
        sheet: the worksheet of a workbook (the first by default).
        period: the period judged, which a profiled KPI's plain row needs
            (without it, such a row goes the full way).
    """

    def __init__(
        self,
        source: Source,
        problems: Problems,
        *,
        scheme: Scheme,
        fmt: str | None = None,
        allow_unknown: bool = False,
        encoding: str = "utf-8",
        full: Callable[[KPILine], bool] | None = None,
        rules: Rules | None = None,
        sheet: str | None = None,
        period: Quarter | Month | Year | None = None,
    ) -> None:
        """Prepare to read ``source`` (nothing is read until iteration).

        Raises:
            ValueTypeError: an argument of the wrong type, named by its field.
        """
        check_source(source)
        instance(problems, Problems, field="problems")
        instance(scheme, Scheme, field="scheme")
        instance(allow_unknown, bool, field="allow_unknown", expected="True or False")
        instance(encoding, str, field="encoding", expected="text")
        for field, value, cls, expected in (
            ("fmt", fmt, str, "a format name or None"),
            ("rules", rules, Rules, "Rules or None"),
            ("sheet", sheet, str, "text or None"),
        ):
            if value is not None:
                instance(value, cls, field=field, expected=expected)
        if period is not None and not isinstance(period, Quarter | Month | Year):
            raise ValueTypeError(
                field="period", value=period, expected="a Quarter, Month, Year or None"
            )
        if full is not None and not callable(full):
            raise ValueTypeError(field="full", value=full, expected="a function or None")
        self.source = source
        self.problems = problems
        self.scheme = scheme
        self.fmt = fmt
        self.options = ReadOptions("kpi", allow_unknown, encoding, sheet)
        self.full = full
        self.rules = rules
        self.period = period
        self._theme_rules = None if rules is None else attrs.evolve(rules, by_id=())
        """The rules without overrides by id (a KPI with its own rule goes the full way)."""

        self._recorded: dict[Scale | None, dict[str, Any]] = {}
        """Recorded status text to status, per scale, shared by the compiled rules."""
        self._header: tuple[str, ...] = ()
        """The CSV file's columns, once its first row is read."""
        self._shared: dict[str, str] = {}
        """Cells of columns with few values, one string each (``_plain``)."""
        self._repeating: list[int] = []
        """The positions of those columns."""
        self._last: list[Scheme] = [scheme]
        """The scheme of the last plain row the fast path read."""

    def __repr__(self) -> str:
        return f"KPIStream({brief(self.problems.source, 80)})"

    def __iter__(self) -> Iterator[KPILine | tuple[KPI, Observation]]:
        """Each KPI as a line (plain rows) or a pair (the rest), in file order."""
        return self._kept(keep=False)

    def _kept(self, *, keep: bool = True) -> Iterator[Any]:
        """Each KPI, in file order: a pair, or a plain row's line (its ``_Plain`` with ``keep``).

        What ``load_kpis`` keeps: ``kpi_from_records`` makes a plain row's KPI and
        observation from its cells again when they are asked for (``_Plain.pair``,
        with ``header``, the file's columns, known once the first row is read).
        """
        check_source(self.source)
        chosen = _format(self.source, self.fmt, self.problems)
        if chosen is None:
            return iter(())
        if chosen == "csv":
            return self._csv(keep=keep)
        rows = READERS[chosen](self.source, self.problems, self.options)
        return (pair for pair in kpi_pairs(rows, self.problems, self.rules) if not self.problems)

    def _csv(self, *, keep: bool = False) -> Iterator[Any]:
        """The CSV rows, grouped by id; a KPI of one plain row takes the fast path.

        The loop holds the current KPI's first row (and any more with its id)
        until a row with another id shows it is complete; ids are noted as
        64-bit digests (``Ids``, inlined: this runs for every row). With
        ``keep``, a plain row comes as its ``_Plain``.
        """
        problems, full = self.problems, self.full
        ids = Ids()
        digests, positions = ids.digests, ids.positions
        fast: Callable[[list[str], str], KPILine | None] | None = None
        id_at = 0
        header: tuple[str, ...] = ()
        first: list[str] | None = None  # the current KPI's first row
        first_number = 0
        more: list[tuple[int, list[str]]] = []  # its other rows, if any
        current = ""
        end: tuple[int, tuple[str, ...], list[str] | None] = (0, (), None)
        rows = itertools.chain(csv_cells(self.source, problems, self.options), (end,))
        for number, names, cells in rows:
            if cells is not None:
                if fast is None:
                    header = self._header = names
                    fast, id_at = self._fast_path(header, explain=not keep), header.index("id")
                kpi_id = cells[id_at].strip() if id_at < len(cells) else ""
                if kpi_id == current and first is not None:
                    more.append((number, cells))
                    continue
            if first is not None and fast is not None:  # the current KPI is complete
                line = None if more else fast(first, current)
                if line is None or (full is not None and full(line)):
                    item = self._full([(first_number, first), *more], header)
                    more = []
                    if item is not None:
                        yield item
                elif not problems.items:
                    yield self._plain(line, first, header) if keep else line
            if cells is None:
                break
            digest = hash(kpi_id) & _DIGEST
            bucket = digest >> 56
            digests[bucket].append(digest)
            positions[bucket].append(number)
            first, first_number, current = cells, number, kpi_id
        ids.report(problems, in_items=False)

    def _plain(self, line: KPILine, cells: list[str], header: tuple[str, ...]) -> _Plain:
        """A plain row to keep, its cells of columns with few values shared with earlier rows.

        A rule's columns, the theme and the recorded status repeat from row to
        row: one string each saves about a quarter of a kept row's memory.
        """
        shared = self._shared
        if not self._repeating:
            self._repeating = [
                position
                for position, name in enumerate(header)
                if name in RULE_COLUMNS or name in {"theme", "recorded"}
            ]
        for position in self._repeating:
            text = cells[position]
            cells[position] = shared.setdefault(text, text)
        if len(shared) >= MOST_RULES:
            shared.clear()
        return _Plain(line.status, line.computed, line.recorded, tuple(cells), self._last[0])

    def _full(
        self, group: list[tuple[int, list[str]]], header: tuple[str, ...]
    ) -> tuple[KPI, Observation] | None:
        """One KPI's rows read in full; ``None`` with its problems, or once there are any."""
        rows = [
            Row(number, None, dict(zip(header, cells, strict=False)), header)
            for number, cells in group
        ]
        pair = kpis_of_group(rows, self.problems, self.rules)
        return None if pair is None or self.problems else pair

    def _compile(self, names: tuple[str, ...], cells: tuple[str, ...]) -> _Rule | None:
        """The rule of a plain row's rule cells, or ``None`` (the full path decides)."""
        record = dict(zip(names, cells, strict=True))
        record.update(id="id", title="title")
        try:
            kpi, _ = kpi_from_records([record], rules=self._theme_rules)
        except RecordError:
            return None
        if kpi.fraction:
            return None
        try:
            target = applied_target(kpi, self.period)  # a profile's share of the year
        except KpiragError:
            return None  # no period, or one the profile does not have: the full path says
        classifier = None if target is None else kpi.rule(target, kpi.scheme or self.scheme)
        scale = None
        if self._theme_rules is not None:
            scale = self._theme_rules.kpi_rule("", record.get("theme", ""), self.scheme).scale
        recorded_of = self._recorded.setdefault(scale, {"": None})
        return _Rule(kpi, classifier, scale, recorded_of)

    def _fast_path(  # noqa: C901, PLR0915 - one loop body, kept whole for speed
        self, header: tuple[str, ...], *, explain: bool = True
    ) -> Callable[[list[str], str], KPILine | None]:
        """A function giving a plain row's line, or ``None`` for the full path.

        Built once per header, with every column's position bound, since it
        runs for every row. Without ``explain`` a rated line has no words and
        no travel (``load_kpis`` makes them when they are asked for).
        """
        at = {name: position for position, name in enumerate(header)}
        width = len(header)
        title_at, value_at = at["title"], at["value"]
        recorded_at = at.get("recorded")
        commentary_at = at.get("commentary")
        rules = self.rules
        by_theme = rules is not None and bool(rules.by_theme) and "theme" in at
        names = tuple(name for name in RULE_COLUMNS if name in at) + (
            ("theme",) if by_theme else ()
        )
        own = frozenset(key for key, _ in rules.by_id) if rules is not None else frozenset()
        positions = [at[name] for name in names]
        rule_cells = itemgetter(*positions, positions[0])  # always a tuple
        others = [
            position
            for name, position in at.items()
            if name in KPI_COLUMNS
            and name not in PLAIN_COLUMNS
            and name not in RULE_COLUMNS
            and name not in OBSERVED_COLUMNS
        ]
        other_cells = itemgetter(*others, title_at) if others else None  # always a tuple
        blanks = ("",) * len(others)
        observing = any(name in at for name in OBSERVED_COLUMNS)
        last, scheme = self._last, self.scheme
        compiled: dict[tuple[str, ...], _Rule | None] = {}  # None: not plain

        def compile_cells(key: tuple[str, ...]) -> _Rule | None:
            if len(compiled) >= MOST_RULES:
                compiled.clear()
            rule = compiled[key] = self._compile(names, key[:-1])
            return rule

        def status_of(text: str, rule: _Rule) -> Any:  # noqa: ANN401 - a Status, None or _NOT_PLAIN
            recorded_of = rule.recorded_of
            if len(recorded_of) >= MOST_RULES:
                recorded_of.clear()
                recorded_of[""] = None
            stripped = text.strip()
            try:
                status = Status.parse(stripped, scale=rule.scale) if stripped else None
            except KpiragError:
                return _NOT_PLAIN
            recorded_of[text] = status
            return status

        def observed(cells: list[str], name: str) -> str:
            position = at.get(name)
            return "" if position is None else cells[position].strip()

        def read_figure(text: str, rule: _Rule) -> tuple[Decimal, bool, str, str] | None:
            """The figure, whether it has %, its digits and how it shows; ``None``: the full path.

            _Plain digits (``_quick_number``) are read in one step; anything
            else as the full path reads it.
            """
            quick = _quick_number(text)
            if quick is not None:
                return quick[0], quick[1], text[:-1] if quick[1] else text, text
            try:
                quantity = parse_quantity(text, field="figure")
                if quantity.unit is not None:  # a unit word: it must be the target's
                    if rule.unit is None:
                        return None  # the full path says the target has none
                    quantity = parse_quantity(text, unit=rule.unit, field="figure")
            except KpiragError:
                return None
            number, percent = quantity.number, quantity.percent
            if quantity.unit is None:
                shown_as = format_decimal(number, grouping=True) + ("%" if percent else "")
            else:
                shown_as = text.strip()  # a figure with its unit shows as written
            return number, percent, format_decimal(number), shown_as

        def fast(cells: list[str], kpi_id: str) -> KPILine | None:  # noqa: C901, PLR0912, PLR0915 - one hot loop body
            if len(cells) != width:
                return None
            if other_cells is not None and other_cells(cells)[:-1] != blanks:  # a full row
                return None
            title = cells[title_at].strip()
            if not kpi_id or not title or (own and kpi_id in own):
                return None
            key = rule_cells(cells)
            rule = compiled.get(key)
            if rule is None and (key in compiled or (rule := compile_cells(key)) is None):
                return None
            last[0] = rule.kpi.scheme or scheme
            if recorded_at is None:
                recorded = None
            else:
                given = cells[recorded_at]
                recorded_of = rule.recorded_of
                recorded = recorded_of.get(given, _NOT_PLAIN)
                if recorded is _NOT_PLAIN:
                    recorded = status_of(given, rule)
                if recorded is _NOT_PLAIN:
                    return None
            previous = override = reason = display = None
            if observing:
                override = observed(cells, "override") or None
                if override is not None and recorded is None:
                    return None  # an override needs a recorded status: the full path says so
                reason = observed(cells, "reason") or None
                display = observed(cells, "display") or None
                given = observed(cells, "previous")
                quick = _quick_number(given) if given else None
                if quick is not None and (rule.previous_percent or not quick[1]):
                    previous = quick[0]  # as read_previous reads it, in one step
                elif given:
                    try:
                        previous = read_previous(given, rule.unit, percent=rule.previous_percent)
                    except KpiragError:
                        return None
            kpi, classifier = rule.kpi, rule.classifier
            text = cells[value_at]
            if classifier is None or not text.strip():  # not rated: no target yet, or no figure
                if text.strip():
                    return None  # a figure with no target: the full path reads and checks it
                missing = NotRated.NO_TARGET if classifier is None else NotRated.NO_DATA
                not_rated = missing if reason is None else not_rated_reason(reason, missing)
                rated = rate(
                    kpi,
                    None,
                    None,
                    previous=previous,
                    recorded=recorded,
                    override=override,
                    not_rated=not_rated,
                    reason=reason,
                )
                shown_as = display or reason or str(not_rated)
                return line(kpi_id, title, rule, shown_as, None, rated, recorded, override, cells)
            if reason is not None:
                return None  # a reason with a figure: the full path refuses it
            figure = read_figure(text, rule)
            if figure is None:
                return None
            number, percent, digits, shown_as = figure
            ruled = rule.percent
            if percent != ruled and (percent or 0 < number < 1):
                return None  # a unit mismatch, or perhaps a fraction of 1: the full path says
            if not explain:
                shown = None
            elif rule.unit is None:
                shown = digits + "%" if ruled else digits
            else:
                shown = with_unit(digits, rule.unit, percent=ruled)
            rated = rate(
                kpi,
                classifier,
                number,
                shown,
                # A line has no travel: only a trend-aware rule (no recipes) reads the previous.
                previous=previous if rule.recipes is None else None,
                recorded=recorded,
                override=override,
                recipes=rule.recipes,
                explain=explain,
            )
            return line(
                kpi_id, title, rule, display or shown_as, number, rated, recorded, override, cells
            )

        def line(  # noqa: PLR0917 - the line's fields, positionally for speed
            kpi_id: str,
            title: str,
            rule: _Rule,
            shown_as: str,
            number: Decimal | None,
            rated: tuple[Any, ...],
            recorded: Status | None,
            override: str | None,
            cells: list[str],
        ) -> KPILine:
            reason = rated[2]
            return _KPI_LINE(
                KPILine,
                (
                    kpi_id,
                    title,
                    rule.label,
                    rule.own if number is None else rule.text,
                    shown_as,
                    number,
                    rated[0],
                    rated[1],
                    recorded,
                    None if reason is None else str(reason),
                    rated[3],
                    override,
                    "" if commentary_at is None else cells[commentary_at].strip(),
                ),
            )

        return fast


@attrs.frozen
class _Kept:
    """A KPI file's rows as ``load_kpis`` keeps them: plain rows as read, the rest as pairs.

    Its ``evaluate`` gives the plain rows' results from their lines' statuses
    (``KPIResult.deferred``: the explanation, travel and objects made in full
    when one is asked for) and evaluates the pairs as ``Framework.evaluate``
    does; its ``data`` reads every plain row in full.
    """

    items: tuple[_Plain | tuple[KPI, Observation], ...]
    header: tuple[str, ...]
    scheme: Scheme
    rules: Rules | None
    name: str

    def __len__(self) -> int:
        return len(self.items)

    def data(self) -> KPIData:
        pairs = [
            item.pair(self.header, self.rules) if isinstance(item, _Plain) else item
            for item in self.items
        ]
        framework = Framework([kpi for kpi, _ in pairs], scheme=self.scheme, name=self.name)
        return KPIData(framework, tuple(observation for _, observation in pairs))

    def evaluate(self, data: KPIData, period: Quarter | Month | Year | str | None) -> Evaluation:
        full = [item for item in self.items if not isinstance(item, _Plain)]
        evaluated: Iterator[KPIResult] = iter(())
        if full:  # the KPIs read in full, evaluated as Framework.evaluate does
            framework = Framework([kpi for kpi, _ in full], scheme=self.scheme)
            evaluated = iter(framework.evaluate([obs for _, obs in full], period=period).results)
        results = []
        for item in self.items:
            if isinstance(item, _Plain):
                results.append(
                    KPIResult.deferred(
                        _Later(self, item, period),
                        status=item.status,
                        computed=item.computed,
                        recorded=item.recorded,
                        scheme=item.scheme,
                    )
                )
            else:
                results.append(next(evaluated))
        return Evaluation.deferred(lambda: data.framework, results, period)


@attrs.define(slots=True)
class _Later:
    """How a deferred result of a plain row is made: the row read and evaluated in full."""

    kept: _Kept
    plain: _Plain
    period: Quarter | Month | Year | str | None

    def __call__(self) -> KPIResult:
        kept = self.kept
        kpi, observation = self.plain.pair(kept.header, kept.rules)
        return evaluate_kpi(kpi, observation, scheme=kept.scheme, period=self.period)


def load_kpis(
    source: Source,
    *,
    tolerance: Tolerance | str = "10%",
    fmt: str | None = None,
    allow_unknown: bool = False,
    name: str = "",
    source_name: str | None = None,
    encoding: str = "utf-8",
    rules: Rules | None = None,
    sheet: str | None = None,
) -> KPIData:
    """Load a KPI file: all of it, or a ``LoadError`` listing every bad cell.

    A CSV file is read as the command line reads it (``KPIStream``): each plain
    row is judged through its prepared rule as it is read, and its KPI object
    and observation are made only when asked for (``KPIData``).

    Args:
        source: a path or stream.
        tolerance: the default tolerance (a KPI's ``tolerance`` column overrides it).
        fmt: ``"csv"``, ``"toml"``, ``"json"`` or ``"xlsx"``; from the suffix by
            default (CSV for streams).
        allow_unknown: accept columns kpirag does not know.
        name: a name for the framework.
        source_name: replaces the file name in error messages (``<stdin>``, say).
        encoding: the file's text encoding, UTF-8 by default (``"cp1252"``, say).
        rules: rules from ``load_rules``: the default scheme (instead of
            ``tolerance``, when the file gives one), each KPI's scheme by id or
            theme, and the scale recorded statuses are read on.
        sheet: the worksheet of a workbook (the first by default); problems in
            a workbook are located as ``Sheet!C7``.
    """
    check_source(source)
    instance(name, str, field="name", expected="text")
    if source_name is not None:
        instance(source_name, str, field="source_name", expected="text or None")
    problems = Problems(source_name or _name(source))
    scheme = framework_scheme(tolerance, rules)
    stream = KPIStream(
        source,
        problems,
        scheme=scheme,
        fmt=fmt,
        allow_unknown=allow_unknown,
        encoding=encoding,
        rules=rules,
        sheet=sheet,
    )
    items = tuple(stream._kept())  # noqa: SLF001 - its own module's stream
    problems.raise_any()
    kept = _Kept(items, stream._header, scheme, rules, name)  # noqa: SLF001
    if all(type(item) is not _Plain for item in items):
        return kept.data()  # nothing deferred: every KPI was read in full
    return KPIData._of_rows(kept)  # noqa: SLF001 - made here, in its own layer
