"""Reading the decision register for outsiders: its Merkle tree, inclusion proofs, the export that
`register-export` writes and the check of the live register against signed checkpoints.

The hashing itself lives in `register_verifier` (no Django), which the export ships as is.
"""

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.governance import register_verifier as rv
from gouvernail.governance import signing
from gouvernail.governance.models import Decision, RegisterCheckpoint

__all__ = (
    "ChainBreak",
    "checkpoint_for_meeting",
    "export_files",
    "inclusion_proof",
    "live_leaves",
    "qr_svg",
    "recorded_decisions",
    "register_problems",
    "register_state",
    "trusted_public_key",
    "verify_live_against",
    "verify_register",
)


@dataclass(frozen=True)
class ChainBreak:
    decision_id: int
    sequence: int | None
    problem: str
    expected: str
    stored: str

    def __str__(self) -> str:
        return (
            f"Décision n° {self.sequence} (ligne {self.decision_id}) : {self.problem} — "
            f"attendu {self.expected or '(vide)'}, enregistré {self.stored or '(vide)'}"
        )


def verify_register(organisation: Organisation) -> list[ChainBreak]:
    """Recomputes every recorded decision's hash and checks each one links to the previous one."""
    breaks = []
    expected_sequence = 1
    previous_hash = ""
    decisions = (
        Decision.objects.filter(organisation=organisation)
        .recorded()
        .order_by("sequence")
        .select_related("chosen_option")
        .prefetch_related("options", "resolutions__option")
    )
    for decision in decisions:
        if decision.sequence != expected_sequence:
            breaks.append(
                ChainBreak(
                    decision.pk, decision.sequence, "numéro manquant", str(expected_sequence), str(decision.sequence)
                )
            )
        if decision.previous_hash != previous_hash:
            breaks.append(
                ChainBreak(decision.pk, decision.sequence, "chaînage rompu", previous_hash, decision.previous_hash)
            )
        computed = decision.compute_hash()
        if computed != decision.content_hash:
            breaks.append(
                ChainBreak(decision.pk, decision.sequence, "contenu modifié", computed, decision.content_hash)
            )
        expected_sequence = decision.sequence + 1
        previous_hash = decision.content_hash
    return breaks


VERIFIER_SOURCE = Path(rv.__file__)
README_TEMPLATE = Path(__file__).parent / "templates" / "governance" / "register_export_readme.md"


def recorded_decisions(organisation: Organisation):
    return (
        Decision.objects.filter(organisation=organisation)
        .recorded()
        .order_by("sequence")
        .select_related("chosen_option")
        .prefetch_related("options", "deciders", "resolutions__option")
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


def register_problems(organisation: Organisation, published: list[dict] = (), public_key=None) -> tuple[list[str], int]:
    """Everything wrong with an organisation's register, in French, and how many checkpoints were
    checked: the hash chain, the stored signed checkpoints and `published` ones, against
    `public_key` or else the key on disk. Shared by `verify-decisions` and `restore`."""
    problems = [str(b) for b in verify_register(organisation)]
    key = public_key or trusted_public_key(organisation)
    stored = [c.as_file() for c in RegisterCheckpoint.objects.filter(organisation=organisation)]
    checked = stored + list(published)
    if checked and key is None:
        problems.append("aucune clé de signature pour vérifier les points de contrôle (--public-key)")
    problems += verify_live_against(organisation, checked, public_key=key)
    return problems, len(checked)


def verify_live_against(organisation: Organisation, checkpoints: list[dict], public_key=None) -> list[str]:
    """Checks the live register against signed checkpoints and returns the problems. The chain
    itself (each row against its own hash) is `verify_register`'s job; here, the stored
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


def qr_svg(text: str) -> str:
    """The QR code of a text as inline SVG, for the screen and the printed minutes (the `qrcode`
    package comes with allauth's MFA; without it, the text alone is printed)."""
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # pragma: no cover
        return ""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-label="Code QR du point de contrôle" ', 1)


def checkpoint_for_meeting(meeting, last_sequence: int | None = None) -> RegisterCheckpoint | None:
    """The checkpoint to print in a meeting's minutes, in one query: the one signed at its close,
    else the first one covering every decision recorded at the meeting (`last_sequence`)."""
    covering = Q(meeting=meeting)
    if last_sequence is not None:
        covering |= Q(tree_size__gte=last_sequence)
    return (
        RegisterCheckpoint.objects.filter(covering, organisation_id=meeting.organisation_id)
        .annotate(closing=Case(When(meeting=meeting, then=Value(0)), default=Value(1)))
        .order_by("closing", "tree_size", "issued_at")
        .first()
    )


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
