from django.urls import path

from . import access_views, panel_views, views

app_name = "recruitment"

urlpatterns = [
    # staff
    path("rekrutmen/", views.round_list, name="round-list"),
    path("rekrutmen/seleksi/baru/", views.round_create, name="round-create"),
    path("rekrutmen/seleksi/<int:pk>/", views.round_detail, name="round-detail"),
    path("rekrutmen/seleksi/<int:pk>/ubah/", views.round_edit, name="round-edit"),
    path("rekrutmen/seleksi/<int:pk>/tahap/", views.round_status, name="round-status"),
    path("rekrutmen/seleksi/<int:pk>/cek-administrasi/", views.round_check, name="round-check"),
    path("rekrutmen/seleksi/<int:pk>/peringkat/", views.round_rank, name="round-rank"),
    path("rekrutmen/seleksi/<int:pk>/peringkat/status/", views.round_rank_status, name="round-rank-status"),
    path("rekrutmen/seleksi/<int:pk>/umumkan/", views.round_publish, name="round-publish"),
    path("rekrutmen/seleksi/<int:pk>/umumkan/status/", views.round_publish_status, name="round-publish-status"),
    path("rekrutmen/seleksi/<int:pk>/impor-pelamar/", views.applicants_import, name="applicants-import"),
    path("rekrutmen/seleksi/<int:pk>/impor-nilai/", views.scores_import, name="scores-import"),
    path("rekrutmen/seleksi/<int:pk>/keadilan/", views.fairness, name="fairness"),
    path("rekrutmen/seleksi/<int:pk>/formasi/baru/", views.formation_create, name="formation-create"),
    path("rekrutmen/formasi/<int:pk>/", views.formation_detail, name="formation-detail"),
    path("rekrutmen/lamaran/<int:pk>/", views.application_detail, name="application-detail"),
    path("rekrutmen/lamaran/<int:pk>/putuskan/", views.application_decide, name="application-decide"),
    path("rekrutmen/lamaran/<int:pk>/sanggahan/", views.appeal_decide, name="appeal-decide"),
    path("rekrutmen/lamaran/<int:pk>/angkat/", views.application_hire, name="application-hire"),
    path("rekrutmen/lamaran/<int:pk>/kode-akses/", access_views.access_code_resend, name="access-code-resend"),
    path("rekrutmen/lamaran/<int:pk>/data-pelamar/", access_views.applicant_adopt, name="applicant-adopt"),
    path("rekrutmen/lamaran/<int:pk>/dokumen/<int:doc>/", views.document_download, name="document-download"),
    path("rekrutmen/tahap/<int:pk>/", panel_views.stage_panel, name="stage-panel"),
    path("rekrutmen/tahap/<int:pk>/pansel/", panel_views.stage_members, name="stage-members"),
    path("rekrutmen/tahap/<int:pk>/lamaran/<int:app>/konflik/", panel_views.panel_declare, name="panel-declare"),
    path("rekrutmen/tahap/<int:pk>/lamaran/<int:app>/nilai/", panel_views.panel_score, name="panel-score"),
    # public (no login)
    path("rekrutmen/status/", views.status, name="status"),
    path("rekrutmen/status/sanggah/", views.status_appeal, name="status-appeal"),
    path("rekrutmen/status/keluar/", views.status_forget, name="status-forget"),
    path("rekrutmen/daftar/", views.register_list, name="register-list"),
    path("rekrutmen/daftar/selesai/", views.register_done, name="register-done"),
    path("rekrutmen/daftar/<int:pk>/", views.register, name="register"),
    path("pengumuman/", views.announcement_list, name="announcement-list"),
    path("pengumuman/<int:number>/", views.announcement_detail, name="announcement-detail"),
    path("pengumuman/<int:number>/json/", views.announcement_json, name="announcement-json"),
    path("pengumuman/<int:number>/<str:code>/", views.announcement_formation, name="announcement-formation"),
]
