"""Mutation testing of the rule engine (kpirag.rules) with mutmut, and its score per module.

Run from anywhere, with the ``test`` and ``mutation`` extras installed::

    python benchmarks/mutation.py                     # every mutant not yet checked
    python benchmarks/mutation.py --module tolerance  # one module's mutants
    python benchmarks/mutation.py --survivors         # re-check survivors after new tests
    python benchmarks/mutation.py --report            # only print the scores
    python benchmarks/mutation.py --probe NAME tests/test_mutants_values.py
                                                      # run tests against one mutant

mutmut's configuration is ``[tool.mutmut]`` in pyproject.toml; it keeps its
work and results in ``mutants/`` (ignored by git), and a later run checks only
mutants that have no result yet, so a run can be stopped and resumed. A
result stands until the mutated function changes: after adding tests, re-check
the survivors with ``--survivors``. Mutants judged equivalent are listed in
``tests/mutation_equivalent.txt`` (a mutant name and a one-line reason per
line); the script flags survivors missing from that list and entries that are
no longer survivors. It never runs in CI: a full run takes tens of minutes.
See docs/testing.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
LAYER = "kpirag.rules."
MODULES = (
    "values",
    "target",
    "tolerance",
    "status",
    "scheme",
    "classification",
    "axis",
    "trend",
    "plain",
)
# mutmut's verdicts that count as the mutant being detected.
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
UNCHECKED = {"not checked", "skipped", "check was interrupted by user"}


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    """Run mutmut from the project root with this interpreter's environment."""
    executable = Path(sys.executable).with_name("mutmut")
    return subprocess.run(
        [str(executable), *args], cwd=ROOT, check=False, text=True, capture_output=True
    )


def results() -> dict[str, str]:
    """Every mutant mutmut knows, by name, with its verdict (``killed``, ``survived``...)."""
    done = mutmut("results", "--all", "true")
    if done.returncode != 0:
        sys.exit(f"mutmut results failed:\n{done.stderr}")
    verdicts = {}
    for line in done.stdout.splitlines():
        name, sep, verdict = line.strip().rpartition(": ")
        if sep and name.startswith(LAYER):
            verdicts[name] = verdict
    return verdicts


def module_of(mutant: str) -> str:
    """``kpirag.rules._tolerance.x...`` -> ``tolerance``."""
    return mutant.removeprefix(LAYER).split(".", 1)[0].lstrip("_")


def equivalents() -> dict[str, str]:
    """The mutants recorded as equivalent, with their reasons."""
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.strip().partition(" ")
            listed[name] = reason.strip()
    return listed


def run(names: list[str], max_children: int) -> None:
    """Check ``names`` (mutant names or globs; all unchecked mutants if empty)."""
    executable = Path(sys.executable).with_name("mutmut")
    command = [str(executable), "run", "--max-children", str(max_children), *names]
    shown = command[1:] if len(names) <= 3 else [*command[1:4], f"<{len(names)} mutant names>"]
    print("$ mutmut", " ".join(shown), flush=True)
    # mutmut draws a progress line; its result is read afterwards with `mutmut results`.
    done = subprocess.run(command, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"mutmut run failed with exit code {done.returncode}")


def probe(name: str, pytest_args: list[str]) -> int:
    """Run pytest on the current tests against the mutant ``name``; return pytest's exit code.

    Exit code 1 (a test failed) means the tests kill the mutant; 0 means it
    survives them. The mutated code is the copy in ``mutants/src`` that the
    last ``mutmut run`` generated, switched to ``name`` by the environment
    variable mutmut's trampolines read; the tests are the ones in ``tests/``,
    so a new test can be tried without a mutmut run.
    """
    mutated = ROOT / "mutants" / "src"
    if not mutated.is_dir():
        sys.exit("no mutants/src: run `python benchmarks/mutation.py` once first")
    environment = {**os.environ, "MUTANT_UNDER_TEST": name, "PYTHONPATH": str(mutated)}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *pytest_args]
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def report(verdicts: dict[str, str], listed: dict[str, str]) -> int:
    """Print the score per module; return the number of survivors not listed as equivalent."""
    print(
        f"{'module':<16}{'mutants':>8}{'killed':>8}{'alive':>7}{'equiv.':>7}"
        f"{'score':>8}{'w/o equiv.':>12}"
    )
    totals: Counter[str] = Counter()
    for module in MODULES:
        mine = {name: v for name, v in verdicts.items() if module_of(name) == module}
        checked = [v for v in mine.values() if v not in UNCHECKED]
        row = Counter(
            mutants=len(checked),
            killed=sum(v in DETECTED for v in checked),
            equivalent=sum(name in listed and v in alive_verdicts() for name, v in mine.items()),
            unchecked=len(mine) - len(checked),
        )
        row["alive"] = row["mutants"] - row["killed"]
        totals.update(row)
        print(line(module, row))
    print(line("rules (all)", totals))
    if totals["unchecked"]:
        print(f"\n{totals['unchecked']} mutants are not checked yet.")
    alive = sorted(n for n, v in verdicts.items() if v not in DETECTED | UNCHECKED)
    unexplained = [name for name in alive if name not in listed]
    stale = sorted(name for name in listed if verdicts.get(name) in DETECTED)
    missing = sorted(name for name in listed if name not in verdicts)
    for title, names in (
        ("Survivors neither killed nor listed as equivalent", unexplained),
        ("Listed as equivalent but killed (remove them)", stale),
        ("Listed as equivalent but unknown to mutmut (renamed?)", missing),
    ):
        if names:
            print(f"\n{title} ({len(names)}):")
            for name in names:
                print(f"  {name}: {verdicts.get(name, 'unknown')}")
    return len(unexplained)


def alive_verdicts() -> set[str]:
    """Verdicts of a mutant that no test detected."""
    return {"survived", "no tests", "suspicious"}


def line(title: str, row: Counter[str]) -> str:
    """One row of the score table."""
    mutants, killed, equivalent = row["mutants"], row["killed"], row["equivalent"]
    score = f"{100 * killed / mutants:.1f}%" if mutants else "-"
    fair = mutants - equivalent
    adjusted = f"{100 * killed / fair:.1f}%" if fair else "-"
    return (
        f"{title:<16}{mutants:>8}{killed:>8}{row['alive']:>7}{equivalent:>7}"
        f"{score:>8}{adjusted:>12}"
    )


def main() -> None:
    """Run the mutants asked for, then print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--module", action="append", choices=MODULES, help="only these modules")
    parser.add_argument("--survivors", action="store_true", help="re-check surviving mutants")
    parser.add_argument("--report", action="store_true", help="print the scores, run nothing")
    parser.add_argument("--max-children", type=int, default=2, help="parallel workers (2)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a survivor is not listed as equivalent"
    )
    parser.add_argument(
        "--probe",
        metavar="MUTANT",
        help="run pytest (with the arguments after it) against one mutant: killed or not",
    )
    options, pytest_args = parser.parse_known_args()
    if options.probe:
        code = probe(options.probe, pytest_args)
        print(f"{options.probe}: {'killed' if code == 1 else 'survived' if code == 0 else code}")
        sys.exit(0 if code == 1 else 1)
    if pytest_args:
        parser.error(f"unrecognized arguments: {' '.join(pytest_args)}")
    modules = options.module or list(MODULES)
    if not options.report:
        if options.survivors:
            names = sorted(
                name
                for name, verdict in results().items()
                if verdict in alive_verdicts() and module_of(name) in modules
            )
            if names:
                run(names, options.max_children)
        else:
            run(
                [f"{LAYER}_{module}.*" for module in modules] if options.module else [],
                options.max_children,
            )
    unexplained = report(results(), equivalents())
    if options.check and unexplained:
        sys.exit(1)


if __name__ == "__main__":
    main()
