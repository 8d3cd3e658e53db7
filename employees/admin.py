from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .jobs import job_retry
from .models import (
    AccessLog,
    DisciplinaryPenalty,
    Employee,
    FunctionalPosition,
    Heartbeat,
    ImportJob,
    Job,
    Notification,
    OrgUnit,
    OutgoingMail,
    ReminderLog,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active", "last_login")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Notifikasi"), {"fields": ("email_mode",)}))


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "department", "head")
    list_filter = ("kind",)
    search_fields = ("name", "siasn_id")
    autocomplete_fields = ("parent", "head")
    readonly_fields = ("department", "created_at", "updated_at")


@admin.register(FunctionalPosition)
class FunctionalPositionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "retirement_age", "legal_basis")
    list_filter = (("retirement_age", admin.EmptyFieldListFilter),)
    search_fields = ("name",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "nip", "employment_type", "golongan", "position_type", "unit", "status")
    list_filter = ("employment_type", "status", "position_type", "golongan", "functional_position", "unit__department")
    search_fields = ("name", "nip")
    autocomplete_fields = ("unit", "supervisor", "user", "functional_position")
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("unit",)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "what", "employee", "detail", "ip_address")
    list_filter = ("what",)
    search_fields = ("actor__username", "employee__name", "detail")
    list_select_related = ("actor", "employee")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at", "mailed_at")
    list_filter = ("read_at", "mailed_at")
    search_fields = ("recipient__username", "title", "key")
    list_select_related = ("recipient",)
    readonly_fields = ("created_at", "key", "mailed_at")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("to", "subject", "key")
    readonly_fields = ("key", "created_at", "sent_at", "attempts", "error")


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "recipient", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "day")
    search_fields = ("recipient__username", "subject")
    list_select_related = ("recipient",)
    readonly_fields = ("created_at", "sent_at", "claim", "attempts", "error")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "original_name", "created_by", "status", "total_rows", "created_count")
    list_filter = ("status",)
    readonly_fields = ("created_at", "finished_at", "errors")


@admin.register(DisciplinaryPenalty)
class DisciplinaryPenaltyAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "level", "decree_number", "decided_on", "created_by", "created_at")
    list_filter = ("level", "decided_on")
    search_fields = ("employee__name", "employee__nip", "decree_number")
    raw_id_fields = ("employee",)
    readonly_fields = ("created_by", "created_at")
    list_select_related = ("employee", "created_by")
    date_hierarchy = "decided_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs: what waits, what failed and why; failed ones can be sent again."""

    list_display = ("created_at", "task", "status", "attempts", "created_by", "started_at", "finished_at")
    list_filter = ("status", "task", "created_at")
    search_fields = ("task", "key", "last_error")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Ulangi pekerjaan gagal yang dipilih"))
    def retry(self, request, queryset):
        retried = sum(job_retry(job=job) for job in queryset.filter(status=Job.Status.FAILED))
        self.message_user(request, _("%(n)s pekerjaan dikirim ulang.") % {"n": retried}, messages.SUCCESS)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "at")
    readonly_fields = ("name", "at")

    def has_add_permission(self, request):
        return False
