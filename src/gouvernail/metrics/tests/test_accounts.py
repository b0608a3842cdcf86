"""« Couverture MFA » and « Comptes inactifs » (directory accounts on the people): unknown states
left out, the 90-day edge, the minimum group size, drill-downs of exactly `count` people that
only the roles reading people may open."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import DirectoryAccount
from gouvernail.core.permissions import READ_ROLES
from gouvernail.core.services import AccountState, directory_accounts_replace
from gouvernail.metrics.builders import INSUFFICIENT_GROUP
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_dashboard, get_indicator
from gouvernail.testing.factories.core import make_person, make_service

TODAY = date(2026, 11, 28)
PERIOD = Period.month(TODAY)


def values(code: str, organisation, today: date = TODAY) -> dict:
    return {v.key: v for v in get_indicator(code).compute(organisation, Period.month(today), today)}


def drilled(code: str, organisation, key: str = TOTAL, today: date = TODAY) -> int:
    value = values(code, organisation, today)[key]
    assert get_indicator(code).records(organisation, Period.month(today), key, today).count() == value.count
    return value.count


def people_with(org, service, *states: AccountState | None, active: bool = True):
    """One person of `service` per state (None: no directory account), added to the accounts
    already there (the service replaces them all, as a sync does)."""
    people = [make_person(org, f"Agent {n}", service=service, is_active=active) for n in range(len(states))]
    accounts = {
        account.person_id: AccountState(account.enabled, account.mfa_registered, account.last_sign_in)
        for account in DirectoryAccount.objects.filter(organisation=org)
    }
    accounts.update({p.pk: s for p, s in zip(people, states, strict=True) if s is not None})
    directory_accounts_replace(organisation=org, states=accounts)
    return people


def test_mfa_coverage_counts_enabled_accounts_with_a_known_state_only(org):
    service = make_service(org)
    people_with(
        org,
        service,
        AccountState(True, True, None),
        AccountState(True, True, None),
        AccountState(True, True, None),
        AccountState(True, False, None),
        AccountState(True, None, None),  # unknown: neither side
        AccountState(False, True, None),  # disabled: neither side
        None,  # no account in the directory
    )

    total = values("mfa_taux", org)[TOTAL]

    assert (total.value, total.count) == (Decimal("75.0"), 3)
    assert drilled("mfa_taux", org) == 3
    assert get_indicator("mfa_taux").level(total.value) == "rouge"
    assert get_indicator("mfa_taux").level(Decimal(95)) == "vert"


def test_a_tenant_whose_licence_hides_the_report_has_no_coverage_rather_than_zero(org):
    people_with(org, make_service(org), *[AccountState(True, None, None)] * 6)

    total = values("mfa_taux", org)[TOTAL]

    assert (total.value, total.count) == (None, 0)


def test_an_account_is_dormant_after_more_than_ninety_days_without_sign_in(org):
    service = make_service(org)
    people_with(
        org,
        service,
        AccountState(True, True, TODAY - timedelta(days=91)),
        AccountState(True, True, TODAY - timedelta(days=90)),
        AccountState(True, True, None),  # unknown (or never): not counted
        AccountState(False, True, TODAY - timedelta(days=400)),  # disabled already
    )
    # Someone who has left but whose account is still enabled is exactly what this is for.
    people_with(org, service, AccountState(True, None, TODAY - timedelta(days=200)), active=False)

    assert values("comptes_inactifs", org)[TOTAL].value == Decimal(2)
    assert drilled("comptes_inactifs", org) == 2


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False)])
def test_a_lone_service_under_the_minimum_group_size_shows_no_coverage_nor_total(org, people, hidden):
    small = make_service(org, "Petit service")
    people_with(org, small, *[AccountState(True, True, None)] * (people - 1), AccountState(True, False, None))

    with override_settings(GOUVERNAIL_MIN_GROUP_SIZE=5):
        per_service = values("mfa_taux", org)

    value = per_service[str(small.pk)]
    assert (value.hidden == INSUFFICIENT_GROUP) is hidden
    if hidden:
        assert (value.value, value.count) == (None, None)
    else:
        assert (value.value, value.count) == (Decimal("80.0"), 4)
        assert drilled("mfa_taux", org, str(small.pk)) == 4
    # The only service: its total would be its own figure.
    assert per_service[TOTAL].count == (None if hidden else people - 1)
    assert (per_service[TOTAL].hidden == INSUFFICIENT_GROUP) is hidden


def test_the_drilldowns_open_the_person_list_with_exactly_count_people(org, client_for):
    today = timezone.localdate()
    service = make_service(org)
    people_with(
        org,
        service,
        *[AccountState(True, True, today - timedelta(days=200))] * 4,
        AccountState(True, False, today),
        AccountState(True, None, today),
    )
    client = client_for(Role.DIRECTION)
    for code, key in (("mfa_taux", TOTAL), ("mfa_taux", str(service.pk)), ("comptes_inactifs", TOTAL)):
        indicator = get_indicator(code)
        value = values(code, org, today)[key]
        response = client.get(indicator.url(indicator.period_for(today), key, today))
        assert response.status_code == 200
        assert response.context["total_count"] == value.count == 4, code


def test_only_roles_that_read_people_reach_the_lists_behind_the_account_indicators(org, client_for):
    # The dashboards' readers must all be allowed to read people, or a number would link to a refusal.
    assert READ_ROLES["dashboards"] <= READ_ROLES["people"]
    url = get_indicator("comptes_inactifs").url(PERIOD, TOTAL, TODAY)

    assert client_for(Role.PRESTATAIRE).get(url).status_code == 403
    assert client_for(Role.PRESTATAIRE).get(reverse("metrics:dashboard", args=["antivirus"])).status_code == 403


def test_the_security_dashboard_has_an_accounts_section_and_the_copil_one_the_coverage(org, client_for):
    security = get_dashboard("antivirus")
    section = next(s for s in security.sections if s.title == "Comptes et MFA")
    assert [w.code for w in section.widgets] == ["mfa_taux", "comptes_inactifs", "mfa_taux"]
    assert "mfa_taux" in get_dashboard("copil").codes

    response = client_for(Role.ELU).get(reverse("metrics:dashboard", args=["antivirus"]))

    assert response.status_code == 200
    assert "Comptes et MFA" in response.content.decode()
