"""The contract every publishable kind of content keeps, whatever its app.

The kinds come from the registry (`core.registry.content_kinds()`): every kind whose records
are `core.publication.Publishable` is tested, so a kind added later is tested too. What the
suite cannot guess about a kind (a file to upload, what the site map lists for it) is in
`KIND_CONTRACTS`; a publishable kind missing from it fails every test, saying so.

Records are written through the real admin pages by a member of the « Secrétariat » group
(staff, not superuser), and read back as a visitor (a client without a session) would.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import NOT_PROVIDED
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from core.publication import PublicationStatus, Publishable
from core.registry import ContentKind, content_kinds
from core.translation import english_name
from documents.pdf_builder import build_pdf
from tests.contract.html import AdminForm
from tests.html import element_by_id, errors_in, links, parse_html, text_of
from tests.languages import url_in

DRAFT_BANNER = "Brouillon"
SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class KindContract:
    """What the contract suite needs to know about a kind and cannot find out itself."""

    # Form values no generic filling can invent (a file to upload…), made afresh per form.
    form_extras: Callable[[dict], dict] = lambda data: {}
    # Links the published record adds to the site map (« Plan du site »): the record
    # itself, its category… Empty when the kind lists nothing that depends on its records.
    site_map_links: Callable[[object], set[str]] = lambda obj: set()


def pdf_upload(form_data):
    title = form_data.get("title") or "Document"
    content = build_pdf(title, title=title, language="fr-FR", tagged=True)
    return SimpleUploadedFile("document.pdf", content, content_type="application/pdf")


KIND_CONTRACTS = {
    # One page, /formation/, shows every section: each published top-level part is listed.
    "sections": KindContract(site_map_links=lambda obj: {obj.get_absolute_url()}),
    # The site map lists the news categories, present with or without items.
    "news": KindContract(),
    # A category is listed once it holds a public document.
    "documents": KindContract(
        form_extras=lambda data: {"file": pdf_upload(data)},
        site_map_links=lambda obj: {obj.category.get_absolute_url()},
    ),
}


def kind_model(kind: ContentKind):
    return kind.public_queryset().model


def publishable_kinds():
    """Every registered kind whose records are drafts, scheduled or published.

    Search-only kinds (`ContentKind.search_only`: semesters are parts of /formation/,
    published with their year) are left out: they have no page, no sitemap entry and no
    site map link of their own; tests/pages/test_search_programme.py tests what search
    shows of them, drafts included.
    """
    return [
        kind
        for kind in content_kinds()
        if issubclass(kind_model(kind), Publishable) and not kind.search_only
    ]


def pytest_generate_tests(metafunc):
    if "kind" in metafunc.fixturenames:
        kinds = publishable_kinds()
        metafunc.parametrize("kind", kinds, ids=[kind.key for kind in kinds])


@pytest.fixture
def contract(kind):
    if kind.key not in KIND_CONTRACTS:
        pytest.fail(
            f"Le type de contenu publiable « {kind.key} » ({kind_model(kind).__name__}) n'a "
            "pas d'entrée dans KIND_CONTRACTS (tests/contract/conftest.py) : dites ce que "
            "le formulaire ne peut pas deviner et ce que le plan du site liste pour lui."
        )
    return KIND_CONTRACTS[kind.key]


class Clock:
    """The site's clock (`django.utils.timezone.now`), moved by the test, never slept on."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def move_to(self, moment):
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _model_requires(model, name):
    """Whether the model field behind form field `name` must be filled (rich-text editors
    drop the `required` attribute from their hidden textarea)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return (
        getattr(model_field, "editable", False)
        and not model_field.blank
        and model_field.default is NOT_PROVIDED
    )


def _filler(form, name, text):
    """A value for a required field the kind's contract leaves to the suite."""
    kind = form.kinds.get(name)
    today = timezone.localdate()
    if kind == "select":
        return next((value for value in form.options[name] if value), "")
    if kind == "number":
        return "1"
    if kind == "date":
        return formats.localize_input(today)
    if kind == "time":
        return "12:00:00"
    if kind in {"text", "textarea", "email", "url"}:
        return text
    return None


class Editor:
    """A secretariat member working in the admin, as the pages let them."""

    def __init__(self, client, user, kind, contract):
        self.client, self.user, self.kind, self.contract = client, user, kind, contract
        self.model = kind_model(kind)
        self.title_field = kind.search_fields[0]

    def sign_in(self):
        """A new session (after the test moved the clock past the old one's expiry)."""
        self.client.force_login(self.user)

    def publication_data(self, status, published_at):
        data = {"status": status, "published_at_0": "", "published_at_1": ""}
        if published_at is not None:
            local = timezone.localtime(published_at)
            data["published_at_0"] = formats.localize_input(local.date())
            data["published_at_1"] = formats.localize_input(local.time().replace(microsecond=0))
        return data

    def add(self, title, status=PublicationStatus.DRAFT, published_at=None):
        """Fill in the add form (title, what is required, publication) and save it."""
        url = admin_url(self.model, "add")
        page = self.client.get(url)
        assert page.status_code == 200, f"{url} : {page.status_code}"
        form = AdminForm(parse_html(page))
        form.data[self.title_field] = title
        form.fill_prepopulated()
        for name in sorted(form.data.keys() | form.required):
            if form.data.get(name) or "__prefix__" in name:
                continue
            if name in form.required or _model_requires(self.model, name):
                value = _filler(form, name, f"Texte de « {title} ».")
                if value is not None:
                    form.data[name] = value
        form.data.update(self.contract.form_extras(form.data))
        missing = form.empty_required_fields()
        assert not missing, (
            f"Champs obligatoires de « {self.kind.key} » que la suite ne sait pas remplir : "
            f"{missing}. Ajoutez-les à form_extras dans KIND_CONTRACTS."
        )
        form.data.update(self.publication_data(status, published_at))
        self._submit(url, form.data)
        return self.model.objects.get(**{self.title_field: title})

    def change(self, obj, status, published_at=None):
        """Open the record's change form and save it with a new publication state."""
        url = admin_url(self.model, "change", obj.pk)
        page = self.client.get(url)
        assert page.status_code == 200, f"{url} : {page.status_code}"
        form = AdminForm(parse_html(page))
        form.data.update(self.publication_data(status, published_at))
        self._submit(url, form.data)
        obj.refresh_from_db()
        return obj

    def translate(self, obj, english_title):
        """Give the record its English title in its change form (the rest left empty)."""
        url = admin_url(self.model, "change", obj.pk)
        page = self.client.get(url)
        assert page.status_code == 200, f"{url} : {page.status_code}"
        form = AdminForm(parse_html(page))
        form.data[english_name(self.title_field)] = english_title
        self._submit(url, form.data)
        obj.refresh_from_db()
        return obj

    def _submit(self, url, data):
        response = self.client.post(url, {**data, "_save": "Enregistrer"})
        assert response.status_code == 302, (
            f"L'administration a refusé le formulaire de « {self.kind.key} » : "
            f"{errors_in(parse_html(response))}"
        )

    def create_preview_link(self, obj):
        """Press « Créer un lien d'aperçu » on the change form, copy the link it shows."""
        change_url = admin_url(self.model, "change", obj.pk)
        tree = parse_html(self.client.get(change_url))
        buttons = [
            button for button in tree.iter("button") if text_of(button) == "Créer un lien d'aperçu"
        ]
        assert len(buttons) == 1, "Pas de bouton « Créer un lien d'aperçu » sur le formulaire."
        response = self.client.post(buttons[0].get("formaction"))
        assert response.status_code == 302
        tree = parse_html(self.client.get(change_url))
        frame = element_by_id(tree, "apercu-partageable")
        copied = [field.get("value") for field in frame.iter("input") if "readonly" in field.attrib]
        assert len(copied) == 1, "Le cadre « Lien d'aperçu partageable » ne montre pas un lien."
        return copied[0]

    def delete(self, obj):
        url = admin_url(self.model, "delete", obj.pk)
        assert self.client.get(url).status_code == 200  # the confirmation page
        response = self.client.post(url, {"post": "yes"})
        assert response.status_code == 302, errors_in(parse_html(response))

    def recover(self, title):
        """Open « Récupérer les … supprimé(e)s », pick the record, save the form it shows."""
        recover_list = parse_html(self.client.get(admin_url(self.model, "recoverlist")))
        rows = [row for row in recover_list.iter("tr") if title in text_of(row)]
        assert len(rows) == 1, f"« {title} » n'est pas dans la liste des éléments supprimés."
        (recover_url,) = links(rows[0])
        page = self.client.get(recover_url)
        assert page.status_code == 200
        form = AdminForm(parse_html(page))
        self._submit(recover_url, form.data)
        return self.model.objects.get(**{self.title_field: title})


@pytest.fixture
def editor(staff_client, secretariat_user, kind, contract):  # noqa: F811
    assert not secretariat_user.is_superuser
    return Editor(staff_client, secretariat_user, kind, contract)


@dataclass
class Sighting:
    """What a reader got at a record's public address."""

    status_code: int
    is_html: bool
    shown: bool  # the record is on the page (or the file was served)
    marked_as_draft: bool  # a « Brouillon » mark on the record or the page
    cache_control: str


class Reader:
    """Someone reading the public site: a visitor, or staff on the public pages."""

    def __init__(self, client):
        self.client = client

    def look_at(self, obj, url=None):
        """Open the record's public address (or `url`, such as a preview link)."""
        parts = urlsplit(url or obj.get_absolute_url())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # The anchor of the address opened (an English page names the part by its English
        # anchor), else the record's own (a preview link has none).
        anchor = parts.fragment or urlsplit(obj.get_absolute_url()).fragment
        response = self.client.get(path)
        if response.streaming:
            # A file download: read to the end, the test client then closes the file.
            b"".join(response.streaming_content)
        is_html = response.get("Content-Type", "").startswith("text/html")
        cache_control = response.get("Cache-Control", "")
        if response.status_code != 200:
            return Sighting(response.status_code, is_html, False, False, cache_control)
        if not is_html:
            return Sighting(200, False, True, False, cache_control)
        tree = parse_html(response)
        # A record shown on a page of several (a section of /formation/) is its anchor.
        scope = element_by_id(tree, anchor) if anchor else tree
        shown = scope is not None
        marked = shown and any(
            (element.text or "").strip().startswith(DRAFT_BANNER) for element in scope.iter()
        )
        return Sighting(200, True, shown, marked, cache_control)

    def sees(self, obj):
        return self.look_at(obj).shown

    def search_results(self, words, language="fr"):
        response = self.client.get(url_in(language, "search"), {"q": words})
        assert response.status_code == 200
        return links(parse_html(response).find(".//main"))

    def site_map_links(self):
        response = self.client.get(reverse("site_map"))
        assert response.status_code == 200
        return links(parse_html(response).find(".//main"))

    def sitemap_xml(self):
        """{location (without the host): lastmod or None} of /sitemap.xml."""
        response = self.client.get(reverse("sitemap"))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        entries = {}
        for url in root.iter(f"{SITEMAP_NAMESPACE}url"):
            lastmod = url.find(f"{SITEMAP_NAMESPACE}lastmod")
            location = urlsplit(url.find(f"{SITEMAP_NAMESPACE}loc").text)
            path = location._replace(scheme="", netloc="").geturl()
            entries[path] = lastmod.text if lastmod is not None else None
        return entries


@pytest.fixture
def visitor(db):
    return Reader(Client())


@pytest.fixture
def staff_reader(editor):
    return Reader(editor.client)


def in_sitemap(reader, kind, obj):
    """Whether sitemap.xml tells crawlers about `obj` (as its kind declares itself there)."""
    entries = reader.sitemap_xml()
    page = kind.extra.get("sitemap_page")
    if page:
        # The kind stands for one page: the record counts in that page's date.
        lastmod = entries.get(reverse(page))
        record_date = timezone.localdate(getattr(obj, kind.lastmod_field)).isoformat()
        return lastmod == record_date
    return obj.get_absolute_url() in entries


def later(**delta):
    """A moment ahead, in whole seconds (what the admin's date and time fields can say)."""
    return (timezone.now() + timedelta(**delta)).replace(microsecond=0)
