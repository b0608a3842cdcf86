"""The generic list / edit / delete views: exports, search, filters, query counts, concurrent
edits and protected deletes."""

import csv
import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from gouvernail.applications.models import Application
from gouvernail.core import home
from gouvernail.core.choices import JournalAction, Role
from gouvernail.core.models import JournalEntry, Membership, Person, Service, Site, User
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_person, make_service, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.testing.helpers import read_export
from gouvernail.vendors.models import Contract, Vendor, VendorContact

#
# Exports hold exactly the filtered rows
#


@pytest.fixture
def fleet(org, other_org):
    """60 accounting PCs (more than one page), a few other devices, and a look-alike elsewhere."""
    compta = make_service(org, "Comptabilité")
    Equipment.objects.bulk_create(
        Equipment(
            organisation=org,
            name=f"PC-COMPTA-{i:02d}",
            family="pc_portable" if i % 2 else "pc_fixe",
            manufacturer="Dell" if i % 3 else "Lenovo",
            service=compta,
        )
        for i in range(60)
    )
    make_equipment(org, "PC-ACCUEIL-01", manufacturer="Dell")
    make_equipment(org, "IMPRIMANTE-COMPTA", family="imprimante", manufacturer="Dell", service=compta)
    make_equipment(other_org, "PC-COMPTA-VOISINE", manufacturer="Dell")
    return compta


def expected_compta_pcs(**filters) -> set[str]:
    return {f"PC-COMPTA-{i:02d}" for i in range(60) if all(check(i) for check in filters.values())}


def read_csv(response) -> tuple[list[str], list[dict]]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


READERS = {"csv": read_csv, "xlsx": read_export, "ods": read_export}
EQUIPMENT_HEADERS = [
    "Nom",
    "Type",
    "Numéro de série",
    "Fabricant",
    "Modèle",
    "Site",
    "Service",
    "Affecté à",
    "Date d'achat",
    "État à l'achat",
    "Statut",
    "Système d'exploitation",
    "Version / build",
    "Génération Windows",
    "État de l'antivirus",
]


@pytest.mark.parametrize("export_format", READERS)
def test_an_export_of_a_search_holds_exactly_the_found_rows_with_french_headers(export_format, fleet, client_for):
    client = client_for(Role.DIRECTION)
    listed = client.get("/parc/?q=pc compta")

    response = client.get(f"/parc/?q=pc+compta&_export={export_format}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{export_format}"')
    headers, rows = READERS[export_format](response)
    assert headers == EQUIPMENT_HEADERS
    names = [row["Nom"] for row in rows]
    assert len(names) == len(set(names)) == 60
    assert set(names) == expected_compta_pcs()
    assert set(names) == {e.name for e in listed.context["filterset"].qs}


@pytest.mark.parametrize("export_format", READERS)
def test_an_export_of_a_search_and_a_field_filter_holds_exactly_the_matching_rows(export_format, fleet, client_for):
    client = client_for(Role.ADMIN)
    query = f"q=compta&family=pc_portable&service={fleet.pk}"

    response = client.get(f"/parc/?{query}&_export={export_format}")

    _, rows = READERS[export_format](response)
    names = {row["Nom"] for row in rows}
    assert names == expected_compta_pcs(laptop=lambda i: i % 2)
    assert len(rows) == 30
    assert {row["Type"] for row in rows} == {"PC portable"}
    assert {row["Service"] for row in rows} == {"Comptabilité"}
    assert names == {e.name for e in client.get(f"/parc/?{query}").context["filterset"].qs}


def test_an_export_renders_booleans_and_choices_in_french(org, client_for):
    Application.objects.create(organisation=org, name="Parapheur", mfa_available=True, criticality="critique")

    _, rows = read_csv(client_for(Role.ADMIN).get("/applications/?_export=csv"))

    assert rows[0]["MFA disponible"] == "Oui"
    assert rows[0]["MFA activé"] == "Non"
    assert rows[0]["Criticité"] == "Critique"


def test_an_unknown_export_format_is_not_found(fleet, client_for):
    response = client_for(Role.ADMIN).get("/parc/?q=compta&_export=pdf")

    assert response.status_code == 404


def test_a_search_of_several_words_requires_each_word_in_some_field(fleet, client_for):
    response = client_for(Role.ADMIN).get("/parc/?q=compta+lenovo")

    names = {e.name for e in response.context["filterset"].qs}
    assert names == expected_compta_pcs(lenovo=lambda i: i % 3 == 0)
    assert response.context["total_count"] == 20


def test_a_search_with_only_spaces_lists_everything(fleet, client_for):
    response = client_for(Role.ADMIN).get("/parc/?q=+++")

    assert response.context["total_count"] == 62


@pytest.mark.parametrize(
    "url",
    [
        "/parc/?site=abc",
        "/parc/?site=999999999",
        "/parc/?purchased_before=31/02/2024",
        "/parc/?purchased_before=abc",
        "/parc/?family=ordinateur-quantique",
        "/parc/?page=abc",
        "/parc/?page=999",
        "/parc/?sort=colonne-inconnue",
        "/contrats/?end_date_after=abc",
        "/contrats/?vendor=abc",
        "/contrats/?to_renew=peut-etre",
        "/personnes/?service=-1",
        "/applications/?mfa_available=peut-etre",
        "/journal/?since=abc",
        "/journal/?until=31/02/2024",
        "/journal/?content_type=inconnu.modele",
        "/journal/?content_type=sans-point",
    ],
)
def test_an_invalid_filter_value_does_not_break_the_list(url, fleet, client_for):
    response = client_for(Role.ADMIN).get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/parc/?purchased_before=31/02/2024", "Saisissez une date valide."),
        ("/parc/?site=999999999", "Sélectionnez un choix valide."),
        ("/journal/?since=abc", "Saisissez une date valide."),
        ("/journal/?content_type=inconnu.modele", "Sélectionnez un choix valide."),
    ],
)
def test_an_invalid_filter_value_is_explained_in_french_and_lists_nothing(url, message, fleet, client_for):
    response = client_for(Role.ADMIN).get(url)

    assert message in response.content.decode()
    assert not response.context["table"].data


def test_filtering_on_a_site_of_another_organisation_shows_nothing_from_it(org, other_org, client_for):
    foreign_site = make_site(other_org, "Mairie voisine")
    make_equipment(other_org, "PC-VOISIN", site=foreign_site)

    response = client_for(Role.ADMIN).get(f"/parc/?site={foreign_site.pk}&_export=csv")

    assert "PC-VOISIN" not in response.content.decode()


#
# Query counts do not grow with the number of rows
#


class Related:
    """Rows the listed rows point to, so that select_related has something to do."""

    def __init__(self, org):
        self.sites = [make_site(org, f"Site lié {i}") for i in range(5)]
        self.services = [make_service(org, f"Service lié {i}") for i in range(5)]
        self.people = [make_person(org, f"Agent {i}", service=self.services[i], site=self.sites[i]) for i in range(5)]
        self.vendors = [make_vendor(org, f"Prestataire lié {i}") for i in range(5)]
        self.contracts = [make_contract(org, vendor, f"LIE-{i}") for i, vendor in enumerate(self.vendors)]
        self.admin = User.objects.get(email="admin@test.example")


def build_equipment(org, rel, i):
    return Equipment(
        organisation=org,
        name=f"PC-{i:04d}",
        family="pc_portable",
        serial=f"SN-{i:06d}",
        site=rel.sites[i % 5],
        service=rel.services[i % 5],
        assigned_to=rel.people[i % 5],
        purchase_date=date(2022, 1, 1),
        os_name="Windows 11 Professionnel",
        os_version="10.0.22631",
        os_class="windows_11",
    )


def build_application(org, rel, i):
    return Application(
        organisation=org, name=f"Application {i:04d}", vendor=rel.vendors[i % 5], contract=rel.contracts[i % 5]
    )


def build_vendor(org, rel, i):
    return Vendor(organisation=org, name=f"Prestataire {i:04d}", typology="logiciel_metier")


def build_contract(org, rel, i):
    return Contract(
        organisation=org,
        reference=f"C-{i:04d}",
        subject="Maintenance",
        vendor=rel.vendors[i % 5],
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        notice_deadline=date(2026, 9, 30),
    )


def build_contact(org, rel, i):
    return VendorContact(organisation=org, vendor=rel.vendors[i % 5], label=f"Contact {i:04d}")


def build_site(org, rel, i):
    return Site(organisation=org, name=f"Site {i:04d}", city="Bilurien")


def build_service(org, rel, i):
    return Service(organisation=org, name=f"Service {i:04d}", parent=rel.services[i % 5])


def build_person(org, rel, i):
    return Person(organisation=org, last_name=f"Nom {i:04d}", service=rel.services[i % 5], site=rel.sites[i % 5])


def build_membership(org, rel, i):
    user = User.objects.create(email=f"compte-{i:04d}@test.example")
    return Membership(organisation=org, user=user, role=Role.AUDITEUR, person=rel.people[i % 5])


def build_journal_entry(org, rel, i):
    return JournalEntry(
        organisation=org,
        timestamp=timezone.now(),
        user=rel.admin,
        user_label=rel.admin.email,
        action=JournalAction.UPDATED,
        content_type=ContentType.objects.get_for_model(Site),
        object_id=str(rel.sites[i % 5].pk),
        object_repr=f"Site lié {i % 5}",
        changes={"nom": ["avant", "après"]},
    )


# List page → (model, row builder, maximum number of queries for one page).
# The budget is what the page costs today: session, user, memberships, count, page of rows,
# the demo banner, and one query per related choice list of the filter form.
LISTS = {
    "/parc/": (Equipment, build_equipment, 8),
    "/applications/": (Application, build_application, 7),
    "/prestataires/": (Vendor, build_vendor, 6),
    "/contrats/": (Contract, build_contract, 7),
    "/contacts-prestataires/": (VendorContact, build_contact, 7),
    "/sites/": (Site, build_site, 6),
    "/services/": (Service, build_service, 7),
    "/personnes/": (Person, build_person, 8),
    "/habilitations/": (Membership, build_membership, 6),
    "/journal/": (JournalEntry, build_journal_entry, 6),
}


def fill_to(url: str, org, rel, total: int) -> None:
    model, build, _ = LISTS[url]
    start = model.objects.filter(organisation=org).count()
    model.objects.bulk_create(build(org, rel, i) for i in range(start, total))
    assert model.objects.filter(organisation=org).count() == total


@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_costs_the_same_number_of_queries_for_10_and_1000_rows(
    url, org, users, client_for, django_assert_max_num_queries
):
    budget = LISTS[url][2]
    rel = Related(org)
    if url == "/journal/":
        JournalEntry.objects.all().delete()  # the related rows above were journaled
    client = client_for(Role.ADMIN)

    fill_to(url, org, rel, 10)
    with django_assert_max_num_queries(budget) as ten:
        small = client.get(url)
    fill_to(url, org, rel, 1000)
    with django_assert_max_num_queries(budget) as thousand:
        large = client.get(url)

    assert small.context["total_count"] == 10
    assert large.context["total_count"] == 1000
    assert len(large.context["table"].page.object_list) == 50
    counts = len(ten.captured_queries), len(thousand.captured_queries)
    print(f"\nrequêtes {url}: 10 lignes → {counts[0]}, 1 000 lignes → {counts[1]}")  # shown with pytest -s
    assert counts[0] == counts[1]


#
# Concurrent edits are detected, not overwritten
#

# Edit page prefix → builder of (row, field the test changes, the two values saved, other form data).
EDITABLE = {
    "sites": lambda org: (make_site(org), "name", ("Siège", "Mairie"), {"city": "Bilurien"}),
    "parc": lambda org: (
        make_equipment(org),
        "name",
        ("PC-A", "PC-B"),
        {"family": "pc_fixe", "condition": "neuf", "state": "en_service", "antivirus_status": "inconnu"},
    ),
    "contrats": lambda org: (
        make_contract(org, make_vendor(org)),
        "subject",
        ("Infogérance", "Maintenance"),
        {"reference": "2025-INF-01", "start_date": "2025-01-01", "duration_months": "36", "notice_months": "3"},
    ),
    "habilitations": lambda org: (
        Membership.objects.create(organisation=org, user=User.objects.create_user("x@test.example"), role="elu"),
        "role",
        ("direction", "auditeur"),
        {"email": "x@test.example"},
    ),
}


def opened_version(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]["row_version_seen"].value()


@pytest.mark.parametrize("prefix", EDITABLE)
def test_the_second_of_two_concurrent_edits_is_refused_and_names_the_first_author(prefix, org, users):
    row, field, (first_value, second_value), data = EDITABLE[prefix](org)
    if prefix == "contrats":
        data["vendor"] = row.vendor_id
    url = f"/{prefix}/{row.pk}/modifier/"
    second_user = users[Role.REFERENT_SI]
    if prefix == "habilitations":  # only an Administrateur edits accounts
        second_user = Membership.objects.create(
            organisation=org, user=User.objects.create_user("admin2@test.example"), role=Role.ADMIN
        ).user
    first, second = Client(), Client()
    first.force_login(users[Role.ADMIN])
    second.force_login(second_user)
    seen_by_first, seen_by_second = opened_version(first, url), opened_version(second, url)

    saved = first.post(url, {**data, field: first_value, "row_version_seen": seen_by_first})
    refused = second.post(url, {**data, field: second_value, "row_version_seen": seen_by_second})

    assert saved.status_code == 302
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Cette fiche a été modifiée par admin@test.example le " in page
    assert "Vos saisies n&#x27;ont pas été enregistrées" in page
    row.refresh_from_db()
    assert getattr(row, field) == first_value
    assert row.row_version == 2
    updates = JournalEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(row), object_id=str(row.pk), action=JournalAction.UPDATED
    )
    assert [entry.user for entry in updates] == [users[Role.ADMIN]]


def test_after_a_conflict_the_reloaded_form_saves(org, users):
    site = make_site(org)
    url = f"/sites/{site.pk}/modifier/"
    first, second = Client(), Client()
    first.force_login(users[Role.ADMIN])
    second.force_login(users[Role.REFERENT_SI])
    stale = opened_version(second, url)
    first.post(url, {"name": "Siège", "row_version_seen": opened_version(first, url)})
    assert second.post(url, {"name": "Mairie", "row_version_seen": stale}).status_code == 409

    response = second.post(url, {"name": "Mairie", "row_version_seen": opened_version(second, url)})

    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.row_version) == ("Mairie", 3)


@pytest.mark.parametrize("seen", [None, "", "0"])
def test_an_edit_that_does_not_say_which_version_it_read_is_refused(seen, org, client_for):
    site = make_site(org, "Siège")
    data = {"name": "Mairie"} if seen is None else {"name": "Mairie", "row_version_seen": seen}

    response = client_for(Role.ADMIN).post(f"/sites/{site.pk}/modifier/", data)

    assert response.status_code == 409
    assert "ne dit pas quelle version de la fiche vous avez lue" in response.content.decode()
    site.refresh_from_db()
    assert (site.name, site.row_version) == ("Siège", 1)


#
# A creation form submitted twice creates one row
#


def creation_token(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return str(page.context["form_token"])


def test_each_rendering_of_a_creation_form_carries_its_own_token(client_for):
    client = client_for(Role.ADMIN)

    first, second = creation_token(client, "/sites/ajouter/"), creation_token(client, "/sites/ajouter/")

    assert first != second
    assert 'name="form_token"' in client.get("/sites/ajouter/").content.decode()


def test_submitting_a_creation_form_twice_creates_one_row_and_leads_to_it(org, client_for):
    client = client_for(Role.ADMIN)
    token = creation_token(client, "/sites/ajouter/")

    first = client.post("/sites/ajouter/", {"name": "Médiathèque", "form_token": token})
    second = client.post("/sites/ajouter/", {"name": "Médiathèque", "form_token": token})

    site = Site.objects.get(organisation=org, name="Médiathèque")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == site.get_absolute_url()
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("déjà été enregistré (double envoi)" in m for m in shown)


def test_a_creation_form_shown_again_after_an_error_keeps_its_token_and_saves_once(org, client_for):
    client = client_for(Role.ADMIN)
    token = creation_token(client, "/sites/ajouter/")

    invalid = client.post("/sites/ajouter/", {"name": "", "form_token": token})
    saved = client.post("/sites/ajouter/", {"name": "Piscine", "form_token": token})
    again = client.post("/sites/ajouter/", {"name": "Piscine", "form_token": token})

    assert str(invalid.context["form_token"]) == token
    assert (saved.status_code, again.status_code) == (302, 302)
    assert Site.objects.filter(organisation=org, name="Piscine").count() == 1


def test_two_creation_forms_create_two_rows(org, client_for):
    client = client_for(Role.ADMIN)

    for name in ("Gymnase", "Gymnase annexe"):
        client.post("/sites/ajouter/", {"name": name, "form_token": creation_token(client, "/sites/ajouter/")})

    assert Site.objects.filter(organisation=org, name__startswith="Gymnase").count() == 2


#
# Deletes blocked by a protected relation
#


def test_deleting_a_vendor_that_still_has_contracts_is_refused_in_french(org, client_for):
    vendor = make_vendor(org, "Berger-Levrault")
    contract = make_contract(org, vendor, "2024-BL-07", subject="Maintenance e.magnus")
    journal_before = JournalEntry.objects.count()

    response = client_for(Role.REFERENT_SI).post(f"/prestataires/{vendor.pk}/supprimer/")

    assert response.status_code == 302
    assert response["Location"] == f"/prestataires/{vendor.pk}/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "« Berger-Levrault » ne peut pas être supprimée : elle est utilisée par 2024-BL-07 — Maintenance e.magnus."
    )
    assert Vendor.objects.filter(pk=vendor.pk).exists()
    assert Contract.objects.filter(pk=contract.pk).exists()
    assert JournalEntry.objects.count() == journal_before


def test_deleting_a_vendor_keeps_its_contacts_when_refused(org, client_for):
    vendor = make_vendor(org)
    make_contract(org, vendor)
    VendorContact.objects.create(organisation=org, vendor=vendor, label="Hotline")

    client_for(Role.ADMIN).post(f"/prestataires/{vendor.pk}/supprimer/")

    assert VendorContact.objects.filter(vendor=vendor).count() == 1


def test_deleting_an_unused_vendor_redirects_to_the_list(org, client_for):
    vendor = make_vendor(org)

    response = client_for(Role.ADMIN).post(f"/prestataires/{vendor.pk}/supprimer/")

    assert response.status_code == 302
    assert response["Location"] == "/prestataires/"
    assert not Vendor.objects.filter(pk=vendor.pk).exists()


#
# Every count of the home page opens the list it counts
#


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REFERENT_SI, Role.PRESTATAIRE, Role.ELU])
def test_each_home_count_opens_the_list_that_sums_to_it(role, org, other_org, users, client_for):
    """The cockpit shows its « Repères » counters to those who run the service only (core.home.OPERATORS);
    every other role sees none, and each line of « À traiter » opens the list of as many rows."""
    today = date.today()
    site = make_site(org)
    for name, os_version, state in [
        ("PC-W10", "10.0.19045", "en_service"),
        ("PC-W11", "10.0.22631", "en_service"),
        ("PC-W10-STOCK", "10.0.19045", "en_stock"),
    ]:
        make_equipment(org, name, os_name="Windows", os_version=os_version, state=state, site=site)
    make_equipment(other_org, "PC-W10-VOISIN", os_name="Windows", os_version="10.0.19045")
    operated, other = make_vendor(org, "Opéré"), make_vendor(org, "Autre", is_active=False)
    operated.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    make_contract(org, operated, "BIENTOT", start_date=date(today.year - 1, 1, 1), duration_months=None, end_date=today)
    make_contract(
        org, other, "AUSSI-BIENTOT", start_date=date(today.year - 1, 1, 1), duration_months=None, end_date=today
    )
    make_contract(org, other, "PLUS-TARD", start_date=today, duration_months=48)
    make_person(org, "Agent actif")
    make_person(org, "Agent parti", is_active=False)
    make_person(org, "Élue", kind="elu")
    client = client_for(role)

    context = client.get("/").context
    cards = context["cards"]

    if role in home.OPERATORS:
        assert len(cards) >= 5
        assert sum(card["value"] for card in cards) > 0
    else:
        assert cards == []
    for card in cards:
        listed = client.get(card["url"])
        assert listed.status_code == 200, card["label"]
        assert listed.context["total_count"] == card["value"], card["label"]
    for todo in context["todos"]:
        listed = client.get(todo["url"])
        assert listed.status_code == 200, todo["label"]
        assert listed.context["total_count"] == int(todo["label"].split()[0]), todo["label"]
