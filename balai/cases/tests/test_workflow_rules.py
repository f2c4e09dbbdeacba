"""Rules of the workflow beyond who may act: notes, step guards, outputs, reassigning,
resubmission, and the version the caller saw. A refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.constants import Action, Status, StepStatus
from balai.cases.models import RequestDocument
from balai.cases.services import ActionRefused, StaleRequest, Upload, perform
from balai.cases.tests import factories as f


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def snapshot(request):
    request.refresh_from_db()
    return request.status, request.lock_version, request.events.count()


def assert_refused(request, action, message=None, **kwargs):
    before = snapshot(request)
    with pytest.raises(ActionRefused) as refused:
        perform(request, action, **kwargs)
    assert snapshot(request) == before
    if message:
        assert message in str(refused.value)
    return refused.value


@pytest.mark.parametrize("note", ["", "   "])
def test_rejecting_needs_a_reason(world, note):
    request = f.filed_request(world)
    assert_refused(
        request, Action.REJECT, "Tuliskan alasannya", actor=world.kepala_desa_a, note=note
    )


def test_returning_needs_to_say_what_is_missing(world):
    request = f.in_process(world, 2)
    assert_refused(
        request, Action.RETURN, "Tuliskan alasannya", actor=world.kecamatan_operator, note=""
    )


def test_cancelling_needs_a_reason(world):
    request = f.filed_request(world)
    assert_refused(request, Action.CANCEL, "Tuliskan alasannya", applicant=True, note="")


def test_forwarding_at_the_last_step_is_refused(world):
    request = f.in_process(world, 3)
    assert_refused(
        request, Action.FORWARD, "belum dapat dilakukan", actor=world.disdukcapil_officer
    )


@pytest.mark.parametrize("step", [1, 2])
def test_completing_before_the_last_step_is_refused(world, step):
    request = f.in_process(world, step)
    staff = getattr(world, f.STEP_STAFF[step])
    assert_refused(
        request,
        Action.COMPLETE,
        "belum dapat dilakukan",
        actor=staff,
        uploads=f.output_upload(),
    )
    assert not RequestDocument.objects.filter(request=request).exists()


def test_completing_without_the_output_document_is_refused(world):
    request = f.in_process(world, 3)
    assert_refused(
        request, Action.COMPLETE, "Lampirkan dokumen hasil", actor=world.disdukcapil_officer
    )
    assert fresh_step(request).status == StepStatus.ACTIVE


def test_completing_with_an_output_that_is_not_a_document_is_refused(world, tmp_path):
    request = f.in_process(world, 3)
    fake = SimpleUploadedFile("kk.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert_refused(
        request, Action.COMPLETE, actor=world.disdukcapil_officer, uploads=[Upload(file=fake)]
    )
    assert not RequestDocument.objects.filter(request=request).exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_completing_keeps_the_output_with_its_event(world):
    request = f.completed(world)
    output = request.documents.get(kind="output")
    assert output.event == request.events.get(action=Action.COMPLETE)
    assert request.current_office == world.offices.desa_a


def test_reassigning_to_an_officer_of_another_office_is_refused(world):
    request = f.filed_request(world)
    assert_refused(
        request,
        Action.REASSIGN,
        "Pilih petugas dari kantor",
        actor=world.kepala_desa_a,
        assignee=world.officer_b,
    )
    assert fresh_step(request).assignee is None


def test_reassigning_without_an_officer_is_refused(world):
    request = f.filed_request(world)
    assert_refused(request, Action.REASSIGN, actor=world.kepala_desa_a, assignee=None)


def test_reassigning_within_the_office_sets_the_steps_officer(world):
    request = f.filed_request(world)
    perform(request, Action.REASSIGN, actor=world.kepala_desa_a, assignee=world.officer_a)
    assert fresh_step(request).assignee == world.officer_a
    assert f.fresh(request).status == Status.SUBMITTED


def test_handing_over_needs_a_method(world):
    request = f.completed(world)
    assert_refused(
        request,
        Action.HAND_OVER,
        "Pilih cara penyerahan",
        actor=world.officer_a,
        handover_method="",
    )


def test_resubmitting_a_request_returned_before_acceptance_makes_it_submitted_again(world):
    request = f.returned(world)
    assert request.returned_from == Status.SUBMITTED
    perform(request, Action.RESUBMIT, applicant=True)
    request = f.fresh(request)
    assert request.status == Status.SUBMITTED
    assert request.returned_from == ""
    assert request.current_office == world.offices.desa_a


def test_resubmitting_a_request_returned_by_the_kecamatan_brings_it_back_there(world):
    request = f.returned(world, step=2)
    assert request.returned_from == Status.IN_PROCESS
    perform(request, Action.RESUBMIT, actor=world.officer_a)
    request = f.fresh(request)
    assert request.status == Status.IN_PROCESS
    assert request.current_office == world.offices.kecamatan
    assert request.current_step.position == 2
    # The kecamatan carries on where it stopped.
    perform(request, Action.FORWARD, actor=world.kecamatan_operator)
    assert f.fresh(request).current_office == world.offices.disdukcapil


def test_an_action_on_an_older_version_is_refused_as_stale(world):
    request = f.filed_request(world)
    seen = request.lock_version
    perform(request, Action.ACCEPT, actor=world.officer_a, expected_version=seen)
    refused = assert_refused(
        request, Action.RETURN, actor=world.officer_a, note="Kurang KTP", expected_version=seen
    )
    assert isinstance(refused, StaleRequest)


def test_every_change_is_an_event_in_order(world):
    request = f.returned(world, step=2)
    perform(request, Action.RESUBMIT, applicant=True)
    events = list(request.events.values_list("action", "from_status", "to_status"))
    assert events == [
        ("", "", Status.DRAFT),
        (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED),
        (Action.ACCEPT, Status.SUBMITTED, Status.IN_PROCESS),
        (Action.FORWARD, Status.IN_PROCESS, Status.IN_PROCESS),
        (Action.RETURN, Status.IN_PROCESS, Status.RETURNED),
        (Action.RESUBMIT, Status.RETURNED, Status.IN_PROCESS),
    ]
    assert request.events.last().by_applicant


def fresh_step(request):
    return f.fresh(request).current_step
