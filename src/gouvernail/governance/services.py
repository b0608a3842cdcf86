"""Writes of the governance domain: recording a decision into the tamper-evident register."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.governance.choices import CHOOSING_STATUSES, RECORDED_STATUSES, DecisionStatus
from gouvernail.governance.models import AgendaItem, Decision, DecisionOption, RecordedDecisionError
from gouvernail.steering.models import ActionItem
from gouvernail.steering.services import action_save


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
    acting_user: User | None,
) -> Decision:
    """Records the outcome of a decision and chains it into the organisation's register.

    `follow_up_actions` are action titles (new actions of the plan) or existing `ActionItem`s;
    both are linked to the decision. Refuses a decision already recorded.
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
    if errors:
        raise ValidationError(errors)

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
    return decision


@dataclass(frozen=True)
class ChainBreak:
    decision_id: int
    sequence: int | None
    problem: str
    expected: str
    stored: str

    def __str__(self) -> str:
        return (
            f"Décision n° {self.sequence} (ligne {self.decision_id}) : {self.problem} — "
            f"attendu {self.expected or '(vide)'}, enregistré {self.stored or '(vide)'}"
        )


def verify_register(organisation: Organisation) -> list[ChainBreak]:
    """Recomputes every recorded decision's hash and checks each one links to the previous one."""
    breaks = []
    expected_sequence = 1
    previous_hash = ""
    decisions = (
        Decision.objects.filter(organisation=organisation)
        .recorded()
        .order_by("sequence")
        .select_related("chosen_option")
        .prefetch_related("options")
    )
    for decision in decisions:
        if decision.sequence != expected_sequence:
            breaks.append(
                ChainBreak(
                    decision.pk, decision.sequence, "numéro manquant", str(expected_sequence), str(decision.sequence)
                )
            )
        if decision.previous_hash != previous_hash:
            breaks.append(
                ChainBreak(decision.pk, decision.sequence, "chaînage rompu", previous_hash, decision.previous_hash)
            )
        computed = decision.compute_hash()
        if computed != decision.content_hash:
            breaks.append(
                ChainBreak(decision.pk, decision.sequence, "contenu modifié", computed, decision.content_hash)
            )
        expected_sequence = decision.sequence + 1
        previous_hash = decision.content_hash
    return breaks
