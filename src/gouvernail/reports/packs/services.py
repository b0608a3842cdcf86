"""Creating an archived COPIL pack: the only way a `CopilPack` row comes to exist."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from gouvernail.governance.models import Meeting
from gouvernail.reports.choices import PackFormat
from gouvernail.reports.models import CopilPack
from gouvernail.reports.packs.deck import render_pptx
from gouvernail.reports.packs.document import render_pdf
from gouvernail.reports.packs.snapshot import build_snapshot
from gouvernail.reports.packs.style import style_of

__all__ = ("copil_pack_create", "pack_filename", "pack_snapshot", "render_pack")

RENDERERS = {PackFormat.PPTX: render_pptx, PackFormat.PDF: render_pdf}


def pack_snapshot(meeting: Meeting, *, today=None) -> dict:
    """The data the pack of `meeting` shows. For a past meeting already packed, the snapshot of
    its last pack (what the COPIL was shown), not today's data; otherwise a fresh one."""
    today = today or timezone.localdate()
    if meeting.date < today:
        archived = meeting.copil_packs.order_by("-created_at", "-pk").first()
        if archived is not None:
            return archived.snapshot
    return build_snapshot(meeting)


def render_pack(snapshot: dict, pack_format: str, organisation) -> bytes:
    if pack_format not in RENDERERS:
        raise ValueError(f"Format inconnu : {pack_format} (pptx ou pdf).")
    return RENDERERS[pack_format](snapshot, style_of(organisation))


def pack_filename(meeting: Meeting, pack_format: str) -> str:
    return f"dossier-copil-{slugify(meeting.committee.name)}-{meeting.date:%Y-%m-%d}.{pack_format}"


def copil_pack_create(*, meeting: Meeting, pack_format: str, acting_user=None, notify: bool = True) -> CopilPack:
    """Renders the pack of `meeting` in `pack_format`, archives it and returns the archive row.

    Rendering happens before the transaction (it may take seconds); the row and its file are
    written together. Raises `PdfUnavailable` when WeasyPrint cannot load.
    """
    snapshot = pack_snapshot(meeting)
    content = render_pack(snapshot, pack_format, meeting.organisation)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = pack_filename(meeting, pack_format).replace(f".{pack_format}", f"-{stamp}.{pack_format}")
    with transaction.atomic():
        pack = CopilPack(
            organisation=meeting.organisation,
            meeting=meeting,
            format=pack_format,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            snapshot=snapshot,
            created_by=acting_user,
        )
        pack.file.save(name, ContentFile(content), save=False)
        pack.save()
    if notify:
        from gouvernail.reports.reminders import copil_pack_ready

        copil_pack_ready(meeting=meeting)
    return pack
