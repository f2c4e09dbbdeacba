"""Open311 GeoReport v2: services, requests (GET and POST), one request, tokens.

Answers use the standard's names in JSON and XML. Confidential complaints never appear,
anonymous reporters leave no trace, a wrong jurisdiction or format is a 404 error list and
posting without a registered client's key is a 403 error list.
"""

import hashlib
import xml.etree.ElementTree as ET

import pytest
import time_machine

from balai.complaints.constants import Action, IntakeChannel, Status
from balai.complaints.models import Complaint, Open311Client
from balai.complaints.services import Reporter, perform
from balai.complaints.tests.factories import drain_category, filed_complaint, local_units

BASE = "/open311/v2"
RAW_KEY = "o311_kunci-rahasia-uji"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def drain(world):
    return drain_category(description="Saluran tersumbat, meluap atau rusak.")


@pytest.fixture
def client_app(db):
    return Open311Client.objects.create(
        name="Aplikasi Warga",
        key_hash=hashlib.sha256(RAW_KEY.encode()).hexdigest(),
        prefix=RAW_KEY[:8],
    )


def xml_of(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


# Services --------------------------------------------------------------------------------


def test_services_in_json_use_the_standard_fields(client, drain):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.json() == [
        {
            "service_code": "saluran",
            "service_name": "Saluran air dan drainase",
            "description": "Saluran tersumbat, meluap atau rusak.",
            "metadata": False,
            "type": "realtime",
            "keywords": "Pengaduan",
            "group": "Pengaduan",
        }
    ]


def test_services_in_xml_are_service_elements(client, drain):
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    service = root.find("service")
    assert service.findtext("service_code") == "saluran"
    assert service.findtext("metadata") == "false"
    assert service.findtext("type") == "realtime"


def test_an_inactive_category_is_no_service(client, drain):
    drain.active = False
    drain.save()
    assert client.get(f"{BASE}/services.json").json() == []
    assert client.get(f"{BASE}/services/saluran.json").status_code == 404


def test_a_service_definition_has_no_attributes(client, drain):
    assert client.get(f"{BASE}/services/saluran.json").json() == {
        "service_code": "saluran",
        "attributes": [],
    }
    root = xml_of(client.get(f"{BASE}/services/saluran.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "saluran"
    assert list(root.find("attributes")) == []


def test_an_unknown_service_is_a_404_error_list(client, drain):
    response = client.get(f"{BASE}/services/tidak-ada.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    assert response.json()[0]["description"]


def test_an_unknown_format_is_404(client, drain):
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


@pytest.mark.parametrize("jurisdiction", ["35.16", "3516"])
def test_the_kabupaten_code_is_the_jurisdiction(client, drain, jurisdiction):
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": jurisdiction})
    assert response.status_code == 200


@pytest.mark.parametrize("jurisdiction", ["35.17", "35", "mojokerto"])
def test_a_jurisdiction_not_served_is_a_404_error(client, drain, jurisdiction):
    response = client.get(f"{BASE}/requests.xml", {"jurisdiction_id": jurisdiction})
    assert response.status_code == 404
    root = xml_of(response)
    assert root.tag == "errors"
    assert root.find("error").findtext("code") == "404"


# Requests: reading -----------------------------------------------------------------------


def test_a_request_in_json_carries_the_standard_fields(client, world, drain):
    complaint = filed_complaint(
        world,
        region=world.regions.desa_a,
        latitude=-7.5,
        longitude=112.4,
        address="Depan balai dusun",
    ).complaint
    response = client.get(f"{BASE}/requests/{complaint.code}.json")
    assert response.status_code == 200
    (found,) = response.json()
    assert found["service_request_id"] == complaint.code
    assert found["status"] == "open"
    assert found["service_code"] == "saluran"
    assert found["service_name"] == "Saluran air dan drainase"
    assert found["description"] == complaint.text
    assert found["agency_responsible"] == "Kantor Desa Tawangrejo"
    assert found["address"] == "Depan balai dusun, Desa Tawangrejo"
    assert found["address_id"] == world.regions.desa_a.code
    assert (found["lat"], found["long"]) == (-7.5, 112.4)
    assert found["requested_datetime"].endswith("+07:00")
    assert set(found) >= {
        "status_notes",
        "service_notice",
        "updated_datetime",
        "expected_datetime",
        "zipcode",
        "media_url",
    }


def test_requests_in_xml_are_request_elements(client, world, drain):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id") == complaint.code
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == ""


def test_a_closed_complaint_is_closed_and_says_what_was_done(client, world, drain):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    for action, note in [
        (Action.ACCEPT, ""),
        (Action.FOLLOW_UP, "Kerja bakti."),
        (Action.RESOLVE, "Saluran sudah dibersihkan."),
    ]:
        perform(complaint, action, actor=world.officer_a, note=note)
    perform(complaint, Action.CONFIRM, reporter=True)
    open_one = filed_complaint(world, region=world.regions.desa_a).complaint
    closed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [complaint.code]
    assert closed[0]["status_notes"].endswith("Saluran sudah dibersihkan.")
    assert closed[0]["expected_datetime"] is None
    opened = client.get(f"{BASE}/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in opened] == [open_one.code]
    both = client.get(f"{BASE}/requests.json", {"status": "open,closed"}).json()
    assert len(both) == 2
    assert client.get(f"{BASE}/requests.json", {"status": "selesai"}).status_code == 400


def test_requests_filter_by_service_code_and_ids(client, world, drain):
    from balai.complaints.models import Category

    other = Category.objects.create(code="jalan", name="Jalan rusak")
    drain_one = filed_complaint(world, region=world.regions.desa_a).complaint
    road_one = filed_complaint(
        world,
        region=world.regions.desa_a,
        category=other,
        text="Jalan desa berlubang besar di depan masjid.",
    ).complaint
    by_code = client.get(f"{BASE}/requests.json", {"service_code": "jalan"}).json()
    assert [r["service_request_id"] for r in by_code] == [road_one.code]
    both = client.get(
        f"{BASE}/requests.json", {"service_request_id": f"{drain_one.code},{road_one.code}"}
    ).json()
    assert {r["service_request_id"] for r in both} == {drain_one.code, road_one.code}


def test_requests_default_to_the_last_90_days_and_filter_by_dates(client, world, drain):
    with time_machine.travel("2026-01-05 09:00 +0700", tick=False):
        old = filed_complaint(world, region=world.regions.desa_a).complaint
    with time_machine.travel("2026-05-04 09:00 +0700", tick=False):
        recent = filed_complaint(world, region=world.regions.desa_a).complaint
        default = client.get(f"{BASE}/requests.json").json()
        assert [r["service_request_id"] for r in default] == [recent.code]
        january = client.get(
            f"{BASE}/requests.json",
            {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-01-31"},
        ).json()
        assert [r["service_request_id"] for r in january] == [old.code]
        since = client.get(f"{BASE}/requests.json", {"start_date": "2026-01-01"}).json()
        assert len(since) == 2
        bad = client.get(f"{BASE}/requests.json", {"start_date": "kemarin"})
        assert bad.status_code == 400
        assert bad.json()[0]["code"] == 400


def test_requests_are_limited_to_the_jurisdiction(client, world, drain):
    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    ours = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "35.16"}).json()
    assert [r["service_request_id"] for r in ours] == [complaint.code]


# Privacy -----------------------------------------------------------------------------------


def test_a_confidential_complaint_never_appears(client, world, drain):
    secret = filed_complaint(
        world,
        region=world.regions.desa_a,
        confidential=True,
        text="Isi rahasia tentang pungutan liar di kantor desa.",
    ).complaint
    for fmt in ("json", "xml"):
        listing = client.get(f"{BASE}/requests.{fmt}")
        assert secret.code not in listing.content.decode()
        assert "pungutan liar" not in listing.content.decode()
        assert client.get(f"{BASE}/requests/{secret.code}.{fmt}").status_code == 404
        assert client.get(f"{BASE}/tokens/{secret.code}.{fmt}").status_code == 404
        by_id = client.get(f"{BASE}/requests.{fmt}", {"service_request_id": secret.code})
        assert secret.code not in by_id.content.decode()


def test_a_complaint_made_confidential_later_disappears(client, world, drain):
    from balai.complaints.services import set_privacy

    complaint = filed_complaint(world, region=world.regions.desa_a).complaint
    assert client.get(f"{BASE}/requests/{complaint.code}.json").status_code == 200
    set_privacy(complaint, world.officer_a, confidential=True)
    assert client.get(f"{BASE}/requests/{complaint.code}.json").status_code == 404


def test_a_merged_complaint_does_not_appear(client, world, drain):
    survivor = filed_complaint(world, region=world.regions.desa_a).complaint
    merged = filed_complaint(world, region=world.regions.desa_a).complaint
    perform(merged, Action.MERGE, actor=world.officer_a, note="Sama", into=survivor)
    assert client.get(f"{BASE}/requests/{merged.code}.json").status_code == 404


def test_nothing_about_a_reporter_ever_appears(client, world, drain):
    complaint = filed_complaint(
        world,
        region=world.regions.desa_a,
        reporter=Reporter(
            name="Sulastri Anonim",
            phone="081299887766",
            email="sulastri@example.id",
            anonymous=True,
        ),
    ).complaint
    for url in (
        f"{BASE}/requests.json",
        f"{BASE}/requests.xml",
        f"{BASE}/requests/{complaint.code}.json",
        f"{BASE}/requests/{complaint.code}.xml",
    ):
        body = client.get(url).content.decode()
        assert complaint.code in body
        for personal in ("Sulastri", "081299887766", "sulastri@example.id"):
            assert personal not in body


# Requests: posting -----------------------------------------------------------------------


def post_body(world, **changes):
    data = {
        "api_key": RAW_KEY,
        "service_code": "saluran",
        "address_id": world.regions.desa_a.code,
        "lat": "-7.512345",
        "long": "112.456789",
        "address_string": "Jl. Raya Tawangrejo 12",
        "description": "Saluran di depan rumah tersumbat sampah dan meluap.",
        "first_name": "Sri",
        "last_name": "Wahyuni",
        "phone": "081234567890",
    }
    return data | changes


def test_a_registered_client_posts_a_request(client, world, drain, client_app):
    response = client.post(f"{BASE}/requests.json", post_body(world))
    assert response.status_code == 201, response.content
    (answer,) = response.json()
    complaint = Complaint.objects.get(code=answer["service_request_id"])
    assert complaint.channel == IntakeChannel.OPEN311
    assert complaint.open311_client == client_app
    assert complaint.status == Status.RECEIVED
    assert (complaint.reporter_name, complaint.anonymous) == ("Sri Wahyuni", False)
    assert str(complaint.latitude) == "-7.512345"
    assert complaint.office == world.offices.desa_a
    assert "PIN" in answer["service_notice"]
    assert answer["account_id"] is None
    # ... and reads it back through the same standard.
    assert client.get(f"{BASE}/tokens/{complaint.code}.json").json() == [
        {"service_request_id": complaint.code, "token": complaint.code}
    ]


def test_a_post_without_name_or_contact_is_anonymous(client, world, drain, client_app):
    body = post_body(world, first_name="", last_name="", phone="")
    response = client.post(f"{BASE}/requests.xml", body)
    assert response.status_code == 201
    code = xml_of(response).find("request").findtext("service_request_id")
    assert Complaint.objects.get(code=code).anonymous


@pytest.mark.parametrize("key", [None, "", "kunci-palsu"])
def test_a_post_without_a_valid_key_is_403(client, world, drain, client_app, key):
    body = post_body(world, api_key=key)
    if key is None:
        del body["api_key"]
    response = client.post(f"{BASE}/requests.json", body)
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    assert not Complaint.objects.exists()


def test_an_inactive_client_cannot_post(client, world, drain, client_app):
    client_app.active = False
    client_app.save()
    assert client.post(f"{BASE}/requests.json", post_body(world)).status_code == 403


@pytest.mark.parametrize(
    "changes, status",
    [
        ({"service_code": ""}, 400),
        ({"service_code": "tidak-ada"}, 404),
        ({"address_id": ""}, 400),
        ({"address_id": "35.16.01"}, 400),
        ({"address_id": "99.99.99.9999"}, 400),
        ({"lat": "utara"}, 400),
        ({"description": "pendek"}, 400),
        ({"jurisdiction_id": "35.17"}, 404),
    ],
)
def test_a_post_that_cannot_be_taken_in_is_an_error_list(
    client, world, drain, client_app, changes, status
):
    response = client.post(f"{BASE}/requests.json", post_body(world, **changes))
    assert response.status_code == status
    (error,) = response.json()
    assert error["code"] == status and error["description"]
    assert not Complaint.objects.exists()


def test_a_post_outside_the_jurisdiction_is_refused(client, world, drain, client_app):
    body = post_body(world, jurisdiction_id="35.16", address_id="35.16.01.2001")
    assert client.post(f"{BASE}/requests.json", body).status_code == 201
    # A region of another kabupaten is not in jurisdiction 35.16.
    from balai.regions.tests.factories import official_region

    official_region("35.17", "Kabupaten Jombang")
    official_region("35.17.01", "Bandarkedungmulyo")
    official_region("35.17.01.2001", "Banjarsari")
    body = post_body(world, jurisdiction_id="35.16", address_id="35.17.01.2001")
    assert client.post(f"{BASE}/requests.json", body).status_code == 400


def test_an_unknown_token_is_404(client, world, drain):
    assert client.get(f"{BASE}/tokens/ABCD.json").status_code == 404


def test_discovery_tells_where_and_how(client, world):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200
    assert "address_id" in response.json()["key_service"]
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.find("endpoints").find("endpoint").findtext("type") == "production"


def test_reading_requests_takes_one_query_and_one_for_the_categories(client, world, drain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        filed_complaint(world, region=world.regions.desa_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/requests.json")
    assert len(response.json()) == 3
    assert len(queries) == 2


def test_reading_requests_takes_as_many_queries_for_one_as_for_many(client, world, drain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    filed_complaint(world, region=world.regions.desa_a)
    with CaptureQueriesContext(connection) as for_one:
        client.get(f"{BASE}/requests.xml")
    for _ in range(4):
        filed_complaint(world, region=world.regions.desa_a)
    with CaptureQueriesContext(connection) as for_five:
        root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert len(root.findall("request")) == 5
    assert len(for_five) == len(for_one)


def test_status_notes_and_address_carry_the_labels(client, world, drain):
    _rw, rt, rt_head, _rw_head = local_units(world)
    waiting = filed_complaint(world, region=world.regions.desa_a, address="Gang Melati").complaint
    accepted = filed_complaint(world, region=rt).complaint
    perform(accepted, Action.ACCEPT, actor=rt_head)
    found = {r["service_request_id"]: r for r in client.get(f"{BASE}/requests.json").json()}
    assert found[waiting.code]["status_notes"] == str(Status.RECEIVED.label)
    assert found[waiting.code]["address"] == "Gang Melati, Desa Tawangrejo"
    assert found[accepted.code]["status_notes"] == str(Status.ACCEPTED.label)
    assert found[accepted.code]["address"] == "Desa Tawangrejo"
    assert found[accepted.code]["address_id"] == rt.code
    assert found[accepted.code]["expected_datetime"].endswith("T23:59:59+07:00")


def test_xml_escapes_text_and_leaves_missing_values_empty(client, world, drain):
    text = 'Air <meluap> & "banjir" di RT 2, sampai ke jalan desa sebelah timur.'
    complaint = filed_complaint(world, region=world.regions.desa_a, text=text).complaint
    response = client.get(f"{BASE}/requests/{complaint.code}.xml")
    assert b"&lt;meluap&gt; &amp;" in response.content
    request = xml_of(response).find("request")
    assert request.findtext("description") == text
    assert request.findtext("address") == "Desa Tawangrejo"
    assert request.find("lat").text is None and request.find("media_url").text is None
