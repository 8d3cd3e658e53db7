from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from employees.models import Employee
from employees.ratelimit import rate_limited
from employees.selectors import headcount_by_type
from recruitment import selectors as recruitment


def home(request):
    """The public front door for visitors; for staff, the home of their role."""
    if not request.user.is_authenticated:
        return public_home(request)
    return role_home(request)


def public_home(request):
    """Announcements, registrations open today, the status check, certificate checking, the staff login."""
    context = {
        "registrations": recruitment.open_registrations(timezone.localdate()),
        "announcements": recruitment.latest_announcements(5),
    }
    return render(request, "public_home.html", context)


def favicon(request):
    return redirect(static("favicon.ico"), permanent=True)


def role_home(request):
    """Home per role: HR totals by type, a head's department headcount, a supervisor's team, one's own card."""
    user = request.user
    context = {"own": user.employee_or_none}
    active = Employee.objects.active()
    if user.is_hr:
        context["hr_by_type"] = headcount_by_type(active)
        context["hr_total"] = sum(n for _t, n in context["hr_by_type"])
    department = user.headed_department
    if department is not None:
        in_department = active.filter(unit__department_id=department.pk)
        context["dept_by_type"] = headcount_by_type(in_department)
        context["dept_total"] = sum(n for _t, n in context["dept_by_type"])
    if user.is_supervisor:
        context["team"] = list(active.filter(supervisor=user.employee_or_none).order_by("name")[:8])
        context["team_count"] = active.filter(supervisor=user.employee_or_none).count()
    return render(request, "home.html", context)


RESET_LIMIT = (5, 3600)  # reset requests per address per hour


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, with Indonesian texts and a limit per address against mail flooding."""

    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    def post(self, request, *args, **kwargs):
        if rate_limited(request, "password-reset", RESET_LIMIT):
            return render(request, "registration/password_reset_too_many.html", status=429)
        return super().post(request, *args, **kwargs)
