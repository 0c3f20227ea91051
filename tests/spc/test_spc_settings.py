"""SPC settings, presets and enums: kpirag.spc._settings and kpirag.spc._types."""

from __future__ import annotations

import pickle
from fractions import Fraction

import attrs
import pytest

from kpirag.errors import InvalidSPCSettingsError, KpiragError
from kpirag.spc import (
    Assurance,
    Conflict,
    Improvement,
    PointType,
    Rule,
    SPCSettings,
    TwoInThree,
    Variation,
)


def test_default_is_nhsr() -> None:
    """The defaults are NHSRplotthedots 0.2.2's."""
    assert SPCSettings() == SPCSettings.nhsr() == SPCSettings.preset("nhsr")


@pytest.mark.parametrize(
    ("name", "differences"),
    [
        ("nhsr", {}),
        (
            "mdc-2023",
            {
                "two_in_three": TwoInThree.MDC_2023,
                "screening": False,
                "screening_inclusive": True,
                "screening_recomputes_mean": True,
                "conflict": Conflict.IMPROVEMENT,
                "assurance_inclusive": True,
                "minimum_points": 15,
                "trial_limits_below": 0,
                "baseline_first_group_only": True,
            },
        ),
        (
            "powerbi",
            {
                "trend_length": 5,
                "two_in_three": TwoInThree.POWERBI,
                "limit_factor": Fraction(125, 47),
                "trial_limits_below": 0,
            },
        ),
    ],
)
def test_presets_differ_from_nhsr_only_where_documented(
    name: str, differences: dict[str, object]
) -> None:
    """Each preset is NHSR's settings with exactly the listed differences."""
    preset = SPCSettings.preset(name)
    nhsr = attrs.asdict(SPCSettings.nhsr(), recurse=False)
    changed = {
        key: value
        for key, value in attrs.asdict(preset, recurse=False).items()
        if nhsr[key] != value
    }
    assert changed == differences


@pytest.mark.parametrize("name", ["NHSR", " mdc_2023 ", "PowerBI", "MDC-2023"])
def test_preset_names_are_forgiving(name: str) -> None:
    """Preset names ignore case, spaces and ``_`` for ``-``."""
    assert isinstance(SPCSettings.preset(name), SPCSettings)


def test_unknown_preset() -> None:
    """An unknown preset is our error listing the known ones."""
    with pytest.raises(InvalidSPCSettingsError, match="'nhsr', 'mdc-2023', 'powerbi'") as caught:
        SPCSettings.preset("excel")
    assert caught.value.field == "preset"
    assert str(pickle.loads(pickle.dumps(caught.value))) == str(caught.value)
    assert isinstance(caught.value, KpiragError)
    assert isinstance(caught.value, ValueError)


def test_strings_and_numbers_are_converted() -> None:
    """Enum settings take their values as text; factors take any exact number."""
    settings = SPCSettings(
        two_in_three="powerbi", conflict="Concern", limit_factor="2.66", rules=["shift", Rule.TREND]
    )
    assert settings.two_in_three is TwoInThree.POWERBI
    assert settings.conflict is Conflict.CONCERN
    assert settings.limit_factor == Fraction(133, 50)
    assert settings.rules == frozenset({Rule.SHIFT, Rule.TREND})
    assert settings.two_sigma_factor == Fraction(133, 75)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"shift_length": 1}, "shift_length"),
        ({"shift_length": True}, "shift_length"),
        ({"shift_length": 7.0}, "shift_length"),
        ({"trend_length": 2}, "trend_length"),
        ({"minimum_points": 1}, "minimum_points"),
        ({"trial_limits_below": -1}, "trial_limits_below"),
        ({"baseline": 1}, "baseline"),
        ({"screening": "yes"}, "screening"),
        ({"assurance_inclusive": 1}, "assurance_inclusive"),
        ({"limit_factor": 0}, "limit_factor"),
        ({"limit_factor": float("nan")}, "limit_factor"),
        ({"screening_factor": -3}, "screening_factor"),
        ({"two_in_three": "excel"}, "two_in_three"),
        ({"conflict": None}, "conflict"),
        ({"rules": "shift"}, "rules"),
        ({"rules": ["run"]}, "rules"),
    ],
)
def test_invalid_settings(changes: dict[str, object], field: str) -> None:
    """Settings that make no sense cannot be built; the error names the setting."""
    with pytest.raises(InvalidSPCSettingsError) as caught:
        SPCSettings(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_settings_are_frozen_values() -> None:
    """Settings are immutable, hashable and survive pickling."""
    settings = SPCSettings.powerbi()
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert hash(settings) == hash(SPCSettings.powerbi())
    with pytest.raises(AttributeError):
        settings.shift_length = 8  # type: ignore[misc]


@pytest.mark.parametrize(
    "enum", [Improvement, Rule, PointType, Variation, Assurance, TwoInThree, Conflict]
)
def test_enum_values_are_snake_case_names_with_labels(enum: type[Improvement]) -> None:
    """Every enum value is its lower-case name and has display words."""
    for member in enum:
        assert member.value == member.name.lower()
        assert str(member) == member.value
        assert member.label
        value: object = member.value
        assert member != value


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, "Special cause improvement"),
        (PointType.COMMON_CAUSE, "Common cause"),
        (Variation.IMPROVEMENT_HIGH, "Improvement (High)"),
        (Variation.NEITHER_LOW, "Neither (Low)"),
        (Assurance.CONSISTENT_PASS, "Consistently hit target"),
        (Assurance.CONSISTENT_FAIL, "Consistently fail target"),
        (Assurance.INCONSISTENT, "Hit or miss target"),
    ],
)
def test_labels(member: PointType | Variation | Assurance, label: str) -> None:
    """Labels use the Making Data Count wording."""
    assert member.label == label


@pytest.mark.parametrize(
    ("point_type", "improvement", "icon"),
    [
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.INCREASE, Variation.IMPROVEMENT_HIGH),
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.DECREASE, Variation.IMPROVEMENT_LOW),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.INCREASE, Variation.CONCERN_LOW),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.DECREASE, Variation.CONCERN_HIGH),
        (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, Improvement.NEUTRAL, Variation.NEITHER_HIGH),
        (PointType.SPECIAL_CAUSE_NEUTRAL_LOW, Improvement.NEUTRAL, Variation.NEITHER_LOW),
        (PointType.COMMON_CAUSE, Improvement.DECREASE, Variation.COMMON_CAUSE),
    ],
)
def test_variation_icon(point_type: PointType, improvement: Improvement, icon: Variation) -> None:
    """The icon for a last point follows NHSR's ptd_get_icons."""
    assert Variation.of(point_type, improvement) is icon


@pytest.mark.parametrize("baseline", [1, "x"])
def test_an_optional_whole_setting_says_none_is_allowed(baseline: object) -> None:
    """A bad baseline says it must be a whole number of at least 2, or None."""
    with pytest.raises(InvalidSPCSettingsError) as caught:
        SPCSettings(baseline=baseline)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"Invalid SPC setting baseline {baseline!r}: expected a whole number of at least 2 or None"
    )
