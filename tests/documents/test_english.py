"""Documents in English: listed, and downloadable at their English address, only with an
English title; the file is the same in both languages."""

import pytest
from django.utils import translation

from documents.templatetags.documents import featured_documents
from tests.documents.test_views import fetch
from tests.html import parse_html, text_of
from tests.languages import address_in, url_in

pytestmark = pytest.mark.django_db


def listed_titles(response):
    tree = parse_html(response)
    return [
        text_of(element.find("a")).removesuffix(" — télécharger").strip()
        for element in tree.iter("h3")
        if "document-item__title" in element.get("class", "")
    ]


def test_english_list_shows_only_documents_with_an_english_title(client, make_document):
    make_document("Dossier de candidature", title_en="Application form")
    make_document("Calendrier de l'année")
    english = client.get(url_in("en", "documents:list"))
    assert english.status_code == 200
    assert [title.split(" — ")[0] for title in listed_titles(english)] == ["Application form"]
    french = client.get(url_in("fr", "documents:list"))
    assert len(listed_titles(french)) == 2


def test_english_list_shows_english_heading_and_description(client, make_document, category):
    category.name_en = "Applying"
    category.save()
    make_document(
        "Dossier de candidature",
        title_en="Application form",
        description="À envoyer avant la date limite.",
    )
    tree = parse_html(client.get(url_in("en", "documents:list")))
    heading = tree.find(f".//h2[@id='{category.slug}']")
    assert text_of(heading) == "Applying" and heading.get("lang") is None
    description = tree.find(".//p[@class='document-item__description']")
    # No English description: the French one, said to be French.
    assert text_of(description) == "À envoyer avant la date limite."
    assert description.get("lang") == "fr"
    link = tree.find(".//h3[@class='document-item__title']/a")
    # A French file linked from an English page says its language.
    assert link.get("hreflang") == "fr"


def test_english_download_link_serves_the_file_only_with_an_english_title(client, make_document):
    translated = make_document("Dossier de candidature", title_en="Application form")
    untranslated = make_document("Calendrier de l'année")
    response = fetch(client, address_in("en", translated))
    assert response.status_code == 200
    assert response.body == fetch(client, address_in("fr", translated)).body
    assert client.get(address_in("en", untranslated)).status_code == 404
    assert fetch(client, address_in("fr", untranslated)).status_code == 200


def test_english_key_documents_are_english_ones(make_document):
    make_document("Dossier de candidature", title_en="Application form", is_featured=True)
    make_document("Calendrier de l'année", is_featured=True)
    with translation.override("en"):
        block = featured_documents()
    assert [document.title_en for document in block["documents"]] == ["Application form"]


def test_documents_declare_where_the_switcher_leads_without_translation():
    from documents.models import Document

    assert Document.translation_parent_url_name == "documents:list"
