"""The options commands share, and what they choose: a file's format, the KPI rules, the matrix.

``--better`` and ``--fraction`` give defaults a KPI file leaves unsaid. A
bare target number (``0``, ``4.5%``) does not say which way is better, and
bare figures between 0 and 1 may be fractions of 1; a file must say, or the
run must (``--better higher``, ``--fraction`` or ``--no-fraction``), or a
rules file (``[kpis] better = "higher"``, ``fraction = true``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import attrs

from kpirag.cli._output import UsageError
from kpirag.io import Rules, load_rules
from kpirag.risk import RiskMatrix
from kpirag.rules import Direction

__all__ = [
    "SHARED",
    "add_options",
    "add_shared",
    "kpi_rules",
    "reading",
    "risk_matrix",
    "rules_file",
    "suffix_format",
    "with_defaults",
]

SHARED: dict[str, dict[str, Any]] = {
    "--rules": {"help": "a rules file (TOML): see kpirag help formats"},
    "--output": {"help": "write here (only if the run succeeds); - is stdout"},
    "--allow-unknown-columns": {"action": "store_true", "help": "ignore unknown columns"},
    "--width": {"type": int, "default": 60, "help": "wrap text output (0: never)"},
    "--tolerance": {"help": "default tolerance: 10%% (default), 5pt, none"},
    "--period": {"help": "the period judged, for profiles: 'Q1 2017/18'"},
    "--matrix": {"choices": ["city", "nhs"], "help": "the risk matrix (city)"},
    "--as-of": {"help": "judge risk target dates against this date (day first)"},
}
"""The options several commands take (``report`` takes them all), declared once, by name."""


def add_shared(parser: argparse.ArgumentParser, *names: str) -> None:
    """Add the ``SHARED`` options ``names`` to a command."""
    for name in names:
        parser.add_argument(name, **SHARED[name])


def suffix_format(file: str) -> str | None:
    """The format a file's suffix names; ``None`` for standard input or no suffix."""
    suffix = Path(file).suffix.lstrip(".").casefold()
    return suffix if file != "-" and suffix else None


def reading(
    args: argparse.Namespace, name: str, file: str | None = None, sheet: str | None = None
) -> dict[str, Any]:
    """The loaders' options for ``file`` and ``sheet`` (the command's ``FILE``), named ``name``."""
    return {
        "fmt": args.input_format or suffix_format(file or args.file),
        "allow_unknown": args.allow_unknown_columns,
        "source_name": name,
        "encoding": args.encoding,
        "sheet": args.sheet if file is None else sheet,
    }


def rules_file(args: argparse.Namespace) -> Rules | None:
    """The rules file named by ``--rules``, read once per run, or ``None``."""
    if args.rules is None:
        return None
    if getattr(args, "loaded_rules", None) is None:
        args.loaded_rules = load_rules(args.rules)
    rules: Rules = args.loaded_rules
    return rules


def kpi_rules(rules: Rules | None, args: argparse.Namespace) -> Rules | None:
    """``with_defaults``, refusing ``--tolerance`` when the rules file gives the KPIs' rule."""
    rules = with_defaults(rules, args)
    if rules is not None and rules.kpis is not None and args.tolerance is not None:
        raise UsageError("the rules file gives the default rule for KPIs; leave out --tolerance")
    return rules


def risk_matrix(rules: Rules | None, args: argparse.Namespace) -> RiskMatrix:
    """The rules file's matrix (then ``--matrix`` is refused), else ``--matrix``'s (City's)."""
    if rules is not None and rules.risk_matrix is not None:
        if args.matrix is not None:
            raise UsageError("the rules file gives the risk matrix; leave out --matrix")
        return rules.risk_matrix
    return RiskMatrix.nhs_5x5() if args.matrix == "nhs" else RiskMatrix.city_of_london()


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
