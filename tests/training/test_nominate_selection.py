"""Nominating people selected on the employee list to a session in one step: all or nothing, in scope."""

from django.urls import reverse

from training.models import Enrollment

NOMINATE = reverse("training:nominate-selection")
LIST = reverse("employees:employee-list")


def post(client, session, **data):
    return client.post(NOMINATE, {"target": session.pk, "query": "status=aktif", **data}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_hr_nominates_ticked_people_in_one_step(client, world, make_session):
    session = make_session(capacity=5)
    client.force_login(world.hr)
    response = post(client, session, ids=[world.pegawai.pk, world.pegawai_b.pk])
    assert response.redirect_chain[-1][0] == f"{LIST}?status=aktif"
    assert set(Enrollment.objects.filter(session=session).values_list("employee__name", flat=True)) == {
        "Dewi Lestari", "Frans Wanma"}  # fmt: skip
    assert set(Enrollment.objects.values_list("origin", flat=True)) == {Enrollment.Origin.HR}
    assert "2 pegawai diusulkan" in messages_of(response)[0]


def test_all_matching_the_filter_are_nominated(client, world, make_session):
    session = make_session(capacity=5)
    client.force_login(world.user_atasan)
    response = client.post(NOMINATE, {"target": session.pk, "all_matching": "1", "query": "q=lestari"}, follow=True)
    assert list(Enrollment.objects.values_list("employee", flat=True)) == [world.pegawai.pk]
    assert "1 pegawai diusulkan" in messages_of(response)[0]


def test_one_refusal_nominates_nobody_and_names_who_was_refused(client, world, make_session):
    session = make_session(capacity=5)
    client.force_login(world.user_kepala)  # sees the whole department, directly supervises only `atasan`
    response = post(client, session, ids=[world.atasan.pk, world.pegawai.pk])
    assert not Enrollment.objects.exists()
    message = messages_of(response)[0]
    assert message.startswith("1 dari 2 pegawai tidak dapat diusulkan, jadi tidak ada yang diusulkan.")
    assert "Dewi Lestari: Anda hanya dapat mengusulkan bawahan langsung Anda." in message


def test_a_head_cannot_reach_people_of_another_department(client, world, make_session):
    session = make_session(capacity=5)
    client.force_login(world.user_kepala)
    response = post(client, session, ids=[world.pegawai_b.pk])
    assert not Enrollment.objects.exists()
    assert "di luar wewenang Anda" in messages_of(response)[0]


def test_closed_session_and_missing_session_are_clear_messages(client, world, make_session):
    closed = make_session(status="cancelled")
    client.force_login(world.hr)
    response = post(client, closed, ids=[world.pegawai.pk])
    assert "pendaftaran tidak dibuka" in messages_of(response)[0] and not Enrollment.objects.exists()
    response = client.post(NOMINATE, {"target": "", "ids": [world.pegawai.pk]}, follow=True)
    assert messages_of(response) == ["Pilih sesi pelatihan."]


def test_plain_employee_is_not_offered_the_action_and_anonymous_goes_to_login(client, world, make_session):
    session = make_session()
    client.force_login(world.hr)
    assert [c[0] for c in client.get(LIST).context["selection_actions"][0]["choices"]] == [session.pk]
    client.force_login(world.user_pegawai)
    assert client.get(LIST).context["selection_actions"] == []
    client.logout()
    assert client.post(NOMINATE, {"target": session.pk}).status_code == 302
