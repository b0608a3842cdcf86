"""RFC 3161 timestamps of the register's checkpoints, against a real authority run by `openssl ts`
on loopback (a throw-away CA and TSA certificate made for the test)."""

import base64
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from werkzeug import Response

from gouvernail.governance import signing, timestamping
from gouvernail.governance.choices import CheckpointReason, DecisionStatus
from gouvernail.governance.models import RegisterCheckpoint
from gouvernail.governance.register import export_files
from gouvernail.governance.services import checkpoint_issue, checkpoint_timestamp, decision_record
from gouvernail.testing.factories.governance import make_decision, make_option

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl absent"),
]

TSA_CONFIG = """
[ tsa ]
default_tsa = local
[ local ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def openssl(*args, cwd: Path, data: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, input=data, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> Path:
    """A CA and a timestamping certificate (extended key usage timeStamping, critical)."""
    d = tmp_path_factory.mktemp("tsa")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    openssl(
        "req",
        "-x509",
        *ec,
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-subj",
        "/CN=AC de test",
        "-days",
        "2",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
        cwd=d,
    )
    openssl("req", "-new", *ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Horodatage de test", cwd=d)
    (d / "ext.cnf").write_text(
        "extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tsa.crt",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
        cwd=d,
    )
    (d / "serial").write_text("01\n")
    (d / "tsa.cnf").write_text(TSA_CONFIG.format(dir=d))
    return d


@pytest.fixture
def tsa(authority, httpserver, settings):
    def reply(request):
        query = authority / "query.tsq"
        query.write_bytes(request.get_data())
        der = openssl("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "query.tsq", cwd=authority)
        return Response(der, content_type="application/timestamp-reply")

    httpserver.expect_request("/tsa", method="POST").respond_with_handler(reply)
    settings.GOUVERNAIL_TSA_URL = httpserver.url_for("/tsa")
    return authority


def test_the_request_is_what_openssl_reads_as_a_sha256_query(authority):
    query = timestamping.request_der(b"gouvernail-checkpoint/1\n", nonce=12345)

    text = openssl("ts", "-query", "-in", "/dev/stdin", "-text", cwd=authority, data=query).decode()

    assert "Hash Algorithm: sha256" in text and "Nonce: 0x3039" in text and "Certificate required: yes" in text


def test_a_checkpoint_is_timestamped_after_the_commit_and_openssl_verifies_the_token(
    org, tsa, tmp_path, django_capture_on_commit_callbacks
):
    signing.create_key(org)
    decision = make_decision(org, "Valider la proposition de gouvernance")
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            decision=decision,
            outcome=DecisionStatus.ADOPTED,
            chosen_option=make_option(decision, "Oui"),
            rationale="Motivation.",
            consensus=True,
            decided_on=date(2026, 1, 20),
            acting_user=None,
        )
    checkpoint = RegisterCheckpoint.objects.get(organisation=org)
    assert checkpoint.timestamp_token

    files = export_files(org)
    stem = f"points-de-controle/{checkpoint.file_stem}"
    for suffix in (".txt", ".tsr"):
        (tmp_path / f"x{suffix}").write_bytes(files[f"{stem}{suffix}"])
    result = subprocess.run(
        ["openssl", "ts", "-verify", "-data", "x.txt", "-in", "x.tsr", "-CAfile", str(tsa / "ca.crt")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "Verification: OK" in result.stdout, result.stdout + result.stderr


def test_a_token_for_another_text_does_not_verify(org, tsa, tmp_path):
    signing.create_key(org)
    checkpoint = checkpoint_issue(organisation=org, reason=CheckpointReason.MANUAL, acting_user=None)
    checkpoint = checkpoint_timestamp(checkpoint=checkpoint, acting_user=None)
    (tmp_path / "x.tsr").write_bytes(base64.b64decode(checkpoint.timestamp_token))
    (tmp_path / "x.txt").write_text(checkpoint.statement.replace("tree-size: 0", "tree-size: 1"))

    result = subprocess.run(
        ["openssl", "ts", "-verify", "-data", "x.txt", "-in", "x.tsr", "-CAfile", str(tsa / "ca.crt")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert "Verification: OK" not in result.stdout


def test_an_unreachable_authority_leaves_the_decision_recorded_without_timestamp(
    org, settings, caplog, django_capture_on_commit_callbacks
):
    settings.GOUVERNAIL_TSA_URL = "http://127.0.0.1:9/tsa"
    signing.create_key(org)
    with django_capture_on_commit_callbacks(execute=True):
        checkpoint = checkpoint_issue(organisation=org, reason=CheckpointReason.MANUAL, acting_user=None)

    checkpoint.refresh_from_db()
    assert checkpoint.timestamp_token == ""
    assert "non horodaté" in caplog.text and "ne répond pas" in caplog.text


def test_a_refusing_authority_is_reported_in_french(org, httpserver, settings):
    # TimeStampResp { PKIStatusInfo { status 2 (rejection) } }
    httpserver.expect_request("/tsa").respond_with_data(bytes.fromhex("30053003020102"))
    settings.GOUVERNAIL_TSA_URL = httpserver.url_for("/tsa")

    with pytest.raises(timestamping.TimestampError, match="a refusé la demande \\(statut 2\\)"):
        timestamping.timestamp(b"texte")
