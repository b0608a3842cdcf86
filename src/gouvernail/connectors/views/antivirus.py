"""The antivirus state of consoles without an API, from their CSV export."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from gouvernail.connectors.antivirus.exports import ExportError
from gouvernail.connectors.antivirus.sync import import_export
from gouvernail.connectors.forms import AntivirusImportForm
from gouvernail.connectors.runner import after_sync
from gouvernail.core.views.generic import MembershipRequiredMixin


class AntivirusImportView(MembershipRequiredMixin, FormView):
    """Upload → all or nothing: an unreadable cell refuses the whole file, naming line and column."""

    template_name = "connectors/antivirus_import.html"
    form_class = AntivirusImportForm
    domain = "collecte"
    needs_edit = True

    def form_valid(self, form):
        try:
            counts = import_export(
                self.request.organisation, form.cleaned_data["file"].read(), product=form.cleaned_data["product"]
            )
        except ExportError as error:
            form.add_error("file", f"Fichier refusé, rien n'a été modifié : {error}")
            return self.form_invalid(form)
        after_sync(self.request.organisation)
        messages.success(self.request, f"État antivirus importé : {_summary(counts)}.")
        for warning in counts.warnings:
            messages.warning(self.request, warning)
        return redirect("connectors:antivirus_import")


def _summary(counts) -> str:
    def plural(count: int) -> str:
        return "s" if count > 1 else ""

    return (
        f"{counts.updated} poste{plural(counts.updated)} mis à jour, "
        f"{counts.unchanged} inchangé{plural(counts.unchanged)}, "
        f"{counts.unmatched} machine{plural(counts.unmatched)} non rapprochée{plural(counts.unmatched)} de l'inventaire"
    )
