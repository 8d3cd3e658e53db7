"""The workflow services: who may do what, in which state, and what each step records."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from employees.models import Employee
from performance import objections, periods, rules, services
from performance.models import (
    Appraisal,
    CoachingPlan,
    DevelopmentNeed,
    Evidence,
    Objection,
    PerformanceGoal,
    PeriodicEvaluation,
    Recognition,
    Transition,
)
from performance.selectors import development_needs
from tests.factories import EmployeeFactory

from .conftest import ALL_SESUAI, YEAR, add_goal, appraisal_of, drive

S = Appraisal.Status


def test_opening_records_evaluator_and_approver(world, period):
    assert Appraisal.objects.filter(period=period).count() == 6
    pegawai = appraisal_of(period, world.pegawai)
    assert (pegawai.evaluator, pegawai.approver, pegawai.department) == (world.atasan, world.head_a, world.dept_a)
    # the head evaluates atasan, so the head's own superior approves (none in this world)
    atasan = appraisal_of(period, world.atasan)
    assert atasan.evaluator == world.head_a and atasan.approver is None
    head = appraisal_of(period, world.head_a)
    assert head.evaluator is None and head.approver is None


def test_head_as_evaluator_goes_up_to_heads_superior(world):
    sekda = EmployeeFactory(name="Sekretaris Daerah")
    world.head_b.supervisor = sekda
    world.head_b.save()
    period = periods.period_create(by=world.hr, year=YEAR, cadence="monthly")
    periods.period_open(period=period, by=world.hr)
    pegawai_b = appraisal_of(period, world.pegawai_b)
    assert pegawai_b.evaluator == world.head_b and pegawai_b.approver == sekda
    head_b = appraisal_of(period, world.head_b)
    assert head_b.evaluator == sekda and head_b.approver is None  # never the evaluator
    assert period.windows.count() == 12


def test_reviewers_resolve_never_returns_employee_or_evaluator():
    sups = {1: None, 2: 1, 3: 2, 4: 3}
    assert rules.reviewers_resolve(employee_id=4, supervisor_id=3, head_id=1, supervisors=sups) == (3, 1)
    assert rules.reviewers_resolve(employee_id=2, supervisor_id=1, head_id=1, supervisors=sups) == (1, None)
    assert rules.reviewers_resolve(employee_id=1, supervisor_id=None, head_id=1, supervisors=sups) == (None, None)


def test_period_opens_once_and_only_by_hr(world, period):
    with pytest.raises(ValidationError):
        periods.period_open(period=period, by=world.hr)
    with pytest.raises(PermissionDenied):
        periods.period_create(by=world.user_kepala, year=YEAR + 1, cadence="monthly")


def test_full_workflow_records_every_transition(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved", results="di_atas", behaviour="di_atas")
    assert appraisal.status == S.APPROVED and appraisal.predikat == "sangat_baik"
    assert appraisal.approved_by == world.head_a
    actions = list(Transition.objects.filter(appraisal=appraisal).values_list("action", flat=True))
    assert actions == ["ajukan-rencana", "sepakati-rencana", "penilaian-diri", "nilai-tahunan", "setujui"]
    assert Recognition.objects.get(appraisal=appraisal).talent_pool is False
    assert appraisal.history.count() >= 5


def test_empty_plan_cannot_be_submitted(world, period):
    appraisal = appraisal_of(period, world.pegawai)
    with pytest.raises(ValidationError, match="masih kosong"):
        services.appraisal_submit_plan(appraisal=appraisal, by=world.user_pegawai)
    appraisal.refresh_from_db()
    assert appraisal.status == S.DRAFT and not Transition.objects.exists()


@pytest.mark.parametrize("aspect, target, ok", [
    ("kuantitas", "dua belas", False), ("waktu", "12 bulan", False), ("biaya", "1.5e3x", False),
    ("kuantitas", "12", True), ("waktu", "2,5", True), ("kualitas", "Sesuai SOP", True),
])  # fmt: skip
def test_target_must_be_a_number_where_the_aspect_needs_one(world, period, aspect, target, ok):
    appraisal = appraisal_of(period, world.pegawai)
    if ok:
        add_goal(appraisal, world.user_pegawai, aspect=aspect, target=target)
    else:
        with pytest.raises(ValidationError, match="harus berupa angka"):
            add_goal(appraisal, world.user_pegawai, aspect=aspect, target=target)
    assert PerformanceGoal.objects.count() == (1 if ok else 0)


def test_supported_goal_must_be_the_evaluators_own(world, period):
    atasan_goal = add_goal(appraisal_of(period, world.atasan), world.user_atasan, plan="Cakupan imunisasi 95%")
    other = add_goal(appraisal_of(period, world.pegawai2), world.user_pegawai2, plan="Milik rekan", kind="tambahan")
    appraisal = appraisal_of(period, world.pegawai)
    with pytest.raises(ValidationError, match="Pilih hasil kerja atasan"):
        add_goal(appraisal, world.user_pegawai)
    with pytest.raises(ValidationError, match="bukan milik pejabat penilai"):
        add_goal(appraisal, world.user_pegawai, supports=other)
    goal = add_goal(appraisal, world.user_pegawai, supports=atasan_goal)
    assert goal.supports == atasan_goal
    add_goal(appraisal, world.user_pegawai, kind="tambahan")  # extra results need no superior row


def test_only_the_employee_writes_and_only_the_evaluator_agrees(world, period):
    appraisal = appraisal_of(period, world.pegawai)
    with pytest.raises(PermissionDenied):
        add_goal(appraisal, world.user_pegawai2)
    add_goal(appraisal, world.user_pegawai)
    services.appraisal_submit_plan(appraisal=appraisal, by=world.user_pegawai)
    for user in (world.user_pegawai, world.user_kepala, world.user_pegawai2):
        with pytest.raises(PermissionDenied):
            services.appraisal_agree_plan(appraisal=appraisal, by=user)
    with pytest.raises(ValidationError, match="catatan"):
        services.appraisal_return_plan(appraisal=appraisal, by=world.user_atasan, comment=" ")
    services.appraisal_return_plan(appraisal=appraisal, by=world.user_atasan, comment="Target terlalu rendah")
    appraisal.refresh_from_db()
    assert appraisal.status == S.DRAFT and appraisal.plan_comment == "Target terlalu rendah"


def pdf(name="bukti.pdf", size=None):
    content = b"%PDF-1.4\n" + b"0" * ((size or 100) - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_realisation_with_evidence_and_periodic_rating(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "plan_approved")
    window = period.windows.get(number=1)
    services.realisation_record(appraisal=appraisal, window=window, by=world.user_pegawai,
                                realisation="3 laporan", files=[pdf()])  # fmt: skip
    assert Evidence.objects.get().content_type == "application/pdf"
    with pytest.raises(ValidationError, match="Rating belum lengkap"):
        services.periodic_rate(appraisal=appraisal, window=window, by=world.user_atasan, results_rating="sesuai",
                               behaviour_rating="sesuai", behaviour_ratings={"akuntabel": "sesuai"})  # fmt: skip
    assert PeriodicEvaluation.objects.get().rated_at is None
    services.periodic_rate(appraisal=appraisal, window=window, by=world.user_atasan, results_rating="sesuai",
                           behaviour_rating="sesuai", behaviour_ratings=ALL_SESUAI, feedback="Baik")  # fmt: skip
    assert PeriodicEvaluation.objects.get().rated_by == world.atasan


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("virus.exe", b"MZ...."), "tidak diterima"),
    (SimpleUploadedFile("palsu.pdf", b"MZ not a pdf"), "tidak sesuai"),
    (pdf(size=10 * 1024 * 1024 + 1), "terlalu besar"),
])  # fmt: skip
def test_bad_evidence_saves_nothing(world, period, upload, message):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "plan_approved")
    with pytest.raises(ValidationError, match=message):
        services.realisation_record(appraisal=appraisal, window=period.windows.get(number=1), by=world.user_pegawai,
                                    realisation="3 laporan", files=[pdf(), upload])  # fmt: skip
    assert not PeriodicEvaluation.objects.exists() and not Evidence.objects.exists()


def test_missing_annual_ratings_save_nothing(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "self_assessed")
    with pytest.raises(ValidationError, match="Rating belum lengkap"):
        services.appraisal_evaluate(appraisal=appraisal, by=world.user_atasan, results_rating="sesuai",
                                    behaviour_rating="", behaviour_ratings={})  # fmt: skip
    appraisal.refresh_from_db()
    assert appraisal.status == S.SELF_ASSESSED and appraisal.predikat == ""


def test_evaluator_and_others_cannot_approve(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    for user, message in [(world.user_atasan, "bukan pejabat"), (world.user_pegawai, "bukan pejabat"),
                          (world.user_kepala2, "bukan pejabat"), (world.hr, "bukan pejabat")]:  # fmt: skip
        with pytest.raises(ValidationError, match=message):
            services.appraisal_approve(appraisal=appraisal, by=user)
    # even if recorded as approver, the one who rated may not approve
    Appraisal.objects.filter(pk=appraisal.pk).update(approver=world.atasan)
    with pytest.raises(ValidationError, match="Pejabat penilai tidak dapat"):
        services.appraisal_approve(appraisal=appraisal, by=world.user_atasan)
    Appraisal.objects.filter(pk=appraisal.pk).update(approver=world.pegawai)
    with pytest.raises(ValidationError, match="sendiri"):
        services.appraisal_approve(appraisal=appraisal, by=world.user_pegawai)
    appraisal.refresh_from_db()
    assert appraisal.status == S.EVALUATED


def test_second_approval_of_a_stale_copy_changes_nothing(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    stale = Appraisal.objects.get(pk=appraisal.pk)
    services.appraisal_approve(appraisal=appraisal, by=world.user_kepala)
    with pytest.raises(ValidationError, match="dikunci"):
        services.appraisal_approve(appraisal=stale, by=world.user_kepala)
    assert Transition.objects.filter(action="setujui").count() == 1


def test_frozen_appraisal_refuses_every_edit(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved")
    calls = [
        lambda: add_goal(appraisal, world.user_pegawai),
        lambda: services.appraisal_self_assess(appraisal=appraisal, by=world.user_pegawai, text="x"),
        lambda: services.appraisal_evaluate(appraisal=appraisal, by=world.user_atasan, results_rating="di_atas",
                                            behaviour_rating="di_atas", behaviour_ratings=ALL_SESUAI),
        lambda: services.appraisal_return(appraisal=appraisal, by=world.user_kepala, reason="x"),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(ValidationError, match="dikunci"):
            call()
    appraisal.refresh_from_db()
    assert appraisal.predikat == "baik" and appraisal.goals.count() == 1


def test_return_to_evaluator_needs_a_reason_and_reopens_rating(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    with pytest.raises(ValidationError, match="alasan"):
        services.appraisal_return(appraisal=appraisal, by=world.user_kepala, reason="")
    services.appraisal_return(appraisal=appraisal, by=world.user_kepala, reason="Bukti kurang")
    appraisal.refresh_from_db()
    assert appraisal.status == S.SELF_ASSESSED and appraisal.returned_reason == "Bukti kurang"
    services.appraisal_evaluate(appraisal=appraisal, by=world.user_atasan, results_rating="di_atas",
                                behaviour_rating="sesuai", behaviour_ratings=ALL_SESUAI)  # fmt: skip
    services.appraisal_approve(appraisal=appraisal, by=world.user_kepala)


def test_bulk_approval_checks_each(world, period):
    a1 = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    a2 = appraisal_of(period, world.pegawai2)
    approved, errors = services.appraisals_approve(ids=[a1.pk, a2.pk], by=world.user_kepala)
    assert approved == [a1.pk] and a2.pk in errors and "belum dinilai" in errors[a2.pk]


def test_poor_predikat_creates_coaching_and_development_need(world, period):
    behaviours = dict(ALL_SESUAI, kolaboratif="di_bawah")
    world.pegawai.position_type, world.pegawai.functional_level = "fungsional", "ahli_pertama"
    world.pegawai.save()
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved", results="di_bawah",
                      behaviour="sesuai", behaviours=behaviours)  # fmt: skip
    assert appraisal.predikat == "butuh_perbaikan"
    assert appraisal.credit_points == Decimal("9.375")
    plan = CoachingPlan.objects.get(appraisal=appraisal)
    assert plan.responsible == world.atasan and plan.due_date > timezone.localdate()
    need = DevelopmentNeed.objects.get(appraisal=appraisal)
    assert need.weak_aspects == ["kolaboratif"]
    (row,) = development_needs(year=YEAR)
    assert row["employee_id"] == world.pegawai.pk and row["predikat"] == "butuh_perbaikan"
    assert "Kolaborasi" in row["recommended_competence"]
    assert development_needs(year=YEAR, department_id=world.dept_b.pk) == []


def test_talent_pool_after_two_years_of_sangat_baik(world, period):
    drive(world, appraisal_of(period, world.pegawai), "approved", results="di_atas", behaviour="di_atas")
    nxt = periods.period_create(by=world.hr, year=YEAR + 1, cadence="quarterly")
    periods.period_open(period=nxt, by=world.hr)
    drive(world, appraisal_of(nxt, world.pegawai), "approved", results="di_atas", behaviour="di_atas")
    assert Recognition.objects.get(year=YEAR + 1).talent_pool is True


def test_objection_within_14_days_decided_finally_by_evaluators_superior(world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved")
    approved_on = timezone.localdate(appraisal.approved_at)
    with pytest.raises(ValidationError, match="sudah lewat"):
        objections.objection_lodge(appraisal=appraisal, by=world.user_pegawai, reason="Tidak adil",
                                 today=approved_on + timedelta(days=15))  # fmt: skip
    assert not Objection.objects.exists()
    objection = objections.objection_lodge(appraisal=appraisal, by=world.user_pegawai, reason="Tidak adil",
                                         today=approved_on + timedelta(days=14))  # fmt: skip
    assert objection.decider == world.head_a
    with pytest.raises(PermissionDenied):
        objections.objection_decide(objection=objection, by=world.user_atasan, decision="rejected", note="x")
    objections.objection_decide(objection=objection, by=world.user_kepala, decision="upheld", note="Bukti kuat",
                              results_rating="di_atas", behaviour_rating="di_atas")  # fmt: skip
    appraisal.refresh_from_db()
    assert appraisal.predikat == "sangat_baik" and Recognition.objects.filter(appraisal=appraisal).exists()
    with pytest.raises(ValidationError, match="final"):
        objections.objection_decide(objection=objection, by=world.user_kepala, decision="rejected", note="x")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_produce_one(world):
    """Two clicks at the same moment: the row lock lets one approve; the other sees it is already frozen."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    period = periods.period_create(by=world.hr, year=YEAR, cadence="quarterly")
    periods.period_open(period=period, by=world.hr)
    appraisal = drive(world, appraisal_of(period, world.pegawai), "evaluated")
    barrier, outcomes = threading.Barrier(2), []

    def click():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.appraisal_approve(appraisal=Appraisal.objects.get(pk=appraisal.pk), by=world.user_kepala)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[1] == "ok" and "dikunci" in sorted(outcomes)[0], outcomes
    assert Transition.objects.filter(appraisal=appraisal, action="setujui").count() == 1
    assert Recognition.objects.count() + CoachingPlan.objects.count() <= 1


def test_owner_edits_a_draft_goal_and_the_history_keeps_the_old_text(world, period):
    appraisal = appraisal_of(period, world.pegawai)
    goal = add_goal(appraisal, world.user_pegawai)
    values = dict(kind="utama", plan="Meningkatnya cakupan imunisasi dasar lengkap", aspect="kuantitas",
                  indicator="Persentase balita diimunisasi", target="95", target_unit="%")  # fmt: skip
    services.goal_update(goal=goal, by=world.user_pegawai, **values)
    goal.refresh_from_db()
    assert (goal.plan, goal.target, goal.target_unit) == (values["plan"], "95", "%")
    assert [h.plan for h in goal.history.order_by("history_date")] == [
        "Meningkatnya cakupan imunisasi", values["plan"],
    ]  # fmt: skip
    assert goal.history.latest().history_user == world.user_pegawai
    with pytest.raises(ValidationError, match="harus berupa angka"):
        services.goal_update(goal=goal, by=world.user_pegawai, **{**values, "target": "banyak"})
    with pytest.raises(PermissionDenied):
        services.goal_update(goal=goal, by=world.user_atasan, **values)
    services.appraisal_submit_plan(appraisal=appraisal, by=world.user_pegawai)
    with pytest.raises(ValidationError, match="sudah diajukan"):
        services.goal_update(goal=goal, by=world.user_pegawai, **{**values, "plan": "Diubah setelah diajukan"})
    goal.refresh_from_db()
    assert goal.plan == values["plan"]


def test_realisation_per_result_row(world, period):
    from performance.models import PeriodicEvaluation

    appraisal = drive(world, appraisal_of(period, world.pegawai), "plan_approved")
    goal = appraisal.goals.get()
    other = add_goal(appraisal_of(period, world.pegawai2), world.user_pegawai2, kind="tambahan")
    window = period.windows.get(number=1)
    record = dict(appraisal=appraisal, window=window, by=world.user_pegawai)
    with pytest.raises(ValidationError, match="Uraian realisasi wajib diisi"):
        services.realisation_record(**record, realisation=" ", goal_realisations={goal.pk: "  "})
    with pytest.raises(PermissionDenied):  # a row of someone else's plan
        services.realisation_record(**record, realisation="", goal_realisations={other.pk: "milik rekan"})
    assert not PeriodicEvaluation.objects.exists()
    evaluation = services.realisation_record(**record, realisation="", goal_realisations={goal.pk: " 4 laporan "})
    assert evaluation.goal_realisations == {str(goal.pk): "4 laporan"} and evaluation.realised_at


def test_opened_appraisals_carry_the_model_defaults_and_a_created_history_row(world, period):
    """The set-based insert writes every column a model instance would, and its history row."""
    rows = Appraisal.objects.filter(period=period)
    assert rows.count() == Employee.objects.active().count()
    for appraisal in rows:
        assert appraisal.status == Appraisal.Status.DRAFT
        assert appraisal.behaviour_ratings == {} and appraisal.plan_comment == "" and appraisal.predikat == ""
        assert appraisal.created_at is not None and appraisal.updated_at is not None
        created = appraisal.history.get()
        assert (created.history_type, created.history_user, created.evaluator_id) == (
            "+",
            world.hr,
            appraisal.evaluator_id,
        )
