"""Reading the decision register for outsiders: its Merkle tree, inclusion proofs, the export that
`register-export` writes and the check of the live register against signed checkpoints.

The hashing itself lives in `register_verifier` (no Django), which the export ships as is.
"""

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.governance import register_verifier as rv
from gouvernail.governance import signing
from gouvernail.governance.models import Decision, RegisterCheckpoint

__all__ = (
    "export_files",
    "inclusion_proof",
    "live_leaves",
    "recorded_decisions",
    "register_state",
    "trusted_public_key",
    "verify_live_against",
)

VERIFIER_SOURCE = Path(rv.__file__)
README_TEMPLATE = Path(__file__).parent / "templates" / "governance" / "register_export_readme.md"


def recorded_decisions(organisation: Organisation):
    return (
        Decision.objects.filter(organisation=organisation)
        .recorded()
        .order_by("sequence")
        .select_related("chosen_option")
        .prefetch_related("options", "deciders")
    )


def live_leaves(organisation: Organisation) -> list[bytes]:
    """The register's leaves as stored: each recorded decision's content hash, in order."""
    hashes = Decision.objects.filter(organisation=organisation).recorded().order_by("sequence")
    return [bytes.fromhex(h) for h in hashes.values_list("content_hash", flat=True)]


def register_state(organisation: Organisation) -> dict:
    """What a new checkpoint states: the register's size, Merkle root and chain head."""
    leaves = live_leaves(organisation)
    return {
        "tree_size": len(leaves),
        "root_hash": rv.merkle_root(leaves).hex(),
        "chain_head": leaves[-1].hex() if leaves else "",
    }


def statement_for(organisation: Organisation, state: dict, issued_at: datetime, key_id: str) -> str:
    return rv.format_statement(
        {
            "organisation": organisation.slug,
            "tree-size": state["tree_size"],
            "root-hash": state["root_hash"],
            "chain-head": state["chain_head"],
            "issued-at": issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "key-id": key_id,
        }
    )


def inclusion_proof(decision: Decision, checkpoint: RegisterCheckpoint, leaves: list[bytes] | None = None) -> dict:
    """The RFC 9162 audit path of a recorded decision in the tree a checkpoint signs."""
    if leaves is None:
        leaves = live_leaves(decision.organisation)
    index = decision.sequence - 1
    path = rv.inclusion_path(index, leaves[: checkpoint.tree_size])
    return {"checkpoint": checkpoint.file_stem, "leaf_index": index, "audit_path": [h.hex() for h in path]}


def trusted_public_key(organisation: Organisation) -> Ed25519PublicKey | None:
    """The public half of the key on disk: checkpoints are checked against it, never against the
    public key a (possibly rewritten) database row carries."""
    key = signing.load_key(organisation)
    return key.public_key() if key is not None else None


def verify_live_against(organisation: Organisation, checkpoints: list[dict], public_key=None) -> list[str]:
    """Checks the live register against signed checkpoints and returns the problems. The chain
    itself (each row against its own hash) is `services.verify_register`'s job; here, the stored
    hashes must still form, over each checkpoint's prefix, the tree and the head it signed."""
    report = rv.Report()
    leaves = live_leaves(organisation)
    for checkpoint in checkpoints:
        rv.check_checkpoint(checkpoint, leaves, report, public_key=public_key, organisation=organisation.slug)
    return report.problems


def export_files(organisation: Organisation) -> dict[str, bytes]:
    """The register as an outsider verifies it: file name → content (see the export's LISEZMOI.md)."""
    decisions = list(recorded_decisions(organisation))
    leaves = [bytes.fromhex(d.content_hash) for d in decisions]
    checkpoints = list(RegisterCheckpoint.objects.filter(organisation=organisation).order_by("tree_size", "pk"))
    latest = max(checkpoints, key=lambda c: (c.tree_size, c.issued_at), default=None)
    entries = []
    for decision in decisions:
        entry = {
            "content": decision.canonical_content(),
            "content_hash": decision.content_hash,
            "label": str(decision),
        }
        if latest is not None and decision.sequence <= latest.tree_size:
            entry["inclusion"] = inclusion_proof(decision, latest, leaves)
        entries.append(entry)
    register = {
        "format": rv.REGISTER_FORMAT,
        "organisation": {"id": organisation.pk, "slug": organisation.slug, "name": organisation.name},
        "exported_at": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "decisions": entries,
    }
    files = {"registre.json": _json(register)}
    for checkpoint in checkpoints:
        stem = f"points-de-controle/{checkpoint.file_stem}"
        files[f"{stem}.json"] = _json(checkpoint.as_file())
        # The signed text and the raw signature, for a check with `openssl pkeyutl -verify -rawin`.
        files[f"{stem}.txt"] = checkpoint.statement.encode("utf-8")
        files[f"{stem}.sig"] = base64.b64decode(checkpoint.signature)
        if checkpoint.timestamp_token:
            files[f"{stem}.tsr"] = base64.b64decode(checkpoint.timestamp_token)
    public_key = trusted_public_key(organisation)
    if public_key is not None:
        files["cle-publique.pem"] = signing.public_key_pem(public_key)
    files["verifier.py"] = VERIFIER_SOURCE.read_bytes()
    files["LISEZMOI.md"] = README_TEMPLATE.read_text(encoding="utf-8").replace("{slug}", organisation.slug).encode()
    return files


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
