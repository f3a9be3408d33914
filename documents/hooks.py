"""What the documents app gives the rest of the site through the registry: its public
content kind, its content models, demo data and its lines in the admin."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.admin_site import DOCUMENTS, place_in_admin
from core.registry import (
    ContentApp,
    ContentKind,
    register_admin_attention,
    register_content_app,
    register_content_kind,
    register_demo_content,
    register_schedule,
)
from documents import schedule
from documents.demo import generate_documents
from documents.models import Category, Document


def document_categories_links():
    """(name, anchor URL) of each category that has public documents, in list order."""
    list_url = reverse("documents:list")
    categories = (
        Category.objects.filter(documents__in=Document.objects.public().in_language())
        .distinct()
        .order_by("order", "name")
    )
    return [(category.localized.name, f"{list_url}#{category.slug}") for category in categories]


def register():
    place_in_admin(
        DOCUMENTS,
        {"documents.document": 10, "documents.category": 20},
        app_labels=("documents",),
    )
    register_content_app(ContentApp("documents"))
    register_content_kind(
        ContentKind(
            key="documents",
            label=_("Documents utiles"),
            order=30,
            public_queryset=lambda: Document.objects.public().select_related("category"),
            search_fields=("title", "description", "pdf_text"),
            search_vector_field="search_document",
            many_records=True,
            excerpt_field="description",
            lastmod_field="file_updated_at",
            sitemap_priority=0.6,
            site_map_links=document_categories_links,
        )
    )
    register_demo_content("documents", generate_documents)
    register_admin_attention(
        "documents-qui-expirent",
        _("Documents qui expirent dans les 30 jours"),
        schedule.expiring_document_count,
        schedule.expiring_documents_url,
        order=30,
        permission="documents.change_document",
    )
    register_admin_attention(
        "pdf-non-accessibles",
        _("PDF non accessibles sans version accessible (RGAA 13.3)"),
        schedule.inaccessible_pdf_count,
        schedule.inaccessible_pdfs_url,
        order=76,
        permission="documents.change_document",
    )
    register_schedule("documents-expiration", schedule.document_expiry_events)
