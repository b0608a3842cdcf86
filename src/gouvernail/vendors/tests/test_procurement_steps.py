"""Procurements (marchés publics): late steps, French errors on bad input, add forms prefilled
from the procurement page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from gouvernail.core.choices import Role
from gouvernail.testing.factories.vendors import (
    make_candidate,
    make_contract,
    make_criterion,
    make_lot,
    make_procurement,
    make_score,
    make_step,
    make_vendor,
)
from gouvernail.testing.helpers import form_errors
from gouvernail.vendors.models import Candidate, Lot, ProcedureStep, Procurement, Score
from gouvernail.vendors.tests.helpers import procurement_data, step_data

TODAY = date.today()
# Read once at import: the clock is held on that day so that a run crossing midnight stays coherent.
pytestmark = pytest.mark.usefixtures("pinned_today")
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


#
# Late steps
#


@pytest.mark.parametrize(
    ("step", "late"),
    [
        ({"planned_start": YESTERDAY - timedelta(days=9), "planned_end": YESTERDAY}, True),  # due yesterday
        ({"planned_start": YESTERDAY - timedelta(days=9), "planned_end": TODAY}, False),  # due today
        ({"planned_start": YESTERDAY - timedelta(days=9), "planned_end": TOMORROW}, False),  # started, not due
        ({"planned_start": YESTERDAY, "planned_end": YESTERDAY, "is_done": True}, False),  # done
        ({"planned_start": YESTERDAY, "planned_end": None}, True),  # a one-day step: due on its start
        ({"planned_start": TODAY, "planned_end": None}, False),
        ({"planned_start": None, "planned_end": YESTERDAY}, True),
        ({"planned_start": None, "planned_end": None}, False),  # no date: never late
    ],
)
def test_a_step_is_late_when_not_done_and_its_due_date_has_passed(procurement, step, late):
    row = make_step(procurement, **step)

    assert row.is_late(TODAY) is late
    assert ProcedureStep.objects.filter(pk=row.pk).late(TODAY).exists() is late


def test_is_late_defaults_to_today(procurement):
    assert make_step(procurement, planned_start=YESTERDAY).is_late() is True


def test_the_procurement_page_flags_late_steps_in_words(procurement, client_for):
    make_step(procurement, 1, name="Publication", planned_start=YESTERDAY, is_done=True)
    make_step(
        procurement, 2, name="Analyse des offres", planned_start=YESTERDAY - timedelta(days=5), planned_end=YESTERDAY
    )
    make_step(procurement, 3, name="Notification", planned_start=TOMORROW)

    response = client_for(Role.ELU).get(f"/marches/{procurement.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(">En retard</span>") == 1
    assert "1 étape en retard" in page
    assert ">Réalisée</span>" in page and ">À venir</span>" in page
    assert response.context["late_steps_count"] == 1


def test_an_estimated_date_says_so(procurement, client_for):
    make_step(procurement, name="Démarrage du déploiement", planned_start=date(2026, 2, 28), is_estimate=True)

    page = client_for(Role.ELU).get(f"/marches/{procurement.pk}/").content.decode()

    assert "28/02/2026 (estimation)" in page


def test_the_late_filters_list_the_late_steps_and_their_procurements(org, procurement, client_for):
    late = make_step(procurement, 1, planned_start=YESTERDAY)
    make_step(procurement, 2, planned_start=TOMORROW)
    on_time = make_procurement(org, "2026-ON-TIME")
    make_step(on_time, 1, planned_start=YESTERDAY, is_done=True)
    client = client_for(Role.DIRECTION)

    steps = client.get("/marches/etapes/?late=true").context["table"].data
    procurements = client.get("/marches/?late=true").context["table"].data
    others = client.get("/marches/?late=false").context["table"].data

    assert list(steps) == [late]
    assert list(procurements) == [procurement]
    assert list(others) == [on_time]
    assert procurements[0].late_steps == 1


#
# Bad input: French errors, never a 500
#


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"planned_start": "2025-12-02", "planned_end": "2025-12-01"},
            {"planned_end": ["La fin prévue (01/12/2025) précède le début prévu (02/12/2025)."]},
        ),
        ({"planned_start": "31/02/2026"}, {"planned_start": ["Saisissez une date valide."]}),
        ({"name": ""}, {"name": ["Ce champ est obligatoire."]}),
        ({"position": "-1"}, {"position": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]}),
    ],
)
def test_a_bad_step_gets_french_errors(procurement, editor, overrides, expected):
    response = editor.post("/marches/etapes/ajouter/", step_data(procurement, **overrides))

    assert form_errors(response) == expected
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not ProcedureStep.objects.exists()


def test_a_step_ending_on_its_first_day_is_accepted(procurement, editor):
    response = editor.post("/marches/etapes/ajouter/", step_data(procurement, planned_end="2025-12-02"))

    assert response.status_code == 302


def test_two_steps_at_the_same_position_are_refused(procurement, editor):
    make_step(procurement, 1)

    response = editor.post("/marches/etapes/ajouter/", step_data(procurement))

    assert form_errors(response) == {"__all__": ["Ce marché a déjà une étape à cette position."]}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"estimated_amount_ht": "-1"}, {"estimated_amount_ht": ["Le montant ne peut pas être négatif."]}),
        ({"estimated_amount_ht": "beaucoup"}, {"estimated_amount_ht": ["Saisissez un nombre."]}),
        (
            {"procedure_type": "gré à gré"},
            {"procedure_type": ["Sélectionnez un choix valide. gré à gré n’en fait pas partie."]},
        ),
        ({"reference": "2025-SI-01"}, {"reference": ["Un marché porte déjà cette référence dans l'organisation."]}),
        ({"subject": ""}, {"subject": ["Ce champ est obligatoire."]}),
    ],
)
def test_a_bad_procurement_gets_french_errors(procurement, editor, overrides, expected):
    response = editor.post("/marches/ajouter/", procurement_data(**overrides))

    assert form_errors(response) == expected
    assert Procurement.objects.count() == 1


def test_a_procurement_accepts_an_amount_typed_the_french_way(editor):
    response = editor.post("/marches/ajouter/", procurement_data(estimated_amount_ht="168 000,50"))

    assert response.status_code == 302
    assert Procurement.objects.get().estimated_amount_ht == Decimal("168000.50")


def test_the_awarded_contract_must_be_with_the_awarded_vendor(org, editor):
    awardee, other = make_vendor(org, "Titulaire"), make_vendor(org, "Autre")
    contract = make_contract(org, other, "CT-AUTRE")

    response = editor.post(
        "/marches/ajouter/", procurement_data(awarded_vendor=awardee.pk, awarded_contract=contract.pk)
    )

    assert form_errors(response) == {
        "awarded_contract": ["Ce contrat est passé avec « Autre », pas avec l'attributaire."]
    }


@pytest.mark.parametrize("value", ["21", "-1", "20.01", "-0.5"])
def test_a_score_out_of_0_to_20_gets_a_french_error(grid, editor, value):
    response = editor.post(
        "/marches/notes/ajouter/", {"candidate": grid["alpha"].pk, "criterion": grid["price"].pk, "score": value}
    )

    assert form_errors(response) == {"score": ["La note doit être comprise entre 0 et 20."]}
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", ["0", "20", "12,5", "13.25"])
def test_a_score_from_0_to_20_is_accepted(grid, editor, value):
    response = editor.post(
        "/marches/notes/ajouter/", {"candidate": grid["alpha"].pk, "criterion": grid["price"].pk, "score": value}
    )

    assert response.status_code == 302
    assert Score.objects.get().score == Decimal(value.replace(",", "."))


def test_a_second_score_for_the_same_candidate_and_criterion_is_refused(grid, editor):
    make_score(grid["alpha"], grid["price"])

    response = editor.post(
        "/marches/notes/ajouter/", {"candidate": grid["alpha"].pk, "criterion": grid["price"].pk, "score": "12"}
    )

    assert form_errors(response) == {"__all__": ["Ce candidat a déjà une note pour ce critère."]}


def test_a_score_on_a_criterion_of_another_procurement_is_refused(org, grid, editor):
    elsewhere = make_criterion(make_procurement(org, "2026-AUTRE"), "Prix")

    response = editor.post(
        "/marches/notes/ajouter/", {"candidate": grid["alpha"].pk, "criterion": elsewhere.pk, "score": "12"}
    )

    assert form_errors(response) == {"criterion": ["Ce critère relève d'un autre marché que le candidat."]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", ["La pondération doit être comprise entre 0 et 100 %."]),
        ("-5", ["La pondération doit être comprise entre 0 et 100 %."]),
        ("quarante", ["Saisissez un nombre."]),
    ],
)
def test_a_weight_out_of_0_to_100_gets_a_french_error(procurement, editor, value, expected):
    response = editor.post(
        "/marches/criteres/ajouter/", {"procurement": procurement.pk, "name": "Prix", "weight": value, "position": "1"}
    )

    assert form_errors(response) == {"weight": expected}


def test_a_candidate_on_a_lot_of_another_procurement_is_refused(org, procurement, editor):
    foreign_lot = make_lot(make_procurement(org, "2026-AUTRE"))

    response = editor.post(
        "/marches/candidats/ajouter/",
        {"procurement": procurement.pk, "name": "Alpha", "lot": foreign_lot.pk, "is_admissible": "on"},
    )

    assert form_errors(response) == {"lot": ["Ce lot appartient à un autre marché."]}


def test_the_same_candidate_may_answer_two_lots_but_not_twice_the_same(procurement, editor):
    lot_1, lot_2 = make_lot(procurement, 1), make_lot(procurement, 2, title="Matériel")
    data = {"procurement": procurement.pk, "name": "Alpha", "is_admissible": "on"}

    first = editor.post("/marches/candidats/ajouter/", {**data, "lot": lot_1.pk})
    second = editor.post("/marches/candidats/ajouter/", {**data, "lot": lot_2.pk})
    again = editor.post("/marches/candidats/ajouter/", {**data, "lot": lot_1.pk})

    assert (first.status_code, second.status_code) == (302, 302)
    assert form_errors(again) == {"__all__": ["Ce lot a déjà un candidat portant ce nom."]}
    assert Candidate.objects.count() == 2


def test_two_lots_with_the_same_number_are_refused(procurement, editor):
    make_lot(procurement, 1)

    response = editor.post("/marches/lots/ajouter/", {"procurement": procurement.pk, "number": "1", "title": "Bis"})

    assert form_errors(response) == {"__all__": ["Ce marché a déjà un lot portant ce numéro."]}
    assert Lot.objects.count() == 1


@pytest.mark.parametrize(
    ("prefix", "row", "data", "message"),
    [
        (
            "marches/candidats",
            "alpha",
            {"name": "Alpha", "is_admissible": "on"},
            "Ce candidat est déjà noté : il ne peut pas changer de marché.",
        ),
        (
            "marches/criteres",
            "price",
            {"name": "Prix", "weight": "60", "position": "1"},
            "Des candidats sont déjà notés sur ce critère : il ne peut pas changer de marché.",
        ),
    ],
)
def test_a_scored_row_cannot_move_to_another_procurement(org, grid, editor, prefix, row, data, message):
    make_score(grid["alpha"], grid["price"])
    elsewhere = make_procurement(org, "2026-AUTRE")

    response = editor.post(
        f"/{prefix}/{grid[row].pk}/modifier/", {**data, "procurement": elsewhere.pk, "row_version_seen": "1"}
    )

    assert form_errors(response) == {"procurement": [message]}


def test_a_lot_with_candidates_cannot_be_deleted_alone_but_goes_with_its_procurement(procurement, editor):
    lot = make_lot(procurement)
    make_candidate(procurement, "Alpha", lot=lot)
    make_candidate(procurement, "Alpha")  # the same name without a lot: the lot must not just vanish

    refused = editor.post(f"/marches/lots/{lot.pk}/supprimer/")
    message = [str(m) for m in get_messages(refused.wsgi_request)]
    removed = editor.post(f"/marches/{procurement.pk}/supprimer/")

    assert refused.status_code == 302
    assert message == ["« Lot 1 — Infogérance » ne peut pas être supprimée : elle est utilisée par Alpha."]
    assert removed.status_code == 302
    assert not Procurement.objects.exists() and not Lot.objects.exists() and not Candidate.objects.exists()


#
# Add forms prefilled from the procurement page
#


def test_the_add_step_link_prefills_the_procurement_and_the_next_position(procurement, editor):
    make_step(procurement, 1)
    make_step(procurement, 4)

    form = editor.get(f"/marches/etapes/ajouter/?procurement={procurement.pk}").context["form"]

    assert str(form["procurement"].value()) == str(procurement.pk)
    assert form["position"].value() == 5


def test_a_missing_score_links_to_a_form_prefilled_with_its_candidate_and_criterion(grid, procurement, editor):
    page = editor.get(f"/marches/{procurement.pk}/").content.decode()
    url = f"/marches/notes/ajouter/?candidate={grid['alpha'].pk}&criterion={grid['price'].pk}"

    form = editor.get(url).context["form"]

    assert url.replace("&", "&amp;") in page
    assert (str(form["candidate"].value()), str(form["criterion"].value())) == (
        str(grid["alpha"].pk),
        str(grid["price"].pk),
    )


def test_a_prefill_with_garbage_is_ignored(editor):
    response = editor.get("/marches/etapes/ajouter/?procurement=abc&position=x&inconnu=1")

    assert response.status_code == 200
