from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Person
from gouvernail.governance.indicators import acknowledgement_rates
from gouvernail.governance.models import Acknowledgement, AcknowledgementCampaign
from gouvernail.governance.services import acknowledgement_record
from gouvernail.testing.factories.core import make_person, make_service
from gouvernail.testing.factories.governance import (
    make_acknowledgement,
    make_campaign,
    make_document_version,
    make_framework_document,
)
from gouvernail.testing.helpers import form_errors

pytestmark = pytest.mark.django_db


def people(org, service, count, *, prefix="Agent", **fields):
    return [
        make_person(org, f"{prefix} {service.name if service else ''} {i}", service=service, **fields)
        for i in range(count)
    ]


@pytest.fixture
def published(org):
    return make_document_version(make_framework_document(org), 1, status="publiee")


@pytest.fixture
def campaign(published):
    today = timezone.localdate()
    return make_campaign(published, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))


def acknowledge(campaign, persons, **fields):
    return acknowledgement_record(
        campaign=campaign, people=persons, acknowledged_on=fields.get("on", campaign.starts_on), acting_user=None
    )


#
# The rate per service and its masking threshold
#


def test_the_rate_per_service_is_acknowledged_over_targeted_people(org, campaign):
    finances = people(org, make_service(org, "Finances"), 8)
    acknowledge(campaign, finances[:6])

    rates = acknowledgement_rates(campaign)

    (row,) = rates.rows
    assert (row.label, row.targeted, row.acknowledged, row.rate) == ("Finances", 8, 6, 0.75)
    assert row.percent == "75\u00a0%"


@pytest.mark.parametrize(("size", "masked"), [(4, True), (5, False)])
def test_a_service_under_the_minimum_group_size_is_masked_at_its_edge(org, campaign, size, masked):
    team = people(org, make_service(org, "Commande publique"), size)
    acknowledge(campaign, team[:2])

    (row,) = acknowledgement_rates(campaign).rows

    assert row.targeted == size
    assert row.masked is masked
    assert (row.acknowledged, row.rate) == ((None, None) if masked else (2, 2 / size))


def test_the_threshold_comes_from_the_settings(org, campaign, settings):
    settings.GOUVERNAIL_MIN_GROUP_SIZE = 3
    team = people(org, make_service(org, "Commande publique"), 3)
    acknowledge(campaign, team[:1])

    rates = acknowledgement_rates(campaign)

    assert (rates.rows[0].acknowledged, rates.min_group_size) == (1, 3)


def test_the_overall_rate_counts_every_targeted_person_including_masked_services(org, campaign):
    big = people(org, make_service(org, "Enfance"), 10)
    small = people(org, make_service(org, "Commande publique"), 3)
    acknowledge(campaign, big[:5] + small[:3])

    rates = acknowledgement_rates(campaign)

    assert (rates.targeted, rates.acknowledged, rates.rate) == (13, 8, 8 / 13)
    # Enfance shown would give Commande publique back: 8 − 5 = 3 of 3.
    assert [(r.label, r.masked) for r in rates.rows] == [("Commande publique", True), ("Enfance", True)]


def test_a_lone_small_service_hides_the_next_smallest_not_the_larger_ones(org, campaign):
    small = people(org, make_service(org, "Commande publique"), 2)
    people(org, make_service(org, "Finances"), 6)
    large = people(org, make_service(org, "Enfance"), 20)
    acknowledge(campaign, small + large[:10])

    rates = acknowledgement_rates(campaign)

    masked = {r.label: r.masked for r in rates.rows}
    assert masked == {"Commande publique": True, "Finances": True, "Enfance": False}
    shown = sum(r.acknowledged for r in rates.rows if not r.masked)
    assert rates.acknowledged - shown == 2  # the difference is about 8 people, not about 2


def test_a_campaign_of_a_single_small_service_shows_no_overall_rate_either(org, campaign):
    acknowledge(campaign, people(org, make_service(org, "Commande publique"), 3)[:1])

    rates = acknowledgement_rates(campaign)

    assert (rates.rows[0].masked, rates.rate, rates.acknowledged) == (True, None, None)


def test_only_active_people_of_the_targeted_kinds_are_counted(org, published):
    service = make_service(org, "Enfance")
    agents = people(org, service, 5)
    left = make_person(org, "Parti", service=service, is_active=False)
    elected = people(org, None, 6, prefix="Élu", kind="elu")
    campaign = make_campaign(published, targets_agents=True, targets_elected=False)
    acknowledge(campaign, agents[:1])
    # An acknowledgement of someone who has since left is not counted.
    Acknowledgement.objects.create(organisation=org, campaign=campaign, person=left, acknowledged_on=campaign.starts_on)

    assert [(r.label, r.targeted, r.acknowledged) for r in acknowledgement_rates(campaign).rows] == [("Enfance", 5, 1)]
    campaign.targets_elected = True
    campaign.save()
    rows = acknowledgement_rates(campaign).rows
    assert [(r.label, r.targeted) for r in rows] == [("Enfance", 5), ("Élus", len(elected))]


def test_the_rates_of_a_campaign_ignore_another_organisations_people(org, other_org, campaign):
    people(org, make_service(org, "Enfance"), 5)
    people(other_org, make_service(other_org, "Enfance"), 7)

    rates = acknowledgement_rates(campaign)

    assert rates.targeted == 5


def test_the_rates_take_one_query(org, campaign, django_assert_num_queries):
    for name in ("Enfance", "Finances", "Voirie"):
        acknowledge(campaign, people(org, make_service(org, name), 6)[:3])

    with django_assert_num_queries(1):
        rates = acknowledgement_rates(campaign)

    assert len(rates.rows) == 3


#
# One acknowledgement per person
#


def test_recording_a_person_twice_keeps_one_acknowledgement(org, campaign):
    person = make_person(org, "Durand")

    first = acknowledge(campaign, [person])
    second = acknowledge(campaign, [person, person])

    assert (len(first), len(second)) == (1, 0)
    assert Acknowledgement.objects.filter(campaign=campaign, person=person).count() == 1


def test_the_database_refuses_a_second_acknowledgement_of_the_same_person(org, campaign):
    person = make_person(org, "Durand")
    make_acknowledgement(campaign, person)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_acknowledgement(campaign, person)


def test_a_person_outside_the_campaign_is_refused_by_name(org, other_org, campaign):
    stranger = make_person(other_org, "Voisin", first_name="Paul")

    with pytest.raises(ValidationError, match="Paul Voisin"):
        acknowledge(campaign, [make_person(org, "Durand"), stranger])

    assert not Acknowledgement.objects.exists()


def test_a_date_before_the_campaign_or_in_the_future_is_refused(org, campaign):
    person = make_person(org, "Durand")

    with pytest.raises(ValidationError, match="précède le début de la campagne"):
        acknowledge(campaign, [person], on=campaign.starts_on - timedelta(days=1))
    with pytest.raises(ValidationError, match="dans le futur"):
        acknowledge(campaign, [person], on=timezone.localdate() + timedelta(days=1))


def test_a_campaign_on_a_version_that_is_not_published_is_refused(org, client_for):
    draft = make_document_version(make_framework_document(org), 1)
    campaign = AcknowledgementCampaign(
        organisation=org, version=draft, title="Trop tôt", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )

    with pytest.raises(ValidationError, match="version publiée"):
        campaign.full_clean()


def test_the_campaign_form_offers_only_published_versions(org, published, client_for):
    make_document_version(published.document, 2)

    response = client_for(Role.REFERENT_SI).get("/documents-cadres/campagnes/ajouter/")

    assert list(response.context["form"].fields["version"].queryset) == [published]


#
# The pages
#


def test_an_editor_ticks_people_of_a_service_and_they_are_counted(org, campaign, client_for):
    service = make_service(org, "Enfance")
    team = people(org, service, 6)
    client = client_for(Role.REFERENT_SI)
    url = f"/documents-cadres/campagnes/{campaign.pk}/prises-de-connaissance/?service={service.pk}"

    response = client.post(
        url, {"acknowledged_on": campaign.starts_on.isoformat(), "people": [p.pk for p in team[:4]]}, follow=True
    )

    assert "4 prises de connaissance enregistrées." in unescape(response.content.decode())
    assert acknowledgement_rates(campaign).rows[0].acknowledged == 4
    assert set(Acknowledgement.objects.values_list("recorded_by__email", flat=True)) == {"referent_si@test.example"}


def test_the_record_page_searches_by_name_and_shows_who_already_acknowledged(org, campaign, client_for):
    service = make_service(org, "Enfance")
    durand, martin = make_person(org, "Durand", service=service), make_person(org, "Martin", service=service)
    make_acknowledgement(campaign, durand)
    url = f"/documents-cadres/campagnes/{campaign.pk}/prises-de-connaissance/"

    everyone = client_for(Role.DIRECTION).get(url)
    searched = client_for(Role.DIRECTION).get(f"{url}?q=mart")

    assert [(p, bool(on)) for p, on in everyone.context["rows"]] == [(durand, True), (martin, False)]
    assert [p for p, _ in searched.context["rows"]] == [martin]


def test_recording_without_ticking_anyone_shows_a_french_error(campaign, client_for):
    response = client_for(Role.REFERENT_SI).post(
        f"/documents-cadres/campagnes/{campaign.pk}/prises-de-connaissance/",
        {"acknowledged_on": campaign.starts_on.isoformat()},
    )

    assert form_errors(response)["__all__"] == ["Cochez au moins une personne."]


def test_a_person_of_another_organisation_cannot_be_ticked(other_org, campaign, client_for):
    stranger = make_person(other_org, "Voisin")

    response = client_for(Role.REFERENT_SI).post(
        f"/documents-cadres/campagnes/{campaign.pk}/prises-de-connaissance/",
        {"acknowledged_on": campaign.starts_on.isoformat(), "people": [stranger.pk]},
    )

    assert form_errors(response)["__all__"] == ["Cochez au moins une personne."]
    assert not Acknowledgement.objects.exists()


def test_a_user_linked_to_a_person_acknowledges_for_themself_once(org, campaign, users, client_for):
    person = make_person(org, "Élue", kind="agent")
    membership = users[Role.ELU].memberships.get()
    membership.person = person
    membership.save()
    client = client_for(Role.ELU)
    url = f"/documents-cadres/campagnes/{campaign.pk}/j-ai-pris-connaissance/"

    client.post(url)
    again = client.post(url, follow=True)

    acknowledgement = Acknowledgement.objects.get()
    assert (acknowledgement.person, acknowledgement.self_declared) == (person, True)
    assert acknowledgement.acknowledged_on == timezone.localdate()
    assert "Vous avez déjà pris connaissance" in again.content.decode()
    assert "Vous avez pris connaissance du document le" in again.content.decode()


def test_a_user_without_a_person_record_is_told_to_ask_the_referent(campaign, client_for):
    response = client_for(Role.AUDITEUR).post(
        f"/documents-cadres/campagnes/{campaign.pk}/j-ai-pris-connaissance/", follow=True
    )

    assert "relié à aucune fiche personne" in unescape(response.content.decode())
    assert not Acknowledgement.objects.exists()


def test_a_closed_campaign_refuses_a_self_acknowledgement(org, published, users, client_for):
    today = timezone.localdate()
    closed = make_campaign(published, starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=1))
    membership = users[Role.ELU].memberships.get()
    membership.person = make_person(org, "Durand")
    membership.save()

    response = client_for(Role.ELU).post(
        f"/documents-cadres/campagnes/{closed.pk}/j-ai-pris-connaissance/", follow=True
    )

    assert "La campagne est ouverte du" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_get_on_the_self_acknowledgement_address_changes_nothing(org, campaign, client_for):
    response = client_for(Role.ELU).get(f"/documents-cadres/campagnes/{campaign.pk}/j-ai-pris-connaissance/")

    assert response.status_code == 405


def test_a_reader_sees_the_rates_but_no_name(org, campaign, client_for):
    team = people(org, make_service(org, "Enfance"), 6)
    acknowledge(campaign, team[:3])

    page = client_for(Role.ELU).get(campaign.get_absolute_url()).content.decode()

    assert "50\u00a0%" in page
    assert not any(person.last_name in page for person in team)
    assert "liste-nominative" not in page


def test_the_campaign_page_shows_effectif_insuffisant_for_a_small_service(org, campaign, client_for):
    acknowledge(campaign, people(org, make_service(org, "Commande publique"), 4)[:1])

    page = client_for(Role.AUDITEUR).get(campaign.get_absolute_url()).content.decode()

    assert "effectif insuffisant" in page


def test_the_named_list_shows_editors_who_is_to_be_reminded(org, campaign, client_for):
    durand, martin = make_person(org, "Durand"), make_person(org, "Martin")
    make_acknowledgement(campaign, durand)

    response = client_for(Role.DIRECTION).get(
        f"/documents-cadres/campagnes/{campaign.pk}/liste-nominative/?etat=a_relancer"
    )

    assert [person for person, _ in response.context["rows"]] == [martin]


def test_a_reader_only_ever_sees_their_own_acknowledgement_rows(org, campaign, users):
    mine, theirs = make_person(org, "Moi"), make_person(org, "Autre")
    make_acknowledgement(campaign, mine)
    make_acknowledgement(campaign, theirs)
    elu = users[Role.ELU].memberships.get()
    referent = users[Role.REFERENT_SI].memberships.get()

    assert not Acknowledgement.objects.visible_to(elu).exists()
    elu.person = mine
    assert [a.person for a in Acknowledgement.objects.visible_to(elu)] == [mine]
    assert Acknowledgement.objects.visible_to(referent).count() == 2


@pytest.mark.parametrize("page", ["", "prises-de-connaissance/", "liste-nominative/"])
def test_the_campaign_pages_run_a_bounded_number_of_queries(
    page, org, campaign, client_for, django_assert_max_num_queries
):
    for i in range(8):
        acknowledge(campaign, people(org, make_service(org, f"Service {i}"), 12)[:6])
    client = client_for(Role.ADMIN)
    client.get("/")

    with django_assert_max_num_queries(14):
        response = client.get(f"/documents-cadres/campagnes/{campaign.pk}/{page}")

    assert response.status_code == 200
    assert Person.objects.count() == 96


def test_a_campaign_with_acknowledgements_keeps_its_version_and_is_not_deleted(org, campaign, client_for):
    make_acknowledgement(campaign, make_person(org, "Durand"))
    other = make_document_version(make_framework_document(org, "Politique de mots de passe"), 1, status="publiee")
    client = client_for(Role.REFERENT_SI)
    data = {
        "version": other.pk,
        "title": campaign.title,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "targets_agents": "on",
        "row_version_seen": campaign.row_version,
    }

    edited = client.post(f"/documents-cadres/campagnes/{campaign.pk}/modifier/", data)
    client.post(f"/documents-cadres/campagnes/{campaign.pk}/supprimer/")

    assert "lancez une nouvelle campagne" in form_errors(edited)["version"][0]
    campaign.refresh_from_db()
    assert campaign.version_id != other.pk
    assert Acknowledgement.objects.filter(campaign=campaign).count() == 1


@pytest.mark.parametrize("url", ["/documents-cadres/versions/", "/documents-cadres/campagnes/"])
def test_the_version_and_campaign_lists_run_a_bounded_number_of_queries(
    url, org, client_for, django_assert_max_num_queries
):
    for i in range(30):
        make_campaign(make_document_version(make_framework_document(org, f"Procédure {i}"), 1, status="publiee"))
    client = client_for(Role.ELU)
    client.get("/")

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert len(response.context["table"].rows) == 30
