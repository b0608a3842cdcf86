"""One row of every model, for the permission matrix and the journal tests."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.applications.models import Application
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.compliance.models import (
    Assessment,
    Framework,
    IncidentClock,
    MeasureAssessment,
    Nis2Profile,
    SecurityIncident,
)
from gouvernail.connectors.models import ImportRecord, SyncRun
from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry, TestResult
from gouvernail.core.models import Membership, Organisation, Person, Service, Site
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register
from gouvernail.epn.models import EpnSession
from gouvernail.finance.models import (
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
)
from gouvernail.governance.models import (
    AcknowledgementCampaign,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionAct,
    DecisionOption,
    DecisionResolution,
    FrameworkDocument,
    FrameworkDocumentVersion,
    GovernanceEvent,
    Meeting,
    RaciAssignment,
    RegisterCheckpoint,
    Role,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)
from gouvernail.inventory.models import Equipment
from gouvernail.jobs.models import Job
from gouvernail.reports.models import CopilPack
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping, Request
from gouvernail.steering.models import (
    ActionItem,
    ActionOccurrence,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)
from gouvernail.testing.factories.access import (
    make_account as make_account_grant,
)
from gouvernail.testing.factories.access import (
    make_checklist_item,
    make_movement,
    make_review,
    make_review_campaign,
)
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.collaboration import make_service_usage, make_shared_space, make_snapshot
from gouvernail.testing.factories.compliance import make_assessment, make_framework, make_incident, make_nis2_profile
from gouvernail.testing.factories.connectors import make_connector_config, make_import_record, make_sync_run
from gouvernail.testing.factories.continuity import (
    make_backup,
    make_continuity_test,
    make_plan,
    make_plan_entry,
    make_test_result,
)
from gouvernail.testing.factories.core import make_membership, make_person, make_service, make_site
from gouvernail.testing.factories.dataprotection import (
    make_activity,
    make_engagement,
    make_register,
)
from gouvernail.testing.factories.dataprotection import (
    make_assessment as make_impact_assessment,
)
from gouvernail.testing.factories.epn import make_epn_session
from gouvernail.testing.factories.finance import (
    make_account,
    make_credit,
    make_entry,
    make_finance_settings,
    make_line,
    make_programme,
    make_trajectory_entry,
)
from gouvernail.testing.factories.governance import (
    make_acknowledgement,
    make_act,
    make_agenda_item,
    make_analysis,
    make_campaign,
    make_checkpoint,
    make_committee,
    make_decision,
    make_document_version,
    make_framework_document,
    make_governance_event,
    make_meeting,
    make_member,
    make_option,
    make_raci,
    make_rating,
    make_resolution,
    make_role,
    make_scenario_criterion,
    make_scenario_option,
)
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.jobs import make_job
from gouvernail.testing.factories.reports import make_copil_pack
from gouvernail.testing.factories.servicedesk import make_assignment_group, make_category_mapping, make_request
from gouvernail.testing.factories.steering import (
    make_action,
    make_axis,
    make_expected_decision,
    make_milestone,
    make_occurrence,
    make_project,
    make_roadmap_item,
    make_status_report,
    make_theme,
)
from gouvernail.testing.factories.vendors import (
    make_candidate,
    make_contact,
    make_contract,
    make_criterion,
    make_lot,
    make_procurement,
    make_score,
    make_service_level,
    make_sla_measurement,
    make_step,
    make_vendor,
)
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    ServiceLevel,
    ServiceLevelMeasurement,
    Vendor,
    VendorContact,
)


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
    job: Job
    framework: Framework
    assessment: Assessment
    measure_assessment: MeasureAssessment
    security_incident: SecurityIncident
    nis2_profile: Nis2Profile
    incident_clock: IncidentClock
    account: Account
    programme: Programme
    payment_credit: PaymentCredit
    budget_line: BudgetLine
    execution_entry: ExecutionEntry
    trajectory_entry: TrajectoryEntry
    finance_settings: FinanceSettings
    checkpoint: RegisterCheckpoint
    resolution: DecisionResolution
    act: DecisionAct
    governance_event: GovernanceEvent
    occurrence: ActionOccurrence
    service_level: ServiceLevel
    sla_measurement: ServiceLevelMeasurement
    # Filled after construction by each app's builder (defaults keep the positional ones above).
    register: Register = None
    processing_activity: ProcessingActivity = None
    processor_engagement: ProcessorEngagement = None
    impact_assessment: ImpactAssessment = None
    continuity_plan: ContinuityPlan = None
    plan_entry: PlanEntry = None
    continuity_test: ContinuityTest = None
    test_result: TestResult = None
    backup_job: BackupJob = None
    account_grant: AccountGrant = None
    review_campaign: AccessReviewCampaign = None
    access_review: AccessReview = None
    movement: Movement = None
    checklist_item: ChecklistItem = None
    assignment_group: AssignmentGroup = None
    gov_role: Role = None
    raci: RaciAssignment = None

    def __getitem__(self, name: str):
        return getattr(self, name)


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
    account = make_account(organisation, "2183", chapter="21")
    programme = make_programme(organisation, f"AP-2026-01{suffix}", axis=axis, project=project)
    budget_line = make_line(
        organisation, account, programme=programme, axis=axis, contract=contract, application=application
    )
    finance = {
        "account": account,
        "programme": programme,
        "payment_credit": make_credit(programme),
        "budget_line": budget_line,
        "execution_entry": make_entry(organisation, budget_line, reference=f"M-1{suffix}", vendor=vendor),
        "trajectory_entry": make_trajectory_entry(organisation, axis=axis),
        "finance_settings": make_finance_settings(organisation),
    }
    service_level = make_service_level(contract)
    referentiel = Referentiel(
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
        make_job(organisation, result=f"nom\nPC-RH-01{suffix}\n".encode()),
        *_compliance_rows(organisation, suffix),
        **finance,
        checkpoint=make_checkpoint(organisation),
        resolution=make_resolution(gov_decision, option=option, role="cible"),
        act=make_act(organisation, decision=gov_decision),
        governance_event=make_governance_event(committee),
        occurrence=make_occurrence(action),
        service_level=service_level,
        sla_measurement=make_sla_measurement(service_level, date(2026, 3, 1), Decimal("99.9")),
    )
    add_dataprotection(referentiel, organisation, suffix)
    add_continuity(referentiel, organisation, suffix)
    add_access(referentiel, organisation, suffix)
    add_roles(referentiel, organisation, suffix)
    return referentiel


def add_roles(ref: Referentiel, organisation: Organisation, suffix: str) -> None:
    """The governance roles and their RACI, and the vendor's service-desk group."""
    ref.assignment_group = make_assignment_group(organisation, ref.vendor, f"Infogérance N2{suffix}")
    ref.gov_role = make_role(organisation, f"Référent SI{suffix}", short_name="RSI")
    ref.gov_role.holder_people.add(ref.person)
    ref.raci = make_raci(ref.axis, ref.gov_role, "A")


def _compliance_rows(organisation: Organisation, suffix: str) -> tuple:
    framework = make_framework(organisation)
    assessment = make_assessment(organisation, framework)
    incident = make_incident(organisation, f"Hameçonnage réussi{suffix}", personal_data=True, nis2_significant=True)
    return (
        framework,
        assessment,
        assessment.items.order_by("measure__position").first(),
        incident,
        make_nis2_profile(organisation),
        incident.clocks.order_by("deadline").first(),
    )


def add_dataprotection(ref: Referentiel, organisation: Organisation, suffix: str) -> None:
    # The référentiel's vendor is the DPO: the matrix's Prestataire reads the register.
    ref.register = make_register(organisation, dpo_vendor=ref.vendor)
    ref.processing_activity = make_activity(organisation, f"T-01{suffix}", responsible_service=ref.service)
    ref.processing_activity.applications.add(ref.application)
    ref.processor_engagement = make_engagement(ref.processing_activity, ref.vendor, contract=ref.contract)
    ref.impact_assessment = make_impact_assessment(ref.processing_activity)


def add_continuity(ref: Referentiel, organisation: Organisation, suffix: str) -> None:
    ref.continuity_plan = make_plan(organisation, f"Plan de reprise informatique{suffix}")
    ref.plan_entry = make_plan_entry(ref.continuity_plan, ref.application, depends_on_vendor=ref.vendor)
    ref.continuity_test = make_continuity_test(organisation, plan=ref.continuity_plan)
    ref.test_result = make_test_result(ref.continuity_test, ref.application)
    ref.backup_job = make_backup(organisation, f"SRV-FICHIERS{suffix}", application=ref.application)


def add_access(ref: Referentiel, organisation: Organisation, suffix: str) -> None:
    ref.account_grant = make_account_grant(organisation, ref.application, f"martin{suffix}", person=ref.person)
    ref.review_campaign = make_review_campaign(organisation, f"Revue annuelle des accès{suffix}")
    ref.access_review = make_review(ref.review_campaign, ref.account_grant, reviewer=ref.person)
    ref.movement = make_movement(organisation, ref.person)
    ref.checklist_item = make_checklist_item(ref.movement)
