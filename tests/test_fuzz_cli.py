"""Junk to the command line's public ``main``: every run returns an exit code, never a traceback.

The arguments are drawn from the parser itself (every command, option and
choice), copies of the example files, ``-`` and junk words, in any order;
standard input is an example file, a cut or spliced copy of one, or junk bytes.
``main`` must return an exit code and write no traceback, and junk in place of
its own arguments (``argv``, the streams) raises our error.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import shutil
import signal
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kpirag import KpiragError
from kpirag.cli import main
from kpirag.cli._main import _parser

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"
EXAMPLES = int(os.environ.get("KPIRAG_FUZZ_CLI_EXAMPLES", "8"))
"""Runs per command in CI; ``KPIRAG_FUZZ_CLI_EXAMPLES=2000`` runs the big fuzz."""
COUNTS: collections.Counter[str] = collections.Counter()
"""Runs of ``main`` in this session (``KPIRAG_FUZZ_COUNTS=file`` appends them)."""
PHASES = (
    (Phase.explicit, Phase.reuse, Phase.generate)
    if os.environ.get("KPIRAG_FUZZ_NO_SHRINK")
    else tuple(Phase)
)
"""``KPIRAG_FUZZ_NO_SHRINK=1`` (the big fuzz) reports a failure as found, without shrinking it."""


@pytest.fixture(autouse=True, scope="module")
def _in_a_scratch_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Run among copies of the example files: junk may name them as ``--output``."""
    before = Path.cwd()
    folder = tmp_path_factory.mktemp("cli-junk")
    for path in sorted(DATA.iterdir()):
        shutil.copy(path, folder / path.name)
    os.chdir(folder)
    yield
    os.chdir(before)


@pytest.fixture(autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """With ``KPIRAG_FUZZ_COUNTS=file``, append the junk calls each test made, by layer."""
    before = COUNTS.copy()
    yield
    target = os.environ.get("KPIRAG_FUZZ_COUNTS")
    made = COUNTS - before
    if target and made:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"test": request.node.nodeid, "calls": dict(made)}) + "\n")


def _commands() -> dict[str, list[str]]:
    """Each command and the words its parser knows: options and their choices."""
    words: dict[str, list[str]] = {}
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, parser in action.choices.items():
                known: list[str] = []
                for option in parser._actions:
                    known.extend(option.option_strings)
                    known.extend(str(choice) for choice in option.choices or ())
                words[name] = known
    return words


COMMANDS = _commands()
FILES = sorted(path.name for path in DATA.iterdir())
JUNK_WORDS = ["-", "", " ", "x", "0", "-1", "10%", "5pt", "Q1 2017/18", "31/02/17", "1e1000000",
              "9" * 5000, "\x1b[31m", "\u202e", "out.html", "out.xlsx", "out.csv",
              "no such folder/out.csv", "/dev/null", ".", "--", "--no-such-option", "check"]  # fmt: skip


def _stdin() -> st.SearchStrategy[bytes]:
    """Standard input: an example file, a part of one, two spliced, or junk bytes."""
    contents = [(DATA / name).read_bytes() for name in FILES]
    whole = st.sampled_from(contents)
    return st.one_of(
        whole,
        st.tuples(whole, st.integers(0, 4000)).map(lambda pair: pair[0][: pair[1]]),
        st.tuples(whole, whole, st.integers(0, 2000)).map(lambda t: t[0][: t[2]] + t[1][t[2] :]),
        st.binary(max_size=200),
        st.sampled_from([b"", b"\xff\xfe", b"id,title\n" + b"1,\xed\xa0\x80\n", b"[kpis\n"]),
    )


class _TooSlow(Exception):  # noqa: N818 - a signal, not an error of the library
    """A run took more than the allowed time."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TooSlow


@pytest.mark.parametrize("command", [*sorted(COMMANDS), "(none)"])
@settings(
    phases=PHASES,
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_junk_command_lines_exit_with_a_code(command: str, data: st.DataObject) -> None:
    """Law: any command line main is given returns an exit code and writes no traceback."""
    words = COMMANDS.get(command, sorted(COMMANDS))
    token = st.one_of(st.sampled_from(words), st.sampled_from(FILES), st.sampled_from(JUNK_WORDS))
    tail = data.draw(st.lists(token, max_size=6))
    argv = tail if command == "(none)" else [command, *tail]
    stdin = data.draw(_stdin())
    out, err = io.StringIO(), io.StringIO()
    COUNTS["cli"] += 1
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    except _TooSlow:
        pytest.fail(f"kpirag {argv!r} took over 30 s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(code, int)
    assert "Traceback" not in err.getvalue()


_UNTYPED: Any = main
"""main, for calls that are wrong on purpose (the type checker would refuse them)."""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"argv": 5}, "argv"),
        ({"argv": "evaluate"}, "argv"),
        ({"argv": ["help", 5]}, "argv"),
        ({"argv": ["help"], "stdin": "text"}, "stdin"),
        ({"argv": ["help"], "stdout": 5}, "stdout"),
        ({"argv": ["help"], "stderr": b"x"}, "stderr"),
    ],
)
def test_defect_main_junk_argv_raises_type_error(kwargs: dict[str, object], field: str) -> None:
    """main given junk for argv or a stream raises our error naming it, not a bare TypeError."""
    with pytest.raises(KpiragError) as caught:
        _UNTYPED(**kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "argv",
    [["audit", "\x00", "--output", "out.csv"], ["evaluate", "kpis.csv", "--output", "a\x00b"]],
)
def test_defect_main_nul_in_argv_raises_value_error(argv: list[str]) -> None:
    """A NUL in an argument (no shell can pass one) is our error, not os.stat's ValueError."""
    with pytest.raises(KpiragError) as caught:
        main(argv, stdin=io.BytesIO(b""), stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.field == "argv"


def test_main_takes_any_iterable_of_words() -> None:
    """argv may be any iterable of text, read once (a generator too)."""
    out = io.StringIO()
    assert main(iter(["--version"]), stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().startswith("kpirag ")


@pytest.mark.parametrize("allowance", ["-", "abc", "1e"])
def test_defect_budget_allowance_not_a_number_invalid_operation(allowance: str) -> None:
    """kpirag budget --allowance abc is a usage error (exit 2), not a decimal.InvalidOperation."""
    err = io.StringIO()
    data = (DATA / "q1_2017_18_budget.csv").read_bytes()
    argv = ["budget", "-", "--allowance", allowance]
    assert main(argv, stdin=io.BytesIO(data), stdout=io.StringIO(), stderr=err) == 2
    assert f"argument --allowance: {allowance!r} is not a number" in err.getvalue()
