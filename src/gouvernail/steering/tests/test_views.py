"""The steering pages: the action board and its moves, the lists' filters and exports, the
project page, the forms' French errors, and bounded query counts on the lists and the board."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gouvernail.core.choices import Role
from gouvernail.core.models import Person
from gouvernail.steering.models import ActionEvent, ActionItem, Project, RoadmapAxis, StatusReport
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.steering import (
    make_action,
    make_axis,
    make_expected_decision,
    make_milestone,
    make_project,
    make_roadmap_item,
    make_status_report,
    make_theme,
)
from gouvernail.testing.factories.vendors import make_vendor
from gouvernail.testing.helpers import read_export
from gouvernail.vendors.models import Vendor

TODAY = date.today()
# Read once at import: the clock is held on that day so that a run crossing midnight stays coherent.
pytestmark = pytest.mark.usefixtures("pinned_today")
BOARD = "/plan-action/tableau/"
READ_ONLY = (Role.ELU, Role.PRESTATAIRE, Role.AUDITEUR)


def move_url(action) -> str:
    return f"/plan-action/{action.pk}/deplacer/"


def board_numbers(response) -> dict[str, list[int]]:
    """Status → numbers of the actions in its column."""
    return {column["status"]: [a.number for a in column["actions"]] for column in response.context["columns"]}


def read_csv(response) -> list[dict]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_xlsx(response) -> list[dict]:
    return read_export(response)[1]


READERS = {"csv": read_csv, "xlsx": read_xlsx}


@pytest.fixture
def plan(org):
    """Five actions across the board: one late, one due today, one deferred, two on an axis."""
    cyber = make_axis(org, "Cybersécurité")
    postes = make_axis(org, "Postes & environnement de travail", position=2)
    return {
        "cyber": cyber,
        "postes": postes,
        "late": make_action(
            org, 2, title="Mettre à jour les OS", status="en_cours", axis=postes, due_date=TODAY - timedelta(days=1)
        ),
        "due_today": make_action(org, 3, title="Politique de mots de passe", status="a_valider", due_date=TODAY),
        "to_plan": make_action(
            org, 8, title="Mots de passe Wifi", status="a_planifier", axis=cyber, due_date=TODAY + timedelta(days=30)
        ),
        "deferred": make_action(
            org,
            15,
            title="Plan de reprise d'activité",
            status="reportee",
            stop_reason="ressources",
            due_date=TODAY - timedelta(days=60),
        ),
        "to_study": make_action(org, 16, title="MDM", axis=cyber),
    }


#
# The board
#


def test_the_board_shows_one_column_per_status_with_its_actions_in_number_order(plan, client_for):
    response = client_for(Role.ELU).get(BOARD)

    assert response.status_code == 200
    assert board_numbers(response) == {
        "a_etudier": [16],
        "a_planifier": [8],
        "a_valider": [3],
        "en_cours": [2],
        "fait": [],
        "reportee": [15],
        "abandonnee": [],
    }
    assert [c["label"] for c in response.context["columns"]][:4] == [
        "À étudier",
        "À planifier",
        "À valider",
        "En cours",
    ]
    assert response.context["progress"]["overdue"] == 1


def test_the_board_shows_no_move_control_to_a_read_only_role(plan, client_for):
    page = client_for(Role.AUDITEUR).get(BOARD).content.decode()

    assert "Déplacer vers" not in page
    assert "Mots de passe Wifi" in page


def test_moving_an_action_on_the_board_redirects_to_the_board_with_a_french_message(plan, users, client_for):
    client = client_for(Role.REFERENT_SI)

    response = client.post(move_url(plan["to_plan"]), {"status": "en_cours", "comment": "Lancé."}, follow=True)

    assert response.redirect_chain == [(BOARD, 302)]
    assert "Action 8 déplacée vers « En cours »." in response.content.decode()
    assert board_numbers(response)["en_cours"] == [2, 8]
    event = plan["to_plan"].events.get()
    assert (event.from_status, event.to_status, event.comment, event.author) == (
        "a_planifier",
        "en_cours",
        "Lancé.",
        users[Role.REFERENT_SI],
    )


def test_moving_an_action_with_htmx_returns_the_board_alone(plan, client_for):
    client = client_for(Role.REFERENT_SI)

    response = client.post(move_url(plan["to_plan"]), {"status": "en_cours"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "steering/includes/action_board_columns.html"
    page = response.content.decode()
    assert "<html" not in page
    assert 'role="alert">Action 8 déplacée vers « En cours ».' in page
    assert board_numbers(response)["en_cours"] == [2, 8]
    assert board_numbers(response)["a_planifier"] == []


def test_the_direction_may_move_an_action(plan, client_for):
    response = client_for(Role.DIRECTION).post(move_url(plan["to_study"]), {"status": "a_planifier"})

    assert response.status_code == 302
    plan["to_study"].refresh_from_db()
    assert plan["to_study"].status == "a_planifier"


@pytest.mark.parametrize("role", READ_ONLY)
def test_a_read_only_role_cannot_move_an_action(role, plan, client_for):
    response = client_for(role).post(move_url(plan["to_plan"]), {"status": "en_cours"})

    assert response.status_code == 403
    plan["to_plan"].refresh_from_db()
    assert plan["to_plan"].status == "a_planifier"
    assert not ActionEvent.objects.exists()


def test_moving_an_action_of_another_organisation_is_not_found(other_org, client_for):
    foreign = make_action(other_org, 1, status="a_planifier")

    response = client_for(Role.ADMIN).post(move_url(foreign), {"status": "en_cours"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "a_planifier"


def test_the_move_url_answers_only_posts(plan, client_for):
    assert client_for(Role.ADMIN).get(move_url(plan["to_plan"])).status_code == 405


def test_deferring_on_the_board_without_a_reason_explains_it_in_french_and_changes_nothing(plan, client_for):
    response = client_for(Role.REFERENT_SI).post(
        move_url(plan["to_plan"]), {"status": "reportee"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Action 8 : Indiquez pourquoi l&#x27;action est reportée ou abandonnée." in response.content.decode()
    plan["to_plan"].refresh_from_db()
    assert plan["to_plan"].status == "a_planifier"
    assert not ActionEvent.objects.exists()


def test_deferring_on_the_board_with_a_reason_records_it(plan, client_for):
    client_for(Role.REFERENT_SI).post(
        move_url(plan["to_plan"]), {"status": "reportee", "stop_reason": "ressources", "comment": "1 ETP SI."}
    )

    plan["to_plan"].refresh_from_db()
    assert (plan["to_plan"].status, plan["to_plan"].stop_reason) == ("reportee", "ressources")
    assert plan["to_plan"].events.get().stop_reason == "ressources"


@pytest.mark.parametrize("data", [{"status": "termine"}, {}], ids=["unknown status", "no status"])
def test_a_move_to_an_invalid_status_is_refused_in_french(data, plan, client_for):
    response = client_for(Role.REFERENT_SI).post(move_url(plan["to_plan"]), data, follow=True)

    assert response.status_code == 200
    assert "Action 8 : choisissez un statut valide." in response.content.decode()
    assert not ActionEvent.objects.exists()


def test_moving_to_the_current_status_says_nothing_and_writes_nothing(plan, client_for):
    response = client_for(Role.REFERENT_SI).post(move_url(plan["to_plan"]), {"status": "a_planifier"}, follow=True)

    assert "déplacée" not in response.content.decode()
    assert not ActionEvent.objects.exists()


def test_an_edit_form_opened_before_a_board_move_is_refused_as_a_conflict(plan, users, client_for):
    client = client_for(Role.REFERENT_SI)
    action = plan["to_plan"]
    form = client.get(f"/plan-action/{action.pk}/modifier/").context["form"]
    seen = form["row_version_seen"].value()
    client.post(move_url(action), {"status": "en_cours"})

    response = client.post(
        f"/plan-action/{action.pk}/modifier/",
        {
            "number": "8",
            "title": "Mots de passe Wifi (renouvellement)",
            "status": "a_planifier",
            "priority": "normale",
            "row_version_seen": seen,
        },
    )

    assert response.status_code == 409
    action.refresh_from_db()
    assert (action.title, action.status) == ("Mots de passe Wifi", "en_cours")


#
# The action page and form
#


def test_the_action_page_shows_its_logbook(plan, users, client_for):
    client = client_for(Role.REFERENT_SI)
    client.post(move_url(plan["to_plan"]), {"status": "en_cours", "comment": "Prestataire mobilisé."})

    page = client_for(Role.AUDITEUR).get(f"/plan-action/{plan['to_plan'].pk}/").content.decode()

    assert "Journal de bord" in page
    assert "Prestataire mobilisé." in page
    assert users[Role.REFERENT_SI].email in page


def test_editing_an_action_through_its_form_writes_one_event(plan, users, client_for):
    action = plan["to_plan"]

    response = client_for(Role.DIRECTION).post(
        f"/plan-action/{action.pk}/modifier/",
        {
            "number": "8",
            "title": "Mots de passe Wifi",
            "status": "en_cours",
            "priority": "haute",
            "comment": "Validé en COPIL.",
            "row_version_seen": action.row_version,
        },
    )

    assert response.status_code == 302
    event = action.events.get()
    assert (event.from_status, event.to_status, event.comment, event.author) == (
        "a_planifier",
        "en_cours",
        "Validé en COPIL.",
        users[Role.DIRECTION],
    )


def test_adding_an_action_proposes_the_next_number_and_writes_its_first_event(plan, client_for):
    client = client_for(Role.REFERENT_SI)
    assert client.get("/plan-action/ajouter/").context["form"]["number"].value() == 17

    client.post(
        "/plan-action/ajouter/", {"number": "17", "title": "Messagerie", "status": "a_planifier", "priority": "normale"}
    )

    action = ActionItem.objects.get(number=17)
    assert [(e.from_status, e.to_status) for e in action.events.all()] == [("", "a_planifier")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "8"}, "Une action porte déjà ce numéro."),
        ({"status": "reportee"}, "Indiquez pourquoi l&#x27;action est reportée ou abandonnée."),
        ({"due_date": "31/02/2026"}, "Saisissez une date valide."),
        ({"owner_person": "{person}", "owner_vendor": "{vendor}"}, "Le porteur est une personne ou un prestataire"),
    ],
    ids=["duplicate number", "deferred without reason", "impossible date", "two owners"],
)
def test_an_invalid_action_form_is_explained_in_french(data, message, org, plan, client_for):
    values = {"{person}": str(make_person(org).pk), "{vendor}": str(make_vendor(org).pk)}
    data = {key: values.get(value, value) for key, value in data.items()}
    form = {"number": "18", "title": "Nouvelle action", "status": "a_etudier", "priority": "normale", **data}

    response = client_for(Role.REFERENT_SI).post("/plan-action/ajouter/", form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActionItem.objects.filter(title="Nouvelle action").exists()


#
# Lists: filters and exports
#


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overdue=true", {2}),
        ("overdue=false", {3, 8, 15, 16}),
        ("status=a_planifier", {8}),
        ("status=reportee", {15}),
        ("axis={cyber}", {8, 16}),
        ("axis={cyber}&status=a_etudier", {16}),
        ("q=mots de passe", {3, 8}),
    ],
)
def test_the_action_list_filters(query, expected, plan, client_for):
    query = query.replace("{cyber}", str(plan["cyber"].pk))

    response = client_for(Role.ELU).get(f"/plan-action/?{query}")

    assert response.status_code == 200
    assert {a.number for a in response.context["table"].data} == expected


@pytest.mark.parametrize("export_format", READERS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overdue=true", {"2"}),
        ("axis={cyber}", {"8", "16"}),
        ("status=reportee", {"15"}),
        ("", {"2", "3", "8", "15", "16"}),
    ],
)
def test_the_action_export_holds_exactly_the_filtered_rows(query, expected, export_format, plan, client_for):
    query = query.replace("{cyber}", str(plan["cyber"].pk))

    response = client_for(Role.AUDITEUR).get(f"/plan-action/?{query}&_export={export_format}")

    assert response.status_code == 200
    rows = READERS[export_format](response)
    assert {row["N°"] for row in rows} == expected
    assert len(rows) == len(expected)


def test_the_action_export_speaks_french(plan, client_for):
    rows = read_csv(client_for(Role.ADMIN).get("/plan-action/?status=reportee&_export=csv"))

    assert rows[0]["Statut"] == "Reportée"
    assert rows[0]["Motif du report ou de l'abandon"] == "Manque de ressources"
    assert rows[0]["Intitulé"] == "Plan de reprise d'activité"


def test_an_invalid_filter_on_the_action_list_is_explained_and_lists_nothing(plan, client_for):
    response = client_for(Role.ADMIN).get("/plan-action/?status=termine")

    assert response.status_code == 200
    assert list(response.context["table"].data) == []
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_project_list_filters_running_projects_and_exports_them(org, client_for):
    for name, status in (
        ("Windows 11", "en_risque"),
        ("M365", "en_cours"),
        ("Phishing", "en_alerte"),
        ("GLPI", "termine"),
    ):
        make_project(org, name, status=status)
    client = client_for(Role.ELU)

    listed = {p.name for p in client.get("/projets/?running=true").context["table"].data}
    exported = {row["Nom"] for row in read_csv(client.get("/projets/?running=true&_export=csv"))}

    assert listed == exported == {"Windows 11", "M365", "Phishing"}
    assert {p.name for p in client.get("/projets/?status=en_alerte").context["table"].data} == {"Phishing"}


STEERING_LISTS = (
    "/plan-action/",
    "/projets/",
    "/points-avancement/",
    "/jalons/",
    "/decisions-attendues/",
    "/feuille-de-route/axes/",
    "/feuille-de-route/themes/",
    "/feuille-de-route/elements/",
)


@pytest.fixture
def portfolio(org):
    """One row of each steering model, and a project without budget nor dates."""
    axis = make_axis(org)
    project = make_project(org, "Firewall centralisé", axis=axis, budget_planned=Decimal("27500"))
    make_project(org, "Sans budget")
    make_status_report(org, project)
    make_milestone(org, project)
    make_expected_decision(org, project)
    make_roadmap_item(org, axis, start_month=date(2026, 2, 1), end_month=date(2026, 4, 1), is_estimate=True)
    make_action(org, 1, axis=axis)
    make_theme(org)
    return project


@pytest.mark.parametrize("export_format", READERS)
@pytest.mark.parametrize("url", STEERING_LISTS)
def test_every_steering_list_exports_its_rows(url, export_format, portfolio, client_for):
    client = client_for(Role.AUDITEUR)
    listed = client.get(url).context["table"].data

    response = client.get(f"{url}?_export={export_format}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{export_format}"')
    assert len(READERS[export_format](response)) == len(listed) >= 1


@pytest.mark.parametrize("url", STEERING_LISTS)
def test_every_steering_list_searches(url, portfolio, client_for):
    response = client_for(Role.AUDITEUR).get(f"{url}?q=zzz-introuvable")

    assert response.status_code == 200
    assert list(response.context["table"].data) == []


#
# Projects
#


def test_the_project_page_lists_its_reports_milestones_decisions_and_actions(org, client_for):
    project = make_project(org, "Téléphonie IP unifiée")
    make_status_report(org, project, summary="Deux offres reçues.")
    make_milestone(org, project, "Bascule du siège")
    make_expected_decision(org, project, "Choix de l'offre de téléphonie")
    project.actions.add(make_action(org, 16, title="Mettre en place un MDM"))
    make_status_report(org, make_project(org, "Autre projet"), summary="Ne doit pas apparaître.")

    response = client_for(Role.ELU).get(f"/projets/{project.pk}/")

    page = response.content.decode()
    for title in ("Points d&#x27;avancement", "Jalons", "Arbitrages attendus du COPIL", "Actions liées"):
        assert title in page
    for row in (
        "Deux offres reçues.",
        "Bascule du siège",
        "Choix de l&#x27;offre de téléphonie",
        "Mettre en place un MDM",
    ):
        assert row in page
    assert "Ne doit pas apparaître." not in page


def test_the_report_form_opened_from_a_project_preselects_it(org, client_for):
    make_project(org, "Autre projet")
    project = make_project(org, "Migration Windows 11")

    response = client_for(Role.DIRECTION).get(f"/points-avancement/ajouter/?project={project.pk}")

    assert response.status_code == 200
    assert response.context["form"]["project"].value() == str(project.pk)
    assert f'<option value="{project.pk}" selected>Migration Windows 11</option>' in response.content.decode()


def test_a_report_posted_through_its_form_sets_the_project_weather(org, users, client_for):
    project = make_project(org)

    response = client_for(Role.DIRECTION).post(
        "/points-avancement/ajouter/",
        {"project": project.pk, "date": "2026-03-01", "status": "en_alerte", "summary": "Livraison bloquée."},
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "en_alerte"
    assert StatusReport.objects.get().author == users[Role.DIRECTION]


def project_form(**fields) -> dict:
    return {"name": "Téléphonie IP unifiée", "status": "en_cours", **fields}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget_spent": "1 200"}, "Renseignez d&#x27;abord le budget prévu."),
        ({"budget_committed": "500,50"}, "Renseignez d&#x27;abord le budget prévu."),
        ({"planned_start": "2026-06-01", "planned_end": "2026-05-01"}, "La fin prévue précède le début prévu."),
        ({"budget_planned": "-5"}, "Le montant ne peut pas être négatif."),
        ({"budget_planned": "beaucoup"}, "Saisissez un nombre."),
    ],
    ids=["spent without planned", "committed without planned", "end before start", "negative", "not a number"],
)
def test_an_invalid_project_is_explained_in_french_without_an_error_page(fields, message, org, client_for):
    response = client_for(Role.DIRECTION).post("/projets/ajouter/", project_form(**fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_a_project_with_a_french_amount_is_saved(org, client_for):
    response = client_for(Role.DIRECTION).post(
        "/projets/ajouter/", project_form(budget_planned="36 000,00", budget_spent="1 200,50")
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.budget_planned, project.budget_spent) == (Decimal("36000.00"), Decimal("1200.50"))


def test_a_roadmap_item_ending_before_it_starts_is_explained_in_french(org, client_for):
    axis = make_axis(org)

    response = client_for(Role.REFERENT_SI).post(
        "/feuille-de-route/elements/ajouter/",
        {
            "axis": axis.pk,
            "year": "2026",
            "title": "Firewall",
            "start_month": "2026-04-01",
            "end_month": "2026-02-01",
            "status": "prevu",
        },
    )

    assert response.status_code == 200
    assert "Le mois de fin précède le mois de début." in response.content.decode()


def test_deleting_an_axis_that_has_items_is_refused_in_french(org, client_for):
    axis = make_axis(org)
    make_roadmap_item(org, axis, "Firewall centralisé")

    response = client_for(Role.DIRECTION).post(f"/feuille-de-route/axes/{axis.pk}/supprimer/", follow=True)

    assert response.status_code == 200
    assert "ne peut pas être supprimée : elle est utilisée par Firewall centralisé" in response.content.decode()
    assert RoadmapAxis.objects.filter(pk=axis.pk).exists()


#
# Query counts: the same for 10 and 1 000 rows
#


def fill_actions(org, total: int) -> None:
    """Actions up to `total`, of every status, owned by three people and a vendor, on three axes."""
    axes = [RoadmapAxis.objects.get_or_create(organisation=org, name=f"Axe {i}", position=i)[0] for i in range(3)]
    people = [Person.objects.get_or_create(organisation=org, last_name=f"Porteur {i}")[0] for i in range(3)]
    vendor = Vendor.objects.get_or_create(organisation=org, name="OVH")[0]
    start = ActionItem.objects.count()
    statuses = ("a_etudier", "a_planifier", "a_valider", "en_cours", "fait", "reportee")
    ActionItem.objects.bulk_create(
        ActionItem(
            organisation=org,
            number=n + 1,
            title=f"Action {n + 1}",
            status=statuses[n % len(statuses)],
            stop_reason="ressources" if statuses[n % len(statuses)] == "reportee" else "",
            owner_person=people[n % 3] if n % 4 else None,
            owner_vendor=None if n % 4 else vendor,
            axis=axes[n % 3],
            due_date=TODAY + timedelta(days=(n % 20) - 10),
        )
        for n in range(start, total)
    )


def fill_projects(org, total: int) -> None:
    """Projects up to `total`, with a lead and an axis."""
    axis = RoadmapAxis.objects.get_or_create(organisation=org, name="Axe")[0]
    lead = Person.objects.get_or_create(organisation=org, last_name="Chef de projet")[0]
    start = Project.objects.count()
    Project.objects.bulk_create(
        Project(organisation=org, name=f"Projet {n:04d}", lead=lead, axis=axis, budget_planned=Decimal("1000"))
        for n in range(start, total)
    )


# Page → (filler, maximum number of queries). The budget is what the page costs today:
# session, user, memberships and the demo banner (4), then
# - a list: its count, its page of rows (related rows joined), one query per related choice
#   list of the filter form (actions: axis, roadmap axis, person, vendor; projects: axis,
#   roadmap axis, lead);
# - the board: every card in one query, and its progress block (counts by status, by axis,
#   without axis, overdue).
COUNTED = {
    "/plan-action/": (fill_actions, 10),
    BOARD: (fill_actions, 9),
    "/projets/": (fill_projects, 9),
}


@pytest.mark.parametrize("url", COUNTED)
def test_a_steering_page_costs_the_same_number_of_queries_for_10_and_1000_rows(
    url, org, client_for, django_assert_max_num_queries
):
    fill, budget = COUNTED[url]
    client = client_for(Role.REFERENT_SI)

    fill(org, 10)
    with django_assert_max_num_queries(budget) as ten:
        small = client.get(url)
    fill(org, 1000)
    with django_assert_max_num_queries(budget) as thousand:
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    counts = len(ten.captured_queries), len(thousand.captured_queries)
    print(f"\nrequêtes {url}: 10 lignes → {counts[0]}, 1 000 lignes → {counts[1]}")  # shown with pytest -s
    assert counts[0] == counts[1]
    if url == BOARD:
        assert sum(len(column["actions"]) for column in large.context["columns"]) == 1000
    else:
        assert large.context["total_count"] == 1000
