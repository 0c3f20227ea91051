"""Budget hierarchies in files and on the command line: levels, groups, totals, statuses (issue 12)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kpirag import BudgetLine, BudgetRules, BudgetTable, Status, load_rules
from kpirag.budget import BudgetLevel
from kpirag.cli import main
from kpirag.errors import LoadError
from kpirag.io import dump_budget, load_budget
from kpirag.io._loaders import load_budget_with_recorded

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
HIERARCHY = EXAMPLES / "budget_hierarchy.csv"
HIERARCHY_RULES = EXAMPLES / "budget_hierarchy_rules.toml"

SMALL = """\
name,group,level,budget,projected,status
Libraries,Communities,,1800,1890,Red
Parks,Communities,,1000,1001,amber.
Communities,,directorate,2800,2891,Amber
General Fund,,Total,2800,2891,Red
"""


def _cli(*args: str | Path, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_level_group_and_recorded_columns_are_read() -> None:
    """level and group make the hierarchy; recorded (or status) is the published status."""
    table, recorded = load_budget_with_recorded(io.StringIO(SMALL))
    assert [(line.name, line.level.value, line.group) for line in table.lines] == [
        ("Libraries", "service", "Communities"),
        ("Parks", "service", "Communities"),
        ("Communities", "directorate", ""),
        ("General Fund", "total", ""),
    ]
    assert recorded == (Status.RED, Status.AMBER, Status.AMBER, Status.RED)
    assert table.groups == ("Communities",)


@pytest.mark.parametrize("fmt", ["csv", "toml", "json"])
def test_a_hierarchy_round_trips_through_every_format(fmt: str) -> None:
    """dump_budget writes level and group, and load_budget reads back an equal table."""
    table = load_budget(io.StringIO(SMALL))
    assert load_budget(io.StringIO(dump_budget(table, fmt)), fmt=fmt) == table


def test_toml_and_json_take_level_and_group_keys() -> None:
    """The TOML and JSON keys are the CSV columns."""
    text = json.dumps(
        {
            "lines": [
                {"name": "Libraries", "group": "Communities", "budget": 10, "projected": 11},
                {"name": "Communities", "level": "directorate", "budget": 10, "projected": 11},
            ]
        }
    )
    table = load_budget(io.StringIO(text), fmt="json")
    assert table.line("Communities").level is BudgetLevel.DIRECTORATE
    assert table.line("Libraries").group == "Communities"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,level,budget,projected\nPeople,directorate,1,1\n", "<budget>:2:1: column 'name' ('People'): a directorate's subtotal needs service lines naming it in their group column"),
        ("name,level,budget,projected\nPeople,region,1,1\n", "<budget>:2:2: column 'level' ('region'): expected one of service, directorate, total"),
        ("name,group,level,budget,projected\nPeople,X,total,1,1\n", "<budget>:2:2: column 'group' ('X'): Budget line 'People': Invalid group 'X': only service lines belong to a group"),
        ("name,budget,projected,recorded,status\nA,1,1,Red,Red\n", "column 'status' ('Red'): give the published status in recorded or status, not both"),
        ("name,budget,projected,recorded\nA,1,1,Purple\n", "<budget>:2:4: column 'recorded' ('Purple'): Invalid status 'Purple'"),
        ("name,level,budget,projected\nT,total,1,1\nT,total,1,1\n", "<budget>:3:1: column 'name' ('T'): duplicate line (first at line 2)"),
    ],
)  # fmt: skip
def test_bad_hierarchy_rows_are_located(text: str, expected: str) -> None:
    """A bad level, group, recorded status or subtotal is named with its row and column."""
    with pytest.raises(LoadError) as caught:
        load_budget(io.StringIO(text), source_name="<budget>")
    problems = [str(problem) for problem in caught.value.problems]
    assert any(expected in problem for problem in problems), problems


def test_the_same_name_may_be_a_line_and_a_total() -> None:
    """A subtotal may share its name with a service line of another level (not a duplicate)."""
    text = "name,group,level,budget,projected\nPeople,People,,1,1\nPeople,,directorate,1,1\n"
    assert len(load_budget(io.StringIO(text)).lines) == 2


def test_a_table_without_categories_has_plain_headers() -> None:
    """Regression: the text header read "Budget budget £'000" when a line had no category."""
    code, out, err = _cli(
        "budget", "-", "--input-format", "csv", stdin=b"name,budget,projected\nA,10,12\n"
    )
    assert code == 0, err
    assert "Budget budget" not in out
    assert "Budget £'000" in out
    assert "Projected £'000" in out
    assert "ADV/FAV" in out


def test_published_totals_are_checked_within_the_allowance(tmp_path: Path) -> None:
    """Totals within 1 per line (the default in a £'000 table) pass; beyond, the plain message."""
    data = tmp_path / "budget.csv"
    data.write_text(
        "name,group,level,budget,projected\nA,G,,10,12\nB,G,,20,21\nG,,directorate,30,36\n",
        encoding="utf-8",
    )
    code, out, err = _cli("budget", data)
    assert (code, out) == (2, "")
    assert err == (
        "kpirag: error: G projected: published 36, lines add up to 33 (difference 3, allowance 2)\n"
    )
    code, _, err = _cli("budget", data, "--allowance", "1.5")
    assert code == 0, err
    code, _, err = _cli("budget", data, "--allowance", "1.4")
    assert "published 36, lines add up to 33 (difference 3, allowance 2.8)" in err
    code, _, err = _cli("budget", data, "--allowance", "-1")
    assert code == 2
    assert "--allowance must be a number of 0 or more" in err


def test_published_totals_within_the_default_allowance_pass() -> None:
    """The example's subtotal and total are 1 off their lines (rounding): within 1 per line."""
    code, _, err = _cli("budget", HIERARCHY)
    assert code == 0, err
    code, _, err = _cli("budget", HIERARCHY, "--allowance", "0")
    assert code == 2
    assert (
        "Place projected: published 24,813, lines add up to 24,812 (difference 1, allowance 0)"
        in err
    )


def test_the_default_allowance_is_one_in_the_last_place() -> None:
    """Figures written to one decimal place allow 0.1 per line."""
    text = (
        b"name,group,level,budget,projected\nA,G,,1.0,1.2\nB,G,,2.0,2.1\nG,,directorate,3.0,3.5\n"
    )
    code, _, err = _cli("budget", "-", "--input-format", "csv", stdin=text)
    assert code == 0, err  # 3.5 against 3.3: within 0.1 for each of 2 lines
    code, _, err = _cli("budget", "-", "--input-format", "csv", stdin=text.replace(b"3.5", b"3.6"))
    assert code == 2
    assert "G projected: published 3.6, lines add up to 3.3 (difference 0.3, allowance 0.2)" in err


def _published(rules: Path = HIERARCHY_RULES) -> dict[tuple[str, str], tuple[str, str | None]]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["budget", str(HIERARCHY), "--rules", str(rules), "--format", "json"],
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    return {
        (record["name"], record["level"]): (record["status"], record["recorded"])
        for record in json.loads(out.getvalue())
    }


def test_the_three_level_report_is_reproduced() -> None:
    """Acceptance (c): every published status, at every level, comes back from the stated rule."""
    statuses = _published()
    assert len(statuses) == 15
    assert all(status == recorded for status, recorded in statuses.values()), statuses
    assert statuses["Planning and Building Control", "service"] == ("Red", "Red")  # 5% exactly
    assert statuses["Resources", "directorate"] == ("Amber", "Amber")  # 140 < £0.250m
    assert statuses["Parking Services", "service"] == ("Red", "Red")  # net income shortfall
    assert statuses["General Fund", "total"] == ("Red", "Red")


def test_each_level_has_its_own_rule() -> None:
    """Under the service rule alone the Resources directorate (140 over) would be Red, not Amber."""
    rules = load_rules(HIERARCHY_RULES).budget
    assert rules is not None
    table = load_budget(HIERARCHY)
    resources = table.line("Resources", level="directorate")
    assert rules.for_level("directorate").rate(resources) is Status.AMBER
    assert BudgetRules(rules.service).for_level("directorate").rate(resources) is Status.RED


def test_subtotals_are_never_double_counted() -> None:
    """The grand total's lines are the service lines only: 11 of them, not 14."""
    table = load_budget(HIERARCHY)
    computed = table.total()
    assert computed.budget == table.line("General Fund", level="total").budget
    assert len([line for line in table.lines if line.level is BudgetLevel.SERVICE]) == 11


def test_check_recorded_names_a_flipped_row(tmp_path: Path) -> None:
    """A published status flipped from the rule is named, with both statuses; exit 1."""
    flipped = tmp_path / "flipped.csv"
    text = HIERARCHY.read_text(encoding="utf-8").replace(
        "Resources,,directorate,5900,6040,Amber", "Resources,,directorate,5900,6040,Green"
    )
    flipped.write_text(text, encoding="utf-8")
    code, out, err = _cli("budget", flipped, "--rules", HIERARCHY_RULES, "--check-recorded")
    assert code == 1, err
    assert "Budget lines whose published status differs from the rule" in out
    rows = [line for line in out.splitlines() if line.startswith(("Resources", "Place", "People"))]
    assert len(rows) == 1
    assert rows[0].split()[:2] == ["Resources", "directorate"]
    assert "Amber" in rows[0]
    assert "Green" in rows[0]
    code, out, _ = _cli(
        "budget", flipped, "--rules", HIERARCHY_RULES, "--check-recorded", "--format", "json"
    )
    assert code == 1
    assert [(r["name"], r["status"], r["recorded"]) for r in json.loads(out)] == [
        ("Resources", "Amber", "Green")
    ]
    code, _, _ = _cli("budget", HIERARCHY, "--rules", HIERARCHY_RULES, "--check-recorded")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--check-recorded",), "--check-recorded needs --rules with a [budget] rule"),
        (
            ("--check-recorded", "--rules", HIERARCHY_RULES, "--allow-unknown-columns"),
            None,
        ),
    ],
)
def test_check_recorded_needs_rules_and_statuses(
    args: tuple[str | Path, ...], expected: str | None, tmp_path: Path
) -> None:
    """--check-recorded without rules, or without a recorded column, is a usage error (2)."""
    data = tmp_path / "plain.csv"
    data.write_text("name,budget,projected\nA,10,12\n", encoding="utf-8")
    code, _, err = _cli("budget", data, *args)
    assert code == 2
    assert (expected or "--check-recorded needs published statuses") in err


@pytest.mark.parametrize("fmt", ["text", "github", "html", "csv", "latex"])
def test_every_format_shows_each_level_status(fmt: str) -> None:
    """The status table (line, level, status, recorded) is in every output format."""
    code, out, err = _cli("budget", HIERARCHY, "--rules", HIERARCHY_RULES, "--format", fmt)
    assert code == 0, err
    shown = out.replace("recorded", "Recorded").replace("explanation", "Explanation")
    for word in ("General Fund", "directorate", "Recorded", "Amber", "Explanation"):
        assert word in (shown if fmt == "csv" else out)  # csv: the tidy table's column names


def test_status_table_keeps_the_published_line_objects() -> None:
    """Rated lines are the table's own published lines (the recorded lookup depends on it)."""
    table = BudgetTable(
        [
            BudgetLine("A", 10, 12, group="G"),
            BudgetLine("G", 10, 12, level="directorate"),
        ]
    )
    rules = load_rules(HIERARCHY_RULES).budget
    assert rules is not None
    rated = rules.rate(table)
    assert rated[1].line is table.lines[1]


UNEVEN = b"name,category,budget,projected\nA,Local risk,100,110\nB,Central risk,200,190\n"
"""A budget whose lines are not in every category (issue 20)."""


def test_defect_budget_lines_not_in_every_category_budget_command() -> None:
    """kpirag budget shows a line missing from a category as blank cells, not an error."""
    code, out, err = _cli("budget", "-", "--input-format", "csv", "--by-division", stdin=UNEVEN)
    assert code == 0, err
    rows = {
        line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:2] in {"A ", "B "}
    }
    assert rows["A"] == ["100", "110", "10", "10.0%", "ADV"]
    assert rows["B"] == ["200", "190", "-10", "-5.0%", "FAV"]
    assert "Total" in out


def test_defect_budget_lines_not_in_every_category_report_command(tmp_path: Path) -> None:
    """kpirag report takes a budget whose lines are not in every category."""
    budget = tmp_path / "budget.csv"
    budget.write_bytes(UNEVEN)
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", str(budget), "--format", "text"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert "Central risk" in out.getvalue()


def test_defect_budget_lines_not_in_every_category_quarterly_report() -> None:
    """quarterly_report builds both budget tables, with blank cells where a line is missing."""
    from kpirag import Framework, quarterly_report  # noqa: PLC0415 - names the test needs alone

    table = load_budget(io.BytesIO(UNEVEN), fmt="csv")
    report = quarterly_report("Q1", Framework([]).evaluate([]), budget=table)
    assert report.budget is not None
    assert report.budget_by_division is not None
    records = report.budget.to_records()
    assert [record["Division"] for record in records] == ["A", "B", "Total"]
    assert records[0]["Central risk budget £'000"] == ""
    assert records[1]["Local risk budget £'000"] == ""
    assert records[2]["Local risk budget £'000"] == Decimal(100)
    assert records[2]["Central risk projected £'000"] == Decimal(190)
    division = report.budget_by_division.to_records()
    assert division[0] == {"": "Local risk budget £'000", "A": Decimal(100), "B": ""}


TIDY_COLUMNS = [
    "name", "category", "level", "group", "budget", "projected", "variance", "variance_pct",
    "label", "wording", "unit",
]  # fmt: skip
"""The columns of ``kpirag budget --format csv`` (and the keys of its JSON records)."""


@pytest.mark.parametrize(
    ("path", "rules", "rows"),
    [
        (EXAMPLES / "q1_2017_18_budget.csv", (), 16),  # 7 divisions x 2 categories + 2 totals
        (HIERARCHY, (), 15),  # 11 service lines, 3 directorates, the published total
        (HIERARCHY, ("--rules", HIERARCHY_RULES), 15),
    ],
)
def test_defect_budget_csv_and_json_are_one_tidy_table(
    path: Path, rules: tuple[str | Path, ...], rows: int
) -> None:
    """CSV is one table, a row per line with level and group, plain numbers; JSON the same rows."""
    code, out, err = _cli("budget", path, *rules, "--by-division", "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert "" not in lines
    assert len(lines) == rows + 1
    extra = ["status", "recorded", "explanation"] if rules else []
    assert lines[0].split(",") == TIDY_COLUMNS + extra
    records = list(csv.DictReader(io.StringIO(out)))
    for record in records:
        for column in ("budget", "projected", "variance"):
            Decimal(record[column])  # plain: no thousands separators, no % sign
        assert record["level"] in {"service", "directorate", "total"}
    code, text, err = _cli("budget", path, *rules, "--by-division", "--format", "json")
    assert code == 0, err
    from_json = [
        {key: "" if value is None else value for key, value in record.items()}
        for record in json.loads(text)
    ]
    assert from_json == records


@pytest.mark.parametrize(
    ("budget", "projected", "shown"),
    [("6974", "7093", "1.7"), ("3", "4", "33.3"), ("8", "9", "12.5"), ("0", "5", None)],
)
def test_defect_budget_json_variance_pct_is_rounded(
    budget: str, projected: str, shown: str | None
) -> None:
    """variance_pct in JSON (and CSV) is rounded half-up to one decimal place, as the tables show it."""
    data = f"name,budget,projected\nA,{budget},{projected}\n".encode()
    code, out, err = _cli("budget", "-", "--input-format", "csv", "--format", "json", stdin=data)
    assert code == 0, err
    assert json.loads(out)[0]["variance_pct"] == shown
