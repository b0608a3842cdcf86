"""Every number links to the list of the records it counts, and that list has exactly as many
rows as the number says: for every registered indicator and every dimension, on the demo
organisation and on an empty one."""

import pytest
from django.utils import timezone

from gouvernail.metrics import registry


def all_values(organisation, today):
    for indicator in registry.indicators():
        period = indicator.period_for(today)
        for value in indicator.compute(organisation, period, today):
            yield indicator, period, value


def test_every_indicator_has_a_definition_a_unit_and_a_source(demo):
    for indicator in registry.indicators():
        assert indicator.definition and indicator.unit and indicator.source, indicator.code


def test_every_value_of_the_demo_counts_exactly_the_rows_of_its_drilldown(demo, db):
    today = timezone.localdate()
    checked = 0
    for indicator, period, value in all_values(demo, today):
        if value.count is None:
            continue
        records = indicator.records(demo, period, value.key, today)
        assert records.count() == value.count, f"{indicator.code} / {value.key}"
        checked += 1
    assert checked > 20


def test_every_drilldown_link_of_the_demo_opens_a_list_of_exactly_count_rows(demo_client, demo):
    today = timezone.localdate()
    for indicator, period, value in all_values(demo, today):
        if value.count is None:
            continue
        url = indicator.url(period, value.key, today)
        if url is None:  # a total no single list filter selects (its records are checked above)
            continue

        response = demo_client.get(url)

        assert response.status_code == 200, url
        assert response.context["total_count"] == value.count, f"{indicator.code} / {value.key}: {url}"


@pytest.mark.parametrize("code", [i.code for i in registry.indicators()])
def test_an_empty_organisation_gets_zero_or_no_value_and_an_empty_drilldown(code, org):
    indicator = registry.get_indicator(code)
    today = timezone.localdate()
    period = indicator.period_for(today)

    values = indicator.compute(org, period, today)

    for value in values:
        assert value.value in (None, 0), f"{code} / {value.key}"
        if value.count is not None:
            assert value.count == 0
            assert indicator.records(org, period, value.key, today).count() == 0
