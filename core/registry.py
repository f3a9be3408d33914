"""Where each app declares what it gives the rest of the site, so that nothing keeps a
hand-written list of apps or models: its public content (search, sitemaps, demo data), which
of its models are content (the page cache's version, the staff roles, the backups), the
cached objects derived from them, and its lines in the admin's « À traiter » and calendar.

Apps register from their `hooks.py`, called by their `AppConfig.ready()`.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
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
    # Name of a `core.search_document.SearchDocumentField` of the model holding its
    # search_fields' text already analysed (PostgreSQL): search then reads an indexed column
    # instead of analysing every row's text at each query. Kept filled by core.search.
    search_vector_field: str | None = None
    # Found by search only: records that are a part of a page published by something else
    # (the fiche, semesters, teaching units and admission phases of the current year, all
    # shown on /formation/). Such a kind is kept out of sitemap.xml and the site map, and
    # out of the publishable-kind contract suite (tests/contract), whose promises are about
    # records published one by one; its visibility is tested with the search.
    search_only: bool = False
    # Records counted in thousands (news, alumni, documents): on PostgreSQL, search ranks
    # only the newest `core.search.RANKED_CANDIDATES` matches of a word found in many of them.
    # Left off for kinds of a few dozen records, where the cap's subquery costs more to
    # build than the ranking it saves.
    many_records: bool = False
    # Address of a search hit when it is not `obj.get_absolute_url()`: a callable
    # (obj, terms) -> URL, without queries (e.g. the anchor of the part of the fiche where
    # the words are).
    result_url: Callable[[object, list[str]], str] | None = None


@dataclass(frozen=True)
class ContentApp:
    """An app whose models are the site's content, managed by the secretariat.

    Every model of the app counts, so a model added later cannot be forgotten: it moves the
    content version when written, the staff roles get its permissions, backups keep it.
    """

    label: str
    # Models of Django's own apps that this app manages as content ("redirects.redirect").
    extra_models: tuple[str, ...] = ()
    # Records that visitors send and no public page shows (contact messages, submissions):
    # writing one does not move the content version, so no visitor can empty the page cache.
    private_models: tuple[str, ...] = ()
    # Models (lower-case names) the academic lead may add and change; ALL_MODELS for all.
    # They may view every content model and delete none.
    programme_manager_edits: tuple[str, ...] = ()


ALL_MODELS = ("*",)

_content_apps: dict[str, ContentApp] = {}
_derived_cache_keys: set[str] = set()
_content_kinds: dict[str, ContentKind] = {}
_demo_generators: dict[str, Callable[[int], list]] = {}


def register_content_kind(kind: ContentKind) -> None:
    _content_kinds[kind.key] = kind


def content_kinds() -> list[ContentKind]:
    return sorted(_content_kinds.values(), key=lambda kind: kind.order)


def register_content_app(content_app: ContentApp) -> None:
    _content_apps[content_app.label] = content_app
    _content_model_labels.cache_clear()


def content_apps() -> list[ContentApp]:
    return list(_content_apps.values())


@functools.cache
def _content_model_labels() -> tuple[frozenset[str], frozenset[str]]:
    """(labels of every content model, labels of the private ones), as "app.model"."""
    content, private = set(), set()
    for content_app in _content_apps.values():
        for model in apps.get_app_config(content_app.label).get_models():
            content.add(model._meta.label_lower)
        content.update(content_app.extra_models)
        private.update(f"{content_app.label}.{name}" for name in content_app.private_models)
    return frozenset(content), frozenset(private)


def is_content_model(model) -> bool:
    """Whether writing a record of `model` can change what the public sees."""
    content, private = _content_model_labels()
    label = model._meta.label_lower
    return label in content and label not in private


def content_model_labels() -> frozenset[str]:
    """Every content model, private ones included, as "app.model"."""
    return _content_model_labels()[0]


def register_derived_cache_key(key: str) -> None:
    """A cache key holding an object derived from content, e.g. the site identity: each
    process drops it as soon as it sees the content version move."""
    _derived_cache_keys.add(key)


def derived_cache_keys() -> frozenset[str]:
    return frozenset(_derived_cache_keys)


def register_demo_content(key: str, generator: Callable[[int], list]) -> None:
    """`generator(count)` creates `count` demo records and returns them (model instances).

    Production models carry no demo mark: operations' `generate_demo_content` runs the
    generator and keeps the list of what it created (operations.DemoRecord).
    """
    _demo_generators[key] = generator


def demo_generators() -> dict[str, Callable[[int], list]]:
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
    # The count and the url take the staff member (`count(user)`, `url(user)`): for a line
    # that sums records of several kinds, each counted only for who may change it.
    per_user: bool = False


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
    per_user: bool = False,
) -> None:
    """Add a line to the admin home's « À traiter » panel (shown when the count is not 0)."""
    _admin_attention[key] = AdminAttention(
        key, label, count_callable, url_callable, order, permission, per_user
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


# --- Changes the site makes by itself at a given time ------------------------------------


@dataclass(frozen=True)
class DueWork:
    """Something that must be written when its time comes (a change approved for a later
    date), run by the first request after that time, as scheduled publications appear."""

    key: str
    next_at: Callable[[], datetime | None]  # when the next one is due, in one query
    run: Callable[[], None]  # do what is due now; logs its own failures, never raises
    # Models whose writes move `next_at` (the time is noted again, the content version and
    # so the page cache stay as they are: nothing public has changed yet).
    models: tuple[str, ...] = ()


_due_work: dict[str, DueWork] = {}


def register_due_work(work: DueWork) -> None:
    _due_work[work.key] = work


def due_work() -> list[DueWork]:
    return list(_due_work.values())
