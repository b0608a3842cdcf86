"""The antivirus state of consoles without an API, from their CSV export."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from gouvernail.connectors.antivirus.exports import ExportError
from gouvernail.connectors.antivirus.sync import import_export
from gouvernail.connectors.forms import AntivirusImportForm
from gouvernail.connectors.runner import after_sync
from gouvernail.core.formatting import unit_agreed
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
    # « mis » stays as it is: only the counted nouns and adjectives agree.
    return (
        f"{counts.updated} {unit_agreed('postes', counts.updated)} mis à jour, "
        f"{counts.unchanged} {unit_agreed('inchangés', counts.unchanged)}, "
        f"{counts.unmatched} {unit_agreed('machines non rapprochées', counts.unmatched)} de l'inventaire"
    )
