from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Actualités")

    def ready(self):
        from news.models import NewsItem
        from news.services import category_site_map_links, news_generate_demo
        from programme.registry import ContentKind, register_content_kind, register_demo_content

        register_content_kind(
            ContentKind(
                key="news",
                label=_("Actualités"),
                order=20,
                public_queryset=lambda: NewsItem.objects.published().for_list(),
                search_fields=("title", "summary", "body"),
                search_vector_field="search_document",
                excerpt_field="summary",
                lastmod_field="updated_at",
                sitemap_priority=0.6,
                site_map_links=category_site_map_links,
            )
        )
        register_demo_content("news", news_generate_demo)
