import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from employees.identifiers import build_nik
from employees.models import Employee
from recruitment import panel, ranking, rounds, services
from recruitment.models import Announcement, Applicant, Application, Outcome, PanelMember, SelectionRound

from .conftest import DATA, make_app

pytestmark = pytest.mark.django_db


def _import_sample(casn, hr):
    report = services.applicants_import(
        rnd=casn.round, by=hr, data=(DATA / "recruitment_applicants.csv").read_bytes(), commit=True
    )
    assert report.ok, report.errors
    report = services.scores_import(
        rnd=casn.round, by=hr, data=(DATA / "recruitment_scores.csv").read_bytes(), commit=True
    )
    assert report.ok, report.errors


def test_round_gets_preset_stages_and_rules(casn):
    assert list(casn.round.stages.values_list("kind", flat=True)) == ["admin", "skd", "skb", "final"]
    assert casn.round.passing_grades["umum"] == {"twk": 65, "tiu": 80, "tkp": 166}
    assert (casn.round.skb_multiplier, casn.round.skd_weight, casn.round.skb_weight) == (3, 40, 60)


def test_stages_change_only_in_draft(casn, world):
    rounds.round_update(rnd=casn.round, by=world.hr, stages=["admin", "skd", "final"])
    assert casn.round.stages.count() == 3
    rounds.round_set_status(rnd=casn.round, by=world.hr, status="registration")
    with pytest.raises(ValidationError, match="sebelum pendaftaran dibuka"):
        rounds.round_update(rnd=casn.round, by=world.hr, stages=["admin", "skd", "skb", "final"])


S = SelectionRound.Status


@pytest.mark.parametrize(
    ("now", "to", "allowed"),
    [
        (S.DRAFT, S.REGISTRATION, True),
        (S.REGISTRATION, S.ADMIN, True),
        (S.ADMIN, S.REGISTRATION, True),  # one step back corrects a mistake
        (S.SKD, S.SKB, True),
        (S.SKB, S.FINAL, True),
        (S.DRAFT, S.SKB, False),  # no jumps
        (S.REGISTRATION, S.FINAL, False),
        (S.SKB, S.ADMIN, False),
        (S.FINAL, S.ANNOUNCED, False),  # only publishing the final result announces
        (S.ANNOUNCED, S.FINAL, False),  # and it is final
        (S.DRAFT, S.DRAFT, False),
    ],
)
def test_round_moves_one_stage_at_a_time(casn, world, now, to, allowed):
    SelectionRound.objects.filter(pk=casn.round.pk).update(status=now)
    if allowed:
        assert rounds.round_set_status(rnd=casn.round, by=world.hr, status=to).status == to
        assert SelectionRound.objects.get(pk=casn.round.pk).history.first().status == to  # recorded in history
    else:
        with pytest.raises(ValidationError, match="tahap berpindah satu per satu"):
            rounds.round_set_status(rnd=casn.round, by=world.hr, status=to)
        assert SelectionRound.objects.get(pk=casn.round.pk).status == now


def test_round_status_only_by_hr(casn, world):
    with pytest.raises(PermissionDenied):
        rounds.round_set_status(rnd=casn.round, by=world.user_kepala, status=S.REGISTRATION)


def test_only_hr_manages_rounds(world):
    with pytest.raises(PermissionDenied):
        rounds.round_create(by=world.user_kepala, name="X", year=2026, kind="casn", appointment_type="cpns")


def test_dry_run_saves_nothing_and_commit_imports(casn, world):
    data = (DATA / "recruitment_applicants.csv").read_bytes()
    report = services.applicants_import(rnd=casn.round, by=world.hr, data=data, commit=False)
    assert report.ok and len(report.rows) == 7
    assert Application.objects.count() == 0
    services.applicants_import(rnd=casn.round, by=world.hr, data=data, commit=True)
    assert Application.objects.filter(round=casn.round).count() == 7
    too_old = Application.objects.get(registration_number="2026-0006")
    assert too_old.auto_result == "tms"
    assert too_old.auto_reasons == ["usia 36 tahun pada 1 Agustus 2026 melebihi batas 35"]
    assert too_old.history.count() == 1


def test_bad_applicant_rows_reported_by_row_and_column(casn, world):
    good = build_nik(region="927101", birth_date=datetime.date(1996, 1, 1), male=True, serial=11)
    csv = (
        "no_peserta,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,pendidikan,jurusan,ipk,kategori_oap,"
        "kode_formasi,email,telepon,alamat\n"
        f"A-1,{good},Budi,L,Sorong,1996-01-01,S1,Keperawatan,3.5,,F-001,,,\n"
        f"A-2,{good},Budi Lagi,L,Sorong,1996-01-01,S1,Keperawatan,3.5,,F-001,,,\n"
        "A-3,123,<b>X</b>,Q,Sorong,31-31-1996,S9,,5,IV,F-999,,,\n"
    ).encode()
    report = services.applicants_import(rnd=casn.round, by=world.hr, data=csv, commit=True)
    cells = {(e["row"], e["column"]) for e in report.errors}
    assert (3, "nik") in cells  # duplicate NIK in the file
    for column in ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "pendidikan", "ipk", "kategori_oap",
                   "kode_formasi"):  # fmt: skip
        assert (4, column) in cells, column
    assert any("satu NIK satu lamaran" in e["message"] for e in report.errors)
    assert Application.objects.count() == 0 and Applicant.objects.count() == 0


def test_second_application_by_same_nik_is_refused(casn, world):
    data = (DATA / "recruitment_applicants.csv").read_bytes()
    services.applicants_import(rnd=casn.round, by=world.hr, data=data, commit=True)
    again = data.replace(b"2026-000", b"2026-100")
    report = services.applicants_import(rnd=casn.round, by=world.hr, data=again, commit=True)
    assert len(report.errors) == 7
    assert "sudah melamar di seleksi ini" in report.errors[0]["message"]
    assert Application.objects.count() == 7


def test_one_application_per_round_is_a_database_constraint(casn):
    app = make_app(casn.nurse)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Application.objects.create(round=casn.round, formation=casn.teacher, applicant=app.applicant,
                                   registration_number="DUP-1")  # fmt: skip


def test_scores_out_of_range_are_refused(casn, world):
    services.applicants_import(
        rnd=casn.round, by=world.hr, data=(DATA / "recruitment_applicants.csv").read_bytes(), commit=True
    )
    report = services.scores_import(
        rnd=casn.round, by=world.hr, data=(DATA / "recruitment_scores_bad.csv").read_bytes(), commit=True
    )
    messages = {(e["row"], e["column"]): e["message"] for e in report.errors}
    assert messages[(2, "twk")] == "TWK 151 di luar rentang 0–150."
    assert messages[(3, "twk")] == "TWK -5 di luar rentang 0–150."
    assert "tidak terdaftar" in messages[(4, "no_peserta")]
    assert (5, "skb") in messages
    assert not Application.objects.filter(twk__isnull=False).exists()


def test_ranking_of_the_sample(casn, world):
    _import_sample(casn, world.hr)
    ranking.round_rank(rnd=casn.round, by=world.hr)
    apps = {a.registration_number: a for a in Application.objects.all()}
    assert apps["2026-0006"].outcome == Outcome.TMS
    assert apps["2026-0004"].outcome == Outcome.SKD_FAILED
    assert "TWK 60 di bawah ambang 65" in ranking.application_explanation(apps["2026-0004"])
    assert apps["2026-0007"].outcome == Outcome.ABSENT
    ranked = sorted((a for a in apps.values() if a.rank), key=lambda a: a.rank)
    assert [a.registration_number for a in ranked] == ["2026-0001", "2026-0002", "2026-0005", "2026-0003"]
    # quota 2, OAP share 80% → 2 OAP seats: the best two OAP applicants pass, ahead of the non-OAP top scorer
    assert {a.registration_number for a in ranked if a.outcome == Outcome.PASSED} == {"2026-0001", "2026-0005"}
    assert "afirmasi OAP" in ranking.application_explanation(apps["2026-0005"])
    assert apps["2026-0002"].outcome == Outcome.NOT_SELECTED
    assert apps["2026-0001"].final_score == Decimal("78.227")


def test_final_score_written_matches_the_rule(casn, world):
    app = make_app(casn.nurse, scores=(100, 150, 181, Decimal("77.5")))  # SKD 431
    ranking.round_rank(rnd=casn.round, by=world.hr)
    app.refresh_from_db()
    assert app.final_score == Decimal("77.846")
    assert app.skd_total == 431 and app.rank == 1


def test_skb_cut_at_three_times_quota(casn, world):
    casn.round.oap_share = 0
    casn.round.save()
    apps = [make_app(casn.nurse, scores=(100, 100, 200 - i, Decimal("80"))) for i in range(8)]
    ranking.round_rank(rnd=casn.round, by=world.hr)
    outcomes = [Application.objects.get(pk=a.pk).outcome for a in apps]
    assert outcomes[:2] == [Outcome.PASSED, Outcome.PASSED]
    assert outcomes[2:6] == [Outcome.NOT_SELECTED] * 4
    assert outcomes[6:] == [Outcome.SKB_CUT] * 2
    assert "di luar 3 × kuota (6)" in ranking.application_explanation(Application.objects.get(pk=apps[7].pk))


def test_tie_broken_by_age_and_explained(casn, world):
    casn.round.oap_share = 0
    casn.round.save()
    young = make_app(casn.nurse, born=datetime.date(1999, 1, 1), scores=(100, 100, 200, Decimal("80")))
    old = make_app(casn.nurse, born=datetime.date(1995, 1, 1), scores=(100, 100, 200, Decimal("80")))
    ranking.round_rank(rnd=casn.round, by=world.hr)
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.rank, young.rank) == (1, 2)
    assert "usia" in ranking.application_explanation(young)


def test_optimalisasi_fills_empty_seats_from_same_position(casn, world):
    rnd = casn.round
    rnd.optimalisasi, rnd.oap_share = True, 0
    rnd.save()
    other = rounds.formation_create(rnd=rnd, by=world.hr, code="F-003", position="Perawat Ahli Pertama",
                                      unit=world.bidang_b, quota=1, category="umum")  # fmt: skip
    nurses = [make_app(casn.nurse, scores=(100, 100, 200 - i, Decimal("80"))) for i in range(3)]
    ranking.round_rank(rnd=rnd, by=world.hr)
    third = Application.objects.get(pk=nurses[2].pk)
    assert third.outcome == Outcome.PASSED_OPT and third.placed_formation == other


def test_officer_override_needs_reason_and_is_recorded(casn, world):
    app = make_app(casn.nurse, result="tms")
    with pytest.raises(ValidationError):
        services.application_decide(application=app, by=world.hr, result="ms", reason=" ")
    services.application_decide(application=app, by=world.hr, result="ms", reason="Ijazah asli sudah diperiksa")
    app.refresh_from_db()
    assert app.effective_result == "ms"
    assert app.history.first().history_change_reason.startswith("Keputusan administrasi")


def test_appeal_window_and_decision(casn, world):
    app = make_app(casn.nurse, result="tms")
    services.application_appeal(application=app, text="Usia saya dihitung salah.")
    with pytest.raises(ValidationError, match="sudah pernah"):
        services.application_appeal(application=app, text="lagi")
    services.appeal_decide(application=app, by=world.hr, decision="accepted", reason="Akta kelahiran menunjukkan 1991")
    app.refresh_from_db()
    assert app.admin_result == "ms" and app.appeal_decision == "accepted"


def test_appeal_after_window_is_refused(casn):
    app = make_app(casn.nurse, result="tms")
    late = casn.round.appeal_closes + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Masa sanggah sudah berakhir"):
        services.application_appeal(application=app, text="Terlambat", today=late)
    app.refresh_from_db()
    assert app.appeal_filed_at is None


def test_publication_is_frozen_with_checksum_and_no_personal_data(casn, world):
    _import_sample(casn, world.hr)
    with pytest.raises(ValidationError, match="pemeringkatan"):
        services.announcement_publish(rnd=casn.round, stage="final", by=world.hr)
    ranking.round_rank(rnd=casn.round, by=world.hr)
    first = services.announcement_publish(rnd=casn.round, stage="final", by=world.hr)
    import hashlib

    assert hashlib.sha256(first.content.encode()).hexdigest() == first.checksum
    nik = Applicant.objects.first().nik
    assert nik not in first.content and "1996-03-12" not in first.content and "Ahmad Yani" not in first.content
    with pytest.raises(ValidationError, match="Tidak ada perubahan"):
        services.announcement_publish(rnd=casn.round, stage="final", by=world.hr, note="ulang")
    app = Application.objects.get(registration_number="2026-0003")
    app.skb = Decimal("95")
    app.save()
    ranking.round_rank(rnd=casn.round, by=world.hr)
    with pytest.raises(ValidationError, match="wajib menyebutkan"):
        services.announcement_publish(rnd=casn.round, stage="final", by=world.hr)
    second = services.announcement_publish(rnd=casn.round, stage="final", by=world.hr, note="Nilai SKB salah ketik")
    assert second.number == first.number + 1 and second.replaces == first
    first.refresh_from_db()
    assert first.checksum == hashlib.sha256(first.content.encode()).hexdigest()  # old snapshot unchanged
    assert Announcement.objects.count() == 2


def _upload(name, content=b"%PDF-1.4 test"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _form_round(world):
    rnd = rounds.round_create(by=world.hr, name="Seleksi PPPK daerah", year=2026, kind="casn",
                                appointment_type="pppk", public_registration=True)  # fmt: skip
    rounds.round_set_status(rnd=rnd, by=world.hr, status="registration")
    formation = rounds.formation_create(rnd=rnd, by=world.hr, code="P-1", position="Penata Kelola", quota=1,
                                          unit=world.bidang_a, category="umum")  # fmt: skip
    return rnd, formation


PERSON = dict(nik=build_nik(region="927101", birth_date=datetime.date(1997, 4, 2), male=False, serial=7),
              name="Naomi Kalami", sex="P", birth_place="Sorong", birth_date=datetime.date(1997, 4, 2),
              education_level="S1", major="Administrasi", gpa=Decimal("3.4"), oap_category="I",
              email="naomi@contoh.id", phone="0812", address="Klademak")  # fmt: skip


def test_public_registration_issues_number_and_refuses_second(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    docs = {k: _upload(f"{k}.pdf") for k in ("ktp", "ijazah", "transkrip")}
    app = services.application_register(rnd=rnd, formation=formation, data=dict(PERSON), documents=docs)
    assert app.registration_number.startswith("2026") and app.auto_result == "ms"
    assert app.documents.count() == 3
    docs = {k: _upload(f"{k}.pdf") for k in ("ktp", "ijazah", "transkrip")}
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        services.application_register(rnd=rnd, formation=formation, data=dict(PERSON), documents=docs)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        ({"ktp": ("ktp.pdf", b"%PDF")}, "Dokumen wajib belum diunggah"),
        ({"ktp": ("ktp.exe", b"MZ"), "ijazah": ("i.pdf", b"%PDF"), "transkrip": ("t.pdf", b"%PDF")}, "tidak diterima"),
        ({"ktp": ("ktp.pdf", b"<html>"), "ijazah": ("i.pdf", b"%PDF"), "transkrip": ("t.pdf", b"%PDF")},
         "tidak sesuai"),
        ({"ktp": ("ktp.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024)), "ijazah": ("i.pdf", b"%PDF"),
          "transkrip": ("t.pdf", b"%PDF")}, "terlalu besar"),
    ],
)  # fmt: skip
def test_public_registration_document_checks(world, settings, tmp_path, docs, message):
    settings.MEDIA_ROOT = tmp_path
    rnd, formation = _form_round(world)
    files = {k: _upload(name, content) for k, (name, content) in docs.items()}
    with pytest.raises(ValidationError, match=message):
        services.application_register(rnd=rnd, formation=formation, data=dict(PERSON), documents=files)
    assert Application.objects.count() == 0 and Applicant.objects.count() == 0


def test_open_selection_panel_conflict_excludes_score(world):
    rnd = rounds.round_create(by=world.hr, name="Seleksi terbuka Kepala Dinas", year=2026, kind="open",
                                appointment_type="cpns")  # fmt: skip
    formation = rounds.formation_create(rnd=rnd, by=world.hr, code="JPT-1", position="Kepala Dinas", quota=1,
                                          unit=world.dept_a, category="umum")  # fmt: skip
    stages = list(rnd.stages.exclude(kind="admin"))
    members = [world.user_kepala, world.user_kepala2, world.user_atasan]
    for stage in stages:
        for user in members:
            PanelMember.objects.create(stage=stage, user=user)
    a = make_app(formation)
    b = make_app(formation)
    for stage in stages:
        for user, score_a, score_b in zip(members, (80, 90, 100), (85, 85, 85), strict=True):
            panel.panel_declare(stage=stage, application=a, by=user, has_conflict=user == world.user_atasan)
            panel.panel_declare(stage=stage, application=b, by=user, has_conflict=False)
            if user != world.user_atasan:
                panel.panel_score(stage=stage, application=a, by=user, score=score_a)
            panel.panel_score(stage=stage, application=b, by=user, score=score_b)
    with pytest.raises(ValidationError, match="konflik"):
        panel.panel_score(stage=stages[0], application=a, by=world.user_atasan, score=100)
    with pytest.raises(PermissionDenied):
        panel.panel_declare(stage=stages[0], application=a, by=world.user_pegawai, has_conflict=False)
    ranking.round_rank(rnd=rnd, by=world.hr)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.final_score == Decimal("85.000")  # mean of 80 and 90; the conflicted 100 is excluded
    assert a.outcome == b.outcome == Outcome.NOMINATED
    assert (a.rank, b.rank) == (1, 2) or (a.rank, b.rank) == (2, 1)


def test_hiring_creates_cpns_without_nip_in_formation_unit(casn, world):
    _import_sample(casn, world.hr)
    ranking.round_rank(rnd=casn.round, by=world.hr)
    app = Application.objects.get(registration_number="2026-0001")
    employee = services.application_hire(application=app, by=world.hr)
    assert employee.nip is None and employee.employment_type == Employee.EmploymentType.CPNS
    assert employee.unit == world.bidang_a and employee.golongan == "III/a"
    assert employee.nik == app.applicant.nik and employee.name == app.applicant.name
    with pytest.raises(ValidationError, match="sudah diangkat"):
        services.application_hire(application=app, by=world.hr)
    loser = Application.objects.get(registration_number="2026-0004")
    with pytest.raises(ValidationError, match="Hanya pelamar yang lulus"):
        services.application_hire(application=loser, by=world.hr)


def test_fairness_flags_groups_below_four_fifths(casn, world):
    from recruitment import selectors

    casn.round.oap_share = 0
    casn.round.save()
    for i in range(4):
        make_app(casn.nurse, male=True, scores=(100, 100, 200 - i, Decimal(80)))
    for _ in range(4):
        make_app(casn.nurse, male=False, scores=(10, 10, 10, Decimal(80)))
    ranking.round_rank(rnd=casn.round, by=world.hr)
    sex = next(t for t in selectors.fairness(casn.round) if t["key"] == "sex")
    women = next(r for r in sex["rows"] if r["group"] == "Perempuan")
    men = next(r for r in sex["rows"] if r["group"] == "Laki-laki")
    assert women["stages"][1]["flag"] is True and men["stages"][1]["flag"] is False
    # the folded single GROUP BY gives, per field, what a GROUP BY on that field alone gives
    for table in selectors.fairness(casn.round):
        field, labels = selectors.DIMENSIONS[table["key"]]
        alone = Application.objects.filter(round=casn.round).values(field).annotate(n=Count("id")).order_by()
        assert {r["group"]: r["total"] for r in table["rows"]} == {
            str(labels.get(a[field], a[field] or "-")): a["n"] for a in alone
        }


def test_round_kind_open_is_public(world):
    rnd = rounds.round_create(by=world.hr, name="JPT", year=2026, kind="open", appointment_type="cpns")
    assert rnd.public_registration is True
    assert rnd.kind == SelectionRound.Kind.OPEN


@pytest.mark.parametrize("size", [5, 60])
def test_ranking_query_count_does_not_grow_with_applicants(casn, world, django_assert_max_num_queries, size):
    for i in range(size):
        make_app(casn.nurse if i % 2 else casn.teacher, oap="I", scores=(100, 100, 180 + i % 40, Decimal("70")))
    with django_assert_max_num_queries(12):
        ranking.round_rank(rnd=casn.round, by=world.hr)


def test_ranking_stores_no_text_and_explains_on_request(casn, world):
    _import_sample(casn, world.hr)
    ranking.round_rank(rnd=casn.round, by=world.hr)
    assert not Application.objects.exclude(explanation="").exists()
    first = Application.objects.get(registration_number="2026-0001")
    text = ranking.application_explanation(first)
    assert "Peringkat 1 dari 4" in text and "Nilai akhir 78,227" in text
    # scores changed after the ranking: the text says so instead of explaining a stale position
    Application.objects.filter(pk=first.pk).update(skb=Decimal("10"))
    first.refresh_from_db()
    assert "setelah pemeringkatan ulang" in ranking.application_explanation(first)


def test_fairness_is_cached_until_the_round_changes(casn, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recruitment import selectors

    make_app(casn.nurse, result="tms")
    app = make_app(casn.nurse, result="tms")
    first = selectors.fairness(casn.round)
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.fairness(casn.round) == first
    assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "formation" in q["sql"]]

    def admin_rate():
        category = next(t for t in selectors.fairness(casn.round) if t["key"] == "category")
        return category["rows"][0]["stages"][0]["n"]

    assert admin_rate() == 0
    services.application_decide(application=app, by=world.hr, result="ms", reason="Ijazah asli sudah diperiksa")
    assert admin_rate() == 1  # an officer's decision shows at once
    services.round_check_all(rnd=casn.round, by=world.hr)  # the automatic check re-run moves it too
    assert admin_rate() == 1 + Application.objects.filter(round=casn.round, admin_result="", auto_result="ms").count()
