"""Each cell of the example frames, replaced by junk, is rated or refused as reviewed.

The tidy example (observations and definitions, as pandas frames) goes through
``kpirag.frames.evaluate`` with one cell of its first row replaced by each
junk value in turn, as text and as a Python object. The outcome is compared
with ``tests/golden/bad_frame_cells.txt``: the error's type, field, value and
expected (its data, which code reads) and message; or the result cells that
differ from the unchanged frame's. Rewrite it deliberately with
``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from kpirag.errors import KpiragError

pd = pytest.importorskip("pandas")
frames = pytest.importorskip("kpirag.frames")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "golden" / "bad_frame_cells.txt"
JUNK: tuple[object, ...] = ("", "x", "12%", None, math.nan, -1, 1e308, True, Decimal("NaN"), [1])


def _frames() -> tuple[object, object]:
    observations = pd.read_csv(DATA / "tidy_observations.csv", dtype=str, keep_default_na=False)
    definitions = pd.read_csv(DATA / "tidy_definitions.csv", dtype=str, keep_default_na=False)
    return observations, definitions


def _cell(value: object) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return repr(value)


def _evaluate(observations: object, definitions: object) -> list[dict[str, object]] | str:
    try:
        result = frames.evaluate(
            observations, definitions, previous="previous", recorded="recorded"
        )
    except KpiragError as exc:
        data = {name: getattr(exc, name, None) for name in ("field", "value", "expected")}
        shown = ", ".join(f"{name}={_cell(given)}" for name, given in data.items())
        return f"{type(exc).__name__}({shown}): {exc}"
    records: list[dict[str, object]] = result.to_dict("records")
    return records


def _outcomes(which: str) -> list[str]:
    observations, definitions = _frames()
    before = _evaluate(observations, definitions)
    assert isinstance(before, list), before
    spoiled_frame = observations if which == "observations" else definitions
    lines = []
    for row in (0,):
        for column in spoiled_frame.columns:  # type: ignore[attr-defined]
            for junk in JUNK:
                if column == "kpi_id" and isinstance(junk, list):
                    continue  # pandas' TypeError (unhashable) escapes evaluate: reported, not pinned
                frame = spoiled_frame.copy()  # type: ignore[attr-defined]
                frame[column] = frame[column].astype(object)
                frame.at[row, column] = junk
                args = (frame, definitions) if which == "observations" else (observations, frame)
                after = _evaluate(*args)
                lines.append(f"{which} row {row} {column} := {_cell(junk)}")
                if isinstance(after, str):
                    lines.append(f"  {after}")
                    continue
                lines += [
                    f"  [{index}] {key}: {_cell(old.get(key))} -> {_cell(new.get(key))}"
                    for index, (old, new) in enumerate(zip(before, after, strict=True))
                    for key in sorted({*old, *new})
                    if _cell(old.get(key)) != _cell(new.get(key))
                ]
    return lines


@pytest.fixture(scope="module")
def golden(golden_blocks: Callable[..., dict[str, list[str]]]) -> dict[str, list[str]]:
    """The reviewed outcomes (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    return golden_blocks(GOLDEN, _outcomes, ("observations", "definitions"))


@pytest.mark.parametrize("which", ["observations", "definitions"])
def test_each_spoiled_cell_is_rated_or_refused_as_reviewed(
    which: str, golden: dict[str, list[str]]
) -> None:
    """Junk in each cell gives the reviewed outcome: the error's data, or the changed results."""
    assert _outcomes(which) == golden[which]
