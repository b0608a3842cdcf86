import pytest

from gouvernail.awareness.models import PhishingServiceResult
from gouvernail.core.choices import Role
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org):
    campaign = make_phishing_campaign(org, "Faux colis")
    make_phishing_result(campaign, make_service(org, "Finances"), sent=20, opened=12, clicked=7, submitted=2)
    make_phishing_result(campaign, make_service(org, "Urbanisme"), sent=9, opened=4, clicked=3, submitted=1)
    make_phishing_result(campaign, make_service(org, "Cybercentre"), sent=3, opened=3, clicked=3, submitted=3)
    make_phishing_result(campaign, make_service(org, "Déchets"), sent=4, opened=1, clicked=1, submitted=0)
    return campaign


def test_the_campaign_page_masks_the_small_services(campaign, client_for):
    response = client_for(Role.ELU).get(campaign.get_absolute_url())

    page = response.content.decode()
    rows = {row.label: row.hidden for row in response.context["service_rows"]}
    assert rows == {"Cybercentre": True, "Déchets": True, "Finances": False, "Urbanisme": False}
    assert page.count("effectif insuffisant</td>") == 2
    assert "35,0 %" in page  # Finances: 7 / 20
    assert "38,9 %" in page  # the whole campaign: 14 / 36


def test_the_results_list_and_its_export_mask_the_small_services(campaign, client_for):
    client = client_for(Role.DIRECTION)

    listed = client.get("/phishing/resultats/", {"campaign": campaign.pk})
    exported = client.get("/phishing/resultats/", {"campaign": campaign.pk, "_export": "csv"})

    assert len(listed.context["table"].rows) == 4
    body = exported.content.decode("utf-8-sig")
    cybercentre = next(line for line in body.splitlines() if "Cybercentre" in line)
    assert cybercentre.split(",") == ["Faux colis", "Cybercentre", "3", *["effectif insuffisant"] * 5]


def test_an_editor_enters_the_results_of_a_campaign_run_without_gophish(org, editor):
    campaign = make_phishing_campaign(org, "Exercice papier", source="saisie")
    service = make_service(org, "Finances")

    response = editor.post(
        "/phishing/resultats/ajouter/",
        {
            "campaign": campaign.pk,
            "service": service.pk,
            "sent": 12,
            "opened": 8,
            "clicked": 4,
            "submitted": 1,
            "reported": 3,
        },
    )

    assert response.status_code == 302
    assert PhishingServiceResult.objects.get(campaign=campaign).clicked == 4


def test_the_entry_form_names_the_inconsistent_count(org, editor):
    campaign = make_phishing_campaign(org, source="saisie")

    response = editor.post(
        "/phishing/resultats/ajouter/",
        {"campaign": campaign.pk, "service": "", "sent": 5, "opened": 2, "clicked": 7, "submitted": 0, "reported": 0},
    )

    assert response.status_code == 200
    assert "clicked" in response.context["form"].errors
    assert not PhishingServiceResult.objects.exists()


def test_results_of_a_gophish_campaign_cannot_be_entered_by_hand(org, editor):
    campaign = make_phishing_campaign(org, source="gophish", external_id="4")

    response = editor.post(
        "/phishing/resultats/ajouter/",
        {"campaign": campaign.pk, "service": "", "sent": 5, "opened": 0, "clicked": 0, "submitted": 0, "reported": 0},
    )
    page = editor.get(campaign.get_absolute_url()).content.decode()

    assert "synchronisation" in str(response.context["form"].errors["campaign"])
    assert not PhishingServiceResult.objects.exists()
    assert "Saisir un résultat" not in page


def test_an_editor_creates_a_campaign_kept_by_hand(editor):
    response = editor.post(
        "/phishing/campagnes/ajouter/",
        {"name": "Exercice de printemps", "launched_on": "2026-04-01", "completed_on": "", "template_name": ""},
    )

    assert response.status_code == 302
    assert "Exercice de printemps" in editor.get(response["Location"]).content.decode()


def test_the_campaign_page_runs_a_bounded_number_of_queries(org, client_for, django_assert_max_num_queries):
    campaign = make_phishing_campaign(org)
    for index in range(15):
        make_phishing_result(campaign, make_service(org, f"Service {index}"))
    client = client_for(Role.DIRECTION)

    with django_assert_max_num_queries(20):
        response = client.get(campaign.get_absolute_url())

    assert len(response.context["service_rows"]) == 15


def test_a_service_with_phishing_results_cannot_be_deleted(campaign, editor):
    service = campaign.results.get(service__name="Finances").service

    response = editor.post(f"/services/{service.pk}/supprimer/", follow=True)

    assert "ne peut pas être supprimée" in response.content.decode()
    assert campaign.results.filter(service=service).exists()


def test_the_results_list_hides_the_complement_of_a_lone_small_service_in_each_campaign(org, client_for):
    alone = make_phishing_campaign(org, "Faux colis 2")
    make_phishing_result(alone, make_service(org, "Musée"), sent=3, clicked=2)
    make_phishing_result(alone, make_service(org, "Accueil"), sent=6, clicked=1)
    make_phishing_result(alone, make_service(org, "Enfance"), sent=30, clicked=4)
    client = client_for(Role.DIRECTION)

    # Listed with the others or alone (filtered on it), Accueil stays hidden with Musée.
    exported = client.get("/phishing/resultats/", {"campaign": alone.pk, "_export": "csv"}).content.decode()
    page = client.get("/phishing/resultats/", {"campaign": alone.pk, "service": alone.results.get(sent=6).service_id})
    detail = client.get(alone.results.get(sent=6).get_absolute_url())

    clicked = {line.split(",")[1]: line.split(",")[4] for line in exported.splitlines()[1:]}
    assert clicked == {"Accueil": "effectif insuffisant", "Enfance": "4", "Musée": "effectif insuffisant"}
    assert "effectif insuffisant" in page.content.decode()
    assert detail.context["object"].clicked_shown == "effectif insuffisant"


def test_the_campaign_page_hides_the_total_of_a_campaign_sent_to_one_small_service(org, client_for):
    campaign = make_phishing_campaign(org, "Exercice du musée")
    make_phishing_result(campaign, make_service(org, "Musée"), sent=3, clicked=2)

    response = client_for(Role.ELU).get(campaign.get_absolute_url())

    assert response.context["total_hidden"]
    assert response.content.decode().count("effectif insuffisant</td>") == 2  # the service and the total


def test_the_results_list_reads_the_masking_in_one_query_whatever_its_length(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.DIRECTION)
    campaign = make_phishing_campaign(org, "Faux colis 3")

    def queries_for(count: int) -> int:
        for index in range(count):
            make_phishing_result(campaign, make_service(org, f"Service {count}-{index}"), sent=3 + index)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/phishing/resultats/", {"campaign": campaign.pk}).status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(8)
