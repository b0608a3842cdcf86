"""The maintenance admin shows the register and the framework documents but never edits or
deletes a recorded decision or an approved version."""

from django.contrib import admin

from gouvernail.governance.models import Decision, FrameworkDocumentVersion


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


@admin.register(FrameworkDocumentVersion)
class FrameworkDocumentVersionAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "status", "organisation", "decision")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_approved:
            return False
        return super().has_delete_permission(request, obj)
