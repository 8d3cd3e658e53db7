"""Every URL of the URLconf, posted empty and with garbage by every demo login: never a 5xx.

The demo data has objects in every state (appraisals from draft to approved, sessions, enrolments,
rounds, announcements); each URL with parameters is filled from the table below, and a URL the table
does not know fails the test, so a new URL is covered the day it is added. The field names posted are
those of every form found on the pages themselves (formset prefixes included), each set to garbage.
"""

import importlib
import io
import re
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from employees import services as employee_services
from employees.models import ImportJob, User
from performance.models import Appraisal, AppraisalPeriod, CoachingPlan, Evidence, PeriodicWindow
from recruitment.models import Announcement, Application, ApplicationDocument, SelectionRound, SelectionStage
from training.models import (
    Certificate,
    Enrollment,
    ExternalLearning,
    Institution,
    TrainingNeed,
    TrainingProgram,
    TrainingSession,
)

pytestmark = pytest.mark.django_db

# HR, a department head (approver), a supervisor (evaluator) and an employee: every role that may act
LOGINS = ["hr", "kepala", "atasan", "pegawai"]
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)
FILE_FIELD = re.compile(
    r'<input\b[^>]*\btype="file"[^>]*\bname="([^"]+)"|<input\b[^>]*\bname="([^"]+)"[^>]*\btype="file"'
)
GARBAGE = "zzz"  # not a number, a date, a choice or an id: every typed field rejects it


def _patterns(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), list(p.pattern.converters)


def _declared_fields() -> set[str]:
    """Every field of every form class of the project, bare and under each prefix the views use."""
    names, prefixes = set(), {""}
    for app in ("employees", "performance", "training", "recruitment", "sorong_asn"):
        module = importlib.import_module(f"{app}.forms")
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm) and hasattr(form, "base_fields"):
                names |= set(form.base_fields)
        views = Path(module.__file__).with_name("views.py")
        prefixes |= set(re.findall(r'prefix="(\w+)"', views.read_text()))
    return {f"{p}-{n}" if p else n for p in prefixes for n in names}


def _first(qs, n=1):
    return list(qs.order_by("pk")[:n])


def _appraisals():
    """One appraisal of each state among those the demo logins work on, and pegawai's own."""
    atasan = User.objects.get(username="atasan").employee_or_none
    picked = {}
    for a in Appraisal.objects.filter(evaluator=atasan).order_by("pk"):
        picked.setdefault(a.status, a)
    own = Appraisal.objects.filter(employee__user__username="pegawai").first()
    return list(picked.values()) + ([own] if own else [])


def _siasn_objects(employee) -> dict:
    """A unit difference, a pull with one person's difference and a failed outbox row (the demo has none)."""
    from siasn.models import OutboxItem, PersonChange, PersonPull, PersonRow, UnitChange, UnitFetch

    hr = User.objects.get(username="hr")
    fetch = UnitFetch.objects.create(created_by=hr, status="done")
    change = UnitChange.objects.create(fetch=fetch, kind="renamed", siasn_id="X1", unit=employee.unit, name="Baru")
    pull = PersonPull.objects.create(created_by=hr, original_name="export.csv", status="done", total=1, done=1)
    row = PersonRow.objects.create(pull=pull, nip=employee.nip, employee=employee, status="fetched", change_count=1)
    PersonChange.objects.create(row=row, field="golongan", label="Golongan", new_value="IV/e", new_display="IV/e")
    item = OutboxItem.objects.create(kind="skp", record_id=1, employee=employee, label="SKP", status="failed")
    pull_urls = ("pull-detail", "pull-progress", "pull-resume", "pull-accept", "pull-accept-all")
    return {
        "siasn:unit-accept": [{"pk": change.pk}],
        **{f"siasn:{name}": [{"pk": pull.pk}] for name in pull_urls},
        "siasn:outbox-retry": [{"pk": item.pk}],
    }


def _kwargs_table():
    appraisals = _appraisals()
    windows = {a.pk: PeriodicWindow.objects.filter(period_id=a.period_id).order_by("pk").first() for a in appraisals}
    goals = {a.pk: a.goals.order_by("pk").first() for a in appraisals}
    rounds = _first(SelectionRound.objects.all(), 3)
    apps = [Application.objects.filter(round=r).order_by("pk").first() for r in rounds]
    apps = [a for a in apps if a] + _first(Application.objects.exclude(appeal_filed_at=None))
    stages = _first(SelectionStage.objects.filter(panel_members__isnull=False).distinct(), 2)
    stage_apps = [(s, Application.objects.filter(round_id=s.round_id).order_by("pk").first()) for s in stages]
    announcements = _first(Announcement.objects.all(), 2)
    enrollments = [e for status in Enrollment.Status.values for e in _first(Enrollment.objects.filter(status=status))]
    employee = User.objects.get(username="pegawai").employee_or_none
    document = ApplicationDocument.objects.order_by("pk").first()
    return {
        **_siasn_objects(employee),
        "password_reset_confirm": [{"uidb64": "MQ", "token": "zzz-zzz"}],
        "employees:import-detail": [{"pk": j.pk} for j in _first(ImportJob.objects.all())],
        "employees:import-progress": [{"pk": j.pk} for j in _first(ImportJob.objects.all())],
        "employees:import-commit": [{"pk": j.pk} for j in _first(ImportJob.objects.all())],
        "employees:employee-detail": [{"pk": employee.pk}],
        "employees:employee-update": [{"pk": employee.pk}],
        "performance:coaching-plan": [{"pk": c.pk} for c in _first(CoachingPlan.objects.all(), 2)],
        "performance:period-detail": [{"pk": p.pk} for p in AppraisalPeriod.objects.all()],
        "performance:period-export": [{"pk": p.pk} for p in AppraisalPeriod.objects.all()],
        "performance:period-open": [{"pk": p.pk} for p in AppraisalPeriod.objects.all()],
        "performance:period-open-status": [{"pk": p.pk} for p in AppraisalPeriod.objects.all()],
        **{
            f"performance:{name}": [{"pk": a.pk} for a in appraisals]
            for name in (
                "appraisal-detail",
                "appraisal-pdf",
                "goal-add",
                "plan-submit",
                "plan-agree",
                "plan-return",
                "self-assess",
                "evaluate",
                "approve",
                "return",
                "objection-lodge",
                "objection-decide",
            )
        },  # fmt: skip
        **{
            f"performance:{name}": [{"pk": a.pk, "goal_pk": goals[a.pk].pk} for a in appraisals if goals[a.pk]]
            for name in ("goal-edit", "goal-delete")
        },
        **{
            f"performance:{name}": [{"pk": a.pk, "window_pk": windows[a.pk].pk} for a in appraisals if windows[a.pk]]
            for name in ("realisation-record", "periodic-rate")
        },
        "performance:evidence-download": [{"pk": e.pk} for e in _first(Evidence.objects.all())],
        "training:employee-record": [{"pk": employee.pk}],
        "training:institution-update": [{"pk": i.pk} for i in _first(Institution.objects.all())],
        **{
            f"training:{name}": [{"pk": p.pk} for p in _first(TrainingProgram.objects.all())]
            for name in ("program-detail", "program-update")
        },
        **{
            f"training:{name}": [{"pk": s.pk} for s in _first(TrainingSession.objects.all(), 2)]
            for name in (
                "session-detail",
                "session-update",
                "session-nominate",
                "session-request",
                "session-capacity",
                "session-status",
                "session-attendance",
            )
        },  # fmt: skip
        **{
            f"training:{name}": [{"pk": e.pk} for e in enrollments]
            for name in (
                "enrollment-approve",
                "enrollment-decline",
                "enrollment-cancel",
                "enrollment-result",
                "certificate-download",
                "certificate-generate",
                "certificate-upload",
                "feedback-submit",
            )
        },  # fmt: skip
        "training:verify": [{"code": c.code} for c in _first(Certificate.objects.all())] + [{"code": "zzz"}],
        **{
            f"training:{name}": [{"pk": x.pk} for x in _first(ExternalLearning.objects.all(), 2)]
            for name in ("external-decide", "external-evidence")
        },
        "training:need-nominate": [{"pk": n.pk} for n in _first(TrainingNeed.objects.all())],
        **{
            f"recruitment:{name}": [{"pk": r.pk} for r in rounds]
            for name in (
                "round-detail",
                "round-edit",
                "round-status",
                "round-check",
                "round-rank",
                "round-rank-status",
                "round-publish",
                "round-publish-status",
                "applicants-import",
                "scores-import",
                "fairness",
                "formation-create",
                "register",
            )
        },  # fmt: skip
        "recruitment:formation-detail": [{"pk": r.formations.order_by("pk").first().pk} for r in rounds],
        **{
            f"recruitment:{name}": [{"pk": a.pk} for a in apps]
            for name in (
                "application-detail",
                "application-decide",
                "appeal-decide",
                "application-hire",
                "access-code-resend",
                "applicant-adopt",
            )
        },  # fmt: skip
        "recruitment:document-download": [{"pk": document.application_id, "doc": document.pk}] if document else [],
        **{f"recruitment:{name}": [{"pk": s.pk} for s, _ in stage_apps] for name in ("stage-panel", "stage-members")},
        **{
            f"recruitment:{name}": [{"pk": s.pk, "app": a.pk} for s, a in stage_apps if a]
            for name in ("panel-declare", "panel-score")
        },
        **{
            f"recruitment:{name}": [{"number": n.number} for n in announcements]
            for name in ("announcement-detail", "announcement-json")
        },
        "recruitment:announcement-formation": [
            {"number": n.number, "code": n.round.formations.order_by("pk").first().code} for n in announcements
        ],
    }


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", employees=250, password="uji-demo-2026", stdout=io.StringIO())
    hr = User.objects.get(username="hr")
    # an import job and a round open for public registration, which the demo does not leave behind
    data = b"nip,nama\n1,=x\n"
    employee_services.import_job_create(by=hr, upload=SimpleUploadedFile("pegawai.csv", data))
    rnd = SelectionRound.objects.order_by("pk").first()
    SelectionRound.objects.filter(pk=rnd.pk).update(public_registration=True, status="registration")
    return hr


def _request(client, method, url, data=None):
    """One request in its own savepoint, so that a broken one cannot spoil the next."""
    sid = transaction.savepoint()
    try:
        response = client.post(url, data or {}) if method == "post" else client.get(url)
    finally:
        transaction.savepoint_rollback(sid) if transaction.get_rollback() else transaction.savepoint_commit(sid)
    return response


def test_no_post_to_any_url_gives_a_server_error(client, demo):
    client.raise_request_exception = False
    table = _kwargs_table()
    urls = []
    for name, params in _patterns():
        if not params:
            urls.append(reverse(name))
            continue
        assert name in table, f"{name}: add its parameters to the table of this test"
        urls += [reverse(name, kwargs=kwargs) for kwargs in table[name]]
    users = [User.objects.get(username=u) for u in LOGINS] + [None]
    fields, files = _declared_fields(), set()
    # the forms' field names as the pages render them (per-goal and per-person fields included): HR sees
    # every page but an employee's and a supervisor's own SKP forms
    own = [url for url in urls if url.startswith("/kinerja/skp/") and url.count("/") == 4]
    for user, pages in ((users[0], urls), (users[2], own), (users[3], own)):
        client.force_login(user)
        for url in pages:
            page = _request(client, "get", url)
            if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
                html = page.content.decode()
                fields |= set(FIELD.findall(html))
                files |= {a or b for a, b in FILE_FIELD.findall(html)}
    fields -= {"csrfmiddlewaretoken"} | files
    assert {"annual-results_rating", "decision", "file"} <= fields | files  # the forms were found
    failures = []
    for user in users:
        for url in urls:
            garbage = {f: GARBAGE for f in fields}
            garbage |= {f: SimpleUploadedFile("data.csv", b"\x81\x8d\xff\x00zzz") for f in files}
            for payload in ({}, garbage):
                client.logout() if user is None else client.force_login(user)
                response = _request(client, "post", url, payload)
                if response.status_code >= 500:
                    failures.append(f"{user or 'anonim'} POST {url} {sorted(payload)[:3]}…: {response.status_code}")
                    break
    assert not failures, "\n".join(failures)
