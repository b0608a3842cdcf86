"""E-mail reminders, sent with Django's e-mail settings by `gouvernail remind` or the worker.

- a contract's notice deadline at D-90 and at D-30, to the organisation's administrators and
  référents SI (contracts have no internal owner);
- once a week, each action owner's overdue actions, if the owner's person record is linked to
  a user account (`Membership.person`);
- « le dossier de COPIL est prêt », called by the pack generation (`copil_pack_ready`).

Each reminder is written to `ReminderLog` in the same transaction as its sending; the log's
unique constraint (kind × object × due date × recipient) is what keeps a rerun, or two workers,
from sending it twice. Logs name kinds and counts, never addresses.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.formatting import display
from gouvernail.core.models import Membership, Organisation
from gouvernail.reports.choices import ReminderKind
from gouvernail.reports.models import ReminderLog, ReminderPreference
from gouvernail.steering.models import ActionItem
from gouvernail.vendors.models import Contract

__all__ = ("NOTICE_STEPS", "Reminder", "copil_pack_ready", "reminders_due", "reminders_send_due")

logger = logging.getLogger("gouvernail.reminders")

# (days before the notice deadline, kind): the nearest step wins, so a contract discovered late
# gets its D-30 reminder and not a stale D-90 one.
NOTICE_STEPS = ((30, ReminderKind.CONTRACT_NOTICE_30), (90, ReminderKind.CONTRACT_NOTICE_90))
NOTICE_ROLES = (Role.ADMIN, Role.REFERENT_SI)
PREFERENCE_FIELD = {
    ReminderKind.CONTRACT_NOTICE_90: "contract_notices",
    ReminderKind.CONTRACT_NOTICE_30: "contract_notices",
    ReminderKind.OVERDUE_ACTIONS: "overdue_actions",
    ReminderKind.COPIL_PACK: "copil_pack",
}


@dataclass(frozen=True)
class Item:
    """One reminded object within an e-mail: its log key, its due date, its line of text."""

    kind: str
    object_key: str
    due_date: date
    line: str


@dataclass
class Reminder:
    """One e-mail to one recipient, about one or several items of one organisation."""

    organisation: Organisation
    recipient: str
    subject: str
    intro: str
    items: list[Item] = field(default_factory=list)

    @property
    def body(self) -> str:
        lines = [self.intro, ""] + [f"- {item.line}" for item in self.items]
        lines += [
            "",
            f"Vous recevez ce message parce que vous êtes habilité(e) dans {self.organisation} sur Gouvernail.",
            "Choisissez les rappels que vous recevez depuis la page « Mes agendas et rappels ».",
        ]
        return "\n".join(lines)


def _wants(user_id: int, organisation_id: int, kind: str, preferences: dict) -> bool:
    preference = preferences.get((organisation_id, user_id))
    return True if preference is None else getattr(preference, PREFERENCE_FIELD[kind])


def _preferences(organisation_ids) -> dict:
    rows = ReminderPreference.objects.filter(organisation_id__in=organisation_ids)
    return {(p.organisation_id, p.user_id): p for p in rows}


def _recipients(memberships, kind: str, preferences: dict) -> list[Membership]:
    return [
        m
        for m in memberships
        if m.user.is_active and m.user.email and _wants(m.user_id, m.organisation_id, kind, preferences)
    ]


def _already_sent(reminders: list[Reminder]) -> set[tuple]:
    keys = {item.object_key for reminder in reminders for item in reminder.items}
    rows = ReminderLog.objects.filter(object_key__in=keys).values_list("kind", "object_key", "due_date", "recipient")
    return set(rows)


def _contract_reminders(today: date, preferences: dict, memberships: dict) -> list[Reminder]:
    horizon = today + timedelta(days=max(days for days, _ in NOTICE_STEPS))
    contracts = Contract.objects.filter(notice_deadline__gte=today, notice_deadline__lte=horizon).select_related(
        "vendor", "organisation"
    )
    by_recipient: dict[tuple[int, str], Reminder] = {}
    for contract in contracts.order_by("notice_deadline", "reference"):
        days_left = (contract.notice_deadline - today).days
        kind = next(kind for days, kind in NOTICE_STEPS if days_left <= days)
        item = Item(
            kind,
            f"vendors.contract:{contract.pk}",
            contract.notice_deadline,
            f"{contract.reference} — {contract.subject} ({contract.vendor}) : dénonciation au plus tard le "
            f"{display(contract.notice_deadline)}, dans {days_left} jour(s) ; "
            f"fin du contrat le {display(contract.end_date)}.",
        )
        admins = [m for m in memberships.get(contract.organisation_id, []) if m.role in NOTICE_ROLES]
        for membership in _recipients(admins, kind, preferences):
            key = (contract.organisation_id, membership.user.email)
            reminder = by_recipient.setdefault(
                key,
                Reminder(
                    contract.organisation,
                    membership.user.email,
                    f"[Gouvernail] Préavis de contrat à anticiper — {contract.organisation}",
                    "Les contrats suivants arrivent à leur date limite de dénonciation :",
                ),
            )
            reminder.items.append(item)
    return list(by_recipient.values())


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _overdue_action_reminders(today: date, preferences: dict, memberships: dict) -> list[Reminder]:
    kind = ReminderKind.OVERDUE_ACTIONS
    monday = week_start(today)
    by_person = defaultdict(list)
    actions = ActionItem.objects.overdue(today).filter(owner_person__isnull=False).order_by("number")
    for action in actions:
        by_person[(action.organisation_id, action.owner_person_id)].append(action)
    reminders = []
    for (organisation_id, person_id), owned in by_person.items():
        linked = [m for m in memberships.get(organisation_id, []) if m.person_id == person_id]
        for membership in _recipients(linked, kind, preferences):
            reminder = Reminder(
                membership.organisation,
                membership.user.email,
                f"[Gouvernail] Vos actions en retard — {membership.organisation}",
                f"Semaine du {display(monday)} : les actions du plan dont vous êtes porteur ont dépassé leur échéance.",
            )
            # One log line per owner and week: the e-mail lists every overdue action of the owner.
            lines = [f"{a} — échéance {display(a.due_date)}, statut : {a.get_status_display()}" for a in owned]
            reminder.items.append(Item(kind, f"steering.actionitem:owner-{person_id}", monday, lines[0]))
            reminder.items.extend(Item("", "", monday, line) for line in lines[1:])
            reminders.append(reminder)
    return reminders


def reminders_due(*, now: datetime | None = None) -> list[Reminder]:
    """Every reminder due at `now` that was not sent yet (items already sent are dropped)."""
    today = timezone.localdate(now or timezone.now())
    memberships = defaultdict(list)
    for membership in Membership.objects.select_related("user", "organisation"):
        memberships[membership.organisation_id].append(membership)
    preferences = _preferences(memberships.keys())
    reminders = _contract_reminders(today, preferences, memberships) + _overdue_action_reminders(
        today, preferences, memberships
    )
    sent = _already_sent(reminders)
    due = []
    for reminder in reminders:
        logged = [i for i in reminder.items if i.kind]
        fresh = [i for i in logged if (i.kind, i.object_key, i.due_date, reminder.recipient) not in sent]
        if not fresh:
            continue
        if len(fresh) < len(logged):  # a contract list: keep only what was not announced yet
            reminder.items = fresh
        due.append(reminder)
    return due


def _send(reminder: Reminder, *, now: datetime, connection) -> bool:
    """Logs then sends one e-mail, atomically: False if another run logged it first."""
    try:
        with transaction.atomic():
            for item in reminder.items:
                if item.kind:
                    ReminderLog.objects.create(
                        organisation=reminder.organisation,
                        kind=item.kind,
                        object_key=item.object_key,
                        due_date=item.due_date,
                        recipient=reminder.recipient,
                        sent_at=now,
                    )
            message = EmailMessage(
                reminder.subject,
                reminder.body,
                settings.DEFAULT_FROM_EMAIL,
                [reminder.recipient],
                connection=connection,
            )
            message.send()
    except IntegrityError:
        return False
    return True


def reminders_send_due(*, now: datetime | None = None, dry_run: bool = False) -> list[Reminder]:
    """Sends every due reminder once; returns those sent (or that would be, with `dry_run`).

    The worker calls this function; `gouvernail remind` too.
    """
    now = now or timezone.now()
    due = reminders_due(now=now)
    if dry_run:
        return due
    sent = []
    with get_connection() as connection:
        for reminder in due:
            if _send(reminder, now=now, connection=connection):
                sent.append(reminder)
    logger.info("Rappels envoyés : %d e-mail(s).", len(sent))
    return sent


def copil_pack_ready(*, meeting, now: datetime | None = None, document_label: str = "dossier de COPIL") -> int:
    """Tells the organisation's readers (not Prestataires) that the pack of `meeting` is ready.

    For the COPIL pack generation to call once its file is archived; returns the e-mails sent.
    """
    now = now or timezone.now()
    kind = ReminderKind.COPIL_PACK
    organisation = meeting.organisation
    memberships = Membership.objects.filter(organisation=organisation).exclude(role=Role.PRESTATAIRE)
    preferences = _preferences([organisation.pk])
    count = 0
    with get_connection() as connection:
        for membership in _recipients(memberships.select_related("user"), kind, preferences):
            reminder = Reminder(
                organisation,
                membership.user.email,
                f"[Gouvernail] Le {document_label} est prêt — {meeting.committee} du {display(meeting.date)}",
                f"Le {document_label} de la réunion « {meeting} » du {display(meeting.date)} est disponible "
                "sur la page de la réunion.",
                [Item(kind, f"governance.meeting:{meeting.pk}", meeting.date, str(meeting))],
            )
            count += _send(reminder, now=now, connection=connection)
    return count
