"""The City of London DCCS business plan update, Quarter 1 2017/18, rebuilt from raw figures.

The framework, the quarter's figures and the published statuses are data;
everything else is computed with kpirag's public API. Run it with
``python examples/q1_2017_18.py``; ``--format html --output q1.html`` writes the
report as one HTML document to open, print or send, with the status summary,
risk matrix and budget variance charts when matplotlib is installed
(``pip install 'kpirag[plot]'``).

Figures are from the committee paper of 8 September 2017; commentary is
summarised in our own words.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from kpirag import (
    KPI,
    Bands,
    BudgetLine,
    BudgetTable,
    Cell,
    Chart,
    Cohort,
    Distribution,
    Figure,
    Format,
    Framework,
    Frequency,
    NotRated,
    Observation,
    Part,
    Profile,
    QuarterlyReport,
    Report,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskState,
    Rollup,
    Scheme,
    Status,
    Table,
    Target,
    Unit,
    parse_period,
    quarterly_report,
)

PERIOD = parse_period("Q1 2017/18")
UNLISTED = 19
"""PIs in the plan with no Q1 row: 'these will be reported in subsequent quarters'."""

SAFE = "1 Safe"
POTENTIAL = "2 Potential"
INDEPENDENCE = "3 Independence, Involvement and Choice"
HEALTH = "4 Health and Wellbeing"
COMMUNITY = "5 Community"

DURATIONS = Bands.durations()
NONE_OVER_TWO_YEARS = Target.parse("0%", better="lower")


def framework() -> Framework:
    """The KPIs reported in Q1, with their targets as data."""
    pct = Target.parse
    return Framework(
        [
            KPI(
                "1.1",
                "Reduced duration of Children in Need (CIN) and Child Protection Plans (CPP)",
                theme=SAFE,
                unit=Unit.PERCENT,
                parts=[
                    Part("CIN", NONE_OVER_TWO_YEARS, label="0% in 2 years +"),
                    Part("CPP", NONE_OVER_TWO_YEARS, label="0% in 2 years +"),
                ],
                rollup=Rollup.worst(),
            ),
            KPI(
                "1.2",
                "Adults referred for safeguarding whose expressed outcomes were asked and were "
                "fully or partly met",
                theme=SAFE,
                unit=Unit.PERCENT,
                parts=[
                    Part("Asked about outcomes", pct("100%")),
                    Part("Expressed outcomes met", pct("100%")),
                ],
                rollup=Rollup.worst(),
                label="100%",
            ),
            KPI("1.4", "Children and young people missing from education", "<10", theme=SAFE),
            KPI("1.5", "New rough sleepers who sleep out just once", "75%", theme=SAFE),
            KPI("1.6", "People deemed to be living on the streets", "<43", theme=SAFE),
            KPI(
                "1.8", "Average SAP rating of our housing stock", "69", theme=SAFE, unit=Unit.SCORE
            ),
            KPI("2.1", "Housing stock meeting the decent homes standard", "100%", theme=POTENTIAL),
            KPI(
                "2.6",
                "SEND dashboard indicators",
                theme=POTENTIAL,
                frequency=Frequency.ANNUAL,
                label="Annual",
            ),
            KPI(
                "2.8",
                "City families taking up the two-year-old free early learning offer",
                theme=POTENTIAL,
                unit=Unit.PERCENT,
                parts=[
                    Part("All eligible", pct("72%")),
                    Part("Excluding migrations", pct("72%")),
                ],
                rollup=Rollup.primary("Excluding migrations"),
                label="72%",
            ),
            KPI(
                "2.9",
                "Enrolments in adult skills (accredited and non-accredited)",
                "2,000",
                theme=POTENTIAL,
                profile=Profile.linear(4),
                cumulative=False,
                label="2,000",
            ),
            KPI(
                "3.2",
                "People using social care who receive self-directed support",
                "100%",
                theme=INDEPENDENCE,
            ),
            KPI(
                "3.3",
                "Delayed transfers of care attributed to social care per 100,000 population",
                Target.parse("0", better="lower"),
                theme=INDEPENDENCE,
                label="0",
            ),
            KPI(
                "3.4",
                "Older people still at home 91 days after discharge into reablement",
                "85%",
                theme=INDEPENDENCE,
            ),
            KPI("3.6", "Adult Social Care users living at home", "70%", theme=INDEPENDENCE),
            KPI("4.1", "Smoking cessation programme participants who quit", "42%", theme=HEALTH),
            KPI(
                "4.2",
                "Residents aged 40-74 offered and taking up an NHS health check",
                theme=HEALTH,
                unit=Unit.PERCENT,
            ),
            KPI("4.4", "Housing stock meeting the decent homes standard", "100%", theme=HEALTH),
            KPI(
                "4.5",
                "Usage of the Golden Lane Sport and Fitness Centre",
                "79,333",
                theme=HEALTH,
                profile=Profile.linear(4),
                label="79,333",
            ),
            KPI(
                "4.7",
                "Number of new social homes",
                theme=HEALTH,
                parts=[
                    Part("Planning consents", pct("116"), Profile.linear(4), label="116"),
                    # Recorded phasing: no starts on site were due before Q2.
                    Part("Starts on site", pct("34"), Profile.percentages([0, 25, 25, 50]), "34"),
                    Part("Completions", pct("0"), label="0"),
                ],
                rollup=Rollup.worst(),
            ),
            KPI(
                "4.8",
                "Community activity participants reporting an improved quality of life",
                "60%",
                theme=HEALTH,
            ),
            KPI(
                "5.5", "Community activity participants new to volunteering", "30%", theme=COMMUNITY
            ),
            KPI(
                "5.6",
                "Customer satisfaction with the library service",
                theme=COMMUNITY,
                unit=Unit.PERCENT,
                parts=[Part("Adults survey", pct("97%")), Part("Children's survey", pct("100%"))],
                rollup=Rollup.worst(),
            ),
        ],
        scheme=Scheme.city_of_london(),
        name="DCCS Business Plan 2017-2022",
    )


G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED


def observations() -> list[Observation]:
    """The Q1 figures and the statuses the report published."""
    return [
        Observation(
            "1.1",
            parts={
                "CIN": Distribution(DURATIONS, (4, 1, 7, 0, 0), band="2 years +"),
                "CPP": Distribution(DURATIONS, (0, 0, 2, 0, 0), band="2 years +"),
            },
            reported=G,
        ),
        Observation(
            "1.2",
            parts={
                "Asked about outcomes": Cohort(2, 3),
                "Expressed outcomes met": Cohort(1, 1),
            },
            reported=A,
            override="published as Amber; the rule gives Red on the share asked (2 of 3)",
            commentary="Three safeguarding concerns closed in the quarter; two people were "
            "asked about their outcomes and the one who expressed an outcome had it met.",
            actions="Introduce a Making Safeguarding Personal approach and an Adult Service "
            "Improvement Plan by March 2018.",
            display="66.7% (2 of 3 asked); 100% (1 of 2 expressed an outcome, which was met)",
        ),
        Observation("1.4", 0, reported=G),
        Observation(
            "1.5",
            "69%",
            reported=R,
            override="published as Red; 69% is within 10% of 75% (Amber down to 67.5%)",
            commentary="No Second Night Out hubs were full and closed on several occasions, "
            "so less accommodation was available.",
            actions="Resource more accommodation options under the new Pathways Model; "
            "update the October committee.",
        ),
        Observation(
            "1.6",
            46,
            reported=A,
            previous=54,
            commentary="The figure fluctuates through the year; it is down from 54 a year ago.",
            actions="An accommodation pathway with neighbouring boroughs is planned for "
            "March 2018.",
        ),
        Observation("1.8", 69, reported=G),
        Observation("2.1", "100%", reported=G),
        Observation("2.6", not_rated=NotRated.NOT_DUE, reason="Annual", reported=NA),
        Observation(
            "2.8",
            parts={"All eligible": Cohort(3, 7), "Excluding migrations": Cohort(3, 4)},
            reported=G,
            display="3 (42.9%) all eligible; 3 (75%) excluding migrations",
        ),
        Observation("2.9", 656, reported=G, display="656 (summer term enrolments)"),
        Observation("3.2", "100%", reported=G),
        Observation("3.3", 0, reported=G),
        Observation("3.4", Cohort(8, 9), reported=G),
        Observation("3.6", "76%", reported=G),
        Observation("4.1", "42%", reported=G),
        Observation(
            "4.2",
            Figure.parse("52.0%"),
            not_rated=NotRated.NO_TARGET,
            reason="Working with provider to set target",
            reported=NA,
            display="52.0%",
        ),
        Observation("4.4", "100%", reported=G),
        Observation("4.5", 22099, reported=G, display="22,099"),
        Observation(
            "4.7",
            parts={"Planning consents": 34, "Starts on site": 0, "Completions": 0},
            reported=G,
        ),
        Observation("4.8", "80%", reported=G),
        Observation("5.5", "40%", reported=G),
        Observation("5.6", parts={"Adults survey": "98%", "Children's survey": "100%"}, reported=G),
    ]


# Appendix 2: (code, title, score, target date, published rating). Every trend was
# reported unchanged since the last report, so the previous score is the score.
RISKS = [
    ("DCCS HS 003", "Lone working", 16, "30/09/17", "R"),
    ("DCCS ED 001", "Failure to deliver the City of London Academy expansion programme", 12,
     "01/09/19", "A"),
    ("DCCS HS 002", "Failure to carry out and review effective fire risk assessments", 12,
     "31/10/17", "A"),
    ("DCCS HS 004", "Housing finance changes", 12, "31/12/17", "A"),
    ("CR13", "Safeguarding", 8, "31/03/18", "A"),
    ("DCCS 001", "Departmental emergency response", 8, "31/03/18", "A"),
    ("DCCS CL 001", "Loss of IT systems at public-facing sites", 8, "31/03/18", "A"),
    ("DCCS CP 002", "Community Education Centre site redevelopment", 8, "31/01/18", "A"),
    ("DCCS ED 002", "City of London Academies missing performance and financial expectations",
     6, "01/09/19", "A"),
    ("DCCS HS 001", "Health and safety procedures", 4, "31/03/18", "G"),
    ("DCCS PE 003", "Early Help referrals", 4, "31/03/18", "G"),
]  # fmt: skip
CLOSED_RISKS = [
    ("DCCS PE 002", "Expansion of Sir John Cass's Foundation Primary School to two forms"),
    ("DCCS PE 004", "Pupil funding"),
]


def risk_register() -> RiskRegister:
    """The departmental risk register on the City of London 4x4 matrix."""
    open_risks = [
        Risk(code, title, score=score, target_date=date, previous_score=score)
        for code, title, score, date, _ in RISKS
    ]
    closed = [Risk(code, title, state=RiskState.CLOSED) for code, title in CLOSED_RISKS]
    return RiskRegister(RiskMatrix.city_of_london(), open_risks + closed)


LOCAL, CENTRAL = "Local risk", "Central risk"
# Appendix 3, £'000: (division, local budget, local projected, central budget, central projected)
BUDGET = [
    ("People", "6,974", "7,093", "262", "350"),
    ("Commissioning & Partnership", "2,174", "2,080", "-111", "-71"),
    ("Housing Revenue Account (HRA)", "-1,230", "-1,230", "-450", "-450"),
    ("Housing (non-HRA)", "843", "824", "67", "67"),
    ("Barbican Residential", "-2,390", "-2,390", "-1,035", "-1,035"),
    ("Education", "504", "504", "800", "800"),
    ("Community Libraries", "2,196", "2,196", "4,392", "4,392"),
]


def budget() -> BudgetTable:
    """Local and central risk budgets against projected outturn, by division."""
    lines = []
    for division, local_budget, local_projected, central_budget, central_projected in BUDGET:
        lines.append(BudgetLine(division, local_budget, local_projected, LOCAL))
        lines.append(BudgetLine(division, central_budget, central_projected, CENTRAL))
    return BudgetTable(lines)


DESCRIPTIONS = {
    "Green": "PIs for which the set target was achieved or exceeded",
    "Amber": "PIs within the tolerance of -10% of the set target",
    "Red": "PIs that are below the tolerance of -10% of the set target",
    "N/A": "PIs with no update this quarter; they are reported in later quarters",
}


def phasing_table() -> Table:
    """How 4.7's starts on site were phased, and what a linear profile would have given."""
    recorded = framework()
    starts = recorded.kpi("4.7").part("Starts on site")
    linear_part = attrs.evolve(starts, profile=Profile.linear(4))
    linear_kpi = attrs.evolve(
        recorded.kpi("4.7"),
        parts=[linear_part if p.name == starts.name else p for p in recorded.kpi("4.7").parts],
    )
    linear = Framework([linear_kpi], scheme=recorded.scheme)
    rows: list[list[Cell | str]] = []
    for name, fw in (
        ("Recorded phasing 0/25/25/50%", recorded),
        ("Linear, a quarter a quarter", linear),
    ):
        result = fw.evaluate([o for o in observations() if o.kpi_id == "4.7"], period=PERIOD)
        part = next(p for p in result.result("4.7").parts if p.part.name == starts.name)
        rows.append([name, str(part.target), Cell(str(part.status), status=part.status)])
    return Table("4.7 starts on site: phasing", ["Profile", "Q1 target", "Status"], rows)


def report() -> QuarterlyReport:
    """Evaluate the quarter and build every table of the report."""
    return quarterly_report(
        f"DCCS business plan update, {PERIOD}",
        framework().evaluate(observations(), period=PERIOD),
        register=risk_register(),
        budget=budget(),
        unlisted=UNLISTED,
        as_of=PERIOD.end,
        descriptions=DESCRIPTIONS,
    )


def charts() -> list[Chart]:
    """The status summary, risk matrix and budget variance charts (none without matplotlib)."""
    try:
        from kpirag.plot import report_charts  # noqa: PLC0415 - matplotlib is optional
    except ImportError:
        return []
    return report_charts(
        evaluation=framework().evaluate(observations(), period=PERIOD),
        register=risk_register(),
        budget=budget(),
    )


def render(fmt: str = "text", width: int | None = 60) -> str:
    """The whole report, with the phasing note after the audit; HTML is a whole document."""
    built = report()
    tables = (*built.tables, phasing_table())
    if Format.parse(fmt) is Format.HTML:
        return Report(built.title, tables, charts()).to_html(standalone=True)
    return Report(built.title, tables).render(fmt, width=width)


def main(argv: Sequence[str] | None = None) -> int:
    """Print (or write) every table of the Q1 2017/18 report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument("--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--width", type=int, default=60, help="wrap long text columns in text output (0: never)"
    )
    args = parser.parse_args(argv)
    text = render(args.format, width=args.width or None)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
