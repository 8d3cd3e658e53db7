from django.urls import path

from . import views

app_name = "employees"

urlpatterns = [
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/ekspor/", views.employee_export, name="employee-export"),
    path("pegawai/ekspor-pilihan/", views.employee_export_selection, name="employee-export-selection"),
    path("pegawai/kolom/", views.employee_columns, name="employee-columns"),
    path("pegawai/baru/", views.employee_create, name="employee-create"),
    path("pegawai/impor/", views.import_start, name="import-start"),
    path("pegawai/impor/templat/", views.import_template, name="import-template"),
    path("pegawai/impor/<int:pk>/", views.import_detail, name="import-detail"),
    path("pegawai/impor/<int:pk>/progres/", views.import_progress, name="import-progress"),
    path("pegawai/impor/<int:pk>/simpan/", views.import_commit, name="import-commit"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("pegawai/<int:pk>/ubah/", views.employee_update, name="employee-update"),
    path("unit/", views.unit_tree, name="unit-tree"),
    path("notifikasi/", views.notification_list, name="notification-list"),
    path("notifikasi/tandai-dibaca/", views.notification_read_all, name="notification-read-all"),
    path("notifikasi/pengaturan/", views.notification_settings, name="notification-settings"),
]
