"""Where each content app declares its public content, so that the pages composing all
apps (search, sitemaps, demo data for benchmarks) need no import of their own per app.

Apps register in their `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet


@dataclass(frozen=True)
class ContentKind:
    """One kind of public content (news items, documents…) as search and sitemaps see it."""

    key: str  # short identifier, e.g. "news"
    label: str  # heading of its group in search results, e.g. « Actualités »
    order: int  # position of the group in search results and sitemaps
    # Records the public may see, and only them (starts from `.published()`),
    # with what `get_absolute_url()` and the excerpt need already selected.
    public_queryset: Callable[[], QuerySet]
    # Text fields searched, most important first; the first one is the result's title.
    search_fields: tuple[str, ...]
    # Field whose text (HTML stripped) gives the result's excerpt.
    excerpt_field: str
    # Field holding the last modification time, for sitemap.xml.
    lastmod_field: str | None = "updated_at"
    sitemap_priority: float = 0.5
    # Links listed under this kind on the human site map (« Plan du site »), e.g. the
    # categories of news: a callable returning [(label, url), …] in a fixed number of queries.
    site_map_links: Callable[[], list[tuple[str, str]]] | None = None
    extra: dict = field(default_factory=dict)


_content_kinds: dict[str, ContentKind] = {}
_demo_generators: dict[str, Callable[[int], int]] = {}


def register_content_kind(kind: ContentKind) -> None:
    _content_kinds[kind.key] = kind


def content_kinds() -> list[ContentKind]:
    return sorted(_content_kinds.values(), key=lambda kind: kind.order)


def register_demo_content(key: str, generator: Callable[[int], int]) -> None:
    """`generator(count)` creates `count` demo records marked as demo; returns how many."""
    _demo_generators[key] = generator


def demo_generators() -> dict[str, Callable[[int], int]]:
    return dict(_demo_generators)
