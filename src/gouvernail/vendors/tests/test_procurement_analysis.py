"""Procurements: the offer analysis on the page, the award and the XLSX / PDF analysis report."""

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
from gouvernail.vendors.models import Criterion, Procurement, Score
from gouvernail.vendors.services import procurement_award, score_set
from gouvernail.vendors.tests.helpers import procurement_data, score_all

TODAY = date.today()
# Read once at import: the clock is held on that day so that a run crossing midnight stays coherent.
pytestmark = pytest.mark.usefixtures("pinned_today")
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


#
# The offer analysis on the page
#


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
