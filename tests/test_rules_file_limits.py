"""Rules files that would cost minutes or a traceback are refused, located (issue 21, item 3)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kpirag import load_rules
from kpirag.cli import main
from kpirag.errors import LoadError
from kpirag.io import MAX_RULES_BYTES, MAX_RULES_DEPTH, MAX_RULES_ITEMS

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"


def _refused_by_both_doors(tmp_path: Path, text: str, message: str) -> None:
    """``load_rules`` raises a LoadError matching ``message``; ``kpirag rules check`` exits 2."""
    with pytest.raises(LoadError, match=message):
        load_rules(io.BytesIO(text.encode()), name="rules.toml")
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    for args in (
        ["rules", "check", path],
        ["risk", EXAMPLES / "q1_2017_18_risks.csv", "--rules", path],
    ):
        out, err = io.StringIO(), io.StringIO()
        code = main([str(arg) for arg in args], stdout=out, stderr=err)
        assert (code, out.getvalue()) == (2, ""), err.getvalue()
        assert re.search(message, err.getvalue()), err.getvalue()


def _matrix(levels: int) -> str:
    """A risk matrix of ``levels`` likelihoods and impacts, its bands covering every score."""
    names = ", ".join(f'"L{n}"' for n in range(1, levels + 1))
    return (
        "[risks.matrix]\n"
        'name = "big"\n'
        f"likelihood = [{names}]\n"
        f"impact = [{names}]\n"
        f'bands = [{{ low = 1, high = {levels * levels}, status = "Green" }}]\n'
    )


def _steps(count: int) -> str:
    """A scheme of ``count`` steps, the default for every KPI."""
    steps = ", ".join(f'{{ within = "{n}%", status = "Amber" }}' for n in range(1, count + 1))
    return f'[schemes.many]\nsteps = [{steps}]\n\n[kpis]\nscheme = "many"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = " + "[" * 100_000 + "]" * 100_000, r"rules\.toml:1: nested more than 20 deep"),
        (
            "x = " + "{a = " * 50_000 + "1" + "}" * 50_000,
            r"rules\.toml:1: nested more than 20 deep",
        ),
        ("\n[" + ".".join(["a"] * 100_000) + "]\n", r"rules\.toml:2: nested more than 20 deep"),
        (
            "[" + ".".join(["a"] * 15) + "]\nb = " + "[" * 10 + "]" * 10,
            r"rules\.toml:2: a\.a\.a.*\.b\[0\]\[0\].*: nested more than 20 deep",
        ),
    ],
    ids=["arrays", "inline-tables", "dotted-header", "header-and-arrays"],
)
def test_defect_rules_file_deep_nesting_recursion_error(
    tmp_path: Path, text: str, message: str
) -> None:
    """Nesting past MAX_RULES_DEPTH is refused with its line, not a RecursionError."""
    assert MAX_RULES_DEPTH == 20
    _refused_by_both_doors(tmp_path, text, message + r".*kpirag\.io\.MAX_RULES_DEPTH")


@pytest.mark.parametrize("digits", [1_002, 5_000, 100_000])
def test_defect_rules_file_huge_integer_value_error(tmp_path: Path, digits: int) -> None:
    """An integer too long for Python's int() is refused with its line, not a ValueError."""
    text = "[spc]\npreset = 'nhsr'\ntrend_length = " + "1" * digits + "\n"
    _refused_by_both_doors(tmp_path, text, rf"rules\.toml:3: a number of {digits:,} digits")


def test_defect_rules_file_huge_risk_matrix_slow(tmp_path: Path) -> None:
    """A 1000x1000 risk matrix (30 KB) is refused at its line, naming MAX_RULES_ITEMS."""
    text = _matrix(1000)
    assert len(text) < 30_000
    message = r"rules\.toml:3: risks\.matrix\.likelihood: 1,000 entries, more than 100"
    _refused_by_both_doors(tmp_path, text, message + r" \(kpirag\.io\.MAX_RULES_ITEMS\)")


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (MAX_RULES_ITEMS + 1, r"rules\.toml:2: schemes\.many\.steps: 101 entries, more than 100"),
        (1_000_000, r"rules\.toml: the file is [\d,]+ bytes, more than 1,000,000"),
    ],
)
def test_defect_rules_file_million_scheme_steps_slow(
    tmp_path: Path, count: int, message: str
) -> None:
    """A scheme past MAX_RULES_ITEMS steps, or a file past MAX_RULES_BYTES, is refused."""
    assert MAX_RULES_BYTES == 1_000_000
    _refused_by_both_doors(tmp_path, _steps(count), message)


def test_rules_at_the_limits_load() -> None:
    """A file exactly at the depth and array limits loads."""
    nested = "x = " + "[" * (MAX_RULES_DEPTH - 1) + "1" + "]" * (MAX_RULES_DEPTH - 1)
    with pytest.raises(LoadError, match=r"rules\.toml:1: x: unknown"):
        load_rules(io.BytesIO(nested.encode()), name="rules.toml")
    rules = load_rules(io.BytesIO(_matrix(10).encode()), name="rules.toml")
    assert rules.risk_matrix is not None
    rules = load_rules(io.BytesIO(_steps(MAX_RULES_ITEMS).encode()), name="rules.toml")
    assert len(rules.kpi_rule("1", "Theme").scheme.steps) == MAX_RULES_ITEMS


@pytest.mark.parametrize(
    "text",
    ['x = "' + '\\"' * 300_000, "x = '''" + "\\'''" * 200_000, 'x = """' + '\\"""' * 200_000],
    ids=["basic", "literal-multi-line", "basic-multi-line"],
)
def test_unterminated_strings_are_scanned_once(text: str) -> None:
    """A megabyte of unterminated strings is refused as malformed in linear time, not quadratic."""
    with pytest.raises(LoadError, match=r"rules\.toml: malformed TOML"):
        load_rules(io.BytesIO(text.encode()), name="rules.toml")
