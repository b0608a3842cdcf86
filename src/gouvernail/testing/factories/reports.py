"""Builders for the rows of the `reports` app: a valid row with sensible defaults, overridable."""

import hashlib

from django.core.files.base import ContentFile

from gouvernail.governance.models import (
    Meeting,
)
from gouvernail.reports.models import CopilPack


def make_copil_pack(meeting: Meeting, content: bytes = b"%PDF-1.7 dossier de test", **fields) -> CopilPack:
    """An archived pack row with a small file, without rendering (see reports.packs for real ones)."""
    pack = CopilPack(
        organisation=meeting.organisation,
        meeting=meeting,
        format=fields.pop("format", "pdf"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        snapshot=fields.pop("snapshot", {"version": 1}),
        **fields,
    )
    pack.file.save(f"dossier-{meeting.pk}.{pack.format}", ContentFile(content), save=False)
    pack.save()
    return pack
