"""Start-up of the command line: modules imported and their import time (issue 22, item 4).

Runs ``kpirag --version`` and ``kpirag evaluate ONE-ROW.csv --format csv`` under
``python -X importtime``, ``--repeat`` times each (21 by default), and prints
for each command the number of modules imported and the median of the sum of
their own import times. It fails (exit 1) if either command imports an
optional package (matplotlib, openpyxl, narwhals, tqdm, hypothesis, NumPy),
which neither needs. kpirag's bytecode is written first (in both trees), as
installing it writes it.

With ``--before SRC`` (the ``src`` folder of another checkout, say one made
with ``git worktree add``), that tree is run too, alternating with this one,
and both are printed.

Reproduce: python benchmarks/bench_startup.py [--repeat 21] [--before ../old/src]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import compile_kpirag, machine

OPTIONAL = ("matplotlib", "openpyxl", "narwhals", "tqdm", "hypothesis", "numpy")
"""Packages neither command needs."""

HERE = Path(__file__).resolve().parent


def imported(arguments: list[str], src: Path) -> tuple[list[str], float]:
    """The modules ``python -m kpirag ARGUMENTS`` imports, and their own import time in ms."""
    environment = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, "-X", "importtime", "-m", "kpirag", *arguments]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    modules, total = [], 0
    for line in lines[1:]:  # the first is the heading
        own, _, name = line.removeprefix("import time:").split("|")
        modules.append(name.strip())
        total += int(own)
    return modules, total / 1000


def main() -> None:
    """Print modules and import time per command and tree; exit 1 on an optional import."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--before", type=Path, help="the src folder of a tree to compare with")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    compile_kpirag()
    trees = {"this tree": HERE.parent / "src"}
    if args.before is not None:
        trees = {"before": args.before.resolve(), **trees}
        compile_kpirag(args.before.resolve())  # both trees read their bytecode
    with tempfile.TemporaryDirectory() as folder:
        one_row = Path(folder) / "one-row.csv"
        one_row.write_text("id,title,target,value\nK1,Jobs,>=100,95\n", encoding="utf-8")
        evaluate = ["evaluate", str(one_row), "--format", "csv"]
        commands = {"kpirag --version": ["--version"], "kpirag evaluate one-row.csv": evaluate}
        times: dict[tuple[str, str], list[float]] = {}
        modules: dict[tuple[str, str], list[str]] = {}
        for _ in range(args.repeat):
            for tree, src in trees.items():
                for name, arguments in commands.items():
                    found, total = imported(arguments, src)
                    times.setdefault((tree, name), []).append(total)
                    modules[tree, name] = found
    failed = False
    for (tree, name), spent in times.items():
        found = modules[tree, name]
        optional = sorted({module.split(".")[0] for module in found} & set(OPTIONAL))
        print(
            f"{name:28} {tree:9} {len(found):4} modules, "
            f"{statistics.median(spent):6.1f} ms of import time (median of {args.repeat})"
            + (f"; imports {', '.join(optional)}" if optional else "")
        )
        failed = failed or bool(optional)
    before = " --before SRC" if args.before else ""
    print(f"reproduce: python benchmarks/bench_startup.py{before}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
