"""Each value of a rules file, replaced by junk, is read or refused as reviewed.

Every ``key = value`` line of the rules files below (one with every family,
and the examples) gets each junk value in turn, and the outcome of
``load_rules`` is compared with ``tests/golden/bad_rules_values.txt``: every
problem with its line and key path for a refused file, or the rules in words
(``Rules.describe()``) where they changed. Rewrite the golden file
deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kpirag.errors import LoadError
from kpirag.io import load_rules

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "golden" / "bad_rules_values.txt"
JUNK = ('""', '"x"', "-1", "0", "2.5", "true", "[]", '["x"]', "{}", "{ x = 1 }")

EVERY_FAMILY = """\
[scales.council]
levels = ["On track", { label = "Monitor", colour = "#ffeb9c", aliases = ["watch"] }, "Off track"]

[scales.blue]
preset = "rag_with_blue_exceeding"

[schemes.council]
scale = "rag"
met = "Green"
steps = [{ within = "10%", status = "Amber", edge = "inclusive", trend = "improved" }]
beyond = "Red"
beyond_by_trend = { improved = "Amber" }
when_no_previous = "unchanged"

[schemes.strict]
steps = [{ within = "5%", status = "Amber", edge = "exclusive" }]

[schemes.ontrack]
scale = "council"
tolerance = "5%"

[kpis]
scheme = "council"
better = "higher"
fraction = true

[kpis.ids."1.5"]
scheme = "strict"

[kpis.themes."2 Potential"]
scheme = { scale = "blue", tolerance = "5pt" }

[kpis.themes."3 Independence"]
scale = "achieved"

[risks.matrix]
name = "Council 3x3"
likelihood = ["Unlikely", { label = "Possible", value = 2 }, "Likely"]
impact = [{ label = "Minor" }, { label = "Major", value = 3 }]
bands = [
  { low = 1, high = 2, status = "Green" },
  { low = 3, high = 4, status = "Amber" },
  { low = 6, high = 9, status = "Red" },
]

[budget]
rule = "lesser_of"
amber = [2, 50]
red = [5, 100]
flag_underspends = true

[spc]
preset = "mdc-2023"
trend_length = 6
limit_factor = 2.66
rules = ["outside_limits", "shift"]
"""

FILES = {
    "every family": EVERY_FAMILY,
    **{
        name: (DATA / name).read_text(encoding="utf-8")
        for name in ("council_rules.toml", "statutory_rules.toml", "budget_hierarchy_rules.toml")
    },
}
VALUE = re.compile(r"^(?P<key>[\w\"\. -]+?)\s*=\s*(?P<value>.+?)\s*(?:#.*)?$")


def _outcome(text: str) -> list[str]:
    try:
        rules = load_rules(io.BytesIO(text.encode()), name="rules.toml")
    except LoadError as exc:
        return [f"  {problem}" for problem in exc.problems]
    return [f"  | {line}" for line in rules.describe().splitlines()]


def _outcomes(name: str) -> list[str]:
    lines = FILES[name].splitlines()
    before = _outcome(FILES[name])
    assert not before[0].startswith("  rules.toml"), before
    found = []
    for number, line in enumerate(lines):
        match = VALUE.match(line)
        if match is None:
            continue
        for junk in JUNK:
            spoiled = [*lines[:number], f"{match['key']} = {junk}", *lines[number + 1 :]]
            after = _outcome("\n".join(spoiled) + "\n")
            found.append(f"line {number + 1} {match['key']} = {junk}")
            found += [line for line in after if line not in before]
    return found


@pytest.fixture(scope="module")
def golden(golden_blocks: Callable[..., dict[str, list[str]]]) -> dict[str, list[str]]:
    """The reviewed outcomes, per file (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    return golden_blocks(GOLDEN, _outcomes, FILES)


@pytest.mark.parametrize("name", list(FILES))
def test_each_spoiled_value_is_read_or_refused_as_reviewed(
    name: str, golden: dict[str, list[str]]
) -> None:
    """Junk for each value gives the reviewed outcome: located problems, or the changed rules."""
    assert _outcomes(name) == golden[name]
