"""Writes of the compliance domain: installing frameworks, assessments and their evidence, the
decision on a measure, the action created from a measure, and incidents with their clocks."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gouvernail.compliance import clocks
from gouvernail.compliance.choices import ClockKind, ClockState, MeasureStatus
from gouvernail.compliance.evidence import combine, evaluate
from gouvernail.compliance.library import ANSSI_HYGIENE, FrameworkData, builtin_framework
from gouvernail.compliance.models import (
    Assessment,
    EvidenceBinding,
    Framework,
    FrameworkVersion,
    IncidentClock,
    Measure,
    MeasureAssessment,
    SecurityIncident,
    Theme,
)
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.steering.choices import ActionStatus
from gouvernail.steering.models import ActionItem
from gouvernail.steering.services import action_save

#
# Frameworks
#


@dataclass
class InstallResult:
    framework: Framework
    version: FrameworkVersion
    new_version: bool = False
    unchanged: bool = False
    counts: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)  # measures gone from the file but still assessed

    def summary(self) -> str:
        if self.unchanged:
            return f"« {self.framework} » version {self.version.number} : déjà à jour, rien n'a changé."
        verb = "importée" if self.new_version else "mise à jour"
        parts = ", ".join(f"{n} {label}" for label, n in self.counts.items())
        text = f"« {self.framework} » version {self.version.number} {verb} : {parts}."
        if self.kept:
            text += f" Mesures absentes du fichier mais conservées (déjà évaluées) : {', '.join(self.kept)}."
        return text


@transaction.atomic
def framework_install(*, organisation: Organisation, data: FrameworkData, acting_user: User | None) -> InstallResult:
    """Writes a framework version; idempotent. A version number not seen before adds a version
    (older ones and their assessments stay); the same number updates its texts in place."""
    framework = Framework.objects.filter(organisation=organisation, urn=data.urn).first()
    if framework is None:
        framework = Framework(organisation=organisation, urn=data.urn, slug=_free_slug(organisation, data.slug))
    for name in ("name", "provider", "description", "source_url", "copyright"):
        setattr(framework, name, getattr(data, name))
    if framework.pk is None or Framework.objects.filter(pk=framework.pk).values_list(
        "name", "provider", "description", "source_url", "copyright"
    ).first() != (data.name, data.provider, data.description, data.source_url, data.copyright):
        save_as(framework, acting_user)
    digest = data.content_hash()
    version = FrameworkVersion.objects.filter(framework=framework, number=data.version).first()
    _bind_defaults(framework, data, acting_user)
    if version is not None and version.content_hash == digest:
        return InstallResult(framework, version, unchanged=True)
    new_version = version is None
    if new_version:
        version = FrameworkVersion(organisation=organisation, framework=framework, number=data.version)
    version.publication_date, version.locale, version.content_hash = data.publication_date, data.locale, digest
    save_as(version, acting_user)
    counts = {"thèmes": 0, "mesures créées": 0, "mesures modifiées": 0, "mesures inchangées": 0}
    themes = {t.ref_id: t for t in Theme.objects.filter(version=version)}
    measures = {m.ref_id: m for m in Measure.objects.filter(version=version)}
    position = 0
    for theme_position, theme_data in enumerate(data.themes, start=1):
        theme = themes.pop(theme_data.ref_id, None) or Theme(
            organisation=organisation, version=version, ref_id=theme_data.ref_id
        )
        if (theme.name, theme.position) != (theme_data.name, theme_position) or theme.pk is None:
            theme.name, theme.position = theme_data.name[:300], theme_position
            save_as(theme, acting_user)
        counts["thèmes"] += 1
        for item in theme_data.measures:
            position += 1
            measure = measures.pop(item.ref_id, None)
            values = {
                "theme": theme,
                "urn": item.urn,
                "title": item.title,
                "description": item.description,
                "level": item.level,
                "questions": item.questions,
                "position": position,
            }
            if measure is None:
                save_as(Measure(organisation=organisation, version=version, ref_id=item.ref_id, **values), acting_user)
                counts["mesures créées"] += 1
            elif any(getattr(measure, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(measure, k, v)
                save_as(measure, acting_user)
                counts["mesures modifiées"] += 1
            else:
                counts["mesures inchangées"] += 1
    kept = []
    for measure in measures.values():
        if MeasureAssessment.objects.filter(measure=measure).exists():
            kept.append(measure.ref_id)
        else:
            measure.delete()
    for theme in themes.values():
        if not theme.measures.exists():
            theme.delete()
    return InstallResult(framework, version, new_version=new_version, counts=counts, kept=kept)


def _free_slug(organisation: Organisation, slug: str) -> str:
    taken = set(Framework.objects.filter(organisation=organisation).values_list("slug", flat=True))
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug[:75]}-{n}"
    return candidate


def _bind_defaults(framework: Framework, data: FrameworkData, acting_user: User | None) -> None:
    for measure in data.measures:
        for probe in measure.evidence:
            if not EvidenceBinding.objects.filter(
                framework=framework, measure_ref=measure.ref_id, probe=probe
            ).exists():
                save_as(
                    EvidenceBinding(
                        organisation=framework.organisation,
                        framework=framework,
                        measure_ref=measure.ref_id,
                        probe=probe,
                    ),
                    acting_user,
                )


def framework_load_builtin(
    *, organisation: Organisation, slug: str = ANSSI_HYGIENE, acting_user: User | None
) -> InstallResult:
    return framework_install(organisation=organisation, data=builtin_framework(slug), acting_user=acting_user)


#
# Assessments
#


@transaction.atomic
def assessment_create(
    *,
    organisation: Organisation,
    version: FrameworkVersion,
    campaign_date: date,
    title: str = "",
    acting_user: User | None,
) -> Assessment:
    """A new campaign with one row per measure of the version. Owners, target dates, proofs and
    actions of the previous campaign carry over (by measure number); statuses start afresh."""
    if version.organisation_id != organisation.pk:
        raise ValidationError({"version": "Ce référentiel n'appartient pas à l'organisation."})
    if Assessment.objects.filter(organisation=organisation, version=version, campaign_date=campaign_date).exists():
        raise ValidationError({"campaign_date": "Une évaluation de ce référentiel existe déjà à cette date."})
    assessment = Assessment(
        organisation=organisation,
        version=version,
        campaign_date=campaign_date,
        title=title or f"{version.framework.name} — campagne du {campaign_date:%d/%m/%Y}",
    )
    save_as(assessment, acting_user)
    previous = assessment.previous()
    before = {}
    if previous is not None:
        before = {i.measure.ref_id: i for i in previous.items.select_related("measure").prefetch_related("actions")}
    for measure in version.measures.order_by("position"):
        old = before.get(measure.ref_id)
        item = MeasureAssessment(organisation=organisation, assessment=assessment, measure=measure)
        if old is not None:
            item.owner_id, item.target_date, item.proofs = old.owner_id, old.target_date, old.proofs
        save_as(item, acting_user)
        if old is not None and old.actions.exists():
            item.actions.set(old.actions.all())
    return assessment


def bindings_by_ref(framework: Framework) -> dict[str, list[EvidenceBinding]]:
    found: dict[str, list[EvidenceBinding]] = {}
    for binding in framework.bindings.all():
        found.setdefault(binding.measure_ref, []).append(binding)
    return found


def item_evidence(item: MeasureAssessment, *, today: date | None = None, bindings=None):
    """(evidence list, proposed status, explanation) of one measure, computed now."""
    today = today or timezone.localdate()
    if bindings is None:
        bindings = bindings_by_ref(item.assessment.version.framework).get(item.measure.ref_id, [])
    evidence = evaluate(item.organisation, item, bindings, today)
    status, explanation = combine(evidence)
    return evidence, status, explanation


@transaction.atomic
def evidence_refresh(*, assessment: Assessment, today: date | None = None, acting_user: User | None) -> int:
    """Stores the current proposal of every measure whose evidence changed; returns how many moved.
    A measure never decided yet takes the proposal as its status (marked as coming from it)."""
    today = today or timezone.localdate()
    bindings = bindings_by_ref(assessment.version.framework)
    moved = 0
    items = assessment.items.select_related("measure", "assessment__version__framework").prefetch_related("actions")
    for item in items:
        _, status, explanation = item_evidence(item, today=today, bindings=bindings.get(item.measure.ref_id, []))
        if (status, explanation) == (item.proposed_status, item.proposal_explanation):
            continue
        item.proposed_status, item.proposal_explanation, item.proposed_at = status, explanation, timezone.now()
        save_as(item, acting_user)
        moved += 1
    return moved


@transaction.atomic
def measure_decide(
    *, item: MeasureAssessment, status: str, reason: str = "", acting_user: User | None, **fields
) -> MeasureAssessment:
    """Records the person's status for a measure, with the proposal it answers. Departing from
    the proposal needs a reason; « non applicable » needs its own."""
    if status not in MeasureStatus.values:
        raise ValidationError({"status": "Statut inconnu."})
    for name, value in fields.items():
        setattr(item, name, value)
    if item.proposed_status and status != item.proposed_status and not reason.strip():
        raise ValidationError(
            {
                "override_reason": f"La preuve automatique propose « {item.get_proposed_status_display()} » : "
                "indiquez pourquoi vous retenez un autre statut."
            }
        )
    item.status = status
    item.override_reason = reason.strip() if status != item.proposed_status else ""
    item.decided_status_proposal, item.decided_explanation = item.proposed_status, item.proposal_explanation
    item.decided_at, item.decided_by = timezone.now(), acting_user
    item.full_clean(exclude=["assessment", "measure", "owner"])
    save_as(item, acting_user)
    return item


@transaction.atomic
def action_create_from_measure(*, item: MeasureAssessment, acting_user: User | None) -> ActionItem:
    """One click: an action of the plan named after the measure, linked to it."""
    organisation = item.organisation
    number = (ActionItem.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0) + 1
    measure = item.measure
    action = ActionItem(
        organisation=organisation,
        number=number,
        title=f"{item.assessment.version.framework.name} — mesure {measure.ref_id} : {measure.title}"[:300],
        description=measure.description,
        status=ActionStatus.TO_STUDY,
        owner_person_id=item.owner_id,
        due_date=item.target_date,
    )
    action_save(
        action=action,
        previous_status="",
        comment=f"Créée depuis l'évaluation « {item.assessment} ».",
        acting_user=acting_user,
    )
    item.actions.add(action)
    return action


#
# Incidents and their clocks
#


def required_clocks(incident: SecurityIncident) -> list[str]:
    kinds = []
    if incident.nis2_significant:
        kinds += [ClockKind.NIS2_EARLY_WARNING, ClockKind.NIS2_NOTIFICATION, ClockKind.NIS2_FINAL_REPORT]
    if incident.personal_data and not incident.personal_data_no_risk_reason.strip():
        kinds.append(ClockKind.CNIL_BREACH)
    return kinds


@transaction.atomic
def incident_save(*, incident: SecurityIncident, acting_user: User | None) -> SecurityIncident:
    """Saves an incident (numbered on creation) and sets its clocks: the deadlines follow the
    moment of awareness; a clock no longer required is marked « sans objet », never deleted."""
    if incident.pk is None and not incident.number:
        last = SecurityIncident.objects.filter(organisation=incident.organisation).aggregate(n=Max("number"))["n"]
        incident.number = (last or 0) + 1
    save_as(incident, acting_user)
    clocks_sync(incident=incident, acting_user=acting_user)
    return incident


def clocks_sync(*, incident: SecurityIncident, acting_user: User | None) -> None:
    existing = {c.kind: c for c in incident.clocks.all()}
    required = required_clocks(incident)
    notification = existing.get(ClockKind.NIS2_NOTIFICATION)
    notified_at = notification.done_at if notification is not None else None
    for kind in required:
        due = clocks.deadline(kind, incident.clock_start, notified_at=notified_at)
        clock = existing.get(kind) or IncidentClock(organisation=incident.organisation, incident=incident, kind=kind)
        if clock.pk is None or clock.deadline != due or clock.state == ClockState.WAIVED:
            clock.deadline, clock.state = due, ClockState.DUE
            clock.state = clock.current_state()
            save_as(clock, acting_user)
    for kind, clock in existing.items():
        if kind not in required and clock.done_at is None and clock.state != ClockState.WAIVED:
            clock.state = ClockState.WAIVED
            save_as(clock, acting_user)


@transaction.atomic
def clock_mark_done(
    *, clock: IncidentClock, done_at: datetime, reference: str = "", acting_user: User | None
) -> IncidentClock:
    """Records that a declaration was made; the final report's deadline then runs from the notification."""
    if timezone.is_naive(done_at):
        raise ValidationError({"done_at": "Indiquez la date et l'heure avec leur fuseau."})
    clock.done_at, clock.reference = done_at, reference
    clock.state = clock.current_state()
    save_as(clock, acting_user)
    if clock.kind == ClockKind.NIS2_NOTIFICATION:
        clocks_sync(incident=clock.incident, acting_user=acting_user)
    return clock


def clocks_refresh_states(*, now: datetime | None = None) -> int:
    """Moves pending clocks whose deadline passed to « échéance dépassée » (worker, reminders)."""
    now = now or timezone.now()
    moved = 0
    for clock in IncidentClock.objects.pending().filter(deadline__lt=now, state=ClockState.DUE):
        clock.state = ClockState.OVERDUE
        save_as(clock, None)
        moved += 1
    return moved
