"""The signed checkpoints of the decision register: list, detail (text and QR code), download of
one checkpoint, and the whole register export as a zip, for an outside verification."""

import io
import json
import zipfile

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import View

from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet
from gouvernail.governance import filtersets, tables
from gouvernail.governance.models import RegisterCheckpoint
from gouvernail.governance.register import export_files, qr_svg


class CheckpointDetailView(ObjectDetailView):
    template_name = "governance/registercheckpoint_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["qr_svg"] = qr_svg(context["object"].note)
        return context


class RegisterCheckpointViews(ObjectViewSet):
    model = RegisterCheckpoint
    table = tables.RegisterCheckpointTable
    filterset = filtersets.RegisterCheckpointFilterSet
    select_related = ("decision", "meeting")
    detail_view = CheckpointDetailView
    read_only = True
    detail_fields = (
        "tree_size",
        "issued_at",
        "reason",
        "decision",
        "meeting",
        "root_hash",
        "chain_head",
        "key_id",
    )


class CheckpointDownloadView(MembershipRequiredMixin, View):
    """One checkpoint as the JSON file `verify-decisions --checkpoint` and the verifier read."""

    domain = "governance"

    def get(self, request, pk):
        checkpoint = get_object_or_404(RegisterCheckpoint, organisation=request.organisation, pk=pk)
        response = HttpResponse(
            json.dumps(checkpoint.as_file(), ensure_ascii=False, indent=2) + "\n",
            content_type="application/json; charset=utf-8",
        )
        name = f"point-de-controle-{request.organisation.slug}-{checkpoint.file_stem}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RegisterExportView(MembershipRequiredMixin, View):
    """The register, its checkpoints, the public key, the verifier and its notice, zipped."""

    domain = "governance"

    def get(self, request):
        buffer = io.BytesIO()
        folder = f"registre-{request.organisation.slug}-{timezone.localdate():%Y-%m-%d}"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in export_files(request.organisation).items():
                archive.writestr(f"{folder}/{name}", content)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{folder}.zip"'
        return response
