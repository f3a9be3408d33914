"""Where each content app declares its public content, so that the pages composing all
apps (search, sitemaps, demo data for benchmarks) need no import of their own per app.

Apps register in their `AppConfig.ready()`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

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
    # Name of a `programme.search_document.SearchDocumentField` of the model holding its
    # search_fields' text already analysed (PostgreSQL): search then reads an indexed column
    # instead of analysing every row's text at each query. Kept filled by programme.search.
    search_vector_field: str | None = None


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


# --- Admin: the home page's « À traiter » panel and the « Calendrier » -------------------


@dataclass(frozen=True)
class AdminAttention:
    """One line of the admin home's « À traiter » panel, e.g. « Messages à traiter : 3 »."""

    key: str
    label: str  # what needs doing, in words staff use, e.g. « Messages de contact à traiter »
    count: Callable[[], int]  # how many records need it now, in one query
    url: Callable[[], str]  # the admin page listing exactly those records (filtered changelist)
    order: int = 50  # position in the panel: work to do first (< 50), information last (> 50)
    # Shown only to staff holding this permission (e.g. "alumni.change_submission"): the
    # line is work for those who can do it, and no one is sent to a list they may not
    # open. Empty: every staff member.
    permission: str = ""


@dataclass(frozen=True)
class ScheduleEvent:
    """Something that will change on the public site by itself at a given time."""

    at: datetime  # aware datetime (or a date for day-long events, such as an expiry day)
    kind: str  # « Publication », « Expiration », « Ouverture »… (shown as is)
    label: str  # what appears or expires, e.g. the news item's title
    category: str  # where it belongs, e.g. « Actualités »
    admin_url: str = ""  # where staff change it
    public_url: str = ""  # where the public will see it, if anywhere


_admin_attention: dict[str, AdminAttention] = {}
_schedules: dict[str, Callable[[datetime, datetime], Iterable[ScheduleEvent]]] = {}


def register_admin_attention(
    key: str,
    label: str,
    count_callable: Callable[[], int],
    url_callable: Callable[[], str],
    order: int = 50,
    permission: str = "",
) -> None:
    """Add a line to the admin home's « À traiter » panel (shown when the count is not 0)."""
    _admin_attention[key] = AdminAttention(
        key, label, count_callable, url_callable, order, permission
    )


def admin_attention_items() -> list[AdminAttention]:
    return sorted(_admin_attention.values(), key=lambda item: item.order)


def register_schedule(
    key: str, events_callable: Callable[[datetime, datetime], Iterable[ScheduleEvent]]
) -> None:
    """`events_callable(start, end)` yields the `ScheduleEvent`s due between the two times."""
    _schedules[key] = events_callable


def schedules() -> dict[str, Callable[[datetime, datetime], Iterable[ScheduleEvent]]]:
    return dict(_schedules)
