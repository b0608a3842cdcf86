"""Spreadsheet imports on the web: upload → columns → preview → commit, and the record of each import.

The file stays on the server between steps (see `uploads.Upload`); each step re-reads it, so a
preview is always what the commit will do with the same choices.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from gouvernail.connectors import filtersets, tables
from gouvernail.connectors.forms import ColumnMappingForm, CommitForm, UploadForm, ValueMappingForm, saved_mappings
from gouvernail.connectors.models import ImportRecord
from gouvernail.connectors.services import import_file, mapping_save, mapping_values_save, merged_values
from gouvernail.connectors.spreadsheet.engine import REFUSE
from gouvernail.connectors.spreadsheet.mapping import detect_header
from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table
from gouvernail.connectors.spreadsheet.rejects import rejects_workbook
from gouvernail.connectors.spreadsheet.schemas import KINDS, get_kind
from gouvernail.connectors.spreadsheet.workbooks import TEMPLATE_FORMATS, template_workbook
from gouvernail.connectors.tasks import import_job_start
from gouvernail.connectors.uploads import Upload
from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewMixin, ObjectViewSet

SHOWN_REJECTIONS = 200


class ImportRecordDetailView(ObjectDetailView):
    template_name = "connectors/imports/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = context["object"]
        context["rejections"] = record.rejections.all()[:SHOWN_REJECTIONS]
        context["shown_rejections"] = SHOWN_REJECTIONS
        return context


class ImportRecordViews(ObjectViewSet):
    model = ImportRecord
    table = tables.ImportRecordTable
    filterset = filtersets.ImportRecordFilterSet
    read_only = True
    select_related = ("imported_by", "mapping")
    detail_view = ImportRecordDetailView
    detail_fields = (
        "created",
        "kind",
        "file_name",
        "sha256",
        "imported_by",
        "on_error",
        "status",
        "header_row",
        "mapping",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
    )


class RejectsDownloadView(ObjectViewMixin, View):
    """The rejected rows of an import as XLSX, with a « motif du rejet » column."""

    viewset = ImportRecordViews

    def get(self, request, *args, **kwargs):
        record = self.get_object()
        rows = ((r.row, r.cells, r.reason) for r in record.rejections.all().iterator())
        content = rejects_workbook(record.headers, rows)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stem = record.file_name.rsplit(".", 1)[0] or "import"
        # RFC 6266 encoding: file names from French offices carry accents and dashes.
        response["Content-Disposition"] = content_disposition_header(True, f"{stem}-lignes-rejetees.xlsx")
        return response


class ImportStepMixin(MembershipRequiredMixin):
    domain = "collecte"
    needs_edit = True

    def get_upload(self) -> Upload:
        upload = Upload.load(
            self.kwargs["token"], organisation_id=self.request.organisation.pk, user_id=self.request.user.pk
        )
        if upload.kind not in self.allowed_kinds():
            raise PermissionDenied("Votre rôle ne permet pas de modifier ce que ce fichier contient.")
        return upload

    def allowed_kinds(self) -> list[str]:
        """The kinds of import whose rows the user may edit (running imports is not enough)."""
        return [code for code, kind in KINDS.items() if can_edit(self.request.membership, kind.domain)]

    def unusable(self, upload: Upload, error: ImportFileError):
        upload.delete()
        messages.error(self.request, f"Fichier « {upload.file_name} » inutilisable : {error}")
        return redirect("connectors:import_upload")


class TemplateDownloadView(ImportStepMixin, View):
    """The template workbook of a kind: expected columns, an example row, the allowed values."""

    def get(self, request, *args, **kwargs):
        kind, file_format = KINDS.get(self.kwargs["kind"]), self.kwargs["format"]
        if kind is None or file_format not in TEMPLATE_FORMATS:
            raise Http404("Modèle inconnu.")
        response = HttpResponse(template_workbook(kind, file_format), content_type=TEMPLATE_FORMATS[file_format])
        # « Décisions déjà prises (historique) » → « décisions-déjà-prises-historique »: no space or
        # parenthesis in a file name, accents kept (the header encodes them).
        name = f"modele-import-{slugify(kind.label, allow_unicode=True)}.{file_format}"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


class UploadView(ImportStepMixin, TemplateView):
    template_name = "connectors/imports/upload.html"

    def get_context_data(self, **kwargs):
        allowed = self.allowed_kinds()
        return super().get_context_data(kinds=[KINDS[code] for code in allowed], **kwargs)

    def get(self, request, *args, **kwargs):
        form = UploadForm(initial=request.GET.dict(), kinds=self.allowed_kinds())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES, kinds=self.allowed_kinds())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            upload = Upload.store(
                form.cleaned_data["file"],
                organisation_id=request.organisation.pk,
                user_id=request.user.pk,
                kind=form.cleaned_data["kind"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("connectors:import_mapping", token=upload.token)


class CancelView(ImportStepMixin, View):
    """Abandons an import between its steps: the file is deleted at once, not after a day."""

    def post(self, request, *args, **kwargs):
        upload = self.get_upload()
        upload.delete()
        messages.info(request, f"Import de « {upload.file_name} » abandonné : le fichier déposé est supprimé.")
        return redirect("connectors:import_upload")


class MappingView(ImportStepMixin, TemplateView):
    """The header row found and the proposed mapping, which the user corrects or saves under a name."""

    template_name = "connectors/imports/mapping.html"

    def context_for(self, upload: Upload, form=None, mapping_id: int | None = None):
        kind = get_kind(upload.kind)
        mappings = list(saved_mappings(self.request.organisation, upload.kind))
        chosen = next((m for m in mappings if m.pk == mapping_id), None)
        if mapping_id is None and upload.mapping_id is None and mappings:
            chosen = mappings[0]  # the mapping used last is proposed first
        elif mapping_id is None:
            chosen = next((m for m in mappings if m.pk == upload.mapping_id), None)
        column_mapping, _ = detect_header(open_table(upload.path), kind, chosen.columns if chosen else None)
        initial = upload.column_fields() if (upload.fields is not None and mapping_id is None) else None
        form = form or ColumnMappingForm(
            kind=kind, headers=column_mapping.headers, initial_fields=initial or column_mapping.fields
        )
        how = {f"col_{index}": source for index, source in column_mapping.how.items()}
        rows = [(field, how.get(field.name, "")) for field in form.column_fields()]
        return self.get_context_data(
            upload=upload,
            kind=kind,
            form=form,
            column_mapping=column_mapping,
            mappings=mappings,
            chosen=chosen,
            rows=rows,
        )

    def get(self, request, *args, **kwargs):
        upload = self.get_upload()
        mapping_id = request.GET.get("correspondance")
        try:
            mapping_id = int(mapping_id) if mapping_id and mapping_id.isdigit() else None
            context = self.context_for(upload, mapping_id=mapping_id)
        except ImportFileError as error:
            return self.unusable(upload, error)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        upload = self.get_upload()
        kind = get_kind(upload.kind)
        mapping_id = request.POST.get("mapping_id")
        mapping_id = int(mapping_id) if mapping_id and mapping_id.isdigit() else None
        chosen = saved_mappings(request.organisation, upload.kind).filter(pk=mapping_id).first()
        try:
            column_mapping, _ = detect_header(open_table(upload.path), kind, chosen.columns if chosen else None)
        except ImportFileError as error:
            return self.unusable(upload, error)
        form = ColumnMappingForm(request.POST, kind=kind, headers=column_mapping.headers, initial_fields={})
        if not form.is_valid():
            return self.render_to_response(self.context_for(upload, form=form, mapping_id=mapping_id))
        fields = form.fields_by_index()
        upload.fields = {str(index): name for index, name in fields.items()}
        upload.mapping_id = chosen.pk if chosen else None
        if form.cleaned_data["save_as"]:
            column_mapping.fields = fields
            saved = mapping_save(
                organisation=request.organisation,
                kind=upload.kind,
                name=form.cleaned_data["save_as"],
                columns=column_mapping.as_saved(),
                acting_user=request.user,
            )
            upload.mapping_id = saved.pk
            messages.success(request, f"Correspondance « {saved.name} » enregistrée.")
        upload.save()
        return redirect("connectors:import_preview", token=upload.token)


def unknown_rows(result) -> list[tuple[str, str, str, str]]:
    """[(field, value key, value as typed, its first rows)] of the values no synonym knows."""
    return [
        (name, key, value.text, ", ".join(map(str, value.rows)) + (" …" if value.count > len(value.rows) else ""))
        for name, values in result.unknown_values.items()
        for key, value in values.items()
    ]


class PreviewView(ImportStepMixin, TemplateView):
    """The dry run: rows to create, to update, unchanged and rejected, what is missing from the
    référentiel (« à créer »), the values left to map; then the commit, a job of the worker
    (the page of the job follows it).

    The preview always plans the creation of what is missing, so that the page lists it; the
    commit creates it only when the box is ticked (otherwise the rows naming it are rejected)."""

    template_name = "connectors/imports/preview.html"

    def saved_mapping(self, upload: Upload):
        return saved_mappings(self.request.organisation, upload.kind).filter(pk=upload.mapping_id).first()

    def run(self, upload: Upload, *, dry_run: bool, on_error: str = REFUSE):
        return import_file(
            organisation=self.request.organisation,
            kind=upload.kind,
            path=upload.path,
            file_name=upload.file_name,
            on_error=on_error,
            dry_run=dry_run,
            mapping=self.saved_mapping(upload),
            fields=upload.column_fields(),
            acting_user=self.request.user,
            values=upload.values,
            create_missing=True,
        )

    def get(self, request, *args, **kwargs):
        upload = self.get_upload()
        if upload.fields is None:
            return redirect("connectors:import_mapping", token=upload.token)
        try:
            result, _ = self.run(upload, dry_run=True)
        except ImportFileError as error:
            return self.unusable(upload, error)
        return self.render_to_response(self.context(upload, result, CommitForm()))

    def context(self, upload, result, form, values_form=None):
        mapping = result.mapping
        columns = [(mapping.headers[i], result.kind.by_field[name].label) for i, name in mapping.fields.items()]
        saved = self.saved_mapping(upload)
        values_form = values_form or ValueMappingForm(
            kind=result.kind, unknown=unknown_rows(result), has_mapping=saved is not None
        )
        return self.get_context_data(
            upload=upload,
            result=result,
            form=form,
            values_form=values_form,
            saved_mapping=saved,
            columns=columns,
            rejections=result.rejected[:SHOWN_REJECTIONS],
            shown_rejections=SHOWN_REJECTIONS,
        )

    def post(self, request, *args, **kwargs):
        upload = self.get_upload()
        form = CommitForm(request.POST)
        if not form.is_valid() or upload.fields is None:
            return redirect("connectors:import_preview", token=upload.token)
        job = import_job_start(
            organisation=request.organisation,
            upload=upload,
            on_error=form.cleaned_data["on_error"],
            requested_by=request.user,
            create_missing=form.cleaned_data["create_missing"],
        )
        return redirect(job.get_absolute_url())


class ValuesView(PreviewView):
    """The value-mapping step of the preview: the user's answers apply to this import and, when
    asked, are remembered with the saved mapping (created under a name if there is none)."""

    def get(self, request, *args, **kwargs):
        return redirect("connectors:import_preview", token=self.kwargs["token"])

    def post(self, request, *args, **kwargs):
        upload = self.get_upload()
        if upload.fields is None:
            return redirect("connectors:import_mapping", token=upload.token)
        try:
            result, _ = self.run(upload, dry_run=True)
        except ImportFileError as error:
            return self.unusable(upload, error)
        saved = self.saved_mapping(upload)
        form = ValueMappingForm(
            request.POST, kind=result.kind, unknown=unknown_rows(result), has_mapping=saved is not None
        )
        if not form.is_valid():
            return self.render_to_response(self.context(upload, result, CommitForm(), values_form=form))
        answers = form.answers()
        upload.values = merged_values(upload.values, answers)
        if form.cleaned_data["remember"] and answers:
            if saved is not None:
                mapping_values_save(mapping=saved, values=answers, acting_user=request.user)
                messages.success(request, f"Valeurs retenues avec la correspondance « {saved.name} ».")
            elif name := form.cleaned_data.get("save_as"):
                saved = mapping_save(
                    organisation=request.organisation,
                    kind=upload.kind,
                    name=name,
                    columns=result.mapping.as_saved(),
                    values=answers,
                    acting_user=request.user,
                )
                upload.mapping_id = saved.pk
                messages.success(request, f"Correspondance « {saved.name} » enregistrée avec ses valeurs.")
        upload.save()
        return redirect("connectors:import_preview", token=upload.token)
