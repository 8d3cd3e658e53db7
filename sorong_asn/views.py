from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from employees.models import Employee


@login_required
def home(request):
    """Home per role: the count of people in scope for those who manage others, links for everyone."""
    user = request.user
    manages = user.is_hr or user.headed_department is not None or user.is_supervisor
    count = Employee.objects.visible_to(user).count() if manages else None
    return render(request, "home.html", {"employee_count": count})
