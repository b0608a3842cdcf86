"""The fleet, Windows 11, antivirus, vendor and action-plan indicators at their edges."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.test import override_settings
from django.utils import timezone

from gouvernail.metrics.builders import MISSING
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.core import make_person, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.steering import make_action, make_expected_decision, make_project
from gouvernail.testing.factories.vendors import make_contract, make_vendor


def today() -> date:
    # The list filters behind the drill-downs (« protected », « to_renew ») compare with today.
    return timezone.localdate()


def values(code: str, organisation) -> dict:
    return {v.key: v for v in get_indicator(code).compute(organisation, Period.month(today()), today())}


def drilled(code: str, organisation, key: str = TOTAL) -> int:
    indicator = get_indicator(code)
    value = values(code, organisation)[key]
    assert indicator.records(organisation, Period.month(today()), key, today()).count() == value.count
    return value.count


#
# Windows 11
#


def test_a_windows_server_2025_at_build_26100_is_not_a_migrated_workstation(org):
    site = make_site(org)
    make_equipment(org, "SRV-01", family="serveur", site=site, os_name="Windows Server 2025", os_version="10.0.26100")
    make_equipment(org, "PC-01", site=site, os_name="Windows 11 Pro", os_version="10.0.26100")
    make_equipment(org, "PC-02", site=site, os_name="Windows 10 Pro", os_version="10.0.19045")

    assert drilled("w11_migres", org, str(site.pk)) == 1
    assert drilled("w11_restants", org, str(site.pk)) == 1
    assert values("w11_taux", org)[str(site.pk)].value == Decimal("50.0")


def test_build_22000_is_the_first_windows_11_and_21999_still_windows_10(org):
    make_equipment(org, "PC-A", os_name="Windows", os_version="10.0.22000")
    make_equipment(org, "PC-B", os_name="Windows", os_version="10.0.21999")

    assert drilled("w11_migres", org) == 1
    assert drilled("w11_restants", org) == 1


def test_a_device_without_site_is_counted_under_its_own_drilldown(org):
    make_equipment(org, "PC-SANS-SITE", os_name="Windows", os_version="10.0.22631")

    assert drilled("w11_migres", org, MISSING) == 1


def test_retired_devices_are_neither_migrated_nor_remaining(org):
    make_equipment(org, "PC-HS", state="hors_service", os_name="Windows", os_version="10.0.19045")

    assert drilled("w11_restants", org) == 0
    assert values("w11_taux", org)[TOTAL].value is None


#
# Fleet
#


def test_a_device_without_purchase_date_is_left_out_of_the_average_age_and_the_renewals(org):
    make_equipment(org, "PC-DATE", purchase_date=today() - relativedelta(years=4))
    make_equipment(org, "PC-SANS-DATE")

    age = values("parc_age_moyen", org)[TOTAL]

    assert age.value == Decimal("4.0")
    assert drilled("parc_age_moyen", org) == 1
    assert drilled("parc_type", org, "pc_fixe") == 2
    assert drilled("parc_renouvellements", org) == 0


def test_a_desktop_reaching_six_years_next_quarter_is_projected_there_with_its_cost(org):
    next_quarter = Period.quarter(today()).shift(1)
    make_equipment(org, "PC-01", purchase_date=next_quarter.start - relativedelta(years=6))
    make_equipment(org, "PC-02", purchase_date=next_quarter.start - relativedelta(years=6, days=1))
    key = f"{next_quarter.key}|pc_fixe"

    assert drilled("parc_renouvellements", org, key) == 1
    # One day earlier: six years old on the last day of the current quarter.
    assert drilled("parc_renouvellements", org, f"{Period.quarter(today()).key}|pc_fixe") == 1
    assert values("parc_renouvellements_budget", org)[key].value == Decimal(900)


@override_settings(GOUVERNAIL_RENEWAL_AGE_YEARS={"pc_fixe": 3}, GOUVERNAIL_RENEWAL_UNIT_COST={"pc_fixe": 1000})
def test_renewal_ages_and_unit_costs_are_configurable(org):
    make_equipment(org, "PC-01", purchase_date=today() - relativedelta(years=4))

    assert drilled("parc_renouvellements", org, "echus|pc_fixe") == 1
    assert values("parc_renouvellements_budget", org)[TOTAL].value == Decimal(1000)


def test_new_refurbished_assigned_and_unassigned_split_the_fleet_in_service(org):
    agent = make_person(org)
    make_equipment(org, "PC-01", condition="reconditionne", assigned_to=agent)
    make_equipment(org, "PC-02")
    make_equipment(org, "PC-03", state="en_stock")

    assert drilled("parc_etat_achat", org, "reconditionne") == 1
    assert drilled("parc_etat_achat", org, "neuf") == 1
    assert drilled("parc_affectation", org, "true") == 1
    assert drilled("parc_affectation", org, "false") == 1


#
# Antivirus
#


@pytest.mark.parametrize(("days_ago", "protected"), [(7, True), (8, False)])
def test_a_computer_is_protected_when_its_antivirus_reported_up_to_date_within_seven_days(org, days_ago, protected):
    make_equipment(
        org,
        "PC-01",
        antivirus_product="ESET",
        antivirus_status="a_jour",
        antivirus_seen=today() - timedelta(days=days_ago),
    )

    assert drilled("av_proteges", org) == int(protected)
    assert drilled("av_non_proteges", org) == int(not protected)


def test_phones_are_not_counted_and_a_device_without_product_has_its_own_line(org):
    make_equipment(org, "TEL-01", family="smartphone")
    make_equipment(org, "PC-01", antivirus_status="desactive")

    assert values("av_taux", org)[TOTAL].value == Decimal("0.0")
    assert drilled("av_produit", org, MISSING) == 1


#
# Vendors, projects, action plan
#


def test_a_contract_ending_within_twelve_months_is_to_renew_and_one_ended_is_not(org):
    vendor = make_vendor(org)
    make_contract(org, vendor, "A", start_date=today() - relativedelta(months=30), duration_months=36)
    make_contract(org, vendor, "B", start_date=today() - relativedelta(months=40), duration_months=36)
    make_contract(org, vendor, "C", start_date=today() - relativedelta(months=1), duration_months=48)

    assert drilled("contrats_en_cours", org) == 2
    assert drilled("contrats_a_renouveler", org) == 1


def test_the_renewal_table_shows_the_notice_deadline_and_flags_it_when_passed(org):
    from gouvernail.metrics.indicators.vendors import contracts_to_renew

    vendor = make_vendor(org)
    contract = make_contract(
        org, vendor, "A", start_date=today() - relativedelta(months=34), duration_months=36, notice_months=3
    )

    columns, rows, more_url = contracts_to_renew(org, today())

    assert contract.notice_deadline == contract.end_date - relativedelta(months=3)
    assert rows[0][3].endswith("(dépassée)")
    assert more_url == "/contrats/?to_renew=true"


def test_critical_vendors_count_only_the_active_ones(org):
    make_vendor(org, "A", is_critical=True)
    make_vendor(org, "B", is_critical=True, is_active=False)

    assert drilled("prestataires_critiques", org) == 1


def test_projects_count_by_weather_and_open_decisions(org):
    running = make_project(org, "A", status="en_risque", is_structuring=True)
    make_project(org, "B", status="termine")
    make_expected_decision(org, running)
    make_expected_decision(org, running, is_settled=True)

    assert drilled("projets_en_cours", org) == 1
    assert drilled("projets_meteo", org, "en_risque") == 1
    assert drilled("projets_structurants", org) == 1
    assert drilled("decisions_attendues", org) == 1


def test_the_action_plan_progress_counts_done_actions_among_all(org):
    make_action(org, 1, status="fait")
    make_action(org, 2, status="en_cours", due_date=today() - timedelta(days=1))
    make_action(org, 3, status="a_etudier")
    make_action(org, 4, status="fait")

    assert values("actions_realisees_taux", org)[TOTAL].value == Decimal("50.0")
    assert drilled("actions_realisees_taux", org) == 2
    assert drilled("actions_en_retard", org) == 1
    assert drilled("actions_statut", org, "fait") == 2
