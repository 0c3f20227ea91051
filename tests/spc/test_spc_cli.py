"""The ``kpirag spc`` command (kpirag.cli._spc), run through ``kpirag.cli.main``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import warnings
from pathlib import Path

import pytest

from kpirag.cli import main
from kpirag.cli._main import _parser
from kpirag.cli._spc import settings_for
from kpirag.errors import LoadError
from kpirag.io import load_series
from kpirag.spc import SPCSettings, XmRChart, xmr

FORMATS = ("text", "github", "html", "latex", "csv", "json")

EXAMPLE = Path(__file__).parents[2] / "examples" / "data" / "spc_example.csv"
HEADER = "series,period,value,target,improvement,recalculate,ghost,baseline_end\n"


def parse(*argv: str) -> argparse.Namespace:
    """The arguments as the kpirag parser reads them."""
    return _parser().parse_args(["spc", *argv])


def cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``kpirag spc ARGV``: the exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["spc", *argv], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def read_charts(data: bytes, name: str, settings: SPCSettings) -> dict[str, XmRChart]:
    """Every series of an SPC file (its bytes) charted, as ``kpirag spc`` charts them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_series(io.BytesIO(data), source_name=name).charts(settings=settings)


def write(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    """A CSV file holding ``text``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def quiet_xmr(*args: object, **kwargs: object) -> object:
    """``xmr`` with its warnings silenced (the CLI reports them on standard error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return xmr(*args, **kwargs)  # type: ignore[arg-type]


def test_defaults() -> None:
    """With only a file: the nhsr preset, a text summary, 2 places."""
    args = parse("data.csv")
    assert (args.command, args.file, args.points, args.preset) == ("spc", "data.csv", False, None)
    assert (args.output_format, args.places, args.width) == ("text", 2, 60)
    assert settings_for(args) == SPCSettings.nhsr()


def test_the_example_file_gives_a_summary_in_nhs_words() -> None:
    """The shipped example charts every series, with the NHS wording of the icons."""
    code, out, err = cli(str(EXAMPLE))
    assert code == 0, err
    assert err == ""
    for words in ("ED 4-hour (%)", "Improvement (High)", "Consistently fail target", "72.51"):
        assert words in out
    assert "Concern (High)" in out
    assert "Special cause improvement: the last 7 points are above the" in out


def test_json_has_exactly_the_documented_shape() -> None:
    """One object per series with series, n, mean, upper, lower, variation and assurance."""
    code, out, _ = cli(str(EXAMPLE), "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["series"] for r in records] == [
        "ED 4-hour (%)",
        "Falls per 1,000 bed days",
        "Days to first appointment",
    ]
    for record in records:
        assert set(record) == {"series", "n", "mean", "upper", "lower", "variation", "assurance"}
    assert records[0] == {
        "series": "ED 4-hour (%)",
        "n": 24,
        "mean": "72.51",
        "upper": "75.45",
        "lower": "69.57",
        "variation": "improvement_high",
        "assurance": "consistent_fail",
    }
    assert records[1]["variation"] == "concern_high"
    assert records[2]["assurance"] is None  # neutral: no assurance icon


def test_json_points_have_period_value_point_type_and_rule() -> None:
    """With --points each series also lists its points, snake_case types and rules."""
    code, out, _ = cli(str(EXAMPLE), "--format", "json", "--points")
    assert code == 0
    first = json.loads(out)[0]
    assert len(first["points"]) == first["n"] == 24
    assert {tuple(point) for point in first["points"]} == {
        ("period", "value", "point_type", "rule")
    }
    assert first["points"][0] == {
        "period": "2023-01",
        "value": "71.2",
        "point_type": "common_cause",
        "rule": None,
    }
    assert first["points"][-1]["point_type"] == "special_cause_improvement"
    assert first["points"][-1]["rule"] == "shift"
    ghosted = json.loads(out)[2]["points"][8]
    assert ghosted == {"period": "2023-09", "value": "35", "point_type": None, "rule": None}


def test_the_cli_charts_what_xmr_charts() -> None:
    """Each series is xmr over its rows: improvement, latest target, ghosts and baseline."""
    charts = read_charts(EXAMPLE.read_bytes(), "example", SPCSettings.nhsr())
    records = list(csv.DictReader(io.StringIO(EXAMPLE.read_text(encoding="utf-8"))))
    for name, chart in charts.items():
        mine = [r for r in records if r["series"] == name]
        targets = [r["target"] for r in mine if r["target"]]
        ends = [i for i, r in enumerate(mine) if r["baseline_end"] == "1"]
        expected = quiet_xmr(
            [r["value"] for r in mine],
            periods=[r["period"] for r in mine],
            improvement=mine[0]["improvement"],
            target=targets[-1] if targets else None,
            ghost=[r["period"] for r in mine if r["ghost"] == "1"],
            baseline=ends[0] + 1 if ends else None,
        )
        assert chart == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("points", [False, True])
def test_every_format_renders(fmt: str, *, points: bool) -> None:
    """text, github, html, latex, csv and json all work, with and without --points."""
    code, out, err = cli(str(EXAMPLE), "--format", fmt, *(["--points"] if points else []))
    assert (code, err) == (0, "")
    assert "ED 4-hour" in out
    if fmt != "json":
        assert ("Special cause improvement" in out) is points or "Improvement (High)" in out


def test_points_text_shows_point_types_and_rules_in_nhs_words() -> None:
    """--points prints one row per point: its type and the rule that decided it."""
    code, out, _ = cli(str(EXAMPLE), "--points", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Series,Period,Value,Mean,Lower,Upper,Target,Improvement,Point type,Rule,Baseline end"
    )
    assert len(lines) == 1 + 72
    assert lines[24] == (
        "ED 4-hour (%),2024-12,75,72.51,69.57,75.45,76,increase,Special cause improvement,Shift,"
    )
    assert "Days to first appointment,2023-09,35,19.43,12.91,25.96,,neutral,Ghosted,," in lines
    assert [line for line in lines if line.endswith(",Yes")] == [
        '"Falls per 1,000 bed days",2023-12,6,6.08,5.08,7.07,5.5,decrease,Common cause,,Yes'
    ]


RISING = "".join(
    f"Rising,2024-{n + 1:02},{v},,,,,\n" if n < 12 else f"Rising,2025-{n - 11:02},{v},,,,,\n"
    for n, v in enumerate([50, 53, 49, 52, 50, 54, 49, 51, 50, 48, 50, 51, 53, 55])
)


@pytest.mark.parametrize(
    ("preset", "variation"),
    [("nhsr", "common_cause"), ("mdc-2023", None), ("powerbi", "improvement_high")],
)
def test_presets_choose_the_method(tmp_path: Path, preset: str, variation: str | None) -> None:
    """The same 14 points: common cause (nhsr), run chart (mdc-2023), a trend (powerbi)."""
    path = write(tmp_path, HEADER + RISING)
    code, out, err = cli(path, "--format", "json", "--preset", preset)
    assert code == 0
    assert json.loads(out)[0]["variation"] == variation
    assert ("run chart" in err) is (preset == "mdc-2023")


def test_rows_in_any_order_are_sorted_by_period(tmp_path: Path) -> None:
    """A series' rows may come in any order, and interleaved with other series."""
    lines = RISING.splitlines(keepends=True)
    other = "".join(line.replace("Rising", "Other") for line in lines)
    shuffled = "".join(
        a + b for a, b in zip(reversed(lines), other.splitlines(keepends=True), strict=True)
    )
    code, out, _ = cli(write(tmp_path, HEADER + shuffled), "--format", "json", "--points")
    assert code == 0
    series = json.loads(out)
    assert [s["series"] for s in series] == ["Rising", "Other"]
    assert series[0]["points"] == series[1]["points"]
    assert [p["period"] for p in series[0]["points"]][:2] == ["2024-01", "2024-02"]


def test_standard_input() -> None:
    """- reads the file from standard input."""
    code, out, _ = cli("-", "--format", "json", stdin=(HEADER + RISING).encode())
    assert code == 0
    assert json.loads(out)[0]["n"] == 14


def test_a_missing_file_is_exit_code_2(tmp_path: Path) -> None:
    """A file that cannot be read is reported, with nothing on standard output."""
    code, out, err = cli(str(tmp_path / "absent.csv"))
    assert (code, out) == (2, "")
    assert "absent.csv" in err


def test_warnings_go_to_standard_error(tmp_path: Path) -> None:
    """Trial limits are a warning on standard error; the chart is still printed."""
    path = write(tmp_path, HEADER + "A,2024-01,1,,,,,\nA,2024-02,2,,,,,\nA,2024-03,1,,,,,\n")
    code, out, err = cli(path)
    assert code == 0
    assert "kpirag: warning: series 'A': The group from 2024-01 has 3 points" in err
    assert "A" in out


# Each case: the file's rows after the header, and every problem as (line, column, number).
BAD = [
    ("A,2024-01,x,,,,,\n", [(2, "value", 3)]),
    ("A,2024-01,,,,,,\n", [(2, "value", 3)]),
    (",2024-01,1,,,,,\n", [(2, "series", 1)]),
    ("A,someday,1,,,,,\n", [(2, "period", 2)]),
    ("A,,1,,,,,\n", [(2, "period", 2)]),
    ("A,2024-01,1,lots,,,,\n", [(2, "target", 4)]),
    ("A,2024-01,1,,up,,,\n", [(2, "improvement", 5)]),
    ("A,2024-01,1,,,2,,\n", [(2, "recalculate", 6)]),
    ("A,2024-01,1,,,,maybe,\n", [(2, "ghost", 7)]),
    ("A,2024-01,1,,,,,y\n", [(2, "baseline_end", 8)]),
    ("A,2024-01,1,,,,,\nA,Jan 2024,2,,,,,\n", [(3, "period", 2)]),
    ("A,2024-01,1,,,,,\nA,Q4 2023/24,2,,,,,\n", [(3, "period", 2)]),
    ("A,2024-01,1,,increase,,,\nA,2024-02,2,,decrease,,,\n", [(3, "improvement", 5)]),
    ("A,2024-01,1,,,,1,\nA,2024-02,2,,,,1,\n", [(2, "ghost", 7)]),
    ("A,2024-01,1,,,,,1\nA,2024-02,2,,,,,\n", [(2, "baseline_end", 8)]),
    ("A,2024-01,1,,,,,\nA,2024-02,2,,,,1,1\n", [(3, "baseline_end", 8)]),
    ("A,2024-01,1,,,,,\nA,2024-02,2,,,1,,\nA,2024-03,2,,,,,1\n", [(4, "baseline_end", 8)]),
    ("A,2024-01,1,,,,,\nA,2024-02,2,,,,,1\nA,2024-03,2,,,,,1\n", [(4, "baseline_end", 8)]),
    (
        "A,2024-01,x,lots,,,,\nB,2024-13,1,,,,,\nB,2024-02,1,,sideways,,,\n",
        [(2, "value", 3), (2, "target", 4), (3, "period", 2), (4, "improvement", 5)],
    ),
]


@pytest.mark.parametrize(("rows", "where"), BAD)
def test_every_bad_cell_is_reported_with_line_and_column(
    tmp_path: Path, rows: str, where: list[tuple[int, str, int]]
) -> None:
    """All or nothing: every bad cell, at its line and column; exit code 2 and no output."""
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(LoadError) as caught:
        read_charts(Path(path).read_bytes(), path, SPCSettings.nhsr())
    found = [(p.line, p.column, p.column_number) for p in caught.value.problems]
    assert found == where
    code, out, err = cli(path)
    assert (code, out) == (2, "")
    assert f"{path}:{where[0][0]}:{where[0][2]}: column {where[0][1]!r}" in err


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("series,period\n", ("value", "required column is missing")),
        ("series,period,value,colour\n", ("colour", "unknown column")),
        ("series,period,value,value\n", ("value", "duplicate column")),
    ],
)
def test_header_problems(tmp_path: Path, header: str, problem: tuple[str, str]) -> None:
    """A header without a required column, with an unknown or repeated one, is reported."""
    path = write(tmp_path, header + "A,2024-01,1\n")
    with pytest.raises(LoadError) as caught:
        read_charts(Path(path).read_bytes(), path, SPCSettings.nhsr())
    (found,) = caught.value.problems
    assert found.line == 1
    assert (found.column, found.message[: len(problem[1])]) == problem


def test_unknown_columns_can_be_allowed(tmp_path: Path) -> None:
    """--allow-unknown-columns ignores columns kpirag does not know."""
    path = write(tmp_path, "series,period,value,colour\nA,2024-01,1,red\nA,2024-02,2,blue\n")
    assert cli(path)[0] == 2
    code, _, _ = cli(path, "--allow-unknown-columns")
    assert code == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (HEADER.encode(), "no rows"),
        (HEADER.encode() + b"A,2024-01,\xff,,,,,\n", "not UTF-8"),
        (HEADER.encode() + b'A,"2024-01,1\n', "malformed CSV"),
        (HEADER.encode() + b"A,2024-01,1,,,,,,,\n", "10 cells"),
    ],
)
def test_files_that_are_not_spc_csv(data: bytes, message: str) -> None:
    """Empty files, files without rows, bad bytes and broken CSV are located problems."""
    with pytest.raises(LoadError) as caught:
        read_charts(data, "f.csv", SPCSettings.nhsr())
    assert message in str(caught.value)


def test_the_latest_target_counts(tmp_path: Path) -> None:
    """The target may change over time; the assurance icon uses the latest one given."""
    rows = "".join(
        f"A,2024-{n:02},{50 + n % 2},{t},,,,\n"
        for n, t in zip(range(1, 13), ["40", *[""] * 10, "60"], strict=True)
    )
    code, out, _ = cli(write(tmp_path, HEADER + rows), "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["assurance"] == "consistent_fail"


def test_recalculate_starts_new_limits(tmp_path: Path) -> None:
    """recalculate=1 starts a new limit group; the summary shows the last group's limits."""
    values = [10, 11, 10, 11, 10, 11, 20, 21, 20, 21, 20, 21]
    rows = "".join(
        f"A,2024-{n + 1:02},{v},,,{'1' if n == 6 else ''},,\n" for n, v in enumerate(values)
    )
    code, out, _ = cli(write(tmp_path, HEADER + rows), "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["mean"] == "20.5"


def test_negative_places_is_bad_usage() -> None:
    """--places must be 0 or more."""
    assert cli(str(EXAMPLE), "--places", "-1")[0] == 2


def test_spc_is_a_command_of_the_kpirag_cli() -> None:
    """`kpirag spc FILE --format json` runs through the main entry point."""
    import io  # noqa: PLC0415
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from kpirag.cli import main  # noqa: PLC0415

    example = Path(__file__).resolve().parents[2] / "examples" / "data" / "spc_example.csv"
    out, err = io.StringIO(), io.StringIO()
    assert main(["spc", str(example), "--format", "json"], stdout=out, stderr=err) == 0, (
        err.getvalue()
    )
    series = json.loads(out.getvalue())
    assert [s["variation"] for s in series] == ["improvement_high", "concern_high", "common_cause"]
