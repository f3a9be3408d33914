"""The fixed pages in English: their translated text, the legal pages' reference notice,
the contact page at its English address."""

import pytest
from django.apps import apps

from pages.initial_content import ENGLISH_PAGES, load_english_pages
from pages.models import Page, PageSlug
from tests.html import parse_html, text_of
from tests.languages import url_in

pytestmark = pytest.mark.django_db

LEGAL = ["pages:legal_notice", "pages:privacy", "pages:accessibility"]


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("pages:access_map", "Getting here"),
        ("pages:legal_notice", "Legal notice"),
        ("pages:accessibility", "Accessibility statement"),
        ("pages:privacy", "Personal data"),
    ],
)
def test_each_fixed_page_has_its_english_version(client, site_content, url_name, title):
    response = client.get(url_in("en", url_name))
    assert response.status_code == 200
    tree = parse_html(response)
    assert text_of(tree.find(".//h1")) == title
    assert tree.find(".//div[@class='rich-text']").get("lang") is None
    assert response.context["object"].slug in ENGLISH_PAGES


@pytest.mark.parametrize("url_name", LEGAL)
def test_english_legal_pages_say_the_french_version_is_the_reference(
    client, site_content, url_name
):
    tree = parse_html(client.get(url_in("en", url_name)))
    notice = tree.find(".//p[@class='reference-notice']")
    assert notice is not None
    link = notice.find("a")
    assert link.get("href") == url_in("fr", url_name)
    assert link.get("hreflang") == "fr"
    # At the top: right after the title.
    article = tree.find(".//article")
    assert [child.tag for child in article][:2] == ["h1", "p"]


def test_the_reference_notice_is_neither_on_french_pages_nor_on_the_access_map(
    client, site_content
):
    for path in (url_in("fr", "pages:legal_notice"), url_in("en", "pages:access_map")):
        tree = parse_html(client.get(path))
        assert tree.find(".//p[@class='reference-notice']") is None, path


def test_a_page_without_english_title_answers_404_in_english(client, site_content):
    Page.objects.filter(slug=PageSlug.PRIVACY).update(title_en="")
    assert client.get(url_in("en", "pages:privacy")).status_code == 404
    assert client.get(url_in("fr", "pages:privacy")).status_code == 200


def test_english_text_left_empty_shows_the_french_text_marked_as_french(client, site_content):
    Page.objects.filter(slug=PageSlug.LEGAL_NOTICE).update(body_en="")
    tree = parse_html(client.get(url_in("en", "pages:legal_notice")))
    body = tree.find(".//div[@class='rich-text']")
    assert body.get("lang") == "fr"
    assert "Propriété intellectuelle" in text_of(body)


def test_loading_the_translations_never_overwrites_an_english_text(site_content):
    Page.objects.filter(slug=PageSlug.LEGAL_NOTICE).update(title_en="Site notice", body_en="")
    load_english_pages(apps)
    page = Page.objects.get(slug=PageSlug.LEGAL_NOTICE)
    assert page.title_en == "Site notice"
    assert "Intellectual property" in page.body_en


def test_a_page_whose_french_text_changed_is_flagged_for_review_when_translated(site_content):
    Page.objects.update(needs_review=False)
    Page.objects.filter(slug=PageSlug.PRIVACY).update(body="<p>Nouveau texte.</p>", body_en="")
    Page.objects.filter(slug=PageSlug.LEGAL_NOTICE).update(body_en="")
    load_english_pages(apps)
    assert Page.objects.get(slug=PageSlug.PRIVACY).needs_review
    assert not Page.objects.get(slug=PageSlug.LEGAL_NOTICE).needs_review


def test_the_contact_page_answers_in_english_and_comes_back_to_it(client, site_content):
    response = client.get(url_in("en", "pages:contact"))
    assert response.status_code == 200
    form = parse_html(response).find(".//form[@method='post']")
    assert form.get("action") == url_in("en", "pages:contact")
