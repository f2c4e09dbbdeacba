"""English is the second language: the switch turns the public pages into English.

Indonesian stays the default for everyone who has not switched, and the compiled
catalogue must carry a translation for every string the source catalogue lists.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from balai.catalog.constants import Category
from balai.catalog.tests.factories import published_service

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)")


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    # A request activates its language for the whole thread; later tests expect Indonesian.
    yield
    translation.deactivate()


@pytest.fixture
def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.fixture
def free_population_service(db):
    return published_service(
        "akta-lahir", name="Akta kelahiran", category=Category.POPULATION, fee=0
    )


def menu_of(html):
    return html.split('<nav class="menu"', 1)[1].split("</nav>", 1)[0]


def test_the_home_page_is_english_after_the_switch(english, db):
    html = english.get(reverse("portal:home")).content.decode()

    assert '<html lang="en">' in html
    menu = menu_of(html)
    assert "Services" in menu
    assert "Offices" in menu
    assert "Layanan" not in menu
    assert "<h1>Village public services</h1>" in html
    assert "Service catalogue" in html
    assert "Skip to content" in html


def test_the_catalogue_is_english_after_the_switch(english, free_population_service):
    html = english.get(reverse("portal:catalog")).content.decode()

    assert "<h1>Service catalogue</h1>" in html
    assert '<span class="badge badge-free">Free</span>' in html
    assert "Completed within 1 working day" in html
    assert "Civil registration" in html
    assert "1 service" in html
    assert "Gratis" not in html
    assert "hari kerja" not in html


def test_indonesian_stays_the_default_without_the_switch(client, free_population_service):
    home = client.get(reverse("portal:home")).content.decode()
    catalogue = client.get(reverse("portal:catalog")).content.decode()

    assert '<html lang="id">' in home
    assert "Layanan" in menu_of(home)
    assert "Services" not in menu_of(home)
    assert "<h1>Layanan publik desa dan kelurahan</h1>" in home
    assert '<span class="badge badge-free">Gratis</span>' in catalogue
    assert "1 hari kerja" in catalogue
    assert "Free" not in catalogue


def test_switching_back_to_indonesian_restores_the_indonesian_pages(english, db):
    english.post(reverse("set_language"), {"language": "id", "next": "/"})

    html = english.get(reverse("portal:home")).content.decode()

    assert "Layanan" in menu_of(html)
    assert "Services" not in html


def source_msgids():
    po = (LC_MESSAGES / "django.po").read_text(encoding="utf-8")
    one_line = re.findall(r'^msgid "(.+)"$', po, flags=re.MULTILINE)
    wrapped = re.findall(r'^msgid ""\n((?:".*"\n)+)', po, flags=re.MULTILINE)
    return one_line + wrapped


def compiled_catalogue():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def test_every_string_of_the_english_catalogue_is_compiled_with_a_translation():
    # msgfmt leaves out untranslated and fuzzy entries, and a stale .mo misses new ones.
    compiled = {key[0] if isinstance(key, tuple) else key for key in compiled_catalogue()}
    compiled.discard("")

    assert len(compiled) == len(source_msgids())
    assert all(compiled_catalogue()[key] for key in compiled_catalogue())


def test_translations_keep_the_placeholders_of_their_source():
    mismatched = []
    for key, english_text in compiled_catalogue().items():
        source = key[0] if isinstance(key, tuple) else key
        if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(english_text)):
            mismatched.append((source, english_text))

    assert mismatched == []
