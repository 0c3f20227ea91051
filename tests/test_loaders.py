"""Loading and writing files: kpirag.io._loaders (CSV, TOML, JSON), all or nothing, with locations."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import pickle
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpirag as k
from kpirag import Status
from kpirag.errors import KpiragError, LoadError, RecordError
from kpirag.io import KPIStream, Problems, iter_kpis, load_kpis, load_observations, read_rows
from kpirag.io._loaders import (
    KPIData,
    dump_budget,
    dump_kpis,
    dump_risks,
    load_budget,
    load_risks,
)
from kpirag.io._records import (
    KPI_COLUMNS,
    budget_line_from_record,
    kpi_from_records,
    records_from_kpi,
    risk_from_record,
)

HEADER = "id,title,target,value"


def _load(text: str, **options: object) -> KPIData:
    return load_kpis(io.StringIO(text), **options)  # type: ignore[arg-type]


def _problems(text: str, loader: object = load_kpis, **options: object) -> list[str]:
    with pytest.raises(LoadError) as info:
        loader(io.StringIO(text), **options)  # type: ignore[operator]
    assert "nothing was loaded" in str(info.value)
    return [str(problem) for problem in info.value.problems]


@pytest.mark.parametrize("fmt", ["csv", "toml", "json"])
def test_q1_round_trip(q1: ModuleType, fmt: str, tmp_path: Path) -> None:
    """The Q1 framework written to CSV, TOML and JSON loads back and evaluates identically."""
    data = KPIData(q1.framework(), tuple(q1.observations()))
    path = tmp_path / f"q1.{fmt}"
    path.write_text(dump_kpis(data, fmt), encoding="utf-8")
    loaded = load_kpis(path)
    assert loaded.framework.kpis == data.framework.kpis
    assert loaded.observations == data.observations
    before, after = data.evaluate(period=q1.PERIOD), loaded.evaluate(period=q1.PERIOD)
    assert [(r.status, r.computed, r.explanation) for r in after.results] == [
        (r.status, r.computed, r.explanation) for r in before.results
    ]


@pytest.mark.parametrize("fmt", ["csv", "toml", "json"])
def test_risk_and_budget_round_trip(q1: ModuleType, fmt: str, tmp_path: Path) -> None:
    """The Q1 risk register and budget round-trip through every format."""
    register, budget = q1.risk_register(), q1.budget()
    risks = tmp_path / f"risks.{fmt}"
    risks.write_text(dump_risks(register, fmt), encoding="utf-8")
    assert load_risks(risks) == register
    lines = tmp_path / f"budget.{fmt}"
    lines.write_text(dump_budget(budget, fmt), encoding="utf-8")
    assert load_budget(lines) == budget


def test_shipped_example_data_is_current(q1: ModuleType) -> None:
    """examples/data holds exactly what the example's data writes (regenerate it deliberately)."""
    folder = Path(__file__).parent.parent / "examples" / "data"
    data = KPIData(q1.framework(), tuple(q1.observations()))
    assert (folder / "q1_2017_18_kpis.csv").read_text(encoding="utf-8") == dump_kpis(data)
    assert (folder / "q1_2017_18_risks.csv").read_text(encoding="utf-8") == dump_risks(
        q1.risk_register()
    )
    assert (folder / "q1_2017_18_budget.csv").read_text(encoding="utf-8") == dump_budget(
        q1.budget()
    )


def test_bom_and_excel_quoting() -> None:
    """UTF-8 with a BOM, Excel quoting, embedded commas, quotes and newlines all read."""
    text = '\ufeffID,Title,Target,Value,Commentary\r\n1.6,"Living on the streets, counted",<43,46,"He said ""down""\r\nfrom 54"\r\n'
    data = load_kpis(io.BytesIO(text.encode("utf-8")))
    (obs,) = data.observations
    assert data.framework.kpis[0].title == "Living on the streets, counted"
    assert obs.commentary == 'He said "down"\r\nfrom 54'
    assert data.evaluate().results[0].status == Status.AMBER


def test_empty_target_or_value_is_not_rated_with_reason() -> None:
    """An empty target or value is not rated, with the reason kept."""
    text = f"{HEADER},reason\n2.6,SEND,,,Annual\n4.2,Health checks,,52%,Working with provider to set target\n9,x,>=75%,,\n"
    results = _load(text).evaluate().results
    assert [str(r.not_rated) for r in results] == ["Not due", "tbc", "No data"]
    assert results[1].display == "52%"  # a figure shows even when not rated
    assert results[1].observation is not None
    assert results[1].observation.reason == "Working with provider to set target"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{HEADER}\n1,a,<=x%,46\n", "<stream>:2:3: column 'target' ('<=x%'): Invalid target"),
        (f"{HEADER}\n1,a,<43,forty\n", "<stream>:2:4: column 'value' ('forty'): Invalid figure"),
        (f"{HEADER}\n1,a,<43,nan\n", "<stream>:2:4: column 'value' ('nan')"),
        (f"{HEADER},recorded\n1,a,<43,46,Purple\n", "<stream>:2:5: column 'recorded' ('Purple')"),
        (f"{HEADER},better\n1,a,43,46,up\n", "column 'better' ('up'): expected one of higher, lower"),
        (f"{HEADER},unit\n1,a,>=75%,46,count\n", "column 'target' ('>=75%'): KPI '1': invalid target"),
        (f"{HEADER},numerator,denominator\n1,a,>=75%,,4,3\n", "column 'numerator' ('4'): Invalid numerator 4"),
        (f"{HEADER},numerator,denominator\n1,a,>=75%,,-1,3\n", "cannot be negative"),
        (f"{HEADER},numerator\n1,a,>=75%,,4\n", "column 'denominator' (''): a cohort needs both"),
        (f"{HEADER},counts,band\n1,a,<=0%,,4;x;7;0;0,2 years +\n", "column 'counts' ('4;x;7;0;0')"),
        (f"{HEADER},counts,band\n1,a,<=0%,,4;1;7,2 years +\n", "3 counts for 5 bands"),
        (f"{HEADER},profile\n1,a,>=2000,5,0;25;25;40\n", "column 'profile' ('0;25;25;40'): Invalid profile"),
        (f"{HEADER},tolerance\n1,a,<43,46,ten\n", "column 'tolerance' ('ten'): Invalid tolerance"),
        (f"{HEADER},previous\n1,a,<43,46,x\n", "column 'previous' ('x')"),
        (f"{HEADER},reason\n1,a,<43,46,Annual\n", "column 'reason' ('Annual'): a reason is for a KPI"),
        (f"{HEADER},override\n1,a,<43,46,because\n", "Invalid override 'because'"),
        (f"{HEADER}\n1,a,<43,46\n1,b,<43,47\n", "<stream>:3:1: column 'id' ('1'): duplicate id"),
        (f"{HEADER}\n1,a,<43,46\n2,b,<43,47\n1,c,<43,1\n", "<stream>:4:1: column 'id': duplicate id (first at line 2)"),
        (f"{HEADER}\n,a,<43,46\n", "<stream>:2:1: column 'id' (''): expected an id"),
        (f"{HEADER}\n1,,<43,46\n", "<stream>:2:2: column 'title' (''): expected the KPI's title"),
        (f"{HEADER}\n1,a,<43,46,extra\n", "<stream>:2: 5 cells, but the header has 4 columns"),
        (f"{HEADER},colour\n1,a,<43,46,red\n", "<stream>:1:5: column 'colour': unknown column"),
        ("id,title,value\n1,a,46\n", "<stream>:1: column 'target': required column is missing"),
        (f"{HEADER},id\n1,a,<43,46,1\n", "<stream>:1:5: column 'id': duplicate column"),
        (f'{HEADER}\n1,a,<43,"46\n', "malformed CSV"),
        ("", "<stream>: empty file"),
    ],
)  # fmt: skip
def test_csv_errors_name_line_column_and_value(text: str, expected: str) -> None:
    """Every class of bad input is reported with its line, column, value and expectation."""
    problems = _problems(text)
    assert any(expected in problem for problem in problems), problems


def test_all_bad_rows_at_once() -> None:
    """All bad rows are reported together, and nothing is loaded."""
    text = f"{HEADER}\n1,a,<=x,46\n2,b,<43,46\n3,c,>=75%,abc\n4,d,>=75%,70\n5,e,zz,zz\n"
    problems = _problems(text)
    assert [p.split(":")[1] for p in problems] == ["2", "4", "6", "6"]


def test_unknown_columns_can_be_allowed() -> None:
    """Unknown columns are an error unless explicitly allowed."""
    text = f"{HEADER},colour\n1,a,<43,46,red\n"
    assert _load(text, allow_unknown=True).framework.kpis[0].id == "1"


def test_not_utf8() -> None:
    """A file that is not UTF-8 is our error with a line, not a UnicodeDecodeError."""
    data = (HEADER + "\n1,caf\xe9,<43,46\n").encode("latin-1")
    with pytest.raises(LoadError, match="not UTF-8 text"):
        load_kpis(io.BytesIO(data))


def test_composite_errors_point_at_their_own_rows() -> None:
    """A bad part row is reported on its own line; a header row takes no figures."""
    text = f"{HEADER},part\n4.7,Homes,,,\n4.7,Homes,116,34,Consents\n4.7,Homes,zz,0,Starts\n"
    assert any(p.startswith("<stream>:4:3:") for p in _problems(text))
    text = f"{HEADER},part\n4.7,Homes,116,,\n4.7,Homes,116,34,Consents\n"
    assert any("header row (no part) takes no figures" in p for p in _problems(text))


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ('[[kpis]]\nid = "1"\ntitle = "a"\ntarget = "<=x"\nvalue = 46\n', "toml", "item 1: column 'target' ('<=x')"),
        ('[[kpis]]\nid = "1"\ntitle = "a"\ntarget = "<43"\nvalue = [1]\n', "toml", "item 1: column 'value' ('[1]'): expected text"),
        ('[[kpis]]\nid = "1"\n', "toml", "item 1: column 'title': required column is missing"),
        ("[kpis\n", "toml", "malformed TOML"),
        ('{"kpis": [{"id": "1", "title": "a", "target": "<43", "value": NaN}]}', "json", "malformed JSON"),
        ('{"kpis": [1]}', "json", "item 1: expected a table of fields"),
        ('{"kpis": {"id": 1}}', "json", "expected a list of records under 'kpis'"),
        ('{"kpis": [', "json", "<stream>:1: malformed JSON"),
    ],
)  # fmt: skip
def test_toml_and_json_errors(text: str, fmt: str, expected: str) -> None:
    """TOML and JSON problems name the item (or line) and the field."""
    problems = _problems(text, fmt=fmt)
    assert any(expected in problem for problem in problems), problems


def test_json_numbers_are_exact() -> None:
    """JSON and TOML numbers are read as exact decimals, never binary floats."""
    text = '{"kpis": [{"id": "1", "title": "a", "target": "<=1", "value": 1.1}]}'
    result = load_kpis(io.StringIO(text), fmt="json").evaluate().results[0]
    assert result.status == Status.AMBER


def test_default_tolerance_and_per_kpi_override() -> None:
    """The default tolerance applies unless a KPI's tolerance column overrides it."""
    text = f"{HEADER},tolerance\n1,a,>=75%,70,\n2,b,>=75%,70,none\n"
    strict = [r.status for r in _load(text, tolerance="5pt").evaluate().results]
    assert strict == [Status.AMBER, Status.RED]
    assert [r.status for r in _load(text, tolerance="1%").evaluate().results] == [Status.RED] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,title,score\nA,x,5\n", "<stream>:2:3: column 'score' ('5'): Risk 'A' score: Invalid score 5"),
        ("code,title,score,target_date\nA,x,4,31/02/17\n", "<stream>:2:4: column 'target_date' ('31/02/17')"),
        ("code,title,likelihood,impact\nA,x,9,2\n", "column 'likelihood' ('9')"),
        ("code,title,likelihood,impact\nA,x,2,9\n", "<stream>:2:4: column 'impact' ('9')"),
        ("code,title,score\nA,x,4\nA,y,8\n", "<stream>:3:1: column 'code' ('A'): duplicate code (first at line 2)"),
        ("code,title,score\nA,x,four\n", "column 'score' ('four')"),
        ("code,title,score,state\nA,x,4,gone\n", "column 'state' ('gone'): expected one of open, closed"),
        ("code,score\nA,4\n", "column 'title': required column is missing"),
    ],
)  # fmt: skip
def test_risk_file_errors(text: str, expected: str) -> None:
    """Risk rows are checked against the matrix, with locations."""
    problems = _problems(text, load_risks)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,budget,projected\nPeople,abc,1\n", "<stream>:2:2: column 'budget' ('abc')"),
        ("name,budget,projected\nPeople,,1\n", "column 'budget' (''): required"),
        ("name,budget,projected\nPeople,1,1\nPeople,2,2\n", "<stream>:3:1: column 'name' ('People'): duplicate line"),
        ("name,budget,projected,unit\nA,1,1,£'000\nB,1,1,£\n", "column 'unit' ('£'): every line must be in one unit"),
        ("name,budget,projected,kind\nA,1,1,profit\n", "column 'kind' ('profit')"),
    ],
)  # fmt: skip
def test_budget_file_errors(text: str, expected: str) -> None:
    """Budget rows are checked, with locations."""
    problems = _problems(text, load_budget)
    assert any(expected in problem for problem in problems), problems


def test_unknown_format() -> None:
    """An unknown file format is our error."""
    with pytest.raises(LoadError, match="unknown format 'ods'; expected csv, toml, json, xlsx"):
        load_kpis(io.StringIO(""), fmt="ods")


def test_a_workbook_needs_bytes() -> None:
    """A workbook given as a text stream is our error, not a crash."""
    with pytest.raises(LoadError, match="a workbook is binary"):
        load_kpis(io.StringIO("id,title\n"), fmt="xlsx")


def test_every_kpi_column_is_documented() -> None:
    """Each column has a description (the file-format page is generated from them)."""
    assert all(description.strip() for description in KPI_COLUMNS.values())


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_load_error(data: bytes) -> None:
    """Law: any bytes given as a CSV either load or raise LoadError, never anything else."""
    for fmt in ("csv", "json", "toml"):
        with contextlib.suppress(LoadError):
            load_kpis(io.BytesIO(HEADER.encode() + b"\n" + data), fmt=fmt)


@pytest.mark.parametrize(
    ("target", "value", "unit"),
    [
        ("A minimum of 85 jobs.", "103 jobs", ""),
        (">=85 jobs", "103 jobs", ""),
        (">=85", "103 jobs", "jobs"),
        ("A minimum of 85.", "103 jobs", "jobs"),
    ],
)
def test_defect_composite_part_unit_words_refused_from_files(
    target: str, value: str, unit: str
) -> None:
    """A composite part's target and figure read unit words as a simple KPI row's do."""
    text = (
        f"id,title,target,value,part,unit\n1,Jobs,,,,{unit}\n1,Jobs,{target},{value},x,\n"
        "1,Jobs,>=3,4,y,\n"
    )
    data = _load(text)
    (kpi,) = data.framework.kpis
    assert str(kpi.parts[0].target) == ">=85 jobs"
    assert [str(result.status) for result in data.evaluate().results] == ["Green"]


@pytest.mark.parametrize(
    ("target", "value", "not_rated"),
    [
        (">=75%", "tbc", "tbc"),
        (">=10", "No data", "No data"),
        ("tbc", "Working with provider", "tbc"),
        (">=75%", "Annual", "Not due"),
        ("tbc", "52%", "tbc"),
    ],
)
def test_defect_written_not_rated_row_refused_by_kpi_from_records(
    target: str, value: str, not_rated: str
) -> None:
    """A not-rated row as `kpirag evaluate --format csv` writes it is read by the one reader."""
    record = {"id": "2", "title": "B", "target": target, "value": value, "status": "N/A"}
    record["recorded"] = ""
    kpi, observation = kpi_from_records([record])
    assert str(observation.not_rated) == not_rated
    assert (kpi.target is None) == (target == "tbc")


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_defect_tidy_files_in_toml_or_json_crash_with_key_error(fmt: str) -> None:
    """Definitions (under kpis) and observations (under observations) load from TOML and JSON."""
    definition = {"id": "1", "title": "A", "target": ">=3"}
    observation = {"id": "1", "period": "Q1 2017/18", "value": "5"}
    texts = {
        "toml": lambda section, record: (
            f"[[{section}]]\n" + "".join(f'{key} = "{value}"\n' for key, value in record.items())
        ),
        "json": lambda section, record: json.dumps({section: [record]}),
    }
    data = load_observations(
        io.StringIO(texts[fmt]("observations", observation)),
        io.StringIO(texts[fmt]("kpis", definition)),
        fmt=fmt,
        definitions_fmt=fmt,
    )
    assert [str(result.status) for result in data.evaluate().results] == ["Green"]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_defect_dump_unknown_format_lists_xlsx_it_cannot_write(fmt: str) -> None:
    """A writer refuses a format it cannot write, naming only those it can."""
    with pytest.raises(LoadError) as info:
        dump_risks(load_risks(io.StringIO("code,title,score\nR1,A,4\n")), fmt)
    assert f"unknown format {fmt!r}; expected csv, json or toml" in str(info.value)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"id,title,target,value,recorded\n1,a,<43,46,Red\n2,b,zz,1,\n3,c,>=75%,69%,\n", "csv"),
        (
            (
                b'{"kpis": [{"id": "1", "title": "a", "target": "<43", "value": 46, "recorded": "Red"},'
                b' {"id": "2", "title": "b", "target": "zz", "value": 1},'
                b' {"id": "3", "title": "c", "target": ">=75%", "value": "69%"}]}'
            ),
            "json",
        ),
    ],
)
def test_iter_kpis_streams_the_good_rows_and_collects_the_problems(data: bytes, fmt: str) -> None:
    """iter_kpis yields each readable KPI with its observation; a bad row is a problem, not a stop."""
    problems = Problems("kpis")
    pairs = list(iter_kpis(io.BytesIO(data), problems, fmt=fmt))
    assert [(kpi.id, str(kpi.target), str(obs.recorded)) for kpi, obs in pairs] == [
        ("1", "<43", "Red"),
        ("3", ">=75%", "None"),
    ]
    (problem,) = problems.items
    assert "column 'target' ('zz'): Invalid target 'zz'" in str(problem)
    assert str(problem).startswith("kpis:3:3:" if fmt == "csv" else "kpis: item 2:")
    with pytest.raises(LoadError, match="1 problem found; nothing was loaded"):
        problems.raise_any()


@pytest.mark.parametrize(
    ("kind", "section", "record"),
    [
        ("kpi", "kpis", {"id": "1", "title": "a", "target": "<43", "value": "46"}),
        ("risk", "risks", {"code": "R1", "title": "a", "score": "4"}),
        ("budget", "lines", {"name": "People", "budget": "100", "projected": "110"}),
    ],
)
def test_read_rows_reads_the_format_it_is_given(
    kind: str, section: str, record: dict[str, str]
) -> None:
    """read_rows reads a stream in the format given (JSON here), its rows located by item."""
    data = json.dumps({section: [record, record]}).encode()
    problems = Problems("doc")
    rows = list(read_rows(io.BytesIO(data), problems, kind=kind, fmt="json"))
    assert [(row.item, dict(row.record)) for row in rows] == [(1, record), (2, record)]
    assert problems.items == []


@pytest.mark.parametrize("tolerance", ["5pt", "10%", "2.5%", "none"])
def test_a_standard_scheme_is_written_as_its_tolerance(tolerance: str) -> None:
    """dump_kpis writes a KPI's standard scheme as its tolerance text, which reads back the same."""
    scheme = k.Scheme.standard(tolerance)
    data = KPIData(k.Framework([k.KPI("1", "a", "<43", scheme=scheme)]), (k.Observation("1", 46),))
    text = dump_kpis(data)
    (record,) = csv.DictReader(io.StringIO(text))
    assert record["tolerance"] == tolerance
    assert load_kpis(io.BytesIO(text.encode())).framework.kpi("1").scheme == scheme


def test_a_scheme_that_is_not_standard_is_refused_by_the_writer() -> None:
    """A scheme with a Red step has no tolerance text: dump_kpis refuses it, naming the column."""
    scheme = k.Scheme(k.Status.GREEN, [k.Step(k.Tolerance.relative(5), k.Status.RED)], k.Status.RED)
    data = KPIData(k.Framework([k.KPI("1", "a", "<43", scheme=scheme)]), (k.Observation("1", 46),))
    with pytest.raises(RecordError, match="only standard Green/Amber/Red schemes can be written"):
        dump_kpis(data)


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), rules=_junk(k.Scheme)), "Invalid rules <class 'kpirag.rules._scheme.Scheme'>: expected Rules or None"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=_junk(4)), "Invalid scheme 4: expected Scheme"),
        (lambda: KPIStream(io.BytesIO(b""), _junk(None), scheme=k.Scheme.city_of_london()), "Invalid problems None: expected Problems"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), encoding=_junk(True)), "Invalid encoding True: expected text"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), allow_unknown=_junk(1)), "Invalid allow_unknown 1: expected True or False"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), fmt=_junk(1)), "Invalid fmt 1: expected a format name or None"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), sheet=_junk(1)), "Invalid sheet 1: expected text or None"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), period=_junk("Q1 2017/18")), "Invalid period 'Q1 2017/18': expected a Quarter, Month, Year or None"),
        (lambda: KPIStream(io.BytesIO(b""), Problems("x"), scheme=k.Scheme.city_of_london(), full=_junk(1)), "Invalid full 1: expected a function or None"),
        (lambda: KPIStream(_junk(5), Problems("x"), scheme=k.Scheme.city_of_london()), "Invalid source 5: expected a path or an open file"),
    ],
)  # fmt: skip
def test_every_kpi_stream_argument_error_names_the_argument(
    call: Callable[[], object], message: str
) -> None:
    """A KPIStream argument of the wrong type is refused naming it and what it takes."""
    with pytest.raises(k.ValueTypeError) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": 1}, "Invalid name 1: expected text"),
        ({"source_name": 1}, "Invalid source_name 1: expected text or None"),
    ],
)
def test_every_load_kpis_argument_error_names_the_argument(
    options: dict[str, Any], message: str
) -> None:
    """A load_kpis argument of the wrong type is refused naming it and what it takes."""
    with pytest.raises(k.ValueTypeError) as caught:
        load_kpis(io.StringIO(f"{HEADER}\n1,a,<43,46\n"), **options)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("tolerance", "name", "status"),
    [("10%", "", "Red"), ("25%", "Q1", "Amber"), ("6pt", "Q1", "Amber")],
)
def test_tidy_files_give_the_framework_their_tolerance_and_name(
    tolerance: str, name: str, status: str
) -> None:
    """The tolerance given makes the framework's scheme (44 against >=50), the name its name."""
    data = load_observations(
        io.StringIO("id,period,value\n1,Q1 2017/18,44\n"),
        io.StringIO("id,title,target\n1,A,>=50\n"),
        tolerance=tolerance,
        name=name,
    )
    shown = f"Framework({name!r}, 1 KPI)" if name else "Framework(1 KPI)"
    assert repr(data.framework) == shown
    assert repr(data.framework.scheme) == (
        f"Scheme(met=Green, steps=[Amber within {tolerance}], beyond=Red)"
    )
    assert [str(result.status) for result in data.evaluate().results] == [status]


@pytest.mark.parametrize(
    ("column", "value", "at"),
    [
        ("target", ">=5", 4),
        ("value", "4", 5),
        ("numerator", "3", 6),
        ("denominator", "9", 7),
        ("counts", "1;2", 8),
    ],
)
def test_every_figure_on_a_composite_header_row_is_refused(
    column: str, value: str, at: int
) -> None:
    """A composite's header row (no part) holds no target or figure of any kind."""
    columns = ["id", "title", "part", "target", "value", "numerator", "denominator", "counts"]
    head = dict.fromkeys(columns, "") | {"id": "1", "title": "A", column: value}
    part = dict.fromkeys(columns, "") | {"id": "1", "title": "A", "part": "p", "value": "6"}
    text = "\n".join(",".join(row[name] for name in columns) for row in (head, part))
    with pytest.raises(k.LoadError) as caught:
        k.load_kpis(io.StringIO(",".join(columns) + "\n" + text + "\n"))
    assert str(caught.value) == (
        f"1 problem found; nothing was loaded\n<stream>:2:{at}: column {column!r} ({value!r}): "
        "a composite's header row (no part) takes no figures; put them on its part rows"
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("rollup", "best", "expected worst, primary:<part>, majority or majority:better"),
        ("bands", "ages", "expected a preset: durations"),
    ],
)
def test_defect_a_rollup_or_bands_refusal_names_its_column_twice(
    column: str, value: str, message: str
) -> None:
    """A refused rollup or bands cell says its column and value once, then why."""
    record = {"id": "1", "title": "x", "target": ">=3", column: value}
    if column == "bands":
        record |= {"counts": "1;2;3;4;5", "band": "2 years +"}
    with pytest.raises(RecordError) as caught:
        kpi_from_records([record])
    assert str(caught.value) == f"column {column!r} ({value!r}): {message}"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: records_from_kpi(k.KPI("1", "x", ">=300", profile=k.Profile([Fraction(1, 3)] * 3)), None), RecordError, "column 'profile' ('100/3'): a weight has no exact percentage to write"),
        (lambda: records_from_kpi(k.KPI("1", "x", ">=3"), k.Observation("1", k.Distribution(k.Bands([k.Band("a", None, 1), k.Band("b", 1, None)]), (1, 2), band="a"))), RecordError, "column 'bands' ('custom'): only the durations band preset can be written"),
        (lambda: records_from_kpi(_junk(5), None), k.ValueTypeError, "Invalid kpi 5: expected KPI"),
        (lambda: records_from_kpi(k.KPI("1", "x", ">=3"), _junk(5)), k.ValueTypeError, "Invalid observation 5: expected Observation or None"),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": ">=3", "rollup": "best"}]), RecordError, "column 'rollup' ('best'): expected worst, primary:<part>, majority or majority:better"),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": ">=3", "profile": "1;2"}]), RecordError, "column 'profile' ('1;2'): Invalid profile weights ['1/100', '1/50']: they sum to 3/100, expected exactly 1 (the whole year)"),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "better": "up"}]), RecordError, 'column \'better\' (\'up\'): expected one of higher, lower; column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "frequency": "weekly"}]), RecordError, 'column \'frequency\' (\'weekly\'): expected one of monthly, quarterly, annual; column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "unit": "furlongs"}]), RecordError, 'column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "cumulative": "maybe"}]), RecordError, 'column \'cumulative\' (\'maybe\'): expected true or false; column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "value": "5", "recorded": "Purple"}]), RecordError, 'column \'recorded\' (\'Purple\'): Invalid status \'Purple\': expected one of \'Blue\', \'Green\', \'Amber\', \'Red\', \'N/A\' on the RAG with Blue scale (abbreviations and case are accepted); column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "value": "5", "override": "x"}]), RecordError, 'column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "value": "5", "previous": "x"}]), RecordError, 'column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames); column \'previous\' (\'x\'): Invalid previous \'x\': expected a number such as \'46\', \'2,000\', \'69%\' or \'(1,230)\''),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50%", "value": "0.5", "fraction": "perhaps"}]), RecordError, 'column \'target\' (\'50%\'): the target \'50%\' does not say which way is better: write >=50% or <=50%, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames); column \'fraction\' (\'perhaps\'): expected true or false'),
        (lambda: kpi_from_records([{"id": "1", "title": "x", "target": "50", "tolerance": "lots"}]), RecordError, 'column \'tolerance\' (\'lots\'): Invalid tolerance \'lots\': expected a relative tolerance such as \'10%\', an absolute one such as \'5pt\', or \'none\'; column \'target\' (\'50\'): the target \'50\' does not say which way is better: write >=50 or <=50, give a `better` column of higher or lower, or declare the default (`better = "higher"` under [kpis] in a rules file, --better on the command line, or default_better= in kpirag.frames)'),
    ],
)  # fmt: skip
def test_every_kpi_record_refusal_names_its_columns(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Records that cannot be read, or a KPI that cannot be written, name each column and why."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: risk_from_record({"code": "R1", "title": "t", "score": "x"}), "column 'score' ('x'): expected a whole number of at most 18 digits; column 'score' ('x'): an open risk needs a score, or likelihood and impact"),
        (lambda: risk_from_record({"code": "R1", "title": "t", "likelihood": "3"}), "column 'impact' (''): give likelihood and impact together, or neither and a score"),
        (lambda: risk_from_record({"code": "R1", "title": "t", "score": "4", "state": "dormant"}), "column 'state' ('dormant'): expected one of open, closed"),
        (lambda: risk_from_record({"code": "R1", "title": "t", "score": "4", "target_date": "31/02/17"}), "column 'target_date' ('31/02/17'): Invalid target_date '31/02/17': day is out of range for month; expected a real date such as '30/09/17'"),
        (lambda: risk_from_record({"code": "R1", "title": "t", "score": "4", "previous_score": "1.5"}), "column 'previous_score' ('1.5'): expected a whole number of at most 18 digits"),
        (lambda: risk_from_record({"code": "R1", "title": "t", "score": "4", "target_score": "-1"}), "column 'target_score' ('-1'): expected a whole number of at most 18 digits"),
        (lambda: risk_from_record({"code": "", "title": "t", "score": "4"}), "column 'code' (''): required"),
        (lambda: budget_line_from_record({"name": "A", "budget": "x", "projected": "1"}), "column 'budget' ('x'): Invalid budget 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: budget_line_from_record({"name": "A", "budget": "1", "projected": "1", "kind": "gross"}), "column 'kind' ('gross'): expected one of net expenditure, income"),
        (lambda: budget_line_from_record({"name": "A", "budget": "1", "projected": "1", "level": "region"}), "column 'level' ('region'): expected one of service, directorate, total"),
        (lambda: budget_line_from_record({"name": "A", "budget": "1", "projected": "1", "actual": "5%"}), "column 'actual' ('5%'): expected an amount, not a percentage"),
        (lambda: budget_line_from_record({"name": "", "budget": "1", "projected": "1"}), "column 'name' (''): required"),
    ],
)  # fmt: skip
def test_every_risk_and_budget_record_refusal_names_its_column(
    call: Callable[[], object], message: str
) -> None:
    """A bad cell of a risk or budget record is refused naming its column, value and why."""
    with pytest.raises(RecordError) as caught:
        call()
    assert str(caught.value) == message


def test_risk_and_budget_records_keep_every_field() -> None:
    """The previous score, and a line's unit, category and group, are read from their columns."""
    risk = risk_from_record({"code": "R1", "title": "t", "score": "4", "previous_score": "8"})
    assert (risk.score, risk.previous_score) == (4, 8)
    line = budget_line_from_record(
        {"name": "A", "budget": "1", "projected": "2", "unit": "£m", "category": "C", "group": "G"}
    )
    assert (line.unit, line.category, line.group) == ("£m", "C", "G")
    assert budget_line_from_record({"name": "A", "budget": "1", "projected": "2"}).unit == "£'000"


def test_problems_count_themselves_and_raise_in_file_order() -> None:
    """Problems added out of order are raised by line; the repr counts them."""
    problems = Problems("kpis.csv")
    assert repr(problems) == "Problems('kpis.csv', 0 problems)"
    problems.raise_any()  # nothing to raise
    problems.add("third", line=9)
    problems.add("first", line=2, column="target", value="x", number=3)
    problems.add("second", line=5)
    assert repr(problems) == "Problems('kpis.csv', 3 problems)"
    with pytest.raises(k.LoadError) as caught:
        problems.raise_any()
    assert str(caught.value) == (
        "3 problems found; nothing was loaded\n"
        "kpis.csv:2:3: column 'target' ('x'): first\nkpis.csv:5: second\nkpis.csv:9: third"
    )


LAZY = """id,title,target,value,previous,recorded,override,theme,part,profile
1.1,Waits,<43,46,50,Red,known,Access,,
1.2,Calls,>=75%,80%,,,,Access,,
2,Homes,">=2,000",900,,,,Growth,,linear
3,Both,,,,,,Growth,,
3,Both,<10,4,,,,Growth,a,
3,Both,<20,25,,,,Growth,b,
"""
"""Plain rows (1.1, 1.2), a profiled one and a composite, as ``load_kpis`` reads a CSV file."""


def test_a_csv_file_is_evaluated_as_read_and_its_objects_made_when_asked_for() -> None:
    """load_kpis on CSV: evaluate() and repr need no KPI objects; made, they equal a full read."""
    data = _load(LAZY)
    assert repr(data) == "KPIData(4 KPIs, 4 observations)"
    evaluation = data.evaluate(period="Q2 2017/18")
    assert [str(result.status) for result in evaluation.results] == ["Red", "Green", "Amber", "Red"]
    json_text = dump_kpis(data, "json")  # reads every row in full
    full = load_kpis(io.StringIO(json_text), fmt="json")
    assert (data.framework, data.observations) == (full.framework, full.observations)
    assert data == full
    assert evaluation == full.evaluate(period="Q2 2017/18")
    assert pickle.loads(pickle.dumps(data)) == full


def test_a_csv_file_evaluates_its_profiled_kpis_in_the_period_asked_for() -> None:
    """The deferred evaluation judges a profiled KPI in each period it is asked for."""
    data = _load(LAZY)
    halves = [
        data.evaluate(period=period).result("2").target for period in ("Q1 2017/18", "Q2 2017/18")
    ]
    assert [str(target) for target in halves] == [">=500", ">=1000"]
    with pytest.raises(KpiragError, match="profile"):
        data.evaluate()


@pytest.mark.parametrize(
    ("profile", "written"),
    [
        (lambda: k.Profile.linear(4), "linear"),
        (lambda: k.Profile.linear(12), "monthly"),
        (lambda: k.Profile.percentages(["10%", "20%", "30%", "40%"]), "10;20;30;40"),
    ],
)
def test_a_profile_is_written_as_its_preset_or_its_percentages(
    profile: Callable[[], k.Profile], written: str
) -> None:
    """Linear quarters are 'linear', linear months 'monthly', others their percentages."""
    kpi = k.KPI("1", "x", ">=1200", profile=profile())
    [record] = records_from_kpi(kpi, None)
    assert record["profile"] == written
    assert kpi_from_records([record])[0].profile == kpi.profile


@pytest.mark.parametrize("unit", ["5", "%%", "weeks per"])
def test_a_unit_that_is_no_kind_or_word_is_refused_in_the_unit_column(unit: str) -> None:
    """The unit column's refusal names the column and the forms it takes."""
    with pytest.raises(RecordError) as caught:
        kpi_from_records([{"id": "1", "title": "x", "target": ">=5", "unit": unit}])
    assert str(caught.value) == (
        f"column 'unit' ({unit!r}): expected count, percent, ratio, score, days or money; "
        "or the unit word of target and figures ('jobs', 'weeks', 'pp', '£', 'per 1,000')"
    )
