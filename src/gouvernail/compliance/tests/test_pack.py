"""The « Hygiène informatique » slides of the COPIL pack and the « Conformité » dashboard."""

import io
from datetime import date

from pptx import Presentation

from gouvernail.compliance.choices import MeasureStatus
from gouvernail.compliance.services import framework_load_builtin, measure_decide
from gouvernail.core.choices import Role
from gouvernail.reports.packs.document import pack_html
from gouvernail.reports.packs.services import copil_pack_create
from gouvernail.reports.packs.snapshot import build_snapshot
from gouvernail.reports.packs.style import style_of
from gouvernail.testing.factories.compliance import make_assessment, make_incident
from gouvernail.testing.factories.governance import make_committee, make_meeting
from gouvernail.testing.factories.steering import make_action


def two_campaigns(org):
    framework = framework_load_builtin(organisation=org, acting_user=None).framework
    make_assessment(org, framework, campaign_date=date(2025, 3, 1))
    current = make_assessment(org, framework, campaign_date=date(2026, 3, 1))
    item = current.items.get(measure__ref_id="29")
    measure_decide(item=item, status=MeasureStatus.NOT_APPLIED, acting_user=None)
    item.actions.add(make_action(org, 11, title="Retirer les droits d'administrateur local"))
    measure_decide(item=current.items.get(measure__ref_id="1"), status=MeasureStatus.APPLIED, acting_user=None)
    return current


def test_the_copil_pack_has_the_hygiene_slides_with_the_gaps_and_their_actions(org):
    two_campaigns(org)
    meeting = make_meeting(make_committee(org), date=date(2026, 3, 10))

    pack = copil_pack_create(meeting=meeting, pack_format="pptx", notify=False)

    with pack.file.open("rb") as stream:
        deck = Presentation(io.BytesIO(stream.read()))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert "Hygiène informatique" in titles
    gaps = deck.slides[titles.index("Hygiène informatique : principaux écarts")]
    text = " ".join(shape.text_frame.text for shape in gaps.shapes if shape.has_text_frame)
    cells = [c.text for shape in gaps.shapes if shape.has_table for row in shape.table.rows for c in row.cells]
    assert "29" in cells and "n° 11 (À étudier)" in cells, text


def test_the_hygiene_part_of_the_pdf_pack_shows_the_score_by_theme(org):
    two_campaigns(org)
    meeting = make_meeting(make_committee(org), date=date(2026, 3, 10))

    html = pack_html(build_snapshot(meeting), style_of(org))

    assert "<h2>Hygiène informatique</h2>" in html
    assert "campagne du 01/03/2025" in html


def test_a_pack_before_any_assessment_has_no_hygiene_slide(org):
    meeting = make_meeting(make_committee(org), date=date(2026, 3, 10))

    assert build_snapshot(meeting)["hygiene"] is None


def test_the_compliance_dashboard_shows_score_gaps_and_pending_declarations(org, client_for):
    two_campaigns(org)
    make_incident(org, personal_data=True)

    page = client_for(Role.ELU).get("/conformite/").content.decode()

    assert "Score" in page and "Principaux écarts" in page
    assert "Retirer aux utilisateurs les droits d&#x27;administrateur" in page or "droits d" in page
    assert "notification de la violation à la CNIL" in page
