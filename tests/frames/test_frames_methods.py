"""Evaluation.to_frame and Framework.from_frame reach kpirag.frames from the objects users have."""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from kpirag import Framework
from kpirag.frames import framework_from_frame, to_frame


def test_evaluation_to_frame_is_kpirag_frames_to_frame(q1: ModuleType) -> None:
    """``evaluation.to_frame(kind)`` gives the frame ``kpirag.frames.to_frame`` gives."""
    evaluation = q1.framework().evaluate(q1.observations(), period="Q1 2017/18")
    frame = evaluation.to_frame("pandas")
    pd.testing.assert_frame_equal(frame, to_frame(evaluation, "pandas"))
    assert list(frame["status"].astype(str)).count("Red") == 1


def test_framework_from_frame_is_framework_from_frame() -> None:
    """``Framework.from_frame`` reads KPI definitions as ``framework_from_frame`` does."""
    definitions = pd.DataFrame(
        {
            "kpi_id": ["1.5", "1.6"],
            "title": ["Rough sleepers", "Street population"],
            "target": [">=75%", "<43"],
        }
    )
    framework = Framework.from_frame(definitions)
    assert framework == framework_from_frame(definitions)
    assert [kpi.id for kpi in framework.kpis] == ["1.5", "1.6"]


def test_a_fraction_valued_kpi_keeps_its_declaration_on_the_frame_path() -> None:
    """A KPI whose figures are fractions of 1 is a frame definition too, fraction kept."""
    from kpirag import KPI, Unit  # noqa: PLC0415
    from kpirag.frames import evaluate  # noqa: PLC0415

    kpi = KPI("1.5", "Rough sleepers", "75%", unit=Unit.PERCENT, fraction=True)
    table = pd.DataFrame({"kpi_id": ["1.5"], "target": [">=75%"], "fraction": [True]})
    assert framework_from_frame(table).kpis[0].fraction is True
    observations = pd.DataFrame({"kpi_id": ["1.5"], "value": [0.69]})
    result = evaluate(observations, Framework([kpi]), period=None)
    assert list(result["explanation"]) == [
        "Amber: 69% misses >=75% by 6 points (8.0%), within the 10% tolerance (Amber down to 67.5%)"
    ]


def test_frame_definition_columns_are_a_definitions_files() -> None:
    """Each definitions column a frame takes is a definitions file's column (``kpi_id`` is ``id``)."""
    from kpirag import io as kpirag_io  # noqa: PLC0415
    from kpirag.frames import DEFINITION_COLUMNS  # noqa: PLC0415

    renamed = {kpirag_io.KPI_ID_ALIAS: "id"}
    assert {renamed.get(name, name) for name in DEFINITION_COLUMNS} <= set(
        kpirag_io.DEFINITION_COLUMNS
    )
