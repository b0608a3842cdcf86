from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from gouvernail.core.choices import Role
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.models import Decision, RecordedDecisionError
from gouvernail.governance.register import verify_register
from gouvernail.governance.services import decision_record
from gouvernail.testing.factories.governance import make_act, make_decision, make_option, make_resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def copil3(org):
    """The study's COPIL #3: four proposals on the organisation scenarios."""
    decision = make_decision(org, "Quelle organisation cible pour le système d'information ?")
    s1, s2, s3, s4 = (make_option(decision, f"S{n}") for n in range(1, 5))
    make_resolution(decision, 1, "Valider le scénario 1 comme orientation cible", option=s1, role="cible")
    make_resolution(decision, 2, "Engager le scénario 4 selon des modalités progressives", option=s4, role="engagee")
    make_resolution(decision, 3, "Ne pas retenir à ce stade les scénarios 2 et 3", option=s2, role="ecartee")
    make_resolution(decision, 4, "À défaut, engager le scénario 3 (CDD de 3 ans)", option=s3, role="repli")
    return decision


def record(decision, **kwargs):
    return decision_record(
        decision=decision,
        outcome=kwargs.pop("outcome", DecisionStatus.ADOPTED),
        chosen_option=decision.options.get(label="S1"),
        rationale="Motivation.",
        consensus=True,
        decided_on=date(2025, 12, 16),
        acting_user=None,
        **kwargs,
    )


def test_recording_adopts_the_resolutions_in_their_order_and_hashes_them(copil3):
    decision = record(copil3, adopted_resolutions=[1, 2, 3])

    content = decision.canonical_content()
    assert [(r["position"], r["option"], r["role"], r["adopted"]) for r in content["resolutions"]] == [
        (1, "S1", "cible", True),
        (2, "S4", "engagee", True),
        (3, "S2", "ecartee", True),
        (4, "S3", "repli", False),
    ]
    assert verify_register(decision.organisation) == []


def test_an_adopted_decision_adopts_every_resolution_by_default(copil3):
    decision = record(copil3)

    assert list(decision.resolutions.values_list("adopted", flat=True)) == [True] * 4


def test_a_decision_without_resolutions_keeps_the_hash_it_had(org):
    decision = make_decision(org, "Ancienne décision")
    make_option(decision, "S1")
    decision = record(decision)

    assert "resolutions" not in decision.canonical_content()


def test_an_unknown_resolution_number_is_refused_in_french(copil3):
    with pytest.raises(ValidationError, match="Résolution\\(s\\) inconnue\\(s\\) pour cette décision : n° 9"):
        record(copil3, adopted_resolutions=[1, 9])

    assert not Decision.objects.get(pk=copil3.pk).is_recorded


def test_a_resolution_of_a_recorded_decision_is_neither_edited_nor_deleted(copil3):
    record(copil3)
    resolution = copil3.resolutions.first()

    resolution.text = "Réécrite"
    with pytest.raises(RecordedDecisionError):
        resolution.save()
    with pytest.raises(ProtectedError):
        resolution.delete()
    with pytest.raises(RecordedDecisionError):
        make_resolution(copil3, 5, "Ajoutée après coup")


def test_editing_a_resolution_in_the_database_breaks_the_chain(copil3):
    from gouvernail.governance.models import DecisionResolution

    record(copil3)
    DecisionResolution.objects.filter(decision=copil3, position=4).update(adopted=False)

    assert [b.problem for b in verify_register(copil3.organisation)] == ["contenu modifié"]


def test_a_role_needs_an_option(copil3):
    resolution = make_resolution(copil3, 5, "Sans option")
    resolution.role = "cible"

    with pytest.raises(ValidationError, match="s'applique à une option"):
        resolution.full_clean()


def test_the_record_page_offers_the_resolutions_to_adopt(copil3, client_for):
    page = client_for(Role.REFERENT_SI).get(f"/decisions/{copil3.pk}/enregistrer/").content.decode()

    assert "Résolutions adoptées" in page and "4. À défaut, engager le scénario 3" in page


def test_the_record_page_records_the_resolutions_ticked(copil3, client_for):
    data = {
        "outcome": "adoptee",
        "chosen_option": copil3.options.get(label="S1").pk,
        "rationale": "Motivation.",
        "consensus": "on",
        "decided_on": "16/12/2025",
        "adopted_resolutions": ["1", "2"],
    }

    response = client_for(Role.REFERENT_SI).post(f"/decisions/{copil3.pk}/enregistrer/", data)

    assert response.status_code == 302
    assert list(copil3.resolutions.order_by("position").values_list("adopted", flat=True)) == [
        True,
        True,
        False,
        False,
    ]


def test_the_register_shows_which_decisions_became_acts(copil3, client_for):
    decision = record(copil3)
    act = make_act(decision.organisation, decision=decision, transmitted_on=date(2026, 2, 26))

    page = client_for(Role.ELU).get("/decisions/registre/").content.decode()

    assert f'<a href="{act.get_absolute_url()}">Délibération n° 2026_02_031</a>' in page


def test_an_act_transmitted_before_its_adoption_is_refused(org):
    act = make_act(org, transmitted_on=date(2026, 2, 1))

    with pytest.raises(ValidationError, match="ne peut pas précéder l'adoption"):
        act.full_clean()
