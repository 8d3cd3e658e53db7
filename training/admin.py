from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .ledger import jp_refresh
from .models import (
    Attendance,
    Certificate,
    Enrollment,
    ExternalLearning,
    Feedback,
    Institution,
    JpLedger,
    TrainingNeed,
    TrainingProgram,
    TrainingSession,
)


class KeepsJpLedgerAdmin(admin.ModelAdmin):
    """Edits here can move an employee's JP: recompute their ledger rows in the same transaction."""

    def jp_employees(self, obj, form=None):
        ids = [obj.employee_id, form.initial.get("employee") if form else None]
        return [pk for pk in ids if pk]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        jp_refresh(employee_ids=self.jp_employees(obj, form))

    def delete_model(self, request, obj):
        employee_ids = self.jp_employees(obj)
        super().delete_model(request, obj)
        jp_refresh(employee_ids=employee_ids)

    def delete_queryset(self, request, queryset):
        employee_ids = list(queryset.values_list("employee_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        jp_refresh(employee_ids=employee_ids)


class KeepsSessionJpAdmin(KeepsJpLedgerAdmin):
    """Programmes and sessions: their participants' JP follows the programme's JP and the session's year."""

    def jp_employees(self, obj, form=None):
        return Enrollment.objects.filter(**{self.enrollment_lookup: obj}).values("employee_id")

    def delete_queryset(self, request, queryset):
        super(KeepsJpLedgerAdmin, self).delete_queryset(request, queryset)  # protected while enrolments exist


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agreement_number", "agreement_start", "agreement_end")
    list_filter = ("kind",)
    search_fields = ("name", "agreement_number")
    readonly_fields = ("created_at", "updated_at")


@admin.register(TrainingProgram)
class TrainingProgramAdmin(KeepsSessionJpAdmin):
    enrollment_lookup = "session__program"
    list_display = (
        "title", "kind", "competence_type", "route", "method", "jp", "institution", "leadership_level",
        "functional_position", "is_active",
    )  # fmt: skip
    list_filter = ("kind", "competence_type", "route", "method", "leadership_level", "is_active")
    search_fields = ("title", "institution__name", "functional_position")
    autocomplete_fields = ("institution", "required_program")
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("institution",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(KeepsSessionJpAdmin):
    enrollment_lookup = "session"
    list_display = ("program", "name", "start_date", "end_date", "capacity", "registration_deadline", "status")
    list_filter = ("status", "program__kind", "program__competence_type")
    search_fields = ("program__title", "name", "place")
    autocomplete_fields = ("program",)
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("program",)
    date_hierarchy = "start_date"


@admin.register(Enrollment)
class EnrollmentAdmin(KeepsJpLedgerAdmin, SimpleHistoryAdmin):
    list_display = ("employee", "session", "origin", "status", "result", "created_at")
    list_filter = ("status", "result", "origin")
    search_fields = ("employee__name", "employee__nip", "session__program__title")
    autocomplete_fields = ("session", "employee", "nominated_by", "decided_by")
    readonly_fields = ("created_at", "updated_at", "decided_at", "result_at", "waitlisted_at")
    list_select_related = ("employee", "session", "session__program")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "day", "present", "recorded_by")
    list_filter = ("present",)
    search_fields = ("enrollment__employee__name",)
    raw_id_fields = ("enrollment",)
    readonly_fields = ("recorded_at",)
    list_select_related = ("enrollment__employee", "enrollment__session__program", "recorded_by")


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ("code", "enrollment", "kind", "issued_by", "issued_at")
    list_filter = ("kind",)
    search_fields = ("code", "enrollment__employee__name")
    raw_id_fields = ("enrollment",)
    readonly_fields = ("issued_at",)
    list_select_related = ("enrollment__employee", "enrollment__session__program", "issued_by")


@admin.register(ExternalLearning)
class ExternalLearningAdmin(KeepsJpLedgerAdmin):
    list_display = ("title", "employee", "kind", "jp", "end_date", "status", "verified_by")
    list_filter = ("status", "kind", "leadership_level", "route", "method")
    search_fields = ("title", "provider", "employee__name", "functional_position")
    raw_id_fields = ("employee",)
    readonly_fields = ("created_at", "verified_at")
    list_select_related = ("employee", "verified_by")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("enrollment__employee__name", "comment")
    raw_id_fields = ("enrollment",)
    readonly_fields = ("created_at",)
    list_select_related = ("enrollment__employee", "enrollment__session__program")


@admin.register(TrainingNeed)
class TrainingNeedAdmin(admin.ModelAdmin):
    list_display = ("year", "department", "employee", "source", "description", "enrollment")
    list_filter = ("year", "source", "department")
    search_fields = ("employee__name", "description")
    raw_id_fields = ("employee", "enrollment")
    readonly_fields = ("created_at",)
    list_select_related = ("department", "employee")


@admin.register(JpLedger)
class JpLedgerAdmin(admin.ModelAdmin):
    """Derived figures: read-only here; `rebuild_jp_ledger` or the nightly task recomputes them."""

    list_display = ("employee", "year", "jp_sessions", "jp_external", "jp", "refreshed_at")
    list_filter = ("year",)
    search_fields = ("employee__name", "employee__nip")
    list_select_related = ("employee",)
    readonly_fields = ("employee", "year", "jp_sessions", "jp_external", "jp", "refreshed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
