import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gouvernail.mutualisation.consolidation import MEDIAN, SUM, columns, consolidate
from gouvernail.mutualisation.tests.conftest import make_operator, store

pytestmark = pytest.mark.django_db


def sql_values(members, code: str, key: str = "total") -> dict[int, Decimal]:
    """The stored values, read with SQL written here (not the ORM query of the page)."""
    column = next(c for c in columns(timezone.localdate()) if c.code == code and c.key == key)
    marks = ", ".join(["%s"] * len(members))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organisation_id, value FROM metrics_measurement WHERE code = %s AND period_key = %s"
            f" AND dimension_key = %s AND organisation_id IN ({marks})",
            [code, column.period_key, key, *[m.pk for m in members]],
        )
        return {organisation_id: Decimal(str(value)) for organisation_id, value in cursor.fetchall()}


def figure(consolidated, code: str):
    index = next(i for i, c in enumerate(consolidated.columns) if c.code == code)
    return index, consolidated.columns[index]


def test_it_shows_each_members_stored_value_as_sql_reads_it(operator):
    organisation, members = operator

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    for code in ("w11_taux", "mfa_taux", "demandes_mois", "actions_en_retard", "sauvegardes_verifiees"):
        index, _ = figure(consolidated, code)
        expected = sql_values(members, code)
        shown = {row.organisation.pk: row.cells[index].value for row in consolidated.rows}
        assert shown == expected, code


def test_it_sums_the_counts_and_takes_the_median_of_the_rates(operator):
    organisation, members = operator

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    for code, aggregate in (("demandes_mois", SUM), ("actions_en_retard", SUM), ("w11_taux", MEDIAN)):
        index, column = figure(consolidated, code)
        values = list(sql_values(members, code).values())
        assert column.aggregate == aggregate
        expected = sum(values) if aggregate == SUM else statistics.median(values)
        assert consolidated.totals[index].value == expected, code
        assert consolidated.measured[index] == len(members)


def test_a_member_without_a_stored_value_shows_a_dash_and_is_left_out_of_the_median(operator):
    organisation, members = operator
    store(members[0], "delai_traitement", "2.5", key="moyenne_ouvree")
    store(members[1], "delai_traitement", "8.5", key="moyenne_ouvree")

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    index, _ = figure(consolidated, "delai_traitement")
    assert [row.cells[index].text for row in consolidated.rows] == ["2,5", "8,5", "—"]
    assert consolidated.totals[index].value == Decimal("5.5")
    assert consolidated.measured[index] == 2


def test_the_levels_are_the_dashboards_thresholds(operator):
    organisation, members = operator
    store(members[0], "av_taux", "96")
    store(members[1], "av_taux", "90")
    store(members[2], "av_taux", "40")

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    index, column = figure(consolidated, "av_taux")
    assert [row.cells[index].level for row in consolidated.rows] == ["vert", "orange", "rouge"]
    assert consolidated.totals[index].level == column.indicator.level(Decimal("90")) == "orange"


def test_a_sum_carries_no_threshold(operator):
    organisation, _ = operator

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    index, _ = figure(consolidated, "actions_en_retard")
    assert consolidated.totals[index].level is None


def test_a_measurement_of_another_period_is_not_shown(operator):
    organisation, members = operator
    from gouvernail.metrics.models import Measurement

    Measurement.objects.filter(organisation=members[0], code="w11_taux").update(period_key="2001-01")

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    index, _ = figure(consolidated, "w11_taux")
    assert consolidated.rows[0].cells[index].value is None


def test_an_organisation_outside_the_operator_is_not_a_row(operator):
    organisation, _ = operator
    _, strangers = make_operator(2, slug="autre")

    consolidated = consolidate(organisation, timezone.localdate(), openable=set())

    assert not {row.organisation.pk for row in consolidated.rows} & {s.pk for s in strangers}
    assert len(consolidated.rows) == 3


@given(
    value=st.decimals(min_value=-10_000_000, max_value=10_000_000, places=4, allow_nan=False),
    code=st.sampled_from(["demandes_mois", "w11_taux", "delai_traitement", "demandes_par_agent"]),
)
@settings(max_examples=300, deadline=None)
def test_the_quick_format_writes_what_the_dashboards_write(value, code):
    from django.utils import translation

    from gouvernail.metrics import registry
    from gouvernail.metrics.pages import format_value
    from gouvernail.mutualisation.consolidation import quick_format

    indicator = registry.get_indicator(code)
    with translation.override("fr"):
        assert quick_format(indicator, value) == format_value(indicator, value)
