"""Governance roles, their missions and holders, and the RACI matrix (domains × roles)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from gouvernail.core.exports import EXPORT_FORMATS, export_choices, table_export_response
from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.choices import Responsibility
from gouvernail.governance.models import RaciAssignment, Role
from gouvernail.governance.raci import raci_matrix, raci_table
from gouvernail.governance.services import raci_matrix_save


class RoleViews(ObjectViewSet):
    model = Role
    table = tables.RoleTable
    filterset = filtersets.RoleFilterSet
    form = forms.RoleForm
    detail_fields = (
        "name",
        "short_name",
        "position",
        "missions",
        "missions_source",
        "holder_people",
        "holder_vendors",
    )
    related_lists = (("Matrice RACI", "raci_assignments", tables.RaciAssignmentTable),)


class RaciAssignmentViews(ObjectViewSet):
    model = RaciAssignment
    table = tables.RaciAssignmentTable
    filterset = filtersets.RaciAssignmentFilterSet
    form = forms.RaciAssignmentForm
    select_related = ("axis", "role")


class RaciMatrixView(MembershipRequiredMixin, TemplateView):
    """The matrix: read by every role, edited in place by the Référent SI (one POST for the
    whole matrix, all or nothing), exported as the lists are (CSV, XLSX, ODS)."""

    template_name = "governance/raci_matrix.html"
    domain = "roles"

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("_export")
        if export_format:
            if export_format not in EXPORT_FORMATS:
                raise Http404("Format d'export inconnu.")
            table = raci_table(raci_matrix(request.organisation))
            return table_export_response(table, export_format, label="matrice RACI", organisation=request.organisation)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not can_edit(request.membership, self.domain):
            raise PermissionDenied("Votre rôle ne permet pas de modifier la matrice RACI.")
        matrix = raci_matrix(request.organisation)
        cells = {}
        for row in matrix.rows:
            for role in matrix.roles:
                name = f"cell-{row.axis.pk}-{role.pk}"
                if name in request.POST:
                    cells[(row.axis.pk, role.pk)] = request.POST[name].strip().upper()
        try:
            changed = raci_matrix_save(organisation=request.organisation, cells=cells, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, "Rien n'a été enregistré : " + " ".join(error.messages))
            return self.render_to_response(self.get_context_data(posted=request.POST), status=200)
        messages.success(request, f"Matrice RACI enregistrée ({changed} case(s) modifiée(s)).")
        return redirect("governance:raci_matrix")

    def get_context_data(self, posted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        matrix = raci_matrix(self.request.organisation)
        editable = can_edit(self.request.membership, self.domain)
        rows = []
        for row in matrix.rows:
            cells = []
            for role, cell in zip(matrix.roles, row.cells, strict=True):
                name = f"cell-{row.axis.pk}-{role.pk}"
                value = posted.get(name, "") if posted is not None else (cell.responsibility if cell else "")
                cells.append({"name": name, "value": value, "cell": cell, "role": role})
            rows.append({"row": row, "cells": cells})
        context.update(
            {
                "matrix": matrix,
                "rows": rows,
                "can_edit": editable,
                "choices": Responsibility.choices,
                "export_formats": export_choices(EXPORT_FORMATS),
            }
        )
        return context
