from django.urls import NoReverseMatch, reverse

from config.navigation import FOOTER, build_navigation
from programme.models import SiteIdentity


def site_layout(request):
    """What base.html needs on every page: the identity (cached) and the navigation."""
    resolver_match = getattr(request, "resolver_match", None)
    try:
        accessibility_url = reverse("programme:accessibility")
    except NoReverseMatch:
        accessibility_url = None
    return {
        "identity": SiteIdentity.load(),
        "navigation": build_navigation(resolver_match),
        "footer_links": build_navigation(resolver_match, FOOTER),
        "accessibility_url": accessibility_url,
    }
