"""One evaluated KPI as the plain values its row shows (``KPILine``).

Every door writes a KPI's row from a ``KPILine``: the report's tables and the
command line's CSV, JSON and text output. It sits here, beside ``KPIResult``,
so the file layer can build lines without importing the report layer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from kpirag._validate import brief, shown
from kpirag.errors import ValueTypeError
from kpirag.kpi._evaluation import KPIResult
from kpirag.rules import Status

__all__ = ["KPILine"]


class KPILine(NamedTuple):
    """One evaluated KPI as the plain values its row shows: text, numbers and statuses.

    Every KPI row (tables, the command line's CSV, JSON and text) is built from
    one, so a line read from a ``KPIResult`` (``KPILine.of``) and one the
    command line builds straight from a file row give the same output.

    ```pycon
    >>> from kpirag.kpi import KPI, Framework, Observation
    >>> result = Framework([KPI("1.5", "Calls answered", "<43")]).evaluate([Observation("1.5", 46)])
    >>> line = KPILine.of(result.result("1.5"))
    >>> line.id, line.display, str(line.status)
    ('1.5', '46', 'Amber')

    ```

    Attributes:
        id: the KPI's id.
        title: the measure as worded in the report.
        target_label: the target as the report writes it.
        target: the target applied, as text, or ``None``.
        display: the figure as the report shows it.
        value: the exact figure compared, when the KPI has a single assessment.
        status: the status reported.
        computed: the status the rule gives.
        recorded: the status the report published, if given.
        reason: why the KPI is not rated, if it is not.
        explanation: the rule's workings in one line.
        override: why the recorded status replaces the computed one, if it does.
        commentary: reasons for performance.
    """

    id: str
    title: str
    target_label: str
    target: str | None
    display: str
    value: Decimal | None
    status: Status
    computed: Status
    recorded: Status | None
    reason: str | None
    explanation: str
    override: str | None
    commentary: str

    def __repr__(self) -> str:
        status: object = self.status
        if not isinstance(status, Status):
            return f"KPILine({', '.join(map(shown, self))})"  # built by hand from other values
        return f"KPILine({brief(self.id, 30)}: {self.status.label}, {brief(self.display, 40)})"

    @classmethod
    def of(cls, result: KPIResult) -> KPILine:
        """The line of an evaluated KPI."""
        if not isinstance(result, KPIResult):
            raise ValueTypeError(field="result", value=result, expected="a KPIResult")
        obs = result.observation
        return cls(
            id=result.kpi.id,
            title=result.kpi.title,
            target_label=result.kpi.target_label,
            target=None if result.target is None else str(result.target),
            display=result.display,
            value=None if result.assessment is None else result.assessment.value,
            status=result.status,
            computed=result.computed,
            recorded=result.recorded,
            reason=None if result.not_rated is None else str(result.not_rated),
            explanation=result.explanation,
            override=None if obs is None else obs.override,
            commentary=obs.commentary if obs is not None else "",
        )
