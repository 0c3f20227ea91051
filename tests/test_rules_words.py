"""A rules file in words (kpirag.io's ``Rules.describe``): trend-aware schemes and SPC settings."""

from __future__ import annotations

import io

import pytest

from kpirag.io import load_rules

TREND_STEP = '{within = "10%", status = "Amber", trend = ["improved"]}'
SCHEME = (
    "Every KPI (unless overridden): Green when the target is met; Amber within 10% (10% itself"
    " is Amber) if improved on the previous period; Red beyond 10%; with no previous figure, "
)


def _describe(text: str) -> str:
    """The last line of the words for a rules file's text."""
    return load_rules(io.BytesIO(text.encode()), name="rules.toml").describe().splitlines()[-1]


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ('"worse"', "the value counts as worse."),
        ('"improved"', "the value counts as improved."),
        ('"Amber"', "the status is Amber."),
        ('"ignore"', "nothing that needs a direction of travel applies."),
    ],
)
def test_defect_describing_a_scheme_whose_when_no_previous_is_a_trend_raises(
    when: str, words: str
) -> None:
    """A trend-aware scheme says what a value without a previous figure counts as."""
    text = (
        f'[kpis]\nscheme = {{met = "Green", steps = [{TREND_STEP}], beyond = "Red",'
        f" when_no_previous = {when}}}\n"
    )
    assert _describe(text) == SCHEME + words


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ('rules = ["trend", "shift"]', "SPC: preset nhsr with rules [shift, trend]."),
        ('rules = ["outside_limits"]', "SPC: preset nhsr with rules [outside_limits]."),
        (
            'preset = "mdc-2023"\nrules = ["two_in_three"]',
            "SPC: preset mdc-2023 with rules [two_in_three].",
        ),
        (
            (
                'rules = ["trend", "shift"]\ntrend_length = 5\nshift_length = 8\n'
                "limit_factor = 3\nminimum_points = 5"
            ),
            (
                "SPC: shift_length 8, trend_length 5, two_in_three nhsr, screening True,"
                " screening_inclusive False, screening_recomputes_mean False, screening_factor 3.267,"
                " limit_factor 3, conflict precedence, assurance_inclusive False, minimum_points 5,"
                " trial_limits_below 13, baseline None, baseline_first_group_only False,"
                " rules [shift, trend]."
            ),
        ),
    ],
)
def test_defect_describing_spc_settings_with_a_set_valued_knob_raises(
    settings: str, words: str
) -> None:
    """Custom SPC settings are said knob by knob, a set of rules as a sorted list."""
    assert _describe(f"[spc]\n{settings}\n") == words


@pytest.mark.parametrize(
    ("levels", "words"),
    [
        ('["On track", "Off track"]', "Scale 'c': On track, Off track, best first."),
        (
            '["On track", { label = "Monitor", abbreviation = "M" }]',
            "Scale 'c': On track, Monitor (M), best first.",
        ),
    ],
)
def test_a_scale_is_described_by_its_levels(levels: str, words: str) -> None:
    """A scale in words lists its levels best first, each with its abbreviation if it has one."""
    assert _describe(f"[scales.c]\nlevels = {levels}\n") == words
