from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from gouvernail.compliance import filtersets, forms, tables
from gouvernail.compliance.library import LibraryError, parse_ciso_library
from gouvernail.compliance.models import Framework
from gouvernail.compliance.services import framework_install, framework_load_builtin
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet


class FrameworkDetailView(ObjectDetailView):
    template_name = "compliance/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = context["object"]
        version = framework.latest_version()
        context["version"] = version
        context["themes"] = version.themes.prefetch_related("measures") if version else []
        context["bindings"] = framework.bindings.all()
        return context


class FrameworkViews(ObjectViewSet):
    model = Framework
    table = tables.FrameworkTable
    filterset = filtersets.FrameworkFilterSet
    read_only = True  # frameworks arrive by import, never typed in a form
    detail_view = FrameworkDetailView
    detail_fields = ("name", "slug", "urn", "provider", "description", ("source_url", "Texte officiel"), "copyright")
    related_lists = (("Versions", "versions", tables.FrameworkVersionTable),)


class FrameworkImportView(MembershipRequiredMixin, TemplateView):
    """Upload of a CISO Assistant library; a malformed file is refused with its line, nothing written."""

    template_name = "compliance/framework_import.html"
    domain = "compliance"
    needs_edit = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.FrameworkImportForm())
        return context

    def post(self, request):
        if "builtin" in request.POST:
            result = framework_load_builtin(organisation=request.organisation, acting_user=request.user)
            messages.success(request, result.summary())
            return redirect(result.framework.get_absolute_url())
        form = forms.FrameworkImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = parse_ciso_library(form.cleaned_data["file"].read())
            except LibraryError as error:
                form.add_error("file", str(error))
            else:
                result = framework_install(organisation=request.organisation, data=data, acting_user=request.user)
                messages.success(request, result.summary())
                return redirect(result.framework.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))
