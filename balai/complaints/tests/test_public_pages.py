"""The public complaint pages: reporting, tracking with the PIN, and a village's list and map.

A reporter's identity never appears on a public page; a confidential complaint shows only
its status and dates to anyone without the PIN.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from balai.complaints.constants import Action, Status
from balai.complaints.models import Complaint
from balai.complaints.services import Reporter, perform
from balai.complaints.tests.factories import drain_category, filed_complaint, jpeg, local_units

REPORTER = Reporter(name="Qoriah Anonimwati", phone="081234567890", email="budi@example.id")


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(world):
    return local_units(world)


def report(world, rt, **changes):
    data = {
        "desa": world.regions.desa_a.code,
        "category": drain_category().code,
        "title": "Lampu jalan mati",
        "text": "Lampu jalan di gang mushola mati sejak seminggu, gelap sekali malam hari.",
        "unit": rt.code,
        "address": "Gang Mushola",
        "latitude": "-7.500000",
        "longitude": "112.400000",
        "name": "Siti Aminah",
        "phone": "081298765432",
        "email": "",
    }
    return data | changes


def resolved(world, units, **extra):
    _rw, rt, rt_head, _rw_head = units
    filed = filed_complaint(world, region=rt, **extra)
    complaint = filed.complaint
    perform(complaint, Action.ACCEPT, actor=rt_head)
    perform(complaint, Action.FOLLOW_UP, actor=rt_head, note="Diperbaiki bersama warga.")
    perform(complaint, Action.RESOLVE, actor=rt_head, note="Saluran sudah dibersihkan.")
    complaint.refresh_from_db()
    return complaint, filed.pin


# Reporting ---------------------------------------------------------------------------------


def test_the_complaints_home_offers_to_report_and_to_track(client, db):
    response = client.get(reverse("complaints_public:home"))
    assert response.status_code == 200
    assert reverse("complaints_public:new") in response.content.decode()
    assert 'name="code"' in response.content.decode()


def test_tracking_from_the_home_form_goes_to_the_complaints_page(client, world):
    complaint = filed_complaint(world).complaint
    response = client.get(reverse("complaints_public:home"), {"code": complaint.code.lower()})
    assert response.url == reverse("complaints_public:track", args=[complaint.code])


def test_the_village_is_found_by_name_before_the_form(client, world):
    response = client.get(reverse("complaints_public:new"), {"q": "Tawang"})
    assert response.status_code == 200
    assert f"?desa={world.regions.desa_a.code}" in response.content.decode()


def test_the_form_lists_the_rt_and_rw_of_the_chosen_village(client, world, units):
    drain_category()
    response = client.get(reverse("complaints_public:new"), {"desa": world.regions.desa_a.code})
    page = response.content.decode()
    assert "RW 001 / RT 002" in page
    assert "Saluran air dan drainase" in page


def test_a_citizen_files_a_complaint_and_sees_the_code_and_pin_once(client, world, units):
    rt = units[1]
    response = client.post(
        reverse("complaints_public:new"), report(world, rt, photos=[jpeg("a.jpg"), jpeg("b.jpg")])
    )
    assert response.status_code == 302, response.content.decode()
    complaint = Complaint.objects.get()
    assert (complaint.region, complaint.channel, complaint.photos.count()) == (rt, "web", 2)
    assert complaint.reporter_name == "Siti Aminah"
    receipt = client.get(response.url)
    assert complaint.code[:4] in receipt.content.decode()
    assert 'id="pin"' in receipt.content.decode()
    assert client.get(response.url).status_code == 302  # shown once only


def test_a_report_without_contact_and_not_anonymous_is_refused_and_nothing_saved(
    client, world, units
):
    data = report(world, units[1], name="", phone="", email="")
    response = client.post(reverse("complaints_public:new"), data)
    assert response.status_code == 400
    assert "Lapor secara anonim" in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_anonymous_report_needs_no_contact(client, world, units):
    data = report(world, units[1], name="", phone="", anonymous="on")
    assert client.post(reverse("complaints_public:new"), data).status_code == 302
    assert Complaint.objects.get().anonymous


def test_four_photos_are_refused_and_nothing_saved(client, world, units):
    photos = [jpeg(f"{n}.jpg") for n in range(4)]
    response = client.post(reverse("complaints_public:new"), report(world, units[1], photos=photos))
    assert response.status_code == 400
    assert "Paling banyak 3 foto" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<html>hi</html>",
    ],
)
def test_a_script_disguised_as_a_jpeg_is_refused(client, world, units, content):
    fake = SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")
    response = client.post(reverse("complaints_public:new"), report(world, units[1], photos=[fake]))
    assert response.status_code == 400
    assert "bukan" in response.content.decode()
    assert not Complaint.objects.exists()


def test_likely_duplicates_are_shown_first_and_the_reporter_may_still_send(client, world, units):
    rt = units[1]
    earlier = filed_complaint(world, region=rt).complaint
    data = report(
        world,
        rt,
        title="Saluran tersumbat",
        text="Saluran air depan rumah tersumbat sampah meluap.",
    )
    first = client.post(reverse("complaints_public:new"), data)
    assert first.status_code == 200
    assert "Mungkin sudah dilaporkan" in first.content.decode()
    assert reverse("complaints_public:track", args=[earlier.code]) in first.content.decode()
    assert Complaint.objects.count() == 1
    second = client.post(reverse("complaints_public:new"), data | {"confirm_duplicates": "on"})
    assert second.status_code == 302
    assert Complaint.objects.count() == 2


# Tracking ----------------------------------------------------------------------------------


def test_the_tracking_page_never_shows_the_reporter(client, world, units):
    complaint = filed_complaint(world, region=units[1], reporter=REPORTER).complaint
    page = client.get(reverse("complaints_public:track", args=[complaint.code])).content.decode()
    assert complaint.title in page
    assert str(Status.RECEIVED.label) in page
    for personal in ("Qoriah", "081234567890", "budi@example.id", "ketua.rt002"):
        assert personal not in page


def test_a_confidential_complaint_shows_only_status_and_dates(client, world, units):
    complaint = filed_complaint(world, region=units[1], confidential=True).complaint
    page = client.get(reverse("complaints_public:track", args=[complaint.code])).content.decode()
    assert str(Status.RECEIVED.label) in page
    assert "Saluran tersumbat" not in page
    assert "rumah nomor 12" not in page
    assert "Tawangrejo" not in page


def test_an_unknown_code_is_not_found(client, db):
    assert client.get(reverse("complaints_public:track", args=["ABCD"])).status_code == 404


def test_the_right_pin_unlocks_the_reporters_view_and_confirming_closes(client, world, units):
    complaint, pin = resolved(world, units, confidential=True)
    url = reverse("complaints_public:track", args=[complaint.code])
    assert "Ya, masalahnya sudah selesai" not in client.get(url).content.decode()
    assert client.post(url, {"pin": pin}).status_code == 302
    page = client.get(url).content.decode()
    assert "rumah nomor 12" in page  # the reporter sees their own confidential report
    assert "Ya, masalahnya sudah selesai" in page
    act = reverse("complaints_public:act", args=[complaint.code])
    client.post(act, {"action": "confirm", "expected_version": complaint.lock_version})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_the_reporter_reopens_with_a_reason(client, world, units):
    complaint, pin = resolved(world, units)
    client.post(reverse("complaints_public:track", args=[complaint.code]), {"pin": pin})
    act = reverse("complaints_public:act", args=[complaint.code])
    client.post(act, {"action": "reopen", "note": ""})
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    client.post(act, {"action": "reopen", "note": "Masih tersumbat setelah hujan."})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.reopenings) == (Status.IN_PROGRESS, 1)


def test_without_the_pin_nobody_can_confirm(client, world, units):
    complaint, _pin = resolved(world, units)
    act = reverse("complaints_public:act", args=[complaint.code])
    assert client.post(act, {"action": "confirm"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_five_wrong_pins_lock_the_code_for_fifteen_minutes(client, world, units):
    complaint, pin = resolved(world, units)
    wrong = "000000" if pin != "000000" else "111111"
    url = reverse("complaints_public:track", args=[complaint.code])
    with time_machine.travel(timezone.now(), tick=False):
        statuses = [client.post(url, {"pin": wrong}).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        assert client.post(url, {"pin": pin}).status_code == 429
        assert "Ya, masalahnya sudah selesai" not in client.get(url).content.decode()


def test_a_merged_complaint_points_to_the_surviving_one(client, world, units):
    rt_head = units[2]
    survivor = filed_complaint(world, region=units[1]).complaint
    merged = filed_complaint(world, region=units[1]).complaint
    perform(merged, Action.MERGE, actor=rt_head, into=survivor, note="Laporan yang sama.")
    page = client.get(reverse("complaints_public:track", args=[merged.code])).content.decode()
    assert "digabung" in page
    assert reverse("complaints_public:track", args=[survivor.code]) in page


# A village's list and map --------------------------------------------------------------------


def test_the_village_list_hides_confidential_complaints_and_shows_response_times(
    client, world, units
):
    rt_head = units[2]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        shown = filed_complaint(world, region=units[1], latitude=-7.5, longitude=112.4).complaint
        hidden = filed_complaint(
            world,
            region=units[1],
            confidential=True,
            title="Rahasia pungli",
            latitude=-7.501,
            longitude=112.401,
        ).complaint
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, tzinfo=datetime.UTC), tick=False):
        perform(shown, Action.ACCEPT, actor=rt_head)
    url = reverse("complaints_public:village", args=[world.regions.desa_a.code])
    page = client.get(url).content.decode()
    assert shown.title in page
    assert "Rahasia pungli" not in page
    assert hidden.code not in page
    assert "2 hari" in page
    assert "<svg" in page
    assert reverse("complaints_public:track", args=[shown.code]) in page


def test_a_region_that_is_not_a_village_has_no_list(client, world):
    url = reverse("complaints_public:village", args=[world.regions.kecamatan.code])
    assert client.get(url).status_code == 404
