"""The fiche, a part of the presentation and the international applicants page in a real
Chromium, in French and English: English text where translated, French text marked
`lang="fr"` where not, links that stay in the page's language, axe clean, no sideways
scrolling at 320 px."""

import pytest
from django.utils import translation

from programme.models import Course, Section
from tests.languages import url_in
from tests.programme.conftest import make_international_fiche, make_section, make_semester

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bilingual_fiche(site_content):
    programme = make_international_fiche()
    programme.objectives_en = "<p>To train managers for social action.</p>"
    programme.save()
    semester = make_semester("Semestre 1", units=[("UE 1", "Sociologie", 30, 20, 10)])
    semester.title_en = "Semester 1"
    semester.save()
    Course.objects.create(unit=semester.units.get(), title="Enquête", title_en="Fieldwork")
    make_section("Partie seulement en français", order=5)
    return programme


@pytest.mark.parametrize("width", [320, 1280])
def test_the_english_fiche_reads_in_english_and_marks_french_text(
    live_server, page, bilingual_fiche, assert_accessible, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + url_in("en", "programme:presentation"))
    assert (
        page.locator("#why-this-masters-degree-titre")
        .inner_text()
        .endswith("Why this master's degree?")
    )
    assert page.get_by_text("Partie seulement en français").count() == 0
    assert page.locator("#objectifs .rich-text").first.get_attribute("lang") is None
    # The internship has no English text: French, marked so for screen readers.
    assert page.locator("#organisation .rich-text").get_attribute("lang") == "fr"
    assert page.locator(".contact-card__hours").get_attribute("lang") == "fr"
    link = page.locator("#international a[href$='international-applicants/']")
    assert link.get_attribute("href") == url_in("en", "programme:international")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"programme-en-{width}.png", full_page=True)


def test_the_french_fiche_is_all_french(live_server, page, bilingual_fiche, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + url_in("fr", "programme:presentation"))
    assert page.locator("#pourquoi-ce-master-titre").inner_text().endswith("Pourquoi ce master ?")
    assert page.locator("#partie-seulement-en-francais-titre").is_visible()
    assert page.locator("#contenu [lang]:not(.rome-codes li)").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_an_english_part_opens_at_its_english_anchor(live_server, page, bilingual_fiche):
    section = Section.objects.get(slug="origines-de-la-formation")
    with translation.override("en"):
        url = section.get_absolute_url()
    assert url.endswith("#origins-of-the-programme")
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(live_server.url + url_in("en", "programme:presentation"))
    page.locator("nav.toc a[href='#origins-of-the-programme']").click()
    heading = page.locator("#origins-of-the-programme-titre")
    assert heading.is_visible()
    assert page.evaluate("window.scrollY") > 0
    body = page.locator("#origins-of-the-programme .rich-text").first
    assert body.get_attribute("lang") is None
    assert "European harmonisation" in body.inner_text()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_international_page_routes_each_situation(
    live_server, page, bilingual_fiche, assert_accessible, language, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + url_in(language, "programme:international"))
    for anchor in ("ue-eee-suisse", "etudes-en-france", "autres-pays", "deja-en-france"):
        page.locator(f"nav.toc a[href='#{anchor}']").click()
        assert page.locator(f"#{anchor}-titre").is_visible(), anchor
    certificates = page.locator("#niveau-de-francais dd").last
    if language == "en":
        assert certificates.inner_text() == "DELF B2, DALF C1 (French language diplomas)"
        assert page.locator(".contact-card__name span").inner_text() == "Student office"
        assert page.locator(".admission__label span").inner_text() == "Main round"
    else:
        assert certificates.inner_text() == "DELF B2, DALF C1"
        assert page.locator(".contact-card__name span").inner_text() == "Scolarité"
    assert certificates.get_attribute("lang") is None
    back = page.locator("#contenu > article > p:last-child a")
    assert back.get_attribute("href") == url_in(language, "programme:presentation")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"international-{language}-{width}.png", full_page=True)
