"""The demo KK request in the browser: filed at the village, through the kecamatan and
the Disdukcapil, returned once, completed and handed over; the citizen tracks it."""

import re

from playwright.sync_api import expect

from tests.e2e.test_first_steps import DEMO_PASSWORD

PDF = {"name": "kk-baru.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def sign_in(page, base, username):
    page.goto(f"{base}/kerja/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{base}/kerja/")


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()


def act(page, action, note=None):
    form = page.get_by_role("form", name=action)
    if note is not None:
        form.get_by_role("textbox").fill(note)
    form.get_by_role("button", name=action).click()
    expect(page.locator(".msg-success")).to_be_visible()


def test_demo_kk_request_goes_through_every_office(live_server, browser, demo_data):
    base = live_server.url
    page = browser.new_context(locale="id-ID").new_page()
    page.set_default_timeout(10_000)

    sign_in(page, base, "petugas.tawangrejo")
    page.goto(f"{base}/kerja/permohonan/baru/kk-perubahan/")
    page.get_by_label("Nama pemohon (sesuai KTP/KK)").fill("Sri Wahyuni")
    page.get_by_label("NIK pemohon").fill("3516015708900002")
    page.get_by_label("Nomor ponsel (boleh kosong)").fill("081234567890")
    page.get_by_label("Alamat (jalan, nomor rumah)").fill("Jl. Raya Tawangrejo 12")
    page.get_by_label("Desa/kelurahan dan RT/RW").select_option(index=1)
    for checkbox in page.get_by_label("Sudah diperiksa").all():
        checkbox.check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page).to_have_url(re.compile(r"/tanda-terima/$"))
    code = page.locator("#kode").inner_text().strip()
    pin = page.locator("#pin").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]", code)
    assert re.fullmatch(r"\d{6}", pin)

    detail = f"{base}/kerja/permohonan/{code}/"
    page.goto(detail)
    act(page, "Terima berkas")
    act(page, "Teruskan ke tahap berikutnya")
    sign_out(page)

    sign_in(page, base, "operator.jatirejo")
    page.goto(detail)
    act(page, "Kembalikan untuk dilengkapi", note="Lampirkan surat pengantar RT yang terbaru.")
    sign_out(page)

    # The citizen sees what to fix on the public tracking page, without personal data.
    page.goto(f"{base}/lacak/{code}/")
    expect(page.get_by_text("Lampirkan surat pengantar RT yang terbaru.")).to_be_visible()
    expect(page.get_by_text("Sri Wahyuni")).to_have_count(0)

    sign_in(page, base, "petugas.tawangrejo")
    page.goto(detail)
    act(page, "Ajukan ulang")
    sign_out(page)

    sign_in(page, base, "operator.jatirejo")
    page.goto(detail)
    act(page, "Teruskan ke tahap berikutnya")
    sign_out(page)

    sign_in(page, base, "petugas.dukcapil")
    page.goto(detail)
    form = page.get_by_role("form", name="Selesaikan")
    form.get_by_label("Dokumen hasil (PDF/JPEG/PNG)").set_input_files(PDF)
    form.get_by_role("button", name="Selesaikan").click()
    expect(page.locator(".msg-success")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "petugas.tawangrejo")
    page.goto(detail)
    form = page.get_by_role("form", name="Serahkan")
    form.get_by_label("Diambil di kantor").check()
    form.get_by_role("button", name="Serahkan").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.get_by_text("Sudah diserahkan").first).to_be_visible()
    sign_out(page)

    page.goto(f"{base}/lacak/{code}/")
    expect(page.get_by_text("Sudah diserahkan").first).to_be_visible()
    page.close()
