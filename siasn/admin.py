from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutboxItem, PastedToken, Person, PersonChange, PersonPull, PersonRow, UnitChange, UnitFetch


@admin.register(PastedToken)
class PastedTokenAdmin(admin.ModelAdmin):
    """HR or an admin may paste the SSO token here as well as on the SIASN settings page."""

    list_display = ("__str__", "expires_at", "pasted_by", "pasted_at")
    readonly_fields = ("expires_at", "pasted_by", "pasted_at")
    search_fields = ("pasted_by__username",)

    def save_model(self, request, obj, form, change):
        from .client import jwt_expiry

        obj.token = "".join(obj.token.split())
        obj.expires_at = jwt_expiry(obj.token)
        obj.pasted_by = obj.pasted_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(UnitFetch)
class UnitFetchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "created_by", "status", "unit_count", "message")
    list_filter = ("status",)
    search_fields = ("message",)
    readonly_fields = ("created_by", "status", "unit_count", "message", "created_at", "finished_at")


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    list_display = ("kind", "name", "siasn_id", "old_value", "status", "accepted_by", "accepted_at")
    list_filter = ("kind", "status")
    search_fields = ("name", "siasn_id", "old_value")
    readonly_fields = ("fetch", "unit", "accepted_by", "accepted_at")
    list_select_related = ("accepted_by",)


@admin.register(PersonPull)
class PersonPullAdmin(admin.ModelAdmin):
    list_display = ("original_name", "created_by", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("original_name",)
    readonly_fields = ("created_by", "created_at", "finished_at", "done", "total")


@admin.register(PersonRow)
class PersonRowAdmin(admin.ModelAdmin):
    list_display = ("nip", "pull", "employee", "status", "change_count", "error")
    list_filter = ("status",)
    search_fields = ("nip", "employee__name")
    readonly_fields = ("pull", "employee", "data")
    list_select_related = ("pull", "employee")


@admin.register(PersonChange)
class PersonChangeAdmin(admin.ModelAdmin):
    list_display = ("row", "label", "old_display", "new_display", "status", "accepted_by", "accepted_at")
    list_filter = ("status", "field")
    search_fields = ("row__nip", "new_display", "old_display")
    readonly_fields = ("row", "accepted_by", "accepted_at", "new_value")
    list_select_related = ("row", "accepted_by")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("employee", "pns_id", "fetched_at")
    search_fields = ("employee__name", "employee__nip", "pns_id")
    readonly_fields = ("fetched_at",)
    autocomplete_fields = ("employee",)


@admin.register(OutboxItem)
class OutboxItemAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "status", "attempts", "siasn_id", "sent_at", "updated_at")
    list_filter = ("status", "kind", "endpoint")
    search_fields = ("label", "employee__nip", "siasn_id")
    list_select_related = ("employee",)
    readonly_fields = (
        "kind",
        "record_id",
        "employee",
        "endpoint",
        "attempts",
        "siasn_id",
        "document_sent",
        "payload",
        "last_error",
        "raw_answer",
        "claimed_at",
        "sent_at",
        "created_at",
        "updated_at",
    )
    actions = ["send_again"]

    @admin.action(description=_("Kirim ulang yang dipilih"))
    def send_again(self, request, queryset):
        from .outbox import outbox_retry

        sent = sum(outbox_retry(item=item, by=request.user) for item in queryset)
        self.message_user(request, _("%(n)s catatan diantrekan ulang.") % {"n": sent})
