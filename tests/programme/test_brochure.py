"""/formation/plaquette.pdf: the brochure's content, its accessibility, its cache, its link,
and the French 503 page when WeasyPrint cannot load."""

import datetime
import io

import pytest
from pypdf import PdfReader

from core.formatting import human_size
from core.models import Image, SiteIdentity
from core.pdf import inspect_pdf
from core.publication import PublicationStatus
from programme import brochure
from programme.models import AdmissionPhase, ContactRole, Programme, ProgrammeContact, Section
from tests.html import links, parse_html, text_of
from tests.programme.conftest import image_bytes, make_semester, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

URL = "/formation/plaquette.pdf"


@pytest.fixture
def brochure_content(site_content, settings):
    """A fiche formation with a curriculum, an admission calendar and contacts."""
    # The public page cache would answer repeated requests before the view: these tests are
    # about the brochure's own cache.
    settings.PAGE_CACHE_SECONDS = 0
    make_semester(
        "Semestre 1",
        units=[("UE 1", "Méthodes d'enquête", 12, 20, 30), ("UE 2", "Droit social", 18, 24, 6)],
    )
    make_semester("Semestre 2", units=[("UE 3", "Stage professionnel", 30, 0, 10)], order=1)
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        opens_on=datetime.date(2026, 2, 25),
        closes_on=datetime.date(2026, 3, 24),
    )
    ProgrammeContact.objects.create(
        programme=Programme.load(),
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        email="secretariat-ipps@example.org",
    )


@pytest.fixture
def renders(monkeypatch, pdf_renderer):
    """The HTML of every PDF actually rendered: the real renderer runs, the calls are noted."""
    calls = []
    render = brochure.html_to_pdf

    def counted_render(html, **options):
        calls.append(html)
        return render(html, **options)

    monkeypatch.setattr(brochure, "html_to_pdf", counted_render)
    return calls


@pytest.fixture
def without_weasyprint(monkeypatch):
    """This server as if Pango were missing: loading WeasyPrint fails as cffi would."""
    from core import pdf

    def missing_library():
        raise OSError("cannot load library 'libpango-1.0-0': not found")

    monkeypatch.setattr(pdf, "load_weasyprint", missing_library)
    monkeypatch.setattr(pdf, "pdf_renderer_available", lambda: False)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_count(content):
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.mark.usefixtures("brochure_content", "pdf_renderer")
class TestTheBrochure:
    def test_it_is_an_inline_pdf_with_a_sensible_file_name_and_cache_control(self, client):
        response = client.get(URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="plaquette-master-ipps.pdf"'
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "must-revalidate"} <= cache_control
        assert response["ETag"]
        assert response.content.startswith(b"%PDF-")

    def test_it_answers_get_and_head_only(self, client):
        assert client.head(URL).status_code == 200
        assert client.post(URL).status_code == 405

    def test_it_shows_the_fiche_the_curriculum_the_calendar_and_the_contacts(self, client):
        text = pdf_text(client.get(URL).content)
        assert Programme.load().name in text
        assert "UFR Sciences Humaines & Arts" in text and "Université de Lorraine" in text
        assert "Niveau 7" in text or "niveau 7" in text  # a key fact of the fiche (its level)
        assert "Méthodes d'enquête" in text and "Stage professionnel" in text
        assert "Au total : 60 crédits ECTS et 90 heures d'enseignement." in text
        assert "25 février 2026" in text and "24 mars 2026" in text
        assert "Secrétariat du master" in text and "secretariat-ipps@example.org" in text
        assert "Document généré le" in text
        assert "http://testserver/formation/" in text

    def test_it_takes_one_to_four_pages(self, client):
        assert 1 <= page_count(client.get(URL).content) <= 4

    def test_a_full_curriculum_still_fits_in_four_pages(self, client):
        for number in range(3, 5):
            make_semester(
                f"Semestre {number}",
                order=number,
                units=[(f"UE {number}.{unit}", f"Unité {unit}", 5, 20, 10) for unit in range(6)],
            )
        assert 1 <= page_count(client.get(URL).content) <= 4

    def test_it_passes_the_documents_accessibility_check(self, client):
        report = inspect_pdf(client.get(URL).content)
        assert report.is_tagged
        assert Programme.load().name in report.title
        assert report.language == "fr"
        assert report.is_accessible_enough and report.advice() == []

    def test_it_shows_published_semesters_only_even_to_staff(self, staff_client):
        make_semester("Semestre en préparation", status=PublicationStatus.DRAFT, order=5)
        text = pdf_text(staff_client.get(URL).content)
        assert "Semestre 1" in text
        assert "Semestre en préparation" not in text

    def test_it_carries_the_site_logo_read_from_the_storage(self, client):
        identity = SiteIdentity.objects.get()
        identity.ufr_logo = Image.objects.create(
            file=upload("logo.png", image_bytes(image_format="PNG"), "image/png"),
            alt_text="UFR Sciences Humaines & Arts",
        )
        identity.save()
        reader = PdfReader(io.BytesIO(client.get(URL).content))
        assert len(reader.pages[0].images) == 1

    def test_without_a_fiche_formation_there_is_no_brochure(self, client):
        Programme.objects.all().delete()
        assert client.get(URL).status_code == 404


@pytest.mark.usefixtures("brochure_content")
class TestTheCache:
    def test_a_second_request_does_not_render_the_pdf_again(self, client, renders):
        first = client.get(URL).content
        second = client.get(URL).content
        assert len(renders) == 1
        assert second == first

    def test_a_change_to_the_fiche_renders_it_again(self, client, renders):
        client.get(URL)
        programme = Programme.load()
        programme.name = "Master IPPS — nouvel intitulé"
        programme.save()
        text = pdf_text(client.get(URL).content)
        assert len(renders) == 2
        assert "Master IPPS — nouvel intitulé" in text

    def test_a_new_admission_phase_renders_it_again(
        self, client, renders, django_capture_on_commit_callbacks
    ):
        client.get(URL)
        # Committed as in the admin, so that the phases' own cache is emptied.
        with django_capture_on_commit_callbacks(execute=True):
            AdmissionPhase.objects.create(
                track="m2",
                label="Dossier",
                opens_on=datetime.date(2026, 4, 1),
                closes_on=datetime.date(2026, 5, 15),
            )
        assert "15 mai 2026" in pdf_text(client.get(URL).content)
        assert len(renders) == 2

    def test_a_change_elsewhere_on_the_site_keeps_the_cached_pdf(self, client, renders):
        client.get(URL)
        section = Section.objects.first()
        section.title = "Un autre titre de partie"
        section.save()
        client.get(URL)
        assert len(renders) == 1


@pytest.mark.usefixtures("brochure_content", "pdf_renderer")
class TestTheLinkOnThePresentation:
    def test_the_presentation_renders_no_pdf_and_links_to_it_with_its_format(self, client, renders):
        tree = parse_html(client.get("/formation/"))
        link = next(link for link in tree.iter("a") if link.get("href") == URL)
        assert text_of(link) == "Télécharger la plaquette (PDF)"
        assert renders == []  # the page does not wait for a PDF

    def test_the_presentation_links_to_the_brochure_with_its_format_and_size(self, client):
        size = human_size(len(client.get(URL).content))
        tree = parse_html(client.get("/formation/"))
        link = next(link for link in tree.iter("a") if link.get("href") == URL)
        assert text_of(link) == f"Télécharger la plaquette (PDF, {size})"
        assert link.get("type") == "application/pdf"


@pytest.mark.usefixtures("brochure_content", "without_weasyprint")
class TestWithoutWeasyPrint:
    def test_the_brochure_answers_a_french_503_page(self, client):
        response = client.get(URL)
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        tree = parse_html(response)
        assert text_of(tree.find(".//h1")) == "Plaquette momentanément indisponible"
        assert "/formation/" in links(tree.find(".//main"))

    def test_the_presentation_still_works_without_the_link(self, client):
        response = client.get("/formation/")
        assert response.status_code == 200
        assert URL not in links(parse_html(response))
