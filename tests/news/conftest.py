"""Builders for news tests: published by default, everything overridable."""

import io
from datetime import timedelta
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from core.models import Image
from core.publication import PublicationStatus
from news.models import Category, NewsItem
from tests.browser.conftest import assert_accessible, axe  # noqa: F401  (axe fixtures, shared)

_numbers = count(1)


@pytest.fixture
def category(db):
    category, _ = Category.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )
    return category


@pytest.fixture
def make_item(db, category):
    def make(**fields):
        number = next(_numbers)
        fields.setdefault("title", f"Actualité numéro {number}")
        fields.setdefault("summary", f"Le chapô de l'actualité {number}.")
        fields.setdefault("body", "<p>Le texte complet.</p>")
        fields.setdefault("category", category)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        if fields["status"] == PublicationStatus.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=number))
        return NewsItem.objects.create(**fields)

    return make


def bulk_items(category, how_many, **fields):
    """`how_many` published items in one query, for query-count comparisons."""
    now = timezone.now()
    NewsItem.objects.bulk_create(
        NewsItem(
            title=f"Actualité en nombre {number}",
            slug=f"en-nombre-{number}",
            summary="Un chapô.",
            body="<p>Texte.</p>",
            category=category,
            status=PublicationStatus.PUBLISHED,
            published_at=now - timedelta(minutes=number + 1),
            **fields,
        )
        for number in range(how_many)
    )


def jpeg_upload(name="photo.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (30, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def make_image(db):
    def make(alt_text="Étudiants du master devant l'UFR"):
        return Image.objects.create(file=jpeg_upload(), alt_text=alt_text)

    return make


@pytest.fixture
def clock(monkeypatch):
    """An injected clock: `clock.set(moment)` makes every `timezone.now()` return it."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()
