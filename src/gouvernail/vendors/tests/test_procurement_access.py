"""Procurements: roles and isolation, filterable and exportable lists with bounded queries,
and the journal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gouvernail.core.choices import JournalAction, Role
from gouvernail.core.models import JournalEntry
from gouvernail.testing.factories.vendors import make_criterion, make_lot, make_procurement, make_step, make_vendor
from gouvernail.vendors.models import Candidate, Criterion, Lot, ProcedureStep, Procurement, Score
from gouvernail.vendors.tests.helpers import procurement_data, step_data

TODAY = date.today()
# Read once at import: the clock is held on that day so that a run crossing midnight stays coherent.
pytestmark = pytest.mark.usefixtures("pinned_today")
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


#
# Roles and isolation
#


@pytest.mark.parametrize("role", [Role.PRESTATAIRE, Role.ELU, Role.AUDITEUR])
def test_a_read_only_role_reads_procurements_but_cannot_add_edit_or_award(role, scored, procurement, users, client_for):
    client = client_for(role)
    step = make_step(procurement)
    # A Prestataire reads the procurements its vendor answered.
    candidate_vendor = make_vendor(procurement.organisation, "Alpha SARL")
    candidate_vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    scored["alpha"].vendor = candidate_vendor
    scored["alpha"].save()

    reads = [
        client.get(url).status_code
        for url in ("/marches/", f"/marches/{procurement.pk}/", "/marches/etapes/", f"/marches/etapes/{step.pk}/")
    ]
    writes = [
        client.get(url).status_code
        for url in (
            "/marches/ajouter/",
            f"/marches/{procurement.pk}/modifier/",
            f"/marches/{procurement.pk}/attribuer/",
            "/marches/etapes/ajouter/",
            f"/marches/etapes/{step.pk}/modifier/",
            "/marches/notes/ajouter/",
        )
    ]
    posted = client.post("/marches/ajouter/", procurement_data(reference="PIRATE"))

    assert reads == [200] * 4
    assert writes == [403] * 6
    assert posted.status_code == 403
    assert not Procurement.objects.filter(reference="PIRATE").exists()
    page = client.get(f"/marches/{procurement.pk}/").content.decode()
    assert "Ajouter une étape" not in page and "Noter" not in page


def test_the_direction_may_edit_procurements(procurement, client_for):
    response = client_for(Role.DIRECTION).post(
        f"/marches/{procurement.pk}/modifier/",
        procurement_data(reference="2025-SI-01", subject="Infogérance", row_version_seen="1"),
    )

    assert response.status_code == 302


#
# A Prestataire: the procurements its vendor takes part in, never the offer analysis (issue 13, item 5)
#


@pytest.fixture
def answered(org, scored, procurement, users):
    """The Prestataire's vendor is candidate Alpha of `procurement`; another procurement, which
    its vendor did not answer, has a step of its own."""
    vendor = make_vendor(org, "Alpha SARL")
    vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    scored["alpha"].vendor = vendor
    scored["alpha"].save()
    other = make_procurement(org, "2026-AUTRE-01")
    return {"step": make_step(procurement), "other": other, "other_step": make_step(other), **scored}


@pytest.mark.parametrize(
    "url",
    [
        "/marches/{procurement}/analyse.xlsx",
        "/marches/{procurement}/analyse.pdf",
        "/marches/notes/",
        "/marches/notes/?_export=csv",
        "/marches/notes/?_export=xlsx",
        "/marches/notes/{score}/",
        "/marches/candidats/",
        "/marches/candidats/?_export=csv",
        "/marches/candidats/{candidate}/",
        "/marches/criteres/",
        "/marches/criteres/{criterion}/",
    ],
)
def test_a_prestataire_is_refused_the_offer_analysis_of_a_procurement_it_answered(
    url, answered, procurement, client_for
):
    score = answered["alpha"].scores.first()
    url = (
        url.replace("{procurement}", str(procurement.pk))
        .replace("{score}", str(score.pk))
        .replace("{candidate}", str(answered["beta"].pk))
        .replace("{criterion}", str(answered["price"].pk))
    )

    response = client_for(Role.PRESTATAIRE).get(url)

    assert response.status_code == 403


def test_a_prestataire_reads_its_procurement_and_calendar_without_the_analysis(answered, procurement, client_for):
    client = client_for(Role.PRESTATAIRE)

    page = client.get(f"/marches/{procurement.pk}/")
    step = client.get(f"/marches/etapes/{answered['step'].pk}/")

    assert (page.status_code, step.status_code) == (200, 200)
    body = page.content.decode()
    assert "Analyse des offres" not in body
    assert "Prix de Gamma" not in body and "Gamma" not in body
    assert "analyse.pdf" not in body


def test_a_prestataire_sees_nothing_of_a_procurement_its_vendor_did_not_answer(answered, procurement, client_for):
    client = client_for(Role.PRESTATAIRE)

    procurements = list(client.get("/marches/").context["table"].data)
    steps = list(client.get("/marches/etapes/").context["table"].data)
    detail = client.get(f"/marches/{answered['other'].pk}/")
    step = client.get(f"/marches/etapes/{answered['other_step'].pk}/")

    assert procurements == [procurement]
    assert steps == [answered["step"]]
    assert (detail.status_code, step.status_code) == (403, 403)


@pytest.mark.parametrize("role", [Role.ELU, Role.AUDITEUR, Role.DIRECTION])
def test_other_readers_still_read_the_offer_analysis(role, answered, procurement, client_for):
    client = client_for(role)

    statuses = [client.get(url).status_code for url in ("/marches/notes/", f"/marches/{procurement.pk}/analyse.xlsx")]

    assert statuses == [200, 200]
    assert "Analyse des offres" in client.get(f"/marches/{procurement.pk}/").content.decode()


@pytest.mark.parametrize("suffix", ["", "historique/", "analyse.xlsx", "analyse.pdf", "attribuer/", "modifier/"])
def test_a_procurement_of_another_organisation_is_not_found(other_org, client_for, suffix):
    foreign = make_procurement(other_org, "VOISIN-01")
    make_criterion(foreign, "Prix", "100")

    response = client_for(Role.ADMIN).get(f"/marches/{foreign.pk}/{suffix}")

    assert response.status_code == 404


def test_a_list_shows_nothing_of_another_organisation(org, other_org, procurement, client_for):
    make_step(make_procurement(other_org, "VOISIN-01"))
    make_step(procurement)

    steps = client_for(Role.ADMIN).get("/marches/etapes/").context["table"].data

    assert {step.organisation_id for step in steps} == {org.pk}


def test_the_menu_lists_procurements_under_pilotage(client_for):
    response = client_for(Role.ELU).get("/")

    groups = dict(response.context["navigation"])
    assert "Marchés publics" in [item.label for item in groups["Pilotage"]]
    names = [name for name, _ in response.context["navigation"]]
    assert names.index("Pilotage") == names.index("Référentiel SI") + 1


#
# Every list: filterable, exportable, and its query count does not grow with its rows
#


def build_rows(model, procurement, start: int, end: int) -> None:
    """Rows number `start` to `end - 1` of `model`, all under `procurement` when they belong to one."""
    org = procurement.organisation
    if model is Procurement:
        rows = [
            Procurement(
                organisation=org, reference=f"M-{i:04d}", subject="Marché", awarded_vendor=procurement.awarded_vendor
            )
            for i in range(start, end)
        ]
    elif model is ProcedureStep:
        rows = [
            ProcedureStep(
                organisation=org,
                procurement=procurement,
                position=i,
                name=f"Étape {i}",
                planned_start=YESTERDAY,
                is_done=bool(i % 2),
            )
            for i in range(start, end)
        ]
    elif model is Lot:
        rows = [
            Lot(organisation=org, procurement=procurement, number=i + 1, title=f"Lot {i}") for i in range(start, end)
        ]
    elif model is Criterion:
        rows = [
            Criterion(organisation=org, procurement=procurement, name=f"Critère {i}", weight=Decimal("0.1"), position=i)
            for i in range(start, end)
        ]
    elif model is Candidate:
        rows = [
            Candidate(
                organisation=org, procurement=procurement, name=f"Candidat {i:04d}", vendor=procurement.awarded_vendor
            )
            for i in range(start, end)
        ]
    else:
        criterion = procurement.criteria.first() or make_criterion(procurement, "Prix", "100")
        candidates = Candidate.objects.bulk_create(
            Candidate(organisation=org, procurement=procurement, name=f"Noté {i:04d}") for i in range(start, end)
        )
        rows = [Score(organisation=org, candidate=c, criterion=criterion, score=Decimal("12")) for c in candidates]
    model.objects.bulk_create(rows)


def fill_to(model, procurement, total: int) -> None:
    start = model.objects.filter(organisation=procurement.organisation).count()
    build_rows(model, procurement, start, total)
    assert model.objects.filter(organisation=procurement.organisation).count() == total


# List page → (model, maximum number of queries for one page): session, user, memberships,
# count, page of rows, the demo banner, one query per related choice list of the filter form.
LISTS = {
    "/marches/": (Procurement, 7),
    "/marches/lots/": (Lot, 7),
    "/marches/etapes/": (ProcedureStep, 7),
    "/marches/criteres/": (Criterion, 7),
    "/marches/candidats/": (Candidate, 8),
    "/marches/notes/": (Score, 7),
}


@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_costs_the_same_number_of_queries_for_10_and_1000_rows(
    url, org, client_for, django_assert_max_num_queries
):
    model, budget = LISTS[url]
    procurement = make_procurement(org, "0000-BASE", awarded_vendor=make_vendor(org, "Titulaire"))
    client = client_for(Role.ADMIN)

    fill_to(model, procurement, 10)
    with django_assert_max_num_queries(budget) as ten:
        small = client.get(url)
    fill_to(model, procurement, 1000)
    with django_assert_max_num_queries(budget) as thousand:
        large = client.get(url)

    assert small.context["total_count"] == 10
    assert large.context["total_count"] == 1000
    assert len(large.context["table"].page.object_list) == 50
    counts = len(ten.captured_queries), len(thousand.captured_queries)
    print(f"\nrequêtes {url}: 10 lignes → {counts[0]}, 1 000 lignes → {counts[1]}")  # shown with pytest -s
    assert counts[0] == counts[1]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_list_exports_its_rows_with_french_headers(url, export_format, scored, procurement, client_for):
    make_step(procurement)
    make_lot(procurement)

    response = client_for(Role.ADMIN).get(f"{url}?_export={export_format}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{export_format}"')


@pytest.mark.parametrize(
    "url",
    [
        "/marches/?procedure_type=inconnu",
        "/marches/?late=peut-etre",
        "/marches/?awarded_vendor=abc",
        "/marches/etapes/?due_after=31/02/2026",
        "/marches/etapes/?procurement=999999",
        "/marches/notes/?procurement=abc",
        "/marches/candidats/?vendor=-1",
    ],
)
def test_an_invalid_filter_value_does_not_break_a_procurement_list(url, procurement, client_for):
    assert client_for(Role.ADMIN).get(url).status_code == 200


def test_the_step_list_filters_on_the_due_date(procurement, client_for):
    make_step(procurement, 1, planned_start=date(2025, 12, 3))
    make_step(procurement, 2, planned_start=date(2026, 1, 23), planned_end=date(2026, 2, 3))
    make_step(procurement, 3, planned_start=None)

    listed = client_for(Role.ADMIN).get("/marches/etapes/?due_after=2026-01-01&due_before=2026-02-03")

    assert [step.position for step in listed.context["table"].data] == [2]


#
# Everything journaled
#


@pytest.mark.parametrize(
    ("prefix", "data"),
    [
        ("marches", lambda g: procurement_data()),
        ("marches/lots", lambda g: {"procurement": g["alpha"].procurement_id, "number": "3", "title": "Matériel"}),
        ("marches/etapes", lambda g: step_data(g["alpha"].procurement)),
        (
            "marches/criteres",
            lambda g: {"procurement": g["alpha"].procurement_id, "name": "Délais", "weight": "10", "position": "3"},
        ),
        (
            "marches/candidats",
            lambda g: {"procurement": g["alpha"].procurement_id, "name": "Delta", "is_admissible": "on"},
        ),
        (
            "marches/notes",
            lambda g: {
                "candidate": g["beta"].pk,
                "criterion": g["quality"].pk,
                "score": "11",
                "justification": "Moyen",
            },
        ),
    ],
)
def test_creating_and_deleting_through_the_pages_is_journaled(prefix, data, grid, users, client_for):
    client = client_for(Role.DIRECTION)
    before = JournalEntry.objects.count()

    created = client.post(f"/{prefix}/ajouter/", data(grid))
    assert created.status_code == 302, created.context and created.context["form"].errors
    deleted = client.post(f"{created['Location']}supprimer/")

    assert deleted.status_code == 302
    entries = list(JournalEntry.objects.order_by("pk")[before:])
    assert [(e.action, e.user) for e in entries[-2:]] == [
        (JournalAction.CREATED, users[Role.DIRECTION]),
        (JournalAction.DELETED, users[Role.DIRECTION]),
    ]
