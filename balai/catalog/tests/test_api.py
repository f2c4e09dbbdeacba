"""The public catalogue API: published services only, filters, pages, no N+1."""

import pytest

from balai.catalog.constants import Category, Component, VersionStatus
from balai.catalog.models import Service, ServiceVersion
from balai.catalog.services import start_new_version
from balai.offices.constants import Agency, OfficeKind

from .factories import draft_service, published_service

pytestmark = pytest.mark.django_db

URL = "/api/v1/services"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_the_list_shows_published_active_services_only(client):
    published_service("akta-kelahiran", name="Akta kelahiran")
    draft_service("masih-draf")
    hidden = published_service("nonaktif")
    hidden.active = False
    hidden.save()

    assert codes(client.get(URL)) == ["akta-kelahiran"]


def test_a_list_item_has_the_summary_of_the_current_version(client):
    published_service(
        "sku",
        name="Surat keterangan usaha",
        category=Category.VILLAGE_LETTER,
        steps=[(OfficeKind.VILLAGE, "", 1), (OfficeKind.KECAMATAN, "", 2)],
        fee=50000,
        via_online=True,
    )

    response = client.get(URL)

    assert response.json() == {
        "count": 1,
        "items": [
            {
                "code": "sku",
                "name": "Surat keterangan usaha",
                "category": "surat_desa",
                "category_label": "Surat keterangan desa/kelurahan",
                "fee_amount": 50000,
                "is_free": False,
                "time_limit_days": 3,
                "channels": ["counter", "assisted", "online"],
                "version": 1,
            }
        ],
    }


def test_q_matches_name_or_code_ignoring_case(client):
    published_service("akta-kelahiran", name="Akta Kelahiran")
    published_service("kk-baru", name="Kartu Keluarga")

    assert codes(client.get(URL, {"q": "KELAHIRAN"})) == ["akta-kelahiran"]
    assert codes(client.get(URL, {"q": "kk-"})) == ["kk-baru"]


def test_category_and_channel_filter_the_list(client):
    published_service("ktp", category=Category.POPULATION, via_online=True)
    published_service("izin", category=Category.PERMIT)

    assert codes(client.get(URL, {"category": "adminduk"})) == ["ktp"]
    assert codes(client.get(URL, {"channel": "online"})) == ["ktp"]
    assert sorted(codes(client.get(URL, {"channel": "counter"}))) == ["izin", "ktp"]


def test_an_unknown_category_is_a_validation_error(client):
    assert client.get(URL, {"category": "rahasia"}).status_code == 422


def test_the_list_is_paginated_with_at_most_a_hundred_items(client):
    for n in range(3):
        published_service(f"layanan-{n}", name=f"Layanan {n}")

    page = client.get(URL, {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3
    assert [item["code"] for item in page["items"]] == ["layanan-1", "layanan-2"]


def test_a_page_never_holds_more_than_a_hundred_services(client):
    many_published_services(101)

    page = client.get(URL, {"limit": 500}).json()

    assert page["count"] == 101
    assert len(page["items"]) == 100


def many_published_services(n: int) -> None:
    """Published services in a few queries, for tests about size rather than content."""
    services = Service.objects.bulk_create(
        Service(code=f"massal-{i:03}", name=f"Layanan massal {i:03}", category=Category.OTHER)
        for i in range(n)
    )
    versions = ServiceVersion.objects.bulk_create(
        ServiceVersion(
            service=service, number=1, status=VersionStatus.PUBLISHED, output_product="Surat"
        )
        for service in services
    )
    for service, version in zip(services, versions, strict=True):
        service.current_version = version
    Service.objects.bulk_update(services, ["current_version"])


def test_the_list_query_count_does_not_grow_with_the_services(client, django_assert_num_queries):
    published_service("satu")
    with django_assert_num_queries(3) as few:
        client.get(URL)
    for n in range(5):
        published_service(f"lagi-{n}", steps=[(OfficeKind.VILLAGE, "", 1)] * 2)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(codes(client.get(URL))) == 6


def test_the_detail_shows_the_current_version_in_full(client):
    published_service(
        "akta-kelahiran",
        name="Akta kelahiran",
        description="Pencatatan kelahiran.",
        steps=[
            (OfficeKind.VILLAGE, "", 1, "Pengantar desa"),
            (OfficeKind.AGENCY, Agency.DISDUKCAPIL, 1, "Penerbitan akta"),
        ],
        requirements=[{"name": "Surat keterangan lahir", "original_required": True}],
        output_product="Kutipan akta kelahiran",
    )

    body = client.get(f"{URL}/akta-kelahiran").json()

    assert body["description"] == "Pencatatan kelahiran."
    assert body["version"] == 1
    assert body["published_at"]
    assert (body["fee_amount"], body["fee_legal_basis"], body["is_free"]) == (0, "", True)
    assert body["output_product"] == "Kutipan akta kelahiran"
    assert body["time_limit_days"] == 2
    assert body["requirements"] == [
        {
            "name": "Surat keterangan lahir",
            "explanation": "",
            "mandatory": True,
            "original_required": True,
            "upload_allowed": True,
            "file_types": ["pdf", "jpeg", "png"],
        }
    ]
    assert body["steps"][1] == {
        "position": 2,
        "name": "Penerbitan akta",
        "description": "",
        "office_kind": "agency",
        "office_kind_label": "Dinas/instansi",
        "agency": "disdukcapil",
        "time_limit_days": 1,
    }


def test_the_detail_lists_the_six_public_components_and_never_internal_ones(client):
    published_service("sk", components={Component.COMPLAINTS: "Loket", Component.LEGAL_BASIS: "X"})

    components = client.get(f"{URL}/sk").json()["components"]

    assert [c["key"] for c in components] == [
        "persyaratan",
        "prosedur",
        "jangka_waktu",
        "biaya",
        "produk",
        "pengaduan",
    ]
    assert components[5] == {
        "key": "pengaduan",
        "label": "Penanganan pengaduan, saran dan masukan",
        "content": "Loket",
    }
    assert "X" not in [c["content"] for c in components]


def test_the_detail_keeps_showing_the_published_version_while_a_draft_is_prepared(client):
    service = published_service("sk", description="Lama")
    draft = start_new_version(service)
    type(draft).objects.filter(pk=draft.pk).update(description="Baru")

    assert client.get(f"{URL}/sk").json()["description"] == "Lama"


def test_an_unknown_or_unpublished_service_is_404_in_indonesian(client):
    draft_service("draf")

    for code in ["tidak-ada", "draf"]:
        response = client.get(f"{URL}/{code}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Layanan dengan kode itu tidak ditemukan."}


def test_the_routes_are_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/services", "/api/v1/services/{code}"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/services"]["get"]["parameters"]}
    assert {"q", "category", "channel", "limit", "offset"} <= parameters
