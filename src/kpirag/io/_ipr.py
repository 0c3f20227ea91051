"""Loading an integrated performance report's metrics and figures, through the KPI files' readers.

``load_metrics`` reads a metrics file (one row per metric) and
``load_metric_values`` a values file (one row per metric and period), from
CSV, xlsx, TOML or JSON, all or nothing, every problem at its file, line and
column. ``ipr_settings`` gives the report's settings from a rules file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from kpirag._validate import as_tuple, instance
from kpirag.errors import KpiragError
from kpirag.io._ipr_records import metric_from_record, readable_target, value_from_record
from kpirag.io._loaders import Firsts, ReadOptions, Source, open_rows, read_each
from kpirag.io._rules import Rules
from kpirag.ipr import IPRSettings, Metric, MetricValue, metric_target
from kpirag.rules import Scheme

__all__ = ["ipr_settings", "load_metric_values", "load_metrics"]


def ipr_settings(rules: Rules | None) -> IPRSettings:
    """The report's settings a rules file gives: its ``[ipr]`` section and its ``[spc]`` method.

    ``None`` (no rules file) gives the defaults.
    """
    if rules is None:
        return IPRSettings()
    instance(rules, Rules, field="rules", expected="Rules from load_rules, or None")
    base = rules.ipr or IPRSettings()
    return IPRSettings(scheme=base.scheme, spc=rules.spc, assurance=base.assurance,
                       quality=base.quality)  # fmt: skip


def _rule(rules: Rules, metric_id: str, domain: str) -> Scheme | None:
    """The rules file's scheme for a metric (by id, by its domain as a theme, or for all)."""
    rule = rules.kpi_rule(metric_id, domain)
    return rule.scheme if rule.specific or rules.kpis is not None else None


def _target_problem(target: object, metric: Metric | None) -> str | None:
    """What is wrong with a values file's target (for its metric, when known), or ``None``."""
    try:
        if metric is None:
            readable_target(str(target))
        else:
            metric_target(target, metric.improvement, metric.unit)
    except KpiragError as exc:
        return exc.reason or f"expected {exc.expected}"
    return None


def load_metrics(
    source: Source,
    *,
    rules: Rules | None = None,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> tuple[Metric, ...]:
    r"""Load a metrics file: every metric, or a ``LoadError`` listing every problem.

    ``rules`` (``load_rules``) gives the schemes a ``scheme`` cell names, the
    scheme of a metric that names none (by id, by its domain as a theme, or
    ``[kpis]``) and the ``[spc]`` method; ``fmt``, ``allow_unknown``,
    ``source_name``, ``encoding`` and ``sheet`` are as for ``load_kpis``.
    TOML and JSON hold the rows as a list under ``metrics``.

    ```pycon
    >>> import io
    >>> text = b"id,title,domain,improvement,target\nED4,Seen in 4 hours,Urgent care,increase,78%\n"
    >>> load_metrics(io.BytesIO(text))
    (Metric('ED4', 'Seen in 4 hours', 'Urgent care', >=78%),)
    >>> load_metrics(io.BytesIO(text.replace(b"increase", b"up")))
    Traceback (most recent call last):
    ...
    kpirag.errors.LoadError: 1 problem found; nothing was loaded
    <stream>:2:4: column 'improvement' ('up'): expected one of 'increase', 'decrease', 'neutral'

    ```
    """
    if rules is not None:
        instance(rules, Rules, field="rules", expected="Rules from load_rules, or None")
    options = ReadOptions("metrics", allow_unknown, encoding, sheet)
    problems, rows = open_rows(source, source_name, fmt, options)
    schemes = {} if rules is None else {name: rule.scheme for name, rule in rules.schemes}
    read = functools.partial(
        metric_from_record,
        schemes=schemes,
        rule=None if rules is None else functools.partial(_rule, rules),
        spc=None if rules is None else rules.spc,
    )
    ids = Firsts("metric id")
    metrics = [
        metric
        for row, metric in read_each(rows, problems, read, as_read=True)
        if ids.first(metric.id, row, problems, "id", metric.id)
    ]
    if not problems and not metrics:
        problems.add("no rows: expected a row per metric under the header")
    problems.raise_any()
    return tuple(metrics)


def load_metric_values(
    source: Source,
    *,
    metrics: Iterable[Metric] | None = None,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> tuple[MetricValue, ...]:
    r"""Load a values file: every figure, or a ``LoadError`` listing every problem.

    With ``metrics``, each row's metric must be one of them and its target
    must suit it (a neutral metric's target needs an operator). A metric's
    period may appear once. TOML and JSON hold the rows as a list under
    ``values``; the other options are as for ``load_kpis``.

    ```pycon
    >>> import io
    >>> text = b"metric,period,value,target\nED4,2025-02,74.9%,78\nED4,Feb 2025,75.1%,78\n"
    >>> load_metric_values(io.BytesIO(text))
    Traceback (most recent call last):
    ...
    kpirag.errors.LoadError: 1 problem found; nothing was loaded
    <stream>:3:2: column 'period' ('Feb 2025'): duplicate metric and period (first at line 2)

    ```
    """
    known = None
    if metrics is not None:
        given = as_tuple(metrics, Metric, "metrics")
        known = {metric.id: metric for metric in given}
    options = ReadOptions("values", allow_unknown, encoding, sheet)
    problems, rows = open_rows(source, source_name, fmt, options)
    seen = Firsts("metric and period")
    values = []
    targets: dict[tuple[str, object], str | None] = {}  # each distinct target checked once
    for row, value in read_each(rows, problems, value_from_record, as_read=True):
        metric = None if known is None else known.get(value.metric)
        if known is not None and metric is None:
            problems.add(
                "no metric of that id in the metrics file", row=row, column="metric",
                value=value.metric,
            )  # fmt: skip
            continue
        if value.target is not None:
            key = ("" if metric is None else metric.id, value.target)
            if key not in targets:
                targets[key] = _target_problem(value.target, metric)
            problem = targets[key]
            if problem is not None:
                problems.add(problem, row=row, column="target", value=row.record.get("target"))
                continue
        if seen.first(
            (value.metric, value.period), row, problems, "period", row.record.get("period")
        ):
            values.append(value)
    if not problems and not values:
        problems.add("no rows: expected a row per metric and period under the header")
    problems.raise_any()
    return tuple(values)
