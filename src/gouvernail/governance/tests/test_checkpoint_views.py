import io
import json
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from gouvernail.core.choices import Role
from gouvernail.governance import register_verifier as rv
from gouvernail.governance import signing
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.models import RegisterCheckpoint
from gouvernail.governance.services import decision_record
from gouvernail.testing.factories.governance import make_committee, make_decision, make_meeting, make_option

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(org):
    signing.create_key(org)
    decisions = []
    for question in ("Scénario cible", "Charte informatique"):
        decision = make_decision(org, question)
        decisions.append(
            decision_record(
                decision=decision,
                outcome=DecisionStatus.ADOPTED,
                chosen_option=make_option(decision, "Oui"),
                rationale="Motivation.",
                consensus=True,
                decided_on=date(2026, 1, 20),
                acting_user=None,
            )
        )
    return decisions


def newest(org) -> RegisterCheckpoint:
    return RegisterCheckpoint.objects.filter(organisation=org).order_by("-tree_size").first()


def test_a_checkpoint_page_shows_the_signed_text_and_its_qr_code(org, signed, client_for):
    checkpoint = newest(org)

    page = client_for(Role.ELU).get(checkpoint.get_absolute_url()).content.decode()

    assert checkpoint.root_hash in page and checkpoint.signature in page
    assert 'aria-label="Code QR du point de contrôle"' in page
    assert "Modifier" not in page


def test_a_downloaded_checkpoint_is_the_file_the_verifier_reads(org, signed, client_for):
    checkpoint = newest(org)

    response = client_for(Role.AUDITEUR).get(f"/decisions/registre/points-de-controle/{checkpoint.pk}/telecharger/")

    assert json.loads(response.content) == checkpoint.as_file()
    assert f"point-de-controle-{org.slug}-" in response["Content-Disposition"]


def test_the_zipped_register_verifies_offline(org, signed, client_for, tmp_path):
    response = client_for(Role.PRESTATAIRE).get("/decisions/registre/export.zip")

    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path / "zip")
    [folder] = list((tmp_path / "zip").iterdir())
    result = subprocess.run(
        [sys.executable, "-I", str(folder / "verifier.py"), str(folder)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


def test_the_verification_page_reports_the_checkpoints(org, signed, client_for):
    page = client_for(Role.AUDITEUR).get("/decisions/registre/verification/").content.decode()

    assert "2 point(s) de contrôle vérifié(s)" in page


def test_the_verification_page_reports_a_register_that_no_longer_matches_its_checkpoints(org, signed, client_for):
    from gouvernail.governance.models import Decision

    Decision.objects.filter(pk=signed[1].pk).update(content_hash="0" * 64)

    page = client_for(Role.AUDITEUR).get("/decisions/registre/verification/").content.decode()

    assert "Le registre ne correspond plus à ses points de contrôle signés" in page
    assert "registre réécrit" in page


def test_the_verification_page_says_how_to_create_the_key(org, client_for):
    page = client_for(Role.AUDITEUR).get("/decisions/registre/verification/").content.decode()

    assert "gouvernail register-key" in page


def test_a_recorded_decision_shows_its_inclusion_proof(org, signed, client_for):
    page = client_for(Role.ELU).get(signed[0].get_absolute_url()).content.decode()

    assert "Preuve d'inclusion dans le registre signé" in page
    # In a two-leaf tree, the audit path of the first leaf is the second leaf's hash.
    assert rv.leaf_hash(bytes.fromhex(signed[1].content_hash)).hex() in page


def test_closing_a_meeting_signs_a_checkpoint(org, client_for):
    signing.create_key(org)
    meeting = make_meeting(make_committee(org), "COPIL n° 3")
    data = {"title": meeting.title, "committee": meeting.committee_id, "date": "10/03/2026", "status": "tenue"}
    data["row_version_seen"] = meeting.row_version

    response = client_for(Role.REFERENT_SI).post(f"/reunions/{meeting.pk}/modifier/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    [checkpoint] = RegisterCheckpoint.objects.filter(meeting=meeting)
    assert checkpoint.reason == "reunion"
