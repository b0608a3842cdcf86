"""« Qualité de service du prestataire » in the COPIL pack: each service level, its target, the
last three months met or not, and the penalties; read back from the PPTX and the PDF."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.reports.packs import document
from gouvernail.reports.packs.services import copil_pack_create
from gouvernail.reports.packs.style import LEVEL_COLOURS, style_of
from gouvernail.reports.tests import test_copil_pack
from gouvernail.reports.tests.test_copil_pack import deck, slide_text, titles
from gouvernail.reports.tests.test_minutes import document_text
from gouvernail.testing.factories.vendors import make_service_level, make_sla_measurement
from gouvernail.vendors.models import Contract

pytestmark = pytest.mark.django_db

TITLE = "Qualité de service du prestataire"
# The pack tests' meeting: a COPIL on 10/03/2026 with the contract 2024-INF-01 of « Infogérance Ouest ».
meeting = test_copil_pack.meeting


@pytest.fixture
def levels(meeting):
    """Availability over the three months before the 10/03/2026 meeting (January missed), and a
    time to resolve measured in February only; a measurement of March (not complete) is left out."""
    contract = Contract.objects.get(reference="2024-INF-01")
    availability = make_service_level(contract, label="Disponibilité des serveurs")
    for month, value in ((date(2025, 12, 1), "99.8"), (date(2026, 1, 1), "98.7"), (date(2026, 2, 1), "99.6")):
        make_sla_measurement(availability, month, Decimal(value))
    make_sla_measurement(availability, date(2026, 3, 1), Decimal("90"))
    resolve = make_service_level(
        contract,
        "resolution",
        label="Résolution d'un incident",
        target=Decimal(2),
        unit="jours ouvrés",
        comparison="max",
        penalty_per_breach=None,
    )
    make_sla_measurement(resolve, date(2026, 2, 1), Decimal("1.5"))
    return meeting


def test_the_deck_has_the_slide_after_the_contracts(levels):
    presentation = deck(copil_pack_create(meeting=levels, pack_format="pptx", notify=False))

    shown = titles(presentation)
    assert shown[shown.index("Contrats à renouveler") + 1] == TITLE


def test_the_slide_gives_each_level_its_target_three_months_and_penalties(levels):
    presentation = deck(copil_pack_create(meeting=levels, pack_format="pptx", notify=False))

    [slide] = [s for s in presentation.slides if s.shapes.title.text == TITLE]
    [table] = [shape.table for shape in slide.shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Engagement", "Contrat (prestataire)", "Cible", "12/2025", "01/2026", "02/2026", "Pénalités"]
    assert rows[1] == [
        "Disponibilité des serveurs",
        "2024-INF-01 (Infogérance Ouest)",
        "≥ 99.5 %",
        "99,8 % — tenu",
        "98,7 % — non tenu",
        "99,6 % — tenu",
        "150 € HT",
    ]
    assert rows[2][3:] == ["non mesuré", "non mesuré", "1,5 jour ouvré — tenu", "aucune"]
    # The colour doubles the word, never alone.
    missed = table.cell(1, 4).fill.fore_color.rgb
    assert str(missed) == LEVEL_COLOURS["rouge"].lstrip("#").upper()
    assert "Pénalités dues sur la période : 150 € HT." in slide_text(presentation, TITLE)


def test_the_pdf_has_the_same_section(levels):
    pack = copil_pack_create(meeting=levels, pack_format="pdf", notify=False)

    text = " ".join(document_text(document.render_pdf_document(pack.snapshot, style_of(levels.organisation))))

    assert TITLE in text
    for expected in ("Disponibilité des serveurs", "98,7 % — non tenu", "1,5 jour ouvré — tenu", "150 € HT"):
        assert expected in text, expected


def test_without_any_service_level_the_pack_has_no_such_slide(meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    assert TITLE not in titles(presentation)
