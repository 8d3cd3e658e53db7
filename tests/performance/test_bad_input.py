"""Garbage in the SKP forms gives a message and changes nothing, never a 500 (the cases found by hand)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from performance import objections
from performance.models import Appraisal, Objection, PeriodicEvaluation

from .conftest import appraisal_of, drive

pytestmark = pytest.mark.django_db


def _post(client, user, name, appraisal, data, *extra):
    client.force_login(user)
    client.raise_request_exception = False
    response = client.post(reverse(f"performance:{name}", args=[appraisal.pk, *extra]), data)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_annual_rating_with_garbage_is_refused_with_a_message(client, world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "self_assessed")
    response, said = _post(client, world.user_atasan, "evaluate", appraisal, {"annual-results_rating": "zzz"})
    assert response.status_code == 302 and said and "Rating hasil kerja" in said[0]
    assert Appraisal.objects.get(pk=appraisal.pk).status == Appraisal.Status.SELF_ASSESSED


def test_periodic_rating_with_garbage_is_refused_with_a_message(client, world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "plan_approved")
    window = period.windows.order_by("pk").first()
    response, said = _post(client, world.user_atasan, "periodic-rate", appraisal,
                           {"periodic-results_rating": "zzz", "periodic-behaviour_rating": ""}, window.pk)  # fmt: skip
    assert response.status_code == 302 and said
    assert not PeriodicEvaluation.objects.filter(appraisal=appraisal).exclude(results_rating="").exists()


def test_objection_decision_with_a_garbage_decision_is_refused_with_a_message(client, world, period):
    appraisal = drive(world, appraisal_of(period, world.pegawai), "approved")
    objections.objection_lodge(appraisal=appraisal, by=world.user_pegawai, reason="Penilaian tidak sesuai bukti")
    decider = Objection.objects.get().decider.user
    response, said = _post(client, decider, "objection-decide", appraisal, {"decision": "zzz", "note": "x"})
    assert response.status_code == 302 and said
    assert Objection.objects.get().decision == Objection.Decision.PENDING
