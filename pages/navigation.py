"""The site's navigation, defined once: labels and URL names, in the original site's order."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str | None = None
    # URL namespaces whose pages belong to this entry (a news item is under « Actualités »).
    namespaces: tuple[str, ...] = ()
    children: tuple["NavEntry", ...] = field(default=())


NAVIGATION = (
    NavEntry(_("Accueil"), "home"),
    NavEntry(_("Présentation et contenu de la formation"), "programme:presentation"),
    NavEntry(
        _("Vie de la formation"),
        children=(
            NavEntry(_("Actualités"), "news:list", namespaces=("news",)),
            NavEntry(_("Anciens étudiants"), "alumni:directory", namespaces=("alumni",)),
        ),
    ),
    NavEntry(_("Plans d'accès"), "pages:access_map"),
    NavEntry(_("Plan du site"), "site_map"),
    NavEntry(_("Documents utiles"), "documents:list", namespaces=("documents",)),
)


@dataclass
class NavLink:
    label: str
    url: str | None
    current: str | None  # "page" on the page itself, "true" inside its section, else None
    children: list["NavLink"]


def build_navigation(resolver_match, entries=NAVIGATION):
    """The navigation for one request, with the current entry marked (no queries)."""
    view_name = resolver_match.view_name if resolver_match else None
    namespace = resolver_match.namespace if resolver_match else None
    links = []
    for entry in entries:
        children = build_navigation(resolver_match, entry.children)
        url = None
        if entry.url_name:
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                # An app whose pages are not wired yet: leave its entry out rather than fail.
                continue
        elif not children:
            continue
        if entry.url_name and view_name == entry.url_name:
            current = "page"
        elif (namespace and namespace in entry.namespaces) or any(
            child.current for child in children
        ):
            current = "true"
        else:
            current = None
        links.append(NavLink(str(entry.label), url, current, children))
    return links


FOOTER = (
    # On every page, for applicants from abroad (the main menu holds one line at 1280 px).
    NavEntry(_("Candidats internationaux"), "programme:international"),
    NavEntry(_("Contact"), "pages:contact"),
    NavEntry(_("Mentions légales"), "pages:legal_notice"),
    NavEntry(_("Accessibilité"), "pages:accessibility"),
    NavEntry(_("Données personnelles"), "pages:privacy"),
    NavEntry(_("Plan du site"), "site_map"),
)
