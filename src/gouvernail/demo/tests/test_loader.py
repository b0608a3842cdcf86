"""The demo organisation: the study's facts, the synthetic data around them, and the command.

The expected facts are written here, from the study, rather than read from seed.yaml: a typo
in the seed file must fail a test, not move the expectation with it.

Loading the demo takes a few seconds, so the read-only tests share one load per module
(`demo`); the tests that reset or reload work inside their own transaction, rolled back
after them, and those that need an empty database purge it in theirs (`empty_database`).
"""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from gouvernail.applications.models import Application
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry, Membership, Organisation, Person, User
from gouvernail.core.services import person_ids_by_email
from gouvernail.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from gouvernail.demo.loader import load_demo, purge_demo
from gouvernail.demo.people import work_email
from gouvernail.demo.records import SEED_PATH, load_seed
from gouvernail.demo.vendors import OUTSOURCER, build_contracts, build_vendors
from gouvernail.governance.analysis import analysis_report
from gouvernail.governance.indicators import acknowledgement_rates
from gouvernail.governance.models import (
    AcknowledgementCampaign,
    Committee,
    Decision,
    FrameworkDocument,
    Meeting,
    ScenarioAnalysis,
)
from gouvernail.governance.register import verify_register
from gouvernail.inventory.models import Equipment
from gouvernail.steering.models import (
    ActionEvent,
    ActionItem,
    ExpectedDecision,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
)
from gouvernail.vendors.models import Contract, Procurement, Vendor, VendorContact
from gouvernail.vendors.reports import offer_analysis

# A day of the demo's continuation, months after the study (published on 04/03/2026): the
# study's history, then the COPILs, the charte and the deferral episode that followed it.
REFERENCE_DATE = date(2026, 11, 19)

# The application map of the study: name → (vendor, hosting).
APPLICATION_MAP = {
    "iNoé": ("AÏGA", "web"),
    "iMuse": ("AÏGA", "web"),
    "AWS": (None, "poste_local"),
    "Marchés Publics 3P": ("3P", "poste_local"),
    "Berger-Levrault": ("Berger-Levrault", "web"),
    "SurfPass": ("COGILAB", "serveur_site"),
    "Nextcloud": ("NG Analytics", "web"),
    "GestSup": ("GestSup", "web"),
    "i-Parapheur": ("Libriciel SCOP", "web"),
    "RustDesk": ("RustDesk", "poste_local"),
}
# The action plan of the study: number → (title, status).
ACTION_PLAN = {
    1: ("Mettre à jour le schéma d'infrastructure et l'inventaire des équipements", "en_cours"),
    2: ("Mettre à jour les systèmes d'exploitation obsolètes", "en_cours"),
    3: ("Formaliser une politique de gestion des mots de passe pour l'ensemble des applications", "a_valider"),
    4: ("Rédiger une charte informatique et la lier au règlement intérieur (agents et élus)", "en_cours"),
    5: (
        "Renforcer le service SI (support, projets, budget) avec un prestataire, ou la création d'un poste",
        "en_cours",
    ),
    6: ("Déployer un gestionnaire de mots de passe (KeePass)", "a_etudier"),
    7: ("Plan de sensibilisation continu (campagne de phishing, communication interne, quiz)", "a_etudier"),
    8: ("Renouveler les mots de passe Wifi tous les 6 mois", "a_planifier"),
    9: ("Mettre en place une gestion centralisée des comptes utilisateurs", "a_etudier"),
    10: ("Mettre en place une gestion centralisée de l'antivirus", "a_etudier"),
    11: ("Retirer les droits d'administrateur local aux utilisateurs", "a_planifier"),
    12: ("Activer l'authentification forte (2FA) pour les accès critiques", "a_planifier"),
    13: ("Mettre en place un filtrage web et tracer les accès internet", "a_planifier"),
    14: ("Continuer la mise en conformité au RGPD", "en_cours"),
    15: ("Formaliser et tester un Plan de Reprise d'Activité (PRA)", "a_planifier"),
    16: ("Mettre en place un MDM pour la gestion des mobiles", "a_etudier"),
    17: ("Migrer la messagerie OVH MX Plan vers Hosted Exchange", "a_planifier"),
}
# The two actions a COPIL after the study defers then resumes, in their logbook only (synthetic).
DEFERRED_ACTIONS = {6, 15}
ROADMAP_AXES = [
    "Gouvernance & pilotage SI",
    "Identités & accès (cloud-only)",
    "Cybersécurité",
    "RGPD & conformité",
    "Postes & environnement de travail",
    "Outils collaboratifs & messagerie",
    "Support & exploitation SI",
    "Continuité d'activité",
    "Accompagnement & formation",
]
DEMO_EMAILS = {
    "admin@gesnois-bilurien.example": Role.ADMIN,
    "referent@gesnois-bilurien.example": Role.REFERENT_SI,
    "direction@gesnois-bilurien.example": Role.DIRECTION,
    "elu@gesnois-bilurien.example": Role.ELU,
    "prestataire@gesnois-bilurien.example": Role.PRESTATAIRE,
    "auditeur@gesnois-bilurien.example": Role.AUDITEUR,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, at REFERENCE_DATE, and purged afterwards."""
    with django_db_blocker.unblock():
        summary = load_demo(reference_date=REFERENCE_DATE)
    yield summary.organisation
    with django_db_blocker.unblock():
        purge_demo()


@pytest.fixture
def empty_database(db):
    """No organisation, whether or not the module's demo is loaded (the purge is rolled back)."""
    purge_demo()
    assert not Organisation.objects.exists()


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot(organisation: Organisation) -> dict[str, list]:
    """What must not change from one load to the next: names, serials, dates."""
    return {
        "people": list(
            Person.objects.for_organisation(organisation)
            .order_by("kind", "last_name", "first_name", "function")
            .values_list("first_name", "last_name", "function", "service__name", "site__name", "is_active")
        ),
        "devices": list(
            Equipment.objects.for_organisation(organisation)
            .order_by("serial")
            .values_list(
                "serial", "name", "family", "model", "os_version", "purchase_date", "assigned_to__last_name", "state"
            )
        ),
        "contracts": list(
            Contract.objects.for_organisation(organisation)
            .order_by("reference")
            .values_list("reference", "vendor__name", "start_date", "end_date", "notice_deadline")
        ),
        "actions": list(
            ActionItem.objects.for_organisation(organisation)
            .order_by("number")
            .values_list("number", "status", "due_date", "owner_person__last_name", "owner_vendor__name", "axis__name")
        ),
        "projects": list(
            Project.objects.for_organisation(organisation)
            .order_by("name")
            .values_list("name", "status", "planned_start", "planned_end", "budget_committed", "budget_spent")
        ),
    }


#
# The seed facts
#


@pytest.mark.django_db
def test_it_creates_the_organisation_of_the_study_flagged_as_demo(demo):
    assert demo.name == "Communauté de communes du Gesnois Bilurien"
    assert (demo.slug, demo.kind, demo.siren, demo.department) == ("gesnois-bilurien", "cc", "200072684", "72")
    assert demo.is_demo is True


@pytest.mark.django_db
def test_it_creates_the_ten_applications_of_the_map(demo):
    applications = Application.objects.for_organisation(demo).select_related("vendor")
    found = {a.name: (a.vendor.name if a.vendor else None, a.hosting) for a in applications}
    assert found == APPLICATION_MAP


@pytest.mark.django_db
def test_it_keeps_the_columns_of_the_map(demo):
    by_name = {a.name: a for a in Application.objects.for_organisation(demo)}
    inoe, nextcloud, surfpass = by_name["iNoé"], by_name["Nextcloud"], by_name["SurfPass"]
    assert (inoe.in_place_since, inoe.in_place_note) == (date(2024, 7, 1), "en remplacement de Noé")
    assert inoe.process == "Gestion des structures PEEJ + Espace Familles"
    assert inoe.scope_note == "PEEJ – Comptabilité"
    assert inoe.contacts == "technicien, consultant, assistante commerciale, attaché commercial"
    assert (nextcloud.in_place_since, nextcloud.in_place_note) == (date(2020, 3, 1), "mars-avril 2020")
    assert (nextcloud.sourcing, nextcloud.users_note, nextcloud.scope_note) == (
        "libre",
        "Tous les agents",
        "Tous les sites",
    )
    assert (surfpass.platform, surfpass.hosting_note) == ("Logiciel serveur + clients", "Serveur EPN")
    assert by_name["RustDesk"].sourcing == "libre"
    assert {a.sourcing for name, a in by_name.items() if name not in {"Nextcloud", "RustDesk"}} == {"marche"}
    assert by_name["Marchés Publics 3P"].contacts == "support@3P.eu"
    assert by_name["i-Parapheur"].users_note == "Tous les services, Président et vice-présidents concernés"
    assert nextcloud.sites.count() == 5
    assert list(surfpass.sites.values_list("name", flat=True)) == ["Cybercentre / EPN"]


def test_the_seed_file_holds_no_phone_number():
    text = SEED_PATH.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\d)(?:\+33|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)", text)


@pytest.mark.django_db
def test_it_creates_the_vendors_of_the_map_and_those_the_study_mentions(demo):
    names = set(Vendor.objects.for_organisation(demo).values_list("name", flat=True))
    named_by_the_map = {
        "AÏGA",
        "3P",
        "Berger-Levrault",
        "COGILAB",
        "NG Analytics",
        "GestSup",
        "Libriciel SCOP",
        "RustDesk",
    }
    assert named_by_the_map <= names
    assert {"Orange", "SFR", "OVH", OUTSOURCER} <= names
    critical = set(Vendor.objects.for_organisation(demo).filter(is_critical=True).values_list("name", flat=True))
    assert {"Berger-Levrault", "NG Analytics", "Orange", "OVH", OUTSOURCER} <= critical


@pytest.mark.django_db
def test_vendor_contacts_are_roles_without_any_phone_number(demo):
    contacts = VendorContact.objects.for_organisation(demo)
    assert contacts.exists()
    assert not contacts.exclude(phone="").exists()
    assert all(c.email.endswith(("example.org", "@3P.eu")) or c.url == "https://portail.libriciel.fr" for c in contacts)


#
# The synthetic data
#


@pytest.mark.django_db
def test_it_creates_about_180_active_agents_and_ten_elected_officials(demo):
    people = Person.objects.for_organisation(demo)
    assert 170 <= people.filter(kind="agent", is_active=True).count() <= 190
    assert people.filter(kind="agent", is_active=False).exists()
    assert people.filter(kind="elu").count() == 10
    assert not people.filter(kind="agent", service=None).exists()


@pytest.mark.django_db
def test_every_agent_has_a_distinct_synthetic_work_email_the_connectors_find_them_by(demo):
    people = Person.objects.for_organisation(demo)
    addresses = list(people.filter(kind="agent").values_list("email", flat=True))
    assert len(set(addresses)) == len(addresses)
    assert all(re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+\d*@gesnois-bilurien\.example", a) for a in addresses)
    assert not people.filter(kind="elu").exclude(email="").exists()
    found = person_ids_by_email(demo)
    assert set(people.filter(kind="agent").values_list("pk", flat=True)) <= set(found.values())


def test_a_work_email_drops_accents_and_is_numbered_when_taken():
    taken: set[str] = set()
    first = work_email("Élodie", "Lefèvre", taken)
    second = work_email("Elodie", "Lefevre", taken)
    assert (first, second) == ("elodie.lefevre@gesnois-bilurien.example", "elodie.lefevre2@gesnois-bilurien.example")
    assert work_email("Jean-Marc", "Le Gall", taken) == "jean-marc.le-gall@gesnois-bilurien.example"


@pytest.mark.django_db
def test_the_fleet_counts_between_180_and_200_devices_with_unique_serials(demo):
    devices = Equipment.objects.for_organisation(demo)
    assert 180 <= devices.count() <= 200
    serials = list(devices.values_list("serial", flat=True))
    assert "" not in serials
    assert len(set(serials)) == len(serials)


@pytest.mark.django_db
def test_the_fleet_has_the_30_smartphones_and_24_tablets_of_the_study_of_which_2_apple(demo):
    devices = Equipment.objects.for_organisation(demo)
    assert devices.filter(family="smartphone").count() == 30
    tablets = devices.filter(family="tablette")
    assert tablets.count() == 24
    assert tablets.filter(manufacturer="Apple", os_name="iPadOS").count() == 2
    assert devices.filter(manufacturer="Apple").count() == 2
    assert tablets.exclude(manufacturer="Apple").filter(os_name="Android").count() == 22


@pytest.mark.django_db
def test_the_fleet_mixes_pc_ages_conditions_assignments_and_infrastructure(demo):
    devices = Equipment.objects.for_organisation(demo)
    pcs = devices.filter(family__in=["pc_fixe", "pc_portable"])
    years = set(pcs.values_list("purchase_date__year", flat=True))
    assert min(years) == 2016 and max(years) == 2025
    assert pcs.filter(condition="reconditionne").exists()
    assert pcs.filter(assigned_to__isnull=False).count() > pcs.filter(assigned_to__isnull=True).count() > 0
    assert pcs.filter(state="en_stock").exists()
    assert devices.filter(family="serveur", os_name__startswith="Windows Server 2019", os_version="10.0.17763").exists()
    assert devices.filter(family="reseau").count() >= 5
    assert devices.filter(family="imprimante").exists()
    assert not devices.exclude(notes__startswith="Donnée de démonstration (synthétique)").exists()


@pytest.mark.django_db
def test_about_half_of_the_pcs_still_run_windows_10(demo):
    pcs = Equipment.objects.for_organisation(demo).filter(family__in=["pc_fixe", "pc_portable"], state="en_service")
    windows_10 = pcs.filter(os_class="windows_10")
    windows_11 = pcs.filter(os_class="windows_11")
    assert windows_10.count() + windows_11.count() == pcs.count()
    assert 0.45 <= windows_10.count() / pcs.count() <= 0.65
    assert set(windows_10.values_list("os_version", flat=True)) == {"10.0.19045", "10.0.19044"}
    assert set(windows_11.values_list("os_version", flat=True)) == {"10.0.22631", "10.0.26100"}
    assert set(windows_10.values_list("os_name", flat=True)) == {"Windows 10 Professionnel"}
    products = set(pcs.values_list("antivirus_product", flat=True))
    assert products == {"Microsoft Defender", "ESET Endpoint Security"}
    assert pcs.filter(antivirus_status="a_jour").count() > pcs.count() * 0.7
    assert pcs.exclude(antivirus_status="a_jour").exists()


@pytest.mark.django_db
def test_every_contract_ends_after_its_duration_and_its_notice_deadline_is_end_minus_notice(demo):
    contracts = Contract.objects.for_organisation(demo)
    assert 14 <= contracts.count() <= 16
    for contract in contracts:
        assert contract.duration_months in {12, 24, 36, 48}
        assert 1 <= contract.notice_months <= 6
        assert contract.end_date == contract.start_date + relativedelta(months=contract.duration_months) - timedelta(1)
        assert contract.notice_deadline == contract.end_date - relativedelta(months=contract.notice_months)
        assert contract.annual_amount_ttc == (contract.annual_amount_ht * Decimal("1.2")).quantize(Decimal("0.01"))


@pytest.mark.django_db
def test_contracts_have_notice_deadlines_ahead_past_and_one_has_ended(demo):
    contracts = list(Contract.objects.for_organisation(demo))
    horizon = REFERENCE_DATE + relativedelta(months=12)
    assert sum(REFERENCE_DATE < c.notice_deadline <= horizon for c in contracts) >= 4
    assert sum(c.notice_deadline < REFERENCE_DATE <= c.end_date for c in contracts) >= 2
    assert sum(c.end_date < REFERENCE_DATE for c in contracts) >= 1
    assert any(c.tacit_renewal for c in contracts) and any(c.procurement_reference for c in contracts)
    structuring = {c.vendor.name for c in contracts if c.is_structuring}
    assert {"Orange", OUTSOURCER} <= structuring


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reference_date", [date(2026, 1, 31), date(2026, 2, 28), date(2027, 12, 31), date(2028, 2, 29), date(2031, 7, 1)]
)
def test_contract_deadlines_hold_whatever_the_reference_date(reference_date):
    # Only vendors and contracts are needed: the dates depend on nothing else.
    organisation = Organisation.objects.create(name="Essai", slug="essai")
    vendors = build_vendors(organisation, load_seed()["vendors"])
    build_contracts(organisation, vendors, reference_date)
    contracts = list(Contract.objects.for_organisation(organisation))
    horizon = reference_date + relativedelta(months=12)
    assert sum(reference_date < c.notice_deadline <= horizon for c in contracts) >= 4
    assert sum(c.notice_deadline < reference_date <= c.end_date for c in contracts) >= 2
    assert sum(c.end_date < reference_date for c in contracts) >= 1


@pytest.mark.django_db
def test_applications_are_linked_to_the_contract_of_their_vendor(demo):
    applications = Application.objects.for_organisation(demo).select_related("contract")
    linked = [a for a in applications if a.contract is not None]
    assert {a.name for a in linked} >= {"Berger-Levrault", "iNoé", "Nextcloud"}
    assert all(a.contract.vendor_id == a.vendor_id for a in linked)
    assert Application.objects.get(organisation=demo, name="AWS").vendor is None


#
# The procurement of the study
#

# The calendar of the procedure, from the study: position → (name starts with, start, end).
PROCUREMENT_STEPS = {
    1: ("Rédaction par les services gestionnaires des pièces techniques", date(2025, 10, 20), date(2025, 11, 21)),
    3: ("Relecture et correction du DCE finalisé", date(2025, 11, 19), date(2025, 12, 2)),  # 2028 in the study
    5: ("Choix des 4 candidats", date(2025, 12, 17), None),
    6: ("Date limite de remise des offres (DLRO)", date(2026, 1, 23), None),
    7: ("Analyse des offres et des candidatures", date(2026, 1, 23), date(2026, 2, 3)),
    9: ("Envoi des lettres de rejet", None, None),
    13: ("Notification du marché / accord-cadre", date(2026, 2, 9), None),
    19: ("Démarrage du déploiement", date(2026, 2, 28), None),
}


@pytest.mark.django_db
def test_the_procurement_of_the_study_has_its_19_steps(demo):
    procurement = Procurement.objects.get(organisation=demo)
    assert procurement.subject == "Accompagnement / infogérance SI (DCE, CCTP)"
    steps = {step.position: step for step in procurement.steps.all()}
    assert sorted(steps) == list(range(1, 20))
    for position, (name, start, end) in PROCUREMENT_STEPS.items():
        step = steps[position]
        assert step.name.startswith(name), position
        assert (step.planned_start, step.planned_end) == (start, end), position
    assert [p for p, step in steps.items() if step.is_estimate] == [19]
    assert "12 h 00" in steps[6].notes
    assert all(steps[p].is_done for p in range(1, 14)) and not any(steps[p].is_done for p in range(14, 20))
    assert steps[19].is_late(date(2026, 3, 4)) and not steps[19].is_late(date(2026, 2, 28))


@pytest.mark.django_db
def test_the_procurement_is_awarded_to_the_outsourcer_after_a_synthetic_analysis_of_4_candidates(demo):
    procurement = Procurement.objects.get(organisation=demo)
    outsourcer = Vendor.objects.get(organisation=demo, name=OUTSOURCER)
    assert (procurement.status, procurement.awarded_vendor) == ("attribue", outsourcer)
    assert procurement.awarded_contract == Contract.objects.get(organisation=demo, vendor=outsourcer)
    assert procurement.awarded_contract.procurement_reference == procurement.reference
    assert {(c.name, c.weight) for c in procurement.criteria.all()} == {
        ("Prix", Decimal("40")),
        ("Valeur technique", Decimal("45")),
        ("Délais et réversibilité", Decimal("15")),
    }
    candidates = procurement.candidates.all()
    assert candidates.count() == 4
    assert all(c.notes.startswith("Donnée de démonstration (synthétique)") for c in candidates)
    assert "synthétique" in procurement.notes
    [group] = offer_analysis(procurement, strict=True).groups
    assert [(row.result.rank, row.result.is_tied, row.candidate.vendor) for row in group.rows] == [
        (1, False, outsourcer),
        (2, True, None),
        (2, True, None),
        (4, False, None),
    ]
    assert all(score.justification for row in group.rows for _, score in row.cells)


@pytest.mark.django_db
def test_every_row_is_journaled_as_the_system(demo):
    entries = JournalEntry.objects.for_organisation(demo)
    assert entries.count() >= Equipment.objects.for_organisation(demo).count()
    assert set(entries.values_list("user_label", flat=True)) == {"système"}


#
# The action plan, the roadmap and the projects
#


@pytest.mark.django_db
def test_it_creates_the_17_actions_of_the_plan_with_the_studys_titles(demo):
    actions = ActionItem.objects.for_organisation(demo)
    assert {a.number: a.title for a in actions} == {n: title for n, (title, _) in ACTION_PLAN.items()}


@pytest.mark.django_db
def test_each_action_has_the_studys_status(demo):
    statuses = dict(ActionItem.objects.for_organisation(demo).values_list("number", "status"))
    assert statuses == {number: status for number, (_, status) in ACTION_PLAN.items()}


@pytest.mark.django_db
def test_the_deferral_of_two_actions_shows_only_in_their_logbook_and_is_marked_synthetic(demo):
    for number in DEFERRED_ACTIONS:
        action = ActionItem.objects.get(organisation=demo, number=number)
        assert (action.status, action.stop_reason) == (ACTION_PLAN[number][1], "")
        deferred, resumed = action.events.order_by("-at", "-pk")[:2][::-1]
        assert (deferred.to_status, deferred.stop_reason, resumed.to_status) == (
            "reportee",
            "ressources",
            ACTION_PLAN[number][1],
        )
        assert "1 ETP SI, pas d'assistance externe" in deferred.comment
        assert "synthétique" in deferred.comment and "synthétique" in resumed.comment


@pytest.mark.django_db
def test_the_actions_keep_the_studys_remarks(demo):
    remarks = dict(ActionItem.objects.for_organisation(demo).values_list("number", "remarks"))
    assert "30 mobiles + 24 tablettes" in remarks[16]
    assert remarks[2] == "Voir KPI – fin janvier 2026"
    assert remarks[9] == "Azure AD"
    assert remarks[4] == remarks[6] == remarks[15] == ""


@pytest.mark.django_db
def test_action_2_is_due_at_the_end_of_january_2026_as_the_study_says(demo):
    assert ActionItem.objects.get(organisation=demo, number=2).due_date == date(2026, 1, 31)


@pytest.mark.django_db
def test_the_logbook_is_dated_by_the_story_and_signed_by_the_referent_si(demo):
    events = ActionEvent.objects.for_organisation(demo)
    referent = User.objects.get(memberships__organisation=demo, memberships__role=Role.REFERENT_SI)

    assert set(events.values_list("author", flat=True)) == {referent.pk}
    days = {event.at.date() for event in events}
    assert min(days) == date(2025, 10, 17)  # COPIL #1
    assert date(2026, 3, 4) in days and max(days) < REFERENCE_DATE


@pytest.mark.django_db
def test_every_action_has_a_logbook_whose_last_event_is_its_status(demo):
    actions = ActionItem.objects.for_organisation(demo).prefetch_related("events")
    for action in actions:
        events = sorted(action.events.all(), key=lambda event: event.pk)
        assert events, action.number
        assert events[0].from_status == ""
        assert events[0].to_status == "a_etudier"
        assert events[-1].to_status == action.status, action.number
        assert all(later.from_status == earlier.to_status for earlier, later in zip(events, events[1:], strict=False))
    assert ActionEvent.objects.for_organisation(demo).exclude(action__organisation=demo).count() == 0


@pytest.mark.django_db
def test_every_action_has_an_owner_a_due_date_and_an_axis(demo):
    actions = ActionItem.objects.for_organisation(demo)
    assert not actions.filter(owner_person=None, owner_vendor=None).exists()
    assert not actions.filter(due_date=None).exists()
    assert not actions.filter(axis=None).exists()
    owners = {str(a.owner) for a in actions.filter(owner_vendor__isnull=False).select_related("owner_vendor")}
    assert OUTSOURCER in owners
    assert not actions.exclude(description__contains="synthétique").exists()


@pytest.mark.django_db
def test_some_open_actions_are_overdue_at_the_reference_date(demo):
    overdue = ActionItem.objects.for_organisation(demo).overdue(REFERENCE_DATE)
    assert 1 <= overdue.count() <= 5
    assert 2 in set(overdue.values_list("number", flat=True))  # « fin janvier 2026 » has passed
    assert all(action.is_overdue(REFERENCE_DATE) for action in overdue)


@pytest.mark.django_db
def test_it_creates_the_nine_axes_of_the_roadmap_in_the_studys_order(demo):
    axes = RoadmapAxis.objects.for_organisation(demo).order_by("position")
    assert [axis.name for axis in axes] == ROADMAP_AXES
    assert [axis.position for axis in axes] == list(range(1, 10))


@pytest.mark.django_db
def test_it_creates_the_three_yearly_themes(demo):
    themes = {t.year: t.title for t in RoadmapTheme.objects.for_organisation(demo)}
    assert themes == {
        2026: "Structurer (fondations cloud)",
        2027: "Consolider & sécuriser",
        2028: "Optimiser & piloter",
    }


@pytest.mark.django_db
def test_the_matrix_has_items_for_each_axis_and_year_without_months(demo):
    matrix = RoadmapItem.objects.for_organisation(demo).filter(start_month__isnull=True)
    assert matrix.count() == 56
    cells = set(matrix.values_list("axis__name", "year"))
    assert cells == {(axis, year) for axis in ROADMAP_AXES for year in (2026, 2027, 2028)}
    assert not RoadmapItem.objects.for_organisation(demo).filter(year__in=[2027, 2028], start_month__isnull=False)
    cyber_2027 = set(matrix.filter(axis__name="Cybersécurité", year=2027).values_list("title", flat=True))
    assert cyber_2027 == {
        "EDR sur postes",
        "Sauvegardes supervisées et testées (contrat prestataires)",
        "Procédures incidents cyber formalisées",
    }


@pytest.mark.django_db
def test_the_2026_gantt_has_the_23_bars_of_the_study_all_marked_as_estimates(demo):
    bars = RoadmapItem.objects.for_organisation(demo).filter(start_month__isnull=False)
    assert bars.count() == 23
    assert set(bars.values_list("year", "is_estimate")) == {(2026, True)}
    assert not RoadmapItem.objects.for_organisation(demo).filter(start_month=None, is_estimate=True).exists()
    firewall = bars.get(title="Déploiement d'un firewall centralisé")
    assert (firewall.axis.name, firewall.start_month, firewall.end_month) == (
        "Cybersécurité",
        date(2026, 2, 1),
        date(2026, 4, 1),
    )
    closing = bars.get(title="COPIL de clôture 2026")
    assert closing.start_month == closing.end_month == date(2026, 12, 1)


@pytest.mark.django_db
def test_roadmap_statuses_follow_the_calendar_and_what_the_items_carry(demo):
    items = {i.title: i.status for i in RoadmapItem.objects.for_organisation(demo)}
    assert items["Finalisation documentation (SI, accès, cloud)"] == "en_cours"  # October–November
    assert items["COPIL de clôture 2026"] == "prevu"  # December
    # January–February, but action 4 is still « En cours »: not done before it.
    assert items["Mise à jour de la charte informatique"] == "en_cours"
    # Past by the calendar, but the project it carries starts next month.
    assert items["Déploiement d'outils collaboratifs M365 (Teams / SharePoint / messagerie 365)"] == "prevu"
    assert items["Renouvellement ou migration des postes utilisateurs (Windows 11 Pro)"] == "en_cours"
    assert items["Firewall centralisé"] == "en_cours"  # a 2026 matrix item
    assert items["EDR sur postes"] == "en_cours"  # a 2027 item carried by the running firewall project
    assert items["Audits réguliers des accès"] == "prevu"


@pytest.mark.django_db
def test_roadmap_items_are_linked_to_actions_and_projects(demo):
    items = RoadmapItem.objects.for_organisation(demo)
    windows = items.get(title="Renouvellement ou migration des postes utilisateurs (Windows 11 Pro)")
    assert list(windows.actions.values_list("number", flat=True)) == [2]
    assert list(windows.projects.values_list("name", flat=True)) == ["Migration Windows 11"]
    assert items.get(title="MFA généralisé").actions.get().number == 12
    assert items.filter(projects__isnull=False).distinct().count() >= 10


@pytest.mark.django_db
def test_it_creates_the_six_projects_derived_from_the_roadmap(demo):
    names = set(Project.objects.for_organisation(demo).values_list("name", flat=True))
    assert names == {
        "Migration Windows 11",
        "Téléphonie IP unifiée",
        "Firewall centralisé et réseau intersites",
        "Déploiement M365",
        "Outillage GestSup",
        "Sensibilisation phishing",
    }


@pytest.mark.django_db
def test_projects_cover_each_running_weather_status_set_by_their_latest_report(demo):
    projects = Project.objects.for_organisation(demo).prefetch_related("reports")
    assert {p.status for p in projects} == {"en_cours", "en_risque", "en_alerte"}
    for project in projects:
        reports = sorted(project.reports.all(), key=lambda r: (r.date, r.pk))
        assert 1 <= len(reports) <= 3, project.name
        assert project.status == reports[-1].status, project.name
        assert all(report.date < REFERENCE_DATE for report in reports)
        assert project.sponsor_id and project.lead_id and project.axis_id
        assert project.milestones.exists()
        assert "synthétique" in project.description
    assert Project.objects.get(organisation=demo, name="Sensibilisation phishing").status == "en_alerte"


@pytest.mark.django_db
def test_projects_have_valid_budgets_and_dates(demo):
    for project in Project.objects.for_organisation(demo):
        project.full_clean(validate_unique=False, validate_constraints=False)
        assert project.budget_planned > 0
        if project.budget_spent is not None:
            assert project.budget_spent <= project.budget_committed <= project.budget_planned


@pytest.mark.django_db
def test_the_windows_11_project_carries_action_2(demo):
    project = Project.objects.get(organisation=demo, name="Migration Windows 11")
    assert list(project.actions.values_list("number", flat=True)) == [2]
    assert project.structuring_kind == "poste_travail"


@pytest.mark.django_db
def test_the_copil_has_decisions_to_take(demo):
    open_decisions = ExpectedDecision.objects.for_organisation(demo).filter(is_settled=False)
    assert 2 <= open_decisions.count() <= 3
    questions = " ".join(open_decisions.values_list("question", flat=True))
    assert "téléphonie" in questions and "EDR" in questions and "M365" in questions
    assert all(decision.needed_by > REFERENCE_DATE for decision in open_decisions)
    assert all("\n" in decision.options for decision in open_decisions)


#
# Accounts
#


@pytest.mark.django_db
def test_demo_accounts_are_one_per_role_with_the_documented_password(demo):
    assert {a.email: a.role for a in DEMO_ACCOUNTS} == DEMO_EMAILS
    assert {a.password for a in DEMO_ACCOUNTS} == {"Gouvernail-demo-2026"} == {DEMO_PASSWORD}
    memberships = Membership.objects.for_organisation(demo).select_related("user")
    assert {m.user.email: m.role for m in memberships} == DEMO_EMAILS
    assert not User.objects.filter(email__in=DEMO_EMAILS).filter(is_staff=True).exists()
    assert not User.objects.filter(email__in=DEMO_EMAILS).filter(is_superuser=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", sorted(DEMO_EMAILS))
def test_each_demo_account_can_log_in(demo, client, email):
    assert client.login(username=email, password="Gouvernail-demo-2026")


@pytest.mark.django_db
def test_the_prestataire_account_sees_only_its_vendors_contracts(demo):
    membership = Membership.objects.get(organisation=demo, role=Role.PRESTATAIRE)
    visible = set(Contract.objects.visible_to(membership))
    outsourcer = Vendor.objects.get(organisation=demo, name=OUTSOURCER)
    assert visible and visible == set(outsourcer.contracts.all())
    assert set(Vendor.objects.visible_to(membership)) == {outsourcer}
    referent = Membership.objects.get(organisation=demo, role=Role.REFERENT_SI)
    assert Contract.objects.visible_to(referent).count() == Contract.objects.for_organisation(demo).count()


#
# The command
#


def test_the_command_loads_the_demo_and_prints_the_accounts(empty_database):
    output = run_demo()
    assert Organisation.objects.filter(slug="gesnois-bilurien", is_demo=True).count() == 1
    assert "créée" in output
    for email in DEMO_EMAILS:
        assert email in output
    assert "Gouvernail-demo-2026" in output
    assert "Administrateur" in output and "Prestataire" in output


@pytest.mark.django_db
def test_the_command_changes_nothing_when_the_demo_exists(demo):
    before = snapshot(demo)
    journal = JournalEntry.objects.count()
    output = run_demo()
    assert "existe déjà" in output
    assert snapshot(demo) == before
    assert JournalEntry.objects.count() == journal


def test_accounts_option_prints_only_the_accounts(empty_database):
    output = run_demo("--accounts")
    assert all(email in output for email in DEMO_EMAILS)
    assert not Organisation.objects.exists()


def test_if_empty_does_nothing_when_an_organisation_exists(empty_database):
    Organisation.objects.create(name="Commune voisine", slug="voisine", kind="commune")
    output = run_demo("--if-empty")
    assert "déjà une organisation" in output
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["voisine"]
    assert not User.objects.filter(email__in=DEMO_EMAILS).exists()


def test_if_empty_loads_the_demo_into_an_empty_database(empty_database):
    run_demo("--if-empty")
    assert Organisation.objects.get().slug == "gesnois-bilurien"


@pytest.mark.django_db
def test_reset_leaves_one_demo_organisation_and_nothing_of_the_old_one(demo):
    old_id = demo.pk
    run_demo("--reset")
    organisation = Organisation.objects.get()
    assert organisation.is_demo and organisation.pk != old_id
    assert not JournalEntry.objects.filter(organisation_id=old_id).exists()
    for model in apps.get_models():
        if not hasattr(model, "instance_type"):  # simple-history's historical models only
            continue
        if model.instance_type is Organisation:
            assert not model.objects.filter(id=old_id).exists()
        elif any(field.name == "organisation" for field in model._meta.concrete_fields):
            assert not model.objects.filter(organisation_id=old_id).exists(), model.__name__
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == 6
    assert Membership.objects.filter(user__email__in=DEMO_EMAILS).count() == 6


@pytest.mark.django_db
def test_loading_twice_with_reset_gives_the_same_names_and_serials(demo):
    first = snapshot(demo)
    purge_demo()
    second = snapshot(load_demo(reference_date=REFERENCE_DATE).organisation)
    assert second == first
    run_demo("--reset")  # today's date moves the contracts, not the people or the devices
    third = snapshot(Organisation.objects.get())
    assert (third["people"], third["devices"]) == (first["people"], first["devices"])


def test_reset_refuses_to_delete_a_real_organisation_with_the_demo_slug(empty_database):
    Organisation.objects.create(name="Gesnois Bilurien (production)", slug="gesnois-bilurien")
    with pytest.raises(CommandError, match="n'est pas une organisation de démonstration"):
        run_demo("--reset")
    assert Organisation.objects.get().name == "Gesnois Bilurien (production)"
    assert "existe déjà" in run_demo()


#
# Governance
#


@pytest.mark.django_db
def test_it_creates_the_copil_si_monthly_and_the_weekly_cotech_with_members_by_capacity(demo):
    copil = Committee.objects.get(organisation=demo, name="COPIL SI")
    cotech = Committee.objects.get(organisation=demo, name="COTECH")

    assert (copil.frequency, cotech.frequency) == ("mensuel", "hebdomadaire")
    assert set(copil.members.values_list("capacity", flat=True)) == {"president", "elu_numerique", "dgs", "referent_si"}
    assert "Validation des marchés publics SI" in copil.decides


@pytest.mark.django_db
def test_it_creates_the_missions_four_copil_at_the_studys_dates_the_fourth_approximate(demo):
    meetings = Meeting.objects.filter(organisation=demo, title__startswith="COPIL #").order_by("date")

    assert [m.date for m in meetings][:3] == [date(2025, 10, 17), date(2025, 11, 18), date(2025, 12, 16)]
    assert [m.title[:8] for m in meetings] == ["COPIL #1", "COPIL #2", "COPIL #3", "COPIL #4"]
    assert meetings.last().is_approximate and meetings.last().date.month == 2


@pytest.mark.django_db
def test_copil_3_only_receives_the_proposed_decisions_on_the_scenarios(demo):
    copil3 = Meeting.objects.get(organisation=demo, title__startswith="COPIL #3")

    item = copil3.agenda.get()
    assert item.decision is None and "Décisions proposées" in item.minutes
    assert not Decision.objects.filter(organisation=demo, meeting=copil3).exists()


@pytest.mark.django_db
def test_the_scenarios_decision_is_recorded_after_the_study_labelled_illustrative_in_an_intact_register(demo):
    decision = Decision.objects.get(organisation=demo, question__startswith="Quelle organisation cible")

    assert decision.status == "adoptee"
    assert decision.chosen_option.label.startswith("S1 — Infogérance renforcée")
    assert "scénario 4" in decision.rationale and "synthétique" in decision.rationale
    assert decision.meeting.title == "COPIL SI — mars 2026"
    assert decision.decided_on > date(2026, 2, 12)  # the deliberation that the study is annexed to
    resolutions = list(decision.resolutions.select_related("option").order_by("position"))
    assert [(r.option.label[:2] if r.option else None, r.role, r.adopted) for r in resolutions] == [
        ("S1", "cible", True),
        ("S4", "engagee", True),
        (None, "", True),
        ("S3", "repli", False),
    ]
    assert resolutions[3].text.startswith("À défaut de validation des scénarios 1 et 4")
    assert verify_register(demo) == []


@pytest.mark.django_db
def test_the_governance_proposal_is_on_copil_4_with_the_study_s_deliberation(demo):
    proposal = Decision.objects.get(organisation=demo, question__startswith="Valider la proposition de gouvernance")

    assert proposal.agenda_items.get().meeting.title == "COPIL #4"
    [act] = proposal.acts.all()
    assert (act.number, act.adopted_on, act.transmitted_on, act.published_on) == (
        "2026_02_031",
        date(2026, 2, 12),
        date(2026, 2, 26),
        date(2026, 3, 4),
    )
    assert "hypothèse" in act.note


@pytest.mark.django_db
def test_the_governance_roll_out_and_its_6_and_12_month_reviews_are_planned(demo):
    from gouvernail.governance.models import GovernanceEvent

    events = list(GovernanceEvent.objects.filter(organisation=demo).order_by("planned_on"))

    assert events[0].title == "Validation du principe de gouvernance en COPIL"
    assert events[0].meeting.title == "COPIL #4"
    reviews = [(e.title, e.planned_on) for e in events if e.kind == "revue"]
    start = events[0].planned_on
    assert reviews == [
        ("Revue de la gouvernance à 6 mois", date(start.year, start.month + 6, start.day)),
        ("Revue de la gouvernance à 12 mois", date(start.year + 1, start.month, start.day)),
    ]
    assert all(e.is_approximate for e in events)
    assert "Revue de la gouvernance à 6 mois" in events[0].committee.next_review_display()


@pytest.mark.django_db
def test_the_wifi_action_recurs_every_six_months(demo):
    from gouvernail.steering.models import ActionItem

    wifi = ActionItem.objects.get(organisation=demo, number=8)

    assert wifi.recurrence_months == 6
    [occurrence] = wifi.occurrences.all()
    assert occurrence.done_on is None and occurrence.due_on == wifi.due_date


@pytest.mark.django_db
def test_the_outsourcing_contract_has_its_service_levels_with_three_months_of_measurements(demo):
    from gouvernail.vendors.models import ServiceLevel

    levels = ServiceLevel.objects.filter(organisation=demo).select_related("contract__vendor")

    assert {level.indicator for level in levels} == {"disponibilite", "prise_en_charge", "resolution", "rapport"}
    assert {level.contract.vendor.name for level in levels} == {"Prestataire infogérance (attributaire du marché)"}
    first = REFERENCE_DATE.replace(day=1)
    expected = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    assert first == date(2026, 11, 1)
    for level in levels:
        measurements = list(level.measurements.order_by("month"))
        assert [m.month for m in measurements] == expected, level
        # Every month measured falls within the contract: coherent at any load date.
        assert all(m.month >= level.contract.start_date for m in measurements)
        if level.is_computed:
            assert all(m.is_computed and m.request_count for m in measurements), level
        else:
            assert all("synthétique" in m.source and not m.is_computed for m in measurements), level
    assert levels.get(indicator="disponibilite").measurements.filter(met=False).count() == 1


@pytest.mark.django_db
def test_the_computed_delays_are_the_mean_over_the_outsourcer_s_requests(demo):
    from gouvernail.metrics.sla import sla_delays
    from gouvernail.servicedesk.models import Request
    from gouvernail.vendors.models import ServiceLevel

    level = ServiceLevel.objects.get(organisation=demo, indicator="resolution")
    october = level.measurements.get(month=date(2026, 10, 1))
    resolved = Request.objects.filter(
        organisation=demo, assigned_group="Infogérance (prestataire)", resolved_at__year=2026, resolved_at__month=10
    )

    delays = sla_delays(level, date(2026, 10, 1))
    assert october.request_count == len(delays) == resolved.count() > 0
    assert october.value == round(Decimal(str(sum(delays) / len(delays))), 2)
    assert not Request.objects.filter(
        organisation=demo, assigned_group__gt="", opened_at__date__lt=level.contract.start_date
    ).exists()


@pytest.mark.django_db
def test_the_referent_si_s_role_quotes_the_study_and_the_raci_labels_what_the_study_does_not_say(demo):
    from gouvernail.governance.models import RaciAssignment
    from gouvernail.governance.models import Role as GovernanceRole

    roles = {role.short_name: role for role in GovernanceRole.objects.filter(organisation=demo)}

    assert list(roles) == ["Référent SI", "COPIL SI", "Prestataire", "RSSI", "DPO"]
    referent = roles["Référent SI"]
    assert referent.mission_lines()[0] == "la coordination des prestataires et le suivi opérationnel des interventions,"
    assert "Direction qui pilote – Référent SI qui coordonne" in referent.missions_source
    assert [p.function for p in referent.holder_people.all()] in (["Référent SI"], ["Référente SI"])
    assert roles["Prestataire"].holder_vendors.get().name == "Prestataire infogérance (attributaire du marché)"
    assert roles["COPIL SI"].holder_people.count() == 4
    assert not roles["RSSI"].holders() and "Illustratif" in roles["RSSI"].missions_source
    cells = RaciAssignment.objects.filter(organisation=demo)
    assert all(cell.note for cell in cells.filter(is_illustrative=False))
    assert cells.filter(is_illustrative=True).count() > cells.filter(is_illustrative=False).count() > 0
    for axis in {cell.axis for cell in cells}:
        assert cells.filter(axis=axis, responsibility__in=("A", "AR")).count() == 1, axis


@pytest.mark.django_db
def test_a_decision_on_the_messagerie_migration_is_pending_and_linked_to_action_17(demo):
    pending = Decision.objects.for_organisation(demo).pending().get(question__contains="messagerie")

    assert [a.number for a in pending.follow_up_actions.all()] == [17]
    assert pending.options.count() == 2
    assert pending.needed_by > REFERENCE_DATE
    assert pending.agenda_items.get().meeting.status == "prevue"


@pytest.mark.django_db
def test_with_equal_weights_the_studys_scenario_analysis_ranks_s1_first_then_s4_s3_s2(demo):
    analysis = ScenarioAnalysis.objects.get(organisation=demo)

    report = analysis_report(analysis)

    assert len(report["criteria"]) == 14
    assert [(rank, option.code) for rank, option, _ in report["ranking"]] == [
        (1, "S1"),
        (2, "S4"),
        (3, "S3"),
        (4, "S2"),
    ]
    assert report["stable"]  # no single weight moving by ±20 % dethrones S1


@pytest.mark.django_db
def test_the_copil_is_held_every_month_up_to_the_load_date_with_minutes_and_planned_after(demo):
    cycle = Meeting.objects.filter(organisation=demo, committee__name="COPIL SI", date__year=2026).order_by("date")

    held = [m for m in cycle if m.status == "tenue"]
    planned = [m for m in cycle if m.status == "prevue"]
    assert [m.date.month for m in held] == list(range(1, 12))  # February's is the mission's COPIL #4
    assert all(m.agenda.exists() and m.attendees.exists() for m in held)
    assert all(item.minutes for m in held[2:] for item in m.agenda.all())
    assert planned and all(m.date > REFERENCE_DATE and not m.attendees.exists() for m in planned)
    assert not Committee.objects.get(organisation=demo, name="COPIL SI").is_overdue(REFERENCE_DATE)


@pytest.mark.django_db
def test_the_cotech_meets_weekly_with_an_agenda(demo):
    meetings = list(Meeting.objects.filter(organisation=demo, committee__name="COTECH").order_by("date"))

    assert len(meetings) >= 4
    assert all((b.date - a.date).days == 7 for a, b in zip(meetings, meetings[1:], strict=False))
    assert all(m.agenda.count() == 3 for m in meetings)
    assert meetings[-1].date > REFERENCE_DATE > meetings[-2].date


@pytest.mark.django_db
def test_the_charte_v1_is_published_after_the_study_by_an_adopted_copil_decision(demo):
    charter = FrameworkDocument.objects.get(organisation=demo, kind="charte")

    current = charter.current_version()

    assert (current.number, current.status) == (1, "publiee")
    assert current.decision.decided_on > date(2026, 3, 4)  # action 4 is « En cours » in the study
    assert current.decision.status == "adoptee"
    assert current.decision.committee.name == "COPIL SI"
    assert current.decision.meeting.agenda.filter(decision=current.decision).exists()
    assert current.submitted_at < current.approved_at < current.published_at
    assert verify_register(demo) == []


@pytest.mark.django_db
def test_the_charte_campaign_is_about_60_percent_done_unevenly_with_masked_small_services(demo):
    campaign = AcknowledgementCampaign.objects.get(organisation=demo)

    rates = acknowledgement_rates(campaign)

    assert 0.5 <= rates.rate <= 0.7
    shown = [row.rate for row in rates.rows if not row.masked]
    assert max(shown) - min(shown) > 0.4
    masked = [row for row in rates.rows if row.masked]
    # The small services, and the complements that keep the overall count from giving them back.
    assert any(row.targeted < 5 for row in masked) and len(masked) >= 2
    complements = [row for row in masked if row.targeted >= 5]
    assert all(row.targeted <= min(r.targeted for r in rates.rows if not r.masked) for row in complements)
    assert campaign.targets_elected and any(row.label == "Élus" for row in rates.rows)
    assert campaign.acknowledgements.filter(acknowledged_on__gt=REFERENCE_DATE).count() == 0


@pytest.mark.django_db
def test_a_second_framework_document_waits_for_approval(demo):
    policy = FrameworkDocument.objects.get(organisation=demo, kind="mots_de_passe")

    assert policy.current_version() is None
    assert policy.versions.get().status == "soumise"
