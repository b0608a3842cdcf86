"""Contracts: the end date and the notice deadline derive from the start, the duration and the
notice; « à renouveler » means running and ending within 12 months."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.vendors.models import Contract, Vendor, derive_end_date


def test_a_contract_of_36_months_from_1_january_2025_ends_on_31_december_2027(org):
    contract = make_contract(org, make_vendor(org), start_date=date(2025, 1, 1), duration_months=36, notice_months=3)

    contract.refresh_from_db()
    assert contract.end_date == date(2027, 12, 31)
    assert contract.notice_deadline == date(2027, 9, 30)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 1), 12, date(2025, 12, 31)),
        (date(2025, 1, 1), 1, date(2025, 1, 31)),
        (date(2024, 3, 15), 6, date(2024, 9, 14)),
        (date(2023, 3, 1), 12, date(2024, 2, 29)),
    ],
)
def test_the_end_date_is_the_day_before_the_anniversary(start, months, end):
    assert derive_end_date(start, months) == end


def test_the_duration_wins_over_a_typed_end_date(org):
    contract = make_contract(org, make_vendor(org), duration_months=12, end_date=date(2030, 1, 1), notice_months=0)

    assert Contract.objects.get(pk=contract.pk).end_date == date(2025, 12, 31)
    assert Contract.objects.get(pk=contract.pk).notice_deadline == date(2025, 12, 31)


def test_without_a_duration_the_notice_deadline_follows_the_typed_end_date(org):
    contract = make_contract(org, make_vendor(org), duration_months=None, end_date=date(2026, 6, 30), notice_months=6)

    assert Contract.objects.get(pk=contract.pk).notice_deadline == date(2025, 12, 30)


def test_changing_the_duration_moves_the_end_date_and_the_notice_deadline(org):
    contract = make_contract(org, make_vendor(org), duration_months=36, notice_months=3)

    contract.duration_months = 48
    contract.save()

    contract.refresh_from_db()
    assert (contract.end_date, contract.notice_deadline) == (date(2028, 12, 31), date(2028, 9, 30))


def clean_errors(contract: Contract) -> dict:
    with pytest.raises(ValidationError) as error:
        contract.full_clean(exclude=["organisation", "vendor"])
    return error.value.message_dict


def test_a_contract_ending_before_it_starts_is_refused(org):
    contract = Contract(
        organisation=org, reference="R", subject="S", start_date=date(2025, 6, 1), end_date=date(2025, 5, 31)
    )

    assert clean_errors(contract) == {
        "end_date": ["La date de fin (31/05/2025) précède la date de début (01/06/2025)."]
    }


def test_a_contract_without_duration_nor_end_date_is_refused(org):
    contract = Contract(organisation=org, reference="R", subject="S", start_date=date(2025, 6, 1))

    assert clean_errors(contract) == {"end_date": ["Indiquez la durée ou la date de fin du contrat."]}


def test_a_contract_ending_on_its_first_day_is_accepted(org):
    contract = Contract(
        organisation=org, reference="R", subject="S", start_date=date(2025, 6, 1), end_date=date(2025, 6, 1)
    )

    contract.full_clean(exclude=["organisation", "vendor"])


def test_a_duration_running_past_the_calendar_is_refused_not_crashed(org):
    contract = Contract(organisation=org, reference="R", subject="S", start_date=date(9999, 6, 1), duration_months=12)

    assert clean_errors(contract) == {"duration_months": ["La date de fin qui en découle dépasse l'an 9999."]}


def test_a_notice_reaching_before_year_one_is_refused_not_crashed(org):
    contract = Contract(
        organisation=org,
        reference="R",
        subject="S",
        start_date=date(2025, 1, 1),
        duration_months=12,
        notice_months=30000,
    )

    assert clean_errors(contract) == {
        "notice_months": ["Ce préavis placerait la date limite de dénonciation avant l'an 1."]
    }


#
# À renouveler sous 12 mois
#

RUNNING_2025_2027 = {"start_date": date(2025, 1, 1), "duration_months": 36}  # ends 31/12/2027


@pytest.mark.parametrize(
    ("contract", "today", "expected"),
    [
        (RUNNING_2025_2027, date(2026, 6, 1), False),  # ends in 19 months
        (RUNNING_2025_2027, date(2026, 12, 30), False),  # ends in 12 months and 1 day
        (RUNNING_2025_2027, date(2026, 12, 31), True),  # ends in exactly 12 months
        (RUNNING_2025_2027, date(2027, 1, 1), True),
        (RUNNING_2025_2027, date(2027, 12, 31), True),  # last day
        (RUNNING_2025_2027, date(2028, 1, 1), False),  # ended
        ({"start_date": date(2026, 9, 1), "duration_months": 6}, date(2026, 6, 1), False),  # not started
        ({"start_date": date(2026, 9, 1), "duration_months": 6}, date(2026, 9, 1), True),  # starts today
        (
            {"start_date": date(2020, 1, 1), "duration_months": None, "end_date": date(2026, 3, 31)},
            date(2026, 1, 1),
            True,
        ),
    ],
)
def test_a_contract_is_to_renew_when_running_and_ending_within_12_months(org, contract, today, expected):
    row = make_contract(org, make_vendor(org), **contract)

    assert row.to_renew(today) is expected
    assert Contract.objects.filter(pk=row.pk).to_renew(today).exists() is expected


def test_the_to_renew_queryset_agrees_with_the_instance_method(org):
    vendor = make_vendor(org)
    for index, (start, months) in enumerate(
        [
            (date(2024, 1, 1), 12),
            (date(2024, 7, 1), 24),
            (date(2025, 1, 1), 36),
            (date(2025, 11, 15), 3),
            (date(2026, 1, 1), 12),
            (date(2026, 12, 31), 1),
            (date(2023, 2, 28), 48),
            (date(2027, 1, 1), 60),
        ]
    ):
        make_contract(org, vendor, f"C-{index}", start_date=start, duration_months=months)
    contracts = list(Contract.objects.all())

    for today in [date(2024, 6, 1), date(2025, 1, 1), date(2025, 12, 31), date(2026, 2, 28), date(2026, 12, 31)]:
        by_instance = {c.pk for c in contracts if c.to_renew(today)}
        by_query = set(Contract.objects.to_renew(today).values_list("pk", flat=True))
        assert by_query == by_instance, today
    assert any(Contract.objects.to_renew(day).exists() for day in [date(2025, 12, 31), date(2026, 2, 28)])


#
# What a Prestataire sees
#


@pytest.fixture
def prestataire(users) -> Membership:
    return users[Role.PRESTATAIRE].memberships.get()


def test_a_prestataire_sees_only_the_vendors_it_operates_and_their_contracts(org, users, prestataire):
    own, other = make_vendor(org, "A"), make_vendor(org, "B")
    own.accounts.add(prestataire)
    own_contract, other_contract = make_contract(org, own, "A-1"), make_contract(org, other, "B-1")

    assert list(Vendor.objects.visible_to(prestataire)) == [own]
    assert list(Contract.objects.visible_to(prestataire)) == [own_contract]
    assert (own.is_visible_to(prestataire), other.is_visible_to(prestataire)) == (True, False)
    assert (own_contract.is_visible_to(prestataire), other_contract.is_visible_to(prestataire)) == (True, False)


def test_other_roles_see_every_vendor_and_contract_of_their_organisation(org, users, other_org):
    vendor = make_vendor(org)
    contract = make_contract(org, vendor)
    make_contract(other_org, make_vendor(other_org))
    auditeur = users[Role.AUDITEUR].memberships.get()

    assert list(Contract.objects.visible_to(auditeur)) == [contract]
    assert vendor.is_visible_to(auditeur) and contract.is_visible_to(auditeur)
