from django.urls import path

from . import views

app_name = "employees"

urlpatterns = [
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("unit/", views.unit_tree, name="unit-tree"),
    path("notifikasi/", views.notification_list, name="notification-list"),
]
