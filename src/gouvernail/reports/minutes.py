"""The relevé de décisions of a held meeting, as PDF (WeasyPrint) and DOCX (python-docx).

`meeting_minutes()` reads everything once (a fixed number of queries, whatever the size of the
meeting) into plain values; both renderers only lay them out. Attendees are named with their
capacity: they sit on a public body in that role.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from gouvernail.core.exports import html_to_pdf, pdf_document
from gouvernail.core.formatting import display
from gouvernail.governance.choices import MeetingStatus
from gouvernail.governance.models import Decision, Meeting
from gouvernail.governance.register import checkpoint_for_meeting, qr_svg
from gouvernail.steering.models import ActionItem

__all__ = ("MeetingNotHeld", "Minutes", "meeting_minutes", "minutes_docx", "minutes_filename", "minutes_pdf")


class MeetingNotHeld(Exception):
    """A relevé is written after the meeting: a planned meeting has none."""

    def __init__(self, meeting: Meeting):
        super().__init__(f"La réunion « {meeting} » n'est pas encore tenue : son relevé de décisions n'existe pas.")


@dataclass
class Participant:
    name: str
    capacity: str


@dataclass
class FollowUp:
    number: int
    title: str
    owner: str
    due_date: date | None
    status: str
    decision: str

    @property
    def due_display(self) -> str:
        return display(self.due_date) or "—"


@dataclass
class DecisionTaken:
    reference: str
    question: str
    outcome: str
    chosen_option: str
    rationale: str
    vote: str
    decided_on: date | None


@dataclass
class Minutes:
    organisation: str
    committee: str
    title: str
    date: date
    time: str
    place: str
    attendees: list[Participant]
    excused: list[Participant]
    agenda: list[tuple[str, str]]  # (« 1. Sujet », compte rendu)
    decisions: list[DecisionTaken]
    actions: list[FollowUp] = field(default_factory=list)
    # The signed checkpoint of the register (text with its signature line, and its QR code as
    # SVG): printed, it lets anyone later check that the register was not truncated or rewritten.
    checkpoint_note: str = ""
    checkpoint_qr: str = ""

    @property
    def date_display(self) -> str:
        return display(self.date)

    @property
    def when_display(self) -> str:
        return f"{self.date_display} à {self.time}" if self.time else self.date_display


def _vote(decision: Decision) -> str:
    if decision.consensus:
        return "par consensus"
    if decision.vote_for is None:
        return ""
    return f"pour {decision.vote_for}, contre {decision.vote_against or 0}, abstentions {decision.vote_abstain or 0}"


def meeting_minutes(meeting: Meeting) -> Minutes:
    """The relevé's content (raises MeetingNotHeld for a meeting still planned)."""
    if meeting.status != MeetingStatus.HELD:
        raise MeetingNotHeld(meeting)
    capacities = {member.person_id: member.get_capacity_display() for member in meeting.committee.members.all()}

    def participant(person) -> Participant:
        capacity = capacities.get(person.pk) or person.function or person.get_kind_display()
        return Participant(str(person), capacity)

    decisions = list(
        meeting.decisions.select_related("chosen_option")
        .prefetch_related(
            Prefetch(
                "follow_up_actions",
                queryset=ActionItem.objects.select_related("owner_person", "owner_vendor").order_by("number"),
            )
        )
        .order_by("sequence", "pk")
    )
    actions: dict[int, FollowUp] = {}
    for decision in decisions:
        for action in decision.follow_up_actions.all():
            owner = action.owner
            actions.setdefault(
                action.pk,
                FollowUp(
                    action.number,
                    action.title,
                    str(owner) if owner is not None else "À désigner",
                    action.due_date,
                    action.get_status_display(),
                    f"D{decision.sequence}",
                ),
            )
    return Minutes(
        organisation=str(meeting.organisation),
        committee=str(meeting.committee),
        title=meeting.title,
        date=meeting.date,
        time=meeting.start_time.strftime("%H:%M").replace(":", " h ") if meeting.start_time else "",
        place=meeting.place,
        attendees=[participant(p) for p in meeting.attendees.order_by("last_name", "first_name")],
        excused=[participant(p) for p in meeting.excused.order_by("last_name", "first_name")],
        agenda=[(str(item), item.minutes) for item in meeting.agenda.order_by("position")],
        decisions=[
            DecisionTaken(
                reference=f"D{d.sequence}" if d.sequence else "",
                question=d.question,
                outcome=d.get_status_display(),
                chosen_option=d.chosen_option.label if d.chosen_option_id else "",
                rationale=d.rationale,
                vote=_vote(d),
                decided_on=d.decided_on,
            )
            for d in decisions
        ],
        actions=sorted(actions.values(), key=lambda a: a.number),
        **_checkpoint(meeting, max((d.sequence for d in decisions if d.sequence), default=None)),
    )


def _checkpoint(meeting: Meeting, last_sequence: int | None) -> dict:
    checkpoint = checkpoint_for_meeting(meeting, last_sequence)
    if checkpoint is None:
        return {}
    return {"checkpoint_note": checkpoint.note, "checkpoint_qr": qr_svg(checkpoint.note)}


CHECKPOINT_EXPLANATION = (
    "Ce texte signé atteste l'état du registre des décisions à la clôture de la réunion. Avec la clé "
    "publique de la collectivité, chacun peut vérifier, sans accès à Gouvernail, que le registre n'a été "
    "ni tronqué ni réécrit depuis (gouvernail register-export, notice LISEZMOI.md)."
)


def minutes_filename(meeting: Meeting, extension: str) -> str:
    return f"releve-de-decisions-{slugify(meeting.committee.name)}-{meeting.date:%Y-%m-%d}.{extension}"


def _html(minutes: Minutes) -> str:
    generated = display(timezone.now())
    return render_to_string(
        "reports/minutes.html",
        {"minutes": minutes, "generated": generated, "checkpoint_explanation": CHECKPOINT_EXPLANATION},
    )


def minutes_pdf(minutes: Minutes) -> bytes:
    return html_to_pdf(_html(minutes))


def minutes_pdf_document(minutes: Minutes):
    """The laid-out document, for tests that read its pages back."""
    return pdf_document(_html(minutes))


def minutes_docx(minutes: Minutes) -> bytes:
    """The same relevé as an editable Word document: headings, then one table per list."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"Relevé de décisions — {minutes.committee}", level=0)
    document.add_paragraph(minutes.organisation)
    document.add_paragraph(
        f"{minutes.title} — {minutes.when_display}" + (f" — {minutes.place}" if minutes.place else "")
    )

    document.add_heading("Participants", level=1)
    for heading, people in (("Présents", minutes.attendees), ("Excusés", minutes.excused)):
        document.add_heading(heading, level=2)
        if not people:
            document.add_paragraph("Aucun.")
            continue
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Nom", "Qualité"
        for person in people:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = person.name, person.capacity

    document.add_heading("Ordre du jour et compte rendu", level=1)
    if not minutes.agenda:
        document.add_paragraph("Aucun point à l'ordre du jour.")
    for title, text in minutes.agenda:
        document.add_heading(title, level=2)
        document.add_paragraph(text or "Pas de compte rendu pour ce point.")

    document.add_heading("Décisions", level=1)
    if not minutes.decisions:
        document.add_paragraph("Aucune décision enregistrée lors de cette réunion.")
    else:
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        headers = ("N°", "Question", "Issue", "Option retenue", "Motivation")
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for decision in minutes.decisions:
            cells = table.add_row().cells
            outcome = decision.outcome + (f" ({decision.vote})" if decision.vote else "")
            values = (decision.reference, decision.question, outcome, decision.chosen_option or "—", decision.rationale)
            for cell, text in zip(cells, values, strict=True):
                cell.text = text

    document.add_heading("Actions de suite", level=1)
    if not minutes.actions:
        document.add_paragraph("Aucune action de suite.")
    else:
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        headers = ("N°", "Action", "Porteur", "Échéance", "Décision")
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for action in minutes.actions:
            cells = table.add_row().cells
            values = (str(action.number), action.title, action.owner, action.due_display, action.decision)
            for cell, text in zip(cells, values, strict=True):
                cell.text = text

    if minutes.checkpoint_note:
        document.add_heading("Point de contrôle signé du registre des décisions", level=1)
        document.add_paragraph(CHECKPOINT_EXPLANATION)
        document.add_paragraph().add_run(minutes.checkpoint_note.strip()).font.name = "Courier New"

    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
