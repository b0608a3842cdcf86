"""One generic endpoint per served list page (see endpoints.py): the page's queryset, FilterSet
and permission domain, the page's form for writes."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from gouvernail.api import serializers, writes
from gouvernail.api.endpoints import Endpoint
from gouvernail.api.models import ApiToken
from gouvernail.core.views.generic import ObjectEditView, ObjectViewSet, used_by_message

UNKNOWN_PARAMETER = "Paramètre inconnu. Paramètres possibles : {names}."
UNKNOWN_ORDERING = "Tri inconnu : {fields}. Tris possibles : {names} (précédés de « - » pour l'ordre décroissant)."
NOT_VISIBLE = "Cette fiche ne vous est pas accessible."
NOT_FOUND = "Aucune fiche de ce numéro dans votre organisation."
PAGING_PARAMETERS = ("page", "page_size", "ordering")


class ApiPagination(PageNumberPagination):
    page_size = settings.GOUVERNAIL_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 1000


class StrictOrdering(OrderingFilter):
    """`?ordering=-due_date,number`; an unknown field is a 400 (a silent fallback would hand a BI
    tool a different order than it asked for); the id breaks ties, so pages never overlap."""

    ordering_description = "Tri : champs séparés par des virgules, « - » devant pour l'ordre décroissant."

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in view.ordering_fields]

    def remove_invalid_fields(self, queryset, fields, view, request):
        unknown = [term for term in fields if term.lstrip("-") not in view.ordering_fields]
        if unknown:
            message = UNKNOWN_ORDERING.format(fields=", ".join(unknown), names=", ".join(view.ordering_fields))
            raise ValidationError({"ordering": [message]})
        return fields

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view) or list(queryset.query.order_by)
        ordering = ordering or list(queryset.model._meta.ordering)
        if any(not isinstance(term, str) for term in ordering):
            return queryset.order_by(*ordering)
        return queryset.order_by(*ordering, "pk")


class ApiView:
    """Works in the token's organisation, or in the one the session has chosen."""

    membership = None

    def check_permissions(self, request):
        self.membership = None
        if isinstance(request.auth, ApiToken):
            self.membership = request.auth.membership
            # The FilterSets and the services read the Django request, as on the pages.
            request._request.membership = self.membership
            request._request.organisation = self.membership.organisation
        elif request.user.is_authenticated:
            self.membership = getattr(request._request, "membership", None)
        super().check_permissions(request)


class EndpointSchema(AutoSchema):
    """Creations and updates take the write shape and answer with the row as it reads."""

    def get_response_serializers(self):
        if self.method in ("POST", "PATCH"):
            return serializers.read_serializer(self.view.page)
        if self.method == "DELETE":
            return {204: None}
        return super().get_response_serializers()

    def get_tags(self):
        return [self.view.tag]


class ListEndpoint(ApiView, viewsets.GenericViewSet):
    """A filtered, ordered, paginated list."""

    filter_backends = [DjangoFilterBackend, StrictOrdering]
    pagination_class = ApiPagination
    schema = EndpointSchema()
    ordering_fields: list[str] = []
    tag = ""

    def list(self, request, *args, **kwargs):
        self.check_parameters(request)
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer_class()(rows, many=True).data)

    def check_parameters(self, request) -> None:
        """A misspelt filter would silently return every row: it is refused instead."""
        filterset = self.filterset_class(queryset=self.get_queryset().none(), request=request)
        names = list(PAGING_PARAMETERS)
        for name, field in filterset.form.fields.items():
            suffixes = getattr(field.widget, "suffixes", None)
            names += [f"{name}_{suffix}" if suffix else name for suffix in suffixes] if suffixes else [name]
        unknown = sorted(set(request.query_params) - set(names))
        if unknown:
            message = UNKNOWN_PARAMETER.format(names=", ".join(names))
            raise ValidationError({name: [message] for name in unknown})


class PageEndpoint(ListEndpoint):
    endpoint: Endpoint
    page: type[ObjectViewSet]
    lookup_value_regex = "[0-9]+"

    def get_domain(self) -> str:
        return self.page.get_domain()

    @property
    def filterset_class(self):
        return self.page.filterset

    def get_queryset(self):
        if self.membership is None:  # the schema's generation
            return self.page.model.objects.none()
        queryset = self.page.visible_queryset(self.membership)
        return queryset.prefetch_related(*serializers.many_to_many_names(self.page))

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return serializers.write_serializer(self.page)
        return serializers.read_serializer(self.page)

    def retrieve(self, request, *args, **kwargs):
        return Response(serializers.read_serializer(self.page)(self.get_object()).data)

    def get_object(self):
        """The row as the detail page finds it: 404 outside the organisation, 403 when the role
        may not see it (a Prestataire and another vendor's contract)."""
        pk = self.kwargs["pk"]
        row = self.get_queryset().filter(pk=pk).first()
        if row is not None:
            return row
        if self.page.model.objects.filter(organisation=self.membership.organisation, pk=pk).exists():
            raise PermissionDenied(NOT_VISIBLE)
        raise Http404(NOT_FOUND)


class WritableEndpoint(PageEndpoint):
    """Creations, partial updates (PATCH, with the version read) and deletions, as on the pages."""

    def create(self, request, *args, **kwargs):
        instance = self.page.model(organisation=self.membership.organisation)
        form = self.bound_form(instance, request.data)
        if not form.is_valid():
            return Response(writes.form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            row = self.page.save_form(form, request._request)
        return Response(serializers.read_serializer(self.page)(row).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        form = self.bound_form(instance, request.data)
        if not form.is_valid():
            return Response(writes.form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        if not form.cleaned_data.get("row_version_seen"):
            raise ValidationError({writes.VERSION_FIELD: [writes.VERSION_REQUIRED]})
        with transaction.atomic():
            # The page's own check: the row moves to the next version only if still at the one read.
            claimed = ObjectEditView(viewset=self.page).claim_version(form)
            if claimed:
                row = self.page.save_form(form, request._request)
            else:
                transaction.set_rollback(True)
        if not claimed:
            current = type(instance).objects.filter(pk=instance.pk).values_list("row_version", flat=True).first()
            body = {"detail": " ".join(form.non_field_errors()), writes.VERSION_FIELD: current}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(serializers.read_serializer(self.page)(row).data)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        try:
            with transaction.atomic():
                row.delete()
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            # A row refusing its own deletion says why; otherwise, the rows that use it.
            message = str(error.args[0]) if row in blocking else used_by_message(row, error)
            return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def bound_form(self, instance, payload):
        ignored = set(serializers.read_field_names(self.page))
        try:
            return writes.bind_form(self.page, instance, self.membership.organisation, payload, ignored=ignored)
        except writes.BadInput as refusal:
            raise ValidationError(refusal.errors) from None


def endpoint_viewset(endpoint: Endpoint) -> type[PageEndpoint]:
    base = WritableEndpoint if endpoint.writable else PageEndpoint
    read_names = serializers.read_field_names(endpoint.page)
    ordering = [name for name in read_names if not endpoint.page.model._meta.get_field(name).many_to_many]
    name = "".join(part.capitalize() for part in endpoint.basename.split("-")) + "Endpoint"
    attrs = {"endpoint": endpoint, "page": endpoint.page, "ordering_fields": ordering, "tag": endpoint.prefix}
    return type(name, (base,), attrs)
