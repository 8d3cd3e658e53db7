from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .clientip import client_ip
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
from .services import access_log_record


class PersonalDataAdmin(SimpleHistoryAdmin):
    """A change page (or a historical version) shows NIK, birth date and address in full: each view is logged."""

    def logged_employee(self, obj):
        return None

    def _log(self, request, object_id, response, what: str):
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                access_log_record(
                    actor=request.user, what=AccessLog.What.PERSONAL, employee=self.logged_employee(obj),
                    detail=f"Admin {self.opts.verbose_name} {obj}: {what}", ip=client_ip(request),
                )  # fmt: skip
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._log(request, object_id, response, "halaman ubah")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._log(request, object_id, response, f"versi riwayat {version_id}")


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Who read whose data is for the system administrator, not for the HR staff group."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


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
class EmployeeAdmin(PersonalDataAdmin):
    list_display = ("name", "nip", "employment_type", "golongan", "position_type", "unit", "status")
    list_filter = ("employment_type", "status", "position_type", "golongan", "functional_position", "unit__department")
    search_fields = ("name", "nip")
    autocomplete_fields = ("unit", "supervisor", "user", "functional_position")
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("unit",)

    def logged_employee(self, obj):
        return obj


@admin.register(AccessLog)
class AccessLogAdmin(SuperuserOnlyAdmin):
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
    """Other people's notifications (who is late, whose SKP waits) are for superusers; staff see their own."""

    list_display = ("created_at", "recipient", "title", "read_at", "mailed_at")
    list_filter = ("read_at", "mailed_at")
    search_fields = ("recipient__username", "title", "key")
    list_select_related = ("recipient",)
    readonly_fields = ("created_at", "key", "mailed_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(recipient=request.user)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SuperuserOnlyAdmin):
    """Mails carry other people's notifications: superusers only, like the access log."""

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
