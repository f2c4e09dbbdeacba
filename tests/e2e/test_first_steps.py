"""A village officer signs in; a citizen reads the catalogue on a 360 px phone."""

from playwright.sync_api import expect

DEMO_OFFICER = "petugas.tawangrejo"
DEMO_PASSWORD = "balai-demo-2026"


def test_demo_village_officer_signs_in_and_reaches_the_workspace(live_server, page, demo_data):
    page.goto(f"{live_server.url}/kerja/")
    expect(page).to_have_url(f"{live_server.url}/kerja/masuk/?next=/kerja/")
    page.get_by_label("Nama pengguna").fill(DEMO_OFFICER)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/kerja/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Kantor Desa Tawangrejo").first).to_be_visible()


def test_catalogue_and_service_page_fit_a_360px_phone(live_server, phone_page, demo_data):
    page = phone_page
    page.goto(f"{live_server.url}/layanan/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Akta Kelahiran").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Akta Kelahiran")
    expect(page.get_by_text("Gratis").first).to_be_visible()
    expect(page.get_by_text("Persyaratan").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
