"""Client address behind trusted proxies, safe `next`, and personal data read in the admin."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from employees.clientip import client_ip
from employees.models import AccessLog, Notification
from recruitment.models import Applicant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"  # the reverse proxy every request arrives from


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no trusted proxy: the header is the client's own claim
        (1, "", PROXY),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a spoofed entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the furthest one known
        (1, "bukan-alamat", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_table(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def _from(ip):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ip}


def test_rate_limit_counts_each_client_behind_the_proxy_alone(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    url = reverse("password_reset")
    for _ in range(5):
        assert client.post(url, {"email": "x@contoh.id"}, **_from("203.0.113.1")).status_code == 302
    assert client.post(url, {"email": "x@contoh.id"}, **_from("203.0.113.1")).status_code == 429
    assert client.post(url, {"email": "x@contoh.id"}, **_from("203.0.113.2")).status_code == 302


def test_login_lockout_is_per_client_behind_the_proxy(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "hr", "password": "salah"}, **_from("203.0.113.1"))
    locked = client.post(url, {"username": "hr", "password": "rahasia-uji-123"}, **_from("203.0.113.1"))
    assert locked.status_code in (403, 429) or "_auth_user_id" not in client.session
    other = client.post(url, {"username": "hr", "password": "rahasia-uji-123"}, **_from("203.0.113.2"))
    assert other.status_code == 302 and client.session.get("_auth_user_id") == str(world.hr.pk)


def test_access_log_records_the_client_address(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(world.hr)
    client.get(reverse("employees:employee-export"), **_from("203.0.113.7"))
    assert AccessLog.objects.get().ip_address == "203.0.113.7"


def test_admin_change_pages_of_people_are_logged(client, world):
    staff = world.hr
    staff.is_staff = True
    staff.save()
    applicant = Applicant.objects.create(nik="9271014107980002", name="Siti", sex="P", birth_place="Sorong",
                                         birth_date="1998-07-01", education_level="S1")  # fmt: skip
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:employees_employee_change", args=[world.pegawai.pk])).status_code == 200
    assert client.get(reverse("admin:recruitment_applicant_change", args=[applicant.pk])).status_code == 200
    logs = list(AccessLog.objects.order_by("pk"))
    assert [log.what for log in logs] == [AccessLog.What.PERSONAL] * 2
    assert logs[0].employee == world.pegawai and "Siti" in logs[1].detail


def test_access_log_and_others_notifications_are_for_superusers(client, world):
    from django.contrib.auth.models import Permission

    staff = world.hr
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_accesslog", "view_notification"]))
    Notification.objects.create(recipient=world.user_kepala, title="SKP menunggu persetujuan")
    Notification.objects.create(recipient=staff, title="Milik sendiri")
    client.force_login(staff)
    assert client.get(reverse("admin:employees_accesslog_changelist")).status_code == 403
    page = client.get(reverse("admin:employees_notification_changelist")).content.decode()
    assert "Milik sendiri" in page and "SKP menunggu persetujuan" not in page
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:employees_accesslog_changelist")).status_code == 200
    assert "SKP menunggu persetujuan" in client.get(reverse("admin:employees_notification_changelist")).content.decode()
