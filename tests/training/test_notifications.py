"""Training hand-offs: the department head hears of each nomination; employee and nominator of each decision."""

from django.urls import reverse

from employees.models import Notification
from training import services


def titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_nomination_tells_the_head_and_the_employee(world, session, django_capture_on_commit_callbacks):
    program = session.program.title
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
    assert titles(world.user_kepala) == [
        f"Dewi Lestari diusulkan mengikuti pelatihan {program}; menunggu keputusan Anda"
    ]
    head_note = Notification.objects.get(recipient=world.user_kepala)
    assert head_note.url == reverse("training:approval-list")
    assert titles(world.user_pegawai) == [f"Dewi Lestari diusulkan mengikuti pelatihan {program}"]
    assert titles(world.user_kepala2) == []  # the other department's head hears nothing


def test_own_request_tells_the_head(world, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_request(session=session, by=world.user_pegawai_b)
    assert titles(world.user_kepala2) == [
        f"Frans Wanma meminta ikut pelatihan {session.program.title}; menunggu keputusan Anda"
    ]
    assert titles(world.user_pegawai_b) == []


def test_approved_waitlisted_declined_and_moved_up_tell_employee_and_nominator(
    world, session, django_capture_on_commit_callbacks
):
    program = session.program.title  # capacity 2
    with django_capture_on_commit_callbacks(execute=True):
        first = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.user_atasan)
        second = services.enrollment_nominate(session=session, employee=world.pegawai2, by=world.user_atasan)
        third = services.enrollment_nominate(session=session, employee=world.atasan, by=world.hr)
        services.enrollment_approve(enrollment=first, by=world.user_kepala)
        services.enrollment_approve(enrollment=third, by=world.user_kepala)
        services.enrollment_decline(enrollment=second, by=world.user_kepala, reason="Beban kerja")
    assert titles(world.user_pegawai)[-1] == f"Usulan pelatihan {program} untuk Dewi Lestari disetujui"
    assert titles(world.user_pegawai2)[-1] == f"Usulan pelatihan {program} untuk Petrus Sapisa ditolak"
    assert Notification.objects.filter(recipient=world.user_pegawai2).order_by("pk").last().body == "Beban kerja"
    nominator = titles(world.user_atasan)
    assert f"Usulan pelatihan {program} untuk Dewi Lestari disetujui" in nominator
    assert f"Usulan pelatihan {program} untuk Petrus Sapisa ditolak" in nominator
    fourth = services.enrollment_nominate(session=session, employee=world.head_a, by=world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_approve(enrollment=fourth, by=world.hr)  # seats full: waitlist
    assert titles(world.user_kepala)[-1].endswith("masuk daftar tunggu karena kursi penuh")
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(enrollment=first, by=world.user_pegawai)
    moved_up = f"Yohanis Kambuaya naik dari daftar tunggu dan mendapat kursi di pelatihan {program}"
    assert titles(world.user_kepala)[-1] == moved_up and titles(world.hr)[-1] == moved_up


def test_certificate_issued_tells_the_employee(world, session, django_capture_on_commit_callbacks):
    enrollment = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.hr)
    services.enrollment_approve(enrollment=enrollment, by=world.user_kepala)
    services.enrollment_set_result(enrollment=enrollment, result="completed", by=world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.certificate_generate(enrollment=enrollment, by=world.hr)
    note = Notification.objects.get(recipient=world.user_pegawai, key__startswith="training.certificate_issued")
    assert note.title == f"Sertifikat pelatihan {session.program.title} untuk Dewi Lestari sudah terbit"
    assert cert.code in note.body
