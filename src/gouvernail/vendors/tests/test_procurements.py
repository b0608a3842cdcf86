"""Procurements (marchés publics): late steps, French errors on bad input, the award, the offer
analysis on the page and in its XLSX / PDF report, roles, isolation and query counts."""

import io
import re
import sys
import zlib
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from gouvernail.core.choices import JournalAction, Role
from gouvernail.core.models import JournalEntry
from gouvernail.core.tests.factories import (
    make_candidate,
    make_contract,
    make_criterion,
    make_lot,
    make_procurement,
    make_score,
    make_step,
    make_vendor,
)
from gouvernail.vendors.models import Candidate, Criterion, Lot, ProcedureStep, Procurement, Score
from gouvernail.vendors.services import procurement_award, score_set

TODAY = date.today()
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


@pytest.fixture
def procurement(org):
    return make_procurement(org)


@pytest.fixture
def editor(client_for):
    return client_for(Role.REFERENT_SI)


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


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


def step_data(procurement, **overrides) -> dict:
    data = {
        "procurement": procurement.pk,
        "position": "1",
        "name": "Relecture du DCE",
        "planned_start": "2025-12-02",
        "planned_end": "2025-12-05",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


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


def procurement_data(**overrides) -> dict:
    data = {
        "reference": "2026-SI-02",
        "subject": "Renouvellement du parc",
        "procedure_type": "mapa",
        "status": "preparation",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


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


@pytest.fixture
def grid(procurement):
    """Two criteria (60 / 40 %) and two candidates of the procurement."""
    price = make_criterion(procurement, "Prix", "60")
    quality = make_criterion(procurement, "Valeur technique", "40", position=2)
    return {
        "price": price,
        "quality": quality,
        "alpha": make_candidate(procurement, "Alpha"),
        "beta": make_candidate(procurement, "Beta"),
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


#
# The offer analysis on the page
#


def score_all(grid, alpha: tuple[str, str], beta: tuple[str, str]) -> None:
    for candidate, (price, quality) in ((grid["alpha"], alpha), (grid["beta"], beta)):
        make_score(candidate, grid["price"], price, justification=f"Prix de {candidate.name}")
        make_score(candidate, grid["quality"], quality, justification=f"Mémoire de {candidate.name}")


def test_the_page_shows_the_grid_with_weighted_totals_and_ranks(grid, procurement, client_for):
    score_all(grid, alpha=("10", "20"), beta=("15", "10"))  # 14,00 and 13,00

    response = client_for(Role.AUDITEUR).get(f"/marches/{procurement.pk}/")

    [group] = response.context["analysis"].groups
    assert [(row.candidate.name, row.result.rank, row.result.total) for row in group.rows] == [
        ("Alpha", 1, Decimal("14.00")),
        ("Beta", 2, Decimal("13.00")),
    ]
    page = response.content.decode()
    assert "14,00" in page and "13,00" in page
    assert "Mémoire de Alpha" in page
    assert ">ex aequo</span>" not in page


def test_a_tie_reads_ex_aequo_on_the_page(grid, procurement, client_for):
    score_all(grid, alpha=("10", "20"), beta=("15", "12.5"))  # 14,00 and 14,00

    response = client_for(Role.ELU).get(f"/marches/{procurement.pk}/")

    [group] = response.context["analysis"].groups
    assert [(row.result.rank, row.result.is_tied) for row in group.rows] == [(1, True), (1, True)]
    assert response.content.decode().count(">ex aequo</span>") == 2


def test_weights_not_summing_to_100_are_explained_on_the_page_not_a_500(grid, procurement, client_for):
    Criterion.objects.filter(pk=grid["quality"].pk).update(weight=Decimal("35"))
    score_all(grid, alpha=("10", "20"), beta=("15", "10"))

    response = client_for(Role.DIRECTION).get(f"/marches/{procurement.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "La somme des pondérations doit faire 100 % (actuellement 95 %)." in page
    assert "Rapport d&#x27;analyse en PDF" not in page
    assert all(row.result is None for group in response.context["analysis"].groups for row in group.rows)


def test_an_incomplete_candidate_is_listed_unranked_with_what_is_missing(grid, procurement, client_for):
    make_score(grid["alpha"], grid["price"], "12")
    make_score(grid["alpha"], grid["quality"], "12")
    make_score(grid["beta"], grid["price"], "18")

    page = client_for(Role.ELU).get(f"/marches/{procurement.pk}/").content.decode()

    assert "Incomplet : note manquante pour « Valeur technique »" in page
    assert "non classé" in page


def test_candidates_are_ranked_within_their_lot(procurement, client_for):
    make_criterion(procurement, "Prix", "100")
    lot_1, lot_2 = make_lot(procurement, 1), make_lot(procurement, 2, title="Matériel")
    price = procurement.criteria.get()
    for name, lot, value in [("A1", lot_1, "10"), ("B1", lot_1, "12"), ("A2", lot_2, "8")]:
        make_score(make_candidate(procurement, name, lot=lot), price, value)

    groups = client_for(Role.ELU).get(f"/marches/{procurement.pk}/").context["analysis"].groups

    assert [(g.lot, [(r.candidate.name, r.result.rank) for r in g.rows]) for g in groups] == [
        (lot_1, [("B1", 1), ("A1", 2)]),
        (lot_2, [("A2", 1)]),
    ]


def test_the_procurement_page_costs_the_same_number_of_queries_for_2_and_8_candidates(
    procurement, client_for, django_assert_max_num_queries
):
    criteria = [make_criterion(procurement, name, weight) for name, weight in [("Prix", "40"), ("Technique", "60")]]
    make_lot(procurement)
    for position in range(1, 6):
        make_step(procurement, position, planned_start=YESTERDAY)
    client = client_for(Role.ADMIN)

    def add_candidates(start: int, end: int) -> None:
        for index in range(start, end):
            candidate = make_candidate(
                procurement, f"Candidat {index}", vendor=make_vendor(procurement.organisation, f"V{index}")
            )
            for criterion in criteria:
                make_score(candidate, criterion, "12", justification="Correct.")

    add_candidates(0, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(f"/marches/{procurement.pk}/")
    add_candidates(2, 8)
    with django_assert_max_num_queries(12) as many:
        response = client.get(f"/marches/{procurement.pk}/")

    assert response.context["analysis"].candidates_count == 8
    counts = len(few.captured_queries), len(many.captured_queries)
    print(f"\nrequêtes fiche marché : 2 candidats → {counts[0]}, 8 candidats → {counts[1]}")
    assert counts[0] == counts[1]


#
# The award
#


@pytest.fixture
def awardable(org, procurement):
    vendor = make_vendor(org, "Infogérance Ouest")
    return {
        "vendor": vendor,
        "contract": make_contract(org, vendor, "CT-2026-001"),
        "candidate": make_candidate(procurement, "Infogérance Ouest", vendor=vendor),
    }


def test_the_award_sets_the_vendor_the_contract_and_the_status_and_is_journaled(procurement, awardable, users):
    referent = users[Role.REFERENT_SI]

    procurement_award(
        procurement=procurement, candidate=awardable["candidate"], contract=awardable["contract"], acting_user=referent
    )

    procurement.refresh_from_db()
    assert (procurement.awarded_vendor, procurement.awarded_contract, procurement.status) == (
        awardable["vendor"],
        awardable["contract"],
        "attribue",
    )
    entry = JournalEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Procurement), object_id=str(procurement.pk)
    ).latest("timestamp")
    assert (entry.action, entry.user) == (JournalAction.UPDATED, referent)
    assert entry.changes == {
        "statut": ["En préparation", "Attribué"],
        "attributaire": [None, "Infogérance Ouest"],
        "contrat issu du marché": [None, "CT-2026-001 — Infogérance du parc"],
    }


def test_an_award_moves_the_row_version_so_an_open_edit_form_cannot_undo_it(procurement, awardable, editor):
    seen = editor.get(f"/marches/{procurement.pk}/modifier/").context["form"]["row_version_seen"].value()
    procurement_award(procurement=procurement, candidate=awardable["candidate"], acting_user=None)

    response = editor.post(
        f"/marches/{procurement.pk}/modifier/", procurement_data(reference="2025-SI-01", row_version_seen=seen)
    )

    assert response.status_code == 409
    procurement.refresh_from_db()
    assert procurement.status == "attribue"


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no_vendor", "candidate", "Ce candidat n'est relié à aucun prestataire du référentiel : reliez-le d'abord."),
        ("not_admitted", "candidate", "L'offre de ce candidat n'a pas été admise : elle ne peut être retenue."),
        ("other_contract", "contract", "Ce contrat est passé avec « Autre », pas avec ce candidat."),
        ("other_procurement", "candidate", "Ce candidat a répondu à un autre marché."),
    ],
)
def test_an_impossible_award_is_refused_in_french(org, procurement, awardable, case, field, message):
    candidate, contract = awardable["candidate"], None
    if case == "no_vendor":
        candidate = make_candidate(procurement, "Sans fiche")
    elif case == "not_admitted":
        candidate = make_candidate(procurement, "Irrégulier", vendor=awardable["vendor"], is_admissible=False)
    elif case == "other_contract":
        contract = make_contract(org, make_vendor(org, "Autre"), "CT-AUTRE")
    else:
        candidate = make_candidate(make_procurement(org, "2026-AUTRE"), "Ailleurs", vendor=awardable["vendor"])

    with pytest.raises(ValidationError) as error:
        procurement_award(procurement=procurement, candidate=candidate, contract=contract, acting_user=None)

    assert error.value.message_dict == {field: [message]}
    procurement.refresh_from_db()
    assert (procurement.status, procurement.awarded_vendor) == ("preparation", None)


def test_the_award_page_awards_and_links_the_contract(procurement, awardable, client_for):
    client = client_for(Role.DIRECTION)

    response = client.post(
        f"/marches/{procurement.pk}/attribuer/",
        {"candidate": awardable["candidate"].pk, "contract": awardable["contract"].pk},
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Attribué" in page
    assert f'href="/contrats/{awardable["contract"].pk}/"' in page


def test_the_award_page_shows_a_refusal_in_french(org, procurement, awardable, client_for):
    other = make_contract(org, make_vendor(org, "Autre"), "CT-AUTRE")

    response = client_for(Role.ADMIN).post(
        f"/marches/{procurement.pk}/attribuer/", {"candidate": awardable["candidate"].pk, "contract": other.pk}
    )

    assert form_errors(response) == {"contract": ["Ce contrat est passé avec « Autre », pas avec ce candidat."]}


def test_score_set_creates_then_updates_one_score(grid):
    first = score_set(candidate=grid["alpha"], criterion=grid["price"], score=Decimal("12"), acting_user=None)
    second = score_set(
        candidate=grid["alpha"], criterion=grid["price"], score=Decimal("14.5"), justification="Revu", acting_user=None
    )

    assert first.pk == second.pk
    assert (Score.objects.get().score, Score.objects.get().justification) == (Decimal("14.50"), "Revu")


def test_score_set_refuses_a_score_out_of_range_in_french(grid):
    with pytest.raises(ValidationError) as error:
        score_set(candidate=grid["alpha"], criterion=grid["price"], score=Decimal("21"), acting_user=None)

    assert error.value.message_dict == {"score": ["La note doit être comprise entre 0 et 20."]}


#
# The analysis report
#


@pytest.fixture
def scored(grid):
    """Alpha 14,00, Beta and Gamma tied at 13,00."""
    gamma = make_candidate(grid["alpha"].procurement, "Gamma")
    score_all(grid, alpha=("10", "20"), beta=("15", "10"))
    make_score(gamma, grid["price"], "15", justification="Prix de Gamma")
    make_score(gamma, grid["quality"], "10", justification="Mémoire de Gamma")
    return grid


def test_the_xlsx_report_holds_the_ranking_the_criteria_and_the_justified_scores(scored, procurement, client_for):
    response = client_for(Role.AUDITEUR).get(f"/marches/{procurement.pk}/analyse.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="analyse-des-offres-2025-si-01-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Classement", "Critères", "Grille des notes"]
    ranking_rows = list(workbook["Classement"].iter_rows(values_only=True))
    assert ranking_rows[2][0].startswith("Exporté le ")
    assert "auditeur@test.example" in ranking_rows[2][0]
    header = ranking_rows.index(
        ("Lot", "Rang", "Ex aequo", "Candidat", "Prestataire", "Note pondérée (sur 20)", "Observation")
    )
    assert [(r[1], r[2], r[3], r[5], r[6]) for r in ranking_rows[header + 1 :]] == [
        (1, "Non", "Alpha", 14, None),
        (2, "Oui", "Beta", 13, None),
        (2, "Oui", "Gamma", 13, None),
    ]
    criteria = list(workbook["Critères"].iter_rows(values_only=True))
    assert criteria[0] == ("Ordre", "Critère", "Pondération (%)", "Description")
    assert [(r[1], r[2]) for r in criteria[1:]] == [("Prix", 60), ("Valeur technique", 40), ("Total", 100)]
    grid_rows = list(workbook["Grille des notes"].iter_rows(values_only=True))
    assert grid_rows[0][-1] == "Justification"
    assert (None, "Beta", "Valeur technique", 40, 10, 4, "Mémoire de Beta") in grid_rows


def pdf_page_count(content: bytes) -> int:
    """Pages of a PDF, counted without a PDF library: WeasyPrint puts its page objects in
    compressed object streams, so the streams are inflated before counting `/Type /Page`."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", part)) for part in parts)


def test_the_pdf_report_is_a_pdf_with_the_candidates(scored, procurement, client_for):
    response = client_for(Role.ELU).get(f"/marches/{procurement.pk}/analyse.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_page_count(response.content) >= 1


def test_the_pdf_template_holds_the_ranking_and_justifications(scored, procurement, rf, users):
    from django.template.loader import render_to_string

    from gouvernail.vendors.reports import exported_line, offer_analysis

    analysis = offer_analysis(procurement, strict=True)
    html = render_to_string(
        "vendors/procurement_analysis_report.html",
        {"analysis": analysis, "procurement": procurement, "exported_line": exported_line(users[Role.ELU])},
    )

    for text in ("Alpha", "Beta", "Gamma", "Mémoire de Gamma", "2 ex aequo", "14,00", "Exporté le"):
        assert text in html


def test_without_pango_the_pdf_export_explains_itself_not_a_500(scored, procurement, client_for, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if WeasyPrint could not load

    response = client_for(Role.ELU).get(f"/marches/{procurement.pk}/analyse.pdf")

    assert response.status_code == 302
    assert "L'export PDF n'est pas disponible sur ce serveur" in str(list(get_messages(response.wsgi_request))[0])


@pytest.mark.parametrize("export", ["analyse.xlsx", "analyse.pdf"])
def test_an_export_with_weights_not_summing_to_100_is_refused_in_french_not_a_500(
    scored, procurement, client_for, export
):
    Criterion.objects.filter(pk=scored["quality"].pk).update(weight=Decimal("45"))
    client = client_for(Role.ADMIN)

    response = client.get(f"/marches/{procurement.pk}/{export}")

    assert response.status_code == 302
    assert response["Location"] == f"/marches/{procurement.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Le rapport d'analyse ne peut pas être exporté : "
        "La somme des pondérations doit faire 100 % (actuellement 105 %)."
    ]


#
# Roles and isolation
#


@pytest.mark.parametrize("role", [Role.PRESTATAIRE, Role.ELU, Role.AUDITEUR])
def test_a_read_only_role_reads_procurements_but_cannot_add_edit_or_award(role, scored, procurement, client_for):
    client = client_for(role)
    step = make_step(procurement)

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
    assert [name for name, _ in response.context["navigation"]][:2] == ["Référentiel SI", "Pilotage"]


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
