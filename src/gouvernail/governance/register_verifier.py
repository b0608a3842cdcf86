"""Vérificateur autonome du registre des décisions exporté par Gouvernail.

This module is deliberately free of Django and of the rest of Gouvernail: `register-export`
copies it, as is, into the exported directory, so that an outsider (auditor, citizen, the
Chambre régionale des comptes) can check the register with Python 3.9+ and the `cryptography`
package only, without Gouvernail's database. Gouvernail itself uses the same functions to build
its Merkle trees and to verify, so the two can never disagree.

Usage (in French, for the reader of the export):

    python3 verifier.py DOSSIER_EXPORTE [--cle-publique cle.pem] [--point-de-controle fichier.json]

Exit code 0 when everything checks, 1 on any anomaly (each one printed on its own line).

Hashing: a decision's content hash is SHA-256 over its canonical JSON (keys sorted, UTF-8, no
spaces); the register's root is the Merkle Tree Hash of RFC 9162 (section 2.1.1) whose leaves
are the 32-byte content hashes, in register order.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

STATEMENT_HEADER = "gouvernail-checkpoint/1"
REGISTER_FORMAT = "gouvernail-register/1"
CHECKPOINT_FIELDS = ("organisation", "tree-size", "root-hash", "chain-head", "issued-at", "key-id")


# -- Canonical content ---------------------------------------------------------------------------


def canonical_bytes(content: dict) -> bytes:
    """The exact bytes a decision's content hash covers."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


# -- RFC 9162 Merkle tree ------------------------------------------------------------------------


def _largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162, section 2.1.1."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = _largest_power_of_two_below(len(leaves))
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def inclusion_path(index: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162, section 2.1.3.1: the audit path of leaf `index`."""
    if len(leaves) <= 1:
        return []
    k = _largest_power_of_two_below(len(leaves))
    if index < k:
        return [*inclusion_path(index, leaves[:k]), merkle_root(leaves[k:])]
    return [*inclusion_path(index - k, leaves[k:]), merkle_root(leaves[:k])]


def verify_inclusion(leaf: bytes, index: int, tree_size: int, path: list[bytes], root: bytes) -> bool:
    """The verification algorithm of RFC 9162, section 2.1.3.2."""
    if index >= tree_size:
        return False
    fn, sn = index, tree_size - 1
    r = leaf_hash(leaf)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# -- Signed checkpoints --------------------------------------------------------------------------


def format_statement(fields: dict) -> str:
    """The signed text of a checkpoint: one `name: value` line per field, in a fixed order."""
    lines = [STATEMENT_HEADER, *(f"{name}: {fields[name]}" for name in CHECKPOINT_FIELDS)]
    return "\n".join(lines) + "\n"


def parse_statement(statement: str) -> dict:
    lines = statement.rstrip("\n").split("\n")
    if not lines or lines[0] != STATEMENT_HEADER:
        raise ValueError("en-tête inconnu (attendu « gouvernail-checkpoint/1 »)")
    fields = {}
    for line in lines[1:]:
        name, sep, value = line.partition(": ")
        if not sep or name not in CHECKPOINT_FIELDS or name in fields:
            raise ValueError(f"ligne inattendue : {line!r}")
        fields[name] = value
    missing = [name for name in CHECKPOINT_FIELDS if name not in fields]
    if missing:
        raise ValueError(f"champ(s) manquant(s) : {', '.join(missing)}")
    fields["tree-size"] = int(fields["tree-size"])
    return fields


def key_id(public_key_raw: bytes) -> str:
    """A short, stable name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key_raw).hexdigest()[:16]


def load_public_key(pem: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("la clé publique n'est pas une clé Ed25519")
    return key


def public_key_raw(public_key) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def signature_valid(public_key, statement: str, signature_b64: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(base64.b64decode(signature_b64, validate=True), statement.encode("utf-8"))
    except (InvalidSignature, ValueError):
        return False
    return True


# -- Verification of a register against checkpoints -----------------------------------------------


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_chain(entries: list[dict], report: Report, organisation_id: int | None = None) -> list[bytes]:
    """Checks each exported decision: its content hash, its number and its link to the previous
    one. Returns the leaves (content hashes as bytes) in register order."""
    leaves = []
    previous = ""
    for position, entry in enumerate(entries, start=1):
        content = entry.get("content") or {}
        sequence = content.get("sequence")
        label = f"Décision n° {sequence}"
        if sequence != position:
            report.problems.append(f"{label} : numéro inattendu (attendu {position}).")
        if organisation_id is not None and content.get("organisation") != organisation_id:
            report.problems.append(f"{label} : décision d'une autre organisation.")
        if content.get("previous_hash") != previous:
            report.problems.append(f"{label} : chaînage rompu (empreinte précédente différente).")
        computed = content_hash(content)
        if computed != entry.get("content_hash"):
            report.problems.append(f"{label} : contenu modifié (empreinte recalculée {computed}).")
        previous = entry.get("content_hash") or ""
        try:
            leaves.append(bytes.fromhex(previous))
        except ValueError:
            report.problems.append(f"{label} : empreinte illisible.")
            leaves.append(b"")
    return leaves


def check_checkpoint(
    checkpoint: dict, leaves: list[bytes], report: Report, *, public_key=None, organisation: str | None = None
) -> None:
    """Checks one checkpoint: its signature, then that the register still holds the decisions it
    covers, unchanged (same size at least, same Merkle root over that prefix, same chain head)."""
    statement = checkpoint.get("statement", "")
    try:
        fields = parse_statement(statement)
    except ValueError as error:
        report.problems.append(f"Point de contrôle illisible : {error}.")
        return
    size = fields["tree-size"]
    label = f"Point de contrôle n° {size} du {fields['issued-at']}"
    if public_key is not None:
        if fields["key-id"] != key_id(public_key_raw(public_key)):
            report.problems.append(f"{label} : signé par une autre clé ({fields['key-id']}).")
        elif not signature_valid(public_key, statement, checkpoint.get("signature", "")):
            report.problems.append(f"{label} : signature invalide.")
    if organisation is not None and fields["organisation"] != organisation:
        report.problems.append(f"{label} : organisation {fields['organisation']}, pas {organisation}.")
    if size > len(leaves):
        report.problems.append(
            f"{label} : le registre ne compte que {len(leaves)} décision(s), le point de contrôle en "
            f"couvrait {size} — registre tronqué."
        )
        return
    if merkle_root(leaves[:size]).hex() != fields["root-hash"]:
        report.problems.append(f"{label} : la racine de Merkle ne correspond plus — registre réécrit.")
    head = leaves[size - 1].hex() if size else ""
    if head != fields["chain-head"]:
        report.problems.append(f"{label} : la tête de chaîne ne correspond plus — registre réécrit.")


def check_inclusion_proofs(entries: list[dict], checkpoints: dict[str, dict], report: Report) -> int:
    """Checks each decision's inclusion proof against the checkpoint it names. Returns how many."""
    checked = 0
    for entry in entries:
        proof = entry.get("inclusion")
        if not proof:
            continue
        checkpoint = checkpoints.get(proof.get("checkpoint"))
        label = f"Décision n° {entry.get('content', {}).get('sequence')}"
        if checkpoint is None:
            report.problems.append(f"{label} : preuve d'inclusion vers un point de contrôle absent.")
            continue
        fields = parse_statement(checkpoint["statement"])
        ok = verify_inclusion(
            bytes.fromhex(entry["content_hash"]),
            proof["leaf_index"],
            fields["tree-size"],
            [bytes.fromhex(h) for h in proof["audit_path"]],
            bytes.fromhex(fields["root-hash"]),
        )
        if not ok:
            report.problems.append(f"{label} : preuve d'inclusion invalide.")
        checked += 1
    return checked


def verify_export(directory: Path, *, public_key_file: Path | None = None, extra_checkpoint: Path | None = None):
    """Verifies an exported directory on its own: register, every checkpoint, every proof."""
    report = Report()
    register = json.loads((directory / "registre.json").read_text(encoding="utf-8"))
    if register.get("format") != REGISTER_FORMAT:
        report.problems.append("registre.json : format inconnu.")
        return report
    organisation = register.get("organisation", {}).get("slug")
    public_key = load_public_key((public_key_file or directory / "cle-publique.pem").read_bytes())
    report.notes.append(f"Clé publique : {key_id(public_key_raw(public_key))} (comparez-la à la clé publiée).")
    entries = register.get("decisions", [])
    leaves = check_chain(entries, report, register.get("organisation", {}).get("id"))
    checkpoint_files = sorted((directory / "points-de-controle").glob("*.json"))
    if extra_checkpoint is not None:
        checkpoint_files.append(extra_checkpoint)
    checkpoints = {}
    for path in checkpoint_files:
        checkpoint = json.loads(path.read_text(encoding="utf-8"))
        check_checkpoint(checkpoint, leaves, report, public_key=public_key, organisation=organisation)
        checkpoints[path.stem] = checkpoint
    if not checkpoints:
        report.problems.append("Aucun point de contrôle signé : le registre ne peut pas être vérifié par un tiers.")
    proofs = check_inclusion_proofs(entries, checkpoints, report)
    report.notes.append(
        f"{len(entries)} décision(s), {len(checkpoints)} point(s) de contrôle, {proofs} preuve(s) d'inclusion."
    )
    history = sum(1 for entry in entries if (entry.get("content") or {}).get("history") is True)
    if history:
        # Their number is the place of their import, their date the one of the decision.
        report.notes.append(f"Dont {history} reprise(s) d'historique (décisions prises avant le registre).")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie un registre des décisions exporté par Gouvernail.")
    parser.add_argument("dossier", type=Path, help="le dossier produit par « gouvernail register-export »")
    parser.add_argument("--cle-publique", type=Path, help="la clé publique publiée par la collectivité (PEM)")
    parser.add_argument("--point-de-controle", type=Path, help="un point de contrôle publié à part (JSON)")
    args = parser.parse_args(argv)
    try:
        report = verify_export(args.dossier, public_key_file=args.cle_publique, extra_checkpoint=args.point_de_controle)
    except (OSError, ValueError, KeyError) as error:
        print(f"Vérification impossible : {error}")
        return 1
    for note in report.notes:
        print(note)
    for problem in report.problems:
        print(f"ANOMALIE — {problem}")
    print("Registre vérifié : aucune anomalie." if report.ok else f"{len(report.problems)} anomalie(s).")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
