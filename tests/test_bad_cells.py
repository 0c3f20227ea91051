"""Each cell of the example files, replaced by junk, is read or refused as reviewed.

For every column of the first data rows of each example file, the cell is
replaced by each of a few junk texts and the file is run through the command
line (``--format json``, in-process) and, for KPI files, ``load_kpis``. The
outcome, one line per case, is compared with ``tests/golden/bad_cells.txt``:
the exit code and, for a refused file, every problem with its location; for
an accepted one, the records that differ from the unchanged file's. So a
problem that loses its column or line, a message that changes, or a junk
cell that is suddenly accepted (or refused) shows as a diff. Rewrite the file
deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kpirag import load_kpis, parse_period
from kpirag.cli import main
from kpirag.errors import KpiragError, LoadError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "golden" / "bad_cells.txt"
JUNK = ("", "x", "-1", "1e999", "12%", "Red", "31/02/2017", "=1+1")

# file, its data rows to spoil (1 is the first), the command line around it.
FILES: dict[str, tuple[tuple[int, ...], list[str]]] = {
    "council_kpis.csv": ((1,), ["evaluate", "--rules", str(DATA / "council_rules.toml")]),
    "q1_2017_18_kpis.csv": ((2, 4), ["evaluate", "--period", "Q1 2017/18"]),
    "statutory_indicators.csv": ((1,), ["evaluate", "--rules", str(DATA / "statutory_rules.toml")]),
    "tidy_observations.csv": ((1,), ["evaluate", "--definitions", str(DATA / "tidy_definitions.csv")]),
    "q1_2017_18_risks.csv": ((1,), ["risk", "--as-of", "30/06/17"]),
    "q1_2017_18_budget.csv": ((1,), ["budget"]),
    "budget_hierarchy.csv": ((1,), ["budget", "--rules", str(DATA / "budget_hierarchy_rules.toml")]),
    "spc_example.csv": ((1, 2), ["spc", "--points"]),
}  # fmt: skip


def _cli(command: list[str], data: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [command[0], "-", "--format", "json", "-q", *command[1:]]
    code = main(args, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _changes(before: list[dict[str, object]], after: list[dict[str, object]]) -> list[str]:
    """The fields that differ, record by record (all of them if the count changed)."""
    if len(before) != len(after):
        return [f"  {len(before)} records became {len(after)}"] + [
            f"  + {json.dumps(record, sort_keys=True)}" for record in after if record not in before
        ]
    return [
        f"  [{index}] {key}: {old.get(key)!r} -> {new.get(key)!r}"
        for index, (old, new) in enumerate(zip(before, after, strict=True))
        for key in sorted({*old, *new})
        if old.get(key) != new.get(key)
    ]


def _kpis(data: bytes, period: str | None) -> list[str]:
    """What ``load_kpis`` gives: each result's status and explanation, or the error."""
    try:
        evaluation = load_kpis(io.BytesIO(data)).evaluate(
            period=None if period is None else parse_period(period)
        )
    except LoadError as exc:
        return [f"load_kpis: {problem}" for problem in exc.problems]
    except KpiragError as exc:
        return [f"evaluate: {type(exc).__name__}: {exc}"]
    return [f"{r.kpi.id}: {r.status}: {r.explanation}" for r in evaluation.results]


def _outcomes(name: str) -> list[str]:
    rows, command = FILES[name]
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    period = "Q1 2017/18" if "--period" in command else None
    kpis = command[0] == "evaluate" and "--definitions" not in command

    def encoded(table: list[list[str]]) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, *table])
        return text.getvalue().encode()

    code, out, err = _cli(command, encoded(body))
    assert code in {0, 1}, err
    before = json.loads(out)
    before_kpis = _kpis(encoded(body), period) if kpis else []
    lines = []
    for row in rows:
        for column, heading in enumerate(header):
            for junk in JUNK:
                if body[row - 1][column] == junk:
                    continue
                table = [list(cells) for cells in body]
                table[row - 1][column] = junk
                data = encoded(table)
                code, out, err = _cli(command, data)
                case = f"{name} row {row} {heading} := {junk!r}: exit {code}"
                if code == 2:
                    lines += [case, *(f"  {line}" for line in err.splitlines())]
                else:
                    lines += [case, *_changes(before, json.loads(out))]
                if kpis:
                    found = _kpis(data, period)
                    lines += [f"  = {line}" for line in found if line not in before_kpis]
    return lines


@pytest.fixture(scope="module")
def golden(golden_blocks: Callable[..., dict[str, list[str]]]) -> dict[str, list[str]]:
    """The reviewed outcomes, per file (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    return golden_blocks(GOLDEN, _outcomes, FILES)


@pytest.mark.parametrize("name", list(FILES))
def test_each_spoiled_cell_is_read_or_refused_as_reviewed(
    name: str, golden: dict[str, list[str]]
) -> None:
    """Junk in each cell gives the reviewed outcome: located problems, or the changed records."""
    assert _outcomes(name) == golden[name]
