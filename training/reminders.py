"""The daily training reminder sweep, delivered through the shared digest mechanism."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F
from django.urls import reverse
from django.utils import formats, timezone

from employees.models import HR_GROUP, User
from employees.reminders import DigestItem, digests_send

from . import rules, selectors
from .models import Enrollment, TrainingSession

KIND = "training"
SOON_DAYS = 3
PENDING_DAYS = 3
CERTIFICATE_DAYS = 14  # after the result is recorded, the certificate is late
LAST_QUARTER = (10, 11, 12)


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def training_digests(*, day: date) -> dict[int, list[DigestItem]]:
    """user id → items, built from a few set-based queries (no query per person)."""
    digests: dict[int, list[DigestItem]] = defaultdict(list)
    _starting_soon(digests, day=day)
    _pending_nominations(digests, day=day)
    if day.month in LAST_QUARTER:
        _under_minimum_jp(digests, day=day)
    _missing_certificates(digests, day=day)
    return digests


def _starting_soon(digests: dict[int, list[DigestItem]], *, day: date) -> None:
    """Participants of sessions starting within `SOON_DAYS` days."""
    soon = (
        Enrollment.objects.filter(
            status=Enrollment.Status.APPROVED,
            session__start_date__range=(day, day + timedelta(days=SOON_DAYS)),
            employee__user__isnull=False,
        )
        .exclude(session__status__in=[TrainingSession.Status.CANCELLED, TrainingSession.Status.FINISHED])
        .values_list(
            "employee__user_id", "session_id", "session__program__title", "session__start_date", "session__place"
        )
    )
    for user_id, session_id, title, start, place in soon.iterator(chunk_size=2000):
        where = f" di {place}" if place else ""
        digests[user_id].append(
            DigestItem(f"{title} dimulai {_date(start)}{where}.", reverse("training:session-detail", args=[session_id]))
        )


def _pending_nominations(digests: dict[int, list[DigestItem]], *, day: date) -> None:
    """Approvers with nominations pending for more than `PENDING_DAYS` days; heads' own go to HR."""
    cutoff = timezone.make_aware(datetime.combine(day - timedelta(days=PENDING_DAYS), time.min))
    old = Enrollment.objects.filter(status=Enrollment.Status.PENDING, created_at__lt=cutoff)
    approvals = reverse("training:approval-list")
    per_head = (
        old.exclude(employee_id=F("employee__unit__department__head_id"))
        .filter(employee__unit__department__head__user__isnull=False)
        .values("employee__unit__department__head__user_id")
        .annotate(n=Count("pk"))
    )
    for row in per_head:
        digests[row["employee__unit__department__head__user_id"]].append(
            DigestItem(
                f"{row['n']} usulan pelatihan menunggu keputusan Anda lebih dari {PENDING_DAYS} hari.", approvals
            )
        )
    heads_own = old.filter(employee_id=F("employee__unit__department__head_id")).count()
    if heads_own:
        for user_id in User.objects.filter(groups__name=HR_GROUP, is_active=True).values_list("pk", flat=True):
            digests[user_id].append(
                DigestItem(
                    f"{heads_own} usulan pelatihan kepala perangkat daerah menunggu keputusan BKPSDM.", approvals
                )
            )


def _under_minimum_jp(digests: dict[int, list[DigestItem]], *, day: date) -> None:
    """October to December: PNS still under the minimum JP, and their department heads."""
    minimum = rules.MIN_JP_PNS
    rows = (
        selectors.with_jp(selectors.subject_to_minimum_jp(), year=day.year)
        .filter(jp__lt=minimum)
        .values_list("user_id", "jp", "unit__department__head__user_id")
    )
    per_department: dict[int, int] = defaultdict(int)
    my_training = reverse("training:my-training")
    for user_id, jp, head_user_id in rows.iterator(chunk_size=5000):
        if user_id:
            gap = rules.jp_gap(employment_type="pns", total=jp)
            digests[user_id].append(
                DigestItem(
                    f"JP Anda tahun {day.year} baru {jp}; kurang {gap} JP dari hak minimal {minimum} JP.", my_training
                )
            )
        if head_user_id:
            per_department[head_user_id] += 1
    under = reverse("training:under-jp-list")
    for head_user_id, n in per_department.items():
        digests[head_user_id].append(
            DigestItem(f"{n} PNS di perangkat daerah Anda masih di bawah {minimum} JP.", under)
        )


def _missing_certificates(digests: dict[int, list[DigestItem]], *, day: date) -> None:
    """HR: participants declared complete two weeks ago who still have no certificate, per session."""
    cutoff = timezone.make_aware(datetime.combine(day - timedelta(days=CERTIFICATE_DAYS), time.min))
    missing = Enrollment.objects.filter(
        status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED, result_at__lt=cutoff,
        certificate__isnull=True,
    )  # fmt: skip
    per_session = list(
        missing.values("session_id", "session__program__title", "session__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "session_id")[:5]
    )
    if not per_session:
        return
    items = [
        DigestItem(
            f"{row['session__program__title']} — {row['session__name']}: {row['n']} peserta selesai belum "
            f"bersertifikat lebih dari {CERTIFICATE_DAYS} hari.",
            reverse("training:session-detail", args=[row["session_id"]]),
        )
        for row in per_session
    ]
    for user_id in User.objects.filter(groups__name=HR_GROUP, is_active=True).values_list("pk", flat=True):
        digests[user_id].extend(items)


def training_reminders_send(*, day: date | None = None) -> int:
    """One digest per person per day (idempotent through the shared reminder log)."""
    day = day or timezone.localdate()
    return digests_send(
        kind=KIND,
        day=day,
        digests=training_digests(day=day),
        subject="Pengingat pelatihan dan pengembangan kompetensi",
        intro="Berikut hal terkait pelatihan yang perlu Anda perhatikan:",
        url=reverse("training:my-training"),
    )
