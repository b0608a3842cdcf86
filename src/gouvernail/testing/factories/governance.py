"""Builders for the rows of the `governance` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.core.models import Organisation, Person
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


def make_checkpoint(organisation: Organisation, **fields):
    """A checkpoint of the register signed with a throw-away key (no key file is written)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.utils import timezone

    from gouvernail.governance import signing
    from gouvernail.governance.models import RegisterCheckpoint
    from gouvernail.governance.register import register_state, statement_for

    key = Ed25519PrivateKey.generate()
    state, issued_at = register_state(organisation), timezone.now().replace(microsecond=0)
    statement = statement_for(organisation, state, issued_at, signing.key_id_of(key))
    signature, key_id, public_key = signing.sign(key, statement)
    defaults = {"reason": "manuel", "issued_at": issued_at, **state}
    return RegisterCheckpoint.objects.create(
        organisation=organisation,
        statement=statement,
        signature=signature,
        key_id=key_id,
        public_key=public_key,
        **{**defaults, **fields},
    )


def make_resolution(decision: Decision, position: int = 1, text: str = "Valider le scénario 1", **fields):
    from gouvernail.governance.models import DecisionResolution

    return DecisionResolution.objects.create(
        organisation=decision.organisation, decision=decision, position=position, text=text, **fields
    )


def make_act(organisation: Organisation, number: str = "2026_02_031", **fields):
    from gouvernail.governance.models import DecisionAct

    defaults = {"title": "Gouvernance du système d'information", "adopted_on": date(2026, 2, 12)}
    return DecisionAct.objects.create(organisation=organisation, number=number, **{**defaults, **fields})


def make_governance_event(committee: Committee, title: str = "Revue de la gouvernance à 6 mois", **fields):
    from gouvernail.governance.models import GovernanceEvent

    defaults = {"planned_on": date(2026, 8, 17), "kind": "revue"}
    return GovernanceEvent.objects.create(
        organisation=committee.organisation, committee=committee, title=title, **{**defaults, **fields}
    )


def make_role(organisation, name: str = "Référent SI", **fields):
    from gouvernail.governance.models import Role

    return Role.objects.create(organisation=organisation, name=name, **fields)


def make_raci(axis, role, responsibility: str = "R", **fields):
    from gouvernail.governance.models import RaciAssignment

    return RaciAssignment.objects.create(
        organisation=axis.organisation, axis=axis, role=role, responsibility=responsibility, **fields
    )
