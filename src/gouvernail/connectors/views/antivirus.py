"""The antivirus state of consoles without an API, from their CSV export."""

import secrets
from pathlib import Path

from django.shortcuts import redirect
from django.views.generic import FormView

from gouvernail.connectors.antivirus.exports import ExportError, parse_export
from gouvernail.connectors.forms import AntivirusImportForm
from gouvernail.connectors.tasks import antivirus_job_start
from gouvernail.core.uploads import UploadRefused, pending_dir, purge_stale, write_capped
from gouvernail.core.views.generic import MembershipRequiredMixin


class AntivirusImportView(MembershipRequiredMixin, FormView):
    """Upload → a job, all or nothing: an unreadable cell refuses the whole file, naming line and column."""

    template_name = "connectors/antivirus_import.html"
    form_class = AntivirusImportForm
    domain = "collecte"
    needs_edit = True

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        # The preview of this import: the whole file is read here, so a bad cell is named on the
        # form; the worker reads it again to write (all or nothing).
        try:
            parse_export(uploaded.read(), product=form.cleaned_data["product"])
        except ExportError as error:
            form.add_error("file", f"Fichier refusé, rien n'a été modifié : {error}")
            return self.form_invalid(form)
        # The file waits for the worker under a random name; the job reads it, then removes it.
        purge_stale()
        path = pending_dir() / f"{secrets.token_urlsafe(18)}.antivirus.csv"
        try:
            write_capped(uploaded.chunks(), path)
        except UploadRefused as error:
            form.add_error("file", f"Fichier refusé, rien n'a été modifié : {error}")
            return self.form_invalid(form)
        job = antivirus_job_start(
            organisation=self.request.organisation,
            path=path,
            file_name=Path(uploaded.name).name[:150],
            product=form.cleaned_data["product"],
            requested_by=self.request.user,
        )
        return redirect(job.get_absolute_url())
