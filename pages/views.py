"""Site pages: the fixed pages, contact, the site map, sitemap.xml, robots.txt,
security.txt and search."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, timedelta
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from core.breadcrumbs import Crumb, trail
from core.fragments import cached_fragment, deferred_entries
from core.models import SiteIdentity
from core.registry import content_kinds
from core.search import MAX_QUERY_LENGTH, query_terms, search
from core.translation import SOURCE_LANGUAGE, active_language
from pages.forms import ContactForm
from pages.models import Page, PageSlug
from pages.navigation import FOOTER, NAVIGATION
from pages.services import contact_message_submit
from pages.sitemaps import site_sitemaps

# The UFR's buildings on the Île du Saulcy, for the OpenStreetMap links (no embedded map:
# it would load third-party content without consent).
CAMPUS_LATITUDE = "49.12049"
CAMPUS_LONGITUDE = "6.16445"
CAMPUS_ZOOM = 17


def openstreetmap_links(identity):
    """Plain links opening the campus in OpenStreetMap: its position, and a route to it."""
    marker = (
        f"https://www.openstreetmap.org/?mlat={CAMPUS_LATITUDE}&mlon={CAMPUS_LONGITUDE}"
        f"#map={CAMPUS_ZOOM}/{CAMPUS_LATITUDE}/{CAMPUS_LONGITUDE}"
    )
    route = (
        f"https://www.openstreetmap.org/directions?route=%3B{CAMPUS_LATITUDE}%2C{CAMPUS_LONGITUDE}"
    )
    address = ", ".join(identity.ufr_address_lines) if identity else "Île du Saulcy, Metz"
    search = f"https://www.openstreetmap.org/search?query={quote(address)}"
    return {"marker": marker, "route": route, "search": search}


def standalone_page_view(slug):
    """A view showing the fixed page `slug`; the URLconf names one per page."""

    @require_safe
    def view(request):
        # The same for every visitor until the content version moves (core/fragments.py);
        # in English, only once the page has its English version (else 404).
        page = cached_fragment(
            request,
            "page",
            (slug,),
            lambda: get_object_or_404(
                Page.objects.in_language().select_related("map_image"), slug=slug
            ),
        )
        context = {
            "page": page,
            # `object`: the language switcher links to the page in the other language.
            "object": page,
            "breadcrumbs": trail(Crumb(page.localized.title)),
            "checked_objects": [page],
        }
        if page.is_legal and active_language() != SOURCE_LANGUAGE:
            # The translation says which text is the legal reference, and links to it.
            with translation.override(SOURCE_LANGUAGE):
                context["reference_url"] = page.get_absolute_url()
        if slug == PageSlug.ACCESS_MAP:
            context["map_links"] = openstreetmap_links(SiteIdentity.load())
        return render(request, "pages/page_detail.html", context)

    view.__name__ = f"standalone_page_{slug.replace('-', '_')}"
    return view


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    sent = request.GET.get("envoye") == "1"
    if request.method == "POST":
        form = ContactForm(request, data=request.POST)
        if form.is_valid():
            contact_message_submit(form)
            # Post/redirect/get: reloading the confirmation does not send the message again.
            return redirect(f"{reverse('pages:contact')}?envoye=1")
    else:
        form = ContactForm(request)
    context = {
        "form": form,
        "sent": sent and request.method != "POST",
        "breadcrumbs": trail(Crumb(_("Contact"))),
    }
    return render(request, "pages/contact.html", context)


# --- Site map, sitemap.xml, robots.txt and search ---


@require_safe
def site_map(request):
    """« Plan du site »: the navigation's tree, then what each kind of content lists
    (read only when the page's stored piece is not enough: core/fragments.py)."""
    context = deferred_entries(
        _site_map_content, ("site_map_entries", "site_map_footer", "site_map_groups")
    )
    context["breadcrumbs"] = trail(Crumb(_("Plan du site")))
    return render(request, "pages/site_map.html", context)


def _site_map_content():
    groups = []
    nested = {}
    for kind in content_kinds():
        if kind.site_map_links is None or kind.search_only:
            continue
        links = [SiteMapLink(str(label), url) for label, url in kind.site_map_links()]
        if not links:
            continue
        parent = kind.extra.get("site_map_parent") or _parent_entry(links)
        if parent:
            nested.setdefault(parent, []).extend(links)
        else:
            groups.append((kind.label, links))
    return {
        "site_map_entries": _site_map_entries(NAVIGATION, nested),
        # The footer's links, less those the navigation already lists (« Plan du site »).
        "site_map_footer": _site_map_entries(
            [entry for entry in FOOTER if entry.url_name not in _url_names(NAVIGATION)], nested
        ),
        "site_map_groups": groups,
    }


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
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell about a vulnerability."""
    contacts = settings.SECURITY_CONTACT
    if not contacts:
        identity = SiteIdentity.load()
        contacts = [identity.contact_email] if identity and identity.contact_email else []
    if not contacts:
        # A security.txt without a contact is invalid: better none than a wrong one.
        raise Http404
    expires = timezone.now() + timedelta(days=settings.SECURITY_TXT_EXPIRES_DAYS)
    lines = [
        *(f"Contact: {contact if ':' in contact else 'mailto:' + contact}" for contact in contacts),
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
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
