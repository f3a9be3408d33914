from django.urls import NoReverseMatch, reverse

from core.models import SiteIdentity
from pages.navigation import FOOTER, build_navigation


def site_layout(request):
    """What base.html needs on every page: the identity (cached) and the navigation."""
    resolver_match = getattr(request, "resolver_match", None)
    try:
        accessibility_url = reverse("pages:accessibility")
    except NoReverseMatch:
        accessibility_url = None
    return {
        "identity": SiteIdentity.load(),
        "navigation": build_navigation(resolver_match),
        "footer_links": build_navigation(resolver_match, FOOTER),
        "accessibility_url": accessibility_url,
    }
