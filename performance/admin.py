from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Appraisal,
    AppraisalPeriod,
    CoachingPlan,
    DevelopmentNeed,
    Evidence,
    Objection,
    OrganisationCurve,
    PerformanceGoal,
    PeriodicEvaluation,
    PeriodicWindow,
    Recognition,
    Transition,
)


class PeriodicWindowInline(admin.TabularInline):
    model = PeriodicWindow
    extra = 0


@admin.register(AppraisalPeriod)
class AppraisalPeriodAdmin(admin.ModelAdmin):
    list_display = ("year", "cadence", "status", "plan_due", "approval_due", "opened_at")
    list_filter = ("status", "cadence")
    search_fields = ("year",)
    readonly_fields = ("created_by", "opened_at", "created_at")
    inlines = [PeriodicWindowInline]


class GoalInline(admin.TabularInline):
    model = PerformanceGoal
    fk_name = "appraisal"
    extra = 0
    raw_id_fields = ("supports",)


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ("action", "from_status", "to_status", "by", "at", "comment")
    can_delete = False


@admin.register(Appraisal)
class AppraisalAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "period", "status", "predikat", "evaluator", "approver", "department")
    list_filter = ("period", "status", "predikat", "department")
    search_fields = ("employee__name", "employee__nip")
    raw_id_fields = ("employee", "evaluator", "approver", "rated_by", "approved_by")
    list_select_related = ("employee", "period", "evaluator", "approver", "department")
    readonly_fields = ("predikat", "credit_points", "approved_at", "created_at", "updated_at")
    inlines = [GoalInline, TransitionInline]


@admin.register(PerformanceGoal)
class PerformanceGoalAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "appraisal", "kind", "aspect", "target")
    list_filter = ("kind", "aspect")
    search_fields = ("plan", "indicator", "appraisal__employee__name")
    raw_id_fields = ("appraisal", "supports")
    readonly_fields = ("created_at",)


@admin.register(PeriodicEvaluation)
class PeriodicEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("appraisal", "window", "realised_at", "results_rating", "behaviour_rating", "rated_at")
    list_filter = ("window__period", "results_rating")
    search_fields = ("appraisal__employee__name",)
    raw_id_fields = ("appraisal", "rated_by")
    readonly_fields = ("realised_at", "rated_at")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "evaluation", "content_type", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "evaluation__appraisal__employee__name")
    list_filter = ("content_type",)
    raw_id_fields = ("evaluation",)
    readonly_fields = ("uploaded_by", "uploaded_at", "size", "content_type")


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ("at", "appraisal", "action", "from_status", "to_status", "by")
    list_filter = ("action",)
    search_fields = ("appraisal__employee__name", "comment")
    raw_id_fields = ("appraisal",)
    readonly_fields = ("at",)


@admin.register(Objection)
class ObjectionAdmin(SimpleHistoryAdmin):
    list_display = ("appraisal", "lodged_at", "decider", "decision", "decided_at")
    list_filter = ("decision",)
    search_fields = ("appraisal__employee__name", "reason")
    raw_id_fields = ("appraisal", "decider")
    readonly_fields = ("lodged_at", "decided_by", "decided_at", "previous_predikat")


@admin.register(OrganisationCurve)
class OrganisationCurveAdmin(SimpleHistoryAdmin):
    list_display = ("department", "period", "unit_predikat", "set_by", "updated_at")
    list_filter = ("period", "unit_predikat")
    search_fields = ("department__name",)
    readonly_fields = ("set_by", "updated_at")


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ("employee", "year", "talent_pool", "created_at")
    list_filter = ("year", "talent_pool")
    search_fields = ("employee__name",)
    raw_id_fields = ("appraisal", "employee")
    readonly_fields = ("created_at",)


@admin.register(CoachingPlan)
class CoachingPlanAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "responsible", "due_date", "status", "completed_at")
    list_filter = ("status", "due_date")
    search_fields = ("employee__name", "employee__nip", "responsible__name")
    raw_id_fields = ("appraisal", "employee", "responsible")
    readonly_fields = ("created_at", "updated_at", "completed_at")
    list_select_related = ("employee", "responsible")


@admin.register(DevelopmentNeed)
class DevelopmentNeedAdmin(admin.ModelAdmin):
    list_display = ("employee", "year", "predikat", "recommended_competence")
    list_filter = ("year", "predikat")
    search_fields = ("employee__name", "recommended_competence")
    raw_id_fields = ("appraisal", "employee", "department")
    readonly_fields = ("created_at",)
