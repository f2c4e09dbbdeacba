"""The complaints API: public and officer intake, the scoped list, one complaint, actions.

Complaints are reached only through `visible_to`: the officer of Desa B gets 404 for a
complaint of Desa A. A refused or stale action is 409, bad intake 422, both with an
Indonesian `detail`.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.accounts.services import issue_token
from balai.complaints.constants import Action, IntakeChannel, Level, Status
from balai.complaints.models import Complaint
from balai.complaints.services import Reporter, perform
from balai.complaints.tests.factories import drain_category, filed_complaint, jpeg, local_units

URL = "/api/v1/complaints"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def bearer(user):
    _token, raw = issue_token(user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_json(client, url, data, headers=None):
    return client.post(url, json.dumps(data), content_type="application/json", **(headers or {}))


def report(world, **changes):
    data = {
        "category_code": drain_category().code,
        "title": "Saluran tersumbat",
        "text": "Saluran air di depan balai dusun tersumbat sampah dan meluap saat hujan.",
        "region_code": world.regions.desa_a.code,
        "address": "Depan balai dusun",
        "reporter": {"name": "Sri Wahyuni", "phone": "081234567890"},
    }
    return data | changes


# Intake ----------------------------------------------------------------------------------


def test_a_public_report_gets_a_code_a_pin_and_goes_to_the_village_office(client, world):
    response = post_json(client, URL, report(world))
    assert response.status_code == 201, response.content
    answer = response.json()
    complaint = Complaint.objects.get(code=answer["code"])
    assert complaint.channel == IntakeChannel.API
    assert complaint.created_by is None
    assert answer["office"] == {"id": world.offices.desa_a.pk, "name": "Kantor Desa Tawangrejo"}
    assert answer["level"] == Level.VILLAGE
    assert len(answer["pin"]) == 6
    assert answer["status"] == Status.RECEIVED


def test_an_officer_enters_a_phone_complaint_with_its_channel(client, world):
    _rw, rt, _rt_head, _rw_head = local_units(world)
    data = report(world, region_code=rt.code, channel="phone")
    response = post_json(client, URL, data, bearer(world.officer_a))
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(code=response.json()["code"])
    assert (complaint.channel, complaint.created_by) == ("phone", world.officer_a)
    assert (complaint.level, complaint.unit) == (Level.RT, rt)


def test_the_public_cannot_claim_an_officer_channel(client, world):
    response = post_json(client, URL, report(world, channel="walk_in"))
    assert response.status_code == 422
    assert "petugas" in response.json()["detail"]


def test_a_bad_token_is_refused_rather_than_taken_as_a_public_report(client, world):
    response = post_json(client, URL, report(world), {"HTTP_AUTHORIZATION": "Bearer salah"})
    assert response.status_code == 401
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"category_code": "tidak-ada"}, "Kategori"),
        ({"region_code": "99.99"}, "wilayah"),
        ({"region_code": "35.16.01"}, "desa/kelurahan"),
        ({"text": "pendek"}, "10 huruf"),
        ({"reporter": {"name": "", "phone": ""}}, "anonim"),
        ({"latitude": "-7.5"}, "lintang dan bujur"),
    ],
)
def test_a_report_that_cannot_be_taken_in_is_422_with_the_reason(client, world, changes, message):
    response = post_json(client, URL, report(world, **changes))
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Complaint.objects.exists()


def test_a_report_may_bring_photos_in_a_multipart_form(client, world):
    data = {"data": json.dumps(report(world)), "photos": [jpeg("a.jpg"), jpeg("b.jpg")]}
    response = client.post(URL, data)
    assert response.status_code == 201, response.content
    assert Complaint.objects.get(code=response.json()["code"]).photos.count() == 2


def test_intake_suggests_likely_duplicates_but_never_itself(client, world):
    first = filed_complaint(world, region=world.regions.desa_a).complaint
    response = post_json(client, URL, report(world))
    duplicates = response.json()["duplicates"]
    assert duplicates == [{"code": first.code, "title": first.title, "status": "received"}]


def test_the_public_is_never_shown_a_confidential_duplicate(client, world):
    filed_complaint(world, region=world.regions.desa_a, confidential=True)
    assert post_json(client, URL, report(world)).json()["duplicates"] == []


# Duplicate suggestion --------------------------------------------------------------------


def test_staff_get_duplicate_suggestions_of_their_own_area_only(client, world):
    first = filed_complaint(world, region=world.regions.desa_a).complaint
    query = {
        "category_code": "saluran",
        "region_code": world.regions.desa_a.code,
        "text": "saluran tersumbat sampah meluap",
    }
    mine = client.get(f"{URL}/duplicates", query, **bearer(world.officer_a))
    assert [d["code"] for d in mine.json()] == [first.code]
    theirs = client.get(f"{URL}/duplicates", query, **bearer(world.officer_b))
    assert theirs.json() == []


def test_duplicate_suggestions_need_a_staff_token(client, world):
    query = {"category_code": "saluran", "region_code": world.regions.desa_a.code}
    assert client.get(f"{URL}/duplicates", query).status_code == 401


# List --------------------------------------------------------------------------------------


def test_the_list_shows_only_complaints_the_caller_may_see(client, world):
    ours = filed_complaint(world, region=world.regions.desa_a).complaint
    filed_complaint(world, region=world.regions.desa_b)
    response = client.get(URL, **bearer(world.officer_a))
    assert [item["code"] for item in response.json()["items"]] == [ours.code]
    outsider = client.get(URL, **bearer(world.officer_b)).json()["items"]
    assert ours.code not in [item["code"] for item in outsider]


def test_the_list_never_names_an_anonymous_reporter(client, world):
    filed_complaint(
        world,
        region=world.regions.desa_a,
        reporter=Reporter(name="Rahasia Sekali", phone="081234567890", anonymous=True),
    )
    response = client.get(URL, **bearer(world.officer_a))
    assert "Rahasia Sekali" not in response.content.decode()
    assert response.json()["items"][0]["reporter_name"] is None


def test_the_list_filters_and_pages_by_keyset(client, world):
    for _ in range(3):
        filed_complaint(world, region=world.regions.desa_a)
    headers = bearer(world.officer_a)
    first = client.get(URL, {"limit": 2}, **headers).json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(URL, {"limit": 2, "after": first["next"]}, **headers).json()
    assert len(second["items"]) == 1 and second["next"] is None
    codes = [item["code"] for item in first["items"] + second["items"]]
    assert len(set(codes)) == 3
    assert client.get(URL, {"status": "closed"}, **headers).json()["items"] == []
    assert len(client.get(URL, {"category": "saluran"}, **headers).json()["items"]) == 3
    assert client.get(URL, {"overdue": True}, **headers).json()["items"] == []
    assert client.get(URL, {"after": "bukan-kursor"}, **headers).status_code == 422


def test_the_list_takes_the_same_number_of_queries_for_more_rows(client, world):
    headers = bearer(world.officer_a)
    filed_complaint(world, region=world.regions.desa_a)
    client.get(URL, **headers)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get(URL, **headers)
    for _ in range(4):
        filed_complaint(world, region=world.regions.desa_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, **headers)
    assert len(response.json()["items"]) == 5
    assert len(many) == len(few)


# One complaint -------------------------------------------------------------------------


def test_the_outsider_gets_404_for_a_complaint_of_desa_a(client, world):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    response = client.get(f"{URL}/{complaint.code}", **bearer(world.officer_b))
    assert response.status_code == 404
    assert response.json()["detail"] == "Pengaduan dengan kode itu tidak ditemukan."
    act = post_json(
        client, f"{URL}/{complaint.code}/actions", {"action": "accept"}, bearer(world.officer_b)
    )
    assert act.status_code == 404


def test_the_detail_shows_history_actions_and_version(client, world):
    complaint = filed_complaint(
        world, region=world.regions.desa_a, reporter=Reporter(name="Sri", phone="0812345678")
    ).complaint
    answer = client.get(f"{URL}/{complaint.code}", **bearer(world.officer_a)).json()
    assert answer["reporter"]["name"] == "Sri"
    assert {"accept", "hold", "forward", "archive"} <= set(answer["allowed_actions"])
    assert answer["lock_version"] == 0
    assert len(answer["events"]) == 1


def test_an_anonymous_reporter_is_hidden_from_staff_outside_the_verifying_office(client, world):
    complaint = filed_complaint(
        world,
        region=world.regions.desa_a,
        reporter=Reporter(name="Rahasia Sekali", phone="081234567890", anonymous=True),
    ).complaint
    verifier = client.get(f"{URL}/{complaint.code}", **bearer(world.officer_a)).json()
    assert verifier["reporter"]["name"] == "Rahasia Sekali"
    # The kecamatan sees the village's complaints, but not who reported anonymously.
    above = client.get(f"{URL}/{complaint.code}", **bearer(world.kecamatan_operator))
    assert above.status_code == 200
    assert "Rahasia Sekali" not in above.content.decode()
    assert above.json()["reporter"] == {
        "name": None,
        "phone": None,
        "email": None,
        "anonymous": True,
    }


# Actions ---------------------------------------------------------------------------------


def test_an_officer_accepts_then_a_stale_version_is_409(client, world):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    headers = bearer(world.officer_a)
    url = f"{URL}/{complaint.code}/actions"
    accepted = post_json(client, url, {"action": "accept", "expected_version": 0}, headers)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == Status.ACCEPTED
    stale = post_json(
        client,
        url,
        {"action": "assign", "expected_version": 0, "assignee_id": world.officer_a.pk},
        headers,
    )
    assert stale.status_code == 409
    assert "diubah oleh orang lain" in stale.json()["detail"]


def test_an_action_the_status_does_not_allow_is_409(client, world):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    response = post_json(
        client,
        f"{URL}/{complaint.code}/actions",
        {"action": "resolve", "note": "Sudah"},
        bearer(world.officer_a),
    )
    assert response.status_code == 409
    assert "tidak dapat dilakukan" in response.json()["detail"]
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_forwarding_needs_a_known_office_and_moves_the_complaint(client, world):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    headers = bearer(world.officer_a)
    url = f"{URL}/{complaint.code}/actions"
    unknown = post_json(
        client, url, {"action": "forward", "note": "x", "office_id": 99999}, headers
    )
    assert unknown.status_code == 422
    moved = post_json(
        client,
        url,
        {"action": "forward", "note": "Urusan kecamatan", "office_id": world.offices.kecamatan.pk},
        headers,
    )
    assert moved.status_code == 200, moved.content
    complaint.refresh_from_db()
    assert complaint.office == world.offices.kecamatan


def test_merging_into_a_complaint_the_officer_cannot_see_is_refused(client, world):
    ours = filed_complaint(world, region=world.regions.desa_a).complaint
    theirs = filed_complaint(world, region=world.regions.desa_b).complaint
    response = post_json(
        client,
        f"{URL}/{ours.code}/actions",
        {"action": "merge", "note": "sama", "into_code": theirs.code},
        bearer(world.officer_a),
    )
    assert response.status_code == 422


def test_merging_two_complaints_of_the_village(client, world):
    survivor = filed_complaint(world, region=world.regions.desa_a).complaint
    second = filed_complaint(world, region=world.regions.desa_a).complaint
    response = post_json(
        client,
        f"{URL}/{second.code}/actions",
        {"action": Action.MERGE, "note": "Sama", "into_code": survivor.code},
        bearer(world.officer_a),
    )
    assert response.status_code == 200, response.content
    assert response.json()["merged_into"] == survivor.code


def test_the_reporter_action_is_not_for_staff(client, world):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    perform(complaint, Action.ACCEPT, actor=world.officer_a)
    response = post_json(
        client, f"{URL}/{complaint.code}/actions", {"action": "confirm"}, bearer(world.officer_a)
    )
    assert response.status_code == 409
