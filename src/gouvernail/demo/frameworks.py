"""The framework documents of the demo and the 2026 meetings of the COPIL SI and the COTECH.

From the study: action 4 « Rédiger une charte informatique et la lier au règlement intérieur
(agents et élus) », action 3 (password policy « dans la charte, à valider »), the charte on the
agenda of COPIL #2, « Mise à jour charte informatique » in January–February 2026 on the
roadmap, the COPIL's remit (« validation des documents cadres »), a monthly COPIL in the
structuring phase, a weekly COTECH, and the 13 January 2026 « point d'étape ».
Synthetic: the texts, the meeting dates other than 13 January, the agendas, the campaign and
who acknowledged (about 60 %, unevenly across services, from a fixed random seed).
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gouvernail.core.choices import PersonKind
from gouvernail.core.models import Organisation
from gouvernail.demo.people import Staff
from gouvernail.demo.records import RANDOM_SEED, persist, synthetic_note
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

# The monthly COPIL of 2026: January is the study's « point d'étape »; February is the mission's
# COPIL #4 (already in the seed); then the first Tuesday of each month.
COPIL_CYCLE = (
    ("COPIL SI — janvier 2026", date(2026, 1, 13)),
    ("COPIL SI — mars 2026", date(2026, 3, 3)),
    ("COPIL SI — avril 2026", date(2026, 4, 7)),
    ("COPIL SI — mai 2026", date(2026, 5, 5)),
    ("COPIL SI — juin 2026", date(2026, 6, 2)),
)
# Meetings of the cycle held whatever the reference date is past them; the later ones stay planned.
HELD_UNTIL = date(2026, 3, 31)
COTECH_DATES = (date(2026, 2, 10), date(2026, 2, 17), date(2026, 2, 24), date(2026, 3, 3), date(2026, 3, 10))
COTECH_AGENDA = ("Incidents de la semaine", "Changements planifiés", "Priorités techniques de la semaine")

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


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def build_2026_meetings(
    organisation: Organisation, staff: Staff, copil: Committee, cotech: Committee, reference_date: date
) -> dict[str, Meeting]:
    """The COPIL cycle (January and March held with their agendas, April–June planned) and the COTECH."""
    dgs = staff.lead("Direction générale des services", 0)
    referent = staff.lead("Direction générale des services", 2)
    president, digital = staff.elected[0], staff.elected[1]
    meetings = {}
    for title, day in COPIL_CYCLE:
        held = day <= min(reference_date, HELD_UNTIL)
        meeting = persist(
            Meeting(
                organisation=organisation,
                committee=copil,
                title=title,
                date=day,
                start_time=time(14, 0),
                place="Siège communautaire (Bouloire), salle du conseil",
                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            )
        )
        if held:
            meeting.attendees.set([president, digital, dgs, referent])
        meetings[title] = meeting
    actions = {a.number: a for a in ActionItem.objects.filter(organisation=organisation, number__in=(3, 4))}
    march = meetings["COPIL SI — mars 2026"]
    for meeting, items in (
        (
            meetings["COPIL SI — janvier 2026"],
            (
                ("Point d'étape de la mission d'accompagnement SI", AgendaItemKind.FREE, None),
                ("Rythme du COPIL SI en 2026", AgendaItemKind.FREE, None),
            ),
        ),
        (
            march,
            (
                ("Avancement du plan d'action", AgendaItemKind.FREE, None),
                ("Campagne de prise de connaissance de la charte : taux par service", AgendaItemKind.INDICATOR, None),
                ("Politique de mots de passe", AgendaItemKind.ACTION, actions.get(3)),
            ),
        ),
        (
            meetings["COPIL SI — avril 2026"],
            (
                ("Tableau de bord SI", AgendaItemKind.INDICATOR, None),
                ("Feuille de route 2026", AgendaItemKind.FREE, None),
            ),
        ),
    ):
        for position, (title, kind, action) in enumerate(items, start=1):
            if meeting.title.endswith("janvier 2026") and position == 2:
                position = 3  # the charte's approval is item 2 (build_framework_documents)
            persist(
                AgendaItem(
                    organisation=organisation, meeting=meeting, position=position, title=title, kind=kind, action=action
                )
            )
    for day in COTECH_DATES:
        held = day <= reference_date
        meeting = persist(
            Meeting(
                organisation=organisation,
                committee=cotech,
                title=f"COTECH — semaine du {day:%d/%m/%Y}",
                date=day,
                start_time=time(9, 30),
                place="Visioconférence avec le prestataire",
                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            )
        )
        if held:
            meeting.attendees.set([referent, dgs])
        for position, title in enumerate(COTECH_AGENDA, start=1):
            persist(
                AgendaItem(
                    organisation=organisation,
                    meeting=meeting,
                    position=position,
                    title=title,
                    kind=AgendaItemKind.FREE,
                    minutes=synthetic_note() if held else "",
                )
            )
        meetings[meeting.title] = meeting
    return meetings


def build_framework_documents(
    organisation: Organisation, staff: Staff, copil: Committee, january: Meeting, reference_date: date
) -> dict:
    """The charte informatique v1, approved at the January COPIL and published, with its campaign;
    the password policy v1, submitted."""
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
    document_version_submit(version=policy, acting_user=None, when=_moment(date(2026, 2, 20)))
    result = {"charter": charter, "version": version, "passwords": passwords, "campaign": None}
    if january.date > reference_date:
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
            needed_by=january.date,
        )
    )
    approve = persist(DecisionOption(organisation=organisation, decision=decision, label="Approuver la version 1"))
    persist(DecisionOption(organisation=organisation, decision=decision, label="Reporter pour une nouvelle relecture"))
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=january,
            position=2,
            title="Charte informatique v1 — approbation",
            kind=AgendaItemKind.DECISION,
            decision=decision,
            action=ActionItem.objects.filter(organisation=organisation, number=4).first(),
            minutes="La charte est approuvée ; publication fin janvier et campagne de prise de connaissance.",
        )
    )
    decision_record(
        decision=decision,
        outcome="adoptee",
        chosen_option=approve,
        rationale="Charte relue par la direction ; elle répond à l'action 4 et sera annexée au règlement intérieur.",
        consensus=True,
        decided_on=january.date,
        meeting=january,
        deciders=[president, digital],
        acting_user=None,
    )
    document_version_submit(version=version, acting_user=None, when=_moment(date(2026, 1, 6)))
    document_version_approve(version=version, decision=decision, acting_user=None, when=_moment(january.date))
    published_on = date(2026, 1, 30)
    if published_on > reference_date:
        return result
    version = document_version_publish(version=version, acting_user=None, when=_moment(published_on))
    result["version"] = version
    campaign = persist(
        AcknowledgementCampaign(
            organisation=organisation,
            version=version,
            title="Charte informatique v1 — prise de connaissance",
            starts_on=date(2026, 2, 2),
            ends_on=date(2026, 3, 31),
            targets_agents=True,
            targets_elected=True,
        )
    )
    result["campaign"] = campaign
    _acknowledge(campaign, staff, min(reference_date, timezone.localdate()))
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
