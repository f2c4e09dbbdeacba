"""Staff complaint pages: the worklist, intake for a citizen, the complaint page, visits.

Every page finds complaints through `visible_to`, so the officer of Desa B gets 404 on a
Desa A complaint; an anonymous reporter is shown only to the verifying office.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balai.complaints.constants import Action, IntakeChannel, Level, Status, VisitStatus
from balai.complaints.models import Category, Complaint
from balai.complaints.services import Reporter, perform, plan_visit, record_arrival
from balai.complaints.tests.factories import drain_category, filed_complaint, jpeg, local_units

REPORTER = Reporter(name="Qoriah Anonimwati", phone="081234567890", anonymous=True)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def units(world):
    return local_units(world)


@pytest.fixture
def village_complaint(world):
    """A Desa A complaint handled by the village office (no RT/RW route)."""
    category = drain_category(level=Level.VILLAGE)
    return filed_complaint(world, region=world.regions.desa_a, category=category, photos=[jpeg()])


def detail_url(complaint):
    return reverse("complaints:detail", args=[complaint.code])


# Worklist ----------------------------------------------------------------------------------


def test_the_worklist_shows_the_offices_own_complaints_and_not_the_outsiders(
    client, world, village_complaint
):
    complaint = village_complaint.complaint
    client.force_login(world.officer_a)
    assert complaint.code in client.get(reverse("complaints:list")).content.decode()
    client.force_login(world.officer_b)
    page = client.get(reverse("complaints:list"), {"cakupan": "semua"}).content.decode()
    assert complaint.code not in page


def test_the_kecamatan_sees_village_complaints_only_when_asking_for_all(
    client, world, village_complaint
):
    code = village_complaint.complaint.code
    client.force_login(world.kecamatan_operator)
    assert code not in client.get(reverse("complaints:list")).content.decode()
    assert code in client.get(reverse("complaints:list"), {"cakupan": "semua"}).content.decode()


def test_an_rt_head_sees_the_complaints_of_their_rt(client, world, units):
    complaint = filed_complaint(world, region=units[1]).complaint
    client.force_login(units[2])
    assert complaint.code in client.get(reverse("complaints:list")).content.decode()


def test_the_worklist_filters_and_pages_by_the_limit(client, world):
    category = drain_category(level=Level.VILLAGE)
    filed = [
        filed_complaint(world, region=world.regions.desa_a, category=category).complaint
        for _ in range(3)
    ]
    client.force_login(world.officer_a)
    perform(filed[0], Action.ACCEPT, actor=world.officer_a)
    page = client.get(reverse("complaints:list"), {"status": Status.ACCEPTED}).content.decode()
    assert filed[0].code in page and filed[1].code not in page
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("balai.complaints.views.PAGE_SIZE", 2)
        first = client.get(reverse("complaints:list"))
        assert 'rel="next"' in first.content.decode()
        shown = [c.code for c in filed if c.code in first.content.decode()]
        assert len(shown) == 2
        next_link = (
            first.content.decode().split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
        )
        second = client.get(reverse("complaints:list") + next_link.replace("&amp;", "&"))
        rest = [c.code for c in filed if c.code in second.content.decode()]
        assert len(rest) == 1 and rest[0] not in shown


def test_the_worklist_never_names_an_anonymous_reporter(client, world):
    category = drain_category(level=Level.VILLAGE)
    filed_complaint(world, region=world.regions.desa_a, category=category, reporter=REPORTER)
    client.force_login(world.officer_a)
    page = client.get(reverse("complaints:list")).content.decode()
    assert "Qoriah" not in page
    assert "Pelapor anonim" in page


def _queries_for_list(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("complaints:list")).status_code == 200
    return len(captured)


def test_the_worklist_takes_as_many_queries_for_one_row_as_for_twenty_five(
    client, world, django_assert_num_queries
):
    category = drain_category(level=Level.VILLAGE)
    filed_complaint(world, region=world.regions.desa_a, category=category)
    client.force_login(world.officer_a)
    client.get(reverse("complaints:list"))  # warm the session
    for_one = _queries_for_list(client)
    for _ in range(24):
        filed_complaint(world, region=world.regions.desa_a, category=category)
    with django_assert_num_queries(for_one):
        response = client.get(reverse("complaints:list"))
    assert response.content.decode().count('href="/kerja/pengaduan/') >= 25


def test_a_worklist_row_shows_its_labels_and_marks_a_late_limit(client, world, units):
    _rw, rt, rt_head, _rw_head = units
    complaint = filed_complaint(world, region=rt).complaint
    late = datetime.date(2026, 1, 5)
    Complaint.objects.filter(pk=complaint.pk).update(limit_due=late)
    client.force_login(rt_head)
    page = client.get(reverse("complaints:list")).content.decode()
    row = page.split(f'href="{detail_url(complaint)}"')[1].split("</tr>")[0]
    assert str(Status.RECEIVED.label) in row
    assert "Saluran air dan drainase · Ketua RT" in row
    assert "Tawangrejo" in row and "RT 002" in row
    assert "5 Jan 2026" in row and "terlambat" in row
    assert "Pelapor anonim" in row


def test_the_counts_per_status_read_open_complaints_only(client, world):
    category = drain_category(level=Level.VILLAGE)
    filed = [
        filed_complaint(world, region=world.regions.desa_a, category=category).complaint
        for _ in range(3)
    ]
    perform(filed[0], Action.ACCEPT, actor=world.officer_a)
    Complaint.objects.filter(pk=filed[1].pk).update(status=Status.CLOSED)
    client.force_login(world.officer_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("complaints:list"), {"status": "semua"})
    counts = {status: number for status, _label, number in response.context["counts"]}
    assert counts[Status.RECEIVED] == 1 and counts[Status.ACCEPTED] == 1
    assert Status.CLOSED not in counts
    (count_sql,) = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    # Restricted to open statuses, PostgreSQL reads the partial index of open complaints.
    assert re.search(r'"status" IN \(', count_sql), count_sql
    labels = [label for _status, label, _number in response.context["counts"]]
    assert str(Status.ACCEPTED.label) in labels


def test_the_worklist_filters_by_category_code(client, world):
    from balai.complaints.tests.factories import category as make_category

    drain = drain_category(level=Level.VILLAGE)
    road = make_category("jalan", "Jalan rusak", level=Level.VILLAGE)
    in_drain = filed_complaint(world, region=world.regions.desa_a, category=drain).complaint
    in_road = filed_complaint(world, region=world.regions.desa_a, category=road).complaint
    client.force_login(world.officer_a)
    page = client.get(reverse("complaints:list"), {"kategori": "jalan"}).content.decode()
    assert in_road.code in page and in_drain.code not in page
    assert '<option value="jalan" selected>Jalan rusak</option>' in page
    unknown = client.get(reverse("complaints:list"), {"kategori": "tidak-ada"})
    assert unknown.status_code == 200
    assert in_road.code in unknown.content.decode() and in_drain.code in unknown.content.decode()


# Intake ------------------------------------------------------------------------------------


def test_an_officer_records_a_phone_complaint_and_sees_the_pin_once(client, world, units):
    drain_category()
    client.force_login(world.officer_a)
    data = {
        "desa": world.regions.desa_a.code,
        "channel": IntakeChannel.PHONE,
        "category": "saluran",
        "title": "Jalan berlubang",
        "text": "Jalan depan balai desa berlubang besar dan membahayakan pengendara.",
        "unit": units[1].code,
        "name": "Pak Karto",
        "phone": "081211112222",
    }
    response = client.post(reverse("complaints:new"), data)
    assert response.status_code == 302, response.content.decode()
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.created_by) == (IntakeChannel.PHONE, world.officer_a)
    assert 'id="pin"' in client.get(response.url).content.decode()
    assert 'id="pin"' not in client.get(response.url).content.decode()


def test_a_hotline_complaint_needs_a_hotline_category(client, world):
    drain_category()
    Category.objects.create(code="hotline-bupati", name="Hotline Bupati", is_hotline=True)
    client.force_login(world.officer_a)
    page = client.get(
        reverse("complaints:new"), {"desa": world.regions.desa_a.code, "kanal": "hotline"}
    ).content.decode()
    assert "Hotline Bupati" in page and "Saluran air" not in page
    data = {
        "desa": world.regions.desa_a.code,
        "channel": IntakeChannel.HOTLINE,
        "category": "saluran",
        "title": "Pungutan liar",
        "text": "Ada pungutan liar di pasar desa setiap pagi oleh orang tak dikenal.",
        "anonymous": "on",
    }
    assert client.post(reverse("complaints:new"), data).status_code == 400
    assert not Complaint.objects.exists()
    response = client.post(reverse("complaints:new"), data | {"category": "hotline-bupati"})
    assert response.status_code == 302
    assert Complaint.objects.get().office == world.offices.bupati


# The complaint page ------------------------------------------------------------------------


def test_an_anonymous_reporter_is_shown_only_to_the_verifying_office(client, world, units):
    rt_head = units[2]
    complaint = filed_complaint(world, region=units[1], reporter=REPORTER).complaint
    perform(complaint, Action.ACCEPT, actor=rt_head)
    perform(complaint, Action.ASSIGN, actor=rt_head, assignee=rt_head)
    for outsider_of_identity in (rt_head, world.kecamatan_operator):
        client.force_login(outsider_of_identity)
        page = client.get(detail_url(complaint)).content.decode()
        assert "Pelapor anonim" in page
        assert "Qoriah" not in page and "0812" not in page
    client.force_login(world.officer_a)
    page = client.get(detail_url(complaint)).content.decode()
    assert "Qoriah Anonimwati" in page and "081234567890" in page


def test_a_named_reporters_phone_is_masked_outside_the_verifying_office(
    client, world, village_complaint
):
    complaint = village_complaint.complaint
    Complaint.objects.filter(pk=complaint.pk).update(anonymous=False, reporter_name="Siti")
    client.force_login(world.kecamatan_operator)
    page = client.get(detail_url(complaint)).content.decode()
    assert "Siti" in page and "081234567890" not in page


def test_the_handler_accepts_then_forwards_to_the_kecamatan(client, world, village_complaint):
    complaint = village_complaint.complaint
    client.force_login(world.officer_a)
    page = client.get(detail_url(complaint)).content.decode()
    assert str(Action.ACCEPT.label) in page and str(Action.FORWARD.label) in page
    act = reverse("complaints:act", args=[complaint.code])
    client.post(act, {"action": "accept", "expected_version": 0})
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    client.post(
        act,
        {
            "action": "forward",
            "expected_version": complaint.lock_version,
            "office": world.offices.kecamatan.pk,
            "note": "Kewenangan kecamatan.",
        },
    )
    complaint.refresh_from_db()
    assert (complaint.office, complaint.status) == (world.offices.kecamatan, Status.RECEIVED)


def test_an_action_on_a_stale_version_is_refused(client, world, village_complaint):
    complaint = village_complaint.complaint
    perform(complaint, Action.HOLD, actor=world.officer_a, note="Menunggu data.")
    client.force_login(world.officer_a)
    act = reverse("complaints:act", args=[complaint.code])
    response = client.post(act, {"action": "accept", "expected_version": 0}, follow=True)
    assert "baru saja diubah" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.ON_HOLD


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(
    client, world, village_complaint
):
    complaint = village_complaint.complaint
    client.force_login(world.officer_a)
    act = reverse("complaints:act", args=[complaint.code])
    response = client.post(
        act, {"action": "resolve", "expected_version": 0, "note": "Beres."}, follow=True
    )
    assert "tidak dapat dilakukan" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_a_duplicate_is_offered_and_merged_into_the_other(client, world, village_complaint):
    survivor = village_complaint.complaint
    category = survivor.category
    copy = filed_complaint(world, region=world.regions.desa_a, category=category).complaint
    client.force_login(world.officer_a)
    page = client.get(detail_url(copy)).content.decode()
    assert f"Gabungkan ke {survivor.code}" in page
    client.post(
        reverse("complaints:act", args=[copy.code]),
        {"action": "merge", "expected_version": 0, "into": survivor.code, "note": "Sama."},
    )
    copy.refresh_from_db()
    assert (copy.status, copy.merged_into) == (Status.MERGED, survivor)


def test_the_office_imposes_confidentiality(client, world, village_complaint):
    complaint = village_complaint.complaint
    assert not complaint.confidential
    client.force_login(world.officer_a)
    client.post(reverse("complaints:privacy", args=[complaint.code]), {"confidential": "on"})
    complaint.refresh_from_db()
    assert complaint.confidential


def test_a_photo_is_served_as_its_type_and_never_sniffed(client, world, village_complaint):
    complaint = village_complaint.complaint
    photo = complaint.photos.get()
    client.force_login(world.officer_a)
    response = client.get(reverse("complaints:photo", args=[complaint.code, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


# Field visits ------------------------------------------------------------------------------


def test_a_visit_is_planned_then_recorded_on_site_from_a_phone(client, world, village_complaint):
    complaint = village_complaint.complaint
    perform(complaint, Action.ACCEPT, actor=world.officer_a)
    client.force_login(world.officer_a)
    client.post(
        reverse("complaints:plan_visit", args=[complaint.code]),
        {"assignee": world.officer_a.pk, "due_date": timezone.localdate().isoformat()},
    )
    visit = complaint.visits.get()
    assert visit.pk and complaint.code in client.get(reverse("complaints:visits")).content.decode()
    url = reverse("complaints:visit", args=[visit.pk])
    assert "Saya sudah tiba" in client.get(url).content.decode()
    client.post(url, {"langkah": "tiba", "latitude": "", "longitude": ""})
    visit.refresh_from_db()
    assert visit.arrived_at is None
    client.post(url, {"langkah": "tiba", "latitude": "-7.5", "longitude": "112.4"})
    client.post(url, {"langkah": "hasil", "notes": "Sampah diangkat.", "photos": [jpeg()]})
    visit.refresh_from_db()
    assert visit.arrived_at is not None and visit.status == VisitStatus.DONE
    assert visit.photos.count() == 1


def test_a_visit_result_refuses_a_disguised_photo(client, world, village_complaint):
    complaint = village_complaint.complaint
    complaint = perform(complaint, Action.ACCEPT, actor=world.officer_a)
    visit = plan_visit(complaint, world.officer_a, world.officer_a, datetime.date(2026, 3, 9))
    record_arrival(visit, world.officer_a, -7.5, 112.4)
    client.force_login(world.officer_a)
    fake = SimpleUploadedFile("x.jpg", b"<svg></svg>", content_type="image/jpeg")
    url = reverse("complaints:visit", args=[visit.pk])
    client.post(url, {"langkah": "hasil", "notes": "Selesai.", "photos": [fake]})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


# The outsider ------------------------------------------------------------------------------


def _desa_a_visit(world, complaint):
    complaint = perform(complaint, Action.ACCEPT, actor=world.officer_a)
    return plan_visit(complaint, world.officer_a, world.officer_a, datetime.date(2026, 3, 9))


@pytest.mark.parametrize(
    "name, method",
    [
        ("complaints:detail", "get"),
        ("complaints:act", "post"),
        ("complaints:privacy", "post"),
        ("complaints:plan_visit", "post"),
        ("complaints:photo", "get"),
        ("complaints:visit", "get"),
        ("complaints:visit", "post"),
    ],
)
def test_the_outsider_gets_404_on_a_desa_a_complaint(
    client, world, village_complaint, name, method
):
    complaint = village_complaint.complaint
    if name == "complaints:photo":
        kwargs = {"code": complaint.code, "pk": complaint.photos.get().pk}
    elif name == "complaints:visit":
        kwargs = {"pk": _desa_a_visit(world, complaint).pk}
    else:
        kwargs = {"code": complaint.code}
    url = reverse(name, kwargs=kwargs)
    before = Complaint.objects.get(pk=complaint.pk).lock_version
    client.force_login(world.officer_b)
    attempt = {"action": "accept", "expected_version": before, "confidential": "on"}
    assert getattr(client, method)(url, attempt).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).lock_version == before
    client.force_login(world.officer_a)
    assert getattr(client, method)(url).status_code in (200, 302)
