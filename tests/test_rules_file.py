"""The rules file: load_rules builds the Python API's objects, and names every bad entry."""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import kpirag
from kpirag import BudgetRule, RiskMatrix, Scale, Scheme, Status, Step, Tolerance, Trend
from kpirag.errors import LoadError
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


LEVELS = """\
# "Red: a forecast overspend of 5% or more or £0.100m, whichever is lower" and so on.
[budget.service]
red = { percent = 5, amount = "£0.100m", edge = "inclusive" }

[budget.directorate]
red = { percent = 5, amount = "£0.250m", edge = "inclusive" }

[budget.total]
red = { percent = 0.5, amount = "£1.000m", edge = "inclusive" }

[risks.matrix]
name = "Council 3x3"
likelihood = ["Unlikely", "Possible", "Likely"]
impact = [{ label = "Minor", value = 1 }, { label = "Major", value = 3 }]
bands = [
  { low = 1, high = 2, status = "Green" },
  { low = 3, high = 4, status = "Amber" },
  { low = 6, high = 9, status = "Red" },
]
""".encode()


def test_budget_levels_and_matrices_build_the_python_objects() -> None:
    """[budget.LEVEL] and [risks.matrix] give what BudgetRules and RiskMatrix.from_dict give."""
    rules = _load(LEVELS)
    red = {"percent": "5", "edge": "inclusive"}
    assert rules.budget == kpirag.BudgetRules.from_dict(
        {
            "service": {"red": {**red, "amount": "£0.100m"}},
            "directorate": {"red": {**red, "amount": "£0.250m"}},
            "total": {"red": {"percent": "0.5", "amount": "£1.000m", "edge": "inclusive"}},
        }
    )
    assert rules.budget is not None
    assert rules.budget.for_level("total").red.limit(10**6) == 1000
    assert rules.budget_rule == rules.budget.service
    assert rules.risk_matrix == RiskMatrix.from_dict(
        {
            "name": "Council 3x3",
            "likelihood": ["Unlikely", "Possible", "Likely"],
            "impact": [{"label": "Minor", "value": 1}, {"label": "Major", "value": 3}],
            "bands": [
                {"low": 1, "high": 2, "status": "Green"},
                {"low": 3, "high": 4, "status": "Amber"},
                {"low": 6, "high": 9, "status": "Red"},
            ],
        }
    )


def test_one_budget_rule_as_tables_serves_every_level() -> None:
    """[budget] with red and amber tables is one rule for every level, as BudgetRules reads it."""
    text = b'[budget]\nunit = "\xc2\xa3\'000"\nred = { percent = 5 }\namber = { amount = 10 }\n'
    rules = _load(text)
    assert rules.budget == kpirag.BudgetRules(
        BudgetRule(kpirag.Threshold(amount=10), kpirag.Threshold(percent=5), unit="£'000")
    )


def test_budget_levels_and_matrices_in_words() -> None:
    """rules check says each level's rule and the matrix in words, edges included."""
    words = _load(LEVELS).describe().splitlines()
    assert words[1] == (
        "Risks: the Council 3x3 matrix (likelihood Unlikely 1, Possible 2, Likely 3; impact "
        "Minor 1, Major 3; score likelihood x impact: Green 1-2, Amber 3-4, Red 6-9)."
    )
    assert words[2:] == [
        (
            "Budget service lines: Red when an adverse variance reaches 5% of the budget or 100 in "
            "the table's unit, whichever is lower (the limit itself is Red); Amber for any adverse "
            "variance below the Red line; Green on budget or for a favourable variance."
        ),
        (
            "Budget directorates (group totals): Red when an adverse variance reaches 5% of the "
            "budget or 250 in the table's unit, whichever is lower (the limit itself is Red); Amber "
            "for any adverse variance below the Red line; Green on budget or for a favourable "
            "variance."
        ),
        (
            "Budget grand total: Red when an adverse variance reaches 0.5% of the budget or 1,000 "
            "in the table's unit, whichever is lower (the limit itself is Red); Amber for any "
            "adverse variance below the Red line; Green on budget or for a favourable variance."
        ),
    ]
    assert "Budget directorates (group totals): as the level below." in (
        _load(b"[budget.service]\nred = { percent = 5 }\n[budget.total]\nred = { percent = 1 }\n")
        .describe()
        .splitlines()
    )


def test_a_preset_budget_rule_in_words_says_which_side_each_edge_is_on() -> None:
    """The preset form's words say the Amber edge is Amber and the Red edge still Amber."""
    words = _load(b'[budget]\nrule = "percentage"\namber = 2\nred = 5\n').describe()
    assert words.splitlines()[1] == (
        "Budget lines and totals: Red when an adverse variance is over 5% of the budget (the "
        "limit itself is Amber); Amber when an adverse variance reaches 2% of the budget (the "
        "limit itself is Amber), short of Red; Green below that; Green on budget or for a "
        "favourable variance."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"[budget.service]\nred = { percent = -5 }\n", "rules.toml:2: budget.service.red.percent (-5): expected zero or more"),
        (b'[budget.service]\nred = { percent = 5, edge = "up" }\n', "rules.toml:2: budget.service.red.edge ('up')"),
        (b"[budget.service]\nred = { percent = 5 }\nbogus = 1\n", "rules.toml:3: budget.service.bogus (1): unknown key"),
        (b"[budget.total]\nred = { percent = 5 }\n", "rules.toml:1: budget.service: a rule for service lines is needed"),
        (b"[budget.directorate]\namber = { percent = 1 }\n", "rules.toml:1: budget.directorate.red: a rule needs a red threshold"),
        (b'[budget.total]\nred = { amount = "\xc2\xa30.1m" }\nunit = "$"\n', "budget.total.red.amount"),
        (b'[budget]\nrule = "percentage"\namber = 2\nred = 5\n[budget.total]\nred = { percent = 1 }\n', "rules.toml:2: budget.rule: give one rule or one per level (total), not both"),
        (b'[budget]\nrule = "percentage"\namber = 2\nred = 5\nunit = "x"\n', "rules.toml:5: budget.unit: a preset rule's amounts are in the table's unit"),
        (b"[risks.matrix]\nlikelihood = []\n", "rules.toml:2: risks.matrix.likelihood: expected a list of levels"),
        (b'[risks.matrix]\nlikelihood = ["A", "B"]\nimpact = ["X", "Y"]\nbands = [{ low = 1, high = 4, status = "Purple" }]\n', "rules.toml:4: risks.matrix.bands[0].status ('Purple')"),
    ],
)  # fmt: skip
def test_every_bad_budget_or_matrix_entry_is_named_with_its_line(
    text: bytes, expected: str
) -> None:
    """A bad per-level budget rule or custom matrix entry comes back with its key path and line."""
    problems = _problems(text)
    assert any(expected in problem for problem in problems), problems


def test_a_matrix_may_rate_on_a_scale_of_the_file() -> None:
    """[risks.matrix] bands may use the labels of a scale the file declares."""
    text = (
        b'[scales.mine]\nlevels = ["Low", "Medium", "High"]\n'
        b'[risks.matrix]\nscale = "mine"\nlikelihood = ["A", "B"]\nimpact = ["X", "Y"]\n'
        b'bands = [{ low = 1, high = 2, status = "Low" }, { low = 4, high = 4, status = "High" }]\n'
    )
    matrix = _load(text).risk_matrix
    assert matrix is not None
    assert matrix.rating(4).label == "High"


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ('a = 1\n[b]\nc = "x"\n', ("b", "c"), 3),
        ("[[t]]\nx = 1\n[[t]]\nx = 2\n", ("t", 1, "x"), 4),
        ('k = [\n  1,\n  { y = "]" },\n]\n', ("k", 1, "y"), 3),
        ('[s."a.b"]\n"q r" = """\nx\n"""\nz = 1\n', ("s", "a.b", "z"), 5),
        ("x.y.z = 1 # c\n", ("x", "y", "z", "deeper"), 1),
        ('a = """x""""\nb = 2\n', ("b",), 2),  # a quote before the closing three
        ('[c]\nd = """\ny"""""\ne = 1\n', ("c", "e"), 4),  # two quotes before them
    ],
)  # fmt: skip
def test_lines_of_keys(text: str, path: tuple[str | int, ...], line: int) -> None:
    """The line of a key path is found by scanning the text (the nearest ancestor's if deeper)."""
    assert TomlLines(text).line(path) == line


@pytest.mark.parametrize("name", ["council_rules.toml", "statutory_rules.toml"])
def test_the_example_rules_load(name: str) -> None:
    """The shipped example rules files are valid."""
    assert load_rules(EXAMPLES / name).describe().startswith("Rules from")


@pytest.mark.parametrize(
    ("load", "text"),
    [
        (kpirag.load_rules, '[kpis]\nscheme = "\ud800"\n'),  # a lone surrogate
        (kpirag.load_rules, '[kpis]\nscheme = "caf\udce9"\n'),  # cp1252 read as surrogateescape
        (
            lambda s: kpirag.load_kpis(s, fmt="json"),
            '{"kpis": [{"id": "1", "title": "a\ud800", "target": ">=5", "value": "6"}]}',
        ),
        (
            lambda s: kpirag.load_kpis(s, fmt="toml"),
            '[[kpis]]\nid = "1"\ntitle = "a\udce9"\ntarget = ">=5"\nvalue = "6"\n',
        ),
    ],
)
def test_defect_surrogate_in_text_stream_escapes_as_unicode_encode_error(
    load: Callable[[io.StringIO], object], text: str
) -> None:
    """A text stream holding a surrogate (stdin read with surrogateescape) is a LoadError."""
    with pytest.raises(LoadError, match="not UTF-8"):
        load(io.StringIO(text))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (b'[kpis]\nscheme = { steps = [{ within = "5%", status = "Amber" }] }\n', "Every KPI"),
        (b'[kpis.themes."Place"]\nscheme = { tolerance = "5%" }\n', "Theme 'Place'"),
        (b'[kpis.ids."1.6"]\nscheme = { tolerance = "5%" }\n', "KPI '1.6'"),
    ],
)
def test_defect_kpi_rule_with_an_inline_scheme_table_crashes_the_reader(
    text: bytes, where: str
) -> None:
    """A KPI rule whose scheme is an inline table is that scheme, named after where it applies."""
    rules = _load(text)
    rule = rules.kpi_rule("1.6", "Place")
    assert kpirag.classify(46, "<43", rule.scheme) == Status.RED  # 7% over: beyond 5%
    assert kpirag.classify(45, "<43", rule.scheme) == Status.AMBER
    assert (
        f"{where}{' (unless overridden)' if where == 'Every KPI' else ''}: Green"
        in rules.describe()
    )
    assert rule.source == {"Every KPI": "the default", "Theme 'Place'": "theme 'Place'"}.get(
        where, "KPI '1.6'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"[kpis]\nscheme = { within = 5 }\n", "rules.toml:2: kpis.scheme.within (5): unknown key"),
        (b'[kpis.themes."P"]\nscheme = { tolerance = "ten" }\n', "rules.toml:2: kpis.themes.P.scheme.tolerance ('ten')"),
        (b'[kpis.ids."1"]\nscheme = { scale = "nope", tolerance = "5%" }\n', "rules.toml:2: kpis.ids.1.scheme.scale: expected one of 'rag'"),
    ],
)  # fmt: skip
def test_a_bad_inline_scheme_table_is_a_located_problem(text: bytes, expected: str) -> None:
    """A bad inline scheme table in a KPI rule is refused at its key and line, not a crash."""
    problems = _problems(text)
    assert any(expected in problem for problem in problems), problems


def test_defect_risk_level_table_without_value_refused() -> None:
    """A matrix level given as a table without `value` is valued by its position, as a label is."""
    text = (
        b'[risks.matrix]\nlikelihood = [{ label = "Rare" }, "Likely", { label = "Certain" }]\n'
        b'impact = ["Minor", { label = "Major" }]\n'
        b'bands = [{ low = 1, high = 2, status = "Green" }, { low = 3, high = 6, status = "Red" }]\n'
    )
    matrix = _load(text).risk_matrix
    assert matrix is not None
    assert [(level.label, level.value) for level in matrix.likelihood.levels] == [
        ("Rare", 1), ("Likely", 2), ("Certain", 3)
    ]  # fmt: skip
    assert [(level.label, level.value) for level in matrix.impact.levels] == [
        ("Minor", 1), ("Major", 2)
    ]  # fmt: skip
    assert matrix.score("Certain", "Major") == 6


@pytest.mark.parametrize("key", ["rule", "amber", "red"])
def test_one_budget_rule_and_rules_per_level_are_refused_together(key: str) -> None:
    """A top-level rule, amber or red beside per-level tables is one located problem."""
    value = '"lesser_of"' if key == "rule" else "{percent = 1}"
    text = f"[budget]\n{key} = {value}\n[budget.service]\nred = {{percent = 5}}\n"
    with pytest.raises(LoadError) as caught:
        load_rules(io.BytesIO(text.encode()))
    assert str(caught.value) == (
        "1 problem found; nothing was loaded\n"
        f"<rules>:2: budget.{key}: give one rule or one per level (service), not both"
    )
