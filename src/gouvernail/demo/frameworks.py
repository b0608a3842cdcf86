"""The framework documents of the demo and the meetings of the COPIL SI and the COTECH after
the mission (see timeline.py for the rule their dates follow).

From the study: action 4 « Rédiger une charte informatique et la lier au règlement intérieur
(agents et élus) », action 3 (password policy « dans la charte, à valider »), the charte on the
agenda of COPIL #2, « Mise à jour charte informatique » in January–February 2026 on the
roadmap, the COPIL's remit (« validation des documents cadres »), a monthly COPIL in the
structuring phase, a weekly COTECH, and the 13 January 2026 « point d'étape ».
Synthetic: the texts, the meetings other than 13 January, the agendas and minutes, the
approval of the charte after the study (the April 2026 COPIL: at the study, action 4 is still
« En cours »), its campaign and who acknowledged (about 60 %, unevenly across services, from a
fixed random seed).
"""

import random
from datetime import date, time, timedelta

from gouvernail.core.choices import PersonKind
from gouvernail.core.models import Organisation
from gouvernail.demo.people import Staff
from gouvernail.demo.records import RANDOM_SEED, persist, synthetic_note
from gouvernail.demo.timeline import copil_cycle, cotech_dates, is_held, moment
from gouvernail.governance.choices import AgendaItemKind, DocumentKind, MeetingStatus
from gouvernail.governance.models import (
    AcknowledgementCampaign,
    AgendaItem,
    Committee,
    Decision,
    DecisionOption,
    FrameworkDocument,
    FrameworkDocumentVersion,
    Meeting,
)
from gouvernail.governance.services import (
    acknowledgement_record,
    decision_record,
    document_version_approve,
    document_version_publish,
    document_version_submit,
)
from gouvernail.steering.models import ActionItem

# The study's « point d'étape »; the monthly cycle after it is timeline.copil_cycle().
POINT_OF_STAGE = ("COPIL SI — janvier 2026", date(2026, 1, 13))
COTECH_AGENDA = ("Incidents de la semaine", "Changements planifiés", "Priorités techniques de la semaine")
# The agenda of a COPIL of the cycle that has nothing particular to decide.
ROUTINE_AGENDA = (
    ("Avancement du plan d'action", AgendaItemKind.FREE),
    ("Tableau de bord SI", AgendaItemKind.INDICATOR),
)
# The charte v1 (presented at COPIL #2, still « En cours » at the study) is approved after the
# study, at the April COPIL of the continuation, then published and acknowledged.
CHARTER_APPROVAL = "COPIL SI — avril 2026"
CHARTER_PUBLISHED = date(2026, 4, 30)
CHARTER_CAMPAIGN = (date(2026, 5, 4), date(2026, 6, 30))
CHARTER_RATE_REVIEW = "COPIL SI — juillet 2026"

CHARTER_TEXT = (
    "Article 1 — Objet. La présente charte fixe les règles d'usage des moyens informatiques et numériques "
    "de la Communauté de communes par les agents et les élus.\n"
    "Article 2 — Accès. Chaque utilisateur dispose d'un compte personnel ; il ne le prête pas.\n"
    "Article 3 — Mots de passe. Au moins 12 caractères, propres à chaque application, jamais communiqués ; "
    "la double authentification est activée dès qu'elle est proposée.\n"
    "Article 4 — Messagerie et internet. Usage professionnel, usage personnel raisonnable toléré.\n"
    "Article 5 — Incidents. Tout message suspect ou incident est signalé sans délai au référent SI.\n"
    "Article 6 — Départ. Les accès sont retirés le jour du départ (procédure arrivées / départs).\n"
    "Article 7 — Sanctions. La charte est annexée au règlement intérieur."
)
# Share of each service's active agents who acknowledged the charte (the others: 60 %).
ACKNOWLEDGED_SHARE = {
    "Direction générale des services": 1.0,
    "Pôle Ressources": 1.0,
    "Finances et comptabilité": 0.85,
    "Ressources humaines": 1.0,
    "Commande publique": 0.67,
    "Pôle enfance-jeunesse": 0.5,
    "École de musique communautaire": 0.35,
    "Cybercentre": 1.0,
    "Services techniques": 0.55,
    "Urbanisme et habitat": 0.85,
    "Communication et tourisme": 0.8,
}
ELECTED_SHARE = 0.6


def build_meeting_cycle(
    organisation: Organisation, staff: Staff, copil: Committee, cotech: Committee, reference_date: date
) -> dict[str, Meeting]:
    """The January « point d'étape », the monthly COPIL SI from March 2026 (held up to the load
    date with attendance and minutes, planned after it) and the weekly COTECH."""
    dgs = staff.lead("Direction générale des services", 0)
    referent = staff.lead("Direction générale des services", 2)
    president, digital = staff.elected[0], staff.elected[1]
    meetings = {}
    for title, day in (POINT_OF_STAGE, *copil_cycle(reference_date)):
        meetings[title] = _meeting(
            organisation,
            copil,
            title,
            day,
            time(14, 0),
            "Siège communautaire (Bouloire), salle du conseil",
            attendees=[president, digital, dgs, referent],
            reference_date=reference_date,
        )
    actions = {a.number: a for a in ActionItem.objects.filter(organisation=organisation, number__in=(3, 4))}
    special = {
        POINT_OF_STAGE[0]: (
            ("Point d'étape de la mission d'accompagnement SI", AgendaItemKind.FREE, None),
            ("Rythme du COPIL SI en 2026", AgendaItemKind.FREE, None),
        ),
        CHARTER_APPROVAL: (
            ("Politique de mots de passe", AgendaItemKind.ACTION, actions.get(3)),
            *((title, kind, None) for title, kind in ROUTINE_AGENDA),
        ),
        CHARTER_RATE_REVIEW: (
            ("Campagne de prise de connaissance de la charte : taux par service", AgendaItemKind.INDICATOR, None),
            *((title, kind, None) for title, kind in ROUTINE_AGENDA),
        ),
    }
    for title, meeting in meetings.items():
        items = special.get(title) or tuple((item, kind, None) for item, kind in ROUTINE_AGENDA)
        # Item 1 is kept for a decision (the scenarios, the charte, the messagerie) where there is one.
        for position, (item, kind, action) in enumerate(items, start=2):
            _agenda_item(meeting, position, item, kind, action=action)
    for day in cotech_dates(reference_date):
        title = f"COTECH — semaine du {day:%d/%m/%Y}"
        meeting = _meeting(
            organisation,
            cotech,
            title,
            day,
            time(9, 30),
            "Visioconférence avec le prestataire",
            attendees=[referent, dgs],
            reference_date=reference_date,
        )
        for position, item in enumerate(COTECH_AGENDA, start=1):
            _agenda_item(meeting, position, item, AgendaItemKind.FREE)
        meetings[title] = meeting
    return meetings


def _meeting(organisation, committee, title, day, start_time, place, *, attendees, reference_date) -> Meeting:
    held = is_held(day, reference_date)
    meeting = persist(
        Meeting(
            organisation=organisation,
            committee=committee,
            title=title,
            date=day,
            start_time=start_time,
            place=place,
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
        )
    )
    if held:
        meeting.attendees.set(attendees)
    return meeting


def _agenda_item(meeting: Meeting, position: int, title: str, kind: str, *, action=None) -> AgendaItem:
    """An agenda item, with minutes once its meeting is held."""
    held = meeting.status == MeetingStatus.HELD
    return persist(
        AgendaItem(
            organisation=meeting.organisation,
            meeting=meeting,
            position=position,
            title=title,
            kind=kind,
            action=action,
            minutes=synthetic_note("Point traité ; suites notées au plan d'action.") if held else "",
        )
    )


def build_framework_documents(
    organisation: Organisation, staff: Staff, copil: Committee, meetings: dict[str, Meeting], reference_date: date
) -> dict:
    """The charte informatique v1, submitted before the study, approved after it at the April
    COPIL, published and acknowledged (as far as the load date reaches); the password policy v1,
    submitted (action 3, « À valider » in the study)."""
    referent = staff.lead("Direction générale des services", 2)
    president, digital = staff.elected[0], staff.elected[1]
    charter = persist(
        FrameworkDocument(
            organisation=organisation,
            title="Charte informatique",
            kind=DocumentKind.IT_CHARTER,
            owner=referent,
            description="Règles d'usage des moyens informatiques, annexée au règlement intérieur (agents et élus).",
        )
    )
    version = persist(
        FrameworkDocumentVersion(
            organisation=organisation,
            document=charter,
            number=1,
            summary="Première charte : comptes, mots de passe, messagerie, incidents, départs.",
            text=synthetic_note("\n" + CHARTER_TEXT),
            change_note="Version initiale, présentée au COPIL #2 du 18/11/2025.",
        )
    )
    passwords = persist(
        FrameworkDocument(
            organisation=organisation,
            title="Politique de mots de passe",
            kind=DocumentKind.PASSWORD_POLICY,
            owner=referent,
            description="Action 3 du plan d'action : une politique pour l'ensemble des applications.",
        )
    )
    policy = persist(
        FrameworkDocumentVersion(
            organisation=organisation,
            document=passwords,
            number=1,
            summary="Longueur, renouvellement, coffre-fort de mots de passe, double authentification.",
            text=synthetic_note(),
            change_note="Version initiale, à valider en COPIL.",
        )
    )
    document_version_submit(version=policy, acting_user=None, when=moment(date(2026, 2, 20)))
    document_version_submit(version=version, acting_user=None, when=moment(date(2026, 1, 6)))
    result = {"charter": charter, "version": version, "passwords": passwords, "campaign": None}
    approval = meetings[CHARTER_APPROVAL]
    if not is_held(approval.date, reference_date):
        return result

    decision = persist(
        Decision(
            organisation=organisation,
            question="Approuver la charte informatique, version 1 (agents et élus) ?",
            context=(
                "Action 4 du plan d'action : rédiger une charte informatique et la lier au règlement intérieur "
                "(agents et élus). Projet présenté au COPIL #2 du 18/11/2025."
            ),
            recommendation="Approuver la version 1 et lancer une campagne de prise de connaissance.",
            committee=copil,
            needed_by=approval.date,
        )
    )
    approve = persist(DecisionOption(organisation=organisation, decision=decision, label="Approuver la version 1"))
    persist(DecisionOption(organisation=organisation, decision=decision, label="Reporter pour une nouvelle relecture"))
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=approval,
            position=1,
            title="Charte informatique v1 — approbation",
            kind=AgendaItemKind.DECISION,
            decision=decision,
            action=ActionItem.objects.filter(organisation=organisation, number=4).first(),
            minutes=synthetic_note(
                "La charte est approuvée ; publication fin avril et campagne de prise de connaissance. "
                "L'action 4 reste en cours : la charte doit encore être annexée au règlement intérieur."
            ),
        )
    )
    decision_record(
        decision=decision,
        outcome="adoptee",
        chosen_option=approve,
        rationale=synthetic_note(
            "Charte relue par la direction ; elle répond à l'action 4 et sera annexée au règlement intérieur."
        ),
        consensus=True,
        decided_on=approval.date,
        meeting=approval,
        deciders=[president, digital],
        acting_user=None,
    )
    document_version_approve(version=version, decision=decision, acting_user=None, when=moment(approval.date, 16))
    if not is_held(CHARTER_PUBLISHED, reference_date):
        return result
    version = document_version_publish(version=version, acting_user=None, when=moment(CHARTER_PUBLISHED))
    result["version"] = version
    campaign = persist(
        AcknowledgementCampaign(
            organisation=organisation,
            version=version,
            title="Charte informatique v1 — prise de connaissance",
            starts_on=CHARTER_CAMPAIGN[0],
            ends_on=CHARTER_CAMPAIGN[1],
            targets_agents=True,
            targets_elected=True,
        )
    )
    result["campaign"] = campaign
    # Acknowledgements stop the day before the load: the load date is « today », still to come.
    _acknowledge(campaign, staff, reference_date - timedelta(days=1))
    return result


def _acknowledge(campaign: AcknowledgementCampaign, staff: Staff, until: date) -> None:
    """About 60 % of the targeted people, unevenly by service, on days between the start and `until`."""
    if until < campaign.starts_on:
        return
    # A generator of its own: the other builders' draws stay as they were.
    rng = random.Random(RANDOM_SEED + 4)
    chosen = []
    for name in staff.services:
        agents = staff.active_agents_of(name)
        share = ACKNOWLEDGED_SHARE.get(name, 0.6)
        chosen += rng.sample(agents, round(len(agents) * share))
    elected = [p for p in staff.elected if p.kind == PersonKind.ELECTED and p.is_active]
    chosen += rng.sample(elected, round(len(elected) * ELECTED_SHARE))
    span = (min(until, campaign.ends_on) - campaign.starts_on).days
    by_day: dict[date, list] = {}
    for person in chosen:
        by_day.setdefault(campaign.starts_on + timedelta(days=rng.randint(0, span)), []).append(person)
    for day in sorted(by_day):
        acknowledgement_record(campaign=campaign, people=by_day[day], acknowledged_on=day, acting_user=None)
