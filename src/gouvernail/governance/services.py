"""Writes of the governance domain: recording a decision into the tamper-evident register, the
steps of a framework document's version, acknowledgements, and the RACI matrix."""

import base64
import logging
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import Membership, Organisation, Person, User
from gouvernail.core.services import save_as
from gouvernail.governance import signing, timestamping
from gouvernail.governance.choices import (
    CHOOSING_STATUSES,
    RECORDED_STATUSES,
    CheckpointReason,
    DecisionStatus,
    MeetingStatus,
    Responsibility,
    VersionStatus,
)
from gouvernail.governance.models import (
    NOT_A_DRAFT_MESSAGE,
    Acknowledgement,
    AcknowledgementCampaign,
    AgendaItem,
    Decision,
    DecisionOption,
    FrameworkDocumentVersion,
    GovernanceEvent,
    LockedVersionError,
    Meeting,
    RaciAssignment,
    RecordedDecisionError,
    RegisterCheckpoint,
    Role,
)
from gouvernail.steering.models import ActionItem, RoadmapAxis
from gouvernail.steering.services import action_save

logger = logging.getLogger(__name__)


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, acting_user: User | None) -> AgendaItem:
    """Saves an agenda item; a decision still « à instruire » put on the agenda becomes « inscrite »."""
    save_as(item, acting_user)
    decision = item.decision
    if decision is not None and decision.status == DecisionStatus.TO_PREPARE and not decision.is_recorded:
        decision.status = DecisionStatus.ON_AGENDA
        decision.row_version += 1
        save_as(decision, acting_user)
    return item


@transaction.atomic
def decision_record(
    *,
    decision: Decision,
    outcome: str,
    chosen_option: DecisionOption | None = None,
    rationale: str,
    vote_for: int | None = None,
    vote_against: int | None = None,
    vote_abstain: int | None = None,
    consensus: bool = False,
    decided_on: date,
    meeting=None,
    deciders=(),
    follow_up_actions=(),
    adopted_resolutions=None,
    acting_user: User | None,
    checkpoint: bool = True,
) -> Decision:
    """Records the outcome of a decision and chains it into the organisation's register.

    `follow_up_actions` are action titles (new actions of the plan) or existing `ActionItem`s;
    both are linked to the decision. `adopted_resolutions` are the numbers of the resolutions
    adopted (by default all of them when the decision is adopted or amended, none otherwise);
    each resolution is then frozen with its outcome. Refuses a decision already recorded.
    `checkpoint=False` leaves the signed checkpoint to the caller (an import of the history signs
    one for all its decisions).
    """
    # One recording at a time per organisation: the register's sequence and chain stay linear.
    Organisation.objects.select_for_update().filter(pk=decision.organisation_id).first()
    if Decision.objects.filter(pk=decision.pk, sequence__isnull=False).exists():
        raise RecordedDecisionError()
    errors = {}
    if outcome not in RECORDED_STATUSES:
        errors["outcome"] = "Choisissez l'issue : adoptée, rejetée, ajournée ou amendée."
    if outcome in CHOOSING_STATUSES and chosen_option is None:
        errors["chosen_option"] = "Une décision adoptée ou amendée doit indiquer l'option retenue."
    if chosen_option is not None and chosen_option.decision_id != decision.pk:
        errors["chosen_option"] = "L'option retenue n'est pas une option de cette décision."
    if not (rationale or "").strip():
        errors["rationale"] = "Indiquez la motivation de la décision."
    if not consensus and vote_for is None and outcome in RECORDED_STATUSES - {DecisionStatus.POSTPONED}:
        errors["vote_for"] = "Indiquez le vote (pour, contre, abstentions) ou cochez « par consensus »."
    if consensus and any(v is not None for v in (vote_for, vote_against, vote_abstain)):
        errors["consensus"] = "Une décision est prise par consensus ou par un vote, pas les deux."
    if meeting is not None and meeting.organisation_id != decision.organisation_id:
        errors["meeting"] = "Cette réunion n'appartient pas à l'organisation."
    resolutions = list(decision.resolutions.all())
    if adopted_resolutions is None:
        adopted_resolutions = {r.position for r in resolutions} if outcome in CHOOSING_STATUSES else set()
    adopted_resolutions = set(adopted_resolutions)
    unknown = adopted_resolutions - {r.position for r in resolutions}
    if unknown:
        numbers = ", ".join(str(n) for n in sorted(unknown))
        errors["adopted_resolutions"] = f"Résolution(s) inconnue(s) pour cette décision : n° {numbers}."
    if errors:
        raise ValidationError(errors)

    for resolution in resolutions:
        resolution.adopted = resolution.position in adopted_resolutions
        resolution.row_version += 1
        save_as(resolution, acting_user)
    decision.deciders.set(deciders)
    previous = (
        Decision.objects.filter(organisation_id=decision.organisation_id).recorded().order_by("-sequence").first()
    )
    decision.status = outcome
    decision.chosen_option = chosen_option
    decision.rationale = rationale.strip()
    decision.vote_for, decision.vote_against, decision.vote_abstain = vote_for, vote_against, vote_abstain
    decision.consensus = consensus
    decision.decided_on = decided_on
    decision.meeting = meeting
    decision.recorded_at = timezone.now()
    decision.recorded_by = acting_user
    decision.sequence = (previous.sequence + 1) if previous else 1
    decision.previous_hash = previous.content_hash if previous else ""
    decision.content_hash = decision.compute_hash()
    decision.row_version += 1
    save_as(decision, acting_user)

    next_number = (
        ActionItem.objects.filter(organisation_id=decision.organisation_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )
    for follow_up in follow_up_actions:
        if isinstance(follow_up, str):
            next_number += 1
            follow_up = action_save(
                action=ActionItem(
                    organisation_id=decision.organisation_id,
                    number=next_number,
                    title=follow_up,
                    description=f"Suite de la décision D{decision.sequence} : {decision.question}",
                ),
                previous_status="",
                comment=f"Créée par la décision D{decision.sequence}.",
                acting_user=acting_user,
            )
        decision.follow_up_actions.add(follow_up)
    if checkpoint:
        checkpoint_issue(
            organisation=decision.organisation,
            reason=CheckpointReason.DECISION,
            decision=decision,
            acting_user=acting_user,
        )
    return decision


@transaction.atomic
def governance_event_plan_meeting(*, event: GovernanceEvent, acting_user: User | None) -> Meeting:
    """Plans the meeting of a roll-out step or review: on its date, for its committee, with the
    event's agenda template as agenda. Refuses an event that already has its meeting."""
    event = GovernanceEvent.objects.select_for_update().select_related("committee").get(pk=event.pk)
    if event.meeting_id is not None:
        raise ValidationError(f"La réunion de « {event} » est déjà planifiée : {event.meeting}.")
    meeting = save_as(
        Meeting(
            organisation_id=event.organisation_id,
            committee=event.committee,
            title=event.title,
            date=event.planned_on,
            is_approximate=event.is_approximate,
        ),
        acting_user,
    )
    for position, line in enumerate(event.agenda_lines(), start=1):
        save_as(
            AgendaItem(organisation_id=event.organisation_id, meeting=meeting, position=position, title=line),
            acting_user,
        )
    event.meeting = meeting
    event.row_version += 1
    save_as(event, acting_user)
    return meeting


@transaction.atomic
def meeting_save(*, meeting: Meeting, previous_status: str | None, acting_user: User | None) -> Meeting:
    """Saves a meeting; one that becomes « tenue » closes with a signed checkpoint of the register,
    printed in its relevé de décisions."""
    save_as(meeting, acting_user)
    if meeting.status == MeetingStatus.HELD and previous_status != MeetingStatus.HELD:
        checkpoint_issue(
            organisation=meeting.organisation, reason=CheckpointReason.MEETING, meeting=meeting, acting_user=acting_user
        )
    return meeting


@transaction.atomic
def checkpoint_issue(
    *,
    organisation: Organisation,
    reason: str,
    decision: Decision | None = None,
    meeting: Meeting | None = None,
    acting_user: User | None,
    require_key: bool = False,
) -> RegisterCheckpoint | None:
    """Signs the register's current state (size, Merkle root, chain head) with the organisation's
    key and stores the checkpoint. Without a key (none created yet) there is nothing to sign:
    returns None, or refuses in French when `require_key`."""
    from gouvernail.governance import register  # reads models and the verifier; imported late

    key = signing.load_key(organisation)
    if key is None:
        if require_key:
            raise ValidationError(
                f"L'organisation {organisation.slug} n'a pas encore de clé de signature du registre : "
                f"lancez « gouvernail register-key --org {organisation.slug} »."
            )
        return None
    # Serialises with decision_record: the signed state is the one that is stored.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    state = register.register_state(organisation)
    issued_at = timezone.now().replace(microsecond=0)
    statement = register.statement_for(organisation, state, issued_at, signing.key_id_of(key))
    signature, key_id, public_key = signing.sign(key, statement)
    checkpoint = RegisterCheckpoint(
        organisation=organisation,
        reason=reason,
        decision=decision,
        meeting=meeting,
        issued_at=issued_at,
        statement=statement,
        signature=signature,
        key_id=key_id,
        public_key=public_key,
        **state,
    )
    save_as(checkpoint, acting_user)
    if timestamping.tsa_url():
        # After the commit: the authority is a remote call, outside the register's lock.
        transaction.on_commit(lambda: _timestamp_quietly(checkpoint.pk))
    return checkpoint


def checkpoint_timestamp(*, checkpoint: RegisterCheckpoint, acting_user: User | None) -> RegisterCheckpoint:
    """Adds an RFC 3161 timestamp to a checkpoint that has none (raises TimestampError)."""
    if checkpoint.timestamp_token:
        return checkpoint
    token = timestamping.timestamp(checkpoint.statement.encode("utf-8"))
    with transaction.atomic():
        stored = RegisterCheckpoint.objects.select_for_update().get(pk=checkpoint.pk)
        if not stored.timestamp_token:
            stored.timestamp_token = base64.b64encode(token).decode("ascii")
            stored.row_version += 1
            save_as(stored, acting_user)
    return stored


def _timestamp_quietly(checkpoint_pk: int) -> None:
    """A timestamp is an extra: the authority being down must not fail the decision just recorded
    (`gouvernail register-key` lists the checkpoints still without one)."""
    try:
        checkpoint_timestamp(checkpoint=RegisterCheckpoint.objects.get(pk=checkpoint_pk), acting_user=None)
    except timestamping.TimestampError as error:
        logger.warning("Point de contrôle %s non horodaté : %s", checkpoint_pk, error)


#
# Framework documents: drafted → submitted → approved (by a decision) → published
#


@transaction.atomic
def document_version_save(*, version: FrameworkDocumentVersion, acting_user: User | None) -> FrameworkDocumentVersion:
    """Creates or edits a draft; a version that has left the draft state is refused."""
    if version.pk is not None and version.stored_status() != VersionStatus.DRAFTED:
        raise LockedVersionError(NOT_A_DRAFT_MESSAGE)
    if version.pk is None:
        version.status = VersionStatus.DRAFTED
        version.drafted_by = acting_user
    return save_as(version, acting_user)


def _locked_version(version: FrameworkDocumentVersion) -> FrameworkDocumentVersion:
    """The stored row, locked until the end of the transaction: two clicks make one transition."""
    return FrameworkDocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)


def _move(version: FrameworkDocumentVersion, acting_user: User | None, **fields) -> FrameworkDocumentVersion:
    for name, value in fields.items():
        setattr(version, name, value)
    version.row_version += 1
    version._transition = True
    try:
        save_as(version, acting_user)
    finally:
        version._transition = False
    return version


def _moment(when: datetime | None) -> datetime:
    """When a step happened: now, or earlier when a past step is recorded afterwards (an existing
    charte brought into Gouvernail); never in the future."""
    if when is None:
        return timezone.now()
    if when > timezone.now():
        raise ValidationError("La date d'une étape ne peut pas être dans le futur.")
    return when


def _status_label(status: str) -> str:
    return VersionStatus(status).label.lower()


@transaction.atomic
def document_version_submit(
    *, version: FrameworkDocumentVersion, acting_user: User | None, when: datetime | None = None
) -> FrameworkDocumentVersion:
    """Submits a draft for approval: from now on its content is frozen."""
    stored = _locked_version(version)
    if stored.status != VersionStatus.DRAFTED:
        raise ValidationError(
            f"Seul un brouillon peut être soumis à approbation : la version {stored.number} est "
            f"« {_status_label(stored.status)} »."
        )
    return _move(
        stored, acting_user, status=VersionStatus.SUBMITTED, submitted_at=_moment(when), submitted_by=acting_user
    )


@transaction.atomic
def document_version_approve(
    *,
    version: FrameworkDocumentVersion,
    decision: Decision | None,
    acting_user: User | None,
    when: datetime | None = None,
) -> FrameworkDocumentVersion:
    """Approves a submitted version by a decision recorded in the register with the outcome « adoptée »."""
    stored = _locked_version(version)
    if stored.status != VersionStatus.SUBMITTED:
        raise ValidationError(
            f"Seule une version soumise peut être approuvée : la version {stored.number} est "
            f"« {_status_label(stored.status)} »."
        )
    if decision is None:
        raise ValidationError({"decision": "L'approbation d'une version s'appuie sur une décision du registre."})
    # The decision as stored, not as the caller holds it.
    decision = Decision.objects.filter(pk=decision.pk).first()
    if decision is None or decision.organisation_id != stored.organisation_id:
        raise ValidationError({"decision": "Cette décision n'appartient pas à l'organisation."})
    if not decision.is_recorded:
        raise ValidationError(
            {
                "decision": f"La décision « {decision.question} » n'est pas enregistrée au registre : "
                "enregistrez-la avant d'approuver la version."
            }
        )
    if decision.status != DecisionStatus.ADOPTED:
        raise ValidationError(
            {
                "decision": f"La décision D{decision.sequence} n'a pas été adoptée (issue : "
                f"{decision.get_status_display().lower()}) : elle ne peut pas approuver la version."
            }
        )
    return _move(
        stored,
        acting_user,
        status=VersionStatus.APPROVED,
        decision=decision,
        approved_at=_moment(when),
        approved_by=acting_user,
    )


@transaction.atomic
def document_version_publish(
    *, version: FrameworkDocumentVersion, acting_user: User | None, when: datetime | None = None
) -> FrameworkDocumentVersion:
    """Publishes an approved version (agents can then be asked to acknowledge it)."""
    stored = _locked_version(version)
    if stored.status == VersionStatus.PUBLISHED:
        raise ValidationError(f"La version {stored.number} est déjà publiée.")
    if stored.status != VersionStatus.APPROVED:
        raise ValidationError(
            f"Seule une version approuvée par une décision peut être publiée : la version {stored.number} est "
            f"« {_status_label(stored.status)} »."
        )
    return _move(
        stored, acting_user, status=VersionStatus.PUBLISHED, published_at=_moment(when), published_by=acting_user
    )


#
# Acknowledgements
#


@transaction.atomic
def acknowledgement_record(
    *,
    campaign: AcknowledgementCampaign,
    people,
    acknowledged_on: date,
    self_declared: bool = False,
    acting_user: User | None,
) -> list[Acknowledgement]:
    """Records that `people` acknowledged the campaign's version on `acknowledged_on`.

    A person who already acknowledged is skipped (one acknowledgement per person and campaign);
    a person the campaign does not target is refused, naming them. Returns the new rows.
    """
    # Serialises recordings of one campaign, so a double submission cannot race the unique check.
    AcknowledgementCampaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if acknowledged_on < campaign.starts_on:
        raise ValidationError(
            {
                "acknowledged_on": f"La date ({acknowledged_on:%d/%m/%Y}) précède le début de la campagne "
                f"({campaign.starts_on:%d/%m/%Y})."
            }
        )
    if acknowledged_on > timezone.localdate():
        raise ValidationError({"acknowledged_on": "La date de prise de connaissance ne peut pas être dans le futur."})
    people = list(people)
    targeted = set(campaign.targeted_people().filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outside = sorted(str(p) for p in people if p.pk not in targeted)
    if outside:
        raise ValidationError(f"Ces personnes ne sont pas visées par la campagne : {', '.join(outside)}.")
    done = set(Acknowledgement.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    created = []
    for person in people:
        if person.pk in done:
            continue
        done.add(person.pk)
        acknowledgement = Acknowledgement(
            organisation_id=campaign.organisation_id,
            campaign=campaign,
            person=person,
            acknowledged_on=acknowledged_on,
            self_declared=self_declared,
            recorded_by=acting_user,
        )
        created.append(save_as(acknowledgement, acting_user))
    return created


def acknowledgement_self(*, campaign: AcknowledgementCampaign, membership: Membership) -> Acknowledgement:
    """A logged-in user acknowledges for themself, through the person record their account is linked to."""
    person: Person | None = membership.person
    if person is None:
        raise ValidationError("Votre compte n'est relié à aucune fiche personne : demandez au référent SI de le faire.")
    today = timezone.localdate()
    if not campaign.is_open_on(today):
        raise ValidationError(
            f"La campagne est ouverte du {campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y}."
        )
    if Acknowledgement.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError("Vous avez déjà pris connaissance de ce document pour cette campagne.")
    created = acknowledgement_record(
        campaign=campaign, people=[person], acknowledged_on=today, self_declared=True, acting_user=membership.user
    )
    return created[0]


#
# The RACI matrix
#

ACCOUNTABLE = frozenset({Responsibility.ACCOUNTABLE, Responsibility.BOTH})


@transaction.atomic
def raci_matrix_save(*, organisation: Organisation, cells: dict[tuple[int, int], str], acting_user) -> int:
    """Writes the matrix's cells, {(axis id, role id): "R" | "A" | "AR" | "C" | "I" | ""} ("" empties
    the cell). Every cell is checked first: an unknown letter, a domain or role of another
    organisation, or two roles answering for the same domain (one A per row) is refused in French,
    naming the domain, and nothing is written. A cell changed by hand is no longer illustrative.
    Returns how many cells changed."""
    axes = {axis.pk: axis for axis in RoadmapAxis.objects.filter(organisation=organisation)}
    roles = {role.pk: role for role in Role.objects.filter(organisation=organisation)}
    existing = {(cell.axis_id, cell.role_id): cell for cell in RaciAssignment.objects.filter(organisation=organisation)}
    wanted = {key: cell.responsibility for key, cell in existing.items()}
    for (axis_id, role_id), value in cells.items():
        if axis_id not in axes or role_id not in roles:
            raise ValidationError("Un domaine ou un rôle de la matrice n'appartient pas à l'organisation.")
        if value and value not in Responsibility.values:
            raise ValidationError(
                f"« {value} » n'est pas une responsabilité (R, A, A/R, C ou I) : domaine « {axes[axis_id]} », "
                f"rôle « {roles[role_id]} »."
            )
        wanted[(axis_id, role_id)] = value
    for axis_id, axis in axes.items():
        accountable = [roles[r] for (a, r), value in wanted.items() if a == axis_id and value in ACCOUNTABLE]
        if len(accountable) > 1:
            names = " et ".join(f"« {role} »" for role in accountable)
            raise ValidationError(
                f"Domaine « {axis} » : un seul rôle rend compte (A), pas {names}. Gardez un A et mettez R aux autres."
            )
    changed = 0
    for (axis_id, role_id), value in cells.items():
        cell = existing.get((axis_id, role_id))
        if cell is not None and not value:
            cell._history_user = acting_user
            cell.delete()
            changed += 1
        elif cell is None and value:
            save_as(
                RaciAssignment(
                    organisation=organisation, axis=axes[axis_id], role=roles[role_id], responsibility=value
                ),
                acting_user,
            )
            changed += 1
        elif cell is not None and cell.responsibility != value:
            cell.responsibility = value
            cell.is_illustrative = False
            cell.row_version += 1
            save_as(cell, acting_user)
            changed += 1
    return changed
