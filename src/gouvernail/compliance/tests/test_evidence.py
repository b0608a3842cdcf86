from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gouvernail.compliance.choices import MeasureStatus
from gouvernail.compliance.evidence import PROBES
from gouvernail.compliance.services import evidence_refresh, item_evidence, measure_decide
from gouvernail.core.services import AccountState, directory_accounts_replace
from gouvernail.steering.choices import ActionStatus
from gouvernail.testing.factories.compliance import make_assessment
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.steering import make_action

TODAY = date(2026, 3, 15)


def accounts(org, *, with_mfa: int, without_mfa: int) -> None:
    """A directory sync: `with_mfa` enabled accounts with MFA, `without_mfa` without."""
    states = {}
    for n in range(with_mfa + without_mfa):
        person = make_person(org, f"Agent{n}", email=f"agent{n}@test.example")
        states[person.pk] = AccountState(True, n < with_mfa, TODAY)
    directory_accounts_replace(organisation=org, states=states)


@pytest.fixture
def mfa_item(org):
    """Measure 2 of the small framework is bound to the MFA coverage."""
    assessment = make_assessment(org)
    return assessment.items.get(measure__ref_id="2")


def test_a_bound_measure_proposes_a_status_with_its_reason(org, mfa_item):
    accounts(org, with_mfa=79, without_mfa=21)

    evidence, status, explanation = item_evidence(mfa_item, today=TODAY)

    assert status == MeasureStatus.PARTIAL
    assert explanation == "proposé : partielle — couverture MFA 79\u00a0% < 95\u00a0%"
    assert evidence[0].value == "79\u00a0%" and evidence[0].url.startswith("/personnes/?")


def test_a_sync_raising_mfa_coverage_flips_the_stored_proposal(org, mfa_item):
    accounts(org, with_mfa=79, without_mfa=21)
    evidence_refresh(assessment=mfa_item.assessment, today=TODAY, acting_user=None)
    mfa_item.refresh_from_db()
    assert mfa_item.proposed_status == MeasureStatus.PARTIAL

    states = {a.person_id: AccountState(True, True, TODAY) for a in org_accounts(org)}
    directory_accounts_replace(organisation=org, states=states)
    moved = evidence_refresh(assessment=mfa_item.assessment, today=TODAY, acting_user=None)

    mfa_item.refresh_from_db()
    assert moved == 1
    assert mfa_item.proposed_status == MeasureStatus.APPLIED
    assert "couverture MFA 100\u00a0% ≥ 95\u00a0%" in mfa_item.proposal_explanation
    # The journal keeps the earlier proposal.
    assert [h.proposed_status for h in mfa_item.history.order_by("history_date")][-2:] == ["partielle", "appliquee"]


def org_accounts(org):
    from gouvernail.core.models import DirectoryAccount

    return DirectoryAccount.objects.filter(organisation=org)


def test_without_data_the_evidence_proposes_nothing(org, mfa_item):
    _, status, explanation = item_evidence(mfa_item, today=TODAY)

    assert status == ""
    assert "aucune donnée" in explanation


def test_departing_from_the_proposal_needs_a_reason_and_both_are_kept(org, mfa_item):
    accounts(org, with_mfa=79, without_mfa=21)
    evidence_refresh(assessment=mfa_item.assessment, today=TODAY, acting_user=None)
    mfa_item.refresh_from_db()

    with pytest.raises(ValidationError):
        measure_decide(item=mfa_item, status=MeasureStatus.APPLIED, acting_user=None)
    measure_decide(
        item=mfa_item,
        status=MeasureStatus.APPLIED,
        reason="Les 21 comptes sont des boîtes partagées.",
        acting_user=None,
    )

    mfa_item.refresh_from_db()
    assert mfa_item.status == MeasureStatus.APPLIED
    assert mfa_item.decided_status_proposal == MeasureStatus.PARTIAL
    assert "79\u00a0%" in mfa_item.decided_explanation
    assert mfa_item.override_reason.startswith("Les 21 comptes")


def test_confirming_the_proposal_needs_no_reason(org, mfa_item):
    accounts(org, with_mfa=100, without_mfa=0)
    evidence_refresh(assessment=mfa_item.assessment, today=TODAY, acting_user=None)
    mfa_item.refresh_from_db()

    measure_decide(item=mfa_item, status=MeasureStatus.APPLIED, acting_user=None)

    assert mfa_item.override_reason == ""


def test_not_applicable_needs_its_reason(org, mfa_item):
    with pytest.raises(ValidationError):
        measure_decide(item=mfa_item, status=MeasureStatus.NOT_APPLICABLE, acting_user=None)


def test_the_linked_actions_are_evidence_and_their_status_feeds_the_proposal(org):
    item = make_assessment(org).items.get(measure__ref_id="1")
    action = make_action(org, 11, title="Retirer les droits d'administrateur local", status=ActionStatus.TO_PLAN)
    item.actions.add(action)

    _, before, explanation = item_evidence(item, today=TODAY)
    action.status = ActionStatus.DONE
    action.save()
    _, after, _ = item_evidence(item, today=TODAY)

    assert (before, after) == (MeasureStatus.NOT_APPLIED, MeasureStatus.APPLIED)
    assert "n° 11 « à planifier »" in explanation


def test_several_sources_propose_the_least_favourable_status(org):
    from gouvernail.compliance.models import EvidenceBinding

    assessment = make_assessment(org)
    item = assessment.items.get(measure__ref_id="2")
    EvidenceBinding.objects.create(
        organisation=org, framework=assessment.version.framework, measure_ref="2", probe="phishing_12m"
    )
    accounts(org, with_mfa=100, without_mfa=0)

    evidence, status, _ = item_evidence(item, today=TODAY)

    assert [e.proposed for e in evidence] == [MeasureStatus.APPLIED, MeasureStatus.NOT_APPLIED]
    assert status == MeasureStatus.NOT_APPLIED


@pytest.mark.parametrize("code", sorted(PROBES))
def test_every_probe_answers_on_an_empty_organisation(code, org):
    item = make_assessment(org).items.first()

    evidence = PROBES[code].compute(org, TODAY, None, item)

    assert evidence.probe == code
    assert evidence.proposed in (None, *MeasureStatus.values)
    assert evidence.reason


def test_measured_data_outweighs_an_action_not_started(org, mfa_item):
    accounts(org, with_mfa=80, without_mfa=20)
    mfa_item.actions.add(make_action(org, 12, title="Activer la 2FA", status=ActionStatus.TO_PLAN))

    evidence, status, explanation = item_evidence(mfa_item, today=TODAY)

    assert [e.probe for e in evidence] == ["mfa_coverage", "action_plan"]
    assert status == MeasureStatus.PARTIAL
    assert "n° 12 « à planifier »" in explanation


def test_an_inventory_kept_by_hand_is_partial_and_a_recent_import_applies(org):
    from gouvernail.testing.factories.connectors import make_import_record
    from gouvernail.testing.factories.inventory import make_equipment

    probe = PROBES["inventory_freshness"]
    empty = probe.compute(org, TODAY, None, None)
    make_equipment(org)
    by_hand = probe.compute(org, TODAY, None, None)
    make_import_record(org)
    imported = probe.compute(org, date.today(), None, None)

    assert (empty.proposed, by_hand.proposed) == (MeasureStatus.NOT_APPLIED, MeasureStatus.PARTIAL)
    assert imported.proposed == MeasureStatus.APPLIED
    assert "tenu à la main" in by_hand.reason
