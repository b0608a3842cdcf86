"""The change journal: one entry per create / update / delete made through the pages, with
who and before → after as a reader expects them; the per-object history tab; the global
journal's filters and export; isolation between organisations; purging an organisation."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from gouvernail.applications.models import Application
from gouvernail.core.choices import JournalAction, Role
from gouvernail.core.models import JournalEntry, Membership, Organisation, Person, Service, Site, User
from gouvernail.core.services import organisation_purge
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.referentiel import make_referentiel
from gouvernail.vendors.models import Contract, Vendor, VendorContact

PARIS = ZoneInfo("Europe/Paris")


#
# One entry per change made through the pages
#

# Page prefix → (model, form data to create a row, expected subset of the creation's changes,
#                form data changed by the update, exact changes of the update).
# Form data may name rows of the référentiel in braces: "{site}" → its pk, "{site.name}" → its name.
CASES = {
    "sites": (
        Site,
        {"name": "Médiathèque", "city": "Bilurien"},
        {"nom": [None, "Médiathèque"], "commune": [None, "Bilurien"]},
        {"city": "Gesnois"},
        {"commune": ["Bilurien", "Gesnois"]},
    ),
    "services": (
        Service,
        {"name": "Finances", "kind": "pole"},
        {"nom": [None, "Finances"], "niveau": [None, "Pôle"]},
        {"parent": "{service}"},
        {"rattaché à": [None, "{service.name}"]},
    ),
    "personnes": (
        Person,
        {"last_name": "Durand", "first_name": "Paul", "kind": "elu", "service": "{service}", "is_active": "on"},
        {
            "nom": [None, "Durand"],
            "qualité": [None, "Élu"],
            "service": [None, "{service.name}"],
            "actif": [None, "Oui"],
        },
        {"is_active": ""},
        {"actif": ["Oui", "Non"]},
    ),
    "habilitations": (
        Membership,
        {"email": "nouveau@test.example", "role": "auditeur"},
        {"utilisateur": [None, "nouveau@test.example"], "rôle": [None, "Auditeur"]},
        {"role": "direction"},
        {"rôle": ["Auditeur", "Direction"]},
    ),
    "parc": (
        Equipment,
        {
            "family": "pc_portable",
            "name": "PC-DGS",
            "site": "{site}",
            "condition": "reconditionne",
            "state": "en_service",
            "antivirus_status": "a_jour",
        },
        {
            "type": [None, "PC portable"],
            "site": [None, "{site.name}"],
            "état à l'achat": [None, "Reconditionné"],
            "état de l'antivirus": [None, "Activé et à jour"],
        },
        {"state": "en_stock"},
        {"statut": ["En service", "En stock"]},
    ),
    "applications": (
        Application,
        {
            "name": "Parapheur",
            "vendor": "{vendor}",
            "sourcing": "libre",
            "hosting": "web",
            "criticality": "elevee",
            "data_location": "france",
            "mfa_available": "on",
        },
        {
            "éditeur": [None, "{vendor.name}"],
            "criticité": [None, "Élevée"],
            "MFA disponible": [None, "Oui"],
            "MFA activé": [None, "Non"],
        },
        {"mfa_enabled": "on"},
        {"MFA activé": ["Non", "Oui"]},
    ),
    "prestataires": (
        Vendor,
        {"name": "Orange Business", "typology": "telecoms", "is_active": "on"},
        {"typologie": [None, "Télécoms"], "critique / structurant": [None, "Non"], "actif": [None, "Oui"]},
        {"is_critical": "on"},
        {"critique / structurant": ["Non", "Oui"]},
    ),
    "contacts-prestataires": (
        VendorContact,
        {"vendor": "{vendor}", "role": "commercial", "label": "Responsable grands comptes"},
        {"prestataire": [None, "{vendor.name}"], "rôle": [None, "Commercial"]},
        {"role": "support"},
        {"rôle": ["Commercial", "Support technique"]},
    ),
    "contrats": (
        Contract,
        {
            "reference": "2025-TEL-02",
            "subject": "Téléphonie fixe",
            "vendor": "{vendor}",
            "start_date": "2025-01-01",
            "duration_months": "12",
            "notice_months": "2",
            "tacit_renewal": "on",
        },
        {"prestataire": [None, "{vendor.name}"], "reconduction tacite": [None, "Oui"], "préavis (mois)": [None, "2"]},
        {"subject": "Téléphonie fixe et mobile"},
        {"objet": ["Téléphonie fixe", "Téléphonie fixe et mobile"]},
    ),
}


def resolve(value, ref):
    """ "{site}" → the site's pk, "{site.name}" → its name; lists and dicts recursively."""
    if isinstance(value, dict):
        return {key: resolve(val, ref) for key, val in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(resolve(val, ref) for val in value)
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        row, _, attribute = value[1:-1].partition(".")
        return str(getattr(ref[row], attribute or "pk"))
    return value


def entries_for(model, pk) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))
        .order_by("timestamp", "pk")
        .select_related("user")
    )


def without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize("prefix", CASES)
def test_creating_updating_and_deleting_through_the_pages_journals_one_entry_each(prefix, ref, users, client_for):
    model, create_data, created_changes, update_data, updated_changes = resolve(CASES[prefix], ref)
    admin = users[Role.ADMIN]
    client = client_for(Role.ADMIN)
    total = JournalEntry.objects.count()
    existing = list(model.objects.values_list("pk", flat=True))

    response = client.post(f"/{prefix}/ajouter/", create_data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    row = model.objects.exclude(pk__in=existing).get()
    assert JournalEntry.objects.count() == total + 1
    [created] = entries_for(model, row.pk)
    assert (created.action, created.user, created.user_label) == (JournalAction.CREATED, admin, admin.email)
    assert created.organisation_id == row.organisation_id
    assert created.object_repr == str(row)
    assert created.changes.items() >= created_changes.items()

    edit_page = client.get(f"/{prefix}/{row.pk}/modifier/").context["form"]
    current = {name: edit_page[name].value() for name in edit_page.fields}
    current = {key: ("on" if value is True else value) for key, value in current.items() if value not in (None, False)}
    response = client.post(f"/{prefix}/{row.pk}/modifier/", without_empty({**current, **update_data}))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert JournalEntry.objects.count() == total + 2
    updated = entries_for(model, row.pk)[-1]
    assert (updated.action, updated.user) == (JournalAction.UPDATED, admin)
    assert updated.changes == updated_changes

    response = client.post(f"/{prefix}/{row.pk}/supprimer/")
    assert response.status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()
    assert JournalEntry.objects.count() == total + 3
    deleted = entries_for(model, row.pk)[-1]
    assert (deleted.action, deleted.user) == (JournalAction.DELETED, admin)
    assert all(after is None for _, after in deleted.changes.values())
    for label, (_, after) in updated.changes.items():
        if after is not None:
            assert deleted.changes[label] == [after, None]


def test_a_save_that_changes_nothing_is_not_journaled(ref, client_for):
    client = client_for(Role.ADMIN)
    site = ref.site
    before = JournalEntry.objects.count()

    response = client.post(f"/sites/{site.pk}/modifier/", {"name": site.name, "city": site.city, "row_version_seen": 1})

    assert response.status_code == 302
    assert JournalEntry.objects.count() == before


def test_a_contract_journals_its_derived_dates_when_its_duration_changes(ref, client_for):
    contract = ref.contract
    client = client_for(Role.REFERENT_SI)
    data = {
        "reference": contract.reference,
        "subject": contract.subject,
        "vendor": contract.vendor_id,
        "start_date": "2025-01-01",
        "duration_months": "48",
        "notice_months": "3",
        "annual_amount_ht": "12000.00",
        "row_version_seen": contract.row_version,
    }

    client.post(f"/contrats/{contract.pk}/modifier/", data)

    changes = entries_for(Contract, contract.pk)[-1].changes
    assert set(changes) == {"durée (mois)", "date de fin", "date limite de dénonciation"}
    assert changes["durée (mois)"] == ["36", "48"]


def test_the_journal_keeps_the_name_of_a_related_row_deleted_since(org, client_for):
    equipment = make_equipment(org, "PC-TEMP")
    annexe = make_site(org, "Annexe")
    equipment.site = annexe
    equipment.save()

    client_for(Role.ADMIN).post(f"/sites/{annexe.pk}/supprimer/")

    assert entries_for(Equipment, equipment.pk)[-1].changes == {"site": [None, "Annexe"]}
    page = client_for(Role.ADMIN).get(f"/parc/{equipment.pk}/historique/").content.decode()
    assert "<strong>Site</strong> : ∅ → Annexe" in page


#
# The history tab of an object
#


def test_the_history_tab_shows_the_entries_of_the_object_only(ref, other_ref, users, client_for):
    client = client_for(Role.ADMIN)
    equipment = ref.equipment
    data = {
        "family": "pc_fixe",
        "name": equipment.name,
        "serial": equipment.serial,
        "condition": "neuf",
        "state": "en_stock",
        "antivirus_status": "inconnu",
        "row_version_seen": equipment.row_version,
    }
    client.post(f"/parc/{equipment.pk}/modifier/", data)

    response = client_for(Role.AUDITEUR).get(f"/parc/{equipment.pk}/historique/")

    assert response.status_code == 200
    entries = list(response.context["entries"])
    assert [e.action for e in entries] == [JournalAction.UPDATED, JournalAction.CREATED]
    assert {(e.content_type.model, e.object_id) for e in entries} == {("equipment", str(equipment.pk))}
    page = response.content.decode()
    assert "admin@test.example" in page
    assert "<strong>Statut</strong> : En service → En stock" in page
    assert "Création" in page
    assert "(voisine)" not in page


def test_the_history_tab_of_a_new_object_says_so_when_the_journal_is_empty(ref, client_for):
    JournalEntry.objects.all().delete()

    response = client_for(Role.ADMIN).get(f"/sites/{ref.site.pk}/historique/")

    assert "Aucune modification enregistrée." in response.content.decode()


#
# The global journal: filters, export, isolation
#


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=PARIS)


@pytest.fixture
def dated_journal(org, other_org, users):
    """Seven entries of `org` at known dates and authors, and one of `other_org`."""
    JournalEntry.objects.all().delete()
    admin, referent = users[Role.ADMIN], users[Role.REFERENT_SI]
    site = ContentType.objects.get_for_model(Site)
    equipment = ContentType.objects.get_for_model(Equipment)
    rows = [
        (at("2025-01-10"), admin, equipment, "PC-01"),
        (at("2025-02-15"), referent, equipment, "PC-02"),
        (at("2025-02-28", 23, 30), referent, site, "Mairie"),  # late evening in Paris, the 28th
        (at("2025-03-01", 0, 30), admin, equipment, "PC-03"),  # still 28 February in UTC
        (at("2025-03-20"), referent, site, "Médiathèque"),
        (at("2025-04-02"), admin, equipment, "PC-04"),
        (at("2025-04-03"), None, equipment, "PC-05"),
    ]
    JournalEntry.objects.bulk_create(
        JournalEntry(
            organisation=org,
            timestamp=when,
            user=user,
            user_label=user.email if user else "système",
            action=JournalAction.UPDATED,
            content_type=ct,
            object_id="1",
            object_repr=name,
            changes={"nom": ["avant", "après"]},
        )
        for when, user, ct, name in rows
    )
    JournalEntry.objects.create(
        organisation=other_org,
        timestamp=at("2025-02-15"),
        user=admin,
        user_label=admin.email,
        action=JournalAction.UPDATED,
        content_type=equipment,
        object_id="1",
        object_repr="PC-VOISINE",
    )


def shown(response) -> list[str]:
    return [entry.object_repr for entry in response.context["table"].data]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["PC-05", "PC-04", "Médiathèque", "PC-03", "Mairie", "PC-02", "PC-01"]),
        ("since=2025-03-01", ["PC-05", "PC-04", "Médiathèque", "PC-03"]),
        ("until=2025-02-28", ["Mairie", "PC-02", "PC-01"]),
        ("since=2025-02-01&until=2025-02-28", ["Mairie", "PC-02"]),
        ("since=2025-02-15&until=2025-02-15", ["PC-02"]),
        ("user_label=referent", ["Médiathèque", "Mairie", "PC-02"]),
        ("user_label=ADMIN@test", ["PC-04", "PC-03", "PC-01"]),
        ("user_label=système", ["PC-05"]),
        ("content_type=inventory.equipment", ["PC-05", "PC-04", "PC-03", "PC-02", "PC-01"]),
        ("content_type=core.site", ["Médiathèque", "Mairie"]),
        ("content_type=vendors.contract", []),
        ("content_type=inventory.equipment&user_label=admin&since=2025-03-01", ["PC-04", "PC-03"]),
        ("action=~&q=PC", ["PC-05", "PC-04", "PC-03", "PC-02", "PC-01"]),
        ("action=%2B", []),
    ],
)
def test_the_global_journal_filters_by_date_author_and_object_type(query, expected, dated_journal, client_for):
    response = client_for(Role.AUDITEUR).get(f"/journal/?{query}")

    assert response.status_code == 200
    assert shown(response) == expected


def test_the_journal_export_holds_exactly_the_filtered_rows(dated_journal, client_for):
    response = client_for(Role.DIRECTION).get(
        "/journal/?content_type=inventory.equipment&since=2025-02-01&until=2025-03-31&_export=csv"
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Objet"] for row in rows] == ["PC-03", "PC-02"]
    assert {row["Type d'objet"] for row in rows} == {"Équipement"}
    assert [row["Date"] for row in rows] == ["01/03/2025 00:30:00", "15/02/2025 12:00:00"]
    assert rows[0]["Changements"] == "nom : avant → après"
    assert list(rows[0]) == ["Date", "Auteur", "Action", "Type d'objet", "Objet", "Changements", "Motif"]


def test_the_journal_never_shows_another_organisations_entries(dated_journal, client_for):
    client = client_for(Role.ADMIN)

    listed = client.get("/journal/?q=voisine")
    exported = client.get("/journal/?_export=csv").content.decode("utf-8-sig")

    assert shown(listed) == []
    assert "PC-VOISINE" not in exported
    assert len(exported.strip().splitlines()) == 1 + 7


def test_changes_made_in_another_organisation_through_its_pages_stay_in_its_journal(org, other_org, users, client):
    # The same user administers both organisations and works in the other one.
    admin = users[Role.ADMIN]
    Membership.objects.create(organisation=other_org, user=admin, role=Role.ADMIN)
    client.force_login(admin)
    client.post("/organisation/changer/", {"organisation": other_org.slug})
    client.post("/sites/ajouter/", {"name": "Mairie voisine"})
    client.post("/organisation/changer/", {"organisation": org.slug})

    response = client.get("/journal/")

    assert "Mairie voisine" not in shown(response)
    assert JournalEntry.objects.filter(organisation=other_org, object_repr="Mairie voisine").count() == 1


#
# Purging an organisation
#


def historical_models():
    return [model for model in apps.get_models() if hasattr(model, "instance_type")]


def test_purging_an_organisation_removes_its_rows_their_history_and_its_journal(org, other_org, users):
    make_referentiel(org)
    make_referentiel(other_org, suffix=" (voisine)")
    other_pk = other_org.pk
    kept = {model: model.objects.filter(organisation=org).count() for model in (Site, Contract, Vendor, Membership)}
    org_journal = JournalEntry.objects.filter(organisation=org).count()
    assert JournalEntry.objects.filter(organisation_id=other_pk).exists()

    organisation_purge(organisation=other_org)

    assert not Organisation.objects.filter(pk=other_pk).exists()
    for model in apps.get_models():
        if any(f.name == "organisation" for f in model._meta.concrete_fields):
            assert not model.objects.filter(organisation_id=other_pk).exists(), model._meta.label
    for model in historical_models():
        if model.instance_type is Organisation:
            assert not model.objects.filter(id=other_pk).exists()
    assert not JournalEntry.objects.filter(organisation_id=other_pk).exists()
    assert {model: model.objects.filter(organisation=org).count() for model in kept} == kept
    assert JournalEntry.objects.filter(organisation=org).count() == org_journal
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert User.objects.filter(email="agent@voisine.example").exists()


#
# Links (many-to-many) are journaled too
#


def test_linking_sites_to_an_application_is_journaled_with_the_links_before_and_after(org, ref, client_for):
    second_site = make_site(org, "Médiathèque")
    client = client_for(Role.REFERENT_SI)
    application = ref.application
    application.sites.set([ref.site])
    JournalEntry.objects.all().delete()

    application.sites.add(second_site)

    entry = JournalEntry.objects.get(object_id=str(application.pk))
    assert entry.action == JournalAction.UPDATED
    assert entry.changes == {"sites": [ref.site.name, ", ".join(sorted([ref.site.name, "Médiathèque"]))]}
    assert client.get(f"/applications/{application.pk}/historique/").content.decode().count("Médiathèque") >= 1


def test_granting_a_prestataire_account_on_a_vendor_is_journaled(org, ref, users):
    membership = users[Role.PRESTATAIRE].memberships.get()
    JournalEntry.objects.all().delete()

    ref.vendor.accounts.add(membership)
    ref.vendor.accounts.remove(membership)

    added, removed = JournalEntry.objects.order_by("pk")
    assert added.changes == {"comptes prestataire": [None, str(membership)]}
    assert removed.changes == {"comptes prestataire": [str(membership), None]}
