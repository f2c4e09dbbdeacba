"""Citizens read the catalogue and each service's public Standar Pelayanan."""

import pytest
from django.urls import reverse

from balai.catalog.constants import Category, Component
from balai.catalog.services import publish_version, set_steps, start_new_version
from balai.catalog.tests.factories import draft_service, published_service, step_fields
from balai.offices.constants import Agency, OfficeKind

pytestmark = pytest.mark.django_db

CATALOG = reverse("portal:catalog")


def service_url(code):
    return reverse("portal:service", args=[code])


def test_home_has_a_labelled_service_search_and_links(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert 'for="home-q"' in html
    assert f'action="{CATALOG}"' in html
    assert f'href="{reverse("portal:offices")}"' in html


def test_the_catalogue_lists_published_services_with_fee_badges(client):
    published_service("ktp", name="KTP elektronik", fee=0)
    published_service("imb", name="Izin usaha", fee=50000, fee_legal_basis="Perda 2/2022")
    draft_service("draf", name="Layanan rahasia")

    html = client.get(CATALOG).content.decode()

    assert '<span class="badge badge-free">Gratis</span>' in html
    assert '<span class="badge badge-fee">Rp 50.000</span>' in html
    assert "1 hari kerja" in html
    assert "Layanan rahasia" not in html


def test_the_catalogue_searches_by_name_and_filters_by_category(client):
    published_service("akta", name="Akta kelahiran", category=Category.POPULATION)
    published_service("sku", name="Surat keterangan usaha", category=Category.VILLAGE_LETTER)

    by_name = client.get(CATALOG, {"q": "AKTA"}).content.decode()
    by_category = client.get(CATALOG, {"category": "surat_desa"}).content.decode()

    assert "Akta kelahiran" in by_name and "Surat keterangan usaha" not in by_name
    assert "Surat keterangan usaha" in by_category and "Akta kelahiran" not in by_category
    assert '<option value="surat_desa" selected>' in by_category


def test_the_catalogue_shows_twenty_services_a_page_and_keeps_the_search(client):
    for n in range(21):
        published_service(f"sk-{n:02}", name=f"Surat {n:02}")

    first = client.get(CATALOG, {"q": "surat"}).content.decode()
    second = client.get(CATALOG, {"q": "surat", "page": 2}).content.decode()

    assert first.count('href="/layanan/sk-') == 20
    assert "?q=surat&amp;page=2" in first
    assert second.count('href="/layanan/sk-') == 1


def test_the_catalogue_query_count_does_not_grow_with_the_services(
    client, django_assert_num_queries
):
    published_service("sk-awal")
    with django_assert_num_queries(3) as few:
        client.get(CATALOG)
    for n in range(6):
        published_service(f"sk-{n}", steps=[(OfficeKind.VILLAGE, "", 1)] * 2)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(CATALOG).content.decode().count('href="/layanan/sk-') == 7


def test_the_service_page_shows_the_six_public_components_in_order(client):
    published_service(
        "akta-kelahiran",
        name="Akta kelahiran",
        steps=[
            (OfficeKind.VILLAGE, "", 1, "Pengantar desa"),
            (OfficeKind.KECAMATAN, "", 1, "Verifikasi kecamatan"),
            (OfficeKind.AGENCY, Agency.DISDUKCAPIL, 1, "Penerbitan akta"),
        ],
        requirements=[
            {"name": "Surat keterangan lahir", "original_required": True},
            {"name": "Buku nikah", "mandatory": False},
        ],
        output_product="Kutipan akta kelahiran",
        components={Component.COMPLAINTS: "Lapor melalui SP4N-LAPOR!"},
    )

    html = client.get(service_url("akta-kelahiran")).content.decode()

    headings = [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Jangka waktu pelayanan",
        "Biaya/tarif",
        "Produk pelayanan",
        "Penanganan pengaduan, saran dan masukan",
    ]
    positions = [html.index(f">{heading}</h3>") for heading in headings]
    assert positions == sorted(positions)
    assert "Bawa asli" in html
    assert "Bila ada" in html
    assert html.index("Pengantar desa") < html.index("Penerbitan akta")
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html
    assert "<strong>3 hari kerja</strong>" in html
    assert "Gratis" in html
    assert "Kutipan akta kelahiran" in html
    assert "Lapor melalui SP4N-LAPOR!" in html


def test_a_paid_service_shows_its_amount_and_legal_basis(client):
    published_service("izin", fee=150000, fee_legal_basis="Perda Retribusi 5/2024")

    html = client.get(service_url("izin")).content.decode()

    assert "Rp 150.000" in html
    assert "Perda Retribusi 5/2024" in html
    assert "badge-free" not in html


def test_internal_components_are_never_shown(client):
    published_service(
        "sk",
        components={
            Component.COMPLAINTS: "Loket pengaduan",
            Component.LEGAL_BASIS: "Perbup rahasia internal",
            Component.STAFFING: "Tiga pelaksana",
        },
    )

    html = client.get(service_url("sk")).content.decode()

    assert "Perbup rahasia internal" not in html
    assert "Tiga pelaksana" not in html
    assert "Dasar hukum</h3>" not in html


def test_the_service_page_shows_the_channels(client):
    published_service("sk", via_online=True, via_assisted=False)

    html = client.get(service_url("sk")).content.decode()

    assert "Daring oleh warga" in html
    assert "Dibantu petugas desa/kelurahan" not in html


def test_the_service_page_shows_the_current_version_not_the_draft(client):
    service = published_service("sk", steps=[(OfficeKind.VILLAGE, "", 1, "Langkah lama")])
    draft = start_new_version(service)
    set_steps(draft, [step_fields((OfficeKind.VILLAGE, "", 1, "Langkah baru"))])

    assert "Langkah lama" in client.get(service_url("sk")).content.decode()
    publish_version(draft)
    assert "Langkah baru" in client.get(service_url("sk")).content.decode()


def test_unknown_unpublished_or_inactive_services_are_404(client):
    draft_service("draf")
    inactive = published_service("lama")
    inactive.active = False
    inactive.save()

    for code in ["tidak-ada", "draf", "lama"]:
        assert client.get(service_url(code)).status_code == 404
