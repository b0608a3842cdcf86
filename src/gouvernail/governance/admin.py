"""The maintenance admin shows the register but never edits or deletes a recorded decision."""

from django.contrib import admin

from gouvernail.governance.models import Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("sequence", "question", "status", "organisation", "decided_on")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_recorded:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_recorded:
            return False
        return super().has_delete_permission(request, obj)
