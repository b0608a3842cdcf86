import secrets
from datetime import date, time

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewSet
from gouvernail.epn import filtersets, tables
from gouvernail.epn.forms import EpnImportForm
from gouvernail.epn.importer import EpnImportError, SessionRow, parse_sessions
from gouvernail.epn.models import EpnSession
from gouvernail.epn.services import sessions_import, sessions_replaced_by

PENDING_KEY = "epn_import_pending"


class EpnSessionViews(ObjectViewSet):
    model = EpnSession
    table = tables.EpnSessionTable
    filterset = filtersets.EpnSessionFilterSet
    read_only = True
    select_related = ("site",)
    detail_fields = ("held_on", "start_time", "duration_minutes", "workshop", "site", "source")


class EpnImportView(MembershipRequiredMixin, TemplateView):
    """Upload → preview (what will be added and replaced) → confirm. The parsed rows wait in
    the session between the two steps, already hashed: no raw identifier is kept anywhere."""

    template_name = "epn/import.html"
    domain = "activity"
    needs_edit = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EpnImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = EpnImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            parsed = parse_sessions(form.cleaned_data["file"].read(), organisation=request.organisation)
        except EpnImportError as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error.errors))
        token = secrets.token_urlsafe(16)
        request.session[PENDING_KEY] = {
            "token": token,
            "organisation": request.organisation.pk,
            "rows": [_dump(row) for row in parsed.rows],
        }
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
        if (
            not pending
            or pending["token"] != request.POST["token"]
            or pending["organisation"] != request.organisation.pk
        ):
            messages.error(request, "Cet aperçu n'est plus valable : déposez à nouveau le fichier.")
            return redirect("epn:import")
        result = sessions_import(organisation=request.organisation, rows=[_load(row) for row in pending["rows"]])
        del request.session[PENDING_KEY]
        messages.success(
            request,
            f"{result.created} séances importées du {result.first_date:%d/%m/%Y} au {result.last_date:%d/%m/%Y}"
            + (f" ({result.replaced} séances précédentes remplacées)." if result.replaced else "."),
        )
        return redirect("epn:epnsession_list")


def _dump(row: SessionRow) -> list:
    start = row.start_time.strftime("%H:%M") if row.start_time else ""
    return [row.held_on.isoformat(), start, row.duration_minutes, row.visitor_key, row.workshop, row.site_id]


def _load(data: list) -> SessionRow:
    held_on, start, minutes, key, workshop, site_id = data
    return SessionRow(
        held_on=date.fromisoformat(held_on),
        start_time=time.fromisoformat(start) if start else None,
        duration_minutes=minutes,
        visitor_key=key,
        workshop=workshop,
        site_id=site_id,
    )
