"""The office inbox: requests waiting at the office, nearest deadline first.

Scoped by `visible_to` and the office, filtered by status, service, channel, village and
lateness, counted per status in one query, paged by keyset, with a fixed number of queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.cases.constants import Action, Status
from balai.cases.deadlines import local_today
from balai.cases.models import ServiceRequest
from balai.cases.services import file_request, perform
from balai.cases.tests.factories import applicant, filed_request, kk_service
from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory

INBOX = "/kerja/permohonan/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def service(world):
    return kk_service()


def file_many(world, service, count, **extra):
    return [filed_request(world, service=service, **extra) for _ in range(count)]


def set_due(request, day):
    ServiceRequest.objects.filter(pk=request.pk).update(current_due=day)


def codes_in(response):
    return [case.code for case in response.context["page"]]


def test_the_inbox_lists_the_offices_requests_nearest_deadline_first(client, world, service):
    late, early = file_many(world, service, 2)
    set_due(late, datetime.date(2030, 5, 2))
    set_due(early, datetime.date(2030, 5, 1))
    forwarded = filed_request(world, service=service)
    perform(forwarded, Action.ACCEPT, actor=world.officer_a)
    perform(forwarded, Action.FORWARD, actor=world.officer_a)
    client.force_login(world.officer_a)
    response = client.get(INBOX)
    assert response.status_code == 200
    assert codes_in(response) == [early.code, late.code]
    assert "Kantor Desa Tawangrejo" in response.text


def test_the_outsider_sees_only_their_own_village_in_their_inbox(client, world, service):
    ours = filed_request(world, service=service)
    theirs = file_request(
        service=service,
        applicant=applicant(world, region=world.regions.desa_b),
        channel="assisted",
        actor=world.officer_b,
        origin_office=world.offices.desa_b,
    ).request
    client.force_login(world.officer_b)
    response = client.get(INBOX)
    assert codes_in(response) == [theirs.code]
    assert ours.code not in response.text
    assert "Kantor Desa Tawangrejo" not in response.text


def test_the_outsider_cannot_open_another_offices_inbox(client, world):
    client.force_login(world.officer_b)
    assert client.get(INBOX, {"kantor": world.offices.desa_a.pk}).status_code == 404


def test_an_officer_of_two_offices_chooses_the_inbox_with_the_office_selector(
    client, world, service
):
    MembershipFactory(user=world.officer_a, office=world.offices.kecamatan, role=Role.OPERATOR)
    at_village = filed_request(world, service=service)
    at_kecamatan = filed_request(world, service=service)
    perform(at_kecamatan, Action.ACCEPT, actor=world.officer_a)
    perform(at_kecamatan, Action.FORWARD, actor=world.officer_a)
    client.force_login(world.officer_a)
    response = client.get(INBOX, {"kantor": world.offices.kecamatan.pk})
    assert codes_in(response) == [at_kecamatan.code]
    assert 'name="kantor"' in response.text
    default = client.get(INBOX)
    # Offices are ordered by name: "Kantor Desa …" before "Kantor Kecamatan …".
    assert codes_in(default) == [at_village.code]


def test_rows_show_the_masked_nik_and_never_the_full_one(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.officer_a)
    page = client.get(INBOX).text
    assert request.masked_nik in page
    assert request.applicant_nik not in page
    assert reverse("cases:detail", args=[request.code]) in page
    assert f"{request.code[:4]}-{request.code[4:8]}-{request.code[8:]}" in page


def test_the_status_filter_keeps_only_that_status(client, world, service):
    submitted, accepted = file_many(world, service, 2)
    perform(accepted, Action.ACCEPT, actor=world.officer_a)
    client.force_login(world.officer_a)
    assert codes_in(client.get(INBOX, {"status": Status.IN_PROCESS})) == [accepted.code]
    assert codes_in(client.get(INBOX, {"status": Status.SUBMITTED})) == [submitted.code]


def test_the_overdue_filter_keeps_late_requests_but_not_returned_ones(client, world, service):
    late, on_time, returned = file_many(world, service, 3)
    today = local_today(world.offices.desa_a)
    set_due(late, today - datetime.timedelta(days=1))
    set_due(on_time, today + datetime.timedelta(days=3))
    perform(returned, Action.RETURN, actor=world.officer_a, note="Kurang KK lama")
    set_due(returned, today - datetime.timedelta(days=2))
    client.force_login(world.officer_a)
    response = client.get(INBOX, {"terlambat": "on"})
    assert codes_in(response) == [late.code]
    assert "terlambat" in response.text
    assert response.context["counts"]["overdue"] == 1


def test_a_request_due_today_is_marked_nearly_due(client, world, service):
    request = filed_request(world, service=service)
    set_due(request, local_today(world.offices.desa_a))
    client.force_login(world.officer_a)
    assert "hampir jatuh tempo" in client.get(INBOX).text


def test_the_service_channel_and_village_filters(client, world, service):
    other_service = kk_service(code="kk-lain")
    kk = filed_request(world, service=service)
    other = filed_request(world, service=other_service)
    client.force_login(world.officer_a)
    assert codes_in(client.get(INBOX, {"layanan": "kk-lain"})) == [other.code]
    assert set(codes_in(client.get(INBOX, {"kanal": "assisted"}))) == {kk.code, other.code}
    assert codes_in(client.get(INBOX, {"kanal": "online"})) == []
    in_village = client.get(INBOX, {"desa": world.regions.desa_a.code})
    assert set(codes_in(in_village)) == {kk.code, other.code}


def test_an_invalid_filter_is_ignored_rather_than_failing(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.officer_a)
    response = client.get(INBOX, {"status": "closed", "desa": "99.99"})
    assert response.status_code == 200
    assert codes_in(response) == [request.code]


def test_counts_per_status_come_from_one_query(client, world, service):
    _submitted, _also_submitted, accepted, returned = file_many(world, service, 4)
    perform(accepted, Action.ACCEPT, actor=world.officer_a)
    perform(returned, Action.RETURN, actor=world.officer_a, note="Foto buram")
    client.force_login(world.officer_a)
    counts = client.get(INBOX).context["counts"]
    numbers = {status: number for status, _label, number in counts["statuses"]}
    assert numbers[Status.SUBMITTED] == 2
    assert numbers[Status.IN_PROCESS] == 1
    assert numbers[Status.RETURNED] == 1
    assert numbers[Status.COMPLETED] == 0
    assert counts["total"] == 4


def test_the_next_page_continues_after_the_last_deadline_and_id(client, world, service):
    requests = file_many(world, service, 27)
    base = datetime.date(2030, 1, 1)
    for number, request in enumerate(requests):
        # Several requests share a deadline, so the id decides between them.
        set_due(request, base + datetime.timedelta(days=number // 4))
    expected = [
        r.code
        for r in ServiceRequest.objects.filter(pk__in=[r.pk for r in requests]).order_by(
            "current_due", "id"
        )
    ]
    client.force_login(world.officer_a)
    first = client.get(INBOX)
    assert codes_in(first) == expected[:25]
    next_query = first.context["next_query"]
    assert "setelah_tanggal=2030-01-07" in next_query
    assert "Berikutnya" in first.text
    second = client.get(f"{INBOX}?{next_query}")
    assert codes_in(second) == expected[25:]
    assert second.context["next_query"] is None


def test_the_inbox_runs_the_same_number_of_queries_for_1_or_30_requests(
    client, world, service, django_assert_num_queries
):
    filed_request(world, service=service)
    client.force_login(world.officer_a)
    with CaptureQueriesContext(connection) as one_request:
        client.get(INBOX)
    assert len(one_request) <= 12
    file_many(world, service, 29)
    with django_assert_num_queries(len(one_request)):
        response = client.get(INBOX)
    assert len(response.context["page"]) == 25


def test_a_tracking_code_typed_with_dashes_opens_the_request(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.officer_a)
    typed = f"{request.code[:4].lower()}-{request.code[4:8]}-{request.code[8:]}"
    response = client.get(INBOX, {"kode": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[request.code])


def test_the_kabupaten_admin_has_no_inbox_but_can_open_a_request_by_code(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.admin)
    page = client.get(INBOX)
    assert "belum ditempatkan sebagai petugas" in page.text
    assert 'name="kode"' in page.text
    opened = client.get(INBOX, {"kode": request.code}, follow=True)
    assert opened.status_code == 200
    assert request.masked_nik in opened.text


def test_the_outsider_opening_a_desa_a_code_gets_404(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.officer_b)
    assert client.get(INBOX, {"kode": request.code}, follow=True).status_code == 404


def test_the_village_filter_offers_the_villages_of_the_offices_area(client, world, service):
    client.force_login(world.disdukcapil_officer)
    kabupaten = client.get(INBOX).text
    assert '<option value="35.16.01.2001">Desa Tawangrejo</option>' in kabupaten
    assert '<option value="35.16.01.2002">Desa Rejosari</option>' in kabupaten
    assert '<option value="35.16.08.1004">Kelurahan Kauman</option>' in kabupaten
    client.force_login(world.officer_a)
    village = client.get(INBOX, {"desa": world.regions.desa_a.code}).text
    assert '<option value="35.16.01.2001" selected>Desa Tawangrejo</option>' in village
    assert "Desa Rejosari" not in village


def test_a_village_outside_the_offices_area_is_ignored_as_a_filter(client, world, service):
    request = filed_request(world, service=service)
    client.force_login(world.officer_a)
    response = client.get(INBOX, {"desa": world.regions.desa_b.code})
    assert codes_in(response) == [request.code]


def test_the_service_filter_offers_published_services_by_code(client, world, service):
    kk_service(code="kk-lain", name="Kartu Keluarga <lain>")
    client.force_login(world.officer_a)
    page = client.get(INBOX, {"layanan": "kk-lain"}).text
    assert '<option value="kk-lain" selected>Kartu Keluarga &lt;lain&gt;</option>' in page
    assert '<option value="">Semua layanan</option>' in page


def test_rows_show_the_village_and_status_by_name(client, world, service):
    filed_request(world, service=service)
    client.force_login(world.officer_a)
    page = client.get(INBOX).text
    assert "<td>Desa Tawangrejo</td>" in page
    assert "<td>Diajukan</td>" in page


def test_filtering_costs_no_query_beyond_the_unfiltered_page(client, world, service):
    filed_request(world, service=service)
    client.force_login(world.officer_a)
    with CaptureQueriesContext(connection) as unfiltered:
        client.get(INBOX)
    chosen = {"layanan": service.code, "desa": world.regions.desa_a.code, "status": "submitted"}
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(INBOX, chosen)
    assert len(codes_in(response)) == 1
    assert len(filtered) == len(unfiltered)
