from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.breadcrumbs import BreadcrumbsMixin, Crumb
from core.fragments import (
    DeferredQuerySet,
    StoredCountMixin,
    StoredObjectMixin,
    cached_fragment,
    deferred,
    deferred_entries,
)
from core.models import SiteIdentity
from core.publication import PublishableDetailMixin, visible_or_404
from core.translation import JSON_LD_LANGUAGES, SOURCE_LANGUAGE, active_language
from news.ics import event_calendar
from news.models import Category, NewsItem

NEWS_PER_PAGE = 10
UPCOMING_ON_LIST = 3
FIRST_YEAR, LAST_YEAR = 1990, 2999


class NewsItemListView(StoredCountMixin, BreadcrumbsMixin, ListView):
    """/actualites/: published items, newest first, filtered by category and year.

    Unknown filter values answer 404 (a dead link), a known year without items shows an
    empty list; a bad or out-of-range ?page= answers 404 (ListView's own rule). In English
    (/en/news/) only the items that have an English version.
    """

    paginate_by = NEWS_PER_PAGE
    allow_empty = True

    def _selected_category(self):
        slug = self.request.GET.get("categorie")
        if not slug:
            return None
        for category in self.categories:
            if category.slug == slug:
                return category
        raise Http404(_("Catégorie inconnue."))

    def _selected_year(self):
        value = self.request.GET.get("annee")
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise Http404(_("Année invalide."))
        year = int(value)
        # Far-off years would overflow the date arithmetic of the year lookup.
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404(_("Année invalide."))
        return year

    def get_queryset(self):
        # Filters are read here, the first step of ListView.get(), so bad values 404 early.
        # Read once per content version (core/fragments.py), as is the number of items.
        self.categories = cached_fragment(
            self.request, "news-categories", (), lambda: list(Category.objects.all())
        )
        self.category = self._selected_category()
        self.year = self._selected_year()
        return DeferredQuerySet(NewsItem, self._items)

    def _items(self):
        queryset = NewsItem.objects.published().in_language().for_list().newest_first()
        if self.category:
            queryset = queryset.filter(category=self.category)
        if self.year:
            queryset = queryset.filter(published_at__year=self.year)
        return queryset

    def get_breadcrumbs(self):
        return [Crumb(_("Actualités"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_unfiltered = not (self.category or self.year) and context["page_obj"].number == 1
        context.update(
            categories=self.categories,
            selected_category=self.category,
            selected_year=self.year,
            # Read only when the page's stored pieces (core/fragments.py) are not enough.
            years=deferred(self._years),
            is_filtered=bool(self.category or self.year),
            upcoming_events=deferred(lambda: self._upcoming_events(first_unfiltered)),
        )
        return context

    @staticmethod
    def _years():
        years = (
            NewsItem.objects.published()
            .in_language()
            .datetimes("published_at", "year", order="DESC")
        )
        return [moment.year for moment in years]

    @staticmethod
    def _upcoming_events(first_unfiltered):
        # Events to come are announced above the first page of the unfiltered list.
        if not first_unfiltered:
            return []
        events = NewsItem.objects.in_language().for_list().upcoming_events()
        return list(events[:UPCOMING_ON_LIST])


class NewsItemDetailView(StoredObjectMixin, PublishableDetailMixin, BreadcrumbsMixin, DetailView):
    """/actualites/<slug>/: one item; staff also see drafts and scheduled items (preview).
    /en/news/<slug_en>/: the same item in English, 404 while it has no English version."""

    model = NewsItem

    def get_queryset(self):
        return super().get_queryset().in_language().for_list()

    def get_slug_field(self):
        return "slug" if active_language() == SOURCE_LANGUAGE else "slug_en"

    def get_breadcrumbs(self):
        return [Crumb(_("Actualités"), reverse("news:list")), Crumb(self.object.localized.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        # Read only when the page's stored pieces (core/fragments.py) are not enough.
        context.update(
            deferred_entries(lambda: self._neighbours(item), ("previous_item", "next_item")),
            is_upcoming=item.is_upcoming(),
            json_ld=deferred(lambda: news_article_json_ld(item, self.request)),
        )
        return context

    @staticmethod
    def _neighbours(item):
        previous_item = next_item = None
        if item.is_published():
            published = (
                NewsItem.objects.published()
                .in_language()
                .only("title", "title_en", "slug", "slug_en", "published_at")
            )
            moment, pk = item.published_at, item.pk
            previous_item = (
                published.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))
                .order_by("-published_at", "-pk")
                .first()
            )
            next_item = (
                published.filter(Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk))
                .order_by("published_at", "pk")
                .first()
            )
        return {"previous_item": previous_item, "next_item": next_item}


@require_safe
def event_ics(request, slug):
    """The event as an .ics file to add to a calendar (same visibility as its page), in the
    page's language: English summary and place where given, the French text otherwise."""
    item = visible_or_404(request, NewsItem.objects.events().with_slug(slug))
    domain = get_current_site(request).domain
    body = event_calendar(
        item, request.build_absolute_uri(item.get_absolute_url()), domain, timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.slug_in(active_language())}.ics"'
    )
    return response


def news_article_json_ld(item, request):
    """schema.org `NewsArticle` of one item (for search engines), in the page's language."""
    identity = SiteIdentity.load()
    publisher = identity.university_name if identity else "Université de Lorraine"
    text = item.localized
    url = request.build_absolute_uri(item.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title[:110],
        "description": text.summary,
        "inLanguage": JSON_LD_LANGUAGES[active_language()],
        "url": url,
        "mainEntityOfPage": url,
        "articleSection": item.category.localized.name,
        "dateModified": item.updated_at.isoformat(),
        "publisher": {"@type": "Organization", "name": publisher},
        "author": {"@type": "Organization", "name": "Master IPPS"},
    }
    if item.published_at:
        data["datePublished"] = item.published_at.isoformat()
    if item.image_id and item.image.file:
        data["image"] = [request.build_absolute_uri(item.image.file.url)]
    return data
