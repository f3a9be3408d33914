from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from core.fragments import deferred
from core.models import SiteIdentity
from pages.navigation import FOOTER, build_navigation


def site_layout(request):
    """What base.html needs on every page: the identity (cached, and read only when a piece
    of the page is not stored: core/fragments.py) and the navigation."""
    resolver_match = getattr(request, "resolver_match", None)
    navigation, footer_links, accessibility_url = _layout_links(
        resolver_match.view_name if resolver_match else None,
        resolver_match.namespace if resolver_match else None,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_language(),
    )
    return {
        "identity": deferred(SiteIdentity.load),
        "navigation": navigation,
        "footer_links": footer_links,
        "accessibility_url": accessibility_url,
    }


@lru_cache(maxsize=256)
def _layout_links(view_name, namespace, script_prefix, urlconf, language):
    """The menus depend only on the URLconf, the script prefix, the current page's view
    and the language (labels and addresses): built once per view and language in each
    process (a dozen reverse() calls a request otherwise). Read-only."""
    resolver_match = _Match(view_name, namespace) if view_name or namespace else None
    try:
        accessibility_url = reverse("pages:accessibility")
    except NoReverseMatch:
        accessibility_url = None
    return (
        build_navigation(resolver_match),
        build_navigation(resolver_match, FOOTER),
        accessibility_url,
    )


class _Match:
    """What build_navigation reads of a ResolverMatch."""

    def __init__(self, view_name, namespace):
        self.view_name = view_name
        self.namespace = namespace
