"""The command line's fast path for plain rows writes exactly what the full evaluation writes."""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import LoadError, load_kpis, load_rules, parse_period
from kpirag._validate import json_text
from kpirag.cli import _main
from kpirag.cli._writer import Writer, kpi_json, kpi_record
from kpirag.kpi import KPILine
from kpirag.rules import Status

KPIS = Path(__file__).parent.parent / "examples" / "data" / "q1_2017_18_kpis.csv"
TARGETS = ["<43", ">=75%", ">=69", "<=0", "95%-105%", ">=2,000", "<10", ">5", "<=-2", "<=0.5%"]
VALUES = ["46", "2,000", "1850", "-3", "43", "47.3", " 12.50 ", "0", "(4)", "069", "5."]
PERCENTS = ["69%", "99.9%", "0.4 %", "105%", "67.5%", "100"]


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _main.main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _object_path(path: Path) -> dict[str, dict[str, object]]:
    """Each KPI's JSON record fields as the object path gives them (load, then evaluate)."""
    evaluation = load_kpis(path).evaluate(period=parse_period("Q1 2017/18"))
    return {
        result.kpi.id: {
            "value": result.display or None,
            "status": str(result.status),
            "computed": str(result.computed),
            "recorded": None if result.recorded is None else str(result.recorded),
            "explanation": result.explanation,
        }
        for result in evaluation.results
    }


def _command_line(path: Path) -> dict[str, dict[str, object]]:
    """The same fields from ``kpirag evaluate --format json``."""
    code, out, _ = _run(["evaluate", str(path), "--format", "json", "--period", "Q1 2017/18", "-q"])
    assert code in {0, 1}
    records = json.loads(out)
    fields = ("value", "status", "computed", "recorded", "explanation")
    return {record["id"]: {name: record[name] for name in fields} for record in records}


def _mixed(path: Path, seed: int, *, bad: bool = False) -> None:
    """The Q1 example's KPIs (composites, cohorts, bands, profiles, overrides) among plain rows."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable file, not a secret
    with KPIS.open(encoding="utf-8", newline="") as handle:
        header, *rows = [[*row, ""] for row in csv.reader(handle)]
    header[-1] = "tolerance"
    at = {name: position for position, name in enumerate(header)}
    out = [header]
    for number, row in enumerate(rows):
        out.append(row)
        if number + 1 < len(rows) and rows[number + 1][0] == row[0]:
            continue  # keep a composite's rows together
        for extra in range(rng.randint(0, 4)):
            plain = [""] * len(header)
            plain[at["id"]] = f"P{number}.{extra}"
            plain[at["title"]] = rng.choice(["Plain", "=SUM(A1)", "Commas, here", 'Say "hi"'])
            target = plain[at["target"]] = rng.choice(TARGETS)
            plain[at["value"]] = rng.choice(PERCENTS if "%" in target else VALUES)
            plain[at["recorded"]] = rng.choice(["", "Green", "Amber", "red", "N/A"])
            plain[at["theme"]] = rng.choice(["", "1 Safe"])
            plain[at["tolerance"]] = rng.choice(["", "", "5pt", "none"])
            plain[at["commentary"]] = rng.choice(["", "Up on last year"])
            out.append(plain)
    if bad:
        out[len(out) // 2][at["value"]] = "lots"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(out)


def test_the_example_reads_as_the_object_path_does() -> None:
    """On the Q1 example, the command line gives the object path's statuses and explanations."""
    assert _command_line(KPIS) == _object_path(KPIS)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_mixed_file_reads_as_the_object_path_does(seed: int, tmp_path: Path) -> None:
    """Plain rows among composite, cohort, band, profiled and overridden KPIs: the same answers."""
    path = tmp_path / "mixed.csv"
    _mixed(path, seed, bad=seed == 3)
    if seed == 3:
        code, out, err = _run(["evaluate", str(path), "--format", "json", "--period", "Q1 2017/18"])
        assert (code, out) == (2, "")
        assert "value" in err
        with pytest.raises(LoadError, match="value"):
            load_kpis(path)
        return
    expected = _object_path(path)
    assert sum(kpi_id.startswith("P") for kpi_id in expected) > 10
    assert _command_line(path) == expected


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "-3", "=1+1", "@SUM", "a,b", 'say "x"', "line\nbreak", "cr\rhere", "\ttab"]
)
STATUSES = st.sampled_from([Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED])


@st.composite
def _lines(draw: st.DrawFn) -> KPILine:
    optional = st.none() | TEXT
    return KPILine(
        id=draw(TEXT),
        title=draw(TEXT),
        target_label=draw(TEXT),
        target=draw(optional),
        display=draw(TEXT),
        value=draw(st.none() | st.decimals(allow_nan=False, allow_infinity=False)),
        status=draw(STATUSES),
        computed=draw(STATUSES),
        recorded=draw(st.none() | STATUSES),
        reason=draw(optional),
        explanation=draw(TEXT),
        override=draw(optional),
        commentary=draw(TEXT),
    )


@settings(max_examples=300)
@given(_lines())
def test_json_lines_are_what_json_dumps_writes(line: KPILine) -> None:
    """``kpi_json`` builds the same text as ``json_text`` of the record, which reads back to it."""
    assert kpi_json(line) == json_text(kpi_record(line))
    assert json.loads(kpi_json(line)) == kpi_record(line)


@settings(max_examples=300)
@given(_lines())
def test_csv_lines_are_what_csv_writer_writes(line: KPILine) -> None:
    """A KPI line's CSV row is the row ``csv.writer`` writes of its cells' texts, defused."""
    columns = _main.KPI_COLUMNS
    fast = io.StringIO()
    writer = Writer(fast, "csv", "KPIs", columns, (), None)
    writer.add_line(line)
    expected = io.StringIO()
    csv_writer = csv.writer(expected, lineterminator="\n")
    csv_writer.writerow(columns)
    from kpirag.report._render import defuse_formula  # noqa: PLC0415
    from kpirag.report._tables import kpi_row  # noqa: PLC0415

    cells = kpi_row(line, columns)
    csv_writer.writerow([defuse_formula(c if isinstance(c, str) else c.text) for c in cells])
    assert fast.getvalue() == expected.getvalue()


@pytest.mark.parametrize("field", ["title", "display", "explanation"])
def test_defect_json_fast_path_writes_a_raw_delete_character(field: str) -> None:
    """DEL in a JSON line is written as an escape, as json_text writes it, not raw."""
    line = KPILine(
        "1", "t", "<0", "<0", "-1", Decimal(-1), Status.RED, Status.RED, None, None, "Red", None, "",
    )._replace(**{field: "a\x7fb"})  # type: ignore[arg-type]  # fmt: skip
    assert "\\u007f" in kpi_json(line)
    assert "\x7f" not in kpi_json(line)
    assert kpi_json(line) == json_text(kpi_record(line))


def test_a_number_is_never_defused() -> None:
    """Figures (the Value column) pass the formula check untouched, minus sign and all."""
    line = KPILine(
        "1", "t", "<0", "<0", "-1,230", Decimal(-1230), Status.RED, Status.RED, None, None,
        "Red: ...", None, "",
    )  # fmt: skip
    out = io.StringIO()
    Writer(out, "csv", "KPIs", _main.KPI_COLUMNS, (), None).add_line(line)
    assert out.getvalue().splitlines()[1] == '1,t,<0,"-1,230",Red,,Red: ...'


def test_defect_fast_path_refuses_a_currency_figure_as_every_door_does(tmp_path: Path) -> None:
    """A £ figure against a jobs or plain target is a located problem on the command line too."""
    path = tmp_path / "kpis.csv"
    path.write_text(
        "id,title,target,value,recorded\n"
        "1,Jobs,A minimum of 85 jobs.,£103,Green\n"
        "2,Count,>=85,£103,Green\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    code = _main.main(["evaluate", str(path), "--format", "csv"], stdout=out, stderr=err)
    assert (code, out.getvalue()) == (2, "")
    assert ":2:4: column 'value' ('£103')" in err.getvalue()
    assert ":3:4: column 'value' ('£103')" in err.getvalue()
    assert "such as '<=£30'" in err.getvalue()


THEMED_RULES = b"""\
[schemes.strict]
steps = [{ within = "5%", status = "Amber" }]

[kpis.themes."Place"]
scheme = "strict"
"""


@pytest.mark.parametrize("output", ["json", "csv", "text"])
def test_defect_theme_rule_dropped_from_the_fast_path(tmp_path: Path, output: str) -> None:
    """A theme's rule from --rules rates that theme's plain rows: 46 against <43 is Red, not Amber."""
    rules = tmp_path / "rules.toml"
    rules.write_bytes(THEMED_RULES)
    data = tmp_path / "kpis.csv"
    data.write_text(
        "id,title,theme,target,value,recorded\n"
        "1.6,Streets,Place,<43,46,Red\n"  # 7% over: beyond strict's 5%
        "1.7,Parks,People,<43,46,Amber\n",  # the default 10%: Amber
        encoding="utf-8",
    )
    code, out, err = _run(["evaluate", str(data), "--rules", str(rules), "--format", output])
    assert code == 0, err
    if output == "json":
        assert [(r["id"], r["status"]) for r in json.loads(out)] == [
            ("1.6", "Red"),
            ("1.7", "Amber"),
        ]
    elif output == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["ID"], r["Status"]) for r in rows] == [("1.6", "Red"), ("1.7", "Amber")]
    assert "Red: 46 misses <43 by 3 (7.0%), beyond the 5% tolerance" in " ".join(out.split())
    assert "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance" in " ".join(out.split())
    assert _run(["audit", str(data), "--rules", str(rules)])[0] == 0  # both recorded agree
    (streets, parks) = load_kpis(data, rules=load_rules(rules)).evaluate().results
    assert (str(streets.status), str(parks.status)) == ("Red", "Amber")


@pytest.mark.parametrize("title", ["", " ", "\t"])
@pytest.mark.parametrize("command", ["evaluate", "audit"])
def test_defect_plain_row_with_an_id_and_an_empty_title_accepted(title: str, command: str) -> None:
    """A plain CSV row with an id and no title is refused at its title cell, as the loader does."""
    text = f"id,title,target,value,recorded\n1.6,{title},<43,46,Red\n"
    out, err = io.StringIO(), io.StringIO()
    code = _main.main([command, "-"], stdin=io.BytesIO(text.encode()), stdout=out, stderr=err)
    assert (code, out.getvalue()) == (2, "")
    assert "<stdin>:2:2: column 'title'" in err.getvalue()
    with pytest.raises(LoadError, match="title"):
        load_kpis(io.BytesIO(text.encode()))


@pytest.mark.parametrize("output", ["json", "csv"])
def test_without_a_recorded_column_nothing_is_recorded(output: str) -> None:
    """Plain rows with no recorded column have no recorded status (null in JSON, empty in CSV)."""
    text = b"id,title,target,value\n1.6,Streets,<43,46\n"
    out, err = io.StringIO(), io.StringIO()
    code = _main.main(
        ["evaluate", "-", "--format", output], stdin=io.BytesIO(text), stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    if output == "json":
        (record,) = json.loads(out.getvalue())
        assert (record["recorded"], record["status"]) == (None, "Amber")
    else:
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
        assert (row["Recorded"], row["Status"]) == ("", "Amber")


@pytest.mark.parametrize(
    ("row", "status", "computed", "override"),
    [
        ("1,A,<43,40,Red,published as Red", "Red", "Green", "published as Red"),
        ("1,A,<43,40,Red,", "Green", "Green", None),
        ("2,B,>=75%,80%,Amber,published as Amber", "Amber", "Green", "published as Amber"),
    ],
)
def test_an_override_on_the_fast_path_reports_the_recorded_status(
    row: str, status: str, computed: str, override: str | None
) -> None:
    """A recorded status with an override is the status reported; without one, the computed."""
    text = f"id,title,target,value,recorded,override\n{row}\n"
    out, err = io.StringIO(), io.StringIO()
    code = _main.main(
        ["evaluate", "-", "--format", "json"],
        stdin=io.BytesIO(text.encode()),
        stdout=out,
        stderr=err,
    )
    [record] = json.loads(out.getvalue())
    assert (code, record["status"], record["computed"], record["override"]) == (
        0, status, computed, override
    )  # fmt: skip


def _sheet_values(path: Path) -> list[tuple[object, ...]]:
    """Every cell's value on the first sheet of the workbook at ``path``."""
    import openpyxl  # noqa: PLC0415 - only these tests read a workbook back

    return list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("row", "target", "value", "reason"),
    [
        ("1,A,,46", None, "46", "tbc"),
        ("1,A,,46%", None, "46%", "tbc"),
        ("1,A,<43,", "<43", "No data", "No data"),
        ("1,A,,", None, "tbc", "tbc"),
    ],
)
def test_a_row_not_rated_reads_as_the_full_path_reads_it(
    row: str, target: str | None, value: str, reason: str, tmp_path: Path
) -> None:
    """A figure with no target, or a target with no figure: N/A, and the workbook the full path writes."""
    text = f"id,title,target,value\n{row}\n"
    code, out, err = _run_stdin(text, "--format", "json")
    [record] = json.loads(out)
    fields = ("target", "value", "status", "computed", "reason", "explanation")
    expected = (target, value, "N/A", "N/A", reason, f"N/A: {reason}")
    assert (code, *(record[name] for name in fields)) == (0, *expected), err
    cells = dict(zip(("id", "title", "target", "value"), row.split(","), strict=True))
    full = json.dumps({"kpis": [cells]})
    for name, source in (("fast.xlsx", text), ("full.xlsx", full)):
        fmt = "csv" if name == "fast.xlsx" else "json"
        args = ("--input-format", fmt, "--format", "xlsx", "--output", str(tmp_path / name))
        assert _run_stdin(source, *args)[0] == 0
    assert _sheet_values(tmp_path / "fast.xlsx") == _sheet_values(tmp_path / "full.xlsx")


def _run_stdin(text: str, *args: str) -> tuple[int, str, str]:
    """``kpirag evaluate -`` on ``text`` with ``args``: the exit code, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    code = _main.main(
        ["evaluate", "-", *args], stdin=io.BytesIO(text.encode()), stdout=out, stderr=err
    )
    return code, out.getvalue(), err.getvalue()
