from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from employees.models import Employee
from employees.ratelimit import rate_limited
from employees.selectors import headcount_by_type


@login_required
def home(request):
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
