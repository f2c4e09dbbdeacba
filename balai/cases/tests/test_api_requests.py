"""The staff requests API: intake, the inbox, one request and its actions.

Requests are reached only through `visible_to`: the officer of Desa B gets 404 for a
request of Desa A. A refused or stale action is 409 with an Indonesian `detail`.
"""

import json

import pytest
import time_machine

from balai.accounts.services import issue_token
from balai.cases.constants import Action, Status
from balai.cases.models import ServiceRequest
from balai.cases.services import perform
from balai.cases.tests.factories import filed_request, kk_service, pdf
from balai.notifications.models import Message

NOW = "2026-03-16 09:00 +0700"
LIST_URL = "/api/v1/requests"


def bearer(user):
    _token, raw = issue_token(user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def body(world, service, **changes):
    data = {
        "service_code": service.code,
        "channel": "assisted",
        "office_id": world.offices.desa_a.pk,
        "applicant": {
            "name": "Sri Wahyuni",
            "nik": "3516015708900002",
            "phone": "081234567890",
            "email": "sri@example.id",
            "address": "Jl. Raya Tawangrejo 12",
            "region_code": world.regions.desa_a.code,
        },
        "checked_requirements": [
            r.pk for r in service.current_version.requirements.filter(mandatory=True)
        ],
    }
    data.update(changes)
    return data


def post_json(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def act(client, code, headers, **data):
    return post_json(client, f"{LIST_URL}/{code}/actions", data, headers)


@pytest.fixture
def service(world):
    return kk_service()


# Intake --------------------------------------------------------------------------------


@time_machine.travel("2026-04-06 09:00 +0700", tick=False)
def test_an_officer_files_a_request_and_gets_code_pin_and_deadline(client, world, service):
    response = post_json(
        client,
        LIST_URL,
        body(world, service),
        bearer(world.officer_a) | {"HTTP_IDEMPOTENCY_KEY": "k1"},
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["status"] == Status.SUBMITTED
    assert len(answer["pin"]) == 6
    assert answer["code_display"].replace("-", "") == answer["code"]
    assert answer["current_office"]["name"] == "Kantor Desa Tawangrejo"
    assert answer["current_step"] == {"position": 1, "name": "Verifikasi desa"}
    assert answer["due_date"] == "2026-04-09"  # three steps of one working day


def test_the_same_idempotency_key_returns_the_first_request_without_pin(client, world, service):
    headers = bearer(world.officer_a)
    first = post_json(client, LIST_URL, body(world, service, idempotency_key="abc"), headers)
    again = post_json(client, LIST_URL, body(world, service, idempotency_key="abc"), headers)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["pin"] is None
    assert ServiceRequest.objects.count() == 1


def test_the_idempotency_header_works_like_the_body_field(client, world, service):
    headers = bearer(world.officer_a) | {"HTTP_IDEMPOTENCY_KEY": "kunci-1"}
    assert post_json(client, LIST_URL, body(world, service), headers).status_code == 201
    assert post_json(client, LIST_URL, body(world, service), headers).status_code == 200
    assert ServiceRequest.objects.count() == 1


def test_another_caller_with_the_same_key_gets_a_request_of_their_own(client, world, service):
    post_json(client, LIST_URL, body(world, service, idempotency_key="x"), bearer(world.officer_a))
    other = post_json(
        client,
        LIST_URL,
        body(world, service, idempotency_key="x", office_id=world.offices.desa_b.pk)
        | {
            "applicant": body(world, service)["applicant"]
            | {"region_code": world.regions.desa_b.code}
        },
        bearer(world.officer_b),
    )
    assert other.status_code == 201
    assert ServiceRequest.objects.count() == 2


def test_a_bad_nik_is_422_with_a_clear_message_and_nothing_saved(client, world, service):
    data = body(world, service)
    data["applicant"]["nik"] = "3516013102900001"
    response = post_json(client, LIST_URL, data, bearer(world.officer_a))
    assert response.status_code == 422
    assert "Tanggal lahir dalam NIK" in response.json()["detail"]
    assert ServiceRequest.objects.count() == 0
    assert Message.objects.count() == 0


def test_filing_at_an_office_that_is_not_yours_is_422(client, world, service):
    response = post_json(client, LIST_URL, body(world, service), bearer(world.officer_b))
    assert response.status_code == 422
    assert response.json()["detail"] == "Anda bukan petugas di kantor ini."
    assert ServiceRequest.objects.count() == 0


def test_intake_refusals_are_422_in_indonesian(client, world, service):
    headers = bearer(world.officer_a)
    online_only = post_json(client, LIST_URL, body(world, service, service_code="x"), headers)
    assert online_only.json()["detail"] == "Layanan dengan kode itu tidak ditemukan."
    outside = body(world, service)
    outside["applicant"]["region_code"] = world.regions.kelurahan.code
    response = post_json(client, LIST_URL, outside, headers)
    assert response.status_code == 422
    assert "di luar wilayah kantor Anda" in response.json()["detail"]


def test_the_api_needs_a_staff_token(client, world, service):
    assert post_json(client, LIST_URL, body(world, service), {}).status_code == 401
    assert client.get(LIST_URL).status_code == 401


# One request and its actions -------------------------------------------------------------


def test_a_request_shows_steps_events_documents_and_allowed_actions(client, world, service):
    request = filed_request(world, service)
    response = client.get(f"{LIST_URL}/{request.code}", **bearer(world.officer_a))
    assert response.status_code == 200
    answer = response.json()
    assert [step["office"]["name"] for step in answer["steps"]] == [
        "Kantor Desa Tawangrejo",
        "Kantor Kecamatan Jatirejo",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto",
    ]
    assert answer["steps"][0]["due_date"]
    assert [event["action"] for event in answer["events"]] == ["", "submit"]
    assert answer["allowed_actions"] == ["accept", "return", "cancel"]
    assert answer["lock_version"] == request.lock_version
    assert answer["applicant"]["nik"] == "3516015708900002"


def test_the_outsider_gets_404_for_a_desa_a_request(client, world, service):
    request = filed_request(world, service)
    outsider = bearer(world.officer_b)
    assert client.get(f"{LIST_URL}/{request.code}", **outsider).status_code == 404
    refused = act(client, request.code, outsider, action="accept")
    assert refused.status_code == 404
    assert refused.json()["detail"] == "Permohonan dengan kode itu tidak ditemukan."
    document_url = f"{LIST_URL}/{request.code}/documents/1"
    assert client.get(document_url, **outsider).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_an_illegal_transition_is_409(client, world, service):
    request = filed_request(world, service)
    response = act(client, request.code, bearer(world.officer_a), action="hand_over")
    assert response.status_code == 409
    assert "tidak dapat dilakukan" in response.json()["detail"]
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_an_action_on_a_stale_version_is_409(client, world, service):
    request = filed_request(world, service)
    seen = request.lock_version
    perform(request, Action.ACCEPT, actor=world.officer_a)
    response = act(
        client, request.code, bearer(world.officer_a), action="forward", expected_version=seen
    )
    assert response.status_code == 409
    assert "baru saja diubah" in response.json()["detail"]
    request.refresh_from_db()
    assert request.current_office == world.offices.desa_a


def test_an_unknown_action_is_422(client, world, service):
    request = filed_request(world, service)
    response = act(client, request.code, bearer(world.officer_a), action="terbang")
    assert response.status_code == 422
    assert "action" in response.json()["detail"]


def test_completing_without_the_output_document_is_409(client, world, service):
    request = filed_request(world, service)
    for actor in (world.officer_a, world.officer_a, world.kecamatan_operator):
        action = Action.ACCEPT if request.status == Status.SUBMITTED else Action.FORWARD
        request = perform(request, action, actor=actor)
    response = act(client, request.code, bearer(world.disdukcapil_officer), action="complete")
    assert response.status_code == 409
    assert "dokumen hasil" in response.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_the_demo_flow_runs_through_the_api(client, world, service):
    village, kecamatan = bearer(world.officer_a), bearer(world.kecamatan_operator)
    dukcapil = bearer(world.disdukcapil_officer)
    created = post_json(client, LIST_URL, body(world, service), village).json()
    code = created["code"]

    def step(headers, **data):
        response = act(client, code, headers, **data)
        assert response.status_code == 200, response.content
        return response.json()

    version = step(village, action="accept")["lock_version"]
    assert step(village, action="forward", expected_version=version)["current_office"]["name"] == (
        "Kantor Kecamatan Jatirejo"
    )
    step(kecamatan, action="forward")
    returned = step(dukcapil, action="return", note="Akta kematian belum dilampirkan")
    assert returned["status"] == Status.RETURNED
    resubmitted = step(village, action="resubmit")
    assert resubmitted["status"] == Status.IN_PROCESS
    assert resubmitted["current_office"]["name"].startswith("Dinas Kependudukan")

    completed = client.post(
        f"{LIST_URL}/{code}/actions",
        {"action": "complete", "file": pdf("kk-baru.pdf")},
        **dukcapil,
    )
    assert completed.status_code == 200, completed.content
    answer = completed.json()
    assert answer["status"] == Status.COMPLETED
    assert any(doc["kind"] == "output" for doc in answer["documents"])
    assert answer["current_office"]["name"] == "Kantor Desa Tawangrejo"

    handed = step(village, action="hand_over", handover_method="pickup")
    assert handed["status"] == Status.HANDED_OVER
    assert [event["action"] for event in handed["events"]] == [
        "",
        "submit",
        "accept",
        "forward",
        "forward",
        "return",
        "resubmit",
        "complete",
        "hand_over",
    ]
    output = next(doc for doc in handed["documents"] if doc["kind"] == "output")
    download = client.get(f"{LIST_URL}/{code}/documents/{output['id']}", **village)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert set(
        Message.objects.filter(recipient="sri@example.id").values_list("template", flat=True)
    ) == {"request_submitted", "request_returned", "request_completed", "request_handed_over"}


# The inbox -----------------------------------------------------------------------------


def file_many(world, service, count):
    return [filed_request(world, service) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 25])
def test_the_inbox_takes_the_same_number_of_queries_for_1_and_25_requests(
    client, world, service, count, django_assert_num_queries
):
    file_many(world, service, count)
    headers = bearer(world.officer_a)
    # token, touch, jurisdiction, office, page, counts
    with django_assert_num_queries(6):
        response = client.get(LIST_URL, **headers)
    assert len(response.json()["items"]) == count


def test_the_inbox_pages_by_deadline_with_a_cursor(client, world, service):
    file_many(world, service, 7)
    headers = bearer(world.officer_a)
    seen, url = [], f"{LIST_URL}?limit=3"
    while url:
        page = client.get(url, **headers).json()
        seen += [item["code"] for item in page["items"]]
        url = f"{LIST_URL}?limit=3&after={page['next']}" if page["next"] else None
    assert len(seen) == len(set(seen)) == 7
    assert page["counts"] == {"submitted": 7}


def test_inbox_items_show_the_nik_masked(client, world, service):
    file_many(world, service, 1)
    item = client.get(LIST_URL, **bearer(world.officer_a)).json()["items"][0]
    assert item["applicant_nik"] == "3516••••••••0002"
    assert "3516015708900002" not in json.dumps(item)


def test_inbox_filters_by_status_channel_village_and_overdue(client, world, service):
    first, _second = file_many(world, service, 2)
    perform(first, Action.ACCEPT, actor=world.officer_a)
    headers = bearer(world.officer_a)

    def codes_for(query):
        return [
            item["code"] for item in client.get(f"{LIST_URL}?{query}", **headers).json()["items"]
        ]

    assert codes_for("status=in_process") == [first.code]
    assert codes_for("channel=online") == []
    assert len(codes_for(f"village={world.regions.desa_a.code}")) == 2
    assert codes_for("overdue=true") == []
    with time_machine.travel("2027-01-04 09:00 +0700", tick=False):
        assert len(codes_for("overdue=true")) == 2


def test_the_inbox_is_only_of_your_own_offices(client, world, service):
    file_many(world, service, 1)
    outsider = bearer(world.officer_b)
    assert client.get(LIST_URL, **outsider).json()["items"] == []
    foreign = client.get(f"{LIST_URL}?office_id={world.offices.desa_a.pk}", **outsider)
    assert foreign.status_code == 404


def test_a_bad_cursor_or_limit_is_422(client, world):
    headers = bearer(world.officer_a)
    assert client.get(f"{LIST_URL}?after=kemarin", **headers).status_code == 422
    assert client.get(f"{LIST_URL}?limit=101", **headers).status_code == 422
