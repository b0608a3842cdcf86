import json
import secrets

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from gouvernail.core.uploads import UploadRefused, purge_stale, write_capped
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewSet
from gouvernail.epn import filtersets, tables
from gouvernail.epn.forms import EpnImportForm
from gouvernail.epn.importer import EpnImportError, parse_sessions, pending_path, row_dump
from gouvernail.epn.models import EpnSession
from gouvernail.epn.services import sessions_replaced_by
from gouvernail.epn.tasks import epn_import_job_start

PENDING_KEY = "epn_import_pending"


class EpnSessionViews(ObjectViewSet):
    model = EpnSession
    table = tables.EpnSessionTable
    filterset = filtersets.EpnSessionFilterSet
    read_only = True
    select_related = ("site",)
    detail_fields = ("held_on", "start_time", "duration_minutes", "workshop", "site", "source")


class EpnImportView(MembershipRequiredMixin, TemplateView):
    """Upload → preview (what will be added and replaced) → confirm. The parsed rows, already
    hashed (no raw identifier is kept anywhere), wait on disk between the two steps under a
    random token — the session holds only the token — and are deleted when the import is
    confirmed, fails or is cancelled (abandoned ones: `core.uploads.purge_stale`)."""

    template_name = "epn/import.html"
    domain = "activity"
    needs_edit = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EpnImportForm()))

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            return self.cancel(request)
        if "token" in request.POST:
            return self.confirm(request)
        form = EpnImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            parsed = parse_sessions(form.cleaned_data["file"].read(), organisation=request.organisation)
        except EpnImportError as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error.errors))
        self.discard(request)
        purge_stale()
        token = secrets.token_urlsafe(16)
        rows = json.dumps([row_dump(row) for row in parsed.rows]).encode()
        try:
            write_capped([rows], pending_path(token))
        except UploadRefused as error:
            return self.render_to_response(self.get_context_data(form=form, errors=[str(error)]))
        request.session[PENDING_KEY] = {"token": token, "organisation": request.organisation.pk}
        preview = {
            "parsed": parsed,
            "token": token,
            "replaced": sessions_replaced_by(request.organisation, parsed.rows).count(),
            "workshops": sum(1 for row in parsed.rows if row.workshop),
            "visitors": len({row.visitor_key for row in parsed.rows}),
        }
        return self.render_to_response(self.get_context_data(form=EpnImportForm(), preview=preview))

    def confirm(self, request):
        pending = request.session.get(PENDING_KEY)
        valid = (
            pending
            and pending["token"] == request.POST["token"]
            and pending["organisation"] == request.organisation.pk
            and pending_path(pending["token"]).is_file()
        )
        if not valid:
            messages.error(request, "Cet aperçu n'est plus valable : déposez à nouveau le fichier.")
            return redirect("epn:import")
        # The worker imports the rows, then removes their file; the session forgets them now.
        request.session.pop(PENDING_KEY, None)
        job = epn_import_job_start(organisation=request.organisation, token=pending["token"], requested_by=request.user)
        return redirect(job.get_absolute_url())

    def cancel(self, request):
        self.discard(request)
        messages.info(request, "Import abandonné : les séances lues dans le fichier sont supprimées.")
        return redirect("epn:import")

    @staticmethod
    def discard(request) -> None:
        pending = request.session.pop(PENDING_KEY, None)
        if pending:
            pending_path(pending["token"]).unlink(missing_ok=True)
