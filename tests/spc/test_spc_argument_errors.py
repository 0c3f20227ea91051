"""Each public function and value object of kpirag.spc names a bad argument as reviewed.

Every call below is made with valid arguments, then with each argument in
turn replaced by junk. The outcome of each call, one line each, is compared
with ``tests/golden/spc_argument_errors.txt``: the error's type, the data code
reads from it (``field``, ``value``, ``expected``, ``position``) and its
message, or ``ok`` with what came back. So an error that names the wrong
argument, drops its value or expects the wrong thing shows as a diff (the
spc layer's share of ``tests/test_argument_errors.py``). Rewrite the golden
file deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from kpirag import spc

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "spc_argument_errors.txt"


class Junk:
    """An object no function accepts, with a repr that is the same in every run."""

    def __repr__(self) -> str:
        return "<junk>"


JUNK: tuple[object, ...] = (Junk(), "x", -1, 0, 1.5, None, True, [], ["x"])

VALUES = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 13]


def _fractions() -> list[Fraction]:
    return [Fraction(value) for value in VALUES]


def _chart() -> spc.XmRChart:
    return spc.xmr(VALUES, periods=[f"2024-{n:02}" for n in range(1, 15)], target=12)


def _evolve(**changes: object) -> spc.XmRChart:
    return attrs.evolve(_chart(), **changes)  # type: ignore[arg-type]


# name -> (function, a factory of valid positional and keyword arguments)
CALLS: dict[str, tuple[Callable[..., object], Callable[[], tuple[list[Any], dict[str, Any]]]]] = {
    "xmr": (
        spc.xmr,
        lambda: (
            [VALUES],
            {
                "periods": list(range(14)),
                "improvement": "decrease",
                "target": 12,
                "recalculate": [7],
                "ghost": [3],
                "baseline": 5,
                "settings": spc.SPCSettings(),
            },
        ),
    ),
    "xmr values item": (lambda item: spc.xmr([10, item, 12]), lambda: ([11], {})),
    "xmr period item": (
        lambda label: spc.xmr([1, 2, 3], periods=["a", label, "c"], ghost=["a"]),
        lambda: (["b"], {}),
    ),
    "xmr recalculate item": (lambda item: spc.xmr(VALUES, recalculate=[item]), lambda: ([7], {})),
    "xmr ghost item": (lambda item: spc.xmr(VALUES, ghost=[item]), lambda: ([7], {})),
    "xmr ghost period": (
        lambda item: spc.xmr(VALUES, periods=range(14), ghost=[item]),
        lambda: ([7], {}),
    ),
    "XmRChart": (
        _evolve,
        lambda: (
            [],
            {
                "points": _chart().points,
                "groups": _chart().groups,
                "improvement": spc.Improvement.INCREASE,
                "target": Fraction(12),
                "settings": spc.SPCSettings(),
                "variation": None,
                "assurance": spc.Assurance.NONE,
                "warnings": ("a note",),
            },
        ),
    ),
    "XmRChart points item": (lambda point: _evolve(points=(point,)), lambda: ([_chart().points[0]], {})),
    "XmRChart groups item": (lambda group: _evolve(groups=(group,)), lambda: ([None], {})),
    "XmRChart warnings item": (lambda text: _evolve(warnings=(text,)), lambda: (["a note"], {})),
    "ProcessLimits.rounded": (lambda places: spc.process_limits(_fractions()).rounded(places), lambda: ([2], {})),
    "process_limits": (spc.process_limits, lambda: ([_fractions()], {"settings": spc.SPCSettings()})),
    "moving_ranges": (spc.moving_ranges, lambda: ([_fractions()], {})),
    "to_fraction": (spc.to_fraction, lambda: (["1.5"], {"field": "size", "position": 2})),
    "sides": (spc.sides, lambda: ([_fractions(), Fraction(21, 2)], {})),
    "outside_limits": (spc.outside_limits, lambda: ([_fractions(), Fraction(9), Fraction(12)], {})),
    "shift": (spc.shift, lambda: ([[1] * 8], {"length": 7, "whole_run": False})),
    "trend": (spc.trend, lambda: ([_fractions()], {"length": 7, "whole_run": False})),
    "two_in_three": (spc.two_in_three, lambda: ([[1, 0, 1]], {"sides": [1, 1, 1], "whole_window": True})),
    "classify": (
        spc.classify,
        lambda: ([{spc.Rule.SHIFT: 1}], {"improvement": "decrease", "conflict": "precedence"}),
    ),
    "assurance": (
        spc.assurance,
        lambda: ([Fraction(5), Fraction(1), Fraction(3), "decrease"], {"inclusive": True}),
    ),
    "backfill": (spc.backfill, lambda: ([[0, 0, 1, 0]], {"length": 2})),
    "SPCSettings": (
        spc.SPCSettings,
        lambda: (
            [],
            {
                "shift_length": 8,
                "trend_length": 6,
                "two_in_three": "powerbi",
                "screening": False,
                "screening_inclusive": True,
                "screening_recomputes_mean": True,
                "screening_factor": 3,
                "limit_factor": "2.5",
                "conflict": "improvement",
                "assurance_inclusive": True,
                "minimum_points": 3,
                "trial_limits_below": 10,
                "baseline": 12,
                "baseline_first_group_only": True,
                "rules": {"shift", "trend"},
            },
        ),
    ),
    "SPCSettings rules item": (lambda rule: spc.SPCSettings(rules=[rule]), lambda: (["shift"], {})),
    "SPCSettings.preset": (spc.SPCSettings.preset, lambda: (["mdc-2023"], {})),
    "Improvement.parse": (spc.Improvement.parse, lambda: (["Decrease"], {"field": "way"})),
    "Rule.parse": (spc.Rule.parse, lambda: (["two-in-three"], {"field": "rule"})),
    "SeriesPoint": (
        spc.SeriesPoint,
        lambda: (
            ["2024-04", "71.2"],
            {
                "label": "Apr 2024",
                "target": "70",
                "improvement": "increase",
                "recalculate": True,
                "ghost": False,
                "baseline_end": False,
            },
        ),
    ),
    "check_points": (spc.check_points, lambda: ([[spc.SeriesPoint(1, 2)]], {})),
    "chart_points": (
        lambda points, settings: spc.chart_points(points, settings=settings),
        lambda: ([[spc.SeriesPoint(1, 2), spc.SeriesPoint(2, 3)]], {"settings": spc.SPCSettings()}),
    ),
}  # fmt: skip


FIELDS = ("field", "value", "expected", "position")
JunkOutcomes = Callable[..., list[str]]


@pytest.fixture(scope="module")
def golden(
    golden_blocks: Callable[..., dict[str, list[str]]], junk_outcomes: JunkOutcomes
) -> dict[str, list[str]]:
    """The reviewed outcomes by call (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    return golden_blocks(GOLDEN, lambda name: _outcomes(junk_outcomes, name), CALLS)


def _outcomes(junk_outcomes: JunkOutcomes, name: str) -> list[str]:
    return junk_outcomes(name, *CALLS[name], JUNK, fields=FIELDS, result=True)


@pytest.mark.parametrize("name", list(CALLS))
def test_each_bad_spc_argument_is_named_as_reviewed(
    name: str, golden: dict[str, list[str]], junk_outcomes: JunkOutcomes
) -> None:
    """Valid arguments work; junk in each gives the reviewed error data (update deliberately)."""
    assert _outcomes(junk_outcomes, name) == golden[name]
    assert golden[name][0].startswith(f"{name}: ok")
