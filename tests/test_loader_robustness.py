"""Hostile and unusual files: every problem located and ours, never a traceback or a hang."""

from __future__ import annotations

import io
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpirag import KpiragWarning, Status
from kpirag.cli._main import main
from kpirag.cli._output import MAX_SHOWN
from kpirag.errors import KpiragError, LoadError, Location, ValueTypeError
from kpirag.io import (
    load_budget_with_recorded,
    load_kpis,
    load_observations,
    load_rules,
    load_series,
)
from kpirag.io._loaders import (
    MAX_COLUMNS,
    dump_budget,
    dump_kpis,
    dump_risks,
    load_budget,
    load_risks,
)

DATA = Path(__file__).parent.parent / "examples" / "data"
HEADER = "id,title,target,value"


def _problems(loader: object, data: str | bytes, **options: object) -> list[str]:
    stream = io.BytesIO(data.encode() if isinstance(data, str) else data)
    with pytest.raises(LoadError) as info:
        loader(stream, **options)  # type: ignore[operator]
    return [str(problem) for problem in info.value.problems]


def test_many_unknown_columns_are_one_quick_problem() -> None:
    """40,000 header columns: one problem naming the cap, in well under a second (was 11 s)."""
    header = HEADER + "," + ",".join(f"c{n}" for n in range(40_000))
    start = time.perf_counter()
    problems = _problems(load_kpis, header + "\n1,a,<43,46\n", allow_unknown=True)
    assert time.perf_counter() - start < 2
    assert problems == [f"<stream>:1: 40,004 columns; a file may have at most {MAX_COLUMNS:,}"]


def test_unknown_columns_under_the_cap_are_each_located() -> None:
    """Below the cap every unknown column is reported at its own position."""
    header = HEADER + "," + ",".join(f"c{n}" for n in range(500))
    problems = _problems(load_kpis, header + "\n1,a,<43,46\n")
    assert len(problems) == 500
    assert problems[-1].startswith("<stream>:1:504: column 'c499': unknown column")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,title,likelihood,impact\nA,x,²,2\n", "<stream>:2:3: column 'likelihood' ('²')"),
        ("code,title,score\nA,x," + "9" * 5000 + "\n", "column 'score' ('9999"),
        ("code,title,score,target_date\nA,x,4,11111111111111111111111111111m\n", "<stream>:2:4: column 'target_date'"),
        ("code,title,likelihood\nA,x,2\n", "column 'impact' (''): give likelihood and impact together"),
        ("code,title\nA,x\n", "column 'score' (''): an open risk needs a score"),
        ("code,title,likelihood,impact,score\nA,x,2,2,8\n", "column 'score' ('8'): likelihood and impact give 4"),
        ("code,title,score,target_score\nA,x,4,5\n", "column 'target_score' ('5')"),
        ("code,title,score,previous_score\nA,x,4,7\n", "column 'previous_score' ('7')"),
    ],
)  # fmt: skip
def test_risk_cells_that_crashed_are_located_problems(text: str, expected: str) -> None:
    """Superscript digits, 5,000-digit numbers, absurd dates: each a located problem."""
    problems = _problems(load_risks, text)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ('{"lines": [{"name": "A", "budget": 1e1000000, "projected": 1}]}', "json", "item 1: column 'budget'"),
        ('[[kpis]]\nid = "1"\ntitle = "a"\ntarget = "<43"\nvalue = 1e999999999\n', "toml", "item 1: column 'value'"),
        ('{"kpis": [{"id": "1", "title": "a", "target": "<43", "value": 1e999999999}]}', "json", "at most 100 digits"),
    ],
)  # fmt: skip
def test_huge_document_numbers_are_refused_quickly(text: str, fmt: str, expected: str) -> None:
    """A 1e999999999 in JSON or TOML is a located problem at once (it took minutes and GBs)."""
    loader = load_budget if "lines" in text else load_kpis
    start = time.perf_counter()
    problems = _problems(loader, text, fmt=fmt)
    assert time.perf_counter() - start < 2
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("number", "read"),
    [
        ("1E+1000", True), ("-1E+1000", True), ("1E-1000", True), ("1E+1001", False),
        ("1E-1001", False), ("-1E-1001", False), ("1" + "0" * 100, True),
        ("1." + "1" * 99, True), ("1." + "1" * 100, False),
        (str(2**333), False),  # 334 bits: past 100 digits' 333, refused before it is read
    ],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_document_numbers_at_the_edges_of_the_limits(number: str, read: bool, fmt: str) -> None:
    """A JSON or TOML number is read up to 100 digits and an exponent of +/-1000, refused past."""
    if fmt == "json":
        text = '{"kpis": [{"id": "1", "title": "a", "target": ">=1", "value": %s}]}' % number  # noqa: UP031
    else:
        text = f'[[kpis]]\nid = "1"\ntitle = "a"\ntarget = ">=1"\nvalue = {number}\n'
    if read:
        (result,) = load_kpis(io.BytesIO(text.encode()), fmt=fmt).evaluate().results
        assert str(result.status) == (
            "Red" if number.startswith("-") or "E-" in number else "Green"
        )
        return
    expected = "expected a number of at most 100 digits, with an exponent within +/-1000"
    assert any(expected in problem for problem in _problems(load_kpis, text, fmt=fmt))


def test_budget_amount_cells_are_located() -> None:
    """A percentage or a word as an amount is reported at its own column."""
    problems = _problems(load_budget, "name,budget,projected\nA,5%,x\n")
    assert problems[0].startswith("<stream>:2:2: column 'budget' ('5%'): expected an amount")
    assert problems[1].startswith("<stream>:2:3: column 'projected' ('x')")


def test_a_windows_1252_byte_is_located_and_explained() -> None:
    """A cp1252 byte on line 3 is reported on line 3 at its column, saying the file is not UTF-8."""
    data = f"{HEADER}\n1,ok,<43,46\n2,caf\xe9,<43,46\n".encode("cp1252")
    (problem,) = _problems(load_kpis, data)
    assert problem.startswith("<stream>:3:2: column 'title':")
    assert "not UTF-8" in problem
    assert "encoding='cp1252'" in problem
    data_kpis = load_kpis(io.BytesIO(data), encoding="cp1252")
    assert data_kpis.framework.kpis[1].title == "café"


def test_an_undecodable_json_byte_is_located() -> None:
    """In JSON or TOML the bad byte's line and column are given."""
    data = '{"kpis": [\n{"id": "1", "title": "caf\xe9"}]}'.encode("cp1252")
    (problem,) = _problems(load_kpis, data, fmt="json")
    assert problem.startswith("<stream>:2: column 26: byte 0xE9 is not UTF-8")


def test_an_unknown_encoding_is_a_problem() -> None:
    """An encoding Python does not know is our problem, not a LookupError."""
    assert "unknown encoding 'klingon'" in _problems(load_kpis, HEADER, encoding="klingon")[0]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_semicolon_separated_file_is_named_as_such(delimiter: str) -> None:
    """A semicolon (or tab) separated file is one clear problem, not five confusing ones."""
    text = f"id{delimiter}title{delimiter}target{delimiter}value\n1{delimiter}a{delimiter}<43{delimiter}46\n"
    (problem,) = _problems(load_kpis, text)
    name = "semicolon" if delimiter == ";" else "tab"
    assert f"looks {name}-separated" in problem


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("id\n1\n", ["title", "target", "value"]),
        ("title\na\n", ["id", "target", "value"]),
    ],
)
def test_a_one_column_file_is_not_named_as_separated(text: str, missing: list[str]) -> None:
    """A one-column header that does not split in two is missing columns, not semicolon-separated."""
    problems = _problems(load_kpis, text)
    assert problems == [
        f"<stream>:1: column '{name}': required column is missing" for name in missing
    ]


def test_old_column_names_still_load_with_a_warning() -> None:
    """`reported` is read as `recorded`, with a KpiragWarning; `measure` as `title`, silently."""
    text = "id,measure,target,value,reported\n1,a,<43,46,Amber\n"
    with pytest.warns(KpiragWarning) as caught:
        data = load_kpis(io.StringIO(text))
    assert [str(w.message).split("'")[1] for w in caught] == ["reported"]
    assert data.framework.kpis[0].title == "a"
    assert data.observations[0].recorded == Status.AMBER


def test_old_column_names_warn_on_stderr_from_the_cli() -> None:
    """The command line prints the rename warning on stderr (unless --quiet)."""
    text = b"id,title,target,value,reported\n1,a,<43,46,Amber\n"
    err = io.StringIO()
    assert main(["evaluate", "-"], stdin=io.BytesIO(text), stdout=io.StringIO(), stderr=err) == 0
    assert "kpirag: warning: <stdin>: column 'reported' is now called 'recorded'" in err.getvalue()
    quiet = io.StringIO()
    main(["evaluate", "-", "-q"], stdin=io.BytesIO(text), stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_measure_is_read_as_title_without_a_warning() -> None:
    """`measure` is how kpirag's own tables head the title column: it is read silently."""
    text = b"id,measure,target,value\n1,a,<43,46\n"
    err = io.StringIO()
    assert main(["evaluate", "-"], stdin=io.BytesIO(text), stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""


def test_problems_carry_a_location() -> None:
    """Each Problem gives its place as a kpirag.errors.Location."""
    with pytest.raises(LoadError) as info:
        load_kpis(io.StringIO(f"{HEADER}\n1,a,<=x,46\n"))
    assert info.value.problems[0].location == Location(
        "<stream>", line=2, column=3, column_name="target"
    )


def test_version() -> None:
    """`kpirag --version` prints the version (it demanded a COMMAND)."""
    out = io.StringIO()
    assert main(["--version"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().startswith("kpirag ")


def test_many_bad_cells_print_fifty_and_a_count() -> None:
    """50,000 bad cells print the first 50 problems and a count of the rest."""
    text = HEADER + "\n" + "".join(f"{n},a,zz,1\n" for n in range(50_000))
    err = io.StringIO()
    assert (
        main(["evaluate", "-"], stdin=io.BytesIO(text.encode()), stdout=io.StringIO(), stderr=err)
        == 2
    )
    lines = err.getvalue().splitlines()
    assert lines[0] == "kpirag: 50,000 problems found; nothing was loaded"
    assert len(lines) == 1 + MAX_SHOWN + 1
    assert lines[-1] == "... and 49,950 more problems (fix these first)"


def test_a_missing_period_says_to_pass_period() -> None:
    """A profiled KPI without --period tells the user to pass --period."""
    text = b"id,title,target,value,profile\n2.1,a,>=2000,400,linear\n"
    err = io.StringIO()
    assert main(["evaluate", "-"], stdin=io.BytesIO(text), stdout=io.StringIO(), stderr=err) == 2
    assert "pass --period" in err.getvalue()


@pytest.mark.parametrize("alias", ["markdown", "md", "MarkDown"])
def test_markdown_names_the_github_format(alias: str) -> None:
    """`--format markdown` and `md` are `github`."""
    out = io.StringIO()
    csv_text = b"id,title,target,value\n1,a,<43,46\n"
    assert (
        main(
            ["evaluate", "-", "--format", alias],
            stdin=io.BytesIO(csv_text),
            stdout=out,
            stderr=io.StringIO(),
        )
        == 0
    )
    assert out.getvalue().startswith("## KPIs")


def test_help_formats_prints_the_shipped_reference() -> None:
    """`python -m kpirag help formats` prints the file-format page shipped in the package."""
    out = io.StringIO()
    assert main(["help", "formats"], stdout=out) == 0
    docs = Path(__file__).parent.parent / "docs" / "file-formats.md"
    assert out.getvalue() == docs.read_text(encoding="utf-8")


# -- mutation fuzz of the example files ---------------------------------------------------------


def _examples() -> dict[str, tuple[object, bytes]]:
    kpis = load_kpis(DATA / "q1_2017_18_kpis.csv")
    risks = load_risks(DATA / "q1_2017_18_risks.csv")
    budget = load_budget(DATA / "q1_2017_18_budget.csv")
    found: dict[str, tuple[object, bytes]] = {}
    for fmt in ("csv", "toml", "json"):
        found[f"kpi.{fmt}"] = (load_kpis, dump_kpis(kpis, fmt).encode())
        found[f"risk.{fmt}"] = (load_risks, dump_risks(risks, fmt).encode())
        found[f"budget.{fmt}"] = (load_budget, dump_budget(budget, fmt).encode())
    return found


EXAMPLES = _examples()
HOSTILE = [
    b"\xe9", b"\x00", b"\xff\xfe", b"\n", b",", b";", b'"', b"\r\n", b"%", b"1e999999999",
    b"9" * 5000, b"\xc2\xb2", b"(", b")", b"-", b"[", b"]", b"{", b"}", b"=", b"NaN",
    b"31/02/17", b"11111111111111111111111111111m", b"primary:x", b"0;25;25;40", b"Purple",
    b"\t", b"\\", b"'", b"#", b"\xef\xbb\xbf", b" " * 200 + b"x",
]  # fmt: skip


@st.composite
def _mutants(draw: st.DrawFn) -> tuple[str, object, bytes]:
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    loader, data = EXAMPLES[name]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 20))
        insert = draw(st.sampled_from(HOSTILE) | st.binary(max_size=8))
        data = data[:at] + insert + data[at + cut :]
    return name, loader, data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutants())
def test_mutated_example_files_load_or_raise_load_error(mutant: tuple[str, object, bytes]) -> None:
    """Law: a mutated example file (CSV, TOML, JSON) loads or raises LoadError, nothing else."""
    name, loader, data = mutant
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KpiragWarning)
        try:
            loader(io.BytesIO(data), fmt=name.rsplit(".", 1)[1])  # type: ignore[operator]
        except LoadError as exc:
            problems = exc.problems
        else:
            problems = ()
    assert all(problem.source == "<stream>" for problem in problems)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutants(), st.sampled_from(["csv", "json", "text"]))
def test_mutated_example_files_through_the_cli(mutant: tuple[str, object, bytes], fmt: str) -> None:
    """Law: the CLI on a mutated file exits 0, 1 or 2; on 2 stdout is empty and stderr ours."""
    name, _, data = mutant
    kind, input_format = name.split(".")
    command = {"kpi": "audit", "risk": "risk", "budget": "budget"}[kind]
    out, err = io.StringIO(), io.StringIO()
    args = [command, "-", "--input-format", input_format, "--format", fmt]
    if kind == "kpi":
        args += ["--period", "Q1 2017/18"]
    code = main(args, stdin=io.BytesIO(data), stdout=out, stderr=err)
    assert code in {0, 1, 2}
    if code == 2:
        assert out.getvalue() == ""
        assert err.getvalue().startswith("kpirag:")
    if fmt == "json" and code != 2:
        json.loads(out.getvalue())


LOADERS: dict[str, tuple[Callable[[Any], object], str]] = {
    "load_kpis": (load_kpis, "source"),
    "load_risks": (load_risks, "source"),
    "load_budget": (load_budget, "source"),
    "load_budget_with_recorded": (load_budget_with_recorded, "source"),
    "load_rules": (load_rules, "source"),
    "load_series": (load_series, "source"),
    "load_observations": (lambda bad: load_observations(bad, io.BytesIO(b"id\n")), "observations"),
    "load_observations definitions": (
        lambda bad: load_observations(io.BytesIO(b"id\n"), bad),
        "definitions",
    ),
}


@pytest.mark.parametrize("bad", [3, [b"id"], None, b"id,title\n", 1.5])
@pytest.mark.parametrize("name", list(LOADERS))
def test_defect_loaders_refuse_non_sources_with_our_error(name: str, bad: object) -> None:
    """A loader given something not a path or a file raises a kpirag error naming the argument."""
    loader, field = LOADERS[name]
    with pytest.raises(ValueTypeError) as caught:
        loader(bad)
    assert isinstance(caught.value, KpiragError)
    assert caught.value.field == field
    assert "expected a path or an open file" in str(caught.value)
