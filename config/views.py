"""Pages that compose several apps: home, health check, site map, search, robots."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.navigation import FOOTER, NAVIGATION
from config.sitemaps import site_sitemaps
from programme.breadcrumbs import Crumb, trail
from programme.models import Programme
from programme.registry import content_kinds
from programme.search import MAX_QUERY_LENGTH, query_terms, search


@require_safe
def home(request):
    return render(request, "home.html", {"programme": Programme.load()})


@never_cache
@require_safe
def health(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("base de données injoignable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# --- Site map, sitemap.xml, robots.txt and search (site pages and discovery) ------------


@require_safe
def site_map(request):
    """« Plan du site »: the navigation's tree, then what each kind of content lists."""
    groups = []
    nested = {}
    for kind in content_kinds():
        if kind.site_map_links is None:
            continue
        links = [SiteMapLink(str(label), url) for label, url in kind.site_map_links()]
        if not links:
            continue
        parent = kind.extra.get("site_map_parent") or _parent_entry(links)
        if parent:
            nested.setdefault(parent, []).extend(links)
        else:
            groups.append((kind.label, links))
    context = {
        "site_map_entries": _site_map_entries(NAVIGATION, nested),
        # The footer's links, less those the navigation already lists (« Plan du site »).
        "site_map_footer": _site_map_entries(
            [entry for entry in FOOTER if entry.url_name not in _url_names(NAVIGATION)], nested
        ),
        "site_map_groups": groups,
        "breadcrumbs": trail(Crumb(_("Plan du site"))),
    }
    return render(request, "pages/site_map.html", context)


@dataclass
class SiteMapLink:
    label: str
    url: str | None
    children: list = dataclass_field(default_factory=list)


def _parent_entry(links):
    """The navigation entry all `links` lead into (« /formation/#… » → the presentation).

    Links are nested under the entry whose address is the longest prefix of each of them;
    when they lead to different entries (or only to the home page) they get a group of
    their own. A kind can choose its entry with `extra={"site_map_parent": url_name}`.
    """
    addresses = {}
    for url_name in _url_names(NAVIGATION) - {None, "home"}:
        try:
            addresses[url_name] = reverse(url_name)
        except NoReverseMatch:
            continue
    parents = set()
    for link in links:
        path = urlsplit(link.url or "").path
        matches = [name for name, address in addresses.items() if path.startswith(address)]
        if not matches:
            return None
        parents.add(max(matches, key=lambda name: len(addresses[name])))
    return parents.pop() if len(parents) == 1 else None


def _url_names(entries):
    names = set()
    for entry in entries:
        names |= {entry.url_name} | _url_names(entry.children)
    return names


def _site_map_entries(entries, nested):
    links = []
    for entry in entries:
        children = _site_map_entries(entry.children, nested)
        url = None
        if entry.url_name:
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            children += nested.get(entry.url_name, [])
        elif not children:
            continue
        links.append(SiteMapLink(str(entry.label), url, children))
    return links


@require_safe
def sitemap_xml(request):
    return sitemap_views.sitemap(request, sitemaps=site_sitemaps(request.get_host()))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def search_view(request):
    raw_query = request.GET.get("q", "")
    query, groups = search(raw_query)
    if not query:
        message = _("Saisissez un ou plusieurs mots à rechercher.")
    elif not query_terms(query):
        message = _("Saisissez des mots d'au moins deux lettres.")
    elif not groups:
        message = _(
            "Aucun résultat pour « %(query)s ». Vérifiez l'orthographe ou essayez un autre mot."
        ) % {"query": query}
    else:
        message = None
    context = {
        "query": query,
        "was_shortened": len(raw_query) > MAX_QUERY_LENGTH,
        "groups": groups,
        "result_count": sum(len(group.results) for group in groups),
        "message": message,
        "breadcrumbs": trail(Crumb(_("Recherche"))),
    }
    return render(request, "pages/search.html", context)
