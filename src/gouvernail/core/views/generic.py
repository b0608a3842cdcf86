"""Declarative list / detail / edit / delete views for organisation-scoped models.

An app declares one `ObjectViewSet` subclass per model (model, table, filterset, form) and
mounts `ViewSet.urls()`; the views below do the rest: scoping to the current organisation,
role checks, sortable and filterable lists with CSV/XLSX/ODS export of exactly the filtered
rows, a detail page with its history tab, and edits that refuse to overwrite a newer version.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, models, router, transaction
from django.db.models import F, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from gouvernail.core.collation import french_ordered
from gouvernail.core.exports import (
    EXPORT_FORMATS,
    PdfUnavailable,
    export_choices,
    long_export_start,
    table_export_response,
    table_pdf_response,
    table_row_count,
)
from gouvernail.core.formatting import display
from gouvernail.core.links import linkable_url
from gouvernail.core.models import FormSubmission
from gouvernail.core.permissions import can_edit, can_read
from gouvernail.core.references import link_references

MISSING_VERSION_MESSAGE = (
    "Le formulaire ne dit pas quelle version de la fiche vous avez lue : rien n'a été enregistré, "
    "pour ne pas écraser une modification faite entre-temps. Rechargez la page et saisissez de nouveau."
)
ALREADY_SUBMITTED_MESSAGE = (
    "Ce formulaire avait déjà été enregistré (double envoi) : aucune fiche n'a été créée en double, "
    "voici celle du premier envoi."
)
# How long a used creation token is remembered: far longer than any double click or resent request.
FORM_TOKEN_LIFETIME = timedelta(days=1)

CONFLICT_MESSAGE = (
    "Cette fiche a été modifiée par {author} le {when} depuis que vous l'avez ouverte. "
    "Vos saisies n'ont pas été enregistrées : rechargez la page pour repartir de la version actuelle."
)


class ObjectViewSet:
    """Declares the views of one model. Subclasses set the attributes; `urls()` mounts them."""

    model: type[models.Model]
    table = None
    filterset = None
    form = None
    select_related: tuple[str, ...] = ()
    # Fields (or (attribute, label) pairs for derived values) shown on the detail page.
    detail_fields: tuple = ()
    # Lists shown under the detail: (title, related manager name, table class).
    related_lists: tuple = ()
    # A model whose page shows more than fields and related lists brings its own detail view.
    detail_view: type | None = None
    domain: str | None = None  # defaults to the model's permission_domain
    # Rows written by connectors (requests, usage snapshots): a list and a detail, no edits, no history.
    read_only = False
    # The title of the list's printable PDF (landscape A4); None: no PDF export for this list.
    pdf_title: str | None = None

    @classmethod
    def save_form(cls, form, request):
        """Saves a valid form; a model whose writes go through services overrides this."""
        return form.save()

    @classmethod
    def get_domain(cls) -> str:
        return cls.domain or cls.model.permission_domain

    @classmethod
    def url_name(cls, action: str) -> str:
        return f"{cls.model._meta.app_label}:{cls.model._meta.model_name}_{action}"

    @classmethod
    def visible_queryset(cls, membership):
        return cls.model.objects.visible_to(membership).select_related(*cls.select_related)

    @classmethod
    def urls(cls, prefix: str) -> list:
        name = cls.model._meta.model_name
        detail_view = cls.detail_view or ObjectDetailView
        if cls.read_only:
            return [
                path(f"{prefix}/", ObjectListView.as_view(viewset=cls), name=f"{name}_list"),
                path(f"{prefix}/<int:pk>/", detail_view.as_view(viewset=cls), name=f"{name}_detail"),
            ]
        return [
            path(f"{prefix}/", ObjectListView.as_view(viewset=cls), name=f"{name}_list"),
            path(f"{prefix}/ajouter/", ObjectEditView.as_view(viewset=cls), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/", detail_view.as_view(viewset=cls), name=f"{name}_detail"),
            path(f"{prefix}/<int:pk>/historique/", ObjectHistoryView.as_view(viewset=cls), name=f"{name}_history"),
            path(f"{prefix}/<int:pk>/modifier/", ObjectEditView.as_view(viewset=cls), name=f"{name}_edit"),
            path(f"{prefix}/<int:pk>/supprimer/", ObjectDeleteView.as_view(viewset=cls), name=f"{name}_delete"),
        ]


class MembershipRequiredMixin(LoginRequiredMixin):
    """A logged-in user with a role in the current organisation, allowed to read `domain`."""

    domain: str = "referentiel"
    needs_edit = False

    def get_domain(self) -> str:
        return self.domain

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        membership = request.membership
        if membership is None:
            raise PermissionDenied("Vous n'avez d'habilitation dans aucune organisation.")
        allowed = can_edit if self.needs_edit else can_read
        if not allowed(membership, self.get_domain()):
            raise PermissionDenied("Votre rôle ne permet pas d'accéder à cette page.")
        return super().dispatch(request, *args, **kwargs)


class ObjectViewMixin(MembershipRequiredMixin):
    viewset: type[ObjectViewSet] | None = None

    def get_domain(self) -> str:
        return self.viewset.get_domain()

    @property
    def model(self):
        return self.viewset.model

    def get_object(self):
        """The row of the current organisation (404 otherwise), if the role may see it (403 otherwise)."""
        base = self.model.objects.filter(organisation=self.request.organisation)
        obj = get_object_or_404(base.select_related(*self.viewset.select_related), pk=self.kwargs["pk"])
        if not obj.is_visible_to(self.request.membership):
            raise PermissionDenied("Cette fiche ne vous est pas accessible.")
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context.update(
            {
                "meta": meta,
                "viewset": self.viewset,
                "can_edit": not self.viewset.read_only and can_edit(self.request.membership, self.get_domain()),
                "list_url": reverse(self.viewset.url_name("list")),
                "add_url": _reverse_or_none(self.viewset.url_name("add")),
            }
        )
        return context


def list_table(viewset, request):
    """(filterset, table) of a list page for the request's filters and sorting: what the page
    shows and what its exports hold (the worker rebuilds it the same way for a long export)."""
    queryset = french_ordered(viewset.visible_queryset(request.membership))
    filterset = viewset.filterset(request.GET or None, queryset=queryset, request=request)
    if not filterset.is_bound:
        rows = queryset
    elif filterset.is_valid():
        rows = filterset.qs
    else:
        rows = queryset.none()  # the form shows what is wrong with the filters
    return filterset, viewset.table(rows, request=request)


class ObjectListView(ObjectViewMixin, TemplateView):
    template_name = "core/object_list.html"

    def get(self, request, *args, **kwargs):
        self.filterset, self.table = list_table(self.viewset, request)
        export_format = request.GET.get("_export")
        if export_format:
            return self.export(export_format)
        RequestConfig(request, paginate={"per_page": settings.GOUVERNAIL_PAGE_SIZE}).configure(self.table)
        return super().get(request, *args, **kwargs)

    def export(self, export_format: str):
        if export_format == "pdf" and self.viewset.pdf_title:
            try:
                return table_pdf_response(
                    self.table,
                    title=self.viewset.pdf_title,
                    organisation=self.request.organisation,
                    filterset=self.filterset,
                )
            except PdfUnavailable as error:
                messages.error(self.request, str(error))
                return redirect(self.request.path)
        if export_format not in EXPORT_FORMATS:
            raise Http404("Format d'export inconnu.")
        label = str(self.model._meta.verbose_name_plural)
        start = long_export_start()
        if start is not None and table_row_count(self.table) > settings.GOUVERNAIL_EXPORT_TASK_ROWS:
            # Too long for a request: the worker writes the file, the job's page offers it.
            job = start(request=self.request, label=label, export_format=export_format)
            messages.info(self.request, "Cette liste est longue : son export est préparé, le fichier sera proposé ici.")
            return redirect(job.get_absolute_url())
        return table_export_response(self.table, export_format, label=label, organisation=self.request.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "table": self.table,
                "filterset": self.filterset,
                # Sorting or paging is not filtering.
                "is_filtered": any(self.request.GET.get(name) for name in self.filterset.filters),
                "total_count": self.table.paginator.count if self.table.page else 0,
                "export_formats": export_choices(EXPORT_FORMATS + (("pdf",) if self.viewset.pdf_title else ())),
            }
        )
        return context


class ObjectDetailView(ObjectViewMixin, TemplateView):
    template_name = "core/object_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        related = []
        for title, accessor, table_class in self.viewset.related_lists:
            manager = getattr(obj, accessor)
            # The column pointing back at this object would repeat it on every row.
            back = (manager.field.name,) if hasattr(manager, "field") else ()
            table = table_class(manager.all(), request=self.request, orderable=False, exclude=back)
            add_url = None
            if back and context["can_edit"]:
                # « Ajouter » under a project adds a report of that project.
                related_meta = manager.model._meta
                add_url = _reverse_or_none(f"{related_meta.app_label}:{related_meta.model_name}_add")
                add_url = f"{add_url}?{back[0]}={obj.pk}" if add_url else None
            related.append((title, table, add_url))
        context.update(
            {
                "object": obj,
                "fields": detail_rows(obj, self.viewset.detail_fields, membership=self.request.membership),
                "related_tables": related,
                "tab": "details",
            }
        )
        return context


class ObjectHistoryView(ObjectViewMixin, TemplateView):
    template_name = "core/object_history.html"

    def get_context_data(self, **kwargs):
        from gouvernail.core.models import JournalEntry

        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        entries = JournalEntry.objects.filter(
            organisation=self.request.organisation,
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            object_id=str(obj.pk),
        ).select_related("user")
        context.update({"object": obj, "entries": entries, "tab": "history"})
        return context


class ObjectEditView(ObjectViewMixin, TemplateView):
    template_name = "core/object_form.html"
    needs_edit = True

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object()
        return self.model(organisation=self.request.organisation)

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        # An add link may prefill fields: /points/ajouter/?project=12
        initial = self.request.GET.dict() if instance.pk is None else None
        return self.viewset.form(data, instance=instance, initial=initial, organisation=self.request.organisation)

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_to_response(self.get_context_data(form=self.get_form(instance), object=instance))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        token = None if instance.pk else posted_token(request)
        # Before validating: the row the first submission created would make the form invalid.
        first = FormSubmission.objects.filter(token=token, user=request.user).first() if token else None
        if first is not None:
            messages.info(request, ALREADY_SUBMITTED_MESSAGE)
            return HttpResponseRedirect(first.created_url or reverse(self.viewset.url_name("list")))
        form = self.get_form(instance)
        if form.is_valid():
            try:
                with transaction.atomic():
                    submission = claim_form_token(token, request.user) if token else None
                    if instance.pk and not self.claim_version(form):
                        transaction.set_rollback(True)
                        return self.render_to_response(self.get_context_data(form=form, object=instance), status=409)
                    obj = self.viewset.save_form(form, request)
                    if submission is not None:
                        submission.created_url = obj.get_absolute_url()
                        submission.save(update_fields=["created_url"])
            except AlreadySubmitted as done:
                messages.info(request, ALREADY_SUBMITTED_MESSAGE)
                return HttpResponseRedirect(done.created_url or reverse(self.viewset.url_name("list")))
            verb = "modifiée" if "pk" in self.kwargs else "créée"
            messages.success(request, f"Fiche « {obj} » {verb}.")
            return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, object=instance), status=200)

    def claim_version(self, form) -> bool:
        """Moves the row to the next version only if nobody saved it since the form was read.

        A form that does not say which version it read (the hidden field missing, emptied or 0)
        is refused: saving it would silently overwrite whatever was saved meanwhile."""
        instance = form.instance
        seen = form.cleaned_data.get("row_version_seen")
        if not seen:
            form.add_error(None, MISSING_VERSION_MESSAGE)
            return False
        moved = self.model.objects.filter(pk=instance.pk, row_version=seen).update(row_version=F("row_version") + 1)
        if not moved:
            form.add_error(None, conflict_message(instance))
            return False
        instance.row_version = seen + 1
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = kwargs.get("object")
        context["is_new"] = obj is None or obj.pk is None
        if context["is_new"]:
            # One token per rendered creation form; a form shown again after an error keeps its own.
            context["form_token"] = posted_token(self.request) or uuid.uuid4()
        context["cancel_url"] = context["list_url"] if context["is_new"] else obj.get_absolute_url()
        return context


class ObjectDeleteView(ObjectViewMixin, TemplateView):
    template_name = "core/object_confirm_delete.html"
    needs_edit = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context["object"] = self.get_object()
        refusal = getattr(obj, "deletion_refusal", None)
        context["refusal"] = refusal() if refusal else None
        context["cascade"] = []
        if not context["refusal"]:
            try:
                context["cascade"] = deletion_cascade(obj)
            except (ProtectedError, RestrictedError) as error:
                context["refusal"] = used_by_message(obj, error)
        return context

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        label = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            if obj in blocking:  # the row refuses its own deletion (a recorded decision): its reason
                messages.error(request, str(error.args[0]))
                return redirect(obj.get_absolute_url())
            messages.error(request, used_by_message(obj, error))
            return redirect(obj.get_absolute_url())
        messages.success(request, f"Fiche « {label} » supprimée.")
        return redirect(self.viewset.url_name("list"))


class AlreadySubmitted(Exception):
    def __init__(self, created_url: str):
        super().__init__(created_url)
        self.created_url = created_url


def posted_token(request) -> uuid.UUID | None:
    """The creation form's one-time token, when the request carries a well-formed one."""
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def claim_form_token(token: uuid.UUID, user) -> FormSubmission:
    """Marks the token used, within the caller's transaction; raises `AlreadySubmitted` with the
    page of the row created by the first submission. The unique token makes a simultaneous second
    request wait for the first one's transaction, then fail here."""
    stale = timezone.now() - FORM_TOKEN_LIFETIME
    FormSubmission.objects.filter(user=user, submitted_at__lt=stale).delete()
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        first = FormSubmission.objects.filter(token=token, user=user).first()
        raise AlreadySubmitted(first.created_url if first else "") from None


def used_by_message(obj, error: ProtectedError | RestrictedError) -> str:
    blocking = getattr(error, "protected_objects", None) or error.restricted_objects
    # A row is never « used by » itself: when only itself is in the way, its own reason is the message.
    others = {str(o) for o in blocking if o != obj}
    if not others:
        return str(error.args[0])
    blockers = ", ".join(sorted(others)[:5])
    return f"« {obj} » ne peut pas être supprimée : elle est utilisée par {blockers}."


# How many rows of each kind the confirmation page names before « and N more ».
CASCADE_NAMED_ROWS = 10


def deletion_cascade(obj) -> list[dict]:
    """What deleting `obj` deletes with it, as the database would cascade it: for each kind of
    row (links between rows aside), its name, count and first rows. A deletion that a protected
    relation refuses raises its ProtectedError or RestrictedError, naming the rows in the way."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    groups = []
    for model, rows in collector.data.items():
        rows = [row for row in rows if row != obj]
        if rows and not model._meta.auto_created:
            groups.append({"label": model._meta.verbose_name_plural, "count": len(rows), "rows": rows})
    for queryset in collector.fast_deletes:
        meta = queryset.model._meta
        count = queryset.count()
        if count and not meta.auto_created:
            rows = list(queryset[:CASCADE_NAMED_ROWS])
            groups.append({"label": meta.verbose_name_plural, "count": count, "rows": rows})
    for group in groups:
        group["more"] = group["count"] - min(group["count"], CASCADE_NAMED_ROWS)
        group["rows"] = [str(row) for row in list(group["rows"])[:CASCADE_NAMED_ROWS]]
    return sorted(groups, key=lambda group: str(group["label"]))


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def conflict_message(instance) -> str:
    latest = instance.history.select_related("history_user").first()
    if latest is None:
        return CONFLICT_MESSAGE.format(author="un autre utilisateur", when="à l'instant")
    author = latest.history_user.email if latest.history_user else "un traitement automatique"
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    return CONFLICT_MESSAGE.format(author=author, when=when)


def detail_rows(obj, declared: tuple, membership=None) -> list[tuple[str, object, str | None]]:
    """(label, display value, link) for each declared field, or every editable field by default.
    A free text (remarks, description) links the pages it names (« Voir scénarios », core.references)."""
    if not declared:
        declared = tuple(
            f.name for f in obj._meta.concrete_fields if f.editable and f.name not in {"id", "organisation"}
        )
    rows = []
    for item in declared:
        if isinstance(item, tuple):
            # (attribute, label) or (attribute, label, formatter): a derived value, or one read
            # otherwise than `display` reads it (an amount without useless decimals).
            attribute, label, shown = (*item, display) if len(item) == 2 else item
            value = getattr(obj, attribute)
            rows.append((label, shown(value() if callable(value) else value), None))
            continue
        field = obj._meta.get_field(item)
        if field.choices:
            rows.append((field.verbose_name, getattr(obj, f"get_{field.name}_display")(), None))
        elif field.many_to_many:
            rows.append((field.verbose_name, ", ".join(str(o) for o in getattr(obj, field.name).all()) or None, None))
        elif field.is_relation:
            related = getattr(obj, field.name)
            link = related.get_absolute_url() if related is not None and hasattr(related, "get_absolute_url") else None
            rows.append((field.verbose_name, related, link))
        elif isinstance(field, models.URLField):
            address = getattr(obj, field.name)
            rows.append((field.verbose_name, display(address), linkable_url(address)))
        elif isinstance(field, models.TextField) and getattr(obj, field.name):
            rows.append((field.verbose_name, link_references(getattr(obj, field.name), membership), None))
        else:
            rows.append((field.verbose_name, display(getattr(obj, field.name)), None))
    if not rows:
        raise ImproperlyConfigured(f"{obj._meta.label} has nothing to show.")
    return rows


def list_pages() -> list[tuple[str, str, type[ObjectViewSet], type[ObjectListView]]]:
    """(name, page URL, viewset, view class) of every list page served, found in the URL
    resolver: a list mounted by an app is there without being declared anywhere else. The name
    is the page's path without its slashes (« marches/lots »), unique as the URLs are."""
    from django.urls import URLResolver, get_resolver

    found = []

    def walk(resolver, namespaces: tuple[str, ...]):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, namespaces + ((pattern.namespace,) if pattern.namespace else ()))
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            if not (view_class and issubclass(view_class, ObjectListView) and pattern.name):
                continue
            url = _reverse_or_none(":".join((*namespaces, pattern.name)))
            if url is not None:  # a list needing arguments in its URL is not a whole list
                viewset = pattern.callback.view_initkwargs["viewset"]
                found.append((url.strip("/"), url, viewset, view_class))

    walk(get_resolver(), ())
    return sorted(found, key=lambda page: page[0])
