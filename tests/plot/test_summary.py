"""status_summary: stacked bars of statuses by group, each segment counted and hatched."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from kpirag import Evaluation, Scale, Status, StatusComparisonError, ValueTypeError, summarise
from kpirag.plot import status_summary


def segments(ax: Axes) -> dict[tuple[int, str], float]:
    """(bar index, status label) -> count, from the drawn rectangles."""
    found = {}
    for patch in ax.patches:
        if not isinstance(patch, Rectangle):
            continue
        if str(patch.get_gid()).startswith("kpirag-status-") and patch.get_width():
            middle = round(patch.get_y() + patch.get_height() / 2)
            found[middle, str(patch.get_label())] = float(patch.get_width())
    return found


def test_q1_by_theme(q1_evaluation: Evaluation, save: Callable[[Axes, str], str]) -> None:
    """One bar per theme; each segment as wide as its count, labelled, with the bar's total."""
    ax = status_summary(q1_evaluation, title="Q1 2017/18")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1 Safe",
        "2 Potential",
        "3 Independence,\nInvolvement and Choice",
        "4 Health and Wellbeing",
        "5 Community",
    ]
    assert segments(ax) == {
        (0, "Green"): 3.0,
        (0, "Amber"): 2.0,
        (0, "Red"): 1.0,
        (1, "Green"): 3.0,
        (1, "N/A"): 1.0,
        (2, "Green"): 4.0,
        (3, "Green"): 5.0,
        (3, "N/A"): 1.0,
        (4, "Green"): 2.0,
    }
    counts = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-status-count"]
    assert sorted(counts) == sorted(["3", "2", "1", "3", "1", "4", "5", "1", "2"])
    totals = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-status-total"]
    assert totals == ["6", "4", "4", "6", "2"]
    assert 'id="kpirag-status-Amber' in save(ax, "summary-q1")


def test_colours_from_the_scale_and_a_hatch_each(q1_evaluation: Evaluation) -> None:
    """Segments are filled in the scale's colours, and every status has its own hatch."""
    ax = status_summary(q1_evaluation)
    hatches = {}
    for patch in ax.patches:
        status = {
            "Green": Status.GREEN,
            "Amber": Status.AMBER,
            "Red": Status.RED,
            "N/A": Status.NOT_RATED,
        }[str(patch.get_label())]
        assert patch.get_facecolor() == to_rgba(status.colour)
        hatches[status] = patch.get_hatch()
    assert len(set(hatches.values())) == 4
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["Green", "Amber", "Red", "N/A"]


def test_groupings_and_inputs(q1: ModuleType, q1_evaluation: Evaluation) -> None:
    """Any grouping: by a function, a mapping of summaries, a register, or one summary."""
    ax = status_summary(q1_evaluation, by=lambda r: "Simple" if not r.kpi.parts else "Composite")  # type: ignore[attr-defined]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Composite", "Simple"]
    ax = status_summary(q1.risk_register())
    assert segments(ax) == {(0, "Green"): 2.0, (0, "Amber"): 8.0, (0, "Red"): 1.0}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Open risks"]
    ax = status_summary(q1_evaluation.summary(unlisted=19))
    assert segments(ax)[0, "N/A"] == 21.0
    ax = status_summary({"a": summarise([Status.RED]), "b": [Status.GREEN, Status.GREEN]})
    assert segments(ax) == {(0, "Red"): 1.0, (1, "Green"): 2.0}
    ax = status_summary(q1_evaluation.results)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["All"]


def test_a_narrow_segment_is_counted_after_the_bar() -> None:
    """A segment too narrow for its count is counted after the bar instead."""
    levels = Scale.delivery_confidence().levels
    ax = status_summary({"Programme": [levels[0]] * 200 + [levels[4]]})
    totals = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-status-total"]
    assert totals == ["201 (R 1)"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-status-count"] == ["200"]


@pytest.mark.parametrize("data", [42, "Safe", {"a": 3}, [object()]])
def test_bad_data(data: object) -> None:
    """Data without statuses is refused with our error (a TypeError kind)."""
    with pytest.raises((ValueTypeError, StatusComparisonError)):
        status_summary(data)


def test_items_that_cannot_be_counted_say_which_group() -> None:
    """Items without a status are refused, with the group they were counted in."""

    class Junk:
        status = "junk"

    with pytest.raises(ValueTypeError) as caught:
        status_summary([Junk()])
    assert caught.value.__notes__ == ["while counting the statuses of group 'All'"]
