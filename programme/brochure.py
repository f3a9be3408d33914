"""The brochure (« plaquette ») as a PDF, rendered again only when what it shows changes.

The cache is keyed on the brochure's own HTML, rendered without its generation date: any
change to what it shows (the fiche, the curriculum, the admission calendar, the contacts,
the site identity, a scheduled semester that comes out, the template itself) gives another
fingerprint, while a change elsewhere on the site (a news item) leaves the PDF as it is.
No list of models to keep up to date when the fiche gains fields. Rendering that HTML
costs a few queries; rendering the PDF costs a hundred times more, and happens once per
version.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.pdf import html_to_pdf

TEMPLATE_NAME = "programme/brochure.html"
# One key per language holding (fingerprint, PDF): a new version replaces the old one
# instead of leaving it in the cache, and the French and English brochures do not push each
# other out. Long-lived: the fingerprint, not the expiry, decides when to render again.
CACHE_KEY = "programme:brochure"
CACHE_SECONDS = 7 * 24 * 3600


def _cache_key():
    return f"{CACHE_KEY}:{get_language()}"


def cached_brochure_size():
    """The size in bytes of the last brochure rendered, or None before the first one."""
    cached = cache.get(_cache_key())
    return len(cached[1]) if cached is not None else None


def brochure_pdf(context, *, base_url, files=None):
    """The brochure's PDF for `context`, from the cache when its content has not changed.

    Raises `core.pdf.PdfRendererUnavailable` when the PDF cannot be rendered on this server.
    """
    source = render_to_string(TEMPLATE_NAME, {**context, "generated_at": None})
    fingerprint = hashlib.sha256(source.encode()).hexdigest()
    cached = cache.get(_cache_key())
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    html = render_to_string(TEMPLATE_NAME, {**context, "generated_at": timezone.now()})
    pdf = html_to_pdf(html, base_url=base_url, files=files)
    cache.set(_cache_key(), (fingerprint, pdf), CACHE_SECONDS)
    return pdf
