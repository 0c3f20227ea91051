"""The rules file's ``[ipr]`` section: the data-quality scale and the assurance target."""

from __future__ import annotations

import io

import pytest

from kpirag.errors import LoadError
from kpirag.io import ipr_settings, load_metrics, load_rules
from kpirag.ipr import AssuranceTarget, IPRSettings, QualityScale
from kpirag.rules import Scheme
from kpirag.spc import SPCSettings


def _rules(text: str) -> object:
    return load_rules(io.BytesIO(text.encode()), name="rules.toml")


def test_the_section_gives_the_scale_and_the_assurance_target() -> None:
    rules = load_rules(
        io.BytesIO(b'[ipr]\nquality = ["Low", "Mid", "High"]\nrated_from = "Mid"\n'
                   b'assurance = "each"\n[spc]\npreset = "mdc-2023"\n'),
        name="rules.toml",
    )  # fmt: skip
    assert rules.ipr == IPRSettings(
        assurance=AssuranceTarget.EACH, quality=QualityScale(("Low", "Mid", "High"), "Mid")
    )
    settings = ipr_settings(rules)
    assert settings.spc == SPCSettings.mdc_2023()
    assert settings.quality == QualityScale(("Low", "Mid", "High"), "Mid")
    assert "metrics rated below Mid are not rated" in rules.describe()
    assert "each period's own target" in rules.describe()
    assert ipr_settings(None) == IPRSettings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[ipr]\nquality = "Low"\n',
            "rules.toml:2: ipr.quality ('Low'): expected a list of levels",
        ),
        (
            '[ipr]\nquality = ["A", "B"]\nrated_from = "C"\n',
            "ipr.rated_from ('C'): expected one of",
        ),
        ('[ipr]\nrated_from = "A"\n', "ipr.rated_from: needs the quality levels"),
        ('[ipr]\nassurance = "first"\n', "ipr.assurance ('first'): expected one of"),
        ("[ipr]\nscale = 1\n", "ipr.scale (1): unknown key"),
        ('[ipr]\nquality = ["A", "a"]\n', "ipr.quality"),
    ],
)
def test_a_bad_section_is_refused_at_its_line(text: str, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        _rules(text)
    assert message in str(caught.value)


def test_metrics_take_their_scheme_from_the_rules() -> None:
    rules = load_rules(
        io.BytesIO(b'[schemes.strict]\nsteps = []\n[kpis.themes."Planned care"]\n'
                   b'tolerance = "5%"\n'),
        name="rules.toml",
    )  # fmt: skip
    text = (
        "id,title,domain,improvement,scheme\n"
        "A,A,Planned care,increase,\n"
        "B,B,Urgent care,increase,strict\n"
        "C,C,Urgent care,increase,\n"
    )
    a, b, c = load_metrics(io.BytesIO(text.encode()), rules=rules)
    assert a.scheme == rules.kpi_rule("A", "Planned care").scheme  # the domain is the theme
    assert b.scheme == dict(rules.schemes)["strict"].scheme
    assert c.scheme is None  # no rule for it: the report's default
    with pytest.raises(LoadError, match="column 'scheme' \\('nope'\\): no scheme of that name"):
        load_metrics(io.BytesIO(text.replace("strict", "nope").encode()), rules=rules)
    assert Scheme.city_of_london() != a.scheme
