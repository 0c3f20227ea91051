"""kpirag.frames.evaluate reads the previous column as the other doors do: its unit is checked."""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pytest

from kpirag import KPI, Observation, evaluate_kpi
from kpirag.errors import KpiragError, UnitMismatchError
from kpirag.frames import evaluate

ENGINES = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "polars-lazy": pl.LazyFrame}


def _frames(engine: str, target: str, value: str | None, previous: str) -> tuple[Any, Any]:
    observations = ENGINES[engine]({"kpi_id": ["1"], "value": [value], "previous": [previous]})
    return observations, pd.DataFrame({"kpi_id": ["1"], "target": [target]})


def _run(observations: Any, definitions: Any, *, explain: bool) -> Any:
    """``evaluate`` with the previous column, a lazy result collected."""
    result = evaluate(observations, definitions, period=None, previous="previous", explain=explain)
    return result.collect() if isinstance(result, pl.LazyFrame) else result


def _data(error: KpiragError) -> tuple[object, ...]:
    return (type(error), error.field, error.value, error.expected, error.subject, str(error))


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("explain", [True, False])
@pytest.mark.parametrize(
    ("target", "value", "previous"),
    [
        (">=80", "83", "85%"),
        (">=80", "83", "£85"),
        (">=80%", "83%", "£85"),
        (">=£80", "£83", "85%"),
        ("<=60 weeks", "55 weeks", "60%"),
        ("<=60 weeks", "55 weeks", "£60"),
        ("<=60 weeks", None, "60 jobs"),
    ],
)
def test_defect_frames_accept_previous_in_another_unit(
    engine: str, explain: bool, target: str, value: str | None, previous: str
) -> None:
    """A previous figure in another unit is refused by frames with the object path's error data."""
    with pytest.raises(UnitMismatchError) as expected:
        evaluate_kpi(KPI("1", "1", target=target), Observation("1", value=value, previous=previous))
    observations, definitions = _frames(engine, target, value, previous)
    with pytest.raises(UnitMismatchError) as refused:
        _run(observations, definitions, explain=explain)
    assert _data(refused.value) == _data(expected.value)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(
    ("target", "value", "previous", "travel"),
    [
        (">=80%", "83%", "85%", "worse"),
        (">=80%", "83%", "85", "worse"),
        (">=80", "83", "85", "worse"),
        (">=£80", "£83", "£81", "improved"),
        ("<=60 weeks", "55 weeks", "60 weeks", "improved"),
        ("<=60 weeks", "55 weeks", "60", "improved"),
    ],
)
def test_previous_in_the_figures_unit_or_none_is_read(
    engine: str, target: str, value: str, previous: str, travel: str
) -> None:
    """A previous figure in the target's unit, or with none, gives the object path's travel."""
    api = evaluate_kpi(
        KPI("1", "1", target=target), Observation("1", value=value, previous=previous)
    )
    observations, definitions = _frames(engine, target, value, previous)
    result = _run(observations, definitions, explain=True)
    assert str(api.travel) == travel == result["travel"][0]
