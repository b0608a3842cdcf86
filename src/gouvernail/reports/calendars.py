"""Private iCal feeds: the meetings and deadlines a user may read, for Outlook, Thunderbird or
Nextcloud Calendar.

The feed holds what the token's membership may read and nothing else: every row goes through
its model's `visible_to` (a Prestataire sees only its own vendor's contracts). Each event's UID
is derived from the row (kind + primary key + organisation), so a calendar client updates the
event when the date moves instead of adding a second one.
"""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import Membership
from gouvernail.governance.models import Decision, DecisionAct, Meeting
from gouvernail.reports.choices import CalendarCategory
from gouvernail.reports.models import CalendarToken
from gouvernail.steering.models import ActionItem
from gouvernail.vendors.models import Contract

__all__ = ("calendar_feed", "calendar_token_regenerate", "calendar_token_revoke", "membership_for_token")

UID_DOMAIN = "gouvernail"


def membership_for_token(token: str) -> tuple[CalendarToken, Membership] | None:
    """The active token and the membership it reads as; None for an unknown, revoked or orphan token."""
    calendar = CalendarToken.objects.active().select_related("organisation", "user").filter(token=token).first()
    if calendar is None or not calendar.user.is_active:
        return None
    membership = Membership.objects.filter(organisation=calendar.organisation, user=calendar.user).first()
    if membership is None:  # the user left the organisation: the feed dies with the membership
        return None
    return calendar, membership


@transaction.atomic
def calendar_token_regenerate(*, membership: Membership) -> CalendarToken:
    """A new secret URL for the user; the previous one (if any) stops working, its choices carry over."""
    previous = (
        CalendarToken.objects.select_for_update()
        .active()
        .filter(organisation_id=membership.organisation_id, user_id=membership.user_id)
        .first()
    )
    choices = {}
    if previous is not None:
        choices = {name: getattr(previous, name) for name in CATEGORY_FIELDS.values()}
        previous.revoked = timezone.now()
        previous.save(update_fields=["revoked"])
    return CalendarToken.objects.create(
        organisation_id=membership.organisation_id, user_id=membership.user_id, **choices
    )


def calendar_token_revoke(*, membership: Membership) -> int:
    return (
        CalendarToken.objects.active()
        .filter(organisation_id=membership.organisation_id, user_id=membership.user_id)
        .update(revoked=timezone.now())
    )


CATEGORY_FIELDS = {
    CalendarCategory.MEETINGS: "include_meetings",
    CalendarCategory.DECISIONS: "include_decisions",
    CalendarCategory.ACTIONS: "include_actions",
    CalendarCategory.CONTRACTS: "include_contracts",
}


def _uid(kind: str, pk: int, organisation_id: int) -> str:
    return f"{kind}-{pk}-org{organisation_id}@{UID_DOMAIN}"


def _all_day(event, day: date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))


def calendar_feed(calendar: CalendarToken, membership: Membership, *, now: datetime | None = None) -> bytes:
    """The VCALENDAR of the categories the user chose, limited to what the membership may read."""
    from icalendar import Calendar, Event

    now = now or timezone.now()
    stamp = now.astimezone(UTC)
    organisation = calendar.organisation
    feed = Calendar()
    feed.add("prodid", "-//Gouvernail//Agenda de gouvernance SI//FR")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"Gouvernail — {organisation}")
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    categories = calendar.categories

    def event(kind: str, pk: int, summary: str, description: str = "") -> "Event":
        item = Event()
        item.add("uid", _uid(kind, pk, organisation.pk))
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        if description:
            item.add("description", description)
        feed.add_component(item)
        return item

    if CalendarCategory.MEETINGS in categories:
        meetings = Meeting.objects.visible_to(membership).select_related("committee")
        for meeting in meetings:
            item = event("reunion", meeting.pk, f"{meeting.committee} — {meeting.title}")
            if meeting.start_time:
                start = timezone.make_aware(datetime.combine(meeting.date, meeting.start_time))
                item.add("dtstart", start)
                item.add("dtend", start + timedelta(hours=2))
            else:
                _all_day(item, meeting.date)
            if meeting.place:
                item.add("location", meeting.place)
    if CalendarCategory.DECISIONS in categories:
        decisions = Decision.objects.visible_to(membership).pending().filter(needed_by__isnull=False)
        for decision in decisions:
            item = event("decision", decision.pk, f"Décision à prendre : {decision.question}")
            _all_day(item, decision.needed_by)
        # The acts that give decisions legal force: adoption, transmission to the prefecture, publication.
        for act in DecisionAct.objects.visible_to(membership):
            for kind, day, label in (
                ("acte-adoption", act.adopted_on, "adoption"),
                ("acte-transmission", act.transmitted_on, "transmission en préfecture"),
                ("acte-publication", act.published_on, "publication"),
            ):
                if day is not None:
                    _all_day(event(kind, act.pk, f"{act} — {label}", act.title), day)
    if CalendarCategory.ACTIONS in categories:
        actions = ActionItem.objects.visible_to(membership).open().filter(due_date__isnull=False)
        for action in actions.select_related("owner_person", "owner_vendor"):
            owner = action.owner
            item = event(
                "action",
                action.pk,
                f"Échéance de l'action {action}",
                f"Porteur : {owner}" if owner is not None else "",
            )
            _all_day(item, action.due_date)
    if CalendarCategory.CONTRACTS in categories:
        contracts = Contract.objects.visible_to(membership).filter(notice_deadline__isnull=False)
        for contract in contracts.select_related("vendor"):
            item = event(
                "contrat",
                contract.pk,
                f"Date limite de dénonciation : {contract.reference} ({contract.vendor})",
                contract.subject,
            )
            _all_day(item, contract.notice_deadline)
    # Timed meetings carry TZID=Europe/Paris: Outlook needs the matching VTIMEZONE in the feed.
    feed.add_missing_timezones()
    return feed.to_ical()
