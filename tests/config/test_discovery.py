"""Site map, sitemap.xml, robots.txt, metadata, cookies and redirects."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import registry
from core.registry import ContentKind
from pages.models import Page
from programme.models import Programme

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def temporary_kind():
    """Register content kinds for one test, then remove them from the registry."""
    added = []

    def register(kind):
        registry.register_content_kind(kind)
        added.append(kind.key)
        return kind

    yield register
    for key in added:
        registry._content_kinds.pop(key, None)


@pytest.fixture
def reviewed_pages_kind(temporary_kind):
    """A kind whose public records are a subset (« reviewed » pages play « published »)."""
    return temporary_kind(
        ContentKind(
            key="pages-relues",
            label="Pages relues",
            order=5,
            public_queryset=lambda: Page.objects.filter(needs_review=False),
            search_fields=("title", "body"),
            excerpt_field="body",
            site_map_links=lambda: [("Section relue", "https://ailleurs.example/#section")],
        )
    )


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [
        (url.find("s:loc", SITEMAP_NS).text, url.find("s:lastmod", SITEMAP_NS))
        for url in root.findall("s:url", SITEMAP_NS)
    ]


@pytest.mark.django_db
def test_sitemap_lists_layout_pages_and_every_page_with_its_date(client, site_content):
    entries = sitemap_locations(client)
    locations = [loc for loc, _lastmod in entries]
    assert len(locations) == len(set(locations)), "no address twice"
    for path in ["/", "/contact/", "/plan-du-site/"]:
        assert f"http://testserver{path}" in locations
    dated = {loc: lastmod for loc, lastmod in entries if lastmod is not None}
    for page in Page.objects.all():
        lastmod = dated[f"http://testserver{page.get_absolute_url()}"]
        assert lastmod.text == timezone.localdate(page.updated_at).isoformat()


@pytest.mark.django_db
def test_sitemap_lists_exactly_the_public_objects_of_a_registered_kind(
    client, site_content, reviewed_pages_kind
):
    Page.objects.filter(slug="mentions-legales").update(needs_review=False)
    client.get("/sitemap.xml")  # the framework caches nothing, but be sure of a fresh answer
    locations = [loc for loc, _lastmod in sitemap_locations(client)]
    # Listed once by the « pages » kind, once by the test kind: only the reviewed one twice.
    assert locations.count("http://testserver/mentions-legales/") == 2
    assert locations.count("http://testserver/accessibilite/") == 1


@pytest.mark.django_db
def test_a_kind_can_stay_out_of_the_sitemap_but_stays_searchable(
    client, site_content, temporary_kind
):
    temporary_kind(
        ContentKind(
            key="hors-sitemap",
            label="Hors sitemap",
            order=6,
            public_queryset=lambda: Page.objects.filter(slug="mentions-legales"),
            search_fields=("title",),
            excerpt_field="body",
            extra={"in_sitemap": False},
        )
    )
    locations = [loc for loc, _lastmod in sitemap_locations(client)]
    assert locations.count("http://testserver/mentions-legales/") == 1
    assert "Hors sitemap" in client.get("/recherche/?q=mentions").content.decode()


@pytest.mark.django_db
def test_sitemap_uses_the_requested_host_not_the_site_record(client, site_content):
    assert Site.objects.get_current().domain != "localhost"
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert Site.objects.get_current().domain.encode() not in response.content
    assert b"http://localhost/" in response.content


@pytest.mark.django_db
def test_robots_points_to_the_sitemap_and_disallows_the_admin(client, site_content, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert f"Disallow: /{settings.ADMIN_PATH}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_site_map_lists_the_navigation_footer_pages_and_kind_links(
    client, site_content, reviewed_pages_kind
):
    response = client.get(reverse("site_map"))
    assert reverse("site_map") == "/plan-du-site/"
    html = response.content.decode()
    for path in [
        "/",
        "/plans-acces/",
        "/contact/",
        "/mentions-legales/",
        "/accessibilite/",
        "/donnees-personnelles/",
    ]:
        assert f'<a href="{path}">' in html
    assert "<h2>Pages relues</h2>" in html
    assert '<a href="https://ailleurs.example/#section">Section relue</a>' in html
    # Listed once on the map (not again under the footer links), once in the footer.
    assert html.count('<a href="/plan-du-site/">Plan du site</a>') == 2


@pytest.mark.django_db
def test_site_map_nests_kind_links_under_their_navigation_entry(
    client, site_content, temporary_kind
):
    temporary_kind(
        ContentKind(
            key="acces-test",
            label="Accès",
            order=3,
            public_queryset=lambda: Page.objects.none(),
            search_fields=("title",),
            excerpt_field="body",
            site_map_links=lambda: [("En bus", "/plans-acces/#bus")],
            extra={"site_map_parent": "pages:access_map"},
        )
    )
    html = client.get(reverse("site_map")).content.decode()
    nested = re.search(
        r'<a href="/plans-acces/">Plans d&#x27;accès</a>\s*<ul>(.*?)</ul>', html, re.S
    )
    assert nested and '<a href="/plans-acces/#bus">En bus</a>' in nested.group(1)


@pytest.mark.django_db
def test_site_map_nests_links_under_the_entry_they_lead_into(client, site_content, temporary_kind):
    temporary_kind(
        ContentKind(
            key="plan-test",
            label="Sur le plan",
            order=4,
            public_queryset=lambda: Page.objects.none(),
            search_fields=("title",),
            excerpt_field="body",
            site_map_links=lambda: [
                ("Le campus", "/plans-acces/#campus"),
                ("Le parking", "/plans-acces/#parking"),
            ],
        )
    )
    html = client.get(reverse("site_map")).content.decode()
    nested = re.search(
        r'<a href="/plans-acces/">Plans d&#x27;accès</a>\s*<ul>(.*?)</ul>', html, re.S
    )
    assert nested and '<a href="/plans-acces/#parking">Le parking</a>' in nested.group(1)
    assert "<h2>Sur le plan</h2>" not in html


@pytest.mark.django_db
def test_site_map_runs_the_same_number_of_queries_for_few_or_many_links(
    client, site_content, temporary_kind
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pages.models import ContactMessage

    temporary_kind(
        ContentKind(
            key="sujets-test",
            label="Sujets de test",
            order=7,
            public_queryset=lambda: ContactMessage.objects.none(),
            search_fields=("subject",),
            excerpt_field="message",
            site_map_links=lambda: [
                (subject, f"/sujets/#{pk}")
                for pk, subject in ContactMessage.objects.values_list("pk", "subject")
            ],
        )
    )

    def add_messages(count):
        ContactMessage.objects.bulk_create(
            ContactMessage(
                name="N",
                email="n@exemple.fr",
                subject="S",
                message="M",
                consented_at=timezone.now(),
            )
            for _ in range(count)
        )

    add_messages(2)
    client.get(reverse("site_map"))
    with CaptureQueriesContext(connection) as small:
        html = client.get(reverse("site_map")).content.decode()
    assert html.count('href="/sujets/#') == 2
    add_messages(50)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("site_map")).content.decode()
    assert html.count('href="/sujets/#') == 52
    assert len(small) == len(large)


# --- Metadata -------------------------------------------------------------------------


def head_of(html):
    return html[: html.index("</head>")]


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert match, f"{attribute}={name} missing"
    return match.group(1)


@pytest.mark.django_db
def test_home_has_metadata_and_the_ufr_as_college_or_university(client, site_content):
    html = client.get("/?utm_source=x").content.decode()
    head = head_of(html)
    assert "<title>Master IPPS — Université de Lorraine</title>" in head
    assert meta(head, "name", "description").startswith("Le master professionnel")
    assert '<link rel="canonical" href="http://testserver/">' in head
    assert meta(head, "property", "og:url") == "http://testserver/"
    assert meta(head, "property", "og:locale") == "fr_FR"
    assert meta(head, "property", "og:type") == "website"
    assert meta(head, "property", "og:site_name") == "Master IPPS — Université de Lorraine"
    organisation = next(b for b in json_ld_blocks(html) if b["@type"] == "CollegeOrUniversity")
    assert organisation["name"] == "UFR Sciences Humaines & Arts"
    assert organisation["address"]["postalCode"] == "57006"
    assert organisation["telephone"] == "+33387315638"
    assert organisation["parentOrganization"]["name"] == "Université de Lorraine"
    assert "\\u0026" in html and "Humaines & Arts" not in html.split("ld+json")[1][:200]


@pytest.mark.django_db
def test_the_english_home_describes_the_programme_in_english(client, site_content):
    programme = Programme.load()
    html = client.get("/en/").content.decode()
    head = head_of(html)
    assert meta(head, "property", "og:locale") == "en_GB"
    organisation = next(b for b in json_ld_blocks(html) if b["@type"] == "CollegeOrUniversity")
    assert programme.pitch_en and organisation["description"] == programme.pitch_en
    french = client.get("/").content.decode()
    organisation = next(b for b in json_ld_blocks(french) if b["@type"] == "CollegeOrUniversity")
    assert organisation["description"] == programme.pitch


INNER_PAGES = [
    ("/plans-acces/", "Plans d'accès"),
    ("/mentions-legales/", "Mentions légales"),
    ("/accessibilite/", "Déclaration d'accessibilité"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/contact/", "Contact"),
    ("/plan-du-site/", "Plan du site"),
    ("/recherche/", "Recherche"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "title"), INNER_PAGES)
def test_inner_pages_have_title_description_canonical_open_graph_and_breadcrumbs(
    client, site_content, path, title
):
    html = client.get(path + "?page=2").content.decode()
    head = head_of(html).replace("&#x27;", "'")
    assert f"<title>{title} — Master IPPS — Université de Lorraine</title>" in head
    assert len(meta(head, "name", "description")) > 20
    assert meta(head, "property", "og:description") == meta(head, "name", "description")
    assert meta(head, "property", "og:title") == title
    assert f'<link rel="canonical" href="http://testserver{path}">' in head
    assert meta(head, "property", "og:url") == f"http://testserver{path}"
    breadcrumbs = next(b for b in json_ld_blocks(html) if b["@type"] == "BreadcrumbList")
    items = breadcrumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Accueil",
        "item": "http://testserver/",
    }
    assert items[-1]["item"] == f"http://testserver{path}"
    visible = re.search(r'<span aria-current="page">(.*?)</span>', html).group(1)
    assert items[-1]["name"].replace("'", "&#x27;") == visible


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(client, site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.title = "</script><script>alert(1)</script>"
    page.save()
    html = client.get("/mentions-legales/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\\u003C/script\\u003E" in html


# --- Cookies ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/plans-acces/",
        "/mentions-legales/",
        "/accessibilite/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/recherche/?q=insertion",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_public_pages_set_no_cookie(client, site_content, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies, dict(response.cookies)
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_contact_form_sets_only_the_csrf_cookie(client, site_content):
    response = client.get("/contact/")
    assert set(response.cookies) == {"csrftoken"}


# --- Redirects -------------------------------------------------------------------------


@pytest.mark.django_db
def test_old_address_answers_a_permanent_redirect(client, site_content):
    Redirect.objects.create(
        site=Site.objects.get_current(), old_path="/ipps/acces.html", new_path="/plans-acces/"
    )
    response = client.get("/ipps/acces.html")
    assert response.status_code == 301
    assert response["Location"] == "/plans-acces/"


@pytest.mark.django_db
def test_redirects_keep_django_rules_in_their_one_query(
    client, site_content, django_assert_max_num_queries
):
    site = Site.objects.get_current()
    Redirect.objects.create(site=site, old_path="/ancien/page/", new_path="/contact/")
    Redirect.objects.create(site=site, old_path="/ancien/docs?id=3", new_path="/documents/")
    Redirect.objects.create(site=site, old_path="/ancien/retire.html", new_path="")
    Redirect.objects.create(site=site, old_path="/double", new_path="/exact/")
    Redirect.objects.create(site=site, old_path="/double/", new_path="/avec-barre/")
    client.get("/cette-page-n-existe-pas/")  # the site and the identity, read once
    with django_assert_max_num_queries(1):
        assert client.get("/autre-page-absente/").status_code == 404
    # The address with a slash added, as Django's own middleware does (APPEND_SLASH).
    assert client.get("/ancien/page")["Location"] == "/contact/"
    assert client.get("/ancien/docs?id=3")["Location"] == "/documents/"
    assert client.get("/ancien/docs?id=4").status_code == 404
    assert client.get("/ancien/retire.html").status_code == 410
    # The exact address wins over the one with a slash.
    assert client.get("/double")["Location"] == "/exact/"


@pytest.mark.django_db
def test_a_redirect_recorded_or_removed_answers_on_the_next_request(
    client, site_content, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    # The answer for a missing address is kept under the content version (bots repeat
    # the same addresses): a missing address then costs the version's query alone, and a
    # redirect's edit moves the version on.
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get("/ipps/plan.html").status_code == 404
    with django_assert_num_queries(1):
        assert client.get("/ipps/plan.html").status_code == 404

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        redirect = Redirect.objects.create(
            site=Site.objects.get_current(), old_path="/ipps/plan.html", new_path="/plans-acces/"
        )
    assert client.get("/ipps/plan.html")["Location"] == "/plans-acces/"

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        redirect.delete()
    assert client.get("/ipps/plan.html").status_code == 404


def upload(text, encoding="utf-8"):
    return SimpleUploadedFile("redirections.csv", text.encode(encoding), content_type="text/csv")


@pytest.mark.django_db
def test_csv_import_creates_redirects_and_reports_refused_rows(staff_client, client, site_content):
    Redirect.objects.create(
        site=Site.objects.get_current(), old_path="/ancien/contact.php", new_path="/"
    )
    csv_text = (
        "ancienne adresse;nouvelle adresse\n"
        "https://www.univ-lorraine.fr/ipps/plan.html;/plans-acces/\n"
        "/ancien/contact.php;/contact/\n"
        "/ancien/docs?id=3;https://www.univ-lorraine.fr/documents\n"
        "pas-une-adresse;/contact/\n"
        "/ancien/vide;\n"
        "/ancien/trop;/a;/b\n"
        "/ancien/boucle;/ancien/boucle\n"
        "/ancien/plan.html;//evil.example\n"
        "https://www.univ-lorraine.fr/ipps/plan.html;/contact/\n"
    )
    url = reverse("admin:redirects_redirect_import")
    response = staff_client.post(url, {"csv_file": upload(csv_text)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 redirections créées." in html
    assert "1 redirection mise à jour." in html
    assert "6 lignes refusées." in html
    assert "Ligne 5 : l&#x27;ancienne adresse doit commencer" in html
    assert "Ligne 6 : la nouvelle adresse est vide" in html
    assert "Ligne 7 : deux colonnes attendues" in html
    assert "Ligne 8 : l&#x27;adresse redirige vers elle-même" in html
    assert "Ligne 9 : la nouvelle adresse doit commencer par un seul" in html
    assert "Ligne 10 : ancienne adresse déjà présente" in html
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/ipps/plan.html": "/plans-acces/",
        "/ancien/contact.php": "/contact/",
        "/ancien/docs?id=3": "https://www.univ-lorraine.fr/documents",
    }
    assert client.get("/ipps/plan.html").status_code == 301


@pytest.mark.django_db
def test_csv_import_reads_excel_windows_encoding_and_commas(staff_client, site_content):
    url = reverse("admin:redirects_redirect_import")
    response = staff_client.post(
        url, {"csv_file": upload("/ancien/accès,/plans-acces/\n", "cp1252")}
    )
    assert "1 redirection créée." in response.content.decode()
    assert Redirect.objects.get().old_path == "/ancien/accès"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binaire" * 10, "n&#x27;est pas un fichier texte CSV"),
        (b"/a;/b\n" * 200_000, "Le fichier dépasse 1 Mo"),
    ],
)
def test_csv_import_refuses_bad_files_in_french(staff_client, site_content, content, message):
    url = reverse("admin:redirects_redirect_import")
    file = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = staff_client.post(url, {"csv_file": file})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Redirect.objects.count() == 0


@pytest.mark.django_db
def test_redirect_changelist_offers_the_import(staff_client, site_content):
    html = staff_client.get(reverse("admin:redirects_redirect_changelist")).content.decode()
    assert reverse("admin:redirects_redirect_import") in html
    assert staff_client.get(reverse("admin:redirects_redirect_import")).status_code == 200


@pytest.mark.django_db
def test_sitemap_runs_the_same_number_of_queries_for_few_or_many_objects(
    client, site_content, temporary_kind, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pages.models import ContactMessage

    monkeypatch.setattr(
        ContactMessage, "get_absolute_url", lambda self: f"/messages/{self.pk}/", raising=False
    )
    temporary_kind(
        ContentKind(
            key="messages-test",
            label="Messages de test",
            order=10,
            public_queryset=lambda: ContactMessage.objects.filter(is_handled=True),
            search_fields=("subject",),
            excerpt_field="message",
            lastmod_field="created_at",
        )
    )

    def add_messages(count):
        ContactMessage.objects.bulk_create(
            ContactMessage(
                name="N",
                email="n@exemple.fr",
                subject="S",
                message="M",
                consented_at=timezone.now(),
                is_handled=True,
            )
            for _ in range(count)
        )

    add_messages(2)
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as small:
        response = client.get("/sitemap.xml")
    assert response.content.count(b"<loc>http://testserver/messages/") == 2
    add_messages(60)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/sitemap.xml")
    assert response.content.count(b"<loc>http://testserver/messages/") == 62
    assert len(small) == len(large)


@pytest.mark.django_db
def test_sitemap_lists_the_english_address_of_each_translated_record_at_the_same_cost(
    client, site_content, temporary_kind, monkeypatch
):
    """A record with an English translation gets a second entry, at its English address,
    each entry naming both (and x-default, the French one); one without has French only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from pages.models import ContactMessage

    def address(message):
        english = translation.get_language() == "en"
        return f"/en/messages/{message.pk}/" if english else f"/messages/{message.pk}/"

    # What a Translatable record says: English exists when the English subject does.
    monkeypatch.setattr(ContactMessage, "get_absolute_url", address, raising=False)
    monkeypatch.setattr(
        ContactMessage,
        "has_translation",
        lambda self, language="en": language == "fr" or self.name == "EN",
        raising=False,
    )
    temporary_kind(
        ContentKind(
            key="messages-test",
            label="Messages de test",
            order=10,
            public_queryset=lambda: ContactMessage.objects.filter(is_handled=True),
            search_fields=("subject",),
            excerpt_field="message",
            lastmod_field="created_at",
        )
    )

    def add_messages(count, name):
        ContactMessage.objects.bulk_create(
            ContactMessage(
                name=name,
                email="n@exemple.fr",
                subject="S",
                message="M",
                consented_at=timezone.now(),
                is_handled=True,
            )
            for _ in range(count)
        )

    def entries(response):
        tree = ElementTree.fromstring(response.content)
        found = {}
        for url in tree.findall("s:url", SITEMAP_NS):
            loc = url.find("s:loc", SITEMAP_NS).text
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("{http://www.w3.org/1999/xhtml}link")
            }
            found[loc] = alternates
        return found

    add_messages(1, "EN")
    add_messages(1, "FR")
    english, french = ContactMessage.objects.order_by("name")
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as small:
        found = entries(client.get("/sitemap.xml"))
    server = "http://testserver"
    both = {
        "fr": f"{server}/messages/{english.pk}/",
        "en": f"{server}/en/messages/{english.pk}/",
        "x-default": f"{server}/messages/{english.pk}/",
    }
    assert found[f"{server}/messages/{english.pk}/"] == both
    assert found[f"{server}/en/messages/{english.pk}/"] == both
    french_only = {
        "fr": f"{server}/messages/{french.pk}/",
        "x-default": f"{server}/messages/{french.pk}/",
    }
    assert found[f"{server}/messages/{french.pk}/"] == french_only
    assert f"{server}/en/messages/{french.pk}/" not in found
    # The layout's pages exist in both languages.
    assert found[f"{server}/en/programme/"]["fr"] == f"{server}/formation/"
    assert found[f"{server}/formation/"]["en"] == f"{server}/en/programme/"

    add_messages(30, "EN")
    add_messages(30, "FR")
    with CaptureQueriesContext(connection) as large:
        found = entries(client.get("/sitemap.xml"))
    assert sum("/messages/" in loc for loc in found) == 2 * 31 + 31
    assert len(small) == len(large)
