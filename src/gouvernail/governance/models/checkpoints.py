from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError

from gouvernail.core.models import OrganisationScopedModel
from gouvernail.governance.choices import CheckpointReason
from gouvernail.governance.register_verifier import parse_statement

__all__ = ("CHECKPOINT_IMMUTABLE_MESSAGE", "RegisterCheckpoint")

CHECKPOINT_IMMUTABLE_MESSAGE = (
    "Un point de contrôle signé du registre ne se modifie ni ne se supprime : il atteste l'état du "
    "registre à une date donnée."
)


class RegisterCheckpoint(OrganisationScopedModel):
    """A signed statement of the decision register's state: its size, the RFC 9162 Merkle root
    over the recorded decisions and the chain head, signed with the organisation's Ed25519 key
    (kept outside the database). Once published (minutes, COPIL pack, download), it lets anyone
    detect a register later truncated or rewritten, even by someone with database access."""

    tree_size = models.PositiveIntegerField("nombre de décisions couvertes")
    root_hash = models.CharField("racine de Merkle", max_length=64)
    chain_head = models.CharField("tête de chaîne", max_length=64, blank=True)
    issued_at = models.DateTimeField("émis le")
    reason = models.CharField("motif", max_length=12, choices=CheckpointReason.choices)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name="décision enregistrée",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="checkpoints",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name="réunion close",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="checkpoints",
    )
    statement = models.TextField("texte signé")
    signature = models.CharField("signature Ed25519 (base64)", max_length=100)
    key_id = models.CharField("identifiant de la clé", max_length=16)
    public_key = models.CharField("clé publique (base64)", max_length=60)
    timestamp_token = models.TextField("jeton d'horodatage RFC 3161 (base64)", blank=True)

    permission_domain = "governance"

    class Meta:
        verbose_name = "point de contrôle du registre"
        verbose_name_plural = "points de contrôle du registre"
        ordering = ("-issued_at", "-pk")
        indexes = [models.Index(fields=["organisation", "-issued_at"], name="gov_checkpoint_org_issued")]

    def __str__(self) -> str:
        return f"Point de contrôle n° {self.tree_size} du {self.issued_at:%d/%m/%Y %H:%M}"

    @property
    def file_stem(self) -> str:
        """The checkpoint's file name in an export: its size then its row, so files sort in order."""
        return f"{self.tree_size:06d}-{self.pk:06d}"

    @property
    def note(self) -> str:
        """The statement with its signature line: what the minutes print and the QR code holds."""
        return f"{self.statement}\n— {self.key_id} {self.signature}\n"

    def as_file(self) -> dict:
        return {
            "statement": self.statement,
            "signature": self.signature,
            "public_key": self.public_key,
            "timestamp_token": self.timestamp_token or None,
        }

    def clean(self) -> None:
        try:
            parse_statement(self.statement)
        except ValueError as error:
            raise ValidationError({"statement": f"Texte signé illisible : {error}."}) from error

    def save(self, *args, **kwargs):
        # Only the RFC 3161 token may be added later, once: it does not change what is signed.
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("statement", "signature", "timestamp_token").first()
            if stored is not None and (
                stored["statement"] != self.statement
                or stored["signature"] != self.signature
                or (stored["timestamp_token"] and stored["timestamp_token"] != self.timestamp_token)
            ):
                raise ValidationError(CHECKPOINT_IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ProtectedError(CHECKPOINT_IMMUTABLE_MESSAGE, {self})
