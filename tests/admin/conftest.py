"""Builders for the admin's tests: staff accounts in their real groups, a real image,
and one record of each kind the admin home and the calendar talk about."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from alumni.models import Submission
from core import registry
from core.models import Image
from core.publication import PublicationStatus
from documents.models import Category as DocumentCategory
from documents.models import Document
from documents.pdf_builder import build_pdf
from news.models import Category as NewsCategory
from news.models import NewsItem
from pages.models import ContactMessage
from programme.models import AdmissionPhase, AdmissionTrack

_numbers = itertools.count(1)


def png_upload(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def image(db):
    picture = Image(file=png_upload(), alt_text="Soutenance des mémoires 2025")
    picture.save()
    return picture


@pytest.fixture
def isolated_admin_registry():
    """Hooks registered by a test are removed afterwards; the apps' own ones stay."""
    attention, schedules = dict(registry._admin_attention), dict(registry._schedules)
    yield
    registry._admin_attention.clear()
    registry._admin_attention.update(attention)
    registry._schedules.clear()
    registry._schedules.update(schedules)


def make_submission(**fields):
    """A pending alumni update request, as the public form stores it."""
    number = next(_numbers)
    values = {
        "first_name": "Camille",
        "last_name": f"Martin{number}",
        "email": f"camille{number}@exemple.fr",
        "cohort": 2021,
        "position": "Chargée de mission insertion",
        "employer": "Conseil départemental de la Moselle",
        "city": "Metz",
        "consents_to_name": True,
    }
    return Submission.objects.create(**{**values, **fields})


def make_contact_message(**fields):
    number = next(_numbers)
    values = {
        "name": f"Lou Bernard {number}",
        "email": f"lou{number}@exemple.fr",
        "subject": f"Question sur la candidature {number}",
        "message": "Bonjour, quand ouvre la phase de candidature en M2 ?",
        "consented_at": timezone.now(),
    }
    return ContactMessage.objects.create(**{**values, **fields})


def pdf_file(text):
    return ContentFile(
        build_pdf(text, title=text, language="fr-FR", tagged=True), name="fichier.pdf"
    )


def make_document(title="Calendrier universitaire", **fields):
    """A published PDF document (pass `valid_until`, `status`… to change it)."""
    category, _created = DocumentCategory.objects.get_or_create(
        slug="scolarite", defaults={"name": "Scolarité", "order": 10}
    )
    fields.setdefault("status", PublicationStatus.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    document = Document(title=title, category=category, **fields)
    document.file = pdf_file(title)
    document.save()
    return document


def make_news(title="Journée portes ouvertes", **fields):
    category, _created = NewsCategory.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )
    fields.setdefault("category", category)
    fields.setdefault("summary", "Le master ouvre ses portes aux futurs étudiants.")
    fields.setdefault("body", "<p>Rendez-vous à l'UFR SHA, île du Saulcy.</p>")
    fields.setdefault("status", PublicationStatus.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    return NewsItem.objects.create(title=title, **fields)


def make_phase(opens_on, closes_on, label="Phase principale", track=AdmissionTrack.M2):
    return AdmissionPhase.objects.create(
        track=track, label=label, opens_on=opens_on, closes_on=closes_on
    )


# The public pages of the login flow (reset, lockout) are checked with the site's axe rules.
from tests.browser.conftest import assert_accessible, axe  # noqa: E402, F401
