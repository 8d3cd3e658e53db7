from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import dashboard_views, health_views, views

admin.site.site_header = _("Administrasi Sorong ASN")
admin.site.site_title = _("Sorong ASN")
admin.site.index_title = _("Administrasi")

urlpatterns = [
    path("", views.home, name="home"),
    # browsers ask for /favicon.ico before reading any page's <link rel="icon">
    path("favicon.ico", views.favicon, name="favicon"),
    path("dasbor/", dashboard_views.dashboard, name="dashboard"),
    path("dasbor/indeks/", dashboard_views.dashboard_indices, name="dashboard-indices"),
    path("dasbor/ekspor/", dashboard_views.dashboard_export, name="dashboard-export"),
    path("dasbor/sistem-merit/", dashboard_views.merit_assessment, name="merit-assessment"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # forgotten password: a link by e-mail to the address in the account (nothing says whether it exists)
    path("kata-sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("kata-sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("kata-sandi/atur/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("sehat/", health_views.health, name="health"),
    path("", include("employees.urls")),
    path("kinerja/", include("performance.urls")),
    path("pelatihan/", include("training.urls")),
    path("siasn/", include("siasn.urls")),
    # recruitment owns /rekrutmen/ (staff and public status) and /pengumuman/ (public results)
    path("", include("recruitment.urls")),
]
