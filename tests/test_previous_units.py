"""A previous figure's unit is checked the same way by the file loader and by the Python API."""

from __future__ import annotations

import io

import pytest

from kpirag import KPI, Observation, evaluate_kpi
from kpirag.errors import LoadError, UnitMismatchError
from kpirag.io import load_kpis


def _csv(target: str, value: str, previous: str) -> io.StringIO:
    return io.StringIO(f'id,title,target,value,previous\n1,t,"{target}","{value}","{previous}"\n')


@pytest.mark.parametrize(
    ("target", "value", "previous"),
    [
        (">=80", "83", "85%"),
        (">=80", "83", "£85"),
        (">=80%", "83%", "£85"),
        (">=£80", "£83", "85%"),
        ("<=60 weeks", "55 weeks", "60%"),
        ("<=60 weeks", "55 weeks", "£60"),
    ],
)
def test_defect_previous_in_another_unit_accepted_by_the_file_loader(
    target: str, value: str, previous: str
) -> None:
    """A previous figure in another unit is refused by the loader, located, as evaluate_kpi does."""
    with pytest.raises(UnitMismatchError):
        evaluate_kpi(KPI("1", "t", target=target), Observation("1", value=value, previous=previous))
    with pytest.raises(LoadError, match="column 'previous'"):
        load_kpis(_csv(target, value, previous))


@pytest.mark.parametrize(
    ("target", "value", "previous", "trend"),
    [
        (">=80%", "83%", "85%", "worse"),
        (">=80%", "83%", "85", "worse"),
        (">=80", "83", "85", "worse"),
        (">=£80", "£83", "£81", "improved"),
        ("<=60 weeks", "55 weeks", "60 weeks", "improved"),
        ("<=60 weeks", "55 weeks", "60", "improved"),
        (">=1,000", "1,200", "(1,100)", "improved"),
    ],
)
def test_previous_in_the_figures_unit_or_none_is_read(
    target: str, value: str, previous: str, trend: str
) -> None:
    """A previous figure in the target's unit, or with none, gives the same travel at both doors."""
    kpi = KPI("1", "t", target=target)
    api = evaluate_kpi(kpi, Observation("1", value=value, previous=previous))
    (loaded,) = load_kpis(_csv(target, value, previous)).evaluate().results
    assert str(api.travel) == str(loaded.travel) == trend


def test_defect_previous_against_no_target_said_the_target_none() -> None:
    """A previous percentage for a KPI with no target yet said 'compared with the target None'."""
    kpi = KPI("1", "A", None)
    with pytest.raises(UnitMismatchError) as caught:
        evaluate_kpi(kpi, Observation("1", None, previous="69%"))
    assert "target None" not in str(caught.value)
    assert "this KPI's figures (count; it has no target yet)" in str(caught.value)
    assert caught.value.field == "previous"
