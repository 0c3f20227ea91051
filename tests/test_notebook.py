"""Notebook display: each object's HTML fragment parses, shows status labels as text, is escaped and self-contained."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import html5lib
import pytest

from kpirag import KPI, BudgetLine, BudgetTable, Framework, Observation, Status, ValueTypeError
from kpirag.kpi import Series, summarise
from kpirag.plot import register_html, series_html, spc_html
from kpirag.report import html_of, performance, series_chart
from kpirag.report._notebook import KPI_ROWS, SERIES_PERIODS
from kpirag.risk import Risk, RiskMatrix, RiskRegister
from kpirag.spc import SPCSettings, xmr

SCRIPT = "<script>alert(1)</script>"
MONTHS = [f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(20)]
VALUES = [71, 72, 70, 72, 73, 71, 72, 70, 72, 73, 71, 72, 74, 75, 74, 75, 76, 75, 76, 77]


def parse(fragment: str) -> object:
    """The fragment parsed by html5lib in strict mode (a parse error raises)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parseFragment(fragment)


def texts(fragment: str, css_class: str) -> list[str]:
    """The text of every element of ``css_class`` in the fragment."""
    tree = parse(fragment)
    return [
        "".join(element.itertext())
        for element in tree.iter()  # type: ignore[attr-defined]
        if css_class in element.attrib.get("class", "").split()
    ]


def resource_references(fragment: str) -> list[str]:
    """Every href, src and CSS url() or @import in the fragment that leaves it."""
    tree = parse(fragment)
    found = []
    for element in tree.iter():  # type: ignore[attr-defined]
        for name, value in element.attrib.items():
            key = name if isinstance(name, str) else name[1]
            if key in {"href", "src", "xlink:href", "action", "data"} and not value.startswith("#"):
                found.append(value)
            found += [u for u in re.findall(r"url\(([^)]*)\)", value) if not u.startswith("#")]
        if element.tag == "style" and element.text:
            found += re.findall(r"url\(([^)]*)\)|@import", element.text)
    found += re.findall(r"(?:src|href)\s*=\s*[\"']?https?:", fragment)
    return found


def series(title: str = "Seen within 4 hours") -> Series:
    return Series.of(KPI("ED", title, ">=76%"), zip(MONTHS, VALUES, strict=True))


def fragments(q1: ModuleType) -> dict[str, tuple[str, set[str]]]:
    """Each fragment of the Q1 data (and a series), with the status labels it must show."""
    evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    chart = series_chart(series(), target=76)
    return {
        "evaluation": (html_of(evaluation), {"Green", "Amber", "Red", "N/A"}),
        "result": (html_of(evaluation.result("1.5")), {"Red"}),
        "summary": (html_of(evaluation.summary()), {"Green", "Amber", "Red", "N/A"}),
        "series": (html_of(series()), {"Green", "Amber"}),
        "series chart": (series_html(series()), {"Green", "Amber"}),
        "register": (html_of(q1.risk_register()), {"Green", "Amber", "Red"}),
        "register chart": (register_html(q1.risk_register()), {"Green", "Amber", "Red"}),
        "budget": (html_of(q1.budget()), set()),
        "framework": (html_of(q1.framework()), set()),
        "spc table": (html_of(chart), set()),
        "spc chart": (spc_html(chart), set()),
        "performance": (html_of(performance(series())), {"Green"}),
    }


NAMES = [
    "evaluation", "result", "summary", "series", "series chart", "register", "register chart",
    "budget", "framework", "spc table", "spc chart", "performance",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_fragment_parses_shows_labels_and_fetches_nothing(q1: ModuleType, name: str) -> None:
    """Each fragment is valid HTML, its statuses are pills with their label, nothing leaves the page."""
    fragment, labels = fragments(q1)[name]
    parse(fragment)
    assert fragment.startswith("<style>\n.kpirag-nb")
    assert '<div class="kpirag-nb">' in fragment
    assert labels <= set(texts(fragment, "pill"))
    assert "<script" not in fragment
    assert resource_references(fragment) == []
    style = fragment.split("</style>")[0]
    selectors = re.findall(r"^([^{\s][^{]*)\{", style.removeprefix("<style>"), flags=re.MULTILINE)
    assert selectors
    assert all(part.strip().startswith(".kpirag-nb") for s in selectors for part in s.split(","))


@pytest.mark.parametrize(
    ("name", "svgs"),
    [("spc chart", 1), ("series chart", 1), ("register chart", 1), ("spc table", 0), ("series", 0)],
)
def test_charts_are_inline_svg(q1: ModuleType, name: str, svgs: int) -> None:
    """The plot functions draw their chart as inline SVG; html_of alone draws none."""
    fragment, _ = fragments(q1)[name]
    assert fragment.count("<svg") == svgs
    if svgs:
        assert re.search(r'<svg [^>]*role="img" aria-label="[^"]+"', fragment)
        # Inline in HTML: no namespace declarations, which only a standalone SVG file needs.
        assert "xmlns" not in fragment


def test_spc_fragment_shows_limits_icons_and_reading() -> None:
    """The SPC fragment gives the lines, both icons in words and the reading."""
    chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
    fragment = spc_html(chart)
    for text in ("1.94", "-0.72", "4.60", "Common cause", "Hit or miss target", chart.reading()):
        assert text in fragment


def test_two_drawings_never_share_an_id() -> None:
    """Ids in a drawing are prefixed by a digest of it, so two charts on one page do not clash."""
    first = spc_html(xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]))
    second = spc_html(xmr([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6]))
    ids = [set(re.findall(r' id="([^"]+)"', fragment)) for fragment in (first, second)]
    assert ids[0]
    assert ids[1]
    assert not ids[0] & ids[1]


HOSTILE: dict[str, Callable[[str], str]] = {
    "KPI title": lambda text: html_of(
        Framework([KPI("1", text, "<43")]).evaluate([Observation("1", 46)])
    ),
    "framework name": lambda text: html_of(
        Framework([KPI("1", "a", "<43")], name=text).evaluate([Observation("1", 46)])
    ),
    "result": lambda text: html_of(
        Framework([KPI("1", "a", "<43")]).evaluate([Observation("1", 46, display=text)]).results[0]
    ),
    "theme": lambda text: html_of(Framework([KPI("1", "a", "<43", theme=text)])),
    "series title": lambda text: html_of(series(text)),
    "series chart title": lambda text: series_html(series(text)),
    "risk title": lambda text: html_of(
        RiskRegister(RiskMatrix.city_of_london(), [Risk("R1", text, score=16)])
    ),
    "risk code in the heat map": lambda text: register_html(
        RiskRegister(RiskMatrix.city_of_london(), [Risk(text, "a", likelihood=1, impact=1)])
    ),
    "budget division": lambda text: html_of(BudgetTable([BudgetLine(text, 10, 12)])),
}


@pytest.mark.parametrize("field", list(HOSTILE))
def test_every_text_is_escaped(field: str) -> None:
    """Markup put into any text field shows as text, never as a tag."""
    fragment = HOSTILE[field](SCRIPT)
    parse(fragment)
    assert "<script" not in fragment
    assert "&lt;script&gt;" in fragment


def test_a_long_evaluation_is_cut_and_says_how_many_are_left() -> None:
    """Past KPI_ROWS KPIs the table stops, and a line says how many more there are."""
    assert KPI_ROWS % 5 == 0
    kpis = [KPI(str(n), f"KPI {n}", "<43", theme=f"T{n // 5}") for n in range(KPI_ROWS + 5)]
    evaluation = Framework(kpis).evaluate([Observation(kpi.id, 40) for kpi in kpis])
    fragment = html_of(evaluation)
    assert fragment.count('<th scope="row">') == KPI_ROWS
    assert "… and 5 more KPIs" in fragment
    assert "T4</th>" in fragment  # the theme of the last KPI shown
    assert "T5</th>" not in fragment  # no theme heading without any of its KPIs
    assert '<span class="pill" style="background-color:#c6efce">Green</span> 30 (100%)' in fragment


def test_a_long_series_shows_its_latest_periods() -> None:
    """A series past SERIES_PERIODS periods shows the latest and counts the earlier."""
    fragment = html_of(series())
    assert "Nov 2024" in fragment
    assert f"… and {len(MONTHS) - SERIES_PERIODS} earlier periods" in fragment
    assert fragment.count('<span class="pill"') == SERIES_PERIODS + 1  # one per period, the latest


def test_result_shows_status_value_target_and_explanation(q1: ModuleType) -> None:
    """A KPI result shows its pill, figure, target, workings and why it was overridden."""
    evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    fragment = html_of(evaluation.result("1.5"))
    assert texts(fragment, "pill") == ["Red"]
    assert "<strong>1.5</strong>" in fragment
    assert "Value <strong>69%</strong>; target <strong>&gt;=75%</strong>" in fragment
    assert evaluation.result("1.5").explanation.replace(">", "&gt;") in fragment
    assert "Reported Red, the rule gives Amber" in fragment


def test_unknown_types_are_refused() -> None:
    """html_of of anything else is our ValueTypeError, naming what it shows."""
    with pytest.raises(ValueTypeError, match="an Evaluation, KPIResult"):
        html_of(42)


def test_figure_must_be_svg_text() -> None:
    """A figure that is not text is refused."""
    with pytest.raises(ValueTypeError, match="SVG text"):
        html_of(summarise([Status.GREEN]), figure=b"<svg/>")  # type: ignore[arg-type]


def test_objects_show_themselves_in_a_notebook(q1: ModuleType) -> None:
    """Each object's ``_repr_html_`` gives the same fragment as ``html_of`` (or its chart view)."""
    from kpirag.kpi import Series  # noqa: PLC0415
    from kpirag.report import html_of  # noqa: PLC0415
    from kpirag.spc import xmr  # noqa: PLC0415

    framework = q1.framework()
    evaluation = framework.evaluate(q1.observations(), period="Q1 2017/18")
    for item in (evaluation, evaluation.results[0], evaluation.summary(), framework):
        assert item._repr_html_() == html_of(item)
    kpi = next(kpi for kpi in framework.kpis if kpi.id == "1.5")
    series = Series.of(kpi, {"Q1 2017/18": "69%", "Q2 2017/18": "71%"})
    for item in (series, xmr([1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 5, 2, 1])):
        fragment = item._repr_html_()
        assert fragment.startswith("<")
        assert "<svg" in fragment


def test_a_chart_shows_its_process_limits_to_two_places() -> None:
    """html_of an XmR chart: a table of process limits, its mean and limits to two places."""
    from kpirag.spc import xmr  # noqa: PLC0415 - beside its one use

    chart = xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 8, 6, 5, 6, 7], target=6.5)
    shown = html_of(chart)
    assert '<caption class="visually-hidden">Process limits</caption>' in shown
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", shown)
    assert headers == ["Points", "Mean", "Lower limit", "Upper limit", "Target", "15"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", shown)
    assert cells[:4] == ["6.00", "2.58", "9.42", "6.5"]


NOTEBOOK_GOLDEN = Path(__file__).resolve().parent / "golden" / "notebook_fragments.html"


def _fragment_objects(q1: ModuleType) -> dict[str, object]:
    """One object of each kind html_of shows, in the shapes that change what it shows."""
    framework = q1.framework()
    evaluation = framework.evaluate(q1.observations(), period="Q1 2017/18")
    kpi = next(kpi for kpi in framework.kpis if kpi.id == "1.5")
    series = Series.of(kpi, dict(zip(MONTHS, [f"{v}%" for v in VALUES], strict=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "evaluation": evaluation,
            "result": evaluation.results[0],
            "summary": evaluation.summary(),
            "framework": framework,
            "series": series,
            "performance": performance(series),
            "chart": xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 8, 6, 5, 6, 7], target=6.5),
            "chart, lower is better, 1,200 points": xmr(
                [5, 6] * 600, improvement="decrease", target=9
            ),
            "chart, neutral, no target": xmr([8, 4] * 5 + [5] * 7, improvement="neutral"),
            "run chart": xmr([1, 2, 3], settings=SPCSettings.mdc_2023()),
            "budget": BudgetTable([BudgetLine("People", 100, 110), BudgetLine("Place", 50, 45)]),
            "register": RiskRegister(
                RiskMatrix.city_of_london(),
                [Risk("R1", "x", likelihood="Likely", impact="Major"), Risk("R2", "y", score=4)],
            ),
        }


def test_every_fragment_is_as_reviewed(q1: ModuleType) -> None:
    """html_of each kind of object gives the reviewed fragment, whole (update deliberately)."""
    shown = "".join(
        f"<!-- {name} -->\n{html_of(item)}\n" for name, item in _fragment_objects(q1).items()
    )
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        NOTEBOOK_GOLDEN.write_text(shown, encoding="utf-8")
    assert shown == NOTEBOOK_GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("label", "facts"),
    [
        ("", "<p>Value <strong>46</strong>; target <strong>&lt;43</strong></p>"),
        (None, "<p>Value <strong>46</strong>; target <strong>&lt;43</strong></p>"),
        (
            "under 43",
            (
                "<p>Value <strong>46</strong>; target <strong>under 43</strong>; "
                "applied as <strong>&lt;43</strong></p>"
            ),
        ),
    ],
    ids=["empty label", "no label", "label"],
)
def test_a_result_shows_its_target_as_labelled_then_as_applied(
    label: str | None, facts: str
) -> None:
    """A result's facts: its target's label (the target itself when the label is empty or absent)."""
    kpi = KPI("1", "a", "<43", label=label)
    result = Framework([kpi]).evaluate([Observation("1", 46)]).results[0]
    assert facts in html_of(result).splitlines()
