"""Rule 1 of the house: the officer of another village sees nothing of Desa A.

Every named staff route (under /kerja/) and every API operation must be listed below,
either with the arguments that point at a Desa A object (the outsider must get 404 and
Desa A's own officer must get through), or as a route that shows no object of another
office (sign-in, own account, lists already scoped by `visible_to`). A new route that is
listed nowhere fails `test_every_route_is_classified`, so it cannot escape this test.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from balai.api.main import api
from balai.queues.tests import outsider as queue


def desa_a_token(world):
    from balai.accounts.services import issue_token

    token, _raw = issue_token(world.officer_a, name="integrasi")
    return {"pk": token.pk}


def desa_a_request(world):
    from balai.cases.services import Upload
    from balai.cases.tests.factories import filed_request, pdf

    return filed_request(world, uploads=[Upload(pdf())])


def desa_a_document(world):
    request = desa_a_request(world)
    return {"code": request.code, "pk": request.documents.get().pk}


def desa_a_complaint(world):
    from balai.complaints.constants import Level
    from balai.complaints.tests.factories import drain_category, filed_complaint, jpeg

    category = drain_category(level=Level.VILLAGE)
    return filed_complaint(
        world, region=world.regions.desa_a, category=category, photos=[jpeg()]
    ).complaint


def desa_a_complaint_photo(world):
    complaint = desa_a_complaint(world)
    return {"code": complaint.code, "pk": complaint.photos.get().pk}


def desa_a_visit(world):
    import datetime

    from balai.complaints.services import perform, plan_visit

    complaint = perform(desa_a_complaint(world), "accept", actor=world.officer_a)
    visit = plan_visit(complaint, world.officer_a, world.officer_a, datetime.date(2026, 3, 9))
    return {"pk": visit.pk}


def desa_a_assessment(world):
    from balai.performance.services import start_assessment

    return {"pk": start_assessment(world.kepala_desa_a, world.offices.desa_a, 2026).pk}


def desa_a_evidence(world):
    from balai.cases.tests.factories import pdf
    from balai.performance.models import Assessment, Indicator
    from balai.performance.services import add_evidence, score_indicator

    assessment = Assessment.objects.get(**desa_a_assessment(world))
    scored = score_indicator(world.kepala_desa_a, assessment, Indicator.objects.first(), 5)
    return {"pk": add_evidence(world.kepala_desa_a, scored, description="SK", upload=pdf()).pk}


def desa_a_daily_report(world):
    from balai.stats.services import generate_daily_report

    return {"pk": generate_daily_report(world.offices.desa_a, datetime.date(2026, 3, 9)).pk}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


# route name -> (method, function(world) giving the URL kwargs of a Desa A object)
STAFF_OBJECT_ROUTES = {
    "cases:detail": ("get", lambda w: {"code": desa_a_request(w).code}),
    "cases:receipt": ("get", lambda w: {"code": desa_a_request(w).code}),
    "cases:act": ("post", lambda w: {"code": desa_a_request(w).code}),
    "cases:document": ("get", desa_a_document),
    "complaints:detail": ("get", lambda w: {"code": desa_a_complaint(w).code}),
    "complaints:act": ("post", lambda w: {"code": desa_a_complaint(w).code}),
    "complaints:privacy": ("post", lambda w: {"code": desa_a_complaint(w).code}),
    "complaints:plan_visit": ("post", lambda w: {"code": desa_a_complaint(w).code}),
    "complaints:photo": ("get", desa_a_complaint_photo),
    "complaints:visit": ("get", desa_a_visit),
    "performance:pekppp_detail": ("get", desa_a_assessment),
    "performance:pekppp_evidence": ("post", desa_a_assessment),
    "performance:pekppp_submit": ("post", desa_a_assessment),
    "performance:pekppp_evidence_file": ("get", desa_a_evidence),
    "kinerja:office": ("get", lambda w: {"office_id": w.offices.desa_a.pk}),
    "kinerja:office_csv": ("get", lambda w: {"office_id": w.offices.desa_a.pk}),
    "kinerja:office_xlsx": ("get", lambda w: {"office_id": w.offices.desa_a.pk}),
    "surveys:report_pdf": ("get", lambda w: {"office_id": w.offices.desa_a.pk, "year": 2026}),
    "surveys:report_xlsx": ("get", lambda w: {"office_id": w.offices.desa_a.pk, "year": 2026}),
    "queues:office": ("get", queue.office_kwargs),
    "queues:statistics": ("get", queue.office_kwargs),
    "queues:issue": ("post", queue.office_kwargs),
    "queues:check_in": ("post", queue.office_kwargs),
    "queues:desk": ("get", queue.desk_kwargs),
    "queues:call_next": ("post", queue.desk_kwargs),
    "queues:act": ("post", queue.ticket_action_kwargs),
    "queues:transfer": ("post", queue.ticket_kwargs),
    "offices:detail": ("get", lambda w: {"pk": w.offices.desa_a.pk}),
    "offices:edit": ("get", lambda w: {"pk": w.offices.desa_a.pk}),
    "regions:village": ("get", lambda w: {"code": w.regions.desa_a.code}),
    "workspace:token_revoke": ("post", desa_a_token),
    "stats:daily_report_pdf": ("get", desa_a_daily_report),
    "stats:daily_report_generate": ("post", lambda w: {"office_id": w.offices.desa_a.pk}),
}

# scoped lists -> a text of Desa A that must not appear for the outsider
STAFF_LISTS = {
    "cases:inbox": "Kantor Desa Tawangrejo",
    "queues:home": "Kantor Desa Tawangrejo",
    "complaints:list": "Kantor Desa Tawangrejo",
    "offices:list": "Kantor Desa Tawangrejo",
    "regions:villages": "Tawangrejo",
    "kinerja:dashboard": "Kantor Desa Tawangrejo",
    "kinerja:dashboard_csv": "Kantor Desa Tawangrejo",
    "surveys:index": "Kantor Desa Tawangrejo",
    "stats:daily_reports": "Kantor Desa Tawangrejo",
}

# staff routes that show only the signed-in user's own things
STAFF_OWN_ROUTES = {
    "cases:new",
    "cases:new_form",
    "complaints:new",
    "complaints:visits",  # only the signed-in user's own planned visits
    # Assessments of offices in Office.visible_to; its scoping is tested in the app.
    "performance:pekppp_list",
    "performance:pekppp_start",  # the office must be visible, then the role is checked
    # The rows of kinerja:dashboard_csv as a workbook; its scoping is tested in the app.
    "kinerja:dashboard_xlsx",
    "workspace:home",
    "workspace:login",
    "workspace:login_code",
    "workspace:logout",
    "workspace:account",
    "workspace:tokens",
    "workspace:totp_setup",
    "workspace:totp_disable",
}


# (method, path) of API operations -> function(world) giving path params of a Desa A object
def desa_a_request_document(world):
    request = desa_a_request(world)
    return {"code": request.code, "document_id": request.documents.get().pk}


STAFF_API_OBJECT_ROUTES = {
    ("GET", "/api/v1/requests/{code}"): lambda w: {"code": desa_a_request(w).code},
    ("POST", "/api/v1/requests/{code}/actions"): lambda w: {"code": desa_a_request(w).code},
    ("GET", "/api/v1/requests/{code}/documents/{document_id}"): desa_a_request_document,
    ("POST", "/api/v1/desks/{desk_id}/call-next"): queue.desk_kwargs,
    ("POST", "/api/v1/desks/{desk_id}/tickets/{ticket_id}/transfer"): queue.ticket_kwargs,
    ("POST", "/api/v1/desks/{desk_id}/tickets/{ticket_id}/{action}"): queue.ticket_action_kwargs,
    ("POST", "/api/v1/offices/{office_id}/check-ins"): queue.office_kwargs,
    ("GET", "/api/v1/offices/{office_id}/queue-stats"): queue.office_kwargs,
    ("GET", "/api/v1/complaints/{code}"): lambda w: {"code": desa_a_complaint(w).code},
    ("POST", "/api/v1/complaints/{code}/actions"): lambda w: {"code": desa_a_complaint(w).code},
}

# public API operations: reference and directory data, no personal data
PUBLIC_API_ROUTES = {
    ("GET", "/api/v1/offices"),
    ("GET", "/api/v1/offices/{office_id}"),
    ("GET", "/api/v1/regions"),
    ("GET", "/api/v1/regions/{code}"),
    ("GET", "/api/v1/services"),
    ("GET", "/api/v1/services/{code}"),
    ("POST", "/api/v1/auth/token"),
    # Tracking answers status only; personal data needs the applicant's PIN.
    ("GET", "/api/v1/track/{code}"),
    ("GET", "/api/v1/track/{code}/documents/{document_id}"),
    # The queue's public side: board data, kiosk tickets and bookings by random code.
    ("GET", "/api/v1/offices/{office_id}/queue"),
    ("POST", "/api/v1/offices/{office_id}/tickets"),
    ("GET", "/api/v1/tickets/{code}"),
    ("GET", "/api/v1/offices/{office_id}/slots"),
    ("POST", "/api/v1/offices/{office_id}/bookings"),
    ("GET", "/api/v1/bookings/{code}"),
    ("POST", "/api/v1/bookings/{code}/cancel"),
    # Anyone may report a problem; with a staff token the officer enters it for a citizen.
    ("POST", "/api/v1/complaints"),
}

# staff API operations that answer only about the caller
OWN_API_ROUTES = {
    ("GET", "/api/v1/auth/me"),
    ("GET", "/api/v1/requests"),  # the inbox of the caller's own offices
    ("POST", "/api/v1/requests"),  # files only at an office where the caller works
    ("GET", "/api/v1/complaints"),  # scoped by visible_to
    ("GET", "/api/v1/complaints/duplicates"),  # scoped by visible_to
}


def staff_route_names():
    names = set()

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                full_path = prefix + str(entry.pattern)
                if full_path.startswith("kerja/"):
                    names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "", None)
    return names


def api_operations():
    operations = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    clean = re.sub(r"{\w+:(\w+)}", r"{\1}", path)
                    operations.add((method, f"/api/v1{prefix.rstrip('/')}{clean}"))
    return operations


def test_every_staff_route_is_classified():
    classified = set(STAFF_OBJECT_ROUTES) | set(STAFF_LISTS) | STAFF_OWN_ROUTES
    assert staff_route_names() - classified == set(), "classify the new routes above"
    assert classified - staff_route_names() == set(), "remove routes that no longer exist"


def test_every_api_operation_is_classified():
    classified = set(STAFF_API_OBJECT_ROUTES) | PUBLIC_API_ROUTES | OWN_API_ROUTES
    assert api_operations() - classified == set(), "classify the new API operations above"
    assert classified - api_operations() == set(), "remove operations that no longer exist"


@pytest.mark.parametrize("name", sorted(STAFF_OBJECT_ROUTES))
def test_the_outsider_gets_404_on_desa_a_objects(client, world, name):
    method, kwargs_of = STAFF_OBJECT_ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    client.force_login(world.officer_b)
    assert getattr(client, method)(url).status_code == 404


@pytest.mark.parametrize("name", sorted(STAFF_OBJECT_ROUTES))
def test_desa_a_staff_reach_the_same_objects(client, world, name):
    method, kwargs_of = STAFF_OBJECT_ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    # The head may do everything the front office may, so the route is reachable at all.
    leads_only = {"offices:edit", "performance:pekppp_submit", "stats:daily_report_generate"}
    user = world.kepala_desa_a if name in leads_only else world.officer_a
    client.force_login(user)
    assert getattr(client, method)(url).status_code in (200, 302)


@pytest.mark.parametrize("name", sorted(STAFF_LISTS))
def test_scoped_lists_show_the_outsider_nothing_of_desa_a(client, world, name):
    client.force_login(world.officer_b)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert STAFF_LISTS[name] not in response.content.decode()
    client.force_login(world.officer_a)
    assert STAFF_LISTS[name] in client.get(reverse(name)).content.decode()


@pytest.mark.parametrize("operation", sorted(STAFF_API_OBJECT_ROUTES))
def test_the_outsider_gets_404_from_staff_api_objects(client, world, operation):
    from balai.accounts.services import issue_token

    method, path = operation
    _token, raw = issue_token(world.officer_b, name="luar")
    url = path.format(**STAFF_API_OBJECT_ROUTES[operation](world))
    response = client.generic(method, url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 404
