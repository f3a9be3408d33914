"""Hooks of the site pages (fixed pages, contact) into search, sitemaps and SQLite."""

from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from programme.registry import ContentKind, register_content_kind


def standalone_pages():
    from programme.models import Page

    return Page.objects.all()


PAGES_KIND = ContentKind(
    key="pages",
    label=_("Informations pratiques"),
    order=90,
    public_queryset=standalone_pages,
    search_fields=("title", "summary", "body", "directions"),
    excerpt_field="body",
    lastmod_field="updated_at",
    sitemap_priority=0.3,
)


def ready():
    """Called from `ProgrammeConfig.ready()`."""
    from programme.search import register_sqlite_fold

    register_content_kind(PAGES_KIND)
    connection_created.connect(register_sqlite_fold, dispatch_uid="programme.search.fold")
