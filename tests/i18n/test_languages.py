"""The language of a page comes from its address only: French at the addresses of
always, English under /en/; the admin is French; nothing in the request (cookie, browser
language) changes the page, so nothing varies on it. The shell says which languages the
page exists in (html lang, hreflang, og:locale) and links to the other one."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from core.page_languages import page_languages
from core.translation import Translatable
from tests.html import parse_html, text_of

pytestmark = pytest.mark.django_db

PAIRS = [
    ("/", "/en/"),
    ("/formation/", "/en/programme/"),
    ("/actualites/", "/en/news/"),
    ("/anciens-etudiants/", "/en/alumni/"),
    ("/documents/", "/en/documents/"),
    ("/recherche/", "/en/search/"),
    ("/plan-du-site/", "/en/site-map/"),
    ("/contact/", "/en/contact/"),
    ("/mentions-legales/", "/en/legal-notice/"),
    ("/plans-acces/", "/en/access-maps/"),
    ("/accessibilite/", "/en/accessibility/"),
    ("/donnees-personnelles/", "/en/personal-data/"),
    ("/anciens-etudiants/mise-a-jour/", "/en/alumni/update/"),
]


def head_links(tree):
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


def meta(tree, name):
    return [m.get("content") for m in tree.iter("meta") if m.get("property") == name]


def switcher_links(tree):
    switcher = tree.find(".//ul[@class='language-switcher']")
    return [
        (a.get("href"), a.get("lang"), a.get("hreflang"), text_of(a)) for a in switcher.iter("a")
    ]


@pytest.mark.parametrize(("french", "english"), PAIRS)
def test_each_public_page_has_its_two_languages_linked_both_ways(
    client, site_content, french, english
):
    server = "http://testserver"
    for url, language, other, other_language, other_name in (
        (french, "fr", english, "en", "English"),
        (english, "en", french, "fr", "Français"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == language
        tree = parse_html(response)
        assert tree.find(".//html").get("lang") == language
        assert head_links(tree) == {
            "fr": server + french,
            "en": server + english,
            "x-default": server + french,
        }
        canonical = [
            link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"
        ]
        assert canonical == [server + url]
        assert meta(tree, "og:locale") == [{"fr": "fr_FR", "en": "en_GB"}[language]]
        assert meta(tree, "og:locale:alternate") == [{"fr": "fr_FR", "en": "en_GB"}[other_language]]
        [(href, lang, hreflang, text)] = switcher_links(tree)
        assert (href, lang, hreflang) == (other, other_language, other_language)
        assert text.startswith(other_name)


def test_the_browser_language_and_a_language_cookie_change_nothing(client, site_content):
    client.cookies["django_language"] = "en"
    response = client.get("/formation/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200  # no redirect to /en/
    assert parse_html(response).find(".//html").get("lang") == "fr"
    assert "Accept-Language" not in response.get("Vary", "")
    assert "django_language" not in response.cookies
    english = client.get("/en/programme/", HTTP_ACCEPT_LANGUAGE="fr")
    assert parse_html(english).find(".//html").get("lang") == "en"
    assert not english.cookies


def test_the_admin_stays_french_whatever_the_browser_prefers(client, db):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "fr"
    assert parse_html(response).find(".//html").get("lang") == "fr"
    assert client.get("/en/admin/").status_code == 404


def test_the_english_prefix_without_its_slash_leads_to_the_english_home(client, site_content):
    response = client.get("/en")
    assert response.status_code == 301
    assert response["Location"] == "/en/"


def test_addresses_outside_the_languages_exist_once(client, site_content):
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sante/").status_code == 200
    for address in ("/en/sitemap.xml", "/en/robots.txt", "/en/sante/"):
        assert client.get(address).status_code == 404, address
    with translation.override("en"):
        assert reverse("alumni_photos:photo", args=["cle"]) == "/anciens-etudiants/photos/cle/"


def test_the_language_is_put_back_after_each_request(client, site_content):
    client.get("/en/")
    assert translation.get_language() == "fr"
    assert reverse("news:list") == "/actualites/"


def test_an_english_404_is_english_and_links_to_the_french_home(client, site_content):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    tree = parse_html(response)
    assert tree.find(".//html").get("lang") == "en"
    assert text_of(tree.find(".//h1")) == "Page not found"
    assert head_links(tree) == {}
    [(href, lang, _hreflang, _text)] = switcher_links(tree)
    assert (href, lang) == ("/", "fr")
    french = parse_html(client.get("/pas-de-page/"))
    assert text_of(french.find(".//h1")) == "Page introuvable"


class Record:
    """A record of a translatable kind as the content apps declare it (their models gain
    `Translatable` in their own branches): the real `has_translation`, an address per
    language from its English slug, and the list it falls back to."""

    translated_fields = ("title",)
    translation_parent_url_name = "news:list"
    has_translation = Translatable.has_translation

    def __init__(self, title_en):
        self.title, self.title_en = "Journée d'intégration", title_en

    def get_absolute_url(self):
        english = translation.get_language() == "en"
        slug = "welcome-day" if english else "journee-d-integration"
        return reverse("news:detail", kwargs={"slug": slug})


def languages_of_page(path, record):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return page_languages(request, {"object": record})


def test_a_translated_record_links_to_its_english_address():
    languages = languages_of_page("/actualites/journee-d-integration/", Record("Welcome day"))
    [english] = languages.others
    assert (english.path, english.exists, english.untranslated) == (
        "/en/news/welcome-day/",
        True,
        False,
    )
    assert [language.code for language in languages.alternates] == ["fr", "en"]


def test_an_untranslated_record_links_to_its_english_list_with_a_notice(client, site_content):
    languages = languages_of_page("/actualites/journee-d-integration/", Record(""))
    [english] = languages.others
    assert (english.path, english.exists, english.untranslated) == ("/en/news/", False, True)
    # hreflang lists only French, the one language the page exists in.
    assert [language.code for language in languages.alternates] == ["fr"]
    assert languages.default.path == "/actualites/journee-d-integration/"
    html = render_to_string("includes/language_switcher.html", {"languages": languages})
    [(href, lang, _hreflang, text)] = switcher_links(parse_html(html))
    assert (href, lang, text) == ("/en/news/", "en", "English (page not translated)")


def test_an_english_record_page_links_back_to_its_french_address():
    with translation.override("en"):
        languages = languages_of_page("/en/news/welcome-day/", Record("Welcome day"))
    [french] = languages.others
    assert (french.path, french.exists) == ("/actualites/journee-d-integration/", True)


def test_a_french_page_carries_a_hidden_english_hint_and_an_english_page_none(client, site_content):
    hint = parse_html(client.get("/formation/")).find(".//div[@data-language-hint='en']")
    assert hint.get("hidden") is not None  # language-hint.js shows it, or nothing does
    assert hint.get("lang") == "en"
    assert [a.get("href") for a in hint.iter("a")] == ["/en/programme/"]
    assert text_of(hint.find(".//button")) == "Close this suggestion"
    english = parse_html(client.get("/en/programme/"))
    assert english.find(".//div[@data-language-hint]") is None


def test_the_menus_of_an_english_page_are_english_and_lead_to_english_pages(client, site_content):
    client.get("/formation/")  # the menus are built once per view: French first
    tree = parse_html(client.get("/en/programme/"))
    menu = tree.find(".//nav[@class='site-nav']")
    labels = [text_of(a) for a in menu.iter("a")]
    assert labels[:2] == ["Home", "Programme overview and content"]
    footer = tree.find(".//footer")
    addresses = [a.get("href") for nav in (menu, footer) for a in nav.iter("a")]
    internal = [href for href in addresses if href.startswith("/")]
    assert internal and all(href.startswith("/en/") for href in internal), internal
    french = parse_html(client.get("/formation/")).find(".//nav[@class='site-nav']")
    assert [text_of(a) for a in french.iter("a")][:1] == ["Accueil"]
