"""The request page: facts, personal data by role, documents, timeline, allowed actions only.

Actions post the version the officer saw; a stale form is refused and changes nothing.
The outsider (officer of Desa B) gets 404 on every route of a Desa A request.
"""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.cases.constants import Action, Status
from balai.cases.models import ServiceRequest
from balai.cases.services import Upload, perform
from balai.cases.tests.factories import filed_request, kk_service, pdf
from balai.catalog.tests.factories import published_service
from balai.lib import codes
from balai.offices.constants import OfficeKind


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def request_a(world):
    """A KK request filed at Desa A with one scanned requirement, waiting at Desa A."""
    service = kk_service()
    first = service.current_version.requirements.first()
    return filed_request(world, service=service, uploads=[Upload(pdf("kk-lama.pdf"), first)])


def detail_url(request):
    return reverse("cases:detail", args=[request.code])


def act(client, request, action, **data):
    payload = {"action": action, "lock_version": request.lock_version} | data
    return client.post(reverse("cases:act", args=[request.code]), payload, follow=True)


def action_names(response):
    return [form.action for form in response.context["action_forms"]]


def test_the_page_accepts_the_code_with_dashes(client, world, request_a):
    client.force_login(world.officer_a)
    response = client.get(reverse("cases:detail", args=[codes.display(request_a.code)]))
    assert response.status_code == 200
    assert response.context["case"] == request_a
    assert "Verifikasi desa" in response.text
    assert "Verifikasi kecamatan" in response.text


def test_desa_a_staff_see_the_full_nik_and_phone_and_the_access_is_logged(
    client, world, request_a, caplog
):
    client.force_login(world.officer_a)
    with caplog.at_level(logging.INFO, logger="balai.cases.access"):
        page = client.get(detail_url(request_a)).text
    assert request_a.applicant_nik in page
    assert request_a.applicant_phone in page
    logged = " ".join(
        record.getMessage() for record in caplog.records if record.name == "balai.cases.access"
    )
    assert request_a.code in logged
    assert request_a.applicant_nik not in logged
    assert request_a.applicant_phone not in logged


def test_the_kabupaten_admin_sees_the_request_but_only_masked_personal_data(
    client, world, request_a, caplog
):
    client.force_login(world.admin)
    with caplog.at_level(logging.INFO, logger="balai.cases.access"):
        page = client.get(detail_url(request_a)).text
    assert request_a.masked_nik in page
    assert request_a.applicant_nik not in page
    assert request_a.applicant_phone not in page
    assert not [r for r in caplog.records if r.name == "balai.cases.access"]


def test_a_kecamatan_not_on_the_route_sees_the_request_masked(client, world):
    village_only = published_service(code="sk-usaha", steps=[(OfficeKind.VILLAGE, "", 2)])
    request = filed_request(world, service=village_only)
    client.force_login(world.kecamatan_operator)
    page = client.get(detail_url(request)).text
    assert request.masked_nik in page
    assert request.applicant_nik not in page


def test_the_kecamatan_on_the_route_sees_the_full_nik_but_no_action_before_its_step(
    client, world, request_a
):
    client.force_login(world.kecamatan_operator)
    response = client.get(detail_url(request_a))
    assert request_a.applicant_nik in response.text
    assert action_names(response) == []
    assert 'action="/kerja/permohonan/' not in response.text


def test_only_the_allowed_actions_are_offered(client, world, request_a):
    client.force_login(world.officer_a)
    assert action_names(client.get(detail_url(request_a))) == [
        Action.ACCEPT,
        Action.RETURN,
        Action.CANCEL,
    ]
    client.force_login(world.kepala_desa_a)
    head = client.get(detail_url(request_a))
    assert Action.REJECT in action_names(head)
    assert Action.REASSIGN in action_names(head)
    assert 'name="assignee"' in head.text
    assert world.officer_a.full_name in head.text


def test_accepting_changes_the_status_and_says_so(client, world, request_a):
    client.force_login(world.officer_a)
    response = act(client, request_a, Action.ACCEPT)
    request_a.refresh_from_db()
    assert request_a.status == Status.IN_PROCESS
    assert "berhasil dicatat" in response.text
    assert "Terima berkas" in response.text


def test_a_form_with_an_old_version_is_refused_and_changes_nothing(client, world, request_a):
    client.force_login(world.officer_a)
    stale_version = request_a.lock_version
    perform(request_a, Action.ACCEPT, actor=world.kepala_desa_a)
    request_a.refresh_from_db()
    before = (request_a.status, request_a.lock_version, request_a.events.count())
    response = client.post(
        reverse("cases:act", args=[request_a.code]),
        {"action": Action.RETURN, "lock_version": stale_version, "note": "Foto buram"},
        follow=True,
    )
    request_a.refresh_from_db()
    assert "diubah oleh orang lain" in response.text
    assert (request_a.status, request_a.lock_version, request_a.events.count()) == before


def test_returning_needs_a_note(client, world, request_a):
    client.force_login(world.officer_a)
    response = act(client, request_a, Action.RETURN, note="  ")
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED
    assert "msg-error" in response.text


def test_an_action_not_allowed_is_refused_with_a_message(client, world, request_a):
    client.force_login(world.officer_a)
    response = act(client, request_a, Action.REJECT, note="Tidak memenuhi syarat")
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED
    assert "tidak berwenang" in response.text


def test_the_kecamatan_operator_cannot_act_before_its_step(client, world, request_a):
    client.force_login(world.kecamatan_operator)
    act(client, request_a, Action.ACCEPT)
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED


def test_completing_attaches_the_output_and_hand_over_records_the_method(client, world, request_a):
    perform(request_a, Action.ACCEPT, actor=world.officer_a)
    perform(request_a, Action.FORWARD, actor=world.officer_a)
    perform(request_a, Action.FORWARD, actor=world.kecamatan_operator)
    request_a.refresh_from_db()
    client.force_login(world.disdukcapil_officer)
    page = client.get(detail_url(request_a))
    assert action_names(page) == [Action.RETURN, Action.COMPLETE]
    assert 'enctype="multipart/form-data"' in page.text
    act(client, request_a, Action.COMPLETE, output=pdf("kk-baru.pdf"))
    request_a.refresh_from_db()
    assert request_a.status == Status.COMPLETED
    assert request_a.documents.filter(kind="output").count() == 1

    client.force_login(world.officer_a)
    act(client, request_a, Action.HAND_OVER, handover_method="delivery")
    request_a.refresh_from_db()
    assert request_a.status == Status.HANDED_OVER
    assert request_a.handover_method == "delivery"


def test_the_timeline_shows_each_event_with_office_time_actor_and_note(client, world, request_a):
    perform(request_a, Action.RETURN, actor=world.officer_a, note="Kurang formulir F-1.02")
    client.force_login(world.officer_a)
    response = client.get(detail_url(request_a))
    labels = [entry["label"] for entry in response.context["timeline"]]
    assert labels == ["Dibuat", "Ajukan", "Kembalikan untuk dilengkapi"]
    assert "Kurang formulir F-1.02" in response.text
    assert "WIB" in response.text
    assert world.officer_a.full_name in response.text


def test_a_document_downloads_as_an_attachment_with_its_stored_type(client, world, request_a):
    document = request_a.documents.get()
    client.force_login(world.officer_a)
    response = client.get(reverse("cases:document", args=[request_a.code, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "kk-lama.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_of_another_request_is_not_served_under_this_code(client, world, request_a):
    other = filed_request(
        world, service=kk_service(code="kk-lain"), uploads=[Upload(pdf("lain.pdf"))]
    )
    client.force_login(world.officer_a)
    url = reverse("cases:document", args=[request_a.code, other.documents.get().pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("route", ["detail", "receipt", "act", "document"])
def test_the_outsider_gets_404_on_every_route_of_a_desa_a_request(client, world, request_a, route):
    kwargs = {"code": request_a.code}
    if route == "document":
        kwargs["pk"] = request_a.documents.get().pk
    url = reverse(f"cases:{route}", kwargs=kwargs)
    client.force_login(world.officer_b)
    if route == "act":
        response = client.post(url, {"action": Action.ACCEPT, "lock_version": 1})
    else:
        response = client.get(url)
    assert response.status_code == 404
    assert ServiceRequest.objects.get().status == Status.SUBMITTED


def test_an_unknown_code_is_404(client, world):
    client.force_login(world.officer_a)
    assert client.get(reverse("cases:detail", args=["AAAA-AAAA-A"])).status_code == 404


def test_a_stray_upload_field_on_another_action_is_ignored(client, world, request_a):
    client.force_login(world.officer_a)
    stray = SimpleUploadedFile("x.html", b"<html></html>", "text/html")
    act(client, request_a, Action.ACCEPT, output=stray)
    request_a.refresh_from_db()
    assert request_a.status == Status.IN_PROCESS
    assert request_a.documents.count() == 1
