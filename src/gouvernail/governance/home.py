"""What the decisions, the register, the committees and the acknowledgements bring to the home
page (core.home)."""

from django.db.models import Exists, OuterRef

from gouvernail.core import home
from gouvernail.core.choices import Role
from gouvernail.governance.choices import CommitteeKind
from gouvernail.governance.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    CommitteeMember,
    Decision,
    Meeting,
    RegisterCheckpoint,
)

DECIDERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.ELU})
SHOWN_DECISIONS = 5


def acknowledgements_due(membership, today):
    """The open campaigns that target the current user's person record and that it has not
    acknowledged yet (none when the account is linked to no person)."""
    person = membership.person
    if person is None or not person.is_active:
        return AcknowledgementCampaign.objects.none()
    kind_field = {"agent": "targets_agents", "elu": "targets_elected"}.get(person.kind)
    if kind_field is None:
        return AcknowledgementCampaign.objects.none()
    return (
        AcknowledgementCampaign.objects.visible_to(membership)
        .filter(starts_on__lte=today, ends_on__gte=today, **{kind_field: True})
        .exclude(Exists(Acknowledgement.objects.filter(campaign=OuterRef("pk"), person=person)))
    )


def _decisions(membership, today) -> dict | None:
    decisions = Decision.objects.visible_to(membership)
    pending = list(
        decisions.pending().order_by("needed_by", "pk").only("pk", "question", "needed_by")[:SHOWN_DECISIONS]
    )
    recorded = list(
        decisions.recorded().order_by("-sequence").only("pk", "question", "sequence", "decided_on")[:SHOWN_DECISIONS]
    )
    if not pending and not recorded:
        return None
    return {"pending": pending, "recorded": recorded}


def _register(membership, today) -> dict | None:
    checkpoint = RegisterCheckpoint.objects.visible_to(membership).order_by("-issued_at", "-pk").first()
    last = Decision.objects.visible_to(membership).recorded().order_by("-sequence").only("pk", "sequence").first()
    return {"checkpoint": checkpoint, "recorded_count": last.sequence if last else 0}


def register() -> None:
    home.register(
        home.Todo(
            "décision à prendre",
            "décisions à prendre",
            "governance:decision_list",
            "governance",
            lambda m, today: Decision.objects.visible_to(m).pending(),
            query="recorded=false",
            date_field="needed_by",
            date_label="la première nécessaire avant le",
            roles=DECIDERS,
            order=30,
        ),
        home.Todo(
            "prise de connaissance à faire",
            "prises de connaissance à faire",
            "governance:acknowledgementcampaign_list",
            "governance",
            acknowledgements_due,
            date_field="ends_on",
            date_label="avant le",
            order=60,
        ),
        home.Panel(
            "decisions",
            "governance/home/decisions.html",
            "governance",
            _decisions,
            roles=frozenset({Role.ADMIN, Role.DIRECTION, Role.ELU}),
            order=30,
        ),
        home.Panel(
            "register",
            "governance/home/register.html",
            "journal",
            _register,
            roles=frozenset({Role.AUDITEUR}),
            order=30,
        ),
        home.FirstStep(
            "Inviter les membres du COPIL",
            "Créez l'instance COPIL et inscrivez-y ses membres (président, élu au numérique, DGS, référent SI).",
            "governance:committee_list",
            "governance",
            lambda org: CommitteeMember.objects.filter(organisation=org, committee__kind=CommitteeKind.COPIL),
            order=30,
        ),
        home.FirstStep(
            "Planifier le premier COPIL",
            "Créez sa réunion, avec sa date et son ordre du jour.",
            "governance:meeting_list",
            "governance",
            lambda org: Meeting.objects.filter(organisation=org, committee__kind=CommitteeKind.COPIL),
            order=40,
        ),
    )
