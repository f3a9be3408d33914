"""Addresses in a given language, whatever language the last request left active."""

from django.urls import reverse
from django.utils import translation


def url_in(language, name, **kwargs):
    """`reverse(name, kwargs=kwargs)` in `language` (« /en/… » for English)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def address_in(language, record):
    """`record.get_absolute_url()` in `language`."""
    with translation.override(language):
        return record.get_absolute_url()
