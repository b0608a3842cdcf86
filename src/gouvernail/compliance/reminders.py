"""Reminders of the incident clocks: an e-mail to the organisation's administrators and référents
SI when a declaration is due within 24 hours, and again once it is overdue. `reminded_at` is
claimed with a conditional update before sending, so a rerun (or two workers) sends it once per
step."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gouvernail.compliance.models import IncidentClock
from gouvernail.core.choices import Role
from gouvernail.core.models import Membership

logger = logging.getLogger("gouvernail.reminders")
HORIZON = timedelta(hours=24)


def clocks_to_remind(now: datetime):
    """Pending clocks due within 24 h never reminded, or overdue and not reminded since the deadline."""
    pending = IncidentClock.objects.pending().select_related("incident", "organisation")
    soon = pending.filter(deadline__lte=now + HORIZON, deadline__gt=now, reminded_at__isnull=True)
    late = pending.filter(deadline__lte=now).exclude(reminded_at__gt=F("deadline"))
    return list(soon) + list(late)


def clock_reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for clock in clocks_to_remind(now):
        with transaction.atomic():
            claimed = IncidentClock.objects.filter(pk=clock.pk, reminded_at=clock.reminded_at).update(reminded_at=now)
            if not claimed:
                continue
            recipients = list(
                Membership.objects.filter(
                    organisation_id=clock.organisation_id, role__in=(Role.ADMIN, Role.REFERENT_SI), user__is_active=True
                )
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
            if not recipients:
                continue
            late = clock.deadline <= now
            when = timezone.localtime(clock.deadline).strftime("%d/%m/%Y à %H:%M")
            subject = f"{'Échéance dépassée' if late else 'Échéance proche'} : {clock.get_kind_display()}"
            body = (
                f"{clock.incident} ({clock.organisation}) : « {clock.get_kind_display()} » "
                f"{'devait être faite' if late else 'est à faire'} avant le {when} (heure de Paris).\n\n"
                "Enregistrez la déclaration sur la fiche de l'incident dans Gouvernail une fois faite."
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            sent += 1
    logger.info("Relances des délais d'incidents : %d e-mail(s).", sent)
    return sent
