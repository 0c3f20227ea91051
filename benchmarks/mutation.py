"""Mutation testing of kpirag's layers with mutmut, and the score per layer and module.

Run from anywhere, with the ``test`` and ``mutation`` extras installed::

    python benchmarks/mutation.py                     # every rules mutant not yet checked
    python benchmarks/mutation.py --module tolerance  # one module's mutants (of kpirag.rules)
    python benchmarks/mutation.py --layer kpi --sample 60 --seed 1
                                                      # a random sample of one layer's mutants
    python benchmarks/mutation.py --layer kpi --module series
                                                      # every mutant of kpirag.kpi._series
    python benchmarks/mutation.py --survivors         # re-check survivors after new tests
    python benchmarks/mutation.py --report            # only print the scores, every layer
    python benchmarks/mutation.py --report --layer kpi --sample 60 --seed 1
                                                      # the score of that sample
    python benchmarks/mutation.py --probe NAME tests/test_mutants_values.py
                                                      # run tests against one mutant
    python benchmarks/mutation.py --probe 'kpirag.kpi._series.*year_to_date*' tests/spc -q
                                                      # ... against each mutant a glob names

mutmut's configuration is ``[tool.mutmut]`` in pyproject.toml; it keeps its
work and results in ``mutants/`` (ignored by git), and a later run checks only
mutants that have no result yet, so a run can be stopped and resumed. A
result stands until the mutated function changes: after adding tests, re-check
the survivors with ``--survivors`` (with ``--sample`` and ``--seed``: the
sample's survivors). A sample is drawn from the sorted names of the layer's
mutants with a generator seeded by the layer and ``--seed``, so the same
command names the same mutants while the code is unchanged; ``--report`` with
the same ``--sample``/``--seed`` scores exactly those mutants, with a 95%
Wilson interval for the layer's score. Mutants judged equivalent are listed in
``tests/mutation_equivalent.txt`` (a mutant name and a one-line reason per
line); the script flags survivors missing from that list and entries that are
no longer survivors. It never runs in CI: a layer takes tens of minutes to
hours. See docs/testing.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
# The verdicts of --screen runs (mutants run in forked children against chosen tests).
SCREENED = ROOT / "mutants" / "screen.json"
PACKAGE = "kpirag."
# The layers mutmut mutates (``only_mutate`` in pyproject.toml), bottom to top.
LAYERS = ("rules", "kpi", "spc", "risk", "budget", "ipr", "report", "io", "frames", "plot", "cli")
# mutmut's verdicts that count as the mutant being detected.
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
UNCHECKED = {"not checked", "skipped", "check was interrupted by user"}
# Verdicts of a mutant that no test detected.
ALIVE = {"survived", "no tests", "suspicious"}
# The code that makes mutmut write the mutants without running anything (mutmut 3.8.1's
# own first step of `mutmut run`), so that a sample can be drawn before the first run.
GENERATE = """
import os, sys
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
from mutmut.__main__ import setup_source_paths
from mutmut.mutation.trampoline import set_mutant_under_test
set_mutant_under_test("mutant_generation")
os.makedirs("mutants", exist_ok=True)
copy_src_dir()
copy_also_copy_files()
setup_source_paths()
create_mutants(int(sys.argv[1]))
"""


# Runs the tests against each mutant named on standard input, one forked child per mutant,
# from a pytest session that has imported kpirag (from mutants/src) and collected the tests
# once: mutmut's own way, and seconds per mutant instead of a fresh interpreter's tens.
# Prints "name exit-code" per mutant: 1 a test failed, 0 none did, -14 the time ran out.
SCREEN = """
import os, signal, sys
os.environ["MUTANT_UNDER_TEST"] = ""
# A screen started in the background (``cmd &``) inherits an ignored SIGINT, and so would
# every kpirag the tests start: the interrupt tests would then see a run finish instead.
signal.signal(signal.SIGINT, signal.default_int_handler)
import pytest
from _pytest.runner import runtestprotocol
from _pytest.warnings import catch_warnings_for_item

limit, arguments = int(sys.argv[1]), sys.argv[2:]
names = sys.stdin.read().split()
out = os.fdopen(os.dup(1), "w")


class Screen:
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        items = session.items
        for name in ["", *names]:  # first the unmutated code: every test must pass
            child = os.fork()
            if child == 0:
                os.environ["MUTANT_UNDER_TEST"] = name
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.dup2(null, 2)
                signal.alarm(limit)
                for index, item in enumerate(items):
                    following = items[index + 1] if index + 1 < len(items) else None
                    # As pytest's warnings plugin runs a test: its filterwarnings marks apply.
                    with catch_warnings_for_item(
                        item.config, ihook=item.ihook, when="runtest", item=item
                    ):
                        reports = runtestprotocol(item, nextitem=following, log=False)
                    if any(report.failed for report in reports):
                        os._exit(1)
                os._exit(0)
            _, status = os.waitpid(child, 0)
            if not name and os.waitstatus_to_exitcode(status) != 0:
                print("the tests fail on the unmutated code", file=sys.stderr)
                return True
            print(name, os.waitstatus_to_exitcode(status), file=out, flush=True)
        return True


pytest.main(["-q", "-p", "no:cacheprovider", *arguments], plugins=[Screen()])
"""


def environment() -> dict[str, str]:
    """The environment mutmut runs in: ``src/`` first on the path of any subprocess.

    mutmut puts ``mutants/src`` first on its own ``sys.path``; a test that runs
    ``python -m kpirag`` in a subprocess imports kpirag afresh, and should get
    this checkout's unmutated ``src/`` (not whatever the editable install points
    at), so that it passes in the clean run and cannot fail a mutant.
    """
    paths = [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    """Run mutmut from the project root with this interpreter's environment."""
    executable = Path(sys.executable).with_name("mutmut")
    return subprocess.run(
        [str(executable), *args],
        cwd=ROOT,
        check=False,
        text=True,
        capture_output=True,
        env=environment(),
    )


def results() -> dict[str, str]:
    """Every mutant mutmut knows, by name, with its verdict (``killed``, ``survived``...)."""
    done = mutmut("results", "--all", "true")
    if done.returncode != 0:
        sys.exit(f"mutmut results failed:\n{done.stderr}")
    verdicts = {}
    for line in done.stdout.splitlines():
        name, sep, verdict = line.strip().rpartition(": ")
        if sep and name.startswith(PACKAGE):
            verdicts[name] = verdict
    return verdicts


def generate(max_children: int) -> None:
    """Write every mutant into ``mutants/`` (nothing is run), as ``mutmut run`` does first."""
    print("generating the mutants (mutants/)", flush=True)
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(max_children)],
        cwd=ROOT,
        check=False,
        env=environment(),
        stdout=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        sys.exit(f"generating the mutants failed with exit code {done.returncode}")


def layer_of(mutant: str) -> str:
    """``kpirag.rules._tolerance.x...`` -> ``rules``."""
    return mutant.removeprefix(PACKAGE).split(".", 1)[0]


def module_of(mutant: str) -> str:
    """``kpirag.rules._tolerance.x...`` -> ``tolerance``."""
    return mutant.removeprefix(PACKAGE).split(".")[1].lstrip("_")


def modules(layer: str) -> tuple[str, ...]:
    """The modules of a layer, as ``module_of`` names them (``__init__`` is ``init__``)."""
    folder = ROOT / "src" / "kpirag" / layer
    return tuple(sorted(path.stem.lstrip("_") for path in folder.glob("*.py")))


def equivalents() -> dict[str, str]:
    """The mutants recorded as equivalent, with their reasons."""
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.strip().partition(" ")
            listed[name] = reason.strip()
    return listed


def sample(names: list[str], layer: str, size: int, seed: int) -> list[str]:
    """``size`` of a layer's mutant names, drawn at random (the same draw for the same seed)."""
    population = sorted(names)
    draw = random.Random(f"{layer}:{seed}")  # a reproducible draw
    return sorted(draw.sample(population, min(size, len(population))))


def run(names: list[str], max_children: int) -> None:
    """Check the mutants ``names`` (mutmut re-checks a mutant it is given by name)."""
    executable = Path(sys.executable).with_name("mutmut")
    command = [str(executable), "run", "--max-children", str(max_children), *names]
    shown = command[1:] if len(names) <= 3 else [*command[1:4], f"<{len(names)} mutant names>"]
    print("$ mutmut", " ".join(shown), flush=True)
    # mutmut draws a progress line; its result is read afterwards with `mutmut results`. Its
    # output goes to mutants/run.log (`tail -f` it to follow a run), shown here if it fails.
    log = ROOT / "mutants" / "run.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        done = subprocess.run(
            command,
            cwd=ROOT,
            check=False,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment(),
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        sys.exit("\n".join([*tail, f"mutmut run failed with exit code {done.returncode}"]))


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


def screen(names: list[str], pytest_args: list[str], limit: int = 300) -> dict[str, int]:
    """The exit code of pytest against each mutant, each in a child forked from one warm process.

    A child that runs longer than ``limit`` seconds is stopped (exit code -14,
    SIGALRM): a mutant that loops for ever, which mutmut counts as detected.
    """
    mutated = ROOT / "mutants" / "src"
    if not mutated.is_dir():
        sys.exit("no mutants/src: run `python benchmarks/mutation.py` once first")
    environment = {**os.environ, "PYTHONPATH": str(mutated)}
    codes = {}
    log = ROOT / "mutants" / "screen.log"
    with (
        log.open("w", encoding="utf-8") as errors,
        subprocess.Popen(
            [sys.executable, "-c", SCREEN, str(limit), *pytest_args],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        ) as driver,
    ):
        assert driver.stdin is not None  # noqa: S101 - asked for above
        assert driver.stdout is not None  # noqa: S101
        driver.stdin.write("\n".join(names))
        driver.stdin.close()
        for line in driver.stdout:
            name, _, code = line.strip().rpartition(" ")
            if name.startswith(PACKAGE):
                codes[name] = int(code)
                print(f"  {len(codes)}/{len(names)} {name}: {code}", flush=True)
        failed = driver.wait() != 0 or not codes
    if failed and names:
        sys.exit(f"the screen failed:\n{log.read_text(encoding='utf-8')[-3000:]}")
    return codes


def screened() -> dict[str, str]:
    """The verdicts of earlier ``--screen`` runs, by mutant name."""
    if not SCREENED.is_file():
        return {}
    stored = json.loads(SCREENED.read_text(encoding="utf-8"))
    return {name: entry["verdict"] for name, entry in stored.items()}


def screen_and_store(names: list[str], pytest_args: list[str], limit: int = 300) -> None:
    """Screen ``names`` against the tests ``pytest_args`` name; keep each verdict in SCREENED."""
    stored = json.loads(SCREENED.read_text(encoding="utf-8")) if SCREENED.is_file() else {}
    print(f"screening {len(names)} mutants against: {' '.join(pytest_args)}", flush=True)
    codes = screen(names, pytest_args, limit)
    words = {1: "killed", 0: "survived", -14: "timeout"}
    for name, code in codes.items():
        stored[name] = {"verdict": words.get(code, f"exit code {code}"), "tests": pytest_args}
    SCREENED.write_text(json.dumps(stored, indent=1, ensure_ascii=False), encoding="utf-8")


def merged() -> dict[str, str]:
    """The verdicts of mutmut, and of ``--screen`` for the mutants mutmut has not checked."""
    from_screen = screened()
    return {
        name: from_screen.get(name, verdict) if verdict in UNCHECKED else verdict
        for name, verdict in results().items()
    }


def probe_all(pattern: str, pytest_args: list[str], limit: int = 300) -> int:
    """Probe one mutant, or each mutant a glob names; 0 when every one is killed."""
    if not any(sign in pattern for sign in "*?["):
        alone = probe(pattern, pytest_args)
        print(f"{pattern}: {'killed' if alone == 1 else 'survived' if alone == 0 else alone}")
        return 0 if alone == 1 else 1
    names = sorted(fnmatch.filter(results(), pattern))
    codes = screen(names, pytest_args, limit)
    for name in names:
        code = codes.get(name)
        words = {None: "not run", 1: "killed", 0: "survived", -14: "timeout"}
        print(f"{name}: {words.get(code, f'exit code {code}')}")
    killed = sum(codes.get(name) in {1, -14} for name in names)
    print(f"{killed} of {len(names)} killed")
    return 0 if names and killed == len(names) else 1


def wilson(detected: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """The 95% Wilson score interval of the share ``detected / total`` (``total > 0``)."""
    share = detected / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    scale = 1 + z * z / total
    return (centre - spread) / scale, (centre + spread) / scale


def score(detected: int, total: int) -> str:
    """``96.7% [92.4, 98.6]``: the share and its 95% Wilson interval, or ``-``."""
    if not total:
        return "-"
    low, high = wilson(detected, total)
    return f"{100 * detected / total:.1f}% [{100 * low:.1f}, {100 * high:.1f}]"


def tally(verdicts: dict[str, str], listed: dict[str, str]) -> Counter[str]:
    """Count one row: mutants, checked, detected, equivalent, survived (neither) and unchecked."""
    row: Counter[str] = Counter(mutants=len(verdicts))
    for name, verdict in verdicts.items():
        if verdict in UNCHECKED:
            row["unchecked"] += 1
            continue
        row["checked"] += 1
        if verdict in DETECTED:
            row["detected"] += 1
        elif name in listed:
            row["equivalent"] += 1
        else:
            row["survived"] += 1
    return row


def line(title: str, row: Counter[str], population: int) -> str:
    """One row of the score table."""
    checked, detected, equivalent = row["checked"], row["detected"], row["equivalent"]
    return (
        f"{title:<22}{population:>8}{row['mutants']:>8}{checked:>8}{detected:>9}"
        f"{equivalent:>7}{row['survived']:>9}  {score(detected, checked):<22}"
        f"{score(detected, checked - equivalent)}"
    )


def report(
    verdicts: dict[str, str],
    listed: dict[str, str],
    chosen: dict[str, dict[str, str]],
    *,
    by_module: bool,
) -> int:
    """Print the score per layer (and module); return the survivors not listed as equivalent.

    ``chosen`` holds, per layer, the mutants scored (all of the layer's, or a
    sample) with their verdicts.
    """
    print(
        f"{'layer / module':<22}{'in layer':>8}{'scored':>8}{'checked':>8}{'detected':>9}"
        f"{'equiv.':>7}{'survived':>9}  {'score [95% Wilson]':<22}without equivalent"
    )
    unchecked = 0
    for layer, mine in chosen.items():
        everything = [name for name in verdicts if layer_of(name) == layer]
        row = tally(mine, listed)
        unchecked += row["unchecked"]
        if by_module:
            for module in modules(layer):
                part = {name: v for name, v in mine.items() if module_of(name) == module}
                if part:
                    population = sum(module_of(name) == module for name in everything)
                    print(line(f"  {module}", tally(part, listed), population))
        print(line(layer, row, len(everything)))
    if unchecked:
        print(f"\n{unchecked} of the scored mutants are not checked yet.")
    scored = {name: v for mine in chosen.values() for name, v in mine.items()}
    alive = sorted(n for n, v in scored.items() if v in ALIVE)
    unexplained = [name for name in alive if name not in listed]
    layers = set(chosen)
    stale = sorted(
        name for name in listed if verdicts.get(name) in DETECTED and layer_of(name) in layers
    )
    missing = sorted(name for name in listed if name not in verdicts and layer_of(name) in layers)
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


def arguments() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--layer",
        action="append",
        choices=LAYERS,
        help="only these layers (running: rules if none is given; --report: every layer)",
    )
    parser.add_argument(
        "--module",
        action="append",
        help="only these modules of the layers (tolerance for kpirag.rules._tolerance)",
    )
    parser.add_argument("--sample", type=int, metavar="N", help="a random sample of N per layer")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (1)")
    parser.add_argument("--survivors", action="store_true", help="re-check surviving mutants")
    parser.add_argument("--report", action="store_true", help="print the scores, run nothing")
    parser.add_argument("--by-module", action="store_true", help="score each module too")
    parser.add_argument(
        "--screen",
        action="store_true",
        help="instead of mutmut run, run the tests named after the options (tests/ if none)"
        " against each mutant in a forked child; keep the verdicts in mutants/screen.json",
    )
    parser.add_argument("--max-children", type=int, default=2, help="parallel workers (2)")
    parser.add_argument(
        "--limit",
        type=int,
        default=300,
        metavar="SECONDS",
        help="a screened mutant's time for all its tests before it counts as a timeout (300);"
        " raise it for a slow list of tests on a loaded machine, where a survivor would"
        " otherwise be counted as detected",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a survivor is not listed as equivalent"
    )
    parser.add_argument(
        "--probe",
        metavar="MUTANT",
        help="run pytest (with the arguments after it) against one mutant, or each mutant a"
        " glob ('kpirag.kpi._series.xǁSeriesǁobservation__mutmut_*') names: killed or not",
    )
    return parser


def choose(
    verdicts: dict[str, str], layers: list[str], options: argparse.Namespace
) -> dict[str, dict[str, str]]:
    """The mutants asked for, per layer, with their verdicts: the modules', then the sample."""
    chosen = {}
    for layer in layers:
        mine = {
            name: verdict
            for name, verdict in verdicts.items()
            if layer_of(name) == layer and (not options.module or module_of(name) in options.module)
        }
        if options.sample is not None:
            drawn = sample(list(mine), layer, options.sample, options.seed)
            mine = {name: mine[name] for name in drawn}
        if mine or not options.report:
            chosen[layer] = mine
    return chosen


def main() -> None:
    """Run the mutants asked for, then print the scores."""
    parser = arguments()
    options, pytest_args = parser.parse_known_args()
    if options.probe:
        sys.exit(probe_all(options.probe, pytest_args, options.limit))
    if pytest_args and not options.screen:
        parser.error(f"unrecognized arguments: {' '.join(pytest_args)}")
    layers = options.layer or (list(LAYERS) if options.report else ["rules"])
    for module in options.module or []:
        if not any(module in modules(layer) for layer in layers):
            parser.error(f"no module {module!r} in {', '.join(layers)}")
    verdicts = merged()
    if not options.report and not any(layer_of(name) in layers for name in verdicts):
        generate(options.max_children)
        verdicts = merged()
    chosen = choose(verdicts, layers, options)
    if not options.report:
        wanted = ALIVE if options.survivors else UNCHECKED
        names = sorted(
            name for mine in chosen.values() for name, verdict in mine.items() if verdict in wanted
        )
        if not names:
            print("nothing to run: every mutant asked for has a result")
        elif options.screen:
            screen_and_store(names, pytest_args or ["tests/"], options.limit)
        else:
            run(names, options.max_children)
        verdicts = merged()
        chosen = {
            layer: {name: verdicts.get(name, "not checked") for name in mine}
            for layer, mine in chosen.items()
        }
    unexplained = report(verdicts, equivalents(), chosen, by_module=options.by_module)
    if options.check and unexplained:
        sys.exit(1)


if __name__ == "__main__":
    main()
