"""Work on documents that spans records and files: demo content, the site map links."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from documents.models import Category, Document
from documents.pdf_builder import build_pdf

DEMO_SLUG_PREFIX = "demo-"
DEMO_CATEGORIES = [
    ("Candidature", "candidature"),
    ("Scolarité", "scolarite"),
    ("Stage", "stage"),
    ("Mémoire", "memoire"),
]


def document_categories_links():
    """(name, anchor URL) of each category that has public documents, in list order."""
    list_url = reverse("documents:list")
    categories = (
        Category.objects.filter(documents__in=Document.objects.public())
        .distinct()
        .order_by("order", "name")
    )
    return [(category.name, f"{list_url}#{category.slug}") for category in categories]


def demo_documents_create(count):
    """Create `count` published demo documents (small valid PDFs) marked as demo."""
    categories = list(Category.objects.order_by("order", "name"))
    if not categories:
        categories = [
            Category.objects.create(name=name, slug=slug, order=position)
            for position, (name, slug) in enumerate(DEMO_CATEGORIES, start=1)
        ]
    start = Document.objects.filter(is_demo=True).count()
    now = timezone.now()
    with transaction.atomic():
        for number in range(start + 1, start + count + 1):
            title = f"Document de démonstration {number}"
            document = Document(
                title=title,
                slug=f"{DEMO_SLUG_PREFIX}document-{number}",
                description="Document d'exemple créé pour les essais de charge.",
                category=categories[number % len(categories)],
                order=number,
                status=PublicationStatus.PUBLISHED,
                published_at=now,
                is_featured=number <= 3,
                is_demo=True,
            )
            pdf = build_pdf(title, title=title, language="fr-FR", tagged=True)
            document.file = ContentFile(pdf, name=f"document-demo-{number}.pdf")
            document.save()
    return count
