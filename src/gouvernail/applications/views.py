from gouvernail.applications import filtersets, forms, tables
from gouvernail.applications.models import Application
from gouvernail.core.views.generic import ObjectViewSet


class ApplicationViews(ObjectViewSet):
    model = Application
    table = tables.ApplicationTable
    filterset = filtersets.ApplicationFilterSet
    form = forms.ApplicationForm
    pdf_title = "Cartographie applicative"
    select_related = ("vendor",)
