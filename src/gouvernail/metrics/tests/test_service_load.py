"""The service-load indicators at their edges: year boundaries, the 30-day recurrence window,
business days, the minimum group size, one record."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from gouvernail.metrics.builders import INSUFFICIENT_GROUP
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.core import make_person, make_service
from gouvernail.testing.factories.servicedesk import make_request
from gouvernail.testing.factories.steering import make_action

TODAY = date(2026, 11, 28)


def at(day: str, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def values(code: str, organisation, period: Period) -> dict:
    return {v.key: v for v in get_indicator(code).compute(organisation, period, TODAY)}


def check_drilldown(code: str, organisation, period: Period, key: str = TOTAL) -> int:
    indicator = get_indicator(code)
    value = values(code, organisation, period)[key]
    assert indicator.records(organisation, period, key, TODAY).count() == value.count
    return value.count


def test_one_request_counts_once_in_its_month_its_quarter_and_their_drilldowns(org):
    make_request(org, opened_at=at("2026-03-31", 23))

    assert check_drilldown("demandes_mois", org, Period.parse("2026-03")) == 1
    assert check_drilldown("demandes_mois", org, Period.parse("2026-04")) == 0
    assert check_drilldown("demandes_trimestre", org, Period.parse("2026-T1")) == 1


def test_a_request_opened_on_new_years_eve_and_resolved_in_january_counts_in_each_year_once(org):
    make_request(org, opened_at=at("2025-12-31", 16), resolved_at=at("2026-01-02", 9), status="resolue")

    assert check_drilldown("demandes_trimestre", org, Period.parse("2025-T4")) == 1
    assert check_drilldown("demandes_trimestre", org, Period.parse("2026-T1")) == 0
    delays = values("delai_traitement", org, Period.parse("2026-T1"))
    assert delays["moyenne_calendaire"].value == Decimal("1.7")  # 1 day and 17 hours, exactly
    assert delays["moyenne_ouvree"].value == Decimal("1.0")  # 1 January is a holiday
    assert check_drilldown("delai_traitement", org, Period.parse("2026-T1"), "moyenne_ouvree") == 1
    assert values("delai_traitement", org, Period.parse("2025-T4"))["moyenne_calendaire"].count == 0


def test_processing_time_over_the_fourteenth_of_july_counts_business_days_without_it(org):
    make_request(org, "1", opened_at=at("2026-07-13"), resolved_at=at("2026-07-15"), status="resolue")
    make_request(org, "2", opened_at=at("2026-07-20"), resolved_at=at("2026-07-20", 15), status="resolue")

    delays = values("delai_traitement", org, Period.parse("2026-T3"))

    assert delays["moyenne_calendaire"].value == Decimal("1.1")  # (2 days + 5 hours) / 2, exactly
    assert delays["mediane_ouvree"].value == Decimal("0.5")
    assert delays["moyenne_ouvree"].count == 2


@pytest.mark.parametrize(("days_before", "recurring"), [(29, True), (30, True), (31, False)])
def test_a_request_recurs_when_the_same_service_asked_the_same_thing_within_30_days(org, days_before, recurring):
    service = make_service(org)
    fields = {"service": service, "category": "Impression", "subcategory": "Copieur"}
    make_request(org, "1", opened_at=at("2026-09-30") - timezone.timedelta(days=days_before), **fields)
    make_request(org, "2", opened_at=at("2026-09-30"), **fields)

    rate = values("demandes_recurrentes_taux", org, Period.parse("2026-T3"))[TOTAL]

    assert rate.count == (1 if recurring else 0)
    assert check_drilldown("demandes_recurrentes_taux", org, Period.parse("2026-T3")) == rate.count


def test_the_same_category_asked_by_another_service_is_not_recurring(org):
    make_request(org, "1", opened_at=at("2026-09-01"), service=make_service(org, "A"), category="Impression")
    make_request(org, "2", opened_at=at("2026-09-02"), service=make_service(org, "B"), category="Impression")

    assert values("demandes_recurrentes_taux", org, Period.parse("2026-T3"))[TOTAL].value == Decimal("0.0")


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False)])
def test_a_service_of_fewer_than_five_people_shows_insufficient_group(org, people, hidden):
    service = make_service(org)
    for index in range(people):
        make_person(org, f"Agent {index}", service=service)
    make_request(org, opened_at=at("2026-08-03"), service=service)

    value = values("demandes_par_service", org, Period.parse("2026-T3"))[str(service.pk)]

    assert (value.hidden == INSUFFICIENT_GROUP) is hidden
    assert (value.value is None) is hidden


@override_settings(GOUVERNAIL_MIN_GROUP_SIZE=3)
def test_the_minimum_group_size_is_a_setting(org):
    service = make_service(org)
    for index in range(3):
        make_person(org, f"Agent {index}", service=service)
    make_request(org, opened_at=at("2026-08-03"), service=service)

    assert not values("demandes_par_service", org, Period.parse("2026-T3"))[str(service.pk)].hidden


def test_requests_per_agent_divide_the_month_by_the_active_agents(org):
    for index in range(4):
        make_person(org, f"Agent {index}")
    make_person(org, "Parti", is_active=False)
    make_person(org, "Élue", kind="elu")
    for index in range(3):
        make_request(org, str(index), opened_at=at("2026-10-05"))

    value = values("demandes_par_agent", org, Period.parse("2026-10"))[TOTAL]

    assert value.value == Decimal("0.75")
    assert check_drilldown("demandes_par_agent", org, Period.parse("2026-10")) == 3


def test_actions_count_only_those_stopped_for_lack_of_resources(org):
    make_action(org, 1, status="reportee", stop_reason="ressources")
    make_action(org, 2, status="abandonnee", stop_reason="arbitrage")
    make_action(org, 3, status="en_cours")

    assert check_drilldown("actions_faute_ressources", org, Period.month(TODAY)) == 1


def test_a_lone_small_service_hides_the_next_smallest_so_the_total_does_not_give_it_back(org):
    sizes = {"Musée": 2, "Finances": 6, "Enfance": 12}
    services = {}
    for name, people in sizes.items():
        services[name] = make_service(org, name)
        for index in range(people):
            make_person(org, f"Agent {name} {index}", service=services[name])
        make_request(org, f"{name}-1", opened_at=at("2026-08-03"), service=services[name])

    per_service = values("demandes_par_service", org, Period.parse("2026-T3"))

    hidden = {name for name, service in services.items() if per_service[str(service.pk)].hidden}
    assert hidden == {"Musée", "Finances"}
    assert per_service[TOTAL].value == 3 and not per_service[TOTAL].hidden


def test_a_single_small_service_hides_the_total_of_its_breakdown(org):
    service = make_service(org, "Musée")
    make_person(org, "Seule", service=service)
    make_request(org, opened_at=at("2026-08-03"), service=service)

    per_service = values("demandes_par_service", org, Period.parse("2026-T3"))

    assert per_service[str(service.pk)].hidden and per_service[TOTAL].hidden == INSUFFICIENT_GROUP
