"""Imports of the governance domain, through the spreadsheet engine's upsert contract
(`core.upsert`: the same keyword signature, one `Outcome` per row, `dry_run` writes nothing):

- the decisions an authority took before it used the register (« reprise d'historique »),
  each recorded by `services.decision_record`, so the chain stays verifiable;
- the scenario grids of a study (analysis × criterion × scenario, one row per rating).

A preview runs the very writes of the commit inside a transaction it rolls back: it shows what
the commit will do, register numbers included.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gouvernail.core.journal import _request_user, display_value
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.core.upsert import BATCH_SIZE, REF, Outcome, UpsertResult, is_blank, normalise_name
from gouvernail.governance.choices import CheckpointReason, Direction
from gouvernail.governance.models import (
    Decision,
    DecisionOption,
    Meeting,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)
from gouvernail.governance.services import checkpoint_issue, decision_record

__all__ = ("decision_key", "decisions_upsert", "scenarios_upsert")

REQUIRED = "Ce champ est obligatoire."


def _emit(result: UpsertResult, outcome: Outcome, on_outcome: Callable | None) -> None:
    if outcome.action == "rejected":
        result.rejected.append(outcome)
    else:
        setattr(result, outcome.action, getattr(result, outcome.action) + 1)
    if on_outcome is not None:
        on_outcome(outcome)


def _with_reason(instance: models.Model, reason: str) -> models.Model:
    """The journal's entries of this write name the import (simple-history reads it)."""
    instance._change_reason = reason
    return instance


def _validate(instance: models.Model, fields: dict[str, str]) -> dict[str, list[str]]:
    """The model's own checks of `instance`, its errors keyed by the import's columns (`fields`
    maps a model field to the column's field)."""
    excluded = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    try:
        instance.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return {fields.get(name, ""): messages for name, messages in error.message_dict.items()}
    return {}


#
# Decisions already taken (history)
#


def decision_key(question, decided_on) -> tuple | None:
    """What makes a history row the same decision: its normalised question and its date."""
    question = normalise_name(question)
    return (question, decided_on) if question and decided_on else None


# `decision_record`'s error keys → the import's columns.
RECORD_FIELDS = {
    "outcome": "status",
    "chosen_option": "chosen_option",
    "rationale": "rationale",
    "vote_for": "vote_for",
    "consensus": "consensus",
    "meeting": "meeting",
}
# The columns compared with a decision already in the register, with how the journal names them.
COMPARED = (
    ("status", "issue"),
    ("chosen_option", "option retenue"),
    ("rationale", "motivation"),
    ("context", "contexte"),
    ("committee", "instance"),
    ("meeting", "réunion"),
    ("vote_for", "voix pour"),
    ("vote_against", "voix contre"),
    ("vote_abstain", "abstentions"),
    ("consensus", "consensus"),
)


def _stored_value(decision: Decision, name: str):
    if name == "chosen_option":
        return decision.chosen_option.label if decision.chosen_option_id else None
    if name in ("committee", "meeting"):
        return getattr(decision, f"{name}_id")
    return getattr(decision, name)


def _same(name: str, given, stored) -> bool:
    if name in ("chosen_option", "rationale", "context"):
        return normalise_name(given) == normalise_name(stored)
    return given == stored


def decisions_upsert(
    *,
    organisation: Organisation,
    source: str,
    rows: Iterable[dict],
    acting_user: User | None = None,
    run=None,
    reason: str = "",
    dry_run: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch_size: int = BATCH_SIZE,
    **options,
) -> UpsertResult:
    """Records in the register the decisions an authority took before it used Gouvernail, marked
    « reprise d'historique », in the order of their date (the file's order for one date).

    A row is {question, decided_on, status (recorded outcome), chosen_option (the label of the
    option retained: created and chosen), rationale, context, committee, meeting (ids),
    vote_for, vote_against, vote_abstain, consensus}. Each goes through `decision_record`,
    whose rules it follows (an adopted decision names its option, a motivation, a vote or a
    consensus), recorded by `acting_user`; one signed checkpoint closes the import.

    A row naming a decision already in the register (same normalised question, same date) is
    « unchanged » when it says nothing else, rejected when a value differs: a recorded decision
    is immutable, it is amended. `batch_size` is accepted for the contract; the rows are read
    whole, to be sorted by date.
    """
    acting_user = acting_user or _request_user()
    result = UpsertResult()
    rows = [{REF: position, **row} for position, row in enumerate(rows, start=1)]
    # By date, the file's order for one date (a stable sort); an undated row is rejected last.
    rows.sort(key=lambda row: row.get("decided_on") or date.max)
    recorded: dict[tuple, list[Decision]] = defaultdict(list)
    for decision in Decision.objects.filter(organisation=organisation).recorded().select_related("chosen_option"):
        if key := decision_key(decision.question, decision.decided_on):
            recorded[key].append(decision)
    meeting_ids = {row["meeting"] for row in rows if row.get("meeting")}
    meetings = Meeting.objects.filter(organisation=organisation).in_bulk(meeting_ids)
    last = None
    with transaction.atomic():
        for row in rows:
            outcome = _history_row(organisation, row, recorded, meetings, acting_user, reason)
            if outcome.action == "created":
                last = outcome.instance
                recorded[decision_key(last.question, last.decided_on)].append(last)
            _emit(result, outcome, on_outcome)
        if last is not None and not dry_run:
            checkpoint_issue(
                organisation=organisation, reason=CheckpointReason.DECISION, decision=last, acting_user=acting_user
            )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _history_row(organisation, row: dict, recorded: dict, meetings: dict, acting_user, reason: str) -> Outcome:
    ref = row.pop(REF)
    missing = {name: [REQUIRED] for name in ("question", "decided_on") if is_blank(row.get(name))}
    if missing:
        return Outcome(ref, "rejected", errors=missing)
    decided_on = row["decided_on"]
    if decided_on > timezone.localdate():
        return Outcome(ref, "rejected", errors={"decided_on": ["Une décision déjà prise ne peut pas être future."]})
    meeting = meetings.get(row.get("meeting")) if row.get("meeting") else None
    if meeting is not None and not row.get("committee"):
        row["committee"] = meeting.committee_id  # the meeting says which body decided
    existing = recorded.get(decision_key(row["question"], decided_on))
    if existing:
        return _against_register(ref, row, existing)
    try:
        with transaction.atomic():  # a refused row leaves nothing behind
            decision = _record_history(organisation, row, meeting, acting_user, reason)
    except ValidationError as error:
        return Outcome(ref, "rejected", errors=error.message_dict)
    changes = {
        "question": [None, decision.question],
        "décidée le": [None, f"{decided_on:%d/%m/%Y}"],
        "issue": [None, decision.get_status_display()],
        "n° au registre": [None, f"D{decision.sequence}"],
    }
    return Outcome(ref, "created", decision, changes=changes)


def _against_register(ref, row: dict, existing: list[Decision]) -> Outcome:
    """A row naming a recorded decision: unchanged when it agrees with one, else rejected."""
    found = []
    for decision in existing:
        differences = [
            (name, label)
            for name, label in COMPARED
            if not is_blank(row.get(name)) and not _same(name, row[name], _stored_value(decision, name))
        ]
        if not differences:
            return Outcome(ref, "unchanged", decision)
        found.append((decision, differences))
    decision, differences = found[0]
    names = ", ".join(label for _, label in differences)
    message = (
        f"Cette décision est déjà au registre (D{decision.sequence}) et ne se modifie plus ; le fichier en "
        f"diffère ({names}). Pour la changer, créez une décision qui l'amende."
    )
    return Outcome(ref, "rejected", decision, errors={differences[0][0]: [message]})


def _record_history(organisation, row: dict, meeting, acting_user, reason: str) -> Decision:
    decision = _with_reason(
        Decision(
            organisation=organisation,
            question=row["question"],
            context=row.get("context") or "",
            committee_id=row.get("committee") or None,
            is_history=True,
        ),
        reason,
    )
    errors = _validate(decision, {"question": "question", "context": "context"})
    label = (row.get("chosen_option") or "").strip()
    option = None
    if label:
        option = DecisionOption(organisation=organisation, label=label)
        errors |= _validate(option, {"label": "chosen_option"})
    if errors:
        raise ValidationError(errors)
    save_as(decision, acting_user)
    if option is not None:
        option.decision = decision
        save_as(_with_reason(option, reason), acting_user)
    try:
        return decision_record(
            decision=decision,
            outcome=row.get("status") or "",
            chosen_option=option,
            rationale=row.get("rationale") or "",
            vote_for=row.get("vote_for"),
            vote_against=row.get("vote_against"),
            vote_abstain=row.get("vote_abstain"),
            consensus=bool(row.get("consensus")),
            decided_on=row["decided_on"],
            meeting=meeting,
            acting_user=acting_user,
            checkpoint=False,
        )
    except ValidationError as error:
        raise ValidationError(
            {RECORD_FIELDS.get(name, ""): messages for name, messages in error.message_dict.items()}
        ) from None


#
# Scenario grids
#


class _Grids:
    """The organisation's scenario grids, indexed once; kept up to date as rows are written."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.analyses: dict[str, list[ScenarioAnalysis]] = defaultdict(list)
        for analysis in ScenarioAnalysis.objects.filter(organisation=organisation):
            self.analyses[normalise_name(analysis.title)].append(analysis)
        self.criteria = {
            (c.analysis_id, normalise_name(c.name)): c
            for c in ScenarioCriterion.objects.filter(organisation=organisation)
        }
        self.positions: dict[int, int] = defaultdict(int)
        for criterion in self.criteria.values():
            self.positions[criterion.analysis_id] = max(self.positions[criterion.analysis_id], criterion.position)
        self.options = {
            (o.analysis_id, normalise_name(o.code)): o for o in ScenarioOption.objects.filter(organisation=organisation)
        }
        self.ratings = {
            (r.option_id, r.criterion_id): r for r in ScenarioRating.objects.filter(organisation=organisation)
        }
        # (what, key, field) → (row, value): a value the file gives twice must agree with itself.
        self.given: dict[tuple, tuple] = {}


def _conflicts(grids: _Grids, ref, row: dict, keys: dict) -> dict[str, list[str]]:
    """A weight, direction or scenario label the file already gave otherwise, on an earlier row."""
    problems = {}
    for what, name, label in (
        ("criterion", "weight", "Poids"),
        ("criterion", "direction", "Sens"),
        ("scenario", "scenario_label", "Intitulé"),
    ):
        value = row.get(name)
        if is_blank(value):
            continue
        compared = normalise_name(value) if isinstance(value, str) else value
        earlier = grids.given.get((what, keys[what], name))
        if earlier is not None and earlier[1] != compared:
            whose = "du même critère" if what == "criterion" else "du même scénario"
            problems[name] = [f"{label} différent de celui de la ligne {earlier[0]} {whose}."]
    return problems


def _note_given(grids: _Grids, ref, row: dict, keys: dict) -> None:
    for what, name in (("criterion", "weight"), ("criterion", "direction"), ("scenario", "scenario_label")):
        value = row.get(name)
        if not is_blank(value):
            compared = normalise_name(value) if isinstance(value, str) else value
            grids.given.setdefault((what, keys[what], name), (ref, compared))


def _changed(instance: models.Model, values: dict) -> dict:
    """{field: (before, after)} of the values that differ, set on `instance`."""
    changes = {}
    for name, value in values.items():
        if is_blank(value) or getattr(instance, name) == value:
            continue
        changes[name] = (getattr(instance, name), value)
        setattr(instance, name, value)
    return changes


def scenarios_upsert(
    *,
    organisation: Organisation,
    source: str,
    rows: Iterable[dict],
    acting_user: User | None = None,
    run=None,
    reason: str = "",
    dry_run: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch_size: int = BATCH_SIZE,
    **options,
) -> UpsertResult:
    """Creates or updates the organisation's scenario grids from rows in long format, one per
    rating: {analysis (title), criterion (name), weight, direction, scenario (code),
    scenario_label, level, justification}.

    The analysis, criterion and scenario are found by normalised title, name and code, created
    when missing (a new criterion comes last in its analysis, weight 1 unless given); weight,
    direction, label, level and justification given by the row are written (an empty cell
    erases nothing), journaled with `reason`. A weight, direction or label that contradicts an
    earlier row of the file rejects the row, naming the earlier one.
    """
    acting_user = acting_user or _request_user()
    result = UpsertResult()
    with transaction.atomic():
        grids = _Grids(organisation)
        for position, row in enumerate(rows, start=1):
            row = dict(row)
            ref = row.pop(REF, position)
            _emit(result, _grid_row(grids, ref, row, acting_user, reason), on_outcome)
        if dry_run:
            transaction.set_rollback(True)
    return result


CENTS = Decimal("0.01")


def _weight(value: Decimal | None) -> Decimal | None:
    """A weight as the field stores it (« 3 » is 3.00: the journal shows what is stored); one with
    more decimals is left for the field's validation to refuse."""
    try:
        return value.quantize(CENTS) if value is not None and value == value.quantize(CENTS) else value
    except InvalidOperation:  # too large for any weight: the field's validation says so
        return value


def _grid_row(grids: _Grids, ref, row: dict, acting_user, reason: str) -> Outcome:
    row["weight"] = _weight(row.get("weight"))
    missing = {name: [REQUIRED] for name in ("analysis", "criterion", "scenario", "level") if is_blank(row.get(name))}
    if missing:
        return Outcome(ref, "rejected", errors=missing)
    title_key = normalise_name(row["analysis"])
    keys = {
        "criterion": (title_key, normalise_name(row["criterion"])),
        "scenario": (title_key, normalise_name(row["scenario"])),
    }
    if problems := _conflicts(grids, ref, row, keys):
        return Outcome(ref, "rejected", errors=problems)
    found = grids.analyses.get(title_key, [])
    if len(found) > 1:
        message = f"Plusieurs analyses s'intitulent « {row['analysis']} » : renommez-en une pour l'importer."
        return Outcome(ref, "rejected", errors={"analysis": [message]})
    organisation = grids.organisation
    analysis = found[0] if found else ScenarioAnalysis(organisation=organisation, title=row["analysis"].strip())
    criterion = grids.criteria.get((analysis.pk, keys["criterion"][1])) if analysis.pk else None
    criterion_changes = {}
    if criterion is None:
        criterion = ScenarioCriterion(
            organisation=organisation,
            name=row["criterion"].strip(),
            position=grids.positions[analysis.pk] + 1 if analysis.pk else 1,
            weight=row["weight"] if row["weight"] is not None else Decimal("1.00"),
            direction=row.get("direction") or Direction.HIGHER,
        )
    else:
        criterion_changes = _changed(criterion, {"weight": row.get("weight"), "direction": row.get("direction")})
    option = grids.options.get((analysis.pk, keys["scenario"][1])) if analysis.pk else None
    option_changes = {}
    if option is None:
        code = row["scenario"].strip()
        option = ScenarioOption(organisation=organisation, code=code, label=(row.get("scenario_label") or code).strip())
    else:
        option_changes = _changed(option, {"label": (row.get("scenario_label") or "").strip()})
    rating = grids.ratings.get((option.pk, criterion.pk)) if option.pk and criterion.pk else None
    rating_changes = {}
    if rating is None:
        rating = ScenarioRating(
            organisation=organisation, level=row["level"], justification=(row.get("justification") or "").strip()
        )
    else:
        rating_changes = _changed(
            rating, {"level": row["level"], "justification": (row.get("justification") or "").strip()}
        )
    errors = (
        _validate(analysis, {"title": "analysis"})
        | _validate(criterion, {"name": "criterion", "weight": "weight", "direction": "direction"})
        | _validate(option, {"code": "scenario", "label": "scenario_label"})
        | _validate(rating, {"level": "level", "justification": "justification"})
    )
    if errors:
        # The stored rows found keep their values: nothing of this row is written.
        for instance, changes in ((criterion, criterion_changes), (option, option_changes), (rating, rating_changes)):
            for name, (before, _) in changes.items():
                setattr(instance, name, before)
        return Outcome(ref, "rejected", errors=errors)
    created = rating.pk is None
    with transaction.atomic():
        for instance, changes, parent in (
            (analysis, None, None),
            (criterion, criterion_changes, "analysis"),
            (option, option_changes, "analysis"),
        ):
            if parent is not None:
                setattr(instance, parent, analysis)
            if instance.pk is None or changes:
                _save(instance, acting_user, reason)
        rating.option, rating.criterion = option, criterion
        if created or rating_changes:
            _save(rating, acting_user, reason)
    grids.analyses[title_key] = [analysis]
    grids.criteria[(analysis.pk, keys["criterion"][1])] = criterion
    grids.positions[analysis.pk] = max(grids.positions[analysis.pk], criterion.position)
    grids.options[(analysis.pk, keys["scenario"][1])] = option
    grids.ratings[(option.pk, criterion.pk)] = rating
    _note_given(grids, ref, row, keys)
    if created:
        changes = {
            "analyse": [None, analysis.title],
            "critère": [None, criterion.name],
            "scénario": [None, str(option)],
            "niveau": [None, rating.get_level_display()],
        }
        return Outcome(ref, "created", rating, changes=changes)
    changes = {
        str(instance._meta.get_field(name).verbose_name): [
            display_value(instance, instance._meta.get_field(name), before),
            display_value(instance, instance._meta.get_field(name), after),
        ]
        for instance, changed in ((criterion, criterion_changes), (option, option_changes), (rating, rating_changes))
        for name, (before, after) in changed.items()
    }
    return Outcome(ref, "updated" if changes else "unchanged", rating, changes=changes)


def _save(instance: models.Model, acting_user, reason: str) -> None:
    if instance.pk is not None:
        # An edit form opened before the import gets its conflict rather than overwriting it.
        instance.row_version += 1
    save_as(_with_reason(instance, reason), acting_user)
