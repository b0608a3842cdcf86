from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.steering import filtersets, forms, tables
from gouvernail.steering.models import RoadmapAxis, RoadmapItem, RoadmapTheme


class RoadmapAxisViews(ObjectViewSet):
    model = RoadmapAxis
    table = tables.RoadmapAxisTable
    filterset = filtersets.RoadmapAxisFilterSet
    form = forms.RoadmapAxisForm
    related_lists = (("Éléments de la feuille de route", "items", tables.RoadmapItemTable),)


class RoadmapThemeViews(ObjectViewSet):
    model = RoadmapTheme
    table = tables.RoadmapThemeTable
    filterset = filtersets.RoadmapThemeFilterSet
    form = forms.RoadmapThemeForm


class RoadmapItemViews(ObjectViewSet):
    model = RoadmapItem
    table = tables.RoadmapItemTable
    filterset = filtersets.RoadmapItemFilterSet
    form = forms.RoadmapItemForm
    select_related = ("axis",)
