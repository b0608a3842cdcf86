"""The permission matrix: every page × every role → the expected status.

`PAGES` maps a page to the roles that get it (200); every other role gets 403 and an anonymous
visitor is sent to the login page. Object pages name their row in braces ({equipment}, …),
filled in from one row of each model of the organisation. Adding a page is one line.

The pages the project serves are read from the URL resolver: a page that has no rule here
(in `PAGES`, `WRITES` for the pages that only take a POST, or `EXEMPT` with the reason) fails
`test_every_page_served_has_a_rule_in_the_matrix`, and so does every list page whose rows
are not checked for leaks across organisations.
"""

from urllib.parse import quote, urlsplit

import pytest
from django.urls import URLResolver, get_resolver, resolve

from gouvernail.core.choices import Role
from gouvernail.core.models import Person, Site, User
from gouvernail.testing.factories.referentiel import Referentiel
from gouvernail.testing.factories.vendors import make_contact, make_contract, make_vendor
from gouvernail.vendors.models import Contract, Vendor

ROLES = tuple(Role.values)
EVERYONE = frozenset(ROLES)
EDITORS = frozenset({Role.ADMIN, Role.REFERENT_SI})
# The governance domain (action plan, projects, roadmap): the Direction edits too.
GOVERNANCE_EDITORS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION})
ADMIN_ONLY = frozenset({Role.ADMIN})
NOT_PRESTATAIRE = EVERYONE - {Role.PRESTATAIRE}
JOURNAL_READERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.AUDITEUR})
DASHBOARD_SLUGS = (
    "copil",
    "charge-service-si",
    "projets-numeriques",
    "migration-windows-11",
    "patrimoine",
    "prestataires-contrats",
    "antivirus",
    "phishing",
    "nextcloud",
    "epn",
    "rgpd-continuite-acces",
    "budget-si",
)
# Compliance (hygiene self-assessment, incidents, NIS2): never for a Prestataire; governance editors write.
COMPLIANCE_READERS = NOT_PRESTATAIRE
CONNECTOR_READERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.AUDITEUR})
ACCESS_READERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.AUDITEUR})


def object_pages(prefix: str, row: str, *, read=EVERYONE, edit=EDITORS) -> dict[str, frozenset]:
    """The list, add, detail, history, edit and delete pages of one model."""
    return {
        f"/{prefix}/": read,
        f"/{prefix}/ajouter/": edit,
        f"/{prefix}/{{{row}}}/": read,
        f"/{prefix}/{{{row}}}/historique/": read,
        f"/{prefix}/{{{row}}}/modifier/": edit,
        f"/{prefix}/{{{row}}}/supprimer/": edit,
    }


PAGES: dict[str, frozenset] = {
    "/": EVERYONE,
    "/recherche/": EVERYONE,
    "/journal/": JOURNAL_READERS,
    "/organisation/": ADMIN_ONLY,
    "/organisation/entra-id/": ADMIN_ONLY,
    **object_pages("parc", "equipment"),
    **object_pages("applications", "application"),
    **object_pages("prestataires", "vendor"),
    **object_pages("contrats", "contract"),
    **object_pages("contrats/niveaux-de-service", "service_level"),
    **object_pages("contrats/mesures-de-service", "sla_measurement"),
    **object_pages("contacts-prestataires", "contact"),
    **object_pages("sites", "site"),
    **object_pages("services", "service"),
    **object_pages("personnes", "person", read=NOT_PRESTATAIRE),
    **object_pages("habilitations", "membership", read=ADMIN_ONLY, edit=ADMIN_ONLY),
    "/plan-action/tableau/": EVERYONE,
    "/feuille-de-route/": EVERYONE,
    "/feuille-de-route/gantt/2026/": EVERYONE,
    "/feuille-de-route/gantt/2026.png": EVERYONE,
    "/feuille-de-route/gantt/2026.pdf": EVERYONE,
    **object_pages("plan-action", "action", edit=GOVERNANCE_EDITORS),
    "/plan-action/occurrences/": EVERYONE,
    "/plan-action/occurrences/{occurrence}/": EVERYONE,
    **object_pages("projets", "project", edit=GOVERNANCE_EDITORS),
    **object_pages("points-avancement", "report", edit=GOVERNANCE_EDITORS),
    **object_pages("jalons", "milestone", edit=GOVERNANCE_EDITORS),
    **object_pages("decisions-attendues", "decision", edit=GOVERNANCE_EDITORS),
    **object_pages("feuille-de-route/axes", "axis", edit=GOVERNANCE_EDITORS),
    **object_pages("feuille-de-route/themes", "theme", edit=GOVERNANCE_EDITORS),
    **object_pages("feuille-de-route/elements", "roadmap_item", edit=GOVERNANCE_EDITORS),
    **object_pages("marches", "procurement", edit=GOVERNANCE_EDITORS),
    "/marches/{procurement}/attribuer/": GOVERNANCE_EDITORS,
    # The offer analysis (scores, justifications, report) is never shown to a Prestataire.
    "/marches/{procurement}/analyse.xlsx": NOT_PRESTATAIRE,
    "/marches/{procurement}/analyse.pdf": NOT_PRESTATAIRE,
    **object_pages("marches/lots", "lot", edit=GOVERNANCE_EDITORS),
    **object_pages("marches/etapes", "step", edit=GOVERNANCE_EDITORS),
    **object_pages("marches/criteres", "criterion", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("marches/candidats", "candidate", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("marches/notes", "score", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    "/marches/notes/?_export=csv": NOT_PRESTATAIRE,
    **object_pages("instances", "committee", edit=GOVERNANCE_EDITORS),
    **object_pages("instances/membres", "member", edit=GOVERNANCE_EDITORS),
    **object_pages("reunions", "meeting", edit=GOVERNANCE_EDITORS),
    **object_pages("reunions/ordre-du-jour", "agenda_item", edit=GOVERNANCE_EDITORS),
    **object_pages("decisions", "gov_decision", edit=GOVERNANCE_EDITORS),
    "/decisions/{gov_decision}/enregistrer/": GOVERNANCE_EDITORS,
    "/decisions/registre/verification/": JOURNAL_READERS,
    # The signed checkpoints and the verifiable export are meant for outsiders: every role reads them.
    "/decisions/registre/points-de-controle/": EVERYONE,
    "/decisions/registre/points-de-controle/{checkpoint}/": EVERYONE,
    "/decisions/registre/points-de-controle/{checkpoint}/telecharger/": EVERYONE,
    "/decisions/registre/export.zip": EVERYONE,
    **object_pages("decisions/options", "option", edit=GOVERNANCE_EDITORS),
    **object_pages("decisions/resolutions", "resolution", edit=GOVERNANCE_EDITORS),
    **object_pages("decisions/actes", "act", edit=GOVERNANCE_EDITORS),
    **object_pages("gouvernance/mise-en-oeuvre", "governance_event", edit=GOVERNANCE_EDITORS),
    # Roles and the RACI matrix: everyone reads who does what, the Référent SI keeps it.
    "/gouvernance/raci/": EVERYONE,
    "/gouvernance/raci/?_export=csv": EVERYONE,
    "/gouvernance/raci/?_export=xlsx": EVERYONE,
    **object_pages("gouvernance/roles", "gov_role"),
    **object_pages("gouvernance/raci/cases", "raci"),
    **object_pages("scenarios", "analysis", edit=GOVERNANCE_EDITORS),
    **object_pages("scenarios/criteres", "scenario_criterion", edit=GOVERNANCE_EDITORS),
    **object_pages("scenarios/options", "scenario_option", edit=GOVERNANCE_EDITORS),
    **object_pages("scenarios/appreciations", "rating", edit=GOVERNANCE_EDITORS),
    "/reunions/{meeting}/releve.pdf": EVERYONE,
    "/reunions/{meeting}/releve.docx": EVERYONE,
    "/reunions/{meeting}/dossier-copil/": GOVERNANCE_EDITORS,
    "/dossiers-copil/{copil_pack}/": NOT_PRESTATAIRE,
    "/mes-agendas/": EVERYONE,
    "/applications/?_export=pdf": EVERYONE,
    "/plan-action/?_export=pdf": EVERYONE,
    "/decisions/registre/": EVERYONE,
    "/decisions/registre/?_export=csv": EVERYONE,
    **object_pages("documents-cadres", "framework_document", edit=GOVERNANCE_EDITORS),
    **object_pages("documents-cadres/versions", "document_version", edit=GOVERNANCE_EDITORS),
    "/documents-cadres/versions/{document_version}/soumettre/": GOVERNANCE_EDITORS,
    "/documents-cadres/versions/{document_version}/approuver/": GOVERNANCE_EDITORS,
    "/documents-cadres/versions/{document_version}/publier/": GOVERNANCE_EDITORS,
    **object_pages("documents-cadres/campagnes", "campaign", edit=GOVERNANCE_EDITORS),
    # Pages naming who did or did not acknowledge: the governance editors only.
    "/documents-cadres/campagnes/{campaign}/prises-de-connaissance/": GOVERNANCE_EDITORS,
    "/documents-cadres/campagnes/{campaign}/liste-nominative/": GOVERNANCE_EDITORS,
    "/demandes/": NOT_PRESTATAIRE,
    "/demandes/{request}/": NOT_PRESTATAIRE,
    **object_pages("demandes/familles", "category_mapping", read=NOT_PRESTATAIRE),
    **object_pages("demandes/groupes-prestataires", "assignment_group", read=NOT_PRESTATAIRE),
    **object_pages("phishing/campagnes", "phishing_campaign", read=NOT_PRESTATAIRE),
    **object_pages("phishing/resultats", "phishing_result", read=NOT_PRESTATAIRE),
    "/nextcloud/releves/": NOT_PRESTATAIRE,
    "/nextcloud/releves/{nextcloud_snapshot}/": NOT_PRESTATAIRE,
    "/nextcloud/usages/": NOT_PRESTATAIRE,
    "/nextcloud/usages/{nextcloud_usage}/": NOT_PRESTATAIRE,
    **object_pages("nextcloud/espaces", "shared_space", read=NOT_PRESTATAIRE),
    "/epn/seances/": NOT_PRESTATAIRE,
    "/epn/seances/{epn_session}/": NOT_PRESTATAIRE,
    "/epn/seances/importer/": EDITORS,
    "/tableaux-de-bord/": NOT_PRESTATAIRE,
    "/tableaux-de-bord/indicateurs/": EVERYONE,
    # One line per registered dashboard (metrics checks that none is missing).
    **{f"/tableaux-de-bord/{slug}/": NOT_PRESTATAIRE for slug in DASHBOARD_SLUGS},
    "/imports/": EDITORS,
    "/imports/{import_record}/": EDITORS,
    "/imports/{import_record}/rejets.xlsx": EDITORS,
    "/imports/nouveau/": EDITORS,
    "/imports/modeles/equipment.xlsx": EDITORS,
    "/collecte/": CONNECTOR_READERS,
    **{f"/collecte/{kind}/": EDITORS for kind in ("gestsup", "glpi", "nextcloud", "gophish", "entra", "defender")},
    "/collecte/antivirus/import/": EDITORS,
    "/collecte/executions/": CONNECTOR_READERS,
    "/collecte/executions/{sync_run}/": CONNECTOR_READERS,
    "/collecte/executions/{sync_run}/progression/": CONNECTOR_READERS,
    # A job is followed by the readers of its domain (here a sync: the connectors' readers).
    "/traitements/{job}/": CONNECTOR_READERS,
    "/traitements/{job}/progression/": CONNECTOR_READERS,
    "/traitements/{job}/fichier/": CONNECTOR_READERS,
    "/conformite/": COMPLIANCE_READERS,
    "/conformite/referentiels/": COMPLIANCE_READERS,
    "/conformite/referentiels/{framework}/": COMPLIANCE_READERS,
    "/conformite/referentiels/importer/": GOVERNANCE_EDITORS,
    **object_pages("conformite/evaluations", "assessment", read=COMPLIANCE_READERS, edit=GOVERNANCE_EDITORS),
    "/conformite/evaluations/{assessment}/applicabilite.xlsx": COMPLIANCE_READERS,
    "/conformite/evaluations/{assessment}/applicabilite.ods": COMPLIANCE_READERS,
    "/conformite/mesures/": COMPLIANCE_READERS,
    "/conformite/mesures/{measure_assessment}/": COMPLIANCE_READERS,
    "/conformite/mesures/{measure_assessment}/historique/": COMPLIANCE_READERS,
    "/conformite/mesures/{measure_assessment}/modifier/": GOVERNANCE_EDITORS,
    **object_pages("conformite/incidents", "security_incident", read=COMPLIANCE_READERS, edit=GOVERNANCE_EDITORS),
    "/conformite/incidents/?_export=pdf": COMPLIANCE_READERS,
    **object_pages("conformite/nis2", "nis2_profile", read=COMPLIANCE_READERS, edit=GOVERNANCE_EDITORS),
    # RGPD register: everyone reads it (the matrix's Prestataire operates the DPO vendor).
    **object_pages("rgpd/traitements", "processing_activity"),
    **object_pages("rgpd/sous-traitance", "processor_engagement"),
    **object_pages("rgpd/aipd", "impact_assessment"),
    **object_pages("rgpd/responsable", "register"),
    "/rgpd/traitements/registre.xlsx": EVERYONE,
    "/rgpd/traitements/registre.ods": EVERYONE,
    "/rgpd/traitements/registre.pdf": EVERYONE,
    "/rgpd/traitements/importer/": EDITORS,
    # Continuity (how to restore the system): not for outside operators.
    **object_pages("continuite/plans", "continuity_plan", read=NOT_PRESTATAIRE),
    **object_pages("continuite/applications", "plan_entry", read=NOT_PRESTATAIRE),
    **object_pages("continuite/tests", "continuity_test", read=NOT_PRESTATAIRE),
    **object_pages("continuite/resultats", "test_result", read=NOT_PRESTATAIRE),
    **object_pages("continuite/sauvegardes", "backup_job", read=NOT_PRESTATAIRE),
    "/continuite/sauvegardes/importer/": EDITORS,
    # Accounts, reviews, arrivals and departures name agents: access governors and the auditor.
    **object_pages("acces/comptes", "account_grant", read=ACCESS_READERS),
    "/acces/comptes/depuis-entra/": EDITORS,
    **object_pages("acces/revues", "review_campaign", read=ACCESS_READERS),
    "/acces/revues/{review_campaign}/rapport.pdf": ACCESS_READERS,
    **object_pages("acces/decisions", "access_review", read=ACCESS_READERS),
    **object_pages("acces/arrivees-departs", "movement", read=ACCESS_READERS),
    **object_pages("acces/etapes", "checklist_item", read=ACCESS_READERS),
    # Finances SI: the budget names every vendor's amounts, never shown to a Prestataire.
    **object_pages("finances/lignes", "budget_line", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    "/finances/lignes/?_export=xlsx": NOT_PRESTATAIRE,
    **object_pages("finances/comptes", "account", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("finances/autorisations-de-programme", "programme", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("finances/credits-de-paiement", "payment_credit", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("finances/execution", "execution_entry", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("finances/trajectoire/montants", "trajectory_entry", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    **object_pages("finances/parametres", "finance_settings", read=NOT_PRESTATAIRE, edit=GOVERNANCE_EDITORS),
    "/finances/trajectoire/": NOT_PRESTATAIRE,
    "/finances/trajectoire/?_export=ods": NOT_PRESTATAIRE,
    "/finances/cout-par-application/": NOT_PRESTATAIRE,
    "/finances/cout-par-application/?_export=xlsx": NOT_PRESTATAIRE,
    "/finances/execution/importer/": GOVERNANCE_EDITORS,
    # The consolidated view of a mutualised service: the dashboards' readers.
    "/mutualisation/": NOT_PRESTATAIRE,
    "/mutualisation/?_export=csv": NOT_PRESTATAIRE,
    # Every member manages their own API tokens (the token never does more than the role).
    "/jetons-api/": EVERYONE,
}

# Pages that only take a POST (a write): every role outside the set is refused (403) and nothing
# is written; the allowed roles' writes are tested with their application.
WRITES: dict[str, frozenset] = {
    "/plan-action/{action}/deplacer/": GOVERNANCE_EDITORS,
    "/gouvernance/mise-en-oeuvre/{governance_event}/planifier/": GOVERNANCE_EDITORS,
    "/plan-action/occurrences/{occurrence}/faite/": GOVERNANCE_EDITORS,
    **{f"/collecte/{kind}/synchroniser/": EDITORS for kind in ("gestsup", "nextcloud")},
    "/traitements/{job}/annuler/": EDITORS,
    "/conformite/evaluations/{assessment}/actualiser/": GOVERNANCE_EDITORS,
    "/conformite/mesures/{measure_assessment}/creer-action/": GOVERNANCE_EDITORS,
    "/conformite/incidents/delais/{incident_clock}/fait/": GOVERNANCE_EDITORS,
    "/continuite/tests/{continuity_test}/action/": EDITORS,
    "/acces/revues/{review_campaign}/ouvrir/": EDITORS,
    "/finances/lignes/{budget_line}/prevision/": GOVERNANCE_EDITORS,
}

# Served routes outside the role matrix, each with the reason (a route, or a prefix ending in « / »
# for a whole application).
EXEMPT: dict[str, str] = {
    "compte/": "connexion, MFA et mot de passe (django-allauth) : ouvertes aux visiteurs par construction",
    "agenda/<str:token>.ics": "flux iCal authentifié par son jeton secret et non par la session (tests de reports)",
    "imports/nouveau/<str:token>/colonnes/": "étape d'un import en cours, liée au téléversement de la session",
    "imports/nouveau/<str:token>/apercu/": "étape d'un import en cours, liée au téléversement de la session",
    "imports/nouveau/<str:token>/annuler/": "abandon d'un import en cours, lié au téléversement de la session",
    "imports/nouveau/<str:token>/valeurs/": "étape d'un import en cours, liée au téléversement de la session",
    "finances/execution/importer/<str:token>/": (
        "aperçu d'un import de mandats en cours, lié au téléversement de l'utilisateur (tests de finance)"
    ),
    "feuille-de-route/gantt/": "redirige vers le Gantt de l'année en cours, qui est dans la matrice",
    "api/": "API REST : sa propre matrice, chaque point d'accès × rôle × organisation (tests de api)",
    "jetons-api/<int:pk>/revoquer/": "chacun révoque ses propres jetons d'API (tests de api)",
    "organisation/changer/": "bascule entre les organisations de l'utilisateur lui-même (tests de core)",
    "documents-cadres/campagnes/<int:pk>/j-ai-pris-connaissance/": (
        "chacun déclare pour lui-même sa prise de connaissance (tests des prises de connaissance)"
    ),
}

OBJECT_PAGES = {page: roles for page, roles in PAGES.items() if "{" in page}


def served_routes(patterns=None, prefix: str = ""):
    """(route, pattern) of every page of the URL configuration, the route written in full."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from served_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def route_of(page: str) -> str:
    """The route a page of the matrix resolves to (its rows, whichever they are, do not matter)."""
    path = urlsplit(page).path
    while "{" in path:
        row = path.split("{", 1)[1].split("}", 1)[0]
        path = path.replace(f"{{{row}}}", "1")
    return resolve(path).route


def exemption(route: str) -> str | None:
    for exempt, reason in EXEMPT.items():
        if route == exempt or (exempt.endswith("/") and route.startswith(exempt) and exempt.count("/") == 1):
            return reason
    return None


def test_every_page_served_has_a_rule_in_the_matrix():
    covered = {route_of(page) for page in (*PAGES, *WRITES)}

    missing = sorted(route for route, _ in served_routes() if route not in covered and exemption(route) is None)

    assert missing == [], "Pages sans règle dans la matrice des droits : " + ", ".join(missing)


def test_every_exemption_names_a_page_still_served_and_says_why():
    routes = [route for route, _ in served_routes()]

    for exempt, reason in EXEMPT.items():
        assert any(exemption(route) == reason for route in routes), exempt
        assert len(reason) > 20


def fill(page: str, ref) -> str:
    if "{" not in page:
        return page
    row = page.split("{", 1)[1].split("}", 1)[0]
    return page.replace(f"{{{row}}}", str(ref[row].pk))


@pytest.fixture
def ref_with_prestataire(ref, users):
    """The référentiel of `org`, its vendor operated by the Prestataire user (so the matrix
    shows what a Prestataire sees of its own vendor and contract)."""
    ref.vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    return ref


# One test per role walks every page as subtests: the référentiel is built once per role
# rather than once per page, and a failure still names its page.
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_each_page(role, ref_with_prestataire, client_for, subtests):
    client = client_for(role)
    for page, readers in PAGES.items():
        with subtests.test(page=page):
            expected = 200 if role in readers else 403

            response = client.get(fill(page, ref_with_prestataire))

            assert response.status_code == expected, f"{role} on {page}"


def test_an_anonymous_visitor_is_sent_to_the_login_page(ref, client, subtests):
    for page in PAGES:
        with subtests.test(page=page):
            url = fill(page, ref)

            response = client.get(url)

            assert response.status_code == 302
            assert response["Location"] == f"/compte/login/?next={quote(url)}"


def test_a_user_without_any_membership_is_refused_everywhere(ref, client, subtests):
    client.force_login(User.objects.create_user("sans-role@test.example"))
    for page in PAGES:
        with subtests.test(page=page):
            response = client.get(fill(page, ref))

            assert response.status_code == 403


READ_ONLY_ROLES = (Role.DIRECTION, Role.ELU, Role.PRESTATAIRE, Role.AUDITEUR)


@pytest.mark.parametrize("role", ROLES)
def test_a_role_may_not_post_to_a_write_it_is_not_given(role, ref_with_prestataire, client_for, subtests):
    from gouvernail.steering.models import ActionItem

    client = client_for(role)
    status_before = ActionItem.objects.get(pk=ref_with_prestataire.action.pk).status
    for page, writers in WRITES.items():
        if role in writers:
            continue
        with subtests.test(page=page):
            response = client.post(fill(page, ref_with_prestataire), {"status": "abandonnee"})

            assert response.status_code == 403, f"{role} on {page}"
    assert ActionItem.objects.get(pk=ref_with_prestataire.action.pk).status == status_before


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_a_read_only_role_cannot_delete_by_posting(role, ref_with_prestataire, client_for):
    site = ref_with_prestataire.site

    response = client_for(role).post(f"/sites/{site.pk}/supprimer/")

    assert response.status_code == 403
    assert Site.objects.filter(pk=site.pk).exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_a_read_only_role_cannot_create_by_posting(role, client_for):
    response = client_for(role).post("/sites/ajouter/", {"name": "Médiathèque"})

    assert response.status_code == 403
    assert not Site.objects.filter(name="Médiathèque").exists()


def test_the_prestataire_role_does_not_see_people_in_the_navigation(client_for, users):
    page = client_for(Role.PRESTATAIRE).get("/").content.decode()

    assert 'href="/personnes/"' not in page
    assert 'href="/habilitations/"' not in page
    assert 'href="/journal/"' not in page
    assert 'href="/parc/"' in page


#
# Prestataire: its own vendor and contracts only
#


@pytest.fixture
def two_vendors(org, users):
    """Vendor A operated by the Prestataire user, vendor B by someone else; one contract each."""
    vendor_a = make_vendor(org, "Prestataire A")
    vendor_b = make_vendor(org, "Prestataire B")
    vendor_a.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    return {
        "vendor_a": vendor_a,
        "vendor_b": vendor_b,
        "contract_a": make_contract(org, vendor_a, "A-2025-01"),
        "contract_b": make_contract(org, vendor_b, "B-2025-01"),
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/prestataires/{vendor_a}/", 200),
        ("/prestataires/{vendor_a}/historique/", 200),
        ("/contrats/{contract_a}/", 200),
        ("/contrats/{contract_a}/historique/", 200),
        ("/prestataires/{vendor_b}/", 403),
        ("/prestataires/{vendor_b}/historique/", 403),
        ("/contrats/{contract_b}/", 403),
        ("/contrats/{contract_b}/historique/", 403),
    ],
)
def test_a_prestataire_reads_its_own_vendor_and_contracts_only(url, expected, two_vendors, client_for):
    for name, row in two_vendors.items():
        url = url.replace(f"{{{name}}}", str(row.pk))

    response = client_for(Role.PRESTATAIRE).get(url)

    assert response.status_code == expected


def test_the_contract_list_of_a_prestataire_shows_only_its_vendors_contracts(two_vendors, client_for):
    response = client_for(Role.PRESTATAIRE).get("/contrats/")

    assert response.status_code == 200
    assert list(response.context["table"].data) == [two_vendors["contract_a"]]
    assert "B-2025-01" not in response.content.decode()


def test_the_vendor_list_of_a_prestataire_shows_only_its_vendors(two_vendors, client_for):
    response = client_for(Role.PRESTATAIRE).get("/prestataires/")

    assert list(response.context["table"].data) == [two_vendors["vendor_a"]]


def test_the_contract_export_of_a_prestataire_holds_only_its_vendors_contracts(two_vendors, client_for):
    response = client_for(Role.PRESTATAIRE).get("/contrats/?_export=csv")

    body = response.content.decode("utf-8-sig")
    assert "A-2025-01" in body
    assert "B-2025-01" not in body


def test_a_prestataire_reads_the_contacts_of_its_own_vendor_only(org, two_vendors, client_for):
    contact_a = make_contact(org, two_vendors["vendor_a"])
    contact_b = make_contact(org, two_vendors["vendor_b"])
    client = client_for(Role.PRESTATAIRE)

    listed = client.get("/contacts-prestataires/").context["table"].data

    assert list(listed) == [contact_a]
    assert client.get(f"/contacts-prestataires/{contact_a.pk}/").status_code == 200
    assert client.get(f"/contacts-prestataires/{contact_b.pk}/").status_code == 403


def test_the_vendor_filter_offers_a_prestataire_its_own_vendor_only(two_vendors, client_for):
    response = client_for(Role.PRESTATAIRE).get("/contrats/")

    choices = list(response.context["filterset"].form.fields["vendor"].queryset)
    assert choices == [two_vendors["vendor_a"]]


def test_other_roles_see_every_contract_of_the_organisation(two_vendors, client_for):
    response = client_for(Role.AUDITEUR).get("/contrats/")

    assert set(response.context["table"].data) == {two_vendors["contract_a"], two_vendors["contract_b"]}
    assert Contract.objects.count() == Vendor.objects.count() == 2


#
# Organisation isolation: another organisation's rows do not exist for you
#

ISOLATION_PAGES = {page: roles for page, roles in OBJECT_PAGES.items() if not page.endswith("/ajouter/")}


@pytest.mark.parametrize("role", ROLES)
def test_a_row_of_another_organisation_is_not_found(role, users, other_ref, client_for, subtests):
    """404 for every role that may open this page at all; a role that may not gets the same
    403 as on its own organisation's rows, so the answer never reveals that the row exists."""
    # The other organisation's Prestataire link must not open anything either.
    other_ref.vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    client = client_for(role)
    for page, readers in ISOLATION_PAGES.items():
        with subtests.test(page=page):
            expected = 404 if role in readers else 403

            response = client.get(fill(page, other_ref))

            assert response.status_code == expected, f"{role} on {page}"


@pytest.mark.parametrize("role", EDITORS)
def test_posting_an_edit_to_a_row_of_another_organisation_is_not_found(role, other_ref, client_for):
    site = other_ref.site

    response = client_for(role).post(f"/sites/{site.pk}/modifier/", {"name": "Piraté"})
    deleted = client_for(role).post(f"/sites/{site.pk}/supprimer/")

    assert (response.status_code, deleted.status_code) == (404, 404)
    site.refresh_from_db()
    assert site.name == "Hôtel communautaire (voisine)"


def list_rows() -> dict[str, str]:
    """Each list page of the resolver → the row of the référentiel its model has (the one first
    declared, when several rows share a model)."""
    from gouvernail.core.views.generic import ObjectListView

    rows_by_model = {}
    for name, model in Referentiel.__annotations__.items():
        rows_by_model.setdefault(model, name)
    pages = {}
    for route, pattern in served_routes():
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, ObjectListView):
            continue
        model = pattern.callback.view_initkwargs["viewset"].model
        pages[f"/{route}"] = rows_by_model.get(model)
    return pages


# Lists that do not show every row of their model, with the reason.
PARTIAL_LISTS = {
    "/decisions/registre/": "le registre ne montre que les décisions enregistrées",
    "/journal/": "le journal n'a pas de ligne dans le référentiel de test",
}
LIST_PAGES = {page: row for page, row in list_rows().items() if page not in PARTIAL_LISTS}


def test_every_list_page_is_checked_for_leaks_across_organisations():
    assert [page for page, row in LIST_PAGES.items() if row is None] == []
    assert len(LIST_PAGES) >= 40


@pytest.mark.parametrize("url", LIST_PAGES)
def test_a_list_shows_only_the_rows_of_the_current_organisation(url, org, ref, other_ref, client_for):
    row = ref[LIST_PAGES[url]]

    response = client_for(Role.ADMIN).get(url)

    shown = set(response.context["table"].data)
    assert row in shown
    assert other_ref[LIST_PAGES[url]] not in shown
    assert shown == set(type(row).objects.filter(organisation=org))


def test_the_home_counts_only_the_current_organisation(ref, other_ref, client_for):
    response = client_for(Role.ADMIN).get("/")

    # The counters are found by the list they open: their label follows the count (« 1 Site »).
    cards = {card["url"]: card["value"] for card in response.context["cards"]}
    assert cards["/sites/"] == 1
    assert Site.objects.count() == 2
    assert Person.objects.count() == 2
