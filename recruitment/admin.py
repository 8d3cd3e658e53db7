from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from employees.admin import PersonalDataAdmin

from .models import (
    Announcement,
    AnnouncementFormation,
    Applicant,
    Application,
    ApplicationDocument,
    Formation,
    PanelMember,
    PanelScore,
    SelectionRound,
    SelectionStage,
)


class StageInline(admin.TabularInline):
    model = SelectionStage
    extra = 0


@admin.register(SelectionRound)
class SelectionRoundAdmin(SimpleHistoryAdmin):
    list_display = (
        "name", "year", "kind", "appointment_type", "status", "public_registration", "ranked_at", "ranking_status",
    )  # fmt: skip
    list_filter = ("kind", "appointment_type", "status", "year", "ranking_status")
    search_fields = ("name",)
    readonly_fields = (
        "created_by", "created_at", "updated_at", "ranked_at",
        "ranking_status", "ranking_message", "ranking_started_at",
    )  # fmt: skip
    inlines = [StageInline]


@admin.register(SelectionStage)
class SelectionStageAdmin(admin.ModelAdmin):
    list_display = ("round", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("round__name",)


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ("stage", "user")
    list_filter = ("stage__kind",)
    search_fields = ("user__username", "stage__round__name")
    list_select_related = ("stage", "stage__round", "user")


@admin.register(Formation)
class FormationAdmin(admin.ModelAdmin):
    list_display = ("code", "position", "unit", "quota", "category", "round")
    list_filter = ("category", "round")
    search_fields = ("code", "position")
    list_select_related = ("unit", "round")
    readonly_fields = ("created_at",)


@admin.register(Applicant)
class ApplicantAdmin(PersonalDataAdmin):
    list_display = ("name", "sex", "birth_date", "education_level", "oap_category")
    list_filter = ("sex", "education_level", "oap_category")
    search_fields = ("name", "nik")
    readonly_fields = ("created_at",)


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    readonly_fields = ("kind", "original_name", "size", "uploaded_at")


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("registration_number", "applicant", "formation", "auto_result", "admin_result", "final_score",
                    "rank", "outcome")  # fmt: skip
    list_filter = ("round", "source", "auto_result", "admin_result", "outcome")
    search_fields = ("registration_number", "applicant__name", "applicant__nik")
    list_select_related = ("applicant", "formation")
    raw_id_fields = ("applicant", "formation", "placed_formation", "hired_employee")
    readonly_fields = ("created_at", "skd_total", "skd_passed", "final_score", "rank", "outcome", "explanation",
                       "admin_decided_by", "admin_decided_at", "appeal_filed_at", "appeal_decided_at")  # fmt: skip
    inlines = [DocumentInline]


@admin.register(PanelScore)
class PanelScoreAdmin(SimpleHistoryAdmin):
    list_display = ("stage", "application", "member", "has_conflict", "score", "scored_at")
    list_filter = ("has_conflict", "stage__kind")
    search_fields = ("application__registration_number",)
    list_select_related = ("stage", "application", "member__user")
    readonly_fields = ("declared_at", "scored_at")


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "round", "stage", "checksum", "published_at")
    list_filter = ("stage", "round")
    search_fields = ("title", "checksum")
    readonly_fields = ("number", "round", "stage", "title", "content", "checksum", "replaces", "published_by",
                       "published_at")  # fmt: skip

    def has_change_permission(self, request, obj=None):
        return False  # published snapshots are frozen; corrections are new announcements

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnouncementFormation)
class AnnouncementFormationAdmin(admin.ModelAdmin):
    """Derived from the frozen announcement at publication: read only."""

    list_display = ("announcement", "code", "applicants", "passed")
    list_filter = ("announcement",)
    search_fields = ("code",)
    readonly_fields = ("announcement", "position", "code", "summary", "applicants", "passed", "results")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
