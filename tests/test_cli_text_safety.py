"""Text the user gives reaches every output safely (issue 21, items 8, 14): no crash, no raw control."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kpirag import KpiragError
from kpirag.cli._main import main
from kpirag.io import load_budget, load_kpis, load_risks

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
