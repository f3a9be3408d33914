"""Demo documents for performance measurements (`generate_demo_content --documents N`)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.publication import PublicationStatus
from documents.models import Category, Document
from documents.pdf_builder import build_pdf

DEMO_SLUG_PREFIX = "demo-"
DEMO_CATEGORIES = [
    ("Candidature", "Applying", "candidature"),
    ("Scolarité", "Studies", "scolarite"),
    ("Stage", "Internship", "stage"),
    ("Mémoire", "Dissertation", "memoire"),
]


def generate_documents(count):
    """Create `count` published demo documents (small valid PDFs), every other one with an
    English title and description; return them."""
    categories = list(Category.objects.order_by("order", "name"))
    if not categories:
        categories = [
            Category.objects.create(name=name, name_en=name_en, slug=slug, order=position)
            for position, (name, name_en, slug) in enumerate(DEMO_CATEGORIES, start=1)
        ]
    # Numbered after the demo documents already there (their slugs say so).
    start = Document.objects.filter(slug__startswith=f"{DEMO_SLUG_PREFIX}document-").count()
    now = timezone.now()
    documents = []
    with transaction.atomic():
        for number in range(start + 1, start + count + 1):
            title = f"Document de démonstration {number}"
            document = Document(
                title=title,
                slug=f"{DEMO_SLUG_PREFIX}document-{number}",
                description="Document d'exemple créé pour les essais de charge.",
                title_en=f"Demo document {number}" if number % 2 else "",
                description_en="Sample document made for load tests." if number % 2 else "",
                category=categories[number % len(categories)],
                order=number,
                status=PublicationStatus.PUBLISHED,
                published_at=now,
                is_featured=number <= 3,
            )
            pdf = build_pdf(title, title=title, language="fr-FR", tagged=True)
            document.file = ContentFile(pdf, name=f"document-demo-{number}.pdf")
            document.save()
            documents.append(document)
    return documents
