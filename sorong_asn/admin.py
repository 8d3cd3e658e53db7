from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MeritAssessment


@admin.register(MeritAssessment)
class MeritAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("year", "index", "category", "assessed_by", "updated_at")
    search_fields = ("year",)
    list_filter = ("assessed_by",)
    readonly_fields = ("index", "assessed_by", "created_at", "updated_at")
    list_select_related = ("assessed_by",)

    def has_add_permission(self, request):
        return False  # through the form at /dasbor/sistem-merit/, which computes the index
