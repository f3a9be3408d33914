"""Dates written the French way: « 1er mars 2027 », « 2 mars 2027 ».

`{% load dates %}` then `{{ day|date_fr }}` (default format « j F Y ») or
`{{ moment|date_fr:"l j F Y à H\\hi" }}`: Django's `date` filter, except that the first day
of a month is written « 1er », as French typography wants. On an English page the names
are English and the first day is « 1 » (« 1 March 2027 »).
"""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from core.translation import SOURCE_LANGUAGE, active_language

register = template.Library()


def _first_day_format(format_string):
    """`format_string` with each unescaped `j` (day of the month) replaced by a literal « 1er »."""
    out = []
    characters = iter(format_string)
    for character in characters:
        if character == "\\":
            out.append(character + next(characters, ""))
        elif character == "j":
            out.append(r"1\e\r")
        else:
            out.append(character)
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, format_string="j F Y"):
    """`value|date:format_string`, with « 1er » for the first day of the month."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime.date) and value.day == 1 and active_language() == SOURCE_LANGUAGE:
        format_string = _first_day_format(format_string)
    return date_filter(value, format_string)
