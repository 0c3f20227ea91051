"""Text the user gives reaches every output safely (issue 21, items 8, 14): no crash, no raw control."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kpirag import KpiragError
from kpirag.cli._main import main
from kpirag.io import (
    dump_kpis,
    dump_risks,
    dump_series,
    load_budget,
    load_kpis,
    load_risks,
    load_series,
)

SURROGATE_KPIS = '{"kpis": [{"id": "K1", "title": "T\\ud800x", "target": ">=75%", "value": "80%"}]}'
SURROGATE_RISKS = '{"risks": [{"code": "R\\udc80", "title": "t", "likelihood": 2, "impact": 3}]}'
SURROGATE_BUDGET = '{"lines": [{"name": "L\\ud800", "budget": 10, "projected": 9}]}'
SURROGATE_POINTS = '{"points": [{"series": "S\\ud800", "period": "2023-01", "value": 1}]}'
SURROGATE_KEY = '{"kpis": [{"id": "K1", "title\\ud800": "T", "target": ">=75%", "value": "80%"}]}'


def _utf8_stream() -> io.TextIOWrapper:
    """A standard output that encodes as a terminal does (a StringIO would hide the crash)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["evaluate", "-"], SURROGATE_KPIS),
        (["evaluate", "-", "--format", "json"], SURROGATE_KPIS),
        (["evaluate", "-", "--format", "csv"], SURROGATE_KPIS),
        (["evaluate", "-", "--format", "html"], SURROGATE_KPIS),
        (["audit", "-"], SURROGATE_KPIS),
        (["report", "-", "--format", "markdown"], SURROGATE_KPIS),
        (["evaluate", "-"], SURROGATE_KEY),
        (["risk", "-"], SURROGATE_RISKS),
        (["budget", "-"], SURROGATE_BUDGET),
        (["spc", "-"], SURROGATE_POINTS),
    ],
)
def test_defect_json_lone_surrogate_unicode_encode_error(args: list[str], text: str) -> None:
    """A lone surrogate escape in JSON input is refused, located, exit 2 (it crashed every command)."""
    err = io.StringIO()
    code = main(
        [*args, "--input-format", "json"],
        stdin=io.BytesIO(text.encode()),
        stdout=_utf8_stream(),
        stderr=err,
    )
    assert code == 2, err.getvalue()
    assert "lone surrogate" in err.getvalue()
    assert "item 1" in err.getvalue()


@pytest.mark.parametrize(
    ("loader", "text"),
    [(load_kpis, SURROGATE_KPIS), (load_risks, SURROGATE_RISKS), (load_budget, SURROGATE_BUDGET)],
)
def test_defect_json_lone_surrogate_python_loaders(
    tmp_path: Path, loader: object, text: str
) -> None:
    """The Python loaders refuse a lone surrogate too, naming the record and the escape."""
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KpiragError, match=r"lone surrogate") as caught:
        loader(path)  # type: ignore[operator]
    assert "item 1" in str(caught.value)


# Characters a terminal or a text renderer acts on: C1 (NEL), DEL, bidi controls, line separators.
RAW = ("\u202e", "\x85", "\x7f", "\u2066", "\u2028", "\x1b")
TITLE = "T\u202eneerG\x85\x7f\u2066\u2028\x1b[2J"


def _kpis_csv() -> bytes:
    return f'id,title,target,value,recorded\nK1,"{TITLE}",>=75%,80%,Red\n'.encode()


def _points_csv() -> bytes:
    points = "".join(f'"{TITLE}",2023-{month:02d},{month}\n' for month in range(1, 13))
    return ("series,period,value\n" + points).encode()


@pytest.mark.parametrize(
    ("args", "data"),
    [
        (["evaluate", "-"], _kpis_csv()),
        (["audit", "-"], _kpis_csv()),
        (["risk", "-"], f'code,title,likelihood,impact\nR1,"{TITLE}",2,4\n'.encode()),
        (["budget", "-"], f'name,budget,projected\n"{TITLE}",10,9\n'.encode()),
        (["spc", "-"], _points_csv()),
    ],
)
def test_defect_json_output_keeps_raw_bidi_controls(args: list[str], data: bytes) -> None:
    """--format json writes control and bidi characters as JSON escapes; json.loads gives them back."""
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--format", "json"], stdin=io.BytesIO(data), stdout=out, stderr=err)
    assert code in {0, 1}, err.getvalue()
    text = out.getvalue()
    assert not [c for c in RAW if c in text]
    assert repr(TITLE) in repr(json.loads(text))


@pytest.mark.parametrize("fmt", ["json", "toml"])
@pytest.mark.parametrize(
    ("load", "dump", "data"),
    [
        (load_kpis, dump_kpis, _kpis_csv()),
        (load_series, dump_series, _points_csv()),
        (load_risks, dump_risks, f'code,title,likelihood,impact\nR1,"{TITLE}",2,4\n'.encode()),
    ],
)
def test_defect_dumped_files_keep_raw_controls(
    tmp_path: Path, fmt: str, load: Any, dump: Any, data: bytes
) -> None:
    """dump_* writes controls as escapes (TOML refused a raw DEL) and reads back to the same values."""
    first = load(io.BytesIO(data))
    text = dump(first, fmt)
    assert not [c for c in RAW if c in text]
    path = tmp_path / f"again.{fmt}"
    path.write_text(text, encoding="utf-8")
    assert dump(load(path), fmt) == text
    assert dump(load(path), "csv") == dump(first, "csv")  # the very same text, raw


def test_defect_warnings_print_raw_escape(tmp_path: Path) -> None:
    """A warning naming a file called `old\\x1b[2J\\u202e.csv` shows the escapes, not the raw codes."""
    path = tmp_path / "old\x1b[2J\u202e.csv"
    path.write_text("id,title,target,value,reported\nK1,T,>=75%,80%,Green\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["evaluate", str(path)], stdout=io.StringIO(), stderr=err) == 0
    assert "kpirag: warning: " in err.getvalue()
    assert "old\\x1b[2J\\u202e.csv" in err.getvalue()
    assert not [c for c in RAW if c in err.getvalue()]


def test_defect_problems_print_raw_escape(tmp_path: Path) -> None:
    """A problem located in a file called `bad\\x1b[2J.csv` shows the escape, not the raw code."""
    path = tmp_path / "bad\x1b[2J.csv"
    path.write_text("id,title,target,value\nK1,T,>=zz,80%\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["evaluate", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert "bad\\x1b[2J.csv:2:3" in err.getvalue()
    assert "\x1b" not in err.getvalue()
