"""What the news app gives the rest of the site through the registry: its public
content kind, its content models, demo data and its lines in the admin."""

from django.utils.translation import gettext_lazy as _

from backoffice.admin_site import NEWS, place_in_admin
from core.registry import (
    ALL_MODELS,
    ContentApp,
    ContentKind,
    register_content_app,
    register_content_kind,
    register_demo_content,
)
from news.demo import generate_news
from news.models import Category, NewsItem


def category_site_map_links():
    """« Plan du site » links: one per category, to the filtered list (one query)."""
    return [
        (category.localized.name, category.get_absolute_url())
        for category in Category.objects.all()
    ]


def register():
    place_in_admin(
        NEWS,
        {"news.newsitem": 10, "news.category": 20},
        app_labels=("news",),
    )
    register_content_app(ContentApp("news", programme_manager_edits=ALL_MODELS))
    register_content_kind(
        ContentKind(
            key="news",
            label=_("Actualités"),
            order=20,
            public_queryset=lambda: NewsItem.objects.published().for_list(),
            search_fields=("title", "summary", "body"),
            search_vector_field="search_document",
            many_records=True,
            excerpt_field="summary",
            lastmod_field="updated_at",
            sitemap_priority=0.6,
            site_map_links=category_site_map_links,
        )
    )
    register_demo_content("news", generate_news)
