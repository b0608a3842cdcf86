"""Small builders for the rows the tests need, one organisation at a time.

Plain functions rather than a factory library: each builds a valid row with sensible defaults
and accepts overrides, so a test shows only what matters to it.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from gouvernail.applications.models import Application
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.connectors.models import ConnectorConfig, ImportRecord, RejectedRow, SyncRun
from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, Organisation, Person, Service, Site, User
from gouvernail.epn.models import EpnSession
from gouvernail.governance.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionOption,
    FrameworkDocument,
    FrameworkDocumentVersion,
    Meeting,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)
from gouvernail.inventory.models import Equipment
from gouvernail.reports.models import CopilPack
from gouvernail.servicedesk.models import CategoryMapping, Request
from gouvernail.steering.models import (
    ActionItem,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    Vendor,
    VendorContact,
)


def make_site(organisation: Organisation, name: str = "Hôtel communautaire", **fields) -> Site:
    return Site.objects.create(organisation=organisation, name=name, **{"city": "Bilurien", **fields})


def make_service(organisation: Organisation, name: str = "Ressources humaines", **fields) -> Service:
    return Service.objects.create(organisation=organisation, name=name, **fields)


def make_person(organisation: Organisation, last_name: str = "Martin", **fields) -> Person:
    return Person.objects.create(organisation=organisation, last_name=last_name, **{"first_name": "Claire", **fields})


def make_membership(organisation: Organisation, email: str, role: str = Role.DIRECTION, **fields) -> Membership:
    user = User.objects.create_user(email, "Mot-de-passe-de-test-2026")
    return Membership.objects.create(organisation=organisation, user=user, role=role, **fields)


def make_equipment(organisation: Organisation, name: str = "PC-ACCUEIL-01", **fields) -> Equipment:
    return Equipment.objects.create(organisation=organisation, name=name, **{"family": "pc_fixe", **fields})


def make_request(organisation: Organisation, external_id: str = "1", **fields) -> Request:
    defaults = {"source": "gestsup", "opened_at": timezone.now(), "status": "nouvelle", "family": "support"}
    return Request.objects.create(organisation=organisation, external_id=external_id, **{**defaults, **fields})


def make_category_mapping(organisation: Organisation, category: str = "Téléphonie", **fields) -> CategoryMapping:
    return CategoryMapping.objects.create(organisation=organisation, category=category, **{"family": "sites", **fields})


def make_phishing_campaign(organisation: Organisation, name: str = "Sensibilisation T1", **fields) -> PhishingCampaign:
    defaults = {"launched_on": date(2026, 3, 2), "source": "saisie"}
    return PhishingCampaign.objects.create(organisation=organisation, name=name, **{**defaults, **fields})


def make_phishing_result(campaign: PhishingCampaign, service: Service | None = None, **counts) -> PhishingServiceResult:
    defaults = {"sent": 10, "opened": 6, "clicked": 3, "submitted": 1, "reported": 2}
    return PhishingServiceResult.objects.create(
        organisation=campaign.organisation, campaign=campaign, service=service, **{**defaults, **counts}
    )


def make_snapshot(organisation: Organisation, taken_on: date = date(2026, 3, 1), **fields) -> NextcloudSnapshot:
    defaults = {"source": "nextcloud", "active_users": 80, "total_users": 100, "total_bytes": 50 * 1024**3}
    return NextcloudSnapshot.objects.create(organisation=organisation, taken_on=taken_on, **{**defaults, **fields})


def make_service_usage(snapshot: NextcloudSnapshot, service: Service | None = None, **fields) -> NextcloudServiceUsage:
    defaults = {"users": 10, "active_users": 8, "used_bytes": 5 * 1024**3}
    return NextcloudServiceUsage.objects.create(
        organisation=snapshot.organisation, snapshot=snapshot, service=service, **{**defaults, **fields}
    )


def make_shared_space(organisation: Organisation, name: str = "Finances", **fields) -> SharedSpace:
    return SharedSpace.objects.create(organisation=organisation, name=name, **{"size_bytes": 2 * 1024**3, **fields})


def make_epn_session(organisation: Organisation, held_on: date = date(2026, 3, 2), **fields) -> EpnSession:
    defaults = {"duration_minutes": 60, "visitor_key": "a" * 64, "source": "import"}
    return EpnSession.objects.create(organisation=organisation, held_on=held_on, **{**defaults, **fields})


def make_vendor(organisation: Organisation, name: str = "Infogérance Ouest", **fields) -> Vendor:
    return Vendor.objects.create(organisation=organisation, name=name, **fields)


def make_contact(organisation: Organisation, vendor: Vendor, **fields) -> VendorContact:
    return VendorContact.objects.create(
        organisation=organisation, vendor=vendor, **{"label": "Hotline", "email": "support@example.org", **fields}
    )


def make_contract(organisation: Organisation, vendor: Vendor, reference: str = "2025-INF-01", **fields) -> Contract:
    defaults = {
        "subject": "Infogérance du parc",
        "start_date": date(2025, 1, 1),
        "duration_months": 36,
        "notice_months": 3,
        "annual_amount_ht": Decimal("12000.00"),
    }
    return Contract.objects.create(
        organisation=organisation, vendor=vendor, reference=reference, **{**defaults, **fields}
    )


def make_procurement(organisation: Organisation, reference: str = "2025-SI-01", **fields) -> Procurement:
    defaults = {"subject": "Accompagnement / infogérance SI", "estimated_amount_ht": Decimal("168000.00")}
    return Procurement.objects.create(organisation=organisation, reference=reference, **{**defaults, **fields})


def make_lot(procurement: Procurement, number: int = 1, **fields) -> Lot:
    return Lot.objects.create(
        organisation=procurement.organisation,
        procurement=procurement,
        number=number,
        **{"title": "Infogérance", **fields},
    )


def make_step(procurement: Procurement, position: int = 1, **fields) -> ProcedureStep:
    defaults = {"name": "Publication de la consultation", "planned_start": date(2025, 12, 3)}
    return ProcedureStep.objects.create(
        organisation=procurement.organisation, procurement=procurement, position=position, **{**defaults, **fields}
    )


def make_criterion(procurement: Procurement, name: str = "Prix", weight: str = "100", **fields) -> Criterion:
    return Criterion.objects.create(
        organisation=procurement.organisation, procurement=procurement, name=name, weight=Decimal(weight), **fields
    )


def make_candidate(procurement: Procurement, name: str = "Candidat A", **fields) -> Candidate:
    return Candidate.objects.create(organisation=procurement.organisation, procurement=procurement, name=name, **fields)


def make_score(candidate: Candidate, criterion: Criterion, score: str = "15", **fields) -> Score:
    return Score.objects.create(
        organisation=candidate.organisation, candidate=candidate, criterion=criterion, score=Decimal(score), **fields
    )


def make_application(organisation: Organisation, name: str = "Ciril Finances", **fields) -> Application:
    return Application.objects.create(organisation=organisation, name=name, **fields)


def make_axis(organisation: Organisation, name: str = "Cybersécurité", **fields) -> RoadmapAxis:
    return RoadmapAxis.objects.create(organisation=organisation, name=name, **{"position": 1, **fields})


def make_theme(organisation: Organisation, year: int = 2026, **fields) -> RoadmapTheme:
    return RoadmapTheme.objects.create(organisation=organisation, year=year, **{"title": "Structurer", **fields})


def make_roadmap_item(
    organisation: Organisation, axis: RoadmapAxis, title: str = "Firewall centralisé", **fields
) -> RoadmapItem:
    return RoadmapItem.objects.create(organisation=organisation, axis=axis, title=title, **{"year": 2026, **fields})


def make_action(organisation: Organisation, number: int = 1, **fields) -> ActionItem:
    """An action created as a row (no logbook event): use the services to test the logbook."""
    defaults = {"title": f"Action de test {number}"}
    return ActionItem.objects.create(organisation=organisation, number=number, **{**defaults, **fields})


def make_project(organisation: Organisation, name: str = "Migration Windows 11", **fields) -> Project:
    return Project.objects.create(organisation=organisation, name=name, **fields)


def make_status_report(organisation: Organisation, project: Project, **fields) -> StatusReport:
    defaults = {"date": date(2026, 3, 1), "status": "en_cours", "summary": "Avancement conforme."}
    return StatusReport.objects.create(organisation=organisation, project=project, **{**defaults, **fields})


def make_milestone(organisation: Organisation, project: Project, name: str = "Pilote", **fields) -> Milestone:
    return Milestone.objects.create(
        organisation=organisation, project=project, name=name, **{"due_date": date(2026, 6, 30), **fields}
    )


def make_expected_decision(
    organisation: Organisation, project: Project, question: str = "Choix de l'offre", **fields
) -> ExpectedDecision:
    return ExpectedDecision.objects.create(organisation=organisation, project=project, question=question, **fields)


def make_committee(organisation: Organisation, name: str = "COPIL SI", **fields) -> Committee:
    return Committee.objects.create(organisation=organisation, name=name, **fields)


def make_member(committee: Committee, person: Person, capacity: str = "dgs") -> CommitteeMember:
    return CommitteeMember.objects.create(
        organisation=committee.organisation, committee=committee, person=person, capacity=capacity
    )


def make_meeting(committee: Committee, title: str = "COPIL n° 1", **fields) -> Meeting:
    defaults = {"date": date(2026, 3, 10)}
    return Meeting.objects.create(
        organisation=committee.organisation, committee=committee, title=title, **{**defaults, **fields}
    )


def make_agenda_item(meeting: Meeting, position: int = 1, title: str = "Point d'étape", **fields) -> AgendaItem:
    return AgendaItem.objects.create(
        organisation=meeting.organisation, meeting=meeting, position=position, title=title, **fields
    )


def make_decision(organisation: Organisation, question: str = "Quel scénario d'organisation ?", **fields) -> Decision:
    return Decision.objects.create(organisation=organisation, question=question, **fields)


def make_option(decision: Decision, label: str = "Scénario 1", **fields) -> DecisionOption:
    return DecisionOption.objects.create(organisation=decision.organisation, decision=decision, label=label, **fields)


def make_analysis(organisation: Organisation, title: str = "Scénarios d'organisation", **fields) -> ScenarioAnalysis:
    return ScenarioAnalysis.objects.create(organisation=organisation, title=title, **fields)


def make_scenario_criterion(analysis: ScenarioAnalysis, name: str = "Coût", **fields) -> ScenarioCriterion:
    return ScenarioCriterion.objects.create(organisation=analysis.organisation, analysis=analysis, name=name, **fields)


def make_scenario_option(analysis: ScenarioAnalysis, code: str = "S1", **fields) -> ScenarioOption:
    defaults = {"label": f"Scénario {code}"}
    return ScenarioOption.objects.create(
        organisation=analysis.organisation, analysis=analysis, code=code, **{**defaults, **fields}
    )


def make_rating(option: ScenarioOption, criterion: ScenarioCriterion, level: int = 3, **fields) -> ScenarioRating:
    return ScenarioRating.objects.create(
        organisation=option.organisation, option=option, criterion=criterion, level=level, **fields
    )


def make_import_record(organisation: Organisation, **fields) -> ImportRecord:
    """A committed import of two equipment rows, one of them rejected."""
    record = ImportRecord.objects.create(
        organisation=organisation,
        **{
            "kind": "equipment",
            "file_name": "parc.xlsx",
            "sha256": "0" * 64,
            "status": "importe",
            "on_error": "skip",
            "headers": ["Nom", "Type"],
            "columns": {"Nom": "name", "Type": "family"},
            "created_count": 1,
            "rejected_count": 1,
            **fields,
        },
    )
    RejectedRow.objects.create(
        organisation=organisation,
        record=record,
        row=3,
        cells=["PC-02", "Grille-pain"],
        reason="Type : valeur inconnue.",
    )
    return record


def make_framework_document(
    organisation: Organisation, title: str = "Charte informatique", **fields
) -> FrameworkDocument:
    return FrameworkDocument.objects.create(organisation=organisation, title=title, **fields)


def make_document_version(document: FrameworkDocument, number: int = 1, **fields) -> FrameworkDocumentVersion:
    """A version stored as given (a draft by default): use the services to test the transitions."""
    defaults = {"text": "Article 1 — Les moyens informatiques sont mis à disposition pour un usage professionnel."}
    return FrameworkDocumentVersion.objects.create(
        organisation=document.organisation, document=document, number=number, **{**defaults, **fields}
    )


def make_campaign(version: FrameworkDocumentVersion, title: str = "Charte v1 — prise de connaissance", **fields):
    defaults = {"starts_on": date(2026, 3, 1), "ends_on": date(2026, 4, 30), "targets_agents": True}
    return AcknowledgementCampaign.objects.create(
        organisation=version.organisation, version=version, title=title, **{**defaults, **fields}
    )


def make_acknowledgement(campaign: AcknowledgementCampaign, person: Person, **fields) -> Acknowledgement:
    return Acknowledgement.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        person=person,
        **{"acknowledged_on": campaign.starts_on, **fields},
    )


def make_connector_config(organisation: Organisation, **fields) -> ConnectorConfig:
    defaults = {"kind": "gestsup", "host": "gestsup.example", "database": "gestsup", "user": "lecture"}
    return ConnectorConfig.objects.create(organisation=organisation, **{**defaults, **fields})


def make_sync_run(config: ConnectorConfig, **fields) -> SyncRun:
    defaults = {"started_at": timezone.now(), "trigger": "commande", "status": "reussie"}
    return SyncRun.objects.create(organisation=config.organisation, config=config, **{**defaults, **fields})


@dataclass
class Referentiel:
    """One row of every model of the référentiel and of the steering app, all in one organisation."""

    site: Site
    service: Service
    person: Person
    membership: Membership
    equipment: Equipment
    vendor: Vendor
    contact: VendorContact
    contract: Contract
    application: Application
    axis: RoadmapAxis
    theme: RoadmapTheme
    roadmap_item: RoadmapItem
    action: ActionItem
    project: Project
    report: StatusReport
    milestone: Milestone
    decision: ExpectedDecision
    procurement: Procurement
    lot: Lot
    step: ProcedureStep
    criterion: Criterion
    candidate: Candidate
    score: Score
    committee: Committee
    member: CommitteeMember
    meeting: Meeting
    agenda_item: AgendaItem
    gov_decision: Decision
    option: DecisionOption
    analysis: ScenarioAnalysis
    scenario_criterion: ScenarioCriterion
    scenario_option: ScenarioOption
    rating: ScenarioRating
    request: Request
    category_mapping: CategoryMapping
    import_record: ImportRecord
    phishing_campaign: PhishingCampaign
    phishing_result: PhishingServiceResult
    nextcloud_snapshot: NextcloudSnapshot
    nextcloud_usage: NextcloudServiceUsage
    shared_space: SharedSpace
    epn_session: EpnSession
    framework_document: FrameworkDocument
    published_version: FrameworkDocumentVersion
    document_version: FrameworkDocumentVersion
    campaign: AcknowledgementCampaign
    sync_run: SyncRun
    copil_pack: CopilPack

    def __getitem__(self, name: str):
        return getattr(self, name)


def make_copil_pack(meeting: Meeting, content: bytes = b"%PDF-1.7 dossier de test", **fields) -> CopilPack:
    """An archived pack row with a small file, without rendering (see reports.packs for real ones)."""
    pack = CopilPack(
        organisation=meeting.organisation,
        meeting=meeting,
        format=fields.pop("format", "pdf"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        snapshot=fields.pop("snapshot", {"version": 1}),
        **fields,
    )
    pack.file.save(f"dossier-{meeting.pk}.{pack.format}", ContentFile(content), save=False)
    pack.save()
    return pack


def make_referentiel(organisation: Organisation, *, suffix: str = "") -> Referentiel:
    site = make_site(organisation, f"Hôtel communautaire{suffix}")
    service = make_service(organisation, f"Ressources humaines{suffix}")
    person = make_person(organisation, f"Martin{suffix}", service=service, site=site)
    membership = make_membership(organisation, f"agent@{organisation.slug}.example", person=person)
    equipment = make_equipment(
        organisation, f"PC-RH-01{suffix}", serial=f"SN-0001{suffix}", site=site, service=service, assigned_to=person
    )
    vendor = make_vendor(organisation, f"Infogérance Ouest{suffix}")
    contact = make_contact(organisation, vendor)
    contract = make_contract(organisation, vendor, f"2025-INF-01{suffix}")
    application = make_application(organisation, f"Ciril Finances{suffix}", vendor=vendor, contract=contract)
    application.sites.add(site)
    axis = make_axis(organisation, f"Cybersécurité{suffix}")
    theme = make_theme(organisation)
    roadmap_item = make_roadmap_item(organisation, axis, f"Firewall centralisé{suffix}")
    action = make_action(organisation, 1, title=f"Déployer un firewall{suffix}", owner_person=person, axis=axis)
    project = make_project(organisation, f"Firewall centralisé{suffix}", lead=person, axis=axis)
    project.actions.add(action)
    report = make_status_report(organisation, project)
    milestone = make_milestone(organisation, project)
    decision = make_expected_decision(organisation, project)
    procurement = make_procurement(
        organisation, f"2025-SI-01{suffix}", awarded_vendor=vendor, awarded_contract=contract, status="attribue"
    )
    lot = make_lot(procurement)
    step = make_step(procurement)
    criterion = make_criterion(procurement)
    candidate = make_candidate(procurement, f"Infogérance Ouest{suffix}", vendor=vendor, lot=lot)
    score = make_score(candidate, criterion, justification="Offre la moins-disante.")
    committee = make_committee(organisation, f"COPIL SI{suffix}")
    member = make_member(committee, person)
    # Held, so that its relevé de décisions exists for the permission matrix.
    meeting = make_meeting(committee, status="tenue")
    gov_decision = make_decision(organisation, committee=committee)
    option = make_option(gov_decision)
    agenda_item = make_agenda_item(meeting, kind="decision", decision=gov_decision)
    analysis = make_analysis(organisation)
    scenario_criterion = make_scenario_criterion(analysis)
    scenario_option = make_scenario_option(analysis)
    rating = make_rating(scenario_option, scenario_criterion)
    phishing_campaign = make_phishing_campaign(organisation, f"Sensibilisation T1{suffix}")
    nextcloud_snapshot = make_snapshot(organisation)
    framework_document = make_framework_document(organisation, f"Charte informatique{suffix}", owner=person)
    published_version = make_document_version(framework_document, 1, status="publiee")
    campaign = make_campaign(published_version)
    make_acknowledgement(campaign, person)
    return Referentiel(
        site,
        service,
        person,
        membership,
        equipment,
        vendor,
        contact,
        contract,
        application,
        axis,
        theme,
        roadmap_item,
        action,
        project,
        report,
        milestone,
        decision,
        procurement,
        lot,
        step,
        criterion,
        candidate,
        score,
        committee,
        member,
        meeting,
        agenda_item,
        gov_decision,
        option,
        analysis,
        scenario_criterion,
        scenario_option,
        rating,
        make_request(organisation, service=service, site=site),
        make_category_mapping(organisation, f"Téléphonie{suffix}"),
        make_import_record(organisation),
        phishing_campaign,
        make_phishing_result(phishing_campaign, service),
        nextcloud_snapshot,
        make_service_usage(nextcloud_snapshot, service),
        make_shared_space(organisation, f"Finances{suffix}", service=service, project=project, responsible=person),
        make_epn_session(organisation, site=site, workshop="Premiers pas sur Internet"),
        framework_document,
        published_version,
        make_document_version(framework_document, 2),
        campaign,
        make_sync_run(make_connector_config(organisation)),
        make_copil_pack(meeting),
    )
