import pytest
from django.db import transaction

from employees import events


@pytest.fixture
def received():
    calls = []

    @events.subscribe("test.thing_happened")
    def handler(**payload):
        calls.append(payload)

    yield calls
    events._subscribers["test.thing_happened"].remove(handler)


@pytest.mark.django_db(transaction=True)
def test_subscribers_run_after_commit_with_the_payload(received):
    with transaction.atomic():
        events.publish("test.thing_happened", thing_id=7)
        assert received == []
    assert received == [{"thing_id": 7}]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_action_announces_nothing(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.thing_happened", thing_id=8)
        raise RuntimeError("batal")
    assert received == []


@pytest.mark.django_db(transaction=True)
def test_failing_subscriber_does_not_stop_the_others(received):
    @events.subscribe("test.thing_happened")
    def broken(**payload):
        raise ValueError("rusak")

    try:
        events.dispatch("test.thing_happened", thing_id=9)
    finally:
        events._subscribers["test.thing_happened"].remove(broken)
    assert received == [{"thing_id": 9}]


@pytest.mark.django_db(transaction=True)
def test_enqueue_sends_the_task_only_after_commit(settings):
    from celery import shared_task

    from employees.jobs import enqueue

    ran = []

    @shared_task(name="tests.record_enqueued")
    def record(value):
        ran.append(value)

    with transaction.atomic():
        enqueue(record, 5)
        assert ran == []
    assert ran == [5]
