import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from news.models import NewsItem

register = template.Library()

HOME_LATEST_COUNT = 3
HOME_UPCOMING_COUNT = 3

# The characters that could close the <script> element or open a comment, as in
# django.utils.html.json_script (which cannot set the ld+json type).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("news/home_block.html")
def home_news(now=None):
    """Home page block: the latest items (pinned first) and upcoming events, two queries."""
    now = now or timezone.now()
    published = NewsItem.objects.published(now).for_list()
    latest = published.order_by("-is_pinned", "-published_at", "-pk")[:HOME_LATEST_COUNT]
    upcoming = NewsItem.objects.for_list().upcoming_events(now)[:HOME_UPCOMING_COUNT]
    return {"latest_items": list(latest), "upcoming_events": list(upcoming)}


@register.filter
def json_ld(data):
    """`<script type="application/ld+json">` holding `data`, safe to inline in HTML."""
    serialized = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(serialized.translate(_JSON_SCRIPT_ESCAPES)),
    )
