from django import template
from django.urls import reverse
from django.utils import timezone

from news.models import NewsItem

register = template.Library()

HOME_LATEST_COUNT = 3
HOME_UPCOMING_COUNT = 3


@register.inclusion_tag("news/home_block.html")
def home_news(now=None, hints=False):
    """Home page block: the latest items (pinned first) and upcoming events, two queries;
    on the English home page, those that have an English version.

    `hints` (staff): an empty half shows a link to write a news item or an event instead.
    """
    now = now or timezone.now()
    published = NewsItem.objects.published(now).in_language().for_list()
    latest = published.order_by("-is_pinned", "-published_at", "-pk")[:HOME_LATEST_COUNT]
    upcoming = NewsItem.objects.in_language().for_list().upcoming_events(now)
    upcoming = upcoming[:HOME_UPCOMING_COUNT]
    return {
        "latest_items": list(latest),
        "upcoming_events": list(upcoming),
        "hint_url": reverse("admin:news_newsitem_add") if hints else "",
    }
