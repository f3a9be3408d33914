"""Marking the language of a piece of content shown on a page of another language.

An English page shows a field's French text when its English version is empty
(core/translation.py): that text must say it is French, for screen readers to read it with
French pronunciation and for WCAG 3.1.2 (language of parts).
"""

from django import template
from django.utils.html import format_html

from core.translation import active_language

register = template.Library()


@register.simple_tag
def lang_of(record, field_name):
    """` lang="fr"` when the value of `record.localized.<field_name>` is not in the page's
    language, else nothing: `<p{% lang_of item "summary" %}>`."""
    language = getattr(record.localized.language_of, field_name)
    if language == active_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def localized_text(record, field_name):
    """`record.localized.<field_name>`, escaped, inside `<span lang="fr">` when it is not in
    the page's language: for a few words within a sentence of the page's language."""
    value = getattr(record.localized, field_name)
    language = getattr(record.localized.language_of, field_name)
    if language == active_language():
        return format_html("{}", value)
    return format_html('<span lang="{}">{}</span>', language, value)
