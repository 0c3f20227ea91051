"""Shared fixtures: the Q1 2017/18 example module, reviewed golden files of blocks, junk calls."""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kpirag.errors import KpiragError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def q1() -> ModuleType:
    """The Q1 2017/18 report example (framework, observations, main)."""
    return load_example("q1_2017_18")


GoldenBlocks = Callable[[Path, Callable[[str], list[str]], Iterable[str]], dict[str, list[str]]]
"""``golden_blocks(path, outcomes, names)``: the reviewed blocks of a golden file, by name."""


def _golden_blocks(
    path: Path, outcomes: Callable[[str], list[str]], names: Iterable[str]
) -> dict[str, list[str]]:
    """The ``## name`` blocks of ``path``, rewritten first from ``outcomes`` when asked.

    With ``KPIRAG_UPDATE_GOLDEN=1`` the file is written again, one block per
    name holding ``outcomes(name)``; review the diff before committing it.
    """
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        text = "".join(
            f"## {name}\n" + "".join(f"{line}\n" for line in outcomes(name)) for name in names
        )
        path.write_text(text, encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            blocks[line[3:]] = []
        else:
            blocks[next(reversed(blocks))].append(line)
    return blocks


@pytest.fixture(scope="session")
def golden_blocks() -> GoldenBlocks:
    """Read (or, with ``KPIRAG_UPDATE_GOLDEN=1``, first rewrite) a golden file of named blocks."""
    return _golden_blocks


Valid = Callable[[], tuple[list[Any], dict[str, Any]]]
"""A factory of valid positional and keyword arguments for one call."""


def _call(
    function: Callable[..., object],
    args: list[Any],
    kwargs: dict[str, Any],
    fields: tuple[str, ...],
    *,
    result: bool,
) -> str:
    """One call's outcome in a line: ``ok``, the kpirag error's data and message, or an escape."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # warnings are pinned elsewhere; errors here
            returned = function(*args, **kwargs)
    except KpiragError as exc:
        data = ", ".join(f"{name}={getattr(exc, name, None)!r}" for name in fields)
        message = str(exc).replace("\n", " | ")
        return f"{type(exc).__name__}({data}): {message}"
    except Exception as exc:  # noqa: BLE001 - recorded: the fuzz tests say it must not happen
        return f"escaped {type(exc).__name__}"
    return f"ok {returned!r}"[:300] if result else "ok"


def _junk_outcomes(
    name: str,
    function: Callable[..., object],
    valid: Valid,
    junk: Iterable[object],
    *,
    fields: tuple[str, ...] = ("field", "value", "expected"),
    result: bool = False,
    after: Callable[[], object] = lambda: None,
) -> list[str]:
    """The valid call's outcome, then one line per argument in turn replaced by each junk value."""
    args, kwargs = valid()
    lines = [f"{name}: {_call(function, args, kwargs, fields, result=result)}"]
    after()
    places: list[int | str] = [*range(len(args)), *kwargs]
    for place in places:
        for item in junk:
            args, kwargs = valid()
            if isinstance(place, int):
                args[place] = item
                said = f"[{place}]"
            else:
                kwargs[place] = item
                said = place
            outcome = _call(function, args, kwargs, fields, result=result)
            lines.append(f"  {said} := {item!r}: {outcome}")
            after()
    return lines


JunkOutcomes = Callable[..., list[str]]
"""``junk_outcomes(name, function, valid, junk, *, fields, result, after)``: one line per call."""


@pytest.fixture(scope="session")
def junk_outcomes() -> JunkOutcomes:
    """Call a function validly, then with each argument in turn replaced by each junk value."""
    return _junk_outcomes
