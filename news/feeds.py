from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from news.models import NewsItem

FEED_LENGTH = 20


class LatestNewsFeed(Feed):
    """RSS 2.0: the latest published news items.

    Feed readers render an item's description, and most its title, as HTML once they have
    decoded the XML: plain text is therefore HTML-escaped here, then XML-escaped by the
    feed writer, so that « <script> » typed in a title reaches the reader as text.

    One feed per language: /actualites/flux.xml in French, /en/news/feed.xml with the items
    that have an English version, in English (its <language> is the active one).
    """

    title = _("Master IPPS — actualités")
    description = _(
        "Actualités du master Ingénierie des Politiques Publiques et Sociales (IPPS), "
        "UFR Sciences Humaines & Arts, Metz, Université de Lorraine."
    )

    def link(self):
        return reverse("news:list")

    def items(self):
        return NewsItem.objects.published().in_language().for_list().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return escape(item.localized.title)

    def item_description(self, item):
        return escape(item.localized.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.localized.name]
