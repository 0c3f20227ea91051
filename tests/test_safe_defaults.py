"""Safe defaults: where a silent wrong answer is possible, a file must say what it means.

A bare target number (``0``, ``4.5%``) does not say which way is better; bare
figures between 0 and 1 against a percentage target may be fractions of 1;
a figure in another unit than its target's cannot be judged. Each is a
problem located at its file, line and column, listed with every other.
"""

from __future__ import annotations

import io
import json
import subprocess
import warnings
from pathlib import Path

import pytest
from openpyxl import Workbook

from kpirag import Status
from kpirag.cli import main
from kpirag.errors import KpiragError, LoadError
from kpirag.io import dump_kpis, load_kpis, load_rules

NEVER = (
    "id,title,target,value\nNE,Never events,0,3\nSA,Sickness absence,4.5%,6%\n1.6,Streets,<43,46\n"
)
"""Two bare targets (read as 'higher is better' before) and one with its operator."""

BARE = "does not say which way is better"


def _problems(source: object, **options: object) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_kpis(source, **options)  # type: ignore[arg-type]
    return [str(problem) for problem in info.value.problems]


def _rules(text: str) -> object:
    return load_rules(io.BytesIO(text.encode()), name="rules.toml")


def _run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPIs"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _records(text: str) -> list[dict[str, str]]:
    header, *lines = text.strip().split("\n")
    names = header.split(",")
    return [dict(zip(names, line.split(","), strict=True)) for line in lines]


def _as_json(text: str) -> str:
    return json.dumps({"kpis": _records(text)})


def _as_toml(text: str) -> str:
    return "\n".join(
        "[[kpis]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in record.items())
        for record in _records(text)
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", ["<stream>:2:3: column 'target' ('0')", "<stream>:3:3: column 'target' ('4.5%')"]),
        ("json", ["<stream>: item 1: column 'target' ('0')", "<stream>: item 2: column 'target' ('4.5%')"]),
        ("toml", ["<stream>: item 1: column 'target' ('0')", "<stream>: item 2: column 'target' ('4.5%')"]),
    ],
)  # fmt: skip
def test_defect_bare_target_without_direction_is_a_problem(fmt: str, expected: list[str]) -> None:
    """A bare target number with no direction is a problem at its cell, with the fix in it."""
    text = {"csv": NEVER, "json": _as_json(NEVER), "toml": _as_toml(NEVER)}[fmt]
    problems = _problems(io.StringIO(text), fmt=fmt)
    assert len(problems) == 2, problems
    for problem, where in zip(problems, expected, strict=True):
        assert problem.startswith(where), problems
        assert BARE in problem
        assert "better" in problem
        assert "rules file" in problem


def test_defect_bare_target_without_direction_is_a_problem_in_a_workbook(tmp_path: Path) -> None:
    """In a workbook the bare target is located at its sheet and cell."""
    path = _workbook(
        tmp_path / "kpis.xlsx",
        [["id", "title", "target", "value"], ["NE", "Never events", 0, 3], ["1.6", "x", "<43", 46]],
    )
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert "KPIs!C2" in problems[0]
    assert BARE in problems[0]


def test_defect_bare_target_without_direction_is_a_problem_with_every_other() -> None:
    """The bare target is listed with the file's other problems: all or nothing."""
    text = NEVER + "9,Bad,>=5,abc\n"
    problems = _problems(io.StringIO(text))
    assert len(problems) == 3, problems
    assert "<stream>:5:4: column 'value' ('abc')" in problems[2]


@pytest.mark.parametrize(
    ("text", "rules", "statuses"),
    [
        # the row says
        ("id,title,target,value,better\nNE,Never events,0,3,lower\nSA,Sick,4.5%,6%,lower\n", None, ["Red", "Red"]),
        # the rules file says, and the row may still say otherwise
        ("id,title,target,value,better\nNE,Never events,0,3,\nSA,Sick,4.5%,6%,higher\n", '[kpis]\nbetter = "lower"\n', ["Red", "Green"]),
        # an operator needs no direction, and a default never contradicts it
        ("id,title,target,value\nNE,Never events,<=0,3\nSA,Sick,>=4.5%,6%\n", '[kpis]\nbetter = "lower"\n', ["Red", "Green"]),
        ("id,title,target,value\nJ,Jobs,A minimum of 85 jobs.,103 jobs\nW,Waits,<43,46\n", None, ["Green", "Amber"]),
    ],
)  # fmt: skip
def test_defect_bare_target_direction_from_row_or_rules(
    text: str, rules: str | None, statuses: list[str]
) -> None:
    """A direction from the row wins; the rules file's declared default fills the rest."""
    loaded = load_kpis(io.StringIO(text), rules=None if rules is None else _rules(rules))  # type: ignore[arg-type]
    assert [str(r.status) for r in loaded.evaluate().results] == statuses


def test_defect_bare_target_in_a_composite_takes_the_header_direction() -> None:
    """A composite's part rows take the header row's ``better``, or their own."""
    text = (
        "id,title,target,value,part,better\n"
        "7,Falls,,,,lower\n7,Falls,0,2,Serious,\n7,Falls,5,3,Minor,\n7,Falls,5,3,Visits,higher\n"
    )
    result = load_kpis(io.StringIO(text)).evaluate().results[0]
    assert [str(part.target) for part in result.kpi.parts] == ["<=0", "<=5", ">=5"]
    assert _problems(io.StringIO(text.replace("lower", "")))[0].startswith("<stream>:3:3:")


def test_defect_bare_target_without_direction_is_a_problem_in_frames() -> None:
    """A definitions frame with a bare target and no ``better`` is refused with the fix."""
    pd = pytest.importorskip("pandas")
    from kpirag.frames import framework_from_frame  # noqa: PLC0415 - needs the frames extra

    definitions = pd.DataFrame({"kpi_id": ["NE", "1.6"], "target": ["0", "<43"]})
    with pytest.raises(KpiragError, match=BARE) as info:
        framework_from_frame(definitions)
    assert "better" in str(info.value)
    given = definitions.assign(better=["lower", None])
    framework = framework_from_frame(given)
    assert [str(kpi.target) for kpi in framework.kpis] == ["<=0", "<43"]
    framework = framework_from_frame(definitions, default_better="lower")
    assert [str(kpi.target) for kpi in framework.kpis] == ["<=0", "<43"]


def test_defect_bare_target_without_direction_is_a_problem_on_the_command_line() -> None:
    """``kpirag evaluate`` refuses a bare target (exit 2, located); ``--better`` declares it."""
    done = _run("evaluate", "-", stdin=NEVER)
    assert done.returncode == 2, done.stdout
    assert "<stdin>:2:3: column 'target' ('0')" in done.stderr
    assert "<stdin>:3:3: column 'target' ('4.5%')" in done.stderr
    assert "--better" in done.stderr
    done = _run("evaluate", "-", "--better", "lower", "--format", "json", stdin=NEVER)
    assert done.returncode == 0, done.stderr
    assert [row["status"] for row in json.loads(done.stdout)] == ["Red", "Red", "Amber"]


def test_defect_never_events_zero_target_not_green(tmp_path: Path) -> None:
    """3 never events against a target of 0 is never Green: refused without a direction, else Red."""
    text = "id,title,target,value\nNE,Never events,0,3\n"
    assert BARE in _problems(io.StringIO(text))[0]
    assert _run("evaluate", "-", stdin=text).returncode == 2
    rules = tmp_path / "rules.toml"
    rules.write_text('[kpis]\nbetter = "lower"\n')
    done = _run("evaluate", "-", "--rules", str(rules), "--format", "json", stdin=text)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["status"] == "Red"
    fixed = load_kpis(io.StringIO(text.replace(",0,", ",<=0,")))
    assert fixed.evaluate().results[0].status is Status.RED


FRACTIONS = "id,title,target,value\n1.5,Sleep out once,>=75%,0.69\n1.6,Streets,<43,46\n"


@pytest.mark.parametrize(
    ("text", "rules", "flag", "status"),
    [
        (FRACTIONS.replace("value", "value,fraction").replace("0.69", "0.69,true").replace("46", "46,"), None, (), "Amber"),
        (FRACTIONS.replace("value", "value,fraction").replace("0.69", "0.69,false").replace("46", "46,"), None, (), "Red"),
        (FRACTIONS, "[kpis]\nfraction = true\n", (), "Amber"),
        (FRACTIONS, "[kpis]\nfraction = false\n", (), "Red"),
        (FRACTIONS, None, ("--fraction",), "Amber"),
        (FRACTIONS, None, ("--no-fraction",), "Red"),
    ],
)  # fmt: skip
def test_defect_fractions_against_percentage_target_need_declaration(
    text: str, rules: str | None, flag: tuple[str, ...], status: str, tmp_path: Path
) -> None:
    """Figures between 0 and 1 against a target above 1% are refused until ``fraction`` is said."""
    problems = _problems(io.StringIO(FRACTIONS))
    assert len(problems) == 1, problems
    assert problems[0].startswith("<stream>:2:4: column 'value' ('0.69')")
    assert "fraction" in problems[0]
    assert "--fraction" in problems[0]
    options = []
    if rules is not None:
        (tmp_path / "rules.toml").write_text(rules)
        options = ["--rules", str(tmp_path / "rules.toml")]
    done = _run("evaluate", "-", "--format", "json", *options, *flag, stdin=text)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["status"] == status
    assert "fraction" not in done.stderr  # declared: no warning either
    assert _run("evaluate", "-", stdin=FRACTIONS).returncode == 2


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ("2,Count,>=85,70%", "<stream>:3:4: column 'value' ('70%')"),
        ("2,Count,>=85,,3,4", "<stream>:3:5: column 'numerator' ('3')"),
        ("2,Jobs,A minimum of 85 jobs.,103 weeks", "<stream>:3:4: column 'value' ('103 weeks')"),
    ],
)
def test_defect_unit_mismatch_located_with_other_problems(row: str, where: str) -> None:
    """A figure in another unit than its target's is located and listed with every other problem."""
    text = f"id,title,target,value,numerator,denominator\n1,Bad,>=5,abc,,\n{row}\n"
    text = text.replace("70%\n", "70%,,\n").replace("weeks\n", "weeks,,\n")
    problems = _problems(io.StringIO(text))
    assert len(problems) == 2, problems
    assert problems[0].startswith("<stream>:2:4: column 'value' ('abc')")
    assert problems[1].startswith(where), problems
    done = _run("evaluate", "-", stdin=text)
    assert done.returncode == 2
    assert "2 problems found" in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[kpis]\nscheme = "x"\nbetter = "up"\n', "rules.toml:3: kpis.better ('up'): expected 'higher' or 'lower'"),
        ("[kpis]\n\nfraction = 1\n", "rules.toml:3: kpis.fraction (1): expected true or false"),
    ],
)  # fmt: skip
def test_rules_file_defaults_are_checked_with_their_line(text: str, expected: str) -> None:
    """A bad ``[kpis] better`` or ``fraction`` is named with its key path and line."""
    with pytest.raises(LoadError) as info:
        _rules(text)
    assert any(expected in str(problem) for problem in info.value.problems), info.value


def test_rules_check_says_the_declared_defaults(tmp_path: Path) -> None:
    """``kpirag rules check`` says in words what the declared defaults mean."""
    path = tmp_path / "rules.toml"
    path.write_text('[kpis]\nbetter = "lower"\nfraction = false\n')
    done = _run("rules", "check", str(path))
    assert done.returncode == 0, done.stderr
    assert "A bare target number (0, 4.5%) means lower is better" in done.stdout
    assert "Bare figures of a percentage KPI are percentages (0.69 is 0.69%)" in done.stdout
    loaded = _rules('[kpis]\nbetter = "higher"\nfraction = true\n')
    assert (loaded.better.value, loaded.fraction) == ("higher", True)  # type: ignore[attr-defined]


def test_command_line_defaults_may_not_repeat_the_rules_file(tmp_path: Path) -> None:
    """``--better`` (or ``--fraction``) with a rules file that declares it is a usage error."""
    path = tmp_path / "rules.toml"
    path.write_text('[kpis]\nbetter = "lower"\n')
    done = _run("evaluate", "-", "--rules", str(path), "--better", "higher", stdin=NEVER)
    assert done.returncode == 2
    assert "leave out --better" in done.stderr
    done = _run("evaluate", "-", "--rules", str(path), "--no-fraction", stdin=FRACTIONS)
    assert done.returncode == 0, done.stderr


def test_declared_fraction_round_trips_and_stops_the_warning() -> None:
    """``fraction = false`` in a file reads back as declared, and evaluates with no warning."""
    text = "id,title,target,value,fraction\n1.5,Sleep out once,>=75%,0.69,false\n"
    data = load_kpis(io.StringIO(text))
    assert data.framework.kpis[0].fraction is False
    again = load_kpis(io.StringIO(dump_kpis(data)))
    assert again.framework.kpis[0].fraction is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert again.evaluate().results[0].status is Status.RED


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2,Waits,<=30,12 weeks", "its unit is 'weeks', but the target has no unit word"),
        ("2,Waits,<=30 weeks,12 jobs", "its unit is 'jobs', not the declared 'weeks'"),
    ],
)
def test_defect_unit_mismatch_located_names_both_units(row: str, message: str) -> None:
    """A figure with a unit word against a target without one (or another) says so, located."""
    problems = _problems(io.StringIO(f"id,title,target,value\n1,Bad,>=5,abc\n{row}\n"))
    assert len(problems) == 2, problems
    assert problems[1].startswith("<stream>:3:4: column 'value'"), problems
    assert message in problems[1]


@pytest.mark.parametrize("declare", [("--fraction",), ("--rules", "fraction")])
def test_defect_declared_fractions_are_scaled_on_every_path(
    declare: tuple[str, ...], tmp_path: Path
) -> None:
    """Declared for the whole run, a bare 1 is 100% (Green), on the fast path as on the full one."""
    options = list(declare)
    if declare[0] == "--rules":
        (tmp_path / "rules.toml").write_text("[kpis]\nfraction = true\n")
        options = ["--rules", str(tmp_path / "rules.toml")]
    text = "id,title,target,value\n1.5,x,>=75%,1\n1.6,y,>=75%,0.69\n"
    done = _run("evaluate", "-", "--format", "json", *options, stdin=text)
    assert done.returncode == 0, done.stderr
    assert [row["status"] for row in json.loads(done.stdout)] == ["Green", "Amber"]


def test_defect_fractions_in_a_composite_are_located_at_its_first_part() -> None:
    """A composite's undeclared fractions are a problem at its first part row's value."""
    text = (
        "id,title,target,value,part,fraction\n"
        "5,Surveys,,,,\n5,Surveys,>=97%,0.98,Adults,\n5,Surveys,>=90%,0.5,Children,\n"
    )
    problems = _problems(io.StringIO(text))
    assert len(problems) == 1, problems
    assert problems[0].startswith("<stream>:3:4: column 'value' ('0.98')"), problems
    declared = load_kpis(io.StringIO(text.replace("5,Surveys,,,,", "5,Surveys,,,,true")))
    assert declared.evaluate().results[0].status is Status.RED  # 50% against >=90%


def test_defect_bare_target_without_direction_is_a_problem_in_the_report(tmp_path: Path) -> None:
    """``kpirag report`` refuses a bare target too, and takes ``--better``."""
    path = tmp_path / "kpis.csv"
    path.write_text("id,title,target,value\nNE,Never events,0,3\n")
    done = _run("report", str(path))
    assert done.returncode == 2
    assert BARE in done.stderr
    done = _run("report", str(path), "--better", "lower", "--format", "text")
    assert done.returncode == 0, done.stderr
    assert "Red" in done.stdout


@pytest.mark.parametrize(
    ("target", "bare"),
    [
        ("0", True),
        ("4.5%", True),
        ("2,000", True),
        ("£118", True),
        ("30 weeks", True),
        ("(5)", True),
        (">=0", False),
        ("≤ 4.5%", False),
        ("at least 30", False),
        ("A minimum of 85 jobs.", False),
        ("30 or more", False),
        ("30 or less", False),
        ("95%-105%", False),
        ("between 5 and 10", False),
    ],
)
def test_defect_bare_target_only_a_bare_number_needs_a_direction(target: str, bare: bool) -> None:
    """Only a number without an operator (before or after it) or a range needs ``better``."""
    text = f'id,title,target,value\n1,x,"{target}",\n'
    if bare:
        assert BARE in _problems(io.StringIO(text))[0]
    else:
        assert load_kpis(io.StringIO(text)).framework.kpis[0].target is not None


def test_defect_unit_mismatch_band_counts_located_at_counts() -> None:
    """Band counts (a percentage) against a plain target are a problem at the counts cell."""
    text = "id,title,target,value,counts,band\n1,Bad,>=5,abc,,\n2,CIN,<=5,,4;1;7;0;0,2 years +\n"
    problems = _problems(io.StringIO(text))
    assert len(problems) == 2, problems
    assert problems[1].startswith("<stream>:3:5: column 'counts' ('4;1;7;0;0')"), problems
    assert "a percentage against the non-percentage target <=5" in problems[1]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2,Waits,<=30,12,12 weeks", "Invalid previous '12 weeks': its unit is 'weeks', but the target has no unit word: give the unit in the target (such as '<=30 weeks') or the unit column, or write the figure without it"),
        ("2,Waits,<=30 weeks,12,12 jobs", "Invalid previous '12 jobs': its unit is 'jobs', not the declared 'weeks'"),
        ("2,Waits,<=30,12,85%", "Invalid previous '85%': its unit is '%', but the target's figures have no unit"),
        ("2,Waits,<=30,12,x", "Invalid previous 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
    ],
)  # fmt: skip
def test_a_previous_figure_in_another_unit_is_refused_naming_the_previous_column(
    row: str, message: str
) -> None:
    """The previous figure's refusal names the previous column, its value and both units."""
    text = f"id,title,target,value,previous\n{row}\n"
    with pytest.raises(LoadError) as caught:
        load_kpis(io.StringIO(text))
    assert str(caught.value) == (
        f"1 problem found; nothing was loaded\n<stream>:2:5: column 'previous' "
        f"({row.rsplit(',', 1)[1]!r}): {message}"
    )
