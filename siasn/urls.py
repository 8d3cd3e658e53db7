from django.urls import path

from . import views

app_name = "siasn"

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/", views.units, name="units"),
    path("unit/ambil/", views.unit_fetch, name="unit-fetch"),
    path("unit/terima-semua/", views.unit_accept_all, name="unit-accept-all"),
    path("unit/<int:pk>/terima/", views.unit_accept, name="unit-accept"),
    path("pegawai/", views.people, name="people"),
    path("pegawai/<int:pk>/", views.pull_detail, name="pull-detail"),
    path("pegawai/<int:pk>/progres/", views.pull_progress, name="pull-progress"),
    path("pegawai/<int:pk>/lanjutkan/", views.pull_resume, name="pull-resume"),
    path("pegawai/<int:pk>/terima/", views.pull_accept, name="pull-accept"),
    path("pegawai/<int:pk>/terima-semua/", views.pull_accept_all, name="pull-accept-all"),
    path("antrean/", views.outbox_list, name="outbox"),
    path("antrean/ekspor/", views.outbox_export, name="outbox-export"),
    path("antrean/<int:pk>/kirim-ulang/", views.outbox_retry, name="outbox-retry"),
]
