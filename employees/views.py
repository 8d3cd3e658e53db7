from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Employee, Notification, OrgUnit


@login_required
def employee_list(request):
    employees = Employee.objects.visible_to(request.user).with_related()
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(request, "employees/employee_list.html", {"page_obj": page})


@login_required
def employee_detail(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user).with_related(), pk=pk)
    return render(request, "employees/employee_detail.html", {"employee": employee})


@login_required
def unit_tree(request):
    units = OrgUnit.objects.select_related("head")
    return render(request, "employees/unit_tree.html", {"units": units})


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "employees/notification_list.html", {"page_obj": page})
