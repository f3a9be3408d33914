import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.registry import ContentKind
from core.search import clean_query, fold, highlight
from pages.models import ContactMessage, Page

SEARCH_URL = "/recherche/"


def search_html(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def message_kind(temporary_kind, monkeypatch):
    """A stand-in kind with many rows: « handled » contact messages play « published »."""
    monkeypatch.setattr(
        ContactMessage, "get_absolute_url", lambda self: f"/messages/{self.pk}/", raising=False
    )
    return temporary_kind(
        ContentKind(
            key="messages-test",
            label="Messages de test",
            order=10,
            public_queryset=lambda: ContactMessage.objects.filter(is_handled=True),
            search_fields=("subject", "message"),
            excerpt_field="message",
            lastmod_field="created_at",
        )
    )


def make_messages(count, subject="Insertion des élèves", handled=True):
    ContactMessage.objects.bulk_create(
        ContactMessage(
            name=f"Personne {number}",
            email=f"p{number}@exemple.fr",
            subject=f"{subject} {number}",
            message=f"Les élèves de la promotion {number} parlent d'insertion professionnelle.",
            consented_at=timezone.now(),
            is_handled=handled,
        )
        for number in range(count)
    )


def test_reverse_gives_the_french_address():
    assert reverse("search") == SEARCH_URL


def test_fold_removes_accents_ligatures_and_case():
    assert fold("Élèves du CŒUR, Straße") == "eleves du coeur, strasse"


def test_highlight_escapes_before_marking():
    html = highlight("<b>Élèves</b> & insertion", ["eleves", "INSERTION"])
    assert html == "&lt;b&gt;<mark>Élèves</mark>&lt;/b&gt; &amp; <mark>insertion</mark>"


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        # Ligatures fold into two letters, a lone combining accent into none: the marks
        # still fall on the original text's characters, before, between and after them.
        (
            "Mise en œuvre des Œuvres, cœur",
            ["oeuvre", "coeur"],
            "Mise en <mark>œuvre</mark> des <mark>Œuvre</mark>s, <mark>cœur</mark>",
        ),
        (
            "e\u0301lu et Straße",
            ["elu", "strasse"],
            "<mark>e\u0301lu</mark> et <mark>Straße</mark>",
        ),
        ("œ « élus »", ["elus"], "œ « <mark>élus</mark> »"),
    ],
)
def test_highlight_marks_the_original_characters_around_ligatures(text, terms, expected):
    assert highlight(text, terms) == expected


def test_clean_query_removes_control_characters_and_caps_length():
    assert clean_query("a\x00b\x07c\u200b d\n\te") == "a b c d e"
    assert len(clean_query("x" * 10_000)) == 200


@pytest.mark.django_db
def test_search_is_accent_and_case_insensitive(client, site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = "<p>Les élèves suivent un module sur l'Insertion professionnelle.</p>"
    page.save()
    for query in ["eleves", "ÉLÈVES", "insertion", "INSERTION"]:
        html = search_html(client, query)
        assert 'href="/mentions-legales/"' in html, query
        assert "<mark>" in html


@pytest.mark.django_db
def test_results_are_grouped_by_kind_with_highlighted_excerpts(client, site_content, message_kind):
    make_messages(2)
    make_messages(1, subject="Brouillon insertion", handled=False)
    html = search_html(client, "insertion")
    assert '<h2 id="resultats-messages-test">Messages de test</h2>' in html
    assert '<h2 id="resultats-pages">Informations pratiques</h2>' in html
    assert html.index("resultats-messages-test") < html.index("resultats-pages")
    assert 'href="/messages/' in html
    assert "Brouillon insertion" not in html  # not public: never found
    assert "<mark>Insertion</mark> des élèves 0" in html
    assert "parlent d&#x27;<mark>insertion</mark> professionnelle" in html


@pytest.mark.django_db
def test_every_word_must_match(client, site_content, message_kind):
    make_messages(1, subject="Stage à Metz")
    assert 'href="/messages/' in search_html(client, "stage metz")
    assert 'href="/messages/' not in search_html(client, "stage lyon")


@pytest.mark.django_db
def test_stored_markup_is_shown_escaped_in_results(client, site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = "<p>Balise &lt;script&gt;alert(1)&lt;/script&gt; citée dans le texte zorglub.</p>"
    page.save()
    html = search_html(client, "zorglub")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.django_db
def test_results_are_capped_per_kind(client, site_content, message_kind):
    make_messages(15)
    html = search_html(client, "insertion")
    assert html.count('href="/messages/') == 10
    assert "D'autres résultats existent" in html


@pytest.mark.django_db
def test_no_result_gives_a_french_message(client, site_content):
    html = search_html(client, "zzzzqqqq")
    assert "Aucun résultat pour « zzzzqqqq »" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a",
        "x" * 10_000,
        "insertion" * 1200,
        "\x00\x01\x02",
        "insertion\x00",
        "\u202e\u200bélèves",
        "' OR 1=1; DROP TABLE programme_page; --",
        "%_%",
        '"insertion',
        "!!! ((( ) & | <>:*",
        "<script>alert(1)</script>",
        "\ufffd\ufeff",
        "le la les de du",
        "or and not -insertion",
    ],
)
def test_hostile_queries_answer_200_with_a_french_message_or_results(client, site_content, query):
    html = search_html(client, query)
    assert "<script>alert(1)</script>" not in html
    assert "Recherche" in html
    assert Page.objects.count() == 4


@pytest.mark.django_db
def test_invalid_utf8_and_nul_in_the_raw_address_answer_200(client, site_content):
    response = client.get(SEARCH_URL + "?q=%ff%fe%00%C3%A9l%C3%A8ves")
    assert response.status_code == 200


@pytest.mark.django_db
def test_empty_query_asks_for_words(client, site_content):
    assert "Saisissez un ou plusieurs mots à rechercher." in search_html(client, "")


@pytest.mark.django_db
def test_very_long_query_is_shortened_and_says_so(client, site_content):
    assert "200 premiers caractères" in search_html(client, "insertion " * 1000)


@pytest.mark.django_db
def test_search_runs_the_same_number_of_queries_for_few_or_many_results(
    client, site_content, message_kind
):
    make_messages(2)
    client.get(SEARCH_URL, {"q": "insertion"})  # warms the identity cache
    with CaptureQueriesContext(connection) as small:
        client.get(SEARCH_URL, {"q": "insertion"})
    make_messages(40)
    with CaptureQueriesContext(connection) as large:
        client.get(SEARCH_URL, {"q": "insertion"})
    assert len(small) == len(large)


@pytest.mark.django_db
def test_header_search_box_is_a_labelled_get_form(client, site_content):
    html = client.get(reverse("home")).content.decode()
    assert 'method="get" action="/recherche/"' in html
    assert '<label class="site-search__label" for="site-search-q">' in html
    assert 'id="site-search-q" name="q"' in html


@pytest.mark.django_db
def test_markup_of_rich_text_is_not_searched(client, site_content):
    # The accessibility statement uses <strong>, never the word itself.
    assert "Aucun résultat pour « strong »" in search_html(client, "strong")


@pytest.mark.django_db
def test_excerpt_keeps_words_of_separate_paragraphs_apart(client, site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = "<p>Premier paragraphe.</p><p>Second paragraphe zorglub.</p>"
    page.save()
    assert "Premier paragraphe. Second paragraphe <mark>zorglub</mark>." in search_html(
        client, "zorglub"
    )
