from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.my_list, name="my-list"),
    path("tim/", views.team_list, name="team-list"),
    path("persetujuan/", views.approval_list, name="approval-list"),
    path("keberatan/", views.objection_list, name="objection-list"),
    path("tindak-lanjut/", views.follow_up, name="follow-up"),
    path("pembinaan/<int:pk>/", views.coaching_plan, name="coaching-plan"),
    path("periode/", views.period_list, name="period-list"),
    path("periode/<int:pk>/", views.period_detail, name="period-detail"),
    path("periode/<int:pk>/ekspor/", views.period_export, name="period-export"),
    path("periode/<int:pk>/buka/", views.period_open, name="period-open"),
    path("periode/<int:pk>/buka/status/", views.period_open_status, name="period-open-status"),
    path("skp/<int:pk>/", views.appraisal_detail, name="appraisal-detail"),
    path("skp/<int:pk>/pdf/", views.appraisal_pdf, name="appraisal-pdf"),
    path("skp/<int:pk>/hasil-kerja/", views.goal_add, name="goal-add"),
    path("skp/<int:pk>/hasil-kerja/<int:goal_pk>/ubah/", views.goal_edit, name="goal-edit"),
    path("skp/<int:pk>/hasil-kerja/<int:goal_pk>/hapus/", views.goal_delete, name="goal-delete"),
    path("skp/<int:pk>/ajukan/", views.plan_submit, name="plan-submit"),
    path("skp/<int:pk>/sepakati/", views.plan_agree, name="plan-agree"),
    path("skp/<int:pk>/kembalikan-rencana/", views.plan_return, name="plan-return"),
    path("skp/<int:pk>/periodik/<int:window_pk>/realisasi/", views.realisation_record, name="realisation-record"),
    path("skp/<int:pk>/periodik/<int:window_pk>/nilai/", views.periodic_rate, name="periodic-rate"),
    path("skp/<int:pk>/penilaian-diri/", views.self_assess, name="self-assess"),
    path("skp/<int:pk>/nilai/", views.evaluate, name="evaluate"),
    path("skp/<int:pk>/setujui/", views.approve, name="approve"),
    path("skp/<int:pk>/kembalikan/", views.return_to_evaluator, name="return"),
    path("skp/<int:pk>/keberatan/", views.objection_lodge, name="objection-lodge"),
    path("skp/<int:pk>/keberatan/putus/", views.objection_decide, name="objection-decide"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence-download"),
]
