import base64
import json
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError

from gouvernail.governance import register_verifier as rv
from gouvernail.governance import signing
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.models import Decision, RegisterCheckpoint
from gouvernail.governance.register import export_files, inclusion_proof, live_leaves, verify_register
from gouvernail.governance.services import decision_record
from gouvernail.testing.factories.governance import make_decision, make_option

pytestmark = pytest.mark.django_db


def record(org, question, **fields):
    decision = make_decision(org, question, **fields)
    option = make_option(decision, "Oui")
    return decision_record(
        decision=decision,
        outcome=DecisionStatus.ADOPTED,
        chosen_option=option,
        rationale="Motivation.",
        consensus=True,
        decided_on=date(2026, 1, 20),
        acting_user=None,
    )


@pytest.fixture
def signed_register(org):
    signing.create_key(org)
    return [record(org, f"Décision {i}") for i in range(1, 4)]


def write_export(org, directory: Path) -> Path:
    for name, content in export_files(org).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(content)
    return directory


def run_verifier(directory: Path, *args) -> subprocess.CompletedProcess:
    """The exported verifier, run from a copy of the export in isolated mode (-I): no Gouvernail,
    no Django, no database, only the files and the standard library plus `cryptography`."""
    return subprocess.run(
        [sys.executable, "-I", str(directory / "verifier.py"), str(directory), *args],
        capture_output=True,
        text=True,
        cwd=directory,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def rewrite(entries: list[dict], position: int, **changes) -> None:
    """What someone with write access would do: change a decision, then recompute its hash and
    every following one so that the chain is whole again."""
    entries[position]["content"].update(changes)
    previous = entries[position - 1]["content_hash"] if position else ""
    for entry in entries[position:]:
        entry["content"]["previous_hash"] = previous
        entry["content_hash"] = previous = rv.content_hash(entry["content"])


# -- Merkle tree ----------------------------------------------------------------------------------


# The test leaves and roots of Certificate Transparency's reference implementation (RFC 6962/9162).
CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.mark.parametrize("size", range(1, 9))
def test_the_merkle_root_matches_the_certificate_transparency_test_vectors(size):
    leaves = [bytes.fromhex(h) for h in CT_LEAVES[:size]]

    assert rv.merkle_root(leaves).hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_every_leaf_s_inclusion_proof_verifies_and_only_at_its_own_place(size):
    leaves = [bytes([i]) * 32 for i in range(size)]
    root = rv.merkle_root(leaves)

    for index, leaf in enumerate(leaves):
        path = rv.inclusion_path(index, leaves)
        assert rv.verify_inclusion(leaf, index, size, path, root)
        assert not rv.verify_inclusion(b"\xff" * 32, index, size, path, root)
        if size > 1:
            assert not rv.verify_inclusion(leaf, (index + 1) % size, size, path, root)


# -- Checkpoints ----------------------------------------------------------------------------------


def test_recording_a_decision_signs_a_checkpoint_of_the_register(org, signed_register):
    checkpoint = RegisterCheckpoint.objects.filter(organisation=org).order_by("-tree_size").first()

    fields = rv.parse_statement(checkpoint.statement)
    assert fields["tree-size"] == 3 and checkpoint.decision == signed_register[-1]
    assert fields["organisation"] == org.slug
    assert fields["chain-head"] == signed_register[-1].content_hash
    assert fields["root-hash"] == rv.merkle_root(live_leaves(org)).hex()
    public_key = signing.load_key(org).public_key()
    assert rv.signature_valid(public_key, checkpoint.statement, checkpoint.signature)
    assert not rv.signature_valid(
        public_key, checkpoint.statement.replace("tree-size: 3", "tree-size: 4"), checkpoint.signature
    )
    assert RegisterCheckpoint.objects.filter(organisation=org).count() == 3


def test_without_a_signing_key_a_decision_is_recorded_without_checkpoint(org):
    record(org, "Décision sans clé")

    assert not RegisterCheckpoint.objects.exists()


def test_the_signing_key_is_a_private_file_outside_the_database(org, register_key_dir):
    path, created = signing.create_key(org)

    assert created and path.parent == register_key_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.create_key(org) == (path, False)


def test_a_checkpoint_is_neither_edited_nor_deleted(org, signed_register):
    checkpoint = RegisterCheckpoint.objects.filter(organisation=org).first()

    checkpoint.statement = checkpoint.statement.replace("tree-size", "tree-size")
    checkpoint.signature = base64.b64encode(b"x" * 64).decode()
    with pytest.raises(ValidationError, match="ne se modifie ni ne se supprime"):
        checkpoint.save()
    with pytest.raises(ProtectedError):
        RegisterCheckpoint.objects.get(pk=checkpoint.pk).delete()


def test_an_inclusion_proof_ties_a_decision_to_a_signed_root(org, signed_register):
    checkpoint = RegisterCheckpoint.objects.filter(organisation=org).order_by("-tree_size").first()

    proof = inclusion_proof(signed_register[0], checkpoint)

    assert rv.verify_inclusion(
        bytes.fromhex(signed_register[0].content_hash),
        proof["leaf_index"],
        checkpoint.tree_size,
        [bytes.fromhex(h) for h in proof["audit_path"]],
        bytes.fromhex(checkpoint.root_hash),
    )


# -- The standalone verifier, from the exported files alone ----------------------------------------


def test_an_exported_register_verifies_offline_with_only_its_files(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")

    result = run_verifier(directory)

    assert result.returncode == 0, result.stdout
    assert "Registre vérifié : aucune anomalie." in result.stdout
    assert "3 décision(s), 3 point(s) de contrôle, 3 preuve(s) d'inclusion." in result.stdout
    assert sorted(p.name for p in directory.iterdir()) == [
        "LISEZMOI.md",
        "cle-publique.pem",
        "points-de-controle",
        "registre.json",
        "verifier.py",
    ]


def test_the_verifier_detects_an_exported_decision_edited_in_place(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    register_file = directory / "registre.json"
    register_file.write_text(register_file.read_text().replace('"Décision 2"', '"Décision 2 (modifiée)"'))

    result = run_verifier(directory)

    assert result.returncode == 1
    assert "Décision n° 2 : contenu modifié" in result.stdout


def test_the_verifier_detects_a_truncated_register(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    register = json.loads((directory / "registre.json").read_text())
    register["decisions"].pop()
    (directory / "registre.json").write_text(json.dumps(register, ensure_ascii=False))

    result = run_verifier(directory)

    assert result.returncode == 1
    assert (
        "le registre ne compte que 2 décision(s), le point de contrôle en couvrait 3 — registre tronqué"
        in result.stdout
    )


def test_the_verifier_detects_a_register_rewritten_and_rechained(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    register = json.loads((directory / "registre.json").read_text())
    rewrite(register["decisions"], 1, rationale="Motivation réécrite.")
    (directory / "registre.json").write_text(json.dumps(register, ensure_ascii=False))

    result = run_verifier(directory)

    assert result.returncode == 1
    assert "contenu modifié" not in result.stdout and "chaînage rompu" not in result.stdout
    assert "Point de contrôle n° 3" in result.stdout and "registre réécrit" in result.stdout
    assert "Décision n° 2 : preuve d'inclusion invalide." in result.stdout


def test_the_verifier_refuses_a_checkpoint_signed_by_another_key(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    other = tmp_path / "autre.pem"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other.write_bytes(signing.public_key_pem(Ed25519PrivateKey.generate().public_key()))

    result = run_verifier(directory, "--cle-publique", str(other))

    assert result.returncode == 1 and "signé par une autre clé" in result.stdout


def test_a_forged_signature_is_detected(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    checkpoint_file = sorted((directory / "points-de-controle").glob("*.json"))[-1]
    checkpoint = json.loads(checkpoint_file.read_text())
    checkpoint["statement"] = checkpoint["statement"].replace("tree-size: 3", "tree-size: 2")
    checkpoint_file.write_text(json.dumps(checkpoint))

    result = run_verifier(directory)

    assert result.returncode == 1 and "signature invalide" in result.stdout


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl absent")
def test_openssl_verifies_an_exported_checkpoint_signature(org, signed_register, tmp_path):
    directory = write_export(org, tmp_path / "export")
    stem = sorted((directory / "points-de-controle").glob("*.txt"))[-1].with_suffix("")

    result = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            directory / "cle-publique.pem",
            "-rawin",
            "-in",
            f"{stem}.txt",
            "-sigfile",
            f"{stem}.sig",
        ],
        capture_output=True,
        text=True,
    )

    assert "Signature Verified Successfully" in result.stdout


# -- The live register against a published checkpoint ---------------------------------------------


@pytest.fixture
def published(org, signed_register, tmp_path):
    """The newest checkpoint as it was published (printed in the minutes, downloaded)."""
    directory = write_export(org, tmp_path / "publie")
    return sorted((directory / "points-de-controle").glob("*.json"))[-1]


def verify(org, *args) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify-decisions", "--org", org.slug, *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_the_live_register_passes_against_its_published_checkpoint(org, published):
    code, output = verify(org, "--checkpoint", str(published))

    assert code == 0, output
    assert "OK (4 point(s) de contrôle vérifié(s))" in output


def test_a_decision_edited_in_the_database_is_detected(org, published, signed_register):
    Decision.objects.filter(pk=signed_register[1].pk).update(rationale="Autre motivation.")

    code, output = verify(org, "--checkpoint", str(published))

    assert code == 1 and "Décision n° 2" in output and "contenu modifié" in output


def test_the_newest_decisions_deleted_with_their_checkpoints_are_detected(org, published, signed_register):
    # Someone with database access removes the last decision and every trace of it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_registercheckpoint WHERE tree_size = 3")
        cursor.execute(
            "DELETE FROM governance_decision_follow_up_actions WHERE decision_id = %s", [signed_register[2].pk]
        )
        cursor.execute("DELETE FROM governance_decisionoption WHERE decision_id = %s", [signed_register[2].pk])
        cursor.execute("DELETE FROM governance_decision WHERE id = %s", [signed_register[2].pk])
    assert verify_register(org) == []
    assert verify(org)[0] == 0  # what remains in the database is consistent…

    code, output = verify(org, "--checkpoint", str(published))

    assert code == 1  # …but not with what was published
    assert "le registre ne compte que 2 décision(s), le point de contrôle en couvrait 3 — registre tronqué" in output


def test_a_decision_rewritten_and_rechained_in_the_database_is_detected(org, published, signed_register):
    entries = [{"content": d.canonical_content(), "content_hash": d.content_hash} for d in signed_register]
    rewrite(entries, 1, rationale="Motivation réécrite.")
    for decision, entry in zip(signed_register[1:], entries[1:], strict=True):
        Decision.objects.filter(pk=decision.pk).update(
            rationale=entry["content"]["rationale"],
            previous_hash=entry["content"]["previous_hash"],
            content_hash=entry["content_hash"],
        )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_registercheckpoint WHERE tree_size >= 2")
    assert verify_register(org) == []

    code, output = verify(org, "--checkpoint", str(published))

    assert code == 1
    assert "la racine de Merkle ne correspond plus — registre réécrit" in output


def test_the_stored_checkpoints_catch_a_rewrite_without_any_published_file(org, signed_register):
    entries = [{"content": d.canonical_content(), "content_hash": d.content_hash} for d in signed_register]
    rewrite(entries, 2, rationale="Motivation réécrite.")
    Decision.objects.filter(pk=signed_register[2].pk).update(
        rationale="Motivation réécrite.", content_hash=entries[2]["content_hash"]
    )

    code, output = verify(org)

    assert code == 1 and "registre réécrit" in output


def test_register_key_creates_the_key_once_and_signs_the_existing_register(org):
    record(org, "Décision prise avant la clé")
    from io import StringIO

    out = StringIO()
    call_command("register-key", "--org", org.slug, stdout=out)
    call_command("register-key", "--org", org.slug, stdout=out)

    assert "clé créée" in out.getvalue() and "clé déjà présente" in out.getvalue()
    assert RegisterCheckpoint.objects.filter(organisation=org, tree_size=1).count() == 1


def test_register_export_writes_the_files_the_notice_describes(org, signed_register, tmp_path):
    call_command("register-export", "--org", org.slug, "-o", str(tmp_path / "x"), stdout=open("/dev/null", "w"))

    files = sorted(str(p.relative_to(tmp_path / "x")) for p in (tmp_path / "x").rglob("*") if p.is_file())
    assert len([f for f in files if f.startswith("points-de-controle/") and f.endswith(".json")]) == 3
    assert "registre.json" in files and "cle-publique.pem" in files
    assert "PRIVATE" not in (tmp_path / "x" / "cle-publique.pem").read_text()
    readme = (tmp_path / "x" / "LISEZMOI.md").read_text()
    assert org.slug in readme and "openssl pkeyutl -verify" in readme
