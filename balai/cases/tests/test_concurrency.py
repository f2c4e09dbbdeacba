"""Two officers acting on one request at the same moment: one wins, the other is told the
request changed. Twenty submissions with one idempotency key: one request.

Real threads with their own database connections, released together by a barrier. Only
PostgreSQL can show this: SQLite lets one writer in at a time, so nothing ever races there.
"""

import threading

import pytest
from django.db import connection

from balai.cases.constants import Action, Status
from balai.cases.models import RequestEvent, ServiceRequest
from balai.cases.services import ActionRefused, StaleRequest, file_request, perform
from balai.cases.tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serializes writers, so concurrent actions never race",
    ),
]


def run_together(count, work):
    """Run `work(i)` in `count` threads that start at the same instant; collect the outcomes."""
    barrier = threading.Barrier(count, timeout=10)
    outcomes = [None] * count

    def runner(index):
        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as error:  # the outcome under test, whatever it is
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def split(outcomes):
    won = [o for o in outcomes if isinstance(o, ServiceRequest)]
    refused = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert len(won) + len(refused) == len(outcomes), outcomes
    return won, refused


def actions(request):
    return list(RequestEvent.objects.filter(request=request).values_list("action", flat=True))


def test_two_officers_accepting_at_once_one_wins_the_other_is_told_it_changed(world):
    request = f.filed_request(world)
    seen = request.lock_version
    people = [world.officer_a, world.kepala_desa_a]

    outcomes = run_together(
        2, lambda i: perform(request, Action.ACCEPT, actor=people[i], expected_version=seen)
    )

    won, refused = split(outcomes)
    assert len(won) == 1
    assert isinstance(refused[0], StaleRequest)
    request = f.fresh(request)
    assert request.status == Status.IN_PROCESS
    assert request.lock_version == seen + 1
    assert actions(request).count(Action.ACCEPT) == 1


def test_forward_and_return_at_once_only_one_happens(world):
    request = f.in_process(world, 1)
    seen = request.lock_version
    moves = [
        lambda: perform(request, Action.FORWARD, actor=world.officer_a, expected_version=seen),
        lambda: perform(
            request, Action.RETURN, actor=world.kepala_desa_a, note="KTP?", expected_version=seen
        ),
    ]

    won, refused = split(run_together(2, lambda i: moves[i]()))

    assert (len(won), len(refused)) == (1, 1)
    request = f.fresh(request)
    assert request.lock_version == seen + 1
    done = actions(request)
    assert done.count(Action.FORWARD) + done.count(Action.RETURN) == 1


def test_two_forwards_without_a_version_move_the_request_one_step(world):
    request = f.in_process(world, 1)
    people = [world.officer_a, world.kepala_desa_a]

    won, refused = split(
        run_together(2, lambda i: perform(request, Action.FORWARD, actor=people[i]))
    )

    # The second finds the request already at the kecamatan, out of Desa A's hands.
    assert (len(won), len(refused)) == (1, 1)
    request = f.fresh(request)
    assert request.current_step.position == 2
    assert request.current_office == world.offices.kecamatan
    assert actions(request).count(Action.FORWARD) == 1


def test_twenty_submissions_with_one_idempotency_key_make_one_request(world):
    service = f.kk_service()
    citizen = f.applicant(world)

    def submit(_index):
        return file_request(
            service=service,
            applicant=citizen,
            channel="assisted",
            actor=world.officer_a,
            origin_office=world.offices.desa_a,
            idempotency_key="kunci-klik-ganda-1",
        )

    outcomes = run_together(20, submit)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    assert ServiceRequest.objects.count() == 1
    assert {filed.request.pk for filed in outcomes} == {ServiceRequest.objects.get().pk}
    assert sum(filed.created for filed in outcomes) == 1
    assert [filed.pin is not None for filed in outcomes].count(True) == 1
    assert actions(ServiceRequest.objects.get()) == ["", Action.SUBMIT]
