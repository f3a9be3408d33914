"""sitemap.xml: the layout's fixed pages, then every public object of each registered kind,
in both languages: each page's French address, and its English one when the page exists in
English, each entry naming the other as its `xhtml:link rel="alternate" hreflang` (Django's
i18n sitemaps: every address is reversed under its language)."""

from django.contrib import sitemaps
from django.db.models import Max
from django.urls import NoReverseMatch, reverse

from core.registry import content_kinds
from core.translation import SOURCE_LANGUAGE
from pages.models import PAGE_URL_NAMES
from pages.navigation import FOOTER, NAVIGATION

# Covered by the « pages » kind, with their modification dates.
_KIND_URL_NAMES = {f"pages:{name}" for name in PAGE_URL_NAMES.values()}


class RequestHostSitemap(sitemaps.Sitemap):
    """Absolute URLs on the host the crawler asked for, not on the `Site` record's domain,
    one entry per language the page exists in, French the default (x-default)."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, domain):
        self.domain = domain

    def get_domain(self, site=None):
        return self.domain


def layout_url_names(entries=NAVIGATION + FOOTER):
    for entry in entries:
        if entry.url_name:
            yield entry.url_name
        yield from layout_url_names(entry.children)


class LayoutSitemap(RequestHostSitemap):
    """The pages the navigation and the footer link to: they exist in every language (the
    records' own pages, which may not, are the kinds' sitemaps)."""

    changefreq = "weekly"

    def items(self):
        names = []
        for name in layout_url_names():
            if name in _KIND_URL_NAMES or name in names:
                continue
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.append(name)
        return names

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.6

    def lastmod(self, item):
        """For a page made of a kind's records (/formation/), its latest modification."""
        dates = [
            kind.public_queryset().aggregate(latest=Max(kind.lastmod_field))["latest"]
            for kind in content_kinds()
            if kind.extra.get("sitemap_page") == item and kind.lastmod_field
        ]
        dates = [date for date in dates if date is not None]
        return max(dates) if dates else None


class ContentKindSitemap(RequestHostSitemap):
    def __init__(self, domain, kind):
        super().__init__(domain)
        self.kind = kind
        self.priority = kind.sitemap_priority

    def items(self):
        return self.kind.public_queryset()

    def get_languages_for_item(self, obj):
        """French, and the other languages the record has a translation in (a record of a
        kind not translated yet exists in French only)."""
        has_translation = getattr(obj, "has_translation", None)
        return [
            code
            for code in self._languages()
            if code == SOURCE_LANGUAGE or (has_translation is not None and has_translation(code))
        ]

    def lastmod(self, obj):
        return getattr(obj, self.kind.lastmod_field) if self.kind.lastmod_field else None


def site_sitemaps(domain):
    """The sitemaps of the whole site for a request on `domain`."""
    sections = {"pages-du-site": LayoutSitemap(domain)}
    for kind in content_kinds():
        # A kind may keep its records out of sitemap.xml (alumni's personal entries), or
        # stand for one page it is shown on (sections: anchors of /formation/, which
        # crawlers would drop as fragments; the page carries their latest date instead).
        # A search-only kind (the fiche, semesters…) is a part of a page listed elsewhere.
        if kind.search_only:
            continue
        if kind.extra.get("in_sitemap", True) and not kind.extra.get("sitemap_page"):
            sections[kind.key] = ContentKindSitemap(domain, kind)
    return sections
