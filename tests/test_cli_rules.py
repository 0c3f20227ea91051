"""``--rules FILE`` on every command, and the published reports it reproduces (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from kpirag.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
STATUTORY = (EXAMPLES / "statutory_indicators.csv", EXAMPLES / "statutory_rules.toml")
COUNCIL = (EXAMPLES / "council_kpis.csv", EXAMPLES / "council_rules.toml")


def _run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("data", "rules"), [STATUTORY, COUNCIL], ids=["statutory", "council"])
def test_the_published_statuses_come_back(data: Path, rules: Path) -> None:
    """From the published table and rule alone, audit finds no disagreement (exit 0)."""
    result = _run("audit", data, "--rules", rules, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    evaluated = json.loads(_run("evaluate", data, "--rules", rules, "--format", "json").stdout)
    published = list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))))
    assert len(evaluated) == len(published) == 10
    for record in evaluated:
        assert record["computed"] == record["recorded"], record


@pytest.mark.parametrize(
    ("data", "rules", "kpi", "flipped", "computed"),
    [
        (*STATUTORY, "SI 04", "Achieved", "Not achieved"),
        (*COUNCIL, "CP 3", "Red", "Amber"),  # beyond 10% but improved: Amber
        (*COUNCIL, "CP 10", "Red", "Amber"),  # exactly 10% below: Amber (inclusive edge)
    ],
)
def test_a_flipped_status_is_named(
    tmp_path: Path, data: Path, rules: Path, kpi: str, flipped: str, computed: str
) -> None:
    """Flip one published status: audit names that row only, and exits 1."""
    rows = list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))))
    for row in rows:
        if row["id"] == kpi:
            row["recorded"] = flipped
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = _run("audit", changed, "--rules", rules, "--format", "json")
    assert result.returncode == 1, result.stderr
    entries = json.loads(result.stdout)
    assert [(e["id"], e["recorded"], e["computed"]) for e in entries] == [(kpi, flipped, computed)]


def test_without_the_rules_the_labels_are_refused() -> None:
    """Without its rules file the statutory report's labels are not RAG: problems, exit 2."""
    code, _, err = _cli("evaluate", STATUTORY[0])
    assert code == 2
    assert "column 'recorded' ('Achieved'): Invalid status 'Achieved'" in err


def test_a_theme_and_an_id_take_their_own_rules(tmp_path: Path) -> None:
    """Overrides by theme and id apply on the fast path and the full path alike."""
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[kpis]\ntolerance = "10%"\n'
        '[kpis.themes.Pass]\nscale = "met or not"\n'
        '[kpis.ids.K3]\nscale = "on track"\ntolerance = "20%"\n',
        encoding="utf-8",
    )
    data = tmp_path / "kpis.csv"
    data.write_text(
        "id,title,target,value,recorded,theme\n"
        "K1,A,>=100,95,amber,\n"
        "K2,B,>=100,95,Not met.,pass\n"
        "K3,C,>=100,85,Monitor,pass\n",
        encoding="utf-8",
    )
    code, out, err = _cli("evaluate", data, "--rules", rules, "--format", "json")
    assert code == 0, err
    statuses = [(r["id"], r["computed"], r["recorded"]) for r in json.loads(out)]
    assert statuses == [
        ("K1", "Amber", "Amber"),
        ("K2", "Not met", "Not met"),
        ("K3", "Monitor", "Monitor"),
    ]


def test_tolerance_and_rules_together_is_a_usage_error() -> None:
    """The default rule comes from the rules file or --tolerance, not both."""
    code, _, err = _cli("evaluate", COUNCIL[0], "--rules", COUNCIL[1], "--tolerance", "5%")
    assert code == 2
    assert "leave out --tolerance" in err


def test_a_bad_rules_file_stops_the_run(tmp_path: Path) -> None:
    """A bad rules file is reported with its lines, and nothing is written."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[kpis]\nscheme = "missing"\n', encoding="utf-8")
    target = tmp_path / "out.csv"
    result = _run("evaluate", COUNCIL[0], "--rules", rules, "--output", target)
    assert result.returncode == 2
    assert f"{rules}:2: kpis.scheme ('missing'): no scheme of that name" in result.stderr
    assert not target.exists()


def test_rules_check_prints_the_rules_in_words() -> None:
    """kpirag rules check says what it understood."""
    result = _run("rules", "check", COUNCIL[1])
    assert result.returncode == 0, result.stderr
    assert (
        "Scheme 'council': Green when the target is met; Amber within 10% (10% itself is Amber) "
        "or beyond 10% if improved on the previous period; Red beyond 10% if unchanged or worse "
        "on the previous period; with no previous figure, nothing that needs a direction of "
        "travel applies." in result.stdout
    )


def test_rules_check_lists_every_problem(tmp_path: Path) -> None:
    """kpirag rules check exits 2 and lists every bad entry with its line."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[spc]\ntrend_length = 1\n[kpis]\nbogus = 2\n", encoding="utf-8")
    code, out, err = _cli("rules", "check", rules)
    assert (code, out) == (2, "")
    assert "2 problems found" in err
    assert f"{rules}:2: spc.trend_length (1)" in err
    assert f"{rules}:4: kpis.bogus (2): unknown key" in err


def test_risk_takes_the_matrix_from_the_rules(tmp_path: Path) -> None:
    """kpirag risk --rules rates on the file's matrix."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[risks]\nmatrix = "nhs"\n', encoding="utf-8")
    data = tmp_path / "risks.csv"
    data.write_text("code,title,score\nR1,Flood,15\n", encoding="utf-8")
    code, out, err = _cli("risk", data, "--rules", rules, "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["rating"] == "Extreme"
    code, _, err = _cli("risk", data, "--rules", rules, "--matrix", "city")
    assert code == 2
    assert "leave out --matrix" in err


def test_budget_applies_the_rules_budget_rule(tmp_path: Path) -> None:
    """kpirag budget --rules gives each line and total its status."""
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[budget]\nrule = "lesser_of"\namber = [2, 50]\nred = [5, 100]\n', encoding="utf-8"
    )
    code, out, err = _cli(
        "budget", EXAMPLES / "q1_2017_18_budget.csv", "--rules", rules, "--format", "json"
    )
    assert code == 0, err
    records = json.loads(out)
    assert all(record["status"] in {"Green", "Amber", "Red"} for record in records)
    code, out, err = _cli("budget", EXAMPLES / "q1_2017_18_budget.csv", "--rules", rules)
    assert code == 0, err
    assert "Budget status" in out


def test_spc_takes_its_settings_from_the_rules(tmp_path: Path) -> None:
    """kpirag spc --rules uses the file's [spc] settings (and refuses --preset as well)."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[spc]\npreset = "mdc-2023"\nminimum_points = 100\n', encoding="utf-8")
    example = EXAMPLES / "spc_example.csv"
    code, _, err = _cli("spc", example, "--rules", rules)
    assert code == 0
    assert "run chart" in err.casefold()
    code, _, err = _cli("spc", example, "--rules", rules, "--preset", "nhsr")
    assert code == 2
    assert "the rules file gives the SPC settings" in err
