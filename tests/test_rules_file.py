"""The rules file: load_rules builds the Python API's objects, and names every bad entry."""

from __future__ import annotations

import io
import pickle
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import kpirag
from kpirag import BudgetRule, RiskMatrix, Scale, Scheme, Status, Step, Tolerance, Trend
from kpirag.errors import LoadError
from kpirag.io import _rules
from kpirag.io._rules import Rules, load_rules
from kpirag.io._toml_lines import TomlLines
from kpirag.spc import SPCSettings

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"

FULL = b"""\
# every family
[scales.council]
levels = ["On track", { label = "Monitor", colour = "#ffeb9c", aliases = ["watch"] }, "Off track"]

[scales.blue]
preset = "rag_with_blue_exceeding"   # Blue means exceeding target in this report

[schemes.council]
scale = "rag"
steps = [{ within = "10%", status = "Amber" }]
beyond_by_trend = { improved = "Amber" }

[schemes.strict]
scale = "rag"
steps = [{ within = "5%", status = "Amber", edge = "exclusive" }]

[schemes.ontrack]
scale = "council"
tolerance = "5%"

[kpis]
scheme = "council"

[kpis.ids."1.5"]
scheme = "strict"

[kpis.themes."2 Potential"]
scheme = "ontrack"

[kpis.themes."3 Independence"]
scale = "achieved"

[risks]
matrix = "nhs"

[budget]
rule = "lesser_of"
amber = [2, 50]
red = [5, 100]
flag_underspends = true

[spc]
preset = "mdc-2023"
trend_length = 6
limit_factor = 2.66
"""


def _load(text: bytes) -> Rules:
    return load_rules(io.BytesIO(text), name="rules.toml")


def _problems(text: bytes) -> list[str]:
    with pytest.raises(LoadError) as caught:
        _load(text)
    return [str(problem) for problem in caught.value.problems]


def test_every_family_builds_the_python_objects() -> None:
    """Each section gives the object the Python API builds for the same rule."""
    rules = _load(FULL)
    council = Scheme(
        Status.GREEN,
        [Step(Tolerance.relative(10), Status.AMBER)],
        Status.RED,
        beyond_by_trend={Trend.IMPROVED: Status.AMBER},
    )
    strict = Scheme(
        Status.GREEN,
        [Step(Tolerance.relative(5), Status.AMBER, edge_side="exclusive")],
        Status.RED,
    )
    scales = dict(rules.scales)
    assert scales["blue"] is Scale.rag_with_blue_exceeding()
    on_track, monitor, off_track = scales["council"].levels
    assert scales["council"].parse("Watch.") == monitor
    assert rules.kpi_rule("9.9", "").scheme == council
    assert rules.kpi_rule("1.5", "2 Potential").scheme == strict
    assert rules.kpi_rule("2.1", "2  potential").scheme == Scheme(
        on_track, [Step(Tolerance.relative(5), monitor)], off_track
    )
    assert rules.kpi_rule("3.1", "3 Independence").scheme == Scheme.pass_fail(Scale.achieved())
    assert rules.kpi_rule("3.1", "3 Independence").scale is Scale.achieved()
    assert rules.risk_matrix == RiskMatrix.nhs_5x5()
    assert rules.budget_rule == BudgetRule.lesser_of(
        amber=(2, 50), red=(5, 100), flag_underspends=True
    )
    expected = attrs.evolve(SPCSettings.mdc_2023(), trend_length=6, limit_factor=Fraction("2.66"))
    assert rules.spc == expected


def test_rules_are_frozen_values() -> None:
    """Rules are hashable, picklable and equal when read twice."""
    first, second = _load(FULL), _load(FULL)
    assert first == second
    assert hash(first) == hash(second)
    assert pickle.loads(pickle.dumps(first)) == first


def test_load_rules_is_exported() -> None:
    """load_rules and Rules are public at the top level and in kpirag.io."""
    assert kpirag.load_rules is load_rules
    assert kpirag.Rules is Rules
    assert kpirag.io.load_rules is load_rules


def test_the_rules_in_words() -> None:
    """describe says each rule in words, the council scheme as the report words it."""
    words = _load(FULL).describe()
    assert (
        "Scheme 'council': Green when the target is met; Amber within 10% (10% itself is Amber) "
        "or beyond 10% if improved on the previous period; Red beyond 10% if unchanged or worse "
        "on the previous period" in words
    )
    assert "exactly 5% is beyond this step" in words
    assert "Theme '3 Independence': Achieved when the target is met; Not achieved when" in words
    assert "Risks: the NHS 5x5 matrix" in words
    assert "5% of the budget or 100 in the table's unit, whichever is lower" in words
    assert "SPC: preset mdc-2023 with trend_length 6." in words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'[kpis]\nscheme = "nope"\n', "rules.toml:2: kpis.scheme ('nope'): no scheme of that name"),
        (b"[kpis]\nbogus = 1\n", "rules.toml:2: kpis.bogus (1): unknown key"),
        (b'[schemes.a]\nsteps = [\n  { within = "10%", status = "Amber" },\n  { within = "ten", status = "Amber" },\n]\n', "rules.toml:4: schemes.a.steps[1].within ('ten')"),
        (b'[schemes.a]\nsteps = [{ within = "10%", status = "Purple" }]\n', "rules.toml:2: schemes.a.steps[0].status ('Purple')"),
        (b'[schemes.a]\nsteps = [{ within = "10%", status = "Amber", edge = "sideways" }]\n', "schemes.a.steps[0].edge ('sideways'): expected 'inclusive' or 'exclusive'"),
        (b'[scales.a]\nlevels = ["Good", { label = "Bad", colour = 3 }]\n', "rules.toml:2: scales.a.levels[1].colour (3): expected text"),
        (b'[kpis.ids."NI 1"]\nscale = "achieved"\ntolerance = "5%"\n', 'rules.toml:3: kpis.ids."NI 1".tolerance (\'5%\'): the Achieved scale has no middle level'),
        (b'[kpis]\nscheme = "a"\nscale = "rag"\n[schemes.a]\ntolerance = "5%"\n', "rules.toml:3: kpis.scale: give a scheme, or a scale and a tolerance, not both"),
        (b'[risks]\nmatrix = "huge"\n', "rules.toml:2: risks.matrix ('huge'): expected a preset (city, nhs) or a table"),
        (b'[budget]\nrule = "lesser_of"\namber = 2\nred = [5, 100]\n', "rules.toml:3: budget.amber (2): expected a [percent, amount] pair"),
        (b'[budget]\nrule = "percentage"\namber = 2\nred = -5\n', "rules.toml:4: budget.red (-5): expected zero or more"),
        (b"[budget]\namber = 2\n", "budget.rule: give the rule: percentage, absolute, lesser_of"),
        (b"[spc]\ntrend_length = 1\n", "rules.toml:2: spc.trend_length (1): expected a whole number of at least 3"),
        (b'[spc]\npreset = "spss"\n', "rules.toml:2: spc.preset ('spss')"),
        (b"[nonsense]\n", "rules.toml:1: nonsense: unknown key"),
        (b"[kpis\n", "rules.toml: malformed TOML"),
        (b"\xff\xfe", "rules.toml: not UTF-8 text"),
    ],
)  # fmt: skip
def test_every_bad_entry_is_named_with_its_line(text: bytes, expected: str) -> None:
    """A bad entry is reported with its key path and its line."""
    problems = _problems(text)
    assert any(expected in problem for problem in problems), problems


def test_all_problems_at_once() -> None:
    """Every bad entry is reported, not just the first: all or nothing."""
    text = b'[kpis]\nscheme = "nope"\n[spc]\ntrend_length = 1\nshift_length = 0\n'
    assert [p.split(":")[1] for p in _problems(text)] == ["2", "4", "5"]


def test_the_seam_for_other_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Custom matrices and budget levels go to the constructor in SECTION_BUILDERS."""
    text = b'[risks.matrix]\nname = "mine"\n[budget.levels.service]\nred = [5, 0.1]\n'
    monkeypatch.setitem(_rules.SECTION_BUILDERS, "risks.matrix", None)
    monkeypatch.setitem(_rules.SECTION_BUILDERS, "budget.levels", None)
    problems = _problems(text)
    assert "rules.toml:1: risks.matrix: custom risk matrices are not supported" in problems[0]
    assert "rules.toml:3: budget.levels.service: per-level budget rules" in problems[1]
    seen: list[tuple[object, object]] = []

    def build(data: object, *, path: object) -> str:
        seen.append((data, path))
        return "built"

    monkeypatch.setitem(_rules.SECTION_BUILDERS, "risks.matrix", build)
    monkeypatch.setitem(_rules.SECTION_BUILDERS, "budget.levels", build)
    rules = _load(text)
    assert rules.budget_levels == (("service", "built"),)
    assert str(rules.risk_matrix) == "built"
    assert seen[0] == ({"name": "mine"}, ("risks", "matrix"))


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ('a = 1\n[b]\nc = "x"\n', ("b", "c"), 3),
        ("[[t]]\nx = 1\n[[t]]\nx = 2\n", ("t", 1, "x"), 4),
        ('k = [\n  1,\n  { y = "]" },\n]\n', ("k", 1, "y"), 3),
        ('[s."a.b"]\n"q r" = """\nx\n"""\nz = 1\n', ("s", "a.b", "z"), 5),
        ("x.y.z = 1 # c\n", ("x", "y", "z", "deeper"), 1),
    ],
)  # fmt: skip
def test_lines_of_keys(text: str, path: tuple[str | int, ...], line: int) -> None:
    """The line of a key path is found by scanning the text (the nearest ancestor's if deeper)."""
    assert TomlLines(text).line(path) == line


@pytest.mark.parametrize("name", ["council_rules.toml", "statutory_rules.toml"])
def test_the_example_rules_load(name: str) -> None:
    """The shipped example rules files are valid."""
    assert load_rules(EXAMPLES / name).describe().startswith("Rules from")
