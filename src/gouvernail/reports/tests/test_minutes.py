"""The relevé de décisions of a held meeting: its content, the PDF read back, the DOCX opened."""

import io
from datetime import date, time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gouvernail.core.choices import Role
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.services import decision_record
from gouvernail.reports import minutes
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import (
    make_agenda_item,
    make_committee,
    make_decision,
    make_meeting,
    make_member,
    make_option,
)
from gouvernail.testing.factories.steering import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(org):
    """A held COPIL: two attendees, one excused, two agenda items, one decision with a follow-up action."""
    committee = make_committee(org, "COPIL SI")
    chair = make_person(org, "Durand", first_name="Michel", kind="elu")
    dgs = make_person(org, "Lefèvre", first_name="Anne", function="Directrice générale des services")
    excused = make_person(org, "Petit", first_name="Luc")
    make_member(committee, chair, "president")
    make_member(committee, dgs, "dgs")
    make_member(committee, excused, "referent_si")
    when = {"date": date(2026, 3, 10), "start_time": time(14, 30)}
    meeting = make_meeting(committee, "COPIL n° 3", **when, place="Salle du conseil", status="tenue")
    meeting.attendees.set([chair, dgs])
    meeting.excused.set([excused])
    decision = make_decision(org, "Quel scénario pour la messagerie ?", committee=committee)
    option = make_option(decision, "Messagerie mutualisée")
    make_option(decision, "Messagerie hébergée")
    make_agenda_item(meeting, 1, "Point d'étape du plan d'action", minutes="Trois actions soldées depuis décembre.")
    make_agenda_item(meeting, 2, "Choix de la messagerie", kind="decision", decision=decision, minutes="Débat nourri.")
    action = make_action(org, 7, title="Lancer la consultation", owner_person=dgs, due_date=date(2026, 6, 30))
    decision_record(
        decision=decision,
        outcome=DecisionStatus.ADOPTED,
        chosen_option=option,
        rationale="Coût maîtrisé et réversibilité.",
        vote_for=5,
        vote_against=1,
        vote_abstain=0,
        decided_on=meeting.date,
        meeting=meeting,
        follow_up_actions=[action],
        acting_user=None,
    )
    return meeting


def document_text(document) -> list[str]:
    """The text of each page of a laid-out WeasyPrint document (pypdf is not a dependency)."""

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", None) or ():
            yield from texts(child)

    return [" ".join(texts(page._page_box)) for page in document.pages]


def test_the_minutes_name_attendees_and_excused_with_their_capacity(held):
    content = minutes.meeting_minutes(held)

    assert [(p.name, p.capacity) for p in content.attendees] == [
        ("Michel Durand", "Président"),
        ("Anne Lefèvre", "DGS"),
    ]
    assert [(p.name, p.capacity) for p in content.excused] == [("Luc Petit", "Référent SI")]
    assert (content.place, content.when_display) == ("Salle du conseil", "10/03/2026 à 14 h 30")


def test_the_minutes_hold_the_decision_with_its_outcome_option_rationale_and_vote(held):
    [decision] = minutes.meeting_minutes(held).decisions

    assert decision.reference == "D1"
    assert (decision.outcome, decision.chosen_option) == ("Adoptée", "Messagerie mutualisée")
    assert decision.rationale == "Coût maîtrisé et réversibilité."
    assert decision.vote == "pour 5, contre 1, abstentions 0"


def test_the_minutes_list_follow_up_actions_with_owner_and_due_date(held):
    [action] = minutes.meeting_minutes(held).actions

    assert (action.number, action.title, action.owner, action.due_display, action.decision) == (
        7,
        "Lancer la consultation",
        "Anne Lefèvre",
        "30/06/2026",
        "D1",
    )


def test_a_planned_meeting_has_no_minutes(org):
    meeting = make_meeting(make_committee(org), status="prevue")

    with pytest.raises(minutes.MeetingNotHeld, match="pas encore tenue"):
        minutes.meeting_minutes(meeting)


def test_reading_the_minutes_takes_a_fixed_number_of_queries(held, django_assert_max_num_queries):
    for position in range(3, 13):
        make_agenda_item(held, position, f"Point {position}")
        held.attendees.add(make_person(held.organisation, f"Invité {position}"))

    with django_assert_max_num_queries(9):
        minutes.meeting_minutes(held)


def test_the_pdf_holds_every_part_of_the_minutes_on_one_page(held):
    content = minutes.meeting_minutes(held)

    pdf = minutes.minutes_pdf(content)
    pages = document_text(minutes.minutes_pdf_document(content))

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pages) == 1
    text = pages[0]
    for expected in (
        "Communauté de communes de Test",
        "Relevé de décisions — COPIL SI",
        "Salle du conseil",
        "Michel Durand",
        "Président",
        "Luc Petit",
        "Trois actions soldées depuis décembre.",
        "Messagerie mutualisée",
        "Coût maîtrisé et réversibilité.",
        "Lancer la consultation",
        "30/06/2026",
    ):
        assert expected in text, expected


def test_a_long_meeting_runs_over_several_pages_with_page_numbers(held):
    for position in range(3, 60):
        make_agenda_item(held, position, f"Point {position}", minutes="Compte rendu détaillé. " * 12)

    pages = document_text(minutes.minutes_pdf_document(minutes.meeting_minutes(held)))

    assert len(pages) > 2
    assert "Point 59" in " ".join(pages)


def test_the_docx_has_the_headings_and_tables_of_the_minutes(held):
    from docx import Document

    document = Document(io.BytesIO(minutes.minutes_docx(minutes.meeting_minutes(held))))

    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Relevé de décisions — COPIL SI"),
        ("Heading 1", "Participants"),
        ("Heading 2", "Présents"),
        ("Heading 2", "Excusés"),
        ("Heading 1", "Ordre du jour et compte rendu"),
        ("Heading 2", "1. Point d'étape du plan d'action"),
        ("Heading 2", "2. Choix de la messagerie"),
        ("Heading 1", "Décisions"),
        ("Heading 1", "Actions de suite"),
    ]
    attendees, excused, decisions, actions = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert attendees == [["Nom", "Qualité"], ["Michel Durand", "Président"], ["Anne Lefèvre", "DGS"]]
    assert excused == [["Nom", "Qualité"], ["Luc Petit", "Référent SI"]]
    assert decisions[1] == [
        "D1",
        "Quel scénario pour la messagerie ?",
        "Adoptée (pour 5, contre 1, abstentions 0)",
        "Messagerie mutualisée",
        "Coût maîtrisé et réversibilité.",
    ]
    assert actions[1] == ["7", "Lancer la consultation", "Anne Lefèvre", "30/06/2026", "D1"]


@pytest.mark.parametrize(
    ("export_format", "content_type", "signature"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ],
)
def test_the_meeting_page_offers_the_minutes_for_download(held, client_for, export_format, content_type, signature):
    client = client_for(Role.ELU)
    page = client.get(held.get_absolute_url()).content.decode()

    response = client.get(f"/reunions/{held.pk}/releve.{export_format}")

    assert f'href="/reunions/{held.pk}/releve.{export_format}"' in page
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(signature)
    assert response["Content-Disposition"] == (
        f'attachment; filename="releve-de-decisions-copil-si-2026-03-10.{export_format}"'
    )


def test_a_planned_meeting_offers_no_minutes_and_its_url_says_why(org, client_for):
    meeting = make_meeting(make_committee(org), status="prevue")
    client = client_for(Role.ADMIN)

    page = client.get(meeting.get_absolute_url()).content.decode()
    response = client.get(f"/reunions/{meeting.pk}/releve.pdf", follow=True)

    assert "releve.pdf" not in page
    assert "pas encore tenue" in response.content.decode()


def test_the_command_writes_the_minutes_to_the_given_file(held, tmp_path):
    from docx import Document

    target = tmp_path / "releve.docx"
    out = io.StringIO()

    call_command("releve", str(held.pk), "--format", "docx", "-o", str(target), stdout=out)

    assert Document(str(target)).paragraphs[0].text == "Relevé de décisions — COPIL SI"
    assert f"écrit dans {target}" in out.getvalue()


def test_the_command_refuses_an_unknown_or_planned_meeting(org, tmp_path):
    planned = make_meeting(make_committee(org), status="prevue")

    with pytest.raises(CommandError, match="Réunion inconnue"):
        call_command("releve", "999999", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="pas encore tenue"):
        call_command("releve", str(planned.pk), "-o", str(tmp_path / "x.pdf"))
    assert not Path(tmp_path / "x.pdf").exists()


def test_the_minutes_print_the_register_checkpoint_signed_at_the_meeting_s_close(held, settings, tmp_path):
    from gouvernail.governance import signing
    from gouvernail.governance.choices import CheckpointReason
    from gouvernail.governance.services import checkpoint_issue

    settings.GOUVERNAIL_REGISTER_KEY_DIR = str(tmp_path / "keys")
    signing.create_key(held.organisation)
    checkpoint = checkpoint_issue(
        organisation=held.organisation, reason=CheckpointReason.MEETING, meeting=held, acting_user=None
    )

    content = minutes.meeting_minutes(held)
    text = " ".join(document_text(minutes.minutes_pdf_document(content)))

    assert content.checkpoint_note == checkpoint.note and "<svg" in content.checkpoint_qr
    assert "Point de contrôle signé du registre des décisions" in text
    assert checkpoint.root_hash in text.replace(" ", "").replace("\n", "")


def test_minutes_without_a_signing_key_have_no_checkpoint(held):
    assert minutes.meeting_minutes(held).checkpoint_note == ""
