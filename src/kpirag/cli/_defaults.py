"""The command line's ``--better`` and ``--fraction`` options: defaults a KPI file leaves unsaid.

A bare target number (``0``, ``4.5%``) does not say which way is better, and
bare figures between 0 and 1 may be fractions of 1; a file must say, or the
run must (``--better higher``, ``--fraction`` or ``--no-fraction``), or a
rules file (``[kpis] better = "higher"``, ``fraction = true``).
"""

from __future__ import annotations

import argparse

import attrs

from kpirag.cli._output import UsageError
from kpirag.io import Rules
from kpirag.rules import Direction

__all__ = ["add_options", "with_defaults"]


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--better`` and ``--fraction``/``--no-fraction`` to a command reading KPIs."""
    parser.add_argument(
        "--better",
        choices=[direction.value for direction in Direction],
        metavar="WAY",
        help="higher or lower: for bare targets (0, 4.5%%)",
    )
    parser.add_argument(
        "--fraction",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="bare figures are fractions of 1 (0.69 is 69%%), or not",
    )


def with_defaults(rules: Rules | None, args: argparse.Namespace) -> Rules | None:
    """``rules`` with the run's ``--better`` and ``--fraction`` (rules of their own without a file).

    Raises:
        UsageError: the rules file declares the same default.
    """
    better, fraction = getattr(args, "better", None), getattr(args, "fraction", None)
    if better is None and fraction is None:
        return rules
    given = rules or Rules("the command line")
    for option, value, declared in (
        ("--better", better, given.better),
        ("--fraction", fraction, given.fraction),
    ):
        if value is not None and declared is not None:
            name = option.removeprefix("--")
            message = f"the rules file declares {name} under [kpis]; leave out {option}"
            raise UsageError(message)
    return attrs.evolve(
        given,
        better=given.better if better is None else Direction(better),
        fraction=given.fraction if fraction is None else fraction,
    )
