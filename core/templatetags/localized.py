"""`lang` attributes for content shown in another language than the page's.

`{% load localized %}` then `<p{{ record|fallback_lang:"pitch" }}>{{ record.localized.pitch }}</p>`:
on an English page, a field whose English twin is empty shows its French text
(core/translation.py), and the element holding it says so with ` lang="fr"`, for screen
readers and translation tools. Nothing is written when the text is in the page's language.
"""

from django import template
from django.utils.html import format_html

from core.translation import active_language

register = template.Library()


@register.filter
def fallback_lang(record, field_name):
    """` lang="fr"` when `record`'s `field_name` is shown in French on an English page."""
    if record is None or not hasattr(record, "localized"):
        return ""
    language = getattr(record.localized.language_of, field_name)
    if language == active_language():
        return ""
    return format_html(' lang="{}"', language)
