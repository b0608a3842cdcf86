import pytest

from gouvernail.compliance.choices import EntityType, Nis2Category
from gouvernail.compliance.nis2 import RULES_VERSION, classify
from gouvernail.testing.factories.compliance import make_nis2_profile


@pytest.mark.parametrize(
    ("entity_type", "population", "big_commune", "designated", "expected"),
    [
        (EntityType.REGION, None, False, False, Nis2Category.ESSENTIAL),
        (EntityType.COMMUNE, 45000, False, False, Nis2Category.ESSENTIAL),
        (EntityType.COMMUNE, 30000, False, False, Nis2Category.OUT_OF_SCOPE),
        (EntityType.COMMUNE, 8000, False, True, Nis2Category.IMPORTANT),
        (EntityType.CA, 90000, True, False, Nis2Category.ESSENTIAL),
        (EntityType.CA, 60000, False, False, Nis2Category.IMPORTANT),
        (EntityType.CC, 20000, False, False, Nis2Category.IMPORTANT),
        (EntityType.SYNDICAT, None, False, False, Nis2Category.UNCERTAIN),
    ],
)
def test_the_category_follows_the_bill_as_adopted_by_the_senate(
    entity_type, population, big_commune, designated, expected
):
    result = classify(
        entity_type=entity_type, population=population, has_commune_over_30000=big_commune, designated=designated
    )

    assert result.category == expected
    assert result.rule and result.version == RULES_VERSION


def test_a_profile_records_its_category_rule_and_rules_version(org):
    profile = make_nis2_profile(org, entity_type=EntityType.CC, population=21000)

    assert profile.category == Nis2Category.IMPORTANT
    assert "Communauté de communes" in profile.rule
    assert profile.rules_version == RULES_VERSION
