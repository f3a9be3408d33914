"""The pieces of public pages stored under the content version (core/fragments.py).

Each stored piece must change on the next request after an edit, whichever worker answers
(the version is read from the database), in French and in English; staff, hints and
previews never get a visitor's piece nor leave theirs for visitors; a failing cache only
costs the rendering.
"""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import escape

from alumni.models import Alumnus
from core.models import SiteIdentity
from core.publication import PublicationStatus
from documents.models import Document
from news.models import NewsItem
from operations.content_version import bump as content_version_bump
from operations.demo import demo_objects
from pages.models import Page
from programme.models import Section
from tests.html import element_by_id, parse_html, text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments(settings, site_content):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
        # Two app servers, each with its own local-memory cache: only the database is shared.
        "worker_a": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"},
        "worker_b": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
    }
    # Local-memory caches outlive a test (kept per LOCATION), and the content version
    # starts again from the same number in every test: a piece left by another test
    # would pass for this one's.
    for alias in ("worker_a", "worker_b"):
        caches[alias].clear()
    call_command(
        "generate_demo_content", news=3, alumni=3, documents=3, sections=2, stdout=io.StringIO()
    )
    return settings


def committed(django_capture_on_commit_callbacks, save):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        save()


def retitle(obj, field, text):
    """Changes the field, and its English twin when the model has one: an English page
    shows the twin once it is filled in."""
    setattr(obj, field, text)
    if hasattr(obj, f"{field}_en"):
        setattr(obj, f"{field}_en", text)
    return obj.save


def readable_in_english(obj):
    """Gives each translated field of `obj` its English text (a copy of the French), so
    that its English page exists (a record without an English title has none)."""
    fields = getattr(obj, "translated_fields", ())
    for field in fields:
        setattr(obj, f"{field}_en", getattr(obj, field))
    if fields:
        obj.save()


def in_language(language, url_of):
    """The address `url_of()` gives, in `language` (French addresses written as such are
    translated)."""
    with translation.override(language):
        url = url_of()
    return translate_url(url, language) if language != "fr" else url


def newest_news():
    return NewsItem.objects.published().order_by("-published_at").first()


def page_content_edits():
    """(page, how to get its URL, the edit that must show there) for every page whose
    content is stored as a piece."""
    return [
        ("/", lambda: "/", lambda: retitle(newest_news(), "title", "Titre changé maintenant")),
        (
            "/actualites/",
            lambda: "/actualites/",
            lambda: retitle(newest_news(), "title", "Titre changé maintenant"),
        ),
        (
            "news detail",
            lambda: newest_news().get_absolute_url(),
            lambda: retitle(newest_news(), "body", "<p>Texte changé maintenant</p>"),
        ),
        (
            "/anciens-etudiants/",
            lambda: "/anciens-etudiants/",
            lambda: retitle(
                Alumnus.objects.published().filter(consents_to_career=True).first(),
                "position",
                "Poste changé maintenant",
            ),
        ),
        (
            "/documents/",
            lambda: "/documents/",
            lambda: retitle(
                demo_objects(Document).order_by("pk").first(), "title", "Titre changé maintenant"
            ),
        ),
        (
            "/formation/",
            lambda: "/formation/",
            lambda: retitle(
                demo_objects(Section).order_by("pk").first(), "title", "Titre changé maintenant"
            ),
        ),
        (
            "/plan-du-site/",
            lambda: "/plan-du-site/",
            lambda: retitle(
                demo_objects(Section).order_by("pk").first(), "title", "Titre changé maintenant"
            ),
        ),
        (
            "/mentions-legales/",
            lambda: "/mentions-legales/",
            lambda: retitle(
                Page.objects.get(slug="mentions-legales"), "body", "<p>Texte changé maintenant</p>"
            ),
        ),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("page", "url_of", "edit"), page_content_edits(), ids=[row[0] for row in page_content_edits()]
)
def test_an_edit_shows_on_the_next_request_whichever_worker_answers(
    client, fragments, django_capture_on_commit_callbacks, page, url_of, edit, language
):
    if language == "en":
        for model in (NewsItem, Alumnus, Document, Section, Page):
            for obj in model.objects.all():
                readable_in_english(obj)
    url = in_language(language, url_of)
    for worker in ("worker_a", "worker_b"):
        fragments.FRAGMENT_CACHE_ALIAS = worker
        assert client.get(url).status_code == 200
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"
    committed(django_capture_on_commit_callbacks, edit())

    fragments.FRAGMENT_CACHE_ALIAS = "worker_b"
    response = client.get(url)
    assert response.status_code == 200
    assert "changé maintenant" in response.content.decode()


def test_the_layout_and_the_404_change_with_the_identity(
    client, fragments, django_capture_on_commit_callbacks
):
    urls = ["/", "/actualites/", "/contact/", "/plan-du-site/", "/page-qui-n-existe-pas/"]
    urls += ["/en/", "/en/news/", "/en/contact/", "/en/site-map/", "/en/page-that-is-not/"]
    for url in urls:
        client.get(url)
    identity = SiteIdentity.objects.get(pk=1)
    committed(django_capture_on_commit_callbacks, retitle(identity, "ufr_name", "UFR renommée"))
    for url in urls:
        assert "UFR renommée" in client.get(url).content.decode(), url


def test_a_piece_stored_in_one_language_is_never_served_in_the_other(client, fragments):
    pairs = [
        ("/", "/en/"),
        ("/actualites/", "/en/news/"),
        ("/formation/", "/en/programme/"),
        ("/page-qui-n-existe-pas/", "/en/page-qui-n-existe-pas/"),
    ]
    for french, english in pairs:
        client.get(french)
        client.get(english)
        for url, language, skip_link in (
            (french, "fr", "Aller au contenu"),
            (english, "en", "Skip to content"),
        ):
            tree = parse_html(client.get(url))
            assert tree.find(".//html").get("lang") == language, url
            assert text_of(tree.find(".//a[@class='skip-link']")) == skip_link, url


def test_a_stored_page_runs_fewer_queries_and_renders_fewer_templates(client, fragments):
    url = "/actualites/"
    first = client.get(url)
    second = client.get(url)
    assert second.content == first.content
    assert len(second.templates) < len(first.templates)


def test_staff_hints_are_never_served_to_visitors_nor_the_other_way(
    client, staff_client, fragments
):
    # Visitor first: the staff member still gets the hints « à compléter ».
    Section.objects.all().delete()
    visitor_page = client.get("/").content.decode()
    staff_page = staff_client.get("/").content.decode()
    assert "staff-hint" in staff_page
    assert "staff-hint" not in visitor_page
    # Staff first, on a fresh version: the visitor never gets the hints.
    call_command("generate_demo_content", news=1, stdout=io.StringIO())
    assert "staff-hint" in staff_client.get("/").content.decode()
    assert "staff-hint" not in client.get("/").content.decode()


def test_a_draft_seen_by_staff_never_reaches_visitors(client, staff_client, fragments):
    item = newest_news()
    url = item.get_absolute_url()
    client.get(url)
    NewsItem.objects.filter(pk=item.pk).update(
        status=PublicationStatus.DRAFT, body="<p>Brouillon secret</p>"
    )
    from operations import content_version

    content_version.bump()
    assert "Brouillon secret" in staff_client.get(url).content.decode()
    # Published again by hand (no signal): the version has not moved, yet the visitor's
    # piece cannot be the staff member's preview. (No visitor asks in between: the absence
    # a visitor meets is stored under the version, as a record is.)
    NewsItem.objects.filter(pk=item.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    assert "Brouillon secret" in client.get(url).content.decode()
    staff_page = staff_client.get(url).content.decode()
    assert "preview-banner" not in client.get(url).content.decode()
    assert "Brouillon secret" in staff_page


def test_a_preview_link_request_is_neither_stored_nor_served_from_the_store(client, fragments):
    from core.fragments import is_public_view

    request = Client().get("/?apercu=quelque-chose").wsgi_request
    assert not is_public_view(request)
    assert is_public_view(Client().get("/").wsgi_request)


def test_pieces_are_rendered_when_the_cache_server_fails(client, fragments, caplog):
    fragments.CACHES = {
        **fragments.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": "127.0.0.1:1",
        },
    }
    fragments.FRAGMENT_CACHE_ALIAS = "broken"
    response = client.get("/actualites/")
    assert response.status_code == 200
    assert escape(newest_news().title) in response.content.decode()
    assert "cache des fragments indisponible" in caplog.text


def test_off_when_fragment_cache_seconds_is_zero(client, fragments, django_assert_num_queries):
    fragments.FRAGMENT_CACHE_SECONDS = 0
    client.get("/actualites/")
    first = len(client.get("/actualites/").templates)
    assert len(client.get("/actualites/").templates) == first


def test_what_only_staff_see_on_a_page_never_reaches_visitors(client, staff_client, fragments):
    # Staff see the draft sections of /formation/ among the others (no preview banner):
    # their rendering is never stored for visitors, whoever comes first.
    section = demo_objects(Section).order_by("pk").first()
    Section.objects.filter(pk=section.pk).update(
        status=PublicationStatus.DRAFT, title="Section encore en brouillon"
    )
    call_command("generate_demo_content", news=1, stdout=io.StringIO())  # a new version
    assert "Section encore en brouillon" in staff_client.get("/formation/").content.decode()
    assert "Section encore en brouillon" not in client.get("/formation/").content.decode()
    assert "Section encore en brouillon" in staff_client.get("/formation/").content.decode()


def test_another_release_never_serves_the_pieces_of_an_older_one(settings, tmp_path):
    # Servers sharing a cache server, a deploy under the same content version: the pieces
    # are kept per release (templates and static names), as well as per version.
    from django.template import engines

    from core.fragments import fragment_key, release

    folder = tmp_path / "gabarits"
    folder.mkdir()
    (folder / "page.html").write_text("<p>Première version</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    release.cache_clear()
    try:
        assert engines.all()[0].template_dirs[0] == folder
        first = (release(), fragment_key("7", "page", ["x"]))
        release.cache_clear()
        (folder / "page.html").write_text("<p>Seconde version</p>")
        second = (release(), fragment_key("7", "page", ["x"]))
    finally:
        release.cache_clear()
    assert first[0] != second[0]
    assert first[1] != second[1]


# --- What a page reads besides its pieces: its layout, counts, filters, record ---------------


def two_workers_visit(client, fragments, url):
    """`url` answered once by each worker, so that both have stored their pieces."""
    for worker in ("worker_a", "worker_b"):
        fragments.FRAGMENT_CACHE_ALIAS = worker
        client.get(url)


def on_worker_b(client, fragments, url):
    fragments.FRAGMENT_CACHE_ALIAS = "worker_b"
    return client.get(url)


def title_and_current_crumb(response):
    tree = parse_html(response)
    title = text_of(tree.find(".//title"))
    crumb = tree.find(".//nav[@class='breadcrumbs container']//span[@aria-current='page']")
    return title, text_of(crumb)


@pytest.mark.parametrize(
    ("url_of", "record_of"),
    [
        (lambda: newest_news().get_absolute_url(), newest_news),
        (lambda: "/mentions-legales/", lambda: Page.objects.get(slug="mentions-legales")),
    ],
    ids=["news detail", "standalone page"],
)
def test_the_stored_layout_shows_a_new_title_on_the_next_request(
    client, fragments, django_capture_on_commit_callbacks, url_of, record_of
):
    url = url_of()
    two_workers_visit(client, fragments, url)
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"
    committed(django_capture_on_commit_callbacks, retitle(record_of(), "title", "Titre neuf"))

    title, crumb = title_and_current_crumb(on_worker_b(client, fragments, url))
    assert title.startswith("Titre neuf — ")
    assert crumb == "Titre neuf"


def test_pages_without_a_layout_key_render_their_layout_every_time(rf, fragments):
    # {% fragment … when value %}: stored only when the value is set (base.html's
    # layout_key); otherwise rendered each time, as before.
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    template = Template(
        '{% load fragments %}{% fragment "essai" key when key %}{{ count }}{% endfragment %}'
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    request.content_version = 1
    rendered = [
        template.render(Context({"request": request, "key": key, "count": count}))
        for key, count in [("", 1), ("", 2), ("/page/", 3), ("/page/", 4)]
    ]
    assert rendered == ["1", "2", "3", "3"]


def test_searches_share_a_stored_top_and_each_shows_its_own_words(client, fragments):
    # The words of a search are in the page's title: the stored top holds a marker in
    # their place, filled in (escaped) on each request.
    store = caches[fragments.FRAGMENT_CACHE_ALIAS]
    store.clear()
    client.get("/recherche/?q=master")
    first = client.get("/recherche/?q=insertion")
    second = client.get("/recherche/?q=<b>étudiants</b>")
    stored_tops = [key for key in store._cache if ":layout-top:" in key]
    assert len(stored_tops) == 1
    for response, words in [(first, "insertion"), (second, "<b>étudiants</b>")]:
        tree = parse_html(response)
        assert text_of(tree.find(".//title")).startswith(f"Recherche : {words} — ")
        og_title = tree.find(".//meta[@property='og:title']").get("content")
        assert og_title == f"Recherche : {words}"
        assert element_by_id(tree, "search-page-q").get("value") == words
    assert "\ue000" not in second.content.decode()
    assert escape("<b>étudiants</b>") in second.content.decode()

    empty = parse_html(client.get("/recherche/"))
    assert text_of(empty.find(".//title")).startswith("Recherche — ")
    english = parse_html(client.get("/en/search/?q=master"))
    assert text_of(english.find(".//title")).startswith("Search: master — ")


def test_a_late_value_is_filled_by_the_outermost_piece_only(rf, fragments):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    template = Template(
        "{% load fragments %}"
        '{% fragment "outer" key when key %}['
        '{% fragment "inner" for_everyone %}{% late_value "words" %}{% endfragment %}'
        ']{% endfragment %}|{% late_value "words" %}'
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    request.content_version = 1
    rendered = [
        template.render(Context({"request": request, "key": key, "words": words}))
        for key, words in [("/a/", "un"), ("/a/", "<deux>"), ("", "trois")]
    ]
    assert rendered == ["[un]|un", "[&lt;deux&gt;]|&lt;deux&gt;", "[trois]|trois"]


def test_a_lists_count_follows_an_edit_on_the_next_request(
    client, fragments, django_capture_on_commit_callbacks
):
    category = newest_news().category
    url = f"/actualites/?categorie={category.slug}"
    counted = NewsItem.objects.published().filter(category=category).count()

    def count_shown(response):
        return texts(response.content.decode(), "p", "news-results")[0].split()[0]

    two_workers_visit(client, fragments, url)
    assert count_shown(client.get(url)) == str(counted)
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"

    def add_item():
        NewsItem.objects.create(
            title="Une de plus",
            summary="Encore une actualité.",
            category=category,
            status=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
        )

    committed(django_capture_on_commit_callbacks, add_item)
    assert count_shown(on_worker_b(client, fragments, url)) == str(counted + 1)


def test_a_new_filter_value_is_offered_on_the_next_request(
    client, fragments, django_capture_on_commit_callbacks
):
    from news.models import Category

    url = "/actualites/?categorie=nouvelle-rubrique"
    two_workers_visit(client, fragments, url)
    two_workers_visit(client, fragments, "/anciens-etudiants/")
    assert client.get(url).status_code == 404
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"

    def add_category_and_cohort():
        Category.objects.create(name="Nouvelle rubrique", slug="nouvelle-rubrique")
        alumnus = Alumnus.objects.published().first()
        alumnus.cohort = 1999
        alumnus.save()

    committed(django_capture_on_commit_callbacks, add_category_and_cohort)
    assert on_worker_b(client, fragments, url).status_code == 200
    directory = on_worker_b(client, fragments, "/anciens-etudiants/").content.decode()
    assert "1999" in texts(directory, "option")


def test_a_record_withdrawn_is_a_404_on_the_next_request(
    client, fragments, django_capture_on_commit_callbacks
):
    item = newest_news()
    url = item.get_absolute_url()
    two_workers_visit(client, fragments, url)
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"
    item.status = PublicationStatus.DRAFT
    committed(django_capture_on_commit_callbacks, item.save)
    assert on_worker_b(client, fragments, url).status_code == 404


def test_a_missing_record_costs_the_version_alone_and_shows_once_published(
    client, fragments, django_capture_on_commit_callbacks, django_assert_num_queries
):
    item = newest_news()
    url = item.get_absolute_url()
    item.status = PublicationStatus.DRAFT
    committed(django_capture_on_commit_callbacks, item.save)
    two_workers_visit(client, fragments, url)
    with django_assert_num_queries(1):  # the content version: the absence is stored
        assert on_worker_b(client, fragments, url).status_code == 404
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"
    item.status = PublicationStatus.PUBLISHED
    committed(django_capture_on_commit_callbacks, item.save)
    response = on_worker_b(client, fragments, url)
    assert response.status_code == 200
    assert escape(item.title) in response.content.decode()


def test_a_new_current_year_shows_on_the_next_request(
    client, fragments, django_capture_on_commit_callbacks
):
    from programme.models import AcademicYear, Programme

    current = AcademicYear.load_current()
    older = AcademicYear.objects.create(
        label=f"{current.start_year - 1}-{current.start_year}",
        status=PublicationStatus.PUBLISHED,
        published_at=current.published_at,
    )
    Programme.objects.create(year=older, name="Master IPPS", pitch="L'an dernier.")
    content_version_bump()
    url = older.get_absolute_url()
    two_workers_visit(client, fragments, url)
    assert current.label in text_of(element_by_id(parse_html(client.get(url)), "bandeau-annee"))
    fragments.FRAGMENT_CACHE_ALIAS = "worker_a"

    def publish_next_year():
        following = AcademicYear.objects.create(
            label=current.next_label(),
            status=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        Programme.objects.create(year=following, name="Master IPPS", pitch="L'an prochain.")

    committed(django_capture_on_commit_callbacks, publish_next_year)
    banner = element_by_id(parse_html(on_worker_b(client, fragments, url)), "bandeau-annee")
    assert current.next_label() in text_of(banner)


@pytest.mark.parametrize(
    ("url", "model", "first_filter"),
    [
        ("/actualites/", NewsItem, "published"),
        ("/anciens-etudiants/", Alumnus, "published"),
        ("/documents/", Document, "public"),
        ("/en/news/", NewsItem, "published"),
    ],
)
def test_a_list_served_from_its_stored_pieces_builds_no_queryset(
    client, fragments, monkeypatch, url, model, first_filter
):
    if url.startswith("/en/"):
        for obj in model.objects.all():
            readable_in_english(obj)
    first = client.get(url)
    assert first.status_code == 200
    built = []
    queryset_class = type(model.objects.all())
    real_filter = getattr(queryset_class, first_filter)

    def counted(queryset, *args, **kwargs):
        built.append(first_filter)
        return real_filter(queryset, *args, **kwargs)

    monkeypatch.setattr(queryset_class, first_filter, counted)
    second = client.get(url)
    assert second.content == first.content
    assert built == []
