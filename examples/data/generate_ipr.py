"""Write the worked example's generated trust data: ``ipr_metrics.csv`` and ``ipr_values.csv``.

The figures are GENERATED (seeded random numbers shaped like a trust's), not
any trust's. The metrics, their directions and the standards and planning
trajectories they are judged against are public: the NHS constitutional
standards (four hours 95%, RTT 18 weeks 92%, 62-day cancer 85%, 31-day 96%,
diagnostics within six weeks 99%), the 2023/24 and 2024/25 operational
planning guidance (four hours 76% by March 2024 and 78% by March 2025, the
Faster Diagnosis Standard 75% then 77%, 62 days 70% then 75%, no one waiting
over 65 weeks by September 2024) and the Care Quality Commission's and NHS
England's usual thresholds. The owners, ratings, events and lags are made up.

Run ``python examples/data/generate_ipr.py`` to write the files again (the
test suite checks the committed files match); ``generate(metrics=1000)``
gives the benchmark's larger trust.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MONTHS = [f"{2022 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(36)]  # Apr 2022 on

COO, CN, MD, CPO, CFO = (
    "Chief Operating Officer",
    "Chief Nurse",
    "Medical Director",
    "Chief People Officer",
    "Chief Finance Officer",
)

# id, title, domain, committee, owner, unit, improvement, standing target, mean, noise,
# drift per month, quality, due days, places
METRICS = [
    ("ED4", "A&E: seen within 4 hours", "Urgent care", "Performance", COO,
     "percent", "increase", "", 71.0, 1.6, 0.15, "Substantial", 10, 1),
    ("ED12", "A&E: over 12 hours in the department", "Urgent care", "Performance", COO,
     "percent", "decrease", "10%", 11.5, 1.2, -0.05, "Reasonable", 10, 1),
    ("AMB60", "Ambulance handovers over 60 minutes", "Urgent care", "Performance", COO,
     "count", "decrease", "0", 140, 25, -2.0, "Reasonable", 10, 0),
    ("AMB30", "Mean ambulance handover time (minutes)", "Urgent care", "Performance", COO,
     "minutes", "decrease", "30", 38, 4, -0.2, "Reasonable", 10, 1),
    ("UCR", "Urgent community response within 2 hours", "Urgent care", "Performance", COO,
     "percent", "increase", "70%", 78, 3, 0.0, "Insufficient", 20, 1),
    ("RTT18", "RTT: waiting under 18 weeks", "Planned care", "Performance", COO,
     "percent", "increase", "", 57.0, 0.8, 0.05, "Substantial", 25, 1),
    ("RTT65", "RTT: waiting over 65 weeks", "Planned care", "Performance", COO,
     "count", "decrease", "", 420, 30, -12, "Substantial", 25, 0),
    ("DM01", "Diagnostics: waiting over 6 weeks", "Planned care", "Performance", COO,
     "percent", "decrease", "5%", 18, 2, -0.3, "Reasonable", 25, 1),
    ("THEATRE", "Theatre utilisation (capped)", "Planned care", "Performance", COO,
     "percent", "increase", "85%", 79, 2, 0.1, "Limited", 15, 1),
    ("DAYCASE", "Day case rate", "Planned care", "Performance", COO,
     "percent", "increase", "85%", 83, 1.2, 0.02, "Reasonable", 15, 1),
    ("FDS", "Cancer: Faster Diagnosis Standard (28 days)", "Cancer", "Performance", COO,
     "percent", "increase", "", 72, 2.5, 0.1, "Substantial", 40, 1),
    ("C62", "Cancer: 62 days from referral to treatment", "Cancer", "Performance", COO,
     "percent", "increase", "", 64, 3, 0.15, "Substantial", 40, 1),
    ("C31", "Cancer: 31 days from decision to treatment", "Cancer", "Performance", COO,
     "percent", "increase", "96%", 93, 1.5, 0.0, "Substantial", 40, 1),
    ("C104", "Cancer: waiting over 104 days", "Cancer", "Performance", COO,
     "count", "decrease", "0", 24, 5, -0.2, "Reasonable", 40, 0),
    ("CDIFF", "C. difficile infections (hospital onset)", "Quality and safety", "Quality", CN,
     "count", "decrease", "4", 4.5, 2, 0.0, "Substantial", 15, 0),
    ("MRSA", "MRSA bacteraemia", "Quality and safety", "Quality", CN,
     "count", "decrease", "0", 0.4, 0.6, 0.0, "Substantial", 15, 0),
    ("FALLS", "Inpatient falls per 1,000 bed days", "Quality and safety", "Quality", CN,
     "count", "decrease", "6", 6.4, 0.6, -0.01, "Reasonable", 15, 2),
    ("PU", "Category 2+ pressure ulcers per 1,000 bed days", "Quality and safety",
     "Quality", CN, "count", "decrease", "1.0", 1.2, 0.2, -0.005, "Reasonable", 15, 2),
    ("FFT", "Friends and Family Test: inpatients positive", "Quality and safety",
     "Patient experience", CN, "percent", "increase", "95%", 94, 1.2, 0.0, "Reasonable", 20, 1),
    ("SHMI", "SHMI (rolling 12 months)", "Quality and safety", "Quality", MD,
     "count", "neutral", "between 0.89 and 1.12", 1.02, 0.02, 0.0, "Substantial", 120, 3),
    ("VTE", "VTE risk assessment", "Quality and safety", "Quality", MD,
     "percent", "increase", "95%", 95.5, 0.8, 0.0, "Reasonable", 20, 1),
    ("SICK", "Sickness absence", "Workforce", "People", CPO,
     "percent", "decrease", "4.5%", 5.2, 0.3, -0.01, "Substantial", 45, 2),
    ("TURN", "Staff turnover (rolling 12 months)", "Workforce", "People", CPO,
     "percent", "decrease", "12%", 14.5, 0.3, -0.08, "Substantial", 20, 1),
    ("VAC", "Vacancy rate", "Workforce", "People", CPO,
     "percent", "decrease", "8%", 9.5, 0.4, -0.03, "Reasonable", 35, 1),
    ("APPR", "Appraisal compliance", "Workforce", "People", CPO,
     "percent", "increase", "90%", 82, 1.5, 0.05, "Limited", 20, 1),
    ("MAND", "Mandatory training compliance", "Workforce", "People", CPO,
     "percent", "increase", "90%", 88, 0.8, 0.02, "Reasonable", 20, 1),
    ("AGENCY", "Agency spend as a share of the pay bill", "Finance", "Finance", CFO,
     "percent", "decrease", "", 5.6, 0.25, 0.0, "Substantial", 15, 2),
    ("PLAN", "Variance to financial plan (£000)", "Finance", "Finance", CFO,
     "£", "increase", "0", -150, 220, 4, "Substantial", 15, 0),
    ("CIP", "Cost improvement delivered against plan", "Finance", "Finance", CFO,
     "percent", "increase", "100%", 88, 6, 0.2, "Reasonable", 15, 1),
    ("BPPC", "Invoices paid within 30 days", "Finance", "Finance", CFO,
     "percent", "increase", "95%", 93, 1.5, 0.03, "Reasonable", 15, 1),
]  # fmt: skip


PLANS = MONTHS.index("2023-04")  # the first month of a planning trajectory
YEAR_TWO = MONTHS.index("2024-04")  # 2024/25, when several targets step up


def _trajectory(metric: str, month: str) -> tuple[str, str]:
    """(target, reference) for a month: planning trajectories and national standards."""
    index = MONTHS.index(month)
    planned = index >= PLANS
    later = index >= YEAR_TWO
    if metric == "ED4":  # 76% by March 2024, 78% by March 2025, stepped every two months
        steps = ["73", "73", "74", "74", "75", "76", "76", "76", "77", "77", "78", "78"]
        return (steps[(index - PLANS) // 2] if planned else ""), "95"
    if metric == "RTT18":
        return (str(58 + (index - PLANS) // 6) if planned else ""), "92"
    if metric == "RTT65":  # to zero by September 2024
        return (str(max(0, 350 - 20 * (index - PLANS))) if planned else ""), ""
    if metric == "FDS":
        return ("77" if later else "75"), ""
    if metric == "C62":
        return ("75" if later else "70"), "85"
    if metric == "AGENCY":
        return ("3.2" if later else "3.7"), ""
    if metric == "DM01":
        return "", "1"
    return "", ""


# Changes from a month on, by metric: (first month, change to the level).
SHIFTS = {
    "AGENCY": ("2024-07", -1.1),  # a sustained fall: the last 9 months
    "RTT18": ("2024-04", 2.5),  # a step up after the waiting list was validated
    "SICK": ("2024-09", 0.6),  # sickness up for the last 7 months: a concern
    "FFT": ("2024-10", -2.0),  # fewer positive responses since October
}


def _values(rng: random.Random, spec: tuple[object, ...]) -> list[float]:
    metric, mean, noise, drift = str(spec[0]), float(spec[8]), float(spec[9]), float(spec[10])  # type: ignore[arg-type]
    start, change = SHIFTS.get(metric, (MONTHS[-1], 0.0))
    values = []
    for n in range(len(MONTHS)):
        level = mean + drift * n
        if n >= MONTHS.index(start):
            level += change
        values.append(level + rng.gauss(0, noise))
    return values


def generate(*, metrics: int = len(METRICS), seed: int = 2025) -> tuple[str, str]:
    """The metrics file and the values file, as CSV text.

    ``metrics`` above the worked example's 30 repeats its metrics under new
    ids (``ED4-2``...), for benchmarks.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up figures, not secrets
    defined = io.StringIO()
    data = io.StringIO()
    heads = ["id", "title", "domain", "subdomain", "owner", "lead", "source", "unit"]
    heads += ["improvement", "frequency", "target", "recalculate", "annotations", "quality", "due"]
    definitions = csv.writer(defined, lineterminator="\n")
    definitions.writerow(heads)
    figures = csv.writer(data, lineterminator="\n")
    figures.writerow(["metric", "period", "value", "target", "reference", "provisional"])
    for number in range(metrics):
        spec = METRICS[number % len(METRICS)]
        base = str(spec[0])
        metric = base if number < len(METRICS) else f"{base}-{number // len(METRICS) + 1}"
        places = int(spec[13])
        recalculate = "2024-04" if base == "RTT18" else ""
        notes = {
            "ED4": "2023-11: Same-day emergency care unit opened",
            "RTT18": "2024-04: Waiting list validated, limits recalculated",
            "FALLS": "2024-06: Falls prevention bundle on every ward",
        }.get(base, "")
        definitions.writerow(
            [metric, spec[1], spec[2], spec[3], spec[4], "Performance team", "Trust data warehouse",
             spec[5], spec[6], "monthly", spec[7], recalculate, notes, spec[11], spec[12]]
        )  # fmt: skip
        last = len(MONTHS) - (3 if base == "VAC" else 0)  # the vacancy rate stopped in December
        for index, value in enumerate(_values(rng, spec)[:last]):
            month = MONTHS[index]
            target, reference = _trajectory(base, month)
            floor = max(value, 0.0) if spec[5] != "£" else value
            shown = f"{floor:.{places}f}"
            provisional = "1" if index == last - 1 and base in {"CDIFF", "FFT", "ED4"} else ""
            figures.writerow([metric, month, shown, target, reference, provisional])
    return defined.getvalue(), data.getvalue()


def main() -> None:
    """Write the two files beside this script."""
    metrics, values = generate()
    (HERE / "ipr_metrics.csv").write_text(metrics, encoding="utf-8")
    (HERE / "ipr_values.csv").write_text(values, encoding="utf-8")
    print("wrote ipr_metrics.csv and ipr_values.csv", file=sys.stderr)


if __name__ == "__main__":
    main()
