"""One framework, every door: the same statuses and explanations from each way into kpirag.

A generated case is written once, as one canonical table (`Case`: a scale,
named schemes as a rules file holds them, one `Row` per KPI), and rendered for
each door: `KPI`/`Observation` objects for `Framework.evaluate`, CSV, TOML,
JSON and xlsx files (with a rules file) for `kpirag evaluate` writing csv,
json and xlsx (and `kpirag audit`), definitions and observations frames for
`kpirag.frames.evaluate` on pandas, polars (eager and lazy), pyarrow, DuckDB and
Dask, and value lists and float arrays for `kpirag.classify_many`. The object
path is the reference: every other door must give each KPI the same status, and
the same explanation wherever the figure reaches it as the same text. See
README.md in this folder.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import dask.dataframe as dd
import duckdb
import numpy as np
import openpyxl
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import kpirag.frames
from kpirag import (
    KPI,
    Framework,
    NotRated,
    Observation,
    Part,
    Profile,
    Rollup,
    Scale,
    Scheme,
    Target,
    Unit,
    classify,
    classify_many,
    evaluate_kpi,
)
from kpirag.cli import main
from kpirag.errors import InvalidRulesError, InvalidSchemeError, KpiragError
from kpirag.io import (
    DEFINITION_COLUMNS,
    OBSERVATION_COLUMNS,
    load_kpis,
    load_observations,
    load_rules,
)
from kpirag.strategies import edge_values

pytestmark = [
    # narwhals announces that its Dask support moves to the narwhals-dask package.
    pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning"),
    # A failing case of 200 KPIs has a long repr; the failure, not the warning, should show.
    pytest.mark.filterwarnings(
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]

SETTINGS = settings(
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: the message names each KPI
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Few, large, reproducible examples: each door is called a handful of times per example."""

GENERATED = "Generated"
"""The name of a generated scale, in the rules file and on its `Scale`."""

REASONS = {
    "Annual": NotRated.NOT_DUE,
    "Data only": NotRated.FOR_INFORMATION,
    "Suppressed": NotRated.SUPPRESSED,
}
"""Not-rated reasons as a file writes them, and what they mean."""

UNIT_WORDS = ("jobs", "weeks", "visits")

Better = Literal["higher", "lower"]


# ---------------------------------------------------------------- the canonical table


@attrs.frozen
class Row:
    """One KPI and its figure, as text a report would hold.

    ``target``, ``value`` and ``previous`` are written as in a file. ``unit``
    is the file's unit column (``percent``, ``count``, ``money`` ... or a unit
    word such as ``jobs``), and
    ``number`` the value as a bare number in the KPI's unit (for a fraction
    KPI, in percent), for the doors that take numbers.
    """

    id: str
    target: str | None
    better: Better | None
    unit: str | None
    fraction: bool
    scheme: str | None
    tolerance: str | None
    value: str | None
    number: Decimal | None
    previous: str | None
    recorded: str | None
    override: str | None
    reason: str | None

    @property
    def title(self) -> str:
        """The KPI's title."""
        return f"Measure {self.id}"

    @property
    def unit_word(self) -> str | None:
        """The KPI's own unit word (``jobs``), if it has one."""
        return self.unit if self.unit in UNIT_WORDS else None

    @property
    def rated(self) -> bool:
        """Whether a rule judges this row: it has a target and a figure, and no reason."""
        return self.target is not None and self.value is not None and self.reason is None


@attrs.frozen
class Case:
    """A framework and its figures: a scale, named schemes, and one row per KPI."""

    levels: tuple[str, ...] | None
    schemes: Mapping[str, Mapping[str, Any]]
    default: str
    rows: tuple[Row, ...]
    _objects: dict[str, Scheme] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        scales = {GENERATED: self.scale}
        built = {
            name: Scheme.from_dict(table, scales=scales) for name, table in self.schemes.items()
        }
        object.__setattr__(self, "_objects", built)

    @property
    def scale(self) -> Scale:
        """The scale every status is on: RAG, or the generated levels."""
        if self.levels is None:
            return Scale.rag()
        return Scale.define(GENERATED, self.levels, abbreviations=_abbreviations(self.levels))

    def scheme_objects(self) -> dict[str, Scheme]:
        """Each named scheme read from its rules-file table (once, when the case is made)."""
        return dict(self._objects)

    def scheme_of(self, row: Row) -> Scheme:
        """The scheme that judges ``row``."""
        if row.tolerance is not None:
            return Scheme.standard(row.tolerance)
        return self.scheme_objects()[row.scheme or self.default]

    def trend_aware(self, row: Row) -> bool:
        """Whether ``row`` is judged by a scheme that depends on the direction of travel."""
        return self.scheme_of(row).trend_aware


# ---------------------------------------------------------------- strategies


def _level_names(levels: Sequence[str] | None) -> list[str]:
    return ["Green", "Amber", "Red"] if levels is None else list(levels)


def _abbreviations(levels: Sequence[str] | None) -> list[str]:
    """Each level's short form: G, A, R on RAG; a generated level's initial and place."""
    if levels is None:
        return ["G", "A", "R"]
    return [f"{label[0]}{index}" for index, label in enumerate(levels, start=1)]


@st.composite
def scheme_tables(draw: st.DrawFn, levels: Sequence[str] | None) -> dict[str, Any]:
    """A scheme as a rules file holds it: steps with edge sides, perhaps trend-aware."""
    names = _level_names(levels)
    scale = "rag" if levels is None else GENERATED
    if len(names) > 2 and draw(st.integers(0, 4)) == 0:  # a tolerance needs a middle level
        return {"scale": scale, "tolerance": draw(st.sampled_from(["10%", "5%", "2pt", "none"]))}
    relative = draw(st.booleans())
    count = draw(st.integers(0, 3))
    amounts = sorted(
        draw(
            st.lists(
                st.decimals(min_value="0.5", max_value=40, places=1),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
    )
    ranks = sorted(
        draw(st.lists(st.integers(0, len(names) - 1), min_size=count + 2, max_size=count + 2))
    )
    steps: list[dict[str, Any]] = []
    for amount, rank in zip(amounts, ranks[1:-1], strict=True):
        step: dict[str, Any] = {
            "within": f"{amount}%" if relative else f"{amount}pt",
            "status": names[rank],
            "edge": draw(st.sampled_from(["inclusive", "exclusive"])),
        }
        steps.append(step)
    table: dict[str, Any] = {
        "scale": scale,
        "met": names[ranks[0]],
        "steps": steps,
        "beyond": names[ranks[-1]],
    }
    if not draw(st.sampled_from([False, True, True])):  # Hypothesis leans to the first
        return table
    aware = dict(table)
    beyond = draw(st.integers(ranks[-2], ranks[-1]))  # no better than the last step
    aware["beyond_by_trend"] = {"improved": names[beyond]}
    if draw(st.booleans()) and steps:
        aware["steps"] = [
            {**s, "trend": draw(st.sampled_from(["improved", ["improved", "unchanged"]]))}
            if draw(st.booleans())
            else s
            for s in steps
        ]
    choices = ["ignore", "unchanged", "improved", "worse", names[-1], "N/A"]
    aware["when_no_previous"] = draw(st.sampled_from(choices))
    try:
        Scheme.from_dict(aware, scales={GENERATED: Scale.define(GENERATED, names)})
    except (InvalidRulesError, InvalidSchemeError):
        return table  # a better direction of travel would rate worse: keep the plain scheme
    return aware


def _number_text(number: Decimal) -> str:
    return f"{number:f}"


def target_numbers() -> st.SearchStrategy[Decimal]:
    """Target numbers from 0 to 1000 with up to two decimals."""
    return st.integers(0, 2).flatmap(
        lambda places: st.decimals(min_value=0, max_value=1000, places=places)
    )


@st.composite
def target_texts(draw: st.DrawFn, kind: str) -> tuple[str, Better | None, str | None]:
    """A target as a file writes it, its ``better`` cell and its ``unit`` cell, for ``kind``."""
    number = draw(target_numbers())
    operator = draw(st.sampled_from([">=", ">", "<=", "<", "bare", "range"]))
    sign = "%" if kind in {"percent", "fraction"} else ""
    low = _number_text(number)
    if kind == "word":
        word = draw(st.sampled_from(UNIT_WORDS))
        bound = "minimum" if operator in {">=", ">", "bare", "range"} else "maximum"
        return f"A {bound} of {low} {word}.", None, word
    if kind == "money":
        pounds = f"£{Decimal(low):,f}"
        unit = draw(st.sampled_from([None, "money"]))
        if operator in {"bare", "range"}:
            return pounds, draw(st.sampled_from(["higher", "lower"])), unit
        return f"{operator}{pounds}", None, unit
    named = draw(st.sampled_from([None, "count", "ratio", "score", "days"]))
    unit = "percent" if kind in {"percent", "fraction"} else named
    if kind == "worded" and operator in WORDED:
        return WORDED[operator].format(low), None, unit
    if operator == "bare":
        return f"{low}{sign}", draw(st.sampled_from(["higher", "lower"])), unit
    if operator == "range":
        high = _number_text(number + draw(st.decimals(min_value=0, max_value=100, places=2)))
        return (f"{low}%-{high}%" if sign else f"between {low} and {high}"), None, unit
    return f"{operator}{low}{sign}", None, unit


WORDED = {">=": "at least {}", "<=": "{} or less", ">": "more than {}", "<": "less than {}"}
"""Targets in words (a ``worded`` rule: a count KPI with its operator spelt out)."""


@attrs.frozen
class Rule:
    """What a KPI is judged by: its kind, target cells, and tolerance or scheme name."""

    kind: str
    target: str
    better: Better | None
    unit: str | None
    tolerance: str | None
    scheme: str | None


@st.composite
def rules(draw: st.DrawFn, levels: Sequence[str] | None, names: Sequence[str]) -> Rule:
    """A KPI's rule: a target of some kind and unit, with a tolerance or a named scheme."""
    kind = draw(st.sampled_from(["count", "percent", "fraction", "word", "money", "worded"]))
    target, better, unit = draw(target_texts(kind))
    kind = "count" if kind == "worded" else kind
    tolerance = None
    scheme = None
    if levels is None and draw(st.integers(0, 3)) == 0:
        tolerance = draw(st.sampled_from(["10%", "5%", "2pt", "none"]))
    elif draw(st.booleans()):
        scheme = draw(st.sampled_from(sorted(names)))
    return Rule(kind, target, better, unit, tolerance, scheme)


@st.composite
def figure_texts(
    draw: st.DrawFn, kind: str, unit: str | None, target: Target, scheme: Scheme
) -> tuple[str | None, Decimal | None, str | None]:
    """A figure as a file writes it, its number in the KPI's unit, and a not-rated reason.

    Most figures lie on or beside an edge of the target under the scheme.
    """
    shape = draw(st.integers(0, 19))
    if shape == 0:
        return None, None, draw(st.sampled_from(sorted(REASONS)))
    if shape == 1:
        return None, None, None  # no data
    if draw(st.integers(0, 2)):
        figure = Decimal(str(draw(edge_values(target, scheme, places=2, forms=("decimal",)))))
    else:
        figure = draw(st.decimals(min_value=-50, max_value=1500, places=2))
    if kind == "fraction":
        return _number_text(figure.scaleb(-2)), figure, None
    if kind == "percent":
        bare = figure > 1 and draw(st.integers(0, 3)) == 0  # 69 against 75%: read as 69%
        return _number_text(figure) + ("" if bare else "%"), figure, None
    if kind == "word" and draw(st.booleans()):
        return f"{figure:f} {unit}", figure, None
    if kind == "count" and draw(st.integers(0, 3)) == 0:
        return _accounting(figure), figure, None
    if kind == "money":
        text = f"£{abs(figure):,f}"
        return (f"({text})" if figure < 0 else text), figure, None
    return _number_text(figure), figure, None


def _accounting(number: Decimal) -> str:
    """A number as a finance report writes it: thousands separators, a negative in brackets."""
    text = f"{abs(number):,f}"
    return f"({text})" if number < 0 else text


@st.composite
def rows(
    draw: st.DrawFn,
    ident: str,
    levels: Sequence[str] | None,
    schemes: Mapping[str, Scheme],
    shared: Sequence[Rule],
) -> Row:
    """One KPI's row: often one of the ``shared`` rules (as when a report repeats a target),
    a figure on or near its edges, perhaps a previous figure, a recorded status, an override."""
    rule = draw(st.one_of(st.sampled_from(shared), rules(levels, list(schemes))))
    kind, target, better, unit = rule.kind, rule.target, rule.better, rule.unit
    tolerance, scheme = rule.tolerance, rule.scheme
    judged_by = Scheme.standard(tolerance) if tolerance else schemes[scheme or "default"]
    parsed = Target.parse(target, better=better)
    value, figure, reason = draw(figure_texts(kind, unit, parsed, judged_by))
    previous = None
    if draw(st.integers(0, 2)) == 0:
        before = draw(st.decimals(min_value=-50, max_value=1500, places=1))
        previous = _number_text(before.scaleb(-2) if kind == "fraction" else before)
    names = [*_level_names(levels), "N/A"]
    spellings = [[name, name.casefold()] for name in names]
    for spelling, short in zip(spellings, _abbreviations(levels), strict=False):
        spelling.append(short)
    recorded = draw(st.one_of(st.none(), st.sampled_from(spellings).flatmap(st.sampled_from)))
    override = "Published so" if recorded is not None and draw(st.integers(0, 2)) == 0 else None
    no_target = draw(st.integers(0, 15)) == 0  # no target yet: tbc
    return Row(
        id=ident,
        target=None if no_target else target,
        better=None if no_target else better,
        unit=unit,
        fraction=kind == "fraction",
        scheme=scheme,
        tolerance=tolerance,
        value=value,
        number=figure,
        previous=previous,
        recorded=recorded,
        override=override,
        reason=reason,
    )


@st.composite
def cases(draw: st.DrawFn, *, min_size: int = 60, max_size: int = 200) -> Case:
    """A framework of many KPIs on one scale, with three named schemes and a default."""
    levels: tuple[str, ...] | None = None
    if draw(st.booleans()):
        labels = draw(
            st.lists(
                st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True).filter(
                    lambda text: text.casefold() not in {"na", "n/a", "tbc"}
                ),
                min_size=2,
                max_size=5,
                unique_by=str.casefold,
            )
        )
        levels = tuple(labels)
    tables = {name: draw(scheme_tables(levels)) for name in ("default", "s1", "s2", "s3")}
    objects = Case(levels, tables, "default", ()).scheme_objects()
    size = draw(st.integers(min_size, max_size))
    shared = draw(st.lists(rules(levels, list(objects)), min_size=1, max_size=8))
    generated = [draw(rows(f"K{index:03d}", levels, objects, shared)) for index in range(size)]
    return Case(levels, tables, "default", tuple(generated))


# ---------------------------------------------------------------- results


@attrs.frozen
class Outcome:
    """What a door says of one KPI: the status shown, the computed one, the workings."""

    status: str
    computed: str | None = None
    explanation: str | None = None


Outcomes = dict[str, Outcome]


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # noqa: PLR0124 - NaN
        return None
    return str(value)


# ---------------------------------------------------------------- door: objects


def framework_of(case: Case) -> Framework:
    """The case as `KPI` objects, each with its own scheme unless it takes the default."""
    schemes = case.scheme_objects()
    kpis = []
    for row in case.rows:
        options: dict[str, Any] = {"fraction": row.fraction}
        if row.unit in {unit.value for unit in Unit}:
            options["unit"] = Unit(row.unit)
        if row.tolerance is not None:
            options["scheme"] = Scheme.standard(row.tolerance)
        elif row.scheme is not None:
            options["scheme"] = schemes[row.scheme]
        target = None if row.target is None else Target.parse(row.target, better=row.better)
        kpis.append(KPI(row.id, row.title, target, **options))
    return Framework(kpis, scheme=schemes[case.default])


def observations_of(case: Case) -> list[Observation]:
    """The case's figures as `Observation` objects (a unit word's figure as its number)."""
    scale = case.scale
    result = []
    for row in case.rows:
        value: str | None = row.value
        if row.unit_word is not None and row.value is not None:
            value = row.value.removesuffix(f" {row.unit_word}")
        recorded = None if row.recorded is None else scale.parse(row.recorded)
        not_rated = None if row.reason is None else REASONS[row.reason]
        result.append(
            Observation(
                row.id,
                value,
                not_rated=not_rated,
                reason=row.reason,
                recorded=recorded,
                override=row.override,
                previous=None if row.previous is None else Decimal(row.previous),
            )
        )
    return result


def through_objects(case: Case) -> tuple[Outcomes, dict[str, str | None]]:
    """``Framework.evaluate``: each KPI's outcome, and its direction of travel."""
    evaluation = framework_of(case).evaluate(observations_of(case))
    outcomes = {
        r.kpi.id: Outcome(str(r.status), str(r.computed), r.explanation) for r in evaluation.results
    }
    travel = {r.kpi.id: None if r.travel is None else str(r.travel) for r in evaluation.results}
    return outcomes, travel


# ---------------------------------------------------------------- door: the command line


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def rules_file(case: Case) -> str:
    """The case's scale, schemes and which KPI gets which, as a rules file."""
    lines: list[str] = []
    if case.levels is not None:
        levels = [
            {"label": label, "abbreviation": short}
            for label, short in zip(case.levels, _abbreviations(case.levels), strict=True)
        ]
        lines += [f"[scales.{GENERATED}]", f"levels = {_toml_value(levels)}", ""]
    for name, table in case.schemes.items():
        lines.append(f"[schemes.{name}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in table.items()]
        lines.append("")
    lines += ["[kpis]", f"scheme = {_quote(case.default)}", ""]
    for row in case.rows:
        if row.scheme is not None and row.tolerance is None:
            lines += [f'[kpis.ids."{row.id}"]', f"scheme = {_quote(row.scheme)}", ""]
    return "\n".join(lines)


FILE_COLUMNS = (
    "id",
    "title",
    "target",
    "value",
    "better",
    "tolerance",
    "recorded",
    "override",
    "unit",
    "fraction",
    "previous",
    "reason",
)


def records_of(case: Case) -> list[dict[str, str]]:
    """The case as the records of a KPI file: every cell text, empty for nothing."""
    return [
        {
            "id": row.id,
            "title": row.title,
            "target": row.target or "",
            "value": row.value or "",
            "better": row.better or "",
            "tolerance": row.tolerance or "",
            "recorded": row.recorded or "",
            "override": row.override or "",
            "unit": row.unit or "",
            "fraction": "true" if row.fraction else "",
            "previous": row.previous or "",
            "reason": row.reason or "",
        }
        for row in case.rows
    ]


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
"""A plain number as JSON and TOML write one."""


def _cell(column: str, text: str) -> str:
    """A JSON or TOML cell: a plain figure as a number (read back exactly), the rest as text."""
    if column in {"value", "previous"} and NUMBER.fullmatch(text):
        return text
    return _quote(text)


def write_kpi_file(case: Case, path: Path) -> Path:
    """Write the case as a KPI file in the format its suffix names."""
    return write_records(records_of(case), FILE_COLUMNS, path)


def write_records(records: Sequence[Mapping[str, str]], columns: Sequence[str], path: Path) -> Path:
    """Write KPI records (text cells, empty for nothing) in the format ``path``'s suffix names."""
    if path.suffix == ".csv":
        import csv  # noqa: PLC0415

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(records)
    elif path.suffix == ".json":
        items = [
            "{" + ", ".join(f"{_quote(k)}: {_cell(k, v)}" for k, v in record.items() if v) + "}"
            for record in records
        ]
        path.write_text('{"kpis": [' + ",\n".join(items) + "]}", encoding="utf-8")
    elif path.suffix == ".toml":
        lines = []
        for record in records:
            lines.append("[[kpis]]")
            lines += [f"{key} = {_cell(key, value)}" for key, value in record.items() if value]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(columns))
        for record in records:
            sheet.append([record[column] or None for column in columns])
        book.save(path)
    return path


def _outcomes_from_table(header: Sequence[object], body: Sequence[Sequence[object]]) -> Outcomes:
    columns = [str(name) for name in header]
    where = {name: columns.index(name) for name in ("ID", "Status", "Explanation")}
    return {
        str(line[where["ID"]]): Outcome(
            str(line[where["Status"]]), None, _text(line[where["Explanation"]])
        )
        for line in body
    }


def through_cli(case: Case, folder: Path, source: str, output: str) -> Outcomes:
    """``kpirag evaluate`` on the case written as ``source``, its result read from ``output``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = write_kpi_file(case, folder / f"kpis.{source}")
    return evaluate_file(data, rules_file(case), output)


def evaluate_file(data: Path, rules: str, output: str, *options: str) -> Outcomes:
    """``kpirag evaluate DATA --rules RULES --format OUTPUT``, its result read back."""
    folder = data.parent
    (folder / "rules.toml").write_text(rules, encoding="utf-8")
    out = folder / f"out.{output}"
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = [str(data), "--rules", str(folder / "rules.toml"), *options]
    arguments += ["--format", output, "--output", str(out), "--quiet"]
    code = main(["evaluate", *arguments], stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    if output == "json":
        return {
            item["id"]: Outcome(item["status"], item["computed"], item["explanation"])
            for item in json.loads(out.read_text(encoding="utf-8"))
        }
    if output == "csv":
        import csv  # noqa: PLC0415

        with out.open(newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        return _outcomes_from_table(table[0], table[1:])
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [list(line) for line in sheet.iter_rows(values_only=True)]
    start = next(i for i, line in enumerate(cells) if line and line[0] == "ID")
    return _outcomes_from_table(cells[start], [line for line in cells[start + 1 :] if line[0]])


# ---------------------------------------------------------------- door: frames


def frames_rows(case: Case, *, trend_aware: bool | None) -> list[Row]:
    """The rows frames can take, with or without trend-aware schemes."""
    return [row for row in case.rows if trend_aware is None or case.trend_aware(row) == trend_aware]


Pair = tuple[Row, Row, str]
"""An observation for frames: the KPI, the row whose figures it takes, and its organisation."""


def _rule_key(row: Row) -> tuple[object, ...]:
    return (row.target, row.better, row.unit, row.fraction, row.scheme, row.tolerance)


def pairs_of(chosen: Sequence[Row]) -> list[Pair]:
    """Each row's figures for its own KPI (organisation A) and, where other rows share its
    rule, for the next such KPI (organisation B): several rows per KPI, as frames hold them."""
    by_rule: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    for row in chosen:
        by_rule[_rule_key(row)].append(row)
    pairs: list[Pair] = [(row, row, "A") for row in chosen]
    for group in by_rule.values():
        pairs += [
            (kpi, figures, "B")
            for kpi, figures in zip(group, [*group[1:], group[0]], strict=True)
            if kpi is not figures
        ]
    return pairs


def key(pair: Pair) -> str:
    """The result key of an observation: its KPI and organisation."""
    return f"{pair[0].id}@{pair[2]}"


def frame_tables(
    chosen: Sequence[Row], pairs: Sequence[Pair], *, floats: bool
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Observations (one per pair) and definitions (one per chosen row) as columns; values
    as text or as floats.

    A reason is not a frame column, so its figure is null.
    """
    values: list[Any] = []
    previous: list[Any] = []
    for _, row, _ in pairs:
        figure = None if row.reason is not None else row.value
        if floats:
            number = None if figure is None or row.number is None else row.number
            if number is not None and row.fraction:
                number = number.scaleb(-2)  # the figure as a fraction of 1, as written
            values.append(None if number is None else float(number))
        else:
            values.append(figure)
        before = None if row.previous is None else Decimal(row.previous)
        if before is None:
            previous.append(None)
        else:  # as the file writes it, so the explanation's "previous 70" reads the same
            previous.append(float(before) if floats else _number_text(before))
    observations: dict[str, list[Any]] = {
        "kpi_id": [kpi.id for kpi, _, _ in pairs],
        "org": [org for _, _, org in pairs],
        "value": values,
        "previous": previous,
        "recorded": [row.recorded for _, row, _ in pairs],
        "override": [row.override for _, row, _ in pairs],
    }
    definitions: dict[str, list[Any]] = {
        "kpi_id": [row.id for row in chosen],
        "title": [row.title for row in chosen],
        "target": [row.target for row in chosen],
        "better": [row.better for row in chosen],
        "unit": [row.unit for row in chosen],
        "tolerance": [row.tolerance or row.scheme for row in chosen],
        # Floats carry no % sign: a percentage KPI's floats are declared percentages.
        "fraction": ["true" if row.fraction else "false" if floats else None for row in chosen],
    }
    return observations, definitions


def arrow(columns: dict[str, list[Any]]) -> pa.Table:
    """The columns as a pyarrow table with stated types (a column of nulls stays typed):
    figures as floats unless some are text, everything else text."""
    types = {}
    for name in ("value", "previous"):
        cells = columns.get(name, [""])
        if cells and not any(isinstance(cell, str) for cell in cells):
            types[name] = pa.float64()
    return pa.table({k: pa.array(v, type=types.get(k, pa.string())) for k, v in columns.items()})


ENGINES: dict[str, Callable[[dict[str, list[Any]]], Any]] = {
    "pandas": pd.DataFrame,
    "polars": lambda columns: pl.from_arrow(arrow(columns)),
    "polars-lazy": lambda columns: pl.from_arrow(arrow(columns)).lazy(),  # type: ignore[union-attr]
    "pyarrow": arrow,
    "duckdb": lambda columns: duckdb.from_arrow(arrow(columns)),
    "dask": lambda columns: dd.from_pandas(pd.DataFrame(columns), npartitions=2),
}
"""Each engine's frame from plain columns."""


def _records(result: Any) -> list[dict[str, Any]]:
    if isinstance(result, dd.DataFrame):
        result = result.compute()
    if isinstance(result, pl.LazyFrame):
        result = result.collect()
    if isinstance(result, duckdb.DuckDBPyRelation):
        result = result.arrow()
    if isinstance(result, pa.Table | pa.RecordBatchReader):
        result = pl.from_arrow(
            result.read_all() if isinstance(result, pa.RecordBatchReader) else result
        )
    if isinstance(result, pd.DataFrame):
        frame = result.astype(object)
        return frame.where(frame.notna(), None).to_dict("records")  # type: ignore[no-any-return]
    assert isinstance(result, pl.DataFrame)
    statuses = [name for name in ("status", "computed") if name in result.columns]
    return result.cast(dict.fromkeys(statuses, pl.String)).to_dicts()


def through_frames(
    case: Case,
    chosen: Sequence[Row],
    pairs: Sequence[Pair],
    engine: str,
    *,
    floats: bool = False,
    objects: bool = False,
) -> tuple[Outcomes, dict[str, str | None]]:
    """``kpirag.frames.evaluate`` on ``engine``: each observation's outcome and direction of
    travel, by ``key``."""
    observations, definitions = frame_tables(chosen, pairs, floats=floats)
    make = ENGINES[engine]
    given: Any = definitions_of(case, chosen) if objects else make(definitions)
    result = kpirag.frames.evaluate(
        make(observations),
        given,
        period=None,
        org="org",
        recorded="recorded",
        override="override",
        previous="previous",
        scheme=case.scheme_objects()[case.default],
        schemes=case.scheme_objects(),
        scale=case.scale,
    )
    outcomes: Outcomes = {}
    travel: dict[str, str | None] = {}
    for record in _records(result):
        where = f"{record['kpi_id']}@{record['org']}"
        assert where not in outcomes, where
        outcomes[where] = Outcome(
            str(record["status"]), _text(record.get("computed")), _text(record["explanation"])
        )
        travel[where] = _text(record.get("travel"))
    return outcomes, travel


def definitions_of(case: Case, chosen: Sequence[Row]) -> Framework:
    """The chosen rows' KPIs as a `Framework` (frames take one as definitions too)."""
    wanted = {row.id for row in chosen}
    whole = framework_of(case)
    return Framework([kpi for kpi in whole.kpis if kpi.id in wanted], scheme=whole.scheme)


# ---------------------------------------------------------------- door: classify_many


def through_classify_many(case: Case, *, arrays: bool) -> dict[str, str]:
    """``classify_many`` per distinct (target, scheme): rows without a previous figure.

    ``classify_many`` takes no previous figure, so a row with one is left out
    when its scheme is trend-aware. Figures are the file's text (a fraction KPI's in
    percent), or floats.
    """
    groups: dict[tuple[str, Better | None, str | None, str | None], list[Row]] = defaultdict(list)
    for row in case.rows:
        if not row.rated or (row.previous is not None and case.trend_aware(row)):
            continue
        assert row.target is not None
        groups[(row.target, row.better, row.tolerance, row.scheme)].append(row)
    result: dict[str, str] = {}
    for (text, better, _, _), members in groups.items():
        target = Target.parse(text, better=better)
        scheme = case.scheme_of(members[0])
        values: Any
        if arrays:
            values = np.array([float(row.number or 0) for row in members])
        else:
            values = [  # the file's text; a fraction KPI's figure in percent
                _number_text(row.number or Decimal(0)) + "%" if row.fraction else row.value
                for row in members
            ]
        for row, status in zip(members, classify_many(values, target, scheme), strict=True):
            result[row.id] = str(status)
    return result


# ---------------------------------------------------------------- comparisons


@contextmanager
def quiet() -> Iterator[None]:
    """No warnings (a figure that looks like a fraction is still judged the same way)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def assert_same(
    reference: Outcomes,
    other: Outcomes,
    door: str,
    *,
    explain: bool,
    unexplained: Collection[str] = (),
) -> None:
    """Every KPI of ``other`` has the reference's status, and its explanation if ``explain``
    (except the ``unexplained`` KPIs, whose figure or reason does not reach the door as text)."""
    assert other.keys() <= reference.keys(), door
    differ: dict[str, tuple[str | None, str | None]] = {}
    for key, outcome in other.items():
        expected = reference[key]
        if outcome.status != expected.status:
            differ[key] = (expected.status, outcome.status)
        elif outcome.computed is not None and outcome.computed != expected.computed:
            differ[key] = (f"computed {expected.computed}", f"computed {outcome.computed}")
        elif explain and key not in unexplained and outcome.explanation != expected.explanation:
            differ[key] = (expected.explanation, outcome.explanation)
    shown = dict(list(differ.items())[:10])
    assert not differ, f"{door} differs from the object path on {len(differ)} KPIs: {shown}"


CLI_DOORS = (("csv", "json"), ("toml", "csv"), ("json", "xlsx"), ("xlsx", "json"))
"""(input, output) pairs for ``kpirag evaluate``: every input and output format once."""


@SETTINGS
@given(cases())
def test_the_command_line_agrees_with_the_object_path(
    tmp_path_factory: pytest.TempPathFactory, case: Case
) -> None:
    """Law: `kpirag evaluate` (and `load_kpis`) gives every KPI the object path's status and
    explanation, from csv, toml, json and xlsx files, writing csv, json and xlsx; `kpirag audit` lists the
    KPIs whose recorded status departs from the rule, as `KPIResult.audit_entry` does."""
    with quiet():
        reference, _ = through_objects(case)
    folder = tmp_path_factory.mktemp("cli")
    for source, output in CLI_DOORS:
        outcomes = through_cli(case, folder / f"{source}-{output}", source, output)
        assert outcomes.keys() == reference.keys()
        assert_same(reference, outcomes, f"kpirag evaluate {source} -> {output}", explain=True)
        loaded = through_loader(folder / f"{source}-{output}" / f"kpis.{source}")
        assert_same(reference, loaded, f"load_kpis({source}).evaluate()", explain=True)
    if any(row.recorded is not None for row in case.rows):
        assert audit_of(case, folder / "audit") == objects_audit(case)
    observations, definitions = write_tidy_files(case, folder / "tidy")
    tidy = evaluate_file(observations, rules_file(case), "json", "--definitions", str(definitions))
    assert_same(reference, tidy, "kpirag evaluate OBS --definitions DEFS", explain=True)
    rules = load_rules(folder / "tidy" / "rules.toml")
    with quiet():
        tidy_evaluation = load_observations(observations, definitions, rules=rules).evaluate()
    assert_same(
        reference,
        {
            r.kpi.id: Outcome(str(r.status), str(r.computed), r.explanation)
            for r in tidy_evaluation.results
        },
        "load_observations(OBS, DEFS).evaluate()",
        explain=True,
    )


def write_tidy_files(case: Case, folder: Path) -> tuple[Path, Path]:
    """The case as a tidy observations file and a definitions file (csv), split by their columns."""
    folder.mkdir(parents=True, exist_ok=True)
    records = records_of(case)
    observed = [column for column in FILE_COLUMNS if column in OBSERVATION_COLUMNS]
    defined = [column for column in FILE_COLUMNS if column in DEFINITION_COLUMNS]
    observations = write_records(
        [{column: record[column] for column in observed} for record in records],
        observed,
        folder / "observations.csv",
    )
    definitions = write_records(
        [{column: record[column] for column in defined} for record in records],
        defined,
        folder / "definitions.csv",
    )
    return observations, definitions


def through_loader(data: Path) -> Outcomes:
    """``kpirag.io.load_kpis(DATA, rules=load_rules(RULES)).evaluate()`` on a written case."""
    rules = load_rules(data.parent / "rules.toml")
    with quiet():
        loaded = load_kpis(data, rules=rules)
        evaluation = loaded.evaluate()
        # A CSV file's plain rows are judged as read, their objects made when asked for:
        # each result so deferred equals the one made in full, field by field.
        assert evaluation.results == loaded.framework.evaluate(loaded.observations).results
    return {
        r.kpi.id: Outcome(str(r.status), str(r.computed), r.explanation) for r in evaluation.results
    }


def objects_audit(case: Case) -> dict[str, tuple[str, str, int | None]]:
    """Each KPI whose recorded status departs from the rule: recorded, computed, levels apart."""
    with quiet():
        evaluation = framework_of(case).evaluate(observations_of(case))
    entries = [result.audit_entry() for result in evaluation.results]
    return {
        entry.kpi_id: (str(entry.recorded), str(entry.computed), entry.levels)
        for entry in entries
        if entry is not None
    }


def audit_of(case: Case, folder: Path) -> dict[str, tuple[str, str, int | None]]:
    """``kpirag audit --format json`` on the case as CSV: the same entries, exit 1 if any."""
    folder.mkdir(parents=True, exist_ok=True)
    data = write_kpi_file(case, folder / "kpis.csv")
    (folder / "rules.toml").write_text(rules_file(case), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = [str(data), "--rules", str(folder / "rules.toml"), "--format", "json", "--quiet"]
    code = main(["audit", *arguments], stdout=stdout, stderr=stderr)
    entries = json.loads(stdout.getvalue())
    assert code == (1 if entries else 0), stderr.getvalue()
    return {item["id"]: (item["recorded"], item["computed"], item["levels"]) for item in entries}


def assert_frames_agree(case: Case, chosen: Sequence[Row]) -> None:
    """Frames on every engine (text figures), on pandas and polars (float figures) and with
    a `Framework` for definitions give ``chosen`` the object path's outcomes and travel:
    each observation of `pairs_of` those of the row whose figures it takes."""
    with quiet():
        reference, travel = through_objects(case)
    pairs = pairs_of(chosen)
    want = {key(pair): reference[pair[1].id] for pair in pairs}
    moves = {key(pair): travel[pair[1].id] for pair in pairs}
    reasons = {key(pair) for pair in pairs if pair[1].reason is not None}  # not a frame column
    for engine in ENGINES:
        outcomes, moved = through_frames(case, chosen, pairs, engine)
        assert outcomes.keys() == want.keys(), engine
        assert_same(want, outcomes, f"frames on {engine}", explain=True, unexplained=reasons)
        assert moved == moves, engine
    for engine in ("pandas", "polars"):
        outcomes, _ = through_frames(case, chosen, pairs, engine, floats=True)
        assert_same(want, outcomes, f"frames on {engine}, float values", explain=False)
    outcomes, _ = through_frames(case, chosen, pairs, "pandas", objects=True)
    assert_same(want, outcomes, "frames with a Framework", explain=True, unexplained=reasons)


@settings(SETTINGS, max_examples=8)
@given(cases())
def test_frames_agree_with_the_object_path(case: Case) -> None:
    """Law: `frames.evaluate` on every engine gives each KPI of a scheme without trends the
    object path's status, explanation (for text figures) and direction of travel."""
    assert_frames_agree(case, frames_rows(case, trend_aware=False))


def with_the_issue_20_kpi(case: Case) -> Case:
    """``case`` and the KPI of issue 20: "Amber within 10%, or beyond it but improved",
    target >=100, value 80, previous 70 (the object path: the improved status)."""
    names = _level_names(case.levels)
    middle = names[1] if len(names) > 2 else names[0]
    council = {
        "scale": "rag" if case.levels is None else GENERATED,
        "met": names[0],
        "steps": [{"within": "10%", "status": middle}] if len(names) > 2 else [],
        "beyond": names[-1],
        "beyond_by_trend": {"improved": middle},
    }
    kpi = Row(
        id="issue-20",
        target=">=100",
        better=None,
        unit=None,
        fraction=False,
        scheme="council",
        tolerance=None,
        value="80",
        number=Decimal(80),
        previous="70",
        recorded=None,
        override=None,
        reason=None,
    )
    return attrs.evolve(case, schemes={**case.schemes, "council": council}, rows=(kpi, *case.rows))


@settings(SETTINGS, max_examples=5)
@given(cases())
def test_trend_aware_schemes_in_frames_agree_with_the_object_path(case: Case) -> None:
    """Law: `frames.evaluate` on every engine gives each KPI of a trend-aware scheme the
    object path's status, explanation and direction of travel (with the issue's own KPI and
    the hand-worked trend table)."""
    table, _ = trend_case()
    assert_frames_agree(table, table.rows)
    case = with_the_issue_20_kpi(case)
    assert_frames_agree(case, frames_rows(case, trend_aware=True))


@settings(SETTINGS, max_examples=8)
@given(cases())
def test_classify_many_agrees_with_the_object_path(case: Case) -> None:
    """Law: `classify_many` on text and on float arrays gives each rated KPI the object
    path's computed status."""
    with quiet():
        reference, _ = through_objects(case)
    for arrays in (False, True):
        statuses = through_classify_many(case, arrays=arrays)
        expected = {key: reference[key].computed for key in statuses}
        assert statuses == expected, f"classify_many, arrays={arrays}"


# ---------------------------------------------------------------- hand-picked edges

EXCLUSIVE = {"scale": "rag", "steps": [{"within": "5%", "status": "Amber", "edge": "exclusive"}]}
INCLUSIVE = {"scale": "rag", "steps": [{"within": "5%", "status": "Amber", "edge": "inclusive"}]}

EDGES: list[tuple[str, Better | None, str, list[tuple[str, str]]]] = [
    (
        ">=75%",
        None,
        "10%",
        [("75", "Green"), ("74.99", "Amber"), ("67.5", "Amber"), ("67.49", "Red")],
    ),
    (
        "<43",
        None,
        "10%",
        [("42.99", "Green"), ("43", "Amber"), ("47.3", "Amber"), ("47.31", "Red")],
    ),
    ("<=43", None, "10%", [("43", "Green"), ("43.01", "Amber")]),
    (
        ">75%",
        None,
        "10%",
        [("75.01", "Green"), ("75", "Amber"), ("67.5", "Amber"), ("67.49", "Red")],
    ),
    (
        "95%-105%",
        None,
        "5pt",
        [("95", "Green"), ("105", "Green"), ("90", "Amber"), ("89.99", "Red"), ("110", "Amber")],
    ),
    ("95%-105%", None, "5pt", [("110.01", "Red")]),
    (">=100", None, "exclusive", [("100", "Green"), ("95.01", "Amber"), ("95", "Red")]),
    (">=100", None, "inclusive", [("95", "Amber"), ("94.99", "Red")]),
    ("0", "lower", "10%", [("0", "Green"), ("1", "Red")]),
    ("<=10", None, "2pt", [("12", "Amber"), ("12.01", "Red")]),
    (">=42%", None, "10%", [("37.8", "Amber"), ("37.79", "Red")]),
    (">=2000", None, "10%", [("1800", "Amber"), ("1799.99", "Red")]),
    ("A maximum of 30 weeks.", None, "10%", [("30", "Green"), ("33", "Amber"), ("33.01", "Red")]),
    (">=-10", None, "10%", [("-10", "Green"), ("-11", "Amber"), ("-11.01", "Red")]),
]
"""(target, better, rule, [(value, status)]): each value exactly on an edge or one step past
it, with the status worked out by hand. A rule is a tolerance or the name of a scheme with
an ``exclusive`` or ``inclusive`` edge."""

FORMS: dict[str, Callable[[Decimal], object]] = {
    "int": int,
    "float": float,
    "Decimal": lambda number: number,
    "str": _number_text,
}


def edge_case() -> tuple[Case, dict[str, str]]:
    """The edge table as a case (one KPI per value) and each KPI's status by hand."""
    rows_: list[Row] = []
    expected: dict[str, str] = {}
    for target, better, rule, values in EDGES:
        unit = "percent" if "%" in target else "weeks" if "weeks" in target else None
        for value, status in values:
            ident = f"E{len(rows_):02d}"
            expected[ident] = status
            scheme = rule if rule in {"exclusive", "inclusive"} else None
            rows_.append(
                Row(
                    id=ident,
                    target=target,
                    better=better,
                    unit=unit,
                    fraction=False,
                    scheme=scheme,
                    tolerance=None if scheme else rule,
                    value=f"{value} weeks" if unit == "weeks" else value,
                    number=Decimal(value),
                    previous=None,
                    recorded=None,
                    override=None,
                    reason=None,
                )
            )
    schemes: dict[str, Mapping[str, Any]] = {
        "default": {"scale": "rag", "tolerance": "10%"},
        "exclusive": EXCLUSIVE,
        "inclusive": INCLUSIVE,
    }
    return Case(None, schemes, "default", tuple(rows_)), expected


def typed_frame(engine: str, ids: list[str], values: list[object]) -> Any:
    """Observations on ``engine`` whose value column has the type of ``values``."""
    if isinstance(values[0], Decimal):
        decimals = pa.array(values, type=pa.decimal128(12, 2))
        table = pa.table({"kpi_id": pa.array(ids, pa.string()), "value": decimals})
    else:
        table = pa.table({"kpi_id": ids, "value": values})
    if engine == "pyarrow":
        return table
    if engine == "polars":
        return pl.from_arrow(table)
    if engine == "polars-lazy":
        return pl.from_arrow(table).lazy()  # type: ignore[union-attr]
    if engine == "duckdb":
        return duckdb.from_arrow(table)
    frame = pd.DataFrame({"kpi_id": ids, "value": values})
    assert engine in {"pandas", "dask"}, engine
    return frame if engine == "pandas" else dd.from_pandas(frame, npartitions=2)


def test_values_on_every_edge_get_the_same_status_through_every_door(tmp_path: Path) -> None:
    """Values exactly on each edge (inclusive and exclusive) and one step past it, as int,
    float, Decimal and text, get the status worked out by hand through every door."""
    case, expected = edge_case()
    framework = framework_of(case)
    for form, make in FORMS.items():
        chosen = [r for r in case.rows if form != "int" or r.number == int(r.number or 0)]
        values = [make(r.number or Decimal(0)) for r in chosen]
        ids = [r.id for r in chosen]
        wanted = {ident: expected[ident] for ident in ids}
        observations = [Observation(i, v) for i, v in zip(ids, values, strict=True)]  # type: ignore[arg-type]
        evaluation = framework.evaluate(observations)
        assert {r.kpi.id: str(r.status) for r in evaluation.results if r.kpi.id in wanted} == wanted
        for engine in ENGINES:
            result = kpirag.frames.evaluate(
                typed_frame(engine, ids, values), framework, period=None
            )
            got = {str(r["kpi_id"]): str(r["status"]) for r in _records(result)}
            assert got == wanted, f"frames on {engine}, {form} values"
        many: dict[str, str] = {}
        for row, value in zip(chosen, values, strict=True):
            assert row.target is not None
            target = Target.parse(row.target, better=row.better)
            given_values: Any = np.array([value]) if form in {"int", "float"} else [value]
            many[row.id] = str(classify_many(given_values, target, case.scheme_of(row))[0])
        assert many == wanted, f"classify_many, {form} values"
    for source, output in (("csv", "json"), ("xlsx", "csv"), ("toml", "xlsx")):
        outcomes = through_cli(case, tmp_path / f"{source}-{output}", source, output)
        assert {key: one.status for key, one in outcomes.items()} == expected, (source, output)


# ---------------------------------------------------------------- composites and profiles

PERIOD = "Q2 2017/18"
"""The period judged for profiled targets (the second quarter: a quarter or half the year)."""

ROLLUPS = ("worst", "primary:P1", "majority", "majority:better")
PROFILES = {"linear": Profile.linear(4), "10;20;30;40": Profile.percentages([10, 20, 30, 40])}


@attrs.frozen
class Structured:
    """A composite KPI (``parts``) or a profiled one (``profile``): the doors that take them."""

    id: str
    rollup: str | None
    recorded: str | None
    parts: tuple[tuple[str, str | None, str | None], ...]
    profile: str | None
    cumulative: bool
    target: str | None
    value: str | None


@st.composite
def structured(draw: st.DrawFn, ident: str) -> Structured:
    """A composite of 2 to 4 parts (some without a target or a figure) or a profiled KPI."""
    recorded = draw(st.one_of(st.none(), st.sampled_from(["Green", "Amber", "Red"])))
    if draw(st.booleans()):
        parts = []
        for index in range(draw(st.integers(2, 4))):
            kind = draw(st.sampled_from(["count", "percent"]))
            target, better, _ = draw(target_texts(kind))
            if better is not None:
                target = f"{'>=' if better == 'higher' else '<='}{target}"
            scheme = Scheme.standard("10%")
            value, _, _ = draw(figure_texts(kind, None, Target.parse(target), scheme))
            parts.append((f"P{index + 1}", None if draw(st.integers(0, 9)) == 0 else target, value))
        rollup = draw(st.sampled_from(ROLLUPS))
        return Structured(ident, rollup, recorded, tuple(parts), None, True, None, None)
    number = _number_text(draw(target_numbers()))
    target = f"{draw(st.sampled_from(['>=', '<=']))}{number}"
    value, _, _ = draw(figure_texts("count", None, Target.parse(target), Scheme.standard("10%")))
    profile = draw(st.sampled_from(sorted(PROFILES)))
    return Structured(ident, None, recorded, (), profile, draw(st.booleans()), target, value)


STRUCTURED_COLUMNS = (
    "id",
    "title",
    "target",
    "value",
    "part",
    "rollup",
    "recorded",
    "profile",
    "cumulative",
)


def structured_records(kpis: Sequence[Structured]) -> list[dict[str, str]]:
    """The KPIs as file records: a composite as a header row and one row per part."""
    records = []
    for kpi in kpis:
        head = dict.fromkeys(STRUCTURED_COLUMNS, "")
        head |= {"id": kpi.id, "title": f"Measure {kpi.id}", "recorded": kpi.recorded or ""}
        if kpi.parts:
            records.append(head | {"rollup": kpi.rollup or ""})
            for name, target, value in kpi.parts:
                part = {"part": name, "target": target or "", "value": value or ""}
                records.append(head | {"recorded": ""} | part)
        else:
            cumulative = "true" if kpi.cumulative else "false"
            cells = {"target": kpi.target or "", "value": kpi.value or ""}
            records.append(head | cells | {"profile": kpi.profile or "", "cumulative": cumulative})
    return records


def _rollup(text: str) -> Rollup:
    kind, _, argument = text.partition(":")
    if kind == "primary":
        return Rollup.primary(argument)
    if kind == "majority":
        return Rollup.majority(tie=argument or "worse")
    return Rollup.worst()


def structured_objects(kpis: Sequence[Structured]) -> tuple[list[KPI], list[Observation]]:
    """The KPIs as objects, and their observations."""
    definitions, observations = [], []
    scale = Scale.rag()
    for kpi in kpis:
        recorded = None if kpi.recorded is None else scale.parse(kpi.recorded)
        title = f"Measure {kpi.id}"
        if kpi.parts:
            parts = [Part(name, None if t is None else Target.parse(t)) for name, t, _ in kpi.parts]
            rollup = _rollup(kpi.rollup or "worst")
            definitions.append(KPI(kpi.id, title, None, parts=parts, rollup=rollup))
            figures = {name: value for name, _, value in kpi.parts}
            observations.append(Observation(kpi.id, parts=figures, recorded=recorded))
        else:
            profile = PROFILES[kpi.profile or "linear"]
            options: dict[str, Any] = {"profile": profile, "cumulative": kpi.cumulative}
            definitions.append(KPI(kpi.id, title, kpi.target, **options))
            observations.append(Observation(kpi.id, kpi.value, recorded=recorded))
    return definitions, observations


@settings(SETTINGS, max_examples=6)
@given(
    st.integers(20, 60).flatmap(
        lambda size: st.tuples(*(structured(f"C{index:02d}") for index in range(size)))
    ),
    scheme_tables(None),
)
def test_composites_and_profiles_agree_between_objects_and_the_command_line(
    tmp_path_factory: pytest.TempPathFactory,
    kpis: tuple[Structured, ...],
    scheme: dict[str, Any],
) -> None:
    """Law: composite KPIs (every rollup) and profiled targets get the same status and
    explanation from `Framework.evaluate` and `kpirag evaluate --period`, csv and xlsx in."""
    definitions, observations = structured_objects(kpis)
    plain = {k: v for k, v in scheme.items() if k not in {"beyond_by_trend", "when_no_previous"}}
    if "steps" in plain:  # no previous figures here: a scheme without trends
        plain["steps"] = [
            {k: v for k, v in step.items() if k != "trend"} for step in plain["steps"]
        ]
    with quiet():
        framework = Framework(definitions, scheme=Scheme.from_dict(plain))
        evaluation = framework.evaluate(observations, period=PERIOD)
    reference = {
        r.kpi.id: Outcome(str(r.status), str(r.computed), r.explanation) for r in evaluation.results
    }
    lines = [f"{key} = {_toml_value(value)}" for key, value in plain.items()]
    rules = "\n".join(["[schemes.default]", *lines, "", "[kpis]", 'scheme = "default"', ""])
    folder = tmp_path_factory.mktemp("structured")
    for source, output in (("csv", "json"), ("xlsx", "csv")):
        data = write_records(
            structured_records(kpis), STRUCTURED_COLUMNS, folder / f"kpis-{output}.{source}"
        )
        outcomes = evaluate_file(data, rules, output, "--period", PERIOD)
        assert outcomes.keys() == reference.keys()
        assert_same(reference, outcomes, f"kpirag evaluate {source} -> {output}", explain=True)


# ---------------------------------------------------------------- hand-picked trends

COUNCIL = {
    "scale": "rag",
    "steps": [{"within": "10%", "status": "Amber"}],
    "beyond_by_trend": {"improved": "Amber"},
}
""""Amber within 10%, or beyond it but improved on the previous period; Red otherwise"."""

TREND_EDGES: list[tuple[str, str, str, str | None, str]] = [
    ("ignore", ">=100", "80", "70", "Amber"),
    ("ignore", ">=100", "80", "80", "Red"),
    ("ignore", ">=100", "80", "85", "Red"),
    ("ignore", ">=100", "90", "95", "Amber"),
    ("ignore", ">=100", "89.99", "89.98", "Amber"),
    ("ignore", ">=100", "89.99", None, "Red"),
    ("ignore", ">=100", "100", "120", "Green"),
    ("ignore", "<=50", "60", "70", "Amber"),
    ("ignore", "<=50", "60", "55", "Red"),
    ("ignore", "<=50", "55", None, "Amber"),
    ("improved", ">=100", "80", None, "Amber"),
    ("improved", ">=100", "80", "85", "Red"),
    ("improved", "<=50", "56", None, "Amber"),
    ("N/A", ">=100", "80", None, "N/A"),
    ("N/A", ">=100", "95", None, "Amber"),
    ("N/A", ">=100", "80", "70", "Amber"),
    ("N/A", "<=50", "56", None, "N/A"),
]
"""(when_no_previous, target, value, previous, status) under `COUNCIL`, worked out by hand."""


def trend_case() -> tuple[Case, dict[str, str]]:
    """The trend table as a case (one KPI per line) and each KPI's status by hand."""
    names = {"ignore": "ignore", "improved": "improved", "N/A": "na"}  # TOML bare keys
    schemes = {
        f"council-{key}": COUNCIL | {"when_no_previous": when} for when, key in names.items()
    }
    rows_ = [
        Row(
            id=f"T{index:02d}",
            target=target,
            better=None,
            unit=None,
            fraction=False,
            scheme=f"council-{names[when]}",
            tolerance=None,
            value=value,
            number=Decimal(value),
            previous=previous,
            recorded=None,
            override=None,
            reason=None,
        )
        for index, (when, target, value, previous, _) in enumerate(TREND_EDGES)
    ]
    expected = {row.id: status for row, (*_, status) in zip(rows_, TREND_EDGES, strict=True)}
    return Case(None, schemes | {"default": COUNCIL}, "default", tuple(rows_)), expected


def test_trend_aware_edges_get_the_same_status_through_objects_the_cli_and_classify(
    tmp_path: Path,
) -> None:
    """Each trend (improved, unchanged, worse, none) at and beyond a step, on each side of a
    target and under each `when_no_previous`, gets the status worked out by hand from the
    object path, `kpirag evaluate` and `classify(..., previous=)`."""
    case, expected = trend_case()
    reference, _ = through_objects(case)
    assert {key: one.status for key, one in reference.items()} == expected
    for source, output in (("csv", "json"), ("xlsx", "csv")):
        outcomes = through_cli(case, tmp_path / f"{source}-{output}", source, output)
        assert_same(reference, outcomes, f"kpirag evaluate {source} -> {output}", explain=True)
    for row in case.rows:
        assert row.target is not None
        status = classify(row.value, row.target, case.scheme_of(row), previous=row.previous)
        assert str(status) == expected[row.id], row


# ---------------------------------------------------------------- figures without a target


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        pytest.param("", "£4.44", id="pounds"),
        pytest.param("money", "£4.44", id="money-pounds"),
        pytest.param("money", "(£4.44)", id="money-bracketed"),
        pytest.param("", "69%", id="percent"),
        pytest.param("jobs", "103 jobs", id="unit-word"),
    ],
)
def test_a_figure_for_a_kpi_with_no_target_yet_gets_one_answer_from_every_door(
    tmp_path: Path, unit: str, value: str
) -> None:
    """A figure of a KPI with no target yet (tbc) is either not rated through every door, or
    refused through every door: objects, `kpirag evaluate` and frames agree."""
    answers: dict[str, tuple[str, ...]] = {}
    options: dict[str, Any] = {} if unit in {"", "jobs"} else {"unit": Unit(unit)}
    figure = value.removesuffix(" jobs")  # a unit word reaches objects as its number
    try:
        with quiet():
            result = Framework([KPI("x", "X", None, **options)]).evaluate(
                [Observation("x", figure)]
            )
        answers["objects"] = (str(result.results[0].status), result.results[0].explanation)
    except KpiragError:
        answers["objects"] = ("refused",)
    data = write_records(
        [{"id": "x", "title": "X", "target": "", "value": value, "unit": unit}],
        ("id", "title", "target", "value", "unit"),
        tmp_path / "kpis.csv",
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = ["evaluate", str(data), "--format", "json", "--quiet"]
    if main(arguments, stdout=stdout, stderr=stderr) == 0:
        item = json.loads(stdout.getvalue())[0]
        answers["kpirag evaluate"] = (item["status"], item["explanation"])
    else:
        answers["kpirag evaluate"] = ("refused",)
    definitions = pd.DataFrame({"kpi_id": ["x"], "target": [None], "unit": [unit or None]})
    try:
        frame = kpirag.frames.evaluate(
            pd.DataFrame({"kpi_id": ["x"], "value": [value]}), definitions, period=None
        )
        answers["frames"] = (str(frame["status"][0]), str(frame["explanation"][0]))
    except KpiragError:
        answers["frames"] = ("refused",)
    assert len(set(answers.values())) == 1, answers


# ---------------------------------------------------------------- previous figures in a unit


@pytest.mark.parametrize(
    ("target", "value", "previous"),
    [
        (">=80", "83", "85%"),
        (">=80", "83", "£85"),
        (">=£80", "£83", "85%"),
        ("<=60 weeks", "55 weeks", "£60"),
        ("<=60 weeks", "55 weeks", "60 jobs"),
        (">=80%", "83%", "85%"),
        (">=80%", "83%", "85"),
        ("<=60 weeks", "55 weeks", "60 weeks"),
        (">=£80", "£83", "£81"),
    ],
)
def test_a_previous_figure_in_a_unit_gets_one_answer_from_every_door(
    tmp_path: Path, target: str, value: str, previous: str
) -> None:
    """A previous figure in another unit than its KPI's is refused through every door, and one
    in its unit (or none) gives the same travel: objects, `kpirag evaluate` and frames agree."""
    answers: dict[str, tuple[str, ...]] = {}
    travels: dict[str, str] = {}
    try:
        result = evaluate_kpi(KPI("x", "X", target), Observation("x", value, previous=previous))
        answers["objects"] = (str(result.status),)
        travels["objects"] = str(result.travel)
    except KpiragError:
        answers["objects"] = ("refused",)
    data = write_records(
        [{"id": "x", "title": "X", "target": target, "value": value, "previous": previous}],
        ("id", "title", "target", "value", "previous"),
        tmp_path / "kpis.csv",
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = ["evaluate", str(data), "--format", "json", "--quiet"]
    if main(arguments, stdout=stdout, stderr=stderr) == 0:
        item = json.loads(stdout.getvalue())[0]
        answers["kpirag evaluate"] = (item["status"],)  # its json has no travel
    else:
        answers["kpirag evaluate"] = ("refused",)
    observations = pd.DataFrame({"kpi_id": ["x"], "value": [value], "previous": [previous]})
    try:
        frame = kpirag.frames.evaluate(
            observations,
            pd.DataFrame({"kpi_id": ["x"], "target": [target]}),
            period=None,
            previous="previous",
        )
        answers["frames"] = (str(frame["status"][0]),)
        travels["frames"] = str(frame["travel"][0])
    except KpiragError:
        answers["frames"] = ("refused",)
    assert len(set(answers.values())) == 1, answers
    if answers["objects"] != ("refused",):
        assert travels["objects"] == travels["frames"], travels
