"""An XmR chart costs work in proportion to its points: counted, never timed.

The counts are of Python lines run inside ``kpirag.spc`` (``sys.settrace``)
and of reads of a group's baseline positions, so the tests are exact and do
not depend on the machine; ``benchmarks/bench_spc_scaling.py`` times the same.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from types import FrameType
from typing import Any

import pytest

from kpirag.spc import SPCSettings, backfill, xmr
from kpirag.spc import _chart as chart_module

_SPC = str(chart_module.__file__).rsplit("_chart.py", 1)[0]


def _lines(call: Callable[[], object]) -> int:
    """How many lines of ``kpirag.spc`` ``call`` runs."""
    count = 0

    def tracer(frame: FrameType, event: str, _arg: object) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(_SPC):
            return None
        if event == "line":
            count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    finally:
        sys.settrace(previous)
    return count


def _rising(count: int) -> list[int]:
    """A series that rises all the way: one trend, every point on one side for most of it."""
    return list(range(count))


def _zigzag(count: int) -> list[int]:
    """A series with common cause only: no run, no trend."""
    return [(n % 2) * 3 + (n % 3) for n in range(count)]


@pytest.mark.parametrize(
    ("values", "settings"),
    [
        (_zigzag, lambda _n: SPCSettings.nhsr()),
        (_rising, lambda _n: SPCSettings.nhsr()),
        (_rising, lambda n: SPCSettings(shift_length=n // 2, trend_length=n // 2)),
        (_rising, lambda n: SPCSettings(baseline=n // 2)),
    ],
    ids=["common-cause", "rising", "long-rules", "baseline"],
)
def test_defect_xmr_quadratic_in_points(
    values: Callable[[int], list[int]], settings: Callable[[int], SPCSettings]
) -> None:
    """Four times the points cost at most about four times the lines (it was n squared)."""
    small, large = 150, 600
    few = _lines(lambda: xmr(values(small), settings=settings(small)))
    many = _lines(lambda: xmr(values(large), settings=settings(large)))
    assert many <= 5 * few


class _Positions(Sequence[int]):
    """A group's baseline positions that count how many of them are read."""

    reads = 0

    def __init__(self, positions: Sequence[int]) -> None:
        self.positions = list(positions)

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: Any) -> Any:
        found = self.positions[index]
        _Positions.reads += len(found) if isinstance(found, list) else 1
        return found

    def __iter__(self) -> Iterator[int]:
        for position in self.positions:
            _Positions.reads += 1
            yield position

    def __contains__(self, item: object) -> bool:
        return any(position == item for position in self)


def test_defect_xmr_quadratic_in_baseline_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each point's place in the baseline is found without scanning the baseline (it was n squared)."""
    found = chart_module._limits

    def counted(*args: Any, **kwargs: Any) -> Any:
        limits, mean, baseline, notes = found(*args, **kwargs)
        return limits, mean, _Positions(baseline), notes

    monkeypatch.setattr(chart_module, "_limits", counted)
    reads = []
    for count in (200, 800):
        _Positions.reads = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            xmr(_zigzag(count))
        reads.append(_Positions.reads)
    assert reads[1] <= 5 * reads[0]


@pytest.mark.parametrize("length", [2, 7, 50, 400])
def test_defect_backfill_quadratic_in_run_length(length: int) -> None:
    """Backfilling a run costs lines in proportion to the points, whatever the run's length."""
    ends = [0] * (length - 1) + [1] * (800 - length + 1)
    assert _lines(lambda: backfill(ends, length)) <= 10 * len(ends)


@pytest.mark.parametrize(
    ("ends", "length"),
    [
        ([0, 0, 1, 0, -1, 0], 3),
        ([1, 0, 0, 0, -1], 2),
        ([0, -1, 1, 0, 0, 1], 4),
        ([1, 1, 1], 1),
        ([0, 1, 0, -1], 0),
        ([0, 0, 0, 0], 3),
        ([], 3),
        ([0, 0, 0, -1, 0, 0, 1], 10),
    ],
)
def test_backfill_matches_the_flag_by_flag_definition(ends: list[int], length: int) -> None:
    """Each point takes the flag of the latest pattern that covers it, as the plain loop does."""
    expected = [0] * len(ends)
    for end, flag in enumerate(ends):
        if flag:
            for point in range(max(0, end - length + 1), end + 1):
                expected[point] = flag
    assert backfill(ends, length) == tuple(expected)


def test_long_rules_still_flag_the_whole_run() -> None:
    """A rising series with rules as long as half of it: every point is a trend signal."""
    chart = xmr(
        [Fraction(n) for n in range(40)], settings=SPCSettings(trend_length=20, shift_length=20)
    )
    assert all(point.special_cause for point in chart.points)
