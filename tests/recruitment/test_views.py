import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment import access, panel, ranking, rounds, services
from recruitment.models import Announcement, Application, PanelMember

from .conftest import DATA, make_app
from .test_services import PERSON, _form_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_anonymous_is_sent_to_login(client, casn):
    for url in (reverse("recruitment:round-list"), reverse("recruitment:round-detail", args=[casn.round.pk]),
                reverse("recruitment:formation-detail", args=[casn.nurse.pk])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_non_hr_cannot_manage(client, casn, world):
    client.force_login(world.user_pegawai)
    assert client.get(reverse("recruitment:round-create")).status_code == 403
    assert client.get(reverse("recruitment:round-detail", args=[casn.round.pk])).status_code == 404
    assert client.post(reverse("recruitment:round-rank", args=[casn.round.pk])).status_code == 403
    assert client.get(reverse("recruitment:applicants-import", args=[casn.round.pk])).status_code == 403


ROUND_ACTIONS = ["round-edit", "round-status", "round-check", "round-rank", "round-rank-status", "round-publish",
                 "round-publish-status", "applicants-import", "scores-import", "fairness",
                 "formation-create"]  # fmt: skip
APPLICATION_ACTIONS = ["application-detail", "application-decide", "appeal-decide", "application-hire",
                       "access-code-resend", "applicant-adopt"]  # fmt: skip


@pytest.mark.parametrize("name", ROUND_ACTIONS + APPLICATION_ACTIONS)
def test_every_hr_action_refuses_a_department_head_and_changes_nothing(client, casn, world, name):
    """The head of the formation's own department still may not manage the round: 403 before any lookup,
    for ids that exist and ids that do not alike."""
    app = make_app(casn.nurse, result="tms")
    pk = casn.round.pk if name in ROUND_ACTIONS else app.pk
    client.force_login(world.user_kepala)
    for target in (pk, 999999):
        assert client.get(reverse(f"recruitment:{name}", args=[target])).status_code in (403, 405)
        data = {"result": "ms", "reason": "x", "decision": "accepted", "status": "announced", "stage": "final"}
        assert client.post(reverse(f"recruitment:{name}", args=[target]), data).status_code == 403
    app.refresh_from_db()
    casn.round.refresh_from_db()
    assert (app.admin_result, app.hired_employee_id, app.outcome) == ("", None, "pending")
    assert (casn.round.status, casn.round.ranking_status, casn.round.announcements.count()) == ("draft", "", 0)


def test_department_head_sees_own_formations_read_only(client, casn, world):
    app = make_app(casn.nurse)
    client.force_login(world.user_kepala)
    assert client.get(reverse("recruitment:formation-detail", args=[casn.nurse.pk])).status_code == 200
    assert client.get(reverse("recruitment:formation-detail", args=[casn.teacher.pk])).status_code == 404
    page = client.get(reverse("recruitment:round-detail", args=[casn.round.pk])).content.decode()
    assert "F-001" in page and "F-002" not in page and "Jalankan pemeringkatan" not in page
    assert client.get(reverse("recruitment:application-detail", args=[app.pk])).status_code == 403
    assert (
        app.applicant.nik
        not in client.get(reverse("recruitment:formation-detail", args=[casn.nurse.pk])).content.decode()
    )


def test_hr_pages_render(client, casn, world):
    app = make_app(casn.nurse, scores=(100, 100, 200, Decimal("80")))
    client.force_login(world.hr)
    for url in (
        reverse("recruitment:round-list"), reverse("recruitment:round-create"),
        reverse("recruitment:round-detail", args=[casn.round.pk]),
        reverse("recruitment:round-edit", args=[casn.round.pk]),
        reverse("recruitment:formation-create", args=[casn.round.pk]),
        reverse("recruitment:formation-detail", args=[casn.nurse.pk]),
        reverse("recruitment:application-detail", args=[app.pk]), reverse("recruitment:fairness", args=[casn.round.pk]),
        reverse("recruitment:scores-import", args=[casn.round.pk]),
    ):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_hr_viewing_an_applicants_full_nik_is_logged(client, casn, world):
    from employees.models import AccessLog

    app = make_app(casn.nurse)
    client.force_login(world.user_kepala)
    client.get(reverse("recruitment:application-detail", args=[app.pk]))  # refused: nothing seen, nothing logged
    assert not AccessLog.objects.exists()
    client.force_login(world.hr)
    html = client.get(reverse("recruitment:application-detail", args=[app.pk])).content.decode()
    assert app.applicant.nik in html
    log = AccessLog.objects.get()
    assert log.actor == world.hr and log.what == AccessLog.What.PERSONAL
    assert app.registration_number in log.detail and app.applicant.nik not in log.detail


def test_hr_creates_round_with_rules(client, world):
    client.force_login(world.hr)
    data = {"name": "CPNS 2027", "year": 2027, "kind": "casn", "appointment_type": "cpns", "skb_multiplier": 3,
            "skd_weight": 40, "skb_weight": 60, "oap_share": 80, "optimalisasi": "on", "pg_umum_twk": 70,
            "pg_umum_tiu": 80, "pg_umum_tkp": 166, "pg_cumlaude_total": 311, "pg_cumlaude_tiu": 85,
            "pg_diaspora_total": 311, "pg_diaspora_tiu": 85, "pg_disabilitas_total": 286, "pg_disabilitas_tiu": 60,
            "pg_papua_total": 286, "pg_papua_tiu": 60}  # fmt: skip
    response = client.post(reverse("recruitment:round-create"), data)
    assert response.status_code == 302
    from recruitment.models import SelectionRound

    rnd = SelectionRound.objects.get(name="CPNS 2027")
    assert rnd.passing_grades["umum"]["twk"] == 70 and rnd.optimalisasi
    bad = client.post(reverse("recruitment:round-create"), {**data, "name": "X", "skb_weight": 50})
    assert "berjumlah 100%" in bad.content.decode()


def test_import_dry_run_shows_errors_and_saves_nothing(client, casn, world):
    client.force_login(world.hr)
    upload = SimpleUploadedFile("nilai.csv", (DATA / "recruitment_scores_bad.csv").read_bytes())
    url = reverse("recruitment:scores-import", args=[casn.round.pk])
    response = client.post(url, {"file": upload, "action": "commit"})
    page = response.content.decode()
    assert "TWK 151 di luar rentang 0–150." in page and "tidak ada yang disimpan" in page


@pytest.mark.parametrize("size", [3, 30])
def test_formation_list_query_count_is_fixed(client, casn, world, django_assert_max_num_queries, size):
    for _ in range(size):
        make_app(casn.nurse, scores=(100, 100, 200, Decimal("80")))
    ranking.round_rank(rnd=casn.round, by=world.hr)
    client.force_login(world.hr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("recruitment:formation-detail", args=[casn.nurse.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("recruitment:round-detail", args=[casn.round.pk])).status_code == 200


@pytest.fixture
def published(casn, world):
    services.applicants_import(rnd=casn.round, by=world.hr, data=(DATA / "recruitment_applicants.csv").read_bytes(),
                               commit=True)  # fmt: skip
    services.scores_import(rnd=casn.round, by=world.hr, data=(DATA / "recruitment_scores.csv").read_bytes(),
                           commit=True)  # fmt: skip
    ranking.round_rank(rnd=casn.round, by=world.hr)
    return services.announcement_publish(rnd=casn.round, stage="final", by=world.hr)


def test_announcement_list_says_which_one_replaced_which(client, published, casn, world, django_assert_max_num_queries):
    app = Application.objects.filter(round=casn.round, skb__isnull=False).first()
    services.application_decide(application=app, by=world.hr, result="tms", reason="Ijazah tidak sesuai formasi")
    ranking.round_rank(rnd=casn.round, by=world.hr)
    correction = services.announcement_publish(rnd=casn.round, stage="final", by=world.hr, note="Koreksi hasil")
    with django_assert_max_num_queries(3):
        page = client.get(reverse("recruitment:announcement-list")).content.decode()
    assert f"Sudah diganti oleh pengumuman No. {correction.number}" in page
    assert f"Menggantikan pengumuman No. {published.number}" in page


def test_public_announcement_has_checksum_and_no_nik(client, published):
    page = client.get(reverse("recruitment:announcement-list")).content.decode()
    assert published.title in page
    page = client.get(reverse("recruitment:announcement-detail", args=[published.number])).content.decode()
    assert published.checksum in page and "Yohanis Kambuaya" in page
    for app in Application.objects.select_related("applicant"):
        assert app.applicant.nik not in page
        assert app.applicant.birth_date.isoformat() not in page
    raw = client.get(reverse("recruitment:announcement-json", args=[published.number])).content
    import hashlib

    assert hashlib.sha256(raw).hexdigest() == published.checksum


def test_public_sees_nothing_unpublished(client, casn):
    make_app(casn.nurse)
    assert Announcement.objects.count() == 0
    assert client.get(reverse("recruitment:announcement-detail", args=[1])).status_code == 404


def _code(number):
    return access.access_code_issue(Application.objects.get(registration_number=number))


def test_status_lookup_and_appeal(client, published):
    url = reverse("recruitment:status")
    code = _code("2026-0006")
    wrong = client.post(url, {"registration_number": "2026-0006", "access_code": "ABCDEFGHJKMN"})
    assert "tidak cocok" in wrong.content.decode()
    client.post(url, {"registration_number": "2026-0006", "access_code": code})
    page = client.get(url).content.decode()
    assert "usia 36 tahun pada 1 Agustus 2026 melebihi batas 35" in page
    assert "9271010101900006" not in page  # NIK masked even to its owner on a public page
    client.post(reverse("recruitment:status-appeal"), {"text": "Saya lahir tahun 1991."})
    assert Application.objects.get(registration_number="2026-0006").appeal_text == "Saya lahir tahun 1991."


def test_appeal_without_status_session_goes_nowhere(client, published):
    response = client.post(reverse("recruitment:status-appeal"), {"text": "x"})
    assert response.status_code == 302
    assert not Application.objects.exclude(appeal_text="").exists()


def test_status_lookups_are_rate_limited(client, published):
    url = reverse("recruitment:status")
    for _ in range(30):
        client.post(url, {"registration_number": "X", "access_code": "ABCDEFGHJKMN"})
    assert client.post(url, {"registration_number": "X", "access_code": "ABCDEFGHJKMN"}).status_code == 429


def _form_data(formation, **changes):
    data = {**PERSON, "formation": formation.pk, "birth_date": "1997-04-02", "gpa": "3.40", **changes}
    for kind in ("ktp", "ijazah", "transkrip"):
        data[kind] = SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4", content_type="application/pdf")
    return data


def test_public_form_registers_without_account(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    response = client.post(reverse("recruitment:register", args=[rnd.pk]), _form_data(formation))
    assert response.status_code == 302
    app = Application.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert app.registration_number in page


def test_public_form_refuses_html_and_wrong_files(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    url = reverse("recruitment:register", args=[rnd.pk])
    page = client.post(url, _form_data(formation, name="<script>x</script>")).content.decode()
    assert "Tidak boleh berisi tanda &lt; atau &gt; (HTML)." in page
    data = _form_data(formation)
    data["ktp"] = SimpleUploadedFile("ktp.docx", b"PK", content_type="application/msword")
    page = client.post(url, data).content.decode()
    assert "hanya PDF, JPG atau PNG" in page
    data = _form_data(formation)
    del data["ijazah"]
    assert client.post(url, data).status_code == 200  # form shown again with the missing document marked
    assert Application.objects.count() == 0


def test_public_form_is_rate_limited(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    url = reverse("recruitment:register", args=[rnd.pk])
    for _ in range(10):
        client.post(url, {"name": "x"})
    assert client.post(url, {"name": "x"}).status_code == 429


def test_panel_member_sees_only_own_stage(client, world):
    rnd = rounds.round_create(by=world.hr, name="JPT", year=2026, kind="open", appointment_type="cpns")
    formation = rounds.formation_create(rnd=rnd, by=world.hr, code="J-1", position="Kepala Dinas", quota=1,
                                          unit=world.dept_a, category="umum")  # fmt: skip
    make_app(formation)
    stage, other = rnd.stages.exclude(kind="admin")[:2]
    PanelMember.objects.create(stage=stage, user=world.user_kepala2)
    client.force_login(world.user_kepala2)
    assert client.get(reverse("recruitment:stage-panel", args=[stage.pk])).status_code == 200
    assert client.get(reverse("recruitment:stage-panel", args=[other.pk])).status_code == 404
    client.force_login(world.user_pegawai)
    assert client.get(reverse("recruitment:stage-panel", args=[stage.pk])).status_code == 404


def test_officer_decides_from_application_page(client, casn, world):
    app = make_app(casn.nurse, result="tms")
    client.force_login(world.hr)
    url = reverse("recruitment:application-decide", args=[app.pk])
    client.post(url, {"result": "ms", "reason": ""})
    app.refresh_from_db()
    assert app.admin_result == ""
    client.post(url, {"result": "ms", "reason": "Dokumen asli sesuai"})
    app.refresh_from_db()
    assert app.admin_result == "ms" and app.admin_decided_by == world.hr


def test_appeal_after_window_from_status_page(client, published, casn):
    casn.round.appeal_opens = datetime.date(2020, 1, 1)
    casn.round.appeal_closes = datetime.date(2020, 1, 5)
    casn.round.save()
    client.post(reverse("recruitment:status"), {"registration_number": "2026-0006", "access_code": _code("2026-0006")})
    response = client.post(reverse("recruitment:status-appeal"), {"text": "Terlambat"}, follow=True)
    assert "Masa sanggah sudah berakhir" in response.content.decode()
    assert not Application.objects.exclude(appeal_text="").exists()


def test_announcement_formation_page_paginates_and_searches(client, published, django_assert_max_num_queries):
    data = json.loads(Announcement.objects.get(pk=published.pk).content)
    formation = next(f for f in data["formasi"] if f["hasil"])
    url = reverse("recruitment:announcement-formation", args=[published.number, formation["kode"]])
    with django_assert_max_num_queries(6):
        page = client.get(url)
    assert page.status_code == 200 and published.checksum in page.content.decode()
    first = formation["hasil"][0]
    found = client.get(url, {"q": first["no_peserta"]}).content.decode()
    assert first["nama"] in found
    assert (
        client.get(reverse("recruitment:announcement-formation", args=[published.number, "TIDAK-ADA"])).status_code
        == 404
    )
    summary = client.get(reverse("recruitment:announcement-detail", args=[published.number])).content.decode()
    assert formation["kode"] in summary and url in summary


def test_hr_appoints_the_panel_by_username_or_nip(client, world):
    rnd = rounds.round_create(by=world.hr, name="JPT", year=2026, kind="open", appointment_type="cpns")
    formation = rounds.formation_create(rnd=rnd, by=world.hr, code="J-1", position="Kepala Dinas", quota=1,
                                          unit=world.dept_a, category="umum")  # fmt: skip
    app = make_app(formation)
    stage = next(s for s in rnd.stages.all() if s.is_panel)
    url = reverse("recruitment:stage-members", args=[stage.pk])
    client.force_login(world.user_kepala)
    assert client.get(url).status_code == 403
    assert client.post(url, {"who": "kepala"}).status_code == 403
    assert not PanelMember.objects.exists()
    client.force_login(world.hr)
    admin_stage = rnd.stages.get(kind="admin")
    assert client.get(reverse("recruitment:stage-members", args=[admin_stage.pk])).status_code == 404
    assert client.post(url, {"who": "kepala2"}).status_code == 302
    grouped = f"{world.head_a.nip[:8]} {world.head_a.nip[8:14]} {world.head_a.nip[14]} {world.head_a.nip[15:]}"
    assert client.post(url, {"who": grouped}).status_code == 302
    assert set(PanelMember.objects.values_list("user__username", flat=True)) == {"kepala2", "kepala"}
    response = client.post(url, {"who": "kepala"})
    assert response.status_code == 200 and "sudah menjadi anggota" in response.content.decode()
    response = client.post(url, {"who": "tidak-ada"})
    assert "Tidak ada akun aktif" in response.content.decode()
    # one who has declared stays; one who has not can be removed
    member = PanelMember.objects.get(user=world.user_kepala2)
    panel.panel_declare(stage=stage, application=app, by=world.user_kepala2, has_conflict=False)
    client.post(url, {"remove": member.pk})
    assert PanelMember.objects.filter(pk=member.pk).exists()
    client.post(url, {"remove": PanelMember.objects.get(user=world.user_kepala).pk})
    assert list(PanelMember.objects.values_list("user__username", flat=True)) == ["kepala2"]


def test_round_list_and_panel_page_query_count_does_not_grow(client, world):
    """More rounds on the list; more candidates, declarations and scores on a panel member's page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rnd = rounds.round_create(by=world.hr, name="JPT", year=2026, kind="open", appointment_type="cpns")
    formation = rounds.formation_create(rnd=rnd, by=world.hr, code="J-1", position="Kepala Dinas", quota=1,
                                          unit=world.dept_a, category="umum")  # fmt: skip
    stage = next(s for s in rnd.stages.all() if s.is_panel)
    PanelMember.objects.create(stage=stage, user=world.user_kepala2)
    counts = []
    for extra in (1, 8):
        for _ in range(extra):
            rounds.round_create(by=world.hr, name="CPNS", year=2026, kind="casn", appointment_type="cpns")
            app = make_app(formation)
            panel.panel_declare(stage=stage, application=app, by=world.user_kepala2, has_conflict=False)
            panel.panel_score(stage=stage, application=app, by=world.user_kepala2, score=80)
        sizes = []
        for user, page in ((world.hr, reverse("recruitment:round-list")),
                           (world.user_kepala2, reverse("recruitment:stage-panel", args=[stage.pk]))):  # fmt: skip
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(page).status_code == 200
            sizes.append(len(ctx))
        counts.append(sizes)
    assert counts[0] == counts[1] and max(counts[1]) <= 15, counts


def test_after_a_form_error_the_page_says_which_files_to_choose_again(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    url = reverse("recruitment:register", args=[rnd.pk])
    data = _form_data(formation, phone="")
    del data["transkrip"]
    page = client.post(url, data).content.decode()
    notice = page.split('id="files-again"')[1].split("</div>")[0]
    assert "pilih lagi ketiga berkas" in notice
    assert "KTP — sebelumnya: <strong>ktp.pdf</strong>" in notice
    assert "Ijazah — sebelumnya: <strong>ijazah.pdf</strong>" in notice
    assert "Transkrip nilai — belum dipilih" in notice
    assert 'id="files-again"' not in client.get(url).content.decode()  # a fresh form says nothing
    assert Application.objects.count() == 0
