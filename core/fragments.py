"""Rendered pieces of public pages kept in the cache under the content version.

Most of a public page depends only on the published content: the header, menu and footer,
the home page's blocks, a list's page, a news item. Rendering them again on every request
is what made a page cost several times a bare Django template; a piece is rendered once per
content version instead. The version moves on after every committed change to content
(operations.content_version), and it is part of every key, so the next request after an
edit, on any worker or server, renders afresh: nothing is ever deleted, old keys expire.

core imports no app: the request carries the version, put there (one query) by the
middleware that owns it (config.middleware.PublicPageCacheMiddleware). Without it, as in a
view rendered by hand, every piece is rendered.
"""

import functools
import hashlib
import logging
import re
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404
from django.template import engines
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from core.preview import PREVIEW_PARAMETER

_MISSING = object()
logger = logging.getLogger(__name__)


def _cache():
    return caches[settings.FRAGMENT_CACHE_ALIAS]


def version_of(request):
    """The content version this request was served under, or None (no caching)."""
    if request is None or not settings.FRAGMENT_CACHE_SECONDS:
        return None
    version = getattr(request, "content_version", None)
    return None if version is None else str(version)


def is_public_view(request, context=None):
    """Whether this request sees the page exactly as any visitor does.

    Staff see drafts, pending changes, hints « à compléter »; a shareable preview link
    opens a draft: such renderings are never stored nor served from the shared pieces
    that hold page content (the layout's pieces, the same for everyone, still are)."""
    if getattr(request, "pending_preview_label", None) or PREVIEW_PARAMETER in request.GET:
        return False
    if context is not None and context.get("is_preview"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


@functools.cache
def release():
    """What this process renders with: its templates and its static files' names. A new
    release under the same content version (a deploy, servers sharing a cache server)
    must not serve the pieces an older one rendered, with its markup and asset names."""
    digest = hashlib.md5(usedforsecurity=False)
    for engine in engines.all():
        for folder in getattr(engine, "template_dirs", ()):
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(folder)).encode())
                    digest.update(path.read_bytes())
    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()[:12]


def fragment_key(version, name, parts):
    # The day too: what is open, upcoming or past (admissions, events) turns with the date
    # without any edit; within a day, FRAGMENT_CACHE_SECONDS bounds it as the page cache's
    # lifetime does.
    parts = (release(), timezone.localdate(), *parts)
    digest = hashlib.md5(
        "\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False
    ).hexdigest()
    return f"fragment:{version}:{get_language()}:{name}:{digest}"


def cached_fragment(request, name, parts, render, *, public_only=True, context=None):
    """What `render()` returns, kept under the content version, `name` and `parts`: a
    piece of a page's text, or any value (picklable) that a page reads from the content
    alone, such as the number of records of a list.

    `public_only`: the piece shows page content, so staff and previews get it rendered.
    A cache that fails (server down) only costs the rendering."""
    version = version_of(request)
    if version is None or (public_only and not is_public_view(request, context)):
        return render()
    key = fragment_key(version, name, parts)
    try:
        stored = _cache().get(key, _MISSING)
    except Exception:  # each backend raises its own errors (redis, pymemcache, OSError)
        logger.warning("cache des fragments indisponible", exc_info=True)
        stored = _MISSING
    if stored is not _MISSING:
        return stored
    text = render()
    try:
        _cache().set(key, text, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.warning("cache des fragments indisponible", exc_info=True)
    return text


# Late values: a stored piece that shows one value of the request (the words of a search in
# the page's title) keeps a marker in its place, filled in on every request. Characters of
# Unicode's private use area: never in a page's text, and clean_query removes them.
_LATE_START, _LATE_END = "\ue000", "\ue001"
_LATE_MARKER = re.compile(f"{_LATE_START}([a-z_]+){_LATE_END}")
_rendering_piece = ContextVar("rendering_piece", default=False)


def late_value(context, name):
    """`context[name]`, escaped, as a piece being rendered for storage must show it: a marker
    that `filled_late_values` replaces with the value of each request; the value itself
    outside any piece."""
    if _rendering_piece.get():
        return f"{_LATE_START}{name}{_LATE_END}"
    return conditional_escape(context.get(name, ""))


def render_piece(render, context):
    """`render()` of a {% fragment %}: the outermost piece of a page fills in its late values
    (pieces inside it keep their markers, as it stores them)."""
    outermost = not _rendering_piece.get()
    token = _rendering_piece.set(True)
    try:
        text = render()
    finally:
        _rendering_piece.reset(token)
    if not outermost or _LATE_START not in text:
        return text
    return _LATE_MARKER.sub(lambda match: late_value(context, match[1]), text)


class deferred:
    """`compute()`, run on first use only, then remembered: a context value that a page's
    stored pieces make useless on most requests costs nothing then (templates call a
    callable they are given; every later use gets the same result).

    A small class rather than functools.cache: views make a dozen of them per request,
    and most are never called."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute):
        self._compute = compute
        self._value = _MISSING

    def __call__(self):
        if self._value is _MISSING:
            self._value = self._compute()
        return self._value


def deferred_entries(compute, names):
    """Context entries computed together by `compute()` (a dict holding each of `names`),
    on the first use of any of them."""
    once = deferred(compute)
    return {name: deferred(lambda name=name: once()[name]) for name in names}


class DeferredQuerySet:
    """A list view's queryset, built on first use only: a page whose list comes from its
    stored pieces, with the stored count, never reads it, and building one (filters,
    joins, ordering) cost more than the rest of the view. Slicing it (the paginator's page)
    stays deferred; anything else builds it and acts on the queryset."""

    __slots__ = ("model", "built")

    def __init__(self, model, build):
        self.model = model  # what ListView names the list after
        self.built = deferred(build)

    def __getitem__(self, key):
        return DeferredQuerySet(self.model, lambda: self.built()[key])

    def __iter__(self):
        return iter(self.built())

    def __len__(self):
        return len(self.built())

    def __bool__(self):
        return bool(self.built())

    def __getattr__(self, name):
        return getattr(self.built(), name)


class StoredCountPaginator(Paginator):
    """A paginator whose count of records is kept as the pieces are (`cached_fragment`):
    a list whose page comes from its stored pieces then runs no COUNT query, while a
    page number past the end is still a 404 (ListView's rule)."""

    def __init__(self, *args, request=None, key=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.key = key

    @functools.cached_property
    def count(self):
        return cached_fragment(self.request, "count", self.key, lambda: Paginator.count.func(self))

    def _check_object_list_is_ordered(self):
        # Django's warning about an unordered list would build a deferred one at once.
        if not isinstance(self.object_list, DeferredQuerySet):
            super()._check_object_list_is_ordered()


class StoredCountMixin:
    """ListView mixin: the count of its records is read once per content version.

    The key is the view and its query string without the page number: what a list shows
    for visitors depends on its filters and the content alone (staff, who may see other
    records, get the count computed, as every piece)."""

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        filters = sorted(
            (name, tuple(values))
            for name, values in self.request.GET.lists()
            if name != self.page_kwarg
        )
        return StoredCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            request=self.request,
            key=(
                f"{type(self).__module__}.{type(self).__qualname__}",
                sorted(self.kwargs.items()),
                *filters,
            ),
            **kwargs,
        )


class StoredObjectMixin:
    """DetailView mixin: the record a visitor gets is read once per content version.

    `get_object()` still decides who sees what (the visibility gate of
    core.publication): staff and preview links always get it run; a visitor's result,
    the same for every visitor until the content moves, is stored as the pieces are. So is
    the absence of a missing or hidden record (a 404 each time, at the cost of the content
    version alone: bots ask for the old site's addresses all day); creating or publishing it
    moves the version on, and the next request finds it."""

    def get_object(self, queryset=None):
        if queryset is not None:
            return super().get_object(queryset)
        label = f"{type(self).__module__}.{type(self).__qualname__}"
        found = cached_fragment(
            self.request, "object", (label, sorted(self.kwargs.items())), self._object_or_absence
        )
        if found == _NO_RECORD:
            raise Http404
        return found

    def _object_or_absence(self):
        try:
            return super().get_object()
        except Http404:
            # A plain value: every cache backend stores it and reads it back equal.
            return _NO_RECORD


_NO_RECORD = "no-record"
